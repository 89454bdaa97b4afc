//! What templates see: plain serializable views of the archive, with URLs already carrying the
//! base path and dates already formatted, so templates hold no logic beyond layout.
//!
//! Views that appear on many pages (a statement's card, a term's link) are converted to Tera
//! values once, in [`Shared`]; Tera values are reference-counted, so putting one on a thousand list
//! pages costs a thousand pointer copies, not a thousand serializations.

use serde::Serialize;
use tera::Value;

use crate::annotate::StatementText;
use crate::config::Config;
use crate::content::meta::{RespondsTo, Translation};
use crate::date::ArchiveDate;
use crate::diagnostics::Diagnostic;
use crate::ids::{StatementId, TermId};
use crate::model::{Archive, DocRef, Statement, Taxonomy, TaxonomyKind};
use crate::plan::data::{self as downloads, Download};
use crate::plan::{NotesIndex, companions};
use crate::urls::{AbsoluteUrl, Href, SitePath};

use super::notes;

#[derive(Serialize)]
pub struct DateView {
    pub iso: String,
    pub human: String,
    pub year: i16,
    pub rfc3339: String,
}

impl From<&ArchiveDate> for DateView {
    fn from(d: &ArchiveDate) -> Self {
        DateView {
            iso: d.iso(),
            human: d.human(),
            year: d.year(),
            rfc3339: d.rfc3339(),
        }
    }
}

#[derive(Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// Absolute URL of the site root, with a trailing slash.
    pub url: AbsoluteUrl,
    /// Path of the site root: `/` or `/archive/`.
    pub base_path: &'a str,
    pub language: &'a str,
    pub publisher: Option<&'a crate::config::Party>,
    pub licence: Option<&'a crate::config::Party>,
    pub menu: Vec<Link>,
    pub statement_count: usize,
    pub topic_count: usize,
    pub entity_count: usize,
    /// Years with statements, oldest first.
    pub years: Vec<i16>,
    /// Whether the site has a search page.
    pub search: bool,
    /// Absolute URL of the site's Atom feed.
    pub feed: AbsoluteUrl,
}

impl<'a> SiteView<'a> {
    pub fn new(archive: &'a Archive) -> Self {
        let config = &archive.config;
        let mut years: Vec<i16> = archive
            .statements
            .iter()
            .map(|s| s.doc.meta.date.year())
            .collect();
        years.dedup();
        SiteView {
            title: &config.title,
            description: &config.description,
            url: config.base_url.root(),
            base_path: config.base_url.path(),
            language: &config.language,
            publisher: config.publisher.as_ref(),
            licence: config.licence.as_ref(),
            menu: config
                .menu
                .iter()
                .map(|m| Link {
                    title: m.title.clone(),
                    url: site_href(config, &m.url),
                })
                .collect(),
            statement_count: archive.statements.len(),
            topic_count: archive.topics.terms.len(),
            entity_count: archive.entities.terms.len(),
            years,
            search: config.search,
            feed: config.base_url.absolute(&SitePath::new("atom.xml")),
        }
    }
}

/// An href for a path written in config or templates: site paths get the base path.
pub fn site_href(config: &Config, path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") {
        config.base_url.url(&SitePath::new(path)).into()
    } else {
        path.to_string()
    }
}

#[derive(Serialize)]
pub struct TermLink {
    pub slug: String,
    pub name: String,
    pub url: Href,
    pub kind: Option<String>,
    pub description: Option<String>,
    pub aliases: Vec<String>,
    pub count: usize,
}

fn term_links(config: &Config, tax: &Taxonomy) -> Vec<Value> {
    tax.ids()
        .zip(&tax.terms)
        .map(|(i, t)| {
            Value::from_serializable(&TermLink {
                slug: t.slug.clone(),
                name: t.name.clone(),
                url: config.base_url.url(&tax.url_of(i)),
                kind: t.kind.clone(),
                description: t.description.clone(),
                aliases: t.aliases.clone(),
                count: t.members.len(),
            })
        })
        .collect()
}

/// A statement as it appears in lists.
#[derive(Serialize)]
pub struct Card<'a> {
    pub slug: &'a str,
    pub url: Href,
    pub title: &'a str,
    pub date: DateView,
    /// The date is the archive's inference: every place that shows it says so.
    pub date_inferred: bool,
    pub issuer: &'a str,
    pub speaker: Option<&'a str>,
    pub summary: String,
    pub topics: Vec<Value>,
    pub responds_to: Option<&'a RespondsTo>,
    pub publisher: Option<&'a str>,
    pub translation: Translation,
    pub translation_label: &'static str,
    pub note_count: usize,
}

