//! The question set as plain data: sets, sections, fields and declared rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::phrases::PhraseCache;

/// The question-set file format this build understands.
pub const SET_FORMAT: u32 = 1;

/// A complete question set: what the wizard asks, the check enforces and the
/// exports lay out, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSet {
    /// File format version (currently 1).
    pub format: u32,
    /// Stable identifier records refer to, e.g. `production`.
    pub id: String,
    /// Human name shown in headers and exports.
    pub name: String,
    /// The set's own version, stored in every record answered against it.
    pub version: String,
    /// One paragraph on what the set is for.
    #[serde(default)]
    pub description: String,
    /// Sections in the order they are asked.
    pub sections: Vec<Section>,
    /// Where meeting mode writes what it captures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<MeetingSpec>,
    /// Words the content rules read, by list name, added to the built-in
    /// English lists (`placeholder`, `noticing`, `signal`, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub phrases: BTreeMap<String, Vec<String>>,
    /// The phrase lists compiled for matching, built on first use.
    #[serde(skip)]
    pub compiled: PhraseCache,
}

/// How meeting mode fills the record: which list takes quick failure modes.
/// Points go to each section's `meeting_notes` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingSpec {
    /// The list field and column a captured failure mode becomes a row of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_modes: Option<ColumnRef>,
}

/// A column of a list field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnRef {
    /// The list field's id.
    pub field: String,
    /// The column's id.
    pub column: String,
}

/// One screen of the wizard and one H2 of the export: usually one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable identifier, unique within the set.
    pub id: String,
    /// The question itself, used as the heading.
    pub title: String,
    /// A one-line prompt shown under the title.
    #[serde(default)]
    pub prompt: String,
    /// Markdown guidance: what a good answer covers and a short example.
    #[serde(default)]
    pub guidance: String,
    /// Counted as "Question N of M" when true; context sections are not.
    #[serde(default)]
    pub numbered: bool,
    /// Shown as optional; its fields should not be `required`.
    #[serde(default)]
    pub optional: bool,
    /// The answers asked for in this section.
    pub fields: Vec<Field>,
    /// Extra readiness rules beyond `required` and `min_rows`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// The text or Markdown field of this section that meeting-mode points
    /// are added to, one bullet each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_notes: Option<String>,
}

/// The kinds of answer a field can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// One line of plain text.
    Text,
    /// Multi-line Markdown.
    Markdown,
    /// One value from `options`.
    Choice,
    /// One step of an ordered scale (`options`, low to high).
    Rating,
    /// A named person or rotation; team words such as "we" are gaps.
    Person,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A link (`https://…`) or a path in the repository.
    Url,
    /// Yes or no.
    YesNo,
    /// A list of short words, such as tags.
    Tags,
    /// A list of people (names or rotations); team words are gaps.
    People,
    /// A table the user adds rows to; `columns` are its fields.
    List,
    /// A table with fixed `rows` and `columns` fields, such as a cost grid.
    Grid,
}

impl FieldKind {
    /// Every kind, in the order documented.
    pub const ALL: [FieldKind; 12] = [
        FieldKind::Text,
        FieldKind::Markdown,
        FieldKind::Choice,
        FieldKind::Rating,
        FieldKind::Person,
        FieldKind::Date,
        FieldKind::Url,
        FieldKind::YesNo,
        FieldKind::Tags,
        FieldKind::People,
        FieldKind::List,
        FieldKind::Grid,
    ];

    /// The name used in question-set files.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Markdown => "markdown",
            FieldKind::Choice => "choice",
            FieldKind::Rating => "rating",
            FieldKind::Person => "person",
            FieldKind::Date => "date",
            FieldKind::Url => "url",
            FieldKind::YesNo => "yesno",
            FieldKind::Tags => "tags",
            FieldKind::People => "people",
            FieldKind::List => "list",
            FieldKind::Grid => "grid",
        }
    }

    /// Kinds whose answer is a table of rows.
    pub fn is_table(self) -> bool {
        matches!(self, FieldKind::List | FieldKind::Grid)
    }

    /// Kinds whose answer fits on one line.
    pub fn is_short(self) -> bool {
        !matches!(
            self,
            FieldKind::Markdown | FieldKind::List | FieldKind::Grid
        )
    }
}

