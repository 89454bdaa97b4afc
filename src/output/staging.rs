//! The atomic output folder.
//!
//! The site is written into a staging folder beside the output (`.public.annals-staging`) and
//! swapped with the output once every file is written: by one atomic exchange where the file
//! system offers it, else by three renames. A failed or interrupted build leaves the output
//! untouched. The staging folder is kept: after the swap it holds the previous output, which the
//! next build updates in place. A lock file beside it (`.public.annals-lock`) marks both folders
//! as annals' own and keeps two builds from writing at once.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
    // A folder annals has built into has its lock file beside it; any other folder that holds
    // files is someone's work, which the swap would move aside and a later build would prune.
    let lock = out.parent().map(|p| p.join(sibling_name(&out, "lock")));
    let non_empty = fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_some());
    if non_empty && !lock.is_some_and(|l| l.exists()) {
        return refuse("it already holds files that annals did not write".into());
    }
    Ok(())
}

/// `path` made absolute, with symbolic links resolved as far as it exists. A path that does
/// not exist has its `.` and `..` taken away first (`static/../.` is the folder holding
/// `static/`, whether or not `static/` exists), so that it is judged as the folder it names.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    let path = lexically_normal(&std::env::current_dir().unwrap_or_default().join(path));
    if let Ok(p) = fs::canonicalize(&path) {
        return p;
    }
    match (path.parent().map(fs::canonicalize), path.file_name()) {
        (Some(Ok(p)), Some(name)) => p.join(name),
        _ => path,
    }
}

/// `path` (absolute) without `.` components, each `..` taking away the component before it.
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A folder the build writes files into: the staging folder, or the live output while
/// `serve` updates it in place.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    /// Replace files by renaming a finished copy over them, so a reader never sees half a file.
    atomic: bool,
    /// Every file handed to [`Folder::write`], written or found unchanged: the size of the site.
    files: AtomicU64,
    bytes: AtomicU64,
}

/// How much a build wrote: its files and their bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutputSize {
    pub files: u64,
    pub bytes: u64,
}

impl OutputSize {
    /// GitHub Pages publishes sites of at most 1 GB.
    pub const GITHUB_PAGES_LIMIT: u64 = 1_000_000_000;

    /// The size in megabytes, as people read it (`752.8 MB`).
    pub fn megabytes(&self) -> String {
        format!("{:.1} MB", self.bytes as f64 / 1e6)
    }

    /// The size as a share of what GitHub Pages publishes (`0.1%`, `<0.1%`, `112.4%`), for the
    /// build's summary line: how close the archive is to needing other hosting.
    pub fn share_of_pages_limit(&self) -> String {
        let percent = self.bytes as f64 * 100.0 / Self::GITHUB_PAGES_LIMIT as f64;
        if self.bytes > 0 && percent < 0.1 {
            "<0.1%".to_string()
        } else {
            format!("{percent:.1}%")
        }
    }
}

