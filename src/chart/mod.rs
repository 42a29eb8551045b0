//! The `/stats` chart: one panel per question it answers — how the share
//! satisfied moved month by month (with its 95 % intervals), how the agencies
//! rank, and how the answers split over the levels.
//!
//! The caller gives every word already in the reader's language (titles,
//! month labels, "75,0 %"); the chart only places them. Each panel is as tall
//! as its rows need, so one agency or one month reads as well as twelve, and a
//! panel with nothing to show says so instead of drawing empty axes.
//! [`Layout`] is where every label goes; drawing and the tests both read it.

mod text;

use plotters::prelude::*;

use crate::domain::Language;
use crate::i18n::{I18n, Key};

use text::Canvas;
pub use text::KHMER_FONT;

pub const WIDTH: u32 = 960;
const MARGIN: i32 = 24;
const GAP: i32 = 18;
const TITLE_SIZE: f32 = 19.0;
const TITLE_HEIGHT: i32 = 36;
const LABEL_SIZE: f32 = 14.0;
const SMALL_SIZE: f32 = 12.0;
const ROW: i32 = 30;
const TREND_PLOT: i32 = 190;
/// Left of the trend's plot: its 0..100 scale.
const SCALE_WIDTH: i32 = 44;
/// Where the scales have a line and a number.
pub const TICKS: [f64; 5] = [0.0, 25.0, 50.0, 75.0, 100.0];
const LABEL_WIDTH: i32 = 300;
const VALUE_WIDTH: i32 = 84;
const EMPTY_HEIGHT: i32 = 64;
const TICKS_HEIGHT: i32 = 22;
/// More month labels than this would touch: the others are left out.
const MONTH_LABELS: usize = 12;
/// Past this many agencies the chart shows the best and the worst this
/// many each, with a "⋯" row between: a taller picture would be shrunk by
/// Telegram until nothing in it can be read.
const AGENCIES_EACH_END: usize = 20;

const INK: [u8; 3] = [25, 25, 25];
const SOFT_INK: [u8; 3] = [90, 90, 90];
const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(160, 160, 160);
const TREND: RGBColor = RGBColor(31, 119, 180);
const BAR: RGBColor = RGBColor(140, 200, 140);
const WHISKER: RGBColor = RGBColor(70, 70, 70);

/// A month or an agency: its label, the share satisfied with its interval
/// (percent), and the share as the reader writes it ("75,0 %").
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub value_label: String,
}

/// One level's share of the answers (percent), as it is coloured.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub label: String,
    pub value: f64,
    pub value_label: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Satisfied,
    Neutral,
    NotSatisfied,
}

/// The words around the figures, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub trend_title: String,
    pub agencies_title: String,
    pub levels_title: String,
    /// What an empty panel says.
    pub no_data: String,
    /// The scales' numbers, one for each of [`TICKS`], as shares ("25 %").
    pub ticks: [String; TICKS.len()],
}

impl Words {
    pub fn new(i18n: &I18n, lang: Language) -> Self {
        Self {
            trend_title: i18n.t(lang, Key::ChartByMonth),
            agencies_title: i18n.t(lang, Key::ChartByAgency),
            levels_title: i18n.t(lang, Key::ChartLevels),
            no_data: i18n.t(lang, Key::ChartNoData),
            ticks: TICKS.map(|tick| i18n.scale_percent(lang, tick)),
        }
    }
}

/// Everything the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub words: Words,
    pub months: Vec<Point>,
    /// In any order: the chart ranks them.
    pub agencies: Vec<Point>,
    pub levels: Vec<Share>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the chart fonts do not load")]
    Font,
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Png(#[from] png::EncodingError),
}

fn draw_error<E: std::fmt::Debug>(error: E) -> ChartError {
    ChartError::Draw(format!("{error:?}"))
}

