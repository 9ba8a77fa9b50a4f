//! The worker's wire for the domain's in-memory values: a built case (its allegations, captures,
//! matching and codebook) and an allegation preview cross between the worker and the app as
//! compact bytes, not JSON. The domain types derive serde only for the file formats people read
//! and write (review files, bundles, events, codebooks, the CLI's output); what only the two
//! halves of the app exchange is written here, once per type, by the `wire_struct!` and
//! `wire_enum!` lists below.
//!
//! Each list names every field of its type, in order, and the code it makes destructures and
//! builds the type without `..`: a field added to a domain type is a compile error here until the
//! wire carries it. The encoding is private to one build of the app (the worker and the app are
//! always the same build; a kept case is tagged with the build and never read by another), so
//! there is no versioning beyond the leading magic, and any malformed input is an error, never a
//! panic: lengths are checked against the bytes left before anything is allocated.
//!
//! Numbers are LEB128 varints, `f64` its 8 little-endian bytes, text its UTF-8 length then bytes,
//! `Option` a 0/1 tag, `Vec` its length then its items, enums their variant's index. An allegation
//! occurrence's file name (`Arc<str>`, one per list) is written once and then as "the same as
//! before", and read back as one shared allocation again.

use std::sync::Arc;

use crate::domain::allegations::{Allegation, Flag, SourceLine};
use crate::domain::capture::{
    ArchiveLocator, Artifact, ArtifactKind, Block, BlockKind, Capture, ExtractedText, IntegrityCheck, IntegrityKind,
    IntegrityStatus, LanguageProfile, LanguageShare, PageInfo, PageLink, RecordFraming, WaczLocator,
};
use crate::domain::codebook::{Codebook, Finding, FindingKind};
use crate::domain::crawl::{Choice, ChoiceReason};
use crate::domain::diagnostic::{Diagnostic, Severity};
use crate::domain::ids::{AllegationId, CaptureId};
use crate::domain::matching::{AllegationMatches, CaptureMatch, MatchKind, MatchReport};
use crate::domain::session::Case;
use crate::engine::{AllegationPreview, BuiltCase};

/// Why bytes could not be read as what they were said to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(pub String);

impl std::fmt::Display for WireError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

type Taken<T> = Result<T, WireError>;

/// Bytes being written.
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
    /// The last shared file name written (`Arc<str>`), by pointer and text.
    last_file: Option<Arc<str>>,
}

impl Writer {
    /// A writer that has written the magic and `kind`, as `decode` expects them.
    fn tagged(kind: u8) -> Writer {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.bytes.push(kind);
        out
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    fn text(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }
}

/// Bytes being read.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    last_file: Option<Arc<str>>,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0, last_file: None }
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    fn ended() -> WireError {
        WireError("the data ends early".to_string())
    }

    fn byte(&mut self) -> Taken<u8> {
        let byte = *self.bytes.get(self.at).ok_or_else(Self::ended)?;
        self.at += 1;
        Ok(byte)
    }

    fn slice(&mut self, length: usize) -> Taken<&'a [u8]> {
        let end = self.at.checked_add(length).ok_or_else(Self::ended)?;
        let slice = self.bytes.get(self.at..end).ok_or_else(Self::ended)?;
        self.at = end;
        Ok(slice)
    }

    fn varint(&mut self) -> Taken<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(WireError("a number is too long".to_string()))
    }

    /// A length, which cannot exceed the bytes left (each item takes at least one byte).
    fn length(&mut self) -> Taken<usize> {
        let length = usize::try_from(self.varint()?).map_err(|_| Self::ended())?;
        if length > self.remaining() {
            return Err(Self::ended());
        }
        Ok(length)
    }

    fn text(&mut self) -> Taken<&'a str> {
        let length = self.length()?;
        std::str::from_utf8(self.slice(length)?).map_err(|_| WireError("a text is not UTF-8".to_string()))
    }

    /// Whether every byte was read.
    pub fn finish(&self) -> Taken<()> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(WireError("the data goes on after its end".to_string()))
        }
    }
}

/// A value the wire carries.
pub trait Wire: Sized {
    fn put(&self, out: &mut Writer);
    fn take(input: &mut Reader<'_>) -> Taken<Self>;
}

impl Wire for u64 {
    fn put(&self, out: &mut Writer) {
        out.varint(*self);
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        input.varint()
    }
}

impl Wire for usize {
    fn put(&self, out: &mut Writer) {
        out.varint(*self as u64);
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        usize::try_from(input.varint()?).map_err(|_| WireError("a number is too large".to_string()))
    }
}

impl Wire for u16 {
    fn put(&self, out: &mut Writer) {
        out.varint(u64::from(*self));
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        u16::try_from(input.varint()?).map_err(|_| WireError("a number is too large".to_string()))
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Writer) {
        out.bytes.push(u8::from(*self));
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        match input.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError("a yes/no is neither".to_string())),
        }
    }
}

