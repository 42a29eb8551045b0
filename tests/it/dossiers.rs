//! Look-ups, follows, deep links and status notifications, through the chat.

use bot_api_emulator::Incoming;
use hailong::domain::moment::local_date;
use hailong::domain::{DossierCode, Language};
use hailong::i18n::Key;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, citizen};

const PROCESSING: &str = "000.00.32.H12-260105-0001";
const RETURNED_LATE: &str = "000.00.32.H12-260105-0002";
const READY: &str = "000.00.32.H12-260106-0003";

async fn app_with_dossiers() -> TestApp {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    app.import_dossiers(&format!(
        "{PROCESSING},1.001193,000.00.32.H12,4,2026-01-05T08:00:00+07:00,2026-01-10,,direct,32047\n\
         {RETURNED_LATE},2.000815,000.00.32.H12,10,2026-01-05,2026-01-10,2026-01-12T10:00:00+07:00,online,32047\n\
         {READY},1.001193,000.00.32.H12,9,2026-01-06,2026-01-07,,postal,32047\n"
    ))
    .await;
    app
}

/// Looks `code` up and presses 🔔 Follow under it, in the user's language.
async fn follow(app: &mut TestApp, user: &bot_api_emulator::Person, code: &str) {
    app.send_text(user, code).await;
    let lang = Language::from_client(user.language_code.as_deref());
    let label = app.t(lang, Key::FollowButton);
    app.press(user, &label).await;
}

/// Working days since the promise of 10/01/2026, as the calendar counts them.
fn overdue_days() -> i64 {
    let due = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).expect("a date");
    hailong::domain::calendar::Calendar::default()
        .working_days_between(due, local_date(chrono::Utc::now()))
}

#[tokio::test]
async fn a_typed_code_in_any_case_shows_what_a_portal_shows() {
    let mut app = app_with_dossiers().await;
    let overdue_before = overdue_days();
    app.send_text(
        &citizen(101, Some("en")),
        &format!("  {}  ", PROCESSING.to_lowercase()),
    )
    .await;
    let card = app.last_text(101);
    // Counted on the day of the card: the day before the answer, or after
    // it, should Vietnam's midnight fall between.
    let overdue = [overdue_before, overdue_days()]
        .map(|days| format!("The dossier is overdue by {days} working days."));
    assert!(
        overdue.iter().any(|line| card.contains(line)),
        "missing {overdue:?} in:\n{card}"
    );
    for expected in [
        PROCESSING,
        "Procedure: Birth registration (1.001193)",
        "Handled by: Public Administrative Service Centre, U Minh Commune",
        "Filed: In person",
        "Received: 05/01/2026",
        "Promised for: 10/01/2026",
        "Status: Processing",
    ] {
        assert!(card.contains(expected), "missing {expected:?} in:\n{card}");
    }
    let labels: Vec<String> = app
        .last_message(101)
        .buttons()
        .into_iter()
        .flatten()
        .map(|b| b.label)
        .collect();
    assert_eq!(
        labels,
        [
            app.t(Language::En, Key::FollowButton),
            app.t(Language::En, Key::CaseFeedbackButton)
        ]
    );
}

#[tokio::test]
async fn status_with_a_code_looks_it_up_and_without_one_explains() {
    let mut app = app_with_dossiers().await;
    let user = citizen(102, Some("vi"));
    app.send_text(&user, &format!("/status {RETURNED_LATE}"))
        .await;
    let card = app.last_text(102);
    assert!(
        // Promised for Saturday 10/01, returned Monday 12/01: one working day.
        card.contains("Trạng thái: Đã trả kết quả") && card.contains("trễ 1 ngày làm việc"),
        "{card}"
    );
    app.send_text(&user, "/status").await;
    assert!(
        app.last_message(102)
            .text()
            .unwrap_or_default()
            .contains("/status 000.00.15.H12-211125-0001")
    );
}

#[tokio::test]
async fn an_unknown_code_gets_the_format_and_an_example() {
    let mut app = app_with_dossiers().await;
    app.send_text(&citizen(103, Some("en")), "000.00.32.h12-991231-9999")
        .await;
    let text = app.last_text(103);
    assert!(
        text.contains("No dossier has the code 000.00.32.H12-991231-9999"),
        "{text}"
    );
    assert!(text.contains("000.00.15.H12-211125-0001"), "{text}");
}

