//! CSV allegation lists: an RFC 4180 reader (quoted fields, doubled quotes, quoted newlines, CRLF)
//! that keeps each record's first line number and raw text, and a tolerant header mapping
//! (url/link/site/domain, claim/allegation/reason/category, source/by/reporter, date).
//!
//! It never rejects a file for sloppy quoting: a stray quote inside an unquoted field is kept as
//! text, and an unterminated quoted field is read to the end of the input and diagnosed.

use super::{Collector, Fields};
use crate::domain::diagnostic::Diagnostic;

/// One CSV record: its cells, the line it starts on, and its text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    pub line: usize,
    pub raw: &'a str,
    pub cells: Vec<String>,
    /// The record ended inside a quoted field (at the end of the input).
    pub unterminated: bool,
}

/// Reads records one at a time, in linear time.
pub struct Reader<'a> {
    input: &'a str,
    position: usize,
    line: usize,
    delimiter: u8,
}

impl<'a> Reader<'a> {
    pub fn new(input: &'a str, delimiter: u8) -> Self {
        Reader { input, position: 0, line: 1, delimiter }
    }
}

impl<'a> Iterator for Reader<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let bytes = self.input.as_bytes();
        if self.position >= bytes.len() {
            return None;
        }
        let start = self.position;
        let first_line = self.line;
        let mut cells = Vec::new();
        let mut cell: Vec<u8> = Vec::new();
        let mut index = start;
        let mut unterminated = false;
        let mut at_cell_start = true;
        let mut raw_end = bytes.len();
        loop {
            let Some(&byte) = bytes.get(index) else {
                cells.push(cell_text(&cell));
                break;
            };
            if at_cell_start && byte == b'"' {
                // Quoted field: up to the next quote that is not doubled.
                index += 1;
                loop {
                    match bytes.get(index) {
                        None => {
                            unterminated = true;
                            break;
                        }
                        Some(b'"') if bytes.get(index + 1) == Some(&b'"') => {
                            cell.push(b'"');
                            index += 2;
                        }
                        Some(b'"') => {
                            index += 1;
                            break;
                        }
                        Some(&other) => {
                            if other == b'\n' {
                                self.line += 1;
                            }
                            cell.push(other);
                            index += 1;
                        }
                    }
                }
                at_cell_start = false;
                continue;
            }
            at_cell_start = false;
            if byte == self.delimiter {
                cells.push(cell_text(&cell));
                cell.clear();
                at_cell_start = true;
                index += 1;
                continue;
            }
            if byte == b'\n' {
                raw_end = if index > start && bytes.get(index - 1) == Some(&b'\r') { index - 1 } else { index };
                cells.push(cell_text(&cell));
                index += 1;
                self.line += 1;
                break;
            }
            if byte == b'\r' && bytes.get(index + 1) == Some(&b'\n') {
                index += 1;
                continue;
            }
            cell.push(byte);
            index += 1;
        }
        self.position = index;
        let raw = self.input.get(start..raw_end.max(start)).unwrap_or("");
        Some(Record { line: first_line, raw, cells, unterminated })
    }
}

fn cell_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A link column; higher scores win when several columns look like links.
    Url(u8),
    Claim,
    Source,
    Date,
}

/// What a header cell (or JSON key) means, tolerant of case, spaces and punctuation.
pub fn column_role(header: &str) -> Option<Role> {
    let key: String = header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let exact = match key.as_str() {
        "url" | "urls" | "uri" | "href" | "link" | "links" | "siteurl" | "websiteurl" | "targeturl" | "pageurl"
        | "weblink" | "webaddress" => Some(Role::Url(30)),
        "website" | "websites" | "site" | "sites" | "page" | "target" => Some(Role::Url(20)),
        "domain" | "domains" | "host" | "hostname" | "domainname" | "address" => Some(Role::Url(10)),
        "claim" | "claims" | "allegation" | "allegations" | "reason" | "reasons" | "category" | "categories"
        | "description" | "note" | "notes" | "comment" | "comments" | "why" | "details" | "accusation" | "label"
        | "type" => Some(Role::Claim),
        "source" | "sources" | "by" | "reporter" | "reportedby" | "submittedby" | "submitter" | "author"
        | "account" | "origin" | "who" | "postedby" => Some(Role::Source),
        "date" | "reported" | "reportedon" | "reportedat" | "datereported" | "when" | "time" | "timestamp"
        | "dateadded" | "added" | "seen" | "firstseen" | "day" => Some(Role::Date),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    if key.contains("name") || key.is_empty() {
        return None;
    }
    if key.contains("url") || key.contains("link") {
        Some(Role::Url(3))
    } else if key.contains("site") {
        Some(Role::Url(2))
    } else if key.contains("domain") {
        Some(Role::Url(1))
    } else if key.contains("date") {
        Some(Role::Date)
    } else if key.contains("claim") || key.contains("allegation") || key.contains("reason") {
        Some(Role::Claim)
    } else {
        None
    }
}

/// Which column holds what.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Columns {
    pub url: Option<usize>,
    pub claim: Vec<usize>,
    pub source: Vec<usize>,
    pub date: Vec<usize>,
}

pub fn map_columns<'h>(headers: impl IntoIterator<Item = &'h str>) -> Columns {
    let mut columns = Columns::default();
    let mut best_url_score = 0;
    for (index, header) in headers.into_iter().enumerate() {
        match column_role(header) {
            Some(Role::Url(score)) if score > best_url_score => {
                best_url_score = score;
                columns.url = Some(index);
            }
            Some(Role::Url(_)) | None => {}
            Some(Role::Claim) => columns.claim.push(index),
            Some(Role::Source) => columns.source.push(index),
            Some(Role::Date) => columns.date.push(index),
        }
    }
    columns
}

