//! Rebuilding after edits, for `annals serve`.
//!
//! While editing, the common change is a save of one statement's text or notes, its front
//! matter untouched. That statement is then updated in the archive in place and only the pages
//! that show it are rendered again: its own page and files; the pages whose "referenced by"
//! lists changed; when its card (summary, note count) changed, the lists and neighbours that
//! show the card; the notes index pages that list its notes; the feeds it is in. The data files
//! (downloads, notes export, sitemap) are brought up to date afterwards by [`Session::finish`],
//! after the browser has been told to reload. Any other change builds the whole site again, as
//! does the first change after an error.

use std::path::{Path, PathBuf};

use tera::Value;

use crate::build::{BuildOptions, BuildReport, Site, build_site, check_site_links, render_pages};
use crate::content::{self, Reloaded};
use crate::diagnostics::Diagnostic;
use crate::model::DocRef;
use crate::output::data::{self, DataFile};
use crate::output::{Folder, absolute};
use crate::render::notes::NotesIndex;
use crate::render::pages::{self, Job, Planned, plan};
use crate::urls::OutputPath;

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The whole site was built.
    Built(BuildReport),
    /// One statement changed and the pages showing it were rendered again.
    Updated {
        statement: String,
        pages: usize,
        warnings: Vec<Diagnostic>,
    },
}

/// A site being edited: the last good build, kept in memory.
pub struct Session {
    options: BuildOptions,
    /// `None` until a build succeeds, and after an error: the next change builds afresh.
    site: Option<Site>,
    output: PathBuf,
    /// The data files wait for [`Session::finish`] after an update.
    data_stale: bool,
}

impl Session {
    /// A session for the site `options` describe. The search index is left out: it cannot be
    /// updated in place, and rebuilding it on every save would take most of the time.
    pub fn new(options: BuildOptions) -> Session {
        let output = options.output_dir();
        Session {
            options: BuildOptions {
                no_search: true,
                ..options
            },
            site: None,
            output,
            data_stale: false,
        }
    }

    /// Forgets the last build, so the next change builds the whole site.
    pub fn reset(&mut self) {
        self.site = None;
        self.data_stale = false;
    }

    /// Builds the whole site.
    pub fn build(&mut self) -> Result<Outcome, Vec<Diagnostic>> {
        self.site = None;
        self.data_stale = false;
        let (report, site) = build_site(&self.options)?;
        self.output = report.output.clone();
        self.site = Some(site);
        Ok(Outcome::Built(report))
    }

