// The engine module under Node.js's standard WebAssembly API.
//
// Run by scripts/test-wasm.sh, which sets:
//   PHASEGATE_WASM        the built phasegate_wasm.wasm
//   PHASEGATE_WASM_CASES  the cases the Rust differential test wrote, each
//                         with the native engine's expected decision JSON
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { load, PhasegateError, ABI_VERSION } from "../../js/phasegate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const wasmPath =
  process.env.PHASEGATE_WASM ??
  path.join(root, "target/wasm/phasegate_wasm.wasm");
if (!fs.existsSync(wasmPath)) {
  throw new Error(`${wasmPath} does not exist: run bash scripts/test-wasm.sh`);
}
const bytes = fs.readFileSync(wasmPath);

// The PhasegateError `f` throws (assert.throws returns nothing).
function thrown(f) {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof PhasegateError, `expected a PhasegateError, got ${err}`);
    return err;
  }
  assert.fail("expected an error");
}

const POLICY = `rule t.approvals {
  title "Pull requests are approved"
  phase build
  severity high
  param min: int = 1
  let approvals = [r in input.reviews | r.state == "approved"]
  require count(approvals) >= min else "{count(approvals)} approval(s), needs {min}"
}
`;

test("the module imports nothing and exports the ABI", () => {
  const m = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(m), []);
  const names = WebAssembly.Module.exports(m).map((e) => e.name);
  for (const f of ["memory", "pg_abi_version", "pg_alloc", "pg_free", "pg_compile",
    "pg_evaluate", "pg_drop", "pg_result_ptr", "pg_result_len"]) {
    assert.ok(names.includes(f), `missing export ${f}`);
  }
});

test("the version export", async () => {
  const e = await load(bytes);
  assert.equal(e.abiVersion, ABI_VERSION);
  assert.equal(ABI_VERSION, 1);
});

test("compile and evaluate: statuses, messages, params", async () => {
  const e = await load(bytes);
  const c = e.compile({ sources: [{ name: "t.gate", text: POLICY }], params: { min: 2 } });
  assert.equal(c.handle, 1);
  assert.deepEqual(c.rules, ["t.approvals"]);
  assert.deepEqual(c.warnings, []);
  const fail = JSON.parse(e.evaluate(c.handle, '{"reviews": [{"state": "approved"}]}'));
  assert.equal(fail.results[0].status, "fail");
  assert.deepEqual(fail.results[0].messages, ["1 approval(s), needs 2"]);
  assert.equal(fail.summary.fail, 1);
  const pass = JSON.parse(
    e.evaluate(c.handle, '{"reviews": [{"state": "approved"}, {"state": "approved"}]}'),
  );
  assert.equal(pass.results[0].status, "pass");
});

test("decisions are byte-identical to the native engine's", async (t) => {
  const dir = process.env.PHASEGATE_WASM_CASES;
  assert.ok(dir, "PHASEGATE_WASM_CASES is not set: run bash scripts/test-wasm.sh");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  assert.ok(files.length > 0, `no cases in ${dir}`);
  const e = await load(bytes);
  let evaluations = 0;
  for (const f of files) {
    const c = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    if (c.compile_error) {
      assert.throws(() => e.compile(c.request), PhasegateError, c.name);
      continue;
    }
    const { handle } = e.compile(c.request);
    for (const ev of c.evaluations) {
      if (ev.expected_error) {
        assert.throws(() => e.evaluate(handle, ev.input, ev.options), { code: ev.expected_error });
      } else {
        assert.equal(e.evaluate(handle, ev.input, ev.options), ev.expected, ev.name);
      }
      evaluations += 1;
    }
    e.drop(handle);
  }
  t.diagnostic(`${files.length} policy sets, ${evaluations} evaluations identical`);
  assert.ok(evaluations > 0);
});

test("compile errors are structured like the CLI's diagnostics", async () => {
  const e = await load(bytes);
  const text = POLICY.replace("count(approvals) >=", "cuont(approvals) >=");
  const err = thrown(() => e.compile({ sources: [{ name: "bad.gate", text }] }));
  assert.equal(err.code, "phasegate::compile::policy");
  assert.match(err.message, /^bad\.gate:7:11: /);
  assert.equal(err.diagnostics.length, 1);
  const d = err.diagnostics[0];
  assert.equal(d.code, "phasegate::check::unknown_function");
  assert.equal(d.severity, "error");
  assert.equal(d.file, "bad.gate");
  assert.equal(d.line, 7);
  assert.equal(d.column, 11);
  assert.match(d.help, /count/);
});

