//! Inter-rater agreement on nominal ratings: percent agreement, Cohen's kappa for each pair of
//! reviewers, Krippendorff's alpha (nominal, with missing ratings), Gwet's AC1 (multi-rater, with
//! missing ratings) and a confusion table per pair.
//!
//! The input is a table of items × reviewers, each cell a category or missing ([`Ratings`]); it
//! comes from a ratings CSV ([`parse_ratings_csv`]), from reviewers' review logs
//! ([`ratings_from_events`]), or from per-reviewer finding sets split on one finding
//! ([`finding_split`], [`per_finding`]).
//!
//! Every figure is computed from integer counts with exact rational arithmetic (`i128`
//! numerator/denominator, reduced at each step) and converted to `f64` once, at the end, so the
//! published worked examples come out exactly. Only when a rational would overflow `i128` (hundreds
//! of reviewers with very different numbers of ratings per item) does the computation carry on in
//! `f64`.
//!
//! Definitions (r_i: ratings of item i; r_ik: those in category k; q: number of categories):
//! - **percent agreement**: the mean over items with r_i ≥ 2 of the share of agreeing pairs of
//!   ratings, Σ_k r_ik(r_ik−1) / (r_i(r_i−1)). For two reviewers, the share of items they agree on.
//! - **Cohen's kappa** (each pair, over the items both rated): (N·A − S) / (N² − S), with A the
//!   items they agree on and S = Σ_k (a's count of k)·(b's count of k).
//! - **Krippendorff's alpha** (nominal): from the coincidence matrix over items with r_i ≥ 2
//!   (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
//!   α = ((n−1)·Σ_c o_cc − Σ_c n_c(n_c−1)) / (n(n−1) − Σ_c n_c(n_c−1)).
//! - **Gwet's AC1** (Gwet 2008; Handbook of Inter-Rater Reliability, 2014): p_a is the percent
//!   agreement above; π_k is the mean over items with r_i ≥ 1 of r_ik/r_i;
//!   p_e = Σ_k π_k(1−π_k) / (q−1); AC1 = (p_a − p_e) / (1 − p_e). q counts the categories of the
//!   scheme (the declared categories plus any used), not only those used.
//!
//! Undefined figures are [`Figure::Undefined`] with the reason: no item rated by two reviewers (all
//! figures), no item rated by both of a pair (that pair's kappa), or a single category used, so
//! that chance agreement is total (kappa and alpha). AC1 stays defined with one category: p_e is 0
//! when every rating is in one category (and when the scheme has a single category), so AC1 equals
//! the percent agreement.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Serialize, Serializer};

use crate::domain::allegations::csv::Reader;
use crate::domain::review_log::{fold, Event, EventKind, Verdict};

/// A table of ratings: items × reviewers, each cell a category or missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ratings {
    items: Vec<String>,
    reviewers: Vec<String>,
    /// Index of each item and reviewer by name, so building a table stays O(n log n).
    item_index: BTreeMap<String, usize>,
    reviewer_index: BTreeMap<String, usize>,
    /// Categories of the scheme that may go unused (they count in AC1's q).
    scheme: BTreeSet<String>,
    /// (item index, reviewer index) → category.
    cells: BTreeMap<(usize, usize), String>,
}

impl Ratings {
    /// An empty table whose scheme holds `scheme` (more categories are added as they are used).
    pub fn new<S: AsRef<str>>(scheme: impl IntoIterator<Item = S>) -> Ratings {
        Ratings {
            scheme: scheme.into_iter().map(|category| category.as_ref().to_string()).collect(),
            ..Ratings::default()
        }
    }

    /// Adds an item (kept in first-seen order) and returns its index.
    pub fn add_item(&mut self, item: &str) -> usize {
        index_of(&mut self.items, &mut self.item_index, item)
    }

    /// Adds a reviewer (kept in first-seen order) and returns its index.
    pub fn add_reviewer(&mut self, reviewer: &str) -> usize {
        index_of(&mut self.reviewers, &mut self.reviewer_index, reviewer)
    }

