//! What a link destination written in Markdown points to, and what it becomes in HTML.

/// A link destination, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination<'a> {
    /// `@/statements/x.md#p3`: another content file, by its path under `content/`.
    Content {
        path: &'a str,
        anchor: Option<&'a str>,
    },
    /// `/about/`: a path on this site, which must carry the base path once built.
    Site {
        path: &'a str,
        anchor: Option<&'a str>,
    },
    /// `#p3`: a place on the same page.
    Fragment(&'a str),
    /// `https://…`, `mailto:…`, or a relative path: left as written.
    External,
    /// `javascript:…` and other schemes that run code or embed data.
    Unsafe,
}

/// Schemes that are safe to link to from untrusted archived text.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

pub fn classify(dest: &str) -> Destination<'_> {
    if let Some(rest) = dest.strip_prefix("@/") {
        let (path, anchor) = split_anchor(rest);
        return Destination::Content { path, anchor };
    }
    if let Some(frag) = dest.strip_prefix('#') {
        return Destination::Fragment(frag);
    }
    if dest.starts_with('/') && !dest.starts_with("//") {
        let (path, anchor) = split_anchor(dest);
        return Destination::Site { path, anchor };
    }
    match scheme(dest) {
        Some(s) if SAFE_SCHEMES.iter().any(|safe| s.eq_ignore_ascii_case(safe)) => {
            Destination::External
        }
        Some(_) => Destination::Unsafe,
        None => Destination::External,
    }
}

/// Whether a link to `dest` could run code or embed a document (`javascript:`, `data:`…),
/// for URLs that come from elsewhere than Markdown (the config's menu, publisher, licence).
pub(crate) fn is_unsafe(dest: &str) -> bool {
    classify(dest) == Destination::Unsafe
}

fn split_anchor(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (s, None),
    }
}

/// The URL scheme of `dest`, if it has one (`javascript` in `JavaScript:alert(1)`).
/// Browsers ignore tabs and newlines inside a scheme, so those are stripped first.
fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c.is_ascii_control() || c == ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let mut chars = candidate.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| candidate.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_destinations() {
        assert_eq!(
            classify("@/statements/a.md#p3"),
            Destination::Content {
                path: "statements/a.md",
                anchor: Some("p3")
            }
        );
        assert_eq!(
            classify("@/pages/about.md"),
            Destination::Content {
                path: "pages/about.md",
                anchor: None
            }
        );
        assert_eq!(
            classify("/about/"),
            Destination::Site {
                path: "/about/",
                anchor: None
            }
        );
        assert_eq!(
            classify("/about/#p2"),
            Destination::Site {
                path: "/about/",
                anchor: Some("p2")
            }
        );
        assert_eq!(classify("#p4"), Destination::Fragment("p4"));
        assert_eq!(classify("https://www.info.gov.hk/"), Destination::External);
        assert_eq!(classify("mailto:a@b.c"), Destination::External);
        assert_eq!(classify("//cdn.example/x.js"), Destination::External);
        assert_eq!(classify("../relative/"), Destination::External);
        assert_eq!(classify("about:blank"), Destination::Unsafe);
        assert_eq!(classify("a/b:c"), Destination::External);
    }

    #[test]
    fn code_running_schemes_are_unsafe_however_spelled() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert_eq!(classify(bad), Destination::Unsafe, "{bad}");
        }
    }
}
