//! The survey, from the return of the result to a counted response.

use bot_api_emulator::{Incoming, Person};
use hailong::domain::{DossierCode, Language};
use hailong::i18n::Key;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{STAFF_CHAT, TestApp, citizen};

const PROCESSING: &str = "000.00.32.H12-261101-0001";
pub(crate) const RETURNED: &str = "000.00.32.H12-261101-0002";
pub(crate) const RETURNED_TOO: &str = "000.00.32.H12-261101-0003";
pub(crate) const RETURNED_THREE: &str = "000.00.32.H12-261101-0004";

pub(crate) async fn survey_app(
    adjust: impl FnOnce(&mut hailong::configuration::Settings),
) -> TestApp {
    let app = TestApp::spawn_with(adjust).await;
    app.seed_catalog().await;
    app.import_dossiers(&format!(
        "{PROCESSING},1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n\
         {RETURNED},1.001193,000.00.32.H12,10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n\
         {RETURNED_TOO},2.000815,000.00.32.H12,10,2026-11-01,2026-11-05,2026-11-05T10:00:00+07:00,online,32047\n\
         {RETURNED_THREE},2.000815,000.00.05.H12,10,2026-11-01,2026-11-05,2026-11-07T10:00:00+07:00,postal,\n"
    ))
    .await;
    app
}

fn label(app: &TestApp, lang: Language, key: Key) -> String {
    app.t(lang, key)
}

/// `/rate CODE`, then one tap on `level`.
pub(crate) async fn rate(app: &mut TestApp, user: &Person, code: &str, level: Key) {
    app.send_text(user, &format!("/rate {code}")).await;
    let lang = Language::from_client(user.language_code.as_deref());
    app.press(user, &label(app, lang, level)).await;
}

/// Skips every optional question before the comment.
pub(crate) async fn skip_to_comment(app: &mut TestApp, user: &Person) {
    let lang = Language::from_client(user.language_code.as_deref());
    for key in [
        Key::SurveySkip,
        Key::SurveySkip,
        Key::SurveySkip,
        Key::SurveyNext,
        Key::SurveyNext,
    ] {
        let label = label(app, lang, key);
        app.press(user, &label).await;
    }
}

async fn overall(app: &TestApp) -> (i64, i64, i64) {
    let rows = app.index(None).await;
    rows.first().map_or((0, 0, 0), |r| {
        (r.responses, r.verified_responses, r.not_satisfied)
    })
}

#[tokio::test]
async fn returning_a_dossier_invites_each_follower_once() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(501, Some("en"));
    app.send_text(&user, PROCESSING).await;
    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    let path = format!("/dossiers/{PROCESSING}/events");
    app.api(
        Method::POST,
        &path,
        json!({"event_id": "r1", "status": 10, "at": "2026-11-04T15:00:00+07:00"}),
    )
    .await;
    app.drain_jobs().await;
    let messages = app.messages_in(501);
    assert_eq!(
        messages.len(),
        4,
        "look-up, follow, notification, invitation"
    );
    let invite = &messages[3];
    assert!(
        invite
            .text()
            .unwrap_or_default()
            .contains("How satisfied are you"),
        "{:?}",
        invite.text()
    );
    let labels: Vec<String> = invite
        .buttons()
        .into_iter()
        .flatten()
        .map(|b| b.label)
        .collect();
    assert_eq!(
        labels,
        ["😊 Very satisfied", "🙂 Satisfied", "🙁 Dissatisfied"]
    );
    // Taken back into processing, then returned again, each a day later.
    for (id, status, at) in [
        ("r2", 4, "2026-11-05T09:00:00+07:00"),
        ("r3", 10, "2026-11-06T15:00:00+07:00"),
    ] {
        app.api(
            Method::POST,
            &path,
            json!({"event_id": id, "status": status, "at": at}),
        )
        .await;
    }
    app.drain_jobs().await;
    let after = app.messages_in(501);
    assert_eq!(
        after.len(),
        6,
        "two more status notifications and nothing else"
    );
    let invites = after
        .iter()
        .filter(|m| m.text().unwrap_or_default().contains("How satisfied"))
        .count();
    assert_eq!(invites, 1, "returned twice, invited once");
}

