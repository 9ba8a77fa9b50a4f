//! Deterministic benchmark inputs, shared by the browser benchmark (`bench/wasm`, compiled to wasm
//! and natively) and the criterion benches (`benches/*.rs` include this file with `#[path]`).
//!
//! Only std and flate2: everything is generated from a seed, so wasm, JavaScript and native see
//! byte-identical inputs.

use std::io::Write;

/// A small deterministic generator (no dependency, same inputs on every run and target).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A synthetic allegation list: prose around links, defanged links, IDN hosts, duplicates, junk.
pub fn allegation_list(lines: usize) -> String {
    let mut input = String::with_capacity(lines * 60);
    for index in 0..lines {
        let site = index % 20_000; // every site appears five times: duplicates merge
        let line = match index % 8 {
            0 => format!("{index}. hxxp://site{site}[.]example/page/{site} — reported for videos\n"),
            1 => format!("@watcher_example: see site{site}(.)example #report\n"),
            2 => format!("https://www.site{site}.example/?id={site}\n"),
            3 => format!("- пример{site}.example mirror\n"),
            4 => format!("[Site {site}](hxxps://site{site}[.]example/a)\n"),
            5 => "notes about the list, no link here\n".to_owned(),
            6 => format!("site{site}.example, site{}.example\n", site + 1),
            _ => "\n".to_owned(),
        };
        input.push_str(&line);
    }
    input
}

/// A synthetic HTML page of at least `bytes` bytes.
pub fn html_page(bytes: usize) -> String {
    let mut html = String::from("<!doctype html><html><head><title>Synthetic</title><style>p{}</style></head><body>");
    let mut index = 0usize;
    while html.len() < bytes {
        html.push_str(&format!(
            "<section><h2>Section {index}</h2><p>The weekly market opens on <b>Saturday</b> at nine; farmers bring apples, \
             bread &amp; cheese. <a href=\"/item/{index}\">More</a></p><ul><li>مطبخ الوادي {index}</li><li>Погода {index}</li></ul>\
             <table><tr><td>{index}</td><td>value</td></tr></table><script>var x = {index};</script></section>\n"
        ));
        index += 1;
    }
    html.push_str("</body></html>");
    html
}

/// Common words of a few languages (Latin, Cyrillic and Arabic scripts), for language detection.
pub const LANGUAGES: &[(&str, &[&str])] = &[
    (
        "eng",
        &[
            "the", "weather", "market", "and", "is", "with", "people", "which", "their", "would", "about", "there",
            "children", "because", "through", "should", "village", "river", "morning", "bread",
        ],
    ),
    (
        "spa",
        &[
            "el", "la", "de", "que", "y", "los", "mercado", "ciudad", "porque", "tiempo", "también", "mañana", "niños",
            "pueblo", "nuestra", "había", "cuando", "muy", "después", "pan",
        ],
    ),
    (
        "fra",
        &[
            "le",
            "la",
            "les",
            "des",
            "et",
            "est",
            "marché",
            "pendant",
            "aujourd'hui",
            "beaucoup",
            "enfants",
            "village",
            "rivière",
            "avec",
            "nous",
            "toujours",
            "pain",
            "être",
            "leurs",
            "très",
        ],
    ),
    (
        "deu",
        &[
            "der", "die", "und", "ist", "nicht", "mit", "auch", "Markt", "Wetter", "Kinder", "Dorf", "heute", "werden",
            "können", "über", "Brot", "schön", "zwischen", "immer", "gegen",
        ],
    ),
    (
        "por",
        &[
            "o",
            "a",
            "de",
            "que",
            "não",
            "uma",
            "para",
            "com",
            "mercado",
            "cidade",
            "crianças",
            "também",
            "então",
            "pão",
            "muito",
            "você",
            "está",
            "depois",
            "manhã",
            "rio",
        ],
    ),
    (
        "rus",
        &[
            "и",
            "в",
            "не",
            "на",
            "что",
            "рынок",
            "погода",
            "дети",
            "деревня",
            "утром",
            "хлеб",
            "который",
            "потому",
            "сегодня",
            "очень",
            "было",
            "только",
            "река",
            "между",
            "всегда",
        ],
    ),
    (
        "ukr",
        &[
            "і",
            "в",
            "не",
            "що",
            "на",
            "ринок",
            "погода",
            "діти",
            "село",
            "вранці",
            "хліб",
            "який",
            "тому",
            "сьогодні",
            "дуже",
            "було",
            "тільки",
            "річка",
            "між",
            "завжди",
        ],
    ),
    (
        "arb",
        &[
            "في",
            "من",
            "على",
            "أن",
            "السوق",
            "الطقس",
            "الأطفال",
            "القرية",
            "الصباح",
            "الخبز",
            "الذي",
            "لأن",
            "اليوم",
            "جدا",
            "كان",
            "فقط",
            "النهر",
            "بين",
            "دائما",
            "هذا",
        ],
    ),
    (
        "tur",
        &[
            "ve",
            "bir",
            "bu",
            "için",
            "çok",
            "pazar",
            "hava",
            "çocuklar",
            "köy",
            "sabah",
            "ekmek",
            "çünkü",
            "bugün",
            "değil",
            "olarak",
            "ama",
            "nehir",
            "arasında",
            "her",
            "zaman",
        ],
    ),
    (
        "ind",
        &[
            "dan",
            "yang",
            "di",
            "itu",
            "dengan",
            "untuk",
            "pasar",
            "cuaca",
            "anak-anak",
            "desa",
            "pagi",
            "roti",
            "karena",
            "hari",
            "ini",
            "sangat",
            "tidak",
            "sungai",
            "antara",
            "selalu",
        ],
    ),
];

