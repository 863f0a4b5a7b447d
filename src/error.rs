//! The one error type of the library, and its rendering.
//!
//! An [`Error`] is a failure of the tool's input, never a simulated outcome: a request that
//! times out or gets a 403 is a [`crate::trace::Outcome`]. Errors carry everything needed to
//! point at the offending text: the file, and for YAML and validation problems one
//! [`Diagnostic`] per problem with its line and column, rendered like a compiler message.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A line and column in a scenario file, both 1-based. `0:0` is "no position".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based.
    pub column: u32,
}

impl Pos {
    /// The position a spanned value was written at.
    pub fn of<T>(sp: &crate::model::Sp<T>) -> Pos {
        sp.pos
    }

    /// From a serde-saphyr location.
    pub fn from_location(loc: serde_saphyr::Location) -> Pos {
        Pos {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
        }
    }
}

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at `pos`.
    pub fn new(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            pos,
            message: message.into(),
            help: None,
        }
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
        match self {
            Error::Io { path, source } => {
                write!(f, "error: cannot read {}: {source}", path.display())
            }
            Error::NoScenarios { path } => write!(
                f,
                "error: {} holds no scenario files (*.yaml or *.yml)",
                path.display()
            ),
            Error::Invalid {
                path,
                text,
                diagnostics,
            } => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    render_diagnostic(f, path, text, d)?;
                }
                if diagnostics.len() > 1 {
                    write!(
                        f,
                        "\nerror: {} problems in {}",
                        diagnostics.len(),
                        path.display()
                    )?;
                }
                Ok(())
            }
        }
    }
}

fn render_diagnostic(
    f: &mut fmt::Formatter<'_>,
    path: &std::path::Path,
    text: &str,
    d: &Diagnostic,
) -> fmt::Result {
    writeln!(f, "error: {}", d.message)?;
    // The gutter is as wide as the line number, as rustc draws it.
    let num = d.pos.line.to_string();
    let pad = " ".repeat(num.len());
    let quoted = (d.pos.line > 0)
        .then(|| text.lines().nth(d.pos.line as usize - 1))
        .flatten();
    if d.pos.line == 0 {
        writeln!(f, "{pad}--> {}", path.display())?;
    } else {
        writeln!(
            f,
            "{pad}--> {}:{}:{}",
            path.display(),
            d.pos.line,
            d.pos.column
        )?;
    }
    if let Some(line) = quoted {
        let col = (d.pos.column as usize).saturating_sub(1);
        let prefix: String = line
            .chars()
            .take(col)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let width = token_width(line.chars().skip(col));
        writeln!(f, "{pad} |")?;
        writeln!(f, "{num} | {}", line.trim_end())?;
        writeln!(f, "{pad} | {prefix}{}", "^".repeat(width))?;
    }
    if let Some(help) = &d.help {
        writeln!(f, "{pad} = help: {help}")?;
    }
    Ok(())
}

/// How many characters the caret should cover: up to the end of the scalar token.
fn token_width(rest: impl Iterator<Item = char>) -> usize {
    let mut n = 0;
    let mut quote = None;
    for c in rest {
        match quote {
            Some(q) if c == q => {
                n += 1;
                break;
            }
            Some(_) => {}
            None if n == 0 && (c == '"' || c == '\'') => quote = Some(c),
            None if c == ',' || c == '}' || c == ']' || c == '#' => break,
            None if c.is_whitespace() && n > 0 => break,
            None => {}
        }
        n += 1;
    }
    n.max(1)
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
        assert!(text.contains("--> s.yaml:3:24"), "{text}");
        assert!(
            text.contains("3 |   - { id: vpc-a, cidr: 10.0.0.0/33 }"),
            "{text}"
        );
        assert!(
            text.contains("  |                        ^^^^^^^^^^^\n"),
            "{text}"
        );
        assert!(text.contains("= help: write a.b.c.d/n"), "{text}");
    }

    #[test]
    fn caret_covers_quoted_token() {
        assert_eq!(token_width("\"a b\" rest".chars()), 5);
        assert_eq!(token_width("abc, d".chars()), 3);
        assert_eq!(token_width("".chars()), 1);
    }
}
