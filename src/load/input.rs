//! Every file vpcpath reads is opened here, the same way: regular files only (a FIFO would
//! block forever, a device such as `/dev/zero` never ends, a folder is not a file), read with
//! a size cap checked while reading (a size the filesystem does not report cannot exhaust
//! memory), and, for text, UTF-8 with the place of the first byte that is not.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Code, Diagnostic, Error, Pos};

/// What a path that is not a regular file is, in words.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// The error for `path`, with `message` as its reason.
fn io(path: &Path, message: String) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(message),
    }
}

/// Opens `path` for reading if it is a regular file (symbolic links followed).
pub fn open(path: &Path) -> Result<std::fs::File, Error> {
    let error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(error)?;
    if let Some(what) = not_a_file(&meta) {
        return Err(io(
            path,
            format!("it is {what}; vpcpath reads regular files only"),
        ));
    }
    let file = std::fs::File::open(path).map_err(error)?;
    // What was opened is what was looked at (not a FIFO put in its place since).
    let meta = file.metadata().map_err(error)?;
    if let Some(what) = not_a_file(&meta) {
        return Err(io(
            path,
            format!("it is {what}; vpcpath reads regular files only"),
        ));
    }
    Ok(file)
}

/// The bytes of the regular file `path`, at most `limit` of them: a larger file (whatever its
/// size says) is refused once `limit` bytes are read.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let file = open(path)?;
    let size = file.metadata().map_or(0, |m| m.len());
    // A size the filesystem reports over the limit is refused before a byte is read; one it
    // does not report (0), or that grows while read, is stopped by the limit below.
    if size > limit {
        return Err(too_large(path, size.to_string()));
    }
    let hint = size;
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, format!("more than {limit}")));
    }
    Ok(bytes)
}

/// The error for a file of `size` bytes (in words), over what vpcpath reads.
pub fn too_large(path: &Path, size: String) -> Error {
    Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(""),
        diagnostics: vec![
            Diagnostic::new(
                Code::TooLarge,
                Pos::default(),
                format!(
                    "the file is {size} bytes; vpcpath reads files of at most {} bytes",
                    super::MAX_FILE_BYTES
                ),
            )
            .with_help("split the input into several files"),
        ],
    }
}

/// The text of the regular file `path` (at most [`super::MAX_FILE_BYTES`]): UTF-8, without a
/// byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Error> {
    utf8(path, read_bytes(path, super::MAX_FILE_BYTES)?)
}

/// The text of `path` read again, to quote the lines of problems found in it (read once
/// already): empty when it cannot be read now, as [`read_text`] would read it.
pub fn reread(path: &Path) -> Arc<str> {
    Arc::from(read_text(path).unwrap_or_default())
}

/// Bytes as text, or the error that says where they stop being UTF-8 (and that a UTF-16 file
/// is one, by its byte-order mark). A UTF-8 byte-order mark is dropped.
pub fn utf8(path: &Path, mut bytes: Vec<u8>) -> Result<String, Error> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        let (message, help) = if utf16 {
            (
                "the file is UTF-16 text (it begins with a UTF-16 byte-order mark), not UTF-8".to_string(),
                "save it as UTF-8",
            )
        } else {
            (
                format!(
                    "the file is not UTF-8 text: the byte at offset {} (line {line}, column {column}) is not UTF-8",
                    valid.len()
                ),
                "save it as UTF-8",
            )
        };
        Error::Invalid {
            path: path.to_path_buf(),
            text: Arc::from(""),
            diagnostics: vec![
                // The place is in the words: no line of such a file can be quoted.
                Diagnostic::new(Code::NotUtf8, Pos::default(), message)
                .with_help(help),
            ],
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_not_read() {
        let e = read_text(Path::new("src")).unwrap_err().to_string();
        assert!(e.contains("it is a folder"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_not_read() {
        let e = read_text(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(e.contains("it is a device"), "{e}");
    }

    #[test]
    fn sizes_past_the_limit_are_refused_before_or_while_reading() {
        // By the size the filesystem reports.
        let e = read_bytes(Path::new("Cargo.toml"), 10)
            .unwrap_err()
            .to_string();
        assert!(e.contains("vpcpath reads files of at most"), "{e}");
        assert!(read_bytes(Path::new("Cargo.toml"), 1 << 20).is_ok());
        // A file whose size the filesystem does not report (0): counted while read.
        #[cfg(target_os = "linux")]
        {
            let e = read_bytes(Path::new("/proc/self/status"), 10)
                .unwrap_err()
                .to_string();
            assert!(e.contains("more than 10 bytes"), "{e}");
        }
    }

    #[test]
    fn text_that_is_not_utf8_says_where() {
        let e = utf8(Path::new("x"), b"ab\ncd\xffe".to_vec())
            .unwrap_err()
            .to_string();
        assert!(e.contains("offset 5 (line 2, column 3)"), "{e}");
        let e = utf8(Path::new("x"), vec![0xFF, 0xFE, b'a', 0])
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-16"), "{e}");
        assert_eq!(
            utf8(Path::new("x"), b"\xEF\xBB\xBFok".to_vec()).unwrap(),
            "ok"
        );
    }
}
