//! whatlang's detection, answered faster: the same answer as `whatlang::detect` for every text.
//!
//! whatlang scores a text of a script with several languages (Latin, Cyrillic, Arabic, Devanagari,
//! Hebrew) against each language's profile of its 300 most frequent trigrams: every profile
//! trigram is looked up in the text's trigrams, ~11,000 hash lookups for a Latin quote whatever its
//! length. That is nearly all the cost of reading a short quote (the gate reads every quote of
//! every verdict again). Here the profiles are indexed the other way round, trigram → (language,
//! rank), so a quote costs a lookup per trigram *of the quote*; the distances, scores, weights and
//! confidence are whatlang's own formulas, in its order, so the answer is identical (`tests` below
//! compare every language's distance and the final answer with whatlang itself).
//!
//! The profiles are whatlang's (MIT, see `WHATLANG-LICENSE`), copied unchanged into `trigrams.txt` by
//! `scripts/whatlang-profiles.py`; whatlang's own table of them (12 bytes a trigram) is then no
//! longer linked. Script detection and the alphabet scores still come from whatlang (its `dev`
//! API, pinned to the version the copy was made from).

use std::sync::OnceLock;

use whatlang::dev::{
    alphabet_cyrillic_calculate_scores, alphabet_latin_calculate_scores, raw_detect_script, FilterList, LowercaseText,
    RawScriptInfo,
};
use whatlang::{Info, Lang, Script};

/// whatlang's `MAX_TRIGRAM_DISTANCE`: a profile trigram missing from the text costs this much.
const MAX_TRIGRAM_DISTANCE: i64 = 300;
/// whatlang's `MAX_TOTAL_DISTANCE`.
const MAX_TOTAL_DISTANCE: i64 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// whatlang's `TEXT_TRIGRAMS_SIZE`: only the text's 600 most frequent trigrams are ranked.
const TEXT_TRIGRAMS_SIZE: usize = 600;

/// The scripts whatlang tells languages apart in, in the order of `trigrams.txt`.
const MULTI_LANGUAGE_SCRIPTS: [Script; 5] =
    [Script::Latin, Script::Cyrillic, Script::Arabic, Script::Devanagari, Script::Hebrew];

/// A trigram as one number, ordered as whatlang orders its `Trigram(char, char, char)`.
type Packed = u64;

fn pack(a: char, b: char, c: char) -> Packed {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// One script's profiles, indexed by trigram.
struct ScriptModel {
    /// The script's languages in whatlang's order, each with its profile's length.
    langs: Vec<(Lang, i64)>,
    /// Every profile trigram of the script, sorted, with the range of `entries` for it.
    keys: Vec<(Packed, u32, u32)>,
    /// (index in `langs`, rank in that language's profile).
    entries: Vec<(u8, u16)>,
}

impl ScriptModel {
    fn entries_of(&self, trigram: Packed) -> &[(u8, u16)] {
        match self.keys.binary_search_by_key(&trigram, |&(key, _, _)| key) {
            Ok(found) => {
                let (_, start, end) = self.keys[found];
                self.entries.get(start as usize..end as usize).unwrap_or(&[])
            }
            Err(_) => &[],
        }
    }
}

/// The models of the installed profiles (`tables::trigrams`: whatlang's, one line per language:
/// script, ISO 639-3 code, 300 trigrams); none, and none kept, while the app has not installed
/// them (a text of those scripts is then of no told language).
fn models() -> Option<&'static [ScriptModel; 5]> {
    static MODELS: OnceLock<[ScriptModel; 5]> = OnceLock::new();
    let profiles = crate::domain::tables::trigrams()?;
    Some(MODELS.get_or_init(|| MULTI_LANGUAGE_SCRIPTS.map(|script| build_model(profiles, script))))
}

