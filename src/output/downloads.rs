//! The archive's data for reuse: `data/statements/<year>.jsonl.gz` (every statement's record
//! and text, a JSON object per line, a file per year), `data/statements/<year>.csv.gz` (the
//! records, one row each), `data/annotations/<year>.jsonl.gz` (every note as a W3C Web
//! Annotation, one per line, a file per year), `data/mentions/<year>.csv.gz` (the paragraphs
//! naming an entity), and the events' and figures' CSVs.
//!
//! Line-delimited, compressed and split by year: a single JSON array of the archive ran to
//! 59 MB at 10,000 statements, had to be read whole to be parsed, and counted against the
//! site's size limit uncompressed; a year's file is read a line at a time, and gzip leaves
//! about a fifth of it.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use serde::Serialize;

use crate::annotate::export;
use crate::annotate::{Note, StatementText};
use crate::content::meta::{RespondsTo, SourceMeta};
use crate::diagnostics::Diagnostic;
use crate::ids::StatementId;
use crate::model::{Archive, Statement};
use crate::plan::companions;
use crate::plan::data::Download;
use crate::urls::AbsoluteUrl;

/// A statement as the JSON Lines downloads describe it. The field list is documented on the site's
/// `/data/` page; keep the two in step.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    date: String,
    /// The date is the archive's inference (`date_note` says how), not the source's.
    date_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_note: Option<&'a str>,
    issuer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a SourceMeta>,
    #[serde(skip_serializing_if = "Option::is_none")]
    responds_to: Option<&'a RespondsTo>,
    topics: Vec<&'a str>,
    entities: Vec<&'a str>,
    related: Vec<&'a str>,
    /// The id of the statement it is a translation of.
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_of: Option<&'a str>,
    notes: usize,
    /// The events its notes declare, in reading order.
    events: Vec<EventRecord<'a>>,
    /// The figures its notes declare, in reading order.
    figures: Vec<FigureRecord<'a>>,
    /// The paragraphs that name an entity, in reading order.
    mentions: Vec<MentionRecord<'a>>,
    notes_url: String,
    text: &'a str,
    /// SHA-256 of `text`, so that a copy can be checked against the archive's.
    text_sha256: String,
    /// Earlier versions of the text, oldest first (none, mostly).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    versions: Vec<VersionRecord<'a>>,
}

/// An earlier version of a statement's text, as the downloads describe it: when and where it
/// was seen, and the SHA-256 of its plain text (the text itself is on the changes page).
#[derive(Serialize)]
struct VersionRecord<'a> {
    seen: String,
    url: &'a str,
    sha256: &'a str,
}

/// An event a note declares, as the downloads describe it (`data/events.csv` has the same
/// fields, with its statement's id and URL).
#[derive(Serialize)]
struct EventRecord<'a> {
    /// The id of the note that anchors it.
    note: &'a str,
    /// ISO 8601, as precise as the passage: `2018`, `2018-03` or `2018-03-15`.
    date: String,
    circa: bool,
    title: &'a str,
    /// The paragraph the passage starts in.
    paragraph: usize,
    passage: &'a str,
    /// The note on the statement's page.
    url: String,
}

/// A figure a note declares, as the downloads describe it (`data/figures.csv` has the same
/// fields, with its measure's name and its statement's id and URL).
#[derive(Serialize)]
struct FigureRecord<'a> {
    /// The id of the note that anchors it.
    note: &'a str,
    /// The slug of its measure.
    measure: &'a str,
    /// ISO 8601, as precise as the passage: `2024`, `2024-03` or `2024-03-15`.
    period: String,
    /// The number, without grouping: `11300`, `3.5`.
    value: &'a str,
    /// The passage gives it only roughly ("more than 6,900").
    approx: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    /// The words of the passage that give it.
    written: &'a str,
    /// The paragraph the passage starts in.
    paragraph: usize,
    passage: &'a str,
    /// The note on the statement's page.
    url: String,
}

/// A paragraph naming an entity, as the downloads describe it (`data/mentions.csv` has the
/// same fields, with its statement's id and URL, the entity's name and a snippet).
#[derive(Serialize)]
struct MentionRecord<'a> {
    /// The entity's slug.
    entity: &'a str,
    paragraph: u32,
    /// How many times the paragraph names it.
    count: u32,
    /// The words of the first time, as the text writes them.
    words: &'a str,
    /// Whether the first time links to the entity's page.
    linked: bool,
}

fn mention_records<'a>(archive: &'a Archive, s: &'a Statement) -> Vec<MentionRecord<'a>> {
    s.mentions
        .iter()
        .map(|m| MentionRecord {
            entity: &archive.entities.terms[m.entity].slug,
            paragraph: m.block,
            count: m.count,
            words: m.words(),
            linked: m.linked,
        })
        .collect()
}

