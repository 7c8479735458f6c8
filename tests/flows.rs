//! The purchase flows on the embedded sandbox, in headless Chromium, through the app's own
//! pages: what a partner does, click by click.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use procura::api::transport::{Request, Response, Sent};
use procura::api::{override_transport, EmbeddedTransport, Transport, TransportError};
use procura::i18n::Locale;
use procura::purchase::CartDraft;
use procura::storage::Loaded;
use support::shop::*;
use support::{start, Ui};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_japanese_customer_buys_a_software_subscription() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/catalog").await;
    // A product id is searchable too (a real catalog has many Windows 1-year SKUs).
    ui.fill("Search products and SKUs", "DG7GMGF0FKZV 1 year").await;
    ui.until(5, "one SKU left by the search", |u| u.find("li.sku").len() == 1).await;
    ui.click(WINDOWS_1Y).await;
    ui.fill("Quantity", "3").await;
    ui.see("No finding: Partner Center should accept this line.").await;
    ui.click("Add to cart").await;
    ui.see(&format!("Added to the cart: {WINDOWS_1Y}.")).await;

    ui.go("/cart").await;
    ui.see("Order 1 · billed One-time").await;
    // Partner Center prices a one-time line only on its order, and the Partner API serves no
    // software price sheet: without an imported price list the line says it has no estimate.
    ui.see("No estimate: import the market's software price list.").await;
    ui.see("Lines without an estimate: 1").await;
    let orders = check_out(&ui).await;
    assert_eq!(orders.len(), 1, "{orders:?}");
    let Loaded::Found(draft) = CartDraft::load(HOKUSAI_ID) else { panic!("the draft is saved") };
    assert!(draft.lines.is_empty() && draft.pending.is_none());
    assert_eq!(draft.outcome.unwrap().order_ids, orders);
    // The result says what each order bought, at what price, and what happens next:
    // 3 × ¥27,000 (180 USD at the sandbox's 150 JPY).
    let placed = ui.find("section.placed-order");
    assert_eq!(placed.len(), 1);
    let text = placed[0].text_content().unwrap_or_default();
    assert!(
        text.contains(WINDOWS_1Y) && text.contains("¥81,000") && text.contains("One-time"),
        "{text}"
    );
    ui.see("Partner Center now provisions the orders").await;
    // And the order's own page agrees.
    ui.click(&format!("Order {}", orders[0])).await;
    ui.see("¥81,000").await;
}

#[wasm_bindgen_test]
async fn a_new_commerce_line_is_priced_once_the_cart_is_saved() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    open_sku(&ui, Some("Online services"), "Microsoft 365 Business Basic").await;
    ui.see("Price: Partner Center prices this line in the cart, once the cart is saved with it.")
        .await;
    ui.fill("Quantity", "3").await;
    ui.click("Add to cart").await;
    ui.go("/cart").await;
    // Estimated from the new-commerce price sheet until the cart carries Partner Center's price.
    ui.see("price sheet of").await;
    // The availability lets the term's renewal be chosen (renewsTo).
    ui.choose("Renews to", "1 year").await;
    attest(&ui).await;
    ui.click("Review and check out").await;
    ui.see("Place the orders").await;
    // ¥900 a month (6 USD) × 3 licences, for the first choice of term.
    let Loaded::Found(draft) = CartDraft::load(HOKUSAI_ID) else { panic!("the draft is saved") };
    let line = &draft.lines[0];
    let months = if line.term.map(|t| t.as_str()) == Some("P1Y") { 12 } else { 1 };
    assert_eq!(line.extended_price, Some((2_700 * months).into()), "{line:?}");
    ui.see(&format!("¥{}", format_thousands(2_700 * months))).await;
    assert_eq!(line.renews_to.map(|t| t.as_str()), Some("P1Y"));
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    let orders = order_links(&ui);
    let client = procura::api::Client::new(
        Rc::new(EmbeddedTransport),
        procura::settings::Token::new("sandbox-partner-sakura"),
        procura::api::Limiter::order_resource(),
    );
    let order = client.order(HOKUSAI_ID, &orders[0]).await.unwrap();
    let renews = order.line_items[0].renews_to.as_ref().map(|r| r.term_duration.as_str());
    assert_eq!(renews, Some("P1Y"), "the order keeps the renewal chosen");
}

