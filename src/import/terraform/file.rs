//! The file `terraform show -json` prints, read as far as the importer uses it: the resources
//! (`values`, `planned_values`, `prior_state`), the configuration and the variables as JSON
//! values, and of `resource_changes` only each change's address and actions. A plan's resource
//! changes hold every resource again, twice (before and after the change, with their
//! sensitivity): about half the file, never held (docs/performance.md).

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::import::ImportError;

/// The parts of the file the importer reads. A key present as `null` is `Some(Value::Null)`,
/// and of a key written twice the last counts, as in a `serde_json::Value` of the whole file.
#[derive(Default)]
pub(super) struct File {
    format_version: Option<Value>,
    errored: Option<Value>,
    complete: Option<Value>,
    pub(super) values: Option<Value>,
    pub(super) planned_values: Option<Value>,
    pub(super) prior_state: Option<Value>,
    pub(super) configuration: Option<Value>,
    pub(super) variables: Option<Value>,
    pub(super) resource_changes: Changes,
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Top;
        impl<'de> Visitor<'de> for Top {
            type Value = File;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<File, A::Error> {
                let mut f = File::default();
                while let Some(k) = m.next_key::<String>()? {
                    let slot = match k.as_str() {
                        "format_version" => &mut f.format_version,
                        "errored" => &mut f.errored,
                        "complete" => &mut f.complete,
                        "values" => &mut f.values,
                        "planned_values" => &mut f.planned_values,
                        "prior_state" => &mut f.prior_state,
                        "configuration" => &mut f.configuration,
                        "variables" => &mut f.variables,
                        "resource_changes" => {
                            f.resource_changes = m.next_value()?;
                            continue;
                        }
                        _ => {
                            m.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = Some(m.next_value()?);
                }
                Ok(f)
            }
        }
        d.deserialize_map(Top)
    }
}

impl File {
    /// The prior state's resources' parent (`prior_state.values`), taken out of the file.
    pub(super) fn take_prior(&mut self) -> Option<Value> {
        self.prior_state
            .as_mut()
            .and_then(|p| p.get_mut("values"))
            .map(Value::take)
    }
}

/// The resource changes of a plan: each one's address (when it is a string) and the strings
/// of its `change.actions`, in the file's order, an entry of another shape included (as
/// `None`), so that a change keeps its index. Anything but a list reads as no changes.
#[derive(Default)]
pub(super) struct Changes(pub(super) Vec<Option<Change>>);

/// One resource change, as far as it is read.
#[derive(Default)]
pub(super) struct Change {
    /// Its address, when a string.
    pub(super) address: Option<String>,
    /// The strings of `change.actions`.
    pub(super) actions: Vec<String>,
}

/// A visitor for a value of any shape: what `shape` is made of, or the default for another.
macro_rules! any_shape {
    ($t:ty) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$t, E> {
            Ok(Default::default())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<$t, E> {
            Ok(Default::default())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<$t, E> {
            Ok(Default::default())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<$t, E> {
            Ok(Default::default())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<$t, E> {
            Ok(Default::default())
        }
        fn visit_unit<E: de::Error>(self) -> Result<$t, E> {
            Ok(Default::default())
        }
    };
}

impl<'de> Deserialize<'de> for Changes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct List;
        impl<'de> Visitor<'de> for List {
            type Value = Changes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            any_shape!(Changes);
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Changes, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Changes::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Changes, A::Error> {
                let mut out = Vec::new();
                while let Some(c) = s.next_element::<Entry>()? {
                    out.push(c.0);
                }
                Ok(Changes(out))
            }
        }
        d.deserialize_any(List)
    }
}

/// One element of `resource_changes`: a [`Change`] when it is an object.
#[derive(Default)]
struct Entry(Option<Change>);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct One;
        impl<'de> Visitor<'de> for One {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            any_shape!(Entry);
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Entry, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Entry(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Entry, A::Error> {
                // The last of a key written twice counts, as in a `serde_json::Value`.
                let mut c = Change::default();
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "address" => {
                            c.address = match m.next_value::<Value>()? {
                                Value::String(s) => Some(s),
                                _ => None,
                            };
                        }
                        "change" => c.actions = m.next_value::<Actions>()?.0,
                        _ => {
                            m.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Entry(Some(c)))
            }
        }
        d.deserialize_any(One)
    }
}

/// The strings of a change's `actions` (its before and after values are skipped unread).
#[derive(Default)]
struct Actions(Vec<String>);

impl<'de> Deserialize<'de> for Actions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Body;
        impl<'de> Visitor<'de> for Body {
            type Value = Actions;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            any_shape!(Actions);
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Actions, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Actions::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Actions, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key::<String>()? {
                    if k == "actions" {
                        out = match m.next_value::<Value>()? {
                            Value::Array(a) => a
                                .into_iter()
                                .filter_map(|x| match x {
                                    Value::String(s) => Some(s),
                                    _ => None,
                                })
                                .collect(),
                            _ => Vec::new(),
                        };
                    } else {
                        m.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Actions(out))
            }
        }
        d.deserialize_any(Body)
    }
}

