//! vnfacts-crawl: portal pages to articles.
