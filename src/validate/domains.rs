//! API Gateway custom domains: their targets and base path mappings.

use super::{Kind, Validator, dns_name, is_dns_name, suggest_or};
use crate::aws;
use crate::aws::words::Word;
use crate::error::{Code, Pos};
use crate::model::{self};
use crate::net::*;

impl Validator {
    /// API Gateway custom domain names.
    pub(crate) fn custom_domains(&mut self, s: &model::Scenario) {
        for d in &s.custom_domains {
            let d = &d.value;
            let name = dns_name(&d.name.value);
            if !is_dns_name(&name, true) {
                self.err(
                    Code::Domain,
                    Pos::of(&d.name),
                    format!("`{}` is not a domain name", d.name.value),
                )
                .help("write a name such as api.example.com");
            }
            let private = EndpointType::parse(&d.endpoint.value) == Some(EndpointType::Private);
            if let Some(o) = self
                .net
                .custom_domains
                .iter()
                .find(|o| o.name == name && (o.endpoint == EndpointType::Private) == private)
            {
                let msg = format!("custom domain {} is declared twice", o.name);
                self.err(Code::Domain, Pos::of(&d.name), msg)
                    .help("a public custom domain name is unique in a Region across all accounts");
            }
            let endpoint = self
                .word(Code::Domain, &d.endpoint)
                .unwrap_or(EndpointType::Regional);
            let region = self.net.region;
            let target = self.domain_target(d, endpoint, &region);
            let mappings = self.mappings(d, endpoint, &name);
            let from = format!("custom domain {name}");
            let vpc_endpoints: Vec<EndpointIx> = d
                .vpc_endpoints
                .iter()
                .filter_map(|r| {
                    let e = EndpointIx(self.resolve(r, Kind::Endpoint, &from)?);
                    self.execute_api_endpoint(r, e)
                })
                .collect();
            let prefix = format!(
                "arn:aws:execute-api:{region}:{}:/domainnames/{name}",
                self.net.account
            );
            let policy = d
                .policy
                .as_ref()
                .and_then(|p| self.policy(p, Some(&prefix)));
            if endpoint == EndpointType::Private {
                if d.policy.is_none() {
                    // F2.9: a new private custom domain starts with a deny-all policy.
                    self.warn(Code::ForbiddenDomain, Pos::of(&d.name), format!("private custom domain {name} has no `policy`: like AWS's new private domains it denies every invocation"))
                        .help("add a `policy` that allows execute-api:Invoke, usually with an aws:SourceVpce condition (F2.9)");
                }
            } else if !d.vpc_endpoints.is_empty() || d.policy.is_some() {
                self.err(
                    Code::Domain,
                    Pos::of(&d.name),
                    "`vpc_endpoints` and `policy` belong to private custom domains",
                )
                .help("remove them, or make the domain `endpoint: private`");
            }
            self.net.custom_domains.push(CustomDomain {
                name,
                endpoint,
                target,
                region,
                mappings,
                vpc_endpoints,
                policy,
            });
        }
    }

    pub(crate) fn domain_target(
        &mut self,
        d: &model::CustomDomain,
        endpoint: EndpointType,
        region: &str,
    ) -> Option<String> {
        let t = d.target.as_ref().map(|t| (dns_name(&t.value), Pos::of(t)));
        match (endpoint, t) {
            (EndpointType::Edge, Some((t, pos))) if !t.ends_with(".cloudfront.net") => {
                self.err(Code::Domain, pos, format!("an edge-optimized custom domain's target is its CloudFront distribution (*.cloudfront.net), not {t}"))
                    .help("e.g. target: d111111abcdef8.cloudfront.net");
                None
            }
            (EndpointType::Regional, Some((t, pos))) => {
                let ok = aws::parse_execute_api_host(&t)
                    .is_some_and(|(label, r)| label.starts_with("d-") && r == region);
                if !ok {
                    self.err(Code::Domain, pos, format!("a Regional custom domain's target is d-<id>.execute-api.{region}.amazonaws.com, not {t}"))
                        .help(format!("e.g. target: d-abc123xyz.execute-api.{region}.amazonaws.com"));
                    return None;
                }
                Some(t)
            }
            (EndpointType::Private, Some((_, pos))) => {
                self.err(Code::Domain, pos, "a private custom domain has no `target`")
                    .help("consumers point the name at their execute-api endpoint (a private zone record); list the endpoints under `vpc_endpoints`");
                None
            }
            (EndpointType::Private, None) => None,
            (_, Some((t, _))) => Some(t),
            (_, None) => {
                self.err(Code::Domain, Pos::of(&d.name), format!("custom domain {} has no `target`", d.name.value))
                    .help("write the API Gateway domain name its DNS record points at (edge: d….cloudfront.net; regional: d-….execute-api.<region>.amazonaws.com)");
                None
            }
        }
    }

