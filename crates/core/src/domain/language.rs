//! Language and script of text, with whatlang: per block, per page, and for a single quote.
//!
//! This module owns the language profile shown beside a capture and the detection used for
//! citation quotes. Language is context for the reviewer, never evidence: this module must never
//! guess when whatlang is unsure, and says "language uncertain" instead, notably for Arabic-script
//! or Cyrillic text written in languages whatlang does not know (Sorani Kurdish, Pashto, Uyghur,
//! Chechen…). It never reads anything but the strings it is given.

use std::collections::BTreeMap;

use whatlang::{Lang, Script};

use crate::domain::capture::{ExtractedText, LanguageProfile, LanguageShare};
use crate::domain::order;

mod model;

/// One detection: a language (ISO 639-3 code as whatlang's `Lang::code()`), its English name, the
/// script, and whether whatlang considers it reliable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub code: String,
    pub name: String,
    pub script: String,
    pub reliable: bool,
}

/// Most characters of one block or one script group handed to whatlang (detection cost is linear).
const MAX_DETECTION_CHARS: usize = 4_000;

/// Blocks with fewer letters are detected pooled with the other short blocks of their script.
const MIN_BLOCK_LETTERS: usize = 100;

/// Share of letters that are specific to languages whatlang does not know, above which a detection
/// is reported as unreliable whatever whatlang says.
const UNKNOWN_LANGUAGE_LETTER_SHARE: f64 = 0.005;

/// Detects the language of a short text, e.g. a quoted passage.
pub fn detect(text: &str) -> Option<Detected> {
    let sample = prefix_chars(text, MAX_DETECTION_CHARS);
    let info = model::detect(sample)?;
    let reliable = info.is_reliable() && !has_letters_of_unknown_languages(sample);
    Some(Detected {
        code: info.lang().code().to_string(),
        name: info.lang().eng_name().to_string(),
        script: info.script().name().to_string(),
        reliable,
    })
}

/// Whatlang's confidence above which its first guess is taken to be right when that guess is one
/// of the languages the caller expects (the reviewer's), although whatlang does not call it reliable.
pub const EXPECTED_LANGUAGE_CONFIDENCE: f64 = 0.8;

/// Whether a short text is in one of `codes` (ISO 639-3, as whatlang writes them): whatlang is
/// sure, or its first guess is one of them with a confidence of at least
/// [`EXPECTED_LANGUAGE_CONFIDENCE`]; never when the text has letters specific to languages whatlang
/// does not know (Chechen's palochka, Kurdish and Uyghur letters…), which it would misread.
pub fn is_in_one_of(text: &str, codes: &[String]) -> bool {
    read_quote(text).is_in_one_of(codes)
}

/// ISO 15924 codes of the scripts whatlang tells apart (`Mandarin` is whatlang's name for Han).
const SCRIPT_CODES: [(Script, &str); 25] = [
    (Script::Arabic, "Arab"),
    (Script::Armenian, "Armn"),
    (Script::Bengali, "Beng"),
    (Script::Cyrillic, "Cyrl"),
    (Script::Devanagari, "Deva"),
    (Script::Ethiopic, "Ethi"),
    (Script::Georgian, "Geor"),
    (Script::Greek, "Grek"),
    (Script::Gujarati, "Gujr"),
    (Script::Gurmukhi, "Guru"),
    (Script::Hangul, "Hang"),
    (Script::Hebrew, "Hebr"),
    (Script::Hiragana, "Hira"),
    (Script::Kannada, "Knda"),
    (Script::Katakana, "Kana"),
    (Script::Khmer, "Khmr"),
    (Script::Latin, "Latn"),
    (Script::Malayalam, "Mlym"),
    (Script::Mandarin, "Hani"),
    (Script::Myanmar, "Mymr"),
    (Script::Oriya, "Orya"),
    (Script::Sinhala, "Sinh"),
    (Script::Tamil, "Taml"),
    (Script::Telugu, "Telu"),
    (Script::Thai, "Thai"),
];

/// The language tag stored with a citation's quote: the ISO 639-3 code when whatlang is sure
/// (`"ara"`), else only the script as a BCP 47 tag with an undetermined language (`"und-Arab"`),
/// else `None` (no letters). Computed once, when the citation is made, so that the policy and
/// the verifier read the same answer the reviewer saw.
pub fn quote_language(text: &str) -> Option<String> {
    read_quote(text).tag
}

/// One reading of a quote by the detector, reused for every question the policy asks of it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteReading {
    /// What `quote_language` returns.
    pub tag: Option<String>,
    /// Whatlang's first guess (ISO 639-3), its confidence, and whether it calls it reliable.
    guess: Option<(&'static str, f64, bool)>,
    /// Letters of languages whatlang does not know (then no guess is trusted).
    unknown_letters: bool,
}

impl QuoteReading {
    /// `is_in_one_of` on the reading already made.
    pub fn is_in_one_of(&self, codes: &[String]) -> bool {
        match self.guess {
            Some((code, confidence, reliable)) if !self.unknown_letters => {
                codes.iter().any(|known| known == code) && (reliable || confidence >= EXPECTED_LANGUAGE_CONFIDENCE)
            }
            _ => false,
        }
    }
}