/// A rectangle of the image, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    fn bottom(&self) -> i32 {
        self.y + self.h
    }

    fn right(&self) -> i32 {
        self.x + self.w
    }

    /// Its columns and rows, for reading pixels.
    pub fn ranges(&self) -> (std::ops::Range<u32>, std::ops::Range<u32>) {
        let span = |from: i32, len: i32| from.max(0) as u32..(from + len).max(0) as u32;
        (span(self.x, self.w), span(self.y, self.h))
    }
}

/// Where one panel's words and marks go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panel {
    pub title: Rect,
    /// The panel's figures; None when it has none and says so in `empty`.
    pub body: Option<Body>,
    pub empty: Option<Rect>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    /// Where bars, points and intervals are drawn.
    pub plot: Rect,
    /// The month, agency or level labels.
    pub labels: Rect,
    /// The shares written out.
    pub values: Rect,
    /// The 0..100 scale's numbers.
    pub scale: Rect,
}

/// Where everything goes, from how many months, agencies and levels there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub height: u32,
    pub trend: Panel,
    pub agencies: Panel,
    pub levels: Panel,
}

impl Layout {
    pub fn of(chart: &Chart) -> Self {
        Self::new(chart.months.len(), chart.agencies.len(), chart.levels.len())
    }

    pub fn new(months: usize, agencies: usize, levels: usize) -> Self {
        let mut y = MARGIN;
        // However many months, the trend keeps its height: they share its width.
        let trend = panel(&mut y, months, |top, _| trend_body(top));
        y += GAP;
        let agencies = panel(&mut y, agency_rows(agencies), rows_body);
        y += GAP;
        let levels = panel(&mut y, levels, rows_body);
        Self {
            height: (y + MARGIN) as u32,
            trend,
            agencies,
            levels,
        }
    }
}

/// A panel from `y` down, moving `y` to its end.
fn panel(y: &mut i32, count: usize, body: impl Fn(i32, usize) -> (Body, i32)) -> Panel {
    let width = WIDTH as i32 - 2 * MARGIN;
    let title = Rect {
        x: MARGIN,
        y: *y,
        w: width,
        h: TITLE_HEIGHT,
    };
    *y += TITLE_HEIGHT;
    if count == 0 {
        let empty = Rect {
            x: MARGIN,
            y: *y,
            w: width,
            h: EMPTY_HEIGHT,
        };
        *y += EMPTY_HEIGHT;
        return Panel {
            title,
            body: None,
            empty: Some(empty),
        };
    }
    let (body, height) = body(*y, count);
    *y += height;
    Panel {
        title,
        body: Some(body),
        empty: None,
    }
}

/// The trend: the scale left, the plot, then a row of months and a row of shares.
fn trend_body(y: i32) -> (Body, i32) {
    let plot = Rect {
        x: MARGIN + SCALE_WIDTH + 8,
        y: y + 8,
        w: WIDTH as i32 - 2 * MARGIN - SCALE_WIDTH - 8,
        h: TREND_PLOT,
    };
    let labels = Rect {
        y: plot.bottom() + 4,
        h: 22,
        ..plot
    };
    let values = Rect {
        y: labels.bottom(),
        h: 20,
        ..plot
    };
    let scale = Rect {
        x: MARGIN,
        y: plot.y - 10,
        w: SCALE_WIDTH,
        h: plot.h + 20,
    };
    let body = Body {
        plot,
        labels,
        values,
        scale,
    };
    (body, values.bottom() - y)
}

/// Ranked rows: labels left, bars, the share right, the scale below.
fn rows_body(y: i32, rows: usize) -> (Body, i32) {
    let h = ROW * rows as i32;
    let labels = Rect {
        x: MARGIN,
        y,
        w: LABEL_WIDTH,
        h,
    };
    let plot = Rect {
        x: labels.right() + 12,
        y,
        w: WIDTH as i32 - MARGIN - VALUE_WIDTH - (labels.right() + 12),
        h,
    };
    let values = Rect {
        x: plot.right() + 8,
        w: VALUE_WIDTH - 8,
        ..plot
    };
    let scale = Rect {
        y: plot.bottom(),
        h: TICKS_HEIGHT,
        x: plot.x - 12,
        w: plot.w + 24,
    };
    let body = Body {
        plot,
        labels,
        values,
        scale,
    };
    (body, scale.bottom() - y)
}

