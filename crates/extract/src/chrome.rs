//! Portal chrome: lines that are page furniture, not the article.
//!
//! Visitor counters, view counts, font-size widgets, "today" banners, comment
//! forms and the teaser lists that follow an article never yield facts. A line
//! is chrome when it starts with a known chrome phrase; a block marker
//! ("Các tin khác", "Tin liên quan") makes every following line chrome,
//! because what comes after it is other articles' headlines.

use std::ops::Range;

use regex::Regex;

use crate::rules::RuleError;

/// Chrome detector built from `extractors/chrome.toml`.
#[derive(Debug)]
pub struct Chrome {
    line: Regex,
    block: Regex,
    /// `line` or `block`: most lines are neither, and one search says so.
    either: Regex,
}

impl Chrome {
    /// Build from phrase lists: `lines` start chrome lines, `blocks` are whole-line markers.
    pub fn new(file: &str, lines: &[String], blocks: &[String]) -> Result<Chrome, RuleError> {
        let alt = |ws: &[String]| crate::rules::words_to_regex(ws);
        let line = format!(r"(?i)^\s*(?:{})\s*(?::|\d|$)", alt(lines));
        let block = format!(r"(?i)^\s*(?:\(\d+\)\s*)?(?:{})\s*:?\s*$", alt(blocks));
        let build = |p: &str| {
            Regex::new(p).map_err(|e| RuleError::File {
                file: file.into(),
                message: format!("chrome phrases: {e}"),
            })
        };
        Ok(Chrome {
            either: build(&format!("(?:{line})|(?:{block})"))?,
            line: build(&line)?,
            block: build(&block)?,
        })
    }

    /// Byte ranges of chrome lines in `text`.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for line in vnfacts_text::segment::split_lines_inclusive(text) {
            let end = start + line.len();
            if !self.either.is_match(line.trim_end()) {
                start = end;
                continue;
            }
            if self.block.is_match(line.trim_end()) {
                out.push(start..text.len());
                return out;
            }
            if self.line.is_match(line.trim_end()) {
                out.push(start..end);
            }
            start = end;
        }
        out
    }

    /// Whether a single line is chrome (or a block marker).
    pub fn is_chrome_line(&self, line: &str) -> bool {
        self.line.is_match(line.trim_end()) || self.block.is_match(line.trim_end())
    }

    /// Whether a line starts the trailing block of teasers and forms.
    pub fn is_block_marker(&self, line: &str) -> bool {
        self.block.is_match(line.trim_end())
    }
}
