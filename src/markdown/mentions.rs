//! Mentions of the archive's entities in a statement's text.
//!
//! Every name and alias of every entity goes into one Aho-Corasick automaton, which is run
//! once over a statement's plain text, whatever the number of entities: a search per entity
//! would make a build's cost grow with entities times text. Of the matches, only whole words
//! count (a name written in Chinese, Japanese or Korean needs no boundary next to another
//! such character, as those scripts are written without spaces), and where matches overlap the
//! leftmost, then the longest, wins, so "Hong Kong Police Force" is one mention, not a mention
//! of "police" inside one of something else. What may hold a mention (not a link, code or
//! furniture) is the caller's to say; `marks` turns the first mention of each entity in each
//! paragraph into a link.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// An entity as mentions see it.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Its name and aliases, as declared.
    pub names: Vec<String>,
    /// Its names match only as written; otherwise ASCII letters match in either case.
    pub case_sensitive: bool,
    /// Its first mention in each paragraph links to its page (`link_mentions`).
    pub link: bool,
    /// The address of its page, as pages link to it.
    pub href: String,
    /// Its name, shown as the link's title (the text may use an alias).
    pub title: String,
}

/// The names of every entity, in one automaton.
#[derive(Debug, Default)]
pub struct Names {
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, its entity (an index into `entities`).
    entity_of: Vec<usize>,
    /// The patterns, for checking the case of a case-sensitive entity's matches.
    patterns: Vec<String>,
    pub entities: Vec<Entity>,
}

/// A mention found in a text: a byte range and the entity it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

impl Names {
    /// The automaton of `entities`' names (empty names, after trimming, are left out); an
    /// error, saying why, if the names are more than an automaton can take.
    pub fn new(entities: Vec<Entity>) -> Result<Names, String> {
        let mut patterns = Vec::new();
        let mut entity_of = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            let own = patterns.len();
            for name in &e.names {
                let name = name.trim();
                if !name.is_empty() && !patterns[own..].iter().any(|p: &String| p == name) {
                    patterns.push(name.to_string());
                    entity_of.push(i);
                }
            }
        }
        let insensitive = entities.iter().any(|e| !e.case_sensitive);
        // Overlapping matches are asked for, so that a longer name failing the word test
        // leaves the shorter one at the same place to be taken.
        let automaton = match patterns.is_empty() {
            true => None,
            false => Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(insensitive)
                    .build(&patterns)
                    .map_err(|e| e.to_string())?,
            ),
        };
        Ok(Names {
            automaton,
            entity_of,
            patterns,
            entities,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Every mention in `text`, in order, none overlapping another: whole words only,
    /// leftmost first and then longest, and only where `allowed(start, end)` says text may
    /// hold one.
    pub fn find(&self, text: &str, allowed: impl Fn(usize, usize) -> bool) -> Vec<Found> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let (start, end, p) = (m.start(), m.end(), m.pattern().as_usize());
                let entity = self.entity_of[p];
                let case_ok =
                    !self.entities[entity].case_sensitive || text[start..end] == self.patterns[p];
                (case_ok && whole_word(text, start, end) && allowed(start, end))
                    .then_some((start, end, p))
            })
            .collect();
        // Leftmost, then longest, then the pattern declared first.
        candidates.sort_by_key(|&(start, end, p)| (start, std::cmp::Reverse(end), p));
        let mut found = Vec::new();
        let mut taken = 0;
        for (start, end, p) in candidates {
            if start >= taken {
                found.push(Found {
                    start,
                    end,
                    entity: self.entity_of[p],
                });
                taken = end;
            }
        }
        found
    }
}

/// Whether `text[start..end]` is a whole word (or words): no letter or digit runs on across
/// either end, except between two characters of scripts written without spaces.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    joins_not(before, first) && joins_not(last, after)
}

/// Whether a boundary may fall between `a` and `b`: unless both are word characters, at
/// least one of them not Chinese, Japanese or Korean.
fn joins_not(a: Option<char>, b: Option<char>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => !(is_word(a) && is_word(b)) || is_cjk(a) || is_cjk(b),
        _ => true,
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Han, kana and Hangul (with their compatibility and extension blocks): scripts whose words
/// are not separated by spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3040..=0x30FF
        | 0x3100..=0x318F
        | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x3134F)
}

