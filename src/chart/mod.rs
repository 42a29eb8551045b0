//! The `/stats` chart: satisfaction by month with its 95 % interval, and by
//! agency. Drawn with an embedded font so that Vietnamese renders on any server.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

const FONT: &str = "hailong-sans";
const WIDTH: u32 = 960;
const HEIGHT: u32 = 720;

/// One bar or point: a label, the share satisfied and its interval, in percent.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the chart font does not load")]
    Font,
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Png(#[from] png::EncodingError),
}

fn draw_error<E: std::fmt::Debug>(error: E) -> ChartError {
    ChartError::Draw(format!("{error:?}"))
}

fn register_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(
            FONT,
            FontStyle::Normal,
            include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
        )
        .is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// A PNG with the monthly series on top and the agencies below.
pub fn satisfaction_chart(
    month_title: &str,
    months: &[Point],
    agency_title: &str,
    agencies: &[Point],
) -> Result<Vec<u8>, ChartError> {
    register_font()?;
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (top, bottom) = root.split_vertically(HEIGHT * 2 / 5);
        draw_months(&top, month_title, months)?;
        draw_agencies(&bottom, agency_title, agencies)?;
        root.present().map_err(draw_error)?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

fn draw_months(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    title: &str,
    months: &[Point],
) -> Result<(), ChartError> {
    let n = months.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 22))
        .margin(14)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..100f64)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => {
                months.get(*i).map(|p| p.label.clone()).unwrap_or_default()
            }
            _ => String::new(),
        })
        .y_desc("%")
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(draw_error)?;
    let colour = RGBColor(31, 119, 180);
    chart
        .draw_series(LineSeries::new(
            months
                .iter()
                .enumerate()
                .map(|(i, p)| (SegmentValue::CenterOf(i), p.value)),
            colour.stroke_width(2),
        ))
        .map_err(draw_error)?;
    chart
        .draw_series(months.iter().enumerate().map(|(i, p)| {
            ErrorBar::new_vertical(
                SegmentValue::CenterOf(i),
                p.low,
                p.value,
                p.high,
                colour.filled(),
                10,
            )
        }))
        .map_err(draw_error)?;
    Ok(())
}

fn draw_agencies(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    title: &str,
    agencies: &[Point],
) -> Result<(), ChartError> {
    let n = agencies.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 22))
        .margin(14)
        .x_label_area_size(30)
        .y_label_area_size(330)
        .build_cartesian_2d(0f64..100f64, (0..n - 1).into_segmented())
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => agencies
                .get(*i)
                .map(|p| shorten(&p.label, 40))
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc("%")
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(draw_error)?;
    let colour = RGBColor(44, 160, 44);
    chart
        .draw_series(agencies.iter().enumerate().map(|(i, p)| {
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (p.value, SegmentValue::Exact(i + 1)),
                ],
                colour.mix(0.6).filled(),
            );
            bar.set_margin(6, 6, 0, 0);
            bar
        }))
        .map_err(draw_error)?;
    chart
        .draw_series(agencies.iter().enumerate().map(|(i, p)| {
            ErrorBar::new_horizontal(
                SegmentValue::CenterOf(i),
                p.low,
                p.value,
                p.high,
                BLACK.filled(),
                10,
            )
        }))
        .map_err(draw_error)?;
    Ok(())
}

fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let mut short: String = label.chars().take(max - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, value: f64) -> Point {
        Point {
            label: label.into(),
            value,
            low: value - 10.0,
            high: value + 5.0,
        }
    }

    /// Dark pixels of the chart within `x` and `y`, after checking its size.
    fn dark_pixels(png: Vec<u8>, x: std::ops::Range<u32>, y: std::ops::Range<u32>) -> usize {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().expect("a PNG");
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
        let mut buffer = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buffer).expect("a frame");
        let bytes = &buffer[..frame.buffer_size()];
        let channels = frame.color_type.samples();
        y.flat_map(|row| x.clone().map(move |col| (row, col)))
            .filter(|&(row, col)| {
                let at = ((row * WIDTH + col) as usize) * channels;
                bytes[at..at + 3].iter().all(|&v| v < 100)
            })
            .count()
    }

    fn agencies_chart(first: &str, second: &str) -> Vec<u8> {
        satisfaction_chart(
            "Chỉ số hài lòng theo tháng",
            &[point("2026-10", 80.0), point("2026-11", 85.0)],
            "Theo cơ quan",
            &[point(first, 90.0), point(second, 70.0)],
        )
        .expect("draws")
    }

    #[test]
    fn draws_the_agency_labels_with_vietnamese_letters() {
        // The agency labels stand left of the lower panel's bars.
        let (x, y) = (20..330, HEIGHT * 2 / 5 + 40..HEIGHT - 40);
        let named = agencies_chart("Bộ phận Một cửa UBND huyện Đầm Dơi", "Sở Tư pháp");
        let unnamed = agencies_chart(" ", "  ");
        let (with, without) = (
            dark_pixels(named, x.clone(), y.clone()),
            dark_pixels(unnamed, x, y),
        );
        assert!(
            with > without + 500,
            "label area: {with} dark pixels vs {without} unlabelled"
        );
    }

    #[test]
    fn an_empty_period_still_draws() {
        assert!(satisfaction_chart("a", &[], "b", &[]).is_ok());
    }
}
