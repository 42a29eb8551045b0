//! The budget for codes not found, across all accounts: enumeration by many
//! accounts stops there, while known codes keep working for those who did
//! not probe. Kept in the database, so a restart resets nothing.

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
    for n in 0..3 {
        let user = citizen(800 + n, Some("en"));
        app.send_text(&user, &format!("000.00.32.H12-260105-09{n:02}"))
            .await;
        let said = app
            .last_message(user.id)
            .text()
            .unwrap_or_default()
            .to_owned();
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
    let card = app.last_message(804).text().unwrap_or_default().to_owned();
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
