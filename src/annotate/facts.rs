//! Notes that check their own facts: every number, percentage and date written in a note's
//! body must be found in what the note rests on — the statement's text, an archive statement
//! the note links to (`@/statements/….md`, in its body or as a source), or the `excerpt` of one
//! of its sources — or the build fails, pointing at the figure in the notes file.
//!
//! What counts as the same figure (documented for editors in the README):
//! - numbers compare by value: `11,300` = `11300`, `2,000` = `2000`, `07` = `7`, `3.50` = `3.5`;
//!   an ordinal is its number (`2nd` = `2`); a year is a four-digit number;
//! - a percentage (`3%`, `3 percent`, `3-percent`, `3 per cent`) must be found as a percentage;
//!   a plain number is found in any figure of the grounds, percentages and dates included;
//! - a date (`2 July 2021`, `July 2, 2021`, `Jul. 2 2021`, `2021-07-02`, `July 2021`, `2 July`)
//!   must be found as a date agreeing on every part the note gives: `July 2021` is found in
//!   `Jul 2, 2021`, but `2 July 2021` is not found in `July 2021`;
//! - number words (`six`), scale words (`62 million` is the figure 62), paragraph references
//!   (`¶4`, `¶1–2`), link addresses and code are not checked.
//!
//! The check is a guard against figures that drift from their grounds, not a proof that a
//! note is right: a figure found anywhere in the grounds passes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::content::meta::{AnnotationMeta, StatementMeta};
use crate::content::{Doc, Sidecar};
use crate::diagnostics::{Diagnostic, Location};
use crate::yaml::Seg;

/// A figure's value, in the form figures are compared in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    /// A number without grouping, leading zeros or trailing decimal zeros: `11300`, `3.5`.
    Number(String),
    Percent(String),
    Date(Date),
}

/// A calendar date, or the parts of one a text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: Option<u32>,
    month: u32,
    day: Option<u32>,
}

impl Date {
    /// Whether `other` gives every part this date gives, equal.
    fn found_in(self, other: Date) -> bool {
        self.month == other.month
            && (self.year.is_none() || self.year == other.year)
            && (self.day.is_none() || self.day == other.day)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => write!(f, "the number {n}"),
            Value::Percent(n) => write!(f, "the percentage {n}%"),
            Value::Date(d) => {
                f.write_str("the date ")?;
                if let Some(day) = d.day {
                    write!(f, "{day} ")?;
                }
                f.write_str(MONTHS[d.month as usize - 1])?;
                if let Some(year) = d.year {
                    write!(f, " {year}")?;
                }
                Ok(())
            }
        }
    }
}

/// A figure written in a text, with its byte range there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Figure {
    span: Range<usize>,
    value: Value,
}

/// Every figure a text gives, as they are looked up: numbers (those inside percentages and
/// dates included), percentages and dates.
#[derive(Debug, Default)]
struct Facts {
    numbers: BTreeSet<String>,
    percents: BTreeSet<String>,
    dates: Vec<Date>,
}

impl Facts {
    fn of(text: &str) -> Facts {
        let mut facts = Facts::default();
        let tokens = tokenize(text);
        for figure in figures(&tokens) {
            match figure.value {
                Value::Number(n) => {
                    facts.numbers.insert(n);
                }
                Value::Percent(n) => {
                    facts.percents.insert(n);
                }
                Value::Date(d) => facts.dates.push(d),
            }
        }
        // Every number counts as a number, also where it is part of a percentage or a date.
        for token in &tokens {
            if let Token::Num(n) = token {
                facts.numbers.insert(n.value.clone());
            }
        }
        facts
    }

    fn has(&self, value: &Value) -> bool {
        match value {
            Value::Number(n) => self.numbers.contains(n),
            Value::Percent(n) => self.percents.contains(n),
            Value::Date(d) => self.dates.iter().any(|&other| d.found_in(other)),
        }
    }
}

/// One place a note's figures may be found: its name as the error message gives it, and the
/// figures it gives.
struct Ground {
    name: String,
    facts: Facts,
}

