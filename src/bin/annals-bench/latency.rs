//! Reload latency of `annals serve`: the time from saving a statement to the reload event that
//! open pages receive, measured as a browser would see it, over the live-reload event stream.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A change made to a file's text.
type Edit = dyn Fn(&str) -> String;

/// Kills the server when the measurement ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Saves `runs` edits of one statement's text, then of its notes, and returns the latencies of
/// each kind of edit.
pub fn measure(
    annals: &Path,
    root: &Path,
    port: u16,
    runs: usize,
) -> Result<Vec<(&'static str, Vec<Duration>)>, String> {
    let mut child = Command::new(annals)
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start annals serve: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        eprintln!("  serve: {line}");
        if line.starts_with("Serving ") {
            break;
        }
    }
    // Keep printing what the server says, for the record.
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            eprintln!("  serve: {line}");
        }
    });
    let reloads = subscribe(port)?;
    let statement = pick_statement(root)?;
    let notes = statement.with_extension("annotations.yaml");
    let mut results = Vec::new();
    // Edits that keep every note anchored: a paragraph added at the end of the text, a word
    // added to the first note's body.
    let add_paragraph = |text: &str| format!("{text}\nA paragraph added while editing.\n");
    let edit_note = |text: &str| text.replacen("  body: |\n    ", "  body: |\n    Edited. ", 1);
    let edits: [(&str, &PathBuf, &Edit); 2] = [
        ("statement text", &statement, &add_paragraph),
        ("statement notes", &notes, &edit_note),
    ];
    for (what, file, edit) in edits {
        let original = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let edited = edit(&original);
        if edited == original {
            return Err(format!("cannot edit {}", file.display()));
        }
        let mut times = Vec::new();
        for k in 0..runs {
            let text = if k % 2 == 0 { &edited } else { &original };
            while reloads.try_recv().is_ok() {}
            std::fs::write(file, text).map_err(|e| e.to_string())?;
            let saved = Instant::now();
            let reloaded = reloads
                .recv_timeout(Duration::from_secs(60))
                .map_err(|_| "no reload event within 60 s".to_string())?;
            times.push(reloaded.saturating_duration_since(saved));
            // Let the server write the data files that follow a reload.
            std::thread::sleep(Duration::from_millis(1500));
        }
        std::fs::write(file, &original).map_err(|e| e.to_string())?;
        std::thread::sleep(Duration::from_millis(1500));
        results.push((what, times));
    }
    drop(server);
    Ok(results)
}

/// A statement in the middle of the archive, with notes.
fn pick_statement(root: &Path) -> Result<PathBuf, String> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/statements"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.with_extension("annotations.yaml").is_file())
        .collect();
    let middle = files.len() / 2;
    if files.is_empty() {
        return Err("the corpus has no statement with notes".into());
    }
    Ok(files.swap_remove(middle))
}

/// Connects to the server's event stream; the receiver gets the time of each reload event.
fn subscribe(port: u16) -> Result<mpsc::Receiver<Instant>, String> {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("cannot connect: {e}"))?;
    write!(
        stream,
        "GET /__annals/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    // Once the response begins, the server has subscribed this stream to its events.
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader
        .read_line(&mut status)
        .map_err(|e| format!("no answer from the event stream: {e}"))?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            if line.trim_end() == "event: reload" && sender.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    Ok(receiver)
}
