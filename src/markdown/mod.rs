//! Markdown to HTML: pulldown-cmark's events, transformed on their way to its HTML writer.
//!
//! The transformation gives every citable block (heading, paragraph, tight list item, table,
//! code block) a stable id `p1`, `p2`, … with a visible permalink mark; resolves `@/` links to
//! content files and carries the base path into root-relative links; escapes raw HTML unless the
//! site opts in; drops links with code-running schemes; highlights code; and sets news-page
//! furniture apart. Alongside the HTML it returns each block's plain text, which is the
//! statement's text as published in the plain-text export, and every internal link with its
//! position, so that targets and anchors can be checked once the whole archive is known.

mod furniture;
pub mod highlight;
mod links;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Location, SourceFile, closest};
use crate::urls::BaseUrl;
use links::Destination;

/// Resolves `@/` link targets: a path under `content/` to the site path of the page it becomes.
pub trait Resolve {
    fn content_url(&self, path: &str) -> Result<String, String>;
}

/// How to render, from the site configuration.
#[derive(Clone, Copy)]
pub struct RenderOptions<'a> {
    pub unsafe_html: bool,
    pub base: &'a BaseUrl,
}

/// A citable block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based position among the document's citable blocks; the block's id is `p{number}`.
    pub number: usize,
    pub kind: BlockKind,
    /// The block's text as a reader sees it, without markup.
    pub text: String,
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
    /// A root-relative site path as written (without the base path).
    Site { path: String },
    /// An anchor on the same page.
    Fragment(String),
}

/// The rendered document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
}

impl Rendered {
    /// The text of the document: its blocks' text, separated by blank lines.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }

    /// The ids a link may point to on this page.
    pub fn anchors(&self) -> impl Iterator<Item = String> + '_ {
        self.blocks.iter().map(Block::id)
    }

    /// Whether `anchor` names a place on this page.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        anchor
            .strip_prefix('p')
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| self.blocks.binary_search_by_key(&n, |b| b.number).is_ok())
    }

    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| b.text.split_whitespace().count())
            .sum()
    }

    /// The first paragraph's text, shortened to about `max` characters at a word boundary.
    pub fn excerpt(&self, max: usize) -> String {
        let Some(first) = self.blocks.iter().find(|b| b.kind == BlockKind::Paragraph) else {
            return String::new();
        };
        shorten(&first.text, max)
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
    let text = &file.text[body.clone()];
    let parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(text, parser_options)
        .into_offset_iter()
        .collect();
    let mut t = Transformer {
        file,
        body_start: body.start,
        options,
        resolver,
        out: Vec::with_capacity(events.len() + events.len() / 4),
        open: Vec::new(),
        done: Vec::new(),
        counter: 0,
        items: Vec::new(),
        code: None,
        dropped: Vec::new(),
        links: Vec::new(),
        problems: Vec::new(),
    };
    for i in 0..events.len() {
        let next_is_paragraph =
            matches!(events.get(i + 1), Some((Event::Start(Tag::Paragraph), _)));
        let (event, range) = events[i].clone();
        t.event(event, range, next_is_paragraph);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, t.out.into_iter());
    let mut blocks = t.done;
    blocks.sort_by_key(|b| b.number);
    for b in &mut blocks {
        let trimmed = b.text.trim();
        if trimmed.len() != b.text.len() {
            b.text = trimmed.to_string();
        }
    }
    (
        Rendered {
            html,
            blocks,
            links: t.links,
        },
        t.problems,
    )
}

struct OpenBlock {
    number: usize,
    kind: BlockKind,
    text: String,
}

struct CodeState {
    info: String,
    text: String,
    range: Range<usize>,
}

struct Transformer<'a, 'r> {
    file: &'r SourceFile,
    body_start: usize,
    options: RenderOptions<'r>,
    resolver: &'r dyn Resolve,
    out: Vec<Event<'a>>,
    open: Vec<OpenBlock>,
    done: Vec<Block>,
    counter: usize,
    /// For each open list item: the block number if the item is itself a block (tight lists).
    items: Vec<Option<usize>>,
    code: Option<CodeState>,
    /// For each open link or image: whether it was dropped for an unsafe destination.
    dropped: Vec<bool>,
    links: Vec<Link>,
    problems: Vec<Diagnostic>,
}