#[tokio::test]
async fn something_that_cannot_be_a_code_is_told_so() {
    let mut app = app_with_dossiers().await;
    app.send_text(&citizen(104, Some("km")), "/status 000/32/H12")
        .await;
    let text = app.last_text(104);
    let opening: String = app
        .t(Language::Km, Key::LookupInvalidCode)
        .chars()
        .take(10)
        .collect();
    assert!(text.starts_with(&opening), "{text}");
    // Letters alone are no code: every code carries its day.
    app.send_text(&citizen(104, Some("km")), "/status abc")
        .await;
    let text = app.last_text(104);
    assert!(text.starts_with(&opening), "{text}");
}

/// Kept in the database: a restart between the third and the fourth resets nothing.
#[tokio::test]
async fn look_ups_beyond_the_limit_are_refused_even_after_a_restart() {
    let mut app = TestApp::spawn_with(|s| s.lookups.per_minute = 3).await;
    app.seed_catalog().await;
    let user = citizen(105, Some("en"));
    for n in 0..4 {
        if n == 3 {
            app.restart().await;
        }
        app.send_text(&user, &format!("000.00.32.H12-260101-000{n}"))
            .await;
    }
    let texts: Vec<String> = app
        .messages_in(105)
        .iter()
        .filter_map(|c| c.text().map(str::to_owned))
        .collect();
    assert!(
        texts[..3].iter().all(|t| t.starts_with("No dossier")),
        "{texts:?}"
    );
    assert_eq!(texts[3], app.t(Language::En, Key::LookupRateLimited));
}

#[tokio::test]
async fn following_flips_the_button_and_unfollowing_flips_it_back() {
    let mut app = app_with_dossiers().await;
    let user = citizen(106, Some("en"));
    follow(&mut app, &user, READY).await;
    let edited = app.last_message(106);
    assert_eq!(edited.method, "editMessageText");
    assert_eq!(
        edited.buttons()[0][0].label,
        app.t(Language::En, Key::UnfollowButton)
    );
    assert_eq!(
        app.calls_of("answerCallbackQuery")[0].text(),
        Some(app.t(Language::En, Key::FollowStarted).as_str())
    );
    // Looked up again, the card knows who follows it.
    app.send_text(&user, READY).await;
    assert_eq!(
        app.last_message(106).buttons()[0][0].label,
        app.t(Language::En, Key::UnfollowButton)
    );
    app.press(&user, &app.t(Language::En, Key::UnfollowButton))
        .await;
    assert_eq!(
        app.last_message(106).buttons()[0][0].label,
        app.t(Language::En, Key::FollowButton)
    );
    app.send_text(&user, READY).await;
    assert_eq!(
        app.last_message(106).buttons()[0][0].label,
        app.t(Language::En, Key::FollowButton)
    );
}

#[tokio::test]
async fn a_follow_button_replayed_by_another_user_changes_nothing() {
    let mut app = app_with_dossiers().await;
    let owner = citizen(107, Some("en"));
    let intruder = citizen(108, Some("en"));
    app.send_text(&owner, READY).await;
    let (message_id, rows) = app.fake.last_keyboard(107).expect("keyboard");
    let data = rows[0][0].data.clone().expect("callback data");
    app.send(&intruder, Incoming::Press { message_id, data })
        .await;
    assert_eq!(
        app.calls_of("answerCallbackQuery")[0].text(),
        Some(app.t(Language::En, Key::ButtonExpired).as_str())
    );
    app.send_text(&intruder, READY).await;
    assert_eq!(
        app.last_message(108).buttons()[0][0].label,
        app.t(Language::En, Key::FollowButton),
        "not following"
    );
}

#[tokio::test]
async fn the_receipts_deep_link_shows_the_dossier_and_follows_it() {
    let mut app = app_with_dossiers().await;
    let payload = app
        .signer()
        .await
        .payload(&DossierCode::parse(READY).expect("code"))
        .expect("fits");
    app.send_text(&citizen(109, Some("vi")), &format!("/start {payload}"))
        .await;
    let text = app.last_text(109);
    assert!(
        text.contains(READY) && text.contains(&app.t(Language::Vi, Key::LinkFollowed)),
        "{text}"
    );
    assert_eq!(
        app.last_message(109).buttons()[0][0].label,
        app.t(Language::Vi, Key::UnfollowButton)
    );
}

