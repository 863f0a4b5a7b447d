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
use crate::import::yaml::{list, q};

/// A policy as API Gateway prints it: a JSON string whose quotes are escaped once more
/// (`"{\"Version\":...}"`), decoded to compact JSON.
fn api_policy(text: &str) -> Option<String> {
    let direct = serde_json::from_str::<Value>(text)
        .ok()
        .filter(Value::is_object);
    let doc = direct.or_else(|| {
        let unescaped = serde_json::from_str::<String>(&format!("\"{text}\"")).ok()?;
        serde_json::from_str::<Value>(&unescaped)
            .ok()
            .filter(Value::is_object)
    })?;
    Some(doc.to_string())
}

/// REST APIs with their stages, and custom domains with their mappings.
pub(crate) fn apis(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let endpoints: BTreeSet<String> = w
        .vpcs
        .iter()
        .flat_map(|v| v.endpoints.iter().map(|e| e.id.clone()))
        .collect();
    let mut imported = BTreeSet::new();
    for item in dump.items("RestApis") {
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
            notes.add(format!(
                "REST API {id} has no stage in the dump (RestApiStages): left out"
            ));
            continue;
        }
        let kind = endpoint_type(&item.value);
        let policy = match item.os("policy")? {
            Some(p) => match api_policy(p) {
                Some(doc) => Some(doc),
                None => {
                    notes.add(format!(
                        "REST API {id}'s policy is not JSON: left out with it"
                    ));
                    continue;
                }
            },
            None => None,
        };
        if kind == "private" && policy.is_none() {
            notes.add(format!(
                "private REST API {id} has no resource policy (AWS does not deploy it): left out"
            ));
            continue;
        }
        let vpces: Vec<String> = item
            .value
            .pointer("/endpointConfiguration/vpcEndpointIds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|e| endpoints.contains(*e))
            .map(str::to_string)
            .collect();
        let mut y = format!("  - id: {}\n", q(&id));
        if let Some(name) = item.os("name")? {
            y.push_str(&format!("    name: {}\n", q(name)));
        }
        y.push_str(&format!("    endpoint: {kind}\n"));
        if let Some(r) = item.region.as_deref().filter(|r| *r != w.region) {
            y.push_str(&format!("    region: {}\n", q(r)));
        }
        y.push_str(&format!("    stages: {}\n", list(&stages)));
        if !vpces.is_empty() {
            y.push_str(&format!("    vpc_endpoints: {}\n", list(&vpces)));
        }
        if item.flag("disableExecuteApiEndpoint")? {
            y.push_str("    disable_execute_api_endpoint: true\n");
        }
        if let Some(p) = policy {
            y.push_str(&format!("    policy: {p}\n"));
        }
        imported.insert(id);
        w.apis.push(y);
    }
    if !w.apis.is_empty() {
        notes.add("API Gateway resources and methods are not collected: every path and method of an imported API answers");
    }
    for item in dump.items("DomainNames") {
        let name = item.s("domainName")?.to_string();
        let kind = endpoint_type(&item.value);
        let target = match kind.as_str() {
            "edge" => item.os("distributionDomainName")?,
            "regional" => item.os("regionalDomainName")?,
            _ => None,
        };
        let Some(target) = target else {
            notes.add(format!(
                "not modelled: {kind} custom domain {name} (left out)"
            ));
            continue;
        };
        let mut mappings = Vec::new();
        for m in dump.items("BasePathMappings") {
            if m.value.get("domainName").and_then(Value::as_str) != Some(&name) {
                continue;
            }
            for x in m
                .value
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let api = x.get("restApiId").and_then(Value::as_str).unwrap_or("");
                let stage = x.get("stage").and_then(Value::as_str).unwrap_or("");
                let path = x
                    .get("basePath")
                    .and_then(Value::as_str)
                    .unwrap_or("(none)");
                let path = if path == "(none)" { "" } else { path };
                if imported.contains(api) && !stage.is_empty() {
                    mappings.push(format!(
                        "{{ path: {}, api: {}, stage: {} }}",
                        serde_json::to_string(path).unwrap_or_default(),
                        q(api),
                        q(stage)
                    ));
                } else {
                    notes.add(format!(
                        "a base path mapping of {name} to an API left out: left out"
                    ));
                }
            }
        }
        w.domains.push(format!(
            "  - {{ name: {}, endpoint: {kind}, target: {}, mappings: [{}] }}\n",
            q(&name),
            q(target.trim_end_matches('.')),
            mappings.join(", ")
        ));
    }
    Ok(())
}

