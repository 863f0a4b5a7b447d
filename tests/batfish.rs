//! Batfish's flow assertions over its AWS snapshots, as vpcpath requests over `vpcpath import aws`
//! (tests/fixtures/batfish/assertions.md says where each comes from). Each snapshot of
//! tests/fixtures/aws-cli is imported by the library, its requests file is run against the
//! network written, and every expectation (Batfish's, mapped to vpcpath's outcomes) must hold —
//! except the documented divergences below, each of which must still diverge.

use std::path::{Path, PathBuf};

/// A request vpcpath answers differently from Batfish's assertion, with why and the AWS page
/// that decides. The test fails if the request stops diverging, so the list stays true.
struct Divergence {
    snapshot: &'static str,
    request: &'static str,
    /// Which side AWS's page proves wrong.
    wrong: Side,
    why: &'static str,
    page: &'static str,
}

/// Which side of a divergence AWS's documentation says is wrong.
#[derive(Debug, PartialEq)]
enum Side {
    /// vpcpath does not yet model what AWS documents (a gap to close, not a rule to keep).
    Vpcpath,
    /// Batfish models something AWS does not document (none so far: the requests files already
    /// expect AWS's answer where the two differ, see assertions.md).
    #[allow(dead_code)]
    Batfish,
}

/// Where vpcpath's answer and the expectation (Batfish's assertion, mapped to vpcpath's
/// outcomes) differ. Each names the AWS page that decides; none is settled by editing the
/// expectation.
const DIVERGENCES: &[Divergence] = &[
    Divergence {
        snapshot: "test-direct-connect-gateway",
        request: "testFromInstanceToOnPrem (Batfish's exact IP-protocol-0 flow)",
        wrong: Side::Vpcpath,
        why: "a transit virtual interface carries the prefixes its on-prem router announces over BGP \
              to the associated transit gateway; the dump does not hold the announcements, so the \
              import leaves the interface and its site out and the transit gateway has no route \
              to 10.10.0.1",
        page: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html",
    },
    Divergence {
        snapshot: "test-direct-connect-private-vif",
        request: "testInstanceToOnPremPrefersHighDxCommunity (Batfish's exact IP-protocol-0 flow)",
        wrong: Side::Vpcpath,
        why: "a private virtual interface to a virtual private gateway carries the prefixes its \
              on-prem router announces over BGP; the dump does not hold the announcements, so the \
              import leaves the interfaces and their sites out and vgw-priv01 has no site with \
              10.20.0.1",
        page: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html",
    },
];

/// One request's result: snapshot, name, and what did not hold (empty if all held).
struct Verdict {
    snapshot: String,
    request: String,
    misses: Vec<String>,
}

/// Imports `snapshot` into a scratch folder, points its requests file at the network written
/// and runs it.
fn run(snapshot: &str, requests: &Path) -> Vec<Verdict> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("batfish-imports")
        .join(snapshot);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let imported =
        vpcpath::import::aws::import(&Path::new("tests/fixtures/aws-cli").join(snapshot))
            .unwrap_or_else(|e| panic!("{snapshot}: {e}"));
    std::fs::write(dir.join("network.yaml"), &imported.yaml).unwrap();
    let text = std::fs::read_to_string(requests).unwrap();
    let placeholder = format!("network: ../../../../target/batfish-imports/{snapshot}.yaml");
    assert!(
        text.contains(&placeholder),
        "{}: {placeholder}",
        requests.display()
    );
    let text = text.replace(&placeholder, "network: network.yaml");
    let path = dir.join("requests.yaml");
    std::fs::write(&path, &text).unwrap();
    let net = vpcpath::load::load_file(&path).unwrap_or_else(|e| panic!("{snapshot}: {e}"));
    let traces = vpcpath::simulate_all(&net);
    net.requests
        .iter()
        .zip(&traces)
        .map(|(r, t)| Verdict {
            snapshot: snapshot.to_string(),
            request: r.name.clone(),
            misses: vpcpath::check(t, r.expect.as_ref().expect("every request expects")),
        })
        .collect()
}

fn request_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/batfish/requests")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn batfish_assertions_hold_on_the_imported_snapshots_or_diverge_as_documented() {
    let mut verdicts = Vec::new();
    for file in request_files() {
        let snapshot = file.file_stem().unwrap().to_string_lossy().into_owned();
        verdicts.extend(run(&snapshot, &file));
    }
    assert!(verdicts.len() >= 59, "{} requests", verdicts.len());
    let mut wrong = Vec::new();
    for v in &verdicts {
        let documented = DIVERGENCES
            .iter()
            .find(|d| d.snapshot == v.snapshot && d.request == v.request);
        match (documented, v.misses.is_empty()) {
            (None, false) => wrong.push(format!(
                "{} / {}: {}",
                v.snapshot,
                v.request,
                v.misses.join("; ")
            )),
            (Some(d), true) => wrong.push(format!(
                "{} / {}: documented as diverging ({}, {}) but now holds: remove it from DIVERGENCES",
                v.snapshot, v.request, d.why, d.page
            )),
            _ => {}
        }
    }
    for d in DIVERGENCES {
        assert!(
            d.page.starts_with("https://docs.aws.amazon.com/"),
            "{}",
            d.request
        );
        assert!(!d.why.is_empty());
        assert!(
            verdicts
                .iter()
                .any(|v| v.snapshot == d.snapshot && v.request == d.request),
            "no request {} / {}",
            d.snapshot,
            d.request
        );
    }
    let held = verdicts.iter().filter(|v| v.misses.is_empty()).count();
    let gaps = DIVERGENCES
        .iter()
        .filter(|d| d.wrong == Side::Vpcpath)
        .count();
    eprintln!(
        "Batfish's assertions: {held} of {} hold; {} documented divergences ({gaps} where vpcpath lacks what AWS documents)",
        verdicts.len(),
        DIVERGENCES.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
