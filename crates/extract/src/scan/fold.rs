//! The smaller alphabet the scanner's DFA runs over: ASCII letters folded to
//! lower case and the digits 1–9 to 0.
//!
//! The scanner walks its DFA at nearly every word start, and the walk's
//! cost is mostly waiting on transition rows that are not in the cache. A
//! row holds one entry per byte class, and the classes come from the bytes
//! the patterns tell apart: case-sensitive openings (`QĐ`, `Luật`) split
//! the capitals from one another and from the small letters, and digit
//! ranges (`[0-3]`, `19\d\d`) split the digits. Folding both the patterns
//! and the text maps many bytes to one, so rows are shorter and fewer
//! states are told apart (`Kh` and `kh` reach the same state).
//!
//! Folding only widens what a pattern accepts: if a pattern matches a text,
//! its fold matches the text's fold. The scanner is a prefilter (each rule's
//! own regex decides), so a wider answer costs a rule search now and then,
//! never a fact. Letters stay letters and digits stay digits, so word
//! boundaries read the same.

use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Literal,
    Repetition,
};

/// The folded byte of each byte: non-ASCII bytes are their own fold, so a
/// folded UTF-8 text is still UTF-8 and each char folds on its own.
pub(super) static FOLD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = fold_byte(b as u8);
        b += 1;
    }
    table
};

const fn fold_byte(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b + (b'a' - b'A'),
        b'1'..=b'9' => b'0',
        _ => b,
    }
}

/// `hir` over the folded alphabet: every literal byte and class member
/// replaced by its fold.
pub(super) fn fold(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
        HirKind::Literal(Literal(bytes)) => {
            Hir::literal(bytes.iter().map(|&b| FOLD[b as usize]).collect::<Vec<_>>())
        }
        HirKind::Class(Class::Unicode(c)) => Hir::class(Class::Unicode(fold_unicode(c))),
        HirKind::Class(Class::Bytes(c)) => Hir::class(Class::Bytes(fold_bytes(c))),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(fold(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => fold(&c.sub),
        HirKind::Concat(items) => Hir::concat(items.iter().map(fold).collect()),
        HirKind::Alternation(items) => Hir::alternation(items.iter().map(fold).collect()),
    }
}

/// Whether `hir` treats the bytes that fold together alike (both cases of
/// each ASCII letter, all ten digits): then its fold matches a folded text
/// exactly where it matches the text, not only there.
pub(super) fn is_closed(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(Literal(bytes)) => bytes.iter().all(|&b| !b.is_ascii_alphanumeric()),
        // Ranges are sorted: only those starting in ASCII can hold a byte
        // the fold moves (a Unicode-wide class has hundreds of others).
        HirKind::Class(Class::Unicode(c)) => closed_under_fold(|b| {
            let b = char::from(b);
            c.ranges()
                .iter()
                .take_while(|r| r.start() <= b)
                .any(|r| b <= r.end())
        }),
        HirKind::Class(Class::Bytes(c)) => closed_under_fold(|b| {
            c.ranges()
                .iter()
                .take_while(|r| r.start() <= b)
                .any(|r| b <= r.end())
        }),
        HirKind::Repetition(r) => is_closed(&r.sub),
        HirKind::Capture(c) => is_closed(&c.sub),
        HirKind::Concat(items) | HirKind::Alternation(items) => items.iter().all(is_closed),
    }
}

/// Whether a set of bytes holds every ASCII byte that folds like one it
/// holds.
fn closed_under_fold(contains: impl Fn(u8) -> bool) -> bool {
    (0..128u8).all(|b| contains(b) == contains(FOLD[usize::from(b)]))
}

/// The ASCII ranges whose members fold to something else, ascending. Fold
/// is monotone on each and maps it onto a range, so a piece `a..=b` of one
/// folds onto `FOLD[a]..=FOLD[b]`.
const MOVED: [(u8, u8); 2] = [(b'1', b'9'), (b'A', b'Z')];

/// Split `lo..=hi` into its parts outside the moved ranges (kept) and the
/// folds of its parts inside them.
fn fold_range(lo: u32, hi: u32, out: &mut Vec<(u32, u32)>) {
    let mut kept_from = lo;
    for (start, end) in MOVED {
        let (a, b) = (lo.max(u32::from(start)), hi.min(u32::from(end)));
        if a > b {
            continue;
        }
        if kept_from < a {
            out.push((kept_from, a - 1));
        }
        out.push((u32::from(FOLD[a as usize]), u32::from(FOLD[b as usize])));
        kept_from = b + 1;
    }
    if kept_from <= hi {
        out.push((kept_from, hi));
    }
}

