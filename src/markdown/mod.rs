//! Markdown to HTML: pulldown-cmark's events, transformed on their way to its HTML writer.
//!
//! The transformation gives every citable block (heading, paragraph, tight list item, table,
//! code block) a stable id `p1`, `p2`, … with a visible permalink mark; resolves `@/` links to
//! content files and carries the base path into root-relative links; escapes raw HTML unless the
//! site opts in; drops links with code-running schemes; highlights code; and sets news-page
//! furniture apart. Alongside the HTML it returns each block's plain text, which is the
//! statement's text as published in the plain-text export, and every internal link with its
//! position, so that targets and anchors can be checked once the whole archive is known.

pub(crate) mod furniture;
pub mod highlight;
mod links;
pub(crate) use links::is_unsafe as is_unsafe_url;
mod marks;
pub mod mentions;
mod transform;

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TextMergeWithOffset};

use crate::content::meta::Framing;
use crate::diagnostics::{Diagnostic, Location, SourceFile};
use crate::urls::{BaseUrl, SitePath};
pub use marks::{Highlight, Parsed};
pub use mentions::{Mention, Names};
use transform::Transformer;

/// Resolves `@/` link targets: a path under `content/` to the site path of the page it becomes.
pub trait Resolve {
    fn content_url(&self, path: &str) -> Result<SitePath, String>;
}

/// How to render, from the site configuration.
#[derive(Clone, Copy)]
pub struct RenderOptions<'a> {
    pub unsafe_html: bool,
    pub base: &'a BaseUrl,
    /// Give blocks `p1`, `p2`, … ids and permalinks: for documents, not for notes on them.
    pub numbered: bool,
    /// Blocks that are a news report's framing of the statement: marked and labelled.
    pub framing: Option<Framing>,
    /// The entities whose mentions are found and linked: for statements' texts, not for
    /// notes, pages or profiles (and only in numbered documents).
    pub mentions: Option<&'a Names>,
}

/// A citable block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based position among the document's citable blocks; the block's id is `p{number}`.
    pub number: usize,
    pub kind: BlockKind,
    /// Where the block's text is in the document's plain text.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    Table,
    Code,
}

impl Block {
    pub fn id(&self) -> String {
        format!("p{}", self.number)
    }
}

/// An internal link found in the text, to be checked once every page is known.
#[derive(Debug, Clone)]
pub struct Link {
    pub target: LinkTarget,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A content file by its path under `content/`, with an optional anchor on its page.
    Content {
        path: String,
        anchor: Option<String>,
    },
    /// A root-relative site path as written (without the base path), with an optional anchor.
    Site {
        path: String,
        anchor: Option<String>,
    },
    /// An anchor on the same page.
    Fragment(String),
}

/// What the rest of the site needs of a document's text once its own page is written: its
/// citable blocks (for anchors and counts), its internal links (for checking them and for
/// backlinks), its length in words and the excerpt cards show. A statement keeps this from the
/// first pass; its HTML and text are rendered again where its page is written, so the archive's
/// texts are never all in memory at once.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub words: usize,
    /// The first paragraph, shortened: empty unless asked for.
    pub excerpt: String,
}

impl Outline {
    /// Whether `anchor` names a place on the document's page: a block's `p<N>`.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        has_block_anchor(&self.blocks, anchor)
    }
}

/// Whether `anchor` is `p<N>` for one of `blocks` (sorted by number).
fn has_block_anchor(blocks: &[Block], anchor: &str) -> bool {
    anchor
        .strip_prefix('p')
        .and_then(|n| n.parse::<usize>().ok())
        .is_some_and(|n| blocks.binary_search_by_key(&n, |b| b.number).is_ok())
}

/// The rendered document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The document's HTML.
    pub html: String,
    /// Where each top-level element (a paragraph, a list, a table…) ends in `html`, so that
    /// notes can be placed beside the element they are about.
    pub chunk_ends: Vec<usize>,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    /// The text as a reader sees it, without markup: blocks separated by blank lines.
    pub text: String,
    /// The entities the text mentions, by paragraph (with [`RenderOptions::mentions`]).
    pub mentions: Vec<Mention>,
}

