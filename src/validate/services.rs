//! Validation of hosted zones, API Gateway APIs and custom domains, and requests.

use std::net::Ipv4Addr;

use super::{Kind, Validator, dns_name, is_dns_name, suggest_or};
use crate::aws;
use crate::error::Pos;
use crate::model::{self, Sp};
use crate::net::*;

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

impl Validator {
    /// Route 53 hosted zones.
    pub(super) fn zones(&mut self, s: &model::Scenario) {
        for z in &s.dns_zones {
            let z = &z.value;
            let name = dns_name(&z.name.value);
            if !is_dns_name(&name, false) {
                self.err(
                    Pos::of(&z.name),
                    format!("`{}` is not a domain name", z.name.value),
                )
                .help("write a name such as example.com");
            }
            let mut vpcs = Vec::new();
            for r in &z.vpcs {
                let from = format!("zone {name}");
                if let Some(v) = self.resolve(r, Kind::Vpc, &from) {
                    vpcs.push(VpcIx(v));
                    let vpc = &self.net.vpcs[v];
                    if z.private && !(vpc.dns_support && vpc.dns_hostnames) {
                        let w = format!(
                            "private zone {name} is associated with {}, whose dns_support and dns_hostnames are not both true: its Resolver ignores the zone",
                            vpc.id
                        );
                        self.warn(Pos::of(r), w).help(
                            "set `dns_support: true` and `dns_hostnames: true` on the VPC (F5.2)",
                        );
                    }
                }
            }
            if z.private && z.vpcs.is_empty() {
                self.err(Pos::of(&z.name), format!("private zone {name} is associated with no VPC"))
                    .help("AWS creates a private hosted zone with at least one VPC: add `vpcs: [vpc-...]`");
            }
            if !z.private && !z.vpcs.is_empty() {
                self.err(Pos::of(&z.name), format!("public zone {name} lists VPCs"))
                    .help("only private zones are associated with VPCs: add `private: true` or remove `vpcs`");
            }
            if let Some(other) = self.net.zones.iter().find(|o| {
                o.name == name
                    && o.private == z.private
                    && (!z.private || o.vpcs.iter().any(|v| vpcs.contains(v)))
            }) {
                let msg = format!(
                    "a {} zone named {} is already declared{}",
                    if z.private { "private" } else { "public" },
                    other.name,
                    if z.private { " for the same VPC" } else { "" }
                );
                self.err(Pos::of(&z.name), msg)
                    .help("put all records of one zone under one entry");
            }
            let records = z
                .records
                .iter()
                .filter_map(|r| self.record(&name, r))
                .collect::<Vec<_>>();
            self.check_record_sets(z);
            self.net.zones.push(Zone {
                name,
                private: z.private,
                vpcs,
                records,
            });
        }
    }

