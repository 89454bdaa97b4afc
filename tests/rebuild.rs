//! Rebuilding after edits (what `annals serve` does): after each edit, the folder updated in
//! place must hold exactly what a fresh full build of the same files writes.

mod common;

use std::path::{Path, PathBuf};

use annals::build::{BuildOptions, build};
use annals::rebuild::{Finishing, Outcome, Session};
use common::{Site, snapshot};

const BASE: &str = "http://127.0.0.1:1111/archive/";

/// Seven statements over four years, with topics, notes, cross-links and `related`, in lists of
/// two per page, so that one statement's change touches some pages of each kind but not all.
fn site() -> Site {
    let site = Site::empty();
    site.write(
        "config.yaml",
        "title: Edits\nbase_url: https://example.org/archive/\npaginate_by: 2\nfeed_limit: 3\ntaxonomies:\n  topics:\n    terms:\n      - {slug: alpha, name: Alpha}\n      - {slug: beta, name: Beta}\n",
    );
    for n in 1..=7 {
        let year = 2019 + n / 2;
        let topic = if n % 2 == 0 { "alpha" } else { "beta" };
        let related = if n == 6 {
            "related: [\"@/statements/s3.md\"]\n"
        } else {
            ""
        };
        site.write(
            &format!("content/statements/s{n}.md"),
            &format!(
                "---\ntitle: Statement {n}\ndate: {year}-0{n}-10\nissuer: Issuer\ntopics: [{topic}]\n{related}---\nFirst paragraph of statement {n}, with a passage to note.\n\nSecond paragraph of statement {n}.\n"
            ),
        );
        if n % 3 != 0 {
            site.write(
                &format!("content/statements/s{n}.annotations.yaml"),
                &format!(
                    "- id: passage\n  quote: a passage to note\n  kind: context\n  body: A note on statement {n}.\n"
                ),
            );
        }
    }
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [statement 3](@/statements/s3.md#p2).\n",
    );
    site
}

fn options(site: &Site, output: PathBuf) -> BuildOptions {
    BuildOptions {
        root: site.root().to_path_buf(),
        output: Some(output),
        base_url: Some(BASE.into()),
        no_search: true,
        ..BuildOptions::new(".")
    }
}

/// Asserts that `served` holds what a full build writes now.
fn assert_same_as_full_build(site: &Site, served: &Path) {
    let fresh = site.root().join("fresh");
    build(&options(site, fresh.clone()))
        .unwrap_or_else(|ds| panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>()));
    let (got, want) = (snapshot(served), snapshot(&fresh));
    let differ: std::collections::BTreeSet<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "files that differ from a full build: {differ:?}"
    );
}

struct Editing {
    site: Site,
    session: Session,
    served: PathBuf,
    /// Whether the last edit's `finish` built the whole site (its recurring claims changed).
    finished_with_build: bool,
}

impl Editing {
    fn start() -> Editing {
        let site = site();
        let served = site.root().join("served");
        let mut session = Session::new(options(&site, served.clone()));
        session.build().unwrap();
        Editing {
            site,
            session,
            served,
            finished_with_build: false,
        }
    }

    /// Writes `text` to `rel`, rebuilds, and checks the result against a full build.
    fn edit(&mut self, rel: &str, text: Option<&str>) -> Outcome {
        let path = self.site.root().join(rel);
        match text {
            Some(text) => self.site.write(rel, text),
            None => std::fs::remove_file(&path).unwrap(),
        }
        let outcome = self.session.rebuild(&[path]).unwrap_or_else(|ds| {
            panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>())
        });
        let finished = self.session.finish().unwrap_or_else(|ds| {
            panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>())
        });
        self.finished_with_build = matches!(finished, Some(Outcome::Built(_)));
        assert_same_as_full_build(&self.site, &self.served);
        outcome
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.root().join(rel)).unwrap()
    }

    /// A file of the served output.
    fn read_output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.served.join(rel)).unwrap()
    }
}

fn updated(outcome: &Outcome) -> usize {
    match outcome {
        Outcome::Updated { pages, .. } => *pages,
        Outcome::Built(_) => panic!("expected an update of one statement, got a full build"),
    }
}

