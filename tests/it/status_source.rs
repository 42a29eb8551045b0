//! Pulling unknown codes from a provincial system, against a local fake of it.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bot_api_emulator::Fault;
use hailong::configuration::Settings;
use hailong::domain::Language;
use hailong::domain::moment::local_date;
use hailong::flows::card::format_date;
use hailong::i18n::Key;
use hailong::jobs::pull_refresh::AT_ONCE;
use hailong::store::pull_asks::GIVE_UP_AFTER_DAYS;
use serde_json::json;

use crate::helpers::{TestApp, citizen};

const KNOWN_THERE: &str = "000.00.99.H12-261120-0042";

#[derive(Clone, Copy)]
enum Behaviour {
    Answers,
    Fails,
    Hangs,
    /// Says of every code what it says of `KNOWN_THERE`, after [`SLOW`].
    Slow,
}

/// How long a slow source takes to answer: long enough that the asks a
/// refresh makes at once are all under way together.
const SLOW: Duration = Duration::from_millis(300);

#[derive(Clone, Default)]
struct Source {
    behaviour: Option<Behaviour>,
    asked: Arc<AtomicUsize>,
    /// What it says of `KNOWN_THERE`.
    told: Arc<Mutex<Told>>,
    /// Asks being answered, and the most there ever were at once.
    under_way: Arc<AtomicUsize>,
    most_at_once: Arc<AtomicUsize>,
}

/// The status the source gives `KNOWN_THERE`, and its time of return; or
/// that it no longer knows it, or that it is down.
#[derive(Clone, Default)]
struct Told {
    status: i64,
    returned_at: Option<String>,
    gone: bool,
    down: bool,
}

impl Told {
    fn at(status: i64) -> Arc<Mutex<Self>> {
        Arc::new(Mutex::new(Self {
            status,
            ..Self::default()
        }))
    }
}

async fn dossier(State(source): State<Source>, Path(code): Path<String>) -> Response {
    source.asked.fetch_add(1, Ordering::SeqCst);
    match source.behaviour.unwrap_or(Behaviour::Answers) {
        Behaviour::Fails => StatusCode::BAD_GATEWAY.into_response(),
        Behaviour::Hangs => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::OK.into_response()
        }
        Behaviour::Slow => {
            let now = source.under_way.fetch_add(1, Ordering::SeqCst) + 1;
            source.most_at_once.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(SLOW).await;
            source.under_way.fetch_sub(1, Ordering::SeqCst);
            told(&source)
        }
        Behaviour::Answers if code == KNOWN_THERE => told(&source),
        Behaviour::Answers => StatusCode::NOT_FOUND.into_response(),
    }
}

/// What the source says of `KNOWN_THERE`.
fn told(source: &Source) -> Response {
    let told = source.told.lock().expect("not poisoned").clone();
    if told.down {
        return StatusCode::BAD_GATEWAY.into_response();
    }
    if told.gone {
        return StatusCode::NOT_FOUND.into_response();
    }
    axum::Json(json!({
    "procedure": {"code": "1.000894", "name": "Đăng ký kết hôn"},
    "agency": {"code": "000.00.99.H12", "name": "UBND phường Tân Thành"},
    "status": told.status,
    "received_at": "2026-11-20T09:00:00+07:00",
    "due_at": "2026-11-21",
    "returned_at": told.returned_at,
    "channel": "direct",
    "commune_code": "32014",
    }))
    .into_response()
}

/// Starts the fake source and an app that asks it.
async fn app_asking(behaviour: Behaviour) -> (TestApp, Arc<AtomicUsize>) {
    app_asking_with(behaviour, Told::at(9), |_| {}).await
}

/// The same, the source saying of `KNOWN_THERE` what `told` holds, and the
/// app's settings adjusted.
async fn app_asking_with(
    behaviour: Behaviour,
    told: Arc<Mutex<Told>>,
    adjust: impl FnOnce(&mut Settings),
) -> (TestApp, Arc<AtomicUsize>) {
    let source = Source {
        behaviour: Some(behaviour),
        told,
        ..Source::default()
    };
    let asked = source.asked.clone();
    (app_with(source, adjust).await, asked)
}

