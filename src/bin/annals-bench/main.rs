//! The Annals benchmark. One command, from a fresh clone:
//!
//! ```sh
//! cargo run --release --bin annals-bench -- --statements 1000,10000 --write BENCHMARKS.md
//! ```
//!
//! For each size it generates a deterministic synthetic archive (`corpus`), then builds it with
//! `annals build`, with the floor program (`floor`), with Hugo (`hugo`, Debian's package) on the
//! same Markdown, and with Hugo followed by Pagefind's own indexer (npm package `pagefind`), and
//! reports wall time, CPU time, peak memory, pages per second, the output's size and files, and
//! the ratios to the floor, Hugo and Hugo + Pagefind. `--notes-cost` also builds the archive without its notes
//! files, to measure what annotations cost; `--search-cost` builds it without its search index;
//! `--across-cost` builds it without what the features across statements find in the texts
//! (figures, events, named entities, recurring sentences), to measure what they cost.

mod corpus;
mod floor;
mod hugo;
mod latency;
mod measure;
mod targets;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use clap::{Parser, Subcommand};
use measure::Cost;

#[derive(Parser)]
#[command(about = "Benchmark annals against a minimal floor program and Hugo")]
struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Archive sizes to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    statements: Vec<usize>,
    /// Runs per measurement; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Where corpora and outputs go.
    #[arg(long, default_value = "target/bench")]
    work: PathBuf,
    /// Skip Hugo even if it is installed.
    #[arg(long)]
    no_hugo: bool,
    /// Pagefind's command-line indexer, run over Hugo's output as a Hugo user adds search
    /// (npm package `pagefind`); found on PATH or in `.ci/tools/node_modules/.bin` if not given.
    #[arg(long)]
    pagefind: Option<PathBuf>,
    /// Write every tool's output into memory (`/dev/shm`) rather than under `--work`, so that
    /// the disk's noise does not swamp the comparison; the corpora stay under `--work`.
    #[arg(long)]
    memory: bool,
    /// Also build each archive without its notes, to measure what annotations cost.
    #[arg(long)]
    notes_cost: bool,
    /// Also build each archive without its search index, to measure what search costs.
    #[arg(long)]
    search_cost: bool,
    /// Also build each archive without figures, events, entities named in the texts and
    /// recurring sentences, to measure what the features across statements cost.
    #[arg(long)]
    across_cost: bool,
    /// Write the results table into this Markdown file (BENCHMARKS.md).
    #[arg(long)]
    write: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Sub {
    /// Run the floor program (used by the benchmark itself).
    Floor { root: PathBuf, output: PathBuf },
    /// Only generate a corpus.
    Generate {
        root: PathBuf,
        #[arg(long)]
        statements: usize,
        #[arg(long)]
        no_notes: bool,
    },
    /// Measure how long `annals serve` takes from saving a statement to the reload event.
    ServeLatency {
        /// Size of the synthetic archive.
        #[arg(long, default_value_t = 10000)]
        statements: usize,
        /// Saves of each kind of edit.
        #[arg(long, default_value_t = 10)]
        runs: usize,
        #[arg(long, default_value_t = 18_731)]
        port: u16,
        /// Where the corpus is generated.
        #[arg(long, default_value = "target/bench/serve")]
        work: PathBuf,
    },
}

struct Row {
    statements: usize,
    tool: String,
    /// How many runs the median is of (fewer than asked when more would not fit on the disk).
    runs: usize,
    cost: Cost,
    /// What the last run wrote.
    output: measure::Output,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.command {
        Some(Sub::Floor { root, output }) => floor::run(root, output)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Some(Sub::Generate {
            root,
            statements,
            no_notes,
        }) => {
            let shape = corpus::Shape {
                notes: !no_notes,
                ..corpus::Shape::FULL
            };
            corpus::generate(root, *statements, shape).map_err(|e| e.to_string())
        }
        Some(Sub::ServeLatency {
            statements,
            runs,
            port,
            work,
        }) => serve_latency(*statements, *runs, *port, work),
        None => bench(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("annals-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn sibling_binary(name: &str) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let path = me.with_file_name(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found; build it with cargo build --release",
            path.display()
        ))
    }
}

