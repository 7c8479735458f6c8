//! The authorization code flow with PKCE, as a single-page application runs it: the request
//! (state, nonce, code challenge; `prompt=none` to come back silently after a reload), the
//! redirect's answer, the code redeemed for tokens, the ID token's claims checked, and the
//! tokens renewed with the refresh token. The protocol pieces are the `oauth2` crate's; the
//! HTTP client is passed in (gloo-net in the page, a stand-in in tests), so this is plain Rust.

use base64::Engine;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AsyncHttpClient, AuthUrl, AuthorizationCode, ClientId, CsrfToken, EndpointNotSet, EndpointSet,
    ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, Scope, StandardRevocableToken, StandardTokenResponse, TokenResponse,
    TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::config::{AuthConfig, Endpoints, SCOPES};
use super::failure::AuthFailure;
use crate::settings::Token;
use procura_partner_center::pricesheet::PARTNER_API_SCOPE;

/// The token response's OpenID Connect part.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct IdTokenField {
    #[serde(default)]
    pub id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

type Tokens = StandardTokenResponse<IdTokenField, BasicTokenType>;
type Client = oauth2::Client<
    BasicErrorResponse,
    Tokens,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

fn client(
    config: &AuthConfig,
    endpoints: &Endpoints,
    redirect: &str,
) -> Result<Client, AuthFailure> {
    let bad = |_| AuthFailure::Discovery;
    Ok(oauth2::Client::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::new(endpoints.authorization_endpoint.clone()).map_err(bad)?)
        .set_token_uri(TokenUrl::new(endpoints.token_endpoint.clone()).map_err(bad)?)
        .set_redirect_uri(RedirectUrl::new(redirect.to_string()).map_err(bad)?))
}

/// A sign-in under way, kept in sessionStorage across the redirect (never a token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// Where the partner was (an app path), to return there.
    pub return_to: String,
    /// A `prompt=none` attempt: a refusal means "sign in", not an error.
    pub silent: bool,
}

/// The authorization request: the address to send the browser to, and what to keep.
pub fn begin(
    config: &AuthConfig,
    endpoints: &Endpoints,
    redirect: &str,
    return_to: &str,
    silent: bool,
) -> Result<(String, Pending), AuthFailure> {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let nonce = CsrfToken::new_random();
    let client = client(config, endpoints, redirect)?;
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        // Consent for the Partner API's permission is asked here too; its token is fetched
        // after, with the refresh token (one resource per token request).
        .add_scopes(SCOPES.iter().chain([&PARTNER_API_SCOPE]).map(|s| Scope::new(s.to_string())))
        .set_pkce_challenge(challenge)
        .add_extra_param("nonce", nonce.secret().clone());
    if silent {
        request = request.add_extra_param("prompt", "none");
    }
    let (url, state) = request.url();
    let pending = Pending {
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        return_to: return_to.to_string(),
        silent,
    };
    Ok((url.to_string(), pending))
}

/// What the authority's redirect brought back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Code {
        code: String,
        state: String,
    },
    Refused {
        error: String,
        description: String,
        state: Option<String>,
    },
    /// Not a sign-in answer at all.
    None,
}

/// The redirect's query string (without `?`).
pub fn callback(query: &str) -> Callback {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = String::new();
    for (k, v) in oauth2::url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
        match k.as_ref() {
            "code" => code = Some(v.into_owned()),
            "state" => state = Some(v.into_owned()),
            "error" => error = Some(v.into_owned()),
            "error_description" => description = v.into_owned(),
            _ => {}
        }
    }
    match (code, error, state) {
        (_, Some(error), state) => Callback::Refused { error, description, state },
        (Some(code), None, Some(state)) => Callback::Code { code, state },
        _ => Callback::None,
    }
}

/// A signed-in session: in memory only.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub access: Token,
    pub refresh: Option<Token>,
    /// When the access token expires and when it was obtained (ms since the epoch).
    pub expires_at_ms: i64,
    pub obtained_at_ms: i64,
    /// The signed-in user and tenant, from the ID token.
    pub user: String,
    pub tenant: Option<String>,
    /// The Partner API's token (price sheets), held apart from Partner Center's.
    pub partner_api: Option<ApiToken>,
}

