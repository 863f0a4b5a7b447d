//! No input can crash vpcpath: hostile files are refused with a clear message, and a bounded
//! property test mutates the bundled scenarios and checks that each mutant either loads and
//! simulates completely or is refused with located diagnostics.

use std::path::Path;

mod cli;

use proptest::prelude::*;

fn refused(text: &str) -> String {
    match vpcpath::load::load_str(Path::new("hostile.yaml"), text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn an_alias_bomb_is_refused() {
    // A billion "lol"s through nine levels of aliases, inside a policy (which takes any YAML).
    let mut text = String::from(
        "scenario: bomb\nregion: us-east-1\napis:\n  - id: a1\n    stages: [v1]\n    policy:\n      a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        text.push_str(&format!("      a{i}: &a{i} [{refs}]\n"));
    }
    let err = refused(&text);
    assert!(err.contains("alias bomb"), "{err}");
    assert!(err.contains("hostile.yaml:"), "{err}");
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 10_000;
    let text = format!(
        "scenario: deep\nregion: us-east-1\napis:\n  - id: a1\n    stages: [v1]\n    policy: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = refused(&text);
    assert!(err.contains("64 levels"), "{err}");
    // The 20,000-character line is not quoted back; its location is in the message.
    assert!(err.contains("hostile.yaml:6:"), "{err}");
    assert!(err.len() < 1_000, "{err}");
}

#[test]
fn hostile_shapes_are_refused_with_a_location() {
    let cases = [
        "",
        "\u{feff}",
        "---\n...\n",
        "scenario: [unclosed\n",
        "scenario: x\nregion: us-east-1\nvpcs: &v [*v]\n",
        "scenario: x\nregion: us-east-1\n? [complex, key]\n: 1\n",
        "scenario: x\nregion: us-east-1\nregion: eu-west-1\n",
        "scenario: x\nregion: us-east-1\nvpcs:\n  - id: v\n    cidr: 10.0.0.0/16\n    subnets: !!binary aGVsbG8=\n",
        "scenario: x\nregion: us-east-1\n---\nscenario: y\nregion: us-east-1\n",
        "scenario: x\nregion: us-east-1\nrequests:\n  - { from: internet, url: \"https://\u{0}\" }\n",
    ];
    for text in cases {
        let err = refused(text);
        assert!(err.contains("hostile.yaml"), "{text:?}: {err}");
    }
}

fn bundled() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    out.sort();
    out
}

/// One edit of a scenario's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Replace { at: usize, len: usize, with: String },
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (
            any::<usize>(),
            0usize..12,
            "[-a-z0-9:{}\\[\\],*&!|>'\" \n./]{0,12}"
        )
            .prop_map(|(at, len, with)| Mutation::Replace { at, len, with }),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let n = lines.len().max(1);
    match m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
            lines.join("\n")
        }
        Mutation::DuplicateLine(i) => {
            if let Some(l) = lines.get(i % n).copied() {
                lines.insert(i % n, l);
            }
            lines.join("\n")
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % n, b % n);
            }
            lines.join("\n")
        }
        Mutation::Replace { at, len, with } => {
            let chars: Vec<char> = text.chars().collect();
            let at = at % chars.len().max(1);
            let end = (at + len).min(chars.len());
            let mut out: String = chars[..at].iter().collect();
            out.push_str(with);
            out.extend(&chars[end..]);
            out
        }
        Mutation::Truncate(at) => text
            .chars()
            .take(at % text.chars().count().max(1))
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A mutant of a bundled scenario never panics: it loads and every request is simulated
    /// and rendered, or it is refused and every problem has a line (or is about the whole
    /// file).
    #[test]
    fn mutated_scenarios_load_or_fail_cleanly(
        which in any::<usize>(),
        edits in proptest::collection::vec(mutation(), 1..4),
    ) {
        let sources = bundled();
        let mut text = sources[which % sources.len()].clone();
        for m in &edits {
            text = apply(&text, m);
        }
        match vpcpath::load::load_str(Path::new("mutant.yaml"), &text) {
            Ok(net) => {
                // What the loader accepts, the schema editors use accepts too.
                let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
                prop_assert!(
                    crate::schema::validator().is_valid(&doc),
                    "the schema refuses a file vpcpath accepts:\n{text}"
                );
                let report = vpcpath::report::Report::new(
                    "mutant.yaml",
                    &net,
                    vpcpath::run::simulate_all(&net),
                );
                prop_assert_eq!(report.traces.len(), net.requests.len());
                let mut out = Vec::new();
                vpcpath::report::text::render(
                    &mut out,
                    std::slice::from_ref(&report),
                    vpcpath::report::text::Style { color: false },
                )
                .unwrap();
                vpcpath::report::json::render(&mut out, &[report]).unwrap();
            }
            Err(vpcpath::Error::Invalid { diagnostics, .. }) => {
                prop_assert!(!diagnostics.is_empty());
                for d in &diagnostics {
                    prop_assert!(
                        d.pos.line > 0 || d.message.contains("holds no scenario"),
                        "no location: {}", d.message
                    );
                    prop_assert!(
                        crate::errors::speaks_the_users_terms(&d.message),
                        "a message in vpcpath's own terms: {}", d.message
                    );
                }
            }
            Err(e) => prop_assert!(false, "unexpected error kind: {e}"),
        }
    }
}

