//! Deterministic, LLM-free extraction of what a memory mentions: entity names for `mentions` edges.
//!
//! [`extract_mentions`] reads four sources, in this order of precedence:
//!
//! 1. the writer's own entity names ([`MentionOrigin::Given`]);
//! 2. `[[Wiki Links]]` and `[[Target|alias]]` in the title and text ([`MentionOrigin::WikiLink`]);
//! 3. the memory's tags and `#tags` written in the text ([`MentionOrigin::Tag`]);
//! 4. proper names in English prose ([`MentionOrigin::ProperName`]): runs of capitalised words,
//!    with sentence-initial words, stopwords, days and months ruled out.
//!
//! Mentions are de-duplicated by [`mnemo_core::normalize_name`], so the same entity found twice
//! yields one `mentions` edge; the first display form and origin win. Everything is hand-written
//! linear scanning over static word lists: no regexes, no models, no per-call tables, so it can run
//! on every ingest.

mod names;
mod scan;
mod tags;
mod words;

use mnemo_core::{normalize_name, normalize_tag};

use crate::names::{ProperNames, is_title_case};
use crate::scan::wiki_link_at;
use crate::tags::for_each_inline_tag;

/// Where a mention was found; earlier variants take precedence when the same entity is found twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionOrigin {
    /// Named by the writer (`entities` of a new memory).
    Given,
    /// A `[[Wiki Link]]` in the title or text.
    WikiLink,
    /// One of the memory's tags, or an inline `#tag`.
    Tag,
    /// A proper name found in the prose.
    ProperName,
}

impl MentionOrigin {
    /// A stable, readable label: what a `mentions` edge's provenance says, e.g. `(wiki link)`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionOrigin::Given => "given",
            MentionOrigin::WikiLink => "wiki link",
            MentionOrigin::Tag => "tag",
            MentionOrigin::ProperName => "name",
        }
    }
}

/// An entity a memory mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Display form, as first seen (given names trimmed, tags normalised, whitespace collapsed).
    pub name: String,
    /// [`mnemo_core::normalize_name`] of the name: what entities are de-duplicated by.
    pub key: String,
    pub origin: MentionOrigin,
}

/// Entities a memory mentions, de-duplicated by key, in a stable order: given names first, then
/// wiki links, tags, proper names in order of appearance.
///
/// The title is read too unless it merely repeats the start of the text (the default title), in
/// which case reading it again would add nothing. A Title Case title ("Weekend Trip To Yosemite")
/// is read for wiki links but not for proper names: its capitals are typography. Inline tags are
/// read from the text only, matching [`inline_tags`], so tag mentions agree with the tags stored.
pub fn extract_mentions(
    title: &str,
    text: &str,
    given: &[String],
    tags: &[String],
) -> Vec<Mention> {
    let mut out = Mentions::default();
    for name in given {
        out.add(name.trim(), MentionOrigin::Given);
    }

    let title = distinct_title(title, text);
    for src in title.into_iter().chain([text]) {
        for_each_wiki_link(src, |target| out.add(target, MentionOrigin::WikiLink));
    }

    for tag in tags {
        out.add(&normalize_tag(tag), MentionOrigin::Tag);
    }
    for_each_inline_tag(text, |tag| out.add(&normalize_tag(tag), MentionOrigin::Tag));

    let mut names = ProperNames::default();
    if let Some(title) = title.filter(|t| !is_title_case(t)) {
        names.scan(title);
    }
    names.scan(text);
    for name in names.finish() {
        out.add_collapsed(name, MentionOrigin::ProperName);
    }
    out.0
}

/// `#tags` written inline in the text, normalised with [`mnemo_core::normalize_tag`] and
/// de-duplicated in order of appearance, for merging into a memory's tags.
///
/// A `#` starts a tag at the start of the text or after whitespace or punctuation, and the tag
/// runs over letters, digits, `-` and `_`. Not tags: pure numbers (`#1`, `#2024`), URL fragments
/// (`http://x/#a`), markdown headings (`# Title`, `## Title`), hex colours (`#ff0000`), `C#`,
/// HTML entities (`&#39;`), heading links (`[[Page#Heading]]`, `[text](#anchor)`).
pub fn inline_tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for_each_inline_tag(text, |tag| {
        let tag = normalize_tag(tag);
        if !out.contains(&tag) {
            out.push(tag);
        }
    });
    out
}

/// The title if it says something the text does not start with. The default title is the text's
/// first line, possibly cut short with `…`.
fn distinct_title<'a>(title: &'a str, text: &str) -> Option<&'a str> {
    let stem = title.trim().trim_end_matches('…').trim_end();
    (!stem.is_empty() && !text.trim_start().starts_with(stem)).then_some(title)
}

/// Calls `f` with each wiki link target in `src` (not embeds, not same-page `[[#Heading]]` links).
fn for_each_wiki_link<'a>(src: &'a str, mut f: impl FnMut(&'a str)) {
    let mut from = 0;
    while let Some(offset) = src[from..].find("[[") {
        let start = from + offset;
        match wiki_link_at(src, start) {
            Some(link) => {
                if !link.embed && !link.target.is_empty() {
                    f(link.target);
                }
                from = link.end;
            }
            None => from = start + 1,
        }
    }
}

/// Mentions in order, unique by key. Memories mention a handful of entities, so a linear search
/// beats hashing.
#[derive(Default)]
struct Mentions(Vec<Mention>);

impl Mentions {
    fn add(&mut self, name: &str, origin: MentionOrigin) {
        let key = normalize_name(name);
        if key.is_empty() || self.0.iter().any(|m| m.key == key) {
            return;
        }
        self.0.push(Mention {
            name: name.to_string(),
            key,
            origin,
        });
    }

    /// Adds a name read from prose, with any tab or double space inside it made a single space.
    fn add_collapsed(&mut self, name: &str, origin: MentionOrigin) {
        if name.contains(|c: char| c.is_whitespace() && c != ' ') || name.contains("  ") {
            self.add(
                &name.split_whitespace().collect::<Vec<_>>().join(" "),
                origin,
            );
        } else {
            self.add(name, origin);
        }
    }
}

#[cfg(test)]
mod tests;
