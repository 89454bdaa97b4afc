//! Recurring claims: sentences said again across statements, word for word or nearly, linked
//! at their paragraphs with the differences in wording; passages linked by a note's `same_as`;
//! the `/claims/` page; the downloads. On the fixture `tests/fixtures/claims` and on the
//! repository's own archive.

mod common;

use std::path::Path;

use common::Site;
use serde_json::Value;

/// The claims fixture, copied into a temporary site.
fn site() -> Site {
    let site = Site::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/claims");
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&root).unwrap();
            site.write(
                rel.to_str().unwrap(),
                &std::fs::read_to_string(entry.path()).unwrap(),
            );
        }
    }
    site
}

#[test]
fn a_paragraph_that_says_a_claim_links_the_others_with_the_differences_in_wording() {
    let site = site();
    site.build_ok();
    let third = site.read("statements/2021-06-30-third/index.html");
    // Said twice before, in one other wording (case and an "and").
    assert!(third.contains("<span class=\"claim-on\">¶1</span> also said on <a href=\"/claims/statements/2019-06-20-first/#p1\" title=\"First placeholder statement\"><time datetime=\"2019-06-20\">20 June 2019</time>, ¶1</a>; <a href=\"/claims/statements/2020-06-25-second/#p2\" title=\"Second placeholder statement\"><time datetime=\"2020-06-25\">25 June 2020</time>, ¶2</a> · <a href=\"/claims/claims/#c1\">claim 1</a>"), "{third}");
    assert!(third.contains("<summary>Differences in wording on <time datetime=\"2019-06-20\">20 June 2019</time> and <time datetime=\"2020-06-25\">25 June 2020</time></summary>"), "{third}");
    assert!(third.contains("<del><span class=\"visually-hidden\">[only here: </span>STRONGLY<span class=\"visually-hidden\">]</span></del><ins><span class=\"visually-hidden\">[there: </span>strongly<span class=\"visually-hidden\">]</span></ins>"), "{third}");
    // The editors' link, from the note's paragraph.
    assert!(third.contains("<span class=\"claim-on\">¶2</span> also said on <a href=\"/claims/statements/2019-06-20-first/#p3\""), "{third}");
    assert!(third.contains("(linked by the editors)"));
    // Two short sentences said twice are no claim.
    assert!(!third.contains("<span class=\"claim-on\">¶3</span>"));

    let first = site.read("statements/2019-06-20-first/index.html");
    // The figure changed: a near match, its difference shown.
    assert!(first.contains("<span class=\"claim-on\">¶2</span> also said on <a href=\"/claims/statements/2020-06-25-second/#p3\""), "{first}");
    assert!(first.contains("2,000<span class=\"visually-hidden\">]</span></del><ins><span class=\"visually-hidden\">[there: </span>2,100"), "{first}");
    // The far side of the editors' link shows it too, without differences (not compared).
    let linked = first.find("<span class=\"claim-on\">¶3</span> also said on <a href=\"/claims/statements/2021-06-30-third/#p2\"").expect("¶3's link");
    assert!(
        !first[linked..]
            .split("</aside>")
            .next()
            .unwrap()
            .contains("claim-diff")
    );
    // The byline is furniture, never a claim.
    assert_eq!(first.matches("class=\"claims\"").count(), 3);
    // The second statement's word-for-word sentence has no differences from the first's.
    let second = site.read("statements/2020-06-25-second/index.html");
    let p2 = second.find("<span class=\"claim-on\">¶2</span>").unwrap();
    let aside = second[p2..].split("</aside>").next().unwrap();
    assert!(aside.contains("<summary>Differences in wording on <time datetime=\"2021-06-30\">30 June 2021</time></summary>"), "{aside}");
    assert_eq!(aside.matches("<summary>").count(), 1, "{aside}");
}

#[test]
fn the_claims_page_lists_each_claim_with_its_first_and_latest_appearance() {
    let site = site();
    site.build_ok();
    let page = site.read("claims/index.html");
    assert!(
        page.contains("3 claims said in more than one statement."),
        "{page}"
    );
    let c1 = page.find("<li id=\"c1\" value=\"1\">").unwrap();
    let c2 = page.find("<li id=\"c2\" value=\"2\">").unwrap();
    let c3 = page.find("<li id=\"c3\" value=\"3\">").unwrap();
    assert!(c1 < c2 && c2 < c3);
    let first = &page[c1..c2];
    assert!(first.contains("<p>The government strongly opposes the biased and unreasonable assessment in the annual report.</p>"), "{first}");
    assert!(first.contains("In 3 statements, in 2 wordings · first <a href=\"/claims/statements/2019-06-20-first/#p1\"><time datetime=\"2019-06-20\">20 June 2019</time>, ¶1</a> · latest <a href=\"/claims/statements/2021-06-30-third/#p1\"><time datetime=\"2021-06-30\">30 June 2021</time>, ¶1</a>"), "{first}");
    assert_eq!(first.matches("<li><a href=").count(), 3, "every occurrence");
    let linked = &page[c3..];
    assert!(linked.contains("<p>To combat the crime is an obligation the authorities treat with the utmost seriousness</p><footer class=\"muted\">— <a href=\"/claims/statements/2021-06-30-third/#p2\">"), "{linked}");
    assert!(
        linked.contains(
            "linked by the editors · first <a href=\"/claims/statements/2019-06-20-first/#p3\">"
        ),
        "{linked}"
    );
    // In the menu.
    assert!(page.contains("<a href=\"/claims/claims/\" aria-current=\"page\">Claims</a>"));
}

