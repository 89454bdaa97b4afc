//! The comparison pages, rendered in the stream of the second pass. A comparison needs both
//! statements' [`Reading`]s (paragraphs' words and shingles). Each statement's reading is made
//! once, from the text the second pass renders for its page anyway, and held until every
//! comparison showing it is rendered, so a statement's text is not rendered again for each of
//! its comparisons (with the statements before and after it in its series, and with each
//! related one).
//!
//! A comparison is rendered as soon as the stream has given both of its statements. Most
//! partners are near each other in archive order (a series' neighbours), but a related
//! statement may be anywhere, so the readings held are kept within [`BUDGET`]: past it, the
//! readings needed farthest ahead are dropped, and the comparisons that would have used them
//! read those texts again (`Archive::bare_text`): slower, the same page.

use std::collections::HashMap;

use super::waiting::Waiting;
use crate::ids::StatementId;
use crate::plan::{Job, Planned};
use crate::render::compare::{Reading, Readings};

/// The most bytes of readings held between batches (about 2,500 statements of 5 KB of text).
const BUDGET: usize = 32 << 20;

/// The comparison pages still to render and the readings they wait for.
pub(super) struct ComparePages<'a> {
    waiting: Waiting<'a>,
    held: Readings,
    /// The bytes each held reading takes, about.
    sizes: HashMap<StatementId, usize>,
    bytes: usize,
}

/// The two statements a comparison page shows.
fn sides(page: &Planned) -> [StatementId; 2] {
    match page.job {
        Job::Compare(a, b) => [a, b],
        _ => unreachable!("only comparison pages are taken"),
    }
}

impl<'a> ComparePages<'a> {
    /// Whether `planned` is a comparison page, which this renders.
    pub(super) fn takes(planned: &Planned) -> bool {
        matches!(planned.job, Job::Compare(..))
    }

    pub(super) fn new(pages: Vec<&'a Planned>) -> Self {
        ComparePages {
            waiting: Waiting::new(pages, |p| sides(p).to_vec()),
            held: Readings::default(),
            sizes: HashMap::new(),
            bytes: 0,
        }
    }

    /// Whether a comparison shows statement `id`, so it needs its reading.
    pub(super) fn wants(&self, id: StatementId) -> bool {
        self.waiting.wants(id)
    }

    /// Takes statement `id`'s reading; returns the pages that have both of theirs now. The
    /// reading is held at least until those pages are rendered.
    pub(super) fn give(&mut self, id: StatementId, reading: Reading) -> Vec<&'a Planned> {
        if !self.wants(id) {
            return Vec::new();
        }
        let size = reading.bytes();
        self.held.insert(id, reading);
        self.bytes += size;
        self.sizes.insert(id, size);
        self.waiting.give(id)
    }

    /// The readings the ready pages are rendered from.
    pub(super) fn held(&self) -> &Readings {
        &self.held
    }

    /// Drops the readings no page waits for any more, then, past [`BUDGET`], those needed
    /// farthest ahead.
    pub(super) fn release(&mut self) {
        let mut waiting: Vec<(StatementId, StatementId)> = Vec::with_capacity(self.sizes.len());
        let mut done = Vec::new();
        for &id in self.sizes.keys() {
            match self.next_need(id) {
                Some(when) => waiting.push((when, id)),
                None => done.push(id),
            }
        }
        for id in done {
            self.drop_reading(id);
        }
        // Farthest need first; ties by id, so that the same readings go in every build.
        waiting.sort_unstable_by(|a, b| b.cmp(a));
        for (_, id) in waiting {
            if self.bytes <= BUDGET {
                break;
            }
            self.drop_reading(id);
        }
    }

    /// When statement `id`'s reading is next needed: the earliest waiting comparison showing
    /// it, which the stream completes when it gives that page's later statement.
    fn next_need(&self, id: StatementId) -> Option<StatementId> {
        self.waiting
            .waiting_on(id)
            .map(|p| sides(p).into_iter().max().unwrap_or(id))
            .min()
    }

    fn drop_reading(&mut self, id: StatementId) {
        self.held.remove(id);
        self.bytes -= self.sizes.remove(&id).unwrap_or(0);
    }

    /// The pages never given both statements (one failed to render, whose error is reported).
    pub(super) fn unfinished(&self) -> Vec<&'a Planned> {
        self.waiting.unfinished()
    }

    #[cfg(test)]
    fn held_ids(&self) -> Vec<StatementId> {
        let mut ids: Vec<StatementId> = self.sizes.keys().copied().collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{s, statements};
    use crate::urls::{OutputPath, SitePath};

    fn page(a: usize, b: usize) -> Planned {
        Planned {
            output: OutputPath::for_file(&SitePath::new(format!("compare/{a}/{b}/index.html")))
                .unwrap(),
            template: "compare.html".into(),
            job: Job::Compare(s(a), s(b)),
            origin: String::new(),
            companions: Vec::new(),
            shows: statements(&[a, b]),
            shows_before: Vec::new(),
        }
    }

    fn reading(text: &str) -> Reading {
        Reading::of_paragraphs(&[text])
    }

    #[test]
    fn a_page_is_ready_once_both_statements_are_given_and_readings_go_when_unneeded() {
        let planned = [page(0, 1), page(1, 2), page(0, 3)];
        let mut pages = ComparePages::new(planned.iter().collect());
        assert!(pages.wants(s(0)) && pages.wants(s(3)));
        assert!(pages.give(s(0), reading("First.")).is_empty());
        let ready = pages.give(s(1), reading("Second."));
        assert_eq!(ready.len(), 1);
        assert_eq!(ready[0].job, Job::Compare(s(0), s(1)));
        assert!(pages.held().get(s(0)).is_some() && pages.held().get(s(1)).is_some());
        pages.release();
        // 0 waits for 3, 1 for 2.
        assert_eq!(pages.held_ids(), statements(&[0, 1]));
        let ready = pages.give(s(2), reading("Third."));
        assert_eq!(ready[0].job, Job::Compare(s(1), s(2)));
        pages.release();
        assert_eq!(pages.held_ids(), statements(&[0]));
        assert_eq!(pages.unfinished().len(), 1);
        pages.give(s(3), reading("Fourth."));
        pages.release();
        assert!(pages.held_ids().is_empty() && pages.unfinished().is_empty());
        assert_eq!(pages.bytes, 0);
    }

    #[test]
    fn past_the_budget_the_reading_needed_last_is_dropped() {
        let planned = [page(0, 9), page(1, 5), page(2, 3)];
        let mut pages = ComparePages::new(planned.iter().collect());
        let long = "word ".repeat(BUDGET / 3 / 5);
        for id in 0..2 {
            pages.give(s(id), reading(&long));
        }
        pages.release();
        assert_eq!(pages.held_ids(), statements(&[0, 1]));
        pages.give(s(2), reading(&long));
        pages.release();
        // Over the budget: 0 is needed at 9, 1 at 5, 2 at 3.
        assert_eq!(pages.held_ids(), statements(&[1, 2]));
        assert!(pages.bytes <= BUDGET);
    }
}