    fn record(&mut self, zone: &str, r: &Sp<model::Record>) -> Option<Record> {
        let rec = &r.value;
        let name = dns_name(&rec.name.value);
        if !is_dns_name(&name, true) {
            self.err(
                Pos::of(&rec.name),
                format!("`{}` is not a record name", rec.name.value),
            )
            .help("write a name inside the zone, e.g. api.example.com or *.example.com");
            return None;
        }
        let bare = name.strip_prefix("*.").unwrap_or(&name);
        if !(name == zone || bare == zone || bare.ends_with(&format!(".{zone}"))) {
            self.err(
                Pos::of(&rec.name),
                format!("record {name} is not inside zone {zone}"),
            )
            .help(format!("records of this zone end in {zone}"));
            return None;
        }
        let kind = rec.kind.value.to_ascii_uppercase();
        let single = |v: &mut Validator, what: &str| -> Option<String> {
            match (&rec.value, &rec.target, rec.values.is_empty()) {
                (Some(x), None, true) if what == "value" => Some(dns_name(&x.value)),
                (None, Some(x), true) if what == "target" => Some(dns_name(&x.value)),
                _ => {
                    v.err(Pos::of(r), format!("a {kind} record takes exactly one `{what}`"))
                        .help(format!("e.g. {{ name: {name}, type: {kind}, {what}: d111111abcdef8.cloudfront.net }}"));
                    None
                }
            }
        };
        let data = match kind.as_str() {
            "A" => {
                if rec.target.is_some() {
                    self.err(
                        Pos::of(r),
                        "an A record takes `values` (or one `value`), not `target`",
                    )
                    .help("for a Route 53 alias write `type: ALIAS, target: ...`");
                    return None;
                }
                let written: Vec<&Sp<String>> = rec.value.iter().chain(rec.values.iter()).collect();
                if written.is_empty() {
                    self.err(Pos::of(r), "an A record needs `values`")
                        .help("e.g. values: [192.0.2.10]");
                    return None;
                }
                let ips: Vec<Ipv4Addr> = written.into_iter().filter_map(|w| self.ip(w)).collect();
                RecordData::A(ips)
            }
            "CNAME" => {
                let t = single(self, "value")?;
                if name == zone {
                    self.err(
                        Pos::of(&rec.name),
                        format!("a CNAME cannot be at the zone apex {zone}"),
                    )
                    .help("use `type: ALIAS` at the apex, as Route 53 requires");
                    return None;
                }
                RecordData::Cname(t)
            }
            "ALIAS" => RecordData::Alias(single(self, "target")?),
            other => {
                self.err(
                    Pos::of(&rec.kind),
                    format!("record type `{other}` is not modelled"),
                )
                .help("write A, CNAME or ALIAS (a Route 53 alias A record)");
                return None;
            }
        };
        if let RecordData::Cname(t) | RecordData::Alias(t) = &data
            && !is_dns_name(t, false)
        {
            self.err(Pos::of(r), format!("`{t}` is not a domain name"))
                .help("write the name the record points to, e.g. d111111abcdef8.cloudfront.net");
            return None;
        }
        Some(Record { name, data })
    }

    /// One record set per name (and a CNAME alone at its name), checked on the records as
    /// written so each repeat is reported once, where it stands.
    fn check_record_sets(&mut self, z: &model::DnsZone) {
        let mut seen: Vec<(String, bool)> = Vec::new();
        for r in &z.records {
            let name = dns_name(&r.value.name.value);
            let cname = r.value.kind.value.eq_ignore_ascii_case("CNAME");
            if let Some((_, earlier_cname)) = seen.iter().find(|(n, _)| *n == name) {
                let msg = if cname || *earlier_cname {
                    format!(
                        "{name} has a CNAME and another record: a CNAME must be the only record at its name (RFC 1034)"
                    )
                } else {
                    format!(
                        "{name} has two address records: Route 53 keeps one record set per name and type"
                    )
                };
                self.err(Pos::of(&r.value.name), msg)
                    .help("merge them into one record (`values: [...]`) or remove one");
            }
            seen.push((name, cname));
        }
    }

