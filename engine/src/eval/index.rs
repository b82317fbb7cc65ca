//! Input paths of values, found by `Arc` pointer identity: the index is built
//! lazily, once per evaluation, and only when evidence is needed.

use super::trace::push_key;
use phasegate_lang::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Most containers indexed (bounds the work on huge inputs).
const MAX_INDEXED: usize = 200_000;

/// Container address → input path.
#[derive(Debug, Default)]
pub(crate) struct InputIndex {
    paths: Option<HashMap<usize, String>>,
}

/// The address of a container value, if it is one.
fn addr(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(Arc::as_ptr(a) as *const u8 as usize),
        Value::Object(o) => Some(Arc::as_ptr(o) as *const u8 as usize),
        _ => None,
    }
}

impl InputIndex {
    /// The input path of `v` if it is a container of `input`.
    pub fn path_of(&mut self, input: &Value, v: &Value) -> Option<String> {
        let a = addr(v)?;
        self.paths
            .get_or_insert_with(|| build(input))
            .get(&a)
            .cloned()
    }
}

/// Walk the input breadth-first (no recursion) and record each container's path.
fn build(input: &Value) -> HashMap<usize, String> {
    let mut map = HashMap::new();
    let mut queue = std::collections::VecDeque::new();
    queue.push_back((input.clone(), "input".to_string()));
    while let Some((v, path)) = queue.pop_front() {
        if map.len() >= MAX_INDEXED {
            break;
        }
        let Some(a) = addr(&v) else { continue };
        if map.contains_key(&a) {
            continue;
        }
        match &v {
            Value::Array(xs) => {
                for (i, x) in xs.iter().enumerate() {
                    if addr(x).is_some() {
                        queue.push_back((x.clone(), format!("{path}[{i}]")));
                    }
                }
            }
            Value::Object(o) => {
                for (k, x) in o.iter() {
                    if addr(x).is_some() {
                        let mut p = path.clone();
                        push_key(&mut p, k);
                        queue.push_back((x.clone(), p));
                    }
                }
            }
            _ => {}
        }
        map.insert(a, path);
    }
    map
}
