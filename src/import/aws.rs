//! `vpcpath import aws DIR`: the JSON the AWS CLI's `describe-*` calls print, as Batfish's
//! `aws_configs` snapshots lay it out, into a scenario.
//!
//! Files are found by walking the folder in name order and dispatched by their top-level key
//! (`{"Vpcs": [...]}` whatever the file's name). Where a file sits says whose it is:
//! `accounts/<account>/<region>/X.json`, `<region>/X.json`, or `X.json` (account and Region then
//! come from the resources themselves: `OwnerId`, an ARN, a subnet's Availability Zone). A
//! resource listed by several accounts (a shared transit gateway, a peering) is imported once;
//! two views of it that differ are said. What the dump holds that vpcpath does not model is
//! counted in a note; what it lacks (the VPCs' DNS attributes, which `describe-vpcs` does not
//! print) is filled with AWS's defaults and noted. One odd resource is left out with a note;
//! only a file that is not JSON, or a value of another shape than the AWS CLI prints, stops the
//! import.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ImportError, Imported};

pub(crate) mod convert;
mod dump;
mod top;

pub(crate) use dump::Dump;

/// One resource of the dump: the JSON object, where it came from, and whose it is.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) value: Value,
    /// The file, as the dump's folder names it (`accounts/111/us-east-1/Vpcs.json`).
    pub(crate) file: PathBuf,
    /// Its JSON path in the file (`Subnets[2]`).
    pub(crate) at: String,
    /// The account and Region its place in the folder says, if any.
    pub(crate) account: Option<String>,
    pub(crate) region: Option<String>,
}

/// Why one resource cannot be read: a field it lacks (the resource is left out, with a note),
/// or a value of another shape than the AWS CLI prints (the import stops: the file is not
/// what it claims to be).
#[derive(Debug)]
pub(crate) enum Bad {
    /// A field the resource must have is missing or null.
    Missing(String),
    /// A value of the wrong shape, at this JSON path of the file.
    Shape {
        file: PathBuf,
        at: String,
        message: String,
    },
}

impl From<Bad> for ImportError {
    fn from(b: Bad) -> ImportError {
        match b {
            Bad::Missing(field) => ImportError::Shape {
                path: PathBuf::new(),
                at: field,
                message: "missing".into(),
            },
            Bad::Shape { file, at, message } => ImportError::Shape {
                path: file,
                at,
                message,
            },
        }
    }
}

impl Item {
    /// Where the dump holds it: `Subnets.json at Subnets[2]`.
    pub(crate) fn place(&self) -> String {
        format!("{} at {}", self.file.display(), self.at)
    }

    /// A shape error at `field` of this item.
    pub(crate) fn bad(&self, field: &str, message: impl Into<String>) -> Bad {
        Bad::Shape {
            file: self.file.clone(),
            at: if field.is_empty() {
                self.at.clone()
            } else {
                format!("{}.{field}", self.at)
            },
            message: message.into(),
        }
    }

    /// A required string field.
    pub(crate) fn s(&self, field: &str) -> Result<&str, Bad> {
        match self.value.get(field) {
            None | Some(Value::Null) => Err(Bad::Missing(field.to_string())),
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.bad(field, "expected a string (as the AWS CLI prints it)")),
        }
    }

    /// An optional string field (absent or null: `None`; another type: an error).
    pub(crate) fn os(&self, field: &str) -> Result<Option<&str>, Bad> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.bad(field, "expected a string")),
        }
    }

    /// A list field (absent or null: empty).
    pub(crate) fn list(&self, field: &str) -> Result<&[Value], Bad> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err(self.bad(field, "expected a list, as the AWS CLI prints it")),
        }
    }

    /// The strings of a list field (absent or null: empty).
    pub(crate) fn strings(&self, field: &str) -> Result<Vec<String>, Bad> {
        self.list(field)?
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| self.bad(field, "expected a list of strings"))
            })
            .collect()
    }

    /// A boolean field (absent: `false`).
    pub(crate) fn flag(&self, field: &str) -> Result<bool, Bad> {
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

    /// The items of a list field, each with its JSON path.
    pub(crate) fn children(&self, field: &str) -> Result<Vec<Item>, Bad> {
        Ok(self.each(field)?.collect())
    }

    /// [`Item::children`] one at a time: a long list (the instances of a reservation) is
    /// not copied whole.
    pub(crate) fn each<'a>(
        &'a self,
        field: &'a str,
    ) -> Result<impl Iterator<Item = Item> + 'a, Bad> {
        Ok(self
            .list(field)?
            .iter()
            .enumerate()
            .map(move |(i, v)| self.child(&format!("{field}[{i}]"), v)))
    }

    /// Whose it is: the account its folder says, else its `OwnerId`, else the account of its
    /// ARN (`arn_field`), if any is an account id (12 digits).
    pub(crate) fn owner(&self, arn_field: &str) -> Option<String> {
        let account = |a: &str| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit());
        let arn = self
            .value
            .get(arn_field)
            .and_then(Value::as_str)
            .and_then(|a| a.split(':').nth(4));
        [
            self.account.as_deref(),
            self.value.get("OwnerId").and_then(Value::as_str),
            arn,
        ]
        .into_iter()
        .flatten()
        .find(|a| account(a))
        .map(str::to_string)
    }

    /// Where it is: the Region its folder says, else its ARN's (`arn_field`), if either is a
    /// Region vpcpath knows.
    pub(crate) fn region_of(&self, arn_field: &str) -> Option<String> {
        let arn = self
            .value
            .get(arn_field)
            .and_then(Value::as_str)
            .and_then(|a| a.split(':').nth(3));
        [self.region.as_deref(), arn]
            .into_iter()
            .flatten()
            .find(|r| crate::aws::is_region(r))
            .map(str::to_string)
    }
}

