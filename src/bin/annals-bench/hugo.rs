//! The same archive as a Hugo site: the statements' Markdown and front matter as they are, and
//! templates that build the same pages (statement pages, lists paginated by 20, topic and entity
//! term pages, a feed, a sitemap).

use std::fs;
use std::io;
use std::path::Path;

const CONFIG: &str = r#"baseURL = "https://example.org/"
title = "Benchmark Archive"
paginate = 20
disableKinds = []
[taxonomies]
  topic = "topics"
  entity = "entities"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
"#;

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "statements/" | relURL }}">Statements</a> <a href="{{ "topics/" | relURL }}">Topics</a> <a href="{{ "entities/" | relURL }}">Entities</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"#;

const SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2 January 2006" }}</time> · {{ .Params.issuer }}</p>
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "entities" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range (.Paginate .Pages.ByDate.Reverse).Pages.GroupByDate "2006" }}<h2>{{ .Key }}</h2><ol>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2 January 2006" }}</time> {{ .Params.summary }}</li>{{ end }}</ol>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
"#;

const TAXONOMY: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"#;

const HOME: &str = r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1><ol>
{{ range first 10 (where .Site.RegularPages.ByDate.Reverse "Section" "statements") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
"#;

/// Writes a Hugo site in `site` whose content is the archive's statements.
pub fn prepare(archive: &Path, site: &Path) -> io::Result<()> {
    if site.exists() {
        fs::remove_dir_all(site)?;
    }
    let layouts = site.join("layouts/_default");
    fs::create_dir_all(&layouts)?;
    fs::write(site.join("config.toml"), CONFIG)?;
    fs::write(layouts.join("baseof.html"), BASEOF)?;
    fs::write(layouts.join("single.html"), SINGLE)?;
    fs::write(layouts.join("list.html"), LIST)?;
    fs::write(layouts.join("term.html"), LIST)?;
    fs::write(layouts.join("taxonomy.html"), TAXONOMY)?;
    fs::write(site.join("layouts/index.html"), HOME)?;
    fs::create_dir_all(site.join("static"))?;
    fs::write(
        site.join("static/style.css"),
        "body { font-family: serif; }\n",
    )?;
    let target = site.join("content/statements");
    for entry in walkdir::WalkDir::new(archive.join("content/statements")) {
        let entry = entry.map_err(io::Error::other)?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            let rel = path
                .strip_prefix(archive.join("content/statements"))
                .unwrap_or(path);
            let dest = target.join(rel);
            fs::create_dir_all(dest.parent().unwrap_or(&target))?;
            fs::copy(path, dest)?;
        }
    }
    Ok(())
}
