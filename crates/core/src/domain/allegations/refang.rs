//! Refanging: undoes the common ways people make links unclickable (`hxxp`, `[.]`, `(dot)`, `[:]`,
//! `http[s]`, `\.` …) so that the extractor sees ordinary links.
//!
//! It works on one line in one left-to-right pass (linear time), only ever rewrites the defanging
//! forms themselves, and never drops other text: prose around the links stays for the claim. A
//! bare ` dot ` in prose is left alone; only bracketed forms are rewritten.

use std::borrow::Cow;

/// Rewrites defanged links in `line` back to ordinary links.
pub fn refang(line: &str) -> String {
    refang_cow(line).into_owned()
}

/// Bytes that may start a defanging form; everything else is copied as it is.
fn may_start_form(byte: u8) -> bool {
    matches!(byte, b'[' | b'(' | b'{' | b'h' | b'H' | b'f' | b'F' | b'\\')
}

/// `refang`, borrowing `line` when there is nothing to rewrite.
pub(super) fn refang_cow(line: &str) -> Cow<'_, str> {
    // The rewritten text, from the first rewrite on; until then the output is `line[..index]`.
    let mut rewritten: Option<String> = None;
    let mut index = 0;
    while let Some(rest) = line.get(index..).filter(|rest| !rest.is_empty()) {
        // Copy the run up to the next byte that may start a form (all such bytes are ASCII, so
        // the run ends on a character boundary).
        let run = rest.bytes().position(may_start_form).unwrap_or(rest.len());
        if run > 0 {
            if let Some(out) = rewritten.as_mut() {
                out.push_str(rest.get(..run).unwrap_or(""));
            }
            index += run;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        let out: &str = rewritten.as_deref().unwrap_or_else(|| line.get(..index).unwrap_or(""));
        let rewrite = match c {
            '[' | '(' | '{' => bracket_form(rest, c, out),
            'h' | 'H' if at_word_start(out) => defanged_http(rest),
            'f' | 'F' if at_word_start(out) => {
                let lower = ascii_lower_prefix(rest, 6);
                if lower.starts_with("fxp:") || lower.starts_with("fxp[") || lower.starts_with("fxps:") {
                    Some(("ftp", 3))
                } else {
                    None
                }
            }
            '\\' => {
                let after = rest.get(1..).unwrap_or("");
                let previous_is_alnum = out.chars().next_back().is_some_and(char::is_alphanumeric);
                if after.starts_with('.') && previous_is_alnum {
                    Some((".", 2))
                } else if after.starts_with('/') {
                    Some(("/", 2))
                } else {
                    None
                }
            }
            _ => None,
        };
        match rewrite {
            Some((replacement, consumed)) => {
                let out = rewritten.get_or_insert_with(|| {
                    let mut out = String::with_capacity(line.len());
                    out.push_str(line.get(..index).unwrap_or(""));
                    out
                });
                if replacement == "." && c != '\\' {
                    // `site [.] example` → `site.example`.
                    let kept = out.trim_end_matches([' ', '\t']).len();
                    out.truncate(kept);
                    out.push('.');
                    index += consumed;
                    let after = line.get(index..).unwrap_or("");
                    index += after.len() - after.trim_start_matches([' ', '\t']).len();
                } else {
                    out.push_str(replacement);
                    index += consumed;
                }
            }
            None => {
                if let Some(out) = rewritten.as_mut() {
                    out.push(c);
                }
                index += c.len_utf8();
            }
        }
    }
    match rewritten {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(line),
    }
}

fn at_word_start(out: &str) -> bool {
    !out.chars().next_back().is_some_and(char::is_alphanumeric)
}

fn ascii_lower_prefix(text: &str, max_bytes: usize) -> String {
    text.bytes().take(max_bytes).map(|b| b.to_ascii_lowercase() as char).collect()
}

/// `[.]`, `(dot)`, `{.}`, `[:]`, `[://]`, `[/]`, `[s]` after `http` … → the plain text, and how
/// many bytes of `rest` the form takes.
fn bracket_form(rest: &str, open: char, out: &str) -> Option<(&'static str, usize)> {
    let close = match open {
        '[' => ']',
        '(' => ')',
        _ => '}',
    };
    let window = rest.get(1..).unwrap_or("");
    let close_at = window.char_indices().take(8).find(|&(_, c)| c == close).map(|(at, _)| at)?;
    let inner = window.get(..close_at)?.trim().to_ascii_lowercase();
    let consumed = 1 + close_at + close.len_utf8();
    let replacement = match inner.as_str() {
        "." | "dot" => ".",
        ":" => ":",
        "://" => "://",
        ":/" => ":/",
        "//" => "//",
        "/" => "/",
        "@" => "@",
        "s" => {
            let lower_tail = out.get(out.len().saturating_sub(4)..).unwrap_or("").to_ascii_lowercase();
            if lower_tail.ends_with("http") || lower_tail.ends_with("ftp") {
                "s"
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some((replacement, consumed))
}

/// `hxxp`, `hXXp`, `h**p`, `hxxps`, `hxtp`, `htxp` … → `http`/`https`.
fn defanged_http(rest: &str) -> Option<(&'static str, usize)> {
    let bytes = rest.as_bytes();
    let is_mask = |b: u8| matches!(b, b'x' | b'X' | b'*' | b't' | b'T');
    let (first, second, third) = (*bytes.get(1)?, *bytes.get(2)?, *bytes.get(3)?);
    if !(is_mask(first) && is_mask(second) && matches!(third, b'p' | b'P')) {
        return None;
    }
    let plain_http = matches!(first, b't' | b'T') && matches!(second, b't' | b'T');
    if plain_http {
        return None;
    }
    if matches!(bytes.get(4), Some(b's' | b'S')) {
        Some(("https", 5))
    } else {
        Some(("http", 4))
    }
}
