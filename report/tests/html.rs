//! The HTML report: one self-contained file, every text escaped, counts equal
//! to the decision's. (tests/browser/ loads it in a real browser.)

mod common;

use base64::Engine as _;
use phasegate_engine::{Decision, Status};
use phasegate_lang::model::{Phase, RuleSeverity};
use phasegate_report::html::render;
use phasegate_report::sarif::is_web_uri;
use phasegate_report::Gate;
use sha2::{Digest, Sha256};

fn page(d: &Decision) -> String {
    render(d, &Gate::default())
}

/// The text between `open` and the next `close` after it.
fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    let start = s.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = s[start..]
        .find(close)
        .unwrap_or_else(|| panic!("no {close}"))
        + start;
    &s[start..end]
}

const DATA_OPEN: &str = r#"<script type="application/json" id="phasegate-decision">"#;

#[test]
fn no_external_resource_and_only_reference_links() {
    let d = common::demo();
    let html = page(&d);
    for bad in ["<link", " src=", "url(", "@import", "<iframe", "<img"] {
        assert!(!html.contains(bad), "found {bad}");
    }
    let csp = between(
        &html,
        r#"http-equiv="Content-Security-Policy" content=""#,
        "\"",
    );
    assert!(csp.starts_with("default-src 'none'; "), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    // Every web reference is a plain anchor; nothing else is a URL.
    let mut rest = html.replace(between(&html, DATA_OPEN, "</script>"), "");
    let refs: Vec<&std::sync::Arc<str>> =
        d.results.iter().flat_map(|r| r.references.iter()).collect();
    for u in refs.iter().filter(|u| is_web_uri(u)) {
        let anchor = format!(r#"<a href="{u}" rel="noopener noreferrer">{u}</a>"#);
        assert!(html.contains(&anchor), "{anchor}");
        rest = rest.replace(&***u, "");
    }
    assert!(!rest.contains("http://") && !rest.contains("https://"));
    // A javascript: reference is shown as text, never as a link.
    assert!(refs.iter().any(|u| u.starts_with("javascript:")));
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("<li data-testid=\"reference\">javascript:alert(1)</li>"));
}

#[test]
fn untrusted_text_is_inert() {
    let d = common::hostile();
    let html = page(&d);
    // Only phasegate's own two script elements exist.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(html.contains(
        "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &lt;b&gt;]]&gt; &quot;q&quot; 'a'"
    ));
    assert!(html.contains("Title with &lt;i&gt;markup&lt;/i&gt; &amp; &quot;quotes&quot;"));
    assert!(html.contains("Run &lt;script&gt;fix()&lt;/script&gt; &amp; relax"));
    // The embedded JSON cannot close its element, and still holds the exact text.
    let data = between(&html, DATA_OPEN, "</script>");
    assert!(!data.contains('<') && !data.contains('>') && !data.contains('&'));
    let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(parsed["results"][0]["messages"][0], common::HOSTILE);
    // Only the clean web reference is a link; "<x>" in a URL makes it text.
    assert!(html.contains(r#"<a href="https://example.test/a?b=1&amp;c=2""#));
    assert!(!html.contains("href=\"https://example.test/&lt;x"));
}

#[test]
fn the_embedded_decision_is_the_decision() {
    let d = common::demo();
    let html = page(&d);
    let data: serde_json::Value =
        serde_json::from_str(between(&html, DATA_OPEN, "</script>")).unwrap();
    assert_eq!(data, serde_json::to_value(&d).unwrap());
}

#[test]
fn the_csp_hashes_are_those_of_the_inline_script_and_style() {
    let html = page(&common::demo());
    let csp = between(
        &html,
        r#"http-equiv="Content-Security-Policy" content=""#,
        "\"",
    );
    let hash =
        |s: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()));
    let script = between(&html, "<script>", "</script>");
    let style = between(&html, "<style>", "</style>");
    assert!(script.contains("addEventListener"));
    assert!(
        csp.contains(&format!("script-src 'sha256-{}'", hash(script))),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("style-src 'sha256-{}'", hash(style))),
        "{csp}"
    );
}

