//! The loader's tests: the streaming reader's gate, and requests read fast as the library reads them.

use super::*;

/// A generated scenario (its requests one to a line, read fast) and the same text with a
/// request the fast reading leaves to the library: the same scenario, positions included,
/// as the YAML library reads it whole.
#[test]
fn a_file_read_whole_has_its_one_line_requests_read_as_the_library_reads_them() {
    let mut text = Vec::new();
    crate::generate::write(&mut text, &crate::generate::Params::large(100)).unwrap();
    let text = String::from_utf8(text).unwrap();
    let by_yaml = |t: &str| {
        let s: Scenario = serde_saphyr::from_str_with_options(t, yaml_options(t.len())).unwrap();
        format!("{s:?}")
    };
    let fast = parse_fast(&text).expect("a generated file is read fast");
    assert!(fast.requests.len() > 100);
    assert_eq!(format!("{fast:?}"), by_yaml(&text));
    let mixed = format!(
        "{text}  - name: last\n    from: i-1-1\n    url: https://sts.us-east-1.amazonaws.com/\n"
    );
    assert!(parse_fast(&mixed).is_none());
    let parsed = parse(Path::new("mixed.yaml"), &mixed).unwrap();
    assert_eq!(format!("{parsed:?}"), by_yaml(&mixed));
}

#[test]
fn the_gate_holds_the_reader_to_its_limit_and_lets_it_go_when_closed() {
    let gate = std::sync::Arc::new(Gate::new(2));
    assert!(gate.enter() && gate.enter());
    // A third chunk waits until one is taken.
    let reader = {
        let gate = std::sync::Arc::clone(&gate);
        std::thread::spawn(move || gate.enter())
    };
    gate.leave();
    assert!(reader.join().unwrap());
    // Lowered below what is in flight, the limit waits for the receiver to catch up...
    gate.limit(1);
    let reader = {
        let gate = std::sync::Arc::clone(&gate);
        std::thread::spawn(move || gate.enter())
    };
    // ...and closing lets the reader go, refused.
    gate.close();
    assert!(!reader.join().unwrap());
    assert!(!gate.enter());
}

#[test]
fn requests_stream_only_when_they_are_the_last_key_and_nothing_aliases() {
    let text = "scenario: x\nregion: us-east-1\nrequests:  # the rest\n  - { name: a }\n";
    assert_eq!(requests_start(text), Some(30));
    assert_eq!(&text[30..39], "requests:");
    // Not the last key; an anchor before; a flow document; a value on the key's line.
    assert_eq!(requests_start("requests:\n  - a\nvpcs: []\n"), None);
    assert_eq!(requests_start("x: &a 1\nrequests:\n  - *a\n"), None);
    assert_eq!(requests_start("{ requests: [] }\n"), None);
    assert_eq!(requests_start("scenario: x\nrequests: []\n"), None);
    // An `&` after the key is the requests' own business.
    assert_eq!(
        requests_start("a: 1\nrequests:\n  - { name: \"&\" }\n"),
        Some(5)
    );
}

