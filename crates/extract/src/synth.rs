//! A deterministic generator of synthetic Vietnamese government news with
//! ground-truth facts, for scale tests and benchmarks (issue 3, "Scale").
//!
//! Articles are written from our own templates (`data/synth/templates.toml`)
//! and the gazetteer: portal chrome at top and bottom (visitor counters,
//! font-size widget, "today" banner, teasers of other articles), a headline,
//! the article's own date line, a lead, paragraphs mixing fact sentences,
//! filler and distractors (durations, ordinals, terms of office, addresses),
//! and a byline. Each fact is recorded as its words are written, so the gold
//! is exact by construction, with the span of its surface text.
//!
//! Article `i` of seed `s` depends only on `(s, i)` (one ChaCha stream per
//! article), so a corpus can be generated in parallel, resumed, or sliced,
//! and the same seed always gives the same bytes.

mod numbers;
mod render;
mod templates;

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::gazetteer::{DistrictKind, DistrictStatus, Gazetteer, GazetteerError};
use crate::model::{ArticleMeta, FactValue};
use render::{capitalize_at, Place, Writer};
use templates::{Template, Templates, TEMPLATES_TOML};

/// The generator cannot start: its embedded data does not parse.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("synth template {template:?}: {message} (edit data/synth/templates.toml)")]
    Template { template: String, message: String },
    #[error("data/synth/templates.toml does not parse: {0}")]
    Toml(String),
    #[error("gazetteer: {0}")]
    Gazetteer(String),
}

impl From<&GazetteerError> for SynthError {
    fn from(e: &GazetteerError) -> Self {
        SynthError::Gazetteer(e.to_string())
    }
}

/// One ground-truth fact: the FACTS.md value plus where its words are.
///
/// The span is `span: [start, end]` rather than `start`/`end` because a
/// `period` fact already uses `start` and `end` for its years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldFact {
    #[serde(flatten)]
    pub value: FactValue,
    /// Surface text of the fact, exactly `text[span[0]..span[1]]` of the body.
    pub text: String,
    /// Byte offsets in the article body.
    pub span: [usize; 2],
}

/// One generated article with its metadata and ground truth.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthArticle {
    /// File name, also the gold `article` key: `synth-<seed>-<index>.txt`.
    pub name: String,
    pub url: String,
    /// Portal host, e.g. `sldtbxh.hoabinh.gov.vn`.
    pub source: String,
    /// Canonical province name as of the publication date.
    pub province: String,
    pub title: String,
    /// `2024-07-23T11:52`, or `2024-07-23` when the date line has no time.
    pub published: String,
    /// Byline; None for a source credit (`Theo TTXVN`).
    pub author: Option<String>,
    /// Body, chrome included, in normalized form.
    pub text: String,
    pub facts: Vec<GoldFact>,
}

#[derive(Serialize)]
struct GoldLine<'a> {
    article: &'a str,
    url: &'a str,
    meta: GoldMeta<'a>,
    text: &'a str,
    facts: &'a [GoldFact],
}

#[derive(Serialize)]
struct GoldMeta<'a> {
    title: &'a str,
    published: &'a str,
    province: &'a str,
    author: Option<&'a str>,
    source: &'a str,
}

impl SynthArticle {
    /// Metadata in the model's shape.
    pub fn meta(&self) -> ArticleMeta {
        ArticleMeta {
            title: Some(self.title.clone()),
            published: Some(self.published.clone()),
            province: Some(self.province.clone()),
            author: self.author.clone(),
            source: Some(self.source.clone()),
        }
    }

