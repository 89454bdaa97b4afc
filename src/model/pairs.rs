//! Statements that go together in pairs: a translation and its original (`translation_of`,
//! with its `alignment` checked against both texts' paragraphs), and consecutive statements of
//! a series.
//!
//! **Series.** A series is the statements answering the same document: the same
//! `responds_to.document`, compared exactly as written. A document issued yearly (a report's
//! 2021 and 2025 editions) is one series; `responds_to.year` says which edition each answers
//! and does not split the series, so each statement's predecessor is the previous statement,
//! by date, answering any edition of the same document. A translation (`translation_of`) is
//! its original in another language, not a statement of its own: it is left out of series
//! (its parallel page sets it beside its original).

use crate::content::Doc;
use crate::content::meta::{StatementMeta, Translation};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Seg;

use super::{Archive, ContentIndex, DocRef, StatementId};

fn key(name: &str) -> Seg {
    Seg::Key(name.into())
}

/// The statement `translation_of` names, if it names one; what is wrong with it otherwise.
pub(super) fn resolve_translation_of(
    id: StatementId,
    doc: &Doc<StatementMeta>,
    index: &ContentIndex,
    diagnostics: &mut Diagnostics,
) -> Option<StatementId> {
    let entry = doc.meta.translation_of.as_deref()?;
    let at = [key("translation_of")];
    let Some(path) = entry.strip_prefix("@/") else {
        diagnostics.push(
            doc.error_at(&at, format!("translation_of `{entry}` is not a content link"))
                .hint("write it as `@/statements/<file>.md`, the path of the original's file under content/"),
        );
        return None;
    };
    let target = match index.lookup(path) {
        Ok(DocRef::Statement(t)) => t,
        Ok(_) => {
            diagnostics.push(
                doc.error_at(&at, format!("translation_of `{entry}` is not a statement"))
                    .hint("a translation's original is another statement of the archive"),
            );
            return None;
        }
        Err(_) if index.is_broken(path) => return None,
        Err(why) => {
            diagnostics.push(
                doc.error_at(&at, format!("broken translation_of link `{entry}`: {why}"))
                    .label("no such statement"),
            );
            return None;
        }
    };
    if target == id {
        diagnostics.push(
            doc.error_at(&at, "translation_of names this statement itself")
                .label("this file")
                .hint("name the statement this text was translated from"),
        );
        return None;
    }
    let translation = doc.meta.source.as_ref().map(|s| s.translation);
    if translation.is_none_or(|t| t == Translation::None) {
        diagnostics.push(
            doc.error_at(&at, "a translation must say by whom it was translated")
                .hint("add `source.translation:` official (by the issuer), machine or editorial (by the archive)"),
        );
    }
    Some(target)
}

/// Fills each original's `translations` and reports cycles of `translation_of` (each
/// statement of a cycle, whose link is then dropped, so that no page follows it).
pub(super) fn link_translations(archive: &mut Archive, diagnostics: &mut Diagnostics) {
    let cycles: Vec<Option<Vec<StatementId>>> = archive
        .statement_ids()
        .map(|i| cycle_from(archive, i))
        .collect();
    for (start, cycle) in archive.statement_ids().zip(&cycles) {
        let Some(path) = cycle else { continue };
        let names: Vec<&str> = path
            .iter()
            .chain(std::iter::once(&start))
            .map(|&i| archive.statements[i].doc.rel.as_str())
            .collect();
        diagnostics.push(
            archive.statements[start]
                .doc
                .error_at(
                    &[key("translation_of")],
                    format!("translations form a cycle: {}", names.join(" → ")),
                )
                .label("part of the cycle")
                .hint("an original is not a translation of its own translation: remove `translation_of` from the original"),
        );
    }
    for (s, cycle) in archive.statements.iter_mut().zip(&cycles) {
        if cycle.is_some() {
            s.translation_of = None;
        }
    }
    for i in archive.statement_ids() {
        if let Some(original) = archive.statements[i].translation_of {
            archive.statements[original].translations.push(i);
        }
    }
}

/// The statements from `start` round a cycle of `translation_of` back to it, if `start` is in
/// one. Each statement names at most one original, so the walk either ends or comes back to a
/// statement already met.
fn cycle_from(archive: &Archive, start: StatementId) -> Option<Vec<StatementId>> {
    let mut path = vec![start];
    let mut at = start;
    while let Some(next) = archive.statements[at].translation_of {
        if let Some(k) = path.iter().position(|&p| p == next) {
            return (k == 0).then_some(path);
        }
        path.push(next);
        at = next;
    }
    None
}

