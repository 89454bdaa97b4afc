//! `annals serve`: builds the site into a private folder (`folder.rs`), serves it on this
//! machine under its base path, watches the site's files, rebuilds what a change affects, and
//! tells open pages to reload, or to show the errors over the page until the file is fixed.
//!
//! The search index is left out: it is most of a large build's time, and rebuilding it on
//! every save would make the wait for a reload seconds instead of milliseconds.

mod folder;
mod server;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Instant;

use crate::build::BuildOptions;
use crate::cli::print_diagnostics;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::rebuild::{Finishing, Outcome, Session};

pub use server::{Live, Message, router};

pub struct ServeOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub port: u16,
    pub interface: IpAddr,
    pub open: bool,
}

/// Serves the site until interrupted.
pub fn run(options: &ServeOptions) -> Result<(), Vec<Diagnostic>> {
    let config = Config::load(&options.root, None)?;
    let base_path = config.base_url.path().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| vec![Diagnostic::error(format!("cannot start the server: {e}"))])?;
    let address = SocketAddr::new(options.interface, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|e| {
            vec![
                Diagnostic::error(format!("cannot listen on {address}: {e}"))
                    .hint("another program may be using the port; choose another with --port"),
            ]
        })?;
    let host = match options.interface {
        IpAddr::V6(ip) if !ip.is_unspecified() => format!("[{ip}]"),
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}{base_path}", options.port);

    let output = folder::serve_folder(&options.root).map_err(|d| vec![d])?;
    let session = Session::new(BuildOptions {
        root: options.root.clone(),
        output: Some(output.clone()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..BuildOptions::new(".")
    });
    let live = Live::new(output);
    let watching = watch::start(&options.root, session, live.clone())?;

    println!(
        "Serving {} at {url} (press Ctrl+C to stop)",
        options.root.display()
    );
    if options.open
        && let Err(e) = open::that(&url)
    {
        eprintln!("could not open a browser: {e}");
    }
    let app = router(live.clone(), &base_path);
    runtime
        .block_on(async move {
            let stop = async move {
                let _ = tokio::signal::ctrl_c().await;
                eprintln!("Stopping.");
                // Open pages' event streams end, so the server can stop; a second Ctrl+C
                // stops at once.
                live.stopping.send_replace(true);
                tokio::spawn(async {
                    let _ = tokio::signal::ctrl_c().await;
                    std::process::exit(130);
                });
            };
            axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await
        })
        .map_err(|e| vec![Diagnostic::error(format!("the server stopped: {e}"))])?;
    drop(watching);
    Ok(())
}

/// Rebuilds after `changed` (everything, when empty), prints what happened, and tells the
/// open pages. A panic is reported as an error, and the next change builds afresh.
pub(crate) fn rebuild_and_tell(session: &mut Session, live: &Live, changed: &[PathBuf]) {
    let started = Instant::now();
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if changed.is_empty() {
            session.build()
        } else {
            session.rebuild(changed)
        }
    }));
    let result = attempt.unwrap_or_else(|_| {
        session.reset();
        Err(vec![Diagnostic::error(
            "annals failed while rebuilding (a bug: please report it); the site is built afresh on the next save",
        )])
    });
    match result {
        Ok(outcome) => tell(live, outcome, started),
        Err(problems) => report_errors(live, &problems),
    }
}

/// Prints what a build or an update did and tells the open pages to reload.
fn tell(live: &Live, outcome: Outcome, started: Instant) {
    live.built();
    let line = match outcome {
        Outcome::Built(report) => {
            print_diagnostics(&report.warnings);
            format!("Built {} pages", report.pages)
        }
        Outcome::Updated {
            statement,
            pages,
            warnings,
            ..
        } => {
            print_diagnostics(&warnings);
            format!("Updated content/{statement}: {pages} pages")
        }
    };
    println!("{line} in {} ms", started.elapsed().as_millis());
}

/// Goes on with what updates left (see [`Session::finish_some`]) until `interrupted` says a
/// change came: the data files, the recurring claims, and a full build when they changed,
/// which the open pages are told of. Returns whether something is left.
pub(crate) fn finish(
    session: &mut Session,
    live: &Live,
    interrupted: &mut dyn FnMut() -> bool,
) -> bool {
    let started = Instant::now();
    match session.finish_some(interrupted) {
        Ok(Finishing::Done(Some(outcome))) => {
            tell(live, outcome, started);
            false
        }
        Ok(Finishing::Done(None)) => false,
        Ok(Finishing::Pending) => true,
        Err(problems) => {
            report_errors(live, &problems);
            false
        }
    }
}

fn report_errors(live: &Live, problems: &[Diagnostic]) {
    print_diagnostics(problems);
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let serving = if live.builds.load(std::sync::atomic::Ordering::SeqCst) > 0 {
        "still serving the last good build"
    } else {
        "the site is built once the file is fixed"
    };
    eprintln!(
        "Rebuild failed with {errors} error{}; {serving}.",
        if errors == 1 { "" } else { "s" }
    );
    let text: String = problems.iter().map(|d| d.render(false)).collect();
    live.failed.send_replace(Some(text.clone()));
    let _ = live.messages.send(Message::Errors(text));
}
