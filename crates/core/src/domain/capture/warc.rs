//! WARC 1.0/1.1 and ARC record reading, and the HTTP messages inside them.
//!
//! This module owns the byte-level reading of archives: a hand-written record reader over plain
//! bytes or a (per-record or whole-file) gzip stream, case-insensitive headers, resynchronisation
//! after a wrong `Content-Length`, HTTP response parsing with chunked transfer coding and
//! gzip/deflate content coding. It must never panic or allocate beyond `Limits` on hostile input:
//! every malformed part becomes a diagnostic and reading continues or stops cleanly.

use std::io::{BufRead, BufReader, Read};

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::domain::capture::integrity::RecordFraming;
use crate::domain::capture::Limits;
use crate::domain::diagnostic::Diagnostic;

/// Longest header line accepted in a WARC/ARC record or HTTP message.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines accepted in one record.
const MAX_HEADER_LINES: usize = 1_000;
/// Most bytes skipped while looking for the next record after a framing error.
const MAX_RESYNC_BYTES: u64 = 64 * 1024 * 1024;

/// One archive record: its named headers (lowercased names) and its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `WARC-Type` lowercased (`response`, `resource`, `revisit`…); ARC records read as `response`.
    pub record_type: String,
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
    /// Byte offset of the record in the (decompressed) stream.
    pub offset: u64,
    /// True when the stream ended before the block did.
    pub truncated: bool,
    /// Where the record is in the file as stored (what warcio reports): filled once its end is read.
    pub position: RecordPosition,
}

/// A record's place in its file: for a gzip file whose members hold one record each, the member's
/// offset and length in the compressed bytes; otherwise offsets in the (decompressed) stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordPosition {
    pub offset: u64,
    pub length: u64,
    pub framing: RecordFraming,
}

impl Default for RecordPosition {
    fn default() -> Self {
        RecordPosition { offset: 0, length: 0, framing: RecordFraming::Plain }
    }
}

impl Record {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
    pub fn record_id(&self) -> String {
        self.header("warc-record-id")
            .map(|id| id.trim_matches(['<', '>']).to_string())
            .unwrap_or_else(|| format!("offset-{}", self.offset))
    }
    /// `WARC-Target-URI` without the angle brackets some writers add, trimmed.
    pub fn target_uri(&self) -> Option<String> {
        self.header("warc-target-uri")
            .map(|uri| uri.trim().trim_start_matches('<').trim_end_matches('>').trim().to_string())
            .filter(|uri| !uri.is_empty())
    }
}

/// Counts of what one archive held, for the summary diagnostic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadSummary {
    pub records: usize,
    pub arc: bool,
}

struct CountingReader<R> {
    inner: R,
    consumed: u64,
}

/// Maps a record's span in the stream read (decompressed) to its place in the file.
trait Locate {
    fn locate(&self, start: u64, end: u64) -> RecordPosition;
}

impl Locate for &[u8] {
    fn locate(&self, start: u64, end: u64) -> RecordPosition {
        RecordPosition { offset: start, length: end.saturating_sub(start), framing: RecordFraming::Plain }
    }
}

/// One gzip member: its span in the compressed file and in the decompressed stream.
#[derive(Debug, Clone, Copy)]
struct Member {
    compressed_start: u64,
    compressed_end: u64,
    start: u64,
    end: u64,
}

/// A multi-member gzip reader that remembers where each member starts and ends, in both the
/// compressed file and the decompressed stream, so records can be located as warcio does.
struct GzMembers<'a> {
    input: &'a [u8],
    /// Compressed offset of the member being read (or the next one).
    position: usize,
    decoder: Option<flate2::bufread::GzDecoder<&'a [u8]>>,
    /// Decompressed offset where the current member started.
    member_start: u64,
    produced: u64,
    limit: u64,
    members: Vec<Member>,
}

impl<'a> GzMembers<'a> {
    fn new(input: &'a [u8], limit: u64) -> Self {
        GzMembers { input, position: 0, decoder: None, member_start: 0, produced: 0, limit, members: Vec::new() }
    }
}