/// An access token for a second resource, obtained with the session's refresh token.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiToken {
    pub access: Token,
    pub expires_at_ms: i64,
    /// The refresh token that came with it: a provider may rotate them, and then only the
    /// newest works for the next renewal.
    pub refresh: Option<Token>,
}

impl Session {
    /// When to renew: five minutes before expiry, or at four fifths of a shorter lifetime.
    pub fn renew_at_ms(&self) -> i64 {
        let lifetime = (self.expires_at_ms - self.obtained_at_ms).max(0);
        let at = self.expires_at_ms - (lifetime / 5).min(5 * 60_000);
        match &self.partner_api {
            // Both are renewed together, before the first of them expires.
            Some(api) => at.min(api.expires_at_ms - (lifetime / 5).min(5 * 60_000)),
            None => at,
        }
    }
}

/// The claims of an ID token that the app checks and shows.
#[derive(Debug, Deserialize)]
struct IdClaims {
    iss: String,
    #[serde(deserialize_with = "one_or_many")]
    aud: Vec<String>,
    exp: i64,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    tid: Option<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// The ID token's claims, checked as OpenID Connect Core §3.1.3.7 asks of a token received
/// straight from the token endpoint over TLS (whose server authentication stands in for the
/// signature): issuer, audience, expiry, and the nonce of this sign-in.
fn checked_claims(
    id_token: &str,
    config: &AuthConfig,
    endpoints: &Endpoints,
    nonce: Option<&str>,
    now_ms: i64,
) -> Result<IdClaims, AuthFailure> {
    let payload = id_token.split('.').nth(1).ok_or(AuthFailure::IdToken)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| AuthFailure::IdToken)?;
    let claims: IdClaims = serde_json::from_slice(&bytes).map_err(|_| AuthFailure::IdToken)?;
    let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
    if !same(&claims.iss, &endpoints.issuer) || !claims.aud.contains(&config.client_id) {
        return Err(AuthFailure::IdToken);
    }
    if claims.exp.saturating_mul(1000).saturating_add(60_000) < now_ms {
        return Err(AuthFailure::IdToken);
    }
    if let Some(expected) = nonce {
        if claims.nonce.as_deref() != Some(expected) {
            return Err(AuthFailure::NonceMismatch);
        }
    }
    Ok(claims)
}

fn session(
    tokens: Tokens,
    config: &AuthConfig,
    endpoints: &Endpoints,
    nonce: Option<&str>,
    previous: Option<&Session>,
    now_ms: i64,
) -> Result<Session, AuthFailure> {
    let access = Token::new(tokens.access_token().secret()).ok_or(AuthFailure::IdToken)?;
    let lifetime_ms = tokens.expires_in().map_or(3_600_000, |d| d.as_millis() as i64);
    let (user, tenant) = match (&tokens.extra_fields().id_token, previous) {
        (Some(id), _) => {
            let c = checked_claims(id, config, endpoints, nonce, now_ms)?;
            (c.name.or(c.preferred_username).unwrap_or_default(), c.tid)
        }
        // A renewal may come without an ID token: the user is the one signed in.
        (None, Some(p)) if nonce.is_none() => (p.user.clone(), p.tenant.clone()),
        (None, _) => return Err(AuthFailure::IdToken),
    };
    Ok(Session {
        access,
        refresh: tokens
            .refresh_token()
            .and_then(|r| Token::new(r.secret()))
            .or_else(|| previous.and_then(|p| p.refresh.clone())),
        expires_at_ms: now_ms + lifetime_ms,
        obtained_at_ms: now_ms,
        user,
        tenant,
        partner_api: None,
    })
}

fn token_failure<RE: std::error::Error>(
    e: RequestTokenError<RE, BasicErrorResponse>,
) -> AuthFailure {
    match e {
        RequestTokenError::ServerResponse(r) => AuthFailure::Authority {
            error: r.error().as_ref().to_string(),
            description: r.error_description().cloned().unwrap_or_default(),
        },
        RequestTokenError::Request(_) => AuthFailure::Network,
        RequestTokenError::Parse(..) | RequestTokenError::Other(_) => AuthFailure::Unreadable,
    }
}

