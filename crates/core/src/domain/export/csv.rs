//! CSV export: one row per allegation, for spreadsheets.
//!
//! Columns: `allegation_id, host, host_unicode, url, claim, source, verdict, rationale,
//! citation_count, first_quote, first_quote_translation, capture_sha256, reviewer, time`.
//! `verdict` is the machine name (`supported`, …) or `unreviewed`; `citation_count` counts the
//! allegation's live citations; the first quote is the first citation the current verdict names
//! (else the allegation's first live citation), a region giving its transcription;
//! `capture_sha256` is every artifact hash of the captures matched to the allegation,
//! `;`-joined; `reviewer` and `time` are those of the current verdict; `status` is `valid` or
//! `invalid` (the evidence gate's judgement now, empty when unreviewed) and `violations` the rule ids
//! that refuse an invalid verdict, `;`-joined.
//!
//! In a team case (an assignment in force) the verdict columns are the **final** verdict's (agreed
//! or adjudicated; `unreviewed` while an allegation awaits a reviewer or an adjudicator), and two
//! columns follow: `team_status` (`agreed`, `adjudicated`, `disagreement`, `missing`, empty for an
//! allegation the assignment does not give anyone) and `reviewer_verdicts`, each reviewer's own
//! latest verdict as `reviewer=verdict`, `;`-joined. A case without an assignment keeps the 16
//! columns above.
//!
//! The file is UTF-8 with a byte order mark, rows end in CRLF, and fields are quoted as RFC 4180
//! says (fields holding a comma, quote, CR or LF are quoted, quotes doubled). A cell that begins
//! with `=`, `+`, `-`, `@`, tab or CR is neutralised with a leading `'` so that no spreadsheet runs
//! it as a formula: this module never writes a cell a spreadsheet would evaluate.

use crate::domain::export::{quoted_text, Folded, ReviewFile};
use crate::domain::ids::AllegationId;

pub const HEADER: [&str; 16] = [
    "allegation_id",
    "host",
    "host_unicode",
    "url",
    "claim",
    "source",
    "verdict",
    "rationale",
    "citation_count",
    "first_quote",
    "first_quote_translation",
    "capture_sha256",
    "reviewer",
    "time",
    "status",
    "violations",
];

/// The CSV export of a review file.
pub fn csv(file: &ReviewFile) -> String {
    let folded = Folded::new(file);
    let mut out = String::from("\u{feff}");
    let team = folded.team.is_some();
    let team_header = team.then_some(["team_status", "reviewer_verdicts"]).into_iter().flatten();
    push_row(&mut out, HEADER.iter().copied().chain(team_header).map(str::to_string));
    for allegation in &file.allegations {
        let entry = folded.current_verdict(&allegation.id);
        let citations = folded.citations_for(&allegation.id);
        let first = citations.first();
        let hashes: Vec<String> = folded
            .captures_for(&allegation.id)
            .into_iter()
            .flat_map(|capture| capture.artifacts.iter().map(|artifact| artifact.sha256.clone()))
            .collect();
        let row = [
            allegation.id.to_string(),
            allegation.host.clone(),
            allegation.host_unicode.clone(),
            allegation.url.clone(),
            allegation.claim.clone().unwrap_or_default(),
            allegation.source.clone().unwrap_or_default(),
            entry.map_or("unreviewed", |entry| entry.record.verdict.as_str()).to_string(),
            entry.map(|entry| entry.record.rationale.clone()).unwrap_or_default(),
            citations.len().to_string(),
            first.map(|citation| quoted_text(citation).to_string()).unwrap_or_default(),
            first.and_then(|citation| citation.translation.clone()).unwrap_or_default(),
            hashes.join(";"),
            entry.map(|entry| entry.reviewer.clone()).unwrap_or_default(),
            entry.map(|entry| entry.time.to_string()).unwrap_or_default(),
            match folded.status(&allegation.id) {
                None => String::new(),
                Some(status) if status.is_valid() => "valid".to_string(),
                Some(_) => "invalid".to_string(),
            },
            folded
                .status(&allegation.id)
                .map(|status| {
                    status.violations.iter().map(|violation| violation.rule.id()).collect::<Vec<_>>().join(";")
                })
                .unwrap_or_default(),
        ];
        let team_cells = team.then(|| team_cells(&folded, &allegation.id)).into_iter().flatten();
        push_row(&mut out, row.into_iter().chain(team_cells));
    }
    out
}

/// `team_status` and `reviewer_verdicts` of one allegation.
fn team_cells(folded: &Folded<'_>, allegation_id: &AllegationId) -> [String; 2] {
    use crate::domain::team::{judged_entries, Final};
    let status = match folded.final_of(allegation_id) {
        None => "",
        Some(Final::Agreed { .. }) => "agreed",
        Some(Final::Adjudicated { .. }) => "adjudicated",
        Some(Final::Disagreement { .. }) => "disagreement",
        Some(Final::Missing { .. }) => "missing",
    };
    let verdicts: Vec<String> = judged_entries(&folded.state, allegation_id)
        .into_iter()
        .filter(|entry| entry.record.adjudicates.is_empty())
        .map(|entry| format!("{}={}", entry.reviewer, entry.record.verdict.as_str()))
        .collect();
    [status.to_string(), verdicts.join(";")]
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let mut first = true;
    for cell in cells {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&field(&cell));
    }
    out.push_str("\r\n");
}

/// One field: neutralised against formula injection, then quoted as RFC 4180 requires.
pub fn field(cell: &str) -> String {
    let neutral =
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields() {
        let cases = [
            ("plain", "plain"),
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (cell, expected) in cases {
            assert_eq!(field(cell), expected, "{cell:?}");
        }
    }
}
