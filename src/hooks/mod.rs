//! Reactive patterns the pages share, one hook a file (leptos-use's shape): polling with
//! back-off, reading every page of a long collection resumably, and page state kept in the
//! URL. Loading one resource is a component: [`crate::components::Loaded`].

mod estimates;
mod polling;
mod query;
mod read_all;

pub use estimates::{use_estimates, Estimates};
pub use polling::{poll, use_polling, PollOptions, PollState};
pub use query::{use_query_param, use_query_value};
pub use read_all::{use_read_all, ReadAll, ReadProgress};
