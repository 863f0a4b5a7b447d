//! What `vpcpath version` prints for a bug report: the version, the JSON format version, the
//! platform built for, and how many AWS rules the catalogue holds. No commit or build date: the
//! published crate has no git, and the same source gives the same binary.

use super::FORMAT_VERSION;

/// The rule catalogue, whose anchored rules are counted.
const CATALOGUE: &str = include_str!("../../docs/aws-rules.md");

/// This build of vpcpath.
#[derive(Debug, Clone, serde::Serialize)]
pub struct About {
    /// The crate's version.
    pub version: &'static str,
    /// The JSON report's format version.
    pub json_format_version: &'static str,
    /// The operating system and architecture built for.
    pub target: String,
    /// The AWS rules of docs/aws-rules.md (`F1.1`...).
    pub aws_rules: usize,
}

impl About {
    /// This binary's.
    pub fn this() -> About {
        About {
            version: env!("CARGO_PKG_VERSION"),
            json_format_version: FORMAT_VERSION,
            target: format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
            aws_rules: CATALOGUE.matches("<a id=\"F").count(),
        }
    }

    /// As lines of text.
    pub fn text(&self) -> String {
        format!(
            "vpcpath {}\nJSON format {}\nbuilt for {}\n{} AWS rules in the catalogue (docs/aws-rules.md)\n",
            self.version, self.json_format_version, self.target, self.aws_rules
        )
    }

    /// As one JSON object, on one line.
    pub fn json(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_version_and_counts_the_rules() {
        let a = About::this();
        assert_eq!(a.version, env!("CARGO_PKG_VERSION"));
        assert!(a.aws_rules > 100, "{}", a.aws_rules);
        let v: serde_json::Value = serde_json::from_str(&a.json()).unwrap();
        assert_eq!(v["json_format_version"], "1");
        assert!(a.text().starts_with("vpcpath "));
    }
}
