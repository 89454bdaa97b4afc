//! The full-text search index, built with Pagefind's library inside the build.
//!
//! Each statement is one record: its title and text, then its notes, each under a heading whose
//! id is the note's anchor, so a query that matches a note shows it as a sub-result linking to
//! the note in place. Filters: year, issuer, topic, and the kinds of note the statement has.
//! Pagefind splits the index into chunks, so a query downloads only the few it needs, however
//! large the archive. It keeps one index per language and searches the one of the page it runs
//! on; statements in another language than the site's therefore go into a bundle of their own
//! (`pagefind-<lang>/`), which the search page merges in, and their text is segmented for that
//! language (Chinese, Japanese and Thai are split into words).
//!
//! Records are given to Pagefind as HTML, one statement at a time, in archive order, so the
//! index is the same on every build. (Pagefind compares each record added this way with every
//! earlier one, which is why notes are not records of their own: at 10,000 statements with
//! their 80,000 notes, that comparison alone took 24 s.)

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::markdown::escape_html;
use crate::model::{Archive, Statement};
use crate::urls::OutputPath;

/// The bundle of the site's own language, which the search page loads.
pub const BUNDLE: &str = "pagefind/";

/// The bundle of statements in `language`, another than the site's.
pub fn bundle_for(language: &str) -> String {
    format!("pagefind-{}/", language.to_ascii_lowercase())
}

fn language_of<'a>(archive: &'a Archive, s: &'a Statement) -> &'a str {
    s.doc
        .meta
        .language
        .as_deref()
        .unwrap_or(&archive.config.language)
}

fn same_language(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Languages of statements other than the site's, sorted.
pub fn other_languages(archive: &Archive) -> Vec<String> {
    let mut langs: Vec<String> = archive
        .statements
        .iter()
        .map(|s| language_of(archive, s))
        .filter(|l| !same_language(l, &archive.config.language))
        .map(str::to_ascii_lowercase)
        .collect();
    langs.sort();
    langs.dedup();
    langs
}

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

/// The folders the bundles are written to, claimed before their files are known.
pub fn folders(archive: &Archive) -> Vec<String> {
    std::iter::once(BUNDLE.to_string())
        .chain(other_languages(archive).iter().map(|l| bundle_for(l)))
        .collect()
}

/// Builds every search bundle; returns the files to write, under their bundle folders.
pub fn build(archive: &Archive) -> Result<Vec<(OutputPath, Vec<u8>)>, Diagnostic> {
    let site_language = archive.config.language.to_ascii_lowercase();
    // Records are made one at a time as they are added, not all beforehand: together they
    // would be as large as the archive's text.
    let mut groups: BTreeMap<String, Vec<&Statement>> = BTreeMap::new();
    groups.entry(site_language.clone()).or_default();
    for s in &archive.statements {
        let language = language_of(archive, s).to_ascii_lowercase();
        groups.entry(language).or_default().push(s);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the search indexer: {e}")))?;
    let mut out = Vec::new();
    for (language, records) in groups {
        let bundle = if language == site_language {
            BUNDLE.to_string()
        } else {
            bundle_for(&language)
        };
        let failed = |e: String| Diagnostic::error(format!("search index ({language}): {e}"));
        let files = runtime
            .block_on(index(&language, records.iter().map(|s| record(archive, s))))
            .map_err(failed)?;
        for (name, bytes) in files {
            let path = OutputPath::new(&format!("{bundle}{name}")).map_err(Diagnostic::error)?;
            out.push((path, bytes));
        }
    }
    Ok(out)
}

/// Indexes one bundle's records; Pagefind's errors come back as text.
async fn index(
    language: &str,
    records: impl Iterator<Item = Record>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
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