/// A record name as Route 53 lists it (`\052.example.com.`) as written in a scenario.
fn record_name(name: &str) -> String {
    name.trim_end_matches('.')
        .replace("\\052", "*")
        .to_ascii_lowercase()
}

/// Hosted zones, the VPCs of private ones, and their A, CNAME and alias records.
pub(crate) fn zones(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let vpcs: BTreeSet<&str> = w.vpcs.iter().map(|v| v.id.as_str()).collect();
    for item in dump.items("HostedZones") {
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
        let mut associated = Vec::new();
        for z in dump
            .items("HostedZoneVpcs")
            .iter()
            .filter(|z| same(&z.value, "HostedZoneId"))
        {
            for v in z.list("VPCs")? {
                match v.get("VPCId").and_then(Value::as_str) {
                    Some(v) if vpcs.contains(v) => associated.push(v.to_string()),
                    Some(v) => notes.add(format!("private zone {name} is associated with {v}, not in the dump: left out of it")),
                    None => {}
                }
            }
        }
        if private && associated.is_empty() {
            notes.add(format!(
                "private zone {name} is associated with no VPC of the dump: left out"
            ));
            continue;
        }
        let mut records = Vec::new();
        let mut seen = BTreeSet::new();
        for sets in dump
            .items("HostedZoneRecordSets")
            .iter()
            .filter(|z| same(&z.value, "HostedZoneId"))
        {
            for (i, r) in sets.list("ResourceRecordSets")?.iter().enumerate() {
                let r = sets.child(&format!("ResourceRecordSets[{i}]"), r);
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
                let written = match (kind, alias) {
                    ("A", Some(t)) => Some(format!(
                        "{{ name: {}, type: ALIAS, target: {} }}",
                        q(&rname),
                        q(&record_name(t))
                    )),
                    ("A", None) if !values.is_empty() => Some(format!(
                        "{{ name: {}, type: A, values: {} }}",
                        q(&rname),
                        list(&values)
                    )),
                    ("CNAME", None) if values.len() == 1 => Some(format!(
                        "{{ name: {}, type: CNAME, value: {} }}",
                        q(&rname),
                        q(&values[0])
                    )),
                    ("NS" | "SOA", _) => None,
                    _ => {
                        notes.add(format!("not modelled: {kind} records (left out)"));
                        None
                    }
                };
                let Some(written) = written else {
                    continue;
                };
                if !seen.insert(rname.clone()) {
                    notes.add("not modelled: routing policies (a name with several record sets keeps its first)");
                    continue;
                }
                records.push(written);
            }
        }
        let mut y = format!("  - name: {}\n", q(&name));
        if private {
            y.push_str(&format!(
                "    private: true\n    vpcs: {}\n",
                list(&associated)
            ));
        }
        if records.is_empty() {
            y.push_str("    records: []\n");
        } else {
            y.push_str("    records:\n");
            for r in records {
                y.push_str(&format!("      - {r}\n"));
            }
        }
        w.zones.push(y);
    }
    Ok(())
}

/// The endpoint type of a REST API or a custom domain as `get-rest-apis` and `get-domain-names`
/// write it (`endpointConfiguration.types`), lower case; AWS's default is edge-optimized.
fn endpoint_type(value: &Value) -> String {
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
