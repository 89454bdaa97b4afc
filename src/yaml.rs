//! Typed YAML with located errors, shared by `config.yaml` and front matter.
//!
//! `serde_yaml` reports only the first problem and knows no positions once a document has been
//! parsed into a value. Editors need every unknown key at once, each with its line and the
//! closest valid key, so deserialisation runs on a parsed [`serde_yaml::Value`] through
//! `serde_path_to_error`: each unknown key is recorded, removed, and deserialisation retried.
//! Positions come from a second, event-level pass with `saphyr-parser`, which maps each key path
//! to the span of its key and of its value.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, SourceFile, closest};

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path like `source.translation` or `topics[2]`, for messages.
pub fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The YAML part of a file: the whole of `config.yaml`, or the front matter block of a content file.
#[derive(Clone, Copy)]
pub struct YamlBlock<'a> {
    pub file: &'a SourceFile,
    /// Byte range of the YAML text inside the file.
    pub range: (usize, usize),
    /// What the block is called in messages: "front matter", "config".
    pub what: &'static str,
}

impl<'a> YamlBlock<'a> {
    /// A block that is the whole file, such as `config.yaml` or a notes file.
    pub fn whole(file: &'a SourceFile, what: &'static str) -> YamlBlock<'a> {
        YamlBlock {
            file,
            range: (0, file.text.len()),
            what,
        }
    }

    pub fn text(&self) -> &'a str {
        &self.file.text[self.range.0..self.range.1]
    }

    /// Deserializes the block into `T`, reporting every unknown key and the first type error.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        match self.parse_partial() {
            (Some(t), problems) if problems.is_empty() => Ok(t),
            (_, problems) => Err(problems),
        }
    }

    /// Like [`YamlBlock::parse`], but also returns the `T` read once the keys in error were left
    /// out, when there is one, so that a caller can check the rest of it too.
    pub fn parse_partial<T: DeserializeOwned>(&self) -> (Option<T>, Vec<Diagnostic>) {
        // Fast path: valid input deserializes in one pass. Only when it fails is the block
        // parsed again, slowly, to report every problem with its position.
        let text = self.text();
        if may_hold_null_or_tag(text) {
            let locator = Locator::new(text);
            if locator.null_keys().next().is_some()
                || locator.tags().next().is_some()
                || locator.controls().next().is_some()
            {
                return self.parse_without_nulls(&locator);
            }
        }
        let fast = if text.trim().is_empty() {
            serde_yaml::from_str::<T>("{}")
        } else {
            serde_yaml::from_str::<T>(text)
        };
        if let Ok(t) = fast {
            return (Some(t), Vec::new());
        }
        let value = match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Null) => Value::Mapping(Default::default()),
            Ok(v) => v,
            Err(e) => return (None, vec![self.syntax_error(&e)]),
        };
        // Positions are needed only to report problems, and most blocks have none.
        let locator = std::cell::LazyCell::new(|| Locator::new(self.text()));
        self.parse_value(value, &locator, Vec::new(), &[])
    }

    /// Parses a block holding nulls, tags or control characters. A key whose value is null is
    /// taken as absent, so a required one is reported missing at its line and an optional one
    /// gets its default; a tag is an error, as Annals has no use for one and serde_yaml would
    /// drop it silently; so is an escape that writes a control character (see `control`).
    fn parse_without_nulls<T: DeserializeOwned>(
        &self,
        locator: &Locator,
    ) -> (Option<T>, Vec<Diagnostic>) {
        let mut value = match serde_yaml::from_str::<Value>(self.text()) {
            Ok(Value::Null) => Value::Mapping(Default::default()),
            Ok(v) => v,
            Err(e) => return (None, vec![self.syntax_error(&e)]),
        };
        let nulls: Vec<Vec<Seg>> = locator.null_keys().map(<[Seg]>::to_vec).collect();
        for path in nulls.iter().rev() {
            remove_at(&mut value, path);
        }
        let tags = locator.tags().map(|(tag, span)| {
            Diagnostic::error(format!("YAML tags such as `{tag}` are not supported"))
                .at(self.file.at(self.shift(span)))
                .label("tag")
                .hint("remove the tag and write the value as text (quote it if it holds special characters)")
        });
        let controls = locator.controls().map(|(c, span)| {
            Diagnostic::error(format!(
                "this value writes the control character U+{:04X} with an escape",
                c as u32
            ))
            .at(self.file.at(self.shift(span)))
            .label("control character")
            .hint("remove the escape: control characters mean nothing to a reader and make feeds malformed")
        });
        let problems: Vec<Diagnostic> = tags.chain(controls).collect();
        if problems.is_empty() {
            // Read back from text, so values are taken as leniently as by the fast path (a
            // number where text is expected is text).
            let fast = serde_yaml::to_string(&value)
                .ok()
                .and_then(|t| serde_yaml::from_str::<T>(&t).ok());
            if let Some(t) = fast {
                return (Some(t), Vec::new());
            }
        }
        self.parse_value(value, locator, problems, &nulls)
    }

    /// The slow path: deserialises `value`, recording each problem and removing its key, until
    /// no problem is left. `nulls` are the keys whose null value was removed.
    fn parse_value<T: DeserializeOwned>(
        &self,
        mut value: Value,
        locator: &Locator,
        mut problems: Vec<Diagnostic>,
        nulls: &[Vec<Seg>],
    ) -> (Option<T>, Vec<Diagnostic>) {
        let by_position = |mut ps: Vec<Diagnostic>| {
            ps.sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.span.start));
            ps
        };
        // Keys removed after an invalid value, so "missing field" for them is not reported too.
        let mut removed: Vec<Vec<Seg>> = Vec::new();
        // Each pass removes one offending key; the bound only guards against a pathological loop.
        for _ in 0..256 {
            let err = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
                Ok(t) if problems.is_empty() => return (Some(t), Vec::new()),
                Ok(t) => return (Some(t), by_position(problems)),
                Err(err) => err,
            };
            let path = to_segs(err.path());
            let message = strip_position(&err.inner().to_string());
            let offending = if let Some((key, expected)) = parse_unknown(&message, "unknown field")
            {
                let mut key_path = path.clone();
                if key_path.last() != Some(&Seg::Key(key.clone())) {
                    key_path.push(Seg::Key(key.clone()));
                }
                problems.push(self.unknown_key(locator, &key_path, &key, &expected));
                // A misspelt required key (`titel`) is reported once, not again as missing.
                if let Some(best) = closest(&key, expected.iter().map(String::as_str)) {
                    let mut meant = key_path[..key_path.len() - 1].to_vec();
                    meant.push(Seg::Key(best.to_string()));
                    removed.push(meant);
                }
                key_path
            } else if let Some(field) = missing_field(&message) {
                let mut field_path = path.clone();
                field_path.push(Seg::Key(field));
                if nulls.contains(&field_path) {
                    problems.push(self.null_error(locator, &field_path));
                } else if !removed.contains(&field_path) {
                    problems.push(self.value_error(locator, &path, &message));
                }
                break;
            } else {
                problems.push(self.value_error(locator, &path, &message));
                // Drop the whole key holding the bad value (`topics` for `topics[2]`) and go on,
                // so later keys are checked too.
                let last_key = path.iter().rposition(|s| matches!(s, Seg::Key(_)));
                match last_key {
                    Some(i) => path[..=i].to_vec(),
                    None => break,
                }
            };
            if !remove_at(&mut value, &offending) {
                break;
            }
            removed.push(offending);
        }
        (None, by_position(problems))
    }

    /// A diagnostic pointing at the value found at `path` (or its nearest located ancestor).
    pub fn error_at(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        let locator = Locator::new(self.text());
        let span = locator.value_span(path).unwrap_or(0..0);
        Diagnostic::error(message).at(self.file.at(self.shift(span)))
    }

    /// A required key written with a null value (`title: ~`, `title: null`, `title:`).
    fn null_error(&self, locator: &Locator, path: &[Seg]) -> Diagnostic {
        let span = locator.key_span(path).unwrap_or(0..0);
        Diagnostic::error(format!(
            "required key `{}` has no value",
            display_path(path)
        ))
        .at(self.file.at(self.shift(span)))
        .label("null")
        .hint("give it a value; in YAML `~`, `null` and nothing mean no value, so quote them if you mean the text")
    }

    fn shift(&self, span: Range<usize>) -> Range<usize> {
        self.range.0 + span.start..self.range.0 + span.end
    }

    fn syntax_error(&self, e: &serde_yaml::Error) -> Diagnostic {
        let start = e.location().map_or(0, |l| l.index());
        Diagnostic::error(format!(
            "{} is not valid YAML: {}",
            self.what,
            strip_position(&e.to_string())
        ))
        .at(self.file.at(self.shift(start..start + 1)))
        .hint("check the indentation and quoting on this line; quote values that contain `: ` or start with a special character")
    }

    fn unknown_key(
        &self,
        locator: &Locator,
        path: &[Seg],
        key: &str,
        expected: &[String],
    ) -> Diagnostic {
        let span = locator.key_span(path).unwrap_or(0..0);
        let parent = display_path(&path[..path.len() - 1]);
        let within = if parent.is_empty() {
            String::new()
        } else {
            format!(" in `{parent}`")
        };
        let d = Diagnostic::error(format!("unknown {} key `{key}`{within}", self.what))
            .at(self.file.at(self.shift(span)))
            .label("not a known key");
        match closest(key, expected.iter().map(String::as_str)) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None if expected.is_empty() => d.hint("this section takes no keys"),
            None => d.hint(format!("valid keys here: {}", expected.join(", "))),
        }
    }

    fn value_error(&self, locator: &Locator, path: &[Seg], message: &str) -> Diagnostic {
        let span = locator.value_span(path).unwrap_or(0..0);
        let name = display_path(path);
        let mut d = Diagnostic::error(if name.is_empty() {
            format!("invalid {}: {message}", self.what)
        } else {
            format!("invalid value for `{name}`: {message}")
        })
        .at(self.file.at(self.shift(span)));
        if let Some((variant, expected)) = parse_unknown(message, "unknown variant") {
            d = match closest(&variant, expected.iter().map(String::as_str)) {
                Some(best) => d.hint(format!("did you mean `{best}`?")),
                None => d.hint(format!("use one of: {}", expected.join(", "))),
            };
        } else if let Some(field) = message.strip_prefix("missing field ") {
            d = d.hint(format!("add the required key {field}"));
        } else if message.starts_with("invalid type") {
            d = d.hint("quote the value if it is text, or check the expected shape of this key");
        }
        d
    }
}

