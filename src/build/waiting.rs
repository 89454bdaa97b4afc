//! Pages of the second pass that wait for what the stream makes of the statements they show
//! (the notes pages for their entries, comparisons for their readings): which pages show which
//! statement, and how many of each page's statements have not been given yet. What is given is
//! kept by the caller; this says when a page is ready and when nothing waits for a statement.

use std::collections::HashMap;

use crate::ids::StatementId;
use crate::plan::Planned;

pub(super) struct Waiting<'a> {
    pages: Vec<&'a Planned>,
    /// For each page, how many of the statements it shows have not been given yet.
    missing: Vec<usize>,
    /// For each statement a page shows, those pages (indices into `pages`).
    shown_on: HashMap<StatementId, Vec<usize>>,
    /// The pages that show no statement.
    empty: Vec<&'a Planned>,
}

impl<'a> Waiting<'a> {
    /// `pages`, each waiting for the statements `shows` says it shows.
    pub(super) fn new(
        pages: Vec<&'a Planned>,
        shows: impl Fn(&Planned) -> Vec<StatementId>,
    ) -> Self {
        let mut shown_on: HashMap<StatementId, Vec<usize>> = HashMap::new();
        let mut missing = Vec::with_capacity(pages.len());
        let mut empty = Vec::new();
        for (k, p) in pages.iter().enumerate() {
            let ids = shows(p);
            if ids.is_empty() {
                empty.push(*p);
            }
            missing.push(ids.len());
            for id in ids {
                shown_on.entry(id).or_default().push(k);
            }
        }
        Waiting {
            pages,
            missing,
            shown_on,
            empty,
        }
    }

    /// Whether a page shows statement `id`.
    pub(super) fn wants(&self, id: StatementId) -> bool {
        self.shown_on.contains_key(&id)
    }

    /// Counts statement `id` as given; returns the pages that have all theirs now.
    pub(super) fn give(&mut self, id: StatementId) -> Vec<&'a Planned> {
        let Some(pages) = self.shown_on.get(&id) else {
            return Vec::new();
        };
        let mut ready = Vec::new();
        for &k in pages {
            self.missing[k] -= 1;
            if self.missing[k] == 0 {
                ready.push(self.pages[k]);
            }
        }
        ready
    }

    /// The pages showing statement `id` that still wait for a statement.
    pub(super) fn waiting_on(&self, id: StatementId) -> impl Iterator<Item = &'a Planned> + '_ {
        self.shown_on
            .get(&id)
            .into_iter()
            .flatten()
            .filter(|&&k| self.missing[k] > 0)
            .map(|&k| self.pages[k])
    }

    /// The pages that show no statement: ready from the start.
    pub(super) fn empty(&self) -> Vec<&'a Planned> {
        self.empty.clone()
    }

    /// The pages never given all their statements (one failed to render, whose error is
    /// reported).
    pub(super) fn unfinished(&self) -> Vec<&'a Planned> {
        self.pages
            .iter()
            .zip(&self.missing)
            .filter(|&(_, &m)| m > 0)
            .map(|(p, _)| *p)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{s, statements};
    use crate::plan::Job;
    use crate::urls::{OutputPath, SitePath};

    fn page(shows: Vec<usize>) -> Planned {
        Planned {
            output: OutputPath::for_file(&SitePath::new("annotations/index.html")).unwrap(),
            template: "annotations.html".into(),
            job: Job::Annotations(1),
            origin: String::new(),
            companions: Vec::new(),
            shows: statements(&shows),
            shows_before: Vec::new(),
        }
    }

    #[test]
    fn a_page_is_ready_when_its_last_statement_is_given() {
        let (a, b, none) = (page(vec![1, 2]), page(vec![2]), page(vec![]));
        let mut waiting = Waiting::new(vec![&a, &b, &none], |p| p.shows.clone());
        assert!(waiting.wants(s(1)) && !waiting.wants(s(3)));
        assert_eq!(waiting.empty().len(), 1);
        assert!(waiting.give(s(3)).is_empty());
        let ready = waiting.give(s(2));
        assert_eq!(ready.len(), 1);
        assert_eq!(ready[0].shows, [s(2)]);
        // Page `a` shows 2 and still waits for 1.
        assert_eq!(waiting.waiting_on(s(2)).count(), 1);
        assert_eq!(waiting.unfinished().len(), 1);
        assert_eq!(waiting.give(s(1)).len(), 1);
        assert_eq!(waiting.waiting_on(s(2)).count(), 0);
        assert!(waiting.unfinished().is_empty());
    }
}
