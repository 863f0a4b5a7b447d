//! How a scenario is laid out when vpcpath writes one ([`super::to_yaml`]): lists of ids and
//! small items (a subnet, a route, a rule) on one line each, in YAML's flow style, the larger
//! items (a VPC, a route table, an API) in block style. Only the layout: the values are the
//! same whatever the style, and other serializers (JSON) see the bare values.

use std::cell::Cell;

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_saphyr::{FlowMap, FlowSeq};

thread_local! {
    /// Whether a flow item is being written: inside one, everything is flow already, and the
    /// YAML library keeps a style hint given there for the next collection after it (which
    /// would then be written in flow style too), so none is given.
    static IN_FLOW: Cell<bool> = const { Cell::new(false) };
}

/// `value` in flow style, unless it already is.
fn flow<T: Serialize, S: Serializer>(value: &T, map: bool, s: S) -> Result<S::Ok, S::Error> {
    if IN_FLOW.get() {
        value.serialize(s)
    } else if map {
        FlowMap(value).serialize(s)
    } else {
        FlowSeq(value).serialize(s)
    }
}

/// An item written in flow style, with nothing inside it asking for the style again.
struct Item<'a, T>(&'a T);

impl<T: Serialize> Serialize for Item<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if IN_FLOW.get() {
            return self.0.serialize(s);
        }
        IN_FLOW.set(true);
        let done = FlowMap(self.0).serialize(s);
        IN_FLOW.set(false);
        done
    }
}

/// A list written on one line: `[a, b, c]`.
pub fn seq<T: Serialize, S: Serializer>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
    flow(&items, false, s)
}

/// [`seq`], for a list that may be left out.
pub fn opt_seq<T: Serialize, S: Serializer>(
    items: &Option<Vec<T>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match items {
        Some(items) => seq(items, s),
        None => s.serialize_none(),
    }
}

/// A list of small items, each on one line: `- { id: subnet-a, cidr: 10.0.1.0/24 }`.
pub fn items<T: Serialize, S: Serializer>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for item in items {
        seq.serialize_element(&Item(item))?;
    }
    seq.end()
}

/// [`items`], for a list that may be left out.
pub fn opt_items<T: Serialize, S: Serializer>(
    items: &Option<Vec<T>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match items {
        Some(list) => self::items(list, s),
        None => s.serialize_none(),
    }
}

/// A small mapping (a policy document, a response) on one line.
pub fn opt_map<T: Serialize, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => flow(v, true, s),
        None => s.serialize_none(),
    }
}
