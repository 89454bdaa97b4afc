//! The bytes of Pagefind 1.6.0's index files: their CBOR layouts, content-hash names and gzip.
//!
//! The layouts are those its WebAssembly decodes (`pagefind_web/src/metadata.rs`, `index.rs`,
//! `filter.rs`): every structure a CBOR array of its fields in order. They are encoded with
//! minicbor's derive, the encoder Pagefind itself uses, so that equal contents give equal bytes
//! and therefore equal file names.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use minicbor::Encode;
use sha1::{Digest, Sha1};

/// The index format's version, checked by Pagefind's scripts against their own.
pub(crate) const VERSION: &str = "1.6.0";

/// `pagefind.<lang>_<hash>.pf_meta`: what a search needs before it loads any chunk.
#[derive(Encode, Debug, PartialEq)]
pub(crate) struct MetaIndex {
    #[n(0)]
    pub(crate) version: String,
    #[n(1)]
    pub(crate) pages: Vec<MetaPage>,
    #[n(2)]
    pub(crate) index_chunks: Vec<MetaChunk>,
    #[n(3)]
    pub(crate) filters: Vec<MetaFilter>,
    #[n(4)]
    pub(crate) sorts: Vec<MetaSort>,
    #[n(5)]
    pub(crate) meta_fields: Vec<String>,
}

/// A page: its fragment's hash, its word count (for ranking) and the group file holding it.
#[derive(Encode, Debug, PartialEq)]
pub(crate) struct MetaPage {
    #[n(0)]
    pub(crate) hash: String,
    #[n(1)]
    pub(crate) word_count: u32,
    #[n(2)]
    pub(crate) group_hash: String,
}

/// The chunk to load for words sorting between `from` and `to`.
#[derive(Encode, Debug, PartialEq, Clone)]
pub(crate) struct MetaChunk {
    #[n(0)]
    pub(crate) from: String,
    #[n(1)]
    pub(crate) to: String,
    #[n(2)]
    pub(crate) hash: String,
}

#[derive(Encode, Debug, PartialEq)]
pub(crate) struct MetaFilter {
    #[n(0)]
    pub(crate) filter: String,
    #[n(1)]
    pub(crate) hash: String,
}

/// Page numbers in the order of one sort key.
#[derive(Encode, Debug, PartialEq)]
pub(crate) struct MetaSort {
    #[n(0)]
    pub(crate) sort: String,
    #[n(1)]
    pub(crate) pages: Vec<u32>,
}

/// `index/<lang>_<hash>.pf_index`: a sorted range of words with their postings.
#[derive(Encode, Debug)]
pub(crate) struct WordIndex {
    #[n(0)]
    pub(crate) words: Vec<PackedWord>,
}

#[derive(Encode, Debug, Clone, PartialEq)]
pub(crate) struct PackedWord {
    #[n(0)]
    pub(crate) word: String,
    #[n(1)]
    pub(crate) pages: Vec<PackedPage>,
    #[n(2)]
    pub(crate) additional_variants: Vec<PackedVariant>,
}

/// The word's postings as written with its diacritics.
#[derive(Encode, Debug, Clone, PartialEq)]
pub(crate) struct PackedVariant {
    #[n(0)]
    pub(crate) form: String,
    #[n(1)]
    pub(crate) pages: Vec<PackedPage>,
}

/// A word's locations in one page: `page_number` is delta-encoded within a word once chunked;
/// `locs` are position deltas, a negative number `-(weight + 1)` switching the weight of those
/// after it (followed by an absolute position); `meta_locs` likewise with field switches.
#[derive(Encode, Debug, Clone, PartialEq)]
pub(crate) struct PackedPage {
    #[n(0)]
    pub(crate) page_number: u32,
    #[n(1)]
    pub(crate) locs: Vec<i32>,
    #[n(2)]
    pub(crate) meta_locs: Vec<i32>,
}

/// `filter/<lang>_<hash>.pf_filter`: each value of one filter with its pages.
#[derive(Encode, Debug)]
pub(crate) struct FilterIndex {
    #[n(0)]
    pub(crate) filter: String,
    #[n(1)]
    pub(crate) values: Vec<PackedValue>,
}

#[derive(Encode, Debug)]
pub(crate) struct PackedValue {
    #[n(0)]
    pub(crate) value: String,
    #[n(1)]
    pub(crate) pages: Vec<u32>,
}

/// CBOR bytes of a value. Encoding into a `Vec` cannot fail.
pub(crate) fn cbor<T: Encode<()>>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = minicbor::encode(value, &mut out);
    out
}

/// SHA-1 in hex as Pagefind writes it: each byte without its leading zero (so not always 40
/// digits). File names are cut from it.
pub(crate) fn full_hash(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(40);
    for b in Sha1::digest(bytes) {
        let _ = write!(out, "{b:x}");
    }
    out
}

/// The first `len` bytes of a name (all of it if shorter; names are ASCII hex after an
/// ASCII prefix, but a cut inside a character would fall back to the whole).
pub(crate) fn cut(name: &str, len: usize) -> &str {
    name.get(..len).unwrap_or(name)
}

/// A name of `prefix` plus 7 hash digits, lengthened one digit at a time while `taken`.
pub(crate) fn short_name(full: &str, prefix_len: usize, taken: impl Fn(&str) -> bool) -> String {
    let mut len = prefix_len + 7;
    let mut name = cut(full, len);
    while taken(name) && len < full.len() {
        len += 1;
        name = cut(full, len);
    }
    name.to_string()
}

/// The gzip level of the data files. Pagefind uses the best (9); at 6 compression takes half
/// the time (it was the writer's largest cost) for files 0.7 % larger (15 MB of index data of
/// 4,100 statements: 4.35 MB at level 9, 4.38 MB at 6). Names hash the payload, so they are
/// the same at any level.
const LEVEL: u32 = 6;

/// A data file as Pagefind serves it: `pagefind_dcd` and the payload, gzipped.
pub(crate) fn gzip(payload: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(
        Vec::with_capacity(payload.len() / 3 + 64),
        Compression::new(LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(b"pagefind_dcd");
    let _ = gz.write_all(payload);
    gz.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_drop_leading_zeros_of_bytes_as_pagefind_does() {
        // SHA-1 of "" is da39a3ee5e6b4b0d3255bfef95601890afd80709.
        assert_eq!(full_hash(b""), "da39a3ee5e6b4bd3255bfef95601890afd879");
    }

    #[test]
    fn names_grow_until_free() {
        let full = "en_abcdef0123456";
        assert_eq!(short_name(full, 3, |_| false), "en_abcdef0");
        assert_eq!(short_name(full, 3, |n| n.len() < 12), "en_abcdef012");
    }

    #[test]
    fn structures_encode_as_arrays() {
        let page = PackedPage {
            page_number: 1,
            locs: vec![-25, 3],
            meta_locs: vec![],
        };
        assert_eq!(cbor(&page), [0x83, 0x01, 0x82, 0x38, 0x18, 0x03, 0x80]);
    }
}
