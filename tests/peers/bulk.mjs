// The bulk benchmark's three jobs with HubSpot's Node SDK (@hubspot/api-client),
// against the load mock of `tests/examples/load_mock.rs`; `cargo xtask bench
// --bulk` runs it when `scripts/install-peers.sh` has installed the SDK.
//
//   node tests/peers/bulk.mjs --base URL --size N --prefix target/peers/node
//
// The client is set up as the SDK's README shows: `basePath`, the retries of
// `numberOfApiCallRetries` (429 TEN_SECONDLY_ROLLING and the secondly search
// limit after a wait, 5xx after 200 ms * attempt), Bottleneck's limiter with
// the SDK's DEFAULT_LIMITER_OPTIONS, and SEARCH_LIMITER_OPTIONS for the
// search. The jobs run one request at a time, as the README's examples do.
// What the SDK does not absorb reaches the job, which counts it and goes on:
// a failed create is looked up by email (it may have been applied) and only
// the missing contacts are sent again; a failed page is asked for again.
// Prints one JSON line per job, with the mock's own counts.

import { createRequire } from 'node:module'
import path from 'node:path'

function args() {
    const out = { base: null, size: 10000, prefix: 'target/peers/node' }
    const argv = process.argv.slice(2)
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]]
        if (flag === '--base') out.base = value
        else if (flag === '--size') out.size = Number(value)
        else if (flag === '--prefix') out.prefix = value
        else throw new Error(`unknown flag ${flag}`)
    }
    if (!out.base || !(out.size > 0)) {
        throw new Error('usage: bulk.mjs --base URL [--size N] [--prefix DIR]')
    }
    return out
}

const opts = args()
const require = createRequire(path.resolve(opts.prefix, 'package.json'))
const hubspot = require('@hubspot/api-client')

const settings = {
    accessToken: 'pat-na1-bench',
    basePath: opts.base,
    numberOfApiCallRetries: 3,
}
const client = new hubspot.Client({ ...settings, limiterOptions: hubspot.DEFAULT_LIMITER_OPTIONS })
// The SDK keeps its decorators (limiter, retries) in one service for all
// clients, set by the client made last and applied to the API objects made
// after it: the search client is made when the search job starts, once the
// first client's APIs exist.
let searchClient

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function ledger() {
    const response = await fetch(`${opts.base}/__ledger`)
    return response.json()
}

/// What reached the job: errors, and how many of them were 429s.
function seen(errors, e) {
    errors.all += 1
    if (e?.code === 429) errors.rate_limited += 1
    return e?.code === 429
}

async function job(name, run) {
    const before = await ledger()
    const errors = { all: 0, rate_limited: 0 }
    const started = process.hrtime.bigint()
    const read = await run(errors)
    const wall = Number(process.hrtime.bigint() - started) / 1e9
    const after = await ledger()
    const requests = after.requests - before.requests
    let missing, duplicated
    if (read) {
        const unique = new Set(read)
        missing = opts.size - [...unique].filter((e) => wanted.has(e)).length
        duplicated = read.length - unique.size
    } else {
        missing = opts.size - after.distinct_emails
        duplicated = after.duplicated
    }
    console.log(JSON.stringify({
        client: 'node', job: name, size: opts.size, wall_s: wall, requests, per_s: requests / wall,
        mock_429: after.rate_limited - before.rate_limited, mock_faults: after.faults - before.faults,
        caller_429: errors.rate_limited, caller_errors: errors.all, missing, duplicated,
    }))
}

const emails = Array.from({ length: opts.size }, (_, i) => `c${String(i).padStart(5, '0')}@example.com`)
const wanted = new Set(emails)

/// The emails of `todo` that HubSpot has (a read is safe to send again).
async function lookup(todo, errors) {
    for (;;) {
        try {
            const body = { inputs: todo.map((id) => ({ id })), properties: ['email'], propertiesWithHistory: [], idProperty: 'email' }
            const found = await client.crm.contacts.batchApi.read(body, false)
            return new Set(found.results.map((r) => r.properties.email))
        } catch (e) {
            if (seen(errors, e)) await sleep(1000)
        }
    }
}

async function createAll(errors) {
    for (let i = 0; i < emails.length; i += 100) {
        let todo = emails.slice(i, i + 100)
        while (todo.length > 0) {
            try {
                const inputs = todo.map((email) => ({ properties: { email }, associations: [] }))
                await client.crm.contacts.batchApi.create({ inputs })
                todo = []
            } catch (e) {
                if (seen(errors, e)) {
                    await sleep(1000)
                    continue
                }
                const there = await lookup(todo, errors)
                todo = todo.filter((email) => !there.has(email))
            }
        }
    }
}

async function listAll(errors) {
    const read = []
    let after
    let done = false
    while (!done) {
        try {
            const page = await client.crm.contacts.basicApi.getPage(100, after, ['email'])
            read.push(...page.results.map((r) => r.properties.email))
            after = page.paging?.next?.after
            done = after === undefined
        } catch (e) {
            if (seen(errors, e)) await sleep(1000)
        }
    }
    return read
}

async function searchAll(errors) {
    searchClient = new hubspot.Client({ ...settings, limiterOptions: hubspot.SEARCH_LIMITER_OPTIONS })
    const read = []
    let after = '0'
    let done = false
    while (!done) {
        try {
            const request = { filterGroups: [], sorts: [], properties: ['email'], limit: 100, after }
            const page = await searchClient.crm.contacts.searchApi.doSearch(request)
            read.push(...page.results.map((r) => r.properties.email))
            after = page.paging?.next?.after
            done = after === undefined
        } catch (e) {
            if (seen(errors, e)) await sleep(1000)
        }
    }
    return read
}

await job('create', createAll)
await job('list', listAll)
await job('search', searchAll)