    /// Append this article as one gold JSON line (with the trailing newline).
    pub fn write_json_line(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let line = GoldLine {
            article: &self.name,
            url: &self.url,
            meta: GoldMeta {
                title: &self.title,
                published: &self.published,
                province: &self.province,
                author: self.author.as_deref(),
                source: &self.source,
            },
            text: &self.text,
            facts: &self.facts,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.push(b'\n');
        Ok(())
    }
}

/// Parsed templates, shared by every generator of the process.
fn embedded_templates() -> Result<&'static Templates, &'static SynthError> {
    static CELL: OnceLock<Result<Templates, SynthError>> = OnceLock::new();
    CELL.get_or_init(|| Templates::parse(TEMPLATES_TOML))
        .as_ref()
}

/// Where an article may be set: a province with its rural districts.
struct Setting {
    province: usize,
    districts: Vec<usize>,
}

/// Deterministic article generator for one seed.
pub struct Generator {
    seed: u64,
    templates: &'static Templates,
    gazetteer: &'static Gazetteer,
    settings: Vec<Setting>,
}

/// The 2025 two-tier reform: from this date articles name the 34 provinces.
fn reform_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or(NaiveDate::MAX)
}

impl Generator {
    pub fn new(seed: u64) -> Result<Generator, SynthError> {
        let templates = embedded_templates().map_err(|e| SynthError::Toml(e.to_string()))?;
        let gazetteer = Gazetteer::embedded()?;
        let settings = gazetteer
            .provinces()
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let listed = |kinds: &[DistrictKind]| -> Vec<usize> {
                    gazetteer
                        .districts()
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| {
                            d.status == DistrictStatus::Listed2024
                                && kinds.contains(&d.kind)
                                && std::ptr::eq(gazetteer.province_of(d), p)
                        })
                        .map(|(i, _)| i)
                        .collect()
                };
                // Agencies and titles say "huyện", so prefer rural districts.
                let mut districts = listed(&[DistrictKind::Huyen]);
                if districts.is_empty() {
                    districts = listed(&[
                        DistrictKind::Quan,
                        DistrictKind::ThiXa,
                        DistrictKind::ThanhPho,
                    ]);
                }
                Setting {
                    province: pi,
                    districts,
                }
            })
            .collect();
        Ok(Generator {
            seed,
            templates,
            gazetteer,
            settings,
        })
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The file name of article `i`.
    pub fn name(&self, i: u64) -> String {
        format!("synth-{}-{i:08}.txt", self.seed)
    }

    /// Articles `0..n` as extraction inputs, bodies only: every metadata
    /// field is left for the text to give, the full work (what the
    /// benchmarks time).
    pub fn bodies(&self, n: u64) -> Vec<crate::pipeline::Input> {
        (0..n)
            .map(|i| {
                let a = self.generate(i);
                crate::pipeline::Input {
                    name: a.name,
                    text: a.text,
                    ..Default::default()
                }
            })
            .collect()
    }

    /// Article `i` of this seed; the same `(seed, i)` always gives the same article.
    pub fn generate(&self, i: u64) -> SynthArticle {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(i);
        let published = random_datetime(&mut rng);
        let (place, province, slug) = self.place(&mut rng, published.date());
        let topic =
            &self.templates.vocab.topics[rng.gen_range(0..self.templates.vocab.topics.len())];
        let mut w = Writer {
            rng,
            t: self.templates,
            place,
            topic,
            published: published.date(),
            text: String::with_capacity(8192),
            facts: Vec::new(),
            record: false,
            used: Vec::with_capacity(64),
        };
        let (title, published_meta) = write_head(&mut w, published);
        write_body(&mut w);
        let author = write_byline(&mut w);
        write_tail(&mut w);
        let source = format!(
            "{}{slug}.gov.vn",
            ["", "sldtbxh.", "phunu.", "snv."][w.rng.gen_range(0..4)]
        );
        let url = format!("https://{source}/tin-tuc/{}-{i}.html", url_slug(&title));
        SynthArticle {
            name: self.name(i),
            url,
            source,
            province,
            title,
            published: published_meta,
            author,
            text: w.text,
            facts: w.facts,
        }
    }

    /// The setting: place names as written, canonical province, host slug.
    fn place(&self, rng: &mut ChaCha8Rng, date: NaiveDate) -> (Place, String, String) {
        let g = self.gazetteer;
        let setting = &self.settings[rng.gen_range(0..self.settings.len())];
        let province = &g.provinces()[setting.province];
        let communes = &self.templates.vocab.communes;
        let commune = &communes[rng.gen_range(0..communes.len())];
        if date >= reform_date() {
            let new = g.new_province_of(province);
            let full = format!("{} {}", new.kind.word(), new.name);
            let slug = host_slug(&new.name);
            return (
                Place::new(full, new.name.clone(), None, commune),
                new.name.clone(),
                slug,
            );
        }
        let district = (!setting.districts.is_empty())
            .then(|| &g.districts()[setting.districts[rng.gen_range(0..setting.districts.len())]]);
        let place = Place::new(
            province.full_name(),
            province.name.clone(),
            district,
            commune,
        );
        (place, province.name.clone(), host_slug(&province.name))
    }
}

