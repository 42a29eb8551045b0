//! What staff read through the Bot API: the `/stats` chart as it was sent
//! (its labels drawn, in Khmer too) and `/comments` page by page.

use bot_api_emulator::Incoming;
use hailong::chart::{Layout, Rect, dark_pixels};
use hailong::configuration::Question;
use hailong::domain::Language;
use hailong::domain::moment::local_date;
use hailong::i18n::Key;

use crate::helpers::{TestApp, citizen};
use crate::survey::{RETURNED, RETURNED_THREE, rate, survey_app};

const STAFF: i64 = 950;
/// Staff of 000.00.05.H12 (Sở Tư pháp) only.
const JUSTICE_STAFF: i64 = 951;
const JUSTICE: &str = "000.00.05.H12";
const ONE_STOP: &str = "000.00.32.H12";

async fn staff_app(adjust: impl FnOnce(&mut hailong::configuration::Settings)) -> TestApp {
    survey_app(|s| {
        s.roles.staff = vec![STAFF];
        s.roles.staff_agencies = [(JUSTICE_STAFF.to_string(), vec![JUSTICE.to_owned()])].into();
        adjust(s);
    })
    .await
}

/// The chart the bot uploaded last.
fn last_chart(app: &TestApp) -> Vec<u8> {
    app.fake
        .uploads_named("hailong-stats.png")
        .pop()
        .expect("a chart was uploaded")
}

/// Every title, label and share the layout places has ink in the PNG.
fn assert_labels_drawn(png: &[u8], layout: &Layout, rows: [usize; 3]) {
    let ink = |area: Rect| dark_pixels(png, area).expect("a PNG");
    let panels = [
        ("trend", layout.trend),
        ("agencies", layout.agencies),
        ("levels", layout.levels),
    ];
    for ((name, panel), rows) in panels.into_iter().zip(rows) {
        assert!(ink(panel.title) > 150, "{name}: no title");
        let body = panel.body.unwrap_or_else(|| panic!("{name}: has figures"));
        assert!(ink(body.labels) > 40 * rows, "{name}: labels missing");
        assert!(ink(body.values) > 30 * rows, "{name}: shares missing");
        assert!(ink(body.scale) > 0, "{name}: no scale");
    }
}

#[tokio::test]
async fn a_scoped_staff_members_chart_labels_its_one_agency() {
    let mut app = staff_app(|_| {}).await;
    rate(
        &mut app,
        &citizen(960, Some("vi")),
        RETURNED_THREE,
        Key::LevelNotSatisfied,
    )
    .await;
    rate(
        &mut app,
        &citizen(961, Some("vi")),
        RETURNED,
        Key::LevelVerySatisfied,
    )
    .await;
    app.send_text(&citizen(JUSTICE_STAFF, Some("vi")), "/stats")
        .await;
    let png = last_chart(&app);
    // One month (11/2026), one agency, the three levels the survey asks.
    let layout = Layout::new(1, 1, 3);
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let info = decoder.read_info().expect("a PNG");
    assert_eq!(info.info().height, layout.height, "one agency's height");
    assert_labels_drawn(&png, &layout, [1, 1, 3]);
}

#[tokio::test]
async fn a_khmer_reader_gets_the_chart_with_every_label_drawn() {
    let mut app = staff_app(|_| {}).await;
    rate(
        &mut app,
        &citizen(962, Some("km")),
        RETURNED_THREE,
        Key::LevelNotSatisfied,
    )
    .await;
    rate(
        &mut app,
        &citizen(963, Some("km")),
        RETURNED,
        Key::LevelSatisfied,
    )
    .await;
    app.send_text(&citizen(STAFF, Some("km")), "/stats").await;
    let chart = app.last_message(STAFF);
    assert_eq!((chart.method.as_str(), chart.status), ("sendPhoto", 200));
    assert_labels_drawn(&last_chart(&app), &Layout::new(1, 2, 3), [1, 2, 3]);
}

/// Dossiers 000.00.32.H12-261103-000N for N in `numbers`, each returned and
/// rated "not satisfied" in turn, so that N orders them by age.
async fn low_ratings(app: &mut TestApp, agency: &str, numbers: std::ops::Range<i64>) {
    let mut rows = String::new();
    for n in numbers.clone() {
        rows.push_str(&format!(
            "{agency}-261103-{n:04},1.001193,{agency},10,2026-11-02,2026-11-05,2026-11-04T10:00:00+07:00,direct,\n"
        ));
    }
    app.import_dossiers(&rows).await;
    for n in numbers {
        let user = citizen(1000 + n, Some("en"));
        let code = format!("{agency}-261103-{n:04}");
        rate(app, &user, &code, Key::LevelNotSatisfied).await;
    }
}

