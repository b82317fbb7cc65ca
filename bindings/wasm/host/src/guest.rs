//! Moving documents in and out of a guest's linear memory, with the
//! conventions the engine module and plugins share: `pg_alloc`/`pg_free`
//! for requests, `pg_result_ptr`/`pg_result_len` for the last result.

use crate::error::HostError;
use crate::sandbox::{abi, Guest};
use wasmtime::{Instance, Memory, Store, TypedFunc, WasmParams, WasmResults};

/// An export of `instance` with the given type, or an ABI error naming it.
pub(crate) fn export<P: WasmParams, R: WasmResults>(
    instance: &Instance,
    store: &mut Store<Guest>,
    name: &str,
) -> Result<TypedFunc<P, R>, HostError> {
    instance
        .get_typed_func(&mut *store, name)
        .map_err(|e| HostError::Abi(format!("export `{name}`: {e:#}")))
}

/// The memory exports every module of ours has.
#[derive(Clone)]
pub(crate) struct GuestIo {
    pub memory: Memory,
    alloc: TypedFunc<u32, u32>,
    free: TypedFunc<(u32, u32), ()>,
    result_ptr: TypedFunc<(), u32>,
    result_len: TypedFunc<(), u32>,
}

/// The guest's answer to one call: its status and its result document.
pub(crate) struct Answer {
    pub status: u32,
    pub doc: Vec<u8>,
}

impl GuestIo {
    /// Find the exports (`memory`, `pg_alloc`, `pg_free`, `pg_result_ptr`,
    /// `pg_result_len`) with their types.
    pub fn new(instance: &Instance, store: &mut Store<Guest>) -> Result<GuestIo, HostError> {
        let memory = instance
            .get_memory(&mut *store, "memory")
            .ok_or_else(|| HostError::Abi("no exported `memory`".into()))?;
        Ok(GuestIo {
            memory,
            alloc: export(instance, store, "pg_alloc")?,
            free: export(instance, store, "pg_free")?,
            result_ptr: export(instance, store, "pg_result_ptr")?,
            result_len: export(instance, store, "pg_result_len")?,
        })
    }

    /// Copy `bytes` into fresh guest memory.
    pub fn put(&self, st: &mut Store<Guest>, bytes: &[u8]) -> wasmtime::Result<(u32, u32)> {
        let len = u32::try_from(bytes.len()).map_err(|_| abi("request larger than 4 GiB"))?;
        if len == 0 {
            return Ok((0, 0));
        }
        let ptr = self.alloc.call(&mut *st, len)?;
        if ptr == 0 {
            return Err(abi(format!("pg_alloc({len}) failed")));
        }
        self.memory
            .write(&mut *st, ptr as usize, bytes)
            .map_err(|_| abi(format!("pg_alloc({len}) returned memory out of bounds")))?;
        Ok((ptr, len))
    }

    /// Give back memory from [`GuestIo::put`].
    pub fn release(&self, st: &mut Store<Guest>, (ptr, len): (u32, u32)) -> wasmtime::Result<()> {
        self.free.call(st, (ptr, len))
    }

    /// Read the result document of the last call.
    pub fn answer(&self, st: &mut Store<Guest>, status: u32) -> wasmtime::Result<Answer> {
        let ptr = self.result_ptr.call(&mut *st, ())? as usize;
        let len = self.result_len.call(&mut *st, ())? as usize;
        let doc = ptr
            .checked_add(len)
            .and_then(|end| self.memory.data(&*st).get(ptr..end))
            .ok_or_else(|| abi(format!("result ({ptr}, {len}) lies outside the memory")))?;
        Ok(Answer {
            status,
            doc: doc.to_vec(),
        })
    }
}
