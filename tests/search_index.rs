//! The differential test of Annals' own search index writer (`output::pagefind`): for small
//! archives, every search bundle is built with Pagefind's library and with the own writer, and
//! the two must write the same files under the same names, with the same contents once
//! decompressed (the words with their pages and locations, filters, sorts, meta, fragments).
//! Equal payload bytes imply equal decoded contents; on a difference the test names the file
//! and shows the decoded CBOR or JSON of both sides around it.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

use annals::build::{BuildOptions, build_site};
use annals::output::search::{Indexer, build_with};
use annals::urls::OutputPath;

type Files = BTreeMap<String, Vec<u8>>;

/// Every search file of the archive at `root`, as written with `indexer`.
fn index(root: &Path, indexer: Indexer) -> Files {
    let options = BuildOptions {
        check_only: true,
        ..BuildOptions::new(root)
    };
    let (_, site) = build_site(&options).unwrap_or_else(|d| panic!("{d:?}"));
    let files = Mutex::new(Files::new());
    let sink = |path: &OutputPath, bytes: &[u8]| {
        files
            .lock()
            .unwrap()
            .insert(path.as_str().to_string(), bytes.to_vec());
        Ok(())
    };
    build_with(&site.archive, &sink, indexer).unwrap_or_else(|d| panic!("{d:?}"));
    files.into_inner().unwrap()
}

/// A data file's payload: gunzipped, without Pagefind's `pagefind_dcd` signature.
fn payload(bytes: &[u8]) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out.strip_prefix(b"pagefind_dcd".as_slice())
        .map(<[u8]>::to_vec)
        .unwrap_or(out)
}

/// A readable form of a payload: JSON as is, CBOR in minicbor's diagnostic notation.
fn show(name: &str, bytes: &[u8]) -> String {
    let text = if name.ends_with(".pf_fragment") || name.ends_with(".json") {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        let mut out = String::new();
        cbor(&mut minicbor::Decoder::new(bytes), &mut out);
        out
    };
    text.chars().take(4000).collect()
}

/// Writes the CBOR item at the decoder's position as text: arrays in brackets, strings quoted.
/// Pagefind's files hold only arrays, strings and integers.
fn cbor(d: &mut minicbor::Decoder<'_>, out: &mut String) {
    use minicbor::data::Type;
    match d.datatype() {
        Ok(Type::Array) => {
            let n = d.array().ok().flatten().unwrap_or(0);
            out.push('[');
            for i in 0..n {
                if i > 0 {
                    out.push_str(", ");
                }
                cbor(d, out);
            }
            out.push(']');
        }
        Ok(Type::String) => out.push_str(&format!("{:?}", d.str().unwrap_or("?"))),
        Ok(Type::U8 | Type::U16 | Type::U32 | Type::U64) => {
            out.push_str(&d.u64().map(|n| n.to_string()).unwrap_or_default())
        }
        Ok(Type::I8 | Type::I16 | Type::I32 | Type::I64) => {
            out.push_str(&d.i64().map(|n| n.to_string()).unwrap_or_default())
        }
        other => {
            out.push_str(&format!("<{other:?}>"));
            let _ = d.skip();
        }
    }
}

/// Asserts that both indexers wrote the same files, with equal payloads, and that the own
/// writer wrote them the same in a second run.
fn assert_same_index(root: &Path) {
    let library = index(root, Indexer::Library);
    let own = index(root, Indexer::Own);
    assert!(!library.is_empty());
    let names = |f: &Files| f.keys().cloned().collect::<Vec<_>>();
    if names(&library) != names(&own) {
        let only_library: Vec<_> = library.keys().filter(|k| !own.contains_key(*k)).collect();
        let only_own: Vec<_> = own.keys().filter(|k| !library.contains_key(*k)).collect();
        let first = |f: &Files, pattern: &str| {
            f.iter()
                .find(|(k, _)| k.contains(pattern))
                .map(|(k, v)| format!("{k}:\n{}", show(k, &payload(v))))
                .unwrap_or_default()
        };
        panic!(
            "the file names differ\nonly from the library: {only_library:?}\nonly from the own writer: {only_own:?}\n\nlibrary meta {}\n\nown meta {}\n\nlibrary entry {}\n\nown entry {}",
            first(&library, ".pf_meta"),
            first(&own, ".pf_meta"),
            first(&library, "entry.json"),
            first(&own, "entry.json"),
        );
    }
    for (name, bytes) in &library {
        let (theirs, ours) = (payload(bytes), payload(&own[name]));
        assert!(
            theirs == ours,
            "{name} differs\nlibrary:\n{}\n\nown:\n{}",
            show(name, &theirs),
            show(name, &ours)
        );
    }
    assert_eq!(
        own,
        index(root, Indexer::Own),
        "the own writer is deterministic"
    );
}

