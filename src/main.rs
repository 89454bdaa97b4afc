fn main() -> std::process::ExitCode {
    annals::cli::run()
}
