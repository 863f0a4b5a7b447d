//! vpcpath: an offline AWS network path simulator.
//!
//! A scenario file describes a small AWS world (VPCs, subnets, route tables, gateways,
//! endpoints, DNS zones, API Gateway APIs and custom domains) and requests to simulate in it.
//! For each request vpcpath computes the DNS answer, the path and the HTTP outcome, with the
//! reason at every step. The layers, with dependencies pointing one way:
//!
//! ```text
//! model (YAML as written) -> validate -> net (resolved network, petgraph topology)
//!   -> dns, routing, policy, services (API Gateway, other AWS services)
//!   -> engine (orders the steps) -> trace (data) -> report (text, JSON, Markdown) -> cli
//! ```
//!
//! [`aws`] holds what vpcpath knows of AWS itself (Regions, names, the address plan) and
//! [`error`] the one error type. A denied or dropped request is a [`trace::Outcome`], never an
//! [`error::Error`].

#![deny(missing_docs)]

pub mod aws;
pub mod cli;
pub mod diff;
pub mod dns;
pub mod engine;
pub mod error;
pub mod expect;
pub mod filter;
pub mod fix;
pub mod generate;
pub mod load;
pub mod model;
pub mod net;
pub mod policy;
pub mod report;
pub mod routing;
pub mod services;
pub mod trace;
pub mod validate;

pub use error::Error;
pub use net::Network;
pub use trace::{Outcome, Trace};
