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
    /// NumericEquals.
    NumericEquals,
    /// NumericNotEquals.
    NumericNotEquals,
    /// NumericLessThan.
    NumericLessThan,
    /// NumericLessThanEquals.
    NumericLessThanEquals,
    /// NumericGreaterThan.
    NumericGreaterThan,
    /// NumericGreaterThanEquals.
    NumericGreaterThanEquals,
    /// DateEquals.
    DateEquals,
    /// DateNotEquals.
    DateNotEquals,
    /// DateLessThan.
    DateLessThan,
    /// DateLessThanEquals.
    DateLessThanEquals,
    /// DateGreaterThan.
    DateGreaterThan,
    /// DateGreaterThanEquals.
    DateGreaterThanEquals,
    /// BinaryEquals (compares the base64 text).
    BinaryEquals,
    /// ArnEquals (wildcards allowed, as ArnLike).
    ArnEquals,
    /// ArnLike.
    ArnLike,
    /// ArnNotEquals.
    ArnNotEquals,
    /// ArnNotLike.
    ArnNotLike,
}

/// A set operator in front of a condition operator, for keys with several values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOperator {
    /// `ForAnyValue:`: some value of the key matches (false when the key is absent).
    ForAnyValue,
    /// `ForAllValues:`: every value of the key matches (true when the key is absent).
    ForAllValues,
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
    ("NumericEquals", Operator::NumericEquals),
    ("NumericNotEquals", Operator::NumericNotEquals),
    ("NumericLessThan", Operator::NumericLessThan),
    ("NumericLessThanEquals", Operator::NumericLessThanEquals),
    ("NumericGreaterThan", Operator::NumericGreaterThan),
    (
        "NumericGreaterThanEquals",
        Operator::NumericGreaterThanEquals,
    ),
    ("DateEquals", Operator::DateEquals),
    ("DateNotEquals", Operator::DateNotEquals),
    ("DateLessThan", Operator::DateLessThan),
    ("DateLessThanEquals", Operator::DateLessThanEquals),
    ("DateGreaterThan", Operator::DateGreaterThan),
    ("DateGreaterThanEquals", Operator::DateGreaterThanEquals),
    ("BinaryEquals", Operator::BinaryEquals),
    ("ArnEquals", Operator::ArnEquals),
    ("ArnLike", Operator::ArnLike),
    ("ArnNotEquals", Operator::ArnNotEquals),
    ("ArnNotLike", Operator::ArnNotLike),
];

impl Operator {
    pub(crate) fn is_negated(self) -> bool {
        matches!(
            self,
            Operator::StringNotEquals
                | Operator::StringNotEqualsIgnoreCase
                | Operator::StringNotLike
                | Operator::NotIpAddress
                | Operator::NumericNotEquals
                | Operator::DateNotEquals
                | Operator::ArnNotEquals
                | Operator::ArnNotLike
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
    /// `ForAnyValue:` or `ForAllValues:`.
    pub set: Option<SetOperator>,
    /// Key, lower case (keys are case-insensitive).
    pub key: String,
    /// Values.
    pub values: Vec<String>,
}

impl Condition {
    pub(crate) fn holds(&self, keys: &BTreeMap<String, String>) -> bool {
        let Some(actual) = keys.get(&self.key) else {
            return match (self.operator, self.set) {
                (Operator::Null, _) => self.values.iter().any(|v| v == "true"),
                // Over an empty set of values, "all match" holds and "any matches" does not.
                (_, Some(SetOperator::ForAllValues)) => true,
                (_, Some(SetOperator::ForAnyValue)) => false,
                _ => self.if_exists || self.operator.is_negated(),
            };
        };
        // The request's keys have one value each, so a set operator tests that one value.
        let any = |f: &dyn Fn(&str) -> bool| self.values.iter().any(|v| f(v));
        let number = |v: &str| v.trim().parse::<f64>().ok();
        let compare_numbers = |f: fn(f64, f64) -> bool| {
            number(actual).is_some_and(|a| any(&|v| number(v).is_some_and(|v| f(a, v))))
        };
        let compare_dates = |f: fn(i64, i64) -> bool| {
            date(actual).is_some_and(|a| any(&|v| date(v).is_some_and(|v| f(a, v))))
        };
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
            Operator::NumericEquals => compare_numbers(|a, v| a == v),
            Operator::NumericNotEquals => !compare_numbers(|a, v| a == v),
            Operator::NumericLessThan => compare_numbers(|a, v| a < v),
            Operator::NumericLessThanEquals => compare_numbers(|a, v| a <= v),
            Operator::NumericGreaterThan => compare_numbers(|a, v| a > v),
            Operator::NumericGreaterThanEquals => compare_numbers(|a, v| a >= v),
            Operator::DateEquals => compare_dates(|a, v| a == v),
            Operator::DateNotEquals => !compare_dates(|a, v| a == v),
            Operator::DateLessThan => compare_dates(|a, v| a < v),
            Operator::DateLessThanEquals => compare_dates(|a, v| a <= v),
            Operator::DateGreaterThan => compare_dates(|a, v| a > v),
            Operator::DateGreaterThanEquals => compare_dates(|a, v| a >= v),
            Operator::BinaryEquals => any(&|v| v == actual),
            // IAM's ARN operators match each of the six ARN parts, with wildcards; matching
            // the whole ARN with the same wildcards is the same for ARNs with six parts.
            Operator::ArnEquals | Operator::ArnLike => any(&|v| glob(v, actual)),
            Operator::ArnNotEquals | Operator::ArnNotLike => !any(&|v| glob(v, actual)),
        }
    }

    /// What the condition comes to when its key is absent: `holds` or `does not hold`.
    pub fn describe_absent(&self) -> &'static str {
        if self.holds(&BTreeMap::new()) {
            "so this condition holds"
        } else {
            "so this condition does not hold"
        }
    }

