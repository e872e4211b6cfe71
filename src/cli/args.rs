//! Command-line definitions (clap derive). Every command has `--help`.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::config::{Choice, ColorWhen, ExportFormat, Settings, ThemeName};
use crate::export::Layout;

const EXIT_CODES: &str = "Exit codes:\n  0  success (for `check`: every record is ready)\n  1  `check` found gaps\n  2  usage or data error (bad arguments, unreadable or invalid files)\n  70 preflight hit a bug (please report it)";

/// Walk a proposed change through four production questions (what breaks,
/// who owns it at 3 AM, what it costs at 10x, what the rollback is) and keep
/// the answers as a decision record.
#[derive(Debug, Parser)]
#[command(
    name = "preflight",
    version,
    disable_version_flag = true,
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// Use this store folder (overrides PREFLIGHT_STORE and .preflight/).
    #[arg(long, global = true, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Say which store, config file and question sets are in use.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Leave out informational lines (confirmations, "wrote" lines); data
    /// and errors are still printed.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Ignore the config file (`preflight config path` shows where it is).
    #[arg(long, global = true)]
    pub no_config: bool,

    /// When to use colour: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorWhen>,

    /// Colour theme of the wizard (overrides the config file and PREFLIGHT_THEME).
    #[arg(long, global = true, value_enum, value_name = "NAME")]
    pub theme: Option<ThemeName>,

    /// Print the version; with -v, also the store and config file in use.
    #[arg(short = 'V', long, action = ArgAction::SetTrue)]
    pub version: bool,

    /// What to do; with none, open the interactive wizard.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a .preflight/ store in the current folder (for a team's git repo).
    Init,
    /// Create a record in the wizard (or with --no-input, from flags and JSON).
    New(NewArgs),
    /// Open a record in the wizard.
    Edit(EditArgs),
    /// Run a design review of a record in meeting mode (a new record without ID).
    Meet(MeetArgs),
    /// List action items from meetings across all records; mark them done.
    Actions(ActionsArgs),
    /// List records: handle, status, readiness, updated, title.
    List(ListArgs),
    /// Print a record as readable text.
    Show(ShowArgs),
    /// Export a record (or, with --all, every record) as Markdown (default), HTML or JSON.
    Export(ExportArgs),
    /// Check records for readiness gaps; exit 1 if any has gaps.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// List the question sets in use and any set files with problems.
    Sets(SetsArgs),
    /// Bring in a folder of decision records written with adr-tools, MADR or
    /// log4brains (the folder is only read).
    Import(ImportArgs),
    /// Change a record's status (recorded with date and who).
    Status(StatusArgs),
    /// Mark OLD superseded by NEW, linking both.
    Supersede(SupersedeArgs),
    /// Link two records: supersedes, amends or relates-to.
    Link(LinkArgs),
    /// Remove a link between two records.
    Unlink(LinkArgs),
    /// Find store problems (duplicate numbers or names, broken links,
    /// unreadable files); --fix repairs the safe ones. Exit 1 if any remain.
    #[command(after_help = EXIT_CODES)]
    Doctor(DoctorArgs),
    /// Show the config file's path, or every effective setting and its source.
    Config(ConfigArgs),
    /// Finish a git merge of a record: merge it field by field and pick
    /// ours or theirs where both branches changed the same field.
    Resolve(ResolveArgs),
    /// The git merge driver `preflight init` registers (git runs it).
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    Man,
    /// Write a synthetic store of realistic records, for benchmarks
    /// (docs/benchmarks.md); hidden from the help.
    #[command(hide = true)]
    Generate(GenerateArgs),
}

/// `preflight generate` (hidden): a synthetic store for benchmarks.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many records.
    #[arg(long, default_value_t = 1000)]
    pub records: usize,
    /// Seed: the same seed writes the same records.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The store folder to write (its records/ must not hold records yet).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `preflight sets`.
#[derive(Debug, Args)]
pub struct SetsArgs {
    /// Print the sets and problems as JSON.
    #[arg(long)]
    pub json: bool,
    /// Show one set's questions instead of listing the sets.
    #[command(subcommand)]
    pub action: Option<SetsAction>,
}

/// What `preflight sets` can do besides listing.
#[derive(Debug, Subcommand)]
pub enum SetsAction {
    /// List each section's fields: id, kind, whether required, allowed
    /// values and the JSON shape of an answer (for writing --answers files)
    Show(SetsShowArgs),
}

