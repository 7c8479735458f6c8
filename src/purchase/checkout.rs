//! Synchronizing the draft with Partner Center's cart, and checking it out exactly once.
//!
//! Every step saves the draft before it sends: the request id of a checkout is written down
//! first, so a retry, a second click or a reload repeats *that* checkout (the server answers
//! it from its record of the request id) instead of placing a second order. If the record
//! cannot be written, nothing is sent ([`Failure::NotSaved`]).

use procura_partner_center::codes;

use super::draft::{CartDraft, CheckoutOutcome, PendingCheckout};
use crate::api::{Client, Failure};
use crate::browser;
use crate::storage::StorageError;

/// Saves the draft (and shows it); the checkout functions call it at every step.
pub type Save<'a> = &'a dyn Fn(&CartDraft) -> Result<(), StorageError>;

/// A save that must succeed before a request may go.
fn record(save: Save<'_>, draft: &CartDraft) -> Result<(), Failure> {
    save(draft).map_err(|_| Failure::NotSaved)
}

/// Makes the server's cart hold the draft's lines (creating it if need be) and takes back
/// what the server says about each line.
pub async fn synchronize(
    client: &Client,
    draft: &mut CartDraft,
    save: Save<'_>,
) -> Result<(), Failure> {
    if draft.synced && draft.cart_id.is_some() {
        return Ok(());
    }
    let request_id = draft.sync_request_id.get_or_insert_with(browser::new_uuid).clone();
    record(save, draft)?;
    let customer = draft.customer.id.clone();
    let cart = draft.to_cart();
    let result = match draft.cart_id.clone() {
        Some(id) => match client.update_cart(&customer, &id, &cart, &request_id).await {
            // Carts expire after a week, and a checked-out cart (whose failed lines were
            // changed) takes no update: start a new one with the same lines.
            Err(f)
                if f.code() == Some(codes::CART_NOT_FOUND)
                    || f.code() == Some(codes::CART_ALREADY_SUBMITTED)
                    || matches!(f, Failure::Service { status: 404, .. }) =>
            {
                draft.cart_id = None;
                let fresh = browser::new_uuid();
                draft.sync_request_id = Some(fresh.clone());
                record(save, draft)?;
                let new_cart = procura_partner_center::Cart { id: None, ..cart.clone() };
                client.create_cart(&customer, &new_cart, &fresh).await
            }
            other => other,
        },
        None => client.create_cart(&customer, &cart, &request_id).await,
    };
    let server = result?;
    draft.absorb(&server);
    // The server has the lines; if this save fails, the next review synchronizes again.
    let _ = save(draft);
    Ok(())
}

/// The name of the Web Lock under which a customer's draft is checked out: one tab at a time.
pub fn lock_name(customer_id: &str) -> String {
    format!("procura.checkout.{}", customer_id.to_ascii_lowercase())
}

/// What a tab that waited its turn to check out does, given the draft it confirmed and the
/// draft as saved now (another tab may have checked it out, or begun to, meanwhile).
#[derive(Debug, PartialEq)]
pub enum Turn {
    /// Check this draft out (or finish its pending checkout, with its request id).
    CheckOut(CartDraft),
    /// Another tab finished it: show that outcome; nothing is sent.
    Finished(CartDraft, CheckoutOutcome),
}

pub fn take_turn(confirmed: CartDraft, saved: Option<CartDraft>) -> Turn {
    match saved {
        Some(s) if s.pending.is_some() => Turn::CheckOut(s),
        // Finished since this tab confirmed; or before it did, when the other tab's save
        // reached this one between its review and its confirm (nothing left to buy).
        Some(s) => match s.outcome.clone() {
            Some(outcome) if s.outcome != confirmed.outcome || s.lines.is_empty() => {
                Turn::Finished(s, outcome)
            }
            _ => Turn::CheckOut(s),
        },
        // Nothing readable was saved: the checkout's own save decides whether it may go.
        None => Turn::CheckOut(confirmed),
    }
}

