//! `preflight generate` (hidden from the help): writes a synthetic store of
//! realistic records for the benchmarks in docs/benchmarks.md.

use super::args::GenerateArgs;
use super::output::{CliError, EXIT_OK, print};
use crate::questionnaire::{DEFAULT_SET_ID, SetCatalog};
use crate::store::{Store, StoreOrigin};
use crate::synth;

/// Writes `--records` records made from `--seed` into the store `--out`.
pub fn run(args: &GenerateArgs) -> Result<u8, CliError> {
    let store = Store::at(&args.out, StoreOrigin::Flag);
    // Never mix generated records into a real store.
    if !store.ids()?.is_empty() {
        return Err(CliError::data(format!(
            "{} already holds records; generate into an empty folder",
            store.records_dir().display()
        )));
    }
    let catalog = SetCatalog::built_in();
    let set = catalog
        .get(DEFAULT_SET_ID)
        .ok_or_else(|| CliError::data("the built-in question set did not load"))?;
    let options = synth::Options {
        records: args.records,
        seed: args.seed,
    };
    let count = synth::generate(&store, set, options)?;
    print(&format!(
        "wrote {count} records to {}\n",
        store.records_dir().display()
    ))?;
    Ok(EXIT_OK)
}
