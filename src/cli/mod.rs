//! The `hailong` command line: one module per subcommand.

mod args;
mod audit;
mod backup;
mod broadcast;
mod cases;
#[cfg(feature = "console")]
mod console;
pub mod export;
pub mod import;
mod index;
mod qr;
mod report;
mod roles;
mod run;
mod table;
pub mod workbook;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::configuration::{self, ConfigError, Settings};
use crate::startup::StartupError;
use crate::store::{Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "hailong",
    version,
    about = "Hailong: a Telegram bot through which a province hears its citizens",
    long_about = "Hailong: a Telegram bot through which a province hears its citizens.\n\n\
                  Settings come from hailong.toml (or --config), overridden by HAILONG_<SECTION>_<KEY> \
                  environment variables; TELOXIDE_TOKEN holds the bot's token."
)]
pub struct Cli {
    /// Configuration file [default: hailong.toml in the working folder, if present]
    #[arg(long, global = true, env = "HAILONG_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the bot on long polling, with /healthz, /metrics, the API and the dashboard over HTTP
    Run(run::RunArgs),
    /// Apply the database migrations and exit
    Migrate,
    /// Talk to the bot in this terminal, as a Telegram user, with no token and no network
    #[cfg(feature = "console")]
    Console(console::ConsoleArgs),
    /// Import units, agencies, procedures or dossiers from a CSV file (all rows checked first)
    Import(import::ImportArgs),
    /// The satisfaction index, by agency, procedure, commune, month or channel
    Index(index::IndexArgs),
    /// Print a dossier's signed deep link and write its QR code, for the receipt
    Qr(qr::QrArgs),
    /// Queue a notice to citizens; the running bot sends it at Telegram's pace
    Broadcast(broadcast::BroadcastArgs),
    /// List recent broadcasts with their delivery figures, or stop one
    Broadcasts(broadcast::BroadcastsArgs),
    /// Staff reports: `report late` shows late dossiers per agency, in working days
    Report(report::ReportArgs),
    /// Roles given besides the configuration's: `roles list`, `roles grant staff|admin USER_ID [AGENCY…]`, `roles revoke USER_ID`
    Roles(roles::RolesArgs),
    /// The audit trail of privileged actions (grants, broadcasts, exports, dashboard logins and logouts, answers to feedback)
    Audit(audit::AuditArgs),
    /// Files for a report: `export responses|index|cases --format csv|xlsx --out FILE` (responses without any chat identity)
    Export(export::ExportArgs),
    /// Citizen feedback: `cases export` writes the cases of a period as CSV or a workbook
    Cases(cases::CasesArgs),
    /// Copy the database to a new FILE, consistently, even while `run` serves
    Backup(backup::BackupArgs),
    /// Put a backup FILE in the database's place (checked first; `run` must be stopped)
    Restore(backup::RestoreArgs),
}

/// A failure, and whether the user can fix it by what they typed or set (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{}", said_once(.0))]
    Failed(#[from] anyhow::Error),
}

/// The error and its causes, each said once: many of ours already end with
/// their cause's words, which `{:#}` would say again.
fn said_once(error: &anyhow::Error) -> String {
    let mut said = String::new();
    for cause in error.chain() {
        let words = cause.to_string();
        if said.contains(&words) {
            continue;
        }
        if !said.is_empty() {
            said.push_str(": ");
        }
        said.push_str(&words);
    }
    said
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage(_) => ExitCode::from(2),
            Self::Failed(_) => ExitCode::from(1),
        }
    }
}

impl From<ConfigError> for CliError {
    fn from(error: ConfigError) -> Self {
        Self::Usage(error.to_string())
    }
}

impl From<StartupError> for CliError {
    fn from(error: StartupError) -> Self {
        if error.is_configuration() {
            Self::Usage(error.to_string())
        } else {
            Self::Failed(error.into())
        }
    }
}

impl From<StoreError> for CliError {
    fn from(error: StoreError) -> Self {
        StartupError::from(error).into()
    }
}

impl Cli {
    /// The log filter when RUST_LOG is unset: the console keeps the screen for the conversation.
    pub fn default_log_filter(&self) -> &'static str {
        match self.command {
            #[cfg(feature = "console")]
            Command::Console(_) => "warn",
            _ => "info",
        }
    }

    /// The settings: the file, then the environment.
    pub fn settings(&self) -> Result<Settings, CliError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let path = configuration::config_path(self.config.as_deref());
        Ok(configuration::load(path.as_deref(), &env)?)
    }

    /// The runtime the command runs on: `run`'s follows where its threads are
    /// kept ([`crate::telemetry::cpus::Cpus::runtime`]); any other command
    /// has a worker per CPU.
    pub fn runtime(&self, settings: &Settings) -> tokio::runtime::Builder {
        match self.command {
            Command::Run(_) => settings.process.cpus.runtime(),
            _ => tokio::runtime::Builder::new_multi_thread(),
        }
    }
}

pub async fn run(cli: Cli, settings: Settings) -> Result<(), CliError> {
    match cli.command {
        Command::Run(args) => run::run(settings, args).await,
        Command::Migrate => migrate(&settings).await,
        #[cfg(feature = "console")]
        Command::Console(args) => console::console(settings, args).await,
        Command::Import(args) => import::import(&settings, args).await,
        Command::Qr(args) => qr::qr(&settings, args).await,
        Command::Index(args) => index::index(&settings, args).await,
        Command::Broadcast(args) => broadcast::broadcast(&settings, args).await,
        Command::Broadcasts(args) => broadcast::broadcasts(&settings, args).await,
        Command::Report(args) => report::report(&settings, args).await,
        Command::Roles(args) => roles::roles(&settings, args).await,
        Command::Audit(args) => audit::audit(&settings, args).await,
        Command::Cases(args) => cases::cases(&settings, args).await,
        Command::Export(args) => export::export(&settings, args).await,
        Command::Backup(args) => backup::backup(&settings, args).await,
        Command::Restore(args) => backup::restore(&settings, args).await,
    }
}

/// Runs `command` on the database and closes it however the command ends,
/// the WAL checkpointed: once the process has exited, the database file
/// alone holds everything (a copy of it is a whole backup).
async fn on_store<T>(
    settings: &Settings,
    command: impl AsyncFnOnce(&Store) -> Result<T, CliError>,
) -> Result<T, CliError> {
    let store = Store::open(&settings.database.url)
        .await?
        .with_deadlines(settings.deadlines())
        .await?;
    let result = command(&store).await;
    store.close().await;
    result
}

async fn migrate(settings: &Settings) -> Result<(), CliError> {
    on_store(settings, async |_| Ok(())).await?;
    println!("database {} is up to date", settings.database.url);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::CliError;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot open it: {0}")]
    struct SaysItsCause(#[source] std::io::Error);

    #[derive(Debug, thiserror::Error)]
    #[error("cannot open it")]
    struct LeavesItsCause(#[source] std::io::Error);

    #[test]
    fn each_cause_is_said_once() {
        let full = || std::io::Error::other("the disk is full");
        for failed in [
            anyhow::Error::new(SaysItsCause(full())),
            anyhow::Error::new(LeavesItsCause(full())),
        ] {
            assert_eq!(
                CliError::from(failed).to_string(),
                "cannot open it: the disk is full"
            );
        }
    }
}