/// Checks the draft out, or finishes the checkout already under way (after a reload or a
/// lost response) with its original request id.
pub async fn check_out(
    client: &Client,
    draft: &mut CartDraft,
    save: Save<'_>,
) -> Result<CheckoutOutcome, Failure> {
    if draft.pending.is_none() {
        synchronize(client, draft, save).await?;
        let cart_id = draft
            .cart_id
            .clone()
            .ok_or_else(|| Failure::malformed(0, "the server created no cart id"))?;
        draft.pending = Some(PendingCheckout {
            cart_id,
            request_id: browser::new_uuid(),
            since_ms: Some(browser::now_ms()),
        });
        if let Err(f) = record(save, draft) {
            // Not recorded, so not sent: the draft is as it was before the confirm.
            draft.pending = None;
            return Err(f);
        }
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
            // Ordered either way; if this save fails, a reload repeats the same checkout
            // and gets the same answer.
            let _ = save(draft);
            Ok(outcome)
        }
        // Checked out already (by a request whose answer is gone, or another tab), and the
        // service refuses rather than replays: find the orders it placed.
        Err(f) if f.code() == Some(codes::CART_ALREADY_SUBMITTED) => {
            let order_ids = orders_of_cart(client, &draft.customer.id, &pending.cart_id).await;
            let outcome =
                CheckoutOutcome { order_ids, already_submitted: true, ..Default::default() };
            draft.finish(outcome.clone());
            let _ = save(draft);
            Ok(outcome)
        }
        // The cart is gone (a week has passed). Its checkout may have gone through with the
        // answer lost: the orders are looked for before a new cart can be made, and a failed
        // look keeps the checkout pending (retried, never bought again).
        Err(f) if f.code() == Some(codes::CART_NOT_FOUND) => {
            let order_ids = orders_of_lost_cart(client, draft, &pending).await?;
            if !order_ids.is_empty() {
                let outcome =
                    CheckoutOutcome { order_ids, already_submitted: true, ..Default::default() };
                draft.finish(outcome.clone());
                let _ = save(draft);
                return Ok(outcome);
            }
            // Nothing was ordered: the next attempt synchronizes a new cart.
            draft.pending = None;
            draft.cart_id = None;
            draft.touch();
            let _ = save(draft);
            Err(f)
        }
        Err(f) => Err(f),
    }
}

/// The orders a checked-out cart placed, from the customer's order list and the orders this
/// browser recorded (the list lags up to 15 minutes). Best effort: none found is an answer
/// (the result page says where they will appear), not a failure.
async fn orders_of_cart(client: &Client, customer: &str, cart_id: &str) -> Vec<String> {
    let Ok(cart) = client.cart(customer, cart_id).await else { return Vec::new() };
    let listed = client.orders(customer).await.unwrap_or_default();
    super::placed::placed_by(&cart, &with_unlisted(customer, listed))
}

/// The customer's listed orders and those this browser recorded that the list does not show
/// yet (it lags up to 15 minutes).
fn with_unlisted(
    customer: &str,
    mut orders: Vec<procura_partner_center::Order>,
) -> Vec<procura_partner_center::Order> {
    orders.extend(crate::orders::recent::unlisted(customer, &[]).into_iter().map(|r| r.order));
    orders
}

/// How far this browser's clock may be ahead of the service's when matching orders to a
/// checkout by time.
const CLOCK_SKEW_MS: i64 = 3_600_000;

/// The orders a pending checkout placed whose cart can no longer be read: matched against
/// the draft's lines (as [`orders_of_cart`] matches the cart's), made no earlier than the
/// checkout was recorded. Unlike that one, a failed order list is an error: "none" here lets
/// a new cart be made.
async fn orders_of_lost_cart(
    client: &Client,
    draft: &CartDraft,
    pending: &PendingCheckout,
) -> Result<Vec<String>, Failure> {
    let customer = draft.customer.id.as_str();
    let orders = with_unlisted(customer, client.orders(customer).await?);
    let since = pending.since_ms.map(|t| t.saturating_sub(CLOCK_SKEW_MS));
    let cart = procura_partner_center::Cart {
        creation_timestamp: since.map(procura_partner_center::Timestamp::from_millis),
        ..draft.to_cart()
    };
    Ok(super::placed::placed_by(&cart, &orders))
}

