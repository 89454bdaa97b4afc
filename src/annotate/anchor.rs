//! Finding a note's passage in a statement's text.
//!
//! Quotes are matched against the plain text after normalising white space and typographic
//! variants (curly quotes, dashes, the ellipsis character), so an editor can type a passage
//! with straight quotes and it still matches; the match is case-sensitive and otherwise exact.
//! A quote found more than once must be disambiguated: a weak or ambiguous match is an error,
//! never a guess. Normalising is linear in the text's length; the search for close passages,
//! which is slower, runs only to explain a quote that was not found.

/// Text in normalised form, with a map back to the original's byte offsets.
pub struct Normalized<'a> {
    original: &'a str,
    pub text: String,
    /// For each byte of `text`: where the original character it came from starts.
    starts: Vec<u32>,
}

impl<'a> Normalized<'a> {
    pub fn new(original: &'a str) -> Normalized<'a> {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        let mut space: Option<usize> = None;
        let bytes = original.as_bytes();
        let mut i = 0;
        while let Some(c) = original[i..].chars().next() {
            if c.is_whitespace() {
                space = space.or(Some(i));
                i += c.len_utf8();
                continue;
            }
            if let Some(a) = space.take()
                && !text.is_empty()
            {
                text.push(' ');
                starts.push(a as u32);
            }
            if c.is_ascii() {
                // A run of ASCII letters, digits and punctuation is copied whole: most text is
                // made of them, and this runs over every statement's text on every build.
                let run = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii() && !(**b as char).is_whitespace())
                    .count();
                text.push_str(&original[i..i + run]);
                starts.extend(i as u32..(i + run) as u32);
                i += run;
                continue;
            }
            let mut buf = [0u8; 4];
            let replacement: &str = match c {
                '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => "'",
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => "\"",
                '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
                '\u{2026}' => "...",
                _ => c.encode_utf8(&mut buf),
            };
            text.push_str(replacement);
            starts.extend(std::iter::repeat_n(i as u32, replacement.len()));
            i += c.len_utf8();
        }
        Normalized {
            original,
            text,
            starts,
        }
    }

    /// The original byte range of the normalised byte range `a..b` (non-empty).
    pub fn original(&self, a: usize, b: usize) -> (usize, usize) {
        let last = self.starts[b - 1] as usize;
        let len = self.original[last..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        (self.starts[a] as usize, last + len)
    }
}

/// Why a passage could not be anchored. Ranges are byte ranges of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    EmptyQuote,
    NotFound {
        closest: Closest,
    },
    /// Found more than once and nothing says which.
    Ambiguous {
        matches: Vec<(usize, usize)>,
    },
    /// Found, but the prefix and suffix rule every match out, or leave several.
    ContextMismatch {
        matches: Vec<(usize, usize)>,
        remaining: usize,
        /// Whether the prefix is at fault (no match fits it); otherwise the suffix is.
        prefix_at_fault: bool,
    },
    OccurrenceOutOfRange {
        occurrence: usize,
        count: usize,
    },
}

/// What identifies the passage.
pub struct Selector<'a> {
    pub quote: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
    /// 1-based.
    pub occurrence: Option<usize>,
}

/// Finds the passage; returns its byte range in the original text. A quote not found gets the
/// closest passage from `suggestions`, shared by the statement's notes.
pub fn find(
    text: &Normalized,
    selector: &Selector<'_>,
    suggestions: &mut Suggestions,
) -> Result<(usize, usize), Failure> {
    let quote = Normalized::new(selector.quote).text;
    if quote.is_empty() {
        return Err(Failure::EmptyQuote);
    }
    let all = occurrences(&text.text, &quote);
    if all.is_empty() {
        return Err(Failure::NotFound {
            closest: suggestions.closest(text, &quote),
        });
    }
    let original = |v: &[usize]| {
        v.iter()
            .map(|&a| text.original(a, a + quote.len()))
            .collect::<Vec<_>>()
    };
    let prefix = selector.prefix.map(|p| Normalized::new(p).text);
    let suffix = selector.suffix.map(|s| Normalized::new(s).text);
    let fits_prefix = |a: usize| {
        prefix
            .as_deref()
            .is_none_or(|p| text.text[..a].trim_end().ends_with(p))
    };
    let fits_suffix = |a: usize| {
        let after = text.text[a + quote.len()..].trim_start();
        suffix.as_deref().is_none_or(|s| after.starts_with(s))
    };
    let fitting: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&a| fits_prefix(a) && fits_suffix(a))
        .collect();
    let has_context = prefix.is_some() || suffix.is_some();
    let chosen = match selector.occurrence {
        Some(n) => match fitting.get(n.wrapping_sub(1)) {
            Some(&a) if n >= 1 => a,
            _ => {
                return Err(Failure::OccurrenceOutOfRange {
                    occurrence: n,
                    count: fitting.len(),
                });
            }
        },
        None if fitting.len() == 1 => fitting[0],
        None if has_context => {
            return Err(Failure::ContextMismatch {
                matches: original(&all),
                remaining: fitting.len(),
                prefix_at_fault: prefix.is_some()
                    && (suffix.is_none() || !all.iter().any(|&a| fits_prefix(a))),
            });
        }
        None => {
            return Err(Failure::Ambiguous {
                matches: original(&all),
            });
        }
    };
    Ok(text.original(chosen, chosen + quote.len()))
}

