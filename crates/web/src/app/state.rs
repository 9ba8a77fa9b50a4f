//! The app's one state and one reducer. Review transitions go through `domain::session::apply`;
//! everything else here is view state (selection, filter, panels). The reducer never does I/O:
//! appended events land in `outbox`, and an effect in `app` persists them.

use std::rc::Rc;
use std::sync::Arc;

use yew::Reducible;

use crate::domain::capture::InputFile;
use crate::domain::order;
use crate::domain::policy::Violation;
use crate::domain::review_log::{Event, Verdict};
use crate::domain::session::{apply, Case, Session, SessionAction};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SaveStatus {
    #[default]
    Saved,
    Saving,
    /// Saved, but only in localStorage (IndexedDB refused): shown as a warning.
    LocalOnly(String),
    /// Not saved anywhere: kept in memory; export offered.
    Failed(String),
}

/// How the queue is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    /// The order of the list as written.
    #[default]
    ListOrder,
    Host,
    /// Unreviewed first, then by verdict.
    Verdict,
    /// Flagged allegations first.
    FlagsFirst,
    /// Allegations without a capture first.
    NoCaptureFirst,
}

impl QueueSort {
    pub const ALL: [(QueueSort, &'static str, &'static str); 5] = [
        (QueueSort::ListOrder, "list", "list order"),
        (QueueSort::Host, "host", "host"),
        (QueueSort::Verdict, "verdict", "unreviewed first"),
        (QueueSort::FlagsFirst, "flags", "flagged first"),
        (QueueSort::NoCaptureFirst, "nocapture", "no capture first"),
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Review,
    Captures,
    Import,
    Dashboard,
    /// The team: assignment, reviewers' files, agreed and disputed allegations, adjudication.
    Team,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Incremented by every action: tells contexts made from different states apart cheaply.
    pub revision: u64,
    /// The review as this reviewer may see it (`team::shown_view` of `log`): every view and every
    /// export reads this. The same `Rc` as `log` unless a team assignment hides other reviewers'
    /// work from them. Behind `Rc`: an action that does not change the review (a filter
    /// keystroke, a progress tick) copies a pointer, not the log.
    pub session: Rc<Session>,
    /// The whole log of this browser (every reviewer's events it holds): what review actions
    /// apply to and what is saved. Only the reducer reads it.
    pub log: Rc<Session>,
    /// Storage key of the open case (`demo` for the demo case).
    pub case_key: String,
    /// The files an imported case was built from (kept to add captures to it).
    pub case_files: Option<Rc<(Vec<InputFileRef>, Vec<InputFileRef>)>>,
    /// The open case is the demo's prebuilt one (a first visit): its queue is all there, its
    /// captures' texts and bytes are still being read (`CaseCompleted` brings them).
    pub completing: bool,
    pub selected_allegation: Option<String>,
    pub selected_capture: Option<String>,
    pub filter: String,
    pub sort: QueueSort,
    pub view: View,
    pub loading: Option<String>,
    pub load_progress: Option<(usize, usize)>,
    /// The loading is an import the reviewer may cancel.
    pub loading_cancellable: bool,
    pub banner: Option<String>,
    /// The policy's tables are installed (`domain::tables`): until then the gate judges nothing
    /// and refuses every verdict (`Rule::PolicyLoaded`); the pending verdicts wait for them.
    pub policy_ready: bool,
    pub save: SaveStatus,
    /// Events appended but not yet confirmed saved.
    pub outbox: Vec<Event>,
    /// Why the last verdict was refused, if it was.
    pub refused: Vec<Violation>,
    pub help_open: bool,
    /// The verdict chosen in the form (also set by keys 1–5), not yet recorded.
    pub draft_verdict: Option<crate::domain::review_log::Verdict>,
    /// Who reviews (asked on first use, saved in this browser); `None` until set.
    pub profile: Option<ReviewerProfile>,
    /// Whether the saved profile has been looked for (the dialog waits for that).
    pub profile_checked: bool,
    /// The profile dialog was opened from the shell (to edit the profile).
    pub profile_open: bool,
    /// The single-key shortcuts (saved in this browser).
    pub shortcuts: Shortcuts,
    /// Asks the screenshot to start a region with the keyboard (incremented by the shortcut).
    pub mark_region: u32,
    /// In a team case, the queue lists only the allegations assigned to this reviewer.
    pub all_allegations: bool,
    /// Live sync with a CouchDB case database (issue 15).
    pub sync: SyncView,
    /// A place in a capture's text to show (jump to a citation): the text view renders it,
    /// scrolls to it and focuses it, then says it is done (`TextRevealed`).
    pub reveal: Option<TextReveal>,
}

/// A request to show code points `start..end` of a capture's text (the text view is virtualised:
/// a passage scrolled away is not in the DOM to be found, so the request goes through the state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextReveal {
    /// Tells requests apart (the state's revision when it was made).
    pub seq: u64,
    pub capture_id: String,
    pub start: usize,
    pub end: usize,
    /// The citation whose mark gets the focus, if the place is one.
    pub citation_id: Option<String>,
}

