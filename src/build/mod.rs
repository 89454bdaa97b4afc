//! Runs the pipeline: load and check everything first, then render and write.
//!
//! Every stage before writing collects its problems instead of stopping, so one run reports all
//! content, link and template errors. Only a clean first phase starts the second, and the second
//! writes into a staging folder that replaces the output only when every file is written.

mod compare_pages;
mod notes_pages;
mod waiting;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::ids::StatementId;
use crate::markdown::{LinkTarget, highlight};
use crate::model::{Archive, Hold};
use crate::output::downloads::{self, Lines, YearFile, YearFiles};
use crate::output::search::Doc as SearchDoc;
use crate::output::{Folder, OutputSize, Registry, Staging, check_output_location};
use crate::output::{companions, search};
use crate::plan::data::{self, DataFile, DataKind};
use crate::plan::{self, Job, Planned};
use crate::progress::Progress;
use crate::render::compare::Reading;
use crate::render::notes;
use crate::render::pages::{self, Given};
use crate::render::{Renderer, views::Shared};
use crate::theme::{StaticContent, StaticFile, Theme};
use crate::urls::OutputPath;
use crate::yaml::Seg;
use compare_pages::ComparePages;
use notes_pages::NotesPages;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder, holding `config.yaml` and `content/`.
    pub root: PathBuf,
    /// Where to write the site; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Include statements and pages marked `draft: true`.
    pub drafts: bool,
    /// Leave out the search index and page for this build, whatever the config says.
    pub no_search: bool,
    /// Run every check, rendering every page in memory, and write nothing (`annals check`).
    pub check_only: bool,
    /// Which statements' rendered texts stay in memory between the passes: every one for
    /// `serve` (which renders a statement's pages again after each save), a budget's worth
    /// for a build; the others are rendered again where their pages are written.
    pub hold: Hold,
    /// The progress display (hidden unless the command line shows one).
    pub progress: Progress,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            no_search: false,
            check_only: false,
            hold: Hold::BUILD,
            progress: Progress::hidden(),
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    /// Every file of the site and their bytes; none for a check, which writes nothing.
    pub size: Option<OutputSize>,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each stage, in order.
    pub timings: Vec<Lap>,
}

/// One stage of a build, for `--timings`.
#[derive(Debug)]
pub struct Lap {
    pub stage: &'static str,
    pub time: Duration,
    /// The process's peak resident memory when the stage ended, in bytes, where the system
    /// reports it (Linux).
    pub peak_memory: Option<u64>,
}

/// Stage timings, for `annals build --timings` and the benchmark's profile; each stage's name
/// is also shown on the progress display while it runs, and its time with `--verbose`.
struct Laps<'a> {
    last: Instant,
    laps: Vec<Lap>,
    progress: &'a Progress,
}

impl<'a> Laps<'a> {
    fn start(progress: &'a Progress, first: &str) -> Self {
        progress.stage(first);
        Laps {
            last: Instant::now(),
            laps: Vec::new(),
            progress,
        }
    }

    /// `stage` is done; `next` starts.
    fn lap(&mut self, stage: &'static str, next: &str) {
        let now = Instant::now();
        let time = now - self.last;
        self.laps.push(Lap {
            stage,
            time,
            peak_memory: peak_memory(),
        });
        self.progress
            .detail(format!("{:>8.1} ms  {stage}", time.as_secs_f64() * 1000.0));
        if !next.is_empty() {
            self.progress.stage(next);
        }
        self.last = now;
    }
}

/// The peak resident memory of this process so far (`VmHWM`), on Linux.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The site as built: the archive and what was rendered from it, which `serve` keeps to
/// rebuild only what a change affects.
pub struct Site {
    pub archive: Archive,
    pub renderer: Renderer,
    pub shared: Shared,
    pub planned: Vec<Planned>,
    pub generated: Vec<DataFile>,
    /// Every output path, to check site links against.
    pub registry: Registry,
}

