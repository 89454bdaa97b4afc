//! The bytes of each planned data file (see `plan::data`), produced only while writing.

use crate::diagnostics::Diagnostic;
use crate::model::Archive;
use crate::plan::Planned;
use crate::plan::data::{DataFile, DataKind};

use super::{claims, downloads, sitemap, timeline};

impl DataFile {
    pub fn bytes(&self, archive: &Archive, pages: &[Planned]) -> Result<Vec<u8>, Diagnostic> {
        Ok(match &self.kind {
            DataKind::Stylesheet(css) => css.clone().into_bytes(),
            DataKind::Download(download, year) => downloads::year_jsonl(archive, *download, *year)?,
            DataKind::StatementsCsv => downloads::csv(archive),
            DataKind::EventsCsv => downloads::events_csv(archive),
            DataKind::TimelineJson => timeline::json(archive),
            DataKind::FiguresCsv => downloads::figures_csv(archive, None),
            DataKind::MeasureCsv(m) => downloads::figures_csv(archive, Some(*m)),
            DataKind::MentionsCsv => downloads::mentions_csv(archive),
            DataKind::ClaimsJson => claims::json(archive),
            DataKind::ClaimsCsv => claims::csv(archive),
            DataKind::Sitemap(part) => sitemap::file(archive, pages, *part),
            DataKind::Robots => sitemap::robots(&archive.config.base_url),
            DataKind::Cname(domain) => format!("{domain}\n").into_bytes(),
            DataKind::NoJekyll => Vec::new(),
        })
    }
}