    /// Rebuilds after the files in `changed` (absolute or relative to the working folder)
    /// changed: only what they affect when that is one statement's text or notes, else all.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Outcome, Vec<Diagnostic>> {
        let Some(id) = self.one_statement(changed) else {
            return self.build();
        };
        match self.update(id) {
            Ok(Some(outcome)) => Ok(outcome),
            Ok(None) => self.build(),
            Err(problems) => {
                self.site = None;
                Err(problems)
            }
        }
    }

    /// Writes the data files an update left out of date.
    pub fn finish(&mut self) -> Result<(), Vec<Diagnostic>> {
        let Some(site) = self.site.as_ref().filter(|_| self.data_stale) else {
            return Ok(());
        };
        self.data_stale = false;
        let folder = Folder::live(&self.output);
        let problems: Vec<Diagnostic> = site
            .generated
            .iter()
            .filter_map(|g| {
                folder
                    .write(&g.path, &g.bytes(&site.archive, &site.planned))
                    .err()
                    .map(|e| Diagnostic::io("write", Path::new(g.path.as_str()), &e))
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            self.site = None;
            Err(problems)
        }
    }

    /// The statement all of `changed` belong to (its file, its notes file), if there is one
    /// and it is in the built archive.
    fn one_statement(&self, changed: &[PathBuf]) -> Option<usize> {
        let site = self.site.as_ref()?;
        let content = absolute(&self.options.root.join("content"));
        let mut statement: Option<String> = None;
        for path in changed {
            let rel = absolute(path).strip_prefix(&content).ok()?.to_path_buf();
            let rel = rel.to_str()?.replace('\\', "/");
            let rel = content::statement_of_notes(&rel).unwrap_or(rel);
            if !rel.starts_with("statements/") || !rel.ends_with(".md") {
                return None;
            }
            match &statement {
                Some(s) if *s != rel => return None,
                _ => statement = Some(rel),
            }
        }
        let rel = statement?;
        site.archive
            .statements
            .iter()
            .position(|s| s.doc.rel == rel)
    }

    /// Updates statement `id` from its files and renders the pages it affects. `Ok(None)` when
    /// the change is more than an update can take (its front matter changed, the pages of the
    /// site changed), so the site must be built afresh.
    fn update(&mut self, id: usize) -> Result<Option<Outcome>, Vec<Diagnostic>> {
        let root = self.options.root.clone();
        let Some(site) = self.site.as_mut() else {
            return Ok(None);
        };
        let old = &site.archive.statements[id];
        let rel = old.doc.rel.clone();
        let file = root.join("content").join(&rel);
        if !file.is_file() {
            return Ok(None);
        }
        let Reloaded::Statement(doc) = content::reload(&root, &file, self.options.drafts)? else {
            return Ok(None);
        };
        if doc.source.text[doc.front.clone()] != old.doc.source.text[old.doc.front.clone()] {
            return Ok(None);
        }
        let notes_file = content::notes_of_statement(&file);
        let sidecar = match notes_file.is_file() {
            true => match content::reload(&root, &notes_file, self.options.drafts)? {
                Reloaded::Notes(sidecar) => Some(sidecar),
                _ => return Ok(None),
            },
            false => None,
        };

        let before = Before::take(site, id);
        let mut diagnostics = site.archive.update_statement(id, doc, sidecar.as_ref());
        check_site_links(&site.archive, &site.registry, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics.into_sorted());
        }
        site.shared.refresh(&site.archive, id);
        let counts_changed = before.kind_counts != kind_counts(&site.shared.notes)
            || before.noted != site.shared.notes.statements.len();
        if counts_changed {
            // The notes index and export are paginated by note counts: when the pages they
            // make change, so do the site's paths, and only a full build can check those.
            let outputs = |p: &[Planned]| p.iter().map(|p| p.output.clone()).collect::<Vec<_>>();
            if outputs(&plan(&site.archive)) != outputs(&site.planned) {
                return Ok(None);
            }
            let generated = data::replan(&site.generated, &site.archive, &site.planned);
            let paths = |g: &[DataFile]| g.iter().map(|g| g.path.clone()).collect::<Vec<_>>();
            if paths(&generated) != paths(&site.generated) {
                return Ok(None);
            }
            site.generated = generated;
        }

        let change = Change::new(before, site, id, counts_changed);
        let jobs: Vec<&Planned> = site
            .planned
            .iter()
            .filter(|p| change.affects(site, id, &p.job))
            .collect();
        // Every page is rendered before any is written, so an error leaves the served site
        // as it was.
        let rendered = std::sync::Mutex::new(Vec::new());
        let keep = |path: &OutputPath, bytes: Vec<u8>| {
            rendered
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.clone(), bytes));
            Ok(())
        };
        let errors = render_pages(
            &site.archive,
            &site.shared,
            &site.renderer,
            &jobs,
            Some(&keep),
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let folder = Folder::live(&self.output);
        let rendered = rendered.into_inner().unwrap_or_else(|e| e.into_inner());
        let failed: Vec<Diagnostic> = rendered
            .iter()
            .filter_map(|(path, bytes)| {
                folder
                    .write(path, bytes)
                    .err()
                    .map(|e| Diagnostic::io("write", Path::new(path.as_str()), &e))
            })
            .collect();
        if !failed.is_empty() {
            return Err(failed);
        }
        self.data_stale = true;
        Ok(Some(Outcome::Updated {
            statement: rel,
            pages: jobs.len(),
            warnings: diagnostics.into_sorted(),
        }))
    }
}

/// What the pages showed of a statement before it changed.
struct Before {
    card: Value,
    backlinks: Vec<Vec<DocRef>>,
    /// Notes index pages (by statement) and (kind, position) of the statement's notes.
    noted_at: Option<usize>,
    kinds_touched: Vec<(usize, usize)>,
    kind_counts: Vec<usize>,
    noted: usize,
}

