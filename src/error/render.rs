//! Rendering a diagnostic like a compiler message: the message, the file, line and column, the
//! offending line with the token underlined, and the help. A file's lines are indexed once
//! ([`Source`]), and each diagnostic reads only the lines it quotes, so printing a problem costs
//! its own size, not the file's.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use super::{Diagnostic, Pos, Severity};

/// A file's text with the byte offset of each line's start, to render its diagnostics.
pub struct Source<'p> {
    path: &'p Path,
    text: Arc<str>,
    starts: Vec<usize>,
}

impl<'p> Source<'p> {
    /// Indexes the lines of `text`, the contents of `path`.
    /// A control character in the text (ESC, BEL...) is quoted as `?`: printed raw, it would
    /// drive the terminal.
    pub fn new(path: &'p Path, text: Arc<str>) -> Source<'p> {
        let text = match super::printable::same_length(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(clean) => Arc::from(clean),
        };
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { path, text, starts }
    }

    /// Line `n` (1-based) without its line break, and its byte offset; `None` past the end.
    fn line(&self, n: u32) -> Option<(&str, usize)> {
        let i = (n as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        if start > self.text.len() || (start == self.text.len() && i > 0) {
            return None;
        }
        Some((self.text[start..end].trim_end_matches(['\n', '\r']), start))
    }

    /// Renders one diagnostic. Plain (no colour, no links, fixed width) unless `color`, so
    /// that the same input always prints the same text.
    pub fn render(&self, d: &Diagnostic, color: bool) -> String {
        // What the file holds, said in the message, is escaped as the quoted lines are.
        let escaped;
        let d = if super::printable::is_printable(&d.message)
            && d.help.as_deref().is_none_or(super::printable::is_printable)
        {
            d
        } else {
            escaped = Diagnostic {
                message: super::printable(&d.message).into_owned(),
                help: d.help.as_deref().map(|h| super::printable(h).into_owned()),
                ..d.clone()
            };
            &escaped
        };
        let len = |n: u32| self.line(n).map_or(0, |(l, _)| l.len());
        // The lines around it are quoted too: all must be short.
        let quote = d.pos.line > 0
            && [
                len(d.pos.line),
                len(d.pos.line.saturating_sub(1)),
                len(d.pos.line + 1),
            ]
            .iter()
            .all(|l| *l <= MAX_QUOTED_LINE);
        let located = Located {
            path: self.path,
            source: self.excerpt(d.pos),
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

    /// The lines a diagnostic at `pos` quotes (its own and one either side), and where the
    /// token at `pos` is within them.
    fn excerpt(&self, pos: Pos) -> Excerpt {
        let first = pos.line.saturating_sub(1).max(1);
        let Some((_, offset)) = self.line(first) else {
            return Excerpt::default();
        };
        let end = self
            .line(pos.line + 1)
            .or_else(|| self.line(pos.line))
            .map_or(offset, |(l, start)| start + l.len());
        let token = self.line(pos.line).map(|(line, start)| {
            let (at, width) = token_span(line, pos.column);
            (start + at, width)
        });
        Excerpt {
            name: self.path.display().to_string(),
            text: self.text[offset..end.max(offset)].to_string(),
            first_line: first as usize - 1,
            offset,
            token,
        }
    }
}

/// Renders one diagnostic of a file (indexing its lines for this one diagnostic: to render
/// several, make one [`Source`]).
pub fn render(path: &Path, text: &Arc<str>, d: &Diagnostic, color: bool) -> String {
    Source::new(path, Arc::clone(text)).render(d, color)
}

/// The lines a diagnostic quotes, as miette reads them: offsets and line numbers are the
/// file's, though only these lines are held.
#[derive(Debug, Default)]
struct Excerpt {
    name: String,
    text: String,
    /// The 0-based number of the first line held.
    first_line: usize,
    /// The byte offset in the file of the first line held.
    offset: usize,
    /// The token to underline: its byte offset in the file, and its width.
    token: Option<(usize, usize)>,
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let start = span
            .offset()
            .checked_sub(self.offset)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let local = miette::SourceSpan::new(start.into(), span.len());
        let inner = self.text.as_str().read_span(&local, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            miette::SourceSpan::new(
                (inner.span().offset() + self.offset).into(),
                inner.span().len(),
            ),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Where in `line` the token at 1-based `column` starts (bytes), and its byte width.
fn token_span(line: &str, column: u32) -> (usize, usize) {
    let col = (column as usize).saturating_sub(1);
    let start: usize = line.chars().take(col).map(char::len_utf8).sum();
    let width_chars = token_width(line.chars().skip(col));
    let width: usize = line
        .chars()
        .skip(col)
        .take(width_chars)
        .map(char::len_utf8)
        .sum();
    (start, width.max(usize::from(start >= line.len())))
}

/// One diagnostic of a file, as miette sees it: the file's text as source, one label under
/// the offending token, and the help line.
struct Located<'a> {
    path: &'a std::path::Path,
    source: Excerpt,
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
        let (offset, width) = self.source.token?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            None, offset, width,
        ))))
    }
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

    fn token(text: &str, line: u32, column: u32) -> Option<(usize, usize)> {
        Source::new(Path::new("t.yaml"), text.into())
            .excerpt(Pos { line, column })
            .token
    }

    #[test]
    fn spans_are_byte_offsets_of_line_and_column_in_the_file() {
        let text = "a: 1\nb: \"é x\"\n";
        assert_eq!(token(text, 2, 4), Some((8, 6)));
        assert_eq!(token(text, 1, 1), Some((0, 2)));
        assert_eq!(token(text, 9, 1), None);
        assert_eq!(token(text, 0, 0), None);
    }

    #[test]
    fn an_excerpt_holds_the_line_and_one_either_side() {
        let text: String = (1..=9).map(|i| format!("line{i}\n")).collect();
        let e = Source::new(Path::new("t.yaml"), text.into()).excerpt(Pos { line: 5, column: 1 });
        assert_eq!(e.text, "line4\nline5\nline6");
        assert_eq!(e.first_line, 3);
        assert_eq!(e.offset, 18);
    }

    #[test]
    fn caret_covers_quoted_token() {
        assert_eq!(token_width("\"a b\" rest".chars()), 5);
        assert_eq!(token_width("abc, d".chars()), 3);
        assert_eq!(token_width("".chars()), 1);
    }
}
