//! The mentions of an entity as its pages list them: each paragraph that names it, with the
//! statement's date, the paragraph's number and a snippet around the words ("¶4 of 2 July
//! 2021: …"), in archive and reading order. Made from what pass 1 kept of each statement
//! (`model::Statement::mentions`), so no text is read.

use serde::Serialize;

use crate::ids::{StatementId, TermId};
use crate::model::Archive;
use crate::plan::{MENTIONS_PER_PAGE, mentions_path, page_slice};
use crate::urls::Href;

/// One paragraph that names the entity.
#[derive(Serialize)]
pub struct MentionView<'a> {
    /// The paragraph on the statement's page.
    pub url: Href,
    pub paragraph: u32,
    /// The statement's date, as pages show it.
    pub date: String,
    pub statement: &'a str,
    /// The snippet: the text before the words, the words that name the entity, and after.
    pub before: &'a str,
    pub words: &'a str,
    pub after: &'a str,
    /// How many times the paragraph names it.
    pub count: u32,
}

/// A page's list of mentions.
#[derive(Serialize)]
pub struct MentionsView<'a> {
    /// Paragraphs naming the entity, in the whole archive.
    pub total: usize,
    /// Statements they are in.
    pub statements: usize,
    pub items: Vec<MentionView<'a>>,
    /// The list of every mention, page by page, when the entity's page shows only the first.
    pub all_url: Option<Href>,
}

/// The mentions of entity `t` on page `page` (from 1) of its list; page 0 is its own page,
/// which shows the first [`MENTIONS_PER_PAGE`] and links the full list if there are more.
pub fn view(archive: &Archive, t: TermId, page: usize) -> MentionsView<'_> {
    let term = &archive.entities.terms[t];
    let all = &term.mentioned;
    let shown = page_slice(all, page.max(1), MENTIONS_PER_PAGE);
    let mut statements: Vec<StatementId> = all.iter().map(|&(s, _)| s).collect();
    statements.dedup();
    let base = &archive.config.base_url;
    let items = shown
        .iter()
        .map(|&(s, k)| {
            let statement = &archive.statements[s];
            let m = &statement.mentions[k];
            let (before, words, after) = m.parts();
            MentionView {
                url: base
                    .url(&statement.url())
                    .with_fragment(&format!("p{}", m.block)),
                paragraph: m.block,
                date: statement.doc.meta.date.human(),
                statement: &statement.doc.meta.title,
                before,
                words,
                after,
                count: m.count,
            }
        })
        .collect();
    MentionsView {
        total: all.len(),
        statements: statements.len(),
        items,
        all_url: (page == 0 && all.len() > MENTIONS_PER_PAGE)
            .then(|| base.url(&mentions_path(&archive.entities, t))),
    }
}

/// What the data page says of the mentions download.
#[derive(Serialize)]
pub struct MentionsData {
    /// The download of each year's paragraphs naming an entity, oldest first.
    pub years: Vec<super::views::YearDownload>,
    pub columns: &'static [&'static str],
    /// Paragraphs naming an entity, in the whole archive.
    pub count: usize,
}

pub fn data(archive: &Archive) -> MentionsData {
    MentionsData {
        years: super::views::year_downloads(archive, crate::plan::data::Download::Mentions),
        columns: crate::output::downloads::MENTION_COLUMNS,
        count: archive.statements.iter().map(|s| s.mentions.len()).sum(),
    }
}
