//! `annals deploy` against a real S3-compatible server: moto in server mode, started by each
//! test on 127.0.0.1 with signatures checked, and its request recorder counting what each
//! deployment sent. moto is installed by `.ci/run` into `.ci/tools/venv`
//! (`python3 -m venv .ci/tools/venv && .ci/tools/venv/bin/pip install 'moto[server]'`), or
//! found through `MOTO_SERVER` or on the PATH; without it these tests fail, never skip.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Site, snapshot};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{Attribute, ObjectStore, ObjectStoreExt};

const BUCKET: &str = "archive-bucket";
const PREFIX: &str = "site";

/// The moto server a test runs against, stopped when the test ends.
struct Moto {
    child: Child,
    /// The server's working folder, where it may write files of its own.
    _dir: tempfile::TempDir,
    port: u16,
    key_id: String,
    secret: String,
    /// What `annals deploy` talks to: a proxy in front of moto that logs each request.
    proxy: Option<Proxy>,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `moto_server`: `MOTO_SERVER`, the venv `.ci/run` makes, or the PATH.
/// moto's server: `$MOTO_SERVER`, or the one `.ci/run` installs into `.ci/tools/venv`, which
/// is installed there from PyPI (once per test run) if missing, so that `cargo test` needs
/// nothing installed by hand beyond Python 3 with `venv`. (Not one found on `PATH`: its
/// version is unknown, and another moto answered these tests' signed requests differently.)
fn moto_server() -> PathBuf {
    static FOUND: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(find_or_install_moto)
        .clone()
        .unwrap_or_else(|why| panic!("{why}"))
}

fn find_or_install_moto() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("MOTO_SERVER") {
        return Ok(PathBuf::from(path));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools/venv");
    let server = venv.join("bin/moto_server");
    if server.is_file() {
        return Ok(server);
    }
    let run = |program: &Path, args: &[&str]| {
        Command::new(program)
            .args(args)
            .status()
            .map_err(|e| e.to_string())
            .and_then(|s| s.success().then_some(()).ok_or(format!("exit {s}")))
    };
    let venv_arg = venv.to_string_lossy().to_string();
    run(Path::new("python3"), &["-m", "venv", &venv_arg])
        .and_then(|()| {
            run(
                &venv.join("bin/pip"),
                &["install", "--quiet", "--disable-pip-version-check", "moto[server]==5.2.5"],
            )
        })
        .map_err(|e| {
            format!(
                "moto_server was not found and could not be installed ({e}): these tests need it. Install it with\n  python3 -m venv .ci/tools/venv && .ci/tools/venv/bin/pip install 'moto[server]==5.2.5'\n(.ci/run does; on Debian, `apt-get install python3-venv` first), or set MOTO_SERVER to its path"
            )
        })?;
    server
        .is_file()
        .then_some(server)
        .ok_or_else(|| "moto was installed but has no moto_server".to_string())
}

impl Moto {
    fn start() -> Moto {
        let server = moto_server();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(dir.path())
            // The four requests of moto_setup.py go unchecked; every later one must be signed.
            .env("INITIAL_NO_AUTH_ACTION_COUNT", "4")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
        let mut moto = Moto {
            child,
            _dir: dir,
            port,
            key_id: String::new(),
            secret: String::new(),
            proxy: None,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // The server's own Python, which has boto3 (a dependency of moto).
        let python = server.with_file_name("python");
        let python = if python.is_file() {
            python
        } else {
            PathBuf::from("python3")
        };
        let setup = Command::new(python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/deploy/moto_setup.py"))
            .args([&moto.endpoint(), BUCKET])
            .output()
            .unwrap();
        assert!(
            setup.status.success(),
            "moto_setup.py failed: {}",
            String::from_utf8_lossy(&setup.stderr)
        );
        let line = String::from_utf8(setup.stdout).unwrap();
        let (key_id, secret) = line.trim().split_once(' ').unwrap();
        moto.key_id = key_id.into();
        moto.secret = secret.into();
        moto.proxy = Some(Proxy::start(port));
        moto
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The address deployments use: the logging proxy once it runs.
    fn deploy_endpoint(&self) -> String {
        match &self.proxy {
            Some(proxy) => format!("http://127.0.0.1:{}", proxy.port),
            None => self.endpoint(),
        }
    }

    /// The writes and deletions of the site's files since the last call: (method, path inside
    /// the site) for every PUT and DELETE, in the order they were sent. The manifest is left
    /// out.
    fn requests(&self) -> Vec<(String, String)> {
        let log = std::mem::take(&mut *self.proxy.as_ref().unwrap().log.lock().unwrap());
        let site = format!("/{BUCKET}/{PREFIX}/");
        log.into_iter()
            .filter_map(|(method, target)| {
                let path = target.split_once(&site)?.1.split('?').next()?;
                let path = percent_encoding::percent_decode_str(path)
                    .decode_utf8_lossy()
                    .into_owned();
                (matches!(method.as_str(), "PUT" | "DELETE") && path != ".annals-deploy.json.gz")
                    .then_some((method, path))
            })
            .collect()
    }

    fn store(&self) -> impl ObjectStore {
        AmazonS3Builder::new()
            .with_bucket_name(BUCKET)
            .with_region("us-east-1")
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .with_access_key_id(&self.key_id)
            .with_secret_access_key(&self.secret)
            .build()
            .unwrap()
    }

    /// Every object under the site's folder, with its bytes.
    fn objects(&self) -> BTreeMap<String, Vec<u8>> {
        let store = self.store();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            use futures_util::TryStreamExt;
            let prefix = ObjectPath::from(PREFIX);
            let listed: Vec<_> = store.list(Some(&prefix)).try_collect().await.unwrap();
            let mut objects = BTreeMap::new();
            for meta in listed {
                let bytes = store
                    .get(&meta.location)
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                let path = meta
                    .location
                    .as_ref()
                    .strip_prefix("site/")
                    .unwrap()
                    .to_string();
                if path != ".annals-deploy.json.gz" {
                    objects.insert(path, bytes.to_vec());
                }
            }
            objects
        })
    }

    /// The stored headers of one object: (Content-Type, Cache-Control, Content-Encoding).
    fn headers(&self, path: &str) -> (String, String, Option<String>) {
        let store = self.store();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let result = runtime
            .block_on(store.get(&ObjectPath::from(format!("{PREFIX}/{path}"))))
            .unwrap();
        let get = |a: &Attribute| result.attributes.get(a).map(|v| v.as_ref().to_string());
        (
            get(&Attribute::ContentType).unwrap_or_default(),
            get(&Attribute::CacheControl).unwrap_or_default(),
            get(&Attribute::ContentEncoding),
        )
    }
}

/// A proxy on 127.0.0.1 in front of moto that logs the method and target of every request
/// passing through it (moto's own request recorder loses requests made at the same time).
/// Requests are read one by one (headers, then `Content-Length` bytes of body) and passed on
/// unchanged, so signatures still hold; responses are copied back as they come.
struct Proxy {
    port: u16,
    log: std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>,
}

impl Proxy {
    fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let shared = log.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let log = shared.clone();
                std::thread::spawn(move || {
                    let _ = Proxy::relay(client, upstream, &log);
                });
            }
        });
        Proxy { port, log }
    }

    fn relay(
        client: TcpStream,
        upstream: u16,
        log: &std::sync::Mutex<Vec<(String, String)>>,
    ) -> std::io::Result<()> {
        use std::io::BufRead;
        let mut server = TcpStream::connect(("127.0.0.1", upstream))?;
        let mut back = server.try_clone()?;
        let mut to_client = client.try_clone()?;
        std::thread::spawn(move || std::io::copy(&mut back, &mut to_client));
        let mut reader = std::io::BufReader::new(client);
        loop {
            let mut head = Vec::new();
            let mut length = 0usize;
            let mut request = (String::new(), String::new());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if head.is_empty() {
                    let mut parts = line.split_whitespace();
                    request.0 = parts.next().unwrap_or_default().to_string();
                    request.1 = parts.next().unwrap_or_default().to_string();
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
                head.extend_from_slice(line.as_bytes());
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body)?;
            // A bulk deletion (`POST /bucket?delete`) names its keys in its body: logged as a
            // DELETE of each.
            if request.0 == "POST" && request.1.ends_with("?delete") {
                let text = String::from_utf8_lossy(&body);
                let bucket = request.1.trim_end_matches("?delete").trim_end_matches('/');
                for key in text.split("<Key>").skip(1) {
                    let key = key.split("</Key>").next().unwrap_or_default();
                    log.lock()
                        .unwrap()
                        .push(("DELETE".into(), format!("{bucket}/{key}")));
                }
            } else {
                log.lock().unwrap().push(request);
            }
            server.write_all(&head)?;
            server.write_all(&body)?;
        }
    }
}

