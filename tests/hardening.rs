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
            "content/statements/2021-09-01-target.md:6:4: error: not UTF-8 text: byte 0xE9 cannot be read (hint: save the file with the UTF-8 encoding (text from older Windows programs is often Windows-1252, Chinese text Big5 or GBK; convert it, e.g. with `iconv -f BIG5 -t UTF-8`))"
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
            "content/statements/2021-09-01-target.md: error: a symbolic link to content/statements/folder, which is not a file: it is not read (hint: replace the link with the file itself, or with a link to a file inside the site's folder)"
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
            "content/statements/2021-09-01-target.md: error: not a file but a FIFO (named pipe): it is not read (hint: replace it with a regular Markdown file, or remove it)"
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
            "content/statements/2021-09-01-target.md: warning: a symbolic link to drafts/target.md: its text is read from there (hint: nothing to do if this is intended; a link that leaves the site's folder is refused)"
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
        errors[0].contains("error: a symbolic link to")
            && errors[0].contains("outside the site's folder"),
        "{}",
        errors[0]
    );
}

/// Every control character XML 1.0 forbids, as text pasted from a PDF carries them.
const CONTROLS: &str = "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{e}\u{1b}\u{1f}\u{7f}";

fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}')
}

/// Every JSON string in `value` (keys too).
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.clone());
            json_strings(v, out);
        }),
        _ => {}
    }
}

#[test]
fn control_characters_become_u_fffd_in_every_output_and_every_file_parses() {
    let site = Site::fixture();
    site.write(
        "config.yaml",
        &common::CONFIG.replace(
            "description: A small archive for tests.",
            &format!("description: A{CONTROLS}B"),
        ),
    );
    site.write(
        "content/statements/2021-09-03-pdf.md",
        &format!(
            "---\ntitle: Pasted{CONTROLS}title\ndate: 2021-09-03\nissuer: x\ntopics: [screening]\nsummary: S{CONTROLS}\n---\nPasted{CONTROLS}text from a PDF.\n\nReferences &#7; &#0; &#x1b; decoded.\n\n`code{CONTROLS}`\n"
        ),
    );
    site.write(
        "content/statements/2021-09-03-pdf.annotations.yaml",
        &format!("- id: n\n  quote: \"text from\"\n  kind: context\n  body: Body{CONTROLS}.\n"),
    );
    site.build_ok();
    let files = common::snapshot(&site.public());
    let mut checked = 0;
    for (path, bytes) in &files {
        // The downloads: gzipped JSON Lines, each line a value whose strings are checked.
        if path.ends_with(".jsonl.gz") {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(!has_control(&text), "{path} holds a control character");
            for line in text.lines() {
                let value: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
                let mut strings = Vec::new();
                json_strings(&value, &mut strings);
                assert!(!strings.iter().any(|s| has_control(s)), "{path}");
            }
            checked += 1;
            continue;
        }
        // The gzipped CSV files (statements' rows, mentions, claims): every cell checked.
        if path.ends_with(".csv.gz") {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(!has_control(&text), "{path} holds a control character");
            for row in csv::Reader::from_reader(text.as_bytes()).records() {
                row.unwrap_or_else(|e| panic!("{path}: {e}"));
            }
            checked += 1;
            continue;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        // Pagefind's own scripts are not made from the archive's text.
        if !path.starts_with("pagefind/") {
            assert!(!has_control(text), "{path} holds a control character");
        }
        if path.ends_with(".xml") {
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            checked += 1;
        }
        if path.ends_with(".json") || path.ends_with(".jsonld") {
            let value: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            let mut strings = Vec::new();
            json_strings(&value, &mut strings);
            assert!(
                !strings.iter().any(|s| has_control(s)),
                "{path} holds a control character in a string"
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} XML and JSON files");
    let text = common::statement_texts(&site.public())["2021-09-03-pdf"].clone();
    assert!(
        text.starts_with(&format!("Pasted{}text from a PDF.", "\u{fffd}".repeat(10))),
        "{text}"
    );
    let feed = site.read("topics/screening/atom.xml");
    assert!(
        feed.contains(&format!("Pasted{}title", "\u{fffd}".repeat(10))),
        "{feed}"
    );
}

#[test]
fn a_broken_config_does_not_hide_errors_in_content() {
    let site = Site::fixture();
    site.write("config.yaml", &format!("{}paginte_by: 5\n", common::CONFIG));
    site.write(
        "content/statements/2021-09-04-bad.md",
        &format!("{HEAD}A [broken link](@/statements/nope.md).\n"),
    );
    site.write("content/pages/bad.md", "---\ntitel: x\n---\nText.\n");
    let errors = site.errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with("config.yaml:10:1: error: unknown config key `paginte_by`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/pages/bad.md:2:1: error: unknown front matter key `titel`"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("content/statements/2021-09-04-bad.md:6:17: error: broken link"),
        "{}",
        errors[2]
    );
    // The fixture's topic is still known: no false "unknown topic" errors.
    assert!(
        !errors.iter().any(|e| e.contains("screening")),
        "{errors:#?}"
    );
}

#[test]
fn an_output_folder_with_dot_dot_through_a_missing_folder_is_refused_for_the_right_reason() {
    let site = Site::fixture();
    std::fs::remove_dir_all(site.root().join("static")).unwrap();
    let out = site.cli(&["build", "--output", "static/../."]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("refusing to build into static/../.: it contains the site's own files"),
        "{stderr}"
    );
    assert!(site.root().join("content/pages/about.md").exists());
}

#[test]
fn many_quotes_not_found_are_each_reported_and_only_the_first_searched() {
    let site = Site::fixture();
    let notes: String = (0..25)
        .map(|i| format!("- id: n{i}\n  quote: \"a corrected sentence number {i}\"\n  kind: context\n  body: B.\n"))
        .collect();
    site.write(
        "content/statements/2021-07-02-first.annotations.yaml",
        &notes,
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 25, "{errors:#?}");
    assert!(
        errors
            .iter()
            .all(|e| e.contains("is not in the statement's text"))
    );
    let unsearched = errors
        .iter()
        .filter(|e| e.contains("no closest passage was looked for, as more than 20 quotes of this statement were not found"))
        .count();
    assert_eq!(unsearched, 5, "{errors:#?}");
}
