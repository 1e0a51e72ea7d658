//! Every occurrence of every place-name pattern in a text, found while the
//! text is folded.
//!
//! The Aho-Corasick automaton is stepped by hand on the folded bytes as they are
//! made: a folded copy of the whole article and a map from each of its
//! bytes back to the original cost more than the search itself. A ring of
//! the last few folded bytes' original offsets is all the map a match needs,
//! since no pattern is longer than the ring.

#[cfg(test)]
use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use aho_corasick::automaton::StateID;

#[cfg(test)]
use super::folded::FoldedBytes;
use super::folded::{self, fold_for_match};

/// The patterns (folded names, with the folded length of their type word).
#[derive(Debug)]
pub(super) struct PlaceMatcher {
    nfa: NFA,
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
        // The contiguous NFA, not the full DFA: the DFA takes fewer
        // instructions a byte, but its few MB of transitions for some 2,000
        // names miss the CPU caches, and the wall clock came out the same
        // or a little slower; the NFA also builds in a fraction of the time
        // (start-up 93M instructions -> 42M for one article).
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            // Only unanchored searches are stepped, by hand: no prefilter
            // (it would never run).
            .prefilter(false)
            .build(patterns)
            .map_err(|e| e.to_string())?;
        Ok(PlaceMatcher { nfa, prefix_lens })
    }

    /// Every occurrence of every pattern in `text` folded, overlapping ones
    /// too, in the order their ends are reached.
    pub fn find_overlapping(&self, text: &str, out: &mut Vec<RawMatch>) {
        let Some(mut run) = self.run() else {
            return;
        };
        let tables = folded::tables();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (f, len) = match b.is_ascii() {
                true => (tables.low[b as usize], 1),
                false => tables.lookup(bytes, i),
            };
            match f {
                0 => run.push_char(text, i, len, out),
                f => run.push(f, i, i + len, out),
            }
            i += len;
        }
    }

    /// A search that folds and matches stretches of text as the caller
    /// feeds it chars, one stretch begun; None when the automaton has no
    /// start state.
    pub fn run(&self) -> Option<Run<'_>> {
        let start = self.nfa.start_state(Anchored::No).ok()?;
        Some(Run {
            matcher: self,
            start,
            sid: start,
            last: 0,
            fed: 0,
            starts: [0; RING],
        })
    }

    /// Every occurrence inside each of `windows` of `text`, as
    /// [`Self::find_overlapping`] finds them (offsets into the whole
    /// `text`), appended to `out`: what the matcher did before [`Run`].
    #[cfg(test)]
    pub fn find_overlapping_in(
        &self,
        text: &str,
        windows: &[Range<usize>],
        out: &mut Vec<RawMatch>,
    ) {
        let Ok(start) = self.nfa.start_state(Anchored::No) else {
            return;
        };
        let mut starts = [0u32; RING];
        for range in windows {
            let base = range.start;
            let mut sid = start;
            let mut pos = 0usize;
            for (byte, char_start, char_end) in FoldedBytes::new(&text[range.clone()]) {
                let (char_start, char_end) = (base + char_start, base + char_end);
                starts[pos % RING] = char_start as u32;
                pos += 1;
                sid = self.nfa.next_state(Anchored::No, sid, byte);
                if !(self.nfa.is_special(sid) && self.nfa.is_match(sid)) {
                    continue;
                }
                for i in 0..self.nfa.match_len(sid) {
                    let pid = self.nfa.match_pattern(sid, i);
                    let first = pos - self.nfa.pattern_len(pid);
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

/// A search of stretches of text, folded and matched char by char as the
/// caller feeds them (each stretch contiguous chars from [`Run::restart`]).
pub(super) struct Run<'m> {
    matcher: &'m PlaceMatcher,
    start: StateID,
    sid: StateID,
    /// The last folded byte fed (0 at a stretch's start): a space after a
    /// space is dropped.
    last: u8,
    /// Folded bytes fed since the stretch's start.
    fed: usize,
    /// Original offsets of the chars of the last [`RING`] folded bytes
    /// (by `fed`, modulo): all the map back to the text a match needs.
    starts: [usize; RING],
}

impl Run<'_> {
    /// Begins a new stretch: what was fed before is forgotten.
    #[inline(always)]
    pub fn restart(&mut self) {
        self.sid = self.start;
        self.last = 0;
        self.fed = 0;
    }

    /// Feeds the char at `at..end`, which folds to the ASCII byte `f`
    /// (not 0).
    #[inline(always)]
    pub fn push(&mut self, f: u8, at: usize, end: usize, out: &mut Vec<RawMatch>) {
        if f == b' ' && self.last == b' ' {
            return;
        }
        self.feed(f, at, end, out);
    }

    /// Feeds the char at `at` (`len` bytes), folded on its own: the path
    /// for the chars the tables do not hold.
    #[cold]
    pub fn push_char(&mut self, text: &str, at: usize, len: usize, out: &mut Vec<RawMatch>) {
        let c = text[at..].chars().next().unwrap_or(' ');
        let f = fold_for_match(c);
        if f == ' ' && self.last == b' ' {
            return;
        }
        let mut buf = [0u8; 4];
        for &b in f.encode_utf8(&mut buf).as_bytes() {
            self.feed(b, at, at + len, out);
        }
    }

    #[inline(always)]
    fn feed(&mut self, f: u8, at: usize, end: usize, out: &mut Vec<RawMatch>) {
        let nfa = &self.matcher.nfa;
        self.last = f;
        self.starts[self.fed % RING] = at;
        self.fed += 1;
        self.sid = nfa.next_state(Anchored::No, self.sid, f);
        if nfa.is_special(self.sid) && nfa.is_match(self.sid) {
            self.report(end, out);
        }
    }

    /// The patterns that end at the folded byte just fed, the char it
    /// comes from ending at `end`. No pattern is longer than the ring,
    /// and each is no longer than what its stretch fed.
    #[cold]
    #[inline(never)]
    fn report(&self, end: usize, out: &mut Vec<RawMatch>) {
        let nfa = &self.matcher.nfa;
        for i in 0..nfa.match_len(self.sid) {
            let pid = nfa.match_pattern(self.sid, i);
            let first = self.fed - nfa.pattern_len(pid);
            let name = first + self.matcher.prefix_lens[pid.as_usize()];
            out.push(RawMatch {
                pattern: pid.as_usize(),
                start: self.starts[first % RING],
                name_start: self.starts[name % RING],
                end,
            });
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

    fn find_all(matcher: &PlaceMatcher, text: &str) -> Vec<RawMatch> {
        let mut out = Vec::new();
        matcher.find_overlapping(text, &mut out);
        out
    }

    fn sorted(mut v: Vec<RawMatch>) -> Vec<RawMatch> {
        v.sort_by_key(|m| (m.start, m.end, m.pattern));
        v
    }

    #[test]
    fn names_in_any_case_and_spacing_with_their_type_word() {
        let pats = [("ha noi", 0), ("huyen van ban", 6), ("noi", 0)];
        let text = "Ở HÀ  NỘI và Huyện\u{a0}\u{a0}Văn Bàn; hà nộii";
        let got = sorted(find_all(&matcher(&pats), text));
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
            proptest::prop_assert_eq!(sorted(find_all(&matcher(&pats), &text)), folded_search(&pats, &text));
        }
    }
}
