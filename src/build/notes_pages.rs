//! The notes pages (the notes index and each kind's list), rendered in the stream of the
//! second pass. They show every note's text, which the archive does not keep between the
//! passes: each statement's notes are listed ([`index_entries`]) when its text is rendered
//! again, held until every notes page showing that statement is rendered, and dropped. A
//! notes page shows a run of statements in archive order, and the second pass takes
//! statements in that order, so only the pages under way hold entries.

use tera::Value;

use super::waiting::Waiting;
use crate::ids::StatementId;
use crate::plan::{Job, Planned};
use crate::render::notes::NoteEntries;

/// The notes pages still to render and the entries they wait for.
pub(super) struct NotesPages<'a> {
    waiting: Waiting<'a>,
    entries: NoteEntries,
}

impl<'a> NotesPages<'a> {
    /// Whether `planned` is a notes page, which this renders.
    pub(super) fn takes(planned: &Planned) -> bool {
        matches!(planned.job, Job::Annotations(_) | Job::AnnotationKind(..))
    }

    pub(super) fn new(pages: Vec<&'a Planned>) -> Self {
        NotesPages {
            waiting: Waiting::new(pages, |p| p.shows.clone()),
            entries: NoteEntries::default(),
        }
    }

    /// Whether a notes page shows statement `id`, so it needs its entries.
    pub(super) fn wants(&self, id: StatementId) -> bool {
        self.waiting.wants(id)
    }

    /// Takes statement `id`'s entries; returns the pages that have all theirs now.
    pub(super) fn give(&mut self, id: StatementId, entries: Vec<Value>) -> Vec<&'a Planned> {
        if !self.wants(id) {
            return Vec::new();
        }
        self.entries.insert(id, entries);
        self.waiting.give(id)
    }

    /// The entries the ready pages are rendered from.
    pub(super) fn entries(&self) -> &NoteEntries {
        &self.entries
    }

    /// Drops the entries of the statements `rendered` pages show that no page waits for.
    pub(super) fn release(&mut self, rendered: &[&Planned]) {
        for p in rendered {
            for &id in &p.shows {
                if self.waiting.waiting_on(id).next().is_none() {
                    self.entries.remove(id);
                }
            }
        }
    }

    /// The pages that show no statement (the index of an archive without notes): ready from
    /// the start.
    pub(super) fn empty(&self) -> Vec<&'a Planned> {
        self.waiting.empty()
    }

    /// The pages never given all their statements' entries (a statement failed to render).
    pub(super) fn unfinished(&self) -> Vec<&'a Planned> {
        self.waiting.unfinished()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{NoteId, s, statements};
    use crate::urls::OutputPath;

    fn page(job: Job, shows: Vec<usize>) -> Planned {
        Planned {
            output: OutputPath::for_file(&crate::urls::SitePath::new("annotations/index.html"))
                .unwrap(),
            template: "annotations.html".into(),
            job,
            origin: String::new(),
            companions: Vec::new(),
            shows: statements(&shows),
            shows_before: Vec::new(),
        }
    }

    #[test]
    fn a_page_is_ready_once_every_statement_it_shows_is_given_and_then_released() {
        let first = page(Job::Annotations(1), vec![3, 2]);
        let kind = page(Job::AnnotationKind(0, 1), vec![2]);
        let mut pages = NotesPages::new(vec![&first, &kind]);
        assert!(pages.wants(s(2)) && pages.wants(s(3)) && !pages.wants(s(1)));
        assert!(pages.give(s(1), vec![]).is_empty());
        let ready = pages.give(s(2), vec![Value::from(1)]);
        assert_eq!(ready.len(), 1);
        assert!(matches!(ready[0].job, Job::AnnotationKind(0, 1)));
        pages.release(&ready);
        // Statement 2 is still awaited by the first page's other statement.
        assert_eq!(pages.entries().of_notes(&[NoteId::new(s(2), 0)]).len(), 1);
        let ready = pages.give(s(3), vec![Value::from(2)]);
        assert_eq!(ready.len(), 1);
        pages.release(&ready);
        assert!(
            pages
                .entries()
                .of_notes(&[NoteId::new(s(2), 0), NoteId::new(s(3), 0)])
                .is_empty()
        );
        assert!(pages.unfinished().is_empty());
        assert!(pages.empty().is_empty());
    }

    #[test]
    fn a_page_showing_no_statement_is_ready_from_the_start() {
        let index = page(Job::Annotations(1), vec![]);
        let pages = NotesPages::new(vec![&index]);
        assert_eq!(pages.empty().len(), 1);
        assert!(pages.unfinished().is_empty());
    }
}
