//! The sandbox's seed world: deterministic, so every run and every test sees the same
//! partners, customers, catalog and subscriptions. Nothing here is stored: it is built on
//! start, and only what partners change (carts, orders, registrations) goes to the store.

use procura_partner_center as pc;
use rust_decimal::Decimal;

/// A seeded partner and its well-known development token (published by
/// `GET /sandbox/partners`, as a storage emulator publishes its well-known keys).
pub struct Partner {
    pub id: &'static str,
    pub name: &'static str,
    pub token: &'static str,
    pub billing_currency: &'static str,
    /// Qualified to sell perpetual software.
    pub perpetual_qualified: bool,
    /// An indirect provider's indirect resellers (PartnerIDs) it may name on a line; a
    /// direct-bill partner has none and may name none (10004).
    pub resellers: &'static [&'static str],
}

impl Partner {
    pub fn is_indirect_provider(&self) -> bool {
        !self.resellers.is_empty()
    }
}

pub const PARTNERS: &[Partner] = &[
    Partner {
        id: "4d5e6f70-0000-4000-8000-00000000a001",
        name: "Sakura Cloud Solutions KK",
        token: "sandbox-partner-sakura",
        billing_currency: "JPY",
        perpetual_qualified: true,
        // The PartnerIDs of create-a-cart.md's example.
        resellers: &["5357564", "517285", "5357563"],
    },
    Partner {
        id: "4d5e6f70-0000-4000-8000-00000000b002",
        name: "Nordljus IT AB",
        token: "sandbox-partner-nordljus",
        billing_currency: "SEK",
        perpetual_qualified: false,
        resellers: &[],
    },
];

pub struct SeedCustomer {
    pub partner: usize,
    pub id: &'static str,
    pub name: &'static str,
    pub domain: &'static str,
    pub country: &'static str,
    pub currency: &'static str,
    pub segment: &'static str,
    pub culture: &'static str,
    pub city: &'static str,
}

macro_rules! customers {
    ($($p:literal $id:literal $name:literal $domain:literal $country:literal $cur:literal $seg:literal $cult:literal $city:literal;)*) => {
        pub const CUSTOMERS: &[SeedCustomer] = &[$(SeedCustomer { partner: $p, id: $id, name: $name, domain: $domain, country: $country, currency: $cur, segment: $seg, culture: $cult, city: $city }),*];
    };
}

customers! {
    0 "c0a80101-0000-4000-8000-000000000001" "Hokusai Precision Manufacturing" "hokusai-precision.onmicrosoft.com" "JP" "JPY" "commercial" "ja-JP" "Osaka";
    0 "c0a80101-0000-4000-8000-000000000002" "Tamsui Semiconductor Co." "tamsui-semi.onmicrosoft.com" "TW" "TWD" "commercial" "zh-TW" "New Taipei";
    0 "c0a80101-0000-4000-8000-000000000003" "Göta Kanal Logistik AB" "gotakanal.onmicrosoft.com" "SE" "SEK" "commercial" "sv-SE" "Göteborg";
    0 "c0a80101-0000-4000-8000-000000000004" "Cascade Outfitters Inc." "cascade-outfitters.onmicrosoft.com" "US" "USD" "commercial" "en-US" "Seattle";
    0 "c0a80101-0000-4000-8000-000000000005" "Rheinland Werkzeug GmbH" "rheinland-werkzeug.onmicrosoft.com" "DE" "EUR" "commercial" "de-DE" "Köln";
    0 "c0a80101-0000-4000-8000-000000000006" "Ipanema Distribuidora Ltda." "ipanema-dist.onmicrosoft.com" "BR" "BRL" "commercial" "pt-BR" "Rio de Janeiro";
    0 "c0a80101-0000-4000-8000-000000000007" "Lijiang Tea Trading Co." "lijiang-tea.onmicrosoft.com" "CN" "CNY" "commercial" "zh-CN" "Kunming";
    0 "c0a80101-0000-4000-8000-000000000008" "Volga Instruments LLC" "volga-instruments.onmicrosoft.com" "RU" "RUB" "commercial" "ru-RU" "Kazan";
    0 "c0a80101-0000-4000-8000-000000000009" "Kyoto Municipal Library" "kyoto-library.onmicrosoft.com" "JP" "JPY" "education" "ja-JP" "Kyoto";
    1 "c0a80101-0000-4000-8000-00000000000a" "Uppsala Folkhögskola" "uppsala-fhsk.onmicrosoft.com" "SE" "SEK" "education" "sv-SE" "Uppsala";
    1 "c0a80101-0000-4000-8000-00000000000b" "Fjällräven Sportklubb" "fjall-sk.onmicrosoft.com" "SE" "SEK" "nonprofit" "sv-SE" "Östersund";
    1 "c0a80101-0000-4000-8000-00000000000c" "Kaohsiung Harbour Services" "kaohsiung-harbour.onmicrosoft.com" "TW" "TWD" "commercial" "zh-TW" "Kaohsiung";
    1 "c0a80101-0000-4000-8000-00000000000d" "Sapporo Snow Works" "sapporo-snow.onmicrosoft.com" "JP" "JPY" "commercial" "ja-JP" "Sapporo";
}

