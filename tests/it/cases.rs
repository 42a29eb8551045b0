//! Citizen feedback through the Bot API: a case from `/gopy` to the staff
//! chat of its agency, answered there, rated, reopened and closed; and who
//! may see and move it.

use bot_api_emulator::{Call, Fault, Incoming, Person};
use hailong::domain::Language;
use hailong::domain::case::{CaseNumber, CaseState};
use hailong::domain::moment::local_date;
use hailong::i18n::Key;
use hailong::store::cases::{self, Case};

use crate::faults::assert_tried_again_at_once;
use crate::helpers::{STAFF_CHAT, TestApp, citizen};

const AGENCY_A: &str = "000.00.32.H12";
const AGENCY_B: &str = "000.00.05.H12";
/// The staff chat agency B is given in these tests.
const STAFF_CHAT_B: i64 = -100_555;
const ADMIN: i64 = 9000;
const STAFF_A: i64 = 9001;
const STAFF_B: i64 = 9002;
const PROCESSING: &str = "000.00.32.H12-261101-0001";
const RETURNED: &str = "000.00.32.H12-261101-0002";

async fn cases_app() -> TestApp {
    let app = TestApp::spawn_with(|s| {
        s.roles.admins = vec![ADMIN];
        s.roles.staff_agencies = [
            (STAFF_A.to_string(), vec![AGENCY_A.to_owned()]),
            (STAFF_B.to_string(), vec![AGENCY_B.to_owned()]),
        ]
        .into();
    })
    .await;
    app.seed_catalog().await;
    app.import_dossiers(&format!(
        "{PROCESSING},1.001193,{AGENCY_A},4,2026-11-01,2026-11-05,,direct,32047\n\
         {RETURNED},1.001193,{AGENCY_A},10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n"
    ))
    .await;
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    sqlx::query("UPDATE agencies SET staff_chat_id = ? WHERE code = ?")
        .bind(STAFF_CHAT_B)
        .bind(AGENCY_B)
        .execute(&mut *tx)
        .await
        .expect("a staff chat for B");
    tx.commit().await.expect("committed");
    app
}

fn vi(app: &TestApp, key: Key) -> String {
    app.t(Language::Vi, key)
}

fn text(call: &Call) -> String {
    call.text().unwrap_or_default().to_owned()
}

/// The case number a text mentions.
fn number_in(text: &str) -> CaseNumber {
    let at = text.find("PA-").expect("a case number");
    CaseNumber::parse(&text[at..at + 14]).expect("a case number")
}

async fn case(app: &TestApp, number: CaseNumber) -> Case {
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    cases::by_number(&mut conn, number)
        .await
        .expect("read")
        .expect("the case exists")
}

async fn actions(app: &TestApp, number: CaseNumber) -> Vec<String> {
    let id = case(app, number).await.id;
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    cases::history(&mut conn, id)
        .await
        .expect("history")
        .into_iter()
        .map(|h| format!("{}→{}", h.action, h.to_state))
        .collect()
}

/// From the kind on: a delay, `body`, the photo stage passed, Send.
async fn write_and_send(app: &mut TestApp, user: &Person, body: &str) -> CaseNumber {
    app.press(user, &vi(app, Key::CaseKindDelay)).await;
    app.send_text(user, body).await;
    app.press(user, &vi(app, Key::CaseNext)).await;
    app.press(user, &vi(app, Key::CaseSend)).await;
    number_in(&text(&app.last_message(user.id)))
}

/// `user` has talked to the bot and follows the dossier in process at agency A.
async fn follow(app: &TestApp, user: &Person) {
    app.add_citizens(user.id..user.id + 1, Some("vi")).await;
    app.add_follow(user.id, PROCESSING).await;
}

/// `/gopy` about a followed dossier of agency A, sent.
async fn case_about_dossier(app: &mut TestApp, user: &Person, body: &str) -> CaseNumber {
    follow(app, user).await;
    app.send_text(user, "/gopy").await;
    app.press(user, &format!("📁 {PROCESSING}")).await;
    write_and_send(app, user, body).await
}

/// The case's message in `chat`: the latest with buttons.
fn case_message(app: &TestApp, chat: i64) -> (i64, String) {
    let (id, _) = app.fake.last_keyboard(chat).expect("a case message");
    let sent = app
        .messages_in(chat)
        .into_iter()
        .rfind(|c| c.method == "sendMessage" && !c.buttons().is_empty())
        .expect("the case message");
    (id, text(&sent))
}

/// [`case_about_dossier`], answered by agency A's staff with `answer`
/// replying to its message.
async fn answered_case(app: &mut TestApp, user: &Person, body: &str, answer: &str) -> CaseNumber {
    let number = case_about_dossier(app, user, body).await;
    app.drain_jobs().await;
    let (message_id, _) = case_message(app, STAFF_CHAT);
    let staff = citizen(STAFF_A, Some("vi"));
    app.reply_to(&staff, STAFF_CHAT, message_id, answer).await;
    app.drain_jobs().await;
    number
}

