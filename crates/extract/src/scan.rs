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
//!
//! The DFA reads the text with ASCII capitals and digits folded ([`fold`]):
//! it answers for a slightly wider set of texts, which costs a rule search
//! now and then, and its transition rows are half as long.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

mod fold;
mod starts;

use fold::FOLD;

pub use starts::Starts;

type CacheMaker =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe>;
type CachePool = Pool<Cache, CacheMaker>;

/// The anchored union of every rule.
pub struct Scanner {
    dfa: DFA,
    /// Byte pairs that can begin a match of some rule (a 65,536-bit set):
    /// in Vietnamese text nearly every letter starts some rule, but far
    /// fewer two-byte openings do, and this test is much cheaper than a DFA
    /// search.
    first2: Vec<u64>,
    /// Per byte: whether it begins a character and some pair in `first2`.
    /// Most bytes fail this one-load test (continuation bytes, blanks,
    /// punctuation), so the engine's walk over every byte rarely needs more.
    first1: [bool; 256],
    /// The smallest ASCII byte in `first1` (128 if none): the block test
    /// of [`Starts`] drops the bytes below it at once.
    ascii_floor: u8,
    /// No rule uses look-around, so the start state is the same everywhere.
    context_free: bool,
    /// Per rule: the DFA sees exactly its pattern (no opening cut off, no
    /// case or digit its fold merges), so the ends it sees are the
    /// pattern's own (see [`Hits::end`]).
    exact: Vec<bool>,
    caches: CachePool,
}

/// Rules matching at one position (rule indexes, ascending), and the DFA
/// cache the search runs with (taken from the pool once per article).
pub struct Hits<'s> {
    set: RuleSet,
    /// Per rule in `set`: where its first match seen ends.
    ends: Vec<usize>,
    /// The rules in `set` seen to match at more than one end.
    several: RuleSet,
    /// [`Scanner`]'s `exact`.
    exact: &'s [bool],
    cache: regex_automata::util::pool::PoolGuard<'s, Cache, CacheMaker>,
    /// The anchored start state and the cache generation it belongs to.
    start: Option<(usize, LazyStateID)>,
}

impl Hits<'_> {
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.set.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Where the match of `rule` found at this position ends, when the
    /// scanner knows: the rule is exact (see [`Scanner`]) and its pattern
    /// can end at one place only here. A leftmost-first search could only
    /// find that end, so the engine need not run one.
    pub fn end(&self, rule: usize) -> Option<usize> {
        (self.exact[rule] && !self.several.contains(rule)).then(|| self.ends[rule])
    }

    /// Note that `rule` matches, ending at `end`.
    #[inline]
    fn found(&mut self, rule: usize, end: usize) {
        if !self.set.contains(rule) {
            self.set.insert(rule);
            self.ends[rule] = end;
        } else if self.ends[rule] != end {
            self.several.insert(rule);
        }
    }

    fn clear(&mut self) {
        self.set.clear();
        self.several.clear();
    }
}

/// A set of rule indexes as bits. The scanner runs at every word start and
/// nearly always finds nothing: clearing and testing for empty must cost a
/// word or two, not a pass over one flag per rule.
struct RuleSet {
    words: Vec<u64>,
    any: bool,
}

impl RuleSet {
    fn new(rules: usize) -> RuleSet {
        RuleSet {
            words: vec![0; rules.div_ceil(64)],
            any: false,
        }
    }

    fn clear(&mut self) {
        if self.any {
            self.words.iter_mut().for_each(|w| *w = 0);
            self.any = false;
        }
    }

    fn insert(&mut self, rule: usize) {
        self.words[rule / 64] |= 1 << (rule % 64);
        self.any = true;
    }

    fn is_empty(&self) -> bool {
        !self.any
    }

    fn contains(&self, rule: usize) -> bool {
        self.words[rule / 64] >> (rule % 64) & 1 == 1
    }

    /// Rule indexes, ascending.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut rest = w;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    i * 64 + bit
                })
            })
        })
    }
}

