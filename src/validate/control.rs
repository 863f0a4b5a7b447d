//! Control characters (ESC, BEL, a backspace...) in ids and names: AWS's ids never hold them,
//! and printed to a terminal they would drive it (recolour it, move the cursor, hide text).
//! Refused where they are written.

use super::*;

impl Validator {
    /// Whether `text`, the `what` written at `pos`, is free of control characters; when it is
    /// not, the error is recorded (with the character escaped) and `false` returned.
    pub(crate) fn no_control(&mut self, text: &str, pos: Pos, what: &str) -> bool {
        let Some((i, c)) = text.chars().enumerate().find(|(_, c)| c.is_control()) else {
            return true;
        };
        self.err(
            Code::Control,
            pos,
            format!(
                "the {what} `{}` holds a control character ({}, character {})",
                crate::error::printable(text),
                c.escape_unicode(),
                i + 1
            ),
        )
        .help("write it in printable characters (AWS's ids are letters, digits and hyphens; a URL's other bytes are percent-encoded, such as %1B)");
        false
    }
}
