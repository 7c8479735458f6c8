//! Settings: the endpoint, the bearer token (memory only), the language, and a preview of
//! how amounts and dates look in it.

use leptos::prelude::*;

use crate::auth::AuthConfig;
use crate::components::LanguageSelect;
use crate::format;
use crate::i18n::{fill, use_i18n, Messages};
use crate::purchase::PartnerFacts;
use crate::settings::{use_connection, Endpoint, EndpointError, Token};
use crate::signin::use_sign_in;
use crate::state::use_purchase;

fn endpoint_error(m: &'static Messages, e: EndpointError) -> &'static str {
    match e {
        EndpointError::Scheme => m.settings_endpoint_error_scheme,
        EndpointError::Host => m.settings_endpoint_error_host,
        EndpointError::Spaces => m.settings_endpoint_error_spaces,
        EndpointError::QueryOrFragment => m.settings_endpoint_error_query,
    }
}

#[component]
pub fn SettingsPage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page settings">
            <h1>{move || i18n.m().settings_title}</h1>
            <EndpointForm/>
            <SignInForm/>
            <TokenForm/>
            <PartnerForm/>
            <fieldset>
                <legend>{move || i18n.m().settings_language_legend}</legend>
                <LanguageSelect/>
            </fieldset>
            <FormatPreview/>
        </section>
    }
    .into_any()
}

#[component]
fn EndpointForm() -> impl IntoView {
    let i18n = use_i18n();
    let conn = use_connection();
    let input = RwSignal::new(conn.endpoint.get_untracked().as_input().to_string());
    let error = RwSignal::new(None::<EndpointError>);
    let saved = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Endpoint::parse(&input.get_untracked()) {
            Ok(endpoint) => {
                input.set(endpoint.as_input().to_string());
                conn.set_endpoint(endpoint);
                error.set(None);
                saved.set(true);
            }
            Err(e) => {
                error.set(Some(e));
                saved.set(false);
            }
        }
    };
    let current = move || {
        let m = i18n.m();
        conn.endpoint.with(|e| match e {
            Endpoint::Embedded => m.endpoint_embedded.to_string(),
            Endpoint::Live(url) => url.clone(),
        })
    };
    // The three places Procura can talk to; the address field is for the third.
    let here = crate::browser::origin();
    let choice = {
        let here = here.clone();
        move || {
            conn.endpoint.with(|e| match e {
                Endpoint::Embedded => "embedded",
                Endpoint::Live(url) if *url == here => "gateway",
                Endpoint::Live(_) => "other",
            })
        }
    };
    let choose = move |to: Endpoint| {
        input.set(to.as_input().to_string());
        conn.set_endpoint(to);
        error.set(None);
        saved.set(true);
    };
    let gateway = Endpoint::parse(&here).ok();
    let url_field = NodeRef::<leptos::html::Input>::new();
    let (is_embedded, is_gateway, is_other) = {
        let (a, b, c) = (choice.clone(), choice.clone(), choice);
        (move || a() == "embedded", move || b() == "gateway", move || c() == "other")
    };
    view! {
        <form class="card" on:submit=on_submit>
            <fieldset>
                <legend>{move || i18n.m().settings_endpoint_legend}</legend>
                <div class="choices" role="radiogroup" aria-label=move || i18n.m().settings_endpoint_legend>
                    <label class="choice">
                        <input type="radio" name="endpoint-choice" prop:checked=is_embedded
                            on:change=move |_| choose(Endpoint::Embedded)/>
                        {move || i18n.m().settings_endpoint_choice_embedded}
                    </label>
                    {gateway.map(|g| view! {
                        <label class="choice">
                            <input type="radio" name="endpoint-choice" prop:checked=is_gateway
                                on:change=move |_| choose(g.clone())/>
                            {move || i18n.m().settings_endpoint_choice_gateway}
                        </label>
                    })}
                    <label class="choice">
                        <input type="radio" name="endpoint-choice" prop:checked=is_other
                            on:change=move |_| {
                                if let Some(el) = url_field.get() {
                                    let _ = el.focus();
                                }
                            }/>
                        {move || i18n.m().settings_endpoint_choice_other}
                    </label>
                </div>
                <label for="endpoint-url">{move || i18n.m().settings_endpoint_label}</label>
                <input
                    node_ref=url_field
                    id="endpoint-url"
                    type="url"
                    inputmode="url"
                    autocomplete="url"
                    placeholder="http://127.0.0.1:8787"
                    aria-describedby="endpoint-help"
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || input.get()
                    on:input=move |ev| {
                        input.set(event_target_value(&ev));
                        saved.set(false);
                    }
                />
                <p id="endpoint-help" class="help">{move || i18n.m().settings_endpoint_help}</p>
                {move || error.get().map(|e| view! {
                    <p class="error" role="alert">{move || endpoint_error(i18n.m(), e)}</p>
                })}
                {move || saved.get().then(|| view! {
                    <p class="ok" role="status">
                        {move || fill(i18n.m().settings_endpoint_saved, &[("endpoint", &current())])}
                    </p>
                })}
                <button type="submit">{move || i18n.m().settings_endpoint_save}</button>
            </fieldset>
        </form>
    }
}

