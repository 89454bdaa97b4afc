//! The page of the changes to a statement's text (`statements/<slug>/changes/`): each earlier
//! version and the current text, and the word-level differences between consecutive ones.
//!
//! The texts compared are plain texts (the `text` of a statement's record in the downloads), so a change of markup alone is
//! not a change of wording. Each version's text is read from its file when the page is
//! rendered, and dropped with the page.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::diagnostics::Diagnostic;
use crate::ids::StatementId;
use crate::model::Archive;
use crate::urls::Href;

use super::views::DateView;

/// One text in the line of versions: an earlier version, or the current text.
#[derive(Serialize)]
pub struct VersionView<'a> {
    pub seen: DateView,
    /// Where it was seen; for the current text, the source's address if known.
    pub url: Option<&'a str>,
    pub note: Option<&'a str>,
    /// SHA-256 of its plain text, as the data downloads give it.
    pub sha256: String,
    pub current: bool,
}

/// A run of words the same in both texts, only in the older one, or only in the newer one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// `same`, `removed` or `added`.
    pub kind: &'static str,
    pub text: String,
}

/// The differences from one text to the next.
#[derive(Serialize)]
pub struct DiffView {
    /// Indices into the page's versions.
    pub from: usize,
    pub to: usize,
    pub words_removed: usize,
    pub words_added: usize,
    /// Only the paragraphs with a difference, each with its number in the newer text (or in
    /// the older, for a paragraph removed).
    pub paragraphs: Vec<ParagraphDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphDiff {
    pub number: usize,
    pub segments: Vec<Segment>,
}

#[derive(Serialize)]
pub struct ChangesView<'a> {
    pub title: &'a str,
    pub statement_url: Href,
    /// Oldest first, the current text last.
    pub versions: Vec<VersionView<'a>>,
    pub diffs: Vec<DiffView>,
}

/// The changes page of statement `id`, reading its current text and each earlier version's.
pub fn view(archive: &Archive, id: StatementId) -> Result<ChangesView<'_>, Diagnostic> {
    let s = &archive.statements[id];
    let current = archive.bare_text(id)?;
    let mut texts = Vec::with_capacity(s.versions.len() + 1);
    let mut versions = Vec::with_capacity(s.versions.len() + 1);
    for (k, v) in s.versions.iter().enumerate() {
        texts.push(archive.version_text(id, k)?.text);
        versions.push(VersionView {
            seen: DateView::from(&v.doc.meta.seen),
            url: Some(&v.doc.meta.url),
            note: v.doc.meta.note.as_deref(),
            sha256: v.sha256.clone(),
            current: false,
        });
    }
    let current_text = current.plain_text().to_string();
    versions.push(VersionView {
        seen: DateView::from(&crate::model::current_seen(&s.doc.meta)),
        url: s
            .doc
            .meta
            .source
            .as_ref()
            .and_then(|src| src.url.as_deref()),
        note: None,
        sha256: crate::model::sha256_hex(&current_text),
        current: true,
    });
    texts.push(current_text);
    let diffs = texts
        .windows(2)
        .enumerate()
        .map(|(k, pair)| diff(k, &pair[0], &pair[1]))
        .collect();
    Ok(ChangesView {
        title: &s.doc.meta.title,
        statement_url: archive.config.base_url.url(&s.url()),
        versions,
        diffs,
    })
}

/// The word-level differences from `old` (version `k`) to `new` (the next), by paragraph.
fn diff(k: usize, old: &str, new: &str) -> DiffView {
    let (paragraphs, words_removed, words_added) = paragraph_diffs(old, new);
    DiffView {
        from: k,
        to: k + 1,
        words_removed,
        words_added,
        paragraphs,
    }
}

/// The paragraphs (blocks separated by blank lines, as plain texts are) that differ, with the
/// numbers of words removed and added. Words are compared as `similar` splits them (runs of
/// word characters and of white space), so a changed word shows as that word, not its line.
pub fn paragraph_diffs(old: &str, new: &str) -> (Vec<ParagraphDiff>, usize, usize) {
    let diff = TextDiff::from_words(old, new);
    let mut paragraphs: Vec<ParagraphDiff> = Vec::new();
    let mut current: Vec<Segment> = Vec::new();
    let (mut old_para, mut new_para) = (1, 1);
    let (mut removed, mut added) = (0, 0);
    let mut flush = |segments: &mut Vec<Segment>, number: usize| {
        if segments.iter().any(|s| s.kind != "same") {
            paragraphs.push(ParagraphDiff {
                number,
                segments: std::mem::take(segments),
            });
        }
        segments.clear();
    };
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        let value = change.value();
        if value.contains("\n\n") {
            // A paragraph break: in both texts, or in one only (paragraphs joined or split).
            let number = if kind == "removed" {
                old_para
            } else {
                new_para
            };
            flush(&mut current, number);
            if kind != "added" {
                old_para += 1;
            }
            if kind != "removed" {
                new_para += 1;
            }
            continue;
        }
        if !value.trim().is_empty() {
            match kind {
                "removed" => removed += 1,
                "added" => added += 1,
                _ => {}
            }
        }
        match current.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(value),
            _ => current.push(Segment {
                kind,
                text: value.to_string(),
            }),
        }
    }
    flush(&mut current, new_para);
    (paragraphs, removed, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(kind: &'static str, text: &str) -> Segment {
        Segment {
            kind,
            text: text.into(),
        }
    }

    #[test]
    fn a_changed_word_is_marked_alone_in_its_paragraph() {
        let (paras, removed, added) = paragraph_diffs(
            "First paragraph.\n\nThe rate was 5 per cent.",
            "First paragraph.\n\nThe rate was 6 per cent.",
        );
        assert_eq!((removed, added), (1, 1));
        assert_eq!(
            paras,
            vec![ParagraphDiff {
                number: 2,
                segments: vec![
                    seg("same", "The rate was "),
                    seg("removed", "5"),
                    seg("added", "6"),
                    seg("same", " per cent."),
                ],
            }]
        );
    }

    #[test]
    fn equal_texts_have_no_differences() {
        let (paras, removed, added) = paragraph_diffs("A b.\n\nC d.", "A b.\n\nC d.");
        assert!(paras.is_empty());
        assert_eq!((removed, added), (0, 0));
    }

    #[test]
    fn an_added_paragraph_is_numbered_as_in_the_newer_text() {
        let (paras, _, added) = paragraph_diffs("One.\n\nThree.", "One.\n\nTwo.\n\nThree.");
        assert!(added >= 1);
        assert!(
            paras.iter().any(|p| p.number == 2
                && p.segments
                    .iter()
                    .any(|s| s.kind == "added" && s.text.contains("Two"))),
            "{paras:?}"
        );
    }
}
