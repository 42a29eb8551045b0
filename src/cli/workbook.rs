//! Workbooks a province can file (`hailong index`, `hailong cases export`):
//! one sheet per table, headers in the reader's language, dates as dates.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::domain::Language;
use crate::domain::moment::vietnam;
use crate::domain::satisfaction::{Cell, GroupFigures, IndexRow, IndexRules};
use crate::flows::card::format_date;
use crate::i18n::{I18n, Key, decimal, decimal_mark, whole};
use crate::telemetry::cpus::apart;

/// One sheet: its name's key, its columns' headers and its rows, each with
/// a cell per header.
pub struct Sheet {
    pub name: Key,
    pub headers: Vec<Key>,
    pub rows: Vec<Vec<Cell>>,
}

/// What every sheet says above its table: its title, the period (Vietnamese
/// days, both included; `None` is an open end) and when the file was made.
pub struct Heading {
    pub title: Key,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub made: DateTime<Utc>,
}

/// The row of the column headers; the rows above it hold the heading.
pub const HEADER_ROW: u32 = 5;

struct Formats {
    bold: Format,
    header: Format,
    date: Format,
    moment: Format,
    percent: Format,
    number: Format,
}

/// The workbook's bytes, written [`apart`]: thousands of rows hold the CPU
/// for a while.
pub async fn to_bytes(
    i18n: &Arc<I18n>,
    lang: Language,
    heading: Heading,
    sheets: Vec<Sheet>,
) -> Result<Vec<u8>, XlsxError> {
    let i18n = i18n.clone();
    apart(move || write_workbook(&i18n, lang, &heading, &sheets)).await
}

fn write_workbook(
    i18n: &I18n,
    lang: Language,
    heading: &Heading,
    sheets: &[Sheet],
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats {
        bold: Format::new().set_bold(),
        // Headers are phrases ("Tỷ lệ hài lòng và rất hài lòng"): wrapped,
        // they keep the figures' columns narrow.
        header: Format::new().set_bold().set_text_wrap(),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        moment: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
        percent: Format::new().set_num_format("0.00%"),
        number: Format::new().set_num_format("0.00"),
    };
    let mut workbook = Workbook::new();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(i18n.t(lang, sheet.name))?;
        write_heading(worksheet, i18n, lang, heading, &formats)?;
        write_table(worksheet, i18n, lang, sheet, &formats)?;
    }
    workbook.save_to_buffer()
}

fn write_heading(
    sheet: &mut Worksheet,
    i18n: &I18n,
    lang: Language,
    heading: &Heading,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, i18n.t(lang, heading.title), &formats.bold)?;
    for (row, key, day) in [
        (1, Key::XlsxFrom, heading.from),
        (2, Key::XlsxTo, heading.to),
    ] {
        sheet.write_string(row, 0, i18n.t(lang, key))?;
        match day {
            Some(day) => sheet.write_date_with_format(row, 1, day, &formats.date)?,
            None => sheet.write_string(row, 1, i18n.t(lang, Key::XlsxOpenEnd))?,
        };
    }
    sheet.write_string(3, 0, i18n.t(lang, Key::XlsxMade))?;
    let made = heading.made.with_timezone(&vietnam()).naive_local();
    sheet.write_datetime_with_format(3, 1, made, &formats.moment)?;
    Ok(())
}

fn write_table(
    worksheet: &mut Worksheet,
    i18n: &I18n,
    lang: Language,
    sheet: &Sheet,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, key) in (0u16..).zip(&sheet.headers) {
        worksheet.write_string_with_format(HEADER_ROW, col, i18n.t(lang, *key), &formats.header)?;
        worksheet.set_column_width(col, if col == 0 { 28 } else { 14 })?;
    }
    for (row, values) in (HEADER_ROW + 1..).zip(&sheet.rows) {
        for (col, cell) in (0u16..).zip(values) {
            match cell {
                Cell::Text(text) => worksheet.write_string(row, col, text)?,
                Cell::Count(n) => worksheet.write_number(row, col, *n as f64)?,
                // The row holds percent; a spreadsheet's percent format
                // multiplies by 100, so it gets the fraction.
                Cell::Percent(Some(p)) => {
                    worksheet.write_number_with_format(row, col, p / 100.0, &formats.percent)?
                }
                Cell::Number(Some(x)) => {
                    worksheet.write_number_with_format(row, col, *x, &formats.number)?
                }
                Cell::Word(Some(key)) => worksheet.write_string(row, col, i18n.t(lang, *key))?,
                Cell::Date(Some(day)) => {
                    worksheet.write_date_with_format(row, col, *day, &formats.date)?
                }
                Cell::Percent(None) | Cell::Number(None) | Cell::Word(None) | Cell::Date(None) => {
                    continue;
                }
            };
        }
    }
    worksheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok(())
}