/// Redeems the code the redirect brought, for the sign-in `pending` describes.
pub async fn redeem<C>(
    http: &C,
    config: &AuthConfig,
    endpoints: &Endpoints,
    redirect: &str,
    pending: &Pending,
    answer: Callback,
    now_ms: i64,
) -> Result<Session, AuthFailure>
where
    C: for<'c> AsyncHttpClient<'c>,
{
    let code = match answer {
        Callback::Code { code, state } if state == pending.state => code,
        Callback::Code { .. } => return Err(AuthFailure::StateMismatch),
        Callback::Refused { state: Some(s), .. } if s != pending.state => {
            return Err(AuthFailure::StateMismatch)
        }
        Callback::Refused { error, description, .. } => {
            return Err(AuthFailure::Authority { error, description })
        }
        Callback::None => return Err(AuthFailure::StateMismatch),
    };
    let tokens = client(config, endpoints, redirect)?
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        // Partner Center's: the authorization asked for two resources, a token is for one.
        .add_extra_param("scope", SCOPES.join(" "))
        .request_async(http)
        .await
        .map_err(token_failure)?;
    session(tokens, config, endpoints, Some(&pending.nonce), None, now_ms)
}

/// A refresh-token grant for `scopes` (one resource's, plus OpenID Connect's).
async fn refreshed<C>(
    http: &C,
    config: &AuthConfig,
    endpoints: &Endpoints,
    redirect: &str,
    current: &Session,
    scopes: &[&str],
) -> Result<Tokens, AuthFailure>
where
    C: for<'c> AsyncHttpClient<'c>,
{
    let refresh = current.refresh.as_ref().ok_or(AuthFailure::SignInNeeded)?.expose().to_string();
    client(config, endpoints, redirect)?
        .exchange_refresh_token(&RefreshToken::new(refresh))
        .add_scopes(scopes.iter().map(|s| Scope::new(s.to_string())))
        .request_async(http)
        .await
        .map_err(token_failure)
}

/// A fresh access token for `current`, with its refresh token.
pub async fn renew<C>(
    http: &C,
    config: &AuthConfig,
    endpoints: &Endpoints,
    redirect: &str,
    current: &Session,
    now_ms: i64,
) -> Result<Session, AuthFailure>
where
    C: for<'c> AsyncHttpClient<'c>,
{
    // The same scopes, less `offline_access`: a renewal asks for what the refresh token
    // already holds (a provider may have granted it without that scope, as OpenID Connect
    // allows).
    let scopes: Vec<&str> = SCOPES.iter().copied().filter(|s| *s != "offline_access").collect();
    let tokens = refreshed(http, config, endpoints, redirect, current, &scopes).await?;
    session(tokens, config, endpoints, None, Some(current), now_ms)
}

/// The Partner API's token for a signed-in session: its refresh token asks for that host's
/// permission (`https://api.partner.microsoft.com/user_impersonation`, which the tenant's
/// admin consents to). Partner Center's token is untouched.
pub async fn partner_api<C>(
    http: &C,
    config: &AuthConfig,
    endpoints: &Endpoints,
    redirect: &str,
    current: &Session,
    now_ms: i64,
) -> Result<ApiToken, AuthFailure>
where
    C: for<'c> AsyncHttpClient<'c>,
{
    let tokens =
        refreshed(http, config, endpoints, redirect, current, &[PARTNER_API_SCOPE]).await?;
    let access = Token::new(tokens.access_token().secret()).ok_or(AuthFailure::Unreadable)?;
    let lifetime_ms = tokens.expires_in().map_or(3_600_000, |d| d.as_millis() as i64);
    let refresh = tokens.refresh_token().and_then(|r| Token::new(r.secret()));
    Ok(ApiToken { access, expires_at_ms: now_ms + lifetime_ms, refresh })
}

