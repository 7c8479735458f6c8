//! Typed calls for the endpoints the flows use. Paths come from the partner-center crate
//! (ids percent-encoded there); writes take the caller's request id (the idempotency key).

use procura_partner_center::{self as pc, paths};

use super::paging::{link_path, next_page, Pages};
use super::{Client, Failure};
use crate::browser;

/// One page of a list read by page number.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub has_next: bool,
}

/// An Azure subscription (offer `MS-AZR-...`): what reservations are bought for.
pub fn is_azure(s: &pc::Subscription) -> bool {
    s.offer_id.to_ascii_uppercase().starts_with("MS-AZR-") || is_azure_plan(s)
}

/// An Azure plan: the subscription of the Azure plan product.
pub fn is_azure_plan(s: &pc::Subscription) -> bool {
    pc::offer::is_azure_plan(&s.offer_id)
}

impl Client {
    pub async fn customers(&self) -> Result<Vec<pc::Customer>, Failure> {
        self.all(&paths::customers()).await
    }

    pub async fn customer(&self, id: &str) -> Result<pc::Customer, Failure> {
        self.get(&paths::customer(id)).await
    }

    pub async fn subscriptions(&self, customer: &str) -> Result<Vec<pc::Subscription>, Failure> {
        self.all(&paths::subscriptions(customer)).await
    }

    pub async fn products(
        &self,
        country: &str,
        target_view: &str,
    ) -> Result<Vec<pc::Product>, Failure> {
        self.all(&paths::products(country, target_view)).await
    }

    pub async fn skus(&self, product: &str, country: &str) -> Result<Vec<pc::Sku>, Failure> {
        self.all(&paths::skus(product, country)).await
    }

    /// The SKU's availabilities in the customer's market (country, currency and segment).
    pub async fn customer_availabilities(
        &self,
        customer: &str,
        product: &str,
        sku: &str,
    ) -> Result<Vec<pc::Availability>, Failure> {
        self.all(&paths::customer_availabilities(customer, product, sku)).await
    }

    /// A reservation SKU's availabilities for the customer's Azure plans.
    pub async fn customer_availabilities_for_azure_plans(
        &self,
        customer: &str,
        product: &str,
        sku: &str,
    ) -> Result<Vec<pc::Availability>, Failure> {
        self.all(&paths::customer_availabilities_for_azure_plans(customer, product, sku)).await
    }

