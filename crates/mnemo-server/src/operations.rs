//! Every registry operation as an HTTP route: the request is read from the path's `{params}`
//! and the query string (GET, DELETE) or the JSON body (POST, PATCH); the answer is JSON, and
//! every error an `ApiError` body with a fitting status.

use axum::Extension;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, RawPathParamsRejection};
use axum::extract::{RawPathParams, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, patch, post};
use mnemo_api::{ApiError, ApiOperation, Caller, Method, Principal, Visitor};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::AppState;
use crate::routes::{BODY_LIMIT, Failure};

/// Who a request acts as, in operations and traces: the agent of a named token, else the person.
fn caller(p: Option<&Principal>) -> Caller {
    match p {
        Some(Principal::Agent(t)) => Caller::token(t),
        _ => Caller::user(),
    }
    .via("rest")
}

/// Adds a route per registry operation.
pub struct Routes(pub Router<AppState>);

impl Visitor for Routes {
    fn visit<O: ApiOperation>(&mut self, _name: &'static str) {
        let handler = |State(s): State<AppState>,
                       principal: Option<Extension<Principal>>,
                       params: Result<RawPathParams, RawPathParamsRejection>,
                       RawQuery(query): RawQuery,
                       body: Result<Bytes, BytesRejection>| async move {
            match request::<O>(params.ok(), query, body) {
                Ok(r) => {
                    let caller = caller(principal.as_ref().map(|p| &p.0));
                    answer(s.api.call::<O>(r, &caller).await)
                }
                Err(e) => e.into_response(),
            }
        };
        let route: MethodRouter<AppState> = match O::ROUTE.method {
            Method::Get => get(handler),
            Method::Post => post(handler),
            Method::Patch => patch(handler),
            Method::Delete => delete(handler),
        };
        self.0 = std::mem::take(&mut self.0).route(O::ROUTE.path, route);
    }
}

fn answer<T: serde::Serialize>(r: Result<T, ApiError>) -> Response {
    match r {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => Failure(e).into_response(),
    }
}

/// Builds an operation's request from the HTTP request's parts.
fn request<O: ApiOperation>(
    params: Option<RawPathParams>,
    query: Option<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<O::Request, Failure> {
    let params: Vec<(String, String)> = params
        .iter()
        .flat_map(|p| p.iter())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if O::ROUTE.method.has_body() {
        from_body::<O::Request>(params, body_bytes(body)?, O::ROUTE.body)
    } else {
        from_query::<O::Request>(params, query.as_deref().unwrap_or(""))
    }
}

fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Failure> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure(ApiError::new(
                mnemo_core::ErrorCode::TooLarge,
                format!("request body too large (limit {BODY_LIMIT} bytes)"),
            ))
        } else {
            Failure(ApiError::invalid(format!(
                "invalid request body: {}",
                e.body_text()
            )))
        }
    })
}

/// Path parameters and the query string, read as one form (numbers parse from text). The
/// `token` parameter is the transport's (EventSource cannot send headers), not the request's.
fn from_query<T: DeserializeOwned>(
    mut params: Vec<(String, String)>,
    query: &str,
) -> Result<T, Failure> {
    let invalid = |e: String| Failure(ApiError::invalid(format!("invalid query string: {e}")));
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|e| invalid(e.to_string()))?;
    params.extend(pairs.into_iter().filter(|(k, _)| k != "token"));
    let form = serde_urlencoded::to_string(&params).map_err(|e| invalid(e.to_string()))?;
    serde_urlencoded::from_str(&form).map_err(|e| invalid(e.to_string()))
}

/// The JSON body (an object, or the one field `body_field` names) with the path parameters.
fn from_body<T: DeserializeOwned>(
    params: Vec<(String, String)>,
    body: Bytes,
    body_field: Option<&str>,
) -> Result<T, Failure> {
    let invalid = |e: String| Failure(ApiError::invalid(format!("invalid request body: {e}")));
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(&body).map_err(|e| invalid(e.to_string()))?
    };
    let mut object = match (body_field, value) {
        (Some(field), v) => Map::from_iter([(field.to_string(), v)]),
        (None, Value::Object(o)) => o,
        (None, _) => return Err(invalid("expected a JSON object".into())),
    };
    for (k, v) in params {
        object.insert(k, Value::String(v));
    }
    serde_json::from_value(Value::Object(object)).map_err(|e| invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Page {
        id: String,
        limit: Option<u32>,
    }

    #[test]
    fn query_strings_and_path_params_fill_one_request() {
        let p: Page = from_query(vec![("id".into(), "a b".into())], "limit=5&token=t").unwrap();
        assert_eq!(
            p,
            Page {
                id: "a b".into(),
                limit: Some(5)
            }
        );
        let e = from_query::<Page>(vec![], "limit=lots").unwrap_err();
        assert!(
            e.0.message.contains("invalid query string"),
            "{}",
            e.0.message
        );
    }

    #[test]
    fn bodies_fill_the_rest_or_one_field() {
        #[derive(Debug, serde::Deserialize)]
        struct Update {
            id: String,
            patch: Value,
        }
        let id = vec![("id".to_string(), "m1".to_string())];
        let u: Update =
            from_body(id.clone(), Bytes::from(r#"{"title":"x"}"#), Some("patch")).unwrap();
        assert_eq!(
            (u.id.as_str(), &u.patch["title"]),
            ("m1", &Value::from("x"))
        );
        let p: Page = from_body(id.clone(), Bytes::from(" "), None).unwrap();
        assert_eq!(p.limit, None, "an empty body is an empty object");
        let e = from_body::<Page>(id, Bytes::from("[1]"), None).unwrap_err();
        assert!(e.0.message.contains("expected a JSON object"));
    }
}