impl Rendered {
    /// The document's HTML.
    pub fn html(&self) -> &str {
        &self.html
    }

    /// The HTML of each top-level element, in order.
    pub fn chunks(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.chunk_ends.iter().copied());
        starts
            .zip(self.chunk_ends.iter().copied())
            .map(|(a, b)| &self.html[a..b])
    }

    /// The text of the document: its blocks' text, separated by blank lines.
    pub fn plain_text(&self) -> &str {
        &self.text
    }

    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.range.clone()]
    }

    /// Whether `anchor` names a place on this page.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        has_block_anchor(&self.blocks, anchor)
    }

    /// The document's outline; with `excerpt`, also the excerpt of [`Rendered::excerpt`].
    pub fn outline(&self, excerpt: bool) -> Outline {
        Outline {
            blocks: self.blocks.clone(),
            // Kept until every link of the archive is checked: each with only the lines a
            // diagnostic shows, not its whole file.
            links: self
                .links
                .iter()
                .map(|l| Link {
                    target: l.target.clone(),
                    location: l.location.detached(),
                })
                .collect(),
            words: self.word_count(),
            excerpt: if excerpt {
                self.excerpt(Self::EXCERPT)
            } else {
                String::new()
            },
        }
    }

    /// The length of a card's excerpt, in characters.
    pub const EXCERPT: usize = 280;

    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// The first paragraph's text, shortened to about `max` characters at a word boundary.
    pub fn excerpt(&self, max: usize) -> String {
        let Some(first) = self.blocks.iter().find(|b| b.kind == BlockKind::Paragraph) else {
            return String::new();
        };
        shorten(self.block_text(first), max)
    }
}

/// `text` with HTML's special characters escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Shortens `text` to at most about `max` characters, cutting at a word boundary.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
    )
}

/// Renders the Markdown in `file.text[body]`. Problems come back as diagnostics located in `file`.
pub fn render(
    file: &SourceFile,
    body: Range<usize>,
    options: RenderOptions<'_>,
    resolver: &dyn Resolve,
) -> (Rendered, Vec<Diagnostic>) {
    let (parsed, problems) = parse(file, body, options, resolver);
    (parsed.finish(), problems)
}

/// Parses and transforms the Markdown in `file.text[body]` without producing HTML yet, so that
/// passages can be highlighted first.
/// Text a character reference decoded into a control character (`&#7;`) gets U+FFFD, as raw
/// ones in the file did when it was read (see `control`).
fn without_control_chars(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Text(t) if crate::control::any(&t) => {
            Event::Text(crate::control::replace(t.into_string()).into())
        }
        Event::Code(t) if crate::control::any(&t) => {
            Event::Code(crate::control::replace(t.into_string()).into())
        }
        other => other,
    }
}

pub fn parse<'a>(
    file: &'a SourceFile,
    body: Range<usize>,
    options: RenderOptions<'_>,
    resolver: &dyn Resolve,
) -> (Parsed<'a>, Vec<Diagnostic>) {
    let text = &file.text[body.clone()];
    let mut parser_options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // Footnotes in a note (itself a kind of footnote, shown twice on its page) would only
    // collide with the page's own; `[^1]` stays literal there.
    if options.numbered {
        parser_options |= Options::ENABLE_FOOTNOTES;
    }
    // Adjacent text events (split by the parser at entities and escapes) are merged, so a
    // highlighted passage needs fewer marks and the writer sees fewer events.
    let mut events =
        TextMergeWithOffset::new(Parser::new_ext(text, parser_options).into_offset_iter())
            .peekable();
    // About one event per 16 bytes of Markdown, from the benchmark corpus.
    let mut t = Transformer::new(file, body.start, options, resolver, text.len() / 16);
    while let Some((event, range)) = events.next() {
        let event = without_control_chars(event);
        let next_is_paragraph = matches!(events.peek(), Some((Event::Start(Tag::Paragraph), _)));
        t.event(event, range, next_is_paragraph);
    }
    let (mut parsed, problems) = t.finish();
    if let Some(names) = options.mentions.filter(|_| options.numbered) {
        parsed.link_mentions(names);
    }
    (parsed, problems)
}

#[cfg(test)]
mod tests;
