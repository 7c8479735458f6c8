//! Collections and their paging, once for every list: a `links.next` link (index paging
//! puts the offset in its URI; seek paging adds `MS-ContinuationToken` among its headers)
//! becomes the next request.

use procura_partner_center as pc;
use serde::de::DeserializeOwned;

use super::transport::Response;
use super::{Client, Failure};
use crate::browser;

/// Reads a collection a page at a time, following its `next` links. A page that fails is
/// asked for again by the next call, so a retry goes on from there and loses nothing
/// already read. Callers never see links or continuation tokens.
///
/// Two things keep a long read fast and the page responsive: the next page is asked for as
/// soon as a page's `next` link is known, so the server (or the sandbox's worker) makes it
/// while this one's items are read; and items are read a slice at a time, yielding to the
/// browser between slices, so no 2,000-item page holds the main thread for long.
pub struct Pages<T> {
    raw: RawPages,
    read: ReadOne<T>,
}

/// How one item is read (from its JSON text, as Partner Center writes it).
pub type ReadOne<T> = fn(&[u8]) -> Result<T, serde_json::Error>;

/// What [`Pages`] does that does not depend on the item type, so that it is compiled once
/// and not once per collection the app reads (the page's module carries every copy).
struct RawPages {
    client: Client,
    /// The request for the next page; `None` once the last page is read.
    at: Option<NextPage>,
    /// The answer to `at`, when it was fetched ahead.
    ahead: Option<Response>,
    /// A server that links its pages in a circle must not hold the page forever.
    left: u32,
}

/// How long items are read before the browser gets the thread back.
const SLICE_MS: f64 = 8.0;

impl<T: DeserializeOwned> Pages<T> {
    /// Pages of the collection at `path` (relative to `/v1`, with its query).
    pub fn new(client: Client, path: &str) -> Pages<T> {
        Pages::with_reader(client, path, pc::wire::from_slice::<T>)
    }
}

impl<T> Pages<T> {
    /// Pages whose items `read` reads: a reader compiled in another crate (as
    /// [`pc::LineItemBrief::read`] is) keeps that crate's optimisation.
    pub fn with_reader(client: Client, path: &str, read: ReadOne<T>) -> Pages<T> {
        let first = NextPage { path: path.to_string(), headers: Vec::new() };
        let raw = RawPages { client, at: Some(first), ahead: None, left: 100_000 };
        Pages { raw, read }
    }

    /// Stops after `pages` pages (a server that links its pages in a circle).
    pub fn at_most(mut self, pages: u32) -> Pages<T> {
        self.raw.left = pages;
        self
    }

    pub fn is_done(&self) -> bool {
        self.raw.at.is_none()
    }

    /// The next page's items; `None` when every page has been read.
    pub async fn next(&mut self) -> Option<Result<Vec<T>, Failure>> {
        let mut items = Vec::new();
        let read_one = self.read;
        let mut read = |r: &[u8]| {
            items.push(read_one(r)?);
            Ok(())
        };
        let outcome = self.raw.next(&mut read).await?;
        Some(outcome.map(|()| items))
    }
}

/// Reads one item; an error fails its page.
type ReadItem<'a> = dyn FnMut(&[u8]) -> Result<(), serde_json::Error> + 'a;

impl RawPages {
    async fn next(&mut self, read: &mut ReadItem<'_>) -> Option<Result<(), Failure>> {
        let at = self.at.clone()?;
        if self.left == 0 {
            self.at = None;
            return Some(Err(Failure::malformed(200, "the pages link to each other in a circle")));
        }
        self.left -= 1;
        let resp = match self.ahead.take() {
            Some(r) => r,
            None => match self.client.fetch_page(&at).await {
                Ok(r) => r,
                Err(f) => return Some(Err(f)),
            },
        };
        let status = resp.status;
        let page = match pc::wire::raw_page(non_empty_body(resp.body)) {
            Ok(p) => p,
            Err(e) => return Some(Err(Failure::malformed(status, e))),
        };
        let next = next_page(&page.envelope);
        let sliced = read_in_slices(page, read, status);
        let outcome = match &next {
            Some(n) if self.left > 0 => {
                // The fetch first: `join!` polls in order, and the first slice of items
                // holds the thread for `SLICE_MS` before the request would go out.
                let (ahead, outcome) = futures::join!(self.client.fetch_page(n), sliced);
                // A failed read ahead is asked for again, in its turn.
                self.ahead = ahead.ok().filter(|_| outcome.is_ok());
                outcome
            }
            _ => sliced.await,
        };
        if outcome.is_ok() {
            self.at = next;
        }
        Some(outcome)
    }
}

