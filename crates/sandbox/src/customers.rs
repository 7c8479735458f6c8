//! Customers, their subscriptions, and subscription registration for reservations.

use pc::customer::{RegistrationStatus, SubscriptionStatus};
use procura_partner_center as pc;
use procura_partner_center::codes;
use serde::{Deserialize, Serialize};

use crate::seed::{self, SeedCustomer};
use crate::Ctx;
use procura_partner_center::http::Response;

/// The same answer for an unknown id and another partner's customer: existence never leaks.
pub fn not_found() -> Response {
    Response::error(
        403,
        codes::NO_RELATIONSHIP,
        "There is no commerce relationship between the partner and this customer.",
    )
}

pub fn find(ctx: &Ctx<'_>, id: &str) -> Option<&'static SeedCustomer> {
    seed::customer(ctx.partner, id)
}

pub fn list(ctx: &Ctx<'_>) -> Response {
    let items: Vec<_> = seed::CUSTOMERS
        .iter()
        .filter(|c| c.partner == ctx.partner)
        .map(seed::customer_resource)
        .collect();
    Response::json(200, &pc::Collection::of(items, "/customers"))
}

pub fn get(ctx: &Ctx<'_>, id: &str) -> Response {
    match find(ctx, id) {
        Some(c) => Response::json(200, &seed::customer_resource(c)),
        None => not_found(),
    }
}

/// A subscription created by an order (stored), beside the seeded ones.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CreatedSubscription {
    pub resource: pc::Subscription,
}

fn seed_subscription(c: &SeedCustomer, s: &seed::SeedSubscription) -> pc::Subscription {
    let mut links = pc::Links::new();
    links.insert(
        "self".into(),
        pc::Link::get(format!("/customers/{}/subscriptions/{}", c.id, s.id)),
    );
    pc::Subscription {
        id: s.id.clone(),
        offer_id: s.offer_id.clone(),
        entitlement_id: s.azure.then(|| s.id.clone()),
        offer_name: Some(s.offer_name.into()),
        friendly_name: Some(s.offer_name.into()),
        quantity: s.quantity,
        unit_type: Some(if s.azure { "Usage-based" } else { "Licenses" }.into()),
        status: SubscriptionStatus::Active,
        auto_renew_enabled: Some(!s.azure),
        billing_type: Some(if s.azure { "usage" } else { "license" }.into()),
        billing_cycle: Some(pc::BillingCycle::Monthly),
        has_purchasable_addons: Some(!s.azure),
        is_trial: Some(false),
        order_id: Some(s.order_id.clone()),
        term_duration: (!s.azure).then(|| "P1Y".into()),
        links: Some(links),
        attributes: pc::ResourceAttributes::of("Subscription"),
        ..Default::default()
    }
}

/// Every subscription of a customer: seeded, then created by orders.
pub fn all_subscriptions(ctx: &Ctx<'_>, c: &SeedCustomer) -> Vec<pc::Subscription> {
    let mut out: Vec<_> = seed::subscriptions(seed::customer_index(c))
        .iter()
        .map(|s| seed_subscription(c, s))
        .collect();
    let created: Vec<CreatedSubscription> = ctx.load_all(&format!("sub/{}/", c.id));
    out.extend(created.into_iter().map(|s| s.resource));
    out
}

/// The key of a customer's count of subscriptions created by orders: kept as they are made,
/// so a checkout's limit check does not read them all.
fn created_count_key(c: &SeedCustomer) -> String {
    format!("count/sub/{}", c.id)
}

/// Subscriptions created by orders so far. A database from before the count is counted
/// once, by reading them.
fn created_count(ctx: &Ctx<'_>, c: &SeedCustomer) -> u64 {
    ctx.load::<u64>(&created_count_key(c)).unwrap_or_else(|| {
        ctx.load_all::<CreatedSubscription>(&format!("sub/{}/", c.id)).len() as u64
    })
}

