//! The atomic output folder.
//!
//! The site is written into a staging folder beside the output (`.public.annals-staging-<pid>`)
//! and swapped in by two renames once every file is written. A failed or interrupted build
//! leaves the previous output untouched and removes its staging folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};
use crate::urls::OutputPath;

/// Refuses output folders whose replacement would destroy something: the site itself, an
/// ancestor of it, one of its source folders, or a folder holding a repository or project.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(format!(
            "refusing to build into {}: {why}",
            output.display()
        ))
        .at(Location::file(output))
        .hint("choose a folder of its own for the built site, such as public/"))
    };
    let root =
        fs::canonicalize(root).map_err(|e| Diagnostic::io("open the site folder", root, &e))?;
    let out = absolute(output);
    if out.file_name().is_none() {
        return refuse("it is a file system root".into());
    }
    if root.starts_with(&out) {
        return refuse("it contains the site's own files, which the build would replace".into());
    }
    for source in ["content", "templates", "static", "themes"] {
        if out.starts_with(root.join(source)) {
            return refuse(format!("it is inside the site's {source}/ folder"));
        }
    }
    if out.is_file() {
        return refuse("it is a file, not a folder".into());
    }
    for marker in [".git", "config.yaml", "Cargo.toml"] {
        if out.join(marker).exists() {
            return refuse(format!(
                "it holds {marker}, which the build would replace with the new site"
            ));
        }
    }
    Ok(())
}

/// `path` made absolute, with symbolic links resolved as far as it exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (fs::canonicalize(parent), path.file_name()) {
        (Ok(p), Some(name)) => p.join(name),
        _ => std::env::current_dir().unwrap_or_default().join(path),
    }
}

/// A folder the build writes into, swapped into place by [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let target = absolute(target);
        let parent = target.parent().unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|e| Diagnostic::io("create", &parent, &e))?;
        let dir = parent.join(sibling_name(&target, "staging"));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Diagnostic::io("clear", &dir, &e))?;
        }
        fs::create_dir(&dir).map_err(|e| Diagnostic::io("create", &dir, &e))?;
        Ok(Staging {
            target,
            dir,
            committed: false,
        })
    }

    /// Writes one file, creating its folders.
    pub fn write(&self, path: &OutputPath, bytes: &[u8]) -> io::Result<()> {
        let full = self.dir.join(path.as_str());
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(full, bytes)
    }

    /// Copies a file from disk.
    pub fn copy(&self, path: &OutputPath, from: &Path) -> io::Result<()> {
        let full = self.dir.join(path.as_str());
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, full).map(|_| ())
    }

    /// Swaps the staging folder into place. The previous output is removed only after the swap.
    pub fn commit(mut self) -> Result<PathBuf, Diagnostic> {
        let old = self
            .target
            .parent()
            .unwrap_or(Path::new("."))
            .join(sibling_name(&self.target, "old"));
        let had_previous = self.target.exists();
        if had_previous {
            if old.exists() {
                let _ = fs::remove_dir_all(&old);
            }
            fs::rename(&self.target, &old)
                .map_err(|e| Diagnostic::io("move aside", &self.target, &e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_previous {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(Diagnostic::io("move the new site into", &self.target, &e));
        }
        self.committed = true;
        if had_previous {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn sibling_name(target: &Path, what: &str) -> String {
    let name = target
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.annals-{what}-{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(rel: &str) -> OutputPath {
        OutputPath::new(rel).unwrap()
    }

    #[test]
    fn commit_replaces_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("stale.html"), "old").unwrap();
        let staging = Staging::new(&target).unwrap();
        staging.write(&out("a/index.html"), b"new").unwrap();
        assert_eq!(
            fs::read_to_string(target.join("stale.html")).unwrap(),
            "old"
        );
        staging.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn dropping_without_commit_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&target).unwrap();
            staging.write(&out("index.html"), b"half").unwrap();
        }
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_outputs_that_would_destroy_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
        for bad in [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("content/out"),
            dir.path().join("repo"),
        ] {
            assert!(
                check_output_location(&root, &bad).is_err(),
                "{}",
                bad.display()
            );
        }
        assert!(check_output_location(&root, &root.join("public")).is_ok());
        assert!(check_output_location(&root, &dir.path().join("elsewhere/site")).is_ok());
    }
}
