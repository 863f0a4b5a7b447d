//! API Gateway (REST APIs, their stages and policies, custom domains and base path mappings)
//! and Route 53 (hosted zones, their VPCs and records), from the collector's files.
//!
//! The AWS CLI prints these under keys that name nothing (`items`, `item`) and without their
//! parent (a record set does not name its zone), so the collector wraps each call's output:
//! `RestApis` (get-rest-apis' `items`), `RestApiStages` (`[{restApiId, item}]`), `DomainNames`
//! (get-domain-names' `items`), `BasePathMappings` (`[{domainName, items}]`), `HostedZones`
//! (list-hosted-zones), `HostedZoneVpcs` (`[{HostedZoneId, VPCs}]` from get-hosted-zone) and
//! `HostedZoneRecordSets` (`[{HostedZoneId, ResourceRecordSets}]`).

use super::*;

/// A policy as API Gateway prints it: a JSON string whose quotes are escaped once more
/// (`"{\"Version\":...}"`), decoded.
fn api_policy(text: &str) -> Option<Value> {
    let direct = serde_json::from_str::<Value>(text)
        .ok()
        .filter(Value::is_object);
    direct.or_else(|| {
        let unescaped = serde_json::from_str::<String>(&format!("\"{text}\"")).ok()?;
        serde_json::from_str::<Value>(&unescaped)
            .ok()
            .filter(Value::is_object)
    })
}