/// Where live sync stands, as the Team view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SyncStatus {
    #[default]
    NeverSynced,
    Syncing,
    /// Up to date at this time (RFC 3339).
    UpToDate(String),
    /// The server could not be reached (the reason); the app works on, and retries.
    Offline(String),
    /// The server refused (wrong password, not a member, …): no retry until the settings change.
    Refused(String),
}

impl SyncStatus {
    /// A stable name for `data-state`.
    pub fn name(&self) -> &'static str {
        match self {
            SyncStatus::NeverSynced => "never",
            SyncStatus::Syncing => "syncing",
            SyncStatus::UpToDate(_) => "synced",
            SyncStatus::Offline(_) => "offline",
            SyncStatus::Refused(_) => "refused",
        }
    }
}

/// The case database and who syncs with it. The password is kept in memory (for this tab) unless
/// the reviewer asked to remember it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SyncSettings {
    /// The case database URL, e.g. `https://couch.example.org/case-demo` (no credentials).
    pub url: String,
    /// The CouchDB user name (the reviewer's profile name: the server lets them write only their
    /// own events).
    pub user: String,
}

/// Live sync as the app holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncView {
    pub settings: Option<SyncSettings>,
    pub password: Option<String>,
    pub status: SyncStatus,
    /// What the last sync found wrong (the server refused an event; a pulled event failed the
    /// chain checks), each naming the reviewer and the event.
    pub problems: Vec<String>,
    /// Events sent and received since sync was set up in this tab.
    pub last_counts: (usize, usize),
}

/// What a single-key shortcut does (WCAG 2.1.4: every one can be turned off or remapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShortcutAction {
    Next,
    Previous,
    Cite,
    MarkRegion,
    Filter,
    Help,
    Verdict1,
    Verdict2,
    Verdict3,
    Verdict4,
    Verdict5,
}

impl ShortcutAction {
    pub const ALL: [ShortcutAction; 11] = [
        ShortcutAction::Next,
        ShortcutAction::Previous,
        ShortcutAction::Cite,
        ShortcutAction::MarkRegion,
        ShortcutAction::Filter,
        ShortcutAction::Help,
        ShortcutAction::Verdict1,
        ShortcutAction::Verdict2,
        ShortcutAction::Verdict3,
        ShortcutAction::Verdict4,
        ShortcutAction::Verdict5,
    ];

