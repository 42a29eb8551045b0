use std::net::SocketAddr;

use clap::Args;

use super::CliError;
use crate::configuration::Settings;
use crate::startup::App;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Address for /healthz and /metrics [default: http.addr, 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    http: Option<SocketAddr>,
}

pub async fn run(mut settings: Settings, args: RunArgs) -> Result<(), CliError> {
    if let Some(addr) = args.http {
        settings.http.addr = addr;
    }
    let app = App::build(settings).await?;
    tracing::info!(port = app.http_port(), "serving; Ctrl-C stops");
    app.run_until_stopped().await?;
    Ok(())
}