/// Views shared by many pages, converted to Tera values once.
pub struct Shared {
    /// Each statement's card, by id.
    cards: Vec<Value>,
    pub topics: Vec<Value>,
    pub entities: Vec<Value>,
    /// The statements, newest first: the order of every list.
    pub newest_first: Vec<StatementId>,
    pub notes: NotesIndex,
}

impl Shared {
    pub fn new(archive: &Archive) -> Self {
        let config = &archive.config;
        let topics = term_links(config, &archive.topics);
        let entities = term_links(config, &archive.entities);
        let cards = archive
            .statements
            .iter()
            .map(|s| Value::from_serializable(&card(config, s, &topics)))
            .collect();
        Shared {
            cards,
            topics,
            entities,
            newest_first: archive.statement_ids().rev().collect(),
            notes: NotesIndex::new(archive),
        }
    }

    /// Updates what depends on statement `id` after it changed in place.
    pub fn refresh(&mut self, archive: &Archive, id: StatementId) {
        let s = &archive.statements[id];
        self.cards[id] = Value::from_serializable(&card(&archive.config, s, &self.topics));
        self.notes = NotesIndex::new(archive);
    }

    pub fn terms(&self, kind: TaxonomyKind) -> &[Value] {
        match kind {
            TaxonomyKind::Topics => &self.topics,
            TaxonomyKind::Entities => &self.entities,
        }
    }

    /// Statement `id`'s card.
    pub fn card(&self, id: StatementId) -> &Value {
        &self.cards[id]
    }

    /// The cards of statements `ids`, in their order.
    pub fn cards_of(&self, ids: impl IntoIterator<Item = StatementId>) -> Vec<Value> {
        ids.into_iter().map(|i| self.card(i).clone()).collect()
    }

    /// Term `t` of the `kind` taxonomy, as a link.
    pub fn term(&self, kind: TaxonomyKind, t: TermId) -> &Value {
        &self.terms(kind)[t]
    }
}

fn card<'a>(config: &Config, s: &'a Statement, topic_links: &[Value]) -> Card<'a> {
    let meta = &s.doc.meta;
    let source = meta.source.as_ref();
    let translation = source.map_or(Translation::None, |src| src.translation);
    Card {
        slug: &s.doc.slug,
        url: config.base_url.url(&s.url()),
        title: &meta.title,
        date: DateView::from(&meta.date),
        date_inferred: meta.date_inferred,
        issuer: &meta.issuer,
        speaker: meta.speaker.as_deref(),
        summary: meta
            .summary
            .clone()
            .unwrap_or_else(|| s.outline.excerpt.clone()),
        topics: s.topics.iter().map(|&t| topic_links[t].clone()).collect(),
        responds_to: meta.responds_to.as_ref(),
        publisher: source.and_then(|src| src.publisher.as_deref()),
        translation,
        translation_label: translation.label(),
        note_count: s.notes.len(),
    }
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub publisher: Option<&'a str>,
    pub author: Option<&'a str>,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub published: Option<DateView>,
    pub updated: Option<DateView>,
    pub retrieved: Option<DateView>,
    pub translation: Translation,
    pub translation_label: &'static str,
    pub original_language: Option<&'a str>,
}

/// Everything the statement page shows beyond its card.
#[derive(Serialize)]
pub struct StatementView<'a> {
    pub card: Value,
    /// The text, one top-level element at a time, each with the notes shown beside it.
    pub chunks: Vec<notes::ChunkView<'a>>,
    /// Every note, in reading order.
    pub notes: Vec<Value>,
    /// Where its plain text is (its year's statements download), and the notes export (a W3C
    /// AnnotationCollection, which the page links rather than embeds: a copy in every page made
    /// it a fifth larger), published beside it.
    pub text_url: Href,
    pub notes_url: Href,
    pub date_note: Option<&'a str>,
    pub language: &'a str,
    pub source: Option<SourceView<'a>>,
    pub entities: Vec<Value>,
    pub permalink: AbsoluteUrl,
    pub file: String,
    pub word_count: usize,
    pub paragraph_count: usize,
    /// The formatted reference, without the access date.
    pub citation: String,
    /// The reference as BibTeX and as CSL-JSON, in `data:` URLs that download them: a file
    /// of each beside every page cost two files per statement for a few hundred bytes.
    pub bibtex_url: String,
    pub csl_url: String,
    /// schema.org JSON-LD describing the statement, ready for a script element.
    pub schema_jsonld: String,
    /// When the text has earlier versions: when each was seen, and the page of the changes.
    pub changed: Option<TextChanges>,
    /// The statements it is compared with side by side, each with the comparison's page.
    pub compare: Vec<super::compare::CompareLink<'a>>,
    /// Its original, when it is a translation (with its own parallel page).
    pub translation_of: Option<TranslationLink<'a>>,
    /// Its translations, each with its parallel page.
    pub translations: Vec<TranslationLink<'a>>,
    /// Its original and translations, one per language, itself first: the page's `hreflang`
    /// alternates (empty when it has neither).
    pub alternates: Vec<Alternate<'a>>,
    /// Corrections to its record and notes, oldest first, each with its anchor.
    pub corrections: Vec<StatementCorrection<'a>>,
    /// The corrections log of the whole archive.
    pub corrections_url: Href,
}

