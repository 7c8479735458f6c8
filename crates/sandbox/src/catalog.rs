//! Products, SKUs, availabilities (by country and by customer) and the inventory check.

use pc::catalog::{BillingCycle, CurrencyInfo, ItemType};
use procura_partner_center as pc;
use procura_partner_center::codes;

use crate::seed::{self, SeedCustomer, SeedProduct, SeedSku};
use crate::{customers, Ctx};
use procura_partner_center::http::Response;

fn link(uri: String) -> pc::Links {
    let mut l = pc::Links::new();
    l.insert("self".into(), pc::Link::get(uri));
    l
}

pub fn product_resource(p: &SeedProduct, country: &str) -> pc::Product {
    let mut links = link(format!("/products/{}?country={country}", p.id));
    links
        .insert("skus".into(), pc::Link::get(format!("/products/{}/skus?country={country}", p.id)));
    let (ty, sub) = p.product_type;
    pc::Product {
        id: p.id.clone(),
        title: p.title.clone(),
        description: Some(p.description.clone()),
        product_type: Some(ItemType {
            id: ty.into(),
            display_name: Some(ty.into()),
            sub_type: sub.map(|s| {
                Box::new(ItemType {
                    id: s.into(),
                    display_name: Some(s.into()),
                    ..Default::default()
                })
            }),
            extra: Default::default(),
        }),
        is_microsoft_product: Some(true),
        publisher_name: Some(p.publisher.into()),
        links: Some(links),
        attributes: pc::ResourceAttributes::of("Product"),
        extra: Default::default(),
    }
}

pub fn sku_resource(p: &SeedProduct, s: &SeedSku, country: &str) -> pc::Sku {
    let mut links = link(format!("/products/{}/skus/{}?country={country}", p.id, s.id));
    links.insert(
        "availabilities".into(),
        pc::Link::get(format!("/products/{}/skus/{}/availabilities?country={country}", p.id, s.id)),
    );
    let strings = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut dynamic = serde_json::Map::new();
    if let Some(r) = s.reservation {
        dynamic.insert("armRegionName".into(), r.region.into());
        dynamic.insert("armSkuName".into(), r.arm_sku.into());
        dynamic.insert(
            "duration".into(),
            (if s.terms.contains(&"P3Y") { "3Years" } else { "1Year" }).into(),
        );
    }
    dynamic.insert("isAddon".into(), (p.kind == seed::Kind::AddOn).into());
    if p.kind.is_new_commerce() {
        // The `product:sku` ids an add-on works with (product-resources.md).
        dynamic.insert("prerequisiteSkus".into(), s.addon_for.clone().into());
    }
    pc::Sku {
        id: s.id.clone(),
        product_id: Some(p.id.clone()),
        title: s.title.clone(),
        description: Some(s.title.clone()),
        minimum_quantity: Some(s.min),
        maximum_quantity: Some(s.max),
        is_trial: Some(false),
        supported_billing_cycles: s.billing.iter().map(|b| BillingCycle::from_wire(b)).collect(),
        purchase_prerequisites: strings(s.prerequisites),
        inventory_variables: strings(s.inventory_variables),
        provisioning_variables: strings(s.provisioning_variables),
        dynamic_attributes: Some(dynamic),
        actions: None,
        attestation_properties: s.attestation.map(|t| pc::AttestationProperties {
            attestation_type: Some(t.into()),
            enforce_attestation: Some(true),
            extra: Default::default(),
        }),
        links: Some(links),
        attributes: pc::ResourceAttributes::of("Sku"),
        extra: Default::default(),
    }
}

