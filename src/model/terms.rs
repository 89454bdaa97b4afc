//! Topics and entities: the two taxonomies that group statements.
//!
//! A term is declared once, either in `config.yaml` (`taxonomies.<name>.terms`) or as a profile
//! file `content/<name>/<slug>.md`; statements name terms by slug, and naming an undeclared one
//! is an error, so a typo cannot create a stray term page.

use std::collections::BTreeMap;

use crate::config::{Config, TaxonomyConfig};
use crate::content::Doc;
use crate::content::meta::TermMeta;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::urls::is_slug;
use crate::yaml::Seg;

use super::ContentIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaxonomyKind {
    Topics,
    Entities,
}

impl TaxonomyKind {
    /// The plural name, used in URLs and config keys.
    pub fn name(self) -> &'static str {
        match self {
            TaxonomyKind::Topics => "topics",
            TaxonomyKind::Entities => "entities",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            TaxonomyKind::Topics => "topic",
            TaxonomyKind::Entities => "entity",
        }
    }

    fn default_title(self) -> &'static str {
        match self {
            TaxonomyKind::Topics => "Topics",
            TaxonomyKind::Entities => "Entities",
        }
    }

    fn config(self, config: &Config) -> &TaxonomyConfig {
        match self {
            TaxonomyKind::Topics => &config.taxonomies.topics,
            TaxonomyKind::Entities => &config.taxonomies.entities,
        }
    }
}

#[derive(Debug)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    /// The profile file, when the term has one.
    pub doc: Option<Doc<TermMeta>>,
    /// The profile's text, when it has any.
    pub rendered: Option<Rendered>,
    /// Statements with this term, oldest first.
    pub members: Vec<usize>,
}

impl Term {
    pub(super) fn render(
        &mut self,
        options: RenderOptions<'_>,
        index: &ContentIndex,
    ) -> Vec<Diagnostic> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        if doc.source.text[doc.body.clone()].trim().is_empty() {
            return Vec::new();
        }
        let (rendered, problems) = markdown::render(&doc.source, doc.body.clone(), options, index);
        self.rendered = Some(rendered);
        problems
    }
}

#[derive(Debug)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    pub title: String,
    pub paginate_by: usize,
    /// Sorted by name, then slug.
    pub terms: Vec<Term>,
    by_slug: BTreeMap<String, usize>,
}

impl Taxonomy {
    pub(super) fn build(
        kind: TaxonomyKind,
        config: &Config,
        docs: Vec<Doc<TermMeta>>,
        diagnostics: &mut Diagnostics,
    ) -> Taxonomy {
        let tax_config = kind.config(config);
        let mut terms: Vec<Term> = Vec::new();
        let mut declared: BTreeMap<String, String> = BTreeMap::new();
        for (i, decl) in tax_config.terms.iter().enumerate() {
            let at = [
                Seg::Key("taxonomies".into()),
                Seg::Key(kind.name().into()),
                Seg::Key("terms".into()),
                Seg::Index(i),
            ];
            if !is_slug(&decl.slug) {
                let mut slug_at = at.to_vec();
                slug_at.push(Seg::Key("slug".into()));
                diagnostics.push(
                    config
                        .error_at(&slug_at, format!("`{}` is not a slug", decl.slug))
                        .hint(format!(
                            "use lowercase letters, digits and hyphens, such as `{}`",
                            crate::urls::slugify(&decl.slug)
                        )),
                );
                continue;
            }
            let here = format!("config.yaml (taxonomies.{}.terms[{i}])", kind.name());
            if let Some(first) = declared.insert(decl.slug.clone(), here) {
                diagnostics.push(
                    config
                        .error_at(
                            &at,
                            format!("{} `{}` is declared twice", kind.singular(), decl.slug),
                        )
                        .hint(format!("it is also declared in {first}; keep one")),
                );
                continue;
            }
            terms.push(Term {
                slug: decl.slug.clone(),
                name: decl.name.clone(),
                description: decl.description.clone(),
                aliases: decl.aliases.clone(),
                kind: decl.kind.clone(),
                doc: None,
                rendered: None,
                members: Vec::new(),
            });
        }
        for doc in docs {
            let here = doc.source.path.display().to_string();
            if let Some(first) = declared.insert(doc.slug.clone(), here) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "{} `{}` is declared twice",
                        kind.singular(),
                        doc.slug
                    ))
                    .at(doc.source.at(0..0))
                    .hint(format!("it is also declared in {first}; keep one")),
                );
                continue;
            }
            terms.push(Term {
                slug: doc.slug.clone(),
                name: doc.meta.name.clone(),
                description: doc.meta.description.clone(),
                aliases: doc.meta.aliases.clone(),
                kind: doc.meta.kind.clone(),
                doc: Some(doc),
                rendered: None,
                members: Vec::new(),
            });
        }
        terms.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug))
        });
        let by_slug = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        Taxonomy {
            kind,
            title: tax_config
                .title
                .clone()
                .unwrap_or_else(|| kind.default_title().to_string()),
            paginate_by: tax_config.paginate_by.unwrap_or(config.paginate_by),
            terms,
            by_slug,
        }
    }

    pub fn find(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// Site path of the taxonomy's index page.
    pub fn url(&self) -> crate::urls::SitePath {
        crate::urls::SitePath::new(format!("{}/", self.kind.name()))
    }

    /// Site path of term `i`'s first page.
    pub fn url_of(&self, i: usize) -> crate::urls::SitePath {
        crate::urls::term_path(self.kind.name(), &self.terms[i].slug)
    }
}
