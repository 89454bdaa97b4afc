//! Aligning the paragraphs of two texts: which paragraph of one says what a paragraph of the
//! other says, keeping both texts in order.
//!
//! A global sequence alignment (Needleman–Wunsch) over paragraph similarity: two paragraphs
//! may be aligned when the Jaccard similarity of their word shingles (pairs of consecutive
//! words) reaches [`MIN_SIMILARITY`]; the alignment maximises the total similarity above that
//! threshold, and a paragraph aligned with none stands alone. No crate fits: the well-kept
//! aligners (rust-bio's `pairwise`) align bytes with a substitution matrix, not items scored by
//! a function, and the algorithm is a page.
//!
//! **Anchors.** A caller that knows that two paragraphs say the same thing (a recurring claim
//! found across statements) passes them as anchors: each anchor is aligned as given, and the
//! paragraphs between consecutive anchors are aligned among themselves. Anchors that cross an
//! earlier one (which no order-keeping alignment can honour) are dropped; the first in the
//! left text's order wins.

use crate::word_hash;

/// The least similarity (Jaccard of word shingles, 0 to 1) at which two paragraphs may be
/// aligned: below it, two paragraphs share a few common phrases at most.
pub const MIN_SIMILARITY: f64 = 0.1;

/// One step of an alignment, by paragraph index (0-based) in each text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// Paragraphs aligned: their similarity, and whether an anchor placed them.
    Both {
        left: usize,
        right: usize,
        similarity: f64,
        anchored: bool,
    },
    /// A paragraph of the left text aligned with none of the right.
    Left(usize),
    /// A paragraph of the right text aligned with none of the left.
    Right(usize),
}

/// A paragraph's word shingles, hashed, sorted and without repeats: what similarity compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shingles(Vec<u64>);

impl Shingles {
    /// The shingles of `text`: pairs of consecutive words, lowercased (a paragraph of one word
    /// is that word). A word is a run of letters and digits; a Han, kana or Hangul character
    /// is a word of its own, since those scripts do not separate words by spaces.
    pub fn of(text: &str) -> Shingles {
        let words: Vec<u64> = words(text).map(word_hash::word).collect();
        let mut out: Vec<u64> = if words.len() < 2 {
            words
        } else {
            words.windows(2).map(word_hash::run).collect()
        };
        out.sort_unstable();
        out.dedup();
        Shingles(out)
    }

    /// Bytes it takes, about.
    pub fn bytes(&self) -> usize {
        self.0.len() * std::mem::size_of::<u64>()
    }

    /// Jaccard similarity: shared shingles over all shingles of the two, 0 when both are empty.
    pub fn similarity(&self, other: &Shingles) -> f64 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let union = a.len() + b.len() - shared;
        if union == 0 {
            0.0
        } else {
            shared as f64 / union as f64
        }
    }
}

/// Whether `c` is written without spaces between words (Han, kana, Hangul).
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The words of `text`, as they are written (lowercased when hashed).
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip to the next word's first character.
        let (start, first) = loop {
            let (i, c) = rest.next()?;
            if is_unspaced(c) || c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = start + first.len_utf8();
        if !is_unspaced(first) {
            while let Some(&(i, c)) = rest.peek() {
                if is_unspaced(c) || !c.is_alphanumeric() {
                    break;
                }
                end = i + c.len_utf8();
                rest.next();
            }
        }
        Some(&text[start..end])
    })
}

/// Aligns the paragraphs `left` and `right`, keeping `anchors` (pairs of indices that must be
/// aligned; see the module's documentation). Every paragraph of each side appears in exactly
/// one step, in order.
pub fn align(left: &[Shingles], right: &[Shingles], anchors: &[(usize, usize)]) -> Vec<Step> {
    let mut out = Vec::with_capacity(left.len().max(right.len()));
    let (mut l, mut r) = (0, 0);
    for (al, ar) in usable_anchors(left.len(), right.len(), anchors) {
        out.extend(align_range(left, right, l..al, r..ar));
        out.push(Step::Both {
            left: al,
            right: ar,
            similarity: left[al].similarity(&right[ar]),
            anchored: true,
        });
        (l, r) = (al + 1, ar + 1);
    }
    out.extend(align_range(left, right, l..left.len(), r..right.len()));
    out
}

