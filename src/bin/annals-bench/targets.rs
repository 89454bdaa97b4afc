//! The performance targets of issue 6, checked against one run's rows: each is a ratio or a
//! bound on figures measured in the same run, so the table says whether this machine meets it.

use std::fmt::Write;

use super::Row;

const MB: f64 = 1_048_576.0;

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
    if let (Some(a), Some(f)) = (find(10_000, "annals (no search)"), find(10_000, "floor")) {
        checks.push(Check {
            target: "10,000 statements without search: ≤ 2× the floor's time".into(),
            measured: format!("{:.2}×", wall(a) / wall(f)),
            met: wall(a) <= 2.0 * wall(f),
        });
    }
    if let (Some(a), Some(h)) = (find(10_000, "annals (no search)"), find(10_000, "hugo")) {
        checks.push(Check {
            target: "10,000 statements without search: ≤ 1/5 of Hugo's time".into(),
            measured: format!("{:.2} of Hugo's", wall(a) / wall(h)),
            met: wall(a) * 5.0 <= wall(h),
        });
    }
    if let (Some(a), Some(h)) = (find(10_000, "annals"), find(10_000, "hugo")) {
        checks.push(Check {
            target: "10,000 statements with search: ≤ 1/3 of Hugo's time".into(),
            measured: format!("{:.2} of Hugo's", wall(a) / wall(h)),
            met: wall(a) * 3.0 <= wall(h),
        });
    }
    // The full build is judged; the build without search is shown beside it where measured.
    let growth = |tool: &str| {
        let per = |r: &Row| wall(r) / r.statements as f64;
        Some(per(find(50_000, tool)?) / per(find(10_000, tool)?))
    };
    if let Some(g) = growth("annals") {
        checks.push(Check {
            target: "linear: time per statement at 50,000 ≤ 1.2× that at 10,000".into(),
            measured: with_no_search(
                format!("{g:.2}×"),
                growth("annals (no search)").map(|g| format!("{g:.2}×")),
            ),
            met: g <= 1.2,
        });
    }
    for (n, limit) in [(10_000, 300.0), (50_000, 1024.0), (100_000, 2048.0)] {
        if let Some(a) = find(n, "annals") {
            let bare = find(n, "annals (no search)").map(|r| format!("{:.0} MB", rss(r)));
            checks.push(Check {
                target: format!("peak memory at {n} statements ≤ {limit:.0} MB"),
                measured: with_no_search(format!("{:.0} MB", rss(a)), bare),
                met: rss(a) <= limit,
            });
        }
    }
    if let Some(a) = find(100_000, "annals") {
        checks.push(Check {
            target: "100,000 statements in under 60 s".into(),
            measured: format!("{:.1} s", wall(a)),
            met: wall(a) < 60.0,
        });
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
    use crate::measure::Cost;

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
            pages: statements,
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
            row(10_000, "annals", 3.0, 250),
            row(10_000, "annals (no search)", 2.5, 200),
            row(10_000, "floor", 1.0, 4),
            row(10_000, "hugo", 10.0, 1200),
            row(50_000, "annals", 16.0, 1100),
            row(50_000, "annals (no search)", 20.0, 900),
        ];
        let t = table(&rows);
        assert_eq!(verdict(&t, "≤ 2× the floor's time"), "no");
        assert_eq!(verdict(&t, "≤ 1/5 of Hugo's time"), "no");
        assert_eq!(verdict(&t, "≤ 1/3 of Hugo's time"), "yes");
        assert_eq!(verdict(&t, "linear"), "yes");
        assert!(t.contains("| 1.07× (1.60× without search) |"), "{t}");
        assert!(t.contains("| 1100 MB (900 MB without search) |"), "{t}");
        assert_eq!(verdict(&t, "at 10000 statements ≤ 300 MB"), "yes");
        assert_eq!(verdict(&t, "at 50000 statements ≤ 1024 MB"), "no");
        assert!(!t.contains("100,000 statements in under"));
    }

    #[test]
    fn no_rows_for_the_targets_no_table() {
        assert_eq!(table(&[row(1_000, "annals", 1.0, 100)]), "");
    }
}
