//! Recurring claims: sentences that come back across statements, word for word or nearly, and
//! the passages editors link by hand (`same_as:` in a note).
//!
//! **Pass 1** keeps, per statement, only a [`Fingerprint`]: for each sentence of its own text
//! (not furniture, not the report's framing, not headings, tables or code) that has at least
//! [`MIN_WORDS`] words, a hash of its normalised words (lowercased, punctuation and white space
//! dropped) and a 32-bit hash of each of its word [`SHINGLE`]-grams, with its paragraph and its
//! place in it: about 60 bytes a sentence, no text. (16-bit hashes made two shingles of
//! unrelated sentences collide often enough, over an archive, to join unrelated claims.)
//!
//! **Detection** (once every statement's fingerprint is in, [`Claims::detect`]) is linear in the
//! number of sentences: identical sentences are grouped by their hash; one sentence of each
//! group goes through locality-sensitive hashing (MinHash over its shingles, [`BANDS`] bands
//! of [`ROWS`] rows), and two groups sharing a band are compared exactly (the Jaccard index of
//! their shingles, at least [`NEAR`]); matched groups are joined. A claim is a joined set that
//! appears in at least two statements. Only then are texts read, and only the sentences that
//! claims show (each wording once), so what stays between the passes is small: the claims, their
//! wordings and where each occurs. The fingerprints are dropped.
//!
//! Why [`MIN_WORDS`] is 8: shorter sentences ("The spokesman said:", "This is groundless.")
//! recur by chance in any archive of statements without being the same claim, and a
//! sentence of fewer than eight words has fewer than six shingles, too few for a "nearly the
//! same" that means anything (one changed word is half of them).

use std::collections::HashMap;

use rayon::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use crate::content::meta::Framing;
use crate::ids::StatementId;
use crate::markdown::{BlockKind, Rendered};
use crate::word_hash;

/// Sentences shorter than this, in words, are left out (see the module's documentation).
pub const MIN_WORDS: usize = 8;
/// Words per shingle.
pub const SHINGLE: usize = 3;
/// The least Jaccard index of two sentences' shingles for them to be nearly the same: one word
/// changed in a sentence of twenty leaves 0.71, in one of twelve 0.56; two in twenty, 0.5.
/// A sentence of eight words must be the same but for punctuation (one changed word leaves
/// 0.33), and one that only shares a formula ("point 3 of statement 17…", numbers changed) is
/// not the same claim.
pub const NEAR: f64 = 0.5;
/// MinHash bands and rows per band: a pair at the threshold shares a band with probability
/// 1 − (1 − 0.5³)¹⁴ ≈ 0.85, at 0.6 with 0.97; a pair at 0.3, with 0.32 (and is then compared
/// and dropped). Pairs found through other members of their claim join it all the same.
pub const BANDS: usize = 14;
pub const ROWS: usize = 3;

/// One sentence's place and hashes, kept from pass 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    /// Hash of the normalised words.
    exact: u64,
    /// Paragraph (block) number.
    paragraph: u32,
    /// Position of the sentence in its paragraph, from 0, counting every sentence.
    sentence: u32,
    /// End of its shingles in [`Fingerprint::shingles`].
    end: u32,
}

/// What pass 1 keeps of a statement's text for detection: no text, only hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    keys: Vec<Key>,
    /// Each sentence's shingle hashes, sorted and without repeats, one after the other.
    shingles: Vec<u32>,
}

impl Fingerprint {
    /// The fingerprint of a statement's rendered text; paragraphs in `framing` are the
    /// report's words, not the statement's, and are left out.
    pub fn of(text: &Rendered, framing: Option<Framing>) -> Fingerprint {
        let mut out = Fingerprint::default();
        for block in &text.blocks {
            if !claimable(block.kind) || framing.is_some_and(|f| f.contains(block.number)) {
                continue;
            }
            for (k, sentence) in sentences(text.block_text(block)).enumerate() {
                let words: Vec<u64> = sentence.unicode_words().map(word_hash::word).collect();
                if words.len() < MIN_WORDS {
                    continue;
                }
                let mut shingles: Vec<u32> = words
                    .windows(SHINGLE)
                    .map(|w| word_hash::run(w) as u32)
                    .collect();
                shingles.sort_unstable();
                shingles.dedup();
                out.shingles.extend(shingles);
                out.keys.push(Key {
                    exact: word_hash::run(&words),
                    paragraph: block.number as u32,
                    sentence: k as u32,
                    end: out.shingles.len() as u32,
                });
            }
        }
        // Kept until the whole archive is in: grown by doubling, the spare capacity was about
        // a quarter of every fingerprint.
        out.keys.shrink_to_fit();
        out.shingles.shrink_to_fit();
        out
    }

