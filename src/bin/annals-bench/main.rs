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
        /// Without figures, events, named entities and recurring sentences (the archive the
        /// `--across-cost` row builds).
        #[arg(long)]
        no_across: bool,
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

/// A tool the benchmark runs: its row's name and the command that builds into a folder.
struct Tool<'a> {
    name: &'a str,
    command: Box<dyn Fn(&Path) -> Command + 'a>,
}

impl<'a> Tool<'a> {
    fn new(name: &'a str, command: impl Fn(&Path) -> Command + 'a) -> Self {
        Tool {
            name,
            command: Box::new(command),
        }
    }
}

/// Runs each of `tools` `runs` times at `n` statements, one run of every tool in turn, so that
/// the machine's drift during the runs (other work on the host, the disk's state) falls on
/// every tool alike rather than on whichever ran last; each tool's row is its run with the
/// median wall time, and what its last run wrote.
fn measure_interleaved(
    n: usize,
    runs: usize,
    tools: &[Tool<'_>],
    runs_dir: &Path,
) -> Result<Vec<Row>, String> {
    let mut costs: Vec<Vec<Cost>> = vec![Vec::with_capacity(runs); tools.len()];
    let folder = |tool: &Tool<'_>, k: usize| {
        runs_dir.join(format!(
            "{}-{n}-{k}",
            tool.name.replace([' ', '(', ')', ','], "")
        ))
    };
    for k in 1..=runs.max(1) {
        for (tool, costs) in tools.iter().zip(&mut costs) {
            eprintln!("  {} (run {k} of {runs})", tool.name);
            let mut c = (tool.command)(&folder(tool, k));
            c.stdout(Stdio::null());
            costs.push(measure::run(&mut c)?);
        }
    }
    Ok(tools
        .iter()
        .zip(costs)
        .map(|(tool, costs)| Row {
            statements: n,
            tool: tool.name.into(),
            runs: costs.len(),
            cost: measure::median(costs),
            output: measure::output(&folder(tool, runs.max(1))),
        })
        .collect())
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
            no_across,
        }) => {
            let shape = corpus::Shape {
                notes: !no_notes,
                across: !no_across,
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
    for &n in &args.statements {
        let _ = std::fs::remove_dir_all(&runs_dir);
        // SAFETY: sync takes no arguments and cannot fail.
        unsafe { libc::sync() };
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
        let bare = work.join(format!("corpus-{n}-no-notes"));
        let within = work.join(format!("corpus-{n}-within"));
        let site = work.join(format!("hugo-{n}"));
        let mut tools: Vec<Tool<'_>> = vec![Tool::new("annals", |out| build(&root, out))];
        if args.search_cost {
            tools.push(Tool::new("annals (no search)", |out| {
                let mut c = build(&root, out);
                c.arg("--no-search");
                c
            }));
        }
        if args.notes_cost {
            let shape = corpus::Shape {
                notes: false,
                ..corpus::Shape::FULL
            };
            corpus::generate(&bare, n, shape).map_err(|e| e.to_string())?;
            tools.push(Tool::new("annals (no notes)", |out| build(&bare, out)));
        }
        if args.across_cost {
            let shape = corpus::Shape {
                across: false,
                ..corpus::Shape::FULL
            };
            corpus::generate(&within, n, shape).map_err(|e| e.to_string())?;
            tools.push(Tool::new(targets::ACROSS_BASELINE, |out| {
                build(&within, out)
            }));
        }
        tools.push(Tool::new("floor", |out| {
            let mut c = Command::new(&me);
            c.arg("floor").arg(&root).arg(out);
            c
        }));
        if let Some(hugo) = hugo {
            hugo::prepare(&root, &site).map_err(|e| e.to_string())?;
            let site = &site;
            tools.push(Tool::new("hugo", move |out| {
                let mut c = Command::new(hugo);
                c.arg("--source")
                    .arg(site)
                    .arg("--destination")
                    .arg(out)
                    .arg("--quiet");
                c
            }));
            if let Some(pagefind) = pagefind.as_ref() {
                // What a Hugo user runs to get search: Hugo, then Pagefind over its output.
                tools.push(Tool::new("hugo + pagefind", move |out| {
                    let mut c = Command::new("sh");
                    c.arg("-c")
                        .arg(r#""$1" --source "$2" --destination "$3" --quiet && "$4" --site "$3" --silent"#)
                        .arg("sh")
                        .arg(hugo)
                        .arg(site)
                        .arg(out)
                        .arg(pagefind);
                    c
                }));
            }
        }
        let runs = measure::runs_that_fit(
            if args.memory {
                Path::new("/dev/shm")
            } else {
                &work
            },
            n,
            tools.len(),
            args.runs,
        )?;
        if runs < args.runs {
            eprintln!(
                "only {runs} of the {} runs of each tool at {n} statements fit on the disk",
                args.runs
            );
        }
        rows.extend(measure_interleaved(n, runs, &tools, &runs_dir)?);
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
