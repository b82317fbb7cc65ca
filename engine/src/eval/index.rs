//! Input paths of values, found by `Arc` pointer identity: the index is built
//! lazily, once per evaluation, and only when evidence is needed.

use super::trace::push_key;
use phasegate_lang::value::ObjectHasher;
use phasegate_lang::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Most containers indexed (bounds the work on huge inputs).
const MAX_INDEXED: usize = 200_000;

/// Container address → where it sits: its parent's address (`None` for the
/// input itself) and its position in the parent (an array index, or the
/// index of the entry in an object). Neither keys nor paths are stored: a
/// path is formatted only when one is asked for, by walking down from the
/// input along the positions, so indexing a large input costs no string and
/// no reference-count update per container (threads that gate one document
/// would contend on those counts).
#[derive(Debug, Default)]
pub(crate) struct InputIndex {
    links: Option<HashMap<usize, Link, ObjectHasher>>,
}

#[derive(Clone, Copy, Debug)]
struct Link {
    parent: Option<usize>,
    pos: usize,
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
        let links = self.links.get_or_insert_with(|| build(input));
        // Positions from `v` up to the input, then walked down in order.
        let mut positions = Vec::new();
        let mut link = links.get(&a)?;
        while let Some(parent) = link.parent {
            positions.push(link.pos);
            link = links.get(&parent)?;
        }
        let mut path = String::from("input");
        let mut here = input;
        for &pos in positions.iter().rev() {
            here = match here {
                Value::Array(xs) => {
                    path.push('[');
                    path.push_str(&pos.to_string());
                    path.push(']');
                    xs.get(pos)?
                }
                Value::Object(o) => {
                    let (k, x) = o.get_index(pos)?;
                    push_key(&mut path, k);
                    x
                }
                _ => return None,
            };
        }
        Some(path)
    }
}

/// Walk the input breadth-first (no recursion) and link each container to
/// its parent. The first path found to a container is its path.
fn build(input: &Value) -> HashMap<usize, Link, ObjectHasher> {
    let mut map = HashMap::with_hasher(ObjectHasher::default());
    let mut queue = std::collections::VecDeque::new();
    queue.push_back((input, None, 0));
    while let Some((v, parent, pos)) = queue.pop_front() {
        if map.len() >= MAX_INDEXED {
            break;
        }
        let Some(a) = addr(v) else { continue };
        if map.contains_key(&a) {
            continue;
        }
        match v {
            Value::Array(xs) => {
                for (i, x) in xs.iter().enumerate() {
                    if addr(x).is_some() {
                        queue.push_back((x, Some(a), i));
                    }
                }
            }
            Value::Object(o) => {
                for (i, x) in o.values().enumerate() {
                    if addr(x).is_some() {
                        queue.push_back((x, Some(a), i));
                    }
                }
            }
            _ => {}
        }
        map.insert(a, Link { parent, pos });
    }
    map
}
