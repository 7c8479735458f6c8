//! The product catalog, generated on start from the families below: what a CSP partner
//! actually sells one-time (software subscriptions, perpetual software, reserved VM instances)
//! and the new-commerce online services with their add-ons. Deterministic: the same ids,
//! titles and prices on every run. A few products keep the ids and SKUs the tests and the
//! reference pages name (the *anchors*); the rest get stable ids derived from their titles.

use rust_decimal::Decimal;

/// What a SKU is, for the rules and the order grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    SoftwareSubscription,
    PerpetualSoftware,
    AzureReservation,
    OnlineService,
    AddOn,
}

impl Kind {
    pub fn rules_kind(self) -> procura_rules::ProductKind {
        use procura_rules::ProductKind as K;
        match self {
            Kind::SoftwareSubscription => K::SoftwareSubscription,
            Kind::PerpetualSoftware => K::PerpetualSoftware,
            Kind::AzureReservation => K::AzureReservation,
            Kind::OnlineService => K::OnlineService,
            Kind::AddOn => K::AddOn,
        }
    }

    /// Bought once and billed once (the one-time invoice's kinds).
    pub fn is_one_time(self) -> bool {
        matches!(
            self,
            Kind::SoftwareSubscription | Kind::PerpetualSoftware | Kind::AzureReservation
        )
    }

    pub fn is_new_commerce(self) -> bool {
        matches!(self, Kind::OnlineService | Kind::AddOn)
    }
}

/// The VM a reservation SKU reserves, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reservation {
    pub arm_sku: &'static str,
    pub region: &'static str,
}

pub struct SeedSku {
    pub id: String,
    pub title: String,
    pub min: i64,
    pub max: i64,
    pub billing: &'static [&'static str],
    pub terms: &'static [&'static str],
    pub prerequisites: &'static [&'static str],
    pub inventory_variables: &'static [&'static str],
    pub provisioning_variables: &'static [&'static str],
    pub reservation: Option<Reservation>,
    /// Unit price in USD; other currencies are derived by a fixed rate (`seed::price`).
    pub usd: Decimal,
    /// The attestation a purchase needs (product-resources.md `AttestationProperties`).
    pub attestation: Option<&'static str>,
    /// An add-on's `prerequisiteSkus`: the `product:sku` ids it can be added to.
    pub addon_for: Vec<String>,
}

impl SeedSku {
    pub fn region(&self) -> Option<&'static str> {
        self.reservation.map(|r| r.region)
    }
}

pub struct SeedProduct {
    pub id: String,
    pub title: String,
    pub description: String,
    pub target_view: &'static str,
    pub product_type: (&'static str, Option<&'static str>),
    pub kind: Kind,
    pub publisher: &'static str,
    pub skus: Vec<SeedSku>,
}

pub const ONE_TIME: &[&str] = &["one_time"];
const NCE_BILLING: &[&str] = &["monthly", "annual"];
const NCE_TERMS: &[&str] = &["P1M", "P1Y"];
const RI_PREREQ: &[&str] = &["AzureSubscriptionRegistration", "InventoryCheck"];
const RI_INV: &[&str] = &["CustomerId", "AzureSubscriptionId", "ArmRegionName"];
const RI_PROV: &[&str] = &["Scope", "SubscriptionId"];
/// As create-a-cart.md's reservations: `Duration` as well, taken from the SKU's
/// `dynamicAttributes.duration`.
const RI_PROV_DURATION: &[&str] = &["Scope", "SubscriptionId", "Duration"];

