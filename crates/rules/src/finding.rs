//! What a check says: findings with a stable rule id, a severity, the field concerned and
//! arguments for a localized message. No English here: see `english` for the command line;
//! the app looks the message up by `Rule::message_key`.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Partner Center would accept it, but something deserves a look.
    Warn,
    /// Partner Center would refuse it.
    Block,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warn => "warn",
            Severity::Block => "block",
        }
    }
}

macro_rules! rules {
    ($($variant:ident = $id:literal,)*) => {
        /// Every rule, with its stable id (used in output, logs and message keys).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }
        }
    };
}

rules! {
    CountryInvalid = "country.invalid",
    MarketUnavailable = "market.unavailable",
    KindInvalid = "kind.invalid",
    TermInvalid = "term.invalid",
    TermNotOffered = "term.not_offered",
    RenewsToInvalid = "renews_to.invalid",
    BillingInvalid = "billing.invalid",
    BillingExceedsTerm = "billing.exceeds_term",
    BillingNotSupported = "billing.not_supported",
    PerpetualNotQualified = "perpetual.not_qualified",
    InventoryCheckMissing = "prerequisite.inventory_check",
    RegistrationMissing = "prerequisite.registration",
    ProvisioningMissing = "prerequisite.provisioning",
    QuantityInvalid = "quantity.invalid",
    QuantityBelowMinimum = "quantity.below_minimum",
    QuantityAboveMaximum = "quantity.above_maximum",
    AvailabilityCountry = "availability.country",
    AvailabilityCurrency = "availability.currency",
    AvailabilitySegment = "availability.segment",
    AddonParentMissing = "addon.parent_missing",
    ResellerIdInvalid = "reseller.id_invalid",
    AttestationMissing = "attestation.missing",
    CloudUnavailable = "cloud.unavailable",
    ValueInvalid = "value.invalid",
    CartMixedCurrency = "cart.mixed_currency",
    CartDuplicateLine = "cart.duplicate_line",
}

impl Rule {
    /// The key of this rule's message in the app's locale files: `rule.<id with _>`.
    pub fn message_key(self) -> String {
        format!("rule.{}", self.id().replace('.', "_"))
    }
}

/// The input a finding is about; `name` is the `procura-rules` CSV column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Country,
    Kind,
    Term,
    RenewsTo,
    Billing,
    Quantity,
    MinQuantity,
    MaxQuantity,
    PartnerQualified,
    InventoryChecked,
    SubscriptionRegistered,
    ParentSubscription,
    Cloud,
    Currency,
    Segment,
    ProvisioningContext,
    CatalogItem,
    Reseller,
    Attestation,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Country => "country",
            Field::Kind => "kind",
            Field::Term => "term",
            Field::RenewsTo => "renews_to",
            Field::Billing => "billing",
            Field::Quantity => "quantity",
            Field::MinQuantity => "min_quantity",
            Field::MaxQuantity => "max_quantity",
            Field::PartnerQualified => "partner_qualified",
            Field::InventoryChecked => "inventory_checked",
            Field::SubscriptionRegistered => "subscription_registered",
            Field::ParentSubscription => "parent_subscription",
            Field::Cloud => "cloud",
            Field::Currency => "currency",
            Field::Segment => "segment",
            Field::ProvisioningContext => "provisioning_context",
            Field::CatalogItem => "catalog_item_id",
            Field::Reseller => "reseller_partner_id",
            Field::Attestation => "attestation_accepted",
        }
    }
}

/// One thing a check found. Arguments are named values for the message template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub field: Field,
    pub args: Vec<(&'static str, String)>,
}

impl Finding {
    pub fn new(rule: Rule, severity: Severity, field: Field) -> Finding {
        Finding { rule, severity, field, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Finding {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }
}

/// The outcome for one purchase intent (or one cart line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// Partner Center would refuse it.
    pub fn is_blocked(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Block)
    }

    pub fn has(&self, rule: Rule) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }

    pub(crate) fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }
}