    /// Bytes it takes, about.
    pub fn bytes(&self) -> usize {
        self.keys.len() * std::mem::size_of::<Key>() + self.shingles.len() * 4
    }

    fn shingles_of(&self, k: usize) -> &[u32] {
        let start = if k == 0 { 0 } else { self.keys[k - 1].end };
        &self.shingles[start as usize..self.keys[k].end as usize]
    }
}

/// The kinds of block whose sentences can be claims: a statement's prose.
fn claimable(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::ListItem)
}

/// The sentences of a paragraph's text (Unicode's sentence boundaries, UAX #29).
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_sentence_bounds()
}

/// A cheap mix of a shingle hash with a seed, for MinHash's many hash functions (SplitMix64's
/// finaliser).
fn mix(x: u64, seed: u64) -> u64 {
    let mut z = x
        .wrapping_add(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Jaccard index of two sorted sets.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// A sentence of the archive: statement and index in its fingerprint.
type At = (u32, u32);

/// Where a claim is said: a statement's paragraph, and which of the claim's wordings it has
/// (`None` for the far side of an editor's `same_as`, whose wording is not compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub statement: StatementId,
    pub paragraph: usize,
    pub wording: Option<usize>,
}

/// A sentence said in two or more statements, in one or more wordings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Every wording, the first appearance's first; each as its first appearance has it.
    pub wordings: Vec<String>,
    /// In archive order (by date), then by paragraph.
    pub occurrences: Vec<Occurrence>,
    /// Linked by an editor (`same_as:` in a note), not found by detection.
    pub declared: bool,
}

impl Claim {
    /// The claim as first said.
    pub fn text(&self) -> &str {
        &self.wordings[0]
    }

    /// The statements it appears in, in archive order, each once.
    pub fn statements(&self) -> Vec<StatementId> {
        let mut out: Vec<StatementId> = self.occurrences.iter().map(|o| o.statement).collect();
        out.dedup();
        out
    }
}

/// Paragraph-to-paragraph matches between two statements: which paragraphs of `b` say what a
/// paragraph of `a` says. For a page that aligns two statements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// (paragraph of a, paragraph of b), sorted, each once.
    pairs: Vec<(usize, usize)>,
}

impl Matches {
    /// Every pair, sorted by `a`'s paragraph, then `b`'s.
    pub fn pairs(&self) -> &[(usize, usize)] {
        &self.pairs
    }

    /// The paragraphs of `b` that match paragraph `paragraph` of `a`.
    pub fn of(&self, paragraph: usize) -> impl Iterator<Item = usize> + '_ {
        let start = self.pairs.partition_point(|&(p, _)| p < paragraph);
        self.pairs[start..]
            .iter()
            .take_while(move |&&(p, _)| p == paragraph)
            .map(|&(_, q)| q)
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// A place where a claim is said, for the lookups by statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Said {
    statement: StatementId,
    paragraph: u32,
    claim: u32,
    occurrence: u32,
}

/// Every recurring claim of the archive, and where each is said.
#[derive(Debug, Clone, Default)]
pub struct Claims {
    /// By first appearance.
    pub list: Vec<Claim>,
    /// Every occurrence, by statement and paragraph.
    said: Vec<Said>,
}

/// A claim said at a paragraph: which claim, and which of its occurrences this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimAt {
    pub paragraph: usize,
    pub claim: usize,
    pub occurrence: usize,
}

/// An editor's link between a note's paragraph and another statement's (`same_as:`), with the
/// note's passage as the claim's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub from: (StatementId, usize),
    pub to: (StatementId, usize),
    pub passage: String,
}

/// The claims detection finds, before any of their text is read: for each, its wordings'
/// first sentences and its occurrences. Made from fingerprints alone, so `serve` can find it
/// on another thread while the archive goes on changing.
#[derive(Debug)]
pub struct Found {
    claims: Vec<FoundClaim>,
    /// The first sentence of each wording, claim after claim: (statement, paragraph, sentence).
    firsts: Vec<(StatementId, usize, usize)>,
}

#[derive(Debug)]
struct FoundClaim {
    wordings: usize,
    occurrences: Vec<Occurrence>,
}