    /// The key it has unless remapped.
    pub fn default_key(self) -> &'static str {
        match self {
            ShortcutAction::Next => "j",
            ShortcutAction::Previous => "k",
            ShortcutAction::Cite => "c",
            ShortcutAction::MarkRegion => "r",
            ShortcutAction::Filter => "/",
            ShortcutAction::Help => "?",
            ShortcutAction::Verdict1 => "1",
            ShortcutAction::Verdict2 => "2",
            ShortcutAction::Verdict3 => "3",
            ShortcutAction::Verdict4 => "4",
            ShortcutAction::Verdict5 => "5",
        }
    }

    /// A stable id (for test ids and storage).
    pub fn id(self) -> &'static str {
        match self {
            ShortcutAction::Next => "next",
            ShortcutAction::Previous => "previous",
            ShortcutAction::Cite => "cite",
            ShortcutAction::MarkRegion => "mark-region",
            ShortcutAction::Filter => "filter",
            ShortcutAction::Help => "help",
            ShortcutAction::Verdict1 => "verdict1",
            ShortcutAction::Verdict2 => "verdict2",
            ShortcutAction::Verdict3 => "verdict3",
            ShortcutAction::Verdict4 => "verdict4",
            ShortcutAction::Verdict5 => "verdict5",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            ShortcutAction::Next => "next allegation",
            ShortcutAction::Previous => "previous allegation",
            ShortcutAction::Cite => "cite the selected passage",
            ShortcutAction::MarkRegion => "mark a screenshot region with the keyboard",
            ShortcutAction::Filter => "filter the queue",
            ShortcutAction::Help => "show or hide the keyboard help",
            ShortcutAction::Verdict1 => "choose supported",
            ShortcutAction::Verdict2 => "choose not supported",
            ShortcutAction::Verdict3 => "choose removed",
            ShortcutAction::Verdict4 => "choose inconclusive",
            ShortcutAction::Verdict5 => "choose unreviewable",
        }
    }

    /// The verdict a `VerdictN` shortcut chooses.
    pub fn verdict(self) -> Option<Verdict> {
        let index = match self {
            ShortcutAction::Verdict1 => 0,
            ShortcutAction::Verdict2 => 1,
            ShortcutAction::Verdict3 => 2,
            ShortcutAction::Verdict4 => 3,
            ShortcutAction::Verdict5 => 4,
            _ => return None,
        };
        Verdict::ALL.get(index).copied()
    }
}

/// The single-key shortcuts: on or off, and each action's key (one character; empty: none).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shortcuts {
    pub enabled: bool,
    #[serde(default)]
    pub keys: std::collections::BTreeMap<ShortcutAction, String>,
}

impl Default for Shortcuts {
    fn default() -> Shortcuts {
        Shortcuts {
            enabled: true,
            keys: order::map_of(ShortcutAction::ALL.iter().map(|action| (*action, action.default_key().to_string()))),
        }
    }
}

impl Shortcuts {
    /// The key bound to an action (its default when the stored map lacks it).
    pub fn key(&self, action: ShortcutAction) -> String {
        self.keys.get(&action).cloned().unwrap_or_else(|| action.default_key().to_string())
    }

    /// The action a pressed key triggers, when shortcuts are on.
    pub fn action_for(&self, key: &str) -> Option<ShortcutAction> {
        if !self.enabled || key.is_empty() {
            return None;
        }
        ShortcutAction::ALL.iter().copied().find(|action| self.key(*action) == key)
    }

    /// Binds `key` (its first character; empty unbinds) to `action`; another action bound to the
    /// same key loses it.
    pub fn remap(&self, action: ShortcutAction, key: &str) -> Shortcuts {
        let key: String = key.trim().chars().take(1).collect();
        let mut next = self.clone();
        for other in ShortcutAction::ALL {
            if other != action && !key.is_empty() && next.key(other) == key {
                next.keys.insert(other, String::new());
            }
        }
        next.keys.insert(action, key);
        next
    }

    /// Reads stored shortcuts (JSON); `None` when it is not that.
    pub fn from_json(json: &str) -> Option<Shortcuts> {
        serde_json::from_str(json).ok()
    }

    /// The `aria-keyshortcuts` value of an action (empty when off or unbound).
    pub fn aria(&self, action: ShortcutAction) -> String {
        if self.enabled {
            self.key(action)
        } else {
            String::new()
        }
    }
}

