//! The figures ledger: `figure: {measure, value, unit, period, approx}` on a note. `/figures/`
//! lists the measures; `/figures/<measure>/` shows each value by period, linked to its passage,
//! with an SVG chart drawn at build time; `data/figures.csv`, a CSV per measure and the
//! statements' JSON Lines carry the figures; a bad figure is a located error, every one in the
//! same run, with the previous output kept.

mod common;

use std::io::Read;

use common::Site;
use serde_json::Value;

/// The fixture `tests/fixtures/figures/` (also built and checked in a browser by `.ci/run`):
/// two statements, three measures (one in `config.yaml`, two in `content/measures/`).
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/figures");

const UPDATE_NOTES: &str = "content/statements/2025-09-30-update.annotations.yaml";

#[test]
fn a_measure_s_page_has_every_value_by_period_linked_to_its_passage() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let page = site.read("figures/screenings/index.html");
    assert!(page.contains("<h1>Initial screenings</h1>"), "{page}");
    assert!(page.contains("Initial screenings of people at risk of trafficking"));
    // The measure file's body.
    assert!(page.contains("the second <em>initial screenings</em>"));
    // The rows, oldest period first, each with its words, paragraph, statement and note.
    let first = page.find("<time datetime=\"2020\">2020</time>").unwrap();
    let second = page.find("<time datetime=\"2024\">2024</time>").unwrap();
    assert!(first < second);
    assert!(page.contains("“more than 6,900”"));
    assert!(page.contains("“around 11,300”"));
    assert!(page.contains("<td class=\"num\">6,900 <span class=\"muted\">screenings</span><br><span class=\"approx\">approximate</span></td>"), "{page}");
    assert!(page.contains(
        "<a href=\"/statements/2021-07-02-measures/#p1\">¶1</a> of <a href=\"/statements/2021-07-02-measures/\">Measures in 2020</a>"
    ));
    assert!(page.contains("<a href=\"/statements/2025-09-30-update/#a-screenings\">note</a>"));
    assert!(page.contains("<a href=\"/data/figures/screenings.csv\" download>"));
    // No script anywhere on the page but the theme's own.
    assert!(!page.contains("<script>"));
}

#[test]
fn the_chart_is_svg_with_a_title_a_description_and_a_bar_per_figure() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let page = site.read("figures/screenings/index.html");
    let start = page.find("<svg").unwrap();
    let svg = &page[start..page.find("</svg>").unwrap()];
    assert!(
        svg.contains(
            "role=\"img\" aria-labelledby=\"chart-title-screenings chart-desc-screenings\""
        )
    );
    assert!(
        svg.contains("<title id=\"chart-title-screenings\">Initial screenings, by period</title>")
    );
    assert!(
        svg.contains("2020: more than 6,900 screenings; 2024: around 11,300 screenings."),
        "{svg}"
    );
    // Two bars, both outlined: the passages give both figures only roughly.
    assert_eq!(
        svg.matches("<rect class=\"chart-bar chart-approx\"")
            .count(),
        2
    );
    // The value axis ends at a round number above the largest value.
    assert!(svg.contains(">20,000</text>"));
    // Colours come from the stylesheet (currentColor and the theme's variables), not the SVG.
    assert!(!svg.contains("fill=\"#") && !svg.contains("stroke=\"#"));
    // Bars stand where their periods are on a time axis: 2024 far right of 2020.
    let xs: Vec<f64> = svg
        .match_indices("<rect ")
        .map(|(k, _)| {
            let rest = &svg[k..];
            let x = &rest[rest.find("x=\"").unwrap() + 3..];
            x[..x.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(xs[1] - xs[0] > 300.0, "{xs:?}");
    // An exact figure is a filled bar.
    let victims = site.read("figures/victims-identified/index.html");
    assert_eq!(victims.matches("<rect class=\"chart-bar\"").count(), 2);
    assert!(victims.contains("“eight”"));
}

#[test]
fn the_index_lists_every_measure_and_the_menu_links_it() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let index = site.read("figures/index.html");
    for (url, name) in [
        ("/figures/screenings/", "Initial screenings"),
        (
            "/figures/inspections/",
            "Inspections of employment agencies",
        ),
        ("/figures/victims-identified/", "Victims identified"),
    ] {
        assert!(
            index.contains(&format!("<a href=\"{url}\">{name}</a>")),
            "{index}"
        );
    }
    // The latest of each, as the passage words it, with its period.
    assert!(index.contains(
        "2020–March 2025; latest: 190 inspections in the month (<time datetime=\"2025-03\">March 2025</time>)"
    ));
    assert!(index.contains("<a href=\"/data/figures.csv\" download>All 6 figures as CSV</a>"));
    let home = site.read("index.html");
    assert!(
        home.contains("<a href=\"/figures/\""),
        "the menu links the ledger"
    );
}

#[test]
fn the_downloads_carry_the_figures() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let csv = site.read("data/figures/screenings.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "measure,measure_name,period,value,approx,unit,written,statement,statement_url,note,paragraph,passage,url"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert_eq!(
        lines[1],
        "screenings,Initial screenings,2020,6900,true,screenings,\"more than 6,900\",2021-07-02-measures,https://example.org/statements/2021-07-02-measures/,screenings,1,\"conducted more than 6,900 screenings\",https://example.org/statements/2021-07-02-measures/#a-screenings"
    );
    let all = site.read("data/figures.csv");
    assert_eq!(all.lines().count(), 7, "{all}");
    // The figure's own unit before its measure's.
    assert!(all.contains("inspections,Inspections of employment agencies,2025-03,190,false,inspections in the month,190,"));
    assert!(all.contains("victims-identified,Victims identified,2024,8,false,victims,eight,"));

    let bytes = std::fs::read(site.public().join("data/statements/2025.jsonl.gz")).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    let record: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let figures = record["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 3);
    assert_eq!(figures[0]["measure"], "screenings");
    assert_eq!(figures[0]["value"], "11300");
    assert_eq!(figures[0]["approx"], true);
    assert_eq!(figures[0]["written"], "around 11,300");
    assert_eq!(figures[0]["period"], "2024");
    assert_eq!(figures[0]["paragraph"], 1);
    assert_eq!(
        figures[0]["url"],
        "https://example.org/statements/2025-09-30-update/#a-screenings"
    );
    let data = site.read("data/index.html");
    assert!(data.contains("figures.csv</a>"));
    assert!(data.contains("<dt><code>figures</code></dt>"));
    assert!(data.contains("The 6 figures of the"));
}

#[test]
fn two_builds_write_the_same_ledger() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let first = common::snapshot(&site.public());
    std::fs::remove_dir_all(site.public()).unwrap();
    site.build_ok();
    assert!(common::snapshot(&site.public()) == first);
}

