//! Statuses, dates and link verbs as other tools write them: "Accepted",
//! "accepted on 2020-01-02", "Superceded by [3. …](…)" (adr-tools' old
//! spelling), "Amended by", "Relates to".

use jiff::civil::Date;

use crate::record::{LinkKind, Status};

/// Words that name a status, by what they mean here. Checked in order, so
/// "superseded" wins over the "accepted" a line may also hold.
const STATUS_WORDS: [(&str, Status); 16] = [
    ("superseded", Status::Superseded),
    ("superceded", Status::Superseded),
    ("replaced", Status::Superseded),
    ("deprecated", Status::Deprecated),
    ("obsolete", Status::Deprecated),
    ("retired", Status::Deprecated),
    ("rejected", Status::Rejected),
    ("declined", Status::Rejected),
    ("accepted", Status::Accepted),
    ("approved", Status::Accepted),
    ("adopted", Status::Accepted),
    ("decided", Status::Accepted),
    ("proposed", Status::Proposed),
    ("pending", Status::Proposed),
    ("in review", Status::Proposed),
    ("draft", Status::Draft),
];

/// The status a phrase names ("Accepted on 2020-01-02" is accepted).
pub fn status_in(phrase: &str) -> Option<Status> {
    let lower = phrase.to_lowercase();
    STATUS_WORDS
        .iter()
        .find(|(word, _)| lower.contains(word))
        .map(|(_, status)| *status)
}

/// How the words before a link relate the two records: the kind, and
/// whether the link points back ("Superseded by X": X supersedes this).
/// `None` for words that name no relation.
pub fn link_kind(verb: &str) -> Option<(LinkKind, bool)> {
    let lower = verb.to_lowercase();
    let lower = lower
        .trim()
        .trim_start_matches(['-', '*', '+'])
        .trim()
        .trim_end_matches(':')
        .trim();
    if lower.is_empty() || lower.split_whitespace().count() > 4 {
        return None;
    }
    let reverse = lower.ends_with(" by");
    if lower.contains("supersed") || lower.contains("superced") || lower.contains("replace") {
        Some((LinkKind::Supersedes, reverse))
    } else if lower.contains("amend") {
        Some((LinkKind::Amends, reverse))
    } else if [
        "relat", "clarif", "refine", "extend", "see", "refer", "depend", "link", "affect",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        Some((LinkKind::RelatesTo, false))
    } else {
        None
    }
}

/// The first date written in `text`: `2020-01-02`, `2020/01/02`,
/// `2020.01.02` or `02.01.2020`, else the whole text as "2 January 2020"
/// or "January 2, 2020".
pub fn date_in(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i16> {
        let part = text.get(from..from + n)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        let sep = |at: usize| bytes.get(at).copied().filter(|b| b"-/.".contains(b));
        // Year first.
        if let (Some(y), Some(s1), Some(m), Some(s2), Some(d)) = (
            digits(start, 4),
            sep(start + 4),
            digits(start + 5, 2),
            sep(start + 7),
            digits(start + 8, 2),
        ) && s1 == s2
            && !bytes.get(start + 10).is_some_and(u8::is_ascii_digit)
            && let Ok(date) = Date::new(y, m as i8, d as i8)
        {
            return Some(date);
        }
        // Day first, with dots (as German-speaking teams write it).
        if let (Some(d), Some(b'.'), Some(m), Some(b'.'), Some(y)) = (
            digits(start, 2),
            bytes.get(start + 2).copied(),
            digits(start + 3, 2),
            bytes.get(start + 5).copied(),
            digits(start + 6, 4),
        ) && let Ok(date) = Date::new(y, m as i8, d as i8)
        {
            return Some(date);
        }
    }
    let trimmed = text.trim().trim_end_matches('.');
    ["%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%B %d %Y"]
        .iter()
        .find_map(|format| Date::strptime(format, trimmed).ok())
}

/// A date written as `YYYYMMDD` (log4brains' file names).
pub fn compact_date(text: &str) -> Option<Date> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = text[..4].parse().ok()?;
    let m = text[4..6].parse().ok()?;
    let d = text[6..].parse().ok()?;
    Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_as_people_write_them() {
        assert_eq!(status_in("Accepted"), Some(Status::Accepted));
        assert_eq!(status_in("accepted on 2020-01-02"), Some(Status::Accepted));
        assert_eq!(
            status_in("Superceded by [3. X](0003-x.md)"),
            Some(Status::Superseded)
        );
        assert_eq!(status_in("Approved (2019-05-01)"), Some(Status::Accepted));
        assert_eq!(status_in("Wibble"), None);
        assert_eq!(status_in("Supersedes"), None);
    }

    #[test]
    fn link_words_both_ways() {
        assert_eq!(
            link_kind("Superceded by"),
            Some((LinkKind::Supersedes, true))
        );
        assert_eq!(link_kind("Supersedes"), Some((LinkKind::Supersedes, false)));
        assert_eq!(link_kind("- Amended by:"), Some((LinkKind::Amends, true)));
        assert_eq!(link_kind("Refined by"), Some((LinkKind::RelatesTo, false)));
        assert_eq!(link_kind(""), None);
        assert_eq!(link_kind("We chose this because of"), None);
    }

    #[test]
    fn dates_in_several_shapes() {
        let want = Date::new(2020, 1, 2).ok();
        assert_eq!(date_in("Accepted on 2020-01-02"), want);
        assert_eq!(date_in("2020/01/02"), want);
        assert_eq!(date_in("02.01.2020"), want);
        assert_eq!(date_in("2 January 2020"), want);
        assert_eq!(date_in("January 2, 2020"), want);
        assert_eq!(date_in("2020-13-40"), None);
        assert_eq!(date_in("no date"), None);
        assert_eq!(compact_date("20200102"), want);
    }
}