#[derive(Serialize)]
pub struct StatementCorrection<'a> {
    pub anchor: String,
    pub date: DateView,
    pub what: &'a str,
    pub why: &'a str,
}

/// An original or a translation, as the other's page links it.
#[derive(Serialize)]
pub struct TranslationLink<'a> {
    pub title: &'a str,
    pub url: Href,
    pub language: &'a str,
    /// The linked text's `source.translation`, as a label ("official translation", "original
    /// text").
    pub label: &'static str,
    /// The parallel page of the translation of the two.
    pub parallel_url: Href,
}

/// A version of the page in another language (`<link rel="alternate" hreflang>`).
#[derive(Serialize)]
pub struct Alternate<'a> {
    pub language: &'a str,
    pub url: AbsoluteUrl,
}

fn language_of(archive: &Archive, id: StatementId) -> &str {
    archive.statements[id]
        .doc
        .meta
        .language
        .as_deref()
        .unwrap_or(&archive.config.language)
}

fn translation_link(
    archive: &Archive,
    linked: StatementId,
    translation: StatementId,
) -> TranslationLink<'_> {
    let s = &archive.statements[linked];
    TranslationLink {
        title: &s.doc.meta.title,
        url: archive.config.base_url.url(&s.url()),
        language: language_of(archive, linked),
        label: s
            .doc
            .meta
            .source
            .as_ref()
            .map(|src| src.translation)
            .unwrap_or_default()
            .label(),
        parallel_url: archive.config.base_url.url(&crate::plan::parallel_path(
            &archive.statements[translation],
        )),
    }
}

/// Statement `id` and every other text of its family (its original, the original's original…
/// and all their translations), one per language, `id` first: the page's alternates.
fn alternates(archive: &Archive, id: StatementId) -> Vec<Alternate<'_>> {
    let s = &archive.statements[id];
    if s.translation_of.is_none() && s.translations.is_empty() {
        return Vec::new();
    }
    // Cycles were reported and their links dropped: the walk up ends.
    let mut root = id;
    while let Some(up) = archive.statements[root].translation_of {
        root = up;
    }
    let mut family = vec![root];
    let mut k = 0;
    while k < family.len() {
        family.extend(archive.statements[family[k]].translations.iter().copied());
        k += 1;
    }
    let mut out: Vec<Alternate<'_>> = Vec::new();
    for member in std::iter::once(id).chain(family) {
        let language = language_of(archive, member);
        if !out.iter().any(|a| a.language == language) {
            out.push(Alternate {
                language,
                url: archive.statements[member].permalink.clone(),
            });
        }
    }
    out
}

/// "This text was changed": the dates its earlier versions were seen, oldest first, and the
/// page showing the differences.
#[derive(Serialize)]
pub struct TextChanges {
    pub seen: Vec<DateView>,
    pub current: DateView,
    pub url: Href,
}

