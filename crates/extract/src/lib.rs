//! vnfacts-extract: structured facts out of normalized Vietnamese text.
//!
//! [`model`] is the contract of FACTS.md as Rust types; the rule engine runs
//! the rule files of `extractors/` over a normalized article body.

pub mod build;
pub mod chrome;
pub mod context;
pub mod document;
pub mod engine;
pub mod eval;
pub mod gazetteer;
mod iso;
pub mod lexicon;
pub mod meta;
pub mod model;
pub mod person;
pub mod pipeline;
pub mod places;
pub mod row;
pub mod rules;
pub mod ruleset;
pub mod scan;
pub mod synth;
pub mod wordlist;

pub use engine::{Context, Extraction, Extractor, Loser, Rejection};
pub use model::{Article, ArticleMeta, Fact, FactValue};
pub use rules::RuleError;