impl Wire for f64 {
    fn put(&self, out: &mut Writer) {
        out.bytes.extend_from_slice(&self.to_le_bytes());
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        let bytes: [u8; 8] = input.slice(8)?.try_into().map_err(|_| Reader::ended())?;
        Ok(f64::from_le_bytes(bytes))
    }
}

impl Wire for String {
    fn put(&self, out: &mut Writer) {
        out.text(self);
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        input.text().map(str::to_owned)
    }
}

/// A shared file name: written once, then `0` ("the one before") while it repeats.
impl Wire for Arc<str> {
    fn put(&self, out: &mut Writer) {
        if out.last_file.as_deref() == Some(&**self) {
            out.varint(0);
            return;
        }
        out.varint(self.len() as u64 + 1);
        out.bytes.extend_from_slice(self.as_bytes());
        out.last_file = Some(self.clone());
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        let tag = input.varint()?;
        if tag == 0 {
            return input.last_file.clone().ok_or_else(|| WireError("a repeated name comes first".to_string()));
        }
        let length = usize::try_from(tag - 1).map_err(|_| Reader::ended())?;
        let text =
            std::str::from_utf8(input.slice(length)?).map_err(|_| WireError("a text is not UTF-8".to_string()))?;
        let shared: Arc<str> = Arc::from(text);
        input.last_file = Some(shared.clone());
        Ok(shared)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Writer) {
        match self {
            None => out.bytes.push(0),
            Some(value) => {
                out.bytes.push(1);
                value.put(out);
            }
        }
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        match input.byte()? {
            0 => Ok(None),
            1 => T::take(input).map(Some),
            _ => Err(WireError("an optional value's tag is wrong".to_string())),
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Writer) {
        out.varint(self.len() as u64);
        for item in self {
            item.put(out);
        }
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        let length = input.length()?;
        // Each item takes at least a byte, but may be far larger in memory: damaged bytes must not
        // reserve gigabytes up front.
        let mut items = Vec::with_capacity(length.min(4096));
        for _ in 0..length {
            items.push(T::take(input)?);
        }
        Ok(items)
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, out: &mut Writer) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        Ok((A::take(input)?, B::take(input)?))
    }
}

macro_rules! wire_id {
    ($($id:ident),*) => {$(
        impl Wire for $id {
            fn put(&self, out: &mut Writer) {
                out.text(self.as_str());
            }
            fn take(input: &mut Reader<'_>) -> Taken<Self> {
                input.text().map($id::from)
            }
        }
    )*};
}

/// A struct, field by field in the order listed; `skip` fields are not carried and are read
/// back as their default.
macro_rules! wire_struct {
    ($type:ident { $($field:ident),* $(; skip $($skipped:ident),*)? }) => {
        impl Wire for $type {
            fn put(&self, out: &mut Writer) {
                let $type { $($field,)* $($($skipped: _,)*)? } = self;
                $($field.put(out);)*
            }
            fn take(input: &mut Reader<'_>) -> Taken<Self> {
                Ok($type { $($field: Wire::take(input)?,)* $($($skipped: Default::default(),)*)? })
            }
        }
    };
}

/// An enum of unit variants, as its variant's index in the order listed.
macro_rules! wire_enum {
    ($type:ident { $($variant:ident),* }) => {
        impl Wire for $type {
            fn put(&self, out: &mut Writer) {
                const ALL: &[$type] = &[$($type::$variant),*];
                let index = ALL.iter().position(|variant| variant == self).unwrap_or(0);
                out.varint(index as u64);
            }
            fn take(input: &mut Reader<'_>) -> Taken<Self> {
                const ALL: &[$type] = &[$($type::$variant),*];
                let index = input.varint()?;
                usize::try_from(index)
                    .ok()
                    .and_then(|index| ALL.get(index).copied())
                    .ok_or_else(|| WireError(format!("{} has no variant {index}", stringify!($type))))
            }
        }
        // Every variant listed: a new one is a compile error here.
        const _: fn($type) = |value| match value { $($type::$variant => {}),* };
    };
}

wire_id!(AllegationId, CaptureId);

wire_enum!(Flag { Idn, Confusable, BidiControl, ZeroWidth, Userinfo, Shortener, IpHost, NonHttpScheme, HyphenLabel });
wire_enum!(ArtifactKind { Html, Screenshot, Text, ArchiveRecord });
wire_enum!(BlockKind { Heading, Paragraph, ListItem, TableCell, Quote, Preformatted, Other });
wire_enum!(IntegrityKind { BlockDigest, PayloadDigest, Record, ResourceHash, DatapackageDigest, Signature });
wire_enum!(IntegrityStatus { Passed, Failed, Untrusted, NotStated, NotChecked });
wire_enum!(RecordFraming { Plain, GzipMember, GzipStream });
wire_enum!(Severity { Info, Warning, Error });
wire_enum!(MatchKind { Exact, Redirect, Site });
wire_enum!(FindingKind { Adverse, NonAdverse, Removed });

