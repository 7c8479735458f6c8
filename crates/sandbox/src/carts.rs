//! Carts: create, get, update, checkout. Lines are checked with the same rules as the app
//! (a line the rules block gets a `CartError` and its order group fails at checkout), grouped
//! into orders by billing cycle, and checked out as `checkout-a-cart.md` documents: a second
//! checkout of a cart answers with the first one's orders, and re-attempts the order groups
//! that failed. (`error-codes.md` also lists 800065 for it; [`Config::refuse_second_checkout`]
//! gives that reading, so the client is tested against both.)

use pc::cart::CartStatus;
use pc::Timestamp;
use procura_partner_center as pc;
use procura_partner_center::codes;
use procura_rules as rules;
use serde::{Deserialize, Serialize};

use crate::catalog::tri;
use crate::customers::{self, not_found};
use crate::seed::{self, SeedCustomer, SeedProduct, SeedSku};
use crate::{ids, orders, request_ids, Ctx};
use procura_partner_center::http::Response;

/// How long a cart lives (create-a-cart.md).
pub(crate) const WEEK_MS: i64 = 7 * 24 * 3_600_000;

/// A catalog item id `PRODUCT:SKU:AVAILABILITY` resolved in the customer's market.
pub struct Item {
    pub product: &'static SeedProduct,
    pub sku: &'static SeedSku,
    pub currency: &'static str,
    pub segment: &'static str,
    pub country: &'static str,
    /// A reservation availability for Azure plans (`reservationScope=AzurePlan`).
    pub azure_plan: bool,
}

pub fn resolve(c: &SeedCustomer, catalog_item_id: &str) -> Option<Item> {
    let mut parts = catalog_item_id.split(':');
    let (p, s, a) = (parts.next()?, parts.next()?, parts.next()?);
    let product = seed::product(p)?;
    let sku = seed::sku(product, s)?;
    let (a, azure_plan) = seed::split_scope(a);
    if azure_plan && product.kind != seed::Kind::AzureReservation {
        return None;
    }
    let (country, currency, segment) = seed::market(c.country, a)?;
    Some(Item { product, sku, currency, segment, country, azure_plan })
}

/// A traditional offer id (a GUID) resolved for the customer: priced and sold in the
/// customer's own market.
pub fn resolve_traditional(c: &SeedCustomer, offer_id: &str) -> Option<Item> {
    let offer = seed::traditional(offer_id)?;
    Some(Item {
        product: &offer.product,
        sku: offer.product.skus.first()?,
        currency: c.currency,
        segment: c.segment,
        country: c.country,
        azure_plan: false,
    })
}

