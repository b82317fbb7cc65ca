//! Rule metadata: required keys, duplicates, and the values of `phase` and
//! `severity`.

use super::ctx::Ctx;
use crate::ast::{Meta, MetaKey, MetaValue, Rule, RuleStmt, Span};
use crate::diag::{did_you_mean, Code};
use crate::model::{FileId, Phase, RuleSeverity};

/// The validated metadata of one rule; `ok` is false when any of it is wrong.
#[derive(Debug, Default)]
pub(crate) struct MetaInfo {
    pub ok: bool,
    pub title: Option<String>,
    pub phase: Option<Phase>,
    pub severity: Option<RuleSeverity>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub references: Vec<String>,
    pub remediation: Option<String>,
}

/// Check the metadata statements of a rule.
pub(crate) fn check(cx: &mut Ctx<'_>, fid: FileId, rule: &Rule) -> MetaInfo {
    let mut info = MetaInfo {
        ok: true,
        ..MetaInfo::default()
    };
    // Where each key is first given, indexed by `MetaKey as usize`.
    let mut first: [Option<Span>; 7] = [None; 7];
    for stmt in &rule.body {
        let RuleStmt::Meta(m) = stmt else { continue };
        if let Some(prev) = &first[m.key as usize] {
            let d = cx
                .diag(
                    Code::DuplicateMetadata,
                    fid,
                    m.span,
                    format!(
                        "`{}` is given twice in rule `{}`",
                        m.key.keyword(),
                        rule.id.name
                    ),
                )
                .label("given again here")
                .also(*prev, "first given here")
                .help("each metadata key appears at most once; remove one of them");
            cx.push(fid, d);
            info.ok = false;
            continue;
        }
        first[m.key as usize] = Some(m.span);
        if !value(cx, fid, m, &mut info) {
            info.ok = false;
        }
    }
    let missing: Vec<&str> = [MetaKey::Title, MetaKey::Phase, MetaKey::Severity]
        .into_iter()
        .filter(|k| first[*k as usize].is_none())
        .map(MetaKey::keyword)
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        let list = match names.as_slice() {
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        };
        let example: Vec<String> = missing
            .iter()
            .map(|k| match *k {
                "title" => "title \"One line a reviewer can read aloud\"".to_string(),
                "phase" => "phase build".to_string(),
                _ => "severity high".to_string(),
            })
            .collect();
        let d = cx
            .diag(
                Code::MissingMetadata,
                fid,
                rule.id.span,
                format!("rule `{}` is missing {list}", rule.id.name),
            )
            .label(format!("missing {list}"))
            .help(format!(
                "every rule has a title, a phase and a severity; add for example: {}",
                example.join("; ")
            ));
        cx.push(fid, d);
        info.ok = false;
    }
    info
}

/// Check one metadata value and store it; `false` when it is invalid.
fn value(cx: &mut Ctx<'_>, fid: FileId, m: &Meta, info: &mut MetaInfo) -> bool {
    let key = m.key.keyword();
    match (m.key, &m.value) {
        (MetaKey::Phase, v) => {
            let all: Vec<&str> = Phase::ALL.iter().map(|p| p.as_str()).collect();
            info.phase = choice(cx, fid, m, v, Code::InvalidPhase, &all, Phase::parse);
            info.phase.is_some()
        }
        (MetaKey::Severity, v) => {
            let all: Vec<&str> = RuleSeverity::ALL.iter().map(|s| s.as_str()).collect();
            info.severity = choice(
                cx,
                fid,
                m,
                v,
                Code::InvalidSeverity,
                &all,
                RuleSeverity::parse,
            );
            info.severity.is_some()
        }
        (MetaKey::Title | MetaKey::Description | MetaKey::Remediation, MetaValue::Str(s)) => {
            if s.value.trim().is_empty() {
                let d = cx
                    .diag(
                        Code::MissingMetadata,
                        fid,
                        s.span,
                        format!("`{key}` is empty"),
                    )
                    .label("empty text")
                    .help(format!(
                        "write the {key}, or remove the line if it is optional"
                    ));
                cx.push(fid, d);
                return false;
            }
            let v = Some(s.value.clone());
            match m.key {
                MetaKey::Title => info.title = v,
                MetaKey::Description => info.description = v,
                _ => info.remediation = v,
            }
            true
        }
        (MetaKey::Tags | MetaKey::References, MetaValue::List(items)) => {
            let v = items.iter().map(|s| s.value.clone()).collect();
            if m.key == MetaKey::Tags {
                info.tags = v;
            } else {
                info.references = v;
            }
            true
        }
        (MetaKey::Tags | MetaKey::References, _) => {
            wrong_shape(
                cx,
                fid,
                m,
                "a list of strings",
                &format!("{key} [\"…\", \"…\"]"),
            );
            false
        }
        _ => {
            wrong_shape(cx, fid, m, "a string", &format!("{key} \"…\""));
            false
        }
    }
}

/// The value of `phase build` / `severity high` (a string `"build"` is
/// accepted too), reporting a word that is not one of `all`.
fn choice<T>(
    cx: &mut Ctx<'_>,
    fid: FileId,
    m: &Meta,
    v: &MetaValue,
    code: Code,
    all: &[&str],
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let what = m.key.keyword();
    let whats = if m.key == MetaKey::Severity {
        "severities"
    } else {
        "phases"
    };
    let list = all.join(", ");
    let (w, span) = match v {
        MetaValue::Word(w) => (&*w.name, w.span),
        MetaValue::Str(s) => (s.value.as_str(), s.span),
        MetaValue::List(_) => {
            let d = cx
                .diag(
                    code,
                    fid,
                    m.span,
                    format!("`{what}` takes one word, not a list"),
                )
                .label("expected one word")
                .help(format!("the {whats} are: {list}"));
            cx.push(fid, d);
            return None;
        }
    };
    if let Some(t) = parse(w) {
        return Some(t);
    }
    let lower = w.to_lowercase();
    let help = if all.contains(&lower.as_str()) {
        format!("did you mean `{lower}`? {whats} are written in lowercase")
    } else {
        match did_you_mean(w, all.iter().copied()) {
            Some(c) => format!("did you mean `{c}`? the {whats} are: {list}"),
            None => format!("the {whats} are: {list}"),
        }
    };
    let d = cx
        .diag(code, fid, span, format!("`{w}` is not a {what}"))
        .label(format!("unknown {what}"))
        .help(help);
    cx.push(fid, d);
    None
}

fn wrong_shape(cx: &mut Ctx<'_>, fid: FileId, m: &Meta, want: &str, example: &str) {
    let d = cx
        .diag(
            Code::TypeMismatch,
            fid,
            m.span,
            format!("`{}` takes {want}", m.key.keyword()),
        )
        .label(format!("expected {want}"))
        .help(format!("write it as `{example}`"));
    cx.push(fid, d);
}