/// A sheet of index rows, with the columns [`IndexRow::columns`] lists: an
/// empty sheet takes them from a row of nothing, to still name them.
pub fn index_sheet(name: Key, rows: &[IndexRow]) -> Sheet {
    let columns = match rows.first() {
        Some(row) => row.columns(),
        None => IndexRow::from_figures(&GroupFigures::default(), &IndexRules::default()).columns(),
    };
    let headers = columns.into_iter().map(|(key, _)| key).collect();
    let rows = rows
        .iter()
        .map(|row| row.columns().into_iter().map(|(_, cell)| cell).collect())
        .collect();
    Sheet {
        name,
        headers,
        rows,
    }
}

/// The words of `key` without the emoji a chat puts before them
/// ("🙂 Hài lòng" is "Hài lòng"): what a table's cell shows.
pub fn plain_words(i18n: &I18n, lang: Language, key: Key) -> String {
    i18n.t(lang, key)
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// A cell as a person reads it on a screen, in `lang`: "80,0 %", "2.000",
/// "Có", "25/11/2026"; "-" where there is no figure.
pub fn cell_words(i18n: &I18n, lang: Language, cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Count(n) => whole(lang, *n),
        Cell::Percent(Some(p)) => i18n.percent(lang, *p),
        // A count kept as a number (the indices measured) reads as a count.
        Cell::Number(Some(x)) if x.fract() == 0.0 => whole(lang, *x as i64),
        Cell::Number(Some(x)) => decimal(lang, *x),
        Cell::Word(Some(key)) => i18n.t(lang, *key),
        Cell::Date(Some(day)) => format_date(*day),
        Cell::Percent(None) | Cell::Number(None) | Cell::Word(None) | Cell::Date(None) => {
            "-".to_owned()
        }
    }
}

/// A sheet as a CSV file for people, headers in `lang`: percentages as
/// figures (0..100), words in `lang`, days as dd/mm/yyyy, in the dialect
/// of [`write_csv`]. Written [`apart`], as a workbook is.
pub async fn csv_bytes(
    i18n: &Arc<I18n>,
    lang: Language,
    sheet: Sheet,
) -> Result<Vec<u8>, csv::Error> {
    let i18n = i18n.clone();
    apart(move || write_csv(&i18n, lang, &sheet)).await
}

/// Marks the file as UTF-8: Excel on Windows reads a CSV without it in the
/// machine's code page, and Vietnamese comes out garbled. Hailong's own
/// importer, and the csv crate, skip it.
const BOM: &str = "\u{feff}";

/// Every CSV file for people (`hailong export`, `hailong cases export`, the
/// dashboard's downloads) is written here, as Excel reads a file opened by
/// a double click under the reader's regional settings: where the decimal
/// mark is the comma (Vietnamese, Khmer), cells are separated by `;` and
/// figures have the decimal comma; in English, `,` and the point.
fn write_csv(i18n: &I18n, lang: Language, sheet: &Sheet) -> Result<Vec<u8>, csv::Error> {
    let separator = match decimal_mark(lang) {
        ',' => b';',
        _ => b',',
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .from_writer(BOM.as_bytes().to_vec());
    let headers: Vec<String> = sheet.headers.iter().map(|key| i18n.t(lang, *key)).collect();
    writer.write_record(&headers)?;
    for row in &sheet.rows {
        writer.write_record(row.iter().map(|cell| csv_cell(i18n, lang, cell)))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

fn csv_cell(i18n: &I18n, lang: Language, cell: &Cell) -> String {
    match cell {
        // A citizen's text that starts like a formula is not run as one by
        // the spreadsheet that opens the file.
        Cell::Text(text) if text.starts_with(['=', '+', '-', '@']) => format!("'{text}"),
        Cell::Text(text) => text.clone(),
        Cell::Count(n) => n.to_string(),
        // Every digit kept (a spreadsheet computes with it), the mark as
        // the reader's spreadsheet reads it.
        Cell::Percent(x) | Cell::Number(x) => x
            .map(|v| {
                v.to_string()
                    .replace('.', decimal_mark(lang).encode_utf8(&mut [0; 4]))
            })
            .unwrap_or_default(),
        Cell::Word(key) => key.map(|k| i18n.t(lang, k)).unwrap_or_default(),
        Cell::Date(day) => day.map(format_date).unwrap_or_default(),
    }
}
