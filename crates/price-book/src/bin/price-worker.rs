//! The price worker (a Web Worker built by Trunk as its own wasm module): parses price
//! sheets and price lists and stores them in IndexedDB off the page's thread.

fn main() {
    #[cfg(target_arch = "wasm32")]
    procura_price_book::worker::run();
}
