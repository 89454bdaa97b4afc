//! News-page furniture: the parts of a source page that are not the statement (bylines,
//! headlines, time stamps, photo captions, "READ MORE" links).
//!
//! An archive keeps them, because they are part of the document as published, but must not mix
//! them into the statement's text. Editors wrap each in a fenced block whose info string is
//! `furniture <kind>`; its content is kept verbatim, shown apart, and left out of the text, the
//! paragraph numbering and the plain-text export.
//!
//! ````markdown
//! ```furniture byline
//! By Shamim Ashraf in Hong Kong
//! ```
//! ````

use crate::content::meta::Framing;

/// The kinds of furniture, with the label a reader sees.
pub const KINDS: &[(&str, &str)] = &[
    ("headline", "Headline"),
    ("byline", "Byline"),
    ("timestamp", "Time stamp"),
    ("caption", "Photo caption"),
    ("related", "Related link"),
];

/// The label of a furniture kind, or `None` if the kind is unknown.
pub fn label(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l)
}

/// The kind named by a fenced block's info string, if the block is furniture:
/// `Some(Ok(kind))`, `Some(Err(written))` for an unknown kind, `None` for ordinary code.
pub fn kind_of(info: &str) -> Option<Result<&'static str, String>> {
    let mut words = info.split_whitespace();
    if words.next() != Some("furniture") {
        return None;
    }
    let kind = words.next().unwrap_or("");
    Some(
        KINDS
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(k, _)| *k)
            .ok_or_else(|| kind.to_string()),
    )
}

/// Whether a fenced block, given as its source (opening fence to the end of the block), ends
/// with a closing fence. CommonMark lets an unclosed fence run to the end of the document, which
/// for furniture would silently take the rest of the statement out of its text.
pub fn is_closed(source: &str) -> bool {
    let mut lines = source
        .lines()
        .map(|line| line.trim_start_matches(['>', ' ', '\t']));
    let Some(opening) = lines.next() else {
        return false;
    };
    let Some(fence_char) = opening.chars().next().filter(|c| matches!(c, '`' | '~')) else {
        return false;
    };
    let opening_len = opening.chars().take_while(|&c| c == fence_char).count();
    lines.rfind(|l| !l.trim().is_empty()).is_some_and(|last| {
        let last = last.trim_end();
        last.chars().all(|c| c == fence_char) && last.chars().count() >= opening_len
    })
}

/// The HTML of one furniture block.
/// How a furniture block's HTML begins, up to its kind: how a page tells furniture from text.
pub const HTML_PREFIX: &str = "<div class=\"furniture furniture-";

pub fn html(kind: &str, text: &str) -> String {
    let label = label(kind).unwrap_or("Furniture");
    format!(
        "{HTML_PREFIX}{kind}\" role=\"note\"><span class=\"furniture-label\">{label}<span class=\"visually-hidden\"> (publisher’s page furniture, not part of the statement)</span></span> <span class=\"furniture-text\">{}</span></div>\n",
        super::escape_html(text.trim_end())
    )
}

/// The label that sets a news report's framing apart (`framing:` in front matter): placed
/// before its first paragraph, and describing each of them (`aria-describedby`).
pub fn framing_html(framing: Framing) -> String {
    let range = if framing.first == framing.last {
        format!("¶{}", framing.first)
    } else {
        format!("¶{}–{}", framing.first, framing.last)
    };
    format!(
        "<div class=\"framing-note\" id=\"framing-note\" role=\"note\"><span class=\"framing-label\">News report’s framing</span> <span class=\"framing-text\">{range}: the report’s own words introducing the statement, not part of it. Kept, numbered and quotable as published.</span></div>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_furniture_blocks() {
        assert_eq!(kind_of("furniture caption"), Some(Ok("caption")));
        assert_eq!(kind_of("furniture  byline extra"), Some(Ok("byline")));
        assert_eq!(kind_of("furniture captoin"), Some(Err("captoin".into())));
        assert_eq!(kind_of("furniture"), Some(Err(String::new())));
        assert_eq!(kind_of("rust"), None);
        assert_eq!(kind_of(""), None);
    }

    #[test]
    fn tells_closed_fences_from_unclosed_ones() {
        assert!(is_closed("```furniture byline\nBy A\n```\n"));
        assert!(is_closed("~~~~ furniture byline\nBy A\n~~~~~"));
        assert!(is_closed("> ```furniture byline\n> By A\n> ```"));
        assert!(!is_closed("```furniture byline\nBy A\n"));
        assert!(!is_closed("```furniture byline\nBy A\n~~~\n"));
        assert!(!is_closed("````furniture byline\nBy A\n```\n"));
        assert!(!is_closed("```furniture byline"));
    }

    #[test]
    fn html_is_labelled_and_escaped() {
        let h = html("related", "READ MORE: <b>x</b>\n");
        assert!(h.contains("furniture-related"));
        assert!(h.contains("Related link"));
        assert!(h.contains("READ MORE: &lt;b&gt;x&lt;/b&gt;</span>"), "{h}");
    }
}
