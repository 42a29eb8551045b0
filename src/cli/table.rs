//! The one way the CLI lays out a table for a terminal: every column as
//! wide as its widest cell, measured in what a terminal shows (a name with
//! Vietnamese marks is wider in bytes than on screen), so that a long name
//! moves no separator out of line.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table: each column's header and alignment, then rows of cells.
#[derive(Debug)]
pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
    /// Put between two columns: `"  "`, `" | "`.
    gap: &'static str,
    /// A header longer than this wraps onto more lines, between words, so
    /// that a phrase ("Tỷ lệ hài lòng và rất hài lòng") does not widen a
    /// column of short figures; `None` keeps each header on one line.
    wrap_headers_at: Option<usize>,
}

/// The columns a text takes on a terminal: its characters once composed
/// (NFC), not counting the marks that combine with the letter before them.
pub fn width(text: &str) -> usize {
    text.nfc().filter(|c| !is_combining_mark(*c)).count()
}

impl Table {
    pub fn new(columns: Vec<(String, Align)>, gap: &'static str) -> Self {
        Self {
            columns,
            rows: Vec::new(),
            gap,
            wrap_headers_at: None,
        }
    }

    pub fn wrap_headers_at(mut self, width: usize) -> Self {
        self.wrap_headers_at = Some(width);
        self
    }

    /// A row; missing cells are empty, extra ones are dropped.
    pub fn push(&mut self, mut cells: Vec<String>) {
        cells.resize(self.columns.len(), String::new());
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(col, (header, _))| {
                let cells = self.rows.iter().map(|row| width(&row[col])).max();
                let header = match self.wrap_headers_at {
                    // At least its longest word, which cannot be cut.
                    Some(at) => header
                        .split_whitespace()
                        .map(width)
                        .max()
                        .unwrap_or(0)
                        .max(width(header).min(at)),
                    None => width(header),
                };
                cells.unwrap_or(0).max(header)
            })
            .collect();
        let headers: Vec<Vec<String>> = self
            .columns
            .iter()
            .zip(&widths)
            .map(|((header, _), w)| match self.wrap_headers_at {
                Some(_) => wrap(header, *w),
                None => vec![header.clone()],
            })
            .collect();
        let lines = headers.iter().map(Vec::len).max().unwrap_or(1);
        let mut out = String::new();
        for line in 0..lines {
            // Headers stand at the bottom of their lines, over their figures.
            let header_row: Vec<String> = headers
                .iter()
                .map(|h| {
                    let skip = lines - h.len();
                    line.checked_sub(skip)
                        .and_then(|at| h.get(at))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect();
            self.line(&mut out, &header_row, &widths);
        }
        for row in &self.rows {
            self.line(&mut out, row, &widths);
        }
        out
    }

    fn line(&self, out: &mut String, cells: &[String], widths: &[usize]) {
        let mut line = String::new();
        for (col, ((cell, w), (_, align))) in
            cells.iter().zip(widths).zip(&self.columns).enumerate()
        {
            if col > 0 {
                line.push_str(self.gap);
            }
            let pad = " ".repeat(w.saturating_sub(width(cell)));
            match align {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// `text` cut between words into lines of at most `width` columns (a word
/// longer than that has a line of its own).
fn wrap(text: &str, at: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if width(line) + 1 + width(word) <= at => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_what_a_terminal_shows() {
        assert_eq!(width("Sở Tư pháp"), 10);
        // The same name with its marks as separate characters.
        let decomposed: String = "Sở Tư pháp".nfd().collect();
        assert!(decomposed.chars().count() > 10);
        assert_eq!(width(&decomposed), 10);
    }

    #[test]
    fn separators_stay_in_line_whatever_the_names() {
        let decomposed: String = "Trung tâm Phục vụ hành chính công phường Tân Thành"
            .nfd()
            .collect();
        let mut table = Table::new(
            vec![
                ("Cơ quan".into(), Align::Left),
                ("Trễ hạn".into(), Align::Right),
            ],
            " | ",
        );
        table.push(vec!["000.00.05.H12 Sở Tư pháp".into(), "2".into()]);
        table.push(vec![format!("000.00.31.H12 {decomposed}"), "7".into()]);
        let text = table.render();
        let bars: Vec<usize> = text
            .lines()
            .map(|l| width(l.split(" | ").next().unwrap_or_default()))
            .collect();
        assert_eq!(bars.len(), 3, "{text}");
        assert!(bars.iter().all(|b| *b == bars[0]), "{text}");
        assert!(
            text.lines()
                .all(|l| width(l) == width(text.lines().next().unwrap_or_default())),
            "{text}"
        );
    }

    #[test]
    fn long_headers_wrap_over_their_column() {
        let mut table = Table::new(
            vec![
                ("Nhóm".into(), Align::Left),
                ("Tỷ lệ hài lòng và rất hài lòng".into(), Align::Right),
            ],
            "  ",
        )
        .wrap_headers_at(14);
        table.push(vec!["T8/2026".into(), "80,0 %".into()]);
        let text = table.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines.iter().all(|l| width(l) <= 7 + 2 + 14), "{text}");
        assert!(
            lines[2].starts_with("Nhóm"),
            "the header sits over its cells: {text}"
        );
        assert!(lines[3].ends_with("80,0 %"), "{text}");
    }
}
