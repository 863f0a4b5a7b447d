//! Terraform's addresses and references as text: their parts, instance keys, module paths,
//! and the stable ids of resources whose ids are unknown until apply.

/// A reference's parts: `aws_subnet.a["x"].id` is `aws_subnet`, `a`, `["x"]`, `id`.
pub(crate) fn split_reference(reference: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in reference.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            '.' if !quoted => parts.push(std::mem::take(&mut cur)),
            '[' if !quoted => {
                if !cur.is_empty() {
                    parts.push(std::mem::take(&mut cur));
                }
                cur.push(c);
            }
            ']' if !quoted => {
                cur.push(c);
                parts.push(std::mem::take(&mut cur));
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// The instance key an address ends with (`"us-east-1a"` or `0`), unquoted.
pub(crate) fn instance_key(address: &str) -> Option<&str> {
    let inner = address.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    Some(inner[open + 1..].trim_matches('"'))
}

/// A module path without instance keys: `module.a[0].module.b` is `module.a.module.b`.
pub(crate) fn strip_keys(module: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in module.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// An id made of an address: what an id may hold, and stable across runs.
fn id_of(address: &str) -> String {
    address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// The stable name of a resource whose id is unknown until apply: its address, or for an API
/// (whose id is part of its URL, ten lowercase letters and digits) ten such characters drawn
/// from a hash of the address.
pub(crate) fn unknown_id(kind: &str, address: &str) -> String {
    if !matches!(kind, "aws_api_gateway_rest_api" | "aws_apigatewayv2_api") {
        return id_of(address);
    }
    // FNV-1a: the same address gives the same id on every machine and run.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in address.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..10)
        .map(|_| {
            let c = digits[(h % 36) as usize] as char;
            h /= 36;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_splits_at_dots_outside_quotes_and_at_keys() {
        assert_eq!(
            split_reference("aws_subnet.a[\"x.y\"].id"),
            ["aws_subnet", "a", "[\"x.y\"]", "id"]
        );
        assert_eq!(
            split_reference("module.net.vpc_id"),
            ["module", "net", "vpc_id"]
        );
        assert_eq!(
            split_reference("aws_instance.app[0]"),
            ["aws_instance", "app", "[0]"]
        );
    }

    #[test]
    fn instance_keys_and_module_paths() {
        assert_eq!(
            instance_key("aws_subnet.a[\"us-east-1a\"]"),
            Some("us-east-1a")
        );
        assert_eq!(instance_key("aws_instance.app[1]"), Some("1"));
        assert_eq!(instance_key("aws_vpc.main"), None);
        assert_eq!(
            strip_keys("module.a[0].module.b[\"x\"]"),
            "module.a.module.b"
        );
    }

    #[test]
    fn unknown_ids_are_stable_and_an_apis_is_ten_lowercase_letters_and_digits() {
        let a = unknown_id(
            "aws_api_gateway_rest_api",
            "aws_api_gateway_rest_api.orders",
        );
        assert_eq!(
            a,
            unknown_id(
                "aws_api_gateway_rest_api",
                "aws_api_gateway_rest_api.orders"
            )
        );
        assert_eq!(a.len(), 10);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_ne!(
            a,
            unknown_id("aws_api_gateway_rest_api", "aws_api_gateway_rest_api.other")
        );
        assert_eq!(
            unknown_id("aws_subnet", "module.net.aws_subnet.a[\"x\"]"),
            "module.net.aws_subnet.a--x"
        );
    }
}
