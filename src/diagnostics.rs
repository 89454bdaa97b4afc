//! One error type for the whole pipeline: a [`Diagnostic`] says what is wrong, where (file, line,
//! column, with the offending line shown) and what to do about it.
//!
//! Stages collect diagnostics instead of stopping at the first one, so an editor sees every
//! problem of a run at once. Rendering for the terminal goes through `miette`, which draws the
//! source excerpt; the data itself stays plain (paths, byte spans, strings), so a front end other
//! than the terminal could present it too.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file read from the site, kept whole so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user: relative to the site root where possible.
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// A location covering the byte range `span` of this file.
    pub fn at(&self, span: Range<usize>) -> Location {
        let len = self.text.len();
        let start = floor_char_boundary(&self.text, span.start.min(len));
        let end = floor_char_boundary(&self.text, span.end.clamp(start, len));
        Location {
            path: self.path.clone(),
            source: Some(self.text.clone()),
            span: start..end,
            lines_before: 0,
        }
    }

    /// A location at 1-based `line` and 0-based character `column`, spanning `chars` characters.
    pub fn at_line_col(&self, line: usize, column: usize, chars: usize) -> Location {
        let start = offset_of(&self.text, line, column);
        let end = self.text[start..]
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(chars)
            .map_or_else(|| line_end(&self.text, start), |(i, _)| start + i);
        self.at(start..end)
    }
}

/// Where a diagnostic points.
#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    /// The whole file, when it could be read; absent for errors about a path itself.
    pub source: Option<Arc<str>>,
    /// Byte range inside `source`.
    pub span: Range<usize>,
    /// Lines of the file before `source` begins: none, unless `source` is only the part of
    /// the file around the span (see [`Location::detached`]).
    pub lines_before: usize,
}

impl Location {
    /// A location that names a file but no position in it.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            source: None,
            span: 0..0,
            lines_before: 0,
        }
    }

    /// This location with only the lines around its span kept (those a diagnostic shows):
    /// for locations kept long after their file is read, such as the links of every statement
    /// until all are checked, which would otherwise hold every file of the archive.
    pub fn detached(&self) -> Location {
        let Some(text) = self.source.as_deref() else {
            return self.clone();
        };
        // The line before the span's, the span's lines, and the line after (one line of
        // context, as `render` shows).
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
        let span_line = line_start(self.span.start);
        let start = line_start(span_line.saturating_sub(1));
        let end_line = line_end(text, self.span.end);
        // Through the line break ending the context line, so that miette shows it even
        // when it is empty.
        let end = if end_line < text.len() {
            (line_end(text, end_line + 1) + 1).min(text.len())
        } else {
            end_line
        };
        Location {
            path: self.path.clone(),
            source: Some(Arc::from(&text[start..end])),
            span: self.span.start - start..self.span.end - start,
            lines_before: self.lines_before + text[..start].matches('\n').count(),
        }
    }

    /// 1-based line and 1-based column (in characters) of the span's start.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let text = self.source.as_deref()?;
        let before = &text[..self.span.start];
        let line = self.lines_before + before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..self.span.start].chars().count() + 1;
        Some((line, column))
    }

    /// The text of the line the span starts on, without its line break.
    pub fn line_text(&self) -> Option<&str> {
        let text = self.source.as_deref()?;
        let start = text[..self.span.start].rfind('\n').map_or(0, |i| i + 1);
        Some(&text[start..line_end(text, self.span.start)])
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col() {
            Some((line, col)) => write!(f, "{}:{line}:{col}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in the input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// A short note drawn under the offending text.
    pub label: Option<String>,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// An I/O failure on `path`.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::error(format!("cannot {action} {}: {err}", path.display()))
            .at(Location::file(path))
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic with its source excerpt, as printed on the terminal.
    pub fn render(&self, color: bool) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};

        let mut diag =
            MietteDiagnostic::new(self.message.clone()).with_severity(match self.severity {
                Severity::Warning => miette::Severity::Warning,
                Severity::Error => miette::Severity::Error,
            });
        if let Some(hint) = &self.hint {
            diag = diag.with_help(hint.clone());
        }
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_wrap_lines(false)
            .with_context_lines(1);
        let mut out = String::new();
        let report = match &self.location {
            Some(
                loc @ Location {
                    source: Some(src), ..
                },
            ) => {
                let len = loc.span.len();
                diag = diag.with_label(LabeledSpan::new_primary_with_span(
                    self.label.clone(),
                    (loc.span.start, len),
                ));
                miette::Report::new(diag).with_source_code(miette::NamedSource::new(
                    loc.path.display().to_string(),
                    Part {
                        text: src.to_string(),
                        lines_before: loc.lines_before,
                    },
                ))
            }
            Some(loc) => {
                diag.message = format!("{}: {}", loc.path.display(), diag.message);
                miette::Report::new(diag)
            }
            None => miette::Report::new(diag),
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, report.as_ref());
        out
    }
}

