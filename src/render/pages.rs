//! Rendering a planned page: the context its template gets, from the archive and what the
//! plan says the page shows.

use std::borrow::Cow;

use serde::Serialize;
use tera::{Context, Value};

use crate::annotate::StatementText;
use crate::content::meta::NoteKind;
use crate::diagnostics::Diagnostic;
use crate::ids::StatementId;
use crate::model::{Archive, TaxonomyKind};
use crate::plan::{
    Job, MENTIONS_PER_PAGE, NOTES_PER_PAGE, Planned, kind_path, mentions_path, page_count,
    page_slice, paged_path,
};
use crate::urls::{Href, SitePath};

use super::Renderer;
use super::compare::Readings;
use super::notes::{NoteEntries, kind_links};
use super::views::{self, PageView, Shared, StatementView};

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: Href,
    current: bool,
}

#[derive(Serialize)]
struct Paginator {
    number: usize,
    total_pages: usize,
    total_items: usize,
    prev_url: Option<Href>,
    next_url: Option<Href>,
    first_url: Href,
    last_url: Href,
    /// The first and last page and those near the current one; `None` marks a gap.
    pages: Vec<Option<PageNumber>>,
}

fn paginator(
    archive: &Archive,
    first: &SitePath,
    number: usize,
    total_items: usize,
    per_page: usize,
) -> Paginator {
    let total_pages = page_count(total_items, per_page);
    let url = |n: usize| archive.config.base_url.url(&paged_path(first, n));
    let mut pages = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total_pages {
        if n == 1 || n == total_pages || n.abs_diff(number) <= 2 {
            if n > last_shown + 1 {
                pages.push(None);
            }
            pages.push(Some(PageNumber {
                number: n,
                url: url(n),
                current: n == number,
            }));
            last_shown = n;
        }
    }
    Paginator {
        number,
        total_pages,
        total_items,
        prev_url: (number > 1).then(|| url(number - 1)),
        next_url: (number < total_pages).then(|| url(number + 1)),
        first_url: url(1),
        last_url: url(total_pages),
        pages,
    }
}

/// What the caller may hand a page besides the archive, made in the second pass anyway: a
/// statement's page its rendered text (which its companion files are written from too), a
/// notes page the index entries of the statements it shows, a comparison page the readings of
/// its two statements. Whatever a page is not given, it
/// makes from the archive (`Archive::text`).
#[derive(Clone, Copy)]
pub enum Given<'a> {
    Nothing,
    Text(&'a StatementText),
    Notes(&'a NoteEntries),
    /// The readings of statements a comparison page shows (those it is not given, it reads).
    Readings(&'a Readings),
}

/// Renders a planned page with what it is `given`.
pub fn render(
    archive: &Archive,
    shared: &Shared,
    renderer: &Renderer,
    planned: &Planned,
    given: Given<'_>,
) -> Result<String, Diagnostic> {
    let context = context(archive, shared, planned, given)?;
    renderer.render(&planned.template, &context, planned.output.as_str())
}

/// The index entries of statements `ids`: those `given`, or made from their texts.
fn notes_given<'a>(
    archive: &Archive,
    ids: &[StatementId],
    given: Given<'a>,
) -> Result<Cow<'a, NoteEntries>, Diagnostic> {
    match given {
        Given::Notes(entries) => Ok(Cow::Borrowed(entries)),
        _ => NoteEntries::for_statements(archive, ids).map(Cow::Owned),
    }
}

