//! Imports and plugin declarations: unresolved packages, names declared
//! twice, and cycles.

use super::ctx::{suggest, Ctx};
use crate::ast::Span;
use crate::diag::Code;
use crate::model::FileId;
use crate::types::PluginStatus;
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet, VecDeque};

/// Where package `from` imports package `to` (the first such import).
type Edges = IndexMap<String, IndexMap<String, (FileId, Span)>>;

/// Check the imports of every file.
pub(crate) fn check(cx: &mut Ctx<'_>) {
    let globals = cx.globals;
    let mut edges: Edges = IndexMap::new();
    for (fid, file) in cx.files.iter().enumerate() {
        let pkg = cx.package(fid).to_string();
        let mut local: HashMap<&str, Span> = HashMap::new();
        for imp in &file.imports {
            let target = imp.path.dotted();
            let name = imp.local_name();
            if let Some(first) = local.get(&*name.name) {
                let d = cx
                    .diag(
                        Code::DuplicateName,
                        fid,
                        name.span,
                        format!("`{}` is imported twice", name.name),
                    )
                    .label("imported again here")
                    .also(*first, "first imported here")
                    .help("remove one import, or give one of them another name with `as`");
                cx.push(fid, d);
            } else {
                local.insert(&name.name, name.span);
            }
            if !globals.packages.contains_key(&target) {
                let names = globals.packages.keys().map(String::as_str);
                let d = cx
                    .diag(
                        Code::UnresolvedImport,
                        fid,
                        imp.path.span,
                        format!("package `{target}` is not loaded"),
                    )
                    .label("no such package")
                    .help(suggest(
                        &target,
                        names,
                        format!("load the files of package `{target}` together with this one"),
                    ));
                cx.push(fid, d);
                continue;
            }
            edges
                .entry(pkg.clone())
                .or_default()
                .entry(target)
                .or_insert((fid, imp.path.span));
        }
        for (i, plugin) in file.plugins.iter().enumerate() {
            if let PluginStatus::Failed { message, help } = cx.catalog.plugin(fid, i, plugin) {
                let d = cx
                    .diag(
                        Code::PluginLoad,
                        fid,
                        plugin.path.span,
                        format!("cannot load plugin `{}`: {message}", plugin.name.name),
                    )
                    .label("this module")
                    .help(help);
                cx.push(fid, d);
            }
            let name = &plugin.name;
            if let Some(first) = local.get(&*name.name) {
                let d = cx
                    .diag(
                        Code::DuplicateName,
                        fid,
                        name.span,
                        format!(
                            "`{}` is already the name of an import or plugin of this file",
                            name.name
                        ),
                    )
                    .label("declared again here")
                    .also(*first, "first declared here")
                    .help("give the plugin another name: calls use it as `<name>.<function>(…)`");
                cx.push(fid, d);
            } else {
                local.insert(&name.name, name.span);
            }
        }
    }
    for cycle in cycles(&edges) {
        let (Some(from), Some(to)) = (cycle.first(), cycle.get(1)) else {
            continue;
        };
        let Some(&(fid, span)) = edges.get(from).and_then(|m| m.get(to)) else {
            continue;
        };
        let path = cycle
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(" → ");
        let d = cx
            .diag(Code::ImportCycle, fid, span, format!("import cycle: {path}"))
            .label(format!("`{from}` imports `{to}` here"))
            .help("packages may not import each other, directly or through others; move the shared functions into a package that both import");
        cx.push(fid, d);
    }
}

/// The import cycles of a package graph, each as `a → … → a` starting at its
/// first package (in graph order), shortest first from each package. A
/// package already shown in a cycle does not start another one.
pub(crate) fn cycles(edges: &Edges) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut shown: HashSet<String> = HashSet::new();
    for start in edges.keys() {
        if shown.contains(start) {
            continue;
        }
        if let Some(path) = shortest_cycle(edges, start) {
            shown.extend(path.iter().cloned());
            out.push(path);
        }
    }
    out
}

/// Breadth-first search for the shortest path from `start` back to itself.
fn shortest_cycle(edges: &Edges, start: &str) -> Option<Vec<String>> {
    let mut parent: HashMap<&str, &str> = HashMap::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    queue.push_back(start);
    while let Some(node) = queue.pop_front() {
        let Some(next) = edges.get(node) else {
            continue;
        };
        for to in next.keys() {
            if to == start {
                let mut path = vec![start.to_string()];
                let mut at = node;
                let mut back = Vec::new();
                while at != start {
                    back.push(at.to_string());
                    at = parent.get(at)?;
                }
                back.reverse();
                path.extend(back);
                path.push(start.to_string());
                return Some(path);
            }
            if !parent.contains_key(to.as_str()) {
                parent.insert(to, node);
                queue.push_back(to);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(pairs: &[(&str, &str)]) -> Edges {
        let mut g = Edges::new();
        for (a, b) in pairs {
            g.entry(a.to_string())
                .or_default()
                .insert(b.to_string(), (0, Span::default()));
        }
        g
    }

    #[test]
    fn finds_each_cycle_once() {
        let g = graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")]);
        assert_eq!(cycles(&g), vec![vec!["a", "b", "c", "a"]]);
        let g = graph(&[("a", "a")]);
        assert_eq!(cycles(&g), vec![vec!["a", "a"]]);
        let g = graph(&[("x", "y"), ("y", "z")]);
        assert!(cycles(&g).is_empty());
    }

    #[test]
    fn separate_cycles_are_all_found_with_the_shortest_path() {
        let g = graph(&[
            ("a", "b"),
            ("b", "a"),
            ("a", "c"),
            ("c", "d"),
            ("d", "a"),
            ("e", "f"),
            ("f", "e"),
        ]);
        assert_eq!(
            cycles(&g),
            vec![
                vec!["a", "b", "a"],
                vec!["c", "d", "a", "c"],
                vec!["e", "f", "e"]
            ]
        );
    }
}
