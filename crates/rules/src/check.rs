//! The checks: one purchase intent, and a whole cart (every line, then rules across lines).

use crate::country::{Country, MarketSet};
use crate::finding::{Field, Finding, Rule, Severity, Verdict};
use crate::intent::{Prerequisites, PurchaseIntent};
use crate::kind::ProductKind;
use crate::tables;
use crate::term::Term;

use Severity::{Block, Warn};

/// Markets where a kind is not sold; perpetual software and the others have no table.
pub fn unavailable_markets(kind: ProductKind) -> MarketSet {
    match kind {
        ProductKind::SoftwareSubscription => tables::UNAVAILABLE_SOFTWARE_SUBSCRIPTION,
        ProductKind::AzureReservation => tables::UNAVAILABLE_AZURE_RESERVATION,
        _ => MarketSet::EMPTY,
    }
}

/// Whether `kind` can be sold to a customer in `country`.
#[inline]
pub fn sold_in(kind: ProductKind, country: Country) -> bool {
    !unavailable_markets(kind).contains(country)
}

/// Every rule for one intent. Allocates only for the findings it returns.
pub fn check(intent: &PurchaseIntent<'_>) -> Verdict {
    let mut v = Verdict::default();
    cloud(intent, &mut v);
    market(intent, &mut v);
    terms(intent, &mut v);
    qualification(intent, &mut v);
    prerequisites(intent, &mut v);
    quantity(intent, &mut v);
    availability(intent, &mut v);
    addon(intent, &mut v);
    reseller(intent, &mut v);
    attestation(intent, &mut v);
    v
}

/// A SKU that enforces attestation (product-resources.md) is refused without it (10012).
fn attestation(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    if let Some(kind) = i.attestation_required {
        if !i.attestation_accepted {
            v.push(
                Finding::new(Rule::AttestationMissing, Block, Field::Attestation).arg("kind", kind),
            );
        }
    }
}

/// An indirect reseller is named by its PartnerID (order-resources.md `partnerIdOnRecord`;
/// the docs' examples: "5357564", "517285"), a number; anything else is refused (800016).
fn reseller(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    let Some(id) = i.reseller.map(str::trim).filter(|r| !r.is_empty()) else { return };
    if id.len() > 10 || !id.bytes().all(|b| b.is_ascii_digit()) {
        v.push(Finding::new(Rule::ResellerIdInvalid, Block, Field::Reseller).arg("id", id));
    }
}

fn cloud(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    if !i.cloud.sells(i.kind) {
        v.push(
            Finding::new(Rule::CloudUnavailable, Block, Field::Cloud)
                .arg("kind", i.kind.name())
                .arg("cloud", i.cloud.name()),
        );
    }
}

fn market(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    if let Some(country) = i.customer.country {
        if !sold_in(i.kind, country) {
            v.push(
                Finding::new(Rule::MarketUnavailable, Block, Field::Country)
                    .arg("kind", i.kind.name())
                    .arg("country", country),
            );
        }
    }
}

fn names<T: Copy>(items: impl Iterator<Item = T>, name: impl Fn(T) -> &'static str) -> String {
    items.map(name).collect::<Vec<_>>().join(", ")
}

fn terms(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    if let (Some(term), Some(offered)) = (i.term, i.availability.and_then(|a| a.terms)) {
        if !offered.contains(term) {
            v.push(
                Finding::new(Rule::TermNotOffered, Block, Field::Term)
                    .arg("term", term.as_str())
                    .arg("allowed", names(offered.iter(), |t| t.as_str())),
            );
        }
    }
    if let Some(r) = i.renews_to {
        if !r.can_renew_to() {
            let allowed = names(Term::all().filter(|t| t.can_renew_to()), |t| t.as_str());
            v.push(
                Finding::new(Rule::RenewsToInvalid, Block, Field::RenewsTo)
                    .arg("value", r.as_str())
                    .arg("allowed", allowed),
            );
        }
    }
    if let Some(b) = i.billing {
        if let (Some(term), p) = (i.term, b.period_months()) {
            if p > term.months() {
                v.push(
                    Finding::new(Rule::BillingExceedsTerm, Block, Field::Billing)
                        .arg("billing", b.as_str())
                        .arg("term", term.as_str()),
                );
            }
        }
        if let Some(supported) = i.sku.billing_cycles {
            if !supported.contains(b) {
                v.push(
                    Finding::new(Rule::BillingNotSupported, Block, Field::Billing)
                        .arg("billing", b.as_str())
                        .arg("allowed", names(supported.iter(), |b| b.as_str())),
                );
            }
        }
    }
}

fn qualification(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    if i.kind == ProductKind::PerpetualSoftware && i.partner_qualified == Some(false) {
        v.push(Finding::new(Rule::PerpetualNotQualified, Block, Field::PartnerQualified));
    }
}

/// The prerequisites that apply: the SKU's when known, else what the kind always needs
/// (Azure reservations need a registered subscription and an inventory check).
fn required_prerequisites(i: &PurchaseIntent<'_>) -> Prerequisites {
    i.sku.prerequisites.unwrap_or(Prerequisites {
        inventory_check: i.kind == ProductKind::AzureReservation,
        subscription_registration: i.kind == ProductKind::AzureReservation,
    })
}

