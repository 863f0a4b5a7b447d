//! Fix suggestions: for a request whose outcome is not the one wanted, single edits of the
//! scenario are tried, each by re-simulating the whole edited scenario, and only those that fix
//! the request are reported, with every other request they change.
//!
//! Edits are made to the file as written (its YAML read as a JSON value), so a suggestion is
//! exactly what a person would write by hand, and what vpcpath verified is that file. The
//! candidates come from where the request went wrong: the DNS answer that captured it, the
//! route table, gateway, security group or network ACL that dropped it, the policy that denied
//! it. The search is bounded: a few candidates per component on the request's path.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use crate::aws;
use crate::net::*;
use crate::trace::{Answer, FilterPacket, Outcome, PolicyDecision, PolicyKind, Step, Trace};

/// What counts as fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// The request's own `expect:` holds.
    Expect,
    /// An HTTP answer with this status.
    Status(u16),
    /// Any HTTP answer below 400.
    Success,
}

/// One verified suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// What to do, in words.
    pub title: String,
    /// The edits, as `where: what` lines a person applies to the file.
    pub edits: Vec<String>,
    /// The request's outcome with the edit.
    pub outcome: String,
    /// Other requests whose outcome the edit changes: `name: before -> after`, and whether an
    /// expectation that held now fails.
    pub side_effects: Vec<String>,
}

/// The suggestions for one request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestFixes {
    /// The request.
    pub request: String,
    /// Its outcome now.
    pub outcome: String,
    /// How many candidate edits were tried.
    pub tried: usize,
    /// The ones that fix it.
    pub fixes: Vec<Suggestion>,
}

/// An edit of the document; `None` when it does not apply.
type Edit = Box<dyn Fn(&mut Value) -> Option<()>>;

/// A candidate edit.
struct Candidate {
    title: String,
    edits: Vec<String>,
    apply: Edit,
}

fn ok(t: &Trace, expect: Option<&Expect>, want: Want) -> bool {
    match (want, &t.outcome) {
        (Want::Expect, _) => expect.is_some_and(|e| crate::expect::check(t, e).is_empty()),
        (Want::Status(s), Outcome::Http { status, .. }) => *status == s,
        (Want::Success, Outcome::Http { status, .. }) => *status < 400,
        _ => false,
    }
}

/// Whether a request fails what is wanted of it (with `Want::Expect`, only requests that have
/// an `expect:` can fail).
pub fn fails(t: &Trace, expect: Option<&Expect>, want: Want) -> bool {
    match want {
        Want::Expect => expect.is_some() && !ok(t, expect, want),
        _ => !ok(t, expect, want),
    }
}

/// Finds the verified fixes of the requests that fail (only `only`, when given).
pub fn suggest(path: &Path, text: &str, only: Option<&str>, want: Want) -> Vec<RequestFixes> {
    let Ok(net) = crate::load::load_str(path, text) else {
        return Vec::new();
    };
    let Ok(doc) = serde_saphyr::from_str::<Value>(text) else {
        return Vec::new();
    };
    let traces = crate::run::simulate_all(&net);
    let mut out = Vec::new();
    for (i, t) in traces.iter().enumerate() {
        let expect = net.requests[i].expect.as_ref();
        if only.is_some_and(|n| n != t.request) || (only.is_none() && !fails(t, expect, want)) {
            continue;
        }
        let candidates = candidates(&net, i, t);
        let tried = candidates.len();
        let mut fixes = Vec::new();
        let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
        for c in candidates {
            if !seen.insert(c.edits.clone()) {
                continue;
            }
            let mut edited = doc.clone();
            if (c.apply)(&mut edited).is_none() {
                continue;
            }
            let Ok(edited_text) = serde_json::to_string_pretty(&edited) else {
                continue;
            };
            let Ok(new_net) = crate::load::load_str(path, &edited_text) else {
                continue;
            };
            let new_traces = crate::run::simulate_all(&new_net);
            let Some(nt) = new_traces.get(i) else {
                continue;
            };
            if !ok(nt, new_net.requests[i].expect.as_ref(), want) {
                continue;
            }
            let side_effects = traces
                .iter()
                .zip(&new_traces)
                .enumerate()
                .filter(|(j, (a, b))| *j != i && a.outcome.summary() != b.outcome.summary())
                .map(|(j, (a, b))| {
                    let e = net.requests[j].expect.as_ref();
                    let broke = e.is_some_and(|e| {
                        crate::expect::check(a, e).is_empty()
                            && !crate::expect::check(b, e).is_empty()
                    });
                    format!(
                        "{}\"{}\": {} -> {}",
                        if broke { "breaks " } else { "changes " },
                        a.request,
                        a.outcome.summary(),
                        b.outcome.summary()
                    )
                })
                .collect();
            fixes.push(Suggestion {
                title: c.title,
                edits: c.edits,
                outcome: nt.outcome.summary(),
                side_effects,
            });
        }
        out.push(RequestFixes {
            request: t.request.to_string(),
            outcome: t.outcome.summary(),
            tried,
            fixes,
        });
    }
    out
}

