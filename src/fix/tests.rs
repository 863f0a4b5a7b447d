//! Candidates, one layer at a time: each test breaks one thing in a small network and checks
//! that the fix search proposes the edit that mends it, verified.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::*;

/// A VPC whose instance reaches an AWS service through an internet gateway; each test breaks
/// one part of it by replacing a marked line.
const BASE: &str = r#"
scenario: fix unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    internet_gateway: igw-a
    subnets:
      - { id: subnet-a, cidr: 10.0.0.0/24, route_table: rtb-a, network_acl: acl-a }
    route_tables:
      - { id: rtb-main, main: true }
      - id: rtb-a
        routes: [{ destination: 0.0.0.0/0, target: igw-a }] # ROUTES
    network_acls:
      - id: acl-a
        ingress: [{ rule: 100, action: allow, protocol: tcp, ports: 1024-65535, cidr: 0.0.0.0/0 }] # ACL-IN
        egress: [{ rule: 100, action: allow, protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }]
    security_groups:
      - id: sg-a
        egress: [{ protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }] # SG-OUT
    instances: [{ id: i-a, subnet: subnet-a, public_ip: true, security_groups: [sg-a] }]
requests:
  - { name: sts, from: i-a, url: "https://sts.us-east-1.amazonaws.com/", expect: { status: 200 } }
"#;

