//! Real refreshed Terraform plans (tests/fixtures/terraform-refreshed/*/, made with terraform
//! against moto): each reviewed with its requests, and every request's outcomes before and
//! after the plan, and whether it changed, checked against `expected.yaml` — written from
//! AWS's documentation before vpcpath ran on these plans, never edited to match its output.
//! Also: each plan reviewed with the default requests; what a plan cannot see (its VPC
//! removed) is unknown, never unchanged; `--network` supplies it; the CI comment is never blank.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vpcpath::review::{self, Answer, Options};

const CORPUS: &str = "tests/fixtures/terraform-refreshed";

/// Requests where vpcpath's answer is known to differ from what AWS's documentation says,
/// with why: each must still differ exactly so (a fix then removes it from this list).
const KNOWN_DIVERGENCES: &[(&str, &str, &str)] = &[];

fn vpcpath(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(args)
        .output()
        .unwrap()
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("plan.json").is_file())
        .collect();
    out.sort();
    out
}

fn yaml(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether vpcpath's outcome (`http 403 ForbiddenException`, `unknown`, none) is the
/// expectation's (`http 403`, `unknown`).
fn same_outcome(expected: &str, got: Option<&str>) -> bool {
    let got = got.unwrap_or("unknown");
    let words: Vec<&str> = got.split_whitespace().collect();
    let want: Vec<&str> = expected.split_whitespace().collect();
    words.len() >= want.len() && words[..want.len()] == want[..]
}

/// Whether vpcpath's change is the expectation's `changed:` (true, false or unknown).
fn same_change(expected: &serde_json::Value, got: &str) -> bool {
    match expected {
        serde_json::Value::Bool(true) => matches!(got, "changed" | "added" | "removed"),
        serde_json::Value::Bool(false) => got == "unchanged",
        serde_json::Value::String(s) if s == "unknown" => got == "unknown",
        _ => false,
    }
}

fn review_of(dir: &Path, requests: bool) -> review::Review {
    let plan = dir.join("plan.json");
    let req = dir.join("requests.yaml");
    review::review(&Options {
        plan: &plan,
        requests: requests.then_some(req.as_path()),
        network: None,
    })
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn answer<'r>(r: &'r review::Review, name: &str) -> &'r Answer {
    r.requests
        .iter()
        .find(|a| a.request == name)
        .unwrap_or_else(|| panic!("no answer for {name:?}"))
}