wire_struct!(SourceLine { file, line, raw });
wire_struct!(Allegation { id, url, host, host_unicode, site, claim, source, date, flags, occurrences });
wire_struct!(WaczLocator { file, sha256 });
wire_struct!(ArchiveLocator {
    file,
    file_sha256,
    offset,
    length,
    framing,
    record_id,
    block_digest,
    payload_digest,
    wacz
});
wire_struct!(Artifact { kind, media_type, sha256, bytes, source, archive; skip content });
wire_struct!(Block { kind, start, end, text });
wire_struct!(PageLink { text, href, normalized_url, normalized_host });
wire_struct!(ExtractedText { title, description, canonical, blocks, links });
wire_struct!(LanguageShare { lang, script, share, reliable });
wire_struct!(LanguageProfile { languages, summary });
wire_struct!(IntegrityCheck { kind, subject, status, message, key_fingerprint, signer_domain });
wire_struct!(PageInfo { http_status, media_type, redirected_from, listed, seed });
wire_struct!(Capture {
    id,
    url,
    captured_at,
    origin,
    title,
    artifacts,
    text,
    language,
    integrity,
    integrity_checks,
    page
});
wire_struct!(Diagnostic { file, line, severity, message });
wire_struct!(CaptureMatch { capture_id, kind });
wire_struct!(Choice { capture_id, url, reason });
wire_struct!(AllegationMatches { allegation_id, captures, choice });
wire_struct!(MatchReport { allegations, unmatched_allegations, unmatched_captures });
wire_struct!(Finding { id, label, kind, description });
wire_struct!(Codebook { name, findings });
wire_struct!(Case { name, allegations, captures, diagnostics, matches, codebook });
wire_struct!(BuiltCase { case, contents });
wire_struct!(AllegationPreview { total, duplicates, flagged, diagnostics_total, rows, diagnostics });

impl Wire for ChoiceReason {
    fn put(&self, out: &mut Writer) {
        match self {
            ChoiceReason::ExactUrl => out.varint(0),
            ChoiceReason::Redirect { from } => {
                out.varint(1);
                from.put(out);
            }
            ChoiceReason::EntryPage { alleged_status } => {
                out.varint(2);
                alleged_status.put(out);
            }
            ChoiceReason::OtherPage => out.varint(3),
            ChoiceReason::OnlyErrors => out.varint(4),
        }
    }
    fn take(input: &mut Reader<'_>) -> Taken<Self> {
        Ok(match input.varint()? {
            0 => ChoiceReason::ExactUrl,
            1 => ChoiceReason::Redirect { from: String::take(input)? },
            2 => ChoiceReason::EntryPage { alleged_status: <Option<u16> as Wire>::take(input)? },
            3 => ChoiceReason::OtherPage,
            4 => ChoiceReason::OnlyErrors,
            other => return Err(WireError(format!("ChoiceReason has no variant {other}"))),
        })
    }
}

/// What every encoding starts with: "Exhibit wire", and which value follows.
const MAGIC: &[u8; 3] = b"EXW";

/// The kind letter of a `BuiltCase`.
pub const BUILT: u8 = b'C';
/// The kind letter of an `AllegationPreview`.
pub const PREVIEW: u8 = b'P';

/// A built case as `encode(BUILT, …)` writes it, from the case the engine keeps (not copied).
pub fn encode_built(case: &Case, contents: &[(usize, usize)]) -> Vec<u8> {
    let mut out = Writer::tagged(BUILT);
    case.put(&mut out);
    out.varint(contents.len() as u64);
    for pair in contents {
        pair.put(&mut out);
    }
    out.into_bytes()
}

/// `value` as bytes, tagged with `kind` (one letter per kind of value).
pub fn encode<T: Wire>(kind: u8, value: &T) -> Vec<u8> {
    let mut out = Writer::tagged(kind);
    value.put(&mut out);
    out.into_bytes()
}

/// Reads what `encode` wrote with the same `kind`: all of it, or why not.
pub fn decode<T: Wire>(kind: u8, bytes: &[u8]) -> Result<T, WireError> {
    let mut input = Reader::new(bytes);
    if input.slice(MAGIC.len()).ok() != Some(&MAGIC[..]) || input.byte().ok() != Some(kind) {
        return Err(WireError("not the expected data".to_string()));
    }
    let value = T::take(&mut input)?;
    input.finish()?;
    Ok(value)
}