/// Builds the site. On failure, returns every problem found (errors and warnings) and leaves
/// the previous output untouched.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    build_site(options).map(|(report, _)| report)
}

/// [`build`], also returning the site as built.
pub fn build_site(options: &BuildOptions) -> Result<(BuildReport, Site), Vec<Diagnostic>> {
    let started = Instant::now();
    let progress = &options.progress;
    let mut laps = Laps::start(progress, "Reading the config and theme");
    let root = options.root.as_path();
    // A config with errors still gives one to check the content with; nothing is written.
    let (config, config_problems) = Config::load_for_checking(root, options.base_url.as_deref());
    let Some(mut config) = config else {
        return Err(config_problems);
    };
    config.search &= !options.no_search;
    let output = options.output_dir();
    if !options.check_only {
        check_output_location(root, &output).map_err(|d| vec![d])?;
    }

    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(config_problems);
    let theme = Theme::load(root, &config)
        .map_err(|ds| diagnostics.extend(ds))
        .ok();
    let stylesheet = highlight_stylesheet(&config)
        .map_err(|ds| diagnostics.extend(ds))
        .ok();
    laps.lap("config and theme", "Loading content");
    let (content, problems) = content::load(root, options.drafts);
    diagnostics.extend(problems);
    laps.lap(
        "load content",
        "Rendering Markdown, anchoring notes, resolving links",
    );
    let (archive, problems) = Archive::build(config, content, options.hold);
    diagnostics.extend(problems);
    laps.lap(
        "markdown, notes and links",
        "Checking templates and planning the output",
    );
    let renderer = theme.as_ref().and_then(|t| {
        Renderer::new(t, &archive)
            .map_err(|ds| diagnostics.extend(ds))
            .ok()
    });

    let planned = plan::plan(&archive);
    let generated = data::plan(&archive, stylesheet, &planned);
    let static_files = theme
        .as_ref()
        .map_or(&[][..], |t| t.static_files.as_slice());
    let search_folders = if archive.config.search {
        plan::search::folders(&archive)
    } else {
        Vec::new()
    };
    let registry = claim_outputs(
        &planned,
        static_files,
        &generated,
        &search_folders,
        &mut diagnostics,
    );
    check_site_links(&archive, &registry, &mut diagnostics);
    if let Some(r) = &renderer {
        check_page_templates(&archive, &planned, r, &mut diagnostics);
    }

    let Some(renderer) = renderer else {
        return Err(diagnostics.into_sorted());
    };
    laps.lap("templates and output plan", "");
    // With errors already found, pages are still rendered (in memory only) so that template
    // errors are reported in the same run; nothing is written.
    let staging = if diagnostics.has_errors() || options.check_only {
        None
    } else {
        match Staging::new(&output) {
            Ok(staging) => Some(staging),
            Err(d) => {
                diagnostics.push(d);
                return Err(diagnostics.into_sorted());
            }
        }
    };
    // Pages are counted as they are written; a check, which writes nothing, shows its stage.
    if staging.is_some() {
        let stage = if archive.config.search {
            "Rendering and writing pages, indexing for search"
        } else {
            "Rendering and writing pages"
        };
        progress.counted(stage, planned.len() as u64, "pages");
    } else {
        progress.stage("Rendering every page in memory");
    }
    let shared = Shared::new(&archive);
    let folder = staging.as_ref().map(Staging::folder);
    let (render_errors, search_files) =
        second_pass(&archive, &shared, &renderer, &planned, folder, progress);
    diagnostics.extend(merge_repeated(render_errors));
    laps.lap(
        "render pages, index for search",
        "Writing data, search and static files",
    );
    if diagnostics.has_errors() {
        return Err(diagnostics.into_sorted());
    }
    // A check writes nothing: its report names no files.
    let (size, output) = match staging {
        None => (None, output),
        Some(staging) => {
            let (output, size) = write_rest(
                staging,
                &archive,
                &planned,
                Files {
                    static_files,
                    generated: &generated,
                    search_files: &search_files,
                },
                &registry,
                &mut diagnostics,
            )?;
            laps.lap("data, search and static files, swap in the new site", "");
            if let Some(warning) = size_warning(size) {
                diagnostics.push(warning);
            }
            (Some(size), output)
        }
    };
    progress.finish();
    let report = BuildReport {
        pages: planned.len(),
        size,
        output,
        elapsed: started.elapsed(),
        warnings: diagnostics.into_sorted(),
        timings: laps.laps,
    };
    let site = Site {
        archive,
        renderer,
        shared,
        planned,
        generated,
        registry,
    };
    Ok((report, site))
}

