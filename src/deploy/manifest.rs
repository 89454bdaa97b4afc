//! The manifest kept in the bucket beside the site: for each file uploaded, the SHA-256 of its
//! content and the headers it was stored with. Comparing it with the built site says what to
//! upload and what to delete without listing or reading the bucket, and an upload cut off
//! half-way records what it finished, so a rerun starts where it stopped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::headers::Headers;

/// The manifest's name inside the deploy folder: gzipped JSON, since an archive past GitHub
/// Pages' size has hundreds of thousands of files, about 200 bytes of manifest each.
pub(crate) const NAME: &str = ".annals-deploy.json.gz";

/// The format's version, to refuse a manifest written by a later Annals that this one cannot
/// read right.
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub sha256: String,
    pub bytes: u64,
    #[serde(flatten)]
    pub headers: Headers,
}

/// What the bucket holds, as far as Annals put it there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    format: u32,
    /// By path inside the site, sorted, so the manifest's bytes depend only on the site.
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            format: FORMAT,
            files: BTreeMap::new(),
        }
    }

    pub fn parse(gzipped: &[u8]) -> Result<Self, String> {
        let mut json = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gzipped), &mut json)
            .map_err(|e| format!("it is not gzip ({e})"))?;
        let manifest: Manifest = serde_json::from_slice(&json).map_err(|e| e.to_string())?;
        if manifest.format != FORMAT {
            return Err(format!(
                "it is of format {}, and this Annals reads format {FORMAT}",
                manifest.format
            ));
        }
        Ok(manifest)
    }

    /// The manifest as gzipped JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        let json = serde_json::to_vec(self).unwrap_or_default();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing into a Vec cannot fail.
        let _ = std::io::Write::write_all(&mut gz, &json);
        gz.finish().unwrap_or_default()
    }
}

/// What a deployment does, file by file, in the order it does it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Files the bucket does not have: uploaded first, so that no changed page links to a page
    /// not there yet.
    pub new: Vec<String>,
    /// Files whose content or headers changed.
    pub changed: Vec<String>,
    /// Files the site no longer has: deleted last, once nothing links to them.
    pub stale: Vec<String>,
    pub unchanged: usize,
}

impl Changes {
    pub fn between(remote: &Manifest, local: &BTreeMap<String, Entry>) -> Changes {
        let mut changes = Changes::default();
        for (path, entry) in local {
            match remote.files.get(path) {
                None => changes.new.push(path.clone()),
                Some(old) if old != entry => changes.changed.push(path.clone()),
                Some(_) => changes.unchanged += 1,
            }
        }
        changes.stale = remote
            .files
            .keys()
            .filter(|p| !local.contains_key(*p))
            .cloned()
            .collect();
        changes
    }

    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::headers;

    fn entry(sha: &str) -> Entry {
        Entry {
            sha256: sha.into(),
            bytes: 1,
            headers: headers::for_path("x.html"),
        }
    }

    #[test]
    fn new_changed_and_stale_in_path_order() {
        let mut remote = Manifest::new();
        for (p, s) in [("a.html", "1"), ("b.html", "2"), ("gone.html", "3")] {
            remote.files.insert(p.into(), entry(s));
        }
        let local: BTreeMap<_, _> = [("a.html", "1"), ("b.html", "9"), ("c.html", "4")]
            .into_iter()
            .map(|(p, s)| (p.to_string(), entry(s)))
            .collect();
        let changes = Changes::between(&remote, &local);
        assert_eq!(changes.new, ["c.html"]);
        assert_eq!(changes.changed, ["b.html"]);
        assert_eq!(changes.stale, ["gone.html"]);
        assert_eq!(changes.unchanged, 1);
    }

    #[test]
    fn a_header_rule_that_changed_uploads_again() {
        let mut remote = Manifest::new();
        let mut old = entry("1");
        old.headers.cache_control = "no-cache".into();
        remote.files.insert("a.html".into(), old);
        let local: BTreeMap<_, _> = [("a.html".to_string(), entry("1"))].into();
        assert_eq!(Changes::between(&remote, &local).changed, ["a.html"]);
    }

    #[test]
    fn the_manifest_reads_back_and_refuses_other_formats() {
        let mut m = Manifest::new();
        m.files.insert("a.html".into(), entry("1"));
        assert_eq!(Manifest::parse(&m.to_bytes()).unwrap(), m);
        let mut later = Manifest::new();
        later.format = 2;
        assert!(
            Manifest::parse(&later.to_bytes())
                .unwrap_err()
                .contains("format 2")
        );
        assert!(
            Manifest::parse(b"not gzip")
                .unwrap_err()
                .contains("not gzip")
        );
    }
}