#[test]
fn an_edit_of_a_statement_text_updates_its_pages_only() {
    let mut e = Editing::start();
    let text = e.read("content/statements/s3.md").replace(
        "Second paragraph of statement 3.",
        "Second paragraph of statement 3, edited.",
    );
    let pages = updated(&e.edit("content/statements/s3.md", Some(&text)));
    assert!(
        pages < 10,
        "{pages} pages rendered for a change of one paragraph"
    );
    // Its first paragraph is its summary on every list: those lists are rendered too.
    let text = e.read("content/statements/s3.md").replace(
        "First paragraph of statement 3, with a passage to note.",
        "An opening paragraph that changes the summary.",
    );
    updated(&e.edit("content/statements/s3.md", Some(&text)));
}

#[test]
fn notes_can_be_edited_added_and_removed() {
    let mut e = Editing::start();
    let notes = "content/statements/s4.annotations.yaml";
    let edited = e
        .read(notes)
        .replace("A note on statement 4.", "An edited note.");
    updated(&e.edit(notes, Some(&edited)));
    let more = format!(
        "{edited}- id: second\n  quote: Second paragraph\n  kind: context\n  body: Another note.\n"
    );
    updated(&e.edit(notes, Some(&more)));
    // Removing a statement's last note, or giving notes to one that had none, changes how
    // many pages the notes index has: the whole site is built, and must come out the same.
    e.edit(notes, None);
    e.edit(
        "content/statements/s6.annotations.yaml",
        Some("- id: new\n  quote: First paragraph\n  kind: translation\n  body: New.\n"),
    );
}

#[test]
fn a_new_link_updates_the_page_it_points_to() {
    let mut e = Editing::start();
    let text = e.read("content/statements/s1.md").replace(
        "Second paragraph of statement 1.",
        "Second paragraph of statement 1, citing [statement 5](@/statements/s5.md#p1).",
    );
    updated(&e.edit("content/statements/s1.md", Some(&text)));
    assert!(
        std::fs::read_to_string(e.served.join("statements/s5/index.html"))
            .unwrap()
            .contains("Statement 1")
    );
}

#[test]
fn a_removed_link_updates_the_page_it_pointed_to() {
    let mut e = Editing::start();
    let cited = "Second paragraph of statement 1, citing [statement 5](@/statements/s5.md#p1).";
    let text = e
        .read("content/statements/s1.md")
        .replace("Second paragraph of statement 1.", cited);
    updated(&e.edit("content/statements/s1.md", Some(&text)));
    let s5 = e.served.join("statements/s5/index.html");
    let page = || std::fs::read_to_string(&s5).unwrap();
    assert!(page().contains("Statement 1"));
    // The link goes again: statement 5 no longer lists statement 1 among its backlinks.
    let text = text.replace(cited, "Second paragraph of statement 1.");
    updated(&e.edit("content/statements/s1.md", Some(&text)));
    assert!(!page().contains("Statement 1"));
}

#[test]
fn an_edit_that_breaks_an_anchor_linked_from_elsewhere_is_an_error() {
    let mut e = Editing::start();
    // The about page links to statement 3's second paragraph; statement 3 loses it.
    let text = e
        .read("content/statements/s3.md")
        .replace("\n\nSecond paragraph of statement 3.\n", "\n");
    e.site.write("content/statements/s3.md", &text);
    let path = e.site.root().join("content/statements/s3.md");
    let errors = e.session.rebuild(std::slice::from_ref(&path)).unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .starts_with("content/pages/about.md:4:19: error: broken anchor `#p2`"),
        "{}",
        errors[0]
    );
}

#[test]
fn other_changes_build_the_whole_site() {
    let mut e = Editing::start();
    let text = e
        .read("content/statements/s2.md")
        .replace("title: Statement 2", "title: Statement two");
    assert!(matches!(
        e.edit("content/statements/s2.md", Some(&text)),
        Outcome::Built(_)
    ));
    let outcome = e.edit(
        "content/pages/about.md",
        Some("---\ntitle: About us\n---\nAbout.\n"),
    );
    assert!(matches!(outcome, Outcome::Built(_)));
    assert!(matches!(
        e.edit("content/statements/s6.md", None),
        Outcome::Built(_)
    ));
}

#[test]
fn an_error_keeps_the_last_good_site_until_the_file_is_fixed() {
    let mut e = Editing::start();
    let before = snapshot(&e.served);
    let notes = "content/statements/s1.annotations.yaml";
    let good = e.read(notes);
    e.site.write(
        notes,
        &good.replace("a passage to note", "a passage nowhere"),
    );
    let path = e.site.root().join(notes);
    let errors = e.session.rebuild(std::slice::from_ref(&path)).unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .starts_with("content/statements/s1.annotations.yaml:2:10: error: the quote of note `passage` is not in the statement's text"),
        "{}",
        errors[0]
    );
    assert_eq!(snapshot(&e.served), before);
    // Fixed, the site builds again.
    assert!(matches!(e.edit(notes, Some(&good)), Outcome::Built(_)));
}