impl<'a> StatementView<'a> {
    /// The view of statement `id`, whose text is rendered as `text`.
    pub fn new(
        archive: &'a Archive,
        shared: &Shared,
        id: StatementId,
        text: &'a StatementText,
    ) -> Self {
        let s = &archive.statements[id];
        let meta = &s.doc.meta;
        let notes = notes::note_values(archive, id, text);
        let file = |name: &str| archive.config.base_url.url(&s.url().join(name));
        let citation = crate::cite::Citation::new(archive, s);
        let changed = (!s.versions.is_empty()).then(|| TextChanges {
            seen: s
                .versions
                .iter()
                .map(|v| DateView::from(&v.doc.meta.seen))
                .collect(),
            current: DateView::from(&crate::model::current_seen(meta)),
            url: archive.config.base_url.url(&crate::plan::changes_path(s)),
        });
        StatementView {
            changed,
            compare: super::compare::links(archive, id),
            translation_of: s.translation_of.map(|o| translation_link(archive, o, id)),
            translations: s
                .translations
                .iter()
                .map(|&t| translation_link(archive, t, t))
                .collect(),
            alternates: alternates(archive, id),
            corrections: meta
                .corrections
                .iter()
                .enumerate()
                .map(|(k, c)| StatementCorrection {
                    anchor: correction_anchor(k),
                    date: DateView::from(&c.date),
                    what: &c.what,
                    why: &c.why,
                })
                .collect(),
            corrections_url: archive
                .config
                .base_url
                .url(&crate::plan::corrections_path()),
            card: shared.cards[id].clone(),
            chunks: {
                let mut chunks = notes::chunks(s, &text.rendered, &notes);
                super::claims::attach(archive, id, &mut chunks);
                chunks
            },
            notes,
            text_url: archive.config.base_url.url(&downloads::year_path(
                Download::Statements,
                meta.date.year(),
            )),
            notes_url: file(companions::NOTES),
            date_note: meta.date_note.as_deref(),
            language: meta.language.as_deref().unwrap_or(&archive.config.language),
            source: meta.source.as_ref().map(|src| SourceView {
                publisher: src.publisher.as_deref(),
                author: src.author.as_deref(),
                title: src.title.as_deref(),
                url: src.url.as_deref(),
                published: src.published.as_ref().map(DateView::from),
                updated: src.updated.as_ref().map(DateView::from),
                retrieved: src.retrieved.as_ref().map(DateView::from),
                translation: src.translation,
                translation_label: src.translation.label(),
                original_language: src.original_language.as_deref(),
            }),
            entities: s
                .entities
                .iter()
                .map(|&e| shared.entities[e].clone())
                .collect(),
            permalink: s.permalink.clone(),
            file: s.doc.source.path.display().to_string().replace('\\', "/"),
            word_count: s.outline.words,
            paragraph_count: s.outline.blocks.len(),
            citation: citation.formatted(),
            bibtex_url: data_url("application/x-bibtex", &citation.bibtex()),
            csl_url: data_url(
                "application/vnd.citationstyles.csl+json",
                &citation.csl_json(),
            ),
            schema_jsonld: schema_org(archive, id),
        }
    }
}

/// A `data:` URL holding `text` (UTF-8) as `mime`, percent-encoded so that it is safe in an
/// attribute and a URL alike.
fn data_url(mime: &str, text: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(text, DATA_URL_ESCAPES);
    format!("data:{mime};charset=utf-8,{encoded}")
}

/// What is escaped in a `data:` URL: everything but letters, digits and `-._~` (RFC 3986's
/// unreserved characters), so no quote, space, `#` or `%` of the text survives as itself.
const DATA_URL_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A link to any document, for backlinks.
#[derive(Serialize)]
pub struct DocLink {
    pub title: String,
    pub url: Href,
    pub kind: &'static str,
}

pub fn doc_link(archive: &Archive, doc: DocRef) -> DocLink {
    let (title, url) = archive.title_and_url(doc);
    DocLink {
        title,
        url: archive.config.base_url.url(&url),
        kind: match doc {
            DocRef::Home => "home",
            DocRef::Statement(_) => "statement",
            DocRef::Page(_) => "page",
            DocRef::Topic(_) => "topic",
            DocRef::Entity(_) => "entity",
        },
    }
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub url: Href,
}

/// Statements grouped by year, in the order given.
#[derive(Serialize)]
pub struct YearGroup {
    pub year: i16,
    pub anchor: String,
    pub statements: Vec<Value>,
}

pub fn group_by_year(archive: &Archive, shared: &Shared, ids: &[StatementId]) -> Vec<YearGroup> {
    let mut groups: Vec<YearGroup> = Vec::new();
    for &id in ids {
        let year = archive.statements[id].doc.meta.date.year();
        match groups.last_mut() {
            Some(g) if g.year == year => g.statements.push(shared.cards[id].clone()),
            _ => groups.push(YearGroup {
                year,
                anchor: format!("y{year}"),
                statements: vec![shared.cards[id].clone()],
            }),
        }
    }
    groups
}

/// The most empty years the timeline lists one by one.
pub const EMPTY_RUN: i32 = 3;