impl Found {
    /// Finds the recurring claims among the statements' fingerprints (in archive order).
    pub fn of(fingerprints: &[&Fingerprint]) -> Found {
        let groups = exact_groups(fingerprints);
        let mut sets = near_sets(fingerprints, &groups);
        // Groups by set, sets in order of their first group (groups are in order of first
        // appearance, so claims are too).
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut slot: HashMap<usize, usize> = HashMap::new();
        for g in 0..groups.len() {
            // Most sentences are said once: a vector for each made millions of allocations.
            if sets.alone(g) && !spans_statements(&groups[g]) {
                continue;
            }
            let root = sets.find(g);
            let k = *slot.entry(root).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[k].push(g);
        }
        members.retain(|m| {
            let mut statements = m.iter().flat_map(|&g| groups[g].iter().map(|a| a.0));
            let first = statements.next();
            statements.any(|s| Some(s) != first)
        });
        let key = |(s, k): At| fingerprints[s as usize].keys[k as usize];
        let firsts = members
            .iter()
            .flatten()
            .map(|&g| {
                let (s, k) = groups[g][0];
                let key = key((s, k));
                (
                    StatementId::new(s as usize),
                    key.paragraph as usize,
                    key.sentence as usize,
                )
            })
            .collect();
        let claims = members
            .iter()
            .map(|m| {
                let mut occurrences: Vec<Occurrence> = m
                    .iter()
                    .enumerate()
                    .flat_map(|(w, &g)| {
                        groups[g].iter().map(move |&at| Occurrence {
                            statement: StatementId::new(at.0 as usize),
                            paragraph: key(at).paragraph as usize,
                            wording: Some(w),
                        })
                    })
                    .collect();
                occurrences.sort();
                occurrences.dedup_by_key(|o| (o.statement, o.paragraph));
                FoundClaim {
                    wordings: m.len(),
                    occurrences,
                }
            })
            .collect();
        Found { claims, firsts }
    }

    /// The claims, their wordings read with `wording(statement, paragraph, sentence)` (in one
    /// pass over the statements concerned), and the links editors declared.
    pub fn claims<F>(self, wording: F, declared: Vec<Declared>) -> Claims
    where
        F: Fn(&[(StatementId, usize, usize)]) -> Vec<String>,
    {
        let mut texts = wording(&self.firsts).into_iter();
        let mut list: Vec<Claim> = self
            .claims
            .into_iter()
            .map(|c| Claim {
                wordings: (0..c.wordings)
                    .map(|_| texts.next().unwrap_or_default())
                    .collect(),
                occurrences: c.occurrences,
                declared: false,
            })
            .collect();
        for d in declared {
            let mut occurrences = vec![
                Occurrence {
                    statement: d.from.0,
                    paragraph: d.from.1,
                    wording: Some(0),
                },
                Occurrence {
                    statement: d.to.0,
                    paragraph: d.to.1,
                    wording: None,
                },
            ];
            occurrences.sort();
            list.push(Claim {
                wordings: vec![d.passage],
                occurrences,
                declared: true,
            });
        }
        list.sort_by(|a, b| {
            (a.occurrences[0], a.declared, a.text()).cmp(&(b.occurrences[0], b.declared, b.text()))
        });
        Claims::from_list(list)
    }
}

impl Claims {
    /// Finds the recurring claims among the statements' fingerprints (in archive order), reads
    /// the wording of each with `wording(statement, paragraph, sentence)`, and adds the
    /// links editors declared.
    pub fn detect<F>(fingerprints: &[&Fingerprint], wording: F, declared: Vec<Declared>) -> Claims
    where
        F: Fn(&[(StatementId, usize, usize)]) -> Vec<String>,
    {
        Found::of(fingerprints).claims(wording, declared)
    }

    fn from_list(list: Vec<Claim>) -> Claims {
        let mut said: Vec<Said> = list
            .iter()
            .enumerate()
            .flat_map(|(c, claim)| {
                claim
                    .occurrences
                    .iter()
                    .enumerate()
                    .map(move |(o, occ)| Said {
                        statement: occ.statement,
                        paragraph: occ.paragraph as u32,
                        claim: c as u32,
                        occurrence: o as u32,
                    })
            })
            .collect();
        said.sort_unstable();
        Claims { list, said }
    }