fn to_segs(path: &serde_path_to_error::Path) -> Vec<Seg> {
    path.iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
            _ => None,
        })
        .collect()
}

/// serde_yaml appends " at line L column C"; we show positions ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The field named by serde's "missing field `x`".
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest[..rest.find('`')?].to_string())
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" (or `unknown variant`).
fn parse_unknown(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message
        .strip_prefix(prefix)?
        .trim_start()
        .strip_prefix('`')?;
    let end = rest.find('`')?;
    let name = rest[..end].to_string();
    let expected = rest[end + 1..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((name, expected))
}

fn remove_at(value: &mut Value, path: &[Seg]) -> bool {
    let Some((Seg::Key(last), parent)) = path.split_last() else {
        return false;
    };
    let mut cur = value;
    for seg in parent {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Index(i), Value::Sequence(s)) => match s.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match cur {
        Value::Mapping(m) => m.remove(last.as_str()).is_some(),
        _ => false,
    }
}

/// Key and value spans (byte ranges in the YAML text) for every path in a document.
pub struct Locator {
    entries: Vec<Entry>,
}

/// Where the node at `path` is: its key (for mapping values) and its value.
struct Entry {
    path: Vec<Seg>,
    key: Option<Range<usize>>,
    value: Range<usize>,
    /// The node is a plain `~`, `null` or empty scalar: YAML's null, no value.
    null: bool,
    /// The node's explicit tag (`!!binary`, `!custom`), as written.
    tag: Option<String>,
    /// A control character the scalar's escapes decode to (`"\a"`), if any.
    control: Option<char>,
}

impl Locator {
    pub fn new(text: &str) -> Self {
        let byte_at = CharIndex::new(text);
        let mut events = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let range = byte_at.get(span.start.index())..byte_at.get(span.end.index());
            events.push((event, range));
        }
        let mut entries = Vec::new();
        let mut pos = 0;
        // Skip StreamStart / DocumentStart up to the root node.
        while pos < events.len()
            && matches!(events[pos].0, Event::StreamStart | Event::DocumentStart(_))
        {
            pos += 1;
        }
        walk(&events, &mut pos, &mut Vec::new(), None, &mut entries);
        Locator { entries }
    }

    fn find(&self, path: &[Seg]) -> Option<&Entry> {
        (0..=path.len()).rev().find_map(|n| {
            self.entries
                .iter()
                .find(|e| e.path.as_slice() == &path[..n])
        })
    }

    /// The span of the key at `path`, or of the nearest ancestor that has one.
    pub fn key_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        let entry = self.find(path)?;
        Some(entry.key.clone().unwrap_or_else(|| entry.value.clone()))
    }

    /// The span of the value at `path`, or of the nearest ancestor.
    pub fn value_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|e| e.value.clone())
    }

    /// Mapping keys whose value is null, deepest last.
    fn null_keys(&self) -> impl Iterator<Item = &[Seg]> {
        self.entries
            .iter()
            .filter(|e| e.null && matches!(e.path.last(), Some(Seg::Key(_))))
            .map(|e| e.path.as_slice())
    }

    /// Scalars whose escapes write a control character: the character and the scalar's span.
    fn controls(&self) -> impl Iterator<Item = (char, Range<usize>)> {
        self.entries
            .iter()
            .filter_map(|e| Some((e.control?, e.value.clone())))
    }

    /// Nodes with an explicit tag: the tag and the node's span.
    fn tags(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        self.entries
            .iter()
            .filter_map(|e| Some((e.tag.as_deref()?, e.value.clone())))
    }
}

