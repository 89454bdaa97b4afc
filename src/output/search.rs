//! The full-text search index, built with Pagefind's library inside the build.
//!
//! Every statement and every note is a record, with filters for year, issuer, topic, type and
//! kind of note. Pagefind splits the index into chunks, so a query downloads only the few it
//! needs, however large the archive. It keeps one index per language and searches the one of
//! the page it runs on; statements in another language than the site's therefore go into a
//! bundle of their own (`pagefind-<lang>/`), which the search page merges in, and their text is
//! segmented for that language (Chinese, Japanese and Thai are split into words).

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
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

struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

fn statement_filters(
    archive: &Archive,
    s: &Statement,
    kind: &str,
) -> BTreeMap<String, Vec<String>> {
    let topics = s
        .topics
        .iter()
        .map(|&t| archive.topics.terms[t].name.clone())
        .collect();
    BTreeMap::from([
        ("type".to_string(), vec![kind.to_string()]),
        ("year".to_string(), vec![s.doc.meta.date.year().to_string()]),
        ("issuer".to_string(), vec![s.doc.meta.issuer.clone()]),
        ("topic".to_string(), topics),
    ])
}

fn records(archive: &Archive, s: &Statement) -> (Record, Vec<Record>) {
    let base = &archive.config.base_url;
    let url = base.url(&s.url());
    let meta = &s.doc.meta;
    let date = BTreeMap::from([("date".to_string(), meta.date.date.to_string())]);
    let statement = Record {
        url: url.clone(),
        content: format!("{}\n\n{}", meta.title, s.rendered.plain_text()),
        meta: BTreeMap::from([
            ("title".to_string(), meta.title.clone()),
            ("date".to_string(), meta.date.human()),
            ("issuer".to_string(), meta.issuer.clone()),
        ]),
        filters: statement_filters(archive, s, "Statement"),
        sort: date.clone(),
    };
    let notes = s
        .notes
        .iter()
        .map(|n| {
            let mut filters = statement_filters(archive, s, "Note");
            filters.insert("note".to_string(), vec![n.meta.kind.label().to_string()]);
            Record {
                url: format!("{url}#{}", n.anchor),
                content: format!(
                    "{}\n\n{}",
                    &s.rendered.text[n.start..n.end],
                    n.body.plain_text()
                ),
                meta: BTreeMap::from([
                    (
                        "title".to_string(),
                        format!("Note {} on “{}”", n.number, meta.title),
                    ),
                    ("date".to_string(), meta.date.human()),
                    ("kind".to_string(), n.meta.kind.label().to_string()),
                ]),
                filters,
                sort: date.clone(),
            }
        })
        .collect();
    (statement, notes)
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
    let mut groups: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    groups.entry(site_language.clone()).or_default();
    for s in &archive.statements {
        let language = language_of(archive, s).to_ascii_lowercase();
        let (statement, notes) = records(archive, s);
        groups.entry(language).or_default().push(statement);
        // Notes are written in the site's language, whatever the statement's.
        groups
            .entry(site_language.clone())
            .or_default()
            .extend(notes);
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
        let files = runtime
            .block_on(index(&language, records))
            .map_err(|e| Diagnostic::error(format!("search index ({language}): {e}")))?;
        for (name, bytes) in files {
            let path = OutputPath::new(&format!("{bundle}{name}")).map_err(Diagnostic::error)?;
            out.push((path, bytes));
        }
    }
    Ok(out)
}

/// Indexes one bundle's records; Pagefind's errors come back as text.
async fn index(language: &str, records: Vec<Record>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    for r in records {
        index
            .add_custom_record(
                r.url,
                r.content,
                language.to_string(),
                Some(r.meta),
                Some(r.filters),
                Some(r.sort),
            )
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
