//! Question sets: the data that drives every screen, check and export.

mod kinds;
mod load;
mod model;
mod validate;

pub use kinds::{TEAM_WORDS, expected_shape, kind_gap, team_word_problem, validate_answer};
pub use load::{
    DEFAULT_SET_ID, IMPORTED_JSON, LoadedSet, PRODUCTION_JSON, SetCatalog, SetError, SetSource,
    imported_set, parse_set,
};
pub use model::{
    Binding, ChoiceOption, ColumnRef, Condition, Field, FieldKind, GridRow, MeetingSpec,
    QuestionSet, Rule, RuleCheck, SET_FORMAT, Section,
};
pub use validate::{Problem, validate};
