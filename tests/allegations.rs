#![cfg(not(target_arch = "wasm32"))]
//! Allegation lists end to end: refanging, extraction, normalisation, flags, provenance, merging,
//! CSV and JSON import, matching to captures, the `exhibit allegations` CLI, and properties (no
//! panic on any input, idempotent normalisation, refang round trip, a million lines).
//!
//! All data is fictional, under reserved names (`.example`, `.test`, documentation IP ranges).

use exhibit::domain::allegations::{
    detect_format, group_by_site, import, normalize_url, refang, Allegation, Flag, Format,
};
use exhibit::domain::capture::{Capture, ExtractedText, LanguageProfile};
use exhibit::domain::diagnostic::Diagnostic;
use exhibit::domain::matching::{match_captures, MatchKind};
use expect_test::{expect, expect_file, Expect};
use proptest::prelude::*;

/// One line per allegation (`url (unicode host) [flags] «claim»`) and per diagnostic (`! …`).
fn render_compact(allegations: &[Allegation], diagnostics: &[Diagnostic]) -> String {
    let mut parts = Vec::new();
    for allegation in allegations {
        let mut part = allegation.url.clone();
        if allegation.host_unicode != allegation.host {
            part.push_str(&format!(" ({})", allegation.host_unicode));
        }
        if !allegation.flags.is_empty() {
            let flags: Vec<&str> = allegation.flags.iter().map(|flag| flag.as_str()).collect();
            part.push_str(&format!(" [{}]", flags.join(",")));
        }
        if let Some(claim) = &allegation.claim {
            part.push_str(&format!(" «{claim}»"));
        }
        parts.push(part);
    }
    for diagnostic in diagnostics {
        let severity = serde_json::to_value(diagnostic.severity).ok().and_then(|v| v.as_str().map(str::to_owned));
        parts.push(format!("! {}: {}", severity.unwrap_or_default(), diagnostic.message));
    }
    parts.join(" | ")
}

/// Everything about an import, for snapshots: each allegation with its fields and occurrences.
fn render_full(allegations: &[Allegation], diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for allegation in allegations {
        let flags: Vec<&str> = allegation.flags.iter().map(|flag| flag.as_str()).collect();
        out.push_str(&format!(
            "{} {} host={} unicode={} site={} flags=[{}]\n  claim={:?} source={:?} date={:?}\n",
            allegation.id,
            allegation.url,
            allegation.host,
            allegation.host_unicode,
            allegation.site,
            flags.join(","),
            allegation.claim,
            allegation.source,
            allegation.date,
        ));
        for occurrence in &allegation.occurrences {
            out.push_str(&format!("  {}:{} {:?}\n", occurrence.file, occurrence.line, occurrence.raw));
        }
    }
    for diagnostic in diagnostics {
        out.push_str(&format!("! {:?} {:?} {}\n", diagnostic.line, diagnostic.severity, diagnostic.message));
    }
    out
}