/// `preflight sets show SET`.
#[derive(Debug, Args)]
pub struct SetsShowArgs {
    /// The question set's id (`preflight sets` lists them)
    pub set: String,
    /// Print the set's fields as JSON, with an answers template
    #[arg(long, conflicts_with = "answers_template")]
    pub json: bool,
    /// Print an answers file with every field, blank in its own shape, for
    /// `preflight new --no-input --answers FILE`
    #[arg(long)]
    pub answers_template: bool,
}

/// `preflight config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// What to show.
    #[command(subcommand)]
    pub action: ConfigAction,
}

/// `preflight config path|show`.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the config file's path (whether or not it exists).
    Path,
    /// Print every effective setting, its value and where it came from.
    Show(ConfigShowArgs),
}

/// `preflight config show`.
#[derive(Debug, Args)]
pub struct ConfigShowArgs {
    /// Print the settings as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `preflight completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `preflight new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The record's title.
    #[arg(long)]
    pub title: Option<String>,
    /// Question set id; default: the `default_set` setting (production).
    #[arg(long = "set", value_name = "ID")]
    pub set_id: Option<String>,
    /// The author (a person); default: the `author` setting, else
    /// `git config user.name`.
    #[arg(long)]
    pub author: Option<String>,
    /// JSON object of field id → answer; `-` reads standard input.
    /// See questionnaires/README.md for the value of each field kind.
    #[arg(long, value_name = "FILE.json")]
    pub answers: Option<PathBuf>,
    /// Do not open the wizard; print the new record's id.
    #[arg(long)]
    pub no_input: bool,
    /// Ask each question as plain lines on standard output and read the
    /// answers from standard input (screen readers, dumb terminals, scripts).
    #[arg(long, conflicts_with = "no_input")]
    pub plain: bool,
}

/// `preflight edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Record id or unique prefix (the handle `list` shows).
    pub id: String,
    /// Ask each question as plain lines instead of the full-screen wizard.
    #[arg(long)]
    pub plain: bool,
}

/// `preflight meet`.
#[derive(Debug, Args)]
pub struct MeetArgs {
    /// Record id or unique prefix; without it, a new record is started.
    pub id: Option<String>,
}

/// `preflight actions`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ActionsArgs {
    /// Mark an action done or open again.
    #[command(subcommand)]
    pub change: Option<ActionChange>,
    /// Only actions not yet done.
    #[arg(long)]
    pub open: bool,
    /// Only actions owned by this person (case-insensitive).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Print the actions as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `preflight actions done|reopen REF`.
#[derive(Debug, Subcommand)]
pub enum ActionChange {
    /// Mark an action done; REF is what `preflight actions` shows, e.g. 3kq9x:2.
    Done {
        /// The action's reference: record handle, colon, action number.
        reference: String,
    },
    /// Mark a done action open again.
    Reopen {
        /// The action's reference: record handle, colon, action number.
        reference: String,
    },
}

/// `preflight doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Make the repairs that have one safe answer (renumber the record
    /// accepted later, store a free published name, mark a superseded
    /// record superseded), saying each change.
    #[arg(long)]
    pub fix: bool,
    /// Print the findings (and repairs) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Who makes the repairs, for the history (default: the `author` setting, else git `user.name`, else the login name).
    #[arg(long, value_name = "NAME")]
    pub who: Option<String>,
}

/// `preflight resolve`.
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The conflicted record: its file, or its id or handle.
    pub record: String,
    /// Take our side (the branch you are on) for every conflicting field.
    #[arg(long, conflicts_with = "theirs")]
    pub ours: bool,
    /// Take their side (the branch being merged in) for every conflicting field.
    #[arg(long)]
    pub theirs: bool,
    /// Take one side for one field, as FIELD=ours or FIELD=theirs (FIELD as
    /// the conflict list names it); repeat for more fields.
    #[arg(long, value_name = "FIELD=SIDE")]
    pub take: Vec<String>,
}

/// `preflight merge-driver BASE OURS THEIRS [PATH]` (git's %O %A %B %P).
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (%O).
    pub base: PathBuf,
    /// Our version (%A); the merge result is written here.
    pub ours: PathBuf,
    /// Their version (%B).
    pub theirs: PathBuf,
    /// The file's path in the repository (%P), for messages.
    pub path: Option<String>,
}

/// `preflight status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Record id or unique prefix.
    pub id: String,
    /// The new status: draft, proposed, accepted, rejected, superseded or deprecated.
    pub status: String,
    /// Who made the change (default: $USER).
    #[arg(long, value_name = "NAME")]
    pub who: Option<String>,
}

