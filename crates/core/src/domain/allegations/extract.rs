//! Link extraction: finds links and bare domains in one (refanged) line of prose, and says what it
//! skipped and why (@handles, #hashtags, e-mail addresses, file names, script links).
//!
//! It works in one pass over the line (linear time) and never normalises or judges a link: that is
//! `normalize`'s job. It never treats an `a@b.example` without a scheme as a link, and never
//! accepts a bare name whose last label does not look like a top-level domain.

use std::borrow::Cow;

use super::normalize::{has_bidi_control, is_bidi_control, is_dot_variant, is_zero_width};
use super::Flag;

/// One thing found in a line. `start..end` are byte offsets into the line; for links they span
/// exactly the text that is removed from the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: FoundKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoundKind {
    /// A link candidate, written (refanged) as `line[start..end]`, with flags seen around it
    /// (invisible characters).
    Link { flags: Vec<Flag> },
    /// A link that is refused (`javascript:`, `data:` …), with the reason.
    Refused(String),
    /// Something link-like that is not a link (e-mail, handle, file name), with the reason:
    /// `{before}{line[start..end]}{after}` (see `Found::skip_reason`; built only when shown).
    Skipped { before: &'static str, after: &'static str },
}

impl Found {
    /// Why a `Skipped` item is not a link, as said to the reader; `line` is the extracted line.
    pub fn skip_reason(&self, line: &str) -> Option<String> {
        match self.kind {
            FoundKind::Skipped { before, after } => {
                let text = line.get(self.start..self.end).unwrap_or("");
                Some(format!("{before}{text}{after}"))
            }
            _ => None,
        }
    }
}

/// File extensions that look like top-level domains in prose (`notes.txt`, `main.rs`).
const FILE_EXTENSIONS: &[&str] = &[
    "txt", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv", "tsv", "json", "xml", "html", "htm", "php",
    "asp", "aspx", "jsp", "js", "ts", "css", "jpg", "jpeg", "png", "gif", "bmp", "svg", "webp", "tif", "tiff", "heic",
    "mp3", "mp4", "m4a", "avi", "mov", "mkv", "wav", "webm", "ogg", "zip", "rar", "gz", "tgz", "bz2", "xz", "7z",
    "tar", "exe", "dll", "bin", "iso", "dmg", "apk", "msi", "sh", "py", "rs", "md", "log", "ini", "cfg", "conf", "yml",
    "yaml", "toml", "bak", "tmp", "dat", "db", "sql", "eml", "rtf", "odt", "ods", "odp", "cpp", "java", "jar", "warc",
    "wacz", "docm", "xlsm", "epub", "ttf", "woff", "ico", "lock", "rb", "pl", "go",
];

const REFUSED_PREFIXES: &[&str] =
    &["javascript:", "vbscript:", "data:", "file:", "blob:", "about:", "view-source:", "filesystem:"];

/// Characters that separate runs even without whitespace.
fn is_hard_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '<' | '>' | '`' | '|' | '«' | '»' | '“' | '”' | '„' | '「' | '」' | '『' | '』' | '\u{0000}'
                ..='\u{001F}'
        )
}

/// Trailing punctuation that ends a sentence, not a link.
fn is_trailing_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '>'
            | '"'
            | '\''
            | '،'
            | '۔'
            | '؟'
            | '؛'
            | '。'
            | '、'
            | '…'
            | '’'
            | '›'
            | '）'
            | '】'
            | '！'
            | '？'
            | '，'
            | '；'
            | '：'
            | '*'
    ) || is_bidi_control(c)
        || is_zero_width(c)
}

/// Characters that may appear in a host as written in prose.
fn is_host_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    }
    if is_dot_variant(c) || is_zero_width(c) || is_bidi_control(c) {
        return true;
    }
    if c.is_whitespace() {
        return false;
    }
    let code = u32::from(c);
    let punctuation = matches!(code,
        0x00A1..=0x00BF | 0x00D7 | 0x00F7
        | 0x060C | 0x061B | 0x061F | 0x066A..=0x066D | 0x06D4
        | 0x2000..=0x206F | 0x2190..=0x2BFF | 0x3000..=0x303F
        | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F);
    !punctuation
}

fn is_scheme_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

