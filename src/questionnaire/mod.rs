//! Question sets: the data that drives every screen, check and export,
//! with their phrase lists compiled for the readiness check.

mod kinds;
mod load;
mod model;
mod phrases;
mod rules;
mod validate;

pub use kinds::{
    TEAM_WORDS, expected_shape, is_lenient, kind_gap, lenient_value, team_word_problem, understood,
    validate_answer,
};
pub use load::{
    DEFAULT_SET_ID, IMPORTED_JSON, LoadedSet, PRODUCTION_JSON, SetCatalog, SetError, SetSource,
    imported_set, parse_set,
};
pub use model::{
    Binding, ChoiceOption, ColumnRef, Condition, Field, FieldKind, GridRow, MeetingSpec,
    QuestionSet, RowCondition, Rule, RuleCheck, SET_FORMAT, Section, Severity,
};
pub use phrases::{DEFAULT_PHRASES_JSON, PhraseCache, Phrases, normalize};
pub use validate::{Problem, validate};