impl Read for GzMembers<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.produced >= self.limit || buf.is_empty() {
                return Ok(0);
            }
            let Some(decoder) = self.decoder.as_mut() else {
                let rest = self.input.get(self.position..).unwrap_or_default();
                if rest.is_empty() {
                    return Ok(0);
                }
                let member = self.members.len() + 1;
                if [0x1f, 0x8b].starts_with(rest) {
                    // The file ends inside the next member's magic number.
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        format!(
                            "gzip member {member} at byte offset {} is truncated: the file ends inside it",
                            self.position
                        ),
                    ));
                }
                if !rest.starts_with(&[0x1f, 0x8b]) {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "the bytes at byte offset {}, after gzip member {}, are not gzip",
                            self.position,
                            member - 1
                        ),
                    ));
                }
                self.decoder = Some(flate2::bufread::GzDecoder::new(rest));
                self.member_start = self.produced;
                continue;
            };
            let room = (self.limit - self.produced).min(buf.len() as u64) as usize;
            let read = match decoder.read(buf.get_mut(..room).unwrap_or_default()) {
                Ok(read) => read,
                Err(error) => {
                    // Which member, and where in the file: the reader's message alone ("corrupt
                    // deflate stream") does not say what to look at.
                    let member = self.members.len() + 1;
                    let at = self.input.len() - decoder.get_ref().len();
                    return Err(member_error(member, self.position, at, &error));
                }
            };
            if read == 0 {
                let end = self.input.len() - decoder.get_ref().len();
                self.decoder = None;
                if end <= self.position {
                    return Ok(0);
                }
                self.members.push(Member {
                    compressed_start: self.position as u64,
                    compressed_end: end as u64,
                    start: self.member_start,
                    end: self.produced,
                });
                self.position = end;
                continue;
            }
            self.produced += read as u64;
            return Ok(read);
        }
    }
}

/// A gzip member's read error, naming the member (1-based), where it starts and how far into the
/// file its reading got: a truncated member, or a corrupt one.
fn member_error(member: usize, start: usize, at: usize, error: &std::io::Error) -> std::io::Error {
    let message = error.to_string();
    let truncated = error.kind() == std::io::ErrorKind::UnexpectedEof
        || message.contains("incomplete")
        || message.contains("unexpected end");
    if truncated {
        std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("gzip member {member} at byte offset {start} is truncated: the file ends inside it"),
        )
    } else {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{message} in gzip member {member}, which starts at byte offset {start}, found by byte offset {at}"
            ),
        )
    }
}

impl Locate for BufReader<GzMembers<'_>> {
    fn locate(&self, start: u64, end: u64) -> RecordPosition {
        let members = &self.get_ref().members;
        let index = members.partition_point(|member| member.start < start);
        let whole = members.get(index..).unwrap_or_default().iter().find(|member| member.end > member.start);
        match whole {
            Some(member) if member.start == start && member.end == end => RecordPosition {
                offset: member.compressed_start,
                length: member.compressed_end - member.compressed_start,
                framing: RecordFraming::GzipMember,
            },
            _ => {
                RecordPosition { offset: start, length: end.saturating_sub(start), framing: RecordFraming::GzipStream }
            }
        }
    }
}

impl<R: BufRead> CountingReader<R> {
    fn read_line(&mut self, out: &mut Vec<u8>) -> std::io::Result<usize> {
        out.clear();
        let read = (&mut self.inner).take(MAX_HEADER_LINE as u64).read_until(b'\n', out)?;
        self.consumed += read as u64;
        Ok(read)
    }
    fn peek(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
        self.consumed += amount as u64;
    }
    fn read_block(&mut self, length: u64, out: &mut Vec<u8>) -> std::io::Result<()> {
        let read = (&mut self.inner).take(length).read_to_end(out)?;
        self.consumed += read as u64;
        Ok(())
    }
}

/// The start of a gzip file decompressed (at most `max` bytes), for sniffing what it holds, and
/// why it stopped short when the gzip is damaged (which member, where).
pub(crate) fn gunzip_prefix(bytes: &[u8], max: u64) -> (Vec<u8>, Option<String>) {
    let mut out = Vec::new();
    let error = GzMembers::new(bytes, max).read_to_end(&mut out).err().map(|error| error.to_string());
    (out, error)
}

/// Reads every record of a WARC or ARC file (plain or gzip), calling `on_record` for each.
pub fn read_records(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
    on_record: &mut dyn FnMut(Record, &mut Vec<Diagnostic>),
) -> ReadSummary {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let decoder = GzMembers::new(bytes, limits.max_total_bytes);
        read_stream(file, BufReader::with_capacity(64 * 1024, decoder), limits, diagnostics, on_record)
    } else {
        read_stream(file, bytes, limits, diagnostics, on_record)
    }
}