#[test]
fn a_file_name_with_dots_keeps_its_notes() {
    let mut e = Editing::start();
    e.site.write(
        "content/statements/s8.v2.md",
        "---\ntitle: Statement 8\ndate: 2024-09-10\nissuer: Issuer\ntopics: [alpha]\n---\nFirst paragraph of statement 8, with a passage to note.\n\nSecond.\n",
    );
    e.site.write(
        "content/statements/s8.v2.annotations.yaml",
        "- id: passage\n  quote: a passage to note\n  kind: context\n  body: A note on statement 8.\n",
    );
    e.session.build().unwrap();
    let text = e
        .read("content/statements/s8.v2.md")
        .replace("Second.", "Second, edited.");
    updated(&e.edit("content/statements/s8.v2.md", Some(&text)));
}

#[test]
fn a_saved_note_s_figures_are_checked_against_its_statement_and_the_ones_it_links() {
    let mut e = Editing::start();
    let notes = "content/statements/s4.annotations.yaml";
    // Statement 4's text has the number 4, statement 1's (which the note links) the number 1.
    let linked = "- id: passage\n  quote: a passage to note\n  kind: context\n  body: |\n    Compare [statement 1](@/statements/s1.md#p1), and statement 4.\n";
    updated(&e.edit(notes, Some(linked)));
    let before = snapshot(&e.served);
    let wrong = linked.replace("statement 4.", "statement 9.");
    e.site.write(notes, &wrong);
    let path = e.site.root().join(notes);
    let errors = e.session.rebuild(std::slice::from_ref(&path)).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].to_string().starts_with(
            "content/statements/s4.annotations.yaml:5:65: error: note `passage`: the number 9 (“9”) is not found"
        ),
        "{}",
        errors[0]
    );
    assert_eq!(snapshot(&e.served), before);
}

#[test]
fn an_edit_that_takes_away_a_figure_another_statement_s_note_rests_on_is_an_error() {
    let mut e = Editing::start();
    let notes = "content/statements/s4.annotations.yaml";
    let linked = "- id: passage\n  quote: a passage to note\n  kind: context\n  body: |\n    Statement 4 cites [statement 1](@/statements/s1.md#p1).\n";
    updated(&e.edit(notes, Some(linked)));
    let before = snapshot(&e.served);
    // Statement 1's text loses its number 1; statement 4's note still gives it.
    let text = e
        .read("content/statements/s1.md")
        .replace("statement 1", "statement one");
    e.site.write("content/statements/s1.md", &text);
    let path = e.site.root().join("content/statements/s1.md");
    let errors = e.session.rebuild(std::slice::from_ref(&path)).unwrap_err();
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.starts_with(
            "content/statements/s4.annotations.yaml:5:34: error: note `passage`: the number 1 (“1”) is not found"
        )),
        "{errors:#?}"
    );
    assert_eq!(snapshot(&e.served), before);
}

#[test]
fn an_event_added_changed_or_removed_reaches_the_timeline_and_the_data() {
    let mut e = Editing::start();
    let notes = "content/statements/s4.annotations.yaml";
    let plain = e.read(notes);
    let with_event = format!("{plain}  event:\n    date: 2019-04\n    title: A passage noted\n");
    updated(&e.edit(notes, Some(&with_event)));
    assert!(
        e.read_output("timeline/index.html")
            .contains("A passage noted")
    );
    let moved = with_event.replace("2019-04", "2021");
    updated(&e.edit(notes, Some(&moved)));
    assert!(
        e.read_output("data/events.csv")
            .contains("2021,false,A passage noted")
    );
    assert!(
        e.read_output("data/timeline/2021.json")
            .contains("A passage noted")
    );
    assert!(
        !e.read_output("data/timeline/2019.json")
            .contains("A passage noted")
    );
    // In a year the timeline had nothing in, it makes a file of the timeline's download: a
    // full build (`edit` checks the output against one).
    let alone = with_event.replace("2019-04", "2015");
    let outcome = e.edit(notes, Some(&alone));
    assert!(matches!(outcome, Outcome::Built(_)));
    assert!(
        e.read_output("data/timeline/2015.json")
            .contains("A passage noted")
    );
    // And back: the file goes.
    let outcome = e.edit(notes, Some(&moved));
    assert!(matches!(outcome, Outcome::Built(_)));
    assert!(!e.served.join("data/timeline/2015.json").exists());
    updated(&e.edit(notes, Some(&plain)));
    assert!(
        !e.read_output("timeline/index.html")
            .contains("A passage noted")
    );
}

