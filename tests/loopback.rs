//! The API client over gloo-net, against `procura-sandbox` on loopback (started by
//! `cargo xtask test`, which passes its address as `PROCURA_SANDBOX_URL` at build time).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use procura::api::retry::Policy;
use procura::api::{Client, Failure, HttpTransport, Limiter};
use procura::i18n::Locale;
use procura::settings::Token;
use procura_partner_center as pc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const URL: Option<&str> = option_env!("PROCURA_SANDBOX_URL");
const HOKUSAI: &str = "c0a80101-0000-4000-8000-000000000001";

fn client() -> Client {
    let base = URL.expect("PROCURA_SANDBOX_URL is set by `cargo xtask test`, which starts the sandbox server; run the tests through it");
    Client::new(
        Rc::new(HttpTransport { base: base.trim_end_matches('/').to_string() }),
        Token::new("sandbox-partner-sakura"),
        Limiter::order_resource(),
    )
    .with_locale("ja-JP")
}

fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn a_purchase_over_http() {
    let c = client();
    let customers = c.customers().await.unwrap();
    assert!(customers.iter().any(|x| x.id == HOKUSAI), "{} customers", customers.len());
    let products = c.products("JP", "SoftwareSubscriptions").await.unwrap();
    let product = &products[0];
    let skus = c.skus(&product.id, "JP").await.unwrap();
    let sku = skus.iter().find(|s| s.title.ends_with("1 year")).unwrap();
    let availability =
        c.customer_availabilities(HOKUSAI, &product.id, &sku.id).await.unwrap().remove(0);
    assert_eq!(availability.default_currency.as_ref().map(|c| c.code.as_str()), Some("JPY"));

    let line = pc::CartLineItem {
        catalog_item_id: availability.catalog_item_id.clone(),
        quantity: 2,
        billing_cycle: Some(pc::BillingCycle::OneTime),
        term_duration: Some("P1Y".into()),
        ..Default::default()
    };
    let cart = pc::Cart {
        line_items: vec![line],
        partner_on_record_attestation_accepted: Some(true),
        ..Default::default()
    };
    let created = c.create_cart(HOKUSAI, &cart, &procura::browser::new_uuid()).await.unwrap();
    assert_eq!(created.line_items[0].order_group.as_deref(), Some("0"));
    assert!(created.line_items[0].error.is_none());
    let rid = procura::browser::new_uuid();
    let result = c.checkout(HOKUSAI, created.id.as_deref().unwrap(), &rid).await.unwrap();
    assert_eq!(result.orders.len(), 1);
    assert!(result.order_errors.is_empty());
    // The same request again is the same checkout, not a second order.
    let again = c.checkout(HOKUSAI, created.id.as_deref().unwrap(), &rid).await.unwrap();
    assert_eq!(again.orders[0].id, result.orders[0].id);
    let order = c.order(HOKUSAI, result.orders[0].id.as_deref().unwrap()).await.unwrap();
    assert_eq!(order.line_items[0].quantity, 2);
    assert_eq!(order.currency_code.as_deref(), Some("JPY"));
}

#[wasm_bindgen_test]
async fn throttling_waits_for_retry_after_then_succeeds() {
    let key = procura::browser::new_uuid();
    let c = client().with_header("Procura-Fault", &format!("throttle-once={key}"));
    let started = now();
    let customers = c.customers().await.expect("the retry after Retry-After succeeds");
    let waited = now() - started;
    assert!(!customers.is_empty());
    assert!(waited >= 1000.0, "Retry-After: 1 was honoured ({waited} ms)");
    // With no retries left, the partner is told to wait, in their language.
    let key = procura::browser::new_uuid();
    let once = client()
        .with_header("Procura-Fault", &format!("throttle-once={key}"))
        .with_policy(Policy { attempts: 1, ..Policy::default() });
    let f = once.customers().await.unwrap_err();
    assert_eq!(f, Failure::Throttled { retry_after_s: Some(1) });
    assert!(f.message(Locale::Sv.messages()).contains("1 sekund"));
}

#[wasm_bindgen_test]
async fn malformed_json_becomes_a_localized_error_not_a_panic() {
    let c = client().with_header("Procura-Fault", "malformed-json");
    let f = c.customers().await.unwrap_err();
    assert!(matches!(f, Failure::Malformed { status: 200, .. }), "{f:?}");
    for l in Locale::ALL {
        let text = f.message(l.messages());
        assert_eq!(text, l.messages().error_malformed);
    }
    assert!(f.detail().unwrap().contains("HTTP 200"));
}

