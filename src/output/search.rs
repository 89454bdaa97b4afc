//! The full-text search index, built with Pagefind's library inside the build.
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
//!
//! Records are given to Pagefind as HTML in archive order, so every bundle is the same on every
//! build. (Notes are not records of their own: that comparison of each record with every
//! earlier one made 80,000 note records cost 24 s.)

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::markdown::escape_html;
use crate::model::{Archive, Statement};
use crate::plan::search::{Bundle, bundles, language_of};
use crate::urls::OutputPath;

/// Result fragments (a statement's text, notes and metadata, fetched when it is shown as a
/// result) grouped into one file. A file per statement doubled the files of a site; a reader's
/// first five results cost up to five such groups, about 30 KB each.
pub const FRAGMENTS_PER_FILE: usize = 8;

/// One statement's search record.
struct Record {
    /// Site path without the base path, as Pagefind expects (its script adds the base path).
    url: String,
    html: String,
}

/// A filter value as it must be written into its `content` attribute.
///
/// Pagefind's default UI inserts filter names and values into the page as HTML (`innerHTML`),
/// unlike titles and meta fields, which it shows as text, and excerpts, whose `<` and `>` it
/// escapes. A filter value must therefore be stored HTML-escaped, so that the UI shows an issuer
/// or topic named `<img onerror=…>` as those characters instead of making an element of it.
/// Pagefind 1.6 decodes entities in a filter attribute twice (`get_attribute_pair`, then
/// `normalize_content` again, in `fossick/parser.rs`), and the attribute itself is escaped once
/// more by `record`: hence two escapes here. `tests/publish.rs` reads the stored values back.
fn filter_value(text: &str) -> String {
    escape_html(&escape_html(text))
}

fn record(archive: &Archive, s: &Statement) -> Record {
    let meta = &s.doc.meta;
    let language = language_of(archive, s).to_ascii_lowercase();
    let mut head = String::new();
    let mut tag = |attr: &str, key: &str, value: &str| {
        head.push_str(&format!(
            "<meta data-pagefind-{attr}=\"{key}[content]\" content=\"{}\">\n",
            escape_html(value)
        ));
    };
    tag("meta", "title", &meta.title);
    tag("meta", "date", &meta.date.human());
    tag("meta", "issuer", &meta.issuer);
    tag("sort", "date", &meta.date.date.to_string());
    let mut filter = |key: &str, value: &str| tag("filter", key, &filter_value(value));
    filter("year", &meta.date.year().to_string());
    filter("issuer", &meta.issuer);
    for &t in &s.topics {
        filter("topic", &archive.topics.terms[t].name);
    }
    let mut kinds: Vec<&str> = s.notes.iter().map(|n| n.meta.kind.label()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in kinds {
        filter("note", kind);
    }
    let mut body = format!("<h1>{}</h1>\n", escape_html(&meta.title));
    for block in s.rendered.plain_text().split("\n\n") {
        body.push_str(&format!("<p>{}</p>\n", escape_html(block)));
    }
    for n in &s.notes {
        body.push_str(&format!(
            "<h2 id=\"{}\">Note {}, {}: “{}”</h2>\n<p>{}</p>\n",
            escape_html(&n.anchor),
            n.number,
            escape_html(n.meta.kind.label()),
            escape_html(&s.rendered.text[n.start..n.end]),
            escape_html(n.body.plain_text()),
        ));
    }
    Record {
        url: format!("/{}", s.url()),
        html: format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n{head}</head>\n<body>\n{body}</body>\n</html>\n",
            escape_html(&language)
        ),
    }
}

/// Where the index's files go as each bundle is finished.
pub type Sink<'a> = &'a (dyn Fn(&OutputPath, &[u8]) -> std::io::Result<()> + Sync);

/// Builds every search bundle, as many at once as there are cores, handing each file to `sink`
/// as soon as its bundle is done. Returns the paths written, sorted.
pub fn build(archive: &Archive, sink: Sink<'_>) -> Result<Vec<OutputPath>, Diagnostic> {
    let bundles = bundles(archive);
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
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
                        written.extend(build_bundle(archive, bundle, &runtime, sink)?);
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
    runtime: &tokio::runtime::Runtime,
    sink: Sink<'_>,
) -> Result<Vec<OutputPath>, Diagnostic> {
    let failed = |e: String| Diagnostic::error(format!("search index ({}): {e}", bundle.folder));
    let records = bundle
        .members
        .iter()
        .map(|&id| record(archive, &archive.statements[id]));
    let files = runtime
        .block_on(index(&bundle.language, bundle.members.len(), records))
        .map_err(failed)?;
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

/// Indexes one bundle's records; Pagefind's errors come back as text.
async fn index(
    language: &str,
    count: usize,
    records: impl Iterator<Item = Record>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let fragment_files = count.div_ceil(FRAGMENTS_PER_FILE).max(1);
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .max_fragments(u32::try_from(fragment_files).unwrap_or(u32::MAX))
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
