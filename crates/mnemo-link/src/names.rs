//! Proper names in English prose: runs of capitalised words, judged by sentence position and a stoplist.
//!
//! One pass per source reads words and the punctuation between them. Consecutive capitalised
//! words (with lower-case connectors like "of" between them) form a run; when the run is broken,
//! stopwords are trimmed off its ends and what remains is a name if it is at most
//! [`MAX_NAME_WORDS`] words. A lone capitalised word that opens a sentence is capitalised by
//! grammar, not because it is a name, so it only counts if the same word is also capitalised
//! somewhere mid-sentence; that is settled in [`ProperNames::finish`], once everything is read.

use crate::scan::{
    chunk_end, code_span_end, hashtag_at, is_contraction, is_link, strip_clitic, wiki_link_at,
    word_end,
};
use crate::words::{is_abbreviation, is_connector, is_stopword};

/// Longer runs are Title Case prose (headlines, shouting), not names.
const MAX_NAME_WORDS: usize = 5;
/// Words a run can hold; a longer run is dropped whatever trimming would leave.
const MAX_RUN_WORDS: usize = 16;
/// At most this many words before a line's `:` make a "Speaker:" label.
const MAX_LABEL_WORDS: usize = 3;
/// Connectors in a row inside a name ("Bank of the West").
const MAX_CONNECTORS_IN_A_ROW: usize = 2;
/// A Title Case title with this many capitalised words says nothing about which are names.
const TITLE_CASE_MIN_WORDS: usize = 3;

/// What a word contributes to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Capitalised, not a stopword.
    Name,
    /// All capitals, 2+ letters ("LGBTQ"): a name even at the start of a sentence.
    Acronym,
    /// Capitalised stopword or contraction: kept inside a run, trimmed off its ends.
    Stop,
    /// Lower-case "of", "van", "the"...: only between capitalised words.
    Connector,
}

/// A word of the current run, by byte offsets into the source (clitic excluded).
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    kind: Kind,
    /// It opened a sentence.
    initial: bool,
}

const NO_WORD: Word = Word {
    start: 0,
    end: 0,
    kind: Kind::Stop,
    initial: false,
};

/// How a word takes part in names, or `None` if it is not part of one (lower case, digits).
fn classify(word: &str) -> Option<Kind> {
    let first = word.chars().next()?;
    if word.chars().any(char::is_numeric) {
        return None;
    }
    if first.is_lowercase() {
        return is_connector(word).then_some(Kind::Connector);
    }
    if !first.is_uppercase() {
        return None;
    }
    if is_stopword(word) || is_contraction(word) {
        return Some(Kind::Stop);
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let all_caps = letters.clone().all(char::is_uppercase);
    if all_caps && letters.nth(1).is_some() {
        return Some(Kind::Acronym);
    }
    Some(Kind::Name)
}

/// Proper names gathered from one or more sources (title, then text), in order of appearance.
#[derive(Debug, Default)]
pub(crate) struct ProperNames<'a> {
    /// Each name found, and whether it is a lone sentence-initial word awaiting corroboration.
    found: Vec<(&'a str, bool)>,
    /// Capitalised words seen in a position that is not sentence-initial.
    mid_sentence: Vec<&'a str>,
}

impl<'a> ProperNames<'a> {
    /// Reads one source; its start is a sentence start.
    pub(crate) fn scan(&mut self, src: &'a str) {
        Scanner {
            src,
            names: self,
            run: [NO_WORD; MAX_RUN_WORDS],
            len: 0,
            overflow: false,
            sentence_start: true,
            joinable: false,
            label_end: 0,
            abbreviation_end: usize::MAX,
        }
        .scan();
    }

    /// The names, in order of appearance, keeping a lone sentence-initial word only if it also
    /// appears capitalised mid-sentence in any source. Display forms may repeat.
    pub(crate) fn finish(mut self) -> impl Iterator<Item = &'a str> {
        if self.found.iter().any(|&(_, pending)| pending) {
            self.mid_sentence.sort_unstable();
            self.mid_sentence.dedup();
        }
        let mid_sentence = self.mid_sentence;
        self.found
            .into_iter()
            .filter(move |&(name, pending)| !pending || mid_sentence.binary_search(&name).is_ok())
            .map(|(name, _)| name)
    }
}

/// The state of one pass over one source.
struct Scanner<'a, 'n> {
    src: &'a str,
    names: &'n mut ProperNames<'a>,
    run: [Word; MAX_RUN_WORDS],
    len: usize,
    /// The run outgrew `run`; it is dropped when flushed.
    overflow: bool,
    /// The next word opens a sentence.
    sentence_start: bool,
    /// Only spaces (or an abbreviation's point) since the last word, so the next word may extend
    /// the run.
    joinable: bool,
    /// Offset of the `:` ending this line's "Speaker:" label; words before it are the label.
    label_end: usize,
    /// Offset just past the last word if that word is an abbreviation ("Dr", "J"), else MAX.
    abbreviation_end: usize,
}

