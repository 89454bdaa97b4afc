//! What a path under `content/` is, and reading it as text.
//!
//! A content file is a regular file. A symbolic link is followed when it leads to a regular
//! file inside the site, and said so with a warning (an editor may not expect the text to come
//! from elsewhere); any other link, and any special file (a FIFO, which would block the build
//! when opened, a socket, a device), is refused with an error naming it. A file that cannot be
//! read or is not UTF-8 is an error located as closely as possible; in every case the file still
//! counts as existing, so links to it and its notes file are not reported a second time.

use std::fs::{self, FileType};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location, SourceFile};

/// A file found while walking `content/`.
pub(super) enum Found {
    /// A regular file, or a link to one inside the site (with the warning saying so).
    Read(Option<Diagnostic>),
    /// Something that is not read: the error saying why.
    Refused(Diagnostic),
}

/// Judges an entry of `content/` that is not a folder: `shown` is its path as shown to the
/// user, `site` the site's folder, made absolute.
pub(super) fn judge(path: &Path, file_type: FileType, shown: &Path, site: &Path) -> Found {
    if file_type.is_file() {
        return Found::Read(None);
    }
    if file_type.is_symlink() {
        return judge_link(path, shown, site);
    }
    let what = if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    };
    Found::Refused(
        Diagnostic::error(format!("not a file but {what}: it is not read"))
            .at(Location::file(shown))
            .hint("replace it with a regular Markdown file, or remove it"),
    )
}

fn judge_link(path: &Path, shown: &Path, site: &Path) -> Found {
    let refuse = |why: String| {
        Found::Refused(
            Diagnostic::error(format!("a symbolic link {why}: it is not read"))
                .at(Location::file(shown))
                .hint("replace the link with the file itself, or with a link to a file inside the site's folder"),
        )
    };
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return refuse("to nothing (its target does not exist)".into());
        }
        Err(e) => return refuse(format!("that cannot be followed ({e})")),
    };
    let Ok(inside) = target.strip_prefix(site) else {
        return refuse(format!(
            "to {}, outside the site's folder",
            target.display()
        ));
    };
    if !target.is_file() {
        return refuse(format!("to {}, which is not a file", inside.display()));
    }
    Found::Read(Some(
        Diagnostic::warning(format!(
            "a symbolic link to {}: its text is read from there",
            inside.display()
        ))
        .at(Location::file(shown))
        .hint("nothing to do if this is intended; a link that leaves the site's folder is refused"),
    ))
}

/// Reads a content file as UTF-8 text, control characters replaced (see `control`). Text that
/// is not UTF-8 is reported at its first bad byte, with the line shown (the bad bytes
/// replaced) and what to do.
pub(super) fn read_text(path: &Path, shown: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = fs::read(path).map_err(|e| Diagnostic::io("read", shown, &e))?;
    String::from_utf8(bytes)
        .map(|text| SourceFile::new(shown, crate::control::replace(text)))
        .map_err(|e| not_utf8(shown, e))
}

fn not_utf8(shown: &Path, e: std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    let bytes = e.as_bytes();
    let bad = bytes[at];
    let text = String::from_utf8_lossy(bytes).into_owned();
    let source = SourceFile::new(PathBuf::from(shown), text);
    Diagnostic::error(format!("not UTF-8 text: byte 0x{bad:02X} cannot be read"))
    .at(source.at(at..at + '\u{FFFD}'.len_utf8()))
    .label("not UTF-8")
    .hint("save the file with the UTF-8 encoding (text from older Windows programs is often Windows-1252, Chinese text Big5 or GBK; convert it, e.g. with `iconv -f BIG5 -t UTF-8`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bad_byte_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        fs::write(&path, b"---\ntitle: caf\xe9 \xff\n---\n").unwrap();
        let d = read_text(&path, Path::new("content/x.md")).unwrap_err();
        assert_eq!(
            d.to_string(),
            "content/x.md:2:11: error: not UTF-8 text: byte 0xE9 cannot be read (hint: save the file with the UTF-8 encoding (text from older Windows programs is often Windows-1252, Chinese text Big5 or GBK; convert it, e.g. with `iconv -f BIG5 -t UTF-8`))"
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_an_error_naming_it() {
        // Root can read any file, so a folder stands in for a file that cannot be read.
        let dir = tempfile::tempdir().unwrap();
        let d = read_text(dir.path(), Path::new("content/x.md")).unwrap_err();
        assert!(
            d.to_string()
                .starts_with("content/x.md: error: cannot read content/x.md: "),
            "{d}"
        );
    }
}