/// The files of a build that are not pages.
struct Files<'a> {
    static_files: &'a [StaticFile],
    generated: &'a [DataFile],
    /// The search index's files, already written.
    search_files: &'a [OutputPath],
}

/// A warning for a site too large for GitHub Pages.
fn size_warning(size: OutputSize) -> Option<Diagnostic> {
    (size.bytes > OutputSize::GITHUB_PAGES_LIMIT).then(|| {
        Diagnostic::warning(format!(
            "the site is {}, more than the 1 GB GitHub Pages publishes",
            size.megabytes()
        ))
        .hint("GitHub Pages will refuse this site; publish it to other hosting or object storage")
    })
}

/// Writes the files that are not pages into the staging folder and swaps it in; returns where
/// the site now is and its size.
fn write_rest(
    staging: Staging,
    archive: &Archive,
    planned: &[Planned],
    Files {
        static_files,
        generated,
        search_files,
    }: Files<'_>,
    registry: &Registry,
    diagnostics: &mut Diagnostics,
) -> Result<(PathBuf, OutputSize), Vec<Diagnostic>> {
    let folder = staging.folder();
    let write = |path: &OutputPath, bytes: &[u8]| {
        folder
            .write(path, bytes)
            .map_err(|e| Diagnostic::io("write", Path::new(path.as_str()), &e))
            .err()
    };
    let copy_errors: Vec<Diagnostic> = static_files
        .par_iter()
        .filter_map(|f| copy_static(folder, f).err())
        .chain(
            generated
                .par_iter()
                .filter(|g| !matches!(g.kind, DataKind::Download(d, _) if d.streamed()))
                .filter_map(|g| match g.bytes(archive, planned) {
                    Ok(bytes) => write(&g.path, &bytes),
                    Err(d) => Some(d),
                }),
        )
        .collect();
    diagnostics.extend(copy_errors);
    if diagnostics.has_errors() {
        return Err(std::mem::take(diagnostics).into_sorted());
    }
    let mut keep = registry.paths();
    keep.extend(search_files.iter().map(OutputPath::as_str));
    let size = folder.size();
    let output = staging.commit(&keep).map_err(|d| {
        diagnostics.push(d);
        std::mem::take(diagnostics).into_sorted()
    })?;
    Ok((output, size))
}

/// Where rendered files go: written to a folder, or kept until every page has rendered.
pub(crate) type Sink<'a> = &'a (dyn Fn(&OutputPath, Vec<u8>) -> std::io::Result<()> + Sync);

/// Statements rendered and written together in the second pass: each batch's records are
/// handed on in archive order once it is done, and then dropped.
const BATCH: usize = 256;

