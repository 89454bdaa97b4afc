//! Words as Pagefind 1.6.0's indexer finds them, so that a query typed into its UI (which the
//! WebAssembly splits, normalises and stems the same way) finds the same pages.
//!
//! Written from Pagefind's `fossick/mod.rs` (`parse_digest`, `normalize_content`,
//! `get_stemmer`) and `fossick/splitting.rs` (`get_indexable_words`, `get_dotted_tails`,
//! `normalize_diacritics`, and for Chinese, Japanese and Thai `segment_words` and the cluster
//! pairs).

use std::collections::HashSet;
use std::sync::LazyLock;

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Characters Pagefind keeps in words besides letters and digits (by default, the Unicode
/// category "Punctuation, Connector", from its `utils.rs`); the entry file lists them for the
/// browser, which splits queries the same way.
pub(crate) const INCLUDE_CHARACTERS: [char; 10] =
    ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// Pagefind's weight of ordinary text: weight 1 × its multiplier of 24.
pub(crate) const BASE_WEIGHT: u8 = 24;
const WEIGHT_MULTIPLIER: f32 = 24.0;
const WEIGHT_MAX: f32 = 10.0;
const MAX_DOTTED_TAIL_CHARS: usize = 64;
const MAX_KATAKANA_SUFFIX_CHARS: usize = 16;

static NEWLINES: LazyLock<Regex> = LazyLock::new(|| regex("(\n|\r\n)+"));
static TRIM_NEWLINES: LazyLock<Regex> = LazyLock::new(|| regex("^[\n\r\\s]+|[\n\r\\s]+$"));
static EXTRANEOUS_SPACES: LazyLock<Regex> = LazyLock::new(|| regex("\\s{2,}"));
static PRIVATE_PAGEFIND: LazyLock<Regex> = LazyLock::new(|| regex("___PAGEFIND_[\\S]+\\s?"));
static EMOJI: LazyLock<Regex> = LazyLock::new(|| regex("\\p{Emoji}"));
static SENTENCE_CHARS: LazyLock<Regex> = LazyLock::new(|| regex("[\\w'\"\\)\\$\\*]"));
static ALL_SPACES: LazyLock<Regex> = LazyLock::new(|| regex("\\s"));

/// The patterns above are constants that compile; a pattern that did not would match nothing
/// rather than panic.
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("an empty class"))
}

/// Text as Pagefind stores it after reading it from HTML: entities decoded, runs of newlines
/// and spaces made one space, trimmed.
pub(crate) fn normalize_content(text: &str) -> String {
    let text = html_escape::decode_html_entities(text);
    let text = TRIM_NEWLINES.replace_all(&text, "");
    let text = NEWLINES.replace_all(&text, " ");
    EXTRANEOUS_SPACES.replace_all(&text, " ").into_owned()
}

/// Pagefind's own markers removed from a meta or filter value, as its indexer does.
pub(crate) fn tidy(value: &str) -> String {
    PRIVATE_PAGEFIND.replace_all(value, "").into_owned()
}

/// An element id as Pagefind reads it: every whitespace character removed.
pub(crate) fn element_id(id: &str) -> String {
    ALL_SPACES.replace_all(id, "").into_owned()
}

/// Whether Pagefind ends a block's text with a full stop (it does after a word character,
/// quote, bracket, `$` or `*`, so that excerpts read as sentences).
pub(crate) fn ends_sentence(raw: &str) -> bool {
    raw.chars()
        .last()
        .is_some_and(|c| SENTENCE_CHARS.is_match(c.encode_utf8(&mut [0; 4])))
}

