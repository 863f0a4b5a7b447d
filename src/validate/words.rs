//! The closed word lists ([`crate::aws::words`]) read from what the file wrote: an unknown
//! word is an error at its line with the nearest word of the list, and validation goes on.

use super::*;

impl Validator {
    /// The value `w` spells; otherwise an error at `w`, and `None`.
    pub(crate) fn word<W: Word>(&mut self, code: Code, w: &Sp<String>) -> Option<W> {
        if let Some(v) = W::parse(&w.value) {
            return Some(v);
        }
        let help = nearest_word::<W>(&w.value);
        self.err(
            code,
            Pos::of(w),
            format!("`{}` is not {}", w.value, W::WHAT),
        )
        .help(help);
        None
    }

    /// The value an optional key spells, `default` when it is left out or wrong (a wrong word
    /// is reported, and validation goes on with the default).
    pub(crate) fn word_or<W: Word>(&mut self, code: Code, w: Option<&Sp<String>>, default: W) -> W {
        w.and_then(|w| self.word(code, w)).unwrap_or(default)
    }
}

/// "did you mean `x`?" when a word of the list is close to `written` (in any case; the list's
/// own spelling is printed, `CNAME`), else the list's help.
pub(crate) fn nearest_word<W: Word>(written: &str) -> String {
    let lower = written.trim().to_ascii_lowercase();
    let words = W::words();
    let lowered: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    match closest(&lower, lowered.iter().map(String::as_str))
        .and_then(|c| lowered.iter().position(|l| l == c))
    {
        Some(i) => format!("did you mean `{}`?", words[i]),
        None => W::HELP.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::words::{Protocol, RecordType};

    #[test]
    fn near_words_and_the_list() {
        assert_eq!(nearest_word::<Protocol>("tcpp"), "did you mean `tcp`?");
        assert_eq!(nearest_word::<RecordType>("cnam"), "did you mean `CNAME`?");
        assert_eq!(nearest_word::<Protocol>("gre"), Protocol::HELP);
    }
}
