//! A Partner-Center-compatible sandbox: a pure request handler over a store.
//!
//! Empty until its issue fills it; the workspace lists it so the layout is visible from day one.