fn read_stream<R: BufRead + Locate>(
    file: &str,
    reader: R,
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
    on_record: &mut dyn FnMut(Record, &mut Vec<Diagnostic>),
) -> ReadSummary {
    let mut reader = CountingReader { inner: reader, consumed: 0 };
    let mut summary = ReadSummary::default();
    let mut line = Vec::new();
    let mut arc_version: Option<u8> = None;
    let diagnostic = |message: String| Diagnostic::warning(message).in_file(file);
    loop {
        // Skip blank lines between records.
        let offset = reader.consumed;
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => {
                diagnostics.push(diagnostic(format!(
                    "stream unreadable after {} records ({error}); stopped",
                    summary.records
                )));
                break;
            }
        }
        let text = String::from_utf8_lossy(&line);
        let trimmed = text.trim_end_matches(['\r', '\n']);
        if trimmed.trim().is_empty() {
            continue;
        }
        if trimmed.starts_with("WARC/") {
            let mut bounded = true;
            match read_warc_record(&mut reader, offset, trimmed, limits, file, diagnostics) {
                RecordOutcome::Record(mut record) => {
                    summary.records += 1;
                    let truncated = record.truncated;
                    if !truncated {
                        bounded = expect_record_end(&mut reader);
                    }
                    record.position = reader.inner.locate(offset, reader.consumed);
                    on_record(record, diagnostics);
                    if truncated {
                        break;
                    }
                }
                RecordOutcome::Skipped => bounded = expect_record_end(&mut reader),
                RecordOutcome::Stop => break,
            }
            if !bounded {
                diagnostics.push(diagnostic(format!(
                    "record at offset {offset}: no record boundary after its Content-Length (wrong length?); looking for the next record"
                )));
                if !resync(&mut reader, b"WARC/", file, diagnostics) {
                    break;
                }
            }
            continue;
        }
        if trimmed.starts_with("filedesc://") || arc_version.is_some() {
            summary.arc = true;
            match read_arc_record(&mut reader, offset, trimmed, &mut arc_version, limits, file, diagnostics) {
                RecordOutcome::Record(mut record) => {
                    record.position = reader.inner.locate(offset, reader.consumed);
                    summary.records += 1;
                    let truncated = record.truncated;
                    on_record(record, diagnostics);
                    if truncated {
                        break;
                    }
                }
                RecordOutcome::Skipped => {}
                RecordOutcome::Stop => break,
            }
            continue;
        }
        diagnostics.push(diagnostic(format!(
            "offset {offset}: expected a WARC record header, found other bytes; looking for the next record"
        )));
        if !resync(&mut reader, b"WARC/", file, diagnostics) {
            break;
        }
    }
    summary
}

enum RecordOutcome {
    Record(Record),
    Skipped,
    Stop,
}

/// How a record's header block ended.
enum HeadersEnd {
    /// At the blank line after them.
    Blank,
    /// At the end of the stream.
    Eof,
    /// At `MAX_HEADER_LINES` lines, with no blank line yet.
    TooMany,
}

