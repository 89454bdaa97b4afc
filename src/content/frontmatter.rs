//! Splitting a content file into its YAML front matter and its Markdown body.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceFile};

/// Byte ranges of the front matter (between the `---` lines) and of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub front: Range<usize>,
    pub body: Range<usize>,
}

/// Finds the `---` fenced front matter at the top of `file`.
pub fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &*file.text;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(first_end) = fence_line_end(text, start) else {
        return Err(Diagnostic::error("content file has no front matter")
            .at(file.at(start..start + text[start..].find('\n').unwrap_or(text.len() - start)))
            .label("expected `---` here")
            .hint("start the file with a line `---`, the YAML front matter (title, date, …), and another `---`"));
    };
    let mut line_start = first_end;
    while line_start < text.len() {
        if let Some(end) = fence_line_end(text, line_start) {
            return Ok(Split {
                front: first_end..line_start,
                body: end..text.len(),
            });
        }
        line_start = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(file.at(start..start + 3))
        .label("opened here")
        .hint("end the front matter with a line containing only `---`"))
}

/// If a `---` line starts at `at`, the offset just past its line break.
fn fence_line_end(text: &str, at: usize) -> Option<usize> {
    let rest = text[at..].strip_prefix("---")?;
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let pos = text.len() - trimmed.len();
    if trimmed.is_empty() {
        Some(pos)
    } else if trimmed.starts_with("\r\n") {
        Some(pos + 2)
    } else if trimmed.starts_with('\n') {
        Some(pos + 1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_str(s: &str) -> Result<(String, String), Diagnostic> {
        let f = SourceFile::new("a.md", s);
        split(&f).map(|sp| (s[sp.front].to_string(), s[sp.body].to_string()))
    }

    #[test]
    fn splits_front_matter_from_body() {
        assert_eq!(
            split_str("---\ntitle: A\n---\nBody\n").unwrap(),
            ("title: A\n".into(), "Body\n".into())
        );
        assert_eq!(split_str("---\n---\n").unwrap(), ("".into(), "".into()));
        assert_eq!(
            split_str("---\r\na: 1\r\n---\r\nB").unwrap(),
            ("a: 1\r\n".into(), "B".into())
        );
        assert_eq!(
            split_str("\u{feff}---\na: 1\n---").unwrap(),
            ("a: 1\n".into(), "".into())
        );
    }

    #[test]
    fn a_dash_line_inside_yaml_values_does_not_close_early() {
        let (front, body) = split_str("---\na: |\n  ----x\n---\nBody --- text\n").unwrap();
        assert_eq!(front, "a: |\n  ----x\n");
        assert_eq!(body, "Body --- text\n");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_located() {
        let e = split_str("Just text\n").unwrap_err();
        assert_eq!(
            e.to_string().split(" (hint").next().unwrap(),
            "a.md:1:1: error: content file has no front matter"
        );
        let e = split_str("---\ntitle: x\nno end\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("a.md:1:1: error: front matter is not closed")
        );
    }
}
