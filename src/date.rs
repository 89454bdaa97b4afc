//! Dates as archives record them: a calendar date, optionally a time, optionally a UTC offset.
//!
//! Sources often give only a day ("today (2nd)"), or a local time without its zone; an archive must
//! not invent the missing parts, so each part is optional and output shows only what is known.

use std::cmp::Ordering;
use std::fmt;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date with optional time of day and optional UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveDate {
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

const EXPECTED: &str =
    "a date like 2021-07-02, optionally with a time (2021-07-02T10:00) and UTC offset (+08:00)";

impl ArchiveDate {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        let bad = || format!("`{s}` is not {EXPECTED}");
        let (body, offset) = split_offset(s).ok_or_else(bad)?;
        let (date, time) = match body.find(['T', ' ']) {
            None => (body.parse::<Date>().map_err(|_| bad())?, None),
            Some(_) => {
                let dt = body
                    .replacen(' ', "T", 1)
                    .parse::<DateTime>()
                    .map_err(|_| bad())?;
                (dt.date(), Some(dt.time()))
            }
        };
        if offset.is_some() && time.is_none() {
            return Err(format!(
                "`{s}` has a UTC offset but no time; write {EXPECTED}"
            ));
        }
        Ok(ArchiveDate { date, time, offset })
    }

    pub fn year(&self) -> i16 {
        self.date.year()
    }

    /// ISO 8601 with only the known parts: `2021-07-02`, `2025-09-30T10:00`, `…T10:00+08:00`.
    pub fn iso(&self) -> String {
        let mut out = self.date.to_string();
        if let Some(t) = self.time {
            out.push('T');
            out.push_str(&format_time(t));
            if let Some(o) = self.offset {
                out.push_str(&format_offset(o));
            }
        }
        out
    }

    /// Human form: `2 July 2021`, `30 September 2025, 10:00 (UTC+08:00)`.
    pub fn human(&self) -> String {
        let mut out = self.date.strftime("%-d %B %Y").to_string();
        if let Some(t) = self.time {
            out.push_str(", ");
            out.push_str(&format_time(t));
            if let Some(o) = self.offset {
                out.push_str(&format!(" (UTC{})", format_offset(o)));
            }
        }
        out
    }

    /// RFC 3339 for feeds and sitemaps, which need a full timestamp: unknown times become
    /// midnight and unknown offsets UTC. Only for machine formats that cannot express less.
    pub fn rfc3339(&self) -> String {
        let time = self.time.unwrap_or(Time::midnight());
        let offset = self.offset.unwrap_or(Offset::UTC);
        format!(
            "{}T{}{}",
            self.date,
            time.strftime("%H:%M:%S"),
            if offset == Offset::UTC {
                "Z".to_string()
            } else {
                format_offset(offset)
            }
        )
    }
}

fn format_time(t: Time) -> String {
    if t.second() == 0 {
        t.strftime("%H:%M").to_string()
    } else {
        t.strftime("%H:%M:%S").to_string()
    }
}

