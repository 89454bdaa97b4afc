//! One bundle's index: pages numbered in archive order, each statement tokenized on rayon's
//! threads into compact postings, merged in page order, then cut into chunks, encoded and
//! compressed in parallel.
//!
//! Follows Pagefind 1.6.0's `index/mod.rs` (`build_indexes`) step by step, so that the files,
//! and with them their content-hash names, are those its library writes for the same records;
//! everything is ordered by page number or sorted, so the bytes do not depend on the threads.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::encode::{
    FilterIndex, MetaChunk, MetaFilter, MetaIndex, MetaPage, MetaSort, PackedPage, PackedValue,
    PackedVariant, PackedWord, VERSION, WordIndex, cbor, cut, full_hash, gzip, short_name,
};
use super::record::Doc;
use super::tokens::{self, Anchor, MetaOccurrence, Occurrence};

/// Pagefind's default chunk size, in locations; it reads the same variable to change it.
const CHUNK_SIZE: usize = 20_000;

/// The weight Pagefind takes as the usual one when it sorts locations.
const USUAL_WEIGHT: u8 = 25;

fn chunk_size() -> usize {
    std::env::var("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(CHUNK_SIZE)
}

/// A statement read and tokenized, before it has a page number.
struct Page {
    fragment: String,
    full_hash: String,
    word_count: usize,
    /// Text postings, page number still 0.
    words: Vec<PackedWord>,
    /// Meta field words, with fields numbered in the order of `meta_keys`.
    meta_words: Vec<(String, Vec<MetaOccurrence>)>,
    meta_keys: Vec<String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

/// A page's result fragment, as Pagefind serialises it.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: &'a [Anchor],
}

/// Reads and tokenizes one statement; `None` if it has no words (Pagefind leaves it out).
fn tokenize(doc: &Doc, language: &str) -> Option<Page> {
    let read = doc.read();
    let stemmer = tokens::stemmer(language);
    let anchor_text = |key: &str| read.anchors.get(key).map(|t| tokens::normalize_content(t));
    let mut digested = tokens::digest(&read.digest, language, &anchor_text);
    // Anchors are met in the order they are numbered: the k-th is `k:id`.
    for (k, anchor) in digested.anchors.iter_mut().enumerate() {
        anchor.title = read.titles.get(&format!("{k}:{}", anchor.id)).cloned();
    }
    if digested.words.is_empty() {
        return None;
    }
    let meta_keys: Vec<String> = read.meta.keys().cloned().collect();
    let meta_words = tokens::meta_words(
        read.meta
            .values()
            .enumerate()
            .map(|(i, v)| (u16::try_from(i).unwrap_or(u16::MAX), v.as_str())),
        stemmer.as_ref(),
    );
    let fragment = serde_json::to_string(&Fragment {
        url: &doc.url,
        content: &digested.content,
        word_count: digested.word_count,
        filters: &read.filters,
        meta: &read.meta,
        anchors: &digested.anchors,
    })
    .unwrap_or_default();
    Some(Page {
        full_hash: format!("{language}_{}", full_hash(fragment.as_bytes())),
        fragment,
        word_count: digested.word_count,
        words: digested
            .words
            .into_iter()
            .map(|(word, occurrences)| pack_word(word, occurrences))
            .collect(),
        meta_words,
        meta_keys,
        filters: read.filters,
        sort: read.sort,
    })
}

/// A word's postings in one page: plain occurrences on the word, those written with
/// diacritics as variants by their written form.
fn pack_word(word: String, occurrences: Vec<Occurrence>) -> PackedWord {
    let mut plain = Vec::new();
    let mut variants: BTreeMap<String, Vec<Occurrence>> = BTreeMap::new();
    for o in occurrences {
        match &o.original {
            Some(form) => variants.entry(form.clone()).or_default().push(o),
            None => plain.push(o),
        }
    }
    PackedWord {
        word,
        pages: if plain.is_empty() {
            Vec::new()
        } else {
            vec![pack_locations(plain)]
        },
        additional_variants: variants
            .into_iter()
            .map(|(form, o)| PackedVariant {
                form,
                pages: vec![pack_locations(o)],
            })
            .collect(),
    }
}

/// Locations ordered by weight (the usual weight first) then position: position deltas, and
/// at each change of weight `-(weight + 1)` then the absolute position.
fn pack_locations(mut occurrences: Vec<Occurrence>) -> PackedPage {
    occurrences.sort_by_key(|o| {
        let class = if o.weight == USUAL_WEIGHT {
            0
        } else {
            o.weight
        };
        (class, o.position)
    });
    let mut weight = USUAL_WEIGHT;
    let mut last = 0;
    let mut locs = Vec::with_capacity(occurrences.len() + 2);
    for o in occurrences {
        if o.weight != weight {
            locs.push(-i32::from(o.weight) - 1);
            locs.push(i32::try_from(o.position).unwrap_or(i32::MAX));
            weight = o.weight;
        } else {
            locs.push(i32::try_from(o.position.saturating_sub(last)).unwrap_or(i32::MAX));
        }
        last = o.position;
    }
    PackedPage {
        page_number: 0,
        locs,
        meta_locs: Vec::new(),
    }
}

/// Meta locations ordered by field then position: `-(field + 1)` at each new field, then
/// position deltas from the field's start.
fn pack_meta_locations(mut occurrences: Vec<MetaOccurrence>) -> Vec<i32> {
    occurrences.sort_by_key(|o| (o.field, o.position));
    let mut field = None;
    let mut last = 0;
    let mut out = Vec::with_capacity(occurrences.len() + 4);
    for o in occurrences {
        if field != Some(o.field) {
            out.push(-i32::from(o.field) - 1);
            field = Some(o.field);
            last = 0;
        }
        out.push(i32::try_from(o.position.saturating_sub(last)).unwrap_or(i32::MAX));
        last = o.position;
    }
    out
}

/// Sets `meta_locs` on the page's entry in `pages`, adding the entry if the page has none.
fn set_meta_locs(pages: &mut Vec<PackedPage>, page: u32, meta_locs: Vec<i32>) {
    match pages.iter_mut().find(|p| p.page_number == page) {
        Some(p) => p.meta_locs = meta_locs,
        None => pages.push(PackedPage {
            page_number: page,
            locs: Vec::new(),
            meta_locs,
        }),
    }
}

/// Adds a page's meta words to its own word list, as Pagefind does before merging pages.
fn add_meta_words(
    local: &mut HashMap<String, PackedWord>,
    meta_words: Vec<(String, Vec<MetaOccurrence>)>,
    field_ids: &[u16],
    page: u32,
) {
    for (word, occurrences) in meta_words {
        let mut plain = Vec::new();
        let mut variants: BTreeMap<String, Vec<MetaOccurrence>> = BTreeMap::new();
        for mut o in occurrences {
            o.field = field_ids
                .get(usize::from(o.field))
                .copied()
                .unwrap_or(o.field);
            match o.original.clone() {
                Some(form) => variants.entry(form).or_default().push(o),
                None => plain.push(o),
            }
        }
        let packed = local.entry(word.clone()).or_insert_with(|| PackedWord {
            word,
            pages: Vec::new(),
            additional_variants: Vec::new(),
        });
        if !plain.is_empty() {
            set_meta_locs(&mut packed.pages, page, pack_meta_locations(plain));
        }
        for (form, o) in variants {
            let meta_locs = pack_meta_locations(o);
            match packed
                .additional_variants
                .iter_mut()
                .find(|v| v.form == form)
            {
                Some(v) => set_meta_locs(&mut v.pages, page, meta_locs),
                None => packed.additional_variants.push(PackedVariant {
                    form,
                    pages: vec![PackedPage {
                        page_number: page,
                        locs: Vec::new(),
                        meta_locs,
                    }],
                }),
            }
        }
    }
}

/// Appends one page's postings of a word to the bundle's.
fn merge_word(into: &mut PackedWord, from: PackedWord) {
    into.pages.extend(from.pages);
    for variant in from.additional_variants {
        match into
            .additional_variants
            .iter_mut()
            .find(|v| v.form == variant.form)
        {
            Some(v) => v.pages.extend(variant.pages),
            None => into.additional_variants.push(variant),
        }
    }
}

/// A fragment's name and the page data the meta file needs of it.
struct Numbered {
    hash: String,
    fragment: String,
    word_count: usize,
}

/// Statements tokenized at once before their postings are merged.
const BATCH: usize = 256;

/// The bundle's postings, filters and fragments, pages added in order.
#[derive(Default)]
struct Merged {
    words: HashMap<String, PackedWord>,
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    numbered: Vec<Numbered>,
    fragment_names: HashSet<String>,
    sort_values: Vec<BTreeMap<String, String>>,
}

impl Merged {
    /// Adds the next page: its words (with its meta words, as Pagefind adds them to the page's
    /// own before merging), filter values, sort values and fragment name.
    fn add(&mut self, page: Page, meta_fields: &[String], language: &str) {
        let n = u32::try_from(self.numbered.len()).unwrap_or(u32::MAX);
        let mut local: HashMap<String, PackedWord> = HashMap::with_capacity(page.words.len());
        for mut w in page.words {
            w.pages.iter_mut().for_each(|p| p.page_number = n);
            for v in &mut w.additional_variants {
                v.pages.iter_mut().for_each(|p| p.page_number = n);
            }
            local.insert(w.word.clone(), w);
        }
        let field_ids: Vec<u16> = page
            .meta_keys
            .iter()
            .map(|k| {
                let i = meta_fields.iter().position(|f| f == k).unwrap_or_default();
                u16::try_from(i).unwrap_or(u16::MAX)
            })
            .collect();
        add_meta_words(&mut local, page.meta_words, &field_ids, n);
        for (word, packed) in local {
            match self.words.get_mut(&word) {
                Some(existing) => merge_word(existing, packed),
                None => {
                    self.words.insert(word, packed);
                }
            }
        }
        for (filter, values) in page.filters {
            let by_value = self.filters.entry(filter).or_default();
            for value in values {
                by_value.entry(value).or_default().push(n);
            }
        }
        let taken = &self.fragment_names;
        let hash = short_name(&page.full_hash, language.len() + 1, |name| {
            taken.contains(name)
        });
        self.fragment_names.insert(hash.clone());
        self.numbered.push(Numbered {
            hash,
            fragment: page.fragment,
            word_count: page.word_count,
        });
        self.sort_values.push(page.sort);
    }
}

/// How the bundle is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// Lowercase, as the bundle's.
    pub(crate) language: String,
    /// At most this many fragment files (groups of fragments), as Pagefind's `max_fragments`.
    pub(crate) max_fragments: usize,
}

