//! The tables compiled from `data/` by `build.rs`.
use crate::country::MarketSet;
include!(concat!(env!("OUT_DIR"), "/tables.rs"));
