//! pest pairs → AST declarations.

use super::strings::unescape;
use super::Rule;
use crate::ast::*;
use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;
use foldhash::{HashSet, HashSetExt};
use pest::iterators::Pair;
use std::cell::RefCell;
use std::sync::Arc;

pub(crate) type P<'i> = Pair<'i, Rule>;

/// Builds AST nodes from pairs of one chunk; `base` is the chunk's offset.
pub(crate) struct Builder<'s> {
    pub source: &'s SourceFile,
    pub base: usize,
    /// One shared copy of each name (`input`, `count`, a loop variable…):
    /// names repeat on every line, and a shared copy is one allocation.
    names: RefCell<HashSet<Arc<str>>>,
    /// Where each string literal and each run of message text is: a `#`
    /// there is text, anywhere else it starts a comment (`comments.rs`).
    literals: RefCell<Vec<(usize, usize)>>,
}

fn is_keyword(r: Rule) -> bool {
    matches!(
        r,
        Rule::kw_package
            | Rule::kw_import
            | Rule::kw_as
            | Rule::kw_plugin
            | Rule::kw_param
            | Rule::kw_fn
            | Rule::kw_rule
            | Rule::kw_test
            | Rule::kw_let
            | Rule::kw_when
            | Rule::kw_require
            | Rule::kw_else
            | Rule::kw_if
            | Rule::kw_then
            | Rule::kw_in
            | Rule::kw_for
            | Rule::kw_input
            | Rule::kw_params
            | Rule::kw_context
            | Rule::kw_expect
            | Rule::kw_with
            | Rule::EOI
    )
}

/// Children of a pair without keyword tokens.
pub(crate) fn kids<'i>(p: P<'i>) -> impl Iterator<Item = P<'i>> {
    p.into_inner().filter(|c| !is_keyword(c.as_rule()))
}

impl<'s> Builder<'s> {
    pub fn new(source: &'s SourceFile, base: usize) -> Self {
        Builder {
            source,
            base,
            names: RefCell::new(HashSet::new()),
            literals: RefCell::new(Vec::new()),
        }
    }

    /// The literal spans seen while building, in source order.
    pub fn into_literals(self) -> Vec<(usize, usize)> {
        let mut spans = self.literals.into_inner();
        spans.sort_unstable();
        spans
    }

    pub fn span(&self, p: &P<'_>) -> Span {
        let s = p.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    /// A name, sharing its text with the same name elsewhere in the file.
    pub fn ident(&self, p: P<'_>) -> Ident {
        let text = p.as_str();
        let mut names = self.names.borrow_mut();
        let name = match names.get(text) {
            Some(n) => n.clone(),
            None => {
                let n: Arc<str> = Arc::from(text);
                names.insert(n.clone());
                n
            }
        };
        Ident {
            name,
            span: self.span(&p),
        }
    }

    /// A name that occurs once (a rule id): not worth sharing.
    fn unique_ident(&self, p: P<'_>) -> Ident {
        Ident {
            name: Arc::from(p.as_str()),
            span: self.span(&p),
        }
    }

    pub fn err(&self, code: Code, span: Span, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, self.source, span, msg)
    }

