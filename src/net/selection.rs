//! WebSocket route selection expressions: parsed when the scenario is read, evaluated against
//! each message (F4.13).

/// A route selection expression: as written, and in pieces.
#[derive(Debug)]
pub struct RouteSelection {
    /// As written (`$request.body.action`).
    pub text: String,
    /// Parsed.
    pub pieces: Vec<Piece>,
}

impl RouteSelection {
    /// Parses `text`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(RouteSelection {
            text: text.to_string(),
            pieces: parse_selection(text)?,
        })
    }

    /// The expression's value for `message`, or why it cannot be evaluated.
    pub fn evaluate(&self, message: &str) -> Result<String, String> {
        evaluate(&self.pieces, message)
    }
}

/// One piece of a route selection expression: text kept as it is, or a `$request.body` path.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// Static text.
    Text(String),
    /// The JSON path after `request.body.` (`action`, `data.room`).
    Body(Vec<String>),
}

/// Parses a route selection expression (`$request.body.action`,
/// `${request.body.service}/${request.body.action}`); the error says what is wrong.
fn parse_selection(expr: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = expr;
    while !rest.is_empty() {
        let Some(at) = rest.find('$') else {
            pieces.push(Piece::Text(rest.to_string()));
            break;
        };
        if at > 0 {
            pieces.push(Piece::Text(rest[..at].to_string()));
        }
        let after = &rest[at + 1..];
        let (var, next) = if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}').ok_or("a `${` is not closed by `}`")?;
            (&inner[..end], &inner[end + 1..])
        } else {
            // Unwrapped: the variable runs while it can (letters, digits, `_`, `-`, `.`).
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        let path = var
            .strip_prefix("request.body.")
            .ok_or_else(|| format!("`{var}` is not a variable of a WebSocket message"))?;
        let path: Vec<String> = path.split('.').map(str::to_string).collect();
        if path.iter().any(String::is_empty) {
            return Err(format!("`{var}` has an empty field name"));
        }
        pieces.push(Piece::Body(path));
        rest = next;
    }
    if !pieces.iter().any(|p| matches!(p, Piece::Body(_))) {
        return Err("it names no field of the message".into());
    }
    Ok(pieces)
}

/// The expression's value for `message`, or why it cannot be evaluated: the message is not
/// JSON, or a field is missing. A value that is not a string is its JSON text.
fn evaluate(pieces: &[Piece], message: &str) -> Result<String, String> {
    let body: serde_json::Value =
        serde_json::from_str(message).map_err(|_| "the message is not JSON".to_string())?;
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Body(path) => {
                let mut v = &body;
                for field in path {
                    v = v
                        .get(field)
                        .ok_or_else(|| format!("the message has no field `{}`", path.join(".")))?;
                }
                match v {
                    serde_json::Value::String(s) => out.push_str(s),
                    other => out.push_str(&other.to_string()),
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_wrapped_unwrapped_and_mixed() {
        assert_eq!(
            parse_selection("$request.body.action").unwrap(),
            vec![Piece::Body(vec!["action".into()])]
        );
        let mixed = parse_selection("${request.body.service}/${request.body.action}").unwrap();
        let msg = r#"{"service":"chat","action":"join","data":{"room":"r1","n":3}}"#;
        assert_eq!(evaluate(&mixed, msg).unwrap(), "chat/join");
        let nested = parse_selection("$request.body.data.n").unwrap();
        assert_eq!(evaluate(&nested, msg).unwrap(), "3");
        assert!(evaluate(&nested, "hello").unwrap_err().contains("not JSON"));
        let missing = parse_selection("$request.body.kind").unwrap();
        assert!(evaluate(&missing, msg).unwrap_err().contains("`kind`"));
    }

    #[test]
    fn bad_expressions_say_why() {
        assert!(parse_selection("action").is_err());
        assert!(parse_selection("$request.header.x").is_err());
        assert!(parse_selection("${request.body.action").is_err());
        assert!(parse_selection("$request.body..x").is_err());
    }
}
