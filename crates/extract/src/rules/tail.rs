//! A pattern's tail, which the group reader need not walk.
//!
//! `Luật\s+(?P<name>{upper}[^\n]*)` matches to the end of the line, and
//! its groups regex walked the whole line again (hundreds of bytes) only to
//! learn that `name` ends where the match ends, which the finder has already
//! said. `{quantity}[ \t]*(?P<unit>{unit_class})` ends with a list of unit
//! nouns, and the engine that reads groups (a backtracker: these patterns
//! are not one-pass) tries the list's branches one by one. In both the
//! groups can be read from the pattern without its last item, the tail,
//! and the groups the tail closes end where the match ends.
//!
//! This is exact under leftmost-first semantics. The match is the first
//! complete path in priority order, and the choices made in the head rank
//! before those in the tail. So the match takes the first head path from
//! which the tail can match at all. The head's own search gives its first
//! path (within the match's span); if the tail matches where that path
//! ends, that path is the match's head, and the tail runs from there to
//! the match's end. An open tail, a greedy `X*`, always matches, so it
//! needs no check. When the check fails the whole pattern is read.

use regex_syntax::hir::{Capture, Hir, HirKind};

/// A pattern without its tail.
pub struct Split {
    /// The pattern up to the tail: its groups are the pattern's.
    pub head: Hir,
    /// What was cut.
    pub tail: Tail,
    /// The capture groups the tail closes (group 0, the whole match, and
    /// each group the tail sits at the end of): their end is the match's.
    pub closed: Vec<usize>,
}

/// The cut tail.
#[derive(Debug, PartialEq)]
pub enum Tail {
    /// A greedy `X*` (this is `X`): it always matches, as far as `X` does.
    Open(Hir),
    /// A list of alternatives, which may fail to match where the head ends.
    Check(Hir),
}

/// `hir` split before its tail, if it ends with one worth cutting: an open
/// run, or a list of alternatives (a word list), holding no groups.
pub fn split(hir: &Hir) -> Option<Split> {
    let mut closed = vec![0];
    let mut tail = None;
    let head = cut(hir, &mut closed, &mut tail)?;
    Some(Split {
        head,
        tail: tail?,
        closed,
    })
}

/// `h` without the tail at its very end, noting the groups around it and
/// the tail.
fn cut(h: &Hir, closed: &mut Vec<usize>, tail: &mut Option<Tail>) -> Option<Hir> {
    match h.kind() {
        HirKind::Concat(items) => {
            let (last, before) = items.split_last()?;
            let last = cut(last, closed, tail)?;
            let mut items = before.to_vec();
            items.push(last);
            Some(Hir::concat(items))
        }
        HirKind::Capture(c) => {
            let sub = cut(&c.sub, closed, tail)?;
            closed.push(c.index as usize);
            Some(Hir::capture(Capture {
                sub: Box::new(sub),
                ..c.clone()
            }))
        }
        _ if h.properties().explicit_captures_len() > 0 => None,
        HirKind::Repetition(r) if r.greedy && r.min == 0 && r.max.is_none() => {
            *tail = Some(Tail::Open((*r.sub).clone()));
            Some(Hir::empty())
        }
        HirKind::Alternation(_) => {
            *tail = Some(Tail::Check(h.clone()));
            Some(Hir::empty())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::parse;

    #[test]
    fn a_trailing_run_is_cut_with_the_groups_it_closes() {
        let s = split(&parse(r"(?P<h>Luật)\s+(?P<name>[A-Z][^\n]*)")).unwrap();
        assert_eq!(s.head, parse(r"(?P<h>Luật)\s+(?P<name>[A-Z])"));
        assert_eq!(s.closed, vec![0, 2]);
        assert_eq!(s.tail, Tail::Open(parse(r"[^\n]")));
        let s = split(&parse(r"a(b(c[^\n]*))")).unwrap();
        assert_eq!(s.head, parse(r"a(b(c))"));
        assert_eq!(s.closed, vec![0, 2, 1]);
    }

    #[test]
    fn a_trailing_word_list_is_cut_and_kept_to_check() {
        let s = split(&parse(r"(?P<n>\d+) (?P<unit>lớp học|lớp|buổi)")).unwrap();
        assert_eq!(s.head, parse(r"(?P<n>\d+) (?P<unit>)"));
        assert_eq!(s.tail, Tail::Check(parse("lớp học|lớp|buổi")));
        assert_eq!(s.closed, vec![0, 2]);
    }

    #[test]
    fn other_endings_are_kept() {
        for p in [
            r"a[^\n]+",
            r"a[^\n]*?",
            r"a[^\n]{0,40}",
            r"a(?:b|[^\n]*)x",
            r"a(?:(b)[^\n]*)?",
            r"a(?:(b)|c)",
            r"a(x)*",
            r"a\b",
            r"a%",
        ] {
            assert!(split(&parse(p)).is_none(), "{p}");
        }
    }
}
