//! The generated message tables (see `build.rs`).
include!(concat!(env!("OUT_DIR"), "/messages.rs"));
