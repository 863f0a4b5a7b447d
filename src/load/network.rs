//! A requests file that takes its network from another file (`network:`): that file read as
//! every input is, the link followed once (a file that names itself, or a cycle, refused at
//! its line), and every problem said with the file that pointed there.

use super::*;

/// A requests file that takes its network from another file (`network:`): the network file
/// is checked on its own first (its problems are reported against it), then its network and
/// this file's requests are validated together. Warnings about the network alone are the
/// network file's: they are not repeated here.
pub(super) fn with_network(
    path: &Path,
    text: &str,
    requests: Scenario,
    network: &crate::model::Sp<String>,
) -> Result<Network, Error> {
    let invalid = |diagnostics| Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics,
    };
    // This file without its requests, to check the network file alone after all should the
    // network validated once fail (as the streamed reading does).
    let mut requests = requests;
    let replay = adds_nothing(&requests).then(|| {
        let listed = std::mem::take(&mut requests.requests);
        let head = requests.clone();
        requests.requests = listed;
        head
    });
    let (whole, alone) = match merged(path, text, requests, network, replay.is_some()) {
        Ok(merged) => merged,
        Err(e) => return Err(alone_failed(path, text, replay).unwrap_or(e)),
    };
    let Some(alone) = alone else {
        return once(path, text, whole, replay);
    };
    let mut net = validate::validate(&whole).map_err(invalid)?;
    not_the_networks(&mut net.warnings, &alone);
    Ok(net)
}

/// The network of a requests file that adds nothing to it, validated once ([`merged`] with
/// `once`), and the requests resolved against it: what validating the network file alone and
/// then the two together gives. Every warning of the network is the network file's; those of
/// the requests are kept, each in the order the whole validation gives them.
fn once(
    path: &Path,
    text: &str,
    mut whole: Scenario,
    replay: Option<Scenario>,
) -> Result<Network, Error> {
    let invalid = |diagnostics| Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics,
    };
    let requests = std::mem::take(&mut whole.requests);
    let (mut net, mut checker) = match validate::validate_head(whole) {
        Ok(head) => head,
        Err(d) => return Err(alone_failed(path, text, replay).unwrap_or_else(|| invalid(d))),
    };
    net.warnings.clear();
    // The zones no request has asked yet are the network file's warnings already.
    drop(std::mem::take(&mut checker.zones));
    checker.list(usize::MAX);
    let mut problems = Vec::new();
    let mut resolved = Vec::with_capacity(requests.len());
    for r in &requests {
        match checker.check(&net, r) {
            Ok(request) => resolved.push(request),
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|d| d.pos);
        return Err(invalid(problems));
    }
    net.requests = resolved;
    net.warnings.extend(checker.finish(|d| d).listed);
    Ok(net)
}

/// The network file's problems as its own, when a requests file's network validated once
/// failed (`replay`: the requests file's scenario, without its requests): the file checked
/// alone, as [`merged`] does without `once`; `None` when it is not at fault.
pub(super) fn alone_failed(path: &Path, text: &str, replay: Option<Scenario>) -> Option<Error> {
    let s = replay?;
    let network = s.network.clone()?;
    // (Not `.err()`: the scan of diagnostic sites in tests/errors.rs would read it as one.)
    Result::err(merged(path, text, s, &network, false))
}

/// Drops from `warnings` those the network file gives alone (`alone`): they are its own.
pub(super) fn not_the_networks(warnings: &mut Vec<Diagnostic>, alone: &[Diagnostic]) {
    warnings.retain(|w| {
        !alone
            .iter()
            .any(|a| a.code == w.code && a.pos == w.pos && a.message == w.message)
    });
}

