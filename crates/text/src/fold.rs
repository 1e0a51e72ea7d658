//! Folding for search and lookup: no diacritics, `đ` -> `d`, lower case.

/// Fold one character: strip Vietnamese diacritics, `đ`/`Đ` -> `d`, lower case.
pub fn fold_char(c: char) -> char {
    use unicode_normalization::char::decompose_canonical;
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower == 'đ' {
        return 'd';
    }
    let mut base = lower;
    decompose_canonical(lower, |b| {
        if base == lower {
            base = b;
        }
    });
    base
}

/// Fold a whole string (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}
