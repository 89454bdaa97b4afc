//! The page comparing two statements side by side (`compare/<a>/<b>/`): their paragraphs
//! aligned where they say the same thing (`align`), and in each aligned pair the words one has
//! and the other lacks marked (similar's word diff, as on the changes page).
//!
//! What the page needs of each text is its [`Reading`]: the paragraphs' words and shingles, made
//! once per statement, not once per comparison.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::align::{self, Shingles, Step};
use crate::diagnostics::Diagnostic;
use crate::ids::StatementId;
use crate::markdown::Rendered;
use crate::model::Archive;
use crate::plan::{CompareWhy, compare_path};
use crate::urls::Href;

use super::changes::Segment;
use super::views::DateView;

/// One of the statements shown side by side.
#[derive(Serialize)]
pub struct SideView<'a> {
    pub title: &'a str,
    pub url: Href,
    pub date: DateView,
    pub language: &'a str,
    pub publisher: Option<&'a str>,
    /// The edition of the document it answers, when it says.
    pub responds_to_year: Option<i32>,
}

impl<'a> SideView<'a> {
    pub fn new(archive: &'a Archive, id: StatementId) -> Self {
        let s = &archive.statements[id];
        let meta = &s.doc.meta;
        SideView {
            title: &meta.title,
            url: archive.config.base_url.url(&s.url()),
            date: DateView::from(&meta.date),
            language: meta.language.as_deref().unwrap_or(&archive.config.language),
            publisher: meta
                .source
                .as_ref()
                .and_then(|src| src.publisher.as_deref()),
            responds_to_year: meta.responds_to.as_ref().and_then(|r| r.year),
        }
    }
}

/// A paragraph as the comparison shows it: its number (linking to it on its statement's page)
/// and its words, those the other text lacks marked.
#[derive(Debug, Serialize, PartialEq)]
pub struct ParagraphView {
    pub number: usize,
    pub url: Href,
    pub segments: Vec<Segment>,
}

/// A row of the comparison: a pair of aligned paragraphs, or the paragraphs between two pairs
/// that align with nothing on the other side (either side may be empty).
#[derive(Debug, Serialize, PartialEq)]
pub struct RowView {
    pub aligned: bool,
    /// For an aligned pair: the similarity of their wording, in per cent.
    pub similarity: Option<u32>,
    pub left: Vec<ParagraphView>,
    pub right: Vec<ParagraphView>,
}

#[derive(Serialize)]
pub struct CompareView<'a> {
    pub left: SideView<'a>,
    pub right: SideView<'a>,
    /// Why the two are compared: `series` (answering the same document, one after the other)
    /// or `related`.
    pub why: &'static str,
    /// The document both answer, for a series.
    pub document: Option<&'a str>,
    pub rows: Vec<RowView>,
    pub aligned: usize,
    pub left_alone: usize,
    pub right_alone: usize,
}

/// What a comparison needs of one statement's text: each paragraph's number and words, and its
/// shingles. The second pass makes it once per statement from the text it renders anyway and
/// hands it to each of the statement's comparisons (`build::compare_pages`).
#[derive(Debug, Clone)]
pub struct Reading {
    paragraphs: Vec<(usize, String)>,
    shingles: Vec<Shingles>,
}

impl Reading {
    pub fn of(text: &Rendered) -> Reading {
        let paragraphs: Vec<(usize, String)> = text
            .blocks
            .iter()
            .map(|b| (b.number, text.block_text(b).to_string()))
            .collect();
        let shingles = paragraphs.iter().map(|(_, t)| Shingles::of(t)).collect();
        Reading {
            paragraphs,
            shingles,
        }
    }

    /// Bytes it takes, about.
    pub fn bytes(&self) -> usize {
        let words: usize = self.paragraphs.iter().map(|(_, t)| t.len() + 40).sum();
        words + self.shingles.iter().map(|s| s.bytes() + 24).sum::<usize>()
    }

    /// A reading of paragraphs numbered from 1, for tests.
    #[cfg(test)]
    pub(crate) fn of_paragraphs(texts: &[&str]) -> Reading {
        Reading {
            paragraphs: (1..).zip(texts.iter().map(|t| t.to_string())).collect(),
            shingles: texts.iter().map(|t| Shingles::of(t)).collect(),
        }
    }