// ---- editing the document ----

/// The entry of `vpcs[*].{list}` with this id.
fn vpc_item<'a>(doc: &'a mut Value, list: &str, id: &str) -> Option<&'a mut Value> {
    doc.get_mut("vpcs")?
        .as_array_mut()?
        .iter_mut()
        .filter_map(|v| v.get_mut(list).and_then(Value::as_array_mut))
        .flat_map(|items| items.iter_mut())
        .find(|item| item.get("id").and_then(Value::as_str) == Some(id))
}

/// The entry of the top-level `{list}` (`vpcs`, `apis`) with this id.
fn item<'a>(doc: &'a mut Value, list: &str, id: &str) -> Option<&'a mut Value> {
    doc.get_mut(list)?
        .as_array_mut()?
        .iter_mut()
        .find(|v| v.get("id").and_then(Value::as_str) == Some(id))
}

/// Appends to a list key of an object, creating it.
fn push(obj: &mut Value, key: &str, item: Value) -> Option<()> {
    let map = obj.as_object_mut()?;
    let list = map.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    list.as_array_mut()?.push(item);
    Some(())
}

/// Sets the URL of the `i`th request.
fn set_url(doc: &mut Value, i: usize, url: &str) -> Option<()> {
    doc.get_mut("requests")?
        .as_array_mut()?
        .get_mut(i)?
        .as_object_mut()?
        .insert("url".into(), json!(url));
    Some(())
}

/// A value as a YAML flow collection, as a person would write it in a scenario:
/// `{ name: api.example.com, endpoint: edge }`.
fn flow(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", flow(&Value::String(k.clone())), flow(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::String(s) => {
            let plain = !s.is_empty()
                && !s.starts_with(|c: char| {
                    c.is_ascii_digit() || "-*&!|>'\"%@`?[]{},#: ".contains(c)
                })
                && !s.contains([':', ',', '{', '}', '[', ']', '#', '"', '\''])
                && !matches!(
                    s.as_str(),
                    "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
                );
            if plain {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_default()
            }
        }
        other => other.to_string(),
    }
}

// ---- candidates ----

fn candidates(net: &Network, i: usize, t: &Trace) -> Vec<Candidate> {
    let req = &net.requests[i];
    let mut out = Vec::new();
    dns_candidates(net, i, t, &mut out);
    custom_domain_candidates(net, i, &mut out);
    if let Some(Step::Drop { at, .. }) = t.steps.last() {
        drop_candidates(net, req, t, at, &mut out);
    }
    policy_candidates(net, req, t, &mut out);
    association_candidates(net, req, &mut out);
    out
}

