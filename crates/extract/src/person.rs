//! Person builders: a name, the title the text gives it, and the honorific.
//!
//! Titles follow names in apposition (`ông Nguyễn Thanh Bình, Ủy viên …, Phó
//! Chủ tịch UBND tỉnh và bà …`) or precede them (`Phó Chủ tịch UBND tỉnh Vương
//! Quốc Tuấn`). A title is a run of comma-separated segments that each start
//! with a capital; it ends at a verb or preposition from the stop list, at an
//! honorific, or at `và` before another person.

use crate::build::{Built, Match};
use crate::lexicon::Lexicons;
use crate::model::{FactValue, Person};

type BuildResult = Result<Built, String>;

/// `ông/bà/đồng chí/đ/c` + name (+ title after it).
pub fn honorific(m: &Match) -> BuildResult {
    let hon = m.caps.get("honorific").ok_or("no honorific")?;
    let hon_key = hon
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let honorific = m
        .lex
        .honorific
        .iter()
        .find(|(w, _)| *w == hon_key)
        .map(|(_, c)| c.clone());
    let range = m.caps.range("name").ok_or("no name")?;
    let (name, name_end) = trim_name(m.text, range.clone(), m.lex)?;
    if m.text[name_end..].trim().is_empty() {
        return Err("name at the very end of the text (truncated?)".into());
    }
    let title =
        title_after(m.text, name_end, m.lex).or_else(|| coordinated_title(m.text, name_end, m.lex));
    if title.is_none() && honorific.as_deref() != Some("đồng chí") {
        return Err("no title: not an official".into());
    }
    let start = m.span.start;
    Ok(Built {
        value: FactValue::Person(Person {
            name,
            title,
            honorific,
        }),
        span: start..name_end,
    })
}

/// Title + name: `Phó Chủ tịch Thường trực UBND tỉnh Vương Quốc Tuấn`.
/// A title head plus at most 90 more characters (`Phó Chủ tịch Thường trực
/// UBND tỉnh …`); longer runs are a sentence, not a title.
const MAX_TITLE_CHARS: usize = 110;

pub fn titled(m: &Match) -> BuildResult {
    let title = m
        .caps
        .get("title")
        .ok_or("no title")?
        .trim()
        .trim_end_matches(',')
        .trim();
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(format!("title {title:?} too long to be one"));
    }
    let range = m.caps.range("name").ok_or("no name")?;
    let (title, range) = split_place(title, &m.text[..range.end], range);
    if has_stop(&title, m.lex) {
        return Err(format!("title {title:?} runs into the sentence"));
    }
    let (name, name_end) = trim_name(m.text, range, m.lex)?;
    let before = vnfacts_text::lowercase(crate::build::tail(m.text[..m.span.start].trim_end(), 40));
    let honorific = m
        .lex
        .honorific
        .iter()
        .find(|(w, _)| before.ends_with(w.as_str()))
        .map(|(_, c)| c.clone());
    // `Thượng tá Hoàng Văn Lực, Phó Trưởng Công an huyện`: rank before, office after.
    let title = match title_after(m.text, name_end, m.lex) {
        Some(more) if m.text[name_end..].trim_start().starts_with([',', '-', '–']) => {
            format!("{title}, {more}")
        }
        _ => title,
    };
    let person = Person {
        name,
        title: Some(title),
        honorific,
    };
    Ok(Built {
        value: FactValue::Person(person),
        span: m.span.start..name_end,
    })
}

/// `… UBND huyện Châu Thành Hoàng Bích Huyền`: a place name before the
/// person's name belongs to the title. Moves up to three leading words of the
/// name into the title when, joined with up to two trailing title words, they
/// name a province or district. Returns the title and the name's new range.
fn split_place(
    title: &str,
    upto: &str,
    name: std::ops::Range<usize>,
) -> (String, std::ops::Range<usize>) {
    let words: Vec<(usize, &str)> = word_offsets(&upto[name.clone()], name.start).collect();
    let tail: Vec<&str> = title.split_whitespace().rev().take(2).collect();
    for k in (1..=3.min(words.len().saturating_sub(2))).rev() {
        let head: Vec<&str> = words[..k].iter().map(|(_, w)| *w).collect();
        for j in 0..=tail.len() {
            let mut parts: Vec<&str> = tail[..j].iter().rev().copied().collect();
            parts.extend(&head);
            if crate::places::is_place_name(&parts.join(" ")) {
                let (off, w) = words[k - 1];
                let moved_end = off + w.len();
                let new_title = format!("{} {}", title, &upto[name.start..moved_end]);
                return (new_title, words[k].0..name.end);
            }
        }
    }
    (title.to_string(), name)
}

fn word_offsets(s: &str, base: usize) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (base + (w.as_ptr() as usize - s.as_ptr() as usize), w))
}