#[tokio::test]
async fn a_case_goes_to_its_agency_is_answered_by_a_reply_rated_reopened_and_closed() {
    let mut app = cases_app().await;
    let user = citizen(801, Some("vi"));
    let staff = citizen(STAFF_A, Some("vi"));
    let number = case_about_dossier(&mut app, &user, "Hồ sơ của tôi trễ hạn 5 ngày").await;
    let sent = text(&app.last_message(801));
    assert!(sent.contains(&number.to_string()), "{sent}");

    app.drain_jobs().await;
    let (message_id, card) = case_message(&app, STAFF_CHAT);
    // The due day is itself a day to answer on: the citizen reads "at the
    // latest on" the day staff read as the deadline, never "before" it.
    let due = card
        .split("Hạn trả lời: ")
        .nth(1)
        .and_then(|rest| rest.get(..10))
        .unwrap_or_else(|| panic!("a due day in {card}"));
    assert!(sent.contains(&format!("chậm nhất ngày {due}")), "{sent}");
    assert!(!sent.contains("trước ngày"), "{sent}");
    for shown in [
        &number.to_string(),
        "Người dân #1",
        PROCESSING,
        "trễ hạn 5 ngày",
    ] {
        assert!(card.contains(shown), "{shown} in {card}");
    }
    // Never who the citizen is.
    assert!(!card.contains("801"), "{card}");

    app.press_in(&staff, STAFF_CHAT, &vi(&app, Key::CaseTake))
        .await;
    assert_eq!(case(&app, number).await.state, CaseState::Acknowledged);
    app.reply_to(
        &staff,
        STAFF_CHAT,
        message_id,
        "Hồ sơ đã xong, mời Ông/Bà đến nhận.",
    )
    .await;
    app.drain_jobs().await;
    let answer = app.last_message(801);
    let answer_text = text(&answer);
    assert!(
        answer_text.contains("Trung tâm Phục vụ hành chính công xã U Minh")
            && answer_text.contains("Hồ sơ đã xong"),
        "{answer_text}"
    );
    // Under the agency's name, never the staff member's.
    assert!(!answer_text.contains(&STAFF_A.to_string()));

    app.press(&user, &vi(&app, Key::CaseNotSatisfied)).await;
    app.send_text(&user, "Tôi đến nhưng chưa có kết quả").await;
    assert_eq!(case(&app, number).await.state, CaseState::Reopened);
    app.drain_jobs().await;
    let (again_id, again) = case_message(&app, STAFF_CHAT);
    assert!(again.contains("chưa có kết quả"), "{again}");

    app.reply_to(&staff, STAFF_CHAT, again_id, "Kết quả đã có từ hôm nay.")
        .await;
    app.drain_jobs().await;
    app.press(&user, &vi(&app, Key::CaseNotSatisfied)).await;
    let closed = case(&app, number).await;
    assert_eq!((closed.state, closed.reopened), (CaseState::Closed, true));
    assert_eq!(
        actions(&app, number).await,
        [
            "open→received",
            "take→acknowledged",
            "answer→answered",
            "rate_not_satisfied→reopened",
            "answer→answered",
            "rate_not_satisfied→closed",
        ]
    );
    // The citizen's list says when it was answered, no longer a deadline.
    app.send_text(&user, "/gopy").await;
    let list = text(&app.last_message(801));
    let today = local_date(chrono::Utc::now()).format("%d/%m/%Y");
    assert!(
        list.contains(&format!("{number}: đã kết thúc, ngày trả lời {today}"))
            && !list.contains("hạn trả lời"),
        "{list}"
    );
    // Its answer can be read again; the case is closed, so nothing to rate.
    app.press(&user, &format!("📬 Xem trả lời {number}")).await;
    let again = app.last_message(801);
    let again_text = text(&again);
    assert!(
        again_text.contains(&number.to_string())
            && again_text.contains("Kết quả đã có từ hôm nay."),
        "{again_text}"
    );
    assert!(again.buttons().is_empty(), "{again_text}");
}

#[tokio::test]
async fn an_answer_read_again_from_gopy_is_rated_there_and_read_by_its_citizen_only() {
    let mut app = cases_app().await;
    let user = citizen(809, Some("vi"));
    let stranger = citizen(810, Some("vi"));
    let number = answered_case(&mut app, &user, "Hồ sơ trễ hạn", "Hồ sơ đã có kết quả.").await;
    let answers = |app: &TestApp| {
        [809, 810].map(|chat| {
            app.messages_in(chat)
                .iter()
                .filter(|c| text(c).contains("Hồ sơ đã có kết quả."))
                .count()
        })
    };
    assert_eq!(answers(&app), [1, 0]);

    app.send_text(&user, "/gopy").await;
    let read = format!("📬 Xem trả lời {number}");
    assert!(labels(&app, 809).contains(&read), "{:?}", labels(&app, 809));
    // Its data tapped by someone else, on a message of theirs, shows them nothing.
    let data = app
        .fake
        .last_keyboard(809)
        .into_iter()
        .flat_map(|(_, rows)| rows.into_iter().flatten())
        .find(|b| b.label == read)
        .and_then(|b| b.data)
        .expect("a callback button");
    app.send_text(&stranger, "/gopy").await;
    let (theirs, _) = app.fake.last_keyboard(810).expect("their keyboard");
    let press = Incoming::Press {
        message_id: theirs,
        data,
    };
    app.send(&stranger, press).await;
    assert_eq!(app.last_toast(), Some(vi(&app, Key::ButtonExpired)));
    assert_eq!(answers(&app), [1, 0]);

    app.press(&user, &read).await;
    assert_eq!(answers(&app), [2, 0]);
    // Not rated yet: it can be rated from the copy.
    assert_eq!(
        labels(&app, 809),
        [
            vi(&app, Key::CaseSatisfied),
            vi(&app, Key::CaseNotSatisfied)
        ]
    );
    app.press(&user, &vi(&app, Key::CaseSatisfied)).await;
    assert_eq!(case(&app, number).await.state, CaseState::Closed);
    assert_eq!(
        actions(&app, number).await,
        ["open→received", "answer→answered", "rate_satisfied→closed"]
    );
}

