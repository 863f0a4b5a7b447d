//! The requests of a streamed file, checked one by one against the network validated before
//! them ([`RequestChecker`]), and the warnings that depend on them.

use super::*;

/// Validates a scenario whose requests come separately (streamed, for large files): the rest
/// of the file is validated and resolved now, and the returned checker resolves the requests
/// one by one against it. The scenario given must hold no requests.
pub fn validate_head(mut s: model::Scenario) -> Result<(Network, RequestChecker), Vec<Diagnostic>> {
    let taken = take_routes(&mut s);
    let mut v = Validator::empty(&s);
    v.taken_routes = Some(taken);
    v.build_owned(&mut s);
    v.streaming = true;
    let s = &s;
    // The checker keeps the ids (what only building needed is freed by `finish`); the network
    // goes to the caller.
    Ok(RequestChecker::split(v.finish(s)?, s))
}

/// Resolves streamed requests against a scenario validated by [`validate_head`], and gathers
/// the warnings that depend on the requests.
pub struct RequestChecker {
    pub(crate) v: Validator,
    pub(crate) names: NameSet,
    pub(crate) next: usize,
    pub(crate) zones: lint::UnaskedZones,
    /// The first warnings about requests, in file order (positions relative to the text the
    /// requests were read from); `more_warnings` counts the rest.
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) more_warnings: usize,
    /// How many warnings to list before counting the rest ([`MAX_LISTED_WARNINGS`] unless
    /// [`RequestChecker::list`] says otherwise).
    pub(crate) list: usize,
    /// Warnings another file gives already (the network file of a file that takes its network
    /// from it): not given again.
    pub(crate) known: Vec<Diagnostic>,
}

/// [`validate_head`] of a scenario that is kept, not taken apart (its routes stay where they
/// are): what `vpcpath fix` validates an edited network with, reusing the requests it resolved
/// once where the edit cannot change how they resolve. The scenario given must hold no
/// requests.
pub fn validate_head_ref(
    s: &model::Scenario,
) -> Result<(Network, RequestChecker), Vec<Diagnostic>> {
    let mut v = Validator::empty(s);
    v.build(s);
    v.streaming = true;
    Ok(RequestChecker::split(v.finish(s)?, s))
}

impl RequestChecker {
    /// The network of a validated head, and the checker that keeps its ids.
    pub(crate) fn split(mut v: Validator, s: &model::Scenario) -> (Network, RequestChecker) {
        let placeholder = Validator::empty(s).net;
        let net = std::mem::replace(&mut v.net, placeholder);
        let zones = v.unasked_zones.take().unwrap_or_default();
        (
            net,
            RequestChecker {
                v,
                names: NameSet::default(),
                next: 0,
                zones,
                warnings: Vec::new(),
                more_warnings: 0,
                list: MAX_LISTED_WARNINGS,
                known: Vec::new(),
            },
        )
    }
}

/// The warnings of a streamed file that depend on its requests: the first
/// [`MAX_LISTED_WARNINGS`], and how many more there were.
#[derive(Debug, Default)]
pub struct RequestWarnings {
    /// The first ones, in file order.
    pub listed: Vec<Diagnostic>,
    /// How many more.
    pub more: usize,
}

impl RequestChecker {
    /// Resolves the next request of the file (`net`: the network [`validate_head`] returned),
    /// or returns its problems.
    pub fn check(
        &mut self,
        net: &Network,
        r: &Sp<model::Request>,
    ) -> Result<Request, Vec<Diagnostic>> {
        let request = dns_expect::settled(self.v.request(self.next, r, &mut self.names), net);
        self.next += 1;
        if !self.v.diags.is_empty() {
            return Err(std::mem::take(&mut self.v.diags));
        }
        if !self.zones.all_asked() {
            self.zones.ask(&lint::url_host(&r.value.url));
        }
        if let Some(warning) = lint::captured_public_api(net, &request) {
            self.keep(|| warning(Pos::of(&r.value.url)));
        }
        if let Some(warning) = lint::assumed_metadata_tokens(net, &request) {
            self.keep(|| warning(Pos::of(&r.value.url)));
        }
        Ok(request)
    }

    /// Warnings another file gives already (a network file's, for a file that takes its
    /// network from it): those of them that depend on the requests are not given again.
    pub fn known(&mut self, warnings: Vec<Diagnostic>) {
        self.known = warnings;
    }

    /// Lists up to `n` warnings (`usize::MAX`: all, as the JSON report gives them) before
    /// counting the rest.
    pub fn list(&mut self, n: usize) {
        self.list = n;
    }

    /// Lists a warning (written only then), or counts it once as many as asked are listed.
    /// A listed warning's words are held in as many bytes as they have (a formatted string
    /// has room to spare): a JSON report lists every one, a hundred thousand in a large file.
    pub(crate) fn keep(&mut self, warning: impl FnOnce() -> Diagnostic) {
        if self.warnings.len() < self.list {
            let mut d = warning();
            d.message.shrink_to_fit();
            if let Some(help) = &mut d.help {
                help.shrink_to_fit();
            }
            self.warnings.push(d);
        } else {
            self.more_warnings += 1;
        }
    }

    /// The warnings about the requests, once all are checked: each request's own (passed
    /// through `locate`, which makes their positions the file's: the requests may have been
    /// read from a part of it), then the zones that no request, record or custom domain asked
    /// a name in.
    pub fn finish(mut self, locate: impl Fn(Diagnostic) -> Diagnostic) -> RequestWarnings {
        self.warnings = std::mem::take(&mut self.warnings)
            .into_iter()
            .map(locate)
            .collect();
        let zones = std::mem::take(&mut self.zones).warnings();
        for d in zones {
            let known = self
                .known
                .iter()
                .any(|k| k.code == d.code && k.pos == d.pos && k.message == d.message);
            if !known {
                self.keep(|| d);
            }
        }

        RequestWarnings {
            listed: self.warnings,
            more: self.more_warnings,
        }
    }
}

/// The request names seen so far, to refuse a name used twice.
///
/// Each name is held as a 128-bit hash, not as a string: a streamed run of a million requests
/// peaked about 30 MB lower. The hash is two SipHash-1-3 values with random keys: two different
/// names share one with a chance of about 2^-128 per pair (for a million names, about 10^-27),
/// and no file can be written to make them collide.
pub(crate) struct NameSet {
    /// The hashes, in [`NAME_SHARDS`] sets by their top bits: a set grows by doubling, and a
    /// million names in one set doubled near the end of a file, holding its old table (17 MB)
    /// beside the new one; a shard holds a 64th of that.
    pub(crate) seen: Vec<rustc_hash::FxHashSet<u128>>,
    pub(crate) keys: (std::hash::RandomState, std::hash::RandomState),
}

/// How many sets [`NameSet`] spreads its hashes over.
const NAME_SHARDS: usize = 64;

impl Default for NameSet {
    fn default() -> Self {
        NameSet {
            seen: vec![rustc_hash::FxHashSet::default(); NAME_SHARDS],
            keys: (std::hash::RandomState::new(), std::hash::RandomState::new()),
        }
    }
}

impl NameSet {
    /// Adds a name; `false` if it was already there.
    pub(crate) fn insert(&mut self, name: &str) -> bool {
        use std::hash::BuildHasher;
        let high = self.keys.0.hash_one(name);
        let low = u128::from(self.keys.1.hash_one(name));
        // The top bits pick the shard (the hashes are uniform); the whole hash is kept in it.
        let shard = usize::try_from(high >> 58).unwrap_or(0) % NAME_SHARDS;
        self.seen[shard].insert(u128::from(high) << 64 | low)
    }
}