    pub(crate) fn mappings(
        &mut self,
        d: &model::CustomDomain,
        endpoint: EndpointType,
        name: &str,
    ) -> Vec<Mapping> {
        let mut out: Vec<Mapping> = Vec::new();
        let from = format!("custom domain {name}");
        for m in &d.mappings {
            let mv = &m.value;
            let path: Vec<String> = mv
                .path
                .trim_matches('/')
                .split('/')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if path.len() > 1 && endpoint == EndpointType::Edge {
                self.err(
                    Code::Domain,
                    Pos::of(m),
                    "multi-level base paths need a Regional custom domain",
                )
                .help(
                    "use a single-level path such as v1, or make the domain `endpoint: regional`",
                );
            }
            if out.iter().any(|o| o.path == path) {
                self.err(Code::Duplicate,
                    Pos::of(m),
                    format!("base path `{}` is mapped twice", mv.path),
                ).help("each base path maps to one API stage; remove one mapping or give it another path");
                continue;
            }
            let Some(api) = self.resolve(&mv.api, Kind::Api, &from).map(ApiIx) else {
                continue;
            };
            let a = &self.net.apis[api.0];
            if !a.stages.contains(&mv.stage.value) {
                let help = suggest_or(
                    &mv.stage.value,
                    a.stages.iter().map(String::as_str),
                    &format!("API {} has stages {}", a.id, a.stages.join(", ")),
                );
                self.err(
                    Code::Reference,
                    Pos::of(&mv.stage),
                    format!("API {} has no stage `{}`", a.id, mv.stage.value),
                )
                .help(help);
                continue;
            }
            let problem = match (endpoint, a.kind, a.endpoint) {
                (EndpointType::Private, _, t) if t != EndpointType::Private => Some((
                    "a private custom domain maps private REST APIs only",
                    "map a private API here, or map this API on a public custom domain",
                )),
                (_, _, EndpointType::Private) if endpoint != EndpointType::Private => Some((
                    "a private API can only be mapped on a private custom domain",
                    "map it on a custom domain with `endpoint: private`",
                )),
                (EndpointType::Edge, k, _) if k != ApiKind::Rest => Some((
                    "HTTP and WebSocket APIs take Regional custom domains only",
                    "map it on a custom domain with `endpoint: regional`",
                )),
                _ => None,
            };
            if let Some((p, help)) = problem {
                self.err(Code::Domain, Pos::of(&mv.api), p).help(help);
                continue;
            }
            // WebSocket APIs share a custom domain with WebSocket APIs only (F5.19).
            let websocket = a.kind == ApiKind::WebSocket;
            if let Some(other) = out
                .iter()
                .map(|o| &self.net.apis[o.api.0])
                .find(|o| (o.kind == ApiKind::WebSocket) != websocket)
            {
                let (ws, rest) = if websocket { (a, other) } else { (other, a) };
                let msg = format!(
                    "custom domain {name} maps WebSocket API {} and {} API {}: a WebSocket API cannot share a custom domain with a REST or HTTP API",
                    ws.id,
                    if rest.kind == ApiKind::Rest {
                        "REST"
                    } else {
                        "HTTP"
                    },
                    rest.id
                );
                self.err(Code::Domain, Pos::of(&mv.api), msg).help(
                    "give the WebSocket API a custom domain of its own (wss://ws.example.com), as API Gateway requires (F5.19)",
                );
                continue;
            }
            if a.region != self.net.region {
                let msg = format!(
                    "API {} is in {}, but the custom domain is in {}",
                    a.id, a.region, self.net.region
                );
                self.err(Code::Scope, Pos::of(&mv.api), msg).help("a custom domain maps APIs of its own Region; create the domain in the API's Region");
                continue;
            }
            out.push(Mapping {
                path,
                api,
                stage: mv.stage.value.clone(),
            });
        }
        if d.mappings.is_empty() {
            self.warn(
                Code::ForbiddenDomain,
                Pos::of(&d.name),
                format!(
                    "custom domain {name} has no base path mappings: every request to it gets 403"
                ),
            )
            .help("add `mappings: [{ path: \"\", api: <api-id>, stage: <stage> }]`");
        }
        out
    }
}