    /// Records `reviewer`'s rating of `item`, replacing an earlier one.
    pub fn rate(&mut self, item: &str, reviewer: &str, category: &str) {
        let item = self.add_item(item);
        let reviewer = self.add_reviewer(reviewer);
        self.cells.insert((item, reviewer), category.to_string());
    }

    pub fn items(&self) -> &[String] {
        &self.items
    }

    pub fn reviewers(&self) -> &[String] {
        &self.reviewers
    }

    /// `reviewer`'s rating of `item`.
    pub fn rating(&self, item: &str, reviewer: &str) -> Option<&str> {
        let key = (*self.item_index.get(item)?, *self.reviewer_index.get(reviewer)?);
        self.cells.get(&key).map(String::as_str)
    }

    /// The categories: the scheme plus every category used, sorted.
    pub fn categories(&self) -> Vec<String> {
        let mut categories = self.scheme.clone();
        categories.extend(self.cells.values().cloned());
        categories.into_iter().collect()
    }

    /// Number of ratings (non-missing cells).
    pub fn rating_count(&self) -> usize {
        self.cells.len()
    }
}

fn index_of(list: &mut Vec<String>, index: &mut BTreeMap<String, usize>, name: &str) -> usize {
    if let Some(&known) = index.get(name) {
        return known;
    }
    list.push(name.to_string());
    index.insert(name.to_string(), list.len() - 1);
    list.len() - 1
}

/// Why a figure has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// No item has ratings from two reviewers.
    NoPairableItems,
    /// The two reviewers of a pair rated no item in common.
    NoSharedItems,
    /// Every rating is in one category: chance agreement is total, and the figure is 0/0.
    OneCategory,
}

impl Undefined {
    pub fn message(self) -> &'static str {
        match self {
            Undefined::NoPairableItems => "no item has ratings from two reviewers",
            Undefined::NoSharedItems => "the two reviewers rated no item in common",
            Undefined::OneCategory => {
                "every rating is in the same category, so agreement expected by chance is total (0/0)"
            }
        }
    }
}

impl fmt::Display for Undefined {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.message())
    }
}

/// A figure, or why it is undefined. In JSON: the number, or `null`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Value(f64),
    Undefined(Undefined),
}

impl Figure {
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Value(value) => Some(value),
            Figure::Undefined(_) => None,
        }
    }

    pub fn undefined(self) -> Option<Undefined> {
        match self {
            Figure::Value(_) => None,
            Figure::Undefined(reason) => Some(reason),
        }
    }

    fn ratio(numerator: Q, denominator: Q, when_zero: Undefined) -> Figure {
        if denominator.is_zero() {
            Figure::Undefined(when_zero)
        } else {
            let value = (numerator / denominator).to_f64();
            if value.is_finite() {
                Figure::Value(value)
            } else {
                Figure::Undefined(when_zero)
            }
        }
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Value(value) => serializer.serialize_f64(*value),
            Figure::Undefined(_) => serializer.serialize_none(),
        }
    }
}

/// Cohen's kappa of one pair of reviewers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairKappa {
    pub a: String,
    pub b: String,
    /// Items both rated.
    pub items: usize,
    /// Share of those items they agree on.
    pub agreement: Figure,
    pub kappa: Figure,
    /// Why `kappa` is undefined, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<Undefined>,
}

/// The confusion table of one pair over the items both rated: `matrix[i][j]` counts the items `a`
/// rated `categories[i]` and `b` rated `categories[j]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    pub a: String,
    pub b: String,
    pub matrix: Vec<Vec<u64>>,
}

/// Every figure for one table of ratings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Items in the table (rated or not).
    pub items: usize,
    /// Items with ratings from at least two reviewers: the ones every figure rests on.
    pub pairable_items: usize,
    /// Ratings (non-missing cells).
    pub ratings: usize,
    pub reviewers: Vec<String>,
    /// Sorted; the rows and columns of each confusion table.
    pub categories: Vec<String>,
    pub percent_agreement: Figure,
    pub krippendorff_alpha: Figure,
    pub gwet_ac1: Figure,
    /// Every pair of reviewers, in reviewer order.
    pub cohen_kappa: Vec<PairKappa>,
    /// Same pairs, same order as `cohen_kappa`.
    pub confusion: Vec<Confusion>,
    /// Why a figure is undefined, by figure name (`percent_agreement`, `krippendorff_alpha`,
    /// `gwet_ac1`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub undefined: BTreeMap<&'static str, Undefined>,
}

