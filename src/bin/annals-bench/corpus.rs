//! A deterministic synthetic archive: statements shaped like the real ones (front matter with
//! source and rating, 4–6 KB of text with emphasis, links, lists, tables and code, topics,
//! entities, related statements, `@/` cross-links) and 5–10 notes each.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

pub const TOPICS: usize = 30;
pub const ENTITIES: usize = 60;

/// xorshift64*: small, fast, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

const WORDS: &[&str] = &[
    "government",
    "report",
    "statement",
    "policy",
    "measures",
    "victims",
    "screening",
    "law",
    "enforcement",
    "department",
    "committee",
    "protection",
    "workers",
    "agencies",
    "framework",
    "assessment",
    "rating",
    "efforts",
    "resources",
    "legislation",
    "court",
    "ruling",
    "cases",
    "prosecution",
    "investigation",
    "support",
    "training",
    "public",
    "officers",
    "action",
    "plan",
    "review",
    "data",
    "figures",
    "year",
    "annual",
    "progress",
    "partners",
    "region",
    "city",
    "the",
    "of",
    "and",
    "to",
    "in",
    "on",
    "for",
    "with",
    "has",
    "have",
    "been",
    "was",
    "were",
    "is",
    "are",
    "a",
    "an",
    "its",
    "their",
    "all",
    "more",
    "than",
    "about",
    "under",
    "since",
    "through",
    "against",
    "between",
    "continued",
    "strengthened",
    "introduced",
    "reported",
    "identified",
    "conducted",
    "provided",
    "ensured",
    "remained",
    "considered",
    "noted",
    "stressed",
    "said",
    "added",
    "stated",
    "rejected",
    "welcomed",
    "regretted",
    "comprehensive",
    "effective",
    "significant",
    "relevant",
    "existing",
    "new",
    "further",
    "specific",
    "local",
    "international",
    "independent",
    "proactive",
    "strict",
    "fair",
];

/// Site path fragments of statement `i`.
pub struct Names {
    pub year: usize,
    pub date: String,
    pub file: String,
}

pub fn names(i: usize) -> Names {
    let mut rng = Rng::new(i as u64 + 1);
    let year = 1990 + i % 36;
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let date = format!("{year}-{month:02}-{day:02}");
    let file = format!("{date}-statement-{i:06}");
    Names { year, date, file }
}

fn content_path(i: usize) -> String {
    let n = names(i);
    format!("statements/{}/{}.md", n.year, n.file)
}

