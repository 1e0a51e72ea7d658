//! Document builders: symbols, party documents, named laws, and the
//! `ngày …`, `của …`, `về …` clauses around them.

use crate::build::{Built, Match};
use crate::model::{DocType, Document, FactValue};

type BuildResult = Result<Built, String>;

/// `3608/QĐ-BPN&TE`, `55/2007/CT-UBND`, `456/UBDT-DTTS`, `248KH-UBND`.
pub fn symbol(m: &Match) -> BuildResult {
    let number = m.caps.get("number").ok_or("no number")?;
    let raw = m.caps.get("symbol").ok_or("no symbol")?;
    let year: Option<i32> = m.caps.get("year").and_then(|y| y.parse().ok());
    let symbol_text = clean_symbol(raw);
    if !symbol_text.chars().any(|c| c.is_alphabetic()) {
        return Err("symbol without letters".into());
    }
    let code_type = type_of_symbol(m, &symbol_text);
    let doc_type = code_type
        .or_else(|| type_word_before(m))
        .unwrap_or(DocType::OfficialLetter);
    let year_part = year.map(|y| format!("{y}/")).unwrap_or_default();
    let id = format!("{}/{}{}", strip_zeros(number), year_part, symbol_text);
    let start = m.caps.range("number").map_or(m.span.start, |r| r.start);
    let end = m.caps.range("symbol").map_or(m.span.end, |r| r.end);
    numbered(
        m,
        id,
        doc_type,
        number,
        year,
        symbol_text.to_uppercase(),
        start..end,
    )
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
    let id = format!("{}-{}/{}", strip_zeros(number), ty, issuer).to_uppercase();
    let start = m.caps.range("number").map_or(m.span.start, |r| r.start);
    let symbol = format!("{ty}/{issuer}").to_uppercase();
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
    let head = head.split_whitespace().collect::<Vec<_>>().join(" ");
    let id = format!("{} {}", head, m.text[name_range.start..name_end].trim());
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
    let words: Vec<(usize, &str)> = word_offsets(s).collect();
    let mut end = 0;
    let mut count = 0;
    for (i, &(off, w)) in words.iter().enumerate() {
        if count >= 10 || w.starts_with(['(', '“', '"', '[']) {
            break;
        }
        let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let lower = vnfacts_text::lowercase(bare);
        let next = words.get(i + 1).map(|(_, n)| *n);
        if i > 0 && (stops.contains(&lower) || lower.chars().all(|c| c.is_ascii_digit())) {
            break;
        }
        if i > 0 && lower == "và" && next.is_some_and(|n| n.starts_with(char::is_uppercase)) {
            break;
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
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if matches!(c, '–' | '—' | '‐' | '‑' | '−') {
                '-'
            } else {
                c
            }
        })
        .collect()
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
    let lower = vnfacts_text::lowercase(crate::build::head(trimmed, 40));
    for lead in ["ban hành ", "ký "] {
        if lower.starts_with(lead) {
            skip += lead.len();
        }
    }
    let at = &rest[skip..];
    let lower = vnfacts_text::lowercase(crate::build::head(at, 40));
    if !(lower.starts_with("ngày") || at.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let d = vnfacts_text::parse_date(at, m.ctx.reference)?;
    Some((d.date, end + skip + d.end))
}

/// `Ngày 07/01, UBND quận Hoàn Kiếm ban hành Kế hoạch số 08/KH-UBND`.
fn issued_before(m: &Match) -> Option<(chrono::NaiveDate, Option<String>)> {
    let prefix = &m.text[m.sentence.start.min(m.span.start)..m.span.start];
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

/// A clause introduced by one of `leads` at the start of `s` (after spaces and
/// a comma), up to the next delimiter: `của UBND huyện`, `về thực hiện …`.
fn clause(s: &str, leads: &[&str]) -> Option<(String, usize)> {
    let t = s.trim_start_matches([' ', ',', '\t']);
    let off = s.len() - t.len();
    // Leads are short: 40 bytes hold at least 10 chars.
    let lower = vnfacts_text::lowercase(crate::build::head(t, 40));
    let lead = leads
        .iter()
        .find(|l| lower.strip_prefix(**l).is_some_and(|r| r.starts_with(' ')))?;
    let body = t.get(lead.len() + 1..)?;
    let mut end = clause_end(body);
    if leads.contains(&"của") {
        for stop in [
            " về ",
            " v/v ",
            ",",
            " ban hành",
            " nhằm ",
            " để ",
            " thì ",
            " và ",
        ] {
            if let Some(i) = body[..end].find(stop) {
                end = i;
            }
        }
    }
    let text = body[..end].trim();
    let text: String = text.chars().take(200).collect();
    (!text.is_empty()).then(|| (text, off + lead.len() + 1 + end))
}

/// Where a clause ends: a sentence stop (not the dot of `2.000`), a bracket,
/// or the start of another capitalized item (`… và Quyết định số …`).
fn clause_end(body: &str) -> usize {
    let mut end = body.len();
    for (i, c) in body.char_indices() {
        let next = body[i + c.len_utf8()..].chars().next();
        let stop = match c {
            ';' | '(' | ')' | '\n' | '“' | '”' => true,
            '.' => !next.is_some_and(|n| n.is_ascii_digit()),
            ',' => body[i + 1..].trim_start().starts_with(char::is_uppercase),
            ' ' => {
                body[i + 1..].starts_with("và ") && body[i + 5..].starts_with(char::is_uppercase)
            }
            _ => false,
        };
        if stop {
            end = i;
            break;
        }
    }
    end
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
