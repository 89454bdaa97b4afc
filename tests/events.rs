//! Dated events sourced to passages: `event: {date, title}` on a note. The timeline shows
//! them among the statements, each linking to its note; `data/timeline/<year>.json` (TimelineJS3),
//! `data/events.csv` and the statements' JSON Lines carry them; a bad event is a located
//! error, every one in the same run, with the previous output kept.

mod common;

use common::Site;
use serde_json::Value;

const STATEMENT: &str = "\
---
title: Measures
date: 2021-08-01
issuer: A Government
responds_to:
  document: A Report
  year: 2021
  rating: Tier 2
---
A committee was established in March 2018 to steer the work.

The plan's measures were all implemented by the end of 2019.

In 2020, the department made about 2,000 inspections.
";

const NOTES: &str = "\
- id: committee
  quote: A committee was established in March 2018
  kind: context
  body: The committee's chair is not named.
  event:
    date: 2018-03
    title: Committee established
- id: measures
  quote: implemented by the end of 2019
  kind: context
  body: Dated by the year only.
  event:
    date: 2019
    title: Measures <implemented>
    circa: true
- id: plain
  quote: about 2,000 inspections
  kind: context
  body: A note without an event.
";

fn site() -> Site {
    let site = Site::fixture();
    site.write("content/statements/2021-08-01-measures.md", STATEMENT);
    site.write(
        "content/statements/2021-08-01-measures.annotations.yaml",
        NOTES,
    );
    site
}

#[test]
fn the_timeline_shows_events_among_statements_each_linking_to_its_note() {
    let site = site();
    site.build_ok();
    let timeline = site.read("timeline/index.html");
    let event =
        "<a href=\"/statements/2021-08-01-measures/#a-committee\">Committee established</a>";
    assert!(timeline.contains(event), "{timeline}");
    assert!(timeline.contains("<time datetime=\"2018-03\">March 2018</time>"));
    assert!(timeline.contains("as stated in ¶1 of Measures"));
    assert!(
        timeline.contains("<abbr title=\"circa\">c.</abbr> <time datetime=\"2019\">2019</time>")
    );
    // Titles are escaped like any text of the archive.
    assert!(timeline.contains("Measures &lt;implemented&gt;"));
    // Years with only events are years of the timeline, with their count.
    assert!(
        timeline.contains(
            "<h2 id=\"y2018\">2018 <span class=\"count\">0 statements, 1 event</span></h2>"
        ),
        "{timeline}"
    );
    // In 2021 the statements come in date order, the event-less note shows nothing.
    let first = timeline.find("First statement").unwrap();
    let measures = timeline
        .find("<a href=\"/statements/2021-08-01-measures/\">Measures</a><br>")
        .unwrap();
    assert!(first < measures);
    assert!(!timeline.contains("#a-plain"));
    // The note says it declares an event, and links to its year on the timeline.
    let page = site.read("statements/2021-08-01-measures/index.html");
    assert!(page.contains("<p class=\"note-event\">Event: <time datetime=\"2018-03\">March 2018</time>, Committee established · <a href=\"/timeline/#y2018\">on the timeline</a></p>"), "{page}");
    // 2018 comes before 2019.
    assert!(
        timeline.find("Committee established").unwrap() < timeline.find("2019</time>").unwrap()
    );
}