/// Each case is one line of a pasted list and what Exhibit must make of it.
const TEXT_CASES: &[(&str, &str)] = &[
    ("hxxp://alpha-news[.]example/videos", "http://alpha-news.example/videos"),
    ("hXXp://alpha-news[.]example/videos", "http://alpha-news.example/videos"),
    ("hxxps://bravo[.]example/", "https://bravo.example/"),
    ("hxxp[s]://charlie[.]example/page", "https://charlie.example/page"),
    ("http[s]://charlie[.]example/page2", "https://charlie.example/page2"),
    ("hxxp[:]//delta[.]example", "http://delta.example/"),
    ("hxxp[://]echo[.]example/a", "http://echo.example/a"),
    ("https[:]//foxtrot(.)example/b", "https://foxtrot.example/b"),
    ("http://golf{.}example/c", "http://golf.example/c"),
    ("hxxp://hotel[dot]example", "http://hotel.example/"),
    ("hxxp://india(dot)example/x", "http://india.example/x"),
    ("hxxp://juliet[ dot ]example", "http://juliet.example/"),
    ("kilo [.] example", "http://kilo.example/"),
    ("lima dot example", "! info: no link on this line; skipped"),
    ("hxxps://mike[.]example[/]path[/]to", "https://mike.example/path/to"),
    ("h**p://november[.]example", "http://november.example/"),
    ("hxxp://oscar\\.example/", "http://oscar.example/"),
    ("https:\\/\\/papa.example\\/feed", "https://papa.example/feed"),
    ("www[.]quebec[.]example", "http://www.quebec.example/"),
    ("romeo[.]test/path?id=42#comments", "http://romeo.test/path?id=42"),
    ("The site sierra.example hosts recruitment videos, reported twice.", "http://sierra.example/ «The site hosts recruitment videos, reported twice.»"),
    ("See tango.example; it reposts the same clips.", "http://tango.example/ «See; it reposts the same clips.»"),
    ("Check (uniform.example) and [victor.example] please", "http://uniform.example/ «Check and please» | http://victor.example/ «Check and please»"),
    ("\"whiskey.example\" was named in the thread.", "http://whiskey.example/ «was named in the thread.»"),
    ("'xray.example' was named too", "http://xray.example/ «was named too»"),
    ("According to yankee.example's editor, nothing was removed.", "http://yankee.example/ «According to 's editor, nothing was removed.»"),
    ("Visit <http://zulu.example/page>.", "http://zulu.example/page «Visit.»"),
    ("Long read: https://alpha.example/2024/05/story.html?utm_source=x&ref=feed#top", "https://alpha.example/2024/05/story.html?utm_source=x&ref=feed «Long read»"),
    ("Wikipedia-style https://bravo.example/wiki/Topic_(disambiguation) here", "https://bravo.example/wiki/Topic_(disambiguation) «Wikipedia-style here»"),
    ("Bracketed (see https://charlie.example/page) end", "https://charlie.example/page «Bracketed (see) end»"),
    ("Sentence ends here https://delta.example/path.", "https://delta.example/path «Sentence ends here.»"),
    ("Question https://echo.example/?q=1?", "https://echo.example/?q=1 «Question?»"),
    ("Quoted \"https://foxtrot.example/x\" in text", "https://foxtrot.example/x «Quoted in text»"),
    ("Exclaims https://golf.example/!", "https://golf.example/ «Exclaims!»"),
    ("Arabic comma مثال.example، ثم كلام", "http://xn--mgbh0fb.example/ (مثال.example) [idn] «Arabic comma، ثم كلام»"),
    ("Arabic full stop hxxp://hotel[.]example۔", "http://hotel.example/ «Arabic full stop۔»"),
    ("CJK stop 例子。example。", "http://xn--fsqu00a.example/ (例子.example) [idn] «CJK stop。»"),
    ("@watcher_example: these host propaganda hxxp://india[.]example #takedown", "http://india.example/ «@watcher_example: these host propaganda #takedown»"),
    ("RT @someone_example: look at juliet[.]example #report #sites", "http://juliet.example/ «RT @someone_example: look at #report #sites»"),
    ("@handle_only_example no link here", "! warning: no link on this line: an @handle is not a link: @handle_only_example"),
    ("#hashtag.example is not a link", "! warning: no link on this line: a #hashtag is not a link: #hashtag.example"),
    ("contact admin@kilo.example for questions", "! warning: no link on this line: an e-mail address is not a site: admin@kilo.example (a link to a site after @ needs a scheme)"),
    ("mailto:press@lima.example", "! warning: no link on this line: an e-mail address is not a site: mailto:press@lima.example"),
    ("trusted.example@other.example", "! warning: no link on this line: an e-mail address is not a site: trusted.example@other.example (a link to a site after @ needs a scheme)"),
    ("http://trusted.example@other.example/login", "http://other.example/login [userinfo]"),
    ("https://user:secret@mike.example:8443/admin", "https://mike.example:8443/admin [userinfo]"),
    ("1. november.example", "http://november.example/"),
    ("2) hxxp://oscar[.]example — weapons manuals", "http://oscar.example/ «weapons manuals»"),
    ("- papa.example", "http://papa.example/"),
    ("* quebec.example mirror", "http://quebec.example/ «mirror»"),
    ("• romeo.example (mirror of romeo.test)", "http://romeo.example/ «(mirror of)» | http://romeo.test/ «(mirror of)»"),
    ("[Sierra news](hxxp://sierra[.]example/news)", "http://sierra.example/news «Sierra news»"),
    ("[tango.example](http://tango.example)", "http://tango.example/"),
    ("e.g. the list is long, i.e. very long", "! warning: no link on this line: not a host: e.g."),
    ("Files: notes.txt, report.pdf, photo.jpg and main.rs", "! warning: no link on this line: looks like a file name, not a host: notes.txt"),
    ("Version 1.2.3 released at 10.30 today", "! warning: no link on this line: not a host: 1.2.3"),
    ("Mr.Smith wrote about it.Then left", "! warning: no link on this line: not a host: Mr.Smith"),
    ("https://пример.example/страница", "https://xn--e1afmkfd.example/%D1%81%D1%82%D1%80%D0%B0%D0%BD%D0%B8%D1%86%D0%B0 (пример.example) [idn]"),
    ("http://xn--e1afmkfd.example/", "http://xn--e1afmkfd.example/ (пример.example) [idn]"),
    ("Арабский сайт مثال.test/مقالة", "http://xn--mgbh0fb.test/%D9%85%D9%82%D8%A7%D9%84%D8%A9 (مثال.test) [idn] «Арабский сайт»"),
    ("https://例子.test/页面", "https://xn--fsqu00a.test/%E9%A1%B5%E9%9D%A2 (例子.test) [idn]"),
    ("https://ＥＸＡＭＰＬＥ．example/", "https://example.example/"),
    ("http://www.例子.example", "http://www.xn--fsqu00a.example/ (www.例子.example) [idn]"),
    ("http://раураl.example/login", "http://xn--l-7sba6dbr.example/login (раураl.example) [idn,confusable]"),
    ("http://gооgle.example/", "http://xn--ggle-55da.example/ (gооgle.example) [idn,confusable]"),
    ("http://аррӏе.example/", "http://xn--80ak6aa92e.example/ (аррӏе.example) [idn,confusable]"),
    ("http://pаypal.example/", "http://xn--pypal-4ve.example/ (pаypal.example) [idn,confusable]"),
    ("http://safe\u{202e}elpmaxe\u{202c}.example/", "http://safeelpmaxe.example/ [bidi-control]"),
    ("\u{200f}http://uniform.example/\u{200f}", "http://uniform.example/ [bidi-control]"),
    ("http://exa\u{200b}mple.example/", "http://example.example/ [zero-width]"),
    ("hxxp://vic\u{2060}tor[.]example", "http://victor.example/ [zero-width]"),
    ("https://bit.ly/3abcDEF", "https://bit.ly/3abcDEF [shortener]"),
    ("t.co/AbCdEf123", "http://t.co/AbCdEf123 [shortener]"),
    ("hxxps://tinyurl[.]com/y2x8k", "https://tinyurl.com/y2x8k [shortener]"),
    ("https://www.bit.ly/xyz", "https://www.bit.ly/xyz [shortener]"),
    ("http://192.0.2.10/index.html", "http://192.0.2.10/index.html [ip-host]"),
    ("hxxp://198.51.100[.]7:8080/a", "http://198.51.100.7:8080/a [ip-host]"),
    ("203.0.113.5", "http://203.0.113.5/ [ip-host]"),
    ("http://[2001:db8::1]/", "http://[2001:db8::1]/ [ip-host]"),
    ("http://[2001:DB8:0:0:0:0:0:1]:8080/path", "http://[2001:db8::1]:8080/path [ip-host]"),
    ("http://0x7f.1/", "http://127.0.0.1/ [ip-host]"),
    ("http://3232235777/", "http://192.168.1.1/ [ip-host]"),
    ("http://256.1.1.1/", "! warning: invalid IPv4 host \"256.1.1.1\": http://256.1.1.1/"),
    ("https://whiskey.example:443/", "https://whiskey.example/"),
    ("http://xray.example:80/", "http://xray.example/"),
    ("http://yankee.example:99999/", "! warning: port 99999 is out of range: http://yankee.example:99999/"),
    ("http://zulu.example:abc/", "! warning: invalid port \"abc\": http://zulu.example:abc/"),
    ("ftp://files.example/pub/file.zip", "ftp://files.example/pub/file.zip [non-http-scheme]"),
    ("sftp://files.example/upload", "sftp://files.example/upload [non-http-scheme]"),
    ("javascript:alert(document.domain)", "! warning: refused javascript: link (it names no web site): javascript:alert(document.domain)"),
    ("data:text/html;base64,PHNjcmlwdD4=", "! warning: refused data: link (it names no web site): data:text/html;base64,PHNjcmlwdD4="),
    ("file:///etc/passwd", "! warning: refused file: link (it names no web site): file:///etc/passwd"),
    ("vbscript:msgbox(1)", "! warning: refused vbscript: link (it names no web site): vbscript:msgbox(1)"),
    ("http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/", "! warning: label is 64 characters long (at most 63): aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/"),
    ("http://example-.example/ok", "http://example-.example/ok [hyphen-label]"),
    ("HTTP://MiXeD.Example/Path/Keeps/Case", "http://mixed.example/Path/Keeps/Case"),
    ("http://trailing-dot.example./x", "http://trailing-dot.example/x"),
    ("http://a.example/a/./b/../c", "http://a.example/a/c"),
    ("http://b.example/path with space", "http://b.example/path «with space»"),
    ("http://c.example/%e2%82%ac", "http://c.example/%E2%82%AC"),
    ("http://d.example/ünïcode?q=ü", "http://d.example/%C3%BCn%C3%AFcode?q=%C3%BC"),
    ("hxxp://e[.]example/1,hxxp://f[.]example/2", "http://e.example/1 | http://f.example/2"),
    ("g.example, h.example; i.example", "http://g.example/ | http://h.example/ | http://i.example/"),
    ("http://xn--zz.example/", "! warning: invalid host \"xn--zz.example\" (not a valid internationalised domain name): http://xn--zz.example/"),
    ("http://under_score.example/", "http://under_score.example/"),
    ("http://.example/", "! warning: invalid host \".example\" (empty label): http://.example/"),
    ("http://", "! warning: empty host: http://"),
    ("ALPHA.EXAMPLE", "http://alpha.example/"),
    ("see:http://juliet.example/x", "http://juliet.example/x"),
];