/// The longest text and the longest reason for reopening are more than a
/// message holds: the reopened case still reaches its staff, the text
/// whole and the reason cut, which its history keeps whole.
#[tokio::test]
async fn a_reopened_case_with_the_longest_text_and_reason_still_reaches_its_staff() {
    let mut app = cases_app().await;
    let user = citizen(812, Some("vi"));
    let body = format!("Nội dung {}", "dài ".repeat(497));
    let reason = format!("Lý do {}", "chưa rõ ".repeat(249));
    assert_eq!((body.chars().count(), reason.chars().count()), (1997, 1998));
    let number = answered_case(&mut app, &user, &body, "Đã xong.").await;
    app.press(&user, &vi(&app, Key::CaseNotSatisfied)).await;
    app.send_text(&user, &reason).await;
    assert_eq!(case(&app, number).await.state, CaseState::Reopened);
    app.drain_jobs().await;

    let cards: Vec<_> = app
        .messages_in(STAFF_CHAT)
        .into_iter()
        .filter(|c| text(c).contains("Người dân chưa hài lòng"))
        .collect();
    assert!(
        cards.len() == 1 && cards.iter().all(|c| c.succeeded()),
        "{cards:?}"
    );
    let card = text(&cards[0]);
    assert!(card.contains(body.trim()), "{card}");
    assert!(
        card.contains("Lý do chưa rõ") && card.contains('…'),
        "{card}"
    );
    assert!(card.encode_utf16().count() <= 4096);
}

#[tokio::test]
async fn a_case_forwarded_to_another_agency_goes_to_its_chat_and_leaves_the_first() {
    let mut app = cases_app().await;
    let user = citizen(802, Some("vi"));
    let (staff_a, staff_b) = (citizen(STAFF_A, Some("vi")), citizen(STAFF_B, Some("vi")));
    let number = case_about_dossier(&mut app, &user, "Cần hỏi về công chứng").await;
    app.drain_jobs().await;
    // Picked: the agency, then the reason typed.
    app.press_in(&staff_a, STAFF_CHAT, &vi(&app, Key::CaseForward))
        .await;
    app.press_in(&staff_a, STAFF_CHAT, "↪️ Sở Tư pháp").await;
    app.send_in(&staff_a, STAFF_CHAT, "Không thuộc thẩm quyền")
        .await;
    app.drain_jobs().await;
    let forwarded = case(&app, number).await;
    assert_eq!(
        (forwarded.state, forwarded.agency.as_deref()),
        (CaseState::Forwarded, Some(AGENCY_B))
    );
    let (_, card) = case_message(&app, STAFF_CHAT_B);
    assert!(card.contains("Không thuộc thẩm quyền"), "{card}");

    // The first agency no longer holds it.
    app.send_in(&staff_a, STAFF_CHAT, &format!("/traloi {number} Đã xong"))
        .await;
    let refused = app.t_args(
        Language::Vi,
        Key::CaseNotFound,
        &[("number", &number.to_string())],
    );
    assert_eq!(text(&app.last_message(STAFF_CHAT)), refused);
    assert_eq!(case(&app, number).await.state, CaseState::Forwarded);

    // B must take it before sending it on: typed or tapped, B is told so,
    // in staff's words, and nothing moves.
    let take_first = app.t_args(
        Language::Vi,
        Key::CaseTakeBeforeForward,
        &[("number", &number.to_string())],
    );
    app.send_in(
        &staff_b,
        STAFF_CHAT_B,
        &format!("/chuyen {number} {AGENCY_A} trả lại"),
    )
    .await;
    assert_eq!(text(&app.last_message(STAFF_CHAT_B)), take_first);
    app.press_in(&staff_b, STAFF_CHAT_B, &vi(&app, Key::CaseForward))
        .await;
    let toast = app
        .calls_of("answerCallbackQuery")
        .pop()
        .expect("the tap answered");
    assert_eq!(toast.text(), Some(take_first.as_str()));
    let unmoved = case(&app, number).await;
    assert_eq!(
        (unmoved.state, unmoved.agency.as_deref()),
        (CaseState::Forwarded, Some(AGENCY_B))
    );

    // Typed: B takes it and sends it back, and A answers it.
    app.press_in(&staff_b, STAFF_CHAT_B, &vi(&app, Key::CaseTake))
        .await;
    app.send_in(
        &staff_b,
        STAFF_CHAT_B,
        &format!("/chuyen {number} {AGENCY_A} Cần UBND xã trả lời"),
    )
    .await;
    app.drain_jobs().await;
    let (message_id, card) = case_message(&app, STAFF_CHAT);
    assert!(card.contains("Cần UBND xã trả lời"), "{card}");
    app.reply_to(&staff_a, STAFF_CHAT, message_id, "UBND xã trả lời.")
        .await;
    app.drain_jobs().await;
    assert_eq!(case(&app, number).await.state, CaseState::Answered);
    assert!(text(&app.last_message(802)).contains("UBND xã trả lời."));
    let moves = actions(&app, number).await;
    assert_eq!(
        moves,
        [
            "open→received",
            "forward→forwarded",
            "take→acknowledged",
            "forward→forwarded",
            "answer→answered"
        ]
    );
}

