//! Views of editorial notes: beside their passages on a statement page, in the notes index,
//! and as JSON-LD.

use serde::Serialize;
use tera::Value;

use crate::annotate::export;
use crate::content::meta::NoteKind;
use crate::markdown::shorten;
use crate::model::{Archive, Statement};
use crate::plan::{NotesIndex, kind_path};
use crate::urls::Href;

use super::views::DateView;

#[derive(Serialize)]
struct SourceLink<'a> {
    title: &'a str,
    url: &'a str,
    /// The passage quoted from the source, for themes to show.
    excerpt: Option<&'a str>,
}

/// A note as the statement page shows it.
#[derive(Serialize)]
struct NoteView<'a> {
    number: usize,
    id: &'a str,
    anchor: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    body: &'a str,
    sources: Vec<SourceLink<'a>>,
    author: Option<&'a str>,
    date: Option<DateView>,
    quote: &'a str,
    /// Number of the paragraph the passage starts in.
    paragraph: usize,
    permalink: String,
}

/// Each note of statement `id` as a Tera value, in reading order.
pub fn note_values(archive: &Archive, id: usize) -> Vec<Value> {
    let s = &archive.statements[id];
    let page = &s.permalink;
    s.notes
        .iter()
        .map(|n| {
            Value::from_serializable(&NoteView {
                number: n.number,
                id: &n.meta.id,
                anchor: &n.anchor,
                kind: n.meta.kind.key(),
                kind_label: n.meta.kind.label(),
                body: n.body.html(),
                sources: n
                    .sources
                    .iter()
                    .map(|source| SourceLink {
                        title: &source.title,
                        url: &source.href,
                        excerpt: source.excerpt.as_deref(),
                    })
                    .collect(),
                author: n.meta.author.as_deref(),
                date: n.meta.date.as_ref().map(DateView::from),
                quote: &s.rendered.text[n.start..n.end],
                paragraph: n.block,
                permalink: format!("{page}#{}", n.anchor),
            })
        })
        .collect()
}

/// One top-level element of a statement's text and the notes shown beside it.
#[derive(Serialize)]
pub struct ChunkView<'a> {
    pub html: &'a str,
    pub notes: Vec<Value>,
}

/// The statement's text in chunks, each with its notes (`values` from [`note_values`]).
pub fn chunks<'a>(s: &'a Statement, values: &[Value]) -> Vec<ChunkView<'a>> {
    s.rendered
        .chunks()
        .enumerate()
        .map(|(i, html)| ChunkView {
            html,
            notes: s
                .notes
                .iter()
                .zip(values)
                .filter(|(n, _)| n.chunk == i)
                .map(|(_, v)| v.clone())
                .collect(),
        })
        .collect()
}

/// The statement's notes as JSON-LD, escaped for a `<script type="application/ld+json">` element.
pub fn jsonld(archive: &Archive, id: usize) -> String {
    export::for_script(&archive.notes_collection(id))
}

/// A note as the notes index lists it.
#[derive(Serialize)]
struct IndexEntry<'a> {
    number: usize,
    anchor: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    quote: String,
    paragraph: usize,
    url: Href,
    statement_title: &'a str,
    statement_url: Href,
    statement_date: DateView,
}

/// A kind of note, for the index's navigation.
#[derive(Serialize)]
pub struct KindLink {
    key: &'static str,
    label: &'static str,
    count: usize,
    url: Href,
}

/// The kinds that have notes, each with its count and the URL of its list.
pub fn kind_links(archive: &Archive, index: &NotesIndex) -> Vec<KindLink> {
    NoteKind::ALL
        .iter()
        .zip(&index.by_kind)
        .filter(|(_, notes)| !notes.is_empty())
        .map(|(k, notes)| KindLink {
            key: k.key(),
            label: k.label(),
            count: notes.len(),
            url: archive.config.base_url.url(&kind_path(*k)),
        })
        .collect()
}

fn entry(archive: &Archive, id: usize, j: usize) -> Value {
    let s = &archive.statements[id];
    let n = &s.notes[j];
    let url = archive.config.base_url.url(&s.url());
    Value::from_serializable(&IndexEntry {
        number: n.number,
        anchor: &n.anchor,
        kind: n.meta.kind.key(),
        kind_label: n.meta.kind.label(),
        quote: shorten(&s.rendered.text[n.start..n.end], 160),
        paragraph: n.block,
        url: url.with_fragment(&n.anchor),
        statement_title: &s.doc.meta.title,
        statement_url: url,
        statement_date: DateView::from(&s.doc.meta.date),
    })
}

/// Index entries for (statement, note) pairs.
pub fn entries(archive: &Archive, pairs: &[(usize, usize)]) -> Vec<Value> {
    pairs.iter().map(|&(id, j)| entry(archive, id, j)).collect()
}

#[derive(Serialize)]
pub struct StatementGroup {
    card: Value,
    notes: Vec<Value>,
}

/// Statements with their notes listed, for the index by statement.
pub fn statement_groups(archive: &Archive, cards: &[Value], ids: &[usize]) -> Vec<StatementGroup> {
    ids.iter()
        .map(|&id| StatementGroup {
            card: cards[id].clone(),
            notes: (0..archive.statements[id].notes.len())
                .map(|j| entry(archive, id, j))
                .collect(),
        })
        .collect()
}
