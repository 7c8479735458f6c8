//! The purchase state shared by the flow's pages: the chosen customer and their cart draft.
//! Both survive a reload (the customer reference and the draft are in local storage).

use leptos::prelude::*;

use crate::browser;
use crate::purchase::{CartDraft, CustomerRef, DraftLoad};

const CUSTOMER_KEY: &str = "procura.customer";

#[derive(Clone, Copy)]
pub struct Purchase {
    pub customer: RwSignal<Option<CustomerRef>>,
    pub draft: RwSignal<CartDraft>,
    /// The saved draft was unreadable and has been discarded (shown once on the cart page).
    pub draft_discarded: RwSignal<bool>,
}

impl Purchase {
    pub fn choose(&self, customer: CustomerRef) {
        if let Ok(text) = serde_json::to_string(&customer) {
            browser::storage_set(CUSTOMER_KEY, &text);
        }
        self.load_draft(&customer);
        self.customer.set(Some(customer));
    }

    fn load_draft(&self, customer: &CustomerRef) {
        let draft = match CartDraft::load(&customer.id) {
            DraftLoad::Loaded(mut d) => {
                // The reference may have been renamed since; the draft follows the choice.
                d.customer = customer.clone();
                d
            }
            DraftLoad::Empty => CartDraft::new(customer.clone()),
            DraftLoad::Discarded => {
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
            d.save();
        });
    }
}

pub fn provide_purchase() -> Purchase {
    let p = Purchase {
        customer: RwSignal::new(None),
        draft: RwSignal::new(CartDraft::default()),
        draft_discarded: RwSignal::new(false),
    };
    let saved = browser::storage_get(CUSTOMER_KEY)
        .and_then(|t| serde_json::from_str::<CustomerRef>(&t).ok())
        .filter(|c| !c.id.is_empty());
    if let Some(c) = saved {
        p.load_draft(&c);
        p.customer.set(Some(c));
    }
    provide_context(p);
    p
}

pub fn use_purchase() -> Purchase {
    expect_context::<Purchase>()
}
