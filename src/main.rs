use std::process::ExitCode;

use clap::Parser;
use hailong::cli::{self, Cli};

fn main() -> ExitCode {
    // Before anything opens a file: the database, its WAL and every backup
    // or export hold citizens' data, and are the service user's alone.
    hailong::store::files::private_umask();
    hailong::telemetry::memory::fewer_malloc_arenas();
    let cli = Cli::parse();
    hailong::telemetry::init(cli.default_log_filter());
    let settings = match cli.settings() {
        Ok(settings) => settings,
        Err(error) => return failed(&error),
    };
    let runtime = match cli.runtime(&settings).enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hailong: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failed(&error),
    }
}

fn failed(error: &cli::CliError) -> ExitCode {
    eprintln!("hailong: {error}");
    error.exit_code()
}
