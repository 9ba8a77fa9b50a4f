//! The case codebook: what a citation may say it shows, as a **finding** id. A `supported` verdict
//! needs a citation with an adverse finding, `not_supported` one with a non-adverse finding,
//! `removed` one with the `removed` finding (docs/POLICY.md).
//!
//! A codebook is case data (`codebook.json`, format in docs/FORMATS.md); the default ships with
//! the app and its ids are fixed. A codebook can never contain an identity trait: one whose
//! finding ids, labels or descriptions name a language, script, ethnicity, religion, nationality
//! or region is refused when read, with a diagnostic per offending finding. Pure: reads the
//! string it is given, never panics.

use serde::{Deserialize, Serialize};

use crate::domain::diagnostic::Diagnostic;
use crate::domain::policy::traits;

/// What a finding means for the verdicts it can back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Content that matches an allegation (backs `supported`).
    Adverse,
    /// What the site is instead (backs `not_supported`).
    NonAdverse,
    /// Content an earlier capture showed and a later one no longer does (backs `removed`).
    Removed,
}

impl FindingKind {
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Adverse => "adverse",
            FindingKind::NonAdverse => "non-adverse",
            FindingKind::Removed => "removed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id (`[a-z0-9-]`), what citations store.
    pub id: String,
    pub label: String,
    pub kind: FindingKind,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Codebook {
    pub name: String,
    pub findings: Vec<Finding>,
}

impl Default for Codebook {
    fn default() -> Self {
        Codebook::builtin()
    }
}

const DEFAULT_FINDINGS: [(&str, &str, FindingKind, &str); 10] = [
    ("praise", "Praise", FindingKind::Adverse, "Praises or glorifies an armed group, its attacks or its members."),
    ("incitement", "Incitement", FindingKind::Adverse, "Calls on readers to commit violence."),
    ("recruitment", "Recruitment", FindingKind::Adverse, "Asks readers to join, fund or travel to an armed group."),
    (
        "group-media",
        "Group media",
        FindingKind::Adverse,
        "Republishes the official media of an armed group (statements, videos, logos) without critical context.",
    ),
    ("instruction", "Instruction", FindingKind::Adverse, "Gives instructions for weapons or attacks."),
    ("reporting", "Reporting", FindingKind::NonAdverse, "News or documentation about events, including violent ones."),
    ("advocacy", "Advocacy", FindingKind::NonAdverse, "Peaceful political, human-rights or community advocacy."),
    (
        "counter-speech",
        "Counter-speech",
        FindingKind::NonAdverse,
        "Argues against violence or against an armed group's claims.",
    ),
    ("unrelated", "Unrelated", FindingKind::NonAdverse, "Content with nothing to do with the allegation."),
    (
        "removed",
        "Removed",
        FindingKind::Removed,
        "Shown in an earlier capture and absent from a later capture of the same URL.",
    ),
];

impl Codebook {
    /// The default codebook; its ids are fixed.
    pub fn builtin() -> Codebook {
        Codebook {
            name: "Exhibit default codebook".to_string(),
            findings: DEFAULT_FINDINGS
                .iter()
                .map(|(id, label, kind, description)| Finding {
                    id: (*id).to_string(),
                    label: (*label).to_string(),
                    kind: *kind,
                    description: (*description).to_string(),
                })
                .collect(),
        }
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        let id = id.trim();
        self.findings.iter().find(|finding| finding.id == id)
    }

    pub fn ids_of(&self, kind: FindingKind) -> Vec<&str> {
        self.findings.iter().filter(|finding| finding.kind == kind).map(|finding| finding.id.as_str()).collect()
    }

    /// Reads a codebook. `Err` carries the diagnostics that refuse it (the caller then keeps the
    /// default); a codebook is all or nothing, since verdicts rest on it.
    pub fn parse(path: &str, json: &str) -> Result<Codebook, Vec<Diagnostic>> {
        let refuse = |message: String| vec![Diagnostic::error(message).in_file(path)];
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let codebook: Codebook = serde_json::from_str(json).map_err(|error| {
            refuse(format!(
                "the codebook cannot be read ({error}); expected {{\"name\": …, \"findings\": [{{\"id\", \"label\", \
                 \"kind\": \"adverse\"|\"non_adverse\"|\"removed\", \"description\"}}]}}"
            ))
        })?;
        let problems = codebook.problems();
        if problems.is_empty() {
            Ok(codebook)
        } else {
            Err(problems.into_iter().map(|problem| Diagnostic::error(problem).in_file(path)).collect())
        }
    }

    /// Why a codebook cannot be used, one message a problem (empty when it can).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for finding in &self.findings {
            let id = finding.id.as_str();
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                problems.push(format!(
                    "finding id \"{id}\" must be lowercase letters, digits and hyphens (like \"group-media\")"
                ));
            }
            if !seen.insert(id) {
                problems.push(format!("finding id \"{id}\" is listed twice"));
            }
            let words: Vec<String> = [finding.id.replace('-', " "), finding.label.clone(), finding.description.clone()]
                .iter()
                .flat_map(|text| traits::trait_words(text))
                .map(|(word, trait_)| format!("\"{word}\" ({})", trait_.name()))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if !words.is_empty() {
                problems.push(format!(
                    "finding \"{id}\" is about who people are, not what the content does: it names {}. A finding \
                     says what a citation shows (praise, recruitment, reporting…); language, script, ethnicity, \
                     religion, nationality and region are never findings",
                    words.join(", ")
                ));
            }
        }
        for kind in [FindingKind::Adverse, FindingKind::NonAdverse, FindingKind::Removed] {
            if self.ids_of(kind).is_empty() {
                problems.push(format!(
                    "the codebook has no {} finding, so some verdicts could never be recorded",
                    kind.label()
                ));
            }
        }
        problems
    }
}

/// Whether an input file is a codebook, by its name.
pub fn is_codebook_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.eq_ignore_ascii_case("codebook.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_codebook_is_valid_and_has_fixed_ids() {
        let codebook = Codebook::builtin();
        assert_eq!(codebook.problems(), Vec::<String>::new());
        assert_eq!(
            codebook.ids_of(FindingKind::Adverse),
            ["praise", "incitement", "recruitment", "group-media", "instruction"]
        );
        assert_eq!(codebook.ids_of(FindingKind::NonAdverse), ["reporting", "advocacy", "counter-speech", "unrelated"]);
        assert_eq!(codebook.ids_of(FindingKind::Removed), ["removed"]);
    }

    #[test]
    fn identity_findings_are_refused() {
        let json = r#"{"name": "biased", "findings": [
            {"id": "praise", "label": "Praise", "kind": "adverse"},
            {"id": "arabic-content", "label": "Arabic content", "kind": "adverse"},
            {"id": "muslim", "label": "Religious site", "kind": "adverse"},
            {"id": "news", "label": "News", "kind": "non_adverse"},
            {"id": "removed", "label": "Removed", "kind": "removed"}]}"#;
        let errors = Codebook::parse("codebook.json", json).expect_err("refused");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("arabic"));
        assert!(errors[1].message.contains("muslim"));
    }

    #[test]
    fn unreadable_codebooks_say_why() {
        assert!(Codebook::parse("c.json", "{").is_err());
        let errors = Codebook::parse("c.json", r#"{"name": "x", "findings": []}"#).expect_err("no kinds");
        assert_eq!(errors.len(), 3);
    }
}
