//! Control characters in input text.
//!
//! Text pasted from PDFs often carries form feeds, NULs, escapes and bells. XML 1.0 forbids
//! them (a feed holding one is malformed and readers reject all of it), HTML parsers replace
//! some with U+FFFD and keep others, and they mean nothing to a reader. So every such character
//! is replaced with U+FFFD (the replacement character) as input is read: the text of content
//! files, `config.yaml`, and characters that Markdown references (`&#7;`) decode to. Every
//! output (HTML, feeds, plain text, JSON, CSV, search) then shows the same thing. A YAML escape
//! that writes one (`"\a"`) is an error instead: it was written on purpose, and means nothing.
//! Tab, line feed and carriage return are white space, and kept.

/// Whether `c` is a control character that no output keeps.
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}')
}

/// Whether `text` holds a forbidden control character (a fast byte scan: they are all ASCII).
pub fn any(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F)
}

/// `text` with each forbidden control character replaced by U+FFFD; unchanged (and not copied)
/// when it holds none.
pub fn replace(text: String) -> String {
    if !any(&text) {
        return text;
    }
    text.chars()
        .map(|c| if is_forbidden(c) { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_controls_but_keeps_white_space() {
        assert_eq!(
            replace("a\0b\u{7}c\u{b}d\u{c}e\u{1b}f\u{7f}g\th\ni\r\n".into()),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\th\ni\r\n"
        );
        assert!(!any("plain text, 香港, \u{85} \u{2028}"));
        for c in ['\0', '\u{7}', '\u{1f}', '\u{7f}'] {
            assert!(is_forbidden(c) && any(&c.to_string()));
        }
    }
}
