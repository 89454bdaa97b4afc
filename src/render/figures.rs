//! The figures ledger as its pages show it: the index of measures (`/figures/`), and each
//! measure's page (`/figures/<slug>/`) with its figures by period in a table, each linked to its
//! passage, and a bar chart drawn here as SVG.
//!
//! The chart needs no script: it is inline SVG whose text and lines are `currentColor` and
//! whose bars take the theme's accent from the stylesheet (`.chart-bar`), so it follows the
//! light and dark schemes. It is an image with a title and a description (`role="img"`,
//! `aria-labelledby`); the table under it is its text alternative, with every figure and its
//! source. Periods are placed on a time axis (2020 and 2024 are four years apart, not
//! neighbours); a figure the passage gives only roughly is drawn as an outlined bar.

use html_escape::encode_text;
use serde::Serialize;

use crate::model::{Archive, FigureRef};
use crate::urls::Href;

use super::views::DateView;

/// A figure as the ledger's pages show it.
#[derive(Serialize)]
pub struct FigureView {
    pub period_iso: String,
    pub period_human: String,
    /// The value with its thousands grouped: `11,300`.
    pub value: String,
    pub approx: bool,
    pub unit: Option<String>,
    /// The words of the passage that give it: `more than 6,900`.
    pub written: String,
    pub passage: String,
    /// The note beside its passage.
    pub note_url: Href,
    /// The paragraph the passage starts in.
    pub paragraph: usize,
    pub paragraph_url: Href,
    pub statement_title: String,
    pub statement_url: Href,
    pub statement_date: DateView,
}

impl FigureView {
    fn new(archive: &Archive, f: &FigureRef<'_>) -> Self {
        let s = &archive.statements[f.statement];
        FigureView {
            period_iso: f.figure.period.iso(),
            period_human: f.figure.period.human(),
            value: grouped(&f.figure.value),
            approx: f.figure.approx,
            unit: f.unit(archive).map(str::to_string),
            written: f.figure.written.clone(),
            passage: f.note.passage.clone(),
            note_url: f.note_href(archive),
            paragraph: f.note.block,
            paragraph_url: f.paragraph_href(archive),
            statement_title: s.doc.meta.title.clone(),
            statement_url: archive.config.base_url.url(&s.url()),
            statement_date: DateView::from(&s.doc.meta.date),
        }
    }
}

/// A measure in the ledger's index.
#[derive(Serialize)]
pub struct MeasureCard {
    pub slug: String,
    pub name: String,
    pub definition: String,
    pub url: Href,
    pub count: usize,
    /// The figure of its latest period.
    pub latest: Option<FigureView>,
    /// The first and last periods, human form.
    pub first_period: Option<String>,
    pub last_period: Option<String>,
}

/// The ledger's index: every measure, by name.
#[derive(Serialize)]
pub struct FiguresView {
    pub measures: Vec<MeasureCard>,
    pub count: usize,
    pub csv: Href,
}

pub fn index(archive: &Archive) -> FiguresView {
    let all = archive.figures();
    let measures = archive
        .measures
        .iter()
        .enumerate()
        .map(|(m, measure)| {
            let figures: Vec<&FigureRef<'_>> = all.iter().filter(|f| f.measure == m).collect();
            MeasureCard {
                slug: measure.slug.clone(),
                name: measure.name.clone(),
                definition: measure.definition.clone(),
                url: archive.config.base_url.url(&measure.url()),
                count: figures.len(),
                latest: figures.last().map(|f| FigureView::new(archive, f)),
                first_period: figures.first().map(|f| f.figure.period.human()),
                last_period: figures.last().map(|f| f.figure.period.human()),
            }
        })
        .collect();
    FiguresView {
        measures,
        count: all.len(),
        csv: archive
            .config
            .base_url
            .url(&crate::urls::SitePath::new("data/figures.csv")),
    }
}

/// A measure's page.
#[derive(Serialize)]
pub struct MeasureView {
    pub slug: String,
    pub name: String,
    pub definition: String,
    pub unit: Option<String>,
    /// Its file's text, as HTML.
    pub content: Option<String>,
    pub figures: Vec<FigureView>,
    pub any_approx: bool,
    /// The chart, SVG markup (every text in it escaped here); none without figures.
    pub chart: Option<String>,
    pub csv: Href,
    pub index: Href,
}

