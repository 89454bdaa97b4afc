//! Annals: a static site generator for annotated archives of public statements.
//!
//! The pipeline runs in stages, each owning one concept (see ARCHITECTURE.md):
//! [`config`] and [`content`] load and type the input, [`model`] builds the archive as data,
//! [`markdown`] turns text into HTML, [`plan`] decides every page and what it shows,
//! [`render`] fills the theme's templates, and [`output`] writes the site atomically. [`diagnostics`] carries located errors through all of them, and
//! [`build`] runs the stages in order.

// Diagnostics travel on the error path only, where their size (a message, a hint and a source
// location) costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod align;
pub mod annotate;
pub mod build;
pub mod cite;
pub mod cli;
pub mod config;
pub mod content;
pub(crate) mod control;
pub mod date;
pub mod deploy;
pub mod diagnostics;
pub mod ids;
pub mod markdown;
pub mod model;
pub mod output;
pub mod plan;
pub mod progress;
pub mod rebuild;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod urls;
pub(crate) mod word_hash;
pub mod yaml;
