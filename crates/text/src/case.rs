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
    // Final sigma depends on its neighbours: leave such text to std.
    if s.contains('Σ') {
        out.push_str(&s.to_lowercase());
        return;
    }
    s.chars().for_each(|c| push_lower_char(c, out));
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

    proptest::proptest! {
        #[test]
        fn any_string_agrees_with_std(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(lowercase(&s), s.to_lowercase());
        }
    }
}
