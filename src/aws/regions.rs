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
