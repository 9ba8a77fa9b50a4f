//! Capture integrity as a reviewer meets it (issue 16): a WARC whose record was changed after it
//! was written shows the failed digest, and a verdict citing it is refused by `capture-integrity`;
//! a WACZ signed with an anonymous P-256 key shows "signed, valid" with the key's fingerprint, and
//! the same review on it can be recorded. Both archives are built here (fictional `.example` sites).

use fantoccini::Client;

use super::harness::{count, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{
    choose_finding, choose_verdict, click, new_case_with_captures, open_allegation_matching, open_demo, record_enabled,
    select_capture_text, shown_rules, type_into,
};

#[path = "../data/archives.rs"]
mod archives;
use archives::{fingerprint, http_response, response_record, signed_wacz_of, Key};

const TAMPERED_URL: &str = "http://tampered.example/news";
const SIGNED_URL: &str = "http://signed.example/";
const PASSAGE: &str = "Fresh bread daily at the bakery on Example Street, open from seven until noon.";

fn page(passage: &str) -> Vec<u8> {
    format!("<html><head><title>Bakery</title></head><body><h1>Bakery</h1><p>{passage}</p></body></html>").into_bytes()
}

/// A WARC with one response record whose digests were stated for `PASSAGE`, then one byte of the
/// body changed ("seven" became "Seven") as if the file had been edited after capture.
fn tampered_warc() -> Vec<u8> {
    let body = page(PASSAGE);
    let record =
        response_record("00000000-0000-4000-8000-000000000016", TAMPERED_URL, &http_response(&body), &body, true);
    let at = record.windows(5).position(|window| window == b"seven").expect("the passage is in the record");
    let mut tampered = record;
    tampered[at] = b'S';
    tampered
}

/// Cites `needle` in the open capture as an ordinary passage and fills a verdict that every other
/// rule accepts (finding, note, translation if asked, a rationale that points at the quote).
async fn cite_and_fill(client: &Client, needle: &str) -> Result<(), String> {
    eventually(20, "capture text", || async { text_of(client, "[data-testid=capture-text] .block").await }).await?;
    select_capture_text(client, needle).await?;
    click(client, "[data-testid=cite-button]").await?;
    eventually(10, "the citation", || async {
        Some(count(client, "[data-testid=citation]").await).filter(|n| *n >= 1)
    })
    .await?;
    choose_finding(client, 0, "reporting").await?;
    type_into(client, "[data-testid=citation-note]", "The passage gives the bakery's street and opening hours.")
        .await?;
    click(client, "[data-testid=rationale]").await?;
    if count(client, "[data-testid=citation-translation]").await > 0 {
        type_into(client, "[data-testid=citation-translation]", "The bakery's street and its opening hours.").await?;
        click(client, "[data-testid=rationale]").await?;
    }
    choose_verdict(client, "not_supported").await?;
    type_into(
        client,
        "[data-testid=rationale]",
        "Quote 1 gives a bakery's opening hours; nothing in the capture matches the allegation.",
    )
    .await
}

async fn integrity_of_open_capture(client: &Client) -> Result<(String, String), String> {
    let status = eventually(20, "the capture's integrity", || async {
        js(client, "const d = document.querySelector('[data-testid=integrity]'); return d && d.dataset.status")
            .await
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
    })
    .await?;
    let summary = text_of(client, "[data-testid=integrity-summary]").await.unwrap_or_default();
    Ok((status, summary))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_warc_is_refused_and_a_signed_wacz_shows_its_key() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let folder = super::download_folder("integrity");
    let warc = folder.join("tampered.warc");
    let wacz = folder.join("signed.wacz");
    let key = Key::p256(16);
    std::fs::write(&warc, tampered_warc()).expect("write the WARC");
    std::fs::write(&wacz, signed_wacz_of(SIGNED_URL, &page(PASSAGE), Some(&key), None, None)).expect("write the WACZ");
    let key_fingerprint = fingerprint(&key);
    Browser::open("integrity")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            // A new case: the two sites as an allegation list, then their captures as files.
            new_case_with_captures(&client, &format!("{TAMPERED_URL}\n{SIGNED_URL}\n"), "tampered.example", &[&warc, &wacz])
                .await?;
            // The captures list marks the tampered capture failed.
            eventually(30, "a failed integrity badge in the captures list", || async {
                js(
                    &client,
                    "return [...document.querySelectorAll('[data-testid=capture-integrity-badge]')].some(b => b.classList.contains('failed'))",
                )
                .await
                .ok()
                .filter(|value| value.as_bool() == Some(true))
            })
            .await?;

            // The tampered WARC: the failed digest is shown, and the review is refused for it.
            click(&client, "[data-testid=view-review]").await?;
            open_allegation_matching(&client, "tampered.example").await?;
            let (status, summary) = integrity_of_open_capture(&client).await?;
            let checks = text_of(&client, "[data-testid=integrity]").await.unwrap_or_default();
            if status != "failed" || !summary.contains("failed") {
                return Err(format!("the tampered capture shows integrity {status:?}: {summary} / {checks}"));
            }
            if !checks.to_ascii_lowercase().contains("digest") {
                return Err(format!("the failed check does not name the digest: {checks}"));
            }
            cite_and_fill(&client, "Seven until noon").await?;
            let messages = eventually(10, "the integrity rule to show", || async {
                text_of(&client, "[data-testid=policy-messages]").await.filter(|text| text.contains("capture-integrity"))
            })
            .await?;
            if record_enabled(&client).await? {
                return Err(format!("a verdict citing a tampered capture can be recorded: {messages}"));
            }
            let rules = shown_rules(&client, "[data-testid=policy-messages] .violation").await?;
            if rules != ["capture-integrity"] {
                return Err(format!("expected only capture-integrity, the form shows {rules:?}: {messages}"));
            }

            // The signed WACZ: "signed, valid" with the key's fingerprint; the same review records.
            open_allegation_matching(&client, "signed.example").await?;
            let (status, summary) = integrity_of_open_capture(&client).await?;
            if status != "passed" {
                return Err(format!("the signed capture shows integrity {status:?}: {summary}"));
            }
            let signature = eventually(10, "the signature line", || async {
                text_of(&client, "[data-testid=integrity-signature]").await
            })
            .await?;
            if !signature.contains("signed, valid") || !signature.contains(&key_fingerprint) {
                return Err(format!("the signature reads {signature:?}, not valid with key {key_fingerprint}"));
            }
            cite_and_fill(&client, "seven until noon").await?;
            eventually(10, "the record button to enable on the intact capture", || async {
                record_enabled(&client).await.ok().filter(|enabled| *enabled)
            })
            .await?;
            click(&client, "[data-testid=record-verdict]").await?;
            eventually(10, "the recorded verdict", || async { text_of(&client, "[data-testid=recorded-verdict]").await })
                .await?;
            Ok(())
        })
        .await;
}
