//! API Gateway APIs: their endpoint types, routes, stages and the endpoints that may reach them.

use super::requests::METHODS;
use super::{Kind, Validator};
use crate::aws::words::Authorization;
use crate::error::{Code, Pos};
use crate::model::{self, Sp};
use crate::net::*;

impl Validator {
    /// API Gateway APIs.
    pub(crate) fn apis(&mut self, s: &model::Scenario) {
        for a in &s.apis {
            let a = &a.value;
            let id = a.id.value.clone();
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                self.err(
                    Code::Id,
                    Pos::of(&a.id),
                    format!("API id `{id}` must be lowercase letters and digits"),
                )
                .help("API Gateway ids look like a1b2c3d4e5");
            }
            let kind = self.word_or(Code::Api, a.kind.as_ref(), ApiKind::Rest);
            let endpoint = self.api_endpoint_type(a, kind);
            let region = self.region_or_home(&a.region);
            let account = self.account_or_home(&a.account);
            if a.stages.is_empty() {
                self.err(
                    Code::Api,
                    Pos::of(&a.id),
                    format!("API {id} has no deployed stage"),
                )
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
                    self.err(
                        Code::Api,
                        Pos::of(st),
                        format!("`{}` is not a stage name", st.value),
                    )
                    .help("stage names are letters, digits, - and _ ($default for HTTP APIs)");
                }
            }
            let routes = a
                .routes
                .as_ref()
                .map(|rs| rs.iter().filter_map(|r| self.api_route(r, kind)).collect());
            // A WebSocket API's key is its `$connect` route's ApiKeyRequired (F4.12).
            let connect = |rs: &Vec<Sp<String>>| rs.iter().any(|r| r.value == "$connect");
            if a.api_key_required
                && (kind == ApiKind::Http
                    || (kind == ApiKind::WebSocket && !a.routes.as_ref().is_some_and(connect)))
            {
                let msg = match kind {
                    ApiKind::WebSocket => {
                        "a WebSocket API requires its API key on its `$connect` route, and it has none"
                    }
                    _ => "API keys exist only for REST APIs and WebSocket routes",
                };
                self.err(Code::Api, Pos::of(&a.id), msg)
                    .help("remove `api_key_required`, make it `type: rest`, or (WebSocket) list a `$connect` route");
            }
            let vpc_endpoints = self.api_endpoints(a, endpoint, kind);
            let prefix = format!("arn:aws:execute-api:{region}:{account}:{id}/");
            let policy = a
                .policy
                .as_ref()
                .and_then(|p| self.policy(p, Some(&prefix)));
            if endpoint == EndpointType::Private && a.policy.is_none() {
                // F3.2: "For a private API, you can't deploy your API without a resource policy."
                self.err(Code::Policy, Pos::of(&a.id), format!("private API {id} has no resource policy: AWS refuses to deploy it"))
                    .help("add a `policy:` that allows execute-api:Invoke, usually with a Deny unless aws:SourceVpce or aws:SourceVpc matches");
            }
            let response = a.response.clone().unwrap_or(model::Response {
                status: None,
                body: None,
            });
            let status = response.status.unwrap_or(200);
            if !(100..=599).contains(&status) {
                self.err(
                    Code::Api,
                    Pos::of(&a.id),
                    format!("response status {status} is not an HTTP status"),
                )
                .help("write a status from 100 to 599, e.g. response: { status: 200 }");
            }
            let iam_auth = self.word_or(Code::Api, a.authorization.as_ref(), Authorization::None)
                == Authorization::AwsIam;
            let route_selection = self.route_selection(a, kind);
            self.no_control(a.name.as_deref().unwrap_or(""), Pos::of(&a.id), "API name");
            self.net.apis.push(Api {
                id,
                route_selection,
                iam_auth,
                name: a.name.clone(),
                kind,
                endpoint,
                region,
                account,
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

    /// A WebSocket API's route selection expression (F4.13); other APIs have none to write.
    fn route_selection(&mut self, a: &model::Api, kind: ApiKind) -> RouteSelection {
        const DEFAULT: &str = "$request.body.action";
        let fallback = || RouteSelection::parse(DEFAULT).expect("the default parses");
        let Some(written) = &a.route_selection else {
            return fallback();
        };
        if kind != ApiKind::WebSocket {
            self.err(
                Code::Api,
                Pos::of(written),
                "a route selection expression is for WebSocket APIs only",
            )
            .help("remove `route_selection`, or make it `type: websocket`");
            return fallback();
        }
        RouteSelection::parse(&written.value).unwrap_or_else(|why| {
            self.err(
                Code::Api,
                Pos::of(written),
                format!("`{}` is not a route selection expression: {why}", written.value),
            )
            .help("write $request.body.<field> (e.g. $request.body.action), or combine fields as ${request.body.service}/${request.body.action}");
            fallback()
        })
    }

    pub(crate) fn api_endpoint_type(&mut self, a: &model::Api, kind: ApiKind) -> EndpointType {
        let written = a.endpoint.as_ref();
        let t = match written {
            None if kind == ApiKind::Rest => EndpointType::Edge,
            None => EndpointType::Regional,
            Some(w) => self.word(Code::Api, w).unwrap_or(EndpointType::Regional),
        };
        if kind != ApiKind::Rest && t != EndpointType::Regional {
            let what = if kind == ApiKind::Http {
                "HTTP"
            } else {
                "WebSocket"
            };
            // F1.12, F4.9: edge-optimized and private are REST-only.
            self.err(
                Code::Api,
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

    pub(crate) fn api_route(&mut self, r: &Sp<String>, kind: ApiKind) -> Option<ApiRoute> {
        let text = r.value.trim();
        if kind == ApiKind::WebSocket {
            // A WebSocket API's routes are route keys: the three predefined ones, or the value
            // its route selection expression picks from a message (F4.12).
            let predefined = matches!(text, "$connect" | "$disconnect" | "$default");
            if text.is_empty()
                || text.contains(char::is_whitespace)
                || (text.starts_with('$') && !predefined)
            {
                self.err(
                    Code::Api,
                    Pos::of(r),
                    format!("`{text}` is not a WebSocket route key"),
                )
                .help("write $connect, $disconnect, $default, or a key such as sendmessage (no spaces; only the predefined keys start with $)");
                return None;
            }
            return Some(ApiRoute {
                method: "ANY".into(),
                segments: Vec::new(),
                is_default: text == "$default",
                text: text.into(),
            });
        }
        if text == "$default" {
            if kind != ApiKind::Http {
                self.err(
                    Code::Api,
                    Pos::of(r),
                    "the `$default` route exists only for HTTP APIs",
                )
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
            self.err(
                Code::Api,
                Pos::of(r),
                format!("route `{text}` has no method"),
            )
            .help("write \"METHOD /path\", e.g. \"GET /orders\" or \"ANY /orders/{id}\"");
            return None;
        };
        let method = method.to_ascii_uppercase();
        if method != "ANY" && !METHODS.contains(&method.as_str()) {
            self.err(
                Code::Api,
                Pos::of(r),
                format!("`{method}` is not an HTTP method"),
            )
            .help(format!("write ANY or one of {}", METHODS.join(", ")));
            return None;
        }
        let path = path.trim();
        if !path.starts_with('/') {
            self.err(
                Code::Api,
                Pos::of(r),
                format!("route path `{path}` must start with /"),
            )
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
                Code::Api,
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

    pub(crate) fn api_endpoints(
        &mut self,
        a: &model::Api,
        endpoint: EndpointType,
        kind: ApiKind,
    ) -> Vec<EndpointIx> {
        if !a.vpc_endpoints.is_empty()
            && (endpoint != EndpointType::Private || kind != ApiKind::Rest)
        {
            self.err(
                Code::Api,
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
    pub(crate) fn execute_api_endpoint(
        &mut self,
        r: &Sp<String>,
        e: EndpointIx,
    ) -> Option<EndpointIx> {
        let ep = &self.net.endpoints[e.0];
        if ep.service == crate::aws::Service::ExecuteApi
            && matches!(ep.kind, EndpointKind::Interface { .. })
        {
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
        self.err(Code::Reference, Pos::of(r), msg)
            .help("name an interface endpoint with `service: execute-api`");
        None
    }
}
