//! Word tokens for the word-level marks of a changed block: a partition of the text into runs of
//! word characters, runs of whitespace and single other characters (punctuation, symbols, and one
//! ideograph or syllable at a time for scripts written without spaces). Concatenating the tokens
//! gives back the text exactly; combining marks, ZWNJ and ZWJ stay inside the token they follow.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// Letters and digits of a script written with spaces (Latin, Arabic, Cyrillic, Hangul…),
    /// with their combining marks and joiners.
    Word,
    /// Whitespace.
    Space,
    /// One punctuation mark, symbol, or character of a script written without spaces (Han,
    /// kana, Thai…), with the combining marks that follow it.
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Joiner,
    Mark,
    Space,
    Solo,
}

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let c = c as u32;
    ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

/// Combining marks and selectors that never start a token (approximation of `General_Category=M`
/// for the scripts Exhibit meets; `char` has no category lookup in std).
const MARKS: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0711, 0x0711),
    (0x0730, 0x074A),
    (0x07A6, 0x07B0),
    (0x08D3, 0x08FF),
    (0x0E31, 0x0E31),
    (0x0E34, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x0EB1, 0x0EB1),
    (0x0EB4, 0x0EBC),
    (0x0EC8, 0x0ECE),
    (0x102B, 0x103E),
    (0x1056, 0x1059),
    (0x17B4, 0x17D3),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0x302A, 0x302F),
    (0x3099, 0x309A),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0x1F3FB, 0x1F3FF),
    (0xE0100, 0xE01EF),
];

/// Scripts written without spaces between words: each character is its own token.
const SOLO_SCRIPTS: &[(u32, u32)] = &[
    (0x0E00, 0x0EFF),   // Thai, Lao
    (0x1000, 0x109F),   // Myanmar
    (0x1780, 0x17FF),   // Khmer
    (0x3040, 0x30FF),   // Hiragana, Katakana
    (0x31F0, 0x31FF),   // Katakana phonetic extensions
    (0x3400, 0x4DBF),   // CJK extension A
    (0x4E00, 0x9FFF),   // CJK unified ideographs
    (0xF900, 0xFAFF),   // CJK compatibility ideographs
    (0xFF66, 0xFF9F),   // Halfwidth katakana
    (0x20000, 0x3FFFF), // CJK extensions B and later
];

fn classify(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if c == '\u{200C}' || c == '\u{200D}' {
        Class::Joiner
    } else if in_ranges(c, MARKS)
        // Indic vowel signs are alphabetic, but viramas and nuktas are not: keep them in the word.
        || ((0x0900..=0x0DFF).contains(&(c as u32))
            && !c.is_alphanumeric()
            && c != '\u{0964}'
            && c != '\u{0965}')
    {
        Class::Mark
    } else if in_ranges(c, SOLO_SCRIPTS) {
        Class::Solo
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Solo
    }
}

/// Splits `text` into tokens whose concatenation is exactly `text`.
pub(crate) fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0usize;
    let mut current: Option<Run> = None;
    for (i, c) in text.char_indices() {
        let class = classify(c);
        let extend = matches!(
            (current, class),
            (Some(Run::Space), Class::Space)
                | (Some(Run::Word), Class::Word | Class::Joiner | Class::Mark)
                // A mark or joiner after one character (an ideograph, a Thai consonant, a
                // punctuation mark) belongs to it.
                | (Some(Run::Single), Class::Mark | Class::Joiner)
        );
        if !extend {
            if current.is_some() && i > start {
                if let Some(tok) = text.get(start..i) {
                    tokens.push(tok);
                }
                start = i;
            }
            current = Some(match class {
                Class::Space => Run::Space,
                Class::Word | Class::Joiner => Run::Word,
                Class::Mark | Class::Solo => Run::Single,
            });
        }
    }
    if start < text.len() {
        if let Some(tok) = text.get(start..) {
            tokens.push(tok);
        }
    }
    tokens
}

/// True for a whitespace token (they align words but do not count towards similarity).
pub(crate) fn is_space(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_partition_the_text() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("Hello, world!", &["Hello", ",", " ", "world", "!"]),
            ("  a\n\tb ", &["  ", "a", "\n\t", "b", " "]),
            ("Привет мир", &["Привет", " ", "мир"]),
            ("مَرحَبًا بالعالم.", &["مَرحَبًا", " ", "بالعالم", "."]),
            ("می\u{200C}خواهم برم", &["می\u{200C}خواهم", " ", "برم"]),
            ("今天天气好。", &["今", "天", "天", "气", "好", "。"]),
            ("コーヒー", &["コ", "ー", "ヒ", "ー"]),
            ("สวัสดี", &["ส", "วั", "ส", "ดี"]),
            ("नमस्ते दुनिया", &["नमस्ते", " ", "दुनिया"]),
            ("e\u{301}te\u{301}", &["e\u{301}te\u{301}"]),
            ("3.5kg", &["3", ".", "5kg"]),
            ("\u{301}x", &["\u{301}", "x"]),
        ];
        for (text, want) in cases {
            let got = tokenize(text);
            assert_eq!(&got, want, "tokens of {text:?}");
            assert_eq!(got.concat(), *text);
        }
    }
}
