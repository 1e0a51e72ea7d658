//! The template file (`data/synth/templates.toml`) parsed into slot lists.
//!
//! Parsing happens once; an unknown slot name or a malformed row fails with
//! the template text, so a typo in the data cannot silently write a literal
//! `{brace}` into a corpus.

use serde::Deserialize;

use super::SynthError;

pub(crate) const TEMPLATES_TOML: &str = include_str!("../../data/synth/templates.toml");

/// Every slot a template may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    // count
    Class,
    Event,
    Docs,
    Model,
    Orgs,
    Media,
    Item,
    // participants
    Attendees,
    Visits,
    Trainees,
    Beneficiaries,
    Recipients,
    // money
    Budget,
    Gift,
    Support,
    Rate,
    // documents
    Decision,
    Plan,
    Legal,
    Party,
    Letter,
    Law,
    // ratio, period, person
    Target,
    Percent,
    Period,
    Person,
    Titled,
    // context
    Province,
    ProvinceName,
    District,
    DistrictName,
    Agency,
    Union,
    Topic,
    Year,
    PrevYear,
    Day,
    Venue,
    Commune,
    // distractors
    Duration,
    Ordinal,
    Term,
    SchoolYear,
    Address,
    Anniversary,
    IntlDay,
}

impl Slot {
    fn parse(name: &str) -> Option<Slot> {
        use Slot::*;
        Some(match name {
            "class" => Class,
            "event" => Event,
            "docs" => Docs,
            "model" => Model,
            "orgs" => Orgs,
            "media" => Media,
            "item" => Item,
            "attendees" => Attendees,
            "visits" => Visits,
            "trainees" => Trainees,
            "beneficiaries" => Beneficiaries,
            "recipients" => Recipients,
            "budget" => Budget,
            "gift" => Gift,
            "support" => Support,
            "rate" => Rate,
            "decision" => Decision,
            "plan" => Plan,
            "legal" => Legal,
            "party" => Party,
            "letter" => Letter,
            "law" => Law,
            "target" => Target,
            "percent" => Percent,
            "period" => Period,
            "person" => Person,
            "titled" => Titled,
            "province" => Province,
            "province_name" => ProvinceName,
            "district" => District,
            "district_name" => DistrictName,
            "agency" => Agency,
            "union" => Union,
            "topic" => Topic,
            "year" => Year,
            "prev_year" => PrevYear,
            "day" => Day,
            "venue" => Venue,
            "commune" => Commune,
            "duration" => Duration,
            "ordinal" => Ordinal,
            "term" => Term,
            "school_year" => SchoolYear,
            "address" => Address,
            "anniversary" => Anniversary,
            "intl_day" => IntlDay,
            _ => return None,
        })
    }
}

/// A piece of a parsed template.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    Lit(String),
    Slot {
        slot: Slot,
        param: Option<String>,
        capitalize: bool,
    },
}

pub(crate) type Template = Vec<Piece>;

/// Parse `text {slot} {^slot} {slot:param}` into pieces.
fn parse_template(text: &str) -> Result<Template, SynthError> {
    let bad = |why: &str| SynthError::Template {
        template: text.to_string(),
        message: why.to_string(),
    };
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Lit(rest[..open].to_string()));
        }
        let close = rest[open..].find('}').ok_or_else(|| bad("unclosed {"))? + open;
        let inner = &rest[open + 1..close];
        let (capitalize, inner) = match inner.strip_prefix('^') {
            Some(i) => (true, i),
            None => (false, inner),
        };
        let (name, param) = match inner.split_once(':') {
            Some((n, p)) => (n, Some(p.to_string())),
            None => (inner, None),
        };
        let slot = Slot::parse(name).ok_or_else(|| bad(&format!("unknown slot {{{name}}}")))?;
        pieces.push(Piece::Slot {
            slot,
            param,
            capitalize,
        });
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err(bad("stray }"));
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest.to_string()));
    }
    Ok(pieces)
}

fn parse_all(list: &[String]) -> Result<Vec<Template>, SynthError> {
    if list.is_empty() {
        return Err(SynthError::Template {
            template: String::new(),
            message: "a template list is empty".into(),
        });
    }
    list.iter().map(|t| parse_template(t)).collect()
}

