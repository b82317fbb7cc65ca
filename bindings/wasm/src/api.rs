//! The safe core of the module: requests in, JSON documents out.
//!
//! Every function here takes the bytes the host wrote into guest memory and
//! returns the bytes of the JSON document the host reads back (see
//! docs/wasm.md). Nothing here touches raw pointers: that is `abi.rs`'s job.

use indexmap::IndexMap;
use phasegate_engine::{CompileError, EvalContext, InputError, Limits, PolicySet, Value};
use phasegate_lang::diag::DiagnosticJson;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The version of the ABI described in docs/wasm.md. Bumped on any
/// incompatible change of an export's signature or of a request/response shape.
pub const ABI_VERSION: u32 = 1;

/// The deepest `max_call_depth` a compile request may set: the module's
/// stack is fixed (1 MiB, and the runtime's own call stack), unlike the
/// native engine's, which grows. Deeper recursion than this could trap
/// instead of ending with the engine's clean limit error.
pub const MAX_CALL_DEPTH: u32 = 256;

/// Stable error codes of the module itself (the engine's own codes are
/// `phasegate::compile::…`, `phasegate::input`).
pub mod codes {
    /// The request bytes are not UTF-8 or not the expected JSON shape.
    pub const BAD_REQUEST: &str = "phasegate::wasm::bad_request";
    /// The handle was never returned by `pg_compile` or was already dropped.
    pub const UNKNOWN_HANDLE: &str = "phasegate::wasm::unknown_handle";
    /// The input or context document is invalid (as for the CLI).
    pub const INPUT: &str = "phasegate::input";
}

/// `pg_compile`'s request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileRequest {
    /// Policy sources in load order.
    pub sources: Vec<Source>,
    /// Param overrides (`<package>.<name>`, `<rule-id>.<name>` or a bare name).
    #[serde(default)]
    pub params: IndexMap<String, Value>,
    /// Evaluation limits; missing fields keep their defaults.
    #[serde(default)]
    pub limits: Limits,
}

/// One policy source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Display name (used in diagnostics and rule locations), e.g. `build.gate`.
    pub name: String,
    /// The policy text.
    pub text: String,
}

/// `pg_evaluate`'s options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalOptions {
    /// The time rules see as now (RFC 3339); it wins over `context.now`.
    #[serde(default)]
    pub now: Option<String>,
    /// The `context` document; a string `now` field in it sets the time.
    #[serde(default)]
    pub context: Value,
}

/// A successful compile: what `pg_compile` leaves as its result document.
#[derive(Debug, Serialize)]
pub struct Compiled {
    /// The handle to evaluate with (also the return value of `pg_compile`).
    pub handle: u32,
    /// Rule ids in load order.
    pub rules: Vec<String>,
    /// Warnings of the compiler (errors fail the compile instead).
    pub warnings: Vec<DiagnosticJson>,
}

/// The error document: what every failing call leaves as its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorDoc {
    /// Stable code, e.g. `phasegate::compile::policy`.
    pub code: String,
    /// One-line summary.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
    /// The policy diagnostics (errors and warnings), as `phasegate lint --format json` prints them.
    pub diagnostics: Vec<DiagnosticJson>,
}

impl ErrorDoc {
    /// An error without diagnostics.
    pub fn new(code: &str, message: impl Into<String>) -> ErrorDoc {
        ErrorDoc {
            code: code.to_string(),
            message: message.into(),
            help: None,
            diagnostics: Vec::new(),
        }
    }

    /// The document as pretty JSON.
    pub fn to_json(&self) -> Vec<u8> {
        to_pretty(self)
    }
}

impl From<CompileError> for ErrorDoc {
    fn from(e: CompileError) -> ErrorDoc {
        use miette::Diagnostic as _;
        ErrorDoc {
            code: e.code().map(|c| c.to_string()).unwrap_or_default(),
            message: e.to_string(),
            help: e.help().map(|h| h.to_string()),
            diagnostics: e.diagnostics().iter().map(|d| d.to_json()).collect(),
        }
    }
}

