//! Mentions of entities: each entity's name and aliases are found in the statements' texts
//! (whole words, longest first, not in links, code or furniture), the first mention of each
//! entity in each paragraph links to its page, the entity's page lists every paragraph naming
//! it with a snippet, and the downloads carry them; names two entities share are errors.

mod common;

use common::Site;
use serde_json::Value;

const STATEMENT: &str = "\
---
title: Measures
date: 2021-08-01
issuer: A Government
---
```furniture caption
Officers of the Hong Kong Police Force at work.
```

The Hong Kong Police Force and the LD acted. The police, and the ld, said so.

Since 2018 the Labour Department has inspected agencies; see [the Labour Department](https://example.org/ld) and `Labour Department`.

The Immigration Department and 入境事務處表示 the Labour
Department agreed. The Customs were told.
";

const NOTES: &str = "\
- id: inspections
  quote: Since 2018 the Labour Department has inspected
  kind: context
  body: The statement gives no figure.
";

fn site() -> Site {
    let site = Site::fixture();
    site.write(
        "content/entities/labour-department.md",
        "---\nname: Labour Department\nkind: department\naliases: [LD]\ncase_sensitive: true\n---\nA department.\n",
    );
    site.write(
        "content/entities/police.md",
        "---\nname: Hong Kong Police Force\naliases: [police]\n---\n",
    );
    site.write(
        "content/entities/immigration.md",
        "---\nname: Immigration Department\naliases: [入境事務處]\n---\n",
    );
    site.write(
        "content/entities/customs.md",
        "---\nname: Customs\nlink_mentions: false\n---\n",
    );
    site.write("content/statements/2021-08-01-measures.md", STATEMENT);
    site.write(
        "content/statements/2021-08-01-measures.annotations.yaml",
        NOTES,
    );
    site
}

fn link(slug: &str, title: &str) -> String {
    format!("<a class=\"mention\" href=\"/entities/{slug}/\" title=\"{title}\">")
}

/// The paragraph `n` of a page's HTML, up to its permalink.
fn paragraph(html: &str, n: usize) -> &str {
    let start = html
        .find(&format!("<p id=\"p{n}\">"))
        .unwrap_or_else(|| panic!("no ¶{n} in {html}"));
    let end = start + html[start..].find("<a class=\"pn\"").unwrap();
    &html[start..end]
}

#[test]
fn the_first_mention_of_each_entity_in_each_paragraph_links_to_its_page() {
    let site = site();
    site.build_ok();
    let html = site.read("statements/2021-08-01-measures/index.html");
    let police = link("police", "Hong Kong Police Force");
    let labour = link("labour-department", "Labour Department");
    let immigration = link("immigration", "Immigration Department");
    // The longest name wins; the first mention of each entity in the paragraph is linked,
    // the alias `LD` only as written (the entity keeps case), and no furniture is touched.
    assert_eq!(
        paragraph(&html, 1),
        format!(
            "<p id=\"p1\">The {police}Hong Kong Police Force</a> and the {labour}LD</a> acted. The police, and the ld, said so."
        )
    );
    assert!(html.contains("Officers of the Hong Kong Police Force at work."));
    // The noted passage keeps its mark, inside the link; the link and the code hold none.
    assert_eq!(
        paragraph(&html, 2),
        format!(
            "<p id=\"p2\"><mark class=\"anno\" data-notes=\"a-inspections\">Since 2018 the </mark>{labour}<mark class=\"anno\" data-notes=\"a-inspections\">Labour Department</mark></a><mark class=\"anno\" data-notes=\"a-inspections\"> has inspected</mark><sup class=\"anno-ref\"><a href=\"#a-inspections\" id=\"ref-a-inspections\" aria-label=\"Note 1\">1</a></sup> agencies; see <a href=\"https://example.org/ld\">the Labour Department</a> and <code>Labour Department</code>."
        )
    );
    // Chinese needs no spaces; a name may run across a line break; an entity that opts out
    // is not linked.
    assert_eq!(
        paragraph(&html, 3),
        format!(
            "<p id=\"p3\">The {immigration}Immigration Department</a> and 入境事務處表示 the {labour}Labour\nDepartment</a> agreed. The Customs were told."
        )
    );
}

#[test]
fn an_entity_s_page_lists_every_paragraph_that_names_it() {
    let site = site();
    site.build_ok();
    let page = site.read("entities/labour-department/index.html");
    assert!(
        page.contains("<h2 class=\"section-title\" id=\"mentions\">Named in 3 paragraphs</h2>"),
        "{page}"
    );
    let items: Vec<&str> = page
        .split("<li><a class=\"mention-where\"")
        .skip(1)
        .map(|li| &li[..li.find("</li>").unwrap()])
        .collect();
    assert_eq!(items.len(), 3, "{page}");
    assert_eq!(
        items[0],
        " href=\"/statements/2021-08-01-measures/#p1\" title=\"Measures\">¶1 of 1 August 2021</a>: <span class=\"mention-snippet\">The Hong Kong Police Force and the <strong>LD</strong> acted. The police, and the ld, said so.</span>"
    );
    assert!(items[1].contains("¶2 of 1 August 2021</a>: <span class=\"mention-snippet\">Since 2018 the <strong>Labour Department</strong> has inspected"), "{}", items[1]);
    assert!(
        items[2].contains("the <strong>Labour Department</strong> agreed."),
        "{}",
        items[2]
    );
    // The police: two mentions in ¶1, one paragraph.
    let police = site.read("entities/police/index.html");
    assert!(police.contains("Named in 1 paragraph</h2>"), "{police}");
    assert!(police.contains("(2 times in the paragraph)"), "{police}");
    // An entity that opts out of links is still listed.
    let customs = site.read("entities/customs/index.html");
    assert!(
        customs.contains("The <strong>Customs</strong> were told."),
        "{customs}"
    );
    // The CJK alias.
    let immigration = site.read("entities/immigration/index.html");
    assert!(
        immigration.contains("Named in 1 paragraph</h2>"),
        "{immigration}"
    );
    assert!(
        immigration.contains("(2 times in the paragraph)"),
        "{immigration}"
    );
}

#[test]
fn the_downloads_carry_the_mentions() {
    let site = site();
    site.build_ok();
    // A file per year of the statements: none of 2022 names an entity.
    let none = site.read_gz("data/mentions/2022.csv.gz");
    assert_eq!(none.lines().count(), 1, "only the header: {none}");
    let csv = site.read_gz("data/mentions/2021.csv.gz");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "entity,entity_name,statement,statement_url,paragraph,count,words,linked,snippet,url"
    );
    assert_eq!(rows.len(), 1 + 6, "{csv}");
    assert!(rows.contains(&"customs,Customs,2021-08-01-measures,https://example.org/statements/2021-08-01-measures/,3,1,Customs,false,…the Labour Department agreed. The Customs were told.,https://example.org/statements/2021-08-01-measures/#p3"), "{csv}");
    let data = site.read("data/index.html");
    assert!(
        data.contains("The 6 paragraphs that name an entity"),
        "{data}"
    );
    assert!(data.contains("<dt><code>mentions</code></dt>"), "{data}");
    assert!(
        data.contains("/data/mentions/2021.csv.gz\" download>2021.csv.gz</a>"),
        "{data}"
    );

    let gz = std::fs::read(site.public().join("data/statements/2021.jsonl.gz")).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut text).unwrap();
    let record: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["id"] == "2021-08-01-measures")
        .unwrap();
    assert_eq!(
        record["mentions"][0],
        serde_json::json!({"entity": "police", "paragraph": 1, "count": 2, "words": "Hong Kong Police Force", "linked": true})
    );
    assert_eq!(record["mentions"].as_array().unwrap().len(), 6);
}

