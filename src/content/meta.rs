//! The front matter of each kind of content file, as typed data.
//!
//! Unknown keys are errors (with the closest valid key), so a typo never silently drops a field.

use serde::{Deserialize, Serialize};

use crate::date::ArchiveDate;

/// Front matter of `content/statements/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementMeta {
    pub title: String,
    /// When the statement was made (not when it was reported).
    pub date: ArchiveDate,
    /// How the date was established, when the source does not state it in full.
    #[serde(default)]
    pub date_note: Option<String>,
    /// The date is the archive's inference, not the source's statement (`date_note` says how it
    /// was inferred). Every place that gives the date marks it: the page, the CSV and JSON
    /// downloads, BibTeX, CSL-JSON (`circa`), OpenGraph and the Atom feed.
    #[serde(default)]
    pub date_inferred: bool,
    /// Paragraphs that are the news report's own framing of the statement (a reporter's lead),
    /// not the statement: shown as such, still numbered and quotable.
    #[serde(default)]
    pub framing: Option<Framing>,
    /// The body the statement speaks for.
    pub issuer: String,
    /// Who delivered it, when the source names a person or office.
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// Language of the text as archived; defaults to the site's language.
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub source: Option<SourceMeta>,
    #[serde(default)]
    pub responds_to: Option<RespondsTo>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub entities: Vec<String>,
    /// Other statements, as `@/statements/<file>.md`.
    #[serde(default)]
    pub related: Vec<String>,
    /// The statement this text is a translation of, as `@/statements/<file>.md`: the two are
    /// linked from each other's page and shown side by side on this one's parallel page
    /// (`statements/<slug>/parallel/`). Its `language` is its own; `source.translation` says
    /// by whom it was translated.
    #[serde(default)]
    pub translation_of: Option<String>,
    /// Which paragraphs of this translation answer which of its original's, when their counts
    /// differ (or the order does): every paragraph of both placed exactly once.
    #[serde(default)]
    pub alignment: Vec<AlignmentRow>,
    #[serde(default)]
    pub draft: bool,
    /// Corrections made to the archive's own content about this statement (its record and its
    /// notes), oldest first: listed on its page and in the corrections log, `/changes/`.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// A correction to the archive's own content: when, what changed, and why. The statement's
/// text is never corrected (it is kept verbatim); its record and notes may be.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub date: ArchiveDate,
    /// What changed, such as "The note on ¶4 gave the wrong year".
    pub what: String,
    /// Why, such as "Checked again against the source".
    pub why: String,
}

/// One row of a translation's `alignment:`: paragraphs of the original (by their ¶ numbers)
/// and the paragraphs of the translation that render them. Either side may be empty (a
/// paragraph the other text does not have), not both.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlignmentRow {
    #[serde(default)]
    pub original: Vec<usize>,
    #[serde(default)]
    pub translation: Vec<usize>,
}

/// Where the archived text was taken from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceMeta {
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// The source's own headline or title.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<ArchiveDate>,
    #[serde(default)]
    pub updated: Option<ArchiveDate>,
    /// When the archive copied the text.
    #[serde(default)]
    pub retrieved: Option<ArchiveDate>,
    #[serde(default)]
    pub translation: Translation,
    /// Language the text was translated from, when it is a translation.
    #[serde(default)]
    pub original_language: Option<String>,
}

/// Whether the archived text is a translation, and by whom.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Translation {
    /// The text is in the language it was issued in.
    #[default]
    None,
    /// Translated by the issuer.
    Official,
    /// Translated by software; errors are the source's and are kept.
    Machine,
    /// Translated by the archive's editors.
    Editorial,
}

impl Translation {
    /// The value as written in front matter.
    pub fn key(self) -> &'static str {
        match self {
            Translation::None => "none",
            Translation::Official => "official",
            Translation::Machine => "machine",
            Translation::Editorial => "editorial",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Translation::None => "original text",
            Translation::Official => "official translation",
            Translation::Machine => "machine translation",
            Translation::Editorial => "editorial translation",
        }
    }
}

