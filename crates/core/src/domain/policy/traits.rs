//! How the evidence policy reads free text (rationales, reasons, citation notes, region
//! descriptions): sentence by sentence, which words name a **trait** of the site's people
//! (language or script, ethnicity, religion, nationality, region), which point at the cited
//! evidence, which are filler, and which are content that may say what the page shows.
//!
//! The word lists are data (`traits.tsv` beside this file, plus whatlang's language and script
//! names), not code. Nothing here decides a verdict: `policy` does, from what this module reports.
//! See docs/POLICY.md, "How free text is read".

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::domain::order;

/// A trait of a site's people that is never evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trait {
    /// A language or script, or words about writing systems and text direction.
    Language,
    Ethnicity,
    Religion,
    Nationality,
    Region,
}

impl Trait {
    pub fn name(self) -> &'static str {
        match self {
            Trait::Language => "language or script",
            Trait::Ethnicity => "ethnicity",
            Trait::Religion => "religion",
            Trait::Nationality => "nationality",
            Trait::Region => "region or place",
        }
    }

    /// Whether the trait is the page's language (rule `language-not-evidence`) rather than another
    /// trait of its people (rule `identity-not-evidence`).
    pub fn is_language(self) -> bool {
        self == Trait::Language
    }
}

/// What one word (or phrase) is, for the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    Trait(Trait),
    /// Points at the cited evidence (`quote`, `screenshot`, `[1]`).
    Evidence,
    /// Says nothing about what the page shows: stop-words, generic nouns, bare conclusions.
    Filler,
    /// A number, a single letter, punctuation.
    Ignorable,
    /// A word that may say what the page shows.
    Content,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Trait(Trait),
    Neutral,
    Filler,
    Evidence,
}

struct Lexicon {
    words: HashMap<String, Entry>,
    /// Multi-word terms by their words joined with one space.
    phrases: HashMap<String, Entry>,
    longest_phrase: usize,
    /// The most characters of a listed word (a hyphenated suffix counts its hyphen).
    longest_word: usize,
    /// The listed hyphenated suffixes (`-speaking`), without their hyphen.
    suffixes: HashMap<String, Entry>,
    /// Prefix stems by their first three characters, longest first.
    stems: HashMap<String, Vec<(String, Entry)>>,
    /// Latin trait words of `NEAR_LETTERS` letters or more, by each spelling with one letter left
    /// out (and whole): a word one slip away from one (`Chechans`, `Pastuns`) is found by looking
    /// up its own such spellings (`near_trait`).
    near: HashMap<String, Vec<(String, Trait)>>,
    /// Listed words written in Han characters, which run together without spaces: found inside a
    /// word (`网站由车臣人经营`), longest first (`cjk_parts`).
    cjk: HashMap<String, Entry>,
    /// The most characters of a listed Han word.
    longest_cjk: usize,
}

impl Lexicon {
    /// The entry of the longest stem that starts `word` (every stem has three characters or more).
    fn stem_of(&self, word: &str) -> Option<Entry> {
        let end = word.char_indices().nth(3).map_or(word.len(), |(offset, _)| offset);
        let candidates = self.stems.get(&word[..end])?;
        candidates.iter().find(|(stem, _)| word.starts_with(stem.as_str())).map(|(_, entry)| *entry)
    }
}

fn entry_of(kind: &str) -> Option<Entry> {
    Some(match kind {
        "language" | "vocabulary" | "script" => Entry::Trait(Trait::Language),
        "ethnicity" => Entry::Trait(Trait::Ethnicity),
        "religion" => Entry::Trait(Trait::Religion),
        "nationality" => Entry::Trait(Trait::Nationality),
        "region" => Entry::Trait(Trait::Region),
        "neutral" => Entry::Neutral,
        "filler" => Entry::Filler,
        "evidence" => Entry::Evidence,
        _ => return None,
    })
}

/// When one term is listed twice, the stronger reading wins: a trait over neutral over evidence
/// over filler (a trait word must never be mistaken for filler); between equals, the later line.
fn strength(entry: Entry) -> u8 {
    match entry {
        Entry::Trait(_) => 3,
        Entry::Neutral => 2,
        Entry::Evidence => 1,
        Entry::Filler => 0,
    }
}

fn keep_stronger(map: &mut HashMap<String, Entry>, term: String, entry: Entry) {
    match map.get(&term) {
        Some(existing) if strength(*existing) > strength(entry) => {}
        _ => {
            map.insert(term, entry);
        }
    }
}

/// The lexicon of the installed word table (`tables::traits`); an empty one, not kept, while the
/// app has not installed it (the policy refuses to judge then: `Rule::PolicyLoaded`).
fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    static NONE: OnceLock<Lexicon> = OnceLock::new();
    match crate::domain::tables::traits() {
        Some(table) => LEXICON.get_or_init(|| build_lexicon(table)),
        None => NONE.get_or_init(|| Lexicon {
            words: HashMap::new(),
            phrases: HashMap::new(),
            longest_phrase: 1,
            longest_word: 1,
            suffixes: HashMap::new(),
            stems: HashMap::new(),
            near: HashMap::new(),
            cjk: HashMap::new(),
            longest_cjk: 1,
        }),
    }
}

/// The lines of the word table as (kind, term), in either of its two forms: the source file
/// (`kind<TAB>term` lines, `#` comments, blank lines: what the app fetches) or build.rs's compacted
/// one (an `@kind` line before each run of terms of one kind: what is compiled in).
fn table_lines(table: &str) -> impl Iterator<Item = (Option<Entry>, &str)> + '_ {
    let compact = table.starts_with('@');
    let mut kind = None;
    table.lines().filter_map(move |line| {
        if compact {
            if let Some(heading) = line.strip_prefix('@') {
                kind = entry_of(heading.trim());
                return None;
            }
            return Some((kind, line));
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        let (kind, term) = line.split_once('\t')?;
        Some((entry_of(kind.trim()), term))
    })
}

fn build_lexicon(table: &str) -> Lexicon {
    let mut words = HashMap::new();
    let mut phrases = HashMap::new();
    let mut stems = Vec::new();
    // whatlang's language and script names are languages unless the table says otherwise.
    let names = whatlang::Lang::all()
        .iter()
        .flat_map(|lang| [lang.eng_name(), lang.name()])
        .chain(whatlang::Script::all().iter().map(|script| script.name()));
    for name in names {
        for part in normalise(name).split([' ', '-']).filter(|part| part.chars().count() >= 3) {
            words.insert(part.to_string(), Entry::Trait(Trait::Language));
        }
    }
    // Listed terms override whatlang's names (e.g. "latin" stays a script, but the table may
    // mark a phrase neutral).
    let mut listed: HashMap<String, Entry> = HashMap::new();
    for (kind, line) in table_lines(table) {
        let Some(entry) = kind else { continue };
        let term = normalise(line.trim());
        let term = term.split_whitespace().collect::<Vec<_>>().join(" ");
        if term.is_empty() {
            continue;
        }
        if term.contains(' ') {
            keep_stronger(&mut phrases, term, entry);
        } else if let Some(stem) = term.strip_suffix('*') {
            if stem.chars().count() >= 3 {
                stems.push((stem.to_string(), entry));
            }
        } else {
            keep_stronger(&mut listed, term, entry);
        }
    }
    words.extend(listed);
    order::sort_by_key(&mut stems, |(stem, _)| std::cmp::Reverse(stem.chars().count()));
    let stems = stems.into_iter().fold(HashMap::<String, Vec<(String, Entry)>>::new(), |mut stems, (stem, entry)| {
        stems.entry(stem.chars().take(3).collect()).or_default().push((stem, entry));
        stems
    });
    let longest_phrase = phrases.keys().map(|phrase| phrase.split(' ').count()).max().unwrap_or(1);
    let longest_word = words.keys().map(|word| word.chars().count()).max().unwrap_or(1);
    let suffixes =
        words.iter().filter_map(|(word, entry)| Some((word.strip_prefix('-')?.to_string(), *entry))).collect();
    let mut near: HashMap<String, Vec<(String, Trait)>> = HashMap::new();
    for (word, entry) in &words {
        if let Entry::Trait(trait_) = entry {
            if word.chars().count() >= NEAR_LETTERS && word.chars().all(|c| c.is_ascii_lowercase()) {
                for spelling in one_left_out(word).into_iter().chain([word.clone()]) {
                    near.entry(spelling).or_default().push((word.clone(), *trait_));
                }
            }
        }
    }
    // In one order whatever `words`' (a hash map's) order was: `near_trait` takes the first that
    // fits, so its answer (and the rule it makes a verdict break) is the same on every run.
    for candidates in near.values_mut() {
        candidates.sort();
        candidates.dedup();
    }
    let cjk: HashMap<String, Entry> =
        words.iter().filter(|(word, _)| word.chars().all(is_han)).map(|(word, entry)| (word.clone(), *entry)).collect();
    let longest_cjk = cjk.keys().map(|word| word.chars().count()).max().unwrap_or(0);
    Lexicon { words, phrases, longest_phrase, longest_word, suffixes, stems, near, cjk, longest_cjk }
}

/// Folds look-alike letter forms to plain letters (fullwidth `Ａｒａｂｉｃ`, mathematical `𝐀𝐫𝐚𝐛𝐢𝐜`,
/// circled and squared letters, Latin ligatures); lowercases; folds typographic apostrophes to
/// `'`; drops marks and invisible characters that do not change a word (Arabic vowel marks and
/// tatweel, zero-width and joiner characters, the soft hyphen, direction marks, variation
/// selectors, tag characters, the dot of Turkish `İ`); folds Persian and Arabic letter variants
/// (`ک`→`ك`, `ی`/`ى`→`ي`, `ۀ`/`ة`→`ه`, `أ`/`إ`/`آ`→`ا`).
pub fn normalise(text: &str) -> String {
    let mut normalised = String::with_capacity(text.len());
    for character in text.chars() {
        match plain_form(character) {
            PlainForm::Same => push_normalised(&mut normalised, character),
            PlainForm::Letter(plain) => push_normalised(&mut normalised, plain),
            PlainForm::Letters(plain) => plain.chars().for_each(|c| push_normalised(&mut normalised, c)),
        }
    }
    normalised
}

fn push_normalised(normalised: &mut String, character: char) {
    for lower in character.to_lowercase() {
        if is_invisible(lower) {
            continue;
        }
        normalised.push(match lower {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
            '\u{2010}' | '\u{2011}' => '-',
            '\u{06A9}' => '\u{0643}',
            '\u{06CC}' | '\u{0649}' => '\u{064A}',
            '\u{06C0}' | '\u{0629}' => '\u{0647}',
            '\u{0623}' | '\u{0625}' | '\u{0622}' => '\u{0627}',
            other => other,
        });
    }
}

