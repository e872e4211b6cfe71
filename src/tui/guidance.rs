//! Each section's guidance, rendered once when a record is opened rather
//! than on every frame: parsing Markdown on each key press cost 5 s and up
//! to 1.9 GB for a set whose guidance nested 30,000 lists. Guidance that
//! nests deeper than [`crate::export::depth::MAX_NESTING`] is shown as its
//! plain lines, which costs time in proportion to its length.

use ratatui::text::{Line, Text};

use crate::export::depth;
use crate::questionnaire::QuestionSet;

/// Rendered guidance, one entry per section of the set, in order.
#[derive(Debug, Clone, Default)]
pub struct Guidance {
    sections: Vec<Text<'static>>,
}

impl Guidance {
    /// Renders the guidance of every section of `set`.
    pub fn of(set: &QuestionSet) -> Guidance {
        Guidance {
            sections: set
                .sections
                .iter()
                .map(|section| render(&section.guidance))
                .collect(),
        }
    }

    /// Section `index`'s guidance (empty past the end).
    pub fn section(&self, index: usize) -> Text<'static> {
        self.sections.get(index).cloned().unwrap_or_default()
    }
}

/// One section's guidance as styled lines; too deep, as plain lines under
/// a note saying why.
pub fn render(markdown: &str) -> Text<'static> {
    if depth::too_deep(markdown) {
        let mut lines = vec![
            Line::from(format!(
                "(Guidance shown as written: {}.)",
                depth::too_deep_note()
            )),
            Line::default(),
        ];
        lines.extend(markdown.lines().map(|l| Line::from(l.to_string())));
        return Text::from(lines);
    }
    let text = tui_markdown::from_str(markdown);
    Text::from(
        text.lines
            .into_iter()
            .map(crate::tui::preview::owned_line)
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_guidance_is_shown_as_its_lines() {
        let deep = "- ".repeat(30_000) + "x";
        let text = render(&deep);
        assert_eq!(text.lines.len(), 3, "a note, a blank line and the one line");
        assert!(text.lines[0].to_string().contains("more than 16 levels"));
        let shallow = render("Say **who** is paged.\n\n- one\n- two");
        assert!(shallow.lines.iter().any(|l| l.to_string().contains("who")));
    }
}
