//! Files written beside each statement's page: its plain text (which the notes' positions count
//! in), its notes as W3C Web Annotations, and its citation for reference managers.

use crate::cite::Citation;
use crate::model::Archive;

/// The statement's plain text, which note positions count in.
pub const TEXT: &str = "text.txt";
/// The statement's notes as a W3C AnnotationCollection.
pub const NOTES: &str = "annotations.jsonld";
pub const BIBTEX: &str = "cite.bib";
pub const CSL_JSON: &str = "cite.json";

/// The companion files of a statement page, by name in the page's folder.
pub const STATEMENT_FILES: [&str; 4] = [TEXT, NOTES, BIBTEX, CSL_JSON];

/// The bytes of statement `id`'s companion files, in [`STATEMENT_FILES`] order. `notes_json` is
/// the notes export, serialized once for the page and this file.
pub fn statement_files(archive: &Archive, id: usize, notes_json: String) -> [Vec<u8>; 4] {
    let s = &archive.statements[id];
    let mut text = s.rendered.plain_text().to_string();
    text.push('\n');
    let citation = Citation::new(archive, s);
    [
        text.into_bytes(),
        notes_json.into_bytes(),
        citation.bibtex().into_bytes(),
        citation.csl_json().into_bytes(),
    ]
}