#[tokio::test]
async fn one_tap_is_a_complete_counted_response() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(502, Some("vi"));
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    assert_eq!(
        app.calls_of("answerCallbackQuery")[0].text(),
        Some(app.t(Language::Vi, Key::SurveyCounted).as_str())
    );
    let rows = app.index(None).await;
    assert_eq!(
        (rows[0].responses, rows[0].satisfied, rows[0].satisfaction),
        (1, 1, Some(100.0))
    );
    assert_eq!(
        rows[0].indices.get(1),
        Some(2.0),
        "returned a day early: index 1 from history"
    );
    assert_eq!(
        rows[0].indices.get(3),
        Some(2.0),
        "no supplement was requested"
    );
    let next = app.last_message(502);
    assert!(
        next.text()
            .unwrap_or_default()
            .contains(&app.t(Language::Vi, Key::SurveyConvenience))
    );
}

/// A returned dossier looked up offers its survey, and once rated says how.
#[tokio::test]
async fn a_returned_dossiers_card_offers_the_survey_until_rated_then_shows_the_rating() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(509, Some("en"));
    app.send_text(&user, RETURNED).await;
    assert_eq!(
        app.last_message(509).buttons()[0][0].label,
        app.t(Language::En, Key::RateButton)
    );
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    app.send_text(&user, RETURNED).await;
    let level = app.t(Language::En, Key::LevelSatisfied);
    assert_eq!(
        app.last_message(509).buttons()[0][0].label,
        app.t_args(Language::En, Key::RatedButton, &[("level", &level)])
    );
}

#[tokio::test]
async fn the_same_tap_delivered_twice_counts_once() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(503, Some("en"));
    app.send_text(&user, &format!("/rate {RETURNED}")).await;
    let tap = app.press(&user, "😊 Very satisfied").await;
    app.redeliver(tap).await;
    assert_eq!(overall(&app).await.0, 1);
    assert_eq!(app.calls_of("answerCallbackQuery").len(), 1);
}

#[tokio::test]
async fn rating_again_within_a_day_replaces_the_first_rating() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(504, Some("en"));
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    rate(&mut app, &user, RETURNED, Key::LevelNotSatisfied).await;
    assert_eq!(overall(&app).await, (1, 0, 1));
}

#[tokio::test]
async fn rating_again_after_the_window_is_politely_refused() {
    let mut app = survey_app(|s| s.survey.replace_within_hours = 0).await;
    let user = citizen(505, Some("en"));
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    rate(&mut app, &user, RETURNED, Key::LevelNotSatisfied).await;
    let last = app
        .calls_of("answerCallbackQuery")
        .pop()
        .expect("an answer");
    assert_eq!(
        last.text(),
        Some(app.t(Language::En, Key::SurveyAlready).as_str())
    );
    assert_eq!(overall(&app).await, (1, 0, 0));
}

#[tokio::test]
async fn optional_questions_can_be_answered_skipped_and_commented() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(506, Some("en"));
    rate(&mut app, &user, RETURNED, Key::LevelVerySatisfied).await;
    app.press(&user, "🙂 Satisfied").await;
    app.press(&user, "😊 Very satisfied").await;
    app.press(&user, &app.t(Language::En, Key::SurveySkip))
        .await;
    app.press(&user, "⏱ Time").await;
    app.press(&user, "🤝 Attitude").await;
    app.press(&user, "✅ ⏱ Time").await;
    let chips: Vec<String> = app
        .last_message(506)
        .buttons()
        .into_iter()
        .flatten()
        .map(|b| b.label)
        .collect();
    assert_eq!(
        chips[..2],
        ["⏱ Time".to_owned(), "✅ 🤝 Attitude".to_owned()],
        "toggled off, toggled on"
    );
    app.press(&user, &app.t(Language::En, Key::SurveyNext))
        .await;
    app.press(&user, &app.t(Language::En, Key::SurveyNext))
        .await;
    assert_eq!(
        app.last_message(506).text(),
        Some(app.t(Language::En, Key::SurveyComment).as_str())
    );
    app.send_text(&user, "  Cán bộ rất nhiệt tình  ").await;
    assert_eq!(
        app.last_message(506).text(),
        Some(app.t(Language::En, Key::SurveyDone).as_str())
    );
    let rows = app.index(None).await;
    assert_eq!(
        (rows[0].indices.get(7), rows[0].indices.get(4)),
        (Some(2.0), None)
    );
    app.send_text(&user, "/help").await;
    assert_eq!(
        app.last_message(506).text(),
        Some(app.t(Language::En, Key::Help).as_str()),
        "the survey is over"
    );
}

