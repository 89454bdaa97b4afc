//! The archive as data: every document rendered, every reference resolved, and the indices the
//! pages are built from (statements by date, members of each topic and entity, backlinks).
//!
//! Documents live in flat vectors and refer to each other by index ([`DocRef`]), never by
//! reference, so the archive can be shared read-only by the threads that render pages, and a
//! statement can be replaced in place while serving ([`Archive::update_statement`]).

pub mod claims;
mod links;
mod measures;
mod pairs;
mod terms;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::annotate::StatementText;
use crate::annotate::export::{Annotation, CodePoints, Collection};
use crate::annotate::{self, Note};
use crate::config::Config;
use crate::content::meta::{PageMeta, StatementMeta, VersionMeta};
use crate::content::{Content, Doc, NotesFile, Sidecar};
use crate::date::ArchiveDate;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, closest};
pub use crate::ids::{NoteId, StatementId, TermId};
use crate::markdown::{
    self, Block, Link, Mention, Names, Outline, RenderOptions, Rendered, Resolve,
};
use crate::urls::{self, AbsoluteUrl, SitePath};
use crate::yaml::Seg;
pub use measures::{FigureRef, Measure};
pub use terms::{Taxonomy, TaxonomyKind, Term};

/// A document of the archive, by kind and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocRef {
    Home,
    Statement(StatementId),
    Page(usize),
    Topic(TermId),
    Entity(TermId),
}

#[derive(Debug)]
pub struct Statement {
    /// Its file: the front matter, the body released after the first pass (`Doc::released`).
    pub doc: Doc<StatementMeta>,
    /// What other pages need of its text.
    pub outline: Outline,
    /// Its rendered text, while the archive holds it (see [`Hold`]); [`Archive::text`] gives
    /// it either way.
    text: Option<StatementText>,
    /// Its notes file, read again with its text when the text is not held.
    notes_file: Option<NotesFile>,
    /// Absolute URL of the statement's page.
    pub permalink: AbsoluteUrl,
    /// Editorial notes, in reading order.
    pub notes: Vec<Note>,
    /// The notes file exists but failed to load (already reported): links to its notes are
    /// not reported again.
    pub notes_broken: bool,
    /// Its notes state or declare figures, which are checked once every statement is known
    /// ([`Archive::check_facts`]); without any, its notes file is not read again for that.
    pub facts_to_check: bool,
    /// Its terms of the topics and entities taxonomies, in front matter order.
    pub topics: Vec<TermId>,
    pub entities: Vec<TermId>,
    /// Related statements, in front matter order.
    pub related: Vec<StatementId>,
    /// Documents that link to this one or list it as related, in archive order.
    pub backlinks: Vec<DocRef>,
    /// When the statement's page last changed, as far as the archive knows: the latest of its
    /// date, its source's update, and its notes' dates.
    pub changed: ArchiveDate,
    /// Earlier versions of its text, oldest first (`content/statements/<name>.versions/`).
    pub versions: Vec<Version>,
    /// The entities its text mentions, by paragraph, in reading order (found in pass 1).
    pub mentions: Vec<Mention>,
    /// The hashes of its sentences that recurring claims are found with: kept from pass 1
    /// until they are found, then dropped (kept by `serve`, which finds them again after a save).
    pub fingerprint: Arc<claims::Fingerprint>,
    /// The statement it is a translation of (`translation_of`), and the statements that are
    /// translations of it, in archive order.
    pub translation_of: Option<StatementId>,
    pub translations: Vec<StatementId>,
    /// The previous and next statements of its series, those answering the same document
    /// (`responds_to.document`; see `pairs`).
    pub series_previous: Option<StatementId>,
    pub series_next: Option<StatementId>,
}

/// An earlier version of a statement's text: its file (body released, read again by
/// [`Archive::version_text`]) and the SHA-256 of its plain text, which the data downloads give
/// so that anyone can check a copy against the archive's.
#[derive(Debug)]
pub struct Version {
    pub doc: Doc<VersionMeta>,
    /// Lowercase hex.
    pub sha256: String,
}

/// The SHA-256 of a plain text, in lowercase hex: how the downloads identify each version.
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// When the current text of a statement was seen: its source's update, or its publication, or
/// the statement's date. Earlier versions must be older.
pub fn current_seen(meta: &StatementMeta) -> ArchiveDate {
    let source = meta.source.as_ref();
    source
        .and_then(|s| s.updated.or(s.published))
        .unwrap_or(meta.date)
}

impl Statement {
    pub fn url(&self) -> SitePath {
        urls::statement_path(&self.doc.slug)
    }
}

#[derive(Debug)]
pub struct Page {
    pub doc: Doc<PageMeta>,
    pub rendered: Rendered,
}

impl Page {
    pub fn url(&self) -> SitePath {
        urls::page_path(&self.doc.slug)
    }
}

/// Which statements' rendered texts the archive keeps once it is built. A statement's text is
/// needed only where its own page, companion files, search record and downloads are written;
/// the rest of the site works from its [`Outline`]. Texts not held are rendered again from
/// their files when needed, so memory is bounded by this, not by the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// Every text: for `serve`, which renders one statement's pages again after each save.
    Every,
    /// Texts while they fit in this many bytes, the rest rendered again when written.
    UpTo(usize),
}

impl Hold {
    /// What a build holds: texts rendered twice cost time, texts held cost memory. A few
    /// hundred statements' texts: a small archive renders each once, a large one stays within
    /// its memory target (at 10,000 statements, holding 96 MB of texts put the peak 20% over).
    pub const BUILD: Hold = Hold::UpTo(16 << 20);
}

