//! Properties over generated input: nothing panics, verdicts are deterministic, and the
//! market rule agrees with the compiled table for every code of the alpha-2 space.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(not(target_arch = "wasm32"))]

use procura_rules::*;
use proptest::prelude::*;

/// An intent as raw choices: kind, country, term, renewal, billing, quantity, SKU limits,
/// the three prerequisite answers, cloud.
type RawIntent = (
    usize,
    [u8; 2],
    Option<usize>,
    Option<usize>,
    Option<usize>,
    Option<i64>,
    (Option<u64>, Option<u64>),
    [Option<bool>; 3],
    usize,
);

fn intent_strategy() -> impl Strategy<Value = RawIntent> {
    (
        0..ProductKind::ALL.len(),
        (b'A'..=b'Z', b'A'..=b'Z').prop_map(|(a, b)| [a, b]),
        proptest::option::of(0..3usize),
        proptest::option::of(0..3usize),
        proptest::option::of(0..5usize),
        proptest::option::of(any::<i64>()),
        (proptest::option::of(any::<u64>()), proptest::option::of(any::<u64>())),
        [
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
        ],
        0..Cloud::ALL.len(),
    )
}

/// Rows of CSV-ish text: separators, quotes, newlines and Japanese characters.
const ROW: &str = "[A-Za-z0-9,\" \\-_.\n\u{3000}-\u{30ff}]{0,60}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_intent_checks_without_panic_and_deterministically(
        (k, code, term, renews, billing, quantity, (min, max), flags, cloud) in intent_strategy()
    ) {
        let mut i = PurchaseIntent::new(ProductKind::ALL[k]);
        i.customer.country = Country::parse(std::str::from_utf8(&code).unwrap());
        i.term = term.and_then(|t| Term::all().nth(t));
        i.renews_to = renews.and_then(|t| Term::all().nth(t));
        i.billing = billing.and_then(|b| BillingCycle::all().nth(b));
        i.quantity = quantity;
        i.sku.min_quantity = min;
        i.sku.max_quantity = max;
        [i.partner_qualified, i.inventory_checked, i.subscription_registered] = flags;
        i.cloud = Cloud::ALL[cloud];
        let a = check(&i);
        prop_assert_eq!(&a, &check(&i));
        prop_assert_eq!(check_cart(&[i, i]).lines[0].clone(), a);
    }

    #[test]
    fn any_bytes_as_a_plan_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = bulk::check_csv(&bytes);
        let mut with_header = b"country,kind,term,renews_to,billing,quantity,cloud,currency,segment\n".to_vec();
        with_header.extend_from_slice(&bytes);
        if let Ok(rows) = bulk::check_csv(&with_header) {
            for r in &rows {
                let json = bulk::row_json(r);
                let well_formed = json.starts_with('{') && json.ends_with('}');
                prop_assert!(well_formed, "{}", json);
            }
        }
    }

    #[test]
    fn a_plan_read_in_pieces_reads_as_it_does_whole(
        tail in proptest::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'"'), Just(b','), Just(b'\t'), any::<u8>(), b'a'..=b'z'], 0..300),
        size in 1usize..40,
    ) {
        let mut plan = b"country,kind,term,renews_to,billing,quantity\nJP,software-subscription,P1Y,,annual,5\n".to_vec();
        plan.extend_from_slice(&tail);
        let whole = bulk::check_csv(&plan);
        let mut reader = bulk::PlanReader::default();
        let mut rows = Vec::new();
        let pieces = plan.chunks(size).try_for_each(|p| reader.feed(p, &mut |r| rows.push(r)));
        let streamed = pieces.and_then(|()| reader.finish(&mut |r| rows.push(r))).map(|()| rows);
        prop_assert_eq!(streamed, whole);
    }

    #[test]
    fn any_text_rows_never_panic(rows in proptest::collection::vec(ROW, 0..8)) {
        let csv = format!("country,kind,term,renews_to,billing,quantity,min_quantity,max_quantity\n{}", rows.join("\n"));
        let _ = bulk::check_csv(csv.as_bytes());
    }
}

#[test]
fn market_rule_agrees_with_table_membership_for_every_alpha2_code() {
    for pair in Country::all_letter_pairs() {
        let code = std::str::from_utf8(&pair).unwrap();
        let Some(country) = Country::parse(code) else { continue };
        for kind in ProductKind::ALL {
            let mut i = PurchaseIntent::new(kind);
            i.customer.country = Some(country);
            let listed = unavailable_markets(kind).contains(country);
            assert_eq!(check(&i).has(Rule::MarketUnavailable), listed, "{kind:?} {code}");
            assert_eq!(sold_in(kind, country), !listed);
        }
    }
}
