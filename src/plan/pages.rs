//! The pages of the site: where each is written, with which template, how lists are
//! paginated, and which statements each page shows.

use crate::content::meta::NoteKind;
use crate::date::ArchiveDate;
use crate::model::{Archive, NoteId, StatementId, TaxonomyKind, TermId};
use crate::urls::{Href, OutputPath, SitePath};

/// The files written beside each statement's page, by name in the page's folder. One: its
/// notes. Its plain text (which note positions count in) is in the year's statements download,
/// and its citation in the page: a file per statement for each cost a file per statement for
/// a few kilobytes, and GitHub Pages counts a site's files as well as its bytes.
pub mod companions {
    /// The statement's notes as a W3C AnnotationCollection.
    pub const NOTES: &str = "annotations.jsonld";
    /// Every companion file, in the order they are written.
    pub const ALL: [&str; 1] = [NOTES];
}

/// Recurring claims per page of `/claims/`.
pub const CLAIMS_PER_PAGE: usize = 20;

/// Site path of the list of recurring claims.
pub fn claims_path() -> SitePath {
    SitePath::new("claims/")
}

/// Where claim `c` (its index in `Claims::list`) is listed: its page of `/claims/` and its
/// anchor there (`c<N>`, numbered from 1 by first appearance).
pub fn claim_place(c: usize) -> (SitePath, String) {
    (
        paged_path(&claims_path(), c / CLAIMS_PER_PAGE + 1),
        format!("c{}", c + 1),
    )
}

/// Notes per page of a list of notes of one kind.
pub const NOTES_PER_PAGE: usize = 100;
/// Mentions an entity's page lists; an entity mentioned in more paragraphs also has the list
/// of every mention (`entities/<slug>/mentions/`), this many a page.
pub const MENTIONS_PER_PAGE: usize = 100;
/// Past this many statements, the timeline is an overview of the years at `timeline/` and a
/// page per year at `timeline/<year>/`: on one page, the timeline of 10,000 statements was
/// 6.7 MB of HTML, and of 100,000, 67 MB.
pub const TIMELINE_ONE_PAGE: usize = 1_000;

/// Whether the timeline has a page per year.
pub fn timeline_by_year(archive: &Archive) -> bool {
    archive.statements.len() > TIMELINE_ONE_PAGE
}

/// The years the timeline has something in: of its statements, of the events their notes
/// state, and of the reports they answer, oldest first (each a page of its own, and a file of
/// the timeline's download).
pub fn timeline_years(archive: &Archive) -> Vec<i32> {
    let statements = archive
        .statements
        .iter()
        .map(|s| i32::from(s.doc.meta.date.year()));
    let events = archive
        .events()
        .into_iter()
        .map(|e| i32::from(e.meta.date.year));
    let reports = archive
        .statements
        .iter()
        .filter_map(|s| s.doc.meta.responds_to.as_ref()?.year);
    let mut years: Vec<i32> = statements.chain(events).chain(reports).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// Where the timeline shows `year`: its page, or its section of the one page.
pub fn timeline_year_href(archive: &Archive, year: i32) -> Href {
    let base = &archive.config.base_url;
    if timeline_by_year(archive) {
        base.url(&SitePath::new(format!("timeline/{year}/")))
    } else {
        base.url(&SitePath::new("timeline/"))
            .with_fragment(&format!("y{year}"))
    }
}

/// How many of the newest statements the home page lists.
pub const HOME_LATEST: usize = 10;

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Home,
    /// 1-based page of the statement list.
    StatementList(usize),
    Statement(StatementId),
    /// The differences between the versions of a statement's text, for one that has earlier
    /// versions.
    Changes(StatementId),
    /// Two statements side by side, the earlier first (archive order): consecutive statements
    /// of a series, or related ones ([`compare_pairs`]).
    Compare(StatementId, StatementId),
    /// A translation beside its original, paragraph by paragraph: the translation.
    Parallel(StatementId),
    /// The timeline: every year with its statements and events, or, for an archive of more
    /// than [`TIMELINE_ONE_PAGE`] statements, the overview of the years.
    Timeline,
    /// A year of the timeline on a page of its own (an archive of more than
    /// [`TIMELINE_ONE_PAGE`] statements), for each year that has something.
    TimelineYear(i32),
    /// The figures ledger's index, `/figures/`: every measure.
    Figures,
    /// A measure's page, `/figures/<slug>/`: its figures by period, a chart, a table.
    Measure(usize),
    TaxonomyIndex(TaxonomyKind),
    /// A term of a taxonomy, and the 1-based page of its statement list.
    Term(TaxonomyKind, TermId, usize),
    /// The list of every mention of an entity, and its 1-based page (for an entity named in
    /// more paragraphs than its page lists).
    Mentions(TermId, usize),
    Page(usize),
    /// The index of notes by statement, and its 1-based page.
    Annotations(usize),
    /// The list of notes of one kind (index into `NoteKind::ALL`), and its 1-based page.
    AnnotationKind(usize, usize),
    /// An Atom feed: of the whole archive, or of one topic.
    Feed(Option<TermId>),
    /// The corrections log, `/changes/`: every correction to the archive's own content.
    Corrections,
    /// Its Atom feed.
    CorrectionsFeed,
    /// The list of recurring claims, `/claims/`, and its 1-based page.
    Claims(usize),
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
    /// The statements the page shows something of besides its own (a card in a list, a
    /// neighbour, an entry in a feed, notes in the notes index), in the order it shows them.
    /// A statement's own page lists its neighbours and related statements here.
    pub shows: Vec<StatementId>,
    /// What a notes page showed before `serve` updated a statement in place and planned the
    /// notes pages again (empty otherwise), so that a statement leaving a page updates it.
    pub shows_before: Vec<StatementId>,
}

