//! Every file in tests/errors/ must be refused; its rendered error is a snapshot.

#[test]
fn error_messages() {
    insta::glob!("errors", "*.yaml", |path| {
        let name = std::path::Path::new("tests/errors").join(path.file_name().unwrap());
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let err = match vpcpath::load::load_bytes(&name, bytes) {
            Ok(_) => panic!("{} should be refused", name.display()),
            Err(e) => e.to_string(),
        };
        insta::with_settings!({ description => text, omit_expression => true }, {
            insta::assert_snapshot!(err);
        });
    });
}

/// Every file in tests/warnings/ is simulated; its warnings, rendered as `check` prints them,
/// are a snapshot.
#[test]
fn warning_messages() {
    insta::glob!("warnings", "*.yaml", |path| {
        let name = std::path::Path::new("tests/warnings").join(path.file_name().unwrap());
        let text = std::fs::read_to_string(path).unwrap();
        let net = vpcpath::load::load_str(&name, &text)
            .unwrap_or_else(|e| panic!("{} should be accepted: {e}", name.display()));
        assert!(
            !net.warnings.is_empty(),
            "{} warns of nothing",
            name.display()
        );
        let source: std::sync::Arc<str> = text.clone().into();
        let rendered: Vec<String> = net
            .warnings
            .iter()
            .map(|d| vpcpath::error::render(&name, &source, d, false))
            .collect();
        insta::with_settings!({ description => text, omit_expression => true }, {
            insta::assert_snapshot!(rendered.join("\n"));
        });
    });
}

/// The places in vpcpath's source that raise a diagnostic, as `(file, line)`: every call of
/// `err(`, `warn(`, `Diagnostic::new(` or `Diagnostic::warning(` outside test modules.
fn diagnostic_sites() -> std::collections::BTreeSet<(String, u32)> {
    let mut sites = std::collections::BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // The whole file but its test modules, wherever they stand.
            let lines = crate::source::production_lines(&text);
            for (i, line) in lines.iter().enumerate() {
                let next = lines.get(i + 1).copied().unwrap_or("");
                let code = line.split("//").next().unwrap_or("");
                let calls = [
                    ".err(",
                    ".warn(",
                    "Diagnostic::new(",
                    "Diagnostic::warning(",
                ];
                // The constructors themselves (`#[track_caller]`) are not sites, and no file can
                // make the reader thread fail (`Code::Internal` is a bug of vpcpath's).
                let constructor = code.contains("fn ")
                    || code.contains(".push(Diagnostic::new(code")
                    || code.contains(".push(Diagnostic::warning(code")
                    || code.contains("Code::Internal")
                    || next.trim_start().starts_with("Code::Internal");
                if calls.iter().any(|c| code.contains(c))
                    && !constructor
                    && !path.ends_with("error.rs")
                {
                    let file = path.to_string_lossy().replace('\\', "/");
                    sites.insert((file, i as u32 + 1));
                }
            }
        }
    }
    sites
}

