//! How to cite a statement: a formatted reference for readers, and BibTeX and CSL-JSON for
//! reference managers.
//!
//! The date a reader accessed the archive is theirs to add: a static build cannot know it, and
//! putting the build date in the output would make two builds differ.

use serde::Serialize;

use crate::content::meta::Translation;
use crate::model::{Archive, Statement};

/// What a citation says, drawn from the statement's record and the archive's config.
pub struct Citation<'a> {
    pub key: String,
    pub issuer: &'a str,
    pub title: &'a str,
    pub date_iso: String,
    pub date_human: String,
    pub year: i16,
    pub month: i8,
    pub day: i8,
    pub url: &'a str,
    pub archive: &'a str,
    pub archive_publisher: Option<&'a str>,
    /// Where the text came from and whether it is a translation, as one sentence.
    pub provenance: Option<String>,
    /// How the date was inferred, when it is the archive's inference rather than the source's.
    pub date_inferred: Option<&'a str>,
    pub language: &'a str,
}

impl<'a> Citation<'a> {
    pub fn new(archive: &'a Archive, s: &'a Statement) -> Self {
        let meta = &s.doc.meta;
        let provenance = meta.source.as_ref().map(|src| {
            let mut parts = Vec::new();
            let by: Vec<&str> = [src.publisher.as_deref(), src.author.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !by.is_empty() {
                parts.push(format!("Reported by {}", by.join(", ")));
            }
            if src.translation != Translation::None {
                let mut t = src.translation.label().to_string();
                if let Some(from) = &src.original_language {
                    t.push_str(&format!(" from {from}"));
                }
                parts.push(capitalize(&t));
            }
            parts.join(". ")
        });
        Citation {
            key: format!("annals:{}", s.doc.slug),
            issuer: &meta.issuer,
            title: &meta.title,
            date_iso: meta.date.date.to_string(),
            date_human: meta.date.date.strftime("%-d %B %Y").to_string(),
            year: meta.date.date.year(),
            month: meta.date.date.month(),
            day: meta.date.date.day(),
            url: s.permalink.as_str(),
            archive: &archive.config.title,
            archive_publisher: archive.config.publisher.as_ref().map(|p| p.name.as_str()),
            provenance: provenance.filter(|p| !p.is_empty()),
            date_inferred: meta
                .date_inferred
                .then(|| meta.date_note.as_deref().unwrap_or("")),
            language: meta.language.as_deref().unwrap_or(&archive.config.language),
        }
    }

    /// The reference as readers copy it, without the access date.
    pub fn formatted(&self) -> String {
        let inferred = if self.date_inferred.is_some() {
            " (date inferred)"
        } else {
            ""
        };
        let mut out = format!(
            "{}. “{}.” {}{inferred}.",
            self.issuer, self.title, self.date_human
        );
        if let Some(p) = &self.provenance {
            out.push_str(&format!(" {p}."));
        }
        out.push_str(&format!(" In {}. {}", self.archive, self.url));
        out
    }

    /// A BibTeX entry.
    pub fn bibtex(&self) -> String {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let month = MONTHS
            .get((self.month - 1) as usize)
            .copied()
            .unwrap_or("jan");
        let mut fields = vec![
            ("author", format!("{{{}}}", tex(self.issuer))),
            ("title", format!("{{{}}}", tex(self.title))),
            ("date", self.date_iso.clone()),
            ("year", self.year.to_string()),
            ("howpublished", tex(self.archive)),
            ("url", self.url.to_string()),
            ("langid", self.language.to_string()),
        ];
        if let Some(note) = self.note() {
            fields.push(("note", tex(&note)));
        }
        if let Some(publisher) = self.archive_publisher {
            fields.push(("organization", tex(publisher)));
        }
        let mut out = format!("@misc{{{},\n", self.key);
        for (name, value) in fields {
            out.push_str(&format!("  {name:<12} = {{{value}}},\n"));
        }
        out.push_str(&format!("  {:<12} = {month},\n}}\n", "month"));
        out
    }

    /// The note BibTeX and CSL-JSON carry: the provenance, and how the date was inferred.
    fn note(&self) -> Option<String> {
        let provenance = self.provenance.as_ref().map(|p| format!("{p}."));
        let inferred = self.date_inferred.map(|how| {
            if how.is_empty() {
                "Date inferred by the archive.".to_string()
            } else {
                format!("Date inferred by the archive: {how}")
            }
        });
        let parts: Vec<String> = provenance.into_iter().chain(inferred).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// A CSL-JSON item list (one item), as reference managers import it.
    pub fn csl_json(&self) -> String {
        #[derive(Serialize)]
        struct Name<'a> {
            literal: &'a str,
        }
        #[derive(Serialize)]
        struct Issued {
            #[serde(rename = "date-parts")]
            date_parts: [[i32; 3]; 1],
            /// CSL's mark of an approximate date, here the archive's inference.
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            circa: bool,
        }
        #[derive(Serialize)]
        struct Item<'a> {
            id: &'a str,
            #[serde(rename = "type")]
            kind: &'static str,
            title: &'a str,
            author: [Name<'a>; 1],
            issued: Issued,
            #[serde(rename = "URL")]
            url: &'a str,
            #[serde(rename = "container-title")]
            container_title: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            publisher: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<String>,
            language: &'a str,
        }
        let item = Item {
            id: &self.key,
            kind: "document",
            title: self.title,
            author: [Name {
                literal: self.issuer,
            }],
            issued: Issued {
                date_parts: [[self.year.into(), self.month.into(), self.day.into()]],
                circa: self.date_inferred.is_some(),
            },
            url: self.url,
            container_title: self.archive,
            publisher: self.archive_publisher,
            note: self.note(),
            language: self.language,
        };
        let mut json = serde_json::to_string_pretty(&[item]).unwrap_or_default();
        json.push('\n');
        json
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Text escaped for a BibTeX field: TeX's special characters made literal.
fn tex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '#' | '$' | '%' | '&' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation() -> Citation<'static> {
        Citation {
            key: "annals:s".into(),
            issuer: "Government & People {of} X",
            title: "A 100% statement_1",
            date_iso: "2021-07-02".into(),
            date_human: "2 July 2021".into(),
            year: 2021,
            month: 7,
            day: 2,
            url: "https://e.org/statements/s/",
            archive: "The Archive",
            archive_publisher: Some("The Editors"),
            provenance: Some(
                "Reported by A Paper, A Reporter. Machine translation from Chinese".into(),
            ),
            date_inferred: None,
            language: "en",
        }
    }

    #[test]
    fn formatted_reference_reads_naturally() {
        assert_eq!(
            citation().formatted(),
            "Government & People {of} X. “A 100% statement_1.” 2 July 2021. Reported by A Paper, A Reporter. Machine translation from Chinese. In The Archive. https://e.org/statements/s/"
        );
    }

    #[test]
    fn bibtex_escapes_tex_and_keeps_braces_balanced() {
        let b = citation().bibtex();
        assert!(b.starts_with("@misc{annals:s,\n"), "{b}");
        assert!(
            b.contains("author       = {{Government \\& People \\{of\\} X}},"),
            "{b}"
        );
        assert!(
            b.contains("title        = {{A 100\\% statement\\_1}},"),
            "{b}"
        );
        assert!(b.contains("month        = jul,"), "{b}");
        assert!(
            b.contains("url          = {https://e.org/statements/s/},"),
            "{b}"
        );
        let opens = b.matches('{').count() - b.matches("\\{").count();
        let closes = b.matches('}').count() - b.matches("\\}").count();
        assert_eq!(opens, closes, "{b}");
    }

    #[test]
    fn an_inferred_date_is_marked_in_every_form() {
        let c = Citation {
            date_inferred: Some("The source says only “today (2nd)”."),
            ..citation()
        };
        assert!(
            c.formatted().contains(" 2 July 2021 (date inferred). "),
            "{}",
            c.formatted()
        );
        let b = c.bibtex();
        assert!(
            b.contains("note         = {Reported by A Paper, A Reporter. Machine translation from Chinese. Date inferred by the archive: The source says only “today (2nd)”.},"),
            "{b}"
        );
        let v: serde_json::Value = serde_json::from_str(&c.csl_json()).unwrap();
        assert_eq!(v[0]["issued"]["circa"], true);
        assert!(
            v[0]["note"]
                .as_str()
                .unwrap()
                .ends_with("Date inferred by the archive: The source says only “today (2nd)”.")
        );
        // A date the source gives is not marked.
        let plain: serde_json::Value = serde_json::from_str(&citation().csl_json()).unwrap();
        assert!(plain[0]["issued"].get("circa").is_none());
        assert!(!citation().bibtex().contains("inferred"));
    }

    #[test]
    fn csl_json_is_an_item_list() {
        let v: serde_json::Value = serde_json::from_str(&citation().csl_json()).unwrap();
        let item = &v[0];
        assert_eq!(item["type"], "document");
        assert_eq!(item["author"][0]["literal"], "Government & People {of} X");
        assert_eq!(
            item["issued"]["date-parts"][0],
            serde_json::json!([2021, 7, 2])
        );
        assert_eq!(item["URL"], "https://e.org/statements/s/");
        assert_eq!(item["container-title"], "The Archive");
    }
}
