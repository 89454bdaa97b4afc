//! Regression tests for the defects of issue 11 (hardening): each builds a fixture site with
//! one bad input and checks the located message and the outcome.

mod common;

use common::Site;

const HEAD: &str = "---\ntitle: x\ndate: 2021-07-02\nissuer: x\n---\n";

#[test]
fn an_unclosed_furniture_fence_is_an_error_at_its_line() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-fence.md",
        &format!("{HEAD}First paragraph.\n\n```furniture caption\nA photo.\n\nThe rest of the statement.\n"),
    );
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "content/statements/2021-08-01-fence.md:8:4: error: this furniture block is never closed: it takes in the rest of the statement (hint: end the block with a line holding the same fence (```) that opens it)"
        ]
    );
}

#[test]
fn a_null_title_is_missing_and_a_tag_is_an_error() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-null.md",
        "---\ntitle: ~\ndate: 2021-08-01\nissuer: x\n---\nText.\n",
    );
    site.write(
        "content/statements/2021-08-02-tag.md",
        "---\ntitle: !!binary aGVsbG8=\ndate: 2021-08-02\nissuer: x\n---\nText.\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/statements/2021-08-01-null.md:2:1: error: required key `title` has no value"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/statements/2021-08-02-tag.md:2:8: error: YAML tags such as `!!binary` are not supported"),
        "{}",
        errors[1]
    );
}

/// A statement that links to `2021-09-01-target.md`, and notes for the target.
fn with_links_and_notes_to_target(site: &Site) {
    site.write(
        "content/statements/2021-09-02-linker.md",
        &format!("{HEAD}See [the target](@/statements/2021-09-01-target.md#p1).\n"),
    );
    site.write(
        "content/statements/2021-09-01-target.annotations.yaml",
        "- id: n\n  quote: Text\n  kind: context\n  body: A note.\n",
    );
}

#[test]
fn a_file_that_is_not_utf8_is_located_once_and_still_exists() {
    let site = Site::fixture();
    with_links_and_notes_to_target(&site);
    std::fs::write(
        site.root().join("content/statements/2021-09-01-target.md"),
        b"---\ntitle: x\ndate: 2021-09-01\nissuer: x\n---\nCaf\xe9 text.\n",
    )
    .unwrap();
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "content/statements/2021-09-01-target.md:6:4: error: content/statements/2021-09-01-target.md is not UTF-8 text: byte 0xE9 cannot be read (hint: save the file with the UTF-8 encoding (text from older Windows programs is often Windows-1252, Chinese text Big5 or GBK; convert it, e.g. with `iconv -f BIG5 -t UTF-8`))"
        ]
    );
}

#[test]
fn a_link_to_a_folder_is_reported_once_and_still_exists() {
    let site = Site::fixture();
    with_links_and_notes_to_target(&site);
    std::fs::create_dir_all(site.root().join("content/statements/folder")).unwrap();
    std::os::unix::fs::symlink(
        "folder",
        site.root().join("content/statements/2021-09-01-target.md"),
    )
    .unwrap();
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "content/statements/2021-09-01-target.md: error: content/statements/2021-09-01-target.md is a symbolic link to content/statements/folder, which is not a file, and is not read (hint: replace the link with the file itself, or with a link to a file inside the site's folder)"
        ]
    );
}

#[test]
fn a_fifo_statement_is_refused_with_its_path() {
    let site = Site::fixture();
    with_links_and_notes_to_target(&site);
    let fifo = site.root().join("content/statements/2021-09-01-target.md");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "content/statements/2021-09-01-target.md: error: content/statements/2021-09-01-target.md is a FIFO (named pipe), not a file, and is not read (hint: replace it with a regular Markdown file, or remove it)"
        ]
    );
}

#[test]
fn a_linked_statement_inside_the_site_is_followed_and_said_so() {
    let site = Site::fixture();
    with_links_and_notes_to_target(&site);
    site.write(
        "drafts/target.md",
        "---\ntitle: Target\ndate: 2021-09-01\nissuer: x\n---\nText of the target.\n",
    );
    std::os::unix::fs::symlink(
        "../../drafts/target.md",
        site.root().join("content/statements/2021-09-01-target.md"),
    )
    .unwrap();
    let report = site.build_ok();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "content/statements/2021-09-01-target.md: warning: content/statements/2021-09-01-target.md is a symbolic link to drafts/target.md; its text is read from there (hint: nothing to do if this is intended; a link that leaves the site's folder is refused)"
        ]
    );
    assert!(
        site.read("statements/2021-09-01-target/index.html")
            .contains("Text of the target.")
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), "---\ntitle: x\n---\n").unwrap();
    std::fs::remove_file(site.root().join("content/statements/2021-09-01-target.md")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("x.md"),
        site.root().join("content/statements/2021-09-01-target.md"),
    )
    .unwrap();
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("is a symbolic link to")
            && errors[0].contains("outside the site's folder"),
        "{}",
        errors[0]
    );
}
