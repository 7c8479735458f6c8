//! Orders: placed by checkout or extended by PATCH (add-ons); listed only after the
//! configured delay (Partner Center: up to 15 minutes) but readable by id at once; their
//! lines go from pending to fulfilled as the clock passes; entitlements follow from them.

use pc::order::ProvisioningStatus;
use pc::{OrderStatus, Timestamp};
use procura_partner_center as pc;
use procura_partner_center::codes;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::carts::{self, Item};
use crate::catalog::tri;
use crate::customers::{self, not_found};
use crate::seed::{self, Kind, SeedCustomer};
use crate::{ids, request_ids, Ctx};
use procura_partner_center::http::Response;

#[derive(Clone, Serialize, Deserialize)]
pub struct StoredOrder {
    pub order: pc::Order,
    pub created_ms: i64,
    /// Line numbers cancelled (cancel-software-purchases.md): their quantity is 0 and they are
    /// not provisioned.
    #[serde(default)]
    pub cancelled: Vec<i64>,
}

/// How long after purchase software can be cancelled in the sandbox. The docs give no fixed
/// length (the refusal says "{0}-day cancellation window"); availabilities state it in their
/// terms' `cancellationPolicies`.
pub const CANCELLATION_DAYS: i64 = 30;

fn order_links(c: &SeedCustomer, id: &str) -> pc::Links {
    let mut l = pc::Links::new();
    l.insert("self".into(), pc::Link::get(format!("/customers/{}/orders/{id}", c.id)));
    l.insert(
        "provisioningStatus".into(),
        pc::Link::get(format!("/customers/{}/orders/{id}/provisioningstatus", c.id)),
    );
    let mut patch = pc::Link::get(format!("/customers/{}/orders/{id}", c.id));
    patch.method = Some("PATCH".into());
    l.insert("patchOperation".into(), patch);
    l
}

/// An order line for a resolved catalog item; creates the subscription that license-based
/// lines (online services, add-ons) produce.
fn order_line(
    ctx: &mut Ctx<'_>,
    c: &SeedCustomer,
    n: i64,
    line: &pc::CartLineItem,
    item: &Item,
    order_id: &str,
    parent: Option<String>,
) -> pc::OrderLineItem {
    let mut links = pc::Links::new();
    links.insert(
        "product".into(),
        pc::Link::get(format!("/products/{}?country={}", item.product.id, item.country)),
    );
    links.insert(
        "sku".into(),
        pc::Link::get(format!(
            "/products/{}/skus/{}?country={}",
            item.product.id, item.sku.id, item.country
        )),
    );
    let pricing = crate::pricing::of(
        item,
        line.quantity,
        line.term_duration.as_deref(),
        line.billing_cycle.as_ref(),
    );
    let subscription_id = item.product.kind.is_new_commerce().then(|| {
        let id = ids::guid(ctx.partner, 0x5b5c, ids::next(ctx, "subscription"));
        let resource = pc::Subscription {
            id: id.clone(),
            offer_id: if pc::offer::is_new_commerce(&line.catalog_item_id) {
                format!("{}:{}", item.product.id, item.sku.id)
            } else {
                line.catalog_item_id.clone()
            },
            offer_name: Some(item.sku.title.clone()),
            friendly_name: Some(
                line.friendly_name.clone().unwrap_or_else(|| item.sku.title.clone()),
            ),
            quantity: line.quantity,
            parent_subscription_id: parent.clone(),
            creation_date: Some(Timestamp::from_millis(ctx.now)),
            status: pc::SubscriptionStatus::Active,
            billing_cycle: line.billing_cycle.clone(),
            order_id: Some(order_id.into()),
            term_duration: line.term_duration.clone(),
            attributes: pc::ResourceAttributes::of("Subscription"),
            ..Default::default()
        };
        customers::add_created(ctx, c, resource);
        id
    });
    pc::OrderLineItem {
        line_item_number: n,
        offer_id: line.catalog_item_id.clone(),
        subscription_id,
        parent_subscription_id: parent,
        friendly_name: Some(line.friendly_name.clone().unwrap_or_else(|| item.sku.title.clone())),
        quantity: line.quantity,
        term_duration: line.term_duration.clone(),
        transaction_type: Some("New".into()),
        provisioning_context: line.provisioning_context.clone(),
        renews_to: line.renews_to.clone(),
        partner_id_on_record: line.transaction_resellers().first().map(|r| r.to_string()),
        pricing,
        links: Some(links),
        ..Default::default()
    }
}