/// `preflight supersede OLD --by NEW`.
#[derive(Debug, Args)]
pub struct SupersedeArgs {
    /// The record being replaced.
    pub old: String,
    /// The record that replaces it.
    #[arg(long = "by", value_name = "NEW")]
    pub new: String,
    /// Who made the change (default: $USER).
    #[arg(long, value_name = "NAME")]
    pub who: Option<String>,
}

/// `preflight link` / `preflight unlink`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The record the link starts from.
    pub id: String,
    /// supersedes, amends or relates-to.
    pub kind: String,
    /// The record it points to.
    pub other: String,
}

/// Orders for `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    /// Most recently changed first.
    Updated,
    /// Oldest first.
    Created,
    /// By title.
    Title,
    /// By status, in life-cycle order.
    Status,
    /// By published number.
    Number,
}

/// `preflight list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only records with this status.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Only records with this tag (repeat for several: all must match).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only records whose title, tags, author or answers contain this text.
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
    /// Only records whose review-by date has passed.
    #[arg(long)]
    pub overdue: bool,
    /// Only records brought in by `preflight import`.
    #[arg(long)]
    pub imported: bool,
    /// Order of the list.
    #[arg(long, value_enum, default_value_t = SortKey::Created)]
    pub sort: SortKey,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `preflight import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The folder of decision records (doc/adr, docs/decisions...); it is
    /// only read, never written.
    pub dir: PathBuf,
    /// Read every file as this format instead of detecting it file by file.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ImportFormat>,
    /// Take in files that changed since they were imported (their records
    /// follow the files; answers given in preflight stay).
    #[arg(long)]
    pub update: bool,
    /// Say what would happen and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Question set the imported records are answered against (default:
    /// the default_set setting).
    #[arg(long, value_name = "ID")]
    pub set: Option<String>,
}

/// The record formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// adr-tools / Michael Nygard's template.
    Nygard,
    /// MADR 2.x, 3.x and 4.x.
    Madr,
    /// log4brains.
    Log4brains,
}

/// `preflight show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Record id or unique prefix (the handle `list` shows).
    pub id: String,
    /// Print the record, its links and its readiness verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown decision record.
    Md,
    /// HTML rendered from the Markdown (a fragment, or --standalone page).
    Html,
    /// The stored record JSON.
    Json,
}

/// `--layout` takes the export's own layouts; the help of each is here,
/// with the rest of the command line's words.
impl ValueEnum for Layout {
    fn value_variants<'a>() -> &'a [Layout] {
        <Layout as Choice>::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Layout::Default => "`title-with-dashes.md`, names kept stable once published",
            Layout::Adr => {
                "adr-tools / MADR: `NNNN-title-with-dashes.md`, `# N. Title`, `Date:`, `## Status`"
            }
        };
        Some(PossibleValue::new(Choice::name(*self)).help(help))
    }
}

/// `--theme` takes the setting's own names.
impl ValueEnum for ThemeName {
    fn value_variants<'a>() -> &'a [ThemeName] {
        <ThemeName as Choice>::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(Choice::name(*self)))
    }
}

/// `--color` takes the setting's own values.
impl ValueEnum for ColorWhen {
    fn value_variants<'a>() -> &'a [ColorWhen] {
        <ColorWhen as Choice>::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(Choice::name(*self)))
    }
}

/// `preflight export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Record id or unique prefix (leave out with --all).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// Export every record into the folder given by --out, plus an index page.
    #[arg(long, requires = "out")]
    pub all: bool,
    /// Output format; default: the `export_format` setting (md).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// With --format html: a complete page with a stylesheet, not a fragment.
    #[arg(long)]
    pub standalone: bool,
    /// Start Markdown with YAML front matter (title, status, date, tags, MADR keys).
    #[arg(long)]
    pub front_matter: bool,
    /// Lay the Markdown out with this template (see docs/publishing.md).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// File naming and heading layout; default: the `export_layout` setting.
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub layout: Option<Layout>,
    /// Write to this file (or, with --all, into this folder) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// With --all: remove the pages an earlier export wrote into the folder
    /// for records since renumbered, renamed or deleted (never a file
    /// preflight did not write, nor one edited since).
    #[arg(long, requires = "all")]
    pub prune: bool,
    /// With --all: the index page's file name. Hugo wants `_index` (an
    /// `index.md` makes the folder a leaf bundle and hides the other pages).
    #[arg(
        long,
        requires = "all",
        value_enum,
        default_value = "index",
        value_name = "NAME"
    )]
    pub index_name: IndexName,
}

