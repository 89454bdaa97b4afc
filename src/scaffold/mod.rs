//! Starting points for editors: `annals init` writes a new archive that builds as it is, and
//! `annals new statement` writes a statement file with its front matter filled in and the
//! optional fields shown as comments.

use std::path::{Path, PathBuf};

use crate::content;
use crate::date::ArchiveDate;
use crate::diagnostics::Diagnostic;
use crate::urls::slugify;

const CONFIG: &str = r#"# The archive's configuration; see the README for every key.
title: My archive
description: An annotated archive of public statements.
# The address the site is published at; `annals build --base-url` overrides it.
base_url: https://example.org/
language: en
publisher:
  name: The editors
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
taxonomies:
  topics:
    terms:
      - slug: example-topic
        name: Example topic
        description: Statements on one subject. Declare topics here or in content/topics/.
"#;

const HOME: &str = r#"---
title: My archive
---
What this archive collects, and why. Each statement is kept verbatim; the editors' notes are
shown beside the passages they concern.
"#;

const ABOUT: &str = r#"---
title: About this archive
---
Who keeps this archive, how statements are chosen and transcribed, and how to get in touch.
"#;

/// A statement file for `date`: the front matter given, then the optional fields as comments.
fn statement_file(title: &str, date: &str, issuer: &str, body: &str) -> String {
    format!(
        r#"---
title: {title}
date: {date}
issuer: {issuer}
draft: true                     # remove this line when the statement is ready to publish
# speaker: A spokesperson
# summary: One or two sentences on what the statement says.
# date_note: How the date was established, when the source does not give it in full.
# date_inferred: true           # when the date is the archive's inference (say how in date_note)
# framing: {{ first: 1, last: 2 }}  # paragraphs that are the news report's own lead, not the statement
# language: en                  # the language of the text as archived
# source:
#   publisher: The newspaper or site that carried it
#   author: Its reporter
#   title: Its headline
#   url: https://example.org/the-report
#   published: {date}T10:00
#   updated: {date}T11:00
#   retrieved: {date}
#   translation: none           # none | official | machine | editorial
#   original_language: zh
# responds_to:
#   document: The report the statement answers
#   year: 2025
#   rating: The rating it gave
# topics: [example-topic]
# entities: [an-entity-slug]
# related: ["@/statements/2021-07-02-another-statement.md"]
---
{body}"#
    )
}

const EXAMPLE_NOTES: &str = r#"# Notes on the example statement. Each quotes the passage it is about, exactly as it reads.
- id: verbatim
  quote: verbatim text
  kind: context                 # context | fact-check | translation | cross-reference | correction | definition
  body: |
    An example note. Notes say what a reader needs to know about a passage, drawing only on
    the archive's documents or on a source's excerpt, quoted word for word. Every number,
    percentage and date in a note must be found in one of them, or the build fails.
  sources:
    - title: The archive's about page
      url: "@/pages/about.md"
    # - title: A source you have read
    #   url: https://example.org/source
    #   excerpt: The passage the note rests on, quoted verbatim.
"#;

/// YAML for a plain string value, quoted when it needs to be.
fn yaml_string(value: &str) -> String {
    serde_yaml::to_string(value)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{value:?}"))
}

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// The archive's `.gitignore`: the built site and the build's staging folder stay out of git.
const GITIGNORE: &str = include_str!("gitignore");

/// The archive's README: how to edit it and how it is published.
const README: &str = include_str!("README.md");

/// The archive's GitHub Pages workflow, which installs this version of Annals from its release.
const PAGES_WORKFLOW: &str = include_str!("pages.yml");

/// Where this version's release archives are published (Cargo.toml's `repository`).
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// A template of the scaffold with this version of Annals and its repository filled in.
fn fill(template: &str) -> String {
    template
        .replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{repository}", REPOSITORY)
}

/// Writes a new archive into `dir`; returns how many files were written. A folder that is not
/// empty is refused unless `force`, and even then no existing file is replaced.
pub fn init(dir: &Path, force: bool) -> Result<usize, Vec<Diagnostic>> {
    let not_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if not_empty && !force {
        return Err(vec![
            Diagnostic::error(format!("{} is not empty", dir.display()))
                .hint("choose a new or empty folder, or pass --force to add the files that are missing (none is replaced)"),
        ]);
    }
    let date = today();
    let example = format!("content/statements/{date}-example-statement");
    let statement = statement_file(
        "An example statement",
        &date,
        "An example government",
        "Replace this paragraph with the statement's verbatim text, and the front matter with what\nthe source says.\n\nKeep the text as published, errors included: the archive's notes are where corrections\nand context go.\n",
    )
    .replace(
        "draft: true                     # remove this line when the statement is ready to publish\n",
        "",
    );
    let files = [
        ("config.yaml".to_string(), CONFIG.to_string()),
        ("content/_index.md".into(), HOME.into()),
        ("content/pages/about.md".into(), ABOUT.into()),
        (format!("{example}.md"), statement),
        (format!("{example}.annotations.yaml"), EXAMPLE_NOTES.into()),
        (".gitignore".into(), GITIGNORE.into()),
        ("README.md".into(), fill(README)),
        (".github/workflows/pages.yml".into(), fill(PAGES_WORKFLOW)),
    ];
    let mut written = 0;
    for (rel, text) in files {
        let path = dir.join(&rel);
        if path.exists() {
            continue;
        }
        write_new(&path, &text)?;
        written += 1;
    }
    Ok(written)
}

