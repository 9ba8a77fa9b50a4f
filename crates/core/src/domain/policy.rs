//! The evidence policy: decides whether a verdict may stand, and says why not in plain language.
//! A verdict stands only when it rests on cited evidence from the capture of the alleged site,
//! each citation saying what it shows as a finding from the case codebook; the page's language,
//! script, and every other trait of the people behind it (ethnicity, religion, nationality,
//! region) are context, never evidence. The rules, with examples, are in docs/POLICY.md.
//!
//! `evaluate` is a pure function of a [`Draft`] and a [`PolicyContext`]. It is the one gate: the
//! session applies it when a verdict is recorded and to every verdict that enters any other way
//! (`session::verdict_statuses`), the exports and `exhibit verify` re-run it, and `exhibit policy`
//! builds its draft through [`draft_from_file`]. It computes each quote's language from the quote
//! itself and never trusts a stored tag. Nothing here records anything, reads a clock or a file,
//! or panics on any input; and no rule ever accepts a verdict *because of* a trait.

mod capture_order;
pub mod traits;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::capture::Capture;
use crate::domain::citation::{find_transcription, reanchor, Anchor, Selector};
use crate::domain::codebook::{Codebook, FindingKind};
use crate::domain::ids::{CaptureId, CitationId};
use crate::domain::language;
use crate::domain::order;
use crate::domain::review_log::{ReviewState, Verdict};
use traits::{Reading, Strictness, Trait};

pub use capture_order::{parse_instant, same_page_key, Instant};

/// One rule of the policy. Serialises to a stable kebab-case id, used in the CLI's JSON, in
/// exports and in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    EvidenceRequired,
    FindingRequired,
    CitationNoteRequired,
    TranslationRequired,
    QuoteLanguageMismatch,
    LanguageNotEvidence,
    IdentityNotEvidence,
    RationaleRequired,
    RemovedNeedsBeforeAfter,
    ReasonRequired,
    CaptureIntegrity,
    /// The tables the policy reads text with are installed (`tables`): never violated natively;
    /// in the app, until its fetched copies are checked and installed, every draft is refused.
    PolicyLoaded,
}

impl Rule {
    pub const ALL: [Rule; 12] = [
        Rule::EvidenceRequired,
        Rule::FindingRequired,
        Rule::CitationNoteRequired,
        Rule::TranslationRequired,
        Rule::QuoteLanguageMismatch,
        Rule::LanguageNotEvidence,
        Rule::IdentityNotEvidence,
        Rule::RationaleRequired,
        Rule::RemovedNeedsBeforeAfter,
        Rule::ReasonRequired,
        Rule::CaptureIntegrity,
        Rule::PolicyLoaded,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::EvidenceRequired => "evidence-required",
            Rule::FindingRequired => "finding-required",
            Rule::CitationNoteRequired => "citation-note-required",
            Rule::TranslationRequired => "translation-required",
            Rule::QuoteLanguageMismatch => "quote-language-mismatch",
            Rule::LanguageNotEvidence => "language-not-evidence",
            Rule::IdentityNotEvidence => "identity-not-evidence",
            Rule::RationaleRequired => "rationale-required",
            Rule::RemovedNeedsBeforeAfter => "removed-needs-before-after",
            Rule::ReasonRequired => "reason-required",
            Rule::CaptureIntegrity => "capture-integrity",
            Rule::PolicyLoaded => "policy-loaded",
        }
    }

    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// One plain sentence saying what the rule asks, for the verdict form's checklist.
    pub fn description(self) -> &'static str {
        match self {
            Rule::EvidenceRequired => "Cite at least one passage or screenshot region from this site's capture.",
            Rule::FindingRequired => "Say what each citation shows with a finding from the codebook.",
            Rule::CitationNoteRequired => "Say, for each citation, what it shows.",
            Rule::TranslationRequired => "Translate each quote that is not in one of your working languages.",
            Rule::QuoteLanguageMismatch => "A quote's language is computed from the quote, never taken on trust.",
            Rule::LanguageNotEvidence => "The page's language or script is context, not evidence.",
            Rule::IdentityNotEvidence => "Ethnicity, religion, nationality and region are not evidence.",
            Rule::RationaleRequired => "Write a rationale that says what the evidence shows.",
            Rule::RemovedNeedsBeforeAfter => {
                "For removed: cite the earlier capture, and have a later capture where the passage is gone."
            }
            Rule::ReasonRequired => "For inconclusive and unreviewable: give a reason.",
            Rule::CaptureIntegrity => "Each cited file must be the same bytes as the loaded capture.",
            Rule::PolicyLoaded => "The policy's word lists and language profiles are loaded, so it can read the text.",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.id())
    }
}

/// Why a draft cannot be recorded, or a recorded verdict does not stand, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub rule: Rule,
    pub message: String,
}

impl Violation {
    fn new(rule: Rule, message: impl Into<String>) -> Violation {
        Violation { rule, message: message.into() }
    }
}

/// Which capture of a URL a citation points into, for a `removed` verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureRole {
    /// A later capture of the same URL exists: this one shows what was there before.
    Earlier,
    /// The later capture: what the page shows now.
    Later,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftCitationKind {
    /// A quoted passage of the extracted text.
    #[default]
    Text,
    /// A marked screenshot region; `quote` is its transcription (may be blank, then `description`
    /// says what it depicts).
    Region,
}

/// One citation of a draft, as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftCitation {
    /// The exact quote, or a region's transcription.
    pub quote: String,
    /// What the citation shows, in the reviewer's words.
    pub note: String,
    /// The finding id from the case codebook.
    pub finding: Option<String>,
    pub translation: Option<String>,
    /// For a region without text: what it depicts.
    pub description: Option<String>,
    /// For `removed`: whether this is the earlier capture or the later one.
    pub capture: Option<CaptureRole>,
    /// The language tag stored with the citation, if any. Never trusted: the policy computes the
    /// quote's language and refuses a tag that disagrees.
    pub quote_language: Option<String>,
    /// The capture it points into; `None` means the capture of the allegation's site (CLI drafts).
    pub capture_id: Option<CaptureId>,
    /// SHA-256 of the artifact it points into, checked against the loaded capture when known.
    pub artifact_sha256: Option<String>,
    pub kind: DraftCitationKind,
    /// False when a text citation's quote can no longer be found in its capture's text (orphaned).
    pub anchored: bool,
}

impl Default for DraftCitation {
    fn default() -> Self {
        DraftCitation {
            quote: String::new(),
            note: String::new(),
            finding: None,
            translation: None,
            description: None,
            capture: None,
            quote_language: None,
            capture_id: None,
            artifact_sha256: None,
            kind: DraftCitationKind::Text,
            anchored: true,
        }
    }
}

