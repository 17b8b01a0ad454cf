//! The workspace's shared test helpers (a dev-dependency only, never published).

mod demo;
pub mod keyserver;
pub mod tls;

pub use demo::*;
