//! Component tests in headless Chromium (wasm-pack test): mount real components inside the app
//! context with a small fictional case, act as a reviewer would, flush, and assert on the DOM.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;

use exhibit_web::app::state::ReviewerProfile;
use exhibit_web::app::{AppAction, AppContext, AppState, QueueSort, ShortcutAction, Shortcuts};
use exhibit_web::components::capture_pane::CapturePane;
use exhibit_web::components::citation_list::CitationList;
use exhibit_web::components::diff_view::DiffMarkup;
use exhibit_web::components::verdict_form::VerdictForm;
use exhibit_web::domain::capture::InputFile;
use exhibit_web::domain::citation::{Citation, Selector, TextPosition};
use exhibit_web::domain::ids::AllegationId;
use exhibit_web::domain::review_log::{Verdict, VerdictRecord};
use exhibit_web::domain::session::{apply, build_case, Session, SessionAction, Stamp};

wasm_bindgen_test_configure!(run_in_browser);

const EARLIER: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour Notes</title>
<link rel="canonical" href="https://harbour-notes.example/"></head><body>
<h1>Harbour Notes</h1><p>The ferry timetable changes on Monday.</p>
<p>Placeholder for tests: this paragraph stands for the alleged content.</p>
<p>Weather: light rain along the coast.</p></body></html>"#;

const LATER: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour Notes</title>
<link rel="canonical" href="https://harbour-notes.example/"></head><body>
<h1>Harbour Notes</h1><p>The ferry timetable changes on Monday.</p>
<p>Weather: sunny spells along the coast.</p></body></html>"#;

fn file(path: &str, text: &str) -> InputFile {
    InputFile::new(path, Arc::<[u8]>::from(text.as_bytes().to_vec()))
}

fn stamp(n: u32) -> Stamp {
    Stamp { event_id: format!("e{n}").into(), time: format!("2026-03-01T10:00:{n:02}Z"), reviewer: "tester".into() }
}

/// A state with one allegation and two captures of its URL (earlier and later).
fn initial_state() -> AppState {
    // A wasm build carries no policy tables unless it installs them (the app fetches its own).
    exhibit_web::domain::tables::install_embedded();
    let allegations = vec![file("list.txt", "hxxps://harbour-notes[.]example/ hosts the alleged content\n")];
    let manifest = |at: &str| {
        format!(
            r#"{{"schema_version":1,"url":"https://harbour-notes.example/","captured_at":"{at}","tool":"test","html":"page.html"}}"#
        )
    };
    let captures = vec![
        file("case/captures/one/manifest.json", &manifest("2026-02-01T10:00:00Z")),
        file("case/captures/one/page.html", EARLIER),
        file("case/captures/two/manifest.json", &manifest("2026-03-01T10:00:00Z")),
        file("case/captures/two/page.html", LATER),
    ];
    let case = Arc::new(build_case("component test", &allegations, &captures));
    let mut state = AppState::default();
    let outcome = apply(&state.session, SessionAction::LoadCase { case: case.clone(), stamp: stamp(1) });
    state.session = std::rc::Rc::new(outcome.session);
    state.selected_allegation = case.allegations.first().map(|allegation| allegation.id.to_string());
    state.profile = ReviewerProfile::new("Tester", &["eng".to_string()]);
    state.profile_checked = true;
    state
}

/// A `supported` verdict as another tab or an imported review file brings it (never through the
/// form): no citation, `rationale` its only words.
fn forged_verdict(allegation_id: AllegationId, rationale: &str) -> exhibit_web::domain::review_log::Event {
    exhibit_web::domain::review_log::Event::new(
        "e-forged",
        "2026-03-01T11:00:00Z",
        "someone",
        exhibit_web::domain::review_log::EventKind::VerdictRecorded {
            record: VerdictRecord {
                allegation_id,
                verdict: Verdict::Supported,
                rationale: rationale.into(),
                reason: None,
                citation_ids: Vec::new(),
                reviewer_language: "eng".into(),
                reviewer_languages: Vec::new(),
                adjudicates: Vec::new(),
            },
        },
    )
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    initial: AppState,
    children: Html,
}

thread_local! {
    /// The last mounted harness's dispatch, to act as the app's effects do (another tab's events).
    static REMOTE: std::cell::RefCell<Option<Callback<AppAction>>> = const { std::cell::RefCell::new(None) };
    /// The last mounted harness's state (a handle reads the newest state).
    static LATEST: std::cell::RefCell<Option<UseReducerHandle<AppState>>> = const { std::cell::RefCell::new(None) };
}

/// The state of the last mounted harness, as it is now.
fn latest_state() -> AppState {
    LATEST.with(|slot| slot.borrow().as_ref().map(|handle| (**handle).clone())).expect("a harness is mounted")
}