/// Start offsets of every occurrence of `needle`, overlapping ones included.
fn occurrences(haystack: &str, needle: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let at = from + i;
        found.push(at);
        from = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// The closest-passage search for a statement's quotes that were not found, with its cost
/// bounded so that a statement whose every note fails (its text replaced by a corrected
/// version, say) costs time linear in its size and number of notes, not their product.
///
/// Each search is linear in the text: windows of the quote's length starting at word
/// boundaries are ranked by how many of the quote's character trigrams they hold (prefix sums
/// make each window's count one subtraction), and only the best few are scored by edit
/// distance, on at most `COMPARED_CHARS` characters. Only the first `PER_STATEMENT` quotes not
/// found in a statement are searched; the later ones are reported without a suggestion.
pub struct Suggestions {
    left: usize,
    /// Units of work done: characters and windows scanned, edit-distance cells computed.
    pub work: u64,
}

/// A quote's closest passage, as far as it was looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closest {
    /// The byte range in the original text.
    At(usize, usize),
    /// Nothing in the text is close enough to suggest.
    Nothing,
    /// Not looked for: too many quotes of this statement were not found.
    NotSearched,
}

impl Default for Suggestions {
    fn default() -> Self {
        Suggestions {
            left: Suggestions::PER_STATEMENT,
            work: 0,
        }
    }
}

impl Suggestions {
    /// Quotes of one statement given a suggestion.
    pub const PER_STATEMENT: usize = 20;
    /// Windows scored by edit distance per quote.
    const CANDIDATES: usize = 8;
    /// Characters of the quote and of each window compared by edit distance.
    const COMPARED_CHARS: usize = 300;