/// Statement `s`'s record, with its plain `text`.
fn record<'a>(archive: &'a Archive, s: &'a Statement, text: &'a str) -> Record<'a> {
    {
        let meta = &s.doc.meta;
        Record {
            id: &s.doc.slug,
            url: s.permalink.as_str(),
            title: &meta.title,
            date: meta.date.iso(),
            date_inferred: meta.date_inferred,
            date_note: meta.date_note.as_deref(),
            issuer: &meta.issuer,
            speaker: meta.speaker.as_deref(),
            summary: meta.summary.as_deref(),
            language: meta.language.as_deref().unwrap_or(&archive.config.language),
            source: meta.source.as_ref(),
            responds_to: meta.responds_to.as_ref(),
            topics: s
                .topics
                .iter()
                .map(|&t| archive.topics.terms[t].slug.as_str())
                .collect(),
            entities: s
                .entities
                .iter()
                .map(|&e| archive.entities.terms[e].slug.as_str())
                .collect(),
            related: s
                .related
                .iter()
                .map(|&r| archive.statements[r].doc.slug.as_str())
                .collect(),
            translation_of: s
                .translation_of
                .map(|o| archive.statements[o].doc.slug.as_str()),
            notes: s.notes.len(),
            events: s
                .notes
                .iter()
                .filter_map(|note| {
                    note.event.as_ref().map(|meta| EventRecord {
                        note: &note.meta.id,
                        date: meta.date.iso(),
                        circa: meta.circa,
                        title: &meta.title,
                        paragraph: note.block,
                        passage: &note.passage,
                        url: format!("{}#{}", s.permalink, note.anchor),
                    })
                })
                .collect(),
            figures: s
                .notes
                .iter()
                .filter_map(|note| {
                    let f = note.figure.as_ref()?;
                    let measure = archive.measure(&f.measure).map(|m| &archive.measures[m]);
                    Some(FigureRecord {
                        note: &note.meta.id,
                        measure: &f.measure,
                        period: f.period.iso(),
                        value: &f.value,
                        approx: f.approx,
                        unit: f
                            .unit
                            .as_deref()
                            .or(measure.and_then(|m| m.unit.as_deref())),
                        written: &f.written,
                        paragraph: note.block,
                        passage: &note.passage,
                        url: format!("{}#{}", s.permalink, note.anchor),
                    })
                })
                .collect(),
            mentions: mention_records(archive, s),
            notes_url: format!("{}{}", s.permalink, companions::NOTES),
            text,
            text_sha256: crate::model::sha256_hex(text),
            versions: s
                .versions
                .iter()
                .map(|v| VersionRecord {
                    seen: v.doc.meta.seen.iso(),
                    url: &v.doc.meta.url,
                    sha256: &v.sha256,
                })
                .collect(),
        }
    }
}

/// A note as a line of its download: a W3C Annotation that names its own JSON-LD context, as a
/// line read alone must.
#[derive(Serialize)]
struct NoteLine<T> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(flatten)]
    annotation: T,
}

/// A statement's lines in the two downloads: its record, and each of its notes (none, for a
/// statement without notes). Made where the statement's text is at hand, in parallel; the
/// files are compressed from them in archive order by [`YearFiles`].
pub struct Lines {
    year: i16,
    statement: Vec<u8>,
    notes: Vec<u8>,
}

/// Statement `id`'s lines, from its rendered `text`.
pub fn lines(archive: &Archive, id: StatementId, text: &StatementText) -> Lines {
    let s = &archive.statements[id];
    let mut statement = Vec::new();
    write_line(
        &mut statement,
        &record(archive, s, text.rendered.plain_text()),
    );
    let mut notes = Vec::new();
    for annotation in archive.notes_annotations(id, text, 0..s.notes.len()) {
        let line = NoteLine {
            context: export::CONTEXT,
            annotation,
        };
        write_line(&mut notes, &line);
    }
    Lines {
        year: s.doc.meta.date.year(),
        statement,
        notes,
    }
}

/// The per-year files of both downloads, made as statements' lines are added in archive
/// order: a year's files are done when the first statement of the next arrives, so only the
/// current year's compressed bytes are held. Gzip level 6, no file name or time in the header,
/// so every build is the same.
pub struct YearFiles {
    year: Option<i16>,
    statements: GzEncoder<Vec<u8>>,
    notes: GzEncoder<Vec<u8>>,
    /// Whether the current year has a note: a year without one has no notes file.
    noted: bool,
}