fn format_thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[wasm_bindgen_test]
async fn the_brazilian_customer_is_told_why_in_four_languages() {
    let ui = fresh().await;
    choose_customer(&ui, "Ipanema Distribuidora Ltda.").await;
    open_sku(&ui, None, WINDOWS_1Y).await;
    ui.until(5, "the market finding", |u| !u.find("li[data-rule='market.unavailable']").is_empty())
        .await;
    let mut seen = Vec::new();
    for locale in [Locale::En, Locale::Ja, Locale::ZhTw, Locale::Sv] {
        support::select_language(locale.tag());
        leptos::task::tick().await;
        let m = locale.messages();
        let text =
            ui.find("li[data-rule='market.unavailable']")[0].text_content().unwrap_or_default();
        let brazil = procura::format::region_name(locale, "BR");
        assert!(
            text.contains(m.severity_block)
                && text.contains(m.kind_software_subscription)
                && text.contains(&brazil),
            "{locale:?}: {text}"
        );
        assert!(!text.contains('{'), "{text}");
        seen.push(text);
    }
    seen.dedup();
    assert_eq!(seen.len(), 4);
    support::select_language("en");
    leptos::task::tick().await;

    // Partner Center has no availability there, and nothing can be added to the cart.
    ui.see("This SKU has no availability in the customer's market.").await;
    assert!(ui.control("Add to cart").is_none(), "nothing to add");
}

#[wasm_bindgen_test]
async fn an_azure_reservation_needs_registration_and_an_inventory_check_first() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    // The Microsoft Azure (MS-AZR-0145P) subscription is registered already.
    open_sku(
        &ui,
        Some("Azure reservations"),
        "Reserved VM Instance, Standard_B1s, Japan East, 1 Year",
    )
    .await;
    ui.until(5, "the prerequisites' findings", |u| {
        !u.find("li[data-rule='prerequisite.inventory_check']").is_empty()
            && !u.find("li[data-rule='prerequisite.provisioning']").is_empty()
    })
    .await;
    ui.choose("Azure subscription", "Microsoft Azure").await;
    ui.click("Check inventory").await;
    ui.see("Available: the inventory check passed.").await;
    ui.see("No finding: Partner Center should accept this line.").await;
    ui.click("Add to cart").await;
    let orders = check_out(&ui).await;
    assert_eq!(orders.len(), 1);

    // A minute later (on the sandbox's clock) it is fulfilled: an entitlement linked to its
    // order, with the reservation's order, scope and expiry.
    procura::api::embedded::advance_clock(61_000);
    ui.go("/entitlements").await;
    let order = &orders[0];
    ui.until(10, "the reservation's entitlement", |u| {
        !u.find(&format!("table.entitlements-table a[href='/orders/{order}']")).is_empty()
    })
    .await;
    let row = ui
        .find("table.entitlements-table tbody tr")
        .into_iter()
        .find(|r| r.text_content().unwrap_or_default().contains("Azure reservation"))
        .expect("a reservation row");
    let text = row.text_content().unwrap_or_default();
    assert!(
        text.contains("Reserved VM Instance, Standard_B1s, Japan East, 1 Year"),
        "named from its order line: {text}"
    );
    assert!(text.contains(&format!("Reservation order{order}-0")), "{text}");
    assert!(text.contains("ScopeSingle subscription (/subscriptions/"), "{text}");
    // A year from the purchase, which was a minute or two ago (either side of midnight).
    let year_after = |ago: i64| {
        procura::format::date_ms(
            Locale::En,
            procura::api::embedded::now_ms() - ago + 365 * 86_400_000,
        )
    };
    assert!(
        [year_after(0), year_after(180_000)]
            .iter()
            .any(|d| text.contains(&format!("Reservation expires{d}"))),
        "{text}"
    );

    // A region out of capacity says so, and the line stays blocked.
    open_sku(
        &ui,
        Some("Azure reservations"),
        "Reserved VM Instance, Standard_B1s, Japan West, 3 Years",
    )
    .await;
    ui.choose("Azure subscription", "Microsoft Azure").await;
    ui.click("Check inventory").await;
    ui.see("Not available: ").await;
    assert!(!ui.find("li[data-rule='prerequisite.inventory_check']").is_empty());
}

