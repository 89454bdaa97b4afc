//! The repository's own archive: it builds, its links resolve, and each statement's text is the
//! source document's text, word for word, with the news-page furniture set apart.

mod common;

use std::path::{Path, PathBuf};

use annals::build::{BuildOptions, build};
use common::{broken_links, collapse, text_of};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> PathBuf {
    let dir = repo().join("../shared/seeds");
    assert!(
        dir.is_dir(),
        "the source documents are expected in {} (CI places ../shared beside the repository)",
        dir.display()
    );
    dir
}

fn build_archive(base_url: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: repo().to_path_buf(),
        output: Some(out.path().join("site")),
        base_url: Some(base_url.into()),
        ..BuildOptions::new(".")
    };
    if let Err(ds) = build(&options) {
        panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>());
    }
    out
}

/// Lines of a source document that are news-page furniture rather than text.
fn is_furniture(line: &str) -> bool {
    line.starts_with("Published: ")
        || line.starts_with("By ")
        || line.starts_with("READ MORE:")
        || line.starts_with("ALSO READ:")
        || line.ends_with("(PHOTO / HKSAR GOVERNMENT)")
        || line.ends_with("(SHAMIM ASHRAF / CHINA DAILY)")
        || line == "HKSAR govt resolutely refutes US report on trafficking in persons"
}

fn check_statement(seed_file: &str, page: &str, byline_prefix: Option<&str>) {
    let seed = std::fs::read_to_string(seeds().join(seed_file)).unwrap();
    let mut text_lines = Vec::new();
    let mut furniture = Vec::new();
    for line in seed.lines() {
        let (furn, rest) = match byline_prefix.and_then(|p| line.strip_prefix(p)) {
            Some(rest) => (Some(byline_prefix.unwrap()), rest),
            None if is_furniture(line) => (Some(line), ""),
            None => (None, line),
        };
        furniture.extend(furn);
        text_lines.push(rest);
    }
    let expected_text = collapse(&text_lines.join("\n"));

    let out = build_archive("https://example.github.io/annals/");
    let html = std::fs::read_to_string(out.path().join("site").join(page)).unwrap();
    let shown_text = text_of(&html, "section.text", common::NOT_STATEMENT_TEXT);
    assert_eq!(
        shown_text, expected_text,
        "the page's text differs from the source document"
    );
    let shown_furniture = text_of(&html, ".furniture-text", ".pn");
    for f in &furniture {
        assert!(
            shown_furniture.contains(&collapse(f)),
            "furniture {f:?} not shown as furniture"
        );
    }
    assert!(!furniture.is_empty());
}

#[test]
fn the_2021_statement_is_the_source_text_verbatim() {
    check_statement(
        "000_2b4c8d489665b3e6.txt",
        "statements/2021-07-02-hksar-government-on-tip-report-2021/index.html",
        Some("[Global Network Reporter Zhao Youping]"),
    );
}

#[test]
fn the_2025_statement_is_the_source_text_verbatim() {
    check_statement(
        "004_f290330d753bf14f.txt",
        "statements/2025-09-30-hksar-government-on-tip-report-2025/index.html",
        None,
    );
}

#[test]
fn the_archive_crawls_clean_under_a_sub_path() {
    let out = build_archive("https://example.github.io/annals/");
    let broken = broken_links(
        &out.path().join("site"),
        "https://example.github.io",
        "/annals/",
    );
    assert_eq!(broken, Vec::<String>::new());
}

#[test]
fn the_statements_point_to_each_other() {
    let out = build_archive("https://example.org/");
    let read = |p: &str| std::fs::read_to_string(out.path().join("site").join(p)).unwrap();
    let a = read("statements/2021-07-02-hksar-government-on-tip-report-2021/index.html");
    let b = read("statements/2025-09-30-hksar-government-on-tip-report-2025/index.html");
    assert!(a.contains("href=\"/statements/2025-09-30-hksar-government-on-tip-report-2025/\">HKSAR Government responds to the Trafficking in Persons Report 2025</a>"));
    assert!(b.contains("href=\"/statements/2021-07-02-hksar-government-on-tip-report-2021/\">HKSAR Government responds to the 2021 Trafficking in Persons Report</a>"));
    assert!(a.contains("Machine translation"));
    assert!(a.contains("2 July 2021</time> (inferred)"));
    assert!(a.contains("The source dates the press release only"));
    assert!(!b.contains("(inferred)"));
    assert!(b.contains("30 September 2025, 10:00"));
    assert!(b.contains("Shamim Ashraf"));
}