// Native: the token endpoint is a closure that answers as an OpenID provider would.
#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use std::cell::RefCell;

    use futures::executor::block_on;
    use oauth2::{HttpRequest, HttpResponse};

    use super::*;

    const NOW: i64 = 1_790_000_000_000;

    fn config() -> AuthConfig {
        AuthConfig::new("https://login.example.com/contoso/v2.0", "procura-spa").unwrap()
    }

    fn endpoints() -> Endpoints {
        Endpoints {
            issuer: "https://login.example.com/contoso/v2.0".into(),
            authorization_endpoint: "https://login.example.com/contoso/oauth2/v2.0/authorize"
                .into(),
            token_endpoint: "https://login.example.com/contoso/oauth2/v2.0/token".into(),
            end_session_endpoint: None,
        }
    }

    const REDIRECT: &str = "https://procura.example.com/";

    fn id_token(claims: serde_json::Value) -> String {
        let b = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        format!("{}.{}.sig", b(br#"{"alg":"RS256"}"#), b(claims.to_string().as_bytes()))
    }

    fn claims(nonce: &str) -> serde_json::Value {
        serde_json::json!({
            "iss": "https://login.example.com/contoso/v2.0", "aud": "procura-spa",
            "exp": NOW / 1000 + 3600, "nonce": nonce, "name": "Aiko Tanaka",
            "tid": "4d5e6f70-0000-4000-8000-00000000a001",
        })
    }

    /// A token endpoint that records each request's form and answers `answer`.
    struct Provider {
        seen: RefCell<Vec<String>>,
        answer: RefCell<(u16, serde_json::Value)>,
    }

    impl Provider {
        fn new(status: u16, body: serde_json::Value) -> Provider {
            Provider { seen: RefCell::new(Vec::new()), answer: RefCell::new((status, body)) }
        }

        fn http(
            &self,
        ) -> impl Fn(HttpRequest) -> std::future::Ready<Result<HttpResponse, std::io::Error>> + '_
        {
            move |req: HttpRequest| {
                self.seen.borrow_mut().push(String::from_utf8_lossy(req.body()).into_owned());
                let (status, body) = self.answer.borrow().clone();
                let resp = oauth2::http::Response::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(body.to_string().into_bytes())
                    .unwrap();
                std::future::ready(Ok(resp))
            }
        }
    }

    fn tokens(nonce: &str) -> serde_json::Value {
        serde_json::json!({
            "access_token": "eyJ.access.token", "token_type": "Bearer", "expires_in": 3600,
            "refresh_token": "refresh-1", "id_token": id_token(claims(nonce)),
        })
    }

    #[test]
    fn the_request_carries_pkce_state_nonce_and_the_scopes() {
        let (url, pending) = begin(&config(), &endpoints(), REDIRECT, "/orders", false).unwrap();
        let query: std::collections::HashMap<String, String> =
            oauth2::url::Url::parse(&url).unwrap().query_pairs().into_owned().collect();
        assert!(url.starts_with("https://login.example.com/contoso/oauth2/v2.0/authorize?"));
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["client_id"], "procura-spa");
        assert_eq!(query["redirect_uri"], REDIRECT);
        assert_eq!(query["code_challenge_method"], "S256");
        assert_eq!(query["state"], pending.state);
        assert_eq!(query["nonce"], pending.nonce);
        // Consent for both hosts at once; the Partner API's token comes after.
        assert_eq!(
            query["scope"],
            "https://api.partnercenter.microsoft.com/user_impersonation openid profile offline_access https://api.partner.microsoft.com/user_impersonation"
        );
        assert!(!query.contains_key("prompt"));
        assert!(pending.verifier.len() >= 43 && pending.state != pending.nonce);
        let (silent, _) = begin(&config(), &endpoints(), REDIRECT, "/", true).unwrap();
        assert!(silent.contains("prompt=none"));
    }

    #[test]
    fn the_redirect_is_read_whatever_it_brings() {
        assert_eq!(
            callback("?code=abc&state=s1&session_state=x"),
            Callback::Code { code: "abc".into(), state: "s1".into() }
        );
        assert_eq!(
            callback("error=login_required&error_description=AADSTS50058%3A+no+user&state=s1"),
            Callback::Refused {
                error: "login_required".into(),
                description: "AADSTS50058: no user".into(),
                state: Some("s1".into())
            }
        );
        assert_eq!(callback("view=AzureReservationsVM&q=d2s"), Callback::None);
        assert_eq!(callback("code=abc"), Callback::None, "a code without state is not ours");
    }

    #[test]
    fn a_code_is_redeemed_with_the_verifier_and_the_id_token_checked() {
        let (_, pending) = begin(&config(), &endpoints(), REDIRECT, "/", false).unwrap();
        let provider = Provider::new(200, tokens(&pending.nonce));
        let answer = Callback::Code { code: "the-code".into(), state: pending.state.clone() };
        let s = block_on(redeem(
            &provider.http(),
            &config(),
            &endpoints(),
            REDIRECT,
            &pending,
            answer,
            NOW,
        ))
        .unwrap();
        assert_eq!(s.access, Token::new("eyJ.access.token").unwrap());
        assert_eq!(
            (s.user.as_str(), s.tenant.as_deref()),
            ("Aiko Tanaka", Some("4d5e6f70-0000-4000-8000-00000000a001"))
        );
        assert_eq!(s.expires_at_ms, NOW + 3_600_000);
        assert_eq!(s.renew_at_ms(), NOW + 3_600_000 - 300_000);
        let form = provider.seen.borrow()[0].clone();
        assert!(form.contains("grant_type=authorization_code") && form.contains("code=the-code"));
        assert!(form.contains(&format!("code_verifier={}", pending.verifier)), "{form}");
        assert!(form.contains("client_id=procura-spa") && !form.contains("client_secret"));
        assert!(!format!("{s:?}").contains("eyJ.access.token"), "the token stays out of Debug");
    }

    #[test]
    fn a_foreign_answer_or_id_token_is_refused() {
        let (_, pending) = begin(&config(), &endpoints(), REDIRECT, "/", false).unwrap();
        let run = |p: &Provider, answer: Callback| {
            block_on(redeem(&p.http(), &config(), &endpoints(), REDIRECT, &pending, answer, NOW))
        };
        let ours = || Callback::Code { code: "c".into(), state: pending.state.clone() };
        let p = Provider::new(200, tokens(&pending.nonce));
        let other_state = Callback::Code { code: "c".into(), state: "someone-else".into() };
        assert_eq!(run(&p, other_state), Err(AuthFailure::StateMismatch));
        assert!(p.seen.borrow().is_empty(), "a foreign code is never redeemed");
        assert_eq!(
            run(&Provider::new(200, tokens("another-nonce")), ours()),
            Err(AuthFailure::NonceMismatch)
        );
        let mut t = tokens(&pending.nonce);
        t["id_token"] = id_token(serde_json::json!({"iss": "https://evil.example.com", "aud": "procura-spa", "exp": NOW / 1000 + 60, "nonce": pending.nonce})).into();
        assert_eq!(run(&Provider::new(200, t), ours()), Err(AuthFailure::IdToken));
        let mut t = tokens(&pending.nonce);
        t["id_token"] = id_token(serde_json::json!({"iss": "https://login.example.com/contoso/v2.0", "aud": ["another-app"], "exp": NOW / 1000 + 60, "nonce": pending.nonce})).into();
        assert_eq!(run(&Provider::new(200, t), ours()), Err(AuthFailure::IdToken));
        let refused = Provider::new(
            400,
            serde_json::json!({"error": "invalid_grant", "error_description": "AADSTS54005: OAuth2 Authorization code was already redeemed"}),
        );
        assert!(
            matches!(run(&refused, ours()), Err(AuthFailure::Authority { error, .. }) if error == "invalid_grant")
        );
        assert_eq!(
            run(&Provider::new(200, serde_json::json!({"oops": 1})), ours()),
            Err(AuthFailure::Unreadable)
        );
        let denied = Callback::Refused {
            error: "access_denied".into(),
            description: String::new(),
            state: Some(pending.state.clone()),
        };
        assert_eq!(run(&p, denied).unwrap_err().reason(), super::super::failure::Reason::Cancelled);
    }

    #[test]
    fn a_session_is_renewed_with_its_refresh_token() {
        let (_, pending) = begin(&config(), &endpoints(), REDIRECT, "/", false).unwrap();
        let p = Provider::new(200, tokens(&pending.nonce));
        let answer = Callback::Code { code: "c".into(), state: pending.state.clone() };
        let first =
            block_on(redeem(&p.http(), &config(), &endpoints(), REDIRECT, &pending, answer, NOW))
                .unwrap();
        // The renewal answers without an ID token and with a rotated refresh token.
        *p.answer.borrow_mut() = (
            200,
            serde_json::json!({"access_token": "eyJ.second", "token_type": "Bearer", "expires_in": 60, "refresh_token": "refresh-2"}),
        );
        let later = NOW + 3_000_000;
        let second =
            block_on(renew(&p.http(), &config(), &endpoints(), REDIRECT, &first, later)).unwrap();
        assert_eq!(second.access, Token::new("eyJ.second").unwrap());
        assert_eq!(second.refresh.as_ref().map(Token::expose), Some("refresh-2"));
        assert_eq!(second.user, "Aiko Tanaka", "the same user");
        assert_eq!(
            second.renew_at_ms(),
            later + 60_000 - 12_000,
            "a short token renews at 4/5 of its life"
        );
        assert!(
            p.seen.borrow()[1].contains("grant_type=refresh_token")
                && p.seen.borrow()[1].contains("refresh_token=refresh-1")
        );
        let gone = Session { refresh: None, ..second };
        assert_eq!(
            block_on(renew(&p.http(), &config(), &endpoints(), REDIRECT, &gone, later)),
            Err(AuthFailure::SignInNeeded)
        );
    }

    #[test]
    fn the_partner_api_token_is_a_second_token_from_the_refresh_token() {
        let (_, pending) = begin(&config(), &endpoints(), REDIRECT, "/", false).unwrap();
        let p = Provider::new(200, tokens(&pending.nonce));
        let answer = Callback::Code { code: "c".into(), state: pending.state.clone() };
        let session =
            block_on(redeem(&p.http(), &config(), &endpoints(), REDIRECT, &pending, answer, NOW))
                .unwrap();
        // The code is redeemed for Partner Center's scopes only.
        assert!(p.seen.borrow()[0].contains("user_impersonation"));
        assert!(!p.seen.borrow()[0].contains("api.partner.microsoft.com"));
        *p.answer.borrow_mut() = (
            200,
            serde_json::json!({"access_token": "eyJ.partner-api", "token_type": "Bearer", "expires_in": 1200, "refresh_token": "refresh-2"}),
        );
        let api =
            block_on(partner_api(&p.http(), &config(), &endpoints(), REDIRECT, &session, NOW))
                .unwrap();
        assert_eq!(api.access, Token::new("eyJ.partner-api").unwrap());
        assert_ne!(api.access, session.access, "held apart");
        assert_eq!(api.refresh.as_ref().map(Token::expose), Some("refresh-2"), "rotated");
        let asked = p.seen.borrow()[1].clone();
        assert!(asked.contains("grant_type=refresh_token"), "{asked}");
        assert!(
            asked.contains("scope=https%3A%2F%2Fapi.partner.microsoft.com%2Fuser_impersonation"),
            "{asked}"
        );
        // Renewed before the sooner of the two expires.
        let both = Session { partner_api: Some(api), ..session };
        assert_eq!(both.renew_at_ms(), NOW + 1_200_000 - 5 * 60_000);
        // Consent missing: the authority's refusal, told apart by its AADSTS code.
        *p.answer.borrow_mut() = (
            400,
            serde_json::json!({"error": "invalid_grant", "error_description": "AADSTS65001: The user or administrator has not consented"}),
        );
        let refused =
            block_on(partner_api(&p.http(), &config(), &endpoints(), REDIRECT, &both, NOW));
        assert_eq!(refused.unwrap_err().reason(), super::super::failure::Reason::ConsentMissing);
    }
}
