//! vnfacts-extract: structured facts out of normalized Vietnamese text.
//!
//! [`model`] is the contract of FACTS.md as Rust types; the rule engine runs
//! the rule files of `extractors/` over a normalized article body.

pub mod model;

pub use model::{Article, ArticleMeta, Fact, FactValue};
