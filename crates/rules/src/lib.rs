//! Procura's purchase rules: what Partner Center would refuse, known before anything is
//! submitted. One engine, compiled into the browser app, the sandbox server and the
//! `procura-rules` command line, so the three always agree.
//!
//! The rules' data (markets per product kind, terms, billing cycles, clouds) lives in
//! `data/` and is compiled by `build.rs` into static tables: a check parses nothing and
//! allocates only for the findings it reports.

pub mod bulk;
pub mod check;
pub mod country;
pub mod english;
pub mod finding;
pub mod intent;
pub mod kind;
pub mod rate_limit;
#[doc(hidden)]
pub mod sample;
mod tables;
pub mod term;

pub use check::{check, check_cart, sold_in, unavailable_markets, CartVerdict};
pub use country::{Country, MarketSet};
pub use finding::{Field, Finding, Rule, Severity, Verdict};
pub use intent::{
    AvailabilityFacts, Currency, Market, Prerequisites, ProvisioningVars, PurchaseIntent, Segment,
    SkuFacts,
};
pub use kind::{Cloud, ProductKind};
pub use rate_limit::TokenBucket;
pub use term::{BillingCycle, BillingSet, Term, TermSet};

/// The market tables as the sources spell them (code, names), for tests and documentation.
pub mod sources {
    pub use crate::tables::{AZURE_RESERVATION_SOURCE_NAMES, SOFTWARE_SUBSCRIPTION_SOURCE_NAMES};
}
