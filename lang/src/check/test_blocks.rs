//! `test` blocks: expectations name real rules and statuses, and the input,
//! params and context are constants (params of the right names and types).

use super::consts::{first_non_constant, fits_decl};
use super::ctx::{suggest, Ctx};
use super::exprs::Walker;
use crate::ast::{Expr, ExprKind, Item, RuleStmt, Span, Test, TypeExpr};
use crate::diag::Code;
use crate::model::FileId;
use std::collections::{BTreeMap, HashMap};

/// The statuses an `expect` may name.
const STATUSES: [&str; 4] = ["pass", "fail", "skip", "error"];

/// Param override keys (`pkg.name`, `rule-id.name`, bare `name`) → the
/// declared types of the params they set.
#[derive(Default)]
struct ParamKeys<'a> {
    keys: BTreeMap<String, Vec<&'a TypeExpr>>,
}

impl<'a> ParamKeys<'a> {
    fn build(cx: &Ctx<'a>) -> ParamKeys<'a> {
        let mut pk = ParamKeys::default();
        for (fid, file) in cx.files.iter().enumerate() {
            let pkg = cx.package(fid);
            for item in &file.items {
                match item {
                    Item::Param(p) => pk.add(pkg, &p.name.name, &p.ty),
                    Item::Rule(r) => {
                        for s in &r.body {
                            if let RuleStmt::Param(p) = s {
                                pk.add(&r.id.name, &p.name.name, &p.ty);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        pk
    }

    fn add(&mut self, owner: &str, name: &str, ty: &'a TypeExpr) {
        self.keys
            .entry(format!("{owner}.{name}"))
            .or_default()
            .push(ty);
        self.keys.entry(name.to_string()).or_default().push(ty);
    }
}

/// Check every test block.
pub(crate) fn check(cx: &mut Ctx<'_>) {
    let files = cx.files;
    let has_tests = files
        .iter()
        .any(|f| f.items.iter().any(|i| matches!(i, Item::Test(_))));
    if !has_tests {
        return;
    }
    let rule_ids: Vec<&str> = files
        .iter()
        .flat_map(|f| f.items.iter())
        .filter_map(|i| match i {
            Item::Rule(r) => Some(&*r.id.name),
            _ => None,
        })
        .collect();
    let keys = ParamKeys::build(cx);
    for (fid, file) in files.iter().enumerate() {
        let mut names: HashMap<&str, Span> = HashMap::new();
        for item in &file.items {
            let Item::Test(t) = item else { continue };
            if let Some(first) = names.get(t.name.value.as_str()) {
                let d = cx
                    .diag(
                        Code::DuplicateName,
                        fid,
                        t.name.span,
                        format!("two tests are named \"{}\"", t.name.value),
                    )
                    .label("second test with this name")
                    .also(*first, "first test with this name")
                    .help("give each test of a file its own name");
                cx.push(fid, d);
            } else {
                names.insert(&t.name.value, t.name.span);
            }
            test(cx, fid, t, &rule_ids, &keys);
        }
    }
}

fn test(cx: &mut Ctx<'_>, fid: FileId, t: &Test, rule_ids: &[&str], keys: &ParamKeys<'_>) {
    if t.expects.is_empty() {
        let d = cx
            .diag(Code::EmptyTest, fid, t.name.span, format!("test \"{}\" expects nothing", t.name.value))
            .label("no `expect` in this test")
            .help("add `expect <rule-id> pass` (or `fail`, `skip`, `error`) for the rules it is about");
        cx.push(fid, d);
    }
    for (what, section) in [
        ("input", &t.input),
        ("params", &t.params),
        ("context", &t.context),
    ] {
        let Some(e) = section else { continue };
        if let Some(bad) = first_non_constant(e) {
            let d = cx
                .diag(Code::NotConstant, fid, bad.span, format!("test {what} must be a constant"))
                .label("not a constant")
                .help("test data is written as literals: numbers, strings, `true`, `false`, `null`, lists and objects");
            cx.push(fid, d);
            continue;
        }
        Walker::new(cx, fid).expr(e);
        if what == "params" {
            overrides(cx, fid, e, keys);
        }
    }
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for x in &t.expects {
        let id = &*x.rule.name;
        if !rule_ids.contains(&id) && !cx.is_broken_rule(id) {
            let d = cx
                .diag(
                    Code::UnknownRule,
                    fid,
                    x.rule.span,
                    format!("no rule has the id `{id}`"),
                )
                .label("unknown rule")
                .help(suggest(
                    id,
                    rule_ids.iter().copied(),
                    "expect a rule defined in the files loaded together with this test",
                ));
            cx.push(fid, d);
        }
        let status = &*x.status.name;
        if !STATUSES.contains(&status) {
            let lower = status.to_lowercase();
            let help = if STATUSES.contains(&lower.as_str()) {
                format!("did you mean `{lower}`?")
            } else {
                suggest(
                    status,
                    STATUSES,
                    "the statuses are `pass`, `fail`, `skip` and `error`",
                )
            };
            let d = cx
                .diag(
                    Code::InvalidStatus,
                    fid,
                    x.status.span,
                    format!("`{status}` is not a rule status"),
                )
                .label("unknown status")
                .help(help);
            cx.push(fid, d);
        }
        if let Some(first) = seen.get(id) {
            let d = cx
                .diag(
                    Code::DuplicateName,
                    fid,
                    x.rule.span,
                    format!("rule `{id}` is expected twice in this test"),
                )
                .label("expected again here")
                .also(*first, "first expectation")
                .help("keep one `expect` per rule in a test");
            cx.push(fid, d);
        } else {
            seen.insert(id, x.rule.span);
        }
    }
}

/// Each key of `params { … }` sets a param that exists, with a value of its type.
fn overrides(cx: &mut Ctx<'_>, fid: FileId, e: &Expr, keys: &ParamKeys<'_>) {
    let ExprKind::Object(entries) = &e.kind else {
        return;
    };
    for (k, v) in entries {
        let Some(targets) = keys.keys.get(&k.value) else {
            let d = cx
                .diag(
                    Code::UnknownName,
                    fid,
                    k.span,
                    format!("`{}` matches no param", k.value),
                )
                .label("no such param")
                .help(suggest(
                    &k.value,
                    keys.keys.keys().map(String::as_str),
                    "keys are `<package>.<name>`, `<rule-id>.<name>` or a bare param `<name>`",
                ));
            cx.push(fid, d);
            continue;
        };
        for ty in targets {
            if let Err((span, found)) = fits_decl(v, ty) {
                let d = cx
                    .diag(
                        Code::ParamType,
                        fid,
                        span,
                        format!("param `{}` is of type `{ty}`", k.value),
                    )
                    .label(format!("this is {found}"))
                    .help(format!("give a value of type `{ty}`"));
                cx.push(fid, d);
                break;
            }
        }
    }
}