/// What a character is as plain text.
enum PlainForm {
    Same,
    Letter(char),
    Letters(&'static str),
}

/// The plain letter or digit behind a look-alike form: the compatibility forms NFKC folds that a
/// writer can use to dress up a word, computed from their blocks' layout rather than carried as
/// Unicode's tables (the policy runs in the app, whose first load counts).
fn plain_form(character: char) -> PlainForm {
    let code = character as u32;
    let offset = |start: u32, base: char| {
        char::from_u32(base as u32 + (code - start)).map_or(PlainForm::Same, PlainForm::Letter)
    };
    match code {
        // Fullwidth ASCII.
        0xFF01..=0xFF5E => offset(0xFF01, '!'),
        0x3000 => PlainForm::Letter(' '),
        // Mathematical letters: 13 alphabets of A–Z then a–z (holes are never used).
        0x1D400..=0x1D6A3 => {
            let index = (code - 0x1D400) % 52;
            let base = if index < 26 { 'A' } else { 'a' };
            char::from_u32(base as u32 + index % 26).map_or(PlainForm::Same, PlainForm::Letter)
        }
        // Mathematical digits: five styles of 0–9.
        0x1D7CE..=0x1D7FF => {
            char::from_u32('0' as u32 + (code - 0x1D7CE) % 10).map_or(PlainForm::Same, PlainForm::Letter)
        }
        // Parenthesized, circled and negative or squared letters.
        0x249C..=0x24B5 => offset(0x249C, 'a'),
        0x24B6..=0x24CF => offset(0x24B6, 'A'),
        0x24D0..=0x24E9 => offset(0x24D0, 'a'),
        0x1F110..=0x1F129 => offset(0x1F110, 'A'),
        0x1F130..=0x1F149 => offset(0x1F130, 'A'),
        0x1F150..=0x1F169 => offset(0x1F150, 'A'),
        0x1F170..=0x1F189 => offset(0x1F170, 'A'),
        // Latin ligatures.
        0xFB00 => PlainForm::Letters("ff"),
        0xFB01 => PlainForm::Letters("fi"),
        0xFB02 => PlainForm::Letters("fl"),
        0xFB03 => PlainForm::Letters("ffi"),
        0xFB04 => PlainForm::Letters("ffl"),
        0xFB05 | 0xFB06 => PlainForm::Letters("st"),
        _ => PlainForm::Same,
    }
}

/// Characters dropped inside a word: they change how it looks or not at all, never what it says.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{0640}'
            | '\u{0307}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

fn is_separator(character: char) -> bool {
    character.is_whitespace()
        || character.is_control()
        || (character.is_ascii_punctuation() && character != '\'' && character != '-')
        || matches!(
            character,
            '\u{060C}'
                | '\u{061B}'
                | '\u{061F}'
                | '\u{06D4}'
                | '\u{066C}'
                | '\u{00AB}'
                | '\u{00BB}'
                | '\u{201C}'
                | '\u{201D}'
                | '\u{201E}'
                | '\u{2014}'
                | '\u{2013}'
                | '\u{2026}'
                | '\u{00B7}'
                | '\u{2022}'
                | '\u{3001}'
                | '\u{3002}'
                | '\u{FF0C}'
                | '\u{00BF}'
                | '\u{00A1}'
        )
}

/// The words of `text`, normalised, with surrounding `'`/`-` and a possessive `'s` trimmed. A word written in camel case is read as the words it joins (`PashtoLanguagePage` → `Pashto
/// Language Page`, `HTMLPage` → `HTML Page`), so a trait cannot hide inside one.
pub fn words(text: &str) -> Vec<String> {
    normalise(&split_camel_case(text))
        .split(is_separator)
        .map(|word| word.trim_matches(|c| c == '\'' || c == '-'))
        // A possessive is the word it is of (`Uzbekistan's` in `the Islamic Movement of
        // Uzbekistan's claim`, a group's name).
        .map(|word| match word.strip_suffix("'s") {
            Some(stem) if stem.chars().count() >= 2 => stem,
            _ => word,
        })
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// A space before each capital that starts a new word inside a word: after a lowercase letter
/// (`languagePage`), or after a capital when a lowercase letter follows (`HTMLPage`).
fn split_camel_case(text: &str) -> std::borrow::Cow<'_, str> {
    // A boundary falls before `here` given the characters around it.
    let boundary = |before: char, here: char, next: Option<char>| {
        here.is_uppercase()
            && (before.is_lowercase() || (before.is_uppercase() && next.is_some_and(char::is_lowercase)))
    };
    let has_boundary = || {
        let mut characters = text.chars().peekable();
        let mut before = characters.next();
        while let Some(here) = characters.next() {
            if before.is_some_and(|before| boundary(before, here, characters.peek().copied())) {
                return true;
            }
            before = Some(here);
        }
        false
    };
    if text.is_ascii() && !text.bytes().any(|byte| byte.is_ascii_uppercase()) || !has_boundary() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut split = String::with_capacity(text.len() + 8);
    for (index, token) in text.split(' ').enumerate() {
        if index > 0 {
            split.push(' ');
        }
        let start = split.len();
        let mut before = None;
        let mut characters = token.chars().peekable();
        while let Some(here) = characters.next() {
            if before.is_some_and(|before| boundary(before, here, characters.peek().copied())) {
                split.push(' ');
            }
            split.push(here);
            before = Some(here);
        }
        // Random case (`cHeChEnS`) is one word, not words of a letter or two each.
        let short = |piece: &&str| piece.chars().filter(|c| c.is_alphabetic()).count() <= 2;
        if split[start..].split(' ').filter(short).count() >= 2 {
            split.truncate(start);
            split.push_str(token);
        }
    }
    std::borrow::Cow::Owned(split)
}

fn is_arabic_letter(character: char) -> bool {
    matches!(character, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

/// Arabic-script clitic prefixes (conjunctions, prepositions, the article), longest first.
const ARABIC_PREFIXES: [&str; 12] = ["وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"];

/// A word that mixes letters and digits read with the digits as the letters they stand in for
/// (`kurd1sh` → `kurdish`, `mu5lim` → `muslim`), so a trait cannot hide behind a digit.
fn unleet(word: &str) -> Option<String> {
    let has_letter = word.chars().any(char::is_alphabetic);
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    (has_letter && has_digit).then(|| {
        word.chars()
            .map(|c| match c {
                '0' => 'o',
                '1' => 'i',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '7' => 't',
                '8' => 'b',
                other => other,
            })
            .collect()
    })
}

/// A word that mixes Latin letters with look-alikes from another script (Cyrillic `а`, Greek `ο`)
/// read with each look-alike as the Latin letter it imitates (`Аrаbic` → `arabic`), so a trait
/// cannot hide behind a homoglyph.
fn unconfuse(word: &str) -> Option<String> {
    let latin = word.chars().any(|c| c.is_ascii_alphabetic());
    let other = word.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    if !(latin && other) {
        return None;
    }
    let folded: String = word
        .chars()
        .map(|c| {
            if c.is_ascii() || !c.is_alphabetic() {
                return c;
            }
            latin_look_alike(c).unwrap_or(c)
        })
        .collect();
    (folded != word).then_some(folded)
}

/// The Latin letter a lowercase Cyrillic, Greek or Armenian letter passes for (its capital's look
/// counts too: `в` for `В`/B, `н` for `Н`/H).
fn latin_look_alike(character: char) -> Option<char> {
    Some(match character {
        'а' | 'α' => 'a',
        'в' | 'β' | 'ь' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' | 'ё' => 'e',
        'һ' | 'н' | 'η' | 'հ' => 'h',
        'і' | 'ι' | 'ӏ' | 'ї' => 'i',
        'ј' | 'ϳ' => 'j',
        'к' | 'κ' => 'k',
        'м' | 'μ' => 'm',
        'п' | 'ո' => 'n',
        'о' | 'ο' | 'օ' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'г' => 'r',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'ս' | 'υ' => 'u',
        'ν' | 'ѵ' => 'v',
        'ԝ' | 'ѡ' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'ү' | 'γ' => 'y',
        'ζ' => 'z',
        _ => return None,
    })
}

fn lookup(word: &str) -> Option<Entry> {
    if let Some(entry) = lookup_plain(word) {
        return Some(entry);
    }
    // Disguised spellings (look-alike letters, digits for letters) count only when they spell a
    // trait.
    let as_trait = |spelling: &str| match lookup_plain(spelling) {
        Some(entry @ Entry::Trait(_)) => Some(entry),
        _ => None,
    };
    let unconfused = unconfuse(word);
    if let Some(entry) = unconfused.as_deref().and_then(as_trait) {
        return Some(entry);
    }
    if let Some(entry) = unleet(unconfused.as_deref().unwrap_or(word)).and_then(|plain| as_trait(&plain)) {
        return Some(entry);
    }
    // Accents and marks on Latin letters (`Kürds`, `Pashtūns`), and marks or symbols inside a
    // word (`Chech'ens`, `Che-chens`, `Chech🙂ens`).
    let plain = unaccent(word);
    if plain.as_ref() != word {
        if let Some(entry) = as_trait(&plain) {
            return Some(entry);
        }
    }
    near_trait(&plain).map(Entry::Trait)
}

/// `word` with accents and marks taken off its Latin letters and anything but letters and digits
/// left out (borrowed as it is when there is nothing to take off: most words).
fn unaccent(word: &str) -> std::borrow::Cow<'_, str> {
    if word.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return std::borrow::Cow::Borrowed(word);
    }
    const FOLDS: [(&str, char); 19] = [
        ("àáâãäåāăą", 'a'),
        ("çćĉċč", 'c'),
        ("ďđ", 'd'),
        ("èéêëēĕėęě", 'e'),
        ("ĝğġģ", 'g'),
        ("ĥħ", 'h'),
        ("ìíîïĩīĭįı", 'i'),
        ("ĵ", 'j'),
        ("ķ", 'k'),
        ("ĺļľŀł", 'l'),
        ("ñńņňŉ", 'n'),
        ("òóôõöøōŏő", 'o'),
        ("ŕŗř", 'r'),
        ("śŝşš", 's'),
        ("ţťŧ", 't'),
        ("ùúûüũūŭůűų", 'u'),
        ("ŵ", 'w'),
        ("ýÿŷ", 'y'),
        ("źżž", 'z'),
    ];
    word.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                return Some(c);
            }
            if let Some((_, plain)) = FOLDS.iter().find(|(forms, _)| forms.contains(c)) {
                return Some(*plain);
            }
            c.is_alphanumeric().then_some(c)
        })
        .collect::<String>()
        .into()
}

/// Han characters (Chinese, and the kanji of Japanese), written without spaces between words.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// A word of Han characters read as the listed words inside it, longest first from each position;
/// the characters between them are one content word each run (`这个网站是阿拉伯语的` → `这个网站是`
/// content, `阿拉伯语` language, `的` content).
fn cjk_parts(word: &str) -> Vec<(String, WordClass)> {
    let lexicon = lexicon();
    let characters: Vec<char> = word.chars().collect();
    let mut parts = Vec::new();
    let mut unlisted = String::new();
    let mut at = 0;
    while at < characters.len() {
        let longest = lexicon.longest_cjk.min(characters.len() - at);
        let found = (2..=longest).rev().find_map(|length| {
            let piece: String = characters[at..at + length].iter().collect();
            lexicon.cjk.get(&piece).map(|entry| (piece, length, *entry))
        });
        match found {
            Some((piece, length, entry)) => {
                if !unlisted.is_empty() {
                    parts.push((std::mem::take(&mut unlisted), WordClass::Content));
                }
                parts.push((piece, class_of(entry)));
                at += length;
            }
            None => {
                unlisted.push(characters[at]);
                at += 1;
            }
        }
    }
    if !unlisted.is_empty() {
        parts.push((unlisted, WordClass::Content));
    }
    parts
}

/// The fewest letters a word (and a listed trait word) has for a slip of one letter to be read as
/// that trait: shorter words are too often other words one letter away (`finish`, `germane`).
const NEAR_LETTERS: usize = 7;

/// Each spelling of `word` with one letter left out.
fn one_left_out(word: &str) -> Vec<String> {
    let characters: Vec<char> = word.chars().collect();
    (0..characters.len())
        .map(|skip| characters.iter().enumerate().filter(|(index, _)| *index != skip).map(|(_, c)| *c).collect())
        .collect()
}

/// The trait a Latin word of `NEAR_LETTERS` letters or more spells with one letter wrong, missing,
/// extra or two swapped (`Chechans`, `Pastuns`, `Cyrilic`, `Uyghers`).
fn near_trait(word: &str) -> Option<Trait> {
    if word.chars().count() < NEAR_LETTERS || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let near = &lexicon().near;
    let within_one = |listed: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (word.chars().collect(), listed.chars().collect());
        if a.len() != b.len() {
            return true; // one left out of the longer is the shorter: one extra or missing letter
        }
        let differ: Vec<usize> = (0..a.len()).filter(|&index| a[index] != b[index]).collect();
        match differ.as_slice() {
            [_] => true,
            [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
            _ => false,
        }
    };
    one_left_out(word)
        .iter()
        .chain([word.to_string()].iter())
        .filter_map(|spelling| near.get(spelling))
        .flatten()
        .find(|(listed, _)| listed != word && within_one(listed))
        .map(|(_, trait_)| *trait_)
}

/// Endings of words for the speakers of a language (`francophone`, `kurdophone`, `arabófono`).
const SPEAKER_ENDINGS: [&str; 13] = [
    "ophone", "ophones", "ophonie", "ofono", "ofona", "ofoni", "ofone", "ofonos", "ofonas", "ófono", "ófona", "ófonos",
    "ófonas",
];

/// Words with a speaker ending that name instruments and devices, not speakers.
const NOT_SPEAKERS: [&str; 18] = [
    "micr", "sax", "saxof", "xyl", "xil", "sass", "hom", "om", "gram", "gramm", "chord", "idi", "aer", "membran",
    "cit", "radi", "vide", "audi",
];

/// Whether `word` names the speakers of a language by its ending: a stem of three letters or more
/// before `-ophone`/`-ófono`… that is not an instrument or a device (`microphone`, `saxophone`).
fn is_speaker_word(word: &str) -> bool {
    SPEAKER_ENDINGS.iter().any(|ending| {
        word.strip_suffix(ending).is_some_and(|stem| {
            stem.chars().count() >= 3 && stem.chars().all(char::is_alphabetic) && !NOT_SPEAKERS.contains(&stem)
        })
    })
}

fn lookup_plain(word: &str) -> Option<Entry> {
    let lexicon = lexicon();
    if let Some(entry) = lexicon.words.get(word) {
        return Some(*entry);
    }
    if is_speaker_word(word) {
        return Some(Entry::Trait(Trait::Language));
    }
    if let Some(entry) = lexicon.stem_of(word) {
        return Some(entry);
    }
    if word.chars().next().is_some_and(is_arabic_letter) {
        for prefix in ARABIC_PREFIXES {
            if let Some(rest) = word.strip_prefix(prefix) {
                if rest.chars().count() >= 2 {
                    if let Some(entry) = lexicon.words.get(rest) {
                        return Some(*entry);
                    }
                    if let Some(entry) = lexicon.stem_of(rest) {
                        return Some(entry);
                    }
                }
            }
        }
    }
    None
}

