//! The JSON report: the [`Report`] structs serialized with serde, steps tagged by `"type"`
//! and outcomes by `"kind"`. The shape is documented in `docs/json.md`.

use std::io::{self, Write};
use std::net::Ipv4Addr;

use super::Report;
use crate::trace::{Addr, Answer, Outcome, Step, Trace};

mod ending;
mod indented;
mod line;
use line::*;

/// Renders reports as one pretty-printed JSON array.
pub fn render(w: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, reports)?;
    writeln!(w)
}

/// The JSON report written as [`render`] writes it, a file at a time and its traces as they
/// are simulated, so that no more than a chunk of traces is held: the same bytes.
#[derive(Debug, Default)]
pub struct Document {
    /// Files written so far.
    files: usize,
    /// Whether the current file's list of traces is open (it has one).
    open: bool,
}

impl Document {
    /// Starts the report of a file: everything up to its traces.
    pub fn file(&mut self, w: &mut dyn Write, header: &Report) -> io::Result<()> {
        let (head, _) = Document::cut(header)?;
        w.write_all(if self.files == 0 { b"[\n" } else { b",\n" })?;
        w.write_all(head.as_bytes())?;
        self.files += 1;
        self.open = false;
        Ok(())
    }

    /// serde's own words for a report without traces, cut where the traces go: what comes
    /// before them and what comes after.
    fn cut(header: &Report) -> io::Result<(String, String)> {
        let whole = serde_json::to_string_pretty(std::slice::from_ref(header))?;
        let inner = &whole["[\n".len()..whole.len() - "\n]".len()];
        // Quotes inside strings are escaped: the first `"traces": []` is the field.
        let key = "\"traces\": ";
        let at = inner
            .find("\"traces\": []")
            .expect("a report without traces has `\"traces\": []`")
            + key.len();
        Ok((
            inner[..at].to_string(),
            inner[at + "[]".len()..].to_string(),
        ))
    }

    /// Appends one trace, as [`render`] indents it, to `buf` (to be written with
    /// [`Document::traces`]).
    pub fn trace(buf: &mut Vec<u8>, t: &Trace) {
        buf.extend_from_slice(b",\n      ");
        // Straight into the buffer, three levels in (the report's array, its object, its
        // `traces`): no string of the trace to cut into lines and indent again.
        let mut ser = serde_json::Serializer::with_formatter(&mut *buf, indented::Indented::at(3));
        serde::Serialize::serialize(t, &mut ser).expect("a trace serializes");
    }

    /// Writes buffers of traces made by [`Document::trace`], in order.
    pub fn traces(&mut self, w: &mut dyn Write, buffers: &[Vec<u8>]) -> io::Result<()> {
        for b in buffers.iter().filter(|b| !b.is_empty()) {
            // The first trace of a file opens its list instead of following another.
            let b = if self.open {
                &b[..]
            } else {
                self.open = true;
                w.write_all(b"[\n")?;
                &b[",\n".len()..]
            };
            w.write_all(b)?;
        }
        Ok(())
    }

    /// Ends the current file's report: `header`'s warnings, then `late` (a file read as a
    /// stream knows its requests' only now), written one by one: a hundred thousand warnings
    /// are not copied into the report, nor its end into a string.
    pub fn end_file(
        &mut self,
        w: &mut dyn Write,
        header: &Report,
        late: &[crate::error::Diagnostic],
    ) -> io::Result<()> {
        w.write_all(if self.open { b"\n    ]" } else { b"[]" })?;
        // The fields after the traces, as serde writes them one level in: an object whose
        // opening brace is the traces' comma.
        w.write_all(b",")?;
        let mut after_brace = SkipFirst {
            w: &mut *w,
            skip: true,
        };
        let mut ser =
            serde_json::Serializer::with_formatter(&mut after_brace, indented::Indented::at(1));
        serde::Serialize::serialize(&Tail { header, late }, &mut ser)?;
        Ok(())
    }

    /// Ends the report.
    pub fn finish(self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(if self.files == 0 { b"[]\n" } else { b"\n]\n" })
    }
}

/// What a report holds after its traces: its warnings and then `late` ones, as
/// [`Report`]'s own fields serialize them.
struct Tail<'r> {
    header: &'r Report<'r>,
    late: &'r [crate::error::Diagnostic],
}

impl serde::Serialize for Tail<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let h = self.header;
        let late = self.late;
        let warnings = h.warnings.iter().map(String::as_str);
        let diagnostics = h.diagnostics.iter().cloned();
        let mut fields = s.serialize_struct("Report", 2)?;
        fields.serialize_field(
            "warnings",
            &Seq(|| {
                warnings
                    .clone()
                    .chain(late.iter().map(|d| d.message.as_str()))
            }),
        )?;
        fields.serialize_field(
            "diagnostics",
            &Seq(|| {
                diagnostics
                    .clone()
                    .chain(late.iter().map(super::ReportDiagnostic::from))
            }),
        )?;
        fields.end()
    }
}

/// A list serialized from the items an iterator makes, one at a time.
struct Seq<F>(F);

impl<F, I> serde::Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// A writer that drops the first byte written to it.
struct SkipFirst<'w> {
    w: &'w mut dyn Write,
    skip: bool,
}

impl Write for SkipFirst<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.skip && !buf.is_empty() {
            self.skip = false;
            return self.w.write(&buf[1..]).map(|n| n + 1);
        }
        self.w.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// One request as a JSON Lines record: the file, then the trace's fields, on one line.