impl Scanner<'_, '_> {
    fn scan(mut self) {
        let src = self.src;
        let mut i = 0;
        let mut line_start = true;
        let mut chunk_start = true;
        while let Some(c) = src[i..].chars().next() {
            if line_start {
                line_start = false;
                if let Some(label) = speaker_label(src, i) {
                    if label.names {
                        self.label_end = label.colon;
                    } else {
                        // "Summary:", "Action items:": a heading, neither a name nor a sentence.
                        self.boundary();
                        i = label.colon + 1;
                        chunk_start = false;
                        continue;
                    }
                }
            }
            if chunk_start && !c.is_whitespace() {
                let end = chunk_end(src, i);
                if is_link(&src[i..end]) {
                    self.skip_span();
                    i = end;
                    chunk_start = false;
                    continue;
                }
            }
            chunk_start = c.is_whitespace();
            if c.is_alphanumeric() {
                let end = word_end(src, i);
                self.word(i, end);
                i = end;
                continue;
            }
            let next = i + c.len_utf8();
            let skip_to = match c {
                '[' => wiki_link_at(src, i).map(|link| link.end),
                '#' => hashtag_at(src, i).map(|(_, end)| end),
                '`' => code_span_end(src, i),
                _ => None,
            };
            if let Some(end) = skip_to {
                // Links, tags and code are handled elsewhere or are not prose: they end a run
                // and take a word's place in the sentence.
                self.skip_span();
                i = end;
                continue;
            }
            match c {
                '\n' => {
                    self.boundary();
                    line_start = true;
                }
                '\r' | '!' | '?' | '…' => self.boundary(),
                '.' if i == self.abbreviation_end => {}
                // "3.5", "example.com": a point inside a token ends nothing.
                '.' if src[next..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric) =>
                {
                    self.break_run()
                }
                '.' => self.boundary(),
                ':' if i == self.label_end => self.boundary(),
                c if c.is_whitespace() => {}
                _ => self.break_run(),
            }
            i = next;
        }
        self.flush();
    }

    fn word(&mut self, start: usize, end: usize) {
        let (core, clitic) = strip_clitic(&self.src[start..end]);
        let kind = classify(core);
        let initial = self.sentence_start && start >= self.label_end;
        self.sentence_start = false;
        match kind {
            None => self.flush(),
            Some(Kind::Connector) => {
                if self.joinable && self.takes_connector() {
                    self.push(Word {
                        start,
                        end: start + core.len(),
                        kind: Kind::Connector,
                        initial,
                    });
                } else {
                    self.flush();
                }
            }
            Some(kind) => {
                if !self.joinable {
                    self.flush();
                }
                self.push(Word {
                    start,
                    end: start + core.len(),
                    kind,
                    initial,
                });
                if kind == Kind::Name && !initial {
                    self.names.mid_sentence.push(core);
                }
            }
        }
        if clitic {
            // "Caroline's Mom": the possessive closes the name.
            self.flush();
        }
        self.joinable = true;
        self.abbreviation_end = if !clitic && is_abbreviation(core) {
            end
        } else {
            usize::MAX
        };
    }

    fn push(&mut self, word: Word) {
        if self.len == MAX_RUN_WORDS {
            self.overflow = true;
        } else {
            self.run[self.len] = word;
            self.len += 1;
        }
    }

    fn takes_connector(&self) -> bool {
        let run = &self.run[..self.len];
        let trailing = run
            .iter()
            .rev()
            .take_while(|w| w.kind == Kind::Connector)
            .count();
        trailing < run.len() && trailing < MAX_CONNECTORS_IN_A_ROW && !self.overflow
    }

    fn break_run(&mut self) {
        self.flush();
        self.joinable = false;
    }

    fn boundary(&mut self) {
        self.break_run();
        self.sentence_start = true;
    }

    fn skip_span(&mut self) {
        self.break_run();
        self.sentence_start = false;
    }

    /// Ends the current run: trims stopwords and connectors off its ends and records what is left.
    fn flush(&mut self) {
        let len = std::mem::take(&mut self.len);
        let overflow = std::mem::take(&mut self.overflow);
        let run = &self.run[..len];
        let keeps = |w: &Word| matches!(w.kind, Kind::Name | Kind::Acronym);
        let (Some(first), Some(last)) = (run.iter().position(keeps), run.iter().rposition(keeps))
        else {
            return;
        };
        let words = &run[first..=last];
        if overflow || words.len() > MAX_NAME_WORDS {
            return;
        }
        let name = &self.src[words[0].start..words[words.len() - 1].end];
        let pending = match words {
            // A lone letter is an initial or a grade, not a name.
            [_] if name.chars().nth(1).is_none() => return,
            [w] => w.kind == Kind::Name && w.initial,
            _ => false,
        };
        self.names.found.push((name, pending));
    }
}

