//! Views of editorial notes: beside their passages on a statement page, in the notes index,
//! and as JSON-LD.

use std::collections::HashMap;

use serde::Serialize;
use tera::Value;

use crate::diagnostics::Diagnostic;
use crate::ids::{NoteId, StatementId};

use crate::annotate::{NoteText, StatementText, export};
use crate::content::meta::NoteKind;
use crate::markdown::{Rendered, furniture, shorten};
use crate::model::{Archive, Statement};
use crate::plan::{NotesIndex, kind_path};
use crate::urls::Href;

use super::views::{DateView, Shared};

#[derive(Serialize)]
struct SourceLink<'a> {
    title: &'a str,
    url: &'a str,
    /// The passage quoted from the source, for themes to show.
    excerpt: Option<&'a str>,
}

/// A note's sources as themes get them.
fn source_links(n: &NoteText) -> Vec<SourceLink<'_>> {
    n.sources
        .iter()
        .map(|source| SourceLink {
            title: &source.title,
            url: &source.href,
            excerpt: source.excerpt.as_deref(),
        })
        .collect()
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
    /// The event the note declares, with a link to its year on the timeline.
    event: Option<NoteEventView<'a>>,
}

#[derive(Serialize)]
struct NoteEventView<'a> {
    title: &'a str,
    iso: String,
    human: String,
    circa: bool,
    timeline: Href,
}

/// Each note of statement `id` (whose text and notes' texts are `text`) as a Tera value, in
/// reading order.
pub fn note_values(archive: &Archive, id: StatementId, text: &StatementText) -> Vec<Value> {
    let s = &archive.statements[id];
    let page = &s.permalink;
    s.notes
        .iter()
        .zip(&text.notes)
        .map(|(n, said)| {
            Value::from_serializable(&NoteView {
                number: n.number,
                id: &n.meta.id,
                anchor: &n.anchor,
                kind: n.meta.kind.key(),
                kind_label: n.meta.kind.label(),
                body: said.body.html(),
                sources: source_links(said),
                author: n.meta.author.as_deref(),
                date: n.meta.date.as_ref().map(DateView::from),
                quote: &n.passage,
                paragraph: n.block,
                permalink: format!("{page}#{}", n.anchor),
                event: n.event.as_ref().map(|e| NoteEventView {
                    title: &e.title,
                    iso: e.date.iso(),
                    human: e.date.human(),
                    circa: e.circa,
                    timeline: crate::plan::timeline_year_href(archive, i32::from(e.date.year)),
                }),
            })
        })
        .collect()
}

/// A piece of a statement's text as the page shows it: one top-level element with the notes
/// written after it (placed beside it by the stylesheet), or a run of the publisher's page
/// furniture, shown together as one group that can be folded away.
#[derive(Serialize)]
pub struct ChunkView<'a> {
    pub html: std::borrow::Cow<'a, str>,
    pub notes: Vec<Value>,
    /// The labels of a furniture run ("Headline", "Byline"…); empty for the statement's own text.
    pub furniture: Vec<&'static str>,
    /// The recurring claims its paragraphs say, by paragraph (`render::claims::attach`).
    pub claims: Vec<Value>,
}

/// The furniture label of a chunk of rendered HTML, if the chunk is furniture.
fn furniture_label(html: &str) -> Option<&'static str> {
    let kind = html
        .strip_prefix(furniture::HTML_PREFIX)?
        .split(|c: char| c == '"' || c.is_whitespace())
        .next()?;
    Some(furniture::label(kind).unwrap_or("Furniture"))
}

/// The statement's text (`text`, rendered) in chunks, each with its notes (`values` from
/// [`note_values`]); consecutive furniture chunks (which never carry notes) are merged into one.
pub fn chunks<'a>(s: &Statement, text: &'a Rendered, values: &[Value]) -> Vec<ChunkView<'a>> {
    let mut out: Vec<ChunkView<'a>> = Vec::new();
    for (i, html) in text.chunks().enumerate() {
        let notes: Vec<Value> = s
            .notes
            .iter()
            .zip(values)
            .filter(|(n, _)| n.chunk == i)
            .map(|(_, v)| v.clone())
            .collect();
        let label = furniture_label(html).filter(|_| notes.is_empty());
        match (label, out.last_mut()) {
            (Some(label), Some(last)) if !last.furniture.is_empty() => {
                last.html.to_mut().push_str(html);
                last.furniture.push(label);
            }
            _ => out.push(ChunkView {
                html: std::borrow::Cow::Borrowed(html),
                notes,
                furniture: label.into_iter().collect(),
                claims: Vec::new(),
            }),
        }
    }
    out
}

/// `html` with its same-page links (`href="#p3"`) made links to `page`'s places, for a note
/// shown away from its statement. Attribute values are escaped, so `href="#` is only ever a
/// link's start.
fn links_to_page(html: &str, page: &str) -> String {
    html.replace("href=\"#", &format!("href=\"{page}#"))
}

