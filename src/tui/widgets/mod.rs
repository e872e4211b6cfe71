//! Reusable pieces of screens: field editors, the key bar, word wrapping.

pub mod big_text;
pub mod field;
pub mod keybar;
pub mod wrap;
