//! A parsed document between transformation and HTML: its plain text, and the highlighting of
//! passages of that text with `<mark>` elements.
//!
//! Every text event of the document is a [`Piece`] of some block's text, so a position in the
//! plain text maps to an event and an offset inside it. A highlighted passage is cut into one
//! `<mark>` per text event it touches; each mark opens and closes inside its event, so the HTML
//! stays well-formed whatever inline markup the passage crosses, and overlapping passages become
//! marks that name every note they belong to.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::mentions::{Found, Mention, Names, snippet};
use super::transform::OpenBlock;
use super::{Block, BlockKind, Link, Rendered, escape_html};

/// How a mention's link opens, so that [`Parsed::highlight`] knows it for a link (a note's
/// reference goes after it, as links cannot hold links).
const MENTION_OPEN: &str = "<a class=\"mention\"";
/// How it closes.
const MENTION_CLOSE: &str = "</a>";

/// A text event and where its text sits in its block.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    /// Index of the event.
    pub event: usize,
    /// Number of the block (1-based).
    pub block: usize,
    /// Byte offset in the block's untrimmed text.
    pub offset: usize,
    pub len: usize,
    /// An inline code span rather than plain text.
    pub code: bool,
}

/// A passage to highlight: a byte range of the plain text, and the note it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    /// The note's anchor (`a-tier-2`), which the mark points to.
    pub anchor: String,
    /// The note's number as shown to readers.
    pub number: usize,
}

/// A document parsed and transformed, not yet turned into HTML.
pub struct Parsed<'a> {
    events: Vec<Event<'a>>,
    pieces: Vec<Piece>,
    chunk_starts: Vec<usize>,
    /// For each block (by number − 1): index of its first event.
    block_events: Vec<usize>,
    blocks: Vec<Block>,
    /// For each block: bytes trimmed from the start of its text.
    block_trim: Vec<usize>,
    links: Vec<Link>,
    plain: String,
    /// The entities the text mentions, by paragraph ([`Parsed::link_mentions`]).
    mentions: Vec<Mention>,
}

impl<'a> Parsed<'a> {
    pub(super) fn new(
        events: Vec<Event<'a>>,
        pieces: Vec<Piece>,
        chunk_starts: Vec<usize>,
        block_events: Vec<usize>,
        mut read: Vec<OpenBlock>,
        links: Vec<Link>,
    ) -> Self {
        read.sort_by_key(|b| b.number);
        let mut blocks = Vec::with_capacity(read.len());
        let mut block_trim = Vec::with_capacity(read.len());
        let mut plain = String::with_capacity(read.iter().map(|b| b.text.len() + 2).sum());
        for b in read {
            let lead = b.text.len() - b.text.trim_start().len();
            if !plain.is_empty() {
                plain.push_str("\n\n");
            }
            let start = plain.len();
            plain.push_str(b.text.trim());
            block_trim.push(lead);
            blocks.push(Block {
                number: b.number,
                kind: b.kind,
                range: start..plain.len(),
            });
        }
        Parsed {
            events,
            pieces,
            chunk_starts,
            block_events,
            blocks,
            block_trim,
            links,
            plain,
            mentions: Vec::new(),
        }
    }

    /// The document's text: its blocks' text, separated by blank lines.
    pub fn plain_text(&self) -> &str {
        &self.plain
    }

