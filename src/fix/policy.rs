//! Candidates where a policy denied: a statement that allows the caller.

use super::*;

/// A resource or endpoint policy allowed nothing: add the statement that allows the call.
pub(super) fn policy_candidates(net: &Network, req: &Request, t: &Trace, out: &mut Vec<Candidate>) {
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
                touches: api_doors(net, &api.id),
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
            let action = if ep.service == crate::aws::Service::ExecuteApi {
                "execute-api:Invoke".to_string()
            } else {
                let call = crate::services::aws_service::ServiceCall {
                    service: &ep.service,
                    region: ep.region,
                    endpoint: None,
                    caller: crate::arrival::Caller::default(),
                    method: &req.method,
                    host: &req.url.host,
                    path: &req.url.path,
                    query: &req.url.query,
                    headers: &req.headers,
                    secure: req.url.tls(),
                    principal: None,
                    unsigned: false,
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
                // Evaluated only where the packets arrive at it.
                touches: Touch::ids([ep.id.clone()]),
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
