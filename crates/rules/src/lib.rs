//! The compiled purchase rules shared by the app, the sandbox and the procura-rules checker.
//!
//! Empty until its issue fills it; the workspace lists it so the layout is visible from day one.
