//! The documentation leads somewhere: every rule reference the tool prints or the repository
//! writes is defined in docs/aws-rules.md, every link in README.md and docs/ resolves, every
//! `module::function` pointer names code that exists, and nothing leads outside the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::source::rust_files;

/// The rule numbers (`F1.10`) in a text.
fn references(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('F') {
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
            continue;
        }
        let rest = &text[i + 1..];
        let major: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[major.len()..];
        if major.is_empty() || !after.starts_with('.') {
            continue;
        }
        let minor: String = after[1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !minor.is_empty() {
            found.insert(format!("F{major}.{minor}"));
        }
    }
    found
}

/// The rules docs/aws-rules.md defines (each has an anchor `<a id="F1.1"></a>`).
fn defined() -> BTreeSet<String> {
    let doc = std::fs::read_to_string("docs/aws-rules.md").unwrap();
    doc.split("<a id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Every file of the repository that is product: source, scenarios, docs, tests' inputs.
fn product_files() -> Vec<PathBuf> {
    let mut files = rust_files(Path::new("src"));
    for dir in [
        "scenarios",
        "docs",
        "tests/errors",
        "tests/warnings",
        "tests/fixtures",
    ] {
        let mut stack = vec![PathBuf::from(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
                {
                    files.push(path);
                }
            }
        }
    }
    files.push(PathBuf::from("README.md"));
    files.sort();
    files
}

#[test]
fn every_rule_the_repository_cites_is_defined() {
    let defined = defined();
    let mut missing = Vec::new();
    for path in product_files() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for r in references(&text) {
            if !defined.contains(&r) {
                missing.push(format!("{}: {r}", path.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules docs/aws-rules.md does not define:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_rule_the_tool_prints_is_defined() {
    let defined = defined();
    let mut printed = String::new();
    for args in [
        &["run", "scenarios/", "tests/fixtures/", "tests/warnings/"][..],
        &[
            "run",
            "--format",
            "json",
            "scenarios/",
            "tests/fixtures/",
            "tests/warnings/",
        ],
        &["check", "tests/warnings/"],
        &["--help"],
        &["run", "--help"],
        &["fix", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        printed.push_str(&String::from_utf8_lossy(&out.stdout));
        printed.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    for dir in ["tests/errors"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let out = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
                .args(["check", &path.display().to_string()])
                .output()
                .unwrap();
            printed.push_str(&String::from_utf8_lossy(&out.stderr));
        }
    }
    let printed_refs = references(&printed);
    assert!(
        printed_refs.len() > 20,
        "the scenarios cite rules: {printed_refs:?}"
    );
    let missing: Vec<&String> = printed_refs
        .iter()
        .filter(|r| !defined.contains(*r))
        .collect();
    assert!(
        missing.is_empty(),
        "printed but not defined in docs/aws-rules.md: {missing:?}"
    );
}

#[test]
fn nothing_leads_outside_the_repository() {
    let mut wrong = Vec::new();
    for path in product_files() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for bad in ["shared/", "../reference", "gotcha", "aws-rules F"] {
                if line.contains(bad) {
                    wrong.push(format!("{}:{}: {bad}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "references outside the repository:\n{}",
        wrong.join("\n")
    );
}

/// The Markdown files whose links are checked.
fn markdown_files() -> Vec<PathBuf> {
    product_files()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

#[test]
fn every_link_in_the_docs_resolves() {
    let mut broken = Vec::new();
    for path in markdown_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let dir = path.parent().unwrap();
        for (i, _) in text.match_indices("](") {
            let target: String = text[i + 2..].chars().take_while(|c| *c != ')').collect();
            if target.starts_with("http") || target.starts_with("mailto:") || target.is_empty() {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            let resolved = if file.is_empty() {
                path.clone()
            } else {
                dir.join(file)
            };
            if !resolved.exists() {
                broken.push(format!("{}: {target}", path.display()));
                continue;
            }
            if let Some(anchor) = anchor
                && resolved.extension().is_some_and(|e| e == "md")
            {
                let doc = std::fs::read_to_string(&resolved).unwrap();
                if !anchors(&doc).contains(anchor) {
                    broken.push(format!("{}: {target} (no such anchor)", path.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

/// The anchors of a Markdown file: explicit `<a id>`s and GitHub's heading slugs.
fn anchors(doc: &str) -> BTreeSet<String> {
    let mut all: BTreeSet<String> = doc
        .split("<a id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix('#') {
            let title = heading.trim_start_matches('#').trim();
            let slug: String = title
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            all.insert(slug);
        }
    }
    all
}

/// The module paths of the library: `dns`, `dns::private`, `services::api_gateway`, ...
fn module_files() -> Vec<(String, PathBuf)> {
    rust_files(Path::new("src"))
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix("src").unwrap().with_extension("");
            let module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect::<Vec<_>>()
                .join("::")
                .trim_end_matches("::mod")
                .to_string();
            (module, p)
        })
        .collect()
}

/// Whether `name` is an item (fn, type, const, module, method) in one of `files`.
fn defines(files: &[&PathBuf], name: &str) -> bool {
    files.iter().any(|f| {
        let text = std::fs::read_to_string(f).unwrap();
        [
            "fn ", "struct ", "enum ", "const ", "mod ", "type ", "trait ",
        ]
        .iter()
        .any(|kw| {
            text.match_indices(&format!("{kw}{name}")).any(|(i, _)| {
                let after = text[i + kw.len() + name.len()..].chars().next();
                !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
    })
}

#[test]
fn every_code_pointer_in_the_docs_names_code_that_exists() {
    let modules = module_files();
    let tops: BTreeSet<String> = modules
        .iter()
        .map(|(m, _)| m.split("::").next().unwrap().to_string())
        .collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for path in markdown_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, span) in text.split('`').enumerate() {
            if n % 2 == 0 {
                continue;
            }
            let segments: Vec<&str> = span.split("::").collect();
            if segments.len() < 2
                || !tops.contains(segments[0])
                || !segments
                    .iter()
                    .all(|s| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_'))
            {
                continue;
            }
            checked += 1;
            // The longest prefix that is a module; the rest are items inside it (or inside its
            // submodules, whose items it re-exports).
            let mut k = segments.len();
            let module = loop {
                let candidate = segments[..k].join("::");
                if modules.iter().any(|(m, _)| *m == candidate) {
                    break Some(candidate);
                }
                k -= 1;
                if k == 0 {
                    break None;
                }
            };
            let Some(module) = module else {
                broken.push(format!("{}: `{span}`", path.display()));
                continue;
            };
            let files: Vec<&PathBuf> = modules
                .iter()
                .filter(|(m, _)| *m == module || m.starts_with(&format!("{module}::")))
                .map(|(_, p)| p)
                .collect();
            if !segments[k..].iter().all(|item| defines(&files, item)) {
                broken.push(format!("{}: `{span}`", path.display()));
            }
        }
    }
    assert!(checked > 50, "the docs point at code ({checked} pointers)");
    assert!(
        broken.is_empty(),
        "code pointers that name nothing:\n{}",
        broken.join("\n")
    );
}

/// Every ```yaml block in README.md and docs/ is a whole scenario that `vpcpath check` accepts,
/// or says it is a fragment (```` ```yaml fragment ````), so that no example a reader copies
/// fails.
#[test]
fn every_yaml_example_in_the_docs_is_a_scenario_vpcpath_accepts() {
    let mut checked = 0;
    for path in markdown_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines().enumerate();
        while let Some((n, line)) = lines.next() {
            let Some(info) = line.strip_prefix("```yaml") else {
                continue;
            };
            let block: Vec<&str> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| !l.starts_with("```"))
                .collect();
            if info.contains("fragment") {
                continue;
            }
            let name = format!("{}:{}", path.display(), n + 1);
            if let Err(e) = vpcpath::load::load_str(Path::new(&name), &block.join("\n")) {
                panic!(
                    "the example at {name} is refused (mark it ```yaml fragment if it is one):\n{e}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 2, "{checked} examples checked");
}

/// The trace the README shows is the one `vpcpath run` prints for the reported case.
#[test]
fn the_readme_trace_is_what_the_tool_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("request \"public API default URL from the VPC\"")
        .expect("the README shows the reported case's trace");
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let out = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(["run", "scenarios/execute-api-private-dns-403.yaml"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains(shown),
        "README.md's trace differs from:\n{printed}"
    );
}

/// Features vpcpath models, each with the words a line would use to say it does not, and the
/// key of the scenario format that proves it does (in the committed schema).
const MODELLED: &[(&str, &[&str], &str)] = &[
    (
        "servers that answer on instances",
        &[
            "nothing is modelled listening",
            "instances never answer",
            "listening on instances",
        ],
        "listens",
    ),
    (
        "custom DNS servers",
        &["custom dns servers are not", "custom dns servers: not"],
        "dns_servers",
    ),
    (
        "on-premises networks",
        &["on-premises networks are not", "on-premises networks: not"],
        "sites",
    ),
    (
        "the servers of on-premises sites",
        &[
            "servers of on-premises",
            "servers of a site",
            "site's servers",
        ],
        "servers",
    ),
    (
        "routes to instances",
        &["routes to instances", "route to an instance"],
        "source_dest_check",
    ),
    (
        "transit gateway appliance mode",
        &["appliance mode"],
        "appliance_mode",
    ),
    (
        "firewall endpoints",
        &["firewall endpoints are not", "network firewall"],
        "firewalls",
    ),
    (
        "ICMP rules",
        &["icmp types are not", "no icmp"],
        "icmp_type",
    ),
    (
        "the time of a request",
        &["aws:currenttime", "aws:epochtime"],
        "time",
    ),
];

/// A line that says vpcpath does not model something.
fn says_not_modelled(line: &str) -> bool {
    let l = line.to_ascii_lowercase();
    [
        "not modelled",
        "does not model",
        "never answer",
        "nothing is modelled",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// No "not modelled" line of the docs contradicts a feature the scenario format has: when a
/// feature is added, the lines that said it was missing must go with it.
#[test]
fn no_not_modelled_line_contradicts_a_modelled_feature() {
    let schema = std::fs::read_to_string("docs/vpcpath.schema.json").unwrap();
    let mut files = markdown_files();
    files.push(PathBuf::from("README.md"));
    let mut wrong = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            // Clause by clause: a line may say one thing is modelled and another is not.
            for clause in line.split(['|', ';', '.', '(', ')']) {
                if !says_not_modelled(clause) {
                    continue;
                }
                let l = clause.to_ascii_lowercase();
                for (feature, words, key) in MODELLED {
                    if schema.contains(&format!("\"{key}\"")) && words.iter().any(|w| l.contains(w))
                    {
                        wrong.push(format!(
                        "{}:{}: says {feature} are not modelled, but scenarios write `{key}`:\n  {line}",
                        path.display(),
                        i + 1
                    ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
