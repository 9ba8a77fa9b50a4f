//! URL normalisation: turns one extracted (already refanged) link into the exact form Exhibit
//! compares — lower-case scheme, UTS #46 ASCII host, explicit non-default port, path and query —
//! and flags what makes the link adversarial (IDN, confusables, invisible characters, userinfo,
//! shorteners, IP hosts, non-web schemes).
//!
//! It never panics and never guesses: a link it cannot read exactly is refused with a message, and
//! the importer turns that message into a diagnostic. It never resolves, fetches or follows a link.

use std::collections::HashMap;
use std::net::Ipv6Addr;

use unicode_security::{skeleton, MixedScript};

use super::Flag;

/// Well-known URL shorteners: the target of such a link is unknown until someone expands it.
pub const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "t.co",
    "tinyurl.com",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "t.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "v.gd",
    "bl.ink",
    "rb.gy",
    "s.id",
    "lnkd.in",
    "dlvr.it",
    "trib.al",
    "soo.gd",
    "clck.ru",
    "qr.ae",
    "adf.ly",
    "shorte.st",
    "ouo.io",
    "tiny.one",
    "short.io",
    "urlz.fr",
    "t.me",
    "youtu.be",
    "amzn.to",
    "fb.me",
    "wp.me",
];

/// Schemes refused outright: they run code or read local data instead of naming a site.
const REFUSED_SCHEMES: &[&str] =
    &["javascript", "data", "file", "vbscript", "blob", "about", "view-source", "chrome", "filesystem", "jar"];

/// A link in the one form Exhibit compares, with what is worth the reviewer's attention about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedUrl {
    /// `scheme://host[:port]/path[?query]`, fragment dropped but for a hash-bang route (`#!/x`),
    /// which names a page of a single-page site.
    pub url: String,
    /// Lower-case scheme (`http` for bare domains).
    pub scheme: String,
    /// ASCII host (punycode), lower case, no trailing dot; IPv6 in brackets.
    pub host: String,
    /// The host in Unicode, for display.
    pub host_unicode: String,
    /// `host` without a leading `www.`.
    pub site: String,
    /// The port when it is not the scheme's default.
    pub port: Option<u16>,
    /// Path and query as kept in `url` (`/` at least), with a hash-bang route when there is one.
    pub path_and_query: String,
    /// The `user[:password]` part before `@`, separated out of the link.
    pub userinfo: Option<String>,
    /// Sorted, without duplicates.
    pub flags: Vec<Flag>,
}

/// True for characters that change how text is displayed without being visible (bidi controls).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `text` holds a bidi control (`is_bidi_control`). Each is U+061C (UTF-8 `D8 9C`) or
/// between U+200E and U+2069 (lead byte `E2`): only a character starting with one of those two
/// bytes is decoded, so an ASCII text costs a byte scan.
pub(super) fn has_bidi_control(text: &str) -> bool {
    text.bytes().enumerate().any(|(at, byte)| {
        (byte == 0xD8 || byte == 0xE2)
            && text.get(at..).and_then(|rest| rest.chars().next()).is_some_and(is_bidi_control)
    })
}

/// True for zero-width and other invisible characters that hide inside a link.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' | '\u{034F}')
}

/// Dot look-alikes that UTS #46 maps to `.` in host names.
pub fn is_dot_variant(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        "ftps" => Some(990),
        "sftp" | "ssh" => Some(22),
        "gopher" => Some(70),
        _ => None,
    }
}

/// Normalises one link (refang it first). Bare domains get `http://`.
pub fn normalize_url(raw: &str) -> Result<NormalizedUrl, String> {
    normalize_url_with(raw, None)
}

/// A host as written (without port, userinfo or invisible characters), normalised: what
/// `normalize_url` takes from the host alone.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Host {
    host: String,
    host_unicode: String,
    site: String,
    /// `IpHost`, `Idn`, `Confusable`, `Shortener`: the flags the host alone earns.
    flags: Vec<Flag>,
}

/// Hosts already normalised, by the text they were written as. UTS #46 mapping of Unicode hosts,
/// punycode decoding and the UTS #39 confusable checks cost far more than the rest of a link, and
/// lists name the same hosts over and over; the result depends on the host text alone, so each
/// distinct such host is worked out once.
#[derive(Debug, Default)]
pub(super) struct HostCache {
    hosts: HashMap<String, Result<Host, String>, foldhash::fast::RandomState>,
}