    fn position(&self, number: usize) -> Option<usize> {
        self.paragraphs.iter().position(|(n, _)| *n == number)
    }
}

/// The readings a caller holds, by statement; a comparison reads the text of a statement
/// missing from them (`Archive::bare_text`).
#[derive(Debug, Default)]
pub struct Readings(HashMap<StatementId, Reading>);

impl Readings {
    pub fn insert(&mut self, id: StatementId, reading: Reading) {
        self.0.insert(id, reading);
    }

    pub fn remove(&mut self, id: StatementId) -> Option<Reading> {
        self.0.remove(&id)
    }

    pub fn get(&self, id: StatementId) -> Option<&Reading> {
        self.0.get(&id)
    }

    /// Statement `id`'s reading: held, or made from its text.
    fn read<'a>(
        &'a self,
        archive: &Archive,
        id: StatementId,
    ) -> Result<Cow<'a, Reading>, Diagnostic> {
        match self.0.get(&id) {
            Some(r) => Ok(Cow::Borrowed(r)),
            None => Ok(Cow::Owned(Reading::of(&*archive.bare_text(id)?))),
        }
    }
}

/// The comparison of statements `a` and `b` (the earlier first), from their readings in `held`
/// or, for a statement not held, its text.
pub fn view<'a>(
    archive: &'a Archive,
    a: StatementId,
    b: StatementId,
    held: &Readings,
) -> Result<CompareView<'a>, Diagnostic> {
    let (left, right) = (held.read(archive, a)?, held.read(archive, b)?);
    let series = archive.statements[b].series_previous == Some(a);
    let url = |id: StatementId| archive.config.base_url.url(&archive.statements[id].url());
    let said_again = archive.claims.matches(a, b);
    let rows = rows(&left, &right, said_again.pairs(), &url(a), &url(b));
    let count = |f: fn(&RowView) -> usize| rows.iter().map(f).sum();
    Ok(CompareView {
        left: SideView::new(archive, a),
        right: SideView::new(archive, b),
        why: if series { "series" } else { "related" },
        document: series
            .then(|| archive.statements[b].doc.meta.responds_to.as_ref())
            .flatten()
            .map(|r| r.document.as_str()),
        aligned: count(|r| usize::from(r.aligned)),
        left_alone: count(|r| if r.aligned { 0 } else { r.left.len() }),
        right_alone: count(|r| if r.aligned { 0 } else { r.right.len() }),
        rows,
    })
}

/// The rows comparing the paragraphs of `left` and `right`, whose pages are at `left_url` and
/// `right_url`. Paragraphs that say the same recurring claim (`said_again`: pairs of paragraph
/// numbers, `model::claims::Matches`) are aligned whatever the rest of their wording.
pub fn rows(
    left: &Reading,
    right: &Reading,
    said_again: &[(usize, usize)],
    left_url: &Href,
    right_url: &Href,
) -> Vec<RowView> {
    let anchors: Vec<(usize, usize)> = said_again
        .iter()
        .filter_map(|&(a, b)| Some((left.position(a)?, right.position(b)?)))
        .collect();
    let steps = align::align(&left.shingles, &right.shingles, &anchors);
    let (l, r) = (&left.paragraphs, &right.paragraphs);
    let para = |url: &Href, (number, text): &(usize, String), segments: Option<Vec<Segment>>| {
        ParagraphView {
            number: *number,
            url: url.with_fragment(&format!("p{number}")),
            segments: segments.unwrap_or_else(|| {
                vec![Segment {
                    kind: "same",
                    text: text.clone(),
                }]
            }),
        }
    };
    let mut rows: Vec<RowView> = Vec::new();
    for step in steps {
        match step {
            Step::Both {
                left: i,
                right: j,
                similarity,
                ..
            } => {
                let (ls, rs) = word_differences(&l[i].1, &r[j].1);
                rows.push(RowView {
                    aligned: true,
                    similarity: Some((similarity * 100.0).round() as u32),
                    left: vec![para(left_url, &l[i], Some(ls))],
                    right: vec![para(right_url, &r[j], Some(rs))],
                });
            }
            Step::Left(_) | Step::Right(_) => {
                if rows.last().is_none_or(|row| row.aligned) {
                    rows.push(RowView {
                        aligned: false,
                        similarity: None,
                        left: Vec::new(),
                        right: Vec::new(),
                    });
                }
                let row = rows.last_mut().expect("a row was just pushed");
                match step {
                    Step::Left(i) => row.left.push(para(left_url, &l[i], None)),
                    Step::Right(j) => row.right.push(para(right_url, &r[j], None)),
                    Step::Both { .. } => unreachable!("matched above"),
                }
            }
        }
    }
    rows
}

