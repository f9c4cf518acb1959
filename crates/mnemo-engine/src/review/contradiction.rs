//! Possible contradictions between two statements, decided from their words alone: close texts
//! that differ in a number, a date, a negation or a named value. No model; a person decides.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Why two texts may contradict each other, with the words that differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct Difference {
    /// `number`, `date`, `negation` or `named value`.
    pub kind: String,
    /// Words only the first text has, and only the second (to highlight).
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
    /// One sentence for the person deciding.
    pub reason: String,
}

/// At most this many words may differ on each side: beyond that the texts say different things.
const MAX_DIFFERENT: usize = 3;
/// The share of words the texts must have in common.
const MIN_OVERLAP: f32 = 0.5;

const NEGATIONS: &[&str] = &[
    "not", "never", "no", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't",
    "won't", "can't", "cannot", "nobody", "none",
];
/// A word as written and as compared.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    key: String,
    /// Capitalised and not the first word: a name.
    named: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for (i, raw) in text.split_whitespace().enumerate() {
        let t = raw.trim_matches(|c: char| {
            !(c.is_alphanumeric() || c == '\'' || c == '.' || c == ':' || c == '-' || c == '/')
        });
        let t = t.trim_end_matches(['.', ':']);
        if t.is_empty() {
            continue;
        }
        let named = i > 0 && t.chars().next().is_some_and(char::is_uppercase);
        out.push(Word {
            text: t.to_string(),
            key: t.to_lowercase(),
            named,
        });
    }
    out
}

fn is_number(key: &str) -> bool {
    key.chars().any(|c| c.is_ascii_digit())
}

fn is_date(key: &str) -> bool {
    mnemo_retrieval::is_calendar_word(key)
}

/// How two texts differ, if they look like two versions of one statement that disagree.
pub fn compare(a: &str, b: &str) -> Option<Difference> {
    let (wa, wb) = (words(a), words(b));
    let ka: HashSet<&str> = wa.iter().map(|w| w.key.as_str()).collect();
    let kb: HashSet<&str> = wb.iter().map(|w| w.key.as_str()).collect();
    let common = ka.intersection(&kb).count();
    let union = ka.union(&kb).count().max(1);
    if (common as f32) / (union as f32) < MIN_OVERLAP {
        return None;
    }
    let only = |w: &[Word], other: &HashSet<&str>| -> Vec<Word> {
        let mut seen = HashSet::new();
        (w.iter())
            .filter(|x| !other.contains(x.key.as_str()) && seen.insert(x.key.clone()))
            .cloned()
            .collect()
    };
    let (oa, ob) = (only(&wa, &kb), only(&wb, &ka));
    if oa.len() > MAX_DIFFERENT || ob.len() > MAX_DIFFERENT || (oa.is_empty() && ob.is_empty()) {
        return None;
    }
    classify(&oa, &ob)
}

fn classify(oa: &[Word], ob: &[Word]) -> Option<Difference> {
    let texts = |w: &[Word]| w.iter().map(|x| x.text.clone()).collect::<Vec<_>>();
    let (ta, tb) = (texts(oa), texts(ob));
    let any = |w: &[Word], f: &dyn Fn(&Word) -> bool| w.iter().any(f);
    let negated = |w: &[Word]| {
        any(w, &|x| {
            NEGATIONS.contains(&x.key.as_str()) || x.key.ends_with("n't")
        })
    };
    let (kind, reason) = if negated(oa) != negated(ob) {
        let (yes, no) = if negated(oa) {
            ("second", "first")
        } else {
            ("first", "second")
        };
        (
            "negation",
            format!("the {no} text negates what the {yes} says"),
        )
    } else if any(oa, &|x| is_number(&x.key)) && any(ob, &|x| is_number(&x.key)) {
        (
            "number",
            format!(
                "different numbers: {} vs {}",
                pick(oa, is_number),
                pick(ob, is_number)
            ),
        )
    } else if any(oa, &|x| is_date(&x.key)) && any(ob, &|x| is_date(&x.key)) {
        (
            "date",
            format!(
                "different dates: {} vs {}",
                pick(oa, is_date),
                pick(ob, is_date)
            ),
        )
    } else if any(oa, &|x| x.named) && any(ob, &|x| x.named) {
        let first = |w: &[Word]| {
            w.iter()
                .find(|x| x.named)
                .map(|x| x.text.clone())
                .unwrap_or_default()
        };
        (
            "named value",
            format!("different names: {} vs {}", first(oa), first(ob)),
        )
    } else {
        return None;
    };
    Some(Difference {
        kind: kind.to_string(),
        only_a: ta,
        only_b: tb,
        reason,
    })
}

fn pick(w: &[Word], f: fn(&str) -> bool) -> String {
    w.iter()
        .find(|x| f(&x.key))
        .map(|x| x.text.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(a: &str, b: &str) -> Option<String> {
        compare(a, b).map(|d| d.kind)
    }

    #[test]
    fn close_statements_that_disagree_are_flagged_with_the_words() {
        let d = compare(
            "The Atlas launch is on May 3",
            "The Atlas launch is on May 17",
        )
        .unwrap();
        assert_eq!(
            (d.kind.as_str(), d.only_a.clone(), d.only_b.clone()),
            ("number", vec!["3".into()], vec!["17".into()])
        );
        assert!(d.reason.contains("3 vs 17"), "{}", d.reason);
        assert_eq!(
            kind("The team meets on Tuesday", "The team meets on Thursday").as_deref(),
            Some("date")
        );
        assert_eq!(
            kind("Priya is allergic to nuts", "Priya is not allergic to nuts").as_deref(),
            Some("negation")
        );
        assert_eq!(
            kind("Ada lives in Paris", "Ada lives in Lyon").as_deref(),
            Some("named value")
        );
        assert_eq!(
            kind("The budget is $40k", "The budget is $55k").as_deref(),
            Some("number")
        );
    }

    #[test]
    fn statements_that_agree_or_say_different_things_are_not_flagged() {
        // The same statement, reworded or repeated.
        assert_eq!(
            kind("The launch is on May 3", "The launch is on May 3."),
            None
        );
        assert_eq!(
            kind("Priya leads the migration", "Priya now leads the migration"),
            None
        );
        // Different subjects altogether.
        assert_eq!(
            kind(
                "The launch is on May 3",
                "Lina owns the backups and the restore drills"
            ),
            None
        );
        // A different word that is no number, date, negation or name.
        assert_eq!(
            kind("Priya prefers green tea", "Priya prefers black tea"),
            None
        );
        // Too much differs to be two versions of one statement.
        assert_eq!(
            kind(
                "In 2021 Ada moved to Paris with Tom",
                "In 2023 Ada left Lyon for Rome"
            ),
            None
        );
    }
}
