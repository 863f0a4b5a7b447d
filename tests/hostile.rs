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
