//! Scoring an extraction against a gold file, exactly as
//! `shared/eval/score.py` does (FACTS.md "Gold files and scoring").
//!
//! Works on JSON values, not on the typed model, so gold files written by
//! hand (with fields the model would reject) score the same way in both tools.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

pub const KINDS: &[&str] = &[
    "document",
    "count",
    "participants",
    "money",
    "ratio",
    "period",
    "person",
];
const META: &[&str] = &["title", "published", "province", "author"];

fn attrs(kind: &str) -> &'static [&'static str] {
    match kind {
        "document" => &["doc_type", "issued"],
        "count" => &["unit"],
        "participants" => &["role", "qualifier"],
        "money" => &["role"],
        "person" => &["title"],
        _ => &[],
    }
}

/// Precision, recall, F1 and the counts behind them.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Accuracy of an attribute or metadata field over the facts/articles it applies to.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Accuracy {
    pub accuracy: f64,
    pub n: usize,
}

/// The whole score of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub articles: usize,
    pub kinds: BTreeMap<String, Prf>,
    pub micro: Prf,
    pub attributes: BTreeMap<String, Accuracy>,
    pub meta: BTreeMap<String, Accuracy>,
    #[serde(skip)]
    pub errors: Vec<(String, String, String)>,
}

/// score.py's fold: NFD, no combining marks, đ -> d, dashes unified, spaces collapsed, lower case.
pub fn fold(s: &str) -> String {
    let stripped: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
        .collect();
    stripped
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn str_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// score.py's `num`: integers as integers, others rounded to 3 places.
fn num(v: Option<&Value>) -> String {
    let f = match v {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    match f {
        None => "None".into(),
        Some(f) if f == f.trunc() => format!("{}", f as i64),
        Some(f) => format!("{}", (f * 1000.0).round() / 1000.0),
    }
}

/// score.py's `doc_key`.
pub fn doc_key(id: &str) -> String {
    let mut i = fold(id);
    for p in ["so:", "so"] {
        if let Some(rest) = i.strip_prefix(p) {
            i = rest.trim_start().to_string();
            break;
        }
    }
    if let Some(rest) = i.strip_prefix("luat ") {
        let rest = strip_year_suffix(rest);
        i = format!("luat {rest}");
    }
    let mut out = String::with_capacity(i.len());
    let chars: Vec<char> = i.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c.is_whitespace() {
            // drop spaces that touch a / or -
            let mut j = k;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let next_sep = j < chars.len() && (chars[j] == '/' || chars[j] == '-');
            let prev_sep = out.ends_with('/') || out.ends_with('-');
            if !(next_sep || prev_sep) {
                out.extend(&chars[k..j]);
            }
            k = j;
            continue;
        }
        out.push(c);
        k += 1;
    }
    if let Some(slash) = out.find('/') {
        let (n, rest) = out.split_at(slash);
        if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
            let n = n.trim_start_matches('0');
            let n = if n.is_empty() { "0" } else { n };
            out = format!("{n}{rest}");
        }
    }
    out.to_uppercase()
}

fn strip_year_suffix(s: &str) -> &str {
    if let Some(pos) = s.rfind(" nam ") {
        let tail = &s[pos + 5..];
        if tail.len() == 4 && tail.chars().all(|c| c.is_ascii_digit()) {
            return &s[..pos];
        }
    }
    s
}

fn key(f: &Value) -> String {
    let k = str_of(f.get("kind"));
    match k.as_str() {
        "document" => doc_key(&str_of(f.get("id"))),
        "count" => format!("{}|{}", num(f.get("quantity")), str_of(f.get("category"))),
        "participants" => num(f.get("quantity")),
        "money" => {
            let cur = str_of(f.get("currency"));
            let cur = if cur.is_empty() {
                "VND".to_string()
            } else {
                cur.to_uppercase()
            };
            format!("{}|{}", num(f.get("amount")), cur)
        }
        "ratio" => match f.get("percent") {
            Some(p) if !p.is_null() => format!("%|{}", num(Some(p))),
            _ => format!("{}|{}", num(f.get("numerator")), num(f.get("denominator"))),
        },
        "period" => format!("{}|{}", num(f.get("start")), num(f.get("end"))),
        "person" => fold(&str_of(f.get("name"))),
        _ => String::new(),
    }
}

