//! Vietnam's provinces and districts, before and after the 2025 merger.
//!
//! The names are data (`data/gazetteer/*.tsv`, embedded with `include_str!`),
//! not Rust literals, so a corrected spelling or a new alias is a one-line
//! edit. Lookups are case- and diacritic-insensitive (through
//! [`vnfacts_text::fold`]), so `Hoà Bình`, `HOÀ BÌNH` and `Hoa Binh` are one key.
//!
//! District names repeat across provinces (`huyện Châu Thành` exists in seven),
//! so a district lookup that cannot tell them apart returns no province
//! rather than a guess; [`Gazetteer::districts_named`] lists the candidates.

use std::collections::HashMap;
use std::sync::OnceLock;

use vnfacts_text::fold::fold_char;

mod blocks;
mod capitals;
mod folded;
mod matcher;
mod swar;
use capitals::{
    find_in_stretches, folds_alnum, is_lower, splits_words, NameWords, Stretches, TypeWords,
};
use matcher::{PlaceMatcher, RawMatch};

const PROVINCES_TSV: &str = include_str!("../data/gazetteer/provinces.tsv");
const PROVINCES_2025_TSV: &str = include_str!("../data/gazetteer/provinces_2025.tsv");
const DISTRICTS_TSV: &str = include_str!("../data/gazetteer/districts.tsv");
const ALIASES_TSV: &str = include_str!("../data/gazetteer/aliases.tsv");

/// A gazetteer file that does not parse: which file, which line, what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{file}:{line}: {message} (fix the line; columns are tab-separated, see data/gazetteer/README.md)")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    #[error("cannot build the place-name matcher: {0} (shorten or drop that name in the gazetteer files)")]
    Matcher(String),
}

/// `tỉnh` or centrally-run `thành phố`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProvinceKind {
    Tinh,
    ThanhPho,
}

impl ProvinceKind {
    /// The Vietnamese type word, lower case.
    pub fn word(self) -> &'static str {
        match self {
            ProvinceKind::Tinh => "tỉnh",
            ProvinceKind::ThanhPho => "thành phố",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "tỉnh" => Some(ProvinceKind::Tinh),
            "thành phố" => Some(ProvinceKind::ThanhPho),
            _ => None,
        }
    }
}

/// The four types of district-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistrictKind {
    Quan,
    Huyen,
    ThiXa,
    /// A city under a province (`thành phố thuộc tỉnh`) or Thủ Đức.
    ThanhPho,
}

impl DistrictKind {
    /// The Vietnamese type word, lower case.
    pub fn word(self) -> &'static str {
        match self {
            DistrictKind::Quan => "quận",
            DistrictKind::Huyen => "huyện",
            DistrictKind::ThiXa => "thị xã",
            DistrictKind::ThanhPho => "thành phố",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "quận" => Some(DistrictKind::Quan),
            "huyện" => Some(DistrictKind::Huyen),
            "thị xã" => Some(DistrictKind::ThiXa),
            "thành phố" => Some(DistrictKind::ThanhPho),
            _ => None,
        }
    }

    /// Folded spellings of the type word as articles write it before a name.
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            DistrictKind::Quan => &["quan "],
            DistrictKind::Huyen => &["huyen "],
            DistrictKind::ThiXa => &["thi xa ", "tx ", "tx. ", "tx."],
            DistrictKind::ThanhPho => &["thanh pho ", "tp ", "tp. ", "tp."],
        }
    }
}

/// Which list a district belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistrictStatus {
    /// One of the 705 units of the 2024 list.
    Listed2024,
    /// Created by the early-2025 rearrangement, before the province merger.
    Created2025,
    /// Abolished between 2015 and 2023; older articles still name it.
    Former,
}

/// One of the 63 provinces and centrally-run cities of 2024.
#[derive(Debug, Clone, PartialEq)]
pub struct Province {
    /// GSO code, two digits (`01` Hà Nội).
    pub code: String,
    /// Canonical name without the type word (`Hòa Bình`, `Hồ Chí Minh`).
    pub name: String,
    pub kind: ProvinceKind,
    /// Index into [`Gazetteer::provinces_2025`].
    new_index: usize,
    /// Whether the bare name, without a type word, names the province in text.
    bare: bool,
}

impl Province {
    /// Name with its type word: `tỉnh Hòa Bình`, `thành phố Hà Nội`.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.kind.word(), self.name)
    }
}

/// One of the 34 provincial-level units from 1 July 2025.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProvince {
    /// Canonical name (`Tuyên Quang`, `Huế`, `Hồ Chí Minh`).
    pub name: String,
    pub kind: ProvinceKind,
}

/// A district-level unit (quận, huyện, thị xã, thành phố thuộc tỉnh).
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    /// Name without the type word (`Hoàn Kiếm`, `1` for Quận 1).
    pub name: String,
    pub kind: DistrictKind,
    /// The other type the unit had between 2015 and 2025 (`huyện Sa Pa`).
    pub also_kind: Option<DistrictKind>,
    pub status: DistrictStatus,
    /// Index into [`Gazetteer::provinces`].
    province: usize,
}

impl District {
    /// Name with its type word: `huyện Văn Bàn`.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.kind.word(), self.name)
    }

    fn has_kind(&self, kind: DistrictKind) -> bool {
        self.kind == kind || self.also_kind == Some(kind)
    }
}

