//! The catalogue of AWS rules (`docs/aws-rules.md`), in the binary: each `F…` rule's words,
//! so that a step that cites one can show it beside the trace, offline, and the shorthand the
//! catalogue uses for AWS pages (`APIGW/x`), so that the page can link them.

use std::collections::BTreeMap;

use serde::Serialize;

/// The catalogue as written.
const CATALOGUE: &str = include_str!("../../docs/aws-rules.md");

/// Where the catalogue is published, for links to a rule.
pub const CATALOGUE_URL: &str = "https://github.com/vpcpath/vpcpath/blob/main/docs/aws-rules.md";

/// The rules, by number, and the shorthand of AWS pages.
#[derive(Debug, Clone, Serialize)]
pub struct Rules {
    /// `F1.1` -> what the catalogue says of it (without its anchor and number).
    pub rules: BTreeMap<String, String>,
    /// `APIGW` -> `https://docs.aws.amazon.com/apigateway/latest/developerguide/{}.html`.
    pub shorthand: BTreeMap<String, String>,
    /// The published catalogue, for links (`#F1.1` appended).
    pub url: &'static str,
}

/// Reads the catalogue bundled in the binary.
pub fn bundled() -> Rules {
    parse(CATALOGUE)
}

/// Reads a catalogue: a rule is a list item that starts with its anchor
/// (`- <a id="F1.1"></a>**F1.1** ...`), continued by the indented lines below it.
pub fn parse(text: &str) -> Rules {
    let mut rules = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("- <a id=\"") {
            if let Some((id, text)) = current.take() {
                rules.insert(id, text);
            }
            let Some((id, after)) = rest.split_once("\"></a>") else {
                continue;
            };
            let bold = format!("**{id}**");
            let words = after.trim_start().trim_start_matches(bold.as_str()).trim();
            current = Some((id.to_string(), words.to_string()));
        } else if let Some((_, words)) = current.as_mut() {
            if line.starts_with("  ") && !line.trim().is_empty() {
                words.push(' ');
                words.push_str(line.trim());
            } else {
                let (id, text) = current.take().unwrap_or_default();
                rules.insert(id, text);
            }
        }
    }
    if let Some((id, text)) = current {
        rules.insert(id, text);
    }
    Rules {
        rules,
        shorthand: shorthand(text),
        url: CATALOGUE_URL,
    }
}

/// The catalogue's shorthand: each `` `X/x` is `https://.../x.html` `` it defines.
fn shorthand(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let marker = "/x` is `";
    for (at, _) in text.match_indices(marker) {
        let before = &text[..at];
        let Some(tick) = before.rfind('`') else {
            continue;
        };
        let short = &before[tick + 1..];
        let rest = &text[at + marker.len()..];
        let Some((url, _)) = rest.split_once('`') else {
            continue;
        };
        if !short.is_empty()
            && short.chars().all(|c| c.is_ascii_alphanumeric())
            && url.starts_with("https://")
            && url.contains("/x")
        {
            out.insert(short.to_string(), url.replacen("/x", "/{}", 1));
        }
    }
    out
}

/// The rule numbers (`F1.10`) cited in `text`, in order, without repeats.
pub fn cited(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('F') {
        // A rule number stands alone: `F` not preceded by a letter or digit.
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = &text[i + 1..];
        let major: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[major.len()..];
        let Some(minor_text) = after.strip_prefix('.') else {
            continue;
        };
        let minor: String = minor_text
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if major.is_empty() || minor.is_empty() {
            continue;
        }
        let id = format!("F{major}.{minor}");
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_rule_and_its_continuation() {
        let r = parse(concat!(
            "Intro `APIGW/x` is `https://docs.aws.amazon.com/apigateway/x.html`,\n\n",
            "- <a id=\"F1.1\"></a>**F1.1** With private DNS on,\n  it answers.\n",
            "- <a id=\"F1.2\"></a>**F1.2** The zone.\n\nText.\n",
        ));
        assert_eq!(r.rules["F1.1"], "With private DNS on, it answers.");
        assert_eq!(r.rules["F1.2"], "The zone.");
        assert_eq!(
            r.shorthand["APIGW"],
            "https://docs.aws.amazon.com/apigateway/{}.html"
        );
    }

    #[test]
    fn the_bundled_catalogue_defines_the_rules_the_reported_case_cites() {
        let r = bundled();
        for id in ["F1.1", "F1.2", "F1.9", "F1.10", "F1.11"] {
            assert!(r.rules.contains_key(id), "{id}");
        }
        assert!(r.shorthand.contains_key("KC"));
    }

    #[test]
    fn finds_cited_rules_once_each() {
        assert_eq!(
            cited("403 (F1.10), see F1.10 and F2.3; not FF1.2 nor F1 nor F.2"),
            vec!["F1.10", "F2.3"]
        );
    }
}
