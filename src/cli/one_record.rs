//! What commands on one record (`show`, `export ID`, `check ID`) read of
//! the other records: only those it is shown with, through
//! [`crate::link_view`], so their cost does not grow with the store.
//! `--verbose` says whether the link view was used or the store scanned.

use super::CommandContext;
use super::output::{CliError, warn};
use crate::doctor::Finding;
use crate::link_view::{LinkView, Neighbours};
use crate::list_index::summaries;
use crate::numbering::{Claim, published_names};
use crate::record::Record;

/// The link view of the store, saying under `--verbose` how it was found.
pub(super) fn view(ctx: &CommandContext) -> Result<LinkView, CliError> {
    let view = LinkView::open(&ctx.store, &ctx.catalog)?;
    if ctx.verbose {
        warn(&format!("preflight: {}", view.how));
    }
    Ok(view)
}

/// `record` and the records it links with either way, in store order.
pub(super) fn neighbours(ctx: &CommandContext, record: &Record) -> Result<Neighbours, CliError> {
    Ok(view(ctx)?.around(&ctx.store, record, false))
}

/// [`neighbours`], each named as it is published when `names_shown` (a
/// folder layout's links show the other records' file names). A name made
/// from a title depends on every record's title, so then, and only when
/// one of them has no stored name, the names come from the list index.
pub(super) fn published_neighbours(
    ctx: &CommandContext,
    record: &Record,
    names_shown: bool,
) -> Result<Vec<Record>, CliError> {
    let mut records = neighbours(ctx, record)?.records;
    let unnamed = |r: &Record| !Claim::of_record(r).name_stored;
    if names_shown && records.iter().any(unnamed) {
        let listing = summaries(&ctx.store, &ctx.catalog)?;
        let claims: Vec<Claim> = listing.summaries.iter().map(Claim::of_summary).collect();
        let names = published_names(&claims);
        for other in records.iter_mut().filter(|r| unnamed(r)) {
            other.slug = names.get(&other.id).cloned();
        }
        if ctx.verbose {
            warn(
                "preflight: a linked record has no stored published name: names made from titles, from the list index",
            );
        }
    }
    Ok(records)
}

/// The problems between records that involve any of `chosen`, from the
/// records around them ([`LinkView::findings`]), not every record.
pub(super) fn findings_around(
    ctx: &CommandContext,
    chosen: &[Record],
) -> Result<Vec<Finding>, CliError> {
    Ok(view(ctx)?.findings(&ctx.store, chosen))
}