/// Which notes exist, in the orders the notes index lists them; made once per plan.
pub struct NotesIndex {
    /// Statements with notes, newest first.
    pub statements: Vec<StatementId>,
    /// For each kind (in [`NoteKind::ALL`] order): its notes, newest first.
    pub by_kind: Vec<Vec<NoteId>>,
    pub total: usize,
}

impl NotesIndex {
    pub fn new(archive: &Archive) -> Self {
        let mut by_kind = vec![Vec::new(); NoteKind::ALL.len()];
        let mut statements = Vec::new();
        let mut total = 0;
        for (id, s) in archive.statement_ids().zip(&archive.statements).rev() {
            if !s.notes.is_empty() {
                statements.push(id);
            }
            for (j, n) in s.notes.iter().enumerate() {
                by_kind[n.meta.kind.index()].push(NoteId::new(id, j));
                total += 1;
            }
        }
        NotesIndex {
            statements,
            by_kind,
            total,
        }
    }
}

/// Site path of the list of notes of kind `kind`.
pub fn kind_path(kind: NoteKind) -> SitePath {
    SitePath::new(format!("annotations/{}/", kind.key()))
}

/// Site path of the list of every mention of entity `t`.
pub fn mentions_path(entities: &crate::model::Taxonomy, t: TermId) -> SitePath {
    entities.url_of(t).join("mentions/")
}

/// Site path of the corrections log.
pub fn corrections_path() -> SitePath {
    SitePath::new("changes/")
}

/// Every correction of the archive, as (statement, correction) pairs, newest first (ties in
/// archive order, then in the order written).
pub fn corrections(archive: &Archive) -> Vec<(StatementId, usize)> {
    let mut all: Vec<(StatementId, usize)> = archive
        .statement_ids()
        .zip(&archive.statements)
        .flat_map(|(i, s)| (0..s.doc.meta.corrections.len()).map(move |k| (i, k)))
        .collect();
    let date = |&(i, k): &(StatementId, usize)| archive.statements[i].doc.meta.corrections[k].date;
    all.sort_by(|a, b| date(b).cmp(&date(a)).then(a.cmp(b)));
    all
}

/// Site path of the page of the differences between statement `s`'s versions.
pub fn changes_path(s: &crate::model::Statement) -> SitePath {
    s.url().join("changes/")
}

/// Site path of the page comparing statements `a` and `b` (the earlier first).
pub fn compare_path(a: &crate::model::Statement, b: &crate::model::Statement) -> SitePath {
    SitePath::new(format!("compare/{}/{}/", a.doc.slug, b.doc.slug))
}

/// Site path of translation `s`'s parallel page, beside its original.
pub fn parallel_path(s: &crate::model::Statement) -> SitePath {
    s.url().join("parallel/")
}

/// Why two statements are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CompareWhy {
    /// The other is the previous statement of the series (answering the same document).
    SeriesPrevious,
    /// The other is the next statement of the series.
    SeriesNext,
    /// One lists the other as related.
    Related,
}