/// Writes `content/statements/<date>-<slug>.md` in the site at `root`, as a draft; returns its
/// path. An existing file is never replaced.
pub fn new_statement(
    root: &Path,
    title: &str,
    date: Option<&str>,
    issuer: Option<&str>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    if !root.join("config.yaml").is_file() {
        return Err(vec![
            Diagnostic::error(format!("{} has no config.yaml", root.display()))
                .hint("run annals new in the archive's folder, or pass --root DIR"),
        ]);
    }
    let date = match date {
        Some(d) => ArchiveDate::parse(d)
            .map_err(|e| vec![Diagnostic::error(format!("invalid --date `{d}`: {e}"))])?
            .date
            .to_string(),
        None => today(),
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(vec![
            Diagnostic::error(format!("the title `{title}` gives an empty file name"))
                .hint("use a title with letters or digits"),
        ]);
    }
    let issuer = match issuer {
        Some(i) => i.to_string(),
        None => newest_issuer(root).unwrap_or_else(|| "The issuer".to_string()),
    };
    let path = root
        .join("content/statements")
        .join(format!("{date}-{slug}.md"));
    if path.exists() {
        return Err(vec![
            Diagnostic::error(format!("{} already exists", path.display()))
                .hint("choose another title or date, or edit the existing file"),
        ]);
    }
    let text = statement_file(
        &yaml_string(title),
        &date,
        &yaml_string(&issuer),
        "Paste the statement's text here, verbatim.\n",
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// The issuer of the archive's newest statement: most archives follow one issuer.
fn newest_issuer(root: &Path) -> Option<String> {
    let (content, _) = content::load(root, true);
    content
        .statements
        .into_iter()
        .max_by(|a, b| (a.meta.date, &a.slug).cmp(&(b.meta.date, &b.slug)))
        .map(|s| s.meta.issuer)
}

/// Creates `path` with `text`, failing if it exists.
fn write_new(path: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
    let fail = |e: &std::io::Error| vec![Diagnostic::io("write", path, e)];
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(&e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| fail(&e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_for_yaml_when_needed() {
        assert_eq!(yaml_string("Plain title"), "Plain title");
        let tricky = "Reply: \"no\" # not a comment";
        let back: String = serde_yaml::from_str(&yaml_string(tricky)).unwrap();
        assert_eq!(back, tricky);
    }

    #[test]
    fn init_refuses_a_folder_with_files_unless_forced_and_keeps_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.yaml"), "mine\n").unwrap();
        assert!(init(dir.path(), false).is_err());
        assert_eq!(init(dir.path(), true).unwrap(), 7);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("config.yaml")).unwrap(),
            "mine\n"
        );
    }

    #[test]
    fn the_pages_workflow_installs_this_version_from_its_release() {
        let workflow = fill(PAGES_WORKFLOW);
        assert!(!workflow.contains("{version}") && !workflow.contains("{repository}"));
        let yaml: serde_yaml::Value = serde_yaml::from_str(&workflow).unwrap();
        let env = &yaml["env"];
        assert_eq!(
            env["ANNALS_VERSION"].as_str(),
            Some(env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(
            env["ANNALS_RELEASES"].as_str(),
            Some(format!("{REPOSITORY}/releases/download").as_str())
        );
        assert!(workflow.contains("sha256sum --check"), "{workflow}");
        assert!(
            !workflow.contains("cargo "),
            "nothing is compiled: {workflow}"
        );
    }

    #[test]
    fn new_refuses_to_replace_a_file_and_checks_the_date() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path(), false).unwrap();
        let path = new_statement(dir.path(), "A reply", Some("2024-03-01"), None).unwrap();
        assert!(path.ends_with("content/statements/2024-03-01-a-reply.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("issuer: An example government\n"), "{text}");
        assert!(new_statement(dir.path(), "A reply", Some("2024-03-01"), None).is_err());
        assert!(new_statement(dir.path(), "Other", Some("March 2024"), None).is_err());
    }
}