/// Whether the empty years from `start` are more than [`EMPTY_RUN`], and so shown as one
/// entry (the years already taken out of the maps are the ones before `start`'s run).
fn empty_run<A, B>(
    documents: &std::collections::BTreeMap<i32, A>,
    statements: &std::collections::BTreeMap<i32, B>,
    start: i32,
    last: i32,
) -> bool {
    let next_doc = documents
        .range(start..)
        .next()
        .map_or(last + 1, |(y, _)| *y);
    let next_statement = statements
        .range(start..)
        .next()
        .map_or(last + 1, |(y, _)| *y);
    let next = next_doc.min(next_statement);
    next - start > EMPTY_RUN
}

/// A year of the timeline, or a run of years without statements, events or answered
/// documents.
#[derive(Serialize)]
pub struct TimelineYear {
    pub year: i32,
    /// The last year of a run of empty years (equal to `year` otherwise).
    pub last_year: i32,
    pub anchor: String,
    /// Where the year is shown in full: its page, or its section of the one page.
    pub url: Href,
    pub empty: bool,
    /// The documents answered that year (by their own year), with the ratings they gave.
    pub documents: Vec<AnsweredDocument>,
    pub statement_count: usize,
    pub event_count: usize,
    /// The year's statements and events together, oldest first (an event dated only by its
    /// month or year comes after that month's or year's days: `EventDate::sort_key`); empty
    /// on the overview of a timeline with a page per year.
    pub entries: Vec<TimelineEntry>,
}

/// What a timeline page shows: every year in full (one page), the overview of the years
/// (`year` none, `by_year`), or one year in full (`year`).
#[derive(Serialize)]
pub struct TimelineView {
    /// Whether the timeline has a page per year (`plan::timeline_by_year`).
    pub by_year: bool,
    /// The year this page shows in full, on a timeline with a page per year.
    pub year: Option<i32>,
    /// Every year, for the years' navigation; with their entries when this page shows them.
    pub years: Vec<TimelineYear>,
}

/// A statement or an event on the timeline.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TimelineEntry {
    Statement { card: Value },
    Event(Box<EventView>),
}

/// An event declared on a note, as the timeline shows it: linking to the note beside its
/// passage, with the statement that states it.
#[derive(Serialize)]
pub struct EventView {
    pub title: String,
    /// ISO 8601 with only the known parts (`2018`, `2018-03`, `2018-03-15`).
    pub iso: String,
    pub human: String,
    pub circa: bool,
    /// The note, on the statement's page.
    pub url: Href,
    /// The paragraph the passage starts in.
    pub paragraph: usize,
    pub passage: String,
    pub statement_title: String,
    pub statement_date: DateView,
}

impl EventView {
    pub fn new(archive: &Archive, event: &crate::model::Event<'_>) -> Self {
        let s = &archive.statements[event.statement];
        EventView {
            title: event.meta.title.clone(),
            iso: event.meta.date.iso(),
            human: event.meta.date.human(),
            circa: event.meta.circa,
            url: event.href(archive),
            paragraph: event.note.block,
            passage: event.note.passage.clone(),
            statement_title: s.doc.meta.title.clone(),
            statement_date: DateView::from(&s.doc.meta.date),
        }
    }
}

/// A document statements respond to (`responds_to` in front matter), in its year.
#[derive(Serialize)]
pub struct AnsweredDocument {
    pub document: String,
    pub year: Option<i32>,
    pub answers: Vec<Answer>,
}

/// A statement answering a document, and the rating its front matter records.
#[derive(Serialize)]
pub struct Answer {
    pub rating: Option<String>,
    pub title: String,
    pub url: Href,
    pub date: DateView,
}

