//! Where the app sends its requests, and with which credentials.
//!
//! The endpoint is a preference and is remembered; the bearer token is a secret and lives in
//! memory only: never in storage, never in a log (`Token`'s `Debug` is redacted).

use leptos::prelude::*;

use crate::storage;

const ENDPOINT_KEY: &str = "procura.endpoint";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// The Partner-Center-compatible sandbox compiled into the app: no server needed.
    Embedded,
    /// A base URL (no trailing slash) of a Partner-Center-compatible service.
    Live(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointError {
    Scheme,
    Host,
    Spaces,
    QueryOrFragment,
}

impl Endpoint {
    /// Reads what a partner typed: empty means the embedded sandbox.
    pub fn parse(input: &str) -> Result<Endpoint, EndpointError> {
        let s = input.trim();
        if s.is_empty() {
            return Ok(Endpoint::Embedded);
        }
        if s.chars().any(char::is_whitespace) {
            return Err(EndpointError::Spaces);
        }
        let lower = s.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &s[8..]
        } else if lower.starts_with("http://") {
            &s[7..]
        } else {
            return Err(EndpointError::Scheme);
        };
        if s.contains(['?', '#']) {
            return Err(EndpointError::QueryOrFragment);
        }
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() || host.starts_with(':') || host.contains('@') {
            return Err(EndpointError::Host);
        }
        Ok(Endpoint::Live(s.trim_end_matches('/').to_string()))
    }

    /// Host (and port) of a live endpoint, for the header's indicator.
    pub fn host(&self) -> Option<&str> {
        match self {
            Endpoint::Embedded => None,
            Endpoint::Live(url) => {
                url.split_once("://").map(|(_, r)| r.split('/').next().unwrap_or(r))
            }
        }
    }

    /// The text a partner typed to get this endpoint (empty for the embedded sandbox).
    pub fn as_input(&self) -> &str {
        match self {
            Endpoint::Embedded => "",
            Endpoint::Live(url) => url,
        }
    }
}

/// A bearer token. Kept out of `Debug` output so it cannot end up in a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A non-empty, single-line token; `None` otherwise.
    pub fn new(raw: &str) -> Option<Token> {
        let t = raw.trim();
        let t = t.strip_prefix("Bearer ").unwrap_or(t).trim();
        (!t.is_empty() && !t.contains(['\r', '\n'])).then(|| Token(t.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// The connection settings, shared through context.
#[derive(Clone, Copy)]
pub struct Connection {
    pub endpoint: RwSignal<Endpoint>,
    /// In memory only.
    pub token: RwSignal<Option<Token>>,
    /// The Partner API's token (price sheets), held apart from Partner Center's: a signed-in
    /// session gets one of each; a pasted token (a sandbox's) is set as both. In memory only.
    pub partner_api_token: RwSignal<Option<Token>>,
}

impl Connection {
    /// Another endpoint drops the tokens: each was given for the host it was used with, and
    /// the next request would otherwise carry it to the new one. (A signed-in session ends
    /// too: [`crate::signin`] watches the endpoint.)
    pub fn set_endpoint(&self, endpoint: Endpoint) {
        if self.endpoint.get_untracked() != endpoint {
            self.set_pasted_token(None);
        }
        // A preference: if it cannot be remembered, the next visit starts on the sandbox.
        let _ = match &endpoint {
            Endpoint::Embedded => storage::remove(ENDPOINT_KEY),
            Endpoint::Live(url) => storage::write(ENDPOINT_KEY, url),
        };
        self.endpoint.set(endpoint);
    }

    /// One token for both hosts: a pasted one (the sandboxes take theirs on both), or none.
    pub fn set_pasted_token(&self, token: Option<Token>) {
        self.partner_api_token.set(token.clone());
        self.token.set(token);
    }
}

pub fn provide_connection() -> Connection {
    // A stored value that no longer parses (edited by hand, older format) falls back to
    // the embedded sandbox rather than failing.
    let endpoint = storage::read(ENDPOINT_KEY)
        .ok()
        .flatten()
        .and_then(|s| Endpoint::parse(&s).ok())
        .unwrap_or(Endpoint::Embedded);
    let conn = Connection {
        endpoint: RwSignal::new(endpoint),
        token: RwSignal::new(None),
        partner_api_token: RwSignal::new(None),
    };
    provide_context(conn);
    conn
}

pub fn use_connection() -> Connection {
    expect_context::<Connection>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_means_embedded() {
        assert_eq!(Endpoint::parse("  "), Ok(Endpoint::Embedded));
    }

    #[test]
    fn live_urls_are_normalised() {
        assert_eq!(
            Endpoint::parse(" http://127.0.0.1:8787/ "),
            Ok(Endpoint::Live("http://127.0.0.1:8787".into()))
        );
        let e = Endpoint::parse("HTTPS://pc-proxy.contoso.example/api").unwrap();
        assert_eq!(e.host(), Some("pc-proxy.contoso.example"));
        assert_eq!(e.as_input(), "HTTPS://pc-proxy.contoso.example/api");
    }

    #[test]
    fn bad_urls_say_why() {
        assert_eq!(Endpoint::parse("ftp://x"), Err(EndpointError::Scheme));
        assert_eq!(Endpoint::parse("example.com"), Err(EndpointError::Scheme));
        assert_eq!(Endpoint::parse("https://"), Err(EndpointError::Host));
        assert_eq!(Endpoint::parse("https://:80"), Err(EndpointError::Host));
        assert_eq!(Endpoint::parse("https://user@evil.example"), Err(EndpointError::Host));
        assert_eq!(Endpoint::parse("https://a b"), Err(EndpointError::Spaces));
        assert_eq!(Endpoint::parse("https://a/?x=1"), Err(EndpointError::QueryOrFragment));
        assert_eq!(Endpoint::parse("javascript:alert(1)"), Err(EndpointError::Scheme));
    }

    #[test]
    fn tokens_do_not_follow_the_partner_to_another_endpoint() {
        let conn = Connection {
            endpoint: RwSignal::new(Endpoint::parse("https://gw.contoso.example").unwrap()),
            token: RwSignal::new(Token::new("secret")),
            partner_api_token: RwSignal::new(Token::new("secret")),
        };
        conn.set_endpoint(Endpoint::parse("https://gw.contoso.example").unwrap());
        assert!(conn.token.get_untracked().is_some(), "the same endpoint keeps its token");
        conn.set_endpoint(Endpoint::parse("https://elsewhere.example").unwrap());
        assert!(conn.token.get_untracked().is_none());
        assert!(conn.partner_api_token.get_untracked().is_none());
    }

    #[test]
    fn token_is_redacted_and_trimmed() {
        let t = Token::new("Bearer  abc.def ").unwrap();
        assert_eq!(t.expose(), "abc.def");
        assert_eq!(format!("{t:?}"), "Token(<redacted>)");
        assert!(Token::new("   ").is_none());
        assert!(Token::new("a\nb").is_none());
    }
}