/// A verdict about to be recorded, or a recorded one being re-checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub verdict: Verdict,
    pub rationale: String,
    pub reason: Option<String>,
    /// ISO 639-3 codes of the reviewer's working languages (`eng`, `ara`, `pes`…).
    pub reviewer_languages: Vec<String>,
    pub citations: Vec<DraftCitation>,
}

/// What the policy knows beyond the draft. `Default` knows nothing but the default codebook: the
/// CLI's view without captures, where a citation is taken to be in the alleged site's capture and
/// hashes cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyContext {
    /// Ids of the captures of the allegation's site; `None` when unknown (then every citation is
    /// taken to be in it).
    pub target_capture_ids: Option<BTreeSet<CaptureId>>,
    /// Canonical texts of the later captures in which earlier quotes must be absent.
    pub later_capture_texts: Vec<String>,
    /// When the captures are not at hand (a review file read alone), whether a later capture
    /// exists cannot be told: the `removed` rule then checks only what the citations show.
    pub later_captures_unknown: bool,
    /// Artifact hashes of each loaded capture, by capture id; `None` when nothing is loaded (CLI).
    pub loaded_artifacts: Option<BTreeMap<CaptureId, Vec<String>>>,
    /// Integrity failures of loaded captures (a digest or signature that does not hold), by id.
    pub failed_integrity: BTreeMap<CaptureId, Vec<String>>,
    /// Citation ids the verdict names that are no longer in the review.
    pub missing_citation_ids: Vec<CitationId>,
    /// The case's codebook.
    pub codebook: Codebook,
}

/// Checks a draft against every rule. Empty means it may be recorded (or, for a recorded verdict,
/// that it stands). Violations come in rule order, then citation order.
pub fn evaluate(draft: &Draft, context: &PolicyContext) -> Vec<Violation> {
    // Without its tables the policy cannot tell a trait from evidence: it judges nothing.
    if !crate::domain::tables::ready() {
        return vec![Violation::new(
            Rule::PolicyLoaded,
            "The policy's word lists and language profiles have not loaded yet, so nothing can be judged: wait a moment (reload the page if this stays).",
        )];
    }
    let languages = reviewer_languages(&draft.reviewer_languages);
    let cited: Vec<Cited> = draft.citations.iter().map(|citation| Cited::read(citation, context)).collect();
    let computed: Vec<Option<String>> = cited.iter().map(|read| read.reading.tag.clone()).collect();
    let mut violations = Vec::new();
    evidence_required(draft, context, &cited, &mut violations);
    finding_required(draft, context, &cited, &mut violations);
    citation_note_required(draft, &cited, &mut violations);
    translation_required(draft, &languages, &cited, &mut violations);
    quote_language_mismatch(draft, &computed, &mut violations);
    traits_not_evidence(draft, &cited, &mut violations);
    removed_needs_before_after(draft, context, &mut violations);
    reason_required(draft, &mut violations);
    capture_integrity(draft, context, &mut violations);
    order::sort_by_key(&mut violations, |violation| violation.rule);
    violations
}

/// Every rule with whether it holds for this draft (rules that do not apply to the verdict hold).
pub fn satisfied_rules(draft: &Draft, context: &PolicyContext) -> Vec<(Rule, bool)> {
    let violations = evaluate(draft, context);
    Rule::ALL.into_iter().map(|rule| (rule, violations.iter().all(|violation| violation.rule != rule))).collect()
}

fn number(index: usize) -> usize {
    index + 1
}

fn in_target(citation: &DraftCitation, context: &PolicyContext) -> bool {
    match (&context.target_capture_ids, &citation.capture_id) {
        (None, _) | (Some(_), None) => true,
        (Some(targets), Some(id)) => targets.contains(id),
    }
}

/// Fewest words and letters of a quote that can show anything.
pub const MIN_QUOTE_WORDS: usize = 3;
pub const MIN_QUOTE_LETTERS: usize = 12;

