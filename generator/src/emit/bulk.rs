//! Bulk methods on request builders for HubSpot's conventions: `stream()`
//! over cursor-paged lists and searches, `send_all()` for batches of any size.

use super::docs::doc_attrs;
use super::{ident, rust_type, Scope};
use crate::common::thousands;
use crate::ir::{Batch, BatchKeys, Cursor, Operation, Output, Paging, Step};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The bulk `impl` block of `op`'s builder (`stream`, `send_all`), if it
/// earns one, in the builders of `module`.
pub fn methods(module: &str, op: &Operation) -> TokenStream {
    let scope = Scope::Builders(module);
    let stream = op.paging.as_ref().map(|p| stream(&scope, p));
    let send_all = op.batch.as_ref().map(|b| send_all(&scope, op, b));
    if stream.is_none() && send_all.is_none() {
        return quote!();
    }
    let name = format_ident!("{}", op.builder);
    quote! {
        impl #name {
            #stream
            #send_all
        }
    }
}

/// `base.a.b` through the fields of `steps`; `true` when the result is an
/// `Option` (some field on the way is).
fn access(base: TokenStream, steps: &[Step]) -> (TokenStream, bool) {
    let mut expr = base;
    let mut optional = false;
    for step in steps {
        let f = ident(&step.field);
        if optional {
            expr = if step.optional {
                quote!(#expr.and_then(|v| v.#f))
            } else {
                quote!(#expr.map(|v| v.#f))
            };
        } else {
            expr = quote!(#expr.#f);
            optional = step.optional;
        }
    }
    (expr, optional)
}

/// A list at `steps`, empty when absent.
pub(crate) fn list(base: TokenStream, steps: &[Step]) -> TokenStream {
    match access(base, steps) {
        (expr, true) => quote!(#expr.unwrap_or_default()),
        (expr, false) => expr,
    }
}

fn stream(scope: &Scope, p: &Paging) -> TokenStream {
    let item = rust_type(scope, &p.item);
    let set_cursor = match &p.cursor {
        Cursor::Query { field } => {
            let f = ident(field);
            quote!(request.#f = Some(cursor);)
        }
        Cursor::Body { field, optional } => {
            let f = ident(field);
            if *optional {
                quote!(request.body.#f = Some(cursor);)
            } else {
                quote!(request.body.#f = cursor;)
            }
        }
    };
    let items = list(quote!(page), &p.results);
    let next = match access(quote!(page), &p.next) {
        (expr, true) => expr,
        (expr, false) => quote!(Some(#expr)),
    };
    let ceiling = match p.ceiling {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let mut doc = String::from(
        "Streams every item of every page, fetching the next page while the items of \
         the current one are read (at most one page ahead; \
         [`prefetch_pages(false)`](crate::runtime::ClientBuilder::prefetch_pages) on the \
         client fetches a page only when the previous one has been read).\n\nThe page \
         size is this request's `limit`; to stop after `n` items, use `take(n)` on the \
         stream. The first error ends the stream.",
    );
    if let Some(n) = p.ceiling {
        let n = thousands(n);
        doc.push_str(&format!(
            "\n\nHubSpot serves at most {n} results of a search: past them the stream \
             ends with [`Error::SearchLimit`](crate::runtime::Error::SearchLimit) rather than \
             stopping silently. Narrow the filters, or sort and split the search, to read more."
        ));
    }
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        #[inline] pub fn stream(self) -> impl futures::Stream<Item = Result<#item, crate::runtime::Error>> + Send + 'static {
            let prefetch = self.client.prefetch_pages();
            crate::runtime::paging::items(self, #ceiling, prefetch, |mut request: Self, cursor: Option<String>| async move {
                if let Some(cursor) = cursor {
                    #set_cursor
                }
                let page = request.send().await?;
                let next = #next;
                Ok(crate::runtime::paging::Page { items: #items, next })
            })
        }
    }
}

fn send_all(scope: &Scope, op: &Operation, b: &Batch) -> TokenStream {
    let item = b
        .item
        .as_ref()
        .map(|t| rust_type(scope, t))
        .unwrap_or(quote!(()));
    let error = b
        .error
        .as_ref()
        .map(|t| rust_type(scope, t))
        .unwrap_or(quote!(()));
    let inputs = ident(&b.inputs);
    let input = rust_type(scope, &b.input);
    let (limit, history_limit) = (b.chunk as usize, b.history_chunk as usize);
    let chunk = match &b.history {
        Some(h) => {
            let f = ident(&h.field);
            let any = if h.optional {
                quote!(self.body.#f.as_ref().is_some_and(|v| !v.is_empty()))
            } else {
                quote!(!self.body.#f.is_empty())
            };
            quote!(if #any { #history_limit } else { #limit })
        }
        None => quote!(#limit),
    };
    let Some(decode) = decode_part(op, b) else {
        return quote!();
    };
    let history = if b.history.is_some() {
        format!(" ({history_limit} when `propertiesWithHistory` is set)")
    } else {
        String::new()
    };
    let retry_safe = op.retry_safe();
    let (fill, answer) = places(&b.keys, &inputs, &decode);
    let told = match (&b.keys.trace, &b.keys.id) {
        (Some(_), _) => " (by `objectWriteTraceId`, set on every input that has none)",
        (None, Some(_)) => " (by record id)",
        (None, None) => " (here HubSpot's answer does not tell: results keep HubSpot's order)",
    };
    let receiver = if b.keys.trace.is_some() {
        quote!(mut self)
    } else {
        quote!(self)
    };
    let safety = if retry_safe {
        "This operation is safe to apply twice: requests that fail after a timeout or a \
         5xx are retried, and their inputs come back in `resend`."
    } else {
        "This operation is not safe to apply twice: inputs of a request that failed after \
         HubSpot may have processed it (a timeout, a 5xx) come back in `uncertain`, not `resend`."
    };
    let doc = format!(
        "Sends any number of inputs: HubSpot takes at most {limit} per request{history}, \
         so they go in as many requests as needed, \
         [`batch_concurrency`](crate::runtime::ClientBuilder::batch_concurrency) at a time \
         within the client's rate limit. Their results and per-item errors are merged; \
         [`BatchOutcome::inputs`](crate::runtime::BatchOutcome::inputs) tells which input \
         each result answers{told}.\n\nStops sending once a request fails as a whole; the \
         [`BatchError`](crate::runtime::BatchError) keeps what went through and returns the \
         inputs to send again. {safety} A batch dropped or timed out before it ends keeps \
         its record in a [`BatchProgress`](crate::runtime::BatchProgress) given to \
         `send_all_with_progress`."
    );
    let doc = doc_attrs(&doc);
    quote! {
        /// Sends this request as one part of a batch: its results and
        /// per-item errors (for `send_all` and the typed paths).
        #[doc(hidden)]
        #[inline] pub async fn send_part(#receiver) -> Result<crate::runtime::Part<#item, #error>, crate::runtime::Error> {
            #fill
            let request = self;
            #answer
        }

        #doc
        #[inline] pub async fn send_all(self) -> Result<crate::runtime::BatchOutcome<#item, #error>, crate::runtime::BatchError<#item, #error, #input>> {
            self.send_all_with_progress(&crate::runtime::BatchProgress::new()).await
        }

        /// [`send_all`](Self::send_all), recording each request in `progress`
        /// as it leaves and is answered: what the batch did is known even if
        /// it is dropped or timed out.
        #[inline] pub async fn send_all_with_progress(mut self, progress: &crate::runtime::BatchProgress) -> Result<crate::runtime::BatchOutcome<#item, #error>, crate::runtime::BatchError<#item, #error, #input>> {
            let chunk = #chunk;
            let concurrency = self.client.batch_concurrency();
            let inputs = std::mem::take(&mut self.body.#inputs);
            crate::runtime::send_all(inputs, chunk, concurrency, #retry_safe, progress, move |inputs| {
                let mut request = self.clone();
                request.body.#inputs = inputs;
                request.send_part()
            })
            .await
        }
    }
}

/// What `send_part` does around sending: indexes the inputs by their keys
/// (filling trace ids) before, and tells each result's input after. Without
/// keys, the part as HubSpot returned it.
fn places(
    keys: &BatchKeys,
    inputs: &proc_macro2::Ident,
    decode: &TokenStream,
) -> (TokenStream, TokenStream) {
    if keys.trace.is_none() && keys.id.is_none() {
        return (quote!(), quote!(Ok(#decode)));
    }
    let text = |base: TokenStream, s: &Step| {
        let f = ident(&s.field);
        if s.optional {
            quote!(#base.#f.as_deref())
        } else {
            quote!(Some(#base.#f.as_str()))
        }
    };
    let mut fill = quote!(let mut places = crate::runtime::Places::default(););
    let (mut trace, mut id) = (quote!(|_| None), quote!(|_| None));
    if let Some((input, result)) = &keys.trace {
        let f = ident(&input.field);
        fill.extend(quote!(places.trace(&mut self.body.#inputs, |i| &mut i.#f);));
        let r = text(quote!(r), result);
        trace = quote!(|r| #r);
    }
    if let Some((input, result)) = &keys.id {
        let mut i = text(quote!(i), input);
        if let Some(p) = &keys.id_property.0 {
            let p = ident(&p.field);
            i = quote!(if i.#p.is_some() { None } else { #i });
        }
        let mut index = quote!(places.ids(&self.body.#inputs, |i| #i););
        if let Some(p) = &keys.id_property.1 {
            let p = ident(&p.field);
            index = quote!(if self.body.#p.is_none() { #index });
        }
        fill.extend(index);
        let r = text(quote!(r), result);
        id = quote!(|r| #r);
    }
    let answer = quote! {
        let mut part = #decode;
        part.places = places.of(&part.results, #trace, #id);
        Ok(part)
    };
    (fill, answer)
}

/// The expression that sends `request` and reads its results and per-item
/// errors as a `Part` (`None` for a batch without outputs).
fn decode_part(op: &Operation, b: &Batch) -> Option<TokenStream> {
    let part = |o: &crate::ir::BatchOutput| {
        if o.results.is_empty() {
            return quote!(crate::runtime::Part {
                results: Vec::new(),
                errors: Vec::new(),
                num_errors: 0,
                places: Vec::new()
            });
        }
        let results = list(quote!(v), &o.results);
        let errors = o
            .errors
            .as_ref()
            .map(|s| list(quote!(v), s))
            .unwrap_or(quote!(Vec::new()));
        let num_errors = match o.num_errors.as_ref().map(|s| access(quote!(v), s)) {
            Some((expr, true)) => quote!(#expr.map(i64::from).unwrap_or_default()),
            Some((expr, false)) => quote!(i64::from(#expr)),
            None => quote!(0),
        };
        quote!(crate::runtime::Part { results: #results, errors: #errors, num_errors: #num_errors, places: Vec::new() })
    };
    Some(match &op.output {
        Output::ByStatus { name, .. } => {
            let name = format_ident!("{}", name);
            let arms = b.outputs.iter().map(|o| {
                let variant = ident(o.variant.as_deref().unwrap_or_default());
                let part = part(o);
                if o.results.is_empty() {
                    quote!(super::#name::#variant => #part,)
                } else {
                    quote!(super::#name::#variant(v) => #part,)
                }
            });
            quote!(match request.send().await? { #( #arms )* })
        }
        Output::Single { .. } => {
            let o = b.outputs.first()?;
            let part = part(o);
            if o.results.is_empty() {
                quote!({ request.send().await?; #part })
            } else {
                quote!({ let v = request.send().await?; #part })
            }
        }
    })
}
