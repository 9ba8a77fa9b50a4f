//! Times as the files write them, ordered as instants.
//!
//! A review log and a capture carry times written by other programs (RFC 3339 with any offset, a
//! bare date, a 14-digit WARC timestamp). [`Timestamp`] keeps the text exactly as written (files
//! round-trip byte for byte) and orders by the instant it names (`policy::parse_instant`): text
//! order would put `10:00+02:00` after `09:00Z` although it is earlier. Times that cannot be read
//! come after every readable one, by their text; so does a day the month does not have
//! (`2024-02-30`, [`read_instant`]). [`chronological`] is the one order of captures
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

    /// The instant it names, if it can be read (see [`read_instant`]).
    pub fn instant(&self) -> Option<Instant> {
        read_instant(&self.0)
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

/// The instant a time names: `policy::parse_instant`'s reading, but only of a day the calendar
/// has. `parse_instant` checks each field's range (month 1–12, day 1–31, hour 0–23…), not the
/// month's length, so `2024-02-30` would be read as 1 March and `2023-02-29` as 1 March too.
pub fn read_instant(text: &str) -> Option<Instant> {
    let instant = parse_instant(text)?;
    let text = text.trim();
    // The shapes `parse_instant` reads: `YYYYMMDDhhmmss`, or `YYYY-MM-DD` and what follows.
    let (month_at, day_at) = if text.len() == 14 && !text.contains('-') { (4..6, 6..8) } else { (5..7, 8..10) };
    let field = |range: std::ops::Range<usize>| text.get(range).and_then(|digits| digits.parse::<u32>().ok());
    let (year, month, day) = (field(0..4)?, field(month_at)?, field(day_at)?);
    (day <= days_in_month(year, month)).then_some(instant)
}

/// Days in a month of the proleptic Gregorian calendar (0 for a month that is not one).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 0,
    }
}

/// What is wrong with a date written as `YYYY-MM-DD` (alone or starting a time): `None` when it is
/// a day of the calendar, or when the text does not start with that shape (free text such as
/// "March 2024" is no claim to be a calendar date).
pub fn calendar_date_problem(text: &str) -> Option<String> {
    let text = text.trim();
    let date = text.get(..10)?;
    let shaped = date.bytes().enumerate().all(|(index, byte)| match index {
        4 | 7 => byte == b'-',
        _ => byte.is_ascii_digit(),
    });
    if !shaped || text.get(10..11).is_some_and(|next| next.bytes().all(|byte| byte.is_ascii_digit())) {
        return None;
    }
    if read_instant(date).is_some() {
        return None;
    }
    let field = |range: std::ops::Range<usize>| date.get(range).and_then(|digits| digits.parse::<u32>().ok());
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    Some(match days_in_month(year, month) {
        0 => format!("{date} has no month {month}"),
        days if day > days => format!("{date} is not a day of the calendar (that month has {days} days, not {day})"),
        _ => format!("{date} is not a day of the calendar"),
    })
}

/// The order of captures of one allegation: oldest first by instant, undated (or unreadable)
/// last, then by id.
pub fn chronological(a_time: Option<&str>, a_id: &str, b_time: Option<&str>, b_id: &str) -> Ordering {
    fn key(time: Option<&str>) -> (bool, Option<Instant>, &str) {
        let instant = time.and_then(read_instant);
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
    fn a_day_the_month_does_not_have_is_no_time() {
        for unreal in ["2024-02-30", "2023-02-29T10:00:00Z", "2026-04-31T00:00:00+02:00", "20260631120000"] {
            assert_eq!(Timestamp::from(unreal).instant(), None, "{unreal}");
        }
        for real in ["2024-02-29", "2000-02-29T10:00:00Z", "2026-04-30T00:00:00+02:00", "20260630120000"] {
            assert!(Timestamp::from(real).instant().is_some(), "{real}");
        }
        assert_eq!(days_in_month(1900, 2), 28);
        assert!(calendar_date_problem("2024-02-30").is_some_and(|problem| problem.contains("29 days")));
        assert!(calendar_date_problem("2024-13-01").is_some_and(|problem| problem.contains("no month 13")));
        for fine in ["2024-02-29", "March 2024", "2024-02-27T10:00:00Z", "20240230", "2024-02-301"] {
            assert_eq!(calendar_date_problem(fine), None, "{fine}");
        }
    }

    #[test]
    fn captures_oldest_first_undated_last() {
        let mut captures = [(None, "c0"), (Some("2026-01-02T00:00:00Z"), "c2"), (Some("20260101000000"), "c1")];
        captures.sort_by(|a, b| chronological(a.0, a.1, b.0, b.1));
        assert_eq!(captures.iter().map(|capture| capture.1).collect::<Vec<_>>(), ["c1", "c2", "c0"]);
    }
}