/// How a [`PlaceMention`] names its province.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Via<'g> {
    /// The province's own name or an alias.
    Province,
    /// A district of the province, named with its type word.
    District(&'g District),
}

/// A place named in a text, resolved to its (2024) province.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceMention<'g> {
    /// Byte offsets of the mention, type word included, in the scanned text.
    pub start: usize,
    pub end: usize,
    pub province: &'g Province,
    pub via: Via<'g>,
}

/// What one matcher pattern stands for.
#[derive(Debug, Default)]
struct Target {
    province: Option<usize>,
    districts: Vec<usize>,
    /// Folded length of the type word before the name (0 for a bare name).
    prefix_len: usize,
}

/// The whole gazetteer: lists, lookup keys and the text matcher.
#[derive(Debug)]
pub struct Gazetteer {
    provinces: Vec<Province>,
    provinces_2025: Vec<NewProvince>,
    districts: Vec<District>,
    province_keys: HashMap<String, usize>,
    new_keys: HashMap<String, usize>,
    district_keys: HashMap<String, Vec<usize>>,
    matcher: PlaceMatcher,
    targets: Vec<Target>,
    /// How the text is cut before matching.
    reach: Reach,
}

/// Which parts of a text the matcher reads.
#[derive(Debug, Clone)]
enum Reach {
    /// Only the stretches [`find_in_stretches`] reads (every name starts
    /// with a letter or digit and every type word ends in something else,
    /// so no letter or digit touches a name's start), reaching back for
    /// these type words, opened only where one of these names starts.
    Capitalized(Box<Stretches>),
    /// All of it: some name starts otherwise, so a window could miss it.
    Whole,
}

impl Reach {
    fn of(patterns: &[String], targets: &[Target]) -> Result<Reach, String> {
        let split = || {
            patterns
                .iter()
                .zip(targets)
                .map(|(pattern, target)| pattern.split_at(target.prefix_len))
        };
        let fits = |(prefix, name): (&str, &str)| {
            name.chars().next().is_some_and(char::is_alphanumeric)
                && !prefix
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        };
        if split().all(fits) {
            Ok(Reach::Capitalized(Box::new(Stretches {
                types: TypeWords::new(split().map(|(prefix, _)| prefix)),
                names: NameWords::new(split().map(|(_, name)| name))?,
            })))
        } else {
            Ok(Reach::Whole)
        }
    }
}

/// The four gazetteer files as text (the embedded ones or replacements).
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub provinces: &'a str,
    pub provinces_2025: &'a str,
    pub districts: &'a str,
    pub aliases: &'a str,
}

impl Sources<'static> {
    /// The files compiled into the binary.
    pub fn embedded() -> Self {
        Sources {
            provinces: PROVINCES_TSV,
            provinces_2025: PROVINCES_2025_TSV,
            districts: DISTRICTS_TSV,
            aliases: ALIASES_TSV,
        }
    }
}

impl Gazetteer {
    /// The embedded gazetteer, parsed once per process.
    ///
    /// The embedded files are checked by the unit tests, so the error arm is
    /// only reachable with a broken build; it is returned, not panicked on.
    pub fn embedded() -> Result<&'static Gazetteer, &'static GazetteerError> {
        static CELL: OnceLock<Result<Gazetteer, GazetteerError>> = OnceLock::new();
        CELL.get_or_init(|| Gazetteer::from_sources(Sources::embedded()))
            .as_ref()
    }

    /// Parse gazetteer files; a bad line fails with its file and line number.
    pub fn from_sources(src: Sources<'_>) -> Result<Gazetteer, GazetteerError> {
        let provinces_2025 = parse_new_provinces(src.provinces_2025)?;
        let new_keys: HashMap<String, usize> = provinces_2025
            .iter()
            .enumerate()
            .map(|(i, p)| (key(&p.name), i))
            .collect();
        let provinces = parse_provinces(src.provinces, &new_keys)?;
        let mut province_keys: HashMap<String, usize> = provinces
            .iter()
            .enumerate()
            .map(|(i, p)| (key(&p.name), i))
            .collect();
        let aliases = parse_aliases(src.aliases, &province_keys)?;
        for alias in &aliases {
            province_keys.insert(key(&alias.name), alias.province);
        }
        let districts = parse_districts(src.districts, &province_keys)?;
        let mut district_keys: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in districts.iter().enumerate() {
            district_keys.entry(key(&d.name)).or_default().push(i);
        }
        let (patterns, targets) = build_patterns(&provinces, &aliases, &districts);
        let prefix_lens = targets.iter().map(|t| t.prefix_len).collect();
        let matcher = PlaceMatcher::new(&patterns, prefix_lens).map_err(GazetteerError::Matcher)?;
        let reach = Reach::of(&patterns, &targets).map_err(GazetteerError::Matcher)?;
        Ok(Gazetteer {
            provinces,
            provinces_2025,
            districts,
            province_keys,
            new_keys,
            district_keys,
            matcher,
            targets,
            reach,
        })
    }

    /// The 63 provinces of 2024, in GSO code order.
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    /// The 34 provinces from 1 July 2025.
    pub fn provinces_2025(&self) -> &[NewProvince] {
        &self.provinces_2025
    }

    /// Every district, of every [`DistrictStatus`].
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    /// The province a district belongs to.
    pub fn province_of(&self, district: &District) -> &Province {
        &self.provinces[district.province]
    }

