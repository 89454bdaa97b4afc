//! Checking links between documents once all are rendered, and recording backlinks.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Link, LinkTarget};
use crate::urls::SitePath;

use super::{Archive, DocRef, StatementId};

/// Documents by site path, for root-relative links (`/statements/x/`). Made on first use: an
/// update of one statement whose links are all `@/` links never needs it.
struct ByUrl(OnceCell<HashMap<SitePath, DocRef>>);

impl ByUrl {
    fn new() -> Self {
        ByUrl(OnceCell::new())
    }

    fn get(&self, archive: &Archive, path: &SitePath) -> Option<DocRef> {
        // Lookup only: never iterated, so its order cannot reach the output.
        let map = self.0.get_or_init(|| {
            archive
                .docs()
                .map(|d| (archive.title_and_url(d).1, d))
                .collect()
        });
        map.get(path).copied()
    }
}

/// The document a link of `source` points to, and the anchor it names; `None` for a link to
/// nothing the archive has (already reported, or checked against the output later).
fn resolve<'a>(
    archive: &Archive,
    by_url: &ByUrl,
    source: DocRef,
    link: &'a Link,
) -> Option<(DocRef, Option<&'a str>)> {
    match &link.target {
        LinkTarget::Content { path, anchor } => archive
            .index
            .lookup(path)
            .ok()
            .map(|target| (target, anchor.as_deref())),
        LinkTarget::Fragment(anchor) => Some((source, Some(anchor.as_str()))),
        LinkTarget::Site { path, anchor } => {
            let rel = path.trim_start_matches('/');
            let rel = rel.strip_suffix("index.html").unwrap_or(rel);
            by_url
                .get(archive, &SitePath::new(rel))
                .map(|target| (target, anchor.as_deref()))
        }
    }
}

/// Checks the anchor of every link of `source`, reporting those its target lacks; returns the
/// statements it links to (other than itself), which list `source` among their backlinks.
fn check_links_of(
    archive: &Archive,
    by_url: &ByUrl,
    source: DocRef,
    diagnostics: &mut Diagnostics,
) -> Vec<StatementId> {
    let mut targets = Vec::new();
    for link in archive.links(source) {
        let Some((target, anchor)) = resolve(archive, by_url, source, link) else {
            continue;
        };
        if let (DocRef::Statement(t), false) = (target, target == source) {
            targets.push(t);
        }
        let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
            continue;
        };
        if !archive.has_anchor(target, anchor) {
            diagnostics.push(broken_anchor(archive, target, anchor, link));
        }
    }
    targets
}

fn broken_anchor(archive: &Archive, target: DocRef, anchor: &str, link: &Link) -> Diagnostic {
    let (_, url) = archive.title_and_url(target);
    let count = archive.blocks(target).len();
    let hint = if count == 0 {
        "the target page has no numbered paragraphs".to_string()
    } else {
        format!("paragraph anchors on that page run from #p1 to #p{count}")
    };
    Diagnostic::error(format!(
        "broken anchor `#{anchor}`: /{url} has no such anchor"
    ))
    .at(link.location.clone())
    .label("no such anchor")
    .hint(hint)
}

/// Checks the anchor of every link to a document (`@/…`, `/site/path/`, `#…`) and fills each
/// statement's backlinks. Missing `@/` targets were already reported while rendering; missing
/// site paths are checked against every output file once the output is planned.
pub(super) fn check_and_link(archive: &mut Archive, diagnostics: &mut Diagnostics) {
    let by_url = ByUrl::new();
    let mut backlinks: Vec<Vec<DocRef>> = vec![Vec::new(); archive.statements.len()];
    for source in archive.docs() {
        for t in check_links_of(archive, &by_url, source, diagnostics) {
            backlinks[t.index()].push(source);
        }
    }
    for (i, s) in archive.statement_ids().zip(&archive.statements) {
        for &j in &s.related {
            if j != i {
                backlinks[j.index()].push(DocRef::Statement(i));
            }
        }
    }
    for (s, mut links) in archive.statements.iter_mut().zip(backlinks) {
        links.sort();
        links.dedup();
        s.backlinks = links;
    }
}

/// The statements statement `id`'s text links to, before it changes.
pub(super) fn targets_of(archive: &Archive, id: StatementId) -> Vec<StatementId> {
    check_links_of(
        archive,
        &ByUrl::new(),
        DocRef::Statement(id),
        &mut Diagnostics::new(),
    )
}

/// [`check_and_link`] after statement `id`'s text and notes changed in place (its front matter,
/// and so its related statements, did not), in an archive that had no link errors: only its own
/// links and the links of the documents that link to it can have broken, and only the
/// backlinks of the statements it linked or links to can have changed. `before` is what it
/// linked to before ([`targets_of`]). At 100,000 statements, checking every link again took
/// most of a save's update.
pub(super) fn update_links(
    archive: &mut Archive,
    id: StatementId,
    before: Vec<StatementId>,
    diagnostics: &mut Diagnostics,
) {
    let by_url = ByUrl::new();
    let me = DocRef::Statement(id);
    let after = check_links_of(archive, &by_url, me, diagnostics);
    for &source in &archive.statements[id].backlinks {
        if source != me {
            check_links_of(archive, &by_url, source, &mut *diagnostics);
        }
    }
    let mut touched: Vec<StatementId> = before.into_iter().chain(after.iter().copied()).collect();
    touched.sort_unstable();
    touched.dedup();
    for t in touched {
        let links_here = after.contains(&t) || archive.statements[id].related.contains(&t);
        let backlinks = &mut archive.statements[t].backlinks;
        match (backlinks.binary_search(&me), links_here) {
            (Err(at), true) => backlinks.insert(at, me),
            (Ok(at), false) => {
                backlinks.remove(at);
            }
            _ => {}
        }
    }
}
