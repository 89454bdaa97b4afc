//! The command line: argument parsing, printing diagnostics and summary lines, exit codes.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, build};
use crate::deploy::{self, DeployOptions};
use crate::diagnostics::Diagnostic;
use crate::output::OutputSize;
use crate::progress::{Progress, Verbosity};
use crate::{scaffold, serve};

#[derive(Parser)]
#[command(
    name = "annals",
    version = env!("ANNALS_VERSION"),
    about = "Build an annotated archive of public statements"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors and warnings: no progress, no summary line.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each step: stage times of a build, each file a deployment sends or deletes.
    #[arg(long, short, global = true)]
    verbose: bool,
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
    /// Upload the built site to S3-compatible object storage (the `deploy` section of
    /// config.yaml): only changed files, new ones first, stale ones deleted last.
    Deploy {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site to upload (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// List what would be uploaded and deleted, changing nothing.
        #[arg(long)]
        dry_run: bool,
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
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };
    let progress = Progress::for_terminal(verbosity);
    match cli.command {
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
                progress,
                ..BuildOptions::new(".")
            },
            timings,
        ),
        Command::Check { site } => run_check(&BuildOptions {
            root: site.root,
            drafts: site.drafts,
            check_only: true,
            progress,
            ..BuildOptions::new(".")
        }),
        Command::Deploy {
            root,
            output,
            dry_run,
        } => run_deploy(&DeployOptions {
            root,
            output,
            dry_run,
            progress,
            fail_after_uploads: test_failure_after(),
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
            if verbosity == Verbosity::Quiet {
                return;
            }
            println!(
                "Created an archive in {} ({} files). See it with: annals serve --root {}",
                dir.display(),
                written,
                dir.display()
            );
            println!("To publish it on GitHub Pages, push it to GitHub and follow its README.md.");
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
                    if verbosity == Verbosity::Quiet {
                        return;
                    }
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
    let result = build(options);
    options.progress.finish();
    match result {
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
            if options.progress.verbosity() != Verbosity::Quiet {
                println!(
                    "Built {} pages into {} in {:.2} s: {} files, {} ({} of GitHub Pages' 1 GB)",
                    report.pages,
                    report.output.display(),
                    report.elapsed.as_secs_f64(),
                    size.files,
                    size.megabytes(),
                    size.share_of_pages_limit()
                );
            }
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
    let result = build(options);
    options.progress.finish();
    match result {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if options.progress.verbosity() != Verbosity::Quiet {
                println!(
                    "Checked {} pages in {:.2} s: no errors",
                    report.pages,
                    report.elapsed.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!("Check found {}.", count_errors(&problems));
            ExitCode::FAILURE
        }
    }
}

fn run_deploy(options: &DeployOptions) -> ExitCode {
    let result = deploy::deploy(options);
    options.progress.finish();
    match result {
        Ok(report) => {
            let quiet = options.progress.verbosity() == Verbosity::Quiet;
            if report.dry_run && !quiet {
                for (verb, paths) in [
                    ("upload (new)", &report.new),
                    ("upload (changed)", &report.changed),
                    ("delete", &report.deleted),
                ] {
                    for path in paths {
                        println!("would {verb}: {path}");
                    }
                }
            }
            if !quiet {
                println!("{}", deploy_summary(&report));
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!("Deployment failed; run annals deploy again once the problem is fixed.");
            ExitCode::FAILURE
        }
    }
}

/// The one line a deployment ends with.
fn deploy_summary(report: &deploy::DeployReport) -> String {
    let site = OutputSize {
        files: report.files as u64,
        bytes: report.bytes,
    };
    let sent = OutputSize {
        files: (report.new.len() + report.changed.len()) as u64,
        bytes: report.uploaded_bytes,
    };
    let (verb, upload, delete) = if report.dry_run {
        ("Would deploy", "would upload", "would delete")
    } else {
        ("Deployed", "uploaded", "deleted")
    };
    format!(
        "{verb} {} files ({}) to {} in {:.2} s: {upload} {} new and {} changed ({}), {delete} {}, {} unchanged",
        site.files,
        site.megabytes(),
        report.target,
        report.elapsed.as_secs_f64(),
        report.new.len(),
        report.changed.len(),
        sent.megabytes(),
        report.deleted.len(),
        report.unchanged
    )
}

/// The test hook for an interrupted deployment: `ANNALS_TEST_DEPLOY_FAIL_AFTER=N` cuts the
/// upload after N files, as a dropped connection would (tests/deploy.rs).
fn test_failure_after() -> Option<usize> {
    std::env::var("ANNALS_TEST_DEPLOY_FAIL_AFTER")
        .ok()
        .and_then(|n| n.parse().ok())
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
