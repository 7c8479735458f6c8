//! A list of thirteen buttons, like Procura's customer list, with nothing else: no router,
//! no data fetching, no localization.
use leptos::prelude::*;

fn main() {
    mount_to_body(|| {
        let chosen = RwSignal::new(None::<usize>);
        view! {
            <main>
                <h1>"Customers"</h1>
                <ul>
                    {(0..13).map(|i| view! {
                        <li><button type="button" on:click=move |_| chosen.set(Some(i))>{format!("Choose customer {i}")}</button></li>
                    }).collect_view()}
                </ul>
                <p>{move || chosen.get().map(|i| format!("Chose {i}"))}</p>
            </main>
        }
    })
}
