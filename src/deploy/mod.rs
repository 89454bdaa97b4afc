//! `annals deploy`: the built site uploaded to S3-compatible object storage (AWS S3,
//! Cloudflare R2, MinIO, Backblaze B2…), for archives larger than GitHub Pages takes.
//!
//! Only what changed is sent: the bucket keeps a manifest of what was uploaded (each file's
//! SHA-256 and headers, `manifest.rs`), compared with the site as built. New files go first,
//! then changed ones, and files the site no longer has are deleted last, so a reader following
//! a link during a deployment never meets a missing page. A deployment cut off part-way (a
//! network failure, refused credentials) deletes nothing, records what it finished when it
//! can, and a rerun completes it.

pub(crate) mod credentials;
pub(crate) mod headers;
pub(crate) mod manifest;
pub mod target;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{
    Attribute, Attributes, BackoffConfig, ObjectStore, ObjectStoreExt, PutOptions, PutPayload,
    RetryConfig,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::progress::Progress;
use crate::yaml::Seg;
use credentials::Credentials;
use manifest::{Changes, Entry, Manifest};
pub use target::DeployTarget;

/// Uploads and deletions in flight at once: enough to hide each request's round trip.
const CONCURRENCY: usize = 8;

/// How often a long upload writes the manifest with what has arrived so far.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    /// The site folder, holding `config.yaml`.
    pub root: PathBuf,
    /// The built site; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// Compare and list what would change, without uploading or deleting anything.
    pub dry_run: bool,
    pub progress: Progress,
    /// For tests of an interrupted deployment: the upload after this many files fails, as a
    /// dropped connection would.
    #[doc(hidden)]
    pub fail_after_uploads: Option<usize>,
}

/// What a deployment did (or, for a dry run, would do).
#[derive(Debug)]
pub struct DeployReport {
    /// `s3://bucket/prefix`.
    pub target: String,
    pub new: Vec<String>,
    pub changed: Vec<String>,
    pub deleted: Vec<String>,
    pub unchanged: usize,
    /// Files in the site, and their bytes.
    pub files: usize,
    pub bytes: u64,
    /// Bytes sent (the new and changed files).
    pub uploaded_bytes: u64,
    pub elapsed: Duration,
    pub dry_run: bool,
}

/// Deploys the site built in `options.output` to the target in `config.yaml`.
pub fn deploy(options: &DeployOptions) -> Result<DeployReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let config = Config::load(&options.root, None)?;
    let Some(target) = config.deploy.clone() else {
        return Err(vec![
            Diagnostic::error(format!(
                "{} has no `deploy` section: annals deploy does not know where to upload",
                options.root.join("config.yaml").display()
            ))
            .hint("add one, such as\n  deploy:\n    url: s3://my-bucket/archive\n    region: us-east-1\n    endpoint: https://<account>.r2.cloudflarestorage.com   # for storage other than AWS"),
        ]);
    };
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    if !output.join("index.html").is_file() {
        return Err(vec![
            Diagnostic::error(format!("{} holds no built site", output.display())).hint(
                "run annals build first, with --base-url set to the address the bucket is served at",
            ),
        ]);
    }
    let progress = &options.progress;
    let local = scan(&output, progress)?;
    let credentials = credentials::find(&credentials::process_env).map_err(|why| {
        vec![Diagnostic::error(format!("no credentials for the storage: {why}")).hint(
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or add a profile to ~/.aws/credentials and name it in AWS_PROFILE; never in config.yaml",
        )]
    })?;
    let region = target
        .region
        .clone()
        .or_else(|| credentials::region(&credentials::process_env))
        .unwrap_or_else(|| "us-east-1".into());
    let remote = Remote::connect(&target, &region, &credentials, &config)?;
    progress.detail(format!(
        "deploying {} ({} files) to {} in region {region}{}, with the credentials from {}",
        output.display(),
        local.entries.len(),
        remote.name,
        target
            .endpoint
            .as_deref()
            .map(|e| format!(" at {e}"))
            .unwrap_or_default(),
        credentials.source
    ));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            vec![Diagnostic::error(format!(
                "could not start the network runtime: {e}"
            ))]
        })?;
    runtime.block_on(run(&remote, local, options, started))
}

/// The site's files, as the manifest records them.
struct Local {
    folder: PathBuf,
    entries: BTreeMap<String, Entry>,
}