/// Scripts written without spaces between words: there a word count says little, letters do.
fn is_unspaced_script(character: char) -> bool {
    matches!(character,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{0E00}'..='\u{0E7F}' | '\u{0E80}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

fn letter_count(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

fn word_count(text: &str) -> usize {
    traits::words(text).iter().filter(|word| word.chars().any(char::is_alphabetic)).count()
}

/// What the rules ask of one citation, read once per `evaluate`: the quote's language, whether it
/// only names languages, and why it does not count as evidence.
struct Cited {
    reading: language::QuoteReading,
    /// The quote only names languages or scripts (`traits::is_language_label`).
    label: bool,
    /// `not_evidence_because`.
    not_evidence: Option<String>,
    /// The citation's note, read as attached text.
    note: Reading,
}

impl Cited {
    fn read(citation: &DraftCitation, context: &PolicyContext) -> Cited {
        let label = traits::is_language_label(&citation.quote);
        Cited {
            reading: language::read_quote(&citation.quote),
            label,
            not_evidence: not_evidence_because(citation, context, label),
            note: traits::read(&citation.note, Strictness::Attached),
        }
    }
}

/// Why a quote cannot stand as evidence on its own, if it cannot (`label`: it only names
/// languages or scripts).
fn quote_problem(quote: &str, label: bool) -> Option<&'static str> {
    if quote.trim().is_empty() {
        return Some("quotes nothing");
    }
    let letters = letter_count(quote);
    if letters == 0 {
        return Some("is only numbers or punctuation");
    }
    if label {
        return Some("only names a language or script");
    }
    let unspaced = quote.chars().filter(|c| is_unspaced_script(*c)).count();
    let enough_words = word_count(quote) >= MIN_QUOTE_WORDS || unspaced >= 2 * MIN_QUOTE_WORDS;
    if (letters < MIN_QUOTE_LETTERS && unspaced < 2 * MIN_QUOTE_WORDS) || !enough_words {
        return Some("is too short to show anything (quote at least 3 words and 12 letters: a whole sentence is best)");
    }
    None
}

/// Why a citation does not count as evidence, if it does not.
fn not_evidence_because(citation: &DraftCitation, context: &PolicyContext, label: bool) -> Option<String> {
    if !in_target(citation, context) {
        return Some("is in a capture of another site".to_string());
    }
    if !citation.anchored {
        return Some("can no longer be found in its capture's text".to_string());
    }
    if citation.kind == DraftCitationKind::Region && citation.quote.trim().is_empty() {
        let description = citation.description.as_deref().unwrap_or("");
        return match traits::read(description, Strictness::Attached) {
            Reading::Says => None,
            Reading::Empty => Some(
                "is a screenshot region with neither a transcription of its text nor a description of what it \
                 shows"
                    .to_string(),
            ),
            Reading::SaysNothing | Reading::RestsOnTraits(_) => Some(
                "is a screenshot region whose description does not say what it shows (transcribe its text, or \
                 describe what it depicts)"
                    .to_string(),
            ),
        };
    }
    quote_problem(&citation.quote, label).map(str::to_string)
}

/// Whether a citation is the later capture of a `removed` verdict: what the page shows now, which
/// is not evidence of what it showed (in any other verdict a citation of the latest capture is
/// evidence like any other).
fn is_later(draft: &Draft, citation: &DraftCitation) -> bool {
    draft.verdict == Verdict::Removed && citation.capture == Some(CaptureRole::Later)
}

/// Citations that count as evidence, with their index.
fn counting<'a>(draft: &'a Draft, cited: &[Cited]) -> Vec<(usize, &'a DraftCitation)> {
    draft
        .citations
        .iter()
        .enumerate()
        .filter(|(_, citation)| !is_later(draft, citation))
        .filter(|(index, _)| cited.get(*index).is_some_and(|read| read.not_evidence.is_none()))
        .collect()
}

fn evidence_required(draft: &Draft, context: &PolicyContext, cited: &[Cited], violations: &mut Vec<Violation>) {
    if draft.verdict == Verdict::Unreviewable {
        return;
    }
    for missing in &context.missing_citation_ids {
        violations.push(Violation::new(
            Rule::EvidenceRequired,
            format!("The verdict names citation {missing}, which is no longer in the review: cite it again or leave it out."),
        ));
    }
    if !counting(draft, cited).is_empty() {
        return;
    }
    let reasons: Vec<String> = draft
        .citations
        .iter()
        .enumerate()
        .filter(|(_, citation)| !is_later(draft, citation))
        .filter_map(|(index, _)| {
            let why = cited.get(index)?.not_evidence.as_ref()?;
            Some(format!("citation {} {why}", number(index)))
        })
        .collect();
    let what = match draft.verdict {
        Verdict::Supported => "shows the content the allegation describes",
        Verdict::NotSupported => "shows what the site actually is (a heading or a typical passage)",
        Verdict::Removed => "showed the content in the earlier capture",
        Verdict::Inconclusive => "needs an expert's, a translator's or a lawyer's look",
        Verdict::Unreviewable => "",
    };
    let mut message = format!(
        "A {} verdict needs evidence. Cite at least one passage or screenshot region from the capture of this \
         allegation's site that {what}.",
        draft.verdict.label().to_ascii_lowercase()
    );
    if !reasons.is_empty() {
        message.push_str(" None of the citations counts yet: ");
        message.push_str(&reasons.join("; "));
        message.push('.');
    }
    violations.push(Violation::new(Rule::EvidenceRequired, message));
}

fn finding_required(draft: &Draft, context: &PolicyContext, cited: &[Cited], violations: &mut Vec<Violation>) {
    let codebook = &context.codebook;
    let known = |kind: FindingKind| codebook.ids_of(kind).join(", ");
    for (index, citation) in draft.citations.iter().enumerate() {
        if is_later(draft, citation) {
            continue;
        }
        let n = number(index);
        match citation.finding.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
            None if draft.verdict == Verdict::Unreviewable => {}
            None => violations.push(Violation::new(
                Rule::FindingRequired,
                format!(
                    "Citation {n} needs a finding: say what it shows with one of the codebook's findings (adverse: \
                     {}; non-adverse: {}; {}).",
                    known(FindingKind::Adverse),
                    known(FindingKind::NonAdverse),
                    known(FindingKind::Removed)
                ),
            )),
            Some(id) if codebook.finding(id).is_none() => violations.push(Violation::new(
                Rule::FindingRequired,
                format!(
                    "Citation {n} names the finding \"{id}\", which is not in the codebook \"{}\". Use one of: {}.",
                    codebook.name,
                    codebook.findings.iter().map(|finding| finding.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
            Some(_) => {}
        }
    }
    let needed = match draft.verdict {
        Verdict::Supported => FindingKind::Adverse,
        Verdict::NotSupported => FindingKind::NonAdverse,
        Verdict::Removed => FindingKind::Removed,
        Verdict::Inconclusive | Verdict::Unreviewable => return,
    };
    let counted = counting(draft, cited);
    let backed = counted.iter().any(|(_, citation)| {
        citation.finding.as_deref().and_then(|id| codebook.finding(id)).is_some_and(|finding| finding.kind == needed)
    });
    // With no citation that counts, `evidence-required` already says what is missing.
    if !backed && !counted.is_empty() {
        let verdict = draft.verdict.label().to_ascii_lowercase();
        violations.push(Violation::new(
            Rule::FindingRequired,
            format!(
                "A {verdict} verdict needs a citation of this site's capture with a {} finding ({}). The findings \
                 cited so far do not back it: choose the verdict that matches what the evidence shows, or cite \
                 what backs this one.",
                needed.label(),
                known(needed)
            ),
        ));
    }
}

fn citation_note_required(draft: &Draft, cited: &[Cited], violations: &mut Vec<Violation>) {
    for (index, (citation, read)) in draft.citations.iter().zip(cited).enumerate() {
        let n = number(index);
        match &read.note {
            Reading::Empty => violations.push(Violation::new(
                Rule::CitationNoteRequired,
                format!("Citation {n} has no note: say in a few words what it shows (for example \"announces a fundraising dinner\")."),
            )),
            Reading::SaysNothing => violations.push(Violation::new(
                Rule::CitationNoteRequired,
                format!(
                    "The note of citation {n} (\"{}\") gives a label, not what the citation shows: describe what the \
                     passage or region says or depicts.",
                    citation.note.trim()
                ),
            )),
            // Refused by the trait rules, not twice.
            Reading::Says | Reading::RestsOnTraits(_) => {}
        }
    }
}

/// ISO 639-3 as whatlang writes it, from the codes (and English names) people type.
pub fn normalise_language_code(code: &str) -> String {
    let code = code.trim().to_ascii_lowercase();
    let primary = code.split(['-', '_']).next().unwrap_or("").to_string();
    let alias = match primary.as_str() {
        "en" => "eng",
        "ar" | "arb" | "ara" => "ara",
        "fa" | "fas" | "per" | "pes" | "prs" => "pes",
        "ur" => "urd",
        "fr" | "fre" => "fra",
        "de" | "ger" => "deu",
        "es" => "spa",
        "ru" => "rus",
        "tr" => "tur",
        "he" => "heb",
        "zh" | "zho" | "chi" => "cmn",
        "nl" | "dut" => "nld",
        "it" => "ita",
        "pt" => "por",
        "uk" => "ukr",
        "hi" => "hin",
        "bn" => "ben",
        "ja" => "jpn",
        "ko" => "kor",
        "pl" => "pol",
        "id" => "ind",
        _ => {
            if whatlang::Lang::from_code(primary.as_str()).is_some() {
                return primary;
            }
            return whatlang::Lang::all()
                .iter()
                .find(|lang| lang.eng_name().eq_ignore_ascii_case(code.trim()))
                .map_or(primary, |lang| lang.code().to_string());
        }
    };
    alias.to_string()
}

fn reviewer_languages(codes: &[String]) -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for code in codes {
        let code = normalise_language_code(code);
        if !code.is_empty() && !languages.contains(&code) {
            languages.push(code);
        }
    }
    languages
}

fn language_name(code: &str) -> String {
    match language::language_name(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

fn languages_named(codes: &[String]) -> String {
    if codes.is_empty() {
        "none given".to_string()
    } else {
        codes.iter().map(|code| language_name(code)).collect::<Vec<_>>().join(", ")
    }
}

/// The language a quote is in, named for the reviewer, when a translation is needed: when the
/// quote is not reliably identified as one of the reviewer's working languages. `None` when no
/// translation is needed (one of the reviewer's languages, or no letters).
pub fn translation_needed(quote: &str, reviewer_languages: &[String]) -> Option<String> {
    foreign_language(&language::read_quote(quote), &self::reviewer_languages(reviewer_languages))
}

/// `translation_needed` on a reading already made (the form and the rule ask the same question).
fn foreign_language(reading: &language::QuoteReading, reviewer: &[String]) -> Option<String> {
    let tag = reading.tag.as_deref()?;
    if reading.is_in_one_of(reviewer) {
        return None;
    }
    Some(match language::script_of_tag(tag) {
        Some(script) => {
            format!("{} script, and its language cannot be identified reliably (a longer passage helps)", script.name())
        }
        None => language_name(tag),
    })
}

/// Longest quote + translation (bytes) compared character by character for copying.
const SIMILARITY_CHARS: usize = 4_000;

fn folded(text: &str) -> String {
    traits::words(text).join(" ")
}

/// How alike two token sequences are: twice the length of their longest common subsequence over
/// their total length (1.0 for two empty ones), the ratio a minimal diff gives (`similar`'s
/// `TextDiff::ratio`, which the worker's differ uses). Computed here with two rows of the LCS
/// table, so the gate in the app does not link a differ: O(n·m) time, O(m) memory, and callers
/// keep n + m within `SIMILARITY_CHARS` characters or compare words.
fn likeness<T: PartialEq>(a: &[T], b: &[T]) -> f32 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut previous = vec![0u32; b.len() + 1];
    let mut current = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = if x == y { previous[j] + 1 } else { previous[j + 1].max(current[j]) };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let common = previous[b.len()] as usize;
    2.0 * common as f32 / total as f32
}

/// Words and the runs of white space between them, as `similar` splits text by words.
fn word_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (at, ch) in text.char_indices() {
        let space = ch.is_whitespace();
        if in_space.is_some_and(|was| was != space) {
            tokens.push(&text[start..at]);
            start = at;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

/// Why a translation of `quote` is not one, if it is not.
fn translation_problem(quote: &str, label: bool, translation: &str, reviewer: &[String]) -> Option<String> {
    let translation = translation.trim();
    if translation.is_empty() {
        return Some("has no translation".to_string());
    }
    if letter_count(translation) == 0 {
        return Some("has a translation with no words in it".to_string());
    }
    let folded_translation = folded(translation);
    if traits::PLACEHOLDERS.contains(&folded_translation.as_str()) {
        return Some(format!("has a placeholder (\"{translation}\") where the translation should be"));
    }
    // "It is in Arabic.", "Arabic language text, obviously extremist.": a label of the quote's
    // language, not what it says. A translation that names a people ("Glory to the Kurds") may be
    // the slogan itself, so only a language or script named with nothing else is refused; and a
    // quote that is itself a list of languages (a language menu) is translated by one.
    // "Islamic text, not translated.", "Texto árabe, sin traducir.": a short text that says there
    // is no translation.
    let untranslated =
        ["not translated", "untranslated", "sin traducir", "non traduit", "nicht übersetzt", "не переведено"];
    if word_count(translation) <= 8 && untranslated.iter().any(|phrase| folded_translation.contains(phrase)) {
        return Some(format!("says it is not translated (\"{translation}\") where the translation should be"));
    }
    // A language or script named beside other traits and nothing else ("It is Arabic script,
    // probably Quranic.") is a label too.
    if let traits::Reading::RestsOnTraits(named) = traits::read(translation, traits::Strictness::Translation) {
        if named.iter().any(|(_, named_trait)| named_trait.is_language()) && !label {
            return Some(format!(
                "has a translation that only names a language or script (\"{translation}\") instead of saying what \
                 the quote says"
            ));
        }
    }
    let folded_quote = folded(quote);
    // Comparing by characters is quadratic: long quotes are compared by words.
    let alike = if folded_quote.len() + folded_translation.len() <= SIMILARITY_CHARS {
        let quote: Vec<char> = folded_quote.chars().collect();
        let translation: Vec<char> = folded_translation.chars().collect();
        likeness(&quote, &translation)
    } else {
        likeness(&word_tokens(&folded_quote), &word_tokens(&folded_translation))
    };
    if folded_translation == folded_quote
        || (folded_translation.chars().count() * 2 >= folded_quote.chars().count()
            && folded_quote.contains(&folded_translation))
        || alike >= 0.8
    {
        return Some("has the quote copied where the translation should be".to_string());
    }
    let quote_words = word_count(quote);
    let translation_words = word_count(translation);
    if letter_count(translation) < 4 || translation_words * 4 < quote_words {
        return Some(format!(
            "has a translation far too short for the quote ({translation_words} words for {quote_words})"
        ));
    }
    if let Some(detected) = language::detect(translation).filter(|detected| detected.reliable) {
        if !reviewer.contains(&detected.code) {
            return Some(format!(
                "has a translation in {}, which is not one of your working languages ({})",
                language_name(&detected.code),
                languages_named(reviewer)
            ));
        }
    }
    if let Some(script) = language::script_of(translation) {
        let readable = reviewer
            .iter()
            .any(|code| whatlang::Lang::from_code(code.as_str()).is_some_and(|lang| script.langs().contains(&lang)));
        if !readable && !reviewer.is_empty() {
            return Some(format!(
                "has a translation written in {} script, which none of your working languages ({}) uses",
                script.name(),
                languages_named(reviewer)
            ));
        }
    }
    None
}

fn translation_required(draft: &Draft, reviewer: &[String], cited: &[Cited], violations: &mut Vec<Violation>) {
    for (index, citation) in draft.citations.iter().enumerate() {
        if is_later(draft, citation) || citation.quote.trim().is_empty() {
            continue;
        }
        let Some(read) = cited.get(index) else { continue };
        let Some(foreign) = foreign_language(&read.reading, reviewer) else { continue };
        let translation = citation.translation.as_deref().unwrap_or("");
        if let Some(problem) = translation_problem(&citation.quote, read.label, translation, reviewer) {
            violations.push(Violation::new(
                Rule::TranslationRequired,
                format!(
                    "Citation {} is in {foreign}, not in your working languages ({}), and {problem}: add your \
                     translation of the quote so that anyone checking the verdict can read what it says.",
                    number(index),
                    languages_named(reviewer)
                ),
            ));
        }
    }
}

/// A stored tag in the form `quote_language` computes it: a normalised ISO 639-3 code, or
/// `und-` and the ISO 15924 script as `script_code` spells it.
fn canonical_tag(tag: &str) -> String {
    match language::script_of_tag(tag) {
        Some(script) => format!("und-{}", language::script_code(script)),
        None => normalise_language_code(tag),
    }
}

fn quote_language_mismatch(draft: &Draft, computed: &[Option<String>], violations: &mut Vec<Violation>) {
    for (index, citation) in draft.citations.iter().enumerate() {
        let Some(stored) = citation.quote_language.as_deref().map(str::trim).filter(|tag| !tag.is_empty()) else {
            continue;
        };
        let Some(computed) = computed.get(index).cloned().flatten() else { continue };
        if canonical_tag(stored) != computed {
            let actual = match language::script_of_tag(&computed) {
                Some(script) => format!("{} script, language not reliably identified", script.name()),
                None => language_name(&computed),
            };
            violations.push(Violation::new(
                Rule::QuoteLanguageMismatch,
                format!(
                    "Citation {} is tagged \"{stored}\", but its quote is in {actual} (\"{computed}\"). The language \
                     is computed from the quote itself, never taken from a tag; cite the passage again so the tag is \
                     right.",
                    number(index)
                ),
            ));
        }
    }
}

fn quoted(words: &[(String, Trait)]) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for (word, _) in words {
        if !unique.contains(&word.as_str()) {
            unique.push(word);
        }
    }
    unique.iter().map(|word| format!("\"{word}\"")).collect::<Vec<_>>().join(", ")
}

/// Pushes the trait rule(s) for a text that rests on traits: `language-not-evidence` for the
/// language words, `identity-not-evidence` for the others.
fn push_trait_violations(what: &str, words: &[(String, Trait)], advice: &str, violations: &mut Vec<Violation>) {
    let language: Vec<(String, Trait)> = words.iter().filter(|(_, t)| t.is_language()).cloned().collect();
    let identity: Vec<(String, Trait)> = words.iter().filter(|(_, t)| !t.is_language()).cloned().collect();
    if !language.is_empty() {
        violations.push(Violation::new(
            Rule::LanguageNotEvidence,
            format!(
                "{what} rests on the page's language or script ({}). A language or script is not evidence: many \
                 sites in any language have nothing to do with the allegation. {advice}",
                quoted(&language)
            ),
        ));
    }
    if !identity.is_empty() {
        let kinds: BTreeSet<&str> = order::set_of(identity.iter().map(|(_, t)| t.name()));
        violations.push(Violation::new(
            Rule::IdentityNotEvidence,
            format!(
                "{what} rests on who the site's people are ({}: {}). Ethnicity, religion, nationality and region are \
                 never evidence. {advice}",
                kinds.into_iter().collect::<Vec<_>>().join(", "),
                quoted(&identity)
            ),
        ));
    }
}

const RATIONALE_ADVICE: &str = "Say what the cited evidence shows and point at it (for example \"quote 1 \
     announces a meeting and gives a contact address\" or \"the post [1] calls for attacks on police\"); you may \
     mention the language or the people as well, in a sentence that points at a citation.";

const REASON_ADVICE: &str = "It gives them as the reason for the verdict (\"so\", \"because\", \"typical for\", \
     \"like every\"…): a verdict cannot follow from who the site's people are or the language they write, even \
     beside a citation. Say what the cited evidence shows and point at it (for example \"quote 1 announces a meeting \
     and gives a contact address\"), and leave the reason out.";

const UNSAID_ADVICE: &str = "Describe what the region shows people doing or saying; who they may be, or who runs \
     the site, is not evidence unless a cited passage says it.";

/// `identity-not-evidence` for a people, faith, nationality or place in `named` (a region
/// description's words about the people it shows or who runs the site: `traits::site_people_traits`)
/// that no cited passage (quote, transcription or translation) says: `Photo of bearded Pashtun
/// men.` ascribes an identity by looks. Language words are left to the other rules.
fn unsaid_identity(
    what: &str,
    named: Vec<(String, Trait)>,
    evidence: &traits::Evidence,
    violations: &mut Vec<Violation>,
) {
    let unsaid: Vec<(String, Trait)> =
        named.into_iter().filter(|(word, trait_)| !trait_.is_language() && !evidence.grounds(word, *trait_)).collect();
    if unsaid.is_empty() {
        return;
    }
    let kinds: BTreeSet<&str> = order::set_of(unsaid.iter().map(|(_, t)| t.name()));
    violations.push(Violation::new(
        Rule::IdentityNotEvidence,
        format!(
            "{what} names who the site's people are or where they are ({}: {}), which no cited passage says. \
             Ethnicity, religion, nationality and region are never evidence. {UNSAID_ADVICE}",
            kinds.into_iter().collect::<Vec<_>>().join(", "),
            quoted(&unsaid)
        ),
    ));
}

/// Whether `violations` already holds `identity-not-evidence` for the text `what` names.
fn identity_refused(violations: &[Violation], what: &str) -> bool {
    violations
        .iter()
        .any(|violation| violation.rule == Rule::IdentityNotEvidence && violation.message.starts_with(what))
}

fn traits_not_evidence(draft: &Draft, cited: &[Cited], violations: &mut Vec<Violation>) {
    let strictness = match draft.verdict {
        Verdict::Supported | Verdict::Removed => Strictness::Adverse,
        Verdict::NotSupported | Verdict::Inconclusive | Verdict::Unreviewable => Strictness::Lenient,
    };
    traits_read(draft, cited, strictness, violations);
    // Only a region description is checked against the cited words: most drafts have none, and
    // reading every quote's words for them would be work on the gate's path for nothing.
    if draft.citations.iter().all(|citation| citation.description.is_none()) {
        return;
    }
    let evidence = traits::Evidence::of(
        draft
            .citations
            .iter()
            .flat_map(|citation| [Some(citation.quote.as_str()), citation.translation.as_deref()])
            .flatten(),
    );
    for (index, citation) in draft.citations.iter().enumerate() {
        let n = number(index);
        // A people or faith the reviewer sees in the people a region shows is theirs, not the
        // evidence's.
        let description = format!("The description of citation {n}");
        if let Some(text) = citation.description.as_deref() {
            if !identity_refused(violations, &description) {
                unsaid_identity(&description, traits::site_people_traits(text, true), &evidence, violations);
            }
        }
    }
}

/// The rules on traits as the words of each text read on their own (`traits::read`).
fn traits_read(draft: &Draft, cited: &[Cited], strictness: Strictness, violations: &mut Vec<Violation>) {
    match traits::read(&draft.rationale, strictness) {
        Reading::Says => {}
        Reading::Empty => violations.push(Violation::new(
            Rule::RationaleRequired,
            "Every verdict needs a rationale: say in a sentence or two what the cited evidence shows and why it \
             backs this verdict.",
        )),
        Reading::SaysNothing => violations.push(Violation::new(
            Rule::RationaleRequired,
            format!(
                "The rationale (\"{}\") does not say what the evidence shows: a conclusion or a placeholder is not a \
                 rationale. {RATIONALE_ADVICE}",
                draft.rationale.trim()
            ),
        )),
        Reading::RestsOnTraits(words) => {
            let as_reason = !traits::traits_given_as_reason(&traits::sentences(&draft.rationale)).is_empty();
            let advice = if as_reason { REASON_ADVICE } else { RATIONALE_ADVICE };
            push_trait_violations("The rationale", &words, advice, violations)
        }
    }
    if let Some(reason) = draft.reason.as_deref() {
        if let Reading::RestsOnTraits(words) = traits::read(reason, Strictness::Reason) {
            push_trait_violations(
                "The reason",
                &words,
                "Say what is needed to decide (for example \"needs a Kurdish-speaking expert to read quote 2\").",
                violations,
            );
        }
    }
    for (index, (citation, read)) in draft.citations.iter().zip(cited).enumerate() {
        let n = number(index);
        if let Reading::RestsOnTraits(words) = &read.note {
            push_trait_violations(
                &format!("The note of citation {n}"),
                words,
                "Say what the passage or region says or depicts.",
                violations,
            );
        }
        if let Some(description) = citation.description.as_deref() {
            if let Reading::RestsOnTraits(words) = traits::read(description, Strictness::Attached) {
                push_trait_violations(
                    &format!("The description of citation {n}"),
                    &words,
                    "Describe what the region depicts.",
                    violations,
                );
            }
        }
        if !is_later(draft, citation) && read.label {
            violations.push(Violation::new(
                Rule::LanguageNotEvidence,
                format!(
                    "Citation {n} quotes only the name of a language or script (\"{}\"), which is not evidence. Quote a \
                     passage that shows what the page says.",
                    citation.quote.trim()
                ),
            ));
        }
    }
}

fn removed_needs_before_after(draft: &Draft, context: &PolicyContext, violations: &mut Vec<Violation>) {
    // Without the captures (a review file read alone) which capture is earlier cannot be told.
    if draft.verdict != Verdict::Removed || context.later_captures_unknown {
        return;
    }
    let earlier: Vec<(usize, &DraftCitation)> = draft
        .citations
        .iter()
        .enumerate()
        .filter(|(_, citation)| citation.capture == Some(CaptureRole::Earlier))
        .collect();
    if earlier.is_empty() {
        violations.push(Violation::new(
            Rule::RemovedNeedsBeforeAfter,
            "A removed verdict needs a citation in the earlier capture that showed the content. Cite the passage or \
             region in a capture that has a later capture of the same URL.",
        ));
    }
    let later_texts: Vec<&str> = context
        .later_capture_texts
        .iter()
        .map(String::as_str)
        .chain(
            draft
                .citations
                .iter()
                .filter(|citation| citation.capture == Some(CaptureRole::Later))
                .map(|citation| citation.quote.as_str()),
        )
        .filter(|text| !text.trim().is_empty())
        .collect();
    if later_texts.is_empty() {
        if !context.later_captures_unknown {
            violations.push(Violation::new(
                Rule::RemovedNeedsBeforeAfter,
                "There is no later capture of the same URL to show that the content is gone. Load a later capture of \
                 the page (from the command line: add a citation with \"capture\": \"later\" holding the later \
                 page's text).",
            ));
        }
        return;
    }
    for (index, citation) in earlier {
        let n = number(index);
        if citation.quote.trim().is_empty() {
            violations.push(Violation::new(
                Rule::RemovedNeedsBeforeAfter,
                format!(
                    "Citation {n} has no text, so its absence from the later capture cannot be checked: transcribe \
                     what the region shows."
                ),
            ));
            continue;
        }
        if later_texts.iter().any(|later| find_transcription(later, &citation.quote).is_some()) {
            violations.push(Violation::new(
                Rule::RemovedNeedsBeforeAfter,
                format!(
                    "The passage of citation {n} still appears in the later capture, so it was not removed. Check the \
                     later capture, or choose another verdict."
                ),
            ));
        }
    }
}

fn reason_required(draft: &Draft, violations: &mut Vec<Violation>) {
    let what = match draft.verdict {
        Verdict::Inconclusive => "say what is needed to decide (an expert, a translator, a legal decision)",
        Verdict::Unreviewable => {
            "say why there is no usable capture (for example: capture-failed, page-blank, site-offline)"
        }
        _ => return,
    };
    let reason = draft.reason.as_deref().unwrap_or("");
    match traits::read(reason, Strictness::Reason) {
        Reading::Says | Reading::RestsOnTraits(_) => {}
        Reading::Empty => violations.push(Violation::new(
            Rule::ReasonRequired,
            format!("An {} verdict needs a reason: {what}.", draft.verdict.label().to_ascii_lowercase()),
        )),
        Reading::SaysNothing => violations.push(Violation::new(
            Rule::ReasonRequired,
            format!("The reason (\"{}\") says nothing: {what}.", reason.trim()),
        )),
    }
}

fn capture_integrity(draft: &Draft, context: &PolicyContext, violations: &mut Vec<Violation>) {
    for (index, citation) in draft.citations.iter().enumerate() {
        let n = number(index);
        let Some(capture_id) = &citation.capture_id else { continue };
        if let Some(failures) = context.failed_integrity.get(capture_id).filter(|failures| !failures.is_empty()) {
            violations.push(Violation::new(
                Rule::CaptureIntegrity,
                format!(
                    "Citation {n} points into capture {capture_id}, whose integrity check failed ({}): a capture that \
                     is not what its maker produced cannot back a verdict.",
                    failures.join("; ")
                ),
            ));
            continue;
        }
        let Some(loaded) = &context.loaded_artifacts else { continue };
        let Some(hashes) = loaded.get(capture_id) else {
            violations.push(Violation::new(
                Rule::CaptureIntegrity,
                format!("Citation {n} points into capture {capture_id}, which is not loaded: load that capture so its bytes can be checked."),
            ));
            continue;
        };
        let Some(sha256) = &citation.artifact_sha256 else {
            violations.push(Violation::new(
                Rule::CaptureIntegrity,
                format!("Citation {n} does not say which file of capture {capture_id} it came from: cite it again from the loaded capture."),
            ));
            continue;
        };
        if !hashes.iter().any(|hash| hash.eq_ignore_ascii_case(sha256)) {
            violations.push(Violation::new(
                Rule::CaptureIntegrity,
                format!(
                    "Citation {n} was made on a file (SHA-256 {sha256}) that is not in the loaded capture {capture_id}: \
                     the capture changed since. Cite again from the capture as loaded now."
                ),
            ));
        }
    }
}

/// The loaded captures by id and by page, built once and shared by every verdict judged over them
/// (the gate judges thousands: nothing per verdict may walk every capture).
/// The captures of one page (by `same_page_key`), each with its time when it can be read.
type PageCaptures<'a> = Vec<(&'a Capture, Option<capture_order::Instant>)>;

pub struct CaptureIndex<'a> {
    by_id: std::collections::HashMap<&'a str, &'a Capture>,
    by_page: std::collections::HashMap<String, PageCaptures<'a>>,
    empty: bool,
}

impl<'a> CaptureIndex<'a> {
    pub fn new(captures: &'a [Capture]) -> CaptureIndex<'a> {
        let mut by_id = std::collections::HashMap::with_capacity(captures.len());
        let mut by_page: std::collections::HashMap<String, PageCaptures<'a>> = std::collections::HashMap::new();
        for capture in captures {
            by_id.entry(capture.id.as_str()).or_insert(capture);
            let time = capture.captured_at.as_deref().and_then(parse_instant);
            by_page.entry(same_page_key(&capture.url)).or_default().push((capture, time));
        }
        CaptureIndex { by_id, by_page, empty: captures.is_empty() }
    }

    pub fn get(&self, id: &CaptureId) -> Option<&'a Capture> {
        self.by_id.get(id.as_str()).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.empty
    }
}

/// The role of a capture among the captures of the same URL: `Earlier` when a later one exists,
/// `Later` when only earlier ones exist, `None` when alone or when the times cannot be read.
fn capture_role<'a>(capture: &Capture, index: &CaptureIndex<'a>) -> (Option<CaptureRole>, Option<&'a Capture>) {
    let Some(time) = capture.captured_at.as_deref().and_then(parse_instant) else { return (None, None) };
    let page = same_page_key(&capture.url);
    let mut latest_later: Option<(&Capture, (i64, u32))> = None;
    let mut has_earlier = false;
    let same_page = index.by_page.get(&page).map(Vec::as_slice).unwrap_or_default();
    for (other, other_time) in same_page {
        if other.id == capture.id {
            continue;
        }
        let Some(other_time) = *other_time else { continue };
        if other_time > time {
            if latest_later.is_none_or(|(_, latest)| other_time > latest) {
                latest_later = Some((other, other_time));
            }
        } else if other_time < time {
            has_earlier = true;
        }
    }
    match latest_later {
        Some((later, _)) => (Some(CaptureRole::Earlier), Some(later)),
        None if has_earlier => (Some(CaptureRole::Later), None),
        None => (None, None),
    }
}

/// What a recorded (or about to be recorded) verdict says, as the policy needs it.
#[derive(Debug, Clone, Copy)]
pub struct VerdictInput<'a> {
    pub verdict: Verdict,
    pub rationale: &'a str,
    pub reason: Option<&'a str>,
    pub reviewer_languages: &'a [String],
    pub citation_ids: &'a [CitationId],
}

/// The context of a verdict on an allegation: the captures of its site (`target_captures`, by the
/// matching rules), every loaded capture (to find later captures of the same URL and to check
/// hashes), and the case's codebook.
/// `loaded_artifacts` holds the captures the draft cites (the only ones the integrity rule looks
/// up), so a context costs the draft's citations, not the case's captures.
fn context_for<'a>(
    target_captures: &[&Capture],
    cited: impl Iterator<Item = &'a CaptureId>,
    index: &CaptureIndex<'_>,
    codebook: &Codebook,
) -> PolicyContext {
    PolicyContext {
        target_capture_ids: Some(order::set_of(target_captures.iter().map(|capture| capture.id.clone()))),
        later_capture_texts: Vec::new(),
        later_captures_unknown: false,
        loaded_artifacts: Some(order::map_of(cited.filter_map(|id| index.get(id)).map(|capture| {
            (capture.id.clone(), capture.artifacts.iter().map(|artifact| artifact.sha256.clone()).collect())
        }))),
        failed_integrity: BTreeMap::new(),
        missing_citation_ids: Vec::new(),
        codebook: codebook.clone(),
    }
}