/// A publication date-time between 2015-01-01 and 2025-12-31, office hours.
fn random_datetime(rng: &mut ChaCha8Rng) -> NaiveDateTime {
    let first = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or(NaiveDate::MIN);
    let date = first + Duration::days(rng.gen_range(0..4018));
    let time = NaiveTime::from_hms_opt(rng.gen_range(6..22), rng.gen_range(0..60), 0)
        .unwrap_or(NaiveTime::MIN);
    date.and_time(time)
}

fn dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Top chrome, headline and date line. Returns (title, published for meta).
fn write_head(w: &mut Writer<'_>, published: NaiveDateTime) -> (String, String) {
    w.record = false;
    let t = w.t;
    if w.rng.gen_bool(0.5) {
        let visits = numbers::grouped(w.rng.gen_range(10_000..5_000_000));
        w.text.push_str(&format!("Tổng truy cập: {visits}\n"));
    }
    if w.rng.gen_bool(0.3) {
        let online = w.rng.gen_range(2..400);
        w.text.push_str(&format!("Đang truy cập: {online}\n"));
    }
    if w.rng.gen_bool(0.5) {
        w.text.push_str("Mặc định Cỡ chữ\n");
    }
    if w.rng.gen_bool(0.4) {
        let today = published.date() + Duration::days(w.rng.gen_range(1..700));
        w.text.push_str(&format!(
            "{}, ngày {}\n",
            numbers::weekday(today),
            dmy(today)
        ));
    }
    if w.rng.gen_bool(0.5) {
        let section = &t.vocab.sections[w.rng.gen_range(0..t.vocab.sections.len())];
        w.text.push_str(&format!("Trang chủ > {section}\n"));
    }
    let date_first = w.rng.gen_bool(0.3);
    let (date_line, with_time) = date_line(w, published);
    if date_first {
        w.text.push_str(&date_line);
        w.text.push('\n');
    }
    let title_start = w.text.len();
    let template = &t.titles[w.rng.gen_range(0..t.titles.len())];
    w.template(template);
    capitalize_at(&mut w.text, title_start);
    let title = w.text[title_start..].to_string();
    w.text.push('\n');
    if !date_first {
        w.text.push_str(&date_line);
        w.text.push('\n');
    }
    w.text.push('\n');
    let meta = crate::iso::date_time(published.date(), with_time.then(|| published.time()));
    (title, meta)
}

/// The article's own date line in one of the portal styles.
fn date_line(w: &mut Writer<'_>, at: NaiveDateTime) -> (String, bool) {
    let d = at.date();
    let hm = at.format("%H:%M").to_string();
    match w.rng.gen_range(0..5) {
        0 => (format!("{} {hm}", dmy(d)), true),
        1 => (format!("{}, {} - {hm}", numbers::weekday(d), dmy(d)), true),
        2 => (format!("Ngày đăng: {}", dmy(d)), false),
        3 => (
            format!(
                "{}, NGÀY {:02} THÁNG {:02} NĂM {} {hm}",
                numbers::weekday(d).to_uppercase(),
                d.day(),
                d.month(),
                d.year()
            ),
            true,
        ),
        _ => (format!("Cập nhật lúc {hm} ngày {}", dmy(d)), true),
    }
}

