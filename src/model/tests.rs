use std::path::Path;

use super::*;
use crate::content;
use crate::diagnostics::SourceFile;
use crate::ids::{s, statements};

const CONFIG: &str = "title: T\nbase_url: https://example.org/sub/\ntaxonomies:\n  topics:\n    terms:\n      - slug: fdh\n        name: Foreign domestic helpers\n";

fn archive(files: &[(&str, &str)]) -> (Archive, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let config = Config::parse(SourceFile::new("config.yaml", CONFIG), None).unwrap();
    let (content, mut diags) = content::load(dir.path(), false);
    let (archive, more) = Archive::build(config, content, crate::model::Hold::Every);
    diags.extend(more);
    let lines = diags
        .into_sorted()
        .iter()
        .map(ToString::to_string)
        .collect();
    (archive, lines)
}

fn statement(date: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: S {date}\ndate: {date}\nissuer: Gov\n{extra}---\n{body}")
}

#[test]
fn statements_are_ordered_by_date_and_terms_know_their_members() {
    let (a, problems) = archive(&[
        (
            "content/statements/b.md",
            &statement("2025-09-30", "topics: [fdh]\n", "Later.\n"),
        ),
        (
            "content/statements/a.md",
            &statement(
                "2021-07-02",
                "topics: [fdh]\nentities: [labour]\n",
                "Earlier.\n",
            ),
        ),
        (
            "content/entities/labour.md",
            "---\nname: Labour Department\n---\nProfile text.\n",
        ),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
    let slugs: Vec<_> = a.statements.iter().map(|s| s.doc.slug.as_str()).collect();
    assert_eq!(slugs, ["a", "b"]);
    assert_eq!(a.topics.terms[0].members, statements(&[0, 1]));
    assert_eq!(a.entities.terms[0].members, [s(0)]);
    assert_eq!(
        a.entities.terms[0].rendered.as_ref().unwrap().plain_text(),
        "Profile text."
    );
    assert_eq!(a.topics.url_of(TermId::new(0)).as_str(), "topics/fdh/");
}

#[test]
fn related_and_links_make_backlinks_both_ways() {
    let (a, problems) = archive(&[
        (
            "content/statements/a.md",
            &statement(
                "2021-07-02",
                "related: [\"@/statements/b.md\"]\n",
                "Text.\n",
            ),
        ),
        (
            "content/statements/b.md",
            &statement(
                "2025-09-30",
                "",
                "See [the 2021 one](@/statements/a.md#p1).\n",
            ),
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\n---\n[b](@/statements/b.md)\n",
        ),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(a.statements[0].related, [s(1)]);
    assert_eq!(a.statements[0].backlinks, [DocRef::Statement(s(1))]);
    assert_eq!(
        a.statements[1].backlinks,
        [DocRef::Statement(s(0)), DocRef::Page(0)]
    );
    assert!(
        a.text(s(1))
            .unwrap()
            .rendered
            .html()
            .contains("href=\"/sub/statements/a/#p1\"")
    );
}

#[test]
fn undeclared_terms_and_bad_references_are_located_errors() {
    let (_, problems) = archive(&[(
        "content/statements/a.md",
        &statement(
            "2021-07-02",
            "topics:\n  - fdh\n  - fhd\n  - fdh\nentities: [nobody]\nrelated:\n  - b.md\n  - \"@/statements/missing.md\"\n",
            "Text.\n",
        ),
    )]);
    let expected_starts = [
        "content/statements/a.md:7:5: error: unknown topic `fhd` (hint: did you mean `fdh`?)",
        "content/statements/a.md:8:5: error: `fdh` is listed twice",
        "content/statements/a.md:9:12: error: unknown entity `nobody`",
        "content/statements/a.md:11:5: error: related entry `b.md` is not a content link",
        "content/statements/a.md:12:5: error: broken related link `@/statements/missing.md`",
    ];
    assert_eq!(problems.len(), expected_starts.len(), "{problems:#?}");
    for (line, start) in problems.iter().zip(expected_starts) {
        assert!(
            line.starts_with(start),
            "{line}\n  should start with\n{start}"
        );
    }
}

#[test]
fn broken_anchors_name_the_valid_range() {
    let (_, problems) = archive(&[
        (
            "content/statements/a.md",
            &statement("2021-07-02", "", "One.\n\nTwo.\n"),
        ),
        (
            "content/statements/b.md",
            &statement(
                "2025-09-30",
                "",
                "[x](@/statements/a.md#p3) and [y](#p9) and [z](#p1)\n",
            ),
        ),
    ]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].starts_with("content/statements/b.md:6:5: error: broken anchor `#p3`: /statements/a/ has no such anchor (hint: paragraph anchors on that page run from #p1 to #p2)"), "{}", problems[0]);
    assert!(
        problems[1].starts_with("content/statements/b.md:6:35: error: broken anchor `#p9`"),
        "{}",
        problems[1]
    );
}

#[test]
fn links_to_drafts_say_so() {
    let (_, problems) = archive(&[
        (
            "content/statements/a.md",
            &statement("2021-07-02", "draft: true\n", "Draft.\n"),
        ),
        (
            "content/statements/b.md",
            &statement("2025-09-30", "", "[x](@/statements/a.md)\n"),
        ),
    ]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("content/statements/a.md is a draft, left out of this build (build with --drafts to include it)"), "{}", problems[0]);
}

#[test]
fn a_term_declared_twice_names_both_places() {
    let (_, problems) = archive(&[("content/topics/fdh.md", "---\nname: FDH\n---\n")]);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].contains("topic `fdh` is declared twice"),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].contains("config.yaml (taxonomies.topics.terms[0])"),
        "{}",
        problems[0]
    );
    let _ = Path::new("");
}

#[test]
fn a_series_is_the_statements_answering_one_document_whatever_the_edition() {
    let answers = |document: &str, year: u32| {
        format!("responds_to:\n  document: {document}\n  year: {year}\n")
    };
    let (a, problems) = archive(&[
        (
            "content/statements/a.md",
            &statement("2021-07-02", &answers("Report", 2021), "A.\n"),
        ),
        (
            "content/statements/b.md",
            &statement("2022-01-01", &answers("Other Report", 2022), "B.\n"),
        ),
        (
            "content/statements/c.md",
            &statement("2025-09-30", &answers("Report", 2025), "C.\n"),
        ),
        // A translation of c is c in another language, not the next of the series.
        (
            "content/statements/d.md",
            &statement(
                "2025-10-01",
                &format!(
                    "{}translation_of: \"@/statements/c.md\"\nlanguage: zh\nsource:\n  translation: official\n",
                    answers("Report", 2025)
                ),
                "丙。\n",
            ),
        ),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
    let links: Vec<(Option<StatementId>, Option<StatementId>)> = a
        .statements
        .iter()
        .map(|s| (s.series_previous, s.series_next))
        .collect();
    assert_eq!(
        links,
        [
            (None, Some(s(2))),
            (None, None),
            (Some(s(0)), None),
            (None, None)
        ]
    );
    assert_eq!(a.statements[3].translation_of, Some(s(2)));
    assert_eq!(a.statements[2].translations, [s(3)]);
    assert_eq!(crate::plan::compare_pairs(&a), [(s(0), s(2))]);
}
