//! Where something was written: a line and column ([`Pos`]), and a value that carries its
//! own ([`Sp`]). The ground floor every layer may use: the loader fills them in, validation
//! and diagnostics point with them.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A line and column in a scenario file, both 1-based. `0:0` is "no position".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based.
    pub column: u32,
}

impl Pos {
    /// The position a spanned value was written at.
    pub fn of<T>(sp: &Sp<T>) -> Pos {
        sp.pos
    }

    /// From a serde-saphyr location.
    pub fn from_location(loc: serde_saphyr::Location) -> Pos {
        Pos {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
        }
    }
}

/// A value with the line and column it was written at. It reads and describes itself (in the
/// JSON Schema) exactly as the bare value does.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub pos: Pos,
}

impl<T> Sp<T> {
    /// A value at a position.
    pub fn new(value: T, pos: Pos) -> Sp<T> {
        Sp { value, pos }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Sp {
            value: s.value,
            pos: Pos::from_location(s.referenced),
        })
    }
}

/// Written as the bare value: where it was read from is not part of it.
impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A value at no position (`0:0`), as a program that builds a scenario writes it.
impl<T: Default> Default for Sp<T> {
    fn default() -> Self {
        Sp::new(T::default(), Pos::default())
    }
}

impl<T> From<T> for Sp<T> {
    fn from(value: T) -> Sp<T> {
        Sp::new(value, Pos::default())
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
