//! Files the build generates that belong to no page: the highlighting stylesheet, the data
//! downloads, the sitemap, `robots.txt`, and the files GitHub Pages reads (`CNAME`,
//! `.nojekyll`). (A statement's own files are planned with its page.)
//!
//! Their paths are planned before anything is written, with the pages, so collisions are
//! caught early; their bytes are produced only while writing (`output::data`).

use crate::model::Archive;
use crate::plan::Planned;
use crate::urls::{OutputPath, SitePath};

#[derive(Debug, Clone)]
pub enum DataKind {
    /// CSS for highlighted code, generated from the configured syntect themes.
    Stylesheet(String),
    /// `data/statements/<year>.jsonl.gz` and `data/annotations/<year>.jsonl.gz`.
    Download(Download, i16),
    /// `data/statements.csv`.
    StatementsCsv,
    /// `data/events.csv`: the events notes declare.
    EventsCsv,
    /// `data/timeline.json`: statements, events and reports answered, in TimelineJS3's format.
    TimelineJson,
    /// `data/figures.csv`: every figure of the ledger.
    FiguresCsv,
    /// `data/figures/<slug>.csv`: the figures of one measure (its index).
    MeasureCsv(usize),
    /// `data/mentions.csv`: the paragraphs that name each entity.
    MentionsCsv,
    /// `data/claims.json` and `data/claims.csv`: the recurring claims.
    ClaimsJson,
    ClaimsCsv,
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

impl DataFile {
    /// Whether this file's bytes can change when statement `id` changes in place (its text,
    /// notes or card, not its date): its year's downloads, the CSV of all records (note
    /// counts) and the sitemap (last-change dates); nothing else holds a statement.
    pub fn reaches(&self, archive: &Archive, id: usize) -> bool {
        match &self.kind {
            DataKind::Download(_, year) => archive.statements[id].doc.meta.date.year() == *year,
            DataKind::StatementsCsv
            | DataKind::EventsCsv
            | DataKind::TimelineJson
            | DataKind::FiguresCsv
            | DataKind::MeasureCsv(_)
            | DataKind::MentionsCsv
            | DataKind::ClaimsJson
            | DataKind::ClaimsCsv
            | DataKind::Sitemap(_) => true,
            DataKind::Stylesheet(_)
            | DataKind::Robots
            | DataKind::Cname(_)
            | DataKind::NoJekyll => false,
        }
    }
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
    let mut add = |path: SitePath, kind: DataKind, origin: &'static str| {
        if let Ok(path) = OutputPath::for_file(&path) {
            out.push(DataFile { path, kind, origin });
        }
    };
    if let Some(css) = stylesheet {
        add(
            SitePath::new("syntax.css"),
            DataKind::Stylesheet(css),
            "the code highlighting stylesheet",
        );
    }
    for (download, origin) in [
        (Download::Statements, "the statements download"),
        (Download::Notes, "the notes download"),
    ] {
        for year in years(archive, download) {
            add(
                year_path(download, year),
                DataKind::Download(download, year),
                origin,
            );
        }
    }
    add(
        SitePath::new("data/statements.csv"),
        DataKind::StatementsCsv,
        "the statements download",
    );
    add(
        SitePath::new("data/events.csv"),
        DataKind::EventsCsv,
        "the events download",
    );
    add(
        SitePath::new("data/timeline.json"),
        DataKind::TimelineJson,
        "the timeline download",
    );
    add(
        SitePath::new("data/figures.csv"),
        DataKind::FiguresCsv,
        "the figures download",
    );
    for (m, measure) in archive.measures.iter().enumerate() {
        add(
            measure.csv_path(),
            DataKind::MeasureCsv(m),
            "a measure's figures download",
        );
    }
    add(
        SitePath::new("data/mentions.csv"),
        DataKind::MentionsCsv,
        "the mentions download",
    );
    add(
        SitePath::new("data/claims.json"),
        DataKind::ClaimsJson,
        "the claims download",
    );
    add(
        SitePath::new("data/claims.csv"),
        DataKind::ClaimsCsv,
        "the claims download",
    );
    let html_pages = pages
        .iter()
        .filter(|p| p.output.as_str().ends_with("index.html"))
        .count();
    let parts = sitemap_parts(html_pages);
    add(
        SitePath::new("sitemap.xml"),
        DataKind::Sitemap(0),
        "the sitemap",
    );
    if parts > 1 {
        for n in 1..=parts {
            add(
                SitePath::new(format!("sitemap-{n}.xml")),
                DataKind::Sitemap(n),
                "the sitemap",
            );
        }
    }
    add(SitePath::new("robots.txt"), DataKind::Robots, "robots.txt");
    if let Some(domain) = &archive.config.cname {
        add(
            SitePath::new("CNAME"),
            DataKind::Cname(domain.clone()),
            "cname in config.yaml",
        );
    }
    add(
        SitePath::new(".nojekyll"),
        DataKind::NoJekyll,
        "the GitHub Pages marker",
    );
    out
}

/// What a download holds, a file per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    /// Statements with their records and text.
    Statements,
    /// Notes, as W3C Web Annotations.
    Notes,
}

impl Download {
    fn folder(self) -> &'static str {
        match self {
            Download::Statements => "statements",
            Download::Notes => "annotations",
        }
    }
}

/// The years that have something for `download`, oldest first: a file each.
pub fn years(archive: &Archive, download: Download) -> Vec<i16> {
    let mut years: Vec<i16> = archive
        .statements
        .iter()
        .filter(|s| download == Download::Statements || !s.notes.is_empty())
        .map(|s| s.doc.meta.date.year())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The site path of `year`'s file of `download`.
pub fn year_path(download: Download, year: i16) -> SitePath {
    SitePath::new(format!("data/{}/{year}.jsonl.gz", download.folder()))
}

/// The most URLs one sitemap file may list.
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// Number of sitemap files listing `pages` pages: one, or an index's parts.
pub fn sitemap_parts(pages: usize) -> usize {
    pages.div_ceil(SITEMAP_MAX_URLS).max(1)
}
