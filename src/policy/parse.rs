//! Reading a policy document: statements, principals, actions, resources and conditions.

use super::*;

pub(crate) fn parse_statement(
    i: usize,
    v: &Value,
    expand: Option<&str>,
) -> Result<Statement, String> {
    let n = i + 1;
    let obj = v
        .as_object()
        .ok_or(format!("statement {n} is not a mapping"))?;
    for key in obj.keys() {
        const KEYS: &[&str] = &[
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition",
        ];
        if !KEYS.contains(&key.as_str()) {
            return Err(format!(
                "statement {n}: unknown key `{key}` (a statement has {})",
                KEYS.join(", ")
            ));
        }
    }
    let label = match obj.get("Sid") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => format!("#{n}"),
    };
    let effect = match obj.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return Err(format!("statement {n}: `Effect` must be `Allow` or `Deny`")),
    };
    let principals = match (obj.get("Principal"), obj.get("NotPrincipal")) {
        (Some(p), None) => principals(p, false),
        (None, Some(p)) => principals(p, true),
        _ => {
            return Err(format!(
                "statement {n}: needs `Principal` (for example `Principal: \"*\"`); \
                 AWS rejects resource and endpoint policies without one"
            ));
        }
    };
    let actions = patterns(obj, "Action", "NotAction", n)?;
    let mut resources = patterns(obj, "Resource", "NotResource", n)?;
    if let Some(prefix) = expand {
        for r in &mut resources.values {
            if let Some(rest) = r.strip_prefix("execute-api:/") {
                *r = format!("{prefix}{rest}");
            }
        }
    }
    let conditions = match obj.get("Condition") {
        None => Vec::new(),
        Some(c) => parse_conditions(c, n)?,
    };
    Ok(Statement {
        label,
        effect,
        principals,
        actions,
        resources,
        conditions,
    })
}

/// A statement's `Principal` (or, `negated`, `NotPrincipal`): everyone, and the AWS principals
/// it names. Service and federated principals name no caller vpcpath simulates.
pub(crate) fn principals(p: &Value, negated: bool) -> Principals {
    let aws = match p {
        Value::Object(m) => m.get("AWS").and_then(strings).unwrap_or_default(),
        _ => Vec::new(),
    };
    Principals {
        everyone: principal_is_everyone(p),
        aws: aws.into_iter().filter(|a| a != "*").collect(),
        negated,
    }
}

pub(crate) fn principal_is_everyone(p: &Value) -> bool {
    match p {
        Value::String(s) => s == "*",
        Value::Object(m) => m.get("AWS").is_some_and(|a| match a {
            Value::String(s) => s == "*",
            Value::Array(l) => l.iter().any(|x| x.as_str() == Some("*")),
            _ => false,
        }),
        _ => false,
    }
}

pub(crate) fn strings(v: &Value) -> Option<Vec<String>> {
    let one = |x: &Value| match x {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match v {
        Value::Array(l) => l.iter().map(one).collect(),
        other => one(other).map(|s| vec![s]),
    }
}

pub(crate) fn patterns(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    not_key: &str,
    n: usize,
) -> Result<Patterns, String> {
    let (v, negated) = match (obj.get(key), obj.get(not_key)) {
        (Some(v), None) => (v, false),
        (None, Some(v)) => (v, true),
        (Some(_), Some(_)) => {
            return Err(format!(
                "statement {n}: give `{key}` or `{not_key}`, not both"
            ));
        }
        (None, None) => return Err(format!("statement {n}: needs `{key}`")),
    };
    let values = strings(v).ok_or(format!(
        "statement {n}: `{key}` is a string or a list of strings"
    ))?;
    Ok(Patterns { values, negated })
}

pub(crate) fn parse_conditions(c: &Value, n: usize) -> Result<Vec<Condition>, String> {
    let obj = c.as_object().ok_or(format!(
        "statement {n}: `Condition` maps operators to {{key: values}}"
    ))?;
    let mut out = Vec::new();
    for (op_name, block) in obj {
        let (set, name) = if let Some(rest) = op_name.strip_prefix("ForAnyValue:") {
            (Some(SetOperator::ForAnyValue), rest)
        } else if let Some(rest) = op_name.strip_prefix("ForAllValues:") {
            (Some(SetOperator::ForAllValues), rest)
        } else {
            (None, op_name.as_str())
        };
        let (base, if_exists) = match name.strip_suffix("IfExists") {
            Some(b) => (b, true),
            None => (name, false),
        };
        let operator = OPERATORS
            .iter()
            .find(|(name, _)| *name == base)
            .map(|(_, o)| *o)
            .ok_or_else(|| {
                let names: Vec<&str> = OPERATORS.iter().map(|(n, _)| *n).collect();
                format!(
                    "statement {n}: `{op_name}` is not an IAM condition operator; use one of {} (optionally with IfExists, ForAnyValue: or ForAllValues:)",
                    names.join(", ")
                )
            })?;
        let block = block.as_object().ok_or(format!(
            "statement {n}: `{op_name}` maps condition keys to values"
        ))?;
        for (key, values) in block {
            let values = strings(values).ok_or(format!(
                "statement {n}: values of `{key}` are a string or a list of strings"
            ))?;
            out.push(Condition {
                operator,
                if_exists,
                set,
                key: key.to_ascii_lowercase(),
                values,
            });
        }
    }
    Ok(out)
}