#[tokio::test]
async fn an_old_survey_button_changes_nothing() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(507, Some("en"));
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    let (message_id, rows) = app.fake.last_keyboard(507).expect("the attitude question");
    let very = rows[0][0].data.clone().expect("data");
    app.press(&user, &app.t(Language::En, Key::SurveyFinish))
        .await;
    app.send(
        &user,
        Incoming::Press {
            message_id,
            data: very,
        },
    )
    .await;
    let last = app
        .calls_of("answerCallbackQuery")
        .pop()
        .expect("an answer");
    assert_eq!(
        last.text(),
        Some(app.t(Language::En, Key::ButtonExpired).as_str())
    );
    assert_eq!(app.index(None).await[0].indices.get(7), None);
}

#[tokio::test]
async fn another_users_rating_button_changes_nothing() {
    let mut app = survey_app(|_| {}).await;
    let owner = citizen(508, Some("en"));
    app.send_text(&owner, &format!("/rate {RETURNED}")).await;
    let (message_id, rows) = app.fake.last_keyboard(508).expect("the invitation");
    let data = rows[2][0].data.clone().expect("data");
    app.send(
        &citizen(509, Some("en")),
        Incoming::Press { message_id, data },
    )
    .await;
    for nonsense in ["r:1:1:AAAAAAAA", "r:abc", "q:1:a1:zzzzzzzz"] {
        app.send(
            &citizen(509, Some("en")),
            Incoming::Press {
                message_id,
                data: nonsense.into(),
            },
        )
        .await;
    }
    assert_eq!(overall(&app).await.0, 0);
}

#[tokio::test]
async fn a_deep_link_follower_is_verified_and_a_typed_rate_is_not() {
    let mut app = survey_app(|_| {}).await;
    let payload = app
        .signer()
        .await
        .payload(&DossierCode::parse(RETURNED).expect("code"))
        .expect("fits");
    let holder = citizen(510, Some("en"));
    app.send_text(&holder, &format!("/start {payload}")).await;
    rate(&mut app, &holder, RETURNED, Key::LevelSatisfied).await;
    rate(
        &mut app,
        &citizen(511, Some("en")),
        RETURNED,
        Key::LevelSatisfied,
    )
    .await;
    assert_eq!(overall(&app).await, (2, 1, 0));
}

#[tokio::test]
async fn ratings_beyond_the_daily_limit_are_held_for_review() {
    let mut app = survey_app(|s| s.survey.daily_limit = 2).await;
    let user = citizen(512, Some("en"));
    for code in [RETURNED, RETURNED_TOO, RETURNED_THREE] {
        rate(&mut app, &user, code, Key::LevelVerySatisfied).await;
    }
    assert_eq!(overall(&app).await.0, 2, "the third is held, not counted");
    // Changing a counted rating is not one more: it is counted in its place.
    rate(&mut app, &user, RETURNED, Key::LevelNotSatisfied).await;
    let (responses, _, not_satisfied) = overall(&app).await;
    assert_eq!((responses, not_satisfied), (2, 1));
}

#[tokio::test]
async fn a_low_rating_reaches_the_agency_staff_once_with_its_comment() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(513, Some("vi"));
    rate(&mut app, &user, RETURNED, Key::LevelNotSatisfied).await;
    skip_to_comment(&mut app, &user).await;
    app.send_text(&user, "Phải chờ quá lâu").await;
    app.drain_jobs().await;
    let alerts = app.messages_in(STAFF_CHAT);
    assert_eq!(alerts.len(), 1, "one alert");
    let alert = alerts[0].text().unwrap_or_default().to_owned();
    for expected in [
        RETURNED,
        "Đăng ký khai sinh (1.001193)",
        "🙁 Không hài lòng",
        "Góp ý: Phải chờ quá lâu",
    ] {
        assert!(alert.contains(expected), "missing {expected:?} in {alert}");
    }
}

