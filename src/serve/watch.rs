//! Watching the site's files for `annals serve`: `config.yaml`, `content/`, `themes/`,
//! `templates/` and `static/`. A burst of events (an editor's save is often several: write,
//! rename, change of attributes) is gathered into one rebuild; reads, which the build itself
//! causes, and editors' scratch files are ignored.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::{Live, finish, rebuild_and_tell};
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

/// Starts watching, builds the site, then rebuilds it on a thread of its own whenever its files
/// change. (Watching starts first, so a save during the first build is not missed.)
pub fn start(
    root: &Path,
    mut session: Session,
    live: Arc<Live>,
) -> Result<Watching, Vec<Diagnostic>> {
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
    let mut folders = Folders::default();
    folders.watch(&root, &watcher).map_err(fail)?;
    rebuild_and_tell(&mut session, &live, &[]);
    let shared = watcher.clone();
    std::thread::spawn(move || {
        // Whether an update left something to finish (data files, recurring claims).
        let mut unfinished = false;
        // Source files changed, gathered from the events of a burst (or of one that came
        // while finishing).
        let mut changed: Vec<PathBuf> = Vec::new();
        loop {
            if changed.is_empty() {
                // After an update, what it left is finished once no save has come for a
                // moment, and stops when one comes, so that saves in quick succession each
                // reload as fast as the first.
                let event = if unfinished {
                    match receiver.recv_timeout(QUIET_BEFORE_FINISHING) {
                        Ok(event) => event,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            let mut interrupted = || {
                                while let Ok(event) = receiver.try_recv() {
                                    changed.extend(folders.sources(&root, event));
                                }
                                !changed.is_empty()
                            };
                            unfinished = finish(&mut session, &live, &mut interrupted);
                            continue;
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    }
                } else {
                    match receiver.recv() {
                        Ok(event) => event,
                        Err(_) => break,
                    }
                };
                changed.extend(folders.sources(&root, event));
            }
            // The burst ends after a quiet moment; what arrives during a rebuild is the next one.
            while let Ok(more) = receiver.recv_timeout(DEBOUNCE) {
                changed.extend(folders.sources(&root, more));
            }
            // Source folders made, or deleted and made again, since the last look are watched
            // (again); a change of folders rebuilds everything.
            match folders.watch(&root, &shared) {
                Ok(true) => changed.push(root.clone()),
                Ok(false) => {}
                Err(e) => eprintln!("file watching: {e}"),
            }
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                rebuild_and_tell(&mut session, &live, &std::mem::take(&mut changed));
                unfinished = true;
            }
        }
    });
    Ok(Watching { _watcher: watcher })
}

/// How long to wait after an update for another save before finishing what it left, and
/// between looks at whether the recurring claims are found.
const QUIET_BEFORE_FINISHING: Duration = Duration::from_millis(300);

/// Which source folders are watched. A folder's watch ends when the folder is deleted, so a
/// folder named in an event of the site's own folder is watched afresh.
#[derive(Default)]
struct Folders {
    watched: Vec<&'static str>,
}

impl Folders {
    /// Watches each source folder that exists and is not watched; whether any was.
    fn watch(&mut self, root: &Path, watcher: &Mutex<RecommendedWatcher>) -> notify::Result<bool> {
        let mut added = false;
        for folder in FOLDERS {
            let path = root.join(folder);
            if !self.watched.contains(&folder) && path.is_dir() {
                let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
                let _ = watcher.unwatch(&path);
                watcher.watch(&path, RecursiveMode::Recursive)?;
                self.watched.push(folder);
                added = true;
            }
        }
        Ok(added)
    }

    /// The source files an event changed (reads and other access are not changes). A source
    /// folder created or removed in the site's folder is forgotten, to be watched again.
    fn sources(&mut self, root: &Path, event: notify::Result<Event>) -> Vec<PathBuf> {
        let event = match event {
            Ok(event) if matches!(event.kind, EventKind::Access(_)) => return Vec::new(),
            Ok(event) => event,
            Err(e) => {
                eprintln!("file watching: {e}");
                return Vec::new();
            }
        };
        let made_or_removed = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        );
        for path in event.paths.iter().filter(|_| made_or_removed) {
            if path.parent() == Some(root) {
                self.watched
                    .retain(|f| path.file_name() != Some(std::ffi::OsStr::new(f)));
            }
        }
        event
            .paths
            .into_iter()
            .filter(|p| is_source(root, p))
            .collect()
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
