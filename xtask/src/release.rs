//! The release build, as shipped: `trunk build --release --offline`, wasm-opt included, then
//! brotli and gzip copies of each asset for procura-gateway to serve by `Accept-Encoding`.

use crate::cmd::{cmd, root, run};
use crate::compress;

pub fn build() -> Result<(), String> {
    run(cmd("trunk").args(["build", "--release", "--offline", "--locked"]))?;
    compress::precompress(&root().join("dist")).map(|_| ())
}