/// Builds the policy's inputs from the review state, the same way for the form, the session's gate
/// and the verifier. When `all_captures` is empty (a review file read without its captures), the
/// context knows only the codebook: citations are taken to be in the site's capture and still
/// anchored, and whether a later capture exists is unknown.
pub fn draft_from_state(
    input: VerdictInput<'_>,
    review: &ReviewState,
    target_captures: &[&Capture],
    all_captures: &[Capture],
    codebook: &Codebook,
) -> (Draft, PolicyContext) {
    draft_from_state_indexed(input, review, target_captures, &CaptureIndex::new(all_captures), codebook)
}

/// `draft_from_state` over an index built once for many verdicts (the gate's pass).
pub fn draft_from_state_indexed(
    input: VerdictInput<'_>,
    review: &ReviewState,
    target_captures: &[&Capture],
    index: &CaptureIndex<'_>,
    codebook: &Codebook,
) -> (Draft, PolicyContext) {
    let without_captures = index.is_empty();
    let mut context = if without_captures {
        PolicyContext { later_captures_unknown: true, codebook: codebook.clone(), ..PolicyContext::default() }
    } else {
        let cited =
            input.citation_ids.iter().filter_map(|id| review.citations.get(id)).map(|citation| &citation.capture_id);
        context_for(target_captures, cited, index, codebook)
    };
    let mut citations = Vec::new();
    let mut later_capture_ids: Vec<&str> = Vec::new();
    for id in input.citation_ids {
        let Some(citation) = review.citations.get(id) else {
            context.missing_citation_ids.push(id.clone());
            continue;
        };
        let capture = index.get(&citation.capture_id);
        let (role, later) = match capture {
            Some(capture) => capture_role(capture, index),
            None => (None, None),
        };
        if let Some(later) = later {
            if !later_capture_ids.contains(&later.id.as_str()) {
                later_capture_ids.push(&later.id);
                context.later_capture_texts.push(later.text.canonical.clone());
            }
        }
        let (quote, kind, anchored) = match &citation.selector {
            Selector::Text { quote, position } => {
                let anchored = capture
                    .is_none_or(|capture| reanchor(&capture.text.canonical, quote, position) != Anchor::Orphaned);
                (quote.exact.clone(), DraftCitationKind::Text, anchored)
            }
            Selector::Region { transcription, .. } => (transcription.clone(), DraftCitationKind::Region, true),
        };
        citations.push(DraftCitation {
            quote,
            note: citation.note.clone(),
            finding: citation.finding.clone(),
            translation: citation.translation.clone(),
            description: citation.description.clone(),
            capture: role,
            quote_language: citation.quote_language.clone(),
            capture_id: if without_captures { None } else { Some(citation.capture_id.clone()) },
            artifact_sha256: Some(citation.artifact_sha256.clone()),
            kind,
            anchored,
        });
    }
    let draft = Draft {
        verdict: input.verdict,
        rationale: input.rationale.to_string(),
        reason: input.reason.map(str::to_string),
        reviewer_languages: input.reviewer_languages.to_vec(),
        citations,
    };
    (draft, context)
}