#[tokio::test]
async fn not_satisfied_in_the_survey_offers_a_case_about_the_dossier() {
    let mut app = cases_app().await;
    let user = citizen(803, Some("vi"));
    app.send_text(&user, &format!("/rate {RETURNED}")).await;
    app.press(&user, &vi(&app, Key::LevelNotSatisfied)).await;
    // The offer waits until the survey's questions are over.
    assert!(app.fake.last_keyboard(803).is_some_and(|(_, rows)| {
        rows.iter()
            .flatten()
            .all(|b| b.label != vi(&app, Key::CaseFeedbackButton))
    }));
    app.press(&user, &vi(&app, Key::SurveyFinish)).await;
    let offer = app.last_message(803);
    assert_eq!(text(&offer), vi(&app, Key::CaseOffer));
    app.press(&user, &vi(&app, Key::CaseFeedbackButton)).await;
    let number = write_and_send(&mut app, &user, "Cán bộ hẹn nhiều lần").await;
    app.drain_jobs().await;
    let (_, card) = case_message(&app, STAFF_CHAT);
    assert!(
        card.contains(&number.to_string()) && card.contains(RETURNED),
        "{card}"
    );
}

#[tokio::test]
async fn another_agencys_staff_and_citizens_can_neither_see_nor_move_a_case() {
    let mut app = cases_app().await;
    let user = citizen(804, Some("vi"));
    let (staff_b, stranger) = (citizen(STAFF_B, Some("vi")), citizen(805, Some("vi")));
    let number = case_about_dossier(&mut app, &user, "Bị đòi thêm giấy tờ").await;
    app.drain_jobs().await;
    let (message_id, _) = case_message(&app, STAFF_CHAT);

    app.press_in(&staff_b, STAFF_CHAT, &vi(&app, Key::CaseTake))
        .await;
    assert_eq!(app.last_toast(), Some(vi(&app, Key::ButtonExpired)));
    app.reply_to(&staff_b, STAFF_CHAT, message_id, "Không phải việc của tôi")
        .await;
    app.send_text(&staff_b, &format!("/traloi {number} Trả lời thử"))
        .await;
    let refused = text(&app.last_message(STAFF_B));
    assert!(refused.contains(&number.to_string()), "{refused}");
    app.send_text(&staff_b, "/cases all").await;
    assert!(!text(&app.last_message(STAFF_B)).contains(&number.to_string()));
    app.send_text(&stranger, &format!("/traloi {number} Trả lời thử"))
        .await;
    assert_eq!(text(&app.last_message(805)), vi(&app, Key::UnknownCommand));
    let (stranger_press, admin) = (citizen(805, Some("vi")), citizen(ADMIN, Some("vi")));
    app.press_in(&stranger_press, STAFF_CHAT, &vi(&app, Key::CaseTake))
        .await;
    assert_eq!(app.last_toast(), Some(vi(&app, Key::ButtonExpired)));

    app.drain_jobs().await;
    assert_eq!(actions(&app, number).await, ["open→received"]);
    // Admins see every case, listed in their language with the agency's name.
    app.send_text(&admin, "/cases").await;
    let listed = text(&app.last_message(ADMIN));
    assert!(listed.contains(&number.to_string()), "{listed}");
    assert!(
        listed.starts_with("Phản ánh, kiến nghị đang giải quyết: 1")
            && listed.contains("Trung tâm Phục vụ hành chính công xã U Minh"),
        "{listed}"
    );
}

#[tokio::test]
async fn a_photo_arrives_with_the_case_by_its_file_id_through_a_5xx() {
    let mut app = cases_app().await;
    let user = citizen(806, Some("vi"));
    follow(&app, &user).await;
    app.send_text(&user, "/gopy").await;
    app.press(&user, &format!("📁 {PROCESSING}")).await;
    app.press(&user, &vi(&app, Key::CaseKindAttitude)).await;
    app.send_text(&user, "Cán bộ thái độ không tốt").await;
    app.send(&user, Incoming::Photo).await;
    app.press(&user, &vi(&app, Key::CaseNext)).await;
    app.fake.fail_next("sendPhoto", Fault::ServerError(502));
    app.press(&user, &vi(&app, Key::CaseSend)).await;
    app.drain_jobs().await;
    let photos: Vec<Call> = app
        .calls_of("sendPhoto")
        .into_iter()
        .filter(|c| c.chat_id() == Some(STAFF_CHAT))
        .collect();
    assert_tried_again_at_once(&photos);
    assert_eq!(
        photos[1].params.get("photo").and_then(|p| p.as_str()),
        Some("photo-1")
    );
    let (_, card) = case_message(&app, STAFF_CHAT);
    assert!(card.contains("📷 1"), "{card}");
}

