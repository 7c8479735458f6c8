//! The purchase state shared by the flow's pages: the chosen customer and their cart draft.
//! Both survive a reload (kept through `storage`), and a change another tab makes to the
//! draft is read back here, so a stale tab does not write over it.

use leptos::prelude::*;

use crate::purchase::{CartDraft, CustomerRef, PartnerFacts};
use crate::storage::{self, Loaded, Record, Stored};

const CUSTOMER_KEY: &str = "procura.customer";

impl Record for CustomerRef {
    fn is_current(&self) -> bool {
        !self.id.is_empty()
    }
}

#[derive(Clone, Copy)]
pub struct Purchase {
    pub customer: RwSignal<Option<CustomerRef>>,
    pub draft: RwSignal<CartDraft>,
    /// The saved draft was unreadable and has been discarded (shown once on the cart page).
    pub draft_discarded: RwSignal<bool>,
    /// The last change could not be saved in the browser (shown on the cart page).
    pub draft_unsaved: RwSignal<bool>,
    /// What the partner has stated about itself (Settings).
    pub partner: RwSignal<PartnerFacts>,
}

impl Purchase {
    pub fn choose(&self, customer: CustomerRef) {
        // A preference: without it the partner chooses again after a reload.
        let _ = Stored::new(CUSTOMER_KEY).save(&customer);
        self.load_draft(&customer);
        self.customer.set(Some(customer));
    }

    fn load_draft(&self, customer: &CustomerRef) {
        let draft = match CartDraft::load(&customer.id) {
            Loaded::Found(mut d) => {
                // The reference may have been renamed since; the draft follows the choice.
                d.customer = customer.clone();
                d
            }
            Loaded::Empty => CartDraft::new(customer.clone()),
            Loaded::Discarded => {
                self.draft_discarded.set(true);
                CartDraft::new(customer.clone())
            }
        };
        self.draft.set(draft);
    }

    /// Changes the draft and saves it at once (a reload must find what the partner did).
    pub fn edit(&self, f: impl FnOnce(&mut CartDraft)) {
        self.draft.update(|d| {
            f(d);
            self.draft_unsaved.set(d.save().is_err());
        });
    }

    /// Records what the partner states about itself (a preference: kept if the browser lets
    /// it be saved, applied either way).
    pub fn state_facts(&self, facts: PartnerFacts) {
        let _ = facts.save();
        self.partner.set(facts);
    }

    /// Shows `draft` as it is now and saves it: what the checkout steps call.
    pub fn save(&self, draft: &CartDraft) -> Result<(), storage::StorageError> {
        let saved = draft.save();
        self.draft_unsaved.set(saved.is_err());
        self.draft.set(draft.clone());
        saved
    }
}

pub fn provide_purchase() -> Purchase {
    let p = Purchase {
        customer: RwSignal::new(None),
        draft: RwSignal::new(CartDraft::default()),
        draft_discarded: RwSignal::new(false),
        draft_unsaved: RwSignal::new(false),
        partner: RwSignal::new(PartnerFacts::load()),
    };
    if let Some(c) = Stored::<CustomerRef>::new(CUSTOMER_KEY).load().found() {
        p.load_draft(&c);
        p.customer.set(Some(c));
    }
    // Another tab changed a draft: if it is this customer's, show what it saved.
    let listener = storage::on_change(CartDraft::KEY_PREFIX, move |key| {
        let current = p.customer.get_untracked();
        // The prefix alone: the other tab cleared all storage.
        let ours =
            |c: &CustomerRef| key == CartDraft::KEY_PREFIX || CartDraft::stored(&c.id).key() == key;
        if let Some(c) = current.filter(ours) {
            p.load_draft(&c);
        }
    });
    let listener = StoredValue::new_local(Some(listener));
    on_cleanup(move || listener.set_value(None));
    provide_context(p);
    p
}

pub fn use_purchase() -> Purchase {
    expect_context::<Purchase>()
}
