//! A scenario written as YAML: what `vpcpath import` and `vpcpath matrix` hand back, in one
//! layout ([`super::flow`]) that the loader reads back as the same scenario.

use super::Scenario;

/// The scenario as YAML, `comments` first (one `# ` line each). The same scenario gives the
/// same bytes.
pub fn to_yaml(s: &Scenario, comments: &[String]) -> String {
    let mut out = String::new();
    for c in comments {
        for line in c.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    let mut options = serde_saphyr::SerializerOptions::default();
    options.indent_step = 2;
    // Long strings stay on their line: a folded scalar would be harder to grep and diff.
    options.prefer_block_scalars = false;
    // Every value of the model serializes (strings, numbers, booleans, JSON documents).
    match serde_saphyr::to_string_with_options(s, options) {
        Ok(text) => out.push_str(&text),
        Err(e) => out.push_str(&format!("# vpcpath could not write the scenario: {e}\n")),
    }
    out
}

/// One item of a list (a request, a route) as the line `to_yaml` writes it in a list of
/// small items: `- {name: a, from: i-a, url: ...}` and its newline, for a list written as it
/// is made.
pub fn item_line<T: serde::Serialize>(item: &T) -> String {
    #[derive(serde::Serialize)]
    #[serde(transparent)]
    struct One<'a, T: serde::Serialize>(
        #[serde(serialize_with = "super::flow::items")] &'a [&'a T],
    );
    let one = [item];
    serde_saphyr::to_string(&One(&one)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every bundled scenario, read, written and read again, is the same scenario: the YAML
    /// vpcpath writes is YAML its loader reads back as what was written.
    #[test]
    fn every_bundled_scenario_reads_back_as_written() {
        let mut files = Vec::new();
        crate::load::files_under(Path::new("scenarios"), &["yaml"], &mut files).unwrap();
        assert!(!files.is_empty());
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let first: Scenario = crate::load::parse(&f, &text).unwrap();
            let written = to_yaml(&first, &["a comment".into()]);
            let second: Scenario = crate::load::parse(&f, &written)
                .unwrap_or_else(|e| panic!("{}: {e}\n{written}", f.display()));
            assert_eq!(
                to_yaml(&second, &[]),
                to_yaml(&first, &[]),
                "{}",
                f.display()
            );
            assert!(written.starts_with("# a comment\n"));
        }
    }
}