impl Ground {
    /// A statement's text as archived: what its body shows, furniture included (a photo
    /// caption is part of the document), without its front matter or link addresses.
    /// (Its file is read again if its body was released; a file that cannot be read, already
    /// reported, gives no figures.)
    fn statement(doc: &Doc<StatementMeta>) -> Ground {
        let text = doc
            .full_source()
            .map(|source| visible(&source.text[doc.body.clone()], Code::Kept))
            .unwrap_or_default();
        Ground {
            name: doc.source.path.display().to_string(),
            facts: Facts::of(&text),
        }
    }
}

/// Checks the figures of every note in `sidecar`, whose statement is `doc`; `statements` finds
/// another statement by its path under `content/`. Returns an error for each figure not found.
/// A statement is read for figures only when a note with figures needs it, and once.
pub(crate) fn check<'a>(
    sidecar: &Sidecar,
    doc: &Doc<StatementMeta>,
    statements: &dyn Fn(&str) -> Option<&'a Doc<StatementMeta>>,
) -> Vec<Diagnostic> {
    let mut own: Option<Ground> = None;
    let mut read: BTreeMap<String, Option<Ground>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, note) in sidecar.notes.iter().enumerate() {
        let figures = figures_in_body(&note.body);
        if figures.is_empty() {
            continue;
        }
        let paths: Vec<String> = linked_statements(note)
            .into_iter()
            .filter(|p| *p != doc.rel)
            .collect();
        for p in &paths {
            read.entry(p.clone())
                .or_insert_with(|| statements(p).map(Ground::statement));
        }
        let linked: Vec<&Ground> = paths.iter().filter_map(|p| read[p].as_ref()).collect();
        let own = own.get_or_insert_with(|| Ground::statement(doc));
        problems.extend(check_note(sidecar, i, figures, own, &linked));
    }
    problems
}

/// Whether [`check`] or the check of measures has anything to check in a notes file: a note
/// whose body states a figure, or that declares one. Most notes do neither, and this is known
/// in pass 1, so their files need not be read again once every statement is known.
pub(crate) fn to_check(sidecar: &Sidecar) -> bool {
    sidecar
        .notes
        .iter()
        .any(|n| n.figure.is_some() || !figures_in_body(&n.body).is_empty())
}

/// The archive statements a note links to, by their path under `content/` (`statements/….md`),
/// from its body's links and its sources' URLs, in order of first mention.
fn linked_statements(note: &AnnotationMeta) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    let body_links =
        Parser::new_ext(&note.body, Options::ENABLE_TABLES).filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        });
    let source_links = note.sources.iter().map(|s| s.url.trim().to_string());
    for url in body_links.chain(source_links) {
        let Some(rest) = url.strip_prefix("@/") else {
            continue;
        };
        let path = rest.split_once('#').map_or(rest, |(p, _)| p);
        if path.starts_with("statements/") && !paths.iter().any(|p| p == path) {
            paths.push(path.to_string());
        }
    }
    paths
}

/// Checks `figures`, those of note `i` of `sidecar`, against `statement` (the text it annotates),
/// `linked` (the statements it links to) and its sources' excerpts.
fn check_note(
    sidecar: &Sidecar,
    i: usize,
    figures: Vec<Figure>,
    statement: &Ground,
    linked: &[&Ground],
) -> Vec<Diagnostic> {
    let note = &sidecar.notes[i];
    let excerpts: Vec<(&str, &str)> = note
        .sources
        .iter()
        .filter_map(|s| s.excerpt.as_deref().map(|e| (s.title.as_str(), e)))
        .collect();
    let excerpt_facts: Vec<Facts> = excerpts.iter().map(|&(_, e)| Facts::of(e)).collect();
    let grounds = std::iter::once(&statement.facts)
        .chain(linked.iter().map(|g| &g.facts))
        .chain(&excerpt_facts);
    figures
        .into_iter()
        .filter(|f| !grounds.clone().any(|g| g.has(&f.value)))
        .map(|f| {
            let written = &note.body[f.span.clone()];
            Diagnostic::error(format!(
                "note `{}`: {} (“{written}”) is not found in what the note rests on",
                note.id, f.value
            ))
            .at(locate(sidecar, i, f.span))
            .label("not found")
            .hint(format!(
                "looked in {}; quote the passage that gives it as a source's `excerpt` (verbatim), link the archive statement that gives it, or take the figure out",
                looked_in(statement, linked, &excerpts)
            ))
        })
        .collect()
}

