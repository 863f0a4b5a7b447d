//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::*;

#[test]
fn an_own_key_picks_the_instance_with_it_or_those_made_of_it_never_another() {
    let all = |keys: &[&str]| -> Vec<String> {
        keys.iter()
            .map(|k| format!("aws_subnet.s[\"{k}\"]"))
            .collect()
    };
    assert_eq!(keyed(all(&["a", "b"]), "b"), all(&["b"]));
    assert_eq!(
        keyed(all(&["a-us-east-1a", "a-us-east-1b", "b-us-east-1a"]), "a"),
        all(&["a-us-east-1a", "a-us-east-1b"])
    );
    assert!(keyed(all(&["x", "y"]), "a").is_empty());
}

#[test]
fn a_count_index_past_the_list_wraps_around_as_element_does() {
    let all: Vec<String> = (0..2).map(|i| format!("aws_subnet.s[{i}]")).collect();
    assert_eq!(resolve::wrapped(all.clone(), "2"), vec!["aws_subnet.s[0]"]);
    assert_eq!(resolve::wrapped(all.clone(), "3"), vec!["aws_subnet.s[1]"]);
    // Not a count index, or instances keyed by name: nothing is picked.
    assert!(resolve::wrapped(all, "a").is_empty());
    assert!(resolve::wrapped(vec!["aws_subnet.s[\"a\"]".into()], "1").is_empty());
}

#[test]
fn a_module_instance_is_its_own_and_a_module_without_a_key_is_all_of_them() {
    assert!(resolve::in_module("module.net[\"c\"]", "module.net[\"c\"]"));
    assert!(!resolve::in_module(
        "module.net[\"a\"]",
        "module.net[\"c\"]"
    ));
    assert!(resolve::in_module("module.net[\"a\"]", "module.net"));
    assert!(!resolve::in_module(
        "module.net[\"a\"].module.x",
        "module.net"
    ));
    assert_eq!(resolve::key_part("0"), "[0]");
    assert_eq!(resolve::key_part("hub"), "[\"hub\"]");
}
