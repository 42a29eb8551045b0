//! Broadcasts: composed in the chat, the CLI or the API, delivered through the
//! Bot API emulator with Telegram's limits on, exactly once even across a crash.

use std::time::Duration;

use bot_api_emulator::{Fault, Incoming, RateLimits};
use hailong::domain::Language;
use hailong::i18n::Key;
use reqwest::Method;
use serde_json::{Value, json};

use crate::faults::assert_tried_again_at_once;
use crate::helpers::{API_TOKEN, TestApp, citizen};

const ADMIN: i64 = 9_000;
const WITHIN: Duration = Duration::from_secs(120);

async fn app_with_admin() -> TestApp {
    let app = TestApp::spawn_with(|s| {
        s.roles.admins = vec![ADMIN];
        s.broadcast.progress_every_secs = 1;
    })
    .await;
    app.fake.enforce_limits(RateLimits::default());
    app
}

/// Two dossiers, one per agency, and who follows each.
async fn seed_followers(
    app: &TestApp,
    u_minh: std::ops::Range<i64>,
    justice: std::ops::Range<i64>,
) {
    app.seed_catalog().await;
    app.import_dossiers(
        "000.00.32.H12-261101-0001,1.001193,000.00.32.H12,4,2026-11-01T08:00:00+07:00,2026-11-20,,direct,32047
000.00.05.H12-261101-0002,2.000815,000.00.05.H12,4,2026-11-01T08:00:00+07:00,2026-11-20,,online,32014
",
    )
    .await;
    app.add_citizens(u_minh.clone(), Some("vi")).await;
    app.add_citizens(justice.clone(), Some("en")).await;
    for id in u_minh {
        app.add_follow(id, "000.00.32.H12-261101-0001").await;
    }
    for id in justice {
        app.add_follow(id, "000.00.05.H12-261101-0002").await;
    }
}

/// Queues a broadcast through the API; its id.
async fn post_broadcast(app: &TestApp, body: Value) -> i64 {
    let (status, answer) = app.api(Method::POST, "/broadcasts", body).await;
    assert_eq!(status, 201, "{answer}");
    answer["id"].as_i64().expect("an id")
}