///
/// The same bytes as serde_json would write for `{"file": ..., ...trace}` (a test compares
/// them on every scenario), written by hand: most of a line is strings that need no escape,
/// and copying those in one go instead of byte by byte is most of a streamed run's
/// serializing time.
pub fn line(file: &str, t: &Trace) -> Vec<u8> {
    let mut out = Vec::with_capacity(2048);
    write_line(&mut out, file, t);
    out
}

/// Appends `t`'s JSON line (see [`line`]) to `out`: a streamed run writes many lines into one
/// buffer it reuses.
pub fn write_line(out: &mut Vec<u8>, file: &str, t: &Trace) {
    let mut w = Line(out);
    w.0.extend_from_slice(b"{\"file\":");
    w.str(file);
    w.key("request");
    w.str(&t.request);
    w.key("from");
    w.str(&t.from);
    w.key("method");
    w.str(&t.method);
    w.key("url");
    w.str(&t.url);
    w.key("steps");
    w.0.push(b'[');
    for (i, step) in t.steps.iter().enumerate() {
        if i > 0 {
            w.0.push(b',');
        }
        w.step(step);
    }
    w.0.push(b']');
    w.key("path");
    w.0.push(b'[');
    for (i, p) in t.path.iter().enumerate() {
        if i > 0 {
            w.0.push(b',');
        }
        w.str(p);
    }
    w.0.push(b']');
    w.key("outcome");
    w.outcome(&t.outcome);
    w.0.extend_from_slice(b"}\n");
}

/// Whether JSON must escape something in `s`: a control character, `"` or `\\`. Tested eight
/// bytes at a time (the strings of a trace are ids, names and reasons, mostly 10 to 80 bytes).
fn needs_escape(s: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // Whether a byte of `w` is zero (exact: no false positive when asking if any is).
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH != 0;
    let mut words = s.chunks_exact(8);
    for word in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(word);
        let w = u64::from_le_bytes(b);
        // A byte below 0x20 (a byte of 0x80 or more is not, and is masked out by `!w`).
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
        if control
            || has_zero(w ^ (ONES * u64::from(b'"')))
            || has_zero(w ^ (ONES * u64::from(b'\\')))
        {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Writes a file's warnings as JSON lines of their own, after its traces: the first
/// [`crate::validate::MAX_LISTED_WARNINGS`] in file order, one object each, `{"file": …,
/// "warning": {…}}` (the fields of a JSON report's `diagnostics`), then, when there were more
/// than that, `{"file": …, "more_warnings": N}`. A reader tells them from traces by their key.
/// `all` is the file's number of warnings; `known` holds the ones found, in any order.
pub fn warning_lines(
    w: &mut dyn Write,
    file: &str,
    known: &mut [crate::report::ReportDiagnostic],
    all: usize,
) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct WarningLine<'a> {
        file: &'a str,
        warning: &'a crate::report::ReportDiagnostic,
    }
    #[derive(serde::Serialize)]
    struct MoreLine<'a> {
        file: &'a str,
        more_warnings: usize,
    }
    known.sort_by_key(|d| (d.line, d.column));
    let listed = known.len().min(crate::validate::MAX_LISTED_WARNINGS);
    for warning in &known[..listed] {
        serde_json::to_writer(&mut *w, &WarningLine { file, warning })?;
        writeln!(w)?;
    }
    if all > listed {
        let more_warnings = all - listed;
        serde_json::to_writer(
            &mut *w,
            &MoreLine {
                file,
                more_warnings,
            },
        )?;
        writeln!(w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any string is written as serde_json writes it.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "\\PC*|[\\x00-\\x7f]*") {
            let mut out = Vec::new();
            Line(&mut out).str(&s);
            prop_assert_eq!(out, serde_json::to_vec(&s).unwrap());
        }

        /// The eight-at-a-time test finds what a byte-by-byte one finds, wherever it is.
        #[test]
        fn needs_escape_is_the_byte_by_byte_test(s in proptest::collection::vec(any::<u8>(), 0..40)) {
            let naive = s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escape(&s), naive);
        }
    }

    #[test]
    fn displayed_words_are_escaped_when_they_need_it() {
        for s in [
            "egress of i-app, tcp/443 to 10.0.0.1",
            "of \"quoted\" \\ id",
            "tab\there",
            "",
        ] {
            let mut out = b"[".to_vec();
            Line(&mut out).display(&s);
            assert_eq!(out[1..], serde_json::to_vec(&s).unwrap(), "{s}");
        }
    }

    #[test]
    fn numbers_are_written_as_std_writes_them() {
        for n in 0..=u16::MAX {
            let mut out = Vec::new();
            Line(&mut out).num(n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    #[test]
    fn needs_escape_at_every_position_and_edge_byte() {
        for len in 1..=24 {
            for at in 0..len {
                for (b, escaped) in [
                    (0x00, true),
                    (0x1f, true),
                    (0x20, false),
                    (b'"', true),
                    (b'\\', true),
                    (0x21, false),
                    (0x5b, false),
                    (0x5d, false),
                    (0x7f, false),
                    (0x80, false),
                    (0xff, false),
                ] {
                    let mut s = vec![b'a'; len];
                    s[at] = b;
                    assert_eq!(needs_escape(&s), escaped, "byte {b:#x} at {at} of {len}");
                }
            }
        }
    }
}
