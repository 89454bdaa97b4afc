//! A statement's search record: the data both indexers take, and what Pagefind reads of it.
//!
//! `Doc` is the one description of a record. `Doc::html` is the HTML given to Pagefind's
//! library; `Doc::read` gives what Pagefind's HTML parser (`fossick/parser.rs`) would make of
//! that HTML, without writing or parsing it: the text with the parser's weight and anchor
//! markers, the anchors' texts, and the meta, filter and sort values as it stores them
//! (it decodes attribute values once, filter values once more, and text once).

use std::collections::BTreeMap;

use super::tokens::{element_id, ends_sentence, normalize_content, tidy};
use crate::annotate::StatementText;
use crate::ids::StatementId;
use crate::markdown::escape_html;
use crate::model::Archive;
use crate::plan::search::language_of;

/// A paragraph of a statement's text: a sub-result titled "¶N", linking to the paragraph's
/// address (`#pN`), after an empty element that carries its id and title, so that the
/// paragraph's text is not stored a second time as the anchor's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockDoc {
    pub(crate) number: usize,
    pub(crate) text: String,
}

impl BlockDoc {
    fn id(&self) -> String {
        format!("p{}", self.number)
    }

    fn title(&self) -> String {
        format!("¶{}", self.number)
    }
}

/// The weight of a note's heading and text against the statement's own text (1): half, so that
/// a statement whose text matches ranks before one whose notes do, and a result's excerpt is
/// taken from the text before the notes.
const NOTE_WEIGHT: &str = "0.5";

/// A note of a statement: a sub-result, under a heading whose id is the note's anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoteDoc {
    pub(crate) anchor: String,
    pub(crate) heading: String,
    pub(crate) body: String,
}

