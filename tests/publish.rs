//! What the build publishes besides pages, read back with parsers made for each format: the Atom
//! feeds, the sitemap and robots.txt, the data downloads, the citation files, the GitHub Pages
//! files and the search index.

mod common;

use std::io::Read;
use std::path::Path;

use common::Site;

const BASE: &str = "https://example.org/archive/";

/// A statement whose title needs quoting in every format, with no topic.
const TRICKY: &str = "\
---
title: 'Statement, with \"quotes\" & {braces}'
date: 2023-03-04
issuer: Another Government
---
Text of the third statement.
";

fn site() -> Site {
    let site = Site::fixture();
    site.write("content/statements/2023-03-04-tricky.md", TRICKY);
    site.build_with(Some(BASE), None)
        .unwrap_or_else(|ds| panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>()));
    site
}

/// The file an absolute URL of the site is served from.
fn file_for(public: &Path, url: &str) -> std::path::PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let rel = rel.split('#').next().unwrap();
    if rel.is_empty() || rel.ends_with('/') {
        public.join(rel).join("index.html")
    } else {
        public.join(rel)
    }
}

fn atom<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    const NS: &str = "http://www.w3.org/2005/Atom";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(NS));
    assert_eq!(doc.root_element().tag_name().name(), "feed");
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name((NS, "entry")))
        .collect()
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    node.children()
        .find(|n| n.tag_name().name() == name)
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn link_href<'a>(node: roxmltree::Node<'a, 'a>, rel: &str) -> &'a str {
    node.children()
        .find(|n| n.tag_name().name() == "link" && n.attribute("rel") == Some(rel))
        .and_then(|n| n.attribute("href"))
        .unwrap_or_else(|| panic!("no link rel={rel}"))
}

#[test]
fn the_feed_is_atom_with_absolute_links_newest_first() {
    let site = site();
    let text = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(link_href(feed, "self"), format!("{BASE}atom.xml"));
    assert_eq!(link_href(feed, "alternate"), BASE);
    assert_eq!(child_text(feed, "title"), "Fixture Archive");
    let entries = atom(&doc);
    let titles: Vec<&str> = entries.iter().map(|e| child_text(*e, "title")).collect();
    assert_eq!(
        titles,
        [
            "Statement, with \"quotes\" & {braces}",
            "Second statement",
            "First statement"
        ]
    );
    for entry in &entries {
        let href = link_href(*entry, "alternate");
        assert!(file_for(&site.public(), href).is_file(), "{href}");
        assert_eq!(child_text(*entry, "id"), href);
        for stamp in ["published", "updated"] {
            let value = child_text(*entry, stamp);
            value
                .parse::<jiff::Timestamp>()
                .unwrap_or_else(|e| panic!("{stamp} `{value}` is not RFC 3339: {e}"));
        }
    }
    // The statement's time and offset are kept: 10:00 at +08:00 is 02:00 UTC.
    assert_eq!(
        child_text(entries[1], "published")
            .parse::<jiff::Timestamp>()
            .unwrap(),
        "2022-01-05T02:00:00Z".parse::<jiff::Timestamp>().unwrap()
    );
    // The content is HTML carried as text: the archived <script> stays escaped inside it.
    let first = entries[2]
        .children()
        .find(|n| n.tag_name().name() == "content")
        .unwrap();
    assert_eq!(first.attribute("type"), Some("html"));
    let html = first.text().unwrap();
    assert!(
        html.contains("The government said it opposes the report."),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script"),
        "{html}"
    );
}

#[test]
fn a_feed_entry_carries_the_statements_notes() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-07-02-first.annotations.yaml",
        "- id: opposes\n  quote: opposes the report\n  kind: context\n  body: The report rated the region; see [the first paragraph](#p1).\n  sources:\n    - title: A source\n      url: https://example.com/source\n",
    );
    site.build_with(Some(BASE), None).unwrap();
    let text = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entry = atom(&doc)
        .into_iter()
        .find(|e| child_text(*e, "title") == "First statement")
        .unwrap();
    let page = format!("{BASE}statements/2021-07-02-first/");
    // Relative links in the content resolve against the statement's page.
    assert_eq!(
        entry.attribute(("http://www.w3.org/XML/1998/namespace", "base")),
        Some(page.as_str())
    );
    let html = entry
        .children()
        .find(|n| n.tag_name().name() == "content")
        .and_then(|c| c.text())
        .unwrap();
    let notes = &html[html.find("<h2>Notes</h2>").expect("no notes in the entry")..];
    for expected in [
        format!(
            "<strong>Context</strong>, on <a href=\"{page}#p1\">¶1</a>: <a href=\"{page}#a-opposes\">“opposes the report”</a>"
        ),
        format!("The report rated the region; see <a href=\"{page}#p1\">the first paragraph</a>."),
        "<p>Sources: <a href=\"https://example.com/source\">A source</a></p>".to_string(),
    ] {
        assert!(notes.contains(&expected), "{expected} not in {notes}");
    }
}

