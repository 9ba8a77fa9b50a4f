//! Dashboard data: for the whole list, what was decided and what the alleged sites share. Counts
//! by verdict (and unreviewed), progress, each allegation's dominant script and language against
//! its current verdict (rows for stacked bars), flag counts, allegations by source, and one plain
//! sentence stating the shared-trait finding. `dashboard_svg` draws the bars as a fixed-size inline
//! SVG; the app renders the same `Dashboard`.
//!
//! The script and language come from the language profiles of the captures matched to each
//! allegation: "no capture" when none is matched, "no text" when the captures have no letters to
//! detect, and a language of "uncertain" when detection was not reliable. They are context shown
//! beside the verdicts, never evidence; this module never turns them into a verdict. The SVG never
//! references anything outside itself and escapes every text it draws.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::export::{escape_html, Folded, ReviewFile};
use crate::domain::ids::AllegationId;
use crate::domain::language::language_name;
use crate::domain::review_log::Verdict;

pub const NO_CAPTURE: &str = "no capture";
pub const NO_TEXT: &str = "no text";
pub const UNCERTAIN: &str = "uncertain";
pub const UNREVIEWED: &str = "unreviewed";
/// Said beside every view of the dashboard.
pub const LANGUAGE_NOTE: &str = "Language and script are context for the reviewer, never evidence.";

/// How many allegations have one verdict (`None`: no verdict yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictCount {
    pub verdict: Option<Verdict>,
    pub count: usize,
}

impl VerdictCount {
    pub fn label(&self) -> &'static str {
        verdict_label(self.verdict)
    }
}

pub fn verdict_label(verdict: Option<Verdict>) -> &'static str {
    verdict.map_or("Unreviewed", Verdict::label)
}

/// The chart colour of a verdict (`None`: unreviewed).
pub fn verdict_colour(verdict: Option<Verdict>) -> &'static str {
    match verdict {
        Some(Verdict::Supported) => "#b2182b",
        Some(Verdict::NotSupported) => "#2166ac",
        Some(Verdict::Removed) => "#8073ac",
        Some(Verdict::Inconclusive) => "#e08214",
        Some(Verdict::Unreviewable) => "#636363",
        None => "#d9d9d9",
    }
}

/// The verdicts in chart order, unreviewed last.
pub const SEGMENTS: [Option<Verdict>; 6] = [
    Some(Verdict::Supported),
    Some(Verdict::NotSupported),
    Some(Verdict::Removed),
    Some(Verdict::Inconclusive),
    Some(Verdict::Unreviewable),
    None,
];

/// One allegation's traits against its current verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllegationTrait {
    pub allegation_id: AllegationId,
    pub host: String,
    /// Dominant script (`Arabic`, `Latin`…), or "no capture" / "no text".
    pub script: String,
    /// Dominant language's English name, "uncertain", or "no capture" / "no text".
    pub language: String,
    /// The current verdict when it stands (`None`: unreviewed, or `invalid`).
    pub verdict: Option<Verdict>,
    /// The current verdict does not stand under the evidence policy.
    #[serde(default)]
    pub invalid: bool,
}

/// One bar: a script or language and how many allegations with it got each verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraitRow {
    pub label: String,
    pub total: usize,
    /// In `SEGMENTS` order, every verdict present (zero counts included).
    pub segments: Vec<VerdictCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCount {
    pub label: String,
    pub count: usize,
}

/// A team case on the dashboard: where the assigned allegations stand and how far the reviewers
/// agree (`domain::agreement`, over each reviewer's latest verdict).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamSummary {
    pub assigned: usize,
    pub agreed: usize,
    pub adjudicated: usize,
    /// Reviewers' verdicts differ: in the adjudication queue.
    pub disagreement: usize,
    /// A reviewer's verdict is missing or does not stand: in the adjudication queue too.
    pub missing: usize,
    /// `None` until two reviewers have recorded verdicts.
    pub agreement: Option<crate::domain::agreement::Agreement>,
    /// Agreement on each finding (present or absent in each reviewer's cited evidence).
    pub per_finding: BTreeMap<String, crate::domain::agreement::Agreement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub case_name: String,
    pub total: usize,
    pub reviewed: usize,
    /// Share reviewed, in whole percent rounded down.
    pub progress_percent: u32,
    /// In `SEGMENTS` order: each verdict, then unreviewed.
    pub counts: Vec<VerdictCount>,
    pub allegations: Vec<AllegationTrait>,
    pub by_script: Vec<TraitRow>,
    pub by_language: Vec<TraitRow>,
    /// Flags with a non-zero count, most frequent first.
    pub flags: Vec<LabelCount>,
    /// Allegations by the source the list named ("(no source)" when none), most first.
    pub by_source: Vec<LabelCount>,
    /// Allegations whose current verdict the evidence gate refuses: counted apart, never among
    /// the verdicts (their rows show no verdict).
    pub invalid: usize,
    /// One plain sentence: the most common script among alleged sites with captures, how many
    /// share it, and how many of those were supported by cited evidence.
    pub finding: String,
    /// With an assignment in force (or verdicts by two reviewers or more): the team's standing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamSummary>,
}

