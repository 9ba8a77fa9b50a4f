#![cfg(not(target_arch = "wasm32"))]
//! The diff of two captures' extracted text: table tests with snapshots of the compact
//! rendering, the absence check, and properties (no panic, exact reconstruction, identity).

use exhibit::domain::capture::{Block, BlockKind, ExtractedText};
use exhibit::domain::diff::{
    diff_block_strings, diff_blocks_with, diff_texts, BlockChange, DiffOptions, TextDiff, WordTag,
};
use expect_test::{expect, Expect};
use proptest::prelude::*;

/// The compact rendering, then the summary and the text that is gone.
fn render(before: &[&str], after: &[&str], diff: &TextDiff) -> String {
    let s = diff.summary;
    let mut out = diff.render_compact(before, after);
    out.push_str(&format!(
        "= unchanged {} removed {} added {} changed {} | -{} +{} chars\n",
        s.unchanged, s.removed, s.added, s.changed, s.removed_chars, s.added_chars
    ));
    for gone in diff.removed_text() {
        out.push_str(&format!("gone: {gone}\n"));
    }
    out
}

fn extracted(blocks: &[&str]) -> ExtractedText {
    let mut canonical = String::new();
    let mut out = Vec::new();
    for (i, text) in blocks.iter().enumerate() {
        if i > 0 {
            canonical.push_str("\n\n");
        }
        let start = canonical.chars().count();
        canonical.push_str(text);
        out.push(Block {
            kind: BlockKind::Paragraph,
            start,
            end: start + text.chars().count(),
            text: (*text).to_owned(),
        });
    }
    ExtractedText { canonical, blocks: out, ..ExtractedText::default() }
}

/// Checks every structural invariant of a diff of `before` against `after`.
fn check_invariants(before: &[&str], after: &[&str], diff: &TextDiff) {
    let (mut next_before, mut next_after) = (0, 0);
    let see = |next: &mut usize, index: usize, side: &str| {
        assert_eq!(index, *next, "{side} indices in order, each once: {diff:?}");
        *next += 1;
    };
    for change in &diff.changes {
        match change {
            BlockChange::Unchanged { before_index, after_index } => {
                assert_eq!(before[*before_index], after[*after_index]);
                see(&mut next_before, *before_index, "before");
                see(&mut next_after, *after_index, "after");
            }
            BlockChange::Removed { before_index } => see(&mut next_before, *before_index, "before"),
            BlockChange::Added { after_index } => see(&mut next_after, *after_index, "after"),
            BlockChange::Changed { before_index, after_index, words } => {
                let old: String = words.iter().filter(|w| w.tag != WordTag::Insert).map(|w| w.text.as_str()).collect();
                let new: String = words.iter().filter(|w| w.tag != WordTag::Delete).map(|w| w.text.as_str()).collect();
                assert_eq!(old, before[*before_index], "Equal+Delete rebuild before");
                assert_eq!(new, after[*after_index], "Equal+Insert rebuild after");
                assert!(words.iter().all(|w| !w.text.is_empty()), "no empty runs");
                see(&mut next_before, *before_index, "before");
                see(&mut next_after, *after_index, "after");
            }
        }
    }
    assert_eq!(next_before, before.len(), "every before block accounted for");
    assert_eq!(next_after, after.len(), "every after block accounted for");
    let count = |f: fn(&BlockChange) -> bool| diff.changes.iter().filter(|c| f(c)).count();
    let s = diff.summary;
    assert_eq!(s.unchanged, count(|c| matches!(c, BlockChange::Unchanged { .. })));
    assert_eq!(s.removed, count(|c| matches!(c, BlockChange::Removed { .. })));
    assert_eq!(s.added, count(|c| matches!(c, BlockChange::Added { .. })));
    assert_eq!(s.changed, count(|c| matches!(c, BlockChange::Changed { .. })));
}

