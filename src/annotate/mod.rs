//! Editorial notes on statements: anchoring each note's quote in the statement's text,
//! highlighting the passages, rendering the notes, and (in `export`) the W3C Web Annotation form.
//!
//! A statement's text is never touched: notes live in `<file>.annotations.yaml` beside it and
//! point into it by quoting it.

mod anchor;
pub mod export;
pub(crate) mod facts;
pub mod figures;
#[cfg(test)]
mod fixtures;

use std::collections::BTreeSet;

use crate::content::meta::{AnnotationMeta, EventMeta, StatementMeta};
use crate::content::{Doc, Sidecar};
use crate::date::EventDate;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::{
    self, Highlight, Link, LinkTarget, Parsed, RenderOptions, Rendered, Resolve, shorten,
};
use crate::urls::{is_absolute_http, is_slug};
use crate::yaml::Seg;
use anchor::{Closest, Failure, Normalized, Selector, Suggestions};

/// A note anchored in its statement.
#[derive(Debug)]
pub struct Note {
    pub meta: AnnotationMeta,
    /// Position among the statement's notes in reading order, from 1.
    pub number: usize,
    /// The note's id on the page: `a-<id>`.
    pub anchor: String,
    /// The passage, as a byte range of the statement's plain text.
    pub start: usize,
    pub end: usize,
    /// The passage as the statement's text has it (which the quote matches up to white space
    /// and quotation marks), kept for the pages that list notes away from the text.
    pub passage: String,
    /// Number of the block the passage starts in (its paragraph number).
    pub block: usize,
    /// Index of the top-level chunk the passage ends in, beside which the note is shown.
    pub chunk: usize,
    /// Its position in the notes file, where [`rerender_statement`] finds its body again.
    pub entry: usize,
    /// The event the note declares, its date checked.
    pub event: Option<Event>,
    /// The figure the note declares, its value found in the passage.
    pub figure: Option<Box<figures::Figure>>,
}

/// What a note says: its body rendered and its sources resolved. Not part of [`Note`]: the
/// archive keeps every note of every statement, but a note's text is needed only where its
/// statement's text is (its page, its companion file, its search record, the notes index), so
/// it is made and dropped with the text ([`StatementText`]).
#[derive(Debug, Clone)]
pub struct NoteText {
    pub body: Rendered,
    /// Sources with their links resolved.
    pub sources: Vec<Source>,
}

/// A statement's text rendered with its notes highlighted, and the text of each of its notes
/// (in the order of the statement's [`Note`]s).
#[derive(Debug, Clone, Default)]
pub struct StatementText {
    pub rendered: Rendered,
    pub notes: Vec<NoteText>,
}

/// A dated event declared on a note (`event:`), shown on the timeline and in the downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: EventDate,
    pub title: String,
    pub circa: bool,
}

/// A note's source as pages and exports show it: its link resolved, its excerpt as recorded.
#[derive(Debug, Clone)]
pub struct Source {
    pub title: String,
    /// An absolute URL, or the site address of an archive document.
    pub href: String,
    /// The passage the note rests on, quoted verbatim from the source.
    pub excerpt: Option<String>,
}