fn build_model(profiles: &str, script: Script) -> ScriptModel {
    let mut langs = Vec::new();
    let mut postings: Vec<(Packed, u8, u16)> = Vec::new();
    for line in profiles.lines() {
        let mut fields = line.split('\t');
        let (Some(name), Some(code), Some(trigrams)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if name != script.name() {
            continue;
        }
        // The table is compiled in and checked by the tests; a line that does not read is skipped.
        let Some(lang) = Lang::from_code(code) else { continue };
        let index = langs.len() as u8;
        let chars: Vec<char> = trigrams.chars().collect();
        for (rank, trigram) in chars.chunks_exact(3).enumerate() {
            postings.push((pack(trigram[0], trigram[1], trigram[2]), index, rank as u16));
        }
        langs.push((lang, (chars.len() / 3) as i64));
    }
    postings.sort_unstable();
    let mut keys: Vec<(Packed, u32, u32)> = Vec::new();
    let mut entries = Vec::with_capacity(postings.len());
    for (key, lang, rank) in postings {
        let at = entries.len() as u32;
        match keys.last_mut() {
            Some(last) if last.0 == key => last.2 = at + 1,
            _ => keys.push((key, at, at + 1)),
        }
        entries.push((lang, rank));
    }
    ScriptModel { langs, keys, entries }
}

/// whatlang's stop characters (space, punctuation, digits): a space in a trigram.
fn is_stop_char(c: char) -> bool {
    matches!(c, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// The text's distinct trigrams ranked as whatlang ranks them (most frequent first, then the
/// greater trigram first), at most 600; with the rank of each.
fn ranked_trigrams(lowercase: &str) -> Vec<Packed> {
    let mut all: Vec<Packed> = Vec::with_capacity(lowercase.len() + 1);
    let mut chars = lowercase.chars().map(|c| if is_stop_char(c) { ' ' } else { c }).chain(Some(' '));
    let mut c1 = ' ';
    let Some(mut c2) = chars.next() else { return Vec::new() };
    for c3 in chars {
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            all.push(pack(c1, c2, c3));
        }
        c1 = c2;
        c2 = c3;
    }
    all.sort_unstable();
    let mut counted: Vec<(u32, Packed)> = Vec::new();
    for trigram in all {
        match counted.last_mut() {
            Some(last) if last.1 == trigram => last.0 += 1,
            _ => counted.push((1, trigram)),
        }
    }
    counted.sort_unstable_by(|a, b| b.cmp(a));
    counted.truncate(TEXT_TRIGRAMS_SIZE);
    counted.into_iter().map(|(_, trigram)| trigram).collect()
}

/// whatlang's trigram outcome: the number of ranked trigrams and each language's score, best first.
fn trigram_scores(model: &ScriptModel, lowercase: &str) -> (usize, Vec<(Lang, f64)>) {
    let ranked = ranked_trigrams(lowercase);
    let count = ranked.len();
    // Σ over a profile: |rank in text − rank in profile| if the text has the trigram, else 300.
    let mut totals: Vec<i64> = model.langs.iter().map(|&(_, len)| len * MAX_TRIGRAM_DISTANCE).collect();
    for (text_rank, &trigram) in ranked.iter().enumerate() {
        for &(lang, rank) in model.entries_of(trigram) {
            if let Some(total) = totals.get_mut(lang as usize) {
                *total -= MAX_TRIGRAM_DISTANCE - (text_rank as i64 - i64::from(rank)).abs();
            }
        }
    }
    let shortfall = (MAX_TRIGRAM_DISTANCE - count as i64).max(0);
    let mut distances: Vec<(Lang, u32)> = model
        .langs
        .iter()
        .zip(totals)
        .map(|(&(lang, _), total)| {
            (lang, (total - shortfall * MAX_TRIGRAM_DISTANCE).clamp(0, MAX_TOTAL_DISTANCE) as u32)
        })
        .collect();
    distances.sort_unstable_by_key(|&(_, distance)| distance);
    let max_distance = count as u32 * MAX_TRIGRAM_DISTANCE as u32;
    let scores = distances
        .into_iter()
        .map(|(lang, distance)| (lang, f64::from(max_distance.wrapping_sub(distance)) / f64::from(max_distance)))
        .collect();
    (count, scores)
}

/// whatlang's weight of the alphabet score for a text of `count` letters.
fn alphabet_weight(count: usize) -> f64 {
    (-(count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0)
}

/// whatlang's confidence that the best score is right.
fn confidence(highest: f64, second: f64, count: usize) -> f64 {
    if highest == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return highest;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (highest - second) / second;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

/// whatlang's combined method (alphabet and trigrams) for a text of a multi-language script.
fn detect_multi(text: &str, script: Script, model: &ScriptModel) -> Option<Info> {
    let lowercase = LowercaseText::new(text);
    let all = FilterList::default();
    let (alphabet_count, alphabet_scores) = match script {
        Script::Latin => {
            let outcome = alphabet_latin_calculate_scores(&lowercase, &all);
            (outcome.count, outcome.scores)
        }
        Script::Cyrillic => {
            let outcome = alphabet_cyrillic_calculate_scores(&lowercase, &all);
            (outcome.count, outcome.scores)
        }
        // whatlang has no alphabets for these: every language scores 1 on one letter.
        _ => (1, model.langs.iter().map(|&(lang, _)| (lang, 1.0)).collect()),
    };
    let (trigram_count, trigram_scores) = trigram_scores(model, &lowercase);

    let mut langs: Vec<Lang> = alphabet_scores.iter().map(|&(lang, _)| lang).collect();
    for &(lang, _) in &trigram_scores {
        if !langs.contains(&lang) {
            langs.push(lang);
        }
    }
    let alphabet = alphabet_weight(alphabet_count);
    let trigram = 1.0 - alphabet;
    let score_of = |scores: &[(Lang, f64)], lang: Lang| scores.iter().find(|(l, _)| *l == lang).map_or(0.0, |x| x.1);
    let mut scores: Vec<(Lang, f64)> = langs
        .into_iter()
        .map(|lang| (lang, score_of(&alphabet_scores, lang) * alphabet + score_of(&trigram_scores, lang) * trigram))
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));

    let mut best = scores.into_iter();
    let (lang, first) = best.next()?;
    let confidence = match best.next() {
        Some((_, second)) => confidence(first, second, trigram_count),
        None => 1.0,
    };
    Some(Info::new(script, lang, confidence))
}

/// The language whatlang names for a text of a script with one language.
fn one_language(script: Script) -> Option<Lang> {
    Some(match script {
        Script::Bengali => Lang::Ben,
        Script::Hangul => Lang::Kor,
        Script::Georgian => Lang::Kat,
        Script::Greek => Lang::Ell,
        Script::Kannada => Lang::Kan,
        Script::Tamil => Lang::Tam,
        Script::Thai => Lang::Tha,
        Script::Gujarati => Lang::Guj,
        Script::Gurmukhi => Lang::Pan,
        Script::Telugu => Lang::Tel,
        Script::Malayalam => Lang::Mal,
        Script::Oriya => Lang::Ori,
        Script::Myanmar => Lang::Mya,
        Script::Sinhala => Lang::Sin,
        Script::Khmer => Lang::Khm,
        Script::Ethiopic => Lang::Amh,
        Script::Armenian => Lang::Hye,
        Script::Katakana | Script::Hiragana => Lang::Jpn,
        _ => return None,
    })
}

/// `whatlang::detect(text)`, answered through the inverted profiles.
pub fn detect(text: &str) -> Option<Info> {
    let scripts = raw_detect_script(text);
    let &(script, letters) = scripts.counters.first()?;
    if letters == 0 {
        return None;
    }
    if let Some(at) = MULTI_LANGUAGE_SCRIPTS.iter().position(|&s| s == script) {
        return detect_multi(text, script, models()?.get(at)?);
    }
    if script == Script::Mandarin {
        return Some(mandarin(&scripts));
    }
    one_language(script).map(|lang| Info::new(script, lang, 1.0))
}

/// whatlang's reading of Han text: Japanese when enough of it is kana.
fn mandarin(scripts: &RawScriptInfo) -> Info {
    let count = |script: Script| scripts.counters.iter().find(|(s, _)| *s == script).map_or(0, |x| x.1);
    let japanese = count(Script::Katakana) + count(Script::Hiragana);
    let share = japanese as f64 / (count(Script::Mandarin) + japanese) as f64;
    let (lang, confidence) = if share > 0.2 {
        (Lang::Jpn, 1.0)
    } else if share > 0.05 {
        (Lang::Jpn, 0.5)
    } else if share > 0.02 {
        (Lang::Cmn, 0.5)
    } else {
        (Lang::Cmn, 1.0)
    };
    Info::new(Script::Mandarin, lang, confidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts in every script and language whatlang knows, short and long, mixed and odd.
    fn corpus() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            " ",
            "1234 !!",
            "a",
            "Hi",
            "The weather at the market was fine this morning.",
            "El tiempo en el mercado de la ciudad era bueno.",
            "Le marché du village ouvre chaque matin près de la rivière.",
            "Der Markt im Dorf öffnet jeden Morgen am Fluss.",
            "Погода на рынке была хорошей сегодня утром.",
            "Погода на ринку була гарною сьогодні вранці, їжак.",
            "الطقس في السوق كان جميلا هذا الصباح",
            "هوا در بازار امروز صبح خوب بود",
            "یہ ایک مثال ہے کہ بازار میں موسم اچھا تھا",
            "आज सुबह बाजार में मौसम अच्छा था",
            "आज सकाळी बाजारात हवामान चांगले होते",
            "היום בבוקר מזג האוויר בשוק היה טוב",
            "דער וועטער אין מאַרק איז געווען גוט",
            "今天早上市场的天气很好",
            "今日の朝、市場の天気はとても良かったです",
            "カタカナだけのテキスト",
            "오늘 아침 시장의 날씨가 좋았다",
            "Σήμερα το πρωί ο καιρός ήταν καλός",
            "ამინდი კარგი იყო",
            "Այսօր եղանակը լավ էր",
            "วันนี้อากาศดี",
            "আজ সকালে আবহাওয়া ভালো ছিল",
            "ዛሬ ጠዋት አየሩ ጥሩ ነበር",
            "Ара\u{200b}bic mixed Кириллица and Latin",
            "ARABIC ARABIC ARABIC",
            "Kurdî: ev nivîsek e bi tîpên latînî",
            "کوردی: ئەمە نووسینێکە بە ئەلفوبێی عەرەبی",
            "ئۇيغۇرچە بىر مىسال",
            "Нохчийн мотт: Ӏа, хӀокху",
            "𝐊𝐮𝐫𝐝𝐢𝐬𝐡 math bold",
            "Ａｒａｂｉｃ fullwidth",
            "Cześć, żółć gęślą jaźń, Příliš žluťoučký kůň, Árvíztűrő tükörfúrógép",
            "Ο Ελληνικός and English and Русский and العربية and עברית",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Each profile's own trigrams run together, and a long text (over 600 distinct trigrams).
        for line in crate::domain::tables::embedded::TRIGRAMS.lines() {
            let trigrams = line.split('\t').nth(2).unwrap_or_default();
            let chars: Vec<char> = trigrams.chars().collect();
            texts.push(chars.iter().take(60).collect());
            texts.push(chars.chunks(3).take(40).map(|t| t.iter().collect::<String>()).collect::<Vec<_>>().join(" "));
        }
        let mut long = String::new();
        for text in texts.clone() {
            long.push_str(&text);
            long.push(' ');
        }
        texts.push(long.repeat(3));
        // Pseudo-random strings over a few alphabets.
        let alphabets = [
            "abcdefghijklmnopqrstuvwxyzäöüßéèàçñ  ",
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ  ",
            "ابتثجحخدذرسشصضطظعغفقكلمنهوي پچژگ  ",
        ];
        let mut seed: u64 = 7;
        for round in 0..600 {
            let letters: Vec<char> = alphabets[round % alphabets.len()].chars().collect();
            let mut text = String::new();
            for _ in 0..(1 + round % 90) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push(letters[(seed >> 33) as usize % letters.len()]);
            }
            texts.push(text);
        }
        texts
    }

    #[test]
    fn every_profile_line_reads_as_300_distinct_trigrams_of_a_known_language() {
        let mut seen = 0;
        for (script, model) in MULTI_LANGUAGE_SCRIPTS.iter().zip(models().expect("native builds have the profiles")) {
            assert!(!model.langs.is_empty(), "{script:?} has no profiles");
            for &(lang, len) in &model.langs {
                assert_eq!(len, 300, "{lang:?}");
                assert!(script.langs().contains(&lang), "{lang:?} is not a {script:?} language");
            }
            assert_eq!(model.entries.len(), model.langs.len() * 300);
            seen += model.langs.len();
        }
        assert_eq!(seen, crate::domain::tables::embedded::TRIGRAMS.lines().count());
    }

    #[test]
    fn every_language_distance_is_whatlangs() {
        use whatlang::dev::{raw_detect, RawLangInfo};
        for text in corpus() {
            let Some(RawLangInfo::MultiScript(raw)) = raw_detect(&text).lang_info else { continue };
            let script = raw_detect_script(&text).counters[0].0;
            let at = MULTI_LANGUAGE_SCRIPTS.iter().position(|&s| s == script).expect("a multi-language script");
            let (count, scores) =
                trigram_scores(&models().expect("native builds have the profiles")[at], &LowercaseText::new(&text));
            assert_eq!(count, raw.trigram_raw_outcome.trigrams_count, "{text:?}");
            let theirs: Vec<(Lang, f64)> = raw.trigram_raw_outcome.scores.clone();
            assert_eq!(scores.len(), theirs.len(), "{text:?}");
            for ((ours_lang, ours), (their_lang, their)) in scores.iter().zip(&theirs) {
                assert_eq!(ours_lang, their_lang, "{text:?}");
                assert!(ours.to_bits() == their.to_bits() || (ours.is_nan() && their.is_nan()), "{text:?}");
            }
        }
    }

    #[test]
    fn the_answer_is_whatlangs_for_every_text() {
        let mut compared = 0;
        for text in corpus() {
            let ours = detect(&text);
            let theirs = whatlang::detect(&text);
            match (&ours, &theirs) {
                (Some(a), Some(b)) => {
                    assert_eq!((a.lang(), a.script()), (b.lang(), b.script()), "{text:?}");
                    assert_eq!(a.confidence().to_bits(), b.confidence().to_bits(), "{text:?}");
                }
                (None, None) => {}
                _ => panic!("{text:?}: {ours:?} against whatlang's {theirs:?}"),
            }
            compared += 1;
        }
        assert!(compared > 700);
    }
}
