//! `vpcpath import terraform` and `vpcpath review`: checkov's real plans and plans written with
//! Terraform itself become scenarios vpcpath accepts, with what is not modelled said; a plan
//! that adds an execute-api endpoint with private DNS is reviewed as breaking the public-API
//! calls; bad input is an error naming where, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vpcpath::import::terraform;

const WRITTEN: &str = "tests/fixtures/terraform-written";
const ENDPOINT: &str = "tests/fixtures/terraform-written/execute-api-endpoint";

fn vpcpath(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcpath"))
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The Terraform JSON files of the written and third-party fixtures, sorted.
fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["tests/fixtures/terraform", WRITTEN]
        .iter()
        .flat_map(|d| crate::import_accounts::json_files(std::path::Path::new(d)))
        .collect();
    files.sort();
    files
}

#[test]
fn every_fixture_imports_to_a_scenario_vpcpath_accepts_the_same_twice() {
    let files = fixtures();
    assert!(files.len() >= 6, "{files:?}");
    for f in files {
        let a = terraform::import(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let b = terraform::import(&f).unwrap();
        assert_eq!(a.yaml, b.yaml, "{}: not deterministic", f.display());
        vpcpath::load::load_str(&f.with_extension("yaml"), &a.yaml)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for n in a
            .notes
            .iter()
            .filter(|n| !n.starts_with("vpcpath check warns"))
        {
            assert!(a.yaml.contains(n.as_str()), "{}: {n}", f.display());
        }
    }
}

#[test]
fn every_resource_type_not_modelled_is_reported() {
    let a = terraform::import(Path::new(
        "tests/fixtures/terraform/checkov-terragoat-tfplan.json",
    ))
    .unwrap();
    for kind in [
        "aws_s3_bucket",
        "aws_db_instance",
        "aws_eks_cluster",
        "aws_lambda_function",
    ] {
        // Lambda functions are modelled; TerraGoat's has no VPC, so it is one outside any.
        if kind == "aws_lambda_function" {
            assert!(!a.notes.iter().any(|n| n.contains(kind)), "{:?}", a.notes);
            continue;
        }
        assert!(
            a.notes
                .iter()
                .any(|n| n.starts_with(&format!("not modelled: {kind} (left out)"))),
            "{kind}: {:?}",
            a.notes
        );
    }
    // The two VPCs, their subnets, the route table and the groups made it.
    for id in [
        "aws_vpc.web_vpc",
        "aws_subnet.web_subnet2",
        "aws_route_table.web_rtb",
        "aws_security_group.web-node",
    ] {
        assert!(a.yaml.contains(id), "{id}");
    }
}

#[test]
fn a_new_network_in_a_module_is_linked_through_the_configuration() {
    let a = terraform::import(&Path::new(ENDPOINT).join("plan-new-network.json")).unwrap();
    insta::assert_snapshot!("terraform_plan_new_network", a.yaml);
}

#[test]
fn an_applied_state_keeps_aws_ids() {
    let a = terraform::import(&Path::new(ENDPOINT).join("state.json")).unwrap();
    insta::assert_snapshot!("terraform_state", a.yaml);
}

#[test]
fn transit_gateways_peerings_apis_and_zones_of_a_plan() {
    let a = terraform::import(&Path::new(WRITTEN).join("enterprise/plan.json")).unwrap();
    insta::assert_snapshot!("terraform_plan_enterprise", a.yaml);
}

#[test]
fn review_reports_the_public_api_calls_the_endpoint_breaks() {
    let plan = format!("{ENDPOINT}/plan-add-endpoint.json");
    let o = vpcpath(&["review", &plan]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("2 requests ("), "{out}");
    assert!(
        out.contains("http 200 -> http 403 ForbiddenException"),
        "{out}"
    );
    assert!(
        out.contains("aws_vpc_endpoint.execute_api-0 private DNS"),
        "{out}"
    );
    insta::assert_snapshot!("review_add_endpoint", out);
    // Markdown, for a pull-request comment.
    let o = vpcpath(&["review", &plan, "--format", "markdown"]);
    insta::assert_snapshot!("review_add_endpoint_markdown", text(&o.stdout));
}

#[test]
fn review_runs_the_users_requests_and_their_expectations() {
    let plan = format!("{ENDPOINT}/plan-add-endpoint.json");
    let requests = format!("{ENDPOINT}/requests.yaml");
    let o = vpcpath(&["review", &plan, "--requests", &requests]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains(
            "expectation fails after the plan: \"app 0 calls the orders API\": expected status 200"
        ),
        "{out}"
    );
    // --fail-on expectation: 1 when an expectation fails after the plan...
    let o = vpcpath(&[
        "review",
        &plan,
        "--requests",
        &requests,
        "--fail-on",
        "expectation",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    // ... and 0 when the requests change but every expectation holds after the plan (the
    // same requests expecting the 403 the endpoint brings), where --fail-on changes says 1.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-fail-on");
    std::fs::create_dir_all(&dir).unwrap();
    let holding = dir.join("requests.yaml");
    let written = std::fs::read_to_string(&requests)
        .unwrap()
        .replace("status: 200", "status: 403");
    assert_ne!(written, std::fs::read_to_string(&requests).unwrap());
    std::fs::write(&holding, written).unwrap();
    let holding = holding.display().to_string();
    let o = vpcpath(&[
        "review",
        &plan,
        "--requests",
        &holding,
        "--fail-on",
        "expectation",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("2 changed"), "{}", text(&o.stdout));
    let o = vpcpath(&["review", &plan, "--requests", &holding]);
    assert_eq!(o.status.code(), Some(1));
    let o = vpcpath(&[
        "review",
        &plan,
        "--requests",
        &requests,
        "--fail-on",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(0));
    // JSON carries the broken expectations beside the changes.
    let o = vpcpath(&["review", &plan, "--requests", &requests, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["broken_expectations"].as_array().unwrap().len(), 2);
    assert_eq!(v["groups"][0]["requests"].as_array().unwrap().len(), 2);
}

#[test]
fn a_plan_that_changes_nothing_reviewed_exits_0() {
    // A plan against an empty state: nothing existed before, so no client is on both sides
    // but the internet; its calls to the new APIs are added, none changed.
    let o = vpcpath(&[
        "review",
        &format!("{WRITTEN}/enterprise/plan.json"),
        "--fail-on",
        "expectation",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn bad_input_is_an_error_naming_where_never_a_panic() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-bad");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cases: &[(&str, &str, &str)] = &[
        ("not-json.json", "{ nope", "line 1"),
        ("no-format.json", "{\"values\": {}}", "format_version"),
        ("a-list.json", "[1, 2]", "format_version"),
        (
            "odd-shapes.json",
            r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":5,"child_modules":"x"}},"configuration":7}"#,
            "at planned_values.root_module.resources: expected a list",
        ),
        (
            "no-type.json",
            r#"{"format_version":"0.1","values":{"root_module":{"child_modules":[{"resources":[{"mode":"managed","address":"aws_vpc.a","name":"a"}]}]}}}"#,
            "at values.root_module.child_modules[0].resources[0].type: expected a string",
        ),
        (
            "odd-values.json",
            r#"{"format_version":"1.2","values":{"root_module":{"resources":[{"mode":"managed","type":"aws_vpc","name":"a","address":"aws_vpc.a","values":{"cidr_block":12}},{"mode":"managed","type":"aws_subnet","name":"s","address":"aws_subnet.s","values":{"vpc_id":[],"cidr_block":"nope"}}]}}}"#,
            "",
        ),
    ];
    for (name, body, says) in cases {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        let o = vpcpath(&["import", "terraform", p.to_str().unwrap()]);
        let err = text(&o.stderr);
        assert!(!err.contains("panicked"), "{name}: {err}");
        if says.is_empty() {
            assert!(
                o.status.code() == Some(0) || o.status.code() == Some(2),
                "{name}: {err}"
            );
        } else {
            assert_eq!(o.status.code(), Some(2), "{name}");
            assert!(err.contains(name) && err.contains(says), "{name}: {err}");
        }
    }
    // Requests that do not load: the error says which scenario its lines are of.
    let bad = dir.join("bad-requests.yaml");
    std::fs::write(
        &bad,
        "requests:\n  - { name: x, from: i-nowhere, url: \"https://sts.us-east-1.amazonaws.com/\" }\n",
    )
    .unwrap();
    let plan = format!("{ENDPOINT}/plan-add-endpoint.json");
    let o = vpcpath(&["review", &plan, "--requests", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    // The error is at its line in the requests file.
    assert!(
        err.contains("i-nowhere") && err.contains("bad-requests.yaml:2:"),
        "{err}"
    );
    // A state is not a plan: review says so.
    let o = vpcpath(&["review", &format!("{ENDPOINT}/state.json")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("expected a plan"),
        "{}",
        text(&o.stderr)
    );
}

/// The worked CI example in docs/terraform.md runs as written against the fixture and prints
/// the comment shown.
#[test]
fn the_worked_ci_example_runs_as_written() {
    let doc = std::fs::read_to_string("docs/terraform.md").unwrap();
    let block = |tag: &str| -> String {
        let start = doc
            .find(&format!("```{tag}\n"))
            .unwrap_or_else(|| panic!("{tag}"))
            + tag.len()
            + 4;
        doc[start..start + doc[start..].find("```").unwrap()].to_string()
    };
    let command = block("console review-example");
    let args: Vec<&str> = command
        .trim()
        .strip_prefix("$ vpcpath ")
        .expect("a vpcpath command")
        .split_whitespace()
        .collect();
    let o = vpcpath(&args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        block("markdown review-comment"),
        "docs/terraform.md's comment differs"
    );
}

/// Security group rules that name groups: `self`, another group inline, a separate rule's
/// `self`; and inline rules a plan does not know yet are said, not dropped silently.
#[test]
fn group_references_and_unknown_inline_rules() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-groups");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let rule = |extra: &str| {
        format!(
            r#"{{"protocol":"tcp","from_port":443,"to_port":443,"cidr_blocks":[],"security_groups":[]{extra}}}"#
        )
    };
    let state = format!(
        r#"{{"format_version":"1.0","values":{{"root_module":{{"resources":[
        {{"mode":"managed","type":"aws_vpc","name":"v","address":"aws_vpc.v","values":{{"id":"vpc-1","cidr_block":"10.0.0.0/16"}}}},
        {{"mode":"managed","type":"aws_security_group","name":"a","address":"aws_security_group.a","values":{{"id":"sg-a","vpc_id":"vpc-1","ingress":[{}],"egress":[]}}}},
        {{"mode":"managed","type":"aws_security_group","name":"b","address":"aws_security_group.b","values":{{"id":"sg-b","vpc_id":"vpc-1","ingress":[{}],"egress":[]}}}},
        {{"mode":"managed","type":"aws_security_group_rule","name":"r","address":"aws_security_group_rule.r","values":{{"type":"ingress","security_group_id":"sg-b","self":true,"protocol":"tcp","from_port":22,"to_port":22}}}}
        ]}}}}}}"#,
        rule(r#","self":true"#),
        rule("").replace(r#""security_groups":[]"#, r#""security_groups":["sg-a"]"#),
    );
    let f = dir.join("state.json");
    std::fs::write(&f, state).unwrap();
    let a = terraform::import(&f).unwrap();
    // What each group's rules became: (protocol, port, group) in order.
    let rules = |id: &str| -> Vec<(String, String, String)> {
        let g = a.scenario.vpcs[0]
            .security_groups
            .iter()
            .find(|g| g.id.value == id)
            .unwrap_or_else(|| panic!("{id}: {}", a.yaml));
        g.ingress
            .iter()
            .map(|r| {
                let r = &r.value;
                (
                    r.protocol.value.clone(),
                    format!("{:?}", r.ports.as_ref().map(|p| &p.value)),
                    r.security_group
                        .as_ref()
                        .map(|g| g.value.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    };
    let rule = |p: &str, port: &str, g: &str| (p.to_string(), port.to_string(), g.to_string());
    assert_eq!(rules("sg-a"), [rule("tcp", "Some(One(443))", "sg-a")]);
    assert_eq!(
        rules("sg-b"),
        [
            rule("tcp", "Some(One(443))", "sg-a"),
            rule("tcp", "Some(One(22))", "sg-b")
        ]
    );
    // A plan whose group's inline rules are unknown (a set holding an unknown value).
    let plan = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
        {"mode":"managed","type":"aws_vpc","name":"v","address":"aws_vpc.v","values":{"cidr_block":"10.0.0.0/16"}},
        {"mode":"managed","type":"aws_security_group","name":"a","address":"aws_security_group.a","values":{"egress":[]}}]}},
        "configuration":{"root_module":{"resources":[
        {"address":"aws_vpc.v","mode":"managed","type":"aws_vpc","name":"v","expressions":{}},
        {"address":"aws_security_group.a","mode":"managed","type":"aws_security_group","name":"a","expressions":{"vpc_id":{"references":["aws_vpc.v.id","aws_vpc.v"]},"ingress":{"references":["aws_vpc.v"]}}}]}}}"#;
    let f = dir.join("plan.json");
    std::fs::write(&f, plan).unwrap();
    let a = terraform::import(&f).unwrap();
    assert!(
        a.notes.iter().any(|n| n.starts_with("left out: its ingress rules are unknown until apply (a set with an unknown value): aws_security_group.a")),
        "{:?}",
        a.notes
    );
}

/// Separate routes and associations find their table by id among many (an index, not a scan
/// of every table per route): each route lands in its own table, the main association marks
/// its table, and each subnet takes the table its association names.
#[test]
fn routes_and_associations_find_their_tables_among_many() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-routes");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let n = 50;
    let mut resources = vec![
        r#"{"mode":"managed","type":"aws_vpc","name":"v","address":"aws_vpc.v","values":{"id":"vpc-1","cidr_block":"10.0.0.0/16"}}"#.to_string(),
        r#"{"mode":"managed","type":"aws_internet_gateway","name":"g","address":"aws_internet_gateway.g","values":{"id":"igw-1","vpc_id":"vpc-1"}}"#.to_string(),
    ];
    for i in 0..n {
        resources.push(format!(
            r#"{{"mode":"managed","type":"aws_route_table","name":"t{i}","address":"aws_route_table.t{i}","values":{{"id":"rtb-{i}","vpc_id":"vpc-1","route":[]}}}}"#
        ));
        resources.push(format!(
            r#"{{"mode":"managed","type":"aws_subnet","name":"s{i}","address":"aws_subnet.s{i}","values":{{"id":"subnet-{i}","vpc_id":"vpc-1","cidr_block":"10.0.{i}.0/24"}}}}"#
        ));
        // Table i routes 10.(100+i).0.0/16, and subnet i is associated with table n-1-i.
        resources.push(format!(
            r#"{{"mode":"managed","type":"aws_route","name":"r{i}","address":"aws_route.r{i}","values":{{"route_table_id":"rtb-{i}","destination_cidr_block":"10.{}.0.0/16","gateway_id":"igw-1"}}}}"#,
            100 + i
        ));
        resources.push(format!(
            r#"{{"mode":"managed","type":"aws_route_table_association","name":"a{i}","address":"aws_route_table_association.a{i}","values":{{"route_table_id":"rtb-{}","subnet_id":"subnet-{i}"}}}}"#,
            n - 1 - i
        ));
    }
    resources.push(r#"{"mode":"managed","type":"aws_main_route_table_association","name":"m","address":"aws_main_route_table_association.m","values":{"route_table_id":"rtb-7","vpc_id":"vpc-1"}}"#.to_string());
    let state = format!(
        r#"{{"format_version":"1.0","values":{{"root_module":{{"resources":[{}]}}}}}}"#,
        resources.join(",\n")
    );
    let f = dir.join("state.json");
    std::fs::write(&f, state).unwrap();
    let a = terraform::import(&f).unwrap();
    let vpc = &a.scenario.vpcs[0];
    assert_eq!(vpc.route_tables.len(), n, "{}", a.yaml);
    for (i, t) in vpc.route_tables.iter().enumerate() {
        assert_eq!(t.id.value, format!("rtb-{i}"));
        let routes: Vec<(String, String)> = t
            .routes
            .iter()
            .map(|r| (r.destination.value.to_string(), r.target.value.to_string()))
            .collect();
        assert_eq!(
            routes,
            [(format!("10.{}.0.0/16", 100 + i), "igw-1".to_string())],
            "rtb-{i}"
        );
        assert_eq!(t.main, i == 7, "rtb-{i}");
    }
    for (i, s) in vpc.subnets.iter().enumerate() {
        assert_eq!(
            s.route_table.as_ref().map(|t| t.value.as_str()),
            Some(format!("rtb-{}", n - 1 - i).as_str()),
            "subnet-{i}"
        );
    }
}
