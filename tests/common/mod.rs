//! Helpers for integration tests: fixture sites in temporary folders, the CLI, and a crawler
//! that checks every link of a built site against the files written.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use annals::build::{BuildOptions, BuildReport, build};
use annals::diagnostics::Diagnostic;
use scraper::{Html, Selector};

pub const CONFIG: &str = "\
title: Fixture Archive
description: A small archive for tests.
base_url: https://example.org/
taxonomies:
  topics:
    terms:
      - slug: screening
        name: Screening
        description: Screening of people at risk.
";

pub const STATEMENT_A: &str = "\
---
title: First statement
date: 2021-07-02
issuer: A Government
speaker: A spokesperson
topics: [screening]
entities: [labour-department]
related: [\"@/statements/2022-01-05-second.md\"]
source:
  publisher: A Paper
  translation: machine
---
```furniture byline
By A Reporter
```

The government said it opposes the report.

It also wrote <script>alert('archived')</script> in its text.

See the [about page](/about/) and [the later statement](@/statements/2022-01-05-second.md#p2).
";

pub const STATEMENT_B: &str = "\
---
title: Second statement
date: 2022-01-05T10:00+08:00
issuer: A Government
topics: [screening]
---
## A heading

The second statement refers back to [the first](@/statements/2021-07-02-first.md#p1).
";

pub const ENTITY: &str =
    "---\nname: Labour Department\nkind: department\naliases: [LD]\n---\nA department.\n";
pub const ABOUT: &str = "---\ntitle: About\n---\nAbout [the archive](/statements/).\n";

/// A site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The standard fixture: two statements, an entity, a page, a static file.
    pub fn fixture() -> Site {
        let site = Site::empty();
        site.write("config.yaml", CONFIG);
        site.write("content/statements/2021-07-02-first.md", STATEMENT_A);
        site.write("content/statements/2022-01-05-second.md", STATEMENT_B);
        site.write("content/entities/labour-department.md", ENTITY);
        site.write("content/pages/about.md", ABOUT);
        site.write("static/files/report.txt", "a report\n");
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A site holding a copy of every file of the fixture folder `dir`, so a test can change it.
    pub fn copy_of(dir: &str) -> Site {
        let site = Site::empty();
        for entry in walkdir::WalkDir::new(dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(dir).unwrap();
                let text = std::fs::read_to_string(entry.path()).unwrap();
                site.write(rel.to_str().unwrap(), &text);
            }
        }
        site
    }

    pub fn write(&self, path: &str, text: &str) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn build(&self) -> Result<BuildReport, Vec<Diagnostic>> {
        build(&BuildOptions::new(self.root()))
    }

    pub fn build_with(
        &self,
        base_url: Option<&str>,
        output: Option<&Path>,
    ) -> Result<BuildReport, Vec<Diagnostic>> {
        build(&BuildOptions {
            root: self.root().to_path_buf(),
            output: output.map(Path::to_path_buf),
            base_url: base_url.map(str::to_string),
            ..BuildOptions::new(".")
        })
    }

    /// Builds and panics with every diagnostic if the build fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(ds) => panic!(
                "build failed:\n{}",
                ds.iter().map(|d| d.render(false)).collect::<String>()
            ),
        }
    }

    /// Builds, expecting failure; one line per diagnostic (`file:line:col: error: …`).
    pub fn errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build was expected to fail"),
            Err(ds) => ds.iter().map(ToString::to_string).collect(),
        }
    }

    /// Asserts that the build fails with exactly the `expected` errors, in order: each starts
    /// with its location (`file:line:column: error:`) and contains its message.
    pub fn assert_errors(&self, expected: &[(String, &str)]) {
        let errors = self.errors();
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
        for (error, (start, message)) in errors.iter().zip(expected) {
            assert!(
                error.starts_with(start.as_str()),
                "{error}\nexpected {start}"
            );
            assert!(error.contains(message), "{error}\nexpected {message}");
        }
    }

    pub fn read(&self, output_path: &str) -> String {
        std::fs::read_to_string(self.public().join(output_path))
            .unwrap_or_else(|e| panic!("cannot read public/{output_path}: {e}"))
    }

    /// The text of a gzipped output file, decompressed.
    pub fn read_gz(&self, output_path: &str) -> String {
        let bytes = std::fs::read(self.public().join(output_path))
            .unwrap_or_else(|e| panic!("cannot read public/{output_path}: {e}"));
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap_or_else(|e| panic!("public/{output_path} is not gzipped UTF-8: {e}"));
        text
    }

    /// Runs the `annals` binary in the site folder.
    pub fn cli(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

/// Every file under `dir`, relative, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Checks every `href` and `src` in every HTML file of a built site: internal URLs must carry
/// `base_path` and resolve to a written file, and fragments must name an element on that page.
/// Returns the broken links as `page: url (why)`.
pub fn broken_links(public: &Path, origin: &str, base_path: &str) -> Vec<String> {
    let files = snapshot(public);
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let id_sel = Selector::parse("[id]").unwrap();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
            ids.insert(
                path.clone(),
                doc.select(&id_sel)
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect(),
            );
        }
    }
    let link_sel = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut broken = Vec::new();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for el in doc.select(&link_sel) {
            let url = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap();
            if let Some(why) = check_url(&files, &ids, page, url, origin, base_path) {
                broken.push(format!("{page}: {url} ({why})"));
            }
        }
    }
    broken
}