fn class_of(entry: Entry) -> WordClass {
    match entry {
        Entry::Trait(trait_) => WordClass::Trait(trait_),
        Entry::Neutral => WordClass::Content,
        Entry::Filler => WordClass::Filler,
        Entry::Evidence => WordClass::Evidence,
    }
}

fn unlisted_class(word: &str) -> WordClass {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        WordClass::Ignorable
    } else {
        WordClass::Content
    }
}

/// Classifies one word as returned by [`words`], part by part. A compound that is not listed whole
/// is read part by part: hyphenated or with an apostrophe (`kurdish-run`, `l'arabe`,
/// `chechnya-based`), or run together from listed words (`arabicsite`, `pashtolanguage`).
pub fn classify(word: &str) -> Vec<(String, WordClass)> {
    if let Some(entry) = lookup(word) {
        return vec![(word.to_string(), class_of(entry))];
    }
    if word.chars().any(is_han) {
        return cjk_parts(word);
    }
    if !word.contains(['-', '\'']) {
        return run_together(word).unwrap_or_else(|| vec![(word.to_string(), unlisted_class(word))]);
    }
    let parts: Vec<&str> = word.split(['-', '\'']).collect();
    // Spelled letter by letter: `a-r-a-b-i-c`.
    if parts.len() >= 3 && parts.iter().all(|part| part.chars().count() == 1) {
        let joined = parts.concat();
        if let Some(Entry::Trait(trait_)) = lookup(&joined) {
            return vec![(joined, WordClass::Trait(trait_))];
        }
    }
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .flat_map(|(index, part)| {
            // Suffixes such as `-speaking`, `-language` are listed with their hyphen.
            let hyphenated = if index > 0 { lookup(&format!("-{part}")) } else { None };
            match hyphenated.or_else(|| lookup(part)) {
                Some(entry) => vec![(part.to_string(), class_of(entry))],
                None => run_together(part).unwrap_or_else(|| vec![(part.to_string(), unlisted_class(part))]),
            }
        })
        .collect()
}

/// The shortest part of a run-together word, and the longest word read that way.
const RUN_TOGETHER_PART: usize = 3;
const RUN_TOGETHER_LONGEST: usize = 48;

/// A Latin-script word made of listed words written together, at least one of them a trait
/// (`arabicsite` → `arabic` `site`, `kurdishrun`, `pashtolanguagepage`): its parts, the fewest
/// that cover it, each at least three letters. Ordinary words that only contain a trait
/// (`polishing`, `germanium`, `arabica`) are not made of listed words and are left whole.
fn run_together(word: &str) -> Option<Vec<(String, WordClass)>> {
    let offsets: Vec<usize> = word.char_indices().map(|(offset, _)| offset).chain([word.len()]).collect();
    let count = offsets.len() - 1;
    let latin = |c: char| c.is_alphabetic() && (c as u32) < 0x0250;
    if !(2 * RUN_TOGETHER_PART..=RUN_TOGETHER_LONGEST).contains(&count) || !word.chars().all(latin) {
        return None;
    }
    let lexicon = lexicon();
    let listed = |start: usize, end: usize| {
        let piece = &word[offsets[start]..offsets[end]];
        // A listed suffix (`-speaking`) joins a word before it.
        lexicon.words.get(piece).or_else(|| (start > 0).then(|| lexicon.suffixes.get(piece)).flatten()).copied()
    };
    // fewest[end]: the fewest listed parts that cover the first `end` characters, and where the
    // last of them starts.
    let mut fewest: Vec<Option<(usize, usize)>> = vec![None; count + 1];
    fewest[0] = Some((0, 0));
    for end in RUN_TOGETHER_PART..=count {
        for start in end.saturating_sub(lexicon.longest_word)..=end - RUN_TOGETHER_PART {
            let Some((parts, _)) = fewest[start] else { continue };
            if fewest[end].is_some_and(|(best, _)| best <= parts + 1) || listed(start, end).is_none() {
                continue;
            }
            fewest[end] = Some((parts + 1, start));
        }
    }
    let mut parts = Vec::new();
    let mut end = count;
    while end > 0 {
        let (_, start) = fewest[end]?;
        let entry = listed(start, end)?;
        parts.push((word[offsets[start]..offsets[end]].to_string(), class_of(entry)));
        end = start;
    }
    parts.reverse();
    (parts.len() > 1 && parts.iter().any(|(_, class)| matches!(class, WordClass::Trait(_)))).then_some(parts)
}

/// One sentence of a free text, as the policy reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    /// The trait words and phrases it names, as written (normalised), with their trait.
    pub traits: Vec<(String, Trait)>,
    /// Whether it points at the cited evidence.
    pub points_at_evidence: bool,
    /// The content words it has (traits, evidence pointers and filler removed).
    pub content: Vec<String>,
    /// Whether it is a clause given as the reason for another ("run by Pashtuns" in "run by
    /// Pashtuns, so quote 1 must be recruitment").
    pub reason: bool,
    /// Whether the sentence it is part of speaks of translating or interpreting (then a language
    /// given as a reason is a way of working, and a reason asking for it says what is needed).
    pub about_translating: bool,
    /// Whether it is a question, or answers one ("Who runs it? Chechens."), or is listed under a
    /// heading that gives grounds ("Grounds:", "Why supported:"): a trait there is given as the
    /// reason however many words surround it.
    pub asked: bool,
}

impl Sentence {
    pub fn names_trait(&self) -> bool {
        !self.traits.is_empty()
    }

    /// Whether the sentence says something on its own: it points at evidence and has a content
    /// word, or it names no trait and has two content words. (Two content words beside a trait
    /// even with a pointer was tried: it refused "Quote 1 threatens Yazidis", where the trait is
    /// the target; words that only say a passage has or names something are filler instead.)
    pub fn counts(&self) -> bool {
        (self.points_at_evidence && !self.content.is_empty()) || (!self.names_trait() && self.content.len() >= 2)
    }

    /// The lenient reading (`not_supported`, `inconclusive`, `unreviewable`): traits never count,
    /// but a sentence with a content word besides them says something ("Kurdish news site").
    pub fn counts_leniently(&self) -> bool {
        !self.content.is_empty()
    }
}

/// Whether a byte offset of `text` ends a sentence: `.`, `!`, `?`, `;` followed by whitespace or
/// the end; line breaks; and the Arabic, Urdu and CJK sentence marks.
fn sentence_texts(text: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut characters = text.char_indices().peekable();
    while let Some((index, character)) = characters.next() {
        let next = characters.peek().map(|(_, next)| *next);
        let ends = match character {
            '.' | '!' | '?' | ';' => next.is_none_or(char::is_whitespace),
            '\n' | '\r' | '\u{061F}' | '\u{061B}' | '\u{06D4}' | '\u{3002}' | '\u{FF01}' | '\u{FF1F}' => true,
            // Hashtags that end a text are read on their own (`… #TypicalPashtun`).
            _ if character.is_whitespace()
                && next == Some('#')
                && text[index..].split_whitespace().all(|word| word.starts_with('#')) =>
            {
                true
            }
            _ => false,
        };
        if ends {
            let end = index + character.len_utf8();
            sentences.push(&text[start..end]);
            start = end;
        }
    }
    sentences.push(&text[start..]);
    sentences.into_iter().filter(|sentence| sentence.chars().any(char::is_alphanumeric)).collect()
}

/// `[1]`, `[2, 3]`: a bracketed reference to a citation.
fn has_bracket_reference(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find(']') {
            let inside = &after[..close];
            if inside.chars().any(|c| c.is_ascii_digit())
                && inside.chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' ' || c == '-')
            {
                return true;
            }
            rest = &after[close..];
        } else {
            break;
        }
    }
    false
}

/// Evidence words with an everyday sense ("the Kurdistan region", "the capture"): they point at a
/// citation only when a number follows.
const WEAK_POINTERS: [&str; 12] = [
    "region", "regions", "capture", "captures", "captured", "line", "lines", "image", "photo", "item", "figure", "page",
];

/// ISO 639-1 codes (then 639-3 codes of languages without one, and 639-3 codes that are also
/// words: `pus`, `che`, `som`…) read as a language only where they cannot be an ordinary word: in
/// a tag (`ar-SA`, `fa-IR`, `ku-Latn`) or after a word that introduces one (`lang=ar`,
/// `Language: ps`, `hreflang="ur"`). Two-letter codes that are English words (`am`, `as`, `be`,
/// `he`, `hi`, `id`, `is`, `it`, `my`, `no`, `or`, `so`: "the language it uses", "hi-fi") are left
/// out. Three-letter codes that are no word (`ara`, `ckb`) are listed in `traits.tsv` and read
/// anywhere.
const LANGUAGE_CODES: &str =
    "af ar az ba bg bn bo bs ca ce cs cv cy da de dv el en eo es et eu fa fi fr ga gl gu ha hr hu hy ig \
     ja jv ka kk km kn ko ku ky la lb lo lt lv mk ml mn mr ms mt nb ne nl os pa pl ps pt ro ru sd si sk \
     sl sn sq sr sv sw ta te tg th ti tk tl tr tt ug uk ur uz vi yi yo zh zu ckb kmr sdh prs pbt pus che \
     som div tir snd";

/// Words after which a language code is read as one.
const LANGUAGE_CODE_KEYS: &str = "lang language languages hreflang locale code iso bcp tag";

/// Whether `word` is one of the space-separated words of `list` (lists of codes are kept as one
/// string: an array of `&str` costs the app two words a code).
fn listed_in(list: &str, word: &str) -> bool {
    list.split(' ').any(|listed| listed == word)
}

/// Whether `words[index]` is a language code (see [`LANGUAGE_CODES`]).
fn is_language_code(words: &[String], index: usize) -> bool {
    let word = words[index].as_str();
    // Cheap shape checks first: this runs on every word. (`_` separates words, so a tag written
    // `ku_Latn` arrives as two words.)
    let code_like = |code: &str| (2..=3).contains(&code.len()) && code.bytes().all(|byte| byte.is_ascii_lowercase());
    if word.len() > 8 {
        return false;
    }
    if let Some((code, subtag)) = word.split_once('-') {
        let subtag_shape = (subtag.len() == 2 || subtag.len() == 4) && subtag.bytes().all(|b| b.is_ascii_alphabetic())
            || subtag.len() == 3 && subtag.bytes().all(|b| b.is_ascii_digit());
        // `ha-ha`, `ta-da` are words, not tags.
        return code_like(code) && subtag_shape && subtag != code && listed_in(LANGUAGE_CODES, code);
    }
    code_like(word)
        && (index > 0 && listed_in(LANGUAGE_CODE_KEYS, &words[index - 1])
            // `ku_Latn`, `ar Arab`.
            || words.get(index + 1).is_some_and(|next| listed_in(SCRIPT_SUBTAGS, next)))
        && listed_in(LANGUAGE_CODES, word)
}

/// ISO 15924 script subtags that follow a language code in a tag.
const SCRIPT_SUBTAGS: &str = "arab latn cyrl hebr thaa syrc deva hans hant grek armn geor ethi mong";

/// Country-code top-level domains (ISO 3166-1 alpha-2, with `uk`, `eu` and `su`), less the
/// ones sold as generic names (`co`, `io`, `tv`, `me`, `ai`, `fm`, `gg`, `to`, `ws`, `cc`, `la`,
/// `ag`, `am`, `nu`, `sh`).
const COUNTRY_DOMAINS: &str =
    "ad ae af al ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw by \
     bz ca cd cf cg ch ci ck cl cm cn cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu fi \
     fj fk fo fr ga gb gd ge gf gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in \
     iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz lb lc li lk lr ls lt lu lv ly ma mc md mf \
     mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nz om pa pe pf \
     pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg si sj sk sl sm sn so sr ss st \
     su sv sx sy sz tc td tf tg th tj tk tl tm tn tr tt tw tz ua ug uk um us uy uz va vc ve vg vi vn vu \
     wf ye yt za zm zw";

/// A country's domain named on its own (`a .ir site`, `(.af)`): where a site is registered says
/// where its people may be, which is a region, not evidence. A domain inside a host name
/// (`news.example.af`) names the site and is left alone.
fn country_domains(text: &str) -> Vec<String> {
    let characters: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (index, character) in characters.iter().enumerate() {
        if *character != '.' {
            continue;
        }
        let opens = index == 0
            || characters[index - 1].is_whitespace()
            || "([\"'\u{201C}\u{00AB}".contains(characters[index - 1]);
        let letters: String = characters[index + 1..].iter().take(2).collect();
        let closes = characters.get(index + 3).is_none_or(|next| !next.is_alphanumeric() && *next != '-');
        if opens && closes && letters.chars().count() == 2 {
            let code = letters.to_lowercase();
            if listed_in(COUNTRY_DOMAINS, &code) {
                found.push(format!(".{code}"));
            }
        }
    }
    found
}