fn attr_equal(name: &str, g: Option<&Value>, p: Option<&Value>) -> Option<bool> {
    let g = g.filter(|v| !v.is_null())?;
    if name == "unit" || name == "title" {
        let a = fold(&str_of(Some(g)));
        let b = fold(&str_of(p));
        return Some(!a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a)));
    }
    Some(Some(g) == p.filter(|v| !v.is_null()))
}

fn meta_equal(name: &str, g: Option<&Value>, p: Option<&Value>) -> Option<bool> {
    let g = g.filter(|v| !v.is_null())?;
    let Some(p) = p.filter(|v| !v.is_null()) else {
        return Some(false);
    };
    let (g, p) = (str_of(Some(g)), str_of(Some(p)));
    if name == "published" {
        let p = p.replace(' ', "T");
        return Some(p.chars().take(g.chars().count()).collect::<String>() == g);
    }
    Some(fold(&g) == fold(&p))
}

/// Base name of an article key (files and URLs alike).
pub fn article_name(v: &Value) -> String {
    let s = str_of(v.get("article"));
    s.rsplit('/').next().unwrap_or(&s).to_string()
}

/// Score predicted articles against gold articles (both keyed by base name).
pub fn score(gold: &BTreeMap<String, Value>, pred: &BTreeMap<String, Value>) -> Report {
    let mut tp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fnn: BTreeMap<&str, usize> = BTreeMap::new();
    let mut attr_ok: BTreeMap<String, usize> = BTreeMap::new();
    let mut attr_n: BTreeMap<String, usize> = BTreeMap::new();
    let mut meta_ok: BTreeMap<&str, usize> = BTreeMap::new();
    let mut meta_n: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let empty = Value::Null;
    for (name, g) in gold {
        let p = pred.get(name).unwrap_or(&empty);
        for &kind in KINDS {
            let gk = keyed(g, kind);
            let pk = keyed(p, kind);
            for (k, gf) in &gk {
                match pk.iter().find(|(pk, _)| pk == k) {
                    Some((_, pf)) => {
                        *tp.entry(kind).or_default() += 1;
                        for a in attrs(kind) {
                            if let Some(ok) = attr_equal(a, gf.get(*a), pf.get(*a)) {
                                let name_a = format!("{kind}.{a}");
                                *attr_n.entry(name_a.clone()).or_default() += 1;
                                *attr_ok.entry(name_a).or_default() += ok as usize;
                                if !ok {
                                    let msg = format!(
                                        "{a}: gold {} got {}",
                                        pyrepr(gf.get(*a)),
                                        pyrepr(pf.get(*a))
                                    );
                                    errors.push((name.clone(), kind.to_string(), msg));
                                }
                            }
                        }
                    }
                    None => {
                        *fnn.entry(kind).or_default() += 1;
                        errors.push((name.clone(), kind.to_string(), format!("missed {k}")));
                    }
                }
            }
            for (k, pf) in &pk {
                if !gk.iter().any(|(gk, _)| gk == k) {
                    *fp.entry(kind).or_default() += 1;
                    let msg = format!("spurious {k} from {}", pyrepr(pf.get("text")));
                    errors.push((name.clone(), kind.to_string(), msg));
                }
            }
        }
        let (gm, pm) = (g.get("meta"), p.get("meta"));
        for &m in META {
            let ok = meta_equal(m, gm.and_then(|x| x.get(m)), pm.and_then(|x| x.get(m)));
            if let Some(ok) = ok {
                *meta_n.entry(m).or_default() += 1;
                *meta_ok.entry(m).or_default() += ok as usize;
                if !ok {
                    let gv = pyrepr(gm.and_then(|x| x.get(m)));
                    let pv = pyrepr(pm.and_then(|x| x.get(m)));
                    errors.push((
                        name.clone(),
                        "meta".into(),
                        format!("{m}: gold {gv} got {pv}"),
                    ));
                }
            }
        }
    }
    let mut kinds = BTreeMap::new();
    for &kind in KINDS {
        let (t, a, b) = (get(&tp, kind), get(&fp, kind), get(&fnn, kind));
        let prec = if t + a > 0 {
            t as f64 / (t + a) as f64
        } else if b == 0 {
            1.0
        } else {
            0.0
        };
        let rec = if t + b > 0 {
            t as f64 / (t + b) as f64
        } else {
            1.0
        };
        kinds.insert(kind.to_string(), prf(t, a, b, prec, rec));
    }
    let (t, a, b) = (tp.values().sum(), fp.values().sum(), fnn.values().sum());
    let prec = if t + a > 0 {
        t as f64 / (t + a) as f64
    } else {
        0.0
    };
    let rec = if t + b > 0 {
        t as f64 / (t + b) as f64
    } else {
        0.0
    };
    let micro = prf(t, a, b, prec, rec);
    let attributes = attr_n
        .iter()
        .map(|(k, n)| {
            (
                k.clone(),
                Accuracy {
                    accuracy: *attr_ok.get(k).unwrap_or(&0) as f64 / *n as f64,
                    n: *n,
                },
            )
        })
        .collect();
    let meta = META
        .iter()
        .filter_map(|m| {
            let n = *meta_n.get(m)?;
            Some((
                m.to_string(),
                Accuracy {
                    accuracy: *meta_ok.get(m).unwrap_or(&0) as f64 / n as f64,
                    n,
                },
            ))
        })
        .collect();
    Report {
        articles: gold.len(),
        kinds,
        micro,
        attributes,
        meta,
        errors,
    }
}

