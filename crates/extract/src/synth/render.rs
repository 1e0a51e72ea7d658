//! Fills template slots: writes the text and, for fact slots, the ground truth.
//!
//! Every fact is recorded at the moment its words are written, from the same
//! values, so the gold cannot drift from the text.

use chrono::{Datelike, Duration, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::numbers::{self, Amount};
use super::templates::{Piece, Slot, Template, Templates};
use super::GoldFact;
use crate::gazetteer::District;
use crate::model::{
    Count, CountCategory, DocType, Document, FactValue, Money, MoneyRole, ParticipantRole,
    Participants, Period, Person, Qualifier, Ratio,
};

/// Where the article is set: names as the text writes them.
pub(crate) struct Place {
    /// `tỉnh Hòa Bình`
    pub province: String,
    /// `Hòa Bình`
    pub province_name: String,
    /// `huyện Tân Lạc` (or `xã Tân Phong` after the 2025 reform)
    pub district: String,
    /// `Tân Lạc`
    pub district_name: String,
}

impl Place {
    pub(crate) fn new(
        province_full: String,
        province_name: String,
        district: Option<&District>,
        commune: &str,
    ) -> Self {
        let (district, district_name) = match district {
            Some(d) => (d.full_name(), d.name.clone()),
            None => (format!("xã {commune}"), commune.to_string()),
        };
        Place {
            province: province_full,
            province_name,
            district,
            district_name,
        }
    }
}

/// Text under construction plus the facts found in it.
pub(crate) struct Writer<'t> {
    pub rng: ChaCha8Rng,
    pub t: &'t Templates,
    pub place: Place,
    pub topic: &'t str,
    pub published: NaiveDate,
    pub text: String,
    pub facts: Vec<GoldFact>,
    /// False while writing chrome: fact-like words there are not facts.
    pub record: bool,
    /// Addresses of the templates used so far, so an article rarely repeats a sentence.
    pub used: Vec<usize>,
}

fn pick<'a, T, R: Rng>(rng: &mut R, list: &'a [T]) -> &'a T {
    // Lists are checked non-empty when the templates are parsed.
    &list[rng.gen_range(0..list.len())]
}

impl<'t> Writer<'t> {
    /// Write one template.
    pub(crate) fn template(&mut self, template: &Template) {
        for piece in template {
            match piece {
                Piece::Lit(s) => self.text.push_str(s),
                Piece::Slot {
                    slot,
                    param,
                    capitalize,
                } => {
                    let at = self.text.len();
                    self.slot(*slot, param.as_deref());
                    if *capitalize {
                        capitalize_at(&mut self.text, at);
                    }
                }
            }
        }
    }

    /// Pick one template of a list and write it.
    pub(crate) fn one_of(&mut self, list: &'t [Template]) {
        let mut template = pick(&mut self.rng, list);
        for _ in 0..4 {
            if !self.used.contains(&(template as *const Template as usize)) {
                break;
            }
            template = pick(&mut self.rng, list);
        }
        self.used.push(template as *const Template as usize);
        self.template(template);
    }

    fn fact(&mut self, start: usize, value: FactValue) {
        if self.record {
            let text = self.text[start..].to_string();
            self.facts.push(GoldFact {
                value,
                span: [start, self.text.len()],
                text,
            });
        }
    }

    fn year(&self) -> i32 {
        self.published.year()
    }