#[test]
fn text_lines_give_the_exact_url_host_flags_and_claim() {
    let mut failures = Vec::new();
    for &(input, expected) in TEXT_CASES {
        let (allegations, diagnostics) = import("list.txt", input, Format::Text);
        let actual = render_compact(&allegations, &diagnostics);
        if actual != expected {
            failures.push(format!("input:    {input:?}\nexpected: {expected}\nactual:   {actual}\n"));
        }
    }
    assert!(TEXT_CASES.len() >= 80);
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), TEXT_CASES.len(), failures.join("\n"));
}

fn check_refang(input: &str, expect: Expect) {
    expect.assert_eq(&refang(input));
}

#[test]
fn refang_rewrites_only_the_defanging_forms() {
    check_refang("hxxp://a[.]example", expect!["http://a.example"]);
    check_refang("hXXps[:]//b(.)example[/]x", expect!["https://b.example/x"]);
    check_refang("fxp://files[.]example", expect!["ftp://files.example"]);
    check_refang("hxxp(s)://c{dot}example", expect!["https://c.example"]);
    check_refang("d [ . ] example and e (dot) example", expect!["d.example and e.example"]);
    check_refang(
        "the word dot stays, as do [brackets] and (parens)",
        expect!["the word dot stays, as do [brackets] and (parens)"],
    );
    check_refang("aahxxp stays inside a word", expect!["aahxxp stays inside a word"]);
    check_refang("f\\.example and http:\\/\\/g.example", expect!["f.example and http://g.example"]);
}