/// A record property a field edits instead of an ordinary answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Binding {
    /// The record's title.
    Title,
    /// The record's author.
    Author,
    /// The record's tags.
    Tags,
    /// The record's review-by date.
    #[serde(rename = "review_by")]
    ReviewBy,
}

/// One answer the set asks for (or one column of a table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Stable identifier: the key in the record's answers.
    pub id: String,
    /// Short label shown beside the input and in exports.
    pub label: String,
    /// What kind of answer this is.
    pub kind: FieldKind,
    /// One line of help shown with the field.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// A blank or unknown answer is a readiness gap.
    #[serde(default)]
    pub required: bool,
    /// What to do when this field is a gap (overrides the generic hint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Binds the field to a record property (title, author, tags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind: Option<Binding>,
    /// Allowed values for `choice` and `rating`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// Column fields for `list` and `grid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<Field>,
    /// Fixed rows of a `grid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<GridRow>,
    /// For a column: show it in the wizard's table overview. When no column
    /// of a table sets it, the overview shows the columns in order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub summary: bool,
    /// Key under which exports with front matter publish this answer
    /// (for example MADR's `decision-makers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_matter: Option<String>,
    /// Fewest rows a `list` needs to be ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rows: Option<usize>,
    /// The field does not apply when this holds (a one-way door has no
    /// rollback mechanism): it is not required and its rules are skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Condition>,
}

/// One allowed value of a choice or rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Stored value.
    pub value: String,
    /// What the user sees; the value when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl ChoiceOption {
    /// The label, or the value when the set gave none.
    pub fn display(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.value)
    }
}

/// One fixed row of a grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridRow {
    /// Stored in each answered row as `"row"`.
    pub id: String,
    /// Shown as the first cell of the row.
    pub label: String,
}

/// A readiness rule declared by the set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier, reported in `check --json`.
    pub id: String,
    /// What must hold.
    pub check: RuleCheck,
    /// The field the rule looks at. A `no_placeholder` rule without one
    /// looks at every text-like field and column of its section.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// The column of a list or grid the rule looks at, in every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// For `row_complete` (and `no_placeholder`): several columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// For `any_answered`: the other fields, any of which will do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub or: Vec<String>,
    /// For `figure`: a column of the same row the answer must not repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differs_from: Option<String>,
    /// Look only at the rows where this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_when: Option<RowCondition>,
    /// Skip the rule when any of these fields has a real answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless_answered: Vec<String>,
    /// Apply the rule only when this condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// Skip the rule when this condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Condition>,
    /// `blocker` (default) keeps the record from being ready; `warning`
    /// only reports it.
    #[serde(default, skip_serializing_if = "Severity::is_default")]
    pub severity: Severity,
    /// What is wrong, shown as the gap. `{row}`, `{column}`, `{field}`,
    /// `{value}` and `{missing}` are filled in from the record.
    pub message: String,
    /// What would fix it, with the same placeholders.
    pub fix: String,
}

/// What a rule requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleCheck {
    /// The field has a real answer (not blank, not unknown, not a
    /// placeholder).
    Answered,
    /// At least one row of the list has `column` really answered.
    SomeRow,
    /// The field, or `column` in every row (that `row_when` picks), has a
    /// real answer: not blank, Unknown, a placeholder or an empty word.
    RealAnswer,
    /// Whatever is written is not a placeholder ("TBD", "?"); blank and
    /// Unknown are left to `required`.
    NoPlaceholder,
    /// Blank is fine, but not Unknown or a placeholder.
    Known,
    /// Names a signal (alert, metric, log query, probe), not people
    /// noticing ("customers would complain").
    Signal,
    /// Names a signal or a figure (a threshold), not a feeling.
    Threshold,
    /// Contains a figure and, with `differs_from`, does not repeat that
    /// column.
    Figure,
    /// Every row of the list has all of `columns` (a meeting capture has
    /// only its description).
    RowComplete,
    /// The field or one of `or` has a real answer.
    AnyAnswered,
    /// More than a bare word: not only generic words ("revert the deploy")
    /// without a name, figure or path.
    Specific,
}