    /// The districts of one province.
    pub fn districts_of<'g>(
        &'g self,
        province: &'g Province,
    ) -> impl Iterator<Item = &'g District> + 'g {
        self.districts
            .iter()
            .filter(move |d| std::ptr::eq(&self.provinces[d.province], province))
    }

    /// The 2025 province an old province became part of.
    pub fn new_province_of(&self, province: &Province) -> &NewProvince {
        &self.provinces_2025[province.new_index]
    }

    /// A 2024 province by name or alias, with or without `tỉnh`/`thành phố`/`TP`.
    pub fn province_by_name(&self, name: &str) -> Option<&Province> {
        let k = key(name);
        if let Some(&i) = self.province_keys.get(&k) {
            return Some(&self.provinces[i]);
        }
        let (_, rest) = strip_province_prefix(&k)?;
        self.province_keys.get(rest).map(|&i| &self.provinces[i])
    }

    /// A 2025 province by name (`Huế`, `thành phố Hồ Chí Minh`, `TP.HCM`).
    pub fn new_province_by_name(&self, name: &str) -> Option<&NewProvince> {
        let k = key(name);
        let rest = strip_province_prefix(&k).map_or(k.as_str(), |(_, r)| r);
        if let Some(&i) = self.new_keys.get(&k).or_else(|| self.new_keys.get(rest)) {
            return Some(&self.provinces_2025[i]);
        }
        // An alias of an old province that lives on under its own name (TP.HCM).
        let old = self.province_by_name(name)?;
        let new = self.new_province_of(old);
        let sole = self
            .provinces
            .iter()
            .filter(|p| p.new_index == old.new_index)
            .count()
            == 1;
        (key(&new.name) == key(&old.name) || sole).then_some(new)
    }

    /// The 2025 province that an old (2024) province was merged into.
    pub fn merged_into(&self, old: &str) -> Option<&NewProvince> {
        self.province_by_name(old).map(|p| self.new_province_of(p))
    }

    /// Districts with this name; a leading type word (`huyện`, `TP.`) filters by type.
    pub fn districts_named(&self, name: &str) -> Vec<&District> {
        let k = key(name);
        let (kind, rest) = match strip_district_prefix(&k) {
            Some((kind, rest)) if !rest.is_empty() => (Some(kind), rest),
            _ => (None, k.as_str()),
        };
        let Some(ids) = self.district_keys.get(rest) else {
            return Vec::new();
        };
        ids.iter()
            .map(|&i| &self.districts[i])
            .filter(|d| kind.is_none_or(|k| d.has_kind(k)))
            .collect()
    }

    /// The province of a district, when the name (with its type word, if
    /// given) points to exactly one province; None when unknown or ambiguous.
    pub fn province_of_district(&self, name: &str) -> Option<&Province> {
        let candidates = self.districts_named(name);
        let first = candidates.first()?.province;
        candidates
            .iter()
            .all(|d| d.province == first)
            .then(|| &self.provinces[first])
    }

    /// Every province and typed district mention in `text`, in text order.
    ///
    /// Bare province names count only when capitalized, not glued to a
    /// neighbouring capitalized word (`Thái Bình Dương`, `Điện Biên Phủ`) and
    /// not part of a person's name (`Nguyễn Hòa Bình`). A district name shared
    /// by several provinces is kept only when exactly one of those provinces
    /// is also named in the text.
    pub fn find_in_text<'g>(&'g self, text: &str) -> Vec<PlaceMention<'g>> {
        self.mentions(text, &self.reach)
    }

    /// [`Self::find_in_text`], reading the parts of `text` that `reach` says.
    fn mentions<'g>(&'g self, text: &str, reach: &Reach) -> Vec<PlaceMention<'g>> {
        let mut raw = Vec::new();
        match reach {
            Reach::Capitalized(cuts) => find_in_stretches(text, cuts, &self.matcher, &mut raw),
            Reach::Whole => self.matcher.find_overlapping(text, &mut raw),
        }
        let mut hits: Vec<Hit> = raw
            .into_iter()
            .filter_map(|m| self.accept(text, m))
            .collect();
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut chosen: Vec<Hit> = Vec::with_capacity(hits.len());
        for hit in hits {
            if chosen.last().is_none_or(|last| hit.start >= last.end) {
                chosen.push(hit);
            }
        }
        self.resolve(chosen)
    }

    /// Check one raw match against boundaries and capitalization.
    fn accept(&self, text: &str, m: RawMatch) -> Option<Hit> {
        if !is_boundary(text, m.start, m.end) {
            return None;
        }
        let name = text.get(m.name_start..m.end)?;
        if !is_capitalized(name) {
            return None;
        }
        if self.targets[m.pattern].prefix_len == 0
            && (is_person_name_part(text, m.start) || is_glued_to_name(text, m.end))
        {
            return None;
        }
        Some(Hit {
            start: m.start,
            end: m.end,
            pattern: m.pattern,
        })
    }

    /// Turn accepted hits into mentions, settling shared district names.
    fn resolve<'g>(&'g self, hits: Vec<Hit>) -> Vec<PlaceMention<'g>> {
        let mut named: Vec<usize> = Vec::new();
        let mut pending: Vec<(Hit, Option<Resolved>)> = Vec::with_capacity(hits.len());
        for hit in hits {
            let resolved = self.resolve_target(&self.targets[hit.pattern]);
            if let Some((p, _)) = resolved {
                named.push(p);
            }
            pending.push((hit, resolved));
        }
        pending
            .into_iter()
            .filter_map(|(hit, resolved)| {
                let (province, district) = match resolved {
                    Some(r) => r,
                    None => self.settle_by_context(&self.targets[hit.pattern], &named)?,
                };
                let via = district.map_or(Via::Province, |d| Via::District(&self.districts[d]));
                Some(PlaceMention {
                    start: hit.start,
                    end: hit.end,
                    province: &self.provinces[province],
                    via,
                })
            })
            .collect()
    }

    /// (province, district) for a target that names one province, else None.
    fn resolve_target(&self, target: &Target) -> Option<Resolved> {
        if let Some(&first) = target.districts.first() {
            let p = self.districts[first].province;
            if target
                .districts
                .iter()
                .all(|&d| self.districts[d].province == p)
            {
                return Some((p, Some(first)));
            }
        }
        target.province.map(|p| (p, None))
    }

    /// A shared district name whose candidates include exactly one province named elsewhere.
    fn settle_by_context(&self, target: &Target, named: &[usize]) -> Option<Resolved> {
        let mut found = target
            .districts
            .iter()
            .filter(|&&d| named.contains(&self.districts[d].province));
        let d = *found.next()?;
        let p = self.districts[d].province;
        found
            .all(|&other| self.districts[other].province == p)
            .then_some((p, Some(d)))
    }
}

