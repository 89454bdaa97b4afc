//! Statements side by side: the comparison of consecutive statements of a series
//! (`compare/<a>/<b>/`: paragraphs aligned, words marked), and a translation beside its
//! original (`statements/<slug>/parallel/`, `translation_of`, `alignment`), both asserted in
//! full against golden files, on the fixture `tests/fixtures/translations/` (an English
//! original and a Chinese translation written for the test); the errors of bad translations,
//! all reported in one run.

mod common;

use common::{CONFIG, Site, assert_golden};

/// The fixture (also opened in a browser by `.ci/run`).
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/translations");

const ORIGINAL: &str = "statements/2024-03-01-original/index.html";
const TRANSLATION: &str = "statements/2024-03-02-translation/index.html";
const PARALLEL: &str = "statements/2024-03-02-translation/parallel/index.html";
const COMPARE: &str = "compare/2023-03-01-earlier/2024-03-01-original/index.html";

/// The HTML of the first element `selector` selects in `page`.
fn element(page: &str, selector: &str) -> String {
    let doc = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(selector).unwrap();
    doc.select(&selector).next().unwrap().html()
}

#[test]
fn consecutive_statements_of_a_series_are_compared_paragraph_by_paragraph() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let page = site.read(COMPARE);
    assert_golden(
        "compare_series.html",
        &format!("{}\n", element(&page, "article.compare")),
    );
    // Each statement links to the comparison; the translation is not part of the series.
    let link = r#"href="/translations/compare/2023-03-01-earlier/2024-03-01-original/""#;
    let earlier = site.read("statements/2023-03-01-earlier/index.html");
    assert!(earlier.contains(link), "{earlier}");
    assert!(earlier.contains("the next statement in its series, 1 March 2024"));
    let original = site.read(ORIGINAL);
    assert!(original.contains(link));
    assert!(original.contains("the previous statement in its series, 1 March 2023"));
    assert!(!site.read(TRANSLATION).contains("Compare with"));
    assert!(!site.public().join("compare/2024-03-01-original").exists());
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("compare/2023-03-01-earlier/2024-03-01-original/"));
}

#[test]
fn a_translation_and_its_original_link_each_other_and_are_shown_side_by_side() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let parallel = site.read(PARALLEL);
    assert_golden(
        "parallel.html",
        &format!("{}\n", element(&parallel, "article.parallel")),
    );
    let alternates = "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/translations/statements/2024-03-01-original/\">";
    let alternate_zh = "<link rel=\"alternate\" hreflang=\"zh\" href=\"https://example.org/translations/statements/2024-03-02-translation/\">";
    for page in [ORIGINAL, TRANSLATION] {
        let html = site.read(page);
        assert!(html.contains(alternates), "{page}");
        assert!(html.contains(alternate_zh), "{page}");
        assert!(
            html.contains(r#"href="/translations/statements/2024-03-02-translation/parallel/""#)
        );
    }
    let original = site.read(ORIGINAL);
    let record = common::text_of(&original, "details.record", "script");
    assert!(
        record.contains(
            "Translations政府回應二〇二四年示例報告In zh, editorial translation · parallel text"
        ),
        "{record}"
    );
    let translation = site.read(TRANSLATION);
    let record = common::text_of(&translation, "details.record", "script");
    assert!(
        record
            .contains("OriginalA Government answers the Example Report 2024In en · parallel text"),
        "{record}"
    );
    // The downloads say which statement a translation translates.
    let mut lines = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(site.public().join("data/statements/2024.jsonl.gz")).unwrap(),
        ),
        &mut lines,
    )
    .unwrap();
    let records: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[1]["id"], "2024-03-02-translation");
    assert_eq!(records[1]["translation_of"], "2024-03-01-original");
    assert!(records[0].get("translation_of").is_none());
    // Each language is indexed in its own search bundle.
    assert!(site.public().join("pagefind/pagefind-entry.json").exists());
    assert!(
        site.public()
            .join("pagefind-zh/pagefind-entry.json")
            .exists()
    );
}

