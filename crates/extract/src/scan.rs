//! Which rules can match at which positions: one anchored multi-pattern lazy
//! DFA over every rule.
//!
//! Running each rule's regex over each line costs one scan of the line per
//! rule, and a RegexSet over the unanchored union of all rules builds a huge
//! number of DFA states (every rule stays alive at every byte). Instead the
//! engine asks, at each position where a match may start (a word start whose
//! first byte can begin some rule), which rules match *anchored there*. Most
//! positions die after a byte or two, the DFA stays small, and the per-rule
//! regex only runs where its rule is known to match.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};

type CacheMaker =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe>;
type CachePool = Pool<Cache, CacheMaker>;

/// The anchored union of every rule.
pub struct Scanner {
    dfa: DFA,
    /// Bytes that can begin a match of some rule; other positions are skipped.
    first: [bool; 256],
    caches: CachePool,
}

/// Rules matching at one position (rule indexes, ascending), and the DFA
/// cache the search runs with (taken from the pool once per article).
pub struct Hits<'s> {
    set: PatternSet,
    cache: regex_automata::util::pool::PoolGuard<'s, Cache, CacheMaker>,
}

impl Hits<'_> {
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.set.iter().map(|p| p.as_usize())
    }
}

impl Scanner {
    /// Compile the union of `patterns` (rule order = pattern index).
    pub fn new<P: AsRef<str>>(patterns: &[P]) -> Result<Scanner, String> {
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    // A roomy cache: the union of Unicode case-insensitive
                    // word lists needs many states before it settles.
                    .cache_capacity(64 << 20),
            )
            .thompson(regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(256 << 20)))
            .build_many(patterns)
            .map_err(|e| e.to_string())?;
        let first = first_bytes(&dfa);
        let shared = dfa.clone();
        let caches: CachePool = Pool::new(Box::new(move || shared.create_cache()));
        Ok(Scanner { dfa, first, caches })
    }

    /// A reusable result set.
    pub fn hits(&self) -> Hits<'_> {
        Hits {
            set: PatternSet::new(self.dfa.pattern_len()),
            cache: self.caches.get(),
        }
    }

    /// Whether any rule can start with this byte.
    #[inline]
    pub fn can_start(&self, byte: u8) -> bool {
        self.first[byte as usize]
    }

    /// The rules with a match starting exactly at `start` and ending by `end`.
    /// `None` when the DFA cannot decide here (a rule using a Unicode word
    /// boundary on non-ASCII text): the caller must then try every rule.
    pub fn at(&self, hay: &str, start: usize, end: usize, hits: &mut Hits) -> Option<()> {
        hits.set.clear();
        let input = Input::new(hay).range(start..end).anchored(Anchored::Yes);
        self.dfa
            .try_which_overlapping_matches(&mut hits.cache, &input, &mut hits.set)
            .ok()
    }
}

/// The bytes after which the anchored DFA is not yet dead. Rules with
/// look-around assertions may depend on context, so then every byte counts.
fn first_bytes(dfa: &DFA) -> [bool; 256] {
    let mut first = [true; 256];
    if !dfa.get_nfa().look_set_any().is_empty() {
        return first;
    }
    let mut cache = dfa.create_cache();
    for b in 0..=255u8 {
        let hay = [b];
        let input = Input::new(&hay[..]).anchored(Anchored::Yes);
        let Ok(start) = dfa.start_state_forward(&mut cache, &input) else {
            continue;
        };
        match dfa.next_state(&mut cache, start, b) {
            Ok(next) => first[b as usize] = !next.is_dead(),
            Err(_) => continue,
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_rule_matching_at_a_position() {
        let s = Scanner::new(&[r"\d+ lớp", r"(?i)khoảng \d+", r"\d+"]).unwrap();
        let mut h = s.hits();
        let text = "có Khoảng 12 lớp";
        let (k, n) = (text.find('K').unwrap(), text.find('1').unwrap());
        s.at(text, k, text.len(), &mut h).unwrap();
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![1]);
        s.at(text, n, text.len(), &mut h).unwrap();
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![0, 2]);
        // Bounded by `end`: " lớp" lies outside.
        s.at(text, n, n + 2, &mut h).unwrap();
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![2]);
        // Nothing starts at the space before the number.
        s.at(text, n - 1, text.len(), &mut h).unwrap();
        assert_eq!(h.iter().count(), 0);
    }

    #[test]
    fn first_bytes_cover_case_variants_and_digits() {
        let s = Scanner::new(&[r"(?i)khoảng \d+", r"\d+"]).unwrap();
        for b in [b'k', b'K', b'0', b'9'] {
            assert!(s.can_start(b), "{}", b as char);
        }
        for b in [b' ', b'a', b'.', b'\n'] {
            assert!(!s.can_start(b), "{}", b as char);
        }
    }
}
