//! Refanging: undoes the common ways people make links unclickable (`hxxp`, `[.]`, `(dot)`, `[:]`,
//! `http[s]`, `\.` …) so that the extractor sees ordinary links.
//!
//! It works on one line in one left-to-right pass (linear time), only ever rewrites the defanging
//! forms themselves, and never drops other text: prose around the links stays for the claim. A
//! bare ` dot ` in prose is left alone; only bracketed forms are rewritten.

/// Rewrites defanged links in `line` back to ordinary links.
pub fn refang(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut index = 0;
    while let Some(c) = line.get(index..).and_then(|rest| rest.chars().next()) {
        let rest = line.get(index..).unwrap_or("");
        match c {
            '[' | '(' | '{' => {
                if let Some((replacement, consumed)) = bracket_form(rest, c, &out) {
                    if replacement == "." {
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
                    continue;
                }
            }
            'h' | 'H' if at_word_start(&out) => {
                if let Some((replacement, consumed)) = defanged_http(rest) {
                    out.push_str(replacement);
                    index += consumed;
                    continue;
                }
            }
            'f' | 'F' if at_word_start(&out) => {
                let lower = ascii_lower_prefix(rest, 6);
                if lower.starts_with("fxp:") || lower.starts_with("fxp[") || lower.starts_with("fxps:") {
                    out.push_str("ftp");
                    index += 3;
                    continue;
                }
            }
            '\\' => {
                let after = rest.get(1..).unwrap_or("");
                let previous_is_alnum = out.chars().next_back().is_some_and(char::is_alphanumeric);
                if after.starts_with('.') && previous_is_alnum {
                    out.push('.');
                    index += 2;
                    continue;
                }
                if after.starts_with('/') {
                    out.push('/');
                    index += 2;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        index += c.len_utf8();
    }
    out
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
