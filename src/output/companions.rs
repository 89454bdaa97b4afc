//! Files written beside each statement's page: its plain text (which the notes' positions count
//! in) and its notes as W3C Web Annotations. (Its citation for reference managers is offered
//! from the page itself, in `data:` URLs: a file per format cost two files per statement.)

use crate::markdown::Rendered;
use crate::model::Archive;
use crate::render::notes;

/// The bytes of statement `id`'s companion files, in the order of
/// [`crate::plan::companions::ALL`], from its rendered `text`.
pub fn statement_files(archive: &Archive, id: usize, text: &Rendered) -> [Vec<u8>; 2] {
    let mut plain = text.plain_text().to_string();
    plain.push('\n');
    [
        plain.into_bytes(),
        notes::jsonld(archive, id, text).into_bytes(),
    ]
}
