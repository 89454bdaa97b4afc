//! The typed `config.yaml`: every key the site can set, its default, and its validation.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

use crate::deploy::target::{self, DeployTarget, RawDeploy};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::urls::BaseUrl;
use crate::yaml::{Seg, YamlBlock};

/// The site configuration, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: BaseUrl,
    pub language: String,
    pub theme: String,
    pub publisher: Option<Party>,
    pub licence: Option<Party>,
    pub paginate_by: usize,
    pub markdown: MarkdownOptions,
    pub taxonomies: Taxonomies,
    /// Measures of the figures ledger declared here rather than as files under
    /// `content/measures/`.
    pub measures: Vec<MeasureDecl>,
    pub menu: Vec<MenuItem>,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// Entries in each Atom feed.
    pub feed_limit: usize,
    /// Build the full-text search index and the search page.
    pub search: bool,
    /// Where `annals deploy` uploads the site, if anywhere.
    pub deploy: Option<DeployTarget>,
    /// The file the configuration came from, kept so later stages can point into it.
    pub source: SourceFile,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    /// Pass raw HTML in Markdown through. Off by default: archived text is untrusted.
    pub unsafe_html: bool,
    /// syntect theme for code in light mode.
    pub highlight_theme: String,
    /// syntect theme for code in dark mode.
    pub highlight_theme_dark: String,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            unsafe_html: false,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Taxonomies {
    pub topics: TaxonomyConfig,
    pub entities: TaxonomyConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaxonomyConfig {
    /// Heading of the index page; defaults to "Topics" / "Entities".
    pub title: Option<String>,
    /// Items per term page; defaults to the site's `paginate_by`.
    pub paginate_by: Option<usize>,
    /// Terms declared here rather than as files under `content/<taxonomy>/`.
    pub terms: Vec<TermDecl>,
}

/// A topic or entity declared in `config.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermDecl {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub kind: Option<String>,
    /// For entities: whether the first mention of its name or an alias in each paragraph
    /// of a statement links to its page (listed on its page either way); `true` when absent.
    #[serde(default)]
    pub link_mentions: Option<bool>,
    /// For entities: whether its name and aliases match only as written, letter case
    /// included; otherwise ASCII letters match in either case. `false` when absent.
    #[serde(default)]
    pub case_sensitive: Option<bool>,
}

/// A measure of the figures ledger declared in `config.yaml` (`measures:`), with the fields of
/// a `content/measures/*.md` file's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDecl {
    pub slug: String,
    pub name: String,
    pub definition: String,
    #[serde(default)]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    /// A site path such as `/statements/`, or an absolute URL.
    pub url: String,
    /// Set on built-in entries for pages a site may not have (About): they are left out
    /// when the page does not exist, where a written entry to a missing page is an error.
    #[serde(skip)]
    pub if_present: bool,
}

/// The file as written, before defaults and validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    publisher: Option<Party>,
    #[serde(default)]
    licence: Option<Party>,
    #[serde(default = "default_paginate_by")]
    paginate_by: usize,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default)]
    taxonomies: Taxonomies,
    #[serde(default)]
    measures: Vec<MeasureDecl>,
    #[serde(default)]
    menu: Option<Vec<MenuItem>>,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    #[serde(default = "default_true")]
    search: bool,
    #[serde(default)]
    deploy: Option<RawDeploy>,
}

