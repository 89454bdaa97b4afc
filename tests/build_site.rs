//! Builds fixture sites in temporary folders and checks the files written.

mod common;

use std::path::Path;

use annals::build::BuildOptions;
use common::{Site, broken_links, snapshot};

#[test]
fn builds_every_page_of_the_site() {
    let site = Site::fixture();
    let report = site.build_ok();
    let all: Vec<String> = snapshot(&site.public()).into_keys().collect();
    let (search, files): (Vec<String>, Vec<String>) =
        all.into_iter().partition(|f| f.starts_with("pagefind/"));
    assert_eq!(
        files,
        [
            ".nojekyll",
            "404.html",
            "about/index.html",
            "annotations/index.html",
            "atom.xml",
            "changes/atom.xml",
            "changes/index.html",
            "cite.js",
            "claims/index.html",
            "compare/2021-07-02-first/2022-01-05-second/index.html",
            "data/claims.csv.gz",
            "data/claims.jsonl.gz",
            "data/events.csv",
            "data/figures.csv",
            "data/index.html",
            "data/mentions/2021.csv.gz",
            "data/mentions/2022.csv.gz",
            "data/statements/2021.csv.gz",
            "data/statements/2021.jsonl.gz",
            "data/statements/2022.csv.gz",
            "data/statements/2022.jsonl.gz",
            "data/timeline/2021.json",
            "data/timeline/2022.json",
            "entities/index.html",
            "entities/labour-department/index.html",
            "figures/index.html",
            "files/report.txt",
            "index.html",
            "notes.js",
            "robots.txt",
            "search.js",
            "search/index.html",
            "sitemap.xml",
            "statements/2021-07-02-first/annotations.jsonld",
            "statements/2021-07-02-first/index.html",
            "statements/2022-01-05-second/annotations.jsonld",
            "statements/2022-01-05-second/index.html",
            "statements/index.html",
            "style.css",
            "syntax.css",
            "timeline/index.html",
            "topics/index.html",
            "topics/screening/atom.xml",
            "topics/screening/index.html",
        ]
    );
    for expected in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
        "pagefind/pagefind-entry.json",
    ] {
        assert!(
            search.iter().any(|f| f == expected),
            "missing {expected} in {search:?}"
        );
    }
    assert!(
        search.iter().any(|f| f.ends_with(".pf_index")),
        "{search:?}"
    );
    assert_eq!(report.pages, 21);
    // 21 pages (/figures/, /claims/ and the comparison of the two related statements among
    // them) and 23 other files (data/figures.csv, each year's statements' rows, mentions and
    // timeline, the claims' two files among them), besides the search index.
    assert_eq!(files.len(), 44);
    assert_eq!(
        report.size.unwrap().files,
        (files.len() + search.len()) as u64
    );
}

#[test]
fn statement_page_shows_record_text_links_and_neighbours() {
    let site = Site::fixture();
    site.build_ok();
    let page = site.read("statements/2021-07-02-first/index.html");
    for expected in [
        "<h1>First statement</h1>",
        "<time datetime=\"2021-07-02\">2 July 2021</time>",
        "A spokesperson",
        "Machine translation",
        "<p id=\"p1\">The government said it opposes the report.<a class=\"pn\" href=\"#p1\"",
        "<a href=\"/about/\">about page</a>",
        "<a href=\"/statements/2022-01-05-second/#p2\">the later statement</a>",
        "<a href=\"/topics/screening/\">Screening</a>",
        "<a href=\"/entities/labour-department/\">Labour Department</a>",
        "class=\"furniture furniture-byline\"",
        "rel=\"next\" href=\"/statements/2022-01-05-second/\"",
        "<link rel=\"canonical\" href=\"https://example.org/statements/2021-07-02-first/\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    // Backlinks: the second statement links here and lists nothing as related; the first lists it.
    let second = site.read("statements/2022-01-05-second/index.html");
    assert!(second.contains("Referenced by"), "{second}");
    assert!(second.contains("<a href=\"/statements/2021-07-02-first/\">First statement</a> <span class=\"muted\">statement</span>"));
    assert!(second.contains(
        "<time datetime=\"2022-01-05T10:00+08:00\">5 January 2022, 10:00 (UTC+08:00)</time>"
    ));
}

#[test]
fn a_statement_page_puts_its_text_first_and_folds_each_run_of_furniture() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-07-02-first.md",
        "---\ntitle: First statement\ndate: 2021-07-02\nissuer: A Government\n---\n\
         ```furniture headline\nA headline\n```\n\n```furniture byline\nBy A Reporter\n```\n\n\
         The first paragraph.\n\n```furniture related\nREAD MORE: elsewhere\n```\n\nThe second.\n",
    );
    site.build_ok();
    let page = site.read("statements/2021-07-02-first/index.html");
    // A skip link to the text comes first, and the full record is folded.
    let skip = page
        .find("<a class=\"skip-link\" href=\"#text\">Skip to the text</a>")
        .unwrap();
    assert!(skip < page.find("Skip to content").unwrap());
    assert!(page.contains("<details class=\"record\">"));
    assert!(page.contains("<section class=\"text\" id=\"text\""));
    // The headline and byline are one group, before the text; the related link one of its own.
    let groups: Vec<usize> = page
        .match_indices("<details class=\"furniture-group\">")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(groups.len(), 2, "{page}");
    let (p1, p2) = (
        page.find("id=\"p1\"").unwrap(),
        page.find("id=\"p2\"").unwrap(),
    );
    assert!(groups[0] < p1 && p1 < groups[1] && groups[1] < p2);
    assert!(page.contains(
        "Publisher’s page furniture <span class=\"furniture-kinds\">headline, byline</span>"
    ));
    assert!(page.contains(
        "Publisher’s page furniture <span class=\"furniture-kinds\">related link</span>"
    ));
}