fn sentence(rng: &mut Rng, words: usize, out: &mut String) {
    for w in 0..words {
        let word = WORDS[rng.below(WORDS.len())];
        if w == 0 {
            let mut c = word.chars();
            if let Some(first) = c.next() {
                out.extend(first.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            match rng.below(40) {
                0 => write!(out, "*{word}*").unwrap(),
                1 => write!(out, "**{word}**").unwrap(),
                2 => write!(out, "[{word}](https://example.org/{word})").unwrap(),
                3 => write!(out, "`{word}`").unwrap(),
                _ => out.push_str(word),
            }
        }
    }
    out.push('.');
}

/// The first sentence of paragraph `k` of statement `i`: unique in the archive, and crossing
/// emphasis, so notes quoting it exercise anchoring across markup.
fn marker(i: usize, k: usize) -> (String, String) {
    let markdown = format!("Point {k} of statement {i} *concerns* the topic at hand.");
    let plain = format!("Point {k} of statement {i} concerns the topic at hand.");
    (markdown, plain)
}

/// Statements that say a recurring claim: one in this many.
const CLAIM_EVERY: usize = 4;

/// A sentence said again across statements (issue 14's recurring claims): every fourth
/// statement ends its second paragraph with one of `n / 40` stock sentences (at least 10),
/// each then said in about ten statements; one in three says it nearly, with a word added. The
/// rest of the corpus is unchanged (the stock sentences come from their own generator).
fn recurring_claim(i: usize, n: usize, out: &mut String) {
    if !i.is_multiple_of(CLAIM_EVERY) {
        return;
    }
    let k = (i / CLAIM_EVERY) % (n / 40).max(10);
    let mut rng = Rng::new(1_000_003 + k as u64 * 7_919);
    let mut line = String::new();
    sentence(&mut rng, 14, &mut line);
    if (i / CLAIM_EVERY).is_multiple_of(3) {
        line.pop();
        line.push_str(" indeed.");
    }
    out.push(' ');
    out.push_str(&line);
}

/// The Markdown body and the quotes notes can anchor on.
fn body(i: usize, n: usize, shape: Shape, rng: &mut Rng) -> (String, Vec<(usize, String)>) {
    let mut out = String::with_capacity(6000);
    let mut quotes = Vec::new();
    if rng.below(4) == 0 {
        out.push_str("```furniture byline\nBy A Reporter\n```\n\n");
    }
    let paragraphs = rng.range(8, 11);
    let mut k = 0;
    for p in 0..paragraphs {
        if p == paragraphs / 2 && rng.below(3) == 0 {
            k += 1;
            out.push_str("## Further measures\n\n");
        }
        k += 1;
        let (md, plain) = marker(i, k);
        out.push_str(&md);
        quotes.push((k, plain));
        for _ in 0..rng.range(4, 6) {
            out.push(' ');
            let words = rng.range(8, 16);
            sentence(rng, words, &mut out);
        }
        if p == 1 && shape.across {
            recurring_claim(i, n, &mut out);
        }
        if p == 2 && i > 0 {
            let other = rng.below(n.min(i).max(1));
            write!(
                out,
                " See [an earlier statement](@/{}#p2).",
                content_path(other)
            )
            .unwrap();
        }
        out.push_str("\n\n");
        if p == 3 && i.is_multiple_of(3) {
            for item in 0..3 {
                k += 1;
                out.push_str("- ");
                sentence(rng, 6 + item, &mut out);
                out.push('\n');
            }
            out.push('\n');
        }
        if p == 4 && i.is_multiple_of(10) {
            k += 1;
            out.push_str("| Year | Cases | Screenings |\n|---|---|---|\n");
            for row in 0..4 {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    2000 + row,
                    rng.below(100),
                    rng.below(10000)
                )
                .unwrap();
            }
            out.push('\n');
        }
        if p == 5 && i.is_multiple_of(20) {
            k += 1;
            out.push_str("```rust\nfn main() {\n    println!(\"figures\");\n}\n```\n\n");
        }
    }
    (out, quotes)
}

fn annotations(i: usize, n: usize, quotes: &[(usize, String)], rng: &mut Rng) -> String {
    let count = rng.range(5, 10).min(quotes.len());
    let mut out = String::new();
    for (j, (_, quote)) in quotes.iter().take(count).enumerate() {
        let kind = [
            "context",
            "fact-check",
            "translation",
            "cross-reference",
            "correction",
            "definition",
        ][rng.below(6)];
        writeln!(
            out,
            "- id: note-{j}\n  quote: \"{quote}\"\n  kind: {kind}\n  body: |"
        )
        .unwrap();
        out.push_str("    ");
        sentence(rng, 20, &mut out);
        if j == 0 && i > 0 {
            let other = rng.below(n.min(i).max(1));
            write!(
                out,
                " Compare [an earlier statement](@/{}#p3) and [this passage](#p1).",
                content_path(other)
            )
            .unwrap();
        }
        out.push('\n');
        if j % 3 == 0 {
            writeln!(
                out,
                "  sources:\n    - title: Source {j}\n      url: https://example.org/source/{i}/{j}"
            )
            .unwrap();
        }
        out.push_str("  author: Bench editors\n  date: 2026-01-01\n");
    }
    out
}

fn statement(i: usize, n: usize, shape: Shape) -> (String, String) {
    let mut rng = Rng::new(i as u64 * 7919 + 17);
    let names = names(i);
    let mut fm = String::with_capacity(1200);
    writeln!(
        fm,
        "---\ntitle: \"Statement {i} on the annual report\"\ndate: {}",
        names.date
    )
    .unwrap();
    fm.push_str("issuer: Government of the Example Region\nspeaker: A spokesperson\n");
    writeln!(
        fm,
        "summary: A synthetic statement, number {i}, for the benchmark.\nlanguage: en"
    )
    .unwrap();
    writeln!(
        fm,
        "source:\n  publisher: Example Daily\n  author: Reporter {}\n  url: https://news.example.org/{}/{i}\n  published: {}T10:00\n  translation: {}",
        rng.below(50),
        names.year,
        names.date,
        ["none", "official", "machine"][rng.below(3)]
    )
    .unwrap();
    writeln!(
        fm,
        "responds_to:\n  document: Annual Report\n  year: {}\n  rating: Tier {}",
        names.year,
        1 + rng.below(3)
    )
    .unwrap();
    let mut topics: Vec<usize> = (0..rng.range(1, 4)).map(|_| rng.below(TOPICS)).collect();
    topics.sort_unstable();
    topics.dedup();
    fm.push_str("topics:\n");
    for t in topics {
        writeln!(fm, "  - topic-{t:02}").unwrap();
    }
    let mut entities: Vec<usize> = (0..rng.range(0, 5)).map(|_| rng.below(ENTITIES)).collect();
    entities.sort_unstable();
    entities.dedup();
    fm.push_str("entities:\n");
    for e in &entities {
        writeln!(fm, "  - entity-{e:02}").unwrap();
    }
    if entities.is_empty() {
        fm.truncate(fm.len() - "entities:\n".len());
    }
    if i > 0 && rng.below(2) == 0 {
        writeln!(fm, "related:\n  - \"@/{}\"", content_path(rng.below(i))).unwrap();
    }
    fm.push_str("---\n");
    let (text, quotes) = body(i, n, shape, &mut rng);
    let notes = annotations(i, n, &quotes, &mut rng);
    if !shape.across {
        return (format!("{fm}{text}"), notes);
    }
    let text = with_mentions(text, &entities);
    let (paragraph, ledger_notes) = ledger(i, &names);
    (format!("{fm}{text}{paragraph}"), notes + &ledger_notes)
}

/// Measures of the figures ledger in the synthetic archive.
const MEASURES: usize = 8;

/// The events and figures of statement `i`, so that their cost shows in the benchmark: on
/// every third statement, a paragraph (appended to its text) stating a figure of one of the
/// [`MEASURES`] for its year, some approximate ("about 1,234"), with a note declaring it and a
/// note declaring the event of its announcement. A measure's value for a year is the same in
/// every statement, as a real archive restates its figures. Returns the paragraph and the notes.
fn ledger(i: usize, names: &Names) -> (String, String) {
    if !i.is_multiple_of(3) {
        return (String::new(), String::new());
    }
    let m = (i / 3) % MEASURES;
    let value = 100 + (names.year * 37 + m * 101) % 9000;
    let grouped = if value >= 1000 {
        format!("{},{:03}", value / 1000, value % 1000)
    } else {
        value.to_string()
    };
    let approx = m % 2 == 1;
    let written = if approx {
        format!("about {grouped}")
    } else {
        grouped
    };
    let month = &names.date[5..7];
    let month_name = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][month.parse::<usize>().unwrap_or(1) - 1];
    let year = names.year;
    let paragraph = format!(
        "In {year}, the department reported {written} cases of measure {m}. The count was announced in {month_name} {year}.\n"
    );
    let notes = format!(
        "- id: ledger-figure\n  quote: \"the department reported {written} cases of measure {m}\"\n  kind: context\n  body: A figure of the ledger.\n  figure:\n    measure: measure-{m}\n    value: {value}\n    period: {year}\n    approx: {approx}\n\
         - id: ledger-event\n  quote: \"The count was announced in {month_name} {year}\"\n  kind: context\n  body: An event of the timeline.\n  event:\n    date: {year}-{month}\n    title: Count of measure {m} announced\n"
    );
    (paragraph, notes)
}