/// Renders statement `doc`'s text (`source`, its whole file: the body may have been released
/// from `doc`) with its notes anchored and highlighted.
pub fn render_statement(
    doc: &Doc<StatementMeta>,
    source: &SourceFile,
    sidecar: Option<&Sidecar>,
    earlier: &[Earlier<'_>],
    options: RenderOptions<'_>,
    resolver: &dyn Resolve,
) -> (StatementText, Vec<Note>, Vec<Diagnostic>) {
    let options = RenderOptions {
        framing: doc.meta.framing,
        ..options
    };
    let (mut parsed, mut problems) = markdown::parse(source, doc.body.clone(), options, resolver);
    problems.extend(check_framing(doc, &parsed));
    let Some(sidecar) = sidecar else {
        let text = StatementText {
            rendered: parsed.finish(),
            notes: Vec::new(),
        };
        return (text, Vec::new(), problems);
    };
    let text = Normalized::new(parsed.plain_text());
    let mut anchored = Vec::new();
    let mut ids = BTreeSet::new();
    let mut suggestions = Suggestions::default();
    let mut declared: Vec<Option<figures::Declared>> = vec![None; sidecar.notes.len()];
    for (i, meta) in sidecar.notes.iter().enumerate() {
        let at = |key: &str| [Seg::Index(i), Seg::Key(key.into())];
        if !is_slug(&meta.id) {
            problems.push(
                sidecar
                    .error_at(&at("id"), format!("note id `{}` is not a slug", meta.id))
                    .hint(format!(
                        "use lowercase letters, digits and hyphens, such as `{}`",
                        crate::urls::slugify(&meta.id)
                    )),
            );
            continue;
        }
        if !ids.insert(meta.id.as_str()) {
            problems.push(
                sidecar
                    .error_at(&at("id"), format!("note id `{}` is used twice", meta.id))
                    .hint("give each note of a statement its own id"),
            );
            continue;
        }
        let event = meta
            .event
            .as_ref()
            .and_then(|e| check_event(sidecar, i, &meta.id, e, &mut problems));
        declared[i] = meta
            .figure
            .as_ref()
            .map(|f| figures::declare(sidecar, i, &meta.id, f, &mut problems));
        let selector = Selector {
            quote: &meta.quote,
            prefix: meta.prefix.as_deref(),
            suffix: meta.suffix.as_deref(),
            occurrence: meta.occurrence,
        };
        match anchor::find(&text, &selector, &mut suggestions) {
            Ok((start, end)) if parsed.touches_code_block(start, end) => problems.push(
                sidecar
                    .error_at(&at("quote"), format!("the quote of note `{}` is inside a code block", meta.id))
                    .hint("notes can mark text, not code blocks; quote a passage of the text around it"),
            ),
            Ok((start, end)) => anchored.push((start, end, i, event)),
            Err(Failure::NotFound { .. })
                if let Some(version) = only_earlier(&selector, earlier) =>
            {
                problems.push(
                    sidecar
                        .error_at(&at("quote"), format!("the quote of note `{}` is only in an earlier version of the text (seen {}), not in the current one", meta.id, version.seen.human()))
                        .label("not in the current text")
                        .hint("notes anchor to the current text: quote the passage as it reads now, and say in the note's body what the earlier version had"),
                )
            }
            Err(failure) => problems.push(anchor_error(&parsed, sidecar, i, &meta.id, failure)),
        }
    }
    anchored.sort_by(|a, b| {
        (a.0, a.1, &sidecar.notes[a.2].id).cmp(&(b.0, b.1, &sidecar.notes[b.2].id))
    });

    let highlights: Vec<Highlight> = anchored
        .iter()
        .enumerate()
        .map(|(k, &(start, end, i, _))| Highlight {
            start,
            end,
            anchor: format!("a-{}", sidecar.notes[i].id),
            number: k + 1,
        })
        .collect();
    let placed: Vec<(usize, usize)> = anchored
        .iter()
        .map(|&(start, end, _, _)| {
            let block = parsed.block_at(start).map_or(1, |b| b.number);
            let last = parsed
                .block_at(end.saturating_sub(1))
                .map_or(block, |b| b.number);
            (block, parsed.chunk_of_block(last))
        })
        .collect();
    parsed.highlight(&highlights);
    let mut rendered = parsed.finish();

    let note_options = RenderOptions {
        numbered: false,
        framing: None,
        ..options
    };
    let mut notes = Vec::with_capacity(anchored.len());
    let mut texts = Vec::with_capacity(anchored.len());
    for (((start, end, i, event), h), (block, chunk)) in
        anchored.into_iter().zip(highlights).zip(placed)
    {
        let meta = &sidecar.notes[i];
        let (body, links, body_problems) = render_body(sidecar, i, note_options, resolver);
        problems.extend(body_problems);
        rendered.links.extend(links);
        if let Some(link) = check_same_as(doc, sidecar, i, resolver, &mut problems) {
            rendered.links.push(link);
        }
        let sources = resolve_sources(
            sidecar,
            i,
            options,
            resolver,
            &mut rendered.links,
            &mut problems,
        );
        texts.push(NoteText { body, sources });
        let passage = rendered.text[start..end].to_string();
        let figure = declared[i]
            .take()
            .and_then(|d| figures::in_passage(sidecar, i, &meta.id, d, &passage, &mut problems));
        notes.push(Note {
            meta: meta.without_text(),
            number: h.number,
            anchor: h.anchor,
            passage,
            start,
            end,
            block,
            chunk,
            entry: i,
            event,
            figure: figure.map(Box::new),
        });
    }
    let text = StatementText {
        rendered,
        notes: texts,
    };
    (text, notes, problems)
}

/// Note `i`'s `same_as:` checked as far as its statement alone can: an `@/` link to another
/// statement's file with a paragraph anchor (`#p3`). Returns the link, whose paragraph is
/// checked with every other link once the archive is known (a missing one is a broken anchor,
/// with the paragraphs the page has); `None` if there is none or it is wrong (reported).
pub(crate) fn check_same_as(
    doc: &Doc<StatementMeta>,
    sidecar: &Sidecar,
    i: usize,
    resolver: &dyn Resolve,
    problems: &mut Vec<Diagnostic>,
) -> Option<Link> {
    let meta = &sidecar.notes[i];
    let written = meta.same_as.as_deref()?;
    let at = [Seg::Index(i), Seg::Key("same_as".into())];
    let form = "write it as `@/statements/<file>.md#p3`: the path of the other statement's file under content/ and the number of its paragraph";
    let Some((path, anchor)) = written.strip_prefix("@/").and_then(|r| r.split_once('#')) else {
        problems.push(
            sidecar
                .error_at(
                    &at,
                    format!(
                        "`same_as` of note `{}` is not a link to a paragraph of a statement",
                        meta.id
                    ),
                )
                .hint(form),
        );
        return None;
    };
    let paragraph = anchor
        .strip_prefix('p')
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0);
    if paragraph.is_none() || !path.starts_with("statements/") {
        problems.push(
            sidecar
                .error_at(
                    &at,
                    format!(
                        "`same_as` of note `{}` must name a statement's paragraph, not `{written}`",
                        meta.id
                    ),
                )
                .hint(form),
        );
        return None;
    }
    if path == doc.rel {
        problems.push(
            sidecar
                .error_at(&at, format!("`same_as` of note `{}` links to its own statement", meta.id))
                .hint("`same_as` links a passage to another statement that says the same; link places of one statement from the note's body instead"),
        );
        return None;
    }
    let location = sidecar.locate_in_note(i, written);
    if let Err(why) = resolver.content_url(path) {
        problems.push(
            Diagnostic::error(format!("`same_as` of note `{}`: {why}", meta.id))
                .at(location)
                .label("no such statement")
                .hint("name the file of a statement of this archive, as under content/: `@/statements/<file>.md#p3`"),
        );
        return None;
    }
    Some(Link {
        target: LinkTarget::Content {
            path: path.to_string(),
            anchor: Some(anchor.to_string()),
        },
        location,
    })
}

