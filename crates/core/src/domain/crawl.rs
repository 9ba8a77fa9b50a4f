//! Whole-site crawls as pages, not records: what a capture is (a page, an error page, or a file
//! that is not a page such as `robots.txt`), how it is labelled so that many captures of one site
//! can be told apart (path, time, HTTP status, origin), which capture an allegation opens on and
//! why (`Choice`, the explanation as data), and which two captures "Over time" compares (`OverTime`:
//! two visits of the same page, never two different pages).
//!
//! The archive readers (`capture::warc_captures`, `capture::wacz`) fill `Capture::page`; this module
//! also links what they read across files of one load (`link_records`): redirect chains to the page
//! they end on, and screenshot records (`urn:screenshot:` …) to their page, nearest in time.
//! Pure: no clock, no I/O; the app, the gate and the CLI share it.

use std::collections::HashMap;

use crate::domain::capture::{Artifact, Capture, IntegrityCheck};
use crate::domain::diagnostic::Diagnostic;
use crate::domain::ids::CaptureId;
use crate::domain::order;
use crate::domain::policy::same_page_key;
use crate::domain::time::{chronological, Timestamp};

/// What a capture is, as a page of its site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageRole {
    /// A page the server sent successfully (or a bundle/loose capture, whose status is unknown).
    Page,
    /// The server answered 4xx or 5xx: the page as an error.
    ErrorPage,
    /// Not a page of the site even though it was archived as HTML: `robots.txt`, `sitemap.xml`,
    /// `favicon.ico`, `ads.txt` (an error page for them is what crawlers fetch on their own).
    NotAPage,
}

impl PageRole {
    /// The name it has in JSON (`page`, `error-page`, `not-a-page`).
    pub fn as_str(self) -> &'static str {
        match self {
            PageRole::Page => "page",
            PageRole::ErrorPage => "error-page",
            PageRole::NotAPage => "not-a-page",
        }
    }
}

/// Paths crawlers fetch by themselves: never the page an allegation is about.
const NOT_PAGES: [&str; 6] =
    ["/robots.txt", "/favicon.ico", "/sitemap.xml", "/ads.txt", "/security.txt", "/.well-known/security.txt"];

/// The path (and query) of a URL, `/` when it has none; the URL itself when it is not one. Read
/// by hand, not with `url` (which would bring its IDNA tables into the app for a label).
pub fn page_path(url: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let rest = rest.split('#').next().unwrap_or_default();
    let start = rest.find(['/', '?']).unwrap_or(rest.len());
    if !scheme_ok || start == 0 {
        return url.to_string();
    }
    match rest.get(start..).unwrap_or_default() {
        "" => "/".to_string(),
        query if query.starts_with('?') => format!("/{query}"),
        path => path.to_string(),
    }
}

pub fn page_role(capture: &Capture) -> PageRole {
    let path = page_path(&capture.url).to_ascii_lowercase();
    let path = path.split('?').next().unwrap_or_default();
    if NOT_PAGES.contains(&path) {
        return PageRole::NotAPage;
    }
    match capture.page.http_status {
        Some(status) if status >= 400 => PageRole::ErrorPage,
        _ => PageRole::Page,
    }
}

/// The origin in words: `bundle`, `loose HTML`, `WARC`, `WACZ` (else as stored).
pub fn origin_label(origin: &str) -> &str {
    match origin {
        "exhibit-bundle" => "bundle",
        "loose-html" => "loose HTML",
        "warc" => "WARC",
        "wacz" => "WACZ",
        other => other,
    }
}

/// `HTTP 404`, or `None` when the status is not known (bundles, loose files).
pub fn status_label(capture: &Capture) -> Option<String> {
    capture.page.http_status.map(|status| format!("HTTP {status}"))
}

/// One line telling a capture apart from the others of its site:
/// `/about.html · 2026-03-01T10:00:00Z · HTTP 200 · WACZ`.
pub fn capture_label(capture: &Capture) -> String {
    let mut parts = vec![page_path(&capture.url), capture.captured_at.clone().unwrap_or_else(|| "time unknown".into())];
    parts.extend(status_label(capture));
    parts.push(origin_label(&capture.origin).to_string());
    parts.join(" · ")
}

/// Why an allegation opens on a capture.
/// It crosses from the worker on `engine::wire`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceReason {
    /// A capture of the URL the allegation names.
    ExactUrl,
    /// The URL the allegation names redirected (in the archive) to this page.
    Redirect { from: String },
    /// The site's entry page: no successful capture of the alleged URL (`alleged_status`: the HTTP
    /// status it was captured with, when it was captured only as an error).
    EntryPage { alleged_status: Option<u16> },
    /// Another page of the site: neither the alleged URL nor an entry page was captured.
    OtherPage,
    /// Only error pages (or files that are not pages) of the site were captured.
    OnlyErrors,
}

