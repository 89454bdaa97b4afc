//! Finding a site's templates and static files: the theme's, overridden by the site's own.
//!
//! A theme is `themes/<name>/templates/**` and `themes/<name>/static/**`. The default theme is
//! also compiled into the binary, so a site without a `themes/` folder (a new archive, a test
//! fixture) builds with it; a `themes/default/` folder on disk wins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::Seg;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template, named by its path under `templates/` (`base.html`, `partials/meta.html`).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub source: SourceFile,
}

/// A file copied to the output as is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path in the output, `/`-separated.
    pub rel: String,
    pub content: StaticContent,
    /// Where it came from, for messages.
    pub origin: String,
}

#[derive(Debug, Clone)]
pub enum StaticContent {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// The templates and static files a build uses, overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: Vec<TemplateFile>,
    pub static_files: Vec<StaticFile>,
}

impl Theme {
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let theme_dir = root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            let shown = Path::new("themes").join(&config.theme);
            read_dir_into(
                root,
                &theme_dir.join("templates"),
                &shown.join("templates"),
                &mut templates,
                &mut problems,
            );
            list_static(root, &theme_dir.join("static"), &mut statics, &mut problems);
        } else if config.theme == "default" {
            embedded_into(&DEFAULT_THEME, &mut templates, &mut statics);
        } else {
            let available = list_themes(root);
            problems.push(
                config
                    .error_at(
                        &[Seg::Key("theme".into())],
                        format!(
                            "theme `{}` not found: there is no themes/{}/ folder",
                            config.theme, config.theme
                        ),
                    )
                    .hint(if available.is_empty() {
                        "use `default`, the built-in theme".to_string()
                    } else {
                        format!(
                            "themes here: {}; `default` is built in",
                            available.join(", ")
                        )
                    }),
            );
        }
        read_dir_into(
            root,
            &root.join("templates"),
            Path::new("templates"),
            &mut templates,
            &mut problems,
        );
        list_static(root, &root.join("static"), &mut statics, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Theme {
            templates: templates.into_values().collect(),
            static_files: statics.into_values().collect(),
        })
    }
}

fn list_themes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Files under `dir`, as (`/`-separated relative path, full path), sorted, hidden files skipped.
fn files_under(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(e.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, e.into_path()));
            }
            Ok(_) => {}
            Err(e) => problems.push(Diagnostic::error(format!(
                "cannot read {}: {e}",
                dir.display()
            ))),
        }
    }
    out
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    shown: &Path,
    templates: &mut BTreeMap<String, TemplateFile>,
    problems: &mut Vec<Diagnostic>,
) {
    for (name, path) in files_under(dir, problems) {
        let shown_path = shown.join(&name);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                templates.insert(
                    name.clone(),
                    TemplateFile {
                        name,
                        source: SourceFile::new(shown_path, text),
                    },
                );
            }
            Err(e) => problems.push(Diagnostic::io(
                "read",
                path.strip_prefix(root).unwrap_or(&path),
                &e,
            )),
        }
    }
}

fn list_static(
    root: &Path,
    dir: &Path,
    statics: &mut BTreeMap<String, StaticFile>,
    problems: &mut Vec<Diagnostic>,
) {
    for (rel, path) in files_under(dir, problems) {
        let origin = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        statics.insert(
            rel.clone(),
            StaticFile {
                rel,
                content: StaticContent::Disk(path),
                origin,
            },
        );
    }
}

fn embedded_into(
    dir: &'static Dir<'static>,
    templates: &mut BTreeMap<String, TemplateFile>,
    statics: &mut BTreeMap<String, StaticFile>,
) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            embedded_into(sub, templates, statics);
        } else if let Some(file) = entry.as_file() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                templates.insert(
                    name.to_string(),
                    TemplateFile {
                        name: name.to_string(),
                        source: SourceFile::new(
                            format!("<built-in>/themes/default/{path}"),
                            String::from_utf8_lossy(file.contents()).into_owned(),
                        ),
                    },
                );
            } else if let Some(rel) = path.strip_prefix("static/") {
                statics.insert(
                    rel.to_string(),
                    StaticFile {
                        rel: rel.to_string(),
                        content: StaticContent::Embedded(file.contents()),
                        origin: format!("<built-in>/themes/default/{path}"),
                    },
                );
            }
        }
    }
}
