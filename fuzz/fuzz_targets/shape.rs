//! Request-shaped JSON built from the fuzzer's bytes: random bytes seldom get past the JSON
//! parser, so half of each target's inputs become objects with the requests' field names and
//! values near the limits and formats that validation checks (tags of 64 characters, years 0
//! and 9999, offsets, `#`, control characters, letters that grow when lower-cased).

// Each target uses some of the field kinds.
#![allow(dead_code)]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use serde_json::{Map, Number, Value};

/// What a field holds.
pub enum Field {
    Text,
    Time,
    Number,
    Uint,
    Bool,
    Choice(&'static [&'static str]),
    List(&'static Field),
    Object(&'static [(&'static str, Field)]),
    Map(&'static Field),
}

pub const KINDS: &[&str] = &[
    "episode", "fact", "entity", "note", "summary", "Fact", "poem",
];
pub const STATUSES: &[&str] = &[
    "active",
    "archived",
    "superseded",
    "forgotten",
    "ACTIVE",
    "gone",
];
pub const EDGE_KINDS: &[&str] = &["next", "mentions", "similar", "related", "supersedes", "x"];

/// Pieces that text is made of, each a case validation treats specially.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "7",
    " ",
    "#",
    "\t",
    "\n",
    "\r",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{feff}",
    "\u{130}",
    "ß",
    "é",
    "…",
    "東",
    "-",
    ":",
    "!",
    "\u{1F600}",
];
/// Repeat counts around the limits (64, 128, 200, 256 characters; 100 items).
const COUNTS: &[usize] = &[
    1, 2, 3, 63, 64, 65, 99, 100, 101, 127, 128, 129, 199, 200, 201, 255, 256, 257,
];

fn text(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 4)? {
        return u.arbitrary();
    }
    let mut s = String::new();
    for _ in 0..u.int_in_range(0..=6)? {
        let piece = *u.choose(PIECES)?;
        let n = if u.ratio(1, 8)? {
            *u.choose(COUNTS)?
        } else {
            1
        };
        s.push_str(&piece.repeat(n));
    }
    Ok(s)
}

/// An RFC 3339 instant or a bare date, mostly well-formed, with edge years, offsets and fractions.
fn time(u: &mut Unstructured) -> Result<String> {
    let year: i64 = match u.int_in_range(0..=5)? {
        0 => 0,
        1 => 9999,
        2 => 1970,
        3 => 2024,
        4 => u.int_in_range(-300_000..=300_000)?,
        _ => u.int_in_range(0..=9999)?,
    };
    let sign = if year < 0 {
        "-"
    } else if year > 9999 || u.ratio(1, 16)? {
        "+"
    } else {
        ""
    };
    let date = format!(
        "{sign}{:04}-{:02}-{:02}",
        year.abs(),
        u.int_in_range(0..=13)?,
        u.int_in_range(0..=32)?
    );
    match u.int_in_range(0..=7)? {
        0 => Ok(date),
        1 => Ok(String::new()),
        2 => u.arbitrary(),
        _ => {
            let t = if u.ratio(1, 8)? { "t" } else { "T" };
            let mut s = format!(
                "{date}{t}{:02}:{:02}:{:02}",
                u.int_in_range(0..=24)?,
                u.int_in_range(0..=60)?,
                u.int_in_range(0..=61)?
            );
            if u.ratio(1, 3)? {
                let digits = u.int_in_range(1..=12)?;
                s.push('.');
                for _ in 0..digits {
                    s.push(char::from(b'0' + u.int_in_range(0..=9)?));
                }
            }
            match u.int_in_range(0..=3)? {
                0 => s.push('Z'),
                1 => s.push('z'),
                _ => {
                    let sign = if u.arbitrary()? { '+' } else { '-' };
                    let (h, m) = (u.int_in_range(0..=24)?, u.int_in_range(0..=60)?);
                    s.push_str(&format!("{sign}{h:02}:{m:02}"));
                }
            }
            Ok(s)
        }
    }
}

fn number(u: &mut Unstructured) -> Result<Value> {
    const EDGES: &[f64] = &[
        0.0,
        -0.0,
        0.5,
        1.0,
        1.000_000_1,
        -1e-7,
        0.01,
        0.009,
        10.0,
        -10.0,
        10.01,
        100.0,
        1000.0,
        36500.0,
        1e39,
        -1e39,
        1e-46,
        4294967296.0,
    ];
    let x = if u.arbitrary()? {
        *u.choose(EDGES)?
    } else {
        u.arbitrary()?
    };
    Ok(Number::from_f64(x).map_or(Value::Null, Value::Number))
}

fn uint(u: &mut Unstructured) -> Result<Value> {
    // The configuration's bounds (4 hops, 100 iterations, 500 new, 1000 results) and u32's.
    const EDGES: &[i64] = &[
        0, 1, 2, 4, 5, 10, 100, 101, 500, 501, 1000, 1001, 4294967295, 4294967296, -1,
    ];
    Ok(if u.arbitrary()? {
        (*u.choose(EDGES)?).into()
    } else {
        u.arbitrary::<u32>()?.into()
    })
}

/// A value of the field's kind, now and then one of another kind (`null`, a number for a string).
pub fn value(u: &mut Unstructured, field: &Field) -> Result<Value> {
    if u.ratio(1, 32)? {
        return Ok(match u.int_in_range(0..=2)? {
            0 => Value::Null,
            1 => Value::from(1),
            _ => Value::from("x"),
        });
    }
    Ok(match field {
        Field::Text => text(u)?.into(),
        Field::Time => time(u)?.into(),
        Field::Number => number(u)?,
        Field::Uint => uint(u)?,
        Field::Bool => u.arbitrary::<bool>()?.into(),
        Field::Choice(values) => {
            if u.ratio(1, 8)? {
                text(u)?.into()
            } else {
                (*u.choose(values)?).into()
            }
        }
        Field::List(item) => {
            let n = if u.ratio(1, 16)? {
                *u.choose(COUNTS)?
            } else {
                u.int_in_range(0..=4)?
            };
            let first = value(u, item)?;
            let mut items = vec![first.clone(); n.min(1)];
            for _ in 1..n {
                // Long lists repeat their first item mostly, which keeps inputs small.
                items.push(if u.ratio(1, 4)? {
                    value(u, item)?
                } else {
                    first.clone()
                });
            }
            Value::Array(items)
        }
        Field::Object(fields) => object(u, fields)?,
        Field::Map(v) => {
            let mut m = Map::new();
            for _ in 0..u.int_in_range(0..=4)? {
                let key = if u.arbitrary()? {
                    (*u.choose(EDGE_KINDS)?).to_string()
                } else {
                    text(u)?
                };
                m.insert(key, value(u, v)?);
            }
            Value::Object(m)
        }
    })
}

/// An object with some of `fields` (each present about half the time), rarely an unknown one.
pub fn object(u: &mut Unstructured, fields: &[(&str, Field)]) -> Result<Value> {
    let mut m = Map::new();
    for (name, field) in fields {
        if u.arbitrary()? {
            m.insert((*name).to_string(), value(u, field)?);
        }
    }
    if u.ratio(1, 64)? {
        m.insert(text(u)?, Value::Null);
    }
    Ok(Value::Object(m))
}
