//! The pages of the site: which exist, where each is written, which template renders it, and
//! the context it gets. Planning is cheap and happens before rendering, so output collisions
//! and links to site paths are checked before any page is rendered.

use serde::Serialize;
use tera::{Context, Value};

use crate::date::ArchiveDate;
use crate::model::{Archive, TaxonomyKind};
use crate::urls::OutputPath;

use super::Renderer;
use super::notes::{NotesIndex, entries, kind_links, kind_path, statement_groups};
use super::views::{self, PageView, Shared, StatementView};
use crate::content::meta::NoteKind;
use crate::diagnostics::Diagnostic;
use crate::output::companions::STATEMENT_FILES;

/// Notes per page of a list of notes of one kind.
pub const NOTES_PER_PAGE: usize = 100;
/// How many of the newest statements the home page lists.
pub const HOME_LATEST: usize = 10;

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Home,
    /// 1-based page of the statement list.
    StatementList(usize),
    Statement(usize),
    Timeline,
    TaxonomyIndex(TaxonomyKind),
    /// A term of a taxonomy, and the 1-based page of its statement list.
    Term(TaxonomyKind, usize, usize),
    Page(usize),
    /// The index of notes by statement, and its 1-based page.
    Annotations(usize),
    /// The list of notes of one kind (index into `NoteKind::ALL`), and its 1-based page.
    AnnotationKind(usize, usize),
    /// An Atom feed: of the whole archive, or of one topic.
    Feed(Option<usize>),
    /// The page describing the data downloads.
    Data,
    Search,
    NotFound,
}

#[derive(Debug, Clone)]
pub struct Planned {
    pub output: OutputPath,
    pub template: String,
    pub job: Job,
    /// What the page comes from, for collision messages.
    pub origin: String,
    /// Files written with the page: a statement's plain text and notes export.
    pub companions: Vec<OutputPath>,
}

