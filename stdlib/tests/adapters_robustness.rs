//! No input makes an adapter panic: garbage bytes, truncated real files,
//! wrong-shaped JSON, real files read as every other kind, deep nesting and
//! YAML alias bombs. Errors are fine; panics and hangs are not.

#[path = "adapters_support.rs"]
mod support;

use phasegate_stdlib::adapters::{detect, load, load_bundle, Kind};
use support::*;

fn all_kinds() -> Vec<Kind> {
    Kind::names()
        .into_iter()
        .map(|n| Kind::parse(n).unwrap())
        .collect()
}

/// Every real fixture path, sorted.
fn fixtures() -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(real_dir()).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            for f in std::fs::read_dir(&dir).unwrap() {
                out.push(
                    f.unwrap()
                        .path()
                        .strip_prefix(real_dir())
                        .unwrap()
                        .display()
                        .to_string(),
                );
            }
        }
    }
    out.sort();
    out
}

/// A small deterministic generator (no randomness between runs).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn garbage_bytes_are_errors_for_every_kind() {
    let mut rng = Lcg(7);
    let kinds = all_kinds();
    for round in 0..40 {
        let len = (rng.next() % 300) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        for kind in &kinds {
            let _ = load(kind, "garbage.bin", &bytes);
        }
        let _ = detect("garbage.bin", &bytes);
        let _ = detect(&format!("garbage{round}.yaml"), &bytes);
    }
    for kind in &kinds {
        for bytes in [
            &b""[..],
            b"\xEF\xBB\xBF",
            b"\xff\xfe{",
            b"{\"a\":\"\xff\"}",
            b"---\n...\n",
            b"\0\0\0",
        ] {
            let _ = load(kind, "odd.json", bytes);
        }
        assert!(
            load(kind, "x.json", b"{\"unterminated\": [1, 2").is_err(),
            "{kind}"
        );
    }
}

#[test]
fn truncated_real_files_never_panic() {
    for file in fixtures() {
        let bytes = real(&file);
        let kind = detect(&file, &bytes).ok();
        for i in 1..12 {
            let cut = &bytes[..bytes.len() * i / 12];
            let _ = detect(&file, cut);
            if let Some(k) = &kind {
                let _ = load(k, &file, cut);
            }
        }
    }
}

#[test]
fn real_files_read_as_every_other_kind_never_panic() {
    let kinds = all_kinds();
    for file in fixtures() {
        let bytes = real(&file);
        for kind in &kinds {
            let _ = load(kind, &file, &bytes);
        }
    }
}

/// Replace the value at every key (down to depth 3) with each wrong type.
fn mutations(
    doc: &serde_json::Value,
    depth: usize,
    out: &mut Vec<serde_json::Value>,
    budget: &mut usize,
) {
    let replacements = [
        serde_json::Value::Null,
        serde_json::json!(1),
        serde_json::json!("x"),
        serde_json::json!([1, "y", null]),
        serde_json::json!({"z": [{}]}),
    ];
    if depth > 3 || *budget == 0 {
        return;
    }
    match doc {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                for r in &replacements {
                    if *budget == 0 {
                        return;
                    }
                    *budget -= 1;
                    let mut m = map.clone();
                    m.insert(k.clone(), r.clone());
                    out.push(serde_json::Value::Object(m));
                }
                let mut inner = Vec::new();
                mutations(v, depth + 1, &mut inner, budget);
                for iv in inner {
                    let mut m = map.clone();
                    m.insert(k.clone(), iv);
                    out.push(serde_json::Value::Object(m));
                }
            }
        }
        serde_json::Value::Array(items) => {
            if let Some(first) = items.first() {
                for r in &replacements {
                    let mut a = items.clone();
                    a[0] = r.clone();
                    out.push(serde_json::Value::Array(a));
                }
                let mut inner = Vec::new();
                mutations(first, depth + 1, &mut inner, budget);
                for iv in inner {
                    let mut a = items.clone();
                    a[0] = iv;
                    out.push(serde_json::Value::Array(a));
                }
            }
        }
        _ => {}
    }
}

