//! The page's language and script, shown as context with a fixed line: language is not evidence.

use yew::prelude::*;

use crate::domain::capture::LanguageProfile as Profile;

#[derive(Properties, PartialEq)]
pub struct LanguageProfileProps {
    pub profile: Profile,
}

pub const NOT_EVIDENCE: &str =
    "Language is context, not evidence: a verdict must rest on what the cited passages say, never on the language or script they are written in.";

#[function_component(LanguageProfile)]
pub fn language_profile(props: &LanguageProfileProps) -> Html {
    let profile = &props.profile;
    html! {
        <div class="language-profile" data-testid="language-profile">
            <div class="summary"><strong>{"Language: "}</strong>{ if profile.summary.is_empty() { "unknown".to_string() } else { profile.summary.clone() } }</div>
            <ul class="shares">
                { for profile.languages.iter().take(5).map(|share| html! {
                    <li>
                        { share.lang.as_deref().and_then(crate::domain::language::language_name).map(str::to_owned)
                            .or_else(|| share.lang.clone()).unwrap_or_else(|| "uncertain".to_string()) }
                        { format!(" ({}) {}%", share.script, (share.share * 100.0).round() as u32) }
                        if !share.reliable { <span class="unreliable">{" — not reliable"}</span> }
                    </li>
                }) }
            </ul>
            <p class="not-evidence" data-testid="language-not-evidence">{ NOT_EVIDENCE }</p>
        </div>
    }
}