/// Serves `source` and starts an app that asks it, its settings adjusted.
async fn app_with(source: Source, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let router = Router::new()
        .route("/dossiers/{code}", get(dossier))
        .with_state(source);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    TestApp::spawn_with(|s| {
        s.status_source.url = format!("http://{addr}/dossiers/{{code}}");
        s.status_source.timeout_ms = 300;
        adjust(s);
    })
    .await
}

#[tokio::test]
async fn a_code_only_the_source_knows_is_shown_and_kept() {
    let (mut app, asked) = app_asking(Behaviour::Answers).await;
    let user = citizen(401, Some("en"));
    app.send_text(&user, &KNOWN_THERE.to_lowercase()).await;
    let card = app.last_text(401);
    assert!(
        card.contains("Procedure: Đăng ký kết hôn (1.000894)"),
        "{card}"
    );
    assert!(
        card.contains("Handled by: UBND phường Tân Thành") && card.contains("Status: Result ready"),
        "{card}"
    );
    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    app.send_text(&user, KNOWN_THERE).await;
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "within cache_secs, what it said is shown from the database"
    );
}

#[tokio::test]
async fn a_code_nobody_knows_is_not_found_and_the_answer_is_cached() {
    let (mut app, asked) = app_asking(Behaviour::Answers).await;
    let user = citizen(402, Some("en"));
    app.send_text(&user, "000.00.99.H12-261120-0001").await;
    app.send_text(&user, "000.00.99.H12-261120-0001").await;
    let text = app.last_text(402);
    assert!(text.starts_with("No dossier has the code"), "{text}");
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failing_source_is_reported_and_left_alone_for_a_while() {
    let (mut app, asked) = app_asking(Behaviour::Fails).await;
    let user = citizen(403, Some("vi"));
    for n in 1..=3 {
        app.send_text(&user, &format!("000.00.99.H12-261120-000{n}"))
            .await;
    }
    assert_eq!(
        app.last_message(403).text(),
        Some(app.t(Language::Vi, Key::LookupUnavailable).as_str())
    );
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "no retry storm while it is down"
    );
}

#[tokio::test]
async fn a_hanging_source_times_out_and_the_bot_answers_anyway() {
    let (mut app, asked) = app_asking(Behaviour::Hangs).await;
    app.seed_catalog().await;
    let user = citizen(404, Some("en"));
    app.send_text(&user, "000.00.99.H12-261120-0007").await;
    assert_eq!(
        app.last_message(404).text(),
        Some(app.t(Language::En, Key::LookupUnavailable).as_str())
    );
    app.send_text(&citizen(405, Some("en")), "/help").await;
    assert_eq!(
        app.last_message(405).text(),
        Some(app.t(Language::En, Key::Help).as_str())
    );
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}

/// `user_id` looks up `KNOWN_THERE` and follows it; what the bot owes is
/// sent. The number of messages they have had.
async fn follow_known_there(app: &mut TestApp, user_id: i64) -> usize {
    let user = citizen(user_id, Some("en"));
    app.send_text(&user, KNOWN_THERE).await;
    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    app.drain_jobs().await;
    app.messages_in(user_id).len()
}

/// The ingest API moves `KNOWN_THERE` to 5 (additional papers requested):
/// from then on the dossier is the feed's.
async fn feed_requests_papers(app: &TestApp) {
    let event =
        serde_json::json!({"event_id": "e1", "status": 5, "at": chrono::Utc::now().to_rfc3339()});
    let (code, _) = app
        .api(
            reqwest::Method::POST,
            &format!("/dossiers/{KNOWN_THERE}/events"),
            event,
        )
        .await;
    assert_eq!(code, 201);
}

/// Whether the last keyboard sent to `chat_id` has 🔕 Unfollow.
fn offers_unfollow(app: &TestApp, chat_id: i64) -> bool {
    app.fake.last_keyboard(chat_id).is_some_and(|(_, rows)| {
        rows.iter()
            .flatten()
            .any(|b| b.label == app.t(Language::En, Key::UnfollowButton))
    })
}