fn prerequisites(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    let need = required_prerequisites(i);
    if need.inventory_check {
        match i.inventory_checked {
            Some(true) => {}
            // A failed check means no capacity: Partner Center refuses (800010).
            Some(false) => {
                v.push(Finding::new(Rule::InventoryCheckMissing, Block, Field::InventoryChecked))
            }
            // Not run yet: checkout may still succeed, but should not be tried blind.
            None => {
                v.push(Finding::new(Rule::InventoryCheckMissing, Warn, Field::InventoryChecked))
            }
        }
    }
    if need.subscription_registration && i.subscription_registered != Some(true) {
        // Unregistered or no evidence of registration: refused at checkout (800030).
        v.push(Finding::new(Rule::RegistrationMissing, Block, Field::SubscriptionRegistered));
    }
    let missing = i.sku.provisioning_variables.missing_from(i.provisioning_filled);
    if !missing.is_empty() {
        v.push(
            Finding::new(Rule::ProvisioningMissing, Block, Field::ProvisioningContext)
                .arg("variables", missing.names().collect::<Vec<_>>().join(", ")),
        );
    }
}

fn quantity(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    let Some(q) = i.quantity else { return };
    let min = i.sku.min_quantity.unwrap_or(1).max(1);
    // A minimum past i64 (a u64 from a plan or a server) is above every quantity; `as`
    // would wrap it negative and let any quantity through.
    if i64::try_from(min).map_or(true, |m| q < m) {
        v.push(
            Finding::new(Rule::QuantityBelowMinimum, Block, Field::Quantity)
                .arg("quantity", q)
                .arg("min", min),
        );
    }
    if let Some(max) = i.sku.max_quantity {
        if q > 0 && q as u64 > max {
            v.push(
                Finding::new(Rule::QuantityAboveMaximum, Block, Field::Quantity)
                    .arg("quantity", q)
                    .arg("max", max),
            );
        }
    }
}

fn availability(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    let Some(a) = i.availability else { return };
    let (want, have) = (i.customer, a.market);
    if let (Some(w), Some(h)) = (want.country, have.country) {
        if w != h {
            v.push(
                Finding::new(Rule::AvailabilityCountry, Block, Field::Country)
                    .arg("availability", h)
                    .arg("customer", w),
            );
        }
    }
    if let (Some(w), Some(h)) = (want.currency, have.currency) {
        if w != h {
            v.push(
                Finding::new(Rule::AvailabilityCurrency, Block, Field::Currency)
                    .arg("availability", h)
                    .arg("customer", w),
            );
        }
    }
    if let (Some(w), Some(h)) = (want.segment, have.segment) {
        if w != h {
            v.push(
                Finding::new(Rule::AvailabilitySegment, Block, Field::Segment)
                    .arg("availability", h.as_str())
                    .arg("customer", w.as_str()),
            );
        }
    }
}

/// A traditional add-on names the subscription it is for; a new-commerce add-on
/// (`PRODUCT:SKU:AVAILABILITY`) is an ordinary cart line (create-a-cart-with-add-ons.md).
fn addon(i: &PurchaseIntent<'_>, v: &mut Verdict) {
    let new_commerce = i.catalog_item_id.is_some_and(|id| id.contains(':'));
    if i.kind == ProductKind::AddOn
        && !new_commerce
        && i.parent_subscription.is_none_or(|p| p.trim().is_empty())
    {
        v.push(Finding::new(Rule::AddonParentMissing, Block, Field::ParentSubscription));
    }
}

/// The verdict for a whole cart: each line's own findings, plus rules across lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CartVerdict {
    pub lines: Vec<Verdict>,
}

impl CartVerdict {
    pub fn is_blocked(&self) -> bool {
        self.lines.iter().any(Verdict::is_blocked)
    }
}

pub fn check_cart(lines: &[PurchaseIntent<'_>]) -> CartVerdict {
    let mut out = CartVerdict { lines: lines.iter().map(check).collect() };
    // One order is charged in one currency: a line priced in another cannot join the cart.
    let first_currency = lines.iter().find_map(|l| l.availability.and_then(|a| a.market.currency));
    for (i, line) in lines.iter().enumerate() {
        if let (Some(first), Some(c)) =
            (first_currency, line.availability.and_then(|a| a.market.currency))
        {
            if c != first {
                out.lines[i].push(
                    Finding::new(Rule::CartMixedCurrency, Block, Field::Currency)
                        .arg("currency", c)
                        .arg("cart", first),
                );
            }
        }
        // The same item, term and cycle twice: almost always a mistake for one line with a
        // larger quantity.
        if let Some(id) = line.catalog_item_id {
            let earlier = lines[..i].iter().position(|o| {
                o.catalog_item_id.is_some_and(|x| x.eq_ignore_ascii_case(id))
                    && o.term == line.term
                    && o.billing == line.billing
            });
            if let Some(j) = earlier {
                out.lines[i].push(
                    Finding::new(Rule::CartDuplicateLine, Warn, Field::CatalogItem)
                        .arg("line", j + 1)
                        .arg("item", id),
                );
            }
        }
    }
    out
}
