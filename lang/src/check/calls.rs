//! Checking calls: the callee exists, the arity is right, builtin arguments
//! have the right types, and literal patterns compile.

use super::ctx::suggest;
use super::exprs::Walker;
use super::ops::{a, arg_fits};
use crate::ast::{Expr, ExprKind, Item, QualName, Span};
use crate::diag::Code;
use crate::model::Callee;
use crate::types::{PluginStatus, Signature, Ty};

/// `lower(string) -> string`, `get(any, string[, any]) -> any`.
pub(crate) fn signature_text(sig: &Signature) -> String {
    let mut out = format!("{}(", sig.name);
    for (i, t) in sig.params.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        if i == sig.required {
            out.push('[');
        }
        out.push_str(sep);
        out.push_str(&t.to_string());
    }
    if sig.required < sig.params.len() {
        out.push(']');
    }
    if let Some(v) = sig.variadic {
        let sep = if sig.params.is_empty() { "" } else { ", " };
        out.push_str(&format!("{sep}{v}…"));
    }
    out.push_str(&format!(") -> {}", sig.ret));
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Walker<'_, '_> {
    /// Check a call and give the type of its result.
    pub fn call(&mut self, span: Span, callee: &QualName, args: &[Expr]) -> Ty {
        let arg_tys: Vec<Ty> = args.iter().map(|x| self.expr(x)).collect();
        let globals = self.cx.globals;
        let catalog = self.cx.catalog;
        match globals.resolve_call(self.file, callee, catalog) {
            Some(Callee::User(r)) => {
                let item = self.cx.files.get(r.file).and_then(|f| f.items.get(r.item));
                if let Some(Item::Function(f)) = item {
                    if f.params.len() != args.len() {
                        let names: Vec<&str> = f.params.iter().map(|p| &*p.name).collect();
                        let d = self
                            .cx
                            .diag(
                                Code::Arity,
                                self.file,
                                span,
                                format!(
                                    "`{}` takes {}, found {}",
                                    callee.dotted(),
                                    plural(f.params.len(), "argument"),
                                    args.len()
                                ),
                            )
                            .label(format!("called with {}", plural(args.len(), "argument")))
                            .help(format!(
                                "it is defined as `fn {}({})`",
                                f.name.name,
                                names.join(", ")
                            ));
                        self.cx.push(self.file, d);
                    }
                }
                Ty::Any
            }
            Some(Callee::Builtin(name)) => match catalog.signature(name) {
                Some(sig) => self.builtin(span, sig, args, &arg_tys),
                None => Ty::Any,
            },
            Some(Callee::Plugin { file, plugin }) => {
                self.plugin_call(span, callee, file, plugin, args.len());
                Ty::Any
            }
            None => {
                self.unknown_function(callee);
                Ty::Any
            }
        }
    }

    /// A call of a plugin function: the plugin exports it, with that arity.
    fn plugin_call(&mut self, span: Span, callee: &QualName, file: usize, plugin: usize, n: usize) {
        let Some(decl) = self.cx.files.get(file).and_then(|f| f.plugins.get(plugin)) else {
            return;
        };
        let PluginStatus::Loaded(functions) = self.cx.catalog.plugin(file, plugin, decl) else {
            return;
        };
        let (Some(alias), Some(f)) = (callee.parts.first(), callee.parts.last()) else {
            return;
        };
        let d = match functions.iter().find(|p| p.name == *f.name) {
            Some(func) => match func.arity {
                Some(want) if want != n => self
                    .cx
                    .diag(
                        Code::Arity,
                        self.file,
                        span,
                        format!(
                            "`{}` takes {}, found {n}",
                            callee.dotted(),
                            plural(want, "argument")
                        ),
                    )
                    .label(format!("called with {}", plural(n, "argument")))
                    .help(format!(
                        "plugin `{}` declares `{}` with {}",
                        alias.name,
                        f.name,
                        plural(want, "argument")
                    )),
                _ => return,
            },
            None => {
                let names: Vec<&str> = functions.iter().map(|p| p.name.as_str()).collect();
                let listed = if names.is_empty() {
                    "it exports no functions".to_string()
                } else {
                    format!(
                        "it exports {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                self.cx
                    .diag(
                        Code::UnknownFunction,
                        self.file,
                        f.span,
                        format!("plugin `{}` has no function `{}`", alias.name, f.name),
                    )
                    .label("not exported by the plugin")
                    .help(suggest(&f.name, names.iter().copied(), listed))
            }
        };
        self.cx.push(self.file, d);
    }

    fn builtin(&mut self, span: Span, sig: &Signature, args: &[Expr], tys: &[Ty]) -> Ty {
        if !sig.accepts_arity(args.len()) {
            let d = self
                .cx
                .diag(
                    Code::Arity,
                    self.file,
                    span,
                    format!(
                        "`{}` takes {} argument{}, found {}",
                        sig.name,
                        sig.arity_text(),
                        if sig.arity_text() == "1" { "" } else { "s" },
                        args.len()
                    ),
                )
                .label(format!("called with {}", plural(args.len(), "argument")))
                .help(format!("its signature is `{}`", signature_text(sig)));
            self.cx.push(self.file, d);
        }
        for (i, (arg, &t)) in args.iter().zip(tys).enumerate() {
            let want = sig.param_ty(i);
            if !arg_fits(t, want) {
                let d = self
                    .cx
                    .diag(
                        Code::TypeMismatch,
                        self.file,
                        arg.span,
                        format!(
                            "argument {} of `{}` must be {}, found {}",
                            i + 1,
                            sig.name,
                            a(want),
                            a(t)
                        ),
                    )
                    .label(format!("this is {}", a(t)))
                    .help(format!("its signature is `{}`", signature_text(sig)));
                self.cx.push(self.file, d);
            }
        }
        if let Some(arg) = sig.literal_pattern.and_then(|i| args.get(i)) {
            self.pattern(sig.name, arg);
        }
        sig.ret
    }

    /// A pattern argument must be a string literal that compiles.
    fn pattern(&mut self, name: &str, arg: &Expr) {
        let d = match &arg.kind {
            ExprKind::Str(p) => match self.cx.catalog.validate_pattern(name, p) {
                Ok(()) => return,
                Err(e) => self
                    .cx
                    .diag(Code::BadPattern, self.file, arg.span, format!("invalid pattern for `{name}`"))
                    .label("does not compile")
                    .help(e),
            },
            _ => self
                .cx
                .diag(
                    Code::BadPattern,
                    self.file,
                    arg.span,
                    format!("the pattern of `{name}` must be a string literal"),
                )
                .label("not a string literal")
                .help("patterns are compiled when the policy is loaded: write the pattern itself as a \"…\" string"),
        };
        self.cx.push(self.file, d);
    }

    fn unknown_function(&mut self, callee: &QualName) {
        let name = callee.dotted();
        let globals = self.cx.globals;
        let imports = &self.cx.files[self.file].imports;
        let d = match callee.parts.as_slice() {
            [f] => {
                if self.cx.is_broken_fn(self.file, &f.name) {
                    return;
                }
                let visible = globals.visible_functions(self.file, self.cx.catalog);
                self.cx
                    .diag(Code::UnknownFunction, self.file, callee.span, format!("unknown function `{name}`"))
                    .label("not defined")
                    .help(suggest(
                        &name,
                        visible.iter().map(String::as_str),
                        format!("define it with `fn {name}(…) = …`, or import the package that defines it"),
                    ))
            }
            [alias, f] => {
                let resolved = globals
                    .file_imports
                    .get(self.file)
                    .and_then(|m| m.get(&alias.name));
                match resolved {
                    Some(pkg) => {
                        let fns: Vec<&str> = globals
                            .packages
                            .get(pkg)
                            .map(|p| p.functions.keys().map(|k| &**k).collect())
                            .unwrap_or_default();
                        self.cx
                            .diag(
                                Code::UnknownFunction,
                                self.file,
                                f.span,
                                format!("package `{pkg}` has no function `{}`", f.name),
                            )
                            .label("not defined there")
                            .help(suggest(
                                &f.name,
                                fns,
                                format!("define `fn {}` in package `{pkg}`", f.name),
                            ))
                    }
                    // The import itself is reported as unresolved.
                    None if imports.iter().any(|i| i.local_name().name == alias.name) => return,
                    None => {
                        let plugins = &self.cx.files[self.file].plugins;
                        let aliases: Vec<&str> = imports
                            .iter()
                            .map(|i| &*i.local_name().name)
                            .chain(plugins.iter().map(|p| &*p.name.name))
                            .collect();
                        self.cx
                            .diag(
                                Code::UnknownFunction,
                                self.file,
                                alias.span,
                                format!(
                                    "unknown function `{name}`: `{}` is not an imported package or a plugin",
                                    alias.name
                                ),
                            )
                            .label("not an imported package or a plugin")
                            .help(suggest(
                                &alias.name,
                                aliases,
                                format!(
                                    "add `import <package> as {}` to call its functions",
                                    alias.name
                                ),
                            ))
                    }
                }
            }
            _ => self
                .cx
                .diag(
                    Code::UnknownFunction,
                    self.file,
                    callee.span,
                    format!("unknown function `{name}`"),
                )
                .label("not defined")
                .help("call a function of an imported package as `alias.f(…)`"),
        };
        self.cx.push(self.file, d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_read_like_calls() {
        let get = Signature {
            name: "get",
            params: &[Ty::Any, Ty::String, Ty::Any],
            required: 2,
            variadic: None,
            ret: Ty::Any,
            literal_pattern: None,
        };
        assert_eq!(signature_text(&get), "get(any, string[, any]) -> any");
        let max = Signature {
            name: "max",
            params: &[],
            required: 0,
            variadic: Some(Ty::Number),
            ret: Ty::Number,
            literal_pattern: None,
        };
        assert_eq!(signature_text(&max), "max(number…) -> number");
    }
}