/// Computes every figure for `ratings`.
pub fn agreement(ratings: &Ratings) -> Agreement {
    let categories = ratings.categories();
    let category_index: BTreeMap<&str, usize> =
        categories.iter().enumerate().map(|(index, category)| (category.as_str(), index)).collect();
    let q = categories.len();
    // Per item: its ratings per category and in all; per item and reviewer: the category index.
    let mut grid: Vec<Vec<Option<usize>>> = vec![vec![None; ratings.reviewers.len()]; ratings.items.len()];
    for (&(item, reviewer), category) in &ratings.cells {
        if let (Some(row), Some(&index)) = (grid.get_mut(item), category_index.get(category.as_str())) {
            if let Some(cell) = row.get_mut(reviewer) {
                *cell = Some(index);
            }
        }
    }
    let counts: Vec<Vec<u64>> = grid
        .iter()
        .map(|row| {
            let mut counts = vec![0u64; q];
            for index in row.iter().flatten() {
                counts[*index] += 1;
            }
            counts
        })
        .collect();
    let pairable_items = counts.iter().filter(|counts| counts.iter().sum::<u64>() >= 2).count();

    let percent = percent_agreement(&counts);
    let alpha = krippendorff_alpha(&counts);
    let ac1 = gwet_ac1(&counts, q, percent);
    let percent_figure = match percent {
        Some(p_a) => Figure::Value(p_a.to_f64()),
        None => Figure::Undefined(Undefined::NoPairableItems),
    };

    let mut cohen_kappa = Vec::new();
    let mut confusion = Vec::new();
    for a in 0..ratings.reviewers.len() {
        for b in a + 1..ratings.reviewers.len() {
            let mut matrix = vec![vec![0u64; q]; q];
            for row in &grid {
                if let (Some(Some(x)), Some(Some(y))) = (row.get(a), row.get(b)) {
                    matrix[*x][*y] += 1;
                }
            }
            let (items, agreement, kappa) = cohen(&matrix);
            let name = |index: usize| ratings.reviewers.get(index).cloned().unwrap_or_default();
            cohen_kappa.push(PairKappa {
                a: name(a),
                b: name(b),
                items,
                agreement,
                kappa,
                undefined: kappa.undefined(),
            });
            confusion.push(Confusion { a: name(a), b: name(b), matrix });
        }
    }

    let mut undefined = BTreeMap::new();
    for (name, figure) in [("percent_agreement", percent_figure), ("krippendorff_alpha", alpha), ("gwet_ac1", ac1)] {
        if let Some(reason) = figure.undefined() {
            undefined.insert(name, reason);
        }
    }
    Agreement {
        items: ratings.items.len(),
        pairable_items,
        ratings: ratings.rating_count(),
        reviewers: ratings.reviewers.clone(),
        categories,
        percent_agreement: percent_figure,
        krippendorff_alpha: alpha,
        gwet_ac1: ac1,
        cohen_kappa,
        confusion,
        undefined,
    }
}

fn total(counts: &[u64]) -> u64 {
    counts.iter().sum()
}

/// Σ_k r_k(r_k − 1): the ordered pairs of ratings of one item that agree.
fn agreeing_pairs(counts: &[u64]) -> u64 {
    counts.iter().map(|&count| count * count.saturating_sub(1)).sum()
}

/// The mean share of agreeing pairs over items with ≥ 2 ratings; `None` when there are none.
fn percent_agreement(counts: &[Vec<u64>]) -> Option<Q> {
    let mut sum = Q::int(0);
    let mut pairable = 0i128;
    for item in counts {
        let r = total(item);
        if r < 2 {
            continue;
        }
        pairable += 1;
        sum = sum + Q::ratio(i128::from(agreeing_pairs(item)), i128::from(r * (r - 1)));
    }
    (pairable > 0).then(|| sum / Q::int(pairable))
}