/// Checks translation `id`'s `alignment` (or, without one, that its paragraph count is its
/// original's): every paragraph of both sides placed exactly once.
pub(super) fn check_alignment(archive: &Archive, id: StatementId) -> Vec<Diagnostic> {
    let s = &archive.statements[id];
    let doc = &s.doc;
    let rows = &doc.meta.alignment;
    let Some(original) = s.translation_of else {
        return if rows.is_empty() || doc.meta.translation_of.is_some() {
            Vec::new()
        } else {
            vec![
                doc.error_at(&[key("alignment")], "`alignment` without `translation_of`")
                    .hint("an alignment pairs a translation's paragraphs with its original's: add `translation_of:` or remove `alignment:`"),
            ]
        };
    };
    let counts = [
        archive.statements[original].outline.blocks.len(),
        s.outline.blocks.len(),
    ];
    if rows.is_empty() {
        return if counts[0] == counts[1] {
            Vec::new()
        } else {
            vec![
                doc.error_at(
                    &[key("translation_of")],
                    format!(
                        "this translation has {} paragraph{} and its original {}: their ¶ numbers cannot be paired one to one",
                        counts[1],
                        if counts[1] == 1 { "" } else { "s" },
                        counts[0]
                    ),
                )
                .hint("say which paragraphs answer which with `alignment:`, a list of rows such as `- {original: [1], translation: [1, 2]}`, placing every paragraph of both once"),
            ]
        };
    }
    let mut problems = Vec::new();
    let sides = ["original", "translation"];
    // For each side, the row each paragraph was placed in.
    let mut placed: [Vec<Option<usize>>; 2] = [vec![None; counts[0]], vec![None; counts[1]]];
    for (r, row) in rows.iter().enumerate() {
        if row.original.is_empty() && row.translation.is_empty() {
            problems.push(
                doc.error_at(
                    &[key("alignment"), Seg::Index(r)],
                    "this row places no paragraph",
                )
                .hint("give the row `original:` or `translation:` paragraphs, or remove it"),
            );
        }
        for (side, numbers) in [&row.original, &row.translation].into_iter().enumerate() {
            for (k, &n) in numbers.iter().enumerate() {
                let at = [
                    key("alignment"),
                    Seg::Index(r),
                    key(sides[side]),
                    Seg::Index(k),
                ];
                if n == 0 || n > counts[side] {
                    problems.push(
                        doc.error_at(&at, format!("the {} has no ¶{n}", sides[side]))
                            .label("no such paragraph")
                            .hint(format!("its paragraphs run from ¶1 to ¶{}", counts[side])),
                    );
                    continue;
                }
                match placed[side][n - 1] {
                    Some(first) => problems.push(
                        doc.error_at(
                            &at,
                            format!(
                                "¶{n} of the {} is placed twice (first in row {})",
                                sides[side],
                                first + 1
                            ),
                        )
                        .label("placed again")
                        .hint("place every paragraph in exactly one row"),
                    ),
                    None => placed[side][n - 1] = Some(r),
                }
            }
        }
    }
    for (side, placed) in placed.iter().enumerate() {
        let missing: Vec<String> = placed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(n, _)| format!("¶{}", n + 1))
            .collect();
        if !missing.is_empty() {
            problems.push(
                doc.error_at(
                    &[key("alignment")],
                    format!(
                        "the alignment skips {} of the {}",
                        missing.join(", "),
                        sides[side]
                    ),
                )
                .label("not every paragraph placed")
                .hint("place every paragraph of both texts in one row; a paragraph the other text lacks gets a row of its own with the other side empty"),
            );
        }
    }
    problems
}

/// Links each statement to the previous and next of its series (see the module's
/// documentation), in archive (date) order.
pub(super) fn link_series(archive: &mut Archive) {
    // Lookup only: the last statement seen of each document.
    let mut last: std::collections::HashMap<String, StatementId> = std::collections::HashMap::new();
    for i in archive.statement_ids() {
        if archive.statements[i].doc.meta.translation_of.is_some() {
            continue;
        }
        let Some(document) = archive.statements[i]
            .doc
            .meta
            .responds_to
            .as_ref()
            .map(|r| r.document.clone())
        else {
            continue;
        };
        if let Some(previous) = last.insert(document, i) {
            archive.statements[i].series_previous = Some(previous);
            archive.statements[previous].series_next = Some(i);
        }
    }
}
