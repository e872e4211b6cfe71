//! Reusable pieces of screens: field editors, the key bar, word wrapping.

pub mod field;
pub mod keybar;
pub mod multi_line;
pub mod wrap;
