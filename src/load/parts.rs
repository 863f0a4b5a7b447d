//! Where a file's requests begin, and the file read in two parts there: what
//! [`super::stream`] reads as a stream.

use super::*;

/// Where a file's requests start, when they can be read as a stream: the `requests:` key is
/// the last top-level key, written in block style at the start of a line, and nothing before it
/// defines an anchor that the requests could alias. `None`: read the file whole.
pub fn requests_start(text: &str) -> Option<usize> {
    requests_start_in(&mut text.as_bytes()).ok().flatten()
}

/// [`requests_start`] of the text `reader` reads, a line at a time (the text is not held).
fn requests_start_in(reader: &mut impl std::io::BufRead) -> std::io::Result<Option<usize>> {
    let mut offset = 0;
    let mut last_key: Option<(usize, Vec<u8>)> = None;
    let mut first_anchor = usize::MAX;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line[0].is_ascii_alphabetic() {
            last_key = Some((offset, line.clone()));
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
    }
    let Some((start, line)) = last_key else {
        return Ok(None);
    };
    let Some(rest) = line.strip_prefix(b"requests:") else {
        return Ok(None);
    };
    let rest = rest.split(|&b| b == b'#').next().unwrap_or(b"");
    Ok((rest.trim_ascii().is_empty() && first_anchor >= start).then_some(start))
}

/// A file to stream, read in two parts: the scenario before `requests:`, dropped once parsed
/// (its diagnostics are positions; the file is read again to quote them), and the requests.
pub(crate) struct Parts {
    pub(crate) head: String,
    pub(crate) part: String,
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
    let Some(start) = requests_start_in(&mut read).map_err(io)? else {
        return Ok(None);
    };
    file.seek(std::io::SeekFrom::Start(0)).map_err(io)?;
    let (mut head, mut part) = (Vec::with_capacity(start), Vec::new());
    let mut file = file.take(MAX_FILE_BYTES + 1);
    (&mut file)
        .take(start as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    file.read_to_end(&mut part).map_err(io)?;
    if (head.len() + part.len()) as u64 > MAX_FILE_BYTES {
        return Err(super::input::too_large(
            path,
            format!("more than {MAX_FILE_BYTES}"),
        ));
    }
    match (String::from_utf8(head), String::from_utf8(part)) {
        (Ok(head), Ok(part)) if head.len() == start => Ok(Some(Parts { head, part })),
        _ => Ok(None),
    }
}
