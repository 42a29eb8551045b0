//! `hailong broadcast`: queue a notice for the running bot to send, and
//! `hailong broadcasts`: list them, or stop one.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;

use super::CliError;
use super::table::{Align, Table};
use crate::configuration::Settings;
use crate::domain::moment::local_time_text;
use crate::domain::{Audience, Language};
use crate::flows::broadcast_words::{Format, audience_label, parse_text};
use crate::i18n::I18n;
use crate::store::Store;
use crate::store::broadcasts::{self, NewBroadcast};

/// Telegram takes photos up to 10 MB.
const MAX_PHOTO: u64 = 10 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct BroadcastArgs {
    /// The notice's text, in UTF-8 (Telegram HTML unless --format plain)
    #[arg(long, value_name = "FILE")]
    text_file: Option<PathBuf>,
    /// One photo (JPEG or PNG, at most 10 MB) to send with the text as its caption
    #[arg(long, value_name = "FILE")]
    photo: Option<PathBuf>,
    /// all, commune:CODE, agency:CODE, procedure:CODE or lang:vi|en|km
    #[arg(long, value_parser = parse_audience)]
    audience: Audience,
    #[arg(long, value_enum, default_value = "html")]
    format: Format,
    /// Send without asking
    #[arg(long)]
    yes: bool,
}

#[derive(Debug, Args)]
pub struct BroadcastsArgs {
    /// Stop this broadcast: recipients not yet sent to never will be
    #[arg(long, value_name = "ID")]
    cancel: Option<i64>,
}

fn parse_audience(raw: &str) -> Result<Audience, String> {
    Audience::parse(raw).map_err(|e| e.to_string())
}

pub async fn broadcast(settings: &Settings, args: BroadcastArgs) -> Result<(), CliError> {
    let read = |path: &PathBuf| {
        std::fs::read(path).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
    };
    let photo = match &args.photo {
        Some(path) => {
            let size = std::fs::metadata(path)
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?
                .len();
            if size == 0 || size > MAX_PHOTO {
                return Err(CliError::Usage(format!(
                    "{}: {size} bytes; Telegram takes photos of 1 byte to 10 MB",
                    path.display()
                )));
            }
            Some(read(path)?)
        }
        None => None,
    };
    let text = match &args.text_file {
        Some(path) => String::from_utf8(read(path)?)
            .map_err(|_| CliError::Usage(format!("{}: not UTF-8 text", path.display())))?,
        None if photo.is_some() => String::new(),
        None => return Err(CliError::Usage("give --text-file, --photo or both".into())),
    };
    let i18n = I18n::load().map_err(anyhow::Error::from)?;
    let text_html = parse_text(&i18n, &text, args.format, photo.is_some()).map_err(|e| {
        let file = args.text_file.as_ref().map(|p| p.display().to_string());
        CliError::Usage(format!("{}: {e}", file.unwrap_or_default()))
    })?;
    let store = Store::open(&settings.database.url).await?;
    let (label, recipients) = {
        let mut conn = store.read().await?;
        let label = audience_label(&mut conn, &i18n, Language::En, &args.audience).await?;
        (
            label,
            broadcasts::audience_size(&mut conn, &args.audience).await?,
        )
    };
    if recipients == 0 {
        return Err(CliError::Usage(format!(
            "no one in {} ({label}) can receive notices; nothing was queued",
            args.audience
        )));
    }
    println!("Notice (Telegram HTML; each reader also gets the line about /notices off):");
    println!("{text_html}");
    if let (Some(path), Some(bytes)) = (&args.photo, &photo) {
        println!("Photo: {} ({} KB)", path.display(), bytes.len() / 1024);
    }
    println!("Audience: {} ({label})", args.audience);
    println!("Recipients: {recipients}");
    let pace = crate::telegram::pace::PaceLimits::from_settings(settings).broadcast_pace();
    println!(
        "{}",
        crate::flows::broadcast_words::estimate_text(
            &i18n,
            Language::En,
            pace,
            u64::try_from(recipients).unwrap_or(0),
        )
    );
    if !args.yes && !confirmed(recipients)? {
        return Err(CliError::Usage(
            "not confirmed; nothing was queued (--yes sends without asking)".into(),
        ));
    }
    let new = NewBroadcast {
        text_html,
        photo_file_id: None,
        photo_bytes: photo,
        audience: args.audience,
        created_by: "cli".into(),
        idempotency_key: None,
        progress_chat_id: None,
        progress_message_id: None,
    };
    let mut tx = store.begin_write().await?;
    let (id, recipients) = broadcasts::create(&mut tx, &new).await?;
    tx.commit().await.map_err(crate::store::StoreError::from)?;
    store.close().await;
    println!(
        "Broadcast #{id} queued for {}. The running bot (hailong run) \
         sends it; `hailong broadcasts` shows how far it has got.",
        recipients_text(recipients)
    );
    Ok(())
}

/// "1 recipient", "90 recipients": the operator's messages are in English.
fn recipients_text(recipients: i64) -> String {
    match recipients {
        1 => "1 recipient".to_owned(),
        n => format!("{n} recipients"),
    }
}

fn confirmed(recipients: i64) -> Result<bool, CliError> {
    print!("Send it to {}? [y/N] ", recipients_text(recipients));
    std::io::stdout().flush().map_err(anyhow::Error::from)?;
    // End of input (a script without --yes) is a no.
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(anyhow::Error::from)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

pub async fn broadcasts(settings: &Settings, args: BroadcastsArgs) -> Result<(), CliError> {
    let store = Store::open(&settings.database.url).await?;
    if let Some(id) = args.cancel {
        let mut tx = store.begin_write().await?;
        let stopped = broadcasts::cancel(&mut tx, id).await?;
        tx.commit().await.map_err(crate::store::StoreError::from)?;
        if !stopped {
            return Err(CliError::Usage(format!(
                "broadcast #{id} is not running; nothing to stop"
            )));
        }
        println!("Broadcast #{id} stopped: no one else will get it.");
    }
    let recent = broadcasts::recent(&mut *store.read().await?, 20).await?;
    if recent.is_empty() {
        println!("No broadcasts yet.");
        return Ok(());
    }
    let right = |header: &str| (header.to_owned(), Align::Right);
    let mut table = Table::new(
        vec![
            right("id"),
            ("created".to_owned(), Align::Left),
            ("audience".to_owned(), Align::Left),
            ("state".to_owned(), Align::Left),
            right("total"),
            right("delivered"),
            right("blocked"),
            right("failed"),
            right("uncertain"),
            right("pending"),
        ],
        "  ",
    );
    for b in recent {
        let t = b.recipients;
        // Stored in UTC (RFC 3339); shown as every time the CLI shows.
        let created = DateTime::parse_from_rfc3339(&b.created_at).map_or_else(
            |_| b.created_at.clone(),
            |at| local_time_text(at.with_timezone(&Utc)),
        );
        table.push(vec![
            b.id.to_string(),
            created,
            b.audience,
            b.state,
            t.total.to_string(),
            t.delivered.to_string(),
            t.blocked.to_string(),
            t.failed.to_string(),
            t.uncertain.to_string(),
            (t.pending + t.sending).to_string(),
        ]);
    }
    print!("{}", table.render());
    store.close().await;
    Ok(())
}
