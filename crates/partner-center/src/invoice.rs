//! Invoices, the balance and summaries, and one-time line items (contract §5).

use rust_decimal::Decimal;

use crate::common::{Links, ResourceAttributes};
use crate::wire::Timestamp;
use crate::{resource, wire};

resource! {
    pub struct TaxReceipt {
        pub id: String,
        pub tax_receipt_pdf_download_link: Option<String>,
    }
}

resource! {
    pub struct InvoiceDetail {
        pub invoice_line_item_type: String,
        pub billing_provider: String,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    pub struct Invoice {
        pub id: String,
        pub invoice_date: Option<Timestamp>,
        pub billing_period_start_date: Option<Timestamp>,
        pub billing_period_end_date: Option<Timestamp>,
        #[serde(with = "wire::decimal")]
        pub total_charges: Decimal,
        #[serde(with = "wire::decimal")]
        pub paid_amount: Decimal,
        pub currency_code: String,
        pub currency_symbol: Option<String>,
        pub pdf_download_link: Option<String>,
        pub tax_receipts: Option<Vec<TaxReceipt>>,
        pub invoice_details: Vec<InvoiceDetail>,
        pub amendments: Option<Vec<Invoice>>,
        pub document_type: Option<String>,
        pub amends_of: Option<String>,
        pub invoice_type: Option<String>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    pub struct InvoiceSummaryDetail {
        pub invoice_type: String,
        pub summary: InvoiceSummary,
    }
}

resource! {
    /// The balance (`/invoices/summary`) or one currency's summary (`/invoices/summaries`).
    pub struct InvoiceSummary {
        #[serde(with = "wire::decimal")]
        pub balance_amount: Decimal,
        pub currency_code: String,
        pub currency_symbol: Option<String>,
        pub accounting_date: Option<Timestamp>,
        pub first_invoice_creation_date: Option<Timestamp>,
        pub last_payment_date: Option<Timestamp>,
        #[serde(with = "wire::opt_decimal")]
        pub last_payment_amount: Option<Decimal>,
        pub latest_invoice_date: Option<Timestamp>,
        pub details: Option<Vec<InvoiceSummaryDetail>>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    /// A one-time charge on an invoice (billingProvider `one_time`). Numbers arrive as
    /// numbers or strings; amounts are exact decimals.
    pub struct OneTimeInvoiceLineItem {
        pub partner_id: Option<String>,
        pub customer_id: String,
        pub customer_name: String,
        pub customer_domain_name: Option<String>,
        pub customer_country: Option<String>,
        pub invoice_number: String,
        pub mpn_id: Option<String>,
        #[serde(with = "wire::text")]
        pub reseller_mpn_id: String,
        pub order_id: String,
        pub order_date: Option<Timestamp>,
        pub product_id: String,
        pub sku_id: String,
        pub availability_id: Option<String>,
        pub product_name: String,
        pub sku_name: Option<String>,
        pub product_qualifiers: Option<Vec<String>>,
        pub charge_type: String,
        #[serde(with = "wire::opt_decimal")]
        pub unit_price: Option<Decimal>,
        #[serde(with = "wire::opt_decimal")]
        pub effective_unit_price: Option<Decimal>,
        pub unit_type: Option<String>,
        #[serde(with = "wire::opt_decimal")]
        pub quantity: Option<Decimal>,
        #[serde(with = "wire::decimal")]
        pub subtotal: Decimal,
        #[serde(with = "wire::decimal")]
        pub tax_total: Decimal,
        #[serde(with = "wire::decimal")]
        pub total_for_customer: Decimal,
        pub currency: String,
        pub publisher_name: Option<String>,
        pub publisher_id: Option<String>,
        pub subscription_description: Option<String>,
        pub subscription_id: Option<String>,
        pub subscription_start_date: Option<Timestamp>,
        pub subscription_end_date: Option<Timestamp>,
        pub charge_start_date: Option<Timestamp>,
        pub charge_end_date: Option<Timestamp>,
        pub term_and_billing_cycle: Option<String>,
        pub alternate_id: Option<String>,
        pub reference_id: Option<String>,
        pub price_adjustment_description: Option<String>,
        pub discount_details: Option<String>,
        pub pricing_currency: Option<String>,
        #[serde(rename = "pcToBCExchangeRate", with = "wire::opt_decimal")]
        pub pc_to_bc_exchange_rate: Option<Decimal>,
        #[serde(rename = "pcToBCExchangeRateDate")]
        pub pc_to_bc_exchange_rate_date: Option<Timestamp>,
        #[serde(with = "wire::opt_decimal")]
        pub billable_quantity: Option<Decimal>,
        pub meter_description: Option<String>,
        pub billing_frequency: Option<String>,
        pub reservation_order_id: Option<String>,
        pub credit_reason_code: Option<String>,
        pub promotion_id: Option<String>,
        pub invoice_line_item_type: Option<String>,
        pub billing_provider: Option<String>,
        pub attributes: Option<ResourceAttributes>,
    }
}

/// What a reconciliation table reads of a one-time line item, invoiced or not yet
/// ([`OneTimeInvoiceLineItem`], whose names and wire forms these keep): only the fields it
/// shows. The thirty others are skipped unread, so a page of 2,000 lines is read without
/// allocating them.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LineItemBrief {
    pub customer_id: String,
    pub customer_name: String,
    pub product_id: String,
    pub product_name: String,
    pub sku_name: Option<String>,
    pub charge_type: String,
    pub currency: String,
    pub order_id: String,
    pub order_date: Option<Timestamp>,
    #[serde(with = "wire::opt_decimal")]
    pub quantity: Option<Decimal>,
    #[serde(with = "wire::opt_decimal")]
    pub billable_quantity: Option<Decimal>,
    #[serde(with = "wire::opt_decimal")]
    pub unit_price: Option<Decimal>,
    #[serde(with = "wire::opt_decimal")]
    pub effective_unit_price: Option<Decimal>,
    #[serde(with = "wire::decimal")]
    pub subtotal: Decimal,
    #[serde(with = "wire::decimal")]
    pub tax_total: Decimal,
    #[serde(with = "wire::decimal")]
    pub total_for_customer: Decimal,
}

impl LineItemBrief {
    /// One item of a [`wire::raw_page`], as [`wire::from_slice`] reads it. Not generic, so
    /// that its reader is compiled in this crate, which the page's build optimises for speed
    /// while it optimises the app for size (a 100,000-line invoice is 120 MB of JSON).
    pub fn read(item: &[u8]) -> Result<LineItemBrief, serde_json::Error> {
        wire::from_slice(item)
    }
}
