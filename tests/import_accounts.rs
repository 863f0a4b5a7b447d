//! What each resource of an import's input became, for every fixture of both importers: no
//! resource is lost silently (each is carried by a part of the scenario or named by a note),
//! and the accounting is a snapshot per fixture, so a change in what an import produces shows
//! in review.
//!
//! The resources are found here by walking the input's JSON, not by the importer's own code:
//! every item of every top-level list of an AWS dump (an instance under its reservation), and
//! every resource address of a Terraform file's values or planned values and resource
//! changes. A resource the importer forgets is one this finds and the accounting lacks.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vpcpath::import::{Account, Became, Imported, aws, terraform};

/// Every `*.json` file under `dir`, sorted (the Terraform tests' fixtures are found with it).
pub(crate) fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The Terraform files: every state and plan of the fixtures.
fn terraform_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = [
        "tests/fixtures/terraform",
        "tests/fixtures/terraform-written",
        "tests/fixtures/terraform-refreshed",
    ]
    .iter()
    .flat_map(|d| json_files(Path::new(d)))
    .collect();
    files.sort();
    files
}

/// A resource of the input: where it is, and the string values of its own fields (one of
/// which names it).
struct Found {
    at: String,
    names: Vec<String>,
}

/// Every resource of an AWS dump: each item of each top-level list of each file, or, for
/// `describe-instances`, each instance of each reservation.
fn aws_resources(dir: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    for file in json_files(dir) {
        let rel = file.strip_prefix(dir).unwrap().display().to_string();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for (key, list) in v.as_object().unwrap() {
            let Some(items) = list.as_array() else {
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let mut each = vec![(format!("{rel} at {key}[{i}]"), item)];
                if key == "Reservations" {
                    each = item["Instances"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .enumerate()
                        .map(|(j, x)| (format!("{rel} at {key}[{i}].Instances[{j}]"), x))
                        .collect();
                }
                for (at, x) in each {
                    let names = x
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter_map(|(_, v)| v.as_str().map(str::to_string))
                        .collect();
                    out.push(Found { at, names });
                }
            }
        }
    }
    out
}

/// Every resource address of a Terraform file: its values' (a state) or planned values' (a
/// plan) in every module, and its resource changes'.
fn terraform_addresses(file: &Path) -> Vec<String> {
    fn walk(module: &Value, out: &mut Vec<String>) {
        for r in module["resources"].as_array().into_iter().flatten() {
            out.push(r["address"].as_str().unwrap().to_string());
        }
        for m in module["child_modules"].as_array().into_iter().flatten() {
            walk(m, out);
        }
    }
    let v: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let mut out = Vec::new();
    let root = if v.get("planned_values").is_some() {
        &v["planned_values"]
    } else {
        &v["values"]
    };
    walk(&root["root_module"], &mut out);
    for c in v["resource_changes"].as_array().into_iter().flatten() {
        out.push(c["address"].as_str().unwrap().to_string());
    }
    out.sort();
    out.dedup();
    out
}

/// What is wrong with an import's accounting on its own: a resource credited with nothing, or
/// said to be the same as a listing that is not itself imported.
fn unaccounted(a: &Imported) -> Vec<String> {
    let by_at: BTreeMap<&str, &Account> = a.accounts.iter().map(|x| (x.at.as_str(), x)).collect();
    let mut wrong = Vec::new();
    for x in &a.accounts {
        if x.became.is_empty() {
            wrong.push(format!("lost silently: {} ({})", x.resource, x.at));
        }
        for b in &x.became {
            if let Became::Same { at } = b {
                let first = by_at.get(at.as_str());
                let imported = first.is_some_and(|f| {
                    !f.became.is_empty()
                        && !f.became.iter().any(|b| matches!(b, Became::Same { .. }))
                });
                if !imported {
                    wrong.push(format!(
                        "{} ({}) is said to be the same as {at}, which is not accounted for",
                        x.resource, x.at
                    ));
                }
            }
        }
    }
    wrong
}

/// The accounting as a reviewer reads it: each resource, where it is, and what it became.
fn written(a: &Imported, strip: &str) -> String {
    let mut text = String::new();
    for x in &a.accounts {
        let at = x.at.strip_prefix(strip).unwrap_or(&x.at);
        writeln!(text, "{} ({at})", x.resource).unwrap();
        for b in &x.became {
            write!(text, "    {b}").unwrap();
            // Where a note puts what it names, when that is not the resource itself.
            if let Became::Noted { note } = b
                && let Some(place) = note.at.as_deref().filter(|p| *p != x.at)
            {
                let place = place
                    .strip_prefix(x.at.as_str())
                    .filter(|rest| rest.starts_with(['.', '[']))
                    .unwrap_or(place);
                write!(text, " [at {}]", place.strip_prefix(strip).unwrap_or(place)).unwrap();
            }
            writeln!(text).unwrap();
        }
    }
    text
}

/// A snapshot's name for a fixture path.
fn name(prefix: &str, path: &Path, root: &str) -> String {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    format!("{prefix}_{}", rel.replace(['/', '.'], "_"))
}

#[test]
fn every_resource_of_every_aws_dump_is_imported_or_named_by_a_note() {
    let dirs = crate::import::fixtures();
    assert!(dirs.len() >= 20, "{dirs:?}");
    let mut wrong = Vec::new();
    for dir in &dirs {
        let a = aws::import(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let by_at: BTreeMap<&str, &Account> =
            a.accounts.iter().map(|x| (x.at.as_str(), x)).collect();
        let found = aws_resources(dir);
        assert!(!found.is_empty(), "{}", dir.display());
        for f in &found {
            match by_at.get(f.at.as_str()) {
                None => wrong.push(format!("{}: not accounted for: {}", dir.display(), f.at)),
                Some(x) if x.resource != f.at && !f.names.contains(&x.resource) => {
                    wrong.push(format!(
                        "{}: {} is named {}, none of its values",
                        dir.display(),
                        f.at,
                        x.resource
                    ))
                }
                Some(_) => {}
            }
        }
        wrong.extend(
            unaccounted(&a)
                .into_iter()
                .map(|w| format!("{}: {w}", dir.display())),
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_resource_of_every_terraform_file_is_imported_or_named_by_a_note() {
    let files = terraform_fixtures();
    assert!(files.len() >= 16, "{files:?}");
    let mut wrong = Vec::new();
    for file in &files {
        let a = terraform::import(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let addresses = terraform_addresses(file);
        assert!(!addresses.is_empty(), "{}", file.display());
        for address in &addresses {
            if !a.accounts.iter().any(|x| &x.resource == address) {
                wrong.push(format!("{}: not accounted for: {address}", file.display()));
            }
        }
        wrong.extend(
            unaccounted(&a)
                .into_iter()
                .map(|w| format!("{}: {w}", file.display())),
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn what_each_resource_became_per_fixture() {
    for dir in crate::import::fixtures() {
        let a = aws::import(&dir).unwrap();
        insta::assert_snapshot!(
            name("accounts_aws", &dir, "tests/fixtures"),
            written(&a, "")
        );
    }
    for file in terraform_fixtures() {
        let a = terraform::import(&file).unwrap();
        let strip = format!("{} at ", file.display());
        insta::assert_snapshot!(
            name("accounts_terraform", &file, "tests/fixtures"),
            written(&a, &strip)
        );
    }
}

#[test]
fn a_resource_the_importer_does_not_read_is_named_by_the_note_that_counts_its_kind() {
    let a = aws::import(Path::new("tests/fixtures/aws-cli/test-load-balancer")).unwrap();
    let services = a
        .accounts
        .iter()
        .find(|x| {
            x.at.ends_with("VpcEndpointServices.json at ServiceDetails[0]")
        })
        .unwrap();
    assert!(
        services.became.iter().any(
            |b| matches!(b, Became::Noted { note } if note.message == "64 ServiceDetails (left out)")
        ),
        "{services:?}"
    );
    // The load balancer itself is imported (F6.36).
    let lb = a
        .accounts
        .iter()
        .find(|x| x.at.ends_with("LoadBalancers.json at LoadBalancers[0]"))
        .unwrap();
    assert!(
        lb.became.iter().any(
            |b| matches!(b, Became::Component { kind: "load_balancer", id } if id == "test-lb")
        ),
        "{lb:?}"
    );
}
