//! Traces that outlive their network: every borrowed name copied ([`Trace::into_owned`]).

use super::*;

/// A name owned.
pub(super) fn owned(name: Name<'_>) -> Name<'static> {
    Name::Owned(name.into_owned())
}

impl Step<'_> {
    /// The same step owning its names.
    pub fn into_owned(self) -> Step<'static> {
        match self {
            Step::Dns {
                resolver,
                name,
                source,
                record,
                answer,
            } => Step::Dns {
                resolver: owned(resolver),
                name: owned(name),
                source,
                record,
                answer,
            },
            Step::Query {
                from,
                server,
                vpc,
                rule,
                inbound_endpoint,
                answered,
                legs,
            } => Step::Query {
                from: owned(from),
                server,
                vpc: owned(vpc),
                rule: rule.map(owned),
                inbound_endpoint: inbound_endpoint.map(owned),
                answered,
                legs: legs.into_iter().map(Step::into_owned).collect(),
            },
            Step::Connect {
                from,
                source,
                destination,
                port,
                protocol,
            } => Step::Connect {
                from: owned(from),
                source,
                destination,
                port,
                protocol,
            },
            Step::Route {
                subnet,
                table,
                destination,
                target,
                reply,
            } => Step::Route {
                subnet: owned(subnet),
                table: owned(table),
                destination: owned(destination),
                target: owned(target),
                reply,
            },
            Step::Layer2 {
                subnet,
                destination,
                reply,
            } => Step::Layer2 {
                subnet: owned(subnet),
                destination,
                reply,
            },
            Step::Translate {
                gateway,
                from,
                to,
                destination,
            } => Step::Translate {
                gateway: owned(gateway),
                from,
                to,
                destination,
            },
            Step::Filter {
                filter,
                direction,
                packet,
                allowed,
                rule,
            } => Step::Filter {
                filter: owned(filter),
                direction: direction.into_owned(),
                packet,
                allowed,
                rule: owned(rule),
            },
            Step::Arrive { at, detail } => Step::Arrive {
                at: owned(at),
                detail,
            },
            Step::Tls {
                server_name,
                certificate,
                verified,
            } => Step::Tls {
                server_name: owned(server_name),
                certificate: certificate.map(owned),
                verified,
            },
            Step::Service { at, detail, policy } => Step::Service {
                at: owned(at),
                detail,
                policy: policy.map(|p| PolicyCheck {
                    kind: p.kind,
                    of: owned(p.of),
                    decision: p.decision,
                }),
            },
            Step::Drop { at, reason } => Step::Drop {
                at: owned(at),
                reason,
            },
            Step::Balance {
                at,
                listener,
                target_group,
                target,
                detail,
            } => Step::Balance {
                at: owned(at),
                listener,
                target_group: target_group.map(owned),
                target: target.map(owned),
                detail,
            },
        }
    }

    /// Where the step was taken, for the steps that may end a request (an arrival, a decision
    /// of the service, a drop).
    pub fn ended_at(&self) -> Option<&str> {
        match self {
            Step::Drop { at, .. }
            | Step::Service { at, .. }
            | Step::Arrive { at, .. }
            | Step::Balance { at, .. } => Some(at),
            _ => None,
        }
    }
}
