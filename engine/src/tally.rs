//! [`Tally`]: status counts for every phase or every severity, kept in a
//! fixed array (a decision is summarised on every evaluation, so this is on
//! the hot path of a one-rule call from Python).

use crate::decision::Counts;
use phasegate_lang::model::{Phase, RuleSeverity};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Index;

/// A closed set of keys a [`Tally`] counts by, in their display order.
pub trait TallyKey: Copy + Eq + Serialize + fmt::Debug + 'static {
    /// Every key, in order.
    const ALL: &'static [Self];
    /// The position of `self` in [`TallyKey::ALL`].
    fn position(self) -> usize;
}

impl TallyKey for Phase {
    const ALL: &'static [Phase] = &Phase::ALL;
    fn position(self) -> usize {
        self as usize
    }
}

impl TallyKey for RuleSeverity {
    const ALL: &'static [RuleSeverity] = &RuleSeverity::ALL;
    fn position(self) -> usize {
        self as usize
    }
}

/// Counts for every key of `K` (every phase, or every severity), listed in
/// the order of `K::ALL`, also when zero. Serializes as a map
/// (`{"plan": {...}, "code": {...}, ...}`).
#[derive(Clone, PartialEq, Eq)]
pub struct Tally<K: TallyKey> {
    counts: Vec<Counts>,
    keys: std::marker::PhantomData<K>,
}

impl<K: TallyKey> Default for Tally<K> {
    fn default() -> Self {
        Tally {
            counts: vec![Counts::default(); K::ALL.len()],
            keys: std::marker::PhantomData,
        }
    }
}

impl<K: TallyKey> Tally<K> {
    /// The counts of one key.
    pub fn get(&self, key: &K) -> Option<&Counts> {
        self.counts.get(key.position())
    }

    /// The counts of one key, to change.
    pub(crate) fn get_mut(&mut self, key: &K) -> Option<&mut Counts> {
        self.counts.get_mut(key.position())
    }

    /// Every key with its counts, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &Counts)> {
        K::ALL.iter().zip(&self.counts)
    }

    /// Number of keys (all of `K`).
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether `K` has no keys (never, for phases and severities).
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

impl<K: TallyKey> Index<&K> for Tally<K> {
    type Output = Counts;
    fn index(&self, key: &K) -> &Counts {
        &self.counts[key.position()]
    }
}

impl<K: TallyKey> fmt::Debug for Tally<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: TallyKey> Serialize for Tally<K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.counts.len()))?;
        for (k, c) in self.iter() {
            map.serialize_entry(k, c)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_the_order_of_all() {
        for (i, p) in Phase::ALL.iter().enumerate() {
            assert_eq!(p.position(), i, "{p:?}");
        }
        for (i, s) in RuleSeverity::ALL.iter().enumerate() {
            assert_eq!(s.position(), i, "{s:?}");
        }
    }

    #[test]
    fn serializes_every_key_in_order() {
        let mut t = Tally::<RuleSeverity>::default();
        if let Some(c) = t.get_mut(&RuleSeverity::High) {
            c.total = 2;
            c.fail = 2;
        }
        let json = serde_json::to_value(&t).unwrap_or_default();
        let keys: Vec<&String> = json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["info", "low", "medium", "high", "critical"]);
        assert_eq!(json["high"]["fail"], 2);
        assert_eq!(t[&RuleSeverity::High].total, 2);
        assert_eq!(t[&RuleSeverity::Low].total, 0);
    }
}