impl HostCache {
    fn host(&mut self, host_text: &str) -> Result<Host, String> {
        // A plain ASCII host (no punycode to decode) is normalised faster than it is looked up.
        if host_text.is_ascii() && !host_text.as_bytes().windows(4).any(|four| four.eq_ignore_ascii_case(b"xn--")) {
            return normalize_host_text(host_text);
        }
        if let Some(known) = self.hosts.get(host_text) {
            return known.clone();
        }
        let result = normalize_host_text(host_text);
        self.hosts.insert(host_text.to_owned(), result.clone());
        result
    }
}

/// `normalize_url`, reusing (and filling) `hosts` when given.
pub(super) fn normalize_url_with(raw: &str, hosts: Option<&mut HostCache>) -> Result<NormalizedUrl, String> {
    let mut flags: Vec<Flag> = Vec::new();
    if has_bidi_control(raw) {
        flags.push(Flag::BidiControl);
    }
    if raw.chars().any(is_zero_width) {
        flags.push(Flag::ZeroWidth);
    }
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || is_bidi_control(c) || is_zero_width(c));
    if trimmed.is_empty() {
        return Err("empty link".to_owned());
    }

    let (scheme, rest) = split_scheme(trimmed)?;
    if scheme != "http" && scheme != "https" {
        flags.push(Flag::NonHttpScheme);
    }

    // The authority ends at the first `/`, `?`, `#` (or `\`, which browsers read as `/`).
    let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    };
    let userinfo = userinfo.map(|info| info.chars().filter(|&c| !is_bidi_control(c) && !is_zero_width(c)).collect());
    if userinfo.is_some() {
        flags.push(Flag::Userinfo);
    }
    let host_port: String = host_port.chars().filter(|&c| !is_bidi_control(c) && !is_zero_width(c)).collect();
    let (host_text, port_text) = split_port(&host_port)?;

    let port = match port_text {
        None | Some("") => None,
        Some(digits) => {
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("invalid port {digits:?}"));
            }
            match digits.parse::<u16>() {
                Ok(port) => Some(port),
                Err(_) => return Err(format!("port {digits} is out of range")),
            }
        }
    };
    let port = port.filter(|&port| Some(port) != default_port(&scheme));

    let Host { host, host_unicode, site, flags: host_flags } = match hosts {
        Some(cache) => cache.host(host_text)?,
        None => normalize_host_text(host_text)?,
    };
    flags.extend_from_slice(&host_flags);

    let path_and_query = normalize_path_and_query(tail, &scheme);
    let mut url = String::with_capacity(scheme.len() + 3 + host.len() + 6 + path_and_query.len());
    url.push_str(&scheme);
    url.push_str("://");
    url.push_str(&host);
    if let Some(port) = port {
        url.push(':');
        url.push_str(&port.to_string());
    }
    url.push_str(&path_and_query);

    flags.sort();
    flags.dedup();
    Ok(NormalizedUrl { url, scheme, host, host_unicode, site, port, path_and_query, userinfo, flags })
}

/// Splits `scheme://rest`; bare domains (and `//host`) get `http`. Refuses script and local schemes.
fn split_scheme(input: &str) -> Result<(String, &str), String> {
    if let Some(rest) = input.strip_prefix("//") {
        return Ok(("http".to_owned(), rest));
    }
    let scheme_end = input.find(':');
    if let Some(colon) = scheme_end {
        let candidate = &input[..colon];
        let is_scheme = candidate.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && candidate.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        if is_scheme {
            let scheme = candidate.to_ascii_lowercase();
            if REFUSED_SCHEMES.contains(&scheme.as_str()) {
                return Err(format!("refused {scheme}: link (it names no web site)"));
            }
            if scheme == "mailto" {
                return Err("an e-mail address is not a site".to_owned());
            }
            let after = &input[colon + 1..];
            if let Some(rest) = after.strip_prefix("//") {
                return Ok((scheme, rest));
            }
            // `host:port` without a scheme reads like `scheme:digits`; `name:text` is no link.
            if !after.starts_with(|c: char| c.is_ascii_digit()) && !candidate.contains('.') {
                return Err(format!("unsupported link form {scheme}: (expected {scheme}://)"));
            }
        }
    }
    Ok(("http".to_owned(), input))
}