/// Validate a capitalized run as a name. Trailing title syllables are dropped
/// only when a title visibly continues after them (`Nguyễn Thị Hiền Chuyên`
/// then `viên`, `Nguyễn Văn An Phó` then `Chủ`), so names that end in such
/// a syllable (`Vũ Thanh Thành,`, `Dương Thanh Trung đã`) stay whole.
fn trim_name(
    text: &str,
    range: std::ops::Range<usize>,
    lex: &Lexicons,
) -> Result<(String, usize), String> {
    let mut words: Vec<(usize, &str)> = word_offsets(&text[range.clone()], range.start).collect();
    let is_head = |w: &str| lex.title_head.contains(w);
    while words.len() > 2 {
        let Some(&(off, last)) = words.last() else {
            break;
        };
        let next = text[off + last.len()..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        let lower_next = vnfacts_text::lowercase(next);
        let continues = lex.title_second.contains(&lower_next) || is_head(next);
        if is_head(last) && continues {
            words.pop();
        } else {
            break;
        }
    }
    let Some(&(_, first)) = words.first() else {
        return Err("empty name".into());
    };
    if words.len() < 2 || words.len() > 5 {
        return Err(format!("{} words is not a name", words.len()));
    }
    if lex.not_name.contains(first) || is_head(first) {
        return Err(format!("{first:?} does not start a name"));
    }
    if words
        .iter()
        .any(|(_, w)| w.chars().count() > 1 && w.chars().all(|c| c.is_uppercase()))
    {
        return Err("an acronym is not part of a name".into());
    }
    let &(last_off, last) = words.last().ok_or("empty name")?;
    let end = last_off + last.len();
    let name = words.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
    if vnfacts_gazetteer_says_place(&name) {
        return Err(format!("{name:?} is a place"));
    }
    Ok((name, end))
}

/// Place names that look like names (`Hà Giang`, `Lâm Đồng`) are not people.
fn vnfacts_gazetteer_says_place(name: &str) -> bool {
    crate::places::is_place_name(name)
}

/// The title in apposition after a name, if any.
pub fn title_after(text: &str, pos: usize, lex: &Lexicons) -> Option<String> {
    let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    let mut s = text[pos..line_end].trim_start_matches([' ', '\t', ',', '-', '–', ':']);
    let mut segments: Vec<&str> = Vec::new();
    loop {
        if s.is_empty() || !s.starts_with(char::is_uppercase) || starts_with_honorific(s, lex) {
            break;
        }
        let seg_end = s
            .find([',', ';', '.', '(', ')', '“', '”', '"'])
            .unwrap_or(s.len());
        let (seg, cut) = cut_at_stop(&s[..seg_end], lex);
        let seg = seg.trim().trim_end_matches(['-', '–']).trim();
        if seg.is_empty() {
            break;
        }
        segments.push(seg);
        if cut || !s[seg_end..].starts_with(',') {
            break;
        }
        s = s[seg_end + 1..].trim_start();
    }
    let title = segments.join(", ");
    (!title.is_empty() && title.chars().count() <= 200).then_some(title)
}

/// `đồng chí A và đồng chí B, Chuyên viên …`: A shares B's title.
fn coordinated_title(text: &str, pos: usize, lex: &Lexicons) -> Option<String> {
    let rest = text[pos..].trim_start();
    let rest = rest.strip_prefix("và ")?.trim_start();
    let lower = vnfacts_text::lowercase(crate::build::head(rest, 40));
    let (hon, _) = lex
        .honorific
        .iter()
        .find(|(w, _)| lower.starts_with(&format!("{w} ")))?;
    let after = rest.get(hon.len()..)?.trim_start();
    let mut end = 0;
    for w in after.split_whitespace() {
        if !w.starts_with(char::is_uppercase) || lex.title_head.contains(w) {
            break;
        }
        end = w.as_ptr() as usize - after.as_ptr() as usize + w.len();
    }
    if end == 0 {
        return None;
    }
    let abs = text.len() - after.len() + end;
    title_after(text, abs, lex)
}

fn starts_with_honorific(s: &str, lex: &Lexicons) -> bool {
    let lower = vnfacts_text::lowercase(crate::build::head(s, 40));
    lex.honorific
        .iter()
        .any(|(w, _)| lower.starts_with(&format!("{w} ")))
}

/// Cut a segment at the first stop word (lower-case in the text) or at
/// `và` before an honorific or a lower-case word. Returns the kept part and
/// whether a cut happened.
fn cut_at_stop<'a>(seg: &'a str, lex: &Lexicons) -> (&'a str, bool) {
    let words: Vec<(usize, &str)> = seg
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - seg.as_ptr() as usize, w))
        .collect();
    let mut pair = String::new();
    for (i, &(off, w)) in words.iter().enumerate() {
        if i == 0 || w.starts_with(char::is_uppercase) {
            continue;
        }
        let next = words.get(i + 1).map(|(_, n)| *n);
        if w == "và" {
            let next_lower = next.is_none_or(|n| !n.starts_with(char::is_uppercase));
            let next_hon = next.is_some_and(|n| {
                lex.honorific
                    .iter()
                    .any(|(h, _)| h.split(' ').next() == Some(&vnfacts_text::lowercase(n)))
            });
            if next_lower || next_hon {
                return (&seg[..off], true);
            }
            continue;
        }
        let pair = |n: &str| {
            pair.clear();
            pair.push_str(w);
            pair.push(' ');
            pair.push_str(n);
            lex.title_stop.contains(&pair)
        };
        if lex.title_stop.contains(w) || next.is_some_and(pair) {
            return (&seg[..off], true);
        }
    }
    (seg, false)
}

fn has_stop(title: &str, lex: &Lexicons) -> bool {
    let (kept, cut) = cut_at_stop(title, lex);
    cut || kept.len() != title.len()
}