impl From<InputError> for ErrorDoc {
    fn from(e: InputError) -> ErrorDoc {
        ErrorDoc::new(codes::INPUT, e.to_string())
    }
}

fn to_pretty<T: Serialize>(v: &T) -> Vec<u8> {
    // Serializing these plain structs cannot fail; fall back to a fixed
    // document rather than panicking all the same.
    serde_json::to_vec_pretty(v).unwrap_or_else(|e| {
        format!(
            "{{\"code\": \"{}\", \"message\": \"{e}\"}}",
            codes::BAD_REQUEST
        )
        .into_bytes()
    })
}

fn utf8<'a>(bytes: &'a [u8], what: &str) -> Result<&'a str, ErrorDoc> {
    std::str::from_utf8(bytes)
        .map_err(|e| ErrorDoc::new(codes::BAD_REQUEST, format!("{what} is not UTF-8: {e}")))
}

/// Parse and compile a [`CompileRequest`] (JSON bytes).
pub fn compile(request: &[u8]) -> Result<PolicySet, ErrorDoc> {
    let text = utf8(request, "the compile request")?;
    let req: CompileRequest = serde_json::from_str(text).map_err(|e| {
        ErrorDoc::new(
            codes::BAD_REQUEST,
            format!("the compile request is not valid: {e}"),
        )
    })?;
    if req.limits.max_call_depth > MAX_CALL_DEPTH {
        return Err(ErrorDoc::new(
            codes::BAD_REQUEST,
            format!(
                "limits.max_call_depth = {} is more than the WebAssembly module allows ({MAX_CALL_DEPTH}): its stack is fixed",
                req.limits.max_call_depth
            ),
        ));
    }
    let mut builder = PolicySet::builder().params(req.params).limits(req.limits);
    for s in req.sources {
        builder = builder.source(s.name, s.text);
    }
    Ok(builder.build()?)
}

/// The result document of a successful compile.
pub fn compiled_doc(handle: u32, set: &PolicySet) -> Vec<u8> {
    to_pretty(&Compiled {
        handle,
        rules: set.rules().map(|r| r.id.to_string()).collect(),
        warnings: set.warnings().iter().map(|d| d.to_json()).collect(),
    })
}

/// The evaluation context of [`EvalOptions`] (JSON bytes; empty means `{}`),
/// built as the CLI builds it from `--context` and `--now`.
pub fn context(options: &[u8]) -> Result<EvalContext, ErrorDoc> {
    let opts: EvalOptions = if options.is_empty() {
        EvalOptions::default()
    } else {
        let text = utf8(options, "the evaluation options")?;
        serde_json::from_str(text).map_err(|e| {
            ErrorDoc::new(
                codes::BAD_REQUEST,
                format!("the evaluation options are not valid: {e}"),
            )
        })?
    };
    let mut ctx = EvalContext::from_value(opts.context)?;
    if let Some(now) = opts.now {
        let t = OffsetDateTime::parse(&now, &Rfc3339).map_err(|e| {
            ErrorDoc::new(
                codes::INPUT,
                format!("now is not an RFC 3339 timestamp: {now:?}: {e}"),
            )
        })?;
        ctx = ctx.with_now(t);
    }
    Ok(ctx)
}

