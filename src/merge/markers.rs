//! Conflict markers (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`) in a
//! record file: finding them, splitting a marked file back into its sides,
//! and writing the two-sided file the merge driver leaves when a person
//! has to pick.

/// A conflict-marked file taken apart: the whole text as each side had it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    /// The common ancestor, when every hunk carried one (diff3 style).
    pub base: Option<String>,
    /// Our text.
    pub ours: String,
    /// Their text.
    pub theirs: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Zone {
    Both,
    Ours,
    Base,
    Theirs,
}

fn marker(line: &str, mark: &str) -> bool {
    line.strip_prefix(mark)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\r']))
}

/// Whether the text holds a conflict hunk: a `<<<<<<<` line followed by
/// `=======` and `>>>>>>>` lines (JSON never starts a line with them).
pub fn has_markers(text: &str) -> bool {
    split(text).is_some()
}

/// The 1-based line of the first `<<<<<<<` marker, if any.
pub fn first_marker_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| marker(line, "<<<<<<<"))
        .map(|i| i + 1)
}

/// Splits a marked text into its sides; `None` when it holds no complete
/// conflict hunk.
pub fn split(text: &str) -> Option<Sides> {
    let (mut ours, mut base, mut theirs) = (String::new(), String::new(), String::new());
    let mut zone = Zone::Both;
    let (mut hunks, mut hunks_with_base) = (0, 0);
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        match zone {
            Zone::Both if marker(bare, "<<<<<<<") => zone = Zone::Ours,
            Zone::Ours if marker(bare, "|||||||") => {
                zone = Zone::Base;
                hunks_with_base += 1;
            }
            Zone::Ours | Zone::Base if marker(bare, "=======") => zone = Zone::Theirs,
            Zone::Theirs if marker(bare, ">>>>>>>") => {
                zone = Zone::Both;
                hunks += 1;
            }
            Zone::Both => {
                ours.push_str(line);
                base.push_str(line);
                theirs.push_str(line);
            }
            Zone::Ours => ours.push_str(line),
            Zone::Base => base.push_str(line),
            Zone::Theirs => theirs.push_str(line),
        }
    }
    (hunks > 0 && zone == Zone::Both).then(|| Sides {
        base: (hunks_with_base == hunks).then_some(base),
        ours,
        theirs,
    })
}

/// The file the merge driver leaves when fields conflict: the merged record
/// twice, once with our values and once with theirs, inside one conflict
/// hunk. Git, editors and `preflight resolve` all read it; every field that
/// merged cleanly is already the same in both halves.
pub fn two_sided(ours: &str, theirs: &str, ours_label: &str, theirs_label: &str) -> String {
    let mut out = format!("<<<<<<< {ours_label}\n");
    out.push_str(ours);
    if !ours.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("=======\n");
    out.push_str(theirs);
    if !theirs.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(">>>>>>> {theirs_label}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_git_style_hunk_splits_into_both_whole_texts() {
        let text = "{\n<<<<<<< HEAD\n  \"a\": 1\n=======\n  \"a\": 2\n>>>>>>> branch\n}\n";
        let sides = split(text).expect("a hunk");
        assert_eq!(sides.ours, "{\n  \"a\": 1\n}\n");
        assert_eq!(sides.theirs, "{\n  \"a\": 2\n}\n");
        assert_eq!(sides.base, None);
        assert_eq!(first_marker_line(text), Some(2));
    }

    #[test]
    fn a_diff3_hunk_keeps_the_base() {
        let text = "<<<<<<< ours\nx\n||||||| base\ny\n=======\nz\n>>>>>>> theirs\n";
        let sides = split(text).expect("a hunk");
        assert_eq!(sides.base.as_deref(), Some("y\n"));
    }

    #[test]
    fn text_that_only_mentions_markers_inside_a_line_is_not_conflicted() {
        assert!(!has_markers("{\"note\": \"<<<<<<< HEAD\"}\n"));
        assert!(!has_markers("<<<<<<< HEAD\nno end\n"));
    }

    #[test]
    fn the_drivers_two_sided_file_splits_back() {
        let text = two_sided("{\"a\": 1}\n", "{\"a\": 2}", "ours", "theirs");
        let sides = split(&text).expect("a hunk");
        assert_eq!(sides.ours, "{\"a\": 1}\n");
        assert_eq!(sides.theirs, "{\"a\": 2}\n");
    }
}