/// A "Speaker:" label at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Label {
    /// Offset of the `:`.
    colon: usize,
    /// Its words are names (no stopwords, digits): "Caroline:", not "Summary:" or "Step 1:".
    names: bool,
}

/// Recognises 1–[`MAX_LABEL_WORDS`] capitalised words, after an optional list or quote marker,
/// followed by `:` and whitespace: dialogue transcripts name their speakers this way.
fn speaker_label(src: &str, line: usize) -> Option<Label> {
    let rest = &src[line..];
    let mut p = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if ["- ", "* ", "+ ", "> "]
        .iter()
        .any(|marker| rest[p..].starts_with(marker))
    {
        p += 2;
        p = rest.len() - rest[p..].trim_start_matches([' ', '\t']).len();
    }
    let mut names = true;
    for words in 1..=MAX_LABEL_WORDS {
        if !rest[p..].chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let end = word_end(rest, p);
        names &= matches!(classify(&rest[p..end]), Some(Kind::Name | Kind::Acronym));
        p = end;
        match rest[p..].chars().next() {
            Some(':') => {
                let after = rest[p + 1..].chars().next();
                return after.is_none_or(char::is_whitespace).then_some(Label {
                    colon: line + p,
                    names,
                });
            }
            Some(' ') if words < MAX_LABEL_WORDS => p += 1,
            _ => return None,
        }
    }
    None
}

/// Whether a title is in Title Case ("Weekend Trip To Yosemite"): every word capitalised but
/// minor ones, at least [`TITLE_CASE_MIN_WORDS`] capitalised, and no sentence punctuation. Such
/// capitalisation is typographic, so the title is not read for names.
pub(crate) fn is_title_case(title: &str) -> bool {
    if title.contains(['.', '!', '?']) {
        return false;
    }
    let mut capitalised = 0;
    let mut i = 0;
    while let Some(c) = title[i..].chars().next() {
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let end = word_end(title, i);
        let (word, _) = strip_clitic(&title[i..end]);
        i = end;
        if word.chars().any(char::is_numeric) {
            continue;
        }
        if c.is_uppercase() {
            capitalised += 1;
        } else if c.is_lowercase() && !is_connector(word) && !is_stopword(word) {
            return false;
        }
    }
    capitalised >= TITLE_CASE_MIN_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        let mut n = ProperNames::default();
        n.scan(text);
        n.finish().collect()
    }

    #[test]
    fn classifies_words() {
        assert_eq!(classify("Caroline"), Some(Kind::Name));
        assert_eq!(classify("LGBTQ"), Some(Kind::Acronym));
        assert_eq!(classify("The"), Some(Kind::Stop));
        assert_eq!(classify("Don't"), Some(Kind::Stop));
        assert_eq!(classify("of"), Some(Kind::Connector));
        assert_eq!(
            classify("De"),
            Some(Kind::Name),
            "capitalised particles start names: De Niro"
        );
        assert_eq!(classify("R2D2"), None);
        assert_eq!(classify("went"), None);
        assert_eq!(classify("J"), Some(Kind::Name));
    }

    #[test]
    fn runs_join_on_spaces_only() {
        assert_eq!(
            names("we saw Yosemite National Park, Caroline and Mel"),
            ["Yosemite National Park", "Caroline", "Mel"]
        );
        assert_eq!(
            names("met Caroline\tSmith"),
            ["Caroline\tSmith"],
            "display is the source slice"
        );
        assert_eq!(names("met Caroline - Smith"), ["Caroline", "Smith"]);
    }

    #[test]
    fn speaker_labels() {
        assert_eq!(
            speaker_label("Caroline: hi", 0).map(|l| (l.colon, l.names)),
            Some((8, true))
        );
        assert_eq!(
            speaker_label("- Mel Smith: hi", 0).map(|l| (l.colon, l.names)),
            Some((11, true))
        );
        assert_eq!(speaker_label("Summary: x", 0).map(|l| l.names), Some(false));
        assert_eq!(
            speaker_label("Step 1: x", 0),
            None,
            "labels are capitalised words"
        );
        assert!(speaker_label("At 12:30 we", 0).is_none());
        assert!(speaker_label("Note:x", 0).is_none());
        assert!(speaker_label("One Two Three Four: x", 0).is_none());
        assert!(speaker_label("caroline: hi", 0).is_none());
    }

    #[test]
    fn title_case_detection() {
        assert!(is_title_case("Weekend Trip To Yosemite"));
        assert!(is_title_case("Dinner with Caroline and Mel"));
        assert!(is_title_case("Q3 Planning Notes Review"));
        assert!(
            !is_title_case("Lunch with Mel"),
            "two capitalised words may be a sentence"
        );
        assert!(!is_title_case("Met with Project Atlas team"));
        assert!(!is_title_case("Caroline: Hey Mel! Good To See You"));
    }
}