#[test]
fn a_streamed_file_is_read_in_two_parts_that_make_the_whole() {
    let dir = std::env::temp_dir().join(format!("vpcpath-parts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.yaml");
    let text = "scenario: é\nregion: us-east-1\nrequests:\n  - { name: a }\n";
    std::fs::write(&path, text).unwrap();
    let parts = parts::read_parts(&path).unwrap().unwrap();
    let head = parts.head.text().unwrap();
    assert_eq!(head, "scenario: é\nregion: us-east-1\n");
    assert_eq!((parts.head.len, parts.head.lines), (head.len(), 2));
    assert_eq!(head + &parts.part, text);
    assert_eq!(parts.head.parse().unwrap().scenario, "é");
    std::fs::write(&path, b"scenario: \xff\nrequests:\n").unwrap();
    assert!(
        parts::read_parts(&path).unwrap().is_none(),
        "not UTF-8: read whole"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_reader_reads_ahead_about_a_fifth_of_the_requests() {
    assert_eq!(stream::head_ahead(0), READ_AHEAD);
    assert_eq!(stream::head_ahead(10 << 20), 5);
    assert_eq!(stream::head_ahead(1 << 30), HEAD_AHEAD);
}

#[test]
fn unknown_key_is_refused_with_its_position() {
    let e = load_str(
        Path::new("t.yaml"),
        "scenario: x\nregion: us-east-1\nvpcz: []\n",
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("t.yaml:3:1"), "{text}");
    assert!(text.contains("unknown field `vpcz`"), "{text}");
}

#[test]
fn empty_file_says_what_to_write() {
    let e = load_str(Path::new("t.yaml"), "# nothing\n").unwrap_err();
    assert!(e.to_string().contains("holds no scenario"));
}

/// A network file with no requests, and warnings of its own (a group nothing is in, zones no
/// record asks); the requests of a file that takes its network from it, and adds nothing.
const NETWORK: &str = "scenario: the network
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    internet_gateway: igw-a
    subnets: [{ id: subnet-a, cidr: 10.0.1.0/24 }]
    route_tables: [{ id: rtb-a, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }]
    security_groups: [{ id: sg-idle, egress: [{ protocol: all, cidr: 0.0.0.0/0 }] }]
    instances: [{ id: i-a, subnet: subnet-a, public_ip: true }]
dns_zones:
  - { name: asked.example.com, records: [{ name: www.asked.example.com, type: A, values: [52.20.1.10] }] }
  - { name: never.example.com, records: [{ name: www.never.example.com, type: A, values: [52.20.1.11] }] }
requests: []
";

/// The same warnings and errors, whether the requests of a file that takes its network from
/// another are streamed or read whole, with the network validated once (when the file adds
/// nothing to it and the network file has no requests) or twice (the network file alone
/// first, then the two together); a network file at fault is said as such every way.
#[test]
fn a_network_validated_once_gives_what_validating_it_alone_first_gives() {
    let dir = std::env::temp_dir().join(format!("vpcpath-once-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (net, req) = (dir.join("net.yaml"), dir.join("req.yaml"));
    let requests = "scenario: the requests\nregion: us-east-1\nnetwork: net.yaml\nrequests:\n  - { name: r1, from: i-a, url: \"https://www.asked.example.com/\" }\n  - { name: r2, from: i-a, url: \"https://sts.us-east-1.amazonaws.com/\" }\n";
    let said = |d: &Diagnostic| format!("{:?} {:?} {}", d.code, d.pos, d.message);
    let both = |network: &str, requests: &str| {
        std::fs::write(&net, network).unwrap();
        std::fs::write(&req, requests).unwrap();
        let whole = load_file(&req).map(|n| n.warnings.iter().map(said).collect::<Vec<_>>());
        let mut head = Vec::new();
        let streamed = stream_file_listing(
            &req,
            usize::MAX,
            |n| {
                head = n.warnings.iter().map(said).collect();
                Ok(())
            },
            |_, _| Ok(()),
        )
        .map(|w| {
            let w = w.expect("streamed");
            head.extend(w.listed.iter().map(said));
            head
        });
        // Validated twice: the network file alone, then the two together.
        let text = std::fs::read_to_string(&req).unwrap();
        let s = parse(&req, &text).unwrap();
        let network = s.network.clone().unwrap();
        let twice = merged(&req, &text, s, &network, false).and_then(|(whole, alone)| {
            let mut n = validate::validate(&whole).map_err(|diagnostics| Error::Invalid {
                path: req.clone(),
                text: Arc::from(text.as_str()),
                diagnostics,
            })?;
            not_the_networks(&mut n.warnings, &alone.unwrap());
            Ok(n.warnings.iter().map(said).collect())
        });
        let show = |r: Result<Vec<String>, Error>| match r {
            Ok(w) => format!("{w:?}"),
            Err(e) => e.render(false),
        };
        let whole = show(whole);
        assert_eq!(show(twice), whole, "validated twice, then once");
        (whole, show(streamed))
    };
    let region = |t: &str| t.replace("us-east-1", "eu-west-1");
    let bad = NETWORK.replace("target: igw-a", "target: igw-nowhere");
    for (network, requests) in [
        (NETWORK.to_string(), requests.to_string()),
        (
            NETWORK.replace(
                "requests: []",
                "requests:\n  - { name: own, from: i-a, url: \"https://www.never.example.com/\" }",
            ),
            requests.to_string(),
        ),
        (bad.clone(), requests.to_string()),
        (region(&bad), requests.to_string()),
        (NETWORK.to_string(), region(requests)),
        (
            NETWORK.to_string(),
            requests.replace("from: i-a", "from: i-b"),
        ),
        (
            NETWORK.to_string(),
            requests.replace("name: r2", "name: r1"),
        ),
        // A warning that depends on the requests: a public API called by its default name
        // from a VPC whose execute-api endpoint has private DNS.
        (
            std::fs::read_to_string("tests/warnings/warn_captured_public_api.yaml")
                .unwrap()
                .replace("requests:\n  - from: i-a\n", "requests: []\n#"),
            region(requests).replace(
                "https://www.asked.example.com/",
                "https://pub0api001.execute-api.eu-west-1.amazonaws.com/v1/",
            ),
        ),
        (
            NETWORK.to_string(),
            requests.replace(
                "requests:",
                "dns_zones: [{ name: mine.example.com }]\nrequests:",
            ),
        ),
    ] {
        let (whole, streamed) = both(&network, &requests);
        assert_eq!(whole, streamed, "{network}\n{requests}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
