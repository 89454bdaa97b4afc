//! Writing the site: the registry of output paths (so two sources can never claim one file),
//! and the staging folder that is swapped in only when the whole build has succeeded.

pub mod claims;
pub mod companions;
pub mod data;
pub mod downloads;
mod pagefind;
pub mod search;
mod sitemap;
mod staging;
mod timeline;

use std::collections::BTreeMap;

pub(crate) use staging::absolute;
pub use staging::{Folder, OutputSize, Staging, check_output_location};

use crate::diagnostics::Diagnostic;
use crate::urls::OutputPath;

/// Every file the build will write, with what it comes from.
#[derive(Debug, Default)]
pub struct Registry {
    files: BTreeMap<OutputPath, String>,
    /// Folders claimed whole, before their files are known (the search index).
    folders: Vec<(String, String)>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Claims `path` for `origin`. A second claim is a collision naming both sources.
    pub fn claim(&mut self, path: OutputPath, origin: impl Into<String>) -> Result<(), Diagnostic> {
        let origin = origin.into();
        if let Some(first) = self.files.get(&path) {
            return Err(collision(&path, first, &origin));
        }
        if let Some(first) = self.claimed_folder(path.as_str()) {
            return Err(collision(&path, first, &origin));
        }
        self.files.insert(path, origin);
        Ok(())
    }

    /// Claims a whole folder (`pagefind/`) whose files are only known later.
    pub fn claim_folder(&mut self, folder: &str, origin: impl Into<String>) -> Vec<Diagnostic> {
        let origin = origin.into();
        let taken: Vec<Diagnostic> = self
            .files
            .iter()
            .filter(|(p, _)| p.as_str().starts_with(folder))
            .map(|(p, first)| collision(p, first, &origin))
            .collect();
        self.folders.push((folder.to_string(), origin));
        taken
    }

    /// Whether a file will be written at `path`, or inside a claimed folder.
    fn claimed_folder(&self, path: &str) -> Option<&str> {
        self.folders
            .iter()
            .find(|(f, _)| path.starts_with(f.as_str()))
            .map(|(_, origin)| origin.as_str())
    }

    /// Files whose path is a folder of another file (`about` against `about/index.html`).
    pub fn check_files_against_folders(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (path, origin) in &self.files {
            let mut rest = path.as_str();
            while let Some(i) = rest.rfind('/') {
                rest = &rest[..i];
                if let Some((folder_path, other)) = OutputPath::new(rest)
                    .ok()
                    .and_then(|p| self.files.get_key_value(&p))
                {
                    problems.push(collision(folder_path, other, origin));
                }
            }
        }
        problems
    }

    pub fn contains(&self, path: &str) -> bool {
        OutputPath::new(path).is_ok_and(|p| self.files.contains_key(&p))
            || self.claimed_folder(path).is_some()
    }

    /// Every claimed file path (files inside claimed folders are added by the caller).
    pub fn paths(&self) -> std::collections::HashSet<&str> {
        self.files.keys().map(OutputPath::as_str).collect()
    }
}

fn collision(path: &OutputPath, first: &str, second: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "two sources claim the output path /{path}: {first} and {second}"
    ))
    .hint("rename one of them so each page and file has its own URL")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> OutputPath {
        OutputPath::new(s).unwrap()
    }

    #[test]
    fn second_claim_names_both_sources() {
        let mut r = Registry::new();
        r.claim(p("about/index.html"), "content/pages/about.md")
            .unwrap();
        let err = r
            .claim(p("about/index.html"), "static/about/index.html")
            .unwrap_err();
        assert_eq!(
            err.message,
            "two sources claim the output path /about/index.html: content/pages/about.md and static/about/index.html"
        );
        assert!(r.contains("about/index.html"));
        assert_eq!(r.paths().len(), 1);
    }

    #[test]
    fn a_file_cannot_stand_where_a_folder_is_needed() {
        let mut r = Registry::new();
        r.claim(p("about"), "static/about").unwrap();
        r.claim(p("about/index.html"), "content/pages/about.md")
            .unwrap();
        let problems = r.check_files_against_folders();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("static/about and content/pages/about.md"),
            "{}",
            problems[0].message
        );
    }
}
