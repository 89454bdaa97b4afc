use super::*;
use crate::urls::BaseUrl;

struct Files;

impl Resolve for Files {
    fn content_url(&self, path: &str) -> Result<SitePath, String> {
        match path {
            "statements/a.md" => Ok(SitePath::new("statements/a/")),
            _ => Err(format!("content/{path} does not exist")),
        }
    }
}

fn render_with(md: &str, unsafe_html: bool) -> (Rendered, Vec<Diagnostic>) {
    let base = BaseUrl::parse("https://example.github.io/archive/").unwrap();
    let front = "---\ntitle: x\n---\n";
    let file = SourceFile::new("content/statements/x.md", format!("{front}{md}"));
    render(
        &file,
        front.len()..file.text.len(),
        RenderOptions {
            unsafe_html,
            base: &base,
            numbered: true,
            framing: None,
            mentions: None,
        },
        &Files,
    )
}

fn render_md(md: &str) -> Rendered {
    let (r, problems) = render_with(md, false);
    assert!(problems.is_empty(), "{problems:#?}");
    r
}

#[test]
fn every_heading_and_paragraph_gets_a_numbered_id_and_permalink() {
    let r = render_md("## Head\n\nFirst *para*.\n\nSecond\nline.\n");
    assert_eq!(
        r.html(),
        "<h2 id=\"p1\">Head<a class=\"pn\" href=\"#p1\" aria-label=\"Paragraph 1\">1</a></h2>\n\
         <p id=\"p2\">First <em>para</em>.<a class=\"pn\" href=\"#p2\" aria-label=\"Paragraph 2\">2</a></p>\n\
         <p id=\"p3\">Second\nline.<a class=\"pn\" href=\"#p3\" aria-label=\"Paragraph 3\">3</a></p>\n"
    );
    let kinds: Vec<_> = r.blocks.iter().map(|b| (b.id(), b.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("p1".to_string(), BlockKind::Heading(2)),
            ("p2".to_string(), BlockKind::Paragraph),
            ("p3".to_string(), BlockKind::Paragraph)
        ]
    );
    assert_eq!(r.plain_text(), "Head\n\nFirst para.\n\nSecond line.");
    let ids: Vec<String> = r.blocks.iter().map(Block::id).collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    assert!(r.has_anchor("p3") && !r.has_anchor("p4") && !r.has_anchor("x"));
}

#[test]
fn text_is_kept_verbatim_without_smart_punctuation() {
    let src = "He said \"bias and bias\" -- isn't it... 'odd'?\n";
    let r = render_md(src);
    assert_eq!(r.plain_text(), src.trim_end());
    assert!(
        r.html()
            .contains("He said \"bias and bias\" -- isn't it... 'odd'?"),
        "{}",
        r.html()
    );
}

#[test]
fn raw_html_is_escaped_by_default() {
    let r = render_md("<script>alert(1)</script>\n\nInline <b onclick=\"x()\">bold</b>.\n");
    assert!(!r.html().contains("<script"), "{}", r.html());
    assert!(!r.html().contains("<b "), "{}", r.html());
    assert!(
        r.html().contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        r.html()
    );
    assert!(
        r.html().contains("<p id=\"p1\" class=\"escaped-html\">"),
        "{}",
        r.html()
    );
    assert_eq!(
        r.plain_text(),
        "<script>alert(1)</script>\n\nInline <b onclick=\"x()\">bold</b>."
    );
}

#[test]
fn raw_html_passes_through_when_the_site_opts_in() {
    let (r, _) = render_with(
        "<div class=\"x\">kept</div>\n\nInline <kbd>k</kbd>.\n",
        true,
    );
    assert!(
        r.html().contains("<div class=\"x\">kept</div>"),
        "{}",
        r.html()
    );
    assert!(r.html().contains("<kbd>k</kbd>"), "{}", r.html());
}

#[test]
fn content_links_resolve_with_base_path_and_anchor() {
    let r = render_md("See [the other](@/statements/a.md#p3) and [about](/about/).\n");
    assert!(
        r.html()
            .contains("<a href=\"/archive/statements/a/#p3\">the other</a>"),
        "{}",
        r.html()
    );
    assert!(
        r.html().contains("<a href=\"/archive/about/\">about</a>"),
        "{}",
        r.html()
    );
    let targets: Vec<_> = r.links.iter().map(|l| l.target.clone()).collect();
    assert_eq!(
        targets,
        [
            LinkTarget::Content {
                path: "statements/a.md".into(),
                anchor: Some("p3".into())
            },
            LinkTarget::Site {
                path: "/about/".into(),
                anchor: None,
            },
        ]
    );
    assert_eq!(
        r.links[0].location.to_string(),
        "content/statements/x.md:4:17"
    );
}