fn format_offset(o: Offset) -> String {
    if o == Offset::UTC {
        return "Z".into();
    }
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

/// Splits a trailing `Z` or `±HH:MM` from a date-time; `None` if the offset is malformed.
fn split_offset(s: &str) -> Option<(&str, Option<Offset>)> {
    if !s.contains(['T', ' ']) {
        return Some((s, None));
    }
    if let Some(body) = s.strip_suffix('Z') {
        return Some((body, Some(Offset::UTC)));
    }
    let time_start = s.find(['T', ' '])?;
    let Some(i) = s[time_start..].rfind(['+', '-']).map(|i| time_start + i) else {
        return Some((s, None));
    };
    let (body, off) = s.split_at(i);
    let sign: i32 = if off.starts_with('-') { -1 } else { 1 };
    let (h, m) = off[1..].split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 17 || m > 59 || off.len() != 6 {
        return None;
    }
    Some((
        body,
        Some(Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()?),
    ))
}

/// Ordered by local date and time, a missing time counting as midnight; ties are broken by
/// whether the time is known and by offset, so the order agrees with equality.
impl Ord for ArchiveDate {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |d: &Self| {
            (
                d.date,
                d.time.unwrap_or(Time::midnight()),
                d.time.is_some(),
                d.offset.map(|o| o.seconds()),
            )
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for ArchiveDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ArchiveDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for ArchiveDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ArchiveDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for ArchiveDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// The date of an event an editor declares (`event: {date}` in a notes file): a year
/// (`2018`), a month (`2018-03`) or a day (`2018-03-15`), as precise as the passage it rests
/// on and no more. Ordered by [`EventDate::sort_key`]: a month after its days, a year after
/// its months (what happened "in 2020" is told once the year is over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

const EVENT_EXPECTED: &str = "a year (2018), a month (2018-03) or a day (2018-03-15)";

impl EventDate {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        let bad = || format!("`{s}` is not {EVENT_EXPECTED}");
        let parts: Vec<&str> = s.split('-').collect();
        let number = |p: &str, len: usize| {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<i16>().ok())
                .flatten()
        };
        let year = parts.first().and_then(|p| number(p, 4)).ok_or_else(bad)?;
        let month = match parts.get(1) {
            Some(p) => Some(number(p, 2).ok_or_else(bad)?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(p) => Some(number(p, 2).ok_or_else(bad)?),
            None => None,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        // Checked as a calendar date (its first day, when less precise).
        Date::new(year, month.unwrap_or(1) as i8, day.unwrap_or(1) as i8)
            .map_err(|_| format!("`{s}` is not a date of the calendar; write {EVENT_EXPECTED}"))?;
        Ok(EventDate {
            year,
            month: month.map(|m| m as i8),
            day: day.map(|d| d as i8),
        })
    }

    /// `(year, month, day)` with an unknown month as 13 and an unknown day as 32, so that a
    /// year sorts after its months and a month after its days, and a calendar date `(y, m, d)`
    /// can be sorted with them.
    pub fn sort_key(&self) -> (i16, i8, i8) {
        (self.year, self.month.unwrap_or(13), self.day.unwrap_or(32))
    }

    /// ISO 8601 with only the known parts: `2018`, `2018-03`, `2018-03-15`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Human form: `2018`, `March 2018`, `15 March 2018`.
    pub fn human(&self) -> String {
        let first = Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or_default();
        match (self.month, self.day) {
            (Some(_), Some(_)) => first.strftime("%-d %B %Y").to_string(),
            (Some(_), None) => first.strftime("%B %Y").to_string(),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Ord for EventDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for EventDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_dates_keep_their_precision() {
        let y = EventDate::parse("2018").unwrap();
        assert_eq!((y.iso(), y.human()), ("2018".into(), "2018".into()));
        let m = EventDate::parse("2018-03").unwrap();
        assert_eq!(
            (m.iso(), m.human()),
            ("2018-03".into(), "March 2018".into())
        );
        let d = EventDate::parse("2024-02-29").unwrap();
        assert_eq!(
            (d.iso(), d.human()),
            ("2024-02-29".into(), "29 February 2024".into())
        );
        let day = EventDate::parse("2018-03-01").unwrap();
        assert!(
            day < m && m < y,
            "a month after its days, a year after its months"
        );
        assert!(y < EventDate::parse("2019-01").unwrap());
    }

    #[test]
    fn event_dates_that_are_not_dates_are_refused() {
        for bad in [
            "",
            "18",
            "2018-3",
            "2018-13",
            "2023-02-29",
            "2018-03-15-1",
            "March 2018",
            "2018/03",
        ] {
            assert!(EventDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn keeps_only_the_known_parts() {
        let d = ArchiveDate::parse("2021-07-02").unwrap();
        assert_eq!(d.iso(), "2021-07-02");
        assert_eq!(d.human(), "2 July 2021");
        assert_eq!(d.year(), 2021);

        let d = ArchiveDate::parse("2025-09-30T10:00").unwrap();
        assert_eq!(d.iso(), "2025-09-30T10:00");
        assert_eq!(d.human(), "30 September 2025, 10:00");

        let d = ArchiveDate::parse("2025-09-30T11:08:30+08:00").unwrap();
        assert_eq!(d.iso(), "2025-09-30T11:08:30+08:00");
        assert_eq!(d.human(), "30 September 2025, 11:08:30 (UTC+08:00)");
        assert_eq!(d.rfc3339(), "2025-09-30T11:08:30+08:00");
    }

    #[test]
    fn feeds_get_full_timestamps() {
        assert_eq!(
            ArchiveDate::parse("2021-07-02").unwrap().rfc3339(),
            "2021-07-02T00:00:00Z"
        );
        assert_eq!(
            ArchiveDate::parse("2021-07-02 09:30Z").unwrap().iso(),
            "2021-07-02T09:30Z"
        );
        assert_eq!(
            ArchiveDate::parse("2021-07-02T09:30-05:00")
                .unwrap()
                .rfc3339(),
            "2021-07-02T09:30:00-05:00"
        );
    }

    #[test]
    fn rejects_malformed_dates_with_an_example() {
        for bad in [
            "2021-13-01",
            "2 July 2021",
            "2021-07-02T25:00",
            "2021-07-02T10:00+8",
            "",
        ] {
            let err = ArchiveDate::parse(bad).unwrap_err();
            assert!(err.contains("2021-07-02"), "{bad}: {err}");
        }
    }

    #[test]
    fn orders_by_date_then_time() {
        let a = ArchiveDate::parse("2021-07-02").unwrap();
        let b = ArchiveDate::parse("2021-07-02T08:00").unwrap();
        let c = ArchiveDate::parse("2021-07-03").unwrap();
        assert!(a < b && b < c);
        // Equal-looking dates that differ are ordered, never reported equal.
        let midnight = ArchiveDate::parse("2021-07-02T00:00").unwrap();
        let zoned = ArchiveDate::parse("2021-07-02T00:00+08:00").unwrap();
        assert!(a < midnight && midnight < zoned);
        assert_eq!(a.cmp(&midnight) == Ordering::Equal, a == midnight);
    }
}