impl Before {
    fn take(site: &Site, id: usize) -> Before {
        let notes = &site.shared.notes;
        Before {
            card: site.shared.cards[id].clone(),
            backlinks: site
                .archive
                .statements
                .iter()
                .map(|s| s.backlinks.clone())
                .collect(),
            noted_at: notes.statements.iter().position(|&s| s == id),
            kinds_touched: positions_of(notes, id),
            kind_counts: kind_counts(notes),
            noted: notes.statements.len(),
        }
    }
}

/// How statement `id` changed, compared once, for deciding page by page what to render.
struct Change {
    before: Before,
    card_changed: bool,
    counts_changed: bool,
    /// Its positions in the notes index by statement, before and after.
    noted_at: [Option<usize>; 2],
    /// (kind, position) of its notes in the lists by kind, before and after.
    kinds_touched: Vec<(usize, usize)>,
}

impl Change {
    fn new(before: Before, site: &Site, id: usize, counts_changed: bool) -> Change {
        let notes = &site.shared.notes;
        let mut kinds_touched = positions_of(notes, id);
        kinds_touched.extend(&before.kinds_touched);
        Change {
            card_changed: before.card != site.shared.cards[id],
            counts_changed,
            noted_at: [
                before.noted_at,
                notes.statements.iter().position(|&s| s == id),
            ],
            kinds_touched,
            before,
        }
    }

    /// Whether page `job` must be rendered again after statement `id` changed.
    fn affects(&self, site: &Site, id: usize, job: &Job) -> bool {
        let archive = &site.archive;
        let config = &archive.config;
        let s = &archive.statements[id];
        let (card_changed, counts_changed) = (self.card_changed, self.counts_changed);
        let newest_rank = archive.statements.len() - 1 - id;
        let per_list = config.paginate_by;
        match job {
            Job::Statement(j) if *j == id => true,
            Job::Statement(j) => {
                self.before.backlinks[*j] != archive.statements[*j].backlinks
                    || (card_changed
                        && (j.abs_diff(id) == 1 || archive.statements[*j].related.contains(&id)))
            }
            Job::Home => card_changed && newest_rank < pages::HOME_LATEST,
            Job::StatementList(n) => card_changed && pages::page_of(newest_rank, per_list) == *n,
            Job::Timeline => card_changed,
            Job::Term(kind, t, n) => {
                let tax = archive.taxonomy(*kind);
                let members = &tax.terms[*t].members;
                card_changed
                    && members
                        .iter()
                        .rev()
                        .position(|&m| m == id)
                        .is_some_and(|rank| pages::page_of(rank, tax.paginate_by) == *n)
            }
            Job::Annotations(n) => {
                counts_changed
                    || self
                        .noted_at
                        .iter()
                        .flatten()
                        .any(|&rank| pages::page_of(rank, per_list) == *n)
            }
            Job::AnnotationKind(k, n) => {
                counts_changed
                    || self.kinds_touched.iter().any(|&(kind, rank)| {
                        kind == *k && pages::page_of(rank, pages::NOTES_PER_PAGE) == *n
                    })
            }
            Job::Feed(None) => newest_rank < config.feed_limit,
            Job::Feed(Some(t)) => {
                s.topics.contains(t)
                    && archive.topics.terms[*t]
                        .members
                        .iter()
                        .rev()
                        .take(config.feed_limit)
                        .any(|&m| m == id)
            }
            Job::Data => counts_changed,
            Job::TaxonomyIndex(_) | Job::Page(_) | Job::Search | Job::NotFound => false,
        }
    }
}

/// (kind, position in that kind's list) of statement `id`'s notes.
fn positions_of(notes: &NotesIndex, id: usize) -> Vec<(usize, usize)> {
    notes
        .by_kind
        .iter()
        .enumerate()
        .flat_map(|(k, pairs)| {
            pairs
                .iter()
                .enumerate()
                .filter(move |(_, (s, _))| *s == id)
                .map(move |(rank, _)| (k, rank))
        })
        .collect()
}

fn kind_counts(notes: &NotesIndex) -> Vec<usize> {
    notes.by_kind.iter().map(Vec::len).collect()
}