/// Reads a quote once: its tag and whatlang's guess.
pub fn read_quote(text: &str) -> QuoteReading {
    if !text.chars().any(char::is_alphabetic) {
        return QuoteReading { tag: None, guess: None, unknown_letters: false };
    }
    let sample = prefix_chars(text, MAX_DETECTION_CHARS);
    let info = model::detect(sample);
    let unknown_letters = has_letters_of_unknown_languages(sample);
    let guess = info.as_ref().map(|info| (info.lang().code(), info.confidence(), info.is_reliable()));
    let tag = match info {
        Some(info) if info.is_reliable() && !unknown_letters => Some(info.lang().code().to_string()),
        Some(info) => Some(format!("und-{}", script_code(info.script()))),
        None => script_of(text).map(|script| format!("und-{}", script_code(script))),
    };
    QuoteReading { tag, guess, unknown_letters }
}

/// The script of a text (cheap: no language model).
pub fn script_of(text: &str) -> Option<Script> {
    whatlang::detect_script(prefix_chars(text, MAX_DETECTION_CHARS))
}

/// ISO 15924 code of a script (`Arab`, `Latn`…).
pub fn script_code(script: Script) -> &'static str {
    SCRIPT_CODES.iter().find(|(known, _)| *known == script).map_or("Zyyy", |(_, code)| code)
}

/// The script of a tag written by `quote_language` (`"und-Arab"` → Arabic); `None` for a language
/// code or an unknown script.
pub fn script_of_tag(tag: &str) -> Option<Script> {
    let script = tag.trim().strip_prefix("und-")?;
    SCRIPT_CODES.iter().find(|(_, code)| code.eq_ignore_ascii_case(script)).map(|(known, _)| *known)
}

/// English name of an ISO 639-3 code that whatlang knows (`"ara"` → `"Arabic"`).
pub fn language_name(code: &str) -> Option<&'static str> {
    Lang::from_code(code).map(|lang| lang.eng_name())
}

/// The language profile of a page: shares by language and script, weighted by letter count.
///
/// Each block's script is detected. A block of at least 100 letters keeps its own language when
/// whatlang is reliable; shorter or uncertain blocks of one script are pooled and detected
/// together, and stay "language uncertain" (`lang: None`) if that is still unreliable.
pub fn profile(text: &ExtractedText) -> LanguageProfile {
    let mut letters_by_key: BTreeMap<(Option<String>, String), usize> = BTreeMap::new();
    let mut pooled_text_by_script: BTreeMap<String, String> = BTreeMap::new();
    let mut total_letters = 0usize;

    for block in &text.blocks {
        let letters = block.text.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 {
            continue;
        }
        let sample = prefix_chars(&block.text, MAX_DETECTION_CHARS);
        let Some(script) = whatlang::detect_script(sample) else {
            continue;
        };
        total_letters += letters;
        let script_name = script.name().to_string();
        // Short blocks (headings, menu items) are too short for whatlang on their own.
        let language = if letters >= MIN_BLOCK_LETTERS {
            detect(sample).filter(|detected| detected.reliable).map(|detected| detected.code)
        } else {
            None
        };
        match language {
            Some(code) => *letters_by_key.entry((Some(code), script_name)).or_default() += letters,
            None => {
                *letters_by_key.entry((None, script_name.clone())).or_default() += letters;
                let pooled = pooled_text_by_script.entry(script_name).or_default();
                if pooled.len() < MAX_DETECTION_CHARS * 4 {
                    pooled.push_str(sample);
                    pooled.push('\n');
                }
            }
        }
    }

    // The pooled short or uncertain blocks of each script, detected together.
    for (script_name, pooled) in pooled_text_by_script {
        let Some(detected) = detect(&pooled) else { continue };
        if !detected.reliable || detected.script != script_name {
            continue;
        }
        if let Some(letters) = letters_by_key.remove(&(None, script_name.clone())) {
            *letters_by_key.entry((Some(detected.code), script_name)).or_default() += letters;
        }
    }

    let mut languages: Vec<LanguageShare> = letters_by_key
        .into_iter()
        .map(|((lang, script), letters)| LanguageShare {
            reliable: lang.is_some(),
            lang,
            script,
            share: if total_letters == 0 { 0.0 } else { letters as f64 / total_letters as f64 },
        })
        .collect();
    // Largest first; ties broken by script then code so the order never depends on hashing.
    order::sort_by(&mut languages, |a, b| {
        b.share
            .partial_cmp(&a.share)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.script.cmp(&b.script))
            .then_with(|| a.lang.cmp(&b.lang))
    });
    let summary = summarize(&languages);
    LanguageProfile { languages, summary }
}

fn summarize(languages: &[LanguageShare]) -> String {
    let Some(first) = languages.first() else {
        return "No text to detect a language in".to_string();
    };
    let mut summary = describe(first);
    let others: Vec<String> = languages
        .iter()
        .skip(1)
        .filter(|share| share.share >= 0.1)
        .map(|share| format!("{} {}%", describe(share), (share.share * 100.0).round() as u32))
        .collect();
    if !others.is_empty() {
        summary.push_str("; also ");
        summary.push_str(&others.join(", "));
    }
    summary
}