/// Number of pages needed for `items` at `per_page` (at least one, so empty lists have a page).
fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Site path of page `n` of a paginated list whose first page is at `first`.
fn paged_path(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// Every page of the site, in a fixed order.
pub fn plan(archive: &Archive) -> Vec<Planned> {
    let mut out = Vec::new();
    let mut add = |site_path: &str, template: &str, job: Job, origin: String| {
        if let Ok(output) = OutputPath::for_page(site_path) {
            let companions = match job {
                Job::Statement(_) => STATEMENT_FILES
                    .iter()
                    .filter_map(|f| OutputPath::new(&format!("{}{f}", output.site_path())).ok())
                    .collect(),
                _ => Vec::new(),
            };
            out.push(Planned {
                output,
                template: template.to_string(),
                job,
                origin,
                companions,
            });
        }
    };
    add(
        "",
        "index.html",
        Job::Home,
        origin_of(
            archive.home.as_ref().map(|h| &h.doc.source),
            "the home page",
        ),
    );
    let lists = page_count(archive.statements.len(), archive.config.paginate_by);
    for n in 1..=lists {
        add(
            &paged_path("statements/", n),
            "statements.html",
            Job::StatementList(n),
            "the statement list".into(),
        );
    }
    for (i, s) in archive.statements.iter().enumerate() {
        add(
            &s.url(),
            "statement.html",
            Job::Statement(i),
            s.doc.source.path.display().to_string(),
        );
    }
    add(
        "timeline/",
        "timeline.html",
        Job::Timeline,
        "the timeline".into(),
    );
    let notes = NotesIndex::new(archive);
    for n in 1..=page_count(notes.statements.len(), archive.config.paginate_by) {
        add(
            &paged_path("annotations/", n),
            "annotations.html",
            Job::Annotations(n),
            "the notes index".into(),
        );
    }
    for (k, kind) in NoteKind::ALL.iter().enumerate() {
        let count = notes.by_kind[k].len();
        if count > 0 {
            for n in 1..=page_count(count, NOTES_PER_PAGE) {
                let path = paged_path(&kind_path(*kind), n);
                add(
                    &path,
                    "annotations.html",
                    Job::AnnotationKind(k, n),
                    "the notes index".into(),
                );
            }
        }
    }
    for tax in [&archive.topics, &archive.entities] {
        add(
            &tax.url(),
            "taxonomy.html",
            Job::TaxonomyIndex(tax.kind),
            format!("the {} index", tax.kind.name()),
        );
        for (t, term) in tax.terms.iter().enumerate() {
            let origin = term.doc.as_ref().map_or_else(
                || format!("{} `{}` in config.yaml", tax.kind.singular(), term.slug),
                |d| d.source.path.display().to_string(),
            );
            for n in 1..=page_count(term.members.len(), tax.paginate_by) {
                add(
                    &paged_path(&tax.url_of(t), n),
                    "term.html",
                    Job::Term(tax.kind, t, n),
                    origin.clone(),
                );
            }
        }
    }
    for (i, p) in archive.pages.iter().enumerate() {
        let template = p.doc.meta.template.as_deref().unwrap_or("page.html");
        add(
            &p.url(),
            template,
            Job::Page(i),
            p.doc.source.path.display().to_string(),
        );
    }
    add("data/", "data.html", Job::Data, "the data page".into());
    if archive.config.search {
        add(
            "search/",
            "search.html",
            Job::Search,
            "the search page".into(),
        );
    }
    let mut file = |path: String, template: &str, job: Job, origin: String| {
        if let Ok(output) = OutputPath::new(&path) {
            out.push(Planned {
                output,
                template: template.into(),
                job,
                origin,
                companions: Vec::new(),
            });
        }
    };
    file(
        "atom.xml".into(),
        "atom.xml",
        Job::Feed(None),
        "the feed".into(),
    );
    for (t, term) in archive.topics.terms.iter().enumerate() {
        let path = format!("{}atom.xml", archive.topics.url_of(t));
        file(
            path,
            "atom.xml",
            Job::Feed(Some(t)),
            format!("the feed of topic `{}`", term.slug),
        );
    }
    file(
        "404.html".into(),
        "404.html",
        Job::NotFound,
        "the not-found page".into(),
    );
    out
}

/// When a page last changed, as far as the archive knows: its newest statement's change.
pub fn last_changed(archive: &Archive, job: &Job) -> Option<ArchiveDate> {
    match job {
        Job::Statement(i) => Some(archive.statements[*i].changed),
        Job::Term(kind, t, _) => archive.taxonomy(*kind).terms[*t]
            .members
            .iter()
            .map(|&i| archive.statements[i].changed)
            .max(),
        Job::Page(_) | Job::Search | Job::NotFound => None,
        _ => archive.changed,
    }
}

fn origin_of(source: Option<&crate::diagnostics::SourceFile>, fallback: &str) -> String {
    source.map_or_else(|| fallback.to_string(), |s| s.path.display().to_string())
}

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Paginator {
    number: usize,
    total_pages: usize,
    total_items: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    first_url: String,
    last_url: String,
    /// The first and last page and those near the current one; `None` marks a gap.
    pages: Vec<Option<PageNumber>>,
}

fn paginator(
    archive: &Archive,
    first: &str,
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

/// The slice of `items` on page `number`.
fn page_slice<T>(items: &[T], number: usize, per_page: usize) -> &[T] {
    let start = ((number - 1) * per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    &items[start..end]
}

/// The page (from 1) that shows the item at `rank` (from 0) of a list.
pub fn page_of(rank: usize, per_page: usize) -> usize {
    rank / per_page + 1
}

/// Renders a planned page.
pub fn render(
    archive: &Archive,
    shared: &Shared,
    renderer: &Renderer,
    planned: &Planned,
) -> Result<String, Diagnostic> {
    let context = context(archive, shared, planned);
    renderer.render(&planned.template, &context, planned.output.as_str())
}

/// Builds the context of a planned page.
fn context(archive: &Archive, shared: &Shared, planned: &Planned) -> Context {
    let config = &archive.config;
    let mut ctx = Context::new();
    let site_path = planned.output.site_path();
    ctx.insert("current_path", &config.base_url.url(site_path));
    ctx.insert("current_url", &config.base_url.absolute(site_path));
    match &planned.job {
        Job::Home => {
            ctx.insert("page_title", &config.title);
            if let Some(home) = &archive.home {
                ctx.insert("intro", &home.rendered.html());
            }
            ctx.insert_value(
                "latest",
                Value::from(shared.cards_of(shared.newest_first.iter().copied().take(HOME_LATEST))),
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
                    "statements/",
                    *n,
                    shared.newest_first.len(),
                    per_page,
                ),
            );
            ctx.insert(
                "groups",
                &views::group_by_year(
                    archive,
                    shared,
                    page_slice(&shared.newest_first, *n, per_page),
                ),
            );
        }
        Job::Statement(id) => {
            let s = &archive.statements[*id];
            ctx.insert("page_title", &s.doc.meta.title);
            ctx.insert("statement", &StatementView::new(archive, shared, *id));
            let neighbour = |j: Option<usize>| j.map_or(Value::none(), |j| shared.cards[j].clone());
            ctx.insert_value("previous", neighbour(id.checked_sub(1)));
            ctx.insert_value(
                "next",
                neighbour((id + 1 < archive.statements.len()).then_some(id + 1)),
            );
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
        Job::Timeline => {
            let oldest_first: Vec<usize> = (0..archive.statements.len()).collect();
            ctx.insert("page_title", "Timeline");
            ctx.insert(
                "years",
                &views::group_by_year(archive, shared, &oldest_first),
            );
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
            let members: Vec<usize> = term.members.iter().rev().copied().collect();
            ctx.insert("page_title", &term.name);
            ctx.insert("taxonomy", &taxonomy_view(archive, *kind));
            ctx.insert_value("term", shared.terms(*kind)[*t].clone());
            ctx.insert("content", &term.rendered.as_ref().map(|r| r.html()));
            ctx.insert(
                "paginator",
                &paginator(archive, &tax.url_of(*t), *n, members.len(), tax.paginate_by),
            );
            ctx.insert(
                "groups",
                &views::group_by_year(archive, shared, page_slice(&members, *n, tax.paginate_by)),
            );
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
                    "annotations/",
                    *n,
                    index.statements.len(),
                    per_page,
                ),
            );
            let ids = page_slice(&index.statements, *n, per_page);
            ctx.insert("statements", &statement_groups(archive, &shared.cards, ids));
        }
        Job::AnnotationKind(k, n) => {
            let index = &shared.notes;
            let kind = NoteKind::ALL[*k];
            let pairs = &index.by_kind[*k];
            let page = page_slice(pairs, *n, NOTES_PER_PAGE);
            ctx.insert("page_title", &format!("{} notes", kind.label()));
            ctx.insert("total", &index.total);
            ctx.insert("kinds", &kind_links(archive, index));
            ctx.insert("kind", &kind.key());
            ctx.insert("kind_label", &kind.label());
            ctx.insert(
                "paginator",
                &paginator(archive, &kind_path(kind), *n, pairs.len(), NOTES_PER_PAGE),
            );
            ctx.insert_value("notes", Value::from(entries(archive, page)));
        }
        Job::Feed(topic) => {
            ctx.insert("feed", &views::feed(archive, shared, *topic));
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
    ctx
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'static str,
    singular: &'static str,
    title: &'a str,
    url: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_counts_and_paths() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(paged_path("statements/", 1), "statements/");
        assert_eq!(paged_path("statements/", 3), "statements/page/3/");
        let ids: Vec<usize> = (0..45).collect();
        assert_eq!(page_slice(&ids, 3, 20), &ids[40..45]);
        assert_eq!(page_slice(&ids, 1, 20).len(), 20);
    }
}
