//! The client as pages get it: the endpoint and token from settings, the UI locale, one
//! rate limiter for the app, and cancellation when the page that asked is left.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use super::{Client, EmbeddedTransport, HttpTransport, Limiter, Transport};
use crate::i18n::use_i18n;
use crate::settings::{use_connection, Connection, Endpoint, Token};

/// The embedded sandbox's partner when no token is given: the Japanese demo partner.
pub const EMBEDDED_DEFAULT_TOKEN: &str = "sandbox-partner-sakura";

thread_local! {
    static OVERRIDE: RefCell<Option<Rc<dyn Transport>>> = const { RefCell::new(None) };
    /// One per app (the page is one partner tenant at a time), however many pages ask.
    static LIMITER: Limiter = Limiter::order_resource();
}

/// Replaces the transport for every client made from now on (tests: fault injection).
pub fn override_transport(t: Option<Rc<dyn Transport>>) {
    OVERRIDE.with(|o| *o.borrow_mut() = t);
}

/// A client for the current page. Its requests are aborted when the page is left.
pub fn use_client() -> Client {
    client_for(|conn| conn.token)
}

/// A client of the Partner API (price sheets) for the current page: the same endpoint, whose
/// address serves that host's `/v1.0/` paths too, with the Partner API's token.
pub fn use_partner_api_client() -> Client {
    client_for(|conn| conn.partner_api_token).for_partner_api()
}

fn client_for(which: fn(&Connection) -> RwSignal<Option<Token>>) -> Client {
    let conn = use_connection();
    let i18n = use_i18n();
    let limiter = LIMITER.with(Limiter::clone);
    let endpoint = conn.endpoint.get_untracked();
    let token = which(&conn).get_untracked();
    let transport: Rc<dyn Transport> = match OVERRIDE.with(|o| o.borrow().clone()) {
        Some(t) => t,
        None => match &endpoint {
            Endpoint::Embedded => Rc::new(EmbeddedTransport),
            Endpoint::Live(url) => Rc::new(HttpTransport { base: url.clone() }),
        },
    };
    let token = match (&endpoint, token) {
        (_, Some(t)) => Some(t),
        (Endpoint::Embedded, None) => Token::new(EMBEDDED_DEFAULT_TOKEN),
        (Endpoint::Live(_), None) => None,
    };
    let needs_token = matches!(endpoint, Endpoint::Live(_));
    let mut client = Client::new(transport, token, limiter)
        .with_locale(i18n.locale_untracked().culture())
        .requiring_token(needs_token);
    if needs_token {
        // A signed-in session renews its token while pages stay open.
        client = client.with_token_source(move || which(&conn).try_get_untracked().flatten());
    }
    if let Ok(controller) = web_sys::AbortController::new() {
        client = client.cancelled_by(controller.signal());
        on_cleanup(move || controller.abort());
    }
    client
}
