//! SARIF output: valid against the official 2.1.0 schema, one reporting rule
//! per policy rule, one result per failing rule, located from the evidence.

mod common;

use phasegate_engine::{Decision, Status};
use phasegate_report::sarif::{self, to_sarif};
use serde_json::Value as Json;

const SCHEMA: &str = include_str!("../../tests/schemas/sarif-schema-2.1.0.json");

fn validate(decision: &Decision) -> Json {
    let text = to_sarif(decision);
    let log: Json = serde_json::from_str(&text).expect("SARIF output is JSON");
    let schema: Json = serde_json::from_str(SCHEMA).expect("vendored schema is JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}\n{text}");
    log
}

fn run(log: &Json) -> &Json {
    &log["runs"][0]
}

fn result<'a>(log: &'a Json, id: &str) -> &'a Json {
    run(log)["results"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["ruleId"] == id))
        .unwrap_or_else(|| panic!("no result for {id}"))
}

fn uris_and_lines(locations: &Json) -> Vec<(String, Option<u64>)> {
    locations
        .as_array()
        .map(|ls| {
            ls.iter()
                .map(|l| {
                    let p = &l["physicalLocation"];
                    (
                        p["artifactLocation"]["uri"]
                            .as_str()
                            .unwrap_or("")
                            .to_string(),
                        p["region"]["startLine"].as_u64(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_output_validates_against_the_official_schema() {
    validate(&common::demo());
    validate(&common::hostile());
    validate(&common::empty());
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    // The validation above would be meaningless if it accepted anything.
    let mut log: Json = serde_json::from_str(&to_sarif(&common::demo())).unwrap();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Json::from(0);
    let schema: Json = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    assert!(!validator.is_valid(&log));
    // Formats are checked too: a helpUri must be an absolute URI. (Draft 4 has
    // no `uri-reference` format; `sarif::file_uri` has its own unit tests.)
    let mut log: Json = serde_json::from_str(&to_sarif(&common::demo())).unwrap();
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = Json::from("owasp.org/x");
    assert!(!validator.is_valid(&log));
}

#[test]
fn one_run_with_phasegate_as_the_tool_and_every_rule_as_a_reporting_rule() {
    let d = common::demo();
    let log = validate(&d);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    let driver = &run(&log)["tool"]["driver"];
    assert_eq!(driver["name"], "phasegate");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let want: Vec<&str> = d.results.iter().map(|r| &*r.id).collect();
    assert_eq!(ids, want);
    for (rule, r) in rules.iter().zip(&d.results) {
        assert_eq!(rule["name"], &*r.title);
        assert_eq!(rule["shortDescription"]["text"], &*r.title);
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            sarif::level(r.severity)
        );
        assert_eq!(
            rule["properties"]["security-severity"],
            sarif::security_severity(r.severity)
        );
        assert_eq!(rule["properties"]["phase"], r.phase.as_str());
    }
    let sast = &rules[0];
    assert_eq!(sast["defaultConfiguration"]["level"], "error");
    assert_eq!(sast["properties"]["security-severity"], "9.5");
    assert_eq!(
        sast["helpUri"],
        "https://owasp.org/www-project-devsecops-guideline/"
    );
    assert_eq!(
        sast["help"]["text"],
        "Fix the findings.\n\nReferences:\n- https://owasp.org/www-project-devsecops-guideline/\n- CWE-20"
    );
    // "code" is both the phase and a tag: tags stay unique.
    assert_eq!(
        sast["properties"]["tags"],
        serde_json::json!(["security", "code", "sast"])
    );
    // A javascript: reference is never a helpUri.
    let pins = rules
        .iter()
        .find(|r| r["id"] == "build.manifest-pins")
        .unwrap();
    assert!(pins.get("helpUri").is_none());
    assert_eq!(pins["defaultConfiguration"]["level"], "note");
}

#[test]
fn one_result_per_failing_rule_pointing_at_its_reporting_rule() {
    let d = common::demo();
    let log = validate(&d);
    let results = run(&log)["results"].as_array().unwrap();
    let failing: Vec<&str> = d
        .results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| &*r.id)
        .collect();
    assert_eq!(failing.len(), 5);
    let got: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(got, failing);
    let rules = run(&log)["tool"]["driver"]["rules"].as_array().unwrap();
    for res in results {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
        assert_eq!(res["kind"], "fail");
        assert_eq!(res["level"], rules[i]["defaultConfiguration"]["level"]);
        let r = d.result(res["ruleId"].as_str().unwrap()).unwrap();
        assert_eq!(res["message"]["text"], r.messages.join("\n").as_str());
        assert_eq!(res["properties"]["messages"], serde_json::json!(r.messages));
    }
}

#[test]
fn locations_come_from_the_evidence() {
    let log = validate(&common::demo());
    // An adapter's normalised item: location {uri, line}.
    assert_eq!(
        uris_and_lines(&result(&log, "code.sast-clean")["locations"]),
        [("src/db/query.py".to_string(), Some(42))]
    );
    // A raw SARIF result as evidence; the space is percent-encoded.
    assert_eq!(
        uris_and_lines(&result(&log, "code.raw-sarif")["locations"]),
        [("web/app%20ui.js".to_string(), Some(7))]
    );
    // Items of a derived list: file + line, and a source file without a line.
    assert_eq!(
        uris_and_lines(&result(&log, "build.manifest-pins")["locations"]),
        [
            ("package.json".to_string(), Some(12)),
            ("package.json".to_string(), None)
        ]
    );
    // A file without a line.
    assert_eq!(
        uris_and_lines(&result(&log, "test.files")["locations"]),
        [("tests/test_auth.py".to_string(), None)]
    );
    // The policy is a related location when the evidence has locations.
    let related = &result(&log, "code.sast-clean")["relatedLocations"];
    assert_eq!(
        uris_and_lines(related),
        [("policies/demo.gate".to_string(), Some(4))]
    );
    assert_eq!(
        related[0]["message"]["text"],
        "rule code.sast-clean is defined here"
    );
}

#[test]
fn without_located_evidence_the_result_points_at_the_rule_in_its_policy() {
    let d = common::demo();
    let log = validate(&d);
    let r = d.result("build.reviewed").unwrap();
    let res = result(&log, "build.reviewed");
    assert_eq!(
        uris_and_lines(&res["locations"]),
        [(r.location.file.to_string(), Some(r.location.line as u64))]
    );
    assert!(res.get("relatedLocations").is_none());
}

#[test]
fn errored_rules_are_tool_notifications_not_results() {
    let log = validate(&common::demo());
    let inv = &run(&log)["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(notes[0]["associatedRule"]["id"], "release.signed");
    let rules = run(&log)["tool"]["driver"]["rules"].as_array().unwrap();
    let i = notes[0]["associatedRule"]["index"].as_u64().unwrap() as usize;
    assert_eq!(rules[i]["id"], "release.signed");
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("must be a bool"));
    let results = run(&log)["results"].as_array().unwrap();
    assert!(results
        .iter()
        .all(|r| r["ruleId"] != "release.signed" && r["ruleId"] != "release.sbom"));
}

#[test]
fn a_clean_or_empty_decision_is_a_successful_run_without_results() {
    let log = validate(&common::empty());
    assert_eq!(run(&log)["results"], serde_json::json!([]));
    assert_eq!(run(&log)["invocations"][0]["executionSuccessful"], true);
    assert_eq!(run(&log)["tool"]["driver"]["rules"], serde_json::json!([]));
}

#[test]
fn hostile_text_is_carried_as_data() {
    let log = validate(&common::hostile());
    let res = &run(&log)["results"][0];
    assert_eq!(res["message"]["text"], common::HOSTILE);
    let rule = &run(&log)["tool"]["driver"]["rules"][0];
    assert_eq!(rule["helpUri"], "https://example.test/a?b=1&c=2");
}

#[test]
fn the_same_decision_gives_the_same_bytes() {
    let a = to_sarif(&common::demo());
    let b = to_sarif(&common::demo());
    assert_eq!(a, b);
}