/// The timeline: every year from the oldest statement, event or answered document to the
/// newest, each with its documents and counts; empty years are marked as such, and a run of
/// more than [`EMPTY_RUN`] of them is one entry. The statements and events of a year are
/// made only for the years the page shows in full (`year`, or every year on a one-page
/// timeline).
pub fn timeline(archive: &Archive, shared: &Shared, year: Option<i32>) -> TimelineView {
    use std::collections::BTreeMap;
    let by_year = crate::plan::timeline_by_year(archive);
    let shown = |y: i32| year.map_or(!by_year, |only| only == y);
    // Each year's entries with their sort keys: (year, month, day), then events first.
    type Keyed = ((i16, i8, i8), u8, usize, TimelineEntry);
    let mut entries: BTreeMap<i32, Vec<Keyed>> = BTreeMap::new();
    // Each year's statements and events.
    let mut counts: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    let mut documents: BTreeMap<i32, Vec<AnsweredDocument>> = BTreeMap::new();
    for (id, s) in archive.statements.iter().enumerate() {
        let meta = &s.doc.meta;
        let y = i32::from(meta.date.year());
        counts.entry(y).or_default().0 += 1;
        if shown(y) {
            let day = (
                meta.date.year(),
                meta.date.date.month(),
                meta.date.date.day(),
            );
            let card = shared.cards[id].clone();
            let entry = TimelineEntry::Statement { card };
            entries.entry(y).or_default().push((day, 1, id, entry));
        }
        let Some(r) = &meta.responds_to else { continue };
        let answered = r.year.unwrap_or(y);
        if !shown(answered) {
            documents.entry(answered).or_default();
            continue;
        }
        let answer = Answer {
            rating: r.rating.clone(),
            title: meta.title.clone(),
            url: archive.config.base_url.url(&s.url()),
            date: DateView::from(&meta.date),
        };
        let docs = documents.entry(answered).or_default();
        match docs
            .iter_mut()
            .find(|d| d.document == r.document && d.year == r.year)
        {
            Some(d) => d.answers.push(answer),
            None => docs.push(AnsweredDocument {
                document: r.document.clone(),
                year: r.year,
                answers: vec![answer],
            }),
        }
    }
    for (n, event) in archive.events().iter().enumerate() {
        let d = event.meta.date;
        let y = i32::from(d.year);
        counts.entry(y).or_default().1 += 1;
        if shown(y) {
            let entry = TimelineEntry::Event(Box::new(EventView::new(archive, event)));
            entries
                .entry(y)
                .or_default()
                .push((d.sort_key(), 0, n, entry));
        }
    }
    let years = counts.keys().chain(documents.keys());
    let (Some(&first), Some(&last)) = (years.clone().min(), years.max()) else {
        return TimelineView {
            by_year,
            year,
            years: Vec::new(),
        };
    };
    let mut out: Vec<TimelineYear> = Vec::new();
    for y in first..=last {
        let has_documents = documents.contains_key(&y);
        let docs = documents.remove(&y).unwrap_or_default();
        let (statement_count, event_count) = counts.remove(&y).unwrap_or_default();
        let mut list = entries.remove(&y).unwrap_or_default();
        list.sort_by_key(|k| (k.0, k.1, k.2));
        let empty = !has_documents && statement_count + event_count == 0;
        match out.last_mut() {
            Some(run) if empty && run.empty && empty_run(&documents, &counts, run.year, last) => {
                run.last_year = y;
            }
            _ => out.push(TimelineYear {
                year: y,
                last_year: y,
                anchor: format!("y{y}"),
                url: crate::plan::timeline_year_href(archive, y),
                empty,
                documents: docs,
                statement_count,
                event_count,
                entries: list.into_iter().map(|k| k.3).collect(),
            }),
        }
    }
    TimelineView {
        by_year,
        year,
        years: out,
    }
}

/// An Atom feed: the newest statements of the archive or of one topic.
#[derive(Serialize)]
pub struct FeedView {
    pub title: String,
    /// Absolute URL of the feed itself.
    pub url: AbsoluteUrl,
    /// Absolute URL of the page the feed follows.
    pub page_url: AbsoluteUrl,
    /// The newest change among the entries (RFC 3339), so the feed changes only with them.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
pub struct FeedEntry {
    pub card: Value,
    pub permalink: AbsoluteUrl,
    pub updated: String,
    /// The statement's text as HTML paragraphs, without the page's marks and links, then its
    /// notes, each with its passage.
    pub content: String,
}

/// The feed of the archive, or of one topic. Its entries carry their statements' texts, read
/// again where the archive does not hold them.
pub fn feed(
    archive: &Archive,
    shared: &Shared,
    topic: Option<TermId>,
) -> Result<FeedView, Diagnostic> {
    let config = &archive.config;
    let (title, page, ids): (String, SitePath, Vec<StatementId>) = match topic {
        Some(t) => {
            let term = &archive.topics.terms[t];
            let ids = term
                .members
                .iter()
                .rev()
                .copied()
                .take(config.feed_limit)
                .collect();
            (
                format!("{}: {}", config.title, term.name),
                archive.topics.url_of(t),
                ids,
            )
        }
        None => {
            let ids = shared
                .newest_first
                .iter()
                .copied()
                .take(config.feed_limit)
                .collect();
            (config.title.clone(), SitePath::default(), ids)
        }
    };
    let entries = ids
        .iter()
        .map(|&i| {
            let s = &archive.statements[i];
            let text = archive.text(i)?;
            let mut content: String = text
                .rendered
                .blocks
                .iter()
                .map(|b| {
                    format!(
                        "<p>{}</p>",
                        crate::markdown::escape_html(text.rendered.block_text(b))
                    )
                })
                .collect();
            content.push_str(&notes::feed_html(s, &text));
            Ok(FeedEntry {
                card: shared.cards[i].clone(),
                permalink: s.permalink.clone(),
                updated: s.changed.rfc3339(),
                content,
            })
        })
        .collect::<Result<Vec<FeedEntry>, Diagnostic>>()?;
    let updated = ids
        .iter()
        .map(|&i| archive.statements[i].changed)
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    Ok(FeedView {
        title,
        url: config.base_url.absolute(&page.join("atom.xml")),
        page_url: config.base_url.absolute(&page),
        updated,
        entries,
    })
}

/// The corrections log and its feed: every correction to the archive's own content, newest
/// first.
#[derive(Serialize)]
pub struct CorrectionsView<'a> {
    /// Absolute URLs of the page and of its feed.
    pub page_url: AbsoluteUrl,
    pub feed_url: AbsoluteUrl,
    /// The newest correction's date (RFC 3339), or the archive's newest change when there is
    /// none, so the feed changes only with them.
    pub updated: String,
    pub entries: Vec<CorrectionEntry<'a>>,
}

