//! Requests for a network that has none: one client for each distinct subnet and set of
//! security groups (and each site, and the internet), against every API's default name, every
//! custom domain, every AWS service an endpoint serves, a public AWS service, and an instance
//! of each VPC. The result is
//! a requests file that takes its network from the given file (`network:`), so that
//! `vpcpath run --summary` on it answers "what can reach what, and how" for an imported
//! account without writing anything.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::yaml::q;
use crate::aws;
use crate::net::*;

/// The requests file for `net`, whose file is `network` (as the requests file should name it).
pub fn requests(net: &Network, network: &str) -> String {
    let clients = clients(net);
    let targets = targets(net);
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# Written by `vpcpath matrix`: {} clients x {} destinations. Add `expect:` to the requests that matter.",
        clients.len(),
        targets.len()
    );
    let _ = writeln!(y, "scenario: {}", q(&format!("Matrix: {}", net.name)));
    let _ = writeln!(y, "region: {}", q(&net.region));
    let _ = writeln!(y, "network: {}", q(network));
    y.push_str(&requests_of(&clients, &targets));
    y
}

/// The `requests:` of the matrix of `net`, from the clients `keep` keeps.
pub fn requests_block(net: &Network, keep: impl Fn(&str) -> bool) -> String {
    let clients: Vec<String> = clients(net).into_iter().filter(|c| keep(c)).collect();
    requests_of(&clients, &targets(net))
}

/// The requests of each client to each target, as a YAML `requests:` key.
fn requests_of(clients: &[String], targets: &[(String, String)]) -> String {
    let mut y = String::new();
    if clients.is_empty() || targets.is_empty() {
        y.push_str("requests: []\n");
        return y;
    }
    y.push_str("requests:\n");
    for c in clients {
        for (label, url) in targets {
            // An instance is probed from the others of the network, not from itself or the
            // internet (its id names its private address).
            if url.starts_with("tcp://") && (c == "internet" || url == &format!("tcp://{c}:443")) {
                continue;
            }
            let name = format!("{c} -> {label}");
            let _ = writeln!(
                y,
                "  - {{ name: {}, from: {}, url: {} }}",
                q(&name),
                q(c),
                q(url)
            );
        }
    }
    y
}

/// One instance for each distinct (subnet, security groups), one client per site, and the
/// internet.
fn clients(net: &Network) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for i in &net.instances {
        let mut groups = i.security_groups.clone();
        groups.sort();
        if seen.insert((i.subnet, groups)) {
            out.push(i.id.clone());
        }
    }
    let mut sites = BTreeSet::new();
    for c in &net.site_clients {
        if sites.insert(c.site) {
            out.push(c.id.clone());
        }
    }
    out.push("internet".to_string());
    out
}

/// (label, URL) of every door: APIs' default names, custom domains, the AWS services of the
/// endpoints, and a public AWS service.
fn targets(net: &Network) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in &net.apis {
        let scheme = if a.kind == ApiKind::WebSocket {
            "wss"
        } else {
            "https"
        };
        let stage = a.stages.first().map_or("", String::as_str);
        let host = format!(
            "{}.{}",
            a.id,
            aws::service_hostname("execute-api", &a.region)
        );
        out.push((
            format!("API {}", a.id),
            format!("{scheme}://{host}/{stage}/"),
        ));
    }
    for d in &net.custom_domains {
        out.push((format!("domain {}", d.name), format!("https://{}/", d.name)));
    }
    let mut hosts = BTreeSet::new();
    let public = aws::service_hostname("sts", &net.region);
    for e in net.endpoints.iter().filter(|e| e.service != "execute-api") {
        let host = aws::service_hostname(&e.service, &e.region);
        if host != public && hosts.insert(host.clone()) {
            out.push((
                format!("{} {}", e.service, e.region),
                format!("https://{host}/"),
            ));
        }
    }
    out.push((
        format!("sts {} (a public AWS service)", net.region),
        format!("https://{public}/"),
    ));
    // An instance of each VPC: whether a TCP connection gets there (refused, when nothing is
    // said to listen, means it arrived).
    let mut vpcs = BTreeSet::new();
    for i in &net.instances {
        let v = net.subnets[i.subnet.0].vpc;
        if vpcs.insert(v) {
            out.push((
                format!("{} in {} (tcp/443)", i.id, net.vpcs[v.0].id),
                format!("tcp://{}:443", i.id),
            ));
        }
    }
    out
}