/// The stemmer Pagefind uses for a language (by its part before `-`), if any: the same
/// languages have a WebAssembly build of their own.
pub(crate) fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or_default() {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Whether Pagefind segments a language's text into words with a dictionary.
pub(crate) fn is_segmented(language: &str) -> bool {
    matches!(
        language.split('-').next().unwrap_or_default(),
        "zh" | "ja" | "th"
    )
}

/// The words of a run of text without spaces, as Pagefind segments Chinese, Japanese and
/// Thai with ICU4X's dictionaries (which agree with the browser's `Intl.Segmenter`, which
/// segments queries); a break inside a grapheme cluster is dropped, as Pagefind drops it.
pub(crate) fn segment_words(input: &str) -> Vec<&str> {
    let segmenter = icu_segmenter::WordSegmenter::new_dictionary(Default::default());
    let mut graphemes = input.grapheme_indices(true).map(|(i, _)| i).peekable();
    let mut words = Vec::new();
    let mut start = 0;
    for end in segmenter.segment_str(input).skip(1) {
        while graphemes.next_if(|&g| g < end).is_some() {}
        if end == input.len() || graphemes.peek() == Some(&end) {
            if let Some(word) = input.get(start..end) {
                words.push(word);
            }
            start = end;
        }
    }
    words
}

/// Whether a grapheme cluster is in a script that is segmented (Han, kana, Thai, Lao, Myanmar,
/// Khmer): pairs of them are indexed too.
fn is_segmented_cluster(cluster: &str) -> bool {
    matches!(
        cluster.chars().next().map(u32::from),
        Some(
            0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2FA1F
            | 0x30000..=0x323AF
            | 0x3041..=0x30FF
            | 0x31F0..=0x31FF
            | 0xFF66..=0xFF9F
            | 0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1780..=0x17FF,
        )
    )
}

/// The pair of the previous segment's last cluster and this word's first, if both are in a
/// segmented script.
fn cross_pair(word: &str, previous: Option<&str>) -> Option<String> {
    let previous = previous.filter(|c| is_segmented_cluster(c))?;
    let first = word.graphemes(true).next()?;
    is_segmented_cluster(first).then(|| format!("{previous}{first}"))
}

/// Every pair of adjacent clusters of a segment that are both in a segmented script, not
/// already among `existing`.
fn bigrams(raw: &str, stemmer: Option<&Stemmer>, existing: &[Indexable]) -> Vec<Indexable> {
    let mut seen: HashSet<String> = existing.iter().map(|w| w.stemmed.clone()).collect();
    let mut out = Vec::new();
    let mut previous: Option<&str> = None;
    for cluster in raw.graphemes(true) {
        if !is_segmented_cluster(cluster) {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            let pair = stem_word(&format!("{p}{cluster}"), stemmer, true);
            if seen.insert(pair.stemmed.clone()) {
                out.push(pair);
            }
        }
        previous = Some(cluster);
    }
    out
}

/// The pair spanning the boundary from the previous segment, unless already among `existing`.
fn cross_bigram(
    raw: &str,
    previous: Option<&str>,
    stemmer: Option<&Stemmer>,
    existing: &[Indexable],
) -> Option<Indexable> {
    let pair = stem_word(&cross_pair(raw, previous)?, stemmer, true);
    (!existing.iter().any(|w| w.stemmed == pair.stemmed)).then_some(pair)
}

/// One form of a word to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Indexable {
    /// The form searched: normalised, without diacritics, stemmed.
    pub(crate) stemmed: String,
    /// A part of a compound word (hyphenated, camelCase, dotted), which shares the word's weight.
    pub(crate) compound_part: bool,
    /// The word with its diacritics, when they were removed: kept so that an exact match ranks
    /// first.
    pub(crate) original: Option<String>,
}

/// Every form of `raw` that Pagefind indexes: the word itself, its compound parts, katakana
/// suffixes and emoji.
pub(crate) fn indexable_words(raw: &str, stemmer: Option<&Stemmer>) -> Vec<Indexable> {
    let mut out = Vec::new();
    let normalized = normalize_word(raw);
    if !normalized.is_empty() {
        out.push(stem_word(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let stripped = strip_diacritics(suffix);
        out.push(Indexable {
            stemmed: stripped.clone().unwrap_or_else(|| suffix.to_string()),
            original: stripped.map(|_| suffix.to_string()),
            compound_part: true,
        });
    }
    let possibly_compound =
        raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase);
    if !possibly_compound {
        return out;
    }
    let (parts, emoji) = discrete_words(raw);
    if !normalized.is_empty()
        && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts))
    {
        for part in parts.split_whitespace().filter(|w| w.len() > 1) {
            let stripped = strip_diacritics(part);
            let base = stripped.as_deref().unwrap_or(part);
            out.push(Indexable {
                stemmed: stem(base, stemmer),
                original: stripped.as_ref().map(|_| part.to_string()),
                compound_part: true,
            });
        }
    }
    out.extend(emoji.into_iter().flatten().map(|e| Indexable {
        stemmed: e,
        original: None,
        compound_part: false,
    }));
    out
}