/// Evaluate `set` on a JSON input document: the decision exactly as
/// `phasegate check --format json` prints it (without the final newline).
pub fn evaluate(set: &PolicySet, input: &[u8], options: &[u8]) -> Result<Vec<u8>, ErrorDoc> {
    let ctx = context(options)?;
    let text = utf8(input, "the input")?;
    let decision = set.evaluate_json(text, &ctx)?;
    Ok(phasegate_report::json::to_json(&decision).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"
rule t.approvals {
  title "approved"
  phase build
  severity high
  param min: int = 1
  require count(input.reviews) >= min else "{count(input.reviews)} of {min}"
}
"#;

    fn request(params: &str) -> Vec<u8> {
        serde_json::json!({
            "sources": [{"name": "t.gate", "text": POLICY}],
            "params": serde_json::from_str::<serde_json::Value>(params).unwrap(),
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn evaluates_like_the_native_engine() {
        let set = compile(&request(r#"{"min": 2}"#)).unwrap();
        let out = evaluate(&set, br#"{"reviews": [1]}"#, b"").unwrap();
        let native = PolicySet::builder()
            .source("t.gate", POLICY)
            .param("min", 2)
            .build()
            .unwrap();
        let expected = phasegate_report::json::to_json(
            &native
                .evaluate_json(r#"{"reviews": [1]}"#, &EvalContext::new())
                .unwrap(),
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert!(expected.contains("\"1 of 2\""));
    }

    #[test]
    fn policy_errors_carry_the_diagnostics() {
        let req = br#"{"sources": [{"name": "bad.gate", "text": "rule x.y {\n  title \"t\"\n  phase build\n  severity high\n  require cuont(input) > 0\n}\n"}]}"#;
        let err = compile(req).unwrap_err();
        assert_eq!(err.code, "phasegate::compile::policy");
        assert!(err.message.starts_with("bad.gate:5:"), "{}", err.message);
        let d = &err.diagnostics[0];
        assert_eq!(d.code, "phasegate::check::unknown_function");
        assert_eq!((d.file.as_str(), d.line, d.column), ("bad.gate", 5, 11));
        assert!(d.help.as_deref().unwrap_or("").contains("`count`"), "{d:?}");
    }

    #[test]
    fn bad_params_and_requests_are_structured_errors() {
        let err = compile(&request(r#"{"mn": 2}"#)).unwrap_err();
        assert_eq!(err.code, "phasegate::compile::bad_param");
        assert_eq!(err.help.as_deref(), Some("did you mean `min`?"));
        let err = compile(b"{\"sources\": 3}").unwrap_err();
        assert_eq!(err.code, codes::BAD_REQUEST);
        let err = compile(&[0xff, 0xfe]).unwrap_err();
        assert_eq!(err.code, codes::BAD_REQUEST);
        assert!(err.message.contains("not UTF-8"));
        let err = compile(br#"{"sources": []}"#).unwrap_err();
        assert_eq!(err.code, "phasegate::compile::no_policies");
        let deep =
            br#"{"sources": [{"name": "a", "text": "x"}], "limits": {"max_call_depth": 257}}"#;
        let err = compile(deep).unwrap_err();
        assert_eq!(err.code, codes::BAD_REQUEST);
        assert!(
            err.message.contains("max_call_depth = 257"),
            "{}",
            err.message
        );
        let err = compile(br#"{"sources": [], "limits": {"fuel": 1}}"#).unwrap_err();
        assert_eq!(err.code, codes::BAD_REQUEST);
    }

    #[test]
    fn bad_input_and_options_are_structured_errors() {
        let set = compile(&request("{}")).unwrap();
        let err = evaluate(&set, b"{", b"").unwrap_err();
        assert_eq!(err.code, codes::INPUT);
        assert!(
            err.message.starts_with("invalid JSON input"),
            "{}",
            err.message
        );
        let err = evaluate(&set, b"{}", br#"{"now": "yesterday"}"#).unwrap_err();
        assert_eq!(err.code, codes::INPUT);
        let err = evaluate(&set, b"{}", br#"{"context": {"now": 5}}"#).unwrap_err();
        assert_eq!(err.code, codes::INPUT);
        let err = evaluate(&set, b"{}", br#"{"tomorrow": 1}"#).unwrap_err();
        assert_eq!(err.code, codes::BAD_REQUEST);
    }

    #[test]
    fn now_wins_over_the_context_and_reaches_policies() {
        let ctx =
            context(br#"{"now": "2024-05-01T00:00:00Z", "context": {"env": "prod"}}"#).unwrap();
        assert_eq!(ctx.now.map(|t| t.unix_timestamp()), Some(1_714_521_600));
        assert_eq!(ctx.context.get("env"), &Value::str("prod"));
        let ctx = context(br#"{"context": {"now": "2024-05-01T00:00:00Z"}}"#).unwrap();
        assert_eq!(ctx.now.map(|t| t.unix_timestamp()), Some(1_714_521_600));
        assert_eq!(context(b"").unwrap(), EvalContext::new());
    }
}