/// The places looked in, as a phrase: "the statement's text (content/…), the linked statement
/// content/… and the excerpt of “Title”", or what is missing.
fn looked_in(statement: &Ground, linked: &[&Ground], excerpts: &[(&str, &str)]) -> String {
    let mut places = vec![format!("the statement's text ({})", statement.name)];
    if linked.is_empty() {
        places.push("no linked statement".into());
    }
    places.extend(
        linked
            .iter()
            .map(|g| format!("the linked statement {}", g.name)),
    );
    if excerpts.is_empty() {
        places.push("no source excerpt".into());
    }
    places.extend(
        excerpts
            .iter()
            .map(|(title, _)| format!("the excerpt of “{title}”")),
    );
    match places.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => places.join(""),
    }
}

/// Where the figure at `span` of note `i`'s body is written in the notes file: found by
/// following the body's lines from the start of its value (a block scalar writes each line
/// whole), else the figure's first mention in the note.
fn locate(sidecar: &Sidecar, i: usize, span: Range<usize>) -> Location {
    let body = &sidecar.notes[i].body;
    let value = sidecar
        .error_at(&[Seg::Index(i), Seg::Key("body".into())], "")
        .location;
    if let Some(at) =
        value.and_then(|v| offset_in_file(&sidecar.source.text, v.span.start, body, span.start))
    {
        return sidecar.source.at(at..at + span.len());
    }
    sidecar.locate_in_note(i, &body[span])
}

/// The offset in `file` of byte `k` of `body`, whose lines are written in order from `from`.
fn offset_in_file(file: &str, from: usize, body: &str, k: usize) -> Option<usize> {
    let mut cursor = from;
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let found = if content.trim().is_empty() {
            None
        } else {
            Some(cursor + file.get(cursor..)?.find(content)?)
        };
        if k < line_start + line.len() {
            return found.map(|f| f + (k - line_start));
        }
        if let Some(f) = found {
            cursor = f + content.len();
        }
        line_start += line.len();
    }
    None
}

/// The figures of a note's Markdown body, as byte ranges of the body: its text only (link
/// addresses, code and HTML are blanked), without paragraph references.
fn figures_in_body(body: &str) -> Vec<Figure> {
    figures(&tokenize(&visible(body, Code::Blanked)))
}

/// Whether code is part of a Markdown text's visible text: in a statement, fenced blocks are
/// its furniture (captions, time stamps), which are part of the document; in a note, code is
/// not a claim.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Code {
    Kept,
    Blanked,
}

/// `markdown` with everything but its visible text blanked out (link addresses, HTML, markup),
/// each byte in its place, so offsets into it are offsets into `markdown`.
fn visible(markdown: &str, code: Code) -> String {
    let mut kept = vec![false; markdown.len()];
    let mut in_code = 0usize;
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Code(_) if code == Code::Kept => kept[range].fill(true),
            Event::Text(_) | Event::SoftBreak | Event::HardBreak
                if in_code == 0 || code == Code::Kept =>
            {
                kept[range].fill(true);
            }
            _ => {}
        }
    }
    let mut masked = String::with_capacity(markdown.len());
    for (k, c) in markdown.char_indices() {
        if kept[k] {
            masked.push(c);
        } else {
            masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    masked
}

/// A number as written: its value and what the date and percentage patterns need to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Num {
    pub(super) span: Range<usize>,
    pub(super) value: String,
    /// Digits before any decimal point, without group separators.
    digits: usize,
    /// Written plainly: no group separator, no decimals (a day or a year can be).
    plain: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'a> {
    Num(Num),
    /// A run of letters (and digits after the first letter), and whether it is capitalised.
    Word(Range<usize>, &'a str, bool),
    /// Any other character but white space.
    Punct(Range<usize>, char),
}

impl Token<'_> {
    pub(super) fn span(&self) -> Range<usize> {
        match self {
            Token::Num(n) => n.span.clone(),
            Token::Word(s, ..) | Token::Punct(s, _) => s.clone(),
        }
    }
}

