//! How many networks were validated on this thread (each validation, of a whole file or of a
//! file's network without its requests, finishes once): what `vpcpath fix`'s tests count.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use std::cell::Cell;

thread_local! {
    static VALIDATED: Cell<usize> = const { Cell::new(0) };
}

pub(super) fn count() {
    VALIDATED.with(|c| c.set(c.get() + 1));
}

/// How many validations this thread made so far.
pub(crate) fn validations() -> usize {
    VALIDATED.with(Cell::get)
}