/// The document a statement answers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RespondsTo {
    pub document: String,
    #[serde(default)]
    pub year: Option<i32>,
    /// A rating the document gave, such as "Tier 2 Watch List".
    #[serde(default)]
    pub rating: Option<String>,
}

/// A run of paragraphs, by the numbers they carry on the page (`first` to `last`, inclusive),
/// that a news report wrote around the statement it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framing {
    pub first: usize,
    pub last: usize,
}

impl Framing {
    pub fn contains(self, paragraph: usize) -> bool {
        (self.first..=self.last).contains(&paragraph)
    }
}

/// Front matter of an earlier version of a statement's text,
/// `content/statements/<name>.versions/<file>.md`: when and where the archive saw it. The body
/// is the text as it read then, verbatim, like the statement's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionMeta {
    /// When this text was seen (a time, when the source changed within a day).
    pub seen: ArchiveDate,
    /// Where it was seen: the page, or a capture of it (an absolute http(s) URL).
    pub url: String,
    /// How it was seen or kept, when that is worth saying (a web archive's capture, a print).
    #[serde(default)]
    pub note: Option<String>,
}

/// Front matter of `content/pages/*.md` and of the home page `content/_index.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A template other than `page.html`.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of `content/topics/*.md` and `content/entities/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermMeta {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Other names the term goes by in the texts.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// For entities: department, court, committee, news organisation, …
    #[serde(default)]
    pub kind: Option<String>,
    /// For entities: whether the first mention of its name or an alias in each paragraph
    /// of a statement links to its page (listed on its page either way); `true` when absent.
    #[serde(default)]
    pub link_mentions: Option<bool>,
    /// For entities: whether its name and aliases match only as written, letter case
    /// included; otherwise ASCII letters match in either case. `false` when absent.
    #[serde(default)]
    pub case_sensitive: Option<bool>,
}

/// One editorial note, from a statement's `<file>.annotations.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationMeta {
    /// Stable within the statement; the note's permalink is `#a-<id>`.
    pub id: String,
    /// The passage, as it appears in the text.
    pub quote: String,
    /// Text just before the passage, to pick one of several matches.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text just after the passage.
    #[serde(default)]
    pub suffix: Option<String>,
    /// Which match (1-based) when the passage occurs more than once.
    #[serde(default)]
    pub occurrence: Option<usize>,
    pub kind: NoteKind,
    /// Markdown; may link to statements (`@/…`) and to passages (`#p3`, `#a-<id>`).
    pub body: String,
    #[serde(default)]
    pub sources: Vec<NoteSource>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub date: Option<ArchiveDate>,
    /// A dated event the passage states, shown on the timeline with a link to the note.
    #[serde(default)]
    pub event: Option<Box<EventMeta>>,
    /// A figure the passage states, listed in the figures ledger with a link to the note.
    #[serde(default)]
    pub figure: Option<Box<FigureMeta>>,
    /// Another statement's paragraph that says what this passage says
    /// (`@/statements/<file>.md#p3`): a recurring claim detection cannot see, such as another
    /// translation of one line (`model::claims`).
    #[serde(default)]
    pub same_as: Option<String>,
}

/// A figure an editor declares on a note (`figure: {measure, value, unit, period, approx}`):
/// a number the quoted passage writes, what it counts and for when. Read as written and
/// checked where the note is anchored (`annotate::figures`): the value must be written in the
/// passage, the period must be a date, the measure declared.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureMeta {
    /// The slug of a measure declared in `config.yaml` (`measures:`) or `content/measures/`.
    pub measure: String,
    /// The number as the passage gives it: `11300`, `"11,300"`, `3.5`.
    pub value: Written,
    /// What is counted, when the measure's own unit does not say it (`screenings`, `HK$`).
    #[serde(default)]
    pub unit: Option<String>,
    /// The year, month or day the figure is for, as precisely as the passage gives it.
    pub period: Written,
    /// The passage gives the figure only roughly ("more than 6,900", "around 11,300").
    #[serde(default)]
    pub approx: bool,
}

