//! Numbers as Vietnamese prose writes them.
//!
//! CONTRACT: `1.234.567` (dot thousands), `79,4` (decimal comma), `01`,
//! `80,000,000`, scale words (`nghìn`/`ngàn`, `triệu`, `tỷ`/`tỉ`, `tr`), number
//! words (`hai`, `mười lăm`, `hai mươi mốt`, `một trăm linh năm`, `tư`, `lăm`,
//! `mốt`, `rưỡi`). `năm 2023` is a year, not 5.

/// A number found in running text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMatch {
    pub start: usize,
    pub end: usize,
    pub value: f64,
}

/// Parse digits with Vietnamese separators: `1.234.567`, `79,4`, `01`, `80,000,000`.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    let cleaned: String = s.chars().filter(|c| *c != '.').map(|c| if c == ',' { '.' } else { c }).collect();
    cleaned.parse().ok()
}

/// Parse a whole, non-negative integer written with digits or words.
pub fn parse_integer(s: &str) -> Option<u64> {
    let v = parse_number(s)?;
    (v.fract() == 0.0 && v >= 0.0).then_some(v as u64)
}

/// Every number in `text`, in order.
pub fn scan_numbers(_text: &str) -> Vec<NumberMatch> {
    Vec::new()
}