/// A word to write once the shapes are drawn.
struct Label {
    text: String,
    /// Where its box is anchored: left, centre or right, and the box's top.
    x: f32,
    top: f32,
    align: Align,
    size: f32,
    colour: [u8; 3],
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Centre,
    Right,
}

/// The rows `agencies` agencies take: one each, or the best and the worst
/// and a "⋯" row.
fn agency_rows(agencies: usize) -> usize {
    if agencies > 2 * AGENCIES_EACH_END + 1 {
        2 * AGENCIES_EACH_END + 1
    } else {
        agencies
    }
}

/// The agencies, best first (equal shares in the order of their names); None
/// stands for those left out between the best and the worst.
fn ranked(agencies: &[Point]) -> Vec<Option<&Point>> {
    let mut ranked: Vec<&Point> = agencies.iter().collect();
    ranked.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.label.cmp(&b.label))
    });
    if agency_rows(ranked.len()) == ranked.len() {
        return ranked.into_iter().map(Some).collect();
    }
    let worst = ranked.split_off(ranked.len() - AGENCIES_EACH_END);
    ranked.truncate(AGENCIES_EACH_END);
    let best = ranked.into_iter().map(Some);
    best.chain([None])
        .chain(worst.into_iter().map(Some))
        .collect()
}

/// The chart as a PNG.
pub fn render(chart: &Chart) -> Result<Vec<u8>, ChartError> {
    let layout = Layout::of(chart);
    let height = layout.height;
    let mut pixels = vec![255u8; (WIDTH * height * 3) as usize];
    let mut labels = Vec::new();
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, height)).into_drawing_area();
        let words = &chart.words;
        trend(&root, &layout.trend, words, &chart.months, &mut labels)?;
        let agencies: Vec<Option<Bar<'_>>> = ranked(&chart.agencies)
            .into_iter()
            .map(|p| {
                p.map(|p| Bar {
                    label: &p.label,
                    value: p.value,
                    interval: Some((p.low, p.high)),
                    value_label: &p.value_label,
                    colour: BAR,
                })
            })
            .collect();
        let panel = &layout.agencies;
        bars(
            &root,
            panel,
            &words.agencies_title,
            words,
            &agencies,
            &mut labels,
        )?;
        let levels: Vec<Option<Bar<'_>>> = chart
            .levels
            .iter()
            .map(|s| {
                Some(Bar {
                    label: words_of(&s.label),
                    value: s.value,
                    interval: None,
                    value_label: &s.value_label,
                    colour: match s.tone {
                        Tone::Satisfied => RGBColor(86, 166, 86),
                        Tone::Neutral => RGBColor(190, 190, 190),
                        Tone::NotSatisfied => RGBColor(224, 120, 100),
                    },
                })
            })
            .collect();
        let panel = &layout.levels;
        bars(
            &root,
            panel,
            &words.levels_title,
            words,
            &levels,
            &mut labels,
        )?;
        root.present().map_err(draw_error)?;
    }
    let mut canvas = Canvas {
        pixels: &mut pixels,
        width: WIDTH,
        height,
    };
    for label in labels {
        write(&mut canvas, &label)?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

/// A level's name without the emoji the chat shows before it: the fonts
/// drawn have letters and only a few emoji (DejaVu Sans has 😊, not 🙂), and
/// the bars' colours already tell the levels' tones.
fn words_of(label: &str) -> &str {
    label.trim_start_matches(|c: char| !c.is_alphanumeric())
}

fn write(canvas: &mut Canvas<'_>, label: &Label) -> Result<(), ChartError> {
    let left = match label.align {
        Align::Left => label.x,
        Align::Centre => label.x - text::width(&label.text, label.size)? / 2.0,
        Align::Right => label.x - text::width(&label.text, label.size)?,
    };
    // The baseline sits low enough in the box for Vietnamese capitals' marks above.
    let baseline = label.top + label.size * 1.1;
    canvas.text(&label.text, (left, baseline), label.size, label.colour)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// The panel's title, and its "no data" message when it has no figures.
fn frame(
    panel: &Panel,
    title: &str,
    words: &Words,
    labels: &mut Vec<Label>,
) -> Result<(), ChartError> {
    let width = panel.title.w as f32;
    labels.push(Label {
        text: text::fit(title, TITLE_SIZE, width)?,
        x: panel.title.x as f32,
        top: panel.title.y as f32 + 4.0,
        align: Align::Left,
        size: TITLE_SIZE,
        colour: INK,
    });
    if let Some(empty) = panel.empty {
        labels.push(Label {
            text: text::fit(&words.no_data, LABEL_SIZE + 2.0, width)?,
            x: (empty.x + empty.w / 2) as f32,
            top: (empty.y + empty.h / 2) as f32 - LABEL_SIZE,
            align: Align::Centre,
            size: LABEL_SIZE + 2.0,
            colour: SOFT_INK,
        });
    }
    Ok(())
}

fn line(
    root: &Area<'_>,
    from: (i32, i32),
    to: (i32, i32),
    style: ShapeStyle,
) -> Result<(), ChartError> {
    root.draw(&PathElement::new(vec![from, to], style))
        .map_err(draw_error)
}

/// Months left to right: each share a point on a line, its interval a
/// vertical bar, its month and share written below.
fn trend(
    root: &Area<'_>,
    panel: &Panel,
    words: &Words,
    months: &[Point],
    labels: &mut Vec<Label>,
) -> Result<(), ChartError> {
    frame(panel, &words.trend_title, words, labels)?;
    let Some(body) = panel.body else {
        return Ok(());
    };
    let plot = body.plot;
    let y_of =
        |v: f64| plot.bottom() - (v.clamp(0.0, 100.0) / 100.0 * f64::from(plot.h)).round() as i32;
    for (tick, text) in TICKS.into_iter().zip(&words.ticks) {
        let y = y_of(tick);
        let colour = if tick == 0.0 { AXIS } else { GRID };
        line(root, (plot.x, y), (plot.right(), y), colour.stroke_width(1))?;
        labels.push(Label {
            text: text.clone(),
            x: body.scale.right() as f32,
            top: y as f32 - SMALL_SIZE * 0.8,
            align: Align::Right,
            size: SMALL_SIZE,
            colour: SOFT_INK,
        });
    }
    let slot = f64::from(plot.w) / months.len() as f64;
    let x_of = |i: usize| plot.x + (slot * (i as f64 + 0.5)).round() as i32;
    let path: Vec<(i32, i32)> = months
        .iter()
        .enumerate()
        .map(|(i, p)| (x_of(i), y_of(p.value)))
        .collect();
    root.draw(&PathElement::new(path, TREND.stroke_width(2)))
        .map_err(draw_error)?;
    let every = months.len().div_ceil(MONTH_LABELS);
    let max_width = (slot * every as f64) as f32 - 4.0;
    for (i, p) in months.iter().enumerate() {
        let x = x_of(i);
        let (low, high) = (y_of(p.low), y_of(p.high));
        line(root, (x, low), (x, high), TREND.stroke_width(2))?;
        line(root, (x - 5, low), (x + 5, low), TREND.stroke_width(2))?;
        line(root, (x - 5, high), (x + 5, high), TREND.stroke_width(2))?;
        root.draw(&Circle::new((x, y_of(p.value)), 4, TREND.filled()))
            .map_err(draw_error)?;
        if i % every != 0 {
            continue;
        }
        labels.push(Label {
            text: text::fit(&p.label, LABEL_SIZE - 1.0, max_width)?,
            x: x as f32,
            top: body.labels.y as f32,
            align: Align::Centre,
            size: LABEL_SIZE - 1.0,
            colour: INK,
        });
        labels.push(Label {
            text: text::fit(&p.value_label, SMALL_SIZE, max_width)?,
            x: x as f32,
            top: body.values.y as f32,
            align: Align::Centre,
            size: SMALL_SIZE,
            colour: INK,
        });
    }
    Ok(())
}

/// One row of a bar panel.
struct Bar<'a> {
    label: &'a str,
    value: f64,
    interval: Option<(f64, f64)>,
    value_label: &'a str,
    colour: RGBColor,
}

/// Horizontal bars, one row each, in the order given: the label left, the
/// share written right, the interval (if any) as a whisker over the bar;
/// None is a "⋯" row for rows left out.
fn bars(
    root: &Area<'_>,
    panel: &Panel,
    title: &str,
    words: &Words,
    rows: &[Option<Bar<'_>>],
    labels: &mut Vec<Label>,
) -> Result<(), ChartError> {
    frame(panel, title, words, labels)?;
    let Some(body) = panel.body else {
        return Ok(());
    };
    let plot = body.plot;
    let x_of = |v: f64| plot.x + (v.clamp(0.0, 100.0) / 100.0 * f64::from(plot.w)).round() as i32;
    for (tick, text) in TICKS.into_iter().zip(&words.ticks) {
        let x = x_of(tick);
        let colour = if tick == 0.0 { AXIS } else { GRID };
        line(
            root,
            (x, plot.y),
            (x, plot.bottom()),
            colour.stroke_width(1),
        )?;
        labels.push(Label {
            text: text.clone(),
            x: x as f32,
            top: body.scale.y as f32 + 3.0,
            align: Align::Centre,
            size: SMALL_SIZE,
            colour: SOFT_INK,
        });
    }
    for (i, row) in rows.iter().enumerate() {
        let top = plot.y + ROW * i as i32;
        let centre = top + ROW / 2;
        let text_top = centre as f32 - LABEL_SIZE * 0.75;
        let Some(bar) = row else {
            labels.push(Label {
                text: "⋯".into(),
                x: body.labels.x as f32,
                top: text_top,
                align: Align::Left,
                size: LABEL_SIZE,
                colour: INK,
            });
            continue;
        };
        root.draw(&Rectangle::new(
            [(plot.x, top + 5), (x_of(bar.value), top + ROW - 5)],
            bar.colour.filled(),
        ))
        .map_err(draw_error)?;
        if let Some((low, high)) = bar.interval {
            let (low, high) = (x_of(low), x_of(high));
            line(root, (low, centre), (high, centre), WHISKER.stroke_width(1))?;
            line(
                root,
                (low, centre - 5),
                (low, centre + 5),
                WHISKER.stroke_width(1),
            )?;
            line(
                root,
                (high, centre - 5),
                (high, centre + 5),
                WHISKER.stroke_width(1),
            )?;
        }
        labels.push(Label {
            text: text::fit(bar.label, LABEL_SIZE, body.labels.w as f32)?,
            x: body.labels.x as f32,
            top: text_top,
            align: Align::Left,
            size: LABEL_SIZE,
            colour: INK,
        });
        labels.push(Label {
            text: text::fit(bar.value_label, LABEL_SIZE, body.values.w as f32)?,
            x: body.values.x as f32,
            top: text_top,
            align: Align::Left,
            size: LABEL_SIZE,
            colour: INK,
        });
    }
    Ok(())
}

/// How many dark pixels (every channel under 100) a PNG of the chart has
/// within `area`: how the tests see that a word was drawn where it belongs.
pub fn dark_pixels(png: &[u8], area: Rect) -> Result<usize, png::DecodingError> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info()?;
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer)?;
    let (width, height) = (frame.width, frame.height);
    let channels = frame.color_type.samples();
    let bytes = &buffer[..frame.buffer_size()];
    let (columns, rows) = area.ranges();
    let rows = rows.start.min(height)..rows.end.min(height);
    let columns = columns.start.min(width)..columns.end.min(width);
    Ok(rows
        .flat_map(|row| columns.clone().map(move |col| (row, col)))
        .filter(|&(row, col)| {
            let at = ((row * width + col) as usize) * channels;
            bytes[at..at + 3].iter().all(|&v| v < 100)
        })
        .count())
}

#[cfg(test)]
mod tests;
