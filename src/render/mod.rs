//! Templates: the Tera environment (theme templates overridden by the site's), the functions
//! templates may call, and turning Tera's errors into located diagnostics.
//!
//! Every template is autoescaped, whatever its file name: Tera by default escapes only names
//! ending in .html, .htm or .xml, and a template named otherwise would print archived text raw.

pub mod changes;
pub mod claims;
pub mod compare;
pub mod figures;
pub mod mentions;
pub mod notes;
pub mod pages;
pub mod parallel;
pub mod views;

use std::collections::BTreeMap;

use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::diagnostics::{Diagnostic, Location, SourceFile};
use crate::model::Archive;
use crate::theme::Theme;
use crate::urls::{BaseUrl, SitePath};

/// The templates every theme must provide.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "statements.html",
    "statement.html",
    "timeline.html",
    "taxonomy.html",
    "term.html",
    "page.html",
    "annotations.html",
    "data.html",
    "search.html",
    "atom.xml",
    "changes.html",
    "corrections.html",
    "corrections.xml",
    "404.html",
];

pub struct Renderer {
    tera: Tera,
    sources: BTreeMap<String, SourceFile>,
}

impl Renderer {
    /// Parses the theme's templates, reporting every syntax error, and sets the global `site`.
    pub fn new(theme: &Theme, archive: &Archive) -> Result<Renderer, Vec<Diagnostic>> {
        let sources: BTreeMap<String, SourceFile> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.source.clone()))
            .collect();
        let mut problems = Vec::new();
        // Parse each template alone first, so every syntax error is reported, not only the first.
        for (name, source) in &sources {
            let mut scratch = Tera::new();
            if let Err(e) = scratch.add_raw_template(name, &source.text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                problems.push(diagnostic(&e, &sources, None));
            }
        }
        for name in REQUIRED {
            if !sources.contains_key(*name) {
                problems.push(
                    Diagnostic::error(format!("the theme has no `{name}` template"))
                        .hint(format!("add templates/{name} to the site or to the theme")),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![""]);
        register_functions(&mut tera, &archive.config.base_url);
        tera.global_context()
            .insert("site", &views::SiteView::new(archive));
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), &*s.text)))
        {
            return Err(diagnostics(&e, &sources));
        }
        Ok(Renderer { tera, sources })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `template`; `page` names the output file in error messages.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| diagnostic(&e, &self.sources, Some(page)))
    }
}

fn register_functions(tera: &mut Tera, base: &BaseUrl) {
    let base = base.clone();
    // `url(path="style.css")`: a root-relative URL carrying the base path.
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(base.url(&SitePath::new(path)).into())
        },
    );
}

/// Turns an error from loading the templates into diagnostics located in the template files:
/// Tera gathers the unknown templates, filters, tests and functions of every template into one
/// message of reports, each naming the template and the place, which are taken apart here so
/// that each is located in its file (the site's own or the theme's). Loops of includes or
/// extends are located at the tag that closes them.
fn diagnostics(err: &tera::Error, sources: &BTreeMap<String, SourceFile>) -> Vec<Diagnostic> {
    match err.kind() {
        ErrorKind::Msg(message) => {
            let reports: Vec<Diagnostic> = message
                .split("\n\n")
                .filter_map(|report| unknown_name(report, sources))
                .collect();
            if reports.is_empty() {
                vec![diagnostic(err, sources, None)]
            } else {
                reports
            }
        }
        ErrorKind::CircularInclude { tpl, include_chain } => {
            vec![template_loop("include", tpl, include_chain, sources)]
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            // Tera lists the parents found before the loop closed: `tpl` extends the first.
            let mut chain = vec![tpl.clone()];
            chain.extend(inheritance_chain.iter().cloned());
            vec![template_loop("extend", tpl, &chain, sources)]
        }
        _ => vec![diagnostic(err, sources, None)],
    }
}

