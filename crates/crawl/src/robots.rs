//! robots.txt: what a host lets us fetch, how slowly, and its sitemaps.
//!
//! Status handling follows RFC 9309: a 4xx robots.txt means no rules (allow
//! all); a 5xx or a network failure means the rules are unknown, so the host
//! is not crawled until a later retry succeeds.

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

/// Rules of one host.
pub struct HostRules {
    robot: Option<Robot>,
    pub crawl_delay: Option<Duration>,
    pub sitemaps: Vec<String>,
}

impl std::fmt::Debug for HostRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostRules")
            .field("rules", &self.robot.is_some())
            .field("crawl_delay", &self.crawl_delay)
            .field("sitemaps", &self.sitemaps)
            .finish()
    }
}

impl HostRules {
    /// No robots.txt (or a 4xx one): everything allowed.
    pub fn allow_all() -> Self {
        HostRules {
            robot: None,
            crawl_delay: None,
            sitemaps: Vec::new(),
        }
    }

    pub fn allowed(&self, url: &Url) -> bool {
        self.robot.as_ref().is_none_or(|r| r.allowed(url.as_str()))
    }
}

/// What a robots.txt fetch tells us.
#[derive(Debug)]
pub enum Verdict {
    Rules(HostRules),
    /// Unknown rules (5xx, timeout, network error): wait and retry.
    Unavailable(String),
}

/// The product token robots.txt groups are matched against: the
/// User-Agent's first word without version (`vnfacts-crawler/0.1 (...)` ->
/// `vnfacts-crawler`).
pub fn agent_token(user_agent: &str) -> &str {
    let first = user_agent.split_whitespace().next().unwrap_or(user_agent);
    first.split('/').next().unwrap_or(first)
}

/// Interpret a robots.txt response.
pub fn verdict(status: u16, body: &[u8], user_agent: &str) -> Verdict {
    match status {
        200..=299 => match Robot::new(agent_token(user_agent), body) {
            Ok(r) => {
                let crawl_delay = r
                    .delay
                    .filter(|d| d.is_finite() && *d > 0.0)
                    .map(|d| Duration::from_secs_f32(d.min(600.0)));
                let sitemaps = r.sitemaps.clone();
                Verdict::Rules(HostRules {
                    robot: Some(r),
                    crawl_delay,
                    sitemaps,
                })
            }
            // Unparseable rules are treated as none, as major crawlers do.
            Err(_) => Verdict::Rules(HostRules::allow_all()),
        },
        400..=499 => Verdict::Rules(HostRules::allow_all()),
        _ => Verdict::Unavailable(format!("robots.txt answered {status}")),
    }
}

/// `scheme://host[:port]/robots.txt` for `url`.
pub fn robots_url(url: &Url) -> Option<Url> {
    let mut u = url.clone();
    u.set_path("/robots.txt");
    u.set_query(None);
    u.set_fragment(None);
    u.host_str().is_some().then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const UA: &str = "vnfacts-crawler/0.1 (+https://example.org/bot)";

    #[test]
    fn rules_delay_sitemaps() {
        let txt = b"User-agent: *\nDisallow: /admin/\nCrawl-delay: 2\nSitemap: http://t.gov.vn/sitemap.xml\n";
        let Verdict::Rules(r) = verdict(200, txt, UA) else {
            panic!()
        };
        assert!(!r.allowed(&Url::parse("http://t.gov.vn/admin/x").unwrap()));
        assert!(r.allowed(&Url::parse("http://t.gov.vn/tin/x").unwrap()));
        assert_eq!(r.crawl_delay, Some(Duration::from_secs(2)));
        assert_eq!(r.sitemaps, vec!["http://t.gov.vn/sitemap.xml".to_string()]);
    }

    #[test]
    fn fractional_crawl_delay() {
        let Verdict::Rules(r) = verdict(200, b"User-agent: *\nCrawl-delay: 0.5\n", UA) else {
            panic!()
        };
        assert_eq!(r.crawl_delay, Some(Duration::from_millis(500)));
    }

    #[test]
    fn specific_group_wins() {
        let txt = b"User-agent: vnfacts-crawler\nDisallow: /\n\nUser-agent: *\nAllow: /\n";
        let Verdict::Rules(r) = verdict(200, txt, UA) else {
            panic!()
        };
        assert!(!r.allowed(&Url::parse("http://t.gov.vn/a").unwrap()));
    }

    #[test]
    fn status_semantics() {
        assert!(
            matches!(verdict(404, b"", UA), Verdict::Rules(r) if r.allowed(&Url::parse("http://t/x").unwrap()))
        );
        assert!(matches!(verdict(503, b"", UA), Verdict::Unavailable(_)));
        assert_eq!(
            robots_url(&Url::parse("http://t.gov.vn:8080/a/b?c").unwrap())
                .unwrap()
                .as_str(),
            "http://t.gov.vn:8080/robots.txt"
        );
    }
}
