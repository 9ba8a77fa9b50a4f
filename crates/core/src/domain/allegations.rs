//! Allegation lists: what someone claims. Parses pasted text, CSV and JSON; refangs defanged links;
//! normalises each URL exactly (UTS #46 hosts); flags adversarial hosts; keeps provenance; merges
//! duplicates.
//!
//! Never panics and never fails whole, whatever the input: `import` returns the allegations it could
//! read plus diagnostics with line numbers.

pub(crate) mod csv;
mod extract;
mod json;
mod normalize;
mod refang;

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::diagnostic::Diagnostic;
use crate::domain::ids::AllegationId;

pub use normalize::{is_bidi_control, is_zero_width, normalize_url, NormalizedUrl, SHORTENERS};
use normalize::{normalize_url_with, HostCache};
pub use refang::refang;

/// A hash map with foldhash's randomly seeded hasher: the importer's lookups per line.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Something worth the reviewer's attention about an allegation's link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The host was written in Unicode (show both forms).
    Idn,
    /// Mixed scripts or confusable characters in the host (UTS #39).
    Confusable,
    /// Bidirectional control characters in the line or link.
    BidiControl,
    /// Zero-width characters in the link.
    ZeroWidth,
    /// `user@host` form: the link goes to the part after `@`.
    Userinfo,
    /// A known URL shortener: the real target is unknown.
    Shortener,
    /// The host is an IP address.
    IpHost,
    /// A scheme other than http/https (ftp, …).
    NonHttpScheme,
    /// A label of the host starts or ends with `-` (`-bad-.example`): not a valid host name,
    /// though browsers open it.
    HyphenLabel,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Idn => "idn",
            Flag::Confusable => "confusable",
            Flag::BidiControl => "bidi-control",
            Flag::ZeroWidth => "zero-width",
            Flag::Userinfo => "userinfo",
            Flag::Shortener => "shortener",
            Flag::IpHost => "ip-host",
            Flag::NonHttpScheme => "non-http-scheme",
            Flag::HyphenLabel => "hyphen-label",
        }
    }
}

/// Where an allegation was read: file, 1-based line, and the raw line as written. The file name is
/// shared by every line read from that file (one allocation per list, not per occurrence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLine {
    pub file: Arc<str>,
    pub line: usize,
    pub raw: String,
}

/// One alleged URL (duplicates merged), with everything said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allegation {
    /// Stable id: `a` + 1-based index in first-seen order (`a1`, `a2`, …).
    pub id: AllegationId,
    /// The normalised URL (scheme, ASCII host, optional port, path, query).
    pub url: String,
    /// ASCII (punycode) host, lower case, without port or trailing dot.
    pub host: String,
    /// The host in Unicode, for display next to `host` when they differ.
    pub host_unicode: String,
    /// `host` without a leading `www.`: the grouping key.
    pub site: String,
    /// What is alleged (CSV/JSON claim column, or the prose around the link).
    pub claim: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub flags: Vec<Flag>,
    /// Every place this URL was alleged, first one first.
    pub occurrences: Vec<SourceLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Auto,
    Text,
    Csv,
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Format::Auto),
            "text" => Ok(Format::Text),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format {other:?}: use auto, text, csv or json")),
        }
    }
}

impl Allegation {
    /// The first place this URL was alleged.
    pub fn first_occurrence(&self) -> Option<&SourceLine> {
        self.occurrences.first()
    }

    /// Every line number this URL was alleged on, first one first.
    pub fn lines(&self) -> Vec<usize> {
        self.occurrences.iter().map(|occurrence| occurrence.line).collect()
    }

    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }
}