/// An empty body reads as `null` (which no collection is), not as a JSON syntax error.
pub(super) fn non_empty(body: &[u8]) -> &[u8] {
    if blank(body) {
        b"null"
    } else {
        body
    }
}

/// [`non_empty`], for a body that is kept.
fn non_empty_body(body: Vec<u8>) -> Vec<u8> {
    if blank(&body) {
        b"null".to_vec()
    } else {
        body
    }
}

fn blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// A page's items, read a slice at a time (see [`Pages`]).
async fn read_in_slices(
    page: pc::wire::RawPage,
    read: &mut ReadItem<'_>,
    status: u16,
) -> Result<(), Failure> {
    let mut since = browser::now_precise_ms();
    for (n, r) in page.items().enumerate() {
        read(r).map_err(|e| Failure::malformed(status, e))?;
        if n % 256 == 255 && browser::now_precise_ms() - since > SLICE_MS {
            browser::yield_now().await;
            since = browser::now_precise_ms();
        }
    }
    Ok(())
}

/// The next page's path (relative to `/v1`, with its query) and the headers it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextPage {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

/// The request for the page after `page`, if there is one (see [`link_path`]).
pub fn next_page<T>(page: &pc::Collection<T>) -> Option<NextPage> {
    let link = page.next()?;
    let path = link_path(&link.uri);
    let mut headers: Vec<(String, String)> =
        link.headers.iter().map(|h| (h.key.clone(), h.value.clone())).collect();
    // Seek paging: the token may come only at the top level.
    if link.header(pc::headers::CONTINUATION_TOKEN).is_none() {
        if let Some(t) = &page.continuation_token {
            headers.push((pc::headers::CONTINUATION_TOKEN.into(), t.clone()));
        }
    }
    Some(NextPage { path, headers })
}

/// A link's path relative to `/v1`, with its query. Links may be relative
/// (`/invoices?...`), carry the version (`/v1/invoices?...`) or be absolute URLs; only the
/// path and query are kept, so a link can never send the token to another host.
pub fn link_path(uri: &str) -> String {
    let uri = uri.trim();
    let path = match uri.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => uri,
    };
    let path = path.strip_prefix("/v1/").map_or_else(|| path.to_string(), |p| format!("/{p}"));
    if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    }
}

