//! Tests of the public API: each extraction rule, the examples it was specified with, and dedup.

use super::*;

fn mentions(
    title: &str,
    text: &str,
    given: &[&str],
    tags: &[&str],
) -> Vec<(String, MentionOrigin)> {
    let given: Vec<String> = given.iter().map(|s| s.to_string()).collect();
    let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
    extract_mentions(title, text, &given, &tags)
        .into_iter()
        .map(|m| (m.name, m.origin))
        .collect()
}

/// Proper names found in `text` alone (no title, given names or tags).
fn names(text: &str) -> Vec<String> {
    extract_mentions("", text, &[], &[])
        .into_iter()
        .filter(|m| m.origin == MentionOrigin::ProperName)
        .map(|m| m.name)
        .collect()
}

fn owned(names: &[(&str, MentionOrigin)]) -> Vec<(String, MentionOrigin)> {
    names.iter().map(|&(n, o)| (n.to_string(), o)).collect()
}

use MentionOrigin::{Given, ProperName, Tag, WikiLink};

#[test]
fn locomo_dialogue_examples() {
    assert_eq!(
        names("Caroline: Hey Mel! Good to see you! How have you been?"),
        ["Caroline", "Mel"]
    );
    assert_eq!(
        names("Melanie: I went to a LGBTQ support group yesterday and it was so powerful."),
        ["Melanie", "LGBTQ"]
    );
    assert_eq!(
        names("We went camping at Yosemite National Park with the Smith family last June"),
        ["Yosemite National Park", "Smith"]
    );
}

#[test]
fn wiki_link_and_inline_tags_example() {
    assert_eq!(
        mentions(
            "",
            "Met with [[Project Atlas]] team; #planning #q3-roadmap",
            &[],
            &[]
        ),
        owned(&[
            ("Project Atlas", WikiLink),
            ("planning", Tag),
            ("q3-roadmap", Tag)
        ])
    );
}

#[test]
fn keys_are_normalized_names() {
    let m = extract_mentions("", "We met  Dr. Ada  Lovelace's cat.", &[], &[]);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].name, "Ada Lovelace");
    assert_eq!(m[0].key, "ada lovelace");
    assert_eq!(m[0].key, normalize_name(&m[0].name));
}

#[test]
fn given_names_are_trimmed_and_empty_ones_skipped() {
    assert_eq!(
        mentions(
            "",
            "nothing capitalised here",
            &["  Caroline Smith ", "", "!!!", "mel"],
            &[]
        ),
        owned(&[("Caroline Smith", Given), ("mel", Given)])
    );
}

#[test]
fn wiki_links_use_the_target_not_the_alias() {
    assert_eq!(
        mentions(
            "",
            "see [[Atlas Project|the project]] and [[Notes/2024#Q3|Q3 notes]]",
            &[],
            &[]
        ),
        owned(&[("Atlas Project", WikiLink), ("Notes/2024", WikiLink)])
    );
    // The alias is display text: not scanned for names either.
    assert_eq!(
        names("see [[atlas|Project Atlas]] today"),
        Vec::<String>::new()
    );
}

#[test]
fn wiki_links_skip_embeds_heading_links_and_broken_syntax() {
    assert_eq!(
        names("![[Photo Album.png]] [[#Heading]] [[]] [[ | x]]"),
        Vec::<String>::new()
    );
    assert_eq!(
        mentions("", "[[Open\nLink]] and [[Never closed", &[], &[]).len(),
        0
    );
    assert_eq!(
        mentions("", "[[a]] [[b]] [[a]] [[[c]]]", &[], &[]),
        owned(&[("a", WikiLink), ("b", WikiLink), ("c", WikiLink)])
    );
}

#[test]
fn wiki_links_in_a_distinct_title_come_first() {
    assert_eq!(
        mentions("About [[Atlas]]", "Notes on [[Boreas]].", &[], &[]),
        owned(&[("Atlas", WikiLink), ("Boreas", WikiLink)])
    );
}

