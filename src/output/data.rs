//! The bytes of each planned data file (see `plan::data`), produced only while writing.

use crate::diagnostics::Diagnostic;
use crate::model::Archive;
use crate::plan::Planned;
use crate::plan::data::{DataFile, DataKind, Download};

use super::{claims, downloads, sitemap, timeline};

impl DataFile {
    pub fn bytes(&self, archive: &Archive, pages: &[Planned]) -> Result<Vec<u8>, Diagnostic> {
        Ok(match &self.kind {
            DataKind::Stylesheet(css) => css.clone().into_bytes(),
            DataKind::Download(download, year) => match download {
                Download::Statements | Download::Notes => {
                    downloads::year_jsonl(archive, *download, *year)?
                }
                Download::StatementRows => downloads::csv(archive, *year),
                Download::Mentions => downloads::mentions_csv(archive, *year),
                Download::Timeline => timeline::json(archive, *year),
            },
            DataKind::EventsCsv => downloads::events_csv(archive),
            DataKind::FiguresCsv => downloads::figures_csv(archive, None),
            DataKind::MeasureCsv(m) => downloads::figures_csv(archive, Some(*m)),
            DataKind::ClaimsJson => claims::jsonl(archive),
            DataKind::ClaimsCsv => claims::csv(archive),
            DataKind::Sitemap(part) => sitemap::file(archive, pages, *part),
            DataKind::Robots => sitemap::robots(&archive.config.base_url),
            DataKind::Cname(domain) => format!("{domain}\n").into_bytes(),
            DataKind::NoJekyll => Vec::new(),
        })
    }
}
