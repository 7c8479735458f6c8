//! Talking to Partner Center (or the sandbox): a typed client over one transport, and the
//! endpoints the flows use. Which transport is a setting; nothing else changes with it.

pub mod client;
pub mod embedded;
pub mod endpoints;
pub mod failure;
#[cfg(test)]
pub mod in_process;
pub mod oauth_http;
pub mod paging;
pub mod retry;
pub mod scope;
pub mod transport;

/// Requests in flight at once when a read fans out (SKUs per product, orders per
/// entitlement): enough to overlap round trips, few enough for the order resource's limit.
pub const CONCURRENT_READS: usize = 4;

pub use client::{Client, Limiter};
pub use endpoints::ListPage;
pub use failure::Failure;
pub use paging::Pages;
pub use scope::{override_transport, use_client, use_partner_api_client};
pub use transport::{EmbeddedTransport, HttpTransport, Recording, Transport, TransportError};
