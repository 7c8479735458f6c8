//! Shapes every resource shares: links, attributes, collections (index- and seek-paged).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::resource;
use crate::wire::{self, Omit};

resource! {
    /// `{"key": "MS-ContinuationToken", "value": "..."}` on a link.
    pub struct KeyValue {
        pub key: String,
        pub value: String,
    }
}

resource! {
    /// A link: a relative URI (mostly without `/v1`), a method and headers to send.
    pub struct Link {
        pub uri: String,
        pub method: Option<String>,
        pub headers: Vec<KeyValue>,
    }
}

impl Link {
    pub fn get(uri: impl Into<String>) -> Link {
        Link {
            uri: uri.into(),
            method: Some("GET".into()),
            headers: Vec::new(),
            extra: Default::default(),
        }
    }

    /// The value of one of the link's headers (the continuation token of a `next` link).
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.key.eq_ignore_ascii_case(key)).map(|h| h.value.as_str())
    }
}

resource! {
    pub struct ResourceAttributes {
        pub object_type: Option<String>,
        pub etag: Option<String>,
    }
}

impl ResourceAttributes {
    pub fn of(object_type: &str) -> Option<ResourceAttributes> {
        Some(ResourceAttributes { object_type: Some(object_type.into()), ..Default::default() })
    }
}

/// Named links of a resource (`self`, `next`, `skus`, `provisioningStatus`, ...).
pub type Links = BTreeMap<String, Link>;

/// A collection: `totalCount` counts the items of this page (as the service fills it); a
/// seek-paged collection adds `continuationToken` and a `next` link carrying it as a header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Collection<T> {
    #[serde(with = "wire::int")]
    pub total_count: i64,
    pub items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<ResourceAttributes>,
    // No `extra` (as resources keep) here: a collection is never sent back, and `flatten`
    // would make serde buffer every item as an untyped tree before reading it.
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection {
            total_count: 0,
            items: Vec::new(),
            continuation_token: None,
            links: None,
            attributes: None,
        }
    }
}

impl<T> Omit for Collection<T> {}

impl<T> Collection<T> {
    /// A page of `items` as the service writes it.
    pub fn of(items: Vec<T>, self_uri: impl Into<String>) -> Collection<T> {
        let mut links = Links::new();
        links.insert("self".into(), Link::get(self_uri));
        Collection {
            total_count: items.len() as i64,
            items,
            continuation_token: None,
            links: Some(links),
            attributes: ResourceAttributes::of("Collection"),
        }
    }

    pub fn next(&self) -> Option<&Link> {
        self.links.as_ref()?.get("next")
    }
}
