//! Edits of the file as written (its YAML read as a JSON value): finding an item by id, adding
//! to a list, and writing an edit back as the flow-style YAML a person would type.

use super::*;

/// The entry of `vpcs[*].{list}` with this id.
pub(super) fn vpc_item<'a>(doc: &'a mut Value, list: &str, id: &str) -> Option<&'a mut Value> {
    doc.get_mut("vpcs")?
        .as_array_mut()?
        .iter_mut()
        .filter_map(|v| v.get_mut(list).and_then(Value::as_array_mut))
        .flat_map(|items| items.iter_mut())
        .find(|item| item.get("id").and_then(Value::as_str) == Some(id))
}

/// The entry of the top-level `{list}` (`vpcs`, `apis`) with this id.
pub(super) fn item<'a>(doc: &'a mut Value, list: &str, id: &str) -> Option<&'a mut Value> {
    doc.get_mut(list)?
        .as_array_mut()?
        .iter_mut()
        .find(|v| v.get("id").and_then(Value::as_str) == Some(id))
}

/// Appends to a list key of an object, creating it.
pub(super) fn push(obj: &mut Value, key: &str, item: Value) -> Option<()> {
    let map = obj.as_object_mut()?;
    let list = map.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    list.as_array_mut()?.push(item);
    Some(())
}

/// Sets the URL of the `i`th request.
pub(super) fn set_url(doc: &mut Value, i: usize, url: &str) -> Option<()> {
    doc.get_mut("requests")?
        .as_array_mut()?
        .get_mut(i)?
        .as_object_mut()?
        .insert("url".into(), json!(url));
    Some(())
}

/// A value as a YAML flow collection, as a person would write it in a scenario:
/// `{ name: api.example.com, endpoint: edge }`.
pub(super) fn flow(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", flow(&Value::String(k.clone())), flow(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::String(s) => {
            let plain = !s.is_empty()
                && !s.starts_with(|c: char| {
                    c.is_ascii_digit() || "-*&!|>'\"%@`?[]{},#: ".contains(c)
                })
                && !s.contains([':', ',', '{', '}', '[', ']', '#', '"', '\''])
                && !matches!(
                    s.as_str(),
                    "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
                );
            if plain {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_default()
            }
        }
        other => other.to_string(),
    }
}

/// Appends a statement to a policy document (`Statement` may be one statement or a list).
pub(super) fn add_statement(policy: &mut Value, statement: Value) -> Option<()> {
    match policy.get_mut("Statement")? {
        Value::Array(list) => list.push(statement),
        other => {
            let one = other.take();
            *other = json!([one, statement]);
        }
    }
    Some(())
}
