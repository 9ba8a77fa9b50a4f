//! Ratings CSVs from strangers (`exhibit agreement --ratings`): `agreement::parse_ratings_csv`, then
//! `agreement` over what it read. The first byte picks the scheme (none: the categories used; or
//! the five verdicts). Must never panic (the exact rational arithmetic must not overflow into a
//! panic), and every defined figure must be a finite number in its range: percent agreement in
//! [0, 1]; kappa, alpha and AC1 at most 1. Each confusion table is square over the categories and
//! counts exactly the items both reviewers rated.
#![no_main]

use exhibit::domain::agreement::{agreement, parse_ratings_csv, Figure};
use libfuzzer_sys::fuzz_target;

const VERDICTS: [&str; 5] = ["supported", "not_supported", "removed", "inconclusive", "unreviewable"];
const EPSILON: f64 = 1e-9;

fn check(name: &str, figure: Figure, low: f64, high: f64) {
    if let Some(value) = figure.value() {
        assert!(value.is_finite(), "{name} is not finite: {value}");
        assert!(value >= low - EPSILON && value <= high + EPSILON, "{name} = {value} outside [{low}, {high}]");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let scheme: Vec<String> =
        if selector % 2 == 0 { Vec::new() } else { VERDICTS.iter().map(|verdict| verdict.to_string()).collect() };
    let text = String::from_utf8_lossy(rest);
    let Ok(ratings) = parse_ratings_csv(&text, &scheme) else {
        return;
    };
    let result = agreement(&ratings);
    assert_eq!(result.items, ratings.items().len());
    assert_eq!(result.ratings, ratings.rating_count());
    assert!(result.pairable_items <= result.items);
    check("percent agreement", result.percent_agreement, 0.0, 1.0);
    check("Krippendorff's alpha", result.krippendorff_alpha, f64::NEG_INFINITY, 1.0);
    check("Gwet's AC1", result.gwet_ac1, f64::NEG_INFINITY, 1.0);
    let q = result.categories.len();
    for (pair, confusion) in result.cohen_kappa.iter().zip(&result.confusion) {
        check("pair agreement", pair.agreement, 0.0, 1.0);
        check("Cohen's kappa", pair.kappa, f64::NEG_INFINITY, 1.0);
        assert_eq!(confusion.matrix.len(), q, "confusion table rows");
        assert!(confusion.matrix.iter().all(|row| row.len() == q), "confusion table columns");
        let counted: u64 = confusion.matrix.iter().flatten().sum();
        assert_eq!(counted, pair.items as u64, "confusion table of {} and {} counts other items", pair.a, pair.b);
    }
});