#[derive(Serialize)]
pub struct CorrectionEntry<'a> {
    pub date: DateView,
    pub what: &'a str,
    pub why: &'a str,
    pub statement_title: &'a str,
    pub statement_url: Href,
    /// Where the correction is listed on the statement's page: a stable, absolute address,
    /// which is also the feed entry's id.
    pub permalink: AbsoluteUrl,
}

/// The anchor of correction `k` (from 0) on its statement's page.
pub fn correction_anchor(k: usize) -> String {
    format!("correction-{}", k + 1)
}

pub fn corrections(archive: &Archive) -> CorrectionsView<'_> {
    let config = &archive.config;
    let list = crate::plan::corrections(archive);
    let entries = list
        .iter()
        .map(|&(i, k)| {
            let s = &archive.statements[i];
            let c = &s.doc.meta.corrections[k];
            let url = s.url();
            CorrectionEntry {
                date: DateView::from(&c.date),
                what: &c.what,
                why: &c.why,
                statement_title: &s.doc.meta.title,
                statement_url: config.base_url.url(&url),
                permalink: config
                    .base_url
                    .absolute(&url)
                    .with_fragment(&correction_anchor(k)),
            }
        })
        .collect::<Vec<_>>();
    let updated = list
        .first()
        .map(|&(i, k)| archive.statements[i].doc.meta.corrections[k].date)
        .or(archive.changed)
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let page = crate::plan::corrections_path();
    CorrectionsView {
        page_url: config.base_url.absolute(&page),
        feed_url: config.base_url.absolute(&page.join("atom.xml")),
        updated,
        entries,
    }
}

/// One year's file of a download split by year.
#[derive(Serialize)]
pub struct YearDownload {
    pub year: i16,
    pub url: Href,
}

pub(crate) fn year_downloads(archive: &Archive, download: Download) -> Vec<YearDownload> {
    downloads::years(archive, download)
        .into_iter()
        .map(|year| YearDownload {
            year,
            url: archive
                .config
                .base_url
                .url(&downloads::year_path(download, year)),
        })
        .collect()
}

/// What the data page needs to describe the downloads.
#[derive(Serialize)]
pub struct DataView {
    /// The statements' downloads (records with texts, and records as CSV rows) and the
    /// notes', one per year, oldest first.
    pub statement_years: Vec<YearDownload>,
    pub statement_csv_years: Vec<YearDownload>,
    pub note_years: Vec<YearDownload>,
    pub sitemap: Href,
    pub feed: Href,
    pub statement_count: usize,
    pub note_count: usize,
    pub csv_columns: &'static [&'static str],
    pub events_csv: Href,
    pub event_columns: &'static [&'static str],
    pub event_count: usize,
    pub timeline_years: Vec<YearDownload>,
    pub figures_csv: Href,
    pub figure_columns: &'static [&'static str],
    pub figure_count: usize,
    pub measure_count: usize,
    pub figures: Href,
    pub mentions: super::mentions::MentionsData,
    pub claims_json: Href,
    pub claims_csv: Href,
    pub claim_columns: &'static [&'static str],
    pub claim_count: usize,
}