/// The dashboard of a review file.
pub fn dashboard(file: &ReviewFile) -> Dashboard {
    let folded = Folded::new(file);
    let allegations: Vec<AllegationTrait> = file
        .allegations
        .iter()
        .map(|allegation| {
            let (script, language) = dominant(&folded, &allegation.id);
            AllegationTrait {
                allegation_id: allegation.id.clone(),
                host: allegation.host_unicode.clone(),
                script,
                language,
                verdict: folded
                    .current_verdict(&allegation.id)
                    .filter(|_| folded.is_valid(&allegation.id))
                    .map(|entry| entry.record.verdict),
                invalid: folded.status(&allegation.id).is_some_and(|status| !status.is_valid()),
            }
        })
        .collect();

    let counts: Vec<VerdictCount> = SEGMENTS
        .iter()
        .map(|verdict| VerdictCount {
            verdict: *verdict,
            count: allegations.iter().filter(|row| row.verdict == *verdict && !row.invalid).count(),
        })
        .collect();
    let total = allegations.len();
    let reviewed = allegations.iter().filter(|row| row.verdict.is_some()).count();
    let progress_percent =
        (reviewed.saturating_mul(100)).checked_div(total).map_or(0, |percent| u32::try_from(percent).unwrap_or(100));

    let mut flag_counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for allegation in &file.allegations {
        for flag in &allegation.flags {
            *flag_counts.entry(flag.as_str()).or_default() += 1;
        }
    }
    let mut source_counts: BTreeMap<String, usize> = BTreeMap::new();
    for allegation in &file.allegations {
        let source = allegation.source.as_deref().map(str::trim).filter(|source| !source.is_empty());
        *source_counts.entry(source.unwrap_or("(no source)").to_string()).or_default() += 1;
    }

    let invalid = folded.statuses.values().filter(|status| !status.is_valid()).count();
    let team = team_summary(&folded);
    Dashboard {
        team,
        case_name: file.case_name.clone(),
        total,
        reviewed,
        invalid,
        progress_percent,
        counts,
        by_script: rows(&allegations, |row| &row.script),
        by_language: rows(&allegations, |row| &row.language),
        flags: sorted_counts(flag_counts.into_iter().map(|(label, count)| (label.to_string(), count))),
        by_source: sorted_counts(source_counts.into_iter()),
        finding: finding(&allegations),
        allegations,
    }
}

fn team_summary(folded: &Folded<'_>) -> Option<TeamSummary> {
    use crate::domain::team::Final;
    let agreement = folded.agreement();
    let finals = folded.team.as_ref().map(|team| &team.finals);
    if finals.is_none() && agreement.is_none() {
        return None;
    }
    let per_finding = if agreement.is_some() { folded.finding_agreement() } else { BTreeMap::new() };
    let mut summary =
        TeamSummary { assigned: 0, agreed: 0, adjudicated: 0, disagreement: 0, missing: 0, agreement, per_finding };
    for outcome in finals.into_iter().flat_map(|finals| finals.values()) {
        summary.assigned += 1;
        match outcome {
            Final::Agreed { .. } => summary.agreed += 1,
            Final::Adjudicated { .. } => summary.adjudicated += 1,
            Final::Disagreement { .. } => summary.disagreement += 1,
            Final::Missing { .. } => summary.missing += 1,
        }
    }
    Some(summary)
}