/// The fixture site, with a deploy target on the moto server.
fn site_for(moto: &Moto) -> Site {
    let site = Site::fixture();
    let config = format!(
        "{}deploy:\n  url: s3://{BUCKET}/{PREFIX}/\n  region: us-east-1\n  endpoint: {}\n",
        common::CONFIG,
        moto.deploy_endpoint()
    );
    site.write("config.yaml", &config);
    // A name with characters a URL encodes: its key is the name itself.
    site.write("static/files/report [draft]~2.txt", "a draft\n");
    site
}

/// Runs `annals` in the site with the given credentials and nothing else from AWS's variables
/// (HOME is the site, which has no ~/.aws).
fn annals(
    site: &Site,
    args: &[&str],
    key_id: &str,
    secret: &str,
    fail_after: Option<usize>,
) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_annals"));
    command
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("HOME", site.root())
        .env("AWS_ACCESS_KEY_ID", key_id)
        .env("AWS_SECRET_ACCESS_KEY", secret);
    for var in [
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
        "ANNALS_TEST_DEPLOY_FAIL_AFTER",
    ] {
        command.env_remove(var);
    }
    if let Some(n) = fail_after {
        command.env("ANNALS_TEST_DEPLOY_FAIL_AFTER", n.to_string());
    }
    command.output().unwrap()
}