fn notices_to(app: &TestApp, chat_id: i64) -> Vec<String> {
    app.messages_in(chat_id)
        .into_iter()
        .filter(|c| {
            c.succeeded() && c.params.get("parse_mode").and_then(Value::as_str) == Some("HTML")
        })
        .filter_map(|c| c.text().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn an_admin_composes_previews_and_sends_a_notice_from_the_chat() {
    let mut app = app_with_admin().await;
    seed_followers(&app, 100..104, 200..202).await;
    let admin = citizen(ADMIN, Some("en"));
    let opted_out = citizen(103, Some("vi"));
    app.send_text(&opted_out, "/notices off").await;
    assert_eq!(
        app.last_message(103).text(),
        Some(app.t(Language::Vi, Key::NoticesOff).as_str())
    );

    app.send_text(&admin, "/broadcast").await;
    assert_eq!(
        app.last_message(ADMIN).text(),
        Some(app.t(Language::En, Key::BroadcastAsk).as_str())
    );
    let entities = json!([{"type": "bold", "offset": 0, "length": 6}]);
    let text = "Notice: the one-stop shop closes at 11:00 on Friday & Saturday.";
    app.send(
        &admin,
        Incoming::Formatted {
            text: text.into(),
            entities,
        },
    )
    .await;
    // Everyone who talks to the bot and hears notices: six followers less the
    // one who opted out, and the admin.
    app.press(&admin, "Everyone (6)").await;
    app.send_text(&admin, "/cancel").await;
    assert_eq!(
        app.last_message(ADMIN).text(),
        Some(app.t(Language::En, Key::BroadcastDraftCancelled).as_str())
    );

    app.send_text(&admin, "/broadcast").await;
    app.send(
        &admin,
        Incoming::Formatted {
            text: text.into(),
            entities: json!([{"type": "bold", "offset": 0, "length": 6}]),
        },
    )
    .await;
    app.press(&admin, "By agency").await;
    // A long name keeps its end, which tells the communes' centres apart.
    app.press(&admin, "Public…Service Centre, U Minh Commune (3)")
        .await;
    let preview = notices_to(&app, ADMIN);
    let expected = format!(
        "<b>Notice</b>: the one-stop shop closes at 11:00 on Friday &amp; Saturday.\n\n<i>{}</i>",
        app.t(Language::En, Key::NoticesFooter)
    );
    assert_eq!(preview.last(), Some(&expected));
    let to = "To: followers of dossiers at Public Administrative Service Centre, U Minh Commune (000.00.32.H12)";
    assert!(
        app.messages_in(ADMIN)
            .iter()
            .any(|c| c.text().is_some_and(|t| t.contains(to))),
        "the audience is named before Send"
    );
    app.press(&admin, "📣 Send to 3").await;

    let summary = app.wait_for_broadcast(1, WITHIN).await;
    assert_eq!(summary.recipients.delivered, 3, "{summary:?}");
    assert_eq!(summary.audience, "agency:000.00.32.H12");
    // Each follower got it once, with the footer in their language; the one who opted out did not.
    let vi_footer = app.t(Language::Vi, Key::NoticesFooter);
    for id in 100..103 {
        let got = notices_to(&app, id);
        assert_eq!(got.len(), 1, "chat {id}: {got:?}");
        assert!(got[0].starts_with("<b>Notice</b>"), "{}", got[0]);
        assert!(
            got[0].ends_with(&format!("<i>{vi_footer}</i>")),
            "{}",
            got[0]
        );
    }
    assert!(notices_to(&app, 103).is_empty());
    assert!(notices_to(&app, 200).is_empty());
    // The question became the progress message, and the report came as a new
    // message: sent by the job's step that finishes the broadcast, so drained.
    app.drain_jobs().await;
    let report = app.messages_in(ADMIN);
    let last = report
        .last()
        .and_then(|c| c.text())
        .unwrap_or_default()
        .to_owned();
    assert!(last.contains("✅ Delivered: 3"), "{last}");
    assert!(
        app.calls_of("editMessageText")
            .iter()
            .any(|c| c.chat_id() == Some(ADMIN)
                && c.text().is_some_and(|t| t.contains("Broadcast #1"))),
        "the progress message is edited"
    );
    app.send_text(&admin, "/broadcasts").await;
    let listed = app.last_text(ADMIN);
    assert!(listed.contains("#1") && listed.contains("3/3"), "{listed}");
    // Made today in Vietnam, and said as officials write a day.
    let today = hailong::domain::moment::local_date(chrono::Utc::now())
        .format("%d/%m/%Y")
        .to_string();
    assert!(listed.contains(&format!("#1 · {today} ·")), "{listed}");
    assert_eq!(app.fake.answered_with(429), 0);
}

#[tokio::test]
async fn only_admins_broadcast_and_a_bad_notice_is_refused_with_the_reason() {
    let mut app = app_with_admin().await;
    let someone = citizen(77, Some("en"));
    app.send_text(&someone, "/broadcast").await;
    assert_eq!(
        app.last_message(77).text(),
        Some(app.t(Language::En, Key::UnknownCommand).as_str())
    );
    let admin = citizen(ADMIN, Some("en"));
    app.send_text(&admin, "/broadcast").await;
    app.send_text(&admin, &"ồ".repeat(5000)).await;
    let refusal = app.last_text(ADMIN);
    assert!(refusal.contains("5,000"), "{refusal}");
    // Still waiting for the notice: the next text is taken.
    app.send_text(&admin, "Short notice").await;
    assert_eq!(
        app.last_message(ADMIN).text(),
        Some(app.t(Language::En, Key::BroadcastChooseAudience).as_str())
    );
}

#[tokio::test]
async fn citizens_turn_notices_off_and_on() {
    let mut app = app_with_admin().await;
    let person = citizen(55, Some("en"));
    app.send_text(&person, "/notices").await;
    assert_eq!(
        app.last_message(55).text(),
        Some(app.t(Language::En, Key::NoticesAreOn).as_str())
    );
    app.send_text(&person, "/notices off").await;
    app.send_text(&person, "/notices").await;
    assert_eq!(
        app.last_message(55).text(),
        Some(app.t(Language::En, Key::NoticesAreOff).as_str())
    );
    let (status, answer) = app
        .api(
            Method::POST,
            "/broadcasts",
            json!({"text": "Hi", "audience": "all"}),
        )
        .await;
    assert_eq!(status, 422, "{answer}");
    app.send_text(&person, "/notices on").await;
    let id = post_broadcast(&app, json!({"text": "Hi", "audience": "all"})).await;
    app.wait_for_broadcast(id, WITHIN).await;
    assert_eq!(notices_to(&app, 55).len(), 1);
}

#[tokio::test]
async fn a_few_hundred_recipients_get_one_message_each_within_telegrams_limits() {
    let mut app = app_with_admin().await;
    seed_followers(&app, 1_000..1_150, 2_000..2_150).await;
    app.fake.block(1_007);
    app.fake.fail_chat(2_003, Fault::ServerError(502));
    let id = post_broadcast(
        &app,
        json!({"text": "Flood warning: <b>stay home</b> tonight.", "audience": "all"}),
    )
    .await;
    // A citizen asks something while the broadcast runs: the answer does not wait for it.
    app.fake.wait_for_calls(60, WITHIN).await;
    app.send_text(&citizen(1_010, Some("vi")), "/help").await;
    let sent_before_reply = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.params.get("parse_mode").is_some() && c.succeeded())
        .count();
    assert!(
        sent_before_reply < 250,
        "the reply waited for {sent_before_reply} notices"
    );

    let summary = app.wait_for_broadcast(id, WITHIN).await;
    let tally = summary.recipients;
    assert_eq!(tally.total, 300);
    assert_eq!(tally.delivered, 299, "{tally:?}");
    assert_eq!(tally.blocked, 1, "{tally:?}");
    assert_eq!(
        app.fake.answered_with(429),
        0,
        "Telegram's limits were kept"
    );
    // The 502 was tried again and got through; everyone else got exactly one.
    let to_502: Vec<u16> = app.messages_in(2_003).iter().map(|c| c.status).collect();
    assert_eq!(to_502, [502, 200]);
    let deliveries = app.deliveries();
    for chat in (1_000..1_150)
        .chain(2_000..2_150)
        .filter(|c| *c != 1_007 && *c != 1_010)
    {
        assert_eq!(deliveries.get(&chat), Some(&1), "chat {chat}");
    }
    // The one who blocked the bot is left out of the next audience.
    let (_, next) = app
        .api(
            Method::POST,
            "/broadcasts",
            json!({"text": "Again", "audience": "all"}),
        )
        .await;
    assert_eq!(next["recipients"]["total"], 299, "{next}");
}

#[tokio::test]
async fn a_crash_mid_broadcast_sends_no_one_twice_and_leaves_at_most_the_window_uncertain() {
    let mut app = app_with_admin().await;
    app.add_citizens(3_000..3_200, Some("vi")).await;
    let id = post_broadcast(
        &app,
        json!({"text": "Mất điện ngày mai", "audience": "all"}),
    )
    .await;
    assert!(app.fake.wait_for_calls(80, WITHIN).await);
    app.stop().await;
    let at_crash = app.deliveries().len();
    assert!(at_crash < 200, "the crash came after the end");
    app.start_again().await;
    let summary = app.wait_for_broadcast(id, WITHIN).await;
    let tally = summary.recipients;
    let deliveries = app.deliveries();
    assert!(deliveries.values().all(|n| *n == 1), "someone got it twice");
    assert!(tally.uncertain <= 10, "{tally:?}");
    assert_eq!(tally.delivered + tally.uncertain, 200, "{tally:?}");
    let received = (3_000..3_200)
        .filter(|c| deliveries.contains_key(c))
        .count() as i64;
    assert!(
        received >= tally.delivered,
        "{received} received, {tally:?}"
    );
    assert_eq!(app.fake.answered_with(429), 0);
}

#[tokio::test]
async fn the_api_checks_the_notice_and_a_repeated_post_makes_one_broadcast() {
    let app = app_with_admin().await;
    app.add_citizens(10..13, Some("km")).await;
    let (status, answer) = app
        .api(
            Method::POST,
            "/broadcasts",
            json!({"text": "<b>unclosed", "audience": "everyone"}),
        )
        .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = answer["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["audience", "text"], "{answer}");
    let (status, _) = app
        .api_raw(
            Method::POST,
            "/broadcasts",
            None,
            json!({"text": "x", "audience": "all"}).to_string(),
        )
        .await;
    assert_eq!(status, 401);

    let post = || async {
        let response = reqwest::Client::new()
            .post(format!(
                "http://127.0.0.1:{}/api/v1/broadcasts",
                app.http_port
            ))
            .bearer_auth(API_TOKEN)
            .header("Idempotency-Key", "flood-2026-11-25")
            .json(&json!({"text": "1 < 2", "format": "plain", "audience": "lang:km"}))
            .send()
            .await
            .expect("the API answers");
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.expect("JSON"))
    };
    let (first, body) = post().await;
    let (second, again) = post().await;
    assert_eq!((first, second), (201, 200));
    assert_eq!(body["id"], again["id"]);
    let id = body["id"].as_i64().expect("an id");
    app.wait_for_broadcast(id, WITHIN).await;
    let (_, listed) = app.api(Method::GET, "/broadcasts", json!({})).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(notices_to(&app, 10).len(), 1);
    assert!(notices_to(&app, 10)[0].starts_with("1 &lt; 2"));
    let (status, _) = app
        .api(Method::POST, &format!("/broadcasts/{id}/cancel"), json!({}))
        .await;
    assert_eq!(status, 409, "a finished broadcast cannot be stopped");
    let (status, _) = app.api(Method::GET, "/broadcasts/999", json!({})).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_photo_is_uploaded_once_and_sent_by_its_file_id_after() {
    let app = app_with_admin().await;
    app.add_citizens(20..26, Some("en")).await;
    let png = hailong::links::qr::png("https://example.gov.vn/lich-tiep-dan").expect("a PNG");
    let photo = base64_of(&png);
    let id = post_broadcast(
        &app,
        json!({"text": "New opening hours", "audience": "all", "photo_base64": photo}),
    )
    .await;
    let summary = app.wait_for_broadcast(id, WITHIN).await;
    assert_eq!(summary.recipients.delivered, 6);
    let photos: Vec<String> = app
        .calls_of("sendPhoto")
        .iter()
        .map(|c| c.params["photo"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(photos.len(), 6);
    assert!(photos[0].starts_with("<upload"), "{photos:?}");
    assert!(
        photos[1..].iter().all(|p| p == "photo-upload-1"),
        "{photos:?}"
    );
}

/// Both the upload and a send by file id: a 5xx holds neither back.
#[tokio::test]
async fn a_photo_notice_that_meets_a_5xx_is_tried_again_at_once() {
    let app = app_with_admin().await;
    app.add_citizens(30..34, Some("en")).await;
    app.fake.fail_next("sendPhoto", Fault::ServerError(502));
    app.fake.fail_chat(33, Fault::ServerError(502));
    let png = hailong::links::qr::png("https://example.gov.vn/lich-tiep-dan").expect("a PNG");
    let id = post_broadcast(
        &app,
        json!({"text": "Storm warning", "audience": "all", "photo_base64": base64_of(&png)}),
    )
    .await;
    let summary = app.wait_for_broadcast(id, WITHIN).await;
    assert_eq!(summary.recipients.delivered, 4);
    let sent = app.calls_of("sendPhoto");
    let first = sent[0].chat_id().expect("a chat");
    let to = |chat| -> Vec<_> {
        sent.iter()
            .filter(|c| c.chat_id() == Some(chat))
            .cloned()
            .collect()
    };
    let upload = &sent[0].params;
    assert!(
        upload["photo"]
            .as_str()
            .is_some_and(|p| p.starts_with("<upload")),
        "{upload:?}"
    );
    // The form's fields as Telegram reads them: texts as they are, not quoted.
    assert!(
        upload["caption"]
            .as_str()
            .is_some_and(|c| c.starts_with("Storm warning\n")),
        "{upload:?}"
    );
    assert_eq!(upload["parse_mode"], "HTML");
    assert_tried_again_at_once(&to(first));
    assert_tried_again_at_once(&to(33));
    assert_eq!(
        to(33)[1].params["photo"],
        "photo-upload-1",
        "by its file id"
    );
}

#[tokio::test]
async fn a_broadcast_can_be_stopped_and_the_cli_queues_and_lists_them() {
    let app = app_with_admin().await;
    app.add_citizens(5_000..5_090, Some("vi")).await;
    let notice = app_dir_file(&app, "notice.html", "<b>Thông báo</b> lịch tiếp dân");
    let refused = app
        .cli(
            &["broadcast", "--text-file", &notice, "--audience", "all"],
            "n\n",
        )
        .await;
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let out = app
        .cli(
            &[
                "broadcast",
                "--text-file",
                &notice,
                "--audience",
                "all",
                "--yes",
            ],
            "",
        )
        .await;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("Recipients: 90") && stdout.contains("Broadcast #1 queued"),
        "{stdout}"
    );
    assert!(app.fake.wait_for_calls(20, WITHIN).await);
    let (status, cancelled) = app
        .api(Method::POST, "/broadcasts/1/cancel", json!({}))
        .await;
    assert_eq!(status, 200, "{cancelled}");
    let summary = app.wait_for_broadcast(1, WITHIN).await;
    assert_eq!(summary.state, "cancelled");
    let t = summary.recipients;
    assert!(t.cancelled > 0 && t.delivered < 90, "{t:?}");
    assert_eq!(t.delivered + t.cancelled + t.uncertain, 90, "{t:?}");
    let sent = app.deliveries().len() as i64;
    assert_eq!(sent, t.delivered, "nothing left after the stop");

    let bad = app_dir_file(&app, "bad.html", "<blink>hi</blink>");
    let out = app
        .cli(
            &[
                "broadcast",
                "--text-file",
                &bad,
                "--audience",
                "all",
                "--yes",
            ],
            "",
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("blink"),
        "{out:?}"
    );
    let listed = app.cli(&["broadcasts"], "").await;
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.contains("cancelled") && listed.lines().count() == 2,
        "{listed}"
    );
    // Created in Vietnam's time, written as `hailong audit` writes its times.
    let created = listed
        .lines()
        .nth(1)
        .and_then(|row| {
            let words: Vec<&str> = row.split_whitespace().collect();
            Some(format!("{} {}", words.get(1)?, words.get(2)?))
        })
        .unwrap_or_default();
    let local = chrono::NaiveDateTime::parse_from_str(&created, "%d/%m/%Y %H:%M:%S")
        .unwrap_or_else(|e| panic!("{created}: {e}\n{listed}"));
    let now = chrono::Utc::now().with_timezone(&hailong::domain::moment::vietnam());
    assert!(
        (now.naive_local() - local).num_minutes().abs() < 5,
        "{local} is Vietnam's time, now {now}"
    );
    let audit = String::from_utf8_lossy(&app.cli(&["audit"], "").await.stdout).into_owned();
    let audited = audit.lines().nth(1).unwrap_or_default();
    assert!(
        chrono::NaiveDateTime::parse_from_str(
            audited.get(..19).unwrap_or_default(),
            "%d/%m/%Y %H:%M:%S"
        )
        .is_ok(),
        "{audit}"
    );

    // One recipient is one, not "1 recipients".
    app.add_citizens(5_100..5_101, Some("km")).await;
    let one = app
        .cli(
            &["broadcast", "--text-file", &notice, "--audience", "lang:km"],
            "n\n",
        )
        .await;
    let asked = String::from_utf8_lossy(&one.stdout).into_owned();
    assert!(asked.contains("Send it to 1 recipient? [y/N]"), "{asked}");
    assert!(asked.contains("Recipients: 1\n"), "{asked}");
}

fn app_dir_file(app: &TestApp, name: &str, content: &str) -> String {
    let path = std::path::Path::new(app.database_url().trim_start_matches("sqlite://"))
        .with_file_name(name);
    std::fs::write(&path, content).expect("the file is written");
    path.display().to_string()
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