#[test]
fn broken_content_links_are_located_errors() {
    let (_, problems) = render_with("Text.\n\nA [bad](@/statements/missing.md) link.\n", false);
    assert_eq!(problems.len(), 1);
    let d = &problems[0];
    assert!(d.is_error());
    assert_eq!(
        d.to_string().split(" (hint").next().unwrap(),
        "content/statements/x.md:6:9: error: broken link `@/statements/missing.md`: content/statements/missing.md does not exist"
    );
}

#[test]
fn code_running_links_are_dropped_with_a_warning() {
    let (r, problems) = render_with(
        "[click](javascript:alert(1)) ![i](data:image/svg+xml,x)\n",
        false,
    );
    assert!(!r.html().contains("javascript"), "{}", r.html());
    assert!(!r.html().contains("<img"), "{}", r.html());
    assert!(r.html().contains("click"));
    assert_eq!(problems.len(), 2);
    assert!(problems.iter().all(|p| !p.is_error()));
}

#[test]
fn code_running_links_kept_by_unsafe_html_are_warned_about() {
    let (r, problems) = render_with("[click](javascript:alert(1))\n", true);
    assert!(
        r.html().contains("href=\"javascript:alert(1)\""),
        "{}",
        r.html()
    );
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("content/statements/x.md:4:9: warning: link to `javascript:alert(1)` kept, though its scheme can run code"),
        "{}",
        lines[0]
    );
}

#[test]
fn a_dropped_image_leaves_nothing_behind() {
    let (r, problems) = render_with("![secret alt](javascript:x) visible after image.\n", false);
    assert_eq!(problems.len(), 1);
    assert_eq!(r.plain_text(), "visible after image.");
    assert!(!r.html().contains("secret"), "{}", r.html());
}

#[test]
fn footnote_ids_come_from_their_numbers() {
    let r = render_md("Text[^a note].\n\n[^a note]: The note.\n");
    assert!(r.html().contains("<a href=\"#fn-1\">1</a>"), "{}", r.html());
    assert!(r.html().contains("id=\"fn-1\""), "{}", r.html());
}

#[test]
fn code_blocks_are_highlighted_and_numbered() {
    let r = render_md("Intro.\n\n```rust\nfn main() {}\n```\n");
    assert!(
        r.html()
            .contains("<div class=\"code-block\" id=\"p2\"><pre><code class=\"language-rust\">"),
        "{}",
        r.html()
    );
    assert!(r.html().contains("hl-"), "{}", r.html());
    assert_eq!(r.block_text(&r.blocks[1]), "fn main() {}");
}

#[test]
fn furniture_is_set_apart_and_left_out_of_the_text() {
    let r = render_md(
        "```furniture byline\nBy A Reporter\n```\n\nThe text.\n\n```furniture related\nREAD MORE: other\n```\n",
    );
    assert!(
        r.html().contains("class=\"furniture furniture-byline\""),
        "{}",
        r.html()
    );
    assert!(r.html().contains("By A Reporter"));
    assert!(r.html().contains("READ MORE: other"));
    assert_eq!(r.plain_text(), "The text.");
    assert_eq!(r.blocks[0].id(), "p1");
}

#[test]
fn unknown_furniture_kinds_are_errors_with_a_suggestion() {
    let (_, problems) = render_with("```furniture captoin\nx\n```\n", false);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].hint.as_deref(),
        Some("did you mean `furniture caption`?")
    );
    assert_eq!(
        problems[0].location.as_ref().unwrap().line_col(),
        Some((4, 4))
    );
}

#[test]
fn tight_list_items_and_tables_are_citable() {
    let r = render_md("- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(
        r.html().contains("<li id=\"p1\">one<a class=\"pn\""),
        "{}",
        r.html()
    );
    assert!(
        r.html()
            .contains("<div class=\"table-wrap\" id=\"p3\"><table>"),
        "{}",
        r.html()
    );
    assert_eq!(r.plain_text(), "one\n\ntwo\n\na\tb\n1\t2");
}