mod products;
pub use products::{products, Kind, Reservation, SeedProduct, SeedSku};

/// A traditional (legacy) license-based offer: a GUID id, one SKU-like row for pricing and
/// limits, and for an add-on the base offer it attaches to. Not in the product catalog:
/// read through `/offers/{id}/addons`, bought by PATCHing the base subscription's order.
pub struct TraditionalOffer {
    pub id: &'static str,
    pub base: Option<&'static str>,
    pub product: SeedProduct,
}

/// The base offer (the GUID of create-a-cart-with-add-ons.md's example) and two add-ons:
/// (id, base, title, description, USD).
pub const OFFICE_365_E3: &str = "91FD106F-4B2C-4938-95AC-F54F74E9A239";
const TRADITIONAL_OFFERS: [(&str, Option<&str>, &str, &str, &str); 3] = [
    (
        OFFICE_365_E3,
        None,
        "Office 365 E3",
        "Office apps, email, file storage and meetings (traditional offer).",
        "23.00",
    ),
    (
        "C94271D8-B431-4A25-A3C5-A57737A1C909",
        Some(OFFICE_365_E3),
        "Exchange Online Archiving for Exchange Online",
        "Add-on: archiving and retention for Exchange Online mailboxes.",
        "3.00",
    ),
    (
        "43FCE491-76D1-4BCC-B709-8A288786DBAE",
        Some(OFFICE_365_E3),
        "Office 365 Extra File Storage",
        "Add-on: additional SharePoint storage, per GB.",
        "0.20",
    ),
];

/// The traditional offers, built once (one SKU-like row each, for pricing and limits).
pub fn traditional_offers() -> &'static [TraditionalOffer] {
    static OFFERS: std::sync::OnceLock<Vec<TraditionalOffer>> = std::sync::OnceLock::new();
    OFFERS.get_or_init(|| {
        TRADITIONAL_OFFERS
            .iter()
            .map(|&(id, base, title, description, usd)| TraditionalOffer {
                id,
                base,
                product: SeedProduct {
                    id: id.into(),
                    title: title.into(),
                    description: description.into(),
                    target_view: "",
                    product_type: ("", None),
                    kind: if base.is_some() { Kind::AddOn } else { Kind::OnlineService },
                    publisher: "Microsoft Corporation",
                    skus: vec![SeedSku {
                        billing: &["monthly", "annual"],
                        ..products::plain_sku(
                            "0001".into(),
                            title.into(),
                            10000,
                            usd.parse().unwrap_or_default(),
                        )
                    }],
                },
            })
            .collect()
    })
}

pub fn traditional(id: &str) -> Option<&'static TraditionalOffer> {
    traditional_offers().iter().find(|o| o.id.eq_ignore_ascii_case(id))
}

