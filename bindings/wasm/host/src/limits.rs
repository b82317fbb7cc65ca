//! The bounds every call into a WebAssembly module runs under.

use std::time::Duration;

/// Bounds on one call into a module (a compile, an evaluation, a plugin
/// call). Exceeding one stops the call with a typed error:
/// [`crate::HostError::OutOfFuel`], [`crate::HostError::MemoryLimit`] or
/// [`crate::HostError::Timeout`].
///
/// | bound | default |
/// |---|---|
/// | `fuel` | 20 000 000 000 units (about one per WebAssembly instruction) |
/// | `max_memory_bytes` | 512 MiB of linear memory per instance |
/// | `timeout` | 30 s of wall-clock time |
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostLimits {
    /// Fuel for one call (wasmtime's `Config::consume_fuel`).
    pub fuel: u64,
    /// Largest linear memory an instance may grow to, in bytes.
    pub max_memory_bytes: usize,
    /// Wall-clock deadline of one call (wasmtime's epoch interruption; its
    /// granularity is [`crate::Sandbox::TICK`]).
    pub timeout: Duration,
}

impl Default for HostLimits {
    fn default() -> Self {
        HostLimits {
            fuel: 20_000_000_000,
            max_memory_bytes: 512 << 20,
            timeout: Duration::from_secs(30),
        }
    }
}

impl HostLimits {
    /// The bounds of one plugin call in the CLI: 1 000 000 000 units of
    /// fuel, 256 MiB of memory per instance, 5 s.
    pub fn plugin_default() -> Self {
        HostLimits {
            fuel: 1_000_000_000,
            max_memory_bytes: 256 << 20,
            timeout: Duration::from_secs(5),
        }
    }

    /// Set the fuel.
    pub fn with_fuel(mut self, fuel: u64) -> Self {
        self.fuel = fuel;
        self
    }

    /// Set the memory cap.
    pub fn with_max_memory_bytes(mut self, bytes: usize) -> Self {
        self.max_memory_bytes = bytes;
        self
    }

    /// Set the deadline.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}