/// Every check vpcpath makes is exercised by a fixture: each place in the source that raises
/// an error or a warning is reached by some file in tests/errors/ or tests/warnings/, so the
/// catalogue in docs/errors.md (built from those fixtures) lists every message.
#[test]
fn every_check_is_exercised_by_a_fixture() {
    let mut hit = std::collections::BTreeSet::new();
    for dir in ["tests/errors", "tests/warnings"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let diagnostics = match vpcpath::load::load_bytes(&path, std::fs::read(&path).unwrap())
            {
                Ok(net) => net.warnings,
                Err(vpcpath::Error::Invalid { diagnostics, .. }) => diagnostics,
                Err(e) => panic!("{}: {e}", path.display()),
            };
            hit.extend(
                diagnostics
                    .iter()
                    .map(|d| (d.site.file().to_string(), d.site.line())),
            );
        }
    }
    // A file over the size limit is not committed as a fixture: its size is checked here.
    if let Err(vpcpath::Error::Invalid { diagnostics, .. }) = vpcpath::load::check_size(
        std::path::Path::new("big.yaml"),
        vpcpath::load::MAX_FILE_BYTES + 1,
    ) {
        hit.extend(
            diagnostics
                .iter()
                .map(|d| (d.site.file().to_string(), d.site.line())),
        );
    }
    // `vpcpath serve`'s own refusals are its reader's (`serve::read::load`), not the loader's: a
    // `network:` not named on its command line, a named one that names another, too many
    // requests.
    let serve = |path: &str, text: String, allowed: &[&str]| {
        let allowed: Vec<std::path::PathBuf> = allowed.iter().map(Into::into).collect();
        let allowed = vpcpath::serve::read::Allowed::new(&allowed);
        match vpcpath::serve::read::load(std::path::Path::new(path), &text, &allowed) {
            Err(vpcpath::Error::Invalid { diagnostics, .. }) => diagnostics,
            other => panic!("serve reads {path}: {:?}", other.map(|n| n.requests.len())),
        }
    };
    let head = "scenario: s\nregion: us-east-1\n";
    let nested = "tests/fixtures/network-nested.yaml";
    let many: String = (0..=vpcpath::serve::read::MAX_REQUESTS)
        .map(|i| {
            format!("  - {{ name: r{i}, from: internet, url: \"https://sts.amazonaws.com/\" }}\n")
        })
        .collect();
    for d in [
        serve("s.yaml", format!("{head}network: /etc/passwd\n"), &[]),
        serve(
            "tests/fixtures/s.yaml",
            format!("{head}network: network-nested.yaml\n"),
            &[nested],
        ),
        serve("s.yaml", format!("{head}requests:\n{many}"), &[]),
    ] {
        hit.extend(d.iter().map(|d| (d.site.file().to_string(), d.site.line())));
    }
    let sites = diagnostic_sites();
    let missing: Vec<String> = sites
        .iter()
        .filter(|s| !hit.contains(*s))
        .map(|(f, l)| format!("{f}:{l}"))
        .collect();
    let unknown: Vec<String> = hit
        .iter()
        .filter(|s| !sites.contains(*s))
        .map(|(f, l)| format!("{f}:{l}"))
        .collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "checks no fixture reaches: {missing:#?}\nsites the scan did not find: {unknown:#?}"
    );
}

/// The catalogue in docs/errors.md: every message of every fixture, with its fixture and line.
/// Run with `VPCPATH_UPDATE_DOCS=1` to rewrite it after changing a check.
#[test]
fn the_catalogue_in_docs_is_current() {
    let mut rows = Vec::new();
    for dir in ["tests/errors", "tests/warnings"] {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for path in files {
            let name = path.to_string_lossy().replace('\\', "/");
            let diagnostics = match vpcpath::load::load_bytes(&path, std::fs::read(&path).unwrap())
            {
                Ok(net) => net.warnings,
                Err(vpcpath::Error::Invalid { diagnostics, .. }) => diagnostics,
                Err(e) => panic!("{name}: {e}"),
            };
            for d in diagnostics {
                let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
                let at = if d.pos.line == 0 {
                    name.clone()
                } else {
                    format!("{name}:{}", d.pos.line)
                };
                rows.push(format!(
                    "| {} | `{}` | {} | {} | `{at}` |",
                    d.severity.name(),
                    d.code.name(),
                    cell(&d.message),
                    cell(d.help.as_deref().unwrap_or("")),
                ));
            }
        }
    }
    let table = format!(
        "| | kind | message (as the example fixture prints it) | help | example |\n|---|---|---|---|---|\n{}\n",
        rows.join("\n")
    );
    let kinds: Vec<String> = vpcpath::error::Code::ALL
        .iter()
        .map(|c| {
            format!(
                "| `{}` | {} | {} |",
                c.name(),
                c.severity().name(),
                c.summary()
            )
        })
        .collect();
    let kinds = format!(
        "| kind | severity | what it covers |\n|---|---|---|\n{}\n",
        kinds.join("\n")
    );
    generated("kinds", &kinds);
    generated("catalogue", &table);
}