/// The `{api-id}-{vpce-id}` name of a private API and an endpoint it is not associated with:
/// associate them (F2.8).
fn association_candidates(net: &Network, req: &Request, out: &mut Vec<Candidate>) {
    let Some((label, _)) = aws::parse_execute_api_host(&req.url.host) else {
        return;
    };
    for api in net
        .apis
        .iter()
        .filter(|a| a.endpoint == EndpointType::Private)
    {
        let Some(vpce) = label.strip_prefix(&format!("{}-", api.id)) else {
            continue;
        };
        let Some(e) = net.endpoints.iter().position(|e| e.id == vpce) else {
            continue;
        };
        if api.vpc_endpoints.contains(&EndpointIx(e)) {
            continue;
        }
        let (id, ep) = (api.id.clone(), vpce.to_string());
        out.push(Candidate {
            title: format!("associate {ep} with private API {id}"),
            edits: vec![format!("apis[{id}]: vpc_endpoints: + {ep}")],
            apply: Box::new(move |doc| push(item(doc, "apis", &id)?, "vpc_endpoints", json!(ep))),
        });
    }
}

/// An endpoint's private DNS captured the name: turn it off. A CNAME to a Regional custom
/// domain's target was captured: make it an alias.
fn dns_candidates(net: &Network, _i: usize, t: &Trace, out: &mut Vec<Candidate>) {
    for s in &t.steps {
        let Step::Dns {
            source,
            answer,
            name,
            ..
        } = s
        else {
            continue;
        };
        if let Some(ep) = net
            .endpoints
            .iter()
            .find(|e| e.has_private_dns() && source.starts_with(&format!("{} private DNS", e.id)))
        {
            let id = ep.id.clone();
            let vpc = net.vpcs[ep.vpc.0].id.clone();
            out.push(Candidate {
                title: format!("turn private DNS off on {id}"),
                edits: vec![format!("vpcs[{vpc}].endpoints[{id}]: private_dns: false")],
                apply: Box::new(move |doc| {
                    vpc_item(doc, "endpoints", &id)?
                        .as_object_mut()?
                        .insert("private_dns".into(), json!(false));
                    Some(())
                }),
            });
        }
        if let Answer::Cname { target } = answer
            && aws::parse_execute_api_host(target).is_some_and(|(l, _)| l.starts_with("d-"))
        {
            let (record, target) = (name.to_string(), target.clone());
            out.push(Candidate {
                title: format!("make {record} a Route 53 alias of {target} instead of a CNAME"),
                edits: vec![format!(
                    "dns_zones[*].records[{record}]: type: ALIAS, target: {target} (instead of CNAME, value)"
                )],
                apply: Box::new(move |doc| {
                    let zones = doc.get_mut("dns_zones")?.as_array_mut()?;
                    let mut done = false;
                    for z in zones.iter_mut().filter(|z| !z.get("private").and_then(Value::as_bool).unwrap_or(false)) {
                        for r in z.get_mut("records").and_then(Value::as_array_mut).into_iter().flatten() {
                            if r.get("name").and_then(Value::as_str) == Some(&record)
                                && r.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("CNAME"))
                            {
                                let m = r.as_object_mut()?;
                                m.remove("value");
                                m.insert("type".into(), json!("ALIAS"));
                                m.insert("target".into(), json!(target));
                                done = true;
                            }
                        }
                    }
                    done.then_some(())
                }),
            });
        }
    }
}