/// A trait spelled across words at the start of `words`: letter by letter (`A r a b i c`,
/// `A.r.a.b.i.c`) or cut in two (`Ara bic`, both halves unlisted). The trait as joined, and how
/// many words it takes.
fn split_trait(words: &[String]) -> Option<(String, Trait, usize)> {
    let single_letter = |word: &String| {
        let mut characters = word.chars();
        characters.next().is_some_and(char::is_alphabetic) && characters.next().is_none()
    };
    let letters = words.iter().take_while(|word| single_letter(word)).count();
    let as_trait = |joined: &str| match lexicon().words.get(joined) {
        Some(Entry::Trait(trait_)) => Some(*trait_),
        _ => None,
    };
    if letters >= 3 {
        let joined = words[..letters].concat();
        return as_trait(&joined).map(|trait_| (joined, trait_, letters));
    }
    let unlisted = |word: &String| word.chars().all(char::is_alphabetic) && lookup(word).is_none();
    let [first, second, ..] = words else { return None };
    let joined = format!("{first}{second}");
    let trait_ = as_trait(&joined)?;
    (unlisted(first) && unlisted(second)).then_some((joined, trait_, 2))
}

fn analyse_sentence(text: &str) -> Sentence {
    let mut sentence = Sentence { text: text.trim().to_string(), ..Sentence::default() };
    sentence.points_at_evidence = has_bracket_reference(text);
    if text.as_bytes().windows(2).any(|pair| pair[0] == b'.' && pair[1].is_ascii_alphabetic()) {
        sentence.traits.extend(country_domains(text).into_iter().map(|domain| (domain, Trait::Region)));
    }
    let words = words(text);
    let lexicon = lexicon();
    let numbered =
        |index: usize| words.get(index + 1).is_some_and(|next| next.chars().all(|c| c.is_ascii_digit() || c == '#'));
    let mut index = 0;
    while index < words.len() {
        // Phrases first, longest first.
        let mut matched = None;
        for length in (2..=lexicon.longest_phrase.min(words.len() - index)).rev() {
            let phrase = words[index..index + length].join(" ");
            if let Some(entry) = lexicon.phrases.get(&phrase) {
                matched = Some((phrase, *entry, length));
                break;
            }
        }
        let (items, advance): (Vec<(String, WordClass)>, usize) = match matched {
            Some((phrase, entry, length)) => (vec![(phrase, class_of(entry))], length),
            None if is_language_code(&words, index) => {
                (vec![(words[index].clone(), WordClass::Trait(Trait::Language))], 1)
            }
            None => match split_trait(&words[index..]) {
                Some((joined, trait_, length)) => (vec![(joined, WordClass::Trait(trait_))], length),
                None => (classify(&words[index]), 1),
            },
        };
        for (item, class) in items {
            match class {
                WordClass::Trait(trait_) => sentence.traits.push((item, trait_)),
                // Words that point at evidence only with a number ("region 2", "capture 1");
                // otherwise they are plain words ("no capture", "the Kurdistan region").
                WordClass::Evidence if WEAK_POINTERS.contains(&item.as_str()) && !numbered(index) => {
                    sentence.content.push(item)
                }
                WordClass::Evidence => sentence.points_at_evidence = true,
                WordClass::Content => sentence.content.push(item),
                WordClass::Filler | WordClass::Ignorable => {}
            }
        }
        index += advance;
    }
    // Beside a faith's words, words that only honour, recite or greet say nothing more: "quote 1
    // praises Allah", "quote 1 wishes readers a blessed Eid", "quote 1 quotes Quran verses". (Not
    // "prayer": "Prayer times for the mosque" is a timetable.)
    // When they are all it says besides ("praises the killing of Christians" says more).
    if sentence.traits.iter().any(|(_, trait_)| *trait_ == Trait::Religion)
        && sentence.content.iter().all(|word| DEVOTIONAL.contains(&word.as_str()))
    {
        sentence.content.clear();
    }
    sentence
}

/// Words that, beside a faith's words, only say that a passage honours, recites or greets.
const DEVOTIONAL: [&str; 18] = [
    "praises",
    "praise",
    "praised",
    "praising",
    "verse",
    "verses",
    "recites",
    "recite",
    "recited",
    "quotes",
    "quoting",
    "ends",
    "ending",
    "greets",
    "greeting",
    "greetings",
    "readers",
    "length",
];

/// The sentences of a free text, analysed; a sentence that gives a reason is read as its clauses
/// (`clauses`), so that the reason stands or falls on its own. A clause given as the reason
/// (`Sentence::reason`) is marked, unless the sentence speaks of translating: "the page is in
/// Pashto, so I relied on the translation" gives the language as the reason for a way of working.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut analysed: Vec<Sentence> = Vec::new();
    let mut after_question = false;
    // Whether the sentence before asked about the evidence: the answer ("Who does quote 1
    // target? Ahmadis, whom it calls traitors.") points at it too.
    let mut previous_asked_of_evidence = false;
    let mut under_grounds = false;
    let mut previous_start = 0;
    for sentence in sentence_texts(text) {
        // Lowercased once: its offsets are the sentence's, so each clause's lowercase is a slice.
        let lower = lowercase_in_place(sentence);
        let about_translating = lower
            .split(|c: char| !c.is_alphanumeric())
            .map(|token| token.strip_prefix("ال").unwrap_or(token))
            .any(|token| TRANSLATING.iter().any(|stem| token.starts_with(stem)));
        // A question, and the sentence that answers it, give a reason ("Who runs it? Chechens.",
        // "What do you expect from Somali admins?").
        let question = lower.trim_end().ends_with(['?', '\u{061F}', '\u{FF1F}']);
        let asked = std::mem::take(&mut after_question) || question || under_grounds;
        under_grounds |= is_grounds_heading(&lower);
        // "For this reason …", "That's why …": the sentence before is the reason.
        let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
        if PREVIOUS_AS_REASON.iter().any(|words| opening.starts_with(words)) && !about_translating {
            for earlier in &mut analysed[previous_start..] {
                earlier.reason = true;
            }
        }
        previous_start = analysed.len();
        let start = analysed.len();
        for (range, reason) in clauses(&lower) {
            let (clause, lower_clause) = (&sentence[range.clone()], &lower[range]);
            if let Some((head, tail)) = trait_as_explanation(clause, lower_clause).filter(|_| !about_translating) {
                // The part given as the reason comes back marked (the head or the tail).
                analysed.push(Sentence { reason: reason || head.reason, ..head });
                analysed.push(tail);
                continue;
            }
            let mut read = analyse_sentence(clause);
            // A trait with a generalising word is an explanation wherever it stands ("… ; typical
            // for Kurds."): the reason rule (`read`) weighs it when it says nothing else.
            // A hashtag's words run together (`#TypicalPashtun`): read them apart.
            let generalising =
                generalises(lower_clause) || clause.contains('#') && generalises(&words(clause).join(" "));
            read.reason = (reason || asked || generalising) && !about_translating;
            read.about_translating = about_translating;
            read.asked = asked && !about_translating;
            analysed.push(read);
        }
        // A question that asks about a people or who runs the site, and points at no evidence,
        // is answered by a reason ("Who runs it? Chechens."); one about a passage is answered by
        // what the passage says ("Who does quote 1 target? Ahmadis, …").
        // (Not a sentence that only goes on with "It …" after a pointer: "Quote 1 is in Arabic. It
        // calls readers to join …" is refused by design, docs/POLICY.md.)
        if std::mem::take(&mut previous_asked_of_evidence) {
            for part in &mut analysed[start..] {
                part.points_at_evidence = true;
            }
        }
        let parts = &analysed[start..];
        let points = parts.iter().any(|part| part.points_at_evidence);
        after_question = question
            && !points
            && (parts.iter().any(Sentence::names_trait) || about_site_people(sentence, false) || generalises(&lower));
        previous_asked_of_evidence = question && points;
    }
    analysed
}

/// Openings of a sentence that take the sentence before as its reason.
const PREVIOUS_AS_REASON: [&str; 14] = [
    "for this reason",
    "for that reason",
    "that's why",
    "that is why",
    "this is why",
    "which is why",
    "therefore",
    "hence",
    "thus",
    "so ",
    "enough said",
    "need i say more",
    "that explains",
    "this explains",
];

/// Whether a sentence is a heading that gives grounds ("Grounds:", "**Why supported:**",
/// "Reasons:"): what follows it is the reason.
fn is_grounds_heading(lower: &str) -> bool {
    // The colon first: this runs on every sentence, and most have none at their end.
    lower.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_').ends_with(':') && {
        let words = tokens(lower);
        words.len() <= 4 && words.iter().any(|word| GROUNDS.contains(word))
    }
}

/// Words that head the grounds of a verdict ("Grounds:", "Why supported:", "Reason: …").
const GROUNDS: [&str; 6] = ["grounds", "reasons", "reason", "why", "basis", "because"];

/// Word stems of translating, in the languages the table reads (`translation`, `traduction`,
/// `Übersetzung`, `перевод`, `ترجمة`, `çeviri`, `terjemahan`, `tłumaczenie`, `vertaling`).
const TRANSLATING: [&str; 11] =
    ["translat", "interpret", "tradu", "übersetz", "перев", "ترجم", "tercüm", "çevir", "terjemah", "tłumacz", "vertal"];

/// Words that present a people or a language as what explains a page: "typical for Kurds",
/// "like every Pashtun site", "unsurprising for a Pashto page".
const GENERALISING: [&str; 23] = [
    "typical",
    "typically",
    "usual",
    "usually",
    "unsurprising",
    "unsurprisingly",
    "expected",
    "predictable",
    "predictably",
    "notorious",
    "always",
    "every",
    "stereotypical",
    "characteristic",
    "why",
    "anyway",
    "surprised",
    "surprising",
    "never",
    "everything",
    "everyone",
    "anyone",
    "nothing",
];

/// Whether `word` is a whole word of `text` (lowercase).
fn is_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|part| part == word)
}

/// Whether a lowercase text has a generalising word.
fn generalises(text: &str) -> bool {
    // Split once: this runs on every clause of every verdict the gate judges.
    let tokens = tokens(text);
    tokens.iter().any(|token| GENERALISING.contains(token))
        || GENERALISING_PHRASES.iter().any(|phrase| {
            let first = phrase.split(' ').next().unwrap_or(phrase);
            (tokens.contains(&first) || !first.chars().all(char::is_alphanumeric))
                && text.match_indices(phrase).any(|(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + phrase.len()..].chars().next();
                    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
                })
        })
}

/// Stock phrases that present a people as what explains a page ("Classic Hazara forum.", "Par for
/// the course with Chechen admins.", "No surprise there, the owners are Kurdish.").
const GENERALISING_PHRASES: [&str; 64] = [
    "classic",
    "par for the course",
    "same old",
    "no surprise",
    "not surprising",
    "no wonder",
    "of course",
    "after all",
    "enough said",
    "need i say more",
    "what do you expect",
    "what else",
    "tells you",
    "says it all",
    "coincidence",
    "as always",
    "as usual",
    "go figure",
    "what can you do",
    "look who",
    "you do the math",
    "why bother",
    "like all",
    "like other",
    "like the other",
    "like any",
    "in line with",
    "which fits",
    "as expected",
    "what would you expect",
    "knowing",
    "just as",
    "as on other",
    "same as the other",
    "similar to most",
    "no different from",
    "as with all",
    "draw your own conclusions",
    "once you remember",
    "experience with",
    "familiar with",
    "everything we know",
    "as anyone",
    "don't do",
    "doesn't do",
    "do not do",
    "wouldn't",
    "would never",
    "comme tous",
    "comme toutes",
    "como todos",
    "como todas",
    "wie alle",
    "как и все",
    "как все",
    "typisch",
    "typique",
    "típico",
    "típica",
    "типичный",
    "типичная",
    "tipik",
    "كما هي كل",
    "كغيره من",
];

/// How a part of a clause after a comma opens when it explains rather than describes.
const EXPLAINING_OPENINGS: [&str; 9] =
    ["as ", "like ", "which is", "that is", "being ", "given ", "considering ", "of course", "what "];