    /// The condition as written, for traces: `StringNotEquals aws:SourceVpce [vpce-a]`.
    pub fn describe(&self) -> String {
        format!(
            "{}{}{} {} [{}]",
            match self.set {
                Some(SetOperator::ForAnyValue) => "ForAnyValue:",
                Some(SetOperator::ForAllValues) => "ForAllValues:",
                None => "",
            },
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

/// A date as IAM condition values and keys write it, in seconds since 1970: an ISO 8601 date
/// (`2026-01-01`), date and time (`2026-01-01T12:00:00Z`, seconds and `Z` optional), or epoch
/// seconds (`1767225600`).
pub(crate) fn date(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(epoch) = text.parse::<i64>() {
        return Some(epoch);
    }
    let (day, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let mut ymd = day.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let time = time.trim_end_matches('Z');
    let mut hms = time
        .splitn(3, ':')
        .map(|p| p.split('.').next()?.parse::<i64>().ok());
    let (h, mi) = (hms.next()??, hms.next().flatten().unwrap_or(0));
    let s = hms.next().flatten().unwrap_or(0);
    // Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3_600 + mi * 60 + s)
}

/// A time in seconds since 1970 as IAM writes `aws:CurrentTime`: `2025-01-01T00:00:00Z`.
pub fn iso_time(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // The civil date of a day count from 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(op: &str, key: &str, values: &[&str]) -> Condition {
        let doc = serde_json::json!({ op: { key: values } });
        let mut all = crate::policy::parse::parse_conditions(&doc, 1).unwrap();
        all.remove(0)
    }

    fn keys(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn numeric_and_date_operators_compare_values() {
        let k = keys(&[("n", "10"), ("d", "2026-06-01T12:00:00Z")]);
        assert!(condition("NumericLessThan", "n", &["11"]).holds(&k));
        assert!(!condition("NumericLessThan", "n", &["10"]).holds(&k));
        assert!(condition("NumericGreaterThanEquals", "n", &["10"]).holds(&k));
        assert!(condition("NumericNotEquals", "n", &["9", "11"]).holds(&k));
        assert!(!condition("NumericEquals", "n", &["ten"]).holds(&k));
        assert!(condition("DateGreaterThan", "d", &["2026-01-01"]).holds(&k));
        assert!(condition("DateLessThan", "d", &["2026-06-01T12:00:01Z"]).holds(&k));
        assert!(condition("DateEquals", "d", &["1780315200"]).holds(&k));
    }

    #[test]
    fn an_absent_key_fails_positive_operators_and_holds_negated_ones() {
        let none = keys(&[]);
        assert!(!condition("NumericLessThan", "n", &["1"]).holds(&none));
        assert!(condition("DateNotEquals", "d", &["2026-01-01"]).holds(&none));
        assert!(condition("ArnNotLike", "a", &["arn:*"]).holds(&none));
        assert!(condition("StringLikeIfExists", "s", &["x"]).holds(&none));
        assert!(condition("Null", "s", &["true"]).holds(&none));
    }

    #[test]
    fn set_operators_over_an_absent_key() {
        let none = keys(&[]);
        assert!(condition("ForAllValues:StringEquals", "s", &["a"]).holds(&none));
        assert!(!condition("ForAnyValue:StringEquals", "s", &["a"]).holds(&none));
        let one = keys(&[("s", "a")]);
        assert!(condition("ForAnyValue:StringEquals", "s", &["a", "b"]).holds(&one));
        assert!(!condition("ForAllValues:StringEquals", "s", &["b"]).holds(&one));
    }

    #[test]
    fn arn_operators_match_with_wildcards() {
        let k = keys(&[("a", "arn:aws:iam::111122223333:role/app")]);
        assert!(condition("ArnLike", "a", &["arn:aws:iam::*:role/*"]).holds(&k));
        assert!(condition("ArnEquals", "a", &["arn:aws:iam::111122223333:role/app"]).holds(&k));
        assert!(condition("ArnNotEquals", "a", &["arn:aws:iam::*:role/other"]).holds(&k));
    }

    #[test]
    fn dates_are_read_as_iam_writes_them() {
        assert_eq!(date("1970-01-01"), Some(0));
        assert_eq!(date("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(date("2026-01-01T00:00"), Some(1_767_225_600));
        assert_eq!(date("1767225600"), Some(1_767_225_600));
        assert_eq!(date("2026-13-01"), None);
        assert_eq!(date("soon"), None);
        for t in [0, 951_868_800, 1_767_225_600, 1_735_689_600 + 3_723] {
            assert_eq!(date(&iso_time(t)), Some(t), "{}", iso_time(t));
        }
        assert_eq!(iso_time(1_735_689_600), "2025-01-01T00:00:00Z");
    }
}