/// An allegation list's bytes as text, the one way the CLI, the app's worker and case building
/// read a list: a byte order mark's encoding (UTF-8, UTF-16), UTF-16 without one, UTF-8, or else a
/// legacy encoding guessed from the bytes (a list saved as Latin-1 or windows-1256), said in a
/// diagnostic. Lone carriage returns (old Mac and some spreadsheet exports) end lines.
pub fn decode_list(bytes: &[u8]) -> (String, Option<Diagnostic>) {
    let decoded = crate::domain::capture::decode::decode_text(bytes, None);
    let utf8 = decoded.encoding == "UTF-8";
    let diagnostic = if decoded.had_errors {
        Some(Diagnostic::warning(format!(
            "the list is not valid {}: invalid bytes were replaced with U+FFFD",
            decoded.encoding
        )))
    } else if !utf8 && decoded.source == crate::domain::capture::decode::EncodingSource::Detected {
        Some(Diagnostic::info(format!("the list is not UTF-8: it was read as {} (detected)", decoded.encoding)))
    } else {
        None
    };
    let text = decoded.text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(decoded.text);
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    (text, diagnostic)
}

/// Parses an allegation list. `file_name` is recorded as provenance.
///
/// Strips a UTF-8 byte order mark, accepts CRLF, detects the format when `format` is `Auto`, and
/// merges duplicates (same normalised URL) into one allegation listing every source line.
pub fn import(file_name: &str, input: &str, format: Format) -> (Vec<Allegation>, Vec<Diagnostic>) {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let mut collector = Collector::new(file_name);
    match format {
        Format::Text => import_text(&mut collector, input),
        Format::Csv => csv::import(&mut collector, input, true),
        Format::Json => json::import(&mut collector, input),
        Format::Auto => match detect_format(input) {
            Format::Json => json::import(&mut collector, input),
            Format::Csv => csv::import(&mut collector, input, false),
            _ => import_text(&mut collector, input),
        },
    }
    collector.finish()
}

/// What `Format::Auto` reads `input` as: JSON when it parses (or plainly starts) as a JSON array or
/// object, CSV when its first line is a header with a url/link/site/domain column, text otherwise.
pub fn detect_format(input: &str) -> Format {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let trimmed = input.trim_start();
    if trimmed.starts_with('{') {
        return Format::Json;
    }
    if let Some(after) = trimmed.strip_prefix('[') {
        // `[text](link)` is markdown, `[{`, `["` and `[]` are JSON.
        let after = after.trim_start();
        if after.starts_with(['{', '"', ']'])
            || after.is_empty()
            || serde_json::from_str::<serde_json::Value>(trimmed).is_ok()
        {
            return Format::Json;
        }
    }
    if csv::detect_header(input).is_some() {
        return Format::Csv;
    }
    Format::Text
}

/// Groups allegations by `site` (first-seen order): each site with the indices of its allegations.
pub fn group_by_site(allegations: &[Allegation]) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index_of_site: HashMap<&str, usize> = HashMap::new();
    for (index, allegation) in allegations.iter().enumerate() {
        match index_of_site.get(allegation.site.as_str()) {
            Some(&group) => {
                if let Some((_, members)) = groups.get_mut(group) {
                    members.push(index);
                }
            }
            None => {
                index_of_site.insert(allegation.site.as_str(), groups.len());
                groups.push((allegation.site.clone(), vec![index]));
            }
        }
    }
    groups
}

/// What a CSV row or JSON object says beside the link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Fields {
    claim: Option<String>,
    source: Option<String>,
    date: Option<String>,
}

/// Accumulates allegations in first-seen order, merging duplicates in constant time each.
struct Collector<'a> {
    file: &'a str,
    /// `file`, shared by every occurrence's `SourceLine`.
    shared_file: Arc<str>,
    allegations: Vec<Allegation>,
    index_of_url: FastMap<String, usize>,
    /// Every distinct link text seen so far, with what it normalised to: the index of its
    /// allegation, or why it was refused. `normalize_url` depends on the text alone, so a link
    /// repeated across lines (the common case: one URL alleged many times) is normalised once.
    link_of_text: FastMap<String, Result<usize, String>>,
    /// Normalised hosts, shared by the distinct links on one host.
    hosts: HostCache,
    diagnostics: Vec<Diagnostic>,
    scratch: Scratch,
}

/// Buffers `add_prose` empties and refills on every line instead of allocating them anew.
#[derive(Default)]
struct Scratch {
    /// What the extractor found on the line.
    found: Vec<extract::Found>,
    /// The byte ranges of the line taken by links (and refused links): not part of the claim.
    removed: Vec<(usize, usize)>,
    /// Each link's allegation (created as it is first seen) and the flags of this occurrence.
    links: Vec<(usize, Vec<Flag>)>,
}

