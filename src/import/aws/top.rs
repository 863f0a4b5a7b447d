//! A dump file's top level read as AWS CLI prints it: an object whose keys name the resources,
//! each key once. `serde_json::Value` keeps the last of two equal keys, which would lose the
//! first list without a word; this reader keeps the keys in order and says which came twice.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// The keys of a top-level object with their values, in the file's order.
pub(super) struct Entries(pub(super) Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object whose key names the resources")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(Keys)
    }
}

impl Entries {
    /// A key written twice, if any (the first in the file's order).
    pub(super) fn repeated(&self) -> Option<&str> {
        let mut seen = std::collections::HashSet::new();
        self.0
            .iter()
            .map(|(k, _)| k.as_str())
            .find(|k| !seen.insert(*k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_written_twice_is_found_and_order_is_kept() {
        let e: Entries =
            serde_json::from_str(r#"{"Vpcs": [1], "NextToken": "x", "Vpcs": [2]}"#).unwrap();
        assert_eq!(e.repeated(), Some("Vpcs"));
        assert_eq!(e.0.len(), 3);
        let e: Entries = serde_json::from_str(r#"{"Vpcs": [], "Subnets": []}"#).unwrap();
        assert_eq!(e.repeated(), None);
        assert!(serde_json::from_str::<Entries>("[1]").is_err());
    }
}
