//! Alternations rewritten so the engine that reads capture groups tries
//! fewer branches.
//!
//! regex-automata's bounded backtracker walks an alternation one branch
//! at a time: every branch is a stack frame pushed, popped and failed
//! before the next is tried. Its NFA compiler turns an alternation into a
//! byte-dispatching trie only when every branch is a plain literal, so a
//! case-insensitive word list (`(?i)Phó Chủ tịch|Phó Giám đốc|…`, whose
//! letters are classes) or a trie of words written with nested groups
//! (`N(?:guyễn|gô)|…`) costs a frame per word at every try.
//!
//! Two rewrites, each exact under leftmost-first semantics (the same
//! match, the same capture offsets):
//! - A finite set of literals written as nested alternations is written
//!   out flat, in the order the nesting prefers them, so the compiler's
//!   literal trie applies.
//! - Branches that start with the same one-character item (a literal
//!   character or a class) are factored: `cX|cY` is `c(?:X|Y)`, because
//!   `c` matches one way only, so the order of the paths is unchanged. To
//!   bring two such branches together, a branch may move before branches
//!   whose first character can never be its own: at any position at most
//!   one of them matches at all, so their order cannot matter.
//!
//! Branches holding capture groups are left where they are.

use regex_syntax::hir::{Class, Hir, HirKind, Literal, Repetition};

/// The most strings a nested literal alternation is written out to.
const MAX_LITERALS: usize = 512;
/// The largest class written out as its characters (the two cases of a
/// letter, a few variants: `[mo]`).
const MAX_CLASS: usize = 2;

