//! Discovery: products of a category in the customer's market, searched as the partner types,
//! then one SKU opened to buy (see `sku_panel`).

pub mod sku_panel;

use leptos::prelude::*;
use procura_partner_center as pc;

use crate::api::{use_client, Client, Failure};
use crate::components::{for_customer, CustomerBar, FailureNotice, Loading};
use crate::i18n::{fill, use_i18n, Messages};
use crate::purchase::search::SearchIndex;
use crate::purchase::CustomerRef;
use sku_panel::SkuPanel;

/// Partner Center's `targetView` values for what Procura buys, with their labels.
pub const VIEWS: [(&str, fn(&Messages) -> &'static str); 4] = [
    ("SoftwareSubscriptions", |m| m.catalog_view_software_subscriptions),
    ("SoftwarePerpetual", |m| m.catalog_view_software_perpetual),
    ("AzureReservationsVM", |m| m.catalog_view_azure_reservations),
    ("OnlineServices", |m| m.catalog_view_online_services),
];

/// At most this many SKUs are listed at once; the search narrows the rest.
pub const MAX_SHOWN: usize = 60;

/// One SKU with its product: a row of the catalog.
#[derive(Clone, Debug)]
pub struct Row {
    pub product: pc::Product,
    pub sku: pc::Sku,
}

impl Row {
    pub fn search_text(&self) -> String {
        format!("{} {} {} {}", self.product.title, self.product.id, self.sku.title, self.sku.id)
    }
}

async fn load(client: Client, country: String, view: String) -> Result<Vec<Row>, Failure> {
    let mut rows = Vec::new();
    for product in client.products(&country, &view).await? {
        for sku in client.skus(&product.id, &country).await? {
            rows.push(Row { product: product.clone(), sku });
        }
    }
    Ok(rows)
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page catalog">
            <h1>{move || i18n.m().catalog_title}</h1>
            {for_customer(|c| view! { <Catalog customer=c/> })}
        </section>
    }
}

#[component]
fn Catalog(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let view_id = RwSignal::new(VIEWS[0].0.to_string());
    let country = customer.country.clone();
    let rows = LocalResource::new(move || load(client.clone(), country.clone(), view_id.get()));
    let selected = RwSignal::new(None::<Row>);
    let customer = StoredValue::new(customer);
    view! {
        <CustomerBar customer=customer.get_value()/>
        <div class="toolbar">
            <label for="catalog-view">{move || i18n.m().catalog_view_label}</label>
            <select
                id="catalog-view"
                on:change=move |ev| {
                    selected.set(None);
                    view_id.set(event_target_value(&ev));
                }
            >
                {VIEWS
                    .iter()
                    .map(|(id, label)| view! { <option value=*id selected=move || view_id.get() == *id>{move || label(i18n.m())}</option> })
                    .collect_view()}
            </select>
        </div>
        {move || match rows.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| rows.refetch()/> }.into_any(),
            Some(Ok(list)) => view! { <SkuSearch rows=list selected=selected/> }.into_any(),
        }}
        {move || selected.get().map(|row| view! { <SkuPanel customer=customer.get_value() row=row/> })}
    }
}

/// The search box and the matching SKUs, grouped by product.
#[component]
pub fn SkuSearch(rows: Vec<Row>, selected: RwSignal<Option<Row>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let index = SearchIndex::new(rows.iter().map(Row::search_text));
    let rows = StoredValue::new(rows);
    let matches = Memo::new(move |_| query.with(|q| index.matches(q)));
    // The visible entries: a product heading before its first matching SKU. Keyed, so a
    // keystroke only adds and removes the rows that changed (one frame for 5,000 SKUs).
    let entries = Memo::new(move |_| {
        let shown = matches.get();
        rows.with_value(|all| {
            let mut out: Vec<(String, usize, bool)> = Vec::new();
            let mut current: Option<&str> = None;
            for &i in shown.iter().take(MAX_SHOWN) {
                let Some(row) = all.get(i) else { continue };
                if current != Some(row.product.id.as_str()) {
                    current = Some(row.product.id.as_str());
                    out.push((format!("p:{}:{i}", row.product.id), i, true));
                }
                out.push((format!("s:{i}"), i, false));
            }
            out
        })
    });
    let entry = move |(_, i, heading): (String, usize, bool)| {
        rows.with_value(|all| {
            let Some(row) = all.get(i).cloned() else { return ().into_any() };
            if heading {
                return view! { <li class="product"><h3>{row.product.title.clone()}</h3></li> }.into_any();
            }
            let key = (row.product.id.clone(), row.sku.id.clone());
            let title = row.sku.title.clone();
            let pressed = move || selected.with(|s| s.as_ref().is_some_and(|r| r.product.id == key.0 && r.sku.id == key.1));
            view! {
                <li class="sku">
                    <button type="button" aria-pressed=move || if pressed() { "true" } else { "false" } on:click=move |_| selected.set(Some(row.clone()))>
                        {title}
                    </button>
                </li>
            }
            .into_any()
        })
    };
    view! {
        <div class="search">
            <label for="catalog-search">{move || i18n.m().catalog_search_label}</label>
            <input id="catalog-search" type="search" autocomplete="off" prop:value=query on:input=move |ev| query.set(event_target_value(&ev))/>
        </div>
        <h2>{move || i18n.m().catalog_products_title}</h2>
        <p role="status" class="count">
            {move || {
                let n = matches.with(Vec::len);
                if n == 0 { i18n.m().catalog_no_products.to_string() } else { fill("{shown} / {total}", &[("shown", &n.min(MAX_SHOWN).to_string()), ("total", &n.to_string())]) }
            }}
        </p>
        <ul class="catalog-list"><For each=move || entries.get() key=|(k, _, _)| k.clone() children=entry/></ul>
    }
}
