//! Writes the seed corpora of the fuzz targets (`fuzz/corpus/<target>/seed-*`)
//! from the repository's examples and real fixtures. Run from `fuzz/`:
//! `cargo run --example seed`. Files over 64 KB are skipped, so the corpora
//! stay small enough to commit.

use phasegate_stdlib::adapters::load_bundle;
use std::fs;
use std::path::{Path, PathBuf};

const MAX_SEED: u64 = 64 * 1024;

fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, exts, out);
        } else if exts.iter().any(|e| p.extension().is_some_and(|x| x == *e))
            && fs::metadata(&p).is_ok_and(|m| m.len() <= MAX_SEED)
        {
            out.push(p);
        }
    }
}

fn write(target: &str, name: &Path, bytes: &[u8]) {
    let dir = Path::new("corpus").join(target);
    fs::create_dir_all(&dir).expect("corpus directory");
    let base = name
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fs::write(dir.join(format!("seed-{base}")), bytes).expect("seed written");
}

fn main() {
    let root = Path::new("..");
    let mut gates = Vec::new();
    files(&root.join("examples/policies"), &["gate"], &mut gates);
    files(&root.join("stdlib/packs"), &["gate"], &mut gates);
    for p in &gates {
        let bytes = fs::read(p).expect("readable");
        write("parse_check", p, &bytes);
        write("fmt_roundtrip", p, &bytes);
    }
    let mut evidence = Vec::new();
    let exts = ["json", "jsonl", "sarif", "yml", "yaml"];
    files(&root.join("examples/evidence"), &exts, &mut evidence);
    files(&root.join("tests/fixtures/real"), &exts, &mut evidence);
    for p in &evidence {
        let bytes = fs::read(p).expect("readable");
        let mut tagged = vec![0xff];
        tagged.extend_from_slice(&bytes);
        write("adapters", p, &tagged);
        let name = p.display().to_string();
        if let Ok(bundle) = load_bundle(&[(name, None, bytes)]) {
            let json = serde_json::to_vec(&bundle).expect("values serialise");
            if json.len() as u64 <= MAX_SEED {
                write("eval_pack_json", &p.with_extension("bundle.json"), &json);
            }
        }
    }
    let mut inputs = Vec::new();
    files(&root.join("examples/inputs"), &["json"], &mut inputs);
    for p in &inputs {
        write("eval_pack_json", p, &fs::read(p).expect("readable"));
    }
}