#[test]
fn loose_list_items_number_their_paragraphs() {
    let r = render_md("- one\n\n- two\n");
    assert!(r.html().contains("<li><p id=\"p1\">one"), "{}", r.html());
    assert_eq!(r.blocks.len(), 2);
}

#[test]
fn excerpt_cuts_at_a_word_boundary() {
    assert_eq!(shorten("one two three four", 12), "one two…");
    assert_eq!(shorten("short", 12), "short");
    let r = render_md("## H\n\nFirst paragraph here.\n");
    assert_eq!(r.excerpt(100), "First paragraph here.");
    assert_eq!(r.word_count(), 4);
}

/// Two entities with a name and aliases each, the police's mentions not linked when `link`
/// is false.
fn names(link_police: bool) -> Names {
    let entity = |names: &[&str], slug: &str, link: bool| mentions::Entity {
        names: names.iter().map(|n| n.to_string()).collect(),
        case_sensitive: false,
        link,
        href: format!("/archive/entities/{slug}/"),
        title: names[0].to_string(),
    };
    Names::new(vec![
        entity(&["Labour Department"], "labour", true),
        entity(&["Hong Kong Police Force", "police"], "police", link_police),
    ])
    .unwrap()
}

fn parse_with(md: &str, names: &Names) -> Parsed<'static> {
    let base = BaseUrl::parse("https://example.github.io/archive/").unwrap();
    let front = "---\ntitle: x\n---\n";
    let file: &'static SourceFile = Box::leak(Box::new(SourceFile::new(
        "content/statements/x.md",
        format!("{front}{md}"),
    )));
    let (parsed, problems) = parse(
        file,
        front.len()..file.text.len(),
        RenderOptions {
            unsafe_html: false,
            base: &base,
            numbered: true,
            framing: None,
            mentions: Some(names),
        },
        &Files,
    );
    assert!(problems.is_empty(), "{problems:#?}");
    parsed
}

const LABOUR: &str =
    "<a class=\"mention\" href=\"/archive/entities/labour/\" title=\"Labour Department\">";
const POLICE: &str =
    "<a class=\"mention\" href=\"/archive/entities/police/\" title=\"Hong Kong Police Force\">";

#[test]
fn the_first_mention_of_each_entity_in_each_paragraph_links_to_its_page() {
    let names = names(true);
    let r = parse_with(
        "The Labour Department and the police. The labour department again, and the Hong Kong Police Force.\n\nThe Labour Department.\n",
        &names,
    )
    .finish();
    assert_eq!(
        r.html(),
        format!(
            "<p id=\"p1\">The {LABOUR}Labour Department</a> and the {POLICE}police</a>. The labour department again, and the Hong Kong Police Force.<a class=\"pn\" href=\"#p1\" aria-label=\"Paragraph 1\">1</a></p>\n\
             <p id=\"p2\">The {LABOUR}Labour Department</a>.<a class=\"pn\" href=\"#p2\" aria-label=\"Paragraph 2\">2</a></p>\n"
        )
    );
    // The text is the text: links add nothing to it.
    assert_eq!(
        r.plain_text(),
        "The Labour Department and the police. The labour department again, and the Hong Kong Police Force.\n\nThe Labour Department."
    );
    let found: Vec<(u32, u32, u32, &str)> = r
        .mentions
        .iter()
        .map(|m| (m.entity.index() as u32, m.block, m.count, m.words()))
        .collect();
    assert_eq!(
        found,
        [
            (0, 1, 2, "Labour Department"),
            (1, 1, 2, "police"),
            (0, 2, 1, "Labour Department")
        ]
    );
    assert_eq!(
        r.mentions[0].parts(),
        (
            "The ",
            "Labour Department",
            " and the police. The labour department again, and the Hong Kong Police Force."
        )
    );
}

