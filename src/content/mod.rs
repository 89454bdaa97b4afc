//! Loading `content/`: finding the files, splitting front matter, and typing it per kind.
//!
//! ```text
//! content/_index.md            the home page's introduction (optional)
//! content/statements/**/*.md   one statement per file
//! content/statements/**/<name>.versions/*.md
//!                              earlier versions of the text of statement <name>.md
//! content/pages/*.md           free pages: about, methodology, …
//! content/topics/*.md          topic profiles (topics may also be declared in config.yaml)
//! content/entities/*.md        entity profiles
//! content/measures/*.md        measures of the figures ledger (may also be declared in config.yaml)
//! ```

mod files;
mod frontmatter;
pub mod meta;

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFile};
use crate::urls::{self, SitePath, slugify};
use crate::yaml::{Seg, YamlBlock};
use meta::{AnnotationMeta, MeasureMeta, PageMeta, StatementMeta, TermMeta, VersionMeta};

/// A content file with typed front matter.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub source: SourceFile,
    /// Path under `content/`, `/`-separated: the form `@/` links use.
    pub rel: String,
    /// From the file name; names the page's URL.
    pub slug: String,
    pub meta: M,
    pub front: Range<usize>,
    pub body: Range<usize>,
    /// Set when the body was dropped from `source` to be read again when needed.
    pub released: Option<Released>,
}

/// A statement's body, dropped from memory after loading: where to read it again, and what it
/// was, so that a file changed since then is noticed rather than rendered half old, half new.
#[derive(Debug, Clone)]
pub struct Released {
    file: PathBuf,
    digest: u64,
}

/// A digest of a file's text, to notice that it changed between two reads of one build.
fn digest(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl<M> Doc<M> {
    /// Drops the body from memory, keeping the front matter (which errors found later point
    /// into). A statement's body is needed twice, in each of the build's two passes, and never
    /// for long: holding every statement's file from loading to writing was most of a large
    /// build's memory.
    pub fn release_body(&mut self, file: &Path) {
        if self.released.is_some() {
            return;
        }
        self.released = Some(Released {
            file: file.to_path_buf(),
            digest: digest(&self.source.text),
        });
        self.source = SourceFile::new(
            self.source.path.clone(),
            &self.source.text[..self.body.start],
        );
    }

    /// The whole file: the one held, or read again as it was read when loaded. A file that
    /// changed since (saved while the build ran) is an error asking for another build.
    pub fn full_source(&self) -> Result<SourceFile, Diagnostic> {
        let Some(released) = &self.released else {
            return Ok(self.source.clone());
        };
        let again = files::read_text(&released.file, &self.source.path)?;
        if digest(&again.text) != released.digest {
            return Err(
                Diagnostic::error("the file changed while the site was being built")
                    .at(Location::file(&self.source.path))
                    .hint("build again once the edits are saved"),
            );
        }
        Ok(again)
    }
}

impl<M> Doc<M> {
    /// A diagnostic pointing at the front matter value at `path`.
    pub fn error_at(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        self.yaml().error_at(path, message)
    }

    fn yaml(&self) -> YamlBlock<'_> {
        YamlBlock {
            file: &self.source,
            range: (self.front.start, self.front.end),
            what: "front matter",
        }
    }
}

/// A notes file found while loading, read only when its statement is rendered: the archive's
/// notes files are then never all in memory at once (read up front, they were half of a large
/// build's memory before its first page was rendered).
#[derive(Debug, Clone)]
pub struct NotesFile {
    /// Path under `content/` of the statement the notes are about.
    pub statement: String,
    rel: String,
    file: PathBuf,
    shown: PathBuf,
}

impl NotesFile {
    /// The file's path as shown to the user.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Reads and types the notes file; its problems if it cannot be read or typed.
    pub fn load(&self) -> Result<Sidecar, Vec<Diagnostic>> {
        let source = files::read_text(&self.file, &self.shown).map_err(|d| vec![d])?;
        load_sidecar(source, &self.rel)
    }
}

