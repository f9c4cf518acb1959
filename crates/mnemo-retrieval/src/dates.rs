//! Times a query names ("on October 13, 2023", "in July 2023", "in June", "yesterday"), read
//! without a model, so that re-ranking can favour the memories of that time.
//!
//! Only calendar expressions are read: a day, a month, a year, a month of any year, and days,
//! weeks, months and years counted from today ("yesterday", "last week", "on Monday"). The
//! first one found counts. Days and months are the person's own: they are laid
//! on the time axis in the zone the caller gives (the machine's, in the app and the server).

use chrono::{Datelike, Days, FixedOffset, NaiveDate, Offset, TimeZone, Weekday};
use mnemo_core::Timestamp;

/// A stretch of time the query names, and the words that named it.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTime {
    /// The words as the query wrote them ("October 13, 2023").
    pub label: String,
    span: Span,
}

#[derive(Debug, Clone, PartialEq)]
enum Span {
    /// `[from, until)`.
    Between { from: Timestamp, until: Timestamp },
    /// A month of any year ("in June"), in the zone's offset at the time of asking.
    MonthOfYear { month: u32, offset: FixedOffset },
}

impl NamedTime {
    /// Whether an instant lies in the named time.
    pub fn contains(&self, t: Timestamp) -> bool {
        match &self.span {
            Span::Between { from, until } => *from <= t && t < *until,
            Span::MonthOfYear { month, offset } => t.with_timezone(offset).month() == *month,
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The first time `text` names, with days laid out in `zone`; `now` anchors "today",
/// "yesterday" and a day named without its year (the latest such day up to `now`).
pub fn named_time<Tz: TimeZone>(text: &str, zone: &Tz, now: Timestamp) -> Option<NamedTime> {
    let words = words(text);
    let today = now.with_timezone(zone).date_naive();
    (0..words.len()).find_map(|i| {
        let (span, end) = at(&words, i, today)?;
        let label = text[words[i].start..words[end - 1].end].to_string();
        Some(NamedTime {
            label,
            span: resolve(span, zone, now)?,
        })
    })
}

/// A word of the query: its lower-cased letters or digits and where it lies in the text.
struct Word {
    text: String,
    start: usize,
    end: usize,
}

/// Runs of letters or digits; a hyphen between digits ("2023-10-13") joins them.
fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let digit_hyphen = c == '-'
            && start.is_some()
            && k > 0
            && chars[k - 1].1.is_ascii_digit()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_ascii_digit());
        if c.is_alphanumeric() || digit_hyphen {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(Word {
                text: text[s..i].to_lowercase(),
                start: s,
                end: i,
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: text[s..].to_lowercase(),
            start: s,
            end: text.len(),
        });
    }
    out
}

/// A calendar span before it is laid on the time axis.
enum Calendar {
    Days(NaiveDate, NaiveDate),
    MonthOfYear(u32),
}

/// The calendar expression starting at word `i`, and the index after its last word.
fn at(w: &[Word], i: usize, today: NaiveDate) -> Option<(Calendar, usize)> {
    absolute(w, i, today).or_else(|| with_preposition(w, i, today))
}

/// A day or a month written out: "October 13, 2023", "13th of October", "2023-10-13", "today".
fn absolute(w: &[Word], i: usize, today: NaiveDate) -> Option<(Calendar, usize)> {
    let word = |k: usize| w.get(k).map(|x| x.text.as_str());
    let one = |d: NaiveDate| Calendar::Days(d, d);
    match word(i)? {
        "today" => return Some((one(today), i + 1)),
        "yesterday" => return Some((one(today.pred_opt()?), i + 1)),
        w0 if w0.len() == 10 && w0.as_bytes()[4] == b'-' => {
            let d = NaiveDate::parse_from_str(w0, "%Y-%m-%d").ok()?;
            return Some((one(d), i + 1));
        }
        _ => {}
    }
    // October 13, 2023 · October 13 · October 2023
    if let Some(m) = word(i).and_then(month) {
        if let Some(d) = word(i + 1).and_then(day) {
            return match word(i + 2).and_then(year) {
                Some(y) => Some((one(NaiveDate::from_ymd_opt(y, m, d)?), i + 3)),
                None => Some((one(latest(m, d, today)?), i + 2)),
            };
        }
        if let Some(y) = word(i + 1).and_then(year) {
            return Some((month_span(y, m)?, i + 2));
        }
    }
    // 13 October 2023 · 13th of October
    if let Some(d) = word(i).and_then(day) {
        let k = if word(i + 1) == Some("of") {
            i + 2
        } else {
            i + 1
        };
        if let Some(m) = word(k).and_then(month) {
            return match word(k + 1).and_then(year) {
                Some(y) => Some((one(NaiveDate::from_ymd_opt(y, m, d)?), k + 2)),
                None => Some((one(latest(m, d, today)?), k + 1)),
            };
        }
    }
    None
}

/// "in June", "in 2023": a preposition keeps "may" and numbers plain.
fn with_preposition(w: &[Word], i: usize, today: NaiveDate) -> Option<(Calendar, usize)> {
    let word = |k: usize| w.get(k).map(|x| x.text.as_str());
    match (word(i)?, word(i + 1)) {
        // "in July 2023" is read from "July" on.
        ("in" | "during", Some(_)) if absolute(w, i + 1, today).is_some() => None,
        ("in" | "during", Some(next)) => {
            if let Some(m) = month(next) {
                return Some((Calendar::MonthOfYear(m), i + 2));
            }
            let y = year(next)?;
            Some((year_span(y)?, i + 2))
        }
        _ => relative(w, i, today),
    }
}

/// "this week", "last month", "last year", "on Monday", "last Friday", counted from today
/// (weeks start on Monday; "on Monday" is the latest Monday up to today, "last Monday" the one
/// before today).
fn relative(w: &[Word], i: usize, today: NaiveDate) -> Option<(Calendar, usize)> {
    let word = |k: usize| w.get(k).map(|x| x.text.as_str());
    let (which, what) = (word(i)?, word(i + 1)?);
    let last = match which {
        "this" => false,
        "last" => true,
        "on" if weekday(what).is_some() => false,
        _ => return None,
    };
    let span = match what {
        "week" => {
            let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
            let monday = if last { monday - Days::new(7) } else { monday };
            Calendar::Days(monday, monday + Days::new(6))
        }
        "month" => {
            let first = today.with_day(1)?;
            let first = if last {
                first.pred_opt()?.with_day(1)?
            } else {
                first
            };
            month_span(first.year(), first.month())?
        }
        "year" => year_span(today.year() - i32::from(last))?,
        _ if which == "this" => return None,
        day_name => {
            let since = u64::from(today.weekday().days_since(weekday(day_name)?));
            let d = today - Days::new(if last && since == 0 { 7 } else { since });
            Calendar::Days(d, d)
        }
    };
    Some((span, i + 2))
}

/// Whether a lower-cased word names a month ("march", "mar", "sept"), a weekday, or today,
/// tomorrow or yesterday.
pub fn is_calendar_word(w: &str) -> bool {
    month(w).is_some() || weekday(w).is_some() || matches!(w, "today" | "tomorrow" | "yesterday")
}

fn weekday(w: &str) -> Option<Weekday> {
    w.strip_suffix("day")?;
    w.parse().ok()
}

fn year_span(y: i32) -> Option<Calendar> {
    days(NaiveDate::from_ymd_opt(y, 1, 1)?, y + 1, 1)
}

fn month(w: &str) -> Option<u32> {
    let i = MONTHS.iter().position(|m| {
        *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
    })?;
    Some(i as u32 + 1)
}

fn day(w: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    let d: u32 = digits.parse().ok()?;
    (digits.len() <= 2 && (1..=31).contains(&d)).then_some(d)
}

fn year(w: &str) -> Option<i32> {
    let y: i32 = w.parse().ok()?;
    (w.len() == 4 && (1900..=2199).contains(&y)).then_some(y)
}

/// The latest month-`m` day-`d` on or before `today` (a day named without its year).
fn latest(m: u32, d: u32, today: NaiveDate) -> Option<NaiveDate> {
    (0..8)
        .filter_map(|back| NaiveDate::from_ymd_opt(today.year() - back, m, d))
        .find(|x| *x <= today)
}

fn month_span(y: i32, m: u32) -> Option<Calendar> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days(NaiveDate::from_ymd_opt(y, m, 1)?, ny, nm)
}

