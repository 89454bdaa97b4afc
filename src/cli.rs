//! The command line: argument parsing, printing diagnostics and summary lines, exit codes.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, build};
use crate::diagnostics::Diagnostic;
use crate::{scaffold, serve};

#[derive(Parser)]
#[command(
    name = "annals",
    version,
    about = "Build an annotated archive of public statements"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every command that reads a site shares.
#[derive(Args)]
struct SiteArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include statements and pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from config.yaml and content/ into public/.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from config.yaml, e.g. for a GitHub Pages sub-path.
        #[arg(long)]
        base_url: Option<String>,
        /// Leave out the search index and page, for a faster build (indexing is most of the
        /// build time of a large archive).
        #[arg(long)]
        no_search: bool,
        /// Print the time each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Run every check of `build`, rendering every page in memory, without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build the site, serve it under its base path, and rebuild and reload on every change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; only this machine can connect unless you change it.
        #[arg(long, default_value = "127.0.0.1")]
        interface: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new archive in DIR: config, an example statement with a note, an about page.
    Init {
        dir: PathBuf,
        /// Write into DIR even if it is not empty (existing files are kept).
        #[arg(long)]
        force: bool,
    },
    /// Create a new content file.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A statement: content/statements/<date>-<slug>.md, marked as a draft.
    Statement {
        /// The statement's title.
        title: String,
        /// Its date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Who issued it (default: the issuer of the newest statement).
        #[arg(long)]
        issuer: Option<String>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            site,
            output,
            base_url,
            no_search,
            timings,
        } => run_build(
            &BuildOptions {
                root: site.root,
                output,
                base_url,
                drafts: site.drafts,
                no_search,
                ..BuildOptions::new(".")
            },
            timings,
        ),
        Command::Check { site } => run_check(&BuildOptions {
            root: site.root,
            drafts: site.drafts,
            check_only: true,
            ..BuildOptions::new(".")
        }),
        Command::Serve {
            site,
            port,
            interface,
            open,
        } => exit_code(serve::run(&serve::ServeOptions {
            root: site.root,
            drafts: site.drafts,
            port,
            interface,
            open,
        })),
        Command::Init { dir, force } => exit_code(scaffold::init(&dir, force).map(|written| {
            println!(
                "Created an archive in {} ({} files). Build it with: annals build --root {}",
                dir.display(),
                written,
                dir.display()
            );
        })),
        Command::New {
            what:
                NewCommand::Statement {
                    title,
                    date,
                    issuer,
                    root,
                },
        } => exit_code(
            scaffold::new_statement(&root, &title, date.as_deref(), issuer.as_deref()).map(
                |path| {
                    println!(
                        "Created {} (a draft: set `draft: false` when it is ready)",
                        path.display()
                    );
                },
            ),
        ),
    }
}

fn run_build(options: &BuildOptions, timings: bool) -> ExitCode {
    match build(options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if timings {
                for lap in &report.timings {
                    let peak = lap
                        .peak_memory
                        .map(|b| format!("{:>6} MB peak", b / 1_000_000))
                        .unwrap_or_default();
                    eprintln!(
                        "{:>8.1} ms  {peak}  {}",
                        lap.time.as_secs_f64() * 1000.0,
                        lap.stage
                    );
                }
            }
            let size = report.size.unwrap_or_default();
            println!(
                "Built {} pages into {} in {:.2} s: {} files, {}",
                report.pages,
                report.output.display(),
                report.elapsed.as_secs_f64(),
                size.files,
                size.megabytes()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!(
                "Build failed with {}; {} was left as it was.",
                count_errors(&problems),
                options.output_dir().display()
            );
            ExitCode::FAILURE
        }
    }
}

fn run_check(options: &BuildOptions) -> ExitCode {
    match build(options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            println!(
                "Checked {} pages in {:.2} s: no errors",
                report.pages,
                report.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!("Check found {}.", count_errors(&problems));
            ExitCode::FAILURE
        }
    }
}

/// Prints the diagnostics of a command that failed, and turns its result into an exit code.
fn exit_code(result: Result<(), Vec<Diagnostic>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            print_diagnostics(&problems);
            ExitCode::FAILURE
        }
    }
}

fn count_errors(problems: &[Diagnostic]) -> String {
    let errors = problems.iter().filter(|d| d.is_error()).count();
    format!("{errors} error{}", if errors == 1 { "" } else { "s" })
}

/// Prints diagnostics to standard error, in colour when it is a terminal.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = write!(err, "{}", d.render(color));
    }
}
