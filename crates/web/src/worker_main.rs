//! The parsing worker that trunk builds beside the app: reads captures off the main thread.

#[cfg(target_arch = "wasm32")]
fn main() {
    exhibit_web::app::run_worker();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "exhibit-worker is the browser app's parsing worker: trunk builds it. The command-line tool is `exhibit`."
    );
}