/// `/gopy`, about the province, `body`, sent, in Vietnamese.
async fn case_about_province(app: &mut TestApp, user: &Person, body: &str) -> String {
    case_about_province_in(app, user, Language::Vi, body).await
}

#[tokio::test]
async fn a_citizen_has_at_most_five_open_cases() {
    let mut app = cases_app().await;
    let user = citizen(807, Some("vi"));
    for n in 1..=5 {
        let sent = case_about_province(&mut app, &user, &format!("Kiến nghị số {n}")).await;
        assert!(sent.contains("PA-"), "{sent}");
    }
    let refused = case_about_province(&mut app, &user, "Kiến nghị số 6").await;
    assert!(
        refused.contains('5') && !refused.contains("PA-"),
        "{refused}"
    );
    // Withdrawing one makes room.
    app.send_text(&user, "/gopy").await;
    let list = text(&app.last_message(807));
    let first = number_in(&list);
    app.press(&user, &format!("Rút {first}")).await;
    assert_eq!(case(&app, first).await.state, CaseState::Withdrawn);
    // A withdrawn case has no deadline left, and no answer to date.
    app.send_text(&user, "/gopy").await;
    let list = text(&app.last_message(807));
    let line = list
        .lines()
        .find(|line| line.contains(&first.to_string()))
        .unwrap_or_default();
    assert_eq!(line, format!("• {first}: đã rút"), "{list}");
    let sent = case_about_province(&mut app, &user, "Kiến nghị số 6").await;
    assert!(sent.contains("PA-"), "{sent}");
}

/// Years of feedback: `/gopy` lists the open cases and the latest five that
/// ended, and says how many earlier ones `/mydata` has.
#[tokio::test]
async fn the_list_shows_the_latest_five_ended_cases_and_counts_the_rest() {
    let mut app = cases_app().await;
    let user = citizen(811, Some("vi"));
    let mut numbers = Vec::new();
    for n in 1..=7 {
        let sent = case_about_province(&mut app, &user, &format!("Kiến nghị số {n}")).await;
        let number = number_in(&sent);
        if n < 7 {
            app.send_text(&user, "/gopy").await;
            app.press(&user, &format!("Rút {number}")).await;
        }
        numbers.push(number.to_string());
    }
    app.send_text(&user, "/gopy").await;
    let list = text(&app.last_message(811));
    // The newest first: the open one, then the five latest withdrawn.
    let listed: Vec<&str> = list
        .lines()
        .filter_map(|line| line.strip_prefix("• "))
        .filter_map(|line| line.get(..14))
        .collect();
    let expected: Vec<&str> = numbers.iter().rev().take(6).map(String::as_str).collect();
    assert_eq!(listed, expected, "{list}");
    assert!(
        list.ends_with("… và 1 phản ánh đã kết thúc trước đó: /mydata liệt kê đủ."),
        "{list}"
    );
    app.send_text(&user, "/mydata").await;
    let kept = text(&app.last_message(811));
    assert!(numbers.iter().all(|n| kept.contains(n.as_str())), "{kept}");
}

#[tokio::test]
async fn a_replayed_send_a_double_tap_and_a_replayed_answer_count_once() {
    let mut app = cases_app().await;
    let user = citizen(808, Some("vi"));
    let staff = citizen(STAFF_A, Some("vi"));
    follow(&app, &user).await;
    app.send_text(&user, "/gopy").await;
    app.press(&user, &format!("📁 {PROCESSING}")).await;
    app.press(&user, &vi(&app, Key::CaseKindDelay)).await;
    app.send_text(&user, "Trễ hạn").await;
    app.press(&user, &vi(&app, Key::CaseNext)).await;
    let send = app.press(&user, &vi(&app, Key::CaseSend)).await;
    let number = number_in(&text(&app.last_message(808)));
    app.redeliver(send).await;
    app.drain_jobs().await;
    let store = app.store().await;
    let opened: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&mut *store.read().await.expect("a connection"))
        .await
        .expect("count");
    assert_eq!(opened, 1);
    let cards = app
        .messages_in(STAFF_CHAT)
        .iter()
        .filter(|c| c.method == "sendMessage" && !c.buttons().is_empty())
        .count();
    assert_eq!(cards, 1);

    let (message_id, rows) = app
        .fake
        .last_keyboard(STAFF_CHAT)
        .expect("the case's buttons");
    let take = rows
        .into_iter()
        .flatten()
        .find(|b| b.label == vi(&app, Key::CaseTake))
        .and_then(|b| b.data)
        .expect("Nhận xử lý");
    // A double tap: the second changes nothing.
    for _ in 0..2 {
        let press = Incoming::Press {
            message_id,
            data: take.clone(),
        };
        app.send(&staff, press).await;
    }
    // The second tap is told where the case stands.
    assert_eq!(
        app.last_toast(),
        Some(format!(
            "Phản ánh {number} đang xử lý, không có gì thay đổi."
        ))
    );
    let reply = app
        .reply_to(&staff, STAFF_CHAT, message_id, "Đã giải quyết.")
        .await;
    app.redeliver(reply).await;
    app.drain_jobs().await;
    // A second answer to an answered case is refused, and says why.
    app.reply_to(&staff, STAFF_CHAT, message_id, "Bổ sung.")
        .await;
    assert_eq!(
        text(&app.last_message(STAFF_CHAT)),
        format!("Phản ánh {number} đã trả lời, không có gì thay đổi.")
    );
    assert_eq!(
        actions(&app, number).await,
        ["open→received", "take→acknowledged", "answer→answered"]
    );
    let answers = app
        .messages_in(808)
        .iter()
        .filter(|c| text(c).contains("Đã giải quyết."))
        .count();
    assert_eq!(answers, 1);
}

