//! Collections and their paging, once for every list: a `links.next` link (index paging
//! puts the offset in its URI; seek paging adds `MS-ContinuationToken` among its headers)
//! becomes the next request.

use std::marker::PhantomData;

use procura_partner_center as pc;
use serde::de::DeserializeOwned;

use super::{Client, Failure};

/// Reads a collection a page at a time, following its `next` links. A page that fails is
/// asked for again by the next call, so a retry goes on from there and loses nothing
/// already read. Callers never see links or continuation tokens.
pub struct Pages<T> {
    client: Client,
    /// The request for the next page; `None` once the last page is read.
    at: Option<NextPage>,
    /// A server that links its pages in a circle must not hold the page forever.
    left: u32,
    _items: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pages<T> {
    /// Pages of the collection at `path` (relative to `/v1`, with its query).
    pub fn new(client: Client, path: &str) -> Pages<T> {
        let first = NextPage { path: path.to_string(), headers: Vec::new() };
        Pages { client, at: Some(first), left: 100_000, _items: PhantomData }
    }

    /// Stops after `pages` pages (a server that links its pages in a circle).
    pub fn at_most(mut self, pages: u32) -> Pages<T> {
        self.left = pages;
        self
    }

    pub fn is_done(&self) -> bool {
        self.at.is_none()
    }

    /// The next page's items; `None` when every page has been read.
    pub async fn next(&mut self) -> Option<Result<Vec<T>, Failure>> {
        let at = self.at.clone()?;
        if self.left == 0 {
            self.at = None;
            return Some(Err(Failure::malformed(200, "the pages link to each other in a circle")));
        }
        self.left -= 1;
        match self.client.page::<T>(&at).await {
            Ok((items, next)) => {
                self.at = next;
                Some(Ok(items))
            }
            Err(f) => Some(Err(f)),
        }
    }
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
