//! Reading scenario files: discovery of `*.yaml`/`*.yml` under folders, YAML parsing with
//! serde-saphyr's budgets, and the hand-off to [`crate::validate`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::MessageFormatter;

use crate::error::{Code, Diagnostic, Error, Pos};
use crate::model::Scenario;
use crate::net::Network;
use crate::validate::{self, RequestWarnings};

mod messages;
use messages::*;

mod fast;
pub mod input;
mod network;
use network::{merged, not_the_networks, with_network};
mod parts;
mod stream;
pub use input::read_text;
pub use parts::*;
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
    files_under(dir, &["yaml", "yml"], out).map_err(|(path, source)| Error::Io { path, source })
}

/// The files under `dir` (recursively, in path order) whose extension is one of `extensions`,
/// appended to `out`; a folder that cannot be read is the error, with its path. Each folder
/// and file is visited once by its real path: a symbolic link back up the tree (`ln -s . x`)
/// is not followed again, and a file reached by two links is listed once.
pub fn files_under(
    dir: &Path,
    extensions: &[&str],
    out: &mut Vec<PathBuf>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let mut seen = std::collections::HashSet::new();
    if let Ok(real) = std::fs::canonicalize(dir) {
        seen.insert(real);
    }
    files_under_once(dir, extensions, out, &mut seen)
}

fn files_under_once(
    dir: &Path,
    extensions: &[&str],
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let io = |source| (dir.to_path_buf(), source);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let wanted = path.is_dir()
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e));
        if !wanted {
            continue;
        }
        // A dangling link has no real path: it is listed, and its reading says why it fails.
        if let Ok(real) = std::fs::canonicalize(&path)
            && !seen.insert(real)
        {
            continue;
        }
        if path.is_dir() {
            files_under_once(&path, extensions, out, seen)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads, parses and validates one scenario file. A file over [`MAX_FILE_BYTES`] is refused
/// once that many bytes are read.
pub fn load_file(path: &Path) -> Result<Network, Error> {
    let text = read_text(path)?;
    let scenario = parse(path, &text)?;
    if let Some(network) = scenario.network.clone() {
        return with_network(path, &text, scenario, &network);
    }
    // The text is not needed to validate: dropped, it leaves room for the network being built
    // (a file of a million requests is 100 MB of it). A problem found is quoted from the file
    // read again.
    drop(text);
    validate::validate_owned(scenario).map_err(|diagnostics| Error::Invalid {
        path: path.to_path_buf(),
        text: input::reread(path),
        diagnostics,
    })
}

/// Refuses a file of `len` bytes over [`MAX_FILE_BYTES`].
pub fn check_size(path: &Path, len: u64) -> Result<(), Error> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(input::too_large(path, len.to_string()))
}

/// Parses and validates the bytes of a scenario file: at most [`MAX_FILE_BYTES`], UTF-8.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Result<Network, Error> {
    check_size(path, bytes.len() as u64)?;
    let text = input::utf8(path, bytes)?;
    load_str(path, &text)
}

/// Parses and validates scenario text; `path` is used in messages.
pub fn load_str(path: &Path, text: &str) -> Result<Network, Error> {
    load_parsed(path, text, parse(path, text)?)
}

/// [`load_parsed`] of a scenario that is kept: validated where it is (a file with `network:`,
/// whose network is laid under it, from a copy).
pub fn load_parsed_ref(path: &Path, text: &str, scenario: &Scenario) -> Result<Network, Error> {
    if let Some(network) = scenario.network.clone() {
        return with_network(path, text, scenario.clone(), &network);
    }
    validate::validate(scenario).map_err(|diagnostics| Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics,
    })
}

/// Validates a scenario parsed from `text` (with its `network:` followed, as [`load_str`]
/// does); `path` and `text` are used in messages.
pub fn load_parsed(path: &Path, text: &str, scenario: Scenario) -> Result<Network, Error> {
    if let Some(network) = scenario.network.clone() {
        return with_network(path, text, scenario, &network);
    }
    validate::validate_owned(scenario).map_err(|diagnostics| Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics,
    })
}

/// Parses scenario text (not empty, the scenario format, within the loader's budgets).
pub fn parse(path: &Path, text: &str) -> Result<Scenario, Error> {
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
    if let Some(scenario) = parse_fast(text) {
        return Ok(scenario);
    }
    serde_saphyr::from_str_with_options(text, yaml_options(text.len()))
        .map_err(|e| invalid(vec![yaml_diagnostic(&e, text)]))
}

/// A scenario whose requests come last, each written on one line as a streamed file's are read
/// fast ([`fast`]): the scenario before them parsed by the YAML library (with the whole text's
/// budgets), the requests by vpcpath. `None` when any request, or the shape of the file, is the
/// library's to read: the whole text is then parsed as it always was, so what is said of a
/// problem is the library's.
fn parse_fast(text: &str) -> Option<Scenario> {
    let start = requests_start(text)?;
    let (head, part) = text.split_at(start);
    if head.lines().any(|l| l.starts_with("requests:")) {
        return None;
    }
    let lines_before = u32::try_from(head.matches('\n').count()).ok()?;
    let mut requests = Vec::new();
    let stop = fast::one_line_requests_at(part, lines_before, usize::MAX, |chunk| {
        requests = chunk;
        true
    });
    if stop != fast::Stop::Done {
        return None;
    }
    let mut scenario: Scenario =
        serde_saphyr::from_str_with_options(head, yaml_options(text.len())).ok()?;
    scenario.requests = crate::model::exact(requests);
    Some(scenario)
}

/// The `requests:` of a file whose other keys are not read (the requests file of `vpcpath
/// review`), at the lines where they are written.
pub fn parse_requests(
    path: &Path,
    text: &str,
) -> Result<Vec<crate::model::Sp<crate::model::Request>>, Error> {
    #[derive(serde::Deserialize)]
    struct Requests {
        #[serde(default)]
        requests: Vec<crate::model::Sp<crate::model::Request>>,
    }
    serde_saphyr::from_str_with_options::<Requests>(text, yaml_options(text.len()))
        .map(|r| r.requests)
        .map_err(|e| Error::Invalid {
            path: path.to_path_buf(),
            text: Arc::from(text),
            diagnostics: vec![yaml_diagnostic(&e, text)],
        })
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

#[cfg(test)]
mod tests;
