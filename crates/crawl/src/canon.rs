//! URL canonicalization: one spelling per page, so the frontier never holds
//! the same article twice under cosmetic variants.
//!
//! Dropped: the fragment, tracking parameters (`utm_*`, `fbclid`, `gclid`,
//! Zalo's `zarsrc`...), session ids (`jsessionid` in the path or query,
//! `PHPSESSID`, `ASP.NET_SessionId`, `ASPSESSIONID*`) and Liferay's
//! presentation-only portlet parameters (`p_p_state`, `p_p_mode`,
//! `p_p_lifecycle=0`, `p_p_col_*`, `*_redirect`, `*_backURL`), which change
//! with the page a link was found on, not with the article. Kept: everything
//! else, in particular the ids that *are* the article on ASP.NET and Liferay
//! portals (`?nid=`, `IDBaiViet=`, `ItemID=`, `p_p_id`, `_101_assetEntryId`,
//! `_101_urlTitle`...). Remaining parameters are sorted by name so order
//! variants collapse.

use url::Url;

/// Parameters that never identify content (compared lower-case).
const DROP_EXACT: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "zarsrc",
    "_ga",
    "_gl",
    "mc_cid",
    "mc_eid",
    "jsessionid",
    "phpsessid",
    "sessionid",
    "asp.net_sessionid",
    "cfid",
    "cftoken",
    "p_p_state",
    "p_p_mode",
    "p_p_col_id",
    "p_p_col_pos",
    "p_p_col_count",
    "p_auth",
    "redirect",
    "backurl",
];

fn drop_param(key: &str, value: &str) -> bool {
    let k = key.to_ascii_lowercase();
    DROP_EXACT.contains(&k.as_str())
        || k.starts_with("utm_")
        || k.starts_with("aspsessionid")
        || (k == "p_p_lifecycle" && value == "0")
        || k.ends_with("_redirect")
        || k.ends_with("_backurl")
}

/// Canonical form of `url` (see module docs). Idempotent.
pub fn canonicalize(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_fragment(None);
    strip_path_session(&mut u);
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, v)| !k.is_empty() && !drop_param(k, v))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() {
        u.set_query(None);
    } else {
        let mut sorted = pairs;
        // Stable: repeated keys keep their relative order (it can matter).
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        u.query_pairs_mut().clear().extend_pairs(sorted);
    }
    u
}

/// Parse `href` relative to `base` and canonicalize; `None` for anything that
/// is not an http(s) page link (mailto:, javascript:, tel:, data:...).
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let u = base.join(href).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| canonicalize(&u))
}

/// Java servlet containers put the session in the path: `/a/b;jsessionid=XYZ`.
fn strip_path_session(u: &mut Url) {
    let path = u.path();
    let lower = path.to_ascii_lowercase();
    if let Some(i) = lower.find(";jsessionid=") {
        let rest = &path[i + 1..];
        let end = rest.find('/').map_or(path.len(), |j| i + 1 + j);
        let new = format!("{}{}", &path[..i], &path[end..]);
        u.set_path(&new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        canonicalize(&Url::parse(s).unwrap()).to_string()
    }

    #[test]
    fn drops_tracking_fragment_sessions() {
        assert_eq!(
            c("https://a.gov.vn/tin/x.html?utm_source=fb&utm_medium=s#top"),
            "https://a.gov.vn/tin/x.html"
        );
        assert_eq!(
            c("https://a.gov.vn/x.aspx?fbclid=1&nid=5&gclid=2"),
            "https://a.gov.vn/x.aspx?nid=5"
        );
        assert_eq!(
            c("https://a.gov.vn/x.jsp;jsessionid=ABC123?id=7"),
            "https://a.gov.vn/x.jsp?id=7"
        );
        assert_eq!(
            c("https://a.gov.vn/x.php?PHPSESSID=zz&p=1"),
            "https://a.gov.vn/x.php?p=1"
        );
        assert_eq!(
            c("https://a.gov.vn/x.aspx?ASP.NET_SessionId=q&ASPSESSIONIDQQ=1&IDBaiViet=27879"),
            "https://a.gov.vn/x.aspx?IDBaiViet=27879"
        );
        assert_eq!(c("HTTPS://A.GOV.VN:443/?"), "https://a.gov.vn/");
    }

    #[test]
    fn sorts_and_keeps_meaningful_params() {
        assert_eq!(
            c("https://a.gov.vn/d.aspx?b=2&a=1"),
            c("https://a.gov.vn/d.aspx?a=1&b=2")
        );
        let liferay = "https://b.gov.vn/web/guest/tin-tuc?p_p_id=101&p_p_lifecycle=0&p_p_state=maximized&p_p_mode=view&_101_struts_action=%2Fasset_publisher%2Fview_content&_101_assetEntryId=123&_101_redirect=%2Fweb%2Fguest";
        let got = c(liferay);
        assert!(
            got.contains("p_p_id=101")
                && got.contains("_101_assetEntryId=123")
                && got.contains("_101_struts_action"),
            "{got}"
        );
        assert!(
            !got.contains("p_p_state")
                && !got.contains("redirect")
                && !got.contains("p_p_lifecycle"),
            "{got}"
        );
        assert_eq!(c(&got), got, "idempotent");
    }

    #[test]
    fn resolve_skips_non_http() {
        let base = Url::parse("https://a.gov.vn/tin/").unwrap();
        assert_eq!(
            resolve(&base, "x.html#c").unwrap().as_str(),
            "https://a.gov.vn/tin/x.html"
        );
        assert!(resolve(&base, "mailto:a@b.vn").is_none());
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert!(resolve(&base, "#top").is_none());
    }
}
