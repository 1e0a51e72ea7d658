//! The fact schema of FACTS.md as typed Rust values.
//!
//! Serialized JSON is the gold-file shape: the common fields (`kind`, `text`,
//! `start`, `end`, `sentence`, `rule`) sit beside the kind's own fields, so an
//! extraction output scores directly against a gold file.

use serde::{Deserialize, Serialize};

/// One fact found in one article.
///
/// FACTS.md gives both the common offsets and a period's years the names
/// `start`/`end`. In JSON a period keeps its years there (that is what gold
/// files score) and every fact also carries its offsets as `span: [start, end]`,
/// so nothing is lost and other kinds keep `start`/`end` as offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The kind and its typed fields (serialized flat, tagged by `kind`).
    pub value: FactValue,
    /// Surface text matched, as it stands in the normalized body.
    pub text: String,
    /// Byte offsets of `text` in the normalized body.
    pub start: usize,
    pub end: usize,
    /// The sentence that holds the fact, for citation.
    pub sentence: String,
    /// Id of the rule that produced it (e.g. `count.class.lop`).
    pub rule: String,
}

/// How exact a stated quantity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    Approx,
    MoreThan,
    AtLeast,
    LessThan,
}

/// Closed set of document types (FACTS.md `doc_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    Decision,
    Plan,
    Resolution,
    Directive,
    Decree,
    Circular,
    JointCircular,
    Notice,
    Report,
    Guidance,
    Program,
    Scheme,
    Submission,
    Regulation,
    OfficialLetter,
    Law,
    Other,
}

/// Closed set of count categories (FACTS.md `count.category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountCategory {
    Class,
    Event,
    Document,
    Model,
    Organization,
    Media,
    Item,
    Other,
}

/// Who the participants were (FACTS.md `participants.role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantRole {
    Attendee,
    Trainee,
    Beneficiary,
    Recipient,
    Other,
}

/// What the money was for (FACTS.md `money.role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyRole {
    Budget,
    Gift,
    Support,
    Other,
}

/// The kinds of FACTS.md, each with its typed fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactValue {
    Document(Document),
    Count(Count),
    Participants(Participants),
    Money(Money),
    Ratio(Ratio),
    Period(Period),
    Person(Person),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Canonical key: `3608/QĐ-BPN&TE`, `8/KH-UBND`, `29-NQ/TW`, `Luật Bình đẳng giới`.
    pub id: String,
    pub doc_type: DocType,
    /// Number as written (`08`); None for a named law.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Symbol, upper case, ASCII hyphen: `QĐ-BPN&TE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub quantity: u64,
    /// Head noun as written, lower case (`lớp`, `hội thảo`).
    pub unit: String,
    pub category: CountCategory,
    #[serde(default)]
    pub qualifier: Qualifier,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participants {
    pub quantity: u64,
    #[serde(default)]
    pub qualifier: Qualifier,
    pub role: ParticipantRole,
    pub unit: String,
    #[serde(default)]
    pub person_times: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub amount: u64,
    pub currency: String,
    #[serde(default)]
    pub qualifier: Qualifier,
    pub role: MoneyRole,
    /// For per-unit rates (`150.000 đồng/người` -> `người`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub qualifier: Qualifier,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific: Option<String>,
}

/// The JSON of a fact: the kind's own fields, then the common ones. Written
/// straight to the serializer (no intermediate JSON value: serializing went
/// through one and was a tenth of extraction time).
#[derive(Serialize)]
struct FactJson<'a> {
    #[serde(flatten)]
    value: &'a FactValue,
    text: &'a str,
    /// Left out for a period, whose `start`/`end` are its years.
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    span: [usize; 2],
    sentence: &'a str,
    rule: &'a str,
}

impl Serialize for Fact {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let offsets = !matches!(self.value, FactValue::Period(_));
        FactJson {
            value: &self.value,
            text: &self.text,
            start: offsets.then_some(self.start),
            end: offsets.then_some(self.end),
            span: [self.start, self.end],
            sentence: &self.sentence,
            rule: &self.rule,
        }
        .serialize(ser)
    }
}

impl<'de> Deserialize<'de> for Fact {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(de)?;
        let get_str = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let value: FactValue = serde_json::from_value(v.clone()).map_err(D::Error::custom)?;
        let offsets = match v.get("span").and_then(|s| s.as_array()) {
            Some(a) if a.len() == 2 => (a[0].as_u64(), a[1].as_u64()),
            _ if !matches!(value, FactValue::Period(_)) => (
                v.get("start").and_then(|x| x.as_u64()),
                v.get("end").and_then(|x| x.as_u64()),
            ),
            _ => (None, None),
        };
        Ok(Fact {
            value,
            text: get_str("text"),
            start: offsets.0.unwrap_or(0) as usize,
            end: offsets.1.unwrap_or(0) as usize,
            sentence: get_str("sentence"),
            rule: get_str("rule"),
        })
    }
}

impl FactValue {
    /// The `kind` string of FACTS.md.
    pub fn kind(&self) -> &'static str {
        match self {
            FactValue::Document(_) => "document",
            FactValue::Count(_) => "count",
            FactValue::Participants(_) => "participants",
            FactValue::Money(_) => "money",
            FactValue::Ratio(_) => "ratio",
            FactValue::Period(_) => "period",
            FactValue::Person(_) => "person",
        }
    }
}

/// Per-article metadata (FACTS.md "Article metadata").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    #[serde(default)]
    pub title: Option<String>,
    /// ISO date or date-time (`2024-07-23T11:52`), Asia/Ho_Chi_Minh.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One article with its facts: one line of `vnfacts extract` output and of a gold file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The input file name or the article URL.
    pub article: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub meta: ArticleMeta,
    /// Normalized body (the text fact offsets refer to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default)]
    pub facts: Vec<Fact>,
}
