//! Files written beside each statement's page: its plain text (which the notes' positions count
//! in) and its notes as W3C Web Annotations. (Its citation for reference managers is offered
//! from the page itself, in `data:` URLs: a file per format cost two files per statement.)

use crate::model::Archive;
use crate::render::notes;

/// The statement's plain text, which note positions count in.
pub const TEXT: &str = "text.txt";
/// The statement's notes as a W3C AnnotationCollection.
pub const NOTES: &str = "annotations.jsonld";

/// The companion files of a statement page, by name in the page's folder.
pub const STATEMENT_FILES: [&str; 2] = [TEXT, NOTES];

/// The bytes of statement `id`'s companion files, in [`STATEMENT_FILES`] order.
pub fn statement_files(archive: &Archive, id: usize) -> [Vec<u8>; 2] {
    let s = &archive.statements[id];
    let mut text = s.rendered.plain_text().to_string();
    text.push('\n');
    [text.into_bytes(), notes::jsonld(archive, id).into_bytes()]
}