fn fold_unicode(c: &ClassUnicode) -> ClassUnicode {
    let mut pieces = Vec::new();
    for r in c.ranges() {
        fold_range(u32::from(r.start()), u32::from(r.end()), &mut pieces);
    }
    // Every bound is a bound of the class or an ASCII byte: a char.
    ClassUnicode::new(pieces.into_iter().filter_map(|(a, b)| {
        Some(ClassUnicodeRange::new(
            char::from_u32(a)?,
            char::from_u32(b)?,
        ))
    }))
}

fn fold_bytes(c: &ClassBytes) -> ClassBytes {
    let mut pieces = Vec::new();
    for r in c.ranges() {
        fold_range(u32::from(r.start()), u32::from(r.end()), &mut pieces);
    }
    ClassBytes::new(
        pieces
            .into_iter()
            .map(|(a, b)| ClassBytesRange::new(a as u8, b as u8)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::parse;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;
    use regex_automata::{Anchored, Input};
    use regex_syntax::hir::Look;

    fn folded_text(text: &str) -> String {
        let bytes: Vec<u8> = text.bytes().map(|b| FOLD[usize::from(b)]).collect();
        String::from_utf8(bytes).expect("folding keeps UTF-8")
    }

    #[test]
    fn capitals_fold_to_small_letters_and_digits_to_zero() {
        assert_eq!(fold(&parse("QĐ-UBND 2025")), parse("qĐ-ubnd 0000"));
        assert_eq!(fold(&parse("[A-Z]")), parse("[a-z]"));
        assert_eq!(fold(&parse("[5-9]")), parse("0"));
        assert_eq!(fold(&parse("[0-9]")), parse("0"));
        // A range across both: its parts outside them are kept, 1-9 go.
        assert_eq!(fold(&parse("[+-C]")), parse("[+-0:-@a-c]"));
        // `(?i)k` also holds the Kelvin sign, which is not ASCII and stays.
        assert_eq!(fold(&parse("(?i)k")), parse("[k\u{212A}]"));
    }

    #[test]
    fn closed_patterns_treat_both_cases_and_all_digits_alike() {
        for p in [
            r"(?i)khoảng \d+",
            r"\d+%",
            r"(?i)[a-z]+",
            r"[^\n]*",
            r"(?i)ông|bà",
            "(?i)đ/c",
        ] {
            assert!(is_closed(&parse(p)), "{p}");
        }
        for p in [
            "Luật",
            "QĐ",
            r"[0-3]\d",
            r"19\d\d",
            r"[A-Z]",
            r"(?i:a)|B",
            "x",
            "đ/c",
        ] {
            assert!(!is_closed(&parse(p)), "{p}");
        }
    }

    const PATTERNS: &[&str] = &[
        r"\d+ lớp",
        r"(?i)khoảng \d+",
        r"[0-3]?\d/[01]?\d",
        r"19\d\d|20\d\d",
        r"Luật [A-ZĐ]\w*",
        r"QĐ-[A-Z]+",
        r"(?i)ông|bà",
        r"[^\n]*? x",
        r"[A-Ma-m5-7]+",
        r"\bAB\b",
    ];

    proptest! {
        /// A folded pattern matches the fold of whatever the pattern matches.
        #[test]
        fn folding_only_widens(
            p in prop::sample::select(PATTERNS),
            text in "[a-zA-Z0-9 /ĐđôÔ\n-]{0,12}",
        ) {
            let hir = parse(p);
            let plain = Regex::builder().build_from_hir(&hir).unwrap();
            let whole = Hir::concat(vec![fold(&hir), Hir::look(Look::End)]);
            let folded = Regex::builder().build_from_hir(&whole).unwrap();
            for (start, _) in text.char_indices() {
                let input = Input::new(&text).range(start..).anchored(Anchored::Yes);
                if let Some(m) = plain.search(&input) {
                    let image = folded_text(&text[..m.end()]);
                    let again = Input::new(&image).range(start..).anchored(Anchored::Yes);
                    prop_assert!(folded.is_match(again), "{p} on {:?}", &text[start..m.end()]);
                }
            }
        }
    }
}