#[tokio::test]
async fn a_tampered_deep_link_is_refused() {
    let mut app = app_with_dossiers().await;
    let payload = app
        .signer()
        .await
        .payload(&DossierCode::parse(READY).expect("code"))
        .expect("fits");
    let tampered = payload.replace("0003", "0001");
    app.send_text(&citizen(110, Some("en")), &format!("/start {tampered}"))
        .await;
    assert_eq!(
        app.last_message(110).text(),
        Some(app.t(Language::En, Key::LinkInvalid).as_str())
    );
}

/// A notification, sent away from any update, is worded in the language the
/// follower chose with /language, not in their Telegram client's.
#[tokio::test]
async fn a_status_change_reaches_a_follower_in_the_language_they_chose() {
    let mut app = app_with_dossiers().await;
    let follower = citizen(113, Some("en"));
    app.send_text(&follower, "/language").await;
    app.press(&follower, "ភាសាខ្មែរ").await;
    app.send_text(&follower, PROCESSING).await;
    app.press(&follower, &app.t(Language::Km, Key::FollowButton))
        .await;
    let before = app.messages_in(113).len();
    let event = json!({"event_id": "e-km", "status": 5, "at": "2026-01-08T09:00:00+07:00"});
    let path = format!("/dossiers/{PROCESSING}/events");
    assert_eq!(app.api(Method::POST, &path, event).await.0, 201);
    app.drain_jobs().await;
    let messages = app.messages_in(113);
    assert_eq!(messages.len(), before + 1, "one notification");
    let status = app.t(
        Language::Km,
        Key::status(hailong::domain::Status::SupplementRequested),
    );
    let notification = messages.last().and_then(|m| m.text()).unwrap_or_default();
    assert!(notification.contains(&status), "{notification}");
    let labels: Vec<String> = messages
        .last()
        .map(|m| m.buttons().concat().into_iter().map(|b| b.label).collect())
        .unwrap_or_default();
    assert_eq!(labels, [app.t(Language::Km, Key::UnfollowButton)]);
}

