//! Package-level declarations: params and functions (duplicates, defaults,
//! bodies) and params nobody uses.

use super::consts::{first_non_constant, fits_decl};
use super::ctx::Ctx;
use super::exprs::{LocalKind, Walker};
use crate::ast::{Function, Ident, Item, Param, Span};
use crate::diag::Code;
use crate::model::{FileId, ItemRef};
use crate::types::Ty;
use foldhash::{HashMap, HashMapExt};

/// Check package params and functions of every file.
pub(crate) fn check(cx: &mut Ctx<'_>) {
    // (package, kind, name) → first definition.
    let mut seen: HashMap<(String, &str, String), (FileId, Span)> = HashMap::new();
    let files = cx.files;
    for (fid, file) in files.iter().enumerate() {
        let pkg = cx.package(fid).to_string();
        for item in &file.items {
            let (kind, id) = match item {
                Item::Param(p) => ("param", &p.name),
                Item::Function(f) => ("function", &f.name),
                _ => continue,
            };
            let key = (pkg.clone(), kind, id.name.to_string());
            match seen.get(&key) {
                Some(&(ffile, fspan)) => duplicate(cx, fid, id, kind, &pkg, ffile, fspan),
                None => {
                    seen.insert(key, (fid, id.span));
                }
            }
            match item {
                Item::Param(p) => param_default(cx, fid, p),
                Item::Function(f) => function(cx, fid, f),
                _ => {}
            }
        }
    }
}

fn duplicate(
    cx: &mut Ctx<'_>,
    fid: FileId,
    id: &Ident,
    kind: &str,
    pkg: &str,
    first_file: FileId,
    first: Span,
) {
    let mut d = cx
        .diag(
            Code::DuplicateName,
            fid,
            id.span,
            format!("{kind} `{}` is defined twice in package `{pkg}`", id.name),
        )
        .label("defined again here");
    if first_file == fid {
        d = d
            .also(first, "first defined here")
            .help("rename or remove one of them");
    } else {
        d = d.help(format!(
            "the first definition is at {}; the files of a package share their {kind}s",
            cx.location(first_file, first.start)
        ));
    }
    cx.push(fid, d);
}

/// A param default must be a constant of the declared type.
pub(crate) fn param_default(cx: &mut Ctx<'_>, fid: FileId, p: &Param) {
    let Some(default) = &p.default else { return };
    if let Some(bad) = first_non_constant(default) {
        let d = cx
            .diag(Code::NotConstant, fid, bad.span, format!("the default of param `{}` is not a constant", p.name.name))
            .label("not a constant")
            .help("a default is a literal: a number, string, `true`, `false`, `null`, or a list or object of those");
        cx.push(fid, d);
        return;
    }
    if let Err((span, found)) = fits_decl(default, &p.ty) {
        let d = cx
            .diag(
                Code::ParamType,
                fid,
                span,
                format!(
                    "the default of param `{}` is not of its type `{}`",
                    p.name.name, p.ty
                ),
            )
            .label(format!("this is {found}"))
            .also(p.ty_span, "declared type")
            .help(format!(
                "give a default of type `{}`, or change the declared type",
                p.ty
            ));
        cx.push(fid, d);
    }
}

fn function(cx: &mut Ctx<'_>, fid: FileId, f: &Function) {
    let mut w = Walker::new(cx, fid);
    w.push();
    for a in &f.params {
        w.bind(a, Ty::Any, LocalKind::Arg);
    }
    for l in &f.lets {
        let t = w.expr(&l.value);
        w.bind(&l.name, t, LocalKind::Let);
    }
    w.expr(&f.body);
    w.pop();
}

/// Warn about package params that no rule or function of the package uses.
pub(crate) fn unused_params(cx: &mut Ctx<'_>) {
    let globals = cx.globals;
    let mut found = Vec::new();
    for (name, info) in &globals.packages {
        if cx.package_has_parse_errors(name) {
            continue;
        }
        for (pname, r) in &info.params {
            if pname.starts_with('_') || cx.used_params.contains(r) {
                continue;
            }
            if let Some(Item::Param(p)) = cx.files.get(r.file).and_then(|f| f.items.get(r.item)) {
                found.push((*r, p.name.span, pname.clone(), name.clone()));
            }
        }
    }
    for (ItemRef { file, .. }, span, pname, pkg) in found {
        let d = cx
            .diag(
                Code::UnusedParam,
                file,
                span,
                format!("param `{pname}` is never used"),
            )
            .label("no rule or function of the package uses it")
            .help(format!(
                "remove it, or name it `_{pname}` to keep it unused on purpose (package `{pkg}`)"
            ));
        cx.push(file, d);
    }
}