pub fn availability_resource(
    p: &SeedProduct,
    s: &SeedSku,
    (country, currency, segment): seed::Market,
    azure_plan: bool,
) -> pc::Availability {
    let mut id = seed::availability_id(country, currency, segment);
    if azure_plan {
        id.push_str(seed::AZURE_PLAN_SUFFIX);
    }
    let new_commerce = p.kind.is_new_commerce();
    let term_id = |t: &str| format!("{}{}", s.id, t).to_ascii_lowercase();
    let terms = s
        .terms
        .iter()
        .map(|t| pc::Term {
            // New-commerce terms have ids, which renewal instructions name.
            id: new_commerce.then(|| term_id(t)),
            duration: t.to_string(),
            description: Some(match *t {
                "P1M" => "One-Month commitment for monthly billing".to_string(),
                "P1Y" => "One-Year commitment".to_string(),
                _ => "Three-Year commitment".to_string(),
            }),
            // The window the sandbox enforces for software (orders::CANCELLATION_DAYS), in
            // the shape get-an-availability-by-id.md shows.
            cancellation_policies: (p.kind == seed::Kind::SoftwareSubscription).then(|| {
                vec![serde_json::json!({"refundOptions": [{
                    "sequenceId": 0,
                    "type": "Full",
                    "expiresAfter": format!("P{}D", crate::orders::CANCELLATION_DAYS),
                }]})]
            }),
            ..Default::default()
        })
        .collect();
    let symbol = seed::currency(currency).map(|(_, s)| s.to_string());
    pc::Availability {
        catalog_item_id: format!("{}:{}:{id}", p.id, s.id),
        id,
        product_id: Some(p.id.clone()),
        sku_id: Some(s.id.clone()),
        default_currency: Some(CurrencyInfo {
            code: currency.into(),
            symbol,
            extra: Default::default(),
        }),
        segment: Some(segment.into()),
        country: Some(country.into()),
        is_purchasable: Some(true),
        is_renewable: Some(new_commerce),
        // get-a-list-of-availabilities-for-a-sku.md's new-commerce example: every term renews
        // to the same product and SKU.
        renewal_instructions: new_commerce.then(|| {
            vec![serde_json::json!({
                "applicableTermIds": s.terms.iter().map(|t| term_id(t)).collect::<Vec<_>>(),
                "renewalOptions": [{"renewToId": format!("{}:{}", p.id, s.id), "isAutoRenewable": true}],
            })]
        }),
        terms,
        links: Some(link(format!(
            "/products/{}/skus/{}/availabilities/{}?country={country}",
            p.id,
            s.id,
            seed::availability_id(country, currency, segment)
        ))),
        attributes: pc::ResourceAttributes::of("Availability"),
        extra: Default::default(),
        ..Default::default()
    }
}

/// Whether `p` has availabilities in `country`: not where the rules say its kind is not
/// sold, and under the Azure-plan scope only for reservations.
fn offered(p: &SeedProduct, country: &str, azure_plan: bool) -> bool {
    (!azure_plan || p.kind == seed::Kind::AzureReservation) && seed::sold_in(p.kind, country)
}

/// The products of a target view, as a market's catalog lists them.
fn products_in(view: &str, country: &str) -> Vec<pc::Product> {
    seed::products()
        .iter()
        .filter(|p| p.target_view.eq_ignore_ascii_case(view))
        .map(|p| product_resource(p, country))
        .collect()
}

/// The availabilities a market has for a SKU: every seeded market of that country; nonprofit
/// only when asked for (as documented).
fn availabilities_in(
    p: &SeedProduct,
    s: &SeedSku,
    country: &str,
    segment: Option<&str>,
    azure_plan: bool,
) -> Vec<pc::Availability> {
    if !offered(p, country, azure_plan) {
        return Vec::new();
    }
    seed::markets()
        .iter()
        .filter(|(c, _, seg)| {
            c.eq_ignore_ascii_case(country)
                && segment.map_or(*seg != "nonprofit", |want| seg.eq_ignore_ascii_case(want))
        })
        .map(|&m| availability_resource(p, s, m, azure_plan))
        .collect()
}

/// `reservationScope=AzurePlan`: the availabilities for Azure plans.
fn azure_plan_scope(ctx: &Ctx<'_>) -> bool {
    ctx.req.param("reservationScope").is_some_and(|v| v.eq_ignore_ascii_case("AzurePlan"))
}

fn country(ctx: &Ctx<'_>) -> Result<String, Response> {
    match ctx.req.param("country") {
        Some(c) if procura_rules::Country::parse(&c).is_some() => Ok(c.to_ascii_uppercase()),
        Some(c) => Err(Response::error(
            400,
            codes::INVALID_INPUT,
            format!("The country `{c}` is not a valid ISO 3166 code."),
        )),
        None => {
            Err(Response::error(400, codes::INVALID_INPUT, "The country parameter is required."))
        }
    }
}