    /// API Gateway APIs.
    pub(super) fn apis(&mut self, s: &model::Scenario) {
        for a in &s.apis {
            let a = &a.value;
            let id = a.id.value.clone();
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                self.err(
                    Pos::of(&a.id),
                    format!("API id `{id}` must be lowercase letters and digits"),
                )
                .help("API Gateway ids look like a1b2c3d4e5");
            }
            let kind = match a.kind.as_ref().map(|k| k.value.as_str()) {
                None | Some("rest") => ApiKind::Rest,
                Some("http") => ApiKind::Http,
                Some("websocket") => ApiKind::WebSocket,
                Some(other) => {
                    let msg = format!("`{other}` is not an API type");
                    self.err(a.kind.as_ref().map_or(Pos::of(&a.id), Pos::of), msg)
                        .help("write rest, http or websocket");
                    ApiKind::Rest
                }
            };
            let endpoint = self.api_endpoint_type(a, kind);
            let region = match &a.region {
                Some(r) if aws::is_region(&r.value) => r.value.clone(),
                Some(r) => {
                    self.err(
                        Pos::of(r),
                        format!("`{}` is not an AWS Region vpcpath knows", r.value),
                    )
                    .help(suggest_or(
                        &r.value,
                        aws::REGIONS.iter().copied(),
                        "write a Region code such as us-east-1",
                    ));
                    self.net.region.clone()
                }
                None => self.net.region.clone(),
            };
            if a.stages.is_empty() {
                self.err(Pos::of(&a.id), format!("API {id} has no deployed stage"))
                    .help("add `stages: [dev]`: an API is invoked through a stage");
            }
            for st in &a.stages {
                let ok = st.value == "$default" && kind == ApiKind::Http
                    || (!st.value.is_empty()
                        && st
                            .value
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                if !ok {
                    self.err(Pos::of(st), format!("`{}` is not a stage name", st.value))
                        .help("stage names are letters, digits, - and _ ($default for HTTP APIs)");
                }
            }
            let routes = a
                .routes
                .as_ref()
                .map(|rs| rs.iter().filter_map(|r| self.api_route(r, kind)).collect());
            if a.api_key_required && kind != ApiKind::Rest {
                self.err(Pos::of(&a.id), "API keys exist only for REST APIs")
                    .help("remove `api_key_required`, or make it `type: rest`");
            }
            let vpc_endpoints = self.api_endpoints(a, endpoint, kind);
            let prefix = format!("arn:aws:execute-api:{region}:{}:{id}/", self.net.account);
            let policy = a
                .policy
                .as_ref()
                .and_then(|p| self.policy(p, Some(&prefix)));
            if endpoint == EndpointType::Private && a.policy.is_none() {
                // F3.2: "For a private API, you can't deploy your API without a resource policy."
                self.err(Pos::of(&a.id), format!("private API {id} has no resource policy: AWS refuses to deploy it"))
                    .help("add a `policy:` that allows execute-api:Invoke, usually with a Deny unless aws:SourceVpce or aws:SourceVpc matches");
            }
            let response = a.response.clone().unwrap_or(model::Response {
                status: None,
                body: None,
            });
            let status = response.status.unwrap_or(200);
            if !(100..=599).contains(&status) {
                self.err(
                    Pos::of(&a.id),
                    format!("response status {status} is not an HTTP status"),
                )
                .help("write a status from 100 to 599, e.g. response: { status: 200 }");
            }
            self.net.apis.push(Api {
                id,
                name: a.name.clone(),
                kind,
                endpoint,
                region,
                stages: a.stages.iter().map(|s| s.value.clone()).collect(),
                routes,
                api_key_required: a.api_key_required,
                api_keys: a.api_keys.clone(),
                disable_execute_api_endpoint: a.disable_execute_api_endpoint,
                vpc_endpoints,
                policy,
                status,
                body: response.body.unwrap_or_default(),
            });
        }
    }

    fn api_endpoint_type(&mut self, a: &model::Api, kind: ApiKind) -> EndpointType {
        let written = a.endpoint.as_ref();
        let t = match written.map(|e| e.value.as_str()) {
            None if kind == ApiKind::Rest => EndpointType::Edge,
            None => EndpointType::Regional,
            Some("edge") => EndpointType::Edge,
            Some("regional") => EndpointType::Regional,
            Some("private") => EndpointType::Private,
            Some(other) => {
                let msg = format!("`{other}` is not an endpoint type");
                self.err(written.map_or_else(Pos::default, Pos::of), msg)
                    .help("write edge, regional or private");
                EndpointType::Regional
            }
        };
        if kind != ApiKind::Rest && t != EndpointType::Regional {
            let what = if kind == ApiKind::Http {
                "HTTP"
            } else {
                "WebSocket"
            };
            // F1.12, F4.9: edge-optimized and private are REST-only.
            self.err(
                written.map_or(Pos::of(&a.id), Pos::of),
                format!(
                    "{what} APIs are Regional only: AWS has no {} {what} API",
                    t.name()
                ),
            )
            .help("write `endpoint: regional` (or omit it), or make it `type: rest`");
        }
        t
    }

    fn api_route(&mut self, r: &Sp<String>, kind: ApiKind) -> Option<ApiRoute> {
        let text = r.value.trim();
        if text == "$default" {
            if kind != ApiKind::Http {
                self.err(Pos::of(r), "the `$default` route exists only for HTTP APIs")
                    .help("for a REST API use \"ANY /{proxy+}\"");
                return None;
            }
            return Some(ApiRoute {
                method: "ANY".into(),
                segments: Vec::new(),
                is_default: true,
                text: text.into(),
            });
        }
        let Some((method, path)) = text.split_once(' ') else {
            self.err(Pos::of(r), format!("route `{text}` has no method"))
                .help("write \"METHOD /path\", e.g. \"GET /orders\" or \"ANY /orders/{id}\"");
            return None;
        };
        let method = method.to_ascii_uppercase();
        if method != "ANY" && !METHODS.contains(&method.as_str()) {
            self.err(Pos::of(r), format!("`{method}` is not an HTTP method"))
                .help(format!("write ANY or one of {}", METHODS.join(", ")));
            return None;
        }
        let path = path.trim();
        if !path.starts_with('/') {
            self.err(Pos::of(r), format!("route path `{path}` must start with /"))
                .help("write \"METHOD /path\", e.g. \"GET /orders\"");
            return None;
        }
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if let Some(i) = segments.iter().position(|s| s.ends_with("+}"))
            && i + 1 != segments.len()
        {
            self.err(
                Pos::of(r),
                "a greedy path variable {name+} must be the last segment",
            )
            .help("write it last, e.g. \"ANY /files/{proxy+}\"");
            return None;
        }
        Some(ApiRoute {
            method,
            segments,
            is_default: false,
            text: text.into(),
        })
    }

