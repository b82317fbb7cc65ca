//! The wasmtime sandbox every module runs in: fuel, a memory cap and an
//! epoch deadline per call, and the mapping of exhausted bounds and traps to
//! [`HostError`]s.

use crate::error::HostError;
use crate::limits::HostLimits;
use std::fmt;
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;
use wasmtime::{Config, Engine, Instance, Module, ResourceLimiter, Store, Trap};

/// A wasmtime engine configured for bounded calls, plus the thread that
/// advances its epoch (the clock of the deadlines). Cheap to clone; the
/// thread stops when the last clone is dropped.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Engine,
    ticker: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some((stop, thread)) = self.ticker.take() {
            drop(stop);
            let _ = thread.join();
        }
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox").finish_non_exhaustive()
    }
}

/// The per-store state: the bounds of its calls and the memory limiter.
pub(crate) struct Guest {
    limits: HostLimits,
    limiter: Limiter,
}

impl Guest {
    /// The bounds of this store's calls.
    pub(crate) fn limits(&self) -> &HostLimits {
        &self.limits
    }
}

/// Caps linear memory and remembers whether the cap was hit (the guest may
/// see a failed `memory.grow` and trap later, e.g. by aborting).
struct Limiter {
    max_memory: usize,
    hit: bool,
}

/// Most table elements an instance may have.
const MAX_TABLE_ELEMENTS: usize = 100_000;

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.max_memory {
            self.hit = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        1
    }
}

/// A broken ABI contract found by the host while driving a call.
#[derive(Debug)]
pub(crate) struct AbiViolation(pub String);

impl fmt::Display for AbiViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AbiViolation {}

/// An ABI violation as a wasmtime error (classified back by [`Sandbox::call`]).
pub(crate) fn abi(msg: impl Into<String>) -> wasmtime::Error {
    wasmtime::Error::new(AbiViolation(msg.into()))
}

impl Sandbox {
    /// How often the deadline clock ticks: deadlines are rounded up to it.
    pub const TICK: Duration = Duration::from_millis(5);

    /// The native stack WebAssembly code may use in one call (wasmtime's
    /// `max_wasm_stack`; its default is 512 KiB). The engine module stops
    /// nesting evaluations at 4,096 levels (`MAX_NESTING` in the engine's
    /// limits.rs) with a rule error; measured, that needs about 1.2 MiB, and
    /// recursion past this stack is a trap ([`HostError::Trap`]).
    pub const WASM_STACK: usize = 2 << 20;
    /// Native stack guaranteed to a call: [`Sandbox::WASM_STACK`] and room
    /// for wasmtime's own frames. A thread with less left (test threads
    /// have 2 MiB) runs the call on a fresh stack segment.
    const CALL_STACK: usize = Sandbox::WASM_STACK + (512 << 10);

    /// A wasmtime engine with fuel and epoch interruption, and its clock.
    pub fn new() -> Result<Sandbox, HostError> {
        let mut config = Config::new();
        config
            .consume_fuel(true)
            .epoch_interruption(true)
            .max_wasm_stack(Sandbox::WASM_STACK);
        let engine = Engine::new(&config).map_err(|e| HostError::Load(format!("{e:#}")))?;
        let (stop, ticks) = mpsc::channel::<()>();
        let clock = engine.clone();
        let thread = std::thread::Builder::new()
            .name("phasegate-wasm-epoch".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) = ticks.recv_timeout(Sandbox::TICK) {
                    clock.increment_epoch();
                }
            })
            .map_err(|e| HostError::Load(format!("cannot start the deadline clock: {e}")))?;
        Ok(Sandbox {
            inner: Arc::new(Inner {
                engine,
                ticker: Some((stop, thread)),
            }),
        })
    }

    /// Compile a module (binary WebAssembly) for this sandbox. A module that
    /// imports anything is refused: sandboxed modules get no host functions.
    pub fn compile(&self, what: &str, wasm: &[u8]) -> Result<Module, HostError> {
        let module = Module::new(&self.inner.engine, wasm)
            .map_err(|e| HostError::Load(format!("{what}: {e:#}")))?;
        if let Some(i) = module.imports().next() {
            return Err(HostError::Load(format!(
                "{what} imports `{}::{}`; modules run without any host functions, so they must import nothing",
                i.module(),
                i.name()
            )));
        }
        Ok(module)
    }

    /// A fresh store (one per instance) whose calls run under `limits`.
    pub(crate) fn store(&self, limits: HostLimits) -> Store<Guest> {
        let mut store = Store::new(
            &self.inner.engine,
            Guest {
                limits,
                limiter: Limiter {
                    max_memory: limits.max_memory_bytes,
                    hit: false,
                },
            },
        );
        store.limiter(|g| &mut g.limiter);
        store
    }

    /// Instantiate `module` in `store`, under the call bounds.
    pub(crate) fn instantiate(
        &self,
        store: &mut Store<Guest>,
        module: &Module,
    ) -> Result<Instance, HostError> {
        self.call(store, |store| Instance::new(store, module, &[]))
    }

    /// Run `f` (any number of calls into the instance) under one budget of
    /// fuel, the memory cap and one deadline; map its failure to a [`HostError`].
    pub(crate) fn call<R>(
        &self,
        store: &mut Store<Guest>,
        f: impl FnOnce(&mut Store<Guest>) -> wasmtime::Result<R>,
    ) -> Result<R, HostError> {
        let limits = store.data().limits;
        store
            .set_fuel(limits.fuel)
            .map_err(|e| HostError::Load(format!("{e:#}")))?;
        let tick = Sandbox::TICK.as_nanos().max(1);
        let ticks = limits.timeout.as_nanos().div_ceil(tick) + 1;
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
        store.epoch_deadline_trap();
        store.data_mut().limiter.hit = false;
        let outcome = stacker::maybe_grow(
            Sandbox::CALL_STACK,
            Sandbox::CALL_STACK + (512 << 10),
            || f(store),
        );
        let hit = store.data().limiter.hit;
        outcome.map_err(|e| classify(e, &limits, hit))
    }
}

/// Map a failed call to its [`HostError`]: the memory cap first (a guest
/// denied memory usually aborts, i.e. traps), then ABI violations, fuel and
/// the deadline.
fn classify(err: wasmtime::Error, limits: &HostLimits, memory_cap_hit: bool) -> HostError {
    if memory_cap_hit {
        return HostError::MemoryLimit {
            max_bytes: limits.max_memory_bytes,
        };
    }
    if let Some(v) = err.downcast_ref::<AbiViolation>() {
        return HostError::Abi(v.0.clone());
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => HostError::OutOfFuel { fuel: limits.fuel },
        Some(Trap::Interrupt) => HostError::Timeout {
            timeout: limits.timeout,
        },
        Some(t) => HostError::Trap(t.to_string()),
        None => HostError::Trap(format!("{err:#}")),
    }
}