/// Every pair of statements compared side by side, the earlier first, in archive order: each
/// statement and the previous one of its series, and each `related` pair.
pub fn compare_pairs(archive: &Archive) -> Vec<(StatementId, StatementId)> {
    let mut pairs = std::collections::BTreeSet::new();
    for (i, s) in archive.statement_ids().zip(&archive.statements) {
        if let Some(p) = s.series_previous {
            pairs.insert((p, i));
        }
        for &j in s.related.iter().filter(|&&j| j != i) {
            pairs.insert((i.min(j), i.max(j)));
        }
    }
    pairs.into_iter().collect()
}

/// The statements statement `id` is compared with ([`compare_pairs`]), in archive order, each
/// with why (the series first when both apply). Made from `id`'s own links, its backlinks
/// holding the statements that list it as related.
pub fn compare_partners(archive: &Archive, id: StatementId) -> Vec<(StatementId, CompareWhy)> {
    let s = &archive.statements[id];
    let listing_it = s.backlinks.iter().filter_map(|d| match d {
        crate::model::DocRef::Statement(j) if archive.statements[*j].related.contains(&id) => {
            Some(*j)
        }
        _ => None,
    });
    let mut out: Vec<(StatementId, CompareWhy)> = s
        .series_previous
        .map(|p| (p, CompareWhy::SeriesPrevious))
        .into_iter()
        .chain(s.series_next.map(|n| (n, CompareWhy::SeriesNext)))
        .chain(
            s.related
                .iter()
                .copied()
                .chain(listing_it)
                .filter(|&j| j != id)
                .map(|j| (j, CompareWhy::Related)),
        )
        .collect();
    out.sort();
    out.dedup_by_key(|(j, _)| *j);
    out
}