/// A reservation for an Azure plan: the plan is registered first (Enablement), then the SKU's
/// Azure-plan availabilities (`reservationScope=AzurePlan`) are bought for it.
#[wasm_bindgen_test]
async fn an_azure_plan_reservation_is_bought_with_its_own_availability() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/enablement").await;
    ui.click("Register Azure plan").await;
    ui.until(20, "the registration to finish", |u| u.text().contains("Azure plan is registered"))
        .await;
    open_sku(
        &ui,
        Some("Azure reservations"),
        "Reserved VM Instance, Standard_B1s, Japan East, 1 Year",
    )
    .await;
    ui.choose("Reserved for", "An Azure plan").await;
    ui.choose("Azure subscription", "Azure plan").await;
    let Some(select) = ui.labelled("Azure subscription") else { panic!("the subscription choice") };
    let options = select.text_content().unwrap_or_default();
    assert!(!options.contains("Microsoft Azure ("), "only Azure plans offered: {options}");
    ui.click("Check inventory").await;
    ui.see("Available: the inventory check passed.").await;
    ui.see("No finding: Partner Center should accept this line.").await;
    ui.click("Add to cart").await;
    let Loaded::Found(draft) = CartDraft::load(HOKUSAI_ID) else { panic!("the draft is saved") };
    assert!(draft.lines[0].catalog_item_id.ends_with("AZP"), "{}", draft.lines[0].catalog_item_id);
    let orders = check_out(&ui).await;
    assert_eq!(orders.len(), 1);
}

/// On a fresh app: Hokusai's Office 365 E3 gets `quantity` Exchange Online Archiving add-ons
/// through the add-ons page, and the page says so.
async fn buy_office_addon(quantity: &str) -> Ui {
    let ui = start(false).await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/addons").await;
    ui.until(10, "the subscriptions", |u| u.find("ul.subscriptions button").len() == 2).await;
    ui.click("Add-ons for Office 365 E3").await;
    ui.choose("Add-ons", "Exchange Online Archiving for Exchange Online").await;
    ui.fill("Quantity", quantity).await;
    ui.see("No finding").await;
    ui.click("Buy the add-on").await;
    let added = format!("× {quantity} was added to order");
    ui.until(20, "the add-on's order", |u| u.text().contains(&added)).await;
    ui
}

#[wasm_bindgen_test]
async fn a_traditional_add_on_is_bought_by_updating_the_parents_order() {
    let ui = buy_office_addon("5").await;

    // A second add-on on the same order: a line of its own, the order read with both, and
    // listed once.
    ui.fill("Quantity", "3").await;
    ui.click("Buy the add-on").await;
    ui.until(10, "the second add-on", |u| u.text().contains("× 3 was added to order")).await;
    let href = ui
        .find("p.notice a")
        .iter()
        .filter_map(|a| a.get_attribute("href"))
        .find(|h| h.starts_with("/orders/"))
        .expect("a link to the order");
    let id = href.trim_start_matches("/orders/").to_string();
    visit(&href).await;
    ui.until(10, "the order with the subscription and both add-ons", |u| {
        u.find("table.order-lines tbody tr").len() == 3
    })
    .await;
    ui.go("/orders").await;
    ui.until(10, "the order listed once", |u| {
        let rows = u.find("table.orders-table tbody tr");
        !rows.is_empty()
            && rows.iter().filter(|r| r.text_content().unwrap_or_default().contains(&id)).count()
                == 1
    })
    .await;
}

/// An add-on update whose answer is lost, and one whose answer times out: each is asked
/// again with its request id and adds its line once.
#[wasm_bindgen_test]
async fn an_add_on_update_whose_answer_is_lost_or_late_adds_its_line_once() {
    for how in [TransportError::Network, TransportError::Timeout] {
        let faults = LosesAnswers::new(order_updates, how, 1);
        override_transport(Some(Rc::new(Faulty(faults.clone()))));
        let ui = buy_office_addon("4").await;
        let answers = faults.answers.borrow().clone();
        assert_eq!(answers.len(), 2, "{how:?}: the lost update and its retry");
        assert_eq!(answers[0].0, answers[1].0, "{how:?}: the retry reuses the request id");
        let lines = |r: &Response| {
            procura_partner_center::from_slice::<procura_partner_center::Order>(&r.body)
                .unwrap()
                .line_items
                .len()
        };
        assert_eq!(lines(&answers[0].1), 2, "{how:?}: the subscription and one add-on");
        assert_eq!(lines(&answers[1].1), 2, "{how:?}: the retry added nothing");
        drop(ui);
        override_transport(None);
    }
}