fn get(m: &BTreeMap<&str, usize>, k: &str) -> usize {
    m.get(k).copied().unwrap_or(0)
}

fn prf(tp: usize, fp: usize, fn_: usize, precision: f64, recall: f64) -> Prf {
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Prf {
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
    }
}

/// Distinct keys of one kind in an article, first occurrence kept.
fn keyed<'a>(article: &'a Value, kind: &str) -> Vec<(String, &'a Value)> {
    let mut out: Vec<(String, &Value)> = Vec::new();
    let facts = article.get("facts").and_then(Value::as_array);
    for f in facts.into_iter().flatten() {
        if f.get("kind").and_then(Value::as_str) == Some(kind) {
            let k = key(f);
            if !out.iter().any(|(x, _)| *x == k) {
                out.push((k, f));
            }
        }
    }
    out
}

/// Values shown the way Python's repr shows them, so error lists read alike.
fn pyrepr(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "None".into(),
        Some(Value::String(s)) => format!("'{s}'"),
        Some(Value::Bool(b)) => if *b { "True" } else { "False" }.into(),
        Some(other) => other.to_string(),
    }
}

impl Report {
    /// The text table score.py prints.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<13}{:>7}{:>7}{:>7}{:>6}{:>6}{:>6}",
            "kind", "P", "R", "F1", "tp", "fp", "fn"
        );
        let rows = KINDS
            .iter()
            .map(|k| (k.to_string(), &self.kinds[*k]))
            .chain([("ALL".to_string(), &self.micro)]);
        for (k, v) in rows {
            let _ = writeln!(
                s,
                "{:<13}{:>7.3}{:>7.3}{:>7.3}{:>6}{:>6}{:>6}",
                k, v.precision, v.recall, v.f1, v.tp, v.fp, v.fn_
            );
        }
        for (k, v) in &self.attributes {
            let _ = writeln!(s, "attr {:<24} {:.3} of {}", k, v.accuracy, v.n);
        }
        for (k, v) in &self.meta {
            let _ = writeln!(s, "meta {:<24} {:.3} of {}", k, v.accuracy, v.n);
        }
        let _ = writeln!(
            s,
            "articles {}  micro-F1 {:.3}",
            self.articles, self.micro.f1
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_keys_forgive_like_score_py() {
        assert_eq!(doc_key("08/KH-UBND"), "8/KH-UBND");
        assert_eq!(doc_key("số 3608/QĐ – BPN&TE"), "3608/QD-BPN&TE");
        assert_eq!(
            doc_key("Luật Hôn nhân và gia đình năm 2014"),
            "LUAT HON NHAN VA GIA DINH"
        );
    }

    #[test]
    fn numbers_key_like_python() {
        assert_eq!(num(Some(&serde_json::json!(100.0))), "100");
        assert_eq!(num(Some(&serde_json::json!(79.4))), "79.4");
    }
}
