//! The app's one state and one reducer. Review transitions go through `domain::session::apply`;
//! everything else here is view state (selection, filter, panels). The reducer never does I/O:
//! appended events land in `outbox`, and an effect in `app` persists them.

use std::rc::Rc;
use std::sync::Arc;

use yew::Reducible;

use crate::domain::capture::InputFile;
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
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Incremented by every action: tells contexts made from different states apart cheaply.
    pub revision: u64,
    pub session: Session,
    /// Storage key of the open case (`demo` for the demo case).
    pub case_key: String,
    /// The files an imported case was built from (kept to add captures to it).
    pub case_files: Option<(Vec<InputFileRef>, Vec<InputFileRef>)>,
    pub selected_allegation: Option<String>,
    pub selected_capture: Option<String>,
    pub filter: String,
    pub sort: QueueSort,
    pub view: View,
    pub loading: Option<String>,
    pub load_progress: Option<(usize, usize)>,
    pub banner: Option<String>,
    pub save: SaveStatus,
    /// Events appended but not yet confirmed saved.
    pub outbox: Vec<Event>,
    /// Why the last verdict was refused, if it was.
    pub refused: Vec<Violation>,
    pub help_open: bool,
    /// The verdict chosen in the form (also set by keys 1–5), not yet recorded.
    pub draft_verdict: Option<crate::domain::review_log::Verdict>,
    pub reviewer: String,
    pub reviewer_language: String,
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
    Loading(String),
    Progress(usize, usize),
    /// A case is ready: either freshly loaded (a `CaseLoaded` event is appended) or restored.
    CaseReady {
        case: Arc<Case>,
        key: String,
        events: Vec<Event>,
        files: Option<(Vec<InputFile>, Vec<InputFile>)>,
        stamp: Option<crate::domain::session::Stamp>,
    },
    Review(SessionAction),
    /// Events another tab wrote.
    Remote(Vec<Event>),
    /// Events already in the session that still need saving (found only in the journal).
    Resave(Vec<Event>),
    /// Events from an imported review file: merged by id, and the new ones saved.
    ImportEvents(Vec<Event>),
    Saved(Vec<String>, SaveStatus),
    Banner(Option<String>),
    SelectAllegation(String),
    SelectCapture(Option<String>),
    Step(i32),
    Filter(String),
    Sort(QueueSort),
    SetView(View),
    ToggleHelp,
    DraftVerdict(Option<crate::domain::review_log::Verdict>),
    SetReviewer(String),
    SetReviewerLanguage(String),
}

/// Lower case for matching the filter (per character: enough to compare, and it shares the
/// conversion tables the policy already uses instead of linking `str::to_lowercase` too).
fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

impl AppState {
    /// Allegation ids in queue order, after the filter.
    pub fn queue(&self) -> Vec<usize> {
        let needle = lower(self.filter.trim());
        let mut order = self
            .session
            .case
            .allegations
            .iter()
            .enumerate()
            .filter(|(_, allegation)| {
                needle.is_empty()
                    || allegation.host.contains(&needle)
                    || lower(&allegation.host_unicode).contains(&needle)
                    || lower(&allegation.url).contains(&needle)
                    || lower(allegation.claim.as_deref().unwrap_or("")).contains(&needle)
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
        let case = &self.session.case;
        let review = &self.session.review;
        let verdict_rank = |index: &usize| {
            case.allegations
                .get(*index)
                .and_then(|allegation| review.current_verdict(&allegation.id))
                .map(|entry| 1 + Verdict::ALL.iter().position(|verdict| *verdict == entry.record.verdict).unwrap_or(0))
                .unwrap_or(0)
        };
        match self.sort {
            QueueSort::ListOrder => {}
            QueueSort::Host => order.sort_by_key(|index| case.allegations.get(*index).map(|a| a.host_unicode.clone())),
            QueueSort::Verdict => order.sort_by_key(verdict_rank),
            QueueSort::FlagsFirst => {
                order.sort_by_key(|index| case.allegations.get(*index).map(|a| a.flags.is_empty()).unwrap_or(true))
            }
            QueueSort::NoCaptureFirst => order.sort_by_key(|index| {
                case.allegations.get(*index).map(|a| !case.matches.captures_for(&a.id).is_empty()).unwrap_or(true)
            }),
        }
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
            }
            AppAction::Progress(done, total) => next.load_progress = Some((done, total)),
            AppAction::CaseReady { case, key, events, files, stamp } => {
                let first_allegation = case.allegations.first().map(|allegation| allegation.id.clone());
                let outcome = apply(&next.session, SessionAction::Restore { case, events, stamp });
                next.session = outcome.session;
                next.outbox = outcome.appended;
                if !next.outbox.is_empty() {
                    next.save = SaveStatus::Saving;
                }
                next.case_key = key;
                next.case_files = files.map(|(allegations, captures)| {
                    (
                        allegations.into_iter().map(InputFileRef).collect(),
                        captures.into_iter().map(InputFileRef).collect(),
                    )
                });
                next.selected_allegation = first_allegation;
                next.selected_capture = None;
                next.loading = None;
                next.load_progress = None;
                next.refused.clear();
                next.view = View::Review;
            }
            AppAction::Review(session_action) => {
                let outcome = apply(&next.session, session_action);
                next.refused = outcome.refused;
                next.outbox.extend(outcome.appended);
                next.session = outcome.session;
                if !next.outbox.is_empty() {
                    next.save = SaveStatus::Saving;
                }
            }
            AppAction::Remote(events) => {
                let outcome = apply(&next.session, SessionAction::Merge { events });
                next.session = outcome.session;
            }
            AppAction::ImportEvents(events) => {
                let known: std::collections::HashSet<String> =
                    next.session.events.iter().map(|event| event.id.clone()).collect();
                let fresh: Vec<Event> = events.iter().filter(|event| !known.contains(&event.id)).cloned().collect();
                let outcome = apply(&next.session, SessionAction::Merge { events });
                next.session = outcome.session;
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
            AppAction::Saved(ids, status) => {
                next.outbox.retain(|event| !ids.contains(&event.id));
                next.save =
                    if next.outbox.is_empty() || status != SaveStatus::Saved { status } else { SaveStatus::Saving };
            }
            AppAction::Banner(message) => next.banner = message,
            AppAction::SelectAllegation(id) => {
                next.selected_allegation = Some(id);
                next.selected_capture = None;
                next.refused.clear();
                next.draft_verdict = None;
                next.view = View::Review;
            }
            AppAction::SelectCapture(id) => next.selected_capture = id,
            AppAction::Step(delta) => {
                let queue = next.queue();
                let allegations = &next.session.case.allegations;
                let position = next
                    .selected_allegation
                    .as_ref()
                    .and_then(|id| queue.iter().position(|index| allegations.get(*index).map(|a| &a.id) == Some(id)));
                let target = match position {
                    Some(position) => {
                        (position as i64 + delta as i64).clamp(0, queue.len().saturating_sub(1) as i64) as usize
                    }
                    None => 0,
                };
                if let Some(allegation) = queue.get(target).and_then(|index| allegations.get(*index)) {
                    next.selected_allegation = Some(allegation.id.clone());
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
            AppAction::SetReviewer(name) => next.reviewer = name,
            AppAction::SetReviewerLanguage(code) => next.reviewer_language = code,
        }
        Rc::new(next)
    }
}