impl<'a> Collector<'a> {
    fn new(file: &'a str) -> Self {
        Collector {
            file,
            shared_file: Arc::from(file),
            allegations: Vec::new(),
            index_of_url: FastMap::default(),
            link_of_text: FastMap::default(),
            hosts: HostCache::default(),
            diagnostics: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    fn finish(self) -> (Vec<Allegation>, Vec<Diagnostic>) {
        (self.allegations, self.diagnostics)
    }

    fn diagnose(&mut self, diagnostic: Diagnostic, line: usize) {
        self.diagnostics.push(diagnostic.at_line(line).in_file(self.file));
    }

    /// A list's date as written, less any `YYYY-MM-DD` that is no day of the calendar
    /// (`2024-02-30`): said, and left out, so no export states it as the claim's date. Free text
    /// ("March 2024") is kept as it is.
    fn checked_date(&mut self, date: Option<String>, line: usize) -> Option<String> {
        let date = date?;
        if !date.split("; ").any(|part| crate::domain::time::calendar_date_problem(part).is_some()) {
            return Some(date);
        }
        let mut kept = Vec::new();
        for part in date.split("; ") {
            match crate::domain::time::calendar_date_problem(part) {
                Some(problem) => {
                    self.diagnose(Diagnostic::warning(format!("date \"{part}\": {problem}; left out")), line)
                }
                None => kept.push(part),
            }
        }
        (!kept.is_empty()).then(|| kept.join("; "))
    }

    /// The index of the allegation for the link written as `link_text` (created without
    /// occurrences when its normalised URL is new), or the diagnostic message when the link cannot
    /// be normalised.
    fn allegation_for(&mut self, link_text: &str) -> Result<usize, String> {
        let result = match self.link_of_text.get(link_text) {
            Some(known) => known.clone(),
            None => {
                let result =
                    normalize_url_with(link_text, Some(&mut self.hosts)).map(|link| self.allegation_for_url(link));
                self.link_of_text.insert(link_text.to_owned(), result.clone());
                result
            }
        };
        result.map_err(|message| format!("{message}: {link_text}"))
    }

    /// The index of the allegation for a normalised link, created (without occurrences) when new.
    fn allegation_for_url(&mut self, link: NormalizedUrl) -> usize {
        if let Some(&index) = self.index_of_url.get(&link.url) {
            return index;
        }
        let index = self.allegations.len();
        self.index_of_url.insert(link.url.clone(), index);
        self.allegations.push(Allegation {
            id: AllegationId::from(format!("a{}", index + 1)),
            url: link.url,
            host: link.host,
            host_unicode: link.host_unicode,
            site: link.site,
            claim: None,
            source: None,
            date: None,
            flags: link.flags,
            occurrences: Vec::new(),
        });
        index
    }

    /// Adds every link in `text` (a prose line, a JSON string, a CSV row without a url column).
    /// The claim is the prose left when the links are removed, unless `fields` brings one.
    fn add_prose(&mut self, line: usize, raw: &str, text: &str, fields: &Fields) {
        let mut scratch = std::mem::take(&mut self.scratch);
        self.add_prose_with(line, raw, text, fields, &mut scratch);
        self.scratch = scratch;
    }

    /// `add_prose` with the buffers it reuses from line to line.
    fn add_prose_with(&mut self, line: usize, raw: &str, text: &str, fields: &Fields, scratch: &mut Scratch) {
        let Scratch { found, removed, links } = scratch;
        found.clear();
        removed.clear();
        links.clear();
        let refanged = refang::refang_cow(text);
        extract::extract_into(&refanged, found);
        let line_is_bidi = normalize::has_bidi_control(raw);
        let mut diagnosed = false;
        let mut first_skip: Option<&extract::Found> = None;
        for item in found.iter() {
            match &item.kind {
                extract::FoundKind::Link { flags } => {
                    removed.push((item.start, item.end));
                    let link_text = refanged.get(item.start..item.end).unwrap_or("");
                    match self.allegation_for(link_text) {
                        Ok(index) => {
                            let mut flags = flags.clone();
                            if line_is_bidi {
                                flags.push(Flag::BidiControl);
                            }
                            links.push((index, flags));
                        }
                        Err(message) => {
                            self.diagnose(Diagnostic::warning(message), line);
                            diagnosed = true;
                        }
                    }
                }
                extract::FoundKind::Refused(message) => {
                    removed.push((item.start, item.end));
                    self.diagnose(Diagnostic::warning(message.clone()), line);
                    diagnosed = true;
                }
                extract::FoundKind::Skipped { .. } => {
                    if first_skip.is_none() {
                        first_skip = Some(item);
                    }
                }
            }
        }
        if links.is_empty() {
            if !diagnosed && !text.trim().is_empty() {
                let diagnostic = match first_skip.and_then(|item| item.skip_reason(&refanged)) {
                    Some(reason) => Diagnostic::warning(format!("no link on this line: {reason}")),
                    None => Diagnostic::info("no link on this line; skipped"),
                };
                self.diagnose(diagnostic, line);
            }
            return;
        }
        // The claim from the prose is worked out only when an allegation still lacks one.
        let mut prose_claim: Option<Option<String>> = None;
        // Every allegation of the line keeps it as written: a line of thousands of links is kept
        // cut, not once per link whole (16,000 links on a 1 MB line were 16 GB).
        let kept_raw = cut_long(raw);
        for (index, extra_flags) in links.drain(..) {
            let Some(allegation) = self.allegations.get_mut(index) else { continue };
            if allegation.occurrences.last().is_none_or(|last| last.line != line) {
                allegation.occurrences.push(SourceLine {
                    file: self.shared_file.clone(),
                    line,
                    raw: kept_raw.clone().into_owned(),
                });
            }
            let mut changed_flags = false;
            for flag in extra_flags {
                if !allegation.flags.contains(&flag) {
                    allegation.flags.push(flag);
                    changed_flags = true;
                }
            }
            if changed_flags {
                allegation.flags.sort();
            }
            if allegation.claim.is_none() {
                allegation.claim = match &fields.claim {
                    Some(claim) => Some(claim.clone()),
                    None => prose_claim
                        .get_or_insert_with(|| {
                            claim_from_prose(&refanged, removed).map(|claim| cut_long(&claim).into_owned())
                        })
                        .clone(),
                };
            }
            if allegation.source.is_none() {
                allegation.source.clone_from(&fields.source);
            }
            if allegation.date.is_none() {
                allegation.date.clone_from(&fields.date);
            }
        }
    }
}

/// The most bytes of a line (or of the claim made from it) kept with each of its allegations.
pub const MAX_KEPT_LINE_BYTES: usize = 4096;

/// `text` when it has at most `MAX_KEPT_LINE_BYTES` bytes; else its start, cut at a character,
/// with how much was left out.
fn cut_long(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_KEPT_LINE_BYTES {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut end = MAX_KEPT_LINE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = text.get(end..).map_or(0, |rest| rest.chars().count());
    std::borrow::Cow::Owned(format!("{}… [{rest} more characters]", text.get(..end).unwrap_or_default()))
}

fn import_text(collector: &mut Collector<'_>, input: &str) {
    for (index, line) in input.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        collector.add_prose(index + 1, line, line, &Fields::default());
    }
}

/// The prose of a line with its links removed: list markers, empty brackets, dangling separators
/// and invisible characters dropped, whitespace collapsed. `None` when nothing meaningful is left.
fn claim_from_prose(line: &str, removed: &[(usize, usize)]) -> Option<String> {
    let mut kept = String::with_capacity(line.len());
    let mut position = 0;
    for &(start, end) in removed {
        let (start, end) = widen_over_wrapper(line, start, end);
        if start >= position {
            kept.push_str(line.get(position..start).unwrap_or(""));
            kept.push(' ');
        }
        position = position.max(end);
    }
    kept.push_str(line.get(position..).unwrap_or(""));

    let mut collapsed = String::with_capacity(kept.len());
    for word in kept.split(|c: char| c.is_whitespace() || is_bidi_control(c) || is_zero_width(c)) {
        if word.is_empty() {
            continue;
        }
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    let mut text = strip_list_marker(&collapsed).to_owned();
    for _ in 0..3 {
        let before = text.len();
        for pair in ["()", "[]", "{}", "<>", "( )", "[ ]", "\"\"", "''", "«»", "“”"] {
            if text.contains(pair) {
                text = text.replace(pair, "");
            }
        }
        if text.len() == before {
            break;
        }
    }
    let mut text = drop_unmatched_brackets(&text);
    for punctuation in [" ,", " .", " ;", " :", " !", " ?", " ،", " ۔", " 。", " )", " ]"] {
        if text.contains(punctuation) {
            text = text.replace(punctuation, punctuation.trim_start());
        }
    }
    for opener in ["( ", "[ "] {
        if text.contains(opener) {
            text = text.replace(opener, opener.trim_end());
        }
    }
    finish_claim(&text)
}

/// Widens a removed link over the quotes or brackets wrapped right around it (`"link"`, `<link>`,
/// `(link)`), and over the `]` of a markdown `[text](link)` so that only `text` stays.
fn widen_over_wrapper(line: &str, start: usize, end: usize) -> (usize, usize) {
    let before = line.get(..start).and_then(|text| text.chars().next_back());
    let after = line.get(end..).and_then(|text| text.chars().next());
    let (Some(open), Some(close)) = (before, after) else { return (start, end) };
    let pairs = [('"', '"'), ('\'', '\''), ('<', '>'), ('(', ')'), ('[', ']'), ('«', '»'), ('“', '”'), ('‘', '’')];
    if !pairs.contains(&(open, close)) {
        return (start, end);
    }
    let mut start = start - open.len_utf8();
    let end = end + close.len_utf8();
    if open == '(' && line.get(..start).is_some_and(|text| text.ends_with(']')) {
        start -= 1;
    }
    (start, end)
}

fn finish_claim(text: &str) -> Option<String> {
    let is_separator =
        |c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '|' | '/' | '،' | '=');
    let mut text = text.trim_matches(is_separator);
    text = strip_list_marker(text).trim_matches(is_separator);
    text = text.trim_start_matches(['.', ')']).trim_matches(is_separator);
    let text: String = {
        let mut collapsed = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        collapsed
    };
    // Connectives left between two links say nothing.
    const CONNECTIVES: &[&str] = &["and", "or", "also", "see", "und", "et", "y", "و", "и", "&", "+"];
    if text.chars().any(char::is_alphanumeric) && !CONNECTIVES.contains(&text.to_lowercase().as_str()) {
        Some(text)
    } else {
        None
    }
}

/// `1.`, `2)`, `-`, `*`, `•` at the start of a line.
fn strip_list_marker(text: &str) -> &str {
    let text = text.trim_start();
    for marker in ['-', '*', '•', '·', '–', '—', '>', '+', '▪', '◦'] {
        if let Some(rest) = text.strip_prefix(marker) {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                return rest.trim_start();
            }
        }
    }
    let digits = text.char_indices().take_while(|&(_, c)| c.is_numeric()).last();
    if let Some((last_digit, c)) = digits {
        let after_digits = last_digit + c.len_utf8();
        if after_digits <= 12 {
            if let Some(rest) = text.get(after_digits..).and_then(|rest| rest.strip_prefix(['.', ')'])) {
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    return rest.trim_start();
                }
            }
        }
    }
    text
}

/// Removes brackets that have no partner (left behind by markdown links and removed URLs).
fn drop_unmatched_brackets(text: &str) -> String {
    let mut unmatched = vec![false; text.len()];
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (index, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => stack.push((c, index)),
            ')' | ']' | '}' => {
                let opener = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if stack.last().is_some_and(|&(open, _)| open == opener) {
                    stack.pop();
                } else if let Some(slot) = unmatched.get_mut(index) {
                    *slot = true;
                }
            }
            _ => {}
        }
    }
    for (_, index) in stack {
        if let Some(slot) = unmatched.get_mut(index) {
            *slot = true;
        }
    }
    text.char_indices().filter(|&(index, _)| !unmatched.get(index).copied().unwrap_or(false)).map(|(_, c)| c).collect()
}