    fn slot(&mut self, slot: Slot, param: Option<&str>) {
        use Slot::*;
        let t = self.t;
        match slot {
            Class => self.count(&t.counts.class, CountCategory::Class, 1..31),
            Event => self.count(&t.counts.event, CountCategory::Event, 1..16),
            Docs => self.count(&t.counts.document, CountCategory::Document, 2..61),
            Model => self.count(&t.counts.model, CountCategory::Model, 2..41),
            Orgs => self.count(&t.counts.organization, CountCategory::Organization, 2..61),
            Media => self.count(&t.counts.media, CountCategory::Media, 5..5001),
            Item => self.count(&t.counts.item, CountCategory::Item, 10..2001),
            Attendees => self.participants(ParticipantRole::Attendee, 30..1201, param),
            Visits => self.visits(),
            Trainees => self.participants(ParticipantRole::Trainee, 20..251, param),
            Beneficiaries => self.participants(ParticipantRole::Beneficiary, 10..601, param),
            Recipients => self.participants(ParticipantRole::Recipient, 10..401, param),
            Budget => self.money(MoneyRole::Budget),
            Gift => self.money(MoneyRole::Gift),
            Support => self.money(MoneyRole::Support),
            Rate => self.rate(),
            Decision => self.admin_document(None),
            Plan => self.admin_document(Some("KH")),
            Legal => self.legal_document(),
            Party => self.party_document(),
            Letter => self.letter(),
            Law => self.law(),
            Target => self.target(param.unwrap_or("chỉ tiêu")),
            Percent => self.percent(param.unwrap_or("")),
            Period => self.period(),
            Person => self.person(true),
            Titled => self.person(false),
            Province => self.text.push_str(&self.place.province),
            ProvinceName => self.text.push_str(&self.place.province_name),
            District => self.text.push_str(&self.place.district),
            DistrictName => self.text.push_str(&self.place.district_name),
            Agency => self.organization(false),
            Union => self.organization(true),
            Topic => {
                let topic = if self.rng.gen_bool(0.8) {
                    self.topic
                } else {
                    pick(&mut self.rng, &t.vocab.topics)
                };
                self.text.push_str(topic);
            }
            Year => self.push_display(self.year()),
            PrevYear => self.push_display(self.year() - 1),
            Day => {
                let d = self.published - chrono::Duration::days(self.rng.gen_range(0..4));
                let s = if self.rng.gen_bool(0.7) {
                    format!("{}/{}", d.day(), d.month())
                } else {
                    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
                };
                self.text.push_str(&s);
            }
            Venue => {
                let v = pick(&mut self.rng, &t.vocab.venues);
                self.text.push_str(v);
            }
            Commune => {
                let c = pick(&mut self.rng, &t.vocab.communes);
                self.text.push_str("xã ");
                self.text.push_str(c);
            }
            Duration => {
                let s = match self.rng.gen_range(0..4) {
                    0 => format!("0{} ngày", self.rng.gen_range(1..6)),
                    1 => format!("{} ngày", self.rng.gen_range(1..6)),
                    2 => format!("{} tháng", self.rng.gen_range(2..13)),
                    _ => format!("{} năm", self.rng.gen_range(2..6)),
                };
                self.text.push_str(&s);
            }
            Ordinal => {
                let s = format!("lần thứ {}", self.rng.gen_range(2..15));
                self.text.push_str(&s);
            }
            Term => {
                let start = if self.year() >= 2025 { 2025 } else { 2020 };
                self.text
                    .push_str(&format!("nhiệm kỳ {start}-{}", start + 5));
            }
            SchoolYear => {
                let y = self.year();
                self.text.push_str(&format!("năm học {}-{y}", y - 1));
            }
            Address => {
                let street = pick(&mut self.rng, &t.vocab.streets);
                let s = format!("số {} đường {street}", self.rng.gen_range(1..400));
                self.text.push_str(&s);
            }
            Anniversary => {
                let a = pick(&mut self.rng, &t.vocab.anniversaries);
                let n = self.rng.gen_range(60..96).to_string();
                self.text.push_str(&a.replace("{n}", &n));
            }
            IntlDay => {
                let d = pick(&mut self.rng, &t.vocab.intl_days);
                self.text.push_str(d);
            }
        }
    }

    fn push_display(&mut self, v: impl std::fmt::Display) {
        use std::fmt::Write;
        let _ = write!(self.text, "{v}");
    }

    fn organization(&mut self, union: bool) {
        let list = if union {
            &self.t.vocab.unions
        } else {
            &self.t.vocab.agencies
        };
        let org = pick(&mut self.rng, list);
        self.text.push_str(org);
        if org.ends_with(" huyện") {
            self.text.push(' ');
            self.text.push_str(&self.place.district_name);
        } else if org.ends_with(" tỉnh") && self.rng.gen_bool(0.4) {
            self.text.push(' ');
            self.text.push_str(&self.place.province_name);
        }
    }

    fn qualifier(&mut self) -> Qualifier {
        let (q, word) = match self.rng.gen_range(0..100) {
            0..=49 => return Qualifier::Exact,
            50..=57 => (Qualifier::Approx, "khoảng"),
            58..=61 => (Qualifier::Approx, "gần"),
            62..=64 => (Qualifier::Approx, "xấp xỉ"),
            65..=84 => (Qualifier::MoreThan, "hơn"),
            85..=92 => (Qualifier::MoreThan, "trên"),
            93..=96 => (Qualifier::AtLeast, "ít nhất"),
            _ => (Qualifier::LessThan, "dưới"),
        };
        self.text.push_str(word);
        self.text.push(' ');
        q
    }

