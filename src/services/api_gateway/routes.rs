//! Stages and routes: the path's first segment picks the stage, and the most specific route
//! that matches the method and the rest of the path wins.

use super::*;

/// The stage a default-name path selects, and how many segments it used. HTTP APIs with a
/// `$default` stage take paths that do not start with another stage's name.
pub(super) fn pick_stage(api: &Api, segs: &[String]) -> Option<(String, usize)> {
    if let Some(first) = segs.first()
        && api.stages.iter().any(|s| s == first)
    {
        return Some((first.clone(), 1));
    }
    api.stages
        .iter()
        .any(|s| s == "$default")
        .then(|| ("$default".to_string(), 0))
}

pub(super) fn route_matches(r: &ApiRoute, method: &str, rest: &[String]) -> bool {
    if r.is_default {
        return true;
    }
    if r.method != "ANY" && r.method != method {
        return false;
    }
    let mut i = 0;
    for seg in &r.segments {
        if seg.starts_with('{') && seg.ends_with("+}") {
            return i < rest.len();
        }
        let Some(actual) = rest.get(i) else {
            return false;
        };
        let variable = seg.starts_with('{') && seg.ends_with('}');
        if !variable && seg != actual {
            return false;
        }
        i += 1;
    }
    i == rest.len()
}

pub(super) fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(text: &str) -> ApiRoute {
        let (m, p) = text.split_once(' ').unwrap();
        ApiRoute {
            method: m.into(),
            segments: segments(p),
            is_default: false,
            text: text.into(),
        }
    }

    #[test]
    fn routes_match_methods_variables_and_greedy() {
        let segs = |p: &str| segments(p);
        assert!(route_matches(
            &route("GET /orders"),
            "GET",
            &segs("/orders")
        ));
        assert!(!route_matches(
            &route("GET /orders"),
            "POST",
            &segs("/orders")
        ));
        assert!(route_matches(
            &route("ANY /orders/{id}"),
            "DELETE",
            &segs("/orders/7")
        ));
        assert!(!route_matches(
            &route("ANY /orders/{id}"),
            "GET",
            &segs("/orders")
        ));
        assert!(route_matches(
            &route("ANY /{proxy+}"),
            "GET",
            &segs("/a/b/c")
        ));
        assert!(!route_matches(&route("ANY /{proxy+}"), "GET", &segs("/")));
        assert!(!route_matches(
            &route("GET /orders"),
            "GET",
            &segs("/orders/7")
        ));
    }
}
