//! The event transformation: pulldown-cmark's events in, the events its HTML writer should see
//! out, with the citable blocks, their text and the links recorded on the way.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::links::{self, Destination};
use super::marks::{Parsed, Piece};
use super::{
    BlockKind, Link, LinkTarget, RenderOptions, Resolve, escape_html, furniture, highlight,
};
use crate::diagnostics::{Diagnostic, Location, SourceFile, closest};
use crate::urls::{Href, SitePath};

/// A block being read, or read: its text is assembled here, then moved into the plain text.
pub(super) struct OpenBlock {
    pub number: usize,
    pub kind: BlockKind,
    pub text: String,
}

struct CodeState {
    info: String,
    text: String,
    range: Range<usize>,
}

pub(super) struct Transformer<'a, 'r> {
    file: &'r SourceFile,
    body_start: usize,
    options: RenderOptions<'r>,
    resolver: &'r dyn Resolve,
    out: Vec<Event<'a>>,
    open: Vec<OpenBlock>,
    done: Vec<OpenBlock>,
    /// For each block (by number − 1), the index in `out` of its first event.
    block_events: Vec<usize>,
    pieces: Vec<Piece>,
    /// Indices in `out` where a top-level element starts.
    chunk_starts: Vec<usize>,
    /// Nesting depth in the parser's events, to find top-level elements.
    depth: usize,
    /// For each open list item: the block number if the item is itself a block (tight lists).
    items: Vec<Option<usize>>,
    code: Option<CodeState>,
    /// For each open link or image: whether it was dropped for an unsafe destination.
    dropped: Vec<bool>,
    /// Open images: their text is alt text, not part of the statement's text.
    images: usize,
    /// Inside an image dropped for an unsafe source: its events are skipped, alt text too.
    skipped_image: usize,
    footnotes: HashMap<String, usize>,
    links: Vec<Link>,
    problems: Vec<Diagnostic>,
}

