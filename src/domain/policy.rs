//! The evidence policy: decides whether a verdict draft may be recorded, and says why not in plain
//! language. A verdict is recorded only when it rests on cited evidence from the capture of the
//! alleged site; the page's language and script are context, never evidence.
//!
//! `evaluate` is a pure function of a [`Draft`] and a [`PolicyContext`]; the app, the session
//! reducer and the `exhibit policy` / `exhibit verify` commands all build those the same way
//! ([`draft_from_state`]) and get the same answer. Nothing here records anything, reads a clock or
//! a file, or panics on any input; and no rule ever accepts a verdict *because of* a language.

mod capture_order;
pub mod words;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::capture::Capture;
use crate::domain::citation::{find_transcription, reanchor, Anchor, Selector};
use crate::domain::language;
use crate::domain::review_log::{ReviewState, Verdict};
use words::{QuoteProblem, MIN_QUOTE_LETTERS, MIN_QUOTE_WORDS};

pub use capture_order::{parse_instant, same_page_key};

/// One rule of the policy. Serialises to a stable kebab-case id, used in the CLI's JSON, in
/// exports and in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    EvidenceRequired,
    CitationNoteRequired,
    TranslationRequired,
    LanguageNotEvidence,
    RemovedNeedsBeforeAfter,
    ReasonRequired,
    CaptureIntegrity,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::EvidenceRequired,
        Rule::CitationNoteRequired,
        Rule::TranslationRequired,
        Rule::LanguageNotEvidence,
        Rule::RemovedNeedsBeforeAfter,
        Rule::ReasonRequired,
        Rule::CaptureIntegrity,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::EvidenceRequired => "evidence-required",
            Rule::CitationNoteRequired => "citation-note-required",
            Rule::TranslationRequired => "translation-required",
            Rule::LanguageNotEvidence => "language-not-evidence",
            Rule::RemovedNeedsBeforeAfter => "removed-needs-before-after",
            Rule::ReasonRequired => "reason-required",
            Rule::CaptureIntegrity => "capture-integrity",
        }
    }

    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// One plain sentence saying what the rule asks, for the verdict form's checklist.
    pub fn description(self) -> &'static str {
        match self {
            Rule::EvidenceRequired => "Cite at least one passage or screenshot region from this site's capture.",
            Rule::CitationNoteRequired => "Say, for each citation, what it shows.",
            Rule::TranslationRequired => "Translate each quote that is not in your working language.",
            Rule::LanguageNotEvidence => "The page's language or script is context, not evidence.",
            Rule::RemovedNeedsBeforeAfter => {
                "For removed: cite the earlier capture, and have a later capture where the passage is gone."
            }
            Rule::ReasonRequired => "For inconclusive and unreviewable: give a reason.",
            Rule::CaptureIntegrity => "Each cited file must be the same bytes as the loaded capture.",
        }
    }

    /// Whether the rule can refuse a verdict of this kind at all.
    pub fn applies_to(self, verdict: Verdict) -> bool {
        match self {
            Rule::EvidenceRequired => verdict != Verdict::Unreviewable,
            Rule::RemovedNeedsBeforeAfter => verdict == Verdict::Removed,
            Rule::ReasonRequired => matches!(verdict, Verdict::Inconclusive | Verdict::Unreviewable),
            Rule::CitationNoteRequired
            | Rule::TranslationRequired
            | Rule::LanguageNotEvidence
            | Rule::CaptureIntegrity => true,
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.id())
    }
}

/// Why a draft cannot be recorded yet, and what to do about it.
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
    /// A marked screenshot region; `quote` is its transcription (may be blank).
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
    pub translation: Option<String>,
    /// For `removed`: whether this is the earlier capture or the later one.
    pub capture: Option<CaptureRole>,
    /// ISO 639-3 code of the quote's language, when known (else detected from the quote).
    pub quote_language: Option<String>,
    /// The capture it points into; `None` means the capture of the allegation's site (CLI drafts).
    pub capture_id: Option<String>,
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
            translation: None,
            capture: None,
            quote_language: None,
            capture_id: None,
            artifact_sha256: None,
            kind: DraftCitationKind::Text,
            anchored: true,
        }
    }
}