#[test]
fn an_entity_named_in_many_paragraphs_has_its_mentions_on_pages_of_their_own() {
    let site = site();
    let body: String = (1..=101)
        .map(|i| format!("Paragraph {i} names the Labour Department.\n\n"))
        .collect();
    site.write(
        "content/statements/2023-01-01-many.md",
        &format!("---\ntitle: Many\ndate: 2023-01-01\nissuer: A Government\n---\n{body}"),
    );
    site.build_ok();
    let page = site.read("entities/labour-department/index.html");
    assert!(page.contains("Named in 104 paragraphs</h2>"), "{page}");
    assert!(page.contains("the first 100 of 104, <a href=\"/entities/labour-department/mentions/\">every mention</a>"), "{page}");
    let first = site.read("entities/labour-department/mentions/index.html");
    assert!(
        first.contains("104 paragraphs in 2 statements name Labour Department (or LD)"),
        "{first}"
    );
    assert_eq!(first.matches("class=\"mention-where\"").count(), 100);
    let second = site.read("entities/labour-department/mentions/page/2/index.html");
    assert_eq!(second.matches("class=\"mention-where\"").count(), 4);
    // In archive order: the last is ¶101 of the 2023 statement.
    assert!(second.contains("¶101 of 1 January 2023</a>"), "{second}");
    assert!(second.contains("rel=\"prev\">← Earlier</a>"), "{second}");
}

#[test]
fn a_name_two_entities_share_and_mention_keys_on_a_topic_are_errors() {
    let site = site();
    site.write(
        "content/entities/other-police.md",
        "---\nname: Auxiliary force\naliases:\n  - Police\n  - \" \"\n---\n",
    );
    site.write(
        "content/topics/policing.md",
        "---\nname: Policing\nlink_mentions: false\n---\n",
    );
    let errors = site.errors();
    let has = |needle: &str| errors.iter().any(|e| e.contains(needle));
    // Reported at the second of the two, in the order of the entities' names.
    assert!(
        has(
            "content/entities/police.md:3:11: error: `police` is also a name of entity `other-police`"
        ),
        "{errors:#?}"
    );
    assert!(
        has("content/entities/other-police.md:5:5: error: an empty name"),
        "{errors:#?}"
    );
    assert!(
        has("content/topics/policing.md:3:16: error: `link_mentions` is for entities, not topics"),
        "{errors:#?}"
    );
}