/// The bytes a rendered text takes in memory, about.
fn held_bytes(text: &StatementText) -> usize {
    let bytes =
        |r: &Rendered| r.html.len() + r.text.len() + r.chunk_ends.len() * 8 + r.blocks.len() * 40;
    bytes(&text.rendered) + text.notes.iter().map(|n| bytes(&n.body)).sum::<usize>()
}

/// The whole archive, checked.
#[derive(Debug)]
pub struct Archive {
    pub config: Config,
    pub home: Option<Page>,
    /// In date order, oldest first; ties broken by slug.
    pub statements: Vec<Statement>,
    /// By slug.
    pub pages: Vec<Page>,
    pub topics: Taxonomy,
    pub entities: Taxonomy,
    /// Measures of the figures ledger, by name.
    pub measures: Vec<Measure>,
    /// The newest change of any statement: when lists of the whole archive last changed.
    pub changed: Option<ArchiveDate>,
    /// Sentences said in two or more statements, and the passages editors linked (`same_as:`).
    pub claims: claims::Claims,
    /// Counts the updates that changed what claims are found from; `claims` were found at
    /// `claims_found` (see [`Archive::claims_to_find`]).
    claims_version: u64,
    claims_found: u64,
    /// Where each content file's page is, for resolving links when a document is re-rendered.
    index: ContentIndex,
    /// The entities' names, for finding their mentions when a text is rendered again.
    names: Names,
}

