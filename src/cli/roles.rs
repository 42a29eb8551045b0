//! `hailong roles list|grant|revoke`: the roles given besides the
//! configuration's, as admins give them in the chat with /grant and /revoke.

use std::collections::HashSet;

use chrono::Utc;
use clap::{Args, Subcommand};

use super::CliError;
use crate::configuration::Settings;
use crate::domain::audit::AuditActor;
use crate::domain::{Grant, Scope, UserId};
use crate::store::{Store, StoreError, catalog, roles};

#[derive(Debug, Args)]
pub struct RolesArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// The granted roles, and the configuration's
    List,
    /// Give a Telegram user a role: `staff [AGENCY_CODE…]` (none: every agency) or `admin`
    Grant {
        /// staff or admin
        role: String,
        /// The person's Telegram user id
        #[arg(value_parser = UserId::parse)]
        user_id: UserId,
        /// The agencies a staff member may read; none: all of them
        agencies: Vec<String>,
    },
    /// Take a granted role away
    Revoke {
        /// The person's Telegram user id
        #[arg(value_parser = UserId::parse)]
        user_id: UserId,
    },
}

pub async fn roles(settings: &Settings, args: RolesArgs) -> Result<(), CliError> {
    let configured = crate::startup::roles(settings)?;
    let store = Store::open(&settings.database.url).await?;
    match args.action {
        Action::List => {
            print!(
                "{}",
                listing(settings, &roles::list(&mut *store.read().await?).await?)
            );
        }
        Action::Grant {
            role,
            user_id: user,
            agencies,
        } => {
            let codes: Vec<&str> = agencies.iter().map(String::as_str).collect();
            let grant = Grant::parse(&role, &codes).map_err(|e| CliError::Usage(e.to_string()))?;
            if configured.configured(user) {
                return Err(in_configuration(user));
            }
            let mut tx = store.begin_write().await?;
            if let Grant::Staff(Scope::Agencies(codes)) = &grant {
                let known: HashSet<String> =
                    catalog::agency_codes(&mut tx).await?.into_iter().collect();
                if let Some(unknown) = codes.iter().find(|c| !known.contains(c.as_str())) {
                    return Err(CliError::Usage(format!(
                        "no agency has the code {}; import it first (hailong import agencies)",
                        unknown.as_str()
                    )));
                }
            }
            roles::grant(&mut tx, user, &grant, AuditActor::Operator, Utc::now()).await?;
            tx.commit().await.map_err(StoreError::from)?;
            println!("{user}: {}", roles::describe(&grant));
        }
        Action::Revoke { user_id: user } => {
            if configured.configured(user) {
                return Err(in_configuration(user));
            }
            let mut tx = store.begin_write().await?;
            let revoked = roles::revoke(&mut tx, user, AuditActor::Operator, Utc::now()).await?;
            tx.commit().await.map_err(StoreError::from)?;
            if !revoked {
                return Err(CliError::Usage(format!("{user} has no granted role")));
            }
            println!("{user}: citizen");
        }
    }
    store.close().await;
    Ok(())
}

fn in_configuration(user: UserId) -> CliError {
    CliError::Usage(format!(
        "{user}'s role is set in the configuration ([roles]); change it there"
    ))
}

/// One line a person: id, role, agencies, who gave it and when.
fn listing(settings: &Settings, granted: &[roles::Granted]) -> String {
    let mut out = String::new();
    for admin in &settings.roles.admins {
        out.push_str(&format!("{admin}\tadmin\t(configuration)\n"));
    }
    for staff in &settings.roles.staff {
        let scope = settings
            .roles
            .staff_agencies
            .get(&staff.to_string())
            .map_or_else(
                || "staff".to_owned(),
                |codes| format!("staff {}", codes.join(" ")),
            );
        out.push_str(&format!("{staff}\t{scope}\t(configuration)\n"));
    }
    for row in granted {
        let by = row
            .by
            .map_or_else(|| "operator".to_owned(), |by| by.to_string());
        out.push_str(&format!(
            "{}\t{}\tgranted by {by} on {}\n",
            row.user,
            roles::describe(&row.grant),
            row.at
                .with_timezone(&crate::domain::moment::vietnam())
                .format("%d/%m/%Y %H:%M")
        ));
    }
    if out.is_empty() {
        out.push_str("no admins or staff: set [roles] admins in the configuration\n");
    }
    out
}