fn codes_shown(app: &TestApp, chat: i64, agency: &str, numbers: std::ops::Range<i64>) -> Vec<i64> {
    let text = app.last_text(chat);
    numbers
        .filter(|n| text.contains(&format!("{agency}-261103-{n:04}")))
        .collect()
}

fn button_labels(app: &TestApp, chat: i64) -> Vec<String> {
    app.fake
        .last_keyboard(chat)
        .map(|(_, rows)| rows.into_iter().flatten().map(|b| b.label).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn comments_page_forward_and_back() {
    let mut app = staff_app(|_| {}).await;
    low_ratings(&mut app, ONE_STOP, 0..7).await;
    let staff = citizen(STAFF, Some("en"));
    let (newer, older) = (
        app.t(Language::En, Key::CommentsNewer),
        app.t(Language::En, Key::CommentsOlder),
    );
    let taps_before = app.calls_of("answerCallbackQuery").len();
    app.send_text(&staff, "/comments 3").await;
    let shown = |app: &TestApp| codes_shown(app, STAFF, ONE_STOP, 0..7);
    assert_eq!(shown(&app), [4, 5, 6]);
    assert_eq!(button_labels(&app, STAFF), [older.as_str()]);
    app.press(&staff, &older).await;
    assert_eq!(shown(&app), [1, 2, 3]);
    assert_eq!(button_labels(&app, STAFF), [newer.as_str(), older.as_str()]);
    app.press(&staff, &older).await;
    assert_eq!(shown(&app), [0]);
    assert_eq!(button_labels(&app, STAFF), [newer.as_str()]);
    app.press(&staff, &newer).await;
    assert_eq!(shown(&app), [1, 2, 3]);
    app.press(&staff, &newer).await;
    assert_eq!(shown(&app), [4, 5, 6]);
    assert_eq!(button_labels(&app, STAFF), [older.as_str()]);
    // Every page was an edit of the one message, each tap acknowledged.
    let edits = app.messages_in(STAFF);
    assert_eq!(edits.len(), 5, "one message");
    assert!(edits[1..].iter().all(|m| m.method == "editMessageText"));
    assert_eq!(app.calls_of("answerCallbackQuery").len(), taps_before + 4);
}

#[tokio::test]
async fn each_comment_shows_its_agency_level_chips_comment_and_date() {
    let mut app = staff_app(|s| {
        s.survey.questions = vec![Question::WentBadly, Question::Comment]
            .try_into()
            .expect("each question once");
    })
    .await;
    // Today in Vietnam, read before the rating and after the answer: the
    // rating's day is one of the two, even when midnight falls between.
    let today = || {
        local_date(chrono::Utc::now())
            .format("%d/%m/%Y")
            .to_string()
    };
    let before = today();
    let unhappy = citizen(970, Some("vi"));
    rate(&mut app, &unhappy, RETURNED_THREE, Key::LevelNotSatisfied).await;
    app.press(&unhappy, &app.t(Language::Vi, Key::ChipTime))
        .await;
    app.press(&unhappy, &app.t(Language::Vi, Key::SurveyNext))
        .await;
    app.send_text(&unhappy, "Chờ quá lâu").await;
    app.send_text(&citizen(STAFF, Some("vi")), "/comments")
        .await;
    let text = app.last_text(STAFF);
    let heading = |day: &str| format!("• {day} · Sở Tư pháp · 🙁 Không hài lòng");
    let after = today();
    assert!(
        text.contains(&heading(&before)) || text.contains(&heading(&after)),
        "{} not in {text}",
        heading(&after)
    );
    // Each detail sits under its entry's heading, indented alike.
    for part in [
        format!("\n  Hồ sơ {RETURNED_THREE} · Chứng thực bản sao từ bản chính"),
        "\n  Chưa hài lòng về: ⏱ Thời gian".to_owned(),
        "\n  Ý kiến: “Chờ quá lâu”".to_owned(),
    ] {
        assert!(text.contains(&part), "{part} not in {text}");
    }
}

#[tokio::test]
async fn staff_of_one_agency_never_read_another_agencys_comments() {
    let mut app = staff_app(|_| {}).await;
    low_ratings(&mut app, ONE_STOP, 0..2).await;
    low_ratings(&mut app, JUSTICE, 2..4).await;
    let justice = citizen(JUSTICE_STAFF, Some("en"));
    app.send_text(&justice, "/comments 1").await;
    assert_eq!(codes_shown(&app, JUSTICE_STAFF, JUSTICE, 0..4), [3]);
    app.send_text(&justice, &format!("/comments {ONE_STOP}"))
        .await;
    assert_eq!(
        app.last_message(JUSTICE_STAFF).text(),
        Some(app.t(Language::En, Key::CommentsAgencyUnknown).as_str())
    );
    // Buttons made for staff who read everything: one naming the other
    // agency, one naming none. Pressed in the scoped chat, neither shows it.
    let all = citizen(STAFF, Some("en"));
    let older = app.t(Language::En, Key::CommentsOlder);
    let data_of = |app: &TestApp| {
        let (_, rows) = app.fake.last_keyboard(STAFF).expect("a keyboard");
        rows.into_iter()
            .flatten()
            .find(|b| b.label == older)
            .and_then(|b| b.data)
            .expect("a next-page button")
    };
    app.send_text(&all, &format!("/comments 1 {ONE_STOP}"))
        .await;
    let naming_one_stop = data_of(&app);
    app.send_text(&all, "/comments 1").await;
    let naming_none = data_of(&app);
    let (message_id, _) = app.fake.last_keyboard(JUSTICE_STAFF).expect("a page");
    let before = app.messages_in(JUSTICE_STAFF).len();
    app.send(
        &justice,
        Incoming::Press {
            message_id,
            data: naming_one_stop,
        },
    )
    .await;
    assert_eq!(
        app.last_toast(),
        Some(app.t(Language::En, Key::ButtonExpired))
    );
    assert_eq!(
        app.messages_in(JUSTICE_STAFF).len(),
        before,
        "nothing shown"
    );
    app.send(
        &justice,
        Incoming::Press {
            message_id,
            data: naming_none,
        },
    )
    .await;
    let text = app.last_text(JUSTICE_STAFF);
    assert!(!text.contains(ONE_STOP), "{text}");
    assert!(text.contains(&format!("{JUSTICE}-261103-0002")), "{text}");
}

#[tokio::test]
async fn bad_comments_arguments_are_explained() {
    let mut app = staff_app(|_| {}).await;
    let staff = citizen(STAFF, Some("vi"));
    let usage = app.t(Language::Vi, Key::CommentsUsage);
    for argument in ["0", "21", "5 ???", "5 000.00.05.H12 sớm"] {
        app.send_text(&staff, &format!("/comments {argument}"))
            .await;
        assert_eq!(
            app.last_message(STAFF).text(),
            Some(usage.as_str()),
            "/comments {argument}"
        );
    }
    app.send_text(&staff, "/comments 31/12/2026 01/01/2026")
        .await;
    assert_eq!(
        app.last_message(STAFF).text(),
        Some(app.t(Language::Vi, Key::CommentsPeriodReversed).as_str())
    );
    app.send_text(&staff, "/comments 000.00.99.H12").await;
    assert_eq!(
        app.last_message(STAFF).text(),
        Some(app.t(Language::Vi, Key::CommentsAgencyUnknown).as_str())
    );
}

/// A share with nothing to count yet (here: feedback handled on time, before
/// any case) says so in words alone: the percent sign goes with a figure,
/// never after "chưa có dữ liệu".
#[tokio::test]
async fn a_share_with_nothing_to_count_says_so_without_a_percent_sign() {
    for lang in Language::ALL {
        let mut app = staff_app(|_| {}).await;
        let rater = citizen(964, Some(lang.code()));
        rate(&mut app, &rater, RETURNED, Key::LevelVerySatisfied).await;
        app.send_text(&citizen(STAFF, Some(lang.code())), "/stats")
            .await;
        let said: Vec<String> = app
            .messages_in(STAFF)
            .iter()
            .filter_map(|call| call.text().map(str::to_owned))
            .collect();
        let said = said.join("\n");
        let no_data = app.t(lang, Key::StatsNoData);
        assert!(said.contains(&no_data), "{lang}: {said}");
        for glued in [format!("{no_data} %"), format!("{no_data}%")] {
            assert!(!said.contains(&glued), "{lang}: {said}");
        }
    }
}
