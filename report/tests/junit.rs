//! JUnit XML output, parsed back with quick-xml: a suite per phase, a case per
//! rule, `<failure>`/`<error>`/`<skipped>` by status, text kept intact.

mod common;

use phasegate_engine::{Decision, Status};
use phasegate_report::junit::to_junit;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;

/// A parsed element: name, attributes (unescaped), children, text (unescaped).
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, k: &str) -> &str {
        self.attrs
            .get(k)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("<{}> has no attribute {k}", self.name))
    }
    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn one(&self, name: &str) -> &Node {
        let found = self.all(name);
        assert_eq!(found.len(), 1, "<{}> should have one <{name}>", self.name);
        found[0]
    }
}

fn element(e: &BytesStart) -> Node {
    let mut n = Node {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        ..Node::default()
    };
    for a in e.attributes() {
        let a = a.expect("well-formed attribute");
        let k = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
        let v = a.normalized_value(XmlVersion::Explicit1_0).unwrap();
        n.attrs.insert(k, v.into_owned());
    }
    n
}

/// Parse a whole document (the reader checks that end tags match).
fn parse(xml: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let n = element(&e);
                stack.last_mut().unwrap().children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(n);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match r.decode().unwrap().as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    },
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "one root element");
    doc.children.remove(0)
}

fn cases(root: &Node) -> Vec<&Node> {
    root.all("testsuite")
        .into_iter()
        .flat_map(|s| s.all("testcase"))
        .collect()
}

fn case<'a>(root: &'a Node, id: &str) -> &'a Node {
    cases(root)
        .into_iter()
        .find(|c| c.attr("name") == id)
        .unwrap_or_else(|| panic!("no testcase {id}"))
}

#[test]
fn a_suite_per_phase_with_the_decision_counts() {
    let d = common::demo();
    let xml = to_junit(&d);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let root = parse(&xml);
    assert_eq!(root.name, "testsuites");
    let c = d.summary.counts;
    assert_eq!(root.attr("tests"), c.total.to_string());
    assert_eq!(root.attr("failures"), c.fail.to_string());
    assert_eq!(root.attr("errors"), c.error.to_string());
    let names: Vec<&str> = root
        .all("testsuite")
        .iter()
        .map(|s| s.attr("name"))
        .collect();
    assert_eq!(names, ["code", "build", "test", "release", "deploy"]);
    for s in root.all("testsuite") {
        let phase = d
            .summary
            .by_phase
            .iter()
            .find(|(p, _)| p.as_str() == s.attr("name"))
            .map(|(_, c)| *c)
            .unwrap();
        assert_eq!(s.attr("tests"), phase.total.to_string());
        assert_eq!(s.attr("failures"), phase.fail.to_string());
        assert_eq!(s.attr("errors"), phase.error.to_string());
        assert_eq!(s.attr("skipped"), phase.skip.to_string());
        assert_eq!(s.all("testcase").len(), phase.total);
    }
}

#[test]
fn a_case_per_rule_with_its_status_element() {
    let d = common::demo();
    let root = parse(&to_junit(&d));
    assert_eq!(cases(&root).len(), d.results.len());
    for r in &d.results {
        let tc = case(&root, &r.id);
        assert_eq!(tc.attr("classname"), "demo");
        let kids: Vec<&str> = tc
            .children
            .iter()
            .map(|c| c.name.as_str())
            .filter(|n| *n != "system-out")
            .collect();
        let want: &[&str] = match r.status {
            Status::Pass => &[],
            Status::Fail => &["failure"],
            Status::Error => &["error"],
            Status::Skip => &["skipped"],
        };
        assert_eq!(kids, want, "{}", r.id);
        let out = &tc.one("system-out").text;
        assert!(out.starts_with(&*r.title), "{out}");
        assert!(out.contains(&format!("policy: policies/demo.gate:{}", r.location.line)));
    }
}

#[test]
fn a_failure_carries_messages_evidence_remediation_and_references() {
    let root = parse(&to_junit(&common::demo()));
    let f = case(&root, "code.sast-clean").one("failure");
    assert_eq!(f.attr("message"), "py/sqli at src/db/query.py:42");
    assert_eq!(f.attr("type"), "critical");
    let lines: Vec<&str> = f.text.lines().collect();
    assert_eq!(lines[0], "- py/sqli at src/db/query.py:42");
    assert!(lines[1].starts_with("evidence: input.findings[0] = {\"rule_id\":\"py/sqli\""));
    assert!(
        lines[1].ends_with(" (at src/db/query.py:42)"),
        "{}",
        lines[1]
    );
    assert_eq!(
        &lines[2..],
        [
            "remediation: Fix the findings.",
            "reference: https://owasp.org/www-project-devsecops-guideline/",
            "reference: CWE-20",
            "policy: policies/demo.gate:4",
        ]
    );
    let pins = case(&root, "build.manifest-pins").one("failure");
    assert!(
        pins.text.contains("(at package.json:12, package.json)"),
        "{}",
        pins.text
    );
}

#[test]
fn errors_and_skips_carry_their_reason() {
    let root = parse(&to_junit(&common::demo()));
    let e = case(&root, "release.signed").one("error");
    assert!(
        e.attr("message").contains("must be a bool"),
        "{:?}",
        e.attrs
    );
    assert_eq!(e.text, e.attr("message"));
    let s = case(&root, "release.sbom").one("skipped");
    assert_eq!(s.attr("message"), "no SBOM in the evidence");
}

#[test]
fn markup_and_control_characters_survive_as_text() {
    let xml = to_junit(&common::hostile());
    assert!(!xml.contains("<script>"));
    assert!(!xml
        .chars()
        .any(|c| (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t')));
    let root = parse(&xml);
    let f = case(&root, "code.hostile").one("failure");
    let want = common::HOSTILE.replace('\u{1}', "\u{FFFD}");
    assert_eq!(f.attr("message"), want);
    assert!(f.text.starts_with(&format!("- {want}\n")), "{}", f.text);
    assert!(f
        .text
        .contains("remediation: Run <script>fix()</script> & relax"));
    assert!(case(&root, "code.hostile")
        .one("system-out")
        .text
        .starts_with("Title with <i>markup</i> & \"quotes\""));
}

#[test]
fn an_empty_decision_is_an_empty_testsuites() {
    let root = parse(&to_junit(&Decision::new(Vec::new())));
    assert_eq!(root.attr("tests"), "0");
    assert!(root.children.is_empty());
}

#[test]
fn the_same_decision_gives_the_same_bytes() {
    assert_eq!(to_junit(&common::demo()), to_junit(&common::demo()));
}
