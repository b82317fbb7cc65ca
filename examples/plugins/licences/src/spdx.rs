//! SPDX licence expressions: ids and categories.

/// Licence categories, from least to most restrictive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// MIT, Apache-2.0, BSD…
    Permissive,
    /// LGPL, MPL, EPL…: copyleft on the licensed files only.
    WeakCopyleft,
    /// GPL, EUPL…
    Copyleft,
    /// AGPL, SSPL: copyleft that reaches network use.
    NetworkCopyleft,
    /// Not recognised (treated as the most restrictive).
    Unknown,
}

impl Category {
    /// The name policies compare with.
    pub fn name(self) -> &'static str {
        match self {
            Category::Permissive => "permissive",
            Category::WeakCopyleft => "weak-copyleft",
            Category::Copyleft => "copyleft",
            Category::NetworkCopyleft => "network-copyleft",
            Category::Unknown => "unknown",
        }
    }
}

const PERMISSIVE: &[&str] = &[
    "0BSD",
    "Apache-1.1",
    "Apache-2.0",
    "Artistic-2.0",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSL-1.0",
    "CC-BY-4.0",
    "CC0-1.0",
    "curl",
    "ISC",
    "MIT",
    "MIT-0",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "Unlicense",
    "W3C",
    "X11",
    "Zlib",
];
const WEAK: &[&str] = &["LGPL-", "MPL-", "EPL-", "CDDL-", "CPL-", "OSL-"];
const STRONG: &[&str] = &["GPL-", "EUPL-", "CC-BY-SA-"];
const NETWORK: &[&str] = &["AGPL-", "SSPL-"];

/// The category of one licence id (`-only`, `-or-later` and `+` variants
/// share their family's category).
pub fn category_of(id: &str) -> Category {
    let id = id.trim_end_matches('+');
    if PERMISSIVE.iter().any(|p| p.eq_ignore_ascii_case(id)) {
        return Category::Permissive;
    }
    let starts = |families: &[&str]| {
        families
            .iter()
            .any(|f| id.len() > f.len() && id[..f.len()].eq_ignore_ascii_case(f))
    };
    if starts(NETWORK) {
        Category::NetworkCopyleft
    } else if starts(WEAK) {
        Category::WeakCopyleft
    } else if starts(STRONG) {
        Category::Copyleft
    } else {
        Category::Unknown
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    Open,
    Close,
    And,
    Or,
    With,
    Id(&'a str),
}

fn tokens(expr: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    for word in expr.split_whitespace() {
        let mut rest = word;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('(') {
                out.push(Tok::Open);
                rest = r;
                continue;
            }
            let end = rest.find(['(', ')']).unwrap_or(rest.len());
            let (w, r) = rest.split_at(end);
            if !w.is_empty() {
                out.push(match w {
                    "AND" | "and" => Tok::And,
                    "OR" | "or" => Tok::Or,
                    "WITH" | "with" => Tok::With,
                    id => Tok::Id(id),
                });
            }
            rest = r;
            while let Some(r) = rest.strip_prefix(')') {
                out.push(Tok::Close);
                rest = r;
            }
        }
    }
    out
}

/// A parser over tokens: `or := and ("OR" and)*`, `and := atom ("AND" atom)*`,
/// `atom := "(" or ")" | id ("WITH" exception)?`.
struct Parser<'a> {
    toks: Vec<Tok<'a>>,
    pos: usize,
    depth: usize,
}

/// Deepest parenthesis nesting accepted.
const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Tok<'a>> {
        self.toks.get(self.pos)
    }

    fn or(&mut self) -> Result<Category, String> {
        let mut best = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            best = best.min(self.and()?);
        }
        Ok(best)
    }

    fn and(&mut self) -> Result<Category, String> {
        let mut worst = self.atom()?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            worst = worst.max(self.atom()?);
        }
        Ok(worst)
    }

    fn atom(&mut self) -> Result<Category, String> {
        match self.toks.get(self.pos).cloned() {
            Some(Tok::Open) => {
                self.pos += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(format!("parentheses nest deeper than {MAX_DEPTH}"));
                }
                let c = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err("a `(` is not closed".into());
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(c)
            }
            Some(Tok::Id(id)) => {
                self.pos += 1;
                if self.peek() == Some(&Tok::With) {
                    self.pos += 2; // the exception does not change the category
                }
                Ok(category_of(id))
            }
            Some(t) => Err(format!("unexpected {t:?} in the licence expression")),
            None => Err("the licence expression ends too early".into()),
        }
    }
}

/// The category of an SPDX expression; an empty or malformed one is an error.
pub fn classify(expr: &str) -> Result<Category, String> {
    let mut p = Parser {
        toks: tokens(expr),
        pos: 0,
        depth: 0,
    };
    let c = p.or()?;
    match p.peek() {
        None => Ok(c),
        Some(t) => Err(format!("unexpected {t:?} in the licence expression")),
    }
}

/// The licence ids of an expression (exceptions after `WITH` excluded),
/// sorted and without duplicates.
pub fn ids(expr: &str) -> Vec<String> {
    let toks = tokens(expr);
    let mut out: Vec<String> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if let Tok::Id(id) = t {
            if i > 0 && toks[i - 1] == Tok::With {
                continue;
            }
            out.push((*id).to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ids_have_their_family_category() {
        assert_eq!(classify("MIT"), Ok(Category::Permissive));
        assert_eq!(classify("GPL-3.0-or-later"), Ok(Category::Copyleft));
        assert_eq!(classify("LGPL-2.1+"), Ok(Category::WeakCopyleft));
        assert_eq!(classify("AGPL-3.0-only"), Ok(Category::NetworkCopyleft));
        assert_eq!(classify("LicenseRef-acme"), Ok(Category::Unknown));
    }

    #[test]
    fn or_takes_the_least_and_and_the_most_restrictive() {
        assert_eq!(classify("MIT OR GPL-2.0"), Ok(Category::Permissive));
        assert_eq!(classify("MIT AND GPL-2.0"), Ok(Category::Copyleft));
        assert_eq!(
            classify("(MIT OR Apache-2.0) AND MPL-2.0"),
            Ok(Category::WeakCopyleft)
        );
        assert_eq!(
            classify("GPL-2.0 WITH Classpath-exception-2.0"),
            Ok(Category::Copyleft)
        );
    }

    #[test]
    fn malformed_expressions_are_errors() {
        assert!(classify("").is_err());
        assert!(classify("(MIT").is_err());
        assert!(classify("MIT OR").is_err());
        assert!(classify(&"(".repeat(100)).is_err());
    }

    #[test]
    fn ids_skip_exceptions() {
        assert_eq!(
            ids("(MIT OR Apache-2.0) AND GPL-2.0 WITH Classpath-exception-2.0 AND MIT"),
            ["Apache-2.0", "GPL-2.0", "MIT"]
        );
    }
}