/// The draft file of `exhibit policy` (docs/FORMATS.md). Everything but the verdict may be left
/// out; `reviewer_language` (one code) is still read beside `reviewer_languages`.
#[derive(Debug, Clone, Deserialize)]
struct DraftFile {
    verdict: String,
    #[serde(default)]
    rationale: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    reviewer_language: Option<String>,
    #[serde(default)]
    reviewer_languages: Option<Vec<String>>,
    #[serde(default)]
    citations: Vec<DraftCitation>,
    /// The allegation's URL, to find its site's captures among `--captures`.
    #[serde(default)]
    allegation: Option<String>,
}

/// Fields a draft file may have.
pub const DRAFT_FIELDS: [&str; 7] =
    ["verdict", "rationale", "reason", "reviewer_language", "reviewer_languages", "citations", "allegation"];

/// A draft read from a file, with the allegation URL it names (if any).
#[derive(Debug, Clone)]
pub struct DraftRead {
    pub draft: Draft,
    pub allegation: Option<String>,
    /// Fields the file has that a draft does not (ignored, reported).
    pub unknown_fields: Vec<String>,
}

/// Reads a draft file. Working languages default to English when none is given.
pub fn draft_from_json(json: &str) -> Result<DraftRead, String> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: serde_json::Value = serde_json::from_str(json).map_err(|error| format!("not valid JSON: {error}"))?;
    let unknown_fields = value
        .as_object()
        .map(|object| object.keys().filter(|key| !DRAFT_FIELDS.contains(&key.as_str())).cloned().collect())
        .unwrap_or_default();
    let file: DraftFile = serde_json::from_value(value).map_err(|error| format!("not a verdict draft: {error}"))?;
    let verdict = Verdict::parse(file.verdict.trim()).ok_or_else(|| {
        let known: Vec<&str> = Verdict::ALL.iter().map(|verdict| verdict.as_str()).collect();
        format!("unknown verdict \"{}\": use one of {}", file.verdict, known.join(", "))
    })?;
    let mut languages: Vec<String> = file.reviewer_languages.unwrap_or_default();
    languages.extend(file.reviewer_language);
    languages.retain(|code| !code.trim().is_empty());
    if languages.is_empty() {
        languages.push("eng".to_string());
    }
    Ok(DraftRead {
        draft: Draft {
            verdict,
            rationale: file.rationale.unwrap_or_default(),
            reason: file.reason,
            reviewer_languages: languages,
            citations: file.citations,
        },
        allegation: file.allegation,
        unknown_fields,
    })
}