impl ChoiceReason {
    /// The name it has in JSON (`exact-url`, `redirect`, `entry-page`, `other-page`, `only-errors`).
    pub fn as_str(&self) -> &'static str {
        match self {
            ChoiceReason::ExactUrl => "exact-url",
            ChoiceReason::Redirect { .. } => "redirect",
            ChoiceReason::EntryPage { .. } => "entry-page",
            ChoiceReason::OtherPage => "other-page",
            ChoiceReason::OnlyErrors => "only-errors",
        }
    }
}

/// The capture an allegation opens on, and why, in data (`sentence` says it in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub capture_id: CaptureId,
    pub url: String,
    pub reason: ChoiceReason,
}

impl Choice {
    /// E.g. "Opened on https://site.example/about.html: the URL the allegation names (after its
    /// redirect from https://site.example/old)".
    pub fn sentence(&self) -> String {
        let why = match &self.reason {
            ChoiceReason::ExactUrl => "the URL the allegation names".to_string(),
            ChoiceReason::Redirect { from } => {
                format!("the URL the allegation names (after its redirect from {from})")
            }
            ChoiceReason::EntryPage { alleged_status: Some(status) } => {
                format!("the site's entry page; the alleged URL was captured only as an error (HTTP {status})")
            }
            ChoiceReason::EntryPage { alleged_status: None } => {
                "the site's entry page; no capture of the alleged URL".to_string()
            }
            ChoiceReason::OtherPage => {
                "another page of the same site; neither the alleged URL nor the entry page was captured".to_string()
            }
            ChoiceReason::OnlyErrors => "the only captures of this site are error pages".to_string(),
        };
        format!("Opened on {}: {why}", self.url)
    }
}

/// How a capture relates to an allegation, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    Exact,
    Redirect,
    Entry,
    Other,
}

/// The site's entry page among some captures of one site: a page the page list names as seed,
/// else the site's root `/`, else `/index.*` or `/default.*`. Only successful pages count.
pub fn entry_page<'a>(site_captures: &[&'a Capture]) -> Option<&'a Capture> {
    let pages: Vec<&Capture> =
        site_captures.iter().copied().filter(|capture| page_role(capture) == PageRole::Page).collect();
    let earliest = |found: Vec<&'a Capture>| {
        found.into_iter().min_by(|a, b| chronological(a.captured_at.as_deref(), &a.id, b.captured_at.as_deref(), &b.id))
    };
    let seed = earliest(pages.iter().copied().filter(|capture| capture.page.seed).collect());
    seed.or_else(|| earliest(pages.iter().copied().filter(|capture| page_path(&capture.url) == "/").collect())).or_else(
        || {
            earliest(
                pages
                    .iter()
                    .copied()
                    .filter(|capture| {
                        let path = page_path(&capture.url).to_ascii_lowercase();
                        path.starts_with("/index.") || path.starts_with("/default.")
                    })
                    .collect(),
            )
        },
    )
}

/// Orders one allegation's candidate captures best first: successful pages before error pages
/// and files that are not pages (whatever their tier), then by tier (exact URL, redirect, entry
/// page, other pages), then newest first (as the app showed the latest capture before), undated
/// last. Returns the order and the choice for the first.
pub(crate) fn rank(candidates: Vec<(&Capture, Tier)>) -> (Vec<(&Capture, Tier)>, Option<Choice>) {
    let mut ranked = candidates;
    order::sort_by(&mut ranked, |(a, a_tier), (b, b_tier)| {
        let a_role = page_role(a) != PageRole::Page;
        let b_role = page_role(b) != PageRole::Page;
        // Newest first (what the page showed last), undated last.
        (a_role, a_tier, a.captured_at.is_none())
            .cmp(&(b_role, b_tier, b.captured_at.is_none()))
            .then_with(|| chronological(b.captured_at.as_deref(), &b.id, a.captured_at.as_deref(), &a.id))
    });
    let choice = ranked.first().map(|(capture, tier)| {
        let reason = if page_role(capture) != PageRole::Page {
            ChoiceReason::OnlyErrors
        } else {
            match tier {
                Tier::Exact => ChoiceReason::ExactUrl,
                Tier::Redirect => {
                    ChoiceReason::Redirect { from: capture.page.redirected_from.first().cloned().unwrap_or_default() }
                }
                Tier::Entry => ChoiceReason::EntryPage {
                    alleged_status: ranked
                        .iter()
                        .find(|(_, tier)| matches!(tier, Tier::Exact | Tier::Redirect))
                        .and_then(|(alleged, _)| alleged.page.http_status),
                },
                Tier::Other => ChoiceReason::OtherPage,
            }
        };
        Choice { capture_id: capture.id.clone(), url: capture.url.clone(), reason }
    });
    (ranked, choice)
}

