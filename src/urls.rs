//! Site URLs and output paths.
//!
//! Three kinds of address, each its own type so that one cannot be passed for another: a
//! [`SitePath`] names a page or file within the site (`statements/x/`), an [`Href`] is what the
//! site's pages link to (the base path, then the site path: `/archive/statements/x/`), and an
//! [`AbsoluteUrl`] is what leaves the site (feeds, sitemaps, citations, exports:
//! `https://example.github.io/archive/statements/x/`). Only [`BaseUrl`] turns a site path into
//! the other two, so a sub-path deployment works everywhere; every file written goes through
//! [`OutputPath`], which cannot name anything outside the output folder.

use std::fmt;

use serde::Serialize;

/// A page's or file's path within the site, relative to its root and without the base path:
/// `statements/x/`, `data/statements/2021.jsonl.gz`, or empty for the home page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct SitePath(String);

impl SitePath {
    /// The site path `path`; a leading `/` is dropped.
    pub fn new(path: impl Into<String>) -> SitePath {
        let path = path.into();
        match path.strip_prefix('/') {
            Some(rest) => SitePath(rest.to_string()),
            None => SitePath(path),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file or folder `name` inside this folder-style path: `statements/x/` + `annotations.jsonld`.
    pub fn join(&self, name: &str) -> SitePath {
        SitePath(format!("{}{name}", self.0))
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A link as the site's pages write it: the base path and a site path,
/// `/archive/statements/x/`, possibly with a `#fragment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Href(String);

impl Href {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same link to the element `id` of its page.
    pub fn with_fragment(&self, id: &str) -> Href {
        Href(format!("{}#{id}", self.0))
    }
}

impl fmt::Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Href> for String {
    fn from(href: Href) -> String {
        href.0
    }
}

/// An absolute URL of the site: `https://example.github.io/archive/statements/x/`, possibly with
/// a `#fragment`. What is read away from the site (feeds, sitemaps, citations, exports) carries
/// these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct AbsoluteUrl(String);

impl AbsoluteUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same URL, of the element `id` of its page.
    pub fn with_fragment(&self, id: &str) -> AbsoluteUrl {
        AbsoluteUrl(format!("{}#{id}", self.0))
    }

    /// The file or folder `name` inside this folder-style URL.
    pub fn join(&self, name: &str) -> AbsoluteUrl {
        AbsoluteUrl(format!("{}{name}", self.0))
    }
}

impl fmt::Display for AbsoluteUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<AbsoluteUrl> for String {
    fn from(url: AbsoluteUrl) -> String {
        url.0
    }
}

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

    /// The link to a site path: `statements/x/` → `/archive/statements/x/`.
    pub fn url(&self, site_path: &SitePath) -> Href {
        Href(format!("{}{}", self.path, site_path.as_str()))
    }

    /// The absolute URL of a site path, for feeds, sitemaps and canonical links.
    pub fn absolute(&self, site_path: &SitePath) -> AbsoluteUrl {
        AbsoluteUrl(format!(
            "{}{}{}",
            self.origin,
            self.path,
            site_path.as_str()
        ))
    }

    /// Scheme and host: `https://example.github.io`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The base URL itself, with a trailing slash.
    pub fn root(&self) -> AbsoluteUrl {
        self.absolute(&SitePath::default())
    }
}

/// Site path of a statement's page.
pub fn statement_path(slug: &str) -> SitePath {
    SitePath(format!("statements/{slug}/"))
}

/// Site path of a free page.
pub fn page_path(slug: &str) -> SitePath {
    SitePath(format!("{slug}/"))
}

/// Site path of a term's page in the taxonomy named `taxonomy` (`topics`, `entities`).
pub fn term_path(taxonomy: &str, slug: &str) -> SitePath {
    SitePath(format!("{taxonomy}/{slug}/"))
}

/// Site path of the figures ledger's page of measure `slug`.
pub fn measure_path(slug: &str) -> SitePath {
    SitePath(format!("figures/{slug}/"))
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
    pub fn for_page(site_path: &SitePath) -> Result<OutputPath, String> {
        let trimmed = site_path.as_str().trim_matches('/');
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
    pub fn site_path(&self) -> SitePath {
        SitePath(
            self.0
                .strip_suffix("index.html")
                .unwrap_or(&self.0)
                .to_string(),
        )
    }

    /// The file written for a site path that names a file (`atom.xml`, `data/x.jsonl.gz`).
    pub fn for_file(site_path: &SitePath) -> Result<OutputPath, String> {
        OutputPath::new(site_path.as_str())
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
        let x = SitePath::new("/statements/x/");
        assert_eq!(x.as_str(), "statements/x/");
        assert_eq!(b.url(&x).as_str(), "/archive/statements/x/");
        assert_eq!(b.url(&SitePath::default()).as_str(), "/archive/");
        assert_eq!(
            b.absolute(&SitePath::new("atom.xml")).as_str(),
            "https://example.github.io/archive/atom.xml"
        );
        assert_eq!(b.root().as_str(), "https://example.github.io/archive/");
        assert_eq!(
            b.url(&x).with_fragment("p2").as_str(),
            "/archive/statements/x/#p2"
        );
        assert_eq!(
            b.absolute(&x).join("annotations.jsonld").as_str(),
            "https://example.github.io/archive/statements/x/annotations.jsonld"
        );
    }

    #[test]
    fn base_url_at_domain_root() {
        let b = BaseUrl::parse("http://127.0.0.1:1111").unwrap();
        assert_eq!(b.path(), "/");
        let about = SitePath::new("about/");
        assert_eq!(b.url(&about).as_str(), "/about/");
        assert_eq!(b.absolute(&about).as_str(), "http://127.0.0.1:1111/about/");
    }

    #[test]
    fn the_three_kinds_of_address_serialize_as_plain_strings() {
        let b = BaseUrl::parse("https://e.org/a/").unwrap();
        let p = SitePath::new("x/");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"x/\"");
        assert_eq!(serde_json::to_string(&b.url(&p)).unwrap(), "\"/a/x/\"");
        assert_eq!(
            serde_json::to_string(&b.absolute(&p)).unwrap(),
            "\"https://e.org/a/x/\""
        );
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
            OutputPath::for_page(&SitePath::new("/statements/x/"))
                .unwrap()
                .as_str(),
            "statements/x/index.html"
        );
        assert_eq!(
            OutputPath::for_page(&SitePath::new("/")).unwrap().as_str(),
            "index.html"
        );
        assert_eq!(
            OutputPath::new("statements/x/index.html")
                .unwrap()
                .site_path()
                .as_str(),
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