/// The scenario a requests file that takes its network from another file (`network:`) stands
/// for: the network file's, checked on its own first, with this file's name, description,
/// requests and additions (APIs, domains, zones, functions, sites, Resolver rules, listeners)
/// laid over it; and the warnings the network file gives alone. `text` is this file's, to
/// quote its problems.
///
/// With `once`, when this file adds nothing to the network and the network file holds no
/// requests, the network file is not checked alone (`None` for its warnings): the scenario
/// returned is then the network file's own but for its name and description, which nothing
/// checks, and validating it once stands for both validations. The caller must say the
/// network file's problems as its own should that validation fail: [`merged`] again without
/// `once` does.
pub(super) fn merged(
    path: &Path,
    text: &str,
    requests: Scenario,
    network: &crate::model::Sp<String>,
    once: bool,
) -> Result<(Scenario, Option<Vec<Diagnostic>>), Error> {
    let invalid = |diagnostics| Error::Invalid {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics,
    };
    let at = Pos::of(network);
    if let Some(what) = requests.network_resource() {
        return Err(invalid(vec![
            Diagnostic::new(Code::NetworkFile, at, format!(
                "this file takes its network from {}, but declares `{what}` too",
                network.value
            ))
            .with_help("VPCs, peerings, transit gateways and the account come from the network file: move these there, or remove `network:` (APIs, custom domains, zones, Lambda functions, sites and Resolver rules may stay here)"),
        ]));
    }
    let npath = path.parent().unwrap_or(Path::new("")).join(&network.value);
    let refused = |message: String, help: String| {
        invalid(vec![
            Diagnostic::new(Code::NetworkFile, at, message).with_help(help),
        ])
    };
    // The chain is one link long, and checked before it is followed: a file that names itself,
    // or a network file that takes its own network from another (a cycle a -> b -> a among
    // them), is refused at this `network:`, never read in a loop.
    if same_file(path, &npath) {
        return Err(refused(
            format!("this file names itself as its network ({})", network.value),
            "name the file that declares the VPCs (`vpcpath import` writes one), relative to this file".into(),
        ));
    }
    let ntext = input::read_text(&npath).map_err(|e| {
        refused(
            format!(
                "cannot read the network file {}: {}",
                npath.display(),
                reason(&e)
            ),
            "write the network file's path relative to this file".into(),
        )
    })?;
    // A file that is not a scenario is not quoted: this file named it, and only what is wrong
    // with it is said, where.
    let mut whole = parse(&npath, &ntext).map_err(|e| {
        let (what, pos) = first_problem(&e);
        refused(
            format!(
                "the network file {} is not a scenario file: {what} (line {}, column {})",
                npath.display(),
                pos.line,
                pos.column
            ),
            format!(
                "name a scenario file that declares the VPCs; `vpcpath check {}` shows the problem in place",
                npath.display()
            ),
        )
    })?;
    if let Some(next) = &whole.network {
        let nnext = npath.parent().unwrap_or(Path::new("")).join(&next.value);
        let message = if same_file(path, &nnext) {
            format!(
                "{} takes its network from this file: a cycle ({} -> {} -> {})",
                network.value,
                path.display(),
                npath.display(),
                path.display()
            )
        } else {
            format!(
                "{} takes its own network from another file ({}): a network file holds the network itself",
                network.value, next.value
            )
        };
        return Err(refused(
            message,
            "name the file that declares the VPCs".into(),
        ));
    }
    // The network file checked on its own (it has no `network:`: this is not recursion), from
    // the scenario parsed above: the file is parsed once.
    let alone = if once && adds_nothing(&requests) && whole.requests.is_empty() {
        None
    } else {
        let alone = validate::validate(&whole).map_err(|diagnostics| {
            let e = Error::Invalid {
                path: npath.clone(),
                text: Arc::from(ntext.as_str()),
                diagnostics,
            };
            named_by(e, path, at)
        })?;
        Some(alone.warnings)
    };
    drop(ntext);
    if whole.region.value != requests.region.value {
        return Err(invalid(vec![
            Diagnostic::new(
                Code::NetworkFile,
                Pos::of(&requests.region),
                format!(
                    "this file's region is {}, its network's ({}) is {}",
                    requests.region.value, network.value, whole.region.value
                ),
            )
            .with_help("write the network file's region here"),
        ]));
    }
    whole.scenario = requests.scenario;
    whole.description = requests.description;
    whole.requests = requests.requests;
    // What an import does not write, kept by hand beside the requests.
    whole.apis.extend(requests.apis);
    whole.custom_domains.extend(requests.custom_domains);
    whole.dns_zones.extend(requests.dns_zones);
    whole.lambda_functions.extend(requests.lambda_functions);
    whole.sites.extend(requests.sites);
    whole.resolver_rules.extend(requests.resolver_rules);
    overlay(&mut whole, requests.instances, &network.value).map_err(invalid)?;
    Ok((whole, alone))
}

/// Whether a requests file that takes its network from another adds nothing to it (no API,
/// domain, zone, function, site, Resolver rule or listener).
pub(super) fn adds_nothing(s: &Scenario) -> bool {
    s.apis.is_empty()
        && s.custom_domains.is_empty()
        && s.dns_zones.is_empty()
        && s.lambda_functions.is_empty()
        && s.sites.is_empty()
        && s.resolver_rules.is_empty()
        && s.instances.is_empty()
}

/// Whether `a` and `b` are the same file (by their real paths; `false` when either has none).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Why a file could not be read, without its path (the message names it already).
fn reason(e: &Error) -> String {
    match e {
        Error::Io { source, .. } => source.to_string(),
        Error::Invalid { diagnostics, .. } => diagnostics
            .first()
            .map_or_else(|| "it is not readable".into(), |d| d.message.clone()),
        other => other.render(false),
    }
}

/// The first problem of a file that failed to parse, and where it is.
fn first_problem(e: &Error) -> (String, Pos) {
    match e {
        Error::Invalid { diagnostics, .. } if !diagnostics.is_empty() => {
            (diagnostics[0].message.clone(), diagnostics[0].pos)
        }
        other => (reason(other), Pos::default()),
    }
}

/// The network file's own problems, with a last line naming the file whose `network:` (at
/// `at`) pointed there.
fn named_by(e: Error, path: &Path, at: Pos) -> Error {
    match e {
        Error::Invalid {
            path: npath,
            text,
            mut diagnostics,
        } => {
            diagnostics.push(Diagnostic::new(
                Code::NetworkFile,
                Pos::default(),
                format!(
                    "this file is the network of {} (its `network:` at line {}, column {})",
                    path.display(),
                    at.line,
                    at.column
                ),
            ));
            Error::Invalid {
                path: npath,
                text,
                diagnostics,
            }
        }
        other => other,
    }
}

/// Adds a requests file's `instances:` overlay (listeners) to its network's instances: the one
/// overlay a file with `network:` may write on the network's resources (docs/import.md).
fn overlay(
    whole: &mut Scenario,
    overlays: Vec<crate::model::Sp<crate::model::InstanceOverlay>>,
    network: &str,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for o in overlays {
        let o = o.value;
        let found = whole
            .vpcs
            .iter_mut()
            .flat_map(|v| v.instances.iter_mut())
            .find(|i| i.id.value == o.id.value);
        match found {
            Some(i) => {
                i.listens.extend(o.listens);
                i.listens_udp.extend(o.listens_udp);
            }
            None => errors.push(
                Diagnostic::new(
                    Code::NetworkFile,
                    Pos::of(&o.id),
                    format!("{network} has no instance {}", o.id.value),
                )
                .with_help("`instances:` here adds listeners to the network file's instances: name one of them by its id"),
            ),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