/// The team section (dashboard and printable report): where the assigned allegations stand, the
/// agreement figures as a table and as bars, Cohen's kappa per pair and each pair's confusion
/// table. Escaped text only; the SVG references nothing outside itself.
pub fn team_html(team: &TeamSummary) -> String {
    use crate::domain::agreement::Figure;
    let figure = |value: Figure| match value {
        Figure::Value(value) => format!("{value:.3}"),
        Figure::Undefined(reason) => format!("undefined ({})", escape_html(reason.message())),
    };
    let mut html = String::from("<div class=\"team\" data-testid=\"dashboard-team\"><h3>Team review</h3>");
    if team.assigned > 0 {
        html.push_str(&format!(
            "<p data-testid=\"team-standing\">{} assigned: {} agreed, {} adjudicated, {} to adjudicate \
             (reviewers disagree), {} awaiting a reviewer's verdict that stands.</p>",
            team.assigned, team.agreed, team.adjudicated, team.disagreement, team.missing
        ));
    }
    let Some(agreement) = &team.agreement else {
        html.push_str("<p class=\"empty\">Agreement needs verdicts from two reviewers or more.</p></div>");
        return html;
    };
    html.push_str(&format!(
        "<table data-testid=\"agreement-table\"><caption>Agreement over {} allegations rated by two reviewers or \
         more ({} ratings by {} reviewers)</caption><tr><th>Measure</th><th>Value</th></tr>",
        agreement.pairable_items,
        agreement.ratings,
        agreement.reviewers.len()
    ));
    let rows = [
        ("Percent agreement", "percent_agreement", agreement.percent_agreement),
        ("Krippendorff's alpha (nominal)", "krippendorff_alpha", agreement.krippendorff_alpha),
        ("Gwet's AC1", "gwet_ac1", agreement.gwet_ac1),
    ];
    for (label, key, value) in rows {
        html.push_str(&format!(
            "<tr data-testid=\"agreement-{key}\"><td>{label}</td><td class=\"num\">{}</td></tr>",
            figure(value)
        ));
    }
    for pair in &agreement.cohen_kappa {
        html.push_str(&format!(
            "<tr data-testid=\"agreement-kappa\"><td>Cohen's kappa, <bdi>{}</bdi> and <bdi>{}</bdi> ({} shared)</td>\
         <td class=\"num\">{}</td></tr>",
            escape_html(&pair.a),
            escape_html(&pair.b),
            pair.items,
            figure(pair.kappa)
        ));
    }
    html.push_str("</table>");
    // Bars from -1 to 1, zero in the middle.
    let bars: Vec<(String, Option<f64>)> = rows
        .iter()
        .map(|(label, _, value)| (label.to_string(), value.value()))
        .chain(agreement.cohen_kappa.iter().map(|pair| (format!("kappa {} / {}", pair.a, pair.b), pair.kappa.value())))
        .collect();
    let (width, row, label_width) = (520.0_f64, 22.0_f64, 220.0_f64);
    let scale = (width - label_width - 10.0) / 2.0;
    let zero = label_width + scale;
    let height = row * bars.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" data-testid=\"agreement-chart\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>Agreement figures, from -1 to 1</title>\
         <line x1=\"{zero}\" y1=\"0\" x2=\"{zero}\" y2=\"{height}\" stroke=\"currentColor\" stroke-width=\"1\"/>"
    );
    for (index, (label, value)) in bars.iter().enumerate() {
        let y = index as f64 * row + 4.0;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\" fill=\"currentColor\">{}</text>",
            y + 13.0,
            escape_html(label)
        ));
        match value {
            Some(value) => {
                let value = value.clamp(-1.0, 1.0);
                let (x, w) = if value >= 0.0 { (zero, value * scale) } else { (zero + value * scale, -value * scale) };
                svg.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#2166ac\"><title>{}: {value:.3}</title></rect>",
                    row - 6.0,
                    escape_html(label)
                ));
            }
            None => svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"currentColor\">undefined</text>",
                zero + 4.0,
                y + 13.0
            )),
        }
    }
    svg.push_str("</svg>");
    html.push_str(&format!("<div class=\"chart\">{svg}</div>"));
    if !team.per_finding.is_empty() {
        html.push_str(
            "<table data-testid=\"agreement-per-finding\"><caption>Agreement per finding (whether each reviewer's \
             cited evidence shows it)</caption><tr><th>Finding</th><th>Items</th><th>Percent</th>\
             <th>Alpha</th><th>AC1</th></tr>",
        );
        for (finding, figures) in &team.per_finding {
            html.push_str(&format!(
                "<tr data-testid=\"agreement-finding\" data-finding=\"{}\"><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape_html(finding),
                escape_html(finding),
                figures.pairable_items,
                figure(figures.percent_agreement),
                figure(figures.krippendorff_alpha),
                figure(figures.gwet_ac1)
            ));
        }
        html.push_str("</table>");
    }
    for confusion in &agreement.confusion {
        html.push_str(&format!(
            "<table class=\"confusion\" data-testid=\"agreement-confusion\"><caption>Confusion: <bdi>{}</bdi> \
         (rows) against <bdi>{}</bdi> (columns)</caption><tr><th></th>",
            escape_html(&confusion.a),
            escape_html(&confusion.b)
        ));
        for category in &agreement.categories {
            html.push_str(&format!("<th>{}</th>", escape_html(category)));
        }
        html.push_str("</tr>");
        for (category, counts) in agreement.categories.iter().zip(&confusion.matrix) {
            html.push_str(&format!("<tr><th>{}</th>", escape_html(category)));
            for count in counts {
                html.push_str(&format!("<td class=\"num\">{count}</td>"));
            }
            html.push_str("</tr>");
        }
        html.push_str("</table>");
    }
    html.push_str("</div>");
    html
}