/// The texts of the messages to `chat_id` after its first `skip`.
fn texts_after(app: &TestApp, chat_id: i64, skip: usize) -> Vec<String> {
    app.messages_in(chat_id)[skip..]
        .iter()
        .filter_map(|m| m.text().map(str::to_owned))
        .collect()
}

/// An app asking a source that says `told` of `KNOWN_THERE`, whose
/// followed dossiers are asked about again every 30 minutes.
async fn app_refreshing(told: Arc<Mutex<Told>>) -> (TestApp, Arc<AtomicUsize>) {
    app_asking_with(Behaviour::Answers, told, |s| {
        // The refresh's asks reach the source, not an answer kept from the look-up.
        s.status_source.cache_secs = 0;
        s.status_source.refresh_minutes = 30;
    })
    .await
}

/// A dossier only the source knows, followed: asked about again once
/// `refresh_minutes` have passed, its follower told of each new status once,
/// and never asked again once its course has ended.
#[tokio::test]
async fn a_followed_dossier_only_the_source_knows_is_asked_again_and_its_follower_told() {
    let told = Told::at(4);
    let (mut app, asked) = app_refreshing(told.clone()).await;
    let heard = follow_known_there(&mut app, 406).await;
    let start = chrono::Utc::now();
    let at = |minutes| start + chrono::Duration::minutes(minutes);

    told.lock().expect("not poisoned").status = 9;
    app.tick_pull_refresh(at(29)).await;
    assert_eq!(asked.load(Ordering::SeqCst), 1, "not due before 30 minutes");
    app.tick_pull_refresh(at(31)).await;
    app.tick_pull_refresh(at(31)).await;
    app.drain_jobs().await;
    assert_eq!(asked.load(Ordering::SeqCst), 2, "asked once when due");
    let heard_now = texts_after(&app, 406, heard);
    assert_eq!(heard_now.len(), 1, "{heard_now:?}");
    assert!(
        heard_now[0].contains(KNOWN_THERE) && heard_now[0].contains("Result ready"),
        "{heard_now:?}"
    );

    // Asked again, unchanged: nothing to tell.
    app.tick_pull_refresh(at(62)).await;
    app.drain_jobs().await;
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    assert_eq!(app.messages_in(406).len(), heard + 1);

    // Returned: told, and the source is not asked about it again.
    *told.lock().expect("not poisoned") = Told {
        status: 10,
        returned_at: Some(at(90).to_rfc3339()),
        ..Told::default()
    };
    app.tick_pull_refresh(at(93)).await;
    app.drain_jobs().await;
    assert_eq!(asked.load(Ordering::SeqCst), 4);
    let last = texts_after(&app, 406, heard + 1);
    assert!(
        last.iter().any(|t| t.contains("Result returned")),
        "{last:?}"
    );
    app.tick_pull_refresh(at(124)).await;
    assert_eq!(
        asked.load(Ordering::SeqCst),
        4,
        "a returned dossier is done"
    );
}

/// A source that takes its time is asked about several dossiers at once,
/// never more than `AT_ONCE`, and every answer is kept: each follower hears
/// of their dossier's new status once.
#[tokio::test]
async fn a_slow_source_is_asked_a_few_dossiers_at_once_and_every_answer_is_kept() {
    let source = Source {
        behaviour: Some(Behaviour::Slow),
        told: Told::at(4),
        ..Source::default()
    };
    let mut app = app_with(source.clone(), |s| {
        s.status_source.timeout_ms = 5_000;
        s.status_source.cache_secs = 0;
        s.status_source.refresh_minutes = 30;
    })
    .await;
    // More than are asked about at once.
    let followers: Vec<i64> = (420..).take(AT_ONCE + 2).collect();
    let mut heard = Vec::new();
    for &user_id in &followers {
        let user = citizen(user_id, Some("en"));
        app.send_text(&user, &format!("000.00.99.H12-261120-01{user_id}"))
            .await;
        app.press(&user, &app.t(Language::En, Key::FollowButton))
            .await;
        app.drain_jobs().await;
        heard.push(app.messages_in(user_id).len());
    }
    assert_eq!(
        source.most_at_once.load(Ordering::SeqCst),
        1,
        "look-ups one by one"
    );

    source.told.lock().expect("not poisoned").status = 9;
    app.tick_pull_refresh(chrono::Utc::now() + chrono::Duration::minutes(31))
        .await;
    app.drain_jobs().await;
    assert_eq!(source.asked.load(Ordering::SeqCst), 2 * followers.len());
    assert_eq!(source.most_at_once.load(Ordering::SeqCst), AT_ONCE);
    for (&user_id, heard) in followers.iter().zip(heard) {
        let told = texts_after(&app, user_id, heard);
        assert_eq!(told.len(), 1, "{user_id}: {told:?}");
        assert!(told[0].contains("Result ready"), "{told:?}");
    }
}

