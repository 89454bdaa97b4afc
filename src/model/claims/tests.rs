use super::*;
use crate::diagnostics::SourceFile;
use crate::ids::s;
use crate::markdown::{self, RenderOptions, Resolve};
use crate::urls::{BaseUrl, SitePath};

struct Nowhere;

impl Resolve for Nowhere {
    fn content_url(&self, path: &str) -> Result<SitePath, String> {
        Err(format!("content/{path} does not exist"))
    }
}

fn render(md: &str) -> Rendered {
    let base = BaseUrl::parse("https://example.org/").unwrap();
    let file = SourceFile::new("content/statements/x.md", md.to_string());
    let options = RenderOptions {
        unsafe_html: false,
        base: &base,
        numbered: true,
        framing: None,
        mentions: None,
    };
    markdown::render(&file, 0..file.text.len(), options, &Nowhere).0
}

/// Detects claims among statements given as Markdown, reading wordings from the texts.
fn detect(texts: &[&str]) -> Claims {
    let rendered: Vec<Rendered> = texts.iter().map(|t| render(t)).collect();
    let fingerprints: Vec<Fingerprint> =
        rendered.iter().map(|r| Fingerprint::of(r, None)).collect();
    Claims::detect(
        &fingerprints.iter().collect::<Vec<_>>(),
        |wanted| {
            wanted
                .iter()
                .map(|&(s, p, k)| sentence_in(&rendered[s], p, k).unwrap())
                .collect()
        },
        Vec::new(),
    )
}

const CLAIM: &str = "Human trafficking has never been a common problem in Hong Kong at all.";

#[test]
fn the_same_sentence_in_two_statements_is_one_claim_in_either_case_and_punctuation() {
    let claims = detect(&[
        &format!("Opening words of the first statement here today.\n\nThey said it. {CLAIM}"),
        "Something else entirely was announced on this occasion today.\n\nHUMAN   trafficking has never been a common problem, in Hong Kong at all!",
    ]);
    assert_eq!(claims.list.len(), 1, "{claims:#?}");
    let claim = &claims.list[0];
    assert_eq!(claim.text(), CLAIM);
    assert_eq!(claim.wordings.len(), 1, "the same words are one wording");
    assert_eq!(
        claim
            .occurrences
            .iter()
            .map(|o| (o.statement, o.paragraph))
            .collect::<Vec<_>>(),
        vec![(s(0), 2), (s(1), 2)]
    );
    assert!(!claim.declared);
    assert_eq!(claims.matches(s(0), s(1)).pairs(), &[(2, 2)]);
    assert_eq!(
        claims.matches(s(1), s(0)).of(2).collect::<Vec<_>>(),
        vec![2]
    );
    assert!(
        claims.matches(s(0), s(0)).is_empty() || claims.matches(s(0), s(0)).pairs() == [(2, 2)]
    );
}

#[test]
fn a_sentence_with_a_word_changed_is_nearly_the_same() {
    let claims = detect(&[
        "The Labour Department conducts about 2,000 routine and surprise inspections of employment agencies every year.",
        "Unrelated opening sentence about the weather and the harbour today.\n\nThe Labour Department conducts about 2,100 routine and surprise inspections of employment agencies every year.",
    ]);
    assert_eq!(claims.list.len(), 1, "{claims:#?}");
    let claim = &claims.list[0];
    assert_eq!(claim.wordings.len(), 2);
    assert!(claim.wordings[1].contains("2,100"));
    assert_eq!(claims.matches(s(0), s(1)).pairs(), &[(1, 2)]);
}

#[test]
fn different_sentences_are_not_claims() {
    let claims = detect(&[
        "The government allocated an additional sum each year to create new posts in departments.",
        "Police arrested forty employers in relation to physical or sexual abuse last year.",
        "The Court of Final Appeal issued a ruling confirming that no specific offence was required.",
    ]);
    assert!(claims.is_empty(), "{claims:#?}");
}

#[test]
fn sentences_sharing_half_their_words_are_not_nearly_the_same() {
    let claims = detect(&[
        "There has never been any sign that criminal groups use Hong Kong as a destination or transit point for human trafficking.",
        "There has never been any sign that Hong Kong is being actively used by syndicates as a destination or transit point for trafficking in persons.",
    ]);
    assert!(claims.is_empty(), "{claims:#?}");
}

#[test]
fn short_sentences_are_left_out() {
    let claims = detect(&[
        "This is totally groundless. We regret it.",
        "This is totally groundless. We regret it.",
    ]);
    assert!(claims.is_empty(), "{claims:#?}");
    let r = render("This is totally groundless.");
    assert_eq!(Fingerprint::of(&r, None), Fingerprint::default());
}

