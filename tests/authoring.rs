//! The editor's commands: `check`, `init`, `new statement`, and `serve` (run as the binary, on a
//! free port, read over HTTP the way a browser reads it).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::Site;

#[test]
fn check_reports_every_problem_and_writes_nothing() {
    let site = Site::fixture();
    let out = site.cli(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Checked 21 pages in "));
    assert!(!site.public().exists());

    site.write(
        "content/statements/2022-01-05-second.md",
        "---\ntitle: B\ndate: someday\nissuer: X\n---\nText.\n",
    );
    // A template error only rendering finds: check renders every page.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.missing.field }}{% endblock main %}",
    );
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/statements/2022-01-05-second.md:3:7"),
        "{stderr}"
    );
    assert!(stderr.contains("templates/page.html"), "{stderr}");
    assert!(stderr.contains("Check found 2 errors."), "{stderr}");
    assert!(!site.public().exists());
}

#[test]
fn init_makes_an_archive_that_builds() {
    let site = Site::empty();
    let out = site.cli(&["init", "archive"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = site.cli(&["build", "--root", "archive"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let statements = site.root().join("archive/public/statements");
    let page = std::fs::read_dir(&statements)
        .unwrap()
        .flatten()
        .find(|e| e.path().is_dir())
        .map(|e| e.path().join("index.html"))
        .unwrap();
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("An example statement"));
    assert!(
        html.contains("id=\"a-verbatim\""),
        "the example note is shown"
    );
    let again = site.cli(&["init", "archive"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

/// `init` writes what a new archive's repository needs to publish itself: a `.gitignore` that
/// keeps the built site out, a README, and a Pages workflow whose build step, run as the
/// workflow runs it (bash, `annals` on the PATH, the address Pages reports), builds the site
/// under that address's sub-path.
#[test]
fn init_writes_a_repository_that_publishes_itself() {
    let site = Site::empty();
    let out = site.cli(&["init", "archive"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("annals serve --root archive"), "{stdout}");
    let archive = site.root().join("archive");
    let ignore = std::fs::read_to_string(archive.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/public/"), "{ignore}");
    let readme = std::fs::read_to_string(archive.join("README.md")).unwrap();
    assert!(readme.contains("annals serve"), "{readme}");
    assert!(readme.contains("Settings → Pages"), "{readme}");

    let workflow = std::fs::read_to_string(archive.join(".github/workflows/pages.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&workflow).unwrap();
    let steps = yaml["jobs"]["build"]["steps"].as_sequence().unwrap();
    let build = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Build the archive"))
        .expect("a build step");
    let command = build["run"].as_str().unwrap();
    assert!(command.starts_with("annals build"), "{command}");
    // configure-pages reports project pages without a trailing slash.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_annals"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = std::process::Command::new("bash")
        .args(["-e", "-c", command])
        .current_dir(&archive)
        .env("PATH", path)
        .env("PAGES_BASE_URL", "https://editor.github.io/my-archive")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let home = std::fs::read_to_string(archive.join("public/index.html")).unwrap();
    assert!(home.contains("href=\"/my-archive/statements/\""), "{home}");
    let sitemap = std::fs::read_to_string(archive.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("https://editor.github.io/my-archive/"),
        "{sitemap}"
    );
}

/// The Pages workflow's install step, run as the runner runs it (bash -e, its `RUNNER_TEMP`,
/// `GITHUB_PATH` and `HOME`) against a release laid out as dist lays it out (the archive
/// `annals-<target>.tar.xz` holding `annals-<target>/annals`, and `<archive>.sha256` holding
/// `<hash> *<archive>`), with `curl` replaced by a copy from that folder, since nothing can be
/// downloaded here: the binary is installed and put on the PATH; a tampered archive is refused.
#[cfg(unix)]
#[test]
fn the_pages_workflows_install_step_checks_the_release_and_installs_it() {
    let site = Site::empty();
    assert!(site.cli(&["init", "archive"]).status.success());
    let workflow =
        std::fs::read_to_string(site.root().join("archive/.github/workflows/pages.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&workflow).unwrap();
    let steps = yaml["jobs"]["build"]["steps"].as_sequence().unwrap();
    let install = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Install Annals"))
        .and_then(|s| s["run"].as_str())
        .expect("an install step");
    let env = |key: &str| yaml["env"][key].as_str().unwrap().to_string();

    let root = site.root();
    let target = match std::env::consts::ARCH {
        "aarch64" => "aarch64-unknown-linux-gnu",
        _ => "x86_64-unknown-linux-gnu",
    };
    let release = root.join("release");
    let folder = release.join(format!("annals-{target}"));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("annals"),
        "#!/bin/sh\necho annals from the release\n",
    )
    .unwrap();
    let archive = format!("annals-{target}.tar.xz");
    let sh = |script: &str, dir: &Path| {
        Command::new("bash")
            .args(["-e", "-c", script])
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let made = sh(
        &format!(
            "tar -cJf {archive} annals-{target} && sha256sum --binary {archive} > {archive}.sha256"
        ),
        &release,
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    // curl -… -o FILE URL: the file of that name from the release folder, and only for the
    // URL the workflow names.
    let bin = root.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let expected = format!("{}/v{}/", env("ANNALS_RELEASES"), env("ANNALS_VERSION"));
    std::fs::write(
        bin.join("curl"),
        format!(
            "#!/bin/bash\nout=\"\"; url=\"\"\nwhile [ $# -gt 0 ]; do case \"$1\" in -o) out=\"$2\"; shift;; https://*) url=\"$1\";; esac; shift; done\ncase \"$url\" in {expected}*) cp \"{}/${{url##*/}}\" \"$out\";; *) echo \"unexpected URL $url\" >&2; exit 22;; esac\n",
            release.display()
        ),
    )
    .unwrap();
    let curl = bin.join("curl");
    let mut permissions = std::fs::metadata(&curl).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&curl, permissions).unwrap();
    let run = |name: &str| {
        let home = root.join(name);
        let temp = home.join("runner-temp");
        std::fs::create_dir_all(&temp).unwrap();
        let github_path = home.join("github-path");
        let out = Command::new("bash")
            .args(["-e", "-c", install])
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            )
            .env("HOME", &home)
            .env("RUNNER_TEMP", &temp)
            .env("GITHUB_PATH", &github_path)
            .env("ANNALS_VERSION", env("ANNALS_VERSION"))
            .env("ANNALS_RELEASES", env("ANNALS_RELEASES"))
            .output()
            .unwrap();
        (out, home, github_path)
    };
    let (out, home, github_path) = run("home");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = home.join(".local/bin/annals");
    let says = Command::new(&installed).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&says.stdout),
        "annals from the release\n"
    );
    let path = std::fs::read_to_string(github_path).unwrap();
    assert_eq!(path.trim(), home.join(".local/bin").to_str().unwrap());

    // An archive that is not the one the checksum names is refused, and nothing installed.
    let tampered = sh(&format!("echo extra >> {archive}"), &release);
    assert!(tampered.status.success());
    let (out, home, _) = run("tampered");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("FAILED"),
        "{out:?}"
    );
    assert!(!home.join(".local/bin/annals").exists());
}

#[test]
fn new_statement_makes_a_draft_that_builds() {
    let site = Site::fixture();
    let out = site.cli(&[
        "new",
        "statement",
        "A reply: on \"screening\"",
        "--date",
        "2024-05-01",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = site
        .root()
        .join("content/statements/2024-05-01-a-reply-on-screening.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("draft: true"), "{text}");
    assert!(text.contains("issuer: A Government\n"), "{text}");
    assert!(
        text.contains("# source:"),
        "optional fields are shown: {text}"
    );
    site.build_ok();
    assert!(
        !site
            .public()
            .join("statements/2024-05-01-a-reply-on-screening")
            .exists()
    );
    let out = site.cli(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = site.read("statements/2024-05-01-a-reply-on-screening/index.html");
    assert!(
        page.contains("A reply: on &quot;screening&quot;")
            || page.contains("A reply: on \"screening\"")
    );
    let again = site.cli(&[
        "new",
        "statement",
        "A reply: on \"screening\"",
        "--date",
        "2024-05-01",
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

/// `annals serve` on a free port, stopped when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(root: &Path) -> (Served, String) {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            // serve keeps its folder in the user's cache folder: here, the test's own.
            .env("XDG_CACHE_HOME", root.join(".cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let serving = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.starts_with("Serving "))
            .expect("serve prints where it serves");
        std::thread::spawn(move || lines.for_each(drop));
        (Served { child, port }, serving)
    }

    /// A raw request, so that the path reaches the server exactly as written.
    fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head[9..12].parse().unwrap();
        let headers = head.to_ascii_lowercase();
        let body = if headers.contains("transfer-encoding: chunked") {
            dechunk(body)
        } else {
            body.to_string()
        };
        Response {
            status,
            headers,
            body,
        }
    }

    /// The live-reload event stream: each event's name and data.
    fn events(&self) -> mpsc::Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__annals/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        // The response's first line means the server has subscribed this stream to its events.
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut name, mut data) = (String::new(), String::new());
            for line in reader.lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                    data.push('\n');
                } else if line.is_empty()
                    && !name.is_empty()
                    && sender
                        .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                        .is_err()
                {
                    break;
                }
            }
        });
        receiver
    }
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// The next event other than `build`, which each stream starts with.
fn next_event(events: &mpsc::Receiver<(String, String)>) -> (String, String) {
    loop {
        let event = events
            .recv_timeout(Duration::from_secs(20))
            .expect("an event within 20 s");
        if event.0 != "build" {
            return event;
        }
    }
}

fn sub_path_site() -> Site {
    let site = Site::fixture();
    site.write(
        "config.yaml",
        &common::CONFIG.replace(
            "base_url: https://example.org/",
            "base_url: https://example.org/archive/",
        ),
    );
    site
}

#[test]
fn serve_rebuilds_reloads_and_shows_errors_until_fixed() {
    let site = sub_path_site();
    let (served, serving) = Served::start(site.root());
    assert!(
        serving.contains(&format!("http://127.0.0.1:{}/archive/", served.port)),
        "{serving}"
    );
    let root = served.get("/");
    assert_eq!(root.status, 307);
    assert!(
        root.headers.contains("location: /archive/"),
        "{}",
        root.headers
    );
    let home = served.get("/archive/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains("<script src=\"/__annals/live.js\" data-build=\"1\"></script></body>")
    );
    assert!(home.body.contains("href=\"/archive/statements/\""));
    let css = served.get("/archive/style.css");
    assert!(
        css.headers
            .contains("content-type: text/css; charset=utf-8"),
        "{}",
        css.headers
    );
    assert!(!css.body.contains("live.js"));
    assert!(served.get("/__annals/live.js").body.contains("EventSource"));
    let missing = served.get("/archive/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("live.js"), "the 404 page reloads too");

    let events = served.events();
    // A stream starts with the number of the latest build, which a page served earlier
    // compares with its own.
    let first = events.recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(first, ("build".to_string(), "1\n".to_string()));
    let page = "/archive/statements/2021-07-02-first/";
    site.write(
        "content/statements/2021-07-02-first.md",
        &common::STATEMENT_A.replace("opposes the report", "rejects the report"),
    );
    assert_eq!(next_event(&events).0, "reload");
    assert!(served.get(page).body.contains("rejects the report"));

    site.write(
        "content/statements/2021-07-02-first.md",
        &common::STATEMENT_A.replace("date: 2021-07-02", "date: someday"),
    );
    let (name, data) = next_event(&events);
    assert_eq!(name, "errors");
    assert!(
        data.contains("content/statements/2021-07-02-first.md:3:7"),
        "{data}"
    );
    // The last good build is still served, and a page opened now is told of the errors.
    assert!(served.get(page).body.contains("rejects the report"));
    let late = served.events();
    assert_eq!(next_event(&late).0, "errors");

    site.write(
        "content/statements/2021-07-02-first.md",
        common::STATEMENT_A,
    );
    assert_eq!(next_event(&events).0, "reload");
    assert!(served.get(page).body.contains("opposes the report"));

    // A templates/ folder made while serving is watched too.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>Overridden page</p>{% endblock main %}",
    );
    let overridden = (0..3).any(|_| {
        next_event(&events).0 == "reload"
            && served
                .get("/archive/about/")
                .body
                .contains("Overridden page")
    });
    assert!(overridden);
}

#[test]
fn serve_gives_no_file_outside_the_site() {
    let site = sub_path_site();
    let (served, _) = Served::start(site.root());
    for path in [
        "/archive/../config.yaml",
        "/archive/%2e%2e/config.yaml",
        "/archive/%2E%2E%2Fconfig.yaml",
        "/archive/..%2fconfig.yaml",
        "/archive/..%5cconfig.yaml",
        "/archive/statements/../../config.yaml",
        "/__annals/../config.yaml",
        "/archive/../../../../../../etc/passwd",
        "/archive/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let response = served.get(path);
        assert!(
            !response.body.contains("Fixture Archive\ndescription")
                && !response.body.contains("root:x:0:0"),
            "{path} gave a file outside the site"
        );
        assert_ne!(response.status, 200, "{path}");
    }
}

#[test]
fn ctrl_c_stops_serve_even_with_a_page_open() {
    let site = sub_path_site();
    let (mut served, _) = Served::start(site.root());
    let events = served.events();
    assert_eq!(
        events.recv_timeout(Duration::from_secs(20)).unwrap().0,
        "build"
    );
    let pid = served.child.id() as i32;
    // SAFETY: sends SIGINT to the child process this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let started = std::time::Instant::now();
    while served.child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve still running 10 s after Ctrl+C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_refuses_a_cache_folder_with_a_planted_link() {
    let site = sub_path_site();
    let victim = site.root().join("victim");
    std::fs::create_dir(&victim).unwrap();
    let cache = site.root().join(".cache");
    std::fs::create_dir(&cache).unwrap();
    std::os::unix::fs::symlink(&victim, cache.join("annals")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "refusing to serve from {}: it is a symbolic link",
            cache.join("annals").display()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 0);
}
