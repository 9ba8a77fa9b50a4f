//! HTTP to a CouchDB case database for live sync: one request at a time, as `domain::sync`'s
//! replicator asks for them. Credentials travel only in the `Authorization` header of these
//! requests (never in a URL, a cookie or storage); the CSP decides which origin may be reached.

use gloo::net::http::{Method, RequestBuilder};
use web_sys::RequestCredentials;

/// Sends one request to `path` under the database URL; the status and body, or why nothing came
/// back (offline, refused by the CSP, server down).
pub async fn send(
    database: &str,
    authorization: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, String), String> {
    let url = if path.is_empty() { database.to_string() } else { format!("{database}/{path}") };
    let method = match method {
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    };
    let builder = RequestBuilder::new(&url)
        .method(method)
        .credentials(RequestCredentials::Omit)
        .header("Accept", "application/json")
        .header("Authorization", authorization);
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.to_string()),
        None => builder.build(),
    }
    .map_err(|error| format!("could not make the request: {error}"))?;
    let response = request.send().await.map_err(|error| format!("the server cannot be reached ({error})"))?;
    let status = response.status();
    let text = response.text().await.map_err(|error| format!("could not read the server's answer: {error}"))?;
    Ok((status, text))
}