/// A verdict about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub verdict: Verdict,
    pub rationale: String,
    pub reason: Option<String>,
    /// ISO 639-3 code of the reviewer's working language (`eng`, `fra`, `arb`…).
    pub reviewer_language: String,
    pub citations: Vec<DraftCitation>,
}

/// What the policy knows beyond the draft. `Default` knows nothing: the CLI's view, where a
/// citation is taken to be in the alleged site's capture and hashes cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyContext {
    /// Ids of the captures of the allegation's site; `None` when unknown (then every citation
    /// without a capture id, and every one with an id, is taken to be in it).
    pub target_capture_ids: Option<BTreeSet<String>>,
    /// Canonical texts of the later captures in which earlier quotes must be absent.
    pub later_capture_texts: Vec<String>,
    /// Artifact hashes of each loaded capture, by capture id; `None` when nothing is loaded (CLI).
    pub loaded_artifacts: Option<BTreeMap<String, Vec<String>>>,
    /// Citation ids the verdict names that are no longer in the review.
    pub missing_citation_ids: Vec<String>,
}

/// Checks a draft against every rule. Empty means it may be recorded. Violations come in rule
/// order, then citation order.
pub fn evaluate(draft: &Draft, context: &PolicyContext) -> Vec<Violation> {
    let mut violations = Vec::new();
    evidence_required(draft, context, &mut violations);
    citation_note_required(draft, &mut violations);
    translation_required(draft, &mut violations);
    language_not_evidence(draft, &mut violations);
    removed_needs_before_after(draft, context, &mut violations);
    reason_required(draft, &mut violations);
    capture_integrity(draft, context, &mut violations);
    violations
}

/// Every rule with whether it holds for this draft (rules that do not apply to the verdict hold).
pub fn satisfied_rules(draft: &Draft, context: &PolicyContext) -> Vec<(Rule, bool)> {
    let violations = evaluate(draft, context);
    Rule::ALL.into_iter().map(|rule| (rule, violations.iter().all(|violation| violation.rule != rule))).collect()
}

fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|text| text.trim().is_empty())
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

/// Why a citation does not count as evidence, if it does not.
fn not_evidence_because(index: usize, citation: &DraftCitation, context: &PolicyContext) -> Option<String> {
    let n = number(index);
    if !in_target(citation, context) {
        return Some(format!("citation {n} is in a capture of another site"));
    }
    if !citation.anchored {
        return Some(format!("citation {n} can no longer be found in its capture's text"));
    }
    if citation.kind == DraftCitationKind::Region && citation.quote.trim().is_empty() {
        return None;
    }
    match words::quote_problem(&citation.quote) {
        None => None,
        Some(QuoteProblem::Empty) => Some(format!("citation {n} quotes nothing")),
        Some(QuoteProblem::NoLetters) => Some(format!("citation {n} is only numbers or punctuation")),
        Some(QuoteProblem::TooShort) => Some(format!(
            "citation {n} is too short to show anything (quote at least {MIN_QUOTE_WORDS} words and \
             {MIN_QUOTE_LETTERS} letters: a whole sentence is best)"
        )),
        Some(QuoteProblem::LanguageLabel) => Some(format!("citation {n} only names a language or script")),
    }
}

