//! The core library called directly: question sets, answers, records, the
//! store, the Markdown export and the committed documentation and samples.

mod answers;
mod link_view;
mod lint;
mod list_index;
pub mod markdown;
mod nasty;
mod quality;
mod readme;
mod records;
mod sample;
mod sets;
mod store;
