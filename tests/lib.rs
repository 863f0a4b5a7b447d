//! The one integration-test binary: scenario snapshots, error snapshots, the CLI end to end.

mod cli;
mod errors;
mod scenarios;
mod schema;
