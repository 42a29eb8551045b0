//! What the card shows and offers: the survey on a returned dossier, the next
//! step and the office's note, help for codes, and codes as people write them.

use bot_api_emulator::{Call, Person};
use hailong::domain::{DossierCode, Language};
use hailong::i18n::Key;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, citizen};

const PROCESSING: &str = "000.00.32.H12-261101-0001";
const RETURNED: &str = "000.00.32.H12-261101-0002";
const STOPPED: &str = "000.00.32.H12-261101-0003";
/// The level-1-first order of agency ids (Decision 20/2020).
const LEVEL_1_FIRST: &str = "H12.32.05.13-261102-0017";
/// A ministry-run system: ministry 03 before the day's sequence (Circular 04/2025).
const MINISTRY: &str = "G12.25.04-261103-030123";

async fn card_app(adjust: impl FnOnce(&mut hailong::configuration::Settings)) -> TestApp {
    let app = TestApp::spawn_with(adjust).await;
    app.seed_catalog().await;
    app.import_dossiers(&format!(
        "{PROCESSING},1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n\
         {RETURNED},1.001193,000.00.32.H12,10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n\
         {STOPPED},2.000815,000.00.32.H12,8,2026-11-01,2026-11-05,,online,32047\n\
         {LEVEL_1_FIRST},2.000815,000.00.05.H12,4,2026-11-02,2026-11-09,,online,\n\
         {MINISTRY},2.000815,000.00.05.H12,2,2026-11-03,2026-11-10,,postal,\n"
    ))
    .await;
    app
}

fn labels(message: &Call) -> Vec<String> {
    message
        .buttons()
        .into_iter()
        .flatten()
        .map(|b| b.label)
        .collect()
}

fn text(message: &Call) -> String {
    message.text().unwrap_or_default().to_owned()
}

fn lang_of(user: &Person) -> Language {
    Language::from_client(user.language_code.as_deref())
}

#[tokio::test]
async fn a_returned_card_offers_the_survey_and_then_says_how_it_was_rated() {
    let mut app = card_app(|_| {}).await;
    let user = citizen(701, Some("vi"));
    app.send_text(&user, RETURNED).await;
    assert_eq!(labels(&app.last_message(701)), ["⭐ Đánh giá", "✉️ Góp ý"]);

    app.press(&user, "⭐ Đánh giá").await;
    let invitation = app.last_message(701);
    assert_eq!(invitation.method, "editMessageText");
    assert!(
        text(&invitation).starts_with(&format!("📝 Hồ sơ {RETURNED}")),
        "{}",
        text(&invitation)
    );
    let satisfied = app.t(Language::Vi, Key::LevelSatisfied);
    app.press(&user, &satisfied).await;
    let index = app.index(None).await;
    assert_eq!(index.first().map(|r| r.responses), Some(1), "one response");

    app.send_text(&user, RETURNED).await;
    let rated = format!("Đã đánh giá: {satisfied}");
    assert_eq!(
        labels(&app.last_message(701)),
        [rated.clone(), "✉️ Góp ý".to_owned()]
    );
    app.press(&user, &rated).await;
    assert_eq!(
        app.last_toast().as_deref(),
        Some(app.t(Language::Vi, Key::SurveyAlready).as_str())
    );
    assert_eq!(app.index(None).await.first().map(|r| r.responses), Some(1));
}

#[tokio::test]
async fn a_rate_button_works_only_for_whom_it_was_made() {
    let mut app = card_app(|_| {}).await;
    let owner = citizen(702, Some("en"));
    app.send_text(&owner, RETURNED).await;
    let (message_id, rows) = app.fake.last_keyboard(702).expect("a keyboard");
    let data = rows[0][0].data.clone().expect("a callback button");
    let other = citizen(703, Some("en"));
    app.send(
        &other,
        bot_api_emulator::Incoming::Press { message_id, data },
    )
    .await;
    assert_eq!(
        app.last_toast().as_deref(),
        Some(app.t(Language::En, Key::ButtonExpired).as_str())
    );
    assert!(app.messages_in(703).is_empty());
}

#[tokio::test]
async fn a_final_status_offers_nothing_to_follow() {
    let mut app = card_app(|_| {}).await;
    app.send_text(&citizen(704, Some("en")), STOPPED).await;
    let card = app.last_message(704);
    // Only feedback, which any dossier's card offers.
    assert_eq!(labels(&card), ["✉️ Feedback"]);
    // Why it stopped: whom to ask.
    assert!(
        text(&card).contains(
            "Handling of the dossier has stopped. Please contact Public Administrative Service Centre, U Minh Commune"
        ),
        "{}",
        text(&card)
    );
}

