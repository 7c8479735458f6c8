//! The Partner Center REST contract as Procura uses it: resource types (serde) and paths.
//! No I/O. Read everything through [`wire::from_slice`] (lenient: both property casings,
//! enum strings in any casing, numbers as strings); everything writes camelCase.
//! See `../shared/spec/partner-center-api.md`.

mod body_scan;
pub mod cart;
pub mod catalog;
pub mod codes;
pub mod common;
pub mod customer;
pub mod entitlement;
pub mod error;
pub mod http;
pub mod invoice;
pub mod offer;
pub mod order;
pub mod paths;
pub mod pricesheet;
pub mod wire;

pub use cart::{
    Cart, CartCheckoutResult, CartError, CartLineItem, CartStatus, OrderError, RenewsTo,
};
pub use catalog::{
    AttestationProperties, Availability, BillingCycle, CurrencyInfo, InventoryCheckRequest,
    InventoryItem, InventoryRestriction, ItemType, Product, Sku, Term,
};
pub use common::{Collection, KeyValue, Link, Links, ResourceAttributes};
pub use customer::{
    Customer, RegistrationStatus, Subscription, SubscriptionRegistrationStatus, SubscriptionStatus,
};
pub use entitlement::{
    Artifact, Entitlement, ReferenceOrder, Reservation, ReservedInstanceArtifactDetails,
};
pub use error::ApiError;
pub use invoice::{Invoice, InvoiceDetail, InvoiceSummary, LineItemBrief, OneTimeInvoiceLineItem};
pub use offer::{Offer, OfferProduct};
pub use order::{
    Order, OrderLineItem, OrderLineItemProvisioningStatus, OrderStatus, Pricing,
    ProvisioningStatus, QuantityProvisioningStatus,
};
pub use wire::{from_slice, from_value, Timestamp};

/// Partner Center's request and response header names.
pub mod headers {
    pub const REQUEST_ID: &str = "MS-RequestId";
    pub const CORRELATION_ID: &str = "MS-CorrelationId";
    pub const CONTINUATION_TOKEN: &str = "MS-ContinuationToken";
    pub const LOCALE: &str = "X-Locale";
    /// Documented as required (`v1`), though the .NET SDK and the examples leave it out.
    pub const CONTRACT_VERSION: &str = "MS-Contract-Version";
    pub const RETRY_AFTER: &str = "Retry-After";
    pub const LOCATION: &str = "Location";
}