/// A dossier the source drops keeps what it had, and its card says since
/// when the source has not found it. The refresh asks about it again; once
/// the source knows it again, all is as before; after a week of the source
/// not knowing it, the refresh gives up.
#[tokio::test]
async fn a_dossier_the_source_drops_is_marked_on_its_card_and_given_up_after_a_week() {
    let told = Told::at(4);
    let (mut app, asked) = app_refreshing(told.clone()).await;
    let user = citizen(409, Some("en"));
    let heard = follow_known_there(&mut app, 409).await;
    let start = chrono::Utc::now();
    let at = |minutes| start + chrono::Duration::minutes(minutes);
    let asks = || asked.load(Ordering::SeqCst);

    told.lock().expect("not poisoned").gone = true;
    app.send_text(&user, KNOWN_THERE).await;
    assert_eq!(asks(), 2);
    let card = app.last_text(409);
    let missing = format!(
        "Since {} the province's dossier system no longer finds this dossier.",
        format_date(local_date(chrono::Utc::now()))
    );
    assert!(
        card.contains("Status: Processing") && card.contains(&missing),
        "{card}"
    );
    app.tick_pull_refresh(at(31)).await;
    assert_eq!(asks(), 3, "asked again while it is gone");

    {
        let mut told = told.lock().expect("not poisoned");
        told.gone = false;
        told.status = 9;
    }
    app.tick_pull_refresh(at(62)).await;
    assert_eq!(asks(), 4);
    app.send_text(&user, KNOWN_THERE).await;
    let card = app.last_text(409);
    assert!(
        card.contains("Status: Result ready") && !card.contains("no longer finds"),
        "back: {card}"
    );
    app.drain_jobs().await;
    let told_of = texts_after(&app, 409, heard);
    assert_eq!(
        told_of
            .iter()
            .filter(|t| t.contains("Result ready"))
            .count(),
        2,
        "one notification and the last card: {told_of:?}"
    );

    told.lock().expect("not poisoned").gone = true;
    app.tick_pull_refresh(at(93)).await;
    let week = chrono::Duration::days(GIVE_UP_AFTER_DAYS);
    app.tick_pull_refresh(at(93) + week - chrono::Duration::minutes(1))
        .await;
    assert_eq!(asks(), 6, "within the week");
    app.tick_pull_refresh(at(93) + week + chrono::Duration::minutes(30))
        .await;
    assert_eq!(asks(), 7, "the ask a week on");
    app.tick_pull_refresh(at(93) + week + chrono::Duration::hours(2))
        .await;
    assert_eq!(asks(), 7, "given up");
    app.drain_jobs().await;
    // Its follower is told once, on the ask that gave up.
    let told_of_more = texts_after(&app, 409, heard);
    assert_eq!(told_of_more.len(), told_of.len() + 1, "{told_of_more:?}");
    let dropped = &told_of_more[told_of.len()];
    let since = format_date(local_date(at(93)));
    assert!(
        dropped.contains(&format!(
            "since {since} the province's dossier system no longer finds this dossier"
        )) && dropped.contains("Its last known status: Result ready"),
        "{dropped}"
    );
    assert!(offers_unfollow(&app, 409));
}

