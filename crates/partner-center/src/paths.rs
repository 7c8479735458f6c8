//! Request paths, relative to `{base}/v1`. Ids are percent-encoded so that hostile ids cannot
//! change the path.

fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn customers() -> String {
    "/customers".into()
}
pub fn customer(c: &str) -> String {
    format!("/customers/{}", seg(c))
}
pub fn subscriptions(c: &str) -> String {
    format!("/customers/{}/subscriptions", seg(c))
}
pub fn registrations(c: &str, s: &str) -> String {
    format!("/customers/{}/subscriptions/{}/registrations", seg(c), seg(s))
}
pub fn registration_status(c: &str, s: &str) -> String {
    format!("/customers/{}/subscriptions/{}/registrationstatus", seg(c), seg(s))
}
pub fn products(country: &str, target_view: &str) -> String {
    format!("/products?country={}&targetView={}", seg(country), seg(target_view))
}
pub fn product(p: &str, country: &str) -> String {
    format!("/products/{}?country={}", seg(p), seg(country))
}
pub fn skus(p: &str, country: &str) -> String {
    format!("/products/{}/skus?country={}", seg(p), seg(country))
}
pub fn sku(p: &str, s: &str, country: &str) -> String {
    format!("/products/{}/skus/{}?country={}", seg(p), seg(s), seg(country))
}
pub fn availabilities(p: &str, s: &str, country: &str) -> String {
    format!("/products/{}/skus/{}/availabilities?country={}", seg(p), seg(s), seg(country))
}
pub fn availability(p: &str, s: &str, a: &str, country: &str) -> String {
    format!(
        "/products/{}/skus/{}/availabilities/{}?country={}",
        seg(p),
        seg(s),
        seg(a),
        seg(country)
    )
}
pub fn customer_availabilities(c: &str, p: &str, s: &str) -> String {
    format!("/customers/{}/products/{}/skus/{}/availabilities", seg(c), seg(p), seg(s))
}
/// A reservation SKU's availabilities for Azure plans (`reservationScope=AzurePlan`,
/// purchase-azure-reservations.md); without it, those for MS-AZR-0145P subscriptions.
pub fn customer_availabilities_for_azure_plans(c: &str, p: &str, s: &str) -> String {
    format!("{}?reservationScope=AzurePlan", customer_availabilities(c, p, s))
}
pub fn check_inventory(country: &str) -> String {
    format!("/extensions/product/checkinventory?country={}", seg(country))
}
/// The add-ons of a traditional offer in a market.
pub fn offer_addons(offer: &str, country: &str) -> String {
    format!("/offers/{}/addons?country={}", seg(offer), seg(country))
}

pub fn carts(c: &str) -> String {
    format!("/customers/{}/carts", seg(c))
}
pub fn cart(c: &str, cart: &str) -> String {
    format!("/customers/{}/carts/{}", seg(c), seg(cart))
}
pub fn checkout(c: &str, cart: &str) -> String {
    format!("/customers/{}/carts/{}/checkout", seg(c), seg(cart))
}
pub fn orders(c: &str) -> String {
    format!("/customers/{}/orders", seg(c))
}
pub fn orders_by_billing(c: &str, billing_type: &str) -> String {
    format!("/customers/{}/orders?billingType={}", seg(c), seg(billing_type))
}
pub fn order(c: &str, o: &str) -> String {
    format!("/customers/{}/orders/{}", seg(c), seg(o))
}
pub fn provisioning_status(c: &str, o: &str) -> String {
    format!("/customers/{}/orders/{}/provisioningstatus", seg(c), seg(o))
}
/// With `showExpiry=true`: the service leaves `expiryDate` out otherwise.
pub fn entitlements(c: &str) -> String {
    format!("/customers/{}/entitlements?showExpiry=true", seg(c))
}
pub fn balance() -> String {
    "/invoices/summary".into()
}
pub fn invoice_summaries() -> String {
    "/invoices/summaries".into()
}
pub fn invoices() -> String {
    "/invoices".into()
}
pub fn invoice(i: &str) -> String {
    format!("/invoices/{}", seg(i))
}
pub fn one_time_line_items(i: &str, size: u32) -> String {
    format!(
        "/invoices/{}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&size={size}",
        seg(i)
    )
}
/// Unbilled one-time reconciliation line items (get-invoice-unbilled-recon-lineitems.md):
/// `period` is `current` or `previous`.
pub fn unbilled_line_items(currency: &str, period: &str, size: u32) -> String {
    format!(
        "/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode={}&period={}&size={size}",
        seg(currency),
        seg(period)
    )
}
pub fn statement(i: &str) -> String {
    format!("/invoices/{}/documents/statement", seg(i))
}

/// Whether a path (its segments after `/v1`) is on the order resource, which Partner Center
/// holds to 500 requests a minute per tenant (contract §7.5): a customer, and its carts,
/// orders and subscriptions. Shared by the sandbox (which enforces it) and the app (which
/// stays under it).
pub fn is_order_resource<S: AsRef<str>>(segments: &[S]) -> bool {
    let seg = |i: usize| segments.get(i).map(AsRef::as_ref);
    seg(0) == Some("customers")
        && (segments.len() == 2 || matches!(seg(2), Some("carts" | "orders" | "subscriptions")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hostile_ids_cannot_change_the_path() {
        assert_eq!(super::cart("c/../x", "a?b#c"), "/customers/c%2F..%2Fx/carts/a%3Fb%23c");
        assert_eq!(super::product("DZH318Z0BQ3Q", "US"), "/products/DZH318Z0BQ3Q?country=US");
    }
}