/// One statement's search record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Doc {
    /// Site path without the base path, as Pagefind expects (its script adds the base path).
    pub(crate) url: String,
    /// Lowercase, as the bundle's.
    pub(crate) language: String,
    pub(crate) title: String,
    /// Meta fields, shown with a result: title, date, issuer.
    pub(crate) meta: Vec<(&'static str, String)>,
    pub(crate) sorts: Vec<(&'static str, String)>,
    /// Filter values as text (not yet escaped; see `filter_value`).
    pub(crate) filters: Vec<(&'static str, String)>,
    /// The text's paragraphs (and other numbered blocks).
    pub(crate) blocks: Vec<BlockDoc>,
    pub(crate) notes: Vec<NoteDoc>,
}

/// A filter value as it must be written into its `content` attribute.
///
/// Pagefind's default UI inserts filter names and values into the page as HTML (`innerHTML`),
/// unlike titles and meta fields, which it shows as text, and excerpts, whose `<` and `>` it
/// escapes. A filter value must therefore be stored HTML-escaped, so that the UI shows an issuer
/// or topic named `<img onerror=…>` as those characters instead of making an element of it.
/// Pagefind 1.6 decodes entities in a filter attribute twice (`get_attribute_pair`, then
/// `normalize_content` again, in `fossick/parser.rs`), and the attribute itself is escaped once
/// more by `Doc::html`: hence two escapes here. `tests/publish.rs` reads the stored values back.
pub(crate) fn filter_value(text: &str) -> String {
    escape_html(&escape_html(text))
}

impl Doc {
    /// The record of statement `id`, whose text is rendered as `text`.
    pub(crate) fn of(archive: &Archive, id: StatementId, said: &StatementText) -> Doc {
        let text = &said.rendered;
        let s = &archive.statements[id];
        let meta = &s.doc.meta;
        let mut filters = vec![
            ("year", meta.date.year().to_string()),
            ("issuer", meta.issuer.clone()),
        ];
        for &t in &s.topics {
            filters.push(("topic", archive.topics.terms[t].name.clone()));
        }
        let mut kinds: Vec<&str> = s.notes.iter().map(|n| n.meta.kind.label()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        filters.extend(kinds.into_iter().map(|k| ("note", k.to_string())));
        Doc {
            url: format!("/{}", s.url()),
            language: language_of(archive, s).to_ascii_lowercase(),
            title: meta.title.clone(),
            meta: vec![
                ("title", meta.title.clone()),
                ("date", meta.date.human()),
                ("issuer", meta.issuer.clone()),
            ],
            sorts: vec![("date", meta.date.date.to_string())],
            filters,
            blocks: text
                .blocks
                .iter()
                .map(|b| BlockDoc {
                    number: b.number,
                    text: text.block_text(b).to_string(),
                })
                .collect(),
            notes: s
                .notes
                .iter()
                .zip(&said.notes)
                .map(|(n, note_text)| NoteDoc {
                    anchor: n.anchor.clone(),
                    // Not the passage: its words are the paragraph's, which a query finds there.
                    heading: format!(
                        "Note {}, {}, on ¶{}",
                        n.number,
                        n.meta.kind.label(),
                        n.block
                    ),
                    body: note_text.body.plain_text().to_string(),
                })
                .collect(),
        }
    }

    /// The record as HTML, for Pagefind's library.
    pub(crate) fn html(&self) -> String {
        let mut head = String::new();
        let mut tag = |attr: &str, key: &str, value: &str| {
            head.push_str(&format!(
                "<meta data-pagefind-{attr}=\"{key}[content]\" content=\"{}\">\n",
                escape_html(value)
            ));
        };
        for (key, value) in &self.meta {
            tag("meta", key, value);
        }
        for (key, value) in &self.sorts {
            tag("sort", key, value);
        }
        for (key, value) in &self.filters {
            tag("filter", key, &filter_value(value));
        }
        let mut body = format!("<h1>{}</h1>\n", escape_html(&self.title));
        for block in &self.blocks {
            body.push_str(&format!(
                "<p><span id=\"{}\" data-pagefind-title=\"{}\"></span>{}</p>\n",
                block.id(),
                escape_html(&block.title()),
                escape_html(&block.text)
            ));
        }
        for n in &self.notes {
            body.push_str(&format!(
                "<h2 id=\"{}\" data-pagefind-weight=\"{NOTE_WEIGHT}\">{}</h2>\n<p data-pagefind-weight=\"{NOTE_WEIGHT}\">{}</p>\n",
                escape_html(&n.anchor),
                escape_html(&n.heading),
                escape_html(&n.body),
            ));
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n{head}</head>\n<body>\n{body}</body>\n</html>\n",
            escape_html(&self.language)
        )
    }

    /// What Pagefind's parser reads of `html()`.
    pub(crate) fn read(&self) -> Read {
        let mut meta = BTreeMap::new();
        for (key, value) in &self.meta {
            meta.insert(
                key.to_string(),
                tidy(&normalize_content(&escape_html(value))),
            );
        }
        let mut sort = BTreeMap::new();
        for (key, value) in &self.sorts {
            sort.insert(key.to_string(), normalize_content(&escape_html(value)));
        }
        let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (key, value) in &self.filters {
            let attribute = escape_html(&filter_value(value));
            let stored = tidy(&normalize_content(&normalize_content(&attribute)));
            filters.entry(key.to_string()).or_default().push(stored);
        }
        let mut digest = String::from("\n");
        digest.push_str(&heading(&escape_html(&self.title), 7));
        digest.push('\n');
        let mut anchors = BTreeMap::new();
        let mut titles = BTreeMap::new();
        for (i, block) in self.blocks.iter().enumerate() {
            let key = format!("{i}:{}", element_id(&block.id()));
            let marker = format!(" ___PAGEFIND_ANCHOR___span:{key} ");
            digest.push_str(&sentence(&format!("{marker}{}", escape_html(&block.text))));
            digest.push('\n');
            anchors.insert(key.clone(), String::new());
            titles.insert(key, normalize_content(&escape_html(&block.title())));
        }
        let first_note = self.blocks.len();
        for (i, n) in self.notes.iter().enumerate() {
            let i = first_note + i;
            let id = element_id(&escape_html(&n.anchor));
            let raw_heading = escape_html(&n.heading);
            digest.push_str(&format!(" ___PAGEFIND_ANCHOR___h2:{i}:{id} "));
            digest.push_str(&weighted(&raw_heading, NOTE_WEIGHT));
            digest.push('\n');
            digest.push_str(&weighted(&escape_html(&n.body), NOTE_WEIGHT));
            digest.push('\n');
            anchors.insert(format!("{i}:{id}"), raw_heading);
        }
        Read {
            digest: normalize_content(&digest),
            anchors,
            titles,
            meta,
            filters,
            sort,
        }
    }
}

/// A block element's raw text as the parser keeps it: spaced off, with a full stop after a
/// word.
fn sentence(raw: &str) -> String {
    let mut out = format!(" {raw}");
    if ends_sentence(&out) {
        out.push('.');
    }
    out.push(' ');
    out
}

/// A block's text in the markers of an explicit weight (`data-pagefind-weight`), which replaces
/// a heading's automatic one.
fn weighted(raw: &str, weight: &str) -> String {
    format!(
        " ___PAGEFIND_WEIGHT___{weight} {} ___END_PAGEFIND_WEIGHT___ ",
        sentence(raw)
    )
}

/// A heading's text in its automatic weight's markers (`h1` 7, `h2` 6).
fn heading(raw: &str, weight: u8) -> String {
    format!(
        " ___PAGEFIND_AUTO_WEIGHT___{weight} {} ___END_PAGEFIND_WEIGHT___ ",
        sentence(raw)
    )
}

/// A record as Pagefind's parser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Read {
    /// The text, with Pagefind's markers, entities decoded and whitespace collapsed.
    pub(crate) digest: String,
    /// The raw text of each anchored element, by `number:id`.
    pub(crate) anchors: BTreeMap<String, String>,
    /// The sub-result title of each anchored element that has one (`data-pagefind-title`).
    pub(crate) titles: BTreeMap<String, String>,
    pub(crate) meta: BTreeMap<String, String>,
    pub(crate) filters: BTreeMap<String, Vec<String>>,
    pub(crate) sort: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Doc {
        Doc {
            url: "/statements/x/".into(),
            language: "en".into(),
            title: "A & B".into(),
            meta: vec![("title", "A & B".into())],
            sorts: vec![("date", "2021-07-02".into())],
            filters: vec![("issuer", "<i>Them</i>".into())],
            blocks: vec![
                BlockDoc {
                    number: 1,
                    text: "First one".into(),
                },
                BlockDoc {
                    number: 2,
                    text: "Second.".into(),
                },
            ],
            notes: vec![NoteDoc {
                anchor: "a-1".into(),
                heading: "Note 1, Error: “one”".into(),
                body: "Wrong".into(),
            }],
        }
    }

    #[test]
    fn the_parser_reads_text_with_markers_and_values_decoded() {
        let read = doc().read();
        assert_eq!(
            read.digest,
            "___PAGEFIND_AUTO_WEIGHT___7 A & B. ___END_PAGEFIND_WEIGHT___ \
             ___PAGEFIND_ANCHOR___span:0:p1 First one. ___PAGEFIND_ANCHOR___span:1:p2 Second. \
             ___PAGEFIND_ANCHOR___h2:2:a-1 ___PAGEFIND_WEIGHT___0.5 Note 1, Error: “one” \
             ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_WEIGHT___0.5 Wrong. ___END_PAGEFIND_WEIGHT___"
        );
        assert_eq!(read.meta["title"], "A & B");
        // Stored escaped once, for the UI, which inserts filter values as HTML.
        assert_eq!(read.filters["issuer"], ["&lt;i&gt;Them&lt;/i&gt;"]);
        assert_eq!(read.anchors["2:a-1"], "Note 1, Error: “one”");
        // Paragraphs are anchors with a title and no text of their own.
        assert_eq!(read.anchors["0:p1"], "");
        assert_eq!(read.titles["1:p2"], "¶2");
        assert!(!read.titles.contains_key("2:a-1"));
    }
}
