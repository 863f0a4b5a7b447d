//! The Regions vpcpath knows, and their numbers in the address plan.

/// The commercial Regions vpcpath knows, in the order that numbers them (R in the address
/// plan is the position plus one). Append only: the numbers are part of the documented plan.
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "sa-east-1",
    "mx-central-1",
    "ap-east-2",
];

/// The number of a known Region.
pub fn region_number(region: &str) -> Option<u8> {
    REGIONS
        .iter()
        .position(|r| *r == region)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// Whether `region` is a Region vpcpath knows.
pub fn is_region(region: &str) -> bool {
    region_number(region).is_some()
}

/// A Region vpcpath knows: one of [`REGIONS`], held as its position (a copy is a byte, not a
/// string). It reads as its code wherever a `&str` is wanted, prints as its code, and sorts as
/// its code does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(u8);

impl Region {
    /// US East (N. Virginia): where a scenario is when it names no Region, and where global
    /// services answer.
    pub const US_EAST_1: Region = Region(0);

    /// The Region of this code, if vpcpath knows it (exact, lower case, as validation leaves
    /// it).
    pub fn parse(code: &str) -> Option<Region> {
        REGIONS
            .iter()
            .position(|r| *r == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(Region)
    }

    /// Its code (`us-east-1`).
    pub fn as_str(self) -> &'static str {
        REGIONS
            .get(usize::from(self.0))
            .copied()
            .unwrap_or("us-east-1")
    }

    /// Its number R in the address plan.
    pub fn number(self) -> u8 {
        self.0 + 1
    }
}

impl Default for Region {
    fn default() -> Self {
        Region::US_EAST_1
    }
}

impl std::ops::Deref for Region {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialOrd for Region {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Region {
    /// By code, as the strings they replace sorted: output ordered by Region is unchanged.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Region {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Region {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Region {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl serde::Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_its_code_and_its_number() {
        for (i, code) in REGIONS.iter().enumerate() {
            let r = Region::parse(code).unwrap();
            assert_eq!(r.as_str(), *code);
            assert_eq!(Some(r.number()), region_number(code));
            assert_eq!(usize::from(r.number()), i + 1);
        }
        assert_eq!(Region::parse("mars-east-1"), None);
        assert_eq!(Region::parse("US-EAST-1"), None);
        assert_eq!(Region::default(), "us-east-1");
    }

    #[test]
    fn regions_sort_as_their_codes() {
        let mut by_region: Vec<Region> = REGIONS.iter().filter_map(|r| Region::parse(r)).collect();
        by_region.sort();
        let mut by_code: Vec<&str> = REGIONS.to_vec();
        by_code.sort_unstable();
        let sorted: Vec<&str> = by_region.iter().map(|r| r.as_str()).collect();
        assert_eq!(sorted, by_code);
    }
}
