//! Notes that check their own facts (`annotate::facts`): a site whose notes' figures are all
//! found in their statement, a linked statement or a source's excerpt builds; one figure that
//! is found nowhere fails the build and `annals check`, located in the notes file, with the
//! previous output left as it was.

mod common;

use common::Site;

const FIGURES: &str = "\
---
title: Figures
date: 2021-08-01
issuer: A Government
---
```furniture caption
A photo taken on Jan 16, 2025.
```

In 2020, the department made about 2,000 inspections, a 3-percent rise, and prosecuted 11
agencies.
";

const OTHER: &str = "\
---
title: Other figures
date: 2021-09-01
issuer: A Government
---
The government conducted around 11,300 screenings in 2024.
";

/// Notes whose every figure is found: in the text (in other forms), in a caption, in a linked
/// statement, in a statement named as a source, and in a source's excerpt.
const GOOD_NOTES: &str = "\
- id: in-the-text
  quote: about 2,000 inspections
  kind: context
  body: |
    About 2000 inspections in 2020, up 3 percent; a photo dated 16 January 2025.
- id: in-a-linked-statement
  quote: prosecuted 11
  kind: cross-reference
  body: |
    The [later statement](@/statements/2021-09-01-other.md#p1) counts 11300 screenings.
- id: in-a-source
  quote: the department
  kind: context
  body: |
    The law took effect on 30 June 2020; the other statement counts 11,300 screenings.
  sources:
    - title: A gazette notice
      url: https://www.example.org/gazette
      excerpt: \"The Ordinance shall come into operation on June 30, 2020.\"
    - title: The other statement
      url: \"@/statements/2021-09-01-other.md\"
";

/// The same notes with four figures found nowhere.
const BAD_NOTES: &str = "\
- id: in-the-text
  quote: about 2,000 inspections
  kind: context
  body: |
    About 2100 inspections in 2020, up 4 percent; a photo dated 17 January 2025.
- id: unlinked
  quote: prosecuted 11
  kind: cross-reference
  body: |
    Another statement counts 11,300 screenings.
";

fn site() -> Site {
    let site = Site::fixture();
    site.write("content/statements/2021-08-01-figures.md", FIGURES);
    site.write("content/statements/2021-09-01-other.md", OTHER);
    site
}

#[test]
fn notes_whose_figures_are_all_found_build() {
    let site = site();
    site.write(
        "content/statements/2021-08-01-figures.annotations.yaml",
        GOOD_NOTES,
    );
    site.build_ok();
    let page = site.read("statements/2021-08-01-figures/index.html");
    for id in ["a-in-the-text", "a-in-a-linked-statement", "a-in-a-source"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
    // The page shows the excerpt the figure rests on, attributed to its source.
    assert!(
        page.contains("<blockquote class=\"note-excerpt\" cite=\"https://www.example.org/gazette\"><p>The Ordinance shall come into operation on June 30, 2020.</p><footer>— <cite>A gazette notice</cite></footer></blockquote>"),
        "{page}"
    );
    // The excerpt travels with the note in its W3C export, quoted from its source.
    let notes: serde_json::Value =
        serde_json::from_str(&site.read("statements/2021-08-01-figures/annotations.jsonld"))
            .unwrap();
    let body = notes
        .pointer("/first/items/0/body/0/value")
        .and_then(|v| v.as_str())
        .unwrap();
    assert!(
        body.ends_with("<blockquote cite=\"https://www.example.org/gazette\"><p>The Ordinance shall come into operation on June 30, 2020.</p></blockquote>"),
        "{body}"
    );
}

#[test]
fn a_figure_found_nowhere_fails_the_build_located_and_keeps_the_previous_output() {
    let site = site();
    site.write(
        "content/statements/2021-08-01-figures.annotations.yaml",
        GOOD_NOTES,
    );
    site.build_ok();
    let before = common::snapshot(&site.public());

    site.write(
        "content/statements/2021-08-01-figures.annotations.yaml",
        BAD_NOTES,
    );
    let errors = site.errors();
    let file = "content/statements/2021-08-01-figures.annotations.yaml";
    let expected = [
        format!("{file}:5:11: error: note `in-the-text`: the number 2100 (“2100”)"),
        format!("{file}:5:40: error: note `in-the-text`: the percentage 4% (“4 percent”)"),
        format!(
            "{file}:5:65: error: note `in-the-text`: the date 17 January 2025 (“17 January 2025”)"
        ),
        format!("{file}:10:30: error: note `unlinked`: the number 11300 (“11,300”)"),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, start) in errors.iter().zip(&expected) {
        assert!(
            error.starts_with(start.as_str()),
            "{error}\nexpected {start}"
        );
        assert!(
            error.contains(
                "looked in the statement's text (content/statements/2021-08-01-figures.md)"
            ),
            "{error}"
        );
    }
    assert_eq!(
        common::snapshot(&site.public()),
        before,
        "the previous output changed"
    );

    // `annals check` reports the same, all in one run.
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Check found 4 errors."), "{stderr}");
    assert!(stderr.contains(&format!("{file}:10:30")), "{stderr}");
}

#[test]
fn the_archive_s_own_notes_pass_the_check() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("check")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
