//! serde_json's pretty printing (two spaces a level), starting some levels in: a trace
//! written inside a report's `traces` reads as the whole report prints it.

use std::io::{self, Write};

use serde_json::ser::Formatter;

/// A pretty formatter whose outermost value sits `level` levels in.
pub(super) struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    /// Values `level` levels in.
    pub(super) fn at(level: usize) -> Indented {
        Indented {
            level,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_as_serde_json_pretty_indented_by_hand() {
        let v = serde_json::json!({"a": [1, {"b": []}, {}], "c": {"d": "e"}, "f": []});
        let whole = serde_json::to_string_pretty(&v).unwrap();
        let by_hand: Vec<String> = whole.lines().map(|l| format!("      {l}")).collect();
        let mut buf = b"      ".to_vec();
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, Indented::at(3));
        serde::Serialize::serialize(&v, &mut ser).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), by_hand.join("\n"));
    }
}
