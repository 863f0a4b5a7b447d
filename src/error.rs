//! The one error type of the library, and its rendering.
//!
//! An [`Error`] is a failure of the tool's input, never a simulated outcome: a request that
//! times out or gets a 403 is a [`crate::trace::Outcome`]. Errors carry everything needed to
//! point at the offending text: the file, and for YAML and validation problems one
//! [`Diagnostic`] per problem with its line and column, rendered like a compiler message.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::pos::Pos;

mod code;
mod printable;
mod render;
pub use code::Code;
pub use printable::printable;
pub use render::{Source, render};

/// Whether a diagnostic stops the file from being simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// AWS would refuse it, or vpcpath cannot read it: exit 2.
    Error,
    /// AWS accepts it, but it is usually a mistake: reported, and the file is simulated.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The kind of problem.
    pub code: Code,
    /// Error or warning (the kind's).
    pub severity: Severity,
    /// The line of vpcpath's source that raised it (not rendered): tests use it to prove that
    /// every check is exercised by a fixture.
    pub site: &'static std::panic::Location<'static>,
    /// Where it is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem of kind `code` at `pos`; its severity is the kind's.
    #[track_caller]
    pub fn new(code: Code, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            site: std::panic::Location::caller(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    /// A warning of kind `code` at `pos` (a kind whose severity is a warning).
    #[track_caller]
    pub fn warning(code: Code, pos: Pos, message: impl Into<String>) -> Diagnostic {
        debug_assert_eq!(
            code.severity(),
            Severity::Warning,
            "{code:?} is not a warning"
        );
        Diagnostic::new(code, pos, message)
    }

    /// Adds what to write instead.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets what to write instead on a diagnostic already recorded.
    pub fn help(&mut self, help: impl Into<String>) {
        self.help = Some(help.into());
    }
}

/// How many problems of one file are shown in full; the rest are counted (a file with a
/// thousand dangling references would otherwise print a thousand quoted snippets).
pub const MAX_LISTED_ERRORS: usize = 50;

/// Everything that can go wrong while reading scenarios.
#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A path given on the command line holds no scenario files.
    NoScenarios {
        /// The path.
        path: PathBuf,
    },
    /// The file is not valid YAML for the scenario format, or AWS would reject what it
    /// describes. All problems found are listed.
    Invalid {
        /// The file.
        path: PathBuf,
        /// Its text, to quote the offending lines.
        text: Arc<str>,
        /// The problems, in file order.
        diagnostics: Vec<Diagnostic>,
    },
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl Error {
    /// The error as the command line prints it; `color` adds terminal colours.
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Io { path, source } => {
                printable(&format!("error: cannot read {}: {source}", path.display())).into_owned()
            }
            Error::NoScenarios { path } => printable(&format!(
                "error: {} holds no scenario files (*.yaml or *.yml)",
                path.display()
            ))
            .into_owned(),
            Error::Invalid {
                path,
                text,
                diagnostics,
            } => {
                // The file's lines are indexed once, whatever the number of problems.
                let source = Source::new(path, Arc::clone(text));
                let listed = diagnostics.len().min(MAX_LISTED_ERRORS);
                let rendered: Vec<String> = diagnostics[..listed]
                    .iter()
                    .map(|d| source.render(d, color))
                    .collect();
                let mut out = rendered.join("\n");
                if diagnostics.len() > listed {
                    out.push_str(&format!(
                        "\nerror: {} more problems in {} not shown: mend these first",
                        diagnostics.len() - listed,
                        path.display()
                    ));
                }
                if diagnostics.len() > 1 {
                    out.push_str(&format!(
                        "\nerror: {} problems in {}",
                        diagnostics.len(),
                        path.display()
                    ));
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_caret_and_help() {
        let err = Error::Invalid {
            path: "s.yaml".into(),
            text: "a: 1\nvpcs:\n  - { id: vpc-a, cidr: 10.0.0.0/33 }\n".into(),
            diagnostics: vec![
                Diagnostic::new(
                    Code::Cidr,
                    Pos {
                        line: 3,
                        column: 24,
                    },
                    "bad CIDR",
                )
                .with_help("write a.b.c.d/n"),
            ],
        };
        let text = err.to_string();
        assert!(text.contains("× bad CIDR"), "{text}");
        assert!(text.contains("╭─[s.yaml:3:24]"), "{text}");
        assert!(
            text.contains(" 3 │   - { id: vpc-a, cidr: 10.0.0.0/33 }"),
            "{text}"
        );
        // The underline starts at column 24 and covers the CIDR.
        assert!(
            text.contains("   ·                        ───────────\n"),
            "{text}"
        );
        assert!(text.contains("help: write a.b.c.d/n"), "{text}");
    }

    #[test]
    fn a_diagnostic_without_position_names_the_file() {
        let err = Error::Invalid {
            path: "empty.yaml".into(),
            text: "".into(),
            diagnostics: vec![Diagnostic::new(
                Code::Empty,
                Pos::default(),
                "the file holds no scenario",
            )],
        };
        assert!(
            err.to_string()
                .contains("× empty.yaml: the file holds no scenario"),
            "{err}"
        );
    }

    #[test]
    fn problems_past_the_first_fifty_are_counted_not_shown() {
        let text: String = (0..60).map(|i| format!("k{i}: v\n")).collect();
        let err = Error::Invalid {
            path: "many.yaml".into(),
            text: text.into(),
            diagnostics: (1..=60)
                .map(|line| Diagnostic::new(Code::Reference, Pos { line, column: 1 }, "bad"))
                .collect(),
        };
        let shown = err.to_string();
        assert_eq!(shown.matches("× bad").count(), MAX_LISTED_ERRORS);
        assert!(
            shown.contains("10 more problems in many.yaml not shown"),
            "{shown}"
        );
        assert!(
            shown.contains("many.yaml:50:1"),
            "the fiftieth is quoted at its own line"
        );
    }
}