#[test]
fn an_edit_of_a_text_with_earlier_versions_updates_its_changes_page() {
    let mut e = Editing::start();
    // A new version is a new file: a full build.
    let outcome = e.edit(
        "content/statements/s3.versions/first.md",
        Some("---\nseen: 2020-01-01\nurl: https://example.org/s3\n---\nFirst paragraph of statement 3.\n"),
    );
    assert!(matches!(outcome, Outcome::Built(_)));
    assert!(e.served.join("statements/s3/changes/index.html").exists());
    // An edit of the current text keeps the versions, and renders the changes page again
    // (checked against a full build by `edit`).
    let text = e.read("content/statements/s3.md").replace(
        "Second paragraph of statement 3.",
        "Second paragraph of statement 3, edited.",
    );
    updated(&e.edit("content/statements/s3.md", Some(&text)));
    let changes =
        std::fs::read_to_string(e.served.join("statements/s3/changes/index.html")).unwrap();
    assert!(
        changes.contains("<ins>Second paragraph of statement 3, edited.</ins>"),
        "{changes}"
    );
}

#[test]
fn a_figure_added_changed_or_removed_builds_the_ledger_again() {
    let mut e = Editing::start();
    let measure = "content/measures/paragraphs.md";
    let declared =
        "---\nname: Paragraph numbers\ndefinition: The number a first paragraph writes.\n---\n";
    assert!(matches!(e.edit(measure, Some(declared)), Outcome::Built(_)));
    let notes = "content/statements/s4.annotations.yaml";
    let plain = e.read(notes);
    let with_figure = format!(
        "{plain}- id: number\n  quote: First paragraph of statement 4\n  kind: context\n  body: A number.\n  figure:\n    measure: paragraphs\n    value: 4\n    period: 2021\n"
    );
    // Which pages show a statement's figures can change with them: the site is built again.
    assert!(matches!(
        e.edit(notes, Some(&with_figure)),
        Outcome::Built(_)
    ));
    let page = "figures/paragraphs/index.html";
    assert!(e.read_output(page).contains("<td>“4”"));
    // A change that leaves its figures as they were updates the statement in place.
    let reworded = with_figure.replace("A number.", "The number.");
    updated(&e.edit(notes, Some(&reworded)));
    let changed = reworded.replace("period: 2021", "period: 2021-03");
    assert!(matches!(e.edit(notes, Some(&changed)), Outcome::Built(_)));
    assert!(
        e.read_output(page)
            .contains("<time datetime=\"2021-03\">March 2021</time>")
    );
    assert!(matches!(e.edit(notes, Some(&plain)), Outcome::Built(_)));
    assert!(!e.read_output(page).contains("<td>“4”"));
}

#[test]
fn a_mention_added_or_removed_updates_the_entity_s_page() {
    let site = site();
    site.write(
        "content/entities/alpha-office.md",
        "---\nname: Alpha Office\n---\n",
    );
    let served = site.root().join("served");
    let mut session = Session::new(options(&site, served.clone()));
    session.build().unwrap();
    let mut e = Editing {
        site,
        session,
        served,
        finished_with_build: false,
    };
    let entity = "entities/alpha-office/index.html";
    assert!(!e.read_output(entity).contains("id=\"mentions\""));
    let plain = e.read("content/statements/s3.md");
    let text = plain.replace(
        "Second paragraph of statement 3.",
        "Second paragraph of statement 3, by the Alpha Office.",
    );
    updated(&e.edit("content/statements/s3.md", Some(&text)));
    assert!(
        e.read_output(entity).contains("¶2 of 10 March 2020</a>"),
        "{}",
        e.read_output(entity)
    );
    assert!(
        e.read_output("statements/s3/index.html")
            .contains("the <a class=\"mention\" href=\"/archive/entities/alpha-office/\" title=\"Alpha Office\">Alpha Office</a>.")
    );
    updated(&e.edit("content/statements/s3.md", Some(&plain)));
    assert!(!e.read_output(entity).contains("id=\"mentions\""));
}

