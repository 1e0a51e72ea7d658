//! The scanner is the engine's only way of deciding which rules to run at a
//! position, so every rule whose own regex matches there must be in its
//! answer: a rule missing from it is a fact silently lost.

use std::sync::LazyLock;

use proptest::prelude::*;
use regex_automata::{Anchored, Input};
use vnfacts_extract::ruleset::RuleSet;
use vnfacts_extract::scan::Scanner;

/// Pieces of text that open, close or almost match the embedded rules.
const PIECES: &[&str] = &[
    "12",
    "1.500.000",
    "79,4",
    "hai",
    "mười lăm",
    "năm",
    "Khoảng",
    "hơn",
    "gần",
    " ",
    " ",
    "\n",
    "lớp tập huấn",
    "lớp",
    "người",
    "lượt người",
    "học viên",
    "đồng",
    "triệu",
    "tỷ đồng",
    "VNĐ",
    "%",
    "/",
    "-",
    "3608/QĐ-BPN&TE",
    "QĐ",
    "KH-UBND",
    "29-NQ/TW",
    "Luật",
    "Bình đẳng giới",
    "2021",
    "–",
    "2025",
    "giai đoạn",
    "ông",
    "bà",
    "đồng chí",
    "Nguyễn",
    "Văn",
    "An",
    "Phó Chủ tịch",
    "UBND tỉnh",
    ",",
    ".",
    "(",
    "chỉ tiêu",
    "hội nghị",
    "Số",
    "tham dự",
    "đ",
    "xã",
    // Lower-case and other-digit variants, which the scanner's folded DFA
    // cannot tell from the real ones.
    "qđ-ubnd",
    "kh-ubnd",
    "luật",
    "3021",
    "1999",
    "năm",
];

/// Compiled once: building the rules in debug mode takes a while.
static RULES: LazyLock<(RuleSet, Scanner)> = LazyLock::new(|| {
    let rs = RuleSet::embedded().unwrap();
    let patterns: Vec<&str> = rs.rules.iter().map(|r| r.expanded.as_str()).collect();
    let scanner = Scanner::new(&patterns).unwrap();
    (rs, scanner)
});

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn scanner_agrees_with_every_rule(t in text()) {
        let (rs, scanner) = &*RULES;
        let mut hits = scanner.hits();
        for start in (0..t.len()).filter(|&i| t.is_char_boundary(i)) {
            let b = t.as_bytes();
            let next = b.get(start + 1).copied();
            let expected: Vec<usize> = rs
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    let input = Input::new(&t).range(start..).anchored(Anchored::Yes);
                    r.regex.search(&input).is_some()
                })
                .map(|(i, _)| i)
                .collect();
            if !expected.is_empty() {
                prop_assert!(scanner.can_start(b[start], next), "{:?} at {}", t, start);
            }
            if scanner.can_start(b[start], next) {
                // Every rule that matches is reported (the scanner may report
                // more: it looks at each rule's opening only).
                scanner.at(&t, start, t.len(), &mut hits).unwrap();
                let got: Vec<usize> = hits.iter().collect();
                for e in &expected {
                    prop_assert!(got.contains(e), "{:?} at {}: rule {} missing from {:?}", t, start, e, got);
                }
                // Where the scanner says it knows the end, the rule's own
                // search ends there.
                for &i in &got {
                    if let Some(end) = hits.end(i) {
                        let input = Input::new(&t).range(start..).anchored(Anchored::Yes);
                        let found = rs.rules[i].regex.search(&input).map(|m| m.end());
                        prop_assert_eq!(found, Some(end), "{:?} at {}: rule {}", t, start, &rs.rules[i].id);
                    }
                }
            }
        }
    }
}
