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

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, mpsc};

use tera::Value;

use crate::build::{BuildOptions, BuildReport, Site, build_site, check_site_links, render_pages};
use crate::content::{self, Reloaded};
use crate::diagnostics::Diagnostic;
use crate::ids::StatementId;
use crate::model::claims::Found;
use crate::model::{DocRef, TaxonomyKind};
use crate::output::{Folder, absolute};
use crate::plan::data::{self, DataFile};
use crate::plan::{self, Job, NotesIndex, Planned, plan};
use crate::render::pages::Given;
use crate::urls::OutputPath;

/// The threads recurring claims are found on in `serve`: half the machine's, so that the
/// global pool stays free to render the next save's pages while they are found. `None` if no
/// thread could be started: they are then found on this one.
fn detection_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get() / 2);
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .thread_name(|k| format!("annals-claims-{k}"))
            // A panic drops the result's sender, which `take_claims` reports; without a
            // handler, rayon would abort the process.
            .panic_handler(|_| {})
            .build()
            .ok()
    });
    pool.as_ref()
}

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
    /// The data files (indices into the site's `generated`) that hold a statement updated in
    /// place since they were written: they wait for [`Session::finish_some`].
    data_stale: BTreeSet<usize>,
    /// The recurring claims being found again, on another thread.
    detecting: Option<Detecting>,
}

/// Recurring claims being found on the detection pool, for one version of the archive.
struct Detecting {
    version: u64,
    found: mpsc::Receiver<Found>,
}

/// What [`Session::finish_some`] left.
#[derive(Debug)]
pub enum Finishing {
    /// Everything is done; a full build's outcome if the recurring claims changed.
    Done(Option<Outcome>),
    /// Something is left: data files not written because a change came, or the recurring
    /// claims still being found. Call again.
    Pending,
}

/// Whether [`Session::finish_some`] waits for the recurring claims being found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    Yes,
    No,
}

impl Session {
    /// A session for the site `options` describe. The search index is left out: it cannot be
    /// updated in place, and rebuilding it on every save would take most of the time.
    pub fn new(options: BuildOptions) -> Session {
        let output = options.output_dir();
        Session {
            options: BuildOptions {
                no_search: true,
                hold: crate::model::Hold::Every,
                ..options
            },
            site: None,
            output,
            data_stale: BTreeSet::new(),
            detecting: None,
        }
    }

    /// Forgets the last build, so the next change builds the whole site.
    pub fn reset(&mut self) {
        self.site = None;
        self.data_stale.clear();
        self.detecting = None;
    }

