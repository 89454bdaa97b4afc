//! Running a command and reading what it cost: wall time, CPU time and peak memory, from the
//! kernel's accounting of the child (`wait4`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub wall: Duration,
    pub cpu: Duration,
    /// Peak resident set size in bytes.
    pub peak_rss: u64,
}

/// Runs `command` to completion and returns its cost, or what went wrong.
pub fn run(command: &mut Command) -> Result<Cost, String> {
    let start = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; the pointers are valid for the call.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if reaped != pid {
        return Err(format!("wait4 failed for {command:?}"));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!("{command:?} failed with status {status}"));
    }
    let seconds = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Ok(Cost {
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_rss: usage.ru_maxrss as u64 * 1024,
    })
}

/// The run with the median wall time of `costs` (at least one).
pub fn median(mut costs: Vec<Cost>) -> Cost {
    costs.sort_by_key(|c| c.wall);
    costs[costs.len() / 2]
}

/// Bytes a build writes per statement of the synthetic corpus, rounded up (annals writes about
/// 73 KB: the page, its companion files, its share of lists and data).
const OUTPUT_PER_STATEMENT: u64 = 90 * 1024;

/// How many of the `wanted` runs of each of `tools` fit on the disk holding `work` at
/// `statements` statements (every run's output is kept until the size is done); an error if
/// not even one does.
pub fn runs_that_fit(
    work: &Path,
    statements: usize,
    tools: usize,
    wanted: usize,
) -> Result<usize, String> {
    let path =
        std::ffi::CString::new(work.as_os_str().as_encoded_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: an all-zero statvfs is a valid value for statvfs to fill in.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a valid C string and `stat` a valid pointer for the call.
    if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
        return Ok(wanted); // Unknown: let the runs find out.
    }
    let free = stat.f_bavail as u64 * stat.f_frsize as u64;
    let per_run = OUTPUT_PER_STATEMENT * statements as u64 * tools as u64;
    let fit = (free / per_run.max(1)) as usize;
    if fit == 0 {
        return Err(format!(
            "one run of each tool at {statements} statements needs about {:.0} GB of disk, and {} has {:.0} GB free: pass another --work",
            per_run as f64 / 1e9,
            work.display(),
            free as f64 / 1e9
        ));
    }
    Ok(fit.min(wanted.max(1)))
}

/// What a tool wrote: its HTML pages, all its files and their bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Output {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The pages, files and bytes under `dir`.
pub fn output(dir: &Path) -> Output {
    let mut out = Output::default();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        out.files += 1;
        out.bytes += entry.metadata().map_or(0, |m| m.len());
        if entry.path().extension().is_some_and(|x| x == "html") {
            out.pages += 1;
        }
    }
    out
}
