#![cfg(not(target_arch = "wasm32"))]
//! Citation anchoring: selectors, re-anchoring after the text changed, transcription search and
//! media fragments, through the public functions of `domain::citation`.

use exhibit::domain::citation::{
    find_transcription, format_fragment, parse_fragment, reanchor, text_at, text_selectors, Anchor, PixelRect,
    TextPosition, TextQuote,
};
use proptest::prelude::*;

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn position_of(text: &str, needle: &str, nth: usize) -> TextPosition {
    let byte = text.match_indices(needle).nth(nth).map(|(byte, _)| byte).expect("needle in text");
    let start = text[..byte].chars().count();
    TextPosition { start, end: start + needle.chars().count() }
}

#[test]
fn selectors_carry_32_chars_of_context() {
    let text = "0123456789abcdefghijklmnopqrstuvwxyzQUOTEABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let position = position_of(text, "QUOTE", 0);
    let (quote, got) = text_selectors(text, position.start, position.end).expect("in range");
    assert_eq!(got, position);
    assert_eq!(quote.exact, "QUOTE");
    assert_eq!(quote.prefix, "456789abcdefghijklmnopqrstuvwxyz");
    assert_eq!(quote.suffix, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
    let (short, _) = text_selectors("ab QUOTE cd", 3, 8).expect("in range");
    assert_eq!((short.prefix.as_str(), short.exact.as_str(), short.suffix.as_str()), ("ab ", "QUOTE", " cd"));
    for (start, end) in [(5, 5), (6, 5), (0, 12), (12, 13), (usize::MAX - 1, usize::MAX)] {
        assert_eq!(text_selectors("ab QUOTE cd", start, end), None, "{start}..{end}");
    }
    assert_eq!(text_selectors("ab QUOTE cd", 0, 11).map(|(quote, _)| quote.exact), Some("ab QUOTE cd".to_string()));
}

#[test]
fn selectors_count_code_points_not_bytes() {
    let text = "مرحبا بكم في نادي الطبخ. وصفة شوربة العدس اليوم.";
    let position = position_of(text, "وصفة شوربة العدس", 0);
    let (quote, _) = text_selectors(text, position.start, position.end).expect("in range");
    assert_eq!(quote.exact, "وصفة شوربة العدس");
    assert_eq!(quote.prefix, chars(text, position.start.saturating_sub(32), position.start));
    assert_eq!(text_at(text, &position), Some("وصفة شوربة العدس"));
}

/// (name, text the citation was made on, the quote, which occurrence, text now, expected anchor).
type ReanchorCase = (&'static str, &'static str, &'static str, usize, &'static str, Option<(&'static str, bool)>);

/// (name, text the citation was made on, the quote, which occurrence, text now, expected anchor
/// as the text it points at and whether it moved; `None` = orphaned)
#[test]
fn reanchoring_table() {
    let meeting = "the weekly meeting";
    let cases: [ReanchorCase; 9] = [
        (
            "same text",
            "News. Join the weekly meeting on Friday.",
            meeting,
            0,
            "News. Join the weekly meeting on Friday.",
            Some(("Join the weekly meeting on", false)),
        ),
        (
            "insertion earlier in the text",
            "News. Join the weekly meeting on Friday.",
            meeting,
            0,
            "Breaking: new hours. News. Join the weekly meeting on Friday.",
            Some(("Join the weekly meeting on", true)),
        ),
        (
            "deletion earlier in the text",
            "Intro paragraph. News. Join the weekly meeting on Friday.",
            meeting,
            0,
            "News. Join the weekly meeting on Friday.",
            Some(("Join the weekly meeting on", true)),
        ),
        (
            "ambiguous, resolved by prefix",
            "Club A: skip the weekly meeting. Club B: join the weekly meeting.",
            meeting,
            1,
            "Header. Club A: skip the weekly meeting. Club B: join the weekly meeting.",
            Some(("join the weekly meeting.", true)),
        ),
        (
            "ambiguous, first one by prefix",
            "Club A: skip the weekly meeting. Club B: join the weekly meeting.",
            meeting,
            0,
            "Header. Club A: skip the weekly meeting. Club B: join the weekly meeting.",
            Some(("skip the weekly meeting. Club B", true)),
        ),
        (
            "ambiguous, resolved by suffix",
            "See the weekly meeting notes. See the weekly meeting photos.",
            meeting,
            1,
            "Top. See the weekly meeting notes. See the weekly meeting photos.",
            Some(("the weekly meeting photos", true)),
        ),
        (
            "whitespace changed by re-extraction",
            "News. Join the weekly meeting on Friday.",
            "Join the weekly meeting",
            0,
            "News. Join the weekly\n  meeting on Friday.",
            Some(("Join the weekly\n  meeting on", true)),
        ),
        (
            "orphaned: quote gone",
            "News. Join the weekly meeting on Friday.",
            meeting,
            0,
            "News. The meeting moved online.",
            None,
        ),
        ("orphaned: empty text", "News. Join the weekly meeting on Friday.", meeting, 0, "", None),
    ];
    for (name, before, exact, nth, after, expected) in cases {
        let position = position_of(before, exact, nth);
        let (quote, position) = text_selectors(before, position.start, position.end).expect("selectors");
        let anchor = reanchor(after, &quote, &position);
        match expected {
            None => assert_eq!(anchor, Anchor::Orphaned, "{name}"),
            Some((context, moved)) => {
                let found = anchor.position().unwrap_or_else(|| panic!("{name}: orphaned"));
                assert_eq!(matches!(anchor, Anchor::Moved(_)), moved, "{name}: {anchor:?}");
                // The anchor points at the quote (modulo whitespace) within the expected context.
                let context_position = position_of(after, context, 0);
                assert!(
                    found.start >= context_position.start && found.end <= context_position.end,
                    "{name}: {anchor:?} not inside {context:?} at {context_position:?}"
                );
                let at = text_at(after, &found).unwrap_or_default();
                assert_eq!(
                    at.split_whitespace().collect::<Vec<_>>(),
                    exact.split_whitespace().collect::<Vec<_>>(),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn reanchor_survives_nonsense() {
    let quote = TextQuote { exact: "é".into(), prefix: "ü".into(), suffix: "".into() };
    for position in [TextPosition { start: 5, end: 2 }, TextPosition { start: usize::MAX, end: usize::MAX }] {
        assert_eq!(reanchor("aé", &quote, &position), Anchor::Moved(TextPosition { start: 1, end: 2 }));
    }
    let empty = TextQuote { exact: String::new(), prefix: String::new(), suffix: String::new() };
    assert_eq!(reanchor("text", &empty, &TextPosition { start: 0, end: 0 }), Anchor::Orphaned);
    // Overlapping occurrences are all considered.
    let overlapping = TextQuote { exact: "aa".into(), prefix: "xa".into(), suffix: "b".into() };
    assert_eq!(
        reanchor("xaaab", &overlapping, &TextPosition { start: 0, end: 2 }),
        Anchor::Moved(TextPosition { start: 2, end: 4 })
    );
}

#[test]
fn transcriptions_are_found_despite_whitespace_case_and_marks() {
    let text = "WELCOME to the\n\nCommunity   Kitchen.\nلِلطَّبْخِ والـحـلويات";
    let cases: [(&str, Option<&str>); 7] = [
        ("welcome to the community kitchen", Some("WELCOME to the\n\nCommunity   Kitchen")),
        ("  Community kitchen. ", Some("Community   Kitchen.")),
        ("للطبخ والحلويات", Some("لِلطَّبْخِ والـحـلويات")),
        ("kitchen garden", None),
        ("", None),
        ("   ", None),
        ("İ", None),
    ];
    for (transcription, expected) in cases {
        let found = find_transcription(text, transcription);
        assert_eq!(found.and_then(|position| text_at(text, &position)), expected, "{transcription:?}");
    }
}

#[test]
fn fragments() {
    let rect = PixelRect { x: 10, y: 20, w: 300, h: 40 };
    assert_eq!(format_fragment(&rect), "xywh=pixel:10,20,300,40");
    for (text, expected) in [
        ("xywh=pixel:10,20,300,40", Some(rect)),
        ("#xywh=pixel:10,20,300,40", Some(rect)),
        ("xywh=10,20,300,40", Some(rect)),
        ("xywh=percent:10,20,30,40", None),
        ("xywh=pixel:10,20,300", None),
        ("xywh=pixel:10,20,300,40,5", None),
        ("xywh=pixel:10,20,0,40", None),
        ("xywh=pixel:-1,20,300,40", None),
        ("xywh=pixel:+1,20,300,40", None),
        ("xywh=pixel:1, 2,3,4", None),
        ("xywh=pixel:99999999999,2,3,4", None),
        ("t=10,20", None),
        ("", None),
    ] {
        assert_eq!(parse_fragment(text), expected, "{text:?}");
    }
}

proptest! {
    #[test]
    fn selectors_then_reanchor_is_exact(text in "\\PC{0,80}", a in 0usize..90, b in 0usize..90) {
        let (start, end) = (a.min(b), a.max(b));
        match text_selectors(&text, start, end) {
            None => prop_assert!(start == end || end > text.chars().count()),
            Some((quote, position)) => {
                prop_assert_eq!(&quote.exact, &chars(&text, start, end));
                prop_assert_eq!(reanchor(&text, &quote, &position), Anchor::Exact(position));
            }
        }
    }

    #[test]
    fn insertion_before_moves_the_anchor_by_its_length(text in "[a-zé ]{0,40}", inserted in "[xyzب]{1,10}", a in 0usize..40, len in 1usize..10) {
        let count = text.chars().count();
        prop_assume!(a + len <= count);
        let (quote, position) = text_selectors(&text, a, a + len).expect("in range");
        let changed = format!("{inserted}{text}");
        let shift = inserted.chars().count();
        let anchor = reanchor(&changed, &quote, &position);
        let found = anchor.position().expect("still there");
        prop_assert_eq!(text_at(&changed, &found), Some(quote.exact.as_str()));
        // The quote keeps its full recorded context, so it is found where it went (or at an
        // occurrence with the same context).
        let expected = TextPosition { start: a + shift, end: a + len + shift };
        prop_assert!(found == expected || text_at(&changed, &expected) == text_at(&changed, &found));
    }

    #[test]
    fn nothing_panics(text in "\\PC{0,60}", exact in "\\PC{0,8}", prefix in "\\PC{0,8}", suffix in "\\PC{0,8}", start in any::<usize>(), end in any::<usize>(), fragment in "\\PC{0,30}") {
        let quote = TextQuote { exact: exact.clone(), prefix, suffix };
        let anchor = reanchor(&text, &quote, &TextPosition { start, end });
        if let Some(position) = anchor.position() {
            prop_assert!(text_at(&text, &position).is_some());
        }
        let _ = find_transcription(&text, &exact);
        let _ = text_selectors(&text, start, end);
        if let Some(rect) = parse_fragment(&fragment) {
            prop_assert_eq!(parse_fragment(&format_fragment(&rect)), Some(rect));
        }
    }
}
