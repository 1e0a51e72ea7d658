//! vnfacts-crawl: portal pages to articles.

pub mod content;
pub mod page_decode;

// Crawler: sources -> frontier -> fetch -> WARC + articles.
pub mod articles;
pub mod canon;
pub mod crawler;
pub mod dedup;
pub mod discover;
pub mod fetch;
#[cfg(feature = "fixture-server")]
pub mod fixture_server;
pub mod frontier;
pub mod guard;
pub mod pipeline;
pub mod robots;
pub mod sources;
pub mod store;
pub mod warc;

pub use crawler::{crawl, CrawlConfig, CrawlError, Report};
pub use warc::{read_warc, WarcRecord};