/// The ledger's measures, as files under `content/measures/`.
fn write_measures(root: &Path) -> io::Result<()> {
    fs::create_dir_all(root.join("content/measures"))?;
    for m in 0..MEASURES {
        fs::write(
            root.join(format!("content/measures/measure-{m}.md")),
            format!(
                "---\nname: Measure {m}\ndefinition: Synthetic cases of measure {m}, by year.\nunit: cases\n---\n"
            ),
        )?;
    }
    Ok(())
}

/// `text` with its entities named, so that finding and linking mentions has its cost in the
/// benchmark: a sentence ends every other paragraph that opens with a marker, naming one of
/// the statement's entities by its name or its alias (twice in some paragraphs, as texts do).
/// Made without the statement's random numbers, so the rest of the corpus is unchanged.
fn with_mentions(text: String, entities: &[usize]) -> String {
    if entities.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 400);
    let mut markers = 0;
    for (p, paragraph) in text.split_inclusive("\n\n").enumerate() {
        let is_marker = paragraph.starts_with("Point ");
        if is_marker && markers % 2 == 0 {
            let e = entities[markers / 2 % entities.len()];
            let body = paragraph.trim_end_matches('\n');
            let sentence = match p % 3 {
                0 => format!(" The Entity {e} said so."),
                1 => format!(" Department {e} agreed, and Entity {e} said so again."),
                _ => format!(" The work of the entity {e} continues."),
            };
            out.push_str(body);
            out.push_str(&sentence);
            out.push_str(&paragraph[body.len()..]);
        } else {
            out.push_str(paragraph);
        }
        markers += usize::from(is_marker);
    }
    out
}

