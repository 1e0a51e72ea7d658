//! The rule engine: every rule compiled once, run over a normalized body.
//!
//! Per article: at each position where a match may start, one anchored
//! multi-pattern DFA step ([`crate::scan`]) says which rules match there;
//! only those run their own regex, with reusable capture slots; candidates pass boundary,
//! chrome and context checks, are turned into typed facts by the builder of
//! their kind, and overlapping candidates are resolved by priority, then
//! length. Losers are kept (with the reason) for `--explain`.

use std::cmp::Reverse;
use std::ops::Range;

use regex_automata::meta::Cache;
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::{Anchored, Input};

use crate::build::{self, Built, Captures};
use crate::chrome::Chrome;
use crate::context;
use crate::lexicon::Lexicons;
use crate::model::Fact;
use crate::rules::{Finder, GroupCache, GroupReader, Rule, RuleError};
use crate::ruleset::RuleSet;
use crate::scan::{Hits, Scanner};

/// A compiled extractor: rules, prefilter, lexicons, chrome detector.
pub struct Extractor {
    rules: Vec<Rule>,
    scanner: Scanner,
    pub(crate) lex: Lexicons,
    chrome: Chrome,
    /// Search caches of every rule's regex, taken once per article.
    caches: RuleCachePool,
}

/// The search caches of one rule's two regexes.
struct RuleCache {
    find: Cache,
    groups: GroupCache,
}

/// One pair of search caches per rule, in rule order.
type RuleCaches = Vec<RuleCache>;
type RuleCacheMaker =
    Box<dyn Fn() -> RuleCaches + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe>;
/// A regex used from several threads hands each search a cache from its
/// own pool: a lock for every thread but the first, on every call. Taking
/// all the rules' caches once per article leaves one pool access per article.
type RuleCachePool = Pool<RuleCaches, RuleCacheMaker>;

/// What the caller knows about the article beyond its text.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Publication date: resolves dates written without a year.
    pub reference: Option<chrono::NaiveDate>,
    /// Chrome line ranges of the text, when the caller has already found
    /// them (the pipeline needs them for metadata first); else computed.
    pub chrome: Option<Vec<Range<usize>>>,
}

/// Why a candidate did not become a fact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// Inside portal chrome (counters, widgets, teasers).
    Chrome,
    /// A required trigger word was not found.
    NoTrigger,
    /// A veto word was found.
    Vetoed,
    /// The captured text did not parse into a valid value.
    Invalid(String),
    /// Lost an overlap to another fact (its rule id).
    Overlap(String),
}

/// A candidate that lost, for `--explain`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Loser {
    pub rule: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub reason: Rejection,
}

/// Facts of one article, and (when asked) the candidates that lost.
#[derive(Debug, Default)]
pub struct Extraction {
    pub facts: Vec<Fact>,
    pub losers: Vec<Loser>,
}

struct Candidate {
    rule: usize,
    span: Range<usize>,
    built: Built,
}

/// One article going through the rules: what is known about its text, and
/// the candidates found so far.
struct Pass<'a> {
    ex: &'a Extractor,
    text: &'a str,
    ctx: &'a Context,
    explain: bool,
    chrome: std::borrow::Cow<'a, [Range<usize>]>,
    sentences: Vec<Range<usize>>,
    /// Per rule: no match is tried before this offset (the end of its last
    /// accepted match), so a fact is never re-found from inside itself.
    resume: Vec<usize>,
    hits: Hits<'a>,
    caches: PoolGuard<'a, RuleCaches, RuleCacheMaker>,
    /// The context windows of the latest candidate.
    windows: context::Windows,
    /// The rules to try at the current position (reused).
    todo: Vec<usize>,
    candidates: Vec<Candidate>,
    losers: Vec<Loser>,
}