/// One of Tera's reports, `error: Unknown filter `x`\n  --> name:line:col\n…`, as a diagnostic.
fn unknown_name(report: &str, sources: &BTreeMap<String, SourceFile>) -> Option<Diagnostic> {
    let mut lines = report.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let place = lines.next()?.trim_start().strip_prefix("--> ")?;
    let mut parts = place.rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let width = lines.nth(2).map_or(1, |l| l.matches('^').count());
    let source = sources.get(name)?;
    let hint = match message.split(' ').take(2).collect::<Vec<_>>()[..] {
        ["Unknown", "template"] => {
            Some("add it to the site's templates/ or the theme's, or fix the name".to_string())
        }
        ["Unknown", what] => Some(format!("check the name against the {what}s Tera provides")),
        ["Block", _] => Some(
            "use a block the parent template defines, or add it there with `{% block … %}`"
                .to_string(),
        ),
        _ => None,
    };
    let mut chars = message.chars();
    let message: String = chars
        .next()
        .map(|c| c.to_ascii_lowercase())
        .into_iter()
        .chain(chars)
        .collect();
    let d = Diagnostic::error(format!("template error: {message}")).at(source.at_line_col(
        line,
        col.saturating_sub(1),
        width.max(1),
    ));
    Some(match hint {
        Some(h) => d.hint(h),
        None => d,
    })
}

/// A loop of `{% include %}` or `{% extends %}` tags, located at the tag in `tpl` that names
/// the next template of `chain`.
fn template_loop(
    tag: &str,
    tpl: &str,
    chain: &[String],
    sources: &BTreeMap<String, SourceFile>,
) -> Diagnostic {
    let start = chain.iter().position(|t| t == tpl).unwrap_or(0);
    let mut names: Vec<&str> = chain[start..].iter().map(String::as_str).collect();
    if names.last() != Some(&tpl) {
        names.push(tpl);
    }
    let next = names.get(1).copied().unwrap_or(tpl);
    let d = Diagnostic::error(format!(
        "templates {tag} each other in a loop: {}",
        names.join(" → ")
    ))
    .hint(format!(
        "remove one of the `{{% {tag}{} %}}` tags of the loop",
        if tag == "extend" { "s" } else { "" }
    ));
    let Some(source) = sources.get(tpl) else {
        return d;
    };
    let at = [format!("\"{next}\""), format!("'{next}'")]
        .iter()
        .filter_map(|quoted| source.text.find(quoted.as_str()))
        .min();
    match at {
        Some(i) => d.at(source.at(i..i + next.len() + 2)),
        None => d.at(Location::file(&source.path)),
    }
}

/// Turns a Tera error into a diagnostic located in the template file.
fn diagnostic(
    err: &tera::Error,
    sources: &BTreeMap<String, SourceFile>,
    page: Option<&str>,
) -> Diagnostic {
    let while_rendering = |d: Diagnostic| match page {
        Some(p) => {
            let hint = d.hint.clone().map_or(String::new(), |h| format!("{h}; "));
            d.hint(format!("{hint}this happened while rendering {p}"))
        }
        None => d,
    };
    let located = |name: &str, line: usize, col: usize, len: usize| -> Location {
        match sources.get(name) {
            Some(src) => src.at_line_col(line, col, len.max(1)),
            None => Location::file(format!("templates/{name}")),
        }
    };
    let d = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                usize::MAX
            };
            let mut message = report.message().to_string();
            if let Some(source) = std::error::Error::source(err) {
                message.push_str(&format!(": {source}"));
            }
            let kind = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::error(format!("{kind}: {message}")).at(located(
                report.filename(),
                span.start_line,
                span.start_col,
                len,
            ))
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(format!(
            "template `{current}` extends `{parent}`, which does not exist"
        ))
        .at(located(current, 1, 0, usize::MAX))
        .hint("check the name in the `{% extends %}` tag"),
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(format!("template `{name}` not found"))
                .hint("add it to the site's templates/ or choose an existing template")
        }
        _ => Diagnostic::error(format!("template error: {err}")),
    };
    while_rendering(d)
}

#[cfg(test)]
mod tests;