fn evidence_required(draft: &Draft, context: &PolicyContext, violations: &mut Vec<Violation>) {
    if draft.verdict == Verdict::Unreviewable {
        return;
    }
    for missing in &context.missing_citation_ids {
        violations.push(Violation::new(
            Rule::EvidenceRequired,
            format!("The verdict names citation {missing}, which is no longer in the review: cite it again or leave it out."),
        ));
    }
    let reasons: Vec<String> = draft
        .citations
        .iter()
        .enumerate()
        .map(|(index, citation)| not_evidence_because(index, citation, context))
        .collect::<Option<Vec<String>>>()
        .unwrap_or_default();
    if !draft.citations.is_empty() && reasons.is_empty() {
        return;
    }
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

fn citation_note_required(draft: &Draft, violations: &mut Vec<Violation>) {
    for (index, citation) in draft.citations.iter().enumerate() {
        let n = number(index);
        if citation.note.trim().is_empty() {
            violations.push(Violation::new(
                Rule::CitationNoteRequired,
                format!("Citation {n} has no note: say in a few words what it shows (for example \"announces a fundraising dinner\")."),
            ));
            continue;
        }
        let analysis = words::analyse(&citation.note);
        // A note about language only is refused by `language-not-evidence`, not twice.
        if analysis.content_words.is_empty() && !analysis.mentions_language() {
            violations.push(Violation::new(
                Rule::CitationNoteRequired,
                format!(
                    "The note of citation {n} (\"{}\") gives a label, not what the citation shows: describe what the \
                     passage or region says or depicts.",
                    citation.note.trim()
                ),
            ));
        }
    }
}

/// ISO 639-3 as whatlang writes it, from the codes people type.
fn normalise_language_code(code: &str) -> String {
    let code = code.trim().to_ascii_lowercase();
    let code = code.split(['-', '_']).next().unwrap_or("").to_string();
    let alias = match code.as_str() {
        "en" => "eng",
        "ar" | "arb" => "ara",
        "fa" | "fas" | "per" => "pes",
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
        _ => return code,
    };
    alias.to_string()
}

fn language_name(code: &str) -> String {
    match whatlang::Lang::from_code(code) {
        Some(lang) => format!("{} ({code})", lang.eng_name()),
        None => code.to_string(),
    }
}

/// What the quote's language is, as far as can be told: a code, or only a script.
enum QuoteLanguage {
    Code(String),
    Script(whatlang::Script),
    Unknown,
}

/// Reads the stored tag (`quote_language`): an ISO 639 code, or `und-Xxxx` for a script only.
/// Without a tag only the script is read from the quote: language detection happens once, when
/// the citation is made (the app) or before the policy runs (`fill_quote_languages`, the CLI and
/// the verifier), so this function never needs a language model.
fn quote_language(tag: Option<&str>, quote: &str) -> QuoteLanguage {
    if let Some(tag) = tag.filter(|tag| !tag.trim().is_empty()) {
        return match language::script_of_tag(tag) {
            Some(script) => QuoteLanguage::Script(script),
            None if tag.trim().starts_with("und") => QuoteLanguage::Unknown,
            None => QuoteLanguage::Code(normalise_language_code(tag)),
        };
    }
    match language::script_of(quote) {
        Some(script) => QuoteLanguage::Script(script),
        None => QuoteLanguage::Unknown,
    }
}

/// Detects the language of every citation quote that has no tag yet (`language::quote_language`),
/// exactly as the app does when a citation is made. The CLI and the verifier call this before
/// `evaluate`.
pub fn fill_quote_languages(draft: &mut Draft) {
    for citation in &mut draft.citations {
        if citation.quote_language.as_deref().is_none_or(|tag| tag.trim().is_empty()) {
            citation.quote_language = language::quote_language(&citation.quote);
        }
    }
}

/// The language a quote is in, named for the reviewer, when it is not the reviewer's working
/// language (`None` when it is, or cannot be told).
pub fn foreign_language(quote_language_tag: Option<&str>, quote: &str, reviewer_language: &str) -> Option<String> {
    let reviewer = normalise_language_code(reviewer_language);
    let reviewer_lang = whatlang::Lang::from_code(reviewer.as_str());
    match quote_language(quote_language_tag, quote) {
        QuoteLanguage::Code(code) if code != reviewer => Some(language_name(&code)),
        QuoteLanguage::Script(script) => match reviewer_lang {
            Some(lang) if !script.langs().contains(&lang) => Some(format!("{} script", script.name())),
            _ => None,
        },
        QuoteLanguage::Code(_) | QuoteLanguage::Unknown => None,
    }
}

fn translation_required(draft: &Draft, violations: &mut Vec<Violation>) {
    let reviewer = normalise_language_code(&draft.reviewer_language);
    for (index, citation) in draft.citations.iter().enumerate() {
        if citation.capture == Some(CaptureRole::Later)
            || citation.quote.trim().is_empty()
            || !is_blank(citation.translation.as_deref())
        {
            continue;
        }
        let foreign = foreign_language(citation.quote_language.as_deref(), &citation.quote, &reviewer);
        if let Some(foreign) = foreign {
            violations.push(Violation::new(
                Rule::TranslationRequired,
                format!(
                    "Citation {} is in {foreign}, not in your working language ({}): add your translation of the \
                     quote so that anyone checking the verdict can read what it says.",
                    number(index),
                    language_name(&reviewer)
                ),
            ));
        }
    }
}

/// Content words a rationale needs once language and filler words are removed (2 suffice when it
/// also points at the cited evidence).
pub const MIN_RATIONALE_CONTENT_WORDS: usize = 3;
/// Content words a note that mentions language needs besides it.
pub const MIN_NOTE_CONTENT_WORDS: usize = 2;

/// Whether a rationale mentions language and, without it and filler, says too little.
pub fn rationale_rests_on_language(rationale: &str) -> bool {
    let analysis = words::analyse(rationale);
    let content = analysis.content_words.len();
    analysis.mentions_language()
        && content < MIN_RATIONALE_CONTENT_WORDS
        && !(analysis.references_evidence && content + 1 >= MIN_RATIONALE_CONTENT_WORDS)
}

/// Whether a citation note mentions language and says too little besides.
pub fn note_rests_on_language(note: &str) -> bool {
    let analysis = words::analyse(note);
    analysis.mentions_language() && analysis.content_words.len() < MIN_NOTE_CONTENT_WORDS
}

fn quoted_words(words: &[String]) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for word in words {
        if !unique.contains(&word.as_str()) {
            unique.push(word);
        }
    }
    unique.iter().map(|word| format!("\"{word}\"")).collect::<Vec<_>>().join(", ")
}