fn describe(share: &LanguageShare) -> String {
    match share.lang.as_deref().and_then(language_name) {
        Some(name) => format!("{name} ({} script)", share.script),
        None => format!("{} script, language uncertain", share.script),
    }
}

fn prefix_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((byte_index, _)) => text.get(..byte_index).unwrap_or(text),
        None => text,
    }
}

/// Letters that whatlang's Arabic-script and Cyrillic models do not cover and that mark languages
/// it does not know: Sorani/Kurmanji Kurdish (ە ێ ۆ ڵ ڕ ڤ), Pashto (ټ ډ ړ ښ ږ ځ څ ګ ڼ), Uyghur
/// (ې ۇ ۈ ۋ), Sindhi (ڄ ڃ ڇ ڏ ڍ ڊ ڌ ٻ ڀ ٽ ٺ ڦ), and the Cyrillic palochka of Chechen and other
/// Caucasian languages (Ӏ ӏ).
fn is_letter_of_unknown_language(c: char) -> bool {
    matches!(
        c,
        '\u{06D5}'
            | '\u{06CE}'
            | '\u{06C6}'
            | '\u{06B5}'
            | '\u{0695}'
            | '\u{06A4}'
            | '\u{067C}'
            | '\u{0689}'
            | '\u{0693}'
            | '\u{069A}'
            | '\u{0696}'
            | '\u{0681}'
            | '\u{0685}'
            | '\u{06AB}'
            | '\u{06BC}'
            | '\u{06D0}'
            | '\u{06C7}'
            | '\u{06C8}'
            | '\u{06CB}'
            | '\u{0684}'
            | '\u{0683}'
            | '\u{0687}'
            | '\u{068F}'
            | '\u{068D}'
            | '\u{068A}'
            | '\u{068C}'
            | '\u{067B}'
            | '\u{0680}'
            | '\u{067D}'
            | '\u{067A}'
            | '\u{06A6}'
            | '\u{04C0}'
            | '\u{04CF}'
    )
}

fn has_letters_of_unknown_languages(text: &str) -> bool {
    let mut letters = 0usize;
    let mut unknown = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if is_letter_of_unknown_language(c) {
            unknown += 1;
        }
    }
    letters > 0 && unknown as f64 / letters as f64 > UNKNOWN_LANGUAGE_LETTER_SHARE
}

/// The script of a text as whatlang names it, when it has letters.
pub fn script_name(text: &str) -> Option<String> {
    whatlang::detect_script(prefix_chars(text, MAX_DETECTION_CHARS)).map(|script: Script| script.name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::capture::{Block, BlockKind};

    fn text_of(blocks: &[&str]) -> ExtractedText {
        let mut canonical = String::new();
        let mut out = Vec::new();
        for block in blocks {
            if !canonical.is_empty() {
                canonical.push_str("\n\n");
            }
            let start = canonical.chars().count();
            canonical.push_str(block);
            out.push(Block {
                kind: BlockKind::Paragraph,
                start,
                end: canonical.chars().count(),
                text: block.to_string(),
            });
        }
        ExtractedText { canonical, blocks: out, ..ExtractedText::default() }
    }

    #[test]
    fn english_page_is_reliable_english() {
        let profile = profile(&text_of(&[
            "The weather in the valley was mild this spring, and the farmers planted early.",
            "Most of the village gathered at the market on Saturday to sell vegetables and bread.",
        ]));
        assert_eq!(profile.languages.first().and_then(|share| share.lang.clone()).as_deref(), Some("eng"));
        assert_eq!(profile.summary, "English (Latin script)");
    }

    #[test]
    fn sorani_kurdish_is_arabic_script_language_uncertain() {
        // Neutral Sorani text about the weather and a market.
        let profile = profile(&text_of(&[
            "ئەمڕۆ کەشوهەوا زۆر خۆشە و خەڵک بۆ بازاڕ دەچن بۆ کڕینی میوە و سەوزە.",
            "منداڵەکان لە قوتابخانە دەخوێنن و مامۆستاکان وانە دەڵێنەوە.",
        ]));
        assert_eq!(profile.summary, "Arabic script, language uncertain");
        assert!(profile.languages.iter().all(|share| share.lang.is_none()));
    }

    #[test]
    fn empty_text_has_no_languages() {
        let profile = profile(&ExtractedText::default());
        assert!(profile.languages.is_empty());
        assert_eq!(profile.summary, "No text to detect a language in");
    }

    #[test]
    fn names_of_codes() {
        assert_eq!(language_name("ara"), Some("Arabic"));
        assert_eq!(language_name("rus"), Some("Russian"));
        assert_eq!(language_name("zzz"), None);
    }

    #[test]
    fn detect_short_quote() {
        let detected = detect("Это обычный текст о погоде и о рынке в нашем городе, ничего особенного.");
        assert_eq!(detected.map(|d| (d.code, d.script)), Some(("rus".to_string(), "Cyrillic".to_string())));
    }
}