#[test]
fn table() {
    let cases: Vec<(&str, &[&str], &[&str], Expect)> = vec![
        (
            "block removed",
            &["Opening hours", "We sell bread and cakes.", "Contact us by post."],
            &["Opening hours", "Contact us by post."],
            expect![[r#"
                  Opening hours
                - We sell bread and cakes.
                  Contact us by post.
                = unchanged 2 removed 1 added 0 changed 0 | -24 +0 chars
                gone: We sell bread and cakes.
            "#]],
        ),
        (
            "block added",
            &["Recipes", "Lentil soup"],
            &["Recipes", "Lentil soup", "Mint tea with honey"],
            expect![[r#"
                  Recipes
                  Lentil soup
                + Mint tea with honey
                = unchanged 2 removed 0 added 1 changed 0 | -0 +19 chars
            "#]],
        ),
        (
            "changed with word marks",
            &["The market opens at nine on Saturday, near the old bridge."],
            &["The market opens at ten on Sunday, near the old bridge."],
            expect![[r#"
                ~ The market opens at [-nine-]{+ten+} on [-Saturday-]{+Sunday+}, near the old bridge.
                = unchanged 0 removed 0 added 0 changed 1 | -12 +9 chars
                gone: nine
                gone: Saturday
            "#]],
        ),
        (
            "dissimilar replacement stays removed and added",
            &["Intro", "The garden club meets on Tuesdays.", "Footer"],
            &["Intro", "Photographs of autumn leaves follow below.", "Footer"],
            expect![[r#"
                  Intro
                - The garden club meets on Tuesdays.
                + Photographs of autumn leaves follow below.
                  Footer
                = unchanged 2 removed 1 added 1 changed 0 | -34 +42 chars
                gone: The garden club meets on Tuesdays.
            "#]],
        ),
        (
            "reordered: the moved block is removed and added, but not gone",
            &["First: weather", "Second: sports", "Third: recipes"],
            &["Second: sports", "Third: recipes", "First: weather"],
            expect![[r#"
                - First: weather
                  Second: sports
                  Third: recipes
                + First: weather
                = unchanged 2 removed 1 added 1 changed 0 | -14 +14 chars
            "#]],
        ),
        (
            "RTL Arabic with a removed sentence",
            &["مرحبا بكم في موقعنا", "نحن نبيع الخبز الطازج كل يوم. المخبز مغلق يوم الجمعة. شكرا لزيارتكم."],
            &["مرحبا بكم في موقعنا", "نحن نبيع الخبز الطازج كل يوم. شكرا لزيارتكم."],
            expect![[r#"
                  مرحبا بكم في موقعنا
                ~ نحن نبيع الخبز الطازج كل يوم. [-المخبز مغلق يوم الجمعة. -]شكرا لزيارتكم.
                = unchanged 1 removed 0 added 0 changed 1 | -24 +0 chars
                gone: المخبز مغلق يوم الجمعة.
            "#]],
        ),
        (
            "Persian words with ZWNJ stay whole",
            &["ما می\u{200C}خواهیم کتاب\u{200C}ها را بخوانیم"],
            &["ما می\u{200C}خواستیم کتاب\u{200C}ها را بخوانیم"],
            expect![[r#"
                ~ ما [-می‌خواهیم-]{+می‌خواستیم+} کتاب‌ها را بخوانیم
                = unchanged 0 removed 0 added 0 changed 1 | -9 +10 chars
                gone: می‌خواهیم
            "#]],
        ),
        (
            "Cyrillic word changed",
            &["Магазин открыт с девяти утра до шести вечера."],
            &["Магазин открыт с десяти утра до шести вечера."],
            expect![[r#"
                ~ Магазин открыт с [-девяти-]{+десяти+} утра до шести вечера.
                = unchanged 0 removed 0 added 0 changed 1 | -6 +6 chars
                gone: девяти
            "#]],
        ),
        (
            "CJK characters are compared one by one",
            &["今天的天气很好，我们去公园散步。"],
            &["今天的天气很冷，我们去公园散步。"],
            expect![[r#"
                ~ 今天的天气很[-好-]{+冷+}，我们去公园散步。
                = unchanged 0 removed 0 added 0 changed 1 | -1 +1 chars
                gone: 好
            "#]],
        ),
        (
            "a changed block among added ones",
            &["Menu", "Soup of the day: tomato and basil", "End"],
            &["Menu", "New: fresh juice", "Soup of the day: carrot and basil", "End"],
            expect![[r#"
                  Menu
                + New: fresh juice
                ~ Soup of the day: [-tomato-]{+carrot+} and basil
                  End
                = unchanged 2 removed 0 added 1 changed 1 | -6 +22 chars
                gone: tomato
            "#]],
        ),
        (
            "repeated identical blocks",
            &["Same line", "Same line", "Same line", "Same line"],
            &["Same line", "Same line", "Same line"],
            expect![[r#"
                  Same line
                  Same line
                  Same line
                - Same line
                = unchanged 3 removed 1 added 0 changed 0 | -9 +0 chars
            "#]],
        ),
        (
            "empty before",
            &[],
            &["Welcome", "About us"],
            expect![[r#"
                + Welcome
                + About us
                = unchanged 0 removed 0 added 2 changed 0 | -0 +15 chars
            "#]],
        ),
        (
            "empty after",
            &["Welcome", "About us"],
            &[],
            expect![[r#"
                - Welcome
                - About us
                = unchanged 0 removed 2 added 0 changed 0 | -15 +0 chars
                gone: Welcome
                gone: About us
            "#]],
        ),
        (
            "both empty",
            &[],
            &[],
            expect![[r#"
                = unchanged 0 removed 0 added 0 changed 0 | -0 +0 chars
            "#]],
        ),
        (
            "an emptied block and punctuation-only removals are not listed as gone",
            &["Notice", "* * *", "Read more."],
            &["Notice", "Read more!"],
            expect![[r#"
                  Notice
                - * * *
                ~ Read more[-.-]{+!+}
                = unchanged 1 removed 1 added 0 changed 1 | -6 +1 chars
            "#]],
        ),
        (
            "newlines inside a block are shown escaped",
            &["line one\nline two"],
            &["line one\nline 2"],
            expect![[r#"
                ~ line one\nline [-two-]{+2+}
                = unchanged 0 removed 0 added 0 changed 1 | -3 +1 chars
                gone: two
            "#]],
        ),
    ];
    for (name, before, after, expected) in cases {
        let diff = diff_block_strings(before, after);
        check_invariants(before, after, &diff);
        let from_text = diff_texts(&extracted(before), &extracted(after));
        assert_eq!(from_text, diff, "{name}: diff_texts agrees with diff_block_strings");
        expected.assert_eq(&render(before, after, &diff));
    }
}

#[test]
fn word_diff_caps_leave_blocks_unpaired() {
    let old = "word ".repeat(100);
    let new = format!("{old}extra");
    let short_blocks = DiffOptions { max_word_diff_chars: 200, ..DiffOptions::default() };
    let no_budget = DiffOptions { max_word_diff_work: 0, ..DiffOptions::default() };
    let cases: &[(&DiffOptions, &str)] = &[
        (&short_blocks, "removed 1 added 1 changed 0 exhausted false"),
        (&no_budget, "removed 1 added 1 changed 0 exhausted true"),
        (&DiffOptions::default(), "removed 0 added 0 changed 1 exhausted false"),
    ];
    for (options, want) in cases {
        let (before, after) = ([old.as_str()], [new.as_str()]);
        let diff = diff_blocks_with(&before, &after, options);
        check_invariants(&before, &after, &diff);
        let s = diff.summary;
        let got = format!(
            "removed {} added {} changed {} exhausted {}",
            s.removed, s.added, s.changed, diff.word_budget_exhausted
        );
        assert_eq!(&got, want);
    }
}

#[test]
fn serialises_to_json_and_back() {
    let before = ["Title", "The shop sells tea and coffee.", "Old news"];
    let after = ["Title", "The shop sells tea and cocoa."];
    let diff = diff_block_strings(&before, &after);
    let json = serde_json::to_string(&diff).unwrap_or_default();
    expect![[r#"{"changes":[{"kind":"unchanged","before_index":0,"after_index":0},{"kind":"changed","before_index":1,"after_index":1,"words":[{"tag":"equal","text":"The shop sells tea and "},{"tag":"delete","text":"coffee"},{"tag":"insert","text":"cocoa"},{"tag":"equal","text":"."}]},{"kind":"removed","before_index":2}],"summary":{"unchanged":1,"removed":1,"added":0,"changed":1,"removed_chars":14,"added_chars":5},"removed_passages":["coffee","Old news"],"word_budget_exhausted":false}"#]]
        .assert_eq(&json);
    let back: Result<TextDiff, _> = serde_json::from_str(&json);
    assert_eq!(back.ok(), Some(diff));
}

/// Short sentences from a small mixed-script vocabulary, so that blocks often pair up.
fn sentence() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "tea",
        "bread",
        "the",
        "garden",
        "Tea",
        "نان",
        "الخبز",
        "می\u{200C}خواهیم",
        "кот",
        "дом",
        "猫",
        "天气",
        "e\u{301}te\u{301}",
        ",",
        ".",
        "!",
        "«",
        "»",
        "3.5",
        "-",
    ]);
    let sep = prop::sample::select(vec![" ", " ", " ", "", "\n", "  ", "\u{00A0}"]);
    prop::collection::vec((word, sep), 0..10)
        .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

fn blocks() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(sentence(), 0..12)
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

proptest! {
    #[test]
    fn vocabulary_diffs_hold_invariants(before in blocks(), after in blocks()) {
        let (before, after) = (refs(&before), refs(&after));
        let diff = diff_block_strings(&before, &after);
        check_invariants(&before, &after, &diff);
    }

    #[test]
    fn edited_copies_pair_up_and_rebuild(before in blocks(), edits in prop::collection::vec((any::<prop::sample::Index>(), sentence()), 0..4)) {
        // The later page: the earlier one with a few blocks edited by appending a sentence.
        let mut after = before.clone();
        for (index, extra) in &edits {
            if !after.is_empty() {
                let i = index.index(after.len());
                after[i].push_str(extra);
            }
        }
        let (b, a) = (refs(&before), refs(&after));
        let diff = diff_block_strings(&b, &a);
        check_invariants(&b, &a, &diff);
    }

    #[test]
    fn arbitrary_text_never_panics(before in prop::collection::vec(".*", 0..8), after in prop::collection::vec(".*", 0..8)) {
        let (b, a) = (refs(&before), refs(&after));
        let diff = diff_block_strings(&b, &a);
        check_invariants(&b, &a, &diff);
    }

    #[test]
    fn a_text_against_itself_is_all_unchanged(before in blocks()) {
        let b = refs(&before);
        let diff = diff_block_strings(&b, &b);
        prop_assert!(diff.is_identical());
        prop_assert_eq!(diff.summary.unchanged, b.len());
        prop_assert!(diff.removed_text().is_empty());
    }
}

/// The app shows the diff as markup made by `diff_html`: captured text can never become markup.
#[test]
fn diff_markup_escapes_captured_text() {
    let hostile = [
        "<script>alert(1)</script> stays text",
        "<img src=https://tracker.example/p.gif onerror=alert(2)> also",
        "a & b \"quoted\" 'single'",
    ];
    let before = extracted(&["Harbour notes", hostile[0], hostile[1], "common tail words here"]);
    let after = extracted(&["Harbour notes", hostile[2], "common tail words here, and more"]);
    let diff = diff_texts(&before, &after);
    let html = exhibit::domain::diff::diff_html(&before, &after, &diff);
    for raw in ["<script", "<img", "onerror=alert(2)>", "\"quoted\""] {
        assert!(!html.contains(raw), "{raw} reached the markup: {html}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(html.contains("data-testid=\"diff-gone\""), "{html}");
    assert!(html.contains("<del>") && html.contains("<ins>"), "{html}");
    // Only the markup diff_html writes itself: these tags and nothing else.
    let tags: std::collections::BTreeSet<&str> = html
        .split('<')
        .skip(1)
        .map(|rest| rest.split([' ', '>']).next().unwrap_or("").trim_start_matches('/'))
        .collect();
    let allowed: std::collections::BTreeSet<&str> = ["p", "div", "h3", "ul", "li", "del", "ins"].into();
    assert!(tags.is_subset(&allowed), "unexpected tags {tags:?}");
}
