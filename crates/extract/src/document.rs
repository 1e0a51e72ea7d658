//! Document builders: symbols, party documents, named laws, and the
//! `ngày …`, `của …`, `về …` clauses around them.

use vnfacts_text::case::{lower_starts_with, lower_starts_with_word, quick_lower};

use crate::build::{head, Built, Match};
use crate::model::{DocType, Document, FactValue};

type BuildResult = Result<Built, String>;

/// `3608/QĐ-BPN&TE`, `55/2007/CT-UBND`, `456/UBDT-DTTS`, `248KH-UBND`.
pub fn symbol(m: &Match) -> BuildResult {
    let number_range = m.caps.range("number").ok_or("no number")?;
    let symbol_range = m.caps.range("symbol").ok_or("no symbol")?;
    let (number, raw) = (&m.text[number_range.clone()], &m.text[symbol_range.clone()]);
    let year: Option<i32> = m.caps.get("year").and_then(|y| y.parse().ok());
    let symbol_text = clean_symbol(raw);
    if !symbol_text.chars().any(|c| c.is_alphabetic()) {
        return Err("symbol without letters".into());
    }
    let code_type = type_of_symbol(m, &symbol_text);
    let doc_type = code_type
        .or_else(|| type_word_before(m))
        .unwrap_or(DocType::OfficialLetter);
    let mut printed = itoa::Buffer::new();
    let year_part = year.map_or("", |y| printed.format(y));
    let id = match year_part {
        "" => [strip_zeros(number), "/", &symbol_text].concat(),
        y => [strip_zeros(number), "/", y, "/", &symbol_text].concat(),
    };
    numbered(
        m,
        id,
        doc_type,
        number,
        year,
        upper(symbol_text),
        number_range.start..symbol_range.end,
    )
}

/// Upper case. Symbols are ASCII but for capitals like the `Đ` of `QĐ`:
/// those are upper-cased in place, anything else the general way.
fn upper(mut s: String) -> String {
    if s.chars().all(|c| c.is_ascii() || is_vietnamese_capital(c)) {
        s.make_ascii_uppercase();
        s
    } else {
        s.to_uppercase()
    }
}

/// Vietnamese capitals (their own upper case): the capitals of the blocks
/// whose case mapping `vnfacts_text::case` does by arithmetic.
fn is_vietnamese_capital(c: char) -> bool {
    quick_lower(c).is_some_and(|l| l != c)
}

/// A numbered document with its `ngày …`, `của …`, `về …` clauses filled in.
fn numbered(
    m: &Match,
    id: String,
    doc_type: DocType,
    number: &str,
    year: Option<i32>,
    symbol: String,
    span: std::ops::Range<usize>,
) -> BuildResult {
    let mut doc = Document {
        id,
        doc_type,
        number: Some(number.to_string()),
        year,
        symbol: Some(symbol),
        issued: None,
        issuer: None,
        subject: None,
    };
    enrich(m, span.end, &mut doc);
    Ok(Built {
        value: FactValue::Document(doc),
        span,
    })
}

/// Party documents keep their own form: `29-NQ/TW`.
pub fn party(m: &Match) -> BuildResult {
    let number = m.caps.get("number").ok_or("no number")?;
    let ty = m.caps.get("type").ok_or("no type")?;
    let issuer = m.caps.get("issuer").ok_or("no issuer")?;
    let doc_type = code_type(m, ty).unwrap_or(DocType::Other);
    let id = upper([strip_zeros(number), "-", ty, "/", issuer].concat());
    let start = m.caps.range("number").map_or(m.span.start, |r| r.start);
    let symbol = upper([ty, "/", issuer].concat());
    numbered(m, id, doc_type, number, None, symbol, start..m.span.end)
}

/// Named laws: `Luật Bình đẳng giới`, `Luật Phòng, chống bạo lực gia đình`,
/// `Luật Hôn nhân và gia đình năm 2014` (the year goes to `year`).
pub fn law(m: &Match) -> BuildResult {
    let head = m.caps.get("head").ok_or("no head")?;
    let name_range = m.caps.range("name").ok_or("no name")?;
    let (name_len, words) = law_name(&m.text[name_range.clone()], m.lex);
    if words == 0 {
        return Err("no law name".into());
    }
    let name_end = name_range.start + name_len;
    // The head's words one space apart, a space, the name.
    let mut id = String::with_capacity(head.len() + 1 + name_len);
    for (i, word) in head.split_whitespace().enumerate() {
        if i > 0 {
            id.push(' ');
        }
        id.push_str(word);
    }
    id.push(' ');
    id.push_str(m.text[name_range.start..name_end].trim());
    let year = law_year(&m.text[name_end..]);
    let doc = Document {
        id,
        doc_type: DocType::Law,
        number: None,
        year,
        symbol: None,
        issued: None,
        issuer: None,
        subject: None,
    };
    Ok(Built {
        value: FactValue::Document(doc),
        span: m.span.start..name_end,
    })
}

