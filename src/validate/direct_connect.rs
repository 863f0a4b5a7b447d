//! Direct Connect gateways: their virtual interfaces, their associations with virtual private
//! gateways or transit gateways, and what AWS refuses of them (F6.56-F6.62).

use super::*;
use crate::aws::words::VifKind;

/// A Direct Connect gateway's association with a transit gateway, until the transit gateway's
/// attachment for it is read.
pub(crate) struct TgwAssociation {
    /// Its allowed prefixes: what the sites learn (F6.58).
    pub(crate) allowed: Option<Vec<Ipv4Net>>,
    /// Where it is written.
    pub(crate) pos: Pos,
    /// Whether an attachment of the transit gateway names the Direct Connect gateway.
    pub(crate) attached: bool,
}

/// Gateways (or sites) of one kind, each with where it was written.
type Written<T> = Vec<(T, Pos)>;

/// The Amazon side's ASN AWS gives a Direct Connect gateway when none is asked for.
pub(super) const DEFAULT_ASN: u32 = 64512;

impl Validator {
    /// The file's Direct Connect gateways, after the sites and virtual private gateways and
    /// before the transit gateways, whose attachments name them.
    pub(crate) fn dx_gateways(&mut self, s: &model::Scenario) {
        // Virtual private gateways associated through the short form (`direct_connect:` sites
        // or `allowed_prefixes` on `vpn_gateway`): an implicit Direct Connect gateway each.
        let mut associated: BTreeMap<VgwIx, String> = BTreeMap::new();
        for vpc in &s.vpcs {
            if let Some(g) = &vpc.vpn_gateway
                && (!g.direct_connect.is_empty() || !g.allowed_prefixes.is_empty())
                && let Some(&(Kind::Vgw, _, ix)) = self.ids.get(g.id.value.as_str())
            {
                let how = format!("the `direct_connect` sites written on {}", g.id.value);
                associated.insert(VgwIx(ix), how);
            }
        }
        for d in &s.direct_connect_gateways {
            let dx = DxgwIx(self.net.dx_gateways.len());
            let asn = d.amazon_side_asn.as_ref().map_or(DEFAULT_ASN, |a| {
                self.asn(a);
                a.value
            });
            let (private, transit) = self.virtual_interfaces(d);
            let (vgws, tgws) = self.associations(d, dx, &mut associated);
            self.mixed(d, &private, &vgws, &tgws);
            for &(g, _) in &vgws {
                for &(site, _) in &private {
                    self.connect_vgw(g, site);
                }
            }
            self.overlapping_vpcs(d, &vgws);
            self.net.dx_gateways.push(DxGateway {
                id: Some(d.id.value.clone()),
                asn,
                sites: transit.iter().map(|&(s, _)| s).collect(),
            });
        }
    }

    /// A private ASN, as AWS requires of the Amazon side (F6.62).
    fn asn(&mut self, a: &Sp<u32>) {
        let private = (64512..=65534).contains(&a.value)
            || (4_200_000_000..=4_294_967_294).contains(&a.value);
        if !private {
            let msg = format!(
                "ASN {} is not a private ASN: AWS takes 64512-65534 or 4200000000-4294967294 for the Amazon side of a Direct Connect gateway",
                a.value
            );
            self.err(Code::DirectConnect, Pos::of(a), msg)
                .help("write a private ASN, or leave `amazon_side_asn` out for AWS's 64512");
        }
    }

    /// The sites of a gateway's private and transit virtual interfaces (each once), where
    /// each was written. A public virtual interface is refused (F6.57).
    fn virtual_interfaces(
        &mut self,
        d: &model::DirectConnectGateway,
    ) -> (Written<SiteIx>, Written<SiteIx>) {
        let (mut private, mut transit) = (Vec::new(), Vec::new());
        let from = format!("a virtual interface of {}", d.id.value);
        for vif in &d.virtual_interfaces {
            let site = self.resolve(&vif.site, Kind::Site, &from).map(SiteIx);
            let kind = self.word::<VifKind>(Code::DirectConnect, &vif.kind);
            let list = match kind {
                Some(VifKind::Private) => &mut private,
                Some(VifKind::Transit) => &mut transit,
                Some(VifKind::Public) => {
                    let msg = format!(
                        "a public virtual interface cannot be attached to Direct Connect gateway {}",
                        d.id.value
                    );
                    self.err(Code::DirectConnect, Pos::of(&vif.kind), msg)
                        .help("a public virtual interface reaches AWS's public services by itself: remove it here, or write `private` (to virtual private gateways) or `transit` (to transit gateways)");
                    continue;
                }
                None => continue,
            };
            if let Some(site) = site.filter(|s| list.iter().all(|(x, _)| x != s)) {
                list.push((site, Pos::of(&vif.kind)));
            }
        }
        (private, transit)
    }