fn krippendorff_alpha(counts: &[Vec<u64>]) -> Figure {
    let q = counts.first().map_or(0, Vec::len);
    let mut observed = Q::int(0); // Σ_c o_cc
    let mut n = 0i128; // pairable values
    let mut by_category = vec![0i128; q]; // n_c
    for item in counts {
        let r = total(item);
        if r < 2 {
            continue;
        }
        observed = observed + Q::ratio(i128::from(agreeing_pairs(item)), i128::from(r - 1));
        n += i128::from(r);
        for (sum, &count) in by_category.iter_mut().zip(item) {
            *sum += i128::from(count);
        }
    }
    if n == 0 {
        return Figure::Undefined(Undefined::NoPairableItems);
    }
    let expected: i128 = by_category.iter().map(|&count| count * (count - 1).max(0)).sum();
    let numerator = Q::int(n - 1) * observed - Q::int(expected);
    let denominator = Q::int(n * (n - 1) - expected);
    Figure::ratio(numerator, denominator, Undefined::OneCategory)
}

fn gwet_ac1(counts: &[Vec<u64>], q: usize, p_a: Option<Q>) -> Figure {
    let Some(p_a) = p_a else {
        return Figure::Undefined(Undefined::NoPairableItems);
    };
    let mut shares = vec![Q::int(0); q]; // Σ_i r_ik / r_i
    let mut rated = 0i128;
    for item in counts {
        let r = total(item);
        if r == 0 {
            continue;
        }
        rated += 1;
        for (share, &count) in shares.iter_mut().zip(item) {
            if count > 0 {
                *share = *share + Q::ratio(i128::from(count), i128::from(r));
            }
        }
    }
    let mut p_e = Q::int(0);
    if q >= 2 && rated > 0 {
        let mut sum = Q::int(0);
        for share in shares {
            let pi = share / Q::int(rated);
            sum = sum + pi * (Q::int(1) - pi);
        }
        p_e = sum / Q::int(q as i128 - 1);
    }
    // p_e ≤ 1/q ≤ 1/2, so the denominator is never 0.
    Figure::ratio(p_a - p_e, Q::int(1) - p_e, Undefined::OneCategory)
}

/// Items, observed agreement and kappa of one confusion table.
fn cohen(matrix: &[Vec<u64>]) -> (usize, Figure, Figure) {
    let n: u64 = matrix.iter().map(|row| total(row)).sum();
    if n == 0 {
        let undefined = Figure::Undefined(Undefined::NoSharedItems);
        return (0, undefined, undefined);
    }
    let n = i128::from(n);
    let agree: i128 = matrix.iter().enumerate().map(|(k, row)| row.get(k).map_or(0, |&c| i128::from(c))).sum();
    let chance: i128 = (0..matrix.len())
        .map(|k| {
            let row = matrix.get(k).map_or(0, |row| i128::from(total(row)));
            let column: i128 = matrix.iter().map(|row| row.get(k).map_or(0, |&c| i128::from(c))).sum();
            row * column
        })
        .sum();
    let agreement = Figure::Value(Q::ratio(agree, n).to_f64());
    let kappa = Figure::ratio(Q::int(n * agree - chance), Q::int(n * n - chance), Undefined::OneCategory);
    (usize::try_from(n).unwrap_or(usize::MAX), agreement, kappa)
}

// ---------------------------------------------------------------------------------------------
// Exact rationals, with an f64 fallback on overflow.

/// A rational `numerator / denominator` (reduced, denominator > 0), or an `f64` once exact
/// arithmetic would overflow.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Q {
    Exact(i128, i128),
    Approx(f64),
}

/// The greatest common divisor of `|a|` and `|b|` (1 when both are 0), `None` when it does not
/// fit an `i128` (only for `i128::MIN` and 0).
fn gcd(a: i128, b: i128) -> Option<i128> {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a.max(1)).ok()
}

impl Q {
    fn int(value: i128) -> Q {
        Q::Exact(value, 1)
    }

    fn ratio(numerator: i128, denominator: i128) -> Q {
        Q::reduced(Some(numerator), Some(denominator)).unwrap_or(Q::Approx(numerator as f64 / denominator as f64))
    }

