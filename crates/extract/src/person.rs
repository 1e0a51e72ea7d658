//! Person builders: a name, the title the text gives it, and the honorific.
//!
//! Titles follow names in apposition (`ông Nguyễn Thanh Bình, Ủy viên …, Phó
//! Chủ tịch UBND tỉnh và bà …`) or precede them (`Phó Chủ tịch UBND tỉnh Vương
//! Quốc Tuấn`). A title is a run of comma-separated segments that each start
//! with a capital; it ends at a verb or preposition from the stop list, at an
//! honorific, or at `và` before another person.

use vnfacts_text::case::lower_starts_with_word;

use crate::build::{head, lower_words, quoted, Built, Match};
use crate::lexicon::Lexicons;
use crate::model::{FactValue, Person};

type BuildResult = Result<Built, String>;

/// `ông/bà/đồng chí/đ/c` + name (+ title after it).
pub fn honorific(m: &Match) -> BuildResult {
    let hon = m.caps.get("honorific").ok_or("no honorific")?;
    let hon_key = lower_words(hon);
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
        return Err(format!("title {} too long to be one", quoted(title)));
    }
    let range = m.caps.range("name").ok_or("no name")?;
    let (title, range) = split_place(title, &m.text[..range.end], range);
    if has_stop(&title, m.lex) {
        return Err(format!("title {} runs into the sentence", quoted(&title)));
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
        // Most names end in no title syllable: the word after is not read.
        let continues = || {
            let next = text[off + last.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("");
            is_head(next) || lex.title_second.contains(&vnfacts_text::lowercase(next))
        };
        if is_head(last) && continues() {
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
        return Err(format!("{} does not start a name", quoted(first)));
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
        return Err(format!("{} is a place", quoted(&name)));
    }
    Ok((name, end))
}

/// Place names that look like names (`Hà Giang`, `Lâm Đồng`) are not people.
fn vnfacts_gazetteer_says_place(name: &str) -> bool {
    crate::places::is_place_name(name)
}

/// The title in apposition after a name, if any.
///
/// The title stays on the name's line. The line is not cut out first (its
/// end can be the end of the article): a line break ends a segment, and a
/// title does not go on past one.
pub fn title_after(text: &str, pos: usize, lex: &Lexicons) -> Option<String> {
    let mut s = text[pos..].trim_start_matches([' ', '\t', ',', '-', '–', ':']);
    // The segments, joined by ", " as they are found.
    let mut title = String::new();
    loop {
        if s.is_empty() || !s.starts_with(char::is_uppercase) || starts_with_honorific(s, lex) {
            break;
        }
        let seg_end = segment_end(s);
        let (seg, cut) = cut_at_stop(&s[..seg_end], lex);
        let seg = seg.trim().trim_end_matches(['-', '–']).trim();
        if seg.is_empty() {
            break;
        }
        if !title.is_empty() {
            title.push_str(", ");
        }
        title.push_str(seg);
        if cut || !s[seg_end..].starts_with(',') {
            break;
        }
        let rest = &s[seg_end + 1..];
        s = rest.trim_start();
        if rest[..rest.len() - s.len()].contains('\n') {
            break;
        }
    }
    (!title.is_empty() && title.chars().count() <= 200).then_some(title)
}

/// Where a title segment ends: punctuation, a quote or the end of the line.
/// Bytes, not chars: all are ASCII but the quotes, whose lead byte is 0xE2.
fn segment_end(s: &str) -> usize {
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let end = match b {
            b',' | b';' | b'.' | b'(' | b')' | b'"' | b'\n' => true,
            0xE2 => s[i..].starts_with(['“', '”']),
            _ => false,
        };
        if end {
            return i;
        }
    }
    s.len()
}

/// `đồng chí A và đồng chí B, Chuyên viên …`: A shares B's title.
fn coordinated_title(text: &str, pos: usize, lex: &Lexicons) -> Option<String> {
    let rest = text[pos..].trim_start();
    let rest = rest.strip_prefix("và ")?.trim_start();
    let near = head(rest, 40);
    let (hon, _) = lex
        .honorific
        .iter()
        .find(|(w, _)| lower_starts_with_word(near, w))?;
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
    let near = head(s, 40);
    lex.honorific
        .iter()
        .any(|(w, _)| lower_starts_with_word(near, w))
}

