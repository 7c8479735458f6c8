//! The release build, as shipped: `trunk build --release --offline`, wasm-opt included.

use crate::cmd::{cmd, run};

pub fn build() -> Result<(), String> {
    run(cmd("trunk").args(["build", "--release", "--offline", "--locked"]))
}