/// Lead and paragraphs up to a random target size of 1–8 KB.
fn write_body(w: &mut Writer<'_>) {
    w.record = true;
    let t = w.t;
    let target = w.rng.gen_range(1000..7600usize);
    let paragraph_break = if w.rng.gen_bool(0.5) { "\n\n" } else { "\n" };
    w.one_of(&t.leads);
    loop {
        w.text.push_str(paragraph_break);
        let sentences = w.rng.gen_range(2..6);
        for s in 0..sentences {
            if s > 0 {
                w.text.push(' ');
            }
            let list = sentence_kind(w);
            let at = w.text.len();
            w.one_of(list);
            capitalize_at(&mut w.text, at);
        }
        if w.text.len() >= target {
            break;
        }
    }
    w.text.push(' ');
    w.one_of(&t.closings);
    w.text.push_str(paragraph_break);
}

/// What the next sentence states (weights tuned to look like the seeds).
fn sentence_kind<'t>(w: &mut Writer<'t>) -> &'t [Template] {
    let t = w.t;
    match w.rng.gen_range(0..100) {
        0..=19 => &t.facts.count,
        20..=31 => &t.facts.participants,
        32..=41 => &t.facts.money,
        42..=53 => &t.facts.document,
        54..=59 => &t.facts.ratio,
        60..=63 => &t.facts.period,
        64..=71 => &t.facts.person,
        72..=91 => &t.filler,
        _ => &t.distractor,
    }
}

/// Byline or source credit; returns the author for the metadata.
fn write_byline(w: &mut Writer<'_>) -> Option<String> {
    w.record = false;
    let v = &w.t.vocab;
    let author = match w.rng.gen_range(0..10) {
        0..=5 => {
            let a = v.bylines[w.rng.gen_range(0..v.bylines.len())].clone();
            w.text.push_str(&a);
            Some(a)
        }
        6 => {
            let a = v.bylines[w.rng.gen_range(0..v.bylines.len())].clone();
            w.text.push_str("Tin, ảnh: ");
            w.text.push_str(&a);
            Some(a)
        }
        7..=8 => {
            let org = &v.byline_orgs[w.rng.gen_range(0..v.byline_orgs.len())];
            let a = if org.ends_with(" huyện") {
                format!("{org} {}", w.place.district_name)
            } else {
                org.clone()
            };
            w.text.push_str(&a);
            Some(a)
        }
        _ => {
            let c = &v.credits[w.rng.gen_range(0..v.credits.len())];
            w.text.push_str(c);
            None
        }
    };
    w.text.push('\n');
    author
}

/// Teasers of other articles and counters: chrome, never facts.
fn write_tail(w: &mut Writer<'_>) {
    w.record = false;
    let t = w.t;
    w.text.push('\n');
    if w.rng.gen_bool(0.8) {
        w.text.push_str("Các tin khác\n");
        for _ in 0..w.rng.gen_range(3..7) {
            let at = w.text.len();
            w.one_of(&t.teasers);
            capitalize_at(&mut w.text, at);
            let d = w.published - Duration::days(w.rng.gen_range(1..90));
            w.text.push_str(&format!(" ({})\n", dmy(d)));
        }
    }
    match w.rng.gen_range(0..3) {
        0 => w
            .text
            .push_str(&format!("Lượt xem: {}\n", w.rng.gen_range(10..20_000))),
        1 => w
            .text
            .push_str(&format!("View Count: {}\n", w.rng.gen_range(10..20_000))),
        _ => {}
    }
}