/// Followers are told that the refresh gave up on a dossier only while it
/// is so: one the ingest API has moved meanwhile is the feed's, and they
/// hear of its new status instead.
#[tokio::test]
async fn followers_are_not_told_of_a_dropped_dossier_the_feed_has_taken_over() {
    let told = Told::at(4);
    let (mut app, asked) = app_refreshing(told.clone()).await;
    let heard = follow_known_there(&mut app, 411).await;
    told.lock().expect("not poisoned").gone = true;
    let start = chrono::Utc::now() + chrono::Duration::minutes(31);
    app.tick_pull_refresh(start).await;
    // The note that the refresh gave up fails once (the connection breaks),
    // and is tried again a second later, once the ingest API has moved the
    // dossier.
    app.fake.fail_chat(411, Fault::Unreachable);
    let week = chrono::Duration::days(GIVE_UP_AFTER_DAYS);
    app.tick_pull_refresh(start + week + chrono::Duration::minutes(30))
        .await;
    assert_eq!(asked.load(Ordering::SeqCst), 3, "the look-up and two asks");
    feed_requests_papers(&app).await;
    app.drain_jobs().await;
    let sent = app.messages_in(411);
    let (told_of, held_back): (Vec<_>, Vec<_>) = sent[heard..].iter().partition(|m| m.succeeded());
    assert_eq!(held_back.len(), 1, "the note was held back: {held_back:?}");
    let told_of: Vec<&str> = told_of.iter().filter_map(|m| m.text()).collect();
    assert_eq!(told_of.len(), 1, "{told_of:?}");
    assert!(
        told_of[0].contains("Additional papers requested"),
        "{told_of:?}"
    );
}

/// What a look-up learns, that the source no longer knows a dossier, is
/// kept: with the source down, the stored card still says it.
#[tokio::test]
async fn a_look_up_that_finds_a_dossier_gone_from_the_source_keeps_that() {
    let told = Told::at(4);
    let (mut app, asked) = app_refreshing(told.clone()).await;
    let user = citizen(410, Some("en"));
    app.send_text(&user, KNOWN_THERE).await;
    told.lock().expect("not poisoned").gone = true;
    app.send_text(&user, KNOWN_THERE).await;
    told.lock().expect("not poisoned").down = true;
    app.send_text(&user, KNOWN_THERE).await;
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    let card = app.last_text(410);
    assert!(
        card.contains("Status: Processing") && card.contains("no longer finds this dossier"),
        "{card}"
    );
    // The card redrawn by a tap on Follow keeps the line.
    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    let redrawn = app.last_text(410);
    assert_eq!(redrawn, card);
    assert!(offers_unfollow(&app, 410));
}

/// With `refresh_minutes = 0` a followed dossier is never asked about again,
/// and `/metrics` has no lag that would only ever grow.
#[tokio::test]
async fn with_the_refresh_off_nothing_is_asked_again_and_no_lag_is_reported() {
    let lag = "hailong_status_source_refresh_lag_seconds";
    let (mut app, asked) = app_asking_with(Behaviour::Answers, Told::at(4), |s| {
        s.status_source.cache_secs = 0;
        s.status_source.refresh_minutes = 0;
    })
    .await;
    follow_known_there(&mut app, 408).await;
    app.tick_pull_refresh(chrono::Utc::now() + chrono::Duration::days(2))
        .await;
    assert_eq!(asked.load(Ordering::SeqCst), 1, "asked at the look-up only");
    let (_, metrics) = app.get("/metrics").await;
    assert!(metrics.contains("hailong_inbox_lag_seconds"), "{metrics}");
    assert!(!metrics.contains(lag), "{metrics}");

    let (mut on, _) = app_refreshing(Told::at(4)).await;
    follow_known_there(&mut on, 408).await;
    let (_, metrics) = on.get("/metrics").await;
    assert!(metrics.contains(&format!("\n{lag} ")), "{metrics}");
}

