//! What a newcomer met on a fresh clone (issue 13), each held by a test named after it.

use std::process::{Command, Output};

fn vpcpath(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch folder of this test's own.
fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vpcpath-newcomer-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn jsonl_is_one_object_per_line_with_the_warnings_as_lines() {
    let o = vpcpath(&[
        "run",
        "--format",
        "jsonl",
        "tests/warnings/",
        "scenarios/routing-basics.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let mut warnings = 0;
    for line in out.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).expect("each line is one JSON object");
        assert!(v["file"].is_string());
        if v.get("warning").is_some() {
            warnings += 1;
            assert!(v["warning"]["code"].is_string() && v["warning"]["line"].is_number());
        } else {
            assert!(v["request"].is_string(), "{line}");
        }
    }
    assert!(
        warnings >= 6,
        "the warning fixtures' warnings are lines: {warnings}"
    );
}

#[test]
fn diff_and_fix_do_not_offer_jsonl_and_describe_their_own_formats() {
    for args in [
        &["diff", "--format", "jsonl", "a.yaml", "b.yaml"][..],
        &["fix", "--format", "jsonl", "a.yaml"],
    ] {
        let o = vpcpath(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            text(&o.stderr).contains("invalid value 'jsonl'"),
            "{}",
            text(&o.stderr)
        );
    }
    let diff = text(&vpcpath(&["diff", "--help"]).stdout);
    assert!(diff.contains("changed request"), "{diff}");
    assert!(!diff.contains("written as it is simulated"), "{diff}");
    let fix = text(&vpcpath(&["fix", "--help"]).stdout);
    assert!(fix.contains("its edits and its side effects"), "{fix}");
}

#[test]
fn summary_and_markdown_do_not_combine() {
    let o = vpcpath(&["run", "--summary", "--format", "markdown", "scenarios/"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--summary"), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
}

#[test]
fn test_on_a_missing_file_says_it_tested_nothing() {
    let o = vpcpath(&["test", "no-such-file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o.stdout);
    // The summary names the file, so that it is not lost among many `ok` lines.
    assert!(out.contains("1 file not tested"), "{out}");
    assert!(out.trim_end().ends_with(": no-such-file.yaml"), "{out}");
    assert!(text(&o.stderr).contains("no-such-file.yaml"));
}

#[test]
fn test_quiet_counts_the_warnings_it_does_not_print() {
    let file = "scenarios/execute-api-private-dns-403.yaml";
    let loud = vpcpath(&["test", file]);
    assert!(
        text(&loud.stderr).contains("the endpoint serves only"),
        "{}",
        text(&loud.stderr)
    );
    let o = vpcpath(&["test", "--quiet", file]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        !text(&o.stderr).contains("the endpoint serves only"),
        "{}",
        text(&o.stderr)
    );
    let out = text(&o.stdout);
    assert!(
        out.trim_end().ends_with("1 warning not shown (--quiet)"),
        "{out}"
    );
}

#[test]
fn diff_counts_changed_added_and_removed_apart() {
    let dir = scratch("diff");
    let before = std::fs::read_to_string("scenarios/execute-api-before-the-endpoint.yaml").unwrap();
    // Rename one request (one removed, one added); the endpoint of the after file changes one.
    let renamed = before.replacen("name: the same URL from the internet", "name: renamed", 1);
    assert_ne!(renamed, before);
    let b = dir.join("before.yaml");
    let a = dir.join("after.yaml");
    std::fs::write(&b, &before).unwrap();
    std::fs::write(&a, &renamed).unwrap();
    let o = vpcpath(&["diff", b.to_str().unwrap(), a.to_str().unwrap()]);
    let out = text(&o.stdout);
    assert!(out.contains("1 added, 1 removed, 2 unchanged"), "{out}");
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_refuses_what_it_cannot_write() {
    let o = vpcpath(&["generate", "--vpcs", "13000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing is written");
    assert!(
        text(&o.stderr).contains("1 to 12,288 VPCs"),
        "{}",
        text(&o.stderr)
    );
    let o = vpcpath(&["generate", "--vpcs", "5000", "--shape", "hub-and-spoke"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing is written");
    assert!(
        text(&o.stderr).contains("hub-and-spoke shape writes 1 to 4,096"),
        "{}",
        text(&o.stderr)
    );
    let o = vpcpath(&["generate", "--apis", "6", "--custom-domains", "5"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn generated_files_carry_no_schema_path_that_only_resolves_in_one_folder() {
    let o = vpcpath(&["generate", "--vpcs", "1", "--requests", "1"]);
    assert!(!text(&o.stdout).contains("$schema="));
}

#[test]
fn completions_and_a_man_page_come_from_the_same_definitions_as_help() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = vpcpath(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = text(&o.stdout);
        assert!(
            script.contains("vpcpath") && script.contains("generate"),
            "{shell}"
        );
    }
    let man = text(&vpcpath(&["man"]).stdout);
    assert!(man.contains(".TH vpcpath 1"), "{man}");
    for sub in [
        "run", "test", "check", "graph", "diff", "fix", "schema", "generate",
    ] {
        assert!(man.contains(sub), "the man page lists {sub}");
    }
}