fn read_order(ctx: &Ctx<'_>) -> Result<pc::Order, Response> {
    pc::from_slice(&ctx.req.body).map_err(|e| {
        Response::error(
            400,
            codes::INVALID_INPUT,
            format!("The request body is not a valid order: {e}"),
        )
    })
}

/// `POST /customers/{c}/orders` (create-an-order.md): an order placed directly, without a
/// cart. Its lines are checked as cart lines are; one with an error refuses the order.
pub fn create(ctx: &mut Ctx<'_>, customer: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let scope = format!("order-create/{}", c.id);
    if let Some(r) = request_ids::replay(ctx, &scope) {
        return r;
    }
    let body = tri!(read_order(ctx));
    if body.line_items.is_empty() {
        return Response::error(
            400,
            codes::INVALID_INPUT,
            "An order needs at least one line item.",
        );
    }
    if body.partner_on_record_attestation_accepted != Some(true) {
        return Response::error(400, codes::ATTESTATION_MISSING, "Partner Attestation is missing");
    }
    let mut lines: Vec<pc::CartLineItem> = body
        .line_items
        .iter()
        .map(|l| pc::CartLineItem {
            id: l.line_item_number,
            catalog_item_id: l.offer_id.clone(),
            friendly_name: l.friendly_name.clone(),
            quantity: l.quantity,
            billing_cycle: body.billing_cycle.clone(),
            term_duration: l.term_duration.clone(),
            provisioning_context: l.provisioning_context.clone(),
            renews_to: l.renews_to.clone(),
            attestation_accepted: l.attestation_accepted,
            participants: l.partner_id_on_record.as_deref().map(pc::cart::transaction_reseller),
            ..Default::default()
        })
        .collect();
    carts::prepare(ctx, c, &mut lines);
    if let Some(e) = lines.iter().find_map(|l| l.error.as_ref()) {
        return Response::error(
            400,
            codes::CART_ITEM_ERROR,
            e.error_description.clone().unwrap_or_else(|| "A line item has an error.".into()),
        );
    }
    let refs: Vec<&pc::CartLineItem> = lines.iter().collect();
    let order = place(ctx, c, &refs);
    request_ids::remember(ctx, &scope, 201, &order);
    Response::json(201, &order)
}

/// Places one order for the lines of one order group (called by checkout).
pub fn place(ctx: &mut Ctx<'_>, c: &SeedCustomer, lines: &[&pc::CartLineItem]) -> pc::Order {
    let n = ids::next(ctx, "order");
    let id = ids::short(ctx.partner, n);
    let mut items = Vec::new();
    let mut currency = c.currency;
    for (i, line) in lines.iter().enumerate() {
        let Some(item) = carts::resolve(c, &line.catalog_item_id) else { continue };
        currency = item.currency;
        items.push(order_line(ctx, c, i as i64, line, &item, &id, None));
    }
    let total: Decimal =
        items.iter().filter_map(|l| l.pricing.as_ref().and_then(|p| p.extended_price)).sum();
    let order = pc::Order {
        id: Some(id.clone()),
        alternate_id: Some(id.clone()),
        reference_customer_id: Some(c.id.into()),
        billing_cycle: lines.first().and_then(|l| l.billing_cycle.clone()),
        transaction_type: Some("UserPurchase".into()),
        line_items: items,
        currency_code: Some(currency.into()),
        currency_symbol: seed::currency(currency).map(|(_, s)| s.to_string()),
        creation_date: Some(Timestamp::from_millis(ctx.now)),
        status: Some(OrderStatus::Pending),
        total_price: Some(total),
        links: Some(order_links(c, &id)),
        attributes: pc::ResourceAttributes::of("Order"),
        ..Default::default()
    };
    let reserved = order
        .line_items
        .iter()
        .filter(|l| is_reservation(c, &l.offer_id))
        .fold(0i64, |n, l| n.saturating_add(l.quantity));
    if reserved > 0 {
        let held = reserved_instances(ctx, c).saturating_add(reserved);
        ctx.save(&reserved_key(c), &held);
    }
    let now = ctx.now;
    ctx.save(
        &format!("order/{}/{id}", c.id),
        &StoredOrder { order: order.clone(), created_ms: now, cancelled: Vec::new() },
    );
    order
}

