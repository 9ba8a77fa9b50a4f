//! Component tests in headless Chromium (wasm-pack test): mount real components inside the app
//! context with a small fictional case, act as a reviewer would, flush, and assert on the DOM.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;

use exhibit::app::{AppAction, AppContext, AppState};
use exhibit::components::capture_pane::CapturePane;
use exhibit::components::citation_list::CitationList;
use exhibit::components::diff_view::DiffMarkup;
use exhibit::components::verdict_form::VerdictForm;
use exhibit::domain::capture::InputFile;
use exhibit::domain::citation::{Citation, Selector, TextPosition};
use exhibit::domain::session::{apply, build_case, SessionAction, Stamp};

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
    Stamp { event_id: format!("e{n}"), time: format!("2026-03-01T10:00:{n:02}Z"), reviewer: "tester".into() }
}

/// A state with one allegation and two captures of its URL (earlier and later).
fn initial_state() -> AppState {
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
    state.session = outcome.session;
    state.selected_allegation = case.allegations.first().map(|allegation| allegation.id.clone());
    state.reviewer = "tester".into();
    state.reviewer_language = "eng".into();
    state
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    initial: AppState,
    children: Html,
}

#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let initial = props.initial.clone();
    let reducer = use_reducer(move || initial);
    let dispatcher = reducer.dispatcher();
    let dispatch = use_memo((), move |_| Callback::from(move |action: AppAction| dispatcher.dispatch(action)));
    let context = AppContext::new(reducer.clone(), (*dispatch).clone());
    html! { <ContextProvider<AppContext> context={context}>{ props.children.clone() }</ContextProvider<AppContext>> }
}

async fn mount(children: Html, initial: AppState) -> web_sys::Element {
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
    let allegation = AttrValue::from(state.selected_allegation.clone().unwrap());
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
    allegation: AttrValue,
}

/// The diff markup for the allegation's two captures, made here (in the app the worker makes it,
/// which `tests/e2e` exercises).
#[function_component(DiffOfCaptures)]
fn diff_of_captures(props: &DiffProps) -> Html {
    let app = exhibit::app::use_app();
    let captures = app.state.session.case.captures_for(&props.allegation);
    let (before, after) = (&captures[0].text, &captures[captures.len() - 1].text);
    let diff = exhibit::domain::diff::diff_texts(before, after);
    let markup = AttrValue::from(exhibit::domain::diff::diff_html(before, after, &diff));
    html! { <section data-testid="diff-view"><DiffMarkup html={markup} /></section> }
}

#[wasm_bindgen_test]
async fn the_diff_of_two_captures_marks_the_removed_block() {
    let state = initial_state();
    let allegation = AttrValue::from(state.selected_allegation.clone().unwrap());
    let root = mount(html! { <DiffOfCaptures allegation={allegation} /> }, state).await;
    let gone = query(&root, "[data-testid=diff-gone]").text_content().unwrap();
    assert!(gone.contains("Placeholder for tests"), "removed content not listed: {gone:?}");
    let changed = query(&root, "[data-testid=diff-view]").inner_html();
    assert!(changed.contains("<del>"), "no deletion marked: {changed}");
}

#[wasm_bindgen_test]
async fn a_citation_whose_offsets_shifted_is_reanchored_by_its_quote() {
    let mut state = initial_state();
    let allegation = state.selected_allegation.clone().unwrap();
    let captures = state.session.case.captures_for(&allegation);
    let later = captures.last().map(|capture| (*capture).clone()).unwrap();
    let canonical = &later.text.canonical;
    let at = canonical.find("ferry timetable").map(|at| canonical[..at].chars().count()).unwrap();
    let (quote, _) = exhibit::domain::citation::text_selectors(canonical, at, at + 15).unwrap();
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
    };
    state.session = apply(&state.session, SessionAction::AddCitation { citation: cited, stamp: stamp(2) }).session;
    let root = mount(html! { <CitationList allegation_id={AttrValue::from(allegation)} /> }, state).await;
    let text = query(&root, "[data-testid=citation]").text_content().unwrap();
    assert!(text.contains(&format!("re-anchored at {}–{}", at, at + 15)), "citation shows {text:?}");
}

#[wasm_bindgen_test]
async fn a_language_only_rationale_keeps_the_record_button_disabled() {
    let state = initial_state();
    let allegation = AttrValue::from(state.selected_allegation.clone().unwrap());
    let root = mount(html! { <VerdictForm allegation_id={allegation} /> }, state).await;
    let select = query(&root, "[data-testid=verdict-select]").dyn_into::<web_sys::HtmlSelectElement>().unwrap();
    select.set_value("supported");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    flush().await;
    let messages = query(&root, "[data-testid=policy-messages]").text_content().unwrap();
    assert!(messages.contains("evidence-required"), "policy messages: {messages:?}");
    let button = query(&root, "[data-testid=record-verdict]").dyn_into::<web_sys::HtmlButtonElement>().unwrap();
    assert!(button.disabled());
}

#[wasm_bindgen_test]
async fn events_saved_to_indexeddb_read_back_exactly() {
    let database = exhibit::io::storage::open().await.expect("IndexedDB opens in Chromium");
    let key = format!("test-{}", js_sys::Date::now());
    let state = initial_state();
    let events = state.session.events.clone();
    for event in &events {
        database.put_event(&key, event).await.expect("event saved and read back");
    }
    let mut back = database.events(&key).await.expect("events read");
    back.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(back, events);
}
