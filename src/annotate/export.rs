//! Notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).
//!
//! Each note targets its statement's page with two selectors: a TextQuoteSelector (the passage
//! with 32 characters of context either side) and a TextPositionSelector counting Unicode code
//! points in the statement's plain text, which the site publishes as `text.txt`, so that any
//! W3C-compatible client can re-anchor the notes.

use serde_json::{Value, json};

use super::Note;
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

/// One note as a Web Annotation, without `@context` (it sits in a collection).
pub fn annotation(note: &Note, target: &Target<'_>, base: &BaseUrl) -> Value {
    let text = target.text;
    let exact = &text[note.start..note.end];
    let prefix: String = {
        let before: Vec<char> = text[..note.start]
            .chars()
            .rev()
            .take(CONTEXT_CHARS)
            .collect();
        before.into_iter().rev().collect()
    };
    let suffix: String = text[note.end..].chars().take(CONTEXT_CHARS).collect();
    let start = text[..note.start].chars().count();
    let end = start + exact.chars().count();
    let mut body = vec![json!({
        "type": "TextualBody",
        "value": absolute_links(&body_html(note), base),
        "format": "text/html",
        "language": target.language,
        "purpose": note.meta.kind.motivation(),
    })];
    for (_, url) in &note.sources {
        body.push(json!({ "id": absolute_url(url, base), "type": "Text", "format": "text/html" }));
    }
    let mut annotation = json!({
        "id": format!("{}#{}", target.page, note.anchor),
        "type": "Annotation",
        "motivation": note.meta.kind.motivation(),
        "body": body,
        "target": {
            "source": target.page,
            "selector": [
                { "type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix },
                { "type": "TextPositionSelector", "start": start, "end": end },
            ],
        },
    });
    let creator = match (&note.meta.author, target.publisher) {
        (Some(author), _) => Some(json!({ "type": "Person", "name": author })),
        (None, Some(publisher)) => Some(json!({ "type": "Organization", "name": publisher })),
        (None, None) => None,
    };
    if let (Some(creator), Some(map)) = (creator, annotation.as_object_mut()) {
        map.insert("creator".into(), creator);
    }
    if let (Some(date), Some(map)) = (&note.meta.date, annotation.as_object_mut()) {
        map.insert("created".into(), json!(date.rfc3339()));
    }
    annotation
}

/// An AnnotationCollection with all its items on one embedded page.
pub fn collection(id: &str, label: &str, items: Vec<Value>) -> Value {
    json!({
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "total": items.len(),
        "first": {
            "id": format!("{id}#page-1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

/// JSON for a `<script type="application/ld+json">` element: `<` is escaped so no string in
/// it can close the element.
pub fn for_script(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// The note's body and its sources, as HTML.
fn body_html(note: &Note) -> String {
    let mut html = note.body.html();
    if !note.sources.is_empty() {
        html.push_str("<p>Sources: ");
        let links: Vec<String> = note
            .sources
            .iter()
            .map(|(title, url)| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    crate::markdown::escape_html(url),
                    crate::markdown::escape_html(title)
                )
            })
            .collect();
        html.push_str(&links.join("; "));
        html.push_str("</p>");
    }
    html
}

/// Root-relative links made absolute, for readers of the export outside the site.
fn absolute_links(html: &str, base: &BaseUrl) -> String {
    html.replace("href=\"/", &format!("href=\"{}/", base.origin()))
}

fn absolute_url(url: &str, base: &BaseUrl) -> String {
    if url.starts_with('/') {
        format!("{}{url}", base.origin())
    } else {
        url.to_string()
    }
}