// Native: futures driven by `block_on`, and storage told to refuse writes.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use futures::executor::block_on;

    use super::*;
    use crate::api::in_process::InProcess;
    use crate::api::transport::Request;
    use crate::api::{Limiter, Recording};
    use crate::purchase::{CustomerRef, DraftLine};
    use crate::settings::Token;

    /// A client of the embedded sandbox (natively, on the in-memory storage), and what it sent.
    fn setup() -> (Client, Rc<RefCell<Vec<Request>>>, CartDraft) {
        let recording = Recording::new(InProcess::new(Default::default()));
        let sent = recording.sent.clone();
        let limiter = Limiter::order_resource();
        let client = Client::new(Rc::new(recording), Token::new("sandbox-partner-sakura"), limiter);
        let customer = CustomerRef {
            id: "c0a80101-0000-4000-8000-000000000001".into(),
            name: "Hokusai".into(),
            country: "JP".into(),
        };
        let mut draft = CartDraft::new(customer);
        draft.attested = true;
        draft.lines.push(DraftLine {
            catalog_item_id: "CFQ7TTC0LH18:0001:JPJPYCOM".into(),
            quantity: 2,
            ..Default::default()
        });
        (client, sent, draft)
    }

    fn local(refuse_second_checkout: bool) -> Rc<InProcess> {
        InProcess::new(procura_sandbox::Config { refuse_second_checkout, ..Default::default() })
    }

    /// A second checkout of a checked-out cart (a stale copy of the draft, as another tab
    /// holds) shows the first checkout's orders under either documented answer.
    #[test]
    fn a_second_checkout_shows_the_orders_the_cart_placed() {
        let always = |_: &CartDraft| Ok(());
        for refuse in [false, true] {
            let sandbox = local(refuse);
            let (_, _, mut draft) = setup();
            let client = Client::new(
                sandbox.clone(),
                Token::new("sandbox-partner-sakura"),
                Limiter::order_resource(),
            );
            block_on(synchronize(&client, &mut draft, &always)).unwrap();
            let mut stale = draft.clone();
            let first = block_on(check_out(&client, &mut draft, &always)).unwrap();
            assert_eq!((first.order_ids.len(), first.already_submitted), (1, false));

            let second = block_on(check_out(&client, &mut stale.clone(), &always)).unwrap();
            assert_eq!(second.order_ids, first.order_ids, "refuse: {refuse}");
            assert_eq!(second.already_submitted, refuse);
            if refuse {
                // Not recorded by this browser and not listed yet: none found, said so.
                crate::storage::remove(crate::orders::recent::KEY).unwrap();
                let unknown = block_on(check_out(&client, &mut stale.clone(), &always)).unwrap();
                assert!(unknown.already_submitted && unknown.order_ids.is_empty());
                // Once the list shows it (15 minutes), found there.
                sandbox.ahead_ms.set(16 * 60_000);
                let listed = block_on(check_out(&client, &mut stale, &always)).unwrap();
                assert_eq!(listed.order_ids, first.order_ids);
            }
        }
    }

    /// A pending checkout whose cart is gone (404) looks for its orders before anything is
    /// made again: found, they are shown; none, the next confirm makes a new cart.
    #[test]
    fn a_pending_checkout_whose_cart_is_gone_is_found_before_a_new_cart_is_made() {
        let always = |_: &CartDraft| Ok(());
        let sandbox = local(false);
        let client = Client::new(
            sandbox.clone(),
            Token::new("sandbox-partner-sakura"),
            Limiter::order_resource(),
        );
        let pending_on = |client: &Client, d: &mut CartDraft, rid: &str| {
            block_on(synchronize(client, d, &always)).unwrap();
            d.pending = Some(PendingCheckout {
                cart_id: d.cart_id.clone().unwrap(),
                request_id: rid.into(),
                since_ms: Some(browser::now_ms()),
            });
        };
        // The answer was lost and the cart expired unseen. The sandbox keeps checked-out
        // carts, so the service's other reading (the cart no longer found) is played by a
        // cart never checked out whose lines another checkout ordered.
        let (_, _, mut lost) = setup();
        pending_on(&client, &mut lost, "lost");
        let (_, _, mut other) = setup();
        let placed = block_on(check_out(&client, &mut other, &always)).unwrap();
        crate::storage::remove(crate::orders::recent::KEY).unwrap();
        sandbox.ahead_ms.set(8 * 24 * 3_600_000);
        let customer = lost.customer.id.clone();
        let orders = || block_on(client.orders(&customer)).unwrap().len();
        let before = orders();
        let found = block_on(check_out(&client, &mut lost, &always)).unwrap();
        assert_eq!((found.order_ids, found.already_submitted), (placed.order_ids, true));
        assert!(lost.pending.is_none() && lost.outcome.is_some());
        assert_eq!(orders(), before, "nothing bought again");

        // No order has the lines: nothing was bought, the pending checkout is dropped.
        let (_, _, mut unplaced) = setup();
        unplaced.lines[0].quantity = 7;
        pending_on(&client, &mut unplaced, "never-sent");
        sandbox.ahead_ms.set(16 * 24 * 3_600_000);
        let gone = block_on(check_out(&client, &mut unplaced, &always)).unwrap_err();
        assert_eq!(gone.code(), Some(codes::CART_NOT_FOUND));
        assert!(unplaced.pending.is_none() && unplaced.cart_id.is_none());
    }

    /// Two tabs confirm the same draft: the second, when its turn comes, finishes what the
    /// first began or shows what it finished, and never starts a checkout of its own.
    #[test]
    fn a_tab_that_waited_its_turn_does_not_check_out_twice() {
        let (_, _, confirmed) = setup();
        let mut begun = confirmed.clone();
        begun.pending =
            Some(PendingCheckout { cart_id: "c".into(), request_id: "r".into(), since_ms: None });
        assert_eq!(take_turn(confirmed.clone(), Some(begun.clone())), Turn::CheckOut(begun));
        let mut done = confirmed.clone();
        let outcome = CheckoutOutcome { order_ids: vec!["o".into()], ..Default::default() };
        done.finish(outcome.clone());
        assert_eq!(
            take_turn(confirmed.clone(), Some(done.clone())),
            Turn::Finished(done.clone(), outcome.clone())
        );
        // The other tab's finished draft had already reached this tab when it confirmed.
        assert_eq!(take_turn(done.clone(), Some(done.clone())), Turn::Finished(done, outcome));
        assert_eq!(
            take_turn(confirmed.clone(), Some(confirmed.clone())),
            Turn::CheckOut(confirmed.clone())
        );
        assert_eq!(take_turn(confirmed.clone(), None), Turn::CheckOut(confirmed));
    }

    #[test]
    fn nothing_is_sent_that_could_not_be_recorded() {
        let (client, sent, mut draft) = setup();
        let never = |_: &CartDraft| Err(StorageError::Refused);
        assert_eq!(block_on(check_out(&client, &mut draft, &never)), Err(Failure::NotSaved));
        assert_eq!(sent.borrow().len(), 0, "not even the cart");

        // The cart can be recorded, the checkout cannot: the cart is made, no order.
        let only_carts =
            |d: &CartDraft| if d.pending.is_some() { Err(StorageError::Refused) } else { Ok(()) };
        assert_eq!(block_on(check_out(&client, &mut draft, &only_carts)), Err(Failure::NotSaved));
        assert_eq!(sent.borrow().len(), 1, "the cart's create, and no checkout");
        assert!(draft.pending.is_none() && draft.cart_id.is_some() && draft.synced);

        let always = |_: &CartDraft| Ok(());
        let outcome = block_on(check_out(&client, &mut draft, &always)).unwrap();
        assert_eq!(outcome.order_ids.len(), 1, "{outcome:?}");
        assert_eq!(sent.borrow().len(), 2, "the synced cart is not sent again; one checkout");
    }
}
