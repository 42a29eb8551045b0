//! `hailong report late`: per agency, the dossiers that were late, how many
//! got a Form 04 apology, and how late, in working days.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::CliError;
use super::args::{parse_day, parse_language};
use super::table::{Align, Table};
use crate::configuration::Settings;
use crate::domain::Language;
use crate::domain::deadline::LateTally;
use crate::domain::moment::local_date;
use crate::i18n::{I18n, Key, decimal, whole};
use crate::store::rollup::Slice;
use crate::store::{Store, lateness};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    report: Report,
}

#[derive(Debug, Subcommand)]
enum Report {
    /// Late dossiers per agency: how many, how many got an apology, how late (working days)
    Late(LateArgs),
}

#[derive(Debug, Args)]
struct LateArgs {
    /// First day of the period: dossiers promised for this date or later
    #[arg(long, value_parser = parse_day)]
    from: Option<NaiveDate>,
    /// Last day of the period, included
    #[arg(long, value_parser = parse_day)]
    to: Option<NaiveDate>,
    /// Language of the headers and agency names: vi, en or km
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
}

pub async fn report(settings: &Settings, args: ReportArgs) -> Result<(), CliError> {
    match args.report {
        Report::Late(args) => late(settings, args).await,
    }
}

async fn late(settings: &Settings, args: LateArgs) -> Result<(), CliError> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(CliError::Usage(format!("--from {from} is after --to {to}")));
    }
    // Dates are stored as YYYY-MM-DD text, which sorts as time only within four-digit years.
    let from = args
        .from
        .or(NaiveDate::from_ymd_opt(1, 1, 1))
        .ok_or_else(|| anyhow::anyhow!("no first day"))?;
    let to = args
        .to
        .or(NaiveDate::from_ymd_opt(9999, 12, 31))
        .ok_or_else(|| anyhow::anyhow!("no last day"))?;
    let store = Store::open(&settings.database.url).await?;
    let promised =
        lateness::promised_between(&mut *store.read().await?, from, to, &Slice::default()).await?;
    store.close().await;
    let today = local_date(Utc::now());
    let tallies: BTreeMap<String, (String, LateTally)> =
        lateness::late_per_agency(&promised, &settings.deadlines(), today)
            .into_iter()
            .map(|(code, (names, tally))| (code, (names.get(args.lang).to_owned(), tally)))
            .collect();
    let i18n = I18n::load().map_err(anyhow::Error::from)?;
    print!("{}", table(&i18n, args.lang, &tallies));
    Ok(())
}

fn table(i18n: &I18n, lang: Language, tallies: &BTreeMap<String, (String, LateTally)>) -> String {
    let mut out = format!("{}\n", i18n.t(lang, Key::ReportLateTitle));
    if tallies.is_empty() {
        out.push_str(&i18n.t(lang, Key::ReportLateNone));
        out.push('\n');
        return out;
    }
    let header = |key| i18n.t(lang, key);
    let mut table = Table::new(
        vec![
            (header(Key::ReportLateAgency), Align::Left),
            (header(Key::ReportLateCount), Align::Right),
            (header(Key::ReportLateApologized), Align::Right),
            (header(Key::ReportLateMeanDays), Align::Right),
            (header(Key::ReportLateMaxDays), Align::Right),
        ],
        " | ",
    );
    for (code, (name, tally)) in tallies {
        let mean = tally
            .mean_days()
            .map_or_else(|| "-".to_owned(), |m| decimal(lang, m));
        table.push(vec![
            format!("{code} {name}"),
            whole(lang, tally.late as i64),
            whole(lang, tally.apologized as i64),
            mean,
            whole(lang, tally.days_max),
        ]);
    }
    out.push_str(&table.render());
    out
}