/// The event of note `i` with its date parsed and its title checked; `None`, with the
/// problems recorded, if either is wrong.
fn check_event(
    sidecar: &Sidecar,
    i: usize,
    id: &str,
    event: &EventMeta,
    problems: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let at = |key: &str| {
        [
            Seg::Index(i),
            Seg::Key("event".into()),
            Seg::Key(key.into()),
        ]
    };
    let date = EventDate::parse(&event.date.0)
        .map_err(|why| {
            problems.push(
                sidecar
                    .error_at(&at("date"), format!("the event of note `{id}`: {why}"))
                    .hint("write the date as precisely as the passage gives it, and no more: `2018` for a year, `2018-03` for a month, `2018-03-15` for a day; add `circa: true` if the passage gives it only roughly"),
            )
        })
        .ok();
    let title = event.title.trim();
    if title.is_empty() {
        problems.push(
            sidecar
                .error_at(&at("title"), format!("the event of note `{id}` has an empty title"))
                .hint("name what happened in a few words, as the passage says it, such as `Steering committee established`"),
        );
        return None;
    }
    Some(Event {
        date: date?,
        title: title.to_string(),
        circa: event.circa,
    })
}

/// Renders a statement's text again, with the notes anchored when it was first rendered (by
/// [`render_statement`], from the same text and the same notes file, `sidecar`): what the
/// second pass of a build writes, with nothing to check again.
pub fn rerender_statement(
    doc: &Doc<StatementMeta>,
    source: &SourceFile,
    notes: &[Note],
    sidecar: Option<&Sidecar>,
    options: RenderOptions<'_>,
    resolver: &dyn Resolve,
) -> Result<StatementText, Diagnostic> {
    let changed = |path: &std::path::Path| {
        Diagnostic::error("the notes file changed while the site was being built")
            .at(crate::diagnostics::Location::file(path))
            .hint("build again once the file is saved")
    };
    if let Some(sidecar) = sidecar {
        let same = |n: &Note| {
            sidecar
                .notes
                .get(n.entry)
                .is_some_and(|m| m.id == n.meta.id)
        };
        if !notes.iter().all(same) {
            return Err(changed(&sidecar.source.path));
        }
    }
    let options = RenderOptions {
        framing: doc.meta.framing,
        ..options
    };
    let (mut parsed, _) = markdown::parse(source, doc.body.clone(), options, resolver);
    let highlights: Vec<Highlight> = notes
        .iter()
        .map(|n| Highlight {
            start: n.start,
            end: n.end,
            anchor: n.anchor.clone(),
            number: n.number,
        })
        .collect();
    parsed.highlight(&highlights);
    let note_options = RenderOptions {
        numbered: false,
        framing: None,
        ..options
    };
    let texts = match sidecar {
        Some(sidecar) => notes
            .iter()
            .map(|n| {
                let (body, _, _) = render_body(sidecar, n.entry, note_options, resolver);
                let sources = resolve_sources(
                    sidecar,
                    n.entry,
                    options,
                    resolver,
                    &mut Vec::new(),
                    &mut Vec::new(),
                );
                NoteText { body, sources }
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(StatementText {
        rendered: parsed.finish(),
        notes: texts,
    })
}

/// Whether the `framing:` paragraphs exist: numbered from 1, first before last, the last one
/// in the text.
fn check_framing(doc: &Doc<StatementMeta>, parsed: &Parsed<'_>) -> Option<Diagnostic> {
    let framing = doc.meta.framing?;
    let count = parsed.block_count();
    let (key, problem) = if framing.first == 0 {
        ("first", "paragraphs are numbered from 1".to_string())
    } else if framing.last < framing.first {
        (
            "last",
            format!(
                "the last framing paragraph, ¶{}, comes before the first, ¶{}",
                framing.last, framing.first
            ),
        )
    } else if framing.last > count {
        (
            "last",
            format!(
                "the text has {count} paragraphs, so there is no ¶{}",
                framing.last
            ),
        )
    } else {
        return None;
    };
    Some(
        doc.error_at(&[Seg::Key("framing".into()), Seg::Key(key.into())], problem)
            .hint("`framing` gives the numbers of the first and last paragraphs (as shown on the page) that are the report's own framing"),
    )
}

/// An earlier version of a statement's text (`content/statements/<name>.versions/`), as the
/// anchoring of its notes sees it: a quote not in the current text is looked for there, to
/// say why it is not found.
#[derive(Debug, Clone, Copy)]
pub struct Earlier<'a> {
    pub seen: crate::date::ArchiveDate,
    /// Its plain text.
    pub text: &'a str,
}

/// The newest earlier version whose text has the quote (compared as anchoring compares).
fn only_earlier<'a>(
    selector: &Selector<'_>,
    earlier: &'a [Earlier<'a>],
) -> Option<&'a Earlier<'a>> {
    let quote = Normalized::new(selector.quote).text;
    if quote.is_empty() {
        return None;
    }
    earlier
        .iter()
        .rev()
        .find(|e| Normalized::new(e.text).text.contains(&quote))
}

