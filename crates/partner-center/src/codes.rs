//! Partner Center's error codes, named once. Error bodies carry the 6-digit and 5-digit
//! codes (`ApiError.code`, `OrderError.code`); cart lines carry the 10000–10019 codes
//! (`CartError.errorCode`). See the contract, §9.

/// Not found (404): the generic code, for a resource with no code of its own.
pub const NOT_FOUND: u32 = 1000;
/// Partner not onboarded to sell in the country (403).
pub const PARTNER_NOT_IN_COUNTRY: u32 = 2030;
/// Order id not found (404).
pub const ORDER_NOT_FOUND: u32 = 20000;
/// No commerce relationship between partner and customer (403).
pub const NO_RELATIONSHIP: u32 = 20002;
/// Subscription not found (404).
pub const SUBSCRIPTION_NOT_FOUND: u32 = 20003;
/// Product not found (404).
pub const PRODUCT_NOT_FOUND: u32 = 400013;
/// SKU not found (404).
pub const SKU_NOT_FOUND: u32 = 400018;
/// Availability not found (404; can also surface at checkout).
pub const AVAILABILITY_NOT_FOUND: u32 = 400019;
/// Partner token missing (401).
pub const TOKEN_MISSING: u32 = 800001;
/// Invalid request input (400).
pub const INVALID_INPUT: u32 = 800002;
/// Unexpected service error (500).
pub const SERVICE_ERROR: u32 = 800003;
/// Invalid offer id (400).
pub const INVALID_OFFER: u32 = 800004;
/// Cart id not found (404): it never existed, or it expired (carts live 7 days).
pub const CART_NOT_FOUND: u32 = 800008;
/// Error in cart item(s) (400).
pub const CART_ITEM_ERROR: u32 = 800009;
/// Inventory not available for the catalog item (400; also an order error).
pub const INVENTORY_NOT_AVAILABLE: u32 = 800010;
/// Not a valid Azure subscription (400).
pub const NOT_AZURE_SUBSCRIPTION: u32 = 800011;
/// Subscription not enabled for reservation purchases (400).
pub const NOT_ENABLED_FOR_RI: u32 = 800013;
/// The integration sandbox's limit is met (400).
/// Only software subscriptions and perpetual software can be cancelled (403).
pub const CANCEL_NOT_SOFTWARE: u32 = 800019;
/// Order can't be canceled (400).
pub const ORDER_CANNOT_BE_CANCELLED: u32 = 800061;
/// The {0}-day cancellation window has passed (400); 900213 is its hour-window twin.
pub const CANCELLATION_WINDOW_PASSED: u32 = 900117;
pub const CANCELLATION_HOURS_PASSED: u32 = 900213;
/// PartnerID isn't a valid Indirect Reseller (400).
pub const NOT_INDIRECT_RESELLER: u32 = 800016;
pub const SANDBOX_LIMIT: u32 = 800018;
/// Add-on not related to the parent subscription (400).
pub const ADDON_NOT_RELATED: u32 = 800029;
/// Subscription isn't registered (400).
pub const NOT_REGISTERED: u32 = 800030;
/// Order in progress; check the order history in a few minutes (409).
pub const ORDER_IN_PROGRESS: u32 = 800060;
/// The cart is being processed by another request (409).
pub const CART_BEING_PROCESSED: u32 = 800064;
/// The cart was already submitted (400).
pub const CART_ALREADY_SUBMITTED: u32 = 800065;
/// Sandbox limit: subscriptions per customer (403).
pub const SANDBOX_SUBSCRIPTIONS_LIMIT: u32 = 800066;
/// Sandbox limit: seats per subscription (403).
pub const SANDBOX_SEATS_LIMIT: u32 = 800067;
/// Offer not available in the country (400).
pub const OFFER_NOT_IN_COUNTRY: u32 = 800070;
/// Subscription quantity cannot be decreased (an example in the docs).
pub const QUANTITY_CANNOT_DECREASE: u32 = 800090;
/// The partner-of-record attestation is missing from the cart or order (400).
pub const ATTESTATION_MISSING: u32 = 900206;
/// Requested quantity outside the allowed range for a line (400).
pub const QUANTITY_OUT_OF_RANGE: u32 = 900275;
/// Product not purchasable in the sandbox (403).
pub const NOT_PURCHASABLE_IN_SANDBOX: u32 = 900322;