/// The anchors within both texts, in order, each after the previous one on both sides.
fn usable_anchors(left: usize, right: usize, anchors: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = anchors
        .iter()
        .copied()
        .filter(|&(l, r)| l < left && r < right)
        .collect();
    sorted.sort_unstable();
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (l, r) in sorted {
        if kept.last().is_none_or(|&(pl, pr)| l > pl && r > pr) {
            kept.push((l, r));
        }
    }
    kept
}

/// Needleman–Wunsch over `left[ls]` and `right[rs]`: a pair scores its similarity less
/// [`MIN_SIMILARITY`], a gap nothing, so pairs below the threshold are never aligned. Ties go
/// to aligning, then to the left text's paragraph first, so the result is the same every time.
fn align_range(
    left: &[Shingles],
    right: &[Shingles],
    ls: std::ops::Range<usize>,
    rs: std::ops::Range<usize>,
) -> Vec<Step> {
    let (n, m) = (ls.len(), rs.len());
    let sim = |i: usize, j: usize| left[ls.start + i].similarity(&right[rs.start + j]);
    // score[i][j]: the best alignment of the first i left and first j right paragraphs.
    let width = m + 1;
    let mut score = vec![0.0f64; (n + 1) * width];
    let mut pair = vec![0.0f64; n * m];
    for i in 0..n {
        for j in 0..m {
            pair[i * m + j] = sim(i, j);
        }
    }
    for i in 1..=n {
        for j in 1..=m {
            let diagonal =
                score[(i - 1) * width + j - 1] + pair[(i - 1) * m + j - 1] - MIN_SIMILARITY;
            let up = score[(i - 1) * width + j];
            let across = score[i * width + j - 1];
            score[i * width + j] = diagonal.max(up).max(across);
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = score[i * width + j];
        if i > 0 && j > 0 {
            let s = pair[(i - 1) * m + j - 1];
            if s >= MIN_SIMILARITY && here == score[(i - 1) * width + j - 1] + s - MIN_SIMILARITY {
                steps.push(Step::Both {
                    left: ls.start + i - 1,
                    right: rs.start + j - 1,
                    similarity: s,
                    anchored: false,
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        // Walking back, a right gap is taken first so that, read forwards, a left paragraph
        // standing alone comes before a right one.
        if j > 0 && (i == 0 || here == score[i * width + j - 1]) {
            steps.push(Step::Right(rs.start + j - 1));
            j -= 1;
        } else {
            steps.push(Step::Left(ls.start + i - 1));
            i -= 1;
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shingles(texts: &[&str]) -> Vec<Shingles> {
        texts.iter().map(|t| Shingles::of(t)).collect()
    }

    /// The steps as (left, right) pairs, `None` for a paragraph standing alone.
    fn pairs(steps: &[Step]) -> Vec<(Option<usize>, Option<usize>)> {
        steps
            .iter()
            .map(|s| match *s {
                Step::Both { left, right, .. } => (Some(left), Some(right)),
                Step::Left(l) => (Some(l), None),
                Step::Right(r) => (None, Some(r)),
            })
            .collect()
    }

    #[test]
    fn similarity_is_jaccard_of_word_pairs() {
        let a = Shingles::of("The government rejects the report");
        let b = Shingles::of("the government REJECTS the report!");
        assert_eq!(a.similarity(&b), 1.0);
        // 4 pairs each, 2 shared ("the government", "government rejects"): 2 / 6.
        let c = Shingles::of("The government rejects all claims");
        assert!((a.similarity(&c) - 2.0 / 6.0).abs() < 1e-9);
        assert_eq!(a.similarity(&Shingles::of("Nothing alike here")), 0.0);
        assert_eq!(Shingles::of("").similarity(&Shingles::of("")), 0.0);
    }

    #[test]
    fn han_characters_are_words_of_their_own() {
        assert_eq!(
            words("香港政府 rejects it").collect::<Vec<_>>(),
            ["香", "港", "政", "府", "rejects", "it"]
        );
        let a = Shingles::of("香港特区政府强烈反对");
        let b = Shingles::of("特区政府强烈反对报告");
        assert!(a.similarity(&b) > 0.5);
    }

    #[test]
    fn similar_paragraphs_align_and_others_stand_alone() {
        let left = shingles(&[
            "The government strongly opposes the report's assessment of Hong Kong.",
            "Screening identified three victims in 2020.",
            "An old paragraph only the earlier text has.",
        ]);
        let right = shingles(&[
            "A new opening only the later text has.",
            "The government strongly opposes the report's remarks on Hong Kong.",
            "Screening identified eight victims in 2024.",
        ]);
        let steps = align(&left, &right, &[]);
        assert_eq!(
            pairs(&steps),
            [
                (None, Some(0)),
                (Some(0), Some(1)),
                (Some(1), Some(2)),
                (Some(2), None)
            ]
        );
    }

    #[test]
    fn order_is_kept_even_when_a_later_pair_is_more_alike() {
        // Left 0 matches right 1 best, left 1 matches right 0 best: one pair only.
        let left = shingles(&["alpha beta gamma delta", "epsilon zeta eta theta"]);
        let right = shingles(&["epsilon zeta eta theta", "alpha beta gamma delta"]);
        let steps = align(&left, &right, &[]);
        let both = steps
            .iter()
            .filter(|s| matches!(s, Step::Both { .. }))
            .count();
        assert_eq!(both, 1);
        assert_eq!(steps.len(), 3);
    }

    #[test]
    fn anchors_align_as_given_and_split_the_rest() {
        let left = shingles(&["one two three", "four five six", "seven eight nine"]);
        let right = shingles(&["seven eight nine", "one two three", "four five six"]);
        // Without anchors, the two alike pairs in order win.
        assert_eq!(
            pairs(&align(&left, &right, &[])),
            [
                (None, Some(0)),
                (Some(0), Some(1)),
                (Some(1), Some(2)),
                (Some(2), None)
            ]
        );
        // An anchor (left 2 with right 0) forces its pair; what comes before it on either side
        // stands alone, what comes after it is aligned.
        let steps = align(&left, &right, &[(2, 0)]);
        assert_eq!(
            pairs(&steps),
            [
                (Some(0), None),
                (Some(1), None),
                (Some(2), Some(0)),
                (None, Some(1)),
                (None, Some(2))
            ]
        );
        assert!(matches!(steps[2], Step::Both { anchored: true, .. }));
    }

    #[test]
    fn crossing_and_out_of_range_anchors_are_dropped() {
        assert_eq!(
            usable_anchors(5, 5, &[(3, 1), (1, 3), (2, 2), (9, 0), (4, 4)]),
            [(1, 3), (4, 4)]
        );
    }

    #[test]
    fn every_paragraph_appears_once_in_order() {
        let left = shingles(&["a b", "c d", "e f", "g h"]);
        let right = shingles(&["c d", "x y", "g h"]);
        let steps = align(&left, &right, &[]);
        let lefts: Vec<usize> = pairs(&steps).iter().filter_map(|p| p.0).collect();
        let rights: Vec<usize> = pairs(&steps).iter().filter_map(|p| p.1).collect();
        assert_eq!(lefts, [0, 1, 2, 3]);
        assert_eq!(rights, [0, 1, 2]);
    }

    #[test]
    fn empty_sides_give_paragraphs_standing_alone() {
        let left = shingles(&["a b", "c d"]);
        assert_eq!(
            pairs(&align(&left, &[], &[])),
            [(Some(0), None), (Some(1), None)]
        );
        assert_eq!(
            pairs(&align(&[], &left, &[])),
            [(None, Some(0)), (None, Some(1))]
        );
        assert!(align(&[], &[], &[]).is_empty());
    }
}