/// A statement's notes file, `<file>.annotations.yaml` beside `<file>.md`.
#[derive(Debug, Clone)]
pub struct Sidecar {
    pub source: SourceFile,
    /// Path under `content/` of the statement the notes are about.
    pub statement: String,
    pub notes: Vec<AnnotationMeta>,
}

impl Sidecar {
    /// A diagnostic pointing at the value at `path` in the notes file.
    pub fn error_at(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        self.yaml().error_at(path, message)
    }

    /// Where `needle` is first written in note `i`, or the note's `body` key if it is not
    /// written there literally (a YAML escape, a folded line). Finding it by text keeps the YAML
    /// parser's positions, which cost a second parse, off the path of a successful build.
    pub fn locate_in_note(&self, i: usize, needle: &str) -> Location {
        let (from, to) = self.note_span(i);
        match self.source.text[from..to].find(needle) {
            Some(k) => self.source.at(from + k..from + k + needle.len()),
            None => self
                .error_at(&[Seg::Index(i), Seg::Key("body".into())], "")
                .location
                .unwrap_or_else(|| self.source.at(from..from)),
        }
    }

    /// Byte range of note `i` in the notes file: from the `- ` of its list item to the next
    /// one's, when the file is a plain block sequence (the usual form, found by a scan of line
    /// starts); else the range the YAML parser reports.
    fn note_span(&self, i: usize) -> (usize, usize) {
        let text = &*self.source.text;
        let items: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(k, _)| k + 1))
            .filter(|&k| text[k..].starts_with("- "))
            .collect();
        if items.len() == self.notes.len()
            && let Some(&start) = items.get(i)
        {
            return (start, items.get(i + 1).copied().unwrap_or(text.len()));
        }
        let start = self
            .error_at(&[Seg::Index(i)], "")
            .location
            .map_or(0, |l| l.span.start);
        let end = self
            .error_at(&[Seg::Index(i + 1)], "")
            .location
            .map_or(text.len(), |l| l.span.start.max(start));
        (start, end)
    }

    fn yaml(&self) -> YamlBlock<'_> {
        YamlBlock::whole(&self.source, "annotations")
    }
}

/// Everything under `content/`, typed, drafts already set aside.
#[derive(Debug, Default)]
pub struct Content {
    pub home: Option<Doc<PageMeta>>,
    pub statements: Vec<Doc<StatementMeta>>,
    pub pages: Vec<Doc<PageMeta>>,
    pub topics: Vec<Doc<TermMeta>>,
    pub entities: Vec<Doc<TermMeta>>,
    /// Measures of the figures ledger.
    pub measures: Vec<Doc<MeasureMeta>>,
    /// Notes files, each naming its statement.
    pub annotations: Vec<NotesFile>,
    /// Earlier versions of statements' texts, bodies released (`Doc::release_body`); the
    /// statement each belongs to is [`statement_of_version`] of its `rel`.
    pub versions: Vec<Doc<VersionMeta>>,
    /// Statements whose notes file failed to load (already reported).
    pub broken_notes: Vec<String>,
    /// `rel` paths of drafts left out of this build, so links to them get a precise message.
    pub drafts: Vec<String>,
    /// Files that exist but failed to load, with the site path they would have had: links to
    /// them resolve, so one broken file is reported once, not again at every link to it.
    pub broken: Vec<(String, SitePath)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Home,
    Statement,
    Annotations,
    Version,
    Page,
    Topic,
    Entity,
    Measure,
}

/// Suffix of a statement's notes file, which sits beside the statement.
pub const ANNOTATIONS_SUFFIX: &str = ".annotations.yaml";

/// The statement file (`…/x.md`, relative to `content/`) a notes file belongs to.
pub fn statement_of_notes(rel: &str) -> Option<String> {
    rel.strip_suffix(ANNOTATIONS_SUFFIX)
        .map(|stem| format!("{stem}.md"))
}

