//! Views of recurring claims (`model::claims`): beside each paragraph of a statement's page
//! that says one ("also said on 30 September 2025, ¶2", with the differences in wording), and
//! the list of every claim (`/claims/`).

use serde::Serialize;

use crate::ids::StatementId;
use crate::model::Archive;
use crate::model::claims::{Claim, ClaimAt, Occurrence};
use crate::plan::{CLAIMS_PER_PAGE, claim_place, page_slice};
use crate::urls::Href;

use super::changes::{Segment, paragraph_diffs};
use super::notes::ChunkView;
use super::views::DateView;

/// Another statement's paragraph that says the claim.
#[derive(Serialize)]
pub struct PlaceView<'a> {
    pub title: &'a str,
    pub date: DateView,
    pub paragraph: usize,
    /// The paragraph on its statement's page (`#pN`).
    pub url: Href,
    /// The word-level differences from the wording here to the wording there; empty when the
    /// words are the same, or when an editor linked the passages (`same_as:`).
    pub differences: Vec<Segment>,
}

/// A claim said at a paragraph, and where else it is said.
#[derive(Serialize)]
pub struct ClaimLinkView<'a> {
    /// The claim on `/claims/`.
    pub url: Href,
    pub number: usize,
    /// Linked by an editor, not found by detection.
    pub declared: bool,
    pub others: Vec<PlaceView<'a>>,
    /// Occurrences not listed here (on `/claims/`).
    pub more: usize,
    /// The differences from the wording here to each other wording of `others`, once per
    /// wording.
    pub wordings: Vec<WordingView>,
}

/// Another wording of a claim, where it is said, and how it differs from the wording here.
#[derive(Serialize)]
pub struct WordingView {
    pub dates: Vec<DateView>,
    pub differences: Vec<Segment>,
}

/// The claims a paragraph says.
#[derive(Serialize)]
pub struct ParagraphClaims<'a> {
    pub paragraph: usize,
    pub claims: Vec<ClaimLinkView<'a>>,
}

/// The address of claim `c` on `/claims/`.
pub fn claim_url(archive: &Archive, c: usize) -> Href {
    let (page, anchor) = claim_place(c);
    archive.config.base_url.url(&page).with_fragment(&anchor)
}

fn place<'a>(archive: &'a Archive, o: &Occurrence) -> (&'a str, DateView, Href) {
    let s = &archive.statements[o.statement];
    (
        &s.doc.meta.title,
        DateView::from(&s.doc.meta.date),
        archive
            .config
            .base_url
            .url(&s.url())
            .with_fragment(&format!("p{}", o.paragraph)),
    )
}

/// The differences from wording `from` to wording `to` of `claim`, when both are known and
/// differ.
fn differences(claim: &Claim, from: Option<usize>, to: Option<usize>) -> Vec<Segment> {
    match (from, to) {
        (Some(a), Some(b)) if a != b => paragraph_diffs(&claim.wordings[a], &claim.wordings[b])
            .0
            .into_iter()
            .flat_map(|p| p.segments)
            .collect(),
        _ => Vec::new(),
    }
}

fn link_view<'a>(archive: &'a Archive, at: ClaimAt) -> ClaimLinkView<'a> {
    let claim = &archive.claims.list[at.claim];
    let here = claim.occurrences[at.occurrence];
    let (shown, more) = archive.claims.others(at);
    let mut wordings: Vec<(usize, WordingView)> = Vec::new();
    for &o in &shown {
        let there = &claim.occurrences[o];
        // An editor's link compares no wording.
        let (Some(w), Some(mine)) = (there.wording, here.wording) else {
            continue;
        };
        if w == mine {
            continue;
        }
        let date = DateView::from(&archive.statements[there.statement].doc.meta.date);
        match wordings.iter_mut().find(|(k, _)| *k == w) {
            Some((_, view)) => view.dates.push(date),
            None => wordings.push((
                w,
                WordingView {
                    dates: vec![date],
                    differences: differences(claim, here.wording, Some(w)),
                },
            )),
        }
    }
    ClaimLinkView {
        wordings: wordings.into_iter().map(|(_, v)| v).collect(),
        url: claim_url(archive, at.claim),
        number: at.claim + 1,
        declared: claim.declared,
        others: shown
            .into_iter()
            .map(|o| {
                let there = &claim.occurrences[o];
                let (title, date, url) = place(archive, there);
                PlaceView {
                    title,
                    date,
                    paragraph: there.paragraph,
                    url,
                    differences: Vec::new(),
                }
            })
            .collect(),
        more,
    }
}

