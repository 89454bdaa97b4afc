//! The performance targets of the scale issue (10), checked against one run's rows: each is a ratio or a
//! bound on figures measured in the same run, so the table says whether this machine meets it.

use std::fmt::Write;

use super::Row;

const MB: f64 = 1_048_576.0;

/// The row of the archive without what the features across statements find in its texts
/// (`--across-cost`), against which their cost is judged (the cross-statement issue, 14).
pub const ACROSS_BASELINE: &str = "annals (no figures, events, mentions, claims)";

/// One target: what it asks, what was measured, and whether that meets it.
struct Check {
    target: String,
    measured: String,
    met: bool,
}

/// A figure of the full build, with that of the build without search if there is one.
fn with_no_search(full: String, bare: Option<String>) -> String {
    match bare {
        Some(bare) => format!("{full} ({bare} without search)"),
        None => full,
    }
}

/// The targets whose figures the rows hold, as a Markdown table (empty if none).
pub fn table(rows: &[Row]) -> String {
    let find = |n: usize, tool: &str| rows.iter().find(|r| r.statements == n && r.tool == tool);
    let wall = |r: &Row| r.cost.wall.as_secs_f64();
    let rss = |r: &Row| r.cost.peak_rss as f64 / MB;
    let mut checks = Vec::new();
    if let (Some(a), Some(h)) = (find(10_000, "annals"), find(10_000, "hugo + pagefind")) {
        checks.push(Check {
            target: "10,000 statements with search: ≤ 0.25× the time of Hugo + Pagefind".into(),
            measured: format!("{:.2}×", wall(a) / wall(h)),
            met: wall(a) <= 0.25 * wall(h),
        });
    }
    if let (Some(a), Some(f)) = (find(10_000, "annals (no search)"), find(10_000, "floor")) {
        checks.push(Check {
            target: "10,000 statements without search: ≤ 2× the floor's time".into(),
            measured: format!("{:.2}×", wall(a) / wall(f)),
            met: wall(a) <= 2.0 * wall(f),
        });
    }
    for (n, limit) in [(10_000, 500.0), (100_000, 1536.0)] {
        if let Some(a) = find(n, "annals") {
            let bare = find(n, "annals (no search)").map(|r| format!("{:.0} MB", rss(r)));
            checks.push(Check {
                target: format!("peak memory at {n} statements with search ≤ {limit:.0} MB"),
                measured: with_no_search(format!("{:.0} MB", rss(a)), bare),
                met: rss(a) <= limit,
            });
        }
    }
    // The full build is judged; the build without search is shown beside it where measured.
    let growth = |tool: &str| {
        let per = |r: &Row| wall(r) / r.statements as f64;
        Some(per(find(100_000, tool)?) / per(find(10_000, tool)?))
    };
    if let Some(g) = growth("annals") {
        checks.push(Check {
            target: "linear: time per statement at 100,000 ≤ 1.25× that at 10,000".into(),
            measured: with_no_search(
                format!("{g:.2}×"),
                growth("annals (no search)").map(|g| format!("{g:.2}×")),
            ),
            met: g <= 1.25,
        });
    }
    if let Some(a) = find(100_000, "annals") {
        checks.push(Check {
            target: "100,000 statements with search in ≤ 90 s".into(),
            measured: format!("{:.1} s", wall(a)),
            met: wall(a) <= 90.0,
        });
    }
    if let Some(a) = find(10_000, "annals") {
        let per = |x: f64| x / a.statements as f64;
        let kb = per(a.output.bytes as f64) / 1e3;
        let files = per(a.output.files as f64);
        checks.push(Check {
            target: "output at 10,000 statements: ≤ 35 KB and ≤ 3 files per statement".into(),
            measured: format!("{kb:.1} KB, {files:.2} files"),
            met: kb <= 35.0 && files <= 3.0,
        });
    }
    let mut sizes: Vec<usize> = rows.iter().map(|r| r.statements).collect();
    sizes.dedup();
    for n in sizes {
        if let (Some(a), Some(b)) = (find(n, "annals"), find(n, ACROSS_BASELINE)) {
            let share = (wall(a) - wall(b)) / wall(a);
            checks.push(Check {
                target: format!(
                    "{n} statements: figures, events, mentions and claims ≤ 15% of the build"
                ),
                measured: format!("{:.0}%", share * 100.0),
                met: share <= 0.15,
            });
        }
    }
    if checks.is_empty() {
        return String::new();
    }
    let mut out = String::from("| target | measured | met |\n|---|---:|---|\n");
    for c in checks {
        let met = if c.met { "yes" } else { "no" };
        writeln!(out, "| {} | {} | {met} |", c.target, c.measured).unwrap();
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::measure::{Cost, Output};

    fn row(statements: usize, tool: &str, secs: f64, mb: u64) -> Row {
        Row {
            statements,
            tool: tool.into(),
            runs: 1,
            cost: Cost {
                wall: Duration::from_secs_f64(secs),
                cpu: Duration::from_secs_f64(secs),
                peak_rss: mb * 1_048_576,
            },
            output: Output {
                pages: statements,
                files: statements * 3,
                bytes: statements as u64 * 40_000,
            },
        }
    }

    fn verdict(table: &str, target: &str) -> String {
        let line = table.lines().find(|l| l.contains(target)).unwrap();
        line.trim_end_matches(" |")
            .rsplit("| ")
            .next()
            .unwrap()
            .to_string()
    }

    #[test]
    fn each_target_is_judged_from_its_own_rows() {
        let rows = [
            row(10_000, "annals", 3.0, 450),
            row(10_000, "annals (no search)", 2.5, 200),
            row(10_000, "floor", 1.0, 4),
            row(10_000, "hugo", 10.0, 1200),
            row(10_000, "hugo + pagefind", 14.0, 1200),
            row(100_000, "annals", 36.0, 1600),
            row(100_000, "annals (no search)", 30.0, 900),
        ];
        let t = table(&rows);
        assert_eq!(verdict(&t, "≤ 0.25× the time of Hugo + Pagefind"), "yes");
        assert!(t.contains("| 0.21× |"), "{t}");
        assert_eq!(verdict(&t, "≤ 2× the floor's time"), "no");
        assert_eq!(verdict(&t, "linear"), "yes");
        assert!(t.contains("| 1.20× (1.20× without search) |"), "{t}");
        assert!(t.contains("| 1600 MB (900 MB without search) |"), "{t}");
        assert_eq!(
            verdict(&t, "at 10000 statements with search ≤ 500 MB"),
            "yes"
        );
        assert_eq!(
            verdict(&t, "at 100000 statements with search ≤ 1536 MB"),
            "no"
        );
        assert_eq!(verdict(&t, "in ≤ 90 s"), "yes");
        assert!(t.contains("| 40.0 KB, 3.00 files |"), "{t}");
        assert_eq!(verdict(&t, "≤ 35 KB and ≤ 3 files"), "no");
    }

    #[test]
    fn the_cost_across_statements_is_judged_at_each_size_measured() {
        let rows = [
            row(1_000, "annals", 2.0, 100),
            row(1_000, ACROSS_BASELINE, 1.8, 100),
            row(10_000, "annals", 20.0, 400),
            row(10_000, ACROSS_BASELINE, 15.0, 400),
        ];
        let t = table(&rows);
        assert!(t.contains("| 10% |"), "{t}");
        assert_eq!(verdict(&t, "1000 statements: figures"), "yes");
        assert!(t.contains("| 25% |"), "{t}");
        assert_eq!(verdict(&t, "10000 statements: figures"), "no");
    }

    #[test]
    fn no_rows_for_the_targets_no_table() {
        assert_eq!(table(&[row(1_000, "annals", 1.0, 100)]), "");
    }
}
