//! The rules' verdict on a cart, and each finding as a sentence in the partner's language.

use procura_rules::{self as rules, Finding};

use super::draft::CartDraft;
use super::partner::PartnerFacts;
use crate::format;
use crate::i18n::{fill, label, Locale};

pub fn check(draft: &CartDraft, partner: PartnerFacts) -> rules::CartVerdict {
    let intents: Vec<_> =
        draft.lines.iter().map(|l| l.intent(&draft.customer.country, partner)).collect();
    rules::check_cart(&intents)
}

/// Why a SKU has no availability in the customer's market, where the rules know it: its
/// kind is not sold in the customer's country (the finding a line for it would get).
pub fn not_sold_in(kind: rules::ProductKind, country: &str) -> Option<Finding> {
    let mut intent = rules::PurchaseIntent::new(kind);
    intent.customer.country = rules::Country::parse(country);
    rules::check(&intent).findings.into_iter().find(|f| f.rule == rules::Rule::MarketUnavailable)
}

/// The finding's message with its arguments, localized where they are names.
pub fn message(f: &Finding, locale: Locale) -> String {
    let m = locale.messages();
    let Some(template) = m.by_key(&f.rule.message_key()) else {
        return procura_rules::english::message(f);
    };
    let mut args: Vec<(&str, String)> = f.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    for (k, v) in args.iter_mut() {
        match *k {
            "kind" => *v = label(locale, "kind", v),
            "billing" => *v = label(locale, "billing", v),
            "term" => *v = label(locale, "term", v),
            _ => {}
        }
    }
    if let Some(c) = f.get("country") {
        args.push(("country_name", format::region_name(locale, c)));
    }
    args.push(("field", f.field.name().to_string()));
    let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(template, &refs)
}

pub fn severity_label(f: &Finding, locale: Locale) -> &'static str {
    let m = locale.messages();
    match f.severity {
        rules::Severity::Block => m.severity_block,
        rules::Severity::Warn => m.severity_warn,
    }
}

/// A billing cycle or term as the partner reads it.
pub fn billing_label(locale: Locale, wire: &str) -> String {
    label(locale, "billing", wire)
}

pub fn term_label(locale: Locale, duration: Option<&str>) -> String {
    match duration {
        Some(d) if !d.is_empty() => label(locale, "term", d),
        _ => locale.messages().term_none.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purchase::{CustomerRef, DraftLine};

    #[test]
    fn every_rule_has_a_message_in_every_locale() {
        for l in Locale::ALL {
            for r in rules::Rule::ALL {
                assert!(l.messages().by_key(&r.message_key()).is_some(), "{r:?} in {l:?}");
            }
        }
    }

    #[test]
    fn a_software_subscription_for_brazil_is_blocked_in_every_language() {
        let mut d = CartDraft::new(CustomerRef {
            id: "c".into(),
            name: "Ipanema".into(),
            country: "BR".into(),
        });
        d.lines.push(DraftLine {
            catalog_item_id: "DG7GMGF0FKZV:0001:BRBRLCOM".into(),
            kind: rules::ProductKind::SoftwareSubscription,
            quantity: 1,
            term: rules::Term::parse("P1Y"),
            billing: Some(procura_partner_center::BillingCycle::OneTime),
            ..Default::default()
        });
        let v = check(&d, PartnerFacts::default());
        assert!(v.is_blocked());
        let f =
            v.lines[0].findings.iter().find(|f| f.rule == rules::Rule::MarketUnavailable).unwrap();
        let texts: Vec<String> = Locale::ALL.iter().map(|l| message(f, *l)).collect();
        assert!(
            texts[0].starts_with("Software subscriptions: not sold in BR (BR)"),
            "{}",
            texts[0]
        );
        assert!(texts[1].contains("ソフトウェア サブスクリプション"), "{}", texts[1]);
        assert!(texts[2].contains("軟體訂閱"), "{}", texts[2]);
        assert!(texts[3].contains("Programvaruprenumerationer"), "{}", texts[3]);
        assert!(texts.iter().all(|t| !t.contains('{')), "{texts:?}");
    }

    #[test]
    fn a_sku_without_availability_says_why_where_the_rules_know() {
        use rules::ProductKind as K;
        let f = not_sold_in(K::AzureReservation, "CN").expect("reservations are not sold in China");
        assert_eq!(f.severity, rules::Severity::Block);
        assert!(not_sold_in(K::AzureReservation, "JP").is_none());
        assert!(not_sold_in(K::PerpetualSoftware, "CN").is_none(), "no table: not the rules'");
        assert!(not_sold_in(K::SoftwareSubscription, "not a country").is_none());
    }

    #[test]
    fn perpetual_software_follows_what_the_partner_stated() {
        let mut d = CartDraft::new(CustomerRef {
            id: "c".into(),
            name: "Hokusai".into(),
            country: "JP".into(),
        });
        d.lines.push(DraftLine {
            kind: rules::ProductKind::PerpetualSoftware,
            quantity: 1,
            billing: Some(procura_partner_center::BillingCycle::OneTime),
            ..Default::default()
        });
        let fired = |p: PartnerFacts| {
            check(&d, p).lines[0]
                .findings
                .iter()
                .any(|f| f.rule == rules::Rule::PerpetualNotQualified)
        };
        assert!(!fired(PartnerFacts::default()), "not stated: Partner Center decides");
        assert!(!fired(PartnerFacts { perpetual_qualified: Some(true), ..Default::default() }));
        assert!(fired(PartnerFacts { perpetual_qualified: Some(false), ..Default::default() }));
    }
}