/// The compound tails after each `.` of a dotted word (`is_python_build` in
/// `sysconfig.is_python_build`) not already among `existing`.
pub(crate) fn dotted_tails(
    raw: &str,
    stemmer: Option<&Stemmer>,
    existing: &[Indexable],
) -> Vec<Indexable> {
    let mut tails = Vec::new();
    if !raw.contains('.') {
        return tails;
    }
    let seen: HashSet<&str> = existing.iter().map(|w| w.stemmed.as_str()).collect();
    let mut seen_tails = HashSet::new();
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(char::is_uppercase);
        if !compound {
            continue;
        }
        let normalized = normalize_word(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let word = stem_word(&normalized, stemmer, true);
        if !seen.contains(word.stemmed.as_str()) && seen_tails.insert(word.stemmed.clone()) {
            tails.push(word);
        }
    }
    tails
}

fn stem(word: &str, stemmer: Option<&Stemmer>) -> String {
    match stemmer {
        Some(s) => s.stem(word).into_owned(),
        None => word.to_string(),
    }
}

/// Letters, digits and `INCLUDE_CHARACTERS` only, lowercased.
fn normalize_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for mut c in raw.chars() {
        if c.is_alphanumeric() || INCLUDE_CHARACTERS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn stem_word(normalized: &str, stemmer: Option<&Stemmer>, compound_part: bool) -> Indexable {
    let stripped = strip_diacritics(normalized);
    Indexable {
        stemmed: stem(stripped.as_deref().unwrap_or(normalized), stemmer),
        original: stripped.map(|_| normalized.to_string()),
        compound_part,
    }
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix of an all-katakana word, so that prefix search finds a part of it.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && seen.insert(suffix) {
            out.push(suffix);
        }
    }
    out
}

/// The word without its combining marks (kana sound marks kept), if that differs.
fn strip_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !has_decomposition(word) {
        return None;
    }
    let kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c) || kana_mark(c))
        .collect();
    let normalized = if stripped.chars().any(kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (normalized != word).then_some(normalized)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        if unicode_normalization::char::is_combining_mark(c) {
            return true;
        }
        let mut decomposes = false;
        unicode_normalization::char::decompose_canonical(c, |part| decomposes |= part != c);
        decomposes
    })
}

/// The word's parts as words (punctuation to spaces, case boundaries split, lowercased), and
/// its emoji, if it has any.
fn discrete_words(raw: &str) -> (String, Option<Vec<String>>) {
    let words = raw
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let emoji = EMOJI.is_match(raw).then(|| {
        raw.graphemes(true)
            .filter(|g| emojis::get(g).is_some())
            .map(str::to_string)
            .collect()
    });
    (words, emoji)
}

/// One occurrence of an indexed word in a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub(crate) position: u32,
    pub(crate) weight: u8,
    pub(crate) original: Option<String>,
}

/// An element with an id, where a sub-result links to: a heading, or an element with a
/// sub-result title of its own (`data-pagefind-title`). Fields in Pagefind's order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Anchor {
    pub(crate) element: String,
    pub(crate) id: String,
    pub(crate) text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    pub(crate) location: u32,
}

/// A page's text read as Pagefind reads it.
#[derive(Debug, Default)]
pub(crate) struct Digested {
    /// The text as the fragment stores it, for excerpts.
    pub(crate) content: String,
    /// Every indexed form with its occurrences, in the order first met.
    pub(crate) words: Vec<(String, Vec<Occurrence>)>,
    pub(crate) anchors: Vec<Anchor>,
    pub(crate) word_count: usize,
}

/// Most words a thread keeps the forms of (about 200 bytes each) before it starts afresh.
const CACHED_WORDS: usize = 50_000;