/// A new-commerce add-on for the Microsoft 365 subscription goes into the cart as a line of
/// its own (no parent named), and checks out into an order and a subscription.
#[wasm_bindgen_test]
async fn a_new_commerce_add_on_is_bought_through_the_cart() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/addons").await;
    ui.click("Add-ons for Microsoft 365 Business Basic").await;
    ui.see("A new-commerce add-on is bought through the cart").await;
    ui.fill("Quantity", "20").await;
    ui.see("No finding").await;
    ui.click("Add to cart").await;
    ui.see("Added to the cart: Extra File Storage (1 GB).").await;
    let Loaded::Found(draft) = CartDraft::load(HOKUSAI_ID) else { panic!("the draft is saved") };
    assert!(draft.lines[0].provisioning.is_empty(), "no parent on a new-commerce line");
    let orders = check_out(&ui).await;
    assert_eq!(orders.len(), 1, "{orders:?}");
    ui.click(&format!("Order {}", orders[0])).await;
    ui.see("Extra File Storage (1 GB)").await;
}

/// An indirect provider names the indirect reseller on a line: a name that is not a PartnerID
/// is refused before anything is sent; a PartnerID goes as the line's participant and comes
/// back on the order as the reseller of record.
#[wasm_bindgen_test]
async fn an_indirect_provider_names_the_reseller_of_record() {
    let ui = fresh().await;
    ui.go("/settings").await;
    ui.tick("We are an indirect provider").await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
    ui.go("/cart").await;
    ui.fill("Indirect reseller's PartnerID (optional)", "Contoso").await;
    ui.see("The indirect reseller's PartnerID Contoso is not a PartnerID").await;
    ui.fill("Indirect reseller's PartnerID (optional)", "5357564").await;
    ui.until(5, "the finding gone", |u| !u.text().contains("is not a PartnerID")).await;
    let orders = check_out(&ui).await;
    ui.click(&format!("Order {}", orders[0])).await;
    ui.see("Reseller of record: 5357564").await;
}

/// A SKU that enforces attestation (Windows 365) blocks the cart until the partner accepts
/// its conditions on the line; then it checks out.
#[wasm_bindgen_test]
async fn a_sku_that_enforces_attestation_is_bought_once_the_partner_attests() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    let sku = "Windows 365 Business 2 vCPU, 4 GB, 64 GB (with Windows Hybrid Benefit)";
    open_sku(&ui, Some("Online services"), sku).await;
    ui.click("Add to cart").await;
    ui.go("/cart").await;
    ui.see("Partner Center sells this SKU only with your attestation").await;
    attest(&ui).await;
    assert!(ui.is_disabled("Review and check out"), "blocked until the SKU's attestation");
    ui.tick("I understand that each person using Windows 365 Business with Windows Hybrid Benefit also needs to have a valid copy of Windows 10/11 Pro installed on their primary work device.").await;
    ui.until(5, "the finding gone", |u| !u.text().contains("only with your attestation")).await;
    ui.click("Review and check out").await;
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    assert_eq!(order_links(&ui).len(), 1);
}

/// A category read once is not read again when the partner switches back to it.
#[wasm_bindgen_test]
async fn a_category_is_read_once_while_the_catalog_is_open() {
    let recording = procura::api::Recording::new(Rc::new(Conforming));
    let sent = recording.sent.clone();
    override_transport(Some(Rc::new(recording)));
    let ui = start(false).await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/catalog").await;
    ui.see(WINDOWS_1Y).await;
    let reads = |view: &str| {
        sent.borrow()
            .iter()
            .filter(|r| r.path.ends_with("/products") && r.query.contains(view))
            .count()
    };
    assert_eq!(reads("SoftwareSubscriptions"), 1);
    ui.choose("Category", "Perpetual software").await;
    ui.see(SQL_STANDARD).await;
    ui.choose("Category", "Software subscriptions").await;
    ui.see(WINDOWS_1Y).await;
    assert_eq!(reads("SoftwareSubscriptions"), 1, "not read again");
    assert_eq!(reads("SoftwarePerpetual"), 1);
    override_transport(None);
}