#[test]
fn a_topic_feed_holds_only_that_topic() {
    let site = site();
    let text = site.read("topics/screening/atom.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(
        link_href(doc.root_element(), "self"),
        format!("{BASE}topics/screening/atom.xml")
    );
    let titles: Vec<&str> = atom(&doc).iter().map(|e| child_text(*e, "title")).collect();
    assert_eq!(titles, ["Second statement", "First statement"]);
    // The topic page announces its feed.
    assert!(site.read("topics/screening/index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fixture Archive: Screening\" href=\"/archive/topics/screening/atom.xml\""
    ));
}

#[test]
fn the_sitemap_lists_every_page_and_robots_names_it() {
    let site = site();
    let public = site.public();
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let mut listed = Vec::new();
    for url in doc.root_element().children().filter(|n| n.is_element()) {
        let loc = child_text(url, "loc");
        let file = file_for(&public, loc);
        assert!(file.is_file(), "{loc}");
        listed.push(file.strip_prefix(&public).unwrap().to_path_buf());
        if let Some(lastmod) = url.children().find(|n| n.has_tag_name((ns, "lastmod"))) {
            lastmod
                .text()
                .unwrap()
                .parse::<jiff::civil::Date>()
                .unwrap();
        }
    }
    let mut pages: Vec<_> = common::snapshot(&public)
        .into_keys()
        .filter(|p| p.ends_with("index.html"))
        .map(std::path::PathBuf::from)
        .collect();
    pages.sort();
    listed.sort();
    assert_eq!(listed, pages);
    assert!(!listed.iter().any(|p| p.ends_with("404.html")));
    let robots = site.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn the_data_downloads_hold_every_statement_and_its_exact_text() {
    let site = site();
    // One gzipped JSON Lines file per year, each line a statement.
    let mut records = Vec::new();
    for year in [2021, 2022, 2023] {
        let bytes = std::fs::read(
            site.public()
                .join(format!("data/statements/{year}.jsonl.gz")),
        )
        .unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        assert!(text.ends_with('\n'), "{text}");
        for line in text.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(
                record["date"]
                    .as_str()
                    .unwrap()
                    .starts_with(&year.to_string())
            );
            records.push(record);
        }
    }
    assert!(!site.public().join("data/statements.json").exists());
    let data_page = site.read("data/index.html");
    assert!(data_page.contains("href=\"/archive/data/statements/2022.jsonl.gz\""));
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["2021-07-02-first", "2022-01-05-second", "2023-03-04-tricky"]
    );
    for r in &records {
        let url = r["url"].as_str().unwrap();
        assert!(file_for(&site.public(), url).is_file(), "{url}");
        assert!(r.get("text_url").is_none());
        assert!(!r["text"].as_str().unwrap().is_empty());
    }
    assert_eq!(records[2]["title"], "Statement, with \"quotes\" & {braces}");
    assert_eq!(records[1]["date"], "2022-01-05T10:00+08:00");

    let (headers, rows) = statement_rows(&site, &[2021, 2022, 2023]);
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        &rows[2][column("title")],
        "Statement, with \"quotes\" & {braces}"
    );
    assert_eq!(&rows[0][column("topics")], "screening");
    assert_eq!(
        &rows[0][column("url")],
        format!("{BASE}statements/2021-07-02-first/")
    );
}