/// Hashes every file of the built site (in parallel; a large archive has many).
fn scan(folder: &Path, progress: &Progress) -> Result<Local, Vec<Diagnostic>> {
    progress.stage("Reading the built site");
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(folder).to_path_buf();
            vec![Diagnostic::error(format!(
                "could not read {}: {e}",
                path.display()
            ))]
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            let Some(site_path) = site_path(rel) else {
                return Err(vec![Diagnostic::error(format!(
                    "{} has a name that is not UTF-8, which no address can carry",
                    entry.path().display()
                ))]);
            };
            paths.push(site_path);
        } else if entry.file_type().is_symlink() {
            return Err(vec![
                Diagnostic::error(format!(
                    "{} is a symbolic link; the built site holds only files",
                    entry.path().display()
                ))
                .hint("run annals build again: it writes a fresh site"),
            ]);
        }
    }
    progress.counted("Hashing", paths.len() as u64, "files");
    let entries: Result<BTreeMap<String, Entry>, Diagnostic> = paths
        .into_par_iter()
        .map(|path| {
            let file = folder.join(&path);
            let (sha256, bytes) =
                hash_file(&file).map_err(|e| Diagnostic::io("read", &file, &e))?;
            progress.step();
            let headers = headers::for_path(&path);
            Ok((
                path,
                Entry {
                    sha256,
                    bytes,
                    headers,
                },
            ))
        })
        .collect();
    Ok(Local {
        folder: folder.to_path_buf(),
        entries: entries.map_err(|d| vec![d])?,
    })
}

/// A relative path as the `/`-separated path inside the site.
fn site_path(rel: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut bytes = 0;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    let digest = hasher.finalize();
    Ok((digest.iter().map(|b| format!("{b:02x}")).collect(), bytes))
}

/// The bucket, reached with the credentials, and what failures there mean.
struct Remote {
    store: Arc<dyn ObjectStore>,
    target: DeployTarget,
    /// `s3://bucket/prefix`, for messages.
    name: String,
    /// Where the credentials came from, for messages.
    credentials_source: String,
    /// The config, to point errors about the bucket at `deploy.url`.
    config: Config,
}

