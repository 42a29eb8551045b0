//! The inbox: no update lost to a crash, a panic fails one update and nothing
//! else, the bot hears Telegram again within seconds of an outage, and
//! `/healthz` says what is wrong.

use std::process::Stdio;
use std::time::{Duration, Instant};

use bot_api_emulator::{ChatKind, Incoming, Person};
use hailong::domain::{ChatId, Language, UserId};
use hailong::i18n::Key;
use tokio::process::{Child, Command};

use crate::helpers::{TestApp, citizen};

fn text(text: &str) -> Incoming {
    Incoming::Text {
        chat: ChatKind::Private,
        text: text.to_owned(),
    }
}

async fn inbox_state(app: &TestApp, update_id: i64) -> String {
    sqlx::query_scalar("SELECT state FROM inbox WHERE update_key = ?")
        .bind(hailong::telegram::update_key(update_id))
        .fetch_one(&mut *app.store().await.read().await.expect("a connection"))
        .await
        .expect("the update is in the inbox")
}

/// Claiming an update reads what its answer starts from (the chat's step,
/// the sender's grant with its agencies, the language they chose) and claims
/// its inbox row once; an update never written down is not claimed.
#[tokio::test]
async fn a_claim_reads_the_step_and_the_grant_and_claims_once() {
    use hailong::domain::{Grant, Scope};
    use hailong::store::inbox::{self, Arrival};
    use hailong::store::{citizens, dialogues, updates};

    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    // Granted in the order the agencies' codes do not sort in.
    let granted = app
        .cli(
            &[
                "roles",
                "grant",
                "staff",
                "501",
                "000.00.32.H12",
                "000.00.05.H12",
            ],
            "",
        )
        .await;
    assert!(granted.status.success(), "{granted:?}");
    let store = app.store().await;
    // In a group, so that the chat's step and the sender's grant are told apart.
    let group = ChatId(-1_001_234);
    let mut tx = store.begin_write().await.expect("a transaction");
    let arrivals: Vec<Arrival> = ["tg:9", "tg:10"]
        .into_iter()
        .map(|key| Arrival {
            update_key: key.into(),
            chat_key: key.into(),
            body: "{}".into(),
        })
        .collect();
    inbox::receive(&mut tx, &arrivals, None)
        .await
        .expect("written down");
    dialogues::save_step(&mut tx, group, &"waiting".to_owned(), false)
        .await
        .expect("saved");
    citizens::touch_citizen(&mut tx, UserId(501), Some("vi"))
        .await
        .expect("a citizen");
    citizens::set_language(&mut tx, UserId(501), Language::Km)
        .await
        .expect("chosen");
    let claim = updates::claim_update::<String>(&mut tx, "tg:9", group, Some(UserId(501)))
        .await
        .expect("claimed")
        .expect("claimed the first time");
    assert_eq!(claim.step, "waiting");
    let Some(Grant::Staff(Scope::Agencies(agencies))) = &claim.granted else {
        panic!("not a scoped grant: {:?}", claim.granted);
    };
    assert_eq!(
        agencies.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        ["000.00.05.H12", "000.00.32.H12"]
    );
    assert_eq!(claim.chosen_language, Some(Language::Km));
    // Another chat with no step and a sender with no grant, who never wrote
    // before: the defaults.
    let other = updates::claim_update::<String>(&mut tx, "tg:10", ChatId(7), Some(UserId(7)))
        .await
        .expect("claimed")
        .expect("claimed the first time");
    assert_eq!(
        (other.step.as_str(), other.granted, other.chosen_language),
        ("", None, None)
    );
    let again = updates::claim_update::<String>(&mut tx, "tg:9", group, Some(UserId(501)))
        .await
        .expect("read");
    assert_eq!(again, None, "an update is claimed once");
    let unheard = updates::claim_update::<String>(&mut tx, "tg:11", ChatId(7), Some(UserId(7)))
        .await
        .expect("read");
    assert_eq!(
        unheard, None,
        "an update never written down is not answered"
    );
    tx.commit().await.expect("committed");
}

/// The version of the migration after which the inbox row alone records
/// that an update was answered.
const INBOX_KEEPS_THE_CLAIM: i64 = 20261127000100;

