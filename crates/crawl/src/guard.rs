//! Refusing private, loopback and link-local addresses.
//!
//! The check lives in the DNS resolver the HTTP client uses, so the address
//! that was checked is the address that is connected to (no window for a
//! DNS answer to change between check and connect), and it applies to every
//! redirect hop too. IP-literal URLs never reach a resolver and are checked
//! by [`url_allowed`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Whether `ip` is on the public internet (not private, loopback, link-local,
/// CGNAT, multicast, unspecified or documentation space).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let seg0 = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg0 & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (seg0 & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (seg0 == 0x2001 && v6.segments()[1] == 0x0db8)) // documentation
                && v6 != Ipv6Addr::LOCALHOST
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // CGNAT 100.64/10
        || (o[0] == 198 && (o[1] & 0xfe) == 18)) // benchmarking 198.18/15
}

/// Checks an IP-literal host; names are checked at resolution time.
pub fn url_allowed(url: &Url, allow_private: bool) -> bool {
    if allow_private {
        return true;
    }
    match url.host() {
        Some(Host::Ipv4(ip)) => is_public(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => is_public(IpAddr::V6(ip)),
        Some(Host::Domain(d)) => {
            !d.eq_ignore_ascii_case("localhost") && !d.to_ascii_lowercase().ends_with(".localhost")
        }
        None => false,
    }
}

/// reqwest resolver that drops non-public answers (unless allowed).
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if kept.is_empty() {
                let msg = if addrs.is_empty() {
                    format!("{host}: no address found")
                } else {
                    format!("{host}: refused, resolves only to private/loopback/link-local addresses (use --allow-private for local testing)")
                };
                return Err(Box::new(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    msg,
                )) as _);
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_addresses() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.5",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(bad.parse().unwrap()), "{bad}");
        }
        for good in ["8.8.8.8", "203.162.0.1", "2001:4860::8888"] {
            assert!(is_public(good.parse().unwrap()), "{good}");
        }
    }

    #[tokio::test]
    async fn resolver_drops_private_answers() {
        let name: Name = "localhost".parse().unwrap();
        let refused = GuardedResolver {
            allow_private: false,
        }
        .resolve("localhost".parse().unwrap())
        .await;
        let err = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("refused"), "{err}");
        let allowed = GuardedResolver {
            allow_private: true,
        }
        .resolve(name)
        .await;
        assert!(allowed.map(|a| a.count()).unwrap_or(0) > 0);
    }

    #[test]
    fn literal_hosts() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(!url_allowed(&u("http://127.0.0.1:8080/"), false));
        assert!(url_allowed(&u("http://127.0.0.1:8080/"), true));
        assert!(!url_allowed(&u("http://localhost/"), false));
        assert!(url_allowed(&u("https://hanoi.gov.vn/"), false));
    }
}
