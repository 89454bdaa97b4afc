//! Earlier versions of a statement's text (`content/statements/<name>.versions/*.md`): the
//! notice on the statement's page, the changes page with its word-level differences (asserted
//! in full against `tests/golden/versions_changes.html`), the hashes in the data downloads, and
//! the errors of bad versions, all reported in one run.

mod common;

use std::io::Read;

use common::{Site, assert_golden};

/// The fixture `tests/fixtures/versions/` (also opened in a browser by `.ci/run`).
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/versions");

const NOTES: &str = "\
- id: victims
  quote: identified eight victims
  kind: context
  body: The figure was revised the same day.
";

fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_changed_text_has_a_notice_and_a_changes_page_with_its_word_differences() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let page = site.read("statements/2025-09-30-revised/index.html");
    let notice = common::text_of(&page, ".notice", "script");
    assert_eq!(
        notice,
        "This text was changed. An earlier version was seen 30 September 2025, 10:00; the text below is the one of 30 September 2025, 11:08. See what changed."
    );
    assert!(page.contains(r#"href="/versions/statements/2025-09-30-revised/changes/""#));

    let changes = site.read("statements/2025-09-30-revised/changes/index.html");
    let doc = scraper::Html::parse_document(&changes);
    let article = scraper::Selector::parse("article.changes").unwrap();
    let html = doc.select(&article).next().unwrap().html();
    assert_golden("versions_changes.html", &format!("{html}\n"));

    // The versions folder is not read as statements.
    assert!(!site.public().join("statements/first").exists());
    assert!(
        !site
            .public()
            .join("statements/2025-09-30-revised/first")
            .exists()
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("statements/2025-09-30-revised/changes/"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("first"), "{sitemap}");
}

#[test]
fn the_downloads_give_the_sha256_of_each_version_and_of_the_current_text() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let mut gz = flate2::read::GzDecoder::new(
        std::fs::File::open(site.public().join("data/statements/2025.jsonl.gz")).unwrap(),
    );
    let mut lines = String::new();
    gz.read_to_string(&mut lines).unwrap();
    let record: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    // The hash is of the text as the download gives it (where note positions count too).
    let text = record["text"].as_str().unwrap();
    assert!(
        text.starts_with("The government rejects the report."),
        "{text}"
    );
    assert_eq!(record["text_sha256"].as_str().unwrap(), sha256(text));
    let versions = record["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["seen"], "2025-09-30T10:00");
    assert_eq!(versions[0]["url"], "https://example.org/news/1");
    assert_eq!(
        versions[0]["sha256"].as_str().unwrap(),
        sha256(
            "The government rejects the report.\n\nIt screened 11,000 people in 2024 and identified seven victims."
        )
    );
    // The changes page shows the same hashes.
    let changes = site.read("statements/2025-09-30-revised/changes/index.html");
    assert!(changes.contains(versions[0]["sha256"].as_str().unwrap()));
    assert!(changes.contains(&sha256(text)));
}

#[test]
fn bad_versions_are_located_errors_all_in_one_run() {
    let site = Site::copy_of(FIXTURE);
    // Seen after the current text (updated 11:08).
    site.write(
        "content/statements/2025-09-30-revised.versions/later.md",
        "---\nseen: 2025-10-02\nurl: https://example.org/news/1\n---\nLater text.\n",
    );
    // Not an absolute URL.
    site.write(
        "content/statements/2025-09-30-revised.versions/nowhere.md",
        "---\nseen: 2025-09-30T09:00\nurl: the paper\n---\nText.\n",
    );
    // A versions folder for no statement.
    site.write(
        "content/statements/2025-09-30-missing.versions/first.md",
        "---\nseen: 2025-09-30\nurl: https://example.org/\n---\nText.\n",
    );
    // The same text as the version before it.
    site.write(
        "content/statements/2025-09-30-revised.versions/same.md",
        "---\nseen: 2025-09-30T10:30\nurl: https://example.org/news/1\n---\nThe government rejects the report.\n\nIt screened 11,000 people in 2024 and identified seven victims.\n",
    );
    // A note quoting only the earlier version.
    site.write(
        "content/statements/2025-09-30-revised.annotations.yaml",
        &format!(
            "{NOTES}- id: seven\n  quote: identified seven victims\n  kind: context\n  body: Earlier.\n"
        ),
    );
    let errors = site.errors().join("\n");
    for expected in [
        "content/statements/2025-09-30-revised.versions/later.md:2:7: error: this earlier version was seen 2 October 2025, after the current text (30 September 2025, 11:08)",
        "content/statements/2025-09-30-revised.versions/nowhere.md:3:6: error: `the paper` is not an absolute http(s) URL",
        "content/statements/2025-09-30-missing.versions/first.md: error: earlier version of content/statements/2025-09-30-missing.md, which does not exist",
        "content/statements/2025-09-30-revised.versions/first.md: error: this earlier version's text is the same as content/statements/2025-09-30-revised.versions/same.md's",
        "content/statements/2025-09-30-revised.annotations.yaml:6:10: error: the quote of note `seven` is only in an earlier version of the text (seen 30 September 2025, 10:30), not in the current one",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in\n{errors}"
        );
    }
    assert_eq!(
        errors.lines().filter(|l| l.contains("error:")).count(),
        5,
        "{errors}"
    );
}

#[test]
fn two_builds_of_a_site_with_versions_are_identical() {
    let site = Site::copy_of(FIXTURE);
    let out_a = site.root().join("out-a");
    let out_b = site.root().join("out-b");
    site.build_with(None, Some(&out_a)).unwrap();
    site.build_with(None, Some(&out_b)).unwrap();
    assert_eq!(common::snapshot(&out_a), common::snapshot(&out_b));
}

#[test]
fn a_version_with_the_current_text_is_an_error() {
    let site = Site::copy_of(FIXTURE);
    let current = std::fs::read_to_string(format!(
        "{FIXTURE}/content/statements/2025-09-30-revised.md"
    ))
    .unwrap();
    let body = current.splitn(3, "---\n").nth(2).unwrap();
    site.write(
        "content/statements/2025-09-30-revised.versions/again.md",
        &format!("---\nseen: 2025-09-30T11:00\nurl: https://example.org/news/1\n---\n{body}"),
    );
    assert_eq!(
        site.errors(),
        [
            "content/statements/2025-09-30-revised.versions/again.md: error: this earlier version's text is the same as the current text's (hint: keep a version only when the words changed; remove this file)"
        ]
    );
}