#[test]
fn every_refreshed_plan_reviews_as_awss_rules_say() {
    let cases = cases();
    assert!(cases.len() >= 5, "{cases:?}");
    let mut misses = Vec::new();
    for dir in &cases {
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let r = review_of(dir, true);
        let expected = yaml(&dir.join("expected.yaml"));
        let wanted = expected["requests"].as_array().unwrap();
        assert_eq!(
            r.requests.len(),
            wanted.len(),
            "{case}: one answer per request"
        );
        for w in wanted {
            let name = w["name"].as_str().unwrap();
            let a = answer(&r, name);
            let (before, after) = (w["before"].as_str().unwrap(), w["after"].as_str().unwrap());
            let right = same_outcome(before, a.before.as_deref())
                && same_outcome(after, a.after.as_deref())
                && same_change(&w["changed"], a.change);
            let known = KNOWN_DIVERGENCES
                .iter()
                .find(|(c, n, _)| *c == case && *n == name);
            match (right, known) {
                (true, None) => {}
                (true, Some(_)) => misses.push(format!(
                    "{case}: {name:?} is now right: remove it from KNOWN_DIVERGENCES"
                )),
                (false, Some((_, _, change))) if a.change == *change => {}
                _ => misses.push(format!(
                    "{case}: {name:?}: expected {before} -> {after} (changed: {}), got {:?} -> {:?} ({})",
                    w["changed"], a.before, a.after, a.change
                )),
            }
            // An unknown side is never counted unchanged.
            if a.before.as_deref() == Some("unknown") || a.after.as_deref() == Some("unknown") {
                assert_eq!(a.change, "unknown", "{case}: {name}");
                assert!(
                    r.unknown.iter().any(|u| u.request == name),
                    "{case}: {name}"
                );
            }
        }
        // Exactly the changes named: no other request is reported changed.
        let changed = r
            .diff
            .changes
            .iter()
            .filter(|c| {
                !KNOWN_DIVERGENCES
                    .iter()
                    .any(|(k, n, _)| *k == case && *n == c.request)
            })
            .count();
        let named = wanted
            .iter()
            .filter(|w| w["changed"] == serde_json::Value::Bool(true))
            .count();
        assert_eq!(changed, named, "{case}: changes {:?}", r.diff.changes);
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn every_refreshed_plan_reviews_in_every_format_exit_0_or_1() {
    for dir in cases() {
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let plan = dir.join("plan.json").display().to_string();
        let requests = dir.join("requests.yaml").display().to_string();
        for format in ["text", "markdown", "json"] {
            let o = vpcpath(&["review", &plan, "--requests", &requests, "--format", format]);
            let code = o.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "{case} {format}: exit {code:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            insta::assert_snapshot!(
                format!("refreshed_{case}_{format}"),
                String::from_utf8_lossy(&o.stdout)
            );
        }
    }
}

#[test]
fn every_refreshed_plan_reviews_with_the_default_requests() {
    for dir in cases() {
        let plan = dir.join("plan.json").display().to_string();
        let o = vpcpath(&["review", &plan, "--format", "json"]);
        let code = o.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{}: exit {code:?}: {}",
            dir.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(
            !v["requests"].as_array().unwrap().is_empty(),
            "{}",
            dir.display()
        );
    }
}

/// A copy of a case's plan without the resources `drop` names, in both sides.
fn without(case: &str, drop: &[&str]) -> PathBuf {
    let path = Path::new(CORPUS).join(case).join("plan.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for side in [
        "/planned_values/root_module",
        "/prior_state/values/root_module",
    ] {
        let list = v
            .pointer_mut(&format!("{side}/resources"))
            .and_then(|r| r.as_array_mut())
            .unwrap();
        list.retain(|r| !drop.contains(&r["address"].as_str().unwrap_or("")));
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-unseen");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{case}.json"));
    std::fs::write(&out, serde_json::to_string(&v).unwrap()).unwrap();
    out
}

