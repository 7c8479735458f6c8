//! English text for findings, for the command line. The app localizes by `message_key`.

use crate::country::Country;
use crate::finding::{Finding, Rule};
use crate::tables::{AZURE_RESERVATION_SOURCE_NAMES, SOFTWARE_SUBSCRIPTION_SOURCE_NAMES};

pub fn template(rule: Rule) -> &'static str {
    match rule {
        Rule::CountryInvalid => "`{value}` is not an ISO 3166-1 alpha-2 country code.",
        Rule::MarketUnavailable => "{kind} is not sold in {country_name} ({country}).",
        Rule::KindInvalid => "`{value}` is not a product kind; use one of {allowed}.",
        Rule::TermInvalid => {
            "`{value}` is not a term Partner Center accepts; use one of {allowed}."
        }
        Rule::TermNotOffered => {
            "The availability does not offer the term {term}; it offers {allowed}."
        }
        Rule::RenewsToInvalid => "A subscription can renew only to {allowed}, not `{value}`.",
        Rule::BillingInvalid => "`{value}` is not a billing cycle; use one of {allowed}.",
        Rule::BillingExceedsTerm => "{billing} billing cannot be charged within a {term} term.",
        Rule::BillingNotSupported => {
            "The SKU does not support {billing} billing; it supports {allowed}."
        }
        Rule::PerpetualNotQualified => {
            "Perpetual software can be bought only by a partner that has been qualified for it."
        }
        Rule::InventoryCheckMissing => {
            "The SKU needs a passed inventory check before it is bought."
        }
        Rule::RegistrationMissing => {
            "The customer's Azure subscription must be registered for reservation purchases first."
        }
        Rule::ProvisioningMissing => "Fill the provisioning details: {variables}.",
        Rule::QuantityInvalid => "The quantity `{value}` is not a whole number.",
        Rule::QuantityBelowMinimum => "The quantity {quantity} is below the minimum of {min}.",
        Rule::QuantityAboveMaximum => "The quantity {quantity} is above the maximum of {max}.",
        Rule::AvailabilityCountry => {
            "The availability is for {availability}, the customer is in {customer}."
        }
        Rule::AvailabilityCurrency => {
            "The availability is priced in {availability}, the customer pays in {customer}."
        }
        Rule::AvailabilitySegment => {
            "The availability is for the {availability} segment, the customer is {customer}."
        }
        Rule::AddonParentMissing => "An add-on must name the subscription it is added to.",
        Rule::AttestationMissing => "Partner Center sells this SKU only with your attestation: accept its conditions on the line.",
        Rule::ResellerIdInvalid => {
            "The indirect reseller's PartnerID {id} is not a PartnerID (a number such as 5357564)."
        }
        Rule::CloudUnavailable => "{kind} cannot be bought in the {cloud} cloud.",
        Rule::ValueInvalid => "`{value}` is not a valid {field}.",
        Rule::CartMixedCurrency => {
            "This line is priced in {currency}, the rest of the cart in {cart}."
        }
        Rule::CartDuplicateLine => {
            "The same item, term and billing as line {line}: raise that line's quantity instead."
        }
    }
}

/// The English names the sources give for a market (`Bonaire, Saba, Sint Eustatius` for BQ).
pub fn country_name(c: Country) -> String {
    let code = c.as_str();
    let mut names: Vec<&str> = SOFTWARE_SUBSCRIPTION_SOURCE_NAMES
        .iter()
        .chain(AZURE_RESERVATION_SOURCE_NAMES)
        .filter(|(k, _)| *k == code)
        .map(|(_, n)| n[0])
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        code.to_string()
    } else {
        names.join(", ")
    }
}

fn kind_label(name: &str) -> &str {
    match name {
        "software-subscription" => "A software subscription",
        "perpetual-software" => "Perpetual software",
        "azure-reservation" => "An Azure reservation",
        "online-service" => "An online service",
        "add-on" => "An add-on",
        other => other,
    }
}

/// The finding as an English sentence.
pub fn message(f: &Finding) -> String {
    let mut out = String::new();
    let mut rest = template(f.rule);
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('}').unwrap_or(after.len());
        let name = &after[..end];
        match name {
            "field" => out.push_str(f.field.name()),
            "kind" => out.push_str(kind_label(f.get("kind").unwrap_or("?"))),
            "country_name" => out.push_str(
                &f.get("country").and_then(Country::parse).map(country_name).unwrap_or_default(),
            ),
            _ => out.push_str(f.get(name).unwrap_or("?")),
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Field, Severity};

    #[test]
    fn every_placeholder_has_an_argument_source() {
        // Arguments named in templates must be ones the checks set (or derived above).
        for rule in Rule::ALL {
            let t = template(*rule);
            assert!(t.ends_with('.'), "{t}");
            assert_eq!(t.matches('{').count(), t.matches('}').count(), "{t}");
        }
    }

    #[test]
    fn shared_codes_name_every_market() {
        assert_eq!(country_name(Country::parse("BQ").unwrap()), "Bonaire, Saba, Sint Eustatius");
        assert_eq!(country_name(Country::parse("SJ").unwrap()), "Jan Mayen, Svalbard");
        assert_eq!(country_name(Country::parse("JP").unwrap()), "JP");
        let f = Finding::new(Rule::MarketUnavailable, Severity::Block, Field::Country)
            .arg("kind", "software-subscription")
            .arg("country", "BR");
        assert_eq!(message(&f), "A software subscription is not sold in Brazil (BR).");
    }
}
