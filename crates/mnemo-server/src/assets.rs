//! The UI's files: embedded in the binary at build time (see `build.rs`), or read from a
//! directory given at run time (`--ui`, `$MNEMO_UI_DIR`) while developing the UI.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/ui_assets.rs"));

/// Where the UI's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ui {
    /// The files built into this binary.
    Embedded,
    /// A built UI on disk (`ui/dist`), served as it is now.
    Dir(PathBuf),
    /// No UI: the API alone.
    None,
}

impl Ui {
    /// `$MNEMO_UI_DIR` when set, else the embedded UI when this binary has one.
    pub fn default_for_this_binary() -> Ui {
        match std::env::var_os("MNEMO_UI_DIR") {
            Some(dir) => Ui::Dir(PathBuf::from(dir)),
            None if is_embedded() => Ui::Embedded,
            None => Ui::None,
        }
    }

    /// Where the UI is served from, for a person reading the server's start-up lines.
    pub fn describe(&self) -> String {
        match self {
            Ui::Embedded => format!("the UI built into this binary ({} files)", FILES.len()),
            Ui::Dir(d) => format!("the UI in {}", d.display()),
            Ui::None => "no UI (this binary was built without ui/dist): API only".into(),
        }
    }
}

/// Whether this binary carries the UI.
pub fn is_embedded() -> bool {
    FILES.iter().any(|(path, _, _)| *path == "index.html")
}

/// The embedded file at `path`, with its ETag.
fn embedded(path: &str) -> Option<(&'static [u8], &'static str)> {
    (FILES.binary_search_by(|(p, _, _)| (*p).cmp(path)).ok()).map(|i| (FILES[i].1, FILES[i].2))
}

/// Serves an embedded file; a path without an extension is a client-side route: the app's page.
pub(crate) async fn serve_embedded(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let found = embedded(path).map(|f| (path, f)).or_else(|| {
        let route = !path.rsplit('/').next().unwrap_or("").contains('.');
        route
            .then(|| embedded("index.html").map(|f| ("index.html", f)))
            .flatten()
    });
    let Some((path, (bytes, etag))) = found else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(bytes))
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    h.insert(header::ETAG, HeaderValue::from_static(etag));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(path)),
    );
    response
}

/// Vite names built assets by their content's hash: they never change, so caches keep them.
/// The page itself is revalidated each time (by its ETag), so a new build shows at once.
fn cache_control(path: &str) -> &'static str {
    if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_immutable_and_the_page_is_revalidated() {
        assert_eq!(
            cache_control("assets/index-CTPkiYiW.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("index.html"), "no-cache");
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/a.JS"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("assets/a.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("blob"), "application/octet-stream");
    }

    #[test]
    fn the_embedded_files_are_sorted_for_lookup() {
        assert!(FILES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
