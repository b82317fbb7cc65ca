//! Resolving free names: locals, then `input`, `context` and package params.

use super::ctx::suggest;
use super::exprs::Walker;
use crate::ast::{Ident, Item};
use crate::diag::Code;
use crate::model::Global;
use crate::types::Ty;

impl Walker<'_, '_> {
    /// Resolve a name: locals first, then `input`, `context` and package params.
    pub fn name(&mut self, id: &Ident) -> Ty {
        if let Some(l) = self.scopes.lookup_mut(&id.name) {
            l.used = true;
            return l.ty;
        }
        let globals = self.cx.globals;
        match globals.resolve_name(self.file, &id.name) {
            Some(Global::Input | Global::Context) => Ty::Any,
            Some(Global::Param(r)) => {
                self.cx.used_params.insert(r);
                match self.cx.files.get(r.file).and_then(|f| f.items.get(r.item)) {
                    Some(Item::Param(p)) => Ty::from(&p.ty),
                    _ => Ty::Any,
                }
            }
            None => {
                if !self.cx.is_broken_param(self.file, &id.name) {
                    self.unknown_name(id);
                }
                Ty::Any
            }
        }
    }

    fn unknown_name(&mut self, id: &Ident) {
        let name = &*id.name;
        let globals = self.cx.globals;
        let mut visible: Vec<&str> = self.scopes.names().collect();
        visible.extend(["input", "context"]);
        if let Some(p) = globals.package_of(self.file) {
            visible.extend(p.params.keys().map(|k| &**k));
        }
        let is_fn = globals
            .package_of(self.file)
            .is_some_and(|p| p.functions.contains_key(name))
            || self.cx.catalog.signature(name).is_some();
        let is_pkg = self.cx.files[self.file]
            .imports
            .iter()
            .any(|i| &*i.local_name().name == name);
        let help = if is_fn {
            format!("`{name}` is a function: call it as `{name}(…)`")
        } else if is_pkg {
            format!("`{name}` is an imported package: call its functions as `{name}.f(…)`")
        } else {
            suggest(
                name,
                visible,
                "define it with `let` or `param`, or read evidence through `input.…`",
            )
        };
        let d = self
            .cx
            .diag(
                Code::UnknownName,
                self.file,
                id.span,
                format!("unknown name `{name}`"),
            )
            .label("not defined")
            .help(help);
        self.cx.push(self.file, d);
    }
}
