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