impl Remote {
    fn connect(
        target: &DeployTarget,
        region: &str,
        credentials: &Credentials,
        config: &Config,
    ) -> Result<Remote, Vec<Diagnostic>> {
        // Backoff from 100 ms doubling to 15 s, for at most 2 minutes per request: enough to
        // ride out a storage service's throttling and a brief network loss.
        let retry = RetryConfig {
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_secs(15),
                base: 2.0,
            },
            max_retries: 6,
            retry_timeout: Duration::from_secs(120),
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&target.bucket)
            .with_region(region)
            .with_access_key_id(&credentials.key_id)
            .with_secret_access_key(&credentials.secret)
            .with_retry(retry);
        if let Some(token) = &credentials.token {
            builder = builder.with_token(token);
        }
        if let Some(endpoint) = &target.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| {
            vec![config.error_at(
                &[Seg::Key("deploy".into())],
                format!("cannot use this deploy target: {e}"),
            )]
        })?;
        let name = if target.prefix.is_empty() {
            format!("s3://{}", target.bucket)
        } else {
            format!("s3://{}/{}", target.bucket, target.prefix)
        };
        Ok(Remote {
            store: Arc::new(store),
            target: target.clone(),
            name,
            credentials_source: credentials.source.clone(),
            config: config.clone(),
        })
    }

    /// The object for a path inside the site.
    /// The object for a path inside the site: the key is the path as it is, so that the
    /// address of every file is its key (object_store's `Path::from` would percent-encode
    /// characters such as `~` and `[` into the key itself).
    fn object(&self, path: &str) -> Result<ObjectPath, Diagnostic> {
        let key = if self.target.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.target.prefix)
        };
        ObjectPath::parse(&key).map_err(|e| {
            Diagnostic::error(format!("`{path}` cannot be a key in the bucket: {e}")).hint(
                "rename the file in static/ or content/ so that its name has no control characters",
            )
        })
    }

    /// The manifest in the bucket; an empty one on the first deployment.
    async fn manifest(&self) -> Result<Manifest, Diagnostic> {
        match self.store.get(&self.object(manifest::NAME)?).await {
            Ok(result) => {
                let bytes = result.bytes().await.map_err(|e| self.failure(&e, None))?;
                Manifest::parse(&bytes).map_err(|why| {
                    Diagnostic::error(format!(
                        "the deploy manifest {}/{} cannot be read: {why}",
                        self.name,
                        manifest::NAME
                    ))
                    .hint("delete it to upload the whole site again, or deploy with the Annals that wrote it")
                })
            }
            Err(object_store::Error::NotFound { source, .. })
                if !source.to_string().contains("NoSuchBucket") =>
            {
                Ok(Manifest::new())
            }
            Err(e) => Err(self.failure(&e, None)),
        }
    }

    async fn put_manifest(&self, manifest: &Manifest) -> Result<(), Diagnostic> {
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, "application/gzip".into());
        attributes.insert(Attribute::CacheControl, "no-store".into());
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.store
            .put_opts(
                &self.object(manifest::NAME)?,
                PutPayload::from(manifest.to_bytes()),
                options,
            )
            .await
            .map(|_| ())
            .map_err(|e| self.failure(&e, Some(manifest::NAME)))
    }

    async fn upload(&self, folder: &Path, path: &str, entry: &Entry) -> Result<(), Diagnostic> {
        let file = folder.join(path);
        let bytes = std::fs::read(&file).map_err(|e| Diagnostic::io("read", &file, &e))?;
        let mut attributes = Attributes::new();
        let headers = &entry.headers;
        attributes.insert(Attribute::ContentType, headers.content_type.clone().into());
        attributes.insert(
            Attribute::CacheControl,
            headers.cache_control.clone().into(),
        );
        if let Some(encoding) = &headers.content_encoding {
            attributes.insert(Attribute::ContentEncoding, encoding.clone().into());
        }
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.store
            .put_opts(&self.object(path)?, PutPayload::from(bytes), options)
            .await
            .map(|_| ())
            .map_err(|e| self.failure(&e, Some(path)))
    }

    async fn delete(&self, path: &str) -> Result<(), Diagnostic> {
        match self.store.delete(&self.object(path)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.failure(&e, Some(path))),
        }
    }

    /// What a failure of the storage means and what to do about it.
    fn failure(&self, error: &object_store::Error, path: Option<&str>) -> Diagnostic {
        let text = error.to_string();
        let at_url = |message: String| {
            self.config.error_at(
                &[Seg::Key("deploy".into()), Seg::Key("url".into())],
                message,
            )
        };
        let refused = matches!(
            error,
            object_store::Error::Unauthenticated { .. }
                | object_store::Error::PermissionDenied { .. }
        ) || [
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "AccessDenied",
            "InvalidToken",
            "ExpiredToken",
        ]
        .iter()
        .any(|code| text.contains(code));
        if text.contains("NoSuchBucket") {
            return at_url(format!(
                "the bucket `{}` does not exist",
                self.target.bucket
            ))
            .hint(
                "create it, or correct deploy.url (and deploy.endpoint for storage other than AWS)",
            );
        }
        if refused {
            return Diagnostic::error(format!(
                "the storage refused the credentials from {} for {}",
                self.credentials_source, self.name
            ))
            .hint("check the access key and secret (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the profile in AWS_PROFILE), and that the key may read, write and delete in the bucket; nothing was deleted");
        }
        let what = path.map_or_else(|| self.name.clone(), |p| format!("{}/{p}", self.name));
        Diagnostic::error(format!("could not deploy {what}: {text}")).hint(
            "check the network and deploy.endpoint, then run annals deploy again: it uploads only what is still missing, and nothing was deleted",
        )
    }
}

