//! The IR the compiler produces: slots, constants, folding, resolved calls.

use super::compile;
use super::ir::{ConstOrigin, Node, NodeKind, Piece, Stmt};
use crate::builtins::Standard;
use indexmap::IndexMap;
use phasegate_lang::ast::{BinOp, Quantifier};
use phasegate_lang::{parse, SourceFile, Value};
use std::sync::Arc;

fn stmts(body: &str, decls: &str) -> Vec<Stmt> {
    let src =
        format!("{decls}\nrule t.a {{\n  title \"t\"\n  phase build\n  severity low\n{body}\n}}\n");
    let parsed = vec![parse(&SourceFile::new("t.gate", src))];
    let c = compile(parsed, &Standard, &Default::default(), &IndexMap::new()).expect("compiles");
    c.program
        .rules
        .into_iter()
        .next()
        .expect("a rule")
        .stmts
        .into_vec()
}

fn cond(s: &Stmt) -> &Node {
    match s {
        Stmt::Require(c) | Stmt::When(c) => &c.cond,
        Stmt::RequireEach { check, .. } => &check.cond,
        Stmt::Let { value, .. } => value,
    }
}

fn konst(n: &Node) -> Option<&Value> {
    match &n.kind {
        NodeKind::Const(v, _) => Some(v),
        _ => None,
    }
}

/// The two operands of a binary node.
fn operands(n: &Node) -> (BinOp, &Node, &Node) {
    match &n.kind {
        NodeKind::Binary(op, ab) => (*op, &ab[0], &ab[1]),
        k => panic!("not a binary node: {k:?}"),
    }
}

/// The key of a field access, with its base: `input`, `slot N` or `node`.
fn field(n: &Node) -> Option<(String, &str)> {
    match &n.kind {
        NodeKind::InputField(k) => Some(("input".into(), k)),
        NodeKind::SlotField(slot, k) => Some((format!("slot {slot}"), k)),
        NodeKind::Field(f) => Some(("node".into(), &f.key)),
        _ => None,
    }
}

#[test]
fn literal_arithmetic_and_containers_are_folded() {
    let s = stmts(
        "  require input.x == 1 + 2 * 3 and [1, {a: -2}] != null",
        "",
    );
    let NodeKind::And(lr) = &cond(&s[0]).kind else {
        panic!("{:?}", cond(&s[0]).kind)
    };
    let [l, r] = &**lr;
    let (op, x, seven) = operands(l);
    assert_eq!(op, BinOp::Eq);
    assert_eq!(field(x), Some(("input".into(), "x")));
    assert_eq!(konst(seven), Some(&Value::Int(7)));
    assert_eq!(konst(r), Some(&Value::Bool(true)));
}

#[test]
fn failing_constant_operations_are_left_for_run_time() {
    let s = stmts("  require 1 / 0 == 1", "");
    assert!(matches!(cond(&s[0]).kind, NodeKind::Binary(BinOp::Eq, ..)));
}

#[test]
fn lets_and_loop_variables_get_slots() {
    let s = stmts(
        "  let a = input.a\n  let b = a\n  require all x in b: x == a",
        "",
    );
    assert!(matches!(s[0], Stmt::Let { slot: 0, .. }));
    assert!(matches!(cond(&s[1]).kind, NodeKind::Local(0)));
    let Stmt::RequireEach { each, .. } = &s[2] else {
        panic!()
    };
    let lp = &each.lp;
    assert_eq!(each.q, Quantifier::All);
    assert!(matches!(lp.coll.kind, NodeKind::Local(1)));
    let Some((_, x, a)) = lp.cond.as_ref().map(operands) else {
        panic!()
    };
    assert!(matches!(x.kind, NodeKind::Local(slot) if slot == lp.slot));
    assert!(matches!(a.kind, NodeKind::Local(0)));
}

#[test]
fn require_each_shares_the_loop_of_its_condition() {
    let s = stmts(
        "  require (all x in input.xs: x > 1) else \"{x} is small\"\n  require (any x in input.xs: x > 1)",
        "",
    );
    let Stmt::RequireEach { check, each } = &s[0] else {
        panic!("{:?}", s[0])
    };
    let NodeKind::Paren(inner) = &check.cond.kind else {
        panic!("{:?}", check.cond)
    };
    let NodeKind::Quant(shared) = &inner.kind else {
        panic!("{inner:?}")
    };
    // One loop, not a second compiled copy with its own slot.
    assert!(Arc::ptr_eq(each, shared));
    assert_eq!(each.q, Quantifier::All);
    let lp = &each.lp;
    // The message sees the loop variable in the loop's slot.
    let Some(Piece::Expr(x)) = check.message.as_ref().and_then(|m| m.parts.first()) else {
        panic!("{:?}", check.message)
    };
    assert!(matches!(x.kind, NodeKind::Local(slot) if slot == lp.slot));
    // `any` fails once, as a whole: a plain require.
    assert!(matches!(s[1], Stmt::Require(_)));
}