/// The customer's country for customer-scoped routes, else the `country` parameter.
fn market_country(ctx: &Ctx<'_>, customer: Option<&SeedCustomer>) -> Result<String, Response> {
    match customer {
        Some(c) => Ok(c.country.to_string()),
        None => country(ctx),
    }
}

fn find_product(id: &str) -> Result<&'static SeedProduct, Response> {
    seed::product(id).ok_or_else(|| {
        Response::error(404, codes::PRODUCT_NOT_FOUND, format!("Product {id} was not found."))
    })
}

fn find_sku(p: &'static SeedProduct, id: &str) -> Result<&'static SeedSku, Response> {
    seed::sku(p, id).ok_or_else(|| {
        Response::error(
            404,
            codes::SKU_NOT_FOUND,
            format!("SKU {id} of product {} was not found.", p.id),
        )
    })
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(r) => return r,
        }
    };
}
pub(crate) use tri;

pub fn products(ctx: &Ctx<'_>) -> Response {
    let country = tri!(country(ctx));
    let Some(view) = ctx.req.param("targetView") else {
        return Response::error(400, codes::INVALID_INPUT, "The targetView parameter is required.");
    };
    let key = (view, country);
    if let Some(hit) = LISTINGS.with(|m| m.borrow().get(&key).cloned()) {
        return hit;
    }
    let (view, country) = &key;
    let products = products_in(view, country);
    let cacheable = !products.is_empty();
    let resp = Response::json(
        200,
        &pc::Collection::of(products, format!("/products?country={country}&targetView={view}")),
    );
    LISTINGS.with(|m| {
        let mut m = m.borrow_mut();
        // Only listings of real views are kept (a made-up view lists nothing), and few.
        if cacheable && m.len() < MAX_LISTINGS {
            m.insert(key, resp.clone());
        }
    });
    resp
}

/// How many market and view listings are kept.
const MAX_LISTINGS: usize = 256;

thread_local! {
    /// A market's product listing per view, as answered: the seed never changes, and building
    /// and writing the list was most of a catalog GET's time.
    static LISTINGS: std::cell::RefCell<std::collections::HashMap<(String, String), Response>> =
        Default::default();
}

/// The add-ons of a traditional offer (get-addon-offers-by-offer-id.md): the legacy offer
/// resource, which new-commerce products do not use.
pub fn offer_addons(ctx: &Ctx<'_>, offer: &str) -> Response {
    let country = tri!(country(ctx));
    let Some(base) = seed::traditional(offer) else {
        return Response::error(404, codes::NOT_FOUND, format!("Offer {offer} was not found."));
    };
    let items: Vec<pc::Offer> = seed::traditional_offers()
        .iter()
        .filter(|o| o.base.is_some_and(|b| b.eq_ignore_ascii_case(base.id)))
        .map(|o| {
            let sku = &o.product.skus[0];
            let mut links = pc::Links::new();
            links.insert(
                "self".into(),
                pc::Link::get(format!("/offers/{}?country={country}", o.id)),
            );
            pc::Offer {
                id: o.id.into(),
                name: o.product.title.clone(),
                description: Some(o.product.description.clone()),
                minimum_quantity: Some(sku.min),
                maximum_quantity: Some(sku.max),
                locale: Some("en-US".into()),
                country: Some(country.clone()),
                prerequisite_offers: vec![base.id.into()],
                is_add_on: Some(true),
                has_add_ons: Some(false),
                is_available_for_purchase: Some(true),
                billing: Some("license".into()),
                supported_billing_cycles: sku
                    .billing
                    .iter()
                    .map(|b| pc::BillingCycle::from_wire(b))
                    .collect(),
                is_auto_renewable: Some(true),
                product: Some(pc::OfferProduct {
                    id: Some(o.id.into()),
                    name: Some(o.product.title.clone()),
                    unit: Some("Licenses".into()),
                    extra: Default::default(),
                }),
                unit_type: Some("Licenses".into()),
                links: Some(links),
                attributes: pc::ResourceAttributes::of("Offer"),
                extra: Default::default(),
            }
        })
        .collect();
    Response::json(
        200,
        &pc::Collection::of(items, format!("/offers/{}/addons?country={country}", base.id)),
    )
}

