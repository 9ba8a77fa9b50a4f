//! Matching allegations to captures: which captures show the alleged page (`Exact`: the same
//! normalised URL, `http`/`https` and a trailing slash aside; `Redirect`: a page the alleged URL
//! redirected to in the archive), and which show other pages of the same site (`Site`: same host
//! without `www.`). Each allegation's captures come best first (`crawl::rank`: successful pages
//! before error pages, then exact, redirect, the site's entry page, the rest), with the `Choice` of
//! the capture it opens on and why. A shortener's allegation matches only exactly.
//!
//! Capture URLs go through the same `normalize_url` as allegations, so the two sides can never
//! disagree on what "the same URL" means. Matching never fetches anything, never guesses where a
//! shortener points (shortener links match only exactly), and runs in linear time with hash maps.

use std::collections::{HashMap, HashSet};

use crate::domain::allegations::{normalize_url, Allegation, Flag, NormalizedUrl};
use crate::domain::capture::Capture;
use crate::domain::crawl::{entry_page, rank, Choice, Tier};
use crate::domain::ids::{AllegationId, CaptureId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// The capture is of the alleged URL itself.
    Exact,
    /// The alleged URL redirected (in a recorded 3xx response) to the page of this capture.
    Redirect,
    /// The capture is of another page on the same site.
    Site,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureMatch {
    pub capture_id: CaptureId,
    pub kind: MatchKind,
}

/// The captures matched to one allegation (of its URL, redirected from it, or of its site), best
/// first, and the one it opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllegationMatches {
    pub allegation_id: AllegationId,
    pub captures: Vec<CaptureMatch>,
    /// The capture the allegation opens on and why (the first of `captures`).
    pub choice: Option<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatchReport {
    /// One entry per allegation, in allegation order (allegations without captures included).
    pub allegations: Vec<AllegationMatches>,
    pub unmatched_allegations: Vec<AllegationId>,
    pub unmatched_captures: Vec<CaptureId>,
}

impl MatchReport {
    /// The captures matched to an allegation (empty when none, or for an unknown id).
    pub fn captures_for(&self, allegation_id: &AllegationId) -> &[CaptureMatch] {
        self.entry(allegation_id).map_or(&[], |entry| entry.captures.as_slice())
    }

    /// The capture an allegation opens on and why (`None` when nothing matched).
    pub fn choice_for(&self, allegation_id: &AllegationId) -> Option<&Choice> {
        self.entry(allegation_id).and_then(|entry| entry.choice.as_ref())
    }

    fn entry(&self, allegation_id: &AllegationId) -> Option<&AllegationMatches> {
        // Ids are `a1`, `a2`… in order: try the direct position before searching.
        let guess =
            allegation_id.strip_prefix('a').and_then(|n| n.parse::<usize>().ok()).and_then(|n| n.checked_sub(1));
        let direct =
            guess.and_then(|index| self.allegations.get(index)).filter(|entry| entry.allegation_id == allegation_id);
        direct.or_else(|| self.allegations.iter().find(|entry| entry.allegation_id == allegation_id))
    }
}

/// The key under which two URLs are "the same page": web schemes folded together, trailing slash
/// of the path ignored.
fn exact_key(link: &NormalizedUrl) -> String {
    let scheme = if matches!(link.scheme.as_str(), "http" | "https") { "web" } else { link.scheme.as_str() };
    let (path, query) = match link.path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (link.path_and_query.as_str(), None),
    };
    let mut key = format!("{scheme}://{}", link.host);
    if let Some(port) = link.port {
        key.push(':');
        key.push_str(&port.to_string());
    }
    key.push_str(path.trim_end_matches('/'));
    if let Some(query) = query {
        key.push('?');
        key.push_str(query);
    }
    key
}

/// Matches every allegation to the captures of its URL (or redirected from it) and of its site,
/// best first (see the module comment).
pub fn match_captures(allegations: &[Allegation], captures: &[Capture]) -> MatchReport {
    let mut by_exact: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_redirect: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_site: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, capture) in captures.iter().enumerate() {
        if let Ok(link) = normalize_url(&capture.url) {
            by_exact.entry(exact_key(&link)).or_default().push(index);
            by_site.entry(link.site).or_default().push(index);
        }
        for from in &capture.page.redirected_from {
            if let Ok(link) = normalize_url(from) {
                let indices = by_redirect.entry(exact_key(&link)).or_default();
                if !indices.contains(&index) {
                    indices.push(index);
                }
            }
        }
    }
    // Each site's entry page, found once.
    let mut entries: HashMap<&str, Option<usize>> = HashMap::new();
    let mut report = MatchReport::default();
    let mut matched_captures: HashSet<usize> = HashSet::new();
    for allegation in allegations {
        let link = normalize_url(&allegation.url).ok();
        let key = link.as_ref().map(exact_key);
        let lookup = |map: &HashMap<String, Vec<usize>>| -> Vec<usize> {
            key.as_ref().and_then(|key| map.get(key)).cloned().unwrap_or_default()
        };
        let exact = lookup(&by_exact);
        let redirected = lookup(&by_redirect);
        let shortener = allegation.flags.contains(&Flag::Shortener);
        let site: &[usize] = if shortener { &[] } else { by_site.get(&allegation.site).map_or(&[][..], Vec::as_slice) };
        let entry = *entries.entry(allegation.site.as_str()).or_insert_with(|| {
            let site_captures: Vec<&Capture> = site.iter().filter_map(|&index| captures.get(index)).collect();
            entry_page(&site_captures).and_then(|entry| {
                site.iter().copied().find(|&i| captures.get(i).is_some_and(|capture| capture.id == entry.id))
            })
        });
        let mut candidates: Vec<(usize, Tier)> = Vec::new();
        let mut add = |index: usize, tier: Tier| {
            if !candidates.iter().any(|(seen, _)| *seen == index) {
                candidates.push((index, tier));
            }
        };
        exact.iter().for_each(|&index| add(index, Tier::Exact));
        redirected.iter().for_each(|&index| add(index, Tier::Redirect));
        if !shortener {
            entry.into_iter().for_each(|index| add(index, Tier::Entry));
            site.iter().for_each(|&index| add(index, Tier::Other));
        }
        let (ranked, choice) =
            rank(candidates.into_iter().filter_map(|(index, tier)| captures.get(index).map(|c| (c, tier))).collect());
        let matches: Vec<CaptureMatch> = ranked
            .iter()
            .map(|(capture, tier)| CaptureMatch {
                capture_id: capture.id.clone(),
                kind: match tier {
                    Tier::Exact => MatchKind::Exact,
                    Tier::Redirect => MatchKind::Redirect,
                    Tier::Entry | Tier::Other => MatchKind::Site,
                },
            })
            .collect();
        matched_captures.extend(exact.iter().chain(&redirected).chain(site));
        if matches.is_empty() {
            report.unmatched_allegations.push(allegation.id.clone());
        }
        report.allegations.push(AllegationMatches { allegation_id: allegation.id.clone(), captures: matches, choice });
    }
    report.unmatched_captures = captures
        .iter()
        .enumerate()
        .filter(|(index, _)| !matched_captures.contains(index))
        .map(|(_, capture)| capture.id.clone())
        .collect();
    report
}