/// A statement's notes for its feed entry: each with its number, kind, paragraph and passage,
/// its text and its sources. Empty if it has none. Links to places on the page are made
/// absolute; links to the site's other pages are site paths, which the entry's `xml:base` (its
/// page) resolves.
pub fn feed_html(s: &Statement, text: &StatementText) -> String {
    use crate::markdown::escape_html;
    if s.notes.is_empty() {
        return String::new();
    }
    let page = escape_html(s.permalink.as_str());
    let mut out = String::from("<h2>Notes</h2>\n<ol>\n");
    for (n, said) in s.notes.iter().zip(&text.notes) {
        out.push_str(&format!(
            "<li value=\"{}\"><p><strong>{}</strong>, on <a href=\"{page}#p{}\">¶{}</a>: <a href=\"{page}#{}\">“{}”</a></p>\n{}",
            n.number,
            n.meta.kind.label(),
            n.block,
            n.block,
            escape_html(&n.anchor),
            escape_html(&n.passage),
            links_to_page(said.body.html(), s.permalink.as_str()),
        ));
        if !said.sources.is_empty() {
            let links: Vec<String> = said
                .sources
                .iter()
                .map(|source| {
                    format!(
                        "<a href=\"{}\">{}</a>",
                        escape_html(&source.href),
                        escape_html(&source.title)
                    )
                })
                .collect();
            out.push_str(&format!("<p>Sources: {}</p>\n", links.join("; ")));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    out
}

/// The statement's notes (its text rendered as `text`) as JSON-LD, escaped for a
/// `<script type="application/ld+json">` element.
pub fn jsonld(archive: &Archive, id: StatementId, text: &StatementText) -> String {
    export::for_script(&archive.notes_collection(id, text))
}

/// A note as the notes index lists it.
#[derive(Serialize)]
struct IndexEntry<'a> {
    number: usize,
    anchor: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    quote: String,
    /// The note's text as HTML (its links to places on its statement's page made links to that
    /// page), and its sources: the index is read on its own.
    body: String,
    sources: Vec<SourceLink<'a>>,
    paragraph: usize,
    url: Href,
    /// The address of the paragraph the passage starts in.
    paragraph_url: Href,
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

fn entry(archive: &Archive, id: StatementId, j: usize, said: &NoteText) -> Value {
    let s = &archive.statements[id];
    let n = &s.notes[j];
    let url = archive.config.base_url.url(&s.url());
    Value::from_serializable(&IndexEntry {
        number: n.number,
        anchor: &n.anchor,
        kind: n.meta.kind.key(),
        kind_label: n.meta.kind.label(),
        quote: shorten(&n.passage, 160),
        body: links_to_page(said.body.html(), url.as_str()),
        sources: source_links(said),
        paragraph: n.block,
        url: url.with_fragment(&n.anchor),
        paragraph_url: url.with_fragment(&format!("p{}", n.block)),
        statement_title: &s.doc.meta.title,
        statement_url: url,
        statement_date: DateView::from(&s.doc.meta.date),
    })
}

/// Each note of statement `id` (whose text and notes' texts are `text`) as the notes index and
/// the kind pages list it, in reading order.
pub fn index_entries(archive: &Archive, id: StatementId, text: &StatementText) -> Vec<Value> {
    text.notes
        .iter()
        .enumerate()
        .map(|(j, said)| entry(archive, id, j, said))
        .collect()
}

/// The notes of some statements as the notes pages list them ([`index_entries`]), by
/// statement. The second pass makes them as it renders each statement, and renders each
/// notes page as soon as it has the entries of all the statements the page shows, so no
/// note's text is kept for longer than its pages take.
#[derive(Clone, Default)]
pub struct NoteEntries {
    by_statement: HashMap<StatementId, Vec<Value>>,
}

impl NoteEntries {
    pub fn insert(&mut self, id: StatementId, entries: Vec<Value>) {
        self.by_statement.insert(id, entries);
    }

    pub fn remove(&mut self, id: StatementId) {
        self.by_statement.remove(&id);
    }

    /// The entries of statements `ids`, made from their texts.
    pub fn for_statements(archive: &Archive, ids: &[StatementId]) -> Result<Self, Diagnostic> {
        let mut out = NoteEntries::default();
        for &id in ids {
            let text = archive.text(id)?;
            out.insert(id, index_entries(archive, id, &text));
        }
        Ok(out)
    }

    fn of(&self, id: StatementId) -> &[Value] {
        self.by_statement.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The entries of notes `notes`.
    pub fn of_notes(&self, notes: &[NoteId]) -> Vec<Value> {
        notes
            .iter()
            .filter_map(|n| self.of(n.statement).get(n.position()).cloned())
            .collect()
    }

    /// Statements with their notes listed, for the index by statement.
    pub fn groups(&self, shared: &Shared, ids: &[StatementId]) -> Vec<StatementGroup> {
        ids.iter()
            .map(|&id| StatementGroup {
                card: shared.card(id).clone(),
                notes: self.of(id).to_vec(),
            })
            .collect()
    }
}

#[derive(Serialize)]
pub struct StatementGroup {
    card: Value,
    notes: Vec<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_away_from_its_page_links_to_places_on_that_page() {
        let html =
            r##"<p>See <a href="#p2">¶2</a>, <a href="/s/other/#p1">there</a> and “#p3”.</p>"##;
        assert_eq!(
            links_to_page(html, "/s/this/"),
            r##"<p>See <a href="/s/this/#p2">¶2</a>, <a href="/s/other/#p1">there</a> and “#p3”.</p>"##
        );
    }

    #[test]
    fn furniture_chunks_are_told_from_text_by_their_label() {
        let html = furniture::html("byline", "By someone");
        assert_eq!(furniture_label(&html), Some("Byline"));
        assert_eq!(furniture_label("<p id=\"p1\">Text</p>"), None);
    }
}