/// [`pc::paths::is_order_resource`] for a path relative to `/v1`, query and all.
pub fn is_order_resource(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    pc::paths::is_order_resource(&segments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::transport::{Request, Sent, Transport};
    use crate::api::Limiter;
    use crate::settings::Token;
    use futures::executor::block_on;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Three pages of two numbers (`?p=0`, `?p=1`, `?p=2`); each page in `fail_once`
    /// answers 400 the first time it is asked for, and `bad_item` puts a string among page
    /// 1's numbers the first time. Every request's query is kept in `asked`.
    struct Script {
        fail_once: RefCell<Vec<&'static str>>,
        bad_item: RefCell<bool>,
        asked: RefCell<Vec<String>>,
    }

    impl Transport for Script {
        fn send(&self, req: Request, _: Option<web_sys::AbortSignal>, _: u32) -> Sent {
            self.asked.borrow_mut().push(req.query.clone());
            let p: usize = req.query.trim_start_matches("p=").parse().unwrap_or(0);
            let failing = self.fail_once.borrow().contains(&req.query.as_str());
            let resp = if failing {
                self.fail_once.borrow_mut().retain(|q| *q != req.query);
                pc::http::Response::error(400, 400, "not now")
            } else {
                let mut items = vec![serde_json::json!(2 * p), serde_json::json!(2 * p + 1)];
                if p == 1 && self.bad_item.replace(false) {
                    items[1] = serde_json::json!("three");
                }
                let mut page = pc::Collection::of(items, format!("/x?p={p}"));
                if p < 2 {
                    let next = pc::Link::get(format!("/x?p={}", p + 1));
                    page.links.get_or_insert_with(Default::default).insert("next".into(), next);
                }
                pc::http::Response::json(200, &page)
            };
            Box::pin(async move { Ok(resp) })
        }
    }

    /// Reads every page of a [`Script`], retrying a failed one once, and says what each call
    /// gave.
    fn read_all(fail_once: &[&'static str], bad_item: bool) -> (Vec<u32>, Vec<String>, Rc<Script>) {
        let script = Rc::new(Script {
            fail_once: RefCell::new(fail_once.to_vec()),
            bad_item: RefCell::new(bad_item),
            asked: RefCell::default(),
        });
        let client = Client::new(script.clone(), Token::new("t"), Limiter::order_resource());
        let mut pages: Pages<u32> = Pages::new(client, "/x?p=0");
        let (mut items, mut calls) = (Vec::new(), Vec::new());
        while let Some(page) = block_on(pages.next()) {
            match page {
                Ok(mut got) => {
                    calls.push(format!("{got:?}"));
                    items.append(&mut got);
                }
                Err(_) => calls.push("failed".into()),
            }
            assert!(calls.len() < 10, "{calls:?}");
        }
        (items, calls, script)
    }

    #[test]
    fn pages_are_read_ahead_and_a_failure_is_asked_again_losing_nothing() {
        let (items, calls, script) = read_all(&[], false);
        assert_eq!(items, [0, 1, 2, 3, 4, 5]);
        assert_eq!(calls.len(), 3);
        assert_eq!(*script.asked.borrow(), ["p=0", "p=1", "p=2"], "each page asked once");

        // The read ahead of page 1 fails: page 0 still arrives, and page 1 is asked again.
        let (items, calls, script) = read_all(&["p=1"], false);
        assert_eq!(items, [0, 1, 2, 3, 4, 5]);
        assert_eq!(calls.len(), 3, "{calls:?}");
        assert_eq!(*script.asked.borrow(), ["p=0", "p=1", "p=1", "p=2"]);

        // An item that does not read fails its page, which is read again from its request
        // (the page read ahead of it is not kept: it would be read twice).
        let (items, calls, script) = read_all(&[], true);
        assert_eq!(items, [0, 1, 2, 3, 4, 5]);
        assert_eq!(calls, ["[0, 1]", "failed", "[2, 3]", "[4, 5]"]);
        assert_eq!(*script.asked.borrow(), ["p=0", "p=1", "p=2", "p=1", "p=2"]);
    }

    fn page(next: Option<pc::Link>, token: Option<&str>) -> pc::Collection<u8> {
        let mut c = pc::Collection::of(vec![1u8], "/x");
        if let Some(n) = next {
            c.links.get_or_insert_with(Default::default).insert("next".into(), n);
        }
        c.continuation_token = token.map(str::to_string);
        c
    }

    #[test]
    fn links_in_every_form() {
        assert_eq!(next_page(&page(None, None)), None);
        let rel = next_page(&page(Some(pc::Link::get("/invoices?size=2&offset=2")), None)).unwrap();
        assert_eq!(rel.path, "/invoices?size=2&offset=2");
        assert_eq!(
            next_page(&page(Some(pc::Link::get("/v1/invoices?offset=2")), None)).unwrap().path,
            "/invoices?offset=2"
        );
        assert_eq!(
            next_page(&page(Some(pc::Link::get("invoices?offset=2")), None)).unwrap().path,
            "/invoices?offset=2"
        );
        let abs = next_page(&page(
            Some(pc::Link::get("https://evil.example/v1/invoices?offset=4")),
            None,
        ))
        .unwrap();
        assert_eq!(abs.path, "/invoices?offset=4");
    }

    #[test]
    fn seek_tokens_from_the_link_or_the_collection() {
        let mut link = pc::Link::get("/invoices/X/lineitems?seekOperation=Next");
        link.headers.push(pc::KeyValue {
            key: "MS-ContinuationToken".into(),
            value: "t1".into(),
            extra: Default::default(),
        });
        let n = next_page(&page(Some(link), Some("ignored"))).unwrap();
        assert_eq!(n.headers, vec![("MS-ContinuationToken".to_string(), "t1".to_string())]);
        let n = next_page(&page(Some(pc::Link::get("/a?seekOperation=Next")), Some("t2"))).unwrap();
        assert_eq!(n.headers, vec![("MS-ContinuationToken".to_string(), "t2".to_string())]);
    }

    #[test]
    fn order_resource_paths() {
        for p in [
            "/customers/abc",
            "/customers/abc/carts",
            "/customers/a/carts/b/checkout",
            "/customers/a/orders?billingType=one_time",
            "/customers/a/subscriptions/s/registrations",
        ] {
            assert!(is_order_resource(p), "{p}");
        }
        for p in [
            "/customers",
            "/products?country=US",
            "/invoices",
            "/customers/a/entitlements",
            "/customers/a/products/x",
        ] {
            assert!(!is_order_resource(p), "{p}");
        }
    }
}