/// The name events are stamped with before a profile exists (the first `CaseLoaded`).
pub const UNNAMED_REVIEWER: &str = "reviewer";

/// The reviewer: the name stamped into every event, and the working languages (ISO 639-3, the
/// first one the main one) that every verdict records and the translation rule reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ReviewerProfile {
    pub name: String,
    pub languages: Vec<String>,
}

impl ReviewerProfile {
    /// A profile with a trimmed name and normalised, deduplicated language codes; `None` unless it
    /// has a name and at least one valid code.
    pub fn new(name: &str, languages: &[String]) -> Option<ReviewerProfile> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut codes: Vec<String> = Vec::new();
        for code in languages {
            if let Ok(code) = language_code(code) {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        (!name.is_empty() && !codes.is_empty()).then_some(ReviewerProfile { name, languages: codes })
    }

    /// Reads a stored profile (JSON); `None` when it is not one.
    pub fn from_json(json: &str) -> Option<ReviewerProfile> {
        let read: ReviewerProfile = serde_json::from_str(json).ok()?;
        ReviewerProfile::new(&read.name, &read.languages)
    }

    /// The first working language (what `VerdictRecord::reviewer_language` keeps).
    pub fn main_language(&self) -> String {
        self.languages.first().cloned().unwrap_or_default()
    }
}

/// An ISO 639-3 code from what a reviewer typed (`ar`, `ARA`, `Arabic` → `ara`), or why not.
pub fn language_code(typed: &str) -> Result<String, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("Type a language code (ISO 639-3, like ara or ckb).".to_string());
    }
    let code = crate::domain::policy::normalise_language_code(typed);
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(format!("“{typed}” is not an ISO 639-3 code: three letters, like ara, pes or ckb."))
    }
}

/// The files a case was built from, as state keeps them.
fn files_ref((allegations, captures): (Vec<InputFile>, Vec<InputFile>)) -> Rc<(Vec<InputFileRef>, Vec<InputFileRef>)> {
    Rc::new((allegations.into_iter().map(InputFileRef).collect(), captures.into_iter().map(InputFileRef).collect()))
}

/// An input file kept in state (compared by path and length only).
#[derive(Debug, Clone)]
pub struct InputFileRef(pub InputFile);

impl PartialEq for InputFileRef {
    fn eq(&self, other: &Self) -> bool {
        self.0.path == other.0.path && self.0.bytes.len() == other.0.bytes.len()
    }
}

