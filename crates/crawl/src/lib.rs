//! vnfacts-crawl: portal pages to articles.

pub mod content;
pub mod page_decode;
