//! W3C Web Annotation (JSON-LD) export: every live citation of a review file as an `Annotation`,
//! gathered in an `AnnotationCollection` whose first (and only) `AnnotationPage` holds the items,
//! as the Web Annotation Data Model (§ 5.1) shapes a collection.
//!
//! Choices, documented here because the model leaves them open:
//! - `target` is a `SpecificResource` whose `source` is the captured page's URL and whose `format`
//!   is the cited artifact's media type. Text selectors (`TextQuoteSelector` +
//!   `TextPositionSelector`) apply to Exhibit's canonical extracted text of that artifact
//!   (`exhibit:textAlgorithm` names its version), region selectors (`FragmentSelector`,
//!   `xywh=pixel:`) to the screenshot.
//! - The cited bytes are pinned in `target.state`, a `TimeState` whose `sourceDate` is the capture
//!   time and whose `cached` is the RFC 6920 named-information IRI `ni:///sha-256;…` of the
//!   artifact: an IRI anyone can recompute from the bytes. The same hash in hex is repeated as
//!   `target.exhibit:sha256` (the `exhibit:` prefix is declared in a second `@context` entry).
//! - Bodies: a `TextualBody` with purpose `describing` carries the reviewer's note; when there is a
//!   translation, a second `TextualBody` with purpose `translating` carries it, with `language`
//!   the BCP 47 tag of the reviewer's working language (from the allegation's latest verdict).
//!   A region's transcription is `target.exhibit:transcription`.
//! - `creator` and `created` come from the event that added the citation, `modified` from its
//!   last edit. Ids are `urn:exhibit:citation:` + the percent-encoded citation id.
//!
//! Pure: never reads a clock or anything but the review file; never panics.

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::domain::capture::TEXT_ALGORITHM_VERSION;
use crate::domain::citation::{format_fragment, Citation, Selector};
use crate::domain::export::{bcp47, Folded, ReviewFile};

/// The W3C Web Annotation context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// The namespace of Exhibit's own terms (`exhibit:sha256`, …).
pub const EXHIBIT_NAMESPACE: &str = "urn:exhibit:terms#";

/// The AnnotationCollection of every live citation, as pretty JSON-LD.
pub fn web_annotation(file: &ReviewFile) -> String {
    let value = web_annotation_value(file);
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The AnnotationCollection as a JSON value.
pub fn web_annotation_value(file: &ReviewFile) -> Value {
    let folded = Folded::new(file);
    let items: Vec<Value> = folded.state.citations.values().map(|citation| annotation(&folded, citation)).collect();
    json!({
        "@context": [ANNO_CONTEXT, {"exhibit": EXHIBIT_NAMESPACE}],
        "id": format!("urn:exhibit:case:{}", percent_encode(&file.case_name)),
        "type": "AnnotationCollection",
        "label": file.case_name,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

fn annotation(folded: &Folded<'_>, citation: &Citation) -> Value {
    let provenance = folded.citation_provenance(&citation.id);
    let capture = folded.capture_of(citation);
    let mut body = vec![json!({
        "type": "TextualBody",
        "purpose": "describing",
        "value": citation.note,
        "format": "text/plain",
    })];
    if let Some(translation) = citation.translation.as_deref().filter(|text| !text.is_empty()) {
        let mut translating = Map::new();
        translating.insert("type".into(), "TextualBody".into());
        translating.insert("purpose".into(), "translating".into());
        translating.insert("value".into(), translation.into());
        translating.insert("format".into(), "text/plain".into());
        if let Some(language) = folded.reviewer_language(&citation.allegation_id) {
            translating.insert("language".into(), bcp47(language).into());
        }
        body.push(Value::Object(translating));
    }

    let mut target = Map::new();
    target.insert("type".into(), "SpecificResource".into());
    target.insert("source".into(), capture.map(|capture| capture.url.clone()).unwrap_or_default().into());
    if let Some(artifact) = capture.and_then(|capture| capture.artifact_by_hash(&citation.artifact_sha256)) {
        target.insert("format".into(), artifact.media_type.clone().into());
    }
    let mut state = Map::new();
    state.insert("type".into(), "TimeState".into());
    if let Some(captured_at) = capture.and_then(|capture| capture.captured_at.clone()) {
        state.insert("sourceDate".into(), captured_at.into());
    }
    if let Some(named) = named_information(&citation.artifact_sha256) {
        state.insert("cached".into(), named.into());
    }
    target.insert("state".into(), Value::Object(state));
    target.insert("exhibit:sha256".into(), citation.artifact_sha256.clone().into());
    target.insert("exhibit:captureId".into(), citation.capture_id.as_str().into());
    match &citation.selector {
        Selector::Text { quote, position } => {
            target.insert(
                "selector".into(),
                json!([
                    {"type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix},
                    {"type": "TextPositionSelector", "start": position.start, "end": position.end},
                ]),
            );
            target.insert("exhibit:textAlgorithm".into(), TEXT_ALGORITHM_VERSION.into());
        }
        Selector::Region { rect, transcription } => {
            target.insert(
                "selector".into(),
                json!([{
                    "type": "FragmentSelector",
                    "conformsTo": "http://www.w3.org/TR/media-frags/",
                    "value": format_fragment(rect),
                }]),
            );
            if !transcription.is_empty() {
                target.insert("exhibit:transcription".into(), transcription.clone().into());
            }
        }
    }
    if let Some(language) = citation.quote_language.as_deref().filter(|code| !code.is_empty()) {
        target.insert("exhibit:quoteLanguage".into(), bcp47(language).into());
    }

    let mut annotation = Map::new();
    annotation.insert("id".into(), format!("urn:exhibit:citation:{}", percent_encode(&citation.id)).into());
    annotation.insert("type".into(), "Annotation".into());
    annotation.insert("motivation".into(), "describing".into());
    if let Some(creator) = provenance.creator {
        annotation.insert("creator".into(), json!({"type": "Person", "name": creator}));
    }
    if let Some(created) = provenance.created {
        annotation.insert("created".into(), created.into());
    }
    if let Some(modified) = provenance.modified {
        annotation.insert("modified".into(), modified.into());
    }
    annotation.insert("body".into(), Value::Array(body));
    annotation.insert("target".into(), Value::Object(target));
    annotation.insert("exhibit:allegationId".into(), citation.allegation_id.as_str().into());
    if let Some(linked) = &citation.linked_citation {
        annotation.insert("exhibit:linkedCitation".into(), linked.as_str().into());
    }
    Value::Object(annotation)
}

/// RFC 6920 named-information IRI of a SHA-256 given in hex, when the hex is a SHA-256.
pub fn named_information(sha256_hex: &str) -> Option<String> {
    let digest = decode_hex(sha256_hex).filter(|bytes| bytes.len() == 32)?;
    Some(format!("ni:///sha-256;{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)))
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let high = char::from(*pair.first()?).to_digit(16)?;
            let low = char::from(*pair.get(1)?).to_digit(16)?;
            u8::try_from(high * 16 + low).ok()
        })
        .collect()
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_information_of_a_known_digest() {
        // SHA-256 of the empty string.
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(
            named_information(empty).as_deref(),
            Some("ni:///sha-256;47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
        );
        assert_eq!(named_information("abc"), None);
        assert_eq!(named_information("zz"), None);
        assert_eq!(named_information("é1"), None);
    }

    #[test]
    fn percent_encodes_all_but_unreserved() {
        assert_eq!(percent_encode("q-1 a/b"), "q-1%20a%2Fb");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }
}
