//! The sandbox worker (a Web Worker built by Trunk as its own wasm module): the embedded
//! sandbox, off the page's thread, over IndexedDB.

fn main() {
    #[cfg(target_arch = "wasm32")]
    procura_sandbox_worker::run();
}
