//! Bad input gets diagnostics, never a panic: hand-picked hostile files, then a few hundred
//! deterministic random mutations of a valid statement and config.

mod common;

use common::Site;

const HOSTILE: &[&str] = &[
    "",
    "---",
    "---\n---\n",
    "---\n- a list\n---\n",
    "---\njust a scalar\n---\n",
    "---\ntitle:\n\t- tab indented\n---\n",
    "---\ntitle: &a x\ndate: *a\nissuer: *a\n---\n",
    "---\n? [complex, key]\n: value\ntitle: x\n---\n",
    "---\ntitle: x\ndate: 2021-07-02\nissuer: x\nresponds_to:\n  document: d\n  year: 99999999999999999999\n---\n",
    "---\ntitle: x\ndate: 2021-07-02\nissuer: x\nrelated: [\"@/\", \"@/../../etc/passwd\", \"@/statements/\"]\n---\n",
    "---\ntitle: x\ndate: 2021-07-02\nissuer: x\n---\n[a](@/) [b](@/statements/../../x.md#) [c](/../../etc/passwd) [d](#) [e](</a b>)\n",
    "---\ntitle: x\ndate: 2021-07-02\nissuer: x\n---\n```furniture\nno kind\n```\n```furniture caption\nunclosed\n",
    "---\ntitle: 香港\ndate: 2021-07-02\nissuer: 政府\n---\n人口販運問題從來不是香港的普遍問題。\u{200b}\u{202e}reversed\n\n| a |\n|---|\n| <script>x</script> |\n",
    "---\ntitle: x\ndate: 2021-07-02T25:61+99:99\nissuer: x\n---\n",
    "---\ntitle: x\ndate: 2021-07-02\nissuer: x\ntopics: [[nested]]\nentities: {a: b}\n---\n[^1]\n\n[^1]: note *with **unclosed emphasis\n",
];

#[test]
fn hostile_content_files_give_diagnostics_not_panics() {
    for (i, text) in HOSTILE.iter().enumerate() {
        let site = Site::fixture();
        site.write(&format!("content/statements/hostile-{i}.md"), text);
        // Either outcome is fine; a panic fails the test.
        let _ = site.build();
    }
}

#[test]
fn invalid_utf8_is_reported_with_the_file() {
    let site = Site::fixture();
    std::fs::write(
        site.root().join("content/statements/bad.md"),
        b"---\ntitle: \xff\xfe\n---\n",
    )
    .unwrap();
    let errors: Vec<String> = site
        .build()
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/statements/bad.md:2:8: error: content/statements/bad.md is not UTF-8 text: byte 0xFF"
        ),
        "{errors:#?}"
    );
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn mutate(text: &str, rng: &mut Lcg) -> String {
    const PIECES: &[&str] = &[
        "\n", "---", ":", " ", "\t", "[", "]", "(", ")", "@/", "#p", "`", "*", "\"", "'", "-", "é",
        "香", "<", ">", "&", "\u{feff}", "{", "}", "|", "\\", "2021", "!",
    ];
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.next(4) {
        let at = rng.next(chars.len() + 1);
        match rng.next(3) {
            0 if !chars.is_empty() => {
                let end = (at + 1 + rng.next(8)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            _ => {
                let piece = PIECES[rng.next(PIECES.len())];
                for (k, c) in piece.chars().enumerate() {
                    chars.insert((at + k).min(chars.len()), c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// Notes on the fixture's first statement, using every selector and a body with links.
const NOTES: &str = r#"- id: opposes
  quote: "opposes the report"
  prefix: "government said it"
  suffix: "."
  kind: context
  body: |
    See [the later statement](@/statements/2022-01-05-second.md#p2) and [the
    list](/statements/).
  sources:
    - title: About
      url: "@/pages/about.md"
- id: script
  quote: "in its text"
  occurrence: 1
  kind: correction
  date: 2024-05-01
  body: A second note.
"#;

#[test]
fn random_mutations_of_valid_input_never_panic() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-07-02-first.annotations.yaml",
        NOTES,
    );
    site.build_ok();
    let mut rng = Lcg(0x5eed);
    for round in 0..400 {
        let (path, original) = match round % 4 {
            0 => ("config.yaml", common::CONFIG),
            1 => (
                "content/statements/2021-07-02-first.annotations.yaml",
                NOTES,
            ),
            2 => (
                "content/statements/2021-07-02-first.md",
                common::STATEMENT_A,
            ),
            _ => (
                "content/statements/2022-01-05-second.md",
                common::STATEMENT_B,
            ),
        };
        let mutated = mutate(original, &mut rng);
        site.write(path, &mutated);
        let result = std::panic::catch_unwind(|| site.build());
        assert!(
            result.is_ok(),
            "panic in round {round} on {path}:\n{mutated}"
        );
        site.write(path, original);
    }
}