#[test]
fn the_timeline_shows_every_year_and_the_reports_answered_with_their_ratings() {
    let site = Site::fixture();
    let answering = |title: &str, date: &str, year: u32, rating: &str| {
        format!(
            "---\ntitle: {title}\ndate: {date}\nissuer: A Government\nresponds_to:\n  document: The Report\n  year: {year}\n  rating: {rating}\n---\nText.\n"
        )
    };
    site.write(
        "content/statements/2026-07-01-answer.md",
        &answering("An answer", "2026-07-01", 2026, "Tier 3"),
    );
    site.write(
        "content/statements/2031-07-01-later.md",
        &answering("A later answer", "2031-07-01", 2030, "Tier 2"),
    );
    site.build_ok();
    let timeline = site.read("timeline/index.html");
    // Runs of three empty years (2023 to 2025, and 2027 to 2029: 2030 has the report the 2031
    // statement answers) are listed year by year, each marked.
    for year in [2023, 2024, 2025, 2027, 2028, 2029] {
        assert!(
            timeline.contains(&format!(
                "<span class=\"empty-year\">{year}<span class=\"visually-hidden\">: nothing in the archive</span></span>"
            )),
            "{year} not marked empty: {timeline}"
        );
        assert!(timeline.contains(&format!("<h2 id=\"y{year}\">{year}</h2>")));
    }
    for year in [2021, 2022, 2026, 2030, 2031] {
        assert!(
            timeline.contains(&format!("<a href=\"#y{year}\">{year}</a>")),
            "no link to {year}"
        );
    }
    // Each report in its own year, with the rating the answering statement records.
    let report = |year: u32| {
        timeline
            .find(&format!("<strong>The Report {year}</strong>"))
            .unwrap()
    };
    let in_year = |year: u32| timeline.find(&format!("id=\"y{year}\"")).unwrap();
    assert!(in_year(2026) < report(2026) && report(2026) < in_year(2027));
    assert!(in_year(2030) < report(2030) && report(2030) < in_year(2031));
    assert!(timeline.contains("Rating given: <strong>Tier 3</strong> · answered by <a href=\"/statements/2026-07-01-answer/\">An answer</a>"));
    assert!(timeline.contains("Rating given: <strong>Tier 2</strong> · answered by <a href=\"/statements/2031-07-01-later/\">A later answer</a>"));
}

#[test]
fn a_long_run_of_empty_years_is_one_entry() {
    let site = Site::fixture();
    site.write(
        "content/statements/2030-01-01-late.md",
        "---\ntitle: Late\ndate: 2030-01-01\nissuer: A Government\n---\nText.\n",
    );
    site.build_ok();
    let timeline = site.read("timeline/index.html");
    assert!(
        timeline.contains("<h2 id=\"y2023\">2023–2029</h2>"),
        "{timeline}"
    );
    assert!(timeline.contains("No statement in the archive in these years"));
    assert!(!timeline.contains("id=\"y2024\""));
}

