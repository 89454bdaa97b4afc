use super::*;
use crate::content::Doc;
use crate::content::meta::StatementMeta;
use crate::urls::BaseUrl;

struct Other;

impl Resolve for Other {
    fn content_url(&self, path: &str) -> Result<crate::urls::SitePath, String> {
        match path {
            "statements/other.md" => Ok(crate::urls::SitePath::new("statements/other/")),
            _ => Err(format!("content/{path} does not exist")),
        }
    }
}

fn statement(body: &str) -> Doc<StatementMeta> {
    super::fixtures::statement("statements/s.md", body)
}

use super::fixtures::sidecar;

fn note(id: &str, quote: &str, extra: &str) -> String {
    format!("- id: {id}\n  quote: \"{quote}\"\n  kind: context\n  body: Note {id}.\n{extra}")
}

fn annotate(body: &str, notes: &str) -> (Rendered, Vec<Note>, Vec<NoteText>, Vec<String>) {
    let base = BaseUrl::parse("https://example.org/").unwrap();
    let options = RenderOptions {
        unsafe_html: false,
        base: &base,
        numbered: true,
        framing: None,
        mentions: None,
    };
    let (r, n, problems) = {
        let doc = statement(body);
        render_statement(
            &doc,
            &doc.source,
            Some(&sidecar(notes)),
            &[],
            options,
            &Other,
        )
    };
    (
        r.rendered,
        n,
        r.notes,
        problems.iter().map(ToString::to_string).collect(),
    )
}

/// Checks that every tag opened in `html` is closed in order (void elements aside).
fn assert_well_formed(html: &str) {
    const VOID: &[&str] = &["br", "hr", "img", "input", "meta", "link", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("stray </{name}> in {html}"));
            assert_eq!(open, name, "</{name}> closes <{open}> in {html}");
        } else if !tag.ends_with('/') {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !VOID.contains(&name.as_str()) {
                stack.push(name);
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
}

#[test]
fn a_passage_across_emphasis_and_a_link_is_split_into_well_formed_marks() {
    let (r, notes, _, problems) = annotate(
        "The *quick brown* fox [jumps over](https://example.org/) the dog.\n",
        &note("n1", "quick brown fox jumps", ""),
    );
    assert!(problems.is_empty(), "{problems:#?}");
    let html = r.html();
    assert_well_formed(html);
    assert_eq!(
        html,
        "<p id=\"p1\">The <em><mark class=\"anno\" data-notes=\"a-n1\">quick brown</mark></em>\
         <mark class=\"anno\" data-notes=\"a-n1\"> fox </mark>\
         <a href=\"https://example.org/\"><mark class=\"anno\" data-notes=\"a-n1\">jumps</mark> over</a>\
         <sup class=\"anno-ref\"><a href=\"#a-n1\" id=\"ref-a-n1\" aria-label=\"Note 1\">1</a></sup> the dog.\
         <a class=\"pn\" href=\"#p1\" aria-label=\"Paragraph 1\">1</a></p>\n"
    );
    assert_eq!(
        &r.text[notes[0].start..notes[0].end],
        "quick brown fox jumps"
    );
    assert_eq!((notes[0].number, notes[0].block, notes[0].chunk), (1, 1, 0));
}

#[test]
fn a_passage_across_entities_keeps_them_escaped() {
    let (r, _, _, problems) = annotate(
        "Fish &amp; chips &lt;here&gt;.\n",
        &note("n1", "Fish & chips <here>", ""),
    );
    assert!(problems.is_empty(), "{problems:#?}");
    let html = r.html();
    assert_well_formed(html);
    assert!(html.contains("&amp;"), "{html}");
    assert!(
        html.contains(
            "<mark class=\"anno\" data-notes=\"a-n1\">Fish &amp; chips &lt;here&gt;</mark>"
        ),
        "{html}"
    );
    assert_eq!(super::super::markdown::escape_html("<"), "&lt;");
}

#[test]
fn cjk_passages_are_marked() {
    let (r, notes, _, problems) = annotate(
        "人口販運問題從來不是香港的普遍問題。\n",
        &note("zh", "香港的普遍問題", ""),
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        r.html()
            .contains("不是<mark class=\"anno\" data-notes=\"a-zh\">香港的普遍問題</mark>"),
        "{}",
        r.html()
    );
    assert_eq!(&r.text[notes[0].start..notes[0].end], "香港的普遍問題");
}

#[test]
fn overlapping_notes_share_marks_and_are_numbered_in_reading_order() {
    let (r, notes, _, problems) = annotate(
        "one two three four five\n",
        &format!(
            "{}{}",
            note("late", "three four five", ""),
            note("early", "two three", "")
        ),
    );
    assert!(problems.is_empty(), "{problems:#?}");
    let html = r.html();
    assert_well_formed(html);
    assert!(
        html.contains("<mark class=\"anno\" data-notes=\"a-early\">two </mark>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<mark class=\"anno anno-overlap\" data-notes=\"a-early a-late\">three</mark>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<mark class=\"anno\" data-notes=\"a-late\"> four five</mark>"),
        "{html}"
    );
    let order: Vec<(&str, usize)> = notes
        .iter()
        .map(|n| (n.meta.id.as_str(), n.number))
        .collect();
    assert_eq!(order, [("early", 1), ("late", 2)]);
}

#[test]
fn a_repeated_quote_is_an_error_listing_its_paragraphs_until_disambiguated() {
    let body = "Hong Kong said no.\n\nHong Kong said yes.\n";
    let (_, _, _, problems) = annotate(body, &note("hk", "Hong Kong said", ""));
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("content/statements/s.annotations.yaml:2:10: error: the quote of note `hk` occurs 2 times, in ¶1, ¶2"),
        "{}",
        problems[0]
    );
    assert!(problems[0].contains("add `prefix` or `suffix`"));
    let (_, notes, _, problems) = annotate(body, &note("hk", "Hong Kong said", "  suffix: yes\n"));
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(notes[0].block, 2);
    let (_, notes, _, _) = annotate(body, &note("hk", "Hong Kong said", "  occurrence: 1\n"));
    assert_eq!(notes[0].block, 1);
}