impl Archive {
    /// The topics or the entities.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        match kind {
            TaxonomyKind::Topics => &self.topics,
            TaxonomyKind::Entities => &self.entities,
        }
    }

    /// The ids of its statements, in archive order.
    pub fn statement_ids(
        &self,
    ) -> impl DoubleEndedIterator<Item = StatementId> + ExactSizeIterator + use<> {
        StatementId::all(self.statements.len())
    }

    /// Builds the archive from loaded content, keeping the statements' texts as `hold` says.
    /// Problems are returned with whatever could be built.
    pub fn build(mut config: Config, content: Content, hold: Hold) -> (Archive, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let Content {
            home,
            mut statements,
            mut pages,
            topics,
            entities,
            measures,
            drafts,
            broken,
            annotations,
            broken_notes,
            versions,
        } = content;
        statements.sort_by(|a, b| (a.meta.date, &a.slug).cmp(&(b.meta.date, &b.slug)));
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        config.menu.retain(|m| {
            !m.if_present
                || pages
                    .iter()
                    .any(|p| format!("/{}", urls::page_path(&p.slug)) == m.url)
        });

        let mut topics = Taxonomy::build(TaxonomyKind::Topics, &config, topics, &mut diagnostics);
        let mut entities =
            Taxonomy::build(TaxonomyKind::Entities, &config, entities, &mut diagnostics);
        let names = entities.mention_names(&config, &mut diagnostics);

        let index = ContentIndex::new(
            &home,
            &statements,
            &pages,
            &topics,
            &entities,
            drafts,
            broken,
        );
        let options = RenderOptions {
            unsafe_html: config.markdown.unsafe_html,
            base: &config.base_url,
            numbered: true,
            framing: None,
            mentions: None,
        };
        let statement_options = RenderOptions {
            mentions: Some(&names),
            ..options
        };

        let mut sidecars = attach_sidecars(annotations, &statements, &index, &mut diagnostics);
        let mut versions = attach_versions(versions, &statements, &index, &mut diagnostics);
        // Each notes file goes with its statement and is dropped once its notes are made.
        let paired: Vec<_> = statements
            .into_iter()
            .map(|doc| {
                let sidecar = sidecars.remove(doc.rel.as_str());
                let versions = versions.remove(doc.rel.as_str()).unwrap_or_default();
                (doc, sidecar, versions)
            })
            .collect();
        let held = AtomicUsize::new(0);
        // Unzipped as made: collecting (statement, problems) pairs first and taking the
        // statements out after held two arrays of statements at once (about 150 MB at
        // 100,000).
        let (mut statements, problems): (Vec<Statement>, Vec<Vec<Diagnostic>>) = paired
            .into_par_iter()
            .map(|(doc, notes, versions)| {
                let (sidecar, mut problems) = match notes.as_ref().map(NotesFile::load) {
                    None => (None, Vec::new()),
                    Some(Ok(sidecar)) => (Some(sidecar), Vec::new()),
                    Some(Err(problems)) => (None, problems),
                };
                let broken = !problems.is_empty();
                let (mut statement, more) = first_pass(
                    doc,
                    sidecar.as_ref(),
                    versions,
                    statement_options,
                    &index,
                    |r| keep(hold, &held, r),
                );
                statement.notes_file = notes;
                statement.notes_broken = broken || broken_notes.contains(&statement.doc.rel);
                problems.extend(more);
                (statement, problems)
            })
            .unzip();
        diagnostics.extend(problems.into_iter().flatten());
        let mut render_page = |doc: Doc<PageMeta>| {
            let (rendered, problems) =
                markdown::render(&doc.source, doc.body.clone(), options, &index);
            diagnostics.extend(problems);
            Page { doc, rendered }
        };
        let home = home.map(&mut render_page);
        let pages: Vec<Page> = pages.into_iter().map(&mut render_page).collect();
        for term in topics.terms.iter_mut().chain(entities.terms.iter_mut()) {
            diagnostics.extend(term.render(options, &index));
        }
        let measures = measures::build(&config, measures, options, &index, &mut diagnostics);

        for (i, s) in StatementId::all(statements.len()).zip(statements.iter_mut()) {
            for taxonomy in [&mut topics, &mut entities] {
                let names = match taxonomy.kind {
                    TaxonomyKind::Topics => &s.doc.meta.topics,
                    TaxonomyKind::Entities => &s.doc.meta.entities,
                };
                let ids = resolve_terms(&s.doc, names, taxonomy, &mut diagnostics);
                for &id in &ids {
                    taxonomy.terms[id].members.push(i);
                }
                match taxonomy.kind {
                    TaxonomyKind::Topics => s.topics = ids,
                    TaxonomyKind::Entities => s.entities = ids,
                }
            }
            s.related = resolve_related(&s.doc, &index, &mut diagnostics);
            for (k, m) in s.mentions.iter().enumerate() {
                entities.terms[m.entity].mentioned.push((i, k));
            }
            s.translation_of = pairs::resolve_translation_of(i, &s.doc, &index, &mut diagnostics);
            if s.doc.meta.date_inferred && s.doc.meta.date_note.is_none() {
                diagnostics.push(
                    s.doc
                        .error_at(&[Seg::Key("date_inferred".into())], "an inferred date needs a `date_note` saying how it was inferred")
                        .hint("add `date_note:` with what the source gives and how the date follows from it"),
                );
            }
        }

        let mut archive = Archive {
            config,
            home,
            changed: statements.iter().map(|s| s.changed).max(),
            statements,
            pages,
            topics,
            entities,
            measures,
            claims: claims::Claims::default(),
            claims_version: 0,
            claims_found: 0,
            index,
            names,
        };
        links::check_and_link(&mut archive, &mut diagnostics);
        archive.find_claims(hold == Hold::Every);
        pairs::link_translations(&mut archive, &mut diagnostics);
        pairs::link_series(&mut archive);
        for i in archive.statement_ids() {
            diagnostics.extend(pairs::check_alignment(&archive, i));
        }
        // Each notes file is read again, one at a time: the figures of its notes are checked
        // against texts that may be other statements', so only once all are known.
        let facts: Vec<Vec<Diagnostic>> = (0..archive.statements.len())
            .into_par_iter()
            .map(StatementId::new)
            .filter(|&i| archive.statements[i].facts_to_check)
            .filter_map(|i| {
                let sidecar = archive.statements[i].notes_file.as_ref()?.load().ok()?;
                Some(archive.check_facts(i, &sidecar))
            })
            .collect();
        diagnostics.extend(facts.into_iter().flatten());
        (archive, diagnostics)
    }

    /// Replaces statement `id` with a new version of its file and notes, whose front matter is
    /// unchanged (so its place in the archive, its terms and its related statements stay), and
    /// checks the links that can have changed: its own and those to it. Returns the problems found; after an error the archive is no
    /// longer consistent with the files and must be built afresh.
    pub fn update_statement(
        &mut self,
        id: StatementId,
        doc: Doc<StatementMeta>,
        sidecar: Option<&Sidecar>,
    ) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        let versions = std::mem::take(&mut self.statements[id].versions)
            .into_iter()
            .map(|v| v.doc)
            .collect();
        let options = self.render_options();
        let (fresh, problems) = first_pass(doc, sidecar, versions, options, &self.index, |_| true);
        diagnostics.extend(problems);
        let linked_before = links::targets_of(self, id);
        let claims_before = ClaimsInput::of(&self.statements[id]);
        let s = &mut self.statements[id];
        s.changed = fresh.changed;
        s.doc = fresh.doc;
        s.outline = fresh.outline;
        s.text = fresh.text;
        s.notes = fresh.notes;
        s.versions = fresh.versions;
        s.mentions = fresh.mentions;
        s.fingerprint = fresh.fingerprint;
        s.notes_broken = false;
        s.facts_to_check = fresh.facts_to_check;
        self.entities.remention(id, &self.statements[id].mentions);
        if let Some(sidecar) = sidecar {
            diagnostics.extend(self.check_facts(id, sidecar));
        }
        self.changed = self.statements.iter().map(|s| s.changed).max();
        links::update_links(self, id, linked_before, &mut diagnostics);
        // Detection reads every fingerprint (about 9 s at 100,000 statements): it is left to
        // whoever takes `claims_to_find`, after the updated pages are shown, and only when
        // what claims are found from changed, not when a note's body or a link did.
        if claims_before.is_none_or(|b| Some(b) != ClaimsInput::of(&self.statements[id])) {
            self.claims_version += 1;
        }
        // Its paragraphs may have changed: the alignments it is a side of are checked again.
        for t in std::iter::once(id).chain(self.statements[id].translations.clone()) {
            diagnostics.extend(pairs::check_alignment(self, t));
        }
        diagnostics
    }

    /// What finding the recurring claims again needs, if an update may have changed them
    /// (see [`Archive::update_statement`]): the fingerprints as they are now. Detection (seconds
    /// at 100,000 statements) can then run on another thread while the archive goes on
    /// changing; [`Archive::take_claims`] takes its result.
    pub fn claims_to_find(&self) -> Option<ClaimsToFind> {
        (self.claims_version != self.claims_found).then(|| ClaimsToFind {
            version: self.claims_version,
            fingerprints: self
                .statements
                .iter()
                .map(|s| s.fingerprint.clone())
                .collect(),
        })
    }

    /// Takes the claims found for `version` of [`Archive::claims_to_find`], reading their
    /// wordings; returns whether they changed, or `None` (and keeps the claims it has) when an
    /// update since has changed what they are found from, so they must be found again.
    pub fn take_claims(&mut self, version: u64, found: claims::Found) -> Option<bool> {
        if version != self.claims_version {
            return None;
        }
        let fresh = found.claims(|wanted| self.sentences(wanted), self.declared_claims());
        self.claims_found = version;
        let changed = fresh.list != self.claims.list;
        self.claims = fresh;
        Some(changed)
    }

    /// Finds the recurring claims ([`claims::Claims::detect`]) from the statements'
    /// fingerprints, reading the sentences the claims show, and the passages their notes link
    /// with `same_as:`. The fingerprints are dropped after unless `keep` (for `serve`, which
    /// finds them again after each save).
    fn find_claims(&mut self, keep: bool) {
        let taken: Vec<Arc<claims::Fingerprint>> = if keep {
            Vec::new()
        } else {
            self.statements
                .iter_mut()
                .map(|s| std::mem::take(&mut s.fingerprint))
                .collect()
        };
        let fingerprints: Vec<&claims::Fingerprint> = if keep {
            self.statements.iter().map(|s| &*s.fingerprint).collect()
        } else {
            taken.iter().map(|f| &**f).collect()
        };
        let found = claims::Claims::detect(
            &fingerprints,
            |wanted| self.sentences(wanted),
            self.declared_claims(),
        );
        self.claims = found;
    }

    /// The sentences `wanted` (statement, paragraph, sentence in it), read from each statement's
    /// text once, in parallel; empty where a text cannot be read (already reported).
    fn sentences(&self, wanted: &[(StatementId, usize, usize)]) -> Vec<String> {
        let mut by_statement: BTreeMap<StatementId, Vec<usize>> = BTreeMap::new();
        for (k, w) in wanted.iter().enumerate() {
            by_statement.entry(w.0).or_default().push(k);
        }
        let groups: Vec<(StatementId, Vec<usize>)> = by_statement.into_iter().collect();
        let read: Vec<(usize, String)> = groups
            .into_par_iter()
            .flat_map_iter(|(id, ks)| {
                let text = self.bare_text(id).ok();
                ks.into_iter()
                    .map(|k| {
                        let (_, paragraph, sentence) = wanted[k];
                        let found = text
                            .as_ref()
                            .and_then(|t| claims::sentence_in(t, paragraph, sentence));
                        (k, found.unwrap_or_default())
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut out = vec![String::new(); wanted.len()];
        for (k, text) in read {
            out[k] = text;
        }
        out
    }

    /// The links notes declare with `same_as:` whose statement and paragraph exist (the others
    /// are reported where the notes are anchored and their links checked).
    fn declared_claims(&self) -> Vec<claims::Declared> {
        let mut out = Vec::new();
        for (i, s) in self.statement_ids().zip(&self.statements) {
            for n in &s.notes {
                let Some((path, anchor)) = n
                    .meta
                    .same_as
                    .as_deref()
                    .and_then(|w| w.strip_prefix("@/"))
                    .and_then(|r| r.split_once('#'))
                else {
                    continue;
                };
                let Ok(DocRef::Statement(t)) = self.index.lookup(path) else {
                    continue;
                };
                let (Some(paragraph), true) = (
                    anchor_number(anchor),
                    t != i && self.statements[t].outline.has_anchor(anchor),
                ) else {
                    continue;
                };
                out.push(claims::Declared {
                    from: (i, n.block),
                    to: (t, paragraph),
                    passage: n.passage.clone(),
                });
            }
        }
        out
    }

    /// The fact check (`annotate::facts`) of statement `id`'s notes, `sidecar`, against the
    /// archive as it is now: after an update, for the statement's own notes and for those of the
    /// statements whose notes link to it.
    pub fn check_facts(&self, id: StatementId, sidecar: &Sidecar) -> Vec<Diagnostic> {
        let statement = |p: &str| match self.index.lookup(p) {
            Ok(DocRef::Statement(k)) => Some(&self.statements[k].doc),
            _ => None,
        };
        let mut problems = annotate::facts::check(sidecar, &self.statements[id].doc, &statement);
        // The measures its figures name, which anchoring does not know.
        problems.extend(annotate::figures::check_measures(
            sidecar,
            self.measures.iter().map(|m| m.slug.as_str()),
        ));
        problems
    }

    /// The rendered text of a page, topic or entity, which the archive always holds (a
    /// statement's is [`Archive::text`]).
    fn rendered(&self, doc: DocRef) -> Option<&Rendered> {
        match doc {
            DocRef::Home => self.home.as_ref().map(|p| &p.rendered),
            DocRef::Statement(_) => None,
            DocRef::Page(i) => Some(&self.pages[i].rendered),
            DocRef::Topic(i) => self.topics.terms[i].rendered.as_ref(),
            DocRef::Entity(i) => self.entities.terms[i].rendered.as_ref(),
        }
    }

    /// The internal links written in a document (a statement's notes' included).
    pub fn links(&self, doc: DocRef) -> &[Link] {
        match doc {
            DocRef::Statement(i) => &self.statements[i].outline.links,
            _ => self.rendered(doc).map_or(&[], |r| &r.links),
        }
    }

    /// A document's citable blocks.
    pub fn blocks(&self, doc: DocRef) -> &[Block] {
        match doc {
            DocRef::Statement(i) => &self.statements[i].outline.blocks,
            _ => self.rendered(doc).map_or(&[], |r| &r.blocks),
        }
    }

    /// Statement `id`'s rendered text and its notes' texts: the ones held since it was built,
    /// or rendered again from its file and its notes file, with the notes anchored then.
    pub fn text(&self, id: StatementId) -> Result<Cow<'_, StatementText>, Diagnostic> {
        let s = &self.statements[id];
        if let Some(text) = &s.text {
            return Ok(Cow::Borrowed(text));
        }
        let source = s.doc.full_source()?;
        let sidecar = match (&s.notes_file, s.notes.is_empty()) {
            (Some(file), false) => Some(file.load().map_err(|mut problems| {
                problems.truncate(1);
                problems.pop().unwrap_or_else(|| {
                    Diagnostic::error("the notes file could not be read again")
                        .at(Location::file(file.path()))
                })
            })?),
            _ => None,
        };
        let options = self.render_options();
        annotate::rerender_statement(
            &s.doc,
            &source,
            &s.notes,
            sidecar.as_ref(),
            options,
            &self.index,
        )
        .map(Cow::Owned)
    }

    /// Statement `id`'s text without its notes' texts: the held one, or its file rendered again
    /// without reading its notes file, for pages that show only its words (a comparison, the
    /// sentences of recurring claims, its changes page). Its blocks and plain text are those of
    /// [`Archive::text`]; its HTML lacks the notes' highlights and the mentions' links.
    pub fn bare_text(&self, id: StatementId) -> Result<Cow<'_, Rendered>, Diagnostic> {
        let s = &self.statements[id];
        if let Some(text) = &s.text {
            return Ok(Cow::Borrowed(&text.rendered));
        }
        let source = s.doc.full_source()?;
        // Words only: neither notes nor mentions change them.
        let options = RenderOptions {
            framing: s.doc.meta.framing,
            mentions: None,
            ..self.render_options()
        };
        Ok(Cow::Owned(
            markdown::render(&source, s.doc.body.clone(), options, &self.index).0,
        ))
    }

    /// The text of statement `id`'s earlier version `k`, read again from its file.
    pub fn version_text(&self, id: StatementId, k: usize) -> Result<Rendered, Diagnostic> {
        let doc = &self.statements[id].versions[k].doc;
        let source = doc.full_source()?;
        Ok(markdown::render(
            &source,
            doc.body.clone(),
            RenderOptions {
                mentions: None,
                ..self.render_options()
            },
            &self.index,
        )
        .0)
    }

    /// How a statement's text renders: numbered, with its mentions of entities linked.
    fn render_options(&self) -> RenderOptions<'_> {
        RenderOptions {
            unsafe_html: self.config.markdown.unsafe_html,
            base: &self.config.base_url,
            numbered: true,
            framing: None,
            mentions: Some(&self.names),
        }
    }

    /// Whether `anchor` names a place on the page of `doc`: a paragraph, or a note.
    pub fn has_anchor(&self, doc: DocRef, anchor: &str) -> bool {
        if self
            .blocks(doc)
            .binary_search_by_key(&anchor_number(anchor), |b| Some(b.number))
            .is_ok()
        {
            return true;
        }
        match doc {
            DocRef::Statement(i) => {
                let s = &self.statements[i];
                (s.notes_broken && anchor.starts_with("a-"))
                    || s.notes.iter().any(|n| n.anchor == anchor)
            }
            _ => false,
        }
    }

    /// Notes `notes` of statement `id`, whose rendered text is `text`, as W3C Web Annotations
    /// targeting its page.
    pub fn notes_annotations<'a>(
        &'a self,
        id: StatementId,
        text: &'a StatementText,
        notes: Range<usize>,
    ) -> Vec<Annotation<'a>> {
        let s = &self.statements[id];
        let target = annotate::export::Target {
            page: s.permalink.as_str(),
            text: text.rendered.plain_text(),
            language: s
                .doc
                .meta
                .language
                .as_deref()
                .unwrap_or(&self.config.language),
            publisher: self.config.publisher.as_ref().map(|p| p.name.as_str()),
        };
        let mut positions = CodePoints::new(target.text);
        s.notes[notes.clone()]
            .iter()
            .zip(&text.notes[notes])
            .map(|(n, said)| {
                annotate::export::annotation(
                    n,
                    said,
                    &target,
                    &self.config.base_url,
                    &mut positions,
                )
            })
            .collect()
    }

    /// Statement `id`'s notes as a W3C AnnotationCollection, as published beside its page.
    pub fn notes_collection<'a>(
        &'a self,
        id: StatementId,
        text: &'a StatementText,
    ) -> Collection<'a> {
        use annotate::export::{PageSpan, collection, page};
        let s = &self.statements[id];
        let url = s.permalink.join(crate::plan::companions::NOTES);
        let total = s.notes.len();
        let span = PageSpan {
            number: 1,
            start_index: 0,
            parts: vec![(id, 0..total)],
        };
        let url = url.as_str();
        let first = page(
            url,
            total,
            1,
            &span,
            self.notes_annotations(id, text, 0..total),
        );
        collection(
            url,
            format!("Notes on “{}”", s.doc.meta.title),
            total,
            1,
            first,
        )
    }

    /// Title and site path of a document, for links to it.
    /// Every rendered document, in a fixed order.
    pub fn docs(&self) -> impl Iterator<Item = DocRef> + use<> {
        let home = self.home.as_ref().map(|_| DocRef::Home);
        home.into_iter()
            .chain(self.statement_ids().map(DocRef::Statement))
            .chain((0..self.pages.len()).map(DocRef::Page))
            .chain(TermId::all(self.topics.terms.len()).map(DocRef::Topic))
            .chain(TermId::all(self.entities.terms.len()).map(DocRef::Entity))
    }

    pub fn title_and_url(&self, doc: DocRef) -> (String, SitePath) {
        match doc {
            DocRef::Home => (self.config.title.clone(), SitePath::default()),
            DocRef::Statement(i) => (
                self.statements[i].doc.meta.title.clone(),
                self.statements[i].url(),
            ),
            DocRef::Page(i) => (self.pages[i].doc.meta.title.clone(), self.pages[i].url()),
            DocRef::Topic(i) => (self.topics.terms[i].name.clone(), self.topics.url_of(i)),
            DocRef::Entity(i) => (self.entities.terms[i].name.clone(), self.entities.url_of(i)),
        }
    }

    /// Every event declared on a note (`event:` in a notes file), by date, then in archive and
    /// reading order. Made from the notes pass 1 keeps, so no text is read.
    pub fn events(&self) -> Vec<Event<'_>> {
        let mut out: Vec<Event<'_>> = self
            .statements
            .iter()
            .zip(self.statement_ids())
            .flat_map(|(s, statement)| {
                s.notes.iter().filter_map(move |note| {
                    let meta = note.event.as_ref()?;
                    Some(Event {
                        statement,
                        note,
                        meta,
                    })
                })
            })
            .collect();
        out.sort_by_key(|e| (e.meta.date, e.statement, e.note.number));
        out
    }
}