    fn count(
        &mut self,
        units: &'t [[String; 2]],
        category: CountCategory,
        range: std::ops::Range<u64>,
    ) {
        let start = self.text.len();
        let qualifier = if matches!(category, CountCategory::Media | CountCategory::Item)
            && self.rng.gen_bool(0.2)
        {
            self.text.push_str("trên ");
            Qualifier::MoreThan
        } else {
            Qualifier::Exact
        };
        let [phrase, unit] = pick(&mut self.rng, units);
        let n = self.rng.gen_range(range);
        let q = numbers::quantity(&mut self.rng, n);
        self.text.push_str(&q);
        self.text.push(' ');
        self.text.push_str(phrase);
        self.fact(
            start,
            FactValue::Count(Count {
                quantity: n,
                unit: unit.clone(),
                category,
                qualifier,
            }),
        );
    }

    /// `unit` (a template parameter) fixes the unit where only one fits.
    fn participants(
        &mut self,
        role: ParticipantRole,
        range: std::ops::Range<u64>,
        unit: Option<&str>,
    ) {
        let units = match role {
            ParticipantRole::Trainee => &self.t.participants.trainee,
            ParticipantRole::Beneficiary => &self.t.participants.beneficiary,
            ParticipantRole::Recipient => &self.t.participants.recipient,
            _ => &self.t.participants.attendee,
        };
        let unit = match unit {
            Some(u) => u.to_string(),
            None => pick(&mut self.rng, units).clone(),
        };
        let start = self.text.len();
        let qualifier = self.qualifier();
        let n = self.rng.gen_range(range);
        self.text.push_str(&numbers::grouped(n));
        self.text.push(' ');
        self.text.push_str(&unit);
        self.fact(
            start,
            FactValue::Participants(Participants {
                quantity: n,
                qualifier,
                role,
                person_times: unit.starts_with("lượt"),
                unit,
            }),
        );
    }

    fn visits(&mut self) {
        let start = self.text.len();
        let qualifier = self.qualifier();
        let n = self.rng.gen_range(200..20_001u64);
        self.text.push_str(&numbers::grouped(n));
        self.text.push_str(" lượt người");
        self.fact(
            start,
            FactValue::Participants(Participants {
                quantity: n,
                qualifier,
                role: ParticipantRole::Attendee,
                unit: "lượt người".into(),
                person_times: true,
            }),
        );
    }

    fn money(&mut self, role: MoneyRole) {
        let start = self.text.len();
        let qualifier = if self.rng.gen_bool(0.2) {
            self.qualifier()
        } else {
            Qualifier::Exact
        };
        let Amount {
            text,
            value,
            currency,
        } = numbers::amount(&mut self.rng);
        self.text.push_str(&text);
        self.fact(
            start,
            FactValue::Money(Money {
                amount: value,
                currency: currency.into(),
                qualifier,
                role,
                per: None,
            }),
        );
    }

    fn rate(&mut self) {
        let start = self.text.len();
        let Amount {
            text,
            value,
            currency,
        } = numbers::rate(&mut self.rng);
        let per = *pick(&mut self.rng, &["người", "học viên", "hộ", "suất", "ngày"]);
        self.text.push_str(&text);
        self.text.push('/');
        self.text.push_str(per);
        self.fact(
            start,
            FactValue::Money(Money {
                amount: value,
                currency: currency.into(),
                qualifier: Qualifier::Exact,
                role: MoneyRole::Support,
                per: Some(per.into()),
            }),
        );
    }

    /// A date before publication, within `max_days`.
    fn past_date(&mut self, max_days: i64) -> NaiveDate {
        self.published - Duration::days(self.rng.gen_range(1..max_days))
    }

    /// ` ngày 12/3/2024` (sometimes year-less within the publication year).
    fn issued(&mut self, d: NaiveDate) -> NaiveDate {
        self.text.push_str(" ngày ");
        if d.year() == self.year() && self.rng.gen_bool(0.15) {
            let s = format!("{:02}/{:02}", d.day(), d.month());
            self.text.push_str(&s);
        } else {
            let s = numbers::date(&mut self.rng, d);
            self.text.push_str(&s);
        }
        d
    }

