//! Annals' own writer of Pagefind 1.6.0's index format, answered by Pagefind's unchanged
//! browser UI and WebAssembly.
//!
//! Why: Pagefind's library parses records one at a time under a lock, keeps about 150 KB per
//! statement until the index is written and gzips on one thread (see
//! `shared/research/search-at-scale.md`). Here each statement is tokenized on rayon's threads
//! straight from its data (no HTML), reduced at once to compact postings (page numbers and
//! positions), and the files are encoded and compressed in parallel.
//!
//! What a query finds must not change, so every step follows what Pagefind's indexer does with
//! the HTML record `output::search` gives the library: the text it reads (`record`), its word
//! splitting, normalisation and stemming (`tokens`), the postings, chunks, filters, sorts and
//! fragments it writes (`index`) and their bytes and names (`encode`). A differential test
//! (`tests/search_index.rs`) builds bundles both ways and requires the same files.
//!
//! Languages that Pagefind segments with a dictionary (Chinese, Japanese, Thai) are segmented
//! with the same ICU4X segmenter, and the pairs of clusters it indexes are indexed too.

pub(crate) mod encode;
pub(crate) mod index;
pub(crate) mod record;
pub(crate) mod tokens;

pub(crate) use index::write_bundle;
pub(crate) use record::Doc;