/// The orders behind seeded subscriptions: completed a year before the clock's start.
fn seed_orders(c: &SeedCustomer) -> Vec<StoredOrder> {
    let created_ms = 1_735_689_600_000; // 2025-01-01
    seed::subscriptions(seed::customer_index(c))
        .into_iter()
        .map(|s| {
            let order = pc::Order {
                id: Some(s.order_id.clone()),
                alternate_id: Some(s.order_id.clone()),
                reference_customer_id: Some(c.id.into()),
                billing_cycle: Some(pc::BillingCycle::Monthly),
                transaction_type: Some("UserPurchase".into()),
                line_items: vec![pc::OrderLineItem {
                    line_item_number: 0,
                    offer_id: s.offer_id.clone(),
                    subscription_id: Some(s.id.clone()),
                    friendly_name: Some(s.offer_name.into()),
                    quantity: s.quantity,
                    term_duration: (!s.azure).then(|| "P1Y".into()),
                    transaction_type: Some("New".into()),
                    ..Default::default()
                }],
                currency_code: Some(c.currency.into()),
                currency_symbol: seed::currency(c.currency).map(|(_, s)| s.to_string()),
                creation_date: Some(Timestamp::from_millis(created_ms)),
                status: Some(OrderStatus::Completed),
                links: Some(order_links(c, &s.order_id)),
                attributes: pc::ResourceAttributes::of("Order"),
                ..Default::default()
            };
            StoredOrder { order, created_ms, cancelled: Vec::new() }
        })
        .collect()
}

fn reserved_key(c: &SeedCustomer) -> String {
    format!("count/ri/{}", c.id)
}

/// Reserved VM instances a customer already bought (pending or fulfilled): a count kept as
/// orders are placed, so each reservation line of a cart does not read every order. A
/// database from before the count is counted once, by reading the orders.
pub fn reserved_instances(ctx: &Ctx<'_>, c: &SeedCustomer) -> i64 {
    ctx.load::<i64>(&reserved_key(c)).unwrap_or_else(|| {
        stored_orders(ctx, c)
            .iter()
            .flat_map(|o| &o.order.line_items)
            .filter(|l| is_reservation(c, &l.offer_id))
            .fold(0i64, |n, l| n.saturating_add(l.quantity))
    })
}

fn is_reservation(c: &SeedCustomer, offer_id: &str) -> bool {
    carts::resolve(c, offer_id).is_some_and(|i| i.product.kind == Kind::AzureReservation)
}

fn fulfilled(ctx: &Ctx<'_>, o: &StoredOrder) -> bool {
    ctx.now >= o.created_ms + ctx.config.fulfillment_delay_ms
}

/// The order as of now: pending until fulfilled, then completed.
fn current(ctx: &Ctx<'_>, mut o: StoredOrder) -> pc::Order {
    if o.order.status == Some(OrderStatus::Pending) && fulfilled(ctx, &o) {
        o.order.status = Some(OrderStatus::Completed);
    }
    o.order
}

/// The customer's orders: the seeded ones, and those placed or updated since. An updated
/// seeded order (an add-on PATCH) is stored under its own id and replaces the seed's copy,
/// so it is listed once and read with its new lines.
fn stored_orders(ctx: &Ctx<'_>, c: &SeedCustomer) -> Vec<StoredOrder> {
    let stored = ctx.load_all::<StoredOrder>(&format!("order/{}/", c.id));
    let same = |a: &StoredOrder, b: &StoredOrder| {
        a.order
            .id
            .as_deref()
            .is_some_and(|x| b.order.id.as_deref().is_some_and(|y| x.eq_ignore_ascii_case(y)))
    };
    let mut all: Vec<StoredOrder> =
        seed_orders(c).into_iter().filter(|s| !stored.iter().any(|o| same(o, s))).collect();
    all.extend(stored);
    all
}

