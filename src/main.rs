//! The browser entry point: a panic hook that reports to the console, and the app mounted.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(procura::App);
}
