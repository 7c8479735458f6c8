//! Page state a person expects to survive a reload and Back (a category, a search, a filter,
//! a page number) kept in the URL's query. Changes replace the history entry, so Back
//! leaves the page rather than undoing each keystroke.

use leptos::prelude::*;
use leptos_router::hooks::query_signal_with_options;
use leptos_router::NavigateOptions;

/// The query parameter `name` as text (empty when absent), and its setter (empty removes it).
pub fn use_query_param(name: &'static str) -> (Signal<String>, Callback<String>) {
    let (value, set) = query_signal_with_options::<String>(name, replace());
    let read = Signal::derive(move || value.get().unwrap_or_default());
    let write = Callback::new(move |v: String| set.set((!v.is_empty()).then_some(v)));
    (read, write)
}

/// A typed query parameter: `parse` reads it (any text, a default for what it does not
/// know), `key` writes it; the default is left out of the URL.
pub fn use_query_value<T: Clone + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    parse: fn(&str) -> T,
    key: fn(&T) -> &'static str,
    default: T,
) -> (Signal<T>, Callback<T>) {
    let (text, set) = use_query_param(name);
    let read = Signal::derive(move || text.with(|t| parse(t)));
    let write = Callback::new(move |v: T| {
        set.run(if v == default { String::new() } else { key(&v).to_string() })
    });
    (read, write)
}

fn replace() -> NavigateOptions {
    NavigateOptions { replace: true, scroll: false, ..Default::default() }
}
