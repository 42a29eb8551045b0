//! `hailong index --format xlsx`: the index as a workbook a province can
//! file, one sheet per grouping, headers in the reader's language.

use chrono::{DateTime, NaiveDate, Utc};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::domain::Language;
use crate::domain::moment::vietnam;
use crate::domain::satisfaction::{Cell, GroupFigures, IndexRow, IndexRules};
use crate::i18n::{I18n, Key};

/// One sheet: its name's key and its rows.
pub struct Sheet {
    pub name: Key,
    pub rows: Vec<IndexRow>,
}

/// What every sheet says above its table: the period (Vietnamese days, both
/// included; `None` is an open end) and when the file was made.
pub struct Heading {
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

pub fn to_bytes(
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
        write_table(worksheet, i18n, lang, &sheet.rows, &formats)?;
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
    sheet.write_string_with_format(0, 0, i18n.t(lang, Key::XlsxTitle), &formats.bold)?;
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
    sheet: &mut Worksheet,
    i18n: &I18n,
    lang: Language,
    rows: &[IndexRow],
    formats: &Formats,
) -> Result<(), XlsxError> {
    // The headers come from the rows' own column list, so an empty sheet
    // still needs one row to name them.
    let blank;
    let first = match rows.first() {
        Some(row) => row,
        None => {
            blank = IndexRow::from_figures(&GroupFigures::default(), &IndexRules::default());
            &blank
        }
    };
    let headers: Vec<Key> = first.columns().into_iter().map(|(key, _)| key).collect();
    for (col, key) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(HEADER_ROW, col, i18n.t(lang, *key), &formats.header)?;
        sheet.set_column_width(col, if col == 0 { 28 } else { 14 })?;
    }
    for (row, values) in (HEADER_ROW + 1..).zip(rows) {
        for (col, (_, cell)) in (0u16..).zip(values.columns()) {
            match cell {
                Cell::Text(text) => sheet.write_string(row, col, text)?,
                Cell::Count(n) => sheet.write_number(row, col, n as f64)?,
                // The row holds percent; a spreadsheet's percent format
                // multiplies by 100, so it gets the fraction.
                Cell::Percent(Some(p)) => {
                    sheet.write_number_with_format(row, col, p / 100.0, &formats.percent)?
                }
                Cell::Number(Some(x)) => {
                    sheet.write_number_with_format(row, col, x, &formats.number)?
                }
                Cell::Word(Some(key)) => sheet.write_string(row, col, i18n.t(lang, key))?,
                Cell::Percent(None) | Cell::Number(None) | Cell::Word(None) => sheet,
            };
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok(())
}

/// The same table as a CSV file, headers in `lang`: percentages as figures
/// (0..100, a point for decimals, as spreadsheets read CSV), words in `lang`.
pub fn csv_bytes(i18n: &I18n, lang: Language, rows: &[IndexRow]) -> Result<Vec<u8>, csv::Error> {
    let blank = IndexRow::from_figures(&GroupFigures::default(), &IndexRules::default());
    let headers: Vec<String> = rows
        .first()
        .unwrap_or(&blank)
        .columns()
        .into_iter()
        .map(|(key, _)| i18n.t(lang, key))
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers)?;
    for row in rows {
        let cells: Vec<String> = row
            .columns()
            .into_iter()
            .map(|(_, cell)| match cell {
                Cell::Text(text) => text,
                Cell::Count(n) => n.to_string(),
                Cell::Percent(x) | Cell::Number(x) => x.map(|x| x.to_string()).unwrap_or_default(),
                Cell::Word(key) => key.map(|key| i18n.t(lang, key)).unwrap_or_default(),
            })
            .collect();
        writer.write_record(&cells)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}