fn deploy(site: &Site, moto: &Moto, args: &[&str]) -> Output {
    let args: Vec<&str> = std::iter::once("deploy")
        .chain(args.iter().copied())
        .collect();
    annals(site, &args, &moto.key_id, &moto.secret, None)
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    ok(site.cli(&["build", "--quiet"]));
    snapshot(&site.public())
}

/// The paths whose bytes differ between two builds, or that only the second has.
fn differing(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

/// The bucket holds exactly `site`'s files with their bytes; the message names the paths
/// that differ.
fn assert_holds(moto: &Moto, site: &BTreeMap<String, Vec<u8>>) {
    let objects = moto.objects();
    let wrong: Vec<&String> = objects
        .keys()
        .chain(site.keys())
        .filter(|p| objects.get(*p) != site.get(*p))
        .collect();
    assert!(
        wrong.is_empty(),
        "the bucket differs from the site at {wrong:?}"
    );
}

/// The first statement without its links to the second, which a test deletes.
fn without_second(statement: &str) -> String {
    statement
        .replace("related: [\"@/statements/2022-01-05-second.md\"]\n", "")
        .replace(
            "[the later statement](@/statements/2022-01-05-second.md#p2)",
            "the later statement",
        )
}

fn of(requests: &[(String, String)], method: &str) -> BTreeSet<String> {
    requests
        .iter()
        .filter(|(m, _)| m == method)
        .map(|(_, p)| p.clone())
        .collect()
}

#[test]
fn deploys_everything_then_only_what_changed_and_deletes_what_is_gone() {
    let moto = Moto::start();
    let site = site_for(&moto);
    let first = build(&site);

    // A dry run compares and lists, and sends nothing.
    let listed = ok(deploy(&site, &moto, &["--dry-run"]));
    assert!(
        listed.contains("would upload (new): index.html"),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("Would deploy {} files", first.len())),
        "{listed}"
    );
    assert!(moto.requests().is_empty());
    assert!(moto.objects().is_empty());

    // First upload: every file, once, with its bytes and headers.
    let summary = ok(deploy(&site, &moto, &[]));
    assert!(
        summary.starts_with(&format!("Deployed {} files", first.len())),
        "{summary}"
    );
    let requests = moto.requests();
    assert_eq!(of(&requests, "PUT"), first.keys().cloned().collect());
    assert_eq!(requests.len(), first.len(), "each file is sent once");
    assert_holds(&moto, &first);
    assert!(first.contains_key("files/report [draft]~2.txt"));
    let page = moto.headers("statements/2021-07-02-first/index.html");
    assert_eq!(
        page,
        (
            "text/html; charset=utf-8".into(),
            "public, max-age=300".into(),
            None
        )
    );
    let chunk = first.keys().find(|p| p.ends_with(".pf_fragment")).unwrap();
    let chunk = moto.headers(chunk);
    assert_eq!(chunk.1, "public, max-age=31536000, immutable");
    assert_eq!(chunk.2, None, "Pagefind unpacks its chunks itself");
    let download = first.keys().find(|p| p.ends_with(".jsonl.gz")).unwrap();
    assert_eq!(moto.headers(download).0, "application/gzip");
    assert_eq!(moto.headers(download).2, None);

    // Nothing changed: no request that writes or deletes.
    let summary = ok(deploy(&site, &moto, &[]));
    assert!(
        summary.contains("uploaded 0 new and 0 changed"),
        "{summary}"
    );
    assert_eq!(moto.requests(), Vec::new());

    // A statement's text changed: exactly the files whose bytes changed are sent, among them
    // its page, and no other statement's page.
    site.write(
        "content/statements/2022-01-05-second.md",
        &format!("{}\nA paragraph added later.\n", common::STATEMENT_B),
    );
    let second = build(&site);
    ok(deploy(&site, &moto, &[]));
    let requests = moto.requests();
    let sent = of(&requests, "PUT");
    assert_eq!(sent, differing(&first, &second));
    assert!(
        sent.contains("statements/2022-01-05-second/index.html"),
        "{sent:?}"
    );
    assert!(
        sent.contains("statements/2022-01-05-second/annotations.jsonld")
            || sent.iter().any(|p| p.starts_with("data/statements/")),
        "{sent:?}"
    );
    assert!(
        !sent.contains("statements/2021-07-02-first/index.html"),
        "{sent:?}"
    );
    assert!(sent.len() < second.len() / 2, "{sent:?}");
    // Search chunks are named by their content: the old ones are stale.
    let replaced: BTreeSet<String> = first
        .keys()
        .filter(|p| !second.contains_key(*p))
        .cloned()
        .collect();
    assert!(replaced.iter().all(|p| p.contains(".pf_")), "{replaced:?}");
    assert_eq!(of(&requests, "DELETE"), replaced);
    assert_holds(&moto, &second);

    // A statement deleted: its files are deleted from the bucket, after the rest is sent.
    std::fs::remove_file(site.root().join("content/statements/2022-01-05-second.md")).unwrap();
    site.write(
        "content/statements/2021-07-02-first.md",
        &without_second(common::STATEMENT_A),
    );
    let third = build(&site);
    let summary = ok(deploy(&site, &moto, &[]));
    let requests = moto.requests();
    let gone: BTreeSet<String> = second
        .keys()
        .filter(|p| !third.contains_key(*p))
        .cloned()
        .collect();
    assert!(
        gone.contains("statements/2022-01-05-second/index.html"),
        "{gone:?}"
    );
    assert_eq!(of(&requests, "DELETE"), gone);
    assert_eq!(of(&requests, "PUT"), differing(&second, &third));
    let first_delete = requests.iter().position(|(m, _)| m == "DELETE").unwrap();
    assert!(
        requests[first_delete..].iter().all(|(m, _)| m == "DELETE"),
        "deletions come after every upload"
    );
    assert!(
        summary.contains(&format!("deleted {}", gone.len())),
        "{summary}"
    );
    assert_holds(&moto, &third);
}

