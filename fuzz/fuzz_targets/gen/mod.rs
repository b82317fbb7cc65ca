//! The generator of `eval_policy`: a tiny syntax tree that `arbitrary`
//! fills in, printed as a `.gate` file with bounded depth. Names resolve
//! against what is in scope, so most generated policies compile.

use arbitrary::Arbitrary;
use phasegate_lang::types::Catalog;
use serde_json::{json, Map, Value as Json};

/// Field names shared by documents and paths, so rules see the data.
const KEYS: &[&str] = &["a", "b", "items", "level", "state", "n", "name", "tags"];
/// Short strings, including ones that matter to builtins.
const STRS: &[&str] = &[
    "",
    "a",
    "high",
    "critical",
    "approved",
    "1.2.3",
    ">=1.0",
    "7d",
    "2026-01-01T00:00:00Z",
    "NaN",
    "inf",
    "-1e309",
    "1e308",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
    "{x}",
    "x.y.z",
];
/// Literal pattern arguments (regexes and globs), some pathological.
const PATTERNS: &[&str] = &[
    "(a+)+$",
    "^(a|aa)+$",
    "(.*)*b",
    "a{1000}",
    "**/*.rs",
    "[",
    "x",
];
const MAX_DEPTH: u8 = 6;

/// A JSON document.
#[derive(Arbitrary, Debug)]
pub enum Doc {
    Null,
    Bool(bool),
    Int(i64),
    Small(i8),
    Float(f64),
    Str(u8),
    Text(String),
    List(Vec<Doc>),
    Obj(Vec<(u8, Doc)>),
}

impl Doc {
    /// The document as JSON (non-finite floats become null, as JSON has none).
    pub fn to_json(&self) -> Json {
        self.json_at(0)
    }

    fn json_at(&self, depth: u8) -> Json {
        if depth > MAX_DEPTH {
            return Json::Null;
        }
        match self {
            Doc::Null => Json::Null,
            Doc::Bool(b) => json!(b),
            Doc::Int(i) => json!(i),
            Doc::Small(i) => json!(i),
            Doc::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Doc::Str(i) => json!(pick(STRS, *i)),
            Doc::Text(s) => json!(s),
            Doc::List(xs) => Json::Array(xs.iter().map(|x| x.json_at(depth + 1)).collect()),
            Doc::Obj(kvs) => {
                let mut m = Map::new();
                for (k, v) in kvs {
                    m.insert(pick(KEYS, *k).to_string(), v.json_at(depth + 1));
                }
                Json::Object(m)
            }
        }
    }
}

/// An expression.
#[derive(Arbitrary, Debug)]
pub enum E {
    Null,
    Bool(bool),
    Int(i64),
    Small(i8),
    Float(f64),
    Str(u8),
    Var(u8),
    Input(Vec<u8>),
    Context,
    Field(Box<E>, u8),
    Index(Box<E>, Box<E>),
    Not(Box<E>),
    Neg(Box<E>),
    Bin(u8, Box<E>, Box<E>),
    Builtin(u8, Vec<E>, u8),
    User(u8, Vec<E>),
    List(Vec<E>),
    Obj(Vec<(u8, E)>),
    Quant(u8, Box<E>, Box<E>),
    Filter(Box<E>, Box<E>),
    Map(Box<E>, Box<E>, Option<Box<E>>),
    If(Box<E>, Box<E>, Box<E>),
}

const OPS: &[&str] = &[
    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "in", "not in",
];

fn pick<'a>(xs: &[&'a str], i: u8) -> &'a str {
    xs[i as usize % xs.len()]
}

/// Names in scope while printing.
struct Scope<'a> {
    vars: Vec<String>,
    funcs: usize,
    builtins: &'a [&'static str],
    fresh: usize,
}

