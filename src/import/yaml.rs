//! Writing YAML by hand, deterministically: plain scalars where they read back as the same
//! string, JSON-quoted otherwise.

/// A string as a YAML scalar that reads back as this string.
pub(crate) fn q(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b':' | b'@' | b'$')
        })
        && !s.starts_with(['-', ':', '@', '$'])
        && !s.ends_with(':')
        && !s.contains(": ")
        && s.parse::<f64>().is_err()
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "~"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// A list of strings as a YAML flow sequence.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let parts: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_the_same_string() {
        assert_eq!(q("vpc-0a1b"), "vpc-0a1b");
        assert_eq!(q("10.0.0.0/16"), "10.0.0.0/16");
        assert_eq!(q("123456789012"), "\"123456789012\"");
        assert_eq!(q("true"), "\"true\"");
        assert_eq!(q("a b"), "\"a b\"");
        assert_eq!(q(""), "\"\"");
        assert_eq!(q("*.example.com"), "\"*.example.com\"");
        assert_eq!(list(&["a", "b c"]), "[a, \"b c\"]");
    }
}
