//! Loading the rule files: embedded defaults or a `--rules DIR`.
//!
//! `common.toml` holds vars and lexicons every file may use; `chrome.toml`
//! holds the chrome phrases; every other file holds the rules of one kind.

use std::collections::BTreeMap;
use std::path::Path;

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
        let mut all = Vec::new();
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
                    all.extend(rules::compile_rules(name, f, &table)?);
                }
            }
        }
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
