//! `hailong audit`: the privileged actions, oldest first, in Vietnam's time.

use clap::Args;

use super::CliError;
use super::args::parse_day;
use crate::configuration::Settings;
use crate::domain::audit::AuditActor;
use crate::domain::moment::{day_start, local_time_text};
use crate::store::{Store, audit};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// First day, included (2026-11-25 or 25/11/2026)
    #[arg(long, value_parser = parse_day)]
    from: Option<chrono::NaiveDate>,
    /// Last day, included
    #[arg(long, value_parser = parse_day)]
    to: Option<chrono::NaiveDate>,
    /// Only this actor: a Telegram user id, or `operator` for the command line
    #[arg(long, value_parser = parse_actor)]
    actor: Option<AuditActor>,
}

fn parse_actor(raw: &str) -> Result<AuditActor, String> {
    AuditActor::parse(raw).map_err(|_| "a Telegram user id, or `operator`".to_owned())
}

pub async fn audit(settings: &Settings, args: AuditArgs) -> Result<(), CliError> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(CliError::Usage(format!("--from {from} is after --to {to}")));
    }
    let filter = audit::Filter {
        from: args.from.map(day_start),
        until: args.to.and_then(|to| to.succ_opt()).map(day_start),
        actor: args.actor,
    };
    let store = Store::open(&settings.database.url).await?;
    let entries = audit::list(&mut *store.read().await?, &filter).await?;
    store.close().await;
    println!("time\tactor\taction\ttarget\tdetail");
    for entry in entries {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            local_time_text(entry.at),
            entry.actor,
            entry.action,
            entry.target.as_deref().unwrap_or("-"),
            entry.detail.as_deref().unwrap_or("-"),
        );
    }
    Ok(())
}