impl<'a> Pass<'a> {
    fn new(ex: &'a Extractor, text: &'a str, ctx: &'a Context, explain: bool) -> Self {
        Pass {
            ex,
            text,
            ctx,
            explain,
            chrome: match &ctx.chrome {
                Some(known) => known.into(),
                None => ex.chrome.ranges(text).into(),
            },
            sentences: vnfacts_text::sentences(text),
            resume: vec![0; ex.rules.len()],
            hits: ex.scanner.hits(),
            caches: ex.caches.get(),
            windows: context::Windows::default(),
            todo: Vec::new(),
            candidates: Vec::new(),
            losers: Vec::new(),
        }
    }

    /// Try every rule the scanner names at every possible start in a chunk.
    fn chunk(&mut self, chunk: Range<usize>) {
        let in_chrome = self
            .chrome
            .iter()
            .any(|c| c.start <= chunk.start && chunk.end <= c.end);
        if in_chrome {
            return;
        }
        // Bytes past the chunk read as None.
        let bytes = &self.text.as_bytes()[..chunk.end];
        for start in self.ex.scanner.starts(bytes, chunk.start) {
            if !left_ok(self.text, start) {
                continue;
            }
            let all = self
                .ex
                .scanner
                .at(self.text, start, chunk.end, &mut self.hits)
                .is_none();
            if !all && self.hits.is_empty() {
                continue;
            }
            let mut todo = std::mem::take(&mut self.todo);
            todo.clear();
            // Every rule when the scanner could not decide here.
            match all {
                true => todo.extend(0..self.ex.rules.len()),
                false => todo.extend(self.hits.iter()),
            }
            for &idx in &todo {
                if start >= self.resume[idx] {
                    let known_end = if all { None } else { self.hits.end(idx) };
                    self.try_rule(idx, start, chunk.end, known_end);
                }
            }
            self.todo = todo;
        }
    }

    /// Run rule `idx` anchored at `start` (within the chunk ending at `end`)
    /// and keep the candidate, or the reason it lost.
    ///
    /// The match is found without captures first: most matches lose to a
    /// boundary, chrome, trigger or veto test, which need only the span,
    /// and capture groups cost a second, slower engine run. Only a match
    /// that passes them has its groups read, over the same span. Where the
    /// scanner already knows the one place the match can end (`known_end`),
    /// no search runs at all.
    fn try_rule(&mut self, idx: usize, start: usize, end: usize, known_end: Option<usize>) {
        let (ex, text) = (self.ex, self.text);
        let rule = &ex.rules[idx];
        let input = Input::new(&text[..end])
            .range(start..)
            .anchored(Anchored::Yes);
        let span = match known_end {
            Some(known) => start..known,
            None => match rule.regex.search_with(&mut self.caches[idx].find, &input) {
                Some(m) => m.range(),
                None => return,
            },
        };
        if span.is_empty() || !right_ok(text, span.end) {
            return;
        }
        let sentence = sentence_of(&self.sentences, span.start, text.len());
        let built = ex
            .admit(
                rule,
                text,
                span.clone(),
                sentence.clone(),
                &self.chrome,
                &mut self.windows,
            )
            .and_then(|()| {
                // The same haystack, narrowed to the match: look-arounds see
                // the same text, so the groups are those of this match.
                let locs = rule.groups.read(
                    &mut self.caches[idx].groups,
                    &input.clone().span(span.clone()),
                );
                let caps = Captures::new(text, locs);
                build::build(rule, &caps, text, span.clone(), sentence, &ex.lex, self.ctx)
                    .map_err(Rejection::Invalid)
            });
        match built {
            Ok(built) => {
                self.resume[idx] = built.span.end;
                self.candidates.push(Candidate {
                    rule: idx,
                    span: built.span.clone(),
                    built,
                });
            }
            Err(reason) if self.explain => self.losers.push(loser(rule, text, span, reason)),
            Err(_) => {}
        }
    }
}

impl Extractor {
    /// The rules embedded in the binary (`extractors/*.toml`).
    pub fn embedded() -> Result<Extractor, RuleError> {
        Self::from_ruleset(RuleSet::embedded()?)
    }

    /// Rules from a directory of `*.toml` files (`--rules DIR`).
    pub fn from_dir(dir: &std::path::Path) -> Result<Extractor, RuleError> {
        Self::from_ruleset(RuleSet::from_dir(dir)?)
    }