/// Splits a text into numbers, words and punctuation.
pub(super) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_ascii_digit() {
            let (num, end) = number(bytes, start);
            tokens.push(Token::Num(num));
            while chars.peek().is_some_and(|&(k, _)| k < end) {
                chars.next();
            }
            // An ordinal's suffix belongs to its number.
            let rest = &text[end..];
            let suffix = ["st", "nd", "rd", "th"]
                .into_iter()
                .find(|s| rest.starts_with(s) && !rest[2..].starts_with(char::is_alphanumeric));
            if let Some(s) = suffix {
                for _ in 0..s.len() {
                    chars.next();
                }
            }
        } else if c.is_alphabetic() {
            let mut end = start;
            while let Some(&(k, c)) = chars.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                end = k + c.len_utf8();
                chars.next();
            }
            let word = &text[start..end];
            let capital = word.starts_with(char::is_uppercase);
            tokens.push(Token::Word(start..end, word, capital));
        } else {
            chars.next();
            if !c.is_whitespace() {
                tokens.push(Token::Punct(start..start + c.len_utf8(), c));
            }
        }
    }
    tokens
}

/// Reads the number starting at byte `start`: digits, groups of three after commas
/// (`11,300`), a decimal part (`3.5`). Returns it and the byte after it.
fn number(bytes: &[u8], start: usize) -> (Num, usize) {
    let digits_from = |k: usize| bytes[k..].iter().take_while(|b| b.is_ascii_digit()).count();
    let first = digits_from(start);
    let mut integer = String::from_utf8_lossy(&bytes[start..start + first]).into_owned();
    let mut end = start + first;
    let mut plain = true;
    if first <= 3 {
        while bytes.get(end) == Some(&b',') && digits_from(end + 1) == 3 {
            integer.push_str(&String::from_utf8_lossy(&bytes[end + 1..end + 4]));
            end += 4;
            plain = false;
        }
    }
    let mut fraction = String::new();
    if bytes.get(end) == Some(&b'.') && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit() {
        let n = digits_from(end + 1);
        fraction = String::from_utf8_lossy(&bytes[end + 1..end + 1 + n]).into_owned();
        end += 1 + n;
        plain = false;
    }
    let integer_value = integer.trim_start_matches('0');
    let integer_value = if integer_value.is_empty() {
        "0"
    } else {
        integer_value
    };
    let fraction = fraction.trim_end_matches('0');
    let value = if fraction.is_empty() {
        integer_value.to_string()
    } else {
        format!("{integer_value}.{fraction}")
    };
    let num = Num {
        span: start..end,
        value,
        digits: integer.len(),
        plain,
    };
    (num, end)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month a capitalised word names, in full or abbreviated (`Jan`, `Sept`).
fn month(token: Option<&Token>) -> Option<u32> {
    let Some(Token::Word(_, word, true)) = token else {
        return None;
    };
    let full = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(word));
    let short = || {
        (word.len() == 3 || word.eq_ignore_ascii_case("sept"))
            .then(|| {
                MONTHS.iter().position(|m| {
                    m.get(..word.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(word))
                })
            })
            .flatten()
    };
    full.or_else(short).map(|m| m as u32 + 1)
}

fn day(token: Option<&Token>) -> Option<u32> {
    match token {
        Some(Token::Num(n)) if n.plain && n.digits <= 2 => {
            let d: u32 = n.value.parse().ok()?;
            (1..=31).contains(&d).then_some(d)
        }
        _ => None,
    }
}

