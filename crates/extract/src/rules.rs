//! Rule files: the TOML format analysts edit, and its compilation.
//!
//! A rule file holds the rules of one fact kind. Patterns are regexes over
//! normalized text; `{name}` inside a pattern expands to a shared fragment
//! from `[vars]` (this file's or `common.toml`'s). A var may be a string
//! (a regex fragment) or a list of words (compiled to an alternation, longest
//! first, spaces matching any run of spaces), so adding a unit noun or a
//! trigger word is a one-line data edit, not a code change. `\d` and `\s`
//! mean ASCII digits and spaces (see [`ascii`]).
//!
//! Compilation fails with the file, the rule id and the regex error; nothing
//! here panics on a bad file.

mod ascii;
mod factor;
mod finder;
mod groups;
mod tail;

pub use finder::Finder;
pub use groups::{GroupCache, GroupReader};

use std::collections::BTreeMap;

use regex_syntax::hir::Hir;
use serde::Deserialize;

use crate::model::{CountCategory, MoneyRole, ParticipantRole, Qualifier};

/// Errors in rule files, each naming the file and (when known) the rule.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: not valid TOML: {message}")]
    Toml { file: String, message: String },
    #[error("{file}: rule `{rule}`: {message}")]
    Rule {
        file: String,
        rule: String,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("rules directory {dir}: {message}")]
    Dir { dir: String, message: String },
}

/// One rule file as written (serde view).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The fact kind every rule of this file produces (`common` for shared data).
    pub kind: String,
    #[serde(default)]
    pub vars: BTreeMap<String, Var>,
    /// Word lists that map context words to an attribute (roles, qualifiers).
    #[serde(default)]
    pub lexicon: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
}

/// A shared fragment: a raw regex or a word list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Var {
    Regex(String),
    Words(Vec<String>),
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub pattern: String,
    /// Higher wins when matches overlap; ties go to the longer match.
    #[serde(default)]
    pub priority: i32,
    /// Fixed attributes: `category`, `role`, `qualifier`, `doc_type`, `currency`.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Words that must occur before the match (within `within` tokens, same sentence).
    #[serde(default)]
    pub trigger_before: Option<Window>,
    /// Words that must occur after the match.
    #[serde(default)]
    pub trigger_after: Option<Window>,
    /// Either trigger suffices when both are given and `trigger_any` is true.
    #[serde(default)]
    pub trigger_any: bool,
    /// Words that veto the match when found just before it.
    #[serde(default)]
    pub veto_before: Option<Window>,
    /// Words that veto the match when found just after it.
    #[serde(default)]
    pub veto_after: Option<Window>,
    /// A match of this rule blocks every other fact overlapping it (document symbols).
    #[serde(default)]
    pub exclusive: bool,
}

/// Context words and how many tokens away they may stand.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// A list of words, or `"{var}"` naming a word-list var.
    pub words: Words,
    #[serde(default = "default_within")]
    pub within: usize,
}

/// Words given inline or by reference to a word-list var.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Words {
    List(Vec<String>),
    Var(String),
}

fn default_within() -> usize {
    6
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub kind: Kind,
    /// Finds where a match anchored at a position ends (a lazy DFA).
    pub regex: Finder,
    /// Reads the capture groups of a match the finder found.
    pub groups: GroupReader,
    /// The expanded pattern, parsed (for the scanner's union of rules).
    pub hir: Hir,
    /// The pattern with its `{vars}` expanded, as compiled (for tests and
    /// error reports).
    pub expanded: String,
    pub priority: i32,
    pub fields: Fields,
    pub trigger_before: Option<CompiledWindow>,
    pub trigger_after: Option<CompiledWindow>,
    pub trigger_any: bool,
    pub veto_before: Option<CompiledWindow>,
    pub veto_after: Option<CompiledWindow>,
    pub exclusive: bool,
}

/// Fixed attributes, typed at compile time so a typo fails the load, not the run.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pub category: Option<CountCategory>,
    pub participant_role: Option<ParticipantRole>,
    pub money_role: Option<MoneyRole>,
    pub qualifier: Option<Qualifier>,
    pub currency: Option<String>,
}

/// Context words, lower-cased, ready for whole-word search.
#[derive(Debug, Clone)]
pub struct CompiledWindow {
    pub words: Vec<String>,
    pub within: usize,
    /// `words` indexed for the window search.
    pub index: crate::context::WordIndex,
}

impl CompiledWindow {
    /// Lower-case and index `words`.
    pub fn new(words: Vec<String>, within: usize) -> CompiledWindow {
        let words: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let index = crate::context::WordIndex::new(&words);
        CompiledWindow {
            words,
            within,
            index,
        }
    }
}