#[test]
fn memory_tags_are_normalized_and_precede_inline_tags() {
    assert_eq!(
        mentions(
            "",
            "tagged #Inline and #stored",
            &[],
            &["#Stored", "Support Group", "  "]
        ),
        owned(&[("stored", Tag), ("support-group", Tag), ("inline", Tag)])
    );
}

#[test]
fn inline_tags_are_normalised_and_unique() {
    assert_eq!(
        inline_tags("#Planning then #planning and #Q3-Roadmap."),
        ["planning", "q3-roadmap"]
    );
    assert_eq!(
        inline_tags("#start of text, after (#paren) and \"#quote\""),
        ["start", "paren", "quote"]
    );
    assert_eq!(inline_tags(""), Vec::<String>::new());
}

#[test]
fn inline_tags_skip_urls_numbers_and_headings() {
    assert!(inline_tags("http://x/#a https://example.com/docs#install www.x.org/#b").is_empty());
    assert!(inline_tags("ticket #1, year #2024, range #1-2").is_empty());
    assert!(inline_tags("# Title\n## Section two\n  # Indented heading").is_empty());
    assert!(inline_tags("C# code, &#39;, x#y, `#include`, #ff0000").is_empty());
    assert_eq!(inline_tags("# Heading\n#real-tag below"), ["real-tag"]);
}

#[test]
fn inline_tags_in_the_title_are_not_tags() {
    // The title is not where inline_tags looks, so mentions must not disagree with it.
    assert_eq!(
        mentions("About #atlas stuff", "plain text", &[], &[]),
        Vec::new()
    );
}

#[test]
fn possessives_are_stripped() {
    assert_eq!(
        names("I borrowed Caroline's car and Melanie’s bike."),
        ["Caroline", "Melanie"]
    );
    assert_eq!(names("we loved James' garden"), ["James"]);
    // A possessive closes the name: the thing possessed is a different word.
    assert_eq!(names("we met Caroline's Mom"), ["Caroline", "Mom"]);
    assert_eq!(names("it was O'Brien's idea"), ["O'Brien"]);
}

#[test]
fn contractions_are_not_names() {
    assert_eq!(
        names("So I'm here. I've been there, I'll go, I'd say Don't."),
        Vec::<String>::new()
    );
    assert_eq!(names("then I'm Caroline, he said"), ["Caroline"]);
    assert_eq!(names("Let's go with Mel"), ["Mel"]);
}

#[test]
fn sentence_initial_words_need_corroboration() {
    assert_eq!(names("Paris is lovely."), Vec::<String>::new());
    assert_eq!(names("Paris is lovely. I love Paris."), ["Paris"]);
    assert_eq!(
        names("Bought bread! Cooked dinner? Walked home.\nSlept well"),
        Vec::<String>::new()
    );
    // Corroboration is by the exact word, possessive stripped.
    assert_eq!(names("Caroline came. We ate at Caroline's."), ["Caroline"]);
    // A sentence-initial word followed by another capitalised word is a multiword name.
    assert_eq!(names("Paris Hilton arrived late."), ["Paris Hilton"]);
}

#[test]
fn sentence_boundaries_include_newlines_and_speaker_labels() {
    assert_eq!(names("we talked\nLater it rained"), Vec::<String>::new());
    assert_eq!(names("Mel: Later it rained"), ["Mel"]);
    // A colon that is not a label's keeps the sentence going.
    assert_eq!(
        names("guests at the party: Caroline, Mel"),
        ["Caroline", "Mel"]
    );
    // A heading label is neither a name nor part of the sentence.
    assert_eq!(names("Summary: Dinner was good"), Vec::<String>::new());
    assert_eq!(names("Action Items: call Mel"), ["Mel"]);
}