#[test]
fn an_edit_of_a_compared_text_updates_its_comparison() {
    let mut e = Editing::start();
    let compare = "compare/s3/s6/index.html";
    assert!(
        e.read_output(compare)
            .contains("Second paragraph of statement <del>3.</del>")
    );
    let text = e.read("content/statements/s3.md").replace(
        "Second paragraph of statement 3.",
        "Second paragraph of statement 3, edited.",
    );
    // Checked against a full build by `edit`.
    updated(&e.edit("content/statements/s3.md", Some(&text)));
    assert!(
        e.read_output(compare).contains("<del>3, edited.</del>"),
        "{}",
        e.read_output(compare)
    );
}

#[test]
fn a_recurring_claim_is_found_again_only_when_a_save_can_change_it() {
    const CLAIM: &str = "Human trafficking has never been a common problem in this city.";
    let mut e = Editing::start();
    for n in [1, 2] {
        let text = e.read(&format!("content/statements/s{n}.md")).replace(
            &format!("Second paragraph of statement {n}."),
            &format!("Second paragraph of statement {n}. {CLAIM}"),
        );
        e.edit(&format!("content/statements/s{n}.md"), Some(&text));
    }
    // The second made it a claim: the update was shown, then the site built again.
    assert!(e.finished_with_build);
    let page = "statements/s2/index.html";
    assert!(e.read_output("claims/index.html").contains(CLAIM));
    // A note's body is not what claims are found from: an update, the claim kept, nothing
    // found again.
    let notes = e
        .read("content/statements/s1.annotations.yaml")
        .replace("A note on statement 1.", "A note on statement 1, edited.");
    updated(&e.edit("content/statements/s1.annotations.yaml", Some(&notes)));
    assert!(!e.finished_with_build);
    assert!(e.read_output(page).contains("statements/s1/#p2"));
    // The same words in other letter cases are the same claim, in its first wording: that
    // changes, and each step still matches a full build.
    let text = e
        .read("content/statements/s1.md")
        .replace("Human trafficking", "HUMAN TRAFFICKING");
    e.edit("content/statements/s1.md", Some(&text));
    assert!(
        e.read_output("claims/index.html")
            .contains("HUMAN TRAFFICKING")
    );
    // Gone from one statement, it is no claim.
    assert!(e.finished_with_build);
    let text = e.read("content/statements/s2.md").replace(CLAIM, "");
    e.edit("content/statements/s2.md", Some(&text));
    assert!(e.finished_with_build);
    assert!(!e.read_output("claims/index.html").contains("TRAFFICKING"));
}

#[test]
fn finishing_stops_for_the_next_save_and_drops_claims_a_later_save_made_stale() {
    const CLAIM: &str = "Human trafficking has never been a common problem in this city.";
    let mut e = Editing::start();
    let with_claim = |e: &Editing, n: usize| {
        e.read(&format!("content/statements/s{n}.md")).replace(
            &format!("Second paragraph of statement {n}."),
            &format!("Second paragraph of statement {n}. {CLAIM}"),
        )
    };
    let text = with_claim(&e, 1);
    e.edit("content/statements/s1.md", Some(&text));
    // The second statement saying it would make it a claim, but a change comes at once:
    // nothing is written, and the claims are still being found.
    let s2 = "content/statements/s2.md";
    let plain = e.read(s2);
    let data = |e: &Editing| {
        let mut files = snapshot(&e.served);
        files.retain(|path, _| path.starts_with("data/"));
        files
    };
    let before = data(&e);
    e.site.write(s2, &with_claim(&e, 2));
    updated(&e.session.rebuild(&[e.site.root().join(s2)]).unwrap());
    let mut asked = 0;
    let left = e
        .session
        .finish_some(&mut || {
            asked += 1;
            true
        })
        .unwrap();
    assert!(matches!(left, Finishing::Pending), "{left:?}");
    assert_eq!(asked, 1);
    assert_eq!(
        data(&e),
        before,
        "a data file was written though a change came"
    );
    // That change takes the claim out again before the claims found are taken: they are
    // dropped, found again, and match the archive as it is; no full build.
    e.site.write(s2, &plain);
    updated(&e.session.rebuild(&[e.site.root().join(s2)]).unwrap());
    let finished = e.session.finish().unwrap();
    assert!(finished.is_none(), "{finished:?}");
    assert!(!e.read_output("claims/index.html").contains(CLAIM));
    assert_same_as_full_build(&e.site, &e.served);
    // Left to finish, the same save makes the claim, with a full build.
    e.edit(s2, Some(&with_claim(&e, 2)));
    assert!(e.finished_with_build);
    assert!(e.read_output("claims/index.html").contains(CLAIM));
}