/// The fingerprints recurring claims are found from, as they were at one version of the
/// archive; see [`Archive::claims_to_find`].
pub struct ClaimsToFind {
    pub version: u64,
    fingerprints: Vec<Arc<claims::Fingerprint>>,
}

impl ClaimsToFind {
    /// Detection ([`claims::Found::of`]), which reads no text: it can run on any thread.
    pub fn find(&self) -> claims::Found {
        let fingerprints: Vec<&claims::Fingerprint> =
            self.fingerprints.iter().map(|f| &**f).collect();
        claims::Found::of(&fingerprints)
    }
}

/// What recurring claims are found from in a statement: its plain text (so its sentences and
/// their wording), its fingerprint and its notes' `same_as` links. `None` when its text is not
/// held; `serve`, where it is compared, holds every text.
#[derive(PartialEq)]
struct ClaimsInput {
    text: String,
    fingerprint: Arc<claims::Fingerprint>,
    declared: Vec<(usize, Option<String>, String)>,
}

impl ClaimsInput {
    fn of(s: &Statement) -> Option<ClaimsInput> {
        Some(ClaimsInput {
            text: s.text.as_ref()?.rendered.plain_text().to_owned(),
            fingerprint: s.fingerprint.clone(),
            declared: s
                .notes
                .iter()
                .filter(|n| n.meta.same_as.is_some())
                .map(|n| (n.block, n.meta.same_as.clone(), n.passage.clone()))
                .collect(),
        })
    }
}

