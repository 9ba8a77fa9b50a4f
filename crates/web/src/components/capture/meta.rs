//! What is known about a capture, above its text and screenshot: URL, time, origin, HTTP status and
//! redirects, title, the integrity checks and sentences in words (passed, failed, not checked and
//! notices each with its own mark and class, never colour alone), each artifact's SHA-256, the language profile, and the page's links as
//! text. A link is opened live only when the reviewer asks and confirms; none is ever followed.

use yew::prelude::*;

use super::SharedCapture;
use crate::components::allegation_pane::reveal_invisible;
use crate::components::language_profile::LanguageProfile;
use crate::domain::crawl;

#[derive(Properties, PartialEq)]
pub struct CaptureMetaProps {
    pub capture: SharedCapture,
}

/// Opens a live URL only after the reviewer confirms, in a new tab without opener or referrer.
fn open_live(url: &str) {
    let Some(window) = web_sys::window() else { return };
    let question = format!(
        "Open {url} live?\n\nThe site will see your IP address and browser. Exhibit never opens captured links by itself."
    );
    if window.confirm_with_message(&question).unwrap_or(false) {
        let _ = window.open_with_url_and_target_and_features(url, "_blank", "noopener,noreferrer");
    }
}

#[function_component(CaptureMeta)]
pub fn capture_meta(props: &CaptureMetaProps) -> Html {
    let capture = &props.capture;
    let hashes = capture.artifacts.iter().map(|artifact| {
        html! {
            <li>
                <span class="kind">{ artifact.kind.as_str() }</span>
                {" "}<code class="sha256" title={artifact.source.clone()}>{ artifact.sha256.clone() }</code>
                { format!(" {} · {} bytes", artifact.media_type, artifact.bytes) }
            </li>
        }
    });
    let links = capture.text.links.iter().take(300).map(|link| {
        let host = link.normalized_host.clone();
        let live = link.normalized_url.clone().filter(|url| url.starts_with("http://") || url.starts_with("https://"));
        let open = live.map(|url| Callback::from(move |_: MouseEvent| open_live(&url)));
        html! {
            <li>
                <bdi>{ reveal_invisible(&link.text) }</bdi>
                {" → "}
                <span class="href" dir="ltr">{ host.clone().unwrap_or_else(|| link.href.chars().take(120).collect()) }</span>
                if let Some(open) = open {
                    {" "}<button class="open-live" data-testid="open-live" onclick={open} title="Opens the live site in a new tab, after you confirm">{"open live…"}</button>
                }
            </li>
        }
    });
    let summary = capture.integrity_summary();
    html! {
        <>
            <dl class="capture-meta" data-testid="capture-meta">
                <dt>{"URL"}</dt><dd dir="ltr" class="url">{ capture.url.clone() }</dd>
                <dt>{"Captured"}</dt><dd>{ capture.captured_at.clone().unwrap_or_else(|| "unknown".to_string()) }</dd>
                <dt>{"Origin"}</dt><dd data-testid="capture-origin">{ crawl::origin_label(&capture.origin).to_string() }</dd>
                if let Some(status) = crawl::status_label(capture) {
                    <dt>{"Status"}</dt>
                    <dd data-testid="capture-status" data-role={crawl::page_role(capture).as_str()}>
                        { status }{ capture.page.media_type.as_ref().map(|media_type| format!(" · {media_type}")).unwrap_or_default() }
                    </dd>
                }
                if !capture.page.redirected_from.is_empty() {
                    <dt>{"Redirected from"}</dt>
                    <dd data-testid="capture-redirects" dir="ltr">{ format!("{} → {}", capture.page.redirected_from.join(" → "), capture.url) }</dd>
                }
                if let Some(title) = &capture.title { <dt>{"Title"}</dt><dd dir="auto">{ title.clone() }</dd> }
                <dt>{"Integrity"}</dt>
                <dd data-testid="integrity" data-status={summary.state()}>
                    <p class={classes!("integrity-summary", summary.state())} data-testid="integrity-summary">{ summary.line() }</p>
                    if let Some(signature) = &summary.signature {
                        <p class="integrity-signature" data-testid="integrity-signature" dir="auto">{ signature.clone() }</p>
                    }
                    if !capture.integrity_checks.is_empty() {
                        <details class="integrity-checks" open={summary.failed > 0}>
                            <summary>{ format!("{} checks", capture.integrity_checks.len()) }</summary>
                            <ul>{ for capture.integrity_checks.iter().map(|check| html! {
                                <li class={classes!("integrity-check", check.status.as_str())} data-testid="integrity-check" data-status={check.status.as_str()}>
                                    <span class="status">{ check.status.label() }</span>{" "}
                                    <span class="subject" dir="auto">{ check.subject.clone() }</span>{": "}
                                    <span class="message" dir="auto">{ check.message.clone() }</span>
                                </li>
                            }) }</ul>
                        </details>
                    }
                    if capture.integrity.is_empty() && summary.failed == 0 { <span class="ok">{"no problems found"}</span> }
                    else if !capture.integrity.is_empty() {
                        <ul class="integrity notes">{ for capture.integrity_notes().iter().map(|note| html! {
                            <li class={classes!("integrity-note", note.class())} data-testid="integrity-note" data-status={note.class()}>
                                <span class="status">{ note.label() }</span>{" "}<span class="message" dir="auto">{ note.text.to_string() }</span>
                            </li>
                        }) }</ul>
                    }
                </dd>
            </dl>
            <ul class="hashes">{ for hashes }</ul>
            <LanguageProfile profile={capture.language.clone()} />
            if !capture.text.links.is_empty() {
                <details class="capture-links" data-testid="capture-links">
                    <summary>{ format!("{} links in the page (shown as text; never followed)", capture.text.links.len()) }</summary>
                    <ul class="links scroll-region" tabindex="0" aria-label="Links in the page">{ for links }</ul>
                </details>
            }
        </>
    }
}