/// Front matter of `content/measures/*.md`: what a measure of the figures ledger counts. The
/// body, if any, is shown on the measure's page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureMeta {
    pub name: String,
    /// What the measure counts, in the documents' own terms.
    pub definition: String,
    /// The unit its figures are in, unless a figure says otherwise (`screenings`).
    #[serde(default)]
    pub unit: Option<String>,
}

impl AnnotationMeta {
    /// The entry less what a note's text is made from (its Markdown body and its sources),
    /// which [`crate::annotate::NoteText`] carries rendered: what the archive keeps of each
    /// note between the passes of a build. `body` and `sources` are empty.
    pub fn without_text(&self) -> AnnotationMeta {
        AnnotationMeta {
            id: self.id.clone(),
            quote: self.quote.clone(),
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
            occurrence: self.occurrence,
            kind: self.kind,
            body: String::new(),
            sources: Vec::new(),
            author: self.author.clone(),
            date: self.date,
            event: self.event.clone(),
            figure: self.figure.clone(),
            same_as: self.same_as.clone(),
        }
    }
}

/// An event an editor declares on a note (`event: {date, title}`): what the quoted passage
/// says happened, and when, as precisely as the passage says it. The date is read as written
/// and checked where the note is anchored (`annotate`), so that a bad date is reported with
/// every other problem of the file rather than failing the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMeta {
    /// A year, a month or a day: parsed into [`crate::date::EventDate`].
    pub date: Written,
    /// A short name of the event, such as "Steering committee established".
    pub title: String,
    /// The passage gives the date only roughly: shown as "c.".
    #[serde(default)]
    pub circa: bool,
}

/// A scalar as the YAML file writes it, a number (`2018`, `3.5`) or a string (`2018-03`,
/// `"11,300"`): dates and figures are read as written and checked where their note is anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written(pub String);

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Written;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a single value, such as 2018-03 (a date) or 11,300 (a number)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Written, E> {
                Ok(Written(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Written, E> {
                Ok(Written(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Written, E> {
                Ok(Written(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Written, E> {
                Ok(Written(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    Context,
    FactCheck,
    Translation,
    CrossReference,
    Correction,
    Definition,
}

impl NoteKind {
    pub const ALL: [NoteKind; 6] = [
        NoteKind::Context,
        NoteKind::FactCheck,
        NoteKind::Translation,
        NoteKind::CrossReference,
        NoteKind::Correction,
        NoteKind::Definition,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Context => "Context",
            NoteKind::FactCheck => "Fact check",
            NoteKind::Translation => "Translation",
            NoteKind::CrossReference => "Cross-reference",
            NoteKind::Correction => "Correction",
            NoteKind::Definition => "Definition",
        }
    }

    /// Position in [`NoteKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The kind as written in YAML and used in CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            NoteKind::Context => "context",
            NoteKind::FactCheck => "fact-check",
            NoteKind::Translation => "translation",
            NoteKind::CrossReference => "cross-reference",
            NoteKind::Correction => "correction",
            NoteKind::Definition => "definition",
        }
    }

    /// The W3C Web Annotation motivation that fits the kind.
    pub fn motivation(self) -> &'static str {
        match self {
            NoteKind::Context | NoteKind::Definition => "describing",
            NoteKind::FactCheck => "assessing",
            NoteKind::Translation => "commenting",
            NoteKind::CrossReference => "linking",
            NoteKind::Correction => "editing",
        }
    }
}

/// A source a note draws on: an absolute URL, or `@/…` for the archive's own documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteSource {
    pub title: String,
    pub url: String,
    /// The passage the note rests on, quoted verbatim from the source: the figures of the
    /// note's body may be found here (`annotate::facts`), and readers see what it says.
    #[serde(default)]
    pub excerpt: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_kinds_are_listed_in_declaration_order() {
        for (i, kind) in NoteKind::ALL.iter().enumerate() {
            assert_eq!(kind.index(), i);
        }
    }
}