/// The forms of words already met, for one language.
#[derive(Default)]
struct Forms {
    language: String,
    words: std::collections::HashMap<String, std::rc::Rc<[Indexable]>>,
}

thread_local! {
    /// The forms of words already met on this thread: a word's forms depend only on the word
    /// and the language, and most words of a statement were met before.
    static FORMS: std::cell::RefCell<Forms> = std::cell::RefCell::default();
}

/// Every form of the text word `raw` that Pagefind indexes: `indexable_words`, its
/// `dotted_tails` and, for a segment of a segmented language, its `bigrams`; remembered per
/// thread.
fn text_forms(raw: &str, language: &str, segmented: bool) -> std::rc::Rc<[Indexable]> {
    FORMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let Forms {
            language: cached_language,
            words: forms,
        } = &mut *cache;
        let language_key = if segmented {
            format!("{language}\u{0}")
        } else {
            language.to_string()
        };
        if *cached_language != language_key || forms.len() >= CACHED_WORDS {
            *cached_language = language_key;
            forms.clear();
        }
        if let Some(found) = forms.get(raw) {
            return found.clone();
        }
        let stemmer = stemmer(language);
        let mut found = indexable_words(raw, stemmer.as_ref());
        let tails = dotted_tails(raw, stemmer.as_ref(), &found);
        found.extend(tails);
        if segmented {
            let pairs = bigrams(raw, stemmer.as_ref(), &found);
            found.extend(pairs);
        }
        let found: std::rc::Rc<[Indexable]> = found.into();
        forms.insert(raw.to_string(), found.clone());
        found
    })
}

/// Reads a page's digest (its text with Pagefind's weight and anchor markers, as
/// `super::record` lays it out) into words, as Pagefind's `parse_digest` does. In a language
/// it segments (`is_segmented`), each run of text is split into words first, and the pairs of
/// clusters within and across those words are indexed too. `anchor_text` gives the text of the
/// element behind an anchor key.
pub(crate) fn digest(
    digest: &str,
    language: &str,
    anchor_text: &dyn Fn(&str) -> Option<String>,
) -> Digested {
    let mut reader = Reader {
        language,
        segmenting: is_segmented(language),
        stemmer: stemmer(language),
        anchor_text,
        out: Digested::default(),
        index: std::collections::HashMap::new(),
        weights: vec![BASE_WEIGHT],
        position: 0,
        last_position: 0,
    };
    for chunk in digest.split_whitespace() {
        if reader.segmenting && !chunk.starts_with("___") {
            let words = segment_words(chunk);
            let mut previous: Option<&str> = None;
            for (i, word) in words.iter().enumerate() {
                reader.word(word, i + 1 == words.len(), previous, true);
                // Forward, as Pagefind finds it (a backward segmentation could differ).
                #[allow(clippy::double_ended_iterator_last)]
                let last = word.graphemes(true).last();
                previous = last;
            }
        } else {
            reader.word(chunk, true, None, false);
        }
    }
    let mut out = reader.out;
    if out.content.ends_with('\u{200B}') {
        out.content.pop();
    }
    if out.content.ends_with(' ') {
        out.content.pop();
    }
    out.word_count = reader.last_position + 1;
    out
}

/// The state of reading one page's words.
struct Reader<'a> {
    language: &'a str,
    /// Whether the language is segmented: the page's text then marks word boundaries with
    /// zero-width spaces, for excerpts.
    segmenting: bool,
    stemmer: Option<Stemmer>,
    anchor_text: &'a dyn Fn(&str) -> Option<String>,
    out: Digested,
    /// Where each word is in `out.words`.
    index: std::collections::HashMap<String, usize>,
    weights: Vec<u8>,
    position: usize,
    last_position: usize,
}

