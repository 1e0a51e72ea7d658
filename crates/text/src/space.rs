//! Whitespace (exactly what `char::is_whitespace` accepts) read straight
//! from UTF-8 bytes.
//!
//! Word counts and context windows step through text a byte at a time, and
//! most bytes are inside words: a table says which bytes can start (or end)
//! a whitespace char, and only those are looked at as a whole char, without
//! decoding anything else.

/// The bytes a whitespace char may start with (see [`space_starting`]).
pub const MAY_START_SPACE: [bool; 256] =
    byte_set(&[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xC2, 0xE1, 0xE2, 0xE3]);

/// The bytes a whitespace char may end with (see [`space_ending_at`]).
pub const MAY_END_SPACE: [bool; 256] = byte_set(&[
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8A, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF,
]);

const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// Byte length of the whitespace char (`char::is_whitespace`) `b` starts
/// with, 0 if none. `b` is UTF-8 from a char boundary on, or from inside a
/// char (whose remaining bytes match no whitespace char).
#[inline]
pub fn space_starting(b: &[u8]) -> usize {
    match b {
        [0x09..=0x0D | 0x20, ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Byte length of the whitespace char `b` ends with, 0 if none. `b` is
/// UTF-8 up to a char boundary or into a char: a whitespace char's bytes
/// can only match where that char is.
#[inline]
pub fn space_ending_at(b: &[u8]) -> usize {
    match b {
        [.., 0x09..=0x0D | 0x20] => 1,
        [.., 0xC2, 0x85 | 0xA0] => 2,
        [.., 0xE1, 0x9A, 0x80]
        | [.., 0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [.., 0xE2, 0x81, 0x9F]
        | [.., 0xE3, 0x80, 0x80] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_whitespace_tests_agree_with_std_for_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let (start, end) = (1, 1 + c.len_utf8());
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(space_starting(&s.as_bytes()[start..]), want, "{c:?}");
            assert_eq!(space_ending_at(&s.as_bytes()[..end]), want, "{c:?}");
            let bytes = c.to_string().into_bytes();
            if c.is_whitespace() {
                assert!(MAY_START_SPACE[usize::from(bytes[0])], "{c:?}");
                assert!(MAY_END_SPACE[usize::from(bytes[bytes.len() - 1])], "{c:?}");
            }
            // Inside the char, nothing is taken for whitespace.
            for mid in start + 1..end {
                assert_eq!(space_starting(&s.as_bytes()[mid..]), 0, "{c:?}");
                assert_eq!(space_ending_at(&s.as_bytes()[..mid]), 0, "{c:?}");
            }
        }
    }
}
