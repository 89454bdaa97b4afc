//! A statement and a notes file made from strings, for the unit tests of `annotate` and its
//! fact check.

use crate::content::meta::StatementMeta;
use crate::content::{Doc, Sidecar};
use crate::diagnostics::SourceFile;
use crate::yaml::YamlBlock;

/// The statement `content/<rel>` with minimal front matter and `body` as its text.
pub(crate) fn statement(rel: &str, body: &str) -> Doc<StatementMeta> {
    let yaml = "title: T\ndate: 2021-07-02\nissuer: G\n";
    let front = format!("---\n{yaml}---\n");
    let source = SourceFile::new(format!("content/{rel}"), format!("{front}{body}"));
    Doc {
        meta: serde_yaml::from_str(yaml).unwrap(),
        rel: rel.into(),
        slug: "s".into(),
        front: 4..4 + yaml.len(),
        body: front.len()..source.text.len(),
        source,
        released: None,
    }
}

/// The notes file of `statements/s.md`, holding `yaml`.
pub(crate) fn sidecar(yaml: &str) -> Sidecar {
    let source = SourceFile::new("content/statements/s.annotations.yaml", yaml);
    let notes = YamlBlock::whole(&source, "annotations").parse().unwrap();
    Sidecar {
        source,
        statement: "statements/s.md".into(),
        notes,
    }
}
