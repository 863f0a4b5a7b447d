//! Files the command line writes (`-o`): never onto a file the same command reads, never half
//! written. The text goes to a temporary file beside the target, flushed to the disk, then
//! renamed over it: a full disk or any other failure leaves the target as it was, and is said
//! with exit status 2.
//!
//! A target that is a symbolic link is written through: the file it points to is named on
//! stderr before it is replaced (as `>` in a shell would write it, but said). A link that
//! points nowhere is replaced by the file. A target that is a device or a FIFO
//! (`-o /dev/stdout` on a terminal or a pipe) is a stream: written in place.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::Status;

/// Why a file was not written.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The target is one of the command's inputs.
    Input(PathBuf),
    /// The target is a folder.
    Folder,
    /// Writing, flushing or renaming a file failed (it is left as it was).
    Io(io::Error),
    /// Writing to a device or a FIFO failed.
    Stream(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Input(input) => write!(
                f,
                "it is {}, which this command reads: write to another file (the input is left as it was)",
                input.display()
            ),
            WriteError::Folder => f.write_str("it is a folder: name a file"),
            WriteError::Io(e) => write!(f, "{e} (the file is left as it was)"),
            WriteError::Stream(e) => write!(f, "{e}"),
        }
    }
}

/// Where writing `target` goes: the file itself, or the file a symbolic link points to, with
/// the note that says so (to print before writing).
pub(crate) fn resolve(target: &Path) -> (PathBuf, Option<String>) {
    let is_link = std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    // A link to a stream (`/dev/stdout` on a pipe or a terminal) is written as a stream.
    let stream = std::fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if !is_link || stream {
        return (target.to_path_buf(), None);
    }
    match std::fs::canonicalize(target) {
        Ok(real) => {
            let note = format!(
                "{} is a symbolic link: writing {}, the file it points to",
                target.display(),
                real.display()
            );
            (real, Some(note))
        }
        Err(_) => {
            let to = std::fs::read_link(target).unwrap_or_default();
            let note = format!(
                "{} is a symbolic link to {}, which does not exist: replacing the link by the file",
                target.display(),
                to.display()
            );
            (target.to_path_buf(), Some(note))
        }
    }
}

/// Writes `bytes` to `target` safely (see the module), refusing any of `inputs`. `target` is
/// what [`resolve`] gave: a link is replaced, not followed.
#[cfg(test)]
pub(crate) fn write_file(
    target: &Path,
    bytes: &[u8],
    inputs: &[PathBuf],
) -> Result<(), WriteError> {
    write_file_with(target, inputs, &mut |w| w.write_all(bytes))
}

/// Writes what `write` writes to `target` safely (see the module), as it writes it (a large
/// output is never held whole), refusing any of `inputs`. `target` is what [`resolve`] gave: a
/// link is replaced, not followed.
pub(crate) fn write_file_with(
    target: &Path,
    inputs: &[PathBuf],
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    if let Some(input) = inputs.iter().find(|i| same_file(target, i)) {
        return Err(WriteError::Input(input.clone()));
    }
    match std::fs::metadata(target) {
        Ok(m) if m.is_dir() => return Err(WriteError::Folder),
        // A device, a FIFO or a socket is written as a stream, in place.
        Ok(m) if !m.is_file() => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(target)
                .map_err(WriteError::Io)?;
            let mut f = io::BufWriter::with_capacity(1 << 16, f);
            write(&mut f)
                .and_then(|()| f.flush())
                .map_err(WriteError::Stream)?;
            return Ok(());
        }
        _ => {}
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.vpcpath-{}.tmp", std::process::id()));
    let written = write_temp(&temp, write, target).and_then(|()| std::fs::rename(&temp, target));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(WriteError::Io(e));
    }
    Ok(())
}

/// Writes the temporary file, with the permissions of the file it replaces, and flushes it to
/// the disk (a full disk can say so only then).
fn write_temp(
    temp: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    target: &Path,
) -> io::Result<()> {
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    let mut w = io::BufWriter::with_capacity(1 << 16, f);
    write(&mut w)?;
    let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
    f.sync_all()?;
    if let Ok(m) = std::fs::symlink_metadata(target)
        && m.is_file()
    {
        std::fs::set_permissions(temp, m.permissions())?;
    }
    Ok(())
}

