//! Allegation lists (text, CSV, JSON) from strangers: `import` must never panic, whatever the bytes.
//! The first byte picks the format (Auto, Text, Csv, Json); the rest is the file, read lossily as
//! UTF-8 the way the app and the CLI read it.
#![no_main]

use exhibit::domain::allegations::{detect_format, group_by_site, import, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let format = match selector % 4 {
        0 => Format::Auto,
        1 => Format::Text,
        2 => Format::Csv,
        _ => Format::Json,
    };
    let input = String::from_utf8_lossy(rest);
    let _ = detect_format(&input);
    let (allegations, _diagnostics) = import("fuzz.txt", &input, format);
    let groups = group_by_site(&allegations);
    for (_site, indices) in &groups {
        for &index in indices {
            assert!(index < allegations.len(), "group_by_site index {index} out of range");
        }
    }
    for allegation in &allegations {
        let _ = allegation.first_occurrence();
        let _ = allegation.lines();
    }
});