/// Nobody follows it, or the feed has taken it over: the source is left alone.
#[tokio::test]
async fn a_dossier_nobody_follows_or_the_feed_moved_is_not_asked_again() {
    let told = Told::at(4);
    let (mut app, asked) = app_refreshing(told.clone()).await;
    let user = citizen(407, Some("en"));
    app.send_text(&user, KNOWN_THERE).await;
    let later = chrono::Utc::now() + chrono::Duration::minutes(31);
    app.tick_pull_refresh(later).await;
    assert_eq!(asked.load(Ordering::SeqCst), 1, "nobody follows it");
    let (_, metrics) = app.get("/metrics").await;
    assert!(
        metrics.contains("\nhailong_status_source_refresh_lag_seconds 0\n"),
        "{metrics}"
    );

    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    feed_requests_papers(&app).await;
    told.lock().expect("not poisoned").status = 9;
    app.tick_pull_refresh(later).await;
    app.send_text(&user, KNOWN_THERE).await;
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "the feed's dossier is not moved by the source"
    );
    let card = app.last_text(407);
    assert!(card.contains("Additional papers requested"), "{card}");
}

/// A look-up of a dossier the source alone keeps current, once its last
/// answer is older than `cache_secs`, shows what the source says now, and
/// its followers hear of the change as from the refresh.
#[tokio::test]
async fn a_look_up_shows_what_the_source_says_now() {
    let told = Told::at(4);
    let (mut app, asked) = app_refreshing(told.clone()).await;
    let heard = follow_known_there(&mut app, 408).await;

    told.lock().expect("not poisoned").status = 9;
    let other = citizen(409, Some("en"));
    app.send_text(&other, KNOWN_THERE).await;
    let card = app.last_text(409);
    assert!(card.contains("Status: Result ready"), "{card}");
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    app.drain_jobs().await;
    let told_follower = texts_after(&app, 408, heard);
    assert_eq!(told_follower.len(), 1, "{told_follower:?}");
    assert!(
        told_follower[0].contains("Result ready"),
        "{told_follower:?}"
    );
}

/// The version of the migration after which the times the source was asked are kept.
const PULL_ASKS: i64 = 20261128000100;

/// Followed dossiers pulled before those times were kept are asked about
/// again as those pulled after are; an imported one is not.
#[tokio::test]
async fn dossiers_pulled_before_the_upgrade_are_asked_about_again() {
    use hailong::store::pull_asks;

    let (pool, url, _dir) = crate::helpers::database_before(PULL_ASKS).await;
    sqlx::query(
        "INSERT INTO agencies (code, name_vi, name_en, name_km) VALUES ('000.00.99.H12', 'A', 'A', 'A');
         INSERT INTO procedures VALUES ('1.000894', 'P', 'P', 'P', 'civil-status', 0);
         INSERT INTO dossiers (id, code, procedure_code, agency_code, channel, received_at, due_at, status, status_at, updated_at)
         VALUES (1, '000.00.99.H12-261120-0042', '1.000894', '000.00.99.H12', 'direct',
                 '2026-11-20T02:00:00Z', '2026-11-21', 4, '2026-11-20T03:00:00Z', '2026-11-20T03:00:00Z'),
                (2, '000.00.99.H12-261120-0043', '1.000894', '000.00.99.H12', 'direct',
                 '2026-11-20T02:00:00Z', '2026-11-21', 4, '2026-11-20T03:00:00Z', '2026-11-20T03:00:00Z');
         INSERT INTO dossier_events (dossier_id, status, at, source) VALUES
             (1, 4, '2026-11-20T03:00:00Z', 'pull'), (2, 4, '2026-11-20T03:00:00Z', 'import');
         INSERT INTO citizens (user_id, first_seen, last_seen) VALUES (7, '2026-11-20T03:00:00Z', '2026-11-20T03:00:00Z');
         INSERT INTO follows (user_id, dossier_id, created_at) VALUES
             (7, 1, '2026-11-20T03:00:00Z'), (7, 2, '2026-11-20T03:00:00Z');",
    )
    .execute(&pool)
    .await
    .expect("a pulled and an imported dossier, followed");
    let store = crate::helpers::upgraded(pool, &url).await;
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .expect("a time")
            .with_timezone(&chrono::Utc)
    };
    let mut conn = store.read().await.expect("a connection");
    let due: Vec<String> = pull_asks::due(&mut conn, at("2026-11-20T03:00:01Z"), 10)
        .await
        .expect("read")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(due, ["000.00.99.H12-261120-0042"]);
    // What /metrics shows as the refresh's lag.
    let queues = hailong::store::gauges::queues(&mut conn)
        .await
        .expect("read");
    assert_eq!(queues.source_oldest_ask, Some(at("2026-11-20T03:00:00Z")));
    assert!(
        pull_asks::due(&mut conn, at("2026-11-20T03:00:00Z"), 10)
            .await
            .expect("read")
            .is_empty(),
        "asked when its status was pulled"
    );
}

