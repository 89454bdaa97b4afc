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

#[cfg(test)]
mod tests {
    use super::*;

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