/// Splits `host[:port]`, with `[v6]` hosts.
fn split_port(host_port: &str) -> Result<(&str, Option<&str>), String> {
    if host_port.starts_with('[') {
        let Some(close) = host_port.find(']') else {
            return Err("unterminated IPv6 host".to_owned());
        };
        let host = &host_port[..=close];
        let after = &host_port[close + 1..];
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(format!("unexpected text after IPv6 host: {after:?}")),
        };
    }
    match host_port.rfind(':') {
        Some(colon) => Ok((&host_port[..colon], Some(&host_port[colon + 1..]))),
        None => Ok((host_port, None)),
    }
}

/// Normalises a host as written: its ASCII and Unicode forms, its site, and the flags it earns.
fn normalize_host_text(host_text: &str) -> Result<Host, String> {
    let mut flags = Vec::new();
    let host = normalize_host(host_text, &mut flags)?;
    let host_unicode =
        if host.starts_with('[') || !host.contains("xn--") { host.clone() } else { idna::domain_to_unicode(&host).0 };
    if host_unicode != host {
        flags.push(Flag::Idn);
        if host_unicode.split('.').any(is_confusable_label) {
            flags.push(Flag::Confusable);
        }
    }
    let site = match host.strip_prefix("www.") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => host.clone(),
    };
    if SHORTENERS.contains(&site.as_str()) {
        flags.push(Flag::Shortener);
    }
    Ok(Host { host, host_unicode, site, flags })
}

fn normalize_host(host_text: &str, flags: &mut Vec<Flag>) -> Result<String, String> {
    if let Some(inner) = host_text.strip_prefix('[') {
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        return match inner.parse::<Ipv6Addr>() {
            Ok(address) => {
                flags.push(Flag::IpHost);
                Ok(format!("[{address}]"))
            }
            Err(_) => Err(format!("invalid IPv6 host [{inner}]")),
        };
    }
    if host_text.is_empty() {
        return Err("empty host".to_owned());
    }
    let ascii = match idna::uts46::Uts46::new().to_ascii(
        host_text.as_bytes(),
        idna::uts46::AsciiDenyList::URL,
        idna::uts46::Hyphens::Allow,
        idna::uts46::DnsLength::Ignore,
    ) {
        Ok(ascii) => ascii.into_owned(),
        Err(_) => return Err(format!("invalid host {host_text:?} (not a valid internationalised domain name)")),
    };
    let ascii = ascii.strip_suffix('.').unwrap_or(&ascii).to_owned();
    if ascii.is_empty() {
        return Err("empty host".to_owned());
    }
    if let Some(ipv4) = parse_ipv4(&ascii)? {
        flags.push(Flag::IpHost);
        return Ok(ipv4);
    }
    if let Some(bad) = ascii.chars().find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(format!("invalid character {bad:?} in host {ascii:?}"));
    }
    if ascii.len() > 253 {
        return Err(format!("host is {} characters long (at most 253)", ascii.len()));
    }
    for label in ascii.split('.') {
        if label.is_empty() {
            return Err(format!("invalid host {ascii:?} (empty label)"));
        }
        if label.len() > 63 {
            return Err(format!("label is {} characters long (at most 63): {label}", label.len()));
        }
        // Not a valid host name (RFC 952/1123), though browsers open it: kept, and flagged.
        if label.starts_with('-') || label.ends_with('-') {
            flags.push(Flag::HyphenLabel);
        }
    }
    Ok(ascii)
}

