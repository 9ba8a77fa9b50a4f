//! Character encodings: decides how the bytes of an HTML or text artifact are decoded, the way a
//! browser would (BOM, then the HTTP charset, then a `<meta>` prescan, then a guess), and decodes
//! them with encoding_rs.
//!
//! This module owns only bytes → `String`; it must never fail (invalid sequences become U+FFFD and
//! are reported) and never alter the decoded characters beyond that.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    ByteOrderMark,
    HttpHeader,
    MetaTag,
    Detected,
}

impl EncodingSource {
    pub fn describe(self) -> &'static str {
        match self {
            EncodingSource::ByteOrderMark => "byte order mark",
            EncodingSource::HttpHeader => "HTTP Content-Type charset",
            EncodingSource::MetaTag => "<meta> charset",
            EncodingSource::Detected => "detected from the bytes",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding used (`UTF-8`, `windows-1256`, `KOI8-R`…).
    pub encoding: &'static str,
    pub source: EncodingSource,
    /// True when some byte sequences were invalid and replaced with U+FFFD.
    pub had_errors: bool,
}

/// Decodes an HTML document. `http_charset` is the `charset` parameter of a `Content-Type` header.
pub fn decode_html(bytes: &[u8], http_charset: Option<&str>) -> Decoded {
    let (encoding, source) = choose_encoding(bytes, http_charset, true);
    decode_with(bytes, encoding, source)
}

/// Decodes a plain-text document: BOM, else the given charset, else UTF-8 if valid, else a guess.
pub fn decode_text(bytes: &[u8], http_charset: Option<&str>) -> Decoded {
    let (encoding, source) = choose_encoding(bytes, http_charset, false);
    decode_with(bytes, encoding, source)
}

/// Decodes text that must be Unicode (a review file, written by a program): UTF-8 or UTF-16, with
/// or without a byte order mark (dropped); `None` for anything else, never a guessed encoding.
pub fn decode_unicode(bytes: &[u8]) -> Option<String> {
    let decoded = decode_text(bytes, None);
    let unicode = matches!(decoded.encoding, "UTF-8" | "UTF-16LE" | "UTF-16BE");
    (unicode && !decoded.had_errors).then(|| match decoded.text.strip_prefix('\u{feff}') {
        Some(text) => text.to_string(),
        None => decoded.text,
    })
}

fn decode_with(bytes: &[u8], encoding: &'static Encoding, source: EncodingSource) -> Decoded {
    let (text, had_errors) = if source == EncodingSource::ByteOrderMark {
        let (text, _, had_errors) = encoding.decode(bytes);
        (text, had_errors)
    } else {
        encoding.decode_without_bom_handling(bytes)
    };
    Decoded { text: text.into_owned(), encoding: encoding.name(), source, had_errors }
}

fn choose_encoding(bytes: &[u8], http_charset: Option<&str>, html: bool) -> (&'static Encoding, EncodingSource) {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, EncodingSource::ByteOrderMark);
    }
    if let Some(encoding) = http_charset.and_then(|label| Encoding::for_label(label.trim().as_bytes())) {
        return (encoding, EncodingSource::HttpHeader);
    }
    if html {
        if let Some(encoding) = prescan_meta_charset(bytes) {
            return (encoding, EncodingSource::MetaTag);
        }
    }
    if let Some(encoding) = sniff_bomless_utf16(bytes) {
        return (encoding, EncodingSource::Detected);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, EncodingSource::Detected);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // The guess only needs a sample; the same sample always gives the same guess.
    let sample = bytes.get(..bytes.len().min(256 * 1024)).unwrap_or(bytes);
    detector.feed(sample, sample.len() == bytes.len());
    (detector.guess(None, chardetng::Utf8Detection::Allow), EncodingSource::Detected)
}

/// UTF-16 without a BOM shows as every other byte being zero in ASCII-heavy markup.
pub(crate) fn sniff_bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(512))?;
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|byte| **byte == 0).count();
    let zero_odd = sample.iter().skip(1).step_by(2).filter(|byte| **byte == 0).count();
    if zero_odd * 10 >= pairs * 8 && zero_even == 0 {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 8 && zero_odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A simplified version of HTML's "prescan a byte stream to determine its encoding" over the first
/// 1024 bytes: `<meta charset=…>` and `<meta http-equiv=Content-Type content="…; charset=…">`.
pub fn prescan_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut position = 0;
    while position < lower.len() {
        let rest = lower.get(position..)?;
        if rest.starts_with(b"<!--") {
            let end = find(rest, b"-->").map(|at| at + 3).unwrap_or(rest.len());
            position += end;
            continue;
        }
        if rest.starts_with(b"<meta") && rest.get(5).is_some_and(|byte| byte.is_ascii_whitespace() || *byte == b'/') {
            let tag_end = find(rest, b">").unwrap_or(rest.len());
            let tag = rest.get(..tag_end)?;
            if let Some(label) = charset_in_tag(tag) {
                if let Some(encoding) = Encoding::for_label(label) {
                    // HTML: a meta declaring UTF-16 means UTF-8; x-user-defined means windows-1252.
                    let encoding = if encoding == UTF_16LE || encoding == UTF_16BE {
                        UTF_8
                    } else if encoding.name() == "x-user-defined" {
                        WINDOWS_1252
                    } else {
                        encoding
                    };
                    return Some(encoding);
                }
            }
            position += tag_end.max(1);
            continue;
        }
        position += 1;
    }
    None
}

fn charset_in_tag(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")?;
    let mut rest = tag.get(at + "charset".len()..)?;
    rest = trim_ascii_start(rest);
    rest = rest.strip_prefix(b"=")?;
    rest = trim_ascii_start(rest);
    let quote = rest.first().copied().filter(|byte| *byte == b'"' || *byte == b'\'');
    if quote.is_some() {
        rest = rest.get(1..)?;
    }
    let end = rest
        .iter()
        .position(|byte| {
            Some(*byte) == quote || byte.is_ascii_whitespace() || matches!(byte, b';' | b'"' | b'\'' | b'/' | b'>')
        })
        .unwrap_or(rest.len());
    let label = rest.get(..end)?;
    (!label.is_empty()).then_some(label)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace()).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The `charset` parameter of a `Content-Type` header value.
pub fn charset_of_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (key, value) = parameter.split_once('=')?;
        key.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"<html><head><meta charset=\"windows-1256\">", Some("windows-1256")),
            (b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=koi8-r\">", Some("KOI8-R")),
            (b"<!-- <meta charset=latin1> --><meta charset='iso-8859-6'>", Some("ISO-8859-6")),
            (b"<meta charset=utf-16>", Some("UTF-8")),
            (b"<p>no meta</p>", None),
        ];
        for (input, expected) in cases {
            assert_eq!(prescan_meta_charset(input).map(|encoding| encoding.name()), *expected, "{input:?}");
        }
    }

    #[test]
    fn content_type_charset() {
        assert_eq!(charset_of_content_type("text/html; charset=\"KOI8-R\"").as_deref(), Some("KOI8-R"));
        assert_eq!(charset_of_content_type("text/html").as_deref(), None);
    }
}