/// Builds the context of a planned page.
fn context(
    archive: &Archive,
    shared: &Shared,
    planned: &Planned,
    given: Given<'_>,
) -> Result<Context, Diagnostic> {
    let config = &archive.config;
    let mut ctx = Context::new();
    let site_path = planned.output.site_path();
    ctx.insert("current_path", &config.base_url.url(&site_path));
    ctx.insert("current_url", &config.base_url.absolute(&site_path));
    match &planned.job {
        Job::Home => {
            ctx.insert("page_title", &config.title);
            if let Some(home) = &archive.home {
                ctx.insert("intro", &home.rendered.html());
            }
            ctx.insert_value(
                "latest",
                Value::from(shared.cards_of(planned.shows.iter().copied())),
            );
            ctx.insert_value("topics", Value::from(shared.topics.clone()));
        }
        Job::StatementList(n) => {
            let per_page = config.paginate_by;
            ctx.insert("page_title", "Statements");
            ctx.insert(
                "paginator",
                &paginator(
                    archive,
                    &SitePath::new("statements/"),
                    *n,
                    shared.newest_first.len(),
                    per_page,
                ),
            );
            ctx.insert(
                "groups",
                &views::group_by_year(archive, shared, &planned.shows),
            );
        }
        Job::Statement(id) => {
            let s = &archive.statements[*id];
            ctx.insert("page_title", &s.doc.meta.title);
            let text = match given {
                Given::Text(text) => Cow::Borrowed(text),
                _ => archive.text(*id)?,
            };
            ctx.insert(
                "statement",
                &StatementView::new(archive, shared, *id, &text),
            );
            let neighbour =
                |j: Option<StatementId>| j.map_or(Value::none(), |j| shared.card(j).clone());
            ctx.insert_value("previous", neighbour(id.before()));
            ctx.insert_value("next", neighbour(id.after(archive.statements.len())));
            ctx.insert_value(
                "related",
                Value::from(shared.cards_of(s.related.iter().copied())),
            );
            let backlinks: Vec<_> = s
                .backlinks
                .iter()
                .map(|d| views::doc_link(archive, *d))
                .collect();
            ctx.insert("backlinks", &backlinks);
        }
        Job::Changes(id) => {
            let view = super::changes::view(archive, *id)?;
            ctx.insert("page_title", &format!("Changes to “{}”", view.title));
            ctx.insert("changes", &view);
        }
        Job::Compare(a, b) => {
            let none = Readings::default();
            let held = match given {
                Given::Readings(held) => held,
                _ => &none,
            };
            let view = super::compare::view(archive, *a, *b, held)?;
            ctx.insert(
                "page_title",
                &format!("Compare “{}” with “{}”", view.left.title, view.right.title),
            );
            ctx.insert("compare", &view);
        }
        Job::Parallel(t) => {
            let view = super::parallel::view(archive, *t)?;
            ctx.insert(
                "page_title",
                &format!("“{}” beside its original", view.translation.title),
            );
            ctx.insert("parallel", &view);
        }
        Job::Timeline => {
            ctx.insert("page_title", "Timeline");
            ctx.insert("timeline", &views::timeline(archive, shared, None));
        }
        Job::TimelineYear(year) => {
            ctx.insert("page_title", &format!("Timeline: {year}"));
            ctx.insert("timeline", &views::timeline(archive, shared, Some(*year)));
        }
        Job::Figures => {
            ctx.insert("page_title", "Figures");
            ctx.insert("figures", &super::figures::index(archive));
        }
        Job::Measure(m) => {
            let view = super::figures::measure(archive, *m);
            ctx.insert("page_title", &view.name);
            ctx.insert("measure", &view);
        }
        Job::TaxonomyIndex(kind) => {
            let tax = archive.taxonomy(*kind);
            ctx.insert("page_title", &tax.title);
            ctx.insert("taxonomy", &taxonomy_view(archive, *kind));
            ctx.insert_value("terms", Value::from(shared.terms(*kind).to_vec()));
        }
        Job::Term(kind, t, n) => {
            let tax = archive.taxonomy(*kind);
            let term = &tax.terms[*t];
            ctx.insert("page_title", &term.name);
            ctx.insert("taxonomy", &taxonomy_view(archive, *kind));
            ctx.insert_value("term", shared.term(*kind, *t).clone());
            ctx.insert("content", &term.rendered.as_ref().map(|r| r.html()));
            ctx.insert(
                "paginator",
                &paginator(
                    archive,
                    &tax.url_of(*t),
                    *n,
                    term.members.len(),
                    tax.paginate_by,
                ),
            );
            // Its members on this page, newest first (an entity's first page shows statements
            // that mention it too, which are not all members).
            let len = term.members.len();
            let start = ((n - 1) * tax.paginate_by).min(len);
            let end = (start + tax.paginate_by).min(len);
            let members: Vec<StatementId> =
                (start..end).map(|i| term.members[len - 1 - i]).collect();
            ctx.insert("groups", &views::group_by_year(archive, shared, &members));
            if *kind == TaxonomyKind::Entities && *n == 1 {
                ctx.insert("mentions", &super::mentions::view(archive, *t, 0));
            }
        }
        Job::Mentions(t, n) => {
            let tax = &archive.entities;
            let term = &tax.terms[*t];
            ctx.insert("page_title", &format!("Mentions of {}", term.name));
            ctx.insert("taxonomy", &taxonomy_view(archive, TaxonomyKind::Entities));
            ctx.insert_value("term", shared.term(TaxonomyKind::Entities, *t).clone());
            ctx.insert(
                "paginator",
                &paginator(
                    archive,
                    &mentions_path(tax, *t),
                    *n,
                    term.mentioned.len(),
                    MENTIONS_PER_PAGE,
                ),
            );
            ctx.insert("mentions", &super::mentions::view(archive, *t, *n));
        }
        Job::Page(i) => {
            let p = &archive.pages[*i];
            ctx.insert("page_title", &p.doc.meta.title);
            ctx.insert(
                "page",
                &PageView {
                    title: &p.doc.meta.title,
                    description: p.doc.meta.description.as_deref(),
                    content: p.rendered.html(),
                    url: config.base_url.url(&p.url()),
                },
            );
        }
        Job::Annotations(n) => {
            let index = &shared.notes;
            let per_page = config.paginate_by;
            ctx.insert("page_title", "Notes");
            ctx.insert("total", &index.total);
            ctx.insert("kinds", &kind_links(archive, index));
            ctx.insert(
                "paginator",
                &paginator(
                    archive,
                    &SitePath::new("annotations/"),
                    *n,
                    index.statements.len(),
                    per_page,
                ),
            );
            let notes = notes_given(archive, &planned.shows, given)?;
            ctx.insert("statements", &notes.groups(shared, &planned.shows));
        }
        Job::AnnotationKind(k, n) => {
            let index = &shared.notes;
            let kind = NoteKind::ALL[*k];
            let of_kind = &index.by_kind[*k];
            let page = page_slice(of_kind, *n, NOTES_PER_PAGE);
            ctx.insert("page_title", &format!("{} notes", kind.label()));
            ctx.insert("total", &index.total);
            ctx.insert("kinds", &kind_links(archive, index));
            ctx.insert("kind", &kind.key());
            ctx.insert("kind_label", &kind.label());
            ctx.insert(
                "paginator",
                &paginator(archive, &kind_path(kind), *n, of_kind.len(), NOTES_PER_PAGE),
            );
            let notes = notes_given(archive, &planned.shows, given)?;
            ctx.insert_value("notes", Value::from(notes.of_notes(page)));
        }
        Job::Feed(topic) => {
            ctx.insert("feed", &views::feed(archive, shared, *topic)?);
        }
        Job::Corrections => {
            ctx.insert("page_title", "Corrections");
            ctx.insert("corrections", &views::corrections(archive));
        }
        Job::CorrectionsFeed => {
            ctx.insert("corrections", &views::corrections(archive));
        }
        Job::Claims(n) => {
            ctx.insert("page_title", "Recurring claims");
            ctx.insert(
                "paginator",
                &paginator(
                    archive,
                    &crate::plan::claims_path(),
                    *n,
                    archive.claims.list.len(),
                    crate::plan::CLAIMS_PER_PAGE,
                ),
            );
            ctx.insert("claims", &super::claims::page(archive, *n));
            ctx.insert("claim_count", &archive.claims.list.len());
        }
        Job::Data => {
            ctx.insert("page_title", "Data");
            ctx.insert("data", &views::data_page(archive));
        }
        Job::Search => {
            ctx.insert("page_title", "Search");
            ctx.insert("search", &views::search_page(archive));
        }
        Job::NotFound => {
            ctx.insert("page_title", "Page not found");
        }
    }
    Ok(ctx)
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'static str,
    singular: &'static str,
    title: &'a str,
    url: Href,
}

fn taxonomy_view(archive: &Archive, kind: TaxonomyKind) -> TaxonomyView<'_> {
    let tax = archive.taxonomy(kind);
    TaxonomyView {
        name: kind.name(),
        singular: kind.singular(),
        title: &tax.title,
        url: archive.config.base_url.url(&tax.url()),
    }
}
