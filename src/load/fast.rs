//! Requests written one to a line as flow mappings, as `vpcpath generate` and most scripts write
//! them (`  - { name: r1, from: i-1, url: "https://sts.us-east-1.amazonaws.com/" }`), read
//! without the YAML library: a large file's requests are most of its parse, and such a line is
//! read in a fraction of the time.
//!
//! Only what reads the same either way is read here: the keys `name`, `from`, `url` and
//! `method`, each once, whose values are plain words (a letter, then letters, digits, `.`, `_`,
//! `/` and `-`, and not a word YAML reads as a boolean or null) or double-quoted strings of
//! printable ASCII without escapes. The first line that is anything else (another key, a comment,
//! a block mapping, a tab) ends the fast reading, and the rest of the requests, from the last
//! line read, go to the YAML library at the same lines ([`super::stream`]): what it says about
//! them, and the requests it reads, are what it would have said and read of the whole list.
//! A test compares the two readings line by line.

use crate::model::{Request, Sp};
use crate::pos::Pos;

/// Where the fast reading of a file's requests stopped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Every request was read.
    Done,
    /// The YAML library reads the rest: from this byte of the part, which is this line of it.
    At { offset: usize, line: u32 },
    /// The sink took no more.
    Stopped,
}

/// Reads the one-line requests at the start of `part` (the text from `requests:` to the end of
/// the file) and hands them to `sink` in chunks of `chunk`, as the YAML reader does.
pub(crate) fn one_line_requests(
    part: &str,
    chunk: usize,
    sink: impl FnMut(Vec<Sp<Request>>) -> bool,
) -> Stop {
    one_line_requests_at(part, 0, chunk, sink)
}

/// [`one_line_requests`] of a part that starts `lines_before` lines into its file: the
/// requests' positions are the file's.
pub(crate) fn one_line_requests_at(
    part: &str,
    lines_before: u32,
    chunk: usize,
    mut sink: impl FnMut(Vec<Sp<Request>>) -> bool,
) -> Stop {
    let Some(mut rest) = part.strip_prefix("requests:\n") else {
        return Stop::At { offset: 0, line: 1 };
    };
    let mut offset = "requests:\n".len();
    let mut line: u32 = 2;
    let mut indent = None;
    let mut read = Vec::with_capacity(chunk.min(4096));
    // The last request read, held back: when the fast reading stops, the YAML library starts
    // at its line, so that what it reads is still a list of requests.
    let mut last: Option<(Sp<Request>, usize, u32)> = None;
    loop {
        let (text, next) = match rest.find('\n') {
            Some(end) => (&rest[..end], &rest[end + 1..]),
            None => (rest, ""),
        };
        if text.is_empty() && next.is_empty() {
            // The end of the file (a list of nothing is the library's to read: it is not a list).
            let Some((r, _, _)) = last.take() else {
                return Stop::At { offset: 0, line: 1 };
            };
            read.push(r);
            return if read.is_empty() || sink(read) {
                Stop::Done
            } else {
                Stop::Stopped
            };
        }
        let Some(request) = one_line(text, line.saturating_add(lines_before), &mut indent) else {
            return match last {
                Some((_, offset, line)) => {
                    if read.is_empty() || sink(read) {
                        Stop::At { offset, line }
                    } else {
                        Stop::Stopped
                    }
                }
                None => Stop::At { offset: 0, line: 1 },
            };
        };
        if let Some((r, _, _)) = last.replace((request, offset, line)) {
            read.push(r);
            if read.len() == chunk && !sink(std::mem::replace(&mut read, Vec::with_capacity(chunk)))
            {
                return Stop::Stopped;
            }
        }
        offset += text.len() + 1;
        line += 1;
        rest = next;
    }
}

/// The request a line holds, if it is one this reader reads (`indent`: the first request's,
/// which every other must have).
fn one_line(text: &str, line: u32, indent: &mut Option<usize>) -> Option<Sp<Request>> {
    let spaces = text.len() - text.trim_start_matches(' ').len();
    if *indent.get_or_insert(spaces) != spaces {
        return None;
    }
    let mut at = spaces;
    let b = text.as_bytes();
    let expect = |at: &mut usize, what: &str| -> Option<()> {
        text[*at..].starts_with(what).then(|| *at += what.len())
    };
    expect(&mut at, "- ")?;
    let start = at;
    expect(&mut at, "{ ")?;
    let pos = |at: usize| Pos {
        line,
        column: u32::try_from(at + 1).unwrap_or(u32::MAX),
    };
    let (mut name, mut from, mut url, mut method) = (None, None, None, None);
    loop {
        let key_end = at + text[at..].find(": ")?;
        let key = &text[at..key_end];
        at = key_end + 2;
        let value_at = at;
        let value = value(b, &mut at)?;
        let slot = match key {
            "name" => &mut name,
            "from" => &mut from,
            "url" => &mut url,
            "method" => &mut method,
            _ => return None,
        };
        if slot
            .replace(Sp::new(value.to_string(), pos(value_at)))
            .is_some()
        {
            return None;
        }
        if expect(&mut at, ", ").is_some() {
            continue;
        }
        expect(&mut at, " }")?;
        break;
    }
    if at != text.len() {
        return None;
    }
    Some(Sp::new(
        Request {
            name: name.map(|n: Sp<String>| n.value),
            from: from?,
            source_ip: None,
            url: url?,
            method: method.map(Box::new),
            headers: None,
            tls_verify: None,
            expect: None,
            caller: None,
            message: None,
        },
        pos(start),
    ))
}

