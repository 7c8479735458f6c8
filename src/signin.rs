//! Signing in, in the page: the sign-in state shared through context, the redirect to the
//! authority and back, the silent return after a reload (`prompt=none`), renewal before
//! expiry, and signing out. The protocol is `auth::flow`'s. Tokens live in memory only (the
//! session signal, and the connection's token the client sends); the sign-in under way is
//! kept in sessionStorage across its redirect, with a flag that this tab is signed in.

use leptos::prelude::*;

use crate::api::oauth_http;
use crate::auth::{self, AuthConfig, AuthFailure, Callback, Endpoints, Pending, Session};
use crate::browser;
use crate::settings::{use_connection, Connection};
use crate::storage;

const PENDING_KEY: &str = "procura.signin.pending";
/// Set while this tab is signed in (never a token): after a reload, come back silently.
const ACTIVE_KEY: &str = "procura.signin.active";
/// The authority and client id typed in Settings, when no `config.json` sets them.
const CONFIG_KEY: &str = "procura.signin.config";

#[derive(Clone, Copy)]
pub struct SignIn {
    pub config: RwSignal<Option<AuthConfig>>,
    /// Set by the deployment's `config.json` (Settings shows it, does not change it).
    pub deployed: RwSignal<bool>,
    pub session: RwSignal<Option<Session>>,
    pub failure: RwSignal<Option<AuthFailure>>,
    /// Why the Partner API's token (price sheets) could not be had, while signed in.
    pub partner_api_failure: RwSignal<Option<AuthFailure>>,
    pub busy: RwSignal<bool>,
    /// Counts sessions, so a renewal loop of an older one stops.
    generation: RwSignal<u32>,
    /// The authority's endpoints, read from its discovery document once per authority.
    discovered: StoredValue<Option<(AuthConfig, Endpoints)>>,
    conn: Connection,
}

/// Provides the sign-in state and starts it: an answer from the authority in the address is
/// taken out of it at once (before the router reads it) and redeemed; otherwise a tab that
/// was signed in tries to come back silently.
pub fn provide_sign_in() -> SignIn {
    let saved =
        storage::read(CONFIG_KEY).ok().flatten().and_then(|t| AuthConfig::from_json(&t).ok());
    let s = SignIn {
        config: RwSignal::new(saved),
        deployed: RwSignal::new(false),
        session: RwSignal::new(None),
        failure: RwSignal::new(None),
        partner_api_failure: RwSignal::new(None),
        busy: RwSignal::new(false),
        generation: RwSignal::new(0),
        discovered: StoredValue::new(None),
        conn: use_connection(),
    };
    provide_context(s);
    // Another endpoint ends the session: its tokens (and their renewals) are not sent there.
    Effect::watch(
        move || s.conn.endpoint.get(),
        move |now, before, _| {
            if before.is_some_and(|b| b != now) {
                s.forget();
            }
        },
        false,
    );
    let answer = auth::flow::callback(&browser::location_search());
    let pending: Option<Pending> = storage::session_read(PENDING_KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok());
    let returning = match (answer, pending) {
        (Callback::None, _) | (_, None) => None,
        (answer, Some(p)) => {
            // The code must not stay in the address bar, the history or a bookmark.
            browser::replace_address(&p.return_to);
            let _ = storage::session_remove(PENDING_KEY);
            Some((p, answer))
        }
    };
    leptos::task::spawn_local(s.start_up(returning));
    s
}

pub fn use_sign_in() -> SignIn {
    expect_context::<SignIn>()
}

fn redirect_uri() -> String {
    format!("{}/", browser::origin())
}

async fn endpoints(config: &AuthConfig) -> Result<Endpoints, AuthFailure> {
    match oauth_http::get_text(&config.discovery_url()).await {
        Some((200, text)) => Endpoints::from_json(&text).ok_or(AuthFailure::Discovery),
        Some(_) => Err(AuthFailure::Discovery),
        None => Err(AuthFailure::Network),
    }
}

impl SignIn {
    /// The configured authority and its endpoints.
    async fn authority(self) -> Result<(AuthConfig, Endpoints), AuthFailure> {
        let config = self
            .config
            .get_untracked()
            .ok_or(AuthFailure::NotConfigured(auth::ConfigError::Authority))?;
        if let Some((c, e)) = self.discovered.get_value().filter(|(c, _)| *c == config) {
            return Ok((c, e));
        }
        let e = endpoints(&config).await?;
        self.discovered.set_value(Some((config.clone(), e.clone())));
        Ok((config, e))
    }

    async fn start_up(self, returning: Option<(Pending, Callback)>) {
        // A deployment's config.json wins over what Settings remembers.
        if let Some((200, text)) =
            oauth_http::get_text(&format!("{}/config.json", browser::origin())).await
        {
            if let Ok(c) = AuthConfig::from_json(&text) {
                self.config.set(Some(c));
                self.deployed.set(true);
            }
        }
        match returning {
            Some((pending, answer)) => self.finish(pending, answer).await,
            None => {
                let was_signed_in = storage::session_read(ACTIVE_KEY).ok().flatten().is_some();
                if was_signed_in && self.config.with_untracked(Option::is_some) {
                    self.begin(true).await;
                }
            }
        }
    }

    /// What Settings' form saves (no secret in it).
    pub fn configure(self, config: AuthConfig) {
        if let Ok(text) = serde_json::to_string(&config) {
            let _ = storage::write(CONFIG_KEY, &text);
        }
        self.config.set(Some(config));
    }

