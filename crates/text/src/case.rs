//! Lower-casing tuned for Vietnamese text.
//!
//! `str::to_lowercase` looks every non-ASCII character up in a table of
//! about 1,400 ranges; in Vietnamese every third letter is non-ASCII, and
//! the extractors lower-case every context window they look at. Nearly all
//! of those letters sit in three small blocks whose case mapping is plain
//! arithmetic, so those are mapped directly and everything else still goes
//! through the standard library. The result is always that of
//! `str::to_lowercase` (checked over every `char` in the tests).

/// `s` lower-cased, exactly as [`str::to_lowercase`] does it.
pub fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lowercase_into(s, &mut out);
    out
}

/// Append `s` lower-cased to `out` (so a caller can reuse one buffer).
pub fn lowercase_into(s: &str, out: &mut String) {
    // Only non-ASCII capitals need a char of their own; the runs between
    // them (nearly all of a Vietnamese text) are copied whole and their
    // ASCII lower-cased in place. Bytes, not chars: an ASCII byte is one
    // test, and only the rest are decoded.
    let start = out.len();
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut ascii_upper = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            ascii_upper |= b.is_ascii_uppercase();
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if c == 'Σ' {
            // Final sigma depends on its neighbours: leave such text to std.
            out.truncate(start);
            out.push_str(&s.to_lowercase());
            return;
        }
        if !is_own_lower(c) {
            out.push_str(&s[copied..i]);
            push_lower_char(c, out);
            copied = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.push_str(&s[copied..]);
    // Lower-case mappings never yield an ASCII capital, so this only
    // touches the copied runs.
    if ascii_upper {
        out[start..].make_ascii_lowercase();
    }
}

/// Whether the non-ASCII `c` is its own lower case, tested in the order
/// Vietnamese letters are frequent in; false sends `c` the slow way.
#[inline]
fn is_own_lower(c: char) -> bool {
    let u = c as u32;
    match u {
        // Latin Extended Additional from Ạ on: lower case odd.
        0x1EA0..=0x1EFF => u & 1 == 1,
        // Latin-1: À..Þ are capitals (× is not a letter).
        0x80..=0xFF => !(0xC0..=0xDE).contains(&u) || u == 0xD7,
        0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 => true,
        // General punctuation (dashes, quotes, ellipsis) has no case.
        0x2000..=0x206F => true,
        _ => quick_lower(c) == Some(c),
    }
}

/// Whether `lowercase(s)` starts with `prefix`, lower-casing only as many
/// chars of `s` as the comparison needs (no allocation).
pub fn lower_starts_with(s: &str, prefix: &str) -> bool {
    lower_starts_with_chars(s, prefix.chars())
}

/// Whether `lowercase(s)` starts with `word` and a space: a lead word
/// (`của …`, `ông …`) tested without building either string.
pub fn lower_starts_with_word(s: &str, word: &str) -> bool {
    lower_starts_with_chars(s, word.chars().chain([' ']))
}

fn lower_starts_with_chars(s: &str, want: impl Iterator<Item = char> + Clone) -> bool {
    // A final sigma's case depends on what follows it: leave Greek to std.
    if want.clone().any(|c| matches!(c, 'σ' | 'ς')) {
        return lowercase(s).starts_with(&want.collect::<String>());
    }
    let mut want = want.peekable();
    if want.peek().is_none() {
        return true;
    }
    for c in s.chars() {
        // A char's lower case may be longer than the rest of `want`.
        let mut eat = |l: char| want.next().is_none_or(|w| w == l);
        let matched = match quick_lower(c) {
            Some(l) => eat(l),
            None => c.to_lowercase().all(eat),
        };
        if !matched {
            return false;
        }
        if want.peek().is_none() {
            return true;
        }
    }
    false
}

/// Append the lower case of one char. Unlike [`lowercase_into`] this cannot
/// see the neighbours a final `Σ` depends on: callers check for `Σ` first.
#[inline]
pub fn push_lower_char(c: char, out: &mut String) {
    match quick_lower(c) {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// The lower case of `c` when it is ASCII or one of the blocks Vietnamese
/// letters come from (the mapping is arithmetic there); None to ask the
/// standard library (`Σ` included, whose lower case depends on its
/// neighbours). Public for callers that compare lower case char by char
/// without writing it anywhere.
#[inline]
pub fn quick_lower(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0..=0x7F => (u as u8).to_ascii_lowercase() as u32,
        // Latin-1: À..Þ map 0x20 up (× is not a letter); the rest are lower.
        0xC0..=0xDE if u != 0xD7 => u + 0x20,
        0x80..=0xFF => u,
        // Ă Đ Ĩ Ũ Ơ Ư and their lower-case forms.
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 | 0x1AF => u + 1,
        0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 => u,
        // Latin Extended Additional from Ạ on: upper case even, lower odd.
        0x1EA0..=0x1EFF => u | 1,
        // General punctuation (dashes, quotes, ellipsis) has no case.
        0x2000..=0x206F => u,
        _ => return None,
    };
    char::from_u32(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quick_mapping_agrees_with_std() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if let Some(l) = quick_lower(c) {
                let want: String = c.to_lowercase().collect();
                assert_eq!(l.to_string(), want, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn own_lower_agrees_with_std() {
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_own_lower(c) {
                assert_eq!(
                    c.to_lowercase().collect::<String>(),
                    c.to_string(),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn strings_agree_with_std() {
        for s in [
            "ĐẠI HỘI Đảng bộ TỈNH Lào Cai",
            "ƯU TIÊN Ơ Ă Ĩ Ũ ẤỲỸ",
            "Straße İstanbul ΟΔΟΣ Σ",
            "",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
    }

    /// The char-at-a-time form `lowercase_into` had before runs were
    /// copied whole: the reference for the proptests.
    fn lowercase_by_char(s: &str) -> String {
        if s.contains('Σ') {
            return s.to_lowercase();
        }
        let mut out = String::new();
        s.chars().for_each(|c| push_lower_char(c, &mut out));
        out
    }

    #[test]
    fn word_prefix_is_the_word_and_a_space() {
        assert!(lower_starts_with_word("Của UBND", "của"));
        assert!(!lower_starts_with_word("Của", "của"));
        assert!(!lower_starts_with_word("Củax", "của"));
        assert!(!lower_starts_with_word("İ x", "i"));
    }

    #[test]
    fn prefix_tests_agree_with_lowercase() {
        for (s, p) in [
            ("Của UBND", "của "),
            ("CỦA", "của "),
            ("VỀ VIỆC x", "về việc "),
            ("İx", "i"),
            ("İx", "i\u{307}x"),
            ("ΟΔΟΣ x", "οδος x"),
            ("ΟΔΟΣ x", "οδοσ"),
            ("", ""),
            ("ab", ""),
        ] {
            assert_eq!(
                lower_starts_with(s, p),
                lowercase(s).starts_with(p),
                "{s:?} {p:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_string_agrees_with_std(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(lowercase(&s), s.to_lowercase());
        }

        #[test]
        fn runs_agree_with_char_at_a_time(s in "[a-zA-ZĐđƠƯơưẠ-ỹÀ-ÿ \\PC]{0,60}") {
            // Text already in the buffer is left alone.
            let mut out = String::from("A");
            lowercase_into(&s, &mut out);
            proptest::prop_assert_eq!(&out[..1], "A");
            proptest::prop_assert_eq!(&out[1..], lowercase_by_char(&s));
        }

        #[test]
        fn prefix_test_agrees_with_lowercase(
            s in "[a-zA-ZĐđƠƯơưẠ-ỹÀ-ÿİΣσς ]{0,12}",
            p in "[a-zđơưạ-ỹà-ÿiσς\u{307} ]{0,6}",
        ) {
            proptest::prop_assert_eq!(lower_starts_with(&s, &p), lowercase(&s).starts_with(&p));
            proptest::prop_assert_eq!(
                lower_starts_with_word(&s, &p),
                lowercase(&s).starts_with(&format!("{p} "))
            );
            // Prefixes cut from the lower case itself must match.
            let l = lowercase(&s);
            for (i, _) in l.char_indices() {
                proptest::prop_assert_eq!(lower_starts_with(&s, &l[..i]), true);
            }
        }
    }
}