/// (province index, district index when named through a district).
type Resolved = (usize, Option<usize>);

#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    pattern: usize,
}

/// An alias row of `aliases.tsv`.
struct Alias {
    name: String,
    province: usize,
    bare: bool,
}

/// Lookup key: folded, dashes unified, single spaces, no spaces around `-`.
fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match fold_char(c) {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ') || out.ends_with('-')) {
            continue;
        }
        if c == '-' && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn strip_province_prefix(k: &str) -> Option<(ProvinceKind, &str)> {
    const PREFIXES: [(&str, ProvinceKind); 5] = [
        ("tinh ", ProvinceKind::Tinh),
        ("thanh pho ", ProvinceKind::ThanhPho),
        ("tp. ", ProvinceKind::ThanhPho),
        ("tp.", ProvinceKind::ThanhPho),
        ("tp ", ProvinceKind::ThanhPho),
    ];
    PREFIXES
        .iter()
        .find_map(|&(p, kind)| k.strip_prefix(p).map(|rest| (kind, rest)))
        .filter(|(_, rest)| !rest.is_empty())
}

fn strip_district_prefix(k: &str) -> Option<(DistrictKind, &str)> {
    const KINDS: [DistrictKind; 4] = [
        DistrictKind::Quan,
        DistrictKind::Huyen,
        DistrictKind::ThiXa,
        DistrictKind::ThanhPho,
    ];
    KINDS.iter().find_map(|&kind| {
        kind.prefixes()
            .iter()
            .find_map(|p| k.strip_prefix(p))
            .map(|rest| (kind, rest.trim_start()))
    })
}

/// Data lines of a TSV file: (1-based line number, columns), comments skipped.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

fn bad(file: &str, line: usize, message: impl Into<String>) -> GazetteerError {
    GazetteerError::Parse {
        file: format!("data/gazetteer/{file}"),
        line,
        message: message.into(),
    }
}

fn column<'a>(
    cols: &[&'a str],
    n: usize,
    file: &str,
    line: usize,
) -> Result<&'a str, GazetteerError> {
    match cols.get(n) {
        Some(c) if !c.is_empty() => Ok(c),
        _ => Err(bad(
            file,
            line,
            format!("column {} is missing or empty", n + 1),
        )),
    }
}

fn parse_yes_no(s: &str, file: &str, line: usize) -> Result<bool, GazetteerError> {
    match s {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(bad(
            file,
            line,
            format!("expected yes or no, found {other:?}"),
        )),
    }
}

fn parse_new_provinces(text: &str) -> Result<Vec<NewProvince>, GazetteerError> {
    const FILE: &str = "provinces_2025.tsv";
    rows(text)
        .map(|(line, cols)| {
            let name = column(&cols, 0, FILE, line)?.to_string();
            let kind_word = column(&cols, 1, FILE, line)?;
            let kind = ProvinceKind::parse(kind_word)
                .ok_or_else(|| bad(FILE, line, format!("unknown province type {kind_word:?}")))?;
            Ok(NewProvince { name, kind })
        })
        .collect()
}

fn parse_provinces(
    text: &str,
    new_keys: &HashMap<String, usize>,
) -> Result<Vec<Province>, GazetteerError> {
    const FILE: &str = "provinces.tsv";
    rows(text)
        .map(|(line, cols)| {
            let code = column(&cols, 0, FILE, line)?.to_string();
            let name = column(&cols, 1, FILE, line)?.to_string();
            let kind_word = column(&cols, 2, FILE, line)?;
            let kind = ProvinceKind::parse(kind_word)
                .ok_or_else(|| bad(FILE, line, format!("unknown province type {kind_word:?}")))?;
            let new_name = column(&cols, 3, FILE, line)?;
            let new_index = *new_keys.get(&key(new_name)).ok_or_else(|| {
                bad(
                    FILE,
                    line,
                    format!("2025 province {new_name:?} is not in provinces_2025.tsv"),
                )
            })?;
            let bare = parse_yes_no(column(&cols, 4, FILE, line)?, FILE, line)?;
            Ok(Province {
                code,
                name,
                kind,
                new_index,
                bare,
            })
        })
        .collect()
}