/// The bundle's data files (`pagefind-entry.json`, meta, chunks, filters, fragments), by name
/// relative to the bundle's folder, sorted, from its members' records in archive order.
pub(crate) fn write_bundle(docs: &[Doc], options: &Options) -> Vec<(String, Vec<u8>)> {
    let language = options.language.as_str();
    // The index's meta fields, numbered in sorted order. Pagefind takes them from the pages it
    // keeps; every record has the same fields, so those of all records are the same list.
    let meta_fields: Vec<String> = docs
        .par_iter()
        .map(|doc| doc.meta.iter().map(|(k, _)| k.to_string()).collect())
        .reduce(BTreeSet::new, |mut a, b: BTreeSet<String>| {
            a.extend(b);
            a
        })
        .into_iter()
        .collect();
    let mut merged = Merged::default();
    // Tokenized a batch at a time, each merged before the next: a page's own postings are
    // larger than its share of the merged ones.
    for batch in docs.chunks(BATCH) {
        let pages: Vec<Option<Page>> = batch
            .par_iter()
            .map(|doc| tokenize(doc, language))
            .collect();
        for page in pages.into_iter().flatten() {
            merged.add(page, &meta_fields, language);
        }
    }
    let Merged {
        words,
        filters,
        numbered,
        sort_values,
        ..
    } = merged;
    if numbered.is_empty() {
        return vec![("pagefind-entry.json".to_string(), entry(None).into_bytes())];
    }
    let sorts = sorts(&sort_values);
    let page_count = numbered.len();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut meta = MetaIndex {
        version: VERSION.to_string(),
        pages: Vec::with_capacity(page_count),
        index_chunks: Vec::new(),
        filters: Vec::new(),
        sorts,
        meta_fields,
    };
    write_fragments(numbered, options, &mut meta, &mut files);
    write_filters(filters, language, &mut meta, &mut files);
    write_chunks(words, language, &mut meta, &mut files);
    let meta_bytes = cbor(&meta);
    let meta_hash = format!(
        "{language}_{}",
        cut(&full_hash(&meta_bytes), language.len() + 8)
    );
    files.push((format!("pagefind.{meta_hash}.pf_meta"), meta_bytes));
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_par_iter()
        .map(|(name, payload)| (name, gzip(&payload)))
        .collect();
    let wasm = tokens::stemmer(language).map(|_| language.to_string());
    let entry = entry(Some((language, &meta_hash, wasm, page_count)));
    out.push(("pagefind-entry.json".to_string(), entry.into_bytes()));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `pagefind-entry.json`: the index's version and, for its language, the meta file, the
/// WebAssembly build (of the language's stemmer, if it has one) and the page count.
fn entry(language: Option<(&str, &str, Option<String>, usize)>) -> String {
    #[derive(Serialize)]
    struct Entry {
        version: &'static str,
        languages: BTreeMap<String, Language>,
        include_characters: Vec<char>,
    }
    #[derive(Serialize)]
    struct Language {
        hash: String,
        wasm: Option<String>,
        page_count: usize,
    }
    let languages = language
        .map(|(language, hash, wasm, page_count)| {
            (
                language.to_string(),
                Language {
                    hash: hash.to_string(),
                    wasm,
                    page_count,
                },
            )
        })
        .into_iter()
        .collect();
    serde_json::to_string(&Entry {
        version: VERSION,
        languages,
        include_characters: tokens::INCLUDE_CHARACTERS.to_vec(),
    })
    .unwrap_or_default()
}

/// Page numbers in each sort key's order: by number if every value is one, else as text.
/// `pages` holds each page's sort values.
fn sorts(pages: &[BTreeMap<String, String>]) -> Vec<MetaSort> {
    let keys: BTreeSet<&String> = pages.iter().flat_map(|p| p.keys()).collect();
    let number = |v: &str| {
        v.parse::<i32>()
            .ok()
            .map(|i| i as f32)
            .or_else(|| v.parse::<f32>().ok())
    };
    keys.into_iter()
        .map(|key| {
            let mut values: Vec<(&str, u32)> = pages
                .iter()
                .enumerate()
                .filter_map(|(n, p)| {
                    let n = u32::try_from(n).ok()?;
                    p.get(key).map(|v| (v.as_str(), n))
                })
                .collect();
            if values.iter().all(|(v, _)| number(v).is_some()) {
                values.sort_by(|a, b| {
                    let a = number(a.0).unwrap_or_default();
                    let b = number(b.0).unwrap_or_default();
                    a.total_cmp(&b)
                });
            } else {
                values.sort_by_key(|v| v.0);
            }
            MetaSort {
                sort: key.clone(),
                pages: values.into_iter().map(|v| v.1).collect(),
            }
        })
        .collect()
}

/// Fragments, in groups of consecutive pages when `max_fragments` asks for fewer files than
/// pages; each page's meta entry names its fragment and its group.
fn write_fragments(
    numbered: Vec<Numbered>,
    options: &Options,
    meta: &mut MetaIndex,
    files: &mut Vec<(String, Vec<u8>)>,
) {
    let language = options.language.as_str();
    let max = options.max_fragments;
    if max == 0 || max >= numbered.len() {
        for page in numbered {
            meta.pages.push(MetaPage {
                hash: page.hash.clone(),
                word_count: u32::try_from(page.word_count).unwrap_or(u32::MAX),
                group_hash: String::new(),
            });
            files.push((
                format!("fragment/{}.pf_fragment", page.hash),
                page.fragment.into_bytes(),
            ));
        }
        return;
    }
    let group_size = ((numbered.len() as f32 / max as f32).ceil() as usize).max(1);
    let groups: Vec<String> = numbered
        .par_chunks(group_size)
        .map(|group| {
            let map: BTreeMap<&str, serde_json::Value> = group
                .iter()
                .map(|p| {
                    let value = serde_json::from_str(&p.fragment).unwrap_or_default();
                    (p.hash.as_str(), value)
                })
                .collect();
            serde_json::to_string(&map).unwrap_or_default()
        })
        .collect();
    let prefix = format!("{language}_group_");
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (group, json) in numbered.chunks(group_size).zip(groups) {
        let full = format!("{prefix}{}", full_hash(json.as_bytes()));
        let name = short_name(&full, prefix.len(), |n| taken.contains(n));
        taken.insert(name.clone());
        for page in group {
            meta.pages.push(MetaPage {
                hash: page.hash.clone(),
                word_count: u32::try_from(page.word_count).unwrap_or(u32::MAX),
                group_hash: name.clone(),
            });
        }
        files.push((format!("fragment/{name}.pf_fragment"), json.into_bytes()));
    }
}

/// A file per filter, its values sorted, each with its pages in order.
fn write_filters(
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    language: &str,
    meta: &mut MetaIndex,
    files: &mut Vec<(String, Vec<u8>)>,
) {
    let encoded: Vec<(String, Vec<u8>)> = filters
        .into_par_iter()
        .map(|(filter, values)| {
            let bytes = cbor(&FilterIndex {
                filter: filter.clone(),
                values: values
                    .into_iter()
                    .map(|(value, pages)| PackedValue { value, pages })
                    .collect(),
            });
            (filter, bytes)
        })
        .collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (filter, bytes) in encoded {
        let full = format!("{language}_{}", full_hash(&bytes));
        let name = short_name(&full, language.len() + 1, |n| taken.contains(n));
        taken.insert(name.clone());
        meta.filters.push(MetaFilter {
            filter,
            hash: name.clone(),
        });
        files.push((format!("filter/{name}.pf_filter"), bytes));
    }
}

/// The words sorted and cut into chunks of about `chunk_size()` locations (a word is never
/// split), page numbers delta-encoded, each chunk a file named in the meta with the shortest
/// prefixes that tell it from its neighbours.
fn write_chunks(
    words: HashMap<String, PackedWord>,
    language: &str,
    meta: &mut MetaIndex,
    files: &mut Vec<(String, Vec<u8>)>,
) {
    let mut words: Vec<PackedWord> = words.into_values().collect();
    words.par_sort_by(|a, b| a.word.cmp(&b.word));
    let chunks = chunk(words, chunk_size());
    let mut ranges = chunk_ranges(&chunks);
    let encoded: Vec<Vec<u8>> = chunks
        .into_par_iter()
        .map(|mut chunk| {
            for word in &mut chunk {
                word.pages.sort_by_key(|p| p.page_number);
                delta_encode(&mut word.pages);
                for v in &mut word.additional_variants {
                    v.pages.sort_by_key(|p| p.page_number);
                    delta_encode(&mut v.pages);
                }
            }
            cbor(&WordIndex { words: chunk })
        })
        .collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (range, bytes) in ranges.iter_mut().zip(encoded) {
        let full = format!("{language}_{}", full_hash(&bytes));
        let name = short_name(&full, language.len() + 1, |n| taken.contains(n));
        taken.insert(name.clone());
        range.hash = name.clone();
        files.push((format!("index/{name}.pf_index"), bytes));
    }
    meta.index_chunks = ranges;
}

fn delta_encode(pages: &mut [PackedPage]) {
    let mut last = 0;
    for p in pages {
        let n = p.page_number;
        p.page_number = n - last;
        last = n;
    }
}

/// Cuts sorted words into chunks, a chunk ending once it holds `size` locations or more.
fn chunk(words: Vec<PackedWord>, size: usize) -> Vec<Vec<PackedWord>> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    let mut held = 0;
    for word in words {
        held += word
            .pages
            .iter()
            .chain(word.additional_variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.locs.len() + p.meta_locs.len() + 1)
            .sum::<usize>()
            + word.additional_variants.len();
        current.push(word);
        if held >= size {
            chunks.push(std::mem::take(&mut current));
            held = 0;
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Each chunk's first and last word, shortened to the prefixes that still tell neighbouring
/// chunks apart (a `to` only where that keeps it after its `from`).
fn chunk_ranges(chunks: &[Vec<PackedWord>]) -> Vec<MetaChunk> {
    let mut ranges: Vec<MetaChunk> = chunks
        .iter()
        .map(|c| MetaChunk {
            from: c.first().map(|w| w.word.clone()).unwrap_or_default(),
            to: c.last().map(|w| w.word.clone()).unwrap_or_default(),
            hash: String::new(),
        })
        .collect();
    for i in 1..ranges.len() {
        let (to, from) = prefixes(&ranges[i - 1].to, &ranges[i].from);
        if to >= ranges[i - 1].from {
            ranges[i - 1].to = to;
        }
        ranges[i].from = from;
    }
    ranges
}

/// The common prefix of `a` and `b` plus one character of each.
fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (
        a.chars().take(common + 1).collect(),
        b.chars().take(common + 1).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str, pages: &[(u32, usize)]) -> PackedWord {
        PackedWord {
            word: w.into(),
            pages: pages
                .iter()
                .map(|&(n, locs)| PackedPage {
                    page_number: n,
                    locs: vec![0; locs],
                    meta_locs: vec![],
                })
                .collect(),
            additional_variants: vec![],
        }
    }

    #[test]
    fn chunks_end_once_full_and_name_the_shortest_telling_prefixes() {
        let words = vec![
            word("apple", &[(1, 3), (5, 3)]),
            word("apricot", &[(5, 3)]),
            word("banana", &[(5, 4)]),
            word("peach", &[(5, 3)]),
        ];
        let chunks = chunk(words, 8);
        let names: Vec<Vec<&str>> = chunks
            .iter()
            .map(|c| c.iter().map(|w| w.word.as_str()).collect())
            .collect();
        assert_eq!(
            names,
            [vec!["apple"], vec!["apricot", "banana"], vec!["peach"]]
        );
        let ranges: Vec<(String, String)> = chunk_ranges(&chunks)
            .into_iter()
            .map(|r| (r.from, r.to))
            .collect();
        assert_eq!(
            ranges,
            [
                ("apple".into(), "apple".into()),
                ("apr".into(), "b".into()),
                ("p".into(), "peach".into())
            ]
        );
    }

    #[test]
    fn locations_carry_weight_changes_and_deltas() {
        let o = |position, weight| Occurrence {
            position,
            weight,
            original: None,
        };
        let page = pack_locations(vec![o(9, 24), o(0, 168), o(3, 24), o(12, 25)]);
        assert_eq!(page.locs, [12, -25, 3, 6, -169, 0]);
        let meta = pack_meta_locations(vec![
            MetaOccurrence {
                field: 2,
                position: 1,
                original: None,
            },
            MetaOccurrence {
                field: 0,
                position: 4,
                original: None,
            },
        ]);
        assert_eq!(meta, [-1, 4, -3, 1]);
    }
}