/// Units of a currency per US dollar (fixed, so prices are deterministic) and its symbol.
pub fn currency(code: &str) -> Option<(Decimal, &'static str)> {
    let (rate, symbol) = match code {
        "USD" => ("1", "$"),
        "JPY" => ("150", "¥"),
        "TWD" => ("32", "NT$"),
        "SEK" => ("10.5", "kr"),
        "EUR" => ("0.92", "€"),
        "BRL" => ("5.1", "R$"),
        "CNY" => ("7.2", "¥"),
        "RUB" => ("92", "₽"),
        _ => return None,
    };
    Some((rate.parse().ok()?, symbol))
}

/// A SKU's unit price in a currency, rounded to that currency's minor unit (none for JPY).
pub fn price(sku: &SeedSku, currency_code: &str) -> Option<Decimal> {
    let (rate, _) = currency(currency_code)?;
    Some((sku.usd * rate).round_dp(minor_units(currency_code)))
}

pub fn minor_units(currency_code: &str) -> u32 {
    if currency_code == "JPY" {
        0
    } else {
        2
    }
}

pub fn partner_by_token(token: &str) -> Option<usize> {
    PARTNERS.iter().position(|p| p.token == token)
}

pub fn customer(partner: usize, id: &str) -> Option<&'static SeedCustomer> {
    CUSTOMERS.iter().find(|c| c.partner == partner && c.id.eq_ignore_ascii_case(id))
}

pub fn product(id: &str) -> Option<&'static SeedProduct> {
    products().iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// The one-time SKUs (software, perpetual, reservations) a customer in `country` can buy,
/// as the rules say; built once per country.
pub fn one_time_offers(country: &str) -> &'static [(&'static SeedProduct, &'static SeedSku)] {
    type Offers = Vec<(&'static SeedProduct, &'static SeedSku)>;
    static BY_COUNTRY: std::sync::OnceLock<Vec<(&'static str, Offers)>> =
        std::sync::OnceLock::new();
    let all = BY_COUNTRY.get_or_init(|| {
        let mut countries: Vec<&'static str> = CUSTOMERS.iter().map(|c| c.country).collect();
        countries.sort();
        countries.dedup();
        countries
            .into_iter()
            .map(|country| {
                let offers = products()
                    .iter()
                    .filter(|p| p.kind.is_one_time() && sold_in(p.kind, country))
                    .flat_map(|p| p.skus.iter().map(move |s| (p, s)))
                    .collect();
                (country, offers)
            })
            .collect()
    });
    all.iter().find(|(c, _)| c.eq_ignore_ascii_case(country)).map_or(&[], |(_, o)| o)
}

/// Whether a kind is sold in `country`, as the rules say (unknown countries: not sold).
pub fn sold_in(kind: Kind, country: &str) -> bool {
    procura_rules::Country::parse(country)
        .is_some_and(|c| procura_rules::sold_in(kind.rules_kind(), c))
}

