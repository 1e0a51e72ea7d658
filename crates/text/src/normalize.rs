//! Canonical form of Vietnamese text, with a map back to the original.
//!
//! CONTRACT (helper fills in the full behaviour of issue 2, item 2):
//! NFC; old-style tone placement (`hoà` -> `hòa`, `uỷ` -> `ủy`, `thuỷ` -> `thủy`);
//! NBSP / zero-width / odd spaces -> ' '; dash variants between digits and
//! letters of symbols -> '-'; lost spaces between letters and digits split
//! (`và2021` -> `và 2021`, `33người` -> `33 người`) except inside symbols
//! (`3608/QĐ-BPN&TE`, `12.000m2`). Idempotent. Newlines are kept (they
//! separate paragraphs and chrome lines).

/// Normalized text plus the information needed to cite the source exactly.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The canonical text every later stage works on.
    pub text: String,
    /// (normalized byte offset, original byte offset) checkpoints, sorted.
    map: Vec<(u32, u32)>,
    original_len: usize,
}

impl Normalized {
    /// Original byte offset for a byte offset of [`Normalized::text`].
    pub fn original_offset(&self, norm: usize) -> usize {
        if norm >= self.text.len() {
            return self.original_len;
        }
        match self.map.binary_search_by_key(&(norm as u32), |&(n, _)| n) {
            Ok(i) => self.map[i].1 as usize,
            Err(0) => norm,
            Err(i) => {
                let (n, o) = self.map[i - 1];
                o as usize + (norm - n as usize)
            }
        }
    }
}

/// Normalize `input` to the canonical form (see module docs).
pub fn normalize(input: &str) -> Normalized {
    use unicode_normalization::UnicodeNormalization;
    let mut text = String::with_capacity(input.len());
    let mut map = Vec::new();
    for (off, ch) in input.char_indices() {
        map.push((text.len() as u32, off as u32));
        match ch {
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{3000}' | '\t' => text.push(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
            '\r' => {}
            c => text.push(c),
        }
    }
    let text: String = text.nfc().collect();
    Normalized { text, map, original_len: input.len() }
}
