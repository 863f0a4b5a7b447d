//! The names the certificates at AWS's doors cover, which the index keeps per door (F2.7).

use super::*;

impl Network {
    /// The names the certificate of an interface endpoint covers: the service's names and the
    /// endpoint's own `vpce` names (F2.7: AWS's example connects to the vpce name without
    /// `-k`). The execute-api certificate is the wildcard only: it never covers the bare
    /// `execute-api.{region}.amazonaws.com` (F2.7).
    pub(crate) fn endpoint_certificates(&self, ep: &Endpoint) -> Vec<String> {
        let mut names = if ep.service == crate::aws::Service::ExecuteApi {
            vec![regional_api_certificate(&ep.region)]
        } else {
            service_certificates(&ep.service, ep.region)
        };
        let vpce = format!(
            "{}.{}.vpce.amazonaws.com",
            aws::service_dns_label(&ep.service),
            ep.region
        );
        // Its own names, Regional and zonal, with the suffix AWS picks: one wildcard covers
        // them all (F2.7).
        names.push(format!("*.{vpce}"));
        names
    }

    pub(crate) fn cloudfront_certificates(&self) -> Vec<String> {
        let mut names = vec!["*.cloudfront.net".to_string()];
        let mut regions: Vec<&str> = self
            .apis
            .iter()
            .filter(|a| a.endpoint == EndpointType::Edge)
            .map(|a| a.region.as_str())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        names.extend(regions.iter().map(|r| regional_api_certificate(r)));
        names.extend(
            self.custom_domains
                .iter()
                .filter(|d| d.endpoint == EndpointType::Edge)
                .map(|d| d.name.clone()),
        );
        names
    }
}