/// How many subscriptions the customer has, seeded and created.
pub fn subscription_count(ctx: &Ctx<'_>, c: &SeedCustomer) -> usize {
    seed::subscriptions(seed::customer_index(c)).len()
        + usize::try_from(created_count(ctx, c)).unwrap_or(usize::MAX)
}

/// Stores a subscription an order created, and counts it.
pub fn add_created(ctx: &mut Ctx<'_>, c: &SeedCustomer, resource: pc::Subscription) {
    let n = created_count(ctx, c).saturating_add(1);
    ctx.save(&format!("sub/{}/{}", c.id, resource.id), &CreatedSubscription { resource });
    ctx.save(&created_count_key(c), &n);
}

pub fn subscriptions(ctx: &Ctx<'_>, customer: &str) -> Response {
    let Some(c) = find(ctx, customer) else { return not_found() };
    Response::json(
        200,
        &pc::Collection::of(
            all_subscriptions(ctx, c),
            format!("/customers/{}/subscriptions", c.id),
        ),
    )
}

pub fn subscription(ctx: &Ctx<'_>, customer: &str, id: &str) -> Response {
    let Some(c) = find(ctx, customer) else { return not_found() };
    match all_subscriptions(ctx, c).into_iter().find(|s| s.id.eq_ignore_ascii_case(id)) {
        Some(s) => Response::json(200, &s),
        None => Response::error(
            404,
            codes::SUBSCRIPTION_NOT_FOUND,
            format!("Subscription {id} was not found."),
        ),
    }
}

/// When registration of a subscription was requested (stored).
#[derive(Serialize, Deserialize)]
struct Registration {
    requested_ms: i64,
}

/// Whether an Azure subscription is registered for reservation purchases at `now`.
pub fn registration(ctx: &Ctx<'_>, c: &SeedCustomer, sub: &str) -> Option<RegistrationStatus> {
    let seeded = seed::subscriptions(seed::customer_index(c));
    let s = seeded.iter().find(|s| s.azure && s.id.eq_ignore_ascii_case(sub))?;
    if s.registered {
        return Some(RegistrationStatus::Registered);
    }
    Some(match ctx.load::<Registration>(&format!("reg/{}/{}", c.id, s.id)) {
        None => RegistrationStatus::NotRegistered,
        Some(r) if ctx.now >= r.requested_ms + ctx.config.registration_delay_ms => {
            RegistrationStatus::Registered
        }
        Some(_) => RegistrationStatus::Registering,
    })
}

pub fn register(ctx: &mut Ctx<'_>, customer: &str, sub: &str) -> Response {
    let Some(c) = find(ctx, customer) else { return not_found() };
    match registration(ctx, c, sub) {
        None => Response::error(
            400,
            codes::NOT_AZURE_SUBSCRIPTION,
            format!("{sub} is not a valid Azure subscription of this customer."),
        ),
        Some(status) => {
            if status == RegistrationStatus::NotRegistered {
                let now = ctx.now;
                ctx.save(
                    &format!("reg/{}/{}", c.id, sub.to_ascii_lowercase()),
                    &Registration { requested_ms: now },
                );
            }
            Response::empty(202).with_header(
                "Location",
                &format!("/customers/{}/subscriptions/{}/registrationstatus", c.id, sub),
            )
        }
    }
}

pub fn registration_status(ctx: &Ctx<'_>, customer: &str, sub: &str) -> Response {
    let Some(c) = find(ctx, customer) else { return not_found() };
    match registration(ctx, c, sub) {
        Some(status) => Response::json(
            200,
            &pc::SubscriptionRegistrationStatus {
                subscription_id: sub.into(),
                status,
                attributes: pc::ResourceAttributes::of("SubscriptionRegistrationStatus"),
                extra: Default::default(),
            },
        ),
        None => Response::error(
            404,
            codes::SUBSCRIPTION_NOT_FOUND,
            format!("Subscription {sub} was not found."),
        ),
    }
}
