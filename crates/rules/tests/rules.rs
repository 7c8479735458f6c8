//! One test per rule, plus the market table against its sources. Runs natively and, compiled
//! to wasm, in headless Chromium (`cargo xtask test`), so the browser's engine is the same.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use procura_rules::*;
use std::collections::BTreeSet;

macro_rules! rule_test {
    ($(fn $name:ident() $body:block)*) => {$(
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn $name() $body
    )*};
}

fn c(code: &str) -> Country {
    Country::parse(code).unwrap()
}

/// A software subscription for a Japanese customer that Partner Center would accept.
fn good<'a>() -> PurchaseIntent<'a> {
    let mut i = PurchaseIntent::new(ProductKind::SoftwareSubscription);
    i.customer = Market {
        country: Some(c("JP")),
        currency: Currency::parse("JPY"),
        segment: Some(Segment::Commercial),
    };
    i.term = Term::parse("P1Y");
    i.billing = BillingCycle::parse("annual");
    i.quantity = Some(5);
    i
}

fn rules_of(v: &Verdict) -> Vec<&'static str> {
    v.findings.iter().map(|f| f.rule.id()).collect()
}

fn only(v: &Verdict, rule: Rule, severity: Severity, field: Field) {
    assert_eq!(v.findings.len(), 1, "{:?}", rules_of(v));
    let f = &v.findings[0];
    assert_eq!((f.rule, f.severity, f.field), (rule, severity, field));
}