/// One order: read by its key (orders are stored under their id), else among the seeded
/// ones; an id in another casing is looked for among them all.
fn find(ctx: &Ctx<'_>, c: &SeedCustomer, id: &str) -> Result<StoredOrder, Response> {
    let same = |o: &StoredOrder| o.order.id.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(id));
    ctx.load::<StoredOrder>(&format!("order/{}/{id}", c.id))
        .or_else(|| seed_orders(c).into_iter().find(same))
        .or_else(|| stored_orders(ctx, c).into_iter().find(same))
        .ok_or_else(|| {
            Response::error(404, codes::ORDER_NOT_FOUND, format!("Order {id} was not found."))
        })
}

pub fn list(ctx: &Ctx<'_>, customer: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let billing = ctx.req.param("billingType").map(|b| pc::BillingCycle::from_wire(&b));
    let items: Vec<pc::Order> = stored_orders(ctx, c)
        .into_iter()
        .filter(|o| ctx.now >= o.created_ms + ctx.config.order_list_delay_ms)
        .filter(|o| match &billing {
            None => true,
            // One-time apart from recurring: "onetime" lists one-time orders, anything else the rest.
            Some(pc::BillingCycle::OneTime) => {
                o.order.billing_cycle == Some(pc::BillingCycle::OneTime)
            }
            Some(b) => o.order.billing_cycle.as_ref() == Some(b),
        })
        .map(|o| current(ctx, o))
        .collect();
    Response::json(200, &pc::Collection::of(items, format!("/customers/{}/orders", c.id)))
}

pub fn get(ctx: &Ctx<'_>, customer: &str, id: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let o = tri!(find(ctx, c, id));
    Response::json(200, &current(ctx, o))
}

pub fn provisioning_status(ctx: &Ctx<'_>, customer: &str, id: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let o = tri!(find(ctx, c, id));
    let items: Vec<_> = o
        .order
        .line_items
        .iter()
        .map(|l| (l, line_status(ctx, &o, l.line_item_number)))
        .map(|(l, status)| pc::OrderLineItemProvisioningStatus {
            order_line_item_id: Some(l.line_item_number),
            line_item_number: l.line_item_number,
            status: status.clone(),
            quantity_provisioning_information: vec![pc::QuantityProvisioningStatus {
                quantity: l.quantity,
                status: status.clone(),
                extra: Default::default(),
            }],
            extra: Default::default(),
        })
        .collect();
    let mut coll =
        pc::Collection::of(items, format!("/customers/{}/orders/{id}/provisioningstatus", c.id));
    coll.links = None;
    Response::json(200, &coll)
}

/// order-resources.md: a cancelled line is `Unfulfilled`.
fn line_status(ctx: &Ctx<'_>, o: &StoredOrder, line: i64) -> ProvisioningStatus {
    if o.cancelled.contains(&line) {
        ProvisioningStatus::Unfulfilled
    } else if fulfilled(ctx, o) {
        ProvisioningStatus::Fulfilled
    } else {
        ProvisioningStatus::PrefulfillmentPending
    }
}

/// `PATCH /customers/{c}/orders/{id}`: adds add-on lines to the order that bought their
/// parent subscription (contract §3.8), or cancels software lines (§3.9).
pub fn patch(ctx: &mut Ctx<'_>, customer: &str, id: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    // The same request again (a retry after a lost answer) gets the same answer, and adds
    // nothing.
    let scope = format!("order-patch/{}/{}", c.id, id.to_ascii_lowercase());
    if let Some(r) = request_ids::replay(ctx, &scope) {
        return r;
    }
    let resp = patch_once(ctx, c, id);
    if resp.status < 300 {
        if let Ok(body) = serde_json::from_slice::<serde_json::Value>(&resp.body) {
            request_ids::remember(ctx, &scope, resp.status, &body);
        }
    }
    resp
}

