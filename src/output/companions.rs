//! Files written beside each statement's page: its plain text (which the notes' positions count
//! in) and its notes as W3C Web Annotations. (Its citation for reference managers is offered
//! from the page itself, in `data:` URLs: a file per format cost two files per statement.)

use crate::model::Archive;
use crate::render::notes;

/// The bytes of statement `id`'s companion files, in the order of
/// [`crate::plan::companions::ALL`].
pub fn statement_files(archive: &Archive, id: usize) -> [Vec<u8>; 2] {
    let s = &archive.statements[id];
    let mut text = s.rendered.plain_text().to_string();
    text.push('\n');
    [text.into_bytes(), notes::jsonld(archive, id).into_bytes()]
}
