//! Generated policy sets of any size, for the compile-time and memory benches.

/// A policy file of `n` rules in one package. Each rule is a typical gate:
/// a param, a `when`, a filtered list, a `require` with a message template,
/// and the rules differ in names, ids and literals.
pub fn rules(n: usize) -> String {
    let mut out = String::from("package generated\n\n");
    for i in 0..n {
        out.push_str(&format!(
            r#"rule build.generated-{i} {{
  title "Generated rule {i}"
  phase build
  severity {sev}
  tags ["generated", "group-{g}"]
  param threshold: int = {t}
  when input.findings != null else "no findings for rule {i}"
  let open = [f in input.findings | f.suppressed != true and f.rule_id == "bench/rule-{r}"]
  require count(open) <= threshold
    else "{{count(open)}} open finding(s) of bench/rule-{r}, at most {{threshold}} allowed"
  require all f in open: severity_rank(f.severity) < {k} else "{{f.rule_id}} at {{f.file}}"
}}

"#,
            sev = ["low", "medium", "high", "critical"][i % 4],
            g = i % 16,
            t = i % 10,
            r = i % 40,
            k = 2 + i % 3,
        ));
    }
    out
}