    /// The passage of the text most like `quote` (already normalised).
    fn closest(&mut self, text: &Normalized, quote: &str) -> Closest {
        if self.left == 0 {
            return Closest::NotSearched;
        }
        self.left -= 1;
        let chars: Vec<(usize, char)> = text.text.char_indices().collect();
        let quote_chars: Vec<char> = quote.chars().collect();
        let len = quote_chars.len();
        let n = len.clamp(1, 3);
        let hits = self.gram_hits(&chars, &quote_chars, n);
        let mut windows: Vec<(u32, usize)> = (0..chars.len())
            .filter(|&k| k == 0 || (chars[k - 1].1 == ' ' && chars[k].1 != ' '))
            .map(|k| {
                // The grams wholly inside the window start at k ..= k + len - n.
                let last_gram = (k + len + 1).saturating_sub(n).clamp(k, chars.len());
                (hits[last_gram] - hits[k], k)
            })
            .collect();
        self.work += windows.len() as u64;
        let keep = Self::CANDIDATES.min(windows.len());
        if keep < windows.len() {
            windows.select_nth_unstable_by(keep, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            windows.truncate(keep);
        }
        windows.sort_by_key(|&(_, k)| k);
        let compared: String = quote_chars.iter().take(Self::COMPARED_CHARS).collect();
        let mut best: Option<(f64, usize, usize)> = None;
        for (_, k) in windows {
            let i = chars[k].0;
            let end = chars.get(k + len).map_or(text.text.len(), |&(j, _)| j);
            let window: String = text.text[i..end]
                .chars()
                .take(Self::COMPARED_CHARS)
                .collect();
            self.work += (window.chars().count() * compared.chars().count()) as u64;
            let score = strsim::normalized_levenshtein(&window, &compared);
            if best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, i, end));
            }
        }
        match best.filter(|(score, _, _)| *score > 0.3) {
            Some((_, a, b)) => {
                let (a, b) = text.original(a, b);
                Closest::At(a, b)
            }
            None => Closest::Nothing,
        }
    }

    /// Prefix sums over the text's characters of "an `n`-gram of the quote starts here"
    /// (trigrams, or shorter for shorter quotes): `hits[p]` counts such starts before `p`.
    fn gram_hits(&mut self, chars: &[(usize, char)], quote: &[char], n: usize) -> Vec<u32> {
        let gram = |cs: &[char]| cs.iter().fold(0u64, |g, &c| (g << 21) | c as u64);
        let grams: std::collections::HashSet<u64> = quote.windows(n).map(gram).collect();
        let text: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
        let mut hits = Vec::with_capacity(text.len() + 1);
        hits.push(0u32);
        let mut count = 0;
        for p in 0..text.len() {
            if text.get(p..p + n).is_some_and(|w| grams.contains(&gram(w))) {
                count += 1;
            }
            hits.push(count);
        }
        self.work += text.len() as u64;
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalisation one character at a time, as the rule reads: what the fast path must equal.
    fn by_char(original: &str) -> (String, Vec<u32>) {
        let (mut text, mut starts, mut space) = (String::new(), Vec::new(), None);
        for (i, c) in original.char_indices() {
            if c.is_whitespace() {
                space = space.or(Some(i));
                continue;
            }
            if let Some(a) = space.take()
                && !text.is_empty()
            {
                text.push(' ');
                starts.push(a as u32);
            }
            let s = match c {
                '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => "'".to_string(),
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => "\"".to_string(),
                '\u{2010}'..='\u{2015}' | '\u{2212}' => "-".to_string(),
                '\u{2026}' => "...".to_string(),
                _ => c.to_string(),
            };
            starts.extend(std::iter::repeat_n(i as u32, s.len()));
            text.push_str(&s);
        }
        (text, starts)
    }

    #[test]
    fn normalisation_equals_the_rule_applied_one_character_at_a_time() {
        for original in [
            "",
            "   ",
            "plain ascii words, with punctuation.",
            "  leading and trailing \t\n ",
            "tabs\tand\u{000B}vertical\u{000C}feeds\r\nand crlf",
            "“Curly” ‘quotes’ — dashes – and… ellipses",
            "香港特區政府強烈反對 the report's\u{3000}ideographic space",
            "mixed\u{00A0}no-break\u{2003}em space, é, ß, 😀 emoji",
            "x",
            "é",
        ] {
            let n = Normalized::new(original);
            assert_eq!(
                (n.text.clone(), n.starts.clone()),
                by_char(original),
                "{original:?}"
            );
        }
    }

    fn sel(quote: &str) -> Selector<'_> {
        Selector {
            quote,
            prefix: None,
            suffix: None,
            occurrence: None,
        }
    }

    fn found(text: &str, selector: &Selector<'_>) -> Result<String, Failure> {
        let n = Normalized::new(text);
        find(&n, selector, &mut Suggestions::default()).map(|(a, b)| text[a..b].to_string())
    }

    #[test]
    fn matches_across_typographic_variants_and_white_space() {
        let text = "It said \u{201c}false and\n  baseless remarks\u{201d} \u{2013} it\u{2019}s over\u{2026}";
        assert_eq!(
            found(text, &sel("\"false and baseless remarks\" - it's over...")).unwrap(),
            "\u{201c}false and\n  baseless remarks\u{201d} \u{2013} it\u{2019}s over\u{2026}"
        );
        assert!(
            matches!(
                found(text, &sel("False and")),
                Err(Failure::NotFound { .. })
            ),
            "case-sensitive"
        );
    }

    #[test]
    fn cjk_text_is_matched_by_characters() {
        let text = "人口販運問題從來不是香港的普遍問題。";
        assert_eq!(
            found(text, &sel("香港的普遍問題")).unwrap(),
            "香港的普遍問題"
        );
    }

    #[test]
    fn repeated_quotes_need_disambiguation() {
        let text = "Hong Kong said no. Then Hong Kong said yes. Hong Kong again.";
        match found(text, &sel("Hong Kong")) {
            Err(Failure::Ambiguous { matches }) => {
                assert_eq!(matches, [(0, 9), (24, 33), (44, 53)])
            }
            other => panic!("{other:?}"),
        }
        let by_prefix = Selector {
            prefix: Some("Then"),
            ..sel("Hong Kong")
        };
        assert_eq!(Normalized::new(text).text.len(), text.len());
        assert_eq!(
            find(
                &Normalized::new(text),
                &by_prefix,
                &mut Suggestions::default()
            )
            .unwrap(),
            (24, 33)
        );
        let by_suffix = Selector {
            suffix: Some("again"),
            ..sel("Hong Kong")
        };
        assert_eq!(
            find(
                &Normalized::new(text),
                &by_suffix,
                &mut Suggestions::default()
            )
            .unwrap(),
            (44, 53)
        );
        let by_occurrence = Selector {
            occurrence: Some(2),
            ..sel("Hong Kong")
        };
        assert_eq!(
            find(
                &Normalized::new(text),
                &by_occurrence,
                &mut Suggestions::default()
            )
            .unwrap(),
            (24, 33)
        );
    }

    #[test]
    fn weak_disambiguation_is_an_error_not_a_guess() {
        let text = "a b a b a";
        let wrong_prefix = Selector {
            prefix: Some("x"),
            ..sel("a")
        };
        assert!(matches!(
            found(text, &wrong_prefix),
            Err(Failure::ContextMismatch { remaining: 0, .. })
        ));
        let loose_prefix = Selector {
            prefix: Some("b"),
            ..sel("a")
        };
        assert!(matches!(
            found(text, &loose_prefix),
            Err(Failure::ContextMismatch { remaining: 2, .. })
        ));
        // The prefix fits, so the suffix is the one to fix.
        let wrong_suffix = Selector {
            prefix: Some("b"),
            suffix: Some("x"),
            ..sel("a")
        };
        assert!(matches!(
            found(text, &wrong_suffix),
            Err(Failure::ContextMismatch {
                remaining: 0,
                prefix_at_fault: false,
                ..
            })
        ));
        let wrong_both = Selector {
            prefix: Some("x"),
            suffix: Some("x"),
            ..sel("a")
        };
        assert!(matches!(
            found(text, &wrong_both),
            Err(Failure::ContextMismatch {
                prefix_at_fault: true,
                ..
            })
        ));
        let too_far = Selector {
            occurrence: Some(4),
            ..sel("a")
        };
        assert_eq!(
            found(text, &too_far),
            Err(Failure::OccurrenceOutOfRange {
                occurrence: 4,
                count: 3
            })
        );
        let zero = Selector {
            occurrence: Some(0),
            ..sel("a")
        };
        assert!(matches!(
            found(text, &zero),
            Err(Failure::OccurrenceOutOfRange { .. })
        ));
        assert_eq!(found(text, &sel("  ")), Err(Failure::EmptyQuote));
    }

    #[test]
    fn overlapping_occurrences_count() {
        assert!(
            matches!(found("aaa", &sel("aa")), Err(Failure::Ambiguous { matches }) if matches.len() == 2)
        );
    }

    #[test]
    fn not_found_suggests_the_closest_passage() {
        let text = "The Labour Department conducts about 2,000 routine and surprise inspections every year.";
        match found(text, &sel("conducts around 2,000 routine inspections")) {
            Err(Failure::NotFound {
                closest: Closest::At(a, b),
            }) => {
                assert!(
                    text[a..b].starts_with("conducts about 2,000 routine"),
                    "{}",
                    &text[a..b]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn quotes_not_found_cost_linear_work() {
        let words: Vec<String> = (0..5_000).map(|i| format!("word{i}")).collect();
        let original = words.join(" ");
        let text = Normalized::new(&original);
        let mut suggestions = Suggestions::default();
        let notes: usize = 10_000;
        let mut searched = 0;
        for i in 0..notes {
            let quote = format!("absent passage number {i} that is nowhere in the text at all");
            match find(&text, &sel(&quote), &mut suggestions) {
                Err(Failure::NotFound {
                    closest: Closest::NotSearched,
                }) => {}
                Err(Failure::NotFound { .. }) => searched += 1,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(searched, Suggestions::PER_STATEMENT);
        // Each search scans the text once and compares a few windows of the quote's length.
        let per_search = 2 * original.chars().count() as u64
            + (Suggestions::CANDIDATES * Suggestions::COMPARED_CHARS.pow(2)) as u64;
        assert!(
            suggestions.work <= Suggestions::PER_STATEMENT as u64 * per_search,
            "{} units of work",
            suggestions.work
        );
        // The work stopped growing after the first searches: the rest cost nothing extra.
        let mut first = Suggestions::default();
        for i in 0..Suggestions::PER_STATEMENT {
            let quote = format!("absent passage number {i} that is nowhere in the text at all");
            let _ = find(&text, &sel(&quote), &mut first);
        }
        assert_eq!(first.work, suggestions.work);
    }

    #[test]
    fn a_short_quote_gets_a_suggestion_far_into_a_text() {
        let mut original: String = (0..100).map(|i| format!("w{i} ")).collect();
        original.push_str("Hong Kong");
        match found(&original, &sel("Kong!")) {
            Err(Failure::NotFound {
                closest: Closest::At(a, b),
            }) => assert_eq!(&original[a..b], "Kong"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_suggestion_is_found_far_into_a_long_text() {
        let mut original: String = (0..3_000).map(|i| format!("filler{i} ")).collect();
        original.push_str("The Labour Department conducts about 2,000 routine inspections.");
        match found(&original, &sel("conducts around 2,000 routine inspections")) {
            Err(Failure::NotFound {
                closest: Closest::At(a, b),
            }) => assert!(
                original[a..b].starts_with("conducts about 2,000 routine"),
                "{}",
                &original[a..b]
            ),
            other => panic!("{other:?}"),
        }
    }
}