    /// A gateway's associations: the virtual private gateways (each given the association's
    /// allowed prefixes) and the transit gateways (kept for their attachments), with the
    /// quotas and the one association a virtual private gateway takes (F6.60, F6.61).
    fn associations(
        &mut self,
        d: &model::DirectConnectGateway,
        dx: DxgwIx,
        associated: &mut BTreeMap<VgwIx, String>,
    ) -> (Written<VgwIx>, Written<TgwIx>) {
        let (mut vgws, mut tgws) = (Vec::new(), Vec::new());
        let from = format!("an association of {}", d.id.value);
        for a in &d.associations {
            let tgw = match self.ids.get(a.gateway.value.as_str()) {
                Some(&(Kind::Tgw, _, ix)) => Some(TgwIx(ix)),
                _ => None,
            };
            if let Some(t) = tgw {
                if tgws.iter().any(|&(x, _)| x == t) {
                    let msg = format!(
                        "{} is associated with {} twice",
                        d.id.value, a.gateway.value
                    );
                    self.err(Code::Duplicate, Pos::of(&a.gateway), msg)
                        .help("keep one association per gateway");
                    continue;
                }
                tgws.push((t, Pos::of(&a.gateway)));
                if tgws.len() == aws::DX_TGWS_PER_GATEWAY + 1 {
                    let msg = format!(
                        "{} has more than {} transit gateway associations: AWS's quota per Direct Connect gateway, and it cannot be increased",
                        d.id.value,
                        aws::DX_TGWS_PER_GATEWAY
                    );
                    self.err(Code::DirectConnect, Pos::of(&a.gateway), msg)
                        .help("associate the other transit gateways with another Direct Connect gateway, or peer them (F6.21)");
                }
                let allowed = self.tgw_allowed_prefixes(d, a);
                let assoc = TgwAssociation {
                    allowed,
                    pos: Pos::of(&a.gateway),
                    attached: false,
                };
                self.dx_tgw.insert((dx, t), assoc);
                continue;
            }
            let Some(g) = self.resolve(&a.gateway, Kind::Vgw, &from).map(VgwIx) else {
                continue;
            };
            if let Some(other) = associated.get(&g) {
                let msg = format!(
                    "{} is already associated with a Direct Connect gateway (by {other}): a virtual private gateway is associated with one",
                    a.gateway.value
                );
                self.err(Code::DirectConnect, Pos::of(&a.gateway), msg)
                    .help("keep one association: remove this one, or the other (F6.60)");
                continue;
            }
            associated.insert(g, d.id.value.clone());
            vgws.push((g, Pos::of(&a.gateway)));
            if vgws.len() == aws::DX_VGWS_PER_GATEWAY + 1 {
                let msg = format!(
                    "{} has more than {} virtual private gateway associations: AWS's quota per Direct Connect gateway, and it cannot be increased",
                    d.id.value,
                    aws::DX_VGWS_PER_GATEWAY
                );
                self.err(Code::DirectConnect, Pos::of(&a.gateway), msg)
                    .help("associate the other VPCs' gateways with another Direct Connect gateway, or reach them through a transit gateway");
            }
            let allowed = self.allowed_prefixes(&a.allowed_prefixes);
            self.net.vgws[g.0].allowed_prefixes = allowed;
            self.net.vgws[g.0].dx_gateway = Some(dx);
        }
        (vgws, tgws)
    }

