//! schema.org ClaimReview (JSON-LD) export: one `ClaimReview` per allegation that has a current
//! verdict that stands under the evidence policy, in a `@graph` (a verdict the gate finds invalid
//! is left out: it is not a finding anyone may publish).
//!
//! Mapping, documented because schema.org leaves the scale to the publisher:
//! - `claimReviewed` is "`<host>`: `<claim>`", or "`<host>` hosts the alleged content" when the
//!   list gave no claim. The alleged URL is the claim's `about` (a `WebPage`); the review itself
//!   has no `url`, since it is not published at one.
//! - `reviewRating` uses the fact-checking convention of a 1 (false) to 5 (true) scale and only its
//!   ends: `supported` is 5 and `not_supported` is 1. `removed`, `inconclusive` and
//!   `unreviewable` say nothing true or false about the claim as it stands, so they carry no
//!   `ratingValue`, `bestRating` or `worstRating` at all, only `alternateName` (the verdict label
//!   with a short qualifier) and `ratingExplanation`. Every rating also carries the machine verdict
//!   in `identifier` (`supported`, `not_supported`, …).
//! - `itemReviewed` is a `Claim` whose `appearance` lists the captures matched to the allegation as
//!   `WebPage`s (`url`, `dateCreated` = capture time, `identifier` = each artifact's SHA-256 as a
//!   `PropertyValue`); `author` of the claim is the allegation's source when the list named one.
//! - `author` and `datePublished` are the reviewer and time of the current verdict; `reviewBody`
//!   is the rationale.
//! - `citation` lists the verdict's live citations as `Quotation`s: `text` = the quote (or the
//!   region's transcription), `inLanguage`, `description` = the note, `workTranslation` = the
//!   reviewer's translation, `isPartOf` = the cited artifact with its hash, and the W3C selector
//!   (`xywh=…` or `char=start,end`) as a `PropertyValue` identifier.
//!
//! Pure: never reads a clock or anything but the review file; never panics.

use serde_json::{json, Map, Value};

use crate::domain::citation::{format_fragment, Citation, Selector};
use crate::domain::export::{bcp47, quoted_text, Folded, ReviewFile};
use crate::domain::review_log::Verdict;

/// The schema.org context.
pub const SCHEMA_ORG_CONTEXT: &str = "https://schema.org";

/// The ClaimReview graph of every reviewed allegation, as pretty JSON-LD.
pub fn claim_review(file: &ReviewFile) -> String {
    serde_json::to_string_pretty(&claim_review_value(file)).unwrap_or_default()
}

/// The ClaimReview graph as a JSON value.
pub fn claim_review_value(file: &ReviewFile) -> Value {
    let folded = Folded::new(file);
    let mut graph = Vec::new();
    for allegation in &file.allegations {
        let Some(entry) = folded.current_verdict(&allegation.id) else { continue };
        // A verdict the evidence gate refuses is never published as a rating.
        if !folded.is_valid(&allegation.id) {
            continue;
        }
        let record = &entry.record;
        let claim_text = match allegation.claim.as_deref().map(str::trim).filter(|claim| !claim.is_empty()) {
            Some(claim) => format!("{}: {claim}", allegation.host_unicode),
            None => format!("{} hosts the alleged content", allegation.host_unicode),
        };

        let appearance: Vec<Value> = folded
            .captures_for(&allegation.id)
            .into_iter()
            .map(|capture| {
                let mut page = Map::new();
                page.insert("@type".into(), "WebPage".into());
                page.insert("url".into(), capture.url.clone().into());
                if let Some(captured_at) = &capture.captured_at {
                    page.insert("dateCreated".into(), captured_at.clone().into());
                }
                if let Some(title) = &capture.title {
                    page.insert("name".into(), title.clone().into());
                }
                let identifiers: Vec<Value> = capture
                    .artifacts
                    .iter()
                    .map(|artifact| {
                        json!({
                            "@type": "PropertyValue",
                            "propertyID": "sha256",
                            "name": artifact.kind.as_str(),
                            "encodingFormat": artifact.media_type,
                            "value": artifact.sha256,
                        })
                    })
                    .collect();
                page.insert("identifier".into(), Value::Array(identifiers));
                Value::Object(page)
            })
            .collect();

        let mut claim = Map::new();
        claim.insert("@type".into(), "Claim".into());
        claim.insert("text".into(), claim_text.clone().into());
        if let Some(source) = allegation.source.as_deref().filter(|source| !source.is_empty()) {
            claim.insert("author".into(), json!({"@type": "Thing", "name": source}));
        }
        if let Some(date) = allegation.date.as_deref().filter(|date| !date.is_empty()) {
            claim.insert("datePublished".into(), date.into());
        }
        claim.insert("about".into(), json!({"@type": "WebPage", "url": allegation.url}));
        claim.insert("appearance".into(), Value::Array(appearance));

        let citations: Vec<Value> = folded
            .citations_for(&allegation.id)
            .into_iter()
            .filter(|citation| record.citation_ids.contains(&citation.id))
            .map(|citation| quotation(&folded, citation, &record.reviewer_language))
            .collect();

        let mut review = Map::new();
        review.insert("@type".into(), "ClaimReview".into());
        review.insert("identifier".into(), format!("{}:{}", allegation.id, entry.event_id).into());
        review.insert("claimReviewed".into(), claim_text.into());
        review.insert("reviewRating".into(), rating(record.verdict, &record.rationale));
        review.insert("reviewBody".into(), record.rationale.clone().into());
        review.insert("itemReviewed".into(), Value::Object(claim));
        review.insert("author".into(), json!({"@type": "Person", "name": entry.reviewer}));
        review.insert("datePublished".into(), entry.time.as_str().into());
        if !record.reviewer_language.is_empty() {
            review.insert("inLanguage".into(), bcp47(&record.reviewer_language).into());
        }
        review.insert("citation".into(), Value::Array(citations));
        graph.push(Value::Object(review));
    }
    json!({
        "@context": SCHEMA_ORG_CONTEXT,
        "@graph": graph,
    })
}

