//! The YAML parser's errors in the scenario's terms: budgets, Rust types, the parser's own
//! options and misleading positions reworded, with what to write instead.

use super::*;

/// A budget breach in words a scenario author can act on.
pub(super) fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> (String, String) {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Nodes { .. } | B::Events { .. } => (
            "the YAML expands to more nodes than the file has bytes: aliases (`*name`) repeat an anchor too often (an alias bomb?)".into(),
            "write the repeated parts out, or use fewer nested aliases".into(),
        ),
        B::Depth { depth } => (
            format!("the YAML nests {depth} levels deep; vpcpath reads at most {MAX_DEPTH}"),
            "a scenario needs about ten levels: check for runaway brackets".into(),
        ),
        B::Aliases { .. } | B::Anchors { .. } => (
            format!("the file has too many aliases or anchors ({breach:?})"),
            "write the repeated parts out instead of aliasing them".into(),
        ),
        other => (
            format!("the file exceeds vpcpath's limits on YAML input ({other:?})"),
            "simplify the YAML or split the scenario into several files".into(),
        ),
    }
}

/// A serde-saphyr error as a diagnostic: its message at its location, in the scenario's terms
/// (`text` is what was parsed, to look around the location).
pub(super) fn yaml_diagnostic(e: &serde_saphyr::Error, text: &str) -> Diagnostic {
    let pos = e.location().map(Pos::from_location).unwrap_or_default();
    let mut original = e;
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = original
    {
        original = error;
    }
    if let serde_saphyr::Error::Budget { breach, .. } = original {
        let (message, help) = budget_message(breach);
        return Diagnostic::new(Code::Budget, pos, message).with_help(help);
    }
    let message = serde_saphyr::DefaultMessageFormatter
        .format_message(e.without_snippet())
        .into_owned();
    if let Some(d) = reworded(&message, pos, text) {
        return d;
    }
    let help = hint(&message);
    let d = Diagnostic::new(Code::Format, pos, message);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// The parser's messages that speak of its own insides (Rust types, its options) or point
/// away from the mistake, said in the scenario's terms instead.
pub(super) fn reworded(message: &str, pos: Pos, text: &str) -> Option<Diagnostic> {
    let format = |pos, message: String, help: &str| {
        Some(Diagnostic::new(Code::Format, pos, message).with_help(help))
    };
    // A file whose top level is a list, not a mapping.
    let first = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if let Some((i, line)) = first
        && line.starts_with('-')
        && pos.line <= i as u32 + 1
        && message.contains("mapping")
    {
        return format(
            pos,
            "the file is a YAML list, but a scenario is a mapping of keys (`scenario:`, `region:`, `vpcs:`, ...)".into(),
            "remove the leading `- ` and its indentation, so that the keys start at the first column",
        );
    }
    // Rust's integer types, by the range a user can write.
    for (ty, range) in [
        ("u16", "0 to 65,535"),
        ("u32", "0 to 4,294,967,295"),
        ("u64", "0 or more"),
        ("usize", "0 or more"),
    ] {
        if message == format!("invalid {ty}") {
            return format(
                pos,
                format!("expected a whole number from {range} here"),
                "write a whole number, such as 443",
            );
        }
    }
    if message.starts_with("expected string scalar") {
        return format(
            pos,
            "expected a single value (text) here, not a list or a mapping".into(),
            "write one value after the colon; quote it if it contains `:` or `#`",
        );
    }
    if message.contains("untagged enum PublicIp") {
        return format(
            pos,
            "`public_ip` takes true, false or a public IPv4 address".into(),
            "write `public_ip: true` to have a public address allocated, `false` (or leave it out) for none, or an address such as 198.51.100.7",
        );
    }
    if message.contains("untagged enum") || message.contains("variant") {
        return format(
            pos,
            "this value has none of the forms this key takes".into(),
            "see docs/scenario-format.md for the forms it takes",
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, _)) = rest.split_once('`')
        && let Some(&(_, why, help)) = UNMODELLED.iter().find(|(f, ..)| *f == field)
    {
        return format(
            pos,
            format!("`{field}` is an AWS setting vpcpath does not model: {why}"),
            help,
        );
    }
    if message.contains("expected sequence start")
        && let Some(key) = empty_key_at(text, pos)
    {
        return format(
            pos,
            format!("`{key}:` has no value, which YAML reads as null, not as an empty list"),
            &format!(
                "write `{key}: []` for none, remove the key, or list the entries below it as `- item` lines indented under `{key}:`"
            ),
        );
    }
    if message.starts_with("cannot deserialize null") {
        return format(
            pos,
            "this key has no value".into(),
            "write its value after the colon, or remove the key if it is optional (an empty value is null)",
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format(
            pos,
            format!("`{key}` is written twice in this mapping"),
            "a key may appear once in a mapping; remove or merge the repeated one",
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        // A required key of the file itself: nothing on the line the parser points at is wrong.
        if pos.column <= 1 && matches!(field, "scenario" | "region") {
            // Pointed at the file's first key, beside which the missing one belongs.
            let line = first.map_or(1, |(i, _)| i as u32 + 1);
            return format(
                Pos { line, column: 1 },
                format!("the file has no `{field}:` at its top level; every scenario has one"),
                if field == "region" {
                    "add `region: us-east-1` (or the scenario's home Region) at the top level"
                } else {
                    "add `scenario: <a title>` at the top level"
                },
            );
        }
        // The key is written on a line below, but indented less than the entry's keys, so it
        // belongs to no entry (or to the one around it).
        let lines: Vec<&str> = text.lines().collect();
        let below = lines
            .iter()
            .enumerate()
            .skip(pos.line as usize)
            .take(8)
            .find(|(_, l)| l.trim_start().starts_with(&format!("{field}:")));
        if let Some((i, line)) = below {
            let column = line.len() - line.trim_start().len() + 1;
            if (column as u32) < pos.column {
                return format(
                    pos,
                    format!(
                        "this entry has no `{field}`: the `{field}:` on line {} is indented less than the entry's keys, so it is not part of it",
                        i + 1
                    ),
                    &format!(
                        "indent `{field}:` on line {} to column {}, under the entry's first key",
                        i + 1,
                        pos.column
                    ),
                );
            }
        }
    }
    None
}

/// Keys people write from AWS's own vocabulary that vpcpath's format leaves out on purpose:
/// the key, what vpcpath does instead, and what to write. Refused like a typo, said as what
/// they are.
const UNMODELLED: &[(&str, &str, &str)] = &[
    (
        "tags",
        "no path depends on a resource's tags here",
        "remove `tags`; vpcpath names resources by `id`",
    ),
    (
        "ipv6_cidr",
        "vpcpath routes IPv4 only",
        "remove it: IPv6 addresses, routes and rules are not modelled",
    ),
    (
        "ipv6_cidr_block",
        "vpcpath routes IPv4 only",
        "remove it: IPv6 addresses, routes and rules are not modelled",
    ),
    (
        "ipv6_cidrs",
        "vpcpath routes IPv4 only",
        "remove it: IPv6 addresses, routes and rules are not modelled",
    ),
    (
        "enable_dns64",
        "vpcpath routes IPv4 only",
        "remove it: DNS64 and NAT64 are not modelled",
    ),
    (
        "mutual_tls",
        "vpcpath's clients send no client certificate, and a truststore is not read",
        "remove it to simulate the domain without mutual TLS: AWS would refuse clients that present no trusted certificate, and vpcpath then would not",
    ),
    (
        "instance_tenancy",
        "tenancy changes no network path",
        "remove it",
    ),
];

/// The key of a `key:` line that ends (but for a comment) at `pos`: a key written with no
/// value, which YAML reads as null.
fn empty_key_at(text: &str, pos: Pos) -> Option<&str> {
    let line = text.lines().nth((pos.line as usize).checked_sub(1)?)?;
    let code = line.split(" #").next().unwrap_or(line).trim_end();
    let key = code
        .strip_suffix(':')?
        .trim_start()
        .trim_start_matches("- ");
    let ends_here = code.len() + 1 >= pos.column as usize;
    (ends_here && !key.is_empty() && !key.contains([' ', ':', '{', '['])).then_some(key)
}

/// What to write instead, for the YAML errors people meet most.
pub(super) fn hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, rest)) = rest.split_once('`')
        && let Some((_, expected)) = rest.split_once("expected one of ")
    {
        let candidates = expected.split(", ").map(|c| c.trim_matches('`'));
        let guess = crate::validate::suggest_or(field, candidates, "");
        if !guess.is_empty() {
            return Some(guess);
        }
    }
    if message.starts_with("unknown field") {
        return Some("check the spelling against docs/scenario-format.md; unknown keys are refused so a typo is never ignored".into());
    }
    if message.starts_with("missing field") {
        return Some("add the field: see docs/scenario-format.md for what each entry needs".into());
    }
    if message.contains("duplicate mapping key") {
        return Some("a key may appear once in a mapping; remove or merge the repeated one".into());
    }
    if message.contains("boolean") {
        return Some("write true or false".into());
    }
    if message.contains("expected a sequence") || message.contains("expected sequence start") {
        return Some("this key takes a list: write `- item` lines or [a, b]".into());
    }
    if message.contains("expected struct")
        || message.contains("expected a map")
        || message.contains("expected mapping start")
    {
        return Some("this key takes a mapping: write `key: value` lines or { key: value }".into());
    }
    if message.contains("tab") {
        return Some("indent with spaces: YAML does not allow tabs for indentation".into());
    }
    if message.contains("invalid type") || message.starts_with("invalid") {
        return Some("check the value's type: see docs/scenario-format.md".into());
    }
    if message.contains("recursion limit") {
        return Some(format!(
            "the YAML nests deeper than vpcpath reads ({MAX_DEPTH} levels): check for runaway brackets"
        ));
    }
    if message.contains("bracket") || message.contains("brace") || message.contains("quote") {
        return Some("close it on the same entry: flow lists end with ] and flow mappings with }; quotes come in pairs".into());
    }
    Some(
        "the YAML is malformed here: check the indentation, the `key: value` colons and the quotes"
            .into(),
    )
}