/// The dominant script and language of an allegation's matched captures: shares are summed over
/// the captures, the largest script wins (ties: alphabetical), then the largest language within it.
fn dominant(folded: &Folded<'_>, allegation_id: &AllegationId) -> (String, String) {
    let captures = folded.captures_for(allegation_id);
    if captures.is_empty() {
        return (NO_CAPTURE.to_string(), NO_CAPTURE.to_string());
    }
    let mut by_script: BTreeMap<&str, f64> = BTreeMap::new();
    let mut by_language: BTreeMap<(&str, Option<&str>), f64> = BTreeMap::new();
    for capture in &captures {
        for share in &capture.language.languages {
            let weight = if share.share.is_finite() && share.share > 0.0 { share.share } else { 0.0 };
            *by_script.entry(share.script.as_str()).or_default() += weight;
            let language = if share.reliable { share.lang.as_deref() } else { None };
            *by_language.entry((share.script.as_str(), language)).or_default() += weight;
        }
    }
    let Some(script) = largest(by_script.iter().map(|(script, weight)| (*script, *weight))) else {
        return (NO_TEXT.to_string(), NO_TEXT.to_string());
    };
    let language = largest(
        by_language
            .iter()
            .filter(|((row_script, _), _)| *row_script == script)
            .map(|((_, lang), weight)| (*lang, *weight)),
    )
    .flatten();
    let language = match language {
        Some(code) => language_name(code).map_or_else(|| code.to_string(), str::to_string),
        None => UNCERTAIN.to_string(),
    };
    (script.to_string(), language)
}

/// The key with the largest weight; the first in iteration order wins ties.
fn largest<K>(items: impl Iterator<Item = (K, f64)>) -> Option<K> {
    let mut best: Option<(K, f64)> = None;
    for (key, weight) in items {
        if best.as_ref().is_none_or(|(_, best_weight)| weight > *best_weight) {
            best = Some((key, weight));
        }
    }
    best.map(|(key, _)| key)
}

fn rows(allegations: &[AllegationTrait], key: impl Fn(&AllegationTrait) -> &String) -> Vec<TraitRow> {
    let mut grouped: BTreeMap<&str, Vec<Option<Verdict>>> = BTreeMap::new();
    for row in allegations {
        grouped.entry(key(row).as_str()).or_default().push(row.verdict);
    }
    let mut rows: Vec<TraitRow> = grouped
        .into_iter()
        .map(|(label, verdicts)| TraitRow {
            label: label.to_string(),
            total: verdicts.len(),
            segments: SEGMENTS
                .iter()
                .map(|verdict| VerdictCount {
                    verdict: *verdict,
                    count: verdicts.iter().filter(|other| *other == verdict).count(),
                })
                .collect(),
        })
        .collect();
    // Most allegations first; "no capture" and "no text" last; then alphabetical.
    rows.sort_by(|a, b| {
        let placeholder = |label: &str| label == NO_CAPTURE || label == NO_TEXT;
        (placeholder(&a.label), std::cmp::Reverse(a.total), &a.label).cmp(&(
            placeholder(&b.label),
            std::cmp::Reverse(b.total),
            &b.label,
        ))
    });
    rows
}