#[test]
fn lists_group_by_year_newest_first_and_the_timeline_oldest_first() {
    let site = Site::fixture();
    site.build_ok();
    let list = site.read("statements/index.html");
    let (y2022, y2021) = (
        list.find("id=\"y2022\"").unwrap(),
        list.find("id=\"y2021\"").unwrap(),
    );
    assert!(y2022 < y2021);
    let timeline = site.read("timeline/index.html");
    let (first, second) = (
        timeline.find("First statement").unwrap(),
        timeline.find("Second statement").unwrap(),
    );
    assert!(first < second);
    assert!(timeline.contains("<a href=\"#y2021\">2021</a>"));
    let term = site.read("topics/screening/index.html");
    assert!(term.contains("2 statements"), "{term}");
    let entities = site.read("entities/index.html");
    assert!(
        entities.contains("Labour Department</a> <span class=\"count\""),
        "{entities}"
    );
}

#[test]
fn every_internal_link_resolves_at_the_domain_root() {
    let site = Site::fixture();
    site.build_ok();
    assert_eq!(
        broken_links(&site.public(), "https://example.org", "/"),
        Vec::<String>::new()
    );
}

#[test]
fn every_internal_link_carries_a_sub_path_base_url() {
    let site = Site::fixture();
    site.build_with(Some("https://example.github.io/archive/"), None)
        .unwrap();
    assert_eq!(
        broken_links(&site.public(), "https://example.github.io", "/archive/"),
        Vec::<String>::new()
    );
    let page = site.read("statements/2021-07-02-first/index.html");
    assert!(
        page.contains("<a href=\"/archive/about/\">about page</a>"),
        "editor's root-relative link not rewritten"
    );
    assert!(page.contains("href=\"/archive/style.css\""));
    assert!(!page.contains("href=\"/about/\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::fixture();
    let out_a = site.root().join("out-a");
    // The second into another file system where there is one in memory (Linux's /dev/shm).
    let shm = Path::new("/dev/shm");
    let other = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let out_b = other.path().join("out-b");
    site.build_with(None, Some(&out_a)).unwrap();
    site.build_with(None, Some(&out_b)).unwrap();
    let (a, b) = (snapshot(&out_a), snapshot(&out_b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

#[test]
fn raw_script_in_a_statement_comes_out_escaped() {
    let site = Site::fixture();
    site.build_ok();
    let page = site.read("statements/2021-07-02-first/index.html");
    assert!(
        page.contains("It also wrote &lt;script&gt;alert('archived')&lt;/script&gt; in its text."),
        "{page}"
    );
    // The only scripts are the theme's own files and JSON-LD data.
    for (path, bytes) in snapshot(&site.public()) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            for (i, _) in html.match_indices("<script") {
                let tag = &html[i..i + html[i..].find('>').unwrap()];
                assert!(
                    tag.contains("type=\"application/ld+json\"") || tag.contains(" src=\"/"),
                    "{path} has an inline script: {tag}"
                );
            }
        }
    }
}

#[test]
fn raw_html_passes_through_only_when_the_site_opts_in() {
    let site = Site::fixture();
    site.write(
        "config.yaml",
        &format!("{}markdown:\n  unsafe_html: true\n", common::CONFIG),
    );
    site.build_ok();
    let page = site.read("statements/2021-07-02-first/index.html");
    assert!(page.contains("<script>alert('archived')</script>"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture();
    site.build_ok();
    let before = snapshot(&site.public());
    site.write(
        "content/statements/2022-01-05-second.md",
        "---\ntitle: Broken\ndate: someday\n---\n",
    );
    assert!(site.build().is_err());
    assert_eq!(snapshot(&site.public()), before);
    // Only the build's own lock and staging folder sit beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| n == ".public.annals-lock" || n == ".public.annals-staging"),
        "unexpected files beside the output: {leftovers:?}"
    );
}

#[test]
fn a_folder_of_other_files_is_never_replaced() {
    let site = Site::fixture();
    site.write("notes/thesis.txt", "months of work\n");
    let out = site.cli(&["build", "--output", "notes"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already holds files that annals did not write"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("notes/thesis.txt")).unwrap(),
        "months of work\n"
    );
    // An empty folder is fine, and once annals has built there, rebuilding is too.
    std::fs::create_dir(site.root().join("fresh")).unwrap();
    for _ in 0..2 {
        let out = site.cli(&["build", "--output", "fresh"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(site.root().join("fresh/index.html").is_file());
}

#[test]
fn a_template_error_during_rendering_also_leaves_the_output_untouched() {
    let site = Site::fixture();
    site.build_ok();
    let before = snapshot(&site.public());
    site.write(
        "templates/term.html",
        "{% extends \"base.html\" %}{% block main %}{{ term.nmae }}{% endblock main %}",
    );
    let errors = site.build().unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .to_string()
            .starts_with("templates/term.html:1:50: error: template error"),
        "{}",
        errors[0]
    );
    assert_eq!(snapshot(&site.public()), before);
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = Site::fixture();
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{% endblock main %}");
    site.write("static/style.css", "body { color: red }\n");
    site.build_ok();
    assert!(
        site.read("about/index.html")
            .contains("<h1 class=\"custom\">About</h1>")
    );
    assert_eq!(site.read("style.css"), "body { color: red }\n");
}

#[test]
fn collisions_name_both_sources() {
    let site = Site::fixture();
    site.write("content/pages/statements.md", "---\ntitle: Clash\n---\n");
    site.write("static/about/index.html", "<p>clash</p>");
    let errors = site.errors();
    assert!(
        errors.iter().any(|e| e.contains(
            "/statements/index.html: the statement list and content/pages/statements.md"
        )),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e
                .contains("/about/index.html: content/pages/about.md and static/about/index.html")),
        "{errors:#?}"
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = Site::fixture();
    site.write(
        "content/statements/2023-01-01-draft.md",
        "---\ntitle: Draft\ndate: 2023-01-01\nissuer: X\ndraft: true\n---\nDraft text.\n",
    );
    site.build_ok();
    assert!(!site.public().join("statements/2023-01-01-draft").exists());
    let out = site.cli(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        site.public()
            .join("statements/2023-01-01-draft/index.html")
            .exists()
    );
}

#[test]
fn broken_site_links_are_located() {
    let site = Site::fixture();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [the list](/statments/).\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/pages/about.md:4:16: error: broken link `/statments/`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("did you mean `/statements/`?"),
        "{}",
        errors[0]
    );
}

#[test]
fn anchors_on_site_path_links_are_checked() {
    let site = Site::fixture();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [one](/statements/2021-07-02-first/#p1) and\n[two](/statements/2021-07-02-first/#p99).\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/pages/about.md:5:7: error: broken anchor `#p99`"),
        "{}",
        errors[0]
    );
}

#[test]
fn the_default_menu_leaves_out_about_when_there_is_no_such_page() {
    let site = Site::fixture();
    site.build_ok();
    assert!(site.read("index.html").contains(">About</a>"));
    std::fs::remove_file(site.root().join("content/pages/about.md")).unwrap();
    site.write(
        "content/statements/2021-07-02-first.md",
        &common::STATEMENT_A.replace("[about page](/about/)", "about page"),
    );
    site.build_ok();
    let home = site.read("index.html");
    assert!(home.contains(">Timeline</a>"));
    assert!(!home.contains(">About</a>"));
}

#[test]
fn a_written_menu_entry_to_a_missing_page_is_located() {
    let site = Site::fixture();
    let config = format!(
        "{}menu:\n  - title: Home\n    url: /\n  - title: Team\n    url: /team/\n",
        common::CONFIG
    );
    site.write("config.yaml", &config);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "config.yaml:14:10: error: menu entry `/team/` links to a page the site does not have"
        ),
        "{}",
        errors[0]
    );
}

#[test]
fn cli_prints_one_summary_line_on_success() {
    let site = Site::fixture();
    let out = site.cli(&["build"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("Built 21 pages into ")
            && stdout.contains(" files, ")
            && stdout.contains(" MB (<0.1% of GitHub Pages' 1 GB)"),
        "{stdout}"
    );
    // Not a terminal: no progress display.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn quiet_prints_nothing_and_verbose_prints_each_stage() {
    let site = Site::fixture();
    let out = site.cli(&["build", "--quiet"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    assert!(site.public().join("index.html").is_file());
    let out = site.cli(&["check", "-q"]);
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty());

    let out = site.cli(&["build", "--verbose"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for stage in ["load content", "render pages, index for search"] {
        assert!(stderr.contains(&format!(" ms  {stage}\n")), "{stderr}");
    }
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Built 21 pages"));

    // Errors are printed whatever the verbosity.
    site.write(
        "content/statements/2022-01-05-second.md",
        "---\ntitle: x\n---\n",
    );
    let out = site.cli(&["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2022-01-05-second.md"));
}

#[test]
fn cli_reports_every_located_error_and_exits_1() {
    let site = Site::fixture();
    site.write(
        "content/statements/2022-01-05-second.md",
        "---\ntitle: Second\ndate: 2022-01-05\nissuer: X\ntopcis: [screening]\n---\nText.\n",
    );
    site.write(
        "content/statements/2023-01-01-third.md",
        "---\ntitle: Third\ndate: 2023-13-01\nissuer: X\n---\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n[x](@/statements/nope.md)\n",
    );
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "content/statements/2022-01-05-second.md:5:1",
        "unknown front matter key `topcis`",
        "did you mean `topics`?",
        "topcis: [screening]",
        "content/statements/2023-01-01-third.md:3:7",
        "`2023-13-01` is not a date like 2021-07-02",
        "content/pages/about.md:4:5",
        "broken link `@/statements/nope.md`",
        "Build failed with 3 errors",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"));
}

#[test]
fn cli_refuses_to_build_over_the_site_itself() {
    let site = Site::fixture();
    let out = site.cli(&["build", "--output", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to build into"));
    assert!(site.root().join("content/pages/about.md").exists());
}

#[test]
fn config_errors_name_the_key_line_and_closest_key() {
    let site = Site::fixture();
    site.write(
        "config.yaml",
        &common::CONFIG.replace("description:", "descripton:"),
    );
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("config.yaml:2:1"), "{stderr}");
    assert!(
        stderr.contains("unknown config key `descripton`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `description`?"), "{stderr}");
}

#[test]
fn a_site_without_a_theme_folder_uses_the_built_in_theme() {
    let site = Site::fixture();
    assert!(!site.root().join("themes").exists());
    site.build_ok();
    assert!(site.read("style.css").contains("Annals default theme"));
}

#[test]
fn the_report_gives_the_size_of_the_site_as_written() {
    let site = Site::fixture();
    let report = site.build_ok();
    let (mut files, mut bytes) = (0, 0);
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().unwrap().len();
        }
    }
    let size = report.size.expect("a build reports its size");
    assert_eq!((size.files, size.bytes), (files, bytes));
    // A second build into the same folder rewrites nothing, and reports the same size.
    assert_eq!(site.build_ok().size, Some(size));
}

#[test]
fn every_list_page_shows_exactly_the_statements_its_plan_names() {
    use annals::build::{BuildOptions, build_site};
    use annals::plan::Job;

    let site = Site::fixture();
    site.write(
        "config.yaml",
        &format!("{}paginate_by: 3\n", common::CONFIG),
    );
    for day in 1..=8 {
        site.write(
            &format!("content/statements/2023-05-0{day}-extra.md"),
            &format!(
                "---\ntitle: Extra {day}\ndate: 2023-05-0{day}\nissuer: A Government\ntopics: [screening]\n---\nText {day}.\n"
            ),
        );
    }
    let (_, built) = build_site(&BuildOptions::new(site.root())).unwrap();
    let card = scraper::Selector::parse("li.card .card-title a").unwrap();
    let mut lists = 0;
    for p in &built.planned {
        if !matches!(p.job, Job::Home | Job::StatementList(_) | Job::Term(..)) {
            continue;
        }
        lists += 1;
        let html = site.read(p.output.as_str());
        let doc = scraper::Html::parse_document(&html);
        let shown: Vec<&str> = doc
            .select(&card)
            .filter_map(|a| a.value().attr("href"))
            .collect();
        let planned: Vec<String> = p
            .shows
            .iter()
            .map(|&id| format!("/{}", built.archive.statements[id].url()))
            .collect();
        assert_eq!(shown, planned, "{}", p.output.as_str());
        assert!(!shown.is_empty(), "{}", p.output.as_str());
    }
    // The home page; four pages of the ten statements and four of the topic's ten, three a
    // page; the entity's one page.
    assert_eq!(lists, 1 + 4 + 4 + 1, "{lists}");
}

/// The second pass renders a statement's text again when the first did not keep it (past the
/// memory budget, as in any large archive): every file must come out as from a text held.
#[test]
fn texts_rendered_again_write_the_same_site_as_texts_held() {
    use annals::model::Hold;
    let fixture = Site::fixture();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let roots = [
        fixture.root().to_path_buf(),
        repo.to_path_buf(),
        repo.join("tests/fixtures/search"),
    ];
    let out = tempfile::tempdir().unwrap();
    for (i, root) in roots.iter().enumerate() {
        let build = |hold: Hold, name: &str| {
            let output = out.path().join(format!("{i}-{name}"));
            annals::build::build(&BuildOptions {
                root: root.clone(),
                output: Some(output.clone()),
                hold,
                ..BuildOptions::new(".")
            })
            .unwrap_or_else(|d| panic!("{}: {d:?}", root.display()));
            snapshot(&output)
        };
        let (held, again) = (build(Hold::Every, "held"), build(Hold::UpTo(0), "again"));
        assert_eq!(
            held.keys().collect::<Vec<_>>(),
            again.keys().collect::<Vec<_>>()
        );
        assert!(held.keys().any(|p| p.ends_with(".jsonl.gz")));
        for (path, bytes) in &held {
            assert!(bytes == &again[path], "{}: {path} differs", root.display());
        }
    }
}
