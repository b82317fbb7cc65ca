//! Secret scans → `secrets`: gitleaks JSON, trufflehog v3 JSON lines and the
//! secrets of a Trivy report. Normalised items never copy the secret itself
//! (it stays only in `raw`).

use super::fragment::Fragment;
use super::util::{self, items, path, s, Obj};
use super::AdapterError;
use phasegate_lang::Value;

/// gitleaks `--report-format json`: a list of findings (`null` or `[]` when clean).
pub(crate) fn gitleaks(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "gitleaks JSON report";
    let list = util::list_at(doc, file, EXPECTED, "(report)")?;
    out.list("secrets");
    for (i, f) in list.iter().enumerate() {
        util::require_item(f, file, EXPECTED, "(report)", i)?;
        let path_ = s(f.get("File"));
        let line = util::int(f.get("StartLine"));
        let item = Obj::new()
            .set("tool", "gitleaks")
            .set("rule_id", s(f.get("RuleID")))
            .set("description", util::nonempty(f.get("Description")))
            .set("severity", "high")
            .set("file", path_.clone())
            .set("line", line.clone())
            .set("location", util::location(&path_, &line))
            .set("commit", util::nonempty(f.get("Commit")))
            .set("author", util::nonempty(f.get("Author")))
            .set("email", util::nonempty(f.get("Email")))
            .set("date", util::nonempty(f.get("Date")))
            .set("verified", Value::Null)
            .set("fingerprint", util::nonempty(f.get("Fingerprint")))
            .set("source", file);
        out.push("secrets", item.build());
    }
    Ok(())
}

/// trufflehog v3 `--json`: one object per line (given here as a list).
pub(crate) fn trufflehog(file: &str, doc: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    const EXPECTED: &str = "trufflehog JSON lines";
    let list = util::list_at(doc, file, EXPECTED, "(lines)")?;
    out.list("secrets");
    for (i, f) in list.iter().enumerate() {
        util::require_item(f, file, EXPECTED, "(lines)", i)?;
        if f.get("DetectorName").is_null() && f.get("SourceMetadata").is_null() {
            // trufflehog also logs progress lines when stderr is merged in; they carry no finding.
            continue;
        }
        // SourceMetadata.Data has one key naming the source (Git, Github, Filesystem, …).
        let data = path(f, &["SourceMetadata", "Data"]);
        let meta = data
            .as_object()
            .and_then(|o| o.values().next())
            .unwrap_or(&Value::Null);
        let path_ = s(meta.get("file"));
        let line = util::int(meta.get("line"));
        let verified = util::boolean(f.get("Verified"));
        let severity = if verified.is_true() {
            "critical"
        } else {
            "high"
        };
        let item = Obj::new()
            .set("tool", "trufflehog")
            .set("rule_id", s(f.get("DetectorName")))
            .set("description", Value::Null)
            .set("severity", severity)
            .set("file", path_.clone())
            .set("line", line.clone())
            .set("location", util::location(&path_, &line))
            .set("commit", s(meta.get("commit")))
            .set("author", s(meta.get("email")))
            .set("email", s(meta.get("email")))
            .set("date", s(meta.get("timestamp")))
            .set("verified", verified)
            .set("fingerprint", Value::Null)
            .set("repository", s(meta.get("repository")))
            .set("source", file);
        out.push("secrets", item.build());
    }
    Ok(())
}

/// The `Secrets` of one Trivy result (`target` is the scanned file).
pub(crate) fn trivy(file: &str, target: &Value, secrets: &Value, out: &mut Fragment) {
    for f in items(secrets) {
        let line = util::int(f.get("StartLine"));
        let item = Obj::new()
            .set("tool", "trivy")
            .set("rule_id", s(f.get("RuleID")))
            .set("description", s(f.get("Title")))
            .set("severity", util::severity(f.get("Severity")))
            .set("file", s(target))
            .set("line", line.clone())
            .set("location", util::location(target, &line))
            .set("commit", Value::Null)
            .set("author", Value::Null)
            .set("email", Value::Null)
            .set("date", Value::Null)
            .set("verified", Value::Null)
            .set("fingerprint", Value::Null)
            .set("category", s(f.get("Category")))
            .set("source", file);
        out.push("secrets", item.build());
    }
}