/// Passes everything to the embedded sandbox, but loses the answers to the requests `to`
/// picks (checkouts, add-on updates): the first `lose` of them, or all while `down` is set,
/// as `how` (a dropped connection, or a timeout). Keeps every answer the server gave them.
struct LosesAnswers {
    to: fn(&Request) -> bool,
    how: TransportError,
    lose: RefCell<u32>,
    down: RefCell<bool>,
    answers: RefCell<Vec<(String, Response)>>,
}

impl LosesAnswers {
    fn new(to: fn(&Request) -> bool, how: TransportError, lose: u32) -> Rc<LosesAnswers> {
        Rc::new(LosesAnswers {
            to,
            how,
            lose: RefCell::new(lose),
            down: RefCell::new(false),
            answers: RefCell::new(Vec::new()),
        })
    }
}

fn checkouts(req: &Request) -> bool {
    req.method == "POST" && req.path.ends_with("/checkout")
}

fn order_updates(req: &Request) -> bool {
    req.method == "PATCH" && req.path.contains("/orders/")
}

struct Faulty(Rc<LosesAnswers>);

impl Transport for Faulty {
    fn send(&self, req: Request, cancel: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Sent {
        let me = self.0.clone();
        Box::pin(async move {
            let picked = (me.to)(&req);
            let rid = req.get_header("MS-RequestId").unwrap_or_default().to_string();
            let resp = EmbeddedTransport.send(req, cancel, timeout_ms).await?;
            if picked {
                me.answers.borrow_mut().push((rid, resp.clone()));
                let lose = *me.down.borrow() || *me.lose.borrow() > 0;
                if lose {
                    let n = *me.lose.borrow();
                    *me.lose.borrow_mut() = n.saturating_sub(1);
                    return Err(me.how);
                }
            }
            Ok(resp)
        })
    }
}

fn order_id(resp: &Response) -> Vec<String> {
    let r: procura_partner_center::CartCheckoutResult =
        procura_partner_center::from_slice(&resp.body).unwrap();
    r.orders.into_iter().filter_map(|o| o.id).collect()
}

/// Another tab (here: a copy of the draft saved before the checkout) checks out the same
/// cart again: Partner Center answers with the first checkout's orders, and no second order.
#[wasm_bindgen_test]
async fn a_second_checkout_of_a_checked_out_cart_shows_its_orders() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
    review(&ui).await;
    ui.see("Place the orders").await;
    let Loaded::Found(stale) = CartDraft::load(HOKUSAI_ID) else { panic!("the draft is saved") };
    assert!(stale.synced && stale.cart_id.is_some());
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    let first = order_links(&ui);
    assert_eq!(first.len(), 1);
    drop(ui);

    stale.save().unwrap();
    let ui = start(true).await;
    ui.go("/cart").await;
    ui.click("Review and check out").await;
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    assert_eq!(order_links(&ui), first, "the first checkout's order, not a second one");
    ui.go("/orders").await;
    ui.until(10, "the order listed once", |u| {
        u.find("a")
            .iter()
            .filter(|a| a.text_content().is_some_and(|t| t.contains(&first[0])))
            .count()
            == 1
    })
    .await;
}

/// Fills the origin's `localStorage` to its quota with keys of its own; returns them.
fn fill_storage() -> Vec<String> {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let mut keys = Vec::new();
    let mut size = 1 << 20;
    while size > 0 {
        let key = format!("test.filler.{}", keys.len());
        if storage.set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 2;
        }
    }
    keys
}

