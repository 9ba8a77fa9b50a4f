//! Word analysis for the `language-not-evidence` rule: which words of a rationale, note or quote
//! name a language or script, talk about language, point at the cited evidence, or are filler; and
//! how many words are left that say what the page shows.
//!
//! The word lists are data (`language_not_evidence.tsv` beside this file, plus whatlang's language
//! and script names), not code. Nothing here decides a verdict: it only counts.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a word is, for the purpose of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// A language, script, or people named by its language.
    Language,
    /// A word about language, writing or text direction.
    Vocabulary,
    /// A word that points at the cited evidence ("quote", "screenshot"...).
    Evidence,
    /// A stop-word, or a label that asserts a conclusion without saying what the page shows.
    Filler,
    /// A number, a single letter, or punctuation.
    Ignorable,
    /// Anything else: a word that may say what the page shows.
    Content,
}

struct WordLists {
    exact: HashMap<String, WordKind>,
    /// Prefix stems (`араб*`), longest first.
    stems: Vec<(String, WordKind)>,
}

const WORD_TABLE: &str = include_str!("language_not_evidence.tsv");

fn kind_priority(kind: WordKind) -> u8 {
    match kind {
        WordKind::Language => 0,
        WordKind::Vocabulary => 1,
        WordKind::Evidence => 2,
        WordKind::Filler => 3,
        WordKind::Ignorable => 4,
        WordKind::Content => 5,
    }
}

fn insert(exact: &mut HashMap<String, WordKind>, word: String, kind: WordKind) {
    match exact.get(&word) {
        Some(existing) if kind_priority(*existing) <= kind_priority(kind) => {}
        _ => {
            exact.insert(word, kind);
        }
    }
}

fn word_lists() -> &'static WordLists {
    static LISTS: OnceLock<WordLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut exact = HashMap::new();
        let mut stems = Vec::new();
        for line in WORD_TABLE.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, term)) = line.split_once('\t') else { continue };
            let kind = match kind.trim() {
                "language" => WordKind::Language,
                "vocabulary" => WordKind::Vocabulary,
                "evidence" => WordKind::Evidence,
                "filler" => WordKind::Filler,
                _ => continue,
            };
            let term = normalise_word(term.trim());
            match term.strip_suffix('*') {
                Some(stem) if !stem.is_empty() => stems.push((stem.to_string(), kind)),
                _ if !term.is_empty() => insert(&mut exact, term, kind),
                _ => {}
            }
        }
        let language_names = whatlang::Lang::all()
            .iter()
            .flat_map(|lang| [lang.eng_name(), lang.name()])
            .chain(whatlang::Script::all().iter().map(|script| script.name()));
        for name in language_names {
            let name = normalise_word(name);
            for part in name.split([' ', '-']).filter(|part| part.chars().count() >= 3) {
                insert(&mut exact, part.to_string(), WordKind::Language);
            }
        }
        stems.sort_by_key(|(stem, _)| std::cmp::Reverse(stem.chars().count()));
        WordLists { exact, stems }
    })
}

/// Lowercases, folds typographic apostrophes to `'`, and drops marks that do not change a word
/// (Arabic vowel marks and tatweel, zero-width characters).
fn normalise_word(word: &str) -> String {
    word.chars()
        .filter(
            |c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}'),
        )
        .map(|c| if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}') { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
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