    /// The claims said in statement `id`, by paragraph.
    pub fn in_statement(&self, id: StatementId) -> impl Iterator<Item = ClaimAt> + '_ {
        let start = self.said.partition_point(|s| s.statement < id);
        self.said[start..]
            .iter()
            .take_while(move |s| s.statement == id)
            .map(|s| ClaimAt {
                paragraph: s.paragraph as usize,
                claim: s.claim as usize,
                occurrence: s.occurrence as usize,
            })
    }

    /// Which paragraphs of statement `b` say what each paragraph of statement `a` says.
    pub fn matches(&self, a: StatementId, b: StatementId) -> Matches {
        let mut pairs: Vec<(usize, usize)> = self
            .in_statement(a)
            .flat_map(|at| {
                let claim = &self.list[at.claim];
                let start = claim.occurrences.partition_point(|o| o.statement < b);
                claim.occurrences[start..]
                    .iter()
                    .take_while(|o| o.statement == b)
                    .map(move |o| (at.paragraph, o.paragraph))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        Matches { pairs }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The other statements' occurrences a page shows beside occurrence `at` (indices into its
    /// claim's occurrences, in archive order): every one if there are at most [`SHOWN`];
    /// else the first appearance, the nearest before and after this statement, and the latest.
    /// Also returns how many are left out (all are on the claims page).
    pub fn others(&self, at: ClaimAt) -> (Vec<usize>, usize) {
        let claim = &self.list[at.claim];
        let here = claim.occurrences[at.occurrence].statement;
        let others: Vec<usize> = (0..claim.occurrences.len())
            .filter(|&o| claim.occurrences[o].statement != here)
            .collect();
        if others.len() <= SHOWN {
            return (others, 0);
        }
        let split = others.partition_point(|&o| claim.occurrences[o].statement < here);
        let mut picked: Vec<usize> = [
            others.first().copied(),
            split.checked_sub(1).map(|k| others[k]),
            others.get(split).copied(),
            others.last().copied(),
        ]
        .into_iter()
        .flatten()
        .collect();
        picked.sort_unstable();
        picked.dedup();
        let left = others.len() - picked.len();
        (picked, left)
    }

    /// The statements a statement's page names beside its paragraphs (see [`Claims::others`]).
    pub fn shown_with(&self, id: StatementId) -> Vec<StatementId> {
        let mut out: Vec<StatementId> = self
            .in_statement(id)
            .flat_map(|at| {
                let claim = &self.list[at.claim];
                self.others(at)
                    .0
                    .into_iter()
                    .map(|o| claim.occurrences[o].statement)
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// How many other occurrences a statement's page lists beside a paragraph before it picks.
pub const SHOWN: usize = 6;

/// The sentences of the archive grouped by their exact hash, groups in order of their first
/// sentence and each group's sentences in archive order, in two flat arrays: most sentences
/// are said once, and a vector per group made millions of small allocations at 100,000
/// statements (about 90 bytes a sentence, against 12 here).
struct Groups {
    /// Every sentence, group after group.
    members: Vec<At>,
    /// Where each group starts in `members`; the last entry is `members.len()`.
    starts: Vec<u32>,
}

impl Groups {
    fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

impl std::ops::Index<usize> for Groups {
    type Output = [At];

    fn index(&self, g: usize) -> &[At] {
        &self.members[self.starts[g] as usize..self.starts[g + 1] as usize]
    }
}

/// Identical sentences, grouped: each group's sentences in archive order, groups in order of
/// their first sentence.
fn exact_groups(fingerprints: &[&Fingerprint]) -> Groups {
    // Every sentence by its hash, then in archive order: each run of one hash is a group,
    // its first sentence first.
    let mut sentences: Vec<(u64, At)> = fingerprints
        .iter()
        .enumerate()
        .flat_map(|(s, f)| {
            let keys = f.keys.iter().enumerate();
            keys.map(move |(k, key)| (key.exact, (s as u32, k as u32)))
        })
        .collect();
    sentences.par_sort_unstable();
    let mut runs: Vec<(At, u32, u32)> = Vec::new();
    let mut start = 0;
    while start < sentences.len() {
        let hash = sentences[start].0;
        let len = sentences[start..]
            .iter()
            .take_while(|(h, _)| *h == hash)
            .count();
        runs.push((sentences[start].1, start as u32, len as u32));
        start += len;
    }
    // Groups in order of their first sentence.
    runs.par_sort_unstable();
    let mut members = Vec::with_capacity(sentences.len());
    let mut starts = Vec::with_capacity(runs.len() + 1);
    for &(_, start, len) in &runs {
        starts.push(members.len() as u32);
        let run = &sentences[start as usize..(start + len) as usize];
        members.extend(run.iter().map(|&(_, at)| at));
    }
    starts.push(members.len() as u32);
    Groups { members, starts }
}

/// The groups joined into sets of nearly the same sentences: MinHash bands over each group's
/// first sentence; within a band's bucket, each sentence is compared with the bucket's first
/// two (a bucket's members are alike, so a star finds what all pairs would, in linear time).
///
/// Bands are taken one after the other, each bucket found by sorting the band's keys (a hash
/// table of millions of entries per band was most of detection's time at 100,000 statements),
/// and buckets compared in parallel. A pair already joined by an earlier band is not compared
/// again. The sets are those of joining every matching pair, whatever order they come in.
fn near_sets(fingerprints: &[&Fingerprint], groups: &Groups) -> UnionFind {
    let shingles = |g: u32| {
        let (s, k) = groups[g as usize][0];
        fingerprints[s as usize].shingles_of(k as usize)
    };
    let mut sets = UnionFind::new(groups.len());
    // One band's keys at a time: 8 bytes a sentence, not 56 for every band at once. Each is
    // the key then the group in one number, which sorts faster than a pair.
    let mut keyed: Vec<u64> = Vec::with_capacity(groups.len());
    let key_of = |k: &u64| (k >> 32) as u32;
    let group_of = |k: &u64| *k as u32;
    for band in 0..BANDS {
        keyed.clear();
        keyed.par_extend(
            (0..groups.len() as u32)
                .into_par_iter()
                .map(|g| u64::from(band_key(shingles(g), band)) << 32 | u64::from(g)),
        );
        keyed.par_sort_unstable();
        let roots = sets.roots();
        let joined = |a: u32, b: u32| roots[a as usize] == roots[b as usize];
        let matches: Vec<(u32, u32)> = keyed
            .par_chunk_by(|a, b| key_of(a) == key_of(b))
            .filter(|bucket| bucket.len() > 1)
            .flat_map_iter(|bucket| {
                let pairs = bucket.iter().enumerate().skip(1).flat_map(move |(i, g)| {
                    let g = group_of(g);
                    bucket[..i.min(2)]
                        .iter()
                        .map(move |head| (group_of(head), g))
                });
                pairs.filter(|&(head, g)| {
                    !joined(head, g) && jaccard(shingles(head), shingles(g)) >= NEAR
                })
            })
            .collect();
        for (a, b) in matches {
            sets.union(a as usize, b as usize);
        }
    }
    sets
}

/// Whether a group's sentences are in more than one statement.
fn spans_statements(group: &[At]) -> bool {
    group.iter().any(|a| a.0 != group[0].0)
}

/// A sentence's MinHash key in `band`: the hash of the band's rows' minima.
fn band_key(shingles: &[u32], band: usize) -> u32 {
    let mut key: u64 = band as u64;
    for row in 0..ROWS {
        let seed = (band * ROWS + row) as u64 + 1;
        let min = shingles
            .iter()
            .map(|&s| mix(s as u64, seed))
            .min()
            .unwrap_or(0);
        key = mix(key ^ min, seed);
    }
    (key >> 32) as u32
}

/// Disjoint sets of groups (union by size, path halving); 32-bit, as there are millions of
/// groups at 100,000 statements.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// Every group's set, as the root of its tree (the trees flattened first).
    fn roots(&mut self) -> &[u32] {
        for x in 0..self.parent.len() {
            self.parent[x] = self.find(x) as u32;
        }
        &self.parent
    }

    /// Whether group `x` is the only one of its set.
    fn alone(&mut self, x: usize) -> bool {
        let root = self.find(x);
        self.size[root] == 1
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            self.parent[x] = self.parent[self.parent[x] as usize];
            x = self.parent[x] as usize;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a as u32;
        self.size[a] += self.size[b];
    }
}

/// The sentence `sentence` of block `paragraph` of a rendered text, as written.
pub fn sentence_in(text: &Rendered, paragraph: usize, sentence: usize) -> Option<String> {
    let block = text.blocks.iter().find(|b| b.number == paragraph)?;
    sentences(text.block_text(block))
        .nth(sentence)
        .map(|s| s.trim().to_string())
}

#[cfg(test)]
mod tests;
