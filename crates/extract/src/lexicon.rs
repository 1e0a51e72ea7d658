//! Word lists from the rule files that map context to attributes.
//!
//! Analysts extend these in TOML (`[lexicon.role]`, `[lexicon.qualifier]`, …);
//! labels are checked against the closed sets of FACTS.md when the rules load,
//! so a typo fails loudly instead of silently producing `other`.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde::de::DeserializeOwned;

use crate::context::Labels;
use crate::model::{DocType, MoneyRole, ParticipantRole, Qualifier};
use crate::rules::{CompiledWindow, RuleError};

/// Typed lexicons, gathered from every rule file.
#[derive(Debug, Default)]
pub struct Lexicons {
    pub qualifier: Vec<(CompiledWindow, Qualifier)>,
    pub participant_role: Labels<ParticipantRole>,
    /// Units that fix the role by themselves (`học viên` -> trainee).
    pub participant_unit_role: Vec<(CompiledWindow, ParticipantRole)>,
    pub money_role: Labels<MoneyRole>,
    /// Currency words (`đồng`, `VNĐ`, `USD`) to ISO codes.
    pub currency: Vec<(String, String)>,
    /// Type codes of document symbols (`QĐ`, `KH`, `CTr`) to doc types.
    pub type_code: Vec<(String, DocType)>,
    /// Words naming a document type before its number (`Quyết định`, `Công văn`).
    pub type_word: Vec<(String, DocType)>,
    /// Syllables that begin a title; a name never ends with one (`Chuyên`, `Phó`).
    pub title_head: WordSet,
    /// Lower-case second syllables of titles (`viên` of `Chuyên viên`).
    pub title_second: WordSet,
    /// Words that end a title (`nhấn mạnh`, `chủ trì`, `tặng`).
    pub title_stop: WordSet,
    /// First words of the stops of more than one word (`nhấn` of `nhấn mạnh`).
    pub title_stop_lead: WordSet,
    /// Capitalized words that never start a person's name (`Sở`, `Ban`, `UBND`).
    pub not_name: WordSet,
    /// Honorific words to their canonical form (`đ/c` -> `đồng chí`).
    pub honorific: Vec<(String, String)>,
    /// Words after a law's name that end it (`năm`, `cho`, `và` + capital).
    pub law_stop: WordSet,
    /// Word pairs a comma joins inside a law's name (`phòng, chống`).
    pub law_comma: Vec<String>,
    /// Organization words an issuer starts with (`UBND`, `Sở`, `Bộ`).
    pub issuer_head: Vec<String>,
}

impl Lexicons {
    /// Merge the `[lexicon.*]` tables of one file into the typed lexicons.
    pub fn add(
        &mut self,
        file: &str,
        kind: &str,
        tables: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    ) -> Result<(), RuleError> {
        for (table, entries) in tables {
            for (label, words) in entries {
                self.add_entry(file, kind, table, label, words)?;
            }
        }
        Ok(())
    }

    fn add_entry(
        &mut self,
        file: &str,
        kind: &str,
        table: &str,
        label: &str,
        words: &[String],
    ) -> Result<(), RuleError> {
        let err = |m: String| RuleError::File {
            file: file.into(),
            message: m,
        };
        let win = || CompiledWindow::new(words.to_vec(), 0);
        match (kind, table) {
            (_, "qualifier") => self.qualifier.push((win(), typed(label).map_err(err)?)),
            ("participants", "role") => self.participant_role.push(
                &lower(words).collect::<Vec<_>>(),
                typed(label).map_err(err)?,
            ),
            ("participants", "unit_role") => self
                .participant_unit_role
                .push((win(), typed(label).map_err(err)?)),
            ("money", "role") => self.money_role.push(
                &lower(words).collect::<Vec<_>>(),
                typed(label).map_err(err)?,
            ),
            ("money", "currency") => self
                .currency
                .extend(words.iter().map(|w| (w.to_lowercase(), label.to_string()))),
            ("document", "type_code") => {
                let t: DocType = typed(label).map_err(err)?;
                self.type_code.extend(words.iter().map(|w| (w.clone(), t)));
            }
            ("document", "type_word") => {
                let t: DocType = typed(label).map_err(err)?;
                self.type_word
                    .extend(words.iter().map(|w| (w.to_lowercase(), t)));
            }
            ("document", "law") if label == "stop" => self.law_stop.extend(lower(words)),
            ("document", "law") if label == "comma" => self.law_comma.extend(lower(words)),
            ("document", "issuer") if label == "head" => {
                self.issuer_head.extend(words.iter().cloned())
            }
            ("person", "title") if label == "head" => self.title_head.extend(words.iter().cloned()),
            ("person", "title") if label == "stop" => {
                let leads = lower(words).filter_map(|w| Some(w.split_once(' ')?.0.to_string()));
                self.title_stop_lead.extend(leads);
                self.title_stop.extend(lower(words));
            }
            ("person", "title") if label == "second" => self.title_second.extend(lower(words)),
            ("person", "name") if label == "never" => self.not_name.extend(words.iter().cloned()),
            ("person", "honorific") => self
                .honorific
                .extend(words.iter().map(|w| (w.to_lowercase(), label.to_string()))),
            _ => {
                return Err(err(format!(
                    "unknown lexicon table [lexicon.{table}] entry `{label}` for kind {kind}"
                )))
            }
        }
        Ok(())
    }

    /// The qualifier a captured word stands for (`khoảng` -> approx).
    pub fn qualifier_of(&self, word: &str) -> Qualifier {
        let w = crate::build::lower_words(word);
        self.qualifier
            .iter()
            .find(|(win, _)| win.words.contains(&w))
            .map_or(Qualifier::Exact, |(_, q)| *q)
    }

    /// ISO code of a currency word, if known.
    pub fn currency_of(&self, word: &str) -> Option<&str> {
        let w = vnfacts_text::lowercase(word.trim());
        self.currency
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, c)| c.as_str())
    }
}

/// Words looked up whole, many times per fact: a hash set, not a list scan.
#[derive(Debug, Default)]
pub struct WordSet(FxHashSet<String>);

impl WordSet {
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

impl Extend<String> for WordSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        self.0.extend(words)
    }
}

fn lower(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words.iter().map(|w| w.to_lowercase())
}

fn typed<T: DeserializeOwned>(label: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(label.to_string()))
        .map_err(|_| format!("`{label}` is not a known value here"))
}
