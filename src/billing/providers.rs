//! What an invoice bills besides one-time charges. Procura reads an invoice's one-time
//! billing lines (`provider=onetime`); an invoice whose `invoiceDetails` name other billing
//! providers (license-based `office`, usage-based `azure`) also has lines of theirs, so its
//! one-time lines are only part of its total, or none of it.

use procura_partner_center as pc;

/// How much of an invoice its one-time lines are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OneTimeShare {
    /// Every line it bills is one-time: the lines must add up to its total.
    All,
    /// One-time lines and others (the providers named): the lines are only part of it.
    Part(Vec<String>),
    /// No one-time lines at all (the providers named): there is nothing to read.
    None(Vec<String>),
}

fn is_one_time(provider: &str) -> bool {
    let p = provider.trim().to_ascii_lowercase().replace('_', "");
    p == "onetime" || p == "all"
}

/// Reads the invoice's details. An invoice that names no provider is taken by its type
/// (`invoiceType` one-time, or none given: as the one-time invoices of the examples).
pub fn one_time_share(invoice: &pc::Invoice) -> OneTimeShare {
    let mut others: Vec<String> = invoice
        .invoice_details
        .iter()
        .map(|d| d.billing_provider.trim().to_string())
        .filter(|p| !p.is_empty() && !is_one_time(p) && !p.eq_ignore_ascii_case("none"))
        .collect();
    others.sort_by_key(|p| p.to_ascii_lowercase());
    others.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let has_one_time = invoice.invoice_details.iter().any(|d| is_one_time(&d.billing_provider));
    let recurring =
        invoice.invoice_type.as_deref().is_some_and(|t| t.trim().eq_ignore_ascii_case("recurring"));
    match (has_one_time, others.is_empty()) {
        (true, true) => OneTimeShare::All,
        (true, false) => OneTimeShare::Part(others),
        (false, false) => OneTimeShare::None(others),
        // No provider named: the invoice's type decides.
        (false, true) if recurring => OneTimeShare::None(Vec::new()),
        (false, true) => OneTimeShare::All,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice(providers: &[&str], invoice_type: Option<&str>) -> pc::Invoice {
        let details: Vec<serde_json::Value> = providers
            .iter()
            .map(|p| serde_json::json!({"invoiceLineItemType": "billing_line_items", "billingProvider": p}))
            .collect();
        let json = serde_json::json!({"id": "G1", "currencyCode": "USD", "totalCharges": 1, "paidAmount": 0,
            "invoiceDetails": details, "invoiceType": invoice_type});
        pc::from_value(json).unwrap()
    }

    #[test]
    fn the_share_of_one_time_lines_from_the_details_or_the_type() {
        assert_eq!(one_time_share(&invoice(&["one_time"], Some("OneTime"))), OneTimeShare::All);
        assert_eq!(one_time_share(&invoice(&["OneTime", "all"], None)), OneTimeShare::All);
        assert_eq!(
            one_time_share(&invoice(&["one_time", "office", "Office", "azure"], None)),
            OneTimeShare::Part(vec!["azure".into(), "office".into()])
        );
        assert_eq!(
            one_time_share(&invoice(&["office"], Some("Recurring"))),
            OneTimeShare::None(vec!["office".into()])
        );
        assert_eq!(one_time_share(&invoice(&[], Some("recurring"))), OneTimeShare::None(vec![]));
        assert_eq!(one_time_share(&invoice(&[], None)), OneTimeShare::All);
        assert_eq!(one_time_share(&invoice(&["none"], Some("OneTime"))), OneTimeShare::All);
    }
}
