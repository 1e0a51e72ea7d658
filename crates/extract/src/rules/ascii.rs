//! `\d` and `\s` in rule patterns mean ASCII digits and ASCII spaces.
//!
//! Rules run over normalized text, where every space is an ASCII space or
//! newline (normalize maps NBSP, the U+2000 family and the rest), and the
//! number and date parsers read ASCII digits only, so a Unicode `\d` could
//! only ever match digits that then fail to parse. The Unicode classes cost
//! real time all the same: each compiles to a UTF-8 automaton (`\d` alone
//! is dozens of NFA states, used several times per number), and the
//! engine that reads capture groups clears a visited set sized by the
//! NFA for every match. The ASCII classes cut the rule NFAs by over 40%.

use regex_syntax::ast::{
    self, Ast, ClassAscii, ClassAsciiKind, ClassBracketed, ClassPerl, ClassPerlKind, ClassSet,
    ClassSetItem,
};

/// `pattern` with every `\d`, `\D`, `\s`, `\S` (alone or inside brackets)
/// replaced by its ASCII class. A pattern that does not parse is returned
/// as it is, so compiling it reports the error against the author's text.
pub fn ascii_perl_classes(pattern: &str) -> String {
    let Ok(mut ast) = ast::parse::Parser::new().parse(pattern) else {
        return pattern.to_string();
    };
    rewrite(&mut ast);
    let mut out = String::with_capacity(pattern.len() + 16);
    match ast::print::Printer::new().print(&ast, &mut out) {
        Ok(()) => out,
        Err(_) => pattern.to_string(),
    }
}

/// The ASCII class of a Perl class, where one differs from Unicode's.
fn ascii_kind(p: &ClassPerl) -> Option<ClassAsciiKind> {
    match p.kind {
        ClassPerlKind::Digit => Some(ClassAsciiKind::Digit),
        ClassPerlKind::Space => Some(ClassAsciiKind::Space),
        ClassPerlKind::Word => None,
    }
}

fn rewrite(ast: &mut Ast) {
    match ast {
        Ast::ClassPerl(p) => {
            if let Some(kind) = ascii_kind(p) {
                // An ASCII class is written inside brackets: `[^[:digit:]]`.
                let ascii = ClassAscii {
                    span: p.span,
                    kind,
                    negated: false,
                };
                *ast = Ast::class_bracketed(ClassBracketed {
                    span: p.span,
                    negated: p.negated,
                    kind: ClassSet::Item(ClassSetItem::Ascii(ascii)),
                });
            }
        }
        Ast::ClassBracketed(b) => rewrite_set(&mut b.kind),
        Ast::Repetition(r) => rewrite(&mut r.ast),
        Ast::Group(g) => rewrite(&mut g.ast),
        Ast::Alternation(a) => a.asts.iter_mut().for_each(rewrite),
        Ast::Concat(c) => c.asts.iter_mut().for_each(rewrite),
        Ast::Empty(_)
        | Ast::Flags(_)
        | Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::Assertion(_)
        | Ast::ClassUnicode(_) => {}
    }
}

fn rewrite_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => rewrite_item(item),
        ClassSet::BinaryOp(op) => {
            rewrite_set(&mut op.lhs);
            rewrite_set(&mut op.rhs);
        }
    }
}

fn rewrite_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Perl(p) => {
            if let Some(kind) = ascii_kind(p) {
                *item = ClassSetItem::Ascii(ClassAscii {
                    span: p.span,
                    kind,
                    negated: p.negated,
                });
            }
        }
        ClassSetItem::Bracketed(b) => rewrite_set(&mut b.kind),
        ClassSetItem::Union(u) => u.items.iter_mut().for_each(rewrite_item),
        ClassSetItem::Empty(_)
        | ClassSetItem::Literal(_)
        | ClassSetItem::Range(_)
        | ClassSetItem::Ascii(_)
        | ClassSetItem::Unicode(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn perl_classes_become_ascii_everywhere() {
        let cases = [
            (r"\d+", "[[:digit:]]+"),
            (r"\D\S", "[^[:digit:]][^[:space:]]"),
            (r"[\d.,]+", "[[:digit:].,]+"),
            (r"[^\s\d]", "[^[:space:][:digit:]]"),
            (
                r"(?i)(?P<n>\d{1,3})\s+\w",
                "(?i)(?P<n>[[:digit:]]{1,3})[[:space:]]+\\w",
            ),
            (r"\\d", r"\\d"),
            (r"[\d--5]", "[[:digit:]--5]"),
        ];
        for (pattern, want) in cases {
            assert_eq!(ascii_perl_classes(pattern), want, "{pattern}");
        }
        // Not a pattern: left for the compiler to report.
        assert_eq!(ascii_perl_classes(r"(\d"), r"(\d");
    }

    #[test]
    fn ascii_classes_match_what_unicode_ones_match_on_ascii() {
        let pairs = [r"\d", r"\D", r"\s", r"\S", r"[\d\s]", r"[^\d\s]"];
        for p in pairs {
            let (uni, ascii) = (
                Regex::new(&format!("^{p}$")).unwrap(),
                Regex::new(&format!("^{}$", ascii_perl_classes(p))).unwrap(),
            );
            for b in 0u8..128 {
                let s = (b as char).to_string();
                assert_eq!(uni.is_match(&s), ascii.is_match(&s), "{p} on {b:#x}");
            }
        }
        // Beyond ASCII they part ways, on purpose.
        let d = Regex::new(&ascii_perl_classes(r"^\d$")).unwrap();
        assert!(!d.is_match("٣") && !d.is_match("３"));
        let s = Regex::new(&ascii_perl_classes(r"^\s$")).unwrap();
        assert!(!s.is_match("\u{a0}") && s.is_match("\u{b}"));
    }
}