fn patch_once(ctx: &mut Ctx<'_>, c: &'static SeedCustomer, id: &str) -> Response {
    let mut stored = tri!(find(ctx, c, id));
    let body = tri!(read_order(ctx));
    if body.status == Some(OrderStatus::Cancelled) {
        return cancel(ctx, c, stored, &body);
    }
    if body.line_items.is_empty() {
        return Response::error(400, codes::INVALID_INPUT, "The order update has no line items.");
    }
    // purchase-an-add-on-to-a-subscription.md marks it required: the customer the order is for.
    match body.reference_customer_id.as_deref().map(str::trim) {
        Some(r) if r.eq_ignore_ascii_case(c.id) => {}
        Some(r) if !r.is_empty() => {
            return Response::error(
                400,
                codes::INVALID_INPUT,
                format!("referenceCustomerId {r} is not the customer of this order."),
            );
        }
        _ => {
            return Response::error(
                400,
                codes::INVALID_INPUT,
                "The order update needs its referenceCustomerId.",
            )
        }
    }
    let subs = customers::all_subscriptions(ctx, c);
    let first = stored.order.line_items.len() as i64;
    let mut added = Vec::new();
    for (next, line) in (first..).zip(&body.line_items) {
        let Some(parent_id) = line.parent_subscription_id.clone().filter(|p| !p.trim().is_empty())
        else {
            return Response::error(
                400,
                codes::INVALID_INPUT,
                "An add-on line must name its parentSubscriptionId.",
            );
        };
        let Some(parent) = subs.iter().find(|s| s.id.eq_ignore_ascii_case(&parent_id)) else {
            return Response::error(
                404,
                codes::SUBSCRIPTION_NOT_FOUND,
                format!("Subscription {parent_id} was not found."),
            );
        };
        if !parent.order_id.as_deref().is_some_and(|o| o.eq_ignore_ascii_case(id)) {
            return Response::error(
                400,
                codes::ADDON_NOT_RELATED,
                "The add-on is not related to a subscription bought by this order.",
            );
        }
        // This path is for traditional offers (purchase-an-add-on-to-a-subscription.md):
        // new-commerce add-ons are cart lines (create-a-cart-with-add-ons.md).
        if pc::offer::is_new_commerce(&parent.offer_id)
            || pc::offer::is_new_commerce(&line.offer_id)
        {
            return Response::error(
                400,
                codes::INVALID_OFFER,
                "New-commerce add-ons are bought through a cart, not by updating an order.",
            );
        }
        let fits = |o: &&seed::TraditionalOffer| {
            o.base.is_some_and(|b| b.eq_ignore_ascii_case(&parent.offer_id))
        };
        let Some(item) = seed::traditional(&line.offer_id)
            .filter(fits)
            .and_then(|_| carts::resolve_traditional(c, &line.offer_id))
        else {
            return Response::error(
                400,
                codes::INVALID_OFFER,
                format!("{} is not an add-on offer of this subscription.", line.offer_id),
            );
        };
        let min = item.sku.min.max(1);
        if line.quantity < min || line.quantity > item.sku.max {
            return Response::error(
                400,
                codes::QUANTITY_OUT_OF_RANGE,
                format!(
                    "The requested quantity {} is outside the allowed range {min}-{}.",
                    line.quantity, item.sku.max
                ),
            );
        }
        let reseller =
            line.partner_id_on_record.as_deref().map(str::trim).filter(|r| !r.is_empty());
        if let Some(r) = reseller {
            if !seed::PARTNERS[ctx.partner].resellers.contains(&r) {
                return Response::error(
                    400,
                    codes::NOT_INDIRECT_RESELLER,
                    format!("PartnerID {r} isn't a valid Indirect Reseller."),
                );
            }
        }
        let cart_line = pc::CartLineItem {
            participants: reseller.map(pc::cart::transaction_reseller),
            catalog_item_id: line.offer_id.clone(),
            friendly_name: line.friendly_name.clone(),
            quantity: line.quantity,
            billing_cycle: parent.billing_cycle.clone(),
            term_duration: parent.term_duration.clone(),
            ..Default::default()
        };
        added.push(order_line(ctx, c, next, &cart_line, &item, id, Some(parent.id.clone())));
    }
    stored.order.line_items.extend(added);
    let key = format!("order/{}/{}", c.id, stored.order.id.clone().unwrap_or_default());
    ctx.save(&key, &stored);
    Response::json(200, &current(ctx, stored))
}