    fn number(&mut self) -> (String, String) {
        let n: u32 = self.rng.gen_range(1..4000);
        let written = if n < 10 && self.rng.gen_bool(0.5) {
            format!("0{n}")
        } else {
            n.to_string()
        };
        (written, n.to_string())
    }

    fn subject(&mut self) -> Option<String> {
        if !self.rng.gen_bool(0.4) {
            return None;
        }
        let s = pick(&mut self.rng, &self.t.vocab.subjects).clone();
        self.text.push_str(if self.rng.gen_bool(0.5) {
            " về việc "
        } else {
            " về "
        });
        self.text.push_str(&s);
        Some(s)
    }

    fn doc_type(name: &str) -> DocType {
        match name {
            "decision" => DocType::Decision,
            "plan" => DocType::Plan,
            "resolution" => DocType::Resolution,
            "directive" => DocType::Directive,
            "decree" => DocType::Decree,
            "circular" => DocType::Circular,
            "joint_circular" => DocType::JointCircular,
            "notice" => DocType::Notice,
            "report" => DocType::Report,
            "guidance" => DocType::Guidance,
            "program" => DocType::Program,
            "scheme" => DocType::Scheme,
            "submission" => DocType::Submission,
            "regulation" => DocType::Regulation,
            "official_letter" => DocType::OfficialLetter,
            "law" => DocType::Law,
            _ => DocType::Other,
        }
    }

    fn admin_document(&mut self, code: Option<&str>) {
        let t = self.t;
        let kinds = &t.documents.admin;
        let [type_code, doc_type, word] = match code {
            Some(c) => kinds.iter().find(|k| k[0] == c).unwrap_or(&kinds[0]),
            None => pick(&mut self.rng, kinds),
        };
        let [issuer_code, issuer_name] = pick(&mut self.rng, &t.documents.issuers);
        let (written, number) = self.number();
        self.text.push_str(word);
        self.text.push_str(if self.rng.gen_bool(0.8) {
            " số "
        } else {
            " "
        });
        let start = self.text.len();
        let symbol = format!("{type_code}-{issuer_code}").to_uppercase();
        self.text.push_str(&written);
        self.text.push('/');
        self.text.push_str(&format!("{type_code}-{issuer_code}"));
        let end = self.text.len();
        let issued = if self.rng.gen_bool(0.7) {
            let d = self.past_date(900);
            Some(self.issued(d))
        } else {
            None
        };
        let issuer = if self.rng.gen_bool(0.4) {
            let full = self.issuer_with_place(issuer_name);
            self.text.push_str(" của ");
            self.text.push_str(&full);
            Some(full)
        } else {
            None
        };
        let subject = self.subject();
        let value = FactValue::Document(Document {
            id: format!("{number}/{symbol}"),
            doc_type: Self::doc_type(doc_type),
            number: Some(written),
            year: None,
            symbol: Some(symbol),
            issued,
            issuer,
            subject,
        });
        self.fact_span(start, end, value);
    }

    fn issuer_with_place(&self, issuer: &str) -> String {
        if issuer.ends_with(" tỉnh") {
            format!("{issuer} {}", self.place.province_name)
        } else if issuer.ends_with(" huyện") {
            format!("{issuer} {}", self.place.district_name)
        } else {
            issuer.to_string()
        }
    }

    /// Record a fact whose surface is `start..end`, already written.
    fn fact_span(&mut self, start: usize, end: usize, value: FactValue) {
        if self.record {
            self.facts.push(GoldFact {
                value,
                span: [start, end],
                text: self.text[start..end].to_string(),
            });
        }
    }

    fn legal_document(&mut self) {
        let t = self.t;
        let [symbol, doc_type, word, issuer] = pick(&mut self.rng, &t.documents.legal);
        let year = self.rng.gen_range(2005..=self.year());
        let n: u32 = self.rng.gen_range(1..250);
        let written = if n < 10 && self.rng.gen_bool(0.5) {
            format!("0{n}")
        } else {
            n.to_string()
        };
        let number = n.to_string();
        self.text.push_str(word);
        self.text.push_str(" số ");
        let start = self.text.len();
        self.text.push_str(&format!("{written}/{year}/{symbol}"));
        let end = self.text.len();
        let issued = if self.rng.gen_bool(0.5) {
            let latest = if year == self.year() {
                self.published
            } else {
                end_of_year(year)
            };
            let d = latest - Duration::days(self.rng.gen_range(1..120));
            (d.year() == year).then(|| self.issued(d))
        } else {
            None
        };
        let issuer = self.maybe_issuer(0.3, issuer);
        let value = FactValue::Document(Document {
            id: format!("{number}/{year}/{}", symbol.to_uppercase()),
            doc_type: Self::doc_type(doc_type),
            number: Some(written),
            year: Some(year),
            symbol: Some(symbol.to_uppercase()),
            issued,
            issuer,
            subject: None,
        });
        self.fact_span(start, end, value);
    }

