//! Low-level scanning shared by the extractors: words, clitics, whitespace chunks, links and markup.
//!
//! Everything here looks at a bounded stretch of text from a given offset, so the scanners that
//! call it stay linear in the length of the memory.

/// Longest `[[...]]` body looked at; bounds the search for `]]` so a stray `[[` costs O(1).
const MAX_WIKI_LINK_BYTES: usize = 512;

/// Where the word starting at `start` ends: letters and digits, joined by single inner apostrophes
/// or hyphens ("Jean-Luc", "O'Brien", "Caroline's"), so edge punctuation is never part of a word.
pub(crate) fn word_end(src: &str, start: usize) -> usize {
    let mut end = start;
    let mut joined = false;
    for (offset, c) in src[start..].char_indices() {
        let at = start + offset;
        if c.is_alphanumeric() {
            end = at + c.len_utf8();
            joined = false;
        } else if !joined && at == end && end > start && matches!(c, '\'' | '’' | '-') {
            joined = true;
        } else {
            break;
        }
    }
    end
}

/// Splits an English clitic off a word: "Caroline's" → ("Caroline", true), "I'm" → ("I", true).
/// A possessive or contraction ends a name, so callers also learn whether one was there.
pub(crate) fn strip_clitic(word: &str) -> (&str, bool) {
    for apostrophe in ['\'', '’'] {
        if let Some(at) = word.rfind(apostrophe)
            && at > 0
            && matches!(
                &word[at + apostrophe.len_utf8()..],
                "s" | "S" | "m" | "re" | "ve" | "ll" | "d"
            )
        {
            return (&word[..at], true);
        }
    }
    (word, false)
}

/// Whether a word is a contraction whose clitic `strip_clitic` does not take ("Don't", "Ma'am"):
/// an apostrophe followed by lower case only. "O'Brien" is not.
pub(crate) fn is_contraction(word: &str) -> bool {
    word.rfind(['\'', '’']).is_some_and(|at| {
        let tail = word[at..].trim_start_matches(['\'', '’']);
        !tail.is_empty() && tail.chars().all(char::is_lowercase)
    })
}

/// The end of the whitespace-delimited chunk starting at `start`.
pub(crate) fn chunk_end(src: &str, start: usize) -> usize {
    src[start..]
        .find(char::is_whitespace)
        .map_or(src.len(), |offset| start + offset)
}

/// Whether a whitespace-delimited chunk is a URL, an e-mail address or a handle: their words and
/// `#fragment`s are not names or tags.
pub(crate) fn is_link(chunk: &str) -> bool {
    let bare = chunk.trim_start_matches(|c: char| !c.is_alphanumeric());
    chunk.contains("://")
        || chunk.contains('@')
        || bare
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("www."))
}

/// A `[[Target|alias]]` wiki link found by [`wiki_link_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WikiLink<'a> {
    /// Offset just past the closing `]]`.
    pub end: usize,
    /// The linked page: before any `|alias` and `#heading`, trimmed; may be empty (`[[#Heading]]`).
    pub target: &'a str,
    /// `![[...]]`: an embedded file, not a mention.
    pub embed: bool,
}

/// Parses the wiki link whose `[[` is at `start`; it must close on the same line, without nesting.
pub(crate) fn wiki_link_at(src: &str, start: usize) -> Option<WikiLink<'_>> {
    if !src[start..].starts_with("[[") {
        return None;
    }
    let inner_start = start + 2;
    let rest = &src.as_bytes()[inner_start..];
    let window = &rest[..rest.len().min(MAX_WIKI_LINK_BYTES)];
    // The body holds no bracket or line break, so the first of those must be the closing `]]`;
    // stopping there keeps a run of stray `[[` linear. They are ASCII, so the offset is a char
    // boundary.
    let close = window
        .iter()
        .position(|b| matches!(b, b'[' | b']' | b'\n' | b'\r'))?;
    if !window[close..].starts_with(b"]]") {
        return None;
    }
    let inner = &src[inner_start..inner_start + close];
    let target = inner.split('|').next().unwrap_or_default();
    let target = target.split('#').next().unwrap_or_default().trim();
    Some(WikiLink {
        end: inner_start + close + 2,
        target,
        embed: src[..start].ends_with('!'),
    })
}

/// The body of the `#tag` whose `#` is at `hash`, as (start, end) offsets: letters, digits, `-`
/// and `_` after a `#` that begins a word. Callers judge the body (numbers, colours) themselves.
pub(crate) fn hashtag_at(src: &str, hash: usize) -> Option<(usize, usize)> {
    let before = &src[..hash];
    if let Some(prev) = before.chars().next_back() {
        if !may_precede_tag(prev) {
            return None;
        }
        // `[text](#anchor)` is a markdown link to a heading, not a tag.
        if prev == '(' && before[..before.len() - 1].ends_with(']') {
            return None;
        }
    }
    let body_start = hash + 1;
    let body = &src[body_start..];
    if !body.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let len = body
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(body.len());
    let body = body[..len].trim_end_matches(['-', '_']);
    Some((body_start, body_start + body.len()))
}