/// A mention as the archive keeps it once the text is dropped: the entity, the paragraph, how
/// often the paragraph names it, and a snippet of the paragraph around the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The entity, in the entities taxonomy.
    pub entity: crate::ids::TermId,
    /// The number of the paragraph (block), as shown: `¶N`.
    pub block: u32,
    /// How many times the paragraph names the entity.
    pub count: u32,
    /// Whether the first of them is linked to the entity's page.
    pub linked: bool,
    /// The paragraph's text around the first mention, with `…` where it is cut.
    pub snippet: Box<str>,
    /// Where the mention's words are in `snippet` (bytes).
    pub at: (u32, u32),
}

impl Mention {
    /// The words of the text that name the entity, as written.
    pub fn words(&self) -> &str {
        &self.snippet[self.at.0 as usize..self.at.1 as usize]
    }

    /// The snippet in three parts: before the words, the words, after them.
    pub fn parts(&self) -> (&str, &str, &str) {
        let (a, b) = (self.at.0 as usize, self.at.1 as usize);
        (&self.snippet[..a], &self.snippet[a..b], &self.snippet[b..])
    }
}

/// Characters of a snippet before the mention and after it, at most.
const BEFORE: usize = 40;
const AFTER: usize = 80;

/// The snippet of `block` (a paragraph's text) around `start..end`: up to [`BEFORE`]
/// characters before and [`AFTER`] after, cut at a space where there is one, with `…` marking
/// a cut. Returns the snippet and where the mention is in it.
pub fn snippet(block: &str, start: usize, end: usize) -> (String, (u32, u32)) {
    let before = &block[..start];
    let after = &block[end..];
    let lead = match before.char_indices().rev().nth(BEFORE - 1) {
        None => before.to_string(),
        Some((cut, _)) => {
            let kept = &before[cut..];
            let kept = match kept.find(char::is_whitespace) {
                Some(i) if i < kept.len() / 2 => &kept[i..],
                _ => kept,
            };
            format!("…{}", kept.trim_start())
        }
    };
    let tail = match after.char_indices().nth(AFTER) {
        None => after.to_string(),
        Some((cut, _)) => {
            let kept = &after[..cut];
            let kept = match kept.rfind(char::is_whitespace) {
                Some(i) if i > kept.len() / 2 => &kept[..i],
                _ => kept,
            };
            format!("{}…", kept.trim_end())
        }
    };
    let a = lead.len();
    let b = a + (end - start);
    let text = format!("{lead}{}{tail}", &block[start..end]);
    // Paragraphs are far shorter than 4 GB.
    (text, (a as u32, b as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(names: &[&str]) -> Entity {
        Entity {
            names: names.iter().map(|n| n.to_string()).collect(),
            case_sensitive: false,
            link: true,
            href: String::new(),
            title: names[0].to_string(),
        }
    }

    /// The mentions of `text` as (words, entity) pairs, with everything allowed.
    fn find(names: &Names, text: &str) -> Vec<(String, usize)> {
        names
            .find(text, |_, _| true)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.entity))
            .collect()
    }

    fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|&(w, e)| (w.to_string(), e)).collect()
    }

    #[test]
    fn only_whole_words_are_mentions() {
        let names = Names::new(vec![entity(&["police"]), entity(&["Labour Department"])]).unwrap();
        assert_eq!(
            find(
                &names,
                "The policeman, police-run, policed; (police). Labour Departments, Labour Department's."
            ),
            pairs(&[("police", 0), ("police", 0), ("Labour Department", 1)])
        );
        assert_eq!(find(&names, "police"), pairs(&[("police", 0)]));
        assert_eq!(find(&names, "_police"), pairs(&[]));
        assert_eq!(find(&names, "police2"), pairs(&[]));
    }

    #[test]
    fn the_longest_match_wins_and_mentions_never_overlap() {
        let names = Names::new(vec![
            entity(&["police"]),
            entity(&["Hong Kong Police Force"]),
            entity(&["Hong Kong"]),
            entity(&["Force Majeure"]),
        ])
        .unwrap();
        assert_eq!(
            find(
                &names,
                "The Hong Kong Police Force Majeure and the police in Hong Kong."
            ),
            pairs(&[
                ("Hong Kong Police Force", 1),
                ("police", 0),
                ("Hong Kong", 2)
            ])
        );
    }

    #[test]
    fn a_longer_name_that_is_not_a_whole_word_leaves_the_shorter_one() {
        let names = Names::new(vec![entity(&["SAR"]), entity(&["SAR government"])]).unwrap();
        assert_eq!(
            find(&names, "the SAR governments of old"),
            pairs(&[("SAR", 0)])
        );
        // Inside a longer word, neither.
        assert_eq!(find(&names, "the HKSAR government"), pairs(&[]));
    }

    #[test]
    fn aliases_name_their_entity() {
        let names = Names::new(vec![
            entity(&[
                "United States Department of State",
                "US State Department",
                "U.S. State Department",
            ]),
            entity(&["Customs and Excise Department", "Hong Kong Customs"]),
        ])
        .unwrap();
        assert_eq!(
            find(
                &names,
                "the U.S. State Department, the US State Department and the Hong Kong Customs"
            ),
            pairs(&[
                ("U.S. State Department", 0),
                ("US State Department", 0),
                ("Hong Kong Customs", 1)
            ])
        );
    }

    #[test]
    fn case_is_ignored_unless_the_entity_is_case_sensitive() {
        let mut us = entity(&["US"]);
        us.case_sensitive = true;
        let names = Names::new(vec![entity(&["SAR government"]), us]).unwrap();
        assert_eq!(
            find(
                &names,
                "The SAR Government told us; the sar GOVERNMENT told the US."
            ),
            pairs(&[("SAR Government", 0), ("sar GOVERNMENT", 0), ("US", 1)])
        );
    }

    #[test]
    fn names_in_chinese_need_no_spaces_around_them() {
        let names = Names::new(vec![
            entity(&["入境事務處"]),
            entity(&["香港警務處", "警務處"]),
            entity(&["Police"]),
        ])
        .unwrap();
        assert_eq!(
            find(&names, "香港警務處和入境事務處表示，警務處Police與ImmD"),
            pairs(&[
                ("香港警務處", 1),
                ("入境事務處", 0),
                ("警務處", 1),
                ("Police", 2)
            ])
        );
        // A Latin name beside Chinese text, with no space, is still a word.
        assert_eq!(find(&names, "香港Police部門"), pairs(&[("Police", 2)]));
    }

    #[test]
    fn what_is_not_allowed_holds_no_mention() {
        let names = Names::new(vec![entity(&["police"])]).unwrap();
        let text = "police and `police` and police";
        let found = names.find(text, |start, _| !(11..19).contains(&start));
        assert_eq!(
            found.iter().map(|f| f.start).collect::<Vec<_>>(),
            vec![0, 24]
        );
    }

    #[test]
    fn a_name_declared_twice_by_an_entity_is_one_pattern() {
        let names = Names::new(vec![entity(&["Police", "Police", " police "])]).unwrap();
        assert_eq!(names.patterns, vec!["Police", "police"]);
        assert_eq!(find(&names, "Police"), pairs(&[("Police", 0)]));
        assert!(Names::new(vec![entity(&["  "])]).unwrap().is_empty());
    }

    #[test]
    fn snippets_cut_long_paragraphs_at_spaces() {
        let (text, at) = snippet("The police said so.", 4, 10);
        assert_eq!(text, "The police said so.");
        assert_eq!(&text[at.0 as usize..at.1 as usize], "police");
        let long = format!(
            "{} the Labour Department {}",
            "word ".repeat(30),
            "more ".repeat(40)
        );
        let start = long.find("Labour").unwrap();
        let (text, at) = snippet(&long, start, start + "Labour Department".len());
        assert!(text.starts_with("…word "), "{text}");
        assert!(text.ends_with("more…"), "{text}");
        assert_eq!(&text[at.0 as usize..at.1 as usize], "Labour Department");
        assert!(text.chars().count() <= BEFORE + AFTER + "Labour Department".len() + 2);
        // No space to cut at: characters.
        let chinese = format!("{}入境事務處{}", "字".repeat(80), "文".repeat(120));
        let start = chinese.find("入境").unwrap();
        let (text, at) = snippet(&chinese, start, start + "入境事務處".len());
        assert_eq!(&text[at.0 as usize..at.1 as usize], "入境事務處");
        assert_eq!(text.chars().count(), 1 + BEFORE + 5 + AFTER + 1);
    }
}