/// A part of a file, starting `lines_before` lines in, as miette reads it: with the lines
/// numbered as in the whole file.
struct Part {
    text: String,
    lines_before: usize,
}

impl miette::SourceCode for Part {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.lines_before,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The one-line form, `path:line:col: error: message`, used in logs and tests.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Diagnostics gathered by a stage. Errors stop the build after the stage; warnings do not.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All diagnostics in a stable order (by file, then position), identical ones merged.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        self.items
            .dedup_by(|a, b| sort_key(a) == sort_key(b) && a.label == b.label);
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_sorted().into_iter()
    }
}

fn sort_key(d: &Diagnostic) -> (Option<&Path>, usize, std::cmp::Reverse<Severity>, &str) {
    let (path, offset) = d
        .location
        .as_ref()
        .map_or((None, 0), |l| (Some(l.path.as_path()), l.span.start));
    (path, offset, std::cmp::Reverse(d.severity), &d.message)
}

/// Byte offset of 1-based `line`, 0-based character `column` in `text` (clamped to the line).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[line_start..]
        .char_indices()
        .take_while(|(_, c)| *c != '\n')
        .nth(column)
        .map_or_else(|| line_end(text, line_start), |(i, _)| line_start + i)
}

fn line_end(text: &str, from: usize) -> usize {
    let end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    if end > from && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The candidate closest to `word`, if one is close enough to be a plausible typo: within a
/// few edits (transpositions count as one), or very similar as a whole (long paths).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter_map(|c| {
            let edits = strsim::osa_distance(word, c);
            let similarity = strsim::jaro_winkler(word, c);
            let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
            (edits <= limit || similarity >= 0.85).then_some((edits, similarity, c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> SourceFile {
        SourceFile::new(
            "content/a.md",
            "---\ntitel: Hello\ndate: 2021\n---\nBody é text\n",
        )
    }

    #[test]
    fn line_and_column_are_one_based() {
        let loc = file().at(4..9);
        assert_eq!(loc.line_col(), Some((2, 1)));
        assert_eq!(loc.line_text(), Some("titel: Hello"));
        assert_eq!(loc.to_string(), "content/a.md:2:1");
    }

    #[test]
    fn at_line_col_counts_characters() {
        let loc = file().at_line_col(5, 5, 4);
        assert_eq!(&loc.source.as_deref().unwrap()[loc.span.clone()], "é te");
        assert_eq!(loc.line_col(), Some((5, 6)));
    }

    #[test]
    fn rendering_quotes_the_offending_line_and_hint() {
        let d = Diagnostic::error("unknown key `titel`")
            .at(file().at(4..9))
            .label("not a front matter key")
            .hint("did you mean `title`?");
        let out = d.render(false);
        assert!(out.contains("content/a.md:2:1"), "{out}");
        assert!(out.contains("titel: Hello"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:1: error: unknown key `titel` (hint: did you mean `title`?)"
        );
    }

    #[test]
    fn closest_finds_typos_and_rejects_strangers() {
        let keys = ["title", "date", "issuer", "summary"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("isuer", keys), Some("issuer"));
        assert_eq!(closest("zzzz", keys), None);
        assert_eq!(closest("fhd", ["fdh", "job-scams"]), Some("fdh"));
        assert_eq!(
            closest("statements/a.md", ["statements/b.md", "pages/a.md"]),
            Some("statements/b.md")
        );
    }

    #[test]
    fn diagnostics_sort_by_file_then_position_and_merge_duplicates() {
        let mut ds = Diagnostics::new();
        let f = file();
        ds.push(Diagnostic::error("b").at(f.at(20..21)));
        ds.push(Diagnostic::error("a").at(f.at(4..5)));
        ds.push(Diagnostic::error("a").at(f.at(4..5)));
        let sorted: Vec<_> = ds.into_sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(sorted, ["a", "b"]);
    }

    #[test]
    fn a_detached_location_reports_and_shows_the_same_as_the_whole_file() {
        let file = SourceFile::new(
            "content/x.md",
            "---\ntitle: T\n---\nOne.\n\nTwo [bad](@/nowhere.md) here.\n\nThree.\n",
        );
        let at = file.text.find("[bad]").unwrap();
        let whole = file.at(at..at + 5);
        let part = whole.detached();
        assert!(part.source.as_deref().unwrap().len() < file.text.len());
        assert_eq!(part.line_col(), whole.line_col());
        assert_eq!(part.line_text(), whole.line_text());
        let d = |loc: Location| Diagnostic::error("broken link").at(loc).label("here");
        assert_eq!(d(part.clone()).to_string(), d(whole.clone()).to_string());
        assert_eq!(d(part).render(false), d(whole).render(false));
    }
}