/// The cart error for a line, if any: an unknown item, or a blocking rule finding.
fn line_error(
    ctx: &Ctx<'_>,
    c: &SeedCustomer,
    line: &pc::CartLineItem,
    item: Option<&Item>,
    subscriptions: &std::cell::OnceCell<Vec<pc::Subscription>>,
) -> Option<pc::CartError> {
    let Some(item) = item else {
        return Some(cart_error(
            codes::cart_line::CATALOG_ITEM_ID_NOT_VALID,
            format!("The catalog item id {} is not valid for this customer.", line.catalog_item_id),
        ));
    };
    let partner = &seed::PARTNERS[ctx.partner];
    let market = rules::Market {
        country: rules::Country::parse(c.country),
        currency: rules::Currency::parse(c.currency),
        segment: rules::Segment::parse(c.segment),
    };
    let mut intent = rules::PurchaseIntent::new(item.product.kind.rules_kind());
    intent.customer = market;
    intent.catalog_item_id = Some(&line.catalog_item_id);
    intent.term = line.term_duration.as_deref().and_then(rules::Term::parse);
    intent.renews_to = line.renews_to.as_ref().and_then(|r| rules::Term::parse(&r.term_duration));
    intent.billing =
        line.billing_cycle.as_ref().and_then(|b| rules::BillingCycle::parse(b.as_wire()));
    intent.quantity = Some(line.quantity);
    intent.sku = rules::SkuFacts {
        min_quantity: Some(item.sku.min as u64),
        max_quantity: Some(item.sku.max as u64),
        billing_cycles: Some(
            item.sku.billing.iter().filter_map(|b| rules::BillingCycle::parse(b)).collect(),
        ),
        prerequisites: Some(rules::Prerequisites {
            inventory_check: item.sku.prerequisites.contains(&"InventoryCheck"),
            subscription_registration: item
                .sku
                .prerequisites
                .contains(&"AzureSubscriptionRegistration"),
        }),
        provisioning_variables: item
            .sku
            .provisioning_variables
            .iter()
            .filter_map(|v| rules::ProvisioningVars::parse(v))
            .fold(Default::default(), |a, b| a.union(b)),
    };
    intent.availability = Some(rules::AvailabilityFacts {
        market: rules::Market {
            country: rules::Country::parse(item.country),
            currency: rules::Currency::parse(item.currency),
            segment: rules::Segment::parse(item.segment),
        },
        terms: (!item.sku.terms.is_empty())
            .then(|| item.sku.terms.iter().filter_map(|t| rules::Term::parse(t)).collect()),
    });
    intent.partner_qualified = Some(partner.perpetual_qualified);
    // The service does not know whether the partner ran an inventory check; it knows its
    // capacity, which is checked below, after the rules.
    intent.inventory_checked = None;
    let sub = line.context("subscriptionId");
    intent.subscription_registered = Some(sub.is_some_and(|s| {
        customers::registration(ctx, c, s) == Some(pc::RegistrationStatus::Registered)
    }));
    intent.provisioning_filled = item
        .sku
        .provisioning_variables
        .iter()
        .filter(|v| line.context(v).is_some_and(|x| !x.trim().is_empty()))
        .filter_map(|v| rules::ProvisioningVars::parse(v))
        .fold(Default::default(), |a, b| a.union(b));
    intent.parent_subscription = line.context("parentSubscriptionId");
    // An Azure plan availability is bought for an Azure plan, the other kind for an
    // MS-AZR-0145P subscription.
    if let (seed::Kind::AzureReservation, Some(sub)) =
        (item.product.kind, line.context("subscriptionId"))
    {
        let target = subscriptions
            .get_or_init(|| customers::all_subscriptions(ctx, c))
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(sub));
        if target.is_some_and(|s| pc::offer::is_azure_plan(&s.offer_id) != item.azure_plan) {
            return Some(cart_error(
                codes::cart_line::SUBSCRIPTION_NOT_VALID,
                format!("Subscription {sub} can't be used with this availability: Azure plan availabilities (reservationScope=AzurePlan) are for Azure plans, the others for Microsoft Azure (MS-AZR-0145P) subscriptions."),
            ));
        }
    }
    // cart-resources.md: required where the SKU enforces attestation; only the partner gives it.
    if item.sku.attestation.is_some() && line.attestation_accepted != Some(true) {
        return Some(cart_error(
            codes::cart_line::ATTESTATION_NOT_ACCEPTED,
            "This catalog item requires attestation acceptance.".into(),
        ));
    }
    // Only new commerce renews to a chosen term (cart-resources.md `renewsTo`).
    if line.renews_to.is_some() && !item.product.kind.is_new_commerce() {
        return Some(cart_error(
            codes::cart_line::INVALID_INPUT,
            "renewsTo is not allowed for this catalog item.".into(),
        ));
    }
    let resellers = line.transaction_resellers();
    intent.reseller = resellers.first().copied();
    if !resellers.is_empty() && !partner.is_indirect_provider() {
        return Some(cart_error(
            codes::cart_line::PARTICIPANTS_NOT_SUPPORTED,
            "Participants are not supported for this partner.".into(),
        ));
    }

    let verdict = rules::check(&intent);
    let Some(blocking) = verdict.findings.iter().find(|f| f.severity == rules::Severity::Block)
    else {
        if item.sku.region() == Some(seed::RESTRICTED_REGION) {
            return Some(cart_error(
                codes::cart_line::INVENTORY_NOT_AVAILABLE,
                "Inventory isn't available for this catalog item.".into(),
            ));
        }
        if let Some(unknown) = resellers.iter().find(|r| !partner.resellers.contains(r)) {
            return Some(cart_error(
                codes::cart_line::INVALID_INPUT,
                format!("PartnerID {unknown} isn't a valid Indirect Reseller."),
            ));
        }
        return sandbox_limit(ctx, c, line, item);
    };
    let code = match blocking.rule {
        rules::Rule::RegistrationMissing => codes::cart_line::SUBSCRIPTION_NOT_REGISTERED,
        rules::Rule::QuantityAboveMaximum => codes::cart_line::MAX_SEATS_PER_SUBSCRIPTION_EXCEEDED,
        _ => codes::cart_line::INVALID_INPUT,
    };
    // The service's words only: it sends no rule id (`additionalInformation` is for its own
    // details, none of which the docs show for these codes).
    Some(cart_error(code, rules::english::message(blocking)))
}

