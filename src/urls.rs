//! Site URLs and output paths.
//!
//! Every URL the site emits goes through [`BaseUrl`], so a sub-path deployment
//! (`https://example.github.io/archive/`) works everywhere; every file written goes through
//! [`OutputPath`], which cannot name anything outside the output folder.

use std::fmt;

/// The `base_url` of the site, split into origin and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    pub fn parse(input: &str) -> Result<BaseUrl, String> {
        let s = input.trim();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("`{s}` is not an absolute http(s) URL"))?;
        if s.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
            return Err(format!(
                "`{s}` must not contain a query, fragment, space or quote"
            ));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return Err(format!("`{s}` has no host"));
        }
        let scheme_len = s.len() - rest.len();
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        if path.split('/').any(|seg| seg == "." || seg == "..") {
            return Err(format!("`{s}` has `.` or `..` in its path"));
        }
        Ok(BaseUrl {
            origin: format!("{}{host}", &s[..scheme_len]),
            path,
        })
    }

    /// The path part, starting and ending with `/`: `/` or `/archive/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A root-relative URL for a site path: `statements/x/` → `/archive/statements/x/`.
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// An absolute URL for a site path, for feeds, sitemaps and canonical links.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.url(site_path))
    }

    /// Scheme and host: `https://example.github.io`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The base URL itself, with a trailing slash.
    pub fn root(&self) -> String {
        self.absolute("")
    }
}

/// Site path of a statement's page.
pub fn statement_path(slug: &str) -> String {
    format!("statements/{slug}/")
}

/// Site path of a free page.
pub fn page_path(slug: &str) -> String {
    format!("{slug}/")
}

/// Site path of a term's page in the taxonomy named `taxonomy` (`topics`, `entities`).
pub fn term_path(taxonomy: &str, slug: &str) -> String {
    format!("{taxonomy}/{slug}/")
}

/// Whether `url` is an absolute http(s) URL with a host and no white space.
pub fn is_absolute_http(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !url.contains(char::is_whitespace))
}

/// A file path inside the output folder, made only of normal components.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputPath(String);

impl OutputPath {
    /// Validates a `/`-separated relative path.
    pub fn new(rel: &str) -> Result<OutputPath, String> {
        let bad = |why: &str| Err(format!("output path `{rel}` {why}"));
        if rel.is_empty() {
            return bad("is empty");
        }
        if rel.contains(['\\', '\0', ':']) {
            return bad("contains `\\`, `:` or NUL");
        }
        for seg in rel.split('/') {
            if seg.is_empty() || seg == "." || seg == ".." {
                return bad("must be relative, without empty, `.` or `..` segments");
            }
        }
        Ok(OutputPath(rel.to_string()))
    }

    /// The `index.html` file serving a directory-style site path (`statements/x/`, or `` for `/`).
    pub fn for_page(site_path: &str) -> Result<OutputPath, String> {
        let trimmed = site_path.trim_matches('/');
        if trimmed.is_empty() {
            OutputPath::new("index.html")
        } else {
            OutputPath::new(&format!("{trimmed}/index.html"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The site path that serves this file: `statements/x/index.html` → `statements/x/`.
    pub fn site_path(&self) -> &str {
        self.0.strip_suffix("index.html").unwrap_or(&self.0)
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A URL-safe slug: lowercase ASCII letters, digits and single hyphens. Non-Latin text is
/// transliterated, so `香港` becomes `xiang-gang`.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Whether `s` is already a slug as [`slugify`] would produce it.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && slugify(s) == s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        let b = BaseUrl::parse("https://example.github.io/archive").unwrap();
        assert_eq!(b.path(), "/archive/");
        assert_eq!(b.url("/statements/x/"), "/archive/statements/x/");
        assert_eq!(b.url(""), "/archive/");
        assert_eq!(
            b.absolute("atom.xml"),
            "https://example.github.io/archive/atom.xml"
        );
        assert_eq!(b.root(), "https://example.github.io/archive/");
    }

    #[test]
    fn base_url_at_domain_root() {
        let b = BaseUrl::parse("http://127.0.0.1:1111").unwrap();
        assert_eq!(b.path(), "/");
        assert_eq!(b.url("about/"), "/about/");
        assert_eq!(b.absolute("about/"), "http://127.0.0.1:1111/about/");
    }

    #[test]
    fn base_url_rejects_non_urls() {
        for bad in [
            "example.org",
            "ftp://x/",
            "https:///x",
            "https://x/a?b",
            "https://x/../y",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn output_paths_cannot_escape() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "a\\b",
            "./a",
            "c:x",
        ] {
            assert!(OutputPath::new(bad).is_err(), "{bad}");
        }
        assert_eq!(
            OutputPath::for_page("/statements/x/").unwrap().as_str(),
            "statements/x/index.html"
        );
        assert_eq!(OutputPath::for_page("/").unwrap().as_str(), "index.html");
        assert_eq!(
            OutputPath::new("statements/x/index.html")
                .unwrap()
                .site_path(),
            "statements/x/"
        );
    }

    #[test]
    fn slugs_are_safe_path_segments() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("香港"), "xiang-gang");
        assert!(is_slug("labour-department"));
        assert!(!is_slug("Labour Department"));
        assert!(!is_slug(""));
    }
}