/// The slice of `items` on page `number` (from 1) of a list of `per_page` a page.
pub fn page_slice<T>(items: &[T], number: usize, per_page: usize) -> &[T] {
    let start = ((number - 1) * per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    &items[start..end]
}

/// Number of pages needed for `items` at `per_page` (at least one, so empty lists have a page).
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Site path of page `n` of a paginated list whose first page is at `first`.
pub fn paged_path(first: &SitePath, n: usize) -> SitePath {
    if n <= 1 {
        first.clone()
    } else {
        first.join(&format!("page/{n}/"))
    }
}

/// Every page of the site, in a fixed order.
pub fn plan(archive: &Archive) -> Vec<Planned> {
    let mut out = Vec::new();
    let mut add = |site_path: &SitePath, template: &str, job: Job, origin: String| {
        if let Ok(output) = OutputPath::for_page(site_path) {
            let companions = match job {
                Job::Statement(_) => companions::ALL
                    .iter()
                    .filter_map(|f| OutputPath::for_file(&output.site_path().join(f)).ok())
                    .collect(),
                _ => Vec::new(),
            };
            out.push(Planned {
                output,
                template: template.to_string(),
                job,
                origin,
                companions,
                shows: Vec::new(),
                shows_before: Vec::new(),
            });
        }
    };
    add(
        &SitePath::default(),
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
            &paged_path(&SitePath::new("statements/"), n),
            "statements.html",
            Job::StatementList(n),
            "the statement list".into(),
        );
    }
    for (i, s) in archive.statement_ids().zip(&archive.statements) {
        add(
            &s.url(),
            "statement.html",
            Job::Statement(i),
            s.doc.source.path.display().to_string(),
        );
    }
    for (i, s) in archive.statement_ids().zip(&archive.statements) {
        if !s.versions.is_empty() {
            add(
                &changes_path(s),
                "changes.html",
                Job::Changes(i),
                format!("the changes of {}", s.doc.source.path.display()),
            );
        }
    }
    for (a, b) in compare_pairs(archive) {
        let (sa, sb) = (&archive.statements[a], &archive.statements[b]);
        add(
            &compare_path(sa, sb),
            "compare.html",
            Job::Compare(a, b),
            format!(
                "the comparison of {} with {}",
                sa.doc.source.path.display(),
                sb.doc.source.path.display()
            ),
        );
    }
    for (i, s) in archive.statement_ids().zip(&archive.statements) {
        if s.translation_of.is_some() {
            add(
                &parallel_path(s),
                "parallel.html",
                Job::Parallel(i),
                format!("the parallel text of {}", s.doc.source.path.display()),
            );
        }
    }
    add(
        &SitePath::new("timeline/"),
        "timeline.html",
        Job::Timeline,
        "the timeline".into(),
    );
    if timeline_by_year(archive) {
        for year in timeline_years(archive) {
            add(
                &SitePath::new(format!("timeline/{year}/")),
                "timeline.html",
                Job::TimelineYear(year),
                format!("the timeline's {year}"),
            );
        }
    }
    add(
        &SitePath::new("figures/"),
        "figures.html",
        Job::Figures,
        "the figures ledger".into(),
    );
    for (m, measure) in archive.measures.iter().enumerate() {
        let origin = measure.doc.as_ref().map_or_else(
            || format!("measure `{}` in config.yaml", measure.slug),
            |d| d.source.path.display().to_string(),
        );
        add(&measure.url(), "measure.html", Job::Measure(m), origin);
    }
    let notes = NotesIndex::new(archive);
    for n in 1..=page_count(notes.statements.len(), archive.config.paginate_by) {
        add(
            &paged_path(&SitePath::new("annotations/"), n),
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
        for (t, term) in tax.ids().zip(&tax.terms) {
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
            if term.mentioned.len() > MENTIONS_PER_PAGE {
                for n in 1..=page_count(term.mentioned.len(), MENTIONS_PER_PAGE) {
                    add(
                        &paged_path(&mentions_path(tax, t), n),
                        "mentions.html",
                        Job::Mentions(t, n),
                        origin.clone(),
                    );
                }
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
    add(
        &corrections_path(),
        "corrections.html",
        Job::Corrections,
        "the corrections log".into(),
    );
    for n in 1..=page_count(archive.claims.list.len(), CLAIMS_PER_PAGE) {
        add(
            &paged_path(&claims_path(), n),
            "claims.html",
            Job::Claims(n),
            "the recurring claims".into(),
        );
    }
    add(
        &SitePath::new("data/"),
        "data.html",
        Job::Data,
        "the data page".into(),
    );
    if archive.config.search {
        add(
            &SitePath::new("search/"),
            "search.html",
            Job::Search,
            "the search page".into(),
        );
    }
    let mut file = |path: SitePath, template: &str, job: Job, origin: String| {
        if let Ok(output) = OutputPath::for_file(&path) {
            out.push(Planned {
                output,
                template: template.into(),
                job,
                origin,
                companions: Vec::new(),
                shows: Vec::new(),
                shows_before: Vec::new(),
            });
        }
    };
    file(
        SitePath::new("atom.xml"),
        "atom.xml",
        Job::Feed(None),
        "the feed".into(),
    );
    for (t, term) in archive.topics.ids().zip(&archive.topics.terms) {
        file(
            archive.topics.url_of(t).join("atom.xml"),
            "atom.xml",
            Job::Feed(Some(t)),
            format!("the feed of topic `{}`", term.slug),
        );
    }
    file(
        corrections_path().join("atom.xml"),
        "corrections.xml",
        Job::CorrectionsFeed,
        "the corrections feed".into(),
    );
    file(
        SitePath::new("404.html"),
        "404.html",
        Job::NotFound,
        "the not-found page".into(),
    );
    for p in &mut out {
        p.shows = shows(archive, &notes, &p.job);
    }
    out
}

/// The statements page `job` shows something of, besides its own: see [`Planned::shows`].
pub fn shows(archive: &Archive, notes: &NotesIndex, job: &Job) -> Vec<StatementId> {
    let config = &archive.config;
    let count = archive.statements.len();
    let newest_first = || archive.statement_ids().rev();
    let newest_of_term = |kind: TaxonomyKind, t: TermId| {
        archive.taxonomy(kind).terms[t]
            .members
            .iter()
            .rev()
            .copied()
    };
    match job {
        Job::Home => newest_first().take(HOME_LATEST).collect(),
        Job::StatementList(n) => {
            let ids: Vec<StatementId> = newest_first().collect();
            page_slice(&ids, *n, config.paginate_by).to_vec()
        }
        Job::Statement(id) => {
            let s = &archive.statements[*id];
            id.before()
                .into_iter()
                .chain(id.after(count))
                .chain(s.related.iter().copied())
                .chain(archive.claims.shown_with(*id))
                .collect()
        }
        // Its own statement's text, which is not its page.
        Job::Changes(id) => vec![*id],
        // The texts of both.
        Job::Compare(a, b) => vec![*a, *b],
        Job::Parallel(t) => archive.statements[*t]
            .translation_of
            .into_iter()
            .chain([*t])
            .collect(),
        Job::Timeline => archive.statement_ids().collect(),
        // Its statements, those stating its events and those answering its reports.
        Job::TimelineYear(year) => {
            let mut ids: Vec<StatementId> = archive
                .statement_ids()
                .zip(&archive.statements)
                .filter(|(_, s)| {
                    let meta = &s.doc.meta;
                    i32::from(meta.date.year()) == *year
                        || meta.responds_to.as_ref().and_then(|r| r.year) == Some(*year)
                })
                .map(|(id, _)| id)
                .collect();
            let stating = archive.events().into_iter();
            ids.extend(
                stating
                    .filter(|e| i32::from(e.meta.date.year) == *year)
                    .map(|e| e.statement),
            );
            ids.sort_unstable();
            ids.dedup();
            ids
        }
        // The statements that state its figures (the index: each measure's latest).
        Job::Figures => statements_of(archive.figures()),
        Job::Measure(m) => statements_of(archive.figures_of(*m)),
        Job::Term(kind, t, n) => {
            let ids: Vec<StatementId> = newest_of_term(*kind, *t).collect();
            let mut ids = page_slice(&ids, *n, archive.taxonomy(*kind).paginate_by).to_vec();
            // An entity's first page lists its first mentions too.
            if *kind == TaxonomyKind::Entities && *n == 1 {
                ids.extend(mentioning(archive, *t, 1));
                ids.sort_unstable_by(|a, b| b.cmp(a));
                ids.dedup();
            }
            ids
        }
        Job::Mentions(t, n) => mentioning(archive, *t, *n),
        Job::Annotations(n) => page_slice(&notes.statements, *n, config.paginate_by).to_vec(),
        Job::Claims(n) => {
            let mut ids: Vec<StatementId> = page_slice(&archive.claims.list, *n, CLAIMS_PER_PAGE)
                .iter()
                .flat_map(|c| c.occurrences.iter().map(|o| o.statement))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }
        Job::AnnotationKind(k, n) => {
            let mut ids: Vec<StatementId> = page_slice(&notes.by_kind[*k], *n, NOTES_PER_PAGE)
                .iter()
                .map(|note| note.statement)
                .collect();
            ids.dedup();
            ids
        }
        Job::Feed(None) => newest_first().take(config.feed_limit).collect(),
        Job::Feed(Some(t)) => newest_of_term(TaxonomyKind::Topics, *t)
            .take(config.feed_limit)
            .collect(),
        Job::Corrections | Job::CorrectionsFeed => {
            let mut ids: Vec<StatementId> = corrections(archive).iter().map(|&(i, _)| i).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }
        Job::TaxonomyIndex(_) | Job::Page(_) | Job::Data | Job::Search | Job::NotFound => {
            Vec::new()
        }
    }
}

/// The statements `figures` are stated in, in archive order, each once.
fn statements_of(figures: Vec<crate::model::FigureRef<'_>>) -> Vec<StatementId> {
    let mut ids: Vec<StatementId> = figures.iter().map(|f| f.statement).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The statements whose mentions of entity `t` page `n` of its list shows, in archive order.
fn mentioning(archive: &Archive, t: TermId, n: usize) -> Vec<StatementId> {
    let all = &archive.entities.terms[t].mentioned;
    let mut ids: Vec<StatementId> = page_slice(all, n, MENTIONS_PER_PAGE)
        .iter()
        .map(|&(s, _)| s)
        .collect();
    ids.dedup();
    ids
}

/// When a page last changed, as far as the archive knows: its newest statement's change.
///
/// A term's page changed when the newest change of the statements it shows did: taking every
/// member of the term for each of its pages made the sitemap quadratic in a term's size (seconds
/// at 100,000 statements, after every save in `serve`).
pub fn last_changed(archive: &Archive, page: &Planned) -> Option<ArchiveDate> {
    match page.job {
        Job::Statement(i) | Job::Changes(i) => Some(archive.statements[i].changed),
        Job::Compare(..) | Job::Parallel(_) => page
            .shows
            .iter()
            .map(|&i| archive.statements[i].changed)
            .max(),
        Job::Term(..) | Job::Mentions(..) => page
            .shows
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_counts_and_paths() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        let list = SitePath::new("statements/");
        assert_eq!(paged_path(&list, 1).as_str(), "statements/");
        assert_eq!(paged_path(&list, 3).as_str(), "statements/page/3/");
        let ids: Vec<usize> = (0..45).collect();
        assert_eq!(page_slice(&ids, 3, 20), &ids[40..45]);
        assert_eq!(page_slice(&ids, 1, 20).len(), 20);
    }
}