/// A public API called by its default name: call it through a custom domain instead (an
/// edge-optimized one for REST APIs, or a Regional one behind a Route 53 alias), F2.1-F2.4.
fn custom_domain_candidates(net: &Network, i: usize, out: &mut Vec<Candidate>) {
    let req = &net.requests[i];
    let Some((id, region)) = aws::parse_execute_api_host(&req.url.host) else {
        return;
    };
    let Some(api) = net.api(id).map(|a| &net.apis[a.0]) else {
        return;
    };
    if api.region != region {
        return;
    }
    if api.endpoint == EndpointType::Private {
        alias_candidates(net, i, api, out);
        return;
    }
    let mut segs = req.url.path.trim_start_matches('/').splitn(2, '/');
    let first = segs.next().unwrap_or_default().to_string();
    let (stage, rest) = if api.stages.contains(&first) {
        (first, segs.next().unwrap_or_default().to_string())
    } else if api.stages.iter().any(|s| s == "$default") {
        // An HTTP API's $default stage has no segment in the path.
        (
            "$default".to_string(),
            req.url.path.trim_start_matches('/').to_string(),
        )
    } else {
        return;
    };
    let domain = format!(
        "{}.example.com",
        api.name.clone().unwrap_or_else(|| api.id.clone())
    );
    let new_url = format!("{}://{domain}/{rest}", req.url.scheme);
    let kinds: &[(&str, &str)] = if api.kind == ApiKind::Rest {
        &[("edge", "CNAME"), ("regional", "ALIAS")]
    } else {
        &[("regional", "ALIAS")]
    };
    for (endpoint, record_type) in kinds {
        let target = if *endpoint == "edge" {
            format!("d{}.cloudfront.net", api.id)
        } else {
            format!("d-{}.execute-api.{region}.amazonaws.com", api.id)
        };
        let custom = json!({ "name": domain, "endpoint": endpoint, "target": target,
            "mappings": [{ "path": "", "api": api.id, "stage": stage }] });
        let record = if *record_type == "CNAME" {
            json!({ "name": domain, "type": "CNAME", "value": target })
        } else {
            json!({ "name": domain, "type": "ALIAS", "target": target })
        };
        let what = if *endpoint == "edge" {
            "an edge-optimized custom domain (its name resolves to CloudFront)"
        } else {
            "a Regional custom domain behind a Route 53 alias"
        };
        let (req_index, url, custom2, record2) =
            (i, new_url.clone(), custom.clone(), record.clone());
        out.push(Candidate {
            title: format!("call {} through {what}", api.id),
            edits: vec![
                format!("custom_domains: + {}", flow(&custom)),
                format!(
                    "dns_zones[example.com] (public): records: + {}",
                    flow(&record)
                ),
                format!("requests[{}]: url: {new_url}", req.name),
            ],
            apply: Box::new(move |doc| {
                push(doc, "custom_domains", custom2.clone())?;
                let zones = doc
                    .as_object_mut()?
                    .entry("dns_zones")
                    .or_insert_with(|| Value::Array(Vec::new()))
                    .as_array_mut()?;
                let zone = match zones.iter_mut().position(|z| {
                    z.get("name").and_then(Value::as_str) == Some("example.com")
                        && !z.get("private").and_then(Value::as_bool).unwrap_or(false)
                }) {
                    Some(p) => &mut zones[p],
                    None => {
                        zones.push(json!({ "name": "example.com", "records": [] }));
                        zones.last_mut()?
                    }
                };
                push(zone, "records", record2.clone())?;
                set_url(doc, req_index, &url)
            }),
        });
    }
}

/// A private API called by its default name where no endpoint of the client's VPC captures
/// it: call it by the `{api-id}-{vpce-id}` name of an endpoint associated with it, which public
/// DNS answers with the endpoint's addresses (F2.8, F3.11).
fn alias_candidates(net: &Network, i: usize, api: &Api, out: &mut Vec<Candidate>) {
    let req = &net.requests[i];
    for e in &api.vpc_endpoints {
        let ep = &net.endpoints[e.0];
        let host = format!(
            "{}-{}.execute-api.{}.amazonaws.com",
            api.id, ep.id, api.region
        );
        if host == req.url.host {
            continue;
        }
        let url = format!("{}://{host}{}", req.url.scheme, req.url.path);
        let (req_index, u2) = (i, url.clone());
        out.push(Candidate {
            title: format!("call private API {} by {}'s alias name", api.id, ep.id),
            edits: vec![format!("requests[{}]: url: {url}", req.name)],
            apply: Box::new(move |doc| set_url(doc, req_index, &u2)),
        });
    }
}