#[test]
fn wrong_shaped_json_never_panics() {
    for file in fixtures() {
        let bytes = real(&file);
        let Ok(kind) = detect(&file, &bytes) else {
            continue;
        };
        // YAML and JSON lines are turned into JSON: the YAML kinds read JSON too.
        let doc: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(_) => match serde_yaml::from_slice(&bytes) {
                Ok(v) => v,
                Err(_) => continue,
            },
        };
        let mut muts = Vec::new();
        let mut budget = 40;
        mutations(&doc, 0, &mut muts, &mut budget);
        for (i, m) in muts.iter().enumerate() {
            let text = serde_json::to_vec(m).unwrap();
            let _ = load(&kind, &file, &text);
            if i % 4 == 0 {
                let _ = detect(&file, &text);
            }
        }
    }
}

#[test]
fn generic_wrong_shapes_for_every_kind() {
    let shapes: &[&str] = &[
        "null", "1", "-1.5e300", "\"s\"", "true", "[]", "{}", "[null]", "[[]]", "[{}]", "{\"a\":{}}",
        "{\"runs\":[{\"tool\":5,\"results\":[{\"locations\":[{\"physicalLocation\":7}],\"ruleIndex\":-3,\"rule\":{\"index\":99999999999}}]}]}",
        "{\"runs\":[{\"results\":[{\"ruleIndex\":18446744073709551615,\"message\":{\"id\":\"m\",\"arguments\":[1,2]}}]}]}",
        "{\"Results\":[{\"Vulnerabilities\":[{\"CVSS\":{\"nvd\":{\"V3Score\":\"NaN\"}}}]}]}",
        "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"components\":[{\"components\":[1]}]}]}",
        "{\"pull_request\":{},\"review\":[],\"number\":1}",
        "{\"data\":{\"repository\":{\"pullRequest\":{\"statusCheckRollup\":{\"nodes\":[{\"commit\":5}]}}}}}",
        "{\"jobs\":{\"a\":{\"steps\":[{\"uses\":\"@@@\"},{\"uses\":\"docker://\"},{\"uses\":\"a@\"}]}},\"on\":[1,null]}",
        "{\"apiVersion\":1,\"kind\":\"CronJob\",\"spec\":{\"jobTemplate\":[]}}",
    ];
    for kind in all_kinds() {
        for shape in shapes {
            let _ = load(&kind, "shape.json", shape.as_bytes());
        }
    }
    for shape in shapes {
        let _ = detect("shape.json", shape.as_bytes());
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep_json = "[".repeat(100_000);
    let deep_yaml = "- ".repeat(20_000) + "x\n";
    let deep_flow = "a: ".to_string() + &"[".repeat(100_000);
    for kind in all_kinds() {
        assert!(load(&kind, "deep.json", deep_json.as_bytes()).is_err());
        assert!(
            load(&kind, "deep.yaml", deep_yaml.as_bytes()).is_err() || kind != Kind::Kubernetes
        );
        let _ = load(&kind, "deep.yaml", deep_flow.as_bytes());
    }
    assert!(detect("deep.json", deep_json.as_bytes()).is_err());
    assert!(detect("deep.yaml", deep_yaml.as_bytes()).is_err());
    assert!(detect("deep.yaml", deep_flow.as_bytes()).is_err());
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        bomb.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    let err = detect("bomb.yaml", bomb.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("bomb.yaml: not valid YAML"), "{err}");
    assert!(load(&Kind::Kubernetes, "bomb.yaml", bomb.as_bytes()).is_err());
}

#[test]
fn bundles_of_broken_files_report_the_first_broken_file() {
    let files = vec![
        (
            "ok.sarif".to_string(),
            None,
            real("sarif/dockle-0.3.15.image.sarif"),
        ),
        ("bad.json".to_string(), None, b"{\"runs\": [".to_vec()),
    ];
    let err = load_bundle(&files).unwrap_err().to_string();
    assert!(
        err.starts_with("bad.json: not valid JSON at line 1 column 10"),
        "{err}"
    );
}
