//! `vpcpath serve`'s API, against a server started in this process on a free loopback port,
//! spoken to over a plain socket: what it refuses (a body too large, a file not named, another
//! Host, a POST that is not JSON), and that a scenario's strings come back as text.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// One HTTP/1.1 exchange; `host` is the `Host` header sent.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    host: &str,
    body: &[u8],
    json: bool,
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    let kind = if json {
        "application/json"
    } else {
        "text/plain"
    };
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // A server that refuses a body early may close before it is all sent.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        headers: headers.to_string(),
        body: body.to_string(),
    }
}

pub fn start() -> vpcpath::serve::Running {
    vpcpath::serve::spawn(vpcpath::serve::Config::new(0)).unwrap()
}

fn post(addr: SocketAddr, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let host = format!("127.0.0.1:{}", addr.port());
    let a = http(addr, "POST", path, &host, body.to_string().as_bytes(), true);
    let v = serde_json::from_str(&a.body).unwrap_or(serde_json::Value::Null);
    (a.status, v)
}

const XSS: &str = r#"scenario: "<script>alert('title')</script>"
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    internet_gateway: igw-a
    subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]
    route_tables:
      - { id: rtb-a, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
    instances: [{ id: i-a, subnet: subnet-a, public_ip: true }]
requests:
  - { name: "<script>alert(1)</script>", from: i-a, url: "https://sts.us-east-1.amazonaws.com/<img src=x onerror=alert(2)>" }
"#;

#[test]
fn the_page_and_its_assets_carry_a_policy_without_inline_script() {
    let server = start();
    let host = format!("127.0.0.1:{}", server.addr.port());
    let page = http(server.addr, "GET", "/", &host, b"", false);
    assert_eq!(page.status, 200);
    let csp = vpcpath::serve::CSP;
    assert!(page.headers.contains(csp), "{}", page.headers);
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe"));
    assert!(
        !page.body.contains("<script>"),
        "no inline script in the page"
    );
    assert!(!page.body.contains("style="), "no inline style in the page");
    for asset in ["app.js", "editor.js", "player.js", "share.js", "app.css"] {
        let a = http(
            server.addr,
            "GET",
            &format!("/assets/{asset}"),
            &host,
            b"",
            false,
        );
        assert_eq!(a.status, 200, "{asset}");
        assert!(!a.body.contains("innerHTML"), "{asset} writes HTML");
        // Its imports and fetches are its own origin's (the CSP would refuse others anyway).
        assert!(
            !a.body.contains("from \"http") && !a.body.contains("fetch(\"http"),
            "{asset} fetches elsewhere"
        );
    }
    server.stop().unwrap();
}

#[test]
fn a_scenario_s_strings_come_back_as_text() {
    let server = start();
    let (status, v) = post(
        server.addr,
        "/api/simulate",
        &serde_json::json!({ "text": XSS }),
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["requests"][0]["name"], "<script>alert(1)</script>");
    assert_eq!(v["scenario"], "<script>alert('title')</script>");
    let svg = v["svg"].as_str().unwrap();
    assert!(!svg.contains("<script") && !svg.contains("<img"), "{svg}");
    server.stop().unwrap();
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let server = start();
    let host = format!("127.0.0.1:{}", server.addr.port());
    let big = vec![b'a'; vpcpath::serve::MAX_BODY + 1024];
    let a = http(server.addr, "POST", "/api/simulate", &host, &big, true);
    assert_eq!(a.status, 413, "{}", a.headers);
    server.stop().unwrap();
}

#[test]
fn no_file_is_read_but_those_named() {
    let server = start();
    for network in ["/etc/passwd", "../../../../../../etc/passwd", "Cargo.toml"] {
        let text = format!("scenario: s\nregion: us-east-1\nnetwork: {network}\nrequests: []\n");
        let (status, v) = post(
            server.addr,
            "/api/simulate",
            &serde_json::json!({ "text": text }),
        );
        assert_eq!(status, 200);
        assert_eq!(v["ok"], false, "{v}");
        assert_eq!(v["problems"][0]["code"], "network-file", "{v}");
        assert_eq!(v["problems"][0]["line"], 3);
        assert!(!v.to_string().contains("root:"), "{v}");
    }
    let host = format!("127.0.0.1:{}", server.addr.port());
    for path in [
        "/api/lessons/..%2F..%2Fetc%2Fpasswd",
        "/assets/..%2FCargo.toml",
    ] {
        let a = http(server.addr, "GET", path, &host, b"", false);
        assert_eq!(a.status, 404, "{path}");
    }
    server.stop().unwrap();
}

#[test]
fn another_host_and_a_post_that_is_not_json_are_refused() {
    let server = start();
    let a = http(
        server.addr,
        "GET",
        "/api/lessons",
        "evil.example:80",
        b"",
        false,
    );
    assert_eq!(a.status, 421);
    let host = format!("127.0.0.1:{}", server.addr.port());
    let a = http(
        server.addr,
        "POST",
        "/api/simulate",
        &host,
        b"{\"text\":\"\"}",
        false,
    );
    assert_eq!(a.status, 415);
    let a = http(
        server.addr,
        "POST",
        "/api/simulate",
        &host,
        b"not json",
        true,
    );
    assert_eq!(a.status, 400);
    server.stop().unwrap();
}

#[test]
fn the_reported_case_is_a_lesson_with_its_fixes() {
    let server = start();
    let host = format!("127.0.0.1:{}", server.addr.port());
    let list = http(server.addr, "GET", "/api/lessons", &host, b"", false);
    let lessons: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    assert!(lessons.as_array().unwrap().len() >= 29, "{lessons}");
    assert!(list.body.contains("execute-api-private-dns-403"));
    let text = std::fs::read_to_string("scenarios/execute-api-private-dns-403.yaml").unwrap();
    let lesson = "execute-api-private-dns-403";
    let (_, fixes) = post(
        server.addr,
        "/api/fix",
        &serde_json::json!({ "lesson": lesson, "text": text, "request": "public API default URL from the VPC" }),
    );
    let off = fixes["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"].as_str().unwrap().contains("private DNS off"))
        .unwrap_or_else(|| panic!("{fixes}"));
    assert_eq!(off["outcome"], "http 200");
    let (_, d) = post(
        server.addr,
        "/api/diff",
        &serde_json::json!({ "lesson": lesson, "text": text, "after": off["yaml"] }),
    );
    assert_eq!(d["after"]["requests"][0]["bucket"], "2xx", "{d}");
    assert_eq!(d["diff"]["changes"].as_array().unwrap().len(), 2, "{d}");
    server.stop().unwrap();
}
