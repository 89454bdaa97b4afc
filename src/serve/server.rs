//! The HTTP side of `annals serve`: the built site under its base path (tower-http's
//! `ServeDir`, which refuses paths that leave the folder), the live-reload script added to every
//! HTML page, and the event stream that tells open pages to reload or show errors.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, watch};
use tower_http::services::ServeDir;

/// What open pages are told.
#[derive(Debug, Clone)]
pub enum Message {
    /// The site was rebuilt: reload.
    Reload,
    /// The site could not be rebuilt: show these errors.
    Errors(String),
}

/// Shared by the handlers and the rebuild loop.
pub struct Live {
    pub messages: broadcast::Sender<Message>,
    /// The errors of the last rebuild, if it failed, for pages that connect afterwards.
    pub failed: watch::Sender<Option<String>>,
    output: PathBuf,
}

impl Live {
    pub fn new(output: PathBuf) -> Arc<Live> {
        Arc::new(Live {
            messages: broadcast::channel(16).0,
            failed: watch::channel(None).0,
            output,
        })
    }
}

const SCRIPT: &str = include_str!("live.js");
const SCRIPT_TAG: &str = "<script src=\"/__annals/live.js\"></script>";

/// The app: the site under `base_path` (which starts and ends with `/`), and `/__annals/`.
pub fn router(live: Arc<Live>, base_path: &str) -> Router {
    let site = ServeDir::new(&live.output)
        .redirect_path_prefix(base_path.trim_end_matches('/'))
        .not_found_service(not_found.with_state(live.clone()));
    let app = Router::new()
        .route("/__annals/live.js", get(script))
        .route("/__annals/events", get(events));
    let app = if base_path == "/" {
        app.fallback_service(site)
    } else {
        let base = base_path.to_string();
        app.nest_service(base_path.trim_end_matches('/'), site)
            .route("/", get(move || async move { Redirect::temporary(&base) }))
            .fallback(not_found)
    };
    app.layer(middleware::from_fn(add_live_script))
        .with_state(live)
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

/// The site's own `404.html`, or, before the first successful build, a page that shows the
/// errors (through the live script) and reloads once the site builds.
async fn not_found(State(live): State<Arc<Live>>) -> Response {
    let page = tokio::fs::read(live.output.join("404.html")).await;
    let body = page.unwrap_or_else(|_| {
        b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><p>The site has not been built yet; the errors show here and in the terminal.</p></body></html>".to_vec()
    });
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The event stream: `errors` at once if the last rebuild failed, then `reload` after each
/// successful rebuild and `errors` after each failed one.
async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = live.messages.subscribe();
    let now = live.failed.borrow().clone();
    let first = stream::iter(now.map(|errors| Ok(event(Message::Errors(errors)))));
    let rest = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => return Some((Ok(event(message)), receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

fn event(message: Message) -> Event {
    match message {
        Message::Reload => Event::default().event("reload").data("reload"),
        Message::Errors(text) => Event::default().event("errors").data(text),
    }
}

/// Adds the live-reload script to HTML pages, a charset to text types, and `no-store`, so a
/// reload always shows the latest build.
async fn add_live_script(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let kind = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let textual = kind.starts_with("text/")
        || ["json", "xml", "javascript"]
            .iter()
            .any(|t| kind.contains(t));
    if textual
        && !kind.contains("charset")
        && let Ok(value) = HeaderValue::from_str(&format!("{kind}; charset=utf-8"))
    {
        parts.headers.insert(header::CONTENT_TYPE, value);
    }
    if !kind.starts_with("text/html") {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, SCRIPT_TAG),
        None if !html.is_empty() => html.push_str(SCRIPT_TAG),
        None => {}
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}