#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let initial = props.initial.clone();
    let reducer = use_reducer(move || initial);
    let dispatcher = reducer.dispatcher();
    let dispatch = use_memo((), move |_| Callback::from(move |action: AppAction| dispatcher.dispatch(action)));
    let context = AppContext::new(reducer.clone(), (*dispatch).clone());
    let remote = (*dispatch).clone();
    REMOTE.with(|slot| *slot.borrow_mut() = Some(remote));
    LATEST.with(|slot| *slot.borrow_mut() = Some(reducer.clone()));
    html! { <ContextProvider<AppContext> context={context}>{ props.children.clone() }</ContextProvider<AppContext>> }
}

async fn mount(children: Html, mut initial: AppState) -> web_sys::Element {
    // The states here are built on `session`; review actions apply to the whole log behind it.
    initial.log = initial.session.clone();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Harness>::with_root_and_props(root.clone(), HarnessProps { initial, children }).render();
    flush().await;
    root
}

async fn flush() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

fn query(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector} not rendered"))
}

fn select_text(root: &web_sys::Element, needle: &str) {
    let text_root = query(root, "[data-testid=capture-text]");
    let document = gloo::utils::document();
    let walker = document.create_tree_walker_with_what_to_show(&text_root, 4).unwrap();
    while let Some(node) = walker.next_node().unwrap() {
        let data = node.text_content().unwrap_or_default();
        if let Some(at) = data.find(needle) {
            let start = data[..at].encode_utf16().count() as u32;
            let end = start + needle.encode_utf16().count() as u32;
            let range = document.create_range().unwrap();
            range.set_start(&node, start).unwrap();
            range.set_end(&node, end).unwrap();
            let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
            selection.remove_all_ranges().unwrap();
            selection.add_range(&range).unwrap();
            return;
        }
    }
    panic!("{needle:?} is not in the capture text");
}

#[wasm_bindgen_test]
async fn a_selection_in_the_capture_text_becomes_a_citation_with_exact_selectors() {
    let state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let capture = state.session.case.captures_for(&allegation).first().map(|capture| (*capture).clone()).unwrap();
    let root = mount(
        html! { <><CapturePane allegation_id={allegation.clone()} /><CitationList allegation_id={allegation.clone()} /></> },
        state.clone(),
    )
    .await;
    // The pane shows the earliest capture only when chosen; pick the earlier one explicitly.
    let tab = root.query_selector(&format!("[data-capture-id=\"{}\"]", capture.id)).unwrap().unwrap();
    tab.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    flush().await;
    select_text(&root, "ferry timetable");
    query(&root, "[data-testid=cite-button]").dyn_into::<web_sys::HtmlElement>().unwrap().click();
    // The citation is added once the worker has tagged the quote's language; there is no worker
    // here, so that request fails and the citation is added untagged (the policy then reads the
    // quote's script).
    for _ in 0..200 {
        flush().await;
        if root.query_selector("[data-testid=citation]").unwrap().is_some() {
            break;
        }
    }
    let list = query(&root, "[data-testid=citation-list]").text_content().unwrap();
    assert!(list.contains("ferry timetable"), "citation list shows {list:?}");
    // The selectors point at the same characters of the canonical text.
    let canonical = &capture.text.canonical;
    let start = canonical.find("ferry timetable").map(|at| canonical[..at].chars().count()).unwrap();
    let place = query(&root, "[data-testid=citation] .place").text_content().unwrap();
    assert_eq!(place, format!("text {}–{}", start, start + "ferry timetable".chars().count()));
}

#[derive(Properties, PartialEq)]
struct DiffProps {
    allegation: AllegationId,
}

/// The diff markup for the allegation's two captures, made here (in the app the worker makes it,
/// which `tests/e2e` exercises).
#[function_component(DiffOfCaptures)]
fn diff_of_captures(props: &DiffProps) -> Html {
    let app = exhibit_web::app::use_app();
    let captures = app.state.session.case.captures_for(&props.allegation);
    let (before, after) = (&captures[0].text, &captures[captures.len() - 1].text);
    let diff = exhibit_web::domain::diff::diff_texts(before, after);
    let markup = AttrValue::from(exhibit_web::domain::diff::diff_html(before, after, &diff));
    html! { <section data-testid="diff-view"><DiffMarkup html={markup} /></section> }
}

#[wasm_bindgen_test]
async fn the_diff_of_two_captures_marks_the_removed_block() {
    let state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let root = mount(html! { <DiffOfCaptures allegation={allegation} /> }, state).await;
    let gone = query(&root, "[data-testid=diff-gone]").text_content().unwrap();
    assert!(gone.contains("Placeholder for tests"), "removed content not listed: {gone:?}");
    let changed = query(&root, "[data-testid=diff-view]").inner_html();
    assert!(changed.contains("<del>"), "no deletion marked: {changed}");
}