/// An event and the note that anchors it in a statement.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// The statement whose passage states it.
    pub statement: StatementId,
    pub note: &'a Note,
    /// What the note declares: date, title, circa.
    pub meta: &'a annotate::Event,
}

impl Event<'_> {
    /// The link to the note, beside its passage on the statement's page (`#a-<id>`).
    pub fn href(&self, archive: &Archive) -> urls::Href {
        let page = archive.statements[self.statement].url();
        archive
            .config
            .base_url
            .url(&page)
            .with_fragment(&self.note.anchor)
    }

    /// The note's absolute URL, for what leaves the site (downloads, `timeline.json`).
    pub fn permalink(&self, archive: &Archive) -> AbsoluteUrl {
        archive.statements[self.statement]
            .permalink
            .with_fragment(&self.note.anchor)
    }
}

/// `p<N>`'s number.
fn anchor_number(anchor: &str) -> Option<usize> {
    anchor.strip_prefix('p').and_then(|n| n.parse().ok())
}

/// Whether to hold a rendered text of `bytes`, counting it in `held` if so.
fn keep(hold: Hold, held: &AtomicUsize, text: &StatementText) -> bool {
    match hold {
        Hold::Every => true,
        Hold::UpTo(budget) => {
            let bytes = held_bytes(text);
            let before = held.fetch_add(bytes, Ordering::Relaxed);
            if before + bytes <= budget {
                true
            } else {
                held.fetch_sub(bytes, Ordering::Relaxed);
                false
            }
        }
    }
}