fn year(token: Option<&Token>) -> Option<u32> {
    match token {
        Some(Token::Num(n)) if n.plain && n.digits == 4 => n.value.parse().ok(),
        _ => None,
    }
}

fn is_punct(token: Option<&Token>, c: char) -> bool {
    matches!(token, Some(Token::Punct(_, p)) if *p == c)
}

/// Whether `b` follows `a` with nothing between them.
fn adjacent(a: &Token, b: &Token) -> bool {
    a.span().end == b.span().start
}

/// A date starting at token `i`: its value and how many tokens it takes.
fn date_at(tokens: &[Token], i: usize) -> Option<(Date, usize)> {
    let t = |k: usize| tokens.get(i + k);
    // 2021-07-02
    if let (Some(y), Some(m), Some(d)) = (year(t(0)), day(t(2)), day(t(4)))
        && is_punct(t(1), '-')
        && is_punct(t(3), '-')
        && (0..4).all(|k| adjacent(t(k).unwrap(), t(k + 1).unwrap()))
        && (1..=12).contains(&m)
    {
        let date = Date {
            year: Some(y),
            month: m,
            day: Some(d),
        };
        return Some((date, 5));
    }
    // 2 July 2021, 2 July
    if let (Some(d), Some(m)) = (day(t(0)), month(t(1))) {
        let dot = usize::from(is_punct(t(2), '.'));
        let y = year(t(2 + dot));
        let date = Date {
            year: y,
            month: m,
            day: Some(d),
        };
        return Some((date, 2 + if y.is_some() { 1 + dot } else { 0 }));
    }
    // July 2, 2021, Jul. 2 2021, July 2, July 2021
    let m = month(t(0))?;
    let dot = usize::from(is_punct(t(1), '.'));
    if let Some(y) = year(t(1 + dot)) {
        let date = Date {
            year: Some(y),
            month: m,
            day: None,
        };
        return Some((date, 2 + dot));
    }
    let d = day(t(1 + dot))?;
    let comma = usize::from(is_punct(t(2 + dot), ','));
    let y = year(t(2 + dot + comma));
    let taken = 2 + dot + if y.is_some() { comma + 1 } else { 0 };
    let date = Date {
        year: y,
        month: m,
        day: Some(d),
    };
    Some((date, taken))
}

/// A percentage sign or word after token `i` (a number): how many tokens it takes.
fn percent_after(tokens: &[Token], i: usize) -> Option<usize> {
    let t = |k: usize| tokens.get(i + k);
    let word =
        |k: usize, w: &str| matches!(t(k), Some(Token::Word(_, x, _)) if x.eq_ignore_ascii_case(w));
    let hyphen = usize::from(is_punct(t(1), '-'));
    if is_punct(t(1), '%') {
        Some(1)
    } else if word(1 + hyphen, "percent") {
        Some(1 + hyphen)
    } else if word(1, "per") && word(2, "cent") {
        Some(2)
    } else {
        None
    }
}

