//! Notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).
//!
//! Each note targets its statement's page with two selectors: a TextQuoteSelector (the passage
//! with 32 characters of context either side) and a TextPositionSelector counting Unicode code
//! points in the statement's plain text, which the site publishes as the `text` of its record in the statements download, so that any
//! W3C-compatible client can re-anchor the notes.

use std::ops::Range;

use serde::Serialize;

use super::{Note, NoteText};
use crate::urls::BaseUrl;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// Characters of context kept before and after a quoted passage.
const CONTEXT_CHARS: usize = 32;

/// What an export needs to know about the statement a note belongs to.
pub struct Target<'a> {
    /// Absolute URL of the statement's page.
    pub page: &'a str,
    /// The statement's plain text.
    pub text: &'a str,
    pub language: &'a str,
    /// Who the archive's notes are credited to when a note names no author.
    pub publisher: Option<&'a str>,
}

/// A Web Annotation. Serialized directly, without building a JSON tree first.
#[derive(Serialize)]
pub struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    body: Vec<Body<'a>>,
    target: AnnotationTarget<'a>,
}

#[derive(Serialize)]
struct Agent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Textual {
        #[serde(rename = "type")]
        kind: &'static str,
        value: String,
        format: &'static str,
        language: &'a str,
        purpose: &'static str,
    },
    Web {
        id: String,
        #[serde(rename = "type")]
        kind: &'static str,
        format: &'static str,
    },
}

#[derive(Serialize)]
struct AnnotationTarget<'a> {
    source: &'a str,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

/// Turns byte offsets of a text into code point offsets, moving forward only, so that a
/// statement's notes (in reading order) cost one pass over its text.
pub struct CodePoints<'a> {
    text: &'a str,
    byte: usize,
    count: usize,
}

impl<'a> CodePoints<'a> {
    pub fn new(text: &'a str) -> Self {
        CodePoints {
            text,
            byte: 0,
            count: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            return self.text[..byte].chars().count();
        }
        self.count += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.count
    }
}

/// One note as a Web Annotation, without `@context` (it sits in a collection).
pub fn annotation<'a>(
    note: &'a Note,
    said: &'a NoteText,
    target: &Target<'a>,
    base: &BaseUrl,
    positions: &mut CodePoints<'_>,
) -> Annotation<'a> {
    let text = target.text;
    let before = &text[..note.start];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[note.end..];
    let suffix_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    let start = positions.at(note.start);
    let end = positions.at(note.end);
    let motivation = note.meta.kind.motivation();
    let mut body = vec![Body::Textual {
        kind: "TextualBody",
        value: absolute_links(&body_html(said), base, target.page),
        format: "text/html",
        language: target.language,
        purpose: motivation,
    }];
    body.extend(said.sources.iter().map(|source| Body::Web {
        id: absolute_url(&source.href, base),
        kind: "Text",
        format: "text/html",
    }));
    let creator = match (&note.meta.author, target.publisher) {
        (Some(author), _) => Some(Agent {
            kind: "Person",
            name: author,
        }),
        (None, Some(publisher)) => Some(Agent {
            kind: "Organization",
            name: publisher,
        }),
        (None, None) => None,
    };
    Annotation {
        id: format!("{}#{}", target.page, note.anchor),
        kind: "Annotation",
        motivation,
        creator,
        created: note.meta.date.as_ref().map(|d| d.rfc3339()),
        body,
        target: AnnotationTarget {
            source: target.page,
            selector: (
                QuoteSelector {
                    kind: "TextQuoteSelector",
                    exact: &text[note.start..note.end],
                    prefix: &before[prefix_start..],
                    suffix: &after[..suffix_end],
                },
                PositionSelector {
                    kind: "TextPositionSelector",
                    start,
                    end,
                },
            ),
        },
    }
}

/// The notes on one page of a collection: which statements' notes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpan {
    /// 1-based.
    pub number: usize,
    /// Index of the page's first note in the whole collection.
    pub start_index: usize,
    /// (statement, range of its notes) in date order.
    pub parts: Vec<(crate::ids::StatementId, Range<usize>)>,
}

/// The id of page `number` of the collection `collection`: the first page is embedded in the
/// collection's own file, the others are files beside it.
pub fn page_url(collection: &str, number: usize) -> String {
    if number == 1 {
        format!("{collection}#page-1")
    } else {
        format!(
            "{}/page-{number}.jsonld",
            collection.trim_end_matches(".jsonld")
        )
    }
}

/// An AnnotationPage.
#[derive(Serialize)]
pub struct Page<'a> {
    /// Present when the page is a document of its own, not embedded in its collection.
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf", skip_serializing_if = "Option::is_none")]
    part_of: Option<PartOf>,
    #[serde(rename = "startIndex")]
    start_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct PartOf {
    id: String,
    total: usize,
}