fn check_url(
    files: &BTreeMap<String, Vec<u8>>,
    ids: &HashMap<String, BTreeSet<String>>,
    page: &str,
    url: &str,
    origin: &str,
    base_path: &str,
) -> Option<String> {
    let (without_fragment, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (url, None),
    };
    let without_query = without_fragment.split('?').next().unwrap();
    let target = if without_query.is_empty() {
        page.to_string()
    } else if let Some(rest) = without_query.strip_prefix(origin) {
        match rest.strip_prefix(base_path) {
            Some(rel) => resolve_dir(files, rel)?,
            None => return Some(format!("absolute URL outside the base path {base_path}")),
        }
    } else if without_query.starts_with("http://")
        || without_query.starts_with("https://")
        || without_query.starts_with("mailto:")
        || without_query.starts_with("data:")
    {
        // Self-contained (a citation to download) or elsewhere: nothing to find here.
        return None;
    } else if let Some(abs) = without_query.strip_prefix('/') {
        match ("/".to_string() + abs).strip_prefix(base_path) {
            Some(rel) => resolve_dir(files, rel)?,
            None => {
                return Some(format!(
                    "root-relative URL without the base path {base_path}"
                ));
            }
        }
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = if dir.is_empty() {
            without_query.to_string()
        } else {
            format!("{dir}/{without_query}")
        };
        resolve_dir(files, &normalize(&joined))?
    };
    if !files.contains_key(&target) {
        return Some(format!("no file {target}"));
    }
    match fragment {
        Some(f) if !f.is_empty() && target.ends_with(".html") => {
            if ids.get(&target).is_some_and(|set| set.contains(f)) {
                None
            } else {
                Some(format!("no id `{f}` on {target}"))
            }
        }
        _ => None,
    }
}

fn resolve_dir(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> Option<String> {
    if rel.is_empty() || rel.ends_with('/') {
        return Some(format!("{rel}index.html"));
    }
    if files.contains_key(rel) {
        Some(rel.to_string())
    } else {
        Some(format!("{rel}/index.html"))
    }
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') {
        out.push('/');
    }
    out
}

/// What a statement page shows in its text section that is not the statement's text: the
/// publisher's furniture and its group's label, paragraph numbers, hidden labels, the notes
/// (written after the passages they annotate) with their print heading, and note references.
pub const NOT_STATEMENT_TEXT: &str = ".furniture, .furniture-group > summary, .framing-note, .pn, .visually-hidden, .note, .claims, .endnotes-title, .anno-ref";

/// The text of the elements matching `selector`, with the elements matching `skip` left out
/// and white space collapsed. Inline elements join their text directly; block elements are
/// separated by a space.
pub fn text_of(html: &str, selector: &str, skip: &str) -> String {
    use ego_tree::iter::Edge;
    const BLOCKS: &[&str] = &[
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "td",
        "th",
        "tr",
        "section",
        "aside",
        "pre",
        "blockquote",
        "br",
    ];
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).unwrap();
    let skip = Selector::parse(skip).unwrap();
    let skipped: BTreeSet<_> = doc.select(&skip).map(|e| e.id()).collect();
    let mut out = String::new();
    for el in doc.select(&sel) {
        let mut hidden_depth = 0usize;
        for edge in el.traverse() {
            match edge {
                Edge::Open(node) if skipped.contains(&node.id()) || hidden_depth > 0 => {
                    hidden_depth += 1
                }
                Edge::Close(node) if hidden_depth > 0 => {
                    hidden_depth -= 1;
                    if hidden_depth == 0
                        && node
                            .value()
                            .as_element()
                            .is_some_and(|e| BLOCKS.contains(&e.name()))
                    {
                        out.push(' ');
                    }
                }
                Edge::Open(node) => {
                    if let Some(t) = node.value().as_text() {
                        out.push_str(t);
                    }
                }
                Edge::Close(node) => {
                    if node
                        .value()
                        .as_element()
                        .is_some_and(|e| BLOCKS.contains(&e.name()))
                    {
                        out.push(' ');
                    }
                }
            }
        }
    }
    collapse(&out)
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain text of every statement of the site built into `public`, by its id (slug), read
/// from the statements download (`data/statements/<year>.jsonl.gz`), where the site publishes
/// it and where the notes' positions count.
pub fn statement_texts(public: &Path) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    let Ok(years) = std::fs::read_dir(public.join("data/statements")) else {
        return texts;
    };
    for entry in years {
        let path = entry.unwrap().path();
        // The folder also holds each year's CSV rows, which have no text.
        if !path.to_string_lossy().ends_with(".jsonl.gz") {
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let mut lines = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut lines)
            .unwrap();
        for line in lines.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            texts.insert(
                record["id"].as_str().unwrap().to_string(),
                record["text"].as_str().unwrap().to_string(),
            );
        }
    }
    texts
}

/// Compares `actual` with `tests/golden/<file>`, or rewrites the file when `UPDATE_GOLDEN=1`
/// (then review its diff).
pub fn assert_golden(file: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(file);
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run UPDATE_GOLDEN=1 cargo test to write it, then review it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs; if the change is intended, run UPDATE_GOLDEN=1 cargo test and review the diff\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}
