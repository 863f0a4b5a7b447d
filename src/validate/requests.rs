//! Requests: their clients, URLs, methods, headers and expectations.

use super::{Kind, Validator, suggest_or};
use crate::aws;
use crate::error::{Code, Pos};
use crate::model::{self, Sp};
use crate::net::*;

/// The HTTP methods a request or an API route may name.
/// What the warnings read of written requests that were freed: each one's URL position, in
/// file order, and the hosts they ask.
pub(crate) struct FreedRequests {
    pub(crate) url_positions: Vec<Pos>,
    pub(crate) hosts: rustc_hash::FxHashSet<String>,
}

pub(super) const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

impl Validator {
    /// Requests.
    pub(crate) fn requests(&mut self, s: &model::Scenario) {
        let mut names = super::NameSet::default();
        for (i, r) in s.requests.iter().enumerate() {
            let request = super::dns_expect::settled(self.request(i, r, &mut names), &self.net);
            self.net.requests.push(request);
        }
    }

    /// [`Self::requests`] of requests it may take apart: each written request is freed as soon
    /// as it is resolved (a million of them are hundreds of megabytes), keeping what the
    /// warnings read of it.
    pub(crate) fn requests_owned(&mut self, requests: Vec<Sp<model::Request>>) {
        let mut names = super::NameSet::default();
        let mut freed = FreedRequests {
            url_positions: Vec::with_capacity(requests.len()),
            hosts: rustc_hash::FxHashSet::default(),
        };
        for (i, r) in requests.into_iter().enumerate() {
            let request = super::dns_expect::settled(self.request(i, &r, &mut names), &self.net);
            self.net.requests.push(request);
            freed.url_positions.push(Pos::of(&r.value.url));
            let host = super::lint::url_host(&r.value.url);
            if !freed.hosts.contains(&host) {
                freed.hosts.insert(host);
            }
        }
        self.freed_requests = Some(freed);
    }