#[wasm_bindgen_test]
async fn partner_center_errors_and_unreachable_endpoints() {
    let unknown = client().customer("00000000-0000-4000-8000-00000000dead").await.unwrap_err();
    assert!(
        matches!(unknown, Failure::Service { status: 403, code: Some(20002), .. }),
        "{unknown:?}"
    );
    assert_eq!(
        unknown.message(Locale::ZhTw.messages()),
        Locale::ZhTw.messages().pc_error_code_20002
    );
    let anonymous = Client::new(
        Rc::new(HttpTransport { base: URL.unwrap().to_string() }),
        None,
        Limiter::order_resource(),
    );
    let f = anonymous.customers().await.unwrap_err();
    assert_eq!(f.code(), Some(800001));
    assert_eq!(f.message(Locale::Ja.messages()), Locale::Ja.messages().pc_error_code_800001);
    // Nothing listens on port 9 of loopback: a network failure, retried, then reported.
    let down = Client::new(
        Rc::new(HttpTransport { base: "http://127.0.0.1:9".into() }),
        None,
        Limiter::order_resource(),
    )
    .with_policy(Policy { attempts: 2, base_ms: 10, ..Policy::default() });
    assert_eq!(down.customers().await.unwrap_err(), Failure::Network);
}

#[wasm_bindgen_test]
async fn leaving_the_page_cancels_its_requests() {
    // Aborted before sending: nothing goes out.
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    assert_eq!(
        client().cancelled_by(controller.signal()).customers().await.unwrap_err(),
        Failure::Cancelled
    );
    // Aborted while waiting out a Retry-After: the wait ends in a cancellation, not a retry.
    let controller = web_sys::AbortController::new().unwrap();
    let key = procura::browser::new_uuid();
    let c = client()
        .with_header("Procura-Fault", &format!("throttle-once={key}"))
        .cancelled_by(controller.signal());
    let started = now();
    let pending = c.customers();
    let abort = async {
        procura::browser::sleep_ms(200).await;
        controller.abort();
    };
    let (result, ()) = futures::join!(pending, abort);
    assert_eq!(result.unwrap_err(), Failure::Cancelled);
    assert!(now() - started < 5_000.0);
}

fn nordljus() -> Client {
    let base = URL.expect("PROCURA_SANDBOX_URL is set by `cargo xtask test`");
    Client::new(
        Rc::new(HttpTransport { base: base.trim_end_matches('/').to_string() }),
        Token::new("sandbox-partner-nordljus"),
        Limiter::order_resource(),
    )
}

#[wasm_bindgen_test]
async fn every_line_of_a_25000_line_invoice_arrives_once_through_continuation_tokens() {
    let c = nordljus();
    // The newest invoice in the partner's billing currency is the large one.
    let invoice =
        c.all_invoices().await.unwrap().into_iter().find(|i| i.currency_code == "SEK").unwrap();
    let mut page: pc::Collection<pc::OneTimeInvoiceLineItem> =
        c.get(&pc::paths::one_time_line_items(&invoice.id, 2000)).await.unwrap();
    let (mut pages, mut lines) = (1, Vec::new());
    loop {
        assert!(page.items.len() <= 2000);
        lines.append(&mut page.items);
        let Some(next) = procura::api::paging::next_page(&page) else { break };
        assert!(
            next.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("MS-ContinuationToken")),
            "seek paging sends the token"
        );
        page = c.next(&next).await.unwrap();
        pages += 1;
    }
    assert_eq!((lines.len(), pages), (25_000, 13));
    let distinct: std::collections::HashSet<&str> =
        lines.iter().map(|l| l.order_id.as_str()).collect();
    assert_eq!(distinct.len(), lines.len(), "no line twice");
    let total: rust_decimal::Decimal = lines.iter().map(|l| l.total_for_customer).sum();
    assert_eq!(total, invoice.total_charges, "none missing: the lines add up to the invoice");

    // A forged token is refused, not silently paged from somewhere else.
    let forged = procura::api::paging::NextPage {
        path: format!("{}&seekOperation=Next", pc::paths::one_time_line_items(&invoice.id, 2000)),
        headers: vec![("MS-ContinuationToken".into(), "10.0000000000000000".into())],
    };
    let err = c.next::<pc::OneTimeInvoiceLineItem>(&forged).await.unwrap_err();
    assert!(matches!(err, Failure::Service { status: 400, .. }), "{err:?}");
}

#[wasm_bindgen_test]
async fn the_statement_downloads_as_a_pdf() {
    let c = client();
    let invoice = c.invoices_page(1, 1).await.unwrap().items.remove(0);
    let headers = [("Accept".to_string(), "application/pdf".to_string())];
    let resp = c
        .exchange(
            "GET",
            &pc::paths::statement(&invoice.id),
            None,
            &procura::browser::new_uuid(),
            &headers,
        )
        .await
        .unwrap();
    assert_eq!(resp.get_header("Content-Type"), Some("application/pdf"));
    let bytes = c.statement(&invoice.id).await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF header");
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(32)..]).to_string();
    assert!(tail.contains("%%EOF"), "a complete PDF: {tail:?}");
    assert!(bytes.len() > 1000);
}