/// Byte length of a law's name at the start of `s`, and its word count.
fn law_name(s: &str, lex: &crate::lexicon::Lexicons) -> (usize, usize) {
    let stops = &lex.law_stop;
    // The capture runs to the end of the line: words are read as needed,
    // not split out for the whole line.
    let mut words = word_offsets(s).enumerate().peekable();
    let mut end = 0;
    let mut count = 0;
    while let Some((i, (off, w))) = words.next() {
        if count >= 10 || w.starts_with(['(', '“', '"', '[']) {
            break;
        }
        let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        if i > 0 {
            let lower = vnfacts_text::lowercase(bare);
            if stops.contains(&lower) || lower.chars().all(|c| c.is_ascii_digit()) {
                break;
            }
            let next = words.peek().map(|(_, (_, n))| *n);
            if lower == "và" && next.is_some_and(|n| n.starts_with(char::is_uppercase)) {
                break;
            }
        }
        if bare.is_empty() {
            break;
        }
        end = off + bare.len();
        count += 1;
        let punct = &w[bare.len()..];
        // `Luật Phòng, chống …`, `Luật An toàn, vệ sinh lao động`: a comma that
        // joins a known pair belongs to the name (pairs are data: `[lexicon.law] comma`).
        if punct == "," && joins_pair(&s[..off + w.len()], &s[off + w.len()..], &lex.law_comma) {
            end = off + w.len();
            continue;
        }
        if !punct.is_empty() {
            break;
        }
    }
    (end, count)
}

/// Whether `left` ends and `right` starts with the two halves of a comma pair.
fn joins_pair(left: &str, right: &str, pairs: &[String]) -> bool {
    let l = vnfacts_text::lowercase(left);
    let l = l.trim_end_matches(',');
    // `right` runs to the end of the line: lower-case only its first bytes,
    // and all of it only when they cannot decide.
    let right = right.trim_start();
    let near = head(right, 64);
    let mut near_lower = None;
    let mut all_lower = None;
    pairs.iter().any(|p| {
        p.split_once(", ").is_some_and(|(a, b)| {
            if !l.ends_with(a) {
                return false;
            }
            let r = near_lower.get_or_insert_with(|| vnfacts_text::lowercase(near));
            // The near part decides when it holds `b` and the char after it;
            // a final sigma there may read σ for ς, so not for Greek pairs.
            let r = if near.len() == right.len()
                || (r.len() >= b.len() + 4 && !b.contains(['σ', 'ς']))
            {
                r
            } else {
                all_lower.get_or_insert_with(|| vnfacts_text::lowercase(right))
            };
            r.starts_with(b) && !r[b.len()..].starts_with(char::is_alphabetic)
        })
    })
}

fn law_year(after: &str) -> Option<i32> {
    let mut it = after.split_whitespace();
    match (it.next(), it.next()) {
        (Some(n), Some(y)) if n.eq_ignore_ascii_case("năm") => {
            let y = y.trim_end_matches(|c: char| !c.is_ascii_digit());
            y.parse().ok().filter(|y| (1945..2100).contains(y))
        }
        _ => None,
    }
}

