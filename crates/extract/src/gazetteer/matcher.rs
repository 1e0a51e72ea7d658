//! Every occurrence of every place-name pattern in a text, found while the
//! text is folded.
//!
//! The Aho-Corasick DFA is stepped by hand on the folded bytes as they are
//! made: a folded copy of the whole article and a map from each of its
//! bytes back to the original cost more than the search itself. A ring of
//! the last few folded bytes' original offsets is all the map a match needs,
//! since no pattern is longer than the ring.

use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use super::folded::FoldedBytes;

/// The patterns (folded names, with the folded length of their type word).
#[derive(Debug)]
pub(super) struct PlaceMatcher {
    dfa: DFA,
    /// Per pattern: folded length of the type word before the name.
    prefix_lens: Vec<usize>,
}

/// Original offsets of the last folded bytes: a power of two, longer than
/// any pattern (longer names are refused).
const RING: usize = 128;

/// One occurrence of one pattern, in original byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawMatch {
    pub pattern: usize,
    pub start: usize,
    /// Where the name starts, after the type word (`start` for a bare name).
    pub name_start: usize,
    pub end: usize,
}

impl PlaceMatcher {
    /// `patterns[i]` is folded and holds a type word of `prefix_lens[i]` bytes.
    pub fn new(patterns: &[String], prefix_lens: Vec<usize>) -> Result<PlaceMatcher, String> {
        if let Some(long) = patterns.iter().find(|p| p.len() >= RING) {
            return Err(format!("`{long}` is longer than {} bytes", RING - 1));
        }
        // A full DFA: a few MB for some 2,000 names, and several times
        // faster than the default NFA over every article.
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .map_err(|e| e.to_string())?;
        Ok(PlaceMatcher { dfa, prefix_lens })
    }

    /// Every occurrence of every pattern in `text` folded, overlapping ones
    /// too, in the order their ends are reached.
    #[cfg(test)]
    pub fn find_overlapping(&self, text: &str) -> Vec<RawMatch> {
        let mut out = Vec::new();
        self.find_overlapping_in(text, std::slice::from_ref(&(0..text.len())), &mut out);
        out
    }

    /// Every occurrence inside each of `windows` of `text`, as
    /// [`Self::find_overlapping`] finds them (offsets into the whole
    /// `text`), appended to `out`. No window may start with a space that
    /// follows a space: the whole text's fold drops that one.
    pub fn find_overlapping_in(
        &self,
        text: &str,
        windows: &[Range<usize>],
        out: &mut Vec<RawMatch>,
    ) {
        let Ok(start) = self.dfa.start_state(Anchored::No) else {
            return;
        };
        // One ring for every window, filled afresh by each: a match reads
        // only offsets its own window wrote (no pattern is longer than the
        // folded bytes read before its end).
        let mut starts = [0u32; RING];
        for range in windows {
            let base = range.start;
            let mut sid = start;
            let mut pos = 0usize;
            for (byte, char_start, char_end) in FoldedBytes::new(&text[range.clone()]) {
                let (char_start, char_end) = (base + char_start, base + char_end);
                starts[pos % RING] = char_start as u32;
                pos += 1;
                sid = self.dfa.next_state(Anchored::No, sid, byte);
                if !(self.dfa.is_special(sid) && self.dfa.is_match(sid)) {
                    continue;
                }
                for i in 0..self.dfa.match_len(sid) {
                    let pid = self.dfa.match_pattern(sid, i);
                    let first = pos - self.dfa.pattern_len(pid);
                    let name = first + self.prefix_lens[pid.as_usize()];
                    out.push(RawMatch {
                        pattern: pid.as_usize(),
                        start: starts[first % RING] as usize,
                        name_start: starts[name % RING] as usize,
                        end: char_end,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::folded::fold;

    /// What the matcher replaced: fold the text, find each pattern in the
    /// folded copy, map the spans back through a per-byte offset table.
    fn folded_search(patterns: &[(&str, usize)], text: &str) -> Vec<RawMatch> {
        let (starts, ends): (Vec<usize>, Vec<usize>) =
            FoldedBytes::new(text).map(|(_, s, e)| (s, e)).unzip();
        let folded = fold(text);
        let mut out = Vec::new();
        for (i, (p, prefix)) in patterns.iter().enumerate() {
            for (at, _) in folded.match_indices(p) {
                out.push(RawMatch {
                    pattern: i,
                    start: starts[at],
                    name_start: starts[at + prefix],
                    end: ends[at + p.len() - 1],
                });
            }
        }
        out.sort_by_key(|m| (m.start, m.end, m.pattern));
        out
    }

    fn matcher(patterns: &[(&str, usize)]) -> PlaceMatcher {
        let names: Vec<String> = patterns.iter().map(|(p, _)| p.to_string()).collect();
        PlaceMatcher::new(&names, patterns.iter().map(|&(_, n)| n).collect()).unwrap()
    }

    fn sorted(mut v: Vec<RawMatch>) -> Vec<RawMatch> {
        v.sort_by_key(|m| (m.start, m.end, m.pattern));
        v
    }

    #[test]
    fn names_in_any_case_and_spacing_with_their_type_word() {
        let pats = [("ha noi", 0), ("huyen van ban", 6), ("noi", 0)];
        let text = "Ở HÀ  NỘI và Huyện\u{a0}\u{a0}Văn Bàn; hà nộii";
        let got = sorted(matcher(&pats).find_overlapping(text));
        assert_eq!(got, folded_search(&pats, text));
        let spans: Vec<(&str, &str)> = got
            .iter()
            .map(|m| (&text[m.start..m.end], &text[m.name_start..m.end]))
            .collect();
        assert_eq!(
            spans,
            [
                ("HÀ  NỘI", "HÀ  NỘI"),
                ("NỘI", "NỘI"),
                ("Huyện\u{a0}\u{a0}Văn Bàn", "Văn Bàn"),
                ("hà nội", "hà nội"),
                ("nội", "nội"),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn same_spans_as_searching_a_folded_copy(
            text in "([HhNnAaOoIi ]|à|À|ộ|Ộ|\u{a0}|\n|\t|-|‐|\\.|đ|Đ|ạ|ß|\u{23a}){0,60}"
        ) {
            let pats = [("ha noi", 3), ("ha", 0), ("noi", 0), ("a", 0), ("d-a", 2), ("o i", 2), ("ha-noi", 3), ("i.", 0), ("ß", 0)];
            proptest::prop_assert_eq!(sorted(matcher(&pats).find_overlapping(&text)), folded_search(&pats, &text));
        }
    }
}
