//! A scenario as an importer builds it: the [`model::Scenario`] the loader reads, every part
//! of it marked with the resource and the place in the input it came from, and the notes of
//! what was assumed, left out or not modelled.
//!
//! The importer decides what each input field means; whether the result is a network AWS
//! would accept is validation's to say, in one place for every door. [`Build::finish`]
//! validates the scenario, and each part it refuses is left out with a note naming the resource
//! and where the input holds it, rather than the whole import failing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::error::{Pos, Severity};
use crate::model::{self, Sp};

use super::{ImportError, Imported};

/// Where a part of the scenario came from.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The resource: an AWS id, or a Terraform address.
    pub(crate) resource: String,
    /// The file and the JSON path in it (`Subnets.json at Subnets[3]`).
    pub(crate) at: String,
}

/// What kind of thing a note says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    /// Something of the input was not imported (its reason says why).
    LeftOut,
    /// The input does not say, and vpcpath assumed a value.
    Assumed,
    /// A kind of resource or setting vpcpath does not model.
    NotModelled,
    /// Validation refused a part of the scenario built from the input: it was left out.
    Refused,
    /// Two views of one resource in the input disagree.
    Disagrees,
    /// A warning `vpcpath check` gives on the scenario.
    Warning,
}

impl NoteKind {
    /// As the notes' lines begin.
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::LeftOut => "left out",
            NoteKind::Assumed => "assumed",
            NoteKind::NotModelled => "not modelled",
            NoteKind::Refused => "refused by validation, left out",
            NoteKind::Disagrees => "views disagree",
            NoteKind::Warning => "vpcpath check warns",
        }
    }
}

