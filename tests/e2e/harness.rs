//! End-to-end harness: serves the built app (`dist/`) on loopback with the production CSP, starts
//! Debian's chromedriver, and opens headless Chromium through fantoccini. A scenario that fails
//! saves a screenshot under `target/e2e-failures/`.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
img-src 'self' blob: data:; connect-src 'self'; frame-src 'self' blob: data:; worker-src 'self' blob:; font-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'none'";

pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn dist_dir() -> PathBuf {
    std::env::var_os("EXHIBIT_DIST").map(PathBuf::from).unwrap_or_else(|| crate_root().join("dist"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or(0)
}

fn media_type(path: &Path) -> &'static str {
    match path.extension().and_then(|extension| extension.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A static file server over a folder, on 127.0.0.1, counting requests.
pub struct StaticServer {
    pub base: String,
    pub requests: Arc<AtomicUsize>,
    /// While set, files whose path starts with it are answered only once it is cleared
    /// (`hold`/`release`): what the app does while they are on their way.
    held: Arc<std::sync::Mutex<Option<String>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: PathBuf) -> StaticServer {
        StaticServer::start_with_proxy(root, None)
    }

    /// Also forwards requests under `/couch/` to `couch` (a CouchDB-protocol server's base URL):
    /// the app and the sync server on one origin, as the README recommends serving them.
    pub fn start_with_proxy(root: PathBuf, couch: Option<String>) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind a loopback port"));
        let port = server.server_addr().to_ip().map(|address| address.port()).unwrap_or(0);
        let requests = Arc::new(AtomicUsize::new(0));
        let held: Arc<std::sync::Mutex<Option<String>>> = Arc::default();
        let serving = server.clone();
        let counter = requests.clone();
        let holding = held.clone();
        let thread = std::thread::spawn(move || {
            for mut request in serving.incoming_requests() {
                counter.fetch_add(1, Ordering::SeqCst);
                if let (Some(couch), Some(rest)) = (&couch, request.url().strip_prefix("/couch/")) {
                    let response = forward(couch, rest.to_string(), &mut request);
                    let _ = request.respond(response);
                    continue;
                }
                let path = request.url().split('?').next().unwrap_or("/").trim_start_matches('/').to_string();
                let path = if path.is_empty() { "index.html".to_string() } else { path };
                let decoded = percent_decode(&path);
                if is_held(&holding, &decoded) {
                    let (holding, root) = (holding.clone(), root.clone());
                    std::thread::spawn(move || {
                        while is_held(&holding, &decoded) {
                            std::thread::sleep(std::time::Duration::from_millis(20));
                        }
                        let _ = request.respond(file_response(&root, &decoded));
                    });
                    continue;
                }
                let _ = request.respond(file_response(&root, &decoded));
            }
        });
        StaticServer { base: format!("http://127.0.0.1:{port}"), requests, held, server, thread: Some(thread) }
    }

    /// Holds back every file whose path (without the leading `/`) starts with `prefix` until
    /// `release`.
    pub fn hold(&self, prefix: &str) {
        if let Ok(mut held) = self.held.lock() {
            *held = Some(prefix.to_string());
        }
    }

    /// Answers the files held back, and every later request at once.
    pub fn release(&self) {
        if let Ok(mut held) = self.held.lock() {
            *held = None;
        }
    }
}

/// Whether `path` is being held back (`StaticServer::hold`).
fn is_held(held: &std::sync::Mutex<Option<String>>, path: &str) -> bool {
    held.lock().map(|prefix| prefix.as_deref().is_some_and(|prefix| path.starts_with(prefix))).unwrap_or(false)
}

/// The file at `path` under `root` (a 404 outside it or when missing), served with the app's CSP.
fn file_response(root: &Path, path: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let file = root.join(path);
    let inside = !path.split('/').any(|part| part == "..");
    match (inside, std::fs::read(&file)) {
        (true, Ok(bytes)) => tiny_http::Response::from_data(bytes)
            .with_header(header("Content-Type", media_type(&file)))
            .with_header(header("Content-Security-Policy", CSP))
            .with_header(header("Cache-Control", "no-store")),
        _ => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Forwards one request to the sync server and returns its answer (status, JSON body).
fn forward(
    couch: &str,
    rest: String,
    request: &mut tiny_http::Request,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut body = String::new();
    let _ = std::io::Read::read_to_string(request.as_reader(), &mut body);
    let method = request.method().as_str().to_string();
    let mut outgoing = ureq::request(&method, &format!("{couch}/{rest}")).timeout(std::time::Duration::from_secs(30));
    for header in request.headers() {
        let name = header.field.as_str().as_str();
        if name.eq_ignore_ascii_case("authorization")
            || name.eq_ignore_ascii_case("content-type")
            || name.eq_ignore_ascii_case("accept")
        {
            outgoing = outgoing.set(name, header.value.as_str());
        }
    }
    let answer = if body.is_empty() && (method == "GET" || method == "DELETE") {
        outgoing.call()
    } else {
        outgoing.send_string(&body)
    };
    let (status, text) = match answer {
        Ok(response) => (response.status(), response.into_string().unwrap_or_default()),
        Err(ureq::Error::Status(status, response)) => (status, response.into_string().unwrap_or_default()),
        Err(error) => (502, format!("{{\"error\":\"bad_gateway\",\"reason\":\"{error}\"}}")),
    };
    tiny_http::Response::from_data(text.into_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(value) = u8::from_str_radix(&path[index + 1..index + 3], 16) {
                out.push(value);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// chromedriver + one headless Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    pub name: String,
}

impl Browser {
    pub async fn open(name: &str) -> Browser {
        Self::open_with_downloads(name, None).await
    }

    /// Opens a browser whose downloads land in `downloads` without asking.
    pub async fn open_with_downloads(name: &str, downloads: Option<&Path>) -> Browser {
        Self::open_with(name, downloads, &[]).await
    }

    /// Opens a browser with extra Chromium arguments (e.g. `--force-dark-mode`, which makes
    /// `prefers-color-scheme: dark` match).
    pub async fn open_with(name: &str, downloads: Option<&Path>, extra_args: &[&str]) -> Browser {
        let port = free_port();
        let mut driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start /usr/bin/chromedriver (Debian's chromium-driver; `make test` installs it)");
        let webdriver = format!("http://127.0.0.1:{port}");
        let profile = std::env::temp_dir().join(format!("exhibit-e2e-{}-{}", std::process::id(), name));
        let _ = std::fs::remove_dir_all(&profile);
        let prefs = match downloads {
            Some(folder) => json!({
                "download.default_directory": folder.display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
                "safebrowsing.enabled": false
            }),
            None => json!({}),
        };
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-default-apps",
            "--window-size=1400,1000",
        ]
        .iter()
        .map(|arg| arg.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(extra_args.iter().map(|arg| arg.to_string()));
        let capabilities: serde_json::Map<String, Value> = serde_json::from_value(json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "prefs": prefs,
                "args": args
            }
        }))
        .expect("capabilities");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&webdriver).await {
                Ok(client) => break client,
                Err(error) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => {
                    let _ = driver.kill();
                    panic!("could not start Chromium through chromedriver: {error}");
                }
            }
        };
        Browser { client, driver, name: name.to_string() }
    }

    /// Runs a scenario; on failure saves a screenshot, then fails the test with the message.
    pub async fn run<F, Fut>(self, scenario: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = Result<(), String>>,
    {
        let result = scenario(self.client.clone()).await;
        if let Err(message) = &result {
            let folder = crate_root().join("target").join("e2e-failures");
            let _ = std::fs::create_dir_all(&folder);
            if let Ok(png) = self.client.screenshot().await {
                let path = folder.join(format!("{}.png", self.name));
                let _ = std::fs::write(&path, png);
                eprintln!("screenshot saved to {}", path.display());
            }
            eprintln!("scenario {} failed: {message}", self.name);
        }
        let Browser { client, mut driver, .. } = self;
        let _ = client.close().await;
        let _ = driver.kill();
        let _ = driver.wait();
        if let Err(message) = result {
            panic!("{message}");
        }
    }
}

pub fn css(selector: &str) -> Locator<'_> {
    Locator::Css(selector)
}

/// Waits (up to `seconds`) until `check` returns Some.
pub async fn eventually<T, F, Fut>(seconds: u64, what: &str, mut check: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return Ok(value);
        }
        if started.elapsed() > Duration::from_secs(seconds) {
            return Err(format!("timed out after {seconds}s waiting for {what}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn count(client: &Client, selector: &str) -> usize {
    client.find_all(css(selector)).await.map(|found| found.len()).unwrap_or(0)
}

pub async fn text_of(client: &Client, selector: &str) -> Option<String> {
    client.find(css(selector)).await.ok()?.text().await.ok()
}

pub async fn js(client: &Client, script: &str) -> Result<Value, String> {
    client.execute(script, Vec::new()).await.map_err(|error| format!("script failed: {error}"))
}

/// A copy of the built app in `folder` (emptied first), for a scenario that changes its files.
pub fn copy_of_dist(dist: &Path, folder: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("create the copy's folder");
        for entry in std::fs::read_dir(from).expect("read the built app").flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy a built file");
            }
        }
    }
    let _ = std::fs::remove_dir_all(folder);
    copy(dist, folder);
}

/// Checks that dist/ exists, with a clear message when it does not.
pub fn require_dist() -> Result<PathBuf, String> {
    let dist = dist_dir();
    if dist.join("index.html").is_file() {
        Ok(dist)
    } else {
        Err(format!(
            "{} has no index.html: build the app first (`trunk build --release`, run by `make test`)",
            dist.display()
        ))
    }
}

#[allow(dead_code)]
pub fn read_to_string(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    text
}
