//! Files the build generates that belong to no page: the highlighting stylesheet and the
//! archive-wide notes export. (A statement's own plain text and notes export are written with
//! its page, see `render::pages`.)
//!
//! Their paths are planned before anything is written, with the pages, so collisions are
//! caught early; their bytes are produced only while writing.

use crate::annotate::export::PageSpan;
use crate::model::Archive;
use crate::urls::OutputPath;

#[derive(Debug, Clone)]
pub enum DataKind {
    /// CSS for highlighted code, generated from the configured syntect themes.
    Stylesheet(String),
    /// `data/annotations.jsonld` and `data/annotations/page-N.jsonld`: every note, in pages.
    NotesPage(PageSpan, usize),
}

#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: OutputPath,
    pub kind: DataKind,
    pub origin: &'static str,
}

/// Every generated file, in a fixed order.
pub fn plan(archive: &Archive, stylesheet: Option<String>) -> Vec<DataFile> {
    let mut out = Vec::with_capacity(archive.statements.len() * 2 + 2);
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
    let pages = archive.notes_pages();
    let count = pages.len();
    for span in pages {
        let path = match span.number {
            1 => "data/annotations.jsonld".to_string(),
            n => format!("data/annotations/page-{n}.jsonld"),
        };
        add(path, DataKind::NotesPage(span, count), "the notes export");
    }
    out
}

impl DataFile {
    pub fn bytes(&self, archive: &Archive) -> Vec<u8> {
        match &self.kind {
            DataKind::Stylesheet(css) => css.clone().into_bytes(),
            DataKind::NotesPage(span, pages) => archive.notes_page_file(span, *pages),
        }
    }
}