#[tokio::test]
async fn a_status_change_reaches_followers_once_with_what_to_do_next() {
    let mut app = app_with_dossiers().await;
    let follower = citizen(111, Some("en"));
    follow(&mut app, &follower, PROCESSING).await;
    app.send_text(&citizen(112, Some("en")), PROCESSING).await;
    let before = app.messages_in(111).len();
    let event = json!({"event_id": "e-1", "status": 5, "at": "2026-01-08T09:00:00+07:00"});
    let path = format!("/dossiers/{PROCESSING}/events");
    assert_eq!(app.api(Method::POST, &path, event.clone()).await.0, 201);
    assert_eq!(app.api(Method::POST, &path, event).await.0, 200);
    app.drain_jobs().await;
    let messages = app.messages_in(111);
    assert_eq!(messages.len(), before + 1, "one notification");
    let notification = messages
        .last()
        .and_then(|m| m.text())
        .unwrap_or_default()
        .to_owned();
    assert!(
        notification.contains(PROCESSING)
            && notification.contains("Additional papers requested (08/01/2026)"),
        "{notification}"
    );
    assert!(
        notification.contains(
            "Please bring the additional papers requested to Public Administrative Service Centre, U Minh Commune"
        ),
        "{notification}"
    );
    let labels = |message: Option<&bot_api_emulator::Call>| -> Vec<String> {
        message
            .map(|m| m.buttons().concat().into_iter().map(|b| b.label).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        labels(messages.last()),
        [app.t(Language::En, Key::UnfollowButton)],
        "a dossier under way can be let go of"
    );
    assert_eq!(
        app.messages_in(112).len(),
        1,
        "a non-follower gets only their look-up"
    );
    // Returned, the dossier has nothing more to follow: no button.
    let returned = json!({"event_id": "e-2", "status": 10, "at": "2026-01-09T09:00:00+07:00"});
    assert_eq!(app.api(Method::POST, &path, returned).await.0, 201);
    app.drain_jobs().await;
    let returned = app
        .messages_in(111)
        .into_iter()
        .find(|m| m.text().is_some_and(|t| t.contains("09/01/2026")));
    assert!(returned.is_some(), "the return was told");
    assert_eq!(labels(returned.as_ref()), Vec::<String>::new());
}

#[tokio::test]
async fn a_status_change_while_the_bot_is_down_is_sent_after_the_restart() {
    let mut app = app_with_dossiers().await;
    let follower = citizen(113, Some("vi"));
    follow(&mut app, &follower, READY).await;
    app.stop().await;
    let summary = app
        .import_dossiers(&format!("{READY},1.001193,000.00.32.H12,10,2026-01-06,2026-01-07,2026-01-07T15:00:00+07:00,postal,32047\n"))
        .await;
    assert!(
        summary.contains("1 updated") && summary.contains("1 status notification queued"),
        "{summary}"
    );
    app.start_again().await;
    app.drain_jobs().await;
    let messages = app.messages_in(113);
    assert_eq!(
        messages.len(),
        4,
        "look-up, follow, notification, invitation"
    );
    let notification = messages[2].text().unwrap_or_default().to_owned();
    assert!(
        notification.contains("Đã trả kết quả (07/01/2026)"),
        "{notification}"
    );
    app.restart().await;
    app.drain_jobs().await;
    assert_eq!(
        app.messages_in(113).len(),
        4,
        "the notification and the invitation were sent once"
    );
}

#[tokio::test]
async fn a_follower_who_blocked_the_bot_is_not_messaged_again() {
    let mut app = app_with_dossiers().await;
    let follower = citizen(114, Some("en"));
    follow(&mut app, &follower, PROCESSING).await;
    app.fake.block(114);
    let path = format!("/dossiers/{PROCESSING}/events");
    app.api(
        Method::POST,
        &path,
        json!({"event_id": "a", "status": 5, "at": "2026-01-08"}),
    )
    .await;
    app.drain_jobs().await;
    let refused = app.messages_in(114);
    assert_eq!(refused.len(), 3);
    assert_eq!(refused.last().map(|c| c.status), Some(403));
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    assert_eq!(
        hailong::store::outbox::count_in_state(&mut conn, "failed")
            .await
            .expect("count"),
        1,
        "the refused message is settled, not retried"
    );
    app.api(
        Method::POST,
        &path,
        json!({"event_id": "b", "status": 6, "at": "2026-01-09"}),
    )
    .await;
    let queued = hailong::store::outbox::count_in_state(&mut conn, "pending")
        .await
        .expect("count")
        + hailong::store::outbox::count_in_state(&mut conn, "sending")
            .await
            .expect("count");
    assert_eq!(queued, 0, "nothing queued for an unreachable follower");
    app.drain_jobs().await;
    assert_eq!(app.messages_in(114).len(), 3);
}

#[tokio::test]
async fn a_message_in_flight_at_a_crash_is_set_aside_not_sent_twice() {
    let mut app = app_with_dossiers().await;
    let follower = citizen(115, Some("en"));
    follow(&mut app, &follower, READY).await;
    app.stop().await;
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let stored = hailong::store::dossiers::stored_dossier(
        &mut tx,
        &DossierCode::parse(READY).expect("code"),
    )
    .await
    .expect("read")
    .expect("stored");
    let notification = hailong::store::outbox::Notification::StatusChanged {
        dossier_id: stored.id,
        status: hailong::domain::Status::Returned,
        at: chrono::Utc::now(),
    };
    hailong::store::outbox::enqueue_for_followers(&mut tx, stored.id, &notification)
        .await
        .expect("queued");
    let leased = hailong::store::outbox::lease(&mut tx, chrono::Utc::now(), 10)
        .await
        .expect("leased");
    assert_eq!(leased.len(), 1, "in flight when the process died");
    tx.commit().await.expect("commit");
    app.start_again().await;
    app.drain_jobs().await;
    assert_eq!(
        app.messages_in(115).len(),
        2,
        "card, edit: the in-flight notification was not resent"
    );
    let mut conn = store.read().await.expect("a connection");
    assert_eq!(
        hailong::store::outbox::count_in_state(&mut conn, "uncertain")
            .await
            .expect("count"),
        1
    );
}
