//! `data/timeline/<year>.json`: the timeline in the JSON format of TimelineJS3 (Knight Lab's
//! timeline viewer), so a reader can show the archive's statements, the events they state
//! and the reports they answer in that viewer without converting anything. A file per year
//! (each slide in the file of its date's year, as `plan::data` plans them): a viewer loads a
//! file whole, and the archive's at 100,000 statements would be 66 MB.
//!
//! Each item is a slide: `start_date` with only the parts known (`year`, `month`, `day`), a
//! `text` with a `headline` and an HTML `text` (escaped here: titles and passages are the
//! archive's, untrusted), a `group` (statements, events, reports answered) and a `unique_id`.

use html_escape::encode_text;
use serde::Serialize;

use crate::date::EventDate;
use crate::model::Archive;

#[derive(Serialize)]
struct Timeline {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<StartDate>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

/// TimelineJS3's date object: only the known parts, as strings.
#[derive(Serialize)]
struct StartDate {
    year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<String>,
}

impl StartDate {
    fn new(year: i16, month: Option<i8>, day: Option<i8>) -> Self {
        StartDate {
            year: year.to_string(),
            month: month.map(|m| m.to_string()),
            day: day.map(|d| d.to_string()),
        }
    }
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// A link as TimelineJS3 shows it in a slide's HTML text.
fn link(url: &str, label: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        html_escape::encode_double_quoted_attribute(url),
        encode_text(label)
    )
}

/// `year`'s file: its statements in archive order, its events by date, then the reports
/// answered that year (TimelineJS3 orders slides by date itself).
pub fn json(archive: &Archive, year: i16) -> Vec<u8> {
    let config = &archive.config;
    let mut events = Vec::new();
    let statements = archive
        .statements
        .iter()
        .filter(|s| s.doc.meta.date.year() == year);
    for s in statements {
        let meta = &s.doc.meta;
        let d = meta.date.date;
        events.push(Slide {
            start_date: Some(StartDate::new(d.year(), Some(d.month()), Some(d.day()))),
            text: Text {
                headline: encode_text(&meta.title).into_owned(),
                text: format!(
                    "<p>{}</p><p>{}</p>",
                    encode_text(&meta.issuer),
                    link(s.permalink.as_str(), "Read the statement")
                ),
            },
            group: Some("Statements"),
            display_date: Some(meta.date.human()),
            unique_id: Some(format!("statement-{}", s.doc.slug)),
        });
    }
    let stated = archive.events().into_iter();
    for event in stated.filter(|e| e.meta.date.year == year) {
        let s = &archive.statements[event.statement];
        let EventDate { year, month, day } = event.meta.date;
        let circa = if event.meta.circa { "c. " } else { "" };
        events.push(Slide {
            start_date: Some(StartDate::new(year, month, day)),
            text: Text {
                headline: encode_text(&event.meta.title).into_owned(),
                text: format!(
                    "<blockquote>{}</blockquote><p>{}, {}</p>",
                    encode_text(&event.note.passage),
                    link(
                        event.permalink(archive).as_str(),
                        &format!("¶{} of {}", event.note.block, s.doc.meta.title)
                    ),
                    encode_text(&s.doc.meta.date.human()),
                ),
            },
            group: Some("Events"),
            display_date: Some(format!("{circa}{}", event.meta.date.human())),
            unique_id: Some(format!("event-{}-{}", s.doc.slug, event.note.meta.id)),
        });
    }
    let mut answered: Vec<(i32, &str, &crate::model::Statement)> = archive
        .statements
        .iter()
        .filter_map(|s| {
            let r = s.doc.meta.responds_to.as_ref()?;
            Some((r.year?, r.document.as_str(), s))
        })
        .filter(|&(answered, _, _)| answered == i32::from(year))
        .collect();
    answered.sort_by_key(|&(year, document, _)| (year, document));
    answered.dedup_by_key(|&mut (year, document, _)| (year, document));
    for (year, document, s) in answered {
        let rating = s
            .doc
            .meta
            .responds_to
            .as_ref()
            .and_then(|r| r.rating.as_deref());
        events.push(Slide {
            start_date: Some(StartDate::new(year as i16, None, None)),
            text: Text {
                headline: encode_text(&format!("{document} {year}")).into_owned(),
                text: rating.map_or(String::new(), |r| {
                    format!("<p>Rating given: {}</p>", encode_text(r))
                }),
            },
            group: Some("Reports answered"),
            display_date: None,
            unique_id: Some(format!("report-{year}-{}", crate::urls::slugify(document))),
        });
    }
    let timeline = Timeline {
        title: Slide {
            start_date: None,
            text: Text {
                headline: encode_text(&format!("{}: {year}", config.title)).into_owned(),
                text: format!(
                    "<p>{}</p>",
                    encode_text("Statements, the events they state and the reports they answer")
                ),
            },
            group: None,
            display_date: None,
            unique_id: Some("title".into()),
        },
        events,
    };
    let mut out = serde_json::to_vec(&timeline).unwrap_or_default();
    out.push(b'\n');
    out
}