/// The delimiter and columns of a CSV header, when the first non-blank line is one with a url column.
pub fn detect_header(input: &str) -> Option<(u8, Columns)> {
    let first_line = input.split('\n').find(|line| !line.trim().is_empty())?;
    let mut best: Option<(usize, u8, Columns)> = None;
    for delimiter in [b',', b';', b'\t'] {
        if !first_line.as_bytes().contains(&delimiter) {
            continue;
        }
        let Some(header) = Reader::new(first_line, delimiter).next() else { continue };
        // A header row is short labels; a line of prose that happens to hold commas is not one.
        // Nor is a line of links (`site0.example,site1.example`), whose cells only contain the
        // words of a header (`site`, `link`).
        let label_like = |cell: &String| {
            cell.chars().count() <= 40 && cell.split_whitespace().count() <= 4 && !looks_like_link(cell)
        };
        if !header.cells.iter().all(label_like) {
            continue;
        }
        let columns = map_columns(header.cells.iter().map(String::as_str));
        if columns.url.is_some() && best.as_ref().is_none_or(|(count, _, _)| header.cells.len() > *count) {
            best = Some((header.cells.len(), delimiter, columns));
        }
    }
    best.map(|(_, delimiter, columns)| (delimiter, columns))
}

/// Whether a cell reads as a link or a host rather than a column label: a scheme, a defanged dot,
/// or a dot between letters in a cell without spaces (`site0.example`, `hxxp://x[.]example`).
fn looks_like_link(cell: &str) -> bool {
    let lower = cell.trim().to_ascii_lowercase();
    if lower.contains("://") || ["[.]", "(.)", "[dot]", "(dot)", "{.}"].iter().any(|dot| lower.contains(dot)) {
        return true;
    }
    let characters: Vec<char> = lower.chars().collect();
    !lower.contains(char::is_whitespace)
        && characters.windows(3).any(|w| w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphanumeric())
}

fn join_cells(cells: &[String], indices: &[usize], separator: &str) -> Option<String> {
    let values: Vec<&str> = indices
        .iter()
        .filter_map(|&index| cells.get(index))
        .map(String::as_str)
        .filter(|value| !value.is_empty())
        .collect();
    if values.is_empty() {
        None
    } else {
        Some(values.join(separator))
    }
}

/// Imports a CSV list. `forced` says the user chose CSV: without a url column, every row is then
/// read as prose instead of the whole file as text.
pub(super) fn import(collector: &mut Collector<'_>, input: &str, forced: bool) {
    let Some((delimiter, columns)) = detect_header(input) else {
        if forced {
            collector.diagnose(
                Diagnostic::warning(
                    "CSV header has no url, link, site or domain column: looking for links in every cell of every row",
                ),
                1,
            );
        }
        for record in Reader::new(input, b',') {
            if record.unterminated {
                collector
                    .diagnose(Diagnostic::error("unterminated quoted field: read to the end of the file"), record.line);
            }
            if record.cells.iter().all(String::is_empty) {
                continue;
            }
            let text = record.cells.join(" ");
            collector.add_prose(record.line, record.raw, &text, &Fields::default());
        }
        return;
    };
    let Some(url_column) = columns.url else { return };
    let mut records = Reader::new(input, delimiter);
    // Skip blank lines before the header, then the header itself.
    let mut header_width = 0;
    for record in records.by_ref() {
        if !record.cells.iter().all(String::is_empty) {
            header_width = record.cells.len();
            // Columns the list has and the import does not read are named, never dropped unsaid.
            let unread: Vec<String> = record
                .cells
                .iter()
                .enumerate()
                .filter(|(index, cell)| {
                    !cell.trim().is_empty()
                        && columns.url != Some(*index)
                        && ![&columns.claim, &columns.source, &columns.date].iter().any(|list| list.contains(index))
                })
                .map(|(_, cell)| format!("\"{}\"", cell.trim()))
                .collect();
            if !unread.is_empty() {
                collector.diagnose(
                    Diagnostic::info(format!(
                        "column{} {} not read (the link is read from one url/link/site/domain column; claims, \
                         sources and dates from columns named so)",
                        if unread.len() == 1 { "" } else { "s" },
                        unread.join(", ")
                    )),
                    record.line,
                );
            }
            break;
        }
    }
    for record in records {
        if record.unterminated {
            collector
                .diagnose(Diagnostic::error("unterminated quoted field: read to the end of the file"), record.line);
        }
        if record.cells.iter().all(String::is_empty) {
            continue;
        }
        let date = collector.checked_date(join_cells(&record.cells, &columns.date, "; "), record.line);
        let fields = Fields {
            claim: join_cells(&record.cells, &columns.claim, "; "),
            source: join_cells(&record.cells, &columns.source, "; "),
            date,
        };
        let Some(url_cell) = record.cells.get(url_column) else {
            collector.diagnose(
                Diagnostic::warning(format!(
                    "row has no url column ({} cells, the header has {header_width})",
                    record.cells.len()
                )),
                record.line,
            );
            continue;
        };
        if url_cell.is_empty() {
            collector.diagnose(Diagnostic::warning("row has an empty url cell"), record.line);
            continue;
        }
        let url_cell = url_cell.clone();
        collector.add_prose(record.line, record.raw, &url_cell, &fields);
    }
}