fn check_normalize(raw: &str, expect: Expect) {
    let actual = match normalize_url(raw) {
        Ok(link) => format!(
            "url={} host={} unicode={} site={} port={:?} path={} userinfo={:?} flags={:?}",
            link.url,
            link.host,
            link.host_unicode,
            link.site,
            link.port,
            link.path_and_query,
            link.userinfo,
            link.flags
        ),
        Err(message) => format!("error: {message}"),
    };
    expect.assert_eq(&actual);
}

#[test]
fn normalize_url_separates_every_part() {
    check_normalize(
        "HTTPS://User:Pw@WWW.Example.ORG.:8443/a/../b?q=1#frag",
        expect![[
            r#"url=https://www.example.org:8443/b?q=1 host=www.example.org unicode=www.example.org site=example.org port=Some(8443) path=/b?q=1 userinfo=Some("User:Pw") flags=[Userinfo]"#
        ]],
    );
    check_normalize(
        "пример。example",
        expect!["url=http://xn--e1afmkfd.example/ host=xn--e1afmkfd.example unicode=пример.example site=xn--e1afmkfd.example port=None path=/ userinfo=None flags=[Idn]"],
    );
    check_normalize(
        "http://[::1]:80",
        expect!["url=http://[::1]/ host=[::1] unicode=[::1] site=[::1] port=None path=/ userinfo=None flags=[IpHost]"],
    );
    check_normalize("javascript:alert(1)", expect!["error: refused javascript: link (it names no web site)"]);
    check_normalize("http://a.example:70000/", expect!["error: port 70000 is out of range"]);
    check_normalize(
        &format!("http://{}.example/", "a".repeat(63)),
        expect![[
            r#"url=http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/ host=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example unicode=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example site=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example port=None path=/ userinfo=None flags=[]"#
        ]],
    );
    check_normalize(
        &format!("http://{}example/", "abcdefghi.".repeat(25)),
        expect!["error: host is 257 characters long (at most 253)"],
    );
}