pub enum AppAction {
    /// Judges pending verdicts (`Session::judge_pending`) until `budget_ms` of `now` have passed
    /// (at least one), then lets the page breathe: the app dispatches it again while any is pending.
    JudgePending {
        budget_ms: f64,
        now: fn() -> f64,
    },
    Loading(String),
    /// An import started building (cancellable, see `ImportCancelled`).
    Importing(String),
    /// The reviewer cancelled an import: nothing of it was stored, the open case is unchanged.
    ImportCancelled,
    Progress(usize, usize),
    /// A case is ready: either freshly loaded (a `CaseLoaded` event is appended) or restored.
    CaseReady {
        case: Arc<Case>,
        key: String,
        events: Vec<Event>,
        files: Option<(Vec<InputFile>, Vec<InputFile>)>,
        stamp: Option<crate::domain::session::Stamp>,
    },
    /// The case just opened is prebuilt: its captures come with `CaseCompleted`.
    CaseCompleting,
    /// The open case `key` completed (`Some`: the same case with its captures' texts and bytes, and
    /// the files it was built from), or not (`None`: they could not be read; the loader says why).
    CaseCompleted {
        key: String,
        case: Option<Arc<Case>>,
        files: Option<(Vec<InputFile>, Vec<InputFile>)>,
    },
    Review(SessionAction),
    /// Events another tab wrote.
    Remote(Vec<Event>),
    /// Events already in the session that still need saving (found only in the journal).
    Resave(Vec<Event>),
    /// Storage came back after it was lost under the app: save every event of the review again.
    ResaveAll,
    /// Events from an imported review file: merged by id, and the new ones saved.
    ImportEvents(Vec<Event>),
    Saved(Vec<crate::domain::ids::EventId>, SaveStatus),
    Banner(Option<String>),
    /// The policy's tables were fetched, checked and installed, or why not (`loader::load_policy`).
    PolicyLoaded(Result<(), String>),
    SelectAllegation(String),
    SelectCapture(Option<String>),
    /// Show a place of a capture's text (and choose that capture): see `TextReveal`.
    RevealText {
        capture_id: String,
        start: usize,
        end: usize,
        citation_id: Option<String>,
    },
    /// The text view showed the request with this `seq`.
    TextRevealed(u64),
    Step(i32),
    Filter(String),
    Sort(QueueSort),
    SetView(View),
    ToggleHelp,
    DraftVerdict(Option<crate::domain::review_log::Verdict>),
    /// The saved profile, looked for at start (`None`: none saved yet, so the dialog asks).
    ProfileLoaded(Option<ReviewerProfile>),
    /// The reviewer saved the profile dialog (the effect has stored it).
    SetProfile(ReviewerProfile),
    /// Opens or closes the profile dialog.
    OpenProfile(bool),
    /// The single-key shortcuts changed (the effect has stored them) or were read at start.
    SetShortcuts(Shortcuts),
    /// Start marking a screenshot region with the keyboard.
    MarkRegion,
    /// In a team case: list every allegation in the queue (`true`) or only this reviewer's.
    ShowAllAllegations(bool),
    /// Live sync configured (or, `None`, turned off), with the password for this tab.
    SyncConfigured(Option<(SyncSettings, Option<String>)>),
    /// A sync began.
    SyncStarted,
    /// A sync ended: the new status, the problems found, events pushed and pulled.
    SyncFinished(SyncStatus, Vec<String>, (usize, usize)),
}

/// Lower case for matching the filter (per character: enough to compare, and it shares the
/// conversion tables the policy already uses instead of linking `str::to_lowercase` too).
fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

impl AppState {
    /// The name to stamp events with.
    pub fn reviewer_name(&self) -> String {
        self.profile.as_ref().map_or_else(|| UNNAMED_REVIEWER.to_string(), |profile| profile.name.clone())
    }

    /// The reviewer's working languages (empty until the profile is set).
    pub fn reviewer_languages(&self) -> Vec<String> {
        self.profile.as_ref().map(|profile| profile.languages.clone()).unwrap_or_default()
    }

    /// Whether the profile dialog is shown: opened, or asked on first use.
    pub fn profile_dialog_shown(&self) -> bool {
        self.profile_open || (self.profile_checked && self.profile.is_none())
    }

    /// Whether the allegation's current verdict does not stand under the policy.
    pub fn is_invalid(&self, allegation_id: &str) -> bool {
        self.session.statuses.get(allegation_id).is_some_and(|status| !status.is_valid())
    }

    /// Whether the gate has not judged the allegation's current verdict yet (`Session::pending`).
    pub fn is_pending(&self, allegation_id: &str) -> bool {
        self.session.is_pending(allegation_id)
    }

    /// The state the app starts from: its sessions defer whole-log judging (a reopened case, a
    /// merged log, an undo) to `AppAction::JudgePending`, which the app dispatches a slice at a
    /// time, so that a team-sized case opens without blocking the page.
    pub fn deferring() -> AppState {
        let session = Rc::new(Session::deferring());
        AppState { log: session.clone(), session, ..AppState::default() }
    }

    /// The allegations assigned to this reviewer, when a team assignment in force names them
    /// (`None`: no assignment, or they are not on the team).
    pub fn my_assignment(&self) -> Option<std::collections::BTreeSet<String>> {
        let assignment = self.session.review.assignment.as_ref()?;
        let me = self.reviewer_name();
        assignment
            .reviewers
            .iter()
            .any(|member| member.id == me)
            .then(|| order::set_of(assignment.allegations_of(&me).map(ToString::to_string)))
    }

