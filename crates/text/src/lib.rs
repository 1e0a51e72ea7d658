//! vnfacts-text: bytes to clean Unicode Vietnamese.
//!
//! Every later stage (extraction, indexing, search) works on the text this
//! crate produces, so the guarantees here are the project's guarantees:
//! one canonical form per word (NFC, one tone-mark placement, plain spaces),
//! offsets that map back to the source, and parsers for the numbers and
//! dates Vietnamese government prose actually writes.
//!
//! Data flow: [`decode`] (bytes -> `String`) -> [`normalize`] (canonical
//! text with an offset map) -> [`segment`] (sentences, syllables),
//! [`number`], [`date`], [`fold`] (search keys), [`abbrev`] (expansions for
//! display and search).

pub mod abbrev;
pub mod case;
pub mod date;
pub mod decode;
pub mod fold;
pub mod legacy;
pub mod normalize;
pub mod number;
#[cfg(test)]
mod reference;
pub mod segment;
mod sentence_marks;
pub mod space;
mod syllable;
mod word_cache;

pub use case::{lowercase, lowercase_into};
pub use date::{parse_date, scan_dates, DateMatch};
pub use decode::{decode, looks_binary, Decoded, Hints};
pub use fold::{fold, fold_char, fold_with_offsets, Folded};
pub use normalize::{normalize, Normalized};
pub use number::{
    parse_amount, parse_integer, parse_number, parse_number_words, scale_word, scan_numbers,
    NumberMatch,
};
pub use segment::{sentence_at, sentences, syllables};