test("param and request errors", async () => {
  const e = await load(bytes);
  const src = [{ name: "t.gate", text: POLICY }];
  let err = thrown(() => e.compile({ sources: src, params: { mni: 2 } }));
  assert.equal(err.code, "phasegate::compile::bad_param");
  assert.equal(err.help, "did you mean `min`?");
  err = thrown(() => e.compile({ sources: "nope" }));
  assert.equal(err.code, "phasegate::wasm::bad_request");
  const { handle } = e.compile({ sources: src });
  err = thrown(() => e.evaluate(handle, "{not json"));
  assert.equal(err.code, "phasegate::input");
  err = thrown(() => e.evaluate(handle, "{}", { now: "soon" }));
  assert.equal(err.code, "phasegate::input");
});

test("now and context reach the policies", async () => {
  const e = await load(bytes);
  const text = `rule t.fresh {
  title "fresh"
  phase deploy
  severity low
  require now() - parse_time(input.at) < 86400 else "old"
  require context.env == "prod" else "env {context.env}"
}
`;
  const { handle } = e.compile({ sources: [{ name: "f.gate", text }] });
  const at = '{"at": "2024-05-01T00:00:00Z"}';
  let d = JSON.parse(e.evaluate(handle, at, { now: "2024-05-01T06:00:00Z", context: { env: "prod" } }));
  assert.equal(d.results[0].status, "pass");
  d = JSON.parse(e.evaluate(handle, at, { context: { now: "2024-05-03T00:00:00Z", env: "dev" } }));
  assert.deepEqual(d.results[0].messages, ["old", "env dev"]);
  d = JSON.parse(e.evaluate(handle, at));
  assert.equal(d.results[0].status, "error");
});

test("dropped handles are gone, and memory is reclaimed", async () => {
  const e = await load(bytes);
  const req = { sources: [{ name: "t.gate", text: POLICY }] };
  const cycle = () => {
    const { handle } = e.compile(req);
    e.evaluate(handle, '{"reviews": []}');
    e.drop(handle);
    return handle;
  };
  const h = cycle();
  let err = thrown(() => e.evaluate(h, "{}"));
  assert.equal(err.code, "phasegate::wasm::unknown_handle");
  err = thrown(() => e.drop(h));
  assert.equal(err.code, "phasegate::wasm::unknown_handle");
  for (let i = 0; i < 20; i++) cycle();
  const before = e.x.memory.buffer.byteLength;
  let last = 0;
  for (let i = 0; i < 300; i++) last = cycle();
  assert.equal(e.x.memory.buffer.byteLength, before, "memory grew: something leaks");
  assert.equal(last, h + 320, "handles are never reused");
});

test("evaluation nested past the module's cap is a rule error, not a RangeError", async () => {
  // 256 calls, each nesting 16 sub-expressions on the way to the next call:
  // 4,096 levels of nested evaluation stop with a located rule error
  // (docs/wasm.md); 100 calls stay under the cap and pass.
  const wrap = "(0 + ".repeat(16) + "rec(n - 1)" + ")".repeat(16);
  const text = `fn rec(n) = if n <= 0 then 0 else 1 + ${wrap}
rule t.rec {
  title "t"
  phase build
  severity low
  require rec(input.n) == input.n
}
`;
  const e = await load(bytes);
  const c = e.compile({ sources: [{ name: "nest.gate", text }], limits: { max_call_depth: 256 } });
  const deep = JSON.parse(e.evaluate(c.handle, JSON.stringify({ n: 200 })));
  const r = deep.results[0];
  assert.equal(r.status, "error");
  const messages = JSON.stringify(r.messages);
  assert.match(messages, /sub-expressions nested 4096 levels deep/);
  assert.match(messages, /nest\.gate:1:/);
  const shallow = JSON.parse(e.evaluate(c.handle, JSON.stringify({ n: 100 })));
  assert.equal(shallow.results[0].status, "pass");
});