/// The integration sandbox's limits on what one line may buy (test-and-debug.md).
fn sandbox_limit(
    ctx: &Ctx<'_>,
    c: &SeedCustomer,
    line: &pc::CartLineItem,
    item: &Item,
) -> Option<pc::CartError> {
    if !ctx.config.sandbox_limits {
        return None;
    }
    match item.product.kind {
        seed::Kind::OnlineService | seed::Kind::AddOn if line.quantity > SANDBOX_LICENSES => {
            Some(cart_error(codes::cart_line::SANDBOX_LIMIT_EXCEEDED, format!("Sandbox limit: at most {SANDBOX_LICENSES} licences per subscription.")))
        }
        seed::Kind::AzureReservation if orders::reserved_instances(ctx, c) + line.quantity > SANDBOX_VM_INSTANCES => {
            Some(cart_error(codes::cart_line::SANDBOX_LIMIT_EXCEEDED, format!("Sandbox limit: at most {SANDBOX_VM_INSTANCES} reserved VM instances per customer.")))
        }
        _ => None,
    }
}

pub const SANDBOX_LICENSES: i64 = 25;
pub const SANDBOX_VM_INSTANCES: i64 = 2;
pub const SANDBOX_SUBSCRIPTIONS: usize = 5;

fn order_error(group: &str, code: u32, description: String) -> pc::OrderError {
    pc::OrderError {
        order_group_id: group.into(),
        code: code.into(),
        description: Some(description),
        attributes: pc::ResourceAttributes::of("OrderError"),
        extra: Default::default(),
    }
}

fn cart_error(code: i64, description: String) -> pc::CartError {
    pc::CartError {
        error_code: code,
        error_description: Some(description),
        additional_information: None,
        attributes: pc::ResourceAttributes::of("CartError"),
        extra: Default::default(),
    }
}

/// Fills what the service fills: currency, order groups (one per billing cycle, numbered in
/// order of appearance), errors.
pub(crate) fn prepare(ctx: &Ctx<'_>, c: &SeedCustomer, lines: &mut [pc::CartLineItem]) {
    let mut groups: Vec<String> = Vec::new();
    // Read once for the whole cart, when a line needs them: a cart of thousands of
    // reservation lines read every subscription again per line.
    let subscriptions = std::cell::OnceCell::new();
    for line in lines.iter_mut() {
        let item = resolve(c, &line.catalog_item_id);
        line.currency_code = item.as_ref().map(|i| i.currency.to_string());
        line.pricing = item.as_ref().and_then(|i| crate::pricing::of_cart_line(i, line));
        line.error = line_error(ctx, c, line, item.as_ref(), &subscriptions);
        let cycle =
            line.billing_cycle.as_ref().map(|b| b.as_wire().to_string()).unwrap_or_default();
        let group = groups.iter().position(|g| *g == cycle).unwrap_or_else(|| {
            groups.push(cycle);
            groups.len() - 1
        });
        line.order_group = Some(group.to_string());
    }
}

