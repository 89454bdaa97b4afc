// jemalloc: a build allocates and frees hundreds of megabytes of small strings from several
// threads, and what stays resident is mostly how the allocator lays that out, not what is live
// (about 150 MB live at 10,000 statements). Measured at 10,000 statements (`annals build
// --timings`, outputs in memory): peak resident memory 455–462 MB with jemalloc against
// 557–572 MB with mimalloc, in the same wall time. Not with MSVC, which jemalloc does not
// support: the system's allocator there.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    annals::cli::run()
}