fn word_offsets(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// Remove spaces and line breaks, unify dashes: `QĐ- TTg` -> `QĐ-TTg`.
fn clean_symbol(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    out.extend(raw.chars().filter(|c| !c.is_whitespace()).map(|c| {
        if matches!(c, '–' | '—' | '‐' | '‑' | '−') {
            '-'
        } else {
            c
        }
    }));
    out
}

fn strip_zeros(number: &str) -> &str {
    let t = number.trim_start_matches('0');
    if t.is_empty() {
        "0"
    } else {
        t
    }
}

fn code_type(m: &Match, code: &str) -> Option<DocType> {
    m.lex
        .type_code
        .iter()
        .find(|(c, _)| c == code)
        .map(|(_, t)| *t)
}

/// The type from the symbol's leading code: exact (`QĐ`), law numbers
/// (`QH15`), or a dotted compound's leading code (`KHPH.VHTT` -> `KH`).
fn type_of_symbol(m: &Match, symbol: &str) -> Option<DocType> {
    let first = symbol.split('-').next().unwrap_or(symbol);
    if let Some(t) = code_type(m, first) {
        return Some(t);
    }
    if first.starts_with("QH") || first.starts_with("UBTVQH") {
        return Some(DocType::Law);
    }
    if first.contains('.') {
        let lead = first.split('.').next().unwrap_or(first);
        return m
            .lex
            .type_code
            .iter()
            .filter(|(c, _)| lead.starts_with(c.as_str()))
            .max_by_key(|(c, _)| c.len())
            .map(|(_, t)| *t);
    }
    None
}

/// `Quyết định số …`, `Công văn số …`: the type word just before the number.
fn type_word_before(m: &Match) -> Option<DocType> {
    let before = vnfacts_text::lowercase(crate::build::tail(&m.text[..m.span.start], 60));
    let before = before.trim_end().trim_end_matches("số").trim_end();
    m.lex
        .type_word
        .iter()
        .filter(|(w, _)| before.ends_with(w.as_str()))
        .max_by_key(|(w, _)| w.len())
        .map(|(_, t)| *t)
}

/// Fill `issued`, `issuer` and `subject` from the clauses around the symbol.
fn enrich(m: &Match, end: usize, doc: &mut Document) {
    let sentence_end = m.sentence.end.max(end);
    let mut pos = end;
    if let Some((date, after)) = issued_after(m, end, sentence_end) {
        doc.issued = Some(date);
        pos = after;
    } else if let Some((date, issuer)) = issued_before(m) {
        doc.issued = Some(date);
        doc.issuer = issuer;
    }
    if let Some((issuer, after)) = clause(&m.text[pos..sentence_end], &["của"]) {
        doc.issuer = Some(issuer);
        pos += after;
    }
    if let Some((subject, _)) = clause(&m.text[pos..sentence_end], &["về việc", "về", "v/v"])
    {
        doc.subject = Some(subject);
    } else if let Some(subject) = subject_before(m) {
        doc.subject = Some(subject);
    }
}

/// `… ngày 22/11/2023` right after the symbol.
fn issued_after(m: &Match, end: usize, sentence_end: usize) -> Option<(chrono::NaiveDate, usize)> {
    let rest = &m.text[end..sentence_end];
    let trimmed = rest.trim_start_matches([' ', ',', '\t', '\n']);
    let mut skip = rest.len() - trimmed.len();
    // Only the first words are compared: 40 bytes hold at least 10 chars.
    let near = head(trimmed, 40);
    for lead in ["ban hành ", "ký "] {
        if lower_starts_with(near, lead) {
            skip += lead.len();
        }
    }
    let at = &rest[skip..];
    if !(lower_starts_with(head(at, 40), "ngày") || at.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let d = vnfacts_text::parse_date(at, m.ctx.reference)?;
    Some((d.date, end + skip + d.end))
}

/// `Ngày 07/01, UBND quận Hoàn Kiếm ban hành Kế hoạch số 08/KH-UBND`.
fn issued_before(m: &Match) -> Option<(chrono::NaiveDate, Option<String>)> {
    let prefix = &m.text[m.sentence.start.min(m.span.start)..m.span.start];
    if !may_say_ban_hanh(prefix) {
        return None;
    }
    let lower = vnfacts_text::lowercase(prefix);
    let bh = lower.find("ban hành")?;
    let dates = vnfacts_text::scan_dates(prefix.get(..bh)?, m.ctx.reference);
    let d = dates.last()?;
    let between = prefix.get(d.end..bh)?.trim_matches([' ', ',', '\n']);
    let issuer = m
        .lex
        .issuer_head
        .iter()
        .any(|h| between.starts_with(h.as_str()))
        .then(|| {
            between
                .trim_end_matches(" đã")
                .trim_end_matches(" vừa")
                .to_string()
        });
    Some((d.date, issuer))
}

/// Whether `lowercase(prefix)` can contain `ban hành`: only ASCII letters
/// lower-case to its ASCII ones, and only `à`/`À` to `à`, so a byte scan for
/// `à` in `ban hành` rules out most sentences without lower-casing them.
fn may_say_ban_hanh(prefix: &str) -> bool {
    let b = prefix.as_bytes();
    (5..b.len().saturating_sub(3)).any(|i| {
        b[i] == 0xC3
            && matches!(b[i + 1], 0xA0 | 0x80)
            && b[i - 5..i].eq_ignore_ascii_case(b"ban h")
            && b[i + 2..i + 4].eq_ignore_ascii_case(b"nh")
    })
}

/// A clause introduced by one of `leads` at the start of `s` (after spaces and
/// a comma), up to the next delimiter: `của UBND huyện`, `về thực hiện …`.
fn clause(s: &str, leads: &[&str]) -> Option<(String, usize)> {
    let t = s.trim_start_matches([' ', ',', '\t']);
    let off = s.len() - t.len();
    // Leads are short: 40 bytes hold at least 10 chars.
    let near = head(t, 40);
    let lead = leads.iter().find(|l| lower_starts_with_word(near, l))?;
    let body = t.get(lead.len() + 1..)?;
    let mut end = clause_end(body);
    if leads.contains(&"của") {
        end = issuer_end(body, end);
    }
    let text = body[..end].trim();
    // At most 200 chars; no char can be past byte 200 of a shorter text.
    let cut = match text.len() > 200 {
        true => text.char_indices().nth(200).map_or(text.len(), |(i, _)| i),
        false => text.len(),
    };
    let text = text[..cut].to_string();
    (!text.is_empty()).then(|| (text, off + lead.len() + 1 + end))
}

/// Words that end an issuer (`của UBND huyện về …`), tried in this order,
/// each in what the ones before it left.
const ISSUER_STOPS: [&str; 8] = [
    " về ",
    " v/v ",
    ",",
    " ban hành",
    " nhằm ",
    " để ",
    " thì ",
    " và ",
];

/// Where an issuer clause ends within `body[..end]`: the first occurrence of
/// each stop in turn, if it fits in what the stops before it left. One scan
/// finds every stop's first occurrence (they all start with a space or a
/// comma); a later, earlier-cut search could only find that same one.
fn issuer_end(body: &str, mut end: usize) -> usize {
    let hay = &body[..end];
    let mut first = [None; ISSUER_STOPS.len()];
    for (i, &b) in hay.as_bytes().iter().enumerate() {
        if b == b' ' || b == b',' {
            for (slot, stop) in first.iter_mut().zip(ISSUER_STOPS) {
                if slot.is_none() && hay[i..].starts_with(stop) {
                    *slot = Some(i);
                }
            }
        }
    }
    for (slot, stop) in first.iter().zip(ISSUER_STOPS) {
        if let Some(i) = *slot {
            if i + stop.len() <= end {
                end = i;
            }
        }
    }
    end
}

/// Where a clause ends: a sentence stop (not the dot of `2.000`), a bracket,
/// or the start of another capitalized item (`… và Quyết định số …`).
/// Bytes, not chars: every stop is ASCII but the quotes, whose lead byte
/// is 0xE2.
fn clause_end(body: &str) -> usize {
    let bytes = body.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let stop = match b {
            b';' | b'(' | b')' | b'\n' => true,
            0xE2 => body[i..].starts_with(['“', '”']),
            b'.' => !bytes.get(i + 1).is_some_and(u8::is_ascii_digit),
            b',' => body[i + 1..].trim_start().starts_with(char::is_uppercase),
            b' ' => {
                body[i + 1..].starts_with("và ") && body[i + 5..].starts_with(char::is_uppercase)
            }
            _ => false,
        };
        if stop {
            return i;
        }
    }
    body.len()
}

/// `Quyết định kiện toàn Ban … (số 3608/QĐ-BPN&TE …)`: the subject stands
/// between the type word and the parenthesis.
fn subject_before(m: &Match) -> Option<String> {
    let prefix = &m.text[m.sentence.start.min(m.span.start)..m.span.start];
    let p = prefix.trim_end();
    let p = p.strip_suffix("số").unwrap_or(p).trim_end();
    let p = p.strip_suffix('(')?;
    let clause_start = p.rfind([';', '.']).map_or(0, |i| i + 1);
    let clause = &p[clause_start..];
    let lower = vnfacts_text::lowercase(clause);
    let (pos, len) = m
        .lex
        .type_word
        .iter()
        .filter_map(|(w, _)| lower.rfind(w.as_str()).map(|i| (i, w.len())))
        .max_by_key(|(i, _)| *i)?;
    let subject = clause.get(pos + len..)?.trim();
    (!subject.is_empty()).then(|| subject.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clause_end` as it was, char by char: the reference.
    fn clause_end_by_char(body: &str) -> usize {
        for (i, c) in body.char_indices() {
            let next = body[i + c.len_utf8()..].chars().next();
            let stop = match c {
                ';' | '(' | ')' | '\n' | '“' | '”' => true,
                '.' => !next.is_some_and(|n| n.is_ascii_digit()),
                ',' => body[i + 1..].trim_start().starts_with(char::is_uppercase),
                ' ' => {
                    body[i + 1..].starts_with("và ")
                        && body[i + 5..].starts_with(char::is_uppercase)
                }
                _ => false,
            };
            if stop {
                return i;
            }
        }
        body.len()
    }

    /// The issuer stops as they were: one search per stop.
    fn issuer_end_by_search(body: &str, mut end: usize) -> usize {
        for stop in ISSUER_STOPS {
            if let Some(i) = body[..end].find(stop) {
                end = i;
            }
        }
        end
    }

    /// `joins_pair` as it was, lower-casing all of `right`.
    fn joins_pair_whole(left: &str, right: &str, pairs: &[String]) -> bool {
        let (l, r) = (
            vnfacts_text::lowercase(left),
            vnfacts_text::lowercase(right.trim_start()),
        );
        pairs.iter().any(|p| {
            p.split_once(", ").is_some_and(|(a, b)| {
                l.trim_end_matches(',').ends_with(a)
                    && r.starts_with(b)
                    && !r[b.len()..].starts_with(char::is_alphabetic)
            })
        })
    }

    #[test]
    fn vietnamese_capitals_are_their_own_upper_case() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_vietnamese_capital(c) {
                assert_eq!(c.to_uppercase().collect::<String>(), c.to_string());
            }
        }
        assert_eq!(upper("qđ-ubnd".into()), "QĐ-UBND");
        assert_eq!(upper("QĐ-ttg".into()), "QĐ-TTG");
        assert_eq!(upper("ß-x".into()), "SS-X");
    }

    #[test]
    fn issuer_stops_apply_in_order() {
        // ` để ` comes first but ` về ` is tried first and cuts it off.
        let body = "UBND tỉnh để về việc";
        assert_eq!(
            issuer_end(body, body.len()),
            issuer_end_by_search(body, body.len())
        );
        assert_eq!(issuer_end(body, body.len()), "UBND tỉnh để".len());
    }

    #[test]
    fn ban_hanh_filter_finds_every_case() {
        for s in [
            "đã BAN HÀNH kế",
            "Ban Hành",
            "ban hành",
            "bAn hÀnh x",
            "ban  hành",
        ] {
            assert_eq!(
                may_say_ban_hanh(s),
                vnfacts_text::lowercase(s).contains("ban hành"),
                "{s}"
            );
        }
    }

    const TEXT: &str = "[a-zA-Z0-9ĐđƠƯơưẠ-ỹÀ-ÿΣİ .,;()“”\"\n/vàềềviệc]{0,50}";

    proptest::proptest! {
        #[test]
        fn clause_end_agrees(s in TEXT) {
            proptest::prop_assert_eq!(clause_end(&s), clause_end_by_char(&s));
        }

        #[test]
        fn issuer_end_agrees(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " về ", " v/v ", ",", " ban hành", " nhằm ", " để ", " thì ", " và ",
                    "UBND", "x", " ", "về", "để", "ạ",
                ]),
                0..12,
            ),
            cut in 0usize..100,
        ) {
            let body = parts.concat();
            let mut end = cut.min(body.len());
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            proptest::prop_assert_eq!(issuer_end(&body, end), issuer_end_by_search(&body, end));
        }

        #[test]
        fn ban_hanh_filter_agrees(s in "[bBaAnNhHàÀáx ]{0,14}") {
            let found = vnfacts_text::lowercase(&s).contains("ban hành");
            proptest::prop_assert_eq!(may_say_ban_hanh(&s), found);
        }

        #[test]
        fn joins_pair_agrees(
            left in "[a-zA-ZđĐòÒốỐ ,]{0,12}",
            right in "[a-zA-ZđĐòÒốỐΣİ ,]{0,90}",
        ) {
            let pairs: Vec<String> = ["phòng, chống", "an, đò", "a, b", "x, σa", "o, ΣΣ"]
                .map(String::from)
                .into();
            proptest::prop_assert_eq!(
                joins_pair(&left, &right, &pairs),
                joins_pair_whole(&left, &right, &pairs)
            );
        }
    }
}