    /// `numerator / denominator` reduced, `None` on overflow or a zero denominator.
    fn reduced(numerator: Option<i128>, denominator: Option<i128>) -> Option<Q> {
        let (numerator, denominator) = (numerator?, denominator?);
        if denominator == 0 {
            return None;
        }
        let divisor = gcd(numerator, denominator)?;
        let sign = if denominator < 0 { -1 } else { 1 };
        Some(Q::Exact((numerator / divisor).checked_mul(sign)?, (denominator / divisor).checked_mul(sign)?))
    }

    fn to_f64(self) -> f64 {
        match self {
            Q::Exact(numerator, denominator) => numerator as f64 / denominator as f64,
            Q::Approx(value) => value,
        }
    }

    fn is_zero(self) -> bool {
        match self {
            Q::Exact(numerator, _) => numerator == 0,
            Q::Approx(value) => value == 0.0,
        }
    }
}

impl std::ops::Add for Q {
    type Output = Q;
    fn add(self, other: Q) -> Q {
        if let (Q::Exact(a, b), Q::Exact(c, d)) = (self, other) {
            let numerator = a.checked_mul(d).and_then(|ad| c.checked_mul(b).and_then(|cb| ad.checked_add(cb)));
            if let Some(sum) = Q::reduced(numerator, b.checked_mul(d)) {
                return sum;
            }
        }
        Q::Approx(self.to_f64() + other.to_f64())
    }
}

impl std::ops::Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        match self {
            Q::Exact(numerator, denominator) => match numerator.checked_neg() {
                Some(negated) => Q::Exact(negated, denominator),
                None => Q::Approx(-self.to_f64()),
            },
            Q::Approx(value) => Q::Approx(-value),
        }
    }
}

impl std::ops::Sub for Q {
    type Output = Q;
    fn sub(self, other: Q) -> Q {
        self + -other
    }
}

impl std::ops::Mul for Q {
    type Output = Q;
    fn mul(self, other: Q) -> Q {
        if let (Q::Exact(a, b), Q::Exact(c, d)) = (self, other) {
            // Cross-reduce first to keep the numbers small.
            if let (Some(g1), Some(g2)) = (gcd(a, d), gcd(c, b)) {
                if let Some(product) = Q::reduced((a / g1).checked_mul(c / g2), (b / g2).checked_mul(d / g1)) {
                    return product;
                }
            }
        }
        Q::Approx(self.to_f64() * other.to_f64())
    }
}