/// The packets were dropped at `at`: a route, a public address, a rule that would let them by.
fn drop_candidates(net: &Network, req: &Request, t: &Trace, at: &str, out: &mut Vec<Candidate>) {
    let Client::Instance(ci) = req.client else {
        return;
    };
    let client = &net.instances[ci.0];
    let client_vpc = net.subnets[client.subnet.0].vpc;
    // A route table with no route, a blackhole, or no route back across a peering connection.
    if let Some(t_ix) = net.route_tables.iter().position(|r| r.id == at) {
        let table = &net.route_tables[t_ix];
        let vpc = &net.vpcs[table.vpc.0];
        let reply = t.steps.iter().any(
            |s| matches!(s, Step::Arrive { at, .. } if net.peerings.iter().any(|x| &x.id == at)),
        );
        let mut targets: Vec<(String, String)> = Vec::new();
        if reply && table.vpc != client_vpc {
            for x in net
                .peerings
                .iter()
                .filter(|x| x.other(table.vpc) == client_vpc)
            {
                for c in &net.vpcs[client_vpc.0].cidrs {
                    targets.push((c.to_string(), x.id.clone()));
                }
            }
        } else {
            let dst = t.steps.iter().find_map(|s| match s {
                Step::Connect { destination, .. } => Some(*destination),
                _ => None,
            });
            // A blackhole is replaced where it is; a missing route is added for the destination
            // (a private one exactly, a public one as the default route).
            let blackhole = t.steps.iter().rev().find_map(|s| match s {
                Step::Route {
                    table: tb,
                    destination,
                    target,
                    ..
                } if tb == at && target == "blackhole" => Some(destination.to_string()),
                _ => None,
            });
            let dest = if let Some(b) = blackhole {
                b
            } else if dst.is_some_and(|d| d.is_private()) {
                dst.map(|d| format!("{d}/32")).unwrap_or_default()
            } else {
                "0.0.0.0/0".to_string()
            };
            for g in net.igws.iter().filter(|g| g.vpc == table.vpc) {
                targets.push((dest.clone(), g.id.clone()));
            }
            for n in net
                .nats
                .iter()
                .filter(|n| net.subnets[n.subnet.0].vpc == table.vpc)
            {
                targets.push((dest.clone(), n.id.clone()));
            }
        }
        for (dest, target) in targets {
            let (tid, d2, t2) = (table.id.clone(), dest.clone(), target.clone());
            out.push(Candidate {
                title: format!("route {dest} to {target} in {}", table.id),
                edits: vec![format!(
                    "vpcs[{}].route_tables[{}]: routes: + {{ destination: {dest}, target: {target} }} (replacing any route to {dest})",
                    vpc.id, table.id
                )],
                apply: Box::new(move |doc| {
                    let rt = vpc_item(doc, "route_tables", &tid)?;
                    let routes = rt
                        .as_object_mut()?
                        .entry("routes")
                        .or_insert_with(|| Value::Array(Vec::new()))
                        .as_array_mut()?;
                    routes.retain(|r| r.get("destination").and_then(Value::as_str) != Some(&d2));
                    routes.push(json!({ "destination": d2, "target": t2 }));
                    Some(())
                }),
            });
        }
    }
    // An internet gateway with no public address to translate.
    if net.igws.iter().any(|g| g.id == at) && client.public_ip.is_none() {
        let id = client.id.clone();
        let vpc = net.vpcs[client_vpc.0].id.clone();
        out.push(Candidate {
            title: format!("give {id} a public address"),
            edits: vec![format!("vpcs[{vpc}].instances[{id}]: public_ip: true")],
            apply: Box::new(move |doc| {
                vpc_item(doc, "instances", &id)?
                    .as_object_mut()?
                    .insert("public_ip".into(), json!(true));
                Some(())
            }),
        });
    }
    // A security group or network ACL that let nothing by: the filter steps say which.
    for s in &t.steps {
        let Step::Filter {
            filter,
            packet,
            allowed: false,
            ..
        } = s
        else {
            continue;
        };
        if let Some(acl) = net.nacls.iter().find(|a| &a.id == filter) {
            acl_candidate(net, acl, packet, out);
        } else {
            sg_candidate(net, filter, packet, at, out);
        }
    }
}

