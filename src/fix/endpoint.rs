//! A private API called from a VPC that has no execute-api interface endpoint: the fix is the
//! endpoint (private APIs are reached only through one, F3.2), with private DNS on so that the
//! API's default name resolves to it (F1.1). Like every candidate, it is kept only if the
//! request, re-simulated, then gets what is wanted (the API's policy must admit it too).

use super::*;

/// The id the added endpoint takes (not one of the scenario's).
const NEW_ENDPOINT: &str = "vpce-execute-api";

pub(super) fn endpoint_candidates(net: &Network, i: usize, api: &Api, out: &mut Vec<Candidate>) {
    let req = &net.requests[i];
    let Client::Instance(ix) = req.client else {
        return;
    };
    let subnet = &net.subnets[net.instances[ix.0].subnet.0];
    let vpc = &net.vpcs[subnet.vpc.0];
    let has_one = net.endpoints.iter().any(|e| {
        e.vpc == subnet.vpc
            && e.service == crate::aws::Service::ExecuteApi
            && matches!(e.kind, EndpointKind::Interface { .. })
    });
    if has_one || net.ids.contains_key(NEW_ENDPOINT) {
        return;
    }
    let endpoint = json!({
        "id": NEW_ENDPOINT,
        "service": "execute-api",
        "subnets": [subnet.id],
        "private_dns": true,
    });
    // Private DNS needs both DNS attributes of the VPC (F5.3): those off are turned on.
    let attributes: Vec<&str> = [
        ("dns_support", vpc.dns_support),
        ("dns_hostnames", vpc.dns_hostnames),
    ]
    .into_iter()
    .filter(|(_, on)| !on)
    .map(|(key, _)| key)
    .collect();
    let mut edits: Vec<String> = attributes
        .iter()
        .map(|key| format!("vpcs[{}]: {key}: true", vpc.id))
        .collect();
    edits.push(format!(
        "vpcs[{}]: endpoints: + {}",
        vpc.id,
        flow(&endpoint)
    ));
    let (vpc_id, added) = (vpc.id.clone(), endpoint.clone());
    let keys: Vec<String> = attributes.iter().map(|k| k.to_string()).collect();
    out.push(Candidate {
        title: format!(
            "add an execute-api interface endpoint to {}: private API {} is reached only through one",
            vpc.id, api.id
        ),
        edits,
        // A new component, and DNS attributes that change every name the VPC asks.
        touches: Touch::Everything,
        apply: Box::new(move |doc| {
            let vpc = item(doc, "vpcs", &vpc_id)?;
            for key in &keys {
                vpc.as_object_mut()?.insert(key.clone(), json!(true));
            }
            push(vpc, "endpoints", added.clone())
        }),
    });
}
