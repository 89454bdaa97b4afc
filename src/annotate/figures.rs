//! Figures declared on notes (`figure: {measure, value, unit, period, approx}`), the entries of
//! the figures ledger: a number the quoted passage writes, what it counts and for when.
//!
//! Checked where the note is anchored: the period must be a year, a month or a day; the value a
//! number, written in the passage (compared by value with the fact check's scanner
//! (`facts::tokenize`): `11,300` = `11300`; a number word up to twenty, `eight`, is its number),
//! and approximate (`approx: true`) exactly when the passage qualifies it ("more than 6,900",
//! "around 11,300"). The measure must be declared; that is checked against the archive's
//! measures ([`check_measures`]), which anchoring does not know.

use std::ops::Range;

use crate::content::Sidecar;
use crate::content::meta::FigureMeta;
use crate::date::EventDate;
use crate::diagnostics::{Diagnostic, closest};
use crate::yaml::Seg;

use super::facts::{Token, tokenize};

/// A figure on a note, checked: what the ledger lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The slug of its measure.
    pub measure: String,
    /// The number, without grouping, leading zeros or trailing decimal zeros: `11300`, `3.5`.
    pub value: String,
    /// What is counted, if the figure says (else its measure's unit).
    pub unit: Option<String>,
    pub period: EventDate,
    pub approx: bool,
    /// The words of the passage that give it, with the word that qualifies it: `more than
    /// 6,900`, `eight`.
    pub written: String,
}

impl Figure {
    /// The value as a number, for drawing.
    pub fn number(&self) -> f64 {
        self.value.parse().unwrap_or(0.0)
    }
}

/// A figure as declared, waiting for its passage: its period and value if they read (a bad
/// one is already reported; the other is still checked against the passage).
#[derive(Debug, Clone)]
pub(super) struct Declared {
    measure: String,
    value: Option<String>,
    unit: Option<String>,
    period: Option<EventDate>,
    approx: bool,
}

fn at(i: usize, key: &str) -> [Seg; 3] {
    [
        Seg::Index(i),
        Seg::Key("figure".into()),
        Seg::Key(key.into()),
    ]
}

/// Note `i`'s figure with its period and value read, the problems of either recorded. Run for
/// every note, anchored or not, so that every mistake shows in one run.
pub(super) fn declare(
    sidecar: &Sidecar,
    i: usize,
    id: &str,
    meta: &FigureMeta,
    problems: &mut Vec<Diagnostic>,
) -> Declared {
    let period = EventDate::parse(&meta.period.0)
        .map_err(|why| {
            problems.push(
                sidecar
                    .error_at(&at(i, "period"), format!("the figure of note `{id}`: {why}"))
                    .hint("give the period the passage states the figure for, as precisely as it says it: `2024` for a year, `2024-03` for a month, `2024-03-15` for a day"),
            );
        })
        .ok();
    let value = number_of(&meta.value.0);
    if value.is_none() {
        problems.push(
            sidecar
                .error_at(
                    &at(i, "value"),
                    format!(
                        "the figure of note `{id}`: `{}` is not a number",
                        meta.value.0.trim()
                    ),
                )
                .hint("write the number as the passage gives it in digits, such as `11300` or `\"11,300\"`; put what it counts in `unit`"),
        );
    }
    let unit = meta
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    Declared {
        measure: meta.measure.trim().to_string(),
        value,
        unit: unit.map(str::to_string),
        period,
        approx: meta.approx,
    }
}

/// The value of `written` if it is one number and nothing else (`11,300`, `3.50`): the
/// scanner's form of it.
fn number_of(written: &str) -> Option<String> {
    let written = written.trim();
    match tokenize(written).as_slice() {
        [Token::Num(n)] if n.span == (0..written.len()) => Some(n.value.clone()),
        _ => None,
    }
}

/// The figure `declared` on note `i`, checked against its `passage`: its value must be written
/// there, qualified exactly when it is approximate. `None` if anything of it is wrong.
pub(super) fn in_passage(
    sidecar: &Sidecar,
    i: usize,
    id: &str,
    declared: Declared,
    passage: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Figure> {
    let value = declared.value?;
    let found = find(passage, &value);
    let agrees = found
        .iter()
        .find(|w| w.qualifier.is_some() == declared.approx);
    let Some(written) = agrees else {
        let error = match found.first() {
            None => {
                let given = numbers(passage);
                let hint = if given.is_empty() {
                    "the passage writes no number; quote the words that give the figure".to_string()
                } else {
                    format!(
                        "the passage gives {}; write the number it gives as `value`, or quote the passage that gives {}",
                        given.join(", "),
                        value
                    )
                };
                sidecar
                    .error_at(
                        &at(i, "value"),
                        format!(
                            "the figure of note `{id}`: the value {value} is not written in the quoted passage “{}”",
                            passage.trim()
                        ),
                    )
                    .label("not in the passage")
                    .hint(hint)
            }
            Some(w) if declared.approx => sidecar
                .error_at(
                    &at(i, "approx"),
                    format!(
                        "the figure of note `{id}` is marked approximate, but the passage gives it exactly: “{}”",
                        &passage[w.span.clone()]
                    ),
                )
                .hint("remove `approx: true`: a figure is approximate only when the passage says so (“about”, “more than”…)"),
            Some(w) => sidecar
                .error_at(
                    &at(i, "value"),
                    format!(
                        "the figure of note `{id}`: the passage gives {value} only approximately: “{}”",
                        &passage[w.span.clone()]
                    ),
                )
                .label("approximate in the passage")
                .hint("add `approx: true` to the figure, so that the ledger shows it as the passage gives it"),
        };
        problems.push(error);
        return None;
    };
    Some(Figure {
        measure: declared.measure,
        period: declared.period?,
        value,
        unit: declared.unit,
        approx: declared.approx,
        written: passage[written.span.clone()].to_string(),
    })
}

/// Where a text writes a number: the byte range of the words that give it (with the words
/// that qualify it), and the qualifier.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    span: Range<usize>,
    qualifier: Option<&'static str>,
}

