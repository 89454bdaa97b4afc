//! Builds fixture sites in temporary folders and checks the files written.

mod common;

use std::path::Path;

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
            "cite.js",
            "data/index.html",
            "data/statements.csv",
            "data/statements/2021.jsonl.gz",
            "data/statements/2022.jsonl.gz",
            "entities/index.html",
            "entities/labour-department/index.html",
            "files/report.txt",
            "index.html",
            "robots.txt",
            "search.js",
            "search/index.html",
            "sitemap.xml",
            "statements/2021-07-02-first/annotations.jsonld",
            "statements/2021-07-02-first/index.html",
            "statements/2021-07-02-first/text.txt",
            "statements/2022-01-05-second/annotations.jsonld",
            "statements/2022-01-05-second/index.html",
            "statements/2022-01-05-second/text.txt",
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
    assert_eq!(report.pages, 16);
    assert_eq!(report.size.unwrap().files, 16 + 15 + search.len() as u64);
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
        stdout.starts_with("Built 16 pages into ")
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
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Built 16 pages"));

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