/// A value at `at`: a double-quoted string without escapes, or a plain word.
fn value<'t>(b: &'t [u8], at: &mut usize) -> Option<&'t str> {
    let start = *at;
    if b.get(start) == Some(&b'"') {
        let len = b[start + 1..].iter().position(|&c| c == b'"')?;
        let inside = &b[start + 1..start + 1 + len];
        if !inside
            .iter()
            .all(|&c| (0x20..0x7f).contains(&c) && c != b'\\')
        {
            return None;
        }
        *at = start + len + 2;
        return std::str::from_utf8(inside).ok();
    }
    if !b.get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let len = b[start..]
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'/' | b'-')))
        .unwrap_or(b.len() - start);
    let word = std::str::from_utf8(&b[start..start + len]).ok()?;
    const READ_AS_OTHER: [&str; 9] = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    if READ_AS_OTHER.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        return None;
    }
    *at = start + len;
    Some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the YAML library reads of `text`, or what the loader says of its problem (located
    /// in `part`, as the streaming reader says it).
    fn yaml(text: &str, part: &str) -> Result<Vec<Sp<Request>>, String> {
        #[derive(serde::Deserialize)]
        struct Part {
            requests: Vec<Sp<Request>>,
        }
        serde_saphyr::from_str_with_options::<Part>(text, super::super::yaml_options(text.len()))
            .map(|p| p.requests)
            .map_err(|e| format!("{:?}", super::super::messages::yaml_diagnostic(&e, part)))
    }

    fn by_yaml(part: &str) -> Result<Vec<Sp<Request>>, String> {
        yaml(part, part)
    }

    /// What the fast reading reads, and then the YAML library of the rest.
    fn fast(part: &str) -> Result<Vec<Sp<Request>>, String> {
        let mut read = Vec::new();
        let stop = one_line_requests(part, 2, |chunk| {
            read.extend(chunk);
            true
        });
        match stop {
            Stop::Done => Ok(read),
            Stop::At { offset, line } => {
                let rest = if offset == 0 {
                    part.to_string()
                } else {
                    let blank = "\n".repeat(line as usize - 2);
                    format!("requests:\n{blank}{}", &part[offset..])
                };
                read.extend(yaml(&rest, part)?);
                Ok(read)
            }
            Stop::Stopped => Err("stopped".into()),
        }
    }

    #[test]
    fn one_line_requests_read_as_the_yaml_library_reads_them() {
        let lines = [
            r#"  - { name: r0, from: i-1, url: "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity" }"#,
            r#"  - { name: r1, from: i-2, url: "https://api0.example.com/items/7", method: POST }"#,
            r#"  - { from: i-2, url: "http://10.0.0.1/" }"#,
            r#"  - { url: "https://a.example.com/", name: "with spaces", from: i-3 }"#,
        ];
        // Each line alone, then followed by lines the fast reading leaves to the library.
        let tails = [
            "",
            "  # a comment\n",
            "\n",
            "  - { name: yes, from: i-1, url: \"https://x.example.com/\" }\n",
            "  - { name: r9, from: i-1, url: \"https://x.example.com/\\u0041\" }\n",
            "  - name: block\n    from: i-1\n    url: \"https://x.example.com/\"\n",
            "  - { name: r0, from: i-1, url: \"https://x.example.com/\" }\n",
            "  - { name: d, name: e, from: i-1, url: \"https://x.example.com/\" }\n",
            "  - { name: n, from: i-1 }\n",
            "  - { name: n, from: i-1, url: \"https://x.example.com/\", expect: { status: 200 } }\n",
            "- { name: o, from: i-1, url: \"https://x.example.com/\" }\n",
            "  - { name: t,\tfrom: i-1, url: \"https://x.example.com/\" }\n",
            "  - { name: é, from: i-1, url: \"https://x.example.com/\" }\n",
        ];
        for n in 0..=lines.len() {
            for tail in tails {
                let mut part = String::from("requests:\n");
                for l in &lines[..n] {
                    part.push_str(l);
                    part.push('\n');
                }
                part.push_str(tail);
                let (a, b) = (by_yaml(&part), fast(&part));
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{part}");
            }
        }
        // Every line read fast, the file ending without a newline.
        let part = format!("requests:\n{}", lines.join("\n"));
        let read = fast(&part).unwrap();
        assert_eq!(
            format!("{:?}", by_yaml(&part)),
            format!("{:?}", Ok::<_, String>(read))
        );
    }

    #[test]
    fn a_line_is_read_fast_only_when_it_is_plain() {
        let mut indent = None;
        let ok = r#"  - { name: r0, from: i-1, url: "https://a.example.com/" }"#;
        assert!(one_line(ok, 2, &mut indent).is_some());
        for other in [
            r#"    - { name: r0, from: i-1, url: "https://a.example.com/" }"#,
            r#"  - { name: r0, from: i-1, url: "https://a.example.com/" } # note"#,
            r#"  - { name: null, from: i-1, url: "https://a.example.com/" }"#,
            r#"  - { name: 12, from: i-1, url: "https://a.example.com/" }"#,
            r#"  - { name: r0, from: i-1, url: https://a.example.com/ }"#,
            r#"  - { name: r0, from: i-1, url: "https://a.example.com/\"" }"#,
            r#"  - { name: r0, from: i-1, url: "https://a.example.com/", tls_verify: false }"#,
        ] {
            assert!(one_line(other, 2, &mut indent).is_none(), "{other}");
        }
    }
}
