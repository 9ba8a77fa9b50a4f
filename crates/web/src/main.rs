//! The wasm app that trunk builds: mounts `App` on the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    exhibit_web::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("exhibit-app is the browser app: build it with trunk. The command-line tool is `exhibit`.");
}
