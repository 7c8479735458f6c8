//! Talking to Partner Center (or the sandbox). The typed client and its transports arrive
//! with the purchase flow; the embedded sandbox transport is here first.

pub mod embedded;