    /// Allegation ids in queue order, after the filter (and, in a team case, only this
    /// reviewer's unless they asked for all).
    pub fn queue(&self) -> Vec<usize> {
        let needle = lower(self.filter.trim());
        let mine = if self.all_allegations { None } else { self.my_assignment() };
        let mut order = self
            .session
            .case
            .allegations
            .iter()
            .enumerate()
            .filter(|(_, allegation)| mine.as_ref().is_none_or(|mine| mine.contains(allegation.id.as_str())))
            .filter(|(_, allegation)| {
                needle.is_empty()
                    || allegation.host.contains(&needle)
                    || lower(&allegation.host_unicode).contains(&needle)
                    || lower(&allegation.url).contains(&needle)
                    || lower(allegation.claim.as_deref().unwrap_or("")).contains(&needle)
                    || (needle == "invalid" && self.is_invalid(&allegation.id))
                    || self
                        .session
                        .review
                        .current_verdict(&allegation.id)
                        .map(|entry| entry.record.verdict.as_str().contains(&needle))
                        .unwrap_or(needle == "unreviewed")
            })
            .map(|(index, _)| index)
            .collect::<Vec<usize>>();
        self.sort_queue(&mut order);
        order
    }

    fn sort_queue(&self, order: &mut [usize]) {
        if self.sort == QueueSort::ListOrder {
            return;
        }
        let case = &self.session.case;
        let review = &self.session.review;
        // Each row's key once (not per comparison), and one stable sort for every order: a
        // `sort_by_key` per order is a copy of the sort in the bundle each.
        let key = |index: usize| -> (usize, &str) {
            let Some(allegation) = case.allegations.get(index) else { return (usize::MAX, "") };
            match self.sort {
                QueueSort::ListOrder => (0, ""),
                QueueSort::Host => (0, allegation.host_unicode.as_str()),
                // Invalid verdicts rank with the unreviewed: both still need a verdict that stands.
                QueueSort::Verdict => {
                    let rank = Some(allegation)
                        .filter(|allegation| !self.is_invalid(&allegation.id))
                        .and_then(|allegation| review.current_verdict(&allegation.id))
                        .map(|entry| {
                            1 + Verdict::ALL.iter().position(|verdict| *verdict == entry.record.verdict).unwrap_or(0)
                        })
                        .unwrap_or(0);
                    (rank, "")
                }
                QueueSort::FlagsFirst => (usize::from(allegation.flags.is_empty()), ""),
                QueueSort::NoCaptureFirst => (usize::from(!case.matches.captures_for(&allegation.id).is_empty()), ""),
            }
        };
        let mut keyed: Vec<((usize, &str), usize)> = order.iter().map(|&index| (key(index), index)).collect();
        order::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
        for (slot, (_, index)) in order.iter_mut().zip(keyed) {
            *slot = index;
        }
    }
}