/// Sign-in with Microsoft Entra ID: where (from the deployment's `config.json`, or typed
/// here), the state, and the buttons.
#[component]
fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = use_sign_in();
    let current = sign_in.config.get_untracked();
    let authority =
        RwSignal::new(current.as_ref().map(|c| c.authority.clone()).unwrap_or_default());
    let client_id = RwSignal::new(current.map(|c| c.client_id).unwrap_or_default());
    let config_error = RwSignal::new(None::<crate::auth::ConfigError>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match AuthConfig::new(&authority.get_untracked(), &client_id.get_untracked()) {
            Ok(c) => {
                config_error.set(None);
                sign_in.configure(c);
            }
            Err(e) => config_error.set(Some(e)),
        }
    };
    let status = move || match sign_in.session.get() {
        Some(s) => fill(
            i18n.m().signin_signed_in,
            &[("user", &s.user), ("tenant", s.tenant.as_deref().unwrap_or("?"))],
        ),
        None if sign_in.busy.get() => i18n.m().signin_busy.to_string(),
        None => i18n.m().signin_signed_out.to_string(),
    };
    view! {
        <form class="card" on:submit=save>
            <fieldset>
                <legend>{move || i18n.m().signin_legend}</legend>
                {move || if sign_in.deployed.get() {
                    let a = sign_in.config.with(|c| c.as_ref().map(|c| c.authority.clone()).unwrap_or_default());
                    view! { <p class="help">{move || fill(i18n.m().signin_deployed, &[("authority", &a)])}</p> }.into_any()
                } else {
                    view! {
                        <label for="signin-authority">{move || i18n.m().signin_authority_label}</label>
                        <input id="signin-authority" type="url" spellcheck="false" aria-describedby="signin-authority-help"
                            prop:value=move || authority.get() on:input=move |ev| authority.set(event_target_value(&ev))/>
                        <p id="signin-authority-help" class="help">{move || i18n.m().signin_authority_help}</p>
                        <label for="signin-client-id">{move || i18n.m().signin_client_id_label}</label>
                        <input id="signin-client-id" type="text" spellcheck="false"
                            prop:value=move || client_id.get() on:input=move |ev| client_id.set(event_target_value(&ev))/>
                        {move || config_error.get().map(|_| view! {
                            <p class="error" role="alert">{move || i18n.m().auth_not_configured}</p>
                        })}
                        <div class="buttons"><button type="submit">{move || i18n.m().signin_save}</button></div>
                    }.into_any()
                }}
                <p role="status" id="signin-state">{status}</p>
                {move || sign_in.failure.get().map(|f| {
                    let detail = f.detail();
                    view! {
                        <div class="notice error" role="alert">
                            <p>{move || f.message(i18n.m())}</p>
                            {detail.map(|d| view! { <p class="detail">{move || fill(i18n.m().common_details, &[("detail", &d)])}</p> })}
                        </div>
                    }
                })}
                {move || sign_in.partner_api_failure.get().map(|f| view! {
                    <p class="notice warning" role="status">
                        {move || fill(i18n.m().prices_partner_api_unavailable, &[("reason", f.message(i18n.m()))])}
                    </p>
                })}
                <div class="buttons">
                    <button type="button" class="primary"
                        disabled=move || sign_in.busy.get() || sign_in.config.with(Option::is_none) || sign_in.session.with(Option::is_some)
                        on:click=move |_| leptos::task::spawn_local(sign_in.begin(false))>
                        {move || i18n.m().signin_sign_in}
                    </button>
                    <button type="button" disabled=move || sign_in.session.with(Option::is_none)
                        on:click=move |_| leptos::task::spawn_local(sign_in.sign_out())>
                        {move || i18n.m().signin_sign_out}
                    </button>
                </div>
            </fieldset>
        </form>
    }
}