    fn from_ruleset(rs: RuleSet) -> Result<Extractor, RuleError> {
        let scanner =
            Scanner::from_hirs(rs.rules.iter().map(|r| &r.hir)).map_err(|e| RuleError::Dir {
                dir: "rules".into(),
                message: format!("rule set does not compile as a whole: {e}"),
            })?;
        let regexes: Vec<(Finder, GroupReader)> = rs
            .rules
            .iter()
            .map(|r| (r.regex.clone(), r.groups.clone()))
            .collect();
        let caches = Pool::new(Box::new(move || {
            regexes
                .iter()
                .map(|(find, groups)| RuleCache {
                    find: find.create_cache(),
                    groups: groups.create_cache(),
                })
                .collect()
        }) as RuleCacheMaker);
        Ok(Extractor {
            rules: rs.rules,
            scanner,
            lex: rs.lexicons,
            chrome: rs.chrome,
            caches,
        })
    }

    /// Number of compiled rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Chrome line ranges of `text` (shared with metadata extraction).
    pub fn chrome_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.chrome.ranges(text)
    }

    /// Extract facts from a normalized body. `explain` keeps the losers.
    pub fn extract(&self, text: &str, ctx: &Context, explain: bool) -> Extraction {
        let mut pass = Pass::new(self, text, ctx, explain);
        for chunk in chunks(text) {
            pass.chunk(chunk);
        }
        let Pass {
            sentences,
            candidates,
            mut losers,
            ..
        } = pass;
        let accepted = self.resolve(candidates, text, explain, &mut losers);
        let facts = accepted
            .into_iter()
            .map(|c| {
                let s = sentence_of(&sentences, c.span.start, text.len());
                Fact {
                    value: c.built.value,
                    text: text[c.span.clone()].to_string(),
                    start: c.span.start,
                    end: c.span.end,
                    sentence: text[s].trim().to_string(),
                    rule: self.rules[c.rule].id.clone(),
                }
            })
            .collect();
        Extraction { facts, losers }
    }

    /// The tests a match must pass before it is built: outside chrome,
    /// triggered, not vetoed. `windows` are read as far as the rule's
    /// words need (and kept where the next candidate's are the same).
    fn admit(
        &self,
        rule: &Rule,
        text: &str,
        span: Range<usize>,
        sentence: Range<usize>,
        chrome: &[Range<usize>],
        windows: &mut context::Windows,
    ) -> Result<(), Rejection> {
        if chrome
            .iter()
            .any(|c| c.start <= span.start && span.start < c.end)
        {
            return Err(Rejection::Chrome);
        }
        let mut around = windows.around(text, sentence, span);
        let tb = rule
            .trigger_before
            .as_ref()
            .map(|w| around.found_before(w).is_some());
        let ta = rule
            .trigger_after
            .as_ref()
            .map(|w| around.found_after(w).is_some());
        let triggered = match (tb, ta) {
            (None, None) => true,
            (Some(b), None) => b,
            (None, Some(a)) => a,
            (Some(b), Some(a)) if rule.trigger_any => b || a,
            (Some(b), Some(a)) => b && a,
        };
        if !triggered {
            return Err(Rejection::NoTrigger);
        }
        let vetoed = rule
            .veto_before
            .as_ref()
            .is_some_and(|w| around.found_before(w).is_some())
            || rule
                .veto_after
                .as_ref()
                .is_some_and(|w| around.found_after(w).is_some());
        if vetoed {
            return Err(Rejection::Vetoed);
        }
        Ok(())
    }

    /// Keep the best of overlapping candidates: priority, then length, then position.
    fn resolve(
        &self,
        cands: Vec<Candidate>,
        text: &str,
        explain: bool,
        losers: &mut Vec<Loser>,
    ) -> Vec<Candidate> {
        // Candidates are large (a fact's value with its strings): sorting
        // small keys and moving each candidate once costs less than
        // sorting the candidates. The index last keeps the order of equal
        // keys, as a stable sort would.
        let mut order: Vec<RankKey> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let rule = &self.rules[c.rule];
                (
                    !rule.exclusive,
                    Reverse(rule.priority),
                    Reverse(c.span.len()),
                    c.span.start,
                    i,
                )
            })
            .collect();
        order.sort_unstable();
        let mut cands: Vec<Option<Candidate>> = cands.into_iter().map(Some).collect();
        let mut kept: Vec<Candidate> = Vec::with_capacity(cands.len());
        for (.., i) in order {
            let Some(c) = cands[i].take() else { continue };
            let rule = &self.rules[c.rule];
            let clash = kept.iter().find(|k| {
                overlaps(&k.span, &c.span)
                    && (self.rules[k.rule].exclusive
                        || k.built.value.kind() == c.built.value.kind())
            });
            match clash {
                Some(k) if explain => {
                    let reason = Rejection::Overlap(self.rules[k.rule].id.clone());
                    losers.push(loser(rule, text, c.span.clone(), reason));
                }
                Some(_) => {}
                None => kept.push(c),
            }
        }
        let mut by_place: Vec<(usize, usize, usize)> = kept
            .iter()
            .enumerate()
            .map(|(i, c)| (c.span.start, c.span.end, i))
            .collect();
        by_place.sort_unstable();
        let mut kept: Vec<Option<Candidate>> = kept.into_iter().map(Some).collect();
        by_place
            .into_iter()
            .filter_map(|(.., i)| kept[i].take())
            .collect()
    }
}

