"""The bulk benchmark's three jobs with HubSpot's Python SDK (hubspot-api-client),
against the load mock of `tests/examples/load_mock.rs`; `cargo xtask bench
--bulk` runs it with the venv's python when `scripts/install-peers.sh` has
installed the SDK.

    target/peers/python/bin/python tests/peers/bulk.py --base URL --size N

The client is set up as the SDK's README shows: `HubSpot(access_token=...)`
with the host of the mock, and a urllib3 `Retry` joining the README's two
examples (up to 5 retries, backoff 0.3, on 429, 500, 502 and 504). urllib3
retries only idempotent methods unless told otherwise, so a failed batch
create, batch read or search (all POST) reaches the job. The SDK has no rate
limiter. The jobs run one request at a time, as the README's examples do.
What the SDK does not absorb reaches the job, which counts it and goes on: a
failed create is looked up by email (it may have been applied) and only the
missing contacts are sent again; a failed page is asked for again, a second
later after a 429. Prints one JSON line per job, with the mock's own counts.
"""

import argparse
import json
import time
import urllib.request

from hubspot import HubSpot
from hubspot.crm.contacts import (
    BatchInputSimplePublicObjectBatchInputForCreate,
    BatchReadInputSimplePublicObjectId,
    PublicObjectSearchRequest,
    SimplePublicObjectId,
    SimplePublicObjectInputForCreate,
)
from urllib3.util.retry import Retry

parser = argparse.ArgumentParser()
parser.add_argument("--base", required=True)
parser.add_argument("--size", type=int, default=10000)
opts = parser.parse_args()

retry = Retry(total=5, backoff_factor=0.3, status_forcelist=(429, 500, 502, 504))
client = HubSpot(access_token="pat-na1-bench", retry=retry, host=opts.base)
contacts = client.crm.contacts

emails = ["c%05d@example.com" % i for i in range(opts.size)]
wanted = set(emails)


def ledger():
    with urllib.request.urlopen(opts.base + "/__ledger") as response:
        return json.load(response)


class Errors:
    def __init__(self):
        self.all = 0
        self.rate_limited = 0

    def seen(self, error):
        """Counts an error that reached the job; True when it is a 429."""
        self.all += 1
        limited = getattr(error, "status", None) == 429
        self.rate_limited += limited
        return limited


def job(name, run):
    before = ledger()
    errors = Errors()
    started = time.perf_counter()
    read = run(errors)
    wall = time.perf_counter() - started
    after = ledger()
    requests = after["requests"] - before["requests"]
    if read is None:
        missing = opts.size - after["distinct_emails"]
        duplicated = after["duplicated"]
    else:
        unique = set(read)
        missing = opts.size - len(unique & wanted)
        duplicated = len(read) - len(unique)
    line = {
        "client": "python", "job": name, "size": opts.size, "wall_s": wall,
        "requests": requests, "per_s": requests / wall,
        "mock_429": after["rate_limited"] - before["rate_limited"],
        "mock_faults": after["faults"] - before["faults"],
        "caller_429": errors.rate_limited, "caller_errors": errors.all,
        "missing": missing, "duplicated": duplicated,
    }
    print(json.dumps(line), flush=True)


def lookup(todo, errors):
    """The emails of `todo` that HubSpot has (a read is safe to send again)."""
    while True:
        try:
            body = BatchReadInputSimplePublicObjectId(
                inputs=[SimplePublicObjectId(id=e) for e in todo],
                properties=["email"], properties_with_history=[], id_property="email",
            )
            found = contacts.batch_api.read(batch_read_input_simple_public_object_id=body)
            return {r.properties["email"] for r in found.results}
        except Exception as e:  # the SDK raises ApiException or urllib3's errors
            if errors.seen(e):
                time.sleep(1)


def create_all(errors):
    for i in range(0, len(emails), 100):
        todo = emails[i:i + 100]
        while todo:
            try:
                body = BatchInputSimplePublicObjectBatchInputForCreate(inputs=[
                    SimplePublicObjectInputForCreate(properties={"email": e}, associations=[])
                    for e in todo
                ])
                contacts.batch_api.create(
                    batch_input_simple_public_object_batch_input_for_create=body)
                todo = []
            except Exception as e:
                if errors.seen(e):
                    time.sleep(1)
                    continue
                there = lookup(todo, errors)
                todo = [e for e in todo if e not in there]
    return None


def list_all(errors):
    read, after, done = [], None, False
    while not done:
        try:
            page = contacts.basic_api.get_page(limit=100, after=after, properties=["email"])
            read.extend(r.properties["email"] for r in page.results)
            after = page.paging.next.after if page.paging and page.paging.next else None
            done = after is None
        except Exception as e:
            if errors.seen(e):
                time.sleep(1)
    return read


def search_all(errors):
    read, after, done = [], "0", False
    while not done:
        try:
            request = PublicObjectSearchRequest(
                filter_groups=[], sorts=[], properties=["email"], limit=100, after=after)
            page = contacts.search_api.do_search(public_object_search_request=request)
            read.extend(r.properties["email"] for r in page.results)
            after = page.paging.next.after if page.paging and page.paging.next else None
            done = after is None
        except Exception as e:
            if errors.seen(e):
                time.sleep(1)
    return read


job("create", create_all)
job("list", list_all)
job("search", search_all)