/// A database from before that migration: an update answered then, whether
/// its key was only among the handled updates or also in the inbox, is not
/// answered again when Telegram hands it over once more; a pending one
/// still is, and new rows come after every old one.
#[tokio::test]
async fn updates_answered_before_the_inbox_kept_the_claim_stay_answered() {
    use hailong::store::inbox::{self, Arrival};
    use hailong::store::updates;

    let (pool, url, _dir) = crate::helpers::database_before(INBOX_KEEPS_THE_CLAIM).await;
    sqlx::query(
        "INSERT INTO handled_updates (update_key, handled_at) VALUES
             ('tg:3', '2026-11-27T01:00:00Z'), ('tg:4', '2026-11-27T01:00:01Z');
         INSERT INTO inbox (id, update_key, chat_key, body, state, received_at, answered_at, finished_at) VALUES
             (40, 'tg:4', 'tg:7', '{}', 'done', '2026-11-27T01:00:00Z', '2026-11-27T01:00:01Z', '2026-11-27T01:00:02Z'),
             (41, 'tg:5', 'tg:7', '{}', 'pending', '2026-11-27T01:00:03Z', NULL, NULL);",
    )
    .execute(&pool)
    .await
    .expect("the old inbox");
    let store = crate::helpers::upgraded(pool, &url).await;
    let arrivals: Vec<Arrival> = [3, 4, 6]
        .into_iter()
        .map(|n| Arrival {
            update_key: format!("tg:{n}"),
            chat_key: "tg:7".into(),
            body: "{}".into(),
        })
        .collect();
    let mut tx = store.begin_write().await.expect("a transaction");
    let new = inbox::receive(&mut tx, &arrivals, None)
        .await
        .expect("written down");
    let new: Vec<(i64, &str)> = new
        .iter()
        .map(|r| (r.id.0, r.update_key.as_str()))
        .collect();
    assert_eq!(new.len(), 1, "only tg:6 is new: {new:?}");
    assert_eq!(new[0].1, "tg:6");
    assert!(new[0].0 > 41, "a new row after the old ones: {new:?}");
    for key in ["tg:3", "tg:4"] {
        let claim = updates::claim_update::<String>(&mut tx, key, ChatId(7), None)
            .await
            .expect("read");
        assert_eq!(claim, None, "{key} was answered before");
    }
    for key in ["tg:5", "tg:6"] {
        let claim = updates::claim_update::<String>(&mut tx, key, ChatId(7), None)
            .await
            .expect("read");
        assert!(claim.is_some(), "{key} waits for its answer");
    }
    tx.commit().await.expect("committed");
}