fn bench(args: &Args) -> Result<(), String> {
    let annals = sibling_binary("annals")?;
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let hugo =
        (!args.no_hugo && Command::new("hugo").arg("version").output().is_ok()).then_some("hugo");
    if hugo.is_none() && !args.no_hugo {
        eprintln!("hugo not found: install it with `apt-get install hugo`, or pass --no-hugo");
    }
    let pagefind = hugo.and(pagefind_binary(args.pagefind.as_deref()));
    if hugo.is_some() && pagefind.is_none() {
        eprintln!(
            "pagefind not found: `npm install --prefix .ci/tools pagefind@1.6.0`, or pass --pagefind"
        );
    }
    std::fs::create_dir_all(&args.work).map_err(|e| e.to_string())?;
    let work = std::fs::canonicalize(&args.work).map_err(|e| e.to_string())?;
    // Every run writes into a folder of its own, and a size's folders are deleted only when all
    // its runs are done (then synced to disk): creating files where many were just deleted is far
    // slower on ext4, which would bias the runs that follow.
    let runs_dir = if args.memory {
        PathBuf::from("/dev/shm/annals-bench-runs")
    } else {
        work.join("runs")
    };
    let _ = std::fs::remove_dir_all(&runs_dir);
    let mut rows = Vec::new();
    let mut measure = |n: usize,
                       runs: usize,
                       tool: &str,
                       command: &dyn Fn(&Path) -> Command|
     -> Result<(), String> {
        eprintln!("  {tool}");
        let mut k = 0;
        let mut last = PathBuf::new();
        let cost = measure::median(runs, || {
            k += 1;
            last = runs_dir.join(format!("{}-{n}-{k}", tool.replace([' ', '(', ')'], "")));
            let mut c = command(&last);
            c.stdout(Stdio::null());
            c
        })?;
        rows.push(Row {
            statements: n,
            tool: tool.into(),
            runs,
            cost,
            output: measure::output(&last),
        });
        Ok(())
    };
    for &n in &args.statements {
        let _ = std::fs::remove_dir_all(&runs_dir);
        // SAFETY: sync takes no arguments and cannot fail.
        unsafe { libc::sync() };
        let tools = 2
            + usize::from(hugo.is_some())
            + usize::from(pagefind.is_some())
            + usize::from(args.search_cost)
            + usize::from(args.notes_cost)
            + usize::from(args.across_cost);
        let runs = measure::runs_that_fit(
            if args.memory {
                Path::new("/dev/shm")
            } else {
                &work
            },
            n,
            tools,
            args.runs,
        )?;
        if runs < args.runs {
            eprintln!(
                "only {runs} of the {} runs of each tool at {n} statements fit on the disk",
                args.runs
            );
        }
        let root = work.join(format!("corpus-{n}"));
        eprintln!("generating {n} statements in {}", root.display());
        corpus::generate(&root, n, corpus::Shape::FULL).map_err(|e| e.to_string())?;
        let build = |root: &Path, out: &Path| {
            let mut c = Command::new(&annals);
            c.args(["build", "--root"])
                .arg(root)
                .arg("--output")
                .arg(out);
            c
        };
        measure(n, runs, "annals", &|out: &Path| build(&root, out))?;
        if args.search_cost {
            measure(n, runs, "annals (no search)", &|out: &Path| {
                let mut c = build(&root, out);
                c.arg("--no-search");
                c
            })?;
        }
        if args.notes_cost {
            let bare = work.join(format!("corpus-{n}-no-notes"));
            let shape = corpus::Shape {
                notes: false,
                ..corpus::Shape::FULL
            };
            corpus::generate(&bare, n, shape).map_err(|e| e.to_string())?;
            measure(n, runs, "annals (no notes)", &|out: &Path| {
                build(&bare, out)
            })?;
        }
        if args.across_cost {
            let within = work.join(format!("corpus-{n}-within"));
            let shape = corpus::Shape {
                across: false,
                ..corpus::Shape::FULL
            };
            corpus::generate(&within, n, shape).map_err(|e| e.to_string())?;
            measure(n, runs, targets::ACROSS_BASELINE, &|out: &Path| {
                build(&within, out)
            })?;
        }
        measure(n, runs, "floor", &|out: &Path| {
            let mut c = Command::new(&me);
            c.arg("floor").arg(&root).arg(out);
            c
        })?;
        if let Some(hugo) = hugo {
            let site = work.join(format!("hugo-{n}"));
            hugo::prepare(&root, &site).map_err(|e| e.to_string())?;
            let hugo_build = |out: &Path| {
                let mut c = Command::new(hugo);
                c.arg("--source")
                    .arg(&site)
                    .arg("--destination")
                    .arg(out)
                    .arg("--quiet");
                c
            };
            measure(n, runs, "hugo", &hugo_build)?;
            if let Some(pagefind) = &pagefind {
                // What a Hugo user runs to get search: Hugo, then Pagefind over its output.
                measure(n, runs, "hugo + pagefind", &|out: &Path| {
                    let mut c = Command::new("sh");
                    c.arg("-c")
                        .arg(r#""$1" --source "$2" --destination "$3" --quiet && "$4" --site "$3" --silent"#)
                        .arg("sh")
                        .arg(hugo)
                        .arg(&site)
                        .arg(out)
                        .arg(pagefind);
                    c
                })?;
            }
        }
    }
    let mut table = table(&rows);
    let targets = targets::table(&rows);
    if !targets.is_empty() {
        table = format!("{table}\nThe targets, from the rows above:\n\n{targets}");
    }
    println!("{table}");
    if let Some(path) = &args.write {
        write_report(path, &table, args).map_err(|e| e.to_string())?;
    }
    let _ = std::fs::remove_dir_all(&runs_dir);
    Ok(())
}

/// Pagefind's command-line indexer: the one given, or on PATH, or where `.ci/run` installs it.
fn pagefind_binary(given: Option<&Path>) -> Option<PathBuf> {
    let works = |p: &Path| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    match given {
        Some(p) => works(p).then(|| p.to_path_buf()),
        None => [
            PathBuf::from("pagefind"),
            PathBuf::from(".ci/tools/node_modules/.bin/pagefind"),
        ]
        .into_iter()
        .find(|p| works(p)),
    }
}

fn serve_latency(statements: usize, runs: usize, port: u16, work: &Path) -> Result<(), String> {
    let annals = sibling_binary("annals")?;
    eprintln!("generating {statements} statements in {}", work.display());
    corpus::generate(work, statements, corpus::Shape::FULL).map_err(|e| e.to_string())?;
    for (what, mut times) in latency::measure(&annals, work, port, runs)? {
        times.sort();
        let ms = |d: &std::time::Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{statements} statements, save of the {what} to reload event: median {:.0} ms, min {:.0} ms, max {:.0} ms ({} saves)",
            ms(&times[times.len() / 2]),
            ms(&times[0]),
            ms(&times[times.len() - 1]),
            times.len()
        );
    }
    Ok(())
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| statements | tool | runs | wall (s) | CPU (s) | peak RSS (MB) | HTML pages | pages/s | output (MB) | files | KB / statement | time vs floor | time vs Hugo | time vs Hugo + Pagefind |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        let same = |tool: &str| {
            rows.iter()
                .find(|o| o.statements == r.statements && o.tool == tool)
        };
        let ratio = |other: Option<&Row>| {
            other.map_or("–".into(), |o| {
                format!(
                    "{:.2}",
                    r.cost.wall.as_secs_f64() / o.cost.wall.as_secs_f64()
                )
            })
        };
        writeln!(
            out,
            "| {} | {} | {} | {:.2} | {:.2} | {:.0} | {} | {:.0} | {:.1} | {} | {:.1} | {} | {} | {} |",
            r.statements,
            r.tool,
            r.runs,
            r.cost.wall.as_secs_f64(),
            r.cost.cpu.as_secs_f64(),
            r.cost.peak_rss as f64 / 1_048_576.0,
            r.output.pages,
            r.output.pages as f64 / r.cost.wall.as_secs_f64(),
            r.output.bytes as f64 / 1e6,
            r.output.files,
            r.output.bytes as f64 / 1e3 / r.statements as f64,
            ratio(same("floor")),
            ratio(same("hugo")),
            ratio(same("hugo + pagefind")),
        )
        .unwrap();
    }
    out
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or("?".into(), |kb| {
            format!("{:.0} GiB", kb as f64 / 1_048_576.0)
        });
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .ok()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "not installed".into());
    format!("{cores} cores ({cpu}), {mem} RAM; {hugo}")
}

