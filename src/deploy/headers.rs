//! The HTTP headers each uploaded file is served with: object storage answers with the
//! headers stored on the object, and a CDN in front keeps or caches by them.

use serde::{Deserialize, Serialize};

/// Cache-Control for files whose address stays while their content changes (pages, feeds,
/// data, the scripts and styles): short, so a new deployment reaches readers within minutes.
pub(crate) const SHORT: &str = "public, max-age=300";

/// Cache-Control for files named by a hash of their content (Pagefind's `.pf_*` chunks): a
/// new content gets a new name, so a reader's cache and the CDN may keep them for a year.
pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The headers stored with one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Headers {
    pub content_type: String,
    pub cache_control: String,
    /// Never set for what Annals writes, and kept so a rule for it changes the manifest: every
    /// compressed file of a site is meant to reach the reader's script or disk compressed.
    /// Pagefind's index chunks and its `.pagefind` WebAssembly are gzip inside and unpacked
    /// by Pagefind's own script, which would fail on bytes a browser had already
    /// decompressed; the data downloads (`*.jsonl.gz`, `*.csv.gz`) are gzip files to save, served as
    /// `application/gzip`. Compressing pages on the way is the CDN's job (see the README).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
}

/// The headers for the file at `path` (a path inside the site, `/`-separated).
pub(crate) fn for_path(path: &str) -> Headers {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let hashed = extension.starts_with("pf_");
    Headers {
        content_type: content_type(name, extension),
        cache_control: if hashed { IMMUTABLE } else { SHORT }.to_string(),
        content_encoding: None,
    }
}

/// The MIME type, with a charset for text (object storage adds none, and a page without one
/// may be read in the wrong encoding).
fn content_type(name: &str, extension: &str) -> String {
    let mime = match extension {
        // Pagefind's index chunks and WebAssembly, gzip inside, fetched and unpacked by its script.
        e if e.starts_with("pf_") => "application/octet-stream".to_string(),
        "pagefind" => "application/octet-stream".to_string(),
        // Feeds and sitemaps: RFC 7303's type for XML, which readers of feeds accept.
        "xml" => "application/xml".to_string(),
        "jsonld" => "application/ld+json".to_string(),
        "jsonl" => "application/jsonl".to_string(),
        "gz" => "application/gzip".to_string(),
        "bib" => "application/x-bibtex".to_string(),
        "" if name == "CNAME" || name == ".nojekyll" => "text/plain".to_string(),
        _ => mime_guess::from_ext(extension).first().map_or_else(
            || "application/octet-stream".to_string(),
            |m| m.essence_str().to_string(),
        ),
    };
    let text = mime.starts_with("text/")
        || matches!(
            mime.as_str(),
            "application/json"
                | "application/ld+json"
                | "application/jsonl"
                | "application/javascript"
                | "text/javascript"
                | "application/xml"
                | "application/atom+xml"
                | "image/svg+xml"
                | "application/x-bibtex"
        );
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_short_lived_html() {
        let h = for_path("statements/x/index.html");
        assert_eq!(h.content_type, "text/html; charset=utf-8");
        assert_eq!(h.cache_control, SHORT);
        assert_eq!(h.content_encoding, None);
        assert_eq!(
            for_path("atom.xml").content_type,
            "application/xml; charset=utf-8"
        );
        assert_eq!(
            for_path("style.css").content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(
            for_path("statements/x/annotations.jsonld").content_type,
            "application/ld+json; charset=utf-8"
        );
    }

    #[test]
    fn search_chunks_are_immutable_and_stay_compressed() {
        for path in [
            "pagefind/index/en_4a1b2c.pf_index",
            "pagefind-en-2/fragment/en_9f.pf_fragment",
            "pagefind/filter/en_1.pf_filter",
            "pagefind/pagefind.en_3e.pf_meta",
        ] {
            let h = for_path(path);
            assert_eq!(h.cache_control, IMMUTABLE, "{path}");
            assert_eq!(h.content_type, "application/octet-stream", "{path}");
            assert_eq!(h.content_encoding, None, "Pagefind unpacks {path} itself");
        }
        // Not named by their content: a new build changes them in place.
        for path in [
            "pagefind/pagefind-entry.json",
            "pagefind/pagefind.js",
            "pagefind/wasm.en.pagefind",
        ] {
            assert_eq!(for_path(path).cache_control, SHORT, "{path}");
        }
    }

    #[test]
    fn downloads_are_gzip_files_not_encoded_text() {
        let h = for_path("data/statements/2025.jsonl.gz");
        assert_eq!(h.content_type, "application/gzip");
        assert_eq!(h.content_encoding, None);
        assert_eq!(
            for_path("data/statements.csv").content_type,
            "text/csv; charset=utf-8"
        );
    }
}