#[test]
fn params_become_constants_and_string_indexes_become_fields() {
    let s = stmts(
        "  param n: int = 3\n  require input[\"k-1\"] == n + limit",
        "param limit: int = 4",
    );
    let (_, f, sum) = operands(cond(&s[0]));
    assert!(matches!(field(f), Some((_, "k-1"))));
    assert!(matches!(&sum.kind, NodeKind::Const(v, ConstOrigin::Param) if **v == Value::Int(7)));
}

#[test]
fn calls_resolve_to_indices_and_function_pointers() {
    let s = stmts("  require f(1) == count([])", "fn g(x) = x\nfn f(x) = g(x)");
    let (_, f, c) = operands(cond(&s[0]));
    assert!(matches!(f.kind, NodeKind::Call(1, _)));
    assert!(matches!(&c.kind, NodeKind::Builtin(b) if b.name == "count"));
}

#[test]
fn a_constant_if_picks_its_branch() {
    let s = stmts("  require if 1 < 2 then input.a else input.b", "");
    assert!(matches!(field(cond(&s[0])), Some((_, "a"))));
}

#[test]
fn names_and_string_literals_are_held_once_per_program() {
    let src = "rule t.a {\n  title \"t\"\n  phase build\n  severity low\n  require input.state == \"open\"\n}\nrule t.b {\n  title \"t\"\n  phase build\n  severity low\n  require input.state != \"open\"\n}\n";
    let parsed = vec![parse(&SourceFile::new("t.gate", src))];
    let c = compile(parsed, &Standard, &Default::default(), &IndexMap::new()).expect("compiles");
    let parts = |i: usize| {
        let s = &c.program.rules[i].stmts[0];
        let (_, f, lit) = operands(cond(s));
        let NodeKind::InputField(key) = &f.kind else {
            panic!("{:?}", f.kind)
        };
        let Some(Value::Str(text)) = konst(lit) else {
            panic!("{:?}", lit.kind)
        };
        (key.clone(), text.clone())
    };
    let ((k1, t1), (k2, t2)) = (parts(0), parts(1));
    assert_eq!((&*k1, &*t1), ("state", "open"));
    assert!(
        super::ir::Key::ptr_eq(&k1, &k2),
        "the field key is one allocation"
    );
    assert!(
        std::sync::Arc::ptr_eq(&t1, &t2),
        "the literal is one allocation"
    );
}

#[test]
#[cfg(target_pointer_width = "64")]
fn ir_nodes_stay_compact() {
    use super::ir::{Loc, Loop, Stmt};
    use std::mem::size_of;
    // Every node carries a location: 8 bytes (file index and offsets packed).
    assert_eq!(size_of::<Loc>(), 8);
    // A kind holds one pointer and a few bytes beside it (docs/benchmarks.md).
    assert_eq!(size_of::<NodeKind>(), 16);
    assert_eq!(size_of::<Node>(), 24);
    assert_eq!(size_of::<Option<Node>>(), 24);
    assert_eq!(size_of::<super::ir::Piece>(), 24);
    assert_eq!(size_of::<Loop>(), 64);
    assert_eq!(size_of::<Stmt>(), 64);
}

#[test]
fn a_field_of_a_slot_or_of_input_is_one_node() {
    let s = stmts(
        "  let a = input.a\n  require a.b[\"c-d\"].e == input[\"x\"] and count(input.xs) > 0",
        "",
    );
    // `input.a`: one node.
    assert_eq!(field(cond(&s[0])), Some(("input".into(), "a")));
    let NodeKind::And(ab) = &cond(&s[1]).kind else {
        panic!("{:?}", cond(&s[1]))
    };
    let (_, path, x) = operands(&ab[0]);
    // `a.b["c-d"].e`: the first step on the slot is one node, the next ones nest.
    assert_eq!(field(path), Some(("node".into(), "e")));
    let NodeKind::Field(e) = &path.kind else {
        panic!()
    };
    assert_eq!(field(&e.base), Some(("node".into(), "c-d")));
    let NodeKind::Field(cd) = &e.base.kind else {
        panic!()
    };
    assert_eq!(field(&cd.base), Some(("slot 0".into(), "b")));
    // A constant string index is a field.
    assert_eq!(field(x), Some(("input".into(), "x")));
}