/// A long poll's batch is written down with the offset that confirms it;
/// the rows new here come back, to be handed to the worker, and a
/// redelivered one is only counted; the offset never moves back; and what
/// is pending, oldest first, is what the worker loads when it starts.
#[tokio::test]
async fn a_batch_hands_back_its_new_rows_and_the_pending_ones_load_in_arrival_order() {
    use hailong::store::inbox::{Arrival, Resume};
    use hailong::store::{Store, inbox, updates};

    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("inbox.db").display());
    let store = Store::open(&url).await.expect("a store");
    let batch = |updates: &[(&str, i64)]| -> Vec<Arrival> {
        updates
            .iter()
            .map(|(chat, n)| Arrival {
                update_key: format!("tg:{n}"),
                chat_key: (*chat).to_owned(),
                body: "{}".to_owned(),
            })
            .collect()
    };
    let receive = |arrivals: Vec<Arrival>, next_offset: i64| {
        let store = store.clone();
        async move {
            let resume = Resume {
                source: "telegram",
                next_offset,
            };
            let mut tx = store.begin_write().await.expect("the writer");
            let fresh = inbox::receive(&mut tx, &arrivals, Some(resume))
                .await
                .expect("received");
            tx.commit().await.expect("committed");
            // Oldest first: by id, the order they arrived in.
            assert!(fresh.windows(2).all(|pair| pair[0].id < pair[1].id));
            fresh.into_iter().map(|r| r.update_key).collect::<Vec<_>>()
        }
    };
    let offset = || {
        let store = store.clone();
        async move {
            let mut reader = store.read().await.expect("a reader");
            inbox::offset(&mut reader, "telegram").await.expect("read")
        }
    };
    let first = [("a", 1), ("a", 2), ("b", 3), ("c", 4), ("b", 5), ("d", 6)];
    assert_eq!(
        receive(batch(&first), 7).await,
        ["tg:1", "tg:2", "tg:3", "tg:4", "tg:5", "tg:6"]
    );
    assert_eq!(offset().await, 7);
    assert_eq!(receive(batch(&[("b", 5), ("a", 7)]), 8).await, ["tg:7"]);
    assert_eq!(offset().await, 8);
    let mut reader = store.read().await.expect("a reader");
    assert_eq!(
        inbox::deliveries(&mut reader, "tg:5").await.expect("read"),
        2
    );
    drop(reader);
    assert!(receive(Vec::new(), 5).await.is_empty());
    assert_eq!(offset().await, 8, "an older offset moved it back");

    let mut tx = store.begin_write().await.expect("a transaction");
    for key in ["tg:1", "tg:3"] {
        let claimed = updates::claim_update::<()>(&mut tx, key, ChatId(1), None).await;
        assert!(claimed.expect("claimed").is_some(), "{key}");
    }
    tx.commit().await.expect("committed");
    let pending = |limit| {
        let store = store.clone();
        async move {
            let mut reader = store.read().await.expect("a reader");
            let pending = inbox::pending(&mut reader, limit).await.expect("read");
            pending
                .into_iter()
                .map(|r| r.update_key)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(pending(10).await, ["tg:2", "tg:4", "tg:5", "tg:6", "tg:7"]);
    assert_eq!(pending(2).await, ["tg:2", "tg:4"]);
}

/// A process wrote an update down and died before answering it; the next
/// process answers it before what the same citizen sent since, although the
/// new update reaches the worker straight from the poll and the old one only
/// from the database.
#[tokio::test]
async fn what_the_last_process_left_is_answered_before_what_arrived_after_it() {
    use hailong::store::inbox::{self, Resume};

    let mut app = TestApp::spawn().await;
    let user = citizen(64, Some("en"));
    app.stop().await;
    let left = app.fake.push(&user, text("/help"));
    // Received as the last process's poll received it, and written down.
    let polled: serde_json::Value = reqwest::Client::new()
        .post(format!("{}bot0:test/getUpdates", app.fake.url()))
        .json(&serde_json::json!({"offset": left, "timeout": 0}))
        .send()
        .await
        .expect("the emulator answers")
        .json()
        .await
        .expect("JSON");
    let update = serde_json::value::to_raw_value(&polled["result"][0]).expect("JSON");
    let read = hailong::telegram::read(&update, "").expect("an update");
    assert_eq!(read.id, left);
    let arrival = read.arrival;
    let resume = Resume {
        source: "telegram",
        next_offset: left + 1,
    };
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("the writer");
    let written = inbox::receive(&mut tx, &[arrival], Some(resume))
        .await
        .expect("written down");
    tx.commit().await.expect("committed");
    assert_eq!(written.len(), 1);
    drop(store);
    let after = app.fake.push(&user, text("where is my file?"));

    app.start_again().await;
    app.wait_handled(after).await;
    app.wait_handled(left).await;
    let said: Vec<String> = app
        .messages_in(64)
        .iter()
        .filter_map(|m| m.text().map(str::to_owned))
        .collect();
    let help = app.t(Language::En, Key::Help);
    let not_understood = app.t(Language::En, Key::NotUnderstood);
    let answered_first = said.iter().position(|t| *t == help);
    let answered_next = said.iter().position(|t| t.starts_with(&not_understood));
    assert!(
        answered_first.is_some() && answered_first < answered_next && answered_next.is_some(),
        "{said:?}"
    );
}

/// A row the worker was not handed (written by another process, or one
/// whose closing failed) is found once the worker is idle, and answered.
#[tokio::test]
async fn a_row_the_worker_was_not_handed_is_found_when_it_is_idle() {
    let app = TestApp::spawn().await;
    write_down(&app, &[private_text(900_001, 65, "/help")]).await;
    app.wait_handled(900_001).await;
    assert_eq!(
        app.last_message(65).text(),
        Some(app.t(Language::En, Key::Help).as_str())
    );
}

#[tokio::test]
async fn a_panicking_handler_fails_its_update_and_the_bot_goes_on() {
    let mut app =
        TestApp::spawn_with(|s| s.telegram.panic_on_text = Some("panic, please".into())).await;
    let one = citizen(61, Some("en"));
    let other = citizen(62, Some("en"));
    let boom = app.send_text(&one, "panic, please").await;
    app.send_text(&one, "/help").await;
    app.send_text(&other, "/help").await;
    let help = app.t(Language::En, Key::Help);
    assert_eq!(app.last_message(61).text(), Some(help.as_str()));
    assert_eq!(app.last_message(62).text(), Some(help.as_str()));
    assert_eq!(inbox_state(&app, boom).await, "failed");
    let (_, metrics) = app.get("/metrics").await;
    assert!(metrics.contains("hailong_panics_total 1"), "{metrics}");
}

/// Answers under way together are committed together; one that panics
/// halfway undoes its group, and the others are answered again, each once.
#[tokio::test]
async fn a_panic_beside_other_answers_loses_none_of_them() {
    let app =
        TestApp::spawn_with(|s| s.telegram.panic_on_text = Some("panic, please".into())).await;
    // Written down together, as one poll writes its batch: the worker starts
    // them together, and the answers before the panic share its group.
    write_down(
        &app,
        &[
            private_text(900_101, 71, "/help"),
            private_text(900_102, 72, "/notices off"),
            private_text(900_103, 73, "panic, please"),
            private_text(900_104, 74, "/help"),
        ],
    )
    .await;
    for update_id in 900_101..=900_104 {
        app.wait_handled(update_id).await;
    }
    app.drain_jobs().await;
    let help = app.t(Language::En, Key::Help);
    for chat in [71, 74] {
        let said: Vec<Option<String>> = app
            .messages_in(chat)
            .iter()
            .map(|m| m.text().map(str::to_owned))
            .collect();
        assert_eq!(said, [Some(help.clone())], "chat {chat}");
    }
    assert_eq!(app.messages_in(72).len(), 1);
    // What the answers wrote is kept: notices turned off, each citizen.
    let mut conn = app.store().await.read().await.expect("a reader");
    let off: i64 = sqlx::query_scalar("SELECT notices_off FROM citizens WHERE user_id = 72")
        .fetch_one(&mut *conn)
        .await
        .expect("the citizen is kept");
    assert_eq!(off, 1);
    let citizens: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM citizens ORDER BY user_id")
        .fetch_all(&mut *conn)
        .await
        .expect("read");
    assert_eq!(citizens, [71, 72, 74], "the panicking answer keeps nothing");
    assert_eq!(inbox_state(&app, 900_103).await, "failed");
    let (_, metrics) = app.get("/metrics").await;
    assert!(metrics.contains("hailong_panics_total 1"), "{metrics}");
}

#[tokio::test]
async fn after_an_outage_the_bot_answers_within_3_s_and_healthz_tells() {
    let app = TestApp::spawn_with(|s| s.telegram.unhealthy_after_secs = 1).await;
    assert_eq!(app.get("/healthz").await.0, 200);
    app.fake.set_down(true);
    let user = citizen(63, Some("en"));
    app.fake.push(&user, text("/help"));
    // Long enough for any backoff to reach its cap.
    tokio::time::sleep(Duration::from_secs(8)).await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("telegram unreachable"), "{body}");
    assert!(app.messages_in(63).is_empty());
    app.fake.set_down(false);
    let back = Instant::now();
    let replies = app.wait_for_messages(63, 1).await;
    let took = back.elapsed();
    assert!(replies.first().is_some_and(|m| m.succeeded()));
    assert!(
        took < Duration::from_secs(3),
        "first reply {took:?} after the outage"
    );
    assert_eq!(app.get("/healthz").await, (200, "ok\n".to_owned()));
}

