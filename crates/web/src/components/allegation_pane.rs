//! The claim as written: raw lines with their source, the normalised URL and host (both forms for
//! an IDN), flags explained in plain words, and what is alleged.

use yew::prelude::*;

use crate::app::use_app;
use crate::domain::allegations::Flag;

#[derive(Properties, PartialEq)]
pub struct AllegationPaneProps {
    pub allegation_id: crate::domain::ids::AllegationId,
}

pub fn flag_explanation(flag: Flag) -> &'static str {
    match flag {
        Flag::Idn => "Internationalised host: check both the Unicode and the punycode form.",
        Flag::Confusable => "Look-alike characters or mixed scripts in the host: it may imitate another site.",
        Flag::BidiControl => "Bidirectional control characters were hidden in the link.",
        Flag::ZeroWidth => "Zero-width characters were hidden in the link (removed from the host).",
        Flag::Userinfo => "The link had a user@ part: it goes to the host after the @.",
        Flag::Shortener => "A URL shortener: the real target is unknown.",
        Flag::IpHost => "The host is an IP address.",
        Flag::NonHttpScheme => "Not an http(s) link.",
        Flag::HyphenLabel => {
            "A part of the host starts or ends with a hyphen: not a valid host name, though browsers open it."
        }
    }
}

/// Shows invisible characters (bidi controls, zero-width) as visible `<U+XXXX>` markers.
pub fn reveal_invisible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' => {
                format!("⟨U+{:04X}⟩", c as u32)
            }
            other => other.to_string(),
        })
        .collect()
}

#[function_component(AllegationPane)]
pub fn allegation_pane(props: &AllegationPaneProps) -> Html {
    let app = use_app();
    let case = &app.state.session.case;
    let Some(allegation) = case.allegation(&props.allegation_id) else {
        return html! { <section class="allegation-pane" data-testid="allegation-pane">{"Unknown allegation"}</section> };
    };
    let matches = case.matches.captures_for(&allegation.id);
    html! {
        <section class="allegation-pane" data-testid="allegation-pane">
            <h2>{"Claim"}</h2>
            <dl>
                <dt>{"Host"}</dt>
                <dd class="host" data-testid="allegation-host">
                    <bdi>{ reveal_invisible(&allegation.host_unicode) }</bdi>
                    if allegation.host_unicode != allegation.host {
                        <span class="punycode">{ format!(" ({})", allegation.host) }</span>
                    }
                </dd>
                <dt>{"URL"}</dt>
                <dd class="url" dir="ltr" data-testid="allegation-url">{ allegation.url.clone() }</dd>
                if let Some(claim) = &allegation.claim {
                    <dt>{"Alleged"}</dt>
                    <dd dir="auto" data-testid="allegation-claim">{ claim.clone() }</dd>
                }
                if let Some(source) = &allegation.source {
                    <dt>{"Source"}</dt><dd dir="auto">{ source.clone() }</dd>
                }
                if let Some(date) = &allegation.date {
                    <dt>{"Date"}</dt><dd>{ date.clone() }</dd>
                }
                <dt>{"Matched captures"}</dt>
                <dd>{ if matches.is_empty() { "none — this allegation can only be marked unreviewable".to_string() } else { matches.len().to_string() } }</dd>
            </dl>
            if !allegation.flags.is_empty() {
                <ul class="flags" data-testid="allegation-flags">
                    { for allegation.flags.iter().map(|flag| html! {
                        <li><span class={classes!("flag", flag.as_str())}>{ flag.as_str() }</span>{" "}{ flag_explanation(*flag) }</li>
                    }) }
                </ul>
            }
            <h3>{"As written"}</h3>
            <ol class="raw-lines">
                { for allegation.occurrences.iter().map(|line| html! {
                    <li>
                        <span class="where">{ format!("{}:{}", line.file, line.line) }</span>
                        <q dir="auto"><bdi>{ reveal_invisible(&line.raw) }</bdi></q>
                    </li>
                }) }
            </ol>
        </section>
    }
}