fn sorted_counts(counts: impl Iterator<Item = (String, usize)>) -> Vec<LabelCount> {
    let mut counts: Vec<LabelCount> = counts.map(|(label, count)| LabelCount { label, count }).collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    counts
}

fn finding(allegations: &[AllegationTrait]) -> String {
    let total = allegations.len();
    if total == 0 {
        return "The case has no allegations.".to_string();
    }
    let mut by_script: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for row in allegations {
        if row.script == NO_CAPTURE || row.script == NO_TEXT {
            continue;
        }
        let entry = by_script.entry(row.script.as_str()).or_default();
        entry.0 += 1;
        if row.verdict == Some(Verdict::Supported) {
            entry.1 += 1;
        }
    }
    let mut best: Option<(&str, usize, usize)> = None;
    for (script, (count, supported)) in by_script {
        if best.is_none_or(|(_, best_count, _)| count > best_count) {
            best = Some((script, count, supported));
        }
    }
    let Some((script, count, supported)) = best else {
        return format!(
            "None of the {total} alleged {} has a capture with text yet, so no shared trait can be stated.",
            if total == 1 { "site" } else { "sites" }
        );
    };
    format!(
        "{count} of {total} alleged {} {} in {script} script; {supported} {} supported by cited evidence.",
        if total == 1 { "site" } else { "sites" },
        if count == 1 { "is" } else { "are" },
        if supported == 1 { "was" } else { "were" },
    )
}

const SVG_WIDTH: usize = 720;
const LABEL_WIDTH: usize = 190;
const BAR_WIDTH: usize = 470;
const ROW_HEIGHT: usize = 22;
const BAR_HEIGHT: usize = 16;
const MAX_LABEL_CHARS: usize = 26;

/// The dashboard's stacked bars (script rows, then language rows, each bar split by verdict) with
/// a legend, as a self-contained SVG of fixed width; its height follows the number of rows.
pub fn dashboard_svg(dashboard: &Dashboard) -> String {
    let mut body = String::new();
    let mut y = 0usize;
    let max_total = dashboard.by_script.iter().chain(&dashboard.by_language).map(|row| row.total).max().unwrap_or(0);
    for (title, rows) in
        [("Verdicts by script", &dashboard.by_script), ("Verdicts by language", &dashboard.by_language)]
    {
        y += 24;
        body.push_str(&format!(
            "<text x=\"0\" y=\"{y}\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
            escape_html(title)
        ));
        y += 8;
        if rows.is_empty() {
            y += ROW_HEIGHT;
            body.push_str(&format!("<text x=\"0\" y=\"{}\">No allegations</text>\n", y - 6));
        }
        for row in rows.iter() {
            body.push_str(&bar(row, y, max_total));
            y += ROW_HEIGHT;
        }
    }
    // Legend.
    y += 16;
    let mut x = 0usize;
    for verdict in SEGMENTS {
        let label = verdict_label(verdict);
        body.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#555555\" stroke-width=\"0.5\"/>\
             <text x=\"{}\" y=\"{y}\">{}</text>\n",
            y - 10,
            verdict_colour(verdict),
            x + 16,
            escape_html(label)
        ));
        x += 22 + label.chars().count() * 7 + 12;
    }
    y += 20;
    body.push_str(&format!("<text x=\"0\" y=\"{y}\" font-style=\"italic\">{}</text>\n", escape_html(LANGUAGE_NOTE)));
    let height = y + 8;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{SVG_WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {SVG_WIDTH} {height}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" \
         font-size=\"12\">\n<title>{}</title>\n{body}</svg>\n",
        escape_html(&dashboard.finding),
        escape_html(&dashboard.finding),
    )
}