#[test]
fn every_bad_figure_is_a_located_error_in_one_run_and_the_output_is_kept() {
    let site = Site::copy_of(FIXTURE);
    site.build_ok();
    let before = common::snapshot(&site.public());
    site.write(
        UPDATE_NOTES,
        "\
- id: screenings
  quote: around 11,300 initial screenings in 2024
  kind: context
  body: Written as exact.
  figure:
    measure: screenings
    value: 11300
    period: 2024
- id: victims
  quote: identified eight victims
  kind: context
  body: A wrong number, a misspelt measure.
  figure:
    measure: victims-identifed
    value: 9
    period: 2024
- id: inspections
  quote: In March 2025, the department made 190 inspections
  kind: context
  body: A bad period, and approximate where the passage is exact.
  figure:
    measure: inspections
    value: 190
    period: 2025-13
    approx: true
- id: words
  quote: The government conducted
  kind: context
  body: Not a number, not a period.
  figure:
    measure: inspections
    value: many
    period: March 2024
- id: lost
  quote: not in the text
  kind: context
  body: A quote not found.
  figure:
    measure: inspections
    value: 1
    period: 2024
",
    );
    let file = UPDATE_NOTES;
    let expected = [
        (
            format!("{file}:7:12: error:"),
            "the passage gives 11300 only approximately: “around 11,300”",
        ),
        (
            format!("{file}:14:14: error:"),
            "the figure of note `victims` is of measure `victims-identifed`, which is not declared",
        ),
        (
            format!("{file}:15:12: error:"),
            "the value 9 is not written in the quoted passage “identified eight victims”",
        ),
        (
            format!("{file}:24:13: error:"),
            "`2025-13` is not a date of the calendar",
        ),
        (
            format!("{file}:25:13: error:"),
            "is marked approximate, but the passage gives it exactly: “190”",
        ),
        (format!("{file}:32:12: error:"), "`many` is not a number"),
        (
            format!("{file}:33:13: error:"),
            "`March 2024` is not a year (2018), a month (2018-03) or a day (2018-03-15)",
        ),
        (
            format!("{file}:35:10: error:"),
            "the quote of note `lost` is not in the statement's text",
        ),
    ];
    site.assert_errors(&expected);
    // The misspelt measure's hint names the declared one.
    let out = site.cli(&["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("did you mean `victims-identified`?"),
        "{stderr}"
    );
    assert_eq!(common::snapshot(&site.public()), before);
}

#[test]
fn a_measure_declared_twice_is_an_error() {
    let site = Site::copy_of(FIXTURE);
    site.write(
        "content/measures/inspections.md",
        "---\nname: Inspections\ndefinition: Twice.\n---\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/measures/inspections.md:1:1: error: measure `inspections` is declared twice"
        ),
        "{}",
        errors[0]
    );
}

#[test]
fn a_value_restated_for_a_period_is_one_bar_and_every_row() {
    let site = Site::copy_of(FIXTURE);
    site.write(
        "content/statements/2022-01-05-restated.md",
        "---\ntitle: Restated\ndate: 2022-01-05\nissuer: A Government\n---\nIn 2020, more than 6,900 screenings were conducted.\n",
    );
    site.write(
        "content/statements/2022-01-05-restated.annotations.yaml",
        "- id: again\n  quote: more than 6,900 screenings\n  kind: context\n  body: The same figure again.\n  figure:\n    measure: screenings\n    value: 6900\n    period: 2020\n    approx: true\n",
    );
    site.build_ok();
    let page = site.read("figures/screenings/index.html");
    assert_eq!(page.matches("<rect ").count(), 2, "{page}");
    assert!(page.contains("2020: more than 6,900 screenings (stated 2 times); 2024"));
    assert_eq!(page.matches("<th scope=\"row\">").count(), 3);
}
