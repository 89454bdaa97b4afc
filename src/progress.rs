//! What long commands (`build`, `check`, `deploy`) show while they work: a progress display
//! on a terminal, nothing in CI or when standard error goes to a file or pipe, where the
//! command's one summary line is what remains; `--quiet` and `--verbose` on top.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How much a command says besides its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors only: no progress, no summary line.
    Quiet,
    /// Progress on a terminal, and the summary line.
    #[default]
    Normal,
    /// Also a line for each step (each file a deployment uploads or deletes, each stage of a
    /// build with its time).
    Verbose,
}

/// The progress display of one command; hidden unless standard error is an interactive
/// terminal outside CI. Cloning shares the display.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
    verbosity: Verbosity,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::hidden()
    }
}

impl Progress {
    /// A display that draws nothing (tests, `serve`, the library).
    pub fn hidden() -> Self {
        Progress {
            bar: ProgressBar::hidden(),
            verbosity: Verbosity::Quiet,
        }
    }

    /// The display for a command run with `verbosity`: drawn on standard error when it is a
    /// terminal, `CI` is not set and `TERM` is not `dumb`.
    pub fn for_terminal(verbosity: Verbosity) -> Self {
        let interactive = std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none()
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        let bar = if interactive && verbosity != Verbosity::Quiet {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress { bar, verbosity }
    }

    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Starts a stage whose amount of work is not known: a spinner and the stage's name.
    pub fn stage(&self, name: &str) {
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        self.bar.set_length(0);
        self.bar.set_position(0);
        self.bar.set_message(name.to_string());
    }

    /// Starts a stage of `total` steps counted in `unit`s: a bar, the count and the rate.
    pub fn counted(&self, name: &str, total: u64, unit: &str) {
        let template =
            format!("{{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit} ({{rate}}, {{eta}} left)");
        self.bar.set_style(
            ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0}/s", state.per_sec());
                    },
                )
                .progress_chars("=> "),
        );
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(name.to_string());
    }

    /// One step of the current stage done.
    pub fn step(&self) {
        self.bar.inc(1);
    }

    /// A line for `--verbose`, printed above the display (or plainly, without one).
    pub fn detail(&self, line: impl AsRef<str>) {
        if self.verbosity == Verbosity::Verbose {
            if self.bar.is_hidden() {
                eprintln!("{}", line.as_ref());
            } else {
                self.bar.println(line.as_ref());
            }
        }
    }

    /// Removes the display, before the summary line or diagnostics are printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
