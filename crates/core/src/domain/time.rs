//! Times as the files write them, ordered as instants.
//!
//! A review log and a capture carry times written by other programs (RFC 3339 with any offset, a
//! bare date, a 14-digit WARC timestamp). [`Timestamp`] keeps the text exactly as written (files
//! round-trip byte for byte) and orders by the instant it names (`policy::parse_instant`): text
//! order would put `10:00+02:00` after `09:00Z` although it is earlier. Times that cannot be read
//! come after every readable one, by their text. [`chronological`] is the one order of captures
//! (oldest first, undated last, then id) that the session, the gate and every export share.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::policy::{parse_instant, Instant};

/// A time as written, compared as an instant (see the module comment).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    pub fn new(text: impl Into<String>) -> Timestamp {
        Timestamp(text.into())
    }

    /// The time as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant it names, if it can be read.
    pub fn instant(&self) -> Option<Instant> {
        parse_instant(&self.0)
    }

    /// The order's key without the text: readable times first, by instant. Two times with the same
    /// key are ordered by `cmp` (their text); for sorting many by a key read once.
    pub fn instant_key(&self) -> (bool, Option<Instant>) {
        let instant = self.instant();
        (instant.is_none(), instant)
    }

    /// Readable times first, by instant, then unreadable ones; ties by text.
    fn key(&self) -> (bool, Option<Instant>, &str) {
        let (unreadable, instant) = self.instant_key();
        (unreadable, instant, &self.0)
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Timestamp {
        Timestamp(text)
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Timestamp {
        Timestamp(text.to_string())
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Timestamp {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The order of captures of one allegation: oldest first by instant, undated (or unreadable)
/// last, then by id.
pub fn chronological(a_time: Option<&str>, a_id: &str, b_time: Option<&str>, b_id: &str) -> Ordering {
    fn key(time: Option<&str>) -> (bool, Option<Instant>, &str) {
        let instant = time.and_then(parse_instant);
        (instant.is_none(), instant, time.unwrap_or(""))
    }
    key(a_time).cmp(&key(b_time)).then_with(|| a_id.cmp(b_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_not_text() {
        let earlier = Timestamp::from("2026-03-04T10:00:00+02:00");
        let later = Timestamp::from("2026-03-04T09:00:00Z");
        assert!(earlier < later, "10:00+02:00 is 08:00Z");
        assert!(earlier.as_str() > later.as_str(), "text order says otherwise");
        let unreadable = Timestamp::from("yesterday");
        assert!(later < unreadable);
        assert_eq!(serde_json::to_string(&earlier).expect("json"), "\"2026-03-04T10:00:00+02:00\"");
    }

    #[test]
    fn captures_oldest_first_undated_last() {
        let mut captures = [(None, "c0"), (Some("2026-01-02T00:00:00Z"), "c2"), (Some("20260101000000"), "c1")];
        captures.sort_by(|a, b| chronological(a.0, a.1, b.0, b.1));
        assert_eq!(captures.iter().map(|capture| capture.1).collect::<Vec<_>>(), ["c1", "c2", "c0"]);
    }
}
