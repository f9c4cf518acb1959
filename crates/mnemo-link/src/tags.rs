//! Inline `#tags` in a memory's text: found in one pass, skipping URLs, headings, numbers and colours.

use crate::scan::{chunk_end, hashtag_at, is_link, wiki_link_at};

/// Calls `f` with the body of each inline tag in `text`, in order of appearance (not normalised,
/// not de-duplicated).
pub(crate) fn for_each_inline_tag<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    // Most memories have no `#` at all; `contains` is a fast byte search.
    if !text.contains('#') {
        return;
    }
    let mut i = 0;
    let mut chunk_start = true;
    // Whether the current whitespace-delimited chunk is a URL; found lazily at its first `#`, so
    // text without tags never pays for the look-ahead.
    let mut chunk_is_link: Option<bool> = None;
    let mut chunk_from = 0;
    while let Some(c) = text[i..].chars().next() {
        if c.is_whitespace() {
            chunk_start = true;
            i += c.len_utf8();
            continue;
        }
        if chunk_start {
            chunk_start = false;
            chunk_is_link = None;
            chunk_from = i;
        }
        if c == '['
            && let Some(link) = wiki_link_at(text, i)
        {
            // `[[#Heading]]` and `[[Page#Heading]]` are link targets, not tags.
            i = link.end;
            continue;
        }
        if c == '#'
            && let Some((start, end)) = hashtag_at(text, i)
        {
            let in_link = *chunk_is_link
                .get_or_insert_with(|| is_link(&text[chunk_from..chunk_end(text, chunk_from)]));
            let body = &text[start..end];
            if !in_link && body.chars().any(char::is_alphabetic) && !is_hex_colour(body) {
                f(body);
            }
            i = end.max(i + 1);
            continue;
        }
        i += c.len_utf8();
    }
}

/// `#ff0000`, `#0af`, `#a1b2c3d4`: hex colours in notes about design or CSS are not topics. A
/// colour needs a digit, so words that happen to be hex (`#cafe`, `#add`) stay tags.
fn is_hex_colour(body: &str) -> bool {
    matches!(body.len(), 3 | 6 | 8)
        && body.bytes().all(|b| b.is_ascii_hexdigit())
        && body.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_inline_tag(text, |t| out.push(t));
        out
    }

    #[test]
    fn finds_tags_at_start_after_space_and_after_punctuation() {
        assert_eq!(
            tags("#start middle #mid, (#paren) \"#quoted\" end.#dot"),
            ["start", "mid", "paren", "quoted", "dot"]
        );
        assert_eq!(
            tags("Met team; #planning #q3-roadmap"),
            ["planning", "q3-roadmap"]
        );
        assert_eq!(tags("#snake_case and #Café"), ["snake_case", "Café"]);
    }

    #[test]
    fn skips_urls_numbers_headings_colours_and_code() {
        assert!(tags("see http://x/#a and https://example.com/page#section").is_empty());
        assert!(tags("www.example.com/#frag, (https://x.org/a,#b)").is_empty());
        assert!(tags("issue #1 and #2024 and #1-2").is_empty());
        assert!(tags("# Title\n## Sub heading\n### #").is_empty());
        assert!(tags("colour #ff0000 or #0af").is_empty());
        assert!(tags("C# and F#, &#39; `#include`").is_empty());
        assert!(tags("[[Page#Heading]] [[#Heading]] [link](#anchor)").is_empty());
        assert_eq!(tags("#cafe #add"), ["cafe", "add"]);
    }

    #[test]
    fn a_url_chunk_does_not_hide_later_tags() {
        assert_eq!(tags("https://x.com/#a #real"), ["real"]);
    }
}
