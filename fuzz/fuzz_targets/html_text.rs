//! HTML → canonical text. Citations point into `canonical` by code-point offsets, so besides never
//! panicking the extraction must keep its block invariants: every block's `start..end` lies inside
//! `canonical.chars().count()`, blocks come in order without overlapping, and each block's text is
//! exactly the code points of `canonical` it names. A violated invariant crashes the fuzzer.
#![no_main]

use exhibit::domain::capture::{extract_html, extract_plain_text, ExtractedText, Limits};
use libfuzzer_sys::fuzz_target;

fn check(what: &str, text: &ExtractedText) {
    let chars: Vec<char> = text.canonical.chars().collect();
    let mut previous_end = 0usize;
    for (index, block) in text.blocks.iter().enumerate() {
        assert!(
            block.start <= block.end && block.end <= chars.len(),
            "{what}: block {index} {}..{} outside canonical of {} chars",
            block.start,
            block.end,
            chars.len()
        );
        assert!(
            block.start >= previous_end,
            "{what}: block {index} starts at {} before the previous end {previous_end}",
            block.start
        );
        previous_end = block.end;
        let slice: String = chars[block.start..block.end].iter().collect();
        assert_eq!(
            slice, block.text,
            "{what}: block {index} text differs from canonical[{}..{}]",
            block.start, block.end
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    // Default limits, as a loaded capture gets them, and a shallow nesting cap, which exercises the
    // over-deep path without needing megabyte inputs.
    check("extract_html(default)", &extract_html(&html, &Limits::default()).text);
    let shallow = Limits { max_nesting: 8, ..Limits::default() };
    check("extract_html(max_nesting 8)", &extract_html(&html, &shallow).text);
    check("extract_plain_text", &extract_plain_text(&html));
});
