//! Thin, failure-tolerant access to browser facilities (storage is `storage.rs`'s). The
//! document may be absent (native tests): every function degrades to "nothing" rather than
//! panicking, because a panic in wasm takes the whole page down.

fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// `navigator.languages`, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let Some(w) = window() else { return Vec::new() };
    w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()
}

pub fn set_document_lang(tag: &str) {
    if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

pub fn set_document_title(title: &str) {
    if let Some(d) = window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Milliseconds since the epoch (the sandbox's and the rate limiter's clock).
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Resolves after `ms` milliseconds (at once outside a browser).
pub async fn sleep_ms(ms: u64) {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(w) = window() else { return };
        let ms = ms.min(i32::MAX as u64) as i32;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = ms;
}

/// Lets the browser run other tasks (and paint) before continuing: `scheduler.yield()`
/// where there is one (a `setTimeout(0)` chain is clamped to 4 ms a step after five).
pub async fn yield_now() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok();
        let yielded = scheduler.as_ref().and_then(|s| {
            let f = js_sys::Reflect::get(s, &"yield".into()).ok()?;
            let f: js_sys::Function = f.dyn_into().ok()?;
            f.call0(s).ok()?.dyn_into::<js_sys::Promise>().ok()
        });
        if let Some(promise) = yielded {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            return;
        }
    }
    sleep_ms(0).await
}

/// Milliseconds with a fraction, from an arbitrary origin: for measuring how long work
/// takes (`performance.now()` in a browser).
pub fn now_precise_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        js_sys::global()
            .dyn_ref::<web_sys::Window>()
            .and_then(web_sys::Window::performance)
            .map_or_else(js_sys::Date::now, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed().as_secs_f64() * 1e3
    }
}

/// A random UUID (v4) for `MS-RequestId` and `MS-CorrelationId`.
pub fn new_uuid() -> String {
    let mut b = [0u8; 16];
    #[cfg(target_arch = "wasm32")]
    {
        let filled = window()
            .and_then(|w| w.crypto().ok())
            .is_some_and(|c| c.get_random_values_with_u8_array(&mut b).is_ok());
        if !filled {
            for x in b.iter_mut() {
                *x = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(1);
        let n = N.fetch_add(1, Ordering::Relaxed) ^ (now_ms() as u64).rotate_left(17);
        b[..8].copy_from_slice(&n.to_le_bytes());
        b[8..].copy_from_slice(&n.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Offers `bytes` to the user as a downloaded file named `name`. The object URL lives a
/// minute (revoking it at once can cancel the download in some browsers).
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    offer(&js_sys::Uint8Array::from(bytes), name, mime)
}

/// [`download`] of UTF-16 code units, written in the platform's order: little-endian on
/// every platform a browser runs wasm on.
pub fn download_utf16(units: &[u16], name: &str, mime: &str) -> Result<(), String> {
    offer(&js_sys::Uint16Array::from(units), name, mime)
}

fn offer(part: &wasm_bindgen::JsValue, name: &str, mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let doc = window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(part);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "cannot make the file's address")?;
    let a: web_sys::HtmlAnchorElement =
        doc.create_element("a").map_err(|_| "no link")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = doc.body().ok_or("no body")?;
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(60_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// The page's origin (`https://procura.example.com`); empty outside a browser.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The address's query string, with its `?`; empty outside a browser.
pub fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The path and query of the page now (`/orders?billing=onetime`).
pub fn location_path() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default())
        })
        .unwrap_or_default()
}

/// Leaves the app for `url` (the sign-in page).
pub fn navigate_away(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
}

/// Replaces the address without a reload or a history entry (a sign-in answer's `code` must
/// not stay in the address bar, the history or a bookmark).
pub fn replace_address(path: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

/// Starts the Web Worker that Trunk built from the binary `name` (`data-loader-shim`: its
/// loader sits at the site's root, as the app's own script does). A build with
/// `PROCURA_WORKERS_AT` set (the browser tests: the wasm test runner serves no Trunk build)
/// starts it from that address instead; a worker's script must come from the page's own
/// origin, so a same-origin blob imports it (`importScripts` may cross origins, and the wasm
/// is fetched with CORS).
#[cfg(target_arch = "wasm32")]
pub fn start_worker(name: &str) -> Option<web_sys::Worker> {
    let Some(base) = option_env!("PROCURA_WORKERS_AT") else {
        return web_sys::Worker::new(&format!("/{name}_loader.js")).ok();
    };
    let code = format!("importScripts('{base}/{name}.js');wasm_bindgen('{base}/{name}_bg.wasm');");
    let parts = js_sys::Array::of1(&code.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let worker = web_sys::Worker::new(&url).ok();
    // The worker fetches its script after `new Worker` returns: revoked at once, it would
    // find nothing.
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(60_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    worker
}