impl Folder {
    /// A folder nobody reads while it is written (the staging folder).
    pub fn new(dir: impl Into<PathBuf>) -> Folder {
        Folder {
            dir: dir.into(),
            atomic: false,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// A folder that is being served while it is written.
    pub fn live(dir: impl Into<PathBuf>) -> Folder {
        Folder {
            dir: dir.into(),
            atomic: true,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// Writes one file, creating its folders; a file that already holds `bytes` is left as is.
    /// Whatever an earlier build left where this file or its folders must go is removed.
    ///
    /// The common cases take few system calls, as a site has tens of thousands of files: a new
    /// file in an existing folder is one failed open and one create; an unchanged file is an
    /// open, a stat and a read, compared in chunks rather than read whole (a download
    /// runs to tens of megabytes).
    pub fn write(&self, path: &OutputPath, bytes: &[u8]) -> io::Result<()> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let full = self.dir.join(path.as_str());
        match open_existing(&full) {
            Ok(file) => {
                let meta = file.metadata()?;
                if meta.is_file() && meta.len() == bytes.len() as u64 && same_bytes(file, bytes)? {
                    return Ok(());
                }
                if meta.is_dir() {
                    fs::remove_dir_all(&full)?;
                } else if !meta.is_file() {
                    fs::remove_file(&full)?;
                }
            }
            Err(e) if missing(&e) => {}
            // A symbolic link (never written through), or something that cannot be opened.
            Err(_) => fs::remove_file(&full)?,
        }
        let target = match self.atomic {
            true => {
                let name = full.file_name().unwrap_or_default().to_string_lossy();
                full.with_file_name(format!(".{name}.annals-partial"))
            }
            false => full.clone(),
        };
        if let Err(e) = fs::write(&target, bytes) {
            if !missing(&e) {
                return Err(e);
            }
            self.make_folders(path)?;
            fs::write(&target, bytes)?;
        }
        if self.atomic {
            fs::rename(&target, &full)?;
        }
        Ok(())
    }

    /// Creates the folders of `path`, removing files of an earlier build standing in the way
    /// (a page `news` that has since become a folder `news/`).
    fn make_folders(&self, path: &OutputPath) -> io::Result<()> {
        let Some((folders, _)) = path.as_str().rsplit_once('/') else {
            return Ok(());
        };
        let mut at = self.dir.clone();
        for segment in folders.split('/') {
            at.push(segment);
            match fs::symlink_metadata(&at) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => {
                    fs::remove_file(&at)?;
                    fs::create_dir(&at)?;
                }
                Err(_) => fs::create_dir_all(&at)?,
            }
        }
        Ok(())
    }

    /// The files handed to this folder so far, and their bytes.
    pub fn size(&self) -> OutputSize {
        OutputSize {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }

    /// Copies a file from disk.
    pub fn copy(&self, path: &OutputPath, from: &Path) -> io::Result<()> {
        self.write(path, &fs::read(from)?)
    }
}

/// Whether `e` means that a folder of the path is missing, or is a file.
fn missing(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Opens what an earlier build left at `path` for reading: not through a symbolic link, and
/// without waiting on a named pipe.
fn open_existing(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Whether `file` holds exactly `bytes`, whose length is known to match.
fn same_bytes(mut file: fs::File, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let mut buf = vec![0; 64 * 1024];
    let mut at = 0;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(at == bytes.len());
        }
        if at + n > bytes.len() || buf[..n] != bytes[at..at + n] {
            return Ok(false);
        }
        at += n;
    }
}

/// The folder the build writes into, swapped with the output by [`Staging::commit`].
///
/// The folder is kept between builds: after a swap it holds the previous output, which the next
/// build updates in place. Files whose bytes are unchanged are not rewritten and folders that
/// exist are not recreated, so a rebuild creates few inodes (creating directories is the
/// dominant cost of writing a site on ext4, all the more right after a tree was deleted), and
/// nothing is deleted wholesale on the critical path.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    folder: Folder,
    /// Held for the whole build, so two builds never write the same staging folder.
    _lock: fs::File,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let target = absolute(target);
        let parent = target.parent().unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|e| Diagnostic::io("create", &parent, &e))?;
        let dir = parent.join(sibling_name(&target, "staging"));
        let lock_path = parent.join(sibling_name(&target, "lock"));
        // The lock file beside the staging folder says annals made it: a folder of that name
        // without one is someone else's and is left alone.
        if dir.exists() && !lock_path.exists() {
            return Err(Diagnostic::error(format!(
                "{} exists but was not made by annals",
                dir.display()
            ))
            .at(Location::file(&dir))
            .hint("remove it, or build into another --output folder"));
        }
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Diagnostic::io("create", &lock_path, &e))?;
        if let Err(e) = lock.try_lock() {
            return Err(Diagnostic::error(format!(
                "another annals build is writing {} ({e})",
                target.display()
            ))
            .hint("wait for it to finish"));
        }
        fs::create_dir_all(&dir).map_err(|e| Diagnostic::io("create", &dir, &e))?;
        Ok(Staging {
            target,
            folder: Folder::new(&dir),
            dir,
            _lock: lock,
        })
    }

    /// The staging folder, to write the new site into.
    pub fn folder(&self) -> &Folder {
        &self.folder
    }

    /// Removes what this build did not write, then swaps the staging folder with the output.
    /// Where the file system can, the swap is one atomic exchange, so the output folder never
    /// disappears; elsewhere it is three renames.
    pub fn commit(self, keep: &HashSet<&str>) -> Result<PathBuf, Diagnostic> {
        prune(&self.dir, keep).map_err(|e| Diagnostic::io("clean", &self.dir, &e))?;
        if !self.target.exists() {
            fs::rename(&self.dir, &self.target)
                .map_err(|e| Diagnostic::io("move the new site into", &self.target, &e))?;
            return Ok(self.target.clone());
        }
        if exchange(&self.dir, &self.target).is_err() {
            let aside = self.dir.with_extension("swap");
            if aside.exists() {
                fs::remove_dir_all(&aside).map_err(|e| Diagnostic::io("clear", &aside, &e))?;
            }
            fs::rename(&self.target, &aside)
                .map_err(|e| Diagnostic::io("move aside", &self.target, &e))?;
            if let Err(e) = fs::rename(&self.dir, &self.target) {
                return Err(match fs::rename(&aside, &self.target) {
                    Ok(()) => Diagnostic::io("move the new site into", &self.target, &e),
                    Err(restore) => Diagnostic::error(format!(
                        "cannot move the new site into {}: {e}; the previous site is in {} ({restore})",
                        self.target.display(),
                        aside.display()
                    )),
                });
            }
            // The previous output becomes the next build's staging folder; if that fails, the
            // next build starts from an empty one.
            let _ = fs::rename(&aside, &self.dir);
        }
        Ok(self.target.clone())
    }
}

/// Removes files under `dir` whose path (relative, `/`-separated) is not in `keep`, and the
/// folders left empty.
fn prune(dir: &Path, keep: &HashSet<&str>) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            // Fails, harmlessly, when the folder still holds files of this build.
            let _ = fs::remove_dir(entry.path());
        } else if !keep.contains(rel.as_str()) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths for the duration of the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange here",
    ))
}

