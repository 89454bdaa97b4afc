//! Regression tests for the defects of issue 11 (hardening): each builds a fixture site with
//! one bad input and checks the located message and the outcome.

mod common;

use common::Site;

const HEAD: &str = "---\ntitle: x\ndate: 2021-07-02\nissuer: x\n---\n";

#[test]
fn an_unclosed_furniture_fence_is_an_error_at_its_line() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-fence.md",
        &format!("{HEAD}First paragraph.\n\n```furniture caption\nA photo.\n\nThe rest of the statement.\n"),
    );
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "content/statements/2021-08-01-fence.md:8:4: error: this furniture block is never closed: it takes in the rest of the statement (hint: end the block with a line holding the same fence (```) that opens it)"
        ]
    );
}

#[test]
fn a_null_title_is_missing_and_a_tag_is_an_error() {
    let site = Site::fixture();
    site.write(
        "content/statements/2021-08-01-null.md",
        "---\ntitle: ~\ndate: 2021-08-01\nissuer: x\n---\nText.\n",
    );
    site.write(
        "content/statements/2021-08-02-tag.md",
        "---\ntitle: !!binary aGVsbG8=\ndate: 2021-08-02\nissuer: x\n---\nText.\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/statements/2021-08-01-null.md:2:1: error: required key `title` has no value"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/statements/2021-08-02-tag.md:2:8: error: YAML tags such as `!!binary` are not supported"),
        "{}",
        errors[1]
    );
}
