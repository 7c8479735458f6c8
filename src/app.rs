//! The application shell: contexts, header, navigation and routes.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::{Header, Nav};
use crate::i18n::provide_i18n;
use crate::pages::*;
use crate::settings::provide_connection;
use crate::signin::provide_sign_in;
use crate::state::provide_purchase;

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_connection();
    provide_sign_in();
    provide_purchase();
    let sandbox_discarded = RwSignal::new(false);
    crate::api::embedded::on_discarded(move || {
        sandbox_discarded.try_set(true);
    });
    let i18n = crate::i18n::use_i18n();
    view! {
        <Router>
            <div class="app">
                <Header/>
                <div class="app-body">
                    <Nav/>
                    <main id="main" tabindex="-1">
                        {move || sandbox_discarded.get().then(|| view! {
                            <p class="notice error" role="alert">{move || i18n.m().app_sandbox_discarded}</p>
                        })}
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=HomePage/>
                            <Route path=path!("/customers") view=CustomersPage/>
                            <Route path=path!("/catalog") view=CatalogPage/>
                            <Route path=path!("/cart") view=CartPage/>
                            <Route path=path!("/orders") view=OrdersPage/>
                            <Route path=path!("/orders/:id") view=OrderPage/>
                            <Route path=path!("/addons") view=AddonsPage/>
                            <Route path=path!("/enablement") view=EnablementPage/>
                            <Route path=path!("/entitlements") view=EntitlementsPage/>
                            <Route path=path!("/invoices") view=InvoicesPage/>
                            <Route path=path!("/invoices/:id") view=InvoicePage/>
                            <Route path=path!("/unbilled") view=UnbilledPage/>
                            <Route path=path!("/bulk-check") view=BulkCheckPage/>
                            <Route path=path!("/prices") view=PricesPage/>
                            <Route path=path!("/settings") view=SettingsPage/>
                        </Routes>
                    </main>
                </div>
            </div>
        </Router>
    }
}