fn language_not_evidence(draft: &Draft, violations: &mut Vec<Violation>) {
    if rationale_rests_on_language(&draft.rationale) {
        let analysis = words::analyse(&draft.rationale);
        violations.push(Violation::new(
            Rule::LanguageNotEvidence,
            format!(
                "The rationale rests on the page's language ({}). A language or script is not evidence: many sites in \
                 any language have nothing to do with the allegation. Say what the cited passages show (for example \
                 \"quote 1 announces a meeting and gives a contact address\"); you may mention the language as well.",
                quoted_words(&analysis.language_words)
            ),
        ));
    }
    for (index, citation) in draft.citations.iter().enumerate() {
        let n = number(index);
        if note_rests_on_language(&citation.note) {
            violations.push(Violation::new(
                Rule::LanguageNotEvidence,
                format!(
                    "The note of citation {n} only describes the language or script ({}). Say what the passage or \
                     region says or depicts.",
                    quoted_words(&words::analyse(&citation.note).language_words)
                ),
            ));
        }
        if citation.capture != Some(CaptureRole::Later)
            && words::quote_problem(&citation.quote) == Some(QuoteProblem::LanguageLabel)
        {
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
    if draft.verdict != Verdict::Removed {
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
        violations.push(Violation::new(
            Rule::RemovedNeedsBeforeAfter,
            "There is no later capture of the same URL to show that the content is gone. Load a later capture of the \
             page (from the command line: add a citation with \"capture\": \"later\" holding the later page's text).",
        ));
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
            "say why there is no usable capture (for example: capture failed, page blank, site offline)"
        }
        _ => return,
    };
    if is_blank(draft.reason.as_deref()) {
        violations.push(Violation::new(
            Rule::ReasonRequired,
            format!("An {} verdict needs a reason: {what}.", draft.verdict.label().to_ascii_lowercase()),
        ));
    }
}

fn capture_integrity(draft: &Draft, context: &PolicyContext, violations: &mut Vec<Violation>) {
    let Some(loaded) = &context.loaded_artifacts else { return };
    for (index, citation) in draft.citations.iter().enumerate() {
        let n = number(index);
        let Some(capture_id) = &citation.capture_id else { continue };
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

/// The role of a capture among the captures of the same URL: `Earlier` when a later one exists,
/// `Later` when only earlier ones exist, `None` when alone or when the times cannot be read.
fn capture_role<'a>(capture: &Capture, all_captures: &'a [Capture]) -> (Option<CaptureRole>, Option<&'a Capture>) {
    let Some(time) = capture.captured_at.as_deref().and_then(parse_instant) else { return (None, None) };
    let page = same_page_key(&capture.url);
    let mut latest_later: Option<(&Capture, (i64, u32))> = None;
    let mut has_earlier = false;
    for other in all_captures {
        if other.id == capture.id || same_page_key(&other.url) != page {
            continue;
        }
        let Some(other_time) = other.captured_at.as_deref().and_then(parse_instant) else { continue };
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

/// Builds the policy's inputs from the review state, the same way in the app, the session reducer
/// and the verifier. `citation_ids` are the citations the verdict names; `target_captures` are the
/// captures matched to the allegation; `all_captures` are every loaded capture (to find later
/// captures of the same URL and to check hashes).
#[allow(clippy::too_many_arguments)]
pub fn draft_from_state(
    allegation_id: &str,
    verdict: Verdict,
    rationale: &str,
    reason: Option<&str>,
    reviewer_language: &str,
    citation_ids: &[String],
    review: &ReviewState,
    target_captures: &[&Capture],
    all_captures: &[Capture],
) -> (Draft, PolicyContext) {
    let _ = allegation_id; // Citations are judged by the capture they are in, not by who made them.
    let mut citations = Vec::new();
    let mut missing_citation_ids = Vec::new();
    let mut later_capture_ids: Vec<&str> = Vec::new();
    let mut later_capture_texts = Vec::new();
    for id in citation_ids {
        let Some(citation) = review.citations.get(id) else {
            missing_citation_ids.push(id.clone());
            continue;
        };
        let capture = all_captures.iter().find(|capture| capture.id == citation.capture_id);
        let (role, later) = match capture {
            Some(capture) => capture_role(capture, all_captures),
            None => (None, None),
        };
        if let Some(later) = later {
            if !later_capture_ids.contains(&later.id.as_str()) {
                later_capture_ids.push(&later.id);
                later_capture_texts.push(later.text.canonical.clone());
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
            translation: citation.translation.clone(),
            capture: role,
            quote_language: citation.quote_language.clone(),
            capture_id: Some(citation.capture_id.clone()),
            artifact_sha256: Some(citation.artifact_sha256.clone()),
            kind,
            anchored,
        });
    }
    let draft = Draft {
        verdict,
        rationale: rationale.to_string(),
        reason: reason.map(str::to_string),
        reviewer_language: reviewer_language.to_string(),
        citations,
    };
    let context = PolicyContext {
        target_capture_ids: Some(target_captures.iter().map(|capture| capture.id.clone()).collect()),
        later_capture_texts,
        loaded_artifacts: Some(
            all_captures
                .iter()
                .map(|capture| {
                    (capture.id.clone(), capture.artifacts.iter().map(|artifact| artifact.sha256.clone()).collect())
                })
                .collect(),
        ),
        missing_citation_ids,
    };
    (draft, context)
}
