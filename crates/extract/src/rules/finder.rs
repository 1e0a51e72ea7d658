//! Finding where a rule's match ends.
//!
//! A lazy DFA (regex-automata's meta regex, for its anchored searches)
//! walks the text from the match's start. A pattern that ends with a run
//! of anything but a line break (`Luật\s+(?P<name>{upper}[^\n]*)`) makes
//! that walk go to the end of the line, byte by byte through the DFA. The
//! run is greedy and always matches, so the match is the head's match
//! followed by the longest run ([`tail`]); when the run stops only at a
//! few ASCII bytes, `memchr` finds its end instead.

use memchr::{memchr, memchr2, memchr3};
use regex_automata::meta::{Cache, Regex};
use regex_automata::{Input, Match};
use regex_syntax::hir::{Class, Hir, HirKind};

use super::tail::{Split, Tail};

/// A rule's match finder.
#[derive(Clone, Debug)]
pub struct Finder {
    /// Finds the whole pattern, or its head when `run` is set.
    regex: Regex,
    run: Option<RunEnd>,
}

/// The ASCII bytes that end an open run (one to three).
#[derive(Clone, Debug, PartialEq)]
struct RunEnd(Vec<u8>);

impl Finder {
    /// The finder of `hir`, which [`tail::split`] splits as `split`.
    pub fn new(hir: &Hir, split: Option<&Split>) -> Result<Finder, String> {
        let run = split.and_then(|s| match &s.tail {
            Tail::Open(x) => RunEnd::of(x),
            Tail::Check(_) => None,
        });
        let pattern = match (split, &run) {
            (Some(s), Some(_)) => &s.head,
            _ => hir,
        };
        // Every search is anchored, so no prefilter (nor the literal
        // extraction that picks one, a third of the start-up time) can
        // help: the lazy DFA, and the PikeVM meta keeps for when it gives up.
        let config = Regex::config()
            .nfa_size_limit(Some(64 << 20))
            .auto_prefilter(false)
            .hybrid_cache_capacity(32 << 20)
            .onepass(false)
            .backtrack(false);
        let regex = Regex::builder()
            .configure(config)
            .build_from_hir(pattern)
            .map_err(|e| e.to_string())?;
        Ok(Finder { regex, run })
    }

    pub fn create_cache(&self) -> Cache {
        self.regex.create_cache()
    }

    /// The match anchored as `input` says.
    #[inline]
    pub fn search_with(&self, cache: &mut Cache, input: &Input<'_>) -> Option<Match> {
        let m = self.regex.search_with(cache, input)?;
        Some(self.extend(m, input))
    }

    /// [`Self::search_with`] with a cache of its own (tests, one-offs).
    pub fn search(&self, input: &Input<'_>) -> Option<Match> {
        self.search_with(&mut self.create_cache(), input)
    }

    fn extend(&self, m: Match, input: &Input<'_>) -> Match {
        let Some(run) = &self.run else {
            return m;
        };
        let rest = &input.haystack()[m.end()..input.end()];
        let end = m.end() + run.find(rest).unwrap_or(rest.len());
        Match::new(m.pattern(), m.start()..end)
    }
}

impl RunEnd {
    /// The bytes a run of `x` stops at, when `x` is a class of every char
    /// but one to three ASCII ones.
    fn of(x: &Hir) -> Option<RunEnd> {
        let HirKind::Class(Class::Unicode(class)) = x.kind() else {
            return None;
        };
        let mut outside = class.clone();
        outside.negate();
        let bytes: Vec<u8> = outside
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .take(4)
            .map(|c| c.is_ascii().then_some(c as u8))
            .collect::<Option<_>>()?;
        (1..=3).contains(&bytes.len()).then_some(RunEnd(bytes))
    }

    /// Where in `hay` the run stops (ASCII bytes never occur inside a
    /// longer UTF-8 char, so this is a char boundary).
    fn find(&self, hay: &[u8]) -> Option<usize> {
        match self.0[..] {
            [a] => memchr(a, hay),
            [a, b] => memchr2(a, b, hay),
            [a, b, c] => memchr3(a, b, c, hay),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tail;
    use crate::rules::tests::parse;
    use proptest::prelude::*;
    use regex_automata::Anchored;

    fn finder(pattern: &str) -> Finder {
        let hir = parse(pattern);
        Finder::new(&hir, tail::split(&hir).as_ref()).unwrap()
    }

    #[test]
    fn a_run_to_the_line_end_is_found_by_memchr() {
        let f = finder(r"Luật\s+(?P<name>[A-Z][^\n]*)");
        assert_eq!(f.run, Some(RunEnd(vec![b'\n'])));
        let text = "Luật Bình đẳng giới năm 2006\nvà";
        let m = f.search(&Input::new(text).anchored(Anchored::Yes)).unwrap();
        assert_eq!(&text[m.range()], "Luật Bình đẳng giới năm 2006");
        // The search's own end bounds the run.
        let m = f.search(&Input::new(text).range(..8).anchored(Anchored::Yes));
        assert_eq!(m.map(|m| m.range()), Some(0..8));
    }

    #[test]
    fn other_runs_stay_in_the_dfa() {
        for p in [r"a[^\n]+", r"a\w*", r"a[^\n.;:()]*", r"a(?:b|c)", r"a[^é]*"] {
            assert_eq!(finder(p).run, None, "{p}");
        }
        assert_eq!(finder(r"a[^\n.;]*").run, Some(RunEnd(b"\n.;".to_vec())));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The same match as one search of the whole pattern.
        #[test]
        fn finds_what_the_whole_pattern_finds(
            p in prop::sample::select(vec![
                r"a[^\n]*", r"(?:ab|a)(?P<x>b?[^\n;]*)", r"a+?[^\n]*", r"(?i:Luật)\s+(?P<n>[A-Z][^\n.]*)",
                r"a|b[^\n]*", r"(?:a[^\n]*)?", r"ba*[^\n,;]*",
            ]),
            text in "[abLuậtA \n.;,]{0,12}",
        ) {
            let hir = parse(p);
            let whole = Regex::builder().build_from_hir(&hir).unwrap();
            let finder = Finder::new(&hir, tail::split(&hir).as_ref()).unwrap();
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for end in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let input = Input::new(&text).range(start..end).anchored(Anchored::Yes);
                    prop_assert_eq!(
                        finder.search(&input).map(|m| m.range()),
                        whole.search(&input).map(|m| m.range()),
                        "{} on {:?}", p, &text[start..end]
                    );
                }
            }
        }
    }
}
