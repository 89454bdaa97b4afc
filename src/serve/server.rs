//! The HTTP side of `annals serve`: the built site under its base path (tower-http's
//! `ServeDir`, which refuses paths that leave the folder), the live-reload script added to every
//! HTML page, and the event stream that tells open pages to reload or show errors.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, Method, StatusCode, header};
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
    /// How many builds have succeeded. Pages carry the number they were served with and
    /// reload if it is behind when their event stream connects: a rebuild that finished
    /// between serving a page and its connecting is not missed.
    pub builds: AtomicU64,
    /// Set when the server stops, which ends every event stream.
    pub stopping: watch::Sender<bool>,
    output: PathBuf,
}

impl Live {
    pub fn new(output: PathBuf) -> Arc<Live> {
        Arc::new(Live {
            messages: broadcast::channel(16).0,
            failed: watch::channel(None).0,
            builds: AtomicU64::new(0),
            stopping: watch::channel(false).0,
            output,
        })
    }

    /// Tells open pages the site was rebuilt.
    pub fn built(&self) {
        self.builds.fetch_add(1, Ordering::SeqCst);
        self.failed.send_replace(None);
        let _ = self.messages.send(Message::Reload);
    }
}

const SCRIPT: &str = include_str!("live.js");

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
    app.layer(middleware::from_fn_with_state(
        live.clone(),
        add_live_script,
    ))
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

/// The event stream: at once, `build` (the number of the latest build) and `errors` if the
/// last rebuild failed; then `reload` after each successful rebuild and `errors` after each
/// failed one. It ends when the server stops.
async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = live.messages.subscribe();
    let build = live.builds.load(Ordering::SeqCst);
    let now = live.failed.borrow().clone();
    let first = stream::iter(
        std::iter::once(Event::default().event("build").data(build.to_string()))
            .chain(now.map(|errors| event(Message::Errors(errors))))
            .map(Ok),
    );
    let rest = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => return Some((Ok(event(message)), receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let mut stopping = live.stopping.subscribe();
    let stop = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    Sse::new(first.chain(rest).take_until(stop)).keep_alive(KeepAlive::default())
}

fn event(message: Message) -> Event {
    match message {
        Message::Reload => Event::default().event("reload").data("reload"),
        Message::Errors(text) => Event::default().event("errors").data(text),
    }
}

/// Adds the live-reload script to HTML pages, a charset to text types, and `no-store`, so a
/// reload always shows the latest build.
async fn add_live_script(State(live): State<Arc<Live>>, request: Request, next: Next) -> Response {
    let whole_page = request.method() == Method::GET;
    let response = next.run(request).await;
    let whole_page =
        whole_page && matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND);
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
    if !kind.starts_with("text/html") || !whole_page {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let tag = format!(
        "<script src=\"/__annals/live.js\" data-build=\"{}\"></script>",
        live.builds.load(Ordering::SeqCst)
    );
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &tag),
        None if !html.is_empty() => html.push_str(&tag),
        None => {}
    }
    for changed in [header::CONTENT_LENGTH, header::ACCEPT_RANGES, header::ETAG] {
        parts.headers.remove(changed);
    }
    Response::from_parts(parts, Body::from(html))
}
