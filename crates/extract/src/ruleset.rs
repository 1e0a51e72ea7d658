//! Loading the rule files: embedded defaults or a `--rules DIR`.
//!
//! `common.toml` holds vars and lexicons every file may use; `chrome.toml`
//! holds the chrome phrases; every other file holds the rules of one kind.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::chrome::Chrome;
use crate::lexicon::Lexicons;
use crate::rules::{self, Rule, RuleError, RuleFile, VarTable};

/// The rule files compiled into the binary, in load order.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "common.toml",
        include_str!("../../../extractors/common.toml"),
    ),
    (
        "chrome.toml",
        include_str!("../../../extractors/chrome.toml"),
    ),
    (
        "document.toml",
        include_str!("../../../extractors/document.toml"),
    ),
    ("count.toml", include_str!("../../../extractors/count.toml")),
    (
        "participants.toml",
        include_str!("../../../extractors/participants.toml"),
    ),
    ("money.toml", include_str!("../../../extractors/money.toml")),
    ("ratio.toml", include_str!("../../../extractors/ratio.toml")),
    (
        "period.toml",
        include_str!("../../../extractors/period.toml"),
    ),
    (
        "person.toml",
        include_str!("../../../extractors/person.toml"),
    ),
];

/// Everything the engine needs from the rule files.
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub lexicons: Lexicons,
    pub chrome: Chrome,
}

impl RuleSet {
    /// The embedded default rules.
    pub fn embedded() -> Result<RuleSet, RuleError> {
        Self::compile(
            EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        )
    }

    /// Every `*.toml` in `dir` (it must contain `common.toml` and `chrome.toml`).
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let derr = |m: String| RuleError::Dir {
            dir: dir.display().to_string(),
            message: m,
        };
        let entries = std::fs::read_dir(dir).map_err(|e| derr(format!("cannot read it: {e}")))?;
        let mut files = Vec::new();
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml") {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| derr(format!("{}: {e}", p.display())))?;
                files.push((p.display().to_string(), text));
            }
        }
        // common and chrome first, the rest by name: the load order is stable.
        files.sort_by_key(|(n, _)| {
            let base = Path::new(n)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (base != "common.toml", base != "chrome.toml", base)
        });
        if files.is_empty() {
            return Err(derr("no *.toml rule files in it".into()));
        }
        Self::compile(files)
    }

    fn compile(files: Vec<(String, String)>) -> Result<RuleSet, RuleError> {
        let parsed: Vec<(String, RuleFile)> = files
            .iter()
            .map(|(name, text)| Ok((name.clone(), rules::parse_file(name, text)?)))
            .collect::<Result<_, RuleError>>()?;
        let mut common_vars = BTreeMap::new();
        let mut common_words = BTreeMap::new();
        for (_, f) in parsed.iter().filter(|(_, f)| f.kind == "common") {
            common_vars.extend(rules::var_fragments(&f.vars));
            common_words.extend(rules::word_lists(&f.vars));
        }
        let mut lexicons = Lexicons::default();
        let mut chrome = None;
        let mut tables = Vec::new();
        for (name, f) in &parsed {
            match f.kind.as_str() {
                "chrome" => chrome = Some(chrome_from(name, f)?),
                kind => {
                    lexicons.add(name, kind, &f.lexicon)?;
                    let mut table = VarTable {
                        fragments: common_vars.clone(),
                        words: common_words.clone(),
                    };
                    table.fragments.extend(rules::var_fragments(&f.vars));
                    table.words.extend(rules::word_lists(&f.vars));
                    tables.push((name.as_str(), f, table));
                }
            }
        }
        let all = compile_all(&tables)?;
        check_unique_ids(&all)?;
        let chrome = chrome.ok_or_else(|| RuleError::Dir {
            dir: "rules".into(),
            message: "no chrome.toml".into(),
        })?;
        Ok(RuleSet {
            rules: all,
            lexicons,
            chrome,
        })
    }
}

/// Every rule of every file, compiled in parallel (each rule's regexes
/// and group reader are its own; start-up is mostly this), in file order.
/// The first failing rule in that order is the error reported.
fn compile_all(files: &[(&str, &RuleFile, VarTable)]) -> Result<Vec<Rule>, RuleError> {
    let specs: Vec<_> = files
        .iter()
        .flat_map(|(name, f, table)| f.rules.iter().map(move |spec| (*name, *f, spec, table)))
        .collect();
    specs
        .into_par_iter()
        .map(|(name, f, spec, table)| rules::compile_rule(name, &f.kind, spec, table))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn chrome_from(name: &str, f: &RuleFile) -> Result<Chrome, RuleError> {
    let table = f.lexicon.get("chrome");
    let get = |k: &str| table.and_then(|t| t.get(k)).cloned().unwrap_or_default();
    Chrome::new(name, &get("line"), &get("block"))
}

fn check_unique_ids(rules: &[Rule]) -> Result<(), RuleError> {
    let mut seen = std::collections::HashSet::new();
    for r in rules {
        if !seen.insert(r.id.as_str()) {
            return Err(RuleError::Rule {
                file: "rules".into(),
                rule: r.id.clone(),
                message: "duplicate rule id".into(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(specs: &[(&str, &str)]) -> Vec<(String, String)> {
        let chrome = "kind = \"chrome\"\n[lexicon.chrome]\nline = ['Lượt xem']\n";
        std::iter::once(("chrome.toml", chrome))
            .chain(specs.iter().copied())
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    fn rule(id: &str, pattern: &str) -> String {
        format!("[[rule]]\nid = \"{id}\"\npattern = '{pattern}'\n")
    }

    #[test]
    fn rules_keep_file_order_though_compiled_in_parallel() {
        let a = format!(
            "kind = \"count\"\n{}{}",
            rule("a.1", r"\d+ lớp"),
            rule("a.2", r"\d+ buổi")
        );
        let b = format!("kind = \"ratio\"\n{}", rule("b.1", r"\d+%"));
        let set = RuleSet::compile(files(&[("a.toml", &a), ("b.toml", &b)])).unwrap();
        let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a.1", "a.2", "b.1"]);
    }

    #[test]
    fn the_first_broken_rule_in_file_order_is_reported() {
        let a = format!(
            "kind = \"count\"\n{}{}",
            rule("a.ok", r"\d+ lớp"),
            rule("a.bad", "(")
        );
        let b = format!("kind = \"ratio\"\n{}", rule("b.bad", "["));
        for _ in 0..20 {
            let Err(e) = RuleSet::compile(files(&[("a.toml", &a), ("b.toml", &b)])) else {
                panic!("broken rules compiled");
            };
            let e = e.to_string();
            assert!(e.contains("a.toml") && e.contains("a.bad"), "{e}");
        }
    }
}
