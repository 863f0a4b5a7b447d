//! Reading scenario files: discovery of `*.yaml`/`*.yml` under folders, YAML parsing with
//! serde-saphyr's budgets, and the hand-off to [`crate::validate`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::MessageFormatter;

use crate::error::{Code, Diagnostic, Error, Pos};
use crate::model::Scenario;
use crate::net::Network;
use crate::validate::{self, RequestWarnings};

mod stream;
pub use stream::*;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Expands folders into their scenario files (recursively, sorted); files are kept as given.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| Error::Io {
            path: p.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = out.len();
            walk(p, &mut out)?;
            if out.len() == before {
                return Err(Error::NoScenarios { path: p.clone() });
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads, parses and validates one scenario file. A file over [`MAX_FILE_BYTES`] is refused
/// before it is read.
pub fn load_file(path: &Path) -> Result<Network, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    check_size(path, std::fs::metadata(path).map_err(io)?.len())?;
    let bytes = std::fs::read(path).map_err(io)?;
    load_bytes(path, bytes)
}

/// Refuses a file of `len` bytes over [`MAX_FILE_BYTES`].
pub fn check_size(path: &Path, len: u64) -> Result<(), Error> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(""),
        diagnostics: vec![
            Diagnostic::new(Code::TooLarge,
                Pos::default(),
                format!(
                    "the file is {len} bytes; vpcpath reads scenarios of at most {MAX_FILE_BYTES} bytes"
                ),
            )
            .with_help("split the scenario into several files"),
        ],
    })
}

/// Parses and validates the bytes of a scenario file: at most [`MAX_FILE_BYTES`], UTF-8.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Result<Network, Error> {
    check_size(path, bytes.len() as u64)?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(""),
        diagnostics: vec![
            Diagnostic::new(
                Code::NotUtf8,
                Pos::default(),
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
            .with_help("save the scenario as UTF-8"),
        ],
    })?;
    load_str(path, &text)
}

/// Parses and validates scenario text; `path` is used in messages.
pub fn load_str(path: &Path, text: &str) -> Result<Network, Error> {
    let invalid = |diagnostics| Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics,
    };
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(invalid(vec![
            Diagnostic::new(Code::Empty, Pos::default(), "the file holds no scenario")
                .with_help("a scenario needs at least `scenario: <title>` and `region: <region>`"),
        ]));
    }
    let scenario: Scenario = serde_saphyr::from_str_with_options(text, yaml_options(text.len()))
        .map_err(|e| invalid(vec![yaml_diagnostic(&e, text)]))?;
    validate::validate(&scenario).map_err(invalid)
}

/// Parses scenario text as a YAML value (for edits of the file as written), with the same
/// budgets as [`load_str`]; `path` is used in messages.
pub fn parse_value(path: &Path, text: &str) -> Result<serde_json::Value, Error> {
    serde_saphyr::from_str_with_options(text, yaml_options(text.len())).map_err(|e| {
        Error::Invalid {
            path: path.to_path_buf(),
            text: Arc::from(text),
            diagnostics: vec![yaml_diagnostic(&e, text)],
        }
    })
}

/// How deep YAML collections may nest. A scenario needs about ten levels; policies a few more.
pub const MAX_DEPTH: usize = 64;

/// The least node and event budget, whatever the file's size.
pub const MIN_NODES: usize = 100_000;

/// The parser's budgets for a text of `len` bytes. Without aliases a YAML node takes at least
/// one byte, so a file cannot legitimately hold more nodes (or events) than bytes: capping both
/// at the file's size (or [`MIN_NODES`]) stops an alias bomb after a few milliseconds while
/// any real scenario, however large, fits. Depth is capped at [`MAX_DEPTH`], scalar text at
/// the file size limit.
pub fn yaml_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = len.max(MIN_NODES);
    budget.max_events = len.saturating_mul(2).max(MIN_NODES);
    budget.max_total_scalar_bytes = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// A budget breach in words a scenario author can act on.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> (String, String) {
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
fn yaml_diagnostic(e: &serde_saphyr::Error, text: &str) -> Diagnostic {
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
fn reworded(message: &str, pos: Pos, text: &str) -> Option<Diagnostic> {
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

/// What to write instead, for the YAML errors people meet most.
fn hint(message: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_holds_the_reader_to_its_limit_and_lets_it_go_when_closed() {
        let gate = std::sync::Arc::new(Gate::new(2));
        assert!(gate.enter() && gate.enter());
        // A third chunk waits until one is taken.
        let reader = {
            let gate = std::sync::Arc::clone(&gate);
            std::thread::spawn(move || gate.enter())
        };
        gate.leave();
        assert!(reader.join().unwrap());
        // Lowered below what is in flight, the limit waits for the receiver to catch up...
        gate.limit(1);
        let reader = {
            let gate = std::sync::Arc::clone(&gate);
            std::thread::spawn(move || gate.enter())
        };
        // ...and closing lets the reader go, refused.
        gate.close();
        assert!(!reader.join().unwrap());
        assert!(!gate.enter());
    }

    #[test]
    fn unknown_key_is_refused_with_its_position() {
        let e = load_str(
            Path::new("t.yaml"),
            "scenario: x\nregion: us-east-1\nvpcz: []\n",
        )
        .unwrap_err();
        let text = e.to_string();
        assert!(text.contains("t.yaml:3:1"), "{text}");
        assert!(text.contains("unknown field `vpcz`"), "{text}");
    }

    #[test]
    fn empty_file_says_what_to_write() {
        let e = load_str(Path::new("t.yaml"), "# nothing\n").unwrap_err();
        assert!(e.to_string().contains("holds no scenario"));
    }
}