/// The fact kinds a rule can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Document,
    Law,
    PartyDocument,
    Count,
    Participants,
    Money,
    Ratio,
    Percent,
    Period,
    PersonHonorific,
    PersonTitled,
}

impl Kind {
    /// The rule kind is the file kind refined by the rule's `fields.form`.
    fn parse(file_kind: &str, form: Option<&str>) -> Option<Kind> {
        Some(match (file_kind, form) {
            ("document", None | Some("symbol")) => Kind::Document,
            ("document", Some("law")) => Kind::Law,
            ("document", Some("party")) => Kind::PartyDocument,
            ("count", None) => Kind::Count,
            ("participants", None) => Kind::Participants,
            ("money", None) => Kind::Money,
            ("ratio", None | Some("fraction")) => Kind::Ratio,
            ("ratio", Some("percent")) => Kind::Percent,
            ("period", None) => Kind::Period,
            ("person", None | Some("honorific")) => Kind::PersonHonorific,
            ("person", Some("titled")) => Kind::PersonTitled,
            _ => return None,
        })
    }
}

/// Parse one rule file's text.
pub fn parse_file(file: &str, text: &str) -> Result<RuleFile, RuleError> {
    toml::from_str(text).map_err(|e| RuleError::Toml {
        file: file.to_string(),
        message: e.to_string(),
    })
}

/// Expand `{var}` references (recursively, depth-limited) in `pattern`.
pub fn expand(pattern: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = pattern.to_string();
    for _ in 0..8 {
        let mut next = String::with_capacity(out.len());
        let mut rest = out.as_str();
        let mut changed = false;
        while let Some(open) = rest.find('{') {
            next.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}');
            let unicode_class = next.ends_with("\\p") || next.ends_with("\\P");
            match close {
                Some(close) if !unicode_class && is_var_name(&after[..close]) => {
                    let name = &after[..close];
                    let value = vars
                        .get(name)
                        .ok_or_else(|| format!("unknown var {{{name}}}"))?;
                    next.push_str("(?:");
                    next.push_str(value);
                    next.push(')');
                    rest = &after[close + 1..];
                    changed = true;
                }
                _ => {
                    // A regex repetition like {1,3}: keep it as is.
                    next.push('{');
                    rest = after;
                }
            }
        }
        next.push_str(rest);
        out = next;
        if !changed {
            return Ok(out);
        }
    }
    Err("vars nest too deeply (a var refers to itself?)".into())
}

fn is_var_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

pub use crate::wordlist::words_to_regex;

/// Turn the var table of a file into regex fragments.
pub fn var_fragments(vars: &BTreeMap<String, Var>) -> BTreeMap<String, String> {
    vars.iter()
        .map(|(k, v)| {
            let frag = match v {
                Var::Regex(r) => r.clone(),
                Var::Words(w) => words_to_regex(w),
            };
            (k.clone(), frag)
        })
        .collect()
}

/// The word-list vars of a file, by name (for `words = "{var}"` in windows).
pub fn word_lists(vars: &BTreeMap<String, Var>) -> BTreeMap<String, Vec<String>> {
    vars.iter()
        .filter_map(|(k, v)| match v {
            Var::Words(w) => Some((k.clone(), w.clone())),
            Var::Regex(_) => None,
        })
        .collect()
}

/// The vars a file's rules can see: regex fragments and word lists.
pub struct VarTable {
    pub fragments: BTreeMap<String, String>,
    pub words: BTreeMap<String, Vec<String>>,
}

/// Compile the rules of one file with the given var table.
pub fn compile_rules(
    file: &str,
    parsed: &RuleFile,
    vars: &VarTable,
) -> Result<Vec<Rule>, RuleError> {
    parsed
        .rules
        .iter()
        .map(|spec| compile_rule(file, &parsed.kind, spec, vars))
        .collect()
}

