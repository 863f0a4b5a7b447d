//! The library's layers point one way: a module imports only modules of a lower layer
//! (`src/lib.rs` draws them). A change that imports upwards fails here, naming the line.

use std::collections::BTreeMap;
use std::path::Path;

use crate::source::{is_test_file, production_lines, rust_files};

/// Each top-level module of `src/` and its layer: a module may use modules of lower layers only.
/// Keep in step with the drawing in `src/lib.rs`.
const LAYERS: &[(&str, u32)] = &[
    // The ground floor: positions, AWS knowledge, policies; then traces, which speak its words.
    ("pos", 0),
    ("aws", 0),
    ("policy", 0),
    ("trace", 1),
    ("error", 2),
    // The scenario as written, the resolved network, and what turns one into the other.
    ("model", 3),
    ("net", 4),
    // Names as the Resolver answers them: a function of the resolved network alone, which
    // validation's lints ask as the engine does.
    ("dns", 5),
    ("validate", 6),
    ("load", 7),
    // The decisions each layer of the model makes.
    ("arrival", 8),
    ("filter", 8),
    ("expect", 8),
    ("tls", 9),
    ("routing", 9),
    ("services", 9),
    // Ordering the steps of one request, and running many.
    ("engine", 10),
    ("run", 11),
    // What is made of runs: fixes, diffs, generated scenarios, and the renderers of all of them.
    ("fix", 12),
    ("diff", 12),
    ("generate", 12),
    ("import", 12),
    ("report", 13),
    ("review", 14),
    // The learners' page: a server over everything below.
    ("serve", 15),
    // The command line: the binary's, over the library (it uses `vpcpath::`, not `crate::`).
    ("cli", 16),
];

/// The modules a `use crate::{a, b::c, ...}` tree names, with the line (0-based) it starts on:
/// the groups a line-by-line reading misses, over as many lines as they take.
fn grouped(lines: &[&str]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let Some(at) = code.find("crate::{") else {
            continue;
        };
        // The tree's text, to its closing brace, across lines.
        let mut tree = String::new();
        let mut depth = 0i32;
        let mut rest: Vec<&str> = vec![&code[at + "crate::".len()..]];
        rest.extend(
            lines[i + 1..]
                .iter()
                .map(|l| l.split("//").next().unwrap_or("")),
        );
        'lines: for part in rest {
            for c in part.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                tree.push(c);
                if depth == 0 {
                    break 'lines;
                }
            }
            tree.push(' ');
        }
        // The names at the tree's first level.
        let inner = tree.trim().trim_start_matches('{').trim_end_matches('}');
        let mut depth = 0i32;
        let mut start = true;
        let mut name = String::new();
        for c in inner.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    if !name.is_empty() && name != "self" {
                        found.push((i, std::mem::take(&mut name)));
                    }
                    name.clear();
                    start = true;
                    continue;
                }
                _ => {}
            }
            if depth == 0 && start {
                if c.is_ascii_alphanumeric() || c == '_' {
                    name.push(c);
                } else if !name.is_empty() {
                    start = false;
                }
            }
        }
        if !name.is_empty() && name != "self" {
            found.push((i, name));
        }
    }
    found
}

/// The modules a line of production code names as `crate::m`.
fn imports(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or("");
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let name: &str = rest
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if !name.is_empty() {
            found.push(name);
        }
    }
    found
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for path in rust_files(Path::new("src")) {
        let rel = path.strip_prefix("src").unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" || is_test_file(&path) {
            continue;
        }
        let Some(&mine) = layers.get(top.as_str()) else {
            wrong.push(format!(
                "{}: module `{top}` has no layer in tests/layers.rs",
                path.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = production_lines(&text);
        let mut uses: Vec<(usize, String)> = grouped(&lines);
        for (i, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            uses.extend(imports(line).into_iter().map(|m| (i, m.to_string())));
        }
        for (i, used) in uses {
            let used = used.as_str();
            {
                if used == top {
                    continue;
                }
                match layers.get(used) {
                    Some(&theirs) if theirs < mine => {}
                    Some(&theirs) => wrong.push(format!(
                        "{}:{}: `{top}` (layer {mine}) uses `{used}` (layer {theirs})",
                        path.display(),
                        i + 1
                    )),
                    None => wrong.push(format!(
                        "{}:{}: `{used}` has no layer in tests/layers.rs",
                        path.display(),
                        i + 1
                    )),
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_module_of_the_library_has_a_layer() {
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
        })
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let layered: Vec<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    for m in &declared {
        assert!(
            layered.contains(m),
            "src/lib.rs declares `{m}`, which has no layer"
        );
    }
}

/// A `tests.rs` is skipped by the layer check, so it must be what it says: a module declared
/// under `#[cfg(test)]`.
#[test]
fn every_tests_file_is_compiled_for_tests_only() {
    for path in rust_files(Path::new("src")) {
        if !is_test_file(&path) {
            continue;
        }
        let dir = path.parent().unwrap();
        let parent = dir.with_extension("rs");
        let parent = if parent.exists() {
            parent
        } else {
            dir.join("mod.rs")
        };
        let text = std::fs::read_to_string(&parent).unwrap();
        assert!(
            text.contains("#[cfg(test)]\nmod tests;"),
            "{} declares `mod tests;` without #[cfg(test)] before it",
            parent.display()
        );
    }
}

/// `examples/simulate.rs` is a program that uses only the front door: the items `lib.rs`
/// re-exports, never a module's insides.
#[test]
fn the_example_program_uses_only_the_front_door() {
    let text = std::fs::read_to_string("examples/simulate.rs").unwrap();
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("vpcpath::") {
        rest = &rest[at + "vpcpath::".len()..];
        let item: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        assert!(
            !rest[item.len()..].starts_with("::")
                || item.chars().next().is_some_and(char::is_uppercase),
            "examples/simulate.rs reaches into vpcpath::{item}"
        );
        assert!(
            lib.lines()
                .any(|l| l.starts_with("pub use") && l.contains(item.as_str())),
            "examples/simulate.rs uses vpcpath::{item}, which lib.rs does not re-export"
        );
    }
}

#[test]
fn a_use_tree_names_each_of_its_modules() {
    let lines = [
        "use crate::{",
        "    aws::words::Word,",
        "    net::{self, Network},",
        "    trace,",
        "};",
        "use crate::{pos::Pos, error};",
    ];
    let found: Vec<(usize, String)> = grouped(&lines);
    let names: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["aws", "net", "trace", "pos", "error"]);
    assert_eq!(found[3].0, 5);
    assert_eq!(imports("let x = crate::routing::walk();"), ["routing"]);
}
