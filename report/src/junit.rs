//! JUnit XML (`phasegate check --format junit`), for CI test-report views.
//!
//! `<testsuites>` holds one `<testsuite>` per phase that has rules (in
//! delivery order) and one `<testcase>` per rule, named by its id, with the
//! rule's package as `classname`. A failing rule has a `<failure>` (its first
//! message as `message`, its severity as `type`, and every message, the
//! evidence, the remediation and references as text), an errored rule an
//! `<error>`, a skipped rule `<skipped>`. Each test case's `<system-out>`
//! holds its title, severity and policy location. The attributes follow the
//! Jenkins/Surefire JUnit schema; no time or timestamp is written, so the
//! output is deterministic.

use crate::locate::value_locations;
use phasegate_engine::{Counts, Decision, RuleResult, Status};
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io;

/// The decision as a JUnit XML document.
pub fn to_junit(decision: &Decision) -> String {
    match write(decision) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => format!("<!-- junit output failed: {} -->\n", clean(&e.to_string())),
    }
}

fn write(decision: &Decision) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let total = suite_counts("phasegate", &decision.summary.counts);
    w.create_element("testsuites")
        .with_attributes(total.iter().map(|(k, v)| (*k, v.as_str())))
        .write_inner_content(|w| {
            for (phase, rules, counts) in decision.phases() {
                let mut attrs = suite_counts(phase.as_str(), &counts);
                attrs.push(("skipped", counts.skip.to_string()));
                w.create_element("testsuite")
                    .with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_str())))
                    .write_inner_content(|w| {
                        for r in rules {
                            testcase(w, r)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn suite_counts(name: &str, c: &Counts) -> Vec<(&'static str, String)> {
    vec![
        ("name", clean(name)),
        ("tests", c.total.to_string()),
        ("failures", c.fail.to_string()),
        ("errors", c.error.to_string()),
    ]
}

fn testcase(w: &mut Writer<Vec<u8>>, r: &RuleResult) -> io::Result<()> {
    let id = clean(&r.id);
    let package = clean(&r.package);
    let el = w
        .create_element("testcase")
        .with_attribute(("name", id.as_str()))
        .with_attribute(("classname", package.as_str()));
    el.write_inner_content(|w| {
        let first = r.messages.first().map(|m| clean(m));
        match r.status {
            Status::Pass => {}
            Status::Fail => {
                let message = first.unwrap_or_else(|| clean(&r.title));
                w.create_element("failure")
                    .with_attribute(("message", message.as_str()))
                    .with_attribute(("type", r.severity.as_str()))
                    .write_text_content(text(&failure_text(r)))?;
            }
            Status::Error => {
                let message = first.unwrap_or_else(|| "evaluation error".to_string());
                w.create_element("error")
                    .with_attribute(("message", message.as_str()))
                    .with_attribute(("type", "error"))
                    .write_text_content(text(&r.messages.join("\n")))?;
            }
            Status::Skip => {
                let el = w.create_element("skipped");
                match first {
                    Some(m) => el.with_attribute(("message", m.as_str())).write_empty()?,
                    None => el.write_empty()?,
                };
            }
        }
        let out = format!(
            "{}\nseverity: {}, phase: {}\npolicy: {}:{}",
            r.title, r.severity, r.phase, r.location.file, r.location.line
        );
        w.create_element("system-out")
            .write_text_content(text(&out))?;
        Ok(())
    })?;
    Ok(())
}

/// The body of a `<failure>`: messages, evidence, remediation, references, policy location.
fn failure_text(r: &RuleResult) -> String {
    let mut lines: Vec<String> = r.messages.iter().map(|m| format!("- {m}")).collect();
    for e in &r.evidence {
        let what = e.path.as_deref().or(e.expr.as_deref()).unwrap_or("value");
        let at: Vec<String> = value_locations(&e.value)
            .into_iter()
            .map(|l| match l.line {
                Some(n) => format!("{}:{n}", l.file),
                None => l.file,
            })
            .collect();
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" (at {})", at.join(", "))
        };
        lines.push(format!("evidence: {what} = {}{at}", e.value));
    }
    if let Some(fix) = &r.remediation {
        lines.push(format!("remediation: {fix}"));
    }
    for u in r.references.iter() {
        lines.push(format!("reference: {u}"));
    }
    lines.push(format!("policy: {}:{}", r.location.file, r.location.line));
    lines.join("\n")
}

/// Element text: XML-safe, with `<`, `>` and `&` escaped (quotes stay readable).
fn text(s: &str) -> BytesText<'static> {
    BytesText::from_escaped(partial_escape(clean(s)).into_owned())
}

/// Replace characters XML 1.0 cannot hold (most controls, lone surrogates
/// cannot occur in Rust strings, U+FFFE/U+FFFF) by U+FFFD.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn clean_replaces_what_xml_cannot_hold() {
        assert_eq!(clean("a\u{1}b\tc\u{FFFF}"), "a\u{FFFD}b\tc\u{FFFD}");
        assert_eq!(clean("<&>\"'"), "<&>\"'");
    }
}
