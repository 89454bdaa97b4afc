//! The search index's bundles: which statements each indexes, in which language, and the
//! folder it is written to. (Why the index is split this way: see `output::search`.)

use std::collections::BTreeMap;

use crate::model::{Archive, Statement};

/// The folder of the first bundle of the site's own language, which the search page loads.
pub const BUNDLE: &str = "pagefind/";

/// The most statements one bundle indexes. Pagefind's cost per record grows with the records
/// before it in the same index, and it holds all of them in memory: this bounds both, while
/// keeping the bundles a query runs in few (one per 2,000 statements).
pub const SHARD_STATEMENTS: usize = 2_000;

pub fn language_of<'a>(archive: &'a Archive, s: &'a Statement) -> &'a str {
    s.doc
        .meta
        .language
        .as_deref()
        .unwrap_or(&archive.config.language)
}

/// One search bundle: a shard of the statements in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The output folder, ending in `/`.
    pub folder: String,
    /// The language, lowercase, as Pagefind names its index.
    pub language: String,
    /// The statements it indexes, in archive order.
    pub members: Vec<usize>,
}

impl Bundle {
    /// Whether this is the bundle the search page loads, with Pagefind's scripts.
    pub fn is_primary(&self) -> bool {
        self.folder == BUNDLE
    }
}

/// The folder of shard `shard` (0-based) of `language`'s statements.
fn bundle_folder(language: &str, shard: usize, site_language: &str) -> String {
    match (shard, language == site_language) {
        (0, true) => BUNDLE.to_string(),
        (0, false) => format!("pagefind-{language}/"),
        (n, _) => format!("pagefind-{language}-{}/", n + 1),
    }
}

/// Splits `ids` into as few contiguous shards as hold at most `per_shard` each (at least one
/// shard, even for no ids), their sizes differing by one at most. Contiguous, so that a
/// build streaming statements in archive order finishes one shard before the next begins.
fn deal(ids: Vec<usize>, per_shard: usize) -> Vec<Vec<usize>> {
    let shards = ids.len().div_ceil(per_shard).max(1);
    let (base, extra) = (ids.len() / shards, ids.len() % shards);
    let mut ids = ids.into_iter();
    (0..shards)
        .map(|k| ids.by_ref().take(base + usize::from(k < extra)).collect())
        .collect()
}

/// Every search bundle, the primary first, then by language and shard. The site's language
/// always has a bundle, even with no statement in it: the search page loads it.
pub fn bundles(archive: &Archive) -> Vec<Bundle> {
    let site_language = archive.config.language.to_ascii_lowercase();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    groups.entry(site_language.clone()).or_default();
    for (id, s) in archive.statements.iter().enumerate() {
        let language = language_of(archive, s).to_ascii_lowercase();
        groups.entry(language).or_default().push(id);
    }
    let mut out = Vec::new();
    for (language, ids) in groups {
        for (shard, members) in deal(ids, SHARD_STATEMENTS).into_iter().enumerate() {
            out.push(Bundle {
                folder: bundle_folder(&language, shard, &site_language),
                language: language.clone(),
                members,
            });
        }
    }
    out.sort_by_key(|b| !b.is_primary());
    out
}

/// The folders the bundles are written to, claimed before their files are known.
pub fn folders(archive: &Archive) -> Vec<String> {
    bundles(archive).into_iter().map(|b| b.folder).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_split_into_as_few_contiguous_shards_as_fit() {
        assert_eq!(deal(vec![], 3), vec![Vec::<usize>::new()]);
        assert_eq!(deal(vec![7, 8], 3), vec![vec![7, 8]]);
        assert_eq!(deal((0..3).collect(), 3), vec![vec![0, 1, 2]]);
        assert_eq!(
            deal((0..7).collect(), 3),
            vec![vec![0, 1, 2], vec![3, 4], vec![5, 6]]
        );
        // No shard exceeds the bound, and the sizes differ by one at most.
        for n in [1, 1999, 2000, 2001, 4001, 10_000] {
            let shards = deal((0..n).collect(), SHARD_STATEMENTS);
            assert_eq!(shards.len(), n.div_ceil(SHARD_STATEMENTS));
            let sizes: Vec<usize> = shards.iter().map(Vec::len).collect();
            assert!(sizes.iter().all(|&s| s <= SHARD_STATEMENTS), "{sizes:?}");
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
            assert_eq!(sizes.iter().sum::<usize>(), n);
        }
    }

    #[test]
    fn bundle_folders_name_the_language_and_shard() {
        assert_eq!(bundle_folder("en", 0, "en"), "pagefind/");
        assert_eq!(bundle_folder("en", 1, "en"), "pagefind-en-2/");
        assert_eq!(bundle_folder("zh-hant", 0, "en"), "pagefind-zh-hant/");
        assert_eq!(bundle_folder("zh-hant", 2, "en"), "pagefind-zh-hant-3/");
    }
}
