//! Credentials and region for `annals deploy`, from where the AWS tools keep them: the
//! environment first, then the shared files (`~/.aws/credentials`, `~/.aws/config`, or the
//! files `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` name), for the profile
//! `AWS_PROFILE` names or `default`. Never from `config.yaml`.
//!
//! Nothing else is tried: object_store would otherwise fall back to the instance metadata
//! service, a network address that a laptop does not have and that hangs before failing.

use std::path::{Path, PathBuf};

/// An access key, with a session token for temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
    /// Where they came from, for messages (never the values).
    pub source: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials from {}", self.source)
    }
}

/// The environment the credentials are read from: a function, so tests give their own.
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, with empty variables taken as unset.
pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The profile to read from the shared files.
fn profile(env: Env<'_>) -> String {
    env("AWS_PROFILE").unwrap_or_else(|| "default".into())
}

fn home_file(env: Env<'_>, var: &str, name: &str) -> Option<PathBuf> {
    env(var)
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|home| Path::new(&home).join(".aws").join(name)))
}

/// Finds credentials, or says where it looked.
pub(crate) fn find(env: Env<'_>) -> Result<Credentials, String> {
    match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        (Some(key_id), Some(secret)) => {
            return Ok(Credentials {
                key_id,
                secret,
                token: env("AWS_SESSION_TOKEN"),
                source: "the environment".into(),
            });
        }
        (Some(_), None) => {
            return Err("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not".into());
        }
        (None, Some(_)) => {
            return Err("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not".into());
        }
        (None, None) => {}
    }
    let profile = profile(env);
    let Some(path) = home_file(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials") else {
        return Err("no AWS_ACCESS_KEY_ID in the environment, and no home folder to find ~/.aws/credentials in".into());
    };
    let section = read_section(&path, &profile)?.ok_or_else(|| {
        format!(
            "no AWS_ACCESS_KEY_ID in the environment, and no profile `{profile}` in {}",
            path.display()
        )
    })?;
    let get = |key: &str| {
        section
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(key_id), Some(secret)) => Ok(Credentials {
            key_id,
            secret,
            token: get("aws_session_token"),
            source: format!("profile `{profile}` of {}", path.display()),
        }),
        _ => Err(format!(
            "profile `{profile}` of {} has no aws_access_key_id and aws_secret_access_key",
            path.display()
        )),
    }
}

/// The region when `config.yaml` does not give one: `AWS_REGION`, `AWS_DEFAULT_REGION`, or the
/// profile's `region` in `~/.aws/config`.
pub(crate) fn region(env: Env<'_>) -> Option<String> {
    if let Some(region) = env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION")) {
        return Some(region);
    }
    let path = home_file(env, "AWS_CONFIG_FILE", "config")?;
    let profile = profile(env);
    // In the config file, profiles other than the default are written `[profile NAME]`.
    let name = if profile == "default" {
        profile
    } else {
        format!("profile {profile}")
    };
    let section = read_section(&path, &name).ok()??;
    section
        .into_iter()
        .find(|(k, _)| k == "region")
        .map(|(_, v)| v)
}

/// The keys and values of one section of an AWS INI file; none if the file or section is
/// missing, an error if the file cannot be read or parsed.
fn read_section(path: &Path, name: &str) -> Result<Option<Vec<(String, String)>>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("could not read {}: {e}", path.display())),
    };
    let ini = ini::Ini::load_from_str(&text)
        .map_err(|e| format!("could not parse {}: {e}", path.display()))?;
    Ok(ini.section(Some(name)).map(|props| {
        props
            .iter()
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn the_environment_comes_first() {
        let env = env_of(&[
            ("AWS_ACCESS_KEY_ID", "AKIA1"),
            ("AWS_SECRET_ACCESS_KEY", "s1"),
            ("HOME", "/nonexistent"),
        ]);
        let c = find(&env).unwrap();
        assert_eq!(
            (c.key_id.as_str(), c.secret.as_str(), c.token.as_deref()),
            ("AKIA1", "s1", None)
        );
        assert!(!format!("{c:?}").contains("s1"), "never printed");
        let half = env_of(&[("AWS_ACCESS_KEY_ID", "AKIA1")]);
        assert!(
            find(&half)
                .unwrap_err()
                .contains("AWS_SECRET_ACCESS_KEY is not")
        );
    }

    #[test]
    fn then_the_profile_of_the_shared_files() {
        let dir = tempfile::tempdir().unwrap();
        let aws = dir.path().join(".aws");
        std::fs::create_dir(&aws).unwrap();
        std::fs::write(
            aws.join("credentials"),
            "[default]\naws_access_key_id = AKIAD\naws_secret_access_key = sd\n\n[r2]\naws_access_key_id=AKIAR\naws_secret_access_key=sr\naws_session_token=t\n",
        )
        .unwrap();
        std::fs::write(
            aws.join("config"),
            "[default]\nregion = eu-west-1\n[profile r2]\nregion = auto\n",
        )
        .unwrap();
        let home = dir.path().to_str().unwrap();
        let default = env_of(&[("HOME", home)]);
        assert_eq!(find(&default).unwrap().key_id, "AKIAD");
        assert_eq!(region(&default).as_deref(), Some("eu-west-1"));
        let r2 = env_of(&[("HOME", home), ("AWS_PROFILE", "r2")]);
        let c = find(&r2).unwrap();
        assert_eq!(
            (c.key_id.as_str(), c.token.as_deref()),
            ("AKIAR", Some("t"))
        );
        assert_eq!(region(&r2).as_deref(), Some("auto"));
        let missing = env_of(&[("HOME", home), ("AWS_PROFILE", "nope")]);
        assert!(find(&missing).unwrap_err().contains("no profile `nope`"));
        let nowhere = env_of(&[("HOME", "/nonexistent")]);
        assert!(find(&nowhere).unwrap_err().contains("no AWS_ACCESS_KEY_ID"));
    }
}
