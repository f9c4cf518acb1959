//! The live stream: graph deltas, new traces and import progress as server-sent events.
//! A client that falls behind gets a `lagged` event and fetches a fresh snapshot.

use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::time::Duration;
use tokio_stream::wrappers::{BroadcastStream, errors::BroadcastStreamRecvError};

use crate::AppState;

fn event<T: serde::Serialize>(name: &str, item: Result<T, BroadcastStreamRecvError>) -> Event {
    match item {
        Ok(v) => Event::default()
            .event(name)
            .data(serde_json::to_string(&v).unwrap_or_default()),
        Err(BroadcastStreamRecvError::Lagged(n)) => {
            Event::default().event("lagged").data(n.to_string())
        }
    }
}

pub async fn stream(state: AppState) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let deltas = BroadcastStream::new(state.api.deltas()).map(|d| event("delta", d));
    let traces = BroadcastStream::new(state.api.new_traces()).map(|t| event("trace", t));
    let progress =
        BroadcastStream::new(state.progress.subscribe()).map(|p| event("import_progress", p));
    // The first event says where the stream starts, so the client knows whether its snapshot is current.
    let hello = stream::once(async move {
        let seq = state.api.seq();
        Event::default()
            .event("hello")
            .data(format!("{{\"seq\":{seq}}}"))
    });
    let all = hello
        .chain(stream::select(deltas, stream::select(traces, progress)))
        .map(Ok);
    Sse::new(all).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