fn acl_candidate(net: &Network, acl: &NetworkAcl, packet: &FilterPacket, out: &mut Vec<Candidate>) {
    let (ingress, ports, remote) = (packet.ingress, packet.ports, packet.remote.to_string());
    // The default ACL is not written in the scenario; only declared ACLs are edited.
    if acl.id.ends_with("-default-acl") {
        return;
    }
    let dir = if ingress {
        crate::net::Direction::Ingress
    } else {
        crate::net::Direction::Egress
    };
    let rules = if ingress { &acl.ingress } else { &acl.egress };
    let used: BTreeSet<u32> = rules.iter().map(|r| r.number).collect();
    // The new allow must come before every numbered rule that denies some of these ports
    // today; if only the final `*` rule denies, it goes after the last rule.
    let lowest_deny = crate::filter::nacl_range(acl, dir, Protocol::Tcp, ports, packet.remote)
        .iter()
        .filter(|(_, m)| !m.allow)
        .filter_map(|(_, m)| m.rule.map(|i| rules[i].number))
        .min();
    let number = match lowest_deny {
        Some(n) => (1..n).rev().find(|k| !used.contains(k)),
        None => {
            let next = (used.iter().max().copied().unwrap_or(0) / 10 + 1) * 10;
            (next..=32766).find(|k| !used.contains(k))
        }
    };
    let Some(number) = number else {
        return;
    };
    let vpc = net.vpcs[acl.vpc.0].id.clone();
    let list = if ingress { "ingress" } else { "egress" };
    let port_text = if ports.0 == ports.1 {
        json!(ports.0)
    } else {
        json!(format!("{}-{}", ports.0, ports.1))
    };
    let rule = json!({ "rule": number, "action": "allow", "protocol": "tcp", "ports": port_text, "cidr": format!("{remote}/32") });
    let (id, r2) = (acl.id.clone(), rule.clone());
    let title = format!(
        "allow tcp {} {} {remote} in {}",
        port_text.to_string().trim_matches('"'),
        if ingress { "from" } else { "to" },
        acl.id
    );
    out.push(Candidate {
        title: title.clone(),
        edits: vec![format!(
            "vpcs[{vpc}].network_acls[{}]: {list}: + {}",
            acl.id,
            flow(&rule)
        )],
        apply: Box::new(move |doc| push(vpc_item(doc, "network_acls", &id)?, list, r2.clone())),
    });
    // ACLs are stateless: a request let in must also have its replies let out, so the rule
    // for the replies comes with it (to the sender's ephemeral ports).
    if packet.reply {
        return;
    }
    let reply_ports = if net.nats.iter().any(|n| n.private_ip.to_string() == remote) {
        aws::NAT_EPHEMERAL_PORTS
    } else {
        net.instances
            .iter()
            .find(|i| i.private_ip.to_string() == remote)
            .map_or(aws::NAT_EPHEMERAL_PORTS, |i| i.ephemeral_ports)
    };
    let replies_pass = crate::filter::nacl_range(
        acl,
        dir.reverse(),
        Protocol::Tcp,
        reply_ports,
        packet.remote,
    )
    .iter()
    .all(|(_, m)| m.allow);
    if replies_pass {
        return;
    }
    let other = if ingress { "egress" } else { "ingress" };
    let other_rules = if ingress { &acl.egress } else { &acl.ingress };
    let other_number = (other_rules.iter().map(|r| r.number).max().unwrap_or(0) / 10 + 1) * 10;
    let reply = json!({ "rule": other_number.min(32766), "action": "allow", "protocol": "tcp",
        "ports": format!("{}-{}", reply_ports.0, reply_ports.1), "cidr": format!("{remote}/32") });
    let (id, r2, r3) = (acl.id.clone(), rule.clone(), reply.clone());
    out.push(Candidate {
        title: format!("{title}, and its replies"),
        edits: vec![
            format!(
                "vpcs[{vpc}].network_acls[{}]: {list}: + {}",
                acl.id,
                flow(&rule)
            ),
            format!(
                "vpcs[{vpc}].network_acls[{}]: {other}: + {}",
                acl.id,
                flow(&reply)
            ),
        ],
        apply: Box::new(move |doc| {
            let a = vpc_item(doc, "network_acls", &id)?;
            push(a, list, r2.clone())?;
            push(a, other, r3.clone())
        }),
    });
}