/// The context of a CLI draft over loaded captures (`exhibit policy --captures`): the captures of
/// the allegation's site by the matching rules (all captures when the draft names no allegation),
/// each citation's role (earlier/later) and anchoring from the capture it names, and the later
/// captures' texts. Fills what the draft leaves out exactly as the app would know it.
pub fn context_for_draft(
    draft: &mut Draft,
    allegation: Option<&str>,
    captures: &[Capture],
    codebook: &Codebook,
) -> PolicyContext {
    if captures.is_empty() {
        return PolicyContext { codebook: codebook.clone(), ..PolicyContext::default() };
    }
    let target: Vec<&Capture> = match allegation {
        Some(url) => {
            let (allegations, _) =
                crate::domain::allegations::import("draft", url, crate::domain::allegations::Format::Text);
            let report = crate::domain::matching::match_captures(&allegations, captures);
            allegations
                .iter()
                .flat_map(|allegation| report.captures_for(&allegation.id).iter())
                .filter_map(|matched| captures.iter().find(|capture| capture.id == matched.capture_id))
                .collect()
        }
        None => captures.iter().collect(),
    };
    let index = CaptureIndex::new(captures);
    let cited: Vec<CaptureId> = draft.citations.iter().filter_map(|citation| citation.capture_id.clone()).collect();
    let mut context = context_for(&target, cited.iter(), &index, codebook);
    let mut later_ids: Vec<CaptureId> = Vec::new();
    for citation in &mut draft.citations {
        let Some(capture) = citation.capture_id.as_ref().and_then(|id| index.get(id)) else {
            continue;
        };
        let (role, later) = capture_role(capture, &index);
        if citation.capture.is_none() {
            citation.capture = role;
        }
        if let Some(later) = later {
            if !later_ids.contains(&later.id) {
                later_ids.push(later.id.clone());
                context.later_capture_texts.push(later.text.canonical.clone());
            }
        }
        if citation.kind == DraftCitationKind::Text && !citation.quote.trim().is_empty() {
            citation.anchored = capture.text.canonical.contains(citation.quote.as_str())
                || find_transcription(&capture.text.canonical, &citation.quote).is_some();
        }
        if citation.artifact_sha256.is_none() {
            let artifact = match citation.kind {
                DraftCitationKind::Text => capture.text_artifact(),
                DraftCitationKind::Region => capture.artifact(crate::domain::capture::ArtifactKind::Screenshot),
            };
            citation.artifact_sha256 = artifact.map(|artifact| artifact.sha256.clone());
        }
    }
    context
}