/// The text of the `data:` URL that the link downloading `file` carries, decoded.
fn downloaded(page: &str, file: &str) -> String {
    let doc = scraper::Html::parse_document(page);
    let link = scraper::Selector::parse(&format!("a[download=\"{file}\"]")).unwrap();
    let href = doc
        .select(&link)
        .next()
        .unwrap_or_else(|| panic!("no link downloads {file}"))
        .attr("href")
        .unwrap();
    let (_, encoded) = href.split_once(";charset=utf-8,").expect("a data: URL");
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

#[test]
fn citations_parse_as_bibtex_and_csl_json() {
    let site = site();
    let dir = "statements/2023-03-04-tricky/";
    // The page offers both formats itself: no file per statement and format.
    let page = site.read(&format!("{dir}index.html"));
    assert!(!site.public().join(dir).join("cite.bib").exists());
    let bib = biblatex::Bibliography::parse(&downloaded(&page, "2023-03-04-tricky.bib"))
        .expect("the BibTeX parses");
    assert_eq!(bib.len(), 1);
    let entry = bib.iter().next().unwrap();
    assert_eq!(entry.key, "annals:2023-03-04-tricky");
    let title: String = entry
        .title()
        .unwrap()
        .iter()
        .map(|chunk| chunk.v.get().to_string())
        .collect();
    assert_eq!(title, "Statement, with \"quotes\" & {braces}");
    let url = entry.url().unwrap();
    assert_eq!(url, format!("{BASE}{dir}"));

    let csl: serde_json::Value =
        serde_json::from_str(&downloaded(&page, "2023-03-04-tricky.json")).unwrap();
    let item = &csl[0];
    assert_eq!(item["title"], "Statement, with \"quotes\" & {braces}");
    assert_eq!(item["URL"], format!("{BASE}{dir}"));
    assert_eq!(
        item["issued"]["date-parts"],
        serde_json::json!([[2023, 3, 4]])
    );
    assert_eq!(item["author"][0]["literal"], "Another Government");
}

#[test]
fn github_pages_files_follow_the_config() {
    let site = site();
    assert_eq!(site.read(".nojekyll"), "");
    assert!(!site.public().join("CNAME").exists());
    let config = format!("{}cname: archive.example.org\n", common::CONFIG);
    site.write("config.yaml", &config);
    site.build_with(Some(BASE), None).unwrap();
    assert_eq!(site.read("CNAME"), "archive.example.org\n");
    site.write(
        "config.yaml",
        &format!("{}cname: https://archive.example.org/\n", common::CONFIG),
    );
    let errors = site.build_with(Some(BASE), None).unwrap_err();
    assert!(
        errors[0].to_string().starts_with(
            "config.yaml:10:8: error: `https://archive.example.org/` is not a domain name"
        ),
        "{}",
        errors[0]
    );
}

/// The search records Pagefind wrote, decompressed, from their groups of fragments.
fn search_records(bundle: &Path) -> Vec<serde_json::Value> {
    let mut records = Vec::new();
    for text in search_files(bundle, "fragment") {
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("a Pagefind fragment");
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        // Fragments come in groups: an object of fragments by their hash.
        match value {
            serde_json::Value::Object(group) if !group.contains_key("url") => {
                records.extend(group.into_iter().map(|(_, fragment)| fragment));
            }
            fragment => records.push(fragment),
        }
    }
    records.sort_by(|a: &serde_json::Value, b| a["url"].as_str().cmp(&b["url"].as_str()));
    records
}

#[test]
fn search_indexes_statements_with_their_notes_as_sub_results() {
    let site = site();
    site.write(
        "content/statements/2021-07-02-first.annotations.yaml",
        "- id: opposes\n  quote: opposes the report\n  kind: context\n  body: The report rated the region.\n",
    );
    site.write(
        "content/statements/2024-05-06-chinese.md",
        "---\ntitle: 中文測試\ndate: 2024-05-06\nissuer: 測試\nlanguage: zh-Hant\n---\n這是用於測試的文字。\n",
    );
    site.build_with(Some(BASE), None).unwrap();
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 3);
    let records = search_records(&site.public().join("pagefind"));
    // The three statements' fragments are grouped into one file.
    let fragment_files = std::fs::read_dir(site.public().join("pagefind/fragment")).unwrap();
    assert_eq!(fragment_files.count(), 1);
    // Paths without the base path: Pagefind's script adds it, from where the bundle is.
    let urls: Vec<&str> = records.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "/statements/2021-07-02-first/",
            "/statements/2022-01-05-second/",
            "/statements/2023-03-04-tricky/",
        ]
    );
    let first = &records[0];
    assert_eq!(first["meta"]["title"], "First statement");
    assert_eq!(first["filters"]["year"], serde_json::json!(["2021"]));
    assert_eq!(first["filters"]["topic"], serde_json::json!(["Screening"]));
    assert_eq!(first["filters"]["note"], serde_json::json!(["Context"]));
    let content = first["content"].as_str().unwrap();
    assert!(content.contains("The government said it opposes the report."));
    assert!(
        content.contains("The report rated the region."),
        "{content}"
    );
    // Furniture is not the statement's text, so it is not searched either.
    assert!(!content.contains("By A Reporter"), "{content}");
    // Each paragraph is an anchor titled ¶N with no text of its own (its text is stored once,
    // in the content), and the note an anchor under a heading without the passage; the search
    // page shows both as sub-results linking to them (#pN, #a-…).
    let anchors = first["anchors"].as_array().unwrap();
    let ids: Vec<&str> = anchors.iter().map(|a| a["id"].as_str().unwrap()).collect();
    let (paragraphs, notes) = ids.split_at(ids.len() - 1);
    assert!(!paragraphs.is_empty(), "{anchors:?}");
    for (i, (id, a)) in paragraphs.iter().zip(anchors).enumerate() {
        assert_eq!(*id, format!("p{}", i + 1));
        assert_eq!(a["title"], format!("¶{}", i + 1));
        assert_eq!(a["text"], "");
    }
    assert_eq!(notes, ["a-opposes"]);
    let note = &anchors[ids.len() - 1];
    assert_eq!(note["text"], "Note 1, Context, on ¶1");
    assert!(note.get("title").is_none(), "{note:?}");

    // The Chinese statement has its own bundle, its text split into words.
    let zh: serde_json::Value =
        serde_json::from_str(&site.read("pagefind-zh-hant/pagefind-entry.json")).unwrap();
    assert_eq!(zh["languages"]["zh-hant"]["page_count"], 1);
    // A merged bundle holds index data only: the search page runs the primary's scripts.
    assert!(site.public().join("pagefind/pagefind-ui.js").is_file());
    for asset in ["pagefind-ui.js", "pagefind.js", "wasm.zh-hant.pagefind"] {
        assert!(!site.public().join("pagefind-zh-hant").join(asset).exists());
    }
    let zh_records = search_records(&site.public().join("pagefind-zh-hant"));
    let words = zh_records[0]["content"].as_str().unwrap();
    assert!(words.contains("測試\u{200b}"), "{words}");
    let search = site.read("search/index.html");
    assert!(
        search.contains("data-bundle=\"/archive/pagefind/\""),
        "{search}"
    );
    assert!(search.contains("/archive/pagefind-zh-hant/"), "{search}");
}

