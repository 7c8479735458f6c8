//! The indirect reseller of record a line is sold through, asked of indirect providers only
//! (a statement in Settings); on cart lines and traditional add-ons alike.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::state::use_purchase;

/// A PartnerID field with id `id`, starting at `value`; `on_change` gets the name typed, or
/// `None` when the field is blank: when the field is left, or at every keystroke if `live`
/// (not on a cart line, whose edit redraws the line). Shown only to a partner who said it is
/// an indirect provider.
fn named(text: String) -> Option<String> {
    Some(text).filter(|r| !r.trim().is_empty())
}

#[component]
pub fn ResellerField(
    id: String,
    value: Option<String>,
    on_change: Callback<Option<String>>,
    #[prop(optional)] live: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    move || {
        purchase.partner.with(|p| p.indirect_provider).then(|| {
            let (id, value) = (id.clone(), value.clone().unwrap_or_default());
            view! {
                <label for=id.clone()>{move || i18n.m().cart_reseller}</label>
                <input
                    id=id
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value=value
                    on:input=move |ev| {
                        if live {
                            on_change.run(named(event_target_value(&ev)));
                        }
                    }
                    on:change=move |ev| on_change.run(named(event_target_value(&ev)))
                />
            }
        })
    }
}
