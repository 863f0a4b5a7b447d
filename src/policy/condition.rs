//! Condition operators and their evaluation against the request context.

use super::*;

/// Condition operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// StringEquals.
    StringEquals,
    /// StringNotEquals.
    StringNotEquals,
    /// StringEqualsIgnoreCase.
    StringEqualsIgnoreCase,
    /// StringNotEqualsIgnoreCase.
    StringNotEqualsIgnoreCase,
    /// StringLike.
    StringLike,
    /// StringNotLike.
    StringNotLike,
    /// IpAddress.
    IpAddress,
    /// NotIpAddress.
    NotIpAddress,
    /// Bool.
    Bool,
    /// Null.
    Null,
}

pub(crate) const OPERATORS: &[(&str, Operator)] = &[
    ("StringEquals", Operator::StringEquals),
    ("StringNotEquals", Operator::StringNotEquals),
    ("StringEqualsIgnoreCase", Operator::StringEqualsIgnoreCase),
    (
        "StringNotEqualsIgnoreCase",
        Operator::StringNotEqualsIgnoreCase,
    ),
    ("StringLike", Operator::StringLike),
    ("StringNotLike", Operator::StringNotLike),
    ("IpAddress", Operator::IpAddress),
    ("NotIpAddress", Operator::NotIpAddress),
    ("Bool", Operator::Bool),
    ("Null", Operator::Null),
];

impl Operator {
    pub(crate) fn is_negated(self) -> bool {
        matches!(
            self,
            Operator::StringNotEquals
                | Operator::StringNotEqualsIgnoreCase
                | Operator::StringNotLike
                | Operator::NotIpAddress
        )
    }

    pub(crate) fn name(self) -> &'static str {
        OPERATORS
            .iter()
            .find(|(_, o)| *o == self)
            .map_or("?", |(n, _)| n)
    }
}

/// One condition: operator, key and values.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Operator.
    pub operator: Operator,
    /// `...IfExists`.
    pub if_exists: bool,
    /// Key, lower case (keys are case-insensitive).
    pub key: String,
    /// Values.
    pub values: Vec<String>,
}

impl Condition {
    pub(crate) fn holds(&self, keys: &BTreeMap<String, String>) -> bool {
        let Some(actual) = keys.get(&self.key) else {
            return match self.operator {
                Operator::Null => self.values.iter().any(|v| v == "true"),
                _ => self.if_exists || self.operator.is_negated(),
            };
        };
        let any = |f: &dyn Fn(&str) -> bool| self.values.iter().any(|v| f(v));
        match self.operator {
            Operator::StringEquals => any(&|v| v == actual),
            Operator::StringNotEquals => !any(&|v| v == actual),
            Operator::StringEqualsIgnoreCase => any(&|v| v.eq_ignore_ascii_case(actual)),
            Operator::StringNotEqualsIgnoreCase => !any(&|v| v.eq_ignore_ascii_case(actual)),
            Operator::StringLike => any(&|v| glob(v, actual)),
            Operator::StringNotLike => !any(&|v| glob(v, actual)),
            Operator::IpAddress => any(&|v| ip_in(v, actual)),
            Operator::NotIpAddress => !any(&|v| ip_in(v, actual)),
            Operator::Bool => any(&|v| v.eq_ignore_ascii_case(actual)),
            Operator::Null => self.values.iter().any(|v| v == "false"),
        }
    }

    /// The condition as written, for traces: `StringNotEquals aws:SourceVpce [vpce-a]`.
    pub fn describe(&self) -> String {
        format!(
            "{}{} {} [{}]",
            self.operator.name(),
            if self.if_exists { "IfExists" } else { "" },
            self.key,
            self.values.join(", ")
        )
    }
}

pub(crate) fn ip_in(cidr: &str, actual: &str) -> bool {
    let Ok(ip) = actual.parse::<Ipv4Addr>() else {
        return false;
    };
    match cidr.parse::<Ipv4Net>() {
        Ok(net) => net.contains(&ip),
        Err(_) => cidr.parse::<Ipv4Addr>() == Ok(ip),
    }
}

/// IAM wildcard matching: `*` any run of characters, `?` any one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}