#[component]
fn TokenForm() -> impl IntoView {
    let i18n = use_i18n();
    let conn = use_connection();
    // The typed text lives only in this component; it is dropped when the page is left.
    let draft = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(token) = Token::new(&draft.get_untracked()) {
            conn.set_pasted_token(Some(token));
            draft.set(String::new());
        }
    };
    let has_token = move || conn.token.with(Option::is_some);
    view! {
        <form class="card" on:submit=on_submit>
            <fieldset>
                <legend>{move || i18n.m().settings_token_legend}</legend>
                <label for="bearer-token">{move || i18n.m().settings_token_label}</label>
                <input
                    id="bearer-token"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="token-help"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <p id="token-help" class="help">{move || i18n.m().settings_token_help}</p>
                <p role="status" id="token-state">
                    {move || if has_token() { i18n.m().settings_token_set } else { i18n.m().settings_token_none }}
                </p>
                <div class="buttons">
                    <button type="submit">{move || i18n.m().settings_token_save}</button>
                    <button type="button" disabled=move || !has_token() on:click=move |_| conn.set_pasted_token(None)>
                        {move || i18n.m().settings_token_clear}
                    </button>
                </div>
            </fieldset>
        </form>
    }
}

/// A message chosen by the active locale.
type Label = fn(&Messages) -> &'static str;

/// What the partner states about itself that the rules need: perpetual-software
/// qualification (not stated by default: then the rule stays silent).
#[component]
fn PartnerForm() -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let value = move || match purchase.partner.with(|p| p.perpetual_qualified) {
        None => "",
        Some(true) => "yes",
        Some(false) => "no",
    };
    let options: [(&str, Label); 3] = [
        ("", |m| m.settings_perpetual_unstated),
        ("yes", |m| m.settings_perpetual_yes),
        ("no", |m| m.settings_perpetual_no),
    ];
    view! {
        <fieldset class="card">
            <legend>{move || i18n.m().settings_partner_legend}</legend>
            <label for="perpetual-qualified">{move || i18n.m().settings_perpetual_label}</label>
            <select
                id="perpetual-qualified"
                aria-describedby="perpetual-help"
                on:change=move |ev| {
                    let qualified = match event_target_value(&ev).as_str() {
                        "yes" => Some(true),
                        "no" => Some(false),
                        _ => None,
                    };
                    let facts = purchase.partner.get_untracked();
                    purchase.state_facts(PartnerFacts { perpetual_qualified: qualified, ..facts });
                }
            >
                {options.into_iter().map(|(v, text)| view! {
                    <option value=v selected=move || value() == v>{move || text(i18n.m())}</option>
                }).collect_view()}
            </select>
            <p id="perpetual-help" class="help">{move || i18n.m().settings_perpetual_help}</p>
            <div class="check">
                <input
                    id="indirect-provider"
                    type="checkbox"
                    aria-describedby="indirect-help"
                    prop:checked=move || purchase.partner.with(|p| p.indirect_provider)
                    on:change=move |ev| {
                        let facts = purchase.partner.get_untracked();
                        purchase.state_facts(PartnerFacts { indirect_provider: event_target_checked(&ev), ..facts });
                    }
                />
                <label for="indirect-provider">{move || i18n.m().settings_indirect_label}</label>
            </div>
            <p id="indirect-help" class="help">{move || i18n.m().settings_indirect_help}</p>
        </fieldset>
    }
}

/// Shows how amounts and dates look in the chosen language, in the currencies our first
/// partners bill in.
#[component]
fn FormatPreview() -> impl IntoView {
    let i18n = use_i18n();
    const SAMPLES: [(&str, &str); 4] =
        [("1234567.5", "JPY"), ("1234567.5", "TWD"), ("1234567.5", "SEK"), ("1234567.5", "USD")];
    view! {
        <section class="card" aria-labelledby="formats-title">
            <h2 id="formats-title">{move || i18n.m().settings_formats_legend}</h2>
            <dl class="format-preview">
                <dt>{move || i18n.m().settings_formats_date}</dt>
                <dd id="format-date">{move || format::date(i18n.locale(), "2026-11-21")}</dd>
                {SAMPLES
                    .into_iter()
                    .map(|(amount, currency)| view! {
                        <dt>{move || i18n.m().settings_formats_amount} " (" {currency} ")"</dt>
                        <dd data-currency=currency>{move || format::money(i18n.locale(), amount, currency)}</dd>
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}