#[tokio::test]
async fn a_flood_is_held_for_admins_and_the_province_goes_to_the_intake_chat() {
    const INTAKE: i64 = -100_999;
    let mut app = TestApp::spawn_with(|s| {
        s.roles.admins = vec![ADMIN];
        s.feedback.intake_chat = Some(INTAKE);
        s.feedback.hold_after_per_day = 1;
    })
    .await;
    app.seed_catalog().await;
    let user = citizen(809, Some("km"));
    let first = case_about_province_in(&mut app, &user, Language::Km, "សូមជួយពន្លឿនឯកសារ").await;
    let second = case_about_province_in(&mut app, &user, Language::Km, "ម្ដងទៀត").await;
    app.drain_jobs().await;
    // One card in the intake chat, marked Khmer; the second case is held.
    let cards: Vec<String> = app
        .messages_in(INTAKE)
        .iter()
        .filter(|c| c.method == "sendMessage")
        .map(text)
        .collect();
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(
        cards[0].contains(&vi(&app, Key::CaseStaffKhmer)),
        "{}",
        cards[0]
    );
    let (first, second) = (number_in(&first), number_in(&second));
    assert!(!case(&app, first).await.held && case(&app, second).await.held);
    app.send_text(&citizen(ADMIN, Some("vi")), "/cases").await;
    let listed = text(&app.last_message(ADMIN));
    assert!(
        listed.contains(&second.to_string()) && listed.contains(&vi(&app, Key::CasesHeldMark)),
        "{listed}"
    );
}

/// [`case_about_province`] for a citizen whose chat is in `lang`.
async fn case_about_province_in(
    app: &mut TestApp,
    user: &Person,
    lang: Language,
    body: &str,
) -> String {
    let t = |key: Key| app.t(lang, key);
    let (new, province, kind, next, send) = (
        t(Key::CaseNew),
        t(Key::CaseSubjectProvince),
        t(Key::CaseKindDelay),
        t(Key::CaseNext),
        t(Key::CaseSend),
    );
    app.send_text(user, "/feedback").await;
    if app
        .fake
        .last_keyboard(user.id)
        .is_some_and(|(_, rows)| rows.iter().flatten().any(|b| b.label == new))
    {
        app.press(user, &new).await;
    }
    app.press(user, &province).await;
    app.press(user, &kind).await;
    app.send_text(user, body).await;
    app.press(user, &next).await;
    app.press(user, &send).await;
    text(&app.last_message(user.id))
}

/// Places of Cà Mau (and two made up, to try Ấ and plain D), whose agencies
/// `picker_app` adds to the seed's two as "Xã …", in Vietnamese order.
const PLACES: [&str; 61] = [
    "An Trạch",
    "An Xuyên",
    "Ấp Mới",
    "Biển Bạch",
    "Cái Đôi Vàm",
    "Cái Nước",
    "Châu Thới",
    "Duyên Hải",
    "Đá Bạc",
    "Đầm Dơi",
    "Đất Mới",
    "Đất Mũi",
    "Định Thành",
    "Đông Hải",
    "Gành Hào",
    "Giá Rai",
    "Hòa Bình",
    "Hòa Thành",
    "Hộ Phòng",
    "Hồ Thị Kỷ",
    "Hồng Dân",
    "Hưng Mỹ",
    "Khánh An",
    "Khánh Bình",
    "Khánh Hưng",
    "Khánh Lâm",
    "Láng Tròn",
    "Long Điền",
    "Lương Thế Trân",
    "Lý Văn Lâm",
    "Năm Căn",
    "Ngọc Hiển",
    "Nguyễn Phích",
    "Nguyễn Việt Khái",
    "Ninh Quới",
    "Ninh Thạnh Lợi",
    "Phan Ngọc Hiển",
    "Phong Hiệp",
    "Phong Thạnh",
    "Phú Mỹ",
    "Phú Tân",
    "Phước Long",
    "Quách Phẩm",
    "Sông Đốc",
    "Tạ An Khương",
    "Tam Giang",
    "Tân Ân",
    "Tân Hưng",
    "Tân Lộc",
    "Tân Thuận",
    "Tân Tiến",
    "Thanh Tùng",
    "Thới Bình",
    "Trần Phán",
    "Trần Văn Thời",
    "Trí Phải",
    "U Minh",
    "Vĩnh Hậu",
    "Vĩnh Lộc",
    "Vĩnh Lợi",
    "Vĩnh Mỹ",
];

/// The code `picker_app` gives the agency of `PLACES[i]`.
fn place_code(i: usize) -> String {
    format!("001.00.{:02}.H12", i + 10)
}