fn default_feed_limit() -> usize {
    50
}
fn default_true() -> bool {
    true
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate_by() -> usize {
    20
}

fn default_menu() -> Vec<MenuItem> {
    [
        ("Statements", "/statements/"),
        ("Timeline", "/timeline/"),
        ("Figures", "/figures/"),
        ("Topics", "/topics/"),
        ("Entities", "/entities/"),
        ("Notes", "/annotations/"),
        ("Claims", "/claims/"),
        ("Data", "/data/"),
        ("About", "/about/"),
    ]
    .into_iter()
    .map(|(title, url)| MenuItem {
        title: title.into(),
        url: url.into(),
        if_present: url == "/about/",
    })
    .collect()
}

impl Config {
    /// Reads and validates `config.yaml` in `root`. `base_url` overrides the file's value.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Config::read(root)?, base_url)
    }

    /// Like [`Config::load`], but when the file has errors, also returns a config to check the
    /// content with, so that one mistake in `config.yaml` does not hide every error elsewhere:
    /// each key that can be read is kept, the others get their defaults (see [`salvage`]).
    /// `None` when nothing can be read: no file, or not YAML, where defaults would only bring
    /// false errors (every topic unknown).
    pub fn load_for_checking(
        root: &Path,
        base_url: Option<&str>,
    ) -> (Option<Config>, Vec<Diagnostic>) {
        let source = match Config::read(root) {
            Ok(source) => source,
            Err(problems) => return (None, problems),
        };
        match Config::parse(source.clone(), base_url) {
            Ok(config) => (Some(config), Vec::new()),
            Err(problems) => (salvage(source, base_url), problems),
        }
    }

    fn read(root: &Path) -> Result<SourceFile, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(root.join("config.yaml")).map_err(|e| {
            vec![
                Diagnostic::io("read", Path::new("config.yaml"), &e)
                    .hint("run annals in the site's folder, or pass --root DIR"),
            ]
        })?;
        Ok(SourceFile::new(
            "config.yaml",
            crate::control::replace(text),
        ))
    }

    pub fn parse(source: SourceFile, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
        let block = YamlBlock::whole(&source, "config");
        // The keys that read are checked too, so every error in the file is reported at once.
        let (raw, mut problems) = block.parse_partial::<RawConfig>();
        let Some(raw) = raw else {
            return Err(problems);
        };

        let base = match base_url {
            Some(url) => BaseUrl::parse(url).map_err(|e| {
                Diagnostic::error(format!("invalid --base-url: {e}"))
                    .hint("give an absolute URL such as https://example.github.io/archive/")
            }),
            None => BaseUrl::parse(&raw.base_url).map_err(|e| {
                block
                    .error_at(
                        &[Seg::Key("base_url".into())],
                        format!("invalid base_url: {e}"),
                    )
                    .hint("give an absolute URL such as https://example.github.io/archive/")
            }),
        };
        let base = base.map_err(|d| problems.push(d)).ok();
        if raw.paginate_by == 0 {
            problems.push(block.error_at(
                &[Seg::Key("paginate_by".into())],
                "paginate_by must be at least 1",
            ));
        }
        for (name, tax) in [
            ("topics", &raw.taxonomies.topics),
            ("entities", &raw.taxonomies.entities),
        ] {
            if tax.paginate_by == Some(0) {
                problems.push(block.error_at(
                    &[
                        Seg::Key("taxonomies".into()),
                        Seg::Key(name.into()),
                        Seg::Key("paginate_by".into()),
                    ],
                    "paginate_by must be at least 1",
                ));
            }
        }
        if let Some(cname) = &raw.cname
            && !is_host_name(cname)
        {
            problems.push(
                block
                    .error_at(&[Seg::Key("cname".into())], format!("`{cname}` is not a domain name"))
                    .hint("give the bare domain, such as archive.example.org, without https:// or a path"),
            );
        }
        if !is_language_tag(&raw.language) {
            problems.push(
                block
                    .error_at(
                        &[Seg::Key("language".into())],
                        format!("`{}` is not a language tag", raw.language),
                    )
                    .hint("use a BCP 47 tag such as en, zh-Hant or zh-HK"),
            );
        }
        if raw.theme.is_empty() || raw.theme.contains(['/', '\\']) || raw.theme.starts_with('.') {
            problems.push(
                block
                    .error_at(
                        &[Seg::Key("theme".into())],
                        format!("`{}` is not a theme name", raw.theme),
                    )
                    .hint("name a folder under themes/, such as `default`"),
            );
        }
        check_urls(&block, &raw, &mut problems);
        let deploy = raw
            .deploy
            .as_ref()
            .and_then(|d| check_deploy(&block, d, &mut problems));
        match (base, problems.is_empty()) {
            (Some(base_url), true) => Ok(Config {
                title: raw.title,
                description: raw.description,
                base_url,
                language: raw.language,
                theme: raw.theme,
                publisher: raw.publisher,
                licence: raw.licence,
                paginate_by: raw.paginate_by,
                markdown: raw.markdown,
                taxonomies: raw.taxonomies,
                measures: raw.measures,
                menu: raw.menu.unwrap_or_else(default_menu),
                cname: raw.cname,
                feed_limit: raw.feed_limit,
                search: raw.search,
                deploy,
                source,
            }),
            _ => Err(problems),
        }
    }

    /// A diagnostic pointing at the value of a config key, for checks made by later stages.
    pub fn error_at(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        YamlBlock::whole(&self.source, "config").error_at(path, message)
    }
}