impl Reader<'_> {
    /// Reads one word (`segmented`: a segment of a run, after `previous`'s last cluster).
    fn word(&mut self, word: &str, spaced: bool, previous: Option<&str>, segmented: bool) {
        if word.starts_with('_')
            && marker(
                word,
                &mut self.weights,
                &mut self.out,
                self.position,
                self.anchor_text,
            )
        {
            return;
        }
        let base: std::borrow::Cow<'_, str> = if word.contains('\u{200B}') {
            word.replace('\u{200B}', "").into()
        } else {
            word.into()
        };
        if base.is_empty() {
            return;
        }
        self.out.content.push_str(&base);
        if spaced {
            self.out.content.push(' ');
        }
        if self.segmenting {
            self.out.content.push('\u{200B}');
        }
        let weight = *self.weights.last().unwrap_or(&1);
        let forms = text_forms(&base, self.language, segmented);
        let cross = if segmented {
            cross_bigram(&base, previous, self.stemmer.as_ref(), &forms)
        } else {
            None
        };
        let parts = forms.iter().filter(|w| w.compound_part).count() + usize::from(cross.is_some());
        let part_weight = if parts > 0 && weight > 0 {
            (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        let at = u32::try_from(self.position).unwrap_or(u32::MAX);
        for form in forms.iter() {
            let weight = if form.compound_part {
                part_weight
            } else {
                weight
            };
            self.push(&form.stemmed, at, weight, form.original.clone(), false);
        }
        // The pair spanning two segments belongs to the segment it starts in, the word before.
        if let (Some(pair), Some(before)) = (cross, self.position.checked_sub(1)) {
            let before = u32::try_from(before).unwrap_or(u32::MAX);
            self.push(&pair.stemmed, before, part_weight, pair.original, true);
        }
        self.last_position = self.position;
        self.position += 1;
    }

    /// Adds an occurrence of `word`; `once`: not if the word already has one at `position`.
    fn push(
        &mut self,
        word: &str,
        position: u32,
        weight: u8,
        original: Option<String>,
        once: bool,
    ) {
        let occurrence = Occurrence {
            position,
            weight,
            original,
        };
        match self.index.get(word) {
            Some(&i) => {
                let list = &mut self.out.words[i].1;
                if !(once && list.iter().any(|o| o.position == position)) {
                    list.push(occurrence);
                }
            }
            None => {
                self.index.insert(word.to_string(), self.out.words.len());
                self.out.words.push((word.to_string(), vec![occurrence]));
            }
        }
    }
}

/// Handles one of Pagefind's markers; false if `word` is none (and is then indexed as a word).
fn marker(
    word: &str,
    weights: &mut Vec<u8>,
    out: &mut Digested,
    position: usize,
    anchor_text: &dyn Fn(&str) -> Option<String>,
) -> bool {
    if word.starts_with("___PAGEFIND_ANCHOR___") {
        let rest = word.replace("___PAGEFIND_ANCHOR___", "");
        if let Some((element, key)) = rest.split_once(':') {
            let text = anchor_text(key)
                .map(|t| normalize_content(&t))
                .unwrap_or_default();
            if let Some((_, id)) = key.split_once(':') {
                out.anchors.push(Anchor {
                    element: element.to_string(),
                    id: id.to_string(),
                    text: normalize_content(&text),
                    title: None,
                    location: u32::try_from(position).unwrap_or(u32::MAX),
                });
            }
        }
        return true;
    }
    let parse = |prefix: &str| word.replace(prefix, "").parse::<f32>().unwrap_or(1.0);
    let scaled = |w: f32| (w.clamp(0.0, WEIGHT_MAX) * WEIGHT_MULTIPLIER) as u8;
    if word.starts_with("___PAGEFIND_WEIGHT___") {
        let weight = parse("___PAGEFIND_WEIGHT___");
        weights.push(if weight <= 0.0 {
            0
        } else {
            scaled(weight).max(1)
        });
        return true;
    }
    if word.starts_with("___PAGEFIND_AUTO_WEIGHT___") {
        let weight = if weights.len() == 1 {
            scaled(parse("___PAGEFIND_AUTO_WEIGHT___"))
        } else {
            weights.last().copied().unwrap_or_default()
        };
        weights.push(weight);
        return true;
    }
    if word.starts_with("___END_PAGEFIND_WEIGHT___") {
        weights.pop();
        return true;
    }
    false
}

/// One occurrence of an indexed word in a meta field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MetaOccurrence {
    pub(crate) field: u16,
    pub(crate) position: u32,
    pub(crate) original: Option<String>,
}

