//! `hailong cases export`: the feedback cases opened in a period, as CSV or
//! a workbook; the same file as `hailong export cases` (see [`super::export`]).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::CliError;
use super::args::{parse_day, parse_language};
use super::export::{self, Format, Selection, What};
use crate::configuration::Settings;
use crate::domain::{Language, Role};
use crate::store::rollup::Slice;

#[derive(Debug, Args)]
pub struct CasesArgs {
    #[command(subcommand)]
    command: CasesCommand,
}

#[derive(Debug, Subcommand)]
enum CasesCommand {
    /// Write the cases opened from --from to --to (days in Vietnam, both included)
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// First day (dd/mm/yyyy or yyyy-mm-dd), in Vietnam
    #[arg(long, value_parser = parse_day)]
    from: NaiveDate,
    /// Last day, included
    #[arg(long, value_parser = parse_day)]
    to: NaiveDate,
    /// `xlsx` writes a workbook and needs --out
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Write to this file instead of the terminal
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The language of the headers (vi, en, km)
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
}

pub async fn cases(settings: &Settings, args: CasesArgs) -> Result<(), CliError> {
    match args.command {
        CasesCommand::Export(args) => export(settings, args).await,
    }
}

async fn export(settings: &Settings, args: ExportArgs) -> Result<(), CliError> {
    if args.from > args.to {
        return Err(CliError::Usage(format!(
            "--from {} is after --to {}",
            args.from, args.to
        )));
    }
    if args.format == Format::Xlsx && args.out.is_none() {
        return Err(CliError::Usage(
            "--format xlsx writes a workbook, which is not for a terminal: add --out FILE".into(),
        ));
    }
    let selection = Selection {
        from: Some(args.from),
        to: Some(args.to),
        slice: Slice::default(),
        by: None,
        verified_only: false,
        lang: args.lang,
        reader: Role::Admin,
    };
    export::write(
        settings,
        What::Cases,
        args.format,
        &selection,
        args.out.as_deref(),
    )
    .await
}
