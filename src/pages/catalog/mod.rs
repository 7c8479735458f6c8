//! Discovery: products of a category in the customer's market, searched as the partner types,
//! then one SKU opened to buy (see `sku_panel`). The category and the search are in the URL
//! (`?view=…&q=…`), so a reload or Back keeps them.

pub mod sku_panel;

use leptos::prelude::*;

use crate::api::use_client;
use crate::components::{for_customer, CustomerBar, FailureNotice, Loaded};
use crate::hooks::use_query_param;
use crate::i18n::{fill, use_i18n, Messages};
use crate::purchase::catalog::{self, view_or_default, Listing, Row, MAX_SHOWN, VIEWS};
use crate::purchase::search::SearchIndex;
use crate::purchase::CustomerRef;
use sku_panel::SkuPanel;

fn view_label(m: &Messages, view: &str) -> &'static str {
    match view {
        "SoftwarePerpetual" => m.catalog_view_software_perpetual,
        "AzureReservationsVM" => m.catalog_view_azure_reservations,
        "OnlineServices" => m.catalog_view_online_services,
        _ => m.catalog_view_software_subscriptions,
    }
}

#[component]
pub fn CatalogPage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page catalog">
            <h1>{move || i18n.m().catalog_title}</h1>
            {for_customer(|c| view! { <Catalog customer=c/> })}
        </section>
    }
    .into_any()
}

#[component]
fn Catalog(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let (view_param, set_view) = use_query_param("view");
    let view_id = Memo::new(move |_| view_param.with(|v| view_or_default(Some(v))));
    let country = StoredValue::new(customer.country.clone());
    // What has been read of each category is kept while the page is open: switching back
    // reads nothing again.
    let read = StoredValue::new_local(std::collections::HashMap::<&'static str, Listing>::new());
    let listing = RwSignal::new(None::<Listing>);
    let products = LocalResource::new(move || {
        let (c, country, view) = (client.get_value(), country.get_value(), view_id.get());
        let known = read.with_value(|r| r.get(view).cloned());
        async move {
            let l = match known {
                Some(l) => l,
                None => Listing::new(view, c.products(&country, view).await?),
            };
            listing.set(Some(l));
            Ok::<_, crate::api::Failure>(())
        }
    });
    // SKUs are read as the list or the search needs them, or the partner opens a product.
    let (query, _) = use_query_param("q");
    let opened = RwSignal::new(Vec::<String>::new());
    let pending = StoredValue::new_local(std::collections::HashSet::<String>::new());
    let failure = RwSignal::new(None::<crate::api::Failure>);
    Effect::new(move |_| {
        let Some(mut want) = listing.with(|l| {
            l.as_ref().map(|l| {
                let mut want = query.with(|q| l.wanted(q));
                opened.with(|o| {
                    want.extend(o.iter().filter(|id| !l.skus.contains_key(*id)).cloned())
                });
                want
            })
        }) else {
            return;
        };
        want.retain(|id| pending.with_value(|p| !p.contains(id)));
        if want.is_empty() {
            return;
        }
        pending.update_value(|p| p.extend(want.iter().cloned()));
        let (c, country, view) = (client.get_value(), country.get_value(), view_id.get_untracked());
        leptos::task::spawn_local(async move {
            match catalog::skus_of(&c, &country, want).await {
                Ok(found) => {
                    listing.try_update(|l| {
                        if let Some(l) = l.as_mut().filter(|l| l.view == view) {
                            l.skus.extend(found);
                            read.update_value(|r| {
                                r.insert(view, l.clone());
                            });
                        }
                    });
                }
                Err(crate::api::Failure::Cancelled) => {}
                Err(f) => {
                    failure.try_set(Some(f));
                }
            }
        });
    });
    let rows =
        Signal::derive(move || listing.with(|l| l.as_ref().map(Listing::rows).unwrap_or_default()));
    let unread =
        Memo::new(move |_| listing.with(|l| l.as_ref().map(Listing::unread).unwrap_or_default()));
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
                    listing.set(None);
                    set_view.run(event_target_value(&ev));
                }
            >
                {VIEWS
                    .iter()
                    .map(|id| {
                        view! {
                            <option value=*id selected=move || view_id.get() == *id>
                                {move || view_label(i18n.m(), id)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <Loaded resource=products let:_done>
            <SkuSearch rows=rows selected=selected/>
            {move || failure.get().map(|f| view! { <FailureNotice failure=f/> })}
            {move || {
                let list = unread.get();
                (!list.is_empty()).then(|| view! {
                    <ul class="unread-products">
                        {list.into_iter().map(|p| {
                            let (id, title) = (p.id.clone(), p.title.clone());
                            view! {
                                <li>
                                    <button type="button" on:click=move |_| opened.update(|o| o.push(id.clone()))>
                                        {move || fill(i18n.m().catalog_show_skus, &[("product", &title)])}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </Loaded>
        {move || {
            selected.get().map(|row| view! { <SkuPanel customer=customer.get_value() row=row/> })
        }}
    }
}

/// The search box and the matching SKUs, grouped by product.
#[component]
pub fn SkuSearch(
    #[prop(into)] rows: Signal<Vec<Row>>,
    selected: RwSignal<Option<Row>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (query, set_query) = use_query_param("q");
    let index = Memo::new(move |_| rows.with(|r| SearchIndex::new(r.iter().map(Row::search_text))));
    let matches = Memo::new(move |_| query.with(|q| index.with(|i| i.matches(q))));
    // The visible entries: a product heading before its first matching SKU. Keyed, so a
    // keystroke only adds and removes the rows that changed (one frame for 5,000 SKUs).
    let entries = Memo::new(move |_| {
        let shown = matches.get();
        rows.with(|all| {
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
        rows.with(|all| {
            let Some(row) = all.get(i).cloned() else { return ().into_any() };
            if heading {
                return view! { <li class="product"><h3>{row.product.title.clone()}</h3></li> }
                    .into_any();
            }
            let key = (row.product.id.clone(), row.sku.id.clone());
            let title = row.sku.title.clone();
            let pressed = move || {
                selected.with(|s| {
                    s.as_ref().is_some_and(|r| r.product.id == key.0 && r.sku.id == key.1)
                })
            };
            view! {
                <li class="sku">
                    <button
                        type="button"
                        aria-pressed=move || if pressed() { "true" } else { "false" }
                        on:click=move |_| selected.set(Some(row.clone()))
                    >
                        {title}
                    </button>
                </li>
            }
            .into_any()
        })
    };
    let count = move || {
        let n = matches.with(Vec::len);
        if n == 0 {
            i18n.m().catalog_no_products.to_string()
        } else {
            let shown = n.min(MAX_SHOWN).to_string();
            fill("{shown} / {total}", &[("shown", &shown), ("total", &n.to_string())])
        }
    };
    view! {
        <div class="search">
            <label for="catalog-search">{move || i18n.m().catalog_search_label}</label>
            <input
                id="catalog-search"
                type="search"
                autocomplete="off"
                prop:value=query
                on:input=move |ev| set_query.run(event_target_value(&ev))
            />
        </div>
        <h2>{move || i18n.m().catalog_products_title}</h2>
        <p role="status" class="count">{count}</p>
        <ul class="catalog-list">
            <For each=move || entries.get() key=|(k, _, _)| k.clone() children=entry/>
        </ul>
    }
}
