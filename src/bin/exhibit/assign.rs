//! `exhibit assign REVIEW.json --reviewers id:Name,... [--per 2] [--seed N] [-o OUT.json]`: assigns
//! each allegation of a review file to `--per` distinct reviewers (`domain::team::assign`: balanced,
//! reproducible from the seed) and prints the assignment as JSON. With `-o`, also writes the review
//! file with an `assignment_made` event appended, stamped with `--time` (default: now, UTC) and
//! `--by` (default `coordinator`). Exits 0, or 2 when the file cannot be read or the assignment
//! cannot be made. The clock is read here, never in the core.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use exhibit::domain::export::to_json;
use exhibit::domain::review_log::{Event, EventKind};
use exhibit::domain::team::assign;

use crate::verify::{describe, read_review_file};

pub struct Options<'a> {
    pub review: &'a Path,
    pub reviewers: &'a [String],
    pub per: usize,
    pub seed: Option<u64>,
    pub output: Option<&'a Path>,
    pub time: Option<&'a str>,
    pub by: &'a str,
}

pub fn run(options: &Options<'_>) -> ExitCode {
    match assign_file(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("exhibit assign: {message}");
            ExitCode::from(2)
        }
    }
}

fn assign_file(options: &Options<'_>) -> Result<(), String> {
    let members = exhibit::domain::team::parse_members(options.reviewers)?;
    let (mut file, diagnostics) = read_review_file(options.review)?;
    for diagnostic in &diagnostics {
        eprintln!("exhibit assign: {}: {}", options.review.display(), describe(diagnostic));
    }
    let time = match options.time {
        Some(time) if exhibit::domain::time::Timestamp::new(time).instant().is_none() => {
            return Err(format!("--time {time:?} is not an RFC 3339 time (e.g. 2026-05-01T12:00:00Z)"));
        }
        Some(time) => time.to_string(),
        None => now_rfc3339()?,
    };
    let seed = options.seed.unwrap_or_else(|| clock_seed(&time));
    let ids: Vec<&str> = file.allegations.iter().map(|allegation| allegation.id.as_str()).collect();
    let assignment = assign(&ids, &members, options.per, seed).map_err(|error| error.to_string())?;
    let json = serde_json::to_string_pretty(&assignment).map_err(|error| format!("cannot write JSON: {error}"))?;
    let _ = writeln!(std::io::stdout().lock(), "{json}");
    if let Some(output) = options.output {
        let id = format!("assignment-{seed:016x}-{}", file.events.len() + 1);
        file.events.push(Event::new(id, time, options.by, EventKind::AssignmentMade { assignment }));
        std::fs::write(output, to_json(&file)).map_err(|error| format!("{}: {error}", output.display()))?;
    }
    Ok(())
}

/// A seed when none is given: from the time and the process, printed in the assignment.
fn clock_seed(time: &str) -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_nanos()).unwrap_or_default();
    time.bytes().fold(nanos as u64 ^ u64::from(std::process::id()), |seed, byte| seed.rotate_left(5) ^ u64::from(byte))
}

/// The current UTC time as RFC 3339 (`2026-03-05T12:00:00Z`).
pub fn now_rfc3339() -> Result<String, String> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_string())?
        .as_secs();
    let days = i64::try_from(seconds / 86_400).map_err(|_| "the system clock is out of range".to_string())?;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    Ok(format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60))
}

/// Howard Hinnant's civil-from-days (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