    pub fn file(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> File {
        let mut file = File {
            package: None,
            imports: Vec::new(),
            plugins: Vec::new(),
            items: Vec::new(),
            comments: Vec::new(),
        };
        for c in kids(p) {
            self.decl(c, &mut file, diags);
        }
        file
    }

    pub fn chunk(&self, p: P<'_>, file: &mut File, diags: &mut Vec<Diagnostic>) {
        for c in kids(p) {
            self.decl(c, file, diags);
        }
    }

    fn decl(&self, c: P<'_>, file: &mut File, diags: &mut Vec<Diagnostic>) {
        match c.as_rule() {
            Rule::package_decl => {
                let span = self.span(&c);
                let q = self.qual(kids(c).next());
                if let Some(prev) = &file.package {
                    diags.push(
                        self.err(Code::Syntax, span, "a file declares its package once")
                            .label("second `package`")
                            .also(prev.span, "first declared here")
                            .help("remove one of the `package` lines"),
                    );
                } else if let Some(q) = q {
                    file.package = Some(q);
                }
            }
            Rule::import_decl => {
                let span = self.span(&c);
                let mut it = kids(c);
                if let Some(path) = self.qual(it.next()) {
                    let alias = it.next().map(|a| self.ident(a));
                    file.imports.push(Import { path, alias, span });
                }
            }
            Rule::plugin_decl => {
                let span = self.span(&c);
                let mut it = kids(c);
                if let (Some(name), Some(path)) = (it.next(), it.next()) {
                    let name = self.ident(name);
                    let path = self.str_lit(path, diags);
                    file.plugins.push(PluginDecl { name, path, span });
                }
            }
            Rule::param_decl => file.items.push(Item::Param(self.param(c, diags))),
            Rule::fn_decl => file.items.push(Item::Function(self.function(c, diags))),
            Rule::rule_decl => file.items.push(Item::Rule(self.rule(c, diags))),
            Rule::test_decl => file.items.push(Item::Test(self.test(c, diags))),
            _ => {}
        }
    }

    fn qual(&self, p: Option<P<'_>>) -> Option<QualName> {
        let p = p?;
        let span = self.span(&p);
        let parts = p.into_inner().map(|i| self.ident(i)).collect();
        Some(QualName { parts, span })
    }

    pub fn param(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Param {
        let span = self.span(&p);
        let mut it = kids(p);
        let name = self.ident(it.next().expect("grammar: param name"));
        let ty_pair = it.next().expect("grammar: param type");
        let ty_span = self.span(&ty_pair);
        let ty = self.type_expr(ty_pair);
        let default = it.next().map(|e| self.expr(e, diags));
        Param {
            name,
            ty,
            ty_span,
            default,
            span,
        }
    }

    fn type_expr(&self, p: P<'_>) -> TypeExpr {
        let Some(inner) = p.into_inner().next() else {
            return TypeExpr::Any;
        };
        match inner.as_rule() {
            Rule::type_list => {
                let elem = inner
                    .into_inner()
                    .next()
                    .map(|t| Box::new(self.type_expr(t)));
                TypeExpr::List(elem)
            }
            _ => match inner.as_str() {
                "bool" => TypeExpr::Bool,
                "int" => TypeExpr::Int,
                "float" => TypeExpr::Float,
                "number" => TypeExpr::Number,
                "string" => TypeExpr::String,
                "object" => TypeExpr::Object,
                "list" => TypeExpr::List(None),
                _ => TypeExpr::Any,
            },
        }
    }

    fn function(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Function {
        let span = self.span(&p);
        let mut it = kids(p);
        let name = self.ident(it.next().expect("grammar: fn name"));
        let params = it
            .next()
            .map(|ps| ps.into_inner().map(|i| self.ident(i)).collect())
            .unwrap_or_default();
        let body_pair = it.next().expect("grammar: fn body");
        let mut lets = Vec::new();
        let body = match body_pair.as_rule() {
            Rule::fn_block_body => {
                let mut last = None;
                for c in body_pair.into_inner() {
                    match c.as_rule() {
                        Rule::let_stmt => lets.push(self.let_stmt(c, diags)),
                        _ => last = Some(self.expr(c, diags)),
                    }
                }
                last.unwrap_or(Expr {
                    kind: ExprKind::Null,
                    span,
                })
            }
            _ => {
                let e = body_pair
                    .into_inner()
                    .next()
                    .expect("grammar: fn expr body");
                self.expr(e, diags)
            }
        };
        Function {
            name,
            params,
            lets,
            body,
            span,
        }
    }

    fn let_stmt(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Let {
        let span = self.span(&p);
        let mut it = kids(p);
        let name = self.ident(it.next().expect("grammar: let name"));
        let value = self.expr(it.next().expect("grammar: let value"), diags);
        Let { name, value, span }
    }

    fn rule(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Rule_ {
        let span = self.span(&p);
        let mut it = kids(p);
        let id = self.unique_ident(it.next().expect("grammar: rule id"));
        let mut body = Vec::new();
        for s in it {
            let st = match s.as_rule() {
                Rule::meta_stmt => RuleStmt::Meta(self.meta(s, diags)),
                Rule::param_decl => RuleStmt::Param(self.param(s, diags)),
                Rule::let_stmt => RuleStmt::Let(self.let_stmt(s, diags)),
                Rule::when_stmt => RuleStmt::When(self.condition(s, diags)),
                Rule::require_stmt => RuleStmt::Require(self.condition(s, diags)),
                _ => continue,
            };
            body.push(st);
        }
        Rule_ { id, body, span }
    }

    fn meta(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Meta {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let key = match it.next().map(|k| k.as_str().to_string()).as_deref() {
            Some("title") => MetaKey::Title,
            Some("description") => MetaKey::Description,
            Some("phase") => MetaKey::Phase,
            Some("severity") => MetaKey::Severity,
            Some("tags") => MetaKey::Tags,
            Some("references") => MetaKey::References,
            _ => MetaKey::Remediation,
        };
        let v = it.next().expect("grammar: meta value");
        let value = match v.as_rule() {
            Rule::string => MetaValue::Str(self.str_lit(v, diags)),
            Rule::str_list => {
                MetaValue::List(v.into_inner().map(|s| self.str_lit(s, diags)).collect())
            }
            _ => MetaValue::Word(self.ident(v)),
        };
        Meta { key, value, span }
    }

    fn condition(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Condition {
        let span = self.span(&p);
        let mut it = kids(p);
        let cond = self.expr(it.next().expect("grammar: condition"), diags);
        let message = it.next().map(|t| self.template(t, diags));
        Condition {
            cond,
            message,
            span,
        }
    }

    pub fn str_lit(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> StrLit {
        let span = self.span(&p);
        self.literals.borrow_mut().push((span.start, span.end));
        let inner = p.into_inner().next();
        let raw = inner.as_ref().map(|i| i.as_str()).unwrap_or("");
        let value = match unescape(raw) {
            Ok(v) => v,
            Err((off, seq)) => {
                let at = span.start + 1 + off;
                diags.push(self.bad_escape(at, &seq));
                raw.to_string()
            }
        };
        StrLit { value, span }
    }

    fn bad_escape(&self, at: usize, seq: &str) -> Diagnostic {
        self.err(Code::BadEscape, Span::new(at, at + seq.len()), format!("unknown escape sequence `{seq}` in a string"))
            .label("not a valid escape")
            .help("valid escapes are \\\" \\\\ \\n \\t \\r \\{ \\} and \\u{hex}; write \\\\ for a backslash")
    }

    pub fn template(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Template {
        let span = self.span(&p);
        let mut parts = Vec::new();
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::tmpl_text => {
                    let pspan = self.span(&part);
                    self.literals.borrow_mut().push((pspan.start, pspan.end));
                    match unescape(part.as_str()) {
                        Ok(t) => parts.push(TemplatePart::Text(t)),
                        Err((off, seq)) => {
                            diags.push(self.bad_escape(pspan.start + off, &seq));
                            parts.push(TemplatePart::Text(part.as_str().to_string()));
                        }
                    }
                }
                Rule::tmpl_hole => {
                    if let Some(e) = part.into_inner().next() {
                        parts.push(TemplatePart::Expr(self.expr(e, diags)));
                    }
                }
                _ => {}
            }
        }
        Template { parts, span }
    }

    fn test(&self, p: P<'_>, diags: &mut Vec<Diagnostic>) -> Test {
        let span = self.span(&p);
        let mut it = kids(p);
        let name = self.str_lit(it.next().expect("grammar: test name"), diags);
        let mut t = Test {
            name,
            input: None,
            params: None,
            context: None,
            expects: Vec::new(),
            span,
        };
        for s in it {
            let sspan = self.span(&s);
            let rule = s.as_rule();
            let mut inner = kids(s);
            match rule {
                Rule::test_input | Rule::test_params | Rule::test_context => {
                    let e = self.expr(inner.next().expect("grammar: test value"), diags);
                    let slot = match rule {
                        Rule::test_input => &mut t.input,
                        Rule::test_params => &mut t.params,
                        _ => &mut t.context,
                    };
                    if slot.is_some() {
                        diags.push(
                            self.err(Code::Syntax, sspan, "this test already has this section")
                                .label("given twice")
                                .help("merge the two into one"),
                        );
                    }
                    *slot = Some(e);
                }
                Rule::expect_stmt => {
                    let rule = self.ident(inner.next().expect("grammar: expect rule"));
                    let status = self.ident(inner.next().expect("grammar: expect status"));
                    let message = inner.next().map(|m| self.str_lit(m, diags));
                    t.expects.push(Expect {
                        rule,
                        status,
                        message,
                        span: sspan,
                    });
                }
                _ => {}
            }
        }
        t
    }
}

type Rule_ = crate::ast::Rule;
