//! Candidates where DNS decided: the endpoint's private DNS that captured a name, custom domains
//! and Route 53 aliases that would reach the API another way.

use super::*;

/// An endpoint's private DNS captured the name: turn it off. A CNAME to a Regional custom
/// domain's target was captured: make it an alias.
pub(super) fn dns_candidates(net: &Network, _i: usize, t: &Trace, out: &mut Vec<Candidate>) {
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
        let captured_by = match source {
            DnsSource::EndpointPrivateDns { endpoint, .. } => Some(endpoint),
            _ => None,
        };
        if let Some(ep) = captured_by.and_then(|id| {
            net.endpoints
                .iter()
                .find(|e| e.has_private_dns() && e.id == id.as_str())
        }) {
            let id = ep.id.clone();
            let vpc = net.vpcs[ep.vpc.0].id.clone();
            out.push(Candidate {
                title: format!("turn private DNS off on {id}"),
                edits: vec![format!("vpcs[{vpc}].endpoints[{id}]: private_dns: false")],
                // The names its private DNS zone holds, wherever they are asked.
                touches: Touch::Keys(vec![
                    Key::Id(id.clone()),
                    Key::Zone(crate::dns::endpoint_zone(ep).0),
                ]),
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
                touches: Touch::Keys(vec![Key::Zone(record.clone())]),
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
pub(super) fn custom_domain_candidates(net: &Network, i: usize, out: &mut Vec<Candidate>) {
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
        endpoint_candidates(net, i, api, out);
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
    let has_zone = net
        .zones
        .iter()
        .any(|z| z.name == "example.com" && !z.private);
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
                // The zone is named as the file has it, or added whole.
                if has_zone {
                    format!(
                        "dns_zones[example.com] (public): records: + {}",
                        flow(&record)
                    )
                } else {
                    format!(
                        "dns_zones: + {}",
                        flow(&json!({ "name": "example.com", "records": [record.clone()] }))
                    )
                },
                format!("requests[{}]: url: {new_url}", req.name),
            ],
            // The new domain's name (its record, the certificates that now cover it, its
            // mapping by Host) and its target's; the whole zone, which the edit adds when the
            // file as written has none by exactly that name (one the loader reads as the same
            // name, `Example.com.`, would be shadowed by it).
            touches: Touch::Keys(vec![
                Key::Zone("example.com".into()),
                Key::Zone(target.clone()),
                Key::Id(api.id.clone()),
            ]),
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
pub(super) fn alias_candidates(net: &Network, i: usize, api: &Api, out: &mut Vec<Candidate>) {
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
            // The request's own URL: no other request changes.
            touches: Touch::Keys(Vec::new()),
            apply: Box::new(move |doc| set_url(doc, req_index, &u2)),
        });
    }
}