fn write_report(path: &Path, table: &str, args: &Args) -> std::io::Result<()> {
    let sizes: Vec<String> = args.statements.iter().map(usize::to_string).collect();
    let mut command = format!(
        "cargo run --release --bin annals-bench -- --statements {} --runs {}",
        sizes.join(","),
        args.runs
    );
    if args.notes_cost {
        command.push_str(" --notes-cost");
    }
    if args.search_cost {
        command.push_str(" --search-cost");
    }
    if args.across_cost {
        command.push_str(" --across-cost");
    }
    if args.no_hugo {
        command.push_str(" --no-hugo");
    }
    if args.memory {
        command.push_str(" --memory");
    }
    let date = jiff::Zoned::now().strftime("%Y-%m-%d").to_string();
    let section = format!(
        "<!-- bench:start -->\nMeasured {date} on {machine}; each row is the run with the median wall time, with\n`{command} --write BENCHMARKS.md`.\n\n{table}<!-- bench:end -->",
        machine = machine(),
    );
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (
        old.find("<!-- bench:start -->"),
        old.find("<!-- bench:end -->"),
    ) {
        (Some(a), Some(b)) if a < b => format!(
            "{}{section}{}",
            &old[..a],
            &old[b + "<!-- bench:end -->".len()..]
        ),
        _ => format!("{old}\n{section}\n"),
    };
    std::fs::write(path, new)
}
