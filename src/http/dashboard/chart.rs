//! The monthly trend as SVG, written here: the satisfied share of each
//! month with its 95 % interval as a whisker. No script draws it.

use maud::{Markup, html};

use crate::chart::{self, Point};
use crate::domain::Language;
use crate::i18n::{I18n, decimal};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

fn y(percent: f64) -> f64 {
    TOP + (100.0 - percent.clamp(0.0, 100.0)) / 100.0 * (HEIGHT - TOP - BOTTOM)
}

/// `points` in order, labelled below the axis; `title` is the chart's
/// accessible name. Shares are written as `lang` writes them.
pub fn trend(points: &[Point], (i18n, lang): (&I18n, Language), title: &str) -> Markup {
    let step = (WIDTH - LEFT - RIGHT) / points.len().max(1) as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.value)))
        .collect();
    // Labels that would overlap their neighbours are thinned out: about
    // 7 units per character at the labels' size.
    let widest = points
        .iter()
        .map(|p| p.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_every = ((widest as f64 * 7.0 + 6.0) / step).ceil().max(1.0) as usize;
    html! {
        svg class="trend" viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(title)
            xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            @for tick in chart::TICKS {
                line class="grid" x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y(tick)) y2=(y(tick)) {}
                text class="tick" x=(LEFT - 6.0) y=(y(tick) + 4.0) text-anchor="end" {
                    (i18n.scale_percent(lang, tick))
                }
            }
            @if points.len() > 1 {
                polyline class="line" points=(line.join(" ")) {}
            }
            @for (i, p) in points.iter().enumerate() {
                g class="point" {
                    line class="whisker" x1=(x(i)) x2=(x(i)) y1=(y(p.low)) y2=(y(p.high)) {}
                    line class="whisker" x1=(x(i) - 5.0) x2=(x(i) + 5.0) y1=(y(p.low)) y2=(y(p.low)) {}
                    line class="whisker" x1=(x(i) - 5.0) x2=(x(i) + 5.0) y1=(y(p.high)) y2=(y(p.high)) {}
                    circle cx=(x(i)) cy=(y(p.value)) r="4" {
                        title { (format!("{}: {} [{}]", p.label, p.value_label, i18n.interval(lang, p.low, p.high))) }
                    }
                    text class="value" x=(x(i)) y=(y(p.value) - 8.0) text-anchor="middle" { (decimal(lang, p.value)) }
                    @if i % label_every == 0 {
                        text class="month" x=(x(i)) y=(HEIGHT - BOTTOM + 18.0) text-anchor="middle" { (p.label) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_month_has_its_point_whiskers_and_label() {
        let points = vec![
            Point {
                label: "T7/2026".into(),
                value_label: "80,0\u{a0}%".into(),
                value: 80.0,
                low: 70.5,
                high: 87.3,
            },
            Point {
                label: "T8/2026".into(),
                value_label: "60,0\u{a0}%".into(),
                value: 60.0,
                low: 40.0,
                high: 77.0,
            },
        ];
        let i18n = I18n::load().expect("locales parse");
        let svg = trend(&points, (&i18n, Language::Vi), "Xu hướng").into_string();
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("class=\"whisker\"").count(), 6);
        assert!(
            svg.contains(">T8/2026</text>")
                && svg.contains(">80,0</text>")
                && svg.contains(">100\u{a0}%</text>")
                && svg.contains("T7/2026: 80,0\u{a0}% [70,5\u{a0}% – 87,3\u{a0}%]"),
            "{svg}"
        );
        // 100 % is at the top, 0 % at the bottom.
        assert!(y(100.0) < y(0.0));
    }
}
