//! Synchronizing the draft with Partner Center's cart, and checking it out exactly once.
//!
//! Every step saves the draft before it sends: the request id of a checkout is written down
//! first, so a retry, a second click or a reload repeats *that* checkout (the server answers
//! it from its record of the request id) instead of placing a second order.

use super::draft::{CartDraft, CheckoutOutcome, PendingCheckout};
use crate::api::{Client, Failure};
use crate::browser;
use procura_partner_center::codes;

/// Makes the server's cart hold the draft's lines (creating it if need be) and takes back
/// what the server says about each line.
pub async fn synchronize(
    client: &Client,
    draft: &mut CartDraft,
    save: &dyn Fn(&CartDraft),
) -> Result<(), Failure> {
    if draft.synced && draft.cart_id.is_some() {
        return Ok(());
    }
    let request_id = draft.sync_request_id.get_or_insert_with(browser::new_uuid).clone();
    save(draft);
    let customer = draft.customer.id.clone();
    let cart = draft.to_cart();
    let result = match draft.cart_id.clone() {
        Some(id) => match client.update_cart(&customer, &id, &cart, &request_id).await {
            // Carts expire after a week: start a new one with the same lines.
            Err(f)
                if f.code() == Some(codes::CART_NOT_FOUND)
                    || matches!(f, Failure::Service { status: 404, .. }) =>
            {
                draft.cart_id = None;
                let fresh = browser::new_uuid();
                draft.sync_request_id = Some(fresh.clone());
                save(draft);
                client
                    .create_cart(
                        &customer,
                        &procura_partner_center::Cart { id: None, ..cart.clone() },
                        &fresh,
                    )
                    .await
            }
            other => other,
        },
        None => client.create_cart(&customer, &cart, &request_id).await,
    };
    let server = result?;
    draft.absorb(&server);
    save(draft);
    Ok(())
}

/// Checks the draft out, or finishes the checkout already under way (after a reload or a
/// lost response) with its original request id.
pub async fn check_out(
    client: &Client,
    draft: &mut CartDraft,
    save: &dyn Fn(&CartDraft),
) -> Result<CheckoutOutcome, Failure> {
    let client = client.in_flow();
    if draft.pending.is_none() {
        synchronize(&client, draft, save).await?;
        let cart_id = draft
            .cart_id
            .clone()
            .ok_or_else(|| Failure::malformed(0, "the server created no cart id"))?;
        draft.pending = Some(PendingCheckout { cart_id, request_id: browser::new_uuid() });
        save(draft);
    }
    let Some(pending) = draft.pending.clone() else {
        return Err(Failure::malformed(0, "no checkout"));
    };
    match client.checkout(&draft.customer.id, &pending.cart_id, &pending.request_id).await {
        Ok(result) => {
            // Readable by id at once, listed only within 15 minutes: the order list shows
            // them meanwhile from here.
            crate::orders::recent::record(&draft.customer.id, &result.orders);
            let outcome = CheckoutOutcome::of(&result);
            draft.finish(outcome.clone());
            save(draft);
            Ok(outcome)
        }
        // Submitted already, by a request whose answer is gone: the orders exist (the list
        // shows them within minutes); this cart is done either way.
        Err(f) if f.code() == Some(codes::CART_ALREADY_SUBMITTED) => {
            let outcome = CheckoutOutcome {
                order_ids: Vec::new(),
                order_errors: Vec::new(),
                already_submitted: true,
            };
            draft.finish(outcome.clone());
            save(draft);
            Ok(outcome)
        }
        // The cart expired before the checkout went through: nothing was ordered; the next
        // attempt synchronizes a new cart.
        Err(f) if f.code() == Some(codes::CART_NOT_FOUND) => {
            draft.pending = None;
            draft.cart_id = None;
            draft.touch();
            save(draft);
            Err(f)
        }
        Err(f) => Err(f),
    }
}
