//! Three-way merge of sequences (diff3): the parts both sides kept as they
//! were anchor the merge, and each stretch between anchors is taken from
//! whichever side changed it. Used for rows of list answers, meeting items
//! and attendees, which have no ids of their own: a row is matched by its
//! whole content, so an edited row is "base row replaced" on one side.

use std::ops::Range;

/// One stretch between anchors: where it is in base, ours and theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The base's elements.
    pub base: Range<usize>,
    /// Ours.
    pub ours: Range<usize>,
    /// Theirs.
    pub theirs: Range<usize>,
}

/// A part of the merged sequence: unchanged anchors, or a chunk to settle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// An element all three have at this place (its index in ours).
    Same(usize),
    /// A stretch where at least one side differs from the base.
    Changed(Chunk),
}

/// Splits the three sequences into anchors and changed chunks, in order.
/// Callers with costly equality compare small stand-ins (see
/// [`crate::merge`]'s interning of rows) and map the ranges back.
pub fn diff3<T: PartialEq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Part> {
    let with_ours = lcs(base, ours);
    let with_theirs = lcs(base, theirs);
    let mut parts = Vec::new();
    let (mut b0, mut o0, mut t0) = (0, 0, 0);
    let (mut i, mut j) = (0, 0);
    while i < with_ours.len() && j < with_theirs.len() {
        let (bo, oi) = with_ours[i];
        let (bt, ti) = with_theirs[j];
        if bo < bt {
            i += 1;
            continue;
        }
        if bt < bo {
            j += 1;
            continue;
        }
        // Base element `bo` is kept by both sides: an anchor.
        push_chunk(&mut parts, b0..bo, o0..oi, t0..ti);
        parts.push(Part::Same(oi));
        (b0, o0, t0) = (bo + 1, oi + 1, ti + 1);
        i += 1;
        j += 1;
    }
    push_chunk(&mut parts, b0..base.len(), o0..ours.len(), t0..theirs.len());
    parts
}

fn push_chunk(parts: &mut Vec<Part>, base: Range<usize>, ours: Range<usize>, theirs: Range<usize>) {
    if base.is_empty() && ours.is_empty() && theirs.is_empty() {
        return;
    }
    parts.push(Part::Changed(Chunk { base, ours, theirs }));
}

/// A longest common subsequence of `a` and `b` as index pairs, in order.
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    // Common ends first: most merges touch a few rows of a long list.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let (n, m) = (a_mid.len(), b_mid.len());
    // lengths[i][j]: LCS length of a_mid[i..] and b_mid[j..].
    let mut lengths = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[at(i, j)] = if a_mid[i] == b_mid[j] {
                lengths[at(i + 1, j + 1)] + 1
            } else {
                lengths[at(i + 1, j)].max(lengths[at(i, j + 1)])
            };
        }
    }
    let mut pairs: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a_mid[i] == b_mid[j] {
            pairs.push((prefix + i, prefix + j));
            i += 1;
            j += 1;
        } else if lengths[at(i + 1, j)] >= lengths[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs.extend((0..suffix).map(|k| (a.len() - suffix + k, b.len() - suffix + k)));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    type Sides = (Vec<i32>, Vec<i32>, Vec<i32>);

    fn changed(base: &[i32], ours: &[i32], theirs: &[i32]) -> Vec<Sides> {
        diff3(base, ours, theirs)
            .into_iter()
            .filter_map(|p| match p {
                Part::Changed(c) => Some((
                    base[c.base].to_vec(),
                    ours[c.ours].to_vec(),
                    theirs[c.theirs].to_vec(),
                )),
                Part::Same(_) => None,
            })
            .collect()
    }

    #[test]
    fn appends_on_both_sides_are_one_chunk_with_an_empty_base() {
        let chunks = changed(&[1, 2], &[1, 2, 3], &[1, 2, 4]);
        assert_eq!(chunks, vec![(vec![], vec![3], vec![4])]);
    }

    #[test]
    fn edits_in_different_places_are_separate_chunks() {
        let chunks = changed(&[1, 2, 3], &[9, 2, 3], &[1, 2, 8]);
        assert_eq!(
            chunks,
            vec![(vec![1], vec![9], vec![1]), (vec![3], vec![3], vec![8])]
        );
    }

    #[test]
    fn the_same_element_edited_on_both_sides_is_one_chunk() {
        let chunks = changed(&[1, 2, 3], &[1, 5, 3], &[1, 6, 3]);
        assert_eq!(chunks, vec![(vec![2], vec![5], vec![6])]);
    }
}