/// The rating of a verdict (see the module docs for the mapping).
pub fn rating(verdict: Verdict, rationale: &str) -> Value {
    let mut rating = Map::new();
    rating.insert("@type".into(), "Rating".into());
    let (value, alternate_name) = match verdict {
        Verdict::Supported => (Some(5), "Supported"),
        Verdict::NotSupported => (Some(1), "Not supported"),
        Verdict::Removed => (None, "Removed: an earlier capture showed it, a later one does not"),
        Verdict::Inconclusive => (None, "Inconclusive: needs an expert, translator or legal decision"),
        Verdict::Unreviewable => (None, "Unreviewable: no usable capture"),
    };
    if let Some(value) = value {
        rating.insert("ratingValue".into(), value.into());
        rating.insert("bestRating".into(), 5.into());
        rating.insert("worstRating".into(), 1.into());
    }
    rating.insert("alternateName".into(), alternate_name.into());
    rating.insert("identifier".into(), verdict.as_str().into());
    if !rationale.is_empty() {
        rating.insert("ratingExplanation".into(), rationale.into());
    }
    Value::Object(rating)
}

fn quotation(folded: &Folded<'_>, citation: &Citation, reviewer_language: &str) -> Value {
    let capture = folded.capture_of(citation);
    let mut quotation = Map::new();
    quotation.insert("@type".into(), "Quotation".into());
    quotation.insert("text".into(), quoted_text(citation).into());
    if let Some(language) = citation.quote_language.as_deref().filter(|code| !code.is_empty()) {
        quotation.insert("inLanguage".into(), bcp47(language).into());
    }
    if !citation.note.is_empty() {
        quotation.insert("description".into(), citation.note.clone().into());
    }
    if let Some(translation) = citation.translation.as_deref().filter(|text| !text.is_empty()) {
        let mut work = Map::new();
        work.insert("@type".into(), "CreativeWork".into());
        work.insert("text".into(), translation.into());
        if !reviewer_language.is_empty() {
            work.insert("inLanguage".into(), bcp47(reviewer_language).into());
        }
        quotation.insert("workTranslation".into(), Value::Object(work));
    }
    let selector = match &citation.selector {
        Selector::Text { position, .. } => format!("char={},{}", position.start, position.end),
        Selector::Region { rect, .. } => format_fragment(rect),
    };
    quotation.insert(
        "identifier".into(),
        json!([
            {"@type": "PropertyValue", "propertyID": "exhibit-citation", "value": citation.id},
            {"@type": "PropertyValue", "propertyID": "selector", "value": selector},
        ]),
    );
    let artifact = capture.and_then(|capture| capture.artifact_by_hash(&citation.artifact_sha256));
    let mut part_of = Map::new();
    part_of.insert(
        "@type".into(),
        if matches!(citation.selector, Selector::Region { .. }) { "ImageObject" } else { "WebPage" }.into(),
    );
    if let Some(capture) = capture {
        part_of.insert("url".into(), capture.url.clone().into());
        if let Some(captured_at) = &capture.captured_at {
            part_of.insert("dateCreated".into(), captured_at.clone().into());
        }
    }
    if let Some(artifact) = artifact {
        part_of.insert("encodingFormat".into(), artifact.media_type.clone().into());
    }
    part_of.insert(
        "identifier".into(),
        json!({"@type": "PropertyValue", "propertyID": "sha256", "value": citation.artifact_sha256}),
    );
    quotation.insert("isPartOf".into(), Value::Object(part_of));
    Value::Object(quotation)
}