fn usd(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// A stable 12-character catalog id for a title in a view (the shape of Partner Center's
/// product ids): the same title in two views (a perpetual and a subscription edition) gets
/// two ids.
fn product_id(prefix: &str, view: &str, title: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789BCDFGHJKLMNPQRSTVWXZ";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in view.bytes().chain(title.bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut id = prefix.to_string();
    while id.len() < 12 {
        id.push(ALPHABET[(h % ALPHABET.len() as u64) as usize] as char);
        h /= ALPHABET.len() as u64;
    }
    id
}

fn sku_id(n: usize) -> String {
    format!("{n:04}")
}

pub(super) fn plain_sku(id: String, title: String, max: i64, usd: Decimal) -> SeedSku {
    SeedSku {
        id,
        title,
        min: 1,
        max,
        billing: ONE_TIME,
        terms: &[],
        prerequisites: &[],
        inventory_variables: &[],
        provisioning_variables: &[],
        reservation: None,
        usd,
        attestation: None,
        addon_for: Vec::new(),
    }
}

const MICROSOFT: &str = "Microsoft Corporation";

/// Software subscriptions: (anchor id, title, description, 1-year USD). Each is sold for one
/// or three years, paid up front; three years cost 2.7 years.
const SOFTWARE_SUBSCRIPTIONS: &[(Option<&str>, &str, &str, &str)] = &[
    (
        Some("DG7GMGF0FKZV"),
        "Windows Server 2022 Standard - 2 Core License Pack",
        "Software subscription for Windows Server 2022 Standard, licensed per two cores.",
        "180.00",
    ),
    (
        None,
        "Windows Server 2022 Standard - 16 Core License Pack",
        "Software subscription for Windows Server 2022 Standard, sixteen cores.",
        "1440.00",
    ),
    (
        None,
        "Windows Server 2022 Datacenter - 2 Core License Pack",
        "Software subscription for Windows Server 2022 Datacenter, licensed per two cores.",
        "1040.00",
    ),
    (
        None,
        "Windows Server 2022 Datacenter - 16 Core License Pack",
        "Software subscription for Windows Server 2022 Datacenter, sixteen cores.",
        "8300.00",
    ),
    (
        None,
        "Windows Server 2022 - 1 User CAL",
        "Client access licence for one user of Windows Server 2022.",
        "46.00",
    ),
    (
        None,
        "Windows Server 2022 - 1 Device CAL",
        "Client access licence for one device using Windows Server 2022.",
        "40.00",
    ),
    (
        None,
        "Windows Server 2022 Remote Desktop Services - 1 User CAL",
        "Remote Desktop Services access for one user.",
        "131.00",
    ),
    (
        None,
        "Windows Server 2022 Remote Desktop Services - 1 Device CAL",
        "Remote Desktop Services access for one device.",
        "112.00",
    ),
    (
        None,
        "SQL Server 2022 Standard - 2 Core License Pack",
        "Software subscription for SQL Server 2022 Standard, licensed per two cores.",
        "1300.00",
    ),
    (
        None,
        "SQL Server 2022 Enterprise - 2 Core License Pack",
        "Software subscription for SQL Server 2022 Enterprise, licensed per two cores.",
        "4990.00",
    ),
    (
        None,
        "SQL Server 2022 - 1 User CAL",
        "Client access licence for one user of SQL Server 2022.",
        "76.00",
    ),
    (
        None,
        "Office LTSC Standard 2021",
        "Software subscription for Office LTSC Standard 2021, per device.",
        "150.00",
    ),
    (
        None,
        "Office LTSC Professional Plus 2021",
        "Software subscription for Office LTSC Professional Plus 2021, per device.",
        "210.00",
    ),
    (
        None,
        "Visual Studio Professional Subscription",
        "Visual Studio Professional with its subscription benefits, per user.",
        "540.00",
    ),
    (
        None,
        "Visual Studio Enterprise Subscription",
        "Visual Studio Enterprise with its subscription benefits, per user.",
        "3000.00",
    ),
    (
        None,
        "System Center 2022 Standard - 2 Core License Pack",
        "Software subscription for System Center 2022 Standard.",
        "130.00",
    ),
    (
        None,
        "System Center 2022 Datacenter - 2 Core License Pack",
        "Software subscription for System Center 2022 Datacenter.",
        "460.00",
    ),
];

/// Perpetual software: (anchor id, product, description, [(SKU title, USD)]).
type PerpetualFamily =
    (Option<&'static str>, &'static str, &'static str, &'static [(&'static str, &'static str)]);
const PERPETUAL: &[PerpetualFamily] = &[
    (
        Some("DG7GMGF0DWTL"),
        "SQL Server 2022 Standard",
        "Perpetual licence for SQL Server 2022 Standard (per core).",
        &[
            ("SQL Server 2022 Standard - 2 Core License Pack", "3945.00"),
            ("SQL Server 2022 Standard - Server Licence", "989.00"),
            ("SQL Server 2022 - 1 User CAL", "230.00"),
            ("SQL Server 2022 - 1 Device CAL", "230.00"),
        ],
    ),
    (
        None,
        "SQL Server 2022 Enterprise",
        "Perpetual licence for SQL Server 2022 Enterprise (per core).",
        &[("SQL Server 2022 Enterprise - 2 Core License Pack", "15123.00")],
    ),
    (
        None,
        "Windows Server 2022 Standard",
        "Perpetual licence for Windows Server 2022 Standard (per core).",
        &[
            ("Windows Server 2022 Standard - 16 Core License", "1069.00"),
            ("Windows Server 2022 Standard - 2 Core License Pack", "134.00"),
        ],
    ),
    (
        None,
        "Windows Server 2022 Datacenter",
        "Perpetual licence for Windows Server 2022 Datacenter (per core).",
        &[
            ("Windows Server 2022 Datacenter - 16 Core License", "6155.00"),
            ("Windows Server 2022 Datacenter - 2 Core License Pack", "769.00"),
        ],
    ),
    (
        None,
        "Windows Server 2022 Client Access Licences",
        "Perpetual client access licences for Windows Server 2022.",
        &[
            ("Windows Server 2022 - 1 User CAL", "46.00"),
            ("Windows Server 2022 - 1 Device CAL", "40.00"),
            ("Windows Server 2022 - 5 User CAL", "230.00"),
        ],
    ),
    (
        None,
        "Windows Server 2022 Remote Desktop Services",
        "Perpetual Remote Desktop Services client access licences.",
        &[
            ("Windows Server 2022 Remote Desktop Services - 1 User CAL", "131.00"),
            ("Windows Server 2022 Remote Desktop Services - 1 Device CAL", "112.00"),
        ],
    ),
    (
        None,
        "Office LTSC Standard 2021",
        "Perpetual licence for Office LTSC Standard 2021.",
        &[("Office LTSC Standard 2021", "390.00")],
    ),
    (
        None,
        "Office LTSC Professional Plus 2021",
        "Perpetual licence for Office LTSC Professional Plus 2021.",
        &[("Office LTSC Professional Plus 2021", "540.00")],
    ),
    (
        None,
        "Project 2021",
        "Perpetual licences for Project 2021.",
        &[("Project Standard 2021", "680.00"), ("Project Professional 2021", "1130.00")],
    ),
    (
        None,
        "Visio LTSC 2021",
        "Perpetual licences for Visio LTSC 2021.",
        &[("Visio LTSC Standard 2021", "280.00"), ("Visio LTSC Professional 2021", "530.00")],
    ),
    (
        None,
        "Visual Studio Professional 2022",
        "Perpetual licence for Visual Studio Professional 2022, per user.",
        &[("Visual Studio Professional 2022", "499.00")],
    ),
    (
        None,
        "Exchange Server 2019",
        "Perpetual licences for Exchange Server 2019.",
        &[
            ("Exchange Server 2019 Standard", "750.00"),
            ("Exchange Server 2019 Enterprise", "4200.00"),
            ("Exchange Server 2019 Standard - 1 User CAL", "80.00"),
        ],
    ),
    (
        None,
        "SharePoint Server Subscription Edition",
        "Perpetual licences for SharePoint Server Subscription Edition.",
        &[
            ("SharePoint Server Subscription Edition", "7000.00"),
            ("SharePoint Server Subscription Edition - 1 User CAL", "100.00"),
        ],
    ),
];

/// Azure regions reservations are sold for: (ARM name, display name, price factor).
const REGIONS: &[(&str, &str, &str)] = &[
    ("eastus", "US East", "1"),
    ("westus2", "US West 2", "1"),
    ("westeurope", "EU West", "1.1"),
    ("swedencentral", "Sweden Central", "1.07"),
    ("japaneast", "Japan East", "1.18"),
    ("japanwest", "Japan West", "1.18"),
    ("eastasia", "AP East", "1.2"),
    ("australiaeast", "AU East", "1.15"),
];

/// Reserved VM series: (anchor id, product, description, [(VM size, 1-year USD in US East)]).
type VmSeries =
    (Option<&'static str>, &'static str, &'static str, &'static [(&'static str, &'static str)]);
const VM_SERIES: &[VmSeries] = &[
    (
        Some("DZH318Z0BQ3Q"),
        "Virtual Machines BS Series",
        "Burstable B-series virtual machine reservations.",
        &[("Standard_B1s", "44.00"), ("Standard_B2s", "175.00"), ("Standard_B2ms", "350.00")],
    ),
    (
        None,
        "Virtual Machines DSv5 Series",
        "General-purpose Dsv5-series virtual machine reservations.",
        &[
            ("Standard_D2s_v5", "500.00"),
            ("Standard_D4s_v5", "1000.00"),
            ("Standard_D8s_v5", "2000.00"),
        ],
    ),
    (
        None,
        "Virtual Machines ESv5 Series",
        "Memory-optimized Esv5-series virtual machine reservations.",
        &[("Standard_E2s_v5", "640.00"), ("Standard_E4s_v5", "1280.00")],
    ),
    (
        None,
        "Virtual Machines FSv2 Series",
        "Compute-optimized Fsv2-series virtual machine reservations.",
        &[("Standard_F2s_v2", "430.00"), ("Standard_F4s_v2", "860.00")],
    ),
    (
        None,
        "Virtual Machines NCasT4_v3 Series",
        "GPU NCasT4_v3-series virtual machine reservations.",
        &[("Standard_NC4as_T4_v3", "2900.00")],
    ),
];

/// The anchor reservation SKUs the tests and earlier releases name, kept as they were:
/// (size, region, term, USD, with `Duration`).
const RI_ANCHORS: &[(&str, &str, &str, &str, bool)] = &[
    ("Standard_B1s", "eastus", "P1Y", "44.00", false),
    ("Standard_B1s", "westus2", "P1Y", "44.00", false),
    ("Standard_B1s", "japaneast", "P1Y", "52.00", false),
    ("Standard_B1s", "japanwest", "P3Y", "121.00", false),
    ("Standard_B1s", "swedencentral", "P1Y", "47.00", true),
];

/// New-commerce online services: (anchor id, product, description, [(SKU title, USD per
/// user per month, attestation)]).
type Service = (
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, Option<&'static str>)],
);
const SERVICES: &[Service] = &[
    (
        Some("CFQ7TTC0LH18"),
        "Microsoft 365 Business Basic",
        "Web and mobile Office apps, email, file storage and Teams.",
        &[("Microsoft 365 Business Basic", "6.00", None)],
    ),
    (
        None,
        "Microsoft 365 Business Standard",
        "Desktop Office apps, email, file storage and Teams.",
        &[("Microsoft 365 Business Standard", "12.50", None)],
    ),
    (
        None,
        "Microsoft 365 Business Premium",
        "Business Standard with advanced security and device management.",
        &[("Microsoft 365 Business Premium", "22.00", None)],
    ),
    (
        None,
        "Microsoft 365 Apps for business",
        "Desktop Office apps and cloud file storage.",
        &[("Microsoft 365 Apps for business", "8.25", None)],
    ),
    (
        None,
        "Microsoft 365 Apps for enterprise",
        "Desktop Office apps for large organizations.",
        &[("Microsoft 365 Apps for enterprise", "12.00", None)],
    ),
    (
        None,
        "Microsoft 365 E3",
        "Office apps, Windows Enterprise, security and compliance.",
        &[("Microsoft 365 E3", "36.00", None)],
    ),
    (
        None,
        "Microsoft 365 E5",
        "Microsoft 365 E3 with advanced security, compliance and analytics.",
        &[("Microsoft 365 E5", "57.00", None)],
    ),
    (
        None,
        "Microsoft 365 F3",
        "Apps and services for frontline workers.",
        &[("Microsoft 365 F3", "8.00", None)],
    ),
    (
        None,
        "Office 365 E1",
        "Web Office apps, email and Teams for enterprises.",
        &[("Office 365 E1", "10.00", None)],
    ),
    (
        None,
        "Office 365 E3",
        "Office apps, email, file storage and Teams for enterprises.",
        &[("Office 365 E3", "23.00", None)],
    ),
    (
        None,
        "Office 365 E5",
        "Office 365 E3 with advanced security and voice.",
        &[("Office 365 E5", "38.00", None)],
    ),
    (
        None,
        "Exchange Online",
        "Business email with a 50 GB or 100 GB mailbox.",
        &[("Exchange Online (Plan 1)", "4.00", None), ("Exchange Online (Plan 2)", "8.00", None)],
    ),
    (
        None,
        "Microsoft Teams Essentials",
        "Meetings, chat and file sharing for small businesses.",
        &[("Microsoft Teams Essentials", "4.00", None)],
    ),
    (
        None,
        "Power BI",
        "Self-service analytics and reports.",
        &[("Power BI Pro", "10.00", None), ("Power BI Premium Per User", "20.00", None)],
    ),
    (
        None,
        "Project Plan 3",
        "Project management with desktop Project.",
        &[("Project Plan 3", "30.00", None)],
    ),
    (None, "Visio Plan 2", "Diagramming with desktop Visio.", &[("Visio Plan 2", "15.00", None)]),
    (
        None,
        "Microsoft Defender for Business",
        "Endpoint security for businesses up to 300 users.",
        &[("Microsoft Defender for Business", "3.00", None)],
    ),
    (
        None,
        "Microsoft Intune Plan 1",
        "Endpoint management for devices and apps.",
        &[("Microsoft Intune Plan 1", "8.00", None)],
    ),
    (
        None,
        "Microsoft Entra ID",
        "Identity and access management.",
        &[("Microsoft Entra ID P1", "6.00", None), ("Microsoft Entra ID P2", "9.00", None)],
    ),
    (
        Some("CFQ7TTC0J1FV"),
        "Windows 365 Business",
        "Cloud PCs for small businesses (with Windows Hybrid Benefit).",
        &[
            (
                "Windows 365 Business 2 vCPU, 4 GB, 64 GB (with Windows Hybrid Benefit)",
                "28.00",
                Some("Windows365"),
            ),
            (
                "Windows 365 Business 2 vCPU, 8 GB, 128 GB (with Windows Hybrid Benefit)",
                "38.00",
                Some("Windows365"),
            ),
            ("Windows 365 Business 2 vCPU, 4 GB, 64 GB", "31.00", None),
        ],
    ),
    (
        None,
        "Windows 365 Enterprise",
        "Cloud PCs for enterprises.",
        &[
            ("Windows 365 Enterprise 2 vCPU, 4 GB, 128 GB", "31.00", None),
            ("Windows 365 Enterprise 2 vCPU, 8 GB, 128 GB", "41.00", None),
            ("Windows 365 Enterprise 4 vCPU, 16 GB, 128 GB", "66.00", None),
        ],
    ),
];

/// New-commerce add-ons: (anchor id, product, description, SKU title, USD, maximum, the
/// services (by title) they can be added to).
type AddOn = (
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static [&'static str],
);
const SUITES: &[&str] = &[
    "Microsoft 365 Business Basic",
    "Microsoft 365 Business Standard",
    "Microsoft 365 Business Premium",
    "Microsoft 365 E3",
    "Microsoft 365 E5",
    "Office 365 E1",
    "Office 365 E3",
    "Office 365 E5",
];
const ADDONS: &[AddOn] = &[
    (
        Some("CFQ7TTC0LFK5"),
        "Microsoft 365 Extra File Storage",
        "Add-on: additional SharePoint storage for a Microsoft 365 subscription, per GB.",
        "Extra File Storage (1 GB)",
        "0.20",
        1_000_000,
        SUITES,
    ),
    (
        None,
        "Microsoft 365 Copilot",
        "Add-on: the AI assistant in Microsoft 365 apps.",
        "Microsoft 365 Copilot",
        "30.00",
        300,
        &[
            "Microsoft 365 Business Basic",
            "Microsoft 365 Business Standard",
            "Microsoft 365 Business Premium",
            "Microsoft 365 E3",
            "Microsoft 365 E5",
            "Office 365 E3",
            "Office 365 E5",
        ],
    ),
    (
        None,
        "Microsoft Teams Phone Standard",
        "Add-on: calling in Teams.",
        "Microsoft Teams Phone Standard",
        "8.00",
        10_000,
        &[
            "Microsoft 365 Business Basic",
            "Microsoft 365 Business Standard",
            "Microsoft 365 Business Premium",
            "Microsoft 365 E3",
            "Office 365 E1",
            "Office 365 E3",
        ],
    ),
    (
        None,
        "Microsoft Teams Premium",
        "Add-on: intelligent recaps and advanced meetings.",
        "Microsoft Teams Premium",
        "10.00",
        10_000,
        SUITES,
    ),
    (
        None,
        "Exchange Online Archiving",
        "Add-on: archiving and retention for Exchange Online mailboxes.",
        "Exchange Online Archiving",
        "3.00",
        10_000,
        &[
            "Microsoft 365 Business Basic",
            "Microsoft 365 Business Standard",
            "Office 365 E1",
            "Exchange Online (Plan 1)",
        ],
    ),
    (
        None,
        "Microsoft Defender for Office 365",
        "Add-on: protection against phishing and malware in email and Teams.",
        "Microsoft Defender for Office 365 (Plan 1)",
        "2.00",
        10_000,
        &[
            "Microsoft 365 Business Basic",
            "Microsoft 365 Business Standard",
            "Office 365 E1",
            "Office 365 E3",
            "Exchange Online (Plan 1)",
            "Exchange Online (Plan 2)",
        ],
    ),
    (
        None,
        "Microsoft 365 E5 Security",
        "Add-on: E5 security for Microsoft 365 E3 and Business Premium.",
        "Microsoft 365 E5 Security",
        "12.00",
        10_000,
        &["Microsoft 365 E3", "Microsoft 365 Business Premium"],
    ),
];

fn software_subscriptions() -> impl Iterator<Item = SeedProduct> {
    SOFTWARE_SUBSCRIPTIONS.iter().map(|&(anchor, title, description, one_year)| {
        let one_year = usd(one_year);
        let term = |n: usize, years: u32, term: &'static [&'static str], price: Decimal| SeedSku {
            terms: term,
            ..plain_sku(sku_id(n), format!("{title} - {years} year"), 500, price)
        };
        SeedProduct {
            id: anchor.map_or_else(
                || product_id("DG7GMGF0", "SoftwareSubscriptions", title),
                str::to_string,
            ),
            title: title.into(),
            description: description.into(),
            target_view: "SoftwareSubscriptions",
            product_type: ("Software", None),
            kind: Kind::SoftwareSubscription,
            publisher: MICROSOFT,
            skus: vec![
                term(1, 1, &["P1Y"], one_year),
                term(2, 3, &["P3Y"], (one_year * usd("2.7")).round_dp(2)),
            ],
        }
    })
}

fn perpetual() -> impl Iterator<Item = SeedProduct> {
    PERPETUAL.iter().map(|&(anchor, title, description, skus)| SeedProduct {
        id: anchor
            .map_or_else(|| product_id("DG7GMGF0", "SoftwarePerpetual", title), str::to_string),
        title: title.into(),
        description: description.into(),
        target_view: "SoftwarePerpetual",
        // The docs confirm no productType for perpetual software: the view says what it is.
        product_type: ("Software", None),
        kind: Kind::PerpetualSoftware,
        publisher: MICROSOFT,
        skus: skus
            .iter()
            .enumerate()
            .map(|(i, &(sku, price))| plain_sku(sku_id(i + 1), sku.into(), 100, usd(price)))
            .collect(),
    })
}

fn reservation_sku(
    n: usize,
    arm_sku: &'static str,
    (region, region_name): (&'static str, &str),
    term: &'static str,
    price: Decimal,
    provisioning: &'static [&'static str],
) -> SeedSku {
    let years = if term == "P3Y" { "3 Years" } else { "1 Year" };
    SeedSku {
        terms: if term == "P3Y" { &["P3Y"] } else { &["P1Y"] },
        prerequisites: RI_PREREQ,
        inventory_variables: RI_INV,
        provisioning_variables: provisioning,
        reservation: Some(Reservation { arm_sku, region }),
        ..plain_sku(
            sku_id(n),
            format!("Reserved VM Instance, {arm_sku}, {region_name}, {years}"),
            999_999_999,
            price,
        )
    }
}

fn region_name(arm: &str) -> &'static str {
    REGIONS.iter().find(|r| r.0 == arm).map_or("", |r| r.1)
}