/// The reporter's lead of the 2021 report (¶1–2) is marked as the report's framing: labelled,
/// still numbered; the communiqué from ¶3 on is not.
#[test]
fn the_2021_reporter_s_lead_is_marked_as_the_report_s_framing() {
    let out = build_archive("https://example.org/");
    let html = std::fs::read_to_string(
        out.path()
            .join("site/statements/2021-07-02-hksar-government-on-tip-report-2021/index.html"),
    )
    .unwrap();
    let doc = scraper::Html::parse_document(&html);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let framed: Vec<&str> = doc
        .select(&select("section.text .framing"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert_eq!(framed, ["p1", "p2"]);
    let label = doc
        .select(&select("#framing-note"))
        .next()
        .expect("a label");
    assert!(
        label
            .text()
            .collect::<String>()
            .contains("News report’s framing")
    );
    for p in doc.select(&select(".framing")) {
        assert_eq!(p.value().attr("aria-describedby"), Some("framing-note"));
    }
    // The label comes before the first framing paragraph.
    assert!(html.find("id=\"framing-note\"") < html.find("id=\"p1\""));
}

#[test]
fn no_page_repeats_an_element_id() {
    let out = build_archive("https://example.org/");
    let selector = scraper::Selector::parse("[id]").unwrap();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out.path().join("site")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        let mut seen = std::collections::BTreeSet::new();
        for element in html.select(&selector) {
            let id = element.value().attr("id").unwrap();
            assert!(
                seen.insert(id.to_string()),
                "id `{id}` appears twice in {}",
                entry.path().display()
            );
        }
    }
    assert!(pages > 20, "only {pages} pages built");
}

/// The figures ledger of the archive: each figure the two documents state with its period,
/// as the passage words it, linked to the paragraph that states it.
#[test]
fn the_figures_ledger_shows_the_documents_figures_by_period() {
    let out = build_archive("https://example.org/");
    let read = |p: &str| std::fs::read_to_string(out.path().join("site").join(p)).unwrap();
    let s2021 = "/statements/2021-07-02-hksar-government-on-tip-report-2021/";
    let s2025 = "/statements/2025-09-30-hksar-government-on-tip-report-2025/";

    let screenings = read("figures/initial-screenings/index.html");
    let (first, second) = (
        screenings.find("“more than 6,900”").unwrap(),
        screenings.find("“around 11,300”").unwrap(),
    );
    assert!(first < second, "2020 before 2024");
    assert!(screenings.contains(&format!("<a href=\"{s2021}#p15\">¶15</a>")));
    assert!(screenings.contains(&format!("<a href=\"{s2025}#p6\">¶6</a>")));
    assert!(screenings.contains("“preliminary identification audits”"));
    assert!(screenings.contains(
        "<title id=\"chart-title-initial-screenings\">Initial screenings, by period</title>"
    ));
    assert!(
        screenings.contains("2020: more than 6,900 screenings; 2024: around 11,300 screenings")
    );

    let victims = read("figures/victims-identified/index.html");
    assert!(
        victims.contains("2020: 3 victims; 2024: eight victims"),
        "{victims}"
    );

    let csv = read("data/figures.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let find = |measure: &str, period: &str| {
        rows.iter()
            .find(|r| r.starts_with(&format!("{measure},")) && r.contains(&format!(",{period},")))
            .unwrap_or_else(|| panic!("{measure} {period} in\n{csv}"))
            .to_string()
    };
    for (measure, period, value, approx) in [
        ("initial-screenings", "2020", "6900", "true"),
        ("initial-screenings", "2024", "11300", "true"),
        ("victims-identified", "2020", "3", "false"),
        ("victims-identified", "2024", "8", "false"),
        ("employment-agency-prosecutions", "2020", "11", "false"),
        ("employment-agency-licences", "2020", "7", "false"),
        ("anti-vice-operations", "2024", "102", "false"),
        ("vice-arrests", "2024", "254", "false"),
        ("job-scam-convictions", "2024-11", "2", "false"),
    ] {
        let row = find(measure, period);
        assert!(
            row.contains(&format!(",{period},{value},{approx},")),
            "{row}"
        );
    }
    assert_eq!(rows.len(), 9, "{csv}");

    let index = read("figures/index.html");
    for name in [
        "Initial screenings",
        "Victims identified",
        "Employment agencies prosecuted",
        "Anti-vice operations",
    ] {
        assert!(index.contains(&format!("\">{name}</a>")), "{name}");
    }
    let home = read("index.html");
    assert!(home.contains("<a href=\"/figures/\""));
}

/// Each entity's page lists the paragraphs whose text names it, by its name or an alias as
/// the documents write it; the names the publishers' page furniture carries (bylines, photo
/// captions) are not mentions.
#[test]
fn the_entities_pages_list_the_paragraphs_that_name_them() {
    let out = build_archive("https://example.org/");
    let read = |p: &str| std::fs::read_to_string(out.path().join("site").join(p)).unwrap();
    // (¶, date, the words) of each item of an entity's list.
    let listed = |slug: &str| -> Vec<String> {
        let page = read(&format!("entities/{slug}/index.html"));
        page.split("<li><a class=\"mention-where\"")
            .skip(1)
            .map(|li| {
                let place = &li[li.find('>').unwrap() + 1..li.find("</a>").unwrap()];
                let words = &li[li.find("<strong>").unwrap() + 8..li.find("</strong>").unwrap()];
                format!("{place}: {words}")
            })
            .collect()
    };
    assert_eq!(
        listed("labour-department"),
        (9..=15)
            .map(|n| format!("¶{n} of 2 July 2021: Labour Department"))
            .collect::<Vec<_>>()
    );
    // Named in the 2025 report only in a photo caption: not a mention.
    assert_eq!(
        listed("immigration-department"),
        [
            "¶9 of 2 July 2021: Immigration Department",
            "¶15 of 2 July 2021: Immigration Department"
        ]
    );
    assert_eq!(
        listed("hong-kong-police-force"),
        [
            "¶15 of 2 July 2021: Hong Kong Police Force",
            "¶14 of 30 September 2025: police"
        ]
    );
    assert_eq!(
        listed("customs-and-excise-department"),
        ["¶15 of 2 July 2021: Hong Kong Customs"]
    );
    assert_eq!(
        listed("court-of-final-appeal"),
        [
            "¶18 of 2 July 2021: Hong Kong Court of Final Appeal",
            "¶11 of 30 September 2025: Court of Final Appeal"
        ]
    );
    assert_eq!(
        listed("anti-trafficking-steering-committee"),
        [
            "¶5 of 2 July 2021: high-level steering committee",
            "¶17 of 30 September 2025: high-level steering committee"
        ]
    );
    assert_eq!(
        listed("chief-secretary-for-administration"),
        ["¶5 of 2 July 2021: Chief Secretary for Administration"]
    );
    assert_eq!(
        listed("us-department-of-state"),
        [
            "¶1 of 2 July 2021: U.S. State Department",
            "¶3 of 2 July 2021: U.S. Department of State",
            "¶4 of 2 July 2021: US State Department",
            "¶20 of 2 July 2021: U.S. State Department",
            "¶21 of 2 July 2021: US State Department",
            "¶1 of 30 September 2025: US Department of State",
            "¶8 of 30 September 2025: State Department"
        ]
    );
    let government = listed("hksar-government");
    assert_eq!(government.len(), 13, "{government:#?}");
    assert_eq!(
        government[0],
        "¶1 of 2 July 2021: Hong Kong Special Administrative Region Government"
    );
    assert!(government.contains(&"¶2 of 30 September 2025: HKSAR government".to_string()));
    // Only in bylines and captions.
    for slug in ["china-daily", "global-times"] {
        assert_eq!(listed(slug), Vec::<String>::new(), "{slug}");
        assert!(!read(&format!("entities/{slug}/index.html")).contains("id=\"mentions\""));
    }
    // In the text, each entity's first mention in a paragraph links to its page.
    let a = read("statements/2021-07-02-hksar-government-on-tip-report-2021/index.html");
    assert!(a.contains("the <a class=\"mention\" href=\"/entities/immigration-department/\" title=\"Immigration Department\">Immigration Department</a> has also established"));
    assert!(
        a.contains("<span class=\"furniture-text\">[Global Network Reporter Zhao Youping]</span>")
    );
}