/// Whitespace or punctuation that can stand before a tag's `#`; the excluded characters put a `#`
/// inside URLs (`/#a`, `?x=#`), HTML entities (`&#39;`), code (`` `#include` ``) or identifiers.
fn may_precede_tag(c: char) -> bool {
    c.is_whitespace()
        || !(c.is_alphanumeric()
            || matches!(
                c,
                '/' | '#' | '&' | '=' | '@' | '\\' | '_' | '-' | '+' | '%' | '$' | '^' | '`' | '~'
            ))
}

/// The end of the inline code span whose opening backtick is at `tick`, if it closes on the line.
pub(crate) fn code_span_end(src: &str, tick: usize) -> Option<usize> {
    let rest = &src[tick + 1..];
    let close = rest.find(['`', '\n'])?;
    (rest[close..].starts_with('`')).then_some(tick + 1 + close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_at(src: &str, start: usize) -> &str {
        &src[start..word_end(src, start)]
    }

    #[test]
    fn words_keep_inner_joiners_and_drop_edge_punctuation() {
        assert_eq!(word_at("Jean-Luc said", 0), "Jean-Luc");
        assert_eq!(word_at("O'Brien's car", 0), "O'Brien's");
        assert_eq!(word_at("Melanie’s dog", 0), "Melanie’s");
        assert_eq!(word_at("James' book", 0), "James");
        assert_eq!(word_at("well-- no", 0), "well");
        assert_eq!(word_at("Émile, hi", 0), "Émile");
    }

    #[test]
    fn clitics_and_contractions() {
        assert_eq!(strip_clitic("Caroline's"), ("Caroline", true));
        assert_eq!(strip_clitic("Melanie’s"), ("Melanie", true));
        assert_eq!(strip_clitic("I'm"), ("I", true));
        assert_eq!(strip_clitic("Let's"), ("Let", true));
        assert_eq!(strip_clitic("O'Brien"), ("O'Brien", false));
        assert_eq!(strip_clitic("Paris"), ("Paris", false));
        assert!(is_contraction("Don't"));
        assert!(is_contraction("Ma'am"));
        assert!(!is_contraction("O'Brien"));
        assert!(!is_contraction("Caroline"));
    }

    #[test]
    fn links_are_recognised_by_chunk() {
        assert!(is_link("https://example.com/#a"));
        assert!(is_link("(www.Example.com)"));
        assert!(is_link("caroline@example.com"));
        assert!(is_link("@Caroline"));
        assert!(!is_link("Caroline,"));
        assert_eq!(chunk_end("abc def", 0), 3);
        assert_eq!(chunk_end("abc", 1), 3);
    }

    #[test]
    fn wiki_links_parse_target_alias_heading_and_embeds() {
        let l = wiki_link_at("see [[Project Atlas]] now", 4).unwrap();
        assert_eq!((l.target, l.end, l.embed), ("Project Atlas", 21, false));
        assert_eq!(
            wiki_link_at("[[ Target |alias]]", 0).unwrap().target,
            "Target"
        );
        assert_eq!(
            wiki_link_at("[[Page#Heading|x]]", 0).unwrap().target,
            "Page"
        );
        assert_eq!(wiki_link_at("[[#Heading]]", 0).unwrap().target, "");
        assert!(wiki_link_at("![[photo.png]]", 1).unwrap().embed);
        assert_eq!(wiki_link_at("[[never closed", 0), None);
        assert_eq!(wiki_link_at("[[split\nline]]", 0), None);
        assert_eq!(wiki_link_at("[[a [[b]]", 0), None);
        let long = format!("[[{}]]", "x".repeat(MAX_WIKI_LINK_BYTES + 1));
        assert_eq!(wiki_link_at(&long, 0), None);
    }

    #[test]
    fn hashtag_bodies_and_what_may_precede_them() {
        fn body(s: &str, at: usize) -> Option<&str> {
            hashtag_at(s, at).map(|(a, b)| &s[a..b])
        }
        assert_eq!(body("#planning", 0), Some("planning"));
        assert_eq!(body("go #q3-roadmap.", 3), Some("q3-roadmap"));
        assert_eq!(body("(#tag)", 1), Some("tag"));
        assert_eq!(body("#trail-", 0), Some("trail"));
        assert_eq!(body("C#", 1), None);
        assert_eq!(body("x/#a", 2), None);
        assert_eq!(body("&#39;", 1), None);
        assert_eq!(body("# Title", 0), None);
        assert_eq!(body("[see](#anchor)", 7), None);
    }

    #[test]
    fn code_spans_close_on_their_line() {
        assert_eq!(code_span_end("`HashMap` x", 0), Some(9));
        assert_eq!(code_span_end("`open\n`", 0), None);
        assert_eq!(code_span_end("`", 0), None);
    }
}