/// Suffix of the folder that holds a statement's earlier versions, beside the statement.
pub const VERSIONS_SUFFIX: &str = ".versions";

/// The statement file (`statements/x.md`) an earlier version (`statements/x.versions/y.md`)
/// belongs to: the folder's name without [`VERSIONS_SUFFIX`].
pub fn statement_of_version(rel: &str) -> Option<String> {
    let (folder, file) = rel.rsplit_once('/')?;
    let stem = folder.strip_suffix(VERSIONS_SUFFIX)?;
    (!file.contains('/') && !stem.ends_with('/') && file.ends_with(".md"))
        .then(|| format!("{stem}.md"))
}

/// The notes file of the statement file at `path`: `x.v2.md` has `x.v2.annotations.yaml`.
pub fn notes_of_statement(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    let stem = text.strip_suffix(".md").unwrap_or(&text);
    PathBuf::from(format!("{stem}{ANNOTATIONS_SUFFIX}"))
}

/// The sections of `content/` and the kind of file each holds.
const SECTIONS: &[(&str, Kind)] = &[
    ("statements", Kind::Statement),
    ("pages", Kind::Page),
    ("topics", Kind::Topic),
    ("entities", Kind::Entity),
    ("measures", Kind::Measure),
];

/// Reads every content file under `root/content`. Drafts are included only if `drafts` is set.
pub fn load(root: &Path, drafts: bool) -> (Content, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("there is no content/ folder")
                .at(Location::file("content"))
                .hint("create content/statements/ and put one Markdown file per statement in it"),
        );
        return (Content::default(), diagnostics);
    }
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let shown = e.path().strip_prefix(root).unwrap_or(e.path());
                match files::judge(e.path(), e.file_type(), shown, &site) {
                    files::Found::Read(note) => {
                        diagnostics.extend(note);
                        files.push((e.into_path(), None));
                    }
                    files::Found::Refused(d) => files.push((e.into_path(), Some(d))),
                }
            }
            Err(e) => diagnostics.push(Diagnostic::error(format!("cannot read content/: {e}"))),
        }
    }

    let loaded: Vec<_> = files
        .into_par_iter()
        .map(|(path, refused)| load_file(root, &content_dir, &path, refused))
        .collect();

    let mut content = Content::default();
    for item in loaded {
        match item {
            Loaded::Home(d) => content.home = Some(d),
            Loaded::Statement(d) if d.meta.draft && !drafts => content.drafts.push(d.rel),
            Loaded::Statement(d) => content.statements.push(d),
            Loaded::Page(d) if d.meta.draft && !drafts => content.drafts.push(d.rel),
            Loaded::Page(d) => content.pages.push(d),
            Loaded::Topic(d) => content.topics.push(d),
            Loaded::Annotations(notes) => content.annotations.push(notes),
            Loaded::Version(d) => content.versions.push(d),
            Loaded::BrokenNotes {
                statement,
                problems,
            } => {
                diagnostics.extend(problems);
                content.broken_notes.push(statement);
            }
            Loaded::Entity(d) => content.entities.push(d),
            Loaded::Measure(d) => content.measures.push(d),
            Loaded::Skipped(None) => {}
            Loaded::Skipped(Some(d)) => diagnostics.push(d),
            Loaded::Failed(ds) => diagnostics.extend(ds),
            Loaded::Broken {
                rel,
                site_path,
                problems,
            } => {
                diagnostics.extend(problems);
                content.broken.push((rel, site_path));
            }
        }
    }
    (content, diagnostics)
}

/// A statement file or notes file read again after an edit.
// Moved once, to its caller; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Reloaded {
    Statement(Doc<StatementMeta>),
    Notes(Sidecar),
    /// Any other file, or a draft: not something one statement's update can take.
    Other,
}

