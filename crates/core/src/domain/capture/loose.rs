//! Loose files: an HTML page saved from a browser (or by SingleFile), with an optional screenshot
//! of the same name (`page.html` + `page.png`).
//!
//! This module owns pairing files by directory and stem and finding a loose page's URL (canonical
//! link, og:url, the saved-from comment, SingleFile's comment, else the file name, said so in a
//! diagnostic). It must never treat a file as HTML because of its name alone: bytes decide.

use std::collections::BTreeMap;

use crate::domain::capture::bundle::parent_dir;
use crate::domain::capture::{
    artifact, capture_from_html, sniff, ArtifactKind, Capture, HtmlInput, InputFile, Limits, Sniffed,
};
use crate::domain::diagnostic::Diagnostic;

fn stem_key(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name);
    // `page.html` pairs with `page.png` and also with `page.html.png`.
    let stem = stem.strip_suffix(".html").or_else(|| stem.strip_suffix(".htm")).unwrap_or(stem);
    format!("{}/{}", parent_dir(path), stem)
}

/// Loads every HTML file not yet consumed, pairing screenshots by directory and stem.
pub(crate) fn load_loose(
    files: &[InputFile],
    consumed: &mut [bool],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Capture> {
    let kinds: Vec<Sniffed> = files.iter().map(|file| sniff(&file.bytes)).collect();
    let mut images_by_stem: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (position, file) in files.iter().enumerate() {
        if !consumed.get(position).copied().unwrap_or(true) && kinds.get(position).is_some_and(|kind| kind.is_image()) {
            images_by_stem.entry(stem_key(&file.path)).or_default().push(position);
        }
    }
    let mut captures = Vec::new();
    for (position, file) in files.iter().enumerate() {
        if consumed.get(position).copied().unwrap_or(true) || kinds.get(position) != Some(&Sniffed::Html) {
            continue;
        }
        if let Some(flag) = consumed.get_mut(position) {
            *flag = true;
        }
        let (mut capture, address) = capture_from_html(
            HtmlInput {
                bytes: file.bytes.clone(),
                http_charset: None,
                media_type: "text/html",
                source: file.path.clone(),
                origin: "loose-html",
                url: None,
                captured_at: None,
            },
            limits,
            &file.path,
            diagnostics,
        );
        capture.url = match address.best() {
            Some((url, _)) => url.to_string(),
            None => {
                let url = url_from_file_name(&file.path);
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the page states no URL (no canonical link, og:url or saved-from comment); using `{url}` from the file name"
                    ))
                    .in_file(&file.path),
                );
                url
            }
        };
        diagnostics.push(Diagnostic::info("loose HTML: capture time unknown").in_file(&file.path));
        if let Some(images) = images_by_stem.get(&stem_key(&file.path)) {
            for image in images {
                let (Some(image_file), Some(media_type)) =
                    (files.get(*image), kinds.get(*image).and_then(|kind| kind.image_media_type()))
                else {
                    continue;
                };
                if let Some(flag) = consumed.get_mut(*image) {
                    *flag = true;
                }
                capture.artifacts.push(artifact(
                    ArtifactKind::Screenshot,
                    media_type,
                    image_file.path.clone(),
                    image_file.bytes.clone(),
                ));
            }
        }
        captures.push(capture);
    }
    for (position, file) in files.iter().enumerate() {
        if consumed.get(position).copied().unwrap_or(true) {
            continue;
        }
        let message = match kinds.get(position) {
            Some(kind) if kind.is_image() => "image with no HTML page of the same name and no manifest: not a capture",
            _ => "not a capture format (bundle manifest, HTML, image, WARC, WACZ or zip); ignored",
        };
        diagnostics.push(Diagnostic::info(message).in_file(&file.path));
    }
    captures
}

/// `saves/www.example.org_news_today.html` → `https://www.example.org/news/today`; a name that
/// does not look like a host gives `urn:exhibit:file:<path>`.
pub fn url_from_file_name(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name);
    let host = stem.split('_').next().unwrap_or_default();
    let looks_like_host = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if looks_like_host {
        let rest: Vec<&str> = stem.split('_').skip(1).filter(|part| !part.is_empty()).collect();
        format!("https://{}/{}", host.to_lowercase(), rest.join("/"))
    } else {
        format!("urn:exhibit:file:{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_from_names() {
        assert_eq!(url_from_file_name("a/www.example.org_news_today.html"), "https://www.example.org/news/today");
        assert_eq!(url_from_file_name("example.org.html"), "https://example.org/");
        assert_eq!(url_from_file_name("saved page.html"), "urn:exhibit:file:saved page.html");
    }
}