impl<'a> Transformer<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>, next_is_paragraph: bool) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                let n = self.open_block(BlockKind::Paragraph);
                self.html(format!("<p id=\"p{n}\">"));
            }
            Event::End(TagEnd::Paragraph) => {
                let n = self.close_block();
                self.html(format!("{}</p>\n", mark(n)));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let n = self.open_block(BlockKind::Heading(level as u8));
                self.html(format!("<{level} id=\"p{n}\">"));
            }
            Event::End(TagEnd::Heading(level)) => {
                let n = self.close_block();
                self.html(format!("{}</{level}>\n", mark(n)));
            }
            Event::Start(Tag::Item) if !next_is_paragraph => {
                let n = self.open_block(BlockKind::ListItem);
                self.items.push(Some(n));
                self.html(format!("<li id=\"p{n}\">"));
            }
            Event::Start(Tag::Item) => {
                self.items.push(None);
                self.out.push(Event::Start(Tag::Item));
            }
            Event::End(TagEnd::Item) => {
                if let Some(Some(n)) = self.items.pop() {
                    self.close_block();
                    self.html(mark(n));
                }
                self.out.push(Event::End(TagEnd::Item));
            }
            Event::Start(tag @ Tag::Table(_)) => {
                let n = self.open_block(BlockKind::Table);
                self.html(format!("<div class=\"table-wrap\" id=\"p{n}\">"));
                self.out.push(Event::Start(tag));
            }
            Event::End(TagEnd::Table) => {
                self.out.push(Event::End(TagEnd::Table));
                let n = self.close_block();
                self.html(format!("{}</div>\n", mark(n)));
            }
            Event::End(end @ TagEnd::TableCell) => {
                self.push_text("\t");
                self.out.push(Event::End(end));
            }
            Event::End(end @ (TagEnd::TableRow | TagEnd::TableHead)) => {
                if let Some(b) = self.open.last_mut() {
                    if b.text.ends_with('\t') {
                        b.text.pop();
                    }
                    b.text.push('\n');
                }
                self.out.push(Event::End(end));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeState {
                    info,
                    text: String::new(),
                    range,
                });
            }
            Event::Start(Tag::HtmlBlock) if !self.options.unsafe_html => {
                let n = self.open_block(BlockKind::Paragraph);
                self.html(format!("<p id=\"p{n}\" class=\"escaped-html\">"));
            }
            Event::End(TagEnd::HtmlBlock) if !self.options.unsafe_html => {
                let n = self.close_block();
                self.html(format!("{}</p>\n", mark(n)));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !self.options.unsafe_html => {
                self.push_text(&raw);
                self.out.push(Event::Text(raw));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link_start(dest_url, range, |dest_url| Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link_start(dest_url, range, |dest_url| Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }),
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if !self.dropped.pop().unwrap_or(false) {
                    self.out.push(Event::End(end));
                }
            }
            Event::Text(t) => {
                self.push_text(&t);
                self.out.push(Event::Text(t));
            }
            Event::Code(t) => {
                self.push_text(&t);
                self.out.push(Event::Code(t));
            }
            Event::SoftBreak => {
                self.push_text(" ");
                self.out.push(Event::SoftBreak);
            }
            Event::HardBreak => {
                self.push_text("\n");
                self.out.push(Event::HardBreak);
            }
            other => self.out.push(other),
        }
    }

    fn html(&mut self, html: String) {
        self.out.push(Event::Html(CowStr::from(html)));
    }

    fn open_block(&mut self, kind: BlockKind) -> usize {
        self.counter += 1;
        self.open.push(OpenBlock {
            number: self.counter,
            kind,
            text: String::new(),
        });
        self.counter
    }

    fn close_block(&mut self) -> usize {
        match self.open.pop() {
            Some(b) => {
                let n = b.number;
                self.done.push(Block {
                    number: b.number,
                    kind: b.kind,
                    text: b.text,
                });
                n
            }
            None => 0,
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(b) = self.open.last_mut() {
            b.text.push_str(text);
        }
    }

    fn end_code(&mut self) {
        let Some(code) = self.code.take() else { return };
        match furniture::kind_of(&code.info) {
            Some(kind) => {
                let kind = kind.unwrap_or_else(|written| {
                    let kinds = furniture::KINDS.iter().map(|(k, _)| *k);
                    let hint = match closest(&written, kinds.clone()) {
                        Some(best) => format!("did you mean `furniture {best}`?"),
                        None => format!(
                            "write `furniture <kind>` with a kind among: {}",
                            kinds.collect::<Vec<_>>().join(", ")
                        ),
                    };
                    self.problems.push(
                        Diagnostic::error(format!("unknown furniture kind `{written}`"))
                            .at(self.locate(code.range.clone(), "furniture"))
                            .hint(hint),
                    );
                    ""
                });
                self.html(furniture::html(kind, &code.text));
            }
            None => {
                let lang = code.info.split([' ', ',', '{']).next().unwrap_or("");
                let n = self.open_block(BlockKind::Code);
                self.push_text(code.text.trim_end_matches('\n'));
                self.close_block();
                let class = if lang.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"language-{}\"", escape_html(lang))
                };
                let body = highlight::highlight(&code.text, lang);
                self.html(format!(
                    "<div class=\"code-block\" id=\"p{n}\"><pre><code{class}>{body}</code></pre>{}</div>\n",
                    mark(n)
                ));
            }
        }
    }

    /// Opens a link or image with its destination rewritten, or drops it (and, at its end, its
    /// closing tag) if the destination is unsafe.
    fn link_start(
        &mut self,
        dest: CowStr<'a>,
        range: Range<usize>,
        tag: impl FnOnce(CowStr<'a>) -> Tag<'a>,
    ) {
        match self.destination(dest, range) {
            Some(dest) => {
                self.dropped.push(false);
                self.out.push(Event::Start(tag(dest)));
            }
            None => self.dropped.push(true),
        }
    }

    /// Classifies a link destination, records internal links, and returns what to emit:
    /// `None` drops the link (unsafe scheme).
    fn destination(&mut self, dest: CowStr<'a>, range: Range<usize>) -> Option<CowStr<'a>> {
        let base = self.options.base;
        match links::classify(&dest) {
            Destination::Content { path, anchor } => {
                let location = self.locate(range, &dest);
                let target = LinkTarget::Content {
                    path: path.to_string(),
                    anchor: anchor.map(str::to_string),
                };
                let resolved = self.resolver.content_url(path);
                self.links.push(Link {
                    target,
                    location: location.clone(),
                });
                match resolved {
                    Ok(site_path) => Some(with_anchor(base.url(&site_path), anchor).into()),
                    Err(why) => {
                        self.problems.push(
                            Diagnostic::error(format!("broken link `{dest}`: {why}"))
                                .at(location)
                                .label("no such content file")
                                .hint("link to a file under content/, such as `@/statements/2021-07-02-example.md`"),
                        );
                        Some(dest)
                    }
                }
            }
            Destination::Site { path, anchor } => {
                self.links.push(Link {
                    target: LinkTarget::Site {
                        path: path.to_string(),
                    },
                    location: self.locate(range, &dest),
                });
                Some(with_anchor(base.url(path), anchor).into())
            }
            Destination::Fragment(anchor) => {
                self.links.push(Link {
                    target: LinkTarget::Fragment(anchor.to_string()),
                    location: self.locate(range, &dest),
                });
                Some(dest)
            }
            Destination::External => Some(dest),
            Destination::Unsafe if self.options.unsafe_html => Some(dest),
            Destination::Unsafe => {
                self.problems.push(
                    Diagnostic::warning(format!("link to `{dest}` removed: its scheme can run code"))
                        .at(self.locate(range, &dest))
                        .hint("archived text is untrusted; only http, https, mailto and tel links are kept unless `markdown.unsafe_html` is set"),
                );
                None
            }
        }
    }

    /// The location of `needle` inside the source range of an event (or the whole range).
    fn locate(&self, range: Range<usize>, needle: &str) -> Location {
        let start = self.body_start + range.start;
        let end = self.body_start + range.end;
        let span = self.file.text[start..end]
            .find(needle)
            .map_or(start..end, |i| start + i..start + i + needle.len());
        self.file.at(span)
    }
}

fn with_anchor(url: String, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    }
}

/// The visible permalink of block `n`, drawn in the margin by the theme.
fn mark(n: usize) -> String {
    format!("<a class=\"pn\" href=\"#p{n}\" aria-label=\"Paragraph {n}\">{n}</a>")
}

#[cfg(test)]
mod tests;