/// Reads one content file again, as [`load`] would, for rebuilding after an edit.
pub fn reload(root: &Path, path: &Path, drafts: bool) -> Result<Reloaded, Vec<Diagnostic>> {
    // Judged as the walk judges it: a FIFO saved in place of a statement must not be opened.
    let refused = std::fs::symlink_metadata(path).ok().and_then(|meta| {
        let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let shown = path.strip_prefix(root).unwrap_or(path);
        match files::judge(path, meta.file_type(), shown, &site) {
            files::Found::Read(_) => None,
            files::Found::Refused(d) => Some(d),
        }
    });
    match load_file(root, &root.join("content"), path, refused) {
        Loaded::Statement(d) if !d.meta.draft || drafts => Ok(Reloaded::Statement(d)),
        Loaded::Annotations(notes) => notes.load().map(Reloaded::Notes),
        Loaded::Failed(problems)
        | Loaded::Broken { problems, .. }
        | Loaded::BrokenNotes { problems, .. } => Err(problems),
        _ => Ok(Reloaded::Other),
    }
}

// Each file's result is moved once, into `Content`; boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
enum Loaded {
    Home(Doc<PageMeta>),
    Statement(Doc<StatementMeta>),
    Page(Doc<PageMeta>),
    Topic(Doc<TermMeta>),
    Entity(Doc<TermMeta>),
    Measure(Doc<MeasureMeta>),
    Annotations(NotesFile),
    Version(Doc<VersionMeta>),
    BrokenNotes {
        statement: String,
        problems: Vec<Diagnostic>,
    },
    Skipped(Option<Diagnostic>),
    Failed(Vec<Diagnostic>),
    Broken {
        rel: String,
        site_path: SitePath,
        problems: Vec<Diagnostic>,
    },
}

impl Kind {
    fn site_path(self, slug: &str) -> SitePath {
        match self {
            Kind::Home => SitePath::default(),
            Kind::Statement | Kind::Annotations | Kind::Version => urls::statement_path(slug),
            Kind::Page => urls::page_path(slug),
            Kind::Topic => urls::term_path("topics", slug),
            Kind::Entity => urls::term_path("entities", slug),
            Kind::Measure => urls::measure_path(slug),
        }
    }
}

