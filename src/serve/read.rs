//! Reading a scenario the page sends: the loader's own checks, and serve's two limits on top —
//! a `network:` is read only when it names a file given on the command line, and a file of
//! more than [`MAX_REQUESTS`] requests is refused (the page shows each one; `vpcpath run` is
//! for large files).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Code, Diagnostic, Error, Pos, Source};
use crate::net::Network;

/// The most requests serve simulates in one file.
pub const MAX_REQUESTS: usize = 2000;

/// The files serve may read: those named on its command line, made absolute.
#[derive(Debug, Clone, Default)]
pub struct Allowed(Vec<PathBuf>);

impl Allowed {
    /// The files `paths` names (already discovered: files, not folders).
    pub fn new(paths: &[PathBuf]) -> Allowed {
        Allowed(paths.iter().filter_map(|p| p.canonicalize().ok()).collect())
    }

    fn holds(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|c| self.0.contains(&c))
    }
}

/// Loads `text` as the file `path` (for its messages and its `network:`), reading no file but
/// those `allowed`.
pub fn load(path: &Path, text: &str, allowed: &Allowed) -> Result<Network, Error> {
    let scenario = crate::load::parse(path, text)?;
    if let Some(network) = &scenario.network {
        refuse_unlisted(path, text, network, allowed)?;
    }
    drop(scenario);
    let net = crate::load::load_str(path, text)?;
    if net.requests.len() > MAX_REQUESTS {
        return Err(invalid(
            path,
            text,
            Diagnostic::new(
                Code::TooLarge,
                Pos::default(),
                format!(
                    "the file has {} requests: the page simulates at most {MAX_REQUESTS}",
                    net.requests.len()
                ),
            )
            .with_help("run it with `vpcpath run` or `vpcpath test`, or keep fewer requests here"),
        ));
    }
    Ok(net)
}

fn invalid(path: &Path, text: &str, d: Diagnostic) -> Error {
    Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics: vec![d],
    }
}

/// A `network:` that names a file not given on the command line is refused, and so is one
/// whose network file itself names another (the loader refuses that, after reading it).
fn refuse_unlisted(
    path: &Path,
    text: &str,
    network: &crate::model::Sp<String>,
    allowed: &Allowed,
) -> Result<(), Error> {
    let npath = path.parent().unwrap_or(Path::new("")).join(&network.value);
    if !allowed.holds(&npath) {
        return Err(invalid(
            path,
            text,
            Diagnostic::new(
                Code::NetworkFile,
                Pos::of(network),
                format!(
                    "`vpcpath serve` reads no file but those named on its command line, and {} is not one",
                    npath.display()
                ),
            )
            .with_help("start `vpcpath serve` with the network file among its paths, or write the network in this file"),
        ));
    }
    let ntext = crate::load::read_text(&npath)?;
    if crate::load::parse(&npath, &ntext)?.network.is_some() {
        return Err(invalid(
            path,
            text,
            Diagnostic::new(
                Code::NetworkFile,
                Pos::of(network),
                format!(
                    "{} takes its own network from another file: a network file holds the network itself",
                    network.value
                ),
            )
            .with_help("name the file that declares the VPCs"),
        ));
    }
    Ok(())
}

/// A problem of the file, as the page shows it: where, and the CLI's own words.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The kind (`docs/errors.md`).
    pub code: &'static str,
    /// Line, 1-based; 0 for the whole file.
    pub line: u32,
    /// Column, 1-based.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// The whole diagnostic as `vpcpath check` prints it.
    pub rendered: String,
}

/// The problems of an error (its diagnostics, or one for a file that could not be read).
pub fn problems(e: &Error) -> Vec<Problem> {
    match e {
        Error::Invalid {
            path,
            text,
            diagnostics,
        } => {
            let source = Source::new(path, Arc::clone(text));
            diagnostics
                .iter()
                .take(crate::error::MAX_LISTED_ERRORS)
                .map(|d| problem(&source, d))
                .collect()
        }
        other => vec![Problem {
            severity: "error",
            code: "io",
            line: 0,
            column: 0,
            message: other
                .render(false)
                .trim_start_matches("error: ")
                .to_string(),
            help: None,
            rendered: other.render(false),
        }],
    }
}

/// The warnings of a network read from `text`.
pub fn warnings(path: &Path, text: &str, net: &Network) -> Vec<Problem> {
    let source = Source::new(path, Arc::from(text));
    net.warnings
        .iter()
        .take(crate::validate::MAX_LISTED_WARNINGS)
        .map(|d| problem(&source, d))
        .collect()
}

fn problem(source: &Source, d: &Diagnostic) -> Problem {
    Problem {
        severity: d.severity.name(),
        code: d.code.name(),
        line: d.pos.line,
        column: d.pos.column,
        message: d.message.clone(),
        help: d.help.clone(),
        rendered: source.render(d, false).trim_end().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_file_not_named_is_refused_unread() {
        let text = "scenario: s\nregion: us-east-1\nnetwork: /etc/passwd\nrequests: []\n";
        let e = load(Path::new("x/s.yaml"), text, &Allowed::default()).unwrap_err();
        let p = problems(&e);
        assert_eq!(p[0].code, "network-file");
        assert_eq!((p[0].line, p[0].column), (3, 10));
        assert!(
            p[0].message.contains("reads no file but those named"),
            "{}",
            p[0].message
        );
        let relative = "scenario: s\nregion: us-east-1\nnetwork: ../../../etc/passwd\n";
        let e = load(Path::new("s.yaml"), relative, &Allowed::default()).unwrap_err();
        assert_eq!(problems(&e)[0].code, "network-file");
    }

    #[test]
    fn a_typo_is_reported_at_its_line_in_the_cli_words() {
        let text = "scenario: s\nregion: us-east-1\nvpcz: []\n";
        let e = load(Path::new("s.yaml"), text, &Allowed::default()).unwrap_err();
        let p = problems(&e);
        assert_eq!(p[0].line, 3);
        assert_eq!(p[0].rendered, e.render(false).trim_end());
    }
}