    fn api_endpoints(
        &mut self,
        a: &model::Api,
        endpoint: EndpointType,
        kind: ApiKind,
    ) -> Vec<EndpointIx> {
        if !a.vpc_endpoints.is_empty()
            && (endpoint != EndpointType::Private || kind != ApiKind::Rest)
        {
            self.err(
                Pos::of(&a.vpc_endpoints[0]),
                "only private REST APIs are associated with VPC endpoints",
            )
            .help("remove `vpc_endpoints`, or make the API `endpoint: private`");
        }
        let from = format!("API {}", a.id.value);
        a.vpc_endpoints
            .iter()
            .filter_map(|r| {
                let e = EndpointIx(self.resolve(r, Kind::Endpoint, &from)?);
                self.execute_api_endpoint(r, e)
            })
            .collect()
    }

    /// Checks that a referenced endpoint is an execute-api interface endpoint.
    fn execute_api_endpoint(&mut self, r: &Sp<String>, e: EndpointIx) -> Option<EndpointIx> {
        let ep = &self.net.endpoints[e.0];
        if ep.service == "execute-api" && matches!(ep.kind, EndpointKind::Interface { .. }) {
            return Some(e);
        }
        let msg = format!(
            "{} is a {} endpoint for {}, not an execute-api interface endpoint",
            ep.id,
            if matches!(ep.kind, EndpointKind::Gateway { .. }) {
                "gateway"
            } else {
                "interface"
            },
            ep.service
        );
        self.err(Pos::of(r), msg)
            .help("name an interface endpoint with `service: execute-api`");
        None
    }