    /// One request, the `i`th of the file; `names` holds the names seen so far.
    pub(crate) fn request(
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
            self.no_control(&name, Pos::of(r), "request name");
            self.no_control(&rq.url.value, Pos::of(&rq.url), "URL");
            for (k, v) in rq.headers.iter().flat_map(|h| h.iter()) {
                let _ = self.no_control(k, Pos::of(r), "header")
                    && self.no_control(v, Pos::of(r), "header value");
            }
            if !names.insert(&name) {
                let msg = format!("two requests are named `{name}`");
                self.err(Code::Duplicate, Pos::of(r), msg)
                    .help("request names are how `test` and `diff` report them; make them unique");
            }
            let outside_lambda = match self.ids.get(rq.from.value.as_str()) {
                Some((Kind::OutsideLambda, _, ix)) => Some(*ix),
                _ => None,
            };
            let site_client = match self.ids.get(rq.from.value.as_str()) {
                Some((Kind::SiteClient, _, ix)) => Some(SiteClientIx(*ix)),
                _ => None,
            };
            let client = if let Some(c) = site_client {
                if let Some(ip) = &rq.source_ip {
                    self.err(
                        Code::Request,
                        Pos::of(ip),
                        "`source_ip` is for `from: internet` only",
                    )
                    .help("a site's client sends from its `ip`");
                }
                Client::Site(c)
            } else if let Some(f) = outside_lambda {
                if let Some(ip) = &rq.source_ip {
                    self.err(
                        Code::Request,
                        Pos::of(ip),
                        "`source_ip` is for `from: internet` only",
                    )
                    .help("a Lambda function outside a VPC calls from AWS's public address space in its Region");
                }
                // A function outside any VPC calls from AWS's public address space in its Region.
                let lambda = aws::service_address("lambda", &self.net.region);
                Client::Lambda(f, lambda.unwrap_or(aws::INTERNET_CLIENT))
            } else if rq.from.value == "internet" {
                let ip = match &rq.source_ip {
                    Some(ip) => self.ip(ip).unwrap_or(aws::INTERNET_CLIENT),
                    None => aws::INTERNET_CLIENT,
                };
                Client::Internet(ip)
            } else {
                if let Some(ip) = &rq.source_ip {
                    self.err(
                        Code::Request,
                        Pos::of(ip),
                        "`source_ip` is for `from: internet` only",
                    )
                    .help("an instance's address comes from its `private_ip` and `public_ip`, a Lambda function's from its subnet or, outside a VPC, from AWS");
                }
                match self.instance_ix(rq.from.value.as_str()) {
                    Some(ix) => Client::Instance(InstanceIx(ix)),
                    None => {
                        let candidates: Vec<String> = self
                            .ids
                            .iter()
                            .filter(|(_, (k, _, _))| {
                                matches!(
                                    k,
                                    Kind::Instance
                                        | Kind::Lambda
                                        | Kind::OutsideLambda
                                        | Kind::SiteClient
                                )
                            })
                            .map(|(i, _)| i.to_string())
                            .chain(["internet".to_string()])
                            .collect();
                        let help = suggest_or(
                            &rq.from.value,
                            candidates.iter().map(String::as_str),
                            "`from` is an instance, a Lambda function, a site's client or `internet`",
                        );
                        self.err(
                            Code::Reference,
                            Pos::of(&rq.from),
                            format!(
                                "request `{name}` is from `{}`, which is not an instance, a Lambda function or a site's client",
                                rq.from.value
                            ),
                        )
                        .help(help);
                        Client::Internet(aws::INTERNET_CLIENT)
                    }
                }
            };
            let url = self.url(&rq.url);
            self.plain_flow(r, url.as_ref());
            // A tcp:// or udp:// URL may name an instance by its id: its private address.
            let host_instance = url
                .as_ref()
                .filter(|u| !u.is_http())
                .and_then(|u| self.instance_ix(u.host.as_str()))
                .map(InstanceIx);
            let method = match &rq.method {
                Some(m) => {
                    let up = m.value.to_ascii_uppercase();
                    if !METHODS.contains(&up.as_str()) {
                        self.err(
                            Code::Request,
                            Pos::of(m),
                            format!("`{}` is not an HTTP method", m.value),
                        )
                        .help(format!("write one of {}", METHODS.join(", ")));
                    }
                    up
                }
                None => "GET".into(),
            };
            let expect = rq.expect.as_ref().map(|e| self.expect(e));
            let (caller, unsigned) = match rq.caller.as_deref() {
                None => (None, false),
                Some(w) => match &w.value {
                    model::CallerWritten::Signed(c) => (self.caller(c), false),
                    model::CallerWritten::Word(word) => {
                        if word != "anonymous" {
                            self.err(
                                Code::Request,
                                Pos::of(w),
                                format!("`caller: {word}` is neither `anonymous` nor a signed caller"),
                            )
                            .help("write `caller: anonymous` for an unsigned request, or `caller: { account: \"111122223333\", principal: \"arn:aws:iam::111122223333:role/app\" }`");
                        }
                        (None, true)
                    }
                },
            };
            if let (Some(m), Some(u)) = (&rq.message, &url)
                && !u.websocket()
            {
                self.err(
                    Code::Request,
                    Pos::of(&**m),
                    format!(
                        "a message is sent on a WebSocket connection, and this URL is {}://",
                        u.scheme
                    ),
                )
                .help("write a wss:// (or ws://) URL, or remove `message`");
            }
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
                    .flat_map(|h| h.iter())
                    .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                    .collect(),
                tls_verify: rq.tls_verify.unwrap_or(true),
                expect,
                caller,
                unsigned,
                host_instance,
                message: rq.message.as_ref().map(|m| m.value.as_str().into()),
            }
        }
    }

    /// A signed caller: a 12-digit account, and an IAM principal ARN of that account (its root
    /// when none is written).
    pub(crate) fn caller(&mut self, c: &model::Caller) -> Option<Box<crate::policy::Principal>> {
        let account = c.account.value.trim().to_string();
        if account.len() != 12 || !account.chars().all(|d| d.is_ascii_digit()) {
            self.err(
                Code::Account,
                Pos::of(&c.account),
                "an AWS account id is 12 digits",
            )
            .help("quote it so YAML keeps leading zeros: account: \"012345678901\"");
            return None;
        }
        let arn = match &c.principal {
            None => format!("arn:aws:iam::{account}:root"),
            Some(p) => {
                let arn = p.value.trim();
                let of_account = arn
                    .strip_prefix("arn:aws:iam::")
                    .or_else(|| arn.strip_prefix("arn:aws:sts::"))
                    .and_then(|r| r.split_once(':'))
                    .is_some_and(|(a, rest)| a == account && !rest.is_empty());
                if !of_account {
                    self.err(
                        Code::Request,
                        Pos::of(p),
                        format!("`{arn}` is not an IAM principal of account {account}"),
                    )
                    .help(format!("write arn:aws:iam::{account}:role/<name>, arn:aws:iam::{account}:user/<name> or arn:aws:sts::{account}:assumed-role/<role>/<session>"));
                    return None;
                }
                arn.to_string()
            }
        };
        Some(Box::new(crate::policy::Principal { account, arn }))
    }

    /// What a request expects of its flow: outcome, status, path and body (its DNS
    /// expectations: [`Self::expect`]).
    pub(crate) fn expect_flow(&mut self, e: &Sp<model::Expect>) -> Expect {
        let ev = &e.value;
        let outcome = ev
            .outcome
            .as_ref()
            .and_then(|o| self.word::<OutcomeKind>(Code::Request, o));
        if ev.status.is_some() && outcome.is_some_and(|o| o != OutcomeKind::Http) {
            self.err(
                Code::Request,
                Pos::of(e),
                "`status` goes with `outcome: http`",
            )
            .help("remove one of them: a status implies an HTTP answer");
        }
        let mut ids = |list: &Option<Sp<model::OneOrMany>>| -> Vec<String> {
            let Some(l) = list else { return Vec::new() };
            let ids = l.value.to_vec();
            for id in &ids {
                let known = id == "internet" || self.ids.contains_key(id.as_str());
                if !known {
                    let help = suggest_or(
                        id,
                        self.ids.keys().map(smol_str::SmolStr::as_str),
                        "name a gateway, endpoint, NAT gateway, peering connection or other component id",
                    );
                    self.err(
                        Code::Reference,
                        Pos::of(l),
                        format!("`{id}` is not a component of this scenario"),
                    )
                    .help(help);
                }
            }
            ids
        };
        Expect {
            dns: None,
            dns_via: Vec::new(),
            dns_of: Vec::new(),
            outcome: outcome.or(ev.status.map(|_| OutcomeKind::Http)),
            status: ev.status,
            via: ids(&ev.via),
            not_via: ids(&ev.not_via),
            body_contains: ev.body_contains.clone(),
        }
    }
}