#[test]
fn duplicates_merge_into_one_allegation_listing_every_line() {
    let input = "\u{FEFF}Sites reported this week:\r\n\
                 1. hxxp://alpha[.]example/videos\r\n\
                 \r\n\
                 2. bravo.example — cooking blog\r\n\
                 3. http://alpha.example/videos — recruitment videos\r\n\
                 4. HTTP://ALPHA.EXAMPLE/videos#again\r\n";
    let (allegations, diagnostics) = import("week.txt", input, Format::Auto);
    expect![[r#"
        a1 http://alpha.example/videos host=alpha.example unicode=alpha.example site=alpha.example flags=[]
          claim=Some("recruitment videos") source=None date=None
          week.txt:2 "1. hxxp://alpha[.]example/videos"
          week.txt:5 "3. http://alpha.example/videos — recruitment videos"
          week.txt:6 "4. HTTP://ALPHA.EXAMPLE/videos#again"
        a2 http://bravo.example/ host=bravo.example unicode=bravo.example site=bravo.example flags=[]
          claim=Some("cooking blog") source=None date=None
          week.txt:4 "2. bravo.example — cooking blog"
        ! Some(1) Info no link on this line; skipped
    "#]]
    .assert_eq(&render_full(&allegations, &diagnostics));
}

#[test]
fn group_by_site_gathers_www_and_paths_in_first_seen_order() {
    let input = "http://www.alpha.example/a\nhttp://bravo.example/\nhttps://alpha.example/b\nxn--e1afmkfd.example\nhttp://пример.example/x\n";
    let (allegations, _) = import("list.txt", input, Format::Text);
    let groups = group_by_site(&allegations);
    expect![[r#"[("alpha.example", [0, 2]), ("bravo.example", [1]), ("xn--e1afmkfd.example", [3, 4])]"#]]
        .assert_eq(&format!("{groups:?}"));
}

fn check_format(input: &str, expected: Format) {
    assert_eq!(detect_format(input), expected, "input: {input:?}");
}

#[test]
fn format_is_detected_from_content() {
    check_format("[{\"url\": \"a.example\"}]", Format::Json);
    check_format("  {\"allegations\": []}", Format::Json);
    check_format("[\"a.example\"]", Format::Json);
    check_format("[Alpha](http://a.example) recruits", Format::Text);
    check_format("\u{FEFF}url,claim\na.example,x", Format::Csv);
    check_format("Site;Reason\na.example;x", Format::Csv);
    check_format("domain\treporter\na.example\tx", Format::Csv);
    check_format("name,comment\nAlpha,hxxp://a[.]example", Format::Text);
    check_format("a.example, b.example, c.example", Format::Text);
}

#[test]
fn csv_with_odd_headers_quoting_and_bad_rows() {
    let input = include_str!("data/allegations/sites.csv");
    let (allegations, diagnostics) = import("sites.csv", input, Format::Auto);
    expect_file!["data/allegations/sites.csv.expected"].assert_eq(&render_full(&allegations, &diagnostics));
}

#[test]
fn csv_without_a_url_column_is_read_row_by_row_when_forced() {
    let input = "name,comment\nAlpha,\"see hxxp://a[.]example, it recruits\"\nBravo,no link\n";
    let (allegations, diagnostics) = import("odd.csv", input, Format::Csv);
    expect![[r#"
        http://a.example/ «Alpha see, it recruits» | ! warning: CSV header has no url, link, site or domain column: looking for links in every cell of every row | ! info: no link on this line; skipped | ! info: no link on this line; skipped"#]]
    .assert_eq(&render_compact(&allegations, &diagnostics));
}

#[test]
fn unterminated_csv_quote_is_diagnosed_and_read() {
    let input = "url,claim\n\"hxxp://a[.]example,never closed\n";
    let (allegations, diagnostics) = import("bad.csv", input, Format::Csv);
    expect![[r#"http://a.example/ «never closed» | ! error: unterminated quoted field: read to the end of the file"#]]
        .assert_eq(&render_compact(&allegations, &diagnostics));
}

#[test]
fn json_objects_strings_and_wrapped_lists() {
    let input = include_str!("data/allegations/sites.json");
    let (allegations, diagnostics) = import("sites.json", input, Format::Auto);
    expect_file!["data/allegations/sites.json.expected"].assert_eq(&render_full(&allegations, &diagnostics));
}

#[test]
fn broken_json_is_diagnosed_with_its_line_and_the_rest_is_read() {
    let input = include_str!("data/allegations/broken.json");
    let (allegations, diagnostics) = import("broken.json", input, Format::Json);
    expect![[r#"
        a1 http://one.example/ host=one.example unicode=one.example site=one.example flags=[]
          claim=None source=None date=None
          broken.json:2 "{\"url\": \"hxxp://one[.]example\"}"
        a2 http://three.example/ host=three.example unicode=three.example site=three.example flags=[]
          claim=None source=None date=None
          broken.json:4 "\"three[.]example\""
        ! Some(3) Error JSON parse error: expected `,` or `}` at line 3 column 27; reading the elements that parse on their own
    "#]]
    .assert_eq(&render_full(&allegations, &diagnostics));
}

fn capture(id: &str, url: &str) -> Capture {
    Capture {
        id: id.into(),
        url: url.to_owned(),
        captured_at: None,
        origin: "test".to_owned(),
        title: None,
        artifacts: Vec::new(),
        text: ExtractedText::default(),
        language: LanguageProfile::default(),
        integrity: Vec::new(),
        integrity_checks: Vec::new(),
        page: Default::default(),
    }
}

#[test]
fn captures_match_their_url_first_then_the_rest_of_their_site() {
    let input =
        "hxxp://alpha[.]example/videos\nbravo.example/about\nhttps://bit.ly/abc\ncharlie.example\nпример.example\n";
    let (allegations, _) = import("list.txt", input, Format::Text);
    let captures = vec![
        capture("c-1", "https://alpha.example/videos/"),
        capture("c-2", "http://www.bravo.example/"),
        capture("c-3", "http://alpha.example/other"),
        capture("c-4", "https://bit.ly/other"),
        capture("c-5", "http://xn--e1afmkfd.example"),
        capture("c-6", "not a url at all"),
    ];
    let report = match_captures(&allegations, &captures);
    expect![[r#"
        a1 -> [("c-1", Exact), ("c-3", Site)]
        a2 -> [("c-2", Site)]
        a3 -> []
        a4 -> []
        a5 -> [("c-5", Exact)]
        unmatched allegations: ["a3", "a4"]
        unmatched captures: ["c-4", "c-6"]
    "#]]
    .assert_eq(&{
        let mut out = String::new();
        for allegation in &allegations {
            let matches: Vec<(&str, MatchKind)> = report
                .captures_for(&allegation.id)
                .iter()
                .map(|matched| (matched.capture_id.as_str(), matched.kind))
                .collect();
            out.push_str(&format!("{} -> {matches:?}\n", allegation.id));
        }
        out.push_str(&format!("unmatched allegations: {:?}\n", report.unmatched_allegations));
        out.push_str(&format!("unmatched captures: {:?}\n", report.unmatched_captures));
        out
    });
    assert!(report.captures_for(&"a99".into()).is_empty());
}

#[test]
fn cli_prints_allegations_and_diagnostics_as_json() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/allegations/list.txt");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args(["allegations", path])
        .output()
        .expect("run exhibit");
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output");
    assert_eq!(json["allegations"][0]["id"], "a1");
    expect_file!["data/allegations/list.expected.json"].assert_eq(&stdout);
}

#[test]
fn cli_refuses_an_unreadable_file_with_exit_code_2() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args(["allegations", "/nonexistent/exhibit/list.txt"])
        .output()
        .expect("run exhibit");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}

#[test]
fn a_million_lines_import_in_linear_time() {
    let mut input = String::with_capacity(12_000_000);
    for index in 0..1_000_000u32 {
        match index % 10 {
            0 => input.push_str(&format!("s{}[.]example\n", (index / 10) % 1000)),
            1 => input.push_str("junk line\n"),
            _ => input.push('\n'),
        }
    }
    let (allegations, diagnostics) = import("big.txt", &input, Format::Auto);
    assert_eq!(allegations.len(), 1000);
    assert_eq!(allegations.iter().map(|allegation| allegation.occurrences.len()).sum::<usize>(), 100_000);
    assert_eq!(diagnostics.len(), 100_000);
    assert_eq!(allegations.last().map(|allegation| allegation.id.as_str()), Some("a1000"));
}

/// A URL made of parts the generator knows, so that defanging it can be undone exactly.
fn url_parts() -> impl Strategy<Value = (bool, Vec<String>, String, Option<u16>, String)> {
    (
        any::<bool>(),
        // Hyphens in the 3rd and 4th places are reserved (`xn--` A-labels): such a label is not an
        // ordinary hostname, and an invalid one like `xn---a` is rightly refused by UTS #46.
        prop::collection::vec(
            "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?"
                .prop_filter("reserved ??-- label", |label| label.get(2..4) != Some("--")),
            1..4,
        ),
        prop::sample::select(vec!["example", "test", "org", "example.org"]).prop_map(str::to_owned),
        prop::option::of(1024u16..65535),
        "(/[a-z0-9_~-]{0,8}){0,3}(\\?[a-z0-9=&]{1,10})?",
    )
}

fn assemble((https, labels, tld, port, path): &(bool, Vec<String>, String, Option<u16>, String)) -> String {
    let scheme = if *https { "https" } else { "http" };
    let port = port.map(|port| format!(":{port}")).unwrap_or_default();
    format!("{scheme}://{}.{tld}{port}{path}", labels.join("."))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn import_never_panics_on_any_string(input in any::<String>()) {
        for format in [Format::Auto, Format::Text, Format::Csv, Format::Json] {
            let _ = import("any.txt", &input, format);
        }
    }

    #[test]
    fn import_never_panics_on_link_like_lines(
        lines in prop::collection::vec("[a-zA-Z0-9 .:/@#\\[\\](){}\"',;\\\\%?=&\u{200B}\u{202E}\u{3002}пример例子مثال-]{0,60}", 0..20)
    ) {
        let input = lines.join("\n");
        for format in [Format::Auto, Format::Text, Format::Csv, Format::Json] {
            let (allegations, _) = import("lines.txt", &input, format);
            for allegation in allegations {
                prop_assert!(!allegation.occurrences.is_empty());
            }
        }
    }

    #[test]
    fn normalizing_a_normalized_url_changes_nothing(raw in "[a-zA-Z0-9 .:/@#\\[\\]?=&%\u{00E9}\u{3002}пример-]{1,40}") {
        if let Ok(first) = normalize_url(&raw) {
            let second = normalize_url(&first.url);
            prop_assert_eq!(second.map(|link| link.url), Ok(first.url));
        }
    }

    #[test]
    fn generated_urls_normalize_idempotently(parts in url_parts()) {
        let url = assemble(&parts);
        let first = normalize_url(&url);
        prop_assert!(first.is_ok(), "{url}: {first:?}");
        if let Ok(first) = first {
            prop_assert_eq!(normalize_url(&first.url).map(|link| link.url), Ok(first.url));
        }
    }

    #[test]
    fn refanging_a_defanged_url_gives_the_url_back(parts in url_parts(), style in 0usize..6) {
        let url = assemble(&parts);
        let defanged = match style {
            0 => url.replacen("http", "hxxp", 1).replace('.', "[.]"),
            1 => url.replacen("http", "hXXp", 1).replace('.', "(.)").replacen("://", "[://]", 1),
            2 => url.replacen("://", "[:]//", 1).replace('.', "[dot]"),
            3 => url.replace('.', "{.}").replacen("http", "h**p", 1),
            4 => url.replacen("://", ":\\/\\/", 1).replace('.', "\\."),
            _ => url.replace('.', " [.] "),
        };
        let line = format!("- reported: {defanged}, see thread");
        let (allegations, diagnostics) = import("fanged.txt", &line, Format::Text);
        let expected = normalize_url(&url).map(|link| link.url);
        let got: Vec<&str> = allegations.iter().map(|allegation| allegation.url.as_str()).collect();
        prop_assert_eq!(got, vec![expected.as_deref().unwrap_or("")], "line {:?}, diagnostics {:?}", line, diagnostics);
    }
}

#[test]
fn flags_serialise_as_kebab_case() {
    let flags = [
        Flag::Idn,
        Flag::Confusable,
        Flag::BidiControl,
        Flag::ZeroWidth,
        Flag::Userinfo,
        Flag::Shortener,
        Flag::IpHost,
        Flag::NonHttpScheme,
    ];
    let json = serde_json::to_string(&flags).unwrap_or_default();
    expect![[r#"["idn","confusable","bidi-control","zero-width","userinfo","shortener","ip-host","non-http-scheme"]"#]]
        .assert_eq(&json);
}

/// A thread whose first line is prose with commas (and the word "sites") is text, not CSV.
#[test]
fn prose_with_commas_on_the_first_line_is_not_a_csv_header() {
    let input = "We reported these sites to @HostCo, @CdnCo and @Registrar, three times. They host junk.\n\
                 1. hxxps://first[.]example/a — claim one\n2. second(.)example, third[.]example\n";
    assert_eq!(exhibit::domain::allegations::detect_format(input), exhibit::domain::allegations::Format::Text);
    let (allegations, _) = exhibit::domain::allegations::import("thread.txt", input, Default::default());
    let hosts: Vec<&str> = allegations.iter().map(|allegation| allegation.host.as_str()).collect();
    assert_eq!(hosts, ["first.example", "second.example", "third.example"]);
}

/// A first line of links whose names hold a header's words (`site`, `link`, `domain`) is a list of
/// links, not a CSV header: none of them is lost. A real header still makes a CSV.
#[test]
fn a_first_line_of_links_is_not_a_csv_header() {
    use exhibit::domain::allegations::{detect_format, import, Format};
    for (input, hosts) in [
        ("site0.example,site1.example,site2.example\n", vec!["site0.example", "site1.example", "site2.example"]),
        ("link.example, alpha.example\n", vec!["link.example", "alpha.example"]),
        (
            "urlhaus-mirror.example, linkshare.example\nhxxp://bravo[.]example/x some claim\n",
            vec!["urlhaus-mirror.example", "linkshare.example", "bravo.example"],
        ),
    ] {
        assert_eq!(detect_format(input), Format::Text, "{input}");
        let (allegations, _) = import("list.txt", input, Default::default());
        let got: Vec<&str> = allegations.iter().map(|allegation| allegation.host.as_str()).collect();
        assert_eq!(got, hosts, "{input}");
    }
    assert_eq!(detect_format("site,claim\nalpha.example,videos\n"), Format::Csv);
    assert_eq!(detect_format("url;source\nhttps://alpha.example/;list\n"), Format::Csv);
}

/// A line of 20,000 links (about 400 KB) gives 20,000 allegations, each keeping the line cut to
/// `MAX_KEPT_LINE_BYTES` rather than whole (it was 16 GB of copies for 16,000 links on 1 MB).
#[test]
fn a_line_of_thousands_of_links_keeps_it_cut_once_per_allegation() {
    use exhibit::domain::allegations::{import, MAX_KEPT_LINE_BYTES};
    let line: Vec<String> = (0..20_000).map(|n| format!("site{n}.example")).collect();
    let input = format!("{}\n", line.join(" "));
    let (allegations, _) = import("one-line.txt", &input, Default::default());
    assert_eq!(allegations.len(), 20_000);
    for allegation in [&allegations[0], &allegations[19_999]] {
        let raw = &allegation.occurrences[0].raw;
        assert!(raw.len() < MAX_KEPT_LINE_BYTES + 64, "{} bytes", raw.len());
        assert!(raw.starts_with("site0.example site1.example"), "{raw:.80}");
        assert!(raw.ends_with("more characters]"), "{}", &raw[raw.len() - 40..]);
    }
}

/// Lists saved in a legacy encoding, as UTF-16 without a byte order mark, or with lone carriage
/// returns for line ends are read as written, and the guess is said: none of their links is lost.
#[test]
fn lists_in_other_encodings_and_line_ends_are_read() {
    use exhibit::domain::allegations::{decode_list, import};
    let hosts = |text: &str| -> Vec<String> {
        import("list.txt", text, Default::default()).0.into_iter().map(|allegation| allegation.host_unicode).collect()
    };
    // windows-1252 (Latin-1): `café.example`, `straße.example`.
    let latin1: Vec<u8> = b"caf\xe9.example claim one\nstra\xdfe.example claim two\n".to_vec();
    let (text, note) = decode_list(&latin1);
    assert_eq!(hosts(&text), ["café.example", "straße.example"]);
    assert!(note.is_some_and(|note| note.message.contains("windows-1252")), "the guess is said");
    // UTF-16LE without a byte order mark.
    let utf16: Vec<u8> = "alpha.example one\nbravo.example two\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (text, _) = decode_list(&utf16);
    assert_eq!(hosts(&text), ["alpha.example", "bravo.example"]);
    // Lone carriage returns end lines: each link keeps its own claim and line.
    let (text, note) = decode_list(b"alpha.example claim one\rbravo.example claim two\r");
    assert!(note.is_none());
    let (allegations, _) = import("list.txt", &text, Default::default());
    assert_eq!(allegations.len(), 2);
    assert_eq!(allegations[1].occurrences[0].line, 2);
    assert_eq!(allegations[1].claim.as_deref(), Some("claim two"));
    // UTF-8 with a byte order mark: read as it is, nothing to say.
    let (text, note) = decode_list("\u{feff}alpha.example\n".as_bytes());
    assert_eq!((hosts(&text), note), (vec!["alpha.example".to_string()], None));
}

/// JSON Lines (one object a line, as log and spreadsheet exports write them) is read line by
/// line; before, the whole file failed to parse and every allegation was lost.
#[test]
fn json_lines_lists_are_read_one_element_a_line() {
    use exhibit::domain::allegations::{detect_format, import, Format};
    let input = "{\"url\": \"hxxps://alpha[.]example/a\", \"claim\": \"first claim\"}\n\
                 {\"url\": \"bravo.example\", \"claim\": \"second claim\"}\n\n\"charlie.example in prose\"\n";
    assert_eq!(detect_format(input), Format::Json);
    let (allegations, diagnostics) = import("list.jsonl", input, Format::Auto);
    let got: Vec<(&str, Option<&str>, usize)> = allegations
        .iter()
        .map(|allegation| (allegation.host.as_str(), allegation.claim.as_deref(), allegation.occurrences[0].line))
        .collect();
    assert_eq!(
        got,
        [
            ("alpha.example", Some("first claim"), 1),
            ("bravo.example", Some("second claim"), 2),
            ("charlie.example", Some("in prose"), 4)
        ]
    );
    assert!(diagnostics.iter().all(|diagnostic| diagnostic.severity != exhibit::domain::diagnostic::Severity::Error));
    // A broken JSON array is still an error, read element by element as before.
    let (_, diagnostics) = import("list.json", "[{\"url\": \"alpha.example\"}, {\"url\": ", Format::Auto);
    assert!(diagnostics.iter().any(|diagnostic| diagnostic.message.starts_with("JSON parse error")));
}

/// `exhibit allegations … | head`: a reader that stops early ends the command quietly (as SIGPIPE
/// does for any Unix tool), never with Rust's "failed printing to stdout" panic.
#[cfg(unix)]
#[test]
fn the_cli_ends_quietly_when_its_reader_stops_early() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    let dir = std::env::temp_dir().join(format!("exhibit-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let list = dir.join("list.txt");
    let text: String = (0..20_000).map(|n| format!("https://site{n}.example/page\n")).collect();
    std::fs::write(&list, text).expect("list written");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args(["allegations", list.to_str().expect("utf-8 path")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 16];
    child.stdout.take().expect("stdout").read_exact(&mut first).expect("some output");
    // The pipe's reading end is dropped here, with megabytes still to write.
    let output = child.wait_with_output().expect("ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101), "{stderr}");
    assert!(output.status.success() || output.status.signal() == Some(13), "{:?}: {stderr}", output.status);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A list's `YYYY-MM-DD` date that is no day of the calendar (`2024-02-30`) is left out with a
/// warning on its line, in CSV and JSON alike (it was kept and became ClaimReview's
/// `datePublished`); real dates and free text are kept as written.
#[test]
fn a_date_the_calendar_does_not_have_is_left_out_and_said() {
    let csv = "url,claim,date\nhttps://alpha.example/,placeholder claim,2024-02-30\n\
               https://bravo.example/,placeholder claim,2024-02-29\nhttps://charlie.example/,placeholder claim,March 2024\n";
    let (allegations, diagnostics) = import("list.csv", csv, Default::default());
    let dates: Vec<Option<&str>> = allegations.iter().map(|allegation| allegation.date.as_deref()).collect();
    assert_eq!(dates, [None, Some("2024-02-29"), Some("March 2024")]);
    let warning = diagnostics.iter().find(|diagnostic| diagnostic.message.contains("2024-02-30")).expect("said");
    assert_eq!(warning.line, Some(2));
    assert!(warning.message.contains("not a day of the calendar") && warning.message.contains("left out"));

    let json = r#"[{"url": "https://alpha.example/", "date": "2023-02-29T10:00:00Z"}]"#;
    let (allegations, diagnostics) = import("list.json", json, Default::default());
    assert_eq!(allegations[0].date, None);
    assert!(diagnostics.iter().any(|diagnostic| diagnostic.message.contains("2023-02-29")), "{diagnostics:?}");
}

/// A hash-bang route (`#!/x`) names a page of a single-page site and is kept (the fragment was
/// dropped, so `https://x.example/#!/x` became `https://x.example/`); any other fragment is still
/// dropped. A host label that starts or ends with `-` is flagged (it was accepted unsaid).
#[test]
fn hash_bang_routes_are_kept_and_hyphen_labels_flagged() {
    check_normalize(
        "https://x.example/#!/profile/placeholder?tab=1",
        expect!["url=https://x.example/#!/profile/placeholder?tab=1 host=x.example unicode=x.example site=x.example port=None path=/#!/profile/placeholder?tab=1 userinfo=None flags=[]"],
    );
    check_normalize(
        "https://x.example/page?q=1#!route",
        expect!["url=https://x.example/page?q=1#!route host=x.example unicode=x.example site=x.example port=None path=/page?q=1#!route userinfo=None flags=[]"],
    );
    check_normalize(
        "https://x.example/page#section",
        expect!["url=https://x.example/page host=x.example unicode=x.example site=x.example port=None path=/page userinfo=None flags=[]"],
    );
    check_normalize(
        "http://-bad-.example/",
        expect!["url=http://-bad-.example/ host=-bad-.example unicode=-bad-.example site=-bad-.example port=None path=/ userinfo=None flags=[HyphenLabel]"],
    );
    check_normalize(
        "http://www.ends-.example/",
        expect!["url=http://www.ends-.example/ host=www.ends-.example unicode=www.ends-.example site=ends-.example port=None path=/ userinfo=None flags=[HyphenLabel]"],
    );
    check_normalize(
        "http://in-the-middle.example/",
        expect!["url=http://in-the-middle.example/ host=in-the-middle.example unicode=in-the-middle.example site=in-the-middle.example port=None path=/ userinfo=None flags=[]"],
    );
    assert_eq!(serde_json::to_string(&Flag::HyphenLabel).unwrap_or_default(), "\"hyphen-label\"");
    assert_eq!(Flag::HyphenLabel.as_str(), "hyphen-label");
}
