//! The plural ending of a counted English noun in messages: "1 record",
//! "2 records". One home, so every message counts the same way.

/// `"s"` for any count but one, `""` for one: `format!("{n} file{}", plural(n))`.
pub fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn only_one_is_singular() {
        assert_eq!(plural(0), "s");
        assert_eq!(plural(1), "");
        assert_eq!(plural(2), "s");
    }
}