impl Scanner {
    /// Compile the union of `patterns` (rule order = pattern index).
    pub fn new<P: AsRef<str>>(patterns: &[P]) -> Result<Scanner, String> {
        let parsed = patterns
            .iter()
            .map(|p| {
                regex_syntax::Parser::new()
                    .parse(p.as_ref())
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        Scanner::from_hirs(&parsed)
    }

    /// [`Scanner::new`] from patterns already parsed (the rules parse
    /// theirs once for their own regexes).
    pub fn from_hirs<'h>(patterns: impl IntoIterator<Item = &'h Hir>) -> Result<Scanner, String> {
        let patterns: Vec<&Hir> = patterns.into_iter().collect();
        let hirs: Vec<Hir> = patterns.iter().map(|p| fold::fold(&opening(p))).collect();
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().nfa_size_limit(Some(256 << 20)))
            .build_many_from_hir(&hirs)
            .map_err(|e| e.to_string())?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    // A roomy cache: the union of Unicode case-insensitive
                    // word lists needs many states before it settles.
                    .cache_capacity(64 << 20),
            )
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let first2 = first_pairs(&dfa);
        let first1 = std::array::from_fn(|b| {
            let b = b as u8;
            b & 0xC0 != 0x80 && (0..=255u8).any(|n| pair_in(&first2, b, n))
        });
        let ascii_floor = (0..128u8).find(|&b| first1[usize::from(b)]).unwrap_or(128);
        let shared = dfa.clone();
        let caches: CachePool = Pool::new(Box::new(move || shared.create_cache()));
        let context_free = dfa.get_nfa().look_set_any().is_empty();
        let exact = patterns
            .iter()
            .map(|p| context_free && is_whole_opening(p) && fold::is_closed(p))
            .collect();
        Ok(Scanner {
            dfa,
            first2,
            first1,
            ascii_floor,
            context_free,
            exact,
            caches,
        })
    }

    /// A reusable result set.
    pub fn hits(&self) -> Hits<'_> {
        let rules = self.dfa.pattern_len();
        Hits {
            set: RuleSet::new(rules),
            ends: vec![0; rules],
            several: RuleSet::new(rules),
            exact: &self.exact,
            cache: self.caches.get(),
            start: None,
        }
    }

    /// Whether any rule can start with these two bytes (`next` is None at
    /// the end of the searched range).
    #[inline]
    pub fn can_start(&self, byte: u8, next: Option<u8>) -> bool {
        match next {
            Some(n) => pair_in(&self.first2, byte, n),
            None => (0..=255u8).any(|n| pair_in(&self.first2, byte, n)),
        }
    }

    /// Whether `byte` begins a character and some rule can start with it:
    /// false means `can_start` is false whatever follows.
    #[inline]
    pub fn can_begin(&self, byte: u8) -> bool {
        self.first1[byte as usize]
    }

    /// The positions from `from` on where a match may start, as far as
    /// cheap byte tests tell: not right after an ASCII letter or digit (the
    /// engine's `left_ok` says the rest), and at a byte pair some rule can
    /// begin with.
    pub fn starts<'a>(&'a self, bytes: &'a [u8], from: usize) -> Starts<'a> {
        Starts::new(self, bytes, from)
    }

    /// The rules with a match starting exactly at `start` and ending by `end`.
    /// `None` when the DFA cannot decide here (a rule using a Unicode word
    /// boundary on non-ASCII text): the caller must then try every rule.
    ///
    /// The DFA is stepped by hand rather than through a search call: this
    /// runs at every word start, and most runs die within a few bytes, so the
    /// set-up of a full search was most of the cost. Known transitions
    /// between untagged states (the common case) only read the cache; the
    /// rest (unknown, match, dead or quit) take the general step.
    #[inline]
    pub fn at(&self, hay: &str, start: usize, end: usize, hits: &mut Hits) -> Option<()> {
        hits.clear();
        let mut sid = self.start_state(hay, start, end, hits)?;
        let bytes = &hay.as_bytes()[..end];
        let mut at = start;
        // The last match state met (and the cache generation it belongs
        // to), and whether it was met again: the same state one byte on
        // adds no rule, only a second end for each of its rules.
        let mut last_match = None;
        let mut again = false;
        loop {
            if !sid.is_tagged() {
                // Deref the pool guard once, not at every byte.
                let cache: &Cache = &hits.cache;
                while let Some(&b) = bytes.get(at) {
                    let b = FOLD[usize::from(b)];
                    // SAFETY: `sid` is an untagged state of this cache's
                    // current generation: the start state is checked
                    // against the generation, and every later one comes
                    // from a step on this cache (a step that clears the
                    // cache returns a state of the new generation).
                    let next = unsafe { self.dfa.next_state_untagged_unchecked(cache, sid, b) };
                    if next.is_tagged() {
                        // Most runs end here; the dead state is final (and
                        // never a match), so it needs no general step.
                        if next.is_dead() {
                            return Some(());
                        }
                        break;
                    }
                    sid = next;
                    at += 1;
                }
            }
            let Some(&b) = bytes.get(at) else {
                break;
            };
            sid = self
                .dfa
                .next_state(&mut hits.cache, sid, FOLD[usize::from(b)])
                .ok()?;
            at += 1;
            if sid.is_match() {
                let key = Some((hits.cache.clear_count(), sid));
                if last_match != key {
                    // A match shows one byte late: it ended before this byte.
                    self.collect(sid, at - 1, hits);
                    (last_match, again) = (key, false);
                } else if !again {
                    self.several(sid, hits);
                    again = true;
                }
            }
            if sid.is_dead() {
                return Some(());
            }
            if sid.is_quit() {
                return None;
            }
        }
        // Step once more, on the byte after the range (as the search
        // routines do) or on end-of-input, for a match ending at `end`.
        sid = match hay.as_bytes().get(end) {
            Some(&b) => self
                .dfa
                .next_state(&mut hits.cache, sid, FOLD[usize::from(b)])
                .ok()?,
            None => self.dfa.next_eoi_state(&mut hits.cache, sid).ok()?,
        };
        if sid.is_match() {
            self.collect(sid, end, hits);
        }
        Some(())
    }

    /// The anchored start state. Without look-around it does not depend on
    /// the text before `start`, so it is computed once per cache generation
    /// (a full cache is cleared, and its state ids with it).
    #[inline]
    fn start_state(
        &self,
        hay: &str,
        start: usize,
        end: usize,
        hits: &mut Hits,
    ) -> Option<LazyStateID> {
        if let Some((generation, sid)) = hits.start {
            if generation == hits.cache.clear_count() {
                return Some(sid);
            }
        }
        let input = Input::new(hay).range(start..end).anchored(Anchored::Yes);
        let sid = self.dfa.start_state_forward(&mut hits.cache, &input).ok()?;
        if self.context_free {
            hits.start = Some((hits.cache.clear_count(), sid));
        }
        Some(sid)
    }

    /// Note that the rules of match state `sid`, all already found, match
    /// at a second end.
    fn several(&self, sid: LazyStateID, hits: &mut Hits) {
        for i in 0..self.dfa.match_len(&hits.cache, sid) {
            let rule = self.dfa.match_pattern(&hits.cache, sid, i).as_usize();
            hits.several.insert(rule);
        }
    }

    /// Note the rules of match state `sid`, their match ending at `end`.
    fn collect(&self, sid: LazyStateID, end: usize, hits: &mut Hits) {
        for i in 0..self.dfa.match_len(&hits.cache, sid) {
            let rule = self.dfa.match_pattern(&hits.cache, sid, i).as_usize();
            hits.found(rule, end);
        }
    }
}