fn sentence_in(rng: &mut Lcg, words: &[&str], min: usize, spread: usize) -> String {
    let n = min + rng.below(spread);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(words[rng.below(words.len())]);
    }
    s.push('.');
    s
}

/// Paragraphs of 300–600 bytes, each in one language, separated by blank lines, `bytes` in all.
pub fn prose(bytes: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(bytes + 1024);
    while out.len() < bytes {
        let (_, words) = LANGUAGES[rng.below(LANGUAGES.len())];
        let target = 300 + rng.below(300);
        let mut paragraph = String::new();
        while paragraph.len() < target {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(&sentence_in(&mut rng, words, 6, 8));
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&paragraph);
    }
    out
}

/// `count` short snippets (one sentence of 4–11 words, about a quote's length), one per line.
pub fn snippets(count: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(count * 60);
    for _ in 0..count {
        let (_, words) = LANGUAGES[rng.below(LANGUAGES.len())];
        out.push_str(&sentence_in(&mut rng, words, 4, 8));
        out.push('\n');
    }
    out
}

const DIFF_WORDS: &[&str] = &[
    "bread",
    "garden",
    "market",
    "river",
    "lantern",
    "kettle",
    "morning",
    "village",
    "orchard",
    "recipe",
    "honey",
    "lentil",
    "bridge",
    "library",
    "festival",
    "weather",
    "bicycle",
    "meadow",
    "الخبز",
    "الحديقة",
    "السوق",
    "کتاب\u{200C}ها",
    "хлеб",
    "сад",
    "天气",
    "公园",
];

pub fn diff_sentence(rng: &mut Lcg) -> String {
    sentence_in(rng, DIFF_WORDS, 5, 6)
}

/// `blocks` blocks of about 50 bytes, and a later version with `permille` of them edited (a word
/// replaced, a block deleted, or a block inserted). Same generator as `benches/diff.rs`.
pub fn diff_pages(blocks: usize, permille: usize, seed: u64) -> (Vec<String>, Vec<String>) {
    let mut rng = Lcg(seed);
    let before: Vec<String> = (0..blocks).map(|_| diff_sentence(&mut rng)).collect();
    let mut after = Vec::with_capacity(blocks);
    for block in &before {
        if rng.below(1000) >= permille {
            after.push(block.clone());
            continue;
        }
        match rng.below(3) {
            0 => {
                let mut words: Vec<&str> = block.split(' ').collect();
                let k = rng.below(words.len());
                words[k] = "changed";
                after.push(words.join(" "));
            }
            1 => {}
            _ => {
                after.push(diff_sentence(&mut rng));
                after.push(block.clone());
            }
        }
    }
    (before, after)
}

/// The pathological repeated-line case: `n` identical blocks; every 7th removed, every 11th changed.
pub fn diff_identical_blocks(n: usize) -> (Vec<String>, Vec<String>) {
    let same: Vec<String> = vec!["Same line of text.".to_owned(); n];
    let mut after = same.clone();
    let mut k = 0;
    after.retain(|_| {
        k += 1;
        k % 7 != 0
    });
    for (i, s) in after.iter_mut().enumerate() {
        if i % 11 == 0 {
            *s = "Same line of prose.".to_owned();
        }
    }
    (same, after)
}

/// A WARC of `records` HTML response records of about `body_bytes` each, gzip per record
/// (`flate2::Compression::fast()`, like most crawlers' defaults are cheap).
pub fn warc_gz(records: usize, body_bytes: usize, seed: u64) -> Vec<u8> {
    let mut rng = Lcg(seed);
    let mut out = Vec::new();
    for index in 0..records {
        let mut body = format!("<html><head><title>Page {index}</title></head><body><h1>Page {index}</h1>");
        while body.len() < body_bytes {
            body.push_str("<p>");
            body.push_str(&diff_sentence(&mut rng));
            body.push_str("</p>\n");
        }
        body.push_str("</body></html>");
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let record = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bench-{index}>\r\nWARC-Target-URI: https://site{index}.example/\r\n\
             WARC-Date: 2026-03-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = gz.write_all(record.as_bytes());
        out.extend(gz.finish().unwrap_or_default());
    }
    out
}

/// `bytes` pseudo-random bytes, for SHA-256.
pub fn random_bytes(bytes: usize, seed: u64) -> Vec<u8> {
    let mut rng = Lcg(seed);
    let mut out = Vec::with_capacity(bytes + 8);
    while out.len() < bytes {
        out.extend_from_slice(&rng.next().to_le_bytes()[..4]);
    }
    out.truncate(bytes);
    out
}
