//! Property tests: normalization and folding are idempotent, nothing panics
//! on arbitrary input, and offsets always land on char boundaries of the
//! original, in order.

use proptest::prelude::*;
use vnfacts_text::{
    decode, fold, fold_with_offsets, normalize, scan_dates, scan_numbers, sentence_at, sentences,
    syllables, Hints,
};

/// Text that stresses normalization: Vietnamese letters in both tone
/// placements, decomposed marks, odd spaces, dashes, digits, punctuation.
fn vietnamese_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "hoà",
        "hòa",
        "thuỷ",
        "thủy",
        "uỷ",
        "khoẻ",
        "người",
        "Việt",
        "QĐ",
        "BPN&TE",
        "và",
        "năm",
        "2023",
        "1.200",
        "79,4",
        "22/11/2023",
        " ",
        " ",
        "\u{a0}",
        "\u{200b}",
        "\t",
        "\r\n",
        "\n",
        "–",
        "-",
        "—",
        ".",
        ",",
        "a",
        "o",
        "u",
        "y",
        "\u{300}",
        "\u{301}",
        "\u{309}",
        "\u{323}",
        "\u{302}",
        "=",
        "\u{338}",
        "Ủ",
        "ĐƯỜNG",
        "café",
        "17/22",
        "ngày",
        "tháng",
        "TP.",
        "HCM",
        "…",
        "!",
        "?",
        "HoÀ",
        "hOÀ",
        "1",
        "Hoà",
        "\u{2028}",
        "ﬁ",
        "Ω",
        "\u{ad}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![vietnamese_like(), any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn normalize_is_idempotent(s in any_text()) {
        let once = normalize(&s).text;
        let twice = normalize(&once);
        prop_assert_eq!(&twice.text, &once);
        prop_assert_eq!(twice.changes(), 0);
    }

    #[test]
    fn fold_is_idempotent(s in any_text()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
        let f = fold_with_offsets(&s);
        prop_assert_eq!(&f.text, &once);
        prop_assert_eq!(f.offsets.len(), f.text.len() + 1);
        prop_assert!(f.offsets.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(f.offsets.iter().all(|&o| s.is_char_boundary(o)));
    }

    #[test]
    fn offsets_land_on_boundaries_in_order(s in any_text()) {
        let n = normalize(&s);
        let mut last = 0;
        for i in (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)) {
            let o = n.original_offset(i);
            prop_assert!(s.is_char_boundary(o), "offset {} -> {} not a boundary of {:?}", i, o, s);
            prop_assert!(o >= last, "not monotonic at {}", i);
            last = o;
        }
        prop_assert_eq!(n.original_offset(n.text.len()), s.len());
        // Any offset at all, even inside a char, maps to a boundary.
        for i in 0..=n.text.len() + 2 {
            prop_assert!(s.is_char_boundary(n.original_offset(i)));
        }
        let whole = n.original_range(0..n.text.len());
        prop_assert!(whole.end <= s.len() && whole.start <= whole.end);
    }

    #[test]
    fn decode_then_normalize_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), html in any::<bool>()) {
        let d = decode(&bytes, &Hints { content_type: None, html });
        let n = normalize(&d.text);
        prop_assert_eq!(normalize(&n.text).text, n.text.clone());
        let _ = vnfacts_text::looks_binary(&bytes);
    }

    #[test]
    fn scanners_give_valid_spans(s in any_text()) {
        let n = normalize(&s).text;
        for m in scan_numbers(&n) {
            prop_assert!(m.start < m.end && n.is_char_boundary(m.start) && n.is_char_boundary(m.end));
        }
        let reference = chrono::NaiveDate::from_ymd_opt(2024, 5, 21);
        let mut last = 0;
        for m in scan_dates(&n, reference) {
            prop_assert!(m.start >= last && m.start < m.end && n.is_char_boundary(m.end));
            last = m.end;
        }
        let mut last = 0;
        for r in sentences(&n) {
            prop_assert!(r.start >= last && r.start < r.end && n.is_char_boundary(r.start) && n.is_char_boundary(r.end));
            last = r.end;
        }
        for r in syllables(&n) {
            prop_assert!(r.start < r.end && n.is_char_boundary(r.start) && n.is_char_boundary(r.end));
        }
        for i in [0, n.len() / 2, n.len()] {
            let r = sentence_at(&n, i);
            prop_assert!(r.end <= n.len() && n.is_char_boundary(r.start) && n.is_char_boundary(r.end));
        }
    }
}