    /// Sends the browser to the authority; `silent` asks it not to show anything
    /// (`prompt=none`), for the return after a reload.
    pub async fn begin(self, silent: bool) {
        self.busy.set(true);
        self.failure.set(None);
        let started = self.authority().await.and_then(|(config, e)| {
            auth::flow::begin(&config, &e, &redirect_uri(), &browser::location_path(), silent)
        });
        match started {
            Ok((url, pending)) => match serde_json::to_string(&pending) {
                Ok(text) if storage::session_write(PENDING_KEY, &text).is_ok() => {
                    browser::navigate_away(&url)
                }
                // Without the record the answer could not be checked: do not go.
                _ => self.failed(AuthFailure::NotSaved),
            },
            Err(f) => self.failed(f),
        }
    }

    async fn finish(self, pending: Pending, answer: Callback) {
        self.busy.set(true);
        let result = match self.authority().await {
            Ok((config, e)) => {
                let http = oauth_http::client();
                let now = browser::now_ms();
                auth::flow::redeem(&http, &config, &e, &redirect_uri(), &pending, answer, now).await
            }
            Err(f) => Err(f),
        };
        match result {
            Ok(session) => self.signed_in(session),
            // A silent return that found no session at the authority: ask to sign in.
            Err(f) if pending.silent => {
                let _ = storage::session_remove(ACTIVE_KEY);
                self.failed(match f.reason() {
                    auth::Reason::SignInNeeded
                    | auth::Reason::ConsentMissing
                    | auth::Reason::MfaRequired => f,
                    _ => AuthFailure::SignInNeeded,
                })
            }
            Err(f) => self.failed(f),
        }
    }

    fn failed(self, f: AuthFailure) {
        self.busy.set(false);
        self.failure.set(Some(f));
    }

    fn signed_in(self, session: Session) {
        let _ = storage::session_write(ACTIVE_KEY, "1");
        self.conn.token.set(Some(session.access.clone()));
        self.session.set(Some(session));
        self.failure.set(None);
        self.busy.set(false);
        self.generation.update(|g| *g += 1);
        let generation = self.generation.get_untracked();
        leptos::task::spawn_local(async move {
            self.fetch_partner_api(generation).await;
            self.keep_fresh(generation);
        });
    }

    /// The Partner API's token for the current session; without it Procura purchases as
    /// before, only the price sheets are out of reach (and Settings says why).
    async fn fetch_partner_api(self, generation: u32) {
        let Some(current) = self.session.get_untracked() else { return };
        let got = match self.authority().await {
            Ok((config, e)) => {
                let http = oauth_http::client();
                let now = browser::now_ms();
                auth::flow::partner_api(&http, &config, &e, &redirect_uri(), &current, now).await
            }
            Err(f) => Err(f),
        };
        if self.generation.try_get_untracked() != Some(generation) {
            return;
        }
        match got {
            Ok(api) => {
                self.conn.partner_api_token.set(Some(api.access.clone()));
                self.session.update(|s| {
                    if let Some(s) = s {
                        // A rotated refresh token replaces the one just used.
                        if let Some(r) = api.refresh.clone() {
                            s.refresh = Some(r);
                        }
                        s.partner_api = Some(api);
                    }
                });
                self.partner_api_failure.set(None);
            }
            Err(f) => {
                self.conn.partner_api_token.set(None);
                self.partner_api_failure.set(Some(f));
            }
        }
    }

    /// Renews the access token before it expires, until signed out or superseded.
    fn keep_fresh(self, generation: u32) {
        leptos::task::spawn_local(async move {
            loop {
                let Some(current) = self.session.get_untracked() else { return };
                let wait = (current.renew_at_ms() - browser::now_ms()).max(1_000);
                browser::sleep_ms(wait as u64).await;
                if self.generation.try_get_untracked() != Some(generation) {
                    return;
                }
                let renewed = match self.authority().await {
                    Ok((config, e)) => {
                        let http = oauth_http::client();
                        let now = browser::now_ms();
                        auth::flow::renew(&http, &config, &e, &redirect_uri(), &current, now).await
                    }
                    Err(f) => Err(f),
                };
                match renewed {
                    Ok(next) => {
                        self.conn.token.set(Some(next.access.clone()));
                        self.session.set(Some(next));
                        self.fetch_partner_api(generation).await;
                    }
                    Err(f) => {
                        self.forget();
                        self.failed(f);
                        return;
                    }
                }
            }
        });
    }

    fn forget(self) {
        let _ = storage::session_remove(ACTIVE_KEY);
        self.generation.update(|g| *g += 1);
        self.session.set(None);
        self.conn.token.set(None);
        self.conn.partner_api_token.set(None);
        self.partner_api_failure.set(None);
    }

    /// Forgets the tokens here, then ends the authority's session too where it says how.
    pub async fn sign_out(self) {
        self.forget();
        self.failure.set(None);
        if let Ok((config, Endpoints { end_session_endpoint: Some(url), .. })) =
            self.authority().await
        {
            let back = oauth2::url::form_urlencoded::Serializer::new(String::new())
                .append_pair("client_id", &config.client_id)
                .append_pair("post_logout_redirect_uri", &redirect_uri())
                .finish();
            let sep = if url.contains('?') { '&' } else { '?' };
            browser::navigate_away(&format!("{url}{sep}{back}"));
        }
    }
}