impl std::ops::Div for Q {
    type Output = Q;
    fn div(self, other: Q) -> Q {
        match other {
            Q::Exact(c, d) if c != 0 => self * Q::Exact(d, c),
            _ => Q::Approx(self.to_f64() / other.to_f64()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Per-finding agreement.

/// The category of an item that a reviewer saw with the finding.
pub const PRESENT: &str = "present";
/// The category of an item that a reviewer rated without the finding.
pub const ABSENT: &str = "absent";

/// The binary split of per-reviewer finding sets on one finding: each (item, reviewer) that was
/// rated becomes [`PRESENT`] when its set holds `finding`, else [`ABSENT`]; pairs not in `sets` are
/// missing. The scheme is always both categories (so AC1's q is 2).
pub fn finding_split(sets: &BTreeMap<(String, String), BTreeSet<String>>, finding: &str) -> Ratings {
    let mut ratings = Ratings::new([ABSENT, PRESENT]);
    for ((item, reviewer), findings) in sets {
        ratings.rate(item, reviewer, if findings.contains(finding) { PRESENT } else { ABSENT });
    }
    ratings
}

/// Agreement on each finding that appears in any set, keyed by finding id. `sets` maps
/// (item, reviewer) to the findings that reviewer recorded for that item; an (item, reviewer) that
/// is absent was not rated.
pub fn per_finding(sets: &BTreeMap<(String, String), BTreeSet<String>>) -> BTreeMap<String, Agreement> {
    let findings: BTreeSet<&String> = sets.values().flatten().collect();
    findings.into_iter().map(|finding| (finding.clone(), agreement(&finding_split(sets, finding)))).collect()
}

// ---------------------------------------------------------------------------------------------
// Ratings from review logs.

/// Merges several reviewers' logs of one case into one: `team::merge_logs` (duplicates merge by
/// id, order by time as instants then id, whatever the order of the files), without its conflict
/// reports (a conflicting copy is left out; `team::merge_logs` says which).
pub fn merge_logs<'a>(logs: impl IntoIterator<Item = &'a [Event]>) -> Vec<Event> {
    crate::domain::team::merge_logs(logs).0
}

/// The current verdict of each (allegation, reviewer) in a log: the log is folded (so undone
/// verdicts do not count) and each reviewer's latest verdict on each allegation is their rating.
/// `allegation_ids` lists the case's allegations (unrated ones count as items); allegations with a
/// verdict but not in the list are added. The scheme is every [`Verdict`]. Adjudications
/// (verdicts with `adjudicates`) are not ratings.
pub fn ratings_from_events<'a>(allegation_ids: impl IntoIterator<Item = &'a str>, events: &[Event]) -> Ratings {
    let mut ratings = Ratings::new(Verdict::ALL.iter().map(|verdict| verdict.as_str()));
    for id in allegation_ids {
        ratings.add_item(id);
    }
    let state = fold(events);
    // Reviewers in the order of their first event.
    for event in events {
        if let EventKind::VerdictRecorded { record } = &event.kind {
            if record.adjudicates.is_empty() {
                ratings.add_reviewer(&event.reviewer);
            }
        }
    }
    for (allegation, history) in &state.verdicts {
        // Oldest first: a later verdict replaces the same reviewer's earlier one.
        for entry in history.iter().filter(|entry| entry.record.adjudicates.is_empty()) {
            ratings.rate(allegation, &entry.reviewer, entry.record.verdict.as_str());
        }
    }
    ratings
}

/// The findings each reviewer's latest verdict on each allegation rests on: (allegation,
/// reviewer) → the findings of the citations that verdict names (an empty set when none has a
/// finding). The input of [`per_finding`]; adjudications are not ratings.
pub fn finding_sets_from_events(events: &[Event]) -> BTreeMap<(String, String), BTreeSet<String>> {
    let state = fold(events);
    let mut sets = BTreeMap::new();
    for (allegation, history) in &state.verdicts {
        for entry in history.iter().filter(|entry| entry.record.adjudicates.is_empty()) {
            let findings: BTreeSet<String> = entry
                .record
                .citation_ids
                .iter()
                .filter_map(|id| state.citations.get(id))
                .filter_map(|citation| citation.finding.clone())
                .collect();
            // Oldest first: a later verdict replaces the same reviewer's earlier one.
            sets.insert((allegation.to_string(), entry.reviewer.clone()), findings);
        }
    }
    sets
}

// ---------------------------------------------------------------------------------------------
// The ratings CSV.

/// What is wrong with a ratings CSV, at which (1-based) line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub kind: CsvErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvErrorKind {
    /// The file holds no header row.
    Empty,
    /// The header's first cell is not `item`.
    NotItemHeader {
        found: String,
    },
    /// The header names no reviewer.
    NoReviewers,
    /// A header cell after `item` is empty (1-based column).
    EmptyReviewer {
        column: usize,
    },
    DuplicateReviewer {
        reviewer: String,
    },
    /// A row's number of cells differs from the header's.
    Ragged {
        expected: usize,
        found: usize,
    },
    EmptyItem,
    DuplicateItem {
        item: String,
        first_line: usize,
    },
    /// A quoted field runs to the end of the file.
    Unterminated,
    /// A verdict outside the declared categories.
    UnknownCategory {
        category: String,
        reviewer: String,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "line {}: ", self.line)?;
        match &self.kind {
            CsvErrorKind::Empty => write!(formatter, "the file is empty: expected a header row `item,<reviewer>,...`"),
            CsvErrorKind::NotItemHeader { found } => {
                write!(formatter, "the header must start with `item`, found {found:?}")
            }
            CsvErrorKind::NoReviewers => write!(formatter, "the header names no reviewer after `item`"),
            CsvErrorKind::EmptyReviewer { column } => write!(formatter, "column {column} of the header is empty"),
            CsvErrorKind::DuplicateReviewer { reviewer } => {
                write!(formatter, "reviewer {reviewer:?} is named twice in the header")
            }
            CsvErrorKind::Ragged { expected, found } => {
                write!(formatter, "the row has {found} cells, the header has {expected}")
            }
            CsvErrorKind::EmptyItem => write!(formatter, "the row has verdicts but no item id"),
            CsvErrorKind::DuplicateItem { item, first_line } => {
                write!(formatter, "item {item:?} was already rated on line {first_line}")
            }
            CsvErrorKind::Unterminated => write!(formatter, "a quoted field is not closed before the end of the file"),
            CsvErrorKind::UnknownCategory { category, reviewer } => {
                write!(formatter, "{reviewer}'s verdict {category:?} is not one of the declared categories")
            }
        }
    }
}

