//! Driving the mounted app as a person would, from a wasm test: find controls by their
//! accessible names and labels, type, choose, click, and wait for text to appear.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![allow(dead_code)]

pub mod shop;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub struct Ui {
    pub host: HtmlElement,
    /// The app is mounted under this owner, so dropping the `Ui` runs the app's cleanups
    /// (the router's window listeners among them), as leaving the page would.
    owner: Owner,
    mounted: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

impl Drop for Ui {
    fn drop(&mut self) {
        self.mounted.take();
        self.owner.cleanup();
        self.host.remove();
    }
}

/// A fresh app at `/`: empty storage and a sandbox holding only its seed (unless
/// `keep_storage`), the embedded sandbox's worker restarted as on a reload.
pub async fn start(keep_storage: bool) -> Ui {
    start_at("/", keep_storage).await
}

/// The app loaded at `address` (path and query), as a reload or a typed address does.
pub async fn start_at(address: &str, keep_storage: bool) -> Ui {
    let w = web_sys::window().unwrap();
    procura::api::embedded::forget_memory();
    if !keep_storage {
        w.local_storage().unwrap().unwrap().clear().unwrap();
        procura::api::embedded::reset().await;
    }
    w.history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address))
        .unwrap();
    // The app's stylesheet, as the built site has it (layout matters: the long tables
    // compute their rows from it).
    if document().get_element_by_id("procura-style").is_none() {
        let style = document().create_element("style").unwrap();
        style.set_id("procura-style");
        style.set_text_content(Some(include_str!("../../style/main.css")));
        document().head().unwrap().append_child(&style).unwrap();
    }
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let owner = Owner::new();
    let mounted =
        owner.with(|| leptos::mount::mount_to(host.clone(), || procura::App().into_any()));
    leptos::task::tick().await;
    Ui { host, owner, mounted: Some(mounted) }
}

/// Switches the UI language with the header's language select, as a person would.
pub fn select_language(tag: &str) {
    let select: HtmlSelectElement =
        document().get_element_by_id("language-select").expect("language select").unchecked_into();
    select.set_value(tag);
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

pub async fn sleep(ms: u64) {
    procura::browser::sleep_ms(ms).await
}

/// A benchmark's clock: `performance.now()`, in milliseconds.
pub fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// A benchmark's figure, on the browser's console and the test runner's output (which
/// `cargo xtask bench` reads its budgets from).
pub fn report(line: &str) {
    web_sys::console::log_1(&line.into());
    wasm_bindgen_test::console_log!("{line}");
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn name_of(e: &Element) -> String {
    e.get_attribute("aria-label")
        .unwrap_or_else(|| e.text_content().unwrap_or_default())
        .trim()
        .to_string()
}

impl Ui {
    pub fn text(&self) -> String {
        self.host.text_content().unwrap_or_default()
    }

    /// Waits (up to `secs`) for `cond`, failing the test with `what` and the page's text.
    pub async fn until(&self, secs: u64, what: &str, cond: impl Fn(&Ui) -> bool) {
        for _ in 0..secs * 50 {
            if cond(self) {
                return;
            }
            sleep(20).await;
        }
        panic!("timed out waiting for {what}; the page reads: {}", self.text());
    }

    pub async fn see(&self, text: &str) {
        self.until(10, &format!("text {text:?}"), |u| u.text().contains(text)).await
    }

    pub fn find(&self, selector: &str) -> Vec<Element> {
        all(&self.host, selector)
    }

    /// A link or button whose accessible name is `name`.
    pub fn control(&self, name: &str) -> Option<HtmlElement> {
        all(&self.host, "button, a")
            .into_iter()
            .find(|e| name_of(e) == name)
            .map(|e| e.unchecked_into())
    }

    /// Clicks the enabled button or link named `name` (waiting for it).
    pub async fn click(&self, name: &str) {
        self.until(10, &format!("an enabled control named {name:?}"), |u| {
            u.control(name).is_some_and(|e| !e.has_attribute("disabled"))
        })
        .await;
        self.control(name).unwrap().click();
        leptos::task::tick().await;
    }

    pub fn is_disabled(&self, name: &str) -> bool {
        self.control(name)
            .unwrap_or_else(|| panic!("no control {name:?}"))
            .has_attribute("disabled")
    }

    /// The form control labelled `label` (by `<label for>`).
    pub fn labelled(&self, label: &str) -> Option<HtmlElement> {
        let l = all(&self.host, "label")
            .into_iter()
            .find(|l| l.text_content().unwrap_or_default().trim() == label)?;
        let id = l.get_attribute("for")?;
        document().get_element_by_id(&id).map(|e| e.unchecked_into())
    }

    async fn wait_labelled(&self, label: &str) -> HtmlElement {
        self.until(10, &format!("a control labelled {label:?}"), |u| u.labelled(label).is_some())
            .await;
        self.labelled(label).unwrap()
    }

    pub async fn fill(&self, label: &str, value: &str) {
        let input: HtmlInputElement = self.wait_labelled(label).await.unchecked_into();
        input.set_value(value);
        for ev in ["input", "change"] {
            input.dispatch_event(&web_sys::Event::new(ev).unwrap()).unwrap();
        }
        leptos::task::tick().await;
    }

    /// Ticks the checkbox labelled `label` (waiting for it).
    pub async fn tick(&self, label: &str) {
        let input: HtmlInputElement = self.wait_labelled(label).await.unchecked_into();
        input.set_checked(true);
        input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        leptos::task::tick().await;
    }

    /// Chooses the option of the select labelled `label` whose text contains `text`.
    pub async fn choose(&self, label: &str, text: &str) {
        let select: HtmlSelectElement = self.wait_labelled(label).await.unchecked_into();
        let opts = select.options();
        // An option whose text is `text` exactly, else the first that contains it.
        let options: Vec<web_sys::HtmlOptionElement> =
            (0..opts.length()).filter_map(|i| opts.item(i)).map(|o| o.unchecked_into()).collect();
        let text_of = |o: &web_sys::HtmlOptionElement| o.text_content().unwrap_or_default();
        let found = options
            .iter()
            .find(|o| text_of(o).trim() == text)
            .or_else(|| options.iter().find(|o| text_of(o).contains(text)))
            .cloned();
        let opt: web_sys::HtmlOptionElement = found
            .unwrap_or_else(|| panic!("{label:?} has no option with {text:?}"))
            .unchecked_into();
        select.set_value(&opt.value());
        select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        leptos::task::tick().await;
    }

    /// Follows the main navigation to `href`.
    pub async fn go(&self, href: &str) {
        let link: HtmlElement = all(&self.host, &format!("nav a[href=\"{href}\"]"))
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no nav link to {href}"))
            .unchecked_into();
        link.click();
        leptos::task::tick().await;
    }
}