/// Cancels the lines `body` names (all those left if it names none), within the window.
fn cancel(
    ctx: &mut Ctx<'_>,
    c: &SeedCustomer,
    mut stored: StoredOrder,
    body: &pc::Order,
) -> Response {
    let wanted: Vec<i64> = if body.line_items.is_empty() {
        let open = |n: &i64| !stored.cancelled.contains(n);
        stored.order.line_items.iter().map(|l| l.line_item_number).filter(open).collect()
    } else {
        body.line_items.iter().map(|l| l.line_item_number).collect()
    };
    for n in &wanted {
        let Some(line) = stored.order.line_items.iter().find(|l| l.line_item_number == *n) else {
            return Response::error(
                400,
                codes::ORDER_CANNOT_BE_CANCELLED,
                "Order can't be canceled",
            );
        };
        let software = carts::resolve(c, &line.offer_id).is_some_and(|i| {
            matches!(i.product.kind, Kind::SoftwareSubscription | Kind::PerpetualSoftware)
        });
        if !software {
            return Response::error(403, codes::CANCEL_NOT_SOFTWARE, "Non-Sandbox tenants aren't allowed to cancel purchases other than software subscriptions and perpetual software");
        }
        if stored.cancelled.contains(n) {
            return Response::error(
                400,
                codes::ORDER_CANNOT_BE_CANCELLED,
                "Order can't be canceled",
            );
        }
    }
    if ctx.now > stored.created_ms + CANCELLATION_DAYS * 86_400_000 {
        return Response::error(
            400,
            codes::CANCELLATION_WINDOW_PASSED,
            format!("You have passed your {CANCELLATION_DAYS}-day cancellation window. We are unable to cancel your purchase"),
        );
    }
    for line in stored.order.line_items.iter_mut().filter(|l| wanted.contains(&l.line_item_number))
    {
        line.quantity = 0;
        stored.cancelled.push(line.line_item_number);
    }
    // All lines cancelled: cancelled; otherwise completed (cancel-software-purchases.md).
    let all =
        stored.order.line_items.iter().all(|l| stored.cancelled.contains(&l.line_item_number));
    stored.order.status = Some(if all { OrderStatus::Cancelled } else { OrderStatus::Completed });
    let key = format!("order/{}/{}", c.id, stored.order.id.clone().unwrap_or_default());
    ctx.save(&key, &stored);
    Response::json(200, &stored.order)
}

/// What a fulfilled reservation line entitles to: its Azure reservation order and the
/// reservation's term, shared by the entitlement and its artifact details.
struct ReservationFacts {
    reservation_order: String,
    scope: String,
    subscription: Option<String>,
    effective_ms: i64,
    expiry_ms: i64,
}

/// When a line bought with order `o` runs out: its term (one or three years) after purchase.
fn expiry_ms(o: &StoredOrder, line: &pc::OrderLineItem) -> i64 {
    let years = if line.term_duration.as_deref() == Some("P3Y") { 3 } else { 1 };
    o.created_ms + years * 365 * 86_400_000
}

fn reservation_facts(o: &StoredOrder, line: &pc::OrderLineItem) -> ReservationFacts {
    let order_id = o.order.id.clone().unwrap_or_default();
    ReservationFacts {
        reservation_order: format!("{order_id}-{}", line.line_item_number),
        scope: line.context("scope").unwrap_or("shared").to_ascii_lowercase(),
        subscription: line.context("subscriptionId").map(str::to_string),
        effective_ms: o.created_ms,
        expiry_ms: expiry_ms(o, line),
    }
}

