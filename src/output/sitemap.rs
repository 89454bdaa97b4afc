//! `sitemap.xml` (split, with an index, beyond 50,000 pages as the protocol requires) and
//! `robots.txt`, which names it.

use crate::markdown::escape_html;
use crate::model::Archive;
use crate::plan::data::{SITEMAP_MAX_URLS, sitemap_parts};
use crate::plan::{self, Planned};
use crate::urls::{AbsoluteUrl, BaseUrl, SitePath};

/// Every HTML page worth listing.
fn listed(planned: &[Planned]) -> Vec<&Planned> {
    planned
        .iter()
        .filter(|p| p.output.as_str().ends_with("index.html"))
        .collect()
}

/// A listed page's address, and the date it last changed when the archive knows it.
fn entry(archive: &Archive, page: &Planned) -> (AbsoluteUrl, Option<String>) {
    let loc = archive.config.base_url.absolute(&page.output.site_path());
    let lastmod = plan::last_changed(archive, page).map(|d| d.date.to_string());
    (loc, lastmod)
}

/// The sitemap file `part` (0 for `sitemap.xml`, which is the index when there are parts).
/// Only the part's own pages are dated: dating every page for each part did the work once
/// per file (seven at 100,000 statements), and `serve` writes them all after each save.
pub fn file(archive: &Archive, planned: &[Planned], part: usize) -> Vec<u8> {
    let listed = listed(planned);
    let total = sitemap_parts(listed.len());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if total > 1 && part == 0 {
        out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for n in 1..=total {
            let part = SitePath::new(format!("sitemap-{n}.xml"));
            let loc = escape_html(archive.config.base_url.absolute(&part).as_str());
            out.push_str(&format!("  <sitemap><loc>{loc}</loc></sitemap>\n"));
        }
        out.push_str("</sitemapindex>\n");
        return out.into_bytes();
    }
    let chunk = if total == 1 {
        &listed[..]
    } else {
        listed.chunks(SITEMAP_MAX_URLS).nth(part - 1).unwrap_or(&[])
    };
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in chunk {
        let (loc, lastmod) = entry(archive, page);
        out.push_str(&format!("  <url><loc>{}</loc>", escape_html(loc.as_str())));
        if let Some(date) = lastmod {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

pub fn robots(base: &BaseUrl) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        base.absolute(&SitePath::new("sitemap.xml"))
    )
    .into_bytes()
}