/// The second pass: every planned page rendered and, with a folder, written with the files
/// that come from statements' texts. Statements go in batches in archive order: each one's
/// text is rendered again (unless held), its page and companion files written, its search
/// record and download lines made from it, and all of it dropped; the records go to the
/// search index and the per-year downloads, each built on a thread of its own from the stream.
/// Then the other pages, which need no statement's text (feeds read the few they show).
/// Returns the errors and the search index's files.
fn second_pass(
    archive: &Archive,
    shared: &Shared,
    renderer: &Renderer,
    planned: &[Planned],
    folder: Option<&Folder>,
    progress: &Progress,
) -> (Vec<Diagnostic>, Vec<OutputPath>) {
    // Each planned page is one step of the progress display, counted as its page file is
    // written (companion files are written with it).
    let pages: std::collections::HashSet<&str> =
        planned.iter().map(|p| p.output.as_str()).collect();
    let write = |path: &OutputPath, bytes: Vec<u8>| {
        let written = match folder {
            Some(f) => f.write(path, &bytes),
            None => Ok(()),
        };
        if pages.contains(path.as_str()) {
            progress.step();
        }
        written
    };
    let sink: Option<Sink<'_>> = folder.map(|_| &write as Sink<'_>);
    let mut statements: Vec<(StatementId, &Planned)> = Vec::new();
    let mut others: Vec<&Planned> = Vec::new();
    let (mut notes_pages, mut compare_pages) = (Vec::new(), Vec::new());
    for p in planned {
        match p.job {
            Job::Statement(id) => statements.push((id, p)),
            _ if NotesPages::takes(p) => notes_pages.push(p),
            _ if ComparePages::takes(p) => compare_pages.push(p),
            _ => others.push(p),
        }
    }
    let mut notes_pages = NotesPages::new(notes_pages);
    let mut compare_pages = ComparePages::new(compare_pages);
    statements.sort_by_key(|&(id, _)| id);
    let search = folder.is_some() && archive.config.search;
    let (mut errors, search_files) = std::thread::scope(|scope| {
        let (records, for_search) =
            std::sync::mpsc::sync_channel::<Vec<(StatementId, SearchDoc)>>(1);
        let (lines, for_downloads) = std::sync::mpsc::sync_channel::<Vec<Lines>>(1);
        let index = scope.spawn(move || index_stream(archive, folder, search, for_search));
        let downloads = scope.spawn(move || write_downloads(folder, for_downloads));
        let empty = notes_pages.empty();
        let mut errors = render_pages(archive, shared, renderer, &empty, Given::Nothing, sink);
        for batch in statements.chunks(BATCH) {
            let done: Vec<Result<StatementFiles, Diagnostic>> = batch
                .par_iter()
                .map(|&(id, p)| {
                    let wants = Wants {
                        search,
                        notes: notes_pages.wants(id),
                        reading: compare_pages.wants(id),
                    };
                    render_statement(archive, shared, renderer, p, id, sink, wants)
                })
                .collect();
            let (mut docs, mut batch_lines) = (Vec::new(), Vec::new());
            let (mut ready, mut compared) = (Vec::new(), Vec::new());
            for result in done {
                match result {
                    Ok(files) => {
                        docs.extend(files.search.map(|doc| (files.id, doc)));
                        batch_lines.extend(files.lines);
                        if let Some(entries) = files.notes {
                            ready.extend(notes_pages.give(files.id, entries));
                        }
                        if let Some(reading) = files.reading {
                            compared.extend(compare_pages.give(files.id, reading));
                        }
                    }
                    Err(d) => errors.push(d),
                }
            }
            let given = Given::Notes(notes_pages.entries());
            errors.extend(render_pages(archive, shared, renderer, &ready, given, sink));
            notes_pages.release(&ready);
            let given = Given::Readings(compare_pages.held());
            errors.extend(render_pages(
                archive, shared, renderer, &compared, given, sink,
            ));
            compare_pages.release();
            // A thread that stopped has its error to report when joined.
            if search {
                let _ = records.send(docs);
            }
            let _ = lines.send(batch_lines);
        }
        drop((records, lines));
        // A notes or comparison page left waiting shows a statement that failed, whose error
        // is reported.
        if errors.is_empty() {
            let mut unfinished = notes_pages.unfinished();
            unfinished.extend(compare_pages.unfinished());
            errors.extend(render_pages(
                archive,
                shared,
                renderer,
                &unfinished,
                Given::Nothing,
                sink,
            ));
        }
        errors.extend(render_pages(
            archive,
            shared,
            renderer,
            &others,
            Given::Nothing,
            sink,
        ));
        let failed = || Diagnostic::error("the search indexer failed");
        let search_files = match index.join().unwrap_or_else(|_| Err(failed())) {
            Ok(files) => files,
            Err(d) => {
                errors.push(d);
                Vec::new()
            }
        };
        errors.extend(
            downloads
                .join()
                .unwrap_or_else(|_| vec![Diagnostic::error("writing the data downloads failed")]),
        );
        (errors, search_files)
    });
    errors.sort_by_key(|d| d.location.as_ref().map(|l| l.to_string()));
    (errors, search_files)
}