#[wasm_bindgen_test]
async fn a_citation_whose_offsets_shifted_is_reanchored_by_its_quote() {
    let mut state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let captures = state.session.case.captures_for(&allegation);
    let later = captures.last().map(|capture| (*capture).clone()).unwrap();
    let canonical = &later.text.canonical;
    let at = canonical.find("ferry timetable").map(|at| canonical[..at].chars().count()).unwrap();
    let (quote, _) = exhibit_web::domain::citation::text_selectors(canonical, at, at + 15).unwrap();
    // Stored as if the text had been extracted with 7 more characters before it.
    let shifted = TextPosition { start: at + 7, end: at + 22 };
    let cited = Citation {
        id: "q-shifted".into(),
        allegation_id: allegation.clone(),
        capture_id: later.id.clone(),
        artifact_sha256: later.text_artifact().unwrap().sha256.clone(),
        selector: Selector::Text { quote, position: shifted },
        quote_language: None,
        note: "what it shows".into(),
        translation: None,
        linked_citation: None,
        finding: None,
        description: None,
        archive: None,
    };
    state.session = std::rc::Rc::new(
        apply(&state.session, SessionAction::AddCitation { citation: cited, stamp: stamp(2) }).session,
    );
    let root = mount(html! { <CitationList allegation_id={AllegationId::from(allegation)} /> }, state).await;
    let text = query(&root, "[data-testid=citation]").text_content().unwrap();
    assert!(text.contains(&format!("re-anchored at {}–{}", at, at + 15)), "citation shows {text:?}");
}

/// Sets a form control's value and fires the event its component listens to (bubbling, as the
/// browser does, so yew's delegated listener sees it).
fn set_value(root: &web_sys::Element, selector: &str, value: &str, event: &str) {
    let element = query(root, selector);
    js_sys::Reflect::set(&element, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    element.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap()).unwrap();
}

fn click(root: &web_sys::Element, selector: &str) {
    query(root, selector).dyn_into::<web_sys::HtmlElement>().unwrap().click();
}

/// A text citation of `needle` in the allegation's earlier capture, with a finding and a note. (A
/// citation in the later capture of a URL only shows what is gone, for `removed`.)
fn citation_of(state: &AppState, id: &str, needle: &str, finding: Option<&str>, note: &str) -> Citation {
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let captures = state.session.case.captures_for(&allegation);
    let earlier = captures.first().map(|capture| (*capture).clone()).unwrap();
    let canonical = &earlier.text.canonical;
    let at = canonical.find(needle).map(|at| canonical[..at].chars().count()).unwrap();
    let (quote, position) =
        exhibit_web::domain::citation::text_selectors(canonical, at, at + needle.chars().count()).unwrap();
    Citation {
        id: id.into(),
        allegation_id: allegation,
        capture_id: earlier.id.clone(),
        artifact_sha256: earlier.text_artifact().unwrap().sha256.clone(),
        quote_language: exhibit_web::domain::language::quote_language(&quote.exact),
        selector: Selector::Text { quote, position },
        note: note.into(),
        translation: None,
        linked_citation: None,
        finding: finding.map(str::to_string),
        description: None,
        archive: None,
    }
}

const QUOTE: &str = "Weather: light rain along the coast.";
const NOTE: &str = "Reports light rain along the coast.";
const RATIONALE: &str = "Quote 1 is a weather report; nothing in the capture matches the allegation.";

/// The initial state with one cited passage (finding `reporting`) and, when `record`, a
/// `not_supported` verdict resting on it.
fn reviewed_state(record: bool) -> AppState {
    let mut state = initial_state();
    let cited = citation_of(&state, "q-weather", QUOTE, Some("reporting"), NOTE);
    state.session = std::rc::Rc::new(
        apply(&state.session, SessionAction::AddCitation { citation: cited, stamp: stamp(2) }).session,
    );
    if record {
        let record = VerdictRecord {
            allegation_id: state.selected_allegation.clone().unwrap().into(),
            verdict: Verdict::NotSupported,
            rationale: RATIONALE.into(),
            reason: None,
            citation_ids: vec!["q-weather".into()],
            reviewer_language: "eng".into(),
            reviewer_languages: vec!["eng".into()],
            adjudicates: Vec::new(),
        };
        let outcome = apply(&state.session, SessionAction::RecordVerdict { record, stamp: stamp(3) });
        assert!(outcome.refused.is_empty(), "the verdict was refused: {:?}", outcome.refused);
        state.session = std::rc::Rc::new(outcome.session);
    }
    state
}

