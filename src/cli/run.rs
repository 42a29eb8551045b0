use std::net::SocketAddr;

use clap::Args;

use super::CliError;
use crate::configuration::Settings;
use crate::startup::App;
use crate::telemetry::cpus::{self, Cpus};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Address for HTTP: /healthz, /metrics, the API and the dashboard [default: http.addr, 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    http: Option<SocketAddr>,
}

pub async fn run(mut settings: Settings, args: RunArgs) -> Result<(), CliError> {
    if let Some(addr) = args.http {
        settings.http.addr = addr;
    }
    // Before the app starts a thread of its own: those inherit the CPU. Said
    // once it has started, as a failure to start is the one line said then.
    let kept = (settings.process.cpus == Cpus::One).then(cpus::keep_on_one);
    let app = App::build(settings).await?;
    match kept {
        Some(Ok(Some(cpu))) => tracing::info!(cpu, "the threads are kept on one CPU"),
        Some(Err(error)) => {
            tracing::warn!(%error, "the threads could not be kept on one CPU; they run on any");
        }
        Some(Ok(None)) | None => {}
    }
    match app.http_addr() {
        Some(addr) => {
            tracing::info!(%addr, "serving: /healthz, /metrics, the API, the dashboard; Ctrl-C stops")
        }
        None => tracing::info!("serving; Ctrl-C stops"),
    }
    app.run_until_stopped().await?;
    Ok(())
}
