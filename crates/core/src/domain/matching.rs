//! Matching allegations to captures: which captures show the alleged page (`Exact`: the same
//! normalised URL, `http`/`https` and a trailing slash aside), and, failing that, which show the same
//! site (`Site`: same host without `www.`).
//!
//! Capture URLs go through the same `normalize_url` as allegations, so the two sides can never
//! disagree on what "the same URL" means. Matching never fetches anything, never guesses where a
//! shortener points (shortener links match only exactly), and runs in linear time with hash maps.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::allegations::{normalize_url, Allegation, Flag, NormalizedUrl};
use crate::domain::capture::Capture;
use crate::domain::ids::{AllegationId, CaptureId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The capture is of the alleged URL itself.
    Exact,
    /// The capture is of another page on the same site.
    Site,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureMatch {
    pub capture_id: CaptureId,
    pub kind: MatchKind,
}

/// The captures matched to one allegation (exact ones, or else same-site ones), in capture order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllegationMatches {
    pub allegation_id: AllegationId,
    pub captures: Vec<CaptureMatch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchReport {
    /// One entry per allegation, in allegation order (allegations without captures included).
    pub allegations: Vec<AllegationMatches>,
    pub unmatched_allegations: Vec<AllegationId>,
    pub unmatched_captures: Vec<CaptureId>,
}

impl MatchReport {
    /// The captures matched to an allegation (empty when none, or for an unknown id).
    pub fn captures_for(&self, allegation_id: &AllegationId) -> &[CaptureMatch] {
        // Ids are `a1`, `a2`… in order: try the direct position before searching.
        let guess =
            allegation_id.strip_prefix('a').and_then(|n| n.parse::<usize>().ok()).and_then(|n| n.checked_sub(1));
        let direct =
            guess.and_then(|index| self.allegations.get(index)).filter(|entry| entry.allegation_id == allegation_id);
        direct
            .or_else(|| self.allegations.iter().find(|entry| entry.allegation_id == allegation_id))
            .map_or(&[], |entry| entry.captures.as_slice())
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

/// Matches every allegation to the captures of its URL, or else of its site.
pub fn match_captures(allegations: &[Allegation], captures: &[Capture]) -> MatchReport {
    let mut by_exact: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_site: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, capture) in captures.iter().enumerate() {
        if let Ok(link) = normalize_url(&capture.url) {
            by_exact.entry(exact_key(&link)).or_default().push(index);
            by_site.entry(link.site).or_default().push(index);
        }
    }
    let mut report = MatchReport::default();
    let mut matched_captures: HashSet<usize> = HashSet::new();
    for allegation in allegations {
        let link = normalize_url(&allegation.url).ok();
        let exact = link.as_ref().and_then(|link| by_exact.get(&exact_key(link)));
        let (indices, kind) = match exact {
            Some(indices) => (indices.as_slice(), MatchKind::Exact),
            None if allegation.flags.contains(&Flag::Shortener) => (&[][..], MatchKind::Site),
            None => (by_site.get(&allegation.site).map_or(&[][..], Vec::as_slice), MatchKind::Site),
        };
        let mut matches = Vec::with_capacity(indices.len());
        for &index in indices {
            if let Some(capture) = captures.get(index) {
                matched_captures.insert(index);
                matches.push(CaptureMatch { capture_id: capture.id.clone(), kind });
            }
        }
        if matches.is_empty() {
            report.unmatched_allegations.push(allegation.id.clone());
        }
        report.allegations.push(AllegationMatches { allegation_id: allegation.id.clone(), captures: matches });
    }
    report.unmatched_captures = captures
        .iter()
        .enumerate()
        .filter(|(index, _)| !matched_captures.contains(index))
        .map(|(_, capture)| capture.id.clone())
        .collect();
    report
}
