//! JSON allegation lists: an array of objects (url/link/site/domain, claim/allegation/reason/
//! category, source/by/reporter, date — the same tolerant names as CSV headers) or of strings, or
//! an object with an `allegations` array. Each element keeps the line it starts on and its text as
//! written.
//!
//! It never fails whole: when the document does not parse, the parse error is diagnosed with its
//! line and every element that parses on its own is still read. The element scanner is linear and
//! never recurses.

use serde_json::Value;

use super::csv::{column_role, Role};
use super::{Collector, Fields};
use crate::domain::diagnostic::Diagnostic;

pub(super) fn import(collector: &mut Collector<'_>, input: &str) {
    let parsed = serde_json::from_str::<Value>(input);
    // JSON Lines (one object or string a line, as log exports write them): each line is an
    // element, and the document as a whole is not expected to parse.
    if let Some(elements) = parsed.is_err().then(|| json_lines(input)).flatten() {
        collector.diagnose(Diagnostic::info("read as JSON Lines: one element a line"), 1);
        read_elements(collector, input, elements, true);
        return;
    }
    if let Err(error) = &parsed {
        collector.diagnose(
            Diagnostic::error(format!("JSON parse error: {error}; reading the elements that parse on their own")),
            error.line().max(1),
        );
    }
    let mut lines = LineCounter::new(input);
    let bytes = input.as_bytes();
    let Some(top) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else { return };
    let elements = match bytes.get(top) {
        Some(b'[') => container_items(bytes, top),
        Some(b'{') => {
            let members = container_items(bytes, top);
            let mut list = None;
            for &(start, end) in &members {
                let member = input.get(start..end).unwrap_or("");
                if let Some((key, value_start)) = member_key(member) {
                    if key.eq_ignore_ascii_case("allegations") && member.as_bytes().get(value_start) == Some(&b'[') {
                        list = Some(container_items(bytes, start + value_start));
                        break;
                    }
                }
            }
            match list {
                Some(list) => list,
                // A single allegation object.
                None if members.iter().any(|&(start, end)| {
                    input
                        .get(start..end)
                        .and_then(member_key)
                        .is_some_and(|(key, _)| matches!(column_role(&key), Some(Role::Url(_))))
                }) =>
                {
                    vec![(top, input.trim_end().len())]
                }
                None => {
                    collector.diagnose(
                        Diagnostic::warning("JSON object has no \"allegations\" array and no url field"),
                        lines.line_at(top),
                    );
                    return;
                }
            }
        }
        _ => {
            if parsed.is_ok() {
                collector.diagnose(
                    Diagnostic::warning("JSON input is neither an array nor an object: nothing to read"),
                    lines.line_at(top),
                );
            }
            return;
        }
    };
    read_elements(collector, input, elements, parsed.is_ok());
}

/// Reads each element (`input[start..end]`, on the line it starts on): a string as prose, an
/// object by its fields. An element that does not parse is said only when `say_unparsed` (when
/// the whole document failed, its parse error was said already).
fn read_elements(collector: &mut Collector<'_>, input: &str, elements: Vec<(usize, usize)>, say_unparsed: bool) {
    let mut lines = LineCounter::new(input);
    for (start, end) in elements {
        let line = lines.line_at(start);
        let raw = input.get(start..end).unwrap_or("");
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::String(text)) => collector.add_prose(line, raw, &text, &Fields::default()),
            Ok(Value::Object(object)) => import_object(collector, line, raw, &object),
            Ok(_) => collector.diagnose(Diagnostic::warning("expected an object or a string: skipped"), line),
            Err(error) => {
                if say_unparsed {
                    collector.diagnose(Diagnostic::warning(format!("element does not parse: {error}")), line);
                }
            }
        }
    }
}

/// The byte ranges of a JSON Lines document's elements: two or more non-blank lines, each an
/// object or a string that parses on its own; `None` for anything else.
fn json_lines(input: &str) -> Option<Vec<(usize, usize)>> {
    let mut elements = Vec::new();
    let mut offset = 0;
    for line in input.split_inclusive('\n') {
        let text = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        if text.is_empty() {
            continue;
        }
        let end = start + text.len();
        if !(text.starts_with('{') || text.starts_with('"')) || serde_json::from_str::<Value>(text).is_err() {
            return None;
        }
        elements.push((start, end));
    }
    (elements.len() >= 2).then_some(elements)
}

