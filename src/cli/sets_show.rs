//! `preflight sets show SET`: what a question set asks, for people writing
//! `--answers` files: each section's fields with id, kind, whether required,
//! allowed values and the JSON shape of an answer; `--json` gives the same
//! as data, and `--answers-template` prints an answers file to fill in.
//! Everything comes from the set itself.

use serde_json::{Map, Value, json};

use super::CommandContext;
use super::args::SetsShowArgs;
use super::output::{CliError, EXIT_OK, print, print_json};
use super::printer::one_line;
use crate::questionnaire::{Field, FieldKind, QuestionSet, expected_shape};

/// Runs `sets show`.
pub fn show(ctx: &CommandContext, args: &SetsShowArgs) -> Result<u8, CliError> {
    let Some(set) = ctx.catalog.get(&args.set) else {
        let ids: Vec<&str> = ctx.catalog.sets.iter().map(|l| l.set.id.as_str()).collect();
        return Err(CliError::data(format!(
            "no question set {:?}; the sets in use are: {} (`preflight sets` lists them)",
            args.set,
            ids.join(", ")
        )));
    };
    if args.answers_template {
        print(&template_text(set))?;
    } else if args.json {
        print_json(&describe(set))?;
    } else {
        print(&text(set))?;
    }
    Ok(EXIT_OK)
}

/// An answers file with every field, each blank in its own shape: `""`
/// for text-like kinds, `[]` for word lists, a list with one row of every
/// column, a grid with every row and column. Given to `new --answers` as
/// it is, it leaves every field blank.
pub fn template(set: &QuestionSet) -> Map<String, Value> {
    set.sections
        .iter()
        .flat_map(|s| &s.fields)
        .map(|field| (field.id.clone(), blank(field)))
        .collect()
}

/// [`template`] as JSON text with the fields (and columns) in the set's
/// order, which is the order a person fills them in.
pub fn template_text(set: &QuestionSet) -> String {
    let fields: Vec<&Field> = set.sections.iter().flat_map(|s| &s.fields).collect();
    let mut out = String::new();
    ordered(&mut out, &fields, "");
    out.push('\n');
    out
}

fn ordered(out: &mut String, fields: &[&Field], indent: &str) {
    let inner = format!("{indent}  ");
    out.push_str("{\n");
    for (i, field) in fields.iter().enumerate() {
        out.push_str(&format!("{inner}{}: ", Value::from(field.id.as_str())));
        let columns: Vec<&Field> = field.columns.iter().collect();
        match field.kind {
            FieldKind::List => {
                out.push_str(&format!("[\n{inner}  "));
                ordered(out, &columns, &format!("{inner}  "));
                out.push_str(&format!("\n{inner}]"));
            }
            FieldKind::Grid => {
                let rows = format!("{inner}  ");
                out.push_str("{\n");
                for (r, row) in field.rows.iter().enumerate() {
                    out.push_str(&format!("{rows}{}: ", Value::from(row.id.as_str())));
                    ordered(out, &columns, &rows);
                    out.push_str(if r + 1 < field.rows.len() {
                        ",\n"
                    } else {
                        "\n"
                    });
                }
                out.push_str(&format!("{inner}}}"));
            }
            _ => out.push_str(&blank(field).to_string()),
        }
        out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
    }
    out.push_str(&format!("{indent}}}"));
}

fn blank(field: &Field) -> Value {
    let row = |columns: &[Field]| -> Value {
        Value::Object(columns.iter().map(|c| (c.id.clone(), blank(c))).collect())
    };
    match field.kind {
        FieldKind::Tags | FieldKind::People => json!([]),
        FieldKind::List => json!([row(&field.columns)]),
        FieldKind::Grid => Value::Object(
            field
                .rows
                .iter()
                .map(|r| (r.id.clone(), row(&field.columns)))
                .collect(),
        ),
        _ => json!(""),
    }
}

/// The set as data: sections, fields, allowed values and answer shapes.
fn describe(set: &QuestionSet) -> Value {
    json!({
        "id": set.id,
        "name": set.name,
        "version": set.version,
        "sections": set.sections.iter().map(|section| json!({
            "id": section.id,
            "title": section.title,
            "fields": section.fields.iter().map(describe_field).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "answers_template": Value::Object(template(set)),
    })
}

fn describe_field(field: &Field) -> Value {
    let mut out = json!({
        "id": field.id,
        "label": field.label,
        "kind": field.kind.name(),
        "required": field.required,
        "answer": expected_shape(field.kind),
    });
    if !field.options.is_empty() {
        out["values"] = json!(
            field
                .options
                .iter()
                .map(|o| json!({ "value": o.value, "label": o.display() }))
                .collect::<Vec<_>>()
        );
    }
    if !field.rows.is_empty() {
        out["rows"] = json!(
            field
                .rows
                .iter()
                .map(|r| json!({ "id": r.id, "label": r.label }))
                .collect::<Vec<_>>()
        );
    }
    if !field.columns.is_empty() {
        out["columns"] = json!(field.columns.iter().map(describe_field).collect::<Vec<_>>());
    }
    out
}

/// The set as text, one block per section.
fn text(set: &QuestionSet) -> String {
    let mut out = format!(
        "{} {} ({})\n`preflight new --answers FILE` takes an object of field id → answer; \
         `preflight sets show {} --answers-template` prints one to fill in.\n",
        one_line(&set.name),
        one_line(&set.version.to_string()),
        one_line(&set.id),
        one_line(&set.id),
    );
    for section in &set.sections {
        out.push_str(&format!(
            "\n{} [{}]\n",
            one_line(&section.title),
            one_line(&section.id)
        ));
        for field in &section.fields {
            field_text(&mut out, field, "  ");
        }
    }
    out
}

fn field_text(out: &mut String, field: &Field, indent: &str) {
    let required = if field.required { ", required" } else { "" };
    out.push_str(&format!(
        "{indent}{}  ({}{required})  {}\n",
        one_line(&field.id),
        field.kind.name(),
        one_line(&field.label)
    ));
    let more = format!("{indent}    ");
    out.push_str(&format!("{more}answer: {}\n", expected_shape(field.kind)));
    if !field.options.is_empty() {
        let values: Vec<String> = field
            .options
            .iter()
            .map(|o| match &o.label {
                Some(label) => format!("\"{}\" ({})", one_line(&o.value), one_line(label)),
                None => format!("\"{}\"", one_line(&o.value)),
            })
            .collect();
        out.push_str(&format!("{more}values: {}\n", values.join(", ")));
    }
    if !field.rows.is_empty() {
        let rows: Vec<String> = field
            .rows
            .iter()
            .map(|r| format!("\"{}\" ({})", one_line(&r.id), one_line(&r.label)))
            .collect();
        out.push_str(&format!("{more}rows: {}\n", rows.join(", ")));
    }
    if !field.columns.is_empty() {
        out.push_str(&format!("{more}columns:\n"));
        for column in &field.columns {
            field_text(out, column, &format!("{more}  "));
        }
    }
}
