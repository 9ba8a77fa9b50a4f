#![cfg(not(target_arch = "wasm32"))]
//! Agreement figures (`domain::agreement`) and `exhibit agreement`, data-driven: every ratings CSV
//! under `tests/data/agreement/` has its expected figures in `expected.tsv` (published worked
//! examples first), every malformed one its message in `malformed.tsv`; review files are written
//! to a temporary folder and read by the built binary; properties check perfect agreement and
//! that the order of rows and columns does not matter.
//!
//! Hand derivations of the figures that are not published:
//!
//! Wikipedia's 50 proposals (A yes/B yes 20, yes/no 5, no/yes 10, no/no 15):
//! - kappa: N = 50, agreements 35, S = 25·30 + 25·20 = 1250: (50·35 − 1250) / (50² − 1250) = 0.4.
//! - alpha: n = 100 values, Σ o_cc = 35 items · 2/(2−1) = 70, n_yes = 55, n_no = 45,
//!   E = 55·54 + 45·44 = 4950: (99·70 − 4950) / (100·99 − 4950) = 1980/4950 = 0.4.
//! - AC1: p_a = 0.7, π_yes = 55/100, p_e = 2·0.55·0.45/(2−1) = 0.495: 0.205/0.505 = 0.40594.
//!
//! Dominant verdict (18 supported/supported, 1 supported/not_supported, 1 not_supported/supported):
//! - kappa: S = 19·19 + 1·1 = 362: (20·18 − 362) / (400 − 362) = −2/38 = −0.0526.
//! - alpha: n = 40, Σ o_cc = 36, E = 38·37 + 2·1 = 1408: (39·36 − 1408) / (40·39 − 1408) = −4/152.
//! - AC1: p_a = 0.9, π_supported = 0.95, p_e = 2·0.95·0.05 = 0.095: 0.805/0.905 = 0.88950.
//!
//! Krippendorff 2011 with Gwet's AC1 (Gwet 2014 p. 120 prints 0.775), by hand: p_a is the mean
//! over units 1–11 of the agreeing share (1, ½, 1, 1, 1, 0, 1, ½, 1, 1, 1) = 9/11; over the 12
//! rated units, Σ r_ik/r_i per category 1–5 = 3, 3¼, 3½, 1¼, 1, so Σ π_k² = 34.375/144 and
//! p_e = (1 − 34.375/144)/4 = 0.19032; AC1 = (0.81818 − 0.19032)/(1 − 0.19032) = 0.77544.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use exhibit::domain::agreement::{
    agreement, finding_split, merge_logs, parse_ratings_csv, per_finding, ratings_from_events, Agreement, Figure,
    Ratings, Undefined, ABSENT, PRESENT,
};
use exhibit::domain::export::REVIEW_FILE_SCHEMA_VERSION;
use exhibit::domain::review_log::{Event, EventKind, Verdict, VerdictRecord};
use proptest::prelude::*;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/agreement")
}