/// One thing an import has to say about its input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Note {
    /// What kind of note.
    pub kind: NoteKind,
    /// What happened, without the resource's name: notes with the same words are grouped.
    pub message: String,
    /// The resource it is about, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Where the input holds it (a file and a JSON path), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)?;
        if let Some(r) = &self.resource {
            write!(f, " ({r}")?;
            if let Some(at) = &self.at {
                write!(f, ", {at}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// How many resources a grouped note names before it counts the rest.
const NAMED_IN_A_GROUP: usize = 5;

/// The notes of an import, in the order they were made, each once.
#[derive(Debug, Default)]
pub struct Notes {
    list: Vec<Note>,
    seen: BTreeSet<Note>,
}

impl Notes {
    /// A note about the input as a whole.
    pub(crate) fn add(&mut self, kind: NoteKind, message: impl Into<String>) {
        self.push(Note {
            kind,
            message: message.into(),
            resource: None,
            at: None,
        });
    }

    /// A note about one resource.
    pub(crate) fn about(
        &mut self,
        kind: NoteKind,
        resource: impl Into<String>,
        at: Option<String>,
        message: impl Into<String>,
    ) {
        self.push(Note {
            kind,
            message: message.into(),
            resource: Some(resource.into()),
            at,
        });
    }

    fn push(&mut self, note: Note) {
        if self.seen.insert(note.clone()) {
            self.list.push(note);
        }
    }

    /// Every note, one per resource.
    pub fn all(&self) -> &[Note] {
        &self.list
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The notes grouped by kind and words, each group once with its count and the first
    /// resources it names: what a person reads (the full list is [`Notes::all`]).
    pub fn lines(&self) -> Vec<String> {
        let mut groups: BTreeMap<(NoteKind, &str), Vec<&Note>> = BTreeMap::new();
        let mut order = Vec::new();
        for n in &self.list {
            let key = (n.kind, n.message.as_str());
            let g = groups.entry(key).or_default();
            if g.is_empty() {
                order.push(key);
            }
            g.push(n);
        }
        order
            .into_iter()
            .map(|key| {
                let g = &groups[&key];
                let named: Vec<String> = g
                    .iter()
                    .filter_map(|n| {
                        let r = n.resource.as_ref()?;
                        Some(match &n.at {
                            Some(at) if g.len() == 1 => format!("{r}, {at}"),
                            _ => r.clone(),
                        })
                    })
                    .collect();
                let mut line = format!("{}: {}", key.0.name(), key.1);
                if g.len() > 1 {
                    line.push_str(&format!(" (x{})", g.len()));
                }
                if !named.is_empty() {
                    let shown: Vec<&str> = named
                        .iter()
                        .take(NAMED_IN_A_GROUP)
                        .map(String::as_str)
                        .collect();
                    line.push_str(&format!(": {}", shown.join("; ")));
                    if named.len() > NAMED_IN_A_GROUP {
                        line.push_str(&format!(" and {} more", named.len() - NAMED_IN_A_GROUP));
                    }
                }
                // Ids and names from the input are printed: escaped, never sent raw.
                crate::error::printable(&line).into_owned()
            })
            .collect()
    }
}

/// A value written at `pos`.
pub(crate) fn sp<T>(pos: Pos, value: T) -> Sp<T> {
    Sp::new(value, pos)
}

/// A scenario being built, the source of each of its parts, and the notes so far.
#[derive(Debug, Default)]
pub(crate) struct Build {
    pub(crate) s: model::Scenario,
    sources: Vec<Source>,
    pub(crate) notes: Notes,
    /// The ids whose values the importer chose (see [`Imported::stand_ins`]).
    pub(crate) stand_ins: BTreeSet<String>,
    /// The resources of the input, for the accounting of what each became.
    pub(crate) ledger: super::account::Ledger,
}

/// The most rounds of leaving out what validation refuses: each round leaves out at least one
/// part, and what depends on it is refused in the next.
const MAX_ROUNDS: usize = 64;

impl Build {
    /// A new part of the scenario, from `resource` at `at` in the input: the position its values
    /// are written at, which names it in what validation says.
    pub(crate) fn at(&mut self, resource: impl Into<String>, at: impl Into<String>) -> Pos {
        self.sources.push(Source {
            resource: resource.into(),
            at: at.into(),
        });
        Pos {
            line: u32::try_from(self.sources.len()).unwrap_or(u32::MAX),
            column: 1,
        }
    }

    /// A note about the input as a whole that names each of the resources at `places` (a
    /// count of what is not modelled), for the accounting.
    pub(crate) fn noted(
        &mut self,
        places: impl IntoIterator<Item = String>,
        kind: NoteKind,
        message: impl Into<String>,
    ) {
        let note = Note {
            kind,
            message: message.into(),
            resource: None,
            at: None,
        };
        for at in places {
            self.ledger.cover(at, note.clone());
        }
        self.notes.push(note);
    }

    /// Which of `resources` a part of the scenario was made from (even if validation leaves it
    /// out later: its note then names the resource).
    pub(crate) fn made_from<'r>(
        &self,
        resources: impl IntoIterator<Item = &'r str>,
    ) -> BTreeSet<String> {
        let wanted: std::collections::HashSet<&str> = resources.into_iter().collect();
        self.sources
            .iter()
            .filter(|s| wanted.contains(s.resource.as_str()))
            .map(|s| s.resource.clone())
            .collect()
    }

    /// The source of what was written at `pos`, if it was given one.
    fn source(&self, pos: Pos) -> Option<&Source> {
        let i = usize::try_from(pos.line).ok()?.checked_sub(1)?;
        self.sources.get(i)
    }

    /// Validates the scenario, leaving out each part validation refuses (with a note naming its
    /// resource), and writes it with `header` and the notes as comments on top. An error only
    /// when what validation refuses cannot be left out (the Region, say).
    pub(crate) fn finish(
        mut self,
        header: &str,
        title: impl Fn(&model::Scenario) -> String,
    ) -> Result<Imported, ImportError> {
        for _ in 0..MAX_ROUNDS {
            let diagnostics = match crate::validate::validate(&self.s) {
                Ok(net) => {
                    for w in &net.warnings {
                        let source = self.source(w.pos).cloned();
                        match source {
                            Some(src) => self.notes.about(
                                NoteKind::Warning,
                                src.resource,
                                Some(src.at),
                                w.message.clone(),
                            ),
                            None => self.notes.add(NoteKind::Warning, w.message.clone()),
                        }
                    }
                    self.s.scenario = title(&self.s);
                    return Ok(self.written(header));
                }
                Err(d) => d,
            };
            let mut left_out = 0;
            let mut stuck = Vec::new();
            for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                let Some(src) = self.source(d.pos).cloned() else {
                    stuck.push(format!("  {}: {}", d.code.name(), d.message));
                    continue;
                };
                let removed = self.s.leave_out(d.pos.line);
                if removed == 0 {
                    // Left out already this round with what held it, or the scenario's own.
                    if self.only_scenario(d.pos.line) {
                        stuck.push(format!(
                            "  {}: {} ({}, {})",
                            d.code.name(),
                            d.message,
                            src.resource,
                            src.at
                        ));
                    }
                    continue;
                }
                left_out += removed;
                self.notes.about(
                    NoteKind::Refused,
                    src.resource,
                    Some(src.at),
                    d.message.clone(),
                );
            }
            if !stuck.is_empty() || left_out == 0 {
                if stuck.is_empty() {
                    stuck = diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .map(|d| format!("  {}: {}", d.code.name(), d.message))
                        .collect();
                }
                return Err(ImportError::Invalid {
                    message: stuck.join("\n"),
                });
            }
        }
        Err(ImportError::Invalid {
            message: format!(
                "  validation still refuses the scenario after {MAX_ROUNDS} rounds of leaving out what it refused"
            ),
        })
    }

    /// Whether `line` is where only the scenario's own values (its Region, its account) were
    /// written: what cannot be left out.
    fn only_scenario(&self, line: u32) -> bool {
        self.s.region.pos.line == line
            || self.s.account.as_ref().is_some_and(|a| a.pos.line == line)
    }

    /// The scenario as YAML, the header and the notes on top.
    fn written(self, header: &str) -> Imported {
        let mut comments = vec![crate::error::printable(header).into_owned()];
        let lines = self.notes.lines();
        if !lines.is_empty() {
            comments.push(
                "What the input lacks, holds and vpcpath does not model, or vpcpath assumed:"
                    .into(),
            );
            comments.extend(lines.iter().map(|l| format!("  - {l}")));
        }
        let yaml = model::to_yaml(&self.s, &comments);
        let accounts = self
            .ledger
            .accounts(&self.s, &self.sources, self.notes.all());
        Imported {
            accounts,
            yaml,
            notes: lines,
            all_notes: self.notes.all().to_vec(),
            stand_ins: self.stand_ins,
            scenario: self.s,
        }
    }
}
