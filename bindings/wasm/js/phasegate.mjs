// A thin JavaScript wrapper around the phasegate engine module's ABI
// (docs/wasm.md). Works with any runtime that has the standard
// `WebAssembly` API: Node.js, Deno, browsers. The module imports nothing.

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** The ABI version this wrapper speaks. */
export const ABI_VERSION = 1;

/** An error document returned by the engine (code, message, help, diagnostics). */
export class PhasegateError extends Error {
  constructor(doc) {
    super(doc.message);
    this.name = "PhasegateError";
    this.code = doc.code;
    this.help = doc.help ?? null;
    this.diagnostics = doc.diagnostics ?? [];
  }
}

/**
 * Instantiate the engine module from its bytes.
 * @param {BufferSource} bytes the `.wasm` file
 */
export async function load(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return new Engine(instance);
}

/** One instance of the engine module. */
export class Engine {
  constructor(instance) {
    this.x = instance.exports;
    const v = this.x.pg_abi_version();
    if (v !== ABI_VERSION) {
      throw new Error(`the module speaks ABI version ${v}, this wrapper ${ABI_VERSION}`);
    }
  }

  /** The ABI version the module reports. */
  get abiVersion() {
    return this.x.pg_abi_version();
  }

  // Copy a string into guest memory: [ptr, len] (0, 0 for "").
  #put(text) {
    const bytes = encoder.encode(text);
    if (bytes.length === 0) return [0, 0];
    const ptr = this.x.pg_alloc(bytes.length);
    if (ptr === 0) throw new Error(`pg_alloc(${bytes.length}) failed`);
    new Uint8Array(this.x.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  #free([ptr, len]) {
    this.x.pg_free(ptr, len);
  }

  // The last call's result document as text. `>>> 0` reads the i32 as unsigned.
  #result() {
    const ptr = this.x.pg_result_ptr() >>> 0;
    const len = this.x.pg_result_len() >>> 0;
    return decoder.decode(new Uint8Array(this.x.memory.buffer, ptr, len));
  }

  /**
   * Compile policies. Throws a PhasegateError (with diagnostics) on policy errors.
   * @param {{sources: {name: string, text: string}[], params?: object, limits?: object}} request
   * @returns {{handle: number, rules: string[], warnings: object[]}}
   */
  compile(request) {
    const req = this.#put(JSON.stringify(request));
    const handle = this.x.pg_compile(req[0], req[1]) >>> 0;
    this.#free(req);
    const doc = JSON.parse(this.#result());
    if (handle === 0) throw new PhasegateError(doc);
    return doc;
  }

  /**
   * Evaluate a compiled policy set on a JSON input (a string).
   * @param {number} handle from compile()
   * @param {string} inputJson the input document
   * @param {{now?: string, context?: any}} [options]
   * @returns {string} the decision JSON, as `phasegate check --format json` prints it
   */
  evaluate(handle, inputJson, options = {}) {
    const input = this.#put(inputJson);
    const opts = this.#put(JSON.stringify(options));
    const status = this.x.pg_evaluate(handle, input[0], input[1], opts[0], opts[1]);
    this.#free(input);
    this.#free(opts);
    const text = this.#result();
    if (status !== 0) throw new PhasegateError(JSON.parse(text));
    return text;
  }

  /** Forget a compiled policy set. Throws for an unknown handle. */
  drop(handle) {
    if (this.x.pg_drop(handle) !== 0) throw new PhasegateError(JSON.parse(this.#result()));
  }
}