/// Names in a verbatim source table, in reading order (column by column).
fn source_names(md: &str) -> Vec<String> {
    let rows: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with("> |") && !l.contains("---"))
        .skip(1)
        .map(|l| {
            l[3..]
                .trim_end()
                .trim_end_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    (0..3)
        .flat_map(|col| rows.iter().filter_map(move |r| r.get(col).cloned()))
        .filter(|n| !n.is_empty() && n != "&nbsp;")
        .collect()
}

rule_test! {
    fn a_good_intent_has_no_findings() {
        assert_eq!(check(&good()), Verdict::default());
    }

    fn market_blocks_brazil_for_software_subscriptions_and_reservations() {
        let mut i = good();
        i.customer.country = Some(c("BR"));
        only(&check(&i), Rule::MarketUnavailable, Severity::Block, Field::Country);
        i.kind = ProductKind::AzureReservation;
        i.subscription_registered = Some(true);
        i.inventory_checked = Some(true);
        i.billing = BillingCycle::parse("one_time");
        assert!(check(&i).has(Rule::MarketUnavailable));
        // Perpetual software has no market table in the sources.
        i.kind = ProductKind::PerpetualSoftware;
        assert!(!check(&i).has(Rule::MarketUnavailable));
    }

    fn bonaire_saba_and_sint_eustatius_are_all_bq() {
        let names = sources::SOFTWARE_SUBSCRIPTION_SOURCE_NAMES;
        for name in ["Bonaire", "Saba", "Sint Eustatius"] {
            let (code, _) = names.iter().find(|(_, n)| n[0] == name).unwrap();
            assert_eq!(*code, "BQ", "{name}");
            assert!(!sold_in(ProductKind::SoftwareSubscription, c(code)), "{name}");
            assert!(!sold_in(ProductKind::AzureReservation, c(code)), "{name}");
        }
        for (name, code) in [("Svalbard", "SJ"), ("Jan Mayen", "SJ"), ("Kosovo", "XK")] {
            assert!(names.iter().any(|(k, n)| n[0] == name && *k == code), "{name}");
            assert!(!sold_in(ProductKind::SoftwareSubscription, c(code)));
        }
    }

    fn compiled_market_tables_hold_exactly_the_sources_markets() {
        let sources = [
            (sources::SOFTWARE_SUBSCRIPTION_SOURCE_NAMES, 0, include_str!("../data/sources/software-subscriptions.en.md")),
            (sources::SOFTWARE_SUBSCRIPTION_SOURCE_NAMES, 1, include_str!("../data/sources/software-subscriptions.ja.md")),
            (sources::SOFTWARE_SUBSCRIPTION_SOURCE_NAMES, 2, include_str!("../data/sources/software-subscriptions.zh-TW.md")),
            (sources::SOFTWARE_SUBSCRIPTION_SOURCE_NAMES, 3, include_str!("../data/sources/software-subscriptions.sv.md")),
            (sources::AZURE_RESERVATION_SOURCE_NAMES, 0, include_str!("../data/sources/azure-reservations.en.md")),
        ];
        for (table, column, md) in sources {
            let from_source = source_names(md);
            assert_eq!(from_source.len(), 110);
            let mapped: Vec<String> = table.iter().map(|(_, n)| n[column].to_string()).collect();
            assert_eq!(from_source, mapped, "column {column} differs from its source");
        }
        for (kind, table) in [
            (ProductKind::SoftwareSubscription, sources::SOFTWARE_SUBSCRIPTION_SOURCE_NAMES),
            (ProductKind::AzureReservation, sources::AZURE_RESERVATION_SOURCE_NAMES),
        ] {
            let codes: BTreeSet<&str> = table.iter().map(|(k, _)| *k).collect();
            let compiled: BTreeSet<&str> = unavailable_markets(kind).iter().map(|c| c.as_str()).collect();
            assert_eq!(codes, compiled);
            assert_eq!(compiled.len(), 107, "110 names, BQ thrice and SJ twice");
        }
        assert!(unavailable_markets(ProductKind::PerpetualSoftware).is_empty());
    }

    fn term_must_be_offered_by_the_availability() {
        let mut i = good();
        i.availability = Some(AvailabilityFacts { market: i.customer, terms: Some([Term::parse("P1M").unwrap()].into_iter().collect()) });
        i.billing = BillingCycle::parse("monthly");
        let v = check(&i);
        only(&v, Rule::TermNotOffered, Severity::Block, Field::Term);
        assert_eq!(v.findings[0].get("allowed"), Some("P1M"));
    }

    fn renews_to_is_one_month_or_one_year() {
        let mut i = good();
        i.renews_to = Term::parse("P1M");
        assert_eq!(check(&i), Verdict::default());
        i.renews_to = Term::parse("P3Y");
        only(&check(&i), Rule::RenewsToInvalid, Severity::Block, Field::RenewsTo);
    }

    fn billing_longer_than_the_term_is_refused() {
        let mut i = good();
        i.term = Term::parse("P1M");
        i.billing = BillingCycle::parse("annual");
        only(&check(&i), Rule::BillingExceedsTerm, Severity::Block, Field::Billing);
        i.billing = BillingCycle::parse("one_time");
        assert_eq!(check(&i), Verdict::default());
        i.term = Term::parse("P1Y");
        i.billing = BillingCycle::parse("triennial");
        assert!(check(&i).has(Rule::BillingExceedsTerm));
        i.term = Term::parse("P3Y");
        assert!(!check(&i).has(Rule::BillingExceedsTerm));
    }

    fn billing_cycle_must_be_supported_by_the_sku() {
        let mut i = good();
        i.sku.billing_cycles = Some([BillingCycle::parse("monthly").unwrap()].into_iter().collect());
        only(&check(&i), Rule::BillingNotSupported, Severity::Block, Field::Billing);
    }

    fn perpetual_software_needs_a_qualified_partner() {
        let mut i = good();
        i.kind = ProductKind::PerpetualSoftware;
        i.term = None;
        i.billing = BillingCycle::parse("one_time");
        assert_eq!(check(&i), Verdict::default(), "unknown qualification does not fire");
        i.partner_qualified = Some(false);
        only(&check(&i), Rule::PerpetualNotQualified, Severity::Block, Field::PartnerQualified);
        i.partner_qualified = Some(true);
        assert_eq!(check(&i), Verdict::default());
    }

    fn reservations_need_registration_and_an_inventory_check() {
        let mut i = good();
        i.kind = ProductKind::AzureReservation;
        i.billing = BillingCycle::parse("one_time");
        let v = check(&i);
        assert_eq!(rules_of(&v), ["prerequisite.inventory_check", "prerequisite.registration"]);
        assert_eq!(v.findings[0].severity, Severity::Warn, "not yet checked: a warning");
        assert_eq!(v.findings[1].severity, Severity::Block, "no evidence of registration: blocked");
        i.inventory_checked = Some(false);
        i.subscription_registered = Some(true);
        only(&check(&i), Rule::InventoryCheckMissing, Severity::Block, Field::InventoryChecked);
        i.inventory_checked = Some(true);
        assert_eq!(check(&i), Verdict::default());
    }

    fn sku_prerequisites_and_provisioning_variables_are_enforced() {
        let mut i = good();
        i.sku.prerequisites = Some(Prerequisites { inventory_check: false, subscription_registration: true });
        only(&check(&i), Rule::RegistrationMissing, Severity::Block, Field::SubscriptionRegistered);
        i.subscription_registered = Some(true);
        i.sku.provisioning_variables = ProvisioningVars::SCOPE.union(ProvisioningVars::SUBSCRIPTION_ID);
        i.provisioning_filled = ProvisioningVars::SCOPE;
        let v = check(&i);
        only(&v, Rule::ProvisioningMissing, Severity::Block, Field::ProvisioningContext);
        assert_eq!(v.findings[0].get("variables"), Some("SubscriptionId"));
        i.provisioning_filled = i.provisioning_filled.union(ProvisioningVars::parse("subscriptionid").unwrap());
        assert_eq!(check(&i), Verdict::default());
    }

    fn quantity_is_at_least_one_and_within_the_sku_limits() {
        let mut i = good();
        for q in [0, -3] {
            i.quantity = Some(q);
            only(&check(&i), Rule::QuantityBelowMinimum, Severity::Block, Field::Quantity);
        }
        i.sku.min_quantity = Some(10);
        i.sku.max_quantity = Some(300);
        i.quantity = Some(5);
        only(&check(&i), Rule::QuantityBelowMinimum, Severity::Block, Field::Quantity);
        i.quantity = Some(301);
        only(&check(&i), Rule::QuantityAboveMaximum, Severity::Block, Field::Quantity);
        i.quantity = Some(300);
        assert_eq!(check(&i), Verdict::default());
        // A minimum past i64 does not wrap into a negative one that every quantity meets.
        i.sku.min_quantity = Some(u64::MAX);
        i.sku.max_quantity = None;
        i.quantity = Some(i64::MAX);
        only(&check(&i), Rule::QuantityBelowMinimum, Severity::Block, Field::Quantity);
    }

    fn availability_must_match_the_customer_market() {
        let mut i = good();
        i.availability = Some(AvailabilityFacts {
            market: Market { country: Some(c("US")), currency: Currency::parse("usd"), segment: Some(Segment::Education) },
            terms: None,
        });
        assert_eq!(rules_of(&check(&i)), ["availability.country", "availability.currency", "availability.segment"]);
        i.availability = Some(AvailabilityFacts { market: i.customer, terms: None });
        assert_eq!(check(&i), Verdict::default());
    }

    fn a_sku_that_enforces_attestation_needs_the_partners() {
        let mut i = good();
        i.attestation_required = Some("Windows365");
        only(&check(&i), Rule::AttestationMissing, Severity::Block, Field::Attestation);
        i.attestation_accepted = true;
        assert_eq!(check(&i), Verdict::default());
    }

    fn an_indirect_reseller_is_named_by_a_partner_id() {
        let mut i = good();
        for ok in ["5357564", " 517285 ", ""] {
            i.reseller = Some(ok);
            assert_eq!(check(&i), Verdict::default(), "{ok:?}");
        }
        for bad in ["Contoso", "53575-64", "12345678901", "<img src=x>"] {
            i.reseller = Some(bad);
            only(&check(&i), Rule::ResellerIdInvalid, Severity::Block, Field::Reseller);
        }
    }

    fn an_add_on_names_its_parent_subscription() {
        let mut i = good();
        i.kind = ProductKind::AddOn;
        only(&check(&i), Rule::AddonParentMissing, Severity::Block, Field::ParentSubscription);
        i.parent_subscription = Some("  ");
        assert!(check(&i).has(Rule::AddonParentMissing));
        i.parent_subscription = Some("1C2B75C1-74A5-472A-A729-7F8CEFC477F9");
        assert_eq!(check(&i), Verdict::default());
        // A traditional add-on (a GUID offer) names its parent; a new-commerce one is a cart
        // line of its own (create-a-cart-with-add-ons.md).
        i.parent_subscription = None;
        i.catalog_item_id = Some("C94271D8-B431-4A25-A3C5-A57737A1C909");
        assert!(check(&i).has(Rule::AddonParentMissing));
        i.catalog_item_id = Some("CFQ7TTC0LFK5:0001:CFQ7TTC0JKL2");
        assert_eq!(check(&i), Verdict::default());
    }

    fn one_time_purchases_only_in_global_and_us_gov_add_ons_also_in_21vianet() {
        let mut i = good();
        for (cloud, blocked) in [(Cloud::Global, false), (Cloud::UsGov, false), (Cloud::China, true), (Cloud::Germany, true)] {
            i.cloud = cloud;
            assert_eq!(check(&i).has(Rule::CloudUnavailable), blocked, "{cloud:?}");
        }
        i.kind = ProductKind::AddOn;
        i.parent_subscription = Some("parent");
        i.cloud = Cloud::China;
        assert_eq!(check(&i), Verdict::default());
    }

    fn cart_check_runs_every_line_and_cross_line_rules() {
        let mut a = good();
        a.catalog_item_id = Some("DG7GMGF0FKZV:0003:DG7GMGF0DWMS");
        a.availability = Some(AvailabilityFacts { market: a.customer, terms: None });
        let mut b = a;
        b.customer.country = Some(c("BR"));
        let mut d = a;
        d.availability = Some(AvailabilityFacts {
            market: Market { currency: Currency::parse("USD"), ..a.customer },
            terms: None,
        });
        let cart = check_cart(&[a, b, d]);
        assert!(cart.is_blocked());
        assert_eq!(cart.lines[0], Verdict::default());
        assert!(cart.lines[1].has(Rule::MarketUnavailable) && cart.lines[1].has(Rule::CartDuplicateLine));
        assert!(cart.lines[2].has(Rule::CartMixedCurrency) && cart.lines[2].has(Rule::AvailabilityCurrency));
        assert!(!check_cart(&[a]).is_blocked());
    }

    fn the_benchmark_sample_is_the_same_on_every_platform() {
        // Run natively and in the browser: a platform-dependent sample would split here.
        let blocked = sample::intents(10_000).iter().filter(|i| check(i).is_blocked()).count();
        assert_eq!(blocked, 7103);
    }

    fn bulk_csv_reports_malformed_values_as_findings() {
        let csv = "country,kind,term,renews_to,billing,quantity\n\
                   JP,software-subscription,P1Y,,annual,5\n\
                   XX,software-subscription,P2Y,1Y,annual,abc\n\
                   BR,software-subscription,P1Y,,annual,1\n";
        let rows = bulk::check_csv(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3);
        assert!(!rows[0].verdict.is_blocked());
        let bad: Vec<_> = rows[1].verdict.findings.iter().map(|f| (f.rule.id(), f.field.name())).collect();
        assert_eq!(bad, [("country.invalid", "country"), ("term.invalid", "term"), ("renews_to.invalid", "renews_to"), ("quantity.invalid", "quantity")]);
        assert!(rows[2].verdict.has(Rule::MarketUnavailable));
    }

    fn bulk_plans_are_read_as_excel_writes_them() {
        // What Excel writes: "Unicode text" (UTF-16 with a byte-order mark, tab-separated, as
        // Procura's own export), and old Mac line endings (a lone CR); errors name the line a
        // person sees.
        let plan = "country,kind,term,renews_to,billing,quantity\r\nJP,software-subscription,P1Y,,annual,5\r\nBR,software-subscription,P1Y,,annual,1\r\n";
        let expected = bulk::check_csv(plan.as_bytes()).unwrap();
        let tabbed = plan.replace(',', "\t");
        let le: Vec<u8> = [0xff, 0xfe].into_iter().chain(tabbed.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xfe, 0xff].into_iter().chain(tabbed.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        for input in [le, be, plan.replace("\r\n", "\r").into_bytes()] {
            assert_eq!(bulk::check_csv(&input).unwrap(), expected);
        }
        let broken = bulk::check_csv("country,kind,term,renews_to,billing,quantity\rJP,x\r".as_bytes()).unwrap_err();
        assert_eq!(broken.line, 2);
        // A UTF-16 file cut in the middle of a character: the error names the line it is on.
        let mut cut: Vec<u8> = [0xff, 0xfe].into_iter().chain(tabbed.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        cut.push(b'b');
        assert_eq!(bulk::check_csv(&cut).unwrap_err(), bulk::InputError { line: 4, kind: bulk::InputErrorKind::BadUtf8 });
        // Errors come in the order of the file: a bad header before bad bytes further on.
        let early: Vec<u8> = [0xff, 0xfe, b'a', 0, b'\n', 0, b'b'].to_vec();
        assert_eq!(bulk::check_csv(&early).unwrap_err().line, 1);
        // Read a piece at a time, at any size, a plan reads as it does whole.
        let mixed = "country,kind,term,renews_to,billing,quantity\r\nJP,software-subscription,\"P1\r\nY\",,annual,5\rBR,software-subscription,P1Y,,annual,\"\"\"1\"\n\nSE,software-subscription,P1Y,P1Y,annual,1";
        let whole = bulk::check_csv(mixed.as_bytes()).unwrap();
        assert_eq!(whole.len(), 3);
        for size in 1..=9 {
            let mut reader = bulk::PlanReader::default();
            let mut rows = Vec::new();
            for piece in mixed.as_bytes().chunks(size) {
                reader.feed(piece, &mut |r| rows.push(r)).unwrap();
            }
            reader.finish(&mut |r| rows.push(r)).unwrap();
            assert_eq!(rows, whole, "pieces of {size}");
        }
    }
}
