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
//! language's statements are also split into shards of at most `plan::search::SHARD_STATEMENTS`, dealt
//! round-robin in archive order so that every shard has the same mix of years and vocabulary
//! (Pagefind ranks within an index; alike shards keep the merged ranking close to one index's).
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
use std::sync::atomic::{AtomicUsize, Ordering};

use ::pagefind::api::PagefindIndex;
use ::pagefind::options::PagefindServiceConfig;

use super::pagefind::{self, Doc};
use crate::diagnostics::Diagnostic;
use crate::markdown::escape_html;
use crate::model::{Archive, Statement};
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

fn record(archive: &Archive, s: &Statement) -> Record {
    let doc = Doc::of(archive, s);
    Record {
        html: doc.html(),
        url: doc.url,
    }
}

/// Where the index's files go as each bundle is finished.
pub type Sink<'a> = &'a (dyn Fn(&OutputPath, &[u8]) -> std::io::Result<()> + Sync);

/// Builds every search bundle, as many at once as there are cores, handing each file to `sink`
/// as soon as its bundle is done. Returns the paths written, sorted.
pub fn build(archive: &Archive, sink: Sink<'_>) -> Result<Vec<OutputPath>, Diagnostic> {
    build_with(archive, sink, INDEXER)
}

/// `build` with the given indexer (the differential test builds with both).
pub fn build_with(
    archive: &Archive,
    sink: Sink<'_>,
    indexer: Indexer,
) -> Result<Vec<OutputPath>, Diagnostic> {
    let bundles = bundles(archive);
    let next = AtomicUsize::new(0);
    // The own writer tokenizes and compresses each bundle on all of rayon's threads: one bundle
    // at a time keeps one bundle's postings in memory.
    let threads = match indexer {
        Indexer::Library => std::thread::available_parallelism().map_or(1, |n| n.get()),
        Indexer::Own => 1,
    }
    .min(bundles.len());
    // Threads of their own rather than rayon's: Pagefind drives its async API with tokio and
    // uses rayon inside, and a rayon worker blocked in a runtime could be handed another job
    // that starts one too.
    let results: Vec<Result<Vec<OutputPath>, Diagnostic>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<Vec<OutputPath>, Diagnostic> {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .build()
                        .map_err(|e| {
                            Diagnostic::error(format!("cannot start the search indexer: {e}"))
                        })?;
                    let mut written = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(bundle) = bundles.get(i) else {
                            return Ok(written);
                        };
                        written.extend(build_bundle(archive, bundle, indexer, &runtime, sink)?);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(Diagnostic::error("the search indexer failed")))
            })
            .collect()
    });
    let mut written = Vec::new();
    for r in results {
        written.extend(r?);
    }
    written.sort();
    Ok(written)
}

/// Indexes one bundle and writes its files. A bundle other than the primary keeps only its
/// index data: the search page runs Pagefind's scripts and WebAssembly from the primary.
fn build_bundle(
    archive: &Archive,
    bundle: &Bundle,
    indexer: Indexer,
    runtime: &tokio::runtime::Runtime,
    sink: Sink<'_>,
) -> Result<Vec<OutputPath>, Diagnostic> {
    let failed = |e: String| Diagnostic::error(format!("search index ({}): {e}", bundle.folder));
    let files = if indexer == Indexer::Own {
        own_index(archive, bundle, runtime).map_err(failed)?
    } else {
        let records = bundle
            .members
            .iter()
            .map(|&id| record(archive, &archive.statements[id]));
        runtime
            .block_on(index(&bundle.language, bundle.members.len(), records))
            .map_err(failed)?
    };
    let mut written = Vec::new();
    for (name, bytes) in files {
        if !bundle.is_primary() && !is_index_data(&name) {
            continue;
        }
        let path =
            OutputPath::new(&format!("{}{name}", bundle.folder)).map_err(Diagnostic::error)?;
        sink(&path, &bytes).map_err(|e| Diagnostic::io("write", Path::new(path.as_str()), &e))?;
        written.push(path);
    }
    Ok(written)
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
    archive: &Archive,
    bundle: &Bundle,
    runtime: &tokio::runtime::Runtime,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let options = pagefind::index::Options {
        language: bundle.language.clone(),
        max_fragments: fragment_files(bundle.members.len()),
    };
    let mut files = pagefind::write_bundle(
        &bundle.members,
        |id| Doc::of(archive, &archive.statements[id]),
        &options,
    );
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