#[test]
fn links_code_furniture_and_headings_hold_no_linked_mention() {
    let names = names(true);
    let r = parse_with(
        "## The Labour Department\n\n\
         [the Labour Department](https://example.org/) and `police` and ![the police](x.png)\n\n\
         ```furniture caption\nthe police\n```\n\n\
         ```\nthe police\n```\n\n\
         A police officer, then the police.\n",
        &names,
    )
    .finish();
    let html = r.html();
    // In the heading: listed, not linked.
    assert!(
        html.starts_with("<h2 id=\"p1\">The Labour Department<a class=\"pn\""),
        "{html}"
    );
    assert!(!html.contains(LABOUR), "{html}");
    assert_eq!(html.matches("class=\"mention\"").count(), 1, "{html}");
    assert!(
        html.contains(&format!("A {POLICE}police</a> officer, then the police.")),
        "{html}"
    );
    let found: Vec<(u32, u32, bool)> = r
        .mentions
        .iter()
        .map(|m| (m.entity.index() as u32, m.block, m.linked))
        .collect();
    // Not in the link, the code span, the image's text, the furniture or the code block.
    assert_eq!(found, [(0, 1, false), (1, 4, true)]);
    assert_eq!(r.mentions[1].count, 2);
}

#[test]
fn an_entity_that_opts_out_is_listed_but_not_linked() {
    let names = names(false);
    let r = parse_with("The police and the Labour Department.\n", &names).finish();
    assert!(!r.html().contains(POLICE), "{}", r.html());
    assert!(r.html().contains(LABOUR), "{}", r.html());
    let linked: Vec<bool> = r.mentions.iter().map(|m| m.linked).collect();
    assert_eq!(linked, [false, true]);
}

#[test]
fn a_mention_may_run_across_a_line_break_and_inline_markup_keeps_it_whole() {
    let names = names(true);
    let r = parse_with(
        "The Labour\nDepartment said so.\n\nThe *Labour Department*, the **Labour** Department.\n",
        &names,
    )
    .finish();
    assert_eq!(
        r.html(),
        format!(
            "<p id=\"p1\">The {LABOUR}Labour\nDepartment</a> said so.<a class=\"pn\" href=\"#p1\" aria-label=\"Paragraph 1\">1</a></p>\n\
             <p id=\"p2\">The <em>{LABOUR}Labour Department</a></em>, the <strong>Labour</strong> Department.<a class=\"pn\" href=\"#p2\" aria-label=\"Paragraph 2\">2</a></p>\n"
        )
    );
    // Across emphasis, the words are a mention that cannot be a link: not counted.
    assert_eq!(r.mentions.len(), 2);
    assert_eq!(r.mentions[1].count, 1);
}

#[test]
fn highlighted_passages_keep_their_marks_around_and_inside_a_mention() {
    let names = names(true);
    let md = "Since 2018 the Labour Department has acted, said the police.\n";
    let mut parsed = parse_with(md, &names);
    let text = parsed.plain_text().to_string();
    // One passage ends inside the mention, one covers it and goes on.
    let at = |s: &str| text.find(s).unwrap();
    parsed.highlight(&[
        Highlight {
            start: at("2018"),
            end: at("Department") + "Department".len() - 4,
            anchor: "a-one".into(),
            number: 1,
        },
        Highlight {
            start: at("the Labour"),
            end: at(" has acted"),
            anchor: "a-two".into(),
            number: 2,
        },
    ]);
    let html = parsed.finish().html;
    assert_eq!(
        html,
        format!(
            "<p id=\"p1\">Since <mark class=\"anno\" data-notes=\"a-one\">2018 </mark>\
             <mark class=\"anno anno-overlap\" data-notes=\"a-one a-two\">the </mark>\
             {LABOUR}<mark class=\"anno anno-overlap\" data-notes=\"a-one a-two\">Labour Depart</mark>\
             <mark class=\"anno\" data-notes=\"a-two\">ment</mark></a>\
             <sup class=\"anno-ref\"><a href=\"#a-one\" id=\"ref-a-one\" aria-label=\"Note 1\">1</a></sup>\
             <sup class=\"anno-ref\"><a href=\"#a-two\" id=\"ref-a-two\" aria-label=\"Note 2\">2</a></sup> has acted, said the {POLICE}police</a>.\
             <a class=\"pn\" href=\"#p1\" aria-label=\"Paragraph 1\">1</a></p>\n"
        )
    );
}

#[test]
fn mentions_are_found_only_where_asked_for() {
    // Without names (notes, pages, profiles), nothing is looked for.
    let r = render_md("The Labour Department.\n");
    assert!(r.mentions.is_empty());
    assert!(!r.html().contains("mention"));
}
