//! Views of editorial notes: beside their passages on a statement page, in the notes index,
//! and as JSON-LD.

use serde::Serialize;
use tera::Value;

use crate::annotate::export;
use crate::markdown::shorten;
use crate::model::{Archive, Statement};

use super::views::DateView;

#[derive(Serialize)]
struct SourceLink<'a> {
    title: &'a str,
    url: &'a str,
}

/// A note as the statement page shows it.
#[derive(Serialize)]
struct NoteView<'a> {
    number: usize,
    id: &'a str,
    anchor: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    body: String,
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
    let page = archive.config.base_url.absolute(&s.url());
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
                    .map(|(title, url)| SourceLink { title, url })
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
        .chunks
        .iter()
        .enumerate()
        .map(|(i, c)| ChunkView {
            html: &c.html,
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
    url: String,
    statement_title: &'a str,
    statement_url: String,
    statement_date: DateView,
}

#[derive(Serialize)]
pub struct KindGroup {
    key: &'static str,
    label: &'static str,
    notes: Vec<Value>,
}

#[derive(Serialize)]
pub struct StatementGroup {
    card: Value,
    notes: Vec<Value>,
}

/// Every note of the archive, grouped by kind and by statement (newest statement first).
pub fn index(archive: &Archive, cards: &[Value]) -> (Vec<KindGroup>, Vec<StatementGroup>) {
    let base = &archive.config.base_url;
    let mut by_kind: Vec<KindGroup> = crate::content::meta::NoteKind::ALL
        .iter()
        .map(|k| KindGroup {
            key: k.key(),
            label: k.label(),
            notes: Vec::new(),
        })
        .collect();
    let mut by_statement = Vec::new();
    for (id, s) in archive.statements.iter().enumerate().rev() {
        if s.notes.is_empty() {
            continue;
        }
        let url = base.url(&s.url());
        let entries: Vec<Value> = s
            .notes
            .iter()
            .map(|n| {
                let entry = Value::from_serializable(&IndexEntry {
                    number: n.number,
                    anchor: &n.anchor,
                    kind: n.meta.kind.key(),
                    kind_label: n.meta.kind.label(),
                    quote: shorten(&s.rendered.text[n.start..n.end], 160),
                    paragraph: n.block,
                    url: format!("{url}#{}", n.anchor),
                    statement_title: &s.doc.meta.title,
                    statement_url: url.clone(),
                    statement_date: DateView::from(&s.doc.meta.date),
                });
                if let Some(group) = by_kind.iter_mut().find(|g| g.key == n.meta.kind.key()) {
                    group.notes.push(entry.clone());
                }
                entry
            })
            .collect();
        by_statement.push(StatementGroup {
            card: cards[id].clone(),
            notes: entries,
        });
    }
    by_kind.retain(|g| !g.notes.is_empty());
    (by_kind, by_statement)
}