fn reservations() -> impl Iterator<Item = SeedProduct> {
    VM_SERIES.iter().map(|&(anchor, title, description, sizes)| {
        // The anchors first, as they were numbered; then every size × region × term.
        let mut skus: Vec<SeedSku> = if anchor.is_some() {
            RI_ANCHORS
                .iter()
                .enumerate()
                .map(|(i, &(size, region, term, price, duration))| {
                    let prov = if duration { RI_PROV_DURATION } else { RI_PROV };
                    reservation_sku(
                        i + 1,
                        size,
                        (region, region_name(region)),
                        term,
                        usd(price),
                        prov,
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        for &(size, one_year) in sizes {
            for &(region, name, factor) in REGIONS {
                for (term, multiple) in [("P1Y", "1"), ("P3Y", "2.3")] {
                    let kept = RI_ANCHORS.iter().any(|a| (a.0, a.1, a.2) == (size, region, term));
                    if anchor.is_some() && kept {
                        continue;
                    }
                    let price = (usd(one_year) * usd(factor) * usd(multiple)).round_dp(2);
                    skus.push(reservation_sku(
                        skus.len() + 1,
                        size,
                        (region, name),
                        term,
                        price,
                        RI_PROV_DURATION,
                    ));
                }
            }
        }
        SeedProduct {
            id: anchor.map_or_else(
                || product_id("DZH318Z0", "AzureReservationsVM", title),
                str::to_string,
            ),
            title: title.into(),
            description: description.into(),
            target_view: "AzureReservationsVM",
            product_type: ("Azure", Some("VirtualMachines")),
            kind: Kind::AzureReservation,
            publisher: MICROSOFT,
            skus,
        }
    })
}

fn nce_sku(n: usize, title: &str, price: &str, max: i64) -> SeedSku {
    SeedSku {
        billing: NCE_BILLING,
        terms: NCE_TERMS,
        ..plain_sku(sku_id(n), title.into(), max, usd(price))
    }
}

fn online_services() -> Vec<SeedProduct> {
    let mut out: Vec<SeedProduct> = SERVICES
        .iter()
        .map(|&(anchor, title, description, skus)| SeedProduct {
            id: anchor
                .map_or_else(|| product_id("CFQ7TTC0", "OnlineServices", title), str::to_string),
            title: title.into(),
            description: description.into(),
            target_view: "OnlineServices",
            product_type: ("OnlineServicesNCE", None),
            kind: Kind::OnlineService,
            publisher: MICROSOFT,
            skus: skus
                .iter()
                .enumerate()
                .map(|(i, &(sku, price, attestation))| SeedSku {
                    attestation,
                    ..nce_sku(i + 1, sku, price, 300)
                })
                .collect(),
        })
        .collect();
    // An add-on names the SKUs it fits by `product:sku`, found here by SKU title.
    let sku_ref = |title: &str| {
        out.iter().find_map(|p| {
            p.skus.iter().find(|s| s.title == title).map(|s| format!("{}:{}", p.id, s.id))
        })
    };
    let addons: Vec<SeedProduct> = ADDONS
        .iter()
        .map(|&(anchor, title, description, sku, price, max, fits)| SeedProduct {
            id: anchor
                .map_or_else(|| product_id("CFQ7TTC0", "OnlineServices", title), str::to_string),
            title: title.into(),
            description: description.into(),
            target_view: "OnlineServices",
            // An add-on is told by its SKU's `isAddon`, not by its product type.
            product_type: ("OnlineServicesNCE", None),
            kind: Kind::AddOn,
            publisher: MICROSOFT,
            skus: vec![SeedSku {
                addon_for: fits.iter().filter_map(|t| sku_ref(t)).collect(),
                ..nce_sku(1, sku, price, max)
            }],
        })
        .collect();
    out.extend(addons);
    out
}

/// The whole catalog, built once.
pub fn products() -> &'static [SeedProduct] {
    static PRODUCTS: std::sync::OnceLock<Vec<SeedProduct>> = std::sync::OnceLock::new();
    PRODUCTS.get_or_init(|| {
        let mut all: Vec<SeedProduct> = software_subscriptions().collect();
        all.extend(perpetual());
        all.extend(reservations());
        all.extend(online_services());
        all
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_unique_and_shaped_like_partner_centers() {
        let mut seen = HashSet::new();
        for p in products() {
            assert_eq!(p.id.len(), 12, "{}", p.id);
            assert!(p.id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
            assert!(seen.insert(p.id.clone()), "duplicate product id {}", p.id);
            let skus: HashSet<_> = p.skus.iter().map(|s| &s.id).collect();
            assert_eq!(skus.len(), p.skus.len(), "duplicate SKU ids in {}", p.id);
            assert!(p.skus.iter().all(|s| s.usd > Decimal::ZERO), "{}", p.id);
        }
    }

    #[test]
    fn the_anchors_keep_their_skus() {
        let p = |id: &str| products().iter().find(|p| p.id == id).unwrap();
        let ri = p("DZH318Z0BQ3Q");
        assert_eq!(ri.skus[2].title, "Reserved VM Instance, Standard_B1s, Japan East, 1 Year");
        assert_eq!(ri.skus[4].provisioning_variables, RI_PROV_DURATION);
        assert_eq!(ri.skus[3].usd, usd("121.00"));
        let ws = p("DG7GMGF0FKZV");
        assert_eq!(ws.skus[0].title, "Windows Server 2022 Standard - 2 Core License Pack - 1 year");
        assert_eq!(ws.skus[1].usd, usd("486.00"));
        assert_eq!(p("CFQ7TTC0J1FV").skus[0].attestation, Some("Windows365"));
    }

    #[test]
    fn every_addon_fits_something_that_exists() {
        let all = products();
        for a in all.iter().filter(|p| p.kind == Kind::AddOn) {
            let fits = &a.skus[0].addon_for;
            assert!(!fits.is_empty(), "{}", a.title);
            for f in fits {
                let (p, s) = f.split_once(':').unwrap();
                assert!(all.iter().any(|x| x.id == p
                    && x.kind == Kind::OnlineService
                    && x.skus.iter().any(|k| k.id == s)));
            }
        }
    }

    #[test]
    fn the_catalog_is_the_size_a_partner_expects() {
        let all = products();
        let skus: usize = all.iter().map(|p| p.skus.len()).sum();
        assert!(all.len() >= 50, "{} products", all.len());
        assert!(skus >= 250, "{skus} SKUs");
        for kind in [
            Kind::SoftwareSubscription,
            Kind::PerpetualSoftware,
            Kind::AzureReservation,
            Kind::OnlineService,
            Kind::AddOn,
        ] {
            assert!(all.iter().filter(|p| p.kind == kind).count() >= 5, "{kind:?}");
        }
    }
}
