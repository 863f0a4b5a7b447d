//! Importing networks described elsewhere into scenarios.
//!
//! `vpcpath import aws DIR` reads the JSON that the AWS CLI's `describe-*` calls print, laid out
//! as Batfish's `aws_configs` snapshots are ([`aws`]), and writes a scenario: every resource
//! under its AWS id, deterministic (the same dump gives the same bytes), with what the dump lacks
//! or holds but vpcpath does not model said in comments at its top and in the notes returned.
//! The scenario is checked by loading it before it is handed back. With it comes what each
//! resource of the input became ([`Account`]): the parts carrying it, or the notes naming it;
//! nothing is lost silently.

use std::fmt;
use std::path::PathBuf;

mod account;
pub mod aws;
mod build;
pub mod matrix;
pub mod terraform;

pub use account::{Account, Became};
pub use build::{Note, NoteKind, Notes};

/// A scenario written by an importer, and what the importer had to say about its input.
#[derive(Debug)]
pub struct Imported {
    /// The scenario, as the loader would read it from `yaml`.
    pub scenario: crate::model::Scenario,
    /// The scenario's YAML text.
    pub yaml: String,
    /// What was assumed, skipped or not modelled, grouped one line per kind and words (also at
    /// the top of `yaml`).
    pub notes: Vec<String>,
    /// Every note, one per resource.
    pub all_notes: Vec<Note>,
    /// The ids of what holds a value vpcpath chose because the input does not know it yet (a
    /// plan's values unknown until apply): an outcome through one of them depends on it.
    pub stand_ins: std::collections::BTreeSet<String>,
    /// What each resource of the input became: the parts of the scenario carrying it, or the
    /// notes naming it (sorted by resource). Nothing of the input is lost silently: every
    /// resource has at least one entry (the tests check it for every fixture).
    pub accounts: Vec<Account>,
}

/// Why an import failed: the input could not be read, or is not what the importer reads.
#[derive(Debug)]
pub enum ImportError {
    /// A file or folder could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be read as text (not a regular file, too large, not UTF-8).
    Read(Box<crate::error::Error>),
    /// A file is not JSON.
    Json {
        /// The file.
        path: PathBuf,
        /// Where, and what the parser says.
        message: String,
    },
    /// A value is not of the shape the AWS CLI prints.
    Shape {
        /// The file.
        path: PathBuf,
        /// The JSON path of the value (`Subnets[3].CidrBlock`).
        at: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The folder holds no file the importer reads.
    Empty {
        /// The folder.
        path: PathBuf,
    },
    /// Validation refuses what cannot be left out of the scenario (its Region, say): a bug
    /// of the importer's; the message says what was refused and which resource it came from.
    Invalid {
        /// The validation error, rendered.
        message: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ImportError::Read(e) => write!(f, "{}", e.render(false).trim_start_matches("error: ")),
            ImportError::Json { path, message } => {
                write!(f, "{}: not JSON: {message}", path.display())
            }
            ImportError::Shape { path, at, message } => {
                write!(f, "{}: at {at}: {message}", path.display())
            }
            ImportError::Empty { path } => write!(
                f,
                "{}: no AWS CLI JSON file found (expected files such as Vpcs.json whose top-level key is `Vpcs`, in the folder, under <region>/ or under accounts/<account>/<region>/)",
                path.display()
            ),
            ImportError::Invalid { message } => write!(
                f,
                "the scenario built from the input does not validate, and what is refused cannot be left out (a bug of vpcpath's: please report it with the input):\n{message}"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// The protocol words vpcpath knows for an AWS protocol (`-1`, `tcp`, `6`, ...); Terraform
/// writes the same.
pub(crate) fn protocol(p: &str) -> Option<&'static str> {
    match p.to_ascii_lowercase().as_str() {
        "-1" | "all" => Some("all"),
        "tcp" | "6" => Some("tcp"),
        "udp" | "17" => Some("udp"),
        "icmp" | "1" => Some("icmp"),
        _ => None,
    }
}

/// The ports of a TCP or UDP rule from AWS's `FromPort`/`ToPort` (nothing for the whole range,
/// or for other protocols).
pub(crate) fn ports(
    proto: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Option<crate::model::Ports> {
    match (proto, from, to) {
        ("tcp" | "udp", Some(a), Some(b)) if !(a <= 0 && b >= 65535) && a >= 0 => Some(if a == b {
            crate::model::Ports::One(u32::try_from(a).unwrap_or(u32::MAX))
        } else {
            crate::model::Ports::Range(format!("{a}-{b}"))
        }),
        _ => None,
    }
}