/// The files a JSON importer is given in these property tests: small ones, so that a case is
/// quick.
fn json_inputs(dir: &str, max: u64) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| p.metadata().is_ok_and(|m| m.len() <= max))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// A value to put in place of another: of each JSON kind, and the strings AWS and Terraform
/// write that the importers look for, wrong in their place.
fn json_value(kind: u8, i: usize) -> serde_json::Value {
    use serde_json::json;
    match kind {
        0 => json!(null),
        1 => json!(i),
        2 => json!(-1),
        3 => json!("10.0.0.0/33"),
        4 => json!("vpc-\u{1b}[31m"),
        5 => json!([]),
        6 => json!({}),
        7 => json!(true),
        _ => json!("0.0.0.0/0"),
    }
}

/// How many values `v` holds, itself included.
fn count_values(v: &serde_json::Value) -> usize {
    1 + match v {
        serde_json::Value::Array(items) => items.iter().map(count_values).sum(),
        serde_json::Value::Object(map) => map.values().map(count_values).sum(),
        _ => 0,
    }
}

/// Replaces the `n`th value of `v` (depth first) by `with`; counts `n` down.
fn replace_nth(v: &mut serde_json::Value, n: &mut usize, with: &serde_json::Value) -> bool {
    if *n == 0 {
        *v = with.clone();
        return true;
    }
    *n -= 1;
    match v {
        serde_json::Value::Array(items) => items.iter_mut().any(|x| replace_nth(x, n, with)),
        serde_json::Value::Object(map) => map.values_mut().any(|x| replace_nth(x, n, with)),
        _ => false,
    }
}

/// What an importer wrote loads, or is refused with diagnostics; its notes are printable.
fn imported_is_sound(imported: &vpcpath::import::Imported) -> Result<(), TestCaseError> {
    for n in &imported.notes {
        prop_assert!(!n.chars().any(|c| c.is_control() && c != '\t'), "{n:?}");
    }
    match vpcpath::load::load_str(Path::new("imported.yaml"), &imported.yaml) {
        Ok(_) => {}
        Err(vpcpath::Error::Invalid { diagnostics, .. }) => prop_assert!(!diagnostics.is_empty()),
        Err(e) => prop_assert!(false, "unexpected error kind: {e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Mutants of the AWS CLI dump fixtures and of a Terraform plan never crash an importer:
    /// each is refused with an error, or imported to a scenario that loads or is refused with
    /// diagnostics (`fuzz/` runs the same over arbitrary bytes).
    #[test]
    fn mutated_json_imports_or_fails_cleanly(
        which in any::<usize>(),
        edits in proptest::collection::vec(mutation(), 1..4),
        values in proptest::collection::vec((any::<usize>(), 0u8..9), 1..6),
        terraform in any::<bool>(),
    ) {
        let dir = std::env::temp_dir().join(format!("vpcpath-json-mutant-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let inputs = if terraform {
            json_inputs("tests/fixtures/terraform", 20_000)
        } else {
            json_inputs("tests/fixtures/aws-cli/single", 3_000)
        };
        let (name, text) = &inputs[which % inputs.len()];
        // Most edits keep the JSON valid (a value replaced), so that the importers' reading
        // of shapes is what is tried; a few break its syntax.
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        for (i, (at, with)) in values.iter().enumerate() {
            let mut n = *at % count_values(&value);
            replace_nth(&mut value, &mut n, &json_value(*with, i));
        }
        let mut text = serde_json::to_string_pretty(&value).unwrap();
        for m in edits.iter().take(usize::from(which % 8 == 0)) {
            text = apply(&text, m);
        }
        if terraform {
            let path = dir.join("plan.json");
            std::fs::write(&path, &text).unwrap();
            if let Ok(imported) = vpcpath::import::terraform::import(&path) {
                imported_is_sound(&imported)?;
            }
        } else {
            let dump = dir.join("dump");
            let _ = std::fs::remove_dir_all(&dump);
            std::fs::create_dir_all(&dump).unwrap();
            std::fs::write(dump.join(name), &text).unwrap();
            if let Ok(imported) = vpcpath::import::aws::import(&dump) {
                imported_is_sound(&imported)?;
            }
        }
    }
}