/// Whether the text may hold a null, a tag or an escape, which the fast path would take as text,
/// drop, or decode into a control character (serde_yaml reads `title: ~` into a string as "~",
/// ignores `!!binary`, and decodes `"\a"`). A cheap test on the text, so most blocks skip the
/// event-level scan.
fn may_hold_null_or_tag(text: &str) -> bool {
    text.contains(['~', '!', '\\'])
        || text.contains("null")
        || text.contains("Null")
        || text.contains("NULL")
        || has_empty_value(text)
}

/// Whether a line `key:` has no value: no more indented line (or sequence) follows it.
fn has_empty_value(text: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.iter().enumerate().any(|(i, line)| {
        line.trim_end().ends_with(':')
            && lines.get(i + 1).is_none_or(|next| {
                indent(next) < indent(line)
                    || (indent(next) == indent(line) && !next.trim_start().starts_with('-'))
            })
    })
}

fn walk(
    events: &[(Event<'_>, Range<usize>)],
    pos: &mut usize,
    path: &mut Vec<Seg>,
    key_span: Option<Range<usize>>,
    out: &mut Vec<Entry>,
) {
    let Some((event, span)) = events.get(*pos) else {
        return;
    };
    *pos += 1;
    let (null, tag, control) = match event {
        Event::Scalar(value, style, _, tag) => (
            *style == ScalarStyle::Plain
                && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL"),
            tag.as_ref(),
            value.chars().find(|&c| crate::control::is_forbidden(c)),
        ),
        Event::MappingStart(_, tag) | Event::SequenceStart(_, tag) => (false, tag.as_ref(), None),
        _ => (false, None, None),
    };
    out.push(Entry {
        path: path.clone(),
        key: key_span,
        value: span.clone(),
        null,
        tag: tag.map(|t| {
            if t.handle == "tag:yaml.org,2002:" {
                format!("!!{}", t.suffix)
            } else {
                format!("{}{}", t.handle, t.suffix)
            }
        }),
        control,
    });
    match event {
        Event::MappingStart(..) => loop {
            match events.get(*pos) {
                None => return,
                Some((Event::MappingEnd, _)) => {
                    *pos += 1;
                    return;
                }
                Some((Event::Scalar(key, ..), key_span)) => {
                    *pos += 1;
                    path.push(Seg::Key(key.to_string()));
                    walk(events, pos, path, Some(key_span.clone()), out);
                    path.pop();
                }
                Some(_) => {
                    // A complex key: walk it and its value without recording paths for them.
                    let mut scratch = Vec::new();
                    walk(events, pos, &mut path.clone(), None, &mut scratch);
                    walk(events, pos, &mut path.clone(), None, &mut scratch);
                }
            }
        },
        Event::SequenceStart(..) => {
            let mut index = 0;
            loop {
                match events.get(*pos) {
                    None => return,
                    Some((Event::SequenceEnd, _)) => {
                        *pos += 1;
                        return;
                    }
                    Some(_) => {
                        path.push(Seg::Index(index));
                        walk(events, pos, path, None, out);
                        path.pop();
                        index += 1;
                    }
                }
            }
        }
        _ => {}
    }
}

/// Maps saphyr's character indices to byte offsets.
struct CharIndex(Vec<usize>);

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        CharIndex(v)
    }

    fn get(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or(*self.0.last().unwrap_or(&0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Source {
        #[allow(dead_code)]
        publisher: Option<String>,
        #[allow(dead_code)]
        translation: Option<Translation>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Translation {
        None,
        Machine,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        title: String,
        #[serde(default)]
        topics: Vec<String>,
        #[allow(dead_code)]
        source: Option<Source>,
    }

    fn block(text: &str) -> (SourceFile, usize) {
        let file = SourceFile::new("x.md", format!("---\n{text}---\nbody\n"));
        (file, 4 + text.len())
    }

    fn parse(text: &str) -> Result<Meta, Vec<Diagnostic>> {
        let (file, end) = block(text);
        YamlBlock {
            file: &file,
            range: (4, end),
            what: "front matter",
        }
        .parse::<Meta>()
    }

    #[test]
    fn parses_a_valid_block() {
        let meta = parse("title: Hi\ntopics: [a, b]\n").unwrap();
        assert_eq!(meta.title, "Hi");
        assert_eq!(meta.topics, ["a", "b"]);
    }

    #[test]
    fn reports_every_unknown_key_with_its_line_and_closest_key() {
        let errs =
            parse("titel: Hi\ntitle: Hi\nsource:\n  publsher: X\n  translation: none\ntopcs: []\n")
                .unwrap_err();
        let lines: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert_eq!(
            lines[0],
            "x.md:2:1: error: unknown front matter key `titel` (hint: did you mean `title`?)"
        );
        assert!(
            lines[1]
                .starts_with("x.md:5:3: error: unknown front matter key `publsher` in `source`"),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with("(hint: did you mean `publisher`?)"));
        assert!(lines[2].starts_with("x.md:7:1: error: unknown front matter key `topcs`"));
    }

    #[test]
    fn locates_type_errors_at_the_value() {
        let errs = parse("title: Hi\nsource:\n  translation: mchine\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        let d = &errs[0];
        assert_eq!(d.location.as_ref().unwrap().line_col(), Some((4, 16)));
        assert!(d.message.contains("`source.translation`"), "{}", d.message);
        assert_eq!(d.hint.as_deref(), Some("did you mean `machine`?"));
    }

    #[test]
    fn reports_every_invalid_value_without_echoes() {
        let errs = parse("title: [not, text]\nsource:\n  translation: mchine\n  publsher: X\n")
            .unwrap_err();
        let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].starts_with("x.md:2:8: error: invalid value for `title`"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("x.md:4:16: error: invalid value for `source.translation`"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("x.md:5:3: error: unknown front matter key `publsher`"),
            "{}",
            lines[2]
        );
    }

    #[test]
    fn reports_missing_required_keys() {
        let errs = parse("topics: []\n").unwrap_err();
        assert!(
            errs[0].message.contains("missing field `title`"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn a_null_required_key_is_missing_and_a_null_optional_key_absent() {
        for null in ["~", "null", "NULL", ""] {
            let errs = parse(&format!("topics: [a]\ntitle: {null}\n")).unwrap_err();
            let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
            assert_eq!(
                lines,
                [
                    "x.md:3:1: error: required key `title` has no value (hint: give it a value; in YAML `~`, `null` and nothing mean no value, so quote them if you mean the text)"
                ],
                "{null:?}"
            );
        }
        let meta = parse("title: \"~\"\ntopics: ~\nsource:\n  publisher: null\n").unwrap();
        assert_eq!(meta.title, "~");
        assert!(meta.topics.is_empty());
        let meta = parse("title: 'null'\nsource: ~\n").unwrap();
        assert_eq!(meta.title, "null");
        assert!(meta.source.is_none());
        // Numbers are still text where text is expected, as on the fast path.
        assert_eq!(parse("title: 2021\ntopics: ~\n").unwrap().title, "2021");
    }

    #[test]
    fn empty_values_are_told_from_nested_blocks() {
        assert!(has_empty_value("title:\n"));
        assert!(has_empty_value("title:\nissuer: x\n"));
        assert!(has_empty_value("source:\n  publisher:\ntitle: x\n"));
        assert!(!has_empty_value("source:\n  publisher: x\n"));
        assert!(!has_empty_value("topics:\n- a\n"));
        assert!(!has_empty_value("title: x\n"));
    }

    #[test]
    fn tags_are_errors_at_the_tagged_value() {
        let errs = parse("title: !!binary aGVsbG8=\ntopics: [!custom a]\n").unwrap_err();
        let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[0].starts_with("x.md:2:8: error: YAML tags such as `!!binary` are not supported"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("x.md:3:10: error: YAML tags such as `!custom` are not supported"),
            "{}",
            lines[1]
        );
        assert_eq!(
            parse("title: Stop! Now ~ here\n").unwrap().title,
            "Stop! Now ~ here"
        );
    }

    #[test]
    fn escapes_that_write_control_characters_are_errors() {
        let errs = parse("title: \"a\\ab\"\ntopics: [\"\\x1b\", \"\\t ok\"]\n").unwrap_err();
        let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[0].starts_with(
                "x.md:2:8: error: this value writes the control character U+0007 with an escape"
            ),
            "{}",
            lines[0]
        );
        assert!(
            lines[1]
                .starts_with("x.md:3:10: error: this value writes the control character U+001B"),
            "{}",
            lines[1]
        );
        assert_eq!(parse("title: \"tab\\there\"\n").unwrap().title, "tab\there");
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let errs = parse("title: [unclosed\n").unwrap_err();
        assert!(
            errs[0]
                .message
                .starts_with("front matter is not valid YAML")
        );
        assert!(errs[0].location.as_ref().unwrap().line_col().unwrap().0 >= 2);
    }

    #[test]
    fn locator_handles_sequences_and_non_ascii() {
        let loc = Locator::new("名前: 値\ntopics:\n  - a\n  - b\n");
        let span = loc
            .value_span(&[Seg::Key("topics".into()), Seg::Index(1)])
            .unwrap();
        assert_eq!(&"名前: 値\ntopics:\n  - a\n  - b\n"[span], "b");
    }
}
