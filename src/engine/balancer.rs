//! A request that reached a load balancer's node: the load balancer's decision
//! ([`routing::balance`]), then what answers, as AWS documents it: the target itself behind a
//! Network Load Balancer; an Application Load Balancer's own 503, 502 or 504 when it has no
//! target, the target refuses, or it cannot reach the target (F6.42, F6.44).

use super::*;
use crate::routing::Balanced;

/// The outcome of a request whose packets reached node `node` of `lb`.
#[allow(clippy::too_many_arguments)]
pub(super) fn balanced<'a>(
    net: &'a Network,
    (lb, node, source, reply_ports): (LbIx, usize, Ipv4Addr, (u16, u16)),
    req: &'a Request,
    protocol: Protocol,
    request: &services::Request<'_>,
    steps: &mut Steps<'a>,
) -> Outcome {
    let b = &net.load_balancers[lb.0];
    let http = req.url.is_http() && protocol == Protocol::Tcp;
    let decided = routing::balance(
        net,
        lb,
        node,
        source,
        reply_ports,
        (req.url.port, protocol),
        http,
        steps,
    );
    let application = b.is_application();
    match decided {
        Err(reason) => Outcome::Timeout { reason },
        Ok(Balanced::Itself) if protocol == Protocol::Icmp => Outcome::Connected {
            detail: format!("{} answers ping", b.id),
        },
        Ok(Balanced::Itself) => Outcome::Connected {
            detail: format!("{} accepts the connection", b.id),
        },
        // (A Network Load Balancer drops the connection instead: `Err` above.)
        Ok(Balanced::NoTarget) => answer(
            steps,
            &b.id,
            503,
            "Service Temporarily Unavailable",
            "no target to send the request to",
        ),
        Ok(Balanced::Unreached(_)) if application => answer(
            steps,
            &b.id,
            504,
            "Gateway Time-out",
            "the connection to the target timed out",
        ),
        Ok(Balanced::Unreached(reason)) => Outcome::Timeout { reason },
        Ok(Balanced::Reached(arrival, port)) => {
            let target = services::Request { port, ..*request };
            let outcome = services::handle(net, arrival, &target, steps);
            match outcome {
                Outcome::Refused { .. } if application => answer(
                    steps,
                    &b.id,
                    502,
                    "Bad Gateway",
                    "the target refused the connection (a reset)",
                ),
                other => other,
            }
        }
    }
}

/// An Application Load Balancer's own answer (F6.42, F6.44).
fn answer<'a>(steps: &mut Steps<'a>, lb: &'a str, status: u16, title: &str, why: &str) -> Outcome {
    steps.service(&Name::Borrowed(lb), || {
        format!(
            "{why}: the Application Load Balancer answers {status} {title} itself (F6.42, F6.44)"
        )
    });
    Outcome::Http {
        status,
        body: format!("{status} {title}"),
        error_type: None,
    }
}