/// A located error for a quote that could not be anchored, with what would fix it.
fn anchor_error(
    parsed: &Parsed<'_>,
    sidecar: &Sidecar,
    i: usize,
    id: &str,
    failure: Failure,
) -> Diagnostic {
    let at = |key: &str| [Seg::Index(i), Seg::Key(key.into())];
    let paragraphs = |matches: &[(usize, usize)]| {
        let mut numbers: Vec<usize> = matches
            .iter()
            .filter_map(|&(a, _)| parsed.block_at(a).map(|b| b.number))
            .collect();
        numbers.dedup();
        numbers
            .iter()
            .map(|n| format!("¶{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = parsed.plain_text();
    match failure {
        Failure::EmptyQuote => sidecar.error_at(&at("quote"), format!("note `{id}` has an empty quote")).hint("quote the passage the note is about"),
        Failure::NotFound { closest } => {
            let d = sidecar
                .error_at(&at("quote"), format!("the quote of note `{id}` is not in the statement's text"))
                .label("not found");
            match closest {
                Closest::At(a, b) => {
                    let para = parsed.block_at(a).map_or(String::new(), |b| format!(" in ¶{}", b.number));
                    d.hint(format!("the closest passage{para} reads “{}”; quotes must match the text exactly, apart from white space and curly or straight quotes and dashes", shorten(&text[a..b], 160)))
                }
                Closest::Nothing => d.hint("quotes must match the text exactly, apart from white space and curly or straight quotes and dashes"),
                Closest::NotSearched => d.hint(format!("quotes must match the text exactly, apart from white space and curly or straight quotes and dashes; no closest passage was looked for, as more than {} quotes of this statement were not found (was its text replaced?)", Suggestions::PER_STATEMENT)),
            }
        }
        Failure::Ambiguous { matches } => sidecar
            .error_at(&at("quote"), format!("the quote of note `{id}` occurs {} times, in {}", matches.len(), paragraphs(&matches)))
            .label("ambiguous")
            .hint("add `prefix` or `suffix` with the text just before or after the passage you mean, or `occurrence: N`"),
        Failure::ContextMismatch { matches, remaining, prefix_at_fault } => {
            let key = if prefix_at_fault { "prefix" } else { "suffix" };
            let found = if remaining == 0 { "none of them".to_string() } else { format!("{remaining} of them") };
            sidecar
                .error_at(&at(key), format!("the quote of note `{id}` occurs in {}, and {found} fit the given prefix and suffix", paragraphs(&matches)))
                .hint("the prefix must be the text just before the passage, the suffix the text just after it; add `occurrence: N` if several fit")
        }
        Failure::OccurrenceOutOfRange { occurrence, count } => sidecar
            .error_at(&at("occurrence"), format!("note `{id}` asks for occurrence {occurrence}, but the quote occurs {count} time{}", if count == 1 { "" } else { "s" }))
            .hint(format!("use a number from 1 to {count}")),
    }
}

/// Renders a note's Markdown body. Its diagnostics and links are moved into the notes file,
/// at the place where the offending text is written there.
fn render_body(
    sidecar: &Sidecar,
    i: usize,
    options: RenderOptions<'_>,
    resolver: &dyn Resolve,
) -> (Rendered, Vec<Link>, Vec<Diagnostic>) {
    let body = &sidecar.notes[i].body;
    let scratch = SourceFile::new(sidecar.source.path.clone(), body.as_str());
    let (mut rendered, problems) = markdown::render(&scratch, 0..body.len(), options, resolver);
    let relocate = |loc: &crate::diagnostics::Location| {
        sidecar.locate_in_note(i, &scratch.text[loc.span.clone()])
    };
    let problems = problems
        .into_iter()
        .map(|mut d| {
            d.location = d.location.as_ref().map(relocate);
            d
        })
        .collect();
    let links = std::mem::take(&mut rendered.links)
        .into_iter()
        .map(|l| Link {
            location: relocate(&l.location),
            target: l.target,
        })
        .collect();
    (rendered, links, problems)
}

/// Resolves each source's URL: absolute http(s), or `@/` for the archive's own documents,
/// whose links are recorded for checking like any other.
fn resolve_sources(
    sidecar: &Sidecar,
    i: usize,
    options: RenderOptions<'_>,
    resolver: &dyn Resolve,
    links: &mut Vec<Link>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let mut out = Vec::new();
    for (j, source) in sidecar.notes[i].sources.iter().enumerate() {
        let at = [
            Seg::Index(i),
            Seg::Key("sources".into()),
            Seg::Index(j),
            Seg::Key("url".into()),
        ];
        let url = source.url.trim();
        if let Some(rest) = url.strip_prefix("@/") {
            let (path, anchor) = match rest.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (rest, None),
            };
            let location = sidecar.locate_in_note(i, url);
            match resolver.content_url(path) {
                Ok(site_path) => {
                    let href = options.base.url(&site_path);
                    let href = anchor.map_or(href.clone(), |a| href.with_fragment(a));
                    out.push(Source {
                        title: source.title.clone(),
                        href: href.into(),
                        excerpt: source.excerpt.clone(),
                    });
                    links.push(Link {
                        target: LinkTarget::Content {
                            path: path.to_string(),
                            anchor: anchor.map(str::to_string),
                        },
                        location,
                    });
                }
                Err(why) => problems.push(
                    Diagnostic::error(format!("broken source link `{url}`: {why}")).at(location),
                ),
            }
        } else if is_absolute_http(url) {
            out.push(Source {
                title: source.title.clone(),
                href: url.to_string(),
                excerpt: source.excerpt.clone(),
            });
        } else {
            problems.push(
                sidecar
                    .error_at(&at, format!("source URL `{url}` is neither an absolute http(s) URL nor an `@/` link"))
                    .hint("give the full address, starting with https://, or `@/statements/<file>.md#p3` for the archive's own documents"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