impl RuleCheck {
    /// The name used in set files.
    pub fn name(self) -> &'static str {
        match self {
            RuleCheck::Answered => "answered",
            RuleCheck::SomeRow => "some_row",
            RuleCheck::RealAnswer => "real_answer",
            RuleCheck::NoPlaceholder => "no_placeholder",
            RuleCheck::Known => "known",
            RuleCheck::Signal => "signal",
            RuleCheck::Threshold => "threshold",
            RuleCheck::Figure => "figure",
            RuleCheck::RowComplete => "row_complete",
            RuleCheck::AnyAnswered => "any_answered",
            RuleCheck::Specific => "specific",
        }
    }

    /// Every check, in the order documented.
    pub const ALL: [RuleCheck; 11] = [
        RuleCheck::Answered,
        RuleCheck::SomeRow,
        RuleCheck::RealAnswer,
        RuleCheck::NoPlaceholder,
        RuleCheck::Known,
        RuleCheck::Signal,
        RuleCheck::Threshold,
        RuleCheck::Figure,
        RuleCheck::RowComplete,
        RuleCheck::AnyAnswered,
        RuleCheck::Specific,
    ];
}

/// How much a gap matters. The set decides it per rule, so a team can make
/// a rule advisory without removing it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record is not ready while this gap is open.
    #[default]
    Blocker,
    /// Reported with its fix, but the record can still be ready.
    Warning,
}

impl Severity {
    /// Whether a gap of this severity keeps a record from being ready.
    pub fn blocks(self) -> bool {
        self == Severity::Blocker
    }

    fn is_default(&self) -> bool {
        *self == Severity::Blocker
    }
}

/// A condition on another cell of the same row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowCondition {
    /// The column whose cell is compared.
    pub column: String,
    /// Holds when the cell equals one of these values.
    pub equals: Vec<String>,
}

/// A condition on another field's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The field whose answer is compared.
    pub field: String,
    /// Holds when the answer equals one of these values.
    pub equals: Vec<String>,
}

impl QuestionSet {
    /// All top-level fields in order, with their section.
    pub fn fields(&self) -> impl Iterator<Item = (&Section, &Field)> {
        self.sections
            .iter()
            .flat_map(|section| section.fields.iter().map(move |field| (section, field)))
    }

    /// The top-level field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().map(|(_, f)| f).find(|f| f.id == id)
    }

    /// The field bound to a record property, if any.
    pub fn bound_field(&self, binding: Binding) -> Option<&Field> {
        self.fields()
            .map(|(_, f)| f)
            .find(|f| f.bind == Some(binding))
    }

    /// How many sections are numbered questions.
    pub fn question_count(&self) -> usize {
        self.sections.iter().filter(|s| s.numbered).count()
    }

    /// The sections a design review walks: the numbered questions, in order.
    pub fn meeting_sections(&self) -> Vec<&Section> {
        self.sections.iter().filter(|s| s.numbered).collect()
    }

    /// The list field and column quick failure modes go to, if the set
    /// names one.
    pub fn failure_mode_target(&self) -> Option<(&Field, &Field)> {
        let target = self.meeting.as_ref()?.failure_modes.as_ref()?;
        let field = self.field(&target.field)?;
        Some((field, field.column(&target.column)?))
    }

    /// The 1-based question number of a section, if it is numbered.
    pub fn question_number(&self, section_index: usize) -> Option<usize> {
        let section = self.sections.get(section_index)?;
        if !section.numbered {
            return None;
        }
        Some(
            self.sections[..section_index]
                .iter()
                .filter(|s| s.numbered)
                .count()
                + 1,
        )
    }
}

impl Field {
    /// The column with this id.
    pub fn column(&self, id: &str) -> Option<&Field> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// The columns the table overview shows, most important first.
    pub fn summary_columns(&self) -> Vec<&Field> {
        let flagged: Vec<&Field> = self.columns.iter().filter(|c| c.summary).collect();
        if flagged.is_empty() {
            self.columns.iter().collect()
        } else {
            flagged
        }
    }

    /// The option with this value.
    pub fn option(&self, value: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.value == value)
    }
}