    /// With probability `p`, ` của ISSUER` after a document number.
    fn maybe_issuer(&mut self, p: f64, issuer: &str) -> Option<String> {
        self.rng.gen_bool(p).then(|| {
            self.text.push_str(" của ");
            self.text.push_str(issuer);
            issuer.to_string()
        })
    }

    fn party_document(&mut self) {
        let t = self.t;
        let [code, doc_type, word] = pick(&mut self.rng, &t.documents.party);
        let [issuer_code, issuer_name] = pick(&mut self.rng, &t.documents.party_issuers);
        let n = self.rng.gen_range(1..500u32);
        self.text.push_str(word);
        self.text.push_str(if self.rng.gen_bool(0.7) {
            " số "
        } else {
            " "
        });
        let start = self.text.len();
        let id = format!("{n}-{code}/{issuer_code}");
        self.text.push_str(&id);
        let end = self.text.len();
        let issued = if self.rng.gen_bool(0.5) {
            let d = self.past_date(2500);
            Some(self.issued(d))
        } else {
            None
        };
        let issuer = self.maybe_issuer(0.4, issuer_name);
        let value = FactValue::Document(Document {
            id: id.to_uppercase(),
            doc_type: Self::doc_type(doc_type),
            number: Some(n.to_string()),
            year: None,
            symbol: Some(format!("{code}/{issuer_code}").to_uppercase()),
            issued,
            issuer,
            subject: None,
        });
        self.fact_span(start, end, value);
    }

    fn letter(&mut self) {
        let t = self.t;
        let [symbol, issuer] = pick(&mut self.rng, &t.documents.letters);
        let (written, number) = self.number();
        self.text.push_str(if self.rng.gen_bool(0.6) {
            "Công văn số "
        } else {
            "Văn bản số "
        });
        let start = self.text.len();
        self.text.push_str(&format!("{written}/{symbol}"));
        let end = self.text.len();
        let d = self.past_date(200);
        let issued = self.issued(d);
        let subject = self.subject();
        let value = FactValue::Document(Document {
            id: format!("{number}/{}", symbol.to_uppercase()),
            doc_type: DocType::OfficialLetter,
            number: Some(written),
            year: None,
            symbol: Some(symbol.to_uppercase()),
            issued: Some(issued),
            issuer: Some(issuer.clone()),
            subject,
        });
        self.fact_span(start, end, value);
    }

    fn law(&mut self) {
        let year_now = self.year();
        let laws: Vec<&[String; 2]> = self
            .t
            .vocab
            .laws
            .iter()
            .filter(|l| l[1].parse::<i32>().is_ok_and(|y| y <= year_now))
            .collect();
        let Some([name, passed]) = laws.choose(&mut self.rng).copied() else {
            self.text.push_str("Hiến pháp năm 2013");
            return;
        };
        let start = self.text.len();
        self.text.push_str(name);
        let end = self.text.len();
        let year = if self.rng.gen_bool(0.4) {
            self.text.push_str(" năm ");
            self.text.push_str(passed);
            passed.parse().ok()
        } else {
            None
        };
        let value = FactValue::Document(Document {
            id: name.clone(),
            doc_type: DocType::Law,
            number: None,
            year,
            symbol: None,
            issued: None,
            issuer: None,
            subject: None,
        });
        self.fact_span(start, end, value);
    }

    fn target(&mut self, subject: &str) {
        let d = self.rng.gen_range(5..41u64);
        let n = self.rng.gen_range(d / 2..=d);
        let start = self.text.len();
        self.text.push_str(&format!("{n}/{d} {subject}"));
        self.fact(
            start,
            FactValue::Ratio(Ratio {
                numerator: Some(n),
                denominator: Some(d),
                percent: None,
                subject: subject.to_string(),
                qualifier: Qualifier::Exact,
            }),
        );
    }