/// The `format_version`s of `terraform show -json` this reads: 0.1 (Terraform 0.12) to 1.x.
fn known_format(v: &str) -> bool {
    v.starts_with("0.") || v.starts_with("1.")
}

/// The error of a file that is not the JSON `terraform show -json` prints.
fn not_terraform(path: &Path) -> ImportError {
    ImportError::Shape {
        path: path.to_path_buf(),
        at: "the top level".into(),
        message: "expected the JSON of `terraform show -json` (an object with `format_version`)"
            .into(),
    }
}

/// Reads `terraform show -json` output, and what a reader must be told of it before anything
/// (a format version vpcpath does not know, a plan Terraform marks as errored).
pub(super) fn read(path: &Path) -> Result<(File, Vec<String>), ImportError> {
    let text = crate::load::read_text(path).map_err(|e| ImportError::Read(Box::new(e)))?;
    let json = |e: serde_json::Error| ImportError::Json {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let v: File = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            // Not an object (or not JSON): said as reading it as any JSON value says it.
            return Err(match serde_json::from_str::<Value>(&text) {
                Err(e) => json(e),
                Ok(v) if v.get("format_version").is_none() => not_terraform(path),
                Ok(_) => json(e),
            });
        }
    };
    drop(text);
    let Some(version) = &v.format_version else {
        return Err(not_terraform(path));
    };
    let mut said = Vec::new();
    match version.as_str() {
        Some(s) if known_format(s) => {}
        Some(s) => said.push(format!(
            "format_version {s} is newer than the ones vpcpath knows (0.1 to 1.x): read as 1.x"
        )),
        None => {
            return Err(ImportError::Shape {
                path: path.to_path_buf(),
                at: "format_version".into(),
                message: "expected a string such as \"1.2\"".into(),
            });
        }
    }
    if v.errored.as_ref().and_then(Value::as_bool) == Some(true) {
        said.push("Terraform marks this plan as errored: it stopped before planning everything, so what it holds may be partial".into());
    }
    if v.complete.as_ref().and_then(Value::as_bool) == Some(false) {
        said.push("Terraform marks this plan as incomplete (deferred changes): more changes will follow the apply".into());
    }
    for (key, part) in [
        ("values", &v.values),
        ("planned_values", &v.planned_values),
        ("prior_state", &v.prior_state),
    ] {
        match part {
            None | Some(Value::Null) | Some(Value::Object(_)) => {}
            Some(_) => {
                return Err(ImportError::Shape {
                    path: path.to_path_buf(),
                    at: key.into(),
                    message: "expected an object, as Terraform writes it".into(),
                });
            }
        }
    }
    Ok((v, said))
}

/// The configuration block, when the file has one of the shape Terraform writes.
pub(super) fn configuration<'v>(
    path: &Path,
    v: &'v File,
) -> Result<Option<&'v Value>, ImportError> {
    match &v.configuration {
        None | Some(Value::Null) => Ok(None),
        Some(c @ Value::Object(_)) => Ok(Some(c)),
        Some(_) => Err(ImportError::Shape {
            path: path.to_path_buf(),
            at: "configuration".into(),
            message: "expected an object, as Terraform writes it".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(json: &str) -> Vec<Option<(Option<String>, Vec<String>)>> {
        let f: File = serde_json::from_str(json).unwrap();
        f.resource_changes
            .0
            .into_iter()
            .map(|c| c.map(|c| (c.address, c.actions)))
            .collect()
    }

    #[test]
    fn resource_changes_keep_address_actions_and_index_whatever_their_shape() {
        let got = changes(
            r#"{"resource_changes": [
                {"address": "a.b", "change": {"before": {"x": [1]}, "actions": ["delete"], "after": null}},
                3, [1], {"address": 7, "change": "x"},
                {"change": {"actions": ["create", 1, "delete"]}, "address": "c.d"}
            ]}"#,
        );
        assert_eq!(
            got,
            vec![
                Some((Some("a.b".into()), vec!["delete".into()])),
                None,
                None,
                Some((None, vec![])),
                Some((Some("c.d".into()), vec!["create".into(), "delete".into()])),
            ]
        );
        assert!(changes(r#"{"resource_changes": {"a": 1}}"#).is_empty());
        assert!(changes(r#"{"resource_changes": null}"#).is_empty());
    }

    #[test]
    fn a_key_written_as_null_is_present_and_the_last_of_two_counts() {
        let f: File = serde_json::from_str(r#"{"planned_values": null}"#).unwrap();
        assert_eq!(f.planned_values, Some(Value::Null));
        assert!(f.values.is_none());
        let f: File = serde_json::from_str(
            r#"{"format_version": "1.0", "resource_changes": [1], "format_version": "1.2",
                "resource_changes": [{"address": "a"}]}"#,
        )
        .unwrap();
        assert_eq!(f.format_version, Some(Value::String("1.2".into())));
        assert_eq!(f.resource_changes.0.len(), 1);
        assert!(serde_json::from_str::<File>("[1, 2]").is_err());
    }
}
