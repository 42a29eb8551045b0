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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hailong: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hailong: {error}");
            error.exit_code()
        }
    }
}
