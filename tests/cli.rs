//! The `vpcpath` binary end to end: exit codes, the closing line, errors on stderr.

use std::process::{Command, Output};

fn vpcpath(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The README's main job: every bundled expectation holds.
#[test]
fn bundled_scenarios_pass_vpcpath_test() {
    let o = vpcpath(&["test", "scenarios/"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    let last = out.lines().last().unwrap();
    let failed = last.split(", ").nth(1).unwrap_or_default();
    assert_eq!(failed, "0 failed", "closing line: {last}");
    assert!(!out.contains("FAIL"), "{out}");
}

#[test]
fn run_prints_every_scenario_and_exits_0() {
    let o = vpcpath(&["run", "scenarios/"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("=> HTTP 403 ForbiddenException {\"message\":\"Forbidden\"}"));
}

#[test]
fn a_wrong_expectation_fails_with_exit_1() {
    let dir = tempdir("expectation");
    let file = dir.join("wrong.yaml");
    std::fs::write(
        &file,
        "scenario: wrong\nregion: us-east-1\nrequests:\n  - name: expects 200\n    from: internet\n    url: https://nope000000.execute-api.us-east-1.amazonaws.com/dev/\n    expect: { status: 200, via: internet }\n",
    )
    .unwrap();
    let o = vpcpath(&["test", file.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("FAIL"), "{out}");
    assert!(
        out.contains("expected status 200, got http 403 ForbiddenException"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("0 passed, 1 failed"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_exits_2_with_location() {
    let o = vpcpath(&["check", "tests/errors/err_unknown_key.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("tests/errors/err_unknown_key.yaml:6:5"),
        "{err}"
    );
    let o = vpcpath(&["run", "tests/errors/"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_path_and_usage_errors_exit_2() {
    let o = vpcpath(&["run", "no/such/file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read no/such/file.yaml"),
        "{}",
        stderr(&o)
    );
    let o = vpcpath(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn json_and_markdown_render() {
    let o = vpcpath(&[
        "run",
        "--format",
        "json",
        "scenarios/execute-api-private-dns-403.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["traces"][0]["outcome"]["kind"], "http");
    assert_eq!(v[0]["traces"][0]["outcome"]["status"], 403);
    // The compatibility promise (docs/compatibility.md): every file's object names its format.
    assert_eq!(v[0]["format_version"], vpcpath::report::FORMAT_VERSION);
    assert_eq!(vpcpath::report::FORMAT_VERSION, "1");
    let o = vpcpath(&[
        "run",
        "--format",
        "markdown",
        "scenarios/execute-api-private-dns-403.yaml",
    ]);
    assert!(stdout(&o).starts_with("# Public API called from a VPC"));
}

#[test]
fn output_is_deterministic() {
    let a = vpcpath(&["run", "--format", "json", "scenarios/"]);
    let b = vpcpath(&["run", "--format", "json", "scenarios/"]);
    assert_eq!(a.stdout, b.stdout);
}

fn tempdir(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vpcpath-test-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn schema_prints_the_committed_json_schema() {
    let o = vpcpath(&["schema"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let committed = std::fs::read_to_string("docs/vpcpath.schema.json").unwrap();
    assert_eq!(stdout(&o), committed);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
}

#[test]
fn graph_draws_and_refuses_an_unknown_request() {
    let o = vpcpath(&[
        "graph",
        "scenarios/execute-api-private-dns-403.yaml",
        "--format",
        "dot",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("digraph vpcpath {"));
    let o = vpcpath(&[
        "graph",
        "scenarios/execute-api-private-dns-403.yaml",
        "--request",
        "the private API from the VP",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `the private API from the VPC`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn test_checks_only_the_request_named() {
    let o = vpcpath(&[
        "test",
        "scenarios/",
        "--request",
        "the private API from the VPC",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("2 passed, 0 failed\n"),
        "{}",
        stdout(&o)
    );
    // Files without the request are not spoken of: no warning of theirs.
    assert!(
        !stderr(&o).contains("instance-metadata.yaml"),
        "{}",
        stderr(&o)
    );
    let o = vpcpath(&[
        "test",
        "scenarios/execute-api-private-dns-403.yaml",
        "-r",
        "the private API from the VP",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `the private API from the VPC`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn diff_exits_1_when_a_request_changed_and_0_when_none_did() {
    let before = "scenarios/execute-api-before-the-endpoint.yaml";
    let after = "scenarios/execute-api-private-dns-403.yaml";
    let o = vpcpath(&["diff", before, after]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("2 changed, 1 unchanged\n"),
        "{}",
        stdout(&o)
    );
    let o = vpcpath(&["diff", after, after, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["unchanged"], 3);
    let o = vpcpath(&["diff", before, "tests/errors/err_empty.yaml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fix_lists_verified_fixes_and_says_when_nothing_needs_one() {
    let o = vpcpath(&[
        "fix",
        "scenarios/execute-api-private-dns-403.yaml",
        "--request",
        "public API default URL from the VPC",
        "--want",
        "200",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("fix 1: turn private DNS off on vpce-exec => http 200"));
    let o = vpcpath(&["fix", "scenarios/execute-api-private-dns-403.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("nothing to fix"), "{}", stdout(&o));
    let o = vpcpath(&["fix", "scenarios/routing-basics.yaml", "--want", "200"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a private NAT gateway has no single-edit fix"
    );
}

/// Requests are simulated in parallel; the output is the same with one thread or several.
#[test]
fn output_is_identical_whatever_the_number_of_threads() {
    let dir = tempdir("threads");
    let generated = dir.join("generated.yaml");
    let o = vpcpath(&[
        "generate",
        "--vpcs",
        "4",
        "--requests",
        "5000",
        "--seed",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(&generated, &o.stdout).unwrap();
    let again = vpcpath(&[
        "generate",
        "--vpcs",
        "4",
        "--requests",
        "5000",
        "--seed",
        "3",
    ]);
    assert!(o.stdout == again.stdout, "generate is deterministic");
    let path = generated.to_str().unwrap();
    for args in [
        vec!["run", path],
        vec!["run", "--format", "jsonl", path],
        vec!["run", "--summary", path],
        vec!["run", "scenarios/"],
    ] {
        let run = |threads: &str| {
            Command::new(env!("CARGO_BIN_EXE_vpcpath"))
                .args(&args)
                .env("NO_COLOR", "1")
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap()
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(one.status.code(), Some(0), "{args:?}: {}", stderr(&one));
        assert!(
            one.stdout == two.stdout,
            "{args:?} differs between 1 and 2 threads"
        );
    }
    let jsonl = vpcpath(&["run", "--format", "jsonl", path]);
    // One line per request, then the file's warnings (the first 20, and how many more).
    let lines: Vec<&str> = std::str::from_utf8(&jsonl.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"request\""))
        .collect();
    assert_eq!(lines.len(), 5000);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["request"], "r0");
    assert!(first["outcome"]["kind"].is_string());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes a generated scenario of 3 VPCs and `requests` requests to `dir`: its path, and the
/// `generate` run.
fn generate(dir: &std::path::Path, requests: &str) -> (std::path::PathBuf, Output) {
    let path = dir.join("generated.yaml");
    let o = vpcpath(&[
        "generate",
        "--vpcs",
        "3",
        "--requests",
        requests,
        "--seed",
        "5",
    ]);
    std::fs::write(&path, &o.stdout).unwrap();
    (path, o)
}

/// Large files are read as a stream by `run --summary` and `--format jsonl` (and the text
/// report, tested below); the output is the same as reading them whole, and a bad request late
/// in the file is still reported at its line.
#[test]
fn streamed_files_give_the_same_output_and_locate_bad_requests() {
    let dir = tempdir("stream");
    let (generated, o) = generate(&dir, "6000");
    let path = generated.to_str().unwrap();
    let run = |args: &[&str], min: &str| {
        Command::new(env!("CARGO_BIN_EXE_vpcpath"))
            .args(args)
            .env("VPCPATH_STREAM_MIN_BYTES", min)
            .output()
            .unwrap()
    };
    // A requests file that takes its network from the generated file (`network:`).
    let matrix = dir.join("matrix.yaml");
    let m = run(
        &["matrix", path, "-o", matrix.to_str().unwrap()],
        "1000000000",
    );
    assert_eq!(m.status.code(), Some(0), "{}", stderr(&m));
    let matrix = matrix.to_str().unwrap();
    for args in [
        vec!["run", "--summary", matrix],
        vec!["run", "--format", "jsonl", matrix],
        vec!["run", "--format", "json", matrix],
        vec!["test", matrix],
        vec!["check", matrix],
        vec!["run", "--summary", path],
        vec!["run", "--format", "jsonl", path],
        vec!["run", "--format", "jsonl", "scenarios/"],
        vec!["run", "--format", "json", path],
        vec!["run", "--format", "json", "scenarios/"],
        vec!["test", path],
        vec!["test", "scenarios/"],
        vec!["check", path],
        vec!["check", "scenarios/"],
        vec!["diff", path, path],
        vec![
            "diff",
            "scenarios/execute-api-before-the-endpoint.yaml",
            "scenarios/execute-api-private-dns-403.yaml",
        ],
    ] {
        let (whole, streamed) = (run(&args, "1000000000"), run(&args, "0"));
        assert_eq!(
            streamed.status.code(),
            whole.status.code(),
            "{}",
            stderr(&streamed)
        );
        assert_ne!(streamed.status.code(), Some(2), "{}", stderr(&streamed));
        assert!(
            whole.stdout == streamed.stdout,
            "{args:?}: streaming changed the output"
        );
    }
    // A request naming an instance that does not exist, near the end of the file.
    let mut text = String::from_utf8(o.stdout).unwrap();
    text.push_str(
        "  - { name: late, from: i-nowhere, url: \"https://sts.us-east-1.amazonaws.com/\" }\n",
    );
    let bad_line = text.lines().count();
    std::fs::write(&generated, &text).unwrap();
    for args in [
        ["run", "--summary", path],
        ["test", path, path],
        ["check", path, path],
        ["diff", path, path],
    ] {
        let o = run(&args, "0");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains(&format!("generated.yaml:{bad_line}:")),
            "{}",
            stderr(&o)
        );
    }
    // The requests are read while the scenario before them is validated: a mistake there is
    // reported at its line, and the reader stops (no hang, nothing written).
    let broken_head = text.replacen("vpcs:", "bogus: 1\nvpcs:", 1);
    std::fs::write(&generated, &broken_head).unwrap();
    let o = run(&["run", "--format", "jsonl", path], "0");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("bogus"), "{}", stderr(&o));
    // A YAML mistake among the requests is located too (as when the file is read whole, it is
    // the one problem reported: the file cannot be read past it).
    let broken_request = format!("{text}  - {{ name: unclosed\n");
    std::fs::write(&generated, &broken_request).unwrap();
    let o = run(&["run", "--summary", path], "0");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let unclosed = format!("generated.yaml:{}:", bad_line + 1);
    assert!(stderr(&o).contains(&unclosed), "{}", stderr(&o));
    std::fs::write(&generated, &text).unwrap();
    // A reader that stops early (`| head`) is not an error of the file: exit 0, nothing said.
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(["run", "--format", "jsonl", path])
        .env("VPCPATH_STREAM_MIN_BYTES", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The text report lists the first warnings in full and counts the rest; JSON has them all.
#[test]
fn the_text_report_lists_twenty_warnings_and_counts_the_rest() {
    let dir = tempdir("many-warnings");
    let (generated, _) = generate(&dir, "600");
    let path = generated.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&vpcpath(&["run", "--format", "json", path]).stdout).unwrap();
    let all = json[0]["diagnostics"].as_array().unwrap().len();
    assert!(all > 20, "{all}");
    let text = stdout(&vpcpath(&["run", path]));
    let listed: Vec<&str> = text.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(listed.len(), 21);
    assert!(
        listed[20].ends_with(&format!(
            "{} more warnings not shown (all are in `vpcpath run --format json`, under diagnostics)",
            all - 20
        )),
        "{}",
        listed[20]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A report's warning lines (`is_warning`), sorted, and its other lines that are not empty, in
/// order: what a streamed report must keep of the report of the file read whole.
fn split_warnings(text: &str, is_warning: impl Fn(&str) -> bool) -> (Vec<String>, Vec<String>) {
    let mut warnings: Vec<String> = text
        .lines()
        .filter(|l| is_warning(l))
        .map(String::from)
        .collect();
    warnings.sort();
    let rest: Vec<String> = text
        .lines()
        .filter(|l| !is_warning(l) && !l.is_empty())
        .map(String::from)
        .collect();
    (warnings, rest)
}

/// `run`'s text report streams large files too: the same traces in the same order, and the
/// same warnings, those that depend on the requests after the traces instead of before; and a
/// summary counts the same warnings.
#[test]
fn streamed_text_reports_have_the_same_traces_and_warnings() {
    let run = |path: &str, min: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
            .args(["run", path])
            .env("VPCPATH_STREAM_MIN_BYTES", min)
            .output()
            .unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
        stdout(&o)
    };
    let split = |text: &str| {
        split_warnings(text, |l| {
            l.starts_with("warning:") || l.starts_with("  help:")
        })
    };
    let mut with_warnings = 0;
    let files = std::fs::read_dir("scenarios")
        .unwrap()
        .chain(std::fs::read_dir("tests/warnings").unwrap())
        .chain(std::fs::read_dir("tests/fixtures").unwrap());
    for entry in files {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let path = path.to_str().unwrap();
        let (whole, streamed) = (split(&run(path, "1000000000")), split(&run(path, "0")));
        assert_eq!(whole, streamed, "{path}");
        // The summary counts the same warnings, found while streaming or not.
        let summary = |min: &str| {
            Command::new(env!("CARGO_BIN_EXE_vpcpath"))
                .args(["run", "--summary", path])
                .env("VPCPATH_STREAM_MIN_BYTES", min)
                .output()
                .unwrap()
                .stdout
        };
        assert!(
            summary("1000000000") == summary("0"),
            "{path}: summaries differ"
        );
        with_warnings += usize::from(!whole.0.is_empty());
    }
    assert!(with_warnings >= 3, "{with_warnings}");
}

/// `run --format json` writes its one document a file at a time, each trace as it is simulated;
/// the bytes are the whole report serialized at once, for several files, and for none.
#[test]
fn the_json_report_written_as_it_goes_is_the_whole_report() {
    let files = vpcpath::load::discover(&["scenarios/".into()]).unwrap();
    let nets: Vec<(String, vpcpath::net::Network)> = files
        .iter()
        .map(|f| {
            (
                f.display().to_string(),
                vpcpath::load::load_file(f).unwrap(),
            )
        })
        .collect();
    let reports: Vec<vpcpath::report::Report> = nets
        .iter()
        .map(|(f, n)| vpcpath::report::Report::new(f, n, vpcpath::run::simulate_all(n)))
        .collect();
    let mut whole = Vec::new();
    vpcpath::report::json::render(&mut whole, &reports).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(["run", "--format", "json", "scenarios/"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        o.stdout == whole,
        "the written report differs from the whole one"
    );
    // A file without requests: its list of traces is empty.
    let dir = tempdir("json-document");
    let empty = dir.join("empty.yaml");
    std::fs::write(&empty, "scenario: nothing asked\nregion: us-east-1\n").unwrap();
    let net = vpcpath::load::load_file(&empty).unwrap();
    let file = empty.display().to_string();
    let mut whole = Vec::new();
    let report = vpcpath::report::Report::new(&file, &net, Vec::new());
    vpcpath::report::json::render(&mut whole, &[report]).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(["run", "--format", "json", &file])
        .output()
        .unwrap();
    assert!(o.stdout == whole, "{}", String::from_utf8_lossy(&o.stdout));
    // No file read: an empty list, as the whole report of nothing.
    let o = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(["run", "--format", "json", "no-such-file.yaml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(o.stdout, b"[]\n");
}

/// `run --format markdown` reads a large file as a stream twice (its table, then its
/// sections): the same document, but for the warnings its requests raise, which follow the
/// table instead of preceding it.
#[test]
fn streamed_markdown_reports_have_the_same_tables_sections_and_warnings() {
    let run_in = |path: &str, min: &str, tmp: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_vpcpath"))
            .args(["run", "--format", "markdown", path])
            .env("VPCPATH_STREAM_MIN_BYTES", min)
            .env("TMPDIR", tmp)
            .output()
            .unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
        stdout(&o)
    };
    let tmp = std::env::temp_dir();
    let run = |path: &str, min: &str| run_in(path, min, tmp.to_str().unwrap());
    let split = |text: &str| split_warnings(text, |l| l.starts_with("> **Warning**"));
    let mut with_warnings = 0;
    // The scenarios, and a file of more requests than a chunk (each chunk is simulated while
    // the one before it is written).
    let dir = tempdir("markdown");
    let (generated, _) = generate(&dir, "6000");
    let files = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain([generated]);
    for path in files {
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let path = path.to_str().unwrap();
        let whole = run(path, "1000000000");
        let streamed = run(path, "0");
        assert!(whole.contains("## Suggested fixes"), "{path}");
        assert_eq!(split(&whole), split(&streamed), "{path}");
        // Without a temporary directory to keep the sections in, the requests are read twice.
        let twice = run_in(path, "0", "/nonexistent/vpcpath-test");
        assert_eq!(streamed, twice, "{path}");
        with_warnings += usize::from(!split(&whole).0.is_empty());
    }
    assert!(with_warnings > 0, "no scenario has warnings to move");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_says_what_a_bug_report_needs() {
    let o = vpcpath(&["version", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["json_format_version"], "1");
    let o = vpcpath(&["version"]);
    assert!(stdout(&o).starts_with(&format!("vpcpath {}\n", env!("CARGO_PKG_VERSION"))));
}
