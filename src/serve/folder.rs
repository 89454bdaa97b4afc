//! The private folder `annals serve` builds into.
//!
//! It lives in the user's cache folder (`$XDG_CACHE_HOME/annals/serve/<site>/`, else
//! `~/.cache/annals/serve/<site>/`), not in the shared temporary folder: there another local
//! user could create it first, with a symbolic link inside, and make the editor's server write
//! into the editor's own files or serve pages of their choosing. Each folder annals makes on the
//! way is created with mode 0700 and then checked (no symbolic link, a folder, owned by this
//! user, closed to group and others), so a folder planted by someone else is refused rather
//! than used. Inside it, files are opened without following links (see `output::staging`).

use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};

/// The folder the site at `root` is built into while serving, created if needed and checked:
/// one per site, kept between runs, so that stopping is immediate and a restart rewrites only
/// what changed. (Its lock keeps two servers of one site from writing it at once.)
pub(crate) fn serve_folder(root: &Path) -> Result<PathBuf, Diagnostic> {
    let cache = cache_home().ok_or_else(|| {
        Diagnostic::error("cannot find a cache folder for annals serve's build")
            .hint("set XDG_CACHE_HOME or HOME to a folder of your own")
    })?;
    private_folder(&cache, root)
}

/// `$XDG_CACHE_HOME` if it is set to an absolute path, else `$HOME/.cache`.
fn cache_home() -> Option<PathBuf> {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    absolute("XDG_CACHE_HOME").or_else(|| absolute("HOME").map(|h| h.join(".cache")))
}

/// `<cache>/annals/serve/<hash of the site's path>/site`, every folder from `annals` down made
/// private and checked. The cache folder itself is created if missing (0700, as the XDG
/// specification asks) but may be a link: it is the user's to place.
pub(crate) fn private_folder(cache: &Path, root: &Path) -> Result<PathBuf, Diagnostic> {
    use std::hash::{Hash, Hasher};
    let root =
        fs::canonicalize(root).map_err(|e| Diagnostic::io("open the site folder", root, &e))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut hasher);
    if !cache.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(cache)
            .map_err(|e| Diagnostic::io("create the cache folder", cache, &e))?;
    }
    let mut folder = cache.to_path_buf();
    for part in [
        "annals".to_string(),
        "serve".into(),
        format!("{:016x}", hasher.finish()),
    ] {
        folder.push(part);
        ensure_private(&folder)?;
    }
    let site = folder.join("site");
    match fs::symlink_metadata(&site) {
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(&site, "it is a symbolic link")),
        _ => Ok(site),
    }
}

/// Creates `dir` with mode 0700 unless it exists, then checks it is a real folder, owned by
/// this user and closed to everyone else.
fn ensure_private(dir: &Path) -> Result<(), Diagnostic> {
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Diagnostic::io("create the folder", dir, &e)),
    }
    let meta =
        fs::symlink_metadata(dir).map_err(|e| Diagnostic::io("inspect the folder", dir, &e))?;
    if meta.file_type().is_symlink() {
        return Err(refuse(dir, "it is a symbolic link"));
    }
    if !meta.is_dir() {
        return Err(refuse(dir, "it is not a folder"));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    why_not_private(meta.uid(), meta.mode(), me).map_or(Ok(()), |why| Err(refuse(dir, &why)))
}

/// Why a folder with this owner and mode is not private to user `me`, if it is not.
fn why_not_private(owner: u32, mode: u32, me: u32) -> Option<String> {
    if owner != me {
        return Some(format!(
            "it belongs to user {owner}, not to you (user {me})"
        ));
    }
    (mode & 0o077 != 0).then(|| {
        format!(
            "other users can open it (mode {:o}, where 700 is needed)",
            mode & 0o777
        )
    })
}

fn refuse(dir: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "refusing to serve from {}: {why}",
        dir.display()
    ))
    .at(Location::file(dir))
    .hint(format!(
        "annals serve builds into a private folder of its own; remove {} (or make it yours with mode 700) and start again",
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir(&site).unwrap();
        let cache = dir.path().join("cache");
        (dir, site, cache)
    }

    fn mode(p: &Path) -> u32 {
        fs::symlink_metadata(p).unwrap().mode() & 0o777
    }

    #[test]
    fn folders_are_made_private_and_reused() {
        let (_dir, site, cache) = setup();
        let out = private_folder(&cache, &site).unwrap();
        assert!(out.starts_with(cache.join("annals/serve")) && out.ends_with("site"));
        for p in [
            cache.join("annals"),
            cache.join("annals/serve"),
            out.parent().unwrap().into(),
        ] {
            assert_eq!(mode(&p), 0o700, "{}", p.display());
        }
        assert_eq!(private_folder(&cache, &site).unwrap(), out);
    }

    #[test]
    fn a_planted_symbolic_link_is_refused() {
        let (dir, site, cache) = setup();
        let target = dir.path().join("victim");
        fs::create_dir(&target).unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o700)).unwrap();
        fs::create_dir_all(&cache).unwrap();
        std::os::unix::fs::symlink(&target, cache.join("annals")).unwrap();
        let e = private_folder(&cache, &site).unwrap_err();
        assert!(e.message.contains("is a symbolic link"), "{}", e.message);
        assert!(e.message.contains("cache/annals"), "{}", e.message);

        // A link planted where the site's own folder goes, inside otherwise good folders.
        fs::remove_file(cache.join("annals")).unwrap();
        let out = private_folder(&cache, &site).unwrap();
        let hashed = out.parent().unwrap().to_path_buf();
        fs::remove_dir_all(&hashed).unwrap();
        std::os::unix::fs::symlink(&target, &hashed).unwrap();
        let e = private_folder(&cache, &site).unwrap_err();
        assert!(e.message.contains("is a symbolic link"), "{}", e.message);
        fs::remove_file(&hashed).unwrap();
        fs::create_dir(&hashed).unwrap();
        fs::set_permissions(&hashed, fs::Permissions::from_mode(0o700)).unwrap();
        std::os::unix::fs::symlink(&target, &out).unwrap();
        let e = private_folder(&cache, &site).unwrap_err();
        assert!(
            e.message.contains("site: it is a symbolic link"),
            "{}",
            e.message
        );
        assert_eq!(
            fs::read_dir(&target).unwrap().count(),
            0,
            "nothing written through"
        );
    }

    #[test]
    fn a_folder_open_to_others_is_refused() {
        let (_dir, site, cache) = setup();
        fs::create_dir_all(cache.join("annals")).unwrap();
        fs::set_permissions(cache.join("annals"), fs::Permissions::from_mode(0o777)).unwrap();
        let e = private_folder(&cache, &site).unwrap_err();
        assert!(
            e.message.contains("other users can open it (mode 777"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_folder_owned_by_someone_else_is_refused() {
        assert_eq!(
            why_not_private(65534, 0o40700, 1000).as_deref(),
            Some("it belongs to user 65534, not to you (user 1000)")
        );
        assert_eq!(why_not_private(1000, 0o40700, 1000), None);
        assert!(why_not_private(1000, 0o40750, 1000).is_some());
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            // As root, a folder can be given away, as another user's planted folder would be.
            let (_dir, site, cache) = setup();
            let annals = cache.join("annals");
            fs::create_dir_all(&annals).unwrap();
            fs::set_permissions(&annals, fs::Permissions::from_mode(0o700)).unwrap();
            std::os::unix::fs::chown(&annals, Some(65534), None).unwrap();
            let e = private_folder(&cache, &site).unwrap_err();
            assert!(e.message.contains("belongs to user 65534"), "{}", e.message);
        }
    }
}
