//! The site plan: every file the build writes and where; for pages, which template renders
//! each, how lists are paginated and which statements each shows (`pages`); the files that
//! belong to no page (`data`); the search index's bundles, which statements each indexes and
//! its folder (`search`).
//!
//! The plan is made once per build, before anything is rendered, from the archive alone, and
//! read by everything after it: the output registry checks it for collisions and site links,
//! `render` renders each planned page, `output` writes each planned file and bundle, the sitemap
//! lists the pages, and `rebuild` asks it which pages show a statement that changed. Nobody else
//! computes an output path, a pagination or a page's members.

pub mod data;
mod pages;
pub mod search;

pub use pages::{
    CLAIMS_PER_PAGE, CompareWhy, HOME_LATEST, Job, MENTIONS_PER_PAGE, NOTES_PER_PAGE, NotesIndex,
    Planned, changes_path, claim_place, claims_path, companions, compare_pairs, compare_partners,
    compare_path, corrections, corrections_path, kind_path, last_changed, mentions_path,
    page_count, page_slice, paged_path, parallel_path, plan, shows, timeline_by_year,
    timeline_year_href, timeline_years,
};