fn sibling_name(target: &Path, what: &str) -> String {
    let name = target
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.annals-{what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(rel: &str) -> OutputPath {
        OutputPath::new(rel).unwrap()
    }

    fn keep<'a>(paths: &'a [&'a str]) -> HashSet<&'a str> {
        paths.iter().copied().collect()
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_replaces_the_output_and_keeps_the_previous_one_as_the_next_staging() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("stale.html"), "old").unwrap();

        let staging = Staging::new(&target).unwrap();
        staging
            .folder()
            .write(&out("a/index.html"), b"new")
            .unwrap();
        assert_eq!(
            fs::read_to_string(target.join("stale.html")).unwrap(),
            "old"
        );
        staging.commit(&keep(&["a/index.html"])).unwrap();
        assert_eq!(files(&target), ["a/index.html"]);

        // The next build starts from the previous output, prunes what it does not write, and
        // leaves unchanged files alone.
        let staging = Staging::new(&target).unwrap();
        staging
            .folder()
            .write(&out("a/index.html"), b"new")
            .unwrap();
        staging.folder().write(&out("b.txt"), b"b").unwrap();
        staging.commit(&keep(&["a/index.html", "b.txt"])).unwrap();
        assert_eq!(files(&target), ["a/index.html", "b.txt"]);
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );

        let staging = Staging::new(&target).unwrap();
        staging.folder().write(&out("b.txt"), b"b2").unwrap();
        staging.commit(&keep(&["b.txt"])).unwrap();
        assert_eq!(files(&target), ["b.txt"]);
        assert!(!target.join("a").exists(), "emptied folders are removed");
        assert_eq!(fs::read_to_string(target.join("b.txt")).unwrap(), "b2");
    }

    #[test]
    fn an_uncommitted_build_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&target).unwrap();
            staging.folder().write(&out("index.html"), b"half").unwrap();
        }
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
    }

    #[test]
    fn one_build_at_a_time_and_never_in_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = Staging::new(&target).unwrap();
        assert!(
            Staging::new(&target)
                .unwrap_err()
                .message
                .contains("another annals build")
        );
        drop(first);
        assert!(Staging::new(&target).is_ok());

        let other = dir.path().join("site");
        fs::create_dir(dir.path().join(".site.annals-staging")).unwrap();
        let err = Staging::new(&other).unwrap_err();
        assert!(
            err.message.contains("was not made by annals"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_page_may_become_a_folder_between_builds() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let staging = Staging::new(&target).unwrap();
        staging.folder().write(&out("news"), b"a file").unwrap();
        staging.commit(&keep(&["news"])).unwrap();
        // The staging folder now holds an older build; make it hold `news` as a file too.
        let staging = Staging::new(&target).unwrap();
        staging.folder().write(&out("news"), b"a file").unwrap();
        staging.commit(&keep(&["news"])).unwrap();
        let staging = Staging::new(&target).unwrap();
        staging
            .folder()
            .write(&out("news/index.html"), b"a page")
            .unwrap();
        staging.commit(&keep(&["news/index.html"])).unwrap();
        assert_eq!(files(&target), ["news/index.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_left_in_the_folder_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "keep me").unwrap();
        let folder_dir = dir.path().join("site");
        fs::create_dir_all(folder_dir.join("a")).unwrap();
        std::os::unix::fs::symlink(&outside, folder_dir.join("a/page.html")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere"), folder_dir.join("gone.html"))
            .unwrap();
        let folder = Folder::new(&folder_dir);
        folder.write(&out("a/page.html"), b"new page").unwrap();
        folder.write(&out("gone.html"), b"another").unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep me");
        let page = folder_dir.join("a/page.html");
        assert!(!fs::symlink_metadata(&page).unwrap().is_symlink());
        assert_eq!(fs::read_to_string(page).unwrap(), "new page");
        assert_eq!(
            fs::read_to_string(folder_dir.join("gone.html")).unwrap(),
            "another"
        );
    }

    #[test]
    fn unchanged_files_are_left_alone_and_changed_ones_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::new(dir.path());
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        folder.write(&out("big.bin"), &big).unwrap();
        let path = dir.path().join("big.bin");
        let written = fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        folder.write(&out("big.bin"), &big).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), written);
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        folder.write(&out("big.bin"), &changed).unwrap();
        assert_eq!(fs::read(&path).unwrap(), changed);
    }

    #[test]
    fn refuses_a_folder_of_someone_else_s_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let theirs = dir.path().join("theirs");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("precious.txt"), "keep me").unwrap();
        let err = check_output_location(&root, &theirs).unwrap_err();
        assert!(
            err.message
                .contains("already holds files that annals did not write"),
            "{}",
            err.message
        );
        // An empty folder, or one annals built before, is fine.
        fs::create_dir_all(dir.path().join("empty")).unwrap();
        assert!(check_output_location(&root, &dir.path().join("empty")).is_ok());
        let ours = dir.path().join("ours");
        Staging::new(&ours).unwrap().commit(&keep(&[])).unwrap();
        fs::write(ours.join("stale.html"), "old").unwrap();
        assert!(check_output_location(&root, &ours).is_ok());
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
