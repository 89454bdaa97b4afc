use super::*;

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const STATEMENT: &str =
    "---\ntitle: A statement\ndate: 2021-07-02\nissuer: A government\n---\nText.\n";

#[test]
fn loads_each_section_with_slugs_from_file_names() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nIntro.\n"),
        ("content/statements/2021/2021-07-02-First One.md", STATEMENT),
        ("content/pages/about.md", "---\ntitle: About\n---\nAbout.\n"),
        (
            "content/topics/fdh.md",
            "---\nname: Foreign domestic helpers\n---\n",
        ),
        (
            "content/entities/labour-department.md",
            "---\nname: Labour Department\nkind: department\n---\n",
        ),
        ("content/.hidden.md", "ignored"),
    ]);
    let (content, diags) = load(dir.path(), false);
    assert!(diags.is_empty(), "{:?}", diags.into_sorted());
    assert_eq!(content.home.unwrap().meta.title, "Home");
    let s = &content.statements[0];
    assert_eq!(s.slug, "2021-07-02-first-one");
    assert_eq!(s.rel, "statements/2021/2021-07-02-First One.md");
    assert_eq!(
        s.source.path,
        Path::new("content/statements/2021/2021-07-02-First One.md")
    );
    // The body is released after loading, and read again (unchanged) when needed.
    assert!(s.released.is_some());
    assert_eq!(s.source.text.len(), s.body.start);
    assert_eq!(&s.full_source().unwrap().text[s.body.clone()], "Text.\n");
    assert_eq!(content.pages[0].slug, "about");
    assert_eq!(content.topics[0].meta.name, "Foreign domestic helpers");
    assert_eq!(content.entities[0].meta.kind.as_deref(), Some("department"));
}

#[test]
fn drafts_are_set_aside_unless_asked_for() {
    let draft = STATEMENT.replace("---\nText", "draft: true\n---\nText");
    let dir = site(&[("content/statements/d.md", &draft)]);
    let (content, _) = load(dir.path(), false);
    assert!(content.statements.is_empty());
    assert_eq!(content.drafts, ["statements/d.md"]);
    let (content, _) = load(dir.path(), true);
    assert_eq!(content.statements.len(), 1);
}

#[test]
fn reports_problems_in_every_file_at_once() {
    let dir = site(&[
        (
            "content/statements/a.md",
            "---\ntitle: A\ndate: 2021-07-02\nissuer: \"\"\n---\n",
        ),
        (
            "content/statements/b.md",
            "---\ntitle: B\ndate: July 2021\nissuer: X\n---\n",
        ),
        ("content/statements/c.md", "no front matter\n"),
        ("content/stray.md", "---\ntitle: x\n---\n"),
        ("content/pages/deep/x.md", "---\ntitle: x\n---\n"),
        ("content/statements/photo.jpg", "binary"),
    ]);
    let (content, diags) = load(dir.path(), false);
    assert!(content.statements.is_empty());
    let lines: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(lines.len(), 6, "{lines:#?}");
    assert!(
        lines[0].starts_with("content/pages/deep/x.md: error: pages/deep/x.md is in a sub-folder"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("content/statements/a.md:4:9: error: `issuer` is empty"),
        "{lines:#?}"
    );
    assert!(lines[2].starts_with("content/statements/b.md:3:7: error: invalid value for `date`: `July 2021` is not a date like 2021-07-02"), "{lines:#?}");
    assert!(
        lines[3]
            .starts_with("content/statements/c.md:1:1: error: content file has no front matter"),
        "{lines:#?}"
    );
    assert!(
        lines[4].starts_with("content/statements/photo.jpg: warning:"),
        "{lines:#?}"
    );
    assert!(
        lines[5].starts_with("content/stray.md: error: stray.md is not in a content section"),
        "{lines:#?}"
    );
}

#[test]
fn a_missing_content_folder_is_an_error() {
    let dir = site(&[("config.yaml", "")]);
    let (_, diags) = load(dir.path(), false);
    assert!(diags.has_errors());
}

#[test]
fn an_empty_notes_file_means_no_notes_yet() {
    for text in ["", "# notes to come\n"] {
        let dir = site(&[
            ("content/statements/a.md", STATEMENT),
            ("content/statements/a.annotations.yaml", text),
        ]);
        let (content, diags) = load(dir.path(), false);
        assert!(diags.is_empty(), "{:?}", diags.into_sorted());
        assert_eq!(content.annotations.len(), 1);
        assert!(content.annotations[0].load().unwrap().notes.is_empty());
    }
}

#[test]
fn a_file_that_cannot_be_read_still_exists_for_links_and_notes() {
    // Root reads any file whatever its mode, so a folder named like a statement stands in for
    // a file that cannot be read: reading it fails for every user.
    let dir = site(&[]);
    let content = dir.path().join("content");
    let statement = content.join("statements/2021-07-02-x.md");
    let notes = content.join("statements/2021-07-02-x.annotations.yaml");
    std::fs::create_dir_all(&statement).unwrap();
    std::fs::create_dir_all(&notes).unwrap();
    match load_file(dir.path(), &content, &statement, None) {
        Loaded::Broken {
            rel,
            site_path,
            problems,
        } => {
            assert_eq!(rel, "statements/2021-07-02-x.md");
            assert_eq!(site_path.as_str(), "statements/2021-07-02-x/");
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0]
                    .to_string()
                    .starts_with("content/statements/2021-07-02-x.md: error: cannot read"),
                "{}",
                problems[0]
            );
        }
        _ => panic!("expected a broken file"),
    }
    // A notes file is read with its statement, in the first pass: it fails then.
    match load_file(dir.path(), &content, &notes, None) {
        Loaded::Annotations(file) => {
            assert_eq!(file.statement, "statements/2021-07-02-x.md");
            assert_eq!(file.load().unwrap_err().len(), 1);
        }
        _ => panic!("expected a notes file"),
    }
}

#[test]
fn a_statement_changed_after_loading_is_an_error_not_a_mix() {
    let dir = site(&[("content/statements/s.md", STATEMENT)]);
    let (content, _) = load(dir.path(), false);
    let s = &content.statements[0];
    std::fs::write(
        dir.path().join("content/statements/s.md"),
        STATEMENT.replace("Text", "Changed"),
    )
    .unwrap();
    let d = s.full_source().unwrap_err();
    assert_eq!(
        d.to_string(),
        "content/statements/s.md: error: the file changed while the site was being built (hint: build again once the edits are saved)"
    );
}

#[test]
fn a_versions_folder_names_its_statement() {
    assert_eq!(
        statement_of_version("statements/2025/x.versions/first.md").as_deref(),
        Some("statements/2025/x.md")
    );
    assert_eq!(statement_of_version("statements/x.md"), None);
    assert_eq!(statement_of_version("statements/x.versions/a/b.md"), None);
    assert_eq!(
        statement_of_version("statements/x.versions/notes.txt"),
        None
    );
}

#[test]
fn files_in_a_versions_folder_are_versions_not_statements() {
    let dir = site(&[
        ("content/statements/s.md", STATEMENT),
        (
            "content/statements/s.versions/first.md",
            "---\nseen: 2021-01-01\nurl: https://example.org/\n---\nOld text.\n",
        ),
    ]);
    let (content, diagnostics) = load(dir.path(), false);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(content.statements.len(), 1);
    assert_eq!(content.versions.len(), 1);
    let v = &content.versions[0];
    assert_eq!(v.rel, "statements/s.versions/first.md");
    assert_eq!(v.slug, "s");
    // The body is read again when needed, like a statement's.
    assert!(v.released.is_some());
}
