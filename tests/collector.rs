//! The collector end to end against moto's emulated AWS (scripts/e2e-moto.sh): the real AWS
//! CLI creates the reported case, scripts/collect-aws.py collects it, vpcpath imports it, and
//! the instance's call to the public API is answered 403. It needs `moto_server`, `aws` and
//! `python3`: `.ci/run` installs moto and the AWS CLI, and sets VPCPATH_REQUIRE_E2E so that the
//! test fails rather than skips there; elsewhere it says it skipped.

use std::process::Command;

fn on_path(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_collector_and_the_importer_reproduce_the_reported_case_from_an_emulated_account() {
    let tools = ["moto_server", "aws", "python3"];
    let missing: Vec<&str> = tools.into_iter().filter(|t| !on_path(t)).collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("VPCPATH_REQUIRE_E2E").is_none(),
            "VPCPATH_REQUIRE_E2E is set, and {missing:?} are not on PATH"
        );
        eprintln!("skipped: {missing:?} not on PATH (see tests/collector.rs)");
        return;
    }
    let o = Command::new("bash")
        .arg("scripts/e2e-moto.sh")
        .env("VPCPATH", env!("CARGO_BIN_EXE_vpcpath"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("1 passed, 0 failed"), "{out}");
}

#[test]
fn a_failed_aws_cli_call_prints_the_clis_own_message_and_the_call_not_a_traceback() {
    let missing: Vec<&str> = ["aws", "python3"]
        .into_iter()
        .filter(|t| !on_path(t))
        .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("VPCPATH_REQUIRE_E2E").is_none(),
            "VPCPATH_REQUIRE_E2E is set, and {missing:?} are not on PATH"
        );
        eprintln!("skipped: {missing:?} not on PATH (see tests/collector.rs)");
        return;
    }
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("collector-unreachable");
    // An earlier dump of another account stays as it was.
    let earlier = out.join("accounts/111122223333/us-east-1/Vpcs.json");
    std::fs::create_dir_all(earlier.parent().unwrap()).unwrap();
    std::fs::write(&earlier, "{\"Vpcs\": []}").unwrap();
    // Nothing listens on port 9 of loopback: the CLI cannot connect, and says so.
    let o = Command::new("python3")
        .args([
            "scripts/collect-aws.py",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ])
        .arg(&out)
        .arg("us-east-1")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("Traceback"), "{err}");
    assert!(
        err.contains(
            "`aws sts get-caller-identity --output json --endpoint-url http://127.0.0.1:9` failed"
        ),
        "{err}"
    );
    assert!(
        err.contains("Could not connect to the endpoint URL"),
        "{err}"
    );
    assert!(err.contains("nothing written: "), "{err}");
    assert_eq!(std::fs::read_to_string(&earlier).unwrap(), "{\"Vpcs\": []}");
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("collecting"))
        .collect();
    assert!(left.is_empty(), "temporary folders left: {left:?}");
}