#[derive(Deserialize)]
struct RawFile {
    titles: Vec<String>,
    leads: Vec<String>,
    facts: RawFacts,
    prose: RawProse,
    vocab: Vocab,
    counts: Counts,
    participants: ParticipantUnits,
    documents: Documents,
}

#[derive(Deserialize)]
struct RawProse {
    filler: Vec<String>,
    distractor: Vec<String>,
    closings: Vec<String>,
    teasers: Vec<String>,
}

#[derive(Deserialize)]
struct RawFacts {
    count: Vec<String>,
    participants: Vec<String>,
    money: Vec<String>,
    document: Vec<String>,
    ratio: Vec<String>,
    period: Vec<String>,
    person: Vec<String>,
}

/// Word lists (names, titles, organizations).
#[derive(Deserialize)]
pub(crate) struct Vocab {
    pub topics: Vec<String>,
    pub agencies: Vec<String>,
    pub unions: Vec<String>,
    pub venues: Vec<String>,
    pub communes: Vec<String>,
    pub surnames: Vec<String>,
    pub male_middle: Vec<String>,
    pub female_middle: Vec<String>,
    pub male_given: Vec<String>,
    pub female_given: Vec<String>,
    pub titles: Vec<String>,
    pub bylines: Vec<String>,
    pub byline_orgs: Vec<String>,
    pub credits: Vec<String>,
    pub subjects: Vec<String>,
    pub laws: Vec<[String; 2]>,
    pub anniversaries: Vec<String>,
    pub intl_days: Vec<String>,
    pub streets: Vec<String>,
    pub sections: Vec<String>,
}

/// Counted things per category: `[text as written, unit]`.
#[derive(Deserialize)]
pub(crate) struct Counts {
    pub class: Vec<[String; 2]>,
    pub event: Vec<[String; 2]>,
    pub document: Vec<[String; 2]>,
    pub model: Vec<[String; 2]>,
    pub organization: Vec<[String; 2]>,
    pub media: Vec<[String; 2]>,
    pub item: Vec<[String; 2]>,
}

/// Participant units per role.
#[derive(Deserialize)]
pub(crate) struct ParticipantUnits {
    pub attendee: Vec<String>,
    pub trainee: Vec<String>,
    pub beneficiary: Vec<String>,
    pub recipient: Vec<String>,
}

/// Document type tables.
#[derive(Deserialize)]
pub(crate) struct Documents {
    /// `[code, doc_type, word]`
    pub admin: Vec<[String; 3]>,
    /// `[code, issuer as written]`
    pub issuers: Vec<[String; 2]>,
    /// `[symbol, doc_type, word, issuer]`
    pub legal: Vec<[String; 4]>,
    /// `[code, doc_type, word]`
    pub party: Vec<[String; 3]>,
    /// `[code, issuer]`
    pub party_issuers: Vec<[String; 2]>,
    /// `[symbol, issuer]`
    pub letters: Vec<[String; 2]>,
}

/// Sentence templates by what they state.
pub(crate) struct FactTemplates {
    pub count: Vec<Template>,
    pub participants: Vec<Template>,
    pub money: Vec<Template>,
    pub document: Vec<Template>,
    pub ratio: Vec<Template>,
    pub period: Vec<Template>,
    pub person: Vec<Template>,
}

/// The parsed template file.
pub(crate) struct Templates {
    pub titles: Vec<Template>,
    pub leads: Vec<Template>,
    pub facts: FactTemplates,
    pub filler: Vec<Template>,
    pub distractor: Vec<Template>,
    pub closings: Vec<Template>,
    pub teasers: Vec<Template>,
    pub vocab: Vocab,
    pub counts: Counts,
    pub participants: ParticipantUnits,
    pub documents: Documents,
}