    /// API Gateway custom domain names.
    pub(super) fn custom_domains(&mut self, s: &model::Scenario) {
        for d in &s.custom_domains {
            let d = &d.value;
            let name = dns_name(&d.name.value);
            if !is_dns_name(&name, true) {
                self.err(
                    Pos::of(&d.name),
                    format!("`{}` is not a domain name", d.name.value),
                )
                .help("write a name such as api.example.com");
            }
            if let Some(o) = self.net.custom_domains.iter().find(|o| {
                o.name == name
                    && (o.endpoint == EndpointType::Private) == (d.endpoint.value == "private")
            }) {
                let msg = format!("custom domain {} is declared twice", o.name);
                self.err(Pos::of(&d.name), msg)
                    .help("a public custom domain name is unique in a Region across all accounts");
            }
            let endpoint = match d.endpoint.value.as_str() {
                "edge" => EndpointType::Edge,
                "regional" => EndpointType::Regional,
                "private" => EndpointType::Private,
                other => {
                    self.err(
                        Pos::of(&d.endpoint),
                        format!("`{other}` is not a custom domain endpoint type"),
                    )
                    .help("write edge, regional or private");
                    EndpointType::Regional
                }
            };
            let region = self.net.region.clone();
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
                    self.warn(Pos::of(&d.name), format!("private custom domain {name} has no `policy`: like AWS's new private domains it denies every invocation"))
                        .help("add a `policy` that allows execute-api:Invoke, usually with an aws:SourceVpce condition (F2.9)");
                }
            } else if !d.vpc_endpoints.is_empty() || d.policy.is_some() {
                self.err(
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

    fn domain_target(
        &mut self,
        d: &model::CustomDomain,
        endpoint: EndpointType,
        region: &str,
    ) -> Option<String> {
        let t = d.target.as_ref().map(|t| (dns_name(&t.value), Pos::of(t)));
        match (endpoint, t) {
            (EndpointType::Edge, Some((t, pos))) if !t.ends_with(".cloudfront.net") => {
                self.err(pos, format!("an edge-optimized custom domain's target is its CloudFront distribution (*.cloudfront.net), not {t}"))
                    .help("e.g. target: d111111abcdef8.cloudfront.net");
                None
            }
            (EndpointType::Regional, Some((t, pos))) => {
                let ok = aws::parse_execute_api_host(&t)
                    .is_some_and(|(label, r)| label.starts_with("d-") && r == region);
                if !ok {
                    self.err(pos, format!("a Regional custom domain's target is d-<id>.execute-api.{region}.amazonaws.com, not {t}"))
                        .help(format!("e.g. target: d-abc123xyz.execute-api.{region}.amazonaws.com"));
                    return None;
                }
                Some(t)
            }
            (EndpointType::Private, Some((_, pos))) => {
                self.err(pos, "a private custom domain has no `target`")
                    .help("consumers point the name at their execute-api endpoint (a private zone record); list the endpoints under `vpc_endpoints`");
                None
            }
            (EndpointType::Private, None) => None,
            (_, Some((t, _))) => Some(t),
            (_, None) => {
                self.err(Pos::of(&d.name), format!("custom domain {} has no `target`", d.name.value))
                    .help("write the API Gateway domain name its DNS record points at (edge: d….cloudfront.net; regional: d-….execute-api.<region>.amazonaws.com)");
                None
            }
        }
    }

    fn mappings(
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
                    Pos::of(m),
                    "multi-level base paths need a Regional custom domain",
                )
                .help(
                    "use a single-level path such as v1, or make the domain `endpoint: regional`",
                );
            }
            if out.iter().any(|o| o.path == path) {
                self.err(
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
                self.err(Pos::of(&mv.api), p).help(help);
                continue;
            }
            if a.region != self.net.region {
                let msg = format!(
                    "API {} is in {}, but the custom domain is in {}",
                    a.id, a.region, self.net.region
                );
                self.err(Pos::of(&mv.api), msg).help("a custom domain maps APIs of its own Region; create the domain in the API's Region");
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
                Pos::of(&d.name),
                format!(
                    "custom domain {name} has no base path mappings: every request to it gets 403"
                ),
            )
            .help("add `mappings: [{ path: \"\", api: <api-id>, stage: <stage> }]`");
        }
        out
    }

    /// Requests.
    pub(super) fn requests(&mut self, s: &model::Scenario) {
        let mut names = super::NameSet::default();
        for (i, r) in s.requests.iter().enumerate() {
            let request = self.request(i, r, &mut names);
            self.net.requests.push(request);
        }
    }

    /// One request, the `i`th of the file; `names` holds the names seen so far.
    pub(super) fn request(
        &mut self,
        i: usize,
        r: &Sp<model::Request>,
        names: &mut super::NameSet,
    ) -> Request {
        {
            let rq = &r.value;
            let name = rq
                .name
                .clone()
                .unwrap_or_else(|| format!("request {}", i + 1));
            if !names.insert(&name) {
                let msg = format!("two requests are named `{name}`");
                self.err(Pos::of(r), msg)
                    .help("request names are how `test` and `diff` report them; make them unique");
            }
            let client = if rq.from.value == "internet" {
                let ip = match &rq.source_ip {
                    Some(ip) => self.ip(ip).unwrap_or(aws::INTERNET_CLIENT),
                    None => aws::INTERNET_CLIENT,
                };
                Client::Internet(ip)
            } else {
                if let Some(ip) = &rq.source_ip {
                    self.err(Pos::of(ip), "`source_ip` is for `from: internet` only")
                        .help("an instance's address comes from its `private_ip` and `public_ip`");
                }
                match self.instances.get(&rq.from.value) {
                    Some(ix) => Client::Instance(InstanceIx(*ix)),
                    None => {
                        let candidates: Vec<String> = self
                            .ids
                            .iter()
                            .filter(|(_, (k, _, _))| *k == Kind::Instance)
                            .map(|(i, _)| i.clone())
                            .chain(["internet".to_string()])
                            .collect();
                        let help = suggest_or(
                            &rq.from.value,
                            candidates.iter().map(String::as_str),
                            "`from` is an instance id or `internet`",
                        );
                        self.err(
                            Pos::of(&rq.from),
                            format!(
                                "request `{name}` is from `{}`, which is not an instance",
                                rq.from.value
                            ),
                        )
                        .help(help);
                        Client::Internet(aws::INTERNET_CLIENT)
                    }
                }
            };
            let url = self.url(&rq.url);
            let method = match &rq.method {
                Some(m) => {
                    let up = m.value.to_ascii_uppercase();
                    if !METHODS.contains(&up.as_str()) {
                        self.err(Pos::of(m), format!("`{}` is not an HTTP method", m.value))
                            .help(format!("write one of {}", METHODS.join(", ")));
                    }
                    up
                }
                None => "GET".into(),
            };
            let expect = rq.expect.as_ref().map(|e| self.expect(e));
            Request {
                name,
                client,
                url_text: rq.url.value.clone(),
                url: url.unwrap_or(Url {
                    scheme: "https".into(),
                    host: String::new(),
                    port: 443,
                    path: "/".into(),
                    query: String::new(),
                }),
                method,
                headers: rq
                    .headers
                    .iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                    .collect(),
                tls_verify: rq.tls_verify.unwrap_or(true),
                expect,
            }
        }
    }

