//! Regorus: the Rego equivalents under `bench/policies/rego/`.

use phasegate_bench::inputs::repo_root;
use phasegate_bench::rules::Verdict;

/// A Regorus engine with one rule's policy loaded and the input set.
pub struct RegoRule {
    engine: regorus::Engine,
    input: regorus::Value,
    query: String,
}

/// The text of a file under `bench/policies/`.
pub fn policy_text(file: &str) -> String {
    let path = repo_root().join("bench/policies").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

impl RegoRule {
    /// Load `bench/policies/rego/<pkg>.rego` (and the shared severity helpers).
    pub fn new(pkg: &str, input_json: &str) -> RegoRule {
        let mut engine = regorus::Engine::new();
        for file in ["severity.rego".to_string(), format!("{pkg}.rego")] {
            let text = policy_text(&format!("rego/{file}"));
            if let Err(e) = engine.add_policy(file.clone(), text) {
                panic!("{file}: {e}");
            }
        }
        let input = regorus::Value::from_json_str(input_json)
            .unwrap_or_else(|e| panic!("input to Rego: {e}"));
        RegoRule {
            engine,
            input,
            query: format!("data.bench.{pkg}.result"),
        }
    }

    /// One evaluation: set the (already converted) input and evaluate `result`.
    pub fn eval(&mut self) -> regorus::Value {
        self.engine.set_input(self.input.clone());
        match self.engine.eval_rule(self.query.clone()) {
            Ok(v) => v,
            Err(e) => panic!("{}: {e}", self.query),
        }
    }

    /// The verdict: `result.status` and `result.messages`.
    pub fn verdict(&mut self) -> Verdict {
        let v = self.eval();
        let json: serde_json::Value = v
            .to_json_str()
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_else(|| panic!("{}: result is not JSON", self.query));
        let status = json["status"].as_str().unwrap_or("undefined");
        let messages = json["messages"]
            .as_array()
            .map(|m| {
                m.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Verdict::new(status, messages)
    }
}