#[tokio::test]
async fn healthz_says_503_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.lose_database().await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!(status, 503);
    assert!(body.contains("database unavailable"), "{body}");
}

const RETURNED: &str = "000.00.32.H12-261101-0002";

/// `hailong run` on the test's database and emulator, killed (SIGKILL) when dropped.
fn run_binary(app: &TestApp) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hailong"))
        .arg("run")
        .current_dir(std::env::temp_dir())
        .env_clear()
        .env("TELOXIDE_TOKEN", "0:test")
        .env("TELOXIDE_API_URL", app.fake.url())
        .env("HAILONG_DATABASE_URL", app.database_url())
        .env("HAILONG_HTTP_ADDR", "127.0.0.1:0")
        .env("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("hailong runs")
}

/// `users` people each asked to rate a returned dossier; then `taps` rating
/// taps at `per_second` while the real process is killed `kills` times and
/// started again. Every update Telegram handed out must be recorded once.
async fn rating_storm_through_kills(users: i64, taps: usize, per_second: u32, kills: usize) {
    let mut app = TestApp::spawn().await;
    app.seed_catalog().await;
    app.import_dossiers(&format!(
        "{RETURNED},1.001193,000.00.32.H12,10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n"
    ))
    .await;
    let people: Vec<Person> = (0..users).map(|n| citizen(7_000 + n, Some("en"))).collect();
    let mut updates = Vec::new();
    let mut buttons = Vec::new();
    for person in &people {
        updates.push(app.send_text(person, &format!("/rate {RETURNED}")).await);
        let (message_id, rows) = app
            .fake
            .last_keyboard(person.id)
            .expect("the rating keyboard");
        let data = rows[0][0].data.clone().expect("a rating button");
        buttons.push((message_id, data));
    }
    app.stop().await;

    let mut bot = run_binary(&app);
    let pause = Duration::from_secs(1) / per_second;
    let kill_every = taps / (kills + 1);
    let mut killed = 0;
    for n in 0..taps {
        let who = n % people.len();
        let (message_id, data) = buttons[who].clone();
        updates.push(
            app.fake
                .push(&people[who], Incoming::Press { message_id, data }),
        );
        if n > 0 && n % kill_every == 0 && killed < kills {
            bot.kill().await.expect("SIGKILL");
            killed += 1;
            bot = run_binary(&app);
        }
        tokio::time::sleep(pause).await;
    }
    assert_eq!(killed, kills);
    for update in &updates {
        app.wait_handled(*update).await;
    }
    bot.kill().await.expect("SIGKILL");

    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let mut lost = Vec::new();
    for update in &updates {
        let key = hailong::telegram::update_key(*update);
        let recorded: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM inbox
             WHERE update_key = ? AND state = 'done' AND answered_at IS NOT NULL",
        )
        .bind(&key)
        .fetch_one(&mut *conn)
        .await
        .expect("the inbox reads");
        if recorded != 1 {
            lost.push(*update);
        }
    }
    assert!(
        lost.is_empty(),
        "{} updates never recorded: {lost:?}",
        lost.len()
    );
    let failed: i64 = sqlx::query_scalar("SELECT count(*) FROM inbox WHERE state <> 'done'")
        .fetch_one(&mut *conn)
        .await
        .expect("the inbox reads");
    assert_eq!(failed, 0);
    let redelivered: i64 = sqlx::query_scalar("SELECT coalesce(sum(deliveries - 1), 0) FROM inbox")
        .fetch_one(&mut *conn)
        .await
        .expect("the inbox reads");
    eprintln!(
        "{} updates, {kills} kills, {redelivered} delivered again",
        updates.len()
    );
    let responses = app.index(None).await[0].responses;
    assert_eq!(
        responses, users,
        "one response per person, however often they tapped"
    );
}

