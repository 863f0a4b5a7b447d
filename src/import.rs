//! Importing networks described elsewhere into scenarios.
//!
//! `vpcpath import aws DIR` reads the JSON that the AWS CLI's `describe-*` calls print, laid out
//! as Batfish's `aws_configs` snapshots are ([`aws`]), and writes a scenario: every resource
//! under its AWS id, deterministic (the same dump gives the same bytes), with what the dump lacks
//! or holds but vpcpath does not model said in comments at its top and in the notes returned.
//! The scenario is checked by loading it before it is handed back.

use std::fmt;
use std::path::PathBuf;

pub mod aws;
pub mod matrix;
pub mod terraform;
pub(crate) mod yaml;

/// A scenario written by an importer, and what the importer had to say about its input.
#[derive(Debug)]
pub struct Imported {
    /// The scenario's YAML text.
    pub yaml: String,
    /// What was assumed, skipped or not modelled, one line each (also at the top of `yaml`).
    pub notes: Vec<String>,
    /// The ids of what holds a value vpcpath chose because the input does not know it yet (a
    /// plan's values unknown until apply): an outcome through one of them depends on it.
    pub stand_ins: std::collections::BTreeSet<String>,
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
    /// The scenario written does not validate: a bug of the importer's, or a dump AWS would
    /// not produce; the diagnostics say which resource.
    Invalid {
        /// The validation error, rendered.
        message: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
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
                "the imported scenario does not validate (please report it with the dump):\n{message}"
            ),
        }
    }
}

impl std::error::Error for ImportError {}