fn lookup_province(
    keys: &HashMap<String, usize>,
    name: &str,
    file: &str,
    line: usize,
) -> Result<usize, GazetteerError> {
    keys.get(&key(name)).copied().ok_or_else(|| {
        bad(
            file,
            line,
            format!("province {name:?} is not in provinces.tsv"),
        )
    })
}

fn parse_aliases(text: &str, keys: &HashMap<String, usize>) -> Result<Vec<Alias>, GazetteerError> {
    const FILE: &str = "aliases.tsv";
    rows(text)
        .map(|(line, cols)| {
            Ok(Alias {
                name: column(&cols, 0, FILE, line)?.to_string(),
                province: lookup_province(keys, column(&cols, 1, FILE, line)?, FILE, line)?,
                bare: parse_yes_no(column(&cols, 2, FILE, line)?, FILE, line)?,
            })
        })
        .collect()
}

fn parse_districts(
    text: &str,
    keys: &HashMap<String, usize>,
) -> Result<Vec<District>, GazetteerError> {
    const FILE: &str = "districts.tsv";
    let kind = |s: &str, line| {
        DistrictKind::parse(s)
            .ok_or_else(|| bad(FILE, line, format!("unknown district type {s:?}")))
    };
    rows(text)
        .map(|(line, cols)| {
            let province = lookup_province(keys, column(&cols, 0, FILE, line)?, FILE, line)?;
            let status = match column(&cols, 3, FILE, line)? {
                "2024" => DistrictStatus::Listed2024,
                "2025" => DistrictStatus::Created2025,
                "former" => DistrictStatus::Former,
                other => return Err(bad(FILE, line, format!("unknown status {other:?}"))),
            };
            let also_kind = match cols.get(4).copied().filter(|s| !s.is_empty()) {
                Some(s) => Some(kind(s, line)?),
                None => None,
            };
            Ok(District {
                name: column(&cols, 2, FILE, line)?.to_string(),
                kind: kind(column(&cols, 1, FILE, line)?, line)?,
                also_kind,
                status,
                province,
            })
        })
        .collect()
}

/// Matcher patterns (folded) and what each stands for.
fn build_patterns(
    provinces: &[Province],
    aliases: &[Alias],
    districts: &[District],
) -> (Vec<String>, Vec<Target>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut targets: Vec<Target> = Vec::new();
    let mut add =
        |pattern: String, prefix_len: usize, province: Option<usize>, district: Option<usize>| {
            let i = *index.entry(pattern).or_insert_with(|| {
                targets.push(Target {
                    prefix_len,
                    ..Target::default()
                });
                targets.len() - 1
            });
            let t = &mut targets[i];
            if province.is_some() {
                t.province = province;
            }
            t.districts.extend(district);
        };
    let province_prefixes = |kind: ProvinceKind| -> &'static [&'static str] {
        match kind {
            ProvinceKind::Tinh => &["tinh "],
            ProvinceKind::ThanhPho => &["thanh pho ", "tp ", "tp. ", "tp.", "tinh "],
        }
    };
    let names = provinces
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), i, p.bare, province_prefixes(p.kind)))
        .chain(aliases.iter().map(|a| {
            (
                a.name.as_str(),
                a.province,
                a.bare,
                province_prefixes(ProvinceKind::ThanhPho),
            )
        }));
    for (name, i, bare, prefixes) in names {
        let k = text_key(name);
        if bare {
            add(k.clone(), 0, Some(i), None);
        }
        for p in prefixes {
            add(format!("{p}{k}"), p.len(), Some(i), None);
        }
    }
    for (i, d) in districts.iter().enumerate() {
        let k = text_key(&d.name);
        for kind in std::iter::once(d.kind).chain(d.also_kind) {
            for p in kind.prefixes() {
                add(format!("{p}{k}"), p.len(), None, Some(i));
            }
        }
    }
    let mut patterns = vec![String::new(); targets.len()];
    for (pattern, i) in index {
        patterns[i] = pattern;
    }
    (patterns, targets)
}

/// A name folded the way running text is folded for matching.
fn text_key(name: &str) -> String {
    folded::fold(name)
}

/// No letter or digit touches the span on either side, read folded as the
/// matcher reads the text. The char next to a span folds on its own: the
/// fold only drops a space after a space, and a space is no letter.
fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(folds_alnum)
        && !text[end..].chars().next().is_some_and(folds_alnum)
}

/// Every word of a place name starts with a capital (or a digit: `Quận 1`).
/// [`find_in_stretches`] relies on this: keep the two on the same predicates.
fn is_capitalized(name: &str) -> bool {
    name.split(splits_words)
        .filter_map(|w| w.chars().next())
        .all(|c| !is_lower(c))
}

/// Surnames and middle names that, capitalized right before a bare place
/// name, make it part of a person's name (`Nguyễn Hòa Bình`, `Lê Thị Huế`).
const NAME_PARTS: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "trinh", "dao", "mai", "luong", "truong", "cao", "lam",
    "ta", "to", "ha", "chu", "doan", "luu", "vuong", "thai", "kieu", "quach", "van", "thi", "huu",
    "duc", "xuan", "minh", "quoc", "thanh", "cong", "ngoc", "kim", "ba", "duy", "trong", "quang",
    "thu", "bich", "hong", "tien",
];

