//! Where a partner signs in: the authority (its Entra ID tenant) and the client id of the
//! single-page application it registered, from the deploy-time `config.json` beside
//! `index.html` or from Settings; and the authority's endpoints, from its discovery document.

use serde::{Deserialize, Serialize};

/// Partner Center's delegated permission, and what OpenID Connect needs for the user's name
/// and tenant and for renewal without a password.
pub const SCOPES: [&str; 4] = [
    "https://api.partnercenter.microsoft.com/user_impersonation",
    "openid",
    "profile",
    "offline_access",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthConfig {
    /// `https://login.microsoftonline.com/{tenant}/v2.0`, or another OpenID provider's issuer.
    pub authority: String,
    pub client_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// Not JSON, or without `authority` and `clientId`.
    Unreadable,
    /// The authority is not an https URL (plain http only on loopback, for tests).
    Authority,
    ClientId,
}

impl AuthConfig {
    /// `config.json` as a static host serves it.
    pub fn from_json(text: &str) -> Result<AuthConfig, ConfigError> {
        let c: AuthConfig = serde_json::from_str(text).map_err(|_| ConfigError::Unreadable)?;
        AuthConfig::new(&c.authority, &c.client_id)
    }

    /// What a partner typed in Settings, checked.
    pub fn new(authority: &str, client_id: &str) -> Result<AuthConfig, ConfigError> {
        let authority = authority.trim().trim_end_matches('/');
        let client_id = client_id.trim();
        let (scheme, rest) = authority.split_once("://").ok_or(ConfigError::Authority)?;
        let host = rest.split('/').next().unwrap_or("");
        let loopback = host.starts_with("127.0.0.1") || host.starts_with("localhost");
        let clean = |s: &str| {
            !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || "?#\"'<>".contains(c))
        };
        if !(scheme == "https" || (scheme == "http" && loopback)) || !clean(host) || !clean(rest) {
            return Err(ConfigError::Authority);
        }
        if !clean(client_id) || client_id.len() > 200 {
            return Err(ConfigError::ClientId);
        }
        Ok(AuthConfig { authority: authority.to_string(), client_id: client_id.to_string() })
    }

    /// The discovery document (OpenID Connect Discovery 1.0, §4).
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.authority)
    }
}

/// The authority's endpoints, as its discovery document names them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Endpoints {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

impl Endpoints {
    pub fn from_json(text: &str) -> Option<Endpoints> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deploy_config_is_read_and_checked() {
        let c = AuthConfig::from_json(
            r#"{"authority": "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/", "clientId": " 0d3f-app "}"#,
        )
        .unwrap();
        assert_eq!(c.authority, "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0");
        assert_eq!(c.client_id, "0d3f-app");
        assert_eq!(
            c.discovery_url(),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(AuthConfig::from_json("{}"), Err(ConfigError::Unreadable));
        assert_eq!(AuthConfig::from_json("<html>"), Err(ConfigError::Unreadable));
        assert_eq!(AuthConfig::new("http://login.example.com", "x"), Err(ConfigError::Authority));
        assert_eq!(AuthConfig::new("javascript:alert(1)", "x"), Err(ConfigError::Authority));
        assert_eq!(AuthConfig::new("https://a.example.com/x y", "x"), Err(ConfigError::Authority));
        assert!(AuthConfig::new("http://127.0.0.1:9400/oidc", "procura").is_ok(), "loopback tests");
        assert_eq!(AuthConfig::new("https://a.example.com", " "), Err(ConfigError::ClientId));
    }

    #[test]
    fn endpoints_come_from_discovery() {
        let e = Endpoints::from_json(
            r#"{"issuer": "https://login.microsoftonline.com/t/v2.0", "authorization_endpoint": "https://login.microsoftonline.com/t/oauth2/v2.0/authorize", "token_endpoint": "https://login.microsoftonline.com/t/oauth2/v2.0/token", "jwks_uri": "x"}"#,
        )
        .unwrap();
        assert!(e.token_endpoint.ends_with("/token"));
        assert_eq!(e.end_session_endpoint, None);
        assert_eq!(Endpoints::from_json(r#"{"issuer": "x"}"#), None);
    }
}
