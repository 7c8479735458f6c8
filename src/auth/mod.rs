//! Signing in to Partner Center with Microsoft Entra ID, as a single-page application:
//! where (`config`), how (`flow`: the authorization code flow with PKCE, the `oauth2` crate's
//! protocol pieces over an HTTP client passed in), and what to say when it fails (`failure`).
//! Plain Rust: the page keeps the session in memory and the pending sign-in in sessionStorage.
//!
//! The ID token is checked as OpenID Connect Core §3.1.3.7 allows for a token received
//! straight from the token endpoint over TLS: issuer, audience, expiry and nonce, without
//! verifying its signature in the page (which would need the authority's keys and an RSA
//! implementation in the bundle). Partner Center verifies the access token itself.

pub mod config;
pub mod failure;
pub mod flow;

pub use config::{AuthConfig, ConfigError, Endpoints};
pub use failure::{AuthFailure, Reason};
pub use flow::{ApiToken, Callback, Pending, Session};