/// Storage full (`QuotaExceededError`): the checkout's record cannot be saved, so the
/// checkout is not sent and the partner is told; with room again, it goes through once.
#[wasm_bindgen_test]
async fn a_checkout_whose_record_cannot_be_saved_is_not_sent() {
    let sent = LosesAnswers::new(checkouts, TransportError::Network, 0);
    override_transport(Some(Rc::new(Faulty(sent.clone()))));
    let ui = start(false).await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
    review(&ui).await;
    ui.see("Place the orders").await;

    let filler = fill_storage();
    assert!(!filler.is_empty());
    ui.click("Place the orders").await;
    ui.see(Locale::En.messages().error_not_saved).await;
    assert!(sent.answers.borrow().is_empty(), "no checkout was sent");
    let Loaded::Found(draft) = CartDraft::load(HOKUSAI_ID) else { panic!("the draft is kept") };
    assert!(draft.pending.is_none() && draft.outcome.is_none() && !draft.lines.is_empty());

    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    filler.iter().for_each(|k| storage.remove_item(k).unwrap());
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    assert_eq!(order_links(&ui).len(), 1);
    assert_eq!(sent.answers.borrow().len(), 1, "one checkout, sent once");
    drop(ui);
    override_transport(None);
}

#[wasm_bindgen_test]
async fn a_checkout_whose_response_is_lost_is_retried_into_exactly_one_order() {
    let faults = LosesAnswers::new(checkouts, TransportError::Network, 1);
    override_transport(Some(Rc::new(Faulty(faults.clone()))));
    let ui = start(false).await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
    let orders = check_out(&ui).await;
    let answers = faults.answers.borrow().clone();
    assert_eq!(answers.len(), 2, "the lost checkout and its retry");
    assert_eq!(answers[0].0, answers[1].0, "the retry reuses the request id");
    assert_eq!(
        order_id(&answers[0].1),
        order_id(&answers[1].1),
        "the retry is answered with the first checkout's order"
    );
    assert_eq!(order_id(&answers[1].1), orders);
    drop(ui);

    // Now the connection stays down through every retry: the checkout fails, the page is
    // reloaded, and the cart page finishes that same checkout on arrival.
    faults.answers.borrow_mut().clear();
    *faults.down.borrow_mut() = true;
    let ui = start(true).await;
    add_windows(&ui).await;
    review(&ui).await;
    ui.click("Place the orders").await;
    ui.until(20, "the checkout to give up", |u| {
        u.text().contains("Procura could not reach the endpoint")
    })
    .await;
    let answers = faults.answers.borrow().clone();
    assert!(answers.len() >= 2, "retried: {}", answers.len());
    assert!(answers.iter().all(|(rid, _)| *rid == answers[0].0), "one request id for every retry");
    let first = order_id(&answers[0].1);
    assert!(answers.iter().all(|(_, r)| order_id(r) == first), "one order for every retry");
    let Loaded::Found(draft) = CartDraft::load(HOKUSAI_ID) else { panic!("the draft is saved") };
    assert_eq!(
        draft.pending.as_ref().map(|p| p.request_id.clone()),
        Some(answers[0].0.clone()),
        "the checkout's request id was saved before sending"
    );
    drop(ui);

    *faults.down.borrow_mut() = false;
    let ui = start(true).await;
    ui.go("/cart").await;
    ui.see("Orders created").await;
    assert_eq!(order_links(&ui), first, "the reload finished the same checkout");
    let last = faults.answers.borrow().last().cloned().unwrap();
    assert_eq!(last.0, answers[0].0);
    drop(ui);
    override_transport(None);
}

#[wasm_bindgen_test]
async fn perpetual_software_is_checked_against_what_the_partner_stated() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/settings").await;
    ui.choose("Qualified to sell perpetual software", "No").await;
    open_sku(&ui, Some("Perpetual software"), SQL_STANDARD).await;
    let rule = "li[data-rule='perpetual.not_qualified']";
    ui.until(5, "the qualification finding", |u| !u.find(rule).is_empty()).await;
    assert!(ui.find(rule)[0].text_content().unwrap().contains("qualified"));

    ui.go("/settings").await;
    ui.choose("Qualified to sell perpetual software", "Yes").await;
    open_sku(&ui, Some("Perpetual software"), SQL_STANDARD).await;
    ui.until(5, "no qualification finding", |u| u.find(rule).is_empty()).await;
    assert_eq!(
        procura::purchase::PartnerFacts::load().perpetual_qualified,
        Some(true),
        "remembered"
    );
}