fn bar(row: &TraitRow, y: usize, max_total: usize) -> String {
    let mut out = String::new();
    let label = truncate(&row.label, MAX_LABEL_CHARS);
    out.push_str(&format!(
        "<text x=\"0\" y=\"{}\"><title>{}</title>{}</text>\n",
        y + BAR_HEIGHT - 3,
        escape_html(&row.label),
        escape_html(&label)
    ));
    let scale = |count: usize| count.saturating_mul(BAR_WIDTH).checked_div(max_total).unwrap_or(0);
    let mut cumulative = 0usize;
    for segment in row.segments.iter().filter(|segment| segment.count > 0) {
        let start = scale(cumulative);
        cumulative += segment.count;
        let end = scale(cumulative);
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{}\"><title>{}: {} {}</title></rect>\n",
            LABEL_WIDTH + start,
            end.saturating_sub(start),
            verdict_colour(segment.verdict),
            escape_html(&row.label),
            segment.count,
            escape_html(segment.label()),
        ));
    }
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\">{}</text>\n",
        LABEL_WIDTH + scale(row.total) + 6,
        y + BAR_HEIGHT - 3,
        row.total
    ));
    out
}

fn truncate(text: &str, max: usize) -> String {
    let clean: String = text.chars().map(|character| if character.is_control() { ' ' } else { character }).collect();
    if clean.chars().count() <= max {
        clean
    } else {
        let mut cut: String = clean.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// The app's dashboard view (the inside of its `<section>`): the finding, the counts, the chart
/// and the tables, every text escaped. Built in the worker with the data, so the app renders a
/// string made by this function and nothing else.
pub fn dashboard_html(dashboard: &Dashboard) -> String {
    let escape = crate::domain::export::escape_html;
    let mut html = String::new();
    html.push_str(&format!("<p class=\"finding\" data-testid=\"finding\">{}</p>", escape(&dashboard.finding)));
    html.push_str(
        "<p class=\"note\">Language and script describe the alleged sites; they are shown to expose shared traits \
         of the list, never as evidence.</p>",
    );
    html.push_str(&format!(
        "<div class=\"dash-counts\" data-testid=\"dashboard-counts\"><strong>{} of {} reviewed ({}%)</strong>",
        dashboard.reviewed, dashboard.total, dashboard.progress_percent
    ));
    for count in &dashboard.counts {
        let class = count.verdict.map(|verdict| format!(" {}", verdict.as_str())).unwrap_or_default();
        let label = count.verdict.map(|verdict| verdict.label()).unwrap_or("Unreviewed");
        html.push_str(&format!("<span class=\"verdict-count{class}\">{}: {}</span>", escape(label), count.count));
    }
    if dashboard.invalid > 0 {
        html.push_str(&format!(
            "<span class=\"verdict-count invalid\" data-testid=\"dashboard-invalid\">Invalid (not counted): {}</span>",
            dashboard.invalid
        ));
    }
    html.push_str("</div>");
    html.push_str(&format!("<div class=\"chart\" data-testid=\"dashboard-chart\">{}</div>", dashboard_svg(dashboard)));
    if let Some(team) = &dashboard.team {
        html.push_str(&team_html(team));
    }
    html.push_str("<div class=\"dash-grid\">");
    for (title, rows) in [("By script", &dashboard.by_script), ("By language", &dashboard.by_language)] {
        html.push_str(&format!("<div class=\"dash-table\"><h3>{title}</h3><table>"));
        for row in rows {
            let segments: Vec<String> = row
                .segments
                .iter()
                .filter(|segment| segment.count > 0)
                .map(|segment| {
                    format!(
                        "{} {}",
                        segment.verdict.map(|verdict| verdict.label()).unwrap_or("unreviewed"),
                        segment.count
                    )
                })
                .collect();
            html.push_str(&format!(
                "<tr><td dir=\"auto\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(&row.label),
                row.total,
                escape(&segments.join(" · "))
            ));
        }
        html.push_str("</table></div>");
    }
    for (title, rows, testid) in
        [("Flags", &dashboard.flags, "dashboard-flags"), ("By source", &dashboard.by_source, "dashboard-sources")]
    {
        html.push_str(&format!("<div class=\"dash-table\" data-testid=\"{testid}\"><h3>{title}</h3>"));
        if rows.is_empty() {
            html.push_str("<p class=\"empty\">none</p>");
        }
        html.push_str("<table>");
        for row in rows {
            html.push_str(&format!(
                "<tr><td dir=\"auto\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&row.label),
                row.count
            ));
        }
        html.push_str("</table></div>");
    }
    html.push_str("</div>");
    html
}