fn sg_candidate(
    net: &Network,
    group: &str,
    packet: &FilterPacket,
    at: &str,
    out: &mut Vec<Candidate>,
) {
    let (ingress, ports, remote) = (packet.ingress, packet.ports, packet.remote.to_string());
    let list = if ingress { "ingress" } else { "egress" };
    let port_text = if ports.0 == ports.1 {
        json!(ports.0)
    } else {
        json!(format!("{}-{}", ports.0, ports.1))
    };
    let peer = match remote.parse::<std::net::Ipv4Addr>() {
        Ok(ip) if ip.is_private() => {
            // The client's subnet, which is what people write.
            net.subnets
                .iter()
                .find(|s| s.cidr.contains(&ip))
                .map_or(format!("{ip}/32"), |s| s.cidr.to_string())
        }
        _ => format!("{remote}/32"),
    };
    let rule = json!({ "protocol": "tcp", "ports": port_text, "cidr": peer });
    if group != "default" {
        let Some(sg) = net.security_groups.iter().find(|g| g.id == group) else {
            return;
        };
        let vpc = net.vpcs[sg.vpc.0].id.clone();
        let (id, r2) = (group.to_string(), rule.clone());
        out.push(Candidate {
            title: format!(
                "allow {list} tcp {} {} {peer} in {group}",
                port_text.to_string().trim_matches('"'),
                if ingress { "from" } else { "to" }
            ),
            edits: vec![format!(
                "vpcs[{vpc}].security_groups[{group}]: {list}: + {}",
                flow(&rule)
            )],
            apply: Box::new(move |doc| {
                let g = vpc_item(doc, "security_groups", &id)?;
                // A group without an egress list allows all outbound: only ingress can be missing
                // from it, but an explicit list is extended.
                push(g, list, r2.clone())
            }),
        });
        return;
    }
    // The VPC's default group: give the endpoint (or instance) a group of its own.
    let owner = at.to_string();
    let Some((vpc, kind)) = net
        .endpoints
        .iter()
        .find(|e| e.id == owner)
        .map(|e| (net.vpcs[e.vpc.0].id.clone(), "endpoints"))
        .or_else(|| {
            net.instances.iter().find(|i| i.id == owner).map(|i| {
                (
                    net.vpcs[net.subnets[i.subnet.0].vpc.0].id.clone(),
                    "instances",
                )
            })
        })
    else {
        return;
    };
    let new_id = format!("sg-{owner}-https");
    let group = if ingress {
        json!({ "id": new_id, "ingress": [rule] })
    } else {
        json!({ "id": new_id, "egress": [rule] })
    };
    let (v2, g2, o2, n2) = (vpc.clone(), group.clone(), owner.clone(), new_id.clone());
    out.push(Candidate {
        title: format!(
            "give {owner} a security group that allows {list} tcp {} {} {peer}",
            port_text.to_string().trim_matches('"'),
            if ingress { "from" } else { "to" }
        ),
        edits: vec![
            format!("vpcs[{vpc}].security_groups: + {}", flow(&group)),
            format!("vpcs[{vpc}].{kind}[{owner}]: security_groups: [{new_id}]"),
        ],
        apply: Box::new(move |doc| {
            push(item(doc, "vpcs", &v2)?, "security_groups", g2.clone())?;
            vpc_item(doc, kind, &o2)?
                .as_object_mut()?
                .insert("security_groups".into(), json!([n2]));
            Some(())
        }),
    });
}

