//! Localization: compile-time checked message tables (generated from `locales/`), the
//! active locale as a context signal, and how it is chosen and remembered.

mod fill;
mod locale;
pub mod messages;

pub use fill::fill;
pub use locale::{negotiate, Locale};
pub use messages::Messages;

use leptos::prelude::*;

use crate::{browser, storage};

const STORAGE_KEY: &str = "procura.locale";

/// A wire value (a billing cycle, an order status, a charge type) as the partner reads it:
/// the message `section.value` (lowercase, `-` and spaces as `_`), or the value itself when
/// the service sends one we have no words for.
pub fn label(locale: Locale, section: &str, value: &str) -> String {
    let key = format!("{section}.{}", value.trim().to_ascii_lowercase().replace(['-', ' '], "_"));
    locale.messages().by_key(&key).map_or_else(|| value.to_string(), str::to_string)
}

/// The active locale, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The active locale (tracked).
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    pub fn locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// The active locale's messages (tracked): `move || i18n.m().nav_cart`.
    pub fn m(&self) -> &'static Messages {
        self.locale.get().messages()
    }

    /// Switches the UI language and remembers the choice for the next visit.
    pub fn set_locale(&self, locale: Locale) {
        // A preference: if it cannot be remembered, the next visit negotiates again.
        let _ = storage::write(STORAGE_KEY, locale.tag());
        self.locale.set(locale);
    }
}

/// The remembered choice if there is one, else the browser's preference.
fn initial_locale() -> Locale {
    let remembered = storage::read(STORAGE_KEY).ok().flatten();
    remembered.and_then(|tag| Locale::from_tag(&tag)).unwrap_or_else(|| {
        let langs = browser::preferred_languages();
        negotiate(langs.iter().map(String::as_str))
    })
}

/// Provides `I18n` to the tree below and keeps `<html lang>` and the title in step.
pub fn provide_i18n() -> I18n {
    let i18n = I18n { locale: RwSignal::new(initial_locale()) };
    provide_context(i18n);
    Effect::new(move |_| {
        let locale = i18n.locale();
        browser::set_document_lang(locale.tag());
        browser::set_document_title(locale.messages().app_name);
    });
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