/// Loads one content file; `refused` is the error for a path that is not to be read (a special
/// file, a link leading out of the site), which still counts as existing.
fn load_file(root: &Path, content_dir: &Path, path: &Path, refused: Option<Diagnostic>) -> Loaded {
    let rel_path = path.strip_prefix(content_dir).unwrap_or(path);
    let rel = rel_path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let shown: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let is_notes = rel.starts_with("statements/") && rel.ends_with(ANNOTATIONS_SUFFIX);
    let is_md = path.extension().is_some_and(|e| e == "md") || is_notes;
    let kind = if rel == "_index.md" {
        Some(Kind::Home)
    } else {
        let top = rel.split('/').next().unwrap_or("");
        SECTIONS
            .iter()
            .find(|(name, _)| *name == top && rel.len() > name.len())
            .map(|(_, k)| *k)
    };
    let is_version = rel.starts_with("statements/") && statement_of_version(&rel).is_some();
    let kind = kind.map(|k| match (is_notes, is_version) {
        (true, _) => Kind::Annotations,
        (_, true) => Kind::Version,
        _ => k,
    });
    if let Some(d) = refused {
        return match (kind, is_md) {
            (Some(kind), true) => unreadable(kind, rel, path, vec![d]),
            _ => Loaded::Skipped(Some(d)),
        };
    }
    let nested_ok = matches!(
        kind,
        Some(Kind::Statement | Kind::Annotations | Kind::Version)
    );
    let kind = match (kind, is_md) {
        (Some(k), true) if nested_ok || rel.matches('/').count() <= 1 => k,
        (Some(_), true) => {
            return Loaded::Skipped(Some(
                Diagnostic::error(format!(
                    "{rel} is in a sub-folder, which this section does not read"
                ))
                .at(Location::file(&shown))
                .hint("only content/statements/ may have sub-folders; move the file up one level"),
            ));
        }
        (_, false) => {
            return Loaded::Skipped(Some(
                Diagnostic::warning(format!("{rel} is not a Markdown file and is ignored"))
                    .at(Location::file(&shown))
                    .hint("put images and downloads in static/, which is copied to the site as is"),
            ));
        }
        (None, true) => {
            return Loaded::Skipped(Some(
                Diagnostic::error(format!("{rel} is not in a content section"))
                    .at(Location::file(&shown))
                    .hint("put statements in content/statements/, free pages in content/pages/, profiles in content/topics/ or content/entities/, measures in content/measures/"),
            ));
        }
    };
    let stem = match kind {
        // A version's page is its statement's: the slug is the statement's.
        Kind::Version => statement_of_version(&rel)
            .map(|s| stem_of(Path::new(&s)))
            .unwrap_or_default(),
        _ => stem_of(path),
    };
    let slug = slugify(&stem);
    if slug.is_empty() {
        return Loaded::Failed(vec![
            Diagnostic::error(format!(
                "cannot make a URL slug from the file name `{stem}`"
            ))
            .at(Location::file(&shown))
            .hint("rename the file using letters or digits"),
        ]);
    }
    let site_path = kind.site_path(&slug);
    if kind == Kind::Annotations {
        return Loaded::Annotations(NotesFile {
            statement: statement_of_notes(&rel).unwrap_or_else(|| rel.clone()),
            rel,
            file: path.to_path_buf(),
            shown,
        });
    }
    let source = match files::read_text(path, &shown) {
        Ok(source) => source,
        Err(d) => return unreadable(kind, rel, path, vec![d]),
    };
    let loaded = match kind {
        Kind::Home => typed(source, rel.clone(), slug).map_or_else(Loaded::Failed, Loaded::Home),
        Kind::Statement => {
            match typed(source, rel.clone(), slug).map_or_else(Loaded::Failed, validate_statement) {
                Loaded::Statement(mut doc) => {
                    doc.release_body(path);
                    Loaded::Statement(doc)
                }
                other => other,
            }
        }
        Kind::Version => {
            match typed(source, rel.clone(), slug).map_or_else(Loaded::Failed, validate_version) {
                Loaded::Version(mut doc) => {
                    doc.release_body(path);
                    Loaded::Version(doc)
                }
                other => other,
            }
        }
        Kind::Page => typed(source, rel.clone(), slug).map_or_else(Loaded::Failed, Loaded::Page),
        Kind::Topic => typed(source, rel.clone(), slug).map_or_else(Loaded::Failed, Loaded::Topic),
        Kind::Entity => {
            typed(source, rel.clone(), slug).map_or_else(Loaded::Failed, Loaded::Entity)
        }
        Kind::Measure => {
            typed(source, rel.clone(), slug).map_or_else(Loaded::Failed, Loaded::Measure)
        }
        // Returned above, unread: notes files are read when their statement is rendered.
        Kind::Annotations => Loaded::Skipped(None),
    };
    match loaded {
        Loaded::Failed(problems) => Loaded::Broken {
            rel,
            site_path,
            problems,
        },
        other => other,
    }
}

