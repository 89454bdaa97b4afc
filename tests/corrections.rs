//! The corrections log: `corrections:` in a statement's front matter, listed on its page, on
//! `/changes/` (asserted in full against `tests/golden/corrections.html`) and in its Atom feed;
//! bad corrections are located errors.

mod common;

use common::{STATEMENT_A, Site, assert_golden};

/// Statement A of the fixture with two corrections, written out of order.
fn corrected() -> String {
    STATEMENT_A.replacen(
        "---\n```furniture",
        "corrections:\n  - date: 2021-08-01\n    what: The record named the wrong speaker.\n    why: Checked again against the source.\n  - date: 2021-07-10\n    what: The summary gave the wrong date.\n    why: A reader wrote in.\n---\n```furniture",
        1,
    )
}

#[test]
fn corrections_are_listed_newest_first_on_the_log_its_feed_and_the_statement_page() {
    let site = Site::fixture();
    site.write("content/statements/2021-07-02-first.md", &corrected());
    site.build_ok();

    let log = site.read("changes/index.html");
    let doc = scraper::Html::parse_document(&log);
    let article = scraper::Selector::parse("article.corrections-log").unwrap();
    let html = doc.select(&article).next().unwrap().html();
    assert_golden("corrections.html", &format!("{html}\n"));
    assert!(log.contains(r#"<link rel="alternate" type="application/atom+xml" href="https://example.org/changes/atom.xml""#));

    let feed = site.read("changes/atom.xml");
    let xml = roxmltree::Document::parse(&feed).unwrap();
    let ids: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("id"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "https://example.org/statements/2021-07-02-first/#correction-1",
            "https://example.org/statements/2021-07-02-first/#correction-2",
        ]
    );
    let updated = xml
        .root_element()
        .children()
        .find(|c| c.has_tag_name("updated"))
        .unwrap();
    assert_eq!(updated.text(), Some("2021-08-01T00:00:00Z"));

    let page = site.read("statements/2021-07-02-first/index.html");
    let listed = common::text_of(&page, "ul.corrections", "script");
    assert_eq!(
        listed,
        "1 August 2021: The record named the wrong speaker. Why: Checked again against the source. 10 July 2021: The summary gave the wrong date. Why: A reader wrote in."
    );
    assert!(page.contains(r#"<li id="correction-1">"#));
    // The other statement has none, and does not say so.
    let other = site.read("statements/2022-01-05-second/index.html");
    assert!(!other.contains("Corrections</dt>"));
}

#[test]
fn an_archive_without_corrections_says_so() {
    let site = Site::fixture();
    site.build_ok();
    let log = site.read("changes/index.html");
    assert!(log.contains("<p>No corrections yet.</p>"));
    let feed = site.read("changes/atom.xml");
    let xml = roxmltree::Document::parse(&feed).unwrap();
    assert!(!xml.descendants().any(|n| n.has_tag_name("entry")));
}

#[test]
fn bad_corrections_are_located_errors() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-07-02-first.md",
        &STATEMENT_A.replacen(
            "---\n```furniture",
            "corrections:\n  - date: 2021-06-01\n    what: The speaker.\n    why: \"\"\n---\n```furniture",
            1,
        ),
    );
    let errors = site.errors().join("\n");
    for expected in [
        "content/statements/2021-07-02-first.md:13:11: error: correction 1 is dated 1 June 2021, before the statement (2 July 2021)",
        "content/statements/2021-07-02-first.md:15:10: error: `why` of correction 1 is empty",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in\n{errors}"
        );
    }
}