/// The data rows of a `#`-commented TSV.
fn table(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(data_dir().join(name)).expect("table");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

/// A figure as the tables write it: 3 decimals, or `undefined:<reason>`.
fn show(figure: Figure) -> String {
    match figure {
        Figure::Value(value) => format!("{value:.3}"),
        Figure::Undefined(reason) => {
            format!(
                "undefined:{}",
                serde_json::to_value(reason).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
            )
        }
    }
}

fn read_csv(name: &str) -> Agreement {
    let text = std::fs::read_to_string(data_dir().join(name)).expect("csv");
    let ratings = parse_ratings_csv(&text, &[]).unwrap_or_else(|error| panic!("{name}: {error}"));
    agreement(&ratings)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn exhibit<S: AsRef<std::ffi::OsStr>>(arguments: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit")).arg("agreement").args(arguments).output().expect("run");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Equal JSON, numbers within 1e-12 (serde_json's default float parser may miss the last bit).
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-12,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}

#[test]
fn every_ratings_csv_has_its_expected_figures() {
    let rows = table("expected.tsv");
    assert!(rows.len() >= 10, "the table lists every CSV");
    let listed: BTreeSet<String> = rows.iter().map(|row| row[0].clone()).collect();
    for entry in std::fs::read_dir(data_dir()).expect("dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            assert!(listed.contains(&name), "{name} has no row in expected.tsv");
        }
    }
    for row in rows {
        let [file, items, pairable, percent, alpha, ac1, kappa, _source] = row.as_slice() else {
            panic!("expected.tsv: a row needs 8 cells: {row:?}");
        };
        let figures = read_csv(file);
        let context = format!("{file}: {figures:#?}");
        assert_eq!(figures.items.to_string(), *items, "items, {context}");
        assert_eq!(figures.pairable_items.to_string(), *pairable, "pairable items, {context}");
        assert_eq!(show(figures.percent_agreement), *percent, "percent agreement, {context}");
        assert_eq!(show(figures.krippendorff_alpha), *alpha, "alpha, {context}");
        assert_eq!(show(figures.gwet_ac1), *ac1, "AC1, {context}");
        if !kappa.is_empty() {
            let shown: Vec<String> =
                figures.cohen_kappa.iter().map(|pair| format!("{}/{}={}", pair.a, pair.b, show(pair.kappa))).collect();
            assert_eq!(shown.join(";"), *kappa, "kappa, {context}");
        }
        // The CLI prints exactly what the domain computes.
        let run = exhibit(&[std::ffi::OsStr::new("--ratings"), data_dir().join(file).as_os_str()]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        let printed: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let computed = serde_json::to_value(&figures).expect("value");
        assert!(same_json(&printed, &computed), "{file}: printed {printed} computed {computed}");
    }
}

#[test]
fn published_examples_are_exact() {
    let krippendorff = read_csv("krippendorff-2011.csv");
    // Krippendorff 2011: alpha = 0.743; exactly 113/152 from the coincidence matrix.
    assert_eq!(krippendorff.krippendorff_alpha, Figure::Value(113.0 / 152.0));
    assert_eq!(krippendorff.percent_agreement, Figure::Value(9.0 / 11.0));
    let wikipedia = read_csv("wikipedia-cohen-50.csv");
    assert_eq!(wikipedia.cohen_kappa[0].kappa, Figure::Value(0.4));
    assert_eq!(wikipedia.cohen_kappa[0].agreement, Figure::Value(0.7));
    assert_eq!(wikipedia.krippendorff_alpha, Figure::Value(0.4));
    assert_eq!(wikipedia.gwet_ac1, Figure::Value(41.0 / 101.0), "0.205 / 0.505");
    assert_eq!(wikipedia.confusion[0].matrix, vec![vec![15, 10], vec![5, 20]], "rows A, columns B: no, yes");
    let dominant = read_csv("dominant-verdict.csv");
    assert_eq!(dominant.cohen_kappa[0].kappa, Figure::Value(-2.0 / 38.0));
    assert_eq!(dominant.krippendorff_alpha, Figure::Value(-4.0 / 152.0));
    let ben_gerry = read_csv("gwet-ben-gerry.csv");
    assert_eq!(ben_gerry.cohen_kappa[0].kappa, Figure::Value(63.0 / 96.0));
    assert_eq!(ben_gerry.cohen_kappa[0].items, 11);
}

#[test]
fn undefined_figures_say_why_in_json() {
    let run = exhibit(&[std::ffi::OsStr::new("--ratings"), data_dir().join("one-category.csv").as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(printed["krippendorff_alpha"], serde_json::Value::Null);
    assert_eq!(printed["undefined"]["krippendorff_alpha"], "one_category");
    assert_eq!(printed["gwet_ac1"], 1.0);
    assert_eq!(printed["cohen_kappa"][0]["kappa"], serde_json::Value::Null);
    assert_eq!(printed["cohen_kappa"][0]["undefined"], "one_category");
    for key in ["items", "reviewers", "categories", "percent_agreement", "confusion"] {
        assert!(printed.get(key).is_some(), "{key} is printed");
    }
}

#[test]
fn malformed_csvs_exit_2_with_file_line_and_problem() {
    for row in table("malformed.tsv") {
        let [file, extra, message] = row.as_slice() else { panic!("malformed.tsv: 3 cells a row: {row:?}") };
        let path = data_dir().join("malformed").join(file);
        let mut arguments: Vec<std::ffi::OsString> = vec!["--ratings".into(), path.clone().into_os_string()];
        arguments.extend(extra.split_whitespace().map(std::ffi::OsString::from));
        let run = exhibit(&arguments);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}: nothing on stdout");
        let expected = format!("exhibit agreement: {}: {message}", path.display());
        assert!(run.stderr.contains(&expected), "{file}: expected {expected:?}, got {:?}", run.stderr);
        // The domain says the same, with a typed error.
        let text = std::fs::read_to_string(&path).expect("read");
        let scheme: Vec<String> = extra
            .split_whitespace()
            .nth(1)
            .map(|list| list.split(',').map(str::to_string).collect())
            .unwrap_or_default();
        let error = parse_ratings_csv(&text, &scheme).expect_err(file);
        assert!(error.to_string().starts_with(message.as_str()), "{file}: {error}");
    }
    let missing = exhibit(&["--ratings", "/nonexistent/ratings.csv"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("/nonexistent/ratings.csv"), "{}", missing.stderr);
    let neither = exhibit::<&str>(&[]);
    assert_eq!(neither.code, 2, "clap refuses a call with neither review files nor --ratings");
}

#[test]
fn declared_categories_count_in_ac1_only() {
    let text = std::fs::read_to_string(data_dir().join("wikipedia-cohen-50.csv")).expect("csv");
    let scheme = vec!["yes".to_string(), "no".to_string(), "maybe".to_string()];
    let figures = agreement(&parse_ratings_csv(&text, &scheme).expect("parse"));
    assert_eq!(figures.categories, ["maybe", "no", "yes"]);
    assert_eq!(figures.cohen_kappa[0].kappa, Figure::Value(0.4), "kappa ignores unused categories");
    assert_eq!(figures.krippendorff_alpha, Figure::Value(0.4), "alpha ignores unused categories");
    // q = 3: p_e = (0.55·0.45 + 0.45·0.55 + 0)/2 = 0.2475; AC1 = (0.7 − 0.2475)/(1 − 0.2475).
    let ac1 = figures.gwet_ac1.value().expect("AC1");
    assert!((ac1 - 0.4525 / 0.7525).abs() < 1e-12, "{ac1}");
}

// ---------------------------------------------------------------------------------------------
// Review files.

static COUNTER: AtomicUsize = AtomicUsize::new(0);

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let unique =
            format!("exhibit-agreement-{name}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Built from JSON, so the test reads the record the way a review file does (and keeps compiling
/// when the record gains defaulted fields).
fn verdict(id: &str, time: &str, reviewer: &str, allegation: &str, verdict: Verdict) -> Event {
    let record: VerdictRecord = serde_json::from_value(serde_json::json!({
        "allegation_id": allegation,
        "verdict": verdict.as_str(),
        "rationale": "The cited passage shows it.",
        "citation_ids": [],
        "reviewer_language": "eng",
    }))
    .expect("record");
    Event::new(id, time, reviewer, EventKind::VerdictRecorded { record })
}

fn undo(id: &str, time: &str, reviewer: &str, event_id: &str) -> Event {
    Event::new(id, time, reviewer, EventKind::Undo { event_id: event_id.into() })
}

/// Alice: a1 supported (revised from not_supported), a2 supported, a3 removed (an undone
/// not_supported before it), a4 not rated.
fn alice() -> Vec<Event> {
    vec![
        verdict("alice-1", "2026-03-01T10:00:00Z", "alice", "a1", Verdict::NotSupported),
        verdict("alice-2", "2026-03-01T10:01:00Z", "alice", "a1", Verdict::Supported),
        verdict("alice-3", "2026-03-01T10:02:00Z", "alice", "a2", Verdict::Supported),
        verdict("alice-4", "2026-03-01T10:03:00Z", "alice", "a3", Verdict::NotSupported),
        undo("alice-5", "2026-03-01T10:04:00Z", "alice", "alice-4"),
        verdict("alice-6", "2026-03-01T10:05:00Z", "alice", "a3", Verdict::Removed),
    ]
}

/// Bob: a1 supported, a2 not_supported, a3 removed, a4 unreviewable.
fn bob() -> Vec<Event> {
    vec![
        verdict("bob-1", "2026-03-01T09:00:00Z", "bob", "a1", Verdict::Supported),
        verdict("bob-2", "2026-03-01T09:30:00Z", "bob", "a2", Verdict::NotSupported),
        verdict("bob-3", "2026-03-02T09:00:00Z", "bob", "a3", Verdict::Removed),
        verdict("bob-4", "2026-03-02T09:10:00Z", "bob", "a4", Verdict::Unreviewable),
    ]
}

/// A review file holding only `events`, written as JSON (fields a reader defaults are left out).
fn write_review(dir: &Path, name: &str, events: Vec<Event>) -> PathBuf {
    let file = serde_json::json!({
        "schema_version": REVIEW_FILE_SCHEMA_VERSION,
        "exported_at": "2026-03-05T12:00:00Z",
        "case_name": "Agreement",
        "allegations": [],
        "captures": [],
        "events": events,
    });
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&file).expect("json")).expect("write");
    path
}

#[test]
fn review_files_give_each_reviewers_latest_verdict() {
    let merged = merge_logs([alice().as_slice(), bob().as_slice()]);
    let ratings = ratings_from_events(["a1", "a2", "a3", "a4", "a5"], &merged);
    assert_eq!(ratings.items(), ["a1", "a2", "a3", "a4", "a5"]);
    assert_eq!(ratings.reviewers(), ["bob", "alice"], "in the order of their first verdict in time");
    assert_eq!(ratings.rating("a1", "alice"), Some("supported"), "the revision counts");
    assert_eq!(ratings.rating("a3", "alice"), Some("removed"));
    assert_eq!(ratings.rating("a4", "alice"), None);
    assert_eq!(ratings.rating("a4", "bob"), Some("unreviewable"));
    let figures = agreement(&ratings);
    assert_eq!(figures.items, 5);
    assert_eq!(figures.pairable_items, 3);
    assert_eq!(figures.percent_agreement, Figure::Value(2.0 / 3.0));
    assert_eq!(figures.categories.len(), Verdict::ALL.len(), "the scheme is every verdict");

    // Undoing alice's revision brings back her first verdict.
    let mut undone = alice();
    undone.push(undo("alice-7", "2026-03-01T10:06:00Z", "alice", "alice-2"));
    let ratings = ratings_from_events([], &merge_logs([undone.as_slice()]));
    assert_eq!(ratings.rating("a1", "alice"), Some("not_supported"));
}

#[test]
fn exhibit_agreement_reads_several_review_files_in_any_order() {
    let dir = TempDir::new("reviews");
    let a = write_review(&dir.0, "alice.json", alice());
    let b = write_review(&dir.0, "bob.json", bob());
    // A team file holding both logs, and alice's again: duplicates merge by id.
    let mut both = bob();
    both.extend(alice());
    let team = write_review(&dir.0, "team.json", both);
    let forward = exhibit(&[&a, &b]);
    assert_eq!(forward.code, 0, "{}", forward.stderr);
    for arguments in [vec![&b, &a], vec![&team], vec![&a, &team, &b], vec![&team, &a]] {
        let run = exhibit(&arguments);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, forward.stdout, "{arguments:?}");
    }
    let printed: serde_json::Value = serde_json::from_str(&forward.stdout).expect("JSON");
    assert_eq!(printed["items"], 4);
    assert_eq!(printed["reviewers"], serde_json::json!(["bob", "alice"]));
    assert_eq!(printed["cohen_kappa"][0]["a"], "bob");
    assert_eq!(printed["cohen_kappa"][0]["b"], "alice");
    assert_eq!(printed["cohen_kappa"][0]["items"], 3);

    // A file that is not a review file: exit 2, naming it.
    let broken = dir.0.join("broken.json");
    std::fs::write(&broken, "{\"schema_version\": 1, \"events\": [").expect("write");
    let run = exhibit(&[&a, &broken]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&broken.display().to_string()), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // An event that cannot be read might be a verdict: refused too.
    let damaged = dir.0.join("damaged.json");
    let mut value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&b).expect("read")).expect("json");
    value["events"][1]["kind"] = serde_json::json!("no_such_kind");
    std::fs::write(&damaged, value.to_string()).expect("write");
    let run = exhibit(&[&a, &damaged]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("Event 2 was left out"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Per finding.

#[test]
fn per_finding_splits_on_each_finding() {
    let mut sets: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut put = |item: &str, reviewer: &str, findings: &[&str]| {
        sets.insert((item.to_string(), reviewer.to_string()), findings.iter().map(|f| f.to_string()).collect());
    };
    put("a1", "alice", &["incitement"]);
    put("a1", "bob", &["incitement", "recruitment"]);
    put("a2", "alice", &[]);
    put("a2", "bob", &[]);
    put("a3", "alice", &["recruitment"]);
    put("a3", "bob", &["recruitment"]);
    put("a4", "alice", &["incitement"]);
    let split = finding_split(&sets, "recruitment");
    assert_eq!(split.rating("a1", "alice"), Some(ABSENT));
    assert_eq!(split.rating("a1", "bob"), Some(PRESENT));
    assert_eq!(split.rating("a4", "bob"), None, "not rated stays missing");
    let all = per_finding(&sets);
    assert_eq!(all.keys().collect::<Vec<_>>(), ["incitement", "recruitment"]);
    let incitement = &all["incitement"];
    // Both present on a1, both absent on a2 and a3: full agreement on two categories.
    assert_eq!(incitement.cohen_kappa[0].kappa, Figure::Value(1.0));
    assert_eq!(incitement.krippendorff_alpha, Figure::Value(1.0));
    assert_eq!(incitement.gwet_ac1, Figure::Value(1.0));
    let recruitment = &all["recruitment"];
    assert_eq!(recruitment.percent_agreement, Figure::Value(2.0 / 3.0));
    // a1 absent/present, a2 absent/absent, a3 present/present: S = 2·1 + 1·2 = 4, (3·2 − 4)/(9 − 4).
    assert_eq!(recruitment.cohen_kappa[0].kappa, Figure::Value(0.4));
    assert_eq!(recruitment.categories, [ABSENT, PRESENT]);
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// A table from a grid of category numbers (rows: items, columns: reviewers), rows and columns
/// visited in the given orders.
fn build(grid: &[Vec<Option<u8>>], rows: &[usize], columns: &[usize]) -> Ratings {
    let mut ratings = Ratings::new(Vec::<String>::new());
    for &row in rows {
        ratings.add_item(&format!("i{row}"));
    }
    for &column in columns {
        ratings.add_reviewer(&format!("r{column}"));
    }
    for &row in rows {
        for &column in columns {
            if let Some(Some(category)) = grid.get(row).and_then(|cells| cells.get(column)) {
                ratings.rate(&format!("i{row}"), &format!("r{column}"), &format!("c{category}"));
            }
        }
    }
    ratings
}

/// A pair's kappa (as shown) and its confusion table.
type PairFigures = (String, Vec<Vec<u64>>);

/// Kappa and confusion table by unordered pair, the table oriented from the lower name.
fn by_pair(figures: &Agreement) -> BTreeMap<(String, String), PairFigures> {
    figures
        .cohen_kappa
        .iter()
        .zip(&figures.confusion)
        .map(|(pair, confusion)| {
            let kappa = show(pair.kappa);
            if pair.a < pair.b {
                ((pair.a.clone(), pair.b.clone()), (kappa, confusion.matrix.clone()))
            } else {
                let size = confusion.matrix.len();
                let transposed =
                    (0..size).map(|i| (0..size).map(|j| confusion.matrix[j][i]).collect()).collect::<Vec<_>>();
                ((pair.b.clone(), pair.a.clone()), (kappa, transposed))
            }
        })
        .collect()
}

fn grid_strategy(missing: bool) -> impl Strategy<Value = Vec<Vec<Option<u8>>>> {
    (1usize..6, 0usize..14).prop_flat_map(move |(reviewers, items)| {
        let cell =
            if missing { proptest::option::weighted(0.7, 0u8..4).boxed() } else { (0u8..4).prop_map(Some).boxed() };
        proptest::collection::vec(proptest::collection::vec(cell, reviewers), items)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// All reviewers agree on every item, on at least two categories: kappa, alpha and AC1 are 1.
    #[test]
    fn perfect_agreement_is_one(
        categories in proptest::collection::vec(0u8..4, 2..12)
            .prop_filter("two categories", |c| c.iter().collect::<BTreeSet<_>>().len() >= 2),
        reviewers in 2usize..6,
    ) {
        let grid: Vec<Vec<Option<u8>>> = categories.iter().map(|&c| vec![Some(c); reviewers]).collect();
        let order: Vec<usize> = (0..grid.len()).collect();
        let columns: Vec<usize> = (0..reviewers).collect();
        let figures = agreement(&build(&grid, &order, &columns));
        prop_assert_eq!(figures.percent_agreement, Figure::Value(1.0));
        prop_assert_eq!(figures.krippendorff_alpha, Figure::Value(1.0));
        prop_assert_eq!(figures.gwet_ac1, Figure::Value(1.0));
        for pair in &figures.cohen_kappa {
            prop_assert_eq!(pair.kappa, Figure::Value(1.0));
        }
    }

    /// With missing ratings, agreeing reviewers still score 1 wherever a figure is defined.
    #[test]
    fn perfect_agreement_with_missing_ratings(
        rows in proptest::collection::vec((0u8..4, proptest::collection::vec(any::<bool>(), 4)), 0..12),
    ) {
        let grid: Vec<Vec<Option<u8>>> = rows
            .iter()
            .map(|(category, rated)| rated.iter().map(|&rated| rated.then_some(*category)).collect())
            .collect();
        let order: Vec<usize> = (0..grid.len()).collect();
        let figures = agreement(&build(&grid, &order, &[0, 1, 2, 3]));
        for figure in [figures.percent_agreement, figures.krippendorff_alpha, figures.gwet_ac1] {
            prop_assert!(matches!(
                figure,
                Figure::Value(1.0) | Figure::Undefined(Undefined::NoPairableItems | Undefined::OneCategory)
            ), "{:?}", figure);
        }
        prop_assert!(figures.gwet_ac1.value().is_some() || figures.pairable_items == 0);
        for pair in &figures.cohen_kappa {
            prop_assert!(matches!(
                pair.kappa,
                Figure::Value(1.0) | Figure::Undefined(Undefined::NoSharedItems | Undefined::OneCategory)
            ), "{:?}", pair);
        }
    }

    /// Shuffling items and reviewers changes no figure.
    #[test]
    fn order_does_not_matter(
        (grid, rows, columns) in grid_strategy(true).prop_flat_map(|grid| {
            let items = grid.len();
            let reviewers = grid.first().map_or(0, Vec::len);
            (
                Just(grid),
                Just((0..items).collect::<Vec<usize>>()).prop_shuffle(),
                Just((0..reviewers).collect::<Vec<usize>>()).prop_shuffle(),
            )
        }),
    ) {
        let items: Vec<usize> = (0..grid.len()).collect();
        let reviewers: Vec<usize> = (0..grid.first().map_or(0, Vec::len)).collect();
        let straight = agreement(&build(&grid, &items, &reviewers));
        let shuffled = agreement(&build(&grid, &rows, &columns));
        prop_assert_eq!(straight.items, shuffled.items);
        prop_assert_eq!(straight.pairable_items, shuffled.pairable_items);
        prop_assert_eq!(&straight.categories, &shuffled.categories);
        prop_assert_eq!(straight.percent_agreement, shuffled.percent_agreement);
        prop_assert_eq!(straight.krippendorff_alpha, shuffled.krippendorff_alpha);
        prop_assert_eq!(straight.gwet_ac1, shuffled.gwet_ac1);
        prop_assert_eq!(by_pair(&straight), by_pair(&shuffled));
    }

    /// Figures stay in range and every complete table gives every figure.
    #[test]
    fn complete_tables_are_in_range(grid in grid_strategy(false)) {
        let items: Vec<usize> = (0..grid.len()).collect();
        let reviewers: Vec<usize> = (0..grid.first().map_or(0, Vec::len)).collect();
        let figures = agreement(&build(&grid, &items, &reviewers));
        if let Some(p) = figures.percent_agreement.value() {
            prop_assert!((0.0..=1.0).contains(&p));
        }
        if let Some(ac1) = figures.gwet_ac1.value() {
            prop_assert!((-1.0..=1.0).contains(&ac1), "{}", ac1);
        }
        if let Some(alpha) = figures.krippendorff_alpha.value() {
            prop_assert!(alpha.is_finite() && alpha <= 1.0, "{}", alpha);
        }
        for pair in &figures.cohen_kappa {
            if let Some(kappa) = pair.kappa.value() {
                prop_assert!((-1.0..=1.0).contains(&kappa), "{}", kappa);
            }
        }
        if reviewers.len() >= 2 && !items.is_empty() {
            prop_assert!(figures.gwet_ac1.value().is_some());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Usage and the bytes of the files.

/// Called with nothing, the usage line names both forms (it showed only `<REVIEWS>...`).
#[test]
fn the_usage_line_names_the_ratings_form() {
    let run = exhibit::<&str>(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("exhibit agreement --ratings <RATINGS>"), "{}", run.stderr);
}

/// A ratings CSV with lone carriage returns, or saved as UTF-16, and a review file saved as UTF-16,
/// give the same figures as their UTF-8, LF originals ("row has 5 cells", "not UTF-8 text" before).
#[test]
fn ratings_with_lone_carriage_returns_and_utf16_files_are_read() {
    let dir = TempDir::new("encodings");
    let csv = "item,alice,bob\na1,supported,supported\na2,not_supported,supported\na3,removed,removed\n";
    let utf16 = |text: &str, bom: bool| -> Vec<u8> {
        let mut bytes = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.0.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    };
    let plain = exhibit(&[std::ffi::OsString::from("--ratings"), write("plain.csv", csv.as_bytes()).into()]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    for (name, bytes) in [
        ("cr.csv", csv.replace('\n', "\r").into_bytes()),
        ("utf16-bom.csv", utf16(csv, true)),
        ("utf16.csv", utf16(csv, false)),
    ] {
        let run = exhibit(&[std::ffi::OsString::from("--ratings"), write(name, &bytes).into()]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, plain.stdout, "{name}");
    }

    let review = write_review(&dir.0, "alice.json", alice());
    let text = std::fs::read_to_string(&review).expect("read");
    let expected = exhibit(&[&review]);
    assert_eq!(expected.code, 0, "{}", expected.stderr);
    for (name, bytes) in [("utf16-bom.json", utf16(&text, true)), ("utf16.json", utf16(&text, false))] {
        let run = exhibit(&[write(name, &bytes)]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, expected.stdout, "{name}");
    }
    // Bytes that are neither UTF-8 nor UTF-16 are still refused, not guessed at.
    let latin1 = write("latin1.json", &text.replace("alice", "al\u{e9}").chars().map(|c| c as u8).collect::<Vec<u8>>());
    let run = exhibit(&[latin1]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not UTF-8 or UTF-16 text"), "{}", run.stderr);
}