/// The file name without `.md` or the notes suffix: what the slug is made from.
fn stem_of(path: &Path) -> String {
    let file_name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match file_name.strip_suffix(ANNOTATIONS_SUFFIX) {
        Some(stem) => stem.to_string(),
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// A file that exists but could not be read (or was refused): reported by `problems`, and
/// remembered as broken so that links to it, and its notes file, are not reported again.
fn unreadable(kind: Kind, rel: String, path: &Path, problems: Vec<Diagnostic>) -> Loaded {
    if kind == Kind::Annotations {
        let statement = statement_of_notes(&rel).unwrap_or(rel);
        return Loaded::BrokenNotes {
            statement,
            problems,
        };
    }
    Loaded::Broken {
        site_path: kind.site_path(&slugify(&stem_of(path))),
        rel,
        problems,
    }
}

fn load_sidecar(source: SourceFile, rel: &str) -> Result<Sidecar, Vec<Diagnostic>> {
    let statement = statement_of_notes(rel).unwrap_or_else(|| rel.to_string());
    let yaml = YamlBlock::whole(&source, "annotations");
    // An empty (or comments-only) file is a statement without notes yet.
    let blank = source
        .text
        .lines()
        .all(|l| matches!(l.trim_start().chars().next(), None | Some('#')));
    let notes = if blank {
        Vec::new()
    } else {
        yaml.parse::<Vec<AnnotationMeta>>()?
    };
    Ok(Sidecar {
        source,
        statement,
        notes,
    })
}

fn typed<M: DeserializeOwned>(
    source: SourceFile,
    rel: String,
    slug: String,
) -> Result<Doc<M>, Vec<Diagnostic>> {
    let split = frontmatter::split(&source).map_err(|d| vec![d])?;
    let meta = YamlBlock {
        file: &source,
        range: (split.front.start, split.front.end),
        what: "front matter",
    }
    .parse::<M>()?;
    Ok(Doc {
        source,
        rel,
        slug,
        meta,
        front: split.front,
        body: split.body,
        released: None,
    })
}

/// Checks an earlier version's front matter beyond its types.
fn validate_version(doc: Doc<VersionMeta>) -> Loaded {
    if crate::urls::is_absolute_http(&doc.meta.url) {
        return Loaded::Version(doc);
    }
    let url = &doc.meta.url;
    Loaded::Failed(vec![
        doc.error_at(
            &[Seg::Key("url".into())],
            format!("`{url}` is not an absolute http(s) URL"),
        )
        .hint("give the address where this version was seen, or of a web archive's capture of it, starting with https://"),
    ])
}

/// Checks a statement's front matter beyond its types.
fn validate_statement(doc: Doc<StatementMeta>) -> Loaded {
    let key = |k: &str| Seg::Key(k.to_string());
    let mut problems = Vec::new();
    for (name, value) in [("title", &doc.meta.title), ("issuer", &doc.meta.issuer)] {
        if value.trim().is_empty() {
            problems.push(
                doc.error_at(&[key(name)], format!("`{name}` is empty"))
                    .hint(format!("give the statement's {name}")),
            );
        }
    }
    if let Some(lang) = &doc.meta.language
        && !crate::config::is_language_tag(lang)
    {
        problems.push(
            doc.error_at(
                &[key("language")],
                format!("`{lang}` is not a language tag"),
            )
            .hint("use a BCP 47 tag such as en or zh-Hant"),
        );
    }
    for (i, correction) in doc.meta.corrections.iter().enumerate() {
        for (name, value) in [("what", &correction.what), ("why", &correction.why)] {
            if value.trim().is_empty() {
                problems.push(
                    doc.error_at(
                        &[key("corrections"), Seg::Index(i), key(name)],
                        format!("`{name}` of correction {} is empty", i + 1),
                    )
                    .hint("say what changed and why: the corrections log is for readers to check that no edit is silent"),
                );
            }
        }
        if correction.date < doc.meta.date {
            problems.push(
                doc.error_at(
                    &[key("corrections"), Seg::Index(i), key("date")],
                    format!(
                        "correction {} is dated {}, before the statement ({})",
                        i + 1,
                        correction.date.human(),
                        doc.meta.date.human()
                    ),
                )
                .hint("give the date the archive's content was corrected"),
            );
        }
    }
    if let Some(source) = &doc.meta.source
        && let Some(url) = &source.url
        && !crate::urls::is_absolute_http(url)
    {
        problems.push(
            doc.error_at(
                &[key("source"), key("url")],
                format!("`{url}` is not an absolute http(s) URL"),
            )
            .hint("copy the full address of the source page, starting with https://"),
        );
    }
    if problems.is_empty() {
        Loaded::Statement(doc)
    } else {
        Loaded::Failed(problems)
    }
}

#[cfg(test)]
mod tests;
