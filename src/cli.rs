//! The command line: argument parsing, printing diagnostics and the summary line, exit codes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{BuildOptions, build};
use crate::diagnostics::Diagnostic;

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

#[derive(Subcommand)]
enum Command {
    /// Build the site from config.yaml and content/ into public/.
    Build {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from config.yaml, e.g. for a GitHub Pages sub-path.
        #[arg(long)]
        base_url: Option<String>,
        /// Include statements and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Leave out the search index and page, for a faster build (indexing is most of the
        /// build time of a large archive).
        #[arg(long)]
        no_search: bool,
        /// Print the time each stage took.
        #[arg(long)]
        timings: bool,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            no_search,
            timings,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                no_search,
            };
            match build(&options) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    if timings {
                        for (stage, time) in &report.timings {
                            eprintln!("{:>8.1} ms  {stage}", time.as_secs_f64() * 1000.0);
                        }
                    }
                    println!(
                        "Built {} pages and {} files into {} in {:.2} s",
                        report.pages,
                        report.files,
                        report.output.display(),
                        report.elapsed.as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    print_diagnostics(&problems);
                    let errors = problems.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "Build failed with {errors} error{}; {} was left as it was.",
                        if errors == 1 { "" } else { "s" },
                        options.output_dir().display()
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = write!(err, "{}", d.render(color));
    }
}
