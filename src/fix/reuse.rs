//! A candidate edit's requests without resolving them all again. Resolving a request reads of
//! its network only its ids (which kind of component each one is, and its index), the
//! instances by id, the Region, and the addresses of the instances and endpoints an expected
//! DNS answer names. An edit that leaves all of those as they were leaves every request
//! resolving as it did: the edited network is validated without its requests, and the
//! requests of the file as read, resolved once, are reused, but the one being fixed when the
//! edit changed it. Where they differ, every request is resolved again against the edited
//! network (as validating the whole edited file does: tested on every scenario).

use super::*;
use crate::model::Scenario;
use crate::net::Kind;
use crate::validate::{RequestChecker, Validator};

/// An edited network and its requests.
pub(super) struct Loaded {
    pub(super) net: Network,
    requests: Requests,
}

/// Where an edited network's requests are.
enum Requests {
    /// In the network itself.
    Own,
    /// Those of the file as read, but the `focus`th, resolved again when `again` holds it.
    Base {
        focus: usize,
        again: Option<Box<Request>>,
    },
}

impl Loaded {
    /// A network that holds its requests.
    pub(super) fn own(net: Network) -> Loaded {
        Loaded {
            net,
            requests: Requests::Own,
        }
    }

    /// The `j`th request (`base`: the network of the file as read).
    pub(super) fn request<'a>(&'a self, base: &'a Network, j: usize) -> Option<&'a Request> {
        match &self.requests {
            Requests::Own => self.net.requests.get(j),
            Requests::Base {
                focus,
                again: Some(r),
            } if *focus == j => Some(&**r),
            Requests::Base { .. } => base.requests.get(j),
        }
    }

    /// How many requests there are.
    pub(super) fn len(&self, base: &Network) -> usize {
        match self.requests {
            Requests::Own => self.net.requests.len(),
            Requests::Base { .. } => base.requests.len(),
        }
    }

    /// Whether the requests are those of the file as read (test).
    #[cfg(test)]
    pub(super) fn reused(&self) -> bool {
        matches!(self.requests, Requests::Base { .. })
    }
}

/// What resolving a request read of the network of the file as read: its validator's ids
/// ([`validated`]).
pub(super) struct Context(RequestChecker);

/// The network of the file as read (`scenario`: parsed from `text`), validated once, and what
/// its requests were resolved against: its network validated without its requests, which are
/// then resolved one by one, as a streamed file's are (the context is `None` for a file that
/// takes its network from another, whose candidates are validated whole). A file that is not
/// valid is validated whole after all, so that its problems are said as `vpcpath check` says
/// them.
pub(super) fn validated(
    path: &Path,
    text: &str,
    scenario: &mut Scenario,
) -> Result<(Network, Option<Context>), crate::error::Error> {
    if scenario.network.is_some() {
        return crate::load::load_parsed_ref(path, text, scenario).map(|net| (net, None));
    }
    let requests = std::mem::take(&mut scenario.requests);
    let head = crate::validate::validate_head_ref(scenario);
    scenario.requests = requests;
    let resolved = head.ok().and_then(|(mut net, mut checker)| {
        let mut all = Vec::with_capacity(scenario.requests.len());
        for r in &scenario.requests {
            all.push(checker.check(&net, r).ok()?);
        }
        net.requests = all;
        Some((net, Context(checker)))
    });
    match resolved {
        Some((net, context)) => Ok((net, Some(context))),
        None => crate::load::load_parsed_ref(path, text, scenario).map(|net| (net, None)),
    }
}

/// Whether every request resolves against `net` (validated by `v`) as it did against `base`
/// (validated by `was`): see the module's words.
fn resolves_alike(was: &Validator, base: &Network, v: &Validator, net: &Network) -> bool {
    let read = |k: Kind| {
        matches!(
            k,
            Kind::Instance | Kind::Lambda | Kind::OutsideLambda | Kind::SiteClient | Kind::Endpoint
        )
    };
    let same_ids = was.ids.iter().all(|(id, &(k, _, i))| {
        v.ids
            .get(id)
            .is_some_and(|&(k2, _, i2)| (k == k2 && i == i2) || !(read(k) || read(k2)))
    });
    let count = |v: &Validator| v.ids.values().filter(|(k, _, _)| read(*k)).count();
    same_ids
        && count(was) == count(v)
        && base.region == net.region
        && base.instances.len() == net.instances.len()
        && base
            .instances
            .iter()
            .zip(&net.instances)
            .all(|(a, b)| a.private_ip == b.private_ip)
        && base.endpoints.len() == net.endpoints.len()
        && base
            .endpoints
            .iter()
            .zip(&net.endpoints)
            .all(|(a, b)| a.addresses() == b.addresses())
}

/// The edited scenario's network (`base`: the network of the file as read, resolved against
/// `context`; `changed`: whether the edit changed the `focus`th request): validated without its
/// requests, which are reused when they resolve alike, else resolved again. `None` when it is
/// not valid.
pub(super) fn load(
    scenario: &mut Scenario,
    context: &Context,
    base: &Network,
    focus: usize,
    changed: bool,
) -> Option<Loaded> {
    let requests = std::mem::take(&mut scenario.requests);
    let head = crate::validate::validate_head_ref(scenario);
    scenario.requests = requests;
    let (mut net, mut checker) = head.ok()?;
    let alike = scenario.requests.len() == base.requests.len()
        && resolves_alike(&context.0.v, base, &checker.v, &net);
    #[cfg(test)]
    tally::count(alike);
    if alike {
        if !changed {
            return Some(Loaded {
                net,
                requests: Requests::Base { focus, again: None },
            });
        }
        // The request being fixed, resolved again at its index (its default name is its
        // number); with the name it had, it is named once still.
        checker.next = focus;
        let r = checker.check(&net, scenario.requests.get(focus)?).ok()?;
        if base.requests.get(focus).is_some_and(|b| b.name == r.name) {
            return Some(Loaded {
                net,
                requests: Requests::Base {
                    focus,
                    again: Some(Box::new(r)),
                },
            });
        }
        checker.next = 0;
        checker.names = crate::validate::NameSet::default();
    }
    // Every request resolved against the edited network, as validating the whole file does.
    let mut all = Vec::with_capacity(scenario.requests.len());
    for r in &scenario.requests {
        all.push(checker.check(&net, r).ok()?);
    }
    net.requests = all;
    Some(Loaded::own(net))
}

/// How many candidates reused the requests resolved once, and how many resolved them again:
/// what the equality tests check they cover both ways. Counted per thread (each test runs on
/// its own, and a search verifies its candidates on the thread that called it), so that a test
/// reads its own searches' counts whatever other tests run beside it.
#[cfg(test)]
pub(super) mod tally {
    use std::cell::Cell;

    thread_local! {
        static COUNTS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    pub(super) fn count(alike: bool) {
        COUNTS.with(|c| {
            let (reused, again) = c.get();
            c.set(if alike {
                (reused + 1, again)
            } else {
                (reused, again + 1)
            });
        });
    }

    /// How many candidates of the searches this thread made so far reused the requests, and
    /// how many resolved them again.
    pub(in super::super) fn read() -> (usize, usize) {
        COUNTS.with(Cell::get)
    }
}
