//! The budget for codes not found, across all accounts: enumeration by many
//! accounts stops there, while known codes keep working for those who did
//! not probe. Kept in the database, so a restart resets nothing; so is each
//! citizen's own limit, which an upgrade resets neither.

use hailong::domain::Language;
use hailong::i18n::Key;

use crate::helpers::{TestApp, citizen};

const KNOWN: &str = "000.00.32.H12-260105-0001";

#[tokio::test]
async fn past_the_budget_unknown_codes_wait_and_known_ones_still_answer_even_after_a_restart() {
    let mut app = TestApp::spawn_with(|s| s.lookups.unknown_per_minute = 3).await;
    app.seed_catalog().await;
    app.import_dossiers(&format!(
        "{KNOWN},1.001193,000.00.32.H12,4,2026-01-05T08:00:00+07:00,2026-01-10,,direct,32047\n"
    ))
    .await;
    let busy = app.t(Language::En, Key::LookupBusy);
    // Each account well within its own limit: one look-up each.
    let codes: Vec<String> = (0..3)
        .map(|n| format!("000.00.32.H12-260105-09{n:02}"))
        .collect();
    for said in app.look_up_as_new_citizens(800, &codes).await {
        assert!(said.contains("09"), "not found, with the code: {said}");
        assert_ne!(said, busy);
    }
    let fourth = citizen(803, Some("en"));
    app.send_text(&fourth, "000.00.32.H12-260105-0999").await;
    assert_eq!(app.last_message(803).text(), Some(busy.as_str()));
    // An account that probed unknown codes learns nothing more from known ones.
    let prober = citizen(800, Some("en"));
    app.send_text(&prober, KNOWN).await;
    assert_eq!(app.last_message(800).text(), Some(busy.as_str()));
    let knows = citizen(804, Some("en"));
    app.send_text(&knows, KNOWN).await;
    let card = app.last_text(804);
    assert!(card.contains(KNOWN) && card != busy, "{card}");

    app.restart().await;
    let after = citizen(805, Some("en"));
    app.send_text(&after, "000.00.32.H12-260105-0998").await;
    assert_eq!(
        app.last_message(805).text(),
        Some(busy.as_str()),
        "a restart reset the budget"
    );
}

/// The migration that moved a citizen's look-ups into the citizen's row.
const LOOKUPS_IN_THE_CITIZENS_ROW: i64 = 20261127000200;

/// A database from before that migration: the look-ups of the last minute
/// still count after the upgrade, and older ones do not.
#[tokio::test]
async fn a_citizens_look_ups_of_the_last_minute_still_count_after_the_upgrade() {
    use hailong::domain::UserId;
    use hailong::store::lookups::{self, Limit};
    use hailong::store::time_text;

    let now = chrono::Utc::now();
    let ago = |seconds| time_text(now - chrono::Duration::seconds(seconds));
    let (pool, url, _dir) = crate::helpers::database_before(LOOKUPS_IN_THE_CITIZENS_ROW).await;
    sqlx::query(
        "INSERT INTO citizens (user_id, first_seen, last_seen) VALUES (7, ?1, ?1), (8, ?1, ?1);
         INSERT INTO lookups (user_id, at) VALUES (7, ?1), (7, ?2), (7, ?3), (8, ?3);",
    )
    .bind(ago(10))
    .bind(ago(20))
    .bind(ago(300))
    .execute(&pool)
    .await
    .expect("the old look-ups");
    let store = crate::helpers::upgraded(pool, &url).await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let mut charge = async |user| {
        lookups::charge(&mut tx, Limit::PerCitizen, UserId(user), now, 3)
            .await
            .expect("charged or not")
    };
    assert!(charge(7).await, "two in the last minute, and this one");
    assert!(!charge(7).await, "three in the last minute");
    for n in 0..3 {
        assert!(charge(8).await, "look-up {n}: the old one has expired");
    }
}