#[test]
fn a_quote_not_found_names_the_note_and_suggests_the_closest_passage() {
    let (_, notes, _, problems) = annotate(
        "The Labour Department conducts about 2,000 routine and surprise inspections every year.\n",
        &note("insp", "conducts around 2,000 routine inspections", ""),
    );
    assert!(notes.is_empty());
    assert_eq!(problems.len(), 1);
    let p = &problems[0];
    assert!(p.starts_with("content/statements/s.annotations.yaml:2:10: error: the quote of note `insp` is not in the statement's text"), "{p}");
    assert!(
        p.contains("the closest passage in ¶1 reads “conducts about 2,000 routine"),
        "{p}"
    );
}

#[test]
fn ids_must_be_slugs_and_unique() {
    let (_, notes, _, problems) = annotate(
        "Some text here.\n",
        &format!(
            "{}{}{}",
            note("ok", "Some", ""),
            note("ok", "text", ""),
            note("Not A Slug", "here", "")
        ),
    );
    assert_eq!(notes.len(), 1);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("note id `ok` is used twice"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].contains("note id `Not A Slug` is not a slug"),
        "{}",
        problems[1]
    );
}

#[test]
fn notes_cannot_anchor_in_code_blocks() {
    let (_, _, _, problems) = annotate(
        "Text.\n\n```\nlet x = 1;\n```\n",
        &note("code", "let x", ""),
    );
    assert!(
        problems[0].contains("is inside a code block"),
        "{}",
        problems[0]
    );
}

#[test]
fn links_in_note_bodies_and_sources_are_resolved_and_located_in_the_notes_file() {
    let yaml = "- id: n1\n  quote: Text\n  kind: cross-reference\n  body: |\n    See [the other](@/statements/other.md#p2) and [gone](@/statements/gone.md).\n  sources:\n    - title: Other\n      url: \"@/statements/other.md#a-x\"\n    - title: Bad\n      url: www.example.org\n";
    let (r, _, said, problems) = annotate("Text.\n", yaml);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "content/statements/s.annotations.yaml:5:58: error: broken link `@/statements/gone.md`"
        ),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].starts_with(
            "content/statements/s.annotations.yaml:10:12: error: source URL `www.example.org`"
        ),
        "{}",
        problems[1]
    );
    assert!(
        said[0]
            .body
            .html()
            .contains("href=\"/statements/other/#p2\"")
    );
    let sources: Vec<(&str, &str)> = said[0]
        .sources
        .iter()
        .map(|s| (s.title.as_str(), s.href.as_str()))
        .collect();
    assert_eq!(sources, [("Other", "/statements/other/#a-x")]);
    let targets: Vec<_> = r.links.iter().map(|l| l.target.clone()).collect();
    assert!(targets.contains(&LinkTarget::Content {
        path: "statements/other.md".into(),
        anchor: Some("p2".into())
    }));
    assert!(targets.contains(&LinkTarget::Content {
        path: "statements/other.md".into(),
        anchor: Some("a-x".into())
    }));
    assert!(
        !said[0].body.html().contains("id=\"p"),
        "note bodies are not numbered"
    );
}

