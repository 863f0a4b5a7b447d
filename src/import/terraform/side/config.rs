//! The pieces of a side's reading that need no side: instance keys as an expression means
//! them, module configuration lookups, and the walk that collects a module tree's resources.

use serde_json::Value;

use super::super::address::instance_key;
use super::Resource;

/// The instances of `all` an expression indexed by the reader's own key `own` means: the one
/// with that key; else those whose keys are made of it (`"${each.key}-${az}"`: `a-us-east-1a`
/// for the spoke `a`). None when no key is made of it: never another instance's.
pub(super) fn keyed(all: Vec<String>, own: &str) -> Vec<String> {
    let exact: Vec<String> = all
        .iter()
        .filter(|a| instance_key(a) == Some(own))
        .cloned()
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    all.into_iter()
        .filter(|a| {
            instance_key(a).is_some_and(|k| {
                k.split(['-', '_', '/', '.', ':'])
                    .next()
                    .is_some_and(|first| first == own)
                    || k.starts_with(&format!("{own}-"))
            })
        })
        .collect()
}

/// The instances of `all` an expression indexed by the reader's own key (`own`, from
/// `each.key` or `count.index`) and by values of its element (`values`, from `each.value.x`)
/// means: those keyed by a value; else those keyed by the own key ([`keyed`]), narrowed to
/// those whose keys also hold a value (`"${each.key}-${az}"` for each `az` of the element);
/// all of them when the expression names neither.
pub(super) fn by_keys(
    all: Vec<String>,
    own: Option<&str>,
    values: Option<&[String]>,
) -> Vec<String> {
    if let Some(values) = values {
        let exact: Vec<String> = all
            .iter()
            .filter(|a| instance_key(a).is_some_and(|k| values.iter().any(|v| v == k)))
            .cloned()
            .collect();
        if !exact.is_empty() || own.is_none() {
            return exact;
        }
    }
    let Some(own) = own else {
        return all;
    };
    let mine = keyed(all, own);
    match values {
        Some(values) => mine
            .into_iter()
            .filter(|a| {
                instance_key(a).is_some_and(|k| values.iter().any(|v| k.contains(v.as_str())))
            })
            .collect(),
        None => mine,
    }
}

/// Whether a reference is one whose expression the JSON does not hold: a local value, or a
/// variable of the root module (`var.x` in a child module is its caller's expression).
pub(super) fn opaque(reference: &str, module: &str) -> bool {
    reference.starts_with("local.") || (module.is_empty() && reference.starts_with("var."))
}

/// A resource's configuration in a module's (`aws_subnet.a`).
pub(super) fn config_resource<'v>(module: &'v Value, local: &str) -> Option<&'v Value> {
    module
        .get("resources")
        .and_then(Value::as_array)?
        .iter()
        .find(|c| c.get("address").and_then(Value::as_str) == Some(local))
}

/// The strings of a JSON array (a `references` list).
pub(super) fn strings_of(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// One resource of a module's `resources` list, checked: (whether it is a data source, its
/// address, type and name).
fn heading<'r>(
    r: &'r Value,
    here: &str,
) -> Result<(bool, &'r str, &'r str, &'r str), (String, String)> {
    let field = |k: &str| match r.get(k) {
        Some(Value::String(s)) => Ok(s.as_str()),
        _ => Err((
            format!("{here}.{k}"),
            "expected a string, as Terraform writes every resource's".to_string(),
        )),
    };
    let mode = field("mode")?;
    let (address, kind, name) = (field("address")?, field("type")?, field("name")?);
    Ok((mode == "data", address, kind, name))
}

/// A resource's attributes (`values`): an object, or none.
fn attributes(v: Option<Value>, here: &str) -> Result<Value, (String, String)> {
    match v {
        None | Some(Value::Null) => Ok(Value::Object(Default::default())),
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err((
            format!("{here}.values"),
            "expected an object of attributes".into(),
        )),
    }
}

/// A [`Resource`] of its checked heading and attributes.
fn resource(
    (data_source, address, kind, name): (bool, &str, &str, &str),
    values: Value,
    module: &str,
    at: String,
) -> Resource {
    Resource {
        address: address.to_string(),
        kind: kind.to_string(),
        values,
        module: module.to_string(),
        local: if data_source {
            format!("data.{kind}.{name}")
        } else {
            format!("{kind}.{name}")
        },
        at,
    }
}

/// A module's list under `key` (`resources`, `child_modules`): absent or null is empty.
fn list_of<'m>(module: &'m Value, key: &str, at: &str) -> Result<&'m [Value], (String, String)> {
    match module.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err((format!("{at}.{key}"), "expected a list".into())),
    }
}

/// Every resource and data source of a module tree (`values.root_module` or
/// `planned_values.root_module`), depth first with an explicit stack: a deep tree of modules
/// is read like a shallow one. The attributes are moved out of the tree, not copied.
pub(super) fn collect(
    root: Value,
    at: &str,
    resources: &mut Vec<Resource>,
    data: &mut Vec<Resource>,
) -> Result<(), (String, String)> {
    let mut stack = vec![(root, at.to_string())];
    while let Some((mut module, at)) = stack.pop() {
        if !module.is_object() {
            return Err((at, "expected a module (an object)".into()));
        }
        let path = module
            .get("address")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        list_of(&module, "resources", &at)?;
        let list = match module.get_mut("resources").map(Value::take) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        for (i, mut r) in list.into_iter().enumerate() {
            let here = format!("{at}.resources[{i}]");
            let values = r.get_mut("values").map(Value::take);
            let head = heading(&r, &here)?;
            let resource = resource(head, attributes(values, &here)?, &path, here);
            if head.0 {
                data.push(resource);
            } else {
                resources.push(resource);
            }
        }
        list_of(&module, "child_modules", &at)?;
        let children = match module.get_mut("child_modules").map(Value::take) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        for (i, child) in children.into_iter().enumerate().rev() {
            stack.push((child, format!("{at}.child_modules[{i}]")));
        }
    }
    Ok(())
}

/// The data sources of a module tree, checked as [`collect`] checks every resource; their
/// attributes copied (the tree is another side's).
pub(super) fn collect_data(
    root: &Value,
    at: &str,
    data: &mut Vec<Resource>,
) -> Result<(), (String, String)> {
    let mut stack = vec![(root, at.to_string())];
    while let Some((module, at)) = stack.pop() {
        if !module.is_object() {
            return Err((at, "expected a module (an object)".into()));
        }
        let path = module.get("address").and_then(Value::as_str).unwrap_or("");
        for (i, r) in list_of(module, "resources", &at)?.iter().enumerate() {
            let here = format!("{at}.resources[{i}]");
            let head = heading(r, &here)?;
            if head.0 {
                let values = attributes(r.get("values").cloned(), &here)?;
                data.push(resource(head, values, path, here));
            } else if let Some(v) = r.get("values")
                && !(v.is_null() || v.is_object())
            {
                // A managed resource's attributes are only checked.
                return Err((
                    format!("{here}.values"),
                    "expected an object of attributes".into(),
                ));
            }
        }
        for (i, child) in list_of(module, "child_modules", &at)?
            .iter()
            .enumerate()
            .rev()
        {
            stack.push((child, format!("{at}.child_modules[{i}]")));
        }
    }
    Ok(())
}
