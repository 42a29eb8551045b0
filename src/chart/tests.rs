use super::*;

const AGENCIES: [&str; 12] = [
    "Sở Tư pháp",
    "Trung tâm Phục vụ hành chính công xã Đầm Dơi",
    "Sở Nông nghiệp và Môi trường",
    "UBND phường Tân Thành",
    "Sở Tài chính",
    "Công an tỉnh Cà Mau",
    "Sở Khoa học và Công nghệ",
    "UBND phường An Xuyên",
    "Sở Y tế",
    "Sở Nội vụ",
    "UBND xã Năm Căn",
    "Sở Xây dựng",
];

fn point(label: &str, value: f64) -> Point {
    Point {
        label: label.into(),
        value,
        low: (value - 12.0).max(0.0),
        high: (value + 6.0).min(100.0),
        value_label: format!("{value:.1} %").replace('.', ","),
    }
}

/// The words the bot writes around the figures, from its own messages.
fn words(lang: Language) -> Words {
    Words::new(&crate::i18n::I18n::load().expect("the messages load"), lang)
}

fn vietnamese(months: usize, agencies: usize) -> Chart {
    Chart {
        words: words(Language::Vi),
        months: (0..months)
            .map(|i| point(&format!("T{}/2026", i + 1), 60.0 + 3.0 * i as f64))
            .collect(),
        agencies: (0..agencies)
            .map(|i| {
                let name = AGENCIES
                    .get(i)
                    .map_or_else(|| format!("UBND xã số {i}"), |n| (*n).to_owned());
                point(&name, 40.0 + ((i * 37) % 56) as f64)
            })
            .collect(),
        levels: if months == 0 {
            Vec::new()
        } else {
            vec![
                share("Rất hài lòng", 50.0, Tone::Satisfied),
                share("Hài lòng", 25.0, Tone::Satisfied),
                share("Không hài lòng", 25.0, Tone::NotSatisfied),
            ]
        },
    }
}

fn share(label: &str, value: f64, tone: Tone) -> Share {
    Share {
        label: label.into(),
        value,
        value_label: format!("{value:.1} %").replace('.', ","),
        tone,
    }
}

fn khmer() -> Chart {
    Chart {
        words: words(Language::Km),
        months: vec![point("សីហា 2026", 70.0), point("កញ្ញា 2026", 75.0)],
        agencies: vec![point("មន្ទីរយុត្តិធម៌", 80.0), point("ឃុំ ដាំដឹយ", 60.0)],
        levels: vec![
            share("ពេញចិត្តខ្លាំង", 50.0, Tone::Satisfied),
            share("មិនពេញចិត្ត", 50.0, Tone::NotSatisfied),
        ],
    }
}

fn ink(png: &[u8], area: Rect) -> usize {
    dark_pixels(png, area).expect("a PNG")
}

/// Every word the layout places has ink where it goes: each title, each
/// row's label and share, each month, or the "no data" message.
fn assert_every_label_drawn(chart: &Chart) {
    let png = render(chart).expect("draws");
    let layout = Layout::of(chart);
    let panels = [
        ("trend", layout.trend, chart.months.len()),
        (
            "agencies",
            layout.agencies,
            agency_rows(chart.agencies.len()),
        ),
        ("levels", layout.levels, chart.levels.len()),
    ];
    for (name, panel, rows) in panels {
        let title = ink(&png, panel.title);
        assert!(title > 150, "{name}: title has {title} dark pixels");
        match (panel.body, panel.empty) {
            (Some(body), None) => {
                let (labels, values) = (body.labels, body.values);
                // The trend writes its months in one row; bars one row each.
                if name == "trend" {
                    let shown = rows.min(MONTH_LABELS);
                    let drawn = ink(&png, labels);
                    assert!(
                        drawn > 40 * shown,
                        "{name}: {drawn} dark pixels for {shown} months"
                    );
                    let drawn = ink(&png, values);
                    assert!(
                        drawn > 30 * shown,
                        "{name}: {drawn} dark pixels for {shown} shares"
                    );
                } else {
                    // The "⋯" row between the best and the worst has no share.
                    let gap = if name == "agencies" {
                        ranked(&chart.agencies).iter().position(Option::is_none)
                    } else {
                        None
                    };
                    for row in (0..rows as i32).filter(|r| Some(*r as usize) != gap) {
                        let one = |area: Rect| Rect {
                            y: area.y + ROW * row,
                            h: ROW,
                            ..area
                        };
                        let drawn = ink(&png, one(labels));
                        assert!(drawn > 40, "{name}: label {row} has {drawn} dark pixels");
                        let drawn = ink(&png, one(values));
                        assert!(drawn > 30, "{name}: share {row} has {drawn} dark pixels");
                    }
                }
                let scale = ink(&png, body.scale);
                assert!(scale > 0, "{name}: its scale is drawn");
                // Nothing written over the title's line but the title.
                assert!(panel.title.bottom() <= body.plot.y, "{name}: squashed");
            }
            (None, Some(empty)) => {
                assert_eq!(rows, 0);
                let drawn = ink(&png, empty);
                assert!(
                    drawn > 150,
                    "{name}: no-data message has {drawn} dark pixels"
                );
            }
            _ => panic!("{name}: a panel has figures or says it has none"),
        }
    }
}

