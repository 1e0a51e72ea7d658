//! A pattern's open tail, which the group reader need not walk.
//!
//! `Luật\s+(?P<name>{upper}[^\n]*)` matches to the end of the line, and
//! its groups regex walked the whole line again (hundreds of bytes) only
//! to learn that `name` ends where the match ends, which the finder has
//! already said. When a pattern ends with a greedy, unbounded repetition
//! `X*` (no groups inside), the groups are read from the pattern without
//! it, and the groups that `X*` closes end at the match's end.
//!
//! This is exact under leftmost-first semantics. A match is the first path
//! in priority order, and the choices made before `X*` rank before the
//! choices inside it. Every path through the head completes (`X*` may
//! repeat zero times), so the winning path takes the first head path, then
//! repeats `X` greedily to wherever the finder's match ends. The first
//! head path is what the head's own search reports: the same groups,
//! except that the groups ending with the pattern end at the match's end.

use regex_syntax::hir::{Hir, HirKind};

/// A pattern without its open tail.
pub struct Split {
    /// The pattern up to the tail: its groups are the pattern's.
    pub head: Hir,
    /// The capture groups the tail closes (group 0, the whole match, and
    /// each group the tail sits at the end of): their end is the match's.
    pub closed: Vec<usize>,
}

/// `hir` split before its open tail, if it has one.
pub fn split(hir: &Hir) -> Option<Split> {
    let mut closed = vec![0];
    let head = cut(hir, &mut closed)?;
    Some(Split { head, closed })
}

/// `h` without the open tail at its very end, noting the groups around it.
fn cut(h: &Hir, closed: &mut Vec<usize>) -> Option<Hir> {
    match h.kind() {
        HirKind::Repetition(_) if is_open(h) => Some(Hir::empty()),
        HirKind::Concat(items) => {
            let (last, before) = items.split_last()?;
            let last = cut(last, closed)?;
            let mut items = before.to_vec();
            items.push(last);
            Some(Hir::concat(items))
        }
        HirKind::Capture(c) => {
            let sub = cut(&c.sub, closed)?;
            closed.push(c.index as usize);
            Some(Hir::capture(regex_syntax::hir::Capture {
                sub: Box::new(sub),
                ..c.clone()
            }))
        }
        _ => None,
    }
}

/// A greedy repetition with no upper bound and no minimum, holding no
/// capture group.
fn is_open(h: &Hir) -> bool {
    match h.kind() {
        HirKind::Repetition(r) => {
            r.greedy
                && r.min == 0
                && r.max.is_none()
                && r.sub.properties().explicit_captures_len() == 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).unwrap()
    }

    #[test]
    fn a_trailing_run_is_cut_with_the_groups_it_closes() {
        let s = split(&parse(r"(?P<h>Luật)\s+(?P<name>[A-Z][^\n]*)")).unwrap();
        assert_eq!(s.head, parse(r"(?P<h>Luật)\s+(?P<name>[A-Z])"));
        assert_eq!(s.closed, vec![0, 2]);
        let s = split(&parse(r"a(b(c[^\n]*))")).unwrap();
        assert_eq!(s.head, parse(r"a(b(c))"));
        assert_eq!(s.closed, vec![0, 2, 1]);
    }

    #[test]
    fn other_endings_are_kept() {
        for p in [
            r"a[^\n]+",
            r"a[^\n]*?",
            r"a[^\n]{0,40}",
            r"a(?:b|[^\n]*)",
            r"a(?:(b)[^\n]*)?",
            r"a(x)*",
            r"a\b",
        ] {
            assert!(split(&parse(p)).is_none(), "{p}");
        }
    }
}