    /// How many numbered blocks the document has.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// The block containing byte `offset` of the plain text (the one before it, in a gap).
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        let i = self
            .blocks
            .partition_point(|b| b.range.start <= offset)
            .checked_sub(1)?;
        self.blocks.get(i)
    }

    /// The top-level chunk holding block `number`.
    pub fn chunk_of_block(&self, number: usize) -> usize {
        let event = self
            .block_events
            .get(number.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        self.chunk_starts
            .partition_point(|&s| s <= event)
            .saturating_sub(1)
    }

    /// Plain-text range of a piece's text, clipped to its block's trimmed text.
    fn piece_range(&self, p: &Piece) -> (usize, usize) {
        let i = p.block - 1;
        let (lead, range) = (self.block_trim[i], &self.blocks[i].range);
        let clip = |x: usize| x.saturating_sub(lead).min(range.len()) + range.start;
        (clip(p.offset), clip(p.offset + p.len))
    }

    /// Whether the passage `start..end` touches text that cannot carry a mark (a code block).
    pub fn touches_code_block(&self, start: usize, end: usize) -> bool {
        self.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Code && b.range.start < end && start < b.range.end)
    }

    /// Wraps each passage in marks. Passages may overlap and cross inline markup.
    pub fn highlight(&mut self, passages: &[Highlight]) {
        if passages.is_empty() {
            return;
        }
        let link_ends = self.link_ends();
        // A reference that would fall inside a link is placed after the link instead:
        // links cannot contain links.
        let mut after_link: BTreeMap<usize, Vec<Event<'a>>> = BTreeMap::new();
        let mut replacements: Vec<(usize, Vec<Event<'a>>)> = Vec::new();
        for piece in &self.pieces {
            let (ps, pe) = self.piece_range(piece);
            let touching: Vec<&Highlight> = passages
                .iter()
                .filter(|h| h.start < pe && ps < h.end)
                .collect();
            if touching.is_empty() {
                continue;
            }
            let text = match &self.events[piece.event] {
                Event::Text(t) | Event::Code(t) => t.to_string(),
                _ => continue,
            };
            // Byte k of the event's text sits at plain-text position global(k).
            let base = self.blocks[piece.block - 1].range.start + piece.offset;
            let lead = self.block_trim[piece.block - 1];
            let global = |k: usize| (base + k).saturating_sub(lead);
            let local = |x: usize| (x + lead).saturating_sub(base);
            let mut cuts: Vec<usize> = vec![0, text.len()];
            for h in &touching {
                cuts.push(local(h.start.max(ps)));
                cuts.push(local(h.end.min(pe)));
            }
            // Passage bounds come from the same plain text, so every cut should be valid; one
            // that is not would silently shift a highlight, which debug builds catch.
            cuts.retain(|&c| {
                let valid = c <= text.len() && text.is_char_boundary(c);
                debug_assert!(
                    valid,
                    "highlight cut {c} inside a character or past the text"
                );
                valid
            });
            cuts.sort_unstable();
            cuts.dedup();
            let mut events = Vec::with_capacity(cuts.len() * 3 + 2);
            if piece.code {
                events.push(Event::Html("<code>".into()));
            }
            for pair in cuts.windows(2) {
                let segment = CowStr::from(text[pair[0]..pair[1]].to_string());
                let (ga, gb) = (global(pair[0]), global(pair[1]));
                let active: Vec<&Highlight> = touching
                    .iter()
                    .copied()
                    .filter(|h| h.start <= ga && gb <= h.end)
                    .collect();
                if active.is_empty() {
                    events.push(Event::Text(segment));
                    continue;
                }
                let anchors: Vec<&str> = active.iter().map(|h| h.anchor.as_str()).collect();
                let class = if active.len() > 1 {
                    "anno anno-overlap"
                } else {
                    "anno"
                };
                events.push(Event::Html(
                    format!(
                        "<mark class=\"{class}\" data-notes=\"{}\">",
                        escape_html(&anchors.join(" "))
                    )
                    .into(),
                ));
                events.push(Event::Text(segment));
                events.push(Event::Html("</mark>".into()));
                for h in active.iter().filter(|h| h.end == gb) {
                    let reference = Event::Html(note_ref(h).into());
                    match link_ends.get(&piece.event) {
                        Some(&end) => after_link.entry(end).or_default().push(reference),
                        None => events.push(reference),
                    }
                }
            }
            if piece.code {
                events.push(Event::Html("</code>".into()));
            }
            replacements.push((piece.event, events));
        }
        for (end, references) in after_link {
            let mut events = vec![self.events[end].clone()];
            events.extend(references);
            replacements.push((end, events));
        }
        self.splice(replacements);
    }

    /// The entities the text mentions, by paragraph, found by [`Parsed::link_mentions`].
    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    /// Finds the mentions of `names`' entities in the text, in one pass over it, and links
    /// the first mention of each entity in each paragraph to the entity's page (unless the
    /// entity opts out, or the paragraph is a heading). Text in links, code and furniture
    /// holds no mention; a mention may run across a line break. Run before
    /// [`Parsed::highlight`], whose marks then go inside the links.
    pub fn link_mentions(&mut self, names: &Names) {
        if names.is_empty() {
            return;
        }
        let ranges: Vec<(usize, usize)> = self.pieces.iter().map(|p| self.piece_range(p)).collect();
        let in_link = self.pieces_in_links();
        let open = |i: usize| {
            let p = &self.pieces[i];
            !p.code && !in_link[i] && self.blocks[p.block - 1].kind != BlockKind::Code
        };
        // The pieces that may hold a mention, by where their text starts.
        let mut by_start: Vec<usize> = (0..self.pieces.len())
            .filter(|&i| open(i) && ranges[i].0 < ranges[i].1)
            .collect();
        by_start.sort_by_key(|&i| ranges[i].0);
        // The pieces `start..end` runs through, if all may hold a mention.
        let through = |start: usize, end: usize| -> Option<Vec<usize>> {
            let k = by_start
                .partition_point(|&i| ranges[i].0 <= start)
                .checked_sub(1)?;
            let mut i = by_start[k];
            if start >= ranges[i].1 {
                return None;
            }
            let mut run = vec![i];
            while end > ranges[i].1 {
                let next = i + 1;
                let (p, q) = (&self.pieces[i], self.pieces.get(next)?);
                let across_break = q.block == p.block
                    && q.event == p.event + 2
                    && matches!(
                        self.events[p.event + 1],
                        Event::SoftBreak | Event::HardBreak
                    );
                if !across_break || !open(next) {
                    return None;
                }
                i = next;
                run.push(i);
            }
            Some(run)
        };
        let found = names.find(&self.plain, |start, end| through(start, end).is_some());
        let mut mentions: Vec<Mention> = Vec::new();
        let mut first: std::collections::HashMap<(usize, usize), usize> =
            std::collections::HashMap::new();
        let mut links: Vec<(Found, Vec<usize>)> = Vec::new();
        for f in found {
            let Some(block) = self.block_at(f.start) else {
                continue;
            };
            let key = (block.number, f.entity);
            if let Some(&k) = first.get(&key) {
                mentions[k].count += 1;
                continue;
            }
            let linked =
                names.entities[f.entity].link && !matches!(block.kind, BlockKind::Heading(_));
            let at = block.range.start;
            let (text, words) = snippet(&self.plain[block.range.clone()], f.start - at, f.end - at);
            first.insert(key, mentions.len());
            mentions.push(Mention {
                entity: crate::ids::TermId::new(f.entity),
                block: block.number as u32,
                count: 1,
                linked,
                snippet: text.into(),
                at: words,
            });
            if linked && let Some(run) = through(f.start, f.end) {
                links.push((f, run));
            }
        }
        self.wrap_mentions(names, &links);
        self.mentions = mentions;
    }

    /// Wraps each mention in a link to its entity's page, splitting the pieces it starts and
    /// ends in, so that passages can still be highlighted.
    fn wrap_mentions(&mut self, names: &Names, links: &[(Found, Vec<usize>)]) {
        // For each piece: the cuts in its text, and the event at each (a link's end sorts
        // before a link's start at the same place).
        let mut cuts: BTreeMap<usize, Vec<(usize, u8, Event<'a>)>> = BTreeMap::new();
        for (f, run) in links {
            let entity = &names.entities[f.entity];
            let open = format!(
                "{MENTION_OPEN} href=\"{}\" title=\"{}\">",
                escape_html(&entity.href),
                escape_html(&entity.title)
            );
            let (first, last) = (run[0], run[run.len() - 1]);
            cuts.entry(first).or_default().push((
                self.local(first, f.start),
                1,
                Event::Html(open.into()),
            ));
            cuts.entry(last).or_default().push((
                self.local(last, f.end),
                0,
                Event::Html(MENTION_CLOSE.into()),
            ));
        }
        let mut replacements = Vec::with_capacity(cuts.len());
        for (i, mut at) in cuts {
            let piece = self.pieces[i];
            let Event::Text(text) = &self.events[piece.event] else {
                continue;
            };
            let text = text.to_string();
            at.sort_by_key(|(k, order, _)| (*k, *order));
            let mut events = Vec::with_capacity(at.len() * 2 + 1);
            let mut pieces = Vec::with_capacity(at.len() + 1);
            let mut from = 0;
            let mut segment = |from: usize, to: usize, events: &mut Vec<Event<'a>>| {
                if to > from {
                    pieces.push(Piece {
                        event: events.len(),
                        offset: piece.offset + from,
                        len: to - from,
                        ..piece
                    });
                    events.push(Event::Text(text[from..to].to_string().into()));
                }
            };
            for (k, _, event) in at {
                let k = k.min(text.len());
                segment(from, k, &mut events);
                events.push(event);
                from = from.max(k);
            }
            segment(from, text.len(), &mut events);
            replacements.push(Replacement {
                event: piece.event,
                events,
                pieces,
            });
        }
        self.splice_pieces(replacements);
    }

    /// Where plain-text position `x` is in the text of piece `i`.
    fn local(&self, i: usize, x: usize) -> usize {
        let p = &self.pieces[i];
        let base = self.blocks[p.block - 1].range.start + p.offset;
        (x + self.block_trim[p.block - 1]).saturating_sub(base)
    }

    /// For each piece, whether it is inside a link: a Markdown link, a mention's, or one
    /// written in raw HTML (kept as written when the site allows raw HTML).
    fn pieces_in_links(&self) -> Vec<bool> {
        let mut depth: usize = 0;
        let mut inside = Vec::with_capacity(self.events.len());
        for event in &self.events {
            match event {
                Event::Start(Tag::Link { .. }) => depth += 1,
                Event::End(TagEnd::Link) => depth = depth.saturating_sub(1),
                Event::Html(h) | Event::InlineHtml(h) => {
                    let lower = h.to_ascii_lowercase();
                    let opens = lower.matches("<a ").count() + lower.matches("<a>").count();
                    let closes = lower.matches("</a").count();
                    depth = (depth + opens).saturating_sub(closes);
                }
                _ => {}
            }
            inside.push(depth > 0);
        }
        self.pieces.iter().map(|p| inside[p.event]).collect()
    }

    /// For each text piece inside a link, the index of the event closing the outermost link.
    fn link_ends(&self) -> BTreeMap<usize, usize> {
        let pieces: BTreeSet<usize> = self.pieces.iter().map(|p| p.event).collect();
        let mut open: Vec<Vec<usize>> = Vec::new();
        let mut ends = BTreeMap::new();
        for (i, event) in self.events.iter().enumerate() {
            match event {
                Event::Start(Tag::Link { .. }) => open.push(Vec::new()),
                Event::Html(h) if h.starts_with(MENTION_OPEN) => open.push(Vec::new()),
                Event::End(TagEnd::Link) | Event::Html(_) if is_link_end(event) => {
                    if let Some(inside) = open.pop() {
                        match open.last_mut() {
                            Some(outer) => outer.extend(inside),
                            None => ends.extend(inside.into_iter().map(|p| (p, i))),
                        }
                    }
                }
                _ if pieces.contains(&i) => {
                    if let Some(inside) = open.last_mut() {
                        inside.push(i);
                    }
                }
                _ => {}
            }
        }
        ends
    }

    /// Replaces events by index, keeping every recorded event index valid; the pieces are
    /// dropped (highlighting is the last change).
    fn splice(&mut self, replacements: Vec<(usize, Vec<Event<'a>>)>) {
        let replacements = replacements
            .into_iter()
            .map(|(event, events)| Replacement {
                event,
                events,
                pieces: Vec::new(),
            })
            .collect();
        self.splice_pieces(replacements);
        self.pieces.clear();
    }

    /// Replaces events by index, keeping every recorded event index valid: the pieces of a
    /// replaced event are the replacement's.
    fn splice_pieces(&mut self, mut replacements: Vec<Replacement<'a>>) {
        replacements.sort_by_key(|r| r.event);
        let replaced: BTreeSet<usize> = replacements.iter().map(|r| r.event).collect();
        let old = std::mem::take(&mut self.events);
        let mut new_index = Vec::with_capacity(old.len() + 1);
        let mut added = Vec::new();
        let mut replacements = replacements.into_iter().peekable();
        for (i, event) in old.into_iter().enumerate() {
            new_index.push(self.events.len());
            match replacements.next_if(|r| r.event == i) {
                Some(r) => {
                    let at = self.events.len();
                    added.extend(r.pieces.into_iter().map(|p| Piece {
                        event: at + p.event,
                        ..p
                    }));
                    self.events.extend(r.events);
                }
                None => self.events.push(event),
            }
        }
        new_index.push(self.events.len());
        for s in self
            .chunk_starts
            .iter_mut()
            .chain(self.block_events.iter_mut())
        {
            *s = new_index[*s];
        }
        let kept = std::mem::take(&mut self.pieces);
        self.pieces = kept
            .into_iter()
            .filter(|p| !replaced.contains(&p.event))
            .map(|p| Piece {
                event: new_index[p.event],
                ..p
            })
            .chain(added)
            .collect();
        self.pieces.sort_by_key(|p| p.event);
    }

    /// Turns the events into HTML, recording where each top-level chunk ends.
    pub fn finish(mut self) -> Rendered {
        let total = self.events.len();
        let mut html = String::with_capacity(self.plain.len() * 2);
        let mut chunk_ends = Vec::with_capacity(self.chunk_starts.len());
        let mut events = self.events.into_iter();
        for (i, &start) in self.chunk_starts.iter().enumerate() {
            let end = self.chunk_starts.get(i + 1).copied().unwrap_or(total);
            pulldown_cmark::html::push_html(&mut html, events.by_ref().take(end - start));
            chunk_ends.push(html.len());
        }
        html.shrink_to_fit();
        self.plain.shrink_to_fit();
        Rendered {
            html,
            chunk_ends,
            blocks: self.blocks,
            links: self.links,
            text: self.plain,
            mentions: self.mentions,
        }
    }
}

/// Events that replace one event, and the pieces of text among them (their `event` counted
/// from the first of them).
struct Replacement<'a> {
    event: usize,
    events: Vec<Event<'a>>,
    pieces: Vec<Piece>,
}

/// Whether `event` closes a link: a Markdown link's end, or a mention's.
fn is_link_end(event: &Event<'_>) -> bool {
    match event {
        Event::End(TagEnd::Link) => true,
        Event::Html(h) => h.as_ref() == MENTION_CLOSE,
        _ => false,
    }
}

/// The numbered reference after a highlighted passage, linking to its note.
fn note_ref(h: &Highlight) -> String {
    let anchor = escape_html(&h.anchor);
    format!(
        "<sup class=\"anno-ref\"><a href=\"#{anchor}\" id=\"ref-{anchor}\" aria-label=\"Note {n}\">{n}</a></sup>",
        n = h.number
    )
}