#[test]
fn one_agency_is_labelled_and_not_squashed() {
    assert_every_label_drawn(&vietnamese(3, 1));
}

#[test]
fn twelve_agencies_are_each_labelled() {
    assert_every_label_drawn(&vietnamese(12, 12));
}

#[test]
fn one_month_is_labelled() {
    assert_every_label_drawn(&vietnamese(1, 2));
}

#[test]
fn an_empty_period_says_so_in_each_panel() {
    let chart = vietnamese(0, 0);
    let layout = Layout::of(&chart);
    assert!(layout.trend.empty.is_some() && layout.agencies.empty.is_some());
    assert!(layout.levels.empty.is_some());
    assert_every_label_drawn(&chart);
}

#[test]
fn khmer_labels_are_drawn_with_khmer_glyphs() {
    let chart = khmer();
    assert_every_label_drawn(&chart);
    // The same label in a font without Khmer would draw boxes (notdef);
    // Khmer glyphs are finer: they leave much of their box white.
    let png = render(&chart).expect("draws");
    let title = Layout::of(&chart).trend.title;
    let drawn = ink(&png, title);
    assert!(drawn > 300, "{drawn}");
}

#[test]
fn a_province_of_agencies_shows_the_best_and_the_worst() {
    let chart = vietnamese(3, 90);
    assert_every_label_drawn(&chart);
    let layout = Layout::of(&chart);
    assert!(layout.height < 2000, "{}", layout.height);
    let rows = ranked(&chart.agencies);
    assert_eq!(rows.len(), 41);
    assert_eq!(rows[20], None);
    let values: Vec<f64> = chart.agencies.iter().map(|p| p.value).collect();
    let value = |row: Option<&Point>| row.map(|p| p.value);
    assert_eq!(value(rows[0]), values.iter().copied().reduce(f64::max));
    assert_eq!(value(rows[40]), values.iter().copied().reduce(f64::min));
}

#[test]
fn agencies_are_ranked_best_first() {
    let chart = vietnamese(1, 3);
    let names: Vec<&str> = ranked(&chart.agencies)
        .iter()
        .flatten()
        .map(|p| p.label.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Trung tâm Phục vụ hành chính công xã Đầm Dơi",
            "Sở Nông nghiệp và Môi trường",
            "Sở Tư pháp"
        ]
    );
}

#[test]
fn more_agencies_make_a_taller_chart_not_thinner_rows() {
    let one = Layout::of(&vietnamese(1, 1));
    let twelve = Layout::of(&vietnamese(1, 12));
    assert_eq!(twelve.height - one.height, 11 * ROW as u32);
}

/// `cargo test --lib chart::tests::write_the_docs_charts -- --ignored`
/// redraws the pictures the README shows.
#[test]
#[ignore = "writes docs/chart-*.png"]
fn write_the_docs_charts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for (name, chart) in [
        ("chart-vi.png", vietnamese(8, 12)),
        ("chart-km.png", khmer()),
    ] {
        std::fs::write(dir.join(name), render(&chart).expect("draws")).expect("written");
    }
}

/// The levels are named alike, each by its words: an emoji before one (which
/// the fonts may or may not have) is not drawn.
#[test]
fn a_levels_emoji_is_left_out_of_the_chart() {
    let with_levels = |labels: [&str; 2]| {
        let mut chart = vietnamese(1, 1);
        chart.levels = vec![
            share(labels[0], 60.0, Tone::Satisfied),
            share(labels[1], 40.0, Tone::NotSatisfied),
        ];
        render(&chart).expect("draws")
    };
    assert!(
        with_levels(["😊 Rất hài lòng", "🙁 Không hài lòng"])
            == with_levels(["Rất hài lòng", "Không hài lòng"])
    );
}

/// The scales write a share as every other figure is written, "%" and all,
/// and the trend's widest number fits left of its plot.
#[test]
fn the_scales_are_shares_in_the_readers_language() {
    for (lang, top) in [
        (Language::Vi, "100\u{a0}%"),
        (Language::Km, "100\u{a0}%"),
        (Language::En, "100%"),
    ] {
        let words = words(lang);
        assert_eq!(words.ticks.last().map(String::as_str), Some(top));
        let widest = words
            .ticks
            .iter()
            .map(|tick| text::width(tick, SMALL_SIZE).expect("measured"))
            .fold(0.0, f32::max);
        assert!(widest <= SCALE_WIDTH as f32, "{lang:?}: {widest} px");
    }
}
