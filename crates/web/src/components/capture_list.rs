//! Every loaded capture, matched or not, with its diagnostics; clicking one opens it. Each shows its
//! path, time, HTTP status, origin and an integrity badge per state (passed, failed, not checked).

use yew::prelude::*;

use crate::app::use_app;
use crate::components::capture_pane::CaptureView;
use crate::domain::ids::CaptureId;

#[function_component(CaptureList)]
pub fn capture_list() -> Html {
    let app = use_app();
    let case = app.state.session.case.clone();
    let open = use_state(|| None::<CaptureId>);
    let unmatched: std::collections::HashSet<&str> =
        case.matches.unmatched_captures.iter().map(|id| id.as_str()).collect();
    html! {
        <section class="capture-list">
            <h2>{ format!("Captures ({})", case.captures.len()) }</h2>
            <ul data-testid="capture-items">
                { for case.captures.iter().map(|capture| {
                    let onclick = { let open = open.clone(); let id = capture.id.clone(); Callback::from(move |_: MouseEvent| open.set(Some(id.clone()))) };
                    let active = open.as_ref() == Some(&capture.id);
                    html! {
                        <li key={capture.id.to_string()} class={classes!("capture-item", active.then_some("active"))} data-testid="capture-item"
                            data-capture-id={capture.id.to_string()} onclick={onclick}>
                            <button class="link url" dir="ltr" data-testid="capture-open" aria-pressed={active.to_string()}
                                aria-label={format!("Open the capture of {}", capture.url)}>{ capture.url.clone() }</button>
                            <span class="time">{ capture.captured_at.clone().unwrap_or_default() }</span>
                            if let Some(status) = crate::domain::crawl::status_label(capture) {
                                <span class={classes!("status", crate::domain::crawl::page_role(capture).as_str())} data-testid="capture-item-status">{ status }</span>
                            }
                            <span class="origin">{ crate::domain::crawl::origin_label(&capture.origin).to_string() }</span>
                            <span class="lang">{ capture.language.summary.clone() }</span>
                            if unmatched.contains(capture.id.as_str()) { <span class="match none">{"matches no allegation"}</span> }
                            if capture.integrity_notes().iter().any(|note| note.is_warning()) { <span class="flag">{"⚠ integrity warning"}</span> }
                            { integrity_badge(capture) }
                        </li>
                    }
                }) }
            </ul>
            if let Some(id) = &*open {
                <div class="capture-pane" data-testid="capture-pane" data-capture-id={id.to_string()}>
                    <CaptureView key={id.to_string()} capture_id={id.clone()} />
                </div>
            }
            if !case.diagnostics.is_empty() {
                <details class="diagnostics" data-testid="case-diagnostics">
                    <summary>{ format!("{} diagnostics while loading", case.diagnostics.len()) }</summary>
                    <ul>{ for case.diagnostics.iter().map(|d| html! {
                        <li class={d.severity.as_str()}>
                            { format!("{}{} {}", d.file.clone().unwrap_or_default(), d.line.map(|l| format!(":{l}")).unwrap_or_default(), d.message) }
                        </li>
                    }) }</ul>
                </details>
            }
        </section>
    }
}

/// The capture's integrity at a glance, in words (never colour alone): failed, signed, checked, or
/// nothing checked.
fn integrity_badge(capture: &crate::domain::capture::Capture) -> Html {
    let summary = capture.integrity_summary();
    let text = match (summary.state(), &summary.signature) {
        ("failed", _) => "✗ integrity failed",
        ("passed", Some(signature)) if signature.starts_with("signed, valid") => "✓ signed",
        ("passed", _) => "✓ digests match",
        _ => "– not checked",
    };
    html! {
        <span class={classes!("integrity-badge", summary.state())} data-testid="capture-integrity-badge"
            data-status={summary.state()} title={summary.line()}>{ text }</span>
    }
}