/// The figures of a tokenized text: dates, percentages, then any other number, except those
/// after `¶` (paragraph references, `¶4`, `¶1–2`).
fn figures(tokens: &[Token]) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if is_punct(tokens.get(i), '¶') {
            i += 1;
            while is_punct(tokens.get(i), '¶') {
                i += 1;
            }
            if matches!(tokens.get(i), Some(Token::Num(_))) {
                i += 1;
                let range = ['–', '-'].iter().any(|&c| is_punct(tokens.get(i), c));
                if range && matches!(tokens.get(i + 1), Some(Token::Num(_))) {
                    i += 2;
                }
            }
            continue;
        }
        if let Some((date, taken)) = date_at(tokens, i) {
            let span = tokens[i].span().start..tokens[i + taken - 1].span().end;
            out.push(Figure {
                span,
                value: Value::Date(date),
            });
            i += taken;
            continue;
        }
        if let Some(Token::Num(n)) = tokens.get(i) {
            match percent_after(tokens, i) {
                Some(taken) => {
                    out.push(Figure {
                        span: n.span.start..tokens[i + taken].span().end,
                        value: Value::Percent(n.value.clone()),
                    });
                    i += taken;
                }
                None => out.push(Figure {
                    span: n.span.clone(),
                    value: Value::Number(n.value.clone()),
                }),
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::annotate::fixtures::{sidecar, statement};

    /// The check's errors (`file:line:col: message`) for notes `yaml` on a statement whose text
    /// is `text`, with `statements/other.md` reading `other`.
    fn errors(text: &str, other: &str, yaml: &str) -> Vec<String> {
        let own = statement("statements/s.md", text);
        let other = statement("statements/other.md", other);
        let find = |p: &str| (p == "statements/other.md").then_some(&other);
        check(&sidecar(yaml), &own, &find)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn note(body: &str, extra: &str) -> String {
        format!("- id: n\n  quote: q\n  kind: context\n  body: |\n    {body}\n{extra}")
    }

    fn values(text: &str) -> Vec<Value> {
        figures(&tokenize(text))
            .into_iter()
            .map(|f| f.value)
            .collect()
    }

    fn number(n: &str) -> Value {
        Value::Number(n.into())
    }

    fn date(year: Option<u32>, month: u32, day: Option<u32>) -> Value {
        Value::Date(Date { year, month, day })
    }

    #[test]
    fn a_figure_in_the_statement_s_text_is_found() {
        let text = "The department made about 2,000 inspections in 2020.\n";
        assert!(errors(text, "", &note("About 2000 inspections in 2020.", "")).is_empty());
    }

    #[test]
    fn a_figure_in_a_linked_statement_is_found() {
        let yaml = note(
            "The [other statement](@/statements/other.md#p2) counts 11,300 screenings.",
            "",
        );
        assert!(errors("No figures here.\n", "Around 11300 screenings.\n", &yaml).is_empty());
        // A statement the note does not link to is not looked in.
        let unlinked = note("It counts 11,300 screenings.", "");
        assert_eq!(
            errors(
                "No figures here.\n",
                "Around 11300 screenings.\n",
                &unlinked
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_statement_named_as_a_source_is_looked_in() {
        let yaml = note(
            "It counts 11,300 screenings.",
            "  sources:\n    - title: The other\n      url: \"@/statements/other.md\"\n",
        );
        assert!(errors("Nothing.\n", "Around 11,300 screenings.\n", &yaml).is_empty());
    }

    #[test]
    fn a_figure_in_a_source_s_excerpt_is_found() {
        let yaml = note(
            "The law took effect on 30 June 2020.",
            "  sources:\n    - title: A gazette\n      url: https://example.org/g\n      excerpt: \"The law shall come into force on June 30, 2020.\"\n",
        );
        assert!(errors("Nothing.\n", "", &yaml).is_empty());
    }

    #[test]
    fn a_figure_found_nowhere_is_a_located_error_naming_where_it_looked() {
        let yaml = note(
            "Of 71 prosecuted, 38 were convicted; the other 33 are not accounted for.",
            "  sources:\n    - title: A report\n      url: https://example.org/r\n      excerpt: \"38 convicted\"\n",
        );
        let errs = errors("71 prosecuted, 38 convicted.\n", "", &yaml);
        assert_eq!(errs.len(), 1, "{errs:?}");
        let e = &errs[0];
        assert!(
            e.starts_with("content/statements/s.annotations.yaml:5:52: "),
            "{e}"
        );
        assert!(
            e.contains("note `n`: the number 33 (“33”) is not found"),
            "{e}"
        );
        let d = &check(
            &sidecar(&yaml),
            &statement("statements/s.md", "71 prosecuted, 38 convicted.\n"),
            &|_| None,
        )[0];
        let hint = d.hint.as_deref().unwrap();
        assert!(
            hint.contains("the statement's text (content/statements/s.md)")
                && hint.contains("no linked statement")
                && hint.contains("the excerpt of “A report”"),
            "{hint}"
        );
    }

    #[test]
    fn every_missing_figure_is_reported() {
        let yaml = note("In 1999, 5% of 12 cases; on 2 May 2001.", "");
        assert_eq!(errors("Nothing.\n", "", &yaml).len(), 4);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(values("11,300"), vec![number("11300")]);
        assert_eq!(
            values("2,000 and 2000"),
            vec![number("2000"), number("2000")]
        );
        assert_eq!(values("3.50 and 07"), vec![number("3.5"), number("7")]);
        assert_eq!(values("today (2nd)"), vec![number("2")]);
        // Commas that do not group thousands separate numbers.
        assert_eq!(
            values("3, 3 and 5"),
            vec![number("3"), number("3"), number("5")]
        );
        assert_eq!(values("1,23"), vec![number("1"), number("23")]);
        assert_eq!(values("HK$62 million"), vec![number("62")]);
        // Number words are not figures.
        assert!(values("six of the eight victims").is_empty());
    }

    #[test]
    fn percentages_are_found_only_as_percentages() {
        let p = Value::Percent("3".into());
        for text in ["3%", "3 percent", "3-percent", "3 per cent", "3 %"] {
            assert_eq!(values(text), vec![p.clone()], "{text}");
        }
        assert!(Facts::of("a 3-percent increase").has(&p));
        assert!(Facts::of("a 3-percent increase").has(&number("3")));
        assert!(!Facts::of("3 cases").has(&p));
    }

    #[test]
    fn dates_are_found_in_any_common_form() {
        let full = date(Some(2021), 7, Some(2));
        for text in [
            "2 July 2021",
            "July 2, 2021",
            "Jul. 2 2021",
            "2021-07-02",
            "2nd July 2021",
        ] {
            assert_eq!(values(text), vec![full.clone()], "{text}");
            assert!(Facts::of(text).has(&full), "{text}");
            assert!(Facts::of(text).has(&number("2021")), "{text}");
        }
        assert_eq!(values("January 2020"), vec![date(Some(2020), 1, None)]);
        assert_eq!(
            values("Aug 2 to 5"),
            vec![date(None, 8, Some(2)), number("5")]
        );
        // A date agrees with a more precise one, not with a less precise one.
        assert!(Facts::of("on Jan 16, 2025").has(&date(Some(2025), 1, None)));
        assert!(!Facts::of("in January 2025").has(&date(Some(2025), 1, Some(16))));
        assert!(!Facts::of("on 16 January 2024").has(&date(Some(2025), 1, Some(16))));
        // A month's name must be capitalised: "may" is a verb.
        assert_eq!(values("it may 2 times"), vec![number("2")]);
        // A financial year is two numbers, not a date.
        assert_eq!(values("2019-20"), vec![number("2019"), number("20")]);
    }

    #[test]
    fn a_statement_s_furniture_counts_and_its_link_addresses_do_not() {
        let text = "```furniture caption\nA photo of Jan 16, 2025.\n```\n\nSee [it](@/statements/2022-01-05-x.md#p3).\n";
        let facts = Ground::statement(&statement("statements/s.md", text)).facts;
        assert!(facts.has(&date(Some(2025), 1, Some(16))));
        assert!(!facts.has(&number("2022")) && !facts.has(&number("3")));
    }

    #[test]
    fn paragraph_references_link_addresses_and_code_are_not_figures() {
        let body = "See [2025, ¶4](@/statements/x-2025.md#p4) and ¶¶1–2, `42`, 7.\n\n    code 99\n";
        let found: Vec<Value> = figures_in_body(body).into_iter().map(|f| f.value).collect();
        assert_eq!(found, vec![number("2025"), number("7")]);
    }

    #[test]
    fn a_figure_is_located_on_its_line_of_the_notes_file() {
        let yaml = "- id: n\n  quote: \"In 2020\"\n  kind: context\n  body: |\n    In 2020, then\n    in 1999 too.\n";
        let errs = errors("In 2020.\n", "", yaml);
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("content/statements/s.annotations.yaml:6:8: "),
            "{}",
            errs[0]
        );
    }
}