/// The part of a rule the scanner looks at: its pattern up to the first
/// open-ended run of arbitrary text (`[^\n.;:]*?` before a name, `[^\n]*`
/// after `Luật`). Such a run keeps the DFA alive to the end of the clause at
/// every title word; the opening before it already says whether the rule
/// can match here, and the rule's own regex checks the rest. A pattern that
/// starts with such a run is kept whole.
fn opening(hir: &Hir) -> Hir {
    let mut items = Vec::new();
    flatten(hir, &mut items);
    let cut = items.iter().position(open_ended).unwrap_or(items.len());
    if cut == 0 {
        return hir.clone();
    }
    items.truncate(cut);
    Hir::concat(items)
}

/// Whether [`opening`] keeps all of `hir`.
fn is_whole_opening(hir: &Hir) -> bool {
    let mut items = Vec::new();
    flatten(hir, &mut items);
    !items.iter().any(open_ended)
}

/// A concatenation as a flat list of items (captures do not matter here).
fn flatten(h: &Hir, out: &mut Vec<Hir>) {
    match h.kind() {
        HirKind::Concat(items) => items.iter().for_each(|i| flatten(i, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        _ => out.push(h.clone()),
    }
}

/// Whether `h` holds an unbounded repetition of a broad class that crosses
/// spaces (any text, not a word or a run of blanks).
fn open_ended(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Repetition(r) => (r.max.is_none() && is_any_text(&r.sub)) || open_ended(&r.sub),
        HirKind::Capture(c) => open_ended(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(open_ended),
        _ => false,
    }
}

fn is_any_text(h: &Hir) -> bool {
    let HirKind::Class(Class::Unicode(c)) = h.kind() else {
        return false;
    };
    let size: u32 = c
        .ranges()
        .iter()
        .map(|r| r.end() as u32 - r.start() as u32 + 1)
        .sum();
    size > 10_000
        && c.ranges()
            .iter()
            .any(|r| r.start() <= ' ' && ' ' <= r.end())
}

/// Whether the pair `byte`, `next` is in a set made by `first_pairs`.
#[inline]
fn pair_in(set: &[u64], byte: u8, next: u8) -> bool {
    let bit = (byte as usize) << 8 | next as usize;
    set[bit >> 6] >> (bit & 63) & 1 == 1
}

/// The byte pairs after which the anchored DFA is not dead. A match of one
/// byte is not lost: the lazy DFA reports matches one byte late, so the
/// state after the pair is then a match state, not the dead one. Rules with
/// look-around assertions may depend on context, so then every pair counts.
fn first_pairs(dfa: &DFA) -> Vec<u64> {
    let mut set = vec![u64::MAX; 1024];
    if !dfa.get_nfa().look_set_any().is_empty() {
        return set;
    }
    let mut cache = dfa.create_cache();
    for b in 0..=255u8 {
        let hay = [FOLD[usize::from(b)]];
        let input = Input::new(&hay[..]).anchored(Anchored::Yes);
        let after_first = dfa
            .start_state_forward(&mut cache, &input)
            .ok()
            .and_then(|s| dfa.next_state(&mut cache, s, hay[0]).ok())
            .ok_or(());
        for n in 0..=255u8 {
            let live = match after_first {
                Ok(s) if s.is_dead() => false,
                Ok(s) => dfa
                    .next_state(&mut cache, s, FOLD[usize::from(n)])
                    .map_or(true, |t| !t.is_dead()),
                Err(_) => true,
            };
            if !live {
                let bit = (b as usize) << 8 | n as usize;
                set[bit >> 6] &= !(1u64 << (bit & 63));
            }
        }
    }
    set
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
    fn knows_the_end_only_of_exact_rules_with_one_end() {
        let s = Scanner::new(&[
            r"QĐ-\d+ ",
            r"(?i)qđ-\d+ ",
            r"\d+",
            r"(?i)\d+ lớp",
            r"(?i)a[^\n]*",
        ])
        .unwrap();
        let mut h = s.hits();
        // Rule 0 is case-sensitive: the folded DFA reports it on a lower-case
        // text too, so it never says where it ends.
        for text in ["qĐ-12 x", "QĐ-12 x"] {
            s.at(text, 0, text.len(), &mut h).unwrap();
            assert_eq!(h.iter().collect::<Vec<_>>(), vec![0, 1], "{text}");
            assert_eq!((h.end(0), h.end(1)), (None, Some(7)), "{text}");
        }
        // `\d+` can end after each digit; `\d+ lớp` only after the noun.
        let text = "12 lớp";
        s.at(text, 0, text.len(), &mut h).unwrap();
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!((h.end(2), h.end(3)), (None, Some(text.len())));
        // A cut opening (`[^\n]*` is left to the rule's regex): no end.
        s.at("ab", 0, 2, &mut h).unwrap();
        assert_eq!((h.iter().collect::<Vec<_>>(), h.end(4)), (vec![4], None));
    }

    #[test]
    fn rule_set_iterates_ascending_across_words_and_clears() {
        let mut set = RuleSet::new(140);
        assert!(set.is_empty());
        for r in [130, 0, 64, 63] {
            set.insert(r);
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![0, 63, 64, 130]);
        set.clear();
        assert!(set.is_empty());
        assert_eq!(set.iter().count(), 0);
    }

    #[test]
    fn first_pairs_cover_case_variants_digits_and_one_byte_matches() {
        let s = Scanner::new(&[r"(?i)khoảng \d+", r"\d+"]).unwrap();
        for p in ["kh", "KH", "Kh", "12", "9 ", "9."] {
            let b = p.as_bytes();
            assert!(s.can_start(b[0], Some(b[1])), "{p}");
        }
        assert!(s.can_start(b'7', None));
        for p in ["ka", "  ", "a1", ".5", "\n1"] {
            let b = p.as_bytes();
            assert!(!s.can_start(b[0], Some(b[1])), "{p}");
        }
        assert!(!s.can_start(b'a', None));
    }
}