impl ExportArgs {
    /// The export these arguments ask for, with what they leave out taken
    /// from the settings: `--format`, else `export_format`; `--layout`,
    /// else `export_layout`.
    pub fn resolve(&self, settings: &Settings) -> Export {
        Export {
            id: self.id.clone(),
            all: self.all,
            format: self.format.unwrap_or(match settings.export_format.value {
                ExportFormat::Md => Format::Md,
                ExportFormat::Html => Format::Html,
            }),
            standalone: self.standalone,
            front_matter: self.front_matter,
            template: self.template.clone(),
            layout: self.layout.unwrap_or(settings.export_layout.value),
            out: self.out.clone(),
            prune: self.prune,
            index_name: self.index_name,
        }
    }
}

/// What `preflight export` does: its arguments with the settings applied
/// ([`ExportArgs::resolve`]), settled before the command runs. Each field
/// means what the flag of that name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The record to export; `None` with `all`.
    pub id: Option<String>,
    /// Every record into the folder `out`, plus an index page.
    pub all: bool,
    /// The format in use.
    pub format: Format,
    /// A complete HTML page, not a fragment.
    pub standalone: bool,
    /// YAML front matter atop the Markdown.
    pub front_matter: bool,
    /// The Markdown template, if any.
    pub template: Option<PathBuf>,
    /// The layout in use.
    pub layout: Layout,
    /// The file (or, with `all`, the folder) to write; standard output
    /// without.
    pub out: Option<PathBuf>,
    /// Remove the pages of an earlier export that are no longer exported.
    pub prune: bool,
    /// The index page's file name.
    pub index_name: IndexName,
}

/// The file name of the index page of `export --all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IndexName {
    /// `index.md` (or `.html`).
    #[value(name = "index")]
    Index,
    /// `_index.md`, a Hugo section's list page.
    #[value(name = "_index")]
    Section,
}

impl IndexName {
    /// The file name without its extension.
    pub fn stem(self) -> &'static str {
        match self {
            IndexName::Index => "index",
            IndexName::Section => "_index",
        }
    }
}

/// How `check` prints its verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable text.
    Text,
    /// JSON (as --json).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
    /// A short Markdown readiness table, for a pull-request comment.
    Markdown,
}

/// `preflight check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Records to check: ids, prefixes or record file paths; all records
    /// when none are given.
    #[arg(value_name = "ID|FILE")]
    pub ids: Vec<String>,
    /// Check only records added or changed since the branch left REF
    /// (`git merge-base REF HEAD`), e.g. origin/main in a pull request.
    #[arg(long, value_name = "REF", conflicts_with = "ids")]
    pub changed_since: Option<String>,
    /// Only records with this status.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Output: text, json, github (annotations) or markdown (a PR comment).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text, value_name = "FORMAT")]
    pub format: CheckFormat,
    /// Print verdicts as JSON (same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export_args(words: &[&str]) -> ExportArgs {
        let cli = Cli::try_parse_from(["preflight", "export"].iter().chain(words))
            .expect("valid arguments");
        match cli.command {
            Some(Command::Export(args)) => args,
            other => panic!("not export: {other:?}"),
        }
    }

    #[test]
    fn the_settings_fill_in_what_the_flags_leave_out() {
        let mut settings = Settings::default();
        let export = export_args(&["abc"]).resolve(&settings);
        assert_eq!(
            (export.format, export.layout),
            (Format::Md, Layout::Default)
        );
        settings.export_format.value = ExportFormat::Html;
        settings.export_layout.value = Layout::Adr;
        let export = export_args(&["abc"]).resolve(&settings);
        assert_eq!((export.format, export.layout), (Format::Html, Layout::Adr));
        assert_eq!(export.id.as_deref(), Some("abc"));
    }

    #[test]
    fn a_flag_wins_over_its_setting() {
        let mut settings = Settings::default();
        settings.export_format.value = ExportFormat::Html;
        settings.export_layout.value = Layout::Adr;
        let export = export_args(&[
            "--all",
            "--out",
            "site",
            "--format",
            "md",
            "--layout",
            "default",
            "--index-name",
            "_index",
            "--prune",
        ])
        .resolve(&settings);
        assert_eq!(
            export,
            Export {
                id: None,
                all: true,
                format: Format::Md,
                standalone: false,
                front_matter: false,
                template: None,
                layout: Layout::Default,
                out: Some(PathBuf::from("site")),
                prune: true,
                index_name: IndexName::Section,
            }
        );
    }
}