/// The config to check content with when `config.yaml` has errors (already reported): every
/// top-level key that reads on its own and passes its check is kept, any other gets its
/// default, and each topic or entity declared keeps at least its slug, so that statements'
/// references to terms are checked as they would be once the config is fixed. Nothing is
/// written from it: a build with errors writes nothing.
fn salvage(source: SourceFile, base_url: Option<&str>) -> Option<Config> {
    let Ok(Value::Mapping(map)) = serde_yaml::from_str::<Value>(&source.text) else {
        return None;
    };
    let base_url = base_url
        .map(str::to_string)
        .or_else(|| field::<String>(&map, "base_url"))
        .and_then(|u| BaseUrl::parse(&u).ok())
        .or_else(|| BaseUrl::parse("https://example.org/").ok())?;
    let safe_party = |key: &str| {
        field::<Party>(&map, key)
            .filter(|p| !p.url.as_deref().is_some_and(crate::markdown::is_unsafe_url))
    };
    let menu = field::<Vec<MenuItem>>(&map, "menu")
        .filter(|m| !m.iter().any(|i| crate::markdown::is_unsafe_url(&i.url)));
    let theme = field::<String>(&map, "theme")
        .filter(|t| !t.is_empty() && !t.contains(['/', '\\']) && !t.starts_with('.'));
    Some(Config {
        title: field(&map, "title").unwrap_or_default(),
        description: field(&map, "description").unwrap_or_default(),
        base_url,
        language: field(&map, "language")
            .filter(|l: &String| is_language_tag(l))
            .unwrap_or_else(default_language),
        theme: theme.unwrap_or_else(default_theme),
        publisher: safe_party("publisher"),
        licence: safe_party("licence"),
        paginate_by: field(&map, "paginate_by")
            .filter(|&n: &usize| n > 0)
            .unwrap_or_else(default_paginate_by),
        markdown: field(&map, "markdown").unwrap_or_default(),
        taxonomies: field(&map, "taxonomies").unwrap_or_else(|| salvage_taxonomies(&map)),
        measures: salvage_measures(&map),
        menu: menu.unwrap_or_else(default_menu),
        cname: field(&map, "cname").filter(|c: &String| is_host_name(c)),
        feed_limit: field(&map, "feed_limit").unwrap_or_else(default_feed_limit),
        search: field(&map, "search").unwrap_or(true),
        deploy: field::<RawDeploy>(&map, "deploy").and_then(|d| target::check(&d).ok()),
        source,
    })
}

/// Checks the `deploy` section, locating each problem at its key; a credential is refused
/// wherever it is written.
fn check_deploy(
    block: &YamlBlock<'_>,
    raw: &RawDeploy,
    problems: &mut Vec<Diagnostic>,
) -> Option<DeployTarget> {
    let at = |key: &str| [Seg::Key("deploy".into()), Seg::Key(key.into())];
    for key in raw.credential_keys() {
        problems.push(
            block
                .error_at(&at(key), format!("`deploy.{key}` is a credential, and config.yaml is no place for one"))
                .hint("remove it (and change the key if it was ever committed); annals deploy reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment, or ~/.aws/credentials"),
        );
    }
    match target::check(raw) {
        Ok(target) => Some(target),
        Err(found) => {
            for (key, message) in found {
                problems.push(block.error_at(&at(key), message));
            }
            None
        }
    }
}

/// The value of `key`, if it reads as a `T`.
fn field<T: DeserializeOwned>(map: &Mapping, key: &str) -> Option<T> {
    serde_yaml::from_value(map.get(key)?.clone()).ok()
}