/// The words of a page's meta fields (given in the order of the index's field list), as
/// Pagefind indexes them: split at whitespace, no dotted tails, no weights.
pub(crate) fn meta_words<'a>(
    fields: impl Iterator<Item = (u16, &'a str)>,
    stemmer: Option<&Stemmer>,
) -> Vec<(String, Vec<MetaOccurrence>)> {
    let mut out: Vec<(String, Vec<MetaOccurrence>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (field, value) in fields {
        for (position, word) in value.split_whitespace().enumerate() {
            for form in indexable_words(word, stemmer) {
                let occurrence = MetaOccurrence {
                    field,
                    position: u32::try_from(position).unwrap_or(u32::MAX),
                    original: form.original,
                };
                match index.get(&form.stemmed) {
                    Some(&i) => out[i].1.push(occurrence),
                    None => {
                        index.insert(form.stemmed.clone(), out.len());
                        out.push((form.stemmed, vec![occurrence]));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(raw: &str) -> Vec<(String, bool)> {
        indexable_words(raw, stemmer("en").as_ref())
            .into_iter()
            .map(|w| (w.stemmed, w.compound_part))
            .collect()
    }

    #[test]
    fn words_are_normalised_stemmed_and_split_into_parts() {
        assert_eq!(stemmed("Running"), [("run".to_string(), false)]);
        assert_eq!(
            stemmed("three-antelopes"),
            [
                ("threeantelop".to_string(), false),
                ("three".to_string(), true),
                ("antelop".to_string(), true)
            ]
        );
        let cafe = indexable_words("Café", stemmer("en").as_ref());
        assert_eq!(cafe[0].stemmed, "cafe");
        assert_eq!(cafe[0].original.as_deref(), Some("café"));
    }

    #[test]
    fn content_is_decoded_and_whitespace_collapsed() {
        assert_eq!(
            normalize_content("\nHello  Wor\n ld &amp; \n \n"),
            "Hello Wor ld &"
        );
    }

    #[test]
    fn headings_weigh_more_and_anchors_take_the_next_position() {
        let d = digest(
            " ___PAGEFIND_AUTO_WEIGHT___7 Big title. ___END_PAGEFIND_WEIGHT___ text ___PAGEFIND_ANCHOR___h2:0:a-1 more",
            "en",
            &|key| (key == "0:a-1").then(|| "Heading".to_string()),
        );
        assert_eq!(d.content, "Big title. text more");
        assert_eq!(d.word_count, 4);
        let big = &d.words.iter().find(|(w, _)| w == "big").unwrap().1;
        assert_eq!(big[0].weight, 7 * 24);
        let text = &d.words.iter().find(|(w, _)| w == "text").unwrap().1;
        assert_eq!((text[0].position, text[0].weight), (2, 24));
        assert_eq!(d.anchors[0].location, 3);
        assert_eq!(d.anchors[0].text, "Heading");
    }

    #[test]
    fn segmented_text_indexes_words_and_the_pairs_across_them() {
        let d = digest("哎呀！ 我的错。", "zh", &|_| None);
        let mut words: Vec<&str> = d.words.iter().map(|(w, _)| w.as_str()).collect();
        words.sort_unstable();
        // 的错 spans the segments 我的 and 错; it is indexed at 我的, where it starts.
        assert_eq!(words, ["哎呀", "我的", "的错", "错"]);
        let at = |w: &str| d.words.iter().find(|(x, _)| x == w).unwrap().1[0].position;
        assert_eq!(at("的错"), at("我的"));
        assert_eq!(d.content, "哎呀\u{200b}！ \u{200b}我的\u{200b}错\u{200b}。");
        for thai in ["ช่วยวิกิพีเดียได้", "สปีชีส์"]
        {
            assert_eq!(segment_words(thai).concat(), thai);
        }
    }

    #[test]
    fn sentences_end_after_word_characters_only() {
        assert!(ends_sentence(" word"));
        assert!(ends_sentence(" say \"x\""));
        assert!(!ends_sentence(" done."));
        assert!(!ends_sentence(" x &amp;"));
    }
}
