//! Entities that are probably one: `Priya` / `Priya S.` / `priya`, `Jonathon` / `Jonathan`.
//! Decided from the normalised names alone.

/// Why two entity names look like one entity's, if they do.
pub fn same_entity(a: &str, b: &str) -> Option<&'static str> {
    let (ta, tb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if a == b {
        return Some("the same name");
    }
    let (short, long) = if ta.len() <= tb.len() {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    // `priya` / `priya s`: the longer adds only initials.
    if long.starts_with(short) && long[short.len()..].iter().all(|t| t.chars().count() == 1) {
        return Some("the same name with an initial");
    }
    // `jonathon` / `jonathan`: one letter apart, in a name long enough for that to be a typo.
    let shorter = a.chars().count().min(b.chars().count());
    if ta.len() == tb.len() && shorter >= 6 && one_edit_apart(a, b) {
        return Some("names one letter apart");
    }
    None
}

/// Whether one substitution, insertion, deletion or swap of neighbours turns `a` into `b`.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let suffix_eq = |x: &[char], y: &[char]| x == y;
    match (ra.len(), rb.len()) {
        (0, 0) => false,
        (n, m) if n == m => {
            suffix_eq(&ra[1..], &rb[1..])
                || (n >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && suffix_eq(&ra[2..], &rb[2..]))
        }
        (n, m) if n > m => suffix_eq(&ra[1..], rb),
        _ => suffix_eq(ra, &rb[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::normalize_name;

    fn same(a: &str, b: &str) -> bool {
        same_entity(&normalize_name(a), &normalize_name(b)).is_some()
    }

    #[test]
    fn initials_case_and_typos_make_one_entity() {
        assert!(same("Priya", "Priya S."));
        assert!(same("Priya S.", "priya"));
        assert!(same("Jonathon Reyes", "Jonathan Reyes"));
        assert!(same("Margaret", "Margeret"));
        assert!(same("Ada Lovelace", "Ada Lovleace"), "swapped neighbours");
    }

    #[test]
    fn different_people_and_short_names_are_not_one() {
        assert!(!same("Priya", "Priyanka"));
        assert!(!same("Ada Lovelace", "Ada Byron"));
        assert!(
            !same("Tom", "Tim"),
            "short names one letter apart are often different names"
        );
        assert!(!same("Atlas", "Atlas Team"));
        assert!(!same("Mark", "Marks"));
    }
}