/// Compares, uploads and deletes; the report of what was done.
async fn run(
    remote: &Remote,
    local: Local,
    options: &DeployOptions,
    started: Instant,
) -> Result<DeployReport, Vec<Diagnostic>> {
    let progress = &options.progress;
    progress.stage(&format!("Reading the manifest in {}", remote.name));
    let mut manifest = remote.manifest().await.map_err(|d| vec![d])?;
    let changes = Changes::between(&manifest, &local.entries);
    let size_of = |paths: &[String]| -> u64 { paths.iter().map(|p| local.entries[p].bytes).sum() };
    let mut report = DeployReport {
        target: remote.name.clone(),
        new: changes.new.clone(),
        changed: changes.changed.clone(),
        deleted: changes.stale.clone(),
        unchanged: changes.unchanged,
        files: local.entries.len(),
        bytes: local.entries.values().map(|e| e.bytes).sum(),
        uploaded_bytes: size_of(&changes.new) + size_of(&changes.changed),
        elapsed: Duration::ZERO,
        dry_run: options.dry_run,
    };
    if options.dry_run || changes.is_empty() {
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    let mut uploads = 0;
    for (phase, paths) in [("new", &changes.new), ("changed", &changes.changed)] {
        if paths.is_empty() {
            continue;
        }
        progress.counted(
            &format!("Uploading {phase} files"),
            paths.len() as u64,
            "files",
        );
        let result = upload_all(remote, &local, paths, &mut manifest, &mut uploads, options).await;
        if let Err(problem) = result {
            // Record what did arrive, so the rerun sends only the rest; if the storage cannot
            // be reached for that either, the rerun sends these again, which is only slower.
            let saved = remote.put_manifest(&manifest).await.is_ok();
            let done = if saved {
                format!("{uploads} files were uploaded and recorded; ")
            } else {
                String::new()
            };
            progress.finish();
            return Err(vec![
                Diagnostic::error(format!(
                    "the deployment to {} stopped before it finished: {done}nothing was deleted, and the site readers see is still whole",
                    remote.name
                )),
                problem,
            ]);
        }
    }
    remote.put_manifest(&manifest).await.map_err(|d| vec![d])?;
    if !changes.stale.is_empty() {
        progress.counted("Deleting stale files", changes.stale.len() as u64, "files");
        let mut deletions = futures_util::stream::iter(
            changes
                .stale
                .iter()
                .map(|path| async move { remote.delete(path).await.map(|()| path) }),
        )
        .buffer_unordered(CONCURRENCY);
        let mut failed = None;
        while let Some(result) = deletions.next().await {
            match result {
                Ok(path) => {
                    progress.detail(format!("deleted {path}"));
                    progress.step();
                    manifest.files.remove(path);
                }
                Err(d) => {
                    failed = Some(d);
                    break;
                }
            }
        }
        drop(deletions);
        let saved = remote.put_manifest(&manifest).await;
        if let Some(problem) = failed {
            return Err(vec![problem]);
        }
        saved.map_err(|d| vec![d])?;
    }
    progress.finish();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Uploads `paths`, a few at a time, recording each in `manifest` as it arrives; stops at the
/// first failure.
async fn upload_all(
    remote: &Remote,
    local: &Local,
    paths: &[String],
    manifest: &mut Manifest,
    uploads: &mut usize,
    options: &DeployOptions,
) -> Result<(), Diagnostic> {
    let mut sent = futures_util::stream::iter(paths.iter().map(|path| {
        let entry = &local.entries[path];
        async move {
            remote
                .upload(&local.folder, path, entry)
                .await
                .map(|()| path)
        }
    }))
    .buffer_unordered(CONCURRENCY);
    let mut checkpoint = Instant::now();
    while let Some(result) = sent.next().await {
        let path = result?;
        options.progress.detail(format!("uploaded {path}"));
        options.progress.step();
        manifest
            .files
            .insert(path.clone(), local.entries[path].clone());
        *uploads += 1;
        // A long upload records its progress now and then, so that one cut off by a network
        // that does not come back (where the manifest cannot be written after the failure
        // either) is not sent again from the start.
        if checkpoint.elapsed() >= CHECKPOINT_EVERY {
            remote.put_manifest(manifest).await?;
            checkpoint = Instant::now();
        }
        // The test hook: the connection drops once this many files have arrived, with others
        // still on the way (dropped with the stream, as a real cut leaves them).
        if options.fail_after_uploads == Some(*uploads) {
            return Err(Diagnostic::error(format!(
                "could not deploy {}: the connection was cut (ANNALS_TEST_DEPLOY_FAIL_AFTER)",
                remote.name
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_hashed_by_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "abc").unwrap();
        let (sha, bytes) = hash_file(&dir.path().join("a.txt")).unwrap();
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(bytes, 3);
    }

    #[test]
    fn the_site_is_scanned_with_slash_separated_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("statements/x")).unwrap();
        std::fs::write(dir.path().join("statements/x/index.html"), "<p>x</p>").unwrap();
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        let local = scan(dir.path(), &Progress::hidden()).unwrap();
        let paths: Vec<_> = local.entries.keys().cloned().collect();
        assert_eq!(paths, ["index.html", "statements/x/index.html"]);
    }
}
