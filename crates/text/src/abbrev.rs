//! Abbreviations of Vietnamese government text (UBND, HĐND, LĐ-TB&XH, ...).
//!
//! The table is data (`data/abbreviations.tsv`, embedded at build time) so
//! that adding an agency is an edit to a text file. Lookups are exact first
//! (case matters: `TTg`), then by folded form, so a journalist typing `QD`
//! or `ld-tb&xh` still finds the entry. [`find`] locates abbreviations in
//! running text via [`crate::segment::syllables`], which keeps symbols like
//! `LĐ-TB&XH` whole; a symbol such as `3608/QĐ-BPN&TE` is one token and is
//! not expanded piecemeal.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::fold::fold;

/// The embedded table.
pub const TABLE_TSV: &str = include_str!("../data/abbreviations.tsv");

struct Table {
    entries: Vec<(&'static str, &'static str)>,
    exact: HashMap<&'static str, &'static str>,
    folded: HashMap<String, &'static str>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let entries: Vec<(&str, &str)> = TABLE_TSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, e)| (a.trim(), e.trim()))
        .collect();
    let exact = entries.iter().copied().collect();
    let mut folded = HashMap::new();
    for &(a, e) in &entries {
        folded.entry(fold(a)).or_insert(e);
    }
    Table {
        entries,
        exact,
        folded,
    }
});

/// Every (abbreviation, expansion) pair, in file order.
pub fn entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLE.entries.iter().copied()
}

/// The expansion of `abbr`: exact match, else folded match (`QD` -> `QĐ`).
pub fn expand(abbr: &str) -> Option<&'static str> {
    let t = &*TABLE;
    t.exact
        .get(abbr)
        .copied()
        .or_else(|| t.folded.get(&fold(abbr)).copied())
}

/// An abbreviation found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    pub span: Range<usize>,
    pub expansion: &'static str,
}

/// Abbreviations in `text`: tokens written in capitals (at least one
/// upper-case letter, as in `TTg`) whose exact spelling is in the table.
pub fn find(text: &str) -> Vec<Abbreviation> {
    crate::segment::syllables(text)
        .filter(|r| text[r.clone()].chars().any(char::is_uppercase))
        .filter_map(|r| {
            TABLE
                .exact
                .get(&text[r.clone()])
                .map(|&expansion| Abbreviation { span: r, expansion })
        })
        .collect()
}

/// `text` with each abbreviation replaced by its expansion (for display
/// and for indexing a searchable twin of a title).
pub fn expand_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    for a in find(text) {
        out.push_str(&text[at..a.span.start]);
        out.push_str(a.expansion);
        at = a.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let n = entries().count();
        assert!(n >= 60, "{n} entries");
        let mut keys: Vec<&str> = entries().map(|e| e.0).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate abbreviations");
        for line in TABLE_TSV
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert_eq!(line.split('\t').count(), 2, "{line:?}");
        }
        for needed in [
            "UBND",
            "HĐND",
            "LĐ-TB&XH",
            "LĐTBXH",
            "BĐG",
            "VSTBCPN",
            "LHPN",
            "CB",
            "CC",
            "VC",
            "MTTQ",
            "TTg",
        ] {
            assert!(expand(needed).is_some(), "{needed}");
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(expand("UBND"), Some("Ủy ban nhân dân"));
        assert_eq!(expand("ubnd"), Some("Ủy ban nhân dân"));
        assert_eq!(expand("LD-TB&XH"), Some("Lao động - Thương binh và Xã hội"));
        assert_eq!(expand("XYZ"), None);
    }

    #[test]
    fn expands_running_text() {
        assert_eq!(
            expand_text("Sở LĐ-TB&XH và UBND tỉnh, số 3608/QĐ-BPN&TE."),
            "Sở Lao động - Thương binh và Xã hội và Ủy ban nhân dân tỉnh, số 3608/QĐ-BPN&TE."
        );
        assert!(find("các cc và ubnd").is_empty());
    }
}
