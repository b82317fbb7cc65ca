//! Arbitrary bytes through the evidence adapters: the first byte picks the
//! kind (or content detection when it is past the last kind), the rest is
//! the file. Every outcome is a value or an `AdapterError`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phasegate_stdlib::adapters::{load, load_bundle, Kind};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let names = Kind::names();
    let result = match names.get(pick as usize) {
        Some(name) => {
            let kind = Kind::parse(name).expect("every listed name parses");
            load(&kind, "fuzz.json", bytes)
        }
        None => {
            let name = if pick % 2 == 0 {
                "fuzz.json"
            } else {
                "fuzz.yaml"
            };
            load_bundle(&[(name.to_string(), None, bytes.to_vec())])
        }
    };
    if let Err(e) = result {
        let _ = e.to_string();
    }
});