/// Entitlements of a customer: one per fulfilled reservation or software line.
pub fn entitlements(ctx: &Ctx<'_>, customer: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let want = ctx.req.param("entitlementType").map(|t| t.to_ascii_lowercase());
    let show_expiry = ctx.req.param("showExpiry").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let mut items = Vec::new();
    for o in stored_orders(ctx, c).into_iter().filter(|o| fulfilled(ctx, o)) {
        let order_id = o.order.id.clone().unwrap_or_default();
        for line in o.order.line_items.iter().filter(|l| !o.cancelled.contains(&l.line_item_number))
        {
            let Some(item) = carts::resolve(c, &line.offer_id) else { continue };
            let kind = match item.product.kind {
                Kind::AzureReservation => "reservedinstance",
                Kind::SoftwareSubscription | Kind::PerpetualSoftware => "software",
                _ => continue,
            };
            if want.as_deref().is_some_and(|w| w != kind) {
                continue;
            }
            // entitlement-resources.md: `expiryDate` only with `showExpiry=true`.
            let expiry = (show_expiry && item.product.kind != Kind::PerpetualSoftware)
                .then(|| Timestamp::from_millis(expiry_ms(&o, line)));
            let mut artifacts = Vec::new();
            let mut dynamic = serde_json::Map::new();
            if kind == "reservedinstance" {
                let facts = reservation_facts(&o, line);
                let resource_id = facts.reservation_order;
                artifacts.push(pc::Artifact {
                    artifact_type: "reservedinstance".into(),
                    link: Some(pc::Link::get(format!("/customers/{}/artifacts/reservedinstance/groups/{order_id}/lineitems/{}/resource/{resource_id}", c.id, line.line_item_number))),
                    resource_id: Some(resource_id),
                    dynamic_attributes: Some(serde_json::Map::from_iter([("reservationType".to_string(), "virtualmachines".into())])),
                    extra: Default::default(),
                });
                dynamic.insert("reservationType".into(), "virtualmachines".into());
            }
            items.push(pc::Entitlement {
                reference_order: Some(pc::ReferenceOrder {
                    id: order_id.clone(),
                    line_item_id: line.line_item_number.to_string(),
                    alternate_id: o.order.alternate_id.clone(),
                    extra: Default::default(),
                }),
                product_id: item.product.id.clone(),
                sku_id: item.sku.id.clone(),
                quantity: line.quantity,
                entitlement_type: kind.into(),
                entitled_artifacts: artifacts,
                expiry_date: expiry,
                dynamic_attributes: (!dynamic.is_empty()).then_some(dynamic),
                ..Default::default()
            });
        }
    }
    let mut coll = pc::Collection::of(items, format!("/customers/{}/entitlements", c.id));
    coll.links = None;
    Response::json(200, &coll)
}

/// `GET /customers/{c}/artifacts/reservedinstance/groups/{order}/lineitems/{n}/resource/{r}`:
/// the reservations behind a reserved-instance entitlement (contract §4.1).
pub fn artifact(
    ctx: &Ctx<'_>,
    customer: &str,
    order_id: &str,
    line: &str,
    resource: &str,
) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let o = tri!(find(ctx, c, order_id));
    let missing = || {
        Response::error(404, codes::NOT_FOUND, format!("No reserved-instance artifact {resource}."))
    };
    let Some(l) = line
        .parse::<i64>()
        .ok()
        .and_then(|n| o.order.line_items.iter().find(|l| l.line_item_number == n))
    else {
        return missing();
    };
    let Some(item) =
        carts::resolve(c, &l.offer_id).filter(|i| i.product.kind == Kind::AzureReservation)
    else {
        return missing();
    };
    let facts = reservation_facts(&o, l);
    if !fulfilled(ctx, &o) || !facts.reservation_order.eq_ignore_ascii_case(resource) {
        return missing();
    }
    let shared = facts.scope != "single";
    let reservation = pc::entitlement::Reservation {
        reservation_id: format!(
            "/providers/microsoft.capacity/reservationOrders/{}/reservations/{}-0",
            facts.reservation_order, facts.reservation_order
        ),
        scope_type: Some(if shared { "Shared" } else { "Single" }.into()),
        display_name: Some(item.sku.title.clone()),
        applied_scopes: (!shared)
            .then(|| facts.subscription.iter().map(|s| format!("/subscriptions/{s}")).collect()),
        quantity: l.quantity,
        expiry_date_time: Some(Timestamp::from_millis(facts.expiry_ms)),
        effective_date_time: Some(Timestamp::from_millis(facts.effective_ms)),
        provisioning_state: Some("Created".into()),
        extra: Default::default(),
    };
    Response::json(
        200,
        &pc::entitlement::ReservedInstanceArtifactDetails {
            kind: "reservedinstance".into(),
            reservations: Some(vec![reservation]),
            virtual_machine_reservations: None,
            extra: Default::default(),
        },
    )
}

