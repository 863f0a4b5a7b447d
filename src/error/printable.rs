//! Text from a file, made safe to print on a terminal: a control character (ESC, BEL, a
//! backspace...) is written as an escape (`\u{1b}`), never sent raw, where it could move the
//! cursor, recolour or retitle the terminal, or hide what follows.

use std::borrow::Cow;

/// Whether `c` is written escaped: the C0 and C1 controls and DEL, but not the tab and line
/// breaks that lay text out.
fn escaped(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t' | '\r')
}

/// Whether `s` prints as it is.
pub(crate) fn is_printable(s: &str) -> bool {
    !s.chars().any(escaped)
}

/// `s` with each control character written `\u{..}`, as Rust writes it.
pub fn printable(s: &str) -> Cow<'_, str> {
    if is_printable(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with each control character replaced by as many `?` as it has bytes: the same length,
/// so that the byte offsets of a quoted file's lines still hold.
pub(crate) fn same_length(s: &str) -> Cow<'_, str> {
    if is_printable(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if escaped(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_layout_kept() {
        assert_eq!(printable("a\u{1b}[31mb\u{7}"), "a\\u{1b}[31mb\\u{7}");
        assert_eq!(printable("a\tb\nc"), "a\tb\nc");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        let s = "x\u{1b}y\u{9b}z";
        assert_eq!(same_length(s).len(), s.len());
        assert_eq!(same_length(s), "x?y??z");
    }
}
