//! `vpcpath import aws DIR`: the JSON the AWS CLI's `describe-*` calls print, as Batfish's
//! `aws_configs` snapshots lay it out, into a scenario.
//!
//! Files are found by walking the folder in name order and dispatched by their top-level key
//! (`{"Vpcs": [...]}` whatever the file's name). Where a file sits says whose it is:
//! `accounts/<account>/<region>/X.json`, `<region>/X.json`, or `X.json` (account and Region then
//! come from the resources themselves: `OwnerId`, a subnet's Availability Zone). What the dump
//! holds that vpcpath does not model is counted in a note; what it lacks (the VPCs' DNS
//! attributes, which `describe-vpcs` does not print) is filled with AWS's defaults and noted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ImportError, Imported};

pub(crate) mod convert;
pub(crate) mod write;

/// One resource of the dump: the JSON object, where it came from, and whose it is.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) value: Value,
    pub(crate) file: PathBuf,
    /// Its JSON path in the file (`Subnets[2]`).
    pub(crate) at: String,
    pub(crate) account: Option<String>,
    pub(crate) region: Option<String>,
}

impl Item {
    /// A shape error at `field` of this item.
    pub(crate) fn bad(&self, field: &str, message: impl Into<String>) -> ImportError {
        ImportError::Shape {
            path: self.file.clone(),
            at: if field.is_empty() {
                self.at.clone()
            } else {
                format!("{}.{field}", self.at)
            },
            message: message.into(),
        }
    }

    /// A required string field.
    pub(crate) fn s(&self, field: &str) -> Result<&str, ImportError> {
        self.value
            .get(field)
            .and_then(Value::as_str)
            .ok_or_else(|| self.bad(field, "expected a string (as the AWS CLI prints it)"))
    }

    /// An optional string field (absent or null: `None`; another type: an error).
    pub(crate) fn os(&self, field: &str) -> Result<Option<&str>, ImportError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.bad(field, "expected a string")),
        }
    }

    /// A list field (absent or null: empty).
    pub(crate) fn list(&self, field: &str) -> Result<&[Value], ImportError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err(self.bad(field, "expected a list")),
        }
    }

    /// A boolean field (absent: `false`).
    pub(crate) fn flag(&self, field: &str) -> Result<bool, ImportError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.bad(field, "expected true or false")),
        }
    }

    /// A nested object of this item as an item of its own, for the same accessors.
    pub(crate) fn child(&self, path: &str, value: &Value) -> Item {
        Item {
            value: value.clone(),
            file: self.file.clone(),
            at: format!("{}.{path}", self.at),
            account: self.account.clone(),
            region: self.region.clone(),
        }
    }
}

/// Every resource of the dump, by its top-level key (`Vpcs`, `Subnets`, ...), in file order.
#[derive(Debug, Default)]
pub(crate) struct Dump {
    pub(crate) by_key: BTreeMap<String, Vec<Item>>,
}

impl Dump {
    /// The items under `key`.
    pub(crate) fn items(&self, key: &str) -> &[Item] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}

/// Reads a dump and writes its scenario.
pub fn import(dir: &Path) -> Result<Imported, ImportError> {
    let dump = read(dir)?;
    let world = convert::convert(&dump)?;
    let yaml = write::scenario(dir, &world);
    // What is handed back is a scenario vpcpath accepts; its warnings are said too.
    let mut notes = world.notes;
    match crate::load::load_str(Path::new("imported.yaml"), &yaml) {
        Ok(net) => notes.extend(
            net.warnings
                .iter()
                .map(|w| format!("vpcpath check warns: {}", w.message)),
        ),
        Err(e) => {
            let message = match e {
                crate::error::Error::Invalid { diagnostics, .. } => diagnostics
                    .iter()
                    .map(|d| {
                        let line = yaml
                            .lines()
                            .nth(d.pos.line.saturating_sub(1) as usize)
                            .unwrap_or("");
                        format!(
                            "  {}: {}\n    at: {}",
                            d.code.name(),
                            d.message,
                            line.trim()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                other => other.to_string(),
            };
            return Err(ImportError::Invalid { message });
        }
    }
    Ok(Imported {
        yaml,
        notes,
        stand_ins: Default::default(),
    })
}

/// Reads every JSON file under `dir`.
pub(crate) fn read(dir: &Path) -> Result<Dump, ImportError> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let mut dump = Dump::default();
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(&file);
        let (account, region) = owner_of(rel);
        let text = std::fs::read_to_string(&file).map_err(|source| ImportError::Io {
            path: file.clone(),
            source,
        })?;
        let value: Value = serde_json::from_str(&text).map_err(|e| ImportError::Json {
            path: file.clone(),
            message: e.to_string(),
        })?;
        let Value::Object(map) = value else {
            return Err(ImportError::Shape {
                path: file.clone(),
                at: "the top level".into(),
                message: "expected an object whose key names the resources, e.g. {\"Vpcs\": [...]}"
                    .into(),
            });
        };
        for (key, list) in map {
            let items = match list {
                Value::Array(items) => items,
                // The few wrappers Batfish's collector writes are lists too; anything else
                // (a `NextToken`, a count) is not a resource list.
                _ => continue,
            };
            let entry = dump.by_key.entry(key.clone()).or_default();
            for (i, value) in items.into_iter().enumerate() {
                entry.push(Item {
                    value,
                    file: file.clone(),
                    at: format!("{key}[{i}]"),
                    account: account.clone(),
                    region: region.clone(),
                });
            }
        }
    }
    if dump.by_key.is_empty() {
        return Err(ImportError::Empty {
            path: dir.to_path_buf(),
        });
    }
    Ok(dump)
}

/// The JSON files under `dir`, in name order.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    crate::load::files_under(dir, &["json"], out)
        .map_err(|(path, source)| ImportError::Io { path, source })
}

/// The account and Region a file's place says: `accounts/<account>/<region>/...` or
/// `<region>/...`.
fn owner_of(rel: &Path) -> (Option<String>, Option<String>) {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let mut account = None;
    let mut region = None;
    for (i, p) in parts.iter().enumerate() {
        if p == "accounts"
            && let Some(a) = parts.get(i + 1)
        {
            account = Some(a.clone());
        }
        if crate::aws::is_region(p) {
            region = Some(p.clone());
        }
    }
    (account, region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_place_says_whose_it_is() {
        let o = |p: &str| owner_of(Path::new(p));
        assert_eq!(
            o("accounts/111/us-west-1/Vpcs.json"),
            (Some("111".into()), Some("us-west-1".into()))
        );
        assert_eq!(
            o("eu-west-1/Subnets.json"),
            (None, Some("eu-west-1".into()))
        );
        assert_eq!(o("Vpcs.json"), (None, None));
    }
}
