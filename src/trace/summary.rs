//! A trace's path as summaries write it (`diff`, the Markdown table): its components, with the
//! AWS front ends that are no scenario id but tell two paths apart (CloudFront: an
//! edge-optimized custom domain reads differently from a direct call) where they were met.

use super::*;

/// The front ends a summary names, as traces name them (`Step::Arrive { at }`).
const FRONT_ENDS: &[&str] = &["cloudfront"];

impl Trace<'_> {
    /// [`Trace::path`] with each front end the request arrived at, before the first component
    /// met after it (at the end when none is).
    pub fn summary_path(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.path.iter().map(|p| p.as_ref()).collect();
        for (i, step) in self.steps.iter().enumerate() {
            let Step::Arrive { at, .. } = step else {
                continue;
            };
            let front = at.as_ref();
            if !FRONT_ENDS.contains(&front) || out.contains(&front) {
                continue;
            }
            // The first component of the path a later step names.
            let later = self.steps[i + 1..].iter().find_map(|s| {
                let (_, place, _) = describe(s);
                out.iter().position(|p| *p == place)
            });
            match later {
                Some(j) => out.insert(j, front),
                None => out.push(front),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_edge_custom_domain_names_cloudfront_in_its_path() {
        let net = crate::load::load_file(std::path::Path::new(
            "scenarios/fix-edge-custom-domain.yaml",
        ))
        .unwrap();
        let t = crate::engine::simulate(&net, &net.requests[0]);
        let path = t.summary_path();
        let cf = path
            .iter()
            .position(|p| *p == "cloudfront")
            .expect("cloudfront");
        assert!(path.len() > t.path.len());
        // Before the API it carried the request to.
        if let Some(api) = path.iter().position(|p| *p == "edge0api01") {
            assert!(cf < api, "{path:?}");
        }
    }
}
