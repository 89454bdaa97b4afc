//! The full-text search index in Pagefind's format, built inside the build, by Pagefind's
//! library or by Annals' own writer of the format (`output::pagefind`), as `INDEXER` selects.
//!
//! Each statement is one record: its title and text, then its notes, each under a heading whose
//! id is the note's anchor, so a query that matches a note shows it as a sub-result linking to
//! the note in place. Filters: year, issuer, topic, and the kinds of note the statement has.
//! Pagefind splits an index into chunks, so a query downloads only the few it needs.
//!
//! **Bundles.** Pagefind keeps one index per language and searches the one of the page it runs
//! on; statements in another language than the site's go into bundles of their own, and their
//! text is segmented for that language (Chinese, Japanese and Thai are split into words). A
//! language's statements are also split into shards of at most `plan::search::SHARD_STATEMENTS`:
//! contiguous runs in archive order, so that a shard is complete, indexed and dropped as the
//! build's second pass streams past its last statement (dealt round-robin, every shard stayed
//! open until the end, holding every record of the archive). Pagefind ranks within an index, so
//! a word's weight follows the vocabulary of its shard's years.
//! The search page loads the first bundle of the site's language (`pagefind/`, which also holds
//! Pagefind's scripts) and merges in every other one, as Pagefind's `mergeIndex` does for
//! several sites: each query runs in every bundle and the results are sorted together.
//!
//! Why shards: Pagefind's library parses records one at a time under a lock, compares each
//! added record with every earlier one, and keeps every record's words until the index is
//! written (see `shared/research/search-at-scale.md`). One index for the archive therefore
//! costs time quadratic in the archive and memory linear in it; shards cap both by the shard,
//! and are indexed in parallel, one per core, each written to disk and dropped when done.
//! The own writer has neither cost, and keeps the shards: they bound its memory to one
//! bundle's postings, and the chunk a query loads for a common word to one shard's pages.
//!
//! Records are given to Pagefind as HTML in archive order, so every bundle is the same on every
//! build. The own writer takes the same records (`pagefind::Doc`) without the HTML, tokenizes
//! them in parallel and writes the files the library would, bundle after bundle. (Notes are not records of their own: that comparison of each record with every
//! earlier one made 80,000 note records cost 24 s.)

use std::path::Path;

use ::pagefind::api::PagefindIndex;
use ::pagefind::options::PagefindServiceConfig;

use super::pagefind;
pub(crate) use super::pagefind::Doc;
use crate::diagnostics::Diagnostic;
use crate::ids::StatementId;
use crate::markdown::escape_html;
use crate::model::Archive;
use crate::plan::search::{Bundle, bundles};
use crate::urls::OutputPath;

/// Result fragments (a statement's text, notes and metadata, fetched when it is shown as a
/// result) grouped into one file. A file per statement doubled the files of a site; a reader's
/// first five results cost up to five such groups, about 30 KB each.
pub const FRAGMENTS_PER_FILE: usize = 8;

/// Which indexer writes the bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexer {
    /// Pagefind's library, given each statement as HTML.
    Library,
    /// Annals' own writer of the same format (`output::pagefind`), Chinese, Japanese and Thai
    /// segmented into words as Pagefind segments them.
    Own,
}

/// The indexer `annals build` uses: the one switch between the two. The own writer, since it
/// writes the library's files (`tests/search_index.rs`) and Pagefind's UI finds the expected
/// statements with them (`tests/browser/search.js` in `.ci/run`, three shards included).
pub const INDEXER: Indexer = Indexer::Own;

/// One statement's search record for the library: its site path and HTML.
struct Record {
    url: String,
    html: String,
}

/// Where the index's files go as each bundle is finished.
pub type Sink<'a> = &'a (dyn Fn(&OutputPath, &[u8]) -> std::io::Result<()> + Sync);

/// Builds every search bundle of the archive with `indexer`, reading each statement's text
/// (the differential test builds with both indexers; a build streams its records into a
/// [`Index`] as it writes pages). Returns the paths written, sorted.
pub fn build_with(
    archive: &Archive,
    sink: Sink<'_>,
    indexer: Indexer,
) -> Result<Vec<OutputPath>, Diagnostic> {
    let mut index = Index::new(archive, sink, indexer)?;
    for id in archive.statement_ids() {
        let text = archive.text(id)?;
        index.add(id, Doc::of(archive, id, &text))?;
    }
    index.finish()
}