#[test]
fn equal_paragraph_counts_pair_the_same_numbers_without_an_alignment() {
    let site = Site::copy_of(FIXTURE);
    site.write(
        "content/statements/2024-03-02-translation.md",
        "---\ntitle: 政府回應\ndate: 2024-03-02\nissuer: A Government\nlanguage: zh\ntranslation_of: \"@/statements/2024-03-01-original.md\"\nsource:\n  translation: official\n---\n第一段。\n\n第二段。\n\n第三段。\n",
    );
    site.write(
        "content/statements/2024-03-02-translation.annotations.yaml",
        "[]\n",
    );
    site.build_ok();
    let page = site.read(PARALLEL);
    let rows = common::text_of(&page, "ol.compare-rows", "script");
    assert_eq!(
        rows,
        "Original, ¶1 The government firmly rejects the findings of the Example Report on its record. Translation, ¶1 第一段。 \
Original, ¶2 Officers screened 1,500 people last year and identified five victims. Every victim was offered shelter. Note 1 Context on “Every victim was offered shelter” The statement does not say where the shelter was. Translation, ¶2 第二段。 \
Original, ¶3 The government thanks the officers for their work. Translation, ¶3 第三段。"
    );
    assert!(page.contains("paragraph by paragraph, with the same numbers"));
}

#[test]
fn bad_translations_are_located_errors_all_in_one_run() {
    let site = Site::empty();
    site.write("config.yaml", CONFIG);
    let statement = |name: &str, extra: &str, body: &str| {
        site.write(
            &format!("content/statements/{name}.md"),
            &format!(
                "---\ntitle: {name}\ndate: 2024-01-01\nissuer: A Government\n{extra}---\n{body}"
            ),
        );
    };
    let machine = "source:\n  translation: machine\n";
    statement("original", "", "One.\n\nTwo.\n");
    statement(
        "to-nothing",
        &format!("translation_of: \"@/statements/missing.md\"\n{machine}"),
        "One.\n",
    );
    statement(
        "to-itself",
        &format!("translation_of: \"@/statements/to-itself.md\"\n{machine}"),
        "One.\n",
    );
    statement(
        "cycle-a",
        &format!("translation_of: \"@/statements/cycle-b.md\"\n{machine}"),
        "One.\n",
    );
    statement(
        "cycle-b",
        &format!("translation_of: \"@/statements/cycle-a.md\"\n{machine}"),
        "One.\n",
    );
    statement(
        "misaligned",
        &format!(
            "translation_of: \"@/statements/original.md\"\n{machine}alignment:\n  - {{original: [1], translation: [1]}}\n  - {{original: [3], translation: [1, 2]}}\n  - {{}}\n"
        ),
        "Un.\n\nDeux.\n\nTrois.\n",
    );
    statement(
        "uncounted",
        &format!("translation_of: \"@/statements/original.md\"\n{machine}"),
        "Un.\n\nDeux.\n\nTrois.\n",
    );
    statement(
        "unsourced",
        "translation_of: \"@/statements/original.md\"\n",
        "Un.\n\nDeux.\n",
    );
    statement(
        "unpaired",
        "alignment:\n  - {original: [1], translation: [1]}\n",
        "Un.\n",
    );
    let errors = site.errors().join("\n");
    for expected in [
        "content/statements/to-nothing.md:5:17: error: broken translation_of link `@/statements/missing.md`: content/statements/missing.md does not exist",
        "content/statements/to-itself.md:5:17: error: translation_of names this statement itself",
        "content/statements/cycle-a.md:5:17: error: translations form a cycle: statements/cycle-a.md → statements/cycle-b.md → statements/cycle-a.md",
        "content/statements/cycle-b.md:5:17: error: translations form a cycle: statements/cycle-b.md → statements/cycle-a.md → statements/cycle-b.md",
        "content/statements/misaligned.md:10:17: error: the original has no ¶3",
        "content/statements/misaligned.md:10:35: error: ¶1 of the translation is placed twice (first in row 1)",
        "content/statements/misaligned.md:11:5: error: this row places no paragraph",
        "content/statements/misaligned.md:9:3: error: the alignment skips ¶2 of the original",
        "content/statements/misaligned.md:9:3: error: the alignment skips ¶3 of the translation",
        "content/statements/uncounted.md:5:17: error: this translation has 3 paragraphs and its original 2: their ¶ numbers cannot be paired one to one",
        "content/statements/unsourced.md:5:17: error: a translation must say by whom it was translated",
        "content/statements/unpaired.md:6:3: error: `alignment` without `translation_of`",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in\n{errors}"
        );
    }
    assert_eq!(
        errors.lines().filter(|l| l.contains("error:")).count(),
        12,
        "{errors}"
    );
}
