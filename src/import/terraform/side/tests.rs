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