/// Reads a dump and writes its scenario.
pub fn import(dir: &Path) -> Result<Imported, ImportError> {
    let mut dump = read(dir)?;
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let listed = std::mem::take(&mut dump.listed);
    let mut build = convert::convert(&dump)?;
    // The dump is not needed to write and check the scenario.
    drop(dump);
    for l in listed {
        match l.same {
            Some(first) => build.ledger.same(l.label, l.place, &first),
            None => build.ledger.input(l.label, l.place),
        }
    }
    build.finish(
        &format!("Written by `vpcpath import aws {}`.", dir.display()),
        |s| {
            format!(
                "Imported from {name}: {}, {}",
                crate::trace::count(s.vpcs.len(), "VPC", "VPCs"),
                crate::trace::count(
                    s.transit_gateways.len(),
                    "transit gateway",
                    "transit gateways"
                )
            )
        },
    )
}

/// Reads every JSON file under `dir`.
pub(crate) fn read(dir: &Path) -> Result<Dump, ImportError> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let mut dump = Dump::default();
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(&file).to_path_buf();
        let (account, region) = owner_of(&rel);
        let text = crate::load::read_text(&file).map_err(|e| ImportError::Read(Box::new(e)))?;
        let json = |e: serde_json::Error| ImportError::Json {
            path: file.clone(),
            message: e.to_string(),
        };
        if !text.trim_start().starts_with('{') {
            // Valid JSON of another shape is a shape error; anything else, the parser's.
            serde_json::from_str::<Value>(&text).map_err(json)?;
            return Err(ImportError::Shape {
                path: file.clone(),
                at: "the top level".into(),
                message: "expected an object whose key names the resources, e.g. {\"Vpcs\": [...]}"
                    .into(),
            });
        }
        let top: top::Entries = serde_json::from_str(&text).map_err(json)?;
        if let Some(key) = top.repeated() {
            return Err(ImportError::Shape {
                path: file.clone(),
                at: key.to_string(),
                message: format!(
                    "`{key}` is written twice in this object; the AWS CLI writes each key once: \
                     keep one list (join the two if both are wanted)"
                ),
            });
        }
        for (key, list) in top.0 {
            let items = match list {
                Value::Array(items) => items,
                // A page's token or a count, beside the list it belongs to.
                Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null
                    if !is_resource_key(&key) =>
                {
                    continue;
                }
                other => {
                    return Err(ImportError::Shape {
                        path: file.clone(),
                        at: key.clone(),
                        message: format!(
                            "expected a list of resources, as the AWS CLI prints it, not {}",
                            kind_of(&other)
                        ),
                    });
                }
            };
            for (i, value) in items.into_iter().enumerate() {
                dump.add(
                    &key,
                    Item {
                        value,
                        file: rel.clone(),
                        at: format!("{key}[{i}]"),
                        account: account.clone(),
                        region: region.clone(),
                    },
                );
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

/// Whether a top-level key names resources (it begins with a capital letter and is not a
/// page's token): `Vpcs`, `Subnets`; not `NextToken`.
fn is_resource_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_uppercase()) && !key.ends_with("Token")
}

/// A JSON value's kind, in words.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
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
