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
    // Issue 11: nulls, tags, control characters raw and escaped, character references.
    "---\ntitle: ~\ndate: null\nissuer:\n---\nText.\n",
    "---\ntitle: !!binary aGVsbG8=\ndate: !custom 2021-07-02\nissuer: !!str x\ntopics: !!seq [a]\n---\n",
    "---\ntitle: \"\\a\\0\\e\\x0c\"\ndate: 2021-07-02\nissuer: x\n---\n",
    "---\ntitle: a\u{0}b\u{c}c\ndate: 2021-07-02\nissuer: x\u{1b}\n---\nNUL\u{0} FF\u{c} ESC\u{1b} VT\u{b} BEL\u{7} &#7; &#0; &#x1b; `\u{7}`\n",
    "---\ntitle: x\ndate: 2021-07-02\nissuer: x\n---\n```furniture byline\nBy nobody\n\nThe rest.\n",
    "---\ntitle: x\ndate: 2021-07-02\nissuer: x\n---\n~~~furniture caption\nclosed by the wrong fence\n```\n",
];

/// Every XML file of a built site parses: nothing in the input can make a feed malformed.
fn assert_xml_parses(site: &Site, what: &str) {
    for (path, bytes) in common::snapshot(&site.public()) {
        if path.ends_with(".xml") {
            let text = String::from_utf8(bytes).unwrap();
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{path} is malformed after {what}: {e}");
            }
        }
    }
}

#[test]
fn hostile_content_files_give_diagnostics_not_panics() {
    for (i, text) in HOSTILE.iter().enumerate() {
        let site = Site::fixture();
        site.write(&format!("content/statements/hostile-{i}.md"), text);
        // Either outcome is fine; a panic fails the test, and so does a malformed feed.
        if site.build().is_ok() {
            assert_xml_parses(&site, &format!("hostile file {i}"));
        }
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
        errors[0].starts_with("content/statements/bad.md:2:8: error: not UTF-8 text: byte 0xFF"),
        "{errors:#?}"
    );
}

/// Makes a hostile file at the path given.
type Make = fn(&std::path::Path);

/// Files that are not plain UTF-8 text files: each is an error naming it, never a hang (a FIFO
/// opened for reading would wait for a writer) or a silent skip.
#[test]
fn hostile_kinds_of_file_are_located_errors() {
    let cases: &[(&str, Make)] = &[
        ("a FIFO", |p| {
            let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
            // SAFETY: a valid, NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        }),
        ("a link out of the site", |p| {
            std::os::unix::fs::symlink("/etc/passwd", p).unwrap()
        }),
        ("a dangling link", |p| {
            std::os::unix::fs::symlink("nowhere.md", p).unwrap()
        }),
        ("a link to itself", |p| {
            std::os::unix::fs::symlink(p, p).unwrap()
        }),
        ("Latin-1 bytes", |p| {
            std::fs::write(p, b"---\ntitle: caf\xe9\n---\n").unwrap()
        }),
        ("a UTF-16 file", |p| {
            std::fs::write(p, b"\xff\xfe-\x00-\x00-\x00\n\x00").unwrap()
        }),
    ];
    for (what, make) in cases {
        for name in ["2021-09-09-x.md", "2021-07-02-first.annotations.yaml"] {
            let site = Site::fixture();
            let path = site.root().join("content/statements").join(name);
            make(&path);
            let errors = site.errors();
            assert_eq!(errors.len(), 1, "{what} as {name}: {errors:#?}");
            assert!(
                errors[0].starts_with(&format!("content/statements/{name}")),
                "{what} as {name}: {}",
                errors[0]
            );
        }
    }
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
        "\n",
        "---",
        ":",
        " ",
        "\t",
        "[",
        "]",
        "(",
        ")",
        "@/",
        "#p",
        "`",
        "*",
        "\"",
        "'",
        "-",
        "é",
        "香",
        "<",
        ">",
        "&",
        "\u{feff}",
        "{",
        "}",
        "|",
        "\\",
        "2021",
        "!",
        "~",
        "null",
        "\u{0}",
        "\u{c}",
        "\u{1b}",
        "&#7;",
        "!!binary ",
        "```furniture byline\n",
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
        match result {
            Ok(Ok(_)) => assert_xml_parses(&site, &format!("round {round} on {path}")),
            Ok(Err(_)) => {}
            Err(_) => panic!("panic in round {round} on {path}:\n{mutated}"),
        }
        site.write(path, original);
    }
}
