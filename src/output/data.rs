//! Files the build generates that belong to no page: the highlighting stylesheet, the
//! archive-wide notes export, the data downloads, the sitemap, `robots.txt`, and the files
//! GitHub Pages reads (`CNAME`, `.nojekyll`). (A statement's own files are written with its
//! page, see `companions`.)
//!
//! Their paths are planned before anything is written, with the pages, so collisions are
//! caught early; their bytes are produced only while writing.

use crate::model::Archive;
use crate::plan::Planned;
use crate::urls::OutputPath;

use super::downloads::{self, Download};
use super::sitemap;

#[derive(Debug, Clone)]
pub enum DataKind {
    /// CSS for highlighted code, generated from the configured syntect themes.
    Stylesheet(String),
    /// `data/statements/<year>.jsonl.gz` and `data/annotations/<year>.jsonl.gz`.
    Download(Download, i16),
    /// `data/statements.csv`.
    StatementsCsv,
    /// `sitemap.xml` (0) and, for large sites, its parts `sitemap-N.xml`.
    Sitemap(usize),
    Robots,
    /// `CNAME`, for a custom domain on GitHub Pages.
    Cname(String),
    /// `.nojekyll`: GitHub Pages serves the files as built, without running Jekyll.
    NoJekyll,
}

#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: OutputPath,
    pub kind: DataKind,
    pub origin: &'static str,
}

/// The generated files planned again after the archive changed in place, keeping the
/// stylesheet already made.
pub fn replan(old: &[DataFile], archive: &Archive, pages: &[Planned]) -> Vec<DataFile> {
    let stylesheet = old.iter().find_map(|g| match &g.kind {
        DataKind::Stylesheet(css) => Some(css.clone()),
        _ => None,
    });
    plan(archive, stylesheet, pages)
}

/// Every generated file, in a fixed order.
pub fn plan(archive: &Archive, stylesheet: Option<String>, pages: &[Planned]) -> Vec<DataFile> {
    let mut out = Vec::new();
    let mut add = |path: String, kind: DataKind, origin: &'static str| {
        if let Ok(path) = OutputPath::new(&path) {
            out.push(DataFile { path, kind, origin });
        }
    };
    if let Some(css) = stylesheet {
        add(
            "syntax.css".into(),
            DataKind::Stylesheet(css),
            "the code highlighting stylesheet",
        );
    }
    for (download, origin) in [
        (Download::Statements, "the statements download"),
        (Download::Notes, "the notes download"),
    ] {
        for year in downloads::years(archive, download) {
            add(
                downloads::year_path(download, year),
                DataKind::Download(download, year),
                origin,
            );
        }
    }
    add(
        "data/statements.csv".into(),
        DataKind::StatementsCsv,
        "the statements download",
    );
    let html_pages = pages
        .iter()
        .filter(|p| p.output.as_str().ends_with("index.html"))
        .count();
    let parts = sitemap::parts(html_pages);
    add("sitemap.xml".into(), DataKind::Sitemap(0), "the sitemap");
    if parts > 1 {
        for n in 1..=parts {
            add(
                format!("sitemap-{n}.xml"),
                DataKind::Sitemap(n),
                "the sitemap",
            );
        }
    }
    add("robots.txt".into(), DataKind::Robots, "robots.txt");
    if let Some(domain) = &archive.config.cname {
        add(
            "CNAME".into(),
            DataKind::Cname(domain.clone()),
            "cname in config.yaml",
        );
    }
    add(
        ".nojekyll".into(),
        DataKind::NoJekyll,
        "the GitHub Pages marker",
    );
    out
}

impl DataFile {
    pub fn bytes(&self, archive: &Archive, pages: &[Planned]) -> Vec<u8> {
        match &self.kind {
            DataKind::Stylesheet(css) => css.clone().into_bytes(),
            DataKind::Download(download, year) => downloads::year_jsonl(archive, *download, *year),
            DataKind::StatementsCsv => downloads::csv(archive),
            DataKind::Sitemap(part) => sitemap::file(archive, pages, *part),
            DataKind::Robots => sitemap::robots(&archive.config.base_url),
            DataKind::Cname(domain) => format!("{domain}\n").into_bytes(),
            DataKind::NoJekyll => Vec::new(),
        }
    }
}