/// A cart as stored: the resource plus the checkout outcome once submitted.
#[derive(Serialize, Deserialize)]
struct Stored {
    cart: pc::Cart,
    result: Option<pc::CartCheckoutResult>,
}

fn read_body(ctx: &Ctx<'_>) -> Result<pc::Cart, Response> {
    let cart: pc::Cart = pc::from_slice(&ctx.req.body).map_err(|e| {
        Response::error(
            400,
            codes::INVALID_INPUT,
            format!("The request body is not a valid cart: {e}"),
        )
    })?;
    if cart.line_items.is_empty() {
        return Err(Response::error(
            400,
            codes::INVALID_INPUT,
            "A cart needs at least one line item.",
        ));
    }
    // create-a-cart.md marks it required: the partner's own statement, never assumed.
    if cart.partner_on_record_attestation_accepted != Some(true) {
        return Err(Response::error(
            400,
            codes::ATTESTATION_MISSING,
            "Partner Attestation is missing",
        ));
    }
    Ok(cart)
}

pub fn create(ctx: &mut Ctx<'_>, customer: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let scope = format!("cart/{}", c.id);
    if let Some(r) = request_ids::replay(ctx, &scope) {
        return r;
    }
    let mut cart = tri!(read_body(ctx));
    prepare(ctx, c, &mut cart.line_items);
    let n = ids::next(ctx, "cart");
    let id = ids::guid(ctx.partner, 0xca27, n);
    let now = Timestamp::from_millis(ctx.now);
    cart.id = Some(id.clone());
    cart.creation_timestamp = Some(now);
    cart.last_modified_timestamp = Some(now);
    cart.expiration_timestamp = Some(Timestamp::from_millis(ctx.now + WEEK_MS));
    cart.last_modified_user = Some(seed::PARTNERS[ctx.partner].id.into());
    cart.status = Some(CartStatus::Active);
    let mut links = pc::Links::new();
    links.insert("self".into(), pc::Link::get(format!("/customers/{}/carts/{id}", c.id)));
    cart.links = Some(links);
    cart.attributes = pc::ResourceAttributes::of("Cart");
    ctx.save(&format!("cart/{}/{id}", c.id), &Stored { cart: cart.clone(), result: None });
    request_ids::remember(ctx, &scope, 201, &cart);
    Response::json(201, &cart)
}

fn load(ctx: &Ctx<'_>, c: &SeedCustomer, id: &str) -> Result<Stored, Response> {
    ctx.load::<Stored>(&format!("cart/{}/{}", c.id, id.to_ascii_lowercase())).ok_or_else(|| {
        Response::error(404, codes::CART_NOT_FOUND, format!("Cart {id} was not found."))
    })
}

pub fn get(ctx: &Ctx<'_>, customer: &str, id: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let stored = tri!(load(ctx, c, id));
    let mut cart = stored.cart;
    if ctx.now > cart.expiration_timestamp.map_or(i64::MAX, |t| t.millis())
        && cart.status == Some(CartStatus::Active)
    {
        return Response::error(404, codes::CART_NOT_FOUND, format!("Cart {id} has expired."));
    }
    cart.status =
        Some(if stored.result.is_some() { CartStatus::Ordered } else { CartStatus::Active });
    Response::json(200, &cart)
}