#[test]
fn rules_are_located_on_their_lines_without_a_line_table() {
    let r = |id: &str| {
        format!("rule {id} {{\n  title \"t\"\n  phase build\n  severity low\n  require true\n}}\n")
    };
    let a = format!("# a\r\n\n{}\n\n# é\n{}{}", r("t.a"), r("t.b"), r("t.c"));
    let b = format!("\n\n\n{}", r("u.a"));
    let files = [
        SourceFile::new("a.gate", a.as_str()),
        SourceFile::new("b.gate", b.as_str()),
    ];
    let parsed = files.iter().map(parse).collect();
    let c = compile(parsed, &Standard, &Default::default(), &IndexMap::new()).expect("compiles");
    let lines: Vec<(&str, usize)> = c
        .program
        .rules
        .iter()
        .map(|r| (&*r.info.id, r.info.location.line))
        .collect();
    assert_eq!(lines, [("t.a", 3), ("t.b", 12), ("t.c", 18), ("u.a", 4)]);
    // The same lines as the table built for messages, which compiling did
    // not need.
    for (rule, (file, at)) in c
        .program
        .rules
        .iter()
        .zip([(0, 3), (0, 12), (0, 18), (1, 4)])
    {
        let src = &c.program.sources[file];
        let start = src
            .text
            .find(&format!("rule {}", rule.info.id))
            .expect("rule text");
        assert_eq!(src.line_col(start).0, at);
    }
}

#[test]
fn equal_constants_are_one_shared_value() {
    let s = stmts(
        "  require input.a == \"x\" and input.b == \"x\" and input.c != null and input.d != null",
        "",
    );
    let mut consts = Vec::new();
    fn collect<'a>(n: &'a Node, out: &mut Vec<&'a std::sync::Arc<Value>>) {
        match &n.kind {
            NodeKind::Const(v, _) => out.push(v),
            NodeKind::And(ab) | NodeKind::Binary(_, ab) => ab.iter().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    collect(cond(&s[0]), &mut consts);
    let [x1, x2, n1, n2] = consts.as_slice() else {
        panic!("{consts:?}")
    };
    assert_eq!((&***x1, &***n1), (&Value::str("x"), &Value::Null));
    assert!(std::sync::Arc::ptr_eq(x1, x2), "one \"x\"");
    assert!(std::sync::Arc::ptr_eq(n1, n2), "one null");
}

#[test]
fn a_packed_location_gives_back_its_file_and_span() {
    use super::ir::{Loc, MAX_POLICY_FILES};
    use phasegate_lang::ast::Span;
    use phasegate_lang::parse::MAX_FILE_BYTES;
    let last = MAX_POLICY_FILES as u32 - 1;
    for file in [0, 1, 127, 128, 129, 5_000, last] {
        for (start, end) in [
            (0, 0),
            (3, 17),
            (0, MAX_FILE_BYTES),
            (MAX_FILE_BYTES - 1, MAX_FILE_BYTES),
        ] {
            let loc = Loc::new(file, Span::new(start, end));
            assert_eq!(loc.file(), file, "file of {file}:{start}..{end}");
            assert_eq!(
                loc.span(),
                Span::new(start, end),
                "span of {file}:{start}..{end}"
            );
        }
    }
    // Out of range (refused earlier by the loader and the parser): clamped, not wrapped.
    let over = Loc::new(u32::MAX, Span::new(usize::MAX, usize::MAX));
    assert_eq!(over.file(), last);
    assert_eq!(over.span().start, (1 << 25) - 1);
}

#[test]
fn a_compiled_set_keeps_no_spare_capacity() {
    let rule = |i: usize| {
        format!("rule t.r{i} {{\n  title \"t\"\n  phase build\n  severity low\n  require input.n > {i}\n}}\n")
    };
    let src: String = (0..5).map(rule).collect();
    let parsed = vec![parse(&SourceFile::new("t.gate", src))];
    let c = compile(parsed, &Standard, &Default::default(), &IndexMap::new()).expect("compiles");
    assert_eq!(c.program.rules.len(), 5);
    assert_eq!(c.program.rules.capacity(), 5, "five rules, room for five");
}