    /// A transit gateway association's allowed prefixes: required, at most 200 (F6.58,
    /// F6.61).
    fn tgw_allowed_prefixes(
        &mut self,
        d: &model::DirectConnectGateway,
        a: &model::DxAssociation,
    ) -> Option<Vec<Ipv4Net>> {
        if a.allowed_prefixes.is_empty() {
            let msg = format!(
                "the association of {} with {} has no allowed prefixes: AWS requires them of a transit gateway association",
                d.id.value, a.gateway.value
            );
            self.err(Code::DirectConnect, Pos::of(&a.gateway), msg)
                .help("write `allowed_prefixes:` with the CIDRs the sites are to learn, such as the attached VPCs' (F6.58)");
        }
        if let Some(extra) = a.allowed_prefixes.get(aws::DX_ALLOWED_PREFIXES_PER_TGW) {
            let msg = format!(
                "the association of {} with {} lists {} allowed prefixes: AWS's quota is {} per transit gateway association",
                d.id.value,
                a.gateway.value,
                a.allowed_prefixes.len(),
                aws::DX_ALLOWED_PREFIXES_PER_TGW
            );
            self.err(Code::DirectConnect, Pos::of(extra), msg)
                .help("summarise the prefixes into wider ones (see https://docs.aws.amazon.com/general/latest/gr/dc.html)");
        }
        self.allowed_prefixes(&a.allowed_prefixes)
    }

    /// A gateway associated with a transit gateway takes no virtual private gateway and no
    /// private virtual interface (refused); a virtual interface no association of its kind
    /// takes carries nothing (F6.57).
    fn mixed(
        &mut self,
        d: &model::DirectConnectGateway,
        private: &[(SiteIx, Pos)],
        vgws: &[(VgwIx, Pos)],
        tgws: &[(TgwIx, Pos)],
    ) {
        let Some(&(_, at)) = tgws.first() else {
            if !vgws.is_empty() {
                self.idle_transit_interfaces(d);
            }
            return;
        };
        // The transit gateways are read after the Direct Connect gateways: its id as written.
        let tgw = d
            .associations
            .iter()
            .find(|a| {
                matches!(
                    self.ids.get(a.gateway.value.as_str()),
                    Some((Kind::Tgw, _, _))
                )
            })
            .map(|a| a.gateway.value.clone())
            .unwrap_or_default();
        if let Some(&(g, _)) = vgws.first() {
            let msg = format!(
                "{} is associated with transit gateway {tgw} and virtual private gateway {}: AWS takes one kind of association per Direct Connect gateway",
                d.id.value, self.net.vgws[g.0].id
            );
            self.err(Code::DirectConnect, at, msg)
                .help("use two Direct Connect gateways: one for the transit gateways (transit virtual interfaces), one for the virtual private gateways (private virtual interfaces)");
        }
        for &(site, pos) in private {
            let msg = format!(
                "a private virtual interface from {} cannot be attached to {}, which is associated with transit gateway {tgw}",
                self.net.sites[site.0].id, d.id.value
            );
            self.err(Code::DirectConnect, pos, msg)
                .help("write `kind: transit`: a transit gateway is reached by a transit virtual interface (F6.57)");
        }
    }

    /// Warns at each transit virtual interface of a gateway associated only with virtual
    /// private gateways: it reaches none of them (F6.57).
    fn idle_transit_interfaces(&mut self, d: &model::DirectConnectGateway) {
        for vif in &d.virtual_interfaces {
            if VifKind::parse(&vif.kind.value) == Some(VifKind::Transit) {
                let msg = format!(
                    "the transit virtual interface from {} reaches nothing: {} is associated with virtual private gateways, which private virtual interfaces reach",
                    vif.site.value, d.id.value
                );
                self.warn(Code::IdleVirtualInterface, Pos::of(&vif.kind), msg)
                    .help("write `kind: private`, or associate the gateway with a transit gateway instead (F6.57)");
            }
        }
    }

    /// A private virtual interface's site reaches an associated virtual private gateway over
    /// Direct Connect, as the short form's `direct_connect` sites do.
    fn connect_vgw(&mut self, g: VgwIx, site: SiteIx) {
        if self.net.vgws[g.0].sites.contains(&(site, true)) {
            return;
        }
        self.net.vgws[g.0].sites.push((site, true));
        let (from, to) = (self.net.vgws[g.0].node, self.net.sites[site.0].node);
        let link = Link::Connection {
            direct_connect: true,
        };
        self.net.graph.add_edge(from, to, link);
        self.net.sites[site.0].vpn_gateways.push(g);
    }