impl Scope<'_> {
    fn expr(&mut self, e: &E, depth: u8) -> String {
        if depth > MAX_DEPTH {
            return match self.vars.last() {
                Some(v) => v.clone(),
                None => "input.a".into(),
            };
        }
        let d = depth + 1;
        match e {
            E::Null => "null".into(),
            E::Bool(b) => b.to_string(),
            E::Int(i) if *i < 0 => format!("({i})"),
            E::Int(i) => i.to_string(),
            E::Small(i) if *i < 0 => format!("({i})"),
            E::Small(i) => i.to_string(),
            E::Float(f) if f.is_finite() && *f >= 0.0 => format!("{f:?}"),
            E::Float(_) => "0.5".into(),
            E::Str(i) => string_lit(pick(STRS, *i)),
            E::Var(i) if self.vars.is_empty() => format!("input.{}", pick(KEYS, *i)),
            E::Var(i) => self.vars[*i as usize % self.vars.len()].clone(),
            E::Input(path) => {
                let mut s = "input".to_string();
                for k in path.iter().take(4) {
                    s.push('.');
                    s.push_str(pick(KEYS, *k));
                }
                s
            }
            E::Context => "context".into(),
            E::Field(x, k) => format!("({}).{}", self.expr(x, d), pick(KEYS, *k)),
            E::Index(x, i) => format!("({})[{}]", self.expr(x, d), self.expr(i, d)),
            E::Not(x) => format!("not ({})", self.expr(x, d)),
            E::Neg(x) => format!("-({})", self.expr(x, d)),
            E::Bin(op, a, b) => format!(
                "({}) {} ({})",
                self.expr(a, d),
                pick(OPS, *op),
                self.expr(b, d)
            ),
            E::Builtin(i, args, pat) => self.builtin(*i, args, *pat, d),
            E::User(i, args) if self.funcs > 0 => {
                let f = *i as usize % self.funcs;
                let a = args.first().map_or("null".into(), |x| self.expr(x, d));
                let b = args.get(1).map_or("1".into(), |x| self.expr(x, d));
                format!("f{f}({a}, {b})")
            }
            E::User(..) => "null".into(),
            E::List(xs) => {
                let items: Vec<String> = xs.iter().take(6).map(|x| self.expr(x, d)).collect();
                format!("[{}]", items.join(", "))
            }
            E::Obj(kvs) => {
                let mut seen = Vec::new();
                let mut items = Vec::new();
                for (k, v) in kvs.iter().take(6) {
                    let key = pick(KEYS, *k);
                    if seen.contains(&key) {
                        continue;
                    }
                    seen.push(key);
                    items.push(format!("{key}: {}", self.expr(v, d)));
                }
                format!("{{{}}}", items.join(", "))
            }
            E::Quant(q, xs, body) => {
                let list = self.expr(xs, d);
                let (x, body) = self.bound(body, d);
                let q = ["any", "all", "no"][*q as usize % 3];
                format!("({q} {x} in {list}: {body})")
            }
            E::Filter(xs, cond) => {
                let list = self.expr(xs, d);
                let (x, cond) = self.bound(cond, d);
                format!("[{x} in {list} | {cond}]")
            }
            E::Map(xs, body, cond) => {
                let list = self.expr(xs, d);
                let x = self.push_var();
                let body = self.expr(body, d);
                let cond = cond.as_ref().map(|c| format!(" if {}", self.expr(c, d)));
                self.vars.pop();
                format!("[{body} for {x} in {list}{}]", cond.unwrap_or_default())
            }
            E::If(c, a, b) => format!(
                "(if {} then {} else {})",
                self.expr(c, d),
                self.expr(a, d),
                self.expr(b, d)
            ),
        }
    }

    fn push_var(&mut self) -> String {
        self.fresh += 1;
        let x = format!("x{}", self.fresh);
        self.vars.push(x.clone());
        x
    }

    fn bound(&mut self, body: &E, d: u8) -> (String, String) {
        let x = self.push_var();
        let body = self.expr(body, d);
        self.vars.pop();
        (x, body)
    }

    fn builtin(&mut self, i: u8, args: &[E], pat: u8, d: u8) -> String {
        let name = self.builtins[i as usize % self.builtins.len()];
        let Some(sig) = phasegate_stdlib::registry().signature(name) else {
            return "null".into();
        };
        let n = sig
            .params
            .len()
            .max(sig.required)
            .min(args.len().max(sig.required));
        let mut out = Vec::new();
        for k in 0..n {
            if sig.literal_pattern == Some(k) {
                out.push(string_lit(pick(PATTERNS, pat)));
            } else if let Some(a) = args.get(k) {
                out.push(self.expr(a, d));
            } else {
                out.push("input.a".into());
            }
        }
        format!("{name}({})", out.join(", "))
    }
}

fn string_lit(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A rule.
#[derive(Arbitrary, Debug)]
pub struct Rule {
    lets: Vec<E>,
    when: Option<E>,
    requires: Vec<(E, Option<E>)>,
}

/// A policy: up to three functions `f0(a, b)`… (which may call each other
/// and recurse) and up to three rules.
#[derive(Arbitrary, Debug)]
pub struct Policy {
    funcs: Vec<E>,
    rules: Vec<Rule>,
}

impl Policy {
    /// The `.gate` text.
    pub fn render(&self, builtins: &[&'static str]) -> String {
        let funcs = self.funcs.len().min(3);
        let mut s = Scope {
            vars: Vec::new(),
            funcs,
            builtins,
            fresh: 0,
        };
        let mut out = String::new();
        for (i, body) in self.funcs.iter().take(3).enumerate() {
            s.vars = vec!["a".into(), "b".into()];
            out.push_str(&format!("fn f{i}(a, b) = {}\n", s.expr(body, 0)));
        }
        for (i, rule) in self.rules.iter().take(3).enumerate() {
            s.vars.clear();
            out.push_str(&format!(
                "rule gen.r{i} {{\n  title \"r{i}\"\n  phase build\n  severity high\n"
            ));
            for (j, e) in rule.lets.iter().take(3).enumerate() {
                out.push_str(&format!("  let v{j} = {}\n", s.expr(e, 0)));
                s.vars.push(format!("v{j}"));
            }
            if let Some(w) = &rule.when {
                out.push_str(&format!("  when {}\n", s.expr(w, 0)));
            }
            let mut any = false;
            for (c, msg) in rule.requires.iter().take(3) {
                out.push_str(&format!("  require {}", s.expr(c, 0)));
                if let Some(m) = msg {
                    out.push_str(&format!(" else \"got {{{}}}\"", s.expr(m, 0)));
                }
                out.push('\n');
                any = true;
            }
            if !any {
                out.push_str("  require true\n");
            }
            out.push_str("}\n");
        }
        out
    }
}