/// The unbilled one-time charges of the partner's orders placed in [`from`, `to`) in
/// `currency`: one `new` line per order line, and a `cancel` line (negative) per cancelled
/// one, made as every one-time line is (`invoices::one_time_line`).
pub fn unbilled(
    ctx: &Ctx<'_>,
    currency: &str,
    from: i64,
    to: i64,
) -> Vec<pc::OneTimeInvoiceLineItem> {
    unbilled_of(ctx, &partner_orders(ctx), currency, from, to)
}

/// The partner's stored orders per customer, oldest first: read once by a request that
/// bills many months and currencies (the invoice list read them again for each of 96).
pub struct PartnerOrders(Vec<(&'static SeedCustomer, Vec<StoredOrder>)>);

pub fn partner_orders(ctx: &Ctx<'_>) -> PartnerOrders {
    PartnerOrders(
        seed::CUSTOMERS
            .iter()
            .filter(|c| c.partner == ctx.partner)
            .map(|c| {
                let mut orders: Vec<StoredOrder> = ctx.load_all(&format!("order/{}/", c.id));
                orders.sort_by_key(|o| o.created_ms);
                (c, orders)
            })
            .collect(),
    )
}

/// [`unbilled`] over orders already read.
pub fn unbilled_of(
    ctx: &Ctx<'_>,
    all: &PartnerOrders,
    currency: &str,
    from: i64,
    to: i64,
) -> Vec<pc::OneTimeInvoiceLineItem> {
    let mut out = Vec::new();
    for (c, orders) in &all.0 {
        let c: &SeedCustomer = c;
        for o in orders.iter().filter(|o| o.created_ms >= from && o.created_ms < to) {
            if !o.order.currency_code.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(currency)) {
                continue;
            }
            let order_id = o.order.id.clone().unwrap_or_default();
            for line in &o.order.line_items {
                let Some(pricing) = line.pricing.as_ref() else { continue };
                let mut parts = line.offer_id.split(':');
                let (product_id, sku_id, availability_id) =
                    (parts.next(), parts.next(), parts.next());
                let charge = |refund: bool, quantity: Decimal| pc::OneTimeInvoiceLineItem {
                    reseller_mpn_id: line
                        .partner_id_on_record
                        .clone()
                        .unwrap_or_else(|| "0".into()),
                    order_id: order_id.clone(),
                    order_date: o.order.creation_date,
                    product_id: product_id.unwrap_or_default().into(),
                    sku_id: sku_id.unwrap_or_default().into(),
                    availability_id: availability_id.map(str::to_string),
                    product_name: line.friendly_name.clone().unwrap_or_default(),
                    sku_name: line.friendly_name.clone(),
                    unit_price: pricing.price,
                    effective_unit_price: pricing.price,
                    quantity: Some(quantity),
                    billable_quantity: Some(quantity),
                    subscription_id: line.subscription_id.clone(),
                    alternate_id: Some(order_id.clone()),
                    ..crate::invoices::one_time_line(
                        ctx.partner,
                        c,
                        currency,
                        pricing.extended_price.unwrap_or_default(),
                        refund,
                    )
                };
                // A cancelled line's quantity is 0 now; it was bought, then refunded.
                let bought = if o.cancelled.contains(&line.line_item_number) {
                    pricing
                        .price
                        .filter(|p| !p.is_zero())
                        .and_then(|p| pricing.extended_price.map(|e| (e / p).round()))
                        .unwrap_or(Decimal::ONE)
                } else {
                    Decimal::from(line.quantity)
                };
                out.push(charge(false, bought));
                if o.cancelled.contains(&line.line_item_number) {
                    out.push(charge(true, bought));
                }
            }
        }
    }
    out
}