/// From `first` up to the day before the first of month `nm` of year `ny`.
fn days(first: NaiveDate, ny: i32, nm: u32) -> Option<Calendar> {
    let next = NaiveDate::from_ymd_opt(ny, nm, 1)?;
    Some(Calendar::Days(first, next.pred_opt()?))
}

/// Lays a calendar span on the time axis: from the first day's midnight in `zone` to the
/// midnight after the last.
fn resolve<Tz: TimeZone>(c: Calendar, zone: &Tz, now: Timestamp) -> Option<Span> {
    match c {
        Calendar::Days(first, last) => Some(Span::Between {
            from: midnight(first, zone)?,
            until: midnight(last.succ_opt()?, zone)?,
        }),
        Calendar::MonthOfYear(month) => Some(Span::MonthOfYear {
            month,
            offset: zone.offset_from_utc_datetime(&now.naive_utc()).fix(),
        }),
    }
}

/// The first instant of `d` in `zone` (the earliest, where clocks go back at midnight; the
/// hour after, where they skip it).
fn midnight<Tz: TimeZone>(d: NaiveDate, zone: &Tz) -> Option<Timestamp> {
    (0..3).find_map(|h| {
        let local = d.and_hms_opt(h, 0, 0)?;
        zone.from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn now() -> Timestamp {
        "2024-03-10T12:00:00Z".parse().unwrap()
    }

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_day_in_any_common_form_is_that_whole_day() {
        for q in [
            "What painting did Melanie show on October 13, 2023?",
            "what did I note on 13 October 2023",
            "the 13th of October 2023",
            "Oct 13th 2023 standup",
            "notes from 2023-10-13",
        ] {
            let n = named_time(q, &Utc, now()).unwrap_or_else(|| panic!("no time in {q:?}"));
            assert!(n.contains(t("2023-10-13T00:00:00Z")), "{q}");
            assert!(n.contains(t("2023-10-13T23:59:59Z")), "{q}");
            assert!(!n.contains(t("2023-10-12T23:59:59Z")), "{q}");
            assert!(!n.contains(t("2023-10-14T00:00:00Z")), "{q}");
        }
        let n = named_time("on October 13, 2023?", &Utc, now()).unwrap();
        assert_eq!(n.label, "October 13, 2023");
        let n = named_time("the 13th of October 2023", &Utc, now()).unwrap();
        assert_eq!(n.label, "13th of October 2023");
    }

    #[test]
    fn months_years_and_relative_days() {
        let july = named_time("What did Mel paint in July 2023?", &Utc, now()).unwrap();
        assert_eq!(july.label, "July 2023");
        assert!(
            july.contains(t("2023-07-01T00:00:00Z")) && july.contains(t("2023-07-31T23:00:00Z"))
        );
        assert!(
            !july.contains(t("2023-08-01T00:00:00Z")) && !july.contains(t("2024-07-05T00:00:00Z"))
        );

        let year = named_time("beach trips in 2023", &Utc, now()).unwrap();
        assert!(
            year.contains(t("2023-12-31T23:00:00Z")) && !year.contains(t("2024-01-01T00:00:00Z"))
        );

        let june = named_time("When did she go camping in June?", &Utc, now()).unwrap();
        assert_eq!(june.label, "in June");
        assert!(
            june.contains(t("2019-06-15T00:00:00Z")) && june.contains(t("2023-06-30T23:00:00Z"))
        );
        assert!(!june.contains(t("2023-07-01T00:00:00Z")));

        let yesterday = named_time("what did I do yesterday", &Utc, now()).unwrap();
        assert!(yesterday.contains(t("2024-03-09T08:00:00Z")) && !yesterday.contains(now()));
        assert!(
            named_time("today's plan", &Utc, now())
                .unwrap()
                .contains(now())
        );

        // 2024-03-10 is a Sunday.
        let week = named_time("what happened this week", &Utc, now()).unwrap();
        assert!(week.contains(t("2024-03-04T00:00:00Z")) && week.contains(now()));
        assert!(!week.contains(t("2024-03-03T23:00:00Z")));
        let last_week = named_time("notes from last week", &Utc, now()).unwrap();
        assert!(
            last_week.contains(t("2024-02-26T00:00:00Z"))
                && last_week.contains(t("2024-03-03T23:00:00Z"))
        );
        assert!(!last_week.contains(t("2024-03-04T00:00:00Z")));
        let friday = named_time("the call last Friday", &Utc, now()).unwrap();
        assert!(
            friday.contains(t("2024-03-08T10:00:00Z"))
                && !friday.contains(t("2024-03-01T10:00:00Z"))
        );
        let sunday = named_time("what did I cook on Sunday", &Utc, now()).unwrap();
        assert!(sunday.contains(now()));
        let last_sunday = named_time("what did I cook last Sunday", &Utc, now()).unwrap();
        assert!(last_sunday.contains(t("2024-03-03T12:00:00Z")) && !last_sunday.contains(now()));
        let this_year = named_time("trips this year", &Utc, now()).unwrap();
        assert!(
            this_year.contains(t("2024-01-01T00:00:00Z"))
                && !this_year.contains(t("2023-12-31T23:00:00Z"))
        );

        let last = named_time("invoices from last month", &Utc, now()).unwrap();
        assert!(
            last.contains(t("2024-02-29T20:00:00Z")) && !last.contains(t("2024-03-01T00:00:00Z"))
        );
        assert!(!last.contains(t("2024-01-31T20:00:00Z")));
    }

    #[test]
    fn a_day_without_its_year_is_the_latest_one_so_far() {
        let past = named_time("the call on March 2", &Utc, now()).unwrap();
        assert!(past.contains(t("2024-03-02T10:00:00Z")));
        let ahead = named_time("the call on March 20", &Utc, now()).unwrap();
        assert!(
            ahead.contains(t("2023-03-20T10:00:00Z")) && !ahead.contains(t("2024-03-20T10:00:00Z"))
        );
    }

    #[test]
    fn plain_words_and_numbers_name_no_time() {
        for q in [
            "What may Caroline pursue in her education?",
            "how many times has Melanie gone to the beach",
            "the 2023 roadmap",
            "version 13 of the spec",
            "march on the capital",
            "in 99 days",
            "February 30, 2023",
            "this Friday's agenda",
            "the last day of the sprint",
            "on time",
        ] {
            assert_eq!(named_time(q, &Utc, now()), None, "{q}");
        }
    }

    #[test]
    fn calendar_words() {
        for w in ["march", "mar", "sept", "dec", "friday", "tomorrow"] {
            assert!(is_calendar_word(w), "{w}");
        }
        for w in ["marc", "fri", "day", "today's", "in"] {
            assert!(!is_calendar_word(w), "{w}");
        }
    }

    #[test]
    fn days_are_the_zones_own() {
        let berlin = FixedOffset::east_opt(3600).unwrap();
        let n = named_time("on 13 October 2023", &berlin, now()).unwrap();
        // 00:30 in Berlin is still the 12th in UTC.
        assert!(n.contains(t("2023-10-12T23:30:00Z")));
        assert!(!n.contains(t("2023-10-13T23:30:00Z")));
    }
}