    /// One availability, by the three parts of a catalog item id.
    pub async fn availability(
        &self,
        catalog_item_id: &str,
        country: &str,
    ) -> Result<pc::Availability, Failure> {
        let mut parts = catalog_item_id.split(':');
        let (Some(p), Some(s), Some(a)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Failure::malformed(0, "not a catalog item id"));
        };
        self.get(&paths::availability(p, s, a, country)).await
    }

    /// The add-ons of a traditional offer in a market (new-commerce add-ons are products).
    pub async fn offer_addons(
        &self,
        offer: &str,
        country: &str,
    ) -> Result<Vec<pc::Offer>, Failure> {
        self.all(&paths::offer_addons(offer, country)).await
    }

    /// A question, not a change: each check is a request of its own.
    pub async fn check_inventory(
        &self,
        country: &str,
        request: &pc::InventoryCheckRequest,
    ) -> Result<Vec<pc::InventoryItem>, Failure> {
        self.send("POST", &paths::check_inventory(country), request, &browser::new_uuid()).await
    }

    /// Registers an Azure subscription for reservation purchases (202, no body to read).
    /// Registering twice is harmless (the service answers with the registration under way),
    /// so each click is a request of its own.
    pub async fn register_subscription(
        &self,
        customer: &str,
        subscription: &str,
    ) -> Result<(), Failure> {
        // The documented request has no body.
        self.exchange(
            "POST",
            &paths::registrations(customer, subscription),
            None,
            &browser::new_uuid(),
            &[],
        )
        .await
        .map(drop)
    }

    pub async fn registration_status(
        &self,
        customer: &str,
        subscription: &str,
    ) -> Result<pc::SubscriptionRegistrationStatus, Failure> {
        self.get(&paths::registration_status(customer, subscription)).await
    }

    /// The customer's Azure subscriptions (those reservations can be bought for), each with
    /// its registration status for reservation purchases.
    pub async fn azure_subscriptions(
        &self,
        customer: &str,
    ) -> Result<Vec<(pc::Subscription, pc::RegistrationStatus)>, Failure> {
        let mut out = Vec::new();
        for s in self.subscriptions(customer).await?.into_iter().filter(is_azure) {
            let status = self.registration_status(customer, &s.id).await?.status;
            out.push((s, status));
        }
        Ok(out)
    }

    /// The customer's Azure subscriptions registered for reservation purchases.
    pub async fn registered_azure_subscriptions(
        &self,
        customer: &str,
    ) -> Result<Vec<pc::Subscription>, Failure> {
        let all = self.azure_subscriptions(customer).await?;
        let registered =
            all.into_iter().filter(|(_, status)| *status == pc::RegistrationStatus::Registered);
        Ok(registered.map(|(s, _)| s).collect())
    }

    pub async fn create_cart(
        &self,
        customer: &str,
        cart: &pc::Cart,
        request_id: &str,
    ) -> Result<pc::Cart, Failure> {
        self.send("POST", &paths::carts(customer), cart, request_id).await
    }

    pub async fn update_cart(
        &self,
        customer: &str,
        cart_id: &str,
        cart: &pc::Cart,
        request_id: &str,
    ) -> Result<pc::Cart, Failure> {
        self.send("PUT", &paths::cart(customer, cart_id), cart, request_id).await
    }

    pub async fn cart(&self, customer: &str, cart_id: &str) -> Result<pc::Cart, Failure> {
        self.get(&paths::cart(customer, cart_id)).await
    }

    /// Checks the cart out. The documented request has no body.
    pub async fn checkout(
        &self,
        customer: &str,
        cart_id: &str,
        request_id: &str,
    ) -> Result<pc::CartCheckoutResult, Failure> {
        let resp = self
            .exchange("POST", &paths::checkout(customer, cart_id), None, request_id, &[])
            .await?;
        super::client::parse(&resp)
    }

    pub async fn orders(&self, customer: &str) -> Result<Vec<pc::Order>, Failure> {
        self.all(&paths::orders(customer)).await
    }

    /// Orders of one billing cycle type (`OneTime`, `Monthly`, ...).
    pub async fn orders_by_billing(
        &self,
        customer: &str,
        billing_type: &str,
    ) -> Result<Vec<pc::Order>, Failure> {
        self.all(&paths::orders_by_billing(customer, billing_type)).await
    }

    pub async fn order(&self, customer: &str, order: &str) -> Result<pc::Order, Failure> {
        self.get(&paths::order(customer, order)).await
    }

    /// Adds line items (add-ons naming `parentSubscriptionId`) to an existing order.
    pub async fn patch_order(
        &self,
        customer: &str,
        order_id: &str,
        order: &pc::Order,
        request_id: &str,
    ) -> Result<pc::Order, Failure> {
        self.send("PATCH", &paths::order(customer, order_id), order, request_id).await
    }

    pub async fn provisioning_status(
        &self,
        customer: &str,
        order: &str,
    ) -> Result<Vec<pc::OrderLineItemProvisioningStatus>, Failure> {
        self.all(&paths::provisioning_status(customer, order)).await
    }

    pub async fn entitlements(&self, customer: &str) -> Result<Vec<pc::Entitlement>, Failure> {
        self.all(&paths::entitlements(customer)).await
    }

    /// The reservations behind a reserved-instance artifact; the URI is the artifact's link,
    /// taken as given (contract §4.1), path only.
    pub async fn artifact_details(
        &self,
        link_uri: &str,
    ) -> Result<pc::ReservedInstanceArtifactDetails, Failure> {
        self.get(&link_path(link_uri)).await
    }

    /// The current account balance (the partner's default currency).
    pub async fn balance(&self) -> Result<pc::InvoiceSummary, Failure> {
        self.get(&paths::balance()).await
    }

    pub async fn invoice_summaries(&self) -> Result<Vec<pc::InvoiceSummary>, Failure> {
        self.all(&paths::invoice_summaries()).await
    }

    /// Page `number` (from 1) of the invoice list, `size` to a page (index paging), and
    /// whether the service links a page after it.
    pub async fn invoices_page(
        &self,
        size: u32,
        number: u32,
    ) -> Result<ListPage<pc::Invoice>, Failure> {
        let offset = u64::from(number.max(1) - 1) * u64::from(size);
        let page: pc::Collection<pc::Invoice> =
            self.get(&format!("{}?size={size}&offset={offset}", paths::invoices())).await?;
        let has_next = next_page(&page).is_some();
        Ok(ListPage { items: page.items, has_next })
    }

    /// Every invoice (for the charts), following the pages.
    pub async fn all_invoices(&self) -> Result<Vec<pc::Invoice>, Failure> {
        self.all(&format!("{}?size=200", paths::invoices())).await
    }

    pub async fn invoice(&self, id: &str) -> Result<pc::Invoice, Failure> {
        self.get(&paths::invoice(id)).await
    }

    /// An invoice's one-time line items, `size` to a page (seek paging: the continuation
    /// token is carried from page to page inside [`Pages`]), as the table reads them.
    pub fn one_time_line_items(&self, invoice: &str, size: u32) -> Pages<pc::LineItemBrief> {
        let path = paths::one_time_line_items(invoice, size);
        Pages::with_reader(self.clone(), &path, pc::LineItemBrief::read)
    }

    /// The one-time charges not yet invoiced, in `currency`, for `period` (`current` or
    /// `previous`), seek-paged like an invoice's lines.
    pub fn unbilled_line_items(
        &self,
        currency: &str,
        period: &str,
        size: u32,
    ) -> Pages<pc::LineItemBrief> {
        let path = paths::unbilled_line_items(currency, period, size);
        Pages::with_reader(self.clone(), &path, pc::LineItemBrief::read)
    }

    /// The invoice statement: the PDF's bytes.
    pub async fn statement(&self, invoice: &str) -> Result<Vec<u8>, Failure> {
        let headers = [("Accept".to_string(), "application/pdf".to_string())];
        Ok(self
            .exchange("GET", &paths::statement(invoice), None, &browser::new_uuid(), &headers)
            .await?
            .body)
    }
}

impl Client {
    /// A price sheet's file (CSV, or zipped: browsers always accept deflate) from the Partner
    /// API, which the client's base address serves under `/v1.0/` (get-a-price-sheet.md).
    /// Use a client holding the Partner API's token (`use_partner_api_client`).
    pub async fn price_sheet(
        &self,
        market: &str,
        view: pc::pricesheet::View,
    ) -> Result<Vec<u8>, Failure> {
        let path = pc::pricesheet::path(market, view, None);
        let accept = [("Accept".to_string(), "*/*".to_string())];
        let resp = self.exchange("GET", &path, None, &browser::new_uuid(), &accept).await?;
        Ok(resp.body)
    }
}