/// `hir` with its alternations rewritten (see the module doc).
pub fn factor(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(factor(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(regex_syntax::hir::Capture {
            sub: Box::new(factor(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(factor).collect()),
        HirKind::Alternation(subs) => alternation(subs.iter().map(factor).collect()),
    }
}

/// The alternation of `branches` (already rewritten inside), rewritten.
fn alternation(branches: Vec<Hir>) -> Hir {
    if let Some(words) = literals(&branches) {
        return Hir::alternation(words.into_iter().map(Hir::literal).collect());
    }
    let mut groups: Vec<Group> = Vec::new();
    for branch in branches {
        let Some((item, rest)) = head(&branch) else {
            groups.push(Group::alone(branch));
            continue;
        };
        match joinable(&groups, &item, &rest) {
            Some(i) => groups[i].rests.push(rest),
            None => groups.push(Group {
                open: run_ends(&item, &rest),
                item: Some(item),
                rests: vec![rest],
                whole: branch,
            }),
        }
    }
    Hir::alternation(groups.into_iter().map(Group::into_hir).collect())
}

/// Branches that share their first item (or one branch without one).
struct Group {
    item: Option<Hir>,
    /// Whether more branches may join (see [`run_ends`]).
    open: bool,
    /// What follows `item` in each branch, in order.
    rests: Vec<Hir>,
    /// The first branch as written (used when it stays alone).
    whole: Hir,
}

impl Group {
    fn alone(branch: Hir) -> Group {
        Group {
            item: None,
            open: false,
            rests: Vec::new(),
            whole: branch,
        }
    }

    fn into_hir(self) -> Hir {
        match (self.item, self.rests.len()) {
            (Some(item), 2..) => Hir::concat(vec![item, alternation(self.rests)]),
            _ => self.whole,
        }
    }
}

/// The group a branch starting with `item` can join: the latest one with
/// the same item, when every group after it starts with characters `item`
/// never matches.
fn joinable(groups: &[Group], item: &Hir, rest: &Hir) -> Option<usize> {
    for (i, g) in groups.iter().enumerate().rev() {
        match &g.item {
            Some(other) if other == item && g.open && run_ends(item, rest) => return Some(i),
            Some(other) if disjoint(other, item) => continue,
            _ => return None,
        }
    }
    None
}

/// Whether `item` followed by `rest` has one way to match at most: true
/// unless `item` is a run of a character class (`\s+`), which can stop at
/// any of its characters; then only when `rest` starts with a character
/// outside the class, so that only the longest run can be followed by it.
///
/// With one path through the shared item, `aX|aY` and `a(?:X|Y)` try the
/// same paths in the same order.
fn run_ends(item: &Hir, rest: &Hir) -> bool {
    let HirKind::Repetition(_) = item.kind() else {
        return true;
    };
    match head(rest) {
        Some((next, _)) => disjoint(item, &next),
        None => false,
    }
}

/// A branch's first item and the rest, when the first item matches one
/// character, or a run of one or more of them (`\s+`), and the branch
/// holds no capture group.
fn head(branch: &Hir) -> Option<(Hir, Hir)> {
    if has_capture(branch) {
        return None;
    }
    match branch.kind() {
        HirKind::Repetition(rep) if rep.min >= 1 && one_char(&rep.sub) => {
            Some((branch.clone(), Hir::empty()))
        }
        HirKind::Literal(Literal(bytes)) => {
            let text = std::str::from_utf8(bytes).ok()?;
            let first = text.chars().next()?;
            let (one, rest) = bytes.split_at(first.len_utf8());
            Some((Hir::literal(one), Hir::literal(rest)))
        }
        HirKind::Class(_) => Some((branch.clone(), Hir::empty())),
        HirKind::Concat(subs) => {
            let (first, more) = subs.split_first()?;
            let (item, rest) = head(first)?;
            let mut tail = vec![rest];
            tail.extend(more.iter().cloned());
            Some((item, Hir::concat(tail)))
        }
        _ => None,
    }
}

/// Whether `hir` matches exactly one character.
fn one_char(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(Literal(bytes)) => {
            std::str::from_utf8(bytes).is_ok_and(|s| s.chars().count() == 1)
        }
        HirKind::Class(Class::Unicode(_)) => true,
        _ => false,
    }
}

fn has_capture(hir: &Hir) -> bool {
    hir.properties().explicit_captures_len() > 0
}

/// Whether two one-character items can never match the same character.
fn disjoint(a: &Hir, b: &Hir) -> bool {
    match (chars(a), chars(b)) {
        (Some(a), Some(b)) => {
            let mut both = a;
            both.intersect(&b);
            both.ranges().is_empty()
        }
        _ => false,
    }
}

/// The characters a one-character item (or a run of one) can start with
/// (None for byte classes, which are never called disjoint).
fn chars(item: &Hir) -> Option<regex_syntax::hir::ClassUnicode> {
    match item.kind() {
        HirKind::Repetition(rep) if rep.min >= 1 && one_char(&rep.sub) => chars(&rep.sub),
        HirKind::Literal(Literal(bytes)) => {
            let c = std::str::from_utf8(bytes).ok()?.chars().next()?;
            Some(regex_syntax::hir::ClassUnicode::new([
                regex_syntax::hir::ClassUnicodeRange::new(c, c),
            ]))
        }
        HirKind::Class(Class::Unicode(class)) => Some(class.clone()),
        _ => None,
    }
}

/// The strings an alternation of literal-only branches matches, in the
/// order leftmost-first prefers them, when there are two or more and none
/// is empty (an empty branch keeps the compiler off its literal trie).
fn literals(branches: &[Hir]) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for b in branches {
        for word in language(b)? {
            if !out.contains(&word) {
                out.push(word);
            }
        }
        if out.len() > MAX_LITERALS {
            return None;
        }
    }
    let flat = out.len() >= 2 && out.iter().all(|w| !w.is_empty());
    flat.then_some(out)
}

/// Every string `hir` matches, in order of preference, when `hir` is built
/// of literals only (no classes, look-arounds, captures, unbounded or large
/// repetitions).
fn language(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let words = match hir.kind() {
        HirKind::Empty => vec![Vec::new()],
        HirKind::Literal(Literal(bytes)) => vec![bytes.to_vec()],
        HirKind::Alternation(subs) => {
            let mut out = Vec::new();
            for s in subs {
                out.extend(language(s)?);
            }
            out
        }
        HirKind::Concat(subs) => {
            let mut out = vec![Vec::new()];
            for s in subs {
                out = product(&out, &language(s)?);
            }
            out
        }
        HirKind::Repetition(rep) => repeat(&language(&rep.sub)?, rep.min, rep.max?, rep.greedy)?,
        HirKind::Class(Class::Unicode(class)) if small(class) => class
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .map(|c| c.to_string().into_bytes())
            .collect(),
        HirKind::Class(_) | HirKind::Look(_) | HirKind::Capture(_) => return None,
    };
    (words.len() <= MAX_LITERALS).then_some(words)
}

/// A class of a few characters, not the cases of one letter: written
/// out, `[mo]` is two strings, but case-insensitive words would multiply
/// into every mix of cases, a literal trie far larger than the pattern.
fn small(class: &regex_syntax::hir::ClassUnicode) -> bool {
    let chars: Vec<char> = class
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .take(MAX_CLASS + 1)
        .collect();
    let one_letter = chars
        .iter()
        .all(|c| c.to_lowercase().eq(chars[0].to_lowercase()));
    chars.len() <= MAX_CLASS && !(chars.len() > 1 && one_letter)
}

/// Each of `a` followed by each of `b`, `a` major (the order a
/// concatenation tries its paths in).
fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Vec<Vec<u8>> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
        .collect()
}

/// `sub{min,max}`: `min` copies, then up to `max - min` optional ones,
/// each tried before (greedy) or after (lazy) stopping.
fn repeat(sub: &[Vec<u8>], min: u32, max: u32, greedy: bool) -> Option<Vec<Vec<u8>>> {
    if max > 8 {
        return None;
    }
    let mut tail = vec![Vec::new()];
    for _ in min..max {
        let more = product(sub, &tail);
        tail = match greedy {
            true => [more, vec![Vec::new()]].concat(),
            false => [vec![Vec::new()], more].concat(),
        };
        if tail.len() > MAX_LITERALS {
            return None;
        }
    }
    let mut out = tail;
    for _ in 0..min {
        out = product(sub, &out);
        if out.len() > MAX_LITERALS {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::parse;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;
    use regex_automata::{Anchored, Input};

    fn rewritten(pattern: &str) -> String {
        factor(&parse(pattern)).to_string()
    }

    #[test]
    fn shared_first_letters_are_tried_once() {
        // Case-insensitive letters are classes: the compiler's literal trie
        // does not apply, the factoring does.
        assert_eq!(
            rewritten("(?i)ab|c|ad"),
            rewritten("(?i)a(?:b|d)|c"),
            "a branch moves past one that cannot start where it does"
        );
        assert_eq!(
            rewritten(r"(?i)x\s+ab|x\s+ad"),
            rewritten(r"(?i)x\s+a(?:b|d)")
        );
    }

    #[test]
    fn branches_that_may_start_alike_keep_their_order() {
        // `[ab]` overlaps `a`: `ac` may not move before it (it would win).
        let re = groups_regex(&factor(&parse("ab|[ab]|ac")));
        assert_eq!(groups(&re, "ac"), vec![Some((0, 1))]);
        // A run may stop early when the rest starts with its own character.
        let re = groups_regex(&factor(&parse("a+abb|a+b")));
        assert_eq!(groups(&re, "aabb"), vec![Some((0, 4))]);
    }

    #[test]
    fn nested_literal_tries_are_written_out_flat() {
        assert_eq!(
            rewritten("N(?:guyễn|gô)|Tô(?:n)?|Đà[mo]"),
            rewritten("Nguyễn|Ngô|Tôn|Tô|Đàm|Đào")
        );
    }

    #[test]
    fn branches_with_groups_stay_put() {
        assert_eq!(rewritten("a(?P<x>b)|c|ad"), rewritten("a(?P<x>b)|c|ad"));
    }

    /// Match and capture offsets of `re` anchored at the start of `text`.
    fn groups(re: &Regex, text: &str) -> Vec<Option<(usize, usize)>> {
        let mut caps = re.create_captures();
        re.search_captures(&Input::new(text).anchored(Anchored::Yes), &mut caps);
        (0..caps.group_len())
            .map(|i| caps.get_group(i).map(|m| (m.start, m.end)))
            .collect()
    }

    /// The group-reading regex as the rules build it, from `hir`.
    fn groups_regex(hir: &Hir) -> Regex {
        let config = Regex::config().hybrid(false).dfa(false);
        Regex::builder()
            .configure(config)
            .build_from_hir(hir)
            .unwrap()
    }

    /// Every rule: its pattern (`{vars}` expanded), a groups regex of the
    /// pattern as written, and the rule as compiled.
    fn rule_regexes() -> impl Iterator<Item = (&'static str, Regex, &'static crate::rules::Rule)> {
        static ONCE: std::sync::OnceLock<(crate::ruleset::RuleSet, Vec<Regex>)> =
            std::sync::OnceLock::new();
        let (set, plain) = ONCE.get_or_init(|| {
            let set = crate::ruleset::RuleSet::embedded().unwrap();
            let plain = set.rules.iter().map(|r| groups_regex(&r.hir)).collect();
            (set, plain)
        });
        set.rules
            .iter()
            .zip(plain)
            .map(|(r, plain)| (r.expanded.as_str(), plain.clone(), r))
    }

    /// Match and capture offsets as the engine reads them with `rule`: the
    /// finder's match, then the groups over it (rewritten, without an
    /// open tail).
    fn read(rule: &crate::rules::Rule, text: &str) -> Vec<Option<(usize, usize)>> {
        let input = Input::new(text).anchored(Anchored::Yes);
        let Some(m) = rule.regex.search(&input) else {
            return Vec::new();
        };
        let mut cache = rule.groups.create_cache();
        let caps = rule.groups.read(&mut cache, &input.clone().span(m.range()));
        (0..caps.group_len())
            .map(|i| caps.get_group(i).map(|m| (m.start, m.end)))
            .collect()
    }

    /// Haystack pieces: words of the rules' own lists and number shapes.
    fn pieces() -> Vec<String> {
        let words = [
            "Phó Chủ tịch",
            "phó chủ tịch",
            "Trưởng ban",
            "Trưởng Ban",
            "Nguyễn",
            "Tô",
            "Tôn",
            "Văn",
            "An",
            "ông",
            "Bà",
            "đồng chí",
            "khoảng",
            "trên dưới",
            "hơn",
            "hai",
            "ba mươi",
            "một trăm",
            "nghìn",
            "triệu",
            "tỷ",
            "đồng",
            "VNĐ",
            "đ",
            "USD",
            "người",
            "người dân",
            "lượt người",
            "hộ nghèo",
            "hội nghị",
            "lớp",
            "lớp tập huấn",
            "tin, bài",
            "xã, phường",
            "12",
            "1.500.000",
            "79,4",
            "80,000,000",
            "2021",
            "%",
            "/",
            "-",
            " ",
            "  ",
            "\n",
            ".",
            "QĐ-UBND",
            "NQ",
            "TW",
            "Luật",
            "giai đoạn",
            "đến",
            "x",
            "Đ",
            "h",
        ];
        words.iter().map(|w| w.to_string()).collect()
    }

    fn text_from(pieces: &[String], picks: &[usize]) -> String {
        picks
            .iter()
            .map(|&i| pieces[i % pieces.len()].as_str())
            .collect()
    }

    #[test]
    fn every_rule_reads_the_same_groups_on_its_own_words() {
        let pieces = pieces();
        for (pattern, plain, rule) in rule_regexes() {
            for a in 0..pieces.len() {
                for b in 0..pieces.len() {
                    let text = text_from(&pieces, &[a, 44, b, 44, a]);
                    assert_eq!(
                        groups(&plain, &text),
                        read(rule, &text),
                        "{pattern} on {text:?}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Random haystacks of the rules' words and stray characters give
        /// the same match and groups with and without the rewrite, from
        /// every start.
        #[test]
        fn rules_read_the_same_groups(
            picks in prop::collection::vec(0usize..1000, 1..10),
            noise in "[a-zA-Z0-9 đĐ,./-]{0,4}",
        ) {
            let pieces = pieces();
            let text = text_from(&pieces, &picks) + &noise;
            for (pattern, plain, rule) in rule_regexes() {
                for (start, _) in text.char_indices() {
                    prop_assert_eq!(
                        groups(&plain, &text[start..]),
                        read(rule, &text[start..]),
                        "{} on {:?}", pattern, &text[start..]
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Small generated alternations of words, classes, runs and groups.
        #[test]
        fn generated_alternations_read_the_same_groups(
            branches in prop::collection::vec(
                prop::sample::select(vec![
                    "ab", "ac", "a", "", "b", "[ab]c", r"\s+a", r"\s+ab", r"\s*a", "a+b", "a+",
                    "(a)b", "(?:x|y)a", "[xy]", "x", "(?i:a)b", "(?i:b)", "a{1,2}b",
                    "[ab]", "[ab]b", "a+abb", "a+ab",
                ]),
                1..7,
            ),
            tail in prop::sample::select(vec!["", "b", "a", r"\s", "(b)?"]),
            text in "[abxyAB ]{0,8}",
        ) {
            let pattern = format!("(?:{}){tail}", branches.join("|"));
            let hir = parse(&pattern);
            let (plain, fast) = (groups_regex(&hir), groups_regex(&factor(&hir)));
            for (start, _) in text.char_indices() {
                prop_assert_eq!(
                    groups(&plain, &text[start..]),
                    groups(&fast, &text[start..]),
                    "{} on {:?}", pattern, &text[start..]
                );
            }
        }
    }
}