/// What the second pass made of one statement besides its page and companion files.
struct StatementFiles {
    id: StatementId,
    search: Option<SearchDoc>,
    /// Its lines of the data downloads, when the site is written.
    lines: Option<Lines>,
    /// Its notes as the notes pages list them, when one shows it.
    notes: Option<Vec<tera::Value>>,
    /// What its comparisons read of it, when it has any.
    reading: Option<Reading>,
}

/// What else the second pass makes of a statement's text while it has it.
#[derive(Clone, Copy)]
struct Wants {
    /// Its search record.
    search: bool,
    /// Its notes' entries in the notes pages.
    notes: bool,
    /// Its reading, for its comparison pages.
    reading: bool,
}

/// Renders statement `id`'s page (`p`) from its text and hands it and its companion files to
/// `sink` (when given; without it, the page is only rendered, to find template errors); makes
/// from the same text its download lines (when written) and what else it `wants`.
fn render_statement(
    archive: &Archive,
    shared: &Shared,
    renderer: &Renderer,
    p: &Planned,
    id: StatementId,
    sink: Option<Sink<'_>>,
    wants: Wants,
) -> Result<StatementFiles, Diagnostic> {
    let text = archive.text(id)?;
    let html = pages::render(archive, shared, renderer, p, Given::Text(&text))?;
    let notes = wants
        .notes
        .then(|| notes::index_entries(archive, id, &text));
    let reading = wants.reading.then(|| Reading::of(&text.rendered));
    let Some(sink) = sink else {
        return Ok(StatementFiles {
            id,
            search: None,
            lines: None,
            notes,
            reading,
        });
    };
    let companions = companions::statement_files(archive, id, &text);
    let files =
        std::iter::once((&p.output, html.into_bytes())).chain(p.companions.iter().zip(companions));
    for (path, bytes) in files {
        sink(path, bytes).map_err(|e| Diagnostic::io("write", Path::new(path.as_str()), &e))?;
    }
    Ok(StatementFiles {
        id,
        search: wants.search.then(|| SearchDoc::of(archive, id, &text)),
        lines: Some(downloads::lines(archive, id, &text)),
        notes,
        reading,
    })
}

/// Builds the search index from the records the second pass streams, bundle by bundle.
fn index_stream(
    archive: &Archive,
    folder: Option<&Folder>,
    search: bool,
    records: Receiver<Vec<(StatementId, SearchDoc)>>,
) -> Result<Vec<OutputPath>, Diagnostic> {
    let Some(folder) = folder.filter(|_| search) else {
        return Ok(Vec::new());
    };
    let write = |path: &OutputPath, bytes: &[u8]| folder.write(path, bytes);
    let mut index = search::Index::new(archive, &write, search::INDEXER)?;
    for batch in records {
        for (id, doc) in batch {
            index.add(id, doc)?;
        }
    }
    index.finish()
}