    fn url(&mut self, u: &Sp<String>) -> Option<Url> {
        let text = u.value.trim();
        let bad = |v: &mut Validator, why: &str| {
            v.err(Pos::of(u), format!("`{text}` is not a URL vpcpath can use: {why}"))
                .help("write https://host/path, e.g. https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders");
        };
        let Some((scheme, rest)) = text.split_once("://") else {
            bad(self, "it has no scheme");
            return None;
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            bad(self, "the scheme is not http or https");
            return None;
        }
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let without_fragment = path.split('#').next().unwrap_or("");
        let (path, query) = without_fragment
            .split_once('?')
            .unwrap_or((without_fragment, ""));
        let path = if path.is_empty() { "/" } else { path };
        if authority.contains('@') {
            bad(self, "user information is not supported");
            return None;
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => match p.parse::<u16>() {
                Ok(p) => (h, p),
                Err(_) => {
                    bad(self, "the port is not a number");
                    return None;
                }
            },
            None => (authority, if scheme == "https" { 443 } else { 80 }),
        };
        let host = dns_name(host);
        if !(is_dns_name(&host, false) || host.parse::<Ipv4Addr>().is_ok()) {
            bad(self, "the host is not a DNS name or an IPv4 address");
            return None;
        }
        Some(Url {
            scheme,
            host,
            port,
            path: path.to_string(),
            query: query.to_string(),
        })
    }

    fn expect(&mut self, e: &Sp<model::Expect>) -> Expect {
        let ev = &e.value;
        let outcome = ev.outcome.as_ref().and_then(|o| {
            let kinds = [
                OutcomeKind::Http,
                OutcomeKind::Timeout,
                OutcomeKind::DnsFailure,
                OutcomeKind::TlsError,
            ];
            let found = kinds.into_iter().find(|k| k.name() == o.value);
            if found.is_none() {
                self.err(Pos::of(o), format!("`{}` is not an outcome", o.value))
                    .help(suggest_or(
                        &o.value,
                        kinds.iter().map(|k| k.name()),
                        "write http, timeout, dns-failure or tls-error",
                    ));
            }
            found
        });
        if ev.status.is_some() && outcome.is_some_and(|o| o != OutcomeKind::Http) {
            self.err(Pos::of(e), "`status` goes with `outcome: http`")
                .help("remove one of them: a status implies an HTTP answer");
        }
        let mut ids = |list: &Option<Sp<model::OneOrMany>>| -> Vec<String> {
            let Some(l) = list else { return Vec::new() };
            let ids = l.value.to_vec();
            for id in &ids {
                let known = id == "internet" || self.ids.contains_key(id);
                if !known {
                    let help = suggest_or(
                        id,
                        self.ids.keys().map(String::as_str),
                        "name a gateway, endpoint, NAT gateway, peering connection or other component id",
                    );
                    self.err(
                        Pos::of(l),
                        format!("`{id}` is not a component of this scenario"),
                    )
                    .help(help);
                }
            }
            ids
        };
        Expect {
            outcome: outcome.or(ev.status.map(|_| OutcomeKind::Http)),
            status: ev.status,
            via: ids(&ev.via),
            not_via: ids(&ev.not_via),
            body_contains: ev.body_contains.clone(),
        }
    }
}