/// The words of `old` and `new` as each side shows them: `old`'s with the words `new` lacks
/// marked `removed`, `new`'s with the words `old` lacks marked `added`.
pub fn word_differences(old: &str, new: &str) -> (Vec<Segment>, Vec<Segment>) {
    let diff = TextDiff::from_words(old, new);
    let (mut left, mut right): (Vec<Segment>, Vec<Segment>) = (Vec::new(), Vec::new());
    let push = |side: &mut Vec<Segment>, kind: &'static str, text: &str| match side.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => side.push(Segment {
            kind,
            text: text.to_string(),
        }),
    };
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut left, "same", value);
                push(&mut right, "same", value);
            }
            ChangeTag::Delete => push(&mut left, "removed", value),
            ChangeTag::Insert => push(&mut right, "added", value),
        }
    }
    (join_runs(left), join_runs(right))
}

/// White space alone between two marked runs joins them into one: it is the space between two
/// words the other text lacks, not a word in common, and one mark reads better than many.
fn join_runs(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut rest = segments.into_iter().peekable();
    while let Some(segment) = rest.next() {
        let between_marks = segment.kind == "same"
            && segment.text.trim().is_empty()
            && out.last().is_some_and(|l| l.kind != "same")
            && rest
                .peek()
                .is_some_and(|n| Some(n.kind) == out.last().map(|l| l.kind));
        if between_marks {
            let next = rest.next().expect("peeked");
            let last = out.last_mut().expect("checked");
            last.text.push_str(&segment.text);
            last.text.push_str(&next.text);
        } else {
            out.push(segment);
        }
    }
    out
}

/// A link to a comparison, as a statement page lists it: the other statement and why.
#[derive(Serialize)]
pub struct CompareLink<'a> {
    pub title: &'a str,
    pub date: DateView,
    pub url: Href,
    /// `previous` or `next` in the series, or `related`.
    pub why: &'static str,
}

/// The comparisons statement `id` is part of.
pub fn links(archive: &Archive, id: StatementId) -> Vec<CompareLink<'_>> {
    crate::plan::compare_partners(archive, id)
        .into_iter()
        .map(|(j, why)| {
            let (a, b) = (id.min(j), id.max(j));
            let other = &archive.statements[j];
            CompareLink {
                title: &other.doc.meta.title,
                date: DateView::from(&other.doc.meta.date),
                url: archive.config.base_url.url(&compare_path(
                    &archive.statements[a],
                    &archive.statements[b],
                )),
                why: match why {
                    CompareWhy::SeriesPrevious => "previous",
                    CompareWhy::SeriesNext => "next",
                    CompareWhy::Related => "related",
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(kind: &'static str, text: &str) -> Segment {
        Segment {
            kind,
            text: text.into(),
        }
    }

    #[test]
    fn words_changed_together_are_one_mark() {
        let (left, right) =
            word_differences("A spokesman said it.", "The HKSAR government said it.");
        assert_eq!(
            left,
            [seg("removed", "A spokesman"), seg("same", " said it.")]
        );
        assert_eq!(
            right,
            [
                seg("added", "The HKSAR government"),
                seg("same", " said it.")
            ]
        );
    }

    #[test]
    fn each_side_marks_the_words_the_other_lacks() {
        let (left, right) = word_differences(
            "It identified 3 victims in 2020.",
            "It identified eight victims in 2024.",
        );
        assert_eq!(
            left,
            [
                seg("same", "It identified "),
                seg("removed", "3"),
                seg("same", " victims in "),
                seg("removed", "2020."),
            ]
        );
        assert_eq!(
            right,
            [
                seg("same", "It identified "),
                seg("added", "eight"),
                seg("same", " victims in "),
                seg("added", "2024."),
            ]
        );
    }
}
