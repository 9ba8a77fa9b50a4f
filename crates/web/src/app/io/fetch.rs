//! Fetching the app's own static files (the demo case, the policy's tables). Same origin only:
//! the CSP allows `connect-src 'self'` and nothing else.

use gloo::net::http::Request;

pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = Request::get(url).send().await.map_err(|error| format!("could not fetch {url}: {error}"))?;
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    response.binary().await.map_err(|error| format!("could not read {url}: {error}"))
}