#[test]
fn a_plan_without_its_vpc_never_says_unchanged_for_what_it_cannot_see() {
    // The transit gateway's spokes with spoke b's VPC not in the plan (another stack's):
    // everything of b is left out, and every request to or through it is unknown.
    let plan = without("tgw-spokes", &["aws_vpc.spoke[\"b\"]"]);
    let req = Path::new(CORPUS).join("tgw-spokes/requests.yaml");
    let r = review::review(&Options {
        plan: &plan,
        requests: Some(&req),
        network: None,
    })
    .unwrap();
    for name in [
        "spoke a to spoke b on 8080",
        "spoke b to spoke a on 8080",
        "spoke a to spoke b on 22",
    ] {
        assert_eq!(
            answer(&r, name).change,
            "unknown",
            "{name}: {:?}",
            r.requests
        );
    }
    assert!(r.found(review::FailOn::Change));
    // Peered VPC removed from the routes plan: the peering and the database are unseen.
    let plan = without("separate-routes", &["aws_vpc.data"]);
    let req = Path::new(CORPUS).join("separate-routes/requests.yaml");
    let r = review::review(&Options {
        plan: &plan,
        requests: Some(&req),
        network: None,
    })
    .unwrap();
    for name in [
        "web connects to the database across the peering",
        "worker connects to the database across the peering",
    ] {
        assert_eq!(
            answer(&r, name).change,
            "unknown",
            "{name}: {:?}",
            r.requests
        );
    }
    assert!(
        r.notes.iter().any(|n| n.contains("not in the file")),
        "{:?}",
        r.notes
    );
    // The binary exits 1 on it, never 0.
    let o = vpcpath(&[
        "review",
        &plan.display().to_string(),
        "--requests",
        &req.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_network_supplies_what_the_plan_cannot_see() {
    // The network team's VPC, as an import of the account would write it: its main route
    // table sends 0.0.0.0/0 to the internet gateway; the legacy service admits 8080 only from
    // its own subnet.
    let network = r#"
scenario: the network team's VPC
region: us-east-1
vpcs:
  - id: vpc-fb0993325251f47bb
    cidrs: [10.50.0.0/16]
    dns_hostnames: true
    internet_gateway: igw-f24a97abce6684291
    subnets:
      - { id: subnet-legacy, cidr: 10.50.1.0/24, az: us-east-1a }
    route_tables:
      - id: rtb-7c934f9c2be91fb23
        main: true
        routes:
          - { destination: 0.0.0.0/0, target: igw-f24a97abce6684291 }
    security_groups:
      - id: sg-legacy
        ingress:
          - { protocol: tcp, ports: 8080, cidr: 10.50.1.0/24 }
    instances:
      - { id: i-legacy, subnet: subnet-legacy, private_ip: 10.50.1.4, security_groups: [sg-legacy] }
requests: []
"#;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-network");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("network.yaml");
    std::fs::write(&file, network).unwrap();
    let case = Path::new(CORPUS).join("vpc-from-data-source");
    let (plan, req) = (case.join("plan.json"), case.join("requests.yaml"));
    let r = review::review(&Options {
        plan: &plan,
        requests: Some(&req),
        network: Some(&file),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(r.unknown.is_empty(), "{:?}", r.unknown);
    let sts = answer(&r, "app 0 calls STS");
    assert_eq!(
        (sts.before.as_deref(), sts.after.as_deref()),
        (Some("http 200"), Some("http 200")),
        "{:?}",
        r.requests
    );
    let legacy = answer(&r, "app 0 connects to the legacy service on 8080");
    assert_eq!(
        (legacy.before.as_deref(), legacy.after.as_deref()),
        (Some("timeout"), Some("timeout"))
    );
    // A network file that cannot be read is bad input, named.
    let o = vpcpath(&[
        "review",
        &plan.display().to_string(),
        "--network",
        "no/such/network.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/network.yaml"));
}

#[test]
fn the_ci_comment_is_never_blank_and_says_why_on_exit_2() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-comment");
    std::fs::create_dir_all(&dir).unwrap();
    let comment = |status: i32, md: &Path, err: &Path| -> String {
        let o = Command::new("bash")
            .arg("scripts/review-comment.sh")
            .arg(status.to_string())
            .arg(md)
            .arg(err)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // Exit 2, as the workflow runs it: a plan that is not one, review.md empty.
    let bad = dir.join("state.json");
    std::fs::write(&bad, r#"{"format_version": "1.2", "values": {}}"#).unwrap();
    let o = vpcpath(&["review", &bad.display().to_string(), "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let (md, err) = (dir.join("review.md"), dir.join("stderr.txt"));
    std::fs::write(&md, &o.stdout).unwrap();
    std::fs::write(&err, &o.stderr).unwrap();
    let body = comment(2, &md, &err);
    assert!(body.starts_with("<!-- vpcpath-review -->"), "{body}");
    assert!(body.contains("expected a plan"), "{body}");
    assert!(
        body.lines().filter(|l| !l.trim().is_empty()).count() > 2,
        "{body}"
    );
    // Exit 1 on a real plan: the review and its notes are in the comment.
    let case = Path::new(CORPUS).join("tf-aws-modules-vpc");
    let o = vpcpath(&[
        "review",
        &case.join("plan.json").display().to_string(),
        "--requests",
        &case.join("requests.yaml").display().to_string(),
        "--format",
        "markdown",
    ]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(&md, &o.stdout).unwrap();
    std::fs::write(&err, &o.stderr).unwrap();
    let body = comment(1, &md, &err);
    assert!(body.contains("http 403 ForbiddenException"), "{body}");
    assert!(body.contains("What vpcpath noted about the plan"), "{body}");
}
