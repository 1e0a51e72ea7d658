//! Article elements to lines of text: one line per block or `<br>`,
//! whitespace collapsed outside `<pre>`, with what the author/page-type
//! heuristics need to know about each line.

use super::dom::{flag, Child, Tag};
use super::main_text::Analysis;

/// One rendered line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub text: String,
    /// Non-whitespace characters, and how many of them sit in links,
    /// bold text and right-aligned blocks.
    pub chars: u32,
    pub link_chars: u32,
    pub bold_chars: u32,
    pub right_chars: u32,
    pub heading: bool,
}

impl Line {
    pub(crate) fn is_link_only(&self) -> bool {
        self.chars > 0 && self.link_chars * 10 >= self.chars * 9
    }
}

enum Step {
    Enter(u32),
    Exit(u32),
    Text(u32),
}

#[derive(Default)]
struct Writer {
    lines: Vec<Line>,
    cur: Line,
    pending_space: bool,
    link: u32,
    bold: u32,
    right: u32,
    heading: u32,
    pre: u32,
}

impl Writer {
    fn brk(&mut self) {
        let mut line = std::mem::take(&mut self.cur);
        self.pending_space = false;
        let trimmed = line.text.trim_end();
        if trimmed.len() != line.text.len() {
            line.text.truncate(trimmed.len());
        }
        if line.chars > 0 {
            if line.text.contains('&') {
                line.text = decode_leftover_entities(&line.text);
            }
            self.lines.push(line);
        }
    }

    fn text(&mut self, s: &str) {
        for ch in s.chars() {
            if self.pre > 0 && ch == '\n' {
                self.brk();
                continue;
            }
            if ch.is_whitespace() {
                if self.pre > 0 && !self.cur.text.is_empty() {
                    self.cur.text.push(' ');
                } else if !self.cur.text.is_empty() {
                    self.pending_space = true;
                }
                continue;
            }
            if self.pending_space {
                self.cur.text.push(' ');
                self.pending_space = false;
            }
            self.cur.text.push(ch);
            self.cur.chars += 1;
            if self.link > 0 {
                self.cur.link_chars += 1;
            }
            if self.bold > 0 {
                self.cur.bold_chars += 1;
            }
            if self.right > 0 {
                self.cur.right_chars += 1;
            }
            if self.heading > 0 {
                self.cur.heading = true;
            }
        }
    }

    fn counters(&mut self, f: u8, tag: Tag, delta: i32) {
        let bump = |c: &mut u32| *c = (*c as i32 + delta).max(0) as u32;
        if tag == Tag::A {
            bump(&mut self.link);
        }
        if f & flag::BOLD != 0 {
            bump(&mut self.bold);
        }
        if f & flag::RIGHT != 0 {
            bump(&mut self.right);
        }
        if matches!(tag, Tag::H(_)) {
            bump(&mut self.heading);
        }
        if tag == Tag::Pre {
            bump(&mut self.pre);
        }
    }
}

/// Render the given elements (in order) to lines, skipping pruned parts.
pub(crate) fn render(a: &Analysis<'_>, parts: &[u32]) -> Vec<Line> {
    let dom = a.dom;
    let mut w = Writer::default();
    let mut stack = Vec::new();
    for &part in parts {
        stack.push(Step::Enter(part));
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(e) => {
                    if a.excluded[e as usize] {
                        continue;
                    }
                    let node = &dom.nodes[e as usize];
                    match node.tag {
                        Tag::Br => {
                            w.brk();
                            continue;
                        }
                        Tag::Td => w.pending_space = !w.cur.text.is_empty(),
                        t if t.is_block() => w.brk(),
                        _ => {}
                    }
                    w.counters(node.flags, node.tag, 1);
                    stack.push(Step::Exit(e));
                    for child in node.children.iter().rev() {
                        match *child {
                            Child::Elem(c) => stack.push(Step::Enter(c)),
                            Child::Text(t) => stack.push(Step::Text(t)),
                        }
                    }
                }
                Step::Text(t) => w.text(dom.chunks[t as usize].text),
                Step::Exit(e) => {
                    let node = &dom.nodes[e as usize];
                    w.counters(node.flags, node.tag, -1);
                    if node.tag.is_block() {
                        w.brk();
                    } else if node.tag == Tag::Td {
                        w.pending_space = !w.cur.text.is_empty();
                    }
                }
            }
        }
        w.brk();
    }
    w.lines
}

/// Entities left in text after parsing: pages that escaped `&nbsp;` twice
/// (`&amp;nbsp;`) show them literally.
pub(crate) fn decode_leftover_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let window = &rest.as_bytes()[..rest.len().min(10)];
        let Some(semi) = window.iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "nbsp" => Some(' '),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_entities() {
        assert_eq!(
            decode_leftover_entities("kế hoạch&nbsp;130/KH"),
            "kế hoạch 130/KH"
        );
        assert_eq!(
            decode_leftover_entities("A & B &#7885; &#x1ECD; &bogus;"),
            "A & B ọ ọ &bogus;"
        );
    }
}
