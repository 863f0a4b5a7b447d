//! Where a file's requests begin, and the file read in two parts there: what
//! [`super::stream`] reads as a stream.

use super::*;

/// Where a file's requests start, when they can be read as a stream: the `requests:` key is
/// the last top-level key, written in block style at the start of a line, and nothing before it
/// defines an anchor that the requests could alias. `None`: read the file whole.
pub fn requests_start(text: &str) -> Option<usize> {
    requests_start_in(&mut text.as_bytes())
        .ok()
        .flatten()
        .map(|(start, _)| start)
}

/// [`requests_start`] of the text `reader` reads, a line at a time (the text is not held);
/// `None` too when a line is not UTF-8 (a line holds whole characters: `\n` is never part of
/// one). With the lines before that start, counted on the way.
fn requests_start_in(reader: &mut impl std::io::BufRead) -> std::io::Result<Option<(usize, u32)>> {
    let mut offset = 0;
    let mut lines: u32 = 0;
    let mut last_key: Option<(usize, u32, Vec<u8>)> = None;
    let mut first_anchor = usize::MAX;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if std::str::from_utf8(&line).is_err() {
            return Ok(None);
        }
        if line[0].is_ascii_alphabetic() {
            last_key = Some((offset, lines, line.clone()));
        } else if matches!(
            line[0],
            b'{' | b'[' | b'&' | b'*' | b'!' | b'?' | b'%' | b'"' | b'\''
        ) || line.starts_with(b"---")
            || line.starts_with(b"...")
        {
            return Ok(None);
        }
        if first_anchor == usize::MAX
            && let Some(at) = line.iter().position(|&b| b == b'&')
        {
            first_anchor = offset + at;
        }
        offset += line.len();
        lines = lines.saturating_add(u32::from(line.ends_with(b"\n")));
    }
    let Some((start, lines_before, line)) = last_key else {
        return Ok(None);
    };
    let Some(rest) = line.strip_prefix(b"requests:") else {
        return Ok(None);
    };
    let rest = rest.split(|&b| b == b'#').next().unwrap_or(b"");
    Ok((rest.trim_ascii().is_empty() && first_anchor >= start).then_some((start, lines_before)))
}

/// A file to stream, read in two parts: the scenario before `requests:`, parsed from the file
/// as it is read (its text is not held: its diagnostics are positions, and the file is read
/// again to quote them), and the requests, held.
pub(crate) struct Parts {
    pub(crate) head: Head,
    pub(crate) part: String,
}

/// The scenario before a streamed file's `requests:`: where it is, not its text.
pub(crate) struct Head {
    file: std::fs::File,
    /// Its length in bytes: where the requests start.
    pub(crate) len: usize,
    /// Its lines (the line the requests start on, less one).
    pub(crate) lines: u32,
}

impl Head {
    /// Its bytes, from the start of the file.
    fn reader(&self) -> std::io::Result<impl std::io::Read + '_> {
        use std::io::{Read, Seek};
        let mut file = &self.file;
        file.seek(std::io::SeekFrom::Start(0))?;
        Ok(std::io::BufReader::with_capacity(
            64 << 10,
            file.take(self.len as u64),
        ))
    }

    /// Its text, read again (to quote a problem, or for a file with `network:`).
    pub(crate) fn text(&self) -> std::io::Result<String> {
        use std::io::Read;
        let mut text = String::with_capacity(self.len);
        self.reader()?.read_to_string(&mut text)?;
        Ok(text)
    }

    /// The scenario it writes, parsed as the file is read, with the whole text's budgets; a
    /// problem is the library's on the text read again ([`super::parse`]'s), so that it is
    /// said as for any file, quoted.
    pub(crate) fn parse(&self) -> Result<Scenario, Vec<Diagnostic>> {
        let mut options = yaml_options(self.len);
        if let Some(budget) = options.budget.as_mut() {
            budget.max_reader_input_bytes = Some(self.len.saturating_add(1));
        }
        // A problem is said from the text read again: no snippet of it is kept while reading.
        options.with_snippet = false;
        let read = self
            .reader()
            .ok()
            .map(|r| serde_saphyr::from_reader_with_options::<_, Scenario>(r, options));
        if let Some(Ok(scenario)) = read {
            return Ok(scenario);
        }
        let text = self.text().map_err(|e| {
            vec![Diagnostic::new(
                Code::Internal,
                Pos::default(),
                format!("the file could not be read again: {e}"),
            )]
        })?;
        serde_saphyr::from_str_with_options::<Scenario>(&text, yaml_options(text.len()))
            .map_err(|e| vec![yaml_diagnostic(&e, &text)])
    }
}

/// Reads `path` as [`Parts`]; `None` when it cannot be streamed (not UTF-8, or its shape: see
/// [`requests_start`]). Opened as every input is, and refused past [`MAX_FILE_BYTES`] read.
pub(crate) fn read_parts(path: &Path) -> Result<Option<Parts>, Error> {
    use std::io::{Read, Seek};
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = super::input::open(path)?;
    let mut read = std::io::BufReader::new((&mut file).take(MAX_FILE_BYTES));
    let Some((start, lines)) = requests_start_in(&mut read).map_err(io)? else {
        return Ok(None);
    };
    file.seek(std::io::SeekFrom::Start(start as u64))
        .map_err(io)?;
    let mut part = Vec::new();
    (&mut file)
        .take(MAX_FILE_BYTES + 1 - start as u64)
        .read_to_end(&mut part)
        .map_err(io)?;
    if (start + part.len()) as u64 > MAX_FILE_BYTES {
        return Err(super::input::too_large(
            path,
            format!("more than {MAX_FILE_BYTES}"),
        ));
    }
    Ok(String::from_utf8(part).ok().map(|part| Parts {
        head: Head {
            file,
            len: start,
            lines,
        },
        part,
    }))
}