pub fn update(ctx: &mut Ctx<'_>, customer: &str, id: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let mut stored = tri!(load(ctx, c, id));
    if stored.result.is_some() {
        return Response::error(
            400,
            codes::CART_ALREADY_SUBMITTED,
            format!("Cart {id} was already submitted and can no longer be changed."),
        );
    }
    let mut body = tri!(read_body(ctx));
    prepare(ctx, c, &mut body.line_items);
    stored.cart.line_items = body.line_items;
    stored.cart.last_modified_timestamp = Some(Timestamp::from_millis(ctx.now));
    let cart = stored.cart.clone();
    ctx.save(&format!("cart/{}/{}", c.id, cart.id.clone().unwrap_or_default()), &stored);
    Response::json(201, &cart)
}

pub fn checkout(ctx: &mut Ctx<'_>, customer: &str, id: &str) -> Response {
    let Some(c) = customers::find(ctx, customer) else { return not_found() };
    let mut stored = tri!(load(ctx, c, id));
    let cart_id = stored.cart.id.clone().unwrap_or_default();
    // The same request again (a retry after a lost response) gets the same answer.
    let scope = format!("checkout/{}/{cart_id}", c.id);
    if let Some(r) = request_ids::replay(ctx, &scope) {
        return r;
    }
    // Groups already placed are not placed again; only the failed ones are re-attempted.
    let mut result = match stored.result.take() {
        Some(_) if ctx.config.refuse_second_checkout => {
            return Response::error(
                400,
                codes::CART_ALREADY_SUBMITTED,
                format!("Can't check out an already submitted cart {cart_id}."),
            );
        }
        Some(done) if done.order_errors.is_empty() => return Response::json(201, &done),
        Some(done) => done,
        None => pc::CartCheckoutResult {
            attributes: pc::ResourceAttributes::of("CartCheckoutResult"),
            ..Default::default()
        },
    };
    let retrying: Option<Vec<String>> = (!result.orders.is_empty()
        || !result.order_errors.is_empty())
    .then(|| result.order_errors.drain(..).map(|e| e.order_group_id).collect());
    if ctx.now > stored.cart.expiration_timestamp.map_or(i64::MAX, |t| t.millis()) {
        return Response::error(404, codes::CART_NOT_FOUND, format!("Cart {cart_id} has expired."));
    }
    // Re-check at checkout: registrations and capacity may have changed since the cart.
    prepare(ctx, c, &mut stored.cart.line_items);

    let mut groups: Vec<String> =
        stored.cart.line_items.iter().filter_map(|l| l.order_group.clone()).collect();
    groups.sort();
    groups.dedup();
    groups.retain(|g| retrying.as_ref().is_none_or(|failed| failed.contains(g)));
    for g in groups {
        let lines: Vec<&pc::CartLineItem> = stored
            .cart
            .line_items
            .iter()
            .filter(|l| l.order_group.as_deref() == Some(g.as_str()))
            .collect();
        if let Some(bad) = lines.iter().find_map(|l| l.error.as_ref()) {
            result.order_errors.push(order_error(
                &g,
                codes::CART_ITEM_ERROR,
                format!(
                    "Error in cart item(s): {}",
                    bad.error_description.clone().unwrap_or_default()
                ),
            ));
            continue;
        }
        // Each license-based line becomes a subscription: 5 per customer in the sandbox.
        let new_subs = lines
            .iter()
            .filter(|l| {
                resolve(c, &l.catalog_item_id).is_some_and(|i| i.product.kind.is_new_commerce())
            })
            .count();
        if ctx.config.sandbox_limits
            && new_subs > 0
            && customers::subscription_count(ctx, c) + new_subs > SANDBOX_SUBSCRIPTIONS
        {
            result.order_errors.push(order_error(&g, codes::SANDBOX_LIMIT, format!("Sandbox limit met: at most {SANDBOX_SUBSCRIPTIONS} subscriptions per customer.")));
            continue;
        }
        result.orders.push(orders::place(ctx, c, &lines));
    }
    stored.result = Some(result.clone());
    stored.cart.status = Some(CartStatus::Ordered);
    ctx.save(&format!("cart/{}/{cart_id}", c.id), &stored);
    request_ids::remember(ctx, &scope, 201, &result);
    Response::json(201, &result)
}