#[test]
fn timeline_json_is_in_timelinejs3_format() {
    let site = site();
    site.build_ok();
    // A file per year: each slide in its date's year, each file a timeline of its own.
    let year = |y: &str| -> Value {
        serde_json::from_str(&site.read(&format!("data/timeline/{y}.json"))).unwrap()
    };
    let json = year("2021");
    let events: Vec<Value> = ["2018", "2019", "2021"]
        .into_iter()
        .flat_map(|y| year(y)["events"].as_array().unwrap().clone())
        .collect();
    assert!(
        json["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["start_date"]["year"] == "2021"),
        "{json}"
    );
    let event = events
        .iter()
        .find(|e| e["unique_id"] == "event-2021-08-01-measures-committee")
        .expect("the committee's event");
    assert_eq!(
        event["start_date"],
        serde_json::json!({"year": "2018", "month": "3"})
    );
    assert_eq!(event["group"], "Events");
    assert_eq!(event["text"]["headline"], "Committee established");
    let text = event["text"]["text"].as_str().unwrap();
    assert!(
        text.contains("A committee was established in March 2018"),
        "{text}"
    );
    assert!(
        text.contains("/statements/2021-08-01-measures/#a-committee\">¶1 of Measures</a>"),
        "{text}"
    );
    let measures = events
        .iter()
        .find(|e| e["unique_id"] == "event-2021-08-01-measures-measures")
        .unwrap();
    assert_eq!(measures["display_date"], "c. 2019");
    assert_eq!(measures["text"]["headline"], "Measures &lt;implemented&gt;");
    let statement = events
        .iter()
        .find(|e| e["unique_id"] == "statement-2021-08-01-measures")
        .unwrap();
    assert_eq!(
        statement["start_date"],
        serde_json::json!({"year": "2021", "month": "8", "day": "1"})
    );
    let report = events
        .iter()
        .find(|e| e["group"] == "Reports answered")
        .unwrap();
    assert_eq!(report["start_date"], serde_json::json!({"year": "2021"}));
    assert_eq!(report["text"]["headline"], "A Report 2021");
    assert_eq!(json["title"]["text"]["headline"], "Fixture Archive: 2021");
}

#[test]
fn the_downloads_carry_the_events() {
    let site = site();
    site.build_ok();
    let csv = site.read("data/events.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "date,circa,title,statement,statement_url,note,paragraph,passage,url"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("2018-03,false,Committee established,2021-08-01-measures,"));
    assert!(lines[1].ends_with(",committee,1,A committee was established in March 2018,https://example.org/statements/2021-08-01-measures/#a-committee"), "{csv}");
    assert!(lines[2].starts_with("2019,true,Measures <implemented>,"));

    let bytes = std::fs::read(site.public().join("data/statements/2021.jsonl.gz")).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    let record: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["id"] == "2021-08-01-measures")
        .unwrap();
    assert_eq!(record["events"][0]["note"], "committee");
    assert_eq!(record["events"][0]["date"], "2018-03");
    assert_eq!(record["events"][0]["paragraph"], 1);
    assert_eq!(record["events"][1]["circa"], true);
    let data = site.read("data/index.html");
    assert!(data.contains("events.csv</a>"));
    assert!(data.contains("2018.json</a>") && data.contains("2021.json</a>"));
}

#[test]
fn every_bad_event_is_a_located_error_in_one_run_and_the_output_is_kept() {
    let site = site();
    site.build_ok();
    let before = common::snapshot(&site.public());
    site.write(
        "content/statements/2021-08-01-measures.annotations.yaml",
        "\
- id: committee
  quote: A committee was established in March 2018
  kind: context
  body: The chair is not named.
  event:
    date: 2018-13
    title: Committee established
- id: measures
  quote: implemented by the end of 1999
  kind: context
  body: Dated by the year only.
  event:
    date: 2019
    title: Measures implemented
- id: untitled
  quote: about 2,000 inspections
  kind: context
  body: No title.
  event:
    date: 2020
    title: ' '
- id: when
  quote: In 2020
  kind: context
  body: A date that is not one.
  event:
    date: March 2018
    title: Something
",
    );
    let file = "content/statements/2021-08-01-measures.annotations.yaml";
    let expected = [
        (
            format!("{file}:6:11: error:"),
            "`2018-13` is not a date of the calendar",
        ),
        (
            format!("{file}:9:10: error:"),
            "the quote of note `measures` is not in the statement's text",
        ),
        (
            format!("{file}:21:12: error:"),
            "the event of note `untitled` has an empty title",
        ),
        (
            format!("{file}:27:11: error:"),
            "`March 2018` is not a year (2018), a month (2018-03) or a day (2018-03-15)",
        ),
    ];
    site.assert_errors(&expected);
    assert_eq!(common::snapshot(&site.public()), before);
}

/// Past 1,000 statements, the timeline is an overview of the years and a page per year that
/// has something; each year's page shows exactly its statements and events, and a note's
/// event links to its year's page.
#[test]
fn a_large_archive_has_a_timeline_page_per_year() {
    let site = Site::fixture();
    // 1,001 statements more than the fixture's two: 2019 and 2020, and the fixture's 2021
    // and 2022.
    for n in 0..1_001 {
        let year = 2019 + n % 2;
        site.write(
            &format!("content/statements/{year}-05-{:02}-s{n}.md", 1 + n % 28),
            &format!(
                "---\ntitle: Statement {n}\ndate: {year}-05-{:02}\nissuer: A Government\n---\nText {n}.\n",
                1 + n % 28
            ),
        );
    }
    site.write("content/statements/2021-08-01-measures.md", STATEMENT);
    site.write(
        "content/statements/2021-08-01-measures.annotations.yaml",
        NOTES,
    );
    site.build_ok();

    let overview = site.read("timeline/index.html");
    assert!(
        overview.contains("<a href=\"/timeline/2019/\">2019</a>"),
        "{overview}"
    );
    // The overview counts each year's statements but lists none.
    assert!(overview.contains("501 statements"), "{overview}");
    assert!(!overview.contains("Statement 7<"), "{overview}");
    for (year, statements, events) in [(2018, 0, 1), (2019, 501, 1), (2020, 500, 0), (2021, 2, 0)] {
        let page = site.read(&format!("timeline/{year}/index.html"));
        assert!(
            page.contains(&format!("<h1>Timeline: {year}</h1>")),
            "{page}"
        );
        assert!(
            page.contains(&format!(
                "<a href=\"/timeline/{year}/\" aria-current=\"page\">{year}</a>"
            )),
            "{page}"
        );
        assert_eq!(
            page.matches("<li class=\"event\">").count(),
            statements,
            "{year}"
        );
        assert_eq!(
            page.matches("<li class=\"event event-stated\">").count(),
            events,
            "{year}"
        );
    }
    // The report the measures answer is in its year's page.
    let y2021 = site.read("timeline/2021/index.html");
    assert!(
        y2021.contains("Rating given: <strong>Tier 2</strong>"),
        "{y2021}"
    );
    // No page for a year with nothing in it.
    assert!(!site.public().join("timeline/2017/index.html").exists());
    // A note's event links to its year's page, not to a section of the overview.
    let measures = site.read("statements/2021-08-01-measures/index.html");
    assert!(measures.contains("href=\"/timeline/2018/\""), "{measures}");
}
