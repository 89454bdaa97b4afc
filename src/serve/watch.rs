//! Watching the site's files for `annals serve`: `config.yaml`, `content/`, `themes/`,
//! `templates/` and `static/`. A burst of events (an editor's save is often several: write,
//! rename, change of attributes) is gathered into one rebuild; reads, which the build itself
//! causes, and editors' scratch files are ignored.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::{Live, rebuild_and_tell};
use crate::diagnostics::Diagnostic;
use crate::rebuild::Session;

/// The folders of a site that hold its sources.
const FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// Quiet time after the last event of a burst before rebuilding: short, since it adds to the
/// wait for every reload.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watching {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

/// Builds the site, then rebuilds it on a thread of its own whenever its files change.
pub fn start(
    root: &Path,
    mut session: Session,
    live: Arc<Live>,
) -> Result<Watching, Vec<Diagnostic>> {
    rebuild_and_tell(&mut session, &live, &[]);
    let root = std::fs::canonicalize(root)
        .map_err(|e| vec![Diagnostic::io("open the site folder", root, &e)])?;
    let (sender, receiver) = mpsc::channel::<notify::Result<Event>>();
    let fail = |e: notify::Error| {
        vec![Diagnostic::error(format!(
            "cannot watch the site's files: {e}"
        ))]
    };
    let mut watcher = notify::recommended_watcher(sender).map_err(fail)?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(fail)?;
    let watcher = Arc::new(Mutex::new(watcher));
    let mut watched = Vec::new();
    watch_new_folders(&root, &watcher, &mut watched).map_err(fail)?;
    let shared = watcher.clone();
    std::thread::spawn(move || {
        while let Ok(first) = receiver.recv() {
            // The burst ends after a quiet moment; what arrives during a rebuild is the next one.
            let mut changed = paths(&root, first);
            while let Ok(more) = receiver.recv_timeout(DEBOUNCE) {
                changed.extend(paths(&root, more));
            }
            // A source folder made since serving began (a first templates/) is watched from now.
            let before = watched.len();
            if let Err(e) = watch_new_folders(&root, &shared, &mut watched) {
                eprintln!("file watching: {e}");
            }
            if watched.len() > before {
                changed.push(root.join(watched[watched.len() - 1]));
            }
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                rebuild_and_tell(&mut session, &live, &changed);
            }
        }
    });
    Ok(Watching { _watcher: watcher })
}

/// Watches each source folder that exists and is not watched yet.
fn watch_new_folders(
    root: &Path,
    watcher: &Mutex<RecommendedWatcher>,
    watched: &mut Vec<&'static str>,
) -> notify::Result<()> {
    for folder in FOLDERS {
        let path = root.join(folder);
        if !watched.contains(&folder) && path.is_dir() {
            let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
            watcher.watch(&path, RecursiveMode::Recursive)?;
            watched.push(folder);
        }
    }
    Ok(())
}

/// The source files an event changed: reads and other access are not changes.
fn paths(root: &Path, event: notify::Result<Event>) -> Vec<PathBuf> {
    match event {
        Ok(event) if matches!(event.kind, EventKind::Access(_)) => Vec::new(),
        Ok(event) => event
            .paths
            .into_iter()
            .filter(|p| is_source(root, p))
            .collect(),
        Err(e) => {
            eprintln!("file watching: {e}");
            Vec::new()
        }
    }
}

/// Whether `path` is one of the site's source files, and not an editor's scratch file.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    if rel.components().count() == 1 {
        return top == "config.yaml";
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".tmp"].iter().any(|e| name.ends_with(e));
    FOLDERS.contains(&top.as_ref()) && !scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_count() {
        let root = Path::new("/site");
        for yes in [
            "/site/config.yaml",
            "/site/content/statements/a.md",
            "/site/templates/base.html",
        ] {
            assert!(is_source(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/notes.txt",
            "/site/content/statements/.a.md.swp",
            "/site/content/statements/a.md~",
            "/site/content/statements/4913",
            "/elsewhere/content/a.md",
        ] {
            assert!(!is_source(root, Path::new(no)), "{no}");
        }
    }
}