/// REST APIs with their stages, and custom domains with their mappings.
pub(super) fn apis(cx: &mut Cx) -> Result<(), ImportError> {
    let dump = cx.dump;
    let mut imported = BTreeSet::new();
    cx.each("RestApis", "id", |cx, item| {
        let id = item.s("id")?.to_string();
        let stages: Vec<String> = dump
            .items("RestApiStages")
            .iter()
            .filter(|s| s.value.get("restApiId").and_then(Value::as_str) == Some(&id))
            .flat_map(|s| {
                s.value
                    .get("item")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(|st| {
                st.get("stageName")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect();
        if stages.is_empty() {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a REST API with no stage in the dump (RestApiStages)",
            );
            return Ok(());
        }
        let kind = endpoint_type(&item.value);
        let policy = match item.os("policy")? {
            Some(p) => match api_policy(p) {
                Some(doc) => Some(doc),
                None => {
                    cx.b.notes.about(
                        NoteKind::LeftOut,
                        id,
                        Some(item.place()),
                        "a REST API whose policy is not JSON",
                    );
                    return Ok(());
                }
            },
            None => None,
        };
        let vpces: Vec<String> = item
            .value
            .pointer("/endpointConfiguration/vpcEndpointIds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        let pos = cx.at(&id, item);
        let vpc_endpoints = vpces
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let p = cx.at_field(
                    &id,
                    item,
                    &format!("endpointConfiguration.vpcEndpointIds[{i}]"),
                );
                sp(p, e)
            })
            .collect();
        let api = model::Api {
            id: sp(pos, id.clone()),
            name: item.os("name")?.map(str::to_string),
            endpoint: Some(sp(pos, kind)),
            region: item.region.clone().map(|r| sp(pos, r)),
            stages: stages.into_iter().map(|s| sp(pos, s)).collect(),
            vpc_endpoints,
            disable_execute_api_endpoint: item.flag("disableExecuteApiEndpoint")?,
            policy: policy.map(|p| sp(pos, p)),
            ..model::Api::default()
        };
        imported.insert(id);
        cx.b.s.apis.push(sp(pos, api));
        Ok(())
    })?;
    if !cx.b.s.apis.is_empty() {
        cx.b.notes.add(NoteKind::Assumed, "API Gateway resources and methods are not collected: every path and method of an imported API answers");
    }
    cx.each("DomainNames", "domainName", |cx, item| {
        domain(cx, item, &imported)
    })
}

/// A custom domain name and its base path mappings.
fn domain(cx: &mut Cx, item: &Item, imported: &BTreeSet<String>) -> Result<(), Bad> {
    let name = item.s("domainName")?.to_string();
    let kind = endpoint_type(&item.value);
    let target = match kind.as_str() {
        "edge" => item.os("distributionDomainName")?,
        "regional" => item.os("regionalDomainName")?,
        _ => None,
    };
    let Some(target) = target else {
        cx.b.notes.about(
            NoteKind::NotModelled,
            name,
            Some(item.place()),
            format!("{kind} custom domains (left out)"),
        );
        return Ok(());
    };
    let pos = cx.at(&name, item);
    let mut mappings = Vec::new();
    for m in cx.dump.items("BasePathMappings") {
        if m.value.get("domainName").and_then(Value::as_str) != Some(&name) {
            continue;
        }
        for x in m.children("items")? {
            let api = x.os("restApiId")?.unwrap_or("");
            let stage = x.os("stage")?.unwrap_or("");
            let path = x.os("basePath")?.unwrap_or("(none)");
            let path = if path == "(none)" { "" } else { path };
            if imported.contains(api) && !stage.is_empty() {
                let p = cx.b.at(name.clone(), x.place());
                mappings.push(sp(
                    p,
                    model::Mapping {
                        path: path.to_string(),
                        api: sp(p, api.to_string()),
                        stage: sp(p, stage.to_string()),
                    },
                ));
            } else {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    name.clone(),
                    Some(x.place()),
                    "a base path mapping to an API left out, or without a stage",
                );
            }
        }
    }
    cx.b.s.custom_domains.push(sp(
        pos,
        model::CustomDomain {
            name: sp(pos, name),
            endpoint: sp(pos, kind),
            target: Some(sp(pos, target.trim_end_matches('.').to_string())),
            mappings,
            ..model::CustomDomain::default()
        },
    ));
    Ok(())
}

/// A record name as Route 53 lists it (`\052.example.com.`) as written in a scenario.
pub(super) fn record_name(name: &str) -> String {
    name.trim_end_matches('.')
        .replace("\\052", "*")
        .to_ascii_lowercase()
}

/// Hosted zones, the VPCs of private ones, and their A, CNAME and alias records.
pub(super) fn zones(cx: &mut Cx) -> Result<(), ImportError> {
    cx.each("HostedZones", "Id", zone)
}

/// One hosted zone.
fn zone(cx: &mut Cx, item: &Item) -> Result<(), Bad> {
    let id = item.s("Id")?.trim_start_matches("/hostedzone/").to_string();
    let name = record_name(item.s("Name")?);
    let private = item
        .value
        .pointer("/Config/PrivateZone")
        .and_then(Value::as_bool)
        == Some(true);
    let same = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(|z| z.trim_start_matches("/hostedzone/"))
            == Some(id.as_str())
    };
    let pos = cx.at(&name, item);
    let dump = cx.dump;
    let mut vpcs = Vec::new();
    for z in dump
        .items("HostedZoneVpcs")
        .iter()
        .filter(|z| same(&z.value, "HostedZoneId"))
    {
        for v in z.children("VPCs")? {
            if let Some(vpc) = v.os("VPCId")? {
                let p = cx.b.at(name.clone(), v.place());
                vpcs.push(sp(p, vpc.to_string()));
            }
        }
    }
    let mut records = Vec::new();
    let mut seen = BTreeSet::new();
    for sets in dump
        .items("HostedZoneRecordSets")
        .iter()
        .filter(|z| same(&z.value, "HostedZoneId"))
    {
        for r in sets.children("ResourceRecordSets")? {
            let rname = record_name(r.s("Name")?);
            let kind = r.s("Type")?;
            let values: Vec<String> = r
                .list("ResourceRecords")?
                .iter()
                .filter_map(|x| x.get("Value").and_then(Value::as_str))
                .map(|v| v.trim_end_matches('.').to_string())
                .collect();
            let alias = r
                .value
                .pointer("/AliasTarget/DNSName")
                .and_then(Value::as_str);
            let p = cx.b.at(rname.clone(), r.place());
            let record = |kind: &str| model::Record {
                name: sp(p, rname.clone()),
                kind: sp(p, kind.to_string()),
                ..model::Record::default()
            };
            let written = match (kind, alias) {
                ("A", Some(t)) => Some(model::Record {
                    target: Some(sp(p, record_name(t))),
                    ..record("ALIAS")
                }),
                ("A", None) if !values.is_empty() => Some(model::Record {
                    values: values.iter().map(|v| sp(p, v.clone())).collect(),
                    ..record("A")
                }),
                ("CNAME", None) if values.len() == 1 => Some(model::Record {
                    value: Some(sp(p, values[0].clone())),
                    ..record("CNAME")
                }),
                ("NS" | "SOA", _) => None,
                _ => {
                    cx.b.notes.about(
                        NoteKind::NotModelled,
                        rname.clone(),
                        Some(r.place()),
                        format!("{kind} records (left out)"),
                    );
                    None
                }
            };
            let Some(written) = written else {
                continue;
            };
            if !seen.insert(rname.clone()) {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    rname,
                    Some(r.place()),
                    "routing policies (a name with several record sets keeps its first)",
                );
                continue;
            }
            records.push(sp(p, written));
        }
    }
    cx.b.s.dns_zones.push(sp(
        pos,
        model::DnsZone {
            name: sp(pos, name),
            private,
            vpcs,
            records,
        },
    ));
    Ok(())
}

/// The endpoint type of a REST API or a custom domain as `get-rest-apis` and `get-domain-names`
/// write it (`endpointConfiguration.types`), lower case; AWS's default is edge-optimized.
pub(crate) fn endpoint_type(value: &Value) -> String {
    value
        .pointer("/endpointConfiguration/types/0")
        .and_then(Value::as_str)
        .unwrap_or("EDGE")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_gateway_policies_are_decoded_however_they_are_escaped() {
        let once = r#"{"Version":"2012-10-17","Statement":[]}"#;
        let twice = r#"{\"Version\":\"2012-10-17\",\"Statement\":[]}"#;
        assert_eq!(api_policy(once), api_policy(twice));
        assert!(api_policy(once).is_some());
        assert_eq!(api_policy("not json"), None);
    }

    #[test]
    fn route_53_names_lose_their_dot_and_escaped_wildcard() {
        assert_eq!(record_name("\\052.Example.com."), "*.example.com");
    }
}
