//! vpcpath's own source, read by the tests that check its shape: the layering of its modules
//! and the places that raise diagnostics.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Whether a file holds a module's unit tests: by convention a `tests.rs`, declared by its
/// parent as `#[cfg(test)] mod tests;`.
pub fn is_test_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "tests.rs")
}

/// The lines of a file that are production code: each `#[cfg(test)]` item (a test module,
/// wherever it stands in the file) is blanked out, line by line, so line numbers still match
/// the file. Tests may use any layer; production code may not.
pub fn production_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "#[cfg(test)]" {
            // Skip the attribute and the item after it, to its closing brace.
            let mut depth = 0i32;
            let mut opened = false;
            out.push("");
            i += 1;
            while i < lines.len() {
                let code = lines[i].split("//").next().unwrap_or("");
                depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
                opened |= code.contains('{');
                out.push("");
                i += 1;
                if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push(lines[i]);
        i += 1;
    }
    out
}
