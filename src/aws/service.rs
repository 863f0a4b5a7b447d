//! An AWS service as endpoints, names and addresses name it.

use smol_str::SmolStr;

/// An AWS service, by the name its endpoints use (`com.amazonaws.{region}.{name}`). The
/// services whose behaviour vpcpath models beyond "an AWS front end that answers HTTPS" are
/// variants, so that code asks `== Service::ExecuteApi` rather than compares words; every other
/// service is [`Service::Other`] with its name. It reads as its name wherever a `&str` is
/// wanted, prints as it and sorts as it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Service {
    /// API Gateway's `execute-api`: its Regional front door, and the endpoint that serves
    /// private APIs.
    ExecuteApi,
    /// Amazon S3: wildcard names for buckets, legacy and global names, gateway endpoints, and
    /// port 80.
    S3,
    /// DynamoDB: gateway endpoints.
    DynamoDb,
    /// STS: the global name `sts.amazonaws.com`.
    Sts,
    /// Any other service, by its endpoint name (`sqs`, `ecr.api`, ...), lower case.
    Other(SmolStr),
}

impl Service {
    /// The service of an endpoint name (lower case, as validation leaves it).
    pub fn parse(name: &str) -> Service {
        match name {
            "execute-api" => Service::ExecuteApi,
            "s3" => Service::S3,
            "dynamodb" => Service::DynamoDb,
            "sts" => Service::Sts,
            other => Service::Other(SmolStr::new(other)),
        }
    }

    /// Its endpoint name.
    pub fn as_str(&self) -> &str {
        match self {
            Service::ExecuteApi => "execute-api",
            Service::S3 => "s3",
            Service::DynamoDb => "dynamodb",
            Service::Sts => "sts",
            Service::Other(name) => name,
        }
    }
}

impl std::ops::Deref for Service {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Service {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialOrd for Service {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Service {
    /// By name, as the strings they replace sorted.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl serde::Serialize for Service {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_reads_back_as_its_name() {
        for (name, _) in crate::aws::SERVICES {
            let s = Service::parse(name);
            assert_eq!(s.as_str(), *name);
            assert_eq!(Service::parse(s.as_str()), s);
        }
        assert_eq!(Service::parse("execute-api"), Service::ExecuteApi);
        assert_eq!(
            Service::parse("some-new-service"),
            Service::Other("some-new-service".into())
        );
        // A modelled service is never `Other`, so that `== Service::S3` cannot miss it.
        for s in [
            Service::ExecuteApi,
            Service::S3,
            Service::DynamoDb,
            Service::Sts,
        ] {
            assert_eq!(Service::parse(s.as_str()), s);
        }
    }
}