    /// The VPCs reached through one Direct Connect gateway cannot overlap (F6.60).
    fn overlapping_vpcs(&mut self, d: &model::DirectConnectGateway, vgws: &[(VgwIx, Pos)]) {
        let mut seen: Vec<(Ipv4Net, VpcIx)> = Vec::new();
        for &(g, at) in vgws {
            let v = self.net.vgws[g.0].vpc;
            let cidrs = self.net.vpcs[v.0].cidrs.clone();
            let clash = cidrs.iter().find_map(|c| {
                seen.iter()
                    .find(|(o, _)| o.contains(c) || c.contains(o))
                    .map(|&(o, w)| (*c, o, w))
            });
            if let Some((c, o, w)) = clash {
                let msg = format!(
                    "{} ({c}) overlaps {} ({o}): the VPCs reached through Direct Connect gateway {} cannot overlap",
                    self.net.vpcs[v.0].id, self.net.vpcs[w.0].id, d.id.value
                );
                self.err(Code::Overlap, at, msg)
                    .help("associate one of them with another Direct Connect gateway, or give the VPCs CIDRs that do not overlap (F6.60)");
            }
            seen.extend(cidrs.into_iter().map(|c| (c, v)));
        }
    }

    /// A transit gateway attachment that names a Direct Connect gateway: the gateway, and the
    /// allowed prefixes of its association with this transit gateway (F6.56, F6.58).
    pub(crate) fn dx_attachment(
        &mut self,
        tgw: TgwIx,
        a: &model::TgwAttachment,
        written: &Sp<String>,
    ) -> Option<(DxgwIx, Option<Vec<Ipv4Net>>)> {
        let from = format!("attachment {}", a.id.value);
        let d = DxgwIx(self.resolve(written, Kind::DxGateway, &from)?);
        let tgw_id = self.net.tgws[tgw.0].id.clone();
        if let Some(first) = a.allowed_prefixes.first() {
            let help = format!(
                "write them under the association of {} with {tgw_id}, in `direct_connect_gateways`",
                written.value
            );
            self.err(
                Code::TransitGateway,
                Pos::of(first),
                "the allowed prefixes of a Direct Connect gateway attachment are its association's",
            )
            .help(help);
        }
        match self.dx_tgw.get_mut(&(d, tgw)) {
            Some(assoc) if assoc.attached => {
                let msg = format!("{} is attached to {tgw_id} twice", written.value);
                self.err(Code::Duplicate, Pos::of(written), msg)
                    .help("a Direct Connect gateway association makes one attachment: keep one");
                None
            }
            Some(assoc) => {
                assoc.attached = true;
                Some((d, assoc.allowed.clone()))
            }
            None => {
                let msg = format!(
                    "{} is not associated with {tgw_id}: its attachment comes with an association",
                    written.value
                );
                self.err(Code::DirectConnect, Pos::of(written), msg).help(format!(
                    "add `{{ gateway: {tgw_id}, allowed_prefixes: [...] }}` to the associations of {}",
                    written.value
                ));
                None
            }
        }
    }

    /// Each transit gateway association must have its attachment, which the transit gateway's
    /// route tables name.
    pub(crate) fn dx_associations_attached(&mut self) {
        let unattached: Vec<((DxgwIx, TgwIx), Pos)> = self
            .dx_tgw
            .iter()
            .filter(|(_, a)| !a.attached)
            .map(|(&k, a)| (k, a.pos))
            .collect();
        for ((d, t), pos) in unattached {
            let dx = self.net.dx_gateways[d.0].id.clone().unwrap_or_default();
            let tgw = self.net.tgws[t.0].id.clone();
            let msg = format!(
                "{dx}'s association with {tgw} has no attachment in {tgw}'s `attachments`: its route tables could not name it"
            );
            self.err(Code::DirectConnect, pos, msg).help(format!(
                "add `{{ id: tgw-attach-<name>, direct_connect_gateway: {dx}, route_table: <table> }}` to the attachments of {tgw}"
            ));
        }
    }
}
