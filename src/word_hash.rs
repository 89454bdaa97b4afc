//! Hashes of words and runs of words, for comparing texts by their words: recurring claims'
//! fingerprints (`model::claims`) and the shingles of the comparison pages (`align`).
//!
//! Each word is hashed once, from its lowercased characters without copying it, and a run of
//! words from its words' hashes: the texts of a whole archive go through here, and hashing each
//! word anew in every run it belongs to (with SipHash, over a lowercased copy) was most of the
//! cost of both. The hashes are plain 64-bit arithmetic, the same on every machine and in every
//! build, so what depends on them (which sentences a claim's MinHash bands bring together) is
//! deterministic.

/// The hash of `word`'s lowercased characters: FNV-1a over them, then SplitMix64's finaliser
/// to spread the bits.
pub(crate) fn word(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in word.chars().flat_map(char::to_lowercase) {
        h = (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    finalise(h)
}

/// The hash of the words whose hashes are `words`, in that order.
pub(crate) fn run(words: &[u64]) -> u64 {
    words.iter().fold(words.len() as u64, |acc, &w| {
        finalise(acc.rotate_left(23) ^ w.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    })
}

/// SplitMix64's finaliser.
pub(crate) fn finalise(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_hash_alike_whatever_their_case() {
        assert_eq!(word("Government"), word("government"));
        assert_eq!(word("ÉTAT"), word("état"));
        assert_ne!(word("government"), word("governments"));
    }

    #[test]
    fn a_run_depends_on_its_words_and_their_order() {
        let (a, b) = (word("the"), word("report"));
        assert_eq!(run(&[a, b]), run(&[word("The"), word("REPORT")]));
        assert_ne!(run(&[a, b]), run(&[b, a]));
        assert_ne!(run(&[a]), run(&[a, a]));
        assert_ne!(run(&[]), run(&[a]));
    }

    #[test]
    fn the_values_are_the_same_on_every_machine() {
        // Fixed values (computed apart from this code): a change here changes which claims
        // are found in existing archives.
        assert_eq!(word("Report"), 0x3034_6d9c_47a1_da74);
        assert_eq!(run(&[word("the"), word("report")]), 0x519e_388b_0acf_5a75);
        assert_eq!(run(&[]), 0);
    }
}
