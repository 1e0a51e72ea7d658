//! Word lists as regex fragments.
//!
//! A list of 100 unit nouns written as a flat alternation makes the
//! capture step (regex-automata's bounded backtracker) try each word in
//! turn at every candidate, and the words are case-insensitive and
//! multi-syllable, so the NFA compiler's own literal trie does not apply.
//! Written as a prefix trie instead (`lớp(?:\s+tập\s+huấn)?|lượt`), every
//! shared prefix is matched once.
//!
//! The trie matches exactly what the longest-first alternation matches, in
//! the same order of preference: words that match at one position form a
//! chain of prefixes, and the trie tries the longer continuation before
//! ending. When two words differ only in the case of a shared letter
//! (`Đoàn`, `đoàn viên`) the trie could order them differently under
//! `(?i)`, so such a list stays a flat alternation.

/// A word list as a regex alternation: longest word first, escaped, a space
/// inside a word matching any run of whitespace.
pub fn words_to_regex(words: &[String]) -> String {
    let words = tokenized(words);
    match Node::build(&words) {
        Some(trie) => trie.alternation(),
        None => flat(words),
    }
}

/// One step of a word: a character, or the gap between two syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tok {
    Char(char),
    Space,
}

impl Tok {
    /// The key two tokens share a trie edge by: case-insensitively equal.
    fn key(self) -> Tok {
        match self {
            Tok::Char(c) => Tok::Char(lower(c)),
            Tok::Space => Tok::Space,
        }
    }

    fn push_regex(self, out: &mut String) {
        match self {
            Tok::Char(c) => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
            Tok::Space => out.push_str(r"\s+"),
        }
    }
}

fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// The distinct words as tokens, longest first (then alphabetical, as the
/// flat alternation orders them).
fn tokenized(words: &[String]) -> Vec<Vec<Tok>> {
    let mut out: Vec<Vec<Tok>> = words
        .iter()
        .map(|w| {
            let mut toks = Vec::new();
            for (i, syllable) in w.split_whitespace().enumerate() {
                if i > 0 {
                    toks.push(Tok::Space);
                }
                toks.extend(syllable.chars().map(Tok::Char));
            }
            toks
        })
        .filter(|t| !t.is_empty())
        .collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}

fn flat(words: Vec<Vec<Tok>>) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        w.iter().for_each(|t| t.push_regex(&mut out));
    }
    out
}

#[derive(Default)]
struct Node {
    /// Edges in first-insertion order (longest words first).
    children: Vec<(Tok, Node)>,
    /// A word ends here.
    end: bool,
}

impl Node {
    /// The trie of `words`, or None when two words spell a shared prefix
    /// with different case.
    fn build(words: &[Vec<Tok>]) -> Option<Node> {
        let mut root = Node::default();
        for w in words {
            let mut node = &mut root;
            for &t in w {
                let i = match node.children.iter().position(|(c, _)| c.key() == t.key()) {
                    Some(i) if node.children[i].0 != t => return None,
                    Some(i) => i,
                    None => {
                        node.children.push((t, Node::default()));
                        node.children.len() - 1
                    }
                };
                node = &mut node.children[i].1;
            }
            node.end = true;
        }
        Some(root)
    }

    /// The words below this node as `a|b…` (no enclosing group).
    fn alternation(&self) -> String {
        let mut out = String::new();
        for (i, (t, child)) in self.children.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            t.push_regex(&mut out);
            child.push_rest(&mut out);
        }
        out
    }

    /// What may follow the path to this node: a chain of single edges is
    /// written out, a fork becomes a group, optional when a word ends here
    /// (greedy, so the longer word is tried first).
    fn push_rest(&self, out: &mut String) {
        match (self.children.as_slice(), self.end) {
            ([], _) => {}
            ([(t, child)], false) => {
                t.push_regex(out);
                child.push_rest(out);
            }
            (_, end) => {
                out.push_str("(?:");
                out.push_str(&self.alternation());
                out.push_str(if end { ")?" } else { ")" });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;
    use regex_automata::{Anchored, Input};

    fn w(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn shared_prefixes_are_matched_once() {
        let re = words_to_regex(&w(&["lớp", "lớp tập huấn", "lượt", "buổi"]));
        assert_eq!(re, r"l(?:ớp(?:\s+tập\s+huấn)?|ượt)|buổi");
    }

    #[test]
    fn special_characters_are_escaped() {
        let re = words_to_regex(&w(&["m2", "m.", "(x)"]));
        assert_eq!(re, r"\(x\)|m(?:\.|2)");
    }

    #[test]
    fn case_clash_keeps_the_flat_alternation() {
        let re = words_to_regex(&w(&["Đoàn", "đoàn viên"]));
        assert_eq!(re, r"đoàn\s+viên|Đoàn");
    }

    /// The longest-first alternation the trie replaces.
    fn reference(words: &[String]) -> String {
        flat(tokenized(words))
    }

    fn anchored_match(pattern: &str, text: &str) -> Option<(usize, usize)> {
        let re = Regex::new(pattern).unwrap();
        let mut caps = re.create_captures();
        re.search_captures(&Input::new(text).anchored(Anchored::Yes), &mut caps);
        caps.get_match()
            .map(|m| (m.end(), caps.get_group(2).map_or(0, |g| g.end)))
    }

    proptest! {
        /// Same match and same word captured, with and without case
        /// folding, also when what follows the list forces backtracking.
        #[test]
        fn trie_matches_like_the_alternation(
            words in prop::collection::vec("[aAbđĐ]{1,3}( [ab]{1,2})?", 1..8),
            text in "[aAbđĐ .c]{0,12}",
            case in prop::bool::ANY,
            tail in prop::sample::select(vec!["", r"\b", "c", r"\s*\."]),
        ) {
            let flags = if case { "(?i)" } else { "" };
            let trie = format!("{flags}(({}){tail})", words_to_regex(&words));
            let flat = format!("{flags}(({}){tail})", reference(&words));
            prop_assert_eq!(anchored_match(&trie, &text), anchored_match(&flat, &text));
        }
    }
}
