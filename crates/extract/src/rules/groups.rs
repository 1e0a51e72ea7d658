//! Reading the capture groups of a match the finder has already found.

use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::Captures as Slots;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input, PatternID};
use regex_syntax::hir::Hir;

use super::{factor, tail};

/// A rule's group reader: the engines that read groups (one-pass DFA,
/// bounded backtracker, PikeVM) over the pattern with its alternations
/// factored ([`factor`]), and without its tail when it has one ([`tail`]).
#[derive(Clone, Debug)]
pub struct GroupReader {
    /// Reads the groups, of the whole pattern or of its head.
    first: Regex,
    /// Set when `first` reads the head only.
    tail: Option<Tail>,
}

/// What reading the head only needs besides.
#[derive(Clone, Debug)]
struct Tail {
    /// Must match where the head ends (None: the tail always matches).
    check: Option<Regex>,
    /// The groups the tail closes: they end where the match ends.
    closed: Vec<usize>,
    /// Reads the whole pattern when the check fails.
    whole: Regex,
}

/// The search caches of a [`GroupReader`], and the slots it reads into
/// (made once, not per match).
#[derive(Clone)]
pub struct GroupCache {
    first: Cache,
    check: Option<Cache>,
    whole: Option<Cache>,
    slots: Slots,
}

impl GroupReader {
    /// The group reader of `hir`, which [`tail::split`] splits as `split`.
    pub fn new(hir: &Hir, split: Option<&tail::Split>) -> Result<GroupReader, String> {
        let groups = Regex::config()
            .nfa_size_limit(Some(64 << 20))
            .auto_prefilter(false)
            .hybrid(false)
            .dfa(false);
        let build = |hir: &Hir| {
            Regex::builder()
                .configure(groups.clone())
                .build_from_hir(&factor::factor(hir))
                .map_err(|e| e.to_string())
        };
        let Some(split) = split else {
            return Ok(GroupReader {
                first: build(hir)?,
                tail: None,
            });
        };
        let check = match &split.tail {
            tail::Tail::Open(_) => None,
            tail::Tail::Check(t) => Some(checker(t)?),
        };
        Ok(GroupReader {
            first: build(&split.head)?,
            tail: Some(Tail {
                check,
                closed: split.closed.clone(),
                whole: build(hir)?,
            }),
        })
    }

    pub fn create_cache(&self) -> GroupCache {
        let tail = self.tail.as_ref();
        GroupCache {
            first: self.first.create_cache(),
            check: tail.and_then(|t| t.check.as_ref()).map(Regex::create_cache),
            whole: tail.map(|t| t.whole.create_cache()),
            // The head has the pattern's groups.
            slots: self.first.create_captures(),
        }
    }

    /// The groups of a match already found: `input`'s span is the match.
    pub fn read<'c>(&self, cache: &'c mut GroupCache, input: &Input<'_>) -> &'c Slots {
        let GroupCache {
            first,
            check,
            whole,
            slots,
        } = cache;
        self.first.search_captures_with(first, input, slots);
        let Some(tail) = &self.tail else {
            return slots;
        };
        if let Some(head) = slots.get_match() {
            if tail.matches_after(check, input, head.end()) {
                end_groups(slots, &tail.closed, input.end());
                return slots;
            }
        }
        // The head's first path cannot be completed: read the whole.
        if let Some(whole) = whole {
            tail.whole.search_captures_with(whole, input, slots);
        }
        slots
    }
}

/// The check only asks whether the tail matches: a lazy DFA.
fn checker(tail: &Hir) -> Result<Regex, String> {
    let config = Regex::config()
        .auto_prefilter(false)
        .onepass(false)
        .backtrack(false);
    Regex::builder()
        .configure(config)
        .build_from_hir(tail)
        .map_err(|e| e.to_string())
}

impl Tail {
    fn matches_after(&self, cache: &mut Option<Cache>, input: &Input<'_>, at: usize) -> bool {
        let (Some(check), Some(check_cache)) = (&self.check, cache.as_mut()) else {
            return true;
        };
        let rest = input.clone().span(at..input.end()).anchored(Anchored::Yes);
        check.search_with(check_cache, &rest).is_some()
    }
}

/// End each of `groups` that took part in the match at `end`.
fn end_groups(slots: &mut Slots, groups: &[usize], end: usize) {
    let end = NonMaxUsize::new(end);
    for &group in groups {
        let Some((start, stop)) = slots.group_info().slots(PatternID::ZERO, group) else {
            continue;
        };
        let all = slots.slots_mut();
        if all[start].is_some() {
            all[stop] = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::parse;
    use proptest::prelude::*;

    type Groups = Vec<Option<(usize, usize)>>;

    fn offsets(slots: &Slots) -> Groups {
        (0..slots.group_len())
            .map(|i| slots.get_group(i).map(|m| (m.start, m.end)))
            .collect()
    }

    /// The groups of the match anchored at `start`, read as the engine
    /// does (the finder's span, then the reader) and by one plain search.
    fn both(pattern: &str, text: &str, start: usize) -> (Groups, Groups) {
        let hir = parse(pattern);
        let plain = Regex::builder().build_from_hir(&hir).unwrap();
        let reader = GroupReader::new(&hir, tail::split(&hir).as_ref()).unwrap();
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        let mut expected = plain.create_captures();
        plain.search_captures(&input, &mut expected);
        let mut cache = reader.create_cache();
        let got = match plain.search(&input) {
            Some(m) => offsets(reader.read(&mut cache, &input.clone().span(m.range()))),
            None => Vec::new(),
        };
        (offsets(&expected), got)
    }

    #[test]
    fn a_cut_tail_gives_the_groups_of_the_whole() {
        let (want, got) = both(r"(?P<n>\d+) *(?P<u>lớp học|lớp|buổi)", "có 12 lớp học", 4);
        assert_eq!(got, want);
        assert_eq!(got[2], Some((7, 18)));
    }

    #[test]
    fn when_the_head_cannot_be_completed_the_whole_is_read() {
        // The head `a+` takes both a's; the tail needs the second.
        let (want, got) = both(r"(?P<n>a+)(?P<u>ab|ac)", "aab", 0);
        assert_eq!(got, want);
        assert_eq!(got[1], Some((0, 1)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn reads_the_groups_of_the_whole(
            head in prop::sample::select(vec![
                r"(?P<n>a+)", r"(?P<n>a*?)", r"(?:(?P<q>ab)\s+)?(?P<n>a|ab)", r"(?P<n>[ab]+)\s*",
                r"x?", r"(?P<n>a|aa|aab)", r"(?P<n>b+)(?:\s+(?P<s>a))?",
            ]),
            tail in prop::sample::select(vec![
                r"(?P<u>ab|ac|b)", r"(?P<u>a|ba)", r"(?P<u>(?:b|ba)[^\n]*)", r"[^\n]*", r"(?P<u>ab|b\s*c)",
                r"(?:ab|c)",
            ]),
            text in "[abcx \n]{0,8}",
        ) {
            let pattern = format!("{head}{tail}");
            for start in 0..=text.len() {
                let (want, got) = both(&pattern, &text, start);
                prop_assert_eq!(got, want, "{} on {:?} at {}", pattern, text, start);
            }
        }
    }
}
