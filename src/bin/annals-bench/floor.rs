//! The floor: the least a generator must do. It reads each statement, parses its front matter
//! with serde_yaml, renders its Markdown with pulldown-cmark, and writes one HTML file, on one
//! thread. Annals is measured against it.

use std::fs;
use std::io;
use std::path::Path;

pub fn run(root: &Path, output: &Path) -> io::Result<usize> {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(root.join("content/statements")).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(path)?;
        let (front, body) = split(&text);
        let meta: serde_yaml::Value = serde_yaml::from_str(front).map_err(io::Error::other)?;
        let title = meta.get("title").and_then(|t| t.as_str()).unwrap_or("");
        let mut html = String::with_capacity(body.len() * 2);
        html.push_str("<!DOCTYPE html><html><head><title>");
        html.push_str(title);
        html.push_str("</title></head><body>");
        let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES);
        pulldown_cmark::html::push_html(&mut html, parser);
        html.push_str("</body></html>");
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = output.join(stem);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("index.html"), html)?;
        pages += 1;
    }
    Ok(pages)
}

fn split(text: &str) -> (&str, &str) {
    let rest = text.strip_prefix("---\n").unwrap_or(text);
    match rest.find("\n---\n") {
        Some(i) => (&rest[..i], &rest[i + 5..]),
        None => ("", rest),
    }
}
