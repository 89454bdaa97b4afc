//! Measures of the figures ledger, and the figures notes declare of them.
//!
//! A measure is declared once, in `config.yaml` (`measures:`) or as `content/measures/<slug>.md`
//! (name, definition, unit; its body, if any, shown on its page). A figure names its measure by
//! slug, and naming an undeclared one is an error (`annotate::figures::check_measures`), so a
//! typo cannot open a stray page of the ledger. Figures are part of their notes, which pass 1
//! keeps, so the ledger's pages and files are made without reading a text.

use std::collections::BTreeMap;

use crate::annotate::Note;
use crate::annotate::figures::Figure;
use crate::config::Config;
use crate::content::Doc;
use crate::content::meta::MeasureMeta;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::urls::{self, AbsoluteUrl, SitePath, is_slug};
use crate::yaml::Seg;

use super::{Archive, ContentIndex, StatementId};

#[derive(Debug)]
pub struct Measure {
    pub slug: String,
    pub name: String,
    /// What it counts, in the documents' own terms.
    pub definition: String,
    /// The unit of its figures, unless a figure gives its own.
    pub unit: Option<String>,
    /// Its file, when it has one.
    pub doc: Option<Doc<MeasureMeta>>,
    /// Its file's text, when it has any.
    pub rendered: Option<Rendered>,
}

impl Measure {
    /// Site path of its page in the ledger.
    pub fn url(&self) -> SitePath {
        urls::measure_path(&self.slug)
    }

    /// Site path of its figures' CSV download.
    pub fn csv_path(&self) -> SitePath {
        SitePath::new(format!("data/figures/{}.csv", self.slug))
    }
}

/// The measures declared in `config` and in `docs`, sorted by name then slug; a slug that is
/// not one, or one declared twice, is an error.
pub(super) fn build(
    config: &Config,
    docs: Vec<Doc<MeasureMeta>>,
    options: RenderOptions<'_>,
    index: &ContentIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Measure> {
    let mut measures = Vec::new();
    let mut declared: BTreeMap<String, String> = BTreeMap::new();
    for (i, decl) in config.measures.iter().enumerate() {
        let at = [Seg::Key("measures".into()), Seg::Index(i)];
        if !is_slug(&decl.slug) {
            diagnostics.push(
                config
                    .error_at(
                        &[at[0].clone(), at[1].clone(), Seg::Key("slug".into())],
                        format!("`{}` is not a slug", decl.slug),
                    )
                    .hint(format!(
                        "use lowercase letters, digits and hyphens, such as `{}`",
                        urls::slugify(&decl.slug)
                    )),
            );
            continue;
        }
        let here = format!("config.yaml (measures[{i}])");
        if let Some(first) = declared.insert(decl.slug.clone(), here) {
            diagnostics.push(
                config
                    .error_at(&at, format!("measure `{}` is declared twice", decl.slug))
                    .hint(format!("it is also declared in {first}; keep one")),
            );
            continue;
        }
        measures.push(Measure {
            slug: decl.slug.clone(),
            name: decl.name.clone(),
            definition: decl.definition.clone(),
            unit: decl.unit.clone(),
            doc: None,
            rendered: None,
        });
    }
    for doc in docs {
        let here = doc.source.path.display().to_string();
        if let Some(first) = declared.insert(doc.slug.clone(), here) {
            diagnostics.push(
                Diagnostic::error(format!("measure `{}` is declared twice", doc.slug))
                    .at(doc.source.at(0..0))
                    .hint(format!("it is also declared in {first}; keep one")),
            );
            continue;
        }
        let rendered = (!doc.source.text[doc.body.clone()].trim().is_empty()).then(|| {
            let (rendered, problems) =
                markdown::render(&doc.source, doc.body.clone(), options, index);
            diagnostics.extend(problems);
            rendered
        });
        measures.push(Measure {
            slug: doc.slug.clone(),
            name: doc.meta.name.clone(),
            definition: doc.meta.definition.clone(),
            unit: doc.meta.unit.clone(),
            doc: Some(doc),
            rendered,
        });
    }
    measures
        .sort_by(|a, b| (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug)));
    measures
}

/// A figure and the note that anchors it in a statement.
#[derive(Debug, Clone, Copy)]
pub struct FigureRef<'a> {
    /// The index of its measure in `Archive::measures`.
    pub measure: usize,
    /// The index of the statement whose passage states it.
    pub statement: StatementId,
    pub note: &'a Note,
    pub figure: &'a Figure,
}

impl FigureRef<'_> {
    /// Its unit: the figure's own, else its measure's.
    pub fn unit<'a>(&'a self, archive: &'a Archive) -> Option<&'a str> {
        self.figure
            .unit
            .as_deref()
            .or(archive.measures[self.measure].unit.as_deref())
    }

    /// The note, beside its passage on the statement's page (`#a-<id>`).
    pub fn note_href(&self, archive: &Archive) -> urls::Href {
        let page = archive.statements[self.statement].url();
        archive
            .config
            .base_url
            .url(&page)
            .with_fragment(&self.note.anchor)
    }

    /// The paragraph the passage starts in (`#pN`).
    pub fn paragraph_href(&self, archive: &Archive) -> urls::Href {
        let page = archive.statements[self.statement].url();
        archive
            .config
            .base_url
            .url(&page)
            .with_fragment(&format!("p{}", self.note.block))
    }

    /// The note's absolute URL, for the downloads.
    pub fn permalink(&self, archive: &Archive) -> AbsoluteUrl {
        archive.statements[self.statement]
            .permalink
            .with_fragment(&self.note.anchor)
    }
}

impl Archive {
    /// The index of the measure `slug`.
    pub fn measure(&self, slug: &str) -> Option<usize> {
        self.measures.iter().position(|m| m.slug == slug)
    }

    /// Every figure declared on a note whose measure is declared, by measure (in the
    /// measures' order), then by period, then in archive and reading order.
    pub fn figures(&self) -> Vec<FigureRef<'_>> {
        let by_slug: BTreeMap<&str, usize> = self
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| (m.slug.as_str(), i))
            .collect();
        let mut out: Vec<FigureRef<'_>> = self
            .statements
            .iter()
            .zip(self.statement_ids())
            .flat_map(|(s, statement)| {
                let by_slug = &by_slug;
                s.notes.iter().filter_map(move |note| {
                    let figure = note.figure.as_ref()?;
                    Some(FigureRef {
                        measure: *by_slug.get(figure.measure.as_str())?,
                        statement,
                        note,
                        figure,
                    })
                })
            })
            .collect();
        out.sort_by_key(|f| (f.measure, f.figure.period, f.statement, f.note.number));
        out
    }

    /// The figures of measure `m`, in the order of [`Archive::figures`].
    pub fn figures_of(&self, m: usize) -> Vec<FigureRef<'_>> {
        let mut all = self.figures();
        all.retain(|f| f.measure == m);
        all
    }
}
