//! Files the build generates that belong to no page: the highlighting stylesheet, the data
//! downloads, the sitemap, `robots.txt`, and the files GitHub Pages reads (`CNAME`,
//! `.nojekyll`). (A statement's own files are planned with its page.)
//!
//! Their paths are planned before anything is written, with the pages, so collisions are
//! caught early; their bytes are produced only while writing (`output::data`).

use std::collections::BTreeSet;

use crate::model::{Archive, Statement};
use crate::plan::Planned;
use crate::urls::{OutputPath, SitePath};

#[derive(Debug, Clone)]
pub enum DataKind {
    /// CSS for highlighted code, generated from the configured syntect themes.
    Stylesheet(String),
    /// A year's file of one of the downloads split by year (`Download`).
    Download(Download, i16),
    /// `data/events.csv`: the events notes declare.
    EventsCsv,
    /// `data/figures.csv`: every figure of the ledger.
    FiguresCsv,
    /// `data/figures/<slug>.csv`: the figures of one measure (its index).
    MeasureCsv(usize),
    /// `data/claims.jsonl.gz` and `data/claims.csv.gz`: the recurring claims.
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
    /// notes or card, not its date), its events being in `event_years` before or after: its
    /// year's downloads (and the timeline's of those years, as its events can be in any
    /// year, and an event moved leaves the year it was in), the files of events, figures and
    /// claims, and the sitemap (last-change dates); nothing else holds a statement.
    pub fn reaches(
        &self,
        archive: &Archive,
        id: crate::ids::StatementId,
        event_years: &BTreeSet<i16>,
    ) -> bool {
        match &self.kind {
            DataKind::Download(Download::Timeline, year) => {
                archive.statements[id].doc.meta.date.year() == *year || event_years.contains(year)
            }
            DataKind::Download(_, year) => archive.statements[id].doc.meta.date.year() == *year,
            DataKind::EventsCsv
            | DataKind::FiguresCsv
            | DataKind::MeasureCsv(_)
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
    for download in Download::ALL {
        for year in years(archive, download) {
            add(
                year_path(download, year),
                DataKind::Download(download, year),
                download.origin(),
            );
        }
    }
    add(
        SitePath::new("data/events.csv"),
        DataKind::EventsCsv,
        "the events download",
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
        SitePath::new(CLAIMS_JSONL),
        DataKind::ClaimsJson,
        "the claims download",
    );
    add(
        SitePath::new(CLAIMS_CSV),
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

/// The recurring claims, a claim per line, and a row per place that says one.
pub const CLAIMS_JSONL: &str = "data/claims.jsonl.gz";
pub const CLAIMS_CSV: &str = "data/claims.csv.gz";

/// The downloads that grow with the archive, each split into a file per year, so that no
/// file of a large archive is too large to fetch or to parse whole (the GitHub Pages limit
/// on a file is 100 MB; at 100,000 statements the mentions' single CSV was 108 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    /// `data/statements/<year>.jsonl.gz`: statements with their records and text.
    Statements,
    /// `data/annotations/<year>.jsonl.gz`: notes, as W3C Web Annotations.
    Notes,
    /// `data/statements/<year>.csv.gz`: the statements' records without their text, a row
    /// each.
    StatementRows,
    /// `data/mentions/<year>.csv.gz`: the paragraphs that name an entity, a row each.
    Mentions,
    /// `data/timeline/<year>.json`: the year's statements, events and reports answered, in
    /// TimelineJS3's format (a viewer reads it whole, so it is not compressed).
    Timeline,
}

impl Download {
    pub const ALL: [Download; 5] = [
        Download::Statements,
        Download::Notes,
        Download::StatementRows,
        Download::Mentions,
        Download::Timeline,
    ];

    fn folder(self) -> &'static str {
        match self {
            Download::Statements | Download::StatementRows => "statements",
            Download::Notes => "annotations",
            Download::Mentions => "mentions",
            Download::Timeline => "timeline",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Download::Statements | Download::Notes => "jsonl.gz",
            Download::StatementRows | Download::Mentions => "csv.gz",
            Download::Timeline => "json",
        }
    }

    fn origin(self) -> &'static str {
        match self {
            Download::Statements | Download::StatementRows => "the statements download",
            Download::Notes => "the notes download",
            Download::Mentions => "the mentions download",
            Download::Timeline => "the timeline download",
        }
    }

    /// Whether its files are made from the statements' texts, in the stream of the second
    /// pass (`output::downloads::YearFiles`); the others are made from what pass 1 keeps.
    pub fn streamed(self) -> bool {
        matches!(self, Download::Statements | Download::Notes)
    }
}

/// The years that have something for `download`, oldest first: a file each.
pub fn years(archive: &Archive, download: Download) -> Vec<i16> {
    let of_statements = |keep: fn(&Statement) -> bool| -> Vec<i16> {
        archive
            .statements
            .iter()
            .filter(|s| keep(s))
            .map(|s| s.doc.meta.date.year())
            .collect()
    };
    let mut years = match download {
        // A year's mentions have a file even when none of its statements names an entity,
        // so that an edit naming one or no longer naming one does not add or remove a file.
        Download::Statements | Download::StatementRows | Download::Mentions => {
            of_statements(|_| true)
        }
        Download::Notes => of_statements(|s| !s.notes.is_empty()),
        Download::Timeline => super::pages::timeline_years(archive)
            .into_iter()
            .filter_map(|y| i16::try_from(y).ok())
            .collect(),
    };
    years.sort_unstable();
    years.dedup();
    years
}

/// The site path of `year`'s file of `download`.
pub fn year_path(download: Download, year: i16) -> SitePath {
    SitePath::new(format!(
        "data/{}/{year}.{}",
        download.folder(),
        download.extension()
    ))
}

/// The most URLs one sitemap file may list.
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// Number of sitemap files listing `pages` pages: one, or an index's parts.
pub fn sitemap_parts(pages: usize) -> usize {
    pages.div_ceil(SITEMAP_MAX_URLS).max(1)
}