/// Compile one rule of file `file` (of kind `file_kind`).
pub fn compile_rule(
    file: &str,
    file_kind: &str,
    spec: &RuleSpec,
    table: &VarTable,
) -> Result<Rule, RuleError> {
    let vars = &table.fragments;
    let err = |message: String| RuleError::Rule {
        file: file.into(),
        rule: spec.id.clone(),
        message,
    };
    let form = spec.fields.get("form").map(String::as_str);
    let kind = Kind::parse(file_kind, form)
        .ok_or_else(|| err(format!("unknown kind/form `{file_kind}`/{form:?}")))?;
    let expanded = ascii::ascii_perl_classes(&expand(&spec.pattern, vars).map_err(&err)?);
    let hir = regex_syntax::Parser::new()
        .parse(&expanded)
        .map_err(|why| err(format!("bad regex: {why}")))?;
    let (regex, groups) = regexes(&hir).map_err(|why| err(format!("bad regex: {why}")))?;
    let fields = compile_fields(&spec.fields).map_err(&err)?;
    Ok(Rule {
        id: spec.id.clone(),
        kind,
        regex,
        groups,
        hir,
        expanded,
        priority: spec.priority,
        fields,
        trigger_before: window(&spec.trigger_before, table).map_err(&err)?,
        trigger_after: window(&spec.trigger_after, table).map_err(&err)?,
        trigger_any: spec.trigger_any,
        veto_before: window(&spec.veto_before, table).map_err(&err)?,
        veto_after: window(&spec.veto_after, table).map_err(&err)?,
        exclusive: spec.exclusive,
    })
}

/// A rule's two regexes: one finds where a match ends ([`finder`]), one
/// reads its groups ([`groups`]). regex-automata's meta regex (the engine
/// inside `regex`) because it searches anchored at a given start, which the
/// engine needs. The pattern is parsed once for both (and for the scanner),
/// and split before its tail once for both.
fn regexes(hir: &Hir) -> Result<(Finder, GroupReader), String> {
    let split = tail::split(hir);
    Ok((
        Finder::new(hir, split.as_ref())?,
        GroupReader::new(hir, split.as_ref())?,
    ))
}

fn window(w: &Option<Window>, table: &VarTable) -> Result<Option<CompiledWindow>, String> {
    let Some(w) = w else { return Ok(None) };
    let words = match &w.words {
        Words::List(list) => list.clone(),
        Words::Var(r) => {
            let name = r.trim().trim_start_matches('{').trim_end_matches('}');
            table
                .words
                .get(name)
                .cloned()
                .ok_or_else(|| format!("window words {r:?}: no word-list var `{name}`"))?
        }
    };
    Ok(Some(CompiledWindow::new(words, w.within)))
}

fn compile_fields(fields: &BTreeMap<String, String>) -> Result<Fields, String> {
    let mut out = Fields::default();
    for (k, v) in fields {
        let quoted = serde_json::Value::String(v.clone());
        let bad = |what: &str| format!("field {k} = {v:?} is not a known {what}");
        match k.as_str() {
            "form" => {}
            "category" => {
                out.category = Some(serde_json::from_value(quoted).map_err(|_| bad("category"))?)
            }
            "role" => {
                out.participant_role = serde_json::from_value(quoted.clone()).ok();
                out.money_role = serde_json::from_value(quoted).ok();
                if out.participant_role.is_none() && out.money_role.is_none() {
                    return Err(bad("role"));
                }
            }
            "qualifier" => {
                out.qualifier = Some(serde_json::from_value(quoted).map_err(|_| bad("qualifier"))?)
            }
            "currency" => out.currency = Some(v.clone()),
            _ => return Err(format!("unknown field `{k}`")),
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A pattern parsed as the rules parse theirs (for the modules' tests).
    pub(crate) fn parse(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).unwrap()
    }

    #[test]
    fn expands_nested_vars_and_keeps_repetitions() {
        let mut vars = BTreeMap::new();
        vars.insert("a".to_string(), "x{b}".to_string());
        vars.insert("b".to_string(), "y".to_string());
        assert_eq!(expand(r"{a}\d{1,3}", &vars).unwrap(), r"(?:x(?:y))\d{1,3}");
        assert_eq!(expand(r"\p{Lu}{b}", &vars).unwrap(), r"\p{Lu}(?:y)");
        assert!(expand("{zz}", &vars).unwrap_err().contains("unknown var"));
    }

    #[test]
    fn word_lists_longest_first() {
        let re = words_to_regex(&["lớp".into(), "lớp tập huấn".into()]);
        assert_eq!(re, r"lớp(?:\s+tập\s+huấn)?");
    }

    #[test]
    fn bad_regex_names_file_and_rule() {
        let f = parse_file(
            "x.toml",
            "kind = \"count\"\n[[rule]]\nid = \"r1\"\npattern = \"(\"\n",
        )
        .unwrap();
        let table = VarTable {
            fragments: BTreeMap::new(),
            words: BTreeMap::new(),
        };
        let e = compile_rules("x.toml", &f, &table).unwrap_err().to_string();
        assert!(
            e.contains("x.toml") && e.contains("r1") && e.contains("bad regex"),
            "{e}"
        );
    }
}
