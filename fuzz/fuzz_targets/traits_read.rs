//! Free text as the policy reads it (rationales, reasons, citation notes, region descriptions):
//! `policy::traits::read` with each `Strictness`, plus the sentence, word and trait readers under
//! it. Must never panic on any text (any script, any mix of separators, clitics, combining marks);
//! a blank text reads as `Empty` and nothing else does.
#![no_main]

use exhibit::domain::policy::traits::{
    is_language_label, is_placeholder, normalise, read, sentences, trait_words, words, Reading, Strictness,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let blank = text.trim().is_empty();
    for strictness in
        [Strictness::Adverse, Strictness::Lenient, Strictness::Reason, Strictness::Attached, Strictness::Translation]
    {
        let reading = read(&text, strictness);
        assert_eq!(reading == Reading::Empty, blank, "{strictness:?}: blank is {blank} but read as {reading:?}");
        if let Reading::RestsOnTraits(traits) = &reading {
            assert!(!traits.is_empty(), "{strictness:?}: rests on no trait");
        }
    }
    let _ = normalise(&text);
    let _ = words(&text);
    for sentence in sentences(&text) {
        let _ = sentence.names_trait();
        let _ = sentence.counts();
        let _ = sentence.counts_leniently();
    }
    let _ = trait_words(&text);
    let _ = is_placeholder(&text);
    let _ = is_language_label(&text);
});
