//! The four UI locales and how one is chosen from the browser's preferences.

use super::messages::{Messages, EN, JA, SV, ZH_TW};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    Ja,
    ZhTw,
    Sv,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Ja, Locale::ZhTw, Locale::Sv];

    /// BCP 47 tag: for `<html lang>` and `Intl` (the `X-Locale` header takes [`Locale::culture`]).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ja => "ja",
            Locale::ZhTw => "zh-TW",
            Locale::Sv => "sv",
        }
    }

    /// The culture name Partner Center's `X-Locale` takes.
    pub fn culture(self) -> &'static str {
        match self {
            Locale::En => "en-US",
            Locale::Ja => "ja-JP",
            Locale::ZhTw => "zh-TW",
            Locale::Sv => "sv-SE",
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::En => &EN,
            Locale::Ja => &JA,
            Locale::ZhTw => &ZH_TW,
            Locale::Sv => &SV,
        }
    }

    /// Exactly one of our own tags (as stored or put in a `<select>`), case-insensitively.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// What one browser language tag (`sv-SE`, `zh-Hant-HK`, `ja`) maps to, if anything.
    /// Chinese maps to Traditional unless the tag asks for Simplified (script or region).
    fn from_browser_tag(tag: &str) -> Option<Locale> {
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        match parts.next()? {
            "en" => Some(Locale::En),
            "ja" => Some(Locale::Ja),
            "sv" => Some(Locale::Sv),
            "zh" => {
                let simplified = parts.any(|p| matches!(p, "hans" | "cn" | "sg" | "my"));
                (!simplified).then_some(Locale::ZhTw)
            }
            _ => None,
        }
    }
}

/// The first of the browser's preferred languages that we speak; English otherwise.
pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
    preferred.into_iter().find_map(Locale::from_browser_tag).unwrap_or(Locale::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_first_supported_language() {
        assert_eq!(negotiate(["sv-SE", "en-US"]), Locale::Sv);
        assert_eq!(negotiate(["de-DE", "ja-JP", "en"]), Locale::Ja);
        assert_eq!(negotiate(["fr", "de"]), Locale::En);
        assert_eq!(negotiate([]), Locale::En);
    }

    #[test]
    fn chinese_maps_to_traditional_unless_simplified_is_asked_for() {
        assert_eq!(negotiate(["zh-TW"]), Locale::ZhTw);
        assert_eq!(negotiate(["zh-Hant-HK"]), Locale::ZhTw);
        assert_eq!(negotiate(["zh_tw"]), Locale::ZhTw);
        assert_eq!(negotiate(["zh-CN", "sv"]), Locale::Sv);
        assert_eq!(negotiate(["zh-Hans", "ja"]), Locale::Ja);
    }

    #[test]
    fn stored_tags_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Locale::from_tag("ZH-tw"), Some(Locale::ZhTw));
        assert_eq!(Locale::from_tag("de"), None);
        assert_eq!(Locale::from_tag(""), None);
    }
}

#[cfg(test)]
mod message_tests {
    use super::Locale;
    use crate::i18n::messages::KEYS;

    /// The build already refuses missing keys; this refuses empty ones.
    #[test]
    fn every_key_has_text_in_every_locale() {
        assert!(KEYS.len() > 50);
        for l in Locale::ALL {
            for key in KEYS {
                let text = l.messages().by_key(key).unwrap_or_else(|| panic!("{key}"));
                assert!(!text.trim().is_empty(), "{} `{key}` is empty", l.tag());
            }
        }
    }

    #[test]
    fn locales_differ_where_they_should() {
        assert_ne!(Locale::En.messages().nav_cart, Locale::Ja.messages().nav_cart);
        assert_ne!(Locale::Ja.messages().nav_cart, Locale::ZhTw.messages().nav_cart);
        assert_ne!(Locale::En.messages().nav_cart, Locale::Sv.messages().nav_cart);
    }
}