pub fn sku(product: &'static SeedProduct, id: &str) -> Option<&'static SeedSku> {
    product.skus.iter().find(|s| s.id.eq_ignore_ascii_case(id))
}

/// The availability id of a SKU for a market: stable and readable (`DZH318Z0BQ3Q:0001:JPJPYCOM`).
pub fn availability_id(country: &str, currency_code: &str, segment: &str) -> String {
    format!(
        "{}{}{}",
        country.to_ascii_uppercase(),
        currency_code.to_ascii_uppercase(),
        segment.get(..3).unwrap_or("").to_ascii_uppercase()
    )
}

/// Reservation availabilities for Azure plans (`reservationScope=AzurePlan`) are distinct from
/// those for Microsoft Azure (MS-AZR-0145P) subscriptions (purchase-azure-reservations.md);
/// the sandbox's ids for them end with this.
pub const AZURE_PLAN_SUFFIX: &str = "AZP";

/// An availability id without its Azure-plan suffix, and whether it had one.
pub fn split_scope(availability: &str) -> (&str, bool) {
    let n = availability.len();
    match availability.get(n.saturating_sub(AZURE_PLAN_SUFFIX.len())..) {
        Some(tail)
            if n > AZURE_PLAN_SUFFIX.len() && tail.eq_ignore_ascii_case(AZURE_PLAN_SUFFIX) =>
        {
            (&availability[..n - AZURE_PLAN_SUFFIX.len()], true)
        }
        _ => (availability, false),
    }
}

pub type Market = (&'static str, &'static str, &'static str);

/// Markets (country, currency, segment) the catalog offers: every seeded customer's.
/// Built once: catalog reads and every cart line resolve through it.
pub fn markets() -> &'static [Market] {
    static MARKETS: std::sync::OnceLock<Vec<Market>> = std::sync::OnceLock::new();
    MARKETS.get_or_init(|| {
        let mut m: Vec<_> = CUSTOMERS.iter().map(|c| (c.country, c.currency, c.segment)).collect();
        m.sort();
        m.dedup();
        m
    })
}

/// The market of `country` whose availability id is `availability`.
pub fn market(country: &str, availability: &str) -> Option<Market> {
    markets().iter().copied().find(|(c, cur, seg)| {
        c.eq_ignore_ascii_case(country)
            && availability_id(c, cur, seg).eq_ignore_ascii_case(availability)
    })
}

/// An existing subscription of a customer (for add-ons and reservation registration).
pub struct SeedSubscription {
    pub id: String,
    pub offer_id: String,
    pub offer_name: &'static str,
    pub quantity: i64,
    pub order_id: String,
    /// An Azure subscription (MS-AZR-0145P / Azure plan) that can be registered for RIs.
    pub azure: bool,
    /// Registered for reservation purchases from the start.
    pub registered: bool,
}

/// Each customer has a new-commerce Microsoft 365 subscription and a traditional Office 365
/// one (parents for add-ons, bought through a cart and by an order update respectively), a
/// Microsoft Azure (MS-AZR-0145P) subscription already registered for reservations, and an
/// Azure plan not registered yet.
pub fn subscriptions(customer_index: usize) -> Vec<SeedSubscription> {
    let n = customer_index + 1;
    // (id prefix, id suffix, offer, name, quantity, order suffix, azure, registered)
    type Row =
        (&'static str, &'static str, &'static str, &'static str, i64, &'static str, bool, bool);
    const SUBS: [Row; 4] = [
        (
            "5ab00000",
            "000365",
            "CFQ7TTC0LH18:0001",
            "Microsoft 365 Business Basic",
            25,
            "m365ord",
            false,
            false,
        ),
        ("0e300000", "000003", OFFICE_365_E3, "Office 365 E3", 10, "o365ord", false, false),
        ("a2e00000", "000001", "MS-AZR-0145P", "Microsoft Azure", 1, "azureord1", true, true),
        ("a2e00000", "000002", "DZH318Z0BPS6:0001", "Azure plan", 1, "azureord2", true, false),
    ];
    SUBS.iter()
        .map(|(pre, suf, offer, name, quantity, ord, azure, registered)| SeedSubscription {
            id: format!("{pre}-0000-4000-8000-{n:06x}{suf}"),
            offer_id: offer.to_string(),
            offer_name: name,
            quantity: *quantity,
            order_id: format!("seed{n:02}{ord}"),
            azure: *azure,
            registered: *registered,
        })
        .collect()
}

/// A region that is out of capacity for reservations, so the inventory check has
/// something to report.
pub const RESTRICTED_REGION: &str = "japanwest";

pub fn customer_index(c: &SeedCustomer) -> usize {
    CUSTOMERS.iter().position(|x| std::ptr::eq(x, c)).unwrap_or(0)
}

/// The company profile a picker needs.
pub fn customer_resource(c: &SeedCustomer) -> pc::Customer {
    use pc::customer::{Address, BillingProfile, CompanyProfile};
    pc::Customer {
        id: c.id.into(),
        company_profile: Some(CompanyProfile {
            tenant_id: Some(c.id.into()),
            domain: c.domain.into(),
            company_name: c.name.into(),
            extra: Default::default(),
        }),
        billing_profile: Some(BillingProfile {
            culture: Some(c.culture.into()),
            language: Some(c.culture.split('-').next().unwrap_or("en").into()),
            company_name: Some(c.name.into()),
            default_address: Some(Address {
                country: c.country.into(),
                city: Some(c.city.into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        relationship_to_partner: Some("reseller".into()),
        links: None,
        attributes: pc::ResourceAttributes::of("Customer"),
        extra: Default::default(),
    }
}