/// A statement's first pass: its file read again for the body (released after loading), its
/// text rendered with its notes anchored, and what the rest of the site needs of it kept; its
/// rendered text too if `hold` says so. Its terms, related statements, backlinks and URL
/// are filled in later, from the whole archive.
fn first_pass(
    doc: Doc<StatementMeta>,
    sidecar: Option<&Sidecar>,
    versions: Vec<Doc<VersionMeta>>,
    options: RenderOptions<'_>,
    index: &ContentIndex,
    hold: impl FnOnce(&StatementText) -> bool,
) -> (Statement, Vec<Diagnostic>) {
    let version_options = RenderOptions {
        mentions: None,
        ..options
    };
    let (versions, texts, mut problems) =
        read_versions(&doc.meta, versions, version_options, index);
    let earlier: Vec<annotate::Earlier<'_>> = versions
        .iter()
        .zip(&texts)
        .map(|(v, text)| annotate::Earlier {
            seen: v.doc.meta.seen,
            text,
        })
        .collect();
    let (mut text, mut notes, more) = match doc.full_source() {
        Ok(source) => annotate::render_statement(&doc, &source, sidecar, &earlier, options, index),
        Err(d) => (StatementText::default(), Vec::new(), vec![d]),
    };
    problems.extend(more);
    problems.extend(same_texts(&versions, &text.rendered.text));
    // Kept for the whole build: without the spare capacity of vectors grown by pushing.
    notes.shrink_to_fit();
    let mut mentions = std::mem::take(&mut text.rendered.mentions);
    mentions.shrink_to_fit();
    let outline = text.rendered.outline(doc.meta.summary.is_none());
    let fingerprint = Arc::new(claims::Fingerprint::of(&text.rendered, doc.meta.framing));
    let text = hold(&text).then_some(text);
    let statement = Statement {
        fingerprint,
        changed: last_change(&doc.meta, &notes),
        notes_broken: false,
        facts_to_check: sidecar.is_some_and(annotate::facts::to_check),
        permalink: options.base.absolute(&urls::statement_path(&doc.slug)),
        doc,
        outline,
        text,
        notes_file: None,
        notes,
        topics: Vec::new(),
        entities: Vec::new(),
        related: Vec::new(),
        backlinks: Vec::new(),
        versions,
        mentions,
        translation_of: None,
        translations: Vec::new(),
        series_previous: None,
        series_next: None,
    };
    (statement, problems)
}