/// Cut a segment at the first stop word (lower-case in the text) or at
/// `và` before an honorific or a lower-case word. Returns the kept part and
/// whether a cut happened.
fn cut_at_stop<'a>(seg: &'a str, lex: &Lexicons) -> (&'a str, bool) {
    // Words are split as the scan reaches them: most segments are cut early.
    let mut words = seg
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - seg.as_ptr() as usize, w))
        .enumerate()
        .peekable();
    let mut pair = String::new();
    while let Some((i, (off, w))) = words.next() {
        if i == 0 || w.starts_with(char::is_uppercase) {
            continue;
        }
        let next = words.peek().map(|(_, (_, n))| *n);
        if w == "và" {
            let next_lower = next.is_none_or(|n| !n.starts_with(char::is_uppercase));
            let next_hon = next.is_some_and(|n| {
                let n = vnfacts_text::lowercase(n);
                lex.honorific
                    .iter()
                    .any(|(h, _)| h.split(' ').next() == Some(&n))
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
        // Only a word that starts a two-word stop can begin a pair.
        if lex.title_stop.contains(w) || (lex.title_stop_lead.contains(w) && next.is_some_and(pair))
        {
            return (&seg[..off], true);
        }
    }
    (seg, false)
}

fn has_stop(title: &str, lex: &Lexicons) -> bool {
    let (kept, cut) = cut_at_stop(title, lex);
    cut || kept.len() != title.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `title_after` as it was: the line cut out first.
    fn title_after_line(text: &str, pos: usize, lex: &Lexicons) -> Option<String> {
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

    /// `cut_at_stop` as it was: every word split out first, every pair
    /// looked up.
    fn cut_at_stop_whole<'a>(seg: &'a str, lex: &Lexicons) -> (&'a str, bool) {
        let words: Vec<(usize, &str)> = seg
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - seg.as_ptr() as usize, w))
            .collect();
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
            let pair = |n: &str| lex.title_stop.contains(&format!("{w} {n}"));
            if lex.title_stop.contains(w) || next.is_some_and(pair) {
                return (&seg[..off], true);
            }
        }
        (seg, false)
    }

    /// The lexicons as a rule file gives them.
    fn lexicons() -> Lexicons {
        let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let tables = std::collections::BTreeMap::from([
            (
                "honorific".to_string(),
                std::collections::BTreeMap::from([
                    ("ông".to_string(), words(&["ông"])),
                    ("đồng chí".to_string(), words(&["đồng chí", "đ/c"])),
                ]),
            ),
            (
                "title".to_string(),
                std::collections::BTreeMap::from([(
                    "stop".to_string(),
                    words(&["phát biểu", "tặng", "Chủ trì", "a  b", "x y z"]),
                )]),
            ),
        ]);
        let mut lex = Lexicons::default();
        lex.add("person.toml", "person", &tables)
            .expect("test lexicon");
        lex
    }

    #[test]
    fn a_title_stops_at_the_line_break() {
        let lex = lexicons();
        let text = "A, Chủ tịch UBND,\nPhó Giám đốc";
        assert_eq!(title_after(text, 1, &lex).as_deref(), Some("Chủ tịch UBND"));
        assert_eq!(title_after(text, 1, &lex), title_after_line(text, 1, &lex));
    }

    proptest::proptest! {
        #[test]
        fn cut_at_stop_agrees_with_every_pair_looked_up(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Phó", "phát", "biểu", "tặng", "chủ", "trì", "và", "ông", "Ông", "đ/c",
                    "a", "b", "x", "y", "z", "UBND", "Đồng", "chí", "đồng",
                ]),
                0..10,
            ),
        ) {
            let lex = lexicons();
            let seg = words.join(" ");
            proptest::prop_assert_eq!(cut_at_stop(&seg, &lex), cut_at_stop_whole(&seg, &lex));
        }

        #[test]
        fn title_after_agrees_with_the_line_cut(
            text in "[A-Za-zĐđƠơÔô ,;.()“”\"\n\t:–-]{0,80}|((Ông|Phó|Chủ|tịch|phát|biểu|tặng|và|ông|,|\n| |\t|-|“)){0,30}",
            pos in 0usize..80,
        ) {
            let lex = lexicons();
            let mut pos = pos.min(text.len());
            while !text.is_char_boundary(pos) {
                pos -= 1;
            }
            proptest::prop_assert_eq!(title_after(&text, pos, &lex), title_after_line(&text, pos, &lex));
        }
    }
}