pub fn product(ctx: &Ctx<'_>, id: &str) -> Response {
    let country = tri!(country(ctx));
    Response::json(200, &product_resource(tri!(find_product(id)), &country))
}

pub fn skus(ctx: &Ctx<'_>, product: &str) -> Response {
    let country = tri!(country(ctx));
    let p = tri!(find_product(product));
    let items = p.skus.iter().map(|s| sku_resource(p, s, &country)).collect();
    Response::json(
        200,
        &pc::Collection::of(items, format!("/products/{}/skus?country={country}", p.id)),
    )
}

pub fn sku(ctx: &Ctx<'_>, product: &str, sku: &str) -> Response {
    let country = tri!(country(ctx));
    let p = tri!(find_product(product));
    Response::json(200, &sku_resource(p, tri!(find_sku(p, sku)), &country))
}

pub fn availabilities(
    ctx: &Ctx<'_>,
    product: &str,
    sku: &str,
    customer: Option<&SeedCustomer>,
) -> Response {
    let country = tri!(market_country(ctx, customer));
    let p = tri!(find_product(product));
    let s = tri!(find_sku(p, sku));
    let segment =
        ctx.req.param("targetSegment").or_else(|| customer.map(|c| c.segment.to_string()));
    let items = availabilities_in(p, s, &country, segment.as_deref(), azure_plan_scope(ctx));
    Response::json(
        200,
        &pc::Collection::of(
            items,
            format!("/products/{}/skus/{}/availabilities?country={country}", p.id, s.id),
        ),
    )
}

pub fn availability(
    ctx: &Ctx<'_>,
    product: &str,
    sku: &str,
    id: &str,
    customer: Option<&SeedCustomer>,
) -> Response {
    let p = tri!(find_product(product));
    let s = tri!(find_sku(p, sku));
    let country = tri!(market_country(ctx, customer));
    let (base, azure_plan) = seed::split_scope(id);
    match seed::market(&country, base).filter(|_| offered(p, &country, azure_plan)) {
        Some(m) => Response::json(200, &availability_resource(p, s, m, azure_plan)),
        None => Response::error(
            404,
            codes::AVAILABILITY_NOT_FOUND,
            format!("Availability {id} was not found."),
        ),
    }
}

/// `/customers/{id}/products...`: the catalog in the customer's market.
pub fn for_customer(ctx: &Ctx<'_>, c: &SeedCustomer, rest: &[&str]) -> Response {
    match rest {
        [] => {
            let Some(view) = ctx.req.param("targetView") else {
                return Response::error(
                    400,
                    codes::INVALID_INPUT,
                    "The targetView parameter is required.",
                );
            };
            Response::json(
                200,
                &pc::Collection::of(
                    products_in(&view, c.country),
                    format!("/customers/{}/products?targetView={view}", c.id),
                ),
            )
        }
        [p] => Response::json(200, &product_resource(tri!(find_product(p)), c.country)),
        [p, "skus"] => {
            let p = tri!(find_product(p));
            let items = p.skus.iter().map(|s| sku_resource(p, s, c.country)).collect();
            Response::json(
                200,
                &pc::Collection::of(items, format!("/customers/{}/products/{}/skus", c.id, p.id)),
            )
        }
        [p, "skus", s] => {
            let p = tri!(find_product(p));
            Response::json(200, &sku_resource(p, tri!(find_sku(p, s)), c.country))
        }
        [p, "skus", s, "availabilities"] => availabilities(ctx, p, s, Some(c)),
        [p, "skus", s, "availabilities", a] => availability(ctx, p, s, a, Some(c)),
        _ => Response::error(404, codes::NOT_FOUND, "No such catalog resource."),
    }
}