#[test]
fn the_title_is_read_and_corroborates_the_text() {
    assert_eq!(
        mentions(
            "Trip with Caroline",
            "Caroline drove. Yosemite was great.",
            &[],
            &[]
        ),
        owned(&[("Caroline", ProperName)])
    );
    // A title that repeats the text's first line (the default title) is not read twice.
    assert_eq!(names("Paris is lovely."), Vec::<String>::new());
    assert_eq!(
        mentions("Paris is lovely.", "Paris is lovely.", &[], &[]),
        Vec::new()
    );
    assert_eq!(
        mentions("Paris is…", "Paris is lovely.", &[], &[]),
        Vec::new()
    );
}

#[test]
fn title_case_titles_are_not_read_for_names() {
    assert_eq!(
        mentions("Weekend Trip To Yosemite", "it rained all day", &[], &[]),
        Vec::new()
    );
    assert_eq!(
        mentions("Lunch with Mel", "it rained all day", &[], &[]),
        owned(&[("Mel", ProperName)])
    );
}

#[test]
fn stopwords_alone_are_never_names() {
    assert_eq!(
        names(
            "then The and This, Yes, Oh, Hey and Thanks, Sounds great, Monday and June, Saturday, OK?"
        ),
        Vec::<String>::new()
    );
    assert_eq!(names("we argued and I said so"), Vec::<String>::new());
}

#[test]
fn stopwords_are_trimmed_off_multiword_names() {
    assert_eq!(names("Hey Caroline"), ["Caroline"]);
    assert_eq!(names("Thanks Mel"), ["Mel"]);
    assert_eq!(names("Last Saturday we slept"), Vec::<String>::new());
    assert_eq!(names("Happy to see you Next Monday Caroline"), ["Caroline"]);
    assert_eq!(names("we saw Caroline On Monday"), ["Caroline"]);
    // Inside a name a stopword stays.
    assert_eq!(
        names("we watched Days Of Our Lives again"),
        ["Days Of Our Lives"]
    );
    assert_eq!(names("then Sir Elton John sang"), ["Elton John"]);
}

#[test]
fn connectors_only_inside_names() {
    assert_eq!(
        names("an account at Bank of America and the Bank of the West"),
        ["Bank of America", "Bank of the West"]
    );
    assert_eq!(
        names("we met Ludwig van Beethoven and Winnie the Pooh"),
        ["Ludwig van Beethoven", "Winnie the Pooh"]
    );
    // A connector at an edge is not part of the name.
    assert_eq!(
        names("ask Caroline of course, or the Smith family"),
        ["Caroline", "Smith"]
    );
    // "and" joins names in a list, never one name.
    assert_eq!(names("with Caroline and Mel"), ["Caroline", "Mel"]);
    // Three connectors in a row are prose, not a name.
    assert_eq!(
        names("with Caroline of the de Smith"),
        ["Caroline", "Smith"]
    );
}

#[test]
fn acronyms_count_even_at_sentence_start() {
    assert_eq!(
        names("NASA launched it. LGBTQ rights matter."),
        ["NASA", "LGBTQ"]
    );
    assert_eq!(
        names("we moved to the US, joined the IT team"),
        ["US", "IT"]
    );
    assert_eq!(names("OK, FYI, TODO: lol. OMG"), Vec::<String>::new());
    // A lone capital letter is an initial or a grade.
    assert_eq!(names("she got an A and a B"), Vec::<String>::new());
}

#[test]
fn words_with_digits_are_not_names() {
    assert_eq!(
        names("we flew on Apollo 11 with R2D2 and the Q3 team"),
        ["Apollo"]
    );
    assert_eq!(names("the COVID-19 pandemic"), Vec::<String>::new());
}

#[test]
fn names_are_limited_to_five_words() {
    assert_eq!(
        names("read The One Two Three Four Five today"),
        ["One Two Three Four Five"]
    );
    assert_eq!(
        names("read One Two Three Four Five Six today"),
        Vec::<String>::new()
    );
    // Trimming happens before counting.
    assert_eq!(
        names("Hey Thanks One Two Three Four Five"),
        ["One Two Three Four Five"]
    );
}

