//! A translation beside its original, paragraph by paragraph (`statements/<slug>/parallel/`,
//! under the translation's page): the same ¶ numbers side by side when the counts agree,
//! otherwise the rows of the translation's `alignment:` (checked in `model`), with the notes
//! on either text under the paragraph they are about.
//!
//! Both texts are read (`Archive::text`) when the page renders and dropped with it.

use serde::Serialize;

use crate::annotate::StatementText;
use crate::content::meta::AlignmentRow;
use crate::diagnostics::Diagnostic;
use crate::ids::StatementId;
use crate::model::{Archive, Statement};
use crate::urls::Href;

use super::compare::SideView;

/// A note on a paragraph of either text, linking to it beside its passage.
#[derive(Debug, Serialize, PartialEq)]
pub struct NoteLink<'a> {
    pub number: usize,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub quote: &'a str,
    pub body: String,
    pub url: Href,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Paragraph<'a> {
    pub number: usize,
    pub url: Href,
    pub text: String,
    pub notes: Vec<NoteLink<'a>>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Row<'a> {
    pub original: Vec<Paragraph<'a>>,
    pub translation: Vec<Paragraph<'a>>,
}

#[derive(Serialize)]
pub struct ParallelView<'a> {
    pub original: SideView<'a>,
    pub translation: SideView<'a>,
    /// `official`, `machine` or `editorial`, and its label.
    pub translation_kind: &'static str,
    pub translation_label: &'static str,
    /// The rows come from the translation's `alignment:` rather than its ¶ numbers.
    pub explicit: bool,
    pub rows: Vec<Row<'a>>,
}

/// The parallel page of translation `t`, reading its text and its original's.
pub fn view(archive: &Archive, t: StatementId) -> Result<ParallelView<'_>, Diagnostic> {
    let s = &archive.statements[t];
    let o = s
        .translation_of
        .expect("a parallel page is planned only for a translation");
    let (original_text, translation_text) = (archive.text(o)?, archive.text(t)?);
    let original = paragraphs(archive, &archive.statements[o], &original_text);
    let translation = paragraphs(archive, s, &translation_text);
    let kind = s
        .doc
        .meta
        .source
        .as_ref()
        .map(|src| src.translation)
        .unwrap_or_default();
    Ok(ParallelView {
        original: SideView::new(archive, o),
        translation: SideView::new(archive, t),
        translation_kind: kind.key(),
        translation_label: kind.label(),
        explicit: !s.doc.meta.alignment.is_empty(),
        rows: rows(original, translation, &s.doc.meta.alignment),
    })
}

/// Statement `s`'s paragraphs, each with the notes whose passage starts in it.
fn paragraphs<'a>(
    archive: &'a Archive,
    s: &'a Statement,
    said: &StatementText,
) -> Vec<Paragraph<'a>> {
    let page = archive.config.base_url.url(&s.url());
    let text = &said.rendered;
    text.blocks
        .iter()
        .map(|b| Paragraph {
            number: b.number,
            url: page.with_fragment(&b.id()),
            text: text.block_text(b).to_string(),
            notes: s
                .notes
                .iter()
                .zip(&said.notes)
                .filter(|(n, _)| n.block == b.number)
                .map(|(n, note_text)| NoteLink {
                    number: n.number,
                    kind: n.meta.kind.key(),
                    kind_label: n.meta.kind.label(),
                    quote: &n.passage,
                    body: note_text.body.html().to_string(),
                    url: page.with_fragment(&n.anchor),
                })
                .collect(),
        })
        .collect()
}

/// The rows: one per `alignment` row if given, otherwise one per ¶ number (a paragraph the
/// other text lacks, which the model reports as an error, standing alone).
pub fn rows<'a>(
    original: Vec<Paragraph<'a>>,
    translation: Vec<Paragraph<'a>>,
    alignment: &[AlignmentRow],
) -> Vec<Row<'a>> {
    let mut original: Vec<Option<Paragraph<'a>>> = original.into_iter().map(Some).collect();
    let mut translation: Vec<Option<Paragraph<'a>>> = translation.into_iter().map(Some).collect();
    if alignment.is_empty() {
        let count = original.len().max(translation.len());
        return (0..count)
            .map(|k| Row {
                original: original
                    .get_mut(k)
                    .and_then(Option::take)
                    .into_iter()
                    .collect(),
                translation: translation
                    .get_mut(k)
                    .and_then(Option::take)
                    .into_iter()
                    .collect(),
            })
            .collect();
    }
    // Numbers out of range or placed twice were reported; each paragraph is shown once.
    let take = |side: &mut Vec<Option<Paragraph<'a>>>, numbers: &[usize]| -> Vec<Paragraph<'a>> {
        numbers
            .iter()
            .filter_map(|&n| side.get_mut(n.checked_sub(1)?).and_then(Option::take))
            .collect()
    };
    alignment
        .iter()
        .map(|row| Row {
            original: take(&mut original, &row.original),
            translation: take(&mut translation, &row.translation),
        })
        .collect()
}
