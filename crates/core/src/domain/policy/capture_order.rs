//! Ordering captures of the same URL in time, to tell an earlier capture from a later one.
//!
//! Times are compared as instants (RFC 3339 with any offset, a bare date, or a 14-digit WARC
//! timestamp). A time that cannot be read is never guessed at: captures without a readable time
//! have no order.

/// Seconds since 1970-01-01T00:00:00Z and nanoseconds, for ordering only.
pub type Instant = (i64, u32);

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads a capture time; `None` when it is not one of the accepted shapes.
pub fn parse_instant(text: &str) -> Option<Instant> {
    let text = text.trim();
    if !text.is_ascii() {
        return None;
    }
    // WARC-Date in ARC/CDX form: YYYYMMDDhhmmss.
    if text.len() == 14 && text.bytes().all(|byte| byte.is_ascii_digit()) {
        let part = |range: std::ops::Range<usize>| text.get(range).and_then(number);
        return instant(part(0..4)?, part(4..6)?, part(6..8)?, part(8..10)?, part(10..12)?, part(12..14)?, 0, 0);
    }
    let year = number(text.get(0..4)?)?;
    if text.get(4..5)? != "-" || text.get(7..8)? != "-" {
        return None;
    }
    let month = number(text.get(5..7)?)?;
    let day = number(text.get(8..10)?)?;
    let rest = text.get(10..)?;
    if rest.is_empty() {
        return instant(year, month, day, 0, 0, 0, 0, 0);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let hour = number(rest.get(0..2)?)?;
    let minute = number(rest.get(3..5)?)?;
    let second = number(rest.get(6..8)?)?;
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" {
        return None;
    }
    let mut rest = rest.get(8..)?;
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        for (index, byte) in fraction.bytes().take(digits).enumerate() {
            if index < 9 {
                nanos += u32::from(byte - b'0') * 10u32.pow(8 - index as u32);
            }
        }
        rest = fraction.get(digits..)?;
    }
    let offset_seconds = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let offset = rest.get(1..)?;
            let (hours, minutes) = match offset.len() {
                5 if offset.get(2..3)? == ":" => (number(offset.get(0..2)?)?, number(offset.get(3..5)?)?),
                4 => (number(offset.get(0..2)?)?, number(offset.get(2..4)?)?),
                2 => (number(offset)?, 0),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (i64::from(hours) * 3600 + i64::from(minutes) * 60)
        }
    };
    let (seconds, nanos) = instant(year, month, day, hour, minute, second, nanos, 0)?;
    Some((seconds - offset_seconds, nanos))
}

#[allow(clippy::too_many_arguments)]
fn instant(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset: i64,
) -> Option<Instant> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    Some((days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second) - offset, nanos))
}

/// A URL reduced for "same page" comparison: trimmed, scheme and host lowercased, one trailing
/// slash dropped. Paths and queries keep their case.
pub fn same_page_key(url: &str) -> String {
    let url = url.trim();
    let url = url.strip_suffix('/').unwrap_or(url);
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = match rest.find('/') {
                Some(index) => rest.split_at(index),
                None => (rest, ""),
            };
            format!("{}://{}{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase(), path)
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_orders_capture_times() {
        let cases = [
            ("1970-01-01T00:00:00Z", Some((0, 0))),
            ("1970-01-01T01:00:00+01:00", Some((0, 0))),
            ("1970-01-02", Some((86_400, 0))),
            ("19700101000001", Some((1, 0))),
            ("2024-03-01T12:00:00.5Z", Some((1_709_294_400, 500_000_000))),
            ("2024-02-30T00:00:00Z", Some((1_709_251_200, 0))),
            ("2024-13-01T00:00:00Z", None),
            ("yesterday", None),
            ("2024-03-01T12:00", None),
            ("٢٠٢٤-03-01", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_instant(text), expected, "{text}");
        }
        assert!(parse_instant("2024-03-01T12:00:00Z") < parse_instant("2024-03-01T13:30:00+01:00"));
        assert!(parse_instant("2024-03-01T12:00:00Z") > parse_instant("2024-03-01T12:30:00+01:00"));
    }

    #[test]
    fn same_page_key_ignores_case_of_host_and_trailing_slash() {
        assert_eq!(same_page_key("HTTPS://News.Example/A/"), "https://news.example/A");
        assert_eq!(same_page_key(" https://news.example "), "https://news.example");
        assert_ne!(same_page_key("https://news.example/a"), same_page_key("https://news.example/A"));
    }
}