/// A clause whose part after a comma, a colon or an explaining "as" is a trait and nothing else,
/// presented as the explanation: "quote 1 is recruitment, like every Pashtun site", "quote 1
/// recruits, unsurprising for a Pashto page", "quote 1 is recruitment: the admins are Chechen",
/// "quote 1 is recruitment as the admins are Chechen", "…, the admins being Chechen"; or whose
/// first part is ("typical Kurdish page, quote 1 recruits", "the admins being Chechen, …",
/// "Chechen admins = recruitment"). After a dash or a slash, and in brackets, a trait and nothing
/// else is the explanation when it speaks of the site's people or says what someone is ("… — the
/// admins are Chechen", "… (the admins are Chechen)", "… given who runs it (Chechens)"); one that
/// only names whom a passage concerns ("calls for attacks on a minority — the Yazidis") is left
/// alone. The two parts, analysed, when so. A trait after a comma that only describes ("…, in
/// Kurdish", "…, a Kurdish song") is left alone too.
fn trait_as_explanation(clause: &str, lower: &str) -> Option<(Sentence, Sentence)> {
    let only_a_trait = |part: &Sentence| part.names_trait() && !part.points_at_evidence && says_little(part);
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    for (index, character) in lower.char_indices() {
        let after = index + character.len_utf8();
        // A part that is a trait and at most one other word is short: longer parts are not tried,
        // which keeps a long text with many commas linear.
        let short_tail = lower.len() - after <= MAX_EXPLANATION_BYTES;
        let tail = lower[after..].trim_start();
        // A pictograph's variation selector (`➡️`) belongs to it.
        let after = if lower[after..].starts_with('\u{FE0F}') { after + '\u{FE0F}'.len_utf8() } else { after };
        let spaced = lower[..index].ends_with(char::is_whitespace) && lower[after..].starts_with(char::is_whitespace);
        let comma = matches!(character, ',' | '\u{060C}');
        // A symbol between two parts, used as "therefore" or "because" (`∴`, `⇒`, `➡️`, `|`, an
        // emoji, `--`, `>>`).
        // An arrow drawn with dashes (`-->`, `—>`, `‑>`, `==>`, `~>`), and a symbol repeated
        // (`>>`, `--`, `⟹⟹`, `:::`).
        let doubled = lower[..index].ends_with(char::is_whitespace)
            && (matches!(character, '-' | '>' | '~' | '=' | ':' | '\u{2010}'..='\u{2015}')
                && lower[after..].starts_with(['-', '>', '=', ':'])
                || is_joining_symbol(character) && lower[after..].starts_with(character));
        let symbol = spaced && is_joining_symbol(character) || doubled;
        // A dash or a slash between two parts separates them like a symbol ("Chechen admins /
        // quote 1 recruitment").
        let separator = symbol || spaced && matches!(character, '/' | '\u{2014}' | '\u{2013}' | '-');
        // The rest of a doubled symbol (`--`, `>>`, `~>`, `==>`) belongs to it.
        let after = if doubled {
            after + lower[after..].len() - lower[after..].trim_start_matches(['-', '>', '=', ':', character]).len()
        } else {
            after
        };
        // A symbol that says "therefore" (an arrow, `∴`) gives the first part as the reason;
        // one that only separates (`|`, `•`, a pictograph) does when that part says what someone is.
        let causal = doubled && lower[index..after].contains(['>', '\u{27F9}']) || is_causal_symbol(character);
        // The first part explains when it generalises ("typical Kurdish page, …"), gives a state
        // ("the admins being Chechen, …"), says who the site's people are ("the admins are
        // Chechen, also …", in any language's joining word, but not "…, and", "…, quote 1
        // however") or is equated with the rest ("Chechen admins = …", "Chechen admins ∴ …").
        // "The page is Arabic, quote 1 calls …" describes, as with a semicolon.
        let equated = spaced && matches!(character, '=' | '+');
        let first_cut = comma || separator || equated;
        if first_cut && index <= MAX_EXPLANATION_BYTES {
            let head_lower = &lower[..index];
            let rest = &lower[after..];
            let states_people = || {
                mentions_site_people(head_lower)
                    && !opens_with_conjunction(rest)
                    && !concedes(head_lower)
                    && !contrasts(rest)
            };
            // A dash, a slash or a separating symbol, like a comma, gives the reason only after the
            // site's people ("The page is in Somali — quote 1 gives …" describes); an arrow or `∴`
            // always does.
            let explains = if comma {
                generalises(head_lower) || is_word(head_lower, "being") || states_people()
            } else {
                equated || causal || states_people()
            };
            if explains && !is_only_a_pointer(&clause[..index]) {
                let head = analyse_sentence(&clause[..index]);
                if only_a_trait(&head) {
                    return Some((Sentence { reason: true, ..head }, analyse_sentence(&clause[after..])));
                }
            }
        }
        match character {
            ',' | '\u{060C}' if short_tail => {
                let explains = EXPLAINING_OPENINGS.iter().any(|opening| tail.starts_with(opening))
                    || generalises(tail)
                    || is_word(tail, "being")
                    || mentions_site_people(tail) && !opens_with_conjunction(tail);
                cuts.push((index, after, explains));
            }
            // After a pointer, or a pointer and the word that it says, a colon opens what the
            // passage says ("Quote 1: kill the Kurds.", "quote 1 reads: …").
            ':' if short_tail && lower[after..].starts_with(' ') => {
                let head = lower[..index].trim_end();
                let last_word = head.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
                // "Quote 1 names its targets: Yazidis." (but "… names a date: the admins are Kurds."
                // says what someone is).
                let speaks = SAYING.contains(&last_word)
                    || TARGETING.iter().any(|word| is_word(head, word)) && !asserts(&lower[after..]);
                // A one-word label ("Language: Tagalog.") names; "Reason: …", "Why: …" explain.
                let label =
                    !head.contains(' ') && !GROUNDS.contains(&head) && head != "premise" && !mentions_site_people(head);
                cuts.push((index, after, !speaks && !label && !is_only_a_pointer(&clause[..index])))
            }
            // "… recruitment like all Chechen forums", "… similar to most Tajik sites": a comparison
            // with a whole people's sites explains.
            ' ' if short_tail && COMPARING.iter().any(|opening| lower[after..].starts_with(opening)) => {
                let rest = &lower[after..];
                let opening = COMPARING.iter().find(|opening| rest.starts_with(*opening)).map_or(0, |o| o.len());
                let whole = tokens(&rest[opening..]).iter().any(|token| QUANTIFIERS.contains(token));
                if whole || generalises(rest) {
                    cuts.push((index, after + opening, true));
                }
            }
            ' ' if short_tail && lower[after..].starts_with("as ") => {
                let tail = &lower[after + 3..];
                let verb = ["is", "are", "was", "were", "runs", "run"].iter().any(|verb| is_word(tail, verb));
                cuts.push((index, after + 3, verb));
            }
            '\u{2014}' | '\u{2013}' | '-' | '/' if short_tail && spaced => cuts.push((index, after, asserts(tail))),
            _ if short_tail && symbol => cuts.push((index, after, asserts(tail))),
            '(' | '[' | '{' | '\u{00AB}' | '\u{201E}' | '\u{201C}' | '"' => {
                let closing = match character {
                    '(' => ')',
                    '[' => ']',
                    '{' => '}',
                    '\u{00AB}' => '\u{00BB}',
                    '\u{201E}' | '\u{201C}' => '\u{201D}',
                    _ => '"',
                };
                // Quotation marks may hold what a passage says ("Quote 1 says \"the Kurds are …\""):
                // there only words about the site's people give a reason.
                let quoting = !matches!(character, '(' | '[' | '{');
                let Some(close) = lower[after..].find(closing).map(|close| after + close) else { continue };
                if close - after > MAX_EXPLANATION_BYTES {
                    continue;
                }
                let inner = analyse_sentence(&clause[after..close]);
                let rest = format!("{} {}", &clause[..index], &clause[close + closing.len_utf8()..]);
                // "… given who runs it (Pashtuns)": the words right before the bracket.
                let before = &lower[lower[..index].char_indices().rev().nth(24).map_or(0, |(at, _)| at)..index];
                let inner_lower = &lower[after..close];
                let gives_reason = if quoting {
                    mentions_site_people(inner_lower)
                } else {
                    asserts(inner_lower) || mentions_site_people(before)
                };
                if only_a_trait(&inner) && gives_reason {
                    return Some((analyse_sentence(&rest), Sentence { reason: true, ..inner }));
                }
            }
            _ => {}
        }
    }
    for (start, end, explains) in cuts {
        if !explains || !clause[..start].chars().any(char::is_alphanumeric) {
            continue;
        }
        let tail = analyse_sentence(&clause[end..]);
        if only_a_trait(&tail) {
            return Some((analyse_sentence(&clause[..start]), Sentence { reason: true, ..tail }));
        }
    }
    None
}

/// Words after which a colon opens whom a passage concerns ("Quote 1 names its targets: Yazidis.",
/// a note "Targets: Shia.").
const TARGETING: [&str; 10] =
    ["names", "lists", "targets", "target", "threatens", "victims", "targeted", "community", "communities", "named"];

/// Whether a part says what someone is, or who runs the site: a copula (in the languages the
/// table reads) or a word about the site's people. A trait in such a part, with nothing else,
/// joined to the rest by any word, is given as what explains it.
fn asserts(part: &str) -> bool {
    let words = tokens(part);
    words.iter().any(|word| COPULAS.contains(word)) || speaks_of_site_people(&words, false)
}

/// The words of a lowercase part, split at anything but letters and digits, without normalising
/// them (cheaper than `words`, for the checks made at every comma of every text the gate reads).
fn tokens(lower: &str) -> Vec<&str> {
    lower.split(|c: char| !c.is_alphanumeric()).filter(|token| !token.is_empty()).collect()
}

/// `about_site_people` on a lowercase part, read by `tokens`.
fn mentions_site_people(lower: &str) -> bool {
    speaks_of_site_people(&tokens(lower), false)
}

/// "Is" and "are" in the languages the table reads (Russian, Arabic and Turkish use none).
const COPULAS: [&str; 36] = [
    "is",
    "are",
    "was",
    "were",
    "being",
    "ist",
    "sind",
    "war",
    "waren",
    "est",
    "sont",
    "était",
    "étaient",
    "es",
    "son",
    "está",
    "están",
    "era",
    "eran",
    "è",
    "sono",
    "é",
    "são",
    "zijn",
    "jest",
    "są",
    "adalah",
    "ni",
    "waa",
    "هستند",
    "است",
    "ہیں",
    "ہے",
    "है",
    "हैं",
    "это",
];

/// Whether a part opens with a word that joins it as more of the same, not as a reason ("…, and
/// quote 1 …", "…, mais …").
fn opens_with_conjunction(part: &str) -> bool {
    let first = part.split(|c: char| !c.is_alphanumeric()).find(|word| !word.is_empty()).unwrap_or_default();
    CONJUNCTIONS.contains(&first)
}

/// Whether a part opens by conceding ("Although the page is Arabic, what matters is quote 1 …"):
/// then it is set aside, not given as the reason.
fn concedes(part: &str) -> bool {
    let part = part.trim_start();
    CONCESSIVE
        .iter()
        .any(|word| part.strip_prefix(word).is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric())))
}

const CONCESSIVE: [&str; 22] = [
    "although",
    "though",
    "even though",
    "even if",
    "while",
    "whilst",
    "despite",
    "regardless",
    "granted",
    "admittedly",
    "aunque",
    "obwohl",
    "bien que",
    "même si",
    "хотя",
    "meskipun",
    "ingawa",
    "anche se",
    "embora",
    "hoewel",
    "chociaż",
    "rağmen",
];

const CONJUNCTIONS: [&str; 31] = [
    "and", "but", "while", "whereas", "where", "with", "though", "although", "yet", "or", "und", "aber", "et", "mais",
    "y", "pero", "e", "ma", "en", "maar", "i", "ale", "и", "но", "ve", "ama", "و", "dan", "tapi", "na", "iyo",
];

/// A symbol written between two parts: arrows and other mathematical symbols (`∴`, `≡`, `⊢`),
/// `|`, `»`, `•`, `…`, box and geometric shapes (`►`), other symbols (`☞`, `⚠`), dingbats (`➡`) and
/// pictographs (`👉`, `🤷`).
fn is_joining_symbol(character: char) -> bool {
    matches!(character, '|' | '»' | '•' | '…' | '~' | '‣' | '⁂' | '※' | '‡' | '†')
        || ('\u{2190}'..='\u{23FF}').contains(&character)
        || ('\u{2500}'..='\u{27FF}').contains(&character)
        || ('\u{2900}'..='\u{2BFF}').contains(&character)
        || ('\u{1F300}'..='\u{1FAFF}').contains(&character)
}

/// Whether a symbol says "therefore" or "because": arrows, `∴`, `∵`, `⊢`, `⟹`.
fn is_causal_symbol(character: char) -> bool {
    matches!(character, '∴' | '∵' | '⊢' | '☞' | '➡' | '➔' | '➜' | '➝' | '➞' | '👉')
        || ('\u{2190}'..='\u{21FF}').contains(&character)
        || ('\u{27F0}'..='\u{27FF}').contains(&character)
        || ('\u{2900}'..='\u{297F}').contains(&character)
}

/// Whether a part sets itself against what came before ("…, quote 1 however calls …"): then what
/// came before was not given as its reason.
fn contrasts(part: &str) -> bool {
    tokens(part).iter().any(|word| CONTRASTING.contains(word))
        || ["on the other hand", "what matters", "in itself"].iter().any(|phrase| part.contains(phrase))
}

const CONTRASTING: [&str; 9] =
    ["however", "nonetheless", "nevertheless", "still", "yet", "separately", "itself", "instead", "regardless"];

/// Words that open a comparison ("like all …", "similar to most …").
const COMPARING: [&str; 10] = [
    "like ",
    "similar to ",
    "no different from ",
    "as with ",
    "just as ",
    "same as ",
    "as on ",
    "par with ",
    "as in ",
    "unlike ",
];