pub fn data_page(archive: &Archive) -> DataView {
    let url = |p: &str| archive.config.base_url.url(&SitePath::new(p));
    DataView {
        statement_years: year_downloads(archive, Download::Statements),
        statement_csv_years: year_downloads(archive, Download::StatementRows),
        note_years: year_downloads(archive, Download::Notes),
        sitemap: url("sitemap.xml"),
        feed: url("atom.xml"),
        statement_count: archive.statements.len(),
        note_count: archive.statements.iter().map(|s| s.notes.len()).sum(),
        csv_columns: crate::output::downloads::CSV_COLUMNS,
        events_csv: url("data/events.csv"),
        event_columns: crate::output::downloads::EVENT_COLUMNS,
        event_count: archive.events().len(),
        timeline_years: year_downloads(archive, Download::Timeline),
        figures_csv: url("data/figures.csv"),
        figure_columns: crate::output::downloads::FIGURE_COLUMNS,
        figure_count: archive.figures().len(),
        measure_count: archive.measures.len(),
        figures: url("figures/"),
        mentions: super::mentions::data(archive),
        claims_json: url(crate::plan::data::CLAIMS_JSONL),
        claims_csv: url(crate::plan::data::CLAIMS_CSV),
        claim_columns: crate::output::claims::COLUMNS,
        claim_count: archive.claims.list.len(),
    }
}

/// The search page's settings: where the index is, and the indexes of other languages to
/// search at the same time.
#[derive(Serialize)]
pub struct SearchView {
    pub bundle: Href,
    /// `[{bundle, language}]` as JSON, for the search script to read from a data attribute.
    pub merge_json: String,
}

#[derive(Serialize)]
pub struct MergedIndex {
    pub bundle: Href,
    pub language: String,
}

pub fn search_page(archive: &Archive) -> SearchView {
    let base = &archive.config.base_url;
    let merge: Vec<MergedIndex> = crate::plan::search::bundles(archive)
        .into_iter()
        .filter(|b| !b.is_primary())
        .map(|b| MergedIndex {
            bundle: base.url(&SitePath::new(b.folder)),
            language: b.language,
        })
        .collect();
    SearchView {
        bundle: base.url(&SitePath::new(crate::plan::search::BUNDLE)),
        merge_json: serde_json::to_string(&merge).unwrap_or_else(|_| "[]".into()),
    }
}

/// schema.org JSON-LD for a statement page: what it is, when, by whom, about what, and what it
/// was archived from. Escaped for a `<script type="application/ld+json">` element.
fn schema_org(archive: &Archive, id: StatementId) -> String {
    let s = &archive.statements[id];
    let meta = &s.doc.meta;
    let name = |n: &str| serde_json::json!({ "@type": "Thing", "name": n });
    let mut doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "genre": "Public statement",
        "name": meta.title,
        "headline": meta.title,
        "url": s.permalink,
        "datePublished": meta.date.iso(),
        "inLanguage": meta.language.as_deref().unwrap_or(&archive.config.language),
        "author": { "@type": "GovernmentOrganization", "name": meta.issuer },
        "about": s.topics.iter().map(|&t| name(&archive.topics.terms[t].name)).collect::<Vec<_>>(),
        "mentions": s.entities.iter().map(|&e| name(&archive.entities.terms[e].name)).collect::<Vec<_>>(),
        "isPartOf": { "@type": "WebSite", "name": archive.config.title, "url": archive.config.base_url.root() },
    });
    let object = doc.as_object_mut();
    if let (Some(map), Some(summary)) = (object, &meta.summary) {
        map.insert("description".into(), serde_json::json!(summary));
    }
    if let (Some(map), Some(p)) = (doc.as_object_mut(), &archive.config.publisher) {
        map.insert(
            "publisher".into(),
            serde_json::json!({ "@type": "Organization", "name": p.name }),
        );
    }
    if let (Some(map), Some(src)) = (doc.as_object_mut(), &meta.source) {
        let mut based = serde_json::json!({ "@type": "CreativeWork" });
        if let Some(b) = based.as_object_mut() {
            for (key, value) in [
                ("headline", src.title.clone()),
                ("url", src.url.clone()),
                ("datePublished", src.published.map(|d| d.iso())),
                ("dateModified", src.updated.map(|d| d.iso())),
            ] {
                if let Some(v) = value {
                    b.insert(key.into(), serde_json::json!(v));
                }
            }
            if let Some(p) = &src.publisher {
                b.insert(
                    "publisher".into(),
                    serde_json::json!({ "@type": "Organization", "name": p }),
                );
            }
            if let Some(a) = &src.author {
                b.insert(
                    "author".into(),
                    serde_json::json!({ "@type": "Person", "name": a }),
                );
            }
        }
        map.insert("isBasedOn".into(), based);
    }
    crate::annotate::export::for_script(&doc)
}
