//! Where a store lives: a directory, or an object-store URI with the options that reach it.

use mnemo_core::{Error, Result};
use std::fmt;

/// A store's URI (a directory, or `s3://bucket/prefix`) and its storage options: endpoint,
/// region, credentials, as LanceDB and `object_store` name them (`aws_endpoint`, `aws_region`,
/// `allow_http`, ...). The usual `AWS_*` environment variables apply as well.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub uri: String,
    pub options: Vec<(String, String)>,
}

impl Location {
    pub fn new(uri: impl Into<String>, options: Vec<(String, String)>) -> Location {
        Location {
            uri: uri.into(),
            options,
        }
    }

    /// Whether the store is on object storage that processes on several machines may share:
    /// writers then take turns through a lease object rather than an OS file lock.
    pub fn is_shared_object_store(&self) -> bool {
        matches!(self.scheme(), Some("s3" | "s3a"))
    }

    /// The same location with a local directory made absolute: LanceDB reads a relative path
    /// that starts with "db" ("db", "db-notes") as a LanceDB Cloud address.
    pub fn resolved(self) -> Result<Location> {
        if self.scheme().is_some() {
            return Ok(self);
        }
        let dir = std::path::absolute(&self.uri).map_err(|e| {
            Error::Io(format!(
                "cannot resolve the data directory {}: {e}",
                self.uri
            ))
        })?;
        Ok(Location {
            uri: dir.to_string_lossy().into_owned(),
            options: self.options,
        })
    }

    fn scheme(&self) -> Option<&str> {
        self.uri.split_once("://").map(|(scheme, _)| scheme)
    }

    /// The bucket and the prefix within it of an object-store URI (`s3://bucket/a/b` gives
    /// `bucket` and `a/b`).
    pub fn bucket_and_prefix(&self) -> Option<(&str, &str)> {
        let (_, rest) = self.uri.split_once("://")?;
        let rest = rest.trim_end_matches('/');
        Some(rest.split_once('/').unwrap_or((rest, "")))
    }
}

/// Parses one `--storage-option` argument, `KEY=VALUE`.
pub fn parse_storage_option(arg: &str) -> Result<(String, String)> {
    match arg.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(Error::invalid(
            "storage option",
            format!("{arg:?}: expected KEY=VALUE, for example aws_endpoint=http://127.0.0.1:9000"),
        )),
    }
}

impl std::ops::Deref for Location {
    type Target = str;
    fn deref(&self) -> &str {
        &self.uri
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.uri)
    }
}

impl From<&str> for Location {
    fn from(uri: &str) -> Location {
        Location::new(uri, Vec::new())
    }
}

impl From<String> for Location {
    fn from(uri: String) -> Location {
        Location::new(uri, Vec::new())
    }
}

impl From<&String> for Location {
    fn from(uri: &String) -> Location {
        Location::new(uri.clone(), Vec::new())
    }
}

impl From<&std::borrow::Cow<'_, str>> for Location {
    fn from(uri: &std::borrow::Cow<'_, str>) -> Location {
        Location::new(uri.to_string(), Vec::new())
    }
}

impl From<&Location> for Location {
    fn from(l: &Location) -> Location {
        l.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_store_uris_are_told_from_directories_and_split_into_bucket_and_prefix() {
        let s3 = Location::from("s3://team/memory/");
        assert!(s3.is_shared_object_store());
        assert_eq!(s3.bucket_and_prefix(), Some(("team", "memory")));
        assert_eq!(
            Location::from("s3://team").bucket_and_prefix(),
            Some(("team", ""))
        );
        assert!(!Location::from("/home/a/store").is_shared_object_store());
        assert!(!Location::from("memory://x").is_shared_object_store());
        assert_eq!(&*s3, "s3://team/memory/");
    }

    #[test]
    fn a_relative_directory_is_resolved_and_an_object_store_uri_is_kept() {
        let cwd = std::env::current_dir().unwrap();
        let db = Location::from("db").resolved().unwrap();
        assert_eq!(db.uri, cwd.join("db").to_string_lossy());
        assert_eq!(Location::from("/srv/m").resolved().unwrap().uri, "/srv/m");
        let s3 = Location::new("s3://team/m", vec![("aws_region".into(), "x".into())]);
        assert_eq!(s3.clone().resolved().unwrap(), s3);
    }

    #[test]
    fn a_storage_option_is_key_equals_value() {
        assert_eq!(
            parse_storage_option("aws_endpoint=http://127.0.0.1:9000?a=b").unwrap(),
            ("aws_endpoint".into(), "http://127.0.0.1:9000?a=b".into())
        );
        assert_eq!(
            parse_storage_option("allow_http=").unwrap(),
            ("allow_http".into(), "".into())
        );
        for bad in ["aws_region", "=x", ""] {
            let e = parse_storage_option(bad).unwrap_err().to_string();
            assert!(e.contains("KEY=VALUE"), "{bad}: {e}");
        }
    }
}