/// The seed catalog and an agency for each of [`PLACES`], imported in an
/// order of their own (reversed), as `hailong import agencies` would.
async fn picker_app() -> TestApp {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let mut csv = String::from("code,name_vi,name_en,name_km,commune_code\n");
    for (i, place) in PLACES.iter().enumerate().rev() {
        csv.push_str(&format!("{},Xã {place},,,\n", place_code(i)));
    }
    app.load_agencies(&csv).await;
    app
}

/// The labels of the latest keyboard in `chat`.
fn labels(app: &TestApp, chat: i64) -> Vec<String> {
    app.fake
        .last_keyboard(chat)
        .map(|(_, rows)| rows.into_iter().flatten().map(|b| b.label).collect())
        .unwrap_or_default()
}

/// The agency's name buttons of the latest keyboard: all but paging and Huỷ.
fn agency_labels(app: &TestApp, chat: i64) -> Vec<String> {
    let controls = [
        vi(app, Key::CasePickPrevious),
        vi(app, Key::CasePickNext),
        vi(app, Key::CasePickAll),
        vi(app, Key::CaseCancel),
    ];
    labels(app, chat)
        .into_iter()
        .filter(|l| !controls.contains(l))
        .collect()
}

/// `/gopy` then 🏢 Một cơ quan, for a citizen with no case yet.
async fn open_agency_picker(app: &mut TestApp, user: &Person) {
    app.send_text(user, "/gopy").await;
    app.press(user, &vi(app, Key::CaseSubjectAgency)).await;
}

#[tokio::test]
async fn the_agency_picker_pages_through_every_agency_in_vietnamese_order() {
    let mut app = picker_app().await;
    let user = citizen(821, Some("vi"));
    open_agency_picker(&mut app, &user).await;
    let (first_page, _) = app.fake.last_keyboard(821).expect("the picker");
    let mut seen = agency_labels(&app, 821);
    let mut pages = 1;
    while labels(&app, 821).contains(&vi(&app, Key::CasePickNext)) {
        app.press(&user, &vi(&app, Key::CasePickNext)).await;
        // Paging edits the picker in place.
        assert_eq!(
            app.fake.last_keyboard(821).map(|(id, _)| id),
            Some(first_page)
        );
        seen.extend(agency_labels(&app, 821));
        pages += 1;
        assert!(pages <= 10, "paging does not end");
    }
    let page_line = app.t_args(
        Language::Vi,
        Key::CasePickPage,
        &[("page", "7"), ("pages", "7")],
    );
    assert!(text(&app.last_message(821)).contains(&page_line));
    let mut expected = vec![
        "Sở Tư pháp".to_owned(),
        "Trung tâm Phục vụ hành chính công xã U Minh".to_owned(),
    ];
    expected.extend(PLACES.iter().map(|p| format!("Xã {p}")));
    assert_eq!(seen, expected);
    // Back one page and forth again: the same names.
    app.press(&user, &vi(&app, Key::CasePickPrevious)).await;
    assert_eq!(agency_labels(&app, 821), expected[50..60]);
    app.press(&user, &vi(&app, Key::CasePickNext)).await;

    // The last one can be picked, and the case is about it.
    app.press(&user, "Xã Vĩnh Mỹ").await;
    assert_eq!(text(&app.last_message(821)), vi(&app, Key::CaseAskKind));
    let number = write_and_send(&mut app, &user, "Cán bộ xã hẹn nhiều lần").await;
    assert_eq!(case(&app, number).await.agency, Some(place_code(60)));
}

#[tokio::test]
async fn typing_part_of_a_name_without_accents_or_a_code_finds_it() {
    let mut app = picker_app().await;
    let user = citizen(822, Some("vi"));
    open_agency_picker(&mut app, &user).await;

    app.send_text(&user, "dam doi").await;
    assert_eq!(agency_labels(&app, 822), ["Xã Đầm Dơi"]);
    let found = app.t_args(
        Language::Vi,
        Key::CasePickFound,
        &[("count", "1"), ("query", "dam doi")],
    );
    assert!(text(&app.last_message(822)).starts_with(&found));
    // Several words in any order, several matches in Vietnamese order.
    app.send_text(&user, "VINH xa").await;
    assert_eq!(
        agency_labels(&app, 822),
        ["Xã Vĩnh Hậu", "Xã Vĩnh Lộc", "Xã Vĩnh Lợi", "Xã Vĩnh Mỹ"]
    );
    // Nothing found: said so, with the whole list to page.
    app.send_text(&user, "Hà Nội").await;
    let none = app.t_args(Language::Vi, Key::CasePickNone, &[("query", "Hà Nội")]);
    assert!(text(&app.last_message(822)).starts_with(&none));
    assert_eq!(agency_labels(&app, 822).len(), 10);
    assert!(labels(&app, 822).contains(&vi(&app, Key::CasePickNext)));
    // A part of a code; then 📋 the whole list again, then a pick.
    app.send_text(&user, &place_code(9)).await;
    assert_eq!(agency_labels(&app, 822), ["Xã Đầm Dơi"]);
    app.press(&user, &vi(&app, Key::CasePickAll)).await;
    assert_eq!(agency_labels(&app, 822)[0], "Sở Tư pháp");
    app.send_text(&user, "dam doi").await;
    app.press(&user, "Xã Đầm Dơi").await;
    let number = write_and_send(&mut app, &user, "Trễ hẹn trả kết quả").await;
    assert_eq!(case(&app, number).await.agency, Some(place_code(9)));

    // Procedures are found the same way.
    app.send_text(&user, "/gopy").await;
    app.press(&user, &vi(&app, Key::CaseNew)).await;
    app.press(&user, &vi(&app, Key::CaseSubjectProcedure)).await;
    app.send_text(&user, "dang ky khai").await;
    app.press(&user, "Đăng ký khai sinh").await;
    let number = write_and_send(&mut app, &user, "Chờ lâu").await;
    assert_eq!(
        case(&app, number).await.procedure.as_deref(),
        Some("1.001193")
    );
}