/// Words that make a comparison one with a whole people's sites or posts.
const QUANTIFIERS: [&str; 10] =
    ["all", "any", "most", "every", "other", "others", "everything", "anything", "typical", "usual"];

/// Words after which a colon opens what a passage says.
const SAYING: [&str; 10] =
    ["says", "said", "reads", "writes", "states", "declares", "announces", "urges", "tells", "quote"];

/// Whether `text` is a pointer at evidence and nothing else ("Quote 1", "[2]").
fn is_only_a_pointer(text: &str) -> bool {
    let read = analyse_sentence(text);
    read.points_at_evidence && read.content.is_empty() && !read.names_trait()
}

/// The longest part of a clause (in bytes) that `trait_as_explanation` tries as the explanation.
const MAX_EXPLANATION_BYTES: usize = 240;

/// Words that join a reason to what it is said to prove: "run by Pashtuns, so quote 1 must be
/// recruitment", "quote 1 is propaganda because the admins are Chechen", in the languages the
/// trait table reads. Second: only after a comma or "and" (", so", "and since", where "so" alone
/// is also "so many", "so-called"); third: the reason comes before the word (else after it).
const CONNECTIVES: [(&str, bool, bool); 133] = [
    ("so", true, true),
    ("thus", true, true),
    ("hence", false, true),
    ("ergo", false, true),
    ("accordingly", false, true),
    ("due to", false, false),
    ("owing to", false, false),
    ("on account of", false, false),
    ("meaning", true, true),
    ("since", false, false),
    ("therefore", false, true),
    ("consequently", false, true),
    ("because", false, false),
    ("which means", false, true),
    ("that means", false, true),
    ("which shows", false, true),
    ("which proves", false, true),
    ("which explains", false, true),
    ("which rules out", false, true),
    ("proving", false, true),
    ("for", true, false),
    ("→", false, true),
    ("=>", false, true),
    ("->", false, true),
    ("given that", false, false),
    ("as a result", false, true),
    ("that is why", false, true),
    ("that's why", false, true),
    ("which is why", false, true),
    ("поэтому", false, true),
    ("значит", false, true),
    ("следовательно", false, true),
    ("потому что", false, false),
    ("так как", false, false),
    ("поскольку", false, false),
    ("donc", false, true),
    ("parce que", false, false),
    ("puisque", false, false),
    ("deshalb", false, true),
    ("daher", false, true),
    ("darum", false, true),
    ("weil", false, false),
    ("por lo tanto", false, true),
    ("por eso", false, true),
    ("así que", false, true),
    ("porque", false, false),
    ("ya que", false, false),
    ("bu yüzden", false, true),
    ("bu nedenle", false, true),
    ("dolayısıyla", false, true),
    ("çünkü", false, false),
    ("لذلك", false, true),
    ("لذا", false, true),
    ("إذن", false, true),
    ("لأن", false, false),
    ("بما أن", false, false),
    ("بنابراین", false, true),
    ("زیرا", false, false),
    ("quindi", false, true),
    ("perciò", false, true),
    ("perché", false, false),
    ("więc", false, true),
    ("dlatego", false, true),
    ("ponieważ", false, false),
    ("portanto", false, true),
    ("por isso", false, true),
    ("omdat", false, false),
    ("इसलिए", false, true),
    ("क्योंकि", false, false),
    ("اس لیے", false, true),
    ("کیونکہ", false, false),
    ("karena", false, false),
    ("sidaas darteed", false, true),
    ("所以", false, true),
    ("因此", false, true),
    ("因为", false, false),
    ("folglich", false, true),
    ("somit", false, true),
    ("deswegen", false, true),
    ("c'est pourquoi", false, true),
    ("par conséquent", false, true),
    ("por consiguiente", false, true),
    ("o yüzden", false, true),
    ("bu sebeple", false, true),
    ("olduğu için", false, true),
    ("так что", false, true),
    ("отсюда", false, true),
    ("ولهذا", false, true),
    ("لهذا", false, true),
    ("فبالتالي", false, true),
    ("إذًا", false, true),
    ("به همین دلیل", false, true),
    ("از این رو", false, true),
    ("اس لئے", false, true),
    ("لہذا", false, true),
    ("لہٰذا", false, true),
    ("oleh karena itu", false, true),
    ("sehingga", false, true),
    ("kwa hiyo", false, true),
    ("sidaa darteed", false, true),
    ("zatem", false, true),
    ("toteż", false, true),
    ("dunque", false, true),
    ("pertanto", false, true),
    ("daarom", false, true),
    ("अतः", false, true),
    ("于是", false, true),
    ("dado que", false, false),
    ("puesto que", false, false),
    ("vu que", false, false),
    ("étant donné que", false, false),
    ("ибо", false, false),
    ("بسبب", false, false),
    ("چونکہ", false, false),
    ("kwa sababu", false, false),
    ("sababtoo ah", false, false),
    ("maxaa yeelay", false, false),
    ("siccome", false, false),
    ("visto che", false, false),
    ("poiché", false, false),
    ("já que", false, false),
    ("visto que", false, false),
    ("aangezien", false, false),
    ("seeing as", false, false),
    ("seeing that", false, false),
    ("in light of", false, false),
    ("in view of", false, false),
    ("now that", false, false),
    ("what with", false, false),
    ("cuz", false, false),
    ("coz", false, false),
    ("'cause", false, false),
    ("b/c", false, false),
];

/// The part of a sentence just before `start`: back to the comma before it (past a comma that ends
/// right there: "the admins are Chechen, also …").
fn segment_before(lower: &str, start: usize) -> &str {
    let head = lower[..start].trim_end().trim_end_matches([',', '\u{060C}']).trim_end();
    let from =
        head.rfind([',', '\u{060C}']).map_or(0, |comma| comma + head[comma..].chars().next().map_or(1, char::len_utf8));
    &head[from..]
}

/// The part of a sentence just after `end`, up to the next comma.
fn segment_after(lower: &str, end: usize) -> &str {
    let rest = &lower[end..];
    &rest[..rest.find([',', '\u{060C}']).unwrap_or(rest.len())]
}

/// Whether a part is a trait said of someone and nothing else ("the admins are Chechen", "the
/// Chechen admins"): it names a trait, points at no evidence, has at most one content word and
/// says what someone is or speaks of the site's people.
fn is_bare_assertion(part: &str) -> bool {
    let read = analyse_sentence(part);
    read.names_trait() && !read.points_at_evidence && says_little(&read) && asserts(part)
}

/// Whether a part has at most one content word besides copulas, words for the site's people and
/// articles (`die Betreiber sind Kurden`, `los dueños son kurdos`: a trait said of someone).
fn says_little(part: &Sentence) -> bool {
    part.content
        .iter()
        .filter(|word| {
            let word = word.as_str();
            !COPULAS.contains(&word)
                && !SITE_PEOPLE.contains(&word)
                && !ARTICLES.contains(&word)
                && !GENERALISING.contains(&word)
                && !GENERALISING_PHRASES.iter().any(|phrase| phrase.split(' ').any(|part| part == word))
        })
        .count()
        <= 1
}

/// Articles of the languages the table reads, which it does not list as filler (`die` is an
/// English word too).
const ARTICLES: [&str; 30] = [
    "die", "der", "das", "den", "dem", "des", "ein", "eine", "los", "las", "el", "la", "le", "les", "il", "lo", "gli",
    "i", "os", "as", "o", "a", "het", "een", "un", "une", "una", "uno", "al", "del",
];

/// Words that join a reason to what it is said to prove, but are other words too (`so many`,
/// Portuguese `logo` and English `logo`, Dutch `want` and English `want`): with whether the reason
/// comes before them. Each is a cut only where the reason is a bare assertion (`is_bare_assertion`).
const WEAK_CONNECTIVES: [(&str, bool); 36] = [
    ("so", true),
    ("thus", true),
    ("then", true),
    ("which suggests", true),
    ("which indicates", true),
    ("which makes", true),
    ("which tips", true),
    ("suggesting", true),
    ("implying", true),
    ("it follows", true),
    ("for this reason", true),
    ("cos", false),
    ("bc", false),
    ("consistent with", false),
    ("in keeping with", false),
    ("fitting for", false),
    ("given", false),
    ("also", true),
    ("alors", true),
    ("du coup", true),
    ("entonces", true),
    ("de modo que", true),
    ("yani", true),
    ("پس", true),
    ("چون", false),
    ("jadi", true),
    ("maka", true),
    ("hivyo", true),
    ("bo", false),
    ("logo", true),
    ("então", true),
    ("dus", true),
    ("want", false),
    ("skoro", false),
    ("pois", false),
    ("तो", true),
];

/// Words that open a sentence with its reason, which runs to the first comma: "Because the admins
/// are Chechen, quote 1 is recruitment", "Given the Chechen admins, …".
const OPENING_REASONS: [&str; 42] = [
    "because",
    "since",
    "with",
    "being",
    "coming from",
    "if",
    "judging by",
    "given that",
    "given",
    "considering",
    "as",
    "поскольку",
    "так как",
    "раз",
    "puisque",
    "comme",
    "weil",
    "da",
    "ya que",
    "como",
    "بما أن",
    "dado que",
    "puesto que",
    "vu que",
    "étant donné que",
    "siccome",
    "visto che",
    "poiché",
    "já que",
    "visto que",
    "aangezien",
    "skoro",
    "kwa sababu",
    "چون",
    "چونکہ",
    "بسبب",
    "seeing as",
    "seeing that",
    "in light of",
    "in view of",
    "now that",
    "what with",
];

/// `text` lowercased letter by letter where that keeps each letter's length in bytes, so offsets
/// in it are offsets in `text`.
fn lowercase_in_place(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Whether a comma (Latin or Arabic) ends `text`.
fn ends_with_comma(text: &str) -> bool {
    text.ends_with(',') || text.ends_with('\u{060C}')
}

/// Whether what follows "because of" (to the next comma) speaks of the site's people.
fn cause_of_people(rest: &str) -> bool {
    about_site_people(&rest[..rest.find([',', '\u{060C}']).unwrap_or(rest.len())], false)
}

/// A sentence cut before each connective (the connective itself left out: it says nothing of the
/// page), each part with whether it is given as the reason. A trait named as the reason then makes
/// a clause of its own that points at no evidence, instead of riding on the evidence pointer of
/// the clause it explains. "Because of" is one only before the site's people ("because of the
/// Chechen admins", not "threatens Yazidis because of their faith"). Read on the sentence lowercased by `lowercase_in_place`; the parts are byte ranges,
/// the same in the sentence as written.
fn clauses(lower: &str) -> Vec<(std::ops::Range<usize>, bool)> {
    let is_gap = |c: char| c.is_whitespace() || ",\u{060C}\"'\u{201C}\u{2018}\u{00AB}([{".contains(c);
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    // An opening reason: from the word to the first comma.
    let opening = lower.len() - lower.trim_start().len();
    for word in OPENING_REASONS {
        let Some(rest) = lower[opening..].strip_prefix(word) else { continue };
        if !rest.starts_with(' ')
            || (word == "because" && rest.trim_start().starts_with("of ") && !cause_of_people(rest))
        {
            continue;
        }
        if let Some(comma) = rest.find([',', '\u{060C}']) {
            let reason_end = opening + word.len() + comma;
            cuts.push((opening, opening + word.len(), false));
            cuts.push((reason_end, reason_end + rest[comma..].chars().next().map_or(1, char::len_utf8), true));
        }
        break;
    }
    // Han text has no spaces: its connectives (`所以`) are found inside words.
    let whole_word = |word: &str, start: usize, end: usize| {
        let han = word.chars().all(is_han);
        let starts_word = han || lower[..start].chars().next_back().is_none_or(is_gap);
        let ends_word =
            han || lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '-' && c != '\'');
        starts_word && ends_word
    };
    // The sentence's words, split once: a connective whose first word is not among them is not
    // searched for (this runs on every sentence the gate reads, against ~200 connectives).
    let tokens: Vec<&str> =
        lower.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|token| !token.is_empty()).collect();
    let may_have = |word: &str| {
        let first = word.split(' ').next().unwrap_or(word);
        // Symbols (`→`, `=>`) and Han words are not split out as tokens: searched for as they are.
        let symbol_or_han = first
            .starts_with(|c: char| is_han(c) || c.is_ascii_punctuation() || ('\u{2000}'..='\u{2BFF}').contains(&c));
        symbol_or_han || tokens.contains(&first)
    };
    let found = |word: &'static str| {
        may_have(word)
            .then(|| lower.match_indices(word))
            .into_iter()
            .flatten()
            .map(|(start, _)| (start, start + word.len()))
            .filter(move |&(start, end)| whole_word(word, start, end))
    };
    // Words that join a reason only sometimes ("so many", "logo", "want"): a cut only where the
    // part they give as the reason is a trait said of someone and nothing else.
    for (word, reason_before) in WEAK_CONNECTIVES {
        for (start, end) in found(word) {
            let reason = if reason_before { segment_before(lower, start) } else { segment_after(lower, end) };
            if !is_bare_assertion(reason) {
                continue;
            }
            cuts.push((start, end, reason_before));
            // A reason after the word runs to the next comma ("Seeing as the admins are Hazara, …").
            if !reason_before {
                if let Some(comma) = lower[end..].find([',', '\u{060C}']).map(|comma| end + comma) {
                    cuts.push((comma, comma + lower[comma..].chars().next().map_or(1, char::len_utf8), true));
                }
            }
        }
    }
    for (word, after_comma, reason_before) in CONNECTIVES {
        for (start, end) in found(word) {
            let before = lower[..start].trim_end_matches(' ');
            let commaed = !after_comma || ends_with_comma(before) || before.ends_with(" and");
            // After a pointer alone, an arrow or a "so" opens what the passage says ("Quote 1 →
            // calls on readers to …").
            if reason_before && is_only_a_pointer(segment_before(lower, start)) {
                continue;
            }
            // "Because of" gives a cause, which may be a passage's own ("threatens Yazidis because
            // of their faith"); it gives a reason only when what follows speaks of the site's
            // people ("because of the Chechen admins").
            let of =
                word == "because" && lower[end..].trim_start().starts_with("of ") && !cause_of_people(&lower[end..]);
            if commaed && !of && !before.is_empty() {
                cuts.push((start, end, reason_before));
            }
        }
    }
    if cuts.is_empty() {
        return vec![(0..lower.len(), false)];
    }
    cuts.sort_unstable();
    let mut parts: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
    let mut position = 0;
    let mut next_is_reason = false;
    for (start, end, reason_before) in cuts {
        if start < position {
            continue;
        }
        parts.push((position..start, next_is_reason || reason_before));
        next_is_reason = !reason_before;
        position = end;
    }
    parts.push((position..lower.len(), next_is_reason));
    parts.into_iter().filter(|(part, _)| lower[part.clone()].chars().any(char::is_alphanumeric)).collect()
}