impl std::error::Error for CsvError {}

/// Reads a ratings CSV: a header row `item` followed by the reviewer ids, then one row per item:
/// its id, then one verdict per reviewer, an empty cell for "not rated". RFC 4180 quoting, CRLF or
/// LF, a leading BOM; the delimiter is `,` (or `;` or a tab when the header has no comma). Blank
/// lines are skipped. Cells are trimmed. When `scheme` is not empty, it is the list of categories
/// and any other verdict is an error; otherwise the categories are those used.
pub fn parse_ratings_csv(text: &str, scheme: &[String]) -> Result<Ratings, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
    let delimiter = if header_line.contains(',') {
        b','
    } else if header_line.contains(';') {
        b';'
    } else if header_line.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let mut records =
        Reader::new(text, delimiter).filter(|record| record.unterminated || !record.cells.iter().all(String::is_empty));
    let Some(header) = records.next() else {
        return Err(CsvError { line: 1, kind: CsvErrorKind::Empty });
    };
    let error = |line: usize, kind: CsvErrorKind| Err(CsvError { line, kind });
    if header.unterminated {
        return error(header.line, CsvErrorKind::Unterminated);
    }
    let first = header.cells.first().map(String::as_str).unwrap_or("");
    if !first.eq_ignore_ascii_case("item") {
        return error(header.line, CsvErrorKind::NotItemHeader { found: first.to_string() });
    }
    let reviewers = header.cells.get(1..).unwrap_or(&[]);
    if reviewers.is_empty() {
        return error(header.line, CsvErrorKind::NoReviewers);
    }
    let mut ratings = Ratings::new(scheme);
    for (offset, reviewer) in reviewers.iter().enumerate() {
        if reviewer.is_empty() {
            return error(header.line, CsvErrorKind::EmptyReviewer { column: offset + 2 });
        }
        if ratings.reviewer_index.contains_key(reviewer) {
            return error(header.line, CsvErrorKind::DuplicateReviewer { reviewer: reviewer.clone() });
        }
        ratings.add_reviewer(reviewer);
    }
    let width = header.cells.len();
    let mut first_lines: BTreeMap<String, usize> = BTreeMap::new();
    for record in records {
        if record.unterminated {
            return error(record.line, CsvErrorKind::Unterminated);
        }
        if record.cells.len() != width {
            return error(record.line, CsvErrorKind::Ragged { expected: width, found: record.cells.len() });
        }
        let item = record.cells.first().map(String::as_str).unwrap_or("");
        if item.is_empty() {
            return error(record.line, CsvErrorKind::EmptyItem);
        }
        if let Some(&first_line) = first_lines.get(item) {
            return error(record.line, CsvErrorKind::DuplicateItem { item: item.to_string(), first_line });
        }
        first_lines.insert(item.to_string(), record.line);
        ratings.add_item(item);
        for (reviewer, verdict) in reviewers.iter().zip(record.cells.iter().skip(1)) {
            if verdict.is_empty() {
                continue;
            }
            if !scheme.is_empty() && !scheme.contains(verdict) {
                return error(
                    record.line,
                    CsvErrorKind::UnknownCategory { category: verdict.clone(), reviewer: reviewer.clone() },
                );
            }
            ratings.rate(item, reviewer, verdict);
        }
    }
    Ok(ratings)
}