#[test]
fn totals_and_phase_cards_show_the_decision_counts() {
    let d = common::demo();
    let html = page(&d);
    let c = d.summary.counts;
    for (key, n) in [
        ("total", c.total),
        ("pass", c.pass),
        ("fail", c.fail),
        ("skip", c.skip),
        ("error", c.error),
    ] {
        assert!(
            html.contains(&format!(r#"data-testid="count-{key}">{n}<"#)),
            "{key}"
        );
    }
    let cards: Vec<&str> = html.split(r#"data-testid="phase-card""#).skip(1).collect();
    assert_eq!(cards.len(), Phase::ALL.len());
    for (card, phase) in cards.iter().zip(Phase::ALL) {
        assert!(
            card.starts_with(&format!(r#" data-phase="{phase}""#)),
            "{card}"
        );
        let want = d.summary.by_phase[&phase];
        for s in Status::ALL {
            let n = between(
                card,
                &format!(r#"data-testid="phase-{s}" data-count=""#),
                "\"",
            );
            let expected = match s {
                Status::Pass => want.pass,
                Status::Fail => want.fail,
                Status::Skip => want.skip,
                Status::Error => want.error,
            };
            assert_eq!(n, expected.to_string(), "{phase} {s}");
        }
    }
}

#[test]
fn every_rule_is_listed_problems_first_and_open() {
    let d = common::demo();
    let html = page(&d);
    let rows: Vec<&str> = html
        .split(r#"<details class="rule" data-testid="rule""#)
        .skip(1)
        .collect();
    assert_eq!(rows.len(), d.results.len());
    let statuses: Vec<&str> = rows
        .iter()
        .map(|r| between(r, "data-status=\"", "\""))
        .collect();
    assert_eq!(
        statuses,
        ["error", "fail", "fail", "fail", "fail", "fail", "skip", "pass"]
    );
    // Failing rules sorted by severity, highest first.
    let sev: Vec<&str> = rows[1..6]
        .iter()
        .map(|r| between(r, "data-severity=\"", "\""))
        .collect();
    assert_eq!(sev, ["critical", "high", "medium", "low", "info"]);
    for (row, status) in rows.iter().zip(&statuses) {
        let head = &row[..row.find('>').unwrap()];
        assert_eq!(
            head.ends_with(" open"),
            matches!(*status, "error" | "fail"),
            "{head}"
        );
    }
    let sast = rows
        .iter()
        .find(|r| r.contains("data-id=\"code.sast-clean\""))
        .unwrap();
    assert!(sast.contains(r#"<li data-testid="message">py/sqli at src/db/query.py:42</li>"#));
    assert!(sast.contains(r#"data-testid="evidence-location">src/db/query.py:42<"#));
    assert!(sast.contains(r#"<p data-testid="remediation">Fix the findings.</p>"#));
    assert!(
        sast.contains("&quot;rule_id&quot;: &quot;py/sqli&quot;"),
        "pretty JSON evidence"
    );
}

#[test]
fn the_verdict_and_blocking_rules_follow_the_gate() {
    let d = common::demo();
    let strict = render(&d, &Gate::default());
    let blocking = Gate::default().blocking(&d).len();
    assert_eq!(blocking, 3); // critical + high failures and the error
    assert!(strict.contains(&format!(
        "FAILED: {blocking} blocking rule(s) at or above severity high"
    )));
    assert_eq!(
        strict.matches(r#"data-testid="blocking""#).count(),
        blocking
    );
    let lax = Gate {
        fail_on: RuleSeverity::Critical,
        fail_on_skip: false,
    };
    let html = render(&common::empty(), &lax);
    assert!(html.contains("PASSED: no failing rule at or above severity critical"));
    assert_eq!(html.matches(r#"data-testid="blocking""#).count(), 0);
}

#[test]
fn the_same_decision_gives_the_same_bytes() {
    assert_eq!(page(&common::demo()), page(&common::demo()));
}