/// What "Over time" compares for a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverTime {
    /// Two visits of the same page: the earliest and the latest by default. `visits` holds every
    /// capture of that page, oldest first (to pick another pair from).
    Pair { url: String, earlier: CaptureId, later: CaptureId, visits: Vec<CaptureId> },
    /// The page was captured once: nothing to compare it with (other pages are not compared).
    OneVisit { url: String, capture_id: CaptureId },
}

impl OverTime {
    /// The step in words, e.g. "2 visits of /news.html: 2026-…Z and 2026-…Z".
    pub fn sentence(&self, captures: &[&Capture]) -> String {
        let time = |id: &CaptureId| {
            captures
                .iter()
                .find(|capture| capture.id == *id)
                .and_then(|capture| capture.captured_at.clone())
                .unwrap_or_else(|| "an unknown time".to_string())
        };
        match self {
            OverTime::Pair { url, earlier, later, visits } => format!(
                "{} visits of {}: comparing {} with {}",
                visits.len(),
                page_path(url),
                time(earlier),
                time(later)
            ),
            OverTime::OneVisit { url, capture_id } => format!(
                "{} was captured once ({}): there is no second visit of this URL to compare with. \
                 Other pages of the site are not compared with it.",
                page_path(url),
                time(capture_id)
            ),
        }
    }
}

/// The key under which two captures are visits of the same page: the URL they ended on (a
/// capture is never a redirect; its URL is where the chain ended), scheme and host case and a
/// trailing slash aside.
pub fn page_key(capture: &Capture) -> String {
    same_page_key(&capture.url)
}

/// "Over time" for `page` among `captures` (the allegation's): the visits of the same page.
pub fn over_time(page: &Capture, captures: &[&Capture]) -> OverTime {
    let key = page_key(page);
    let mut visits: Vec<&Capture> = captures.iter().copied().filter(|capture| page_key(capture) == key).collect();
    if !visits.iter().any(|capture| capture.id == page.id) {
        visits.push(page);
    }
    order::sort_by(&mut visits, |a, b| chronological(a.captured_at.as_deref(), &a.id, b.captured_at.as_deref(), &b.id));
    match (visits.first(), visits.last()) {
        (Some(earlier), Some(later)) if visits.len() >= 2 => OverTime::Pair {
            url: page.url.clone(),
            earlier: earlier.id.clone(),
            later: later.id.clone(),
            visits: visits.iter().map(|capture| capture.id.clone()).collect(),
        },
        _ => OverTime::OneVisit { url: page.url.clone(), capture_id: page.id.clone() },
    }
}

/// A 3xx response recorded in an archive: `from` answered with `Location: to` (resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    pub from: String,
    pub to: String,
}

/// An image record waiting for its page: a screenshot (`urn:screenshot:<url>`…) or an image the
/// page used (attached only when it is the page's own URL).
#[derive(Debug, Clone)]
pub(crate) struct PendingScreenshot {
    pub page_url: String,
    pub date: Option<String>,
    /// Stored as a screenshot or thumbnail (`urn:screenshot:`…), not an image the page used.
    pub explicit: bool,
    /// A thumbnail: used only when the page has no full screenshot.
    pub thumbnail: bool,
    pub artifact: Artifact,
    pub checks: Vec<IntegrityCheck>,
    /// The file the record was read from, for diagnostics.
    pub file: String,
}

/// What archive readers found besides captures, to be linked once every file of a load is read.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    pub screenshots: Vec<PendingScreenshot>,
    pub redirects: Vec<Redirect>,
}

impl Pending {
    pub fn extend(&mut self, other: Pending) {
        self.screenshots.extend(other.screenshots);
        self.redirects.extend(other.redirects);
    }
}

/// Resolves a `Location` header against the URL that answered with it.
pub(crate) fn resolve_location(base: &str, location: &str) -> Option<String> {
    let base = url::Url::parse(base.trim()).ok()?;
    base.join(location.trim()).ok().map(String::from)
}

fn nanos((seconds, nanos): crate::domain::policy::Instant) -> i128 {
    i128::from(seconds) * 1_000_000_000 + i128::from(nanos)
}