/// Cart line errors (`CartError.errorCode`, cart-resources.md).
pub mod cart_line {
    pub const CURRENCY_NOT_SUPPORTED: i64 = 10000;
    pub const CATALOG_ITEM_ID_NOT_VALID: i64 = 10001;
    pub const QUOTA_NOT_AVAILABLE: i64 = 10002;
    pub const INVENTORY_NOT_AVAILABLE: i64 = 10003;
    pub const PARTICIPANTS_NOT_SUPPORTED: i64 = 10004;
    pub const UNABLE_TO_PROCESS: i64 = 10006;
    pub const SUBSCRIPTION_NOT_VALID: i64 = 10007;
    pub const SUBSCRIPTION_NOT_ENABLED_FOR_RI: i64 = 10008;
    pub const SANDBOX_LIMIT_EXCEEDED: i64 = 10009;
    pub const INVALID_INPUT: i64 = 10010;
    pub const SUBSCRIPTION_NOT_REGISTERED: i64 = 10011;
    pub const ATTESTATION_NOT_ACCEPTED: i64 = 10012;
    pub const BILLING_PLAN_NOT_SUPPORTED: i64 = 10013;
    pub const INVALID_PROMOTION_ID: i64 = 10014;
    pub const MAX_SEATS_PER_SUBSCRIPTION_EXCEEDED: i64 = 10015;
    pub const INVALID_CUSTOM_TERM_END_DATE_PRODUCT: i64 = 10016;
    pub const INVALID_CUSTOM_TERM_END_DATE: i64 = 10017;
    pub const BASE_OFFER_SEAT_QUANTITY_NOT_MET: i64 = 10018;
    pub const MINIMUM_ADDON_SEATS_NOT_MET: i64 = 10019;
    pub const LEGACY_OFFER_NOT_ELIGIBLE: i64 = 500600;

    /// The documented name of a cart line error code.
    pub fn name(code: i64) -> &'static str {
        match code {
            CURRENCY_NOT_SUPPORTED => "CurrencyIsNotSupported",
            CATALOG_ITEM_ID_NOT_VALID => "CatalogItemIdIsNotValid",
            QUOTA_NOT_AVAILABLE => "QuotaNotAvailable",
            INVENTORY_NOT_AVAILABLE => "InventoryNotAvailable",
            PARTICIPANTS_NOT_SUPPORTED => "ParticipantsIsNotSupportedForPartner",
            UNABLE_TO_PROCESS => "UnableToProcessCartLineItem",
            SUBSCRIPTION_NOT_VALID => "SubscriptionIsNotValid",
            SUBSCRIPTION_NOT_ENABLED_FOR_RI => "SubscriptionIsNotEnabledForRI",
            SANDBOX_LIMIT_EXCEEDED => "SandboxLimitExceeded",
            INVALID_INPUT => "InvalidInput",
            SUBSCRIPTION_NOT_REGISTERED => "SubscriptionNotRegistered",
            ATTESTATION_NOT_ACCEPTED => "AttestationNotAccepted",
            BILLING_PLAN_NOT_SUPPORTED => "BillingPlanNotSupported",
            INVALID_PROMOTION_ID => "InvalidPromotionId",
            MAX_SEATS_PER_SUBSCRIPTION_EXCEEDED => "MaxAllowedSeatsPerSubscriptionExceeded",
            INVALID_CUSTOM_TERM_END_DATE_PRODUCT => "InvalidCustomTermEndDateProduct",
            INVALID_CUSTOM_TERM_END_DATE => "InvalidCustomTermEndDate",
            BASE_OFFER_SEAT_QUANTITY_NOT_MET => "BaseOfferSeatQuantityNotMet",
            MINIMUM_ADDON_SEATS_NOT_MET => "MinimumAddOnSeatsNotMet",
            LEGACY_OFFER_NOT_ELIGIBLE => "LegacyOfferNotEligibleForPurchase",
            _ => "Unknown",
        }
    }
}