#[tokio::test]
async fn rate_needs_a_returned_dossier_and_a_code() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(514, Some("en"));
    app.send_text(&user, &format!("/rate {PROCESSING}")).await;
    assert!(
        app.last_message(514)
            .text()
            .unwrap_or_default()
            .contains("has not been returned yet")
    );
    app.send_text(&user, "/rate").await;
    assert!(
        app.last_message(514)
            .text()
            .unwrap_or_default()
            .starts_with("Add the code of a returned dossier")
    );
}

#[tokio::test]
async fn a_comment_over_1000_characters_is_refused_and_the_survey_waits() {
    let mut app = survey_app(|s| {
        s.survey.questions = vec![hailong::configuration::Question::Comment]
            .try_into()
            .expect("each question once")
    })
    .await;
    let user = citizen(515, Some("en"));
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    app.send_text(&user, &"á".repeat(1001)).await;
    assert!(
        app.last_message(515)
            .text()
            .unwrap_or_default()
            .contains("longer than 1,000")
    );
    app.send_text(&user, "ok").await;
    assert_eq!(
        app.last_message(515).text(),
        Some(app.t(Language::En, Key::SurveyDone).as_str())
    );
}

/// A comment listed before other questions is asked in its place, and the
/// questions after it still come: after a typed comment, and after Skip.
#[tokio::test]
async fn a_comment_before_other_questions_leads_on_to_them() {
    use hailong::configuration::Question;
    let mut app = survey_app(|s| {
        s.survey.questions = vec![Question::Comment, Question::Attitude]
            .try_into()
            .expect("each question once")
    })
    .await;
    let typed = citizen(532, Some("en"));
    rate(&mut app, &typed, RETURNED, Key::LevelSatisfied).await;
    assert!(
        app.last_message(532)
            .text()
            .unwrap_or_default()
            .ends_with(&app.t(Language::En, Key::SurveyComment))
    );
    app.send_text(&typed, "Cán bộ rất nhiệt tình").await;
    assert_eq!(
        app.last_message(532).text(),
        Some(app.t(Language::En, Key::SurveyAttitude).as_str()),
        "the attitude question follows the comment"
    );
    app.press(&typed, &app.t(Language::En, Key::LevelVerySatisfied))
        .await;
    assert_eq!(
        app.last_message(532).text(),
        Some(app.t(Language::En, Key::SurveyDone).as_str())
    );
    assert_eq!(app.index(None).await[0].indices.get(7), Some(2.0));

    let skipping = citizen(533, Some("en"));
    rate(&mut app, &skipping, RETURNED_TOO, Key::LevelSatisfied).await;
    app.press(&skipping, &app.t(Language::En, Key::SurveySkip))
        .await;
    assert_eq!(
        app.last_message(533).text(),
        Some(app.t(Language::En, Key::SurveyAttitude).as_str()),
        "Skip on the comment moves on"
    );
    app.press(&skipping, &app.t(Language::En, Key::SurveyFinish))
        .await;
    assert_eq!(
        app.last_message(533).text(),
        Some(app.t(Language::En, Key::SurveyDone).as_str())
    );
}

/// Finish under the comment, the last question, ends the survey.
#[tokio::test]
async fn finish_under_the_comment_ends_the_survey() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(534, Some("en"));
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    skip_to_comment(&mut app, &user).await;
    app.press(&user, &app.t(Language::En, Key::SurveyFinish))
        .await;
    assert_eq!(
        app.last_message(534).text(),
        Some(app.t(Language::En, Key::SurveyDone).as_str())
    );
    app.send_text(&user, "/help").await;
    assert_eq!(
        app.last_message(534).text(),
        Some(app.t(Language::En, Key::Help).as_str()),
        "the survey is over"
    );
}

#[tokio::test]
async fn one_reminder_goes_to_those_who_did_not_answer() {
    let mut app = survey_app(|s| s.survey.reminder_after_hours = 1).await;
    let user = citizen(516, Some("en"));
    app.send_text(&user, PROCESSING).await;
    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    let path = format!("/dossiers/{PROCESSING}/events");
    app.api(
        Method::POST,
        &path,
        json!({"event_id": "r", "status": 10, "at": "2026-11-04T15:00:00+07:00"}),
    )
    .await;
    app.drain_jobs().await;
    assert_eq!(
        app.messages_in(516).len(),
        4,
        "not reminded within the hour"
    );
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    sqlx::query("UPDATE survey_invites SET invited_at = '2026-11-04T08:00:00.000Z'")
        .execute(&mut *tx)
        .await
        .expect("an invitation made long ago");
    tx.commit().await.expect("committed");
    app.drain_jobs().await;
    app.drain_jobs().await;
    let messages = app.messages_in(516);
    assert_eq!(messages.len(), 5, "one reminder, never a second");
    assert!(
        messages[4]
            .text()
            .unwrap_or_default()
            .starts_with("📝 A reminder"),
        "{:?}",
        messages[4].text()
    );
}