#[cfg(test)]
mod likeness_tests {
    use super::{likeness, word_tokens};

    /// The ratio must be the one the differ gives (the gate's "copied, not translated" threshold
    /// of 0.8 was set with it): compared with `similar` on texts that are alike, unlike, empty,
    /// repetitive and in other scripts.
    #[test]
    fn likeness_is_the_differs_ratio() {
        let texts = [
            "",
            "a",
            "the meeting is on tuesday",
            "the meeting is on thursday",
            "le rendez vous est mardi",
            "aaaaabaaaaa",
            "abababababab",
            "اللقاء يوم الثلاثاء",
            "اللقاء يوم الخميس",
            "встреча во вторник",
            "placeholder text placeholder text placeholder",
            "text placeholder",
        ];
        for a in texts {
            for b in texts {
                let chars_a: Vec<char> = a.chars().collect();
                let chars_b: Vec<char> = b.chars().collect();
                let expected = similar::TextDiff::from_chars(a, b).ratio();
                assert!((likeness(&chars_a, &chars_b) - expected).abs() < 1e-6, "chars {a:?} / {b:?}");
                let expected = similar::TextDiff::from_words(a, b).ratio();
                let got = likeness(&word_tokens(a), &word_tokens(b));
                assert!((got - expected).abs() < 1e-6, "words {a:?} / {b:?}: {got} against {expected}");
            }
        }
    }
}