/// Finds links (and what was skipped) in one refanged line, appending them to `found` (one
/// buffer serves every line of an import).
pub fn extract_into(line: &str, found: &mut Vec<Found>) {
    let mut index = 0;
    while index < line.len() {
        let rest = line.get(index..).unwrap_or("");
        let run_length = rest.find(is_hard_delimiter).unwrap_or(rest.len());
        if run_length == 0 {
            index += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        extract_from_run(line, index, index + run_length, found);
        index += run_length;
    }
}

/// Whether `text` starts with the ASCII `prefix`, ignoring ASCII case.
fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn char_at(line: &str, index: usize) -> Option<char> {
    line.get(index..).and_then(|rest| rest.chars().next())
}

fn extract_from_run(line: &str, run_start: usize, run_end: usize, found: &mut Vec<Found>) {
    let run = line.get(run_start..run_end).unwrap_or("");
    let mut run_flags = Vec::new();
    // Both kinds of invisible characters are outside ASCII.
    if !run.is_ascii() {
        if has_bidi_control(run) {
            run_flags.push(Flag::BidiControl);
        }
        if run.chars().any(is_zero_width) {
            run_flags.push(Flag::ZeroWidth);
        }
    }
    let mut position = run_start;
    while position < run_end {
        // Skip what cannot start a link: brackets, quotes, list markers, punctuation.
        let Some(c) = char_at(line, position) else { break };
        if !(c.is_alphanumeric()
            || c == '@'
            || c == '#'
            || c == '/' && line.get(position..).is_some_and(|r| r.starts_with("//")))
        {
            position += c.len_utf8();
            continue;
        }
        let piece = line.get(position..run_end).unwrap_or("");
        if c == '@' || c == '#' {
            let length = c.len_utf8()
                + piece
                    .get(1..)
                    .unwrap_or("")
                    .find(|ch: char| !(ch.is_alphanumeric() || matches!(ch, '_' | '.' | '@' | '-')))
                    .unwrap_or(piece.len().saturating_sub(1));
            let before = if c == '@' { "an @handle is not a link: " } else { "a #hashtag is not a link: " };
            if length > 1 {
                found.push(Found {
                    start: position,
                    end: position + length,
                    kind: FoundKind::Skipped { before, after: "" },
                });
            }
            position += length.max(1);
            continue;
        }
        if let Some(prefix) = REFUSED_PREFIXES.iter().find(|prefix| starts_with_ignore_ascii_case(piece, prefix)) {
            if piece.len() > prefix.len() {
                let scheme = prefix.trim_end_matches(':');
                found.push(Found {
                    start: position,
                    end: run_end,
                    kind: FoundKind::Refused(format!("refused {scheme}: link (it names no web site): {piece}")),
                });
                return;
            }
        }
        if starts_with_ignore_ascii_case(piece, "mailto:") {
            found.push(Found {
                start: position,
                end: run_end,
                kind: FoundKind::Skipped { before: "an e-mail address is not a site: ", after: "" },
            });
            return;
        }
        let scheme_length = piece.bytes().take_while(|&b| is_scheme_char(b)).count();
        let has_scheme = piece.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && piece.get(scheme_length..).is_some_and(|after| after.starts_with("://"));
        if has_scheme || piece.starts_with("//") {
            let body_start = position + if has_scheme { scheme_length + 3 } else { 2 };
            // The authority stops at the first character no host, port or userinfo has.
            let body = line.get(body_start..run_end).unwrap_or("");
            let authority_length = body
                .find(|ch: char| !(is_host_char(ch) || matches!(ch, ':' | '@' | '[' | ']' | '%' | '~' | '+')))
                .unwrap_or(body.len());
            let stops_early = body
                .get(authority_length..)
                .is_some_and(|after| !after.is_empty() && !after.starts_with(['/', '?', '#', '\\']));
            let end = if stops_early { body_start + authority_length } else { link_end(line, body_start, run_end) };
            push_link(line, position, end, &run_flags, found);
            position = end.max(position + 1);
            continue;
        }
        // A bare host, perhaps with a port and a path.
        let host_length = piece.find(|ch: char| !is_host_char(ch)).unwrap_or(piece.len());
        let host_end = position + host_length;
        if host_length == 0 {
            position += c.len_utf8();
            continue;
        }
        if char_at(line, host_end) == Some('@') {
            let after = line.get(host_end + 1..run_end).unwrap_or("");
            let domain_length = after.find(|ch: char| !is_host_char(ch)).unwrap_or(after.len());
            let end = host_end + 1 + domain_length;
            let kind = if domain_length == 0 {
                FoundKind::Skipped { before: "an @handle is not a link: ", after: "" }
            } else {
                FoundKind::Skipped {
                    before: "an e-mail address is not a site: ",
                    after: " (a link to a site after @ needs a scheme)",
                }
            };
            found.push(Found { start: position, end, kind });
            position = end;
            continue;
        }
        let host = line.get(position..host_end).unwrap_or("");
        match bare_host_verdict(host) {
            BareHost::Host => {
                let mut end = host_end;
                let after = line.get(host_end..run_end).unwrap_or("");
                if let Some(port) = after.strip_prefix(':') {
                    let digits = port.bytes().take_while(u8::is_ascii_digit).count();
                    if digits > 0 {
                        end += 1 + digits;
                    }
                }
                let after = line.get(end..run_end).unwrap_or("");
                if after.starts_with(['/', '?', '#']) {
                    end = link_end(line, end, run_end);
                }
                push_link(line, position, end, &run_flags, found);
                position = end.max(position + 1);
            }
            BareHost::Noise(before) => {
                found.push(Found { start: position, end: host_end, kind: FoundKind::Skipped { before, after: "" } });
                position = host_end;
            }
            BareHost::Word => position = host_end,
        }
    }
}

/// Where a link that starts before `body_start` ends: at the end of the run, at a markdown `](`,
/// or where another `scheme://` starts after a separator; then trailing punctuation is dropped
/// (a `)` only when unbalanced).
fn link_end(line: &str, body_start: usize, run_end: usize) -> usize {
    let body = line.get(body_start..run_end).unwrap_or("");
    let mut end = run_end;
    if let Some(markdown) = body.find("](") {
        end = end.min(body_start + markdown);
    }
    let bytes = body.as_bytes();
    for (offset, _) in body.match_indices("://") {
        // Walk back over the scheme; split if a separator precedes it.
        let scheme_start = bytes
            .get(..offset)
            .map_or(offset, |before| offset - before.iter().rev().take_while(|&&b| is_scheme_char(b)).count());
        if scheme_start > 0 && matches!(bytes.get(scheme_start - 1), Some(b',' | b';' | b'(' | b'[' | b'\'')) {
            end = end.min(body_start + scheme_start - 1);
            break;
        }
    }
    strip_trailing(line, body_start, end)
}

fn strip_trailing(line: &str, start: usize, mut end: usize) -> usize {
    let text = line.get(start..end).unwrap_or("");
    // Opened minus closed parentheses and brackets, counted in one pass.
    let (mut open_parens, mut open_brackets) = (0isize, 0isize);
    for byte in text.bytes() {
        match byte {
            b'(' => open_parens += 1,
            b')' => open_parens -= 1,
            b'[' => open_brackets += 1,
            b']' => open_brackets -= 1,
            _ => {}
        }
    }
    while end > start {
        let Some(last) = line.get(start..end).and_then(|t| t.chars().next_back()) else { break };
        let strip = match last {
            ')' if open_parens >= 0 => false,
            ']' if open_brackets >= 0 => false,
            ')' => {
                open_parens += 1;
                true
            }
            ']' => {
                open_brackets += 1;
                true
            }
            other => is_trailing_punctuation(other),
        };
        if !strip {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

fn push_link(line: &str, start: usize, end: usize, run_flags: &[Flag], found: &mut Vec<Found>) {
    let end = strip_trailing(line, start, end);
    let text = line.get(start..end).unwrap_or("");
    if text.is_empty() {
        return;
    }
    found.push(Found { start, end, kind: FoundKind::Link { flags: run_flags.to_vec() } });
}

enum BareHost {
    Host,
    /// Dotted but not a host (a file name, a version number): worth saying when a line yields nothing.
    Noise(&'static str),
    /// A plain word.
    Word,
}

/// Whether a dotted name written without a scheme is a host: at least two non-empty labels and a
/// top-level domain of two or more letters (or `xn--`), not a file extension; or a dotted IPv4.
fn bare_host_verdict(written: &str) -> BareHost {
    // Without a dot there is a single label: a plain word (the common case, checked first).
    if !written.contains(is_dot_variant) {
        return BareHost::Word;
    }
    let cleaned: Cow<'_, str> = if written.contains(|c: char| is_zero_width(c) || is_bidi_control(c)) {
        Cow::Owned(written.chars().filter(|&c| !is_zero_width(c) && !is_bidi_control(c)).collect())
    } else {
        Cow::Borrowed(written)
    };
    let trimmed = cleaned.trim_end_matches(is_dot_variant);
    let labels = || trimmed.split(is_dot_variant);
    let label_count = labels().count();
    if label_count < 2 {
        return BareHost::Word;
    }
    let noise = || BareHost::Noise("not a host: ");
    if labels().any(str::is_empty) {
        return noise();
    }
    let Some(top) = labels().next_back() else { return BareHost::Word };
    if label_count == 4 && labels().all(|label| label.len() <= 3 && label.parse::<u8>().is_ok()) {
        return BareHost::Host;
    }
    let first_is_alphanumeric = trimmed.chars().next().is_some_and(char::is_alphanumeric);
    // Lower-cased without allocating when ASCII (as it nearly always is).
    let lower_top: Cow<'_, str> = if top.is_ascii() && !top.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(top)
    } else {
        Cow::Owned(top.to_lowercase())
    };
    let idn_top = lower_top.starts_with("xn--") && lower_top.len() > 4;
    let letters_top = top.chars().count() >= 2 && top.chars().all(char::is_alphabetic);
    if !first_is_alphanumeric || !(idn_top || letters_top) {
        return noise();
    }
    let two_labels = label_count == 2;
    if two_labels && FILE_EXTENSIONS.contains(&&*lower_top) {
        return BareHost::Noise("looks like a file name, not a host: ");
    }
    // `end.Next` is a missing space after a full stop, not a domain.
    let mut top_chars = top.chars();
    let title_case =
        top_chars.next().is_some_and(|c| c.is_ascii_uppercase()) && top_chars.any(|c| c.is_ascii_lowercase());
    if two_labels && title_case {
        return noise();
    }
    BareHost::Host
}