/// A version whose text is the next one's (the current text's, for the newest) records no
/// change: it is the same text twice, an error naming the file.
fn same_texts(versions: &[Version], current: &str) -> Vec<Diagnostic> {
    let current = sha256_hex(current);
    let next = versions
        .iter()
        .skip(1)
        .map(|v| (v.sha256.as_str(), v.doc.source.path.display().to_string()))
        .chain(std::iter::once((
            current.as_str(),
            "the current text".to_string(),
        )));
    versions
        .iter()
        .zip(next)
        .filter(|(v, (sha, _))| v.sha256 == *sha)
        .map(|(v, (_, other))| {
            Diagnostic::error(format!(
                "this earlier version's text is the same as {other}'s"
            ))
            .at(Location::file(&v.doc.source.path))
            .hint("keep a version only when the words changed; remove this file")
        })
        .collect()
}

/// A statement's earlier versions, oldest first, each read and rendered once to hash its plain
/// text; the texts are returned too, for the notes' anchoring to look in. A version seen after
/// the current text is an error.
fn read_versions(
    meta: &StatementMeta,
    mut docs: Vec<Doc<VersionMeta>>,
    options: RenderOptions<'_>,
    index: &ContentIndex,
) -> (Vec<Version>, Vec<String>, Vec<Diagnostic>) {
    docs.sort_by(|a, b| (a.meta.seen, &a.rel).cmp(&(b.meta.seen, &b.rel)));
    let current = current_seen(meta);
    let mut problems = Vec::new();
    let mut versions = Vec::new();
    let mut texts = Vec::new();
    for doc in docs {
        if doc.meta.seen > current {
            problems.push(
                doc.error_at(
                    &[Seg::Key("seen".into())],
                    format!(
                        "this earlier version was seen {}, after the current text ({})",
                        doc.meta.seen.human(),
                        current.human()
                    ),
                )
                .label("after the current text")
                .hint("an earlier version must be older than the statement's text: check the date, or make this text the statement's and keep the other as a version (the current text's date is its source's `updated`, else `published`, else the statement's `date`)"),
            );
        }
        let text = match doc.full_source() {
            Ok(source) => {
                let (rendered, more) = markdown::render(&source, doc.body.clone(), options, index);
                problems.extend(more);
                rendered.text
            }
            Err(d) => {
                problems.push(d);
                String::new()
            }
        };
        versions.push(Version {
            sha256: sha256_hex(&text),
            doc,
        });
        texts.push(text);
    }
    (versions, texts, problems)
}

/// The latest of a statement's date, its source's update, and its notes' dates.
fn last_change(meta: &StatementMeta, notes: &[Note]) -> ArchiveDate {
    let updated = meta.source.as_ref().and_then(|s| s.updated);
    let noted = notes.iter().filter_map(|n| n.meta.date);
    std::iter::once(meta.date)
        .chain(updated)
        .chain(noted)
        .max()
        .unwrap_or(meta.date)
}

/// Matches each notes file to its statement; a file for no statement is an error.
fn attach_sidecars(
    sidecars: Vec<NotesFile>,
    statements: &[Doc<StatementMeta>],
    index: &ContentIndex,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, NotesFile> {
    let known: BTreeSet<&str> = statements.iter().map(|s| s.rel.as_str()).collect();
    let mut attached = BTreeMap::new();
    for sidecar in sidecars {
        if known.contains(sidecar.statement.as_str()) {
            attached.insert(sidecar.statement.clone(), sidecar);
        } else if !index.is_draft(&sidecar.statement) && !index.is_broken(&sidecar.statement) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "notes file for content/{}, which does not exist",
                    sidecar.statement
                ))
                .at(Location::file(sidecar.path()))
                .hint("name the notes file after its statement: <statement file name without .md>.annotations.yaml"),
            );
        }
    }
    attached
}

/// Groups earlier versions by statement; a versions folder for no statement is an error.
fn attach_versions(
    versions: Vec<Doc<VersionMeta>>,
    statements: &[Doc<StatementMeta>],
    index: &ContentIndex,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<Doc<VersionMeta>>> {
    let known: BTreeSet<&str> = statements.iter().map(|s| s.rel.as_str()).collect();
    let mut attached: BTreeMap<String, Vec<Doc<VersionMeta>>> = BTreeMap::new();
    for version in versions {
        let Some(statement) = crate::content::statement_of_version(&version.rel) else {
            continue;
        };
        if known.contains(statement.as_str()) {
            attached.entry(statement).or_default().push(version);
        } else if !index.is_draft(&statement) && !index.is_broken(&statement) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "earlier version of content/{statement}, which does not exist"
                ))
                .at(Location::file(&version.source.path))
                .hint("keep a statement's earlier versions in a folder named after its file: <statement file name without .md>.versions/"),
            );
        }
    }
    attached
}