/// WHATWG IPv4 parsing: a host whose last label is a number must be an IPv4 address (decimal,
/// `0x` hex or `0` octal parts, 1 to 4 of them). Returns `Ok(None)` for ordinary names.
fn parse_ipv4(host: &str) -> Result<Option<String>, String> {
    let mut parts: Vec<&str> = host.split('.').collect();
    if parts.last().is_some_and(|last| last.is_empty()) && parts.len() > 1 {
        parts.pop();
    }
    let Some(last) = parts.last() else { return Ok(None) };
    let last_is_number = !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || (last.len() > 1
                && (last.starts_with("0x") || last.starts_with("0X"))
                && last.bytes().skip(2).all(|b| b.is_ascii_hexdigit())));
    if !last_is_number {
        return Ok(None);
    }
    let invalid = || Err(format!("invalid IPv4 host {host:?}"));
    if parts.len() > 4 {
        return invalid();
    }
    let mut numbers = Vec::with_capacity(parts.len());
    for part in &parts {
        let parsed = if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            if hex.is_empty() {
                Some(0)
            } else {
                u64::from_str_radix(hex, 16).ok()
            }
        } else if part.len() > 1 && part.starts_with('0') {
            u64::from_str_radix(&part[1..], 8).ok()
        } else if part.is_empty() {
            None
        } else {
            part.parse::<u64>().ok()
        };
        match parsed {
            Some(number) => numbers.push(number),
            None => return invalid(),
        }
    }
    let Some((&last_number, leading)) = numbers.split_last() else { return invalid() };
    if leading.iter().any(|&number| number > 255) {
        return invalid();
    }
    let remaining_bits = 8 * (4 - leading.len() as u32);
    if remaining_bits < 64 && last_number >= (1u64 << remaining_bits) {
        return invalid();
    }
    let mut address: u64 = last_number;
    for (index, &number) in leading.iter().enumerate() {
        address += number << (8 * (3 - index as u32));
    }
    let octets = [(address >> 24) & 255, (address >> 16) & 255, (address >> 8) & 255, address & 255];
    Ok(Some(format!("{}.{}.{}.{}", octets[0], octets[1], octets[2], octets[3])))
}

/// UTS #39: a label mixing scripts, or a non-ASCII label whose skeleton is plain ASCII (a whole
/// Cyrillic `аррӏе` that reads as `apple`).
fn is_confusable_label(label: &str) -> bool {
    if label.is_ascii() {
        return false;
    }
    if !label.is_single_script() {
        return true;
    }
    skeleton(label).all(|c| c.is_ascii())
}

/// Keeps path and query (fragment dropped, but a hash-bang route `#!…` kept: on a single-page site
/// it names the page), resolves dot segments, percent-encodes what is not URL text, upper-cases
/// existing escapes, and gives an empty path `/`.
fn normalize_path_and_query(tail: &str, scheme: &str) -> String {
    let (without_fragment, route) = match tail.find('#') {
        Some(hash) => (&tail[..hash], tail[hash + 1..].strip_prefix('!')),
        None => (tail, None),
    };
    let (path, query) = match without_fragment.find('?') {
        Some(question) => (&without_fragment[..question], Some(&without_fragment[question + 1..])),
        None => (without_fragment, None),
    };
    let path = if matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp") {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let mut out = String::with_capacity(path.len() + 8);
    let mut segments: Vec<&str> = Vec::new();
    let mut pieces = path.split('/').skip(1).peekable();
    let mut ends_with_slash = false;
    while let Some(segment) = pieces.next() {
        let last = pieces.peek().is_none();
        match segment {
            "." => ends_with_slash = last,
            ".." => {
                segments.pop();
                ends_with_slash = last;
            }
            _ => {
                segments.push(segment);
                ends_with_slash = false;
            }
        }
    }
    for segment in &segments {
        out.push('/');
        percent_encode_into(segment, &mut out, false);
    }
    if ends_with_slash || segments.is_empty() {
        out.push('/');
    }
    if let Some(query) = query.filter(|query| !query.is_empty()) {
        out.push('?');
        percent_encode_into(query, &mut out, true);
    }
    if let Some(route) = route {
        out.push_str("#!");
        percent_encode_into(route, &mut out, true);
    }
    out
}

fn percent_encode_into(text: &str, out: &mut String, is_query: bool) {
    let bytes = text.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let high = bytes.get(index + 1).copied().filter(u8::is_ascii_hexdigit);
            let low = bytes.get(index + 2).copied().filter(u8::is_ascii_hexdigit);
            if let (Some(high), Some(low)) = (high, low) {
                out.push('%');
                out.push(high.to_ascii_uppercase() as char);
                out.push(low.to_ascii_uppercase() as char);
                index += 3;
                continue;
            }
            out.push_str("%25");
        } else if byte > 0x20 && byte < 0x7F && byte != b'"' && byte != b'<' && byte != b'>' && byte != b'`' {
            if is_query || (byte != b'?' && byte != b'#') {
                out.push(byte as char);
            } else {
                push_escape(byte, out);
            }
        } else {
            push_escape(byte, out);
        }
        index += 1;
    }
}

fn push_escape(byte: u8, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(byte >> 4)] as char);
    out.push(HEX[usize::from(byte & 15)] as char);
}
