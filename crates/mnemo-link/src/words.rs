//! The fixed vocabulary the scanners judge words by: stopwords, name connectors and abbreviations.
//!
//! Every list is a static slice sorted by bytes and searched by binary search, so a lookup costs a
//! handful of comparisons and nothing is built per call.

/// Capitalised-but-not-an-entity words, lower case: pronouns, determiners, sentence starters and
/// interjections, prepositions and auxiliaries (for Title Case and shouting), days and months,
/// honorifics and note labels ("Summary:", "TODO:"). Single occurrences are never names, and they
/// are trimmed off the ends of multiword names.
// Compact rows: rustfmt would put each word on its own line.
#[rustfmt::skip]
static STOPWORDS: &[&str] = &[
    "a", "about", "above", "absolutely", "action", "actually", "after", "afternoon", "again",
    "against", "ago", "agreed", "ah", "all", "along", "already", "alright", "also", "although",
    "always", "am", "amazing", "among", "an", "and", "another", "answer", "any", "anybody",
    "anyone", "anything", "anyway", "anyways", "apparently", "april", "are", "around", "as", "asap",
    "assistant", "at", "aug", "august", "aw", "awesome", "aww", "basically", "be", "because",
    "been", "before", "behind", "being", "below", "beneath", "beside", "besides", "between",
    "beyond", "both", "brb", "btw", "but", "by", "bye", "can", "certainly", "cheers", "congrats",
    "congratulations", "context", "cool", "could", "dear", "dec", "december", "decision",
    "definitely", "despite", "did", "do", "does", "done", "down", "dr", "during", "each", "either",
    "especially", "eta", "even", "evening", "every", "everybody", "everyone", "everything",
    "exactly", "excellent", "except", "fact", "fantastic", "feb", "february", "few", "finally",
    "fine", "for", "fortunately", "friday", "from", "furthermore", "fwiw", "fyi", "glad", "goal",
    "good", "goodbye", "great", "had", "haha", "hahaha", "has", "have", "having", "he", "hello",
    "hence", "her", "here", "hers", "herself", "hey", "hi", "him", "himself", "his", "hmm",
    "honestly", "hopefully", "how", "however", "i", "idea", "idk", "if", "imho", "imo", "important",
    "in", "indeed", "inside", "instead", "into", "is", "it", "its", "itself", "january", "jr",
    "july", "june", "just", "last", "lately", "later", "let", "like", "literally", "lmao", "lol",
    "lovely", "luckily", "madam", "many", "march", "may", "maybe", "me", "meanwhile", "might",
    "mine", "monday", "more", "moreover", "morning", "most", "mr", "mrs", "ms", "much", "must",
    "mx", "my", "myself", "nah", "nb", "near", "neither", "never", "next", "nice", "night", "no",
    "nobody", "none", "nope", "nor", "not", "note", "notes", "nothing", "nov", "november", "now",
    "obviously", "oct", "october", "of", "off", "often", "oh", "ohh", "ok", "okay", "omg", "on",
    "once", "only", "onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out",
    "outside", "over", "overall", "perfect", "perhaps", "personally", "please", "pm", "probably",
    "prof", "ps", "question", "re", "really", "recently", "regards", "reminder", "result", "rev",
    "right", "rofl", "sadly", "same", "saturday", "sept", "september", "seriously", "several",
    "shall", "she", "should", "since", "sir", "so", "some", "somebody", "someone", "something",
    "sometimes", "soon", "sorry", "sounds", "sr", "status", "still", "subject", "such", "summary",
    "sunday", "sure", "system", "tbh", "thank", "thanks", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "therefore", "these", "they", "this", "those", "though",
    "through", "throughout", "thurs", "thursday", "thus", "till", "tip", "tl", "tldr", "to",
    "today", "todo", "tomorrow", "tonight", "too", "topic", "totally", "toward", "towards", "true",
    "tues", "tuesday", "twice", "ugh", "uh", "um", "under", "unfortunately", "unless", "until",
    "up", "update", "upon", "us", "user", "usually", "very", "via", "warning", "was", "we",
    "wednesday", "weekend", "welcome", "well", "were", "what", "whatever", "when", "whenever",
    "where", "wherever", "whether", "which", "while", "who", "whoa", "whoever", "whom", "whose",
    "why", "with", "within", "without", "wonderful", "would", "wow", "yay", "yeah", "yep", "yes",
    "yesterday", "yet", "you", "your", "yours", "yourself", "yourselves", "yup",
];

/// All-caps forms of stopwords that are usually acronyms ("the US", "the IT team").
static ACRONYMS_NOT_STOPWORDS: &[&str] = &["IT", "US"];

/// Lower-case particles that join capitalised words into one name ("Bank of America",
/// "Ludwig van Beethoven", "Winnie the Pooh"), but only between capitalised words.
static CONNECTORS: &[&str] = &[
    "da", "de", "del", "della", "der", "des", "di", "du", "la", "le", "of", "the", "van", "von",
];

/// Words whose following `.` abbreviates rather than ends a sentence ("Dr. Smith", "St. Louis").
static ABBREVIATIONS: &[&str] = &[
    "dr", "jr", "mr", "mrs", "ms", "mt", "mx", "prof", "rev", "sr", "st", "vs",
];

/// Whether `word` (any case) is a stopword; all-caps words are judged as written, so "US" stays.
pub(crate) fn is_stopword(word: &str) -> bool {
    contains_ignoring_ascii_case(STOPWORDS, word) && !ACRONYMS_NOT_STOPWORDS.contains(&word)
}

/// Whether `word` (exactly as written, lower case) joins capitalised words into one name.
pub(crate) fn is_connector(word: &str) -> bool {
    CONNECTORS.binary_search(&word).is_ok()
}

/// Whether a `.` right after `word` is an abbreviation's point: single letters (initials, "e.g.")
/// and honorifics. Not numbers: in "I have 2. Bought more" the point ends a sentence.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    (chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none())
        || contains_ignoring_ascii_case(ABBREVIATIONS, word)
}

fn contains_ignoring_ascii_case(sorted: &[&str], word: &str) -> bool {
    sorted
        .binary_search_by(|probe| {
            probe
                .bytes()
                .cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sorted_lowercase(list: &[&str]) {
        for pair in list.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{:?} must sort before {:?} (binary search)",
                pair[0],
                pair[1]
            );
        }
        for w in list {
            assert_eq!(*w, w.to_ascii_lowercase(), "lists hold lower-case words");
        }
    }

    #[test]
    fn lists_are_sorted_unique_and_lowercase() {
        assert_sorted_lowercase(STOPWORDS);
        assert_sorted_lowercase(CONNECTORS);
        assert_sorted_lowercase(ABBREVIATIONS);
    }

    #[test]
    fn lookups_ignore_case_where_they_should() {
        assert!(is_stopword("The"));
        assert!(is_stopword("THE"));
        assert!(is_stopword("saturday"));
        assert!(is_stopword("OK"));
        assert!(!is_stopword("Caroline"));
        assert!(!is_stopword("US"), "all-caps US is the country");
        assert!(is_stopword("Us"));
        assert!(is_connector("of"));
        assert!(
            !is_connector("Of"),
            "capitalised connectors are judged as words"
        );
        assert!(is_abbreviation("Dr"));
        assert!(is_abbreviation("J"));
        assert!(!is_abbreviation("Jo"));
        assert!(!is_abbreviation(""));
        assert!(!is_abbreviation("2"));
    }
}