/// Taxonomies that do not read as a whole: each term that does is kept, and each that does
/// not but has a slug is kept by its slug.
fn salvage_taxonomies(map: &Mapping) -> Taxonomies {
    let salvage = |name: &str| {
        let section = map.get("taxonomies").and_then(|t| t.get(name));
        let terms = section
            .and_then(|s| s.get("terms"))
            .and_then(Value::as_sequence)
            .map_or(&[][..], Vec::as_slice);
        TaxonomyConfig {
            title: section
                .and_then(|s| s.get("title"))
                .and_then(Value::as_str)
                .map(str::to_string),
            paginate_by: None,
            terms: terms.iter().filter_map(salvage_term).collect(),
        }
    };
    Taxonomies {
        topics: salvage("topics"),
        entities: salvage("entities"),
    }
}

/// The measures declared in a config with errors: each that reads, and of the others at least
/// the slug, so that the figures declaring them are not reported as undeclared.
fn salvage_measures(map: &Mapping) -> Vec<MeasureDecl> {
    let list = map
        .get("measures")
        .and_then(Value::as_sequence)
        .map_or(&[][..], Vec::as_slice);
    list.iter()
        .filter_map(|value| {
            if let Ok(m) = serde_yaml::from_value::<MeasureDecl>(value.clone()) {
                return Some(m);
            }
            let slug = value.get("slug")?.as_str()?.to_string();
            Some(MeasureDecl {
                name: slug.clone(),
                slug,
                definition: String::new(),
                unit: None,
            })
        })
        .collect()
}

fn salvage_term(value: &Value) -> Option<TermDecl> {
    if let Ok(term) = serde_yaml::from_value::<TermDecl>(value.clone()) {
        return Some(term);
    }
    let slug = value.get("slug")?.as_str()?.to_string();
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(&slug)
        .to_string();
    Some(TermDecl {
        slug,
        name,
        description: None,
        aliases: Vec::new(),
        kind: None,
        link_mentions: None,
        case_sensitive: None,
    })
}

/// Refuses URLs in the config that would run code when a reader follows them
/// (`javascript:`, `data:`, `vbscript:`…): they are published in every page's header or footer.
fn check_urls(block: &YamlBlock<'_>, raw: &RawConfig, problems: &mut Vec<Diagnostic>) {
    let menu = raw.menu.iter().flatten().enumerate().map(|(i, m)| {
        let path = vec![
            Seg::Key("menu".into()),
            Seg::Index(i),
            Seg::Key("url".into()),
        ];
        (path, Some(m.url.as_str()))
    });
    let parties = [("publisher", &raw.publisher), ("licence", &raw.licence)]
        .into_iter()
        .map(|(key, party)| {
            let path = vec![Seg::Key(key.into()), Seg::Key("url".into())];
            (path, party.as_ref().and_then(|p| p.url.as_deref()))
        });
    for (path, url) in menu.chain(parties) {
        if let Some(url) = url.filter(|u| crate::markdown::is_unsafe_url(u)) {
            problems.push(
                block
                    .error_at(
                        &path,
                        format!(
                            "`{}` is not a safe link: its scheme can run code",
                            url.trim()
                        ),
                    )
                    .hint("give a site path such as /about/ or an https:// URL"),
            );
        }
    }
}