fn import_object(collector: &mut Collector<'_>, line: usize, raw: &str, object: &serde_json::Map<String, Value>) {
    let mut best_url: Option<(u8, &Value)> = None;
    let mut claim = Vec::new();
    let mut source = Vec::new();
    let mut date = Vec::new();
    for (key, value) in object {
        match column_role(key) {
            Some(Role::Url(score)) if best_url.is_none_or(|(best, _)| score > best) => {
                best_url = Some((score, value));
            }
            Some(Role::Url(_)) => {}
            Some(Role::Claim) => claim.extend(value_text(value)),
            Some(Role::Source) => source.extend(value_text(value)),
            Some(Role::Date) => date.extend(value_text(value)),
            None => {}
        }
    }
    let join = |values: Vec<String>| if values.is_empty() { None } else { Some(values.join("; ")) };
    let date = collector.checked_date(join(date), line);
    let fields = Fields { claim: join(claim), source: join(source), date };
    let urls = best_url.map(|(_, value)| value_text(value)).unwrap_or_default();
    if urls.is_empty() {
        collector.diagnose(Diagnostic::warning("object has no url, link, site or domain field: skipped"), line);
        return;
    }
    for url in urls {
        collector.add_prose(line, raw, &url, &fields);
    }
}

/// Strings, numbers and booleans as text; arrays of them as several texts; others as nothing.
fn value_text(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => vec![text.trim().to_owned()],
        Value::Number(number) => vec![number.to_string()],
        Value::Bool(flag) => vec![flag.to_string()],
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The key of an object member `"key": value`, and where its value starts in `member`.
fn member_key(member: &str) -> Option<(String, usize)> {
    let bytes = member.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut index = 1;
    loop {
        match bytes.get(index)? {
            b'\\' => index += 2,
            b'"' => break,
            _ => index += 1,
        }
    }
    let key: String = serde_json::from_str(member.get(..=index)?).ok()?;
    let after = member.get(index + 1..)?;
    let colon = after.find(':')?;
    let value = after.get(colon + 1..)?;
    let value_start = index + 1 + colon + 1 + (value.len() - value.trim_start().len());
    Some((key, value_start))
}

/// The spans of the items of the array or object opening at `open`, split at top-level commas
/// (strings and nesting respected), without surrounding whitespace. Tolerates broken input.
fn container_items(bytes: &[u8], open: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut item: Option<(usize, usize)> = None;
    let mut index = open + 1;
    while let Some(&byte) = bytes.get(index) {
        if in_string {
            match byte {
                b'\\' => index += 1,
                b'"' => in_string = false,
                _ => {}
            }
            index += 1;
            if let Some((_, end)) = item.as_mut() {
                *end = index.min(bytes.len());
            }
            continue;
        }
        match byte {
            b',' if depth == 0 => {
                items.extend(item.take());
                index += 1;
                continue;
            }
            b']' | b'}' if depth == 0 => {
                items.extend(item.take());
                return items;
            }
            b']' | b'}' => depth -= 1,
            b'[' | b'{' => depth += 1,
            b'"' => in_string = true,
            _ => {}
        }
        if !byte.is_ascii_whitespace() {
            match item.as_mut() {
                Some((_, end)) => *end = index + 1,
                None => item = Some((index, index + 1)),
            }
        }
        index += 1;
    }
    items.extend(item.take());
    items
}

/// Line numbers of byte offsets visited in increasing order, in linear total time.
struct LineCounter<'a> {
    bytes: &'a [u8],
    position: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(input: &'a str) -> Self {
        LineCounter { bytes: input.as_bytes(), position: 0, line: 1 }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        if offset < self.position {
            self.position = 0;
            self.line = 1;
        }
        let end = offset.min(self.bytes.len());
        let newlines =
            self.bytes.get(self.position..end).map_or(0, |slice| slice.iter().filter(|&&b| b == b'\n').count());
        self.line += newlines;
        self.position = end;
        self.line
    }
}