impl Templates {
    pub(crate) fn parse(toml_text: &str) -> Result<Templates, SynthError> {
        let raw: RawFile =
            toml::from_str(toml_text).map_err(|e| SynthError::Toml(e.to_string()))?;
        check_vocab(&raw)?;
        Ok(Templates {
            titles: parse_all(&raw.titles)?,
            leads: parse_all(&raw.leads)?,
            facts: FactTemplates {
                count: parse_all(&raw.facts.count)?,
                participants: parse_all(&raw.facts.participants)?,
                money: parse_all(&raw.facts.money)?,
                document: parse_all(&raw.facts.document)?,
                ratio: parse_all(&raw.facts.ratio)?,
                period: parse_all(&raw.facts.period)?,
                person: parse_all(&raw.facts.person)?,
            },
            filler: parse_all(&raw.prose.filler)?,
            distractor: parse_all(&raw.prose.distractor)?,
            closings: parse_all(&raw.prose.closings)?,
            teasers: parse_all(&raw.prose.teasers)?,
            vocab: raw.vocab,
            counts: raw.counts,
            participants: raw.participants,
            documents: raw.documents,
        })
    }
}

/// Every word list must be non-empty: the generator picks from each.
fn check_vocab(raw: &RawFile) -> Result<(), SynthError> {
    let v = &raw.vocab;
    let lists: [(&str, usize); 27] = [
        ("vocab.topics", v.topics.len()),
        ("vocab.agencies", v.agencies.len()),
        ("vocab.unions", v.unions.len()),
        ("vocab.venues", v.venues.len()),
        ("vocab.communes", v.communes.len()),
        ("vocab.surnames", v.surnames.len()),
        ("vocab.male_middle", v.male_middle.len()),
        ("vocab.female_middle", v.female_middle.len()),
        ("vocab.male_given", v.male_given.len()),
        ("vocab.female_given", v.female_given.len()),
        ("vocab.titles", v.titles.len()),
        ("vocab.bylines", v.bylines.len()),
        ("vocab.byline_orgs", v.byline_orgs.len()),
        ("vocab.credits", v.credits.len()),
        ("vocab.subjects", v.subjects.len()),
        ("vocab.laws", v.laws.len()),
        ("vocab.anniversaries", v.anniversaries.len()),
        ("vocab.intl_days", v.intl_days.len()),
        ("vocab.streets", v.streets.len()),
        ("vocab.sections", v.sections.len()),
        ("counts.class", raw.counts.class.len()),
        ("counts.media", raw.counts.media.len()),
        ("participants.attendee", raw.participants.attendee.len()),
        ("documents.admin", raw.documents.admin.len()),
        ("documents.legal", raw.documents.legal.len()),
        ("documents.party", raw.documents.party.len()),
        ("documents.letters", raw.documents.letters.len()),
    ];
    let others = [
        ("counts.event", raw.counts.event.len()),
        ("counts.document", raw.counts.document.len()),
        ("counts.model", raw.counts.model.len()),
        ("counts.organization", raw.counts.organization.len()),
        ("counts.item", raw.counts.item.len()),
        ("participants.trainee", raw.participants.trainee.len()),
        (
            "participants.beneficiary",
            raw.participants.beneficiary.len(),
        ),
        ("participants.recipient", raw.participants.recipient.len()),
        ("documents.issuers", raw.documents.issuers.len()),
        ("documents.party_issuers", raw.documents.party_issuers.len()),
    ];
    match lists.iter().chain(others.iter()).find(|(_, n)| *n == 0) {
        Some((name, _)) => Err(SynthError::Template {
            template: name.to_string(),
            message: "this list is empty; the generator needs at least one entry".into(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_parse() {
        let t = Templates::parse(TEMPLATES_TOML);
        assert!(t.is_ok(), "{:?}", t.err());
    }

    #[test]
    fn unknown_slots_are_errors() {
        assert!(parse_template("Có {nonsense} ở đây").is_err());
        assert!(parse_template("Có {class ở đây").is_err());
        let t = parse_template("{^agency} tổ chức {target:chỉ tiêu}.").unwrap_or_default();
        assert_eq!(t.len(), 4);
        assert!(matches!(
            &t[0],
            Piece::Slot {
                slot: Slot::Agency,
                capitalize: true,
                ..
            }
        ));
        assert!(
            matches!(&t[2], Piece::Slot { slot: Slot::Target, param: Some(p), .. } if p == "chỉ tiêu")
        );
    }
}