impl AppState {
    /// Makes `session` what this reviewer may see of `log` (`team::shown_view`): `log` itself
    /// unless a team assignment hides other reviewers' work from them. `touched`: the allegations
    /// whose standing the action may have changed (`session::touched_by`; `None`: any), so that a
    /// blind view keeps the statuses of the others instead of judging every verdict again.
    fn show(&mut self, touched: Option<std::collections::BTreeSet<crate::domain::ids::AllegationId>>) {
        if self.log.review.assignment.is_none() {
            // Nothing is hidden without an assignment: no copy of the log to find that out.
            self.session = self.log.clone();
            return;
        }
        let viewer = self.reviewer_name();
        let shown = crate::domain::team::shown_view(&self.log.events, &self.log.review, &viewer);
        self.session = if shown.len() == self.log.events.len() {
            self.log.clone()
        } else {
            Rc::new(self.session.view_after(self.log.case.clone(), shown, touched.as_ref()))
        };
    }
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.revision = self.revision.wrapping_add(1);
        match action {
            AppAction::Loading(message) => {
                next.loading = Some(message);
                next.load_progress = None;
                next.loading_cancellable = false;
            }
            AppAction::Importing(message) => {
                next.loading = Some(message);
                next.load_progress = None;
                next.loading_cancellable = true;
            }
            AppAction::ImportCancelled => {
                next.loading = None;
                next.load_progress = None;
                next.loading_cancellable = false;
                next.banner = Some(
                    "Import cancelled: none of its files were stored, and the case open before is unchanged."
                        .to_string(),
                );
            }
            AppAction::Progress(done, total) => next.load_progress = Some((done, total)),
            AppAction::CaseReady { case, key, events, files, stamp } => {
                let first_allegation = case.allegations.first().map(|allegation| allegation.id.to_string());
                let outcome = apply(&next.log, SessionAction::Restore { case, events, stamp });
                next.log = Rc::new(outcome.session);
                next.show(None);
                next.outbox = outcome.appended;
                if !next.outbox.is_empty() {
                    next.save = SaveStatus::Saving;
                }
                next.case_key = key;
                next.case_files = files.map(files_ref);
                next.completing = false;
                next.selected_allegation = first_allegation;
                next.selected_capture = None;
                next.loading = None;
                next.load_progress = None;
                next.loading_cancellable = false;
                next.refused.clear();
                next.view = View::Review;
            }
            AppAction::CaseCompleting => next.completing = true,
            AppAction::CaseCompleted { key, case, files } => {
                if key == next.case_key && next.completing {
                    next.completing = false;
                    if let Some(case) = case {
                        next.log = Rc::new(next.log.with_case(case));
                        next.show(None);
                        next.case_files = files.map(files_ref);
                    }
                }
            }
            AppAction::Review(session_action) => {
                let outcome = apply(&next.log, session_action);
                let touched = crate::domain::session::touched_by(&outcome.appended, &outcome.session.review);
                next.refused = outcome.refused;
                next.outbox.extend(outcome.appended);
                next.log = Rc::new(outcome.session);
                next.show(touched);
                if !next.outbox.is_empty() {
                    next.save = SaveStatus::Saving;
                }
            }
            AppAction::JudgePending { budget_ms, now } => {
                let started = now();
                let more = || now() - started < budget_ms;
                if Rc::ptr_eq(&next.session, &next.log) {
                    next.log = Rc::new(next.log.judge_pending(more));
                    next.session = next.log.clone();
                } else if !next.session.pending.is_empty() {
                    // A team member's blind view (`show`) is a session of its own: what they see
                    // is judged first.
                    next.session = Rc::new(next.session.judge_pending(more));
                } else {
                    next.log = Rc::new(next.log.judge_pending(more));
                }
            }
            AppAction::Remote(events) => {
                let outcome = apply(&next.log, SessionAction::Merge { events });
                next.log = Rc::new(outcome.session);
                next.show(None);
            }
            AppAction::ImportEvents(events) => {
                let known: std::collections::HashSet<_> =
                    next.log.events.iter().map(|event| event.id.clone()).collect();
                let fresh: Vec<Event> = events.iter().filter(|event| !known.contains(&event.id)).cloned().collect();
                let outcome = apply(&next.log, SessionAction::Merge { events });
                next.log = Rc::new(outcome.session);
                next.show(None);
                if !fresh.is_empty() {
                    next.outbox.extend(fresh);
                    next.save = SaveStatus::Saving;
                }
            }
            AppAction::Resave(events) => {
                for event in events {
                    if !next.outbox.iter().any(|queued| queued.id == event.id) {
                        next.outbox.push(event);
                    }
                }
                next.save = SaveStatus::Saving;
            }
            AppAction::ResaveAll => {
                let queued: std::collections::HashSet<_> = next.outbox.iter().map(|event| event.id.clone()).collect();
                let missing: Vec<Event> =
                    next.log.events.iter().filter(|event| !queued.contains(&event.id)).cloned().collect();
                next.outbox.extend(missing);
                next.save = SaveStatus::Saving;
            }
            AppAction::Saved(ids, status) => {
                next.outbox.retain(|event| !ids.contains(&event.id));
                next.save =
                    if next.outbox.is_empty() || status != SaveStatus::Saved { status } else { SaveStatus::Saving };
            }
            AppAction::Banner(message) => next.banner = message,
            AppAction::PolicyLoaded(Ok(())) => {
                next.policy_ready = true;
                // Anything judged before the tables (refused under `policy-loaded`) is judged again.
                let both = Rc::ptr_eq(&next.session, &next.log);
                next.log = Rc::new(next.log.judge_again());
                next.session = if both { next.log.clone() } else { Rc::new(next.session.judge_again()) };
            }
            AppAction::PolicyLoaded(Err(message)) => next.banner = Some(message),
            AppAction::SelectAllegation(id) => {
                next.selected_allegation = Some(id);
                next.selected_capture = None;
                next.reveal = None;
                next.refused.clear();
                next.draft_verdict = None;
                next.view = View::Review;
            }
            AppAction::SelectCapture(id) => next.selected_capture = id,
            AppAction::RevealText { capture_id, start, end, citation_id } => {
                next.selected_capture = Some(capture_id.clone());
                next.reveal = Some(TextReveal { seq: next.revision, capture_id, start, end, citation_id });
            }
            AppAction::TextRevealed(seq) => {
                if next.reveal.as_ref().is_some_and(|reveal| reveal.seq == seq) {
                    next.reveal = None;
                }
            }
            AppAction::Step(delta) => {
                let queue = next.queue();
                let allegations = &next.session.case.allegations;
                let position = next
                    .selected_allegation
                    .as_ref()
                    .and_then(|id| queue.iter().position(|index| allegations.get(*index).is_some_and(|a| a.id == *id)));
                let target = match position {
                    Some(position) => {
                        (position as i64 + delta as i64).clamp(0, queue.len().saturating_sub(1) as i64) as usize
                    }
                    None => 0,
                };
                if let Some(allegation) = queue.get(target).and_then(|index| allegations.get(*index)) {
                    next.selected_allegation = Some(allegation.id.to_string());
                    next.selected_capture = None;
                    next.refused.clear();
                    next.draft_verdict = None;
                }
            }
            AppAction::Filter(filter) => next.filter = filter,
            AppAction::Sort(sort) => next.sort = sort,
            AppAction::SetView(view) => next.view = view,
            AppAction::ToggleHelp => next.help_open = !next.help_open,
            AppAction::DraftVerdict(verdict) => next.draft_verdict = verdict,
            AppAction::ProfileLoaded(profile) => {
                next.profile = profile;
                next.profile_checked = true;
                next.show(None);
            }
            AppAction::SetProfile(profile) => {
                next.profile = Some(profile);
                next.profile_checked = true;
                next.profile_open = false;
                next.show(None);
            }
            AppAction::ShowAllAllegations(all) => next.all_allegations = all,
            AppAction::SyncConfigured(configured) => {
                let (settings, password) =
                    configured.map_or((None, None), |(settings, password)| (Some(settings), password));
                next.sync = SyncView { settings, password, ..SyncView::default() };
            }
            AppAction::SyncStarted => next.sync.status = SyncStatus::Syncing,
            AppAction::SyncFinished(status, problems, counts) => {
                next.sync.status = status;
                next.sync.problems = problems;
                next.sync.last_counts.0 += counts.0;
                next.sync.last_counts.1 += counts.1;
            }
            AppAction::OpenProfile(open) => next.profile_open = open,
            AppAction::SetShortcuts(shortcuts) => next.shortcuts = shortcuts,
            AppAction::MarkRegion => next.mark_region = next.mark_region.wrapping_add(1),
        }
        Rc::new(next)
    }
}