#[wasm_bindgen_test]
async fn a_language_only_rationale_keeps_the_record_button_disabled() {
    let mut state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    // A citation that is evidence in every other respect: an adverse finding and a note that says
    // what it shows (so only the rationale can be what the policy refuses).
    let cited = citation_of(
        &state,
        "q-placeholder",
        "Placeholder for tests: this paragraph stands for the alleged content.",
        Some("incitement"),
        "The paragraph calls readers to attack the harbour police.",
    );
    state.session = std::rc::Rc::new(
        apply(&state.session, SessionAction::AddCitation { citation: cited, stamp: stamp(2) }).session,
    );
    let root = mount(html! { <VerdictForm allegation_id={allegation} /> }, state).await;
    set_value(&root, "[data-testid=verdict-select]", "supported", "change");
    flush().await;
    set_value(
        &root,
        "[data-testid=rationale]",
        "Kurdish site, obviously sympathetic to the cause, clearly extremist and dangerous.",
        "input",
    );
    flush().await;
    let messages = query(&root, "[data-testid=policy-messages]").text_content().unwrap();
    assert!(messages.contains("language-not-evidence"), "policy messages: {messages:?}");
    let button = query(&root, "[data-testid=record-verdict]").dyn_into::<web_sys::HtmlButtonElement>().unwrap();
    assert!(button.disabled(), "the record button is enabled for a padded language-only rationale");
    let failed = query(&root, "[data-testid=policy-checklist] [data-rule=language-not-evidence]");
    assert_eq!(failed.get_attribute("data-state").as_deref(), Some("failed"));
    // Every rule is in the checklist.
    for rule in exhibit_web::domain::policy::Rule::ALL {
        query(&root, &format!("[data-testid=policy-checklist] [data-rule={}]", rule.id()));
    }
    // The same citation with a rationale that says what it shows can be recorded: the refusal
    // above came from the rationale, not from the citation.
    set_value(&root, "[data-testid=rationale]", "Quote 1 calls readers to attack the harbour police.", "input");
    flush().await;
    let messages = query(&root, "[data-testid=policy-messages]").text_content().unwrap();
    assert!(!button.disabled(), "a substantive rationale is refused: {messages:?}");
}

#[wasm_bindgen_test]
async fn a_recorded_verdict_whose_note_is_edited_to_a_language_shows_invalid() {
    let state = reviewed_state(true);
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    assert!(state.session.statuses.values().all(|status| status.is_valid()), "{:?}", state.session.statuses);
    let root = mount(
        html! { <><exhibit_web::components::queue::Queue /><CitationList allegation_id={allegation.clone()} /><VerdictForm allegation_id={allegation} /></> },
        state,
    )
    .await;
    assert!(root.query_selector("[data-testid=verdict-invalid]").unwrap().is_none(), "valid verdict shown invalid");
    query(&root, "[data-testid=verdict-current]");
    assert!(root.query_selector("[data-testid=queue-invalid]").unwrap().is_none());
    set_value(&root, "[data-testid=citation-note]", "Arabic", "change");
    flush().await;
    let invalid = query(&root, "[data-testid=verdict-invalid]").text_content().unwrap();
    assert!(invalid.contains("Invalid"), "the invalid verdict reads {invalid:?}");
    assert!(root.query_selector("[data-testid=verdict-current]").unwrap().is_none(), "still shown as standing");
    let rules: Vec<String> = {
        let list = root.query_selector_all("[data-testid=verdict-violation]").unwrap();
        (0..list.length())
            .filter_map(|index| list.item(index))
            .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
            .filter_map(|element| element.get_attribute("data-rule"))
            .collect()
    };
    assert!(rules.contains(&"language-not-evidence".to_string()), "violations: {rules:?}; {invalid}");
    let badge = query(&root, "[data-testid=queue-invalid]").text_content().unwrap();
    assert_eq!(badge, "invalid");
    let progress = query(&root, "[data-testid=progress]");
    assert_eq!(progress.get_attribute("data-reviewed").as_deref(), Some("0"));
    assert_eq!(progress.get_attribute("data-invalid").as_deref(), Some("1"));
}