/// How [`Extractor::resolve`] ranks a candidate, best first: exclusive
/// rules, higher priority, longer span, earlier start, then the order found.
type RankKey = (bool, Reverse<i32>, Reverse<usize>, usize, usize);

/// Lines of `text`, except that a line ending in a hyphen or slash continues
/// on the next one (`1956/QĐ-` / `TTg`: a symbol split by a line break).
fn chunks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut end = start;
        loop {
            match memchr::memchr(b'\n', &text.as_bytes()[end..]) {
                None => {
                    end = text.len();
                    break;
                }
                Some(i) => {
                    end += i;
                    let continues = text[start..end].trim_end().ends_with(['-', '–', '/']);
                    if continues && end + 1 < text.len() {
                        end += 1;
                        continue;
                    }
                    break;
                }
            }
        }
        let r = start..end;
        start = end + 1;
        Some(r)
    })
}

fn loser(rule: &Rule, text: &str, span: Range<usize>, reason: Rejection) -> Loser {
    Loser {
        rule: rule.id.clone(),
        text: text[span.clone()].to_string(),
        start: span.start,
        end: span.end,
        reason,
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// A match must not start inside a word or a number (`12.500` is not `500`).
fn left_ok(text: &str, start: usize) -> bool {
    // Fast path: after ASCII space or a letter/digit, no decoding needed.
    match text.as_bytes()[..start].last() {
        None | Some(b' ' | b'\n' | b'\t') => return true,
        Some(b) if b.is_ascii_alphanumeric() => return false,
        _ => {}
    }
    let mut prev = text[..start].chars().rev();
    match prev.next() {
        None => true,
        Some(c) if is_alphanumeric(c) => false,
        Some('.' | ',' | '/' | '-' | '–' | ':') => {
            !prev.next().is_some_and(|c| c.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// A match must not end inside a word or a number.
fn right_ok(text: &str, end: usize) -> bool {
    let mut next = text[end..].chars();
    match next.next() {
        None => true,
        Some(c) if is_alphanumeric(c) => false,
        Some('.' | ',') => !next.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// `char::is_alphanumeric`, with the blocks Vietnamese letters live in
/// answered without its table search: the boundary tests meet a
/// Vietnamese letter at most word starts.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\u{c0}'..='\u{ff}' => c != '×' && c != '÷',
        '\u{100}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric(),
    }
}

fn sentence_of(sentences: &[Range<usize>], offset: usize, len: usize) -> Range<usize> {
    let i = sentences.partition_point(|s| s.end <= offset);
    match sentences.get(i) {
        Some(s) if s.start <= offset => s.clone(),
        _ => offset..len.min(offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphanumeric_shortcut_agrees_with_std_for_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