#[tokio::test]
async fn no_rating_tap_is_lost_when_the_process_is_killed() {
    rating_storm_through_kills(20, 300, 100, 5).await;
}

/// The measured case: 3,000 taps at 200 a second, five kills.
/// `cargo test --test it -- --ignored no_tap_of_a_3000_tap_storm`
#[tokio::test]
#[ignore = "long: about a minute"]
async fn no_tap_of_a_3000_tap_storm_is_lost_through_five_kills() {
    rating_storm_through_kills(100, 3_000, 200, 5).await;
}

/// The inbox row of update `update_id`: `text` in the private chat of
/// citizen `chat`, whose app is in English.
fn private_text(update_id: i64, chat: i64, text: &str) -> hailong::store::inbox::Arrival {
    let update = serde_json::json!({
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": 1_795_689_906, "text": text,
            "chat": {"id": chat, "type": "private", "first_name": "A"},
            "from": {"id": chat, "is_bot": false, "first_name": "A", "language_code": "en"}
        }
    });
    let update = serde_json::value::to_raw_value(&update).expect("JSON");
    hailong::telegram::read(&update, "")
        .expect("an update")
        .arrival
}

/// Writes `arrivals` down in one transaction, as another process (or one
/// poll) would, without handing them to the worker.
async fn write_down(app: &TestApp, arrivals: &[hailong::store::inbox::Arrival]) {
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("the writer");
    hailong::store::inbox::receive(&mut tx, arrivals, None)
        .await
        .expect("written down");
    tx.commit().await.expect("committed");
}