/// A finished file of a download: which, the year, and its bytes.
pub type YearFile = (Download, i16, Vec<u8>);

impl Default for YearFiles {
    fn default() -> Self {
        YearFiles {
            year: None,
            statements: gzip(),
            notes: gzip(),
            noted: false,
        }
    }
}

/// A gzip stream into memory, as every compressed download is written.
pub(crate) fn gzip() -> GzEncoder<Vec<u8>> {
    GzEncoder::new(Vec::new(), Compression::default())
}

/// A gzipped CSV file: the header row `columns`, then the rows `rows` writes. (Into memory,
/// which cannot fail, and these plain strings always write.)
pub(crate) fn gzipped_csv(
    columns: &[&str],
    rows: impl FnOnce(&mut csv::Writer<GzEncoder<Vec<u8>>>),
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(gzip());
    let _ = w.write_record(columns);
    rows(&mut w);
    w.into_inner()
        .ok()
        .and_then(|gz| gz.finish().ok())
        .unwrap_or_default()
}

impl YearFiles {
    /// Adds a statement's lines; returns the files of the year they close, if any.
    pub fn add(&mut self, lines: Lines) -> Vec<YearFile> {
        let done = match self.year {
            Some(year) if year != lines.year => self.close(),
            _ => Vec::new(),
        };
        self.year = Some(lines.year);
        // Into memory, which cannot fail.
        let _ = self.statements.write_all(&lines.statement);
        let _ = self.notes.write_all(&lines.notes);
        self.noted |= !lines.notes.is_empty();
        done
    }

    /// The files of the last year.
    pub fn finish(mut self) -> Vec<YearFile> {
        self.close()
    }

    fn close(&mut self) -> Vec<YearFile> {
        let Some(year) = self.year.take() else {
            return Vec::new();
        };
        let statements = std::mem::replace(&mut self.statements, gzip());
        let notes = std::mem::replace(&mut self.notes, gzip());
        let mut done = vec![(
            Download::Statements,
            year,
            statements.finish().unwrap_or_default(),
        )];
        if std::mem::take(&mut self.noted) {
            done.push((Download::Notes, year, notes.finish().unwrap_or_default()));
        }
        done
    }
}

/// `year`'s file of `download`, on its own (as `serve` writes it again after a change).
pub fn year_jsonl(archive: &Archive, download: Download, year: i16) -> Result<Vec<u8>, Diagnostic> {
    let mut files = YearFiles::default();
    let ids = archive
        .statement_ids()
        .filter(|&id| archive.statements[id].doc.meta.date.year() == year);
    for id in ids {
        let text = archive.text(id)?;
        files.add(lines(archive, id, &text));
    }
    Ok(files
        .finish()
        .into_iter()
        .find(|(d, _, _)| *d == download)
        .map(|(_, _, bytes)| bytes)
        .unwrap_or_else(|| gzip().finish().unwrap_or_default()))
}

/// Writes `value` as one line of JSON. (Into memory, which cannot fail, and these plain values
/// always serialize.)
pub(crate) fn write_line(out: &mut impl Write, value: &impl Serialize) {
    let _ = serde_json::to_writer(&mut *out, value);
    let _ = out.write_all(b"\n");
}

/// The columns of `statements.csv`.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "url",
    "title",
    "date",
    "date_inferred",
    "date_note",
    "issuer",
    "speaker",
    "language",
    "source_publisher",
    "source_author",
    "source_title",
    "source_url",
    "source_published",
    "source_updated",
    "source_retrieved",
    "translation",
    "responds_to_document",
    "responds_to_year",
    "responds_to_rating",
    "topics",
    "entities",
    "related",
    "notes",
];

/// `data/statements/<year>.csv.gz`: one row per statement of `year`, oldest first; lists are
/// joined with `;`.
pub fn csv(archive: &Archive, year: i16) -> Vec<u8> {
    gzipped_csv(CSV_COLUMNS, |w| {
        let of_year = archive
            .statements
            .iter()
            .filter(|s| s.doc.meta.date.year() == year);
        // The CSV has no text column.
        for r in of_year.map(|s| record(archive, s, "")) {
            let src = r.source;
            let opt = |v: Option<&str>| v.unwrap_or("").to_string();
            let date =
                |d: Option<&crate::date::ArchiveDate>| d.map(|d| d.iso()).unwrap_or_default();
            let row = [
                r.id.to_string(),
                r.url.to_string(),
                r.title.to_string(),
                r.date,
                r.date_inferred.to_string(),
                opt(r.date_note),
                r.issuer.to_string(),
                opt(r.speaker),
                r.language.to_string(),
                opt(src.and_then(|s| s.publisher.as_deref())),
                opt(src.and_then(|s| s.author.as_deref())),
                opt(src.and_then(|s| s.title.as_deref())),
                opt(src.and_then(|s| s.url.as_deref())),
                date(src.and_then(|s| s.published.as_ref())),
                date(src.and_then(|s| s.updated.as_ref())),
                date(src.and_then(|s| s.retrieved.as_ref())),
                src.map_or("none", |s| s.translation.key()).to_string(),
                opt(r.responds_to.map(|d| d.document.as_str())),
                r.responds_to
                    .and_then(|d| d.year)
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
                opt(r.responds_to.and_then(|d| d.rating.as_deref())),
                r.topics.join(";"),
                r.entities.join(";"),
                r.related.join(";"),
                r.notes.to_string(),
            ];
            let _ = w.write_record(&row);
        }
    })
}