/// A resource or endpoint policy allowed nothing: add the statement that allows the call.
fn policy_candidates(net: &Network, req: &Request, t: &Trace, out: &mut Vec<Candidate>) {
    let endpoint = t.steps.iter().find_map(|s| match s {
        Step::Arrive { at, .. } => net.endpoints.iter().find(|e| &e.id == at),
        _ => None,
    });
    for s in &t.steps {
        let Step::Service {
            policy: Some(check),
            ..
        } = s
        else {
            continue;
        };
        if check.decision != PolicyDecision::ImplicitDeny {
            continue;
        }
        if check.kind == PolicyKind::Resource
            && let Some(api) = net.apis.iter().find(|a| a.id == check.of)
        {
            let condition = match endpoint {
                Some(ep) => json!({ "StringEquals": { "aws:SourceVpce": ep.id } }),
                None => Value::Null,
            };
            let mut statement = json!({ "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*" });
            if !condition.is_null() {
                statement["Condition"] = condition;
            }
            let (id, st) = (api.id.clone(), statement.clone());
            out.push(Candidate {
                title: format!("allow the call in {}'s resource policy", api.id),
                edits: vec![format!(
                    "apis[{}]: policy: Statement: + {}",
                    api.id,
                    flow(&statement)
                )],
                apply: Box::new(move |doc| {
                    add_statement(item(doc, "apis", &id)?.get_mut("policy")?, st.clone())
                }),
            });
        }
        if check.kind == PolicyKind::Endpoint
            && let Some(ep) = endpoint.filter(|ep| ep.id == check.of)
        {
            // The action the service derived from the request; through an execute-api
            // endpoint it is always Invoke.
            let action = if ep.service == "execute-api" {
                "execute-api:Invoke".to_string()
            } else {
                let call = crate::services::aws_service::ServiceCall {
                    service: &ep.service,
                    region: &ep.region,
                    endpoint: None,
                    caller: crate::arrival::Caller::default(),
                    method: &req.method,
                    host: &req.url.host,
                    path: &req.url.path,
                    query: &req.url.query,
                    headers: &req.headers,
                };
                crate::services::aws_service::action_and_resource(&call).0
            };
            let statement =
                json!({ "Effect": "Allow", "Principal": "*", "Action": action, "Resource": "*" });
            let vpc = net.vpcs[ep.vpc.0].id.clone();
            let (id, st) = (ep.id.clone(), statement.clone());
            out.push(Candidate {
                title: format!("allow {action} in {}'s endpoint policy", ep.id),
                edits: vec![format!(
                    "vpcs[{vpc}].endpoints[{}]: policy: Statement: + {}",
                    ep.id,
                    flow(&statement)
                )],
                apply: Box::new(move |doc| {
                    add_statement(
                        vpc_item(doc, "endpoints", &id)?.get_mut("policy")?,
                        st.clone(),
                    )
                }),
            });
        }
    }
}

/// Appends a statement to a policy document (`Statement` may be one statement or a list).
fn add_statement(policy: &mut Value, statement: Value) -> Option<()> {
    match policy.get_mut("Statement")? {
        Value::Array(list) => list.push(statement),
        other => {
            let one = other.take();
            *other = json!([one, statement]);
        }
    }
    Some(())
}