const STAFF: i64 = 900;
const SCOPED_STAFF: i64 = 901;

async fn staff_app() -> TestApp {
    survey_app(|s| {
        s.roles.staff = vec![STAFF];
        s.roles.staff_agencies =
            [(SCOPED_STAFF.to_string(), vec!["000.00.05.H12".to_owned()])].into();
    })
    .await
}

#[tokio::test]
async fn citizens_are_told_the_index_and_comments_commands_do_not_exist() {
    let mut app = staff_app().await;
    let user = citizen(520, Some("en"));
    for command in ["/stats", "/comments"] {
        app.send_text(&user, command).await;
        assert_eq!(
            app.last_message(520).text(),
            Some(app.t(Language::En, Key::UnknownCommand).as_str())
        );
    }
}

#[tokio::test]
async fn staff_get_the_index_as_text_and_a_chart() {
    let mut app = staff_app().await;
    rate(
        &mut app,
        &citizen(521, Some("en")),
        RETURNED,
        Key::LevelVerySatisfied,
    )
    .await;
    rate(
        &mut app,
        &citizen(522, Some("en")),
        RETURNED_TOO,
        Key::LevelNotSatisfied,
    )
    .await;
    let staff = citizen(STAFF, Some("en"));
    app.send_text(&staff, "/stats").await;
    let messages = app.messages_in(STAFF);
    let summary = messages[0].text().unwrap_or_default().to_owned();
    assert!(
        summary.contains("Satisfied or very satisfied: 50.0%"),
        "{summary}"
    );
    assert!(
        summary.contains("Ratings: 2 (0 verified") && summary.contains("Fewer than 30 ratings"),
        "{summary}"
    );
    let chart = &messages[1];
    assert_eq!((chart.method.as_str(), chart.status), ("sendPhoto", 200));
    assert!(
        chart.params["photo"]
            .as_str()
            .unwrap_or_default()
            .starts_with("<upload hailong-stats.png")
    );
    assert!(
        chart
            .text()
            .unwrap_or_default()
            .starts_with("The satisfaction index by month and by agency")
    );
}

#[tokio::test]
async fn scoped_staff_read_only_their_agencies() {
    let mut app = staff_app().await;
    rate(
        &mut app,
        &citizen(523, Some("vi")),
        RETURNED,
        Key::LevelVerySatisfied,
    )
    .await;
    rate(
        &mut app,
        &citizen(524, Some("vi")),
        RETURNED_THREE,
        Key::LevelNotSatisfied,
    )
    .await;
    let scoped = citizen(SCOPED_STAFF, Some("en"));
    app.send_text(&scoped, "/stats").await;
    let summary = app.messages_in(SCOPED_STAFF)[0]
        .text()
        .unwrap_or_default()
        .to_owned();
    assert!(
        summary.contains("Satisfied or very satisfied: 0.0%") && summary.contains("Ratings: 1 "),
        "{summary}"
    );
    app.send_text(&scoped, "/comments").await;
    let comments = app.last_text(SCOPED_STAFF);
    assert!(
        comments.contains(RETURNED_THREE) && !comments.contains(RETURNED),
        "{comments}"
    );
}