#[test]
fn an_interrupted_deployment_deletes_nothing_and_a_rerun_finishes_it() {
    let moto = Moto::start();
    let site = site_for(&moto);
    let first = build(&site);

    // Cut off after 5 files: exit 1, a message that says what happened and what to do.
    let out = annals(&site, &["deploy"], &moto.key_id, &moto.secret, Some(5));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stopped before it finished"), "{stderr}");
    assert!(stderr.contains("run annals deploy again"), "{stderr}");
    // Five arrived and were recorded; others in flight may have arrived unrecorded.
    let before = of(&moto.requests(), "PUT");
    assert!(
        before.len() >= 5 && before.len() < first.len(),
        "{before:?}"
    );

    // The rerun sends what had not arrived (and what arrived unrecorded), not the five
    // recorded, and the bucket then holds the site.
    ok(deploy(&site, &moto, &[]));
    let rest = of(&moto.requests(), "PUT");
    let all: BTreeSet<String> = first.keys().cloned().collect();
    assert_eq!(before.union(&rest).cloned().collect::<BTreeSet<_>>(), all);
    assert!(rest.len() <= first.len() - 5, "{} sent again", rest.len());
    assert_holds(&moto, &first);

    // A change with a statement deleted, cut off during the upload: the stale files stay
    // until a rerun has sent everything.
    std::fs::remove_file(site.root().join("content/statements/2022-01-05-second.md")).unwrap();
    site.write(
        "content/statements/2021-07-02-first.md",
        &without_second(common::STATEMENT_A),
    );
    let second = build(&site);
    let out = annals(&site, &["deploy"], &moto.key_id, &moto.secret, Some(1));
    assert_eq!(out.status.code(), Some(1));
    assert!(of(&moto.requests(), "DELETE").is_empty(), "nothing deleted");
    assert!(
        moto.objects()
            .contains_key("statements/2022-01-05-second/index.html")
    );
    ok(deploy(&site, &moto, &[]));
    assert_holds(&moto, &second);
}