/// How a free text reads as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// It says something that may stand.
    Says,
    /// Blank.
    Empty,
    /// No sentence says anything, and none names a trait: a label or a placeholder.
    SaysNothing,
    /// Nothing that may stand, and what is there names these traits (words as written).
    RestsOnTraits(Vec<(String, Trait)>),
}

/// How strictly a text is read (docs/POLICY.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// `supported` and `removed` rationales: a trait named without pointing at evidence taints the
    /// text, which then needs a sentence that points at evidence and says something.
    Adverse,
    /// Other rationales: some sentence must say something (two content words besides traits, or
    /// one with a pointer); and no trait given as the reason ("run by Kurds, so quote 1 cannot be
    /// recruitment": a verdict for a site may not rest on its people either).
    Lenient,
    /// Reasons: one content word suffices.
    Reason,
    /// Citation notes and region descriptions, attached to evidence: one content word, two when a
    /// trait is named; and no trait given as the reason ("recruitment call, as the admins are
    /// Chechen").
    Attached,
    /// A reviewer's translation of a quote: read as `Attached`, but a reason in it is the quote's
    /// own ("join us, because we are …"), not the reviewer's.
    Translation,
}

fn unpointed_traits(sentences: &[Sentence], counts: impl Fn(&Sentence) -> bool) -> Vec<(String, Trait)> {
    let mut traits = Vec::new();
    for sentence in sentences.iter().filter(|sentence| !counts(sentence)) {
        for item in &sentence.traits {
            if !traits.contains(item) {
                traits.push(item.clone());
            }
        }
    }
    traits
}

/// The traits given as the reason for a verdict, each in a clause that says nothing else ("the
/// owners are Somali, which means quote 1 is a recruitment call", "…, like every Pashtun site"):
/// an adverse verdict rests on them, whatever else the text says.
pub fn traits_given_as_reason(sentences: &[Sentence]) -> Vec<(String, Trait)> {
    unpointed_traits(sentences, |sentence| {
        !(sentence.reason && !sentence.points_at_evidence && (says_little(sentence) || sentence.asked))
    })
}

/// The peoples, faiths, nationalities, places or languages of a site's people stated and nothing else, in a
/// part of a sentence (to a comma) that points at no evidence: "the admins are Swedish", "run by
/// Pashtuns", "the site is run from Waziristan". A lenient verdict or a reason beside it would
/// rest on them ("The admins are Swedish; quote 1 is surely a joke.", "Chechen admins; hold for
/// review."); one with a word of its own ("Gaza-based charity") describes.
fn bare_site_people(sentences: &[Sentence]) -> Vec<(String, Trait)> {
    let mut found = Vec::new();
    for sentence in sentences.iter().filter(|sentence| sentence.names_trait() && !sentence.about_translating) {
        for part in sentence.text.split([',', '\u{060C}']) {
            let read = analyse_sentence(part);
            if read.points_at_evidence || !read.content.is_empty() || !about_site_people(part, false) {
                continue;
            }
            // A language word here names the people ("the admins are Chechen").
            for item in read.traits {
                if !found.contains(&item) {
                    found.push(item);
                }
            }
        }
    }
    found
}

/// Words for someone who reads or hears a language, asked for in a reason.
const READERS: [&str; 12] = [
    "speaker",
    "speakers",
    "reader",
    "readers",
    "listener",
    "listeners",
    "native",
    "fluent",
    "linguist",
    "translator",
    "interpreter",
    "expert",
];

/// Reads a free text with the given strictness.
pub fn read(text: &str, strictness: Strictness) -> Reading {
    if text.trim().is_empty() {
        return Reading::Empty;
    }
    if is_placeholder(text) {
        return Reading::SaysNothing;
    }
    let sentences = sentences(text);
    // A reason that asks for someone who reads or hears a language gives the language as what is
    // needed, not as the verdict's ground ("It's Pashto, so we need a Pashto speaker.").
    // ("Persian site; escalate to a Farsi-speaking reviewer.")
    let asks_for_reader = strictness == Strictness::Reason && {
        let words = words(text);
        words.iter().any(|word| READERS.contains(&word.as_str()))
            || words.windows(2).any(|pair| {
                pair[0].ends_with("speaking")
                    && ["reviewer", "reviewers", "analyst", "colleague", "person", "someone"]
                        .contains(&pair[1].as_str())
            })
    };
    let keep = |traits: Vec<(String, Trait)>| -> Vec<(String, Trait)> {
        traits.into_iter().filter(|(_, trait_)| !(asks_for_reader && trait_.is_language())).collect()
    };
    if matches!(strictness, Strictness::Adverse | Strictness::Attached | Strictness::Lenient | Strictness::Reason) {
        let reasons = keep(traits_given_as_reason(&sentences));
        if !reasons.is_empty() {
            return Reading::RestsOnTraits(reasons);
        }
    }
    if matches!(strictness, Strictness::Lenient | Strictness::Reason) {
        let stated = keep(bare_site_people(&sentences));
        if !stated.is_empty() {
            return Reading::RestsOnTraits(stated);
        }
    }
    let says = match strictness {
        Strictness::Adverse => {
            let tainted = sentences.iter().any(|sentence| sentence.names_trait() && !sentence.counts());
            if tainted {
                // A pointer with one word beside it ("quote 1 exists") does not outweigh a trait.
                sentences.iter().any(|sentence| sentence.points_at_evidence && sentence.content.len() >= 2)
            } else {
                sentences.iter().any(Sentence::counts)
            }
        }
        Strictness::Lenient => sentences.iter().any(Sentence::counts_leniently),
        // A reason that asks for a translation or a translator of a language says what is
        // needed to decide (`Needs an Urdu translation.`, `Pashto translator.`).
        Strictness::Reason => sentences.iter().any(|sentence| {
            sentence.about_translating
                || asks_for_reader
                || sentence.content.len() >= if sentence.names_trait() && !sentence.points_at_evidence { 2 } else { 1 }
        }),
        Strictness::Attached | Strictness::Translation => {
            let content: usize = sentences.iter().map(|sentence| sentence.content.len()).sum();
            let names_trait = sentences.iter().any(Sentence::names_trait);
            content >= if names_trait { 2 } else { 1 }
        }
    };
    if says {
        return Reading::Says;
    }
    let traits = match strictness {
        Strictness::Adverse => unpointed_traits(&sentences, Sentence::counts),
        Strictness::Lenient => unpointed_traits(&sentences, Sentence::counts_leniently),
        Strictness::Reason | Strictness::Attached | Strictness::Translation => unpointed_traits(&sentences, |_| false),
    };
    if traits.is_empty() {
        Reading::SaysNothing
    } else {
        Reading::RestsOnTraits(traits)
    }
}

/// Words that stand for text not written yet, compared after folding case, punctuation and spaces.
pub const PLACEHOLDERS: [&str; 44] = [
    "tbd",
    "tba",
    "todo",
    "to do",
    "n a",
    "na",
    "none",
    "nil",
    "null",
    "nothing",
    "translation",
    "translate",
    "my translation",
    "translation here",
    "translated",
    "untranslated",
    "no translation",
    "not translated",
    "xxx",
    "xx",
    "x",
    "same",
    "same as above",
    "same as quote",
    "as above",
    "see above",
    "see quote",
    "see original",
    "idem",
    "ditto",
    "lorem ipsum",
    "asdf",
    "test",
    "placeholder",
    "fill in",
    "later",
    "tk",
    "see note",
    "self explanatory",
    "obvious",
    "see below",
    "see citation",
    "etc",
    "fixme",
];

/// Whether a text is only a placeholder (`tbd`, `n/a`, `see above`…).
pub fn is_placeholder(text: &str) -> bool {
    let folded = words(text).join(" ");
    PLACEHOLDERS.contains(&folded.as_str()) || folded.starts_with("lorem ipsum")
}

/// The trait words of a text (any sentence), for a codebook check.
pub fn trait_words(text: &str) -> Vec<(String, Trait)> {
    let mut found = Vec::new();
    for sentence in sentences(text) {
        for item in sentence.traits {
            if !found.contains(&item) {
                found.push(item);
            }
        }
    }
    found
}

/// The words of the cited evidence (quotes, transcriptions and translations), against which a
/// people or place a reviewer names is checked: naming one is allowed only as what a cited
/// passage itself says ("quote 1 calls for attacks on Yazidis" when the passage names them),
/// never as who runs, writes or reads the site.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The stem (`stem`) of every word.
    stems: Vec<String>,
    /// Its trait words, with their trait and whether they are written in Latin letters.
    traits: Vec<(Trait, bool)>,
}

/// Endings taken off a word before comparing it with the evidence's (`Kurds`/`Kurdish`,
/// `Syria`/`Syrian`, `Jews`/`Jewish`, `Turks`/`Turkey`), longest first.
const ENDINGS: [&str; 16] =
    ["istan", "ians", "ish", "ian", "ans", "ese", "ite", "ies", "ic", "is", "an", "ey", "es", "ia", "s", "i"];

/// `word` without one ending, keeping at least three letters.
fn stem(word: &str) -> &str {
    for ending in ENDINGS {
        if let Some(rest) = word.strip_suffix(ending) {
            if rest.chars().count() >= 3 {
                return rest;
            }
        }
    }
    word
}

fn is_latin(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).all(|c| (c as u32) < 0x0250)
}

impl Evidence {
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Evidence {
        let mut evidence = Evidence::default();
        for text in texts {
            for word in words(text) {
                for (part, class) in classify(&word) {
                    if let WordClass::Trait(trait_) = class {
                        evidence.traits.push((trait_, is_latin(&part)));
                    }
                    evidence.stems.push(stem(&part).to_string());
                }
            }
        }
        evidence
    }

    /// Whether the evidence says `word` (a trait word as `trait_words` gives it): a word of it has
    /// the same stem, or the same first five letters; or, when the evidence is written in another
    /// script than `word` (an Arabic passage, an English rationale), it names a trait of the same
    /// kind, since the two cannot be compared word for word.
    pub fn grounds(&self, word: &str, trait_: Trait) -> bool {
        let latin = is_latin(word);
        word.split(' ').all(|part| {
            let own = stem(part);
            let prefix = |text: &str| text.chars().take(5).collect::<String>();
            self.stems.iter().any(|other| {
                other == own || (own.chars().count() >= 5 && other.chars().count() >= 5 && prefix(other) == prefix(own))
            })
        }) || self.traits.iter().any(|(kind, other_latin)| *kind == trait_ && *other_latin != latin)
    }
}

