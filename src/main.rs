// mimalloc: the build allocates many small strings from several threads at once, where glibc's
// allocator contends between threads; mimalloc's per-thread heaps avoid that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    annals::cli::run()
}