fn resolve_terms(
    doc: &Doc<StatementMeta>,
    names: &[String],
    taxonomy: &Taxonomy,
    diagnostics: &mut Diagnostics,
) -> Vec<TermId> {
    let key = taxonomy.kind.name();
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match taxonomy.find(name) {
            Some(id) if ids.contains(&id) => diagnostics.push(
                doc.error_at(
                    &[Seg::Key(key.into()), Seg::Index(i)],
                    format!("`{name}` is listed twice"),
                )
                .hint("remove the repeated entry"),
            ),
            Some(id) => ids.push(id),
            None => {
                let singular = taxonomy.kind.singular();
                let hint = match closest(name, taxonomy.terms.iter().map(|t| t.slug.as_str())) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "declare it as content/{key}/{name}.md or under taxonomies.{key}.terms in config.yaml"
                    ),
                };
                diagnostics.push(
                    doc.error_at(
                        &[Seg::Key(key.into()), Seg::Index(i)],
                        format!("unknown {singular} `{name}`"),
                    )
                    .label(format!("not a declared {singular}"))
                    .hint(hint),
                );
            }
        }
    }
    ids
}

fn resolve_related(
    doc: &Doc<StatementMeta>,
    index: &ContentIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<StatementId> {
    let mut ids = Vec::new();
    for (i, entry) in doc.meta.related.iter().enumerate() {
        let at = [Seg::Key("related".into()), Seg::Index(i)];
        let Some(path) = entry.strip_prefix("@/") else {
            diagnostics.push(
                doc.error_at(&at, format!("related entry `{entry}` is not a content link"))
                    .hint(format!("write it as `@/statements/{entry}.md`, the path of the statement's file under content/")),
            );
            continue;
        };
        match index.lookup(path) {
            Ok(DocRef::Statement(id)) if !ids.contains(&id) => ids.push(id),
            Ok(DocRef::Statement(_)) => {
                diagnostics.push(doc.error_at(&at, format!("`{entry}` is listed twice")))
            }
            Ok(_) => diagnostics.push(
                doc.error_at(&at, format!("related entry `{entry}` is not a statement"))
                    .hint("related lists statements; link other pages from the text instead"),
            ),
            Err(_) if index.is_broken(path) => {}
            Err(why) => {
                diagnostics.push(doc.error_at(&at, format!("broken related link `{entry}`: {why}")))
            }
        }
    }
    ids
}

/// Where each content file ends up: resolves `@/` paths while rendering and checking.
#[derive(Debug)]
pub struct ContentIndex {
    by_path: BTreeMap<String, (DocRef, SitePath)>,
    drafts: Vec<String>,
    /// Files that failed to load (already reported), with their site paths.
    broken: BTreeMap<String, SitePath>,
}

impl ContentIndex {
    fn new(
        home: &Option<Doc<PageMeta>>,
        statements: &[Doc<StatementMeta>],
        pages: &[Doc<PageMeta>],
        topics: &Taxonomy,
        entities: &Taxonomy,
        drafts: Vec<String>,
        broken: Vec<(String, SitePath)>,
    ) -> Self {
        let mut by_path = BTreeMap::new();
        if let Some(h) = home {
            by_path.insert(h.rel.clone(), (DocRef::Home, SitePath::default()));
        }
        for (i, d) in StatementId::all(statements.len()).zip(statements) {
            by_path.insert(
                d.rel.clone(),
                (DocRef::Statement(i), urls::statement_path(&d.slug)),
            );
        }
        for (i, d) in pages.iter().enumerate() {
            by_path.insert(d.rel.clone(), (DocRef::Page(i), urls::page_path(&d.slug)));
        }
        for (tax, make) in [
            (topics, DocRef::Topic as fn(TermId) -> DocRef),
            (entities, DocRef::Entity),
        ] {
            for (i, t) in tax.ids().zip(&tax.terms) {
                if let Some(doc) = &t.doc {
                    by_path.insert(doc.rel.clone(), (make(i), tax.url_of(i)));
                }
            }
        }
        ContentIndex {
            by_path,
            drafts,
            broken: broken.into_iter().collect(),
        }
    }

    /// Whether `path` names a draft left out of this build.
    pub fn is_draft(&self, path: &str) -> bool {
        self.drafts.iter().any(|d| d == path)
    }

    /// Whether `path` names a file that exists but failed to load; its problems are reported
    /// already, so links to it are not reported again.
    pub fn is_broken(&self, path: &str) -> bool {
        self.broken.contains_key(path)
    }

    /// The document a content path names.
    pub fn lookup(&self, path: &str) -> Result<DocRef, String> {
        match self.by_path.get(path) {
            Some((doc, _)) => Ok(*doc),
            None => Err(self.why_missing(path)),
        }
    }

    fn why_missing(&self, path: &str) -> String {
        if self.drafts.iter().any(|d| d == path) {
            return format!(
                "content/{path} is a draft, left out of this build (build with --drafts to include it)"
            );
        }
        match closest(path, self.by_path.keys().map(String::as_str)) {
            Some(best) => format!("content/{path} does not exist; did you mean @/{best}?"),
            None => format!("content/{path} does not exist"),
        }
    }
}

impl Resolve for ContentIndex {
    fn content_url(&self, path: &str) -> Result<SitePath, String> {
        match (self.by_path.get(path), self.broken.get(path)) {
            (Some((_, url)), _) | (None, Some(url)) => Ok(url.clone()),
            (None, None) => Err(self.why_missing(path)),
        }
    }
}

#[cfg(test)]
mod tests;
