//! Requests named on the command line (`--request`): found by their whole name, or the
//! names that come close said.

/// The request of `net` named `name`, by its index; or says on stderr that there is none, with
/// the closest name.
pub(super) fn find_request(
    net: &vpcpath::Network,
    name: &str,
    path: &std::path::Path,
) -> Option<usize> {
    let found = net.requests.iter().position(|r| r.name == name);
    if found.is_none() {
        let help = request_hint(name, net.requests.iter().map(|r| r.name.as_str()));
        say!(
            "error: {} has no request named `{name}`\n  help: {help}",
            path.display()
        );
    }
    found
}

/// What to write instead of a request name no request has: the names that contain it (as
/// typed, in any case), else the closest name.
fn request_hint<'a>(name: &str, names: impl Iterator<Item = &'a str> + Clone) -> String {
    let lower = name.to_lowercase();
    let containing: Vec<&str> = (names.clone())
        .filter(|n| n.to_lowercase().contains(&lower))
        .collect();
    match containing.as_slice() {
        [] => vpcpath::validate::suggest_or(
            name,
            names,
            "run `vpcpath test` on the file to list its requests",
        ),
        [one] => format!("did you mean `{one}`? (--request takes the whole name)"),
        many => {
            let shown: Vec<String> = many.iter().take(5).map(|n| format!("`{n}`")).collect();
            let more = many.len().saturating_sub(5);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "--request takes the whole name; {} requests contain `{name}`: {}{more}",
                many.len(),
                shown.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::request_hint;

    #[test]
    fn a_part_of_one_name_points_at_it_and_of_several_lists_them() {
        let names = [
            "C40 endpoint policy denies this API",
            "C41 allowed",
            "c40b again",
        ];
        assert_eq!(
            request_hint("C41", names.iter().copied()),
            "did you mean `C41 allowed`? (--request takes the whole name)"
        );
        assert_eq!(
            request_hint("c40", names.iter().copied()),
            "--request takes the whole name; 2 requests contain `c40`: `C40 endpoint policy denies this API`, `c40b again`"
        );
        assert_eq!(
            request_hint("zzz", names.iter().copied()),
            "run `vpcpath test` on the file to list its requests"
        );
    }
}