/// Every file of a search bundle's folder (`filter`, `fragment`, …), decompressed.
fn search_files(bundle: &Path, folder: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(bundle.join(folder)).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .unwrap();
        texts.push(String::from_utf8_lossy(&raw).into_owned());
    }
    texts
}

#[test]
fn search_filters_reach_the_index_as_text_the_ui_cannot_turn_into_markup() {
    let site = site();
    let payload = "<img src=x onerror=alert(1)> & co";
    site.write(
        "config.yaml",
        &common::CONFIG.replace("name: Screening", &format!("name: '{payload}'")),
    );
    site.write(
        "content/statements/2023-03-04-tricky.md",
        &TRICKY.replace(
            "issuer: Another Government",
            &format!("issuer: '{payload}'"),
        ),
    );
    site.build_with(Some(BASE), None).unwrap();
    let bundle = site.public().join("pagefind");
    let records = search_records(&bundle);
    let tricky = &records[2];
    // Pagefind's UI inserts filter values as HTML: they are stored escaped, and show as text.
    let escaped = "&lt;img src=x onerror=alert(1)&gt; &amp; co";
    assert_eq!(tricky["filters"]["issuer"], serde_json::json!([escaped]));
    assert_eq!(records[0]["filters"]["topic"], serde_json::json!([escaped]));
    // Titles and meta fields are shown as text: stored as the plain text they are.
    assert_eq!(tricky["meta"]["issuer"], payload);
    assert_eq!(
        tricky["meta"]["title"],
        "Statement, with \"quotes\" & {braces}"
    );
    // The filter files the filter panel is drawn from hold no markup either.
    let filters = search_files(&bundle, "filter");
    assert!(!filters.is_empty());
    for text in &filters {
        assert!(!text.contains("<img"), "{text}");
    }
    assert!(filters.iter().any(|t| t.contains(escaped)), "{filters:?}");
}