fn read_headers<R: BufRead>(
    reader: &mut CountingReader<R>,
    headers: &mut Vec<(String, String)>,
) -> std::io::Result<HeadersEnd> {
    let mut line = Vec::new();
    for _ in 0..MAX_HEADER_LINES {
        if reader.read_line(&mut line)? == 0 {
            return Ok(HeadersEnd::Eof);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(HeadersEnd::Blank);
        }
        if text.starts_with([' ', '\t']) {
            // Folded continuation line.
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
            continue;
        }
        if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    Ok(HeadersEnd::TooMany)
}

fn read_warc_record<R: BufRead>(
    reader: &mut CountingReader<R>,
    offset: u64,
    version_line: &str,
    limits: &Limits,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RecordOutcome {
    let at = |message: String| Diagnostic::warning(format!("record at offset {offset}: {message}")).in_file(file);
    if !(version_line.starts_with("WARC/1.0") || version_line.starts_with("WARC/1.1")) {
        diagnostics.push(at(format!(
            "unknown version `{}`; read as WARC/1.1",
            version_line.chars().take(20).collect::<String>()
        )));
    }
    let mut headers = Vec::new();
    match read_headers(reader, &mut headers) {
        Ok(HeadersEnd::Blank) => {}
        Ok(HeadersEnd::Eof) => {
            diagnostics.push(at("headers end unexpectedly (truncated file?); stopped".to_string()));
            return RecordOutcome::Stop;
        }
        Ok(HeadersEnd::TooMany) => {
            diagnostics.push(at(format!(
                "more than {MAX_HEADER_LINES} header lines (the limit) without the blank line that ends them; stopped"
            )));
            return RecordOutcome::Stop;
        }
        Err(error) => {
            diagnostics.push(at(format!("unreadable headers ({error}); stopped")));
            return RecordOutcome::Stop;
        }
    }
    let record_type = headers
        .iter()
        .find(|(key, _)| key == "warc-type")
        .map(|(_, value)| value.to_ascii_lowercase())
        .unwrap_or_default();
    let Some(length) =
        headers.iter().find(|(key, _)| key == "content-length").and_then(|(_, value)| value.trim().parse::<u64>().ok())
    else {
        diagnostics.push(at("missing or invalid Content-Length; looking for the next record".to_string()));
        return if resync(reader, b"WARC/", file, diagnostics) { RecordOutcome::Skipped } else { RecordOutcome::Stop };
    };
    read_block(reader, offset, record_type, headers, length, limits, file, diagnostics)
}

#[allow(clippy::too_many_arguments)]
fn read_block<R: BufRead>(
    reader: &mut CountingReader<R>,
    offset: u64,
    record_type: String,
    headers: Vec<(String, String)>,
    length: u64,
    limits: &Limits,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RecordOutcome {
    let at = |message: String| Diagnostic::warning(format!("record at offset {offset}: {message}")).in_file(file);
    if length > limits.max_file_bytes {
        diagnostics
            .push(at(format!("block of {length} bytes is over the {}-byte limit; skipped", limits.max_file_bytes)));
        // Skipped by looking for the next record rather than by its stated length: a length
        // stated far past the file's end (a damaged or hostile header) then loses only this
        // record, not every record after it; a real block that large ends where the next begins.
        let found = resync_within(reader, b"WARC/", length.saturating_add(4), file, diagnostics);
        return if found { RecordOutcome::Skipped } else { RecordOutcome::Stop };
    }
    let mut block = Vec::with_capacity(length.min(1024 * 1024) as usize);
    if let Err(error) = reader.read_block(length, &mut block) {
        diagnostics.push(at(format!(
            "block unreadable after {} of {length} bytes ({error}); kept what was read",
            block.len()
        )));
        return RecordOutcome::Record(Record {
            record_type,
            headers,
            block,
            offset,
            truncated: true,
            position: RecordPosition::default(),
        });
    }
    let truncated = (block.len() as u64) < length;
    if truncated {
        diagnostics.push(at(format!(
            "truncated: Content-Length is {length} but only {} bytes remain; kept what was read",
            block.len()
        )));
    }
    RecordOutcome::Record(Record {
        record_type,
        headers,
        block,
        offset,
        truncated,
        position: RecordPosition::default(),
    })
}

/// Consumes the `\r\n\r\n` after a block (leniently: any run of CR/LF) and reports whether the
/// next bytes start a record or the stream ends.
fn expect_record_end<R: BufRead>(reader: &mut CountingReader<R>) -> bool {
    loop {
        let (blank, total) = match reader.peek() {
            Ok(buffer) => (buffer.iter().take_while(|byte| matches!(byte, b'\r' | b'\n')).count(), buffer.len()),
            Err(_) => return true,
        };
        if total == 0 {
            return true;
        }
        reader.consume(blank);
        if blank < total {
            break;
        }
    }
    match reader.peek() {
        Ok(buffer) => buffer.is_empty() || buffer.starts_with(b"WARC/") || b"WARC/".starts_with(buffer),
        Err(_) => true,
    }
}

/// Skips lines until one starts with `marker`, leaving it unread. Returns false at end of stream.
fn resync<R: BufRead>(
    reader: &mut CountingReader<R>,
    marker: &[u8],
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    resync_within(reader, marker, MAX_RESYNC_BYTES, file, diagnostics)
}

/// `resync`, looking through at most `limit` bytes (`MAX_RESYNC_BYTES` or more).
fn resync_within<R: BufRead>(
    reader: &mut CountingReader<R>,
    marker: &[u8],
    limit: u64,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let start = reader.consumed;
    let limit = limit.max(MAX_RESYNC_BYTES);
    loop {
        if reader.consumed - start > limit {
            diagnostics.push(
                Diagnostic::warning(format!("no record header found in the next {limit} bytes; stopped")).in_file(file),
            );
            return false;
        }
        let buffer = match reader.peek() {
            Ok(buffer) => buffer,
            Err(_) => return false,
        };
        if buffer.is_empty() {
            return false;
        }
        if buffer.starts_with(marker) {
            return true;
        }
        // Skip to just after the next newline within the buffer, or the whole buffer.
        let skip = buffer.iter().position(|byte| *byte == b'\n').map(|at| at + 1).unwrap_or(buffer.len());
        reader.consume(skip);
    }
}

/// ARC v1/v2: a `filedesc://` record, then records of one header line and `length` bytes.
fn read_arc_record<R: BufRead>(
    reader: &mut CountingReader<R>,
    offset: u64,
    header_line: &str,
    arc_version: &mut Option<u8>,
    limits: &Limits,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RecordOutcome {
    let fields: Vec<&str> = header_line.split_whitespace().collect();
    let is_filedesc = header_line.starts_with("filedesc://");
    // v1: URL IP DATE TYPE LENGTH; v2: URL IP DATE TYPE RESULT CHECKSUM LOCATION OFFSET FILENAME LENGTH.
    // URLs may contain spaces, so fields are taken from the right.
    let trailing = if *arc_version == Some(2) && !is_filedesc { 9 } else { 4 };
    let Some(length) = fields.last().and_then(|field| field.parse::<u64>().ok()).filter(|_| fields.len() > trailing)
    else {
        diagnostics.push(
            Diagnostic::warning(format!("ARC record at offset {offset}: header line not understood; stopped"))
                .in_file(file),
        );
        return RecordOutcome::Stop;
    };
    let url_end = fields.len() - trailing;
    let url = fields.get(..url_end).map(|parts| parts.join(" ")).unwrap_or_default();
    let date = fields.get(url_end + 1).map(|date| arc_date(date)).unwrap_or_default();
    let content_type = fields.get(url_end + 2).copied().unwrap_or_default().to_string();
    let outcome = read_block(reader, offset, String::new(), Vec::new(), length, limits, file, diagnostics);
    let RecordOutcome::Record(mut record) = outcome else { return outcome };
    // Consume the newline that ends an ARC record.
    let _ = expect_record_end(reader);
    if is_filedesc {
        let version = record.block.split(|byte| *byte == b'\n').next().and_then(|line| line.first()).copied();
        *arc_version = Some(if version == Some(b'2') { 2 } else { 1 });
        diagnostics
            .push(Diagnostic::info("ARC file (the format before WARC): read as WARC response records").in_file(file));
        return RecordOutcome::Skipped;
    }
    record.record_type = "response".to_string();
    record.headers = vec![
        ("warc-type".to_string(), "response".to_string()),
        ("warc-target-uri".to_string(), url.clone()),
        ("warc-date".to_string(), date),
        ("arc-content-type".to_string(), content_type),
        (
            "content-type".to_string(),
            if url.starts_with("http") { "application/http; msgtype=response".to_string() } else { String::new() },
        ),
    ];
    RecordOutcome::Record(record)
}

/// `20140216050221` → `2014-02-16T05:02:21Z`.
fn arc_date(date: &str) -> String {
    let digits: Vec<char> = date.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 14 {
        return date.to_string();
    }
    let part =
        |from: usize, to: usize| digits.get(from..to).map(|chars| chars.iter().collect::<String>()).unwrap_or_default();
    format!("{}-{}-{}T{}:{}:{}Z", part(0, 4), part(4, 6), part(6, 8), part(8, 10), part(10, 12), part(12, 14))
}

/// An HTTP response found in a `response` record's block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body as stored (before undoing transfer and content codings).
    pub raw_body: Vec<u8>,
    /// The body after undoing chunked transfer coding and gzip/deflate content coding.
    pub body: Vec<u8>,
    /// The body with only the transfer coding undone (what some writers digest).
    pub dechunked_body: Option<Vec<u8>>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// Parses an HTTP response message; returns `None` when the block is not one.
pub fn parse_http_response(block: &[u8], limits: &Limits, diagnostics: &mut Vec<Diagnostic>) -> Option<HttpResponse> {
    let (head_end, body_start) = match crate::domain::capture::decode::find(block, b"\r\n\r\n") {
        Some(at) => (at, at + 4),
        None => {
            let at = crate::domain::capture::decode::find(block, b"\n\n")?;
            (at, at + 2)
        }
    };
    let head = String::from_utf8_lossy(block.get(..head_end)?);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1).and_then(|code| code.parse::<u16>().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| {
            line.split_once(':').map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect();
    let raw_body = block.get(body_start..).unwrap_or_default().to_vec();
    let mut response = HttpResponse { status, headers, raw_body, body: Vec::new(), dechunked_body: None };
    let mut body = response.raw_body.clone();
    let chunked =
        response.header("transfer-encoding").is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    if chunked {
        match dechunk(&body, limits.max_file_bytes) {
            Ok(dechunked) => {
                body = dechunked;
                response.dechunked_body = Some(body.clone());
            }
            Err(message) => {
                diagnostics.push(Diagnostic::warning(format!("chunked body: {message}; body kept as stored")))
            }
        }
    }
    if let Some(coding) = response.header("content-encoding").map(|value| value.trim().to_ascii_lowercase()) {
        match decode_content(&coding, &body, limits.max_file_bytes) {
            Ok(Some(decoded)) => body = decoded,
            Ok(None) => {}
            Err(message) => diagnostics
                .push(Diagnostic::warning(format!("Content-Encoding {coding}: {message}; body kept as stored"))),
        }
    }
    response.body = body;
    Some(response)
}

/// Undoes chunked transfer coding. Lenient about CRLF vs LF and chunk extensions; a missing final
/// chunk keeps what was read. Errors when the body does not start like a chunked body.
pub fn dechunk(body: &[u8], max_bytes: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut position = 0usize;
    let mut first = true;
    loop {
        let rest = body.get(position..).unwrap_or_default();
        if rest.is_empty() {
            return Ok(out);
        }
        let Some(line_end) = rest.iter().position(|byte| *byte == b'\n') else {
            return if first { Err("no chunk size line".to_string()) } else { Ok(out) };
        };
        let line = String::from_utf8_lossy(rest.get(..line_end).unwrap_or_default());
        let size_text = line.trim().split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return if first {
                Err(format!("chunk size `{}` is not hexadecimal", size_text.chars().take(16).collect::<String>()))
            } else {
                Ok(out)
            };
        };
        first = false;
        if size == 0 {
            return Ok(out);
        }
        let data_start = position + line_end + 1;
        let data_end = data_start.saturating_add(size).min(body.len());
        out.extend_from_slice(body.get(data_start..data_end).unwrap_or_default());
        if out.len() as u64 > max_bytes {
            return Err(format!("over the {max_bytes}-byte limit"));
        }
        position = data_end;
        // The CRLF after the chunk data.
        if body.get(position) == Some(&b'\r') {
            position += 1;
        }
        if body.get(position) == Some(&b'\n') {
            position += 1;
        }
    }
}

/// Undoes a content coding. `Ok(None)` for identity.
pub fn decode_content(coding: &str, body: &[u8], max_bytes: u64) -> Result<Option<Vec<u8>>, String> {
    let limit = max_bytes.saturating_add(1);
    let mut out = Vec::new();
    let result = match coding {
        "" | "identity" | "none" => return Ok(None),
        "gzip" | "x-gzip" => MultiGzDecoder::new(body).take(limit).read_to_end(&mut out),
        "deflate" => {
            let zlib = ZlibDecoder::new(body).take(limit).read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                DeflateDecoder::new(body).take(limit).read_to_end(&mut out)
            } else {
                zlib
            }
        }
        other => return Err(format!("coding `{other}` is not supported")),
    };
    match result {
        Ok(_) if out.len() as u64 > max_bytes => Err(format!("decoded body over the {max_bytes}-byte limit")),
        Ok(_) => Ok(Some(out)),
        Err(error) if !out.is_empty() => {
            let _ = error;
            Ok(Some(out))
        }
        Err(error) => Err(error.to_string()),
    }
}
