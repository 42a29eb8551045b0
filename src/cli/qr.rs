//! `hailong qr CODE --out FILE.png|FILE.svg`

use std::path::PathBuf;

use clap::Args;
use secrecy::ExposeSecret;
use teloxide::prelude::*;

use super::CliError;
use crate::configuration::Settings;
use crate::domain::DossierCode;
use crate::links::deep_link;
use crate::links::qr;
use crate::startup::link_signer;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct QrArgs {
    /// The dossier code printed on the receipt
    code: String,
    /// Where to write the QR code: a .png or .svg file
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Writes the QR code of the dossier's signed deep link, and prints the link
/// for receipt templates that draw their own.
pub async fn qr(settings: &Settings, args: QrArgs) -> Result<(), CliError> {
    let code = DossierCode::parse(&args.code)
        .map_err(|e| CliError::Usage(format!("`{}`: {e}", args.code)))?;
    let bot = bot_username(settings).await?;
    let store = Store::open(&settings.database.url).await?;
    let payload = link_signer(settings, &store)
        .await?
        .payload(&code)
        .map_err(|e| CliError::Usage(format!("{code}: {e}")))?;
    let link = deep_link(&bot, &payload);
    if let Some(out) = &args.out {
        let extension = out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let bytes = match extension.as_deref() {
            Some("png") => qr::png(&link),
            Some("svg") => qr::svg(&link).map(String::into_bytes),
            _ => {
                return Err(CliError::Usage(format!(
                    "{}: the file must end in .png or .svg",
                    out.display()
                )));
            }
        }
        .map_err(|e| CliError::Failed(e.into()))?;
        std::fs::write(out, bytes)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", out.display())))?;
    }
    store.close().await;
    println!("{link}");
    Ok(())
}

/// The configured username, else the one Telegram reports for the token.
async fn bot_username(settings: &Settings) -> Result<String, CliError> {
    if let Some(name) = Some(
        settings
            .telegram
            .bot_username
            .trim()
            .trim_start_matches('@'),
    )
    .filter(|n| !n.is_empty())
    {
        return Ok(name.to_owned());
    }
    let Some(token) = &settings.telegram.token else {
        return Err(CliError::Usage(
            "the bot's username is needed for the link: set telegram.bot_username (HAILONG_TELEGRAM_BOT_USERNAME) \
             or TELOXIDE_TOKEN"
                .into(),
        ));
    };
    let mut bot = Bot::new(token.expose_secret());
    if let Some(url) = &settings.telegram.api_url {
        bot = bot.set_api_url(url.clone());
    }
    let me = bot.get_me().await.map_err(|e| {
        CliError::Failed(anyhow::anyhow!(
            "asking Telegram for the bot's username: {e}"
        ))
    })?;
    Ok(me.username().to_owned())
}