#[wasm_bindgen_test]
async fn choosing_a_finding_edits_the_citation() {
    let mut state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let cited = citation_of(&state, "q-weather", QUOTE, None, NOTE);
    state.session = std::rc::Rc::new(
        apply(&state.session, SessionAction::AddCitation { citation: cited, stamp: stamp(2) }).session,
    );
    let root = mount(html! { <CitationList allegation_id={allegation} /> }, state).await;
    let options = root.query_selector_all("[data-testid=citation-finding] option").unwrap().length();
    // "choose" plus the ten findings of the default codebook.
    assert_eq!(options, 11);
    let groups = root.query_selector_all("[data-testid=citation-finding] optgroup").unwrap().length();
    assert_eq!(groups, 3);
    set_value(&root, "[data-testid=citation-finding]", "recruitment", "change");
    flush().await;
    let select = query(&root, "[data-testid=citation-finding]").dyn_into::<web_sys::HtmlSelectElement>().unwrap();
    assert_eq!(select.value(), "recruitment");
    let stored = latest_state().session.review.citations.get("q-weather").and_then(|cited| cited.finding.clone());
    assert_eq!(stored.as_deref(), Some("recruitment"));
    let help = query(&root, "[data-testid=citation-finding-help]").text_content().unwrap();
    assert!(help.contains("join, fund or travel"), "help shows {help:?}");
    // An English quote needs no translation from a reviewer who works in English.
    assert!(root.query_selector("[data-testid=citation-translation]").unwrap().is_none());
    // A region citation also takes a description of what it depicts.
    assert!(root.query_selector("[data-testid=citation-description]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_region_takes_a_description_and_an_unidentified_quote_asks_for_a_translation() {
    let mut state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    // Too short for the detector to be sure it is English: the reviewer translates it.
    let short = citation_of(&state, "q-short", "The ferry timetable changes on Monday.", Some("reporting"), NOTE);
    let mut region = citation_of(&state, "r-logo", QUOTE, Some("group-media"), "A logo above the masthead.");
    region.selector = Selector::Region {
        rect: exhibit_web::domain::citation::PixelRect { x: 1, y: 2, w: 30, h: 40 },
        transcription: String::new(),
    };
    region.quote_language = None;
    for (n, cited) in [short, region].into_iter().enumerate() {
        let outcome = apply(&state.session, SessionAction::AddCitation { citation: cited, stamp: stamp(2 + n as u32) });
        state.session = std::rc::Rc::new(outcome.session);
    }
    let root = mount(html! { <CitationList allegation_id={AllegationId::from(allegation)} /> }, state).await;
    let short = query(&root, "[data-citation-id=q-short]");
    let label = short.query_selector("label:has([data-testid=citation-translation])").unwrap().unwrap();
    let text = label.text_content().unwrap();
    assert!(text.contains("Latin script"), "the translation label does not name the script: {text:?}");
    let region = query(&root, "[data-citation-id=r-logo]");
    assert!(region.query_selector("[data-testid=citation-description]").unwrap().is_some());
    set_value(&region, "[data-testid=citation-description]", "A black flag logo above a donation link.", "change");
    flush().await;
    let region = query(&root, "[data-citation-id=r-logo]");
    let description =
        query(&region, "[data-testid=citation-description]").dyn_into::<web_sys::HtmlInputElement>().unwrap();
    assert_eq!(description.value(), "A black flag logo above a donation link.");
    let stored = latest_state().session.review.citations.get("r-logo").and_then(|cited| cited.description.clone());
    assert_eq!(stored.as_deref(), Some("A black flag logo above a donation link."));
}

#[wasm_bindgen_test]
async fn a_merged_verdict_without_evidence_shows_invalid_in_queue_and_form() {
    let state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    // As another tab, or an imported review file, would bring it: never through the form.
    let forged = forged_verdict(allegation.clone(), "Obviously.");
    let root = mount(
        html! { <><exhibit_web::components::queue::Queue /><VerdictForm allegation_id={AllegationId::from(allegation)} /></> },
        state,
    )
    .await;
    // Dispatch through the app's reducer, as the tab channel does.
    REMOTE.with(|slot| slot.borrow().as_ref().map(|dispatch| dispatch.emit(AppAction::Remote(vec![forged.clone()]))));
    flush().await;
    query(&root, "[data-testid=queue-invalid]");
    query(&root, "[data-testid=verdict-invalid]");
    query(&root, "[data-testid=verdict-violation][data-rule=evidence-required]");
}

#[wasm_bindgen_test]
async fn in_the_app_a_merged_verdict_is_shown_being_checked_then_invalid_once_the_gate_judges_it() {
    // The app's sessions defer whole-log judging: a merged verdict waits, pending, for the
    // `JudgePending` slices the app dispatches (here, by hand).
    let mut state = initial_state();
    let case = state.session.case.clone();
    let loaded = apply(&Session::deferring(), SessionAction::LoadCase { case, stamp: stamp(1) });
    state.session = std::rc::Rc::new(loaded.session);
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let forged = forged_verdict(allegation.clone(), "Arabic-language site, obviously extremist.");
    let root = mount(
        html! { <><exhibit_web::components::queue::Queue /><VerdictForm allegation_id={allegation.clone()} /></> },
        state,
    )
    .await;
    let dispatch = REMOTE.with(|slot| slot.borrow().clone()).expect("a harness is mounted");
    dispatch.emit(AppAction::Remote(vec![forged]));
    flush().await;
    // Being checked: neither standing nor counted, and not yet invalid.
    query(&root, "[data-testid=queue-pending]");
    query(&root, "[data-testid=verdict-pending]");
    assert!(root.query_selector("[data-testid=verdict-current]").unwrap().is_none());
    assert!(root.query_selector("[data-testid=queue-invalid]").unwrap().is_none());
    let progress = query(&root, "[data-testid=progress]");
    assert_eq!(progress.get_attribute("data-pending").as_deref(), Some("1"));
    assert_eq!(progress.get_attribute("data-reviewed").as_deref(), Some("0"));
    // One slice judges it: invalid, with the rule, and nothing pending.
    dispatch.emit(AppAction::JudgePending { budget_ms: 25.0, now: js_sys::Date::now });
    flush().await;
    query(&root, "[data-testid=queue-invalid]");
    query(&root, "[data-testid=verdict-violation][data-rule=language-not-evidence]");
    assert!(root.query_selector("[data-testid=queue-pending]").unwrap().is_none());
    assert!(root.query_selector("[data-testid=verdict-pending]").unwrap().is_none());
    assert!(latest_state().session.pending.is_empty());
}

#[wasm_bindgen_test]
async fn the_profile_is_asked_first_and_stamped_into_the_shell() {
    let mut state = initial_state();
    state.profile = None;
    let root = mount(html! { <exhibit_web::components::shell::Shell /> }, state).await;
    query(&root, "[data-testid=profile-dialog]");
    let dialog = query(&root, "[role=dialog]");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    // Focus starts in the name field.
    let active = gloo::utils::document().active_element().and_then(|element| element.get_attribute("data-testid"));
    assert_eq!(active.as_deref(), Some("profile-name"));
    // Saving with no language is refused with a message.
    set_value(&root, "[data-testid=profile-name]", "Reviewer One", "input");
    flush().await;
    click(&root, "[data-testid=profile-save]");
    flush().await;
    query(&root, "[data-testid=profile-error]");
    set_value(&root, "[data-testid=profile-language]", "eng", "change");
    flush().await;
    click(&root, "[data-testid=profile-language-add]");
    flush().await;
    set_value(&root, "[data-testid=profile-language-code]", "ckb", "input");
    flush().await;
    click(&root, "[data-testid=profile-language-code-add]");
    flush().await;
    let chosen = query(&root, "[data-testid=profile-languages]").text_content().unwrap();
    assert!(chosen.contains("English (eng)") && chosen.contains("(ckb)"), "chosen: {chosen:?}");
    assert!(chosen.contains("cannot identify"), "no note for a language the detector lacks: {chosen:?}");
    set_value(&root, "[data-testid=profile-language-code]", "not a code", "input");
    flush().await;
    click(&root, "[data-testid=profile-language-code-add]");
    flush().await;
    query(&root, "[data-testid=profile-error]");
    click(&root, "[data-testid=profile-save]");
    flush().await;
    assert!(root.query_selector("[data-testid=profile-dialog]").unwrap().is_none(), "the dialog stays open");
    let button = query(&root, "[data-testid=profile-open]").text_content().unwrap();
    assert_eq!(button, "Reviewer One · eng, ckb");
    let profile = latest_state().profile.expect("the profile is the app's");
    assert_eq!(profile.languages, vec!["eng".to_string(), "ckb".to_string()]);
    let stored = exhibit_web::app::testing::storage::profile_local().unwrap_or_default();
    assert!(stored.contains("Reviewer One") && stored.contains("ckb"), "stored profile: {stored}");
    // Editable later.
    click(&root, "[data-testid=profile-open]");
    flush().await;
    let name = query(&root, "[data-testid=profile-name]").dyn_into::<web_sys::HtmlInputElement>().unwrap();
    assert_eq!(name.value(), "Reviewer One");
    click(&root, "[data-testid=profile-cancel]");
    flush().await;
    assert!(root.query_selector("[data-testid=profile-dialog]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn events_saved_to_indexeddb_read_back_exactly() {
    let database = exhibit_web::app::testing::storage::open().await.expect("IndexedDB opens in Chromium");
    let key = format!("test-{}", js_sys::Date::now());
    let state = initial_state();
    let events = state.session.events.to_vec();
    for event in &events {
        database.put_event(&key, event).await.expect("event saved and read back");
    }
    let read = database.events(&key).await.expect("events read");
    assert_eq!(read.unreadable, 0);
    let mut back = read.events;
    back.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(back, events);
}

#[wasm_bindgen_test]
fn single_key_shortcuts_can_be_remapped_and_turned_off() {
    let shortcuts = Shortcuts::default();
    assert_eq!(shortcuts.action_for("j"), Some(ShortcutAction::Next));
    assert_eq!(shortcuts.action_for("4").and_then(ShortcutAction::verdict), Some(Verdict::Inconclusive));
    // Taking a key from another action leaves that one without a key.
    let remapped = shortcuts.remap(ShortcutAction::Next, "k");
    assert_eq!(remapped.action_for("k"), Some(ShortcutAction::Next));
    assert_eq!(remapped.action_for("j"), None);
    assert_eq!(remapped.key(ShortcutAction::Previous), "");
    assert_eq!(remapped.remap(ShortcutAction::Cite, "").action_for("c"), None);
    let json = serde_json::to_string(&remapped).unwrap();
    assert_eq!(Shortcuts::from_json(&json), Some(remapped.clone()));
    let off = Shortcuts { enabled: false, ..remapped };
    assert_eq!(off.action_for("k"), None);
    assert_eq!(off.aria(ShortcutAction::Next), "");
}

/// Dispatches a keydown as a keyboard would.
fn key(target: &web_sys::Element, key: &str, ctrl: bool, shift: bool) {
    let script = format!(
        "new KeyboardEvent('keydown', {{ key: {key:?}, ctrlKey: {ctrl}, shiftKey: {shift}, bubbles: true, cancelable: true }})"
    );
    let event = js_sys::eval(&script).unwrap();
    target.dispatch_event(event.unchecked_ref()).unwrap();
}

#[wasm_bindgen_test]
async fn shift_arrows_in_the_capture_text_select_a_passage_that_is_cited_as_selected() {
    let state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let root = mount(
        html! { <><CapturePane allegation_id={allegation.clone()} /><CitationList allegation_id={allegation.clone()} /></> },
        state,
    )
    .await;
    let text = query(&root, "[data-testid=capture-text]");
    assert_eq!(text.get_attribute("tabindex").as_deref(), Some("0"), "the capture text is not a tab stop");
    text.clone().dyn_into::<web_sys::HtmlElement>().unwrap().focus().unwrap();
    key(&text, "ArrowDown", false, false); // the caret at the start of the first block
    key(&text, "ArrowDown", true, false); // Ctrl+Down: the next block, by offset (after a render)
    for _ in 0..20 {
        flush().await;
    }
    key(&text, "ArrowRight", true, true); // Ctrl+Shift+Right: a word at a time
    key(&text, "ArrowRight", true, true);
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    let selected: String = selection.to_string().into();
    assert!(selected.starts_with("The ferry"), "the keyboard selected {selected:?}");
    query(&root, "[data-testid=cite-button]").dyn_into::<web_sys::HtmlElement>().unwrap().click();
    for _ in 0..200 {
        flush().await;
        if root.query_selector("[data-testid=citation]").unwrap().is_some() {
            break;
        }
    }
    let quote = query(&root, "[data-testid=citation-quote]").text_content().unwrap();
    assert_eq!(quote, selected);
    let message = query(&root, "[data-testid=cite-message]");
    assert!(message.closest("[role=status]").unwrap().is_some(), "the citation is not announced");
}

#[wasm_bindgen_test]
async fn text_being_typed_in_a_note_survives_a_render_caused_by_another_edit() {
    let mut state = initial_state();
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let cited = citation_of(&state, "q-weather", QUOTE, None, "");
    state.session = std::rc::Rc::new(
        apply(&state.session, SessionAction::AddCitation { citation: cited, stamp: stamp(2) }).session,
    );
    let root = mount(html! { <CitationList allegation_id={allegation} /> }, state).await;
    // The reviewer is typing a note (not committed yet) when another edit of the citation lands.
    set_value(&root, "[data-testid=citation-note]", "Reports light rain", "input");
    flush().await;
    set_value(&root, "[data-testid=citation-finding]", "reporting", "change");
    flush().await;
    let note = query(&root, "[data-testid=citation-note]").dyn_into::<web_sys::HtmlInputElement>().unwrap();
    assert_eq!(note.value(), "Reports light rain", "a render reset the note being typed");
    // Committing it keeps both edits.
    set_value(&root, "[data-testid=citation-note]", "Reports light rain along the coast.", "change");
    flush().await;
    let stored = latest_state().session.review.citations.get("q-weather").cloned().unwrap();
    assert_eq!(
        (stored.finding.as_deref(), stored.note.as_str()),
        (Some("reporting"), "Reports light rain along the coast.")
    );
}

#[wasm_bindgen_test]
fn the_queue_sorts_by_host_verdict_flags_and_capture_keeping_list_order_among_equals() {
    exhibit_web::domain::tables::install_embedded();
    let list = "https://delta.example/ one\nhttps://alpha.example/ two\nhttps://user@charlie.example/ three\nhttps://bravo.example/ four\n";
    let manifest = |host: &str| {
        format!(
            r#"{{"schema_version":1,"url":"https://{host}/","captured_at":"2026-02-01T10:00:00Z","tool":"test","html":"page.html"}}"#
        )
    };
    let captures = vec![
        file("case/captures/d/manifest.json", &manifest("delta.example")),
        file("case/captures/d/page.html", EARLIER),
        file("case/captures/b/manifest.json", &manifest("bravo.example")),
        file("case/captures/b/page.html", EARLIER),
    ];
    let case = Arc::new(build_case("sorts", &[file("list.txt", list)], &captures));
    let id_of = |host: &str| case.allegations.iter().find(|a| a.host == host).map(|a| a.id.clone()).expect(host);
    let mut session =
        apply(&Session::default(), SessionAction::LoadCase { case: case.clone(), stamp: stamp(1) }).session;
    // Bravo: a verdict that stands; delta: one merged without evidence (invalid, so unreviewed).
    let standing = VerdictRecord {
        allegation_id: id_of("bravo.example"),
        verdict: Verdict::Unreviewable,
        rationale: "The capture shows only a server error page, so there is nothing on it to review.".into(),
        reason: Some("The server returned an error page instead of the site.".into()),
        citation_ids: Vec::new(),
        reviewer_language: "eng".into(),
        reviewer_languages: vec!["eng".into()],
        adjudicates: Vec::new(),
    };
    let outcome = apply(&session, SessionAction::RecordVerdict { record: standing, stamp: stamp(2) });
    assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
    session = outcome.session;
    let forged = forged_verdict(id_of("delta.example"), "Obviously.");
    session = apply(&session, SessionAction::Merge { events: vec![forged] }).session;
    let mut state = AppState { session: std::rc::Rc::new(session), ..AppState::default() };
    let order = |state: &AppState| -> Vec<String> {
        state.queue().into_iter().map(|index| state.session.case.allegations[index].host.clone()).collect()
    };
    let expected = [
        (QueueSort::ListOrder, ["delta.example", "alpha.example", "charlie.example", "bravo.example"]),
        (QueueSort::Host, ["alpha.example", "bravo.example", "charlie.example", "delta.example"]),
        (QueueSort::Verdict, ["delta.example", "alpha.example", "charlie.example", "bravo.example"]),
        (QueueSort::FlagsFirst, ["charlie.example", "delta.example", "alpha.example", "bravo.example"]),
        (QueueSort::NoCaptureFirst, ["alpha.example", "charlie.example", "delta.example", "bravo.example"]),
    ];
    for (sort, hosts) in expected {
        state.sort = sort;
        assert_eq!(order(&state), hosts, "{sort:?}");
    }
}

#[wasm_bindgen_test]
async fn a_prebuilt_case_says_its_captures_are_being_read_until_its_own_completion_arrives() {
    // A first visit opens the demo's prebuilt case (no capture texts or bytes), then completes it.
    let mut state = initial_state();
    let full = state.session.case.clone();
    let prebuilt = exhibit_web::engine::demo::read_prebuilt(&exhibit_web::engine::demo::prebuilt(&full))
        .expect("the prebuilt case reads");
    state.session = std::rc::Rc::new(state.session.with_case(Arc::new(prebuilt)));
    state.case_key = "demo".to_string();
    state.completing = true;
    let allegation = AllegationId::from(state.selected_allegation.clone().unwrap());
    let root = mount(
        html! { <><exhibit_web::components::queue::Queue /><CapturePane allegation_id={allegation.clone()} /></> },
        state,
    )
    .await;
    let completing = |root: &web_sys::Element| {
        query(root, "[data-testid=progress]").get_attribute("data-completing").unwrap_or_default()
    };
    query(&root, "[data-testid=capture-completing]");
    assert!(root.query_selector("[data-testid=capture-text]").unwrap().is_none());
    assert_eq!(completing(&root), "true");
    // Another case's completion (an import opened meanwhile) changes nothing here.
    let dispatch = REMOTE.with(|slot| slot.borrow().clone()).expect("a harness is mounted");
    dispatch.emit(AppAction::CaseCompleted { key: "another".to_string(), case: Some(full.clone()), files: None });
    flush().await;
    query(&root, "[data-testid=capture-completing]");
    // Its own: the capture is whole, the queue and the chosen allegation as they were.
    dispatch.emit(AppAction::CaseCompleted { key: "demo".to_string(), case: Some(full), files: None });
    flush().await;
    assert!(root.query_selector("[data-testid=capture-completing]").unwrap().is_none());
    assert!(query(&root, "[data-testid=capture-text]").text_content().unwrap_or_default().contains("ferry timetable"));
    assert_eq!(completing(&root), "false");
    assert_eq!(latest_state().selected_allegation.as_deref(), Some(allegation.as_str()));
}