/// Words that make the number after them approximate, longest first.
const QUALIFIERS: &[&str] = &[
    "more than",
    "less than",
    "fewer than",
    "at least",
    "up to",
    "close to",
    "in excess of",
    "approximately",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "over",
    "under",
    "some",
    "circa",
    "approx",
    "estimated",
];

/// Number words a figure may be written in, by value.
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// The value of a number token, or of a number word (`eight`).
fn value_of(token: &Token) -> Option<String> {
    match token {
        Token::Num(n) => Some(n.value.clone()),
        Token::Word(_, word, _) => NUMBER_WORDS
            .iter()
            .position(|w| w.eq_ignore_ascii_case(word))
            .map(|v| v.to_string()),
        Token::Punct(..) => None,
    }
}

/// Every place `text` writes the number `value` (the scanner's form).
fn find(text: &str, value: &str) -> Vec<Written> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        if value_of(token).as_deref() != Some(value) {
            continue;
        }
        let end = token.span().end;
        let qualified = QUALIFIERS.iter().find_map(|q| {
            let words: Vec<&str> = q.split(' ').collect();
            let start = k.checked_sub(words.len())?;
            let before = &tokens[start..k];
            let same = before
                .iter()
                .zip(&words)
                .all(|(t, w)| matches!(t, Token::Word(_, x, _) if x.eq_ignore_ascii_case(w)));
            same.then(|| (*q, before[0].span().start))
        });
        out.push(match qualified {
            Some((q, start)) => Written {
                span: start..end,
                qualifier: Some(q),
            },
            None => Written {
                span: token.span(),
                qualifier: None,
            },
        });
    }
    out
}

/// The numbers a text writes (in digits or as number words), as written, each once, for a
/// hint.
fn numbers(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in tokenize(text) {
        if value_of(&token).is_some() {
            let written = text[token.span()].to_string();
            if !out.contains(&written) {
                out.push(written);
            }
        }
    }
    out
}

/// The figures of `sidecar`'s notes whose measure is not among `measures` (the archive's
/// slugs): each an error at its `measure`, with the closest declared one.
pub(crate) fn check_measures<'a>(
    sidecar: &Sidecar,
    measures: impl Iterator<Item = &'a str> + Clone,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, note) in sidecar.notes.iter().enumerate() {
        let Some(figure) = &note.figure else { continue };
        let slug = figure.measure.trim();
        if measures.clone().any(|m| m == slug) {
            continue;
        }
        let hint = match closest(slug, measures.clone()) {
            Some(near) => format!("did you mean `{near}`? Measures are declared in content/measures/<slug>.md or under `measures:` in config.yaml"),
            None => "declare it in content/measures/<slug>.md (with `name` and `definition`) or under `measures:` in config.yaml".to_string(),
        };
        problems.push(
            sidecar
                .error_at(
                    &at(i, "measure"),
                    format!(
                        "the figure of note `{}` is of measure `{slug}`, which is not declared",
                        note.id
                    ),
                )
                .label("undeclared measure")
                .hint(hint),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, value: &str) -> Vec<(String, Option<&'static str>)> {
        find(text, value)
            .into_iter()
            .map(|w| (text[w.span].to_string(), w.qualifier))
            .collect()
    }

    #[test]
    fn a_value_is_found_in_any_number_form() {
        assert_eq!(
            found("around 11,300 initial screenings", "11300"),
            vec![("around 11,300".into(), Some("around"))]
        );
        assert_eq!(
            found("11300 screenings", "11300"),
            vec![("11300".into(), None)]
        );
        assert_eq!(
            found(
                "conducted more than 6,900 preliminary identification audits",
                "6900"
            ),
            vec![("more than 6,900".into(), Some("more than"))]
        );
        assert_eq!(
            found("identified eight victims", "8"),
            vec![("eight".into(), None)]
        );
        assert_eq!(found("Eight victims", "8").len(), 1);
        assert_eq!(found("3.50 per cent", "3.5").len(), 1);
    }

    #[test]
    fn a_different_number_is_not_the_value() {
        assert!(found("around 11,300 screenings", "1130").is_empty());
        assert!(found("about 2,000 inspections", "200").is_empty());
        // Digits of a larger number are not the number.
        assert!(found("a sum of 102 operations", "10").is_empty());
        // A word that only starts like a number word is none.
        assert!(found("tent", "10").is_empty());
    }

    #[test]
    fn every_place_is_found_with_its_own_qualifier() {
        assert_eq!(
            found(
                "3 were involved in overcharging, 3 were unlicensed, about 3 others",
                "3"
            ),
            vec![
                ("3".into(), None),
                ("3".into(), None),
                ("about 3".into(), Some("about"))
            ]
        );
    }

    #[test]
    fn a_value_is_one_number() {
        assert_eq!(number_of("11,300").as_deref(), Some("11300"));
        assert_eq!(number_of(" 11300 ").as_deref(), Some("11300"));
        assert_eq!(number_of("3.50").as_deref(), Some("3.5"));
        assert_eq!(number_of("007").as_deref(), Some("7"));
        for bad in ["", "eleven", "11,300 screenings", "-3", "3%", "1,23"] {
            assert_eq!(number_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_numbers_of_a_passage_are_listed_once_as_written() {
        assert_eq!(
            numbers("102 operations, 254 persons, 102 again, eight victims"),
            vec!["102".to_string(), "254".to_string(), "eight".to_string()]
        );
    }
}