#[test]
fn a_sentence_repeated_within_one_statement_only_is_not_a_claim() {
    let claims = detect(&[
        &format!("{CLAIM}\n\nAnd again: {CLAIM}"),
        "Nothing of the kind is said in this second statement here.",
    ]);
    assert!(claims.is_empty(), "{claims:#?}");
}

#[test]
fn framing_paragraphs_headings_and_code_are_left_out() {
    let r = render(&format!(
        "{CLAIM}\n\n## {CLAIM}\n\n```\n{CLAIM}\n```\n\n- {CLAIM}\n"
    ));
    let framed = Fingerprint::of(&r, Some(Framing { first: 1, last: 1 }));
    assert_eq!(
        framed.keys.iter().map(|k| k.paragraph).collect::<Vec<_>>(),
        vec![4]
    );
}

#[test]
fn claims_across_many_statements_are_found_in_linear_passes_and_in_order() {
    // 600 statements of distinct sentences; every tenth says one claim, every
    // fifteenth a variant of another; the output must not depend on threads.
    let texts: Vec<String> = (0..600)
        .map(|i| {
            let mut t = format!(
                "Statement number {i} opens with words of its own, item {i} of many.\n\nPoint {i} of the list is unique to statement {i} and nobody else.",
            );
            if i % 10 == 0 {
                t.push_str(" The government will continue to combat trafficking in persons with every resource it has.");
            }
            if i % 15 == 0 {
                let word = ["strongly", "firmly", "resolutely"][(i / 15) % 3];
                t.push_str(&format!(
                    "\n\nThe administration {word} opposes the biased and unreasonable assessments in the annual report."
                ));
            }
            t
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let claims = detect(&refs);
    assert_eq!(
        claims.list.len(),
        2,
        "{:#?}",
        claims.list.iter().map(|c| c.text()).collect::<Vec<_>>()
    );
    let first = &claims.list[0];
    assert!(
        first.text().starts_with("The government will continue"),
        "{}",
        first.text()
    );
    assert_eq!(first.statements().len(), 60);
    assert_eq!(first.wordings.len(), 1);
    let second = &claims.list[1];
    assert_eq!(second.statements().len(), 40);
    assert_eq!(second.wordings.len(), 3);
    assert_eq!(second.occurrences[0].paragraph, 3);
    // Deterministic: a second detection gives the same claims.
    assert_eq!(detect(&refs).list, claims.list);
    // Statement 30 says both; its lookups name both claims.
    let at: Vec<usize> = claims.in_statement(s(30)).map(|a| a.claim).collect();
    assert_eq!(at, vec![0, 1]);
}

#[test]
fn declared_links_are_claims_of_their_own() {
    let claims = Claims::detect(
        &[&Fingerprint::default(), &Fingerprint::default()],
        |_| Vec::new(),
        vec![Declared {
            from: (s(1), 4),
            to: (s(0), 15),
            passage: "never any sign".into(),
        }],
    );
    assert_eq!(claims.list.len(), 1);
    let c = &claims.list[0];
    assert!(c.declared);
    assert_eq!(
        c.occurrences[0],
        Occurrence {
            statement: s(0),
            paragraph: 15,
            wording: None
        }
    );
    assert_eq!(claims.matches(s(1), s(0)).pairs(), &[(4, 15)]);
    assert_eq!(claims.matches(s(0), s(1)).pairs(), &[(15, 4)]);
}

#[test]
fn jaccard_of_sorted_sets() {
    assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
    assert_eq!(jaccard(&[], &[]), 0.0);
}

#[test]
fn a_chain_of_small_changes_is_one_claim_though_its_ends_differ() {
    // Each wording changes one more word of a long sentence: neighbours are nearly the same,
    // the first and the last are not, and every band's joins must add up to one claim.
    let words: Vec<String> = (0..24).map(|w| format!("word{w}")).collect();
    let wording = |changed: usize| {
        let mut w = words.clone();
        for (k, word) in w.iter_mut().enumerate().take(changed * 3).skip(1) {
            if k % 3 == 1 {
                *word = format!("other{k}");
            }
        }
        format!("{}.", w.join(" "))
    };
    let texts: Vec<String> = (0..6).map(wording).collect();
    let first = render(&texts[0]);
    let last = render(&texts[5]);
    let (a, b) = (Fingerprint::of(&first, None), Fingerprint::of(&last, None));
    assert!(jaccard(a.shingles_of(0), b.shingles_of(0)) < NEAR);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let claims = detect(&refs);
    assert_eq!(claims.list.len(), 1, "{:#?}", claims.list);
    assert_eq!(claims.list[0].wordings.len(), 6);
    assert_eq!(
        claims.list[0].statements(),
        crate::ids::statements(&[0, 1, 2, 3, 4, 5])
    );
}
