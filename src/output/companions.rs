//! The file written beside each statement's page: its notes as W3C Web Annotations, which the
//! page links. (Its plain text, which the notes' positions count in, is in the year's
//! statements download; its citation for reference managers is offered from the page itself,
//! in `data:` URLs: a file per statement for each cost three files per statement.)

use crate::annotate::StatementText;
use crate::ids::StatementId;
use crate::model::Archive;
use crate::render::notes;

/// The bytes of statement `id`'s companion files, in the order of
/// [`crate::plan::companions::ALL`], from its rendered `text`.
pub fn statement_files(archive: &Archive, id: StatementId, text: &StatementText) -> [Vec<u8>; 1] {
    [notes::jsonld(archive, id, text).into_bytes()]
}