/// Whether `name` is a DNS host name such as `archive.example.org`.
fn is_host_name(name: &str) -> bool {
    name.len() <= 253
        && name.contains('.')
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Whether `tag` looks like a BCP 47 language tag (`en`, `zh-Hant`, `zh-HK`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(SourceFile::new("config.yaml", text), None)
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse("title: T\nbase_url: https://example.org/archive\n").unwrap();
        assert_eq!(c.base_url.path(), "/archive/");
        assert_eq!(c.language, "en");
        assert_eq!(c.theme, "default");
        assert_eq!(c.paginate_by, 20);
        assert!(!c.markdown.unsafe_html);
        assert_eq!(c.menu.len(), 9);
        assert!(c.menu.iter().any(|m| m.url == "/figures/"));
        assert!(c.menu.iter().any(|m| m.url == "/claims/"));
        assert!(c.measures.is_empty());
        assert!(c.search && c.cname.is_none() && c.feed_limit == 50);
    }

    #[test]
    fn unknown_keys_name_the_line_and_closest_key() {
        let errs = parse(
            "title: T\nbase_url: https://e.org/\npaginte_by: 5\nmarkdown:\n  unsafe_htm: true\n",
        )
        .unwrap_err();
        let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "config.yaml:3:1: error: unknown config key `paginte_by` (hint: did you mean `paginate_by`?)",
                "config.yaml:5:3: error: unknown config key `unsafe_htm` in `markdown` (hint: did you mean `unsafe_html`?)",
            ]
        );
    }

    #[test]
    fn invalid_values_are_located() {
        let errs = parse("title: T\nbase_url: not a url\nlanguage: english!\npaginate_by: 0\n")
            .unwrap_err();
        let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(errs.len(), 3, "{lines:#?}");
        assert!(
            lines[0].starts_with("config.yaml:2:11: error: invalid base_url"),
            "{}",
            lines[0]
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("config.yaml:4:14: error: paginate_by must be at least 1"))
        );
        assert!(lines.iter().any(|l| l.starts_with("config.yaml:3:11: error: `english!` is not a language tag")));
    }

    #[test]
    fn an_unknown_key_does_not_hide_invalid_values() {
        let errs = parse("title: T\nbase_url: https://e.org/\nserch: false\nlanguage: english!\n")
            .unwrap_err();
        let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(lines[0].starts_with("config.yaml:3:1: error: unknown config key `serch`"));
        assert!(lines[1].starts_with("config.yaml:4:11: error: `english!` is not a language tag"));
    }

    #[test]
    fn cname_must_be_a_bare_domain() {
        for bad in ["https://a.org", "a.org/x", "localhost", "-a.org"] {
            let errs = parse(&format!(
                "title: T\nbase_url: https://e.org/\ncname: {bad}\n"
            ))
            .unwrap_err();
            assert!(errs[0].message.contains("is not a domain name"), "{bad}");
        }
        let c = parse("title: T\nbase_url: https://e.org/\ncname: archive.example.org\n").unwrap();
        assert_eq!(c.cname.as_deref(), Some("archive.example.org"));
    }

    #[test]
    fn code_running_urls_are_refused_at_their_line() {
        let errs = parse(
            "title: T\nbase_url: https://e.org/\nmenu:\n  - title: A\n    url: /about/\n  - title: B\n    url: \" JAVASCRIPT:alert(1)\"\npublisher:\n  name: P\n  url: data:text/html,<script>x</script>\nlicence:\n  name: L\n  url: vbscript:x\n",
        )
        .unwrap_err();
        let lines: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0]
                .starts_with("config.yaml:7:10: error: `JAVASCRIPT:alert(1)` is not a safe link"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with(
                "config.yaml:10:8: error: `data:text/html,<script>x</script>` is not a safe link"
            ),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("config.yaml:13:8: error: `vbscript:x` is not a safe link"),
            "{}",
            lines[2]
        );
        parse("title: T\nbase_url: https://e.org/\npublisher:\n  name: P\n  url: https://p.org/\nmenu:\n  - title: M\n    url: mailto:a@b.org\n").unwrap();
    }

    #[test]
    fn a_broken_config_still_gives_one_to_check_content_with() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.yaml"),
            "title: T\nbase_url: https://e.org/sub/\npaginte_by: 5\nlanguage: zh-HK\ntaxonomies:\n  topics:\n    terms:\n      - slug: screening\n        nmae: Screening\n      - slug: labour\n        name: Labour\n",
        )
        .unwrap();
        let (config, problems) = Config::load_for_checking(dir.path(), None);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        let config = config.unwrap();
        assert_eq!(config.base_url.path(), "/sub/");
        assert_eq!(config.language, "zh-HK");
        assert_eq!(config.paginate_by, 20);
        let slugs: Vec<&str> = config
            .taxonomies
            .topics
            .terms
            .iter()
            .map(|t| t.slug.as_str())
            .collect();
        assert_eq!(slugs, ["screening", "labour"]);

        std::fs::write(dir.path().join("config.yaml"), "title: [unclosed\n").unwrap();
        let (config, problems) = Config::load_for_checking(dir.path(), None);
        assert!(config.is_none() && problems.len() == 1);
    }

    #[test]
    fn command_line_base_url_wins() {
        let c = Config::parse(
            SourceFile::new("config.yaml", "title: T\nbase_url: https://e.org/\n"),
            Some("https://x.github.io/sub"),
        )
        .unwrap();
        assert_eq!(
            c.base_url
                .absolute(&crate::urls::SitePath::new("statements/"))
                .as_str(),
            "https://x.github.io/sub/statements/"
        );
    }
}