impl<'a, 'r> Transformer<'a, 'r> {
    pub(super) fn new(
        file: &'r SourceFile,
        body_start: usize,
        options: RenderOptions<'r>,
        resolver: &'r dyn Resolve,
        capacity: usize,
    ) -> Self {
        Transformer {
            file,
            body_start,
            options,
            resolver,
            out: Vec::with_capacity(capacity),
            open: Vec::new(),
            done: Vec::new(),
            block_events: Vec::new(),
            pieces: Vec::new(),
            chunk_starts: Vec::new(),
            depth: 0,
            items: Vec::new(),
            code: None,
            dropped: Vec::new(),
            images: 0,
            skipped_image: 0,
            footnotes: HashMap::new(),
            links: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub(super) fn finish(self) -> (Parsed<'a>, Vec<Diagnostic>) {
        (
            Parsed::new(
                self.out,
                self.pieces,
                self.chunk_starts,
                self.block_events,
                self.done,
                self.links,
            ),
            self.problems,
        )
    }

    /// Handles one parser event. `next_is_paragraph` tells a loose list item from a tight one.
    pub(super) fn event(&mut self, event: Event<'a>, range: Range<usize>, next_is_paragraph: bool) {
        if self.depth == 0 && self.code.is_none() {
            self.chunk_starts.push(self.out.len());
        }
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if self.skipped_image > 0 {
            match event {
                Event::Start(_) => self.skipped_image += 1,
                Event::End(_) => self.skipped_image -= 1,
                _ => {}
            }
            return;
        }
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
                self.framing_label();
                let n = self.open_block(BlockKind::Paragraph);
                let id = self.id_attr(n);
                let framing = self.framing_attr(n);
                self.html(format!("<p{id}{framing}>"));
            }
            Event::End(TagEnd::Paragraph) => {
                let n = self.close_block();
                self.html(format!("{}</p>\n", self.mark(n)));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.framing_label();
                let n = self.open_block(BlockKind::Heading(level as u8));
                let id = self.id_attr(n);
                let framing = self.framing_attr(n);
                self.html(format!("<{level}{id}{framing}>"));
            }
            Event::End(TagEnd::Heading(level)) => {
                let n = self.close_block();
                self.html(format!("{}</{level}>\n", self.mark(n)));
            }
            Event::Start(Tag::Item) if !next_is_paragraph => {
                let n = self.open_block(BlockKind::ListItem);
                self.items.push(Some(n));
                let id = self.id_attr(n);
                self.html(format!("<li{id}>"));
            }
            Event::Start(Tag::Item) => {
                self.items.push(None);
                self.out.push(Event::Start(Tag::Item));
            }
            Event::End(TagEnd::Item) => {
                if let Some(Some(n)) = self.items.pop() {
                    self.close_block();
                    self.html(self.mark(n));
                }
                self.out.push(Event::End(TagEnd::Item));
            }
            Event::Start(tag @ Tag::Table(_)) => {
                let n = self.open_block(BlockKind::Table);
                let id = self.id_attr(n);
                self.html(format!("<div class=\"table-wrap\"{id}>"));
                self.out.push(Event::Start(tag));
            }
            Event::End(TagEnd::Table) => {
                self.out.push(Event::End(TagEnd::Table));
                let n = self.close_block();
                self.html(format!("{}</div>\n", self.mark(n)));
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
                let id = self.id_attr(n);
                self.html(format!("<p{id} class=\"escaped-html\">"));
            }
            Event::End(TagEnd::HtmlBlock) if !self.options.unsafe_html => {
                let n = self.close_block();
                self.html(format!("{}</p>\n", self.mark(n)));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !self.options.unsafe_html => {
                self.text(raw)
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
            }) => match self.destination(dest_url, range) {
                Some(dest_url) => {
                    self.images += 1;
                    self.dropped.push(false);
                    self.out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                None => self.skipped_image = 1,
            },
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if end == TagEnd::Image {
                    self.images = self.images.saturating_sub(1);
                }
                if !self.dropped.pop().unwrap_or(false) {
                    self.out.push(Event::End(end));
                }
            }
            // Footnotes are numbered in order of first mention; ids come from the numbers, so
            // labels of any spelling make valid, unique ids.
            Event::FootnoteReference(name) => {
                let n = self.footnote_number(&name);
                self.html(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#fn-{n}\">{n}</a></sup>"
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = self.footnote_number(&name);
                self.html(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>"
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => self.html("</div>\n".into()),
            Event::Text(t) => self.text(t),
            Event::Code(t) => {
                self.record_piece(&t, true);
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

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn text(&mut self, t: CowStr<'a>) {
        self.record_piece(&t, false);
        self.out.push(Event::Text(t));
    }

    /// Adds `text` (about to be pushed as event `out.len()`) to the open block's text.
    fn record_piece(&mut self, text: &str, code: bool) {
        if self.images > 0 {
            return;
        }
        if let Some(b) = self.open.last_mut() {
            self.pieces.push(Piece {
                event: self.out.len(),
                block: b.number,
                offset: b.text.len(),
                len: text.len(),
                code,
            });
            b.text.push_str(text);
        }
    }

    fn html(&mut self, html: String) {
        self.out.push(Event::Html(CowStr::from(html)));
    }

    fn id_attr(&self, n: usize) -> String {
        if self.options.numbered {
            format!(" id=\"p{n}\"")
        } else {
            String::new()
        }
    }

    /// The label of the framing paragraphs, before the first of them (the block about to open).
    fn framing_label(&mut self) {
        let next = self.block_events.len() + 1;
        if let Some(f) = self.options.framing.filter(|f| f.first == next)
            && self.options.numbered
        {
            self.html(furniture::framing_html(f));
        }
    }

    /// The attributes that mark block `n` as part of the report's framing, if it is.
    fn framing_attr(&self, n: usize) -> &'static str {
        match self.options.framing {
            Some(f) if self.options.numbered && f.contains(n) => {
                " class=\"framing\" aria-describedby=\"framing-note\""
            }
            _ => "",
        }
    }

    /// The visible permalink of block `n`, drawn in the margin by the theme.
    fn mark(&self, n: usize) -> String {
        if self.options.numbered {
            format!("<a class=\"pn\" href=\"#p{n}\" aria-label=\"Paragraph {n}\">{n}</a>")
        } else {
            String::new()
        }
    }

    fn open_block(&mut self, kind: BlockKind) -> usize {
        let number = self.block_events.len() + 1;
        self.block_events.push(self.out.len());
        self.open.push(OpenBlock {
            number,
            kind,
            text: String::new(),
        });
        number
    }

    fn close_block(&mut self) -> usize {
        match self.open.pop() {
            Some(b) => {
                let n = b.number;
                self.done.push(b);
                n
            }
            None => 0,
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.images > 0 {
            return;
        }
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
                let source = &self.file.text
                    [self.body_start + code.range.start..self.body_start + code.range.end];
                if !furniture::is_closed(source) {
                    self.problems.push(
                        Diagnostic::error("this furniture block is never closed: it takes in the rest of the statement")
                            .at(self.locate(code.range.clone(), "furniture"))
                            .label("opened here")
                            .hint("end the block with a line holding the same fence (```) that opens it"),
                    );
                }
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
                let id = self.id_attr(n);
                self.html(format!(
                    "<div class=\"code-block\"{id}><pre><code{class}>{body}</code></pre>{}</div>\n",
                    self.mark(n)
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
                        anchor: anchor.map(str::to_string),
                    },
                    location: self.locate(range, &dest),
                });
                Some(with_anchor(base.url(&SitePath::new(path)), anchor).into())
            }
            Destination::Fragment(anchor) => {
                self.links.push(Link {
                    target: LinkTarget::Fragment(anchor.to_string()),
                    location: self.locate(range, &dest),
                });
                Some(dest)
            }
            Destination::External => Some(dest),
            Destination::Unsafe if self.options.unsafe_html => {
                self.problems.push(
                    Diagnostic::warning(format!("link to `{dest}` kept, though its scheme can run code"))
                        .at(self.locate(range, &dest))
                        .hint("`markdown.unsafe_html` is set, so it is published as written; remove the link unless running it in readers' browsers is intended"),
                );
                Some(dest)
            }
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

fn with_anchor(url: Href, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => url.with_fragment(a).into(),
        None => url.into(),
    }
}