/// `Hòa Bình` -> `hoabinh` for a portal host name.
fn host_slug(name: &str) -> String {
    vnfacts_text::fold::fold(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// `Tập huấn về bình đẳng giới` -> `tap-huan-ve-binh-dang-gioi`.
fn url_slug(title: &str) -> String {
    let folded = vnfacts_text::fold::fold(title);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generator(seed: u64) -> Generator {
        match Generator::new(seed) {
            Ok(g) => g,
            Err(e) => panic!("generator does not start: {e}"),
        }
    }

    #[test]
    fn same_seed_same_article_and_independent_of_order() {
        let a = generator(42);
        let b = generator(42);
        assert_eq!(a.generate(7), b.generate(7));
        let _ = b.generate(3);
        assert_eq!(a.generate(7), b.generate(7));
        assert_ne!(a.generate(7).text, generator(43).generate(7).text);
        assert_ne!(a.generate(7).text, a.generate(8).text);
    }

    #[test]
    fn spans_hold_the_surface_text() {
        let g = generator(1);
        for i in 0..300 {
            let art = g.generate(i);
            for f in &art.facts {
                assert_eq!(
                    art.text.get(f.span[0]..f.span[1]),
                    Some(f.text.as_str()),
                    "{}",
                    art.name
                );
            }
            assert!(
                !art.text.contains('{') && !art.text.contains('}'),
                "unfilled slot in {}",
                art.name
            );
        }
    }

    #[test]
    fn sizes_dates_and_fact_kinds_vary() {
        let g = generator(5);
        let arts: Vec<SynthArticle> = (0..400).map(|i| g.generate(i)).collect();
        let sizes: Vec<usize> = arts.iter().map(|a| a.text.len()).collect();
        assert!(
            sizes.iter().all(|&s| (800..=9500).contains(&s)),
            "{sizes:?}"
        );
        assert!(sizes.iter().any(|&s| s < 2500) && sizes.iter().any(|&s| s > 6000));
        let years: std::collections::BTreeSet<&str> =
            arts.iter().map(|a| &a.published[..4]).collect();
        assert!(years.len() >= 10, "{years:?}");
        let kinds: std::collections::BTreeSet<&str> = arts
            .iter()
            .flat_map(|a| a.facts.iter().map(|f| f.value.kind()))
            .collect();
        assert_eq!(kinds.len(), 7, "{kinds:?}");
    }

    #[test]
    fn province_is_named_consistently() {
        let g = generator(9);
        let gz = match Gazetteer::embedded() {
            Ok(gz) => gz,
            Err(e) => panic!("{e}"),
        };
        for i in 0..200 {
            let a = g.generate(i);
            let known = if a.published.as_str() >= "2025-07-01" {
                gz.new_province_by_name(&a.province).is_some()
            } else {
                gz.province_by_name(&a.province)
                    .is_some_and(|p| p.name == a.province)
            };
            assert!(known, "{} has unknown province {}", a.name, a.province);
        }
    }

    #[test]
    fn json_line_is_the_gold_shape() {
        let g = generator(3);
        let art = g.generate(0);
        let mut buf = Vec::new();
        assert!(art.write_json_line(&mut buf).is_ok());
        assert_eq!(buf.iter().filter(|&&b| b == b'\n').count(), 1);
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap_or_default();
        assert_eq!(v["article"], art.name.as_str());
        assert_eq!(v["meta"]["province"], art.province.as_str());
        let facts = v["facts"].as_array().map_or(0, Vec::len);
        assert_eq!(facts, art.facts.len());
        for f in v["facts"].as_array().into_iter().flatten() {
            let back: Result<GoldFact, _> = serde_json::from_value(f.clone());
            assert!(back.is_ok(), "{f}");
        }
    }

    #[test]
    fn bodies_are_already_normalized() {
        // Offsets in the gold refer to the normalized body, so the generator
        // must write text the normalizer leaves alone.
        let g = generator(12);
        for i in 0..200 {
            let a = g.generate(i);
            let n = vnfacts_text::normalize(&a.text);
            if n.text != a.text {
                let at = n
                    .text
                    .bytes()
                    .zip(a.text.bytes())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                let from = (0..=at.saturating_sub(40))
                    .rev()
                    .find(|&i| a.text.is_char_boundary(i))
                    .unwrap_or(0);
                panic!(
                    "{} changes under normalization near {:?}",
                    a.name,
                    &a.text[from..]
                );
            }
        }
    }
}