#[test]
fn search_can_be_turned_off() {
    let site = Site::fixture();
    site.write("config.yaml", &format!("{}search: false\n", common::CONFIG));
    site.build_ok();
    assert!(!site.public().join("pagefind").exists());
    assert!(!site.public().join("search").exists());
    assert!(!site.read("index.html").contains("/search/"));
    // The command line can leave search out of one build too.
    site.write("config.yaml", common::CONFIG);
    site.build_ok();
    assert!(site.public().join("pagefind").is_dir());
    let out = site.cli(&["build", "--no-search"]);
    assert!(out.status.success());
    assert!(!site.public().join("pagefind").exists());
    assert!(!site.public().join("search").exists());
}

/// A statement whose date the archive inferred: every format that gives the date says so.
const INFERRED: &str = "\
---
title: Inferred
date: 2024-05-06
date_inferred: true
date_note: The source says only \"today (6th)\".
issuer: A Government
summary: A summary.
---
Text of a statement dated only \"today (6th)\".
";

#[test]
fn an_inferred_date_is_marked_in_every_export() {
    let site = Site::fixture();
    site.write("content/statements/2024-05-06-inferred.md", INFERRED);
    site.build_with(Some(BASE), None)
        .unwrap_or_else(|ds| panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>()));
    let dir = "statements/2024-05-06-inferred/";
    let page = site.read(&format!("{dir}index.html"));
    // The record, and OpenGraph: no exact publication time, the description says why.
    assert!(page.contains("6 May 2024</time> (inferred)"), "{page}");
    assert!(page.contains("<meta property=\"og:description\" content=\"A summary. Date inferred by the archive: 6 May 2024.\">"));
    assert!(!page.contains("article:published_time"));
    let first = site.read("statements/2021-07-02-first/index.html");
    assert!(first.contains("article:published_time") && !first.contains("(inferred)"));

    // BibTeX's note and CSL-JSON's `circa` and note.
    let bib = downloaded(&page, "2024-05-06-inferred.bib");
    assert!(
        bib.contains("Date inferred by the archive: The source says only \"today (6th)\"."),
        "{bib}"
    );
    biblatex::Bibliography::parse(&bib).expect("the BibTeX parses");
    let csl: serde_json::Value =
        serde_json::from_str(&downloaded(&page, "2024-05-06-inferred.json")).unwrap();
    assert_eq!(csl[0]["issued"]["circa"], true);
    assert!(
        csl[0]["note"]
            .as_str()
            .unwrap()
            .contains("Date inferred by the archive")
    );

    // The CSV and the JSON Lines download.
    let (headers, rows) = statement_rows(&site, &[2021, 2024]);
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| &r[column("id")] == "2024-05-06-inferred")
        .unwrap();
    assert_eq!(&row[column("date_inferred")], "true");
    assert_eq!(
        &row[column("date_note")],
        "The source says only \"today (6th)\"."
    );
    assert_eq!(&rows[0][column("date_inferred")], "false");
    let bytes = std::fs::read(site.public().join("data/statements/2024.jsonl.gz")).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    let record: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(record["date_inferred"], true);

    // The Atom feed: a category and a line in the summary.
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entry = atom(&doc)
        .into_iter()
        .find(|e| link_href(*e, "alternate").ends_with(dir))
        .unwrap();
    assert!(
        entry
            .children()
            .any(|n| n.attribute("term") == Some("date-inferred"))
    );
    assert_eq!(
        child_text(entry, "summary"),
        "A summary. (Date inferred by the archive: 6 May 2024.)"
    );
}

#[test]
fn an_inferred_date_without_its_note_is_an_error() {
    let site = Site::fixture();
    site.write(
        "content/statements/2024-05-06-inferred.md",
        "---\ntitle: T\ndate: 2024-05-06\ndate_inferred: true\nissuer: G\n---\nText.\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/statements/2024-05-06-inferred.md:4:16: error: an inferred date needs a `date_note`"),
        "{}",
        errors[0]
    );
}

/// The header and the rows of the statements' CSV files of `years`, in that order; each
/// year's file has the same header.
fn statement_rows(site: &Site, years: &[i16]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut header = None;
    let mut rows = Vec::new();
    for year in years {
        let text = site.read_gz(&format!("data/statements/{year}.csv.gz"));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let this = reader.headers().unwrap().clone();
        assert_eq!(header.get_or_insert_with(|| this.clone()), &this);
        rows.extend(reader.records().map(Result::unwrap));
    }
    (header.unwrap(), rows)
}