/// Writes the per-year data downloads from the lines the second pass streams.
fn write_downloads(folder: Option<&Folder>, lines: Receiver<Vec<Lines>>) -> Vec<Diagnostic> {
    let Some(folder) = folder else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    let mut write = |(download, year, bytes): YearFile| {
        let written = OutputPath::for_file(&data::year_path(download, year))
            .map_err(Diagnostic::error)
            .and_then(|path| {
                folder
                    .write(&path, &bytes)
                    .map_err(|e| Diagnostic::io("write", Path::new(path.as_str()), &e))
            });
        errors.extend(written.err());
    };
    let mut files = YearFiles::default();
    for batch in lines {
        for statement in batch {
            files.add(statement).into_iter().for_each(&mut write);
        }
    }
    files.finish().into_iter().for_each(&mut write);
    errors
}

/// Renders the given pages and hands each, with its companion files, to `sink` (when given;
/// without it, pages are only rendered, to find template errors). Returns the errors.
pub(crate) fn render_pages(
    archive: &Archive,
    shared: &Shared,
    renderer: &Renderer,
    jobs: &[&Planned],
    given: Given<'_>,
    sink: Option<Sink<'_>>,
) -> Vec<Diagnostic> {
    jobs.par_iter()
        .filter_map(|p| {
            if let Job::Statement(id) = p.job {
                let wants = Wants {
                    search: false,
                    notes: false,
                    reading: false,
                };
                return render_statement(archive, shared, renderer, p, id, sink, wants).err();
            }
            let html = match pages::render(archive, shared, renderer, p, given) {
                Ok(html) => html,
                Err(d) => return Some(d),
            };
            let sink = sink?;
            sink(&p.output, html.into_bytes())
                .err()
                .map(|e| Diagnostic::io("write", Path::new(p.output.as_str()), &e))
        })
        .collect()
}

fn highlight_stylesheet(config: &Config) -> Result<String, Vec<Diagnostic>> {
    let md = &config.markdown;
    highlight::stylesheet(&md.highlight_theme, &md.highlight_theme_dark).map_err(|problems| {
        problems
            .into_iter()
            .map(|(mode, message)| {
                let key = match mode {
                    highlight::Mode::Light => "highlight_theme",
                    highlight::Mode::Dark => "highlight_theme_dark",
                };
                config
                    .error_at(
                        &[Seg::Key("markdown".into()), Seg::Key(key.into())],
                        message,
                    )
                    .hint(format!(
                        "themes available: {}",
                        highlight::theme_names().join(", ")
                    ))
            })
            .collect()
    })
}

fn claim_outputs(
    planned: &[Planned],
    static_files: &[StaticFile],
    generated: &[DataFile],
    search_folders: &[String],
    diagnostics: &mut Diagnostics,
) -> Registry {
    let mut registry = Registry::new();
    for folder in search_folders {
        diagnostics.extend(registry.claim_folder(folder, "the search index"));
    }
    let claims = planned
        .iter()
        .flat_map(|p| {
            std::iter::once(&p.output)
                .chain(&p.companions)
                .map(|o| (Ok(o.clone()), p.origin.clone()))
        })
        .chain(
            generated
                .iter()
                .map(|g| (Ok(g.path.clone()), g.origin.to_string())),
        )
        .chain(
            static_files
                .iter()
                .map(|f| (OutputPath::new(&f.rel), f.origin.clone())),
        );
    for (path, origin) in claims {
        match path {
            Ok(path) => {
                if let Err(d) = registry.claim(path, origin) {
                    diagnostics.push(d);
                }
            }
            Err(why) => diagnostics.push(Diagnostic::error(format!("{origin}: {why}"))),
        }
    }
    diagnostics.extend(registry.check_files_against_folders());
    registry
}