/// Words that speak of a site's people: who runs, owns, writes or signs it, and where from.
const SITE_PEOPLE: [&str; 95] = [
    "admin",
    "admins",
    "administrator",
    "administrators",
    "owner",
    "owners",
    "operator",
    "operators",
    "moderator",
    "moderators",
    "mods",
    "founder",
    "founders",
    "staff",
    "staffers",
    "webmaster",
    "webmasters",
    "editor",
    "editors",
    "surname",
    "surnames",
    "named",
    "signed",
    "origin",
    "origins",
    "authorship",
    "owned",
    "operated",
    "managed",
    "maintained",
    "hosted",
    "based",
    "team",
    "teams",
    "crew",
    "crews",
    "uploader",
    "uploaders",
    "blogger",
    "bloggers",
    "administradores",
    "administrateurs",
    "amministratori",
    "beheerders",
    "administratorzy",
    "yöneticiler",
    "yöneticileri",
    "админы",
    "администраторы",
    "админ",
    "المشرفون",
    "مدیران",
    "ایڈمن",
    "adminnya",
    "maamulayaasha",
    "maamulayaashu",
    "équipe",
    "l'équipe",
    "betreiber",
    "betrieben",
    "dueños",
    "propietarios",
    "proprietari",
    "proprietaires",
    "gestito",
    "gestita",
    "gestionado",
    "gestionada",
    "donos",
    "proprietários",
    "eigenaren",
    "właściciele",
    "wamiliki",
    "pemiliknya",
    "pemilik",
    "sahipleri",
    "владельцы",
    "ведут",
    "управляют",
    "صاحبان",
    "مالکان",
    "گردانندگان",
    "أصحاب",
    "يديره",
    "تديره",
    "dikelola",
    "inaendeshwa",
    "yönetiliyor",
    "işletiliyor",
    "admini",
    "folks",
    "lads",
    "hails",
    "hail",
    "guys",
];

/// Two-word phrases that speak of a site's people (`run by`, `written by`, `behind it`).
const SITE_PEOPLE_PHRASES: [(&str, &str); 33] = [
    ("run", "by"),
    ("runs", "it"),
    ("run", "it"),
    ("runs", "the"),
    ("ran", "by"),
    ("written", "by"),
    ("posted", "by"),
    ("published", "by"),
    ("authored", "by"),
    ("made", "by"),
    ("created", "by"),
    ("edited", "by"),
    ("coming", "from"),
    ("comes", "from"),
    ("behind", "it"),
    ("behind", "the"),
    ("run", "from"),
    ("runs", "from"),
    ("belongs", "to"),
    ("belong", "to"),
    ("writes", "it"),
    ("write", "it"),
    ("owns", "it"),
    ("own", "it"),
    ("posts", "it"),
    ("run", "out"),
    ("runs", "out"),
    ("who", "posts"),
    ("who", "runs"),
    ("who", "writes"),
    ("who", "owns"),
    ("is", "behind"),
    ("are", "behind"),
];

/// Words for people seen in a screenshot region (`Photo of bearded Pashtun men.`).
const PEOPLE_DEPICTED: [&str; 50] = [
    "man",
    "men",
    "woman",
    "women",
    "people",
    "person",
    "persons",
    "boy",
    "boys",
    "girl",
    "girls",
    "crowd",
    "family",
    "families",
    "child",
    "children",
    "elders",
    "youths",
    "guys",
    "lads",
    "youngsters",
    "teenagers",
    "kids",
    "ladies",
    "villagers",
    "grandpa",
    "grandfather",
    "grandmother",
    "elder",
    "youth",
    "team",
    "crew",
    "fighters",
    "fighter",
    "hommes",
    "femmes",
    "männer",
    "frauen",
    "hombres",
    "mujeres",
    "мужчины",
    "женщины",
    "erkekler",
    "kadınlar",
    "رجال",
    "نساء",
    "homens",
    "mulheres",
    "uomini",
    "donne",
];

/// Whether `text` speaks of a site's people (who runs, owns, writes or signs it, where it is
/// based) or, with `depicted`, of people seen in a region.
fn about_site_people(text: &str, depicted: bool) -> bool {
    speaks_of_site_people(&words(text), depicted)
}

/// `about_site_people` on words already split (normalised by `words`, or as they are by `tokens`).
fn speaks_of_site_people<W: AsRef<str>>(words: &[W], depicted: bool) -> bool {
    words
        .iter()
        .map(AsRef::as_ref)
        .any(|word| SITE_PEOPLE.contains(&word) || (depicted && PEOPLE_DEPICTED.contains(&word)))
        || words.windows(2).any(|pair| SITE_PEOPLE_PHRASES.contains(&(pair[0].as_ref(), pair[1].as_ref())))
}

/// The peoples, faiths, nationalities and places (not languages) that `text` names where it speaks
/// of the site's people rather than of what a passage says: in a sentence about who runs, owns,
/// writes or signs the site or where it is (`The admins of quote 1 are Chechens.`, `Quote 1 was
/// posted by a Pashtun man.`). `Quote 1 threatens Yazidis.` names none: there the people are what
/// the passage is about, and `Muslim site; quote 1 calls readers to join an armed group.` none
/// either: a site's people mentioned beside what the evidence shows are left to `read`. With `depicted` (a region's description), also where it speaks of people seen in the
/// region (`Photo of bearded Pashtun men.`): their looks say who they may be, not what they do.
pub fn site_people_traits(text: &str, depicted: bool) -> Vec<(String, Trait)> {
    let mut found = Vec::new();
    for sentence in sentences(text) {
        // A language's name right before a word for people names the people (`Somali women`,
        // `Pashto-speaking crowd`, `Kurdish admins`), not what is written.
        let words = words(&sentence.text);
        let is_people = |word: &String| {
            SITE_PEOPLE.contains(&word.as_str()) || (depicted && PEOPLE_DEPICTED.contains(&word.as_str()))
        };
        for (index, word) in words.iter().enumerate() {
            let next = match words.get(index + 1) {
                Some(next) if next == "speaking" => words.get(index + 2),
                next => next,
            };
            if next.is_some_and(is_people)
                && classify(word).iter().any(|(_, class)| *class == WordClass::Trait(Trait::Language))
            {
                let item = (word.clone(), Trait::Ethnicity);
                if !found.contains(&item) {
                    found.push(item);
                }
            }
        }
        let identity: Vec<&(String, Trait)> = sentence.traits.iter().filter(|(_, t)| !t.is_language()).collect();
        if identity.is_empty() {
            continue;
        }
        if about_site_people(&sentence.text, depicted) {
            for item in identity {
                if !found.contains(item) {
                    found.push(item.clone());
                }
            }
        }
    }
    found
}

/// Whether a quote only names languages or scripts (a language label, not evidence).
pub fn is_language_label(text: &str) -> bool {
    let mut any_trait = false;
    // Sentence by sentence: most quotes say something in their first one.
    for sentence in sentence_texts(text).into_iter().map(analyse_sentence) {
        if !sentence.content.is_empty() || sentence.points_at_evidence {
            return false;
        }
        if sentence.traits.iter().any(|(_, trait_)| !trait_.is_language()) {
            return false;
        }
        any_trait |= sentence.names_trait();
    }
    any_trait
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The app reads the table as served (the source file); the worker and the CLI read build.rs's
    /// compacted copy. Both must give the same lexicon, or the app's gate would differ from theirs.
    #[test]
    fn the_served_and_the_compiled_in_table_read_the_same() {
        let served = build_lexicon(include_str!("traits.tsv"));
        let compiled = build_lexicon(crate::domain::tables::embedded::TRAITS);
        assert!(served.words.len() > 1_000, "{} words", served.words.len());
        assert_eq!(served.words, compiled.words);
        assert_eq!(served.phrases, compiled.phrases);
        assert_eq!(served.suffixes, compiled.suffixes);
        assert_eq!(served.stems, compiled.stems);
        assert_eq!(served.near, compiled.near);
        assert_eq!(served.cjk, compiled.cjk);
        assert_eq!(
            (served.longest_phrase, served.longest_word, served.longest_cjk),
            (compiled.longest_phrase, compiled.longest_word, compiled.longest_cjk)
        );
        // A comment or a blank line is no term, and a line without its kind is skipped.
        let odd = build_lexicon("# language\tzzzlang\n\nlanguage\tqqqlang\nno tab here\n");
        assert!(odd.words.contains_key("qqqlang"));
        assert!(!odd.words.contains_key("zzzlang") && !odd.words.contains_key("no tab here"));
    }

    #[test]
    fn a_sentence_is_cut_at_the_words_that_give_a_reason_and_the_reason_is_marked() {
        let cut = |text: &str| -> Vec<(String, bool)> {
            clauses(&lowercase_in_place(text))
                .into_iter()
                .map(|(part, reason)| (text[part].trim().to_string(), reason))
                .collect()
        };
        let owned = |parts: &[(&str, bool)]| -> Vec<(String, bool)> {
            parts.iter().map(|(part, reason)| (part.to_string(), *reason)).collect()
        };
        assert_eq!(
            cut("Run by Pashtuns, so quote 1 must be recruitment."),
            owned(&[("Run by Pashtuns,", true), ("quote 1 must be recruitment.", false)])
        );
        assert_eq!(
            cut("Quote 1 is propaganda because the admins are Chechen"),
            owned(&[("Quote 1 is propaganda", false), ("the admins are Chechen", true)])
        );
        assert_eq!(
            cut("It asks for money, and since the site is Pakistani, hence propaganda"),
            owned(&[("It asks for money, and", false), ("the site is Pakistani,", true), ("propaganda", false)])
        );
        // Not connectives: "so" without a comma, "because of", "since" at the start, a longer word.
        for text in
            ["Quote 1 is so explicit", "threatens Yazidis because of their faith", "Since 2019 it posts", "also, sorry"]
        {
            assert_eq!(cut(text), owned(&[(text, false)]), "{text}");
        }
    }

    /// Only short parts are tried as the explanation (a long text with many commas stays linear:
    /// 21.6 KB of them read in 16 ms, against 5.7 s when every part was tried); a short trailing
    /// one is still found after a long run of commas, and colons.
    #[test]
    fn separators_and_brackets_of_any_width_are_read_without_panicking() {
        // `«»`, `„“`, the Arabic comma, `➡️` are several bytes long: a cut after them once sliced
        // inside a character.
        for text in [
            "Quote 1 = recruitment «the owners are Kurdish».",
            "Quote 1 „the admins are Kurds“ recruits.",
            "المشرفون شيشانيون، ولهذا، quote 1 تجنيد.",
            "the admins are Chechen، so quote 1 recruits",
            // The Arabic comma before a reason word that cuts only where it isolates a trait.
            "Quote 1 recruits، the admins are Chechen so it is propaganda.",
            "Chechen admins ➡️ quote 1 is recruitment.",
            "Quote 1 «»„“ ➡️➡️ ، ، ~> ==> -- >> (",
        ] {
            for strictness in [Strictness::Adverse, Strictness::Lenient, Strictness::Reason, Strictness::Attached] {
                let _ = read(text, strictness);
            }
        }
        assert_ne!(reads("Quote 1 = recruitment «the owners are Kurdish».", Strictness::Adverse), "says");
    }

    #[test]
    fn the_explanation_is_found_after_many_commas() {
        let long = format!("Quote 1 names {}typical for Kurds.", "a date, ".repeat(400));
        assert_eq!(reads(&long, Strictness::Adverse), "ethnicity");
        let colons = format!("Quote 1 names {}the admins are Kurds.", "a date: ".repeat(400));
        assert_eq!(reads(&colons, Strictness::Adverse), "ethnicity");
        let honest = format!("Quote 1 names {}and calls readers to join.", "a date, ".repeat(400));
        assert_eq!(reads(&honest, Strictness::Adverse), "says");
    }

    fn reads(text: &str, strictness: Strictness) -> String {
        match read(text, strictness) {
            Reading::Says => "says".into(),
            Reading::Empty => "empty".into(),
            Reading::SaysNothing => "nothing".into(),
            Reading::RestsOnTraits(traits) => {
                let kinds: std::collections::BTreeSet<&str> = order::set_of(traits.iter().map(|(_, t)| t.name()));
                kinds.into_iter().collect::<Vec<_>>().join("+")
            }
        }
    }

    #[test]
    fn splits_sentences_but_not_domains_or_decimals() {
        let texts: Vec<String> = sentences("See site.example. It costs 1.5 dollars; really? Yes\nno")
            .into_iter()
            .map(|sentence| sentence.text)
            .collect();
        assert_eq!(texts, ["See site.example.", "It costs 1.5 dollars;", "really?", "Yes", "no"]);
    }

    #[test]
    fn compounds_are_read_part_by_part() {
        let sentence = &sentences("Kurdish-run recipe outlet")[0];
        assert_eq!(sentence.traits.len(), 1);
        assert_eq!(sentence.content, ["recipe"]);
    }

    #[test]
    fn padding_around_a_trait_is_not_evidence() {
        assert_eq!(
            reads("Kurdish site, obviously sympathetic to the PKK cause", Strictness::Adverse),
            "language or script"
        );
        assert_eq!(reads("The Arabic post [1] calls for attacks on police", Strictness::Adverse), "says");
        assert_eq!(reads("Threatens police officers", Strictness::Adverse), "says");
        assert_eq!(reads("Obviously.", Strictness::Adverse), "nothing");
        assert_eq!(reads("   ", Strictness::Adverse), "empty");
    }

    #[test]
    fn brackets_point_at_evidence() {
        assert!(has_bracket_reference("the post [1] says"));
        assert!(has_bracket_reference("see [1, 2]"));
        assert!(!has_bracket_reference("[sic]"));
        assert!(!has_bracket_reference("["));
    }
}
