//! DNS names as validation reads them.

/// Lower-cases a DNS name and drops a trailing dot.
pub(crate) fn dns_name(s: &str) -> String {
    s.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a DNS name is well formed (labels of letters, digits and hyphens; `*` alone as the
/// first label when `wildcard` is allowed).
pub(crate) fn is_dns_name(name: &str, wildcard: bool) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').enumerate().all(|(i, l)| {
            (wildcard && i == 0 && l == "*")
                || (!l.is_empty()
                    && l.len() <= 63
                    && l.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        })
}