#[test]
fn refused_credentials_a_missing_bucket_and_no_credentials_are_clear_errors() {
    let moto = Moto::start();
    let site = site_for(&moto);
    let first = build(&site);
    ok(deploy(&site, &moto, &[]));
    moto.requests();
    std::fs::remove_file(site.root().join("static/files/report.txt")).unwrap();
    build(&site);

    // Wrong secret: refused, exit 1, nothing sent or deleted.
    let out = annals(&site, &["deploy"], &moto.key_id, "not-the-secret", None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the storage refused the credentials from the environment"),
        "{stderr}"
    );
    assert!(stderr.contains("AWS_SECRET_ACCESS_KEY"), "{stderr}");
    assert!(
        !stderr.contains("not-the-secret"),
        "the secret is never printed: {stderr}"
    );
    assert_eq!(moto.requests(), Vec::new());
    assert_holds(&moto, &first);

    // No credentials anywhere: said before anything is sent.
    let mut command = Command::new(env!("CARGO_BIN_EXE_annals"));
    command
        .args(["deploy"])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("HOME", site.root());
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE",
    ] {
        command.env_remove(var);
    }
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no credentials for the storage"),
        "{stderr}"
    );
    assert!(stderr.contains("~/.aws/credentials"), "{stderr}");

    // A bucket that does not exist: located at deploy.url.
    let config = std::fs::read_to_string(site.root().join("config.yaml")).unwrap();
    site.write("config.yaml", &config.replace(BUCKET, "no-such-bucket"));
    let out = deploy(&site, &moto, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the bucket `no-such-bucket` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("config.yaml:"), "{stderr}");
    assert_eq!(moto.requests(), Vec::new());
    assert_holds(&moto, &first);
}

#[test]
fn a_deploy_target_that_is_not_one_is_a_located_config_error() {
    let site = Site::fixture();
    let config = format!(
        "{}deploy:\n  url: https://bucket.example.org/site\n  secret_access_key: abc\n",
        common::CONFIG
    );
    site.write("config.yaml", &config);
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`https:` is not a scheme Annals deploys to"),
        "{stderr}"
    );
    assert!(stderr.contains("config.yaml:11:8"), "{stderr}");
    assert!(
        stderr.contains("`deploy.secret_access_key` is a credential"),
        "{stderr}"
    );
    assert!(stderr.contains("config.yaml:12:"), "{stderr}");

    site.write("config.yaml", common::CONFIG);
    let out = site.cli(&["deploy"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("has no `deploy` section"), "{stderr}");
}