/// Links what the readers of one load found: each capture learns the URLs that redirect to it
/// (chains followed, cycles and chains over 20 hops cut), then each screenshot record joins the
/// capture of its page (by URL or a URL redirecting to it) nearest in time, full screenshots
/// before thumbnails.
pub(crate) fn link_records(captures: &mut [Capture], pending: Pending, diagnostics: &mut Vec<Diagnostic>) {
    let next: HashMap<String, &Redirect> =
        pending.redirects.iter().map(|redirect| (same_page_key(&redirect.from), redirect)).collect();
    // Where each redirecting URL ends, and the chain to it.
    let mut chains: HashMap<String, Vec<String>> = HashMap::new();
    for redirect in &pending.redirects {
        let mut chain = vec![redirect.from.clone()];
        let mut at = redirect;
        let mut end = None;
        for _ in 0..20 {
            match next.get(&same_page_key(&at.to)) {
                Some(following) if !chain.iter().any(|seen| same_page_key(seen) == same_page_key(&following.from)) => {
                    chain.push(following.from.clone());
                    at = following;
                }
                Some(_) => break,
                None => {
                    end = Some(same_page_key(&at.to));
                    break;
                }
            }
        }
        if let Some(end) = end {
            let known = chains.entry(end).or_default();
            // The longest chain through each start, once.
            if !known.iter().any(|url| same_page_key(url) == same_page_key(&redirect.from)) {
                for url in chain {
                    if !known.iter().any(|seen| same_page_key(seen) == same_page_key(&url)) {
                        known.push(url);
                    }
                }
            }
        }
    }
    for capture in captures.iter_mut() {
        if let Some(chain) = chains.get(&page_key(capture)) {
            for url in chain {
                if !capture.page.redirected_from.contains(url) {
                    capture.page.redirected_from.push(url.clone());
                }
            }
        }
    }

    let mut screenshots = pending.screenshots;
    order::sort_by_key(&mut screenshots, |screenshot| screenshot.thumbnail);
    let mut page_images = 0usize;
    for screenshot in screenshots {
        let key = same_page_key(&screenshot.page_url);
        let shot_time = screenshot.date.as_deref().map(Timestamp::new).and_then(|time| time.instant());
        let best = captures
            .iter_mut()
            .filter(|capture| {
                page_key(capture) == key || capture.page.redirected_from.iter().any(|url| same_page_key(url) == key)
            })
            .filter(|capture| {
                !screenshot.thumbnail || capture.artifact(crate::domain::capture::ArtifactKind::Screenshot).is_none()
            })
            .min_by_key(|capture| {
                let time = capture.captured_at.as_deref().map(Timestamp::new).and_then(|time| time.instant());
                let distance = match (time, shot_time) {
                    (Some(a), Some(b)) => nanos(a).abs_diff(nanos(b)),
                    _ => u128::MAX,
                };
                (page_role(capture) != PageRole::Page, distance)
            });
        match best {
            Some(capture) => {
                capture.integrity.extend(
                    screenshot.checks.iter().filter(|check| check.status.is_failure()).map(|c| c.message.clone()),
                );
                capture.integrity_checks.extend(screenshot.checks);
                capture.artifacts.push(screenshot.artifact);
            }
            // An image the page used (logo, photo) is not a screenshot of a page.
            None if !screenshot.explicit => page_images += 1,
            None => diagnostics.push(
                Diagnostic::info(format!(
                    "screenshot of {} has no HTML capture of that page; not attached",
                    screenshot.page_url
                ))
                .in_file(&screenshot.file),
            ),
        }
    }
    if page_images > 0 {
        diagnostics.push(Diagnostic::info(format!(
            "{page_images} images the pages used (not screenshots) are kept out of the page list"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A capture with what these tests look at.
    fn capture(id: &str, url: &str, status: Option<u16>) -> Capture {
        Capture {
            id: CaptureId::from(id),
            url: url.to_string(),
            captured_at: Some("2026-03-01T10:00:00Z".to_string()),
            origin: "warc".to_string(),
            title: None,
            artifacts: Vec::new(),
            text: Default::default(),
            language: Default::default(),
            integrity: Vec::new(),
            integrity_checks: Vec::new(),
            page: crate::domain::capture::PageInfo { http_status: status, ..Default::default() },
        }
    }

    #[test]
    fn roles_paths_and_labels() {
        let table = [
            ("https://a.example/", Some(200), PageRole::Page, "/"),
            ("https://a.example", None, PageRole::Page, "/"),
            ("https://a.example/robots.txt", Some(200), PageRole::NotAPage, "/robots.txt"),
            ("https://a.example/ROBOTS.TXT?x=1", Some(404), PageRole::NotAPage, "/ROBOTS.TXT?x=1"),
            ("https://a.example/gone", Some(410), PageRole::ErrorPage, "/gone"),
            ("https://a.example/fail", Some(503), PageRole::ErrorPage, "/fail"),
            ("https://a.example/robots.txt.html", Some(200), PageRole::Page, "/robots.txt.html"),
            ("not a url", None, PageRole::Page, "not a url"),
            ("https://a.example?q=1#top", Some(200), PageRole::Page, "/?q=1"),
            ("https://a.example/p#frag", Some(200), PageRole::Page, "/p"),
            ("://a.example/x", None, PageRole::Page, "://a.example/x"),
            ("https:///x", None, PageRole::Page, "https:///x"),
        ];
        for (url, status, role, path) in table {
            let capture = capture("c-1", url, status);
            assert_eq!((page_role(&capture), page_path(url).as_str()), (role, path), "{url}");
        }
        assert_eq!(
            capture_label(&capture("c", "https://a.example/x", Some(404))),
            "/x · 2026-03-01T10:00:00Z · HTTP 404 · WARC"
        );
        let mut bundle = capture("c", "https://a.example/x", None);
        bundle.origin = "exhibit-bundle".into();
        bundle.captured_at = None;
        assert_eq!(capture_label(&bundle), "/x · time unknown · bundle");
    }

    #[test]
    fn names_agree_with_json() {
        for role in [PageRole::Page, PageRole::ErrorPage, PageRole::NotAPage] {
            assert_eq!(serde_json::to_value(role).ok(), Some(serde_json::Value::from(role.as_str())));
        }
        // A reason's name is what the app and the CLI show; it has no JSON form (it crosses on
        // `engine::wire`).
        let reasons = [
            ChoiceReason::ExactUrl,
            ChoiceReason::Redirect { from: "x".into() },
            ChoiceReason::EntryPage { alleged_status: Some(404) },
            ChoiceReason::OtherPage,
            ChoiceReason::OnlyErrors,
        ];
        let names: std::collections::BTreeSet<&str> = reasons.iter().map(ChoiceReason::as_str).collect();
        assert_eq!(names.len(), reasons.len());
    }

    #[test]
    fn locations_resolve_against_the_answering_url() {
        let table = [
            ("https://a.example/dir/old", "/new", Some("https://a.example/new")),
            ("https://a.example/dir/old", "new", Some("https://a.example/dir/new")),
            ("https://a.example/dir/old", "//b.example/x", Some("https://b.example/x")),
            ("https://a.example/", "http://c.example/", Some("http://c.example/")),
            ("not a url", "/new", None),
        ];
        for (base, location, expected) in table {
            assert_eq!(resolve_location(base, location).as_deref(), expected, "{base} + {location}");
        }
    }

    #[test]
    fn redirect_chains_end_on_their_page_and_cycles_lead_nowhere() {
        let mut captures = vec![
            capture("c-end", "https://a.example/end", Some(200)),
            capture("c-x", "https://a.example/x", Some(200)),
        ];
        let redirect = |from: &str, to: &str| Redirect { from: from.into(), to: to.into() };
        let pending = Pending {
            screenshots: Vec::new(),
            redirects: vec![
                redirect("https://a.example/first", "https://a.example/middle"),
                redirect("https://a.example/middle", "https://a.example/end/"),
                redirect("https://a.example/loop-a", "https://a.example/loop-b"),
                redirect("https://a.example/loop-b", "https://a.example/loop-a"),
            ],
        };
        link_records(&mut captures, pending, &mut Vec::new());
        assert_eq!(captures[0].page.redirected_from, ["https://a.example/first", "https://a.example/middle"]);
        assert!(captures[1].page.redirected_from.is_empty());
    }

    #[test]
    fn over_time_never_pairs_two_different_pages() {
        let mut later = capture("c-2", "https://a.example/news/", Some(200));
        later.captured_at = Some("2026-03-02T10:00:00Z".into());
        let earlier = capture("c-1", "https://a.example/news", Some(200));
        let other = capture("c-3", "https://a.example/about", Some(200));
        let all = [&later, &other, &earlier];
        match over_time(&later, &all) {
            OverTime::Pair { earlier: first, later: last, .. } => {
                assert_eq!((first.as_str(), last.as_str()), ("c-1", "c-2"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(over_time(&other, &all), OverTime::OneVisit { .. }));
    }
}