#[test]
fn a_note_is_shown_beside_the_top_level_element_where_its_passage_ends() {
    let (r, notes, _, problems) = annotate(
        "First.\n\n- item one\n- item two\n\nLast.\n",
        &format!("{}{}", note("a", "item two", ""), note("b", "Last", "")),
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(r.chunks().count(), 3);
    assert_eq!((notes[0].block, notes[0].chunk), (3, 1));
    assert_eq!((notes[1].block, notes[1].chunk), (4, 2));
    assert_well_formed(r.html());
}

fn framed(framing: &str, body: &str) -> (Rendered, Vec<String>) {
    let yaml = format!("title: T\ndate: 2021-07-02\nissuer: G\n{framing}");
    let front = format!("---\n{yaml}---\n");
    let source = SourceFile::new("content/statements/s.md", format!("{front}{body}"));
    let doc = Doc {
        meta: serde_yaml::from_str(&yaml).unwrap(),
        rel: "statements/s.md".into(),
        slug: "s".into(),
        front: 4..4 + yaml.len(),
        body: front.len()..source.text.len(),
        source,
        released: None,
    };
    let base = BaseUrl::parse("https://example.org/").unwrap();
    let options = RenderOptions {
        unsafe_html: false,
        base: &base,
        numbered: true,
        framing: None,
        mentions: None,
    };
    let (r, _, problems) = render_statement(&doc, &doc.source, None, &[], options, &Other);
    (
        r.rendered,
        problems.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn a_report_s_framing_is_marked_labelled_and_still_numbered() {
    let body = "```furniture byline\nBy A Reporter\n```\n\nThe lead.\n\nThe following is the text:\n\nThe statement.\n";
    let (r, problems) = framed("framing:\n  first: 1\n  last: 2\n", body);
    assert!(problems.is_empty(), "{problems:?}");
    let html = r.html();
    assert!(
        html.contains("<p id=\"p1\" class=\"framing\" aria-describedby=\"framing-note\">The lead."),
        "{html}"
    );
    assert!(
        html.contains("<p id=\"p2\" class=\"framing\" aria-describedby=\"framing-note\">"),
        "{html}"
    );
    assert!(html.contains("<p id=\"p3\">The statement."), "{html}");
    let label = html.find("id=\"framing-note\"").expect("a label");
    assert!(label < html.find("id=\"p1\"").unwrap() && label > html.find("By A Reporter").unwrap());
    assert!(
        html.contains("News report’s framing</span> <span class=\"framing-text\">¶1–2: "),
        "{html}"
    );
    // The framing stays in the text: quotable and exported.
    assert!(
        r.plain_text()
            .starts_with("The lead.\n\nThe following is the text:")
    );
}

#[test]
fn framing_paragraphs_that_do_not_exist_are_located_errors() {
    let body = "One.\n\nTwo.\n";
    let (_, problems) = framed("framing:\n  first: 1\n  last: 3\n", body);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(
            "content/statements/s.md:7:9: error: the text has 2 paragraphs, so there is no ¶3"
        ),
        "{}",
        problems[0]
    );
    let (_, problems) = framed("framing:\n  first: 2\n  last: 1\n", body);
    assert!(
        problems[0].contains("the last framing paragraph, ¶1, comes before the first, ¶2"),
        "{}",
        problems[0]
    );
    let (_, problems) = framed("framing:\n  first: 0\n  last: 1\n", body);
    assert!(
        problems[0]
            .starts_with("content/statements/s.md:6:10: error: paragraphs are numbered from 1"),
        "{}",
        problems[0]
    );
}

#[test]
fn notes_rendered_again_from_a_changed_notes_file_are_an_error_not_a_mix() {
    let base = BaseUrl::parse("https://example.org/").unwrap();
    let options = RenderOptions {
        unsafe_html: false,
        base: &base,
        numbered: true,
        framing: None,
        mentions: None,
    };
    let doc = statement("Hong Kong said so.\n");
    let first = sidecar(&note("hk", "Hong Kong said", ""));
    let (_, notes, problems) =
        render_statement(&doc, &doc.source, Some(&first), &[], options, &Other);
    assert!(problems.is_empty(), "{problems:?}");
    let same = rerender_statement(&doc, &doc.source, &notes, Some(&first), options, &Other)
        .expect("the same notes file renders again");
    assert_eq!(same.notes.len(), 1);
    let changed = sidecar(&note("other", "Hong Kong said", ""));
    let error = rerender_statement(&doc, &doc.source, &notes, Some(&changed), options, &Other)
        .expect_err("a note no longer at its place");
    assert!(
        error
            .to_string()
            .contains("the notes file changed while the site was being built"),
        "{error}"
    );
}

/// Pass 1 keeps every note of the archive (about 750,000 at 100,000 statements), so a byte
/// of `Note` is about a megabyte of the build's peak: what few notes have (a figure, an
/// event's and a figure's front matter) is boxed. 632 bytes before they were.
#[test]
#[cfg(target_pointer_width = "64")]
fn a_note_kept_for_the_whole_build_stays_small() {
    assert!(
        std::mem::size_of::<Note>() <= 400,
        "{}",
        std::mem::size_of::<Note>()
    );
}
