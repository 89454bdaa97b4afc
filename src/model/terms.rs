//! Topics and entities: the two taxonomies that group statements.
//!
//! A term is declared once, either in `config.yaml` (`taxonomies.<name>.terms`) or as a profile
//! file `content/<name>/<slug>.md`; statements name terms by slug, and naming an undeclared one
//! is an error, so a typo cannot create a stray term page.

use std::collections::{BTreeMap, HashMap};

use crate::config::{Config, TaxonomyConfig};
use crate::content::Doc;
use crate::content::meta::TermMeta;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::urls::is_slug;
use crate::yaml::Seg;

use super::{ContentIndex, StatementId, TermId};

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
    pub members: Vec<StatementId>,
    /// For an entity: whether its first mention in each paragraph links to its page.
    pub link_mentions: bool,
    /// For an entity: whether its names match only in the letter case written.
    pub case_sensitive: bool,
    /// For an entity: the paragraphs that mention it, as (statement, index into the
    /// statement's `mentions`), in archive and reading order.
    pub mentioned: Vec<(StatementId, usize)>,
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
    by_slug: BTreeMap<String, TermId>,
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
                link_mentions: decl.link_mentions.unwrap_or(true),
                case_sensitive: decl.case_sensitive.unwrap_or(false),
                mentioned: Vec::new(),
            });
        }
        for doc in docs {
            if kind == TaxonomyKind::Topics {
                diagnostics.extend(mention_keys_on_topic(&doc));
            }
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
                link_mentions: doc.meta.link_mentions.unwrap_or(true),
                case_sensitive: doc.meta.case_sensitive.unwrap_or(false),
                doc: Some(doc),
                rendered: None,
                members: Vec::new(),
                mentioned: Vec::new(),
            });
        }
        terms.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug))
        });
        let by_slug = terms
            .iter()
            .zip(TermId::all(terms.len()))
            .map(|(t, i)| (t.slug.clone(), i))
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

    /// The names of the entities (this taxonomy's terms), for finding their mentions in
    /// statements' texts; two entities answering to one name is an error (which of them a
    /// text means could not be told).
    pub(super) fn mention_names(
        &self,
        config: &Config,
        diagnostics: &mut Diagnostics,
    ) -> markdown::Names {
        // Names by their ASCII-lowercase form: (as written, entity).
        let mut seen: HashMap<String, Vec<(&str, TermId)>> = HashMap::new();
        let mut entities = Vec::with_capacity(self.terms.len());
        for (t, term) in self.ids().zip(&self.terms) {
            let names = std::iter::once(&term.name).chain(&term.aliases);
            for (k, name) in names.enumerate() {
                let name = name.trim();
                if name.is_empty() {
                    diagnostics.push(
                        self.term_error(config, t, k, "an empty name")
                            .hint("give the entity's name, and each alias, as the texts write it"),
                    );
                    continue;
                }
                let same = seen.entry(name.to_ascii_lowercase()).or_default();
                // Two names match the same words when they are equal, or equal but for the
                // case of ASCII letters unless both entities keep case.
                let other = same.iter().find(|&&(written, o)| {
                    o != t
                        && (written == name
                            || !(term.case_sensitive && self.terms[o].case_sensitive))
                });
                match other {
                    Some(&(_, o)) => diagnostics.push(
                        self.term_error(
                            config,
                            t,
                            k,
                            &format!(
                                "`{name}` is also a name of {} `{}`",
                                self.kind.singular(),
                                self.terms[o].slug
                            ),
                        )
                        .hint("a text's words can mention one entity only: keep the name on one of them"),
                    ),
                    None => same.push((name, t)),
                }
            }
            entities.push(markdown::mentions::Entity {
                names: std::iter::once(term.name.clone())
                    .chain(term.aliases.iter().cloned())
                    .collect(),
                case_sensitive: term.case_sensitive,
                link: term.link_mentions,
                href: config.base_url.url(&self.url_of(t)).into(),
                title: term.name.clone(),
            });
        }
        markdown::Names::new(entities).unwrap_or_else(|why| {
            diagnostics.push(
                Diagnostic::error(format!("the entities' names cannot be looked for: {why}")).hint(
                    "fewer or shorter names and aliases; mentions are not linked in this build",
                ),
            );
            markdown::Names::default()
        })
    }

    /// An error at term `t`'s name (`k` = 0) or its alias `k − 1`.
    fn term_error(&self, config: &Config, t: TermId, k: usize, message: &str) -> Diagnostic {
        let term = &self.terms[t];
        let key = |at: &mut Vec<Seg>| {
            if k == 0 {
                at.push(Seg::Key("name".into()));
            } else {
                at.push(Seg::Key("aliases".into()));
                at.push(Seg::Index(k - 1));
            }
        };
        match &term.doc {
            Some(doc) => {
                let mut at = Vec::new();
                key(&mut at);
                doc.error_at(&at, message.to_string())
            }
            None => {
                let i = self
                    .kind
                    .config(config)
                    .terms
                    .iter()
                    .position(|d| d.slug == term.slug)
                    .unwrap_or(0);
                let mut at = vec![
                    Seg::Key("taxonomies".into()),
                    Seg::Key(self.kind.name().into()),
                    Seg::Key("terms".into()),
                    Seg::Index(i),
                ];
                key(&mut at);
                config.error_at(&at, message.to_string())
            }
        }
    }

    /// Statement `id`'s mentions changed to `mentions` (`serve` updated it in place): each
    /// entity's list is made again for it, in archive order.
    pub(super) fn remention(&mut self, id: StatementId, mentions: &[markdown::Mention]) {
        for term in &mut self.terms {
            term.mentioned.retain(|&(s, _)| s != id);
        }
        for (k, m) in mentions.iter().enumerate() {
            let list = &mut self.terms[m.entity].mentioned;
            let at = list.partition_point(|&(s, j)| (s, j) < (id, k));
            list.insert(at, (id, k));
        }
    }

    /// The ids of its terms, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = TermId> + ExactSizeIterator + use<> {
        TermId::all(self.terms.len())
    }

    pub fn find(&self, slug: &str) -> Option<TermId> {
        self.by_slug.get(slug).copied()
    }

    /// Site path of the taxonomy's index page.
    pub fn url(&self) -> crate::urls::SitePath {
        crate::urls::SitePath::new(format!("{}/", self.kind.name()))
    }

    /// Site path of term `i`'s first page.
    pub fn url_of(&self, i: TermId) -> crate::urls::SitePath {
        crate::urls::term_path(self.kind.name(), &self.terms[i].slug)
    }
}

/// Mentions are an entity's: `link_mentions` and `case_sensitive` on a topic are errors.
fn mention_keys_on_topic(doc: &Doc<TermMeta>) -> Vec<Diagnostic> {
    [
        ("link_mentions", doc.meta.link_mentions.is_some()),
        ("case_sensitive", doc.meta.case_sensitive.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(key, _)| {
        doc.error_at(&[Seg::Key(key.into())], format!("`{key}` is for entities, not topics"))
            .hint("mentions of entities are found in the texts; topics are not looked for there, so remove the key")
    })
    .collect()
}