/// The columns of `events.csv`.
pub const EVENT_COLUMNS: &[&str] = &[
    "date",
    "circa",
    "title",
    "statement",
    "statement_url",
    "note",
    "paragraph",
    "passage",
    "url",
];

/// The last columns of `events.csv` and the figures' CSVs, where a note's passage is:
/// `statement`, `statement_url`, `note`, `paragraph`, `passage` and `url` (the note's `url`).
fn passage_cells(s: &Statement, note: &Note, url: AbsoluteUrl) -> [String; 6] {
    [
        s.doc.slug.clone(),
        s.permalink.to_string(),
        note.meta.id.clone(),
        note.block.to_string(),
        note.passage.clone(),
        url.to_string(),
    ]
}

/// `events.csv`: one row per event a note declares, by date (as the timeline orders them).
pub fn events_csv(archive: &Archive) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(EVENT_COLUMNS);
    for event in archive.events() {
        let s = &archive.statements[event.statement];
        let row = [
            event.meta.date.iso(),
            event.meta.circa.to_string(),
            event.meta.title.clone(),
        ];
        let place = passage_cells(s, event.note, event.permalink(archive));
        let _ = w.write_record(row.into_iter().chain(place));
    }
    w.into_inner().unwrap_or_default()
}

/// The columns of `figures.csv` and of each measure's CSV.
pub const FIGURE_COLUMNS: &[&str] = &[
    "measure",
    "measure_name",
    "period",
    "value",
    "approx",
    "unit",
    "written",
    "statement",
    "statement_url",
    "note",
    "paragraph",
    "passage",
    "url",
];

/// `figures.csv` (every figure, `measure` `None`) or one measure's CSV: one row per figure, by
/// measure, then period (as the ledger's pages order them).
pub fn figures_csv(archive: &Archive, measure: Option<usize>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(FIGURE_COLUMNS);
    let figures = match measure {
        Some(m) => archive.figures_of(m),
        None => archive.figures(),
    };
    for f in figures {
        let s = &archive.statements[f.statement];
        let m = &archive.measures[f.measure];
        let row = [
            m.slug.clone(),
            m.name.clone(),
            f.figure.period.iso(),
            f.figure.value.clone(),
            f.figure.approx.to_string(),
            f.unit(archive).unwrap_or_default().to_string(),
            f.figure.written.clone(),
        ];
        let place = passage_cells(s, f.note, f.permalink(archive));
        let _ = w.write_record(row.into_iter().chain(place));
    }
    w.into_inner().unwrap_or_default()
}

/// The columns of `mentions.csv`.
pub const MENTION_COLUMNS: &[&str] = &[
    "entity",
    "entity_name",
    "statement",
    "statement_url",
    "paragraph",
    "count",
    "words",
    "linked",
    "snippet",
    "url",
];

/// `data/mentions/<year>.csv.gz`: one row per paragraph of a statement of `year` naming an
/// entity, in archive and reading order. Made from what pass 1 kept of each statement,
/// without reading a text.
pub fn mentions_csv(archive: &Archive, year: i16) -> Vec<u8> {
    gzipped_csv(MENTION_COLUMNS, |w| {
        let of_year = archive
            .statements
            .iter()
            .filter(|s| s.doc.meta.date.year() == year);
        for s in of_year {
            for (m, r) in s.mentions.iter().zip(mention_records(archive, s)) {
                let url = s.permalink.with_fragment(&format!("p{}", m.block));
                let row = [
                    r.entity,
                    &archive.entities.terms[m.entity].name,
                    &s.doc.slug,
                    s.permalink.as_str(),
                    &r.paragraph.to_string(),
                    &r.count.to_string(),
                    r.words,
                    &r.linked.to_string(),
                    &m.snippet,
                    url.as_str(),
                ];
                let _ = w.write_record(row);
            }
        }
    })
}