#[test]
fn the_archive_with_notes_and_filters() {
    assert_same_index(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn hostile_text_in_every_field() {
    assert_same_index(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile"));
}

#[test]
fn an_english_and_a_chinese_bundle() {
    assert_same_index(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search"));
}

/// Words Pagefind splits, normalises or keeps variants of: compounds, dotted names, camelCase,
/// diacritics, emoji, numbers, its own marker syntax, entities and markup in text and fields.
const TRICKY: &str = "\
---
title: \"Café déjà-vu: the <b>Naïve</b> &amp; O'Brien’s e-mail\"
date: 2023-03-04
issuer: \"Ministère & <Co> 'quoted'\"
topics: [screening]
---
The sysconfig.is_python_build flag, camelCaseWord and snake_case_word; über-naïve Zoë's café.

Numbers 3.14, 1,000 and 2023-03-04; an emoji 👋 and a flag 🇭🇰, ___PAGEFIND_WEIGHT___9 stays text.

Ends with a quote \"like this\"

&amp; entities &lt;b&gt; stay text, as does ＡＢＣ and ﬁne ligatures.
";

const PLAIN: &str = "\
---
title: Running runners ran
date: 2023-03-05
issuer: Ministère & <Co> 'quoted'
---
Runs of running text, repeated: running, runner, runners. Déjà vu again.
";

#[test]
fn words_pagefind_splits_normalises_and_keeps_variants_of() {
    let site = common::Site::empty();
    site.write("config.yaml", common::CONFIG);
    site.write("content/statements/2023-03-04-tricky.md", TRICKY);
    site.write("content/statements/2023-03-05-plain.md", PLAIN);
    assert_same_index(site.root());
}

const CHINESE: &str = "\
---
title: 香港特區政府回應《2025年人口販運問題報告》
date: 2025-09-30
issuer: 香港特區政府
language: zh-Hant
topics: [screening]
---
特區政府今日（九月三十日）強烈反對美國國務院發表的《2025年人口販運問題報告》（報告）中對香港的不實描述。

報告再次將香港列為「第二級觀察名單」，完全漠視特區政府在打擊人口販運方面的努力和成效。The HKSAR Government's e-mail (tip-report@gov.hk) 與 Certbot 3.14 版本。

政府會繼續以「受害人為本」的方針，透過跨部門合作，包括勞工處、入境事務處及香港警務處，全力打擊人口販運罪行！
";

const JAPANESE: &str = "\
---
title: シェルへのアクセス権を持っている場合
date: 2024-05-06
issuer: テスト発行者
language: ja
---
シェルアクセスができるほとんどの人には、Certbot という ACME クライアントを使うのがおすすめです。証明書の発行とインストールを、ダウンタイムゼロで自動化できます。

ホスティング・プロバイダが用意したサポートを利用することです。バンドとハンドは違う言葉です。
";

const THAI: &str = "\
---
title: ช่วยวิกิพีเดียได้
date: 2024-07-08
issuer: ผู้ออกแถลงการณ์
language: th
---
ฉันชอบกินข้าวผัดที่ร้านริมน้ำ สปีชีส์ใหม่ในวิกิพีเดีย 2024
";

/// Chinese, Japanese and Thai, which Pagefind segments into words with a dictionary and
/// indexes pairs of: each in a bundle of its own.
#[test]
fn segmented_languages() {
    let site = common::Site::empty();
    site.write("config.yaml", common::CONFIG);
    site.write("content/statements/2023-03-05-plain.md", PLAIN);
    site.write("content/statements/2025-09-30-chinese.md", CHINESE);
    site.write("content/statements/2024-05-06-japanese.md", JAPANESE);
    site.write("content/statements/2024-07-08-thai.md", THAI);
    let files = index(site.root(), Indexer::Own);
    for bundle in ["pagefind-zh-hant/", "pagefind-ja/", "pagefind-th/"] {
        assert!(files.keys().any(|k| k.starts_with(bundle)), "{bundle}");
    }
    assert_same_index(site.root());
}

/// A generated archive of 300 statements with notes: several chunks, groups of fragments,
/// every filter.
#[test]
fn a_generated_archive_of_300_statements() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_annals-bench"))
        .args(["generate", "--statements", "300"])
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success());
    assert_same_index(&root);
}

/// The own writer's bytes do not depend on how many threads tokenize and compress.
#[test]
fn the_own_writer_writes_the_same_bytes_on_any_number_of_threads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| index(&root, Indexer::Own))
    };
    assert_eq!(on(1), on(3));
}
