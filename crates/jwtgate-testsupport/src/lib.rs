//! The companion crates' shared test helpers (a dev-dependency only, never published).

mod demo;
pub mod keyserver;

pub use demo::*;