/// The search index being built from statements' records, given in archive order: each
/// bundle (a contiguous run of one language's statements, see `plan::search`) is indexed,
/// written and dropped as soon as its last record arrives, so one bundle's records per
/// language are held at a time.
pub(crate) struct Index<'a> {
    bundles: Vec<Bundle>,
    /// Each statement's bundle.
    bundle_of: Vec<usize>,
    /// The records received for each bundle not yet written.
    docs: Vec<Vec<Doc>>,
    done: Vec<bool>,
    indexer: Indexer,
    runtime: tokio::runtime::Runtime,
    sink: Sink<'a>,
    written: Vec<OutputPath>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(
        archive: &Archive,
        sink: Sink<'a>,
        indexer: Indexer,
    ) -> Result<Self, Diagnostic> {
        let bundles = bundles(archive);
        let mut bundle_of = vec![0; archive.statements.len()];
        for (b, bundle) in bundles.iter().enumerate() {
            for &id in &bundle.members {
                bundle_of[id] = b;
            }
        }
        // Pagefind's library is driven by tokio; the own writer asks it for the primary
        // bundle's scripts and WebAssembly.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| Diagnostic::error(format!("cannot start the search indexer: {e}")))?;
        Ok(Index {
            docs: bundles.iter().map(|_| Vec::new()).collect(),
            done: vec![false; bundles.len()],
            bundles,
            bundle_of,
            indexer,
            runtime,
            sink,
            written: Vec::new(),
        })
    }

    /// Adds statement `id`'s record; writes its bundle if this was the bundle's last.
    pub(crate) fn add(&mut self, id: StatementId, doc: Doc) -> Result<(), Diagnostic> {
        let b = self.bundle_of[id];
        self.docs[b].push(doc);
        if self.docs[b].len() == self.bundles[b].members.len() {
            self.write(b)?;
        }
        Ok(())
    }

    /// Writes the bundles not written yet (those without statements); returns every path
    /// written, sorted.
    pub(crate) fn finish(mut self) -> Result<Vec<OutputPath>, Diagnostic> {
        for b in 0..self.bundles.len() {
            if !self.done[b] {
                self.write(b)?;
            }
        }
        self.written.sort();
        Ok(self.written)
    }

    /// Indexes bundle `b` and writes its files. A bundle other than the primary keeps only
    /// its index data: the search page runs Pagefind's scripts and WebAssembly from the
    /// primary.
    fn write(&mut self, b: usize) -> Result<(), Diagnostic> {
        self.done[b] = true;
        let docs = std::mem::take(&mut self.docs[b]);
        let bundle = &self.bundles[b];
        let failed =
            |e: String| Diagnostic::error(format!("search index ({}): {e}", bundle.folder));
        let files = match self.indexer {
            Indexer::Own => own_index(&docs, bundle, &self.runtime).map_err(failed)?,
            Indexer::Library => {
                let records = docs.iter().map(|d| Record {
                    url: d.url.clone(),
                    html: d.html(),
                });
                self.runtime
                    .block_on(index(&bundle.language, docs.len(), records))
                    .map_err(failed)?
            }
        };
        drop(docs);
        for (name, bytes) in files {
            if !bundle.is_primary() && !is_index_data(&name) {
                continue;
            }
            let path =
                OutputPath::new(&format!("{}{name}", bundle.folder)).map_err(Diagnostic::error)?;
            (self.sink)(&path, &bytes)
                .map_err(|e| Diagnostic::io("write", Path::new(path.as_str()), &e))?;
            self.written.push(path);
        }
        Ok(())
    }
}

/// Whether a file of a Pagefind bundle is index data, which a merged bundle needs, rather
/// than Pagefind's scripts, styles and WebAssembly, which only the primary bundle needs.
fn is_index_data(name: &str) -> bool {
    name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["index/", "filter/", "fragment/"]
            .iter()
            .any(|folder| name.starts_with(folder))
}

/// Fragment files for `count` statements: groups of `FRAGMENTS_PER_FILE`.
fn fragment_files(count: usize) -> usize {
    count.div_ceil(FRAGMENTS_PER_FILE).max(1)
}

/// Writes one bundle with the own writer. The primary bundle also gets Pagefind's scripts,
/// styles and WebAssembly, taken from the library's output for a one-word page in the bundle's
/// language (the data files of that index are dropped).
fn own_index(
    docs: &[Doc],
    bundle: &Bundle,
    runtime: &tokio::runtime::Runtime,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let options = pagefind::index::Options {
        language: bundle.language.clone(),
        max_fragments: fragment_files(docs.len()),
    };
    let mut files = pagefind::write_bundle(docs, &options);
    if bundle.is_primary() {
        let placeholder = Record {
            url: "/".to_string(),
            html: format!(
                "<html lang=\"{}\"><body><p>x</p></body></html>",
                escape_html(&bundle.language)
            ),
        };
        let assets = runtime.block_on(index(&bundle.language, 1, std::iter::once(placeholder)))?;
        files.extend(assets.into_iter().filter(|(name, _)| !is_index_data(name)));
        files.sort_by(|a, b| a.0.cmp(&b.0));
    }
    Ok(files)
}

/// Indexes one bundle's records; Pagefind's errors come back as text.
async fn index(
    language: &str,
    count: usize,
    records: impl Iterator<Item = Record>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .max_fragments(u32::try_from(fragment_files(count)).unwrap_or(u32::MAX))
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    for r in records {
        index
            .add_html_file(None, Some(r.url), r.html)
            .await
            .map_err(|e| e.to_string())?;
    }
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_bundles_keep_only_index_data() {
        for kept in [
            "pagefind-entry.json",
            "pagefind.en_1a2b.pf_meta",
            "index/en_1a2b.pf_index",
            "filter/en_1a2b.pf_filter",
            "fragment/en_1a2b.pf_fragment",
        ] {
            assert!(is_index_data(kept), "{kept}");
        }
        for dropped in [
            "pagefind.js",
            "pagefind-ui.js",
            "pagefind-ui.css",
            "wasm.en.pagefind",
        ] {
            assert!(!is_index_data(dropped), "{dropped}");
        }
    }
}