/// The base scenario with the line that ends in `# {marker}` replaced by `line`.
fn broken(marker: &str, line: &str) -> String {
    let tag = format!("# {marker}");
    BASE.lines()
        .map(|l| match l.find(&tag) {
            Some(_) => {
                let indent = &l[..l.len() - l.trim_start().len()];
                format!("{indent}{line}")
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn titles(text: &str) -> Vec<String> {
    let all = suggest(Path::new("fix.yaml"), text, None, Want::Expect).unwrap();
    assert_eq!(all.len(), 1, "one failing request");
    for f in &all[0].fixes {
        assert_eq!(
            f.outcome, "http 200",
            "{}: every suggestion is verified",
            f.title
        );
    }
    all[0].fixes.iter().map(|f| f.title.clone()).collect()
}

#[test]
fn the_base_scenario_needs_no_fix() {
    assert!(
        suggest(Path::new("fix.yaml"), BASE, None, Want::Expect)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_missing_route_is_mended_by_a_route_to_the_internet_gateway() {
    let text = broken("ROUTES", "routes: []");
    let t = titles(&text);
    assert!(t.iter().any(|t| t.contains("igw-a")), "{t:?}");
}

#[test]
fn an_acl_that_drops_the_replies_is_mended_by_an_ingress_rule() {
    let text = broken(
        "ACL-IN",
        "ingress: [{ rule: 100, action: allow, protocol: tcp, ports: 22, cidr: 0.0.0.0/0 }]",
    );
    let t = titles(&text);
    assert!(t.iter().any(|t| t.contains("acl-a")), "{t:?}");
}

#[test]
fn a_security_group_without_the_egress_rule_is_mended_by_one() {
    let text = broken(
        "SG-OUT",
        "egress: [{ protocol: tcp, ports: 80, cidr: 0.0.0.0/0 }]",
    );
    let t = titles(&text);
    assert!(t.iter().any(|t| t.contains("sg-a")), "{t:?}");
}

#[test]
fn an_edit_is_written_as_a_person_would_type_it() {
    let v: Value = json!({ "destination": "0.0.0.0/0", "target": "igw-a" });
    // Plain words stay bare; a CIDR is quoted, so it can never be read as something else.
    assert_eq!(flow(&v), r#"{ destination: "0.0.0.0/0", target: igw-a }"#);
}

/// A private API from a VPC without an execute-api endpoint: the endpoint is the fix, with the
/// VPC's DNS attributes private DNS needs.
#[test]
fn a_private_api_without_an_endpoint_is_mended_by_one() {
    let path = Path::new("tests/fixtures/fix-private-api-without-endpoint.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let all = suggest(path, &text, None, Want::Expect).unwrap();
    let fix = all[0]
        .fixes
        .iter()
        .find(|f| f.title.contains("execute-api interface endpoint"))
        .expect("the endpoint is suggested");
    assert_eq!(fix.outcome, "http 200");
    assert!(
        fix.edits.iter().any(|e| e.contains("dns_hostnames: true")),
        "{:?}",
        fix.edits
    );
}

/// A custom domain suggested in a file without zones adds the zone, and says so.
#[test]
fn a_zone_the_file_lacks_is_added_not_edited() {
    let text = std::fs::read_to_string("scenarios/execute-api-private-dns-403.yaml").unwrap();
    let all = suggest(Path::new("x.yaml"), &text, None, Want::Success).unwrap_or_default();
    for f in all.iter().flat_map(|r| &r.fixes) {
        for e in &f.edits {
            assert!(!e.starts_with("dns_zones[example.com]"), "{e}");
        }
    }
}

/// A site that learns no route to a VPC: over Direct Connect with allowed prefixes, the VPC's
/// CIDR added to them (F6.32); over a virtual private gateway whose allowed prefixes filter
/// the VPC out, the same; both verified by re-simulating.
#[test]
fn a_vpc_outside_the_allowed_prefixes_is_mended_by_adding_its_cidr() {
    let text = std::fs::read_to_string("scenarios/direct-connect-allowed-prefixes.yaml").unwrap();
    let all = suggest(Path::new("x.yaml"), &text, None, Want::Success).unwrap();
    let fixes = |name: &str| -> Vec<String> {
        all.iter()
            .find(|r| r.request.contains(name))
            .map(|r| r.fixes.iter().map(|f| f.title.clone()).collect())
            .unwrap_or_default()
    };
    assert!(
        fixes("not in the allowed prefixes is unreachable")
            .contains(&"add 10.1.0.0/16 to the allowed prefixes of tgw-attach-dxgw".to_string()),
        "{all:#?}"
    );
    assert!(
        fixes("narrower than the VPC's CIDR")
            .contains(&"add 10.50.0.0/16 to the allowed prefixes of vgw-legacy".to_string()),
        "{all:#?}"
    );
}

/// A candidate edit is read into the scenario already parsed, part by part: a route added to
/// a table is one VPC read again, a request's URL one request; both give the network the whole
/// edited file gives (the same fixes: `fix::scope`'s tests compare every scenario both ways).
#[test]
fn an_edit_reads_only_the_part_it_changes() {
    let text = broken("ROUTES", "routes: []");
    let path = Path::new("fix.yaml");
    let mut scenario = crate::load::parse(path, &text).unwrap();
    let (base, context) = reuse::validated(path, &text, &mut scenario).unwrap();
    let read = crate::load::parse_value(path, &text).unwrap();
    let mut doc = Doc::new(scenario, read, context);
    let route: Edit = Box::new(|d| {
        push(
            vpc_item(d, "route_tables", "rtb-a")?,
            "routes",
            json!({ "destination": "0.0.0.0/0", "target": "igw-a" }),
        )
    });
    let url: Edit = Box::new(|d| set_url(d, 0, "https://sts.us-west-2.amazonaws.com/"));
    doc.focus(0).unwrap();
    for (edit, part) in [(route, "vpcs 0"), (url, "requests 0")] {
        let (read, before) = doc.values();
        let (read, before) = (read.clone(), before.clone());
        let mut work = read.clone();
        edit(&mut work).unwrap();
        assert_eq!(doc.parts_of(&work), vec![part.to_string()]);
        let (partly, _) = doc.edited(path, &text, &base, (&edit, &[]), false).unwrap();
        let (whole, _) = doc.reload(path, &edit, false).unwrap();
        let (partly, whole) = (partly.unwrap(), whole.unwrap());
        // The requests resolved once are reused (the URL's request resolved again).
        assert!(partly.reused() && !whole.reused());
        let outcome = |n: &Loaded| {
            let r = n.request(&base, 0).unwrap();
            crate::engine::simulate(&n.net, r).outcome.summary()
        };
        assert_eq!(outcome(&partly), outcome(&whole));
        assert_ne!(
            partly.request(&base, 0).unwrap().url.host == base.requests[0].url.host,
            part == "requests 0"
        );
        assert_eq!(
            doc.values(),
            (&read, &before),
            "the working copy is put back"
        );
    }
}

/// An edit that empties the request being fixed changes it (the working copy leaves the other
/// requests out as `null`, but not this one): the edited file, whose request is `null`, does
/// not load, read part by part or whole. (The request of the file as read was verified in its
/// place, as if unchanged.)
#[test]
fn an_edit_that_empties_the_request_being_fixed_changes_it() {
    let text = broken("ROUTES", "routes: []");
    let path = Path::new("fix.yaml");
    let mut scenario = crate::load::parse(path, &text).unwrap();
    let (base, context) = reuse::validated(path, &text, &mut scenario).unwrap();
    let read = crate::load::parse_value(path, &text).unwrap();
    let mut doc = Doc::new(scenario, read, context);
    doc.focus(0).unwrap();
    let empty: Edit = Box::new(|d| {
        *d.get_mut("requests")?.get_mut(0)? = Value::Null;
        Some(())
    });
    let mut work = doc.values().1.clone();
    empty(&mut work).unwrap();
    assert_eq!(doc.parts_of(&work), ["requests 0"]);
    let (partly, _) = doc
        .edited(path, &text, &base, (&empty, &[]), false)
        .unwrap();
    let (whole, _) = doc.reload(path, &empty, false).unwrap();
    assert!(partly.is_none() && whole.is_none());
}

/// The document read from the scenario before the requests, each request from its line, is
/// the file read whole as a document: on every scenario and fixture, and on generated files
/// (their requests one to a line), with a request the fast reading of requests leaves to the
/// library, and with one whose line does not read alone (an alias).
#[test]
fn a_document_read_line_by_line_is_the_document_read_whole() {
    let mut generated = Vec::new();
    crate::generate::write(&mut generated, &crate::generate::Params::large(60)).unwrap();
    let generated = String::from_utf8(generated).unwrap();
    let texts = ["scenarios", "tests/fixtures"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .chain([
            generated.clone(),
            format!("{generated}  - {{ name: late, from: i-1-1, url: \"https://x.example.com/?a=1&b=2\", expect: {{ status: 200 }} }}\n"),
            generated.replacen("  - { name: r1,", "  - &first { name: r1,", 1)
                + "  - *first\n",
        ]);
    let mut lazy = 0;
    for text in texts {
        let path = Path::new("doc.yaml");
        let Ok(scenario) = crate::load::parse(path, &text) else {
            continue;
        };
        let mut doc = Doc::read(path, &text, scenario, None).unwrap();
        let whole = crate::load::parse_value(path, &text).unwrap();
        let (by_lines, read) = doc.read_all().unwrap();
        lazy += usize::from(by_lines);
        assert_eq!(read, &whole, "{}", &text[..200.min(text.len())]);
    }
    assert!(lazy >= 2, "{lazy} documents read line by line");
}

/// A file whose requests are written one to a line, and whose document does not read whole
/// (a request named `.nan`, which the scenario reads as a name and a document as a float that
/// JSON cannot hold): the search says so, at the request's line, as when the document is read
/// whole from the start. It kept the requests unread instead, and went on with every edit of
/// one not applying and the whole edited text, for `vpcpath serve`'s what-if, without them.
#[test]
fn a_document_that_does_not_read_whole_is_the_loaders_error() {
    let text = broken("ROUTES", "routes: []").replace("name: sts,", "name: .nan,");
    let path = Path::new("fix.yaml");
    assert!(crate::load::parse(path, &text).is_ok());
    let line = text.lines().position(|l| l.contains(".nan")).unwrap() + 1;
    let err = suggest(path, &text, None, Want::Expect)
        .unwrap_err()
        .to_string();
    assert!(err.contains(&format!("fix.yaml:{line}:")), "{err}");
    assert!(err.contains(".nan"), "{err}");
}

/// The items of the top-level lists read alone are those of the file read whole as a
/// document, on every scenario and fixture and on generated files of each shape; a list in
/// flow style is not one, and an item naming an anchor of another does not read alone.
#[test]
fn an_item_read_alone_is_the_item_of_the_document_read_whole() {
    use crate::generate::{Params, Shape, write};
    let generated = [Shape::Mesh, Shape::HubAndSpoke, Shape::NetworkHeavy].map(|shape| {
        let mut out = Vec::new();
        let p = Params {
            shape,
            ..Params::large(40)
        };
        write(&mut out, &p).unwrap();
        String::from_utf8(out).unwrap()
    });
    let texts = ["scenarios", "tests/fixtures"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .chain(generated);
    let (mut items, mut unread) = (0, 0);
    for text in texts {
        let path = Path::new("doc.yaml");
        let (Ok(whole), Some(scan)) = (crate::load::parse_value(path, &text), items::scan(&text))
        else {
            continue;
        };
        for key in scan.keys() {
            let Some(n) = scan.len(key) else { continue };
            let list = whole[key.as_str()].as_array().unwrap();
            assert_eq!(list.len(), n, "{key}: {}", &text[..200.min(text.len())]);
            for (i, item) in list.iter().enumerate() {
                match scan.read(&text, key, i) {
                    Some(alone) => assert_eq!(&alone, item, "{key} {i}"),
                    None => unread += 1,
                }
                items += 1;
            }
        }
    }
    assert!(
        items > 10_000 && unread < 50,
        "{items} items, {unread} unread"
    );
    let flow = "scenario: s\nregion: us-east-1\nvpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]\n";
    assert_eq!(items::scan(flow).unwrap().len("vpcs"), None);
    let alias = "a: &x { id: a }\nvpcs:\n  - *x\n  - { id: b }\n";
    let scan = items::scan(alias).unwrap();
    assert_eq!(scan.len("vpcs"), Some(2));
    assert!(scan.read(alias, "vpcs", 0).is_none() && scan.read(alias, "vpcs", 1).is_some());
}
