//! Reusable pieces of screens: field editors and the key bar.

pub mod big_text;
pub mod field;
pub mod keybar;