/// Checks root-relative links written in Markdown (`/about/`) against the files the build writes.
pub(crate) fn check_site_links(
    archive: &Archive,
    registry: &Registry,
    diagnostics: &mut Diagnostics,
) {
    let found = |rel: &str| {
        rel.is_empty()
            || registry.contains(rel)
            || registry.contains(&format!("{rel}index.html"))
            || registry.contains(&format!("{rel}/index.html"))
    };
    for (i, item) in archive.config.menu.iter().enumerate() {
        let Some(rel) = item.url.strip_prefix('/').filter(|r| !r.starts_with('/')) else {
            continue;
        };
        if !found(rel.split(['#', '?']).next().unwrap_or(rel)) {
            let at = [
                Seg::Key("menu".into()),
                Seg::Index(i),
                Seg::Key("url".into()),
            ];
            diagnostics.push(
                archive
                    .config
                    .error_at(
                        &at,
                        format!(
                            "menu entry `{}` links to a page the site does not have",
                            item.url
                        ),
                    )
                    .hint("fix the path, add the page, or remove the entry"),
            );
        }
    }
    for doc in archive.docs() {
        for link in archive.links(doc) {
            let LinkTarget::Site { path, .. } = &link.target else {
                continue;
            };
            let rel = path.trim_start_matches('/');
            if !found(rel) {
                let mut d = Diagnostic::error(format!(
                    "broken link `{path}`: the site has no page or file there"
                ))
                .at(link.location.clone())
                .label("not a page of this site");
                let pages = archive.pages.iter().map(|p| p.url().as_str().to_string());
                let candidates: Vec<String> = pages
                    .chain([
                        "statements/".into(),
                        "timeline/".into(),
                        "topics/".into(),
                        "entities/".into(),
                    ])
                    .collect();
                if let Some(best) = closest(rel, candidates.iter().map(String::as_str)) {
                    d = d.hint(format!("did you mean `/{best}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
}

/// A page's `template:` must name a template the theme or site provides.
fn check_page_templates(
    archive: &Archive,
    planned: &[Planned],
    renderer: &Renderer,
    diagnostics: &mut Diagnostics,
) {
    for p in planned {
        if let Job::Page(i) = p.job
            && !renderer.has_template(&p.template)
        {
            diagnostics.push(
                    archive.pages[i]
                        .doc
                        .error_at(&[Seg::Key("template".into())], format!("template `{}` not found", p.template))
                        .hint("put it in the site's templates/ folder, or remove the key to use page.html"),
                );
        }
    }
}

/// The same template error on many pages is reported once, with a count.
fn merge_repeated(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for e in errors {
        let same = merged.iter_mut().find(|(m, _)| {
            m.message == e.message
                && m.location.as_ref().map(|l| (&l.path, &l.span))
                    == e.location.as_ref().map(|l| (&l.path, &l.span))
        });
        match same {
            Some((_, count)) => *count += 1,
            None => merged.push((e, 1)),
        }
    }
    merged
        .into_iter()
        .map(|(d, count)| match count {
            1 => d,
            n => {
                let hint = d.hint.clone().unwrap_or_default();
                d.hint(format!("{hint} (and {} other pages)", n - 1))
            }
        })
        .collect()
}

fn copy_static(folder: &Folder, file: &StaticFile) -> Result<(), Diagnostic> {
    let path = OutputPath::new(&file.rel).map_err(Diagnostic::error)?;
    let result = match &file.content {
        StaticContent::Disk(from) => folder.copy(&path, from),
        StaticContent::Embedded(bytes) => folder.write(&path, bytes),
    };
    result.map_err(|e| Diagnostic::io("copy", Path::new(&file.origin), &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_over_github_pages_limit_is_warned_about() {
        let at = |bytes| OutputSize { files: 10, bytes };
        assert!(size_warning(at(OutputSize::GITHUB_PAGES_LIMIT)).is_none());
        let warning = size_warning(at(1_234_500_000)).unwrap();
        assert!(!warning.is_error());
        assert!(
            warning
                .render(false)
                .contains("the site is 1234.5 MB, more than the 1 GB GitHub Pages publishes"),
            "{}",
            warning.render(false)
        );
    }
}