#[test]
fn surrounding_punctuation_is_stripped() {
    assert_eq!(
        names("she said \"Caroline\" (Mel) [Rome] *Paris* -Oslo- 'Bergen'."),
        ["Caroline", "Mel", "Rome", "Paris", "Oslo", "Bergen"]
    );
}

#[test]
fn abbreviations_do_not_end_sentences() {
    assert_eq!(names("we saw Dr. Smith and Mr. Jones"), ["Smith", "Jones"]);
    assert_eq!(
        names("flights to St. Louis and Mt. Everest"),
        ["St. Louis", "Mt. Everest"]
    );
    assert_eq!(names("cities, e.g. Paris and Rome"), ["Paris", "Rome"]);
    assert_eq!(names("books by J. K. Rowling"), ["J. K. Rowling"]);
    assert_eq!(names("the 3.5 release. Nothing else"), Vec::<String>::new());
    assert_eq!(names("I have 2. Bought more"), Vec::<String>::new());
}

#[test]
fn urls_emails_handles_tags_and_code_are_not_names() {
    assert_eq!(
        names(
            "see https://Example.com/Foo, mail Caroline@Example.com or @Mel; #Paris `HashMap` ok"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn whitespace_inside_a_name_is_collapsed() {
    assert_eq!(
        names("at Yosemite\tNational  Park today"),
        ["Yosemite National Park"]
    );
}

#[test]
fn non_english_capitals_and_scripts() {
    assert_eq!(
        names("we met Émile Zola in Zürich"),
        ["Émile Zola", "Zürich"]
    );
    assert_eq!(names("東京に行きました"), Vec::<String>::new());
}

#[test]
fn order_is_given_wiki_tags_then_names() {
    assert_eq!(
        mentions(
            "",
            "Caroline met [[Atlas]] folks in Rome #travel with Mel",
            &["Zed"],
            &["work"]
        ),
        owned(&[
            ("Zed", Given),
            ("Atlas", WikiLink),
            ("work", Tag),
            ("travel", Tag),
            ("Rome", ProperName),
            ("Mel", ProperName)
        ])
    );
}

#[test]
fn dedup_keeps_first_display_and_origin() {
    // Given beats every later source, whatever its case.
    assert_eq!(
        mentions(
            "",
            "with Caroline at [[caroline]] #Caroline",
            &["caroline"],
            &[]
        ),
        owned(&[("caroline", Given)])
    );
    // Wiki link beats tag and proper name.
    assert_eq!(
        mentions("", "to [[Rome]] in Rome #rome", &[], &[]),
        owned(&[("Rome", WikiLink)])
    );
    // Tag beats proper name; the tag's (normalised) text is the display form.
    assert_eq!(
        mentions("", "we flew to Paris", &[], &["Paris"]),
        owned(&[("paris", Tag)])
    );
    // Proper names: the first display form wins; keys ignore case and edge punctuation.
    assert_eq!(names("met NASA folks and the Nasa crew"), ["NASA"]);
    assert_eq!(names("with Mel, then Mel again"), ["Mel"]);
}

#[test]
fn origin_labels_are_stable() {
    assert_eq!(Given.as_str(), "given");
    assert_eq!(WikiLink.as_str(), "wiki link");
    assert_eq!(Tag.as_str(), "tag");
    assert_eq!(ProperName.as_str(), "name");
}

#[test]
fn degenerate_inputs() {
    assert_eq!(mentions("", "", &[], &[]), Vec::new());
    assert_eq!(names("   \n\n  "), Vec::<String>::new());
    assert_eq!(names("[[ [ ] # #  ` ' - … . : ]]"), Vec::<String>::new());
    let long = "Caroline and Mel went to Yosemite National Park. ".repeat(2000);
    assert_eq!(
        names(&long),
        ["Mel", "Yosemite National Park"],
        "Caroline always opens a sentence"
    );
}
