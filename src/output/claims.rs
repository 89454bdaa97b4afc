//! `data/claims.jsonl.gz` and `data/claims.csv.gz`: the recurring claims (`model::claims`),
//! each with every paragraph that says it, for reuse; a claim per line and a place per row,
//! gzipped (a claim's places span the years, so these are not split by year; compressed,
//! the claims of 200,000 statements are about 12 MB, not 90). The fields are described on
//! the `/data/` page; keep the two in step.

use serde::Serialize;

use super::downloads::{gzip, gzipped_csv, write_line};
use crate::model::Archive;
use crate::model::claims::{Claim, Occurrence};
use crate::plan::claim_place;

#[derive(Serialize)]
struct ClaimRecord<'a> {
    id: String,
    url: String,
    text: &'a str,
    /// `detected` or `linked` (by an editor's `same_as:`).
    found: &'static str,
    wordings: &'a [String],
    first: Said<'a>,
    latest: Said<'a>,
    occurrences: Vec<Said<'a>>,
}

/// A paragraph that says a claim.
#[derive(Serialize)]
struct Said<'a> {
    statement: &'a str,
    date: String,
    paragraph: usize,
    url: String,
    /// Index into the claim's `wordings`; absent for the far side of an editor's link.
    #[serde(skip_serializing_if = "Option::is_none")]
    wording: Option<usize>,
}

fn said<'a>(archive: &'a Archive, o: &Occurrence) -> Said<'a> {
    let s = &archive.statements[o.statement];
    Said {
        statement: &s.doc.slug,
        date: s.doc.meta.date.iso(),
        paragraph: o.paragraph,
        url: s
            .permalink
            .with_fragment(&format!("p{}", o.paragraph))
            .to_string(),
        wording: o.wording,
    }
}

fn found(claim: &Claim) -> &'static str {
    if claim.declared { "linked" } else { "detected" }
}

/// A claim's id in the downloads and its anchor on `/claims/`.
fn id_and_url(archive: &Archive, c: usize) -> (String, String) {
    let (page, anchor) = claim_place(c);
    let url = archive
        .config
        .base_url
        .absolute(&page)
        .with_fragment(&anchor)
        .to_string();
    (anchor, url)
}

/// `data/claims.jsonl.gz`: a claim per line, by first appearance.
pub fn jsonl(archive: &Archive) -> Vec<u8> {
    let mut out = gzip();
    for (c, claim) in archive.claims.list.iter().enumerate() {
        {
            let (id, url) = id_and_url(archive, c);
            let occurrences: Vec<Said<'_>> =
                claim.occurrences.iter().map(|o| said(archive, o)).collect();
            let record = ClaimRecord {
                id,
                url,
                text: claim.text(),
                found: found(claim),
                wordings: &claim.wordings,
                first: said(archive, &claim.occurrences[0]),
                latest: said(
                    archive,
                    claim.occurrences.last().unwrap_or(&claim.occurrences[0]),
                ),
                occurrences,
            };
            write_line(&mut out, &record);
        }
    }
    out.finish().unwrap_or_default()
}

/// The columns of `claims.csv`.
pub const COLUMNS: &[&str] = &[
    "claim",
    "claim_url",
    "found",
    "statement",
    "date",
    "paragraph",
    "url",
    "words",
];

/// `data/claims.csv.gz`: one row per paragraph that says a claim, claims by first appearance,
/// each claim's rows in archive order; `words` is the wording said there (empty for the far
/// side of an editor's link).
pub fn csv(archive: &Archive) -> Vec<u8> {
    gzipped_csv(COLUMNS, |w| {
        for (c, claim) in archive.claims.list.iter().enumerate() {
            let (id, url) = id_and_url(archive, c);
            for o in &claim.occurrences {
                let s = said(archive, o);
                let words = o.wording.map_or("", |k| claim.wordings[k].as_str());
                let row = [
                    id.as_str(),
                    url.as_str(),
                    found(claim),
                    s.statement,
                    &s.date,
                    &s.paragraph.to_string(),
                    &s.url,
                    words,
                ];
                let _ = w.write_record(row);
            }
        }
    })
}
