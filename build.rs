//! Build script: rebuilds when the built-in theme changes, and records the commit the binary
//! is built from for `annals --version`.

use std::path::Path;
use std::process::Command;

fn main() {
    // The default theme is compiled into the binary (see src/theme.rs); rebuild when it changes.
    println!("cargo:rerun-if-changed=themes/default");
    let version = env!("CARGO_PKG_VERSION");
    let full = match commit() {
        Some(commit) => format!("{version} (commit {commit})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=ANNALS_VERSION={full}");
}

/// The commit of the checkout being built, when it is a git checkout and git is installed.
/// A build from a source archive (a crate package, a tarball) has none, and says nothing
/// rather than guessing: the folder must itself hold `.git`, so that an archive unpacked inside
/// some other repository does not report that repository's commit.
fn commit() -> Option<String> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    if !Path::new(&dir).join(".git").exists() {
        return None;
    }
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    // Rebuild when HEAD moves: a commit, a checkout (paths inside the git folder, which for a
    // worktree is not `.git` itself).
    for file in ["HEAD", "logs/HEAD"] {
        if let Some(path) = git(&["rev-parse", "--git-path", file]) {
            println!(
                "cargo:rerun-if-changed={}",
                Path::new(&dir).join(path).display()
            );
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"])
}