pub fn page<'a>(
    collection: &str,
    total: usize,
    pages: usize,
    span: &PageSpan,
    items: Vec<Annotation<'a>>,
) -> Page<'a> {
    let own = span.number > 1;
    Page {
        context: own.then_some(CONTEXT),
        id: page_url(collection, span.number),
        kind: "AnnotationPage",
        part_of: own.then(|| PartOf {
            id: collection.to_string(),
            total,
        }),
        start_index: span.start_index,
        prev: own.then(|| page_url(collection, span.number - 1)),
        next: (span.number < pages).then(|| page_url(collection, span.number + 1)),
        items,
    }
}

/// An AnnotationCollection with its first page embedded.
#[derive(Serialize)]
pub struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
    first: Page<'a>,
}

pub fn collection<'a>(
    id: &str,
    label: String,
    total: usize,
    pages: usize,
    first: Page<'a>,
) -> Collection<'a> {
    Collection {
        context: CONTEXT,
        id: id.to_string(),
        kind: "AnnotationCollection",
        label,
        total,
        last: (pages > 1).then(|| page_url(id, pages)),
        first,
    }
}

/// JSON for a `<script type="application/ld+json">` element: `<` is escaped so no string in
/// it can close the element.
pub fn for_script(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// JSON for a file, ending with a newline.
pub fn for_file(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The note's body and its sources, as HTML.
fn body_html(note: &NoteText) -> String {
    let mut html = note.body.html().to_string();
    if !note.sources.is_empty() {
        html.push_str("<p>Sources: ");
        let links: Vec<String> = note
            .sources
            .iter()
            .map(|source| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    crate::markdown::escape_html(&source.href),
                    crate::markdown::escape_html(&source.title)
                )
            })
            .collect();
        html.push_str(&links.join("; "));
        html.push_str("</p>");
    }
    for source in &note.sources {
        if let Some(excerpt) = &source.excerpt {
            html.push_str(&format!(
                "<blockquote cite=\"{}\"><p>{}</p></blockquote>",
                crate::markdown::escape_html(&source.href),
                crate::markdown::escape_html(excerpt)
            ));
        }
    }
    html
}

/// Root-relative links made absolute, for readers of the export outside the site.
/// Makes a note body's links work outside the page: root-relative paths get the site's origin,
/// same-page anchors the statement page's URL. Protocol-relative `//host` links are left alone.
fn absolute_links(html: &str, base: &BaseUrl, page: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        let (head, tail) = rest.split_at(i + "href=\"".len());
        out.push_str(head);
        if tail.starts_with('/') && !tail.starts_with("//") {
            out.push_str(base.origin());
        } else if tail.starts_with('#') {
            out.push_str(page);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn absolute_url(url: &str, base: &BaseUrl) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{url}", base.origin())
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_links_are_made_absolute_to_the_site_and_page() {
        let base = BaseUrl::parse("https://example.org/archive/").unwrap();
        let html = r##"<a href="/archive/x/">x</a> <a href="#p2">2</a> <a href="//cdn.example/">c</a> <a href="https://a.b/">a</a>"##;
        assert_eq!(
            absolute_links(html, &base, "https://example.org/archive/s/"),
            r##"<a href="https://example.org/archive/x/">x</a> <a href="https://example.org/archive/s/#p2">2</a> <a href="//cdn.example/">c</a> <a href="https://a.b/">a</a>"##
        );
    }

    fn json(v: &impl Serialize) -> serde_json::Value {
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn pages_link_to_each_other_and_to_their_collection() {
        let c = "https://e.org/data/annotations.jsonld";
        assert_eq!(
            page_url(c, 1),
            "https://e.org/data/annotations.jsonld#page-1"
        );
        assert_eq!(
            page_url(c, 2),
            "https://e.org/data/annotations/page-2.jsonld"
        );
        let span = PageSpan {
            number: 2,
            start_index: 1000,
            parts: vec![],
        };
        let p = json(&page(c, 2500, 3, &span, vec![]));
        assert_eq!(p["prev"], "https://e.org/data/annotations.jsonld#page-1");
        assert_eq!(p["next"], "https://e.org/data/annotations/page-3.jsonld");
        assert_eq!(p["partOf"]["total"], 2500);
        assert_eq!(p["@context"], CONTEXT);
        assert_eq!(p["startIndex"], 1000);
        let first = page(
            c,
            2500,
            3,
            &PageSpan {
                number: 1,
                start_index: 0,
                parts: vec![],
            },
            vec![],
        );
        let whole = json(&collection(c, "All".into(), 2500, 3, first));
        assert!(whole["first"].get("@context").is_none() && whole["first"].get("prev").is_none());
        assert_eq!(
            whole["last"],
            "https://e.org/data/annotations/page-3.jsonld"
        );
        assert_eq!(whole["type"], "AnnotationCollection");
    }

    #[test]
    fn code_points_move_forward_and_count_non_ascii_once() {
        let text = "香港 is Hong Kong";
        let mut cp = CodePoints::new(text);
        assert_eq!(cp.at(6), 2);
        assert_eq!(cp.at(text.len()), 15);
        assert_eq!(cp.at(7), 3, "going back recounts from the start");
    }
}