#[tokio::test]
async fn an_old_pickers_buttons_after_the_case_was_sent_change_nothing() {
    let mut app = picker_app().await;
    let user = citizen(823, Some("vi"));
    open_agency_picker(&mut app, &user).await;
    let (picker, rows) = app.fake.last_keyboard(823).expect("the picker");
    let data = |label: &str| {
        rows.iter()
            .flatten()
            .find(|b| b.label == label)
            .and_then(|b| b.data.clone())
            .unwrap_or_else(|| panic!("no button {label}"))
    };
    let (next, first) = (data(&vi(&app, Key::CasePickNext)), data("Sở Tư pháp"));
    app.press(&user, &vi(&app, Key::CasePickNext)).await;
    app.press(&user, "Xã Đá Bạc").await;
    let number = write_and_send(&mut app, &user, "Thái độ chưa tốt").await;

    let before = app.messages_in(823).len();
    for data in [next, first] {
        app.send(
            &user,
            Incoming::Press {
                message_id: picker,
                data,
            },
        )
        .await;
        assert_eq!(app.last_toast(), Some(vi(&app, Key::ButtonExpired)));
    }
    assert_eq!(app.messages_in(823).len(), before);
    let store = app.store().await;
    let opened: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&mut *store.read().await.expect("a connection"))
        .await
        .expect("count");
    assert_eq!(opened, 1);
    assert_eq!(case(&app, number).await.agency, Some(place_code(8)));
    // A text now is no search: the chat is idle again.
    app.send_text(&user, "dam doi").await;
    let found = app.t_args(
        Language::Vi,
        Key::CasePickFound,
        &[("count", "1"), ("query", "dam doi")],
    );
    assert!(!text(&app.last_message(823)).starts_with(&found));
}

/// A province's ~90 agencies with their long names do not fit one message:
/// the forward list gives those that fit and says there are more, and
/// Telegram takes it; the buttons page through every agency, in the order
/// of their names, and one on the last page can be picked.
#[tokio::test]
async fn the_forward_list_of_a_whole_province_fits_one_message_and_pages_through_all() {
    let mut app = cases_app().await;
    let mut csv = String::from("code,name_vi,name_en,name_km,commune_code\n");
    for n in 0..95 {
        csv.push_str(&format!(
            "000.00.{}.H12,Trung tâm Phục vụ hành chính công xã Thử Nghiệm Số {n},,,\n",
            100 + n
        ));
    }
    app.load_agencies(&csv).await;
    let user = citizen(830, Some("vi"));
    case_about_dossier(&mut app, &user, "Cần hỏi").await;
    app.drain_jobs().await;
    let staff_a = citizen(STAFF_A, Some("vi"));
    app.press_in(&staff_a, STAFF_CHAT, &vi(&app, Key::CaseForward))
        .await;
    let list = app.last_message(STAFF_CHAT);
    assert!(
        list.succeeded(),
        "Telegram refused the list: {}",
        list.status
    );
    let listed = text(&list);
    assert!(
        listed.contains("/chuyen") && listed.ends_with("• …\nTrang 1/10"),
        "{listed}"
    );
    // The seed's other agency, then the 95 by their numbers' values.
    let numbered = |n: u32| format!("↪️ Trung tâm Phục vụ hành chính công xã Thử Nghiệm Số {n}");
    let first = labels(&app, STAFF_CHAT);
    assert_eq!(first.len(), 11, "ten agencies and the next page: {first:?}");
    assert_eq!(
        first[..3],
        ["↪️ Sở Tư pháp".to_owned(), numbered(0), numbered(1)]
    );
    assert_eq!(first[10], vi(&app, Key::CasePickNext));
    for _ in 0..9 {
        app.press_in(&staff_a, STAFF_CHAT, &vi(&app, Key::CasePickNext))
            .await;
    }
    let last = labels(&app, STAFF_CHAT);
    assert_eq!(
        last,
        (89..95)
            .map(numbered)
            .chain([vi(&app, Key::CasePickPrevious)])
            .collect::<Vec<_>>()
    );
    assert!(text(&app.last_message(STAFF_CHAT)).ends_with("Trang 10/10"));
    app.press_in(&staff_a, STAFF_CHAT, &numbered(94)).await;
    let asked = text(&app.last_message(STAFF_CHAT));
    assert!(asked.contains("Thử Nghiệm Số 94"), "{asked}");
}
