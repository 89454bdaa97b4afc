//! Checking links between documents once all are rendered, and recording backlinks.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::LinkTarget;
use crate::urls::SitePath;

use super::{Archive, DocRef};

/// Checks the anchor of every link to a document (`@/…`, `/site/path/`, `#…`) and fills each
/// statement's backlinks. Missing `@/` targets were already reported while rendering; missing
/// site paths are checked against every output file once the output is planned.
pub(super) fn check_and_link(archive: &mut Archive, diagnostics: &mut Diagnostics) {
    // Lookup only: never iterated, so its order cannot reach the output.
    let by_url: HashMap<SitePath, DocRef> = archive
        .docs()
        .map(|d| (archive.title_and_url(d).1, d))
        .collect();

    let mut backlinks: Vec<Vec<DocRef>> = vec![Vec::new(); archive.statements.len()];
    for source in archive.docs() {
        let Some(rendered) = archive.rendered(source) else {
            continue;
        };
        for link in &rendered.links {
            let (target, anchor) = match &link.target {
                LinkTarget::Content { path, anchor } => match archive.index.lookup(path) {
                    Ok(target) => (target, anchor.as_deref()),
                    Err(_) => continue,
                },
                LinkTarget::Fragment(anchor) => (source, Some(anchor.as_str())),
                LinkTarget::Site { path, anchor } => {
                    let rel = path.trim_start_matches('/');
                    let rel = rel.strip_suffix("index.html").unwrap_or(rel);
                    match by_url.get(&SitePath::new(rel)) {
                        Some(&target) => (target, anchor.as_deref()),
                        None => continue,
                    }
                }
            };
            if let (DocRef::Statement(t), false) = (target, target == source) {
                backlinks[t].push(source);
            }
            let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
                continue;
            };
            let found = archive.has_anchor(target, anchor);
            if !found {
                let (_, url) = archive.title_and_url(target);
                let count = archive.rendered(target).map_or(0, |r| r.blocks.len());
                let hint = if count == 0 {
                    "the target page has no numbered paragraphs".to_string()
                } else {
                    format!("paragraph anchors on that page run from #p1 to #p{count}")
                };
                diagnostics.push(
                    Diagnostic::error(format!(
                        "broken anchor `#{anchor}`: /{url} has no such anchor"
                    ))
                    .at(link.location.clone())
                    .label("no such anchor")
                    .hint(hint),
                );
            }
        }
    }
    for (i, s) in archive.statements.iter().enumerate() {
        for &j in &s.related {
            if j != i {
                backlinks[j].push(DocRef::Statement(i));
            }
        }
    }
    for (s, mut links) in archive.statements.iter_mut().zip(backlinks) {
        links.sort();
        links.dedup();
        s.backlinks = links;
    }
}