    /// Builds the whole site.
    pub fn build(&mut self) -> Result<Outcome, Vec<Diagnostic>> {
        self.reset();
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

    /// Finishes what the updates since the last call left, waiting for all of it; see
    /// [`Session::finish_some`].
    pub fn finish(&mut self) -> Result<Option<Outcome>, Vec<Diagnostic>> {
        loop {
            if let Finishing::Done(outcome) = self.finish_step(Wait::Yes, &mut || false)? {
                return Ok(outcome);
            }
        }
    }

    /// Goes on with what the updates since the last call left, once their pages are shown,
    /// stopping as soon as `interrupted` says a change came, so that the next save is not kept
    /// waiting:
    /// - The recurring claims are found again if a text changed (seconds at 100,000
    ///   statements), on a pool of threads of their own, from the fingerprints as they were.
    ///   When found, and no update has changed a text since, they are taken; if they changed
    ///   (they show on other statements' pages and on paginated lists), the whole site is
    ///   built again. If a text has changed since, they are found again.
    /// - The data files left out of date are written, only those that hold an updated
    ///   statement (at 100,000 statements, rewriting every year's download after each save
    ///   took seconds), one at a time.
    pub fn finish_some(
        &mut self,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<Finishing, Vec<Diagnostic>> {
        self.finish_step(Wait::No, interrupted)
    }

    fn finish_step(
        &mut self,
        wait: Wait,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<Finishing, Vec<Diagnostic>> {
        if self.site.is_none() {
            return Ok(Finishing::Done(None));
        }
        if self.take_claims(wait)? {
            return self.build().map(|o| Finishing::Done(Some(o)));
        }
        let Some(site) = self.site.as_ref() else {
            return Ok(Finishing::Done(None));
        };
        if self.detecting.is_none()
            && let Some(to_find) = site.archive.claims_to_find()
        {
            let (send, found) = mpsc::channel();
            let version = to_find.version;
            let find = move || {
                let _ = send.send(to_find.find());
            };
            match detection_pool() {
                Some(pool) => pool.spawn(find),
                None => find(),
            }
            self.detecting = Some(Detecting { version, found });
        }
        let folder = Folder::live(&self.output);
        while let Some(&k) = self.data_stale.first() {
            if interrupted() {
                return Ok(Finishing::Pending);
            }
            self.data_stale.remove(&k);
            let g = &site.generated[k];
            let written = g.bytes(&site.archive, &site.planned).and_then(|bytes| {
                folder
                    .write(&g.path, &bytes)
                    .map_err(|e| Diagnostic::io("write", Path::new(g.path.as_str()), &e))
            });
            if let Err(problem) = written {
                self.reset();
                return Err(vec![problem]);
            }
        }
        Ok(match self.detecting {
            Some(_) => Finishing::Pending,
            None => Finishing::Done(None),
        })
    }

    /// Takes the recurring claims found on the detection pool, if they are ready (or once they
    /// are, if `wait`); returns whether they changed.
    fn take_claims(&mut self, wait: Wait) -> Result<bool, Vec<Diagnostic>> {
        let Some(detecting) = &self.detecting else {
            return Ok(false);
        };
        let found = match wait {
            Wait::Yes => detecting.found.recv().map_err(|_| ()),
            Wait::No => match detecting.found.try_recv() {
                Err(mpsc::TryRecvError::Empty) => return Ok(false),
                other => other.map_err(|_| ()),
            },
        };
        let version = detecting.version;
        self.detecting = None;
        let Ok(found) = found else {
            self.reset();
            return Err(vec![Diagnostic::error(
                "annals failed while finding the recurring claims (a bug: please report it); the site is built afresh on the next save",
            )]);
        };
        Ok(self
            .site
            .as_mut()
            .is_some_and(|site| site.archive.take_claims(version, found) == Some(true)))
    }

    /// The statement all of `changed` belong to (its file, its notes file), if there is one
    /// and it is in the built archive.
    fn one_statement(&self, changed: &[PathBuf]) -> Option<StatementId> {
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
            .map(StatementId::new)
    }

    /// Updates statement `id` from its files and renders the pages it affects. `Ok(None)` when
    /// the change is more than an update can take (its front matter changed, the pages of the
    /// site changed), so the site must be built afresh.
    fn update(&mut self, id: StatementId) -> Result<Option<Outcome>, Vec<Diagnostic>> {
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
        // Notes elsewhere may rest on this statement's figures: check them again.
        for k in noted_backlinks(&site.archive, id) {
            let file = root
                .join("content")
                .join(&site.archive.statements[k].doc.rel);
            match content::reload(
                &root,
                &content::notes_of_statement(&file),
                self.options.drafts,
            )? {
                Reloaded::Notes(sidecar) => {
                    diagnostics.extend(site.archive.check_facts(k, &sidecar))
                }
                _ => return Ok(None),
            }
        }
        check_site_links(&site.archive, &site.registry, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics.into_sorted());
        }
        site.shared.refresh(&site.archive, id);
        // The figures ledger's pages show the statements whose notes state figures: when its
        // figures change, which pages show it can change too, so the site is built again.
        if before.figures != figures_shown(&site.archive, id) {
            return Ok(None);
        }
        let counts_changed = before.kind_counts != kind_counts(&site.shared.notes)
            || before.noted != site.shared.notes.statements.len();
        let mentions_changed = before.mentions != site.archive.statements[id].mentions;
        let events_changed = before.events != events_shown(&site.archive, id);
        if counts_changed || mentions_changed || events_changed {
            // The notes index and export are paginated by note counts, an entity's list of
            // mentions by their count, and the timeline has a page and a file for each year
            // with an event: when the pages and files they make change, so do the site's
            // paths, and only a full build can check those.
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

        // The notes pages, the pages listing an entity's mentions and the timeline's years
        // are the pages whose members can move without the site's paths changing (a note
        // changed kind, a paragraph named another entity, an event moved to another year):
        // they are planned again.
        for p in &mut site.planned {
            let lists_mentions = matches!(
                p.job,
                Job::Term(TaxonomyKind::Entities, _, 1) | Job::Mentions(..)
            );
            let timeline_year = matches!(p.job, Job::TimelineYear(_));
            if matches!(p.job, Job::Annotations(_) | Job::AnnotationKind(..))
                || (mentions_changed && lists_mentions)
                || (events_changed && timeline_year)
            {
                let now = plan::shows(&site.archive, &site.shared.notes, &p.job);
                p.shows_before = std::mem::replace(&mut p.shows, now);
            }
        }
        let change = Change {
            card_changed: before.card != *site.shared.card(id),
            events_changed,
            counts_changed,
            mentions_changed,
            before,
        };
        let jobs: Vec<&Planned> = site
            .planned
            .iter()
            .filter(|p| change.affects(site, id, p))
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
            Given::Nothing,
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
        let event_years: BTreeSet<i16> = (change.before.events.iter())
            .chain(&events_shown(&site.archive, id))
            .map(|e| e.0.date.year)
            .collect();
        self.data_stale.extend(
            site.generated
                .iter()
                .enumerate()
                .filter(|(_, g)| g.reaches(&site.archive, id, &event_years))
                .map(|(k, _)| k),
        );
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
    /// Its events as the timeline and the data page show them.
    events: Vec<EventShown>,
    /// Its figures as the ledger shows them.
    figures: Vec<FigureShown>,
    backlinks: Vec<Vec<DocRef>>,
    kind_counts: Vec<usize>,
    noted: usize,
    /// The entities its text mentioned, by paragraph.
    mentions: Vec<crate::markdown::Mention>,
}

impl Before {
    fn take(site: &Site, id: StatementId) -> Before {
        let notes = &site.shared.notes;
        Before {
            card: site.shared.card(id).clone(),
            events: events_shown(&site.archive, id),
            figures: figures_shown(&site.archive, id),
            backlinks: site
                .archive
                .statements
                .iter()
                .map(|s| s.backlinks.clone())
                .collect(),
            kind_counts: kind_counts(notes),
            noted: notes.statements.len(),
            mentions: site.archive.statements[id].mentions.clone(),
        }
    }
}

/// How statement `id` changed, compared once, for deciding page by page what to render.
struct Change {
    before: Before,
    card_changed: bool,
    /// An event of its notes was added, removed or changed (or its passage moved).
    events_changed: bool,
    counts_changed: bool,
    /// Its paragraphs name other entities, or name them otherwise.
    mentions_changed: bool,
}

impl Change {
    /// Whether page `p` must be rendered again after statement `id` changed. Which pages show
    /// the statement is the plan's to say ([`Planned::shows`]); what each shows of it decides
    /// whether this change reaches it.
    fn affects(&self, site: &Site, id: StatementId, p: &Planned) -> bool {
        let shows = p.shows.contains(&id);
        match p.job {
            Job::Statement(j) | Job::Changes(j) if j == id => true,
            Job::Changes(_) => false,
            // Each shows the texts of the statements it pairs.
            Job::Compare(..) | Job::Parallel(_) => shows,
            Job::Statement(j) => {
                self.before.backlinks[j] != site.archive.statements[j].backlinks
                    || (self.card_changed && shows)
            }
            // Lists and the timeline show its card; the timeline its events too.
            Job::Timeline => (self.card_changed || self.events_changed) && shows,
            // An event moved to another year leaves the page of the year it was in, which
            // no longer shows the statement: every year's page, when its events change.
            Job::TimelineYear(_) => self.events_changed || (self.card_changed && shows),
            // An entity's first page and its list of mentions show its mentions.
            Job::Term(TaxonomyKind::Entities, _, 1) | Job::Mentions(..)
                if self.mentions_changed && (shows || p.shows_before.contains(&id)) =>
            {
                true
            }
            Job::Mentions(..) => false,
            Job::Home | Job::StatementList(_) | Job::Term(..) | Job::Claims(_) => {
                self.card_changed && shows
            }
            // The ledger shows its title and date beside its figures (whose changes rebuild
            // the site).
            Job::Figures | Job::Measure(_) => self.card_changed && shows,
            // Feeds carry its text; the notes pages its notes and their quotes.
            Job::Feed(_) => shows,
            Job::Annotations(_) | Job::AnnotationKind(..) => {
                self.counts_changed || shows || p.shows_before.contains(&id)
            }
            // The data page counts notes and events.
            Job::Data => self.counts_changed || self.events_changed || self.mentions_changed,
            // Corrections are front matter, whose change needs a full build.
            Job::Corrections | Job::CorrectionsFeed => false,
            Job::TaxonomyIndex(_) | Job::Page(_) | Job::Search | Job::NotFound => false,
        }
    }
}

/// An event of a statement as pages show it: what its note declares, and where its passage is.
type EventShown = (crate::annotate::Event, String, usize, String);

/// Statement `id`'s events, in reading order.
fn events_shown(archive: &crate::model::Archive, id: StatementId) -> Vec<EventShown> {
    archive.statements[id]
        .notes
        .iter()
        .filter_map(|n| {
            let e = n.event.clone()?;
            Some((e, n.anchor.clone(), n.block, n.passage.clone()))
        })
        .collect()
}

/// A figure of a statement as the ledger shows it: what its note declares, and where its
/// passage is.
type FigureShown = (crate::annotate::figures::Figure, String, usize, String);

/// Statement `id`'s figures, in reading order.
fn figures_shown(archive: &crate::model::Archive, id: StatementId) -> Vec<FigureShown> {
    archive.statements[id]
        .notes
        .iter()
        .filter_map(|n| {
            let f = n.figure.as_deref()?.clone();
            Some((f, n.anchor.clone(), n.block, n.passage.clone()))
        })
        .collect()
}

/// The other statements with notes that link to statement `id` (their notes' links among them).
fn noted_backlinks(archive: &crate::model::Archive, id: StatementId) -> Vec<StatementId> {
    archive.statements[id]
        .backlinks
        .iter()
        .filter_map(|&d| match d {
            crate::model::DocRef::Statement(k)
                if k != id && !archive.statements[k].notes.is_empty() =>
            {
                Some(k)
            }
            _ => None,
        })
        .collect()
}

fn kind_counts(notes: &NotesIndex) -> Vec<usize> {
    notes.by_kind.iter().map(Vec::len).collect()
}