/// `POST /extensions/product/checkinventory`: reservation SKUs in the restricted region are
/// out of capacity; everything else is available. Unknown items are dropped, as documented.
pub fn check_inventory(ctx: &Ctx<'_>) -> Response {
    let _country = tri!(country(ctx));
    let req: pc::InventoryCheckRequest = match pc::from_slice(&ctx.req.body) {
        Ok(r) => r,
        Err(e) => {
            return Response::error(
                400,
                codes::INVALID_INPUT,
                format!("The request body is not a valid inventory check: {e}"),
            )
        }
    };
    let context = |key: &str| pc::cart::context_value(Some(&req.inventory_context), key);
    let mut out = Vec::new();
    for item in &req.target_items {
        let Some(p) = seed::product(&item.product_id) else { continue };
        let skus: Vec<&SeedSku> = match &item.sku_id {
            Some(id) => seed::sku(p, id).into_iter().collect(),
            None => p.skus.iter().collect(),
        };
        for s in skus {
            // The SKU's inventoryVariables must all be in the context, and name this
            // partner's customer and one of its Azure subscriptions.
            if let Some(missing) = s
                .inventory_variables
                .iter()
                .find(|v| context(v).is_none_or(|x| x.trim().is_empty()))
            {
                return Response::error(
                    400,
                    codes::INVALID_INPUT,
                    format!("The inventory context needs {missing} for SKU {}.", s.id),
                );
            }
            if let Some(customer) = context("customerId") {
                let Some(c) = customers::find(ctx, customer) else { return customers::not_found() };
                let sub = context("azureSubscriptionId").unwrap_or_default();
                if customers::registration(ctx, c, sub).is_none() {
                    return Response::error(
                        400,
                        codes::NOT_AZURE_SUBSCRIPTION,
                        format!("{sub} is not a valid Azure subscription of this customer."),
                    );
                }
            }
            let restricted = s.region() == Some(seed::RESTRICTED_REGION);
            let restrictions = restricted.then(|| {
                let mut props = std::collections::BTreeMap::new();
                props.insert("type".to_string(), "Location".to_string());
                props.insert("values".to_string(), seed::RESTRICTED_REGION.to_string());
                vec![pc::InventoryRestriction {
                    reason_code: "NotAvailableForSubscription".into(),
                    description: Some(format!(
                        "Restriction identified of type 'Location' with values '{}'.",
                        seed::RESTRICTED_REGION
                    )),
                    properties: props,
                    extra: Default::default(),
                }]
            });
            out.push(pc::InventoryItem {
                product_id: p.id.clone(),
                sku_id: Some(s.id.clone()),
                is_restricted: Some(restricted),
                restrictions: Some(restrictions.unwrap_or_default()),
                extra: Default::default(),
            });
        }
    }
    Response::json(200, &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every SKU has an availability in every seeded market of a country exactly where the
    /// rules sell its kind, and none elsewhere; the Azure-plan scope only for reservations.
    #[test]
    fn availabilities_are_where_the_rules_sell() {
        let mut counted = 0;
        for p in seed::products() {
            for s in &p.skus {
                for &(country, currency, segment) in seed::markets() {
                    let sold = seed::sold_in(p.kind, country);
                    let found = availabilities_in(p, s, country, Some(segment), false);
                    assert_eq!(found.len(), usize::from(sold), "{} {} in {country}", p.id, s.id);
                    if let Some(a) = found.first() {
                        let cur = a.default_currency.as_ref().map(|c| c.code.as_str());
                        assert_eq!(cur, Some(currency));
                        counted += 1;
                    }
                    let plan = availabilities_in(p, s, country, Some(segment), true);
                    let reservation = p.kind == seed::Kind::AzureReservation;
                    assert_eq!(plan.len(), usize::from(sold && reservation));
                }
            }
        }
        assert!(counted > 1000, "{counted} availabilities");
    }

    #[test]
    fn refused_markets_are_the_rules_own() {
        // Brazil, China and Russia buy neither software subscriptions nor reservations.
        for country in ["BR", "CN", "RU"] {
            assert!(!seed::sold_in(seed::Kind::SoftwareSubscription, country));
            assert!(!seed::sold_in(seed::Kind::AzureReservation, country));
            assert!(seed::sold_in(seed::Kind::PerpetualSoftware, country));
            assert!(seed::sold_in(seed::Kind::OnlineService, country));
        }
        assert!(seed::sold_in(seed::Kind::AzureReservation, "JP"));
    }
}