/// Every kind of diagnostic but `internal` is raised by some fixture.
#[test]
fn every_kind_is_raised_by_a_fixture() {
    let mut raised = std::collections::BTreeSet::new();
    for dir in ["tests/errors", "tests/warnings"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            match vpcpath::load::load_bytes(&path, std::fs::read(&path).unwrap()) {
                Ok(net) => raised.extend(net.warnings.iter().map(|d| d.code)),
                Err(vpcpath::Error::Invalid { diagnostics, .. }) => {
                    raised.extend(diagnostics.iter().map(|d| d.code))
                }
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
    }
    if let Err(vpcpath::Error::Invalid { diagnostics, .. }) = vpcpath::load::check_size(
        std::path::Path::new("big.yaml"),
        vpcpath::load::MAX_FILE_BYTES + 1,
    ) {
        raised.extend(diagnostics.iter().map(|d| d.code));
    }
    let missing: Vec<&str> = vpcpath::error::Code::ALL
        .iter()
        .filter(|c| **c != vpcpath::error::Code::Internal && !raised.contains(c))
        .map(|c| c.name())
        .collect();
    assert!(missing.is_empty(), "kinds no fixture raises: {missing:?}");
}

/// Replaces the part of docs/errors.md between `<!-- {name}:start -->` and `<!-- {name}:end -->`
/// with `table` when `VPCPATH_UPDATE_DOCS` is set; otherwise fails when they differ.
fn generated(name: &str, table: &str) {
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let (start, end) = (start.as_str(), end.as_str());
    let doc = std::fs::read_to_string("docs/errors.md").unwrap();
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        panic!("docs/errors.md lacks the {name} markers");
    };
    let current = &doc[a + start.len()..b];
    if current != table {
        if std::env::var_os("VPCPATH_UPDATE_DOCS").is_some() {
            let updated = format!("{}{table}{}", &doc[..a + start.len()], &doc[b..]);
            std::fs::write("docs/errors.md", updated).unwrap();
        } else {
            panic!(
                "the {name} table in docs/errors.md is stale: run `VPCPATH_UPDATE_DOCS=1 cargo test catalogue`"
            );
        }
    }
}

/// Whether a message speaks of the scenario and AWS only: no Rust type, library type or parser
/// option a user cannot set.
pub fn speaks_the_users_terms(message: &str) -> bool {
    const TYPES: &[&str] = &[
        "u8",
        "u16",
        "u32",
        "u64",
        "usize",
        "i32",
        "i64",
        "f64",
        "String",
        "Vec",
        "Option",
        "PublicIp",
        "OneOrMany",
    ];
    const PHRASES: &[&str] = &[
        "untagged enum",
        "variant",
        "DuplicateKeyPolicy",
        "in Options",
        "serde",
        "saphyr",
    ];
    let mut words = message.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    !words.any(|w| TYPES.contains(&w)) && !PHRASES.iter().any(|p| message.contains(p))
}

#[test]
fn no_message_speaks_of_vpcpaths_insides() {
    for dir in ["tests/errors", "tests/warnings"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let diagnostics = match vpcpath::load::load_bytes(&path, std::fs::read(&path).unwrap())
            {
                Ok(net) => net.warnings,
                Err(vpcpath::Error::Invalid { diagnostics, .. }) => diagnostics,
                Err(e) => panic!("{}: {e}", path.display()),
            };
            for d in diagnostics {
                assert!(
                    speaks_the_users_terms(&d.message),
                    "{}: {}",
                    path.display(),
                    d.message
                );
                let help = d.help.unwrap_or_default();
                assert!(speaks_the_users_terms(&help), "{}: {help}", path.display());
            }
        }
    }
    assert!(!speaks_the_users_terms("invalid u16"));
    assert!(!speaks_the_users_terms("use Option<String>"));
    assert!(speaks_the_users_terms("`maybe` is not an IPv4 address"));
}
