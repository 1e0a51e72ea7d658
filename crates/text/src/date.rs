//! Dates as Vietnamese portals write them.
//!
//! CONTRACT: `22/11/2023`, `22-11-2023`, `22.11.2023`, `ngày 22 tháng 11 năm 2023`,
//! `THỨ BA, NGÀY 23 THÁNG 07 NĂM 2024 11:52`, `28/03/2023 14:16`, year-less
//! `Ngày 07/01`, `Sáng 20.5` resolved against a caller's reference date.

use chrono::{NaiveDate, NaiveTime};

/// A date (and maybe time) found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// True when the year was not written and came from the reference date.
    pub year_inferred: bool,
}

/// Parse one date expression that starts at the beginning of `s`.
pub fn parse_date(_s: &str, _reference: Option<NaiveDate>) -> Option<DateMatch> {
    None
}

/// Every date in `text`, in order.
pub fn scan_dates(_text: &str, _reference: Option<NaiveDate>) -> Vec<DateMatch> {
    Vec::new()
}
