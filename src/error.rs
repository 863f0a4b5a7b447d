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
pub use code::Code;

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
                format!("error: cannot read {}: {source}", path.display())
            }
            Error::NoScenarios { path } => format!(
                "error: {} holds no scenario files (*.yaml or *.yml)",
                path.display()
            ),
            Error::Invalid {
                path,
                text,
                diagnostics,
            } => {
                let rendered: Vec<String> = diagnostics
                    .iter()
                    .map(|d| render(path, text, d, color))
                    .collect();
                let mut out = rendered.join("\n");
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

/// One diagnostic of a file, as miette sees it: the file's text as source, one label under
/// the offending token, and the help line.
struct Located<'a> {
    path: &'a std::path::Path,
    source: miette::NamedSource<Arc<str>>,
    d: &'a Diagnostic,
    /// Whether to quote the line (not when it is too long to show).
    quote: bool,
}

/// Lines longer than this are not quoted: the location goes in the message instead.
const MAX_QUOTED_LINE: usize = 240;

impl fmt::Debug for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.d.fmt(f)
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d.pos.line == 0 {
            // No line to quote: the file goes in the message.
            write!(f, "{}: ", self.path.display())?;
        } else if !self.quote {
            write!(
                f,
                "{}:{}:{}: ",
                self.path.display(),
                self.d.pos.line,
                self.d.pos.column
            )?;
        }
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Located<'_> {}

impl miette::Diagnostic for Located<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        (self.d.pos.line > 0 && self.quote).then_some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if !self.quote {
            return None;
        }
        let (offset, width) = span_of(self.source.inner(), self.d.pos)?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            None, offset, width,
        ))))
    }
}

/// The byte offset of a line and column in `text`, and the byte width of the token there.
fn span_of(text: &str, pos: Pos) -> Option<(usize, usize)> {
    if pos.line == 0 {
        return None;
    }
    let mut offset = 0;
    let line = text.split_inclusive('\n').nth(pos.line as usize - 1)?;
    for l in text.split_inclusive('\n').take(pos.line as usize - 1) {
        offset += l.len();
    }
    let line = line.trim_end_matches(['\n', '\r']);
    let col = (pos.column as usize).saturating_sub(1);
    let start: usize = line.chars().take(col).map(char::len_utf8).sum();
    let width_chars = token_width(line.chars().skip(col));
    let width: usize = line
        .chars()
        .skip(col)
        .take(width_chars)
        .map(char::len_utf8)
        .sum();
    Some((offset + start, width.max(usize::from(start >= line.len()))))
}

/// Renders one diagnostic of a file with miette: the message, the file, line and column, the
/// offending line with the token underlined, and the help. Plain (no colour, no links, fixed
/// width) unless `color`, so that the same input always prints the same text.
pub fn render(path: &std::path::Path, text: &Arc<str>, d: &Diagnostic, color: bool) -> String {
    let line_len = (d.pos.line > 0)
        .then(|| text.lines().nth(d.pos.line as usize - 1))
        .flatten()
        .map_or(0, str::len);
    // The lines around it are quoted too: all must be short.
    let around = |n: u32| {
        (n > 0)
            .then(|| text.lines().nth(n as usize - 1))
            .flatten()
            .map_or(0, str::len)
    };
    let quote = [
        line_len,
        around(d.pos.line.saturating_sub(1)),
        around(d.pos.line + 1),
    ]
    .iter()
    .all(|l| *l <= MAX_QUOTED_LINE);
    let located = Located {
        path,
        source: miette::NamedSource::new(path.display().to_string(), Arc::clone(text)),
        d,
        quote,
    };
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, &located).is_err() || out.is_empty() {
        out = format!("{}: {}\n", d.severity.name(), d.message);
    }
    out
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
    fn spans_are_byte_offsets_of_line_and_column() {
        let text = "a: 1\nb: \"é x\"\n";
        assert_eq!(span_of(text, Pos { line: 2, column: 4 }), Some((8, 6)));
        assert_eq!(span_of(text, Pos { line: 1, column: 1 }), Some((0, 2)));
        assert_eq!(span_of(text, Pos { line: 9, column: 1 }), None);
        assert_eq!(span_of(text, Pos::default()), None);
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
    fn caret_covers_quoted_token() {
        assert_eq!(token_width("\"a b\" rest".chars()), 5);
        assert_eq!(token_width("abc, d".chars()), 3);
        assert_eq!(token_width("".chars()), 1);
    }
}
