//! Where `annals deploy` uploads: the `deploy` section of `config.yaml`, checked.
//!
//! The section names a place, never a secret: credentials come from the environment or the
//! standard AWS files (see `credentials.rs`), so a config that can be committed and published
//! never carries one. A key that looks like a credential is an error, not merely unknown.

use serde::Deserialize;

/// The `deploy` section as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDeploy {
    pub url: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub endpoint: Option<String>,
    // Credentials are refused with a message of their own (see `credential_keys`).
    #[serde(default)]
    access_key_id: Option<serde_yaml::Value>,
    #[serde(default)]
    secret_access_key: Option<serde_yaml::Value>,
    #[serde(default)]
    session_token: Option<serde_yaml::Value>,
    #[serde(default)]
    aws_access_key_id: Option<serde_yaml::Value>,
    #[serde(default)]
    aws_secret_access_key: Option<serde_yaml::Value>,
    #[serde(default)]
    aws_session_token: Option<serde_yaml::Value>,
    #[serde(default)]
    token: Option<serde_yaml::Value>,
    #[serde(default)]
    password: Option<serde_yaml::Value>,
}

impl RawDeploy {
    /// The keys given that would hold a credential.
    pub(crate) fn credential_keys(&self) -> Vec<&'static str> {
        [
            ("access_key_id", self.access_key_id.is_some()),
            ("secret_access_key", self.secret_access_key.is_some()),
            ("session_token", self.session_token.is_some()),
            ("aws_access_key_id", self.aws_access_key_id.is_some()),
            (
                "aws_secret_access_key",
                self.aws_secret_access_key.is_some(),
            ),
            ("aws_session_token", self.aws_session_token.is_some()),
            ("token", self.token.is_some()),
            ("password", self.password.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, given)| given.then_some(key))
        .collect()
    }
}

/// A checked deploy target: a bucket, the folder in it the site goes into, and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployTarget {
    pub bucket: String,
    /// The folder inside the bucket, without leading or trailing slashes; empty for the root.
    pub prefix: String,
    pub region: Option<String>,
    /// The S3 API's address for a service other than AWS (R2, MinIO, Backblaze…).
    pub endpoint: Option<String>,
}

/// What is wrong with one key of the section: the key and the message.
pub(crate) type Problem = (&'static str, String);

/// Checks the section; returns the target or every problem, each with the key it is about.
pub(crate) fn check(raw: &RawDeploy) -> Result<DeployTarget, Vec<Problem>> {
    let mut problems = Vec::new();
    let location = parse_url(&raw.url)
        .map_err(|e| problems.push(("url", e)))
        .ok();
    let endpoint = raw.endpoint.as_deref().map(str::trim);
    if let Some(endpoint) = endpoint
        && let Err(e) = check_endpoint(endpoint)
    {
        problems.push(("endpoint", e));
    }
    let region = raw.region.as_deref().map(str::trim);
    if let Some(region) = region
        && (region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        problems.push((
            "region",
            format!("`{region}` is not a region name (such as us-east-1, or auto for R2)"),
        ));
    }
    match location {
        Some((bucket, prefix)) if problems.is_empty() => Ok(DeployTarget {
            bucket,
            prefix,
            region: region.map(str::to_string),
            endpoint: endpoint.map(|e| e.trim_end_matches('/').to_string()),
        }),
        _ => Err(problems),
    }
}

/// `s3://bucket/prefix` into the bucket and the prefix.
fn parse_url(text: &str) -> Result<(String, String), String> {
    let url = url::Url::parse(text.trim()).map_err(|e| {
        format!("`{text}` is not a URL ({e}); write the bucket as s3://bucket-name/optional/folder")
    })?;
    if url.scheme() != "s3" {
        return Err(format!(
            "`{}:` is not a scheme Annals deploys to; write s3://bucket-name/optional/folder (also for R2, MinIO and other S3-compatible storage, with `endpoint`)",
            url.scheme()
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL holds a user name or password; credentials belong in the environment or ~/.aws/credentials, never in config.yaml".into());
    }
    if url.query().is_some() || url.fragment().is_some() || url.port().is_some() {
        return Err(format!(
            "`{text}` has a port, query or fragment; write s3://bucket-name/optional/folder"
        ));
    }
    let bucket = url.host_str().unwrap_or_default().to_string();
    if !is_bucket_name(&bucket) {
        return Err(format!(
            "`{bucket}` is not a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens"
        ));
    }
    let prefix = url.path().trim_matches('/').to_string();
    if prefix
        .split('/')
        .any(|part| part == "." || part == ".." || (part.is_empty() && !prefix.is_empty()))
    {
        return Err(format!("`{prefix}` is not a folder inside the bucket"));
    }
    Ok((bucket, prefix))
}

/// S3's rule for bucket names (which R2, MinIO and B2 share).
fn is_bucket_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

fn check_endpoint(text: &str) -> Result<(), String> {
    let url = url::Url::parse(text).map_err(|e| {
        format!("`{text}` is not a URL ({e}); give the S3 API's address, such as https://<account>.r2.cloudflarestorage.com")
    })?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!(
            "the endpoint `{text}` is not an http(s) address; give the S3 API's address, such as https://<account>.r2.cloudflarestorage.com"
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the endpoint holds a user name or password; credentials belong in the environment or ~/.aws/credentials, never in config.yaml".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(url: &str) -> RawDeploy {
        serde_yaml::from_str(&format!("url: {url:?}")).unwrap()
    }

    #[test]
    fn a_bucket_and_a_folder() {
        let t = check(&raw("s3://my-archive/site/v1/")).unwrap();
        assert_eq!(
            (t.bucket.as_str(), t.prefix.as_str()),
            ("my-archive", "site/v1")
        );
        let t = check(&raw("s3://my.archive")).unwrap();
        assert_eq!((t.bucket.as_str(), t.prefix.as_str()), ("my.archive", ""));
    }

    #[test]
    fn what_is_not_a_target_is_refused_with_the_form_to_write() {
        for (url, says) in [
            ("my-archive", "is not a URL"),
            (
                "https://my-archive.s3.amazonaws.com/",
                "`https:` is not a scheme",
            ),
            ("gs://my-archive/", "`gs:` is not a scheme"),
            ("s3://AB/", "is not a bucket name"),
            ("s3://key:secret@bucket/", "credentials belong"),
            ("s3://bucket/a//b", "is not a folder"),
        ] {
            let problems = check(&raw(url)).unwrap_err();
            assert_eq!(problems[0].0, "url");
            assert!(problems[0].1.contains(says), "{url}: {}", problems[0].1);
        }
    }

    #[test]
    fn credentials_in_the_section_are_named() {
        let raw: RawDeploy =
            serde_yaml::from_str("url: s3://b-1/\nsecret_access_key: x\naccess_key_id: y\n")
                .unwrap();
        assert_eq!(
            raw.credential_keys(),
            ["access_key_id", "secret_access_key"]
        );
    }

    #[test]
    fn endpoints_and_regions_are_checked() {
        let mut r = raw("s3://bucket/");
        r.endpoint = Some("ftp://example.org".into());
        r.region = Some("us east".into());
        let keys: Vec<_> = check(&r).unwrap_err().into_iter().map(|p| p.0).collect();
        assert_eq!(keys, ["endpoint", "region"]);
        r.endpoint = Some("https://acct.r2.cloudflarestorage.com/".into());
        r.region = Some("auto".into());
        let t = check(&r).unwrap();
        assert_eq!(
            t.endpoint.as_deref(),
            Some("https://acct.r2.cloudflarestorage.com")
        );
    }
}