/// What a generated archive holds besides its statements' texts: a row of the benchmark
/// builds an archive without one of them, to measure what it costs.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Each statement's notes file.
    pub notes: bool,
    /// What the features across statements find in the texts: figures and events (their
    /// notes, the paragraphs stating them and the measures), entities named in the texts, and
    /// recurring sentences. Without it the texts name no entity and say nothing twice; the
    /// entities and everything else stay, and the same statements are generated otherwise.
    pub across: bool,
}

impl Shape {
    /// Everything: the archive the benchmark's main rows build.
    pub const FULL: Shape = Shape {
        notes: true,
        across: true,
    };
}

/// Writes an archive of `n` statements of the given `shape` into `root`.
pub fn generate(root: &Path, n: usize, shape: Shape) -> io::Result<()> {
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    fs::create_dir_all(root.join("content/entities"))?;
    fs::create_dir_all(root.join("content/pages"))?;
    let mut config = String::from(
        "title: Benchmark Archive\ndescription: A synthetic archive.\nbase_url: https://example.org/\npaginate_by: 20\ntaxonomies:\n  topics:\n    terms:\n",
    );
    for t in 0..TOPICS {
        writeln!(config, "      - slug: topic-{t:02}\n        name: Topic {t}\n        description: Synthetic topic {t}.").unwrap();
    }
    fs::write(root.join("config.yaml"), config)?;
    for e in 0..ENTITIES {
        fs::write(
            root.join(format!("content/entities/entity-{e:02}.md")),
            format!(
                "---\nname: Entity {e}\naliases: [Department {e}]\nkind: department\ndescription: Synthetic entity {e}.\n---\n"
            ),
        )?;
    }
    fs::write(
        root.join("content/pages/about.md"),
        "---\ntitle: About\n---\nA synthetic archive for the benchmark.\n",
    )?;
    if shape.across {
        write_measures(root)?;
    }
    for i in 0..n {
        let names = names(i);
        let dir = root.join(format!("content/statements/{}", names.year));
        fs::create_dir_all(&dir)?;
        let (text, notes) = statement(i, n, shape);
        fs::write(dir.join(format!("{}.md", names.file)), text)?;
        if shape.notes {
            fs::write(dir.join(format!("{}.annotations.yaml", names.file)), notes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_features_across_statements_the_texts_hold_none_of_their_content() {
        let within = Shape {
            across: false,
            ..Shape::FULL
        };
        let (mut full, mut bare) = (
            (String::new(), String::new()),
            (String::new(), String::new()),
        );
        for i in 0..40 {
            let (text, notes) = statement(i, 40, Shape::FULL);
            full.0.push_str(&text);
            full.1.push_str(&notes);
            let (text, notes) = statement(i, 40, within);
            bare.0.push_str(&text);
            bare.1.push_str(&notes);
        }
        for (what, needle) in [
            ("a figure", "figure:"),
            ("an event", "event:"),
            ("a named entity", "Entity "),
        ] {
            let in_notes_or_text =
                |(t, n): &(String, String)| t.contains(needle) || n.contains(needle);
            assert!(in_notes_or_text(&full), "the full corpus has {what}");
            assert!(!in_notes_or_text(&bare), "the bare corpus has {what}");
        }
        assert!(bare.0.len() < full.0.len());
    }
}