/// Whether `a` and `b` are one file: the same real path, or (on Unix) the same device and
/// inode (a hard link). A path that does not exist is no file.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if ma.dev() == mb.dev() && ma.ino() == mb.ino() {
            return true;
        }
    }
    let _ = (ma, mb);
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// Writes `bytes` to the file `-o` names ([`write_file_with`]: never onto one of `inputs`,
/// never half written), saying on stderr what was written or why not.
pub(super) fn write_output(target: &std::path::Path, bytes: &[u8], inputs: &[PathBuf]) -> Status {
    write_output_with(target, inputs, &mut |w| w.write_all(bytes))
}

/// [`write_output`] of what `write` writes, as it writes it ([`write_file_with`]).
pub(super) fn write_output_with(
    target: &std::path::Path,
    inputs: &[PathBuf],
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Status {
    let (path, note) = resolve(target);
    // An input reached through the link is refused before anything is said of writing it.
    if let Some(input) = inputs.iter().find(|i| same_file(&path, i)) {
        let e = WriteError::Input(input.clone());
        say!("error: cannot write {}: {e}", target.display());
        return Status::BadInput;
    }
    if let Some(note) = note {
        say!("note: {note}");
    }
    match write_file_with(&path, inputs, write) {
        Ok(()) => {
            say!("wrote {}", path.display());
            Status::Done
        }
        Err(e) => {
            say!("error: cannot write {}: {e}", path.display());
            Status::BadInput
        }
    }
}

/// The network file a requests file names (`network:`), if it names one: an input too.
pub(super) fn network_file(path: &std::path::Path) -> Option<PathBuf> {
    let text = vpcpath::load::read_text(path).ok()?;
    // Parsed only if it may name one: a large network file is not parsed a second time.
    if !names_a_key(&text, "network") {
        return None;
    }
    let network = vpcpath::load::parse(path, &text).ok()?.network?;
    Some(
        path.parent()
            .unwrap_or(std::path::Path::new(""))
            .join(network.value),
    )
}

/// Whether `text` may hold the key `key`: the word followed by a colon, after a closing quote
/// and spaces if any. A superset (a value or a comment may say it too), so that a file that
/// does not is known not to without parsing it.
fn names_a_key(text: &str, key: &str) -> bool {
    text.match_indices(key).any(|(at, _)| {
        let rest = text[at + key.len()..].trim_start_matches(['"', '\'']);
        rest.trim_start_matches([' ', '\t']).starts_with(':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("vpcpath-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_file_is_parsed_for_its_network_only_if_it_may_name_one() {
        assert!(names_a_key("scenario: x\nnetwork: net.yaml\n", "network"));
        assert!(names_a_key(
            "{ scenario: x, \"network\" : net.yaml }",
            "network"
        ));
        assert!(!names_a_key(
            "scenario: \"Generated network-heavy\"\nvpcs: []\n",
            "network"
        ));
    }

    #[test]
    fn an_input_is_never_the_output() {
        let d = scratch("input");
        let input = d.join("net.yaml");
        std::fs::write(&input, "keep").unwrap();
        let through = d.join("./net.yaml");
        let e = write_file(&through, b"new", std::slice::from_ref(&input)).unwrap_err();
        assert!(matches!(e, WriteError::Input(_)), "{e}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "keep");
    }

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_stays() {
        let d = scratch("whole");
        let out = d.join("out.yaml");
        std::fs::write(&out, "old").unwrap();
        write_file(&out, b"new", &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_named() {
        let d = scratch("link");
        let target = d.join("target.yaml");
        std::fs::write(&target, "old").unwrap();
        let link = d.join("link.yaml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (path, note) = resolve(&link);
        assert!(note.unwrap().contains("target.yaml"));
        write_file(&path, b"new", &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        let dangling = d.join("dangling.yaml");
        std::os::unix::fs::symlink(d.join("nowhere"), &dangling).unwrap();
        let (path, note) = resolve(&dangling);
        assert!(note.unwrap().contains("does not exist"));
        write_file(&path, b"x", &[]).unwrap();
        assert!(std::fs::symlink_metadata(&dangling).unwrap().is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_full_device_is_an_error() {
        if Path::new("/dev/full").exists() {
            let e = write_file(Path::new("/dev/full"), b"x", &[]).unwrap_err();
            assert!(matches!(e, WriteError::Stream(_)), "{e}");
        }
    }
}
