use super::*;
use crate::config::Config;
use crate::content::Content;
use crate::theme::TemplateFile;

fn archive() -> Archive {
    let config = Config::parse(
        SourceFile::new(
            "config.yaml",
            "title: T\nbase_url: https://example.org/sub/\n",
        ),
        None,
    )
    .unwrap();
    Archive::build(config, Content::default(), crate::model::Hold::Every).0
}

/// A theme with every required template as a stub, plus `extra`.
fn theme(extra: &[(&str, &str)]) -> Theme {
    let mut templates: BTreeMap<String, TemplateFile> = REQUIRED
        .iter()
        .map(|n| (n.to_string(), "stub"))
        .chain(extra.iter().map(|(n, t)| (n.to_string(), *t)))
        .map(|(name, text)| {
            let file = TemplateFile {
                source: SourceFile::new(format!("templates/{name}"), text),
                name: name.clone(),
            };
            (name, file)
        })
        .collect();
    Theme {
        templates: std::mem::take(&mut templates).into_values().collect(),
        static_files: Vec::new(),
    }
}

fn render(extra: &[(&str, &str)], name: &str, context: &Context) -> Result<String, Diagnostic> {
    let renderer = Renderer::new(&theme(extra), &archive()).map_err(|mut v| v.remove(0))?;
    renderer.render(name, context, "x/index.html")
}

#[test]
fn every_template_is_autoescaped_whatever_its_name() {
    let mut ctx = Context::new();
    ctx.insert("x", "<script>alert(1)</script>");
    for name in ["a.html", "feed.xml", "notes.txt", "partial"] {
        let out = render(&[(name, "{{ x }}")], name, &ctx).unwrap();
        assert_eq!(out, "&lt;script&gt;alert(1)&lt;/script&gt;", "{name}");
    }
    let out = render(&[("raw.txt", "{{ x | safe }}")], "raw.txt", &ctx).unwrap();
    assert_eq!(out, "<script>alert(1)</script>");
}

#[test]
fn site_and_url_are_available_everywhere() {
    let out = render(
        &[(
            "t.html",
            "{{ site.title }} {{ url(path='style.css') }} {{ site.base_path }}",
        )],
        "t.html",
        &Context::new(),
    )
    .unwrap();
    assert_eq!(out, "T /sub/style.css /sub/");
}

#[test]
fn undefined_variables_name_the_template_line_and_variable() {
    let err = render(
        &[("t.html", "line one\n<p>{{ statement.titel }}</p>\n")],
        "t.html",
        &Context::new(),
    )
    .unwrap_err();
    let line = err.to_string();
    assert!(
        line.starts_with("templates/t.html:2:7: error: template error:"),
        "{line}"
    );
    assert!(line.contains("statement"), "{line}");
    assert!(line.contains("while rendering x/index.html"), "{line}");
    assert!(err.render(false).contains("<p>{{ statement.titel }}</p>"));
}

#[test]
fn every_syntax_error_is_reported_at_once() {
    let Err(problems) = Renderer::new(
        &theme(&[("a.html", "{% if %}"), ("b.html", "ok\n{{ x | }}")]),
        &archive(),
    ) else {
        panic!("syntax errors were accepted");
    };
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0].starts_with("templates/a.html:1:"), "{}", lines[0]);
    assert!(lines[1].starts_with("templates/b.html:2:"), "{}", lines[1]);
    assert!(lines.iter().all(|l| l.contains("template syntax error")));
}

#[test]
fn missing_required_templates_and_parents_are_reported() {
    let mut t = theme(&[]);
    t.templates.retain(|f| f.name != "statement.html");
    let Err(problems) = Renderer::new(&t, &archive()) else {
        panic!()
    };
    assert_eq!(
        problems[0].message,
        "the theme has no `statement.html` template"
    );

    let Err(problems) = Renderer::new(
        &theme(&[("c.html", "{% extends \"nope.html\" %}")]),
        &archive(),
    ) else {
        panic!()
    };
    assert_eq!(
        problems[0].message,
        "template `c.html` extends `nope.html`, which does not exist"
    );
}

#[test]
fn unknown_templates_and_filters_name_the_file_and_line() {
    let Err(problems) = Renderer::new(
        &theme(&[
            ("a.html", "x\n{% include \"nope.html\" %}"),
            ("b.html", "one\ntwo\n  {{ 1 | nope }}"),
        ]),
        &archive(),
    ) else {
        panic!("unknown names were accepted");
    };
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "templates/a.html:2:12: error: template error: unknown template `nope.html` (hint: add it to the site's templates/ or the theme's, or fix the name)",
            "templates/b.html:3:10: error: template error: unknown filter `nope` (hint: check the name against the filters Tera provides)",
        ]
    );
}

#[test]
fn include_and_extend_loops_name_the_tag() {
    for (extra, expected) in [
        (
            [
                ("a.html", "x\n{% include \"b.html\" %}"),
                ("b.html", "y\n\n{% include 'a.html' %}"),
            ],
            "templates/a.html:2:12: error: templates include each other in a loop: a.html → b.html → a.html (hint: remove one of the `{% include %}` tags of the loop)",
        ),
        (
            [
                ("a.html", "{% extends \"b.html\" %}"),
                ("b.html", "{% extends \"a.html\" %}"),
            ],
            "templates/a.html:1:12: error: templates extend each other in a loop: a.html → b.html → a.html (hint: remove one of the `{% extends %}` tags of the loop)",
        ),
    ] {
        let Err(problems) = Renderer::new(&theme(&extra), &archive()) else {
            panic!("a loop was accepted");
        };
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines, [expected]);
    }
}
