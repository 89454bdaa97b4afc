//! The exact terminal output of `annals check` (without colour) on broken sites, kept in
//! `tests/golden/*.stderr` and compared on every run, so that a message that loses its
//! position, its quoted line, its hint or its wording shows up in review.
//!
//! After an intended change of wording, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and read the diff before committing.

mod common;

use common::{Site, assert_golden};

/// Runs `annals check` on the site, expecting it to fail, and compares its stderr.
fn check_matches_golden(site: &Site, name: &str) {
    let out = site.cli(&["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_golden(&format!("{name}.stderr"), &stderr);
}

const HEAD: &str = "---\ntitle: x\ndate: 2021-08-01\nissuer: x\n---\n";

#[test]
fn config_errors_and_content_errors_together() {
    let site = Site::fixture();
    site.write(
        "config.yaml",
        &format!(
            "{}paginte_by: 5\nmenu:\n  - title: Statements\n    url: /statements/\n  - title: Run\n    url: \" JAVASCRIPT:alert(1)\"\n",
            common::CONFIG
        ),
    );
    site.write(
        "content/statements/2021-08-01-null.md",
        "---\ntitle: ~\ndate: 2021-08-01\nissuer: x\n---\nText.\n",
    );
    site.write("content/pages/typo.md", "---\ntitel: A page\n---\nText.\n");
    check_matches_golden(&site, "config_and_content");
}

#[test]
fn front_matter_tags_and_control_escapes() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-tags.md",
        "---\ntitle: !!binary aGVsbG8=\ndate: 2021-08-01\nissuer: \"A\\aB\"\ntopics: [screening]\n---\nText.\n",
    );
    check_matches_golden(&site, "front_matter");
}

#[test]
fn files_that_cannot_be_read_as_text() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-02-linker.md",
        &format!("{HEAD}See [the old one](@/statements/2021-08-01-latin1.md#p1).\n"),
    );
    std::fs::write(
        site.root().join("content/statements/2021-08-01-latin1.md"),
        b"---\ntitle: Caf\xe9\ndate: 2021-08-01\nissuer: x\n---\nText.\n",
    )
    .unwrap();
    site.write(
        "content/statements/2021-08-01-latin1.annotations.yaml",
        "- id: n\n  quote: Text\n  kind: context\n  body: A note.\n",
    );
    let fifo = std::ffi::CString::new(
        site.root()
            .join("content/statements/2021-08-03-pipe.md")
            .to_str()
            .unwrap(),
    )
    .unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink(
        "/dev/null",
        site.root().join("content/statements/2021-08-04-out.md"),
    )
    .unwrap();
    check_matches_golden(&site, "files");
}

#[test]
fn furniture_and_notes_that_do_not_anchor() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-fence.md",
        &format!("{HEAD}First paragraph.\n\n```furniture caption\nA photo.\n\nThe rest.\n"),
    );
    site.write(
        "content/statements/2021-07-02-first.annotations.yaml",
        "- id: changed\n  quote: \"the government says it opposes\"\n  kind: context\n  body: Not found.\n- id: twice\n  quote: \"the\"\n  kind: context\n  body: Ambiguous.\n",
    );
    check_matches_golden(&site, "furniture_and_notes");
}

#[test]
fn notes_whose_figures_are_found_nowhere() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-figures.md",
        &format!("{HEAD}In 2020, about 2,000 inspections found a 3-percent rise.\n"),
    );
    site.write(
        "content/statements/2021-08-01-figures.annotations.yaml",
        "- id: figures\n  quote: about 2,000 inspections\n  kind: context\n  body: |\n    About 2000 inspections in 2020, up 4 percent; 38 of 71 convicted.\n  sources:\n    - title: A report\n      url: https://www.example.org/report\n      excerpt: \"71 employers were prosecuted\"\n- id: dated\n  quote: In 2020\n  kind: context\n  body: |\n    The [first statement](@/statements/2021-07-02-first.md) was made on 2 July 2021.\n",
    );
    check_matches_golden(&site, "fact_check");
}

#[test]
fn template_errors_in_the_site_s_own_templates() {
    let site = Site::fixture();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  {{ page.title | shout }}\n  {% include \"partials/missing.html\" %}\n{% endblock %}\n",
    );
    check_matches_golden(&site, "templates");
}

#[test]
fn an_include_loop_in_the_site_s_own_templates() {
    let site = Site::fixture();
    site.write("templates/a.html", "A\n{% include \"b.html\" %}\n");
    site.write("templates/b.html", "B\n\n{% include \"a.html\" %}\n");
    check_matches_golden(&site, "template_loop");
}

#[test]
fn bad_events() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-x.md",
        &format!("{HEAD}A committee was established in March 2018.\n"),
    );
    site.write(
        "content/statements/2021-08-01-x.annotations.yaml",
        "\
- id: month
  quote: established in March 2018
  kind: context
  body: A note.
  event:
    date: 2018-13
    title: Committee established
- id: words
  quote: A committee
  kind: context
  body: A note.
  event:
    date: March 2018
    title: ''
",
    );
    check_matches_golden(&site, "bad_events");
}

#[test]
fn bad_figures() {
    let site = Site::fixture();
    site.write(
        "content/measures/screenings.md",
        "---\nname: Initial screenings\ndefinition: Initial screenings the statements report for a year.\n---\n",
    );
    site.write(
        "content/statements/2021-08-01-x.md",
        &format!("{HEAD}In 2020, the departments conducted more than 6,900 screenings and identified 3 victims.\n"),
    );
    site.write(
        "content/statements/2021-08-01-x.annotations.yaml",
        "\
- id: exact
  quote: more than 6,900 screenings
  kind: context
  body: A note.
  figure:
    measure: screenings
    value: 6900
    period: 2020
- id: wrong
  quote: identified 3 victims
  kind: context
  body: A note.
  figure:
    measure: screening
    value: 4
    period: 2020-00
",
    );
    check_matches_golden(&site, "bad_figures");
}

#[test]
fn bad_same_as() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-x.md",
        &format!("{HEAD}The department conducts about 2,000 inspections every year.\n"),
    );
    site.write(
        "content/statements/2021-08-01-x.annotations.yaml",
        "\
- id: paragraph
  quote: The department
  kind: cross-reference
  body: A paragraph the first statement does not have.
  same_as: \"@/statements/2021-07-02-first.md#p40\"
- id: file
  quote: about 2,000 inspections
  kind: cross-reference
  body: A statement that does not exist.
  same_as: \"@/statements/2021-07-02-frist.md#p1\"
- id: form
  quote: every year
  kind: cross-reference
  body: Not a link.
  same_as: statements/2021-07-02-first.md
",
    );
    check_matches_golden(&site, "bad_same_as");
}