#[tokio::test]
async fn stats_explain_a_bad_period_and_an_empty_one() {
    let mut app = staff_app().await;
    let staff = citizen(STAFF, Some("en"));
    app.send_text(&staff, "/stats soon").await;
    assert_eq!(
        app.last_message(STAFF).text(),
        Some(app.t(Language::En, Key::StatsUsage).as_str())
    );
    app.send_text(&staff, "/stats 2025-01-01 2025-12-31").await;
    let text = app.last_text(STAFF);
    assert_eq!(
        text,
        "No ratings yet for dossiers returned from 01/01/2025 to 31/12/2025."
    );
    app.send_text(&staff, "/stats 31/12/2025 01/01/2025").await;
    assert_eq!(
        app.last_message(STAFF).text(),
        Some(app.t(Language::En, Key::StatsPeriodReversed).as_str())
    );
    // A day that does not exist is named, in each command that reads a period.
    for command in [
        "/stats 31/02/2026 01/03/2026",
        "/comments 000.00.32.H12 01/01/2026 31/02/2026",
        "/export 31/02/2026 01/03/2026",
    ] {
        app.send_text(&staff, command).await;
        assert_eq!(
            app.last_text(STAFF),
            "31/02/2026 is not a day of the calendar. Write dates as dd/mm/yyyy, for example 31/03/2026.",
            "{command}"
        );
    }
    app.send_text(&staff, "/stats 01/01/2025 31/12/2025").await;
    assert!(
        app.last_message(STAFF)
            .text()
            .unwrap_or_default()
            .ends_with("from 01/01/2025 to 31/12/2025."),
        "dd/mm/yyyy dates are read"
    );
    for word in ["tháng", "quý", "năm"] {
        app.send_text(&staff, &format!("/stats {word}")).await;
        assert_ne!(
            app.last_message(STAFF).text(),
            Some(app.t(Language::En, Key::StatsUsage).as_str()),
            "/stats {word}"
        );
    }
}

/// The issue's contradiction: one "Không hài lòng" must never read
/// "Xuất sắc", even with Circular 01 turned on and every index the dossier's
/// history answers at its best.
#[tokio::test]
async fn a_single_not_satisfied_rating_is_never_excellent() {
    let mut app = survey_app(|s| {
        s.roles.staff = vec![STAFF];
        s.index.circular_01 = true;
    })
    .await;
    rate(
        &mut app,
        &citizen(530, Some("vi")),
        RETURNED,
        Key::LevelNotSatisfied,
    )
    .await;
    let staff = citizen(STAFF, Some("vi"));
    app.send_text(&staff, "/stats").await;
    let summary = app.messages_in(STAFF)[0]
        .text()
        .unwrap_or_default()
        .to_owned();
    let excellent = app.t(Language::Vi, Key::GradeExcellent);
    assert!(!summary.contains(&excellent), "{summary}");
    assert!(
        summary.contains("Hài lòng và rất hài lòng: 0,0\u{a0}%")
            && summary.contains("Không hài lòng: 1 (100,0\u{a0}%)")
            && summary.contains("đo được 3/9 chỉ số"),
        "{summary}"
    );
    // Decision 766 over the 3 dossiers returned: the rated one disliked, and
    // RETURNED_THREE a working day late (Friday 06/11): 100 − (33,33 + 33,33).
    assert!(
        summary.contains("Mức độ hài lòng về giải quyết hồ sơ: 33,3\u{a0}% (mục tiêu 90,0\u{a0}%)")
            && summary.contains("Hồ sơ trả đúng hạn: 66,7\u{a0}%"),
        "{summary}"
    );
}

#[tokio::test]
async fn comments_list_the_latest_low_ratings_with_their_codes() {
    let mut app = staff_app().await;
    let unhappy = citizen(525, Some("vi"));
    rate(&mut app, &unhappy, RETURNED, Key::LevelNotSatisfied).await;
    skip_to_comment(&mut app, &unhappy).await;
    app.send_text(&unhappy, "Chờ quá lâu").await;
    rate(
        &mut app,
        &citizen(526, Some("vi")),
        RETURNED_TOO,
        Key::LevelVerySatisfied,
    )
    .await;
    let staff = citizen(STAFF, Some("vi"));
    app.send_text(&staff, "/comments").await;
    let text = app.last_text(STAFF);
    assert!(
        text.starts_with(&app.t(Language::Vi, Key::CommentsTitle)),
        "{text}"
    );
    assert!(
        text.contains(RETURNED) && text.contains("“Chờ quá lâu”") && !text.contains(RETURNED_TOO),
        "{text}"
    );
}