/// Statement `id`'s claims, paragraph by paragraph, in order.
pub fn of_statement(archive: &Archive, id: StatementId) -> Vec<ParagraphClaims<'_>> {
    let mut out: Vec<ParagraphClaims<'_>> = Vec::new();
    for at in archive.claims.in_statement(id) {
        let view = link_view(archive, at);
        match out.last_mut() {
            Some(last) if last.paragraph == at.paragraph => last.claims.push(view),
            _ => out.push(ParagraphClaims {
                paragraph: at.paragraph,
                claims: vec![view],
            }),
        }
    }
    out
}

/// The paragraph numbers of the blocks in a chunk of a statement's HTML: each block's element
/// carries `id="pN"` (attribute values of the text are escaped, so the pattern is only ever an
/// id).
fn block_numbers(html: &str) -> Vec<usize> {
    html.match_indices(" id=\"p")
        .filter_map(|(k, m)| {
            let rest = &html[k + m.len()..];
            let end = rest.find('"')?;
            rest[..end].parse().ok()
        })
        .collect()
}

/// Places statement `id`'s claims after the chunks that hold their paragraphs.
pub fn attach(archive: &Archive, id: StatementId, chunks: &mut [ChunkView<'_>]) -> usize {
    let mut claims = of_statement(archive, id).into_iter().peekable();
    let mut count = 0;
    for chunk in chunks.iter_mut().filter(|c| c.furniture.is_empty()) {
        let numbers = block_numbers(&chunk.html);
        let Some(&last) = numbers.last() else {
            continue;
        };
        while let Some(p) = claims.next_if(|p| p.paragraph <= last) {
            count += p.claims.len();
            chunk.claims.push(tera::Value::from_serializable(&p));
        }
    }
    count
}

/// A claim as `/claims/` lists it.
#[derive(Serialize)]
pub struct ClaimView<'a> {
    pub number: usize,
    pub anchor: String,
    pub text: &'a str,
    pub declared: bool,
    /// The number of wordings (1: word for word everywhere).
    pub wordings: usize,
    pub statements: usize,
    /// Where its text (the first wording) is from: the first appearance, except for a
    /// passage an editor linked to an earlier one.
    pub worded: PlaceView<'a>,
    pub first: PlaceView<'a>,
    pub latest: PlaceView<'a>,
    /// Every occurrence, in archive order, each with its differences from the first wording.
    pub occurrences: Vec<PlaceView<'a>>,
}

fn place_view<'a>(archive: &'a Archive, claim: &Claim, o: &Occurrence) -> PlaceView<'a> {
    let (title, date, url) = place(archive, o);
    PlaceView {
        title,
        date,
        paragraph: o.paragraph,
        url,
        differences: differences(claim, Some(0), o.wording),
    }
}

/// The claims on page `n` of `/claims/`.
pub fn page(archive: &Archive, n: usize) -> Vec<ClaimView<'_>> {
    let first = (n - 1) * CLAIMS_PER_PAGE;
    page_slice(&archive.claims.list, n, CLAIMS_PER_PAGE)
        .iter()
        .enumerate()
        .map(|(k, claim)| {
            let c = first + k;
            let occurrences: Vec<PlaceView<'_>> = claim
                .occurrences
                .iter()
                .map(|o| place_view(archive, claim, o))
                .collect();
            let last = claim.occurrences.last().unwrap_or(&claim.occurrences[0]);
            ClaimView {
                number: c + 1,
                anchor: claim_place(c).1,
                text: claim.text(),
                declared: claim.declared,
                wordings: claim.wordings.len(),
                statements: claim.statements().len(),
                worded: place_view(
                    archive,
                    claim,
                    claim
                        .occurrences
                        .iter()
                        .find(|o| o.wording == Some(0))
                        .unwrap_or(&claim.occurrences[0]),
                ),
                first: place_view(archive, claim, &claim.occurrences[0]),
                latest: place_view(archive, claim, last),
                occurrences,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_names_its_paragraphs_by_their_ids() {
        let html = "<ul>\n<li id=\"p4\">One <a href=\"/x/#p9\">x</a></li>\n<li id=\"p5\">Two</li>\n</ul>\n";
        assert_eq!(block_numbers(html), vec![4, 5]);
        assert_eq!(
            block_numbers("<p id=\"p12\" class=\"framing\">Text</p>"),
            vec![12]
        );
        assert!(block_numbers("<pre>id=&quot;p3&quot;</pre>").is_empty());
    }
}