#[test]
fn the_downloads_carry_the_claims() {
    let site = site();
    site.build_ok();
    let claims = claims_of(&site.read_gz("data/claims.jsonl.gz"));
    assert_eq!(claims.len(), 3);
    assert_eq!(claims[1]["id"], "c2");
    assert_eq!(claims[1]["url"], "https://example.org/claims/claims/#c2");
    assert_eq!(claims[1]["found"], "detected");
    assert_eq!(claims[1]["wordings"].as_array().unwrap().len(), 2);
    assert_eq!(claims[1]["first"]["statement"], "2019-06-20-first");
    assert_eq!(
        claims[1]["latest"]["url"],
        "https://example.org/claims/statements/2020-06-25-second/#p3"
    );
    assert_eq!(claims[1]["latest"]["wording"], 1);
    assert_eq!(claims[2]["found"], "linked");
    assert!(claims[2]["occurrences"][0].get("wording").is_none());
    let csv = site.read_gz("data/claims.csv.gz");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "claim,claim_url,found,statement,date,paragraph,url,words"
    );
    assert_eq!(lines.len(), 8, "{csv}");
    assert!(lines[4].starts_with("c2,https://example.org/claims/claims/#c2,detected,2019-06-20-first,2019-06-20,2,https://example.org/claims/statements/2019-06-20-first/#p2,\"The department conducts about 2,000"), "{csv}");
    let data = site.read("data/index.html");
    assert!(data.contains("claims.jsonl.gz</a>") && data.contains("claims.csv.gz</a>"));
}

#[test]
fn two_builds_are_identical() {
    let site = site();
    site.build_ok();
    let before = common::snapshot(&site.public());
    site.build_ok();
    assert_eq!(common::snapshot(&site.public()), before);
}

#[test]
fn every_bad_same_as_is_a_located_error_in_one_run_and_the_output_is_kept() {
    let site = site();
    site.build_ok();
    let before = common::snapshot(&site.public());
    site.write(
        "content/statements/2021-06-30-third.annotations.yaml",
        "\
- id: duty
  quote: To combat the crime
  kind: cross-reference
  body: A missing paragraph.
  same_as: \"@/statements/2019-06-20-first.md#p9\"
- id: missing
  quote: The government STRONGLY opposes
  kind: cross-reference
  body: A missing file.
  same_as: \"@/statements/2019-06-20-frist.md#p1\"
- id: form
  quote: the annual report
  kind: cross-reference
  body: Not a paragraph.
  same_as: \"@/statements/2019-06-20-first.md#a-duty\"
- id: itself
  quote: This is groundless.
  occurrence: 1
  kind: cross-reference
  body: Its own statement.
  same_as: \"@/statements/2021-06-30-third.md#p1\"
",
    );
    let file = "content/statements/2021-06-30-third.annotations.yaml";
    let expected = [
        (format!("{file}:5:13: error:"), "broken anchor `#p9`"),
        (
            format!("{file}:10:13: error:"),
            "`same_as` of note `missing`: content/statements/2019-06-20-frist.md does not exist; did you mean @/statements/2019-06-20-first.md?",
        ),
        (
            format!("{file}:15:12: error:"),
            "`same_as` of note `form` must name a statement's paragraph",
        ),
        (
            format!("{file}:21:12: error:"),
            "`same_as` of note `itself` links to its own statement",
        ),
    ];
    site.assert_errors(&expected);
    assert_eq!(common::snapshot(&site.public()), before);
}

#[test]
fn the_archive_s_recurring_claims_are_the_two_lines_its_notes_link() {
    let out = tempfile::tempdir().unwrap();
    let options = annals::build::BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(out.path().join("site")),
        ..annals::build::BuildOptions::new(".")
    };
    if let Err(ds) = annals::build::build(&options) {
        panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>());
    }
    let read = |p: &str| std::fs::read_to_string(out.path().join("site").join(p)).unwrap();
    // The 2021 text is a machine translation and the 2025 one a newspaper's English: no
    // sentence of one is said again in the other's words, so every claim is an editors' link.
    let gz = std::fs::read(out.path().join("site/data/claims.jsonl.gz")).unwrap();
    let mut jsonl = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut jsonl).unwrap();
    let claims = claims_of(&jsonl);
    let summary: Vec<(String, i64, i64)> = claims
        .iter()
        .map(|c| {
            (
                c["found"].as_str().unwrap().to_string(),
                c["first"]["paragraph"].as_i64().unwrap(),
                c["latest"]["paragraph"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![("linked".into(), 4, 2), ("linked".into(), 15, 2)],
        "{jsonl}"
    );
    let y2021 = read("statements/2021-07-02-hksar-government-on-tip-report-2021/index.html");
    let p15 = y2021
        .find("<span class=\"claim-on\">¶15</span> also said on <a href=\"/annals/statements/2025-09-30-hksar-government-on-tip-report-2025/#p2\"")
        .expect("¶15 links the 2025 statement's ¶2");
    let aside = y2021[p15..].split("</aside>").next().unwrap();
    assert!(aside.contains("<time datetime=\"2025-09-30\">30 September 2025</time>, ¶2</a> <span class=\"muted\">(linked by the editors)</span>"), "{aside}");
    assert!(y2021.contains("<span class=\"claim-on\">¶4</span> also said on"));
    let y2025 = read("statements/2025-09-30-hksar-government-on-tip-report-2025/index.html");
    assert_eq!(
        y2025
            .matches("<span class=\"claim-on\">¶2</span> also said on")
            .count(),
        2
    );
}

/// The claims of `claims.jsonl.gz`'s text: a JSON object per line.
fn claims_of(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