/// With a source to ask, codes neither it nor the database knows still spend
/// the budget for unknown codes: past it, the source is not asked and the
/// look-up waits, whichever account makes it.
#[tokio::test]
async fn codes_the_source_does_not_know_spend_the_unknown_code_budget() {
    let (mut app, asked) = app_asking_with(Behaviour::Answers, Told::at(9), |s| {
        s.lookups.unknown_per_minute = 3;
        s.status_source.cache_secs = 0;
    })
    .await;
    let busy = app.t(Language::En, Key::LookupBusy);
    let codes: Vec<String> = (0..3)
        .map(|n| format!("000.00.99.H12-261120-09{n:02}"))
        .collect();
    for said in app.look_up_as_new_citizens(810, &codes).await {
        assert!(said.starts_with("No dossier has the code"), "{said}");
    }
    let fourth = citizen(813, Some("en"));
    app.send_text(&fourth, "000.00.99.H12-261120-0999").await;
    assert_eq!(app.last_message(813).text(), Some(busy.as_str()));
    assert_eq!(
        asked.load(Ordering::SeqCst),
        3,
        "the source was asked past the budget"
    );
    // Past it, even a code the source would know waits: here it is unknown.
    let knows = citizen(814, Some("en"));
    app.send_text(&knows, KNOWN_THERE).await;
    assert_eq!(app.last_message(814).text(), Some(busy.as_str()));
}

/// What the source says of a dossier an import or the ingest API has moved
/// is not kept, even when it comes back after the dossier was found due.
#[tokio::test]
async fn an_answer_about_a_dossier_the_feed_moved_is_not_kept() {
    use hailong::domain::{AgencyCode, Channel, DossierCode, ProcedureCode, Status};
    use hailong::ingest::feed;
    use hailong::ingest::status_source::RemoteDossier;
    use hailong::store::dossiers::{DossierRecord, find_dossier};

    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let code = "000.00.32.H12-260105-0001";
    app.import_dossiers(&format!(
        "{code},1.001193,000.00.32.H12,4,2026-01-05T08:00:00+07:00,2026-01-10,,direct,32047\n"
    ))
    .await;
    let parsed = DossierCode::parse(code).expect("a code");
    let remote = RemoteDossier {
        record: DossierRecord {
            code: parsed.clone(),
            procedure: ProcedureCode::parse("1.001193").expect("a procedure"),
            agency: AgencyCode::parse("000.00.32.H12").expect("an agency"),
            commune: None,
            channel: Channel::parse("direct").expect("a channel"),
            received_at: chrono::Utc::now() - chrono::Duration::days(3),
            due_at: chrono::Utc::now().date_naive(),
            returned_at: None,
            status: Status::from_code(9).expect("a status"),
            status_at: None,
            new_due_at: None,
            delay_reason: None,
            steps: None,
        },
        unit_code: None,
        procedure_name: "P".into(),
        agency_name: "A".into(),
    };
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let kept = feed::keep_pulled(&mut tx, store.deadlines(), &remote, chrono::Utc::now())
        .await
        .expect("written or not");
    let status = find_dossier(&mut tx, &parsed)
        .await
        .expect("read")
        .map(|view| view.status);
    tx.commit().await.expect("committed");
    assert_eq!(kept, None);
    assert_eq!(status, Some(Status::from_code(4).expect("a status")));
}