/// The capitalized word right before a bare name makes it part of a longer
/// proper name: a person (`Nguyễn Hòa Bình`) or an institution (`Bạch Mai
/// Hà Nội`). A sentence-initial word (`Về Hòa Bình`) does not, unless it is a
/// surname or middle name.
fn is_person_name_part(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    if before.len() == start {
        return false; // not separated by a space: punctuation or line start
    }
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    let title_case =
        word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_lowercase);
    if !title_case {
        return false;
    }
    if NAME_PARTS.contains(&vnfacts_text::fold::fold(word).as_str()) {
        return true;
    }
    let sentence_initial = before[..word_start]
        .trim_end_matches(' ')
        .chars()
        .next_back()
        .is_none_or(|c| {
            matches!(
                c,
                '.' | '!' | '?' | ':' | ';' | '\n' | '"' | '“' | '(' | '-' | '–' | '•'
            )
        });
    !sentence_initial
}

/// The next word, after plain spaces only, is capitalized: the match is the
/// head of a longer proper name.
fn is_glued_to_name(text: &str, end: usize) -> bool {
    let after = &text[end..];
    let rest = after.trim_start_matches(' ');
    rest.len() < after.len() && rest.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gz() -> &'static Gazetteer {
        match Gazetteer::embedded() {
            Ok(g) => g,
            Err(e) => panic!("embedded gazetteer does not parse: {e}"),
        }
    }

    fn province_names(text: &str) -> Vec<&'static str> {
        gz().find_in_text(text)
            .iter()
            .map(|m| m.province.name.as_str())
            .collect()
    }

    #[test]
    fn counts_match_the_official_lists() {
        let g = gz();
        assert_eq!(g.provinces().len(), 63);
        assert_eq!(g.provinces_2025().len(), 34);
        let listed = g
            .districts()
            .iter()
            .filter(|d| d.status == DistrictStatus::Listed2024)
            .count();
        assert_eq!(listed, 705);
        let hanoi = g.province_by_name("Hà Nội").map(|p| {
            g.districts_of(p)
                .filter(|d| d.status == DistrictStatus::Listed2024)
                .count()
        });
        assert_eq!(hanoi, Some(30));
        for new in g.provinces_2025() {
            assert!(
                g.provinces()
                    .iter()
                    .any(|p| std::ptr::eq(g.new_province_of(p), new)),
                "{} has no old province",
                new.name
            );
        }
    }

    #[test]
    fn districts_resolve_to_their_province() {
        let g = gz();
        for (district, province) in [
            ("quận Hoàn Kiếm", "Hà Nội"),
            ("huyện Văn Bàn", "Lào Cai"),
            ("huyện Chiêm Hóa", "Tuyên Quang"),
            ("Huyện Tân Lạc", "Hòa Bình"),
            ("huyện Vũ Quang", "Hà Tĩnh"),
            ("huyện Tứ Kỳ", "Hải Dương"),
            ("thị xã Đông Triều", "Quảng Ninh"),
            ("TX. Sa Pa", "Lào Cai"),
            ("huyện Sa Pa", "Lào Cai"),
            ("Quận 1", "Hồ Chí Minh"),
            ("Hoàn Kiếm", "Hà Nội"),
            ("huyen Chiem Hoa", "Tuyên Quang"),
            ("huyện Ia H'Drai", "Kon Tum"),
            ("Đắk Glong", "Đắk Nông"),
        ] {
            assert_eq!(
                g.province_of_district(district).map(|p| p.name.as_str()),
                Some(province),
                "{district}"
            );
        }
    }

    #[test]
    fn ambiguous_districts_are_not_guessed() {
        let g = gz();
        assert_eq!(g.province_of_district("huyện Châu Thành"), None);
        assert!(g.districts_named("huyện Châu Thành").len() >= 6);
        assert_eq!(g.province_of_district("huyện Nowhere"), None);
        // The type word settles names shared by a huyện and a city.
        assert_eq!(g.districts_named("thị xã Kỳ Anh").len(), 1);
        assert_eq!(g.districts_named("Kỳ Anh").len(), 2);
    }

    #[test]
    fn provinces_by_name_and_alias() {
        let g = gz();
        for (name, canonical) in [
            ("Hoà Bình", "Hòa Bình"),
            ("THANH HOÁ", "Thanh Hóa"),
            ("tỉnh Khánh Hoà", "Khánh Hòa"),
            ("TP.HCM", "Hồ Chí Minh"),
            ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
            ("Sài Gòn", "Hồ Chí Minh"),
            ("Huế", "Thừa Thiên Huế"),
            ("thành phố Huế", "Thừa Thiên Huế"),
            ("Đắc Lắc", "Đắk Lắk"),
            ("Bà Rịa–Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ] {
            assert_eq!(
                g.province_by_name(name).map(|p| p.name.as_str()),
                Some(canonical),
                "{name}"
            );
        }
        assert_eq!(g.province_by_name("Atlantis"), None);
    }

    #[test]
    fn old_provinces_map_to_2025() {
        let g = gz();
        for (old, new) in [
            ("Hà Giang", "Tuyên Quang"),
            ("Kon Tum", "Quảng Ngãi"),
            ("Đắk Nông", "Lâm Đồng"),
            ("Hải Dương", "Hải Phòng"),
            ("Hòa Bình", "Phú Thọ"),
            ("Quảng Nam", "Đà Nẵng"),
            ("Bắc Giang", "Bắc Ninh"),
            ("Thừa Thiên Huế", "Huế"),
            ("Bình Dương", "Hồ Chí Minh"),
            ("Hà Nội", "Hà Nội"),
        ] {
            assert_eq!(
                g.merged_into(old).map(|p| p.name.as_str()),
                Some(new),
                "{old}"
            );
        }
        assert_eq!(
            g.new_province_by_name("TP.HCM").map(|p| p.name.as_str()),
            Some("Hồ Chí Minh")
        );
        assert_eq!(
            g.new_province_by_name("Thừa Thiên Huế")
                .map(|p| p.name.as_str()),
            Some("Huế")
        );
        assert_eq!(g.new_province_by_name("Hà Giang"), None);
    }

    #[test]
    fn finds_provinces_and_districts_in_text() {
        let text = "Ngày 5/3, UBND huyện Văn Bàn phối hợp với Sở Y tế tỉnh Hoà Bình và Hà Nội tổ chức hội nghị.";
        let found = gz().find_in_text(text);
        let spans: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(spans, ["huyện Văn Bàn", "tỉnh Hoà Bình", "Hà Nội"]);
        assert!(matches!(found[0].via, Via::District(d) if d.name == "Văn Bàn"));
        assert_eq!(found[0].province.name, "Lào Cai");
        assert_eq!(found[2].via, Via::Province);
    }

    #[test]
    fn bare_names_need_capitals_and_no_person() {
        assert!(province_names("hòa bình và hữu nghị giữa các dân tộc").is_empty());
        assert!(province_names("Phó Thủ tướng Nguyễn Hòa Bình dự hội nghị").is_empty());
        assert!(province_names("cô giáo Lê Thị Huế").is_empty());
        assert!(province_names("vùng Thái Bình Dương").is_empty());
        assert!(
            province_names("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
                .is_empty()
        );
        assert_eq!(province_names("Về Hòa Bình, đoàn công tác"), ["Hòa Bình"]);
        assert_eq!(
            province_names("tại TP.HCM và TP. Hồ Chí Minh"),
            ["Hồ Chí Minh", "Hồ Chí Minh"]
        );
    }

    /// A mention as plain values, to compare two searches.
    fn spans(found: Vec<PlaceMention<'_>>) -> Vec<(usize, usize, &str, Option<&str>)> {
        found
            .into_iter()
            .map(|m| {
                let district = match m.via {
                    Via::District(d) => Some(d.name.as_str()),
                    Via::Province => None,
                };
                (m.start, m.end, m.province.name.as_str(), district)
            })
            .collect()
    }

    #[test]
    fn capitalized_stretches_find_what_the_whole_text_has_in_odd_cases() {
        let g = gz();
        for text in [
            "thành Phố Huế",
            "thị Xã Sa Pa",
            "Về thăm (tp.Huế) và “Quận 1”, HUYỆN TÂN LẠC",
            "iPhoneHà Nội, xHuế, Quận\u{2003}12",
        ] {
            let found = spans(g.mentions(text, &g.reach));
            assert!(!found.is_empty(), "{text}");
            assert_eq!(found, spans(g.mentions(text, &Reach::Whole)), "{text}");
        }
    }

    /// Text of place names, type words and other words in any case, with
    /// any separators between them.
    fn texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let words = proptest::collection::vec(
            "Hà Nội|hà nội|HÀ NỘI|Hòa Bình|hòa bình|Nguyễn|Thái Bình Dương|Lào Cai|\
             huyện|Huyện|HUYỆN|Văn Bàn|văn bàn|Tân Lạc|Châu Thành|A|tỉnh|Tỉnh|\
             thành phố|Thành phố|THÀNH PHỐ|tp|TP|Tp|thị xã|tx|Sa Pa|Hồ Chí Minh|HCM|\
             Quận|quận|1|12|Quận 12|quận 10|Quận 3|Đà Nẵng|Bà Rịa|Vũng Tàu|và|UBND|Sở|ngày 5/3|Về|\
             thành Phố|Thị Xã|thị Xã|THỊ XÃ|Tp\\.|TX\\.|tx\\.|Huế|HUẾ|Nam|Phố|\
             xã|Xã|Định|iPhone|HĐND|5|\
             [a-zA-Zàạđ]{1,3}|\\(|\\)|,|“|”|/|:",
            0..24,
        );
        let seps =
            proptest::collection::vec(" |  |\u{a0}||-|\\.|\\. |, |\n|–|\t|“|\\(|/|\u{2003}", 24);
        (words, seps).prop_map(|(words, seps)| {
            let mut text = String::new();
            for (word, sep) in words.iter().zip(&seps) {
                text.push_str(word);
                text.push_str(sep);
            }
            text
        })
    }

    /// A raw match that passed [`Gazetteer::accept`]: start, end, pattern.
    type Accepted = (usize, usize, usize);

    /// The raw matches that pass [`Gazetteer::accept`], as (start, end,
    /// pattern) in text order, of the one-pass stretch search and of the
    /// windows cut first and searched one by one, as it was done before.
    /// (The stretch search skips capitals that start no name, so it finds
    /// fewer raw matches; the accepted ones must be the same.)
    fn raw_both_ways(text: &str) -> (Vec<Accepted>, Vec<Accepted>) {
        let g = gz();
        let Reach::Capitalized(cuts) = &g.reach else {
            panic!("the embedded names all start with a letter or digit");
        };
        let accepted = |raw: Vec<RawMatch>| {
            let mut hits: Vec<Accepted> = raw
                .into_iter()
                .filter_map(|m| g.accept(text, m))
                .map(|h| (h.start, h.end, h.pattern))
                .collect();
            hits.sort_unstable();
            hits
        };
        let mut fast = Vec::new();
        find_in_stretches(text, cuts, &g.matcher, &mut fast);
        let mut windows = Vec::new();
        let cut = capitals::name_windows(text, &cuts.types);
        g.matcher.find_overlapping_in(text, &cut, &mut windows);
        (accepted(fast), accepted(windows))
    }

    #[test]
    fn stretch_search_finds_what_the_windows_had_in_odd_cases() {
        for text in [
            "thành Phố Huế",
            "Về thăm (tp.Huế) và “Quận 1”, HUYỆN TÂN LẠC",
            "UBND huyện Văn Bàn, tỉnh Lào Cai; thành  phố\u{a0}Hà Nội",
            "iPhoneHà Nội, xHuế, Quận\u{2003}12\u{0}Huế ﬁ Sa Pa",
        ] {
            let (fast, windows) = raw_both_ways(text);
            assert!(!fast.is_empty(), "{text}");
            assert_eq!(fast, windows, "{text}");
        }
    }

    proptest::proptest! {
        /// Reading only the capitalized stretches finds what reading the
        /// whole text finds, in any mix of case, type words and punctuation.
        #[test]
        fn capitalized_stretches_find_what_the_whole_text_has(text in texts()) {
            let g = gz();
            let Reach::Capitalized(_) = g.reach else {
                panic!("the embedded names all start with a letter or digit");
            };
            proptest::prop_assert_eq!(
                spans(g.mentions(&text, &g.reach)),
                spans(g.mentions(&text, &Reach::Whole))
            );
        }

        /// The one-pass search finds the matches that cutting the windows
        /// first and searching each found.
        #[test]
        fn stretch_search_finds_what_the_windows_had(text in texts()) {
            let (fast, windows) = raw_both_ways(&text);
            proptest::prop_assert_eq!(fast, windows);
        }

        /// The same on text of any chars the fold and the scans tell apart.
        #[test]
        fn stretch_search_finds_what_the_windows_had_in_any_chars(
            text in "([a-zA-Z0-9 \t\n.,;:\\[`{-]|[à-ỹÀ-Ỹ]|[\u{80}-\u{7ff}]|[\u{2000}-\u{2070}]|\
                     Hà Nội|Huế|Sa Pa|thành phố |TP\\.|huyện |Quận 1|Quận 12|Đ|đ|ß|\u{0}|a\u{301}|\u{23a}|\u{1d400}){0,40}"
        ) {
            let (fast, windows) = raw_both_ways(&text);
            proptest::prop_assert_eq!(fast, windows);
        }
    }

    #[test]
    fn district_type_words_win_over_province_names() {
        // huyện Quảng Ninh is in Quảng Bình; huyện Hòa Bình is in Bạc Liêu.
        assert_eq!(province_names("huyện Quảng Ninh"), ["Quảng Bình"]);
        assert_eq!(province_names("huyện Hòa Bình"), ["Bạc Liêu"]);
        assert_eq!(province_names("thành phố Hòa Bình"), ["Hòa Bình"]);
        assert_eq!(province_names("HUYỆN TÂN LẠC"), ["Hòa Bình"]);
        assert_eq!(province_names("huyện Châu Thành A"), ["Hậu Giang"]);
    }

    #[test]
    fn shared_district_names_use_the_named_province() {
        assert!(province_names("huyện Châu Thành").is_empty());
        assert_eq!(
            province_names("huyện Châu Thành, tỉnh Long An"),
            ["Long An", "Long An"]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Đoàn   công tác  của  Thành   phố Đà Nẵng.";
        let found = gz().find_in_text(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "Thành   phố Đà Nẵng");
    }

    #[test]
    fn bad_files_fail_with_file_and_line() {
        let mut src = Sources::embedded();
        let broken = format!("{}Nowhere\tquận\tX\t2024\t\n", DISTRICTS_TSV);
        src.districts = &broken;
        let err = Gazetteer::from_sources(src)
            .map(|_| ())
            .err()
            .map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(
            err.contains("districts.tsv:722") && err.contains("Nowhere"),
            "{err}"
        );
        let mut src = Sources::embedded();
        src.provinces = "01\tHà Nội\tvương quốc\tHà Nội\tyes\n";
        assert!(Gazetteer::from_sources(src).is_err());
    }

    /// On the shared gold articles, the gold province is among the places the
    /// text names (a recall check on real prose; skipped without ../shared).
    #[test]
    fn gold_provinces_are_found_in_shared_articles() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        let mut checked = 0;
        for (gold, dir) in [("gold/seeds.jsonl", "seeds"), ("gold/dev.jsonl", "dev")] {
            let Ok(lines) = std::fs::read_to_string(shared.join(gold)) else {
                eprintln!("skipping: {} is absent", shared.join(gold).display());
                return;
            };
            for line in lines.lines() {
                let Ok(row) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                let (Some(name), Some(province)) =
                    (row["article"].as_str(), row["meta"]["province"].as_str())
                else {
                    continue;
                };
                let Ok(text) = std::fs::read_to_string(shared.join(dir).join(name)) else {
                    continue;
                };
                let found = province_names(&text);
                assert!(
                    found.contains(&province),
                    "{name}: {province} not in {found:?}"
                );
                checked += 1;
            }
        }
        eprintln!("checked {checked} gold provinces");
    }
}
