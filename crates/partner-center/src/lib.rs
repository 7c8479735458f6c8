//! Partner Center REST resource types (serde) and paths: no I/O.
//!
//! Empty until its issue fills it; the workspace lists it so the layout is visible from day one.