pub fn measure(archive: &Archive, m: usize) -> MeasureView {
    let measure = &archive.measures[m];
    let figures = archive.figures_of(m);
    let views: Vec<FigureView> = figures
        .iter()
        .map(|f| FigureView::new(archive, f))
        .collect();
    MeasureView {
        slug: measure.slug.clone(),
        name: measure.name.clone(),
        definition: measure.definition.clone(),
        unit: measure.unit.clone(),
        content: measure.rendered.as_ref().map(|r| r.html().to_string()),
        any_approx: views.iter().any(|v| v.approx),
        chart: (!figures.is_empty()).then(|| chart(&measure.slug, &measure.name, &figures, &views)),
        figures: views,
        csv: archive.config.base_url.url(&measure.csv_path()),
        index: archive
            .config
            .base_url
            .url(&crate::urls::SitePath::new("figures/")),
    }
}

/// `11300` as `11,300`; decimals kept as they are (`3.5`).
fn grouped(value: &str) -> String {
    let (integer, fraction) = value
        .split_once('.')
        .map_or((value, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (k, c) in integer.chars().enumerate() {
        if k > 0 && (integer.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Where a period sits on the time axis, in years: the middle of its year, month or day.
fn position(period: crate::date::EventDate) -> f64 {
    let year = f64::from(period.year);
    match (period.month, period.day) {
        (Some(m), Some(d)) => year + (f64::from(m) - 1.0) / 12.0 + (f64::from(d) - 0.5) / 366.0,
        (Some(m), None) => year + (f64::from(m) - 0.5) / 12.0,
        _ => year + 0.5,
    }
}

/// The smallest of 1, 2, 4, 6, 8 × 10ⁿ at least `max`: the top of the value axis, whose four
/// steps are round too (5,000 for 20,000; 100 for 400).
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|step| step * magnitude)
        .find(|&top| top >= max)
        .unwrap_or(10.0 * magnitude)
}

/// The top of the value axis for `values`: a round number at least the largest; for whole
/// numbers, one whose four steps are whole too (2 persons: 0 to 4, not 0 to 2 by 0.5).
fn axis_top(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let top = nice_ceiling(values.clone().fold(0.0, f64::max));
    if values.clone().all(|v| v.fract() == 0.0) && (top / 4.0).fract() != 0.0 {
        (top / 4.0).ceil() * 4.0
    } else {
        top
    }
}

/// A tick label: whole numbers grouped, others to two decimals at most.
fn tick_label(v: f64) -> String {
    if v.fract() == 0.0 {
        grouped(&format!("{v:.0}"))
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 76.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 44.0;

/// A bar of the chart: a value stated for a period, by one or more figures (a value restated
/// in later statements is one bar).
struct Bar<'a> {
    period: crate::date::EventDate,
    value: f64,
    view: &'a FigureView,
    /// How many figures state it.
    count: usize,
}

/// The bars of `figures` (sorted by period, with their `views`): one per period and distinct
/// value, in order.
fn bars<'a>(figures: &[FigureRef<'_>], views: &'a [FigureView]) -> Vec<Bar<'a>> {
    let mut out: Vec<Bar<'a>> = Vec::new();
    for (f, view) in figures.iter().zip(views) {
        let period = f.figure.period;
        // Figures of a period are consecutive: only that run is searched.
        let same = out
            .iter_mut()
            .rev()
            .take_while(|b| b.period == period)
            .find(|b| b.view.value == view.value && b.view.approx == view.approx);
        match same {
            Some(bar) => bar.count += 1,
            None => out.push(Bar {
                period,
                value: f.figure.number(),
                view,
                count: 1,
            }),
        }
    }
    out
}

/// The words describing a bar: `2020: more than 6,900 screenings`.
fn described(bar: &Bar<'_>) -> String {
    let v = bar.view;
    let unit = v.unit.as_deref().map_or(String::new(), |u| format!(" {u}"));
    let times = if bar.count > 1 {
        format!(" (stated {} times)", bar.count)
    } else {
        String::new()
    };
    format!("{}: {}{unit}{times}", v.period_human, v.written)
}

/// The bar chart of a measure's `figures` (by period), as inline SVG.
fn chart(slug: &str, name: &str, figures: &[FigureRef<'_>], views: &[FigureView]) -> String {
    let title_id = format!("chart-title-{slug}");
    let desc_id = format!("chart-desc-{slug}");
    let bars = bars(figures, views);
    let times: Vec<f64> = bars.iter().map(|b| position(b.period)).collect();
    let (first, last) = times
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    let pad = ((last - first) * 0.12).max(0.6);
    let (from, to) = (first - pad, last + pad);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |t: f64| LEFT + (t - from) / (to - from) * plot_w;
    let top = axis_top(bars.iter().map(|b| b.value));
    let y = |v: f64| TOP + plot_h - v / top * plot_h;
    // Bars of one period stand side by side in its slot, as wide as the nearest periods allow.
    let gap = times
        .windows(2)
        .map(|w| x(w[1]) - x(w[0]))
        .filter(|&d| d > 0.0)
        .fold(plot_w, f64::min);
    let group_w = (gap * 0.6).min(72.0);
    let mut slots: Vec<(usize, usize)> = Vec::with_capacity(bars.len());
    let mut k = 0;
    while k < bars.len() {
        let run = bars[k..]
            .iter()
            .take_while(|b| b.period == bars[k].period)
            .count();
        slots.extend((0..run).map(|slot| (slot, run)));
        k += run;
    }

    let description = format!(
        "Bar chart of {} figure{} by period, from {} to {}: {}. The table below gives each figure with the passage that states it.",
        figures.len(),
        if figures.len() == 1 { "" } else { "s" },
        views.first().map_or("", |v| v.period_human.as_str()),
        views.last().map_or("", |v| v.period_human.as_str()),
        bars.iter().map(described).collect::<Vec<_>>().join("; ")
    );
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{title_id}\">{}, by period</title>\n<desc id=\"{desc_id}\">{}</desc>\n",
        encode_text(name),
        encode_text(&description)
    );
    // Value axis: four steps, each a line and a label.
    for step in 0..=4 {
        let v = top * f64::from(step) / 4.0;
        let yy = y(v);
        let class = if step == 0 {
            "chart-axis"
        } else {
            "chart-grid"
        };
        svg.push_str(&format!(
            "<line class=\"{class}\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/>\n<text class=\"chart-tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            WIDTH - RIGHT,
            LEFT - 8.0,
            yy + 4.0,
            tick_label(v)
        ));
    }
    // Labels where they fit: values above bars wide enough, periods far enough apart.
    let label_values = group_w / slots.iter().map(|s| s.1).max().unwrap_or(1) as f64 >= 36.0;
    let mut last_period_label = f64::MIN;
    for (k, bar) in bars.iter().enumerate() {
        let (slot, of) = slots[k];
        let bar_w = group_w / of as f64;
        let left = x(times[k]) - group_w / 2.0 + bar_w * slot as f64;
        let (yy, h) = (y(bar.value), y(0.0) - y(bar.value));
        let class = if bar.view.approx {
            "chart-bar chart-approx"
        } else {
            "chart-bar"
        };
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{left:.1}\" y=\"{yy:.1}\" width=\"{:.1}\" height=\"{h:.1}\"/>\n",
            (bar_w - 2.0).max(1.0),
        ));
        if label_values {
            svg.push_str(&format!(
                "<text class=\"chart-value\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
                left + bar_w / 2.0,
                yy - 6.0,
                encode_text(&bar.view.value)
            ));
        }
        let cx = x(times[k]);
        if slot == 0 && cx - last_period_label >= 56.0 {
            last_period_label = cx;
            svg.push_str(&format!(
                "<text class=\"chart-period\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
                HEIGHT - BOTTOM + 20.0,
                encode_text(&bar.view.period_human)
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_grouped_by_thousands() {
        assert_eq!(grouped("11300"), "11,300");
        assert_eq!(grouped("300"), "300");
        assert_eq!(grouped("1234567"), "1,234,567");
        assert_eq!(grouped("6900.5"), "6,900.5");
    }

    #[test]
    fn the_value_axis_ends_at_a_round_number() {
        assert_eq!(nice_ceiling(11300.0), 20000.0);
        assert_eq!(nice_ceiling(8.0), 8.0);
        assert_eq!(nice_ceiling(254.0), 400.0);
        assert_eq!(nice_ceiling(2150.0), 4000.0);
        assert_eq!(nice_ceiling(2.0), 2.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(tick_label(5000.0), "5,000");
        // Whole numbers get whole steps.
        assert_eq!(axis_top([2.0].into_iter()), 4.0);
        assert_eq!(axis_top([22.0].into_iter()), 40.0);
        assert_eq!(axis_top([3.0].into_iter()), 4.0);
        assert_eq!(axis_top([11300.0, 6900.0].into_iter()), 20000.0);
        assert_eq!(axis_top([0.3].into_iter()), 0.4);
        assert_eq!(tick_label(0.25), "0.25");
    }

    #[test]
    fn periods_sit_in_time_order_at_their_middles() {
        use crate::date::EventDate;
        let p = |s: &str| position(EventDate::parse(s).unwrap());
        assert!(
            p("2020") < p("2021-01")
                && p("2021-01") < p("2021-06-15")
                && p("2021-06-15") < p("2021")
        );
        assert!((p("2024") - 2024.5).abs() < 1e-9);
    }
}