/// The words of `text`, lowercased, with apostrophes folded and surrounding `'`/`-` trimmed.
pub fn words(text: &str) -> Vec<String> {
    normalise_word(text)
        .split(is_separator)
        .map(|word| word.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

fn lookup(word: &str) -> Option<WordKind> {
    let lists = word_lists();
    if let Some(kind) = lists.exact.get(word) {
        return Some(*kind);
    }
    lists.stems.iter().find(|(stem, _)| word.starts_with(stem.as_str())).map(|(_, kind)| *kind)
}

fn plain_kind(word: &str) -> WordKind {
    if let Some(kind) = lookup(word) {
        return kind;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        WordKind::Ignorable
    } else {
        WordKind::Content
    }
}

/// Classifies one word (as returned by [`words`]). A compound (`arabic-language`, `l'arabe`) that
/// is not listed whole is classified by its parts: content if any part is, otherwise the most
/// telling kind among them. The second value tells whether any part names or talks about language.
pub fn classify(word: &str) -> (WordKind, bool) {
    if let Some(kind) = lookup(word) {
        return (kind, matches!(kind, WordKind::Language | WordKind::Vocabulary));
    }
    if !word.contains(['-', '\'']) {
        let kind = plain_kind(word);
        return (kind, false);
    }
    let mut strongest = WordKind::Ignorable;
    let mut mentions_language = false;
    let mut has_content = false;
    for (index, part) in word.split(['-', '\'']).enumerate() {
        if part.is_empty() {
            continue;
        }
        // `-speaking`, `-language` are listed with their hyphen.
        let kind =
            if index > 0 { lookup(&format!("-{part}")).unwrap_or_else(|| plain_kind(part)) } else { plain_kind(part) };
        mentions_language |= matches!(kind, WordKind::Language | WordKind::Vocabulary);
        has_content |= kind == WordKind::Content;
        if kind_priority(kind) < kind_priority(strongest) {
            strongest = kind;
        }
    }
    if has_content {
        (WordKind::Content, mentions_language)
    } else {
        (strongest, mentions_language)
    }
}

/// What a piece of free text (a rationale or a note) says, word by word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextAnalysis {
    /// The words that name a language or script, or talk about language, as written.
    pub language_words: Vec<String>,
    /// Words left after removing language, language vocabulary, evidence pointers and filler.
    pub content_words: Vec<String>,
    /// Whether the text points at the cited evidence ("quote 1", "the screenshot").
    pub references_evidence: bool,
    /// Whether every word is a language name, language vocabulary or ignorable (a language label).
    pub only_language: bool,
}

impl TextAnalysis {
    pub fn mentions_language(&self) -> bool {
        !self.language_words.is_empty()
    }
}

pub fn analyse(text: &str) -> TextAnalysis {
    let mut analysis = TextAnalysis { only_language: true, ..TextAnalysis::default() };
    for word in words(text) {
        let (kind, mentions_language) = classify(&word);
        if mentions_language {
            analysis.language_words.push(word.clone());
        }
        match kind {
            WordKind::Content => {
                analysis.content_words.push(word);
                analysis.only_language = false;
            }
            WordKind::Evidence => {
                analysis.references_evidence = true;
                analysis.only_language = false;
            }
            WordKind::Filler => analysis.only_language = false,
            WordKind::Language | WordKind::Vocabulary | WordKind::Ignorable => {}
        }
    }
    analysis.only_language &= analysis.mentions_language();
    analysis
}

/// Scripts written without spaces between words: there a word count says little, letters do.
fn is_unspaced_script(character: char) -> bool {
    matches!(character,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{0E00}'..='\u{0E7F}' | '\u{0E80}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Why a quote cannot stand as evidence on its own, if it cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteProblem {
    /// Blank.
    Empty,
    /// Only numbers, punctuation or symbols.
    NoLetters,
    /// Fewer than [`MIN_QUOTE_WORDS`] words or [`MIN_QUOTE_LETTERS`] letters.
    TooShort,
    /// Only names of languages or scripts and words about language.
    LanguageLabel,
}

pub const MIN_QUOTE_WORDS: usize = 3;
pub const MIN_QUOTE_LETTERS: usize = 12;

pub fn quote_problem(quote: &str) -> Option<QuoteProblem> {
    if quote.trim().is_empty() {
        return Some(QuoteProblem::Empty);
    }
    let letters = quote.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return Some(QuoteProblem::NoLetters);
    }
    let analysis = analyse(quote);
    if analysis.only_language {
        return Some(QuoteProblem::LanguageLabel);
    }
    let word_count = words(quote).iter().filter(|word| word.chars().any(char::is_alphabetic)).count();
    let unspaced_letters = quote.chars().filter(|c| is_unspaced_script(*c)).count();
    let enough_words = word_count >= MIN_QUOTE_WORDS || unspaced_letters >= 2 * MIN_QUOTE_WORDS;
    if letters < MIN_QUOTE_LETTERS && unspaced_letters < 2 * MIN_QUOTE_WORDS || !enough_words {
        return Some(QuoteProblem::TooShort);
    }
    None
}