#[tokio::test]
async fn the_next_step_and_the_office_note_reach_the_card_and_the_notification() {
    let mut app = card_app(|_| {}).await;
    let follower = citizen(705, Some("vi"));
    app.send_text(&follower, PROCESSING).await;
    app.press(&follower, &app.t(Language::Vi, Key::FollowButton))
        .await;
    let note = "Thiếu bản sao <b>CCCD</b> & tờ khai";
    let event = json!({"event_id": "e-5", "status": 5, "at": "2026-11-03T09:00:00+07:00", "note": format!("  {note} ")});
    let path = format!("/dossiers/{PROCESSING}/events");
    assert_eq!(app.api(Method::POST, &path, event).await.0, 201);
    app.drain_jobs().await;

    let next_step = "Ông/Bà vui lòng bổ sung giấy tờ theo yêu cầu tại Trung tâm Phục vụ hành chính công xã U Minh.";
    let labelled = format!("Ghi chú của cơ quan: {note}");
    let notification = app.last_message(705);
    assert!(
        text(&notification).contains("Yêu cầu bổ sung giấy tờ (03/11/2026)"),
        "{}",
        text(&notification)
    );
    let looker = citizen(706, Some("vi"));
    app.send_text(&looker, PROCESSING).await;
    let card = app.last_message(706);
    for message in [&notification, &card] {
        let shown = text(message);
        assert!(
            shown.contains(&format!("{next_step}\n{labelled}")),
            "{shown}"
        );
        // Sent as plain text: the citizen sees the office's characters, not markup.
        assert!(message.params.get("parse_mode").is_none(), "{message:?}");
        assert!(message.params.get("entities").is_none(), "{message:?}");
    }

    // A newer event without a note: the old note no longer describes the dossier.
    let event = json!({"event_id": "e-4", "status": 4, "at": "2026-11-04T09:00:00+07:00"});
    assert_eq!(app.api(Method::POST, &path, event).await.0, 201);
    app.send_text(&looker, PROCESSING).await;
    assert!(!text(&app.last_message(706)).contains(&labelled));
}

#[tokio::test]
async fn an_office_note_over_500_characters_is_refused() {
    let app = card_app(|_| {}).await;
    let path = format!("/dossiers/{PROCESSING}/events");
    let long = json!({"event_id": "e-1", "status": 5, "at": "2026-11-03T09:00:00+07:00", "note": "ồ".repeat(501)});
    let (status, body) = app.api(Method::POST, &path, long).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("note"), "{body}");
    let fits = json!({"event_id": "e-1", "status": 5, "at": "2026-11-03T09:00:00+07:00", "note": "ồ".repeat(500)});
    assert_eq!(app.api(Method::POST, &path, fits).await.0, 201);
}

#[tokio::test]
async fn a_free_question_gets_the_code_format_and_the_qr_hint_in_each_language() {
    let mut app = card_app(|_| {}).await;
    for (id, lang, question) in [
        (707, "vi", "hồ sơ của tôi đến đâu rồi?"),
        (708, "en", "where is my dossier?"),
        (709, "km", "ឯកសាររបស់ខ្ញុំនៅឯណា?"),
    ] {
        let user = citizen(id, Some(lang));
        app.send_text(&user, question).await;
        let answer = text(&app.last_message(id));
        let help = app.t_args(
            lang_of(&user),
            Key::LookupCodeHelp,
            &[("example", "000.00.15.H12-211125-0001")],
        );
        assert!(answer.contains("000.00.15.H12-211125-0001"), "{answer}");
        assert!(answer.contains("QR"), "{answer}");
        assert!(answer.ends_with(&help), "{answer}");
    }
    // An unknown code gets the same help.
    app.send_text(&citizen(710, Some("vi")), "000.00.32.H12-991231-9999")
        .await;
    let answer = text(&app.last_message(710));
    assert!(
        answer.starts_with("Không tìm thấy hồ sơ có mã 000.00.32.H12-991231-9999")
            && answer.contains("quét mã QR"),
        "{answer}"
    );
}

#[tokio::test]
async fn codes_typed_with_spaces_and_in_every_agency_order_are_found() {
    let mut app = card_app(|_| {}).await;
    let user = citizen(711, Some("en"));
    for (typed, code) in [
        ("000.00.32.h12 261101 0001", PROCESSING),
        ("h12.32.05.13-261102-0017", LEVEL_1_FIRST),
        (" G12.25.04 261103 030123 ", MINISTRY),
        (
            &format!("/status {}", LEVEL_1_FIRST.replace('-', " ")),
            LEVEL_1_FIRST,
        ),
    ] {
        app.send_text(&user, typed).await;
        let card = text(&app.last_message(711));
        assert!(
            card.starts_with(&format!("📄 Dossier {code}")),
            "{typed}: {card}"
        );
    }
}

#[tokio::test]
async fn a_deep_link_works_after_the_look_up_limit_is_spent() {
    let mut app = card_app(|s| s.lookups.per_minute = 2).await;
    let user = citizen(712, Some("en"));
    for code in [PROCESSING, STOPPED, RETURNED] {
        app.send_text(&user, code).await;
    }
    assert_eq!(
        text(&app.last_message(712)),
        app.t(Language::En, Key::LookupRateLimited)
    );
    let payload = app
        .signer()
        .await
        .payload(&DossierCode::parse(MINISTRY).expect("code"))
        .expect("fits");
    app.send_text(&user, &format!("/start {payload}")).await;
    let card = text(&app.last_message(712));
    assert!(
        card.starts_with(&format!("📄 Dossier {MINISTRY}")),
        "{card}"
    );
    // A returned dossier's link offers the survey and promises no updates.
    let payload = app
        .signer()
        .await
        .payload(&DossierCode::parse(RETURNED).expect("code"))
        .expect("fits");
    app.send_text(&user, &format!("/start {payload}")).await;
    let card = app.last_message(712);
    assert!(
        !text(&card).contains(&app.t(Language::En, Key::LinkFollowed)),
        "{}",
        text(&card)
    );
    assert_eq!(labels(&card), ["⭐ Rate", "✉️ Feedback"]);
    // Typing is still limited.
    app.send_text(&user, PROCESSING).await;
    assert_eq!(
        text(&app.last_message(712)),
        app.t(Language::En, Key::LookupRateLimited)
    );
}