    fn percent(&mut self, subject: &str) {
        let tenths: u32 = match self.rng.gen_range(0..10) {
            0..=1 => 1000,
            2..=3 => self.rng.gen_range(10..100) * 10,
            _ => self.rng.gen_range(5..1000),
        };
        let text = if tenths.is_multiple_of(10) {
            format!("{}%", tenths / 10)
        } else {
            format!("{},{}%", tenths / 10, tenths % 10)
        };
        let start = self.text.len();
        self.text.push_str(&text);
        self.fact(
            start,
            FactValue::Ratio(Ratio {
                numerator: None,
                denominator: None,
                percent: Some(f64::from(tenths) / 10.0),
                subject: subject.to_string(),
                qualifier: Qualifier::Exact,
            }),
        );
    }

    fn period(&mut self) {
        const SPANS: [(i32, i32); 9] = [
            (2011, 2020),
            (2016, 2020),
            (2016, 2025),
            (2018, 2025),
            (2021, 2025),
            (2021, 2030),
            (2022, 2025),
            (2023, 2030),
            (2026, 2030),
        ];
        let year = self.year();
        let fitting: Vec<(i32, i32)> = SPANS
            .iter()
            .copied()
            .filter(|&(a, b)| a <= year + 1 && b >= year - 1)
            .collect();
        let (a, b) = fitting
            .choose(&mut self.rng)
            .copied()
            .unwrap_or((year - 4, year));
        let start = self.text.len();
        let dash = if self.rng.gen_bool(0.6) { "-" } else { " - " };
        self.text.push_str(&format!("giai đoạn {a}{dash}{b}"));
        self.fact(start, FactValue::Period(Period { start: a, end: b }));
    }

    fn person(&mut self, honorific_first: bool) {
        let v = &self.t.vocab;
        let male = self.rng.gen_bool(0.55);
        let surname = pick(&mut self.rng, &v.surnames);
        let (middle, given) = if male {
            (
                pick(&mut self.rng, &v.male_middle),
                pick(&mut self.rng, &v.male_given),
            )
        } else {
            (
                pick(&mut self.rng, &v.female_middle),
                pick(&mut self.rng, &v.female_given),
            )
        };
        let name = format!("{surname} {middle} {given}");
        let title = self.title(!honorific_first);
        if honorific_first {
            let (written, honorific) = match self.rng.gen_range(0..10) {
                0..=4 => ("đồng chí", "đồng chí"),
                5..=6 => ("đ/c", "đồng chí"),
                _ if male => ("ông", "ông"),
                _ => ("bà", "bà"),
            };
            self.text.push_str(written);
            self.text.push(' ');
            let start = self.text.len();
            self.text.push_str(&name);
            let end = self.text.len();
            self.text
                .push_str(if self.rng.gen_bool(0.7) { ", " } else { " - " });
            self.text.push_str(&title);
            self.fact_span(
                start,
                end,
                FactValue::Person(Person {
                    name,
                    title: Some(title),
                    honorific: Some(honorific.into()),
                }),
            );
        } else {
            self.text.push_str(&title);
            self.text.push(' ');
            let start = self.text.len();
            self.text.push_str(&name);
            let end = self.text.len();
            self.fact_span(
                start,
                end,
                FactValue::Person(Person {
                    name,
                    title: Some(title),
                    honorific: None,
                }),
            );
        }
    }

    /// A title; `before_name` titles always end in a place name, so the
    /// person's name cannot read as the place (`UBND huyện Hà Thị Huyền`).
    fn title(&mut self, before_name: bool) -> String {
        let title = pick(&mut self.rng, &self.t.vocab.titles).clone();
        if title.ends_with(" huyện") && (before_name || self.rng.gen_bool(0.6)) {
            format!("{title} {}", self.place.district_name)
        } else if title.ends_with(" tỉnh") && (before_name || self.rng.gen_bool(0.3)) {
            format!("{title} {}", self.place.province_name)
        } else {
            title
        }
    }
}

fn end_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MIN)
}

/// Upper-case the char at byte `at` when that keeps the byte length (it
/// does for every Vietnamese letter), so recorded offsets stay valid.
pub(crate) fn capitalize_at(text: &mut String, at: usize) {
    let Some(c) = text[at..].chars().next() else {
        return;
    };
    let upper: String = c.to_uppercase().collect();
    if upper.len() == c.len_utf8() {
        text.replace_range(at..at + c.len_utf8(), &upper);
    }
}