#[tokio::test]
async fn ten_long_comments_still_fit_in_one_message() {
    let mut app = survey_app(|s| {
        s.roles.staff = vec![STAFF];
        s.survey.questions = vec![hailong::configuration::Question::Comment]
            .try_into()
            .expect("each question once");
    })
    .await;
    let long_name = "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu ".repeat(2);
    let procedures =
        format!("code,name_vi,sector,processing_days\n9.000001,\"{long_name}\",land,20\n");
    let store = app.store().await;
    hailong::cli::import::load(
        &store,
        hailong::cli::import::What::Procedures,
        "p.csv",
        procedures.as_bytes(),
    )
    .await
    .expect("procedure loads");
    let mut rows = String::new();
    for n in 0..10 {
        rows.push_str(&format!(
            "000.00.32.H12-261102-{n:04},9.000001,000.00.32.H12,10,2026-11-02,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n"
        ));
    }
    app.import_dossiers(&rows).await;
    for n in 0..10i64 {
        let user = citizen(600 + n, Some("vi"));
        rate(
            &mut app,
            &user,
            &format!("000.00.32.H12-261102-{n:04}"),
            Key::LevelNotSatisfied,
        )
        .await;
        app.send_text(&user, &"Quá chậm, phải đi lại nhiều lần. ".repeat(30))
            .await;
    }
    app.send_text(&citizen(STAFF, Some("vi")), "/comments")
        .await;
    let list = app.last_message(STAFF);
    assert!(list.succeeded());
    assert!(list.text().unwrap_or_default().encode_utf16().count() <= 4096);
}

#[tokio::test]
async fn rate_counts_against_the_look_up_limit_so_codes_cannot_be_probed() {
    let mut app = survey_app(|s| s.lookups.per_minute = 2).await;
    let user = citizen(530, Some("en"));
    for code in [
        "000.00.32.H12-991231-0001",
        "000.00.32.H12-991231-0002",
        RETURNED,
    ] {
        app.send_text(&user, &format!("/rate {code}")).await;
    }
    let texts: Vec<String> = app
        .messages_in(530)
        .iter()
        .filter_map(|c| c.text().map(str::to_owned))
        .collect();
    assert!(texts[0].starts_with("No dossier has the code"), "{texts:?}");
    assert_eq!(texts[2], app.t(Language::En, Key::LookupRateLimited));
}

#[tokio::test]
async fn a_comment_that_looks_like_a_code_is_a_comment_not_a_look_up() {
    let mut app = survey_app(|s| {
        s.lookups.per_minute = 2;
        s.survey.questions = vec![hailong::configuration::Question::Comment]
            .try_into()
            .expect("each question once");
    })
    .await;
    let user = citizen(531, Some("en"));
    app.send_text(&user, PROCESSING).await;
    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    let path = format!("/dossiers/{PROCESSING}/events");
    app.api(
        Method::POST,
        &path,
        json!({"event_id": "c", "status": 10, "at": "2026-11-04T15:00:00+07:00"}),
    )
    .await;
    app.drain_jobs().await;
    app.press(&user, "🙂 Satisfied").await;
    app.send_text(&user, "A-1").await;
    assert_eq!(
        app.last_message(531).text(),
        Some(app.t(Language::En, Key::SurveyDone).as_str())
    );
    app.send_text(&user, RETURNED).await;
    assert!(
        app.last_message(531)
            .text()
            .unwrap_or_default()
            .contains(RETURNED),
        "the comment did not use up a look-up"
    );
}

/// Words typed while a question waits for its buttons are told how to go
/// on, and the question still waits; a dossier's code is looked up as ever.
#[tokio::test]
async fn words_typed_at_a_buttons_question_are_told_to_use_the_buttons() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(535, Some("vi"));
    rate(&mut app, &user, RETURNED, Key::LevelSatisfied).await;
    let asked = app.last_text(535);
    assert!(
        asked.ends_with(&label(&app, Language::Vi, Key::SurveyConvenience)),
        "{asked}"
    );
    app.send_text(&user, "Cán bộ làm chậm").await;
    assert_eq!(
        app.last_text(535),
        label(&app, Language::Vi, Key::SurveyUseButtons)
    );
    // The question is where it was: its buttons answer it.
    app.press(&user, &label(&app, Language::Vi, Key::LevelVerySatisfied))
        .await;
    assert_eq!(
        app.last_text(535),
        label(&app, Language::Vi, Key::SurveyAttitude)
    );
    app.send_text(&user, RETURNED_TOO).await;
    assert!(app.last_text(535).contains(RETURNED_TOO), "looked up");
}
