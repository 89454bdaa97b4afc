//! Notes on the repository's own archive: the W3C export checked field by field against the
//! published plain text, the annotated pages well-formed and carrying the statement's own text,
//! and a broken note reported where it is written.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use annals::build::{BuildOptions, build};
use common::{Site, collapse, text_of};
use scraper::{Html, Selector};
use serde_json::Value;

const ORIGIN: &str = "https://example.github.io";
const BASE: &str = "https://example.github.io/annals/";
const STATEMENTS: [&str; 2] = [
    "2021-07-02-hksar-government-on-tip-report-2021",
    "2025-09-30-hksar-government-on-tip-report-2025",
];

struct Built {
    _dir: tempfile::TempDir,
    site: PathBuf,
}

impl Built {
    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn json(&self, path: &str) -> Value {
        serde_json::from_str(&self.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

fn build_archive() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let options = BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(site.clone()),
        base_url: Some(BASE.into()),
        ..BuildOptions::new(".")
    };
    if let Err(ds) = build(&options) {
        panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>());
    }
    Built { _dir: dir, site }
}

fn str_at<'a>(v: &'a Value, path: &str) -> &'a str {
    v.pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {path} in {v}"))
}

/// The notes of one year's download: gzipped JSON Lines, each line a W3C Annotation that
/// names its context, returned without it (as the annotations of a collection are).
fn notes_download(built: &Built, year: i16) -> Vec<Value> {
    let path = built.site.join(format!("data/annotations/{year}.jsonl.gz"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    text.lines()
        .map(|line| {
            let mut a: Value = serde_json::from_str(line).unwrap();
            let context = a.as_object_mut().unwrap().remove("@context");
            assert_eq!(
                context,
                Some(Value::from("http://www.w3.org/ns/anno.jsonld"))
            );
            a
        })
        .collect()
}

#[test]
fn the_archive_wide_download_holds_every_note_as_a_w3c_annotation() {
    let built = build_archive();
    let items: Vec<Value> = [2021, 2025]
        .into_iter()
        .flat_map(|year| notes_download(&built, year))
        .collect();

    let mut total = 0;
    for slug in STATEMENTS {
        let page = format!("{BASE}statements/{slug}/");
        let text: Vec<char> = common::statement_texts(&built.site)[slug].chars().collect();
        let own = built.json(&format!("statements/{slug}/annotations.jsonld"));
        let notes = own
            .pointer("/first/items")
            .and_then(Value::as_array)
            .unwrap();
        assert!(
            notes.len() >= 8,
            "{slug} has {} notes, fewer than 8",
            notes.len()
        );
        total += notes.len();
        let mut ids = BTreeSet::new();
        for a in notes {
            assert!(
                items.contains(a),
                "{} missing from the archive-wide download",
                a["id"]
            );
            let id = str_at(a, "/id");
            assert!(id.starts_with(&format!("{page}#a-")), "{id}");
            assert!(ids.insert(id.to_string()), "duplicate id {id}");
            assert_eq!(str_at(a, "/type"), "Annotation");
            let motivation = str_at(a, "/motivation");
            assert!(
                [
                    "describing",
                    "assessing",
                    "commenting",
                    "linking",
                    "editing"
                ]
                .contains(&motivation),
                "{motivation}"
            );
            assert_eq!(str_at(a, "/body/0/type"), "TextualBody");
            assert_eq!(str_at(a, "/body/0/format"), "text/html");
            assert_eq!(str_at(a, "/body/0/purpose"), motivation);
            assert_eq!(str_at(a, "/body/0/language"), "en");
            let body = str_at(a, "/body/0/value");
            assert!(!body.is_empty());
            assert!(
                !body.contains("href=\"/"),
                "root-relative link left in an export: {body}"
            );
            assert_eq!(str_at(a, "/creator/name"), "The Annals editors");
            // The note's `date`: the archive's notes were written on the first, some revised on
            // the second.
            assert!(
                ["2026-11-22T00:00:00Z", "2026-12-02T00:00:00Z"].contains(&str_at(a, "/created")),
                "{a}"
            );
            assert_eq!(str_at(a, "/target/source"), page);

            // The selectors, checked against the published plain text.
            assert_eq!(str_at(a, "/target/selector/0/type"), "TextQuoteSelector");
            assert_eq!(str_at(a, "/target/selector/1/type"), "TextPositionSelector");
            let start = a
                .pointer("/target/selector/1/start")
                .and_then(Value::as_u64)
                .unwrap() as usize;
            let end = a
                .pointer("/target/selector/1/end")
                .and_then(Value::as_u64)
                .unwrap() as usize;
            assert!(
                start < end && end <= text.len(),
                "{start}..{end} outside the text"
            );
            let exact: String = text[start..end].iter().collect();
            assert_eq!(str_at(a, "/target/selector/0/exact"), exact, "{id}");
            let prefix: String = text[start.saturating_sub(32)..start].iter().collect();
            let suffix: String = text[end..(end + 32).min(text.len())].iter().collect();
            assert_eq!(str_at(a, "/target/selector/0/prefix"), prefix, "{id}");
            assert_eq!(str_at(a, "/target/selector/0/suffix"), suffix, "{id}");
        }
    }
    assert_eq!(total, items.len());
}

#[test]
fn each_statement_page_links_its_notes_and_marks_every_passage() {
    let built = build_archive();
    let alternate = Selector::parse("link[rel=alternate][type=\"application/ld+json\"]").unwrap();
    let script = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    for slug in STATEMENTS {
        let html = built.read(&format!("statements/{slug}/index.html"));
        let doc = Html::parse_document(&html);
        // The notes are linked, not embedded: the page holds each note once.
        let linked: Vec<&str> = doc
            .select(&alternate)
            .filter_map(|l| l.attr("href"))
            .collect();
        assert_eq!(
            linked,
            [format!("/annals/statements/{slug}/annotations.jsonld")]
        );
        assert!(
            doc.select(&script).all(|s| !s
                .text()
                .collect::<String>()
                .contains("AnnotationCollection")),
            "{slug} embeds its notes"
        );
        let export = built.json(&format!("statements/{slug}/annotations.jsonld"));

        for a in export
            .pointer("/first/items")
            .and_then(Value::as_array)
            .unwrap()
        {
            let anchor = str_at(a, "/id").rsplit('#').next().unwrap().to_string();
            // The note exists, once, its reference links to it, and its marks spell the quote.
            let note = Selector::parse(&format!("aside.note[id=\"{anchor}\"]")).unwrap();
            assert_eq!(
                doc.select(&note).count(),
                1,
                "note {anchor} not on the page"
            );
            let body = Selector::parse(&format!("[id=\"{anchor}\"] .note-body")).unwrap();
            let body: String = doc.select(&body).flat_map(|b| b.text()).collect();
            let first_words: String = body
                .split_whitespace()
                .take(8)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(!first_words.is_empty(), "note {anchor} has no text");
            assert_eq!(
                collapse(&doc.root_element().text().collect::<String>())
                    .matches(&collapse(&first_words))
                    .count(),
                1,
                "note {anchor} is written more than once: {first_words}"
            );
            let reference =
                Selector::parse(&format!("a[href=\"#{anchor}\"]#ref-{anchor}")).unwrap();
            assert_eq!(
                doc.select(&reference).count(),
                1,
                "no reference to {anchor}"
            );
            let marks = Selector::parse(&format!("mark[data-notes~=\"{anchor}\"]")).unwrap();
            let marked: String = doc.select(&marks).flat_map(|m| m.text()).collect();
            let exact = str_at(a, "/target/selector/0/exact");
            assert_eq!(collapse(&marked), collapse(exact), "marks of {anchor}");
        }
    }
}

#[test]
fn annotated_pages_are_well_formed_and_their_text_minus_notes_is_the_statement() {
    let built = build_archive();
    for slug in STATEMENTS {
        let html = built.read(&format!("statements/{slug}/index.html"));
        let doc = Html::parse_document(&html);
        assert!(
            doc.errors.is_empty(),
            "{slug}: HTML parse errors {:?}",
            doc.errors
        );
        let shown = text_of(&html, "section.text", common::NOT_STATEMENT_TEXT);
        let text = common::statement_texts(&built.site)[slug].clone();
        assert_eq!(shown, collapse(&text));
    }
    for page in [
        "annotations/index.html",
        "index.html",
        "statements/index.html",
    ] {
        let doc = Html::parse_document(&built.read(page));
        assert!(
            doc.errors.is_empty(),
            "{page}: HTML parse errors {:?}",
            doc.errors
        );
    }
}

#[test]
fn the_notes_index_lists_every_note_by_kind_and_by_statement() {
    let built = build_archive();
    let total: usize = STATEMENTS
        .iter()
        .map(|s| {
            built.json(&format!("statements/{s}/annotations.jsonld"))["total"]
                .as_u64()
                .unwrap() as usize
        })
        .sum();
    // Each entry links to its note from its passage, and shows the note's text.
    let links = Selector::parse(".note-index .note-passage a[href*=\"#a-\"]").unwrap();
    let targets = |page: &str| -> Vec<String> {
        let doc = Html::parse_document(&built.read(page));
        assert!(doc.errors.is_empty(), "{page}: {:?}", doc.errors);
        doc.select(&links)
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    let by_statement = targets("annotations/index.html");
    assert_eq!(by_statement.len(), total, "every note once by statement");
    let bodies = Selector::parse(".note-index .note-entry .note-body").unwrap();
    let index = Html::parse_document(&built.read("annotations/index.html"));
    let texts: Vec<String> = index
        .select(&bodies)
        .map(|b| collapse(&b.text().collect::<String>()))
        .collect();
    assert_eq!(texts.len(), total, "every note's text in the index");
    assert!(texts.iter().all(|t| t.len() > 20), "{texts:?}");
    let kinds = [
        "context",
        "fact-check",
        "translation",
        "cross-reference",
        "correction",
        "definition",
    ];
    let mut by_kind: Vec<String> = kinds
        .iter()
        .filter(|k| {
            built
                .site
                .join(format!("annotations/{k}/index.html"))
                .exists()
        })
        .flat_map(|k| targets(&format!("annotations/{k}/index.html")))
        .collect();
    assert_eq!(by_kind.len(), total, "every note once by kind");
    let mut sorted = by_statement.clone();
    sorted.sort();
    by_kind.sort();
    assert_eq!(sorted, by_kind);
    for t in &by_statement {
        assert!(
            t.starts_with("/annals/statements/") && t.contains("#a-"),
            "{t}"
        );
    }
    let list = built.read("statements/index.html");
    assert!(
        list.contains(" · 18 notes"),
        "statement list shows note counts"
    );
    let broken = common::broken_links(&built.site, ORIGIN, "/annals/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_broken_note_is_reported_where_it_is_written() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-07-02-first.annotations.yaml",
        "- id: one\n  quote: The government said it opposes the reprot.\n  kind: context\n  body: A note.\n- id: two\n  quote: it\n  kind: contxt\n  body: x\n",
    );
    site.write(
        "content/statements/2030-01-01-none.annotations.yaml",
        "[]\n",
    );
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "content/statements/2021-07-02-first.annotations.yaml:7:9",
        "unknown variant `contxt`",
        "did you mean `context`?",
        "content/statements/2030-01-01-none.annotations.yaml",
        "notes file for content/statements/2030-01-01-none.md, which does not exist",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    site.write(
        "content/statements/2021-07-02-first.annotations.yaml",
        "- id: one\n  quote: The government said it opposes the reprot.\n  kind: context\n  body: A note.\n",
    );
    std::fs::remove_file(
        site.root()
            .join("content/statements/2030-01-01-none.annotations.yaml"),
    )
    .unwrap();
    let out = site.cli(&["build"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("content/statements/2021-07-02-first.annotations.yaml:2:10"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the quote of note `one` is not in the statement's text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("reads “The government said it opposes the report"),
        "{stderr}"
    );
}

#[test]
fn the_archive_timeline_shows_the_events_of_its_two_documents_each_linked_to_its_note() {
    let built = build_archive();
    let timeline = built.read("timeline/index.html");
    let events = [
        (
            "2018-03",
            "March 2018",
            STATEMENTS[1],
            "steering-committee",
            "High-level steering committee established",
        ),
        (
            "2019",
            "2019",
            STATEMENTS[0],
            "measures-implemented",
            "All the Action Plan&#39;s measures implemented",
        ),
        (
            "2020-01",
            "January 2020",
            STATEMENTS[0],
            "court-of-final-appeal-2020",
            "Court of Final Appeal ruling",
        ),
        (
            "2020-09",
            "September 2020",
            STATEMENTS[0],
            "fdh-section",
            "Labour Department sets up a dedicated FDH section",
        ),
        // A year's events come after its dated ones.
        (
            "2020",
            "2020",
            STATEMENTS[0],
            "preliminary-identification-audits",
            "Screenings in 2020: more than 6,900; 3 victims identified",
        ),
        (
            "2024-11",
            "November 2024",
            STATEMENTS[1],
            "job-scam-convictions",
            "Two persons convicted of conspiracy to defraud in a job scam case",
        ),
        (
            "2024",
            "2024",
            STATEMENTS[1],
            "initial-screenings",
            "Screenings in 2024: around 11,300; eight victims identified",
        ),
    ];
    let mut last = 0;
    for (iso, human, statement, note, title) in events {
        let link = format!("<a href=\"/annals/statements/{statement}/#a-{note}\">{title}</a>");
        let at = timeline
            .find(&link)
            .unwrap_or_else(|| panic!("{link}\n{timeline}"));
        assert!(at > last, "{title} out of order");
        last = at;
        let item = &timeline[timeline[..at].rfind("<li").unwrap()..at];
        assert!(
            item.contains(&format!("<time datetime=\"{iso}\">{human}</time>")),
            "{item}"
        );
    }
    let csv = built.read("data/events.csv");
    assert_eq!(csv.lines().count(), 1 + events.len(), "{csv}");
}
