//! Input paths of values, found by `Arc` pointer identity: the index is built
//! lazily, once per evaluation, and only when evidence is needed.

use super::trace::push_key;
use phasegate_lang::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Most containers indexed (bounds the work on huge inputs).
const MAX_INDEXED: usize = 200_000;

/// Container address → where it sits: its parent's address (`None` for the
/// input itself) and the step from the parent. Paths are only formatted when
/// one is asked for, so indexing a large input costs no string per container.
#[derive(Debug, Default)]
pub(crate) struct InputIndex {
    links: Option<HashMap<usize, Link>>,
}

#[derive(Debug)]
struct Link {
    parent: Option<usize>,
    step: Step,
}

#[derive(Debug)]
enum Step {
    Root,
    Index(usize),
    Key(Arc<str>),
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
        let mut steps = Vec::new();
        let mut at = Some(a);
        while let Some(x) = at {
            let link = links.get(&x)?;
            steps.push(&link.step);
            at = link.parent;
        }
        let mut path = String::from("input");
        for step in steps.iter().rev() {
            match step {
                Step::Root => {}
                Step::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
                Step::Key(k) => push_key(&mut path, k),
            }
        }
        Some(path)
    }
}

/// Walk the input breadth-first (no recursion) and link each container to
/// its parent. The first path found to a container is its path.
fn build(input: &Value) -> HashMap<usize, Link> {
    let mut map = HashMap::new();
    let mut queue = std::collections::VecDeque::new();
    queue.push_back((input, None, Step::Root));
    while let Some((v, parent, step)) = queue.pop_front() {
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
                        queue.push_back((x, Some(a), Step::Index(i)));
                    }
                }
            }
            Value::Object(o) => {
                for (k, x) in o.iter() {
                    if addr(x).is_some() {
                        queue.push_back((x, Some(a), Step::Key(k.clone())));
                    }
                }
            }
            _ => {}
        }
        map.insert(a, Link { parent, step });
    }
    map
}
