//! Citizens' control of their data: `/mydata` shows what is kept, `/forget`
//! erases the chat identity and leaves the index as it was; texts are erased
//! after the retention period. Also roles given in the chat, audited, and
//! staff commands hidden from citizens.

use bot_api_emulator::Person;
use hailong::domain::Language;
use hailong::i18n::Key;

use crate::helpers::{TestApp, citizen};
use crate::survey::{RETURNED, RETURNED_THREE, RETURNED_TOO, rate, skip_to_comment, survey_app};

/// A chat id no date, code or count in the database can contain by chance.
const CITIZEN: i64 = 7_700_123_457;
const ADMIN: i64 = 9_100;

fn vi(app: &TestApp, key: Key) -> String {
    app.t(Language::Vi, key)
}

/// Every table and column of the database.
async fn columns(app: &TestApp) -> Vec<(String, String)> {
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("tables");
    let mut all = Vec::new();
    for table in tables {
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(&mut *conn)
            .await
            .expect("columns");
        all.extend(names.into_iter().map(|c| (table.clone(), c)));
    }
    all
}

/// Where `chat` still appears, as a number or inside a text (a JSON body).
async fn traces_of(app: &TestApp, chat: i64) -> Vec<String> {
    let store = app.store().await;
    let mut found = Vec::new();
    for (table, column) in columns(app).await {
        let mut conn = store.read().await.expect("a connection");
        let sql = format!(
            "SELECT count(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%' || ? || '%'"
        );
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(chat.to_string())
            .fetch_one(&mut *conn)
            .await
            .expect("a count");
        if count > 0 {
            found.push(format!("{table}.{column}: {count}"));
        }
    }
    found
}

/// The citizen rates RETURNED "not satisfied" with a comment and turns
/// notices off.
async fn rating_citizen(app: &mut TestApp, user: &Person) {
    rate(app, user, RETURNED, Key::LevelNotSatisfied).await;
    skip_to_comment(app, user).await;
    app.send_text(user, "Chờ lâu quá").await;
    app.send_text(user, "/notices off").await;
    app.drain_jobs().await;
}

/// [`rating_citizen`], who also opens a case about the province.
async fn active_citizen(app: &mut TestApp, user: &Person) {
    rating_citizen(app, user).await;
    app.send_text(user, "/gopy").await;
    app.press(user, &vi(app, Key::CaseSubjectProvince)).await;
    app.press(user, &vi(app, Key::CaseKindDelay)).await;
    app.send_text(user, "Bộ phận một cửa đông quá").await;
    app.press(user, &vi(app, Key::CaseNext)).await;
    app.press(user, &vi(app, Key::CaseSend)).await;
    app.drain_jobs().await;
}

#[tokio::test]
async fn mydata_shows_what_is_kept_and_forget_leaves_nothing_that_names_the_chat() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(CITIZEN, Some("vi"));
    rating_citizen(&mut app, &user).await;
    let index_before = format!("{:?}", app.index(None).await);
    assert!(
        !traces_of(&app, CITIZEN).await.is_empty(),
        "the citizen is stored"
    );

    app.send_text(&user, "/mydata").await;
    let shown = app.last_text(CITIZEN);
    for kept in [RETURNED, "Chờ lâu quá", &vi(&app, Key::NoticesAreOff)] {
        assert!(shown.contains(kept), "{kept} in {shown}");
    }

    app.send_text(&user, "/forget").await;
    app.press(&user, &vi(&app, Key::ForgetConfirmButton)).await;
    app.drain_jobs().await;
    assert_eq!(
        app.last_message(CITIZEN).text().unwrap_or_default(),
        vi(&app, Key::ForgetDone)
    );
    assert_eq!(traces_of(&app, CITIZEN).await, Vec::<String>::new());
    // The rating stays counted, under no one.
    assert_eq!(format!("{:?}", app.index(None).await), index_before);

    // Written to again, the bot knows nothing of them.
    app.send_text(&user, "/mydata").await;
    let fresh = app.last_text(CITIZEN);
    assert!(
        !fresh.contains(RETURNED) && !fresh.contains("Chờ lâu"),
        "{fresh}"
    );
}

/// A citizen with more kept than one message holds (five ratings with a
/// comment as long as the survey takes) gets it in several, all of it, the
/// footer last.
#[tokio::test]
async fn mydata_longer_than_a_message_comes_in_several_with_nothing_left_out() {
    let mut app = survey_app(|_| {}).await;
    app.import_dossiers(
        "000.00.32.H12-261101-0005,1.001193,000.00.32.H12,10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n\
         000.00.32.H12-261101-0006,1.001193,000.00.32.H12,10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n",
    )
    .await;
    let user = citizen(CITIZEN, Some("vi"));
    let codes = [
        RETURNED,
        RETURNED_TOO,
        RETURNED_THREE,
        "000.00.32.H12-261101-0005",
        "000.00.32.H12-261101-0006",
    ];
    let comments: Vec<String> = (1..=codes.len())
        .map(|n| format!("Ý kiến số {n}: {}", "chờ lâu ".repeat(123)))
        .collect();
    for (code, comment) in codes.iter().zip(&comments) {
        rate(&mut app, &user, code, Key::LevelNotSatisfied).await;
        skip_to_comment(&mut app, &user).await;
        app.send_text(&user, comment).await;
    }
    app.drain_jobs().await;

    let before = app.messages_in(CITIZEN).len();
    app.send_text(&user, "/mydata").await;
    let sent = app.messages_in(CITIZEN).split_off(before);
    assert!(sent.len() > 1, "{} message(s): {sent:?}", sent.len());
    assert!(sent.iter().all(|call| call.succeeded()), "{sent:?}");
    let texts: Vec<&str> = sent
        .iter()
        .map(|call| call.text().unwrap_or_default())
        .collect();
    for comment in &comments {
        assert_eq!(
            texts
                .iter()
                .filter(|text| text.contains(comment.trim()))
                .count(),
            1,
            "{comment} once in {texts:?}"
        );
    }
    assert!(
        texts
            .last()
            .is_some_and(|last| last.ends_with(&vi(&app, Key::MydataFooter))),
        "{texts:?}"
    );
}

#[tokio::test]
async fn forget_warns_of_open_cases_and_withdraws_them_first() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(CITIZEN, Some("vi"));
    active_citizen(&mut app, &user).await;
    app.send_text(&user, "/mydata").await;
    let shown = app.last_text(CITIZEN);
    assert!(shown.contains("PA-"), "{shown}");

    app.send_text(&user, "/forget").await;
    let asked = app.last_text(CITIZEN);
    let warning = app.t_args(Language::Vi, Key::ForgetOpenCases, &[("count", "1")]);
    assert!(asked.contains(&warning), "{asked}");
    app.press(&user, &vi(&app, Key::ForgetConfirmButton)).await;
    app.drain_jobs().await;

    assert_eq!(traces_of(&app, CITIZEN).await, Vec::<String>::new());
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let (state, citizen_no, body): (String, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT state, citizen_no, body FROM cases")
            .fetch_one(&mut *conn)
            .await
            .expect("the case stays");
    // Withdrawn (Decision 766 no longer counts it), kept, tied to no one.
    assert_eq!(
        (state.as_str(), citizen_no, body.as_deref()),
        ("withdrawn", None, Some("Bộ phận một cửa đông quá"))
    );
}

#[tokio::test]
async fn keeping_the_data_changes_nothing() {
    let mut app = survey_app(|_| {}).await;
    let user = citizen(CITIZEN, Some("vi"));
    active_citizen(&mut app, &user).await;
    let before = traces_of(&app, CITIZEN).await;
    app.send_text(&user, "/forget").await;
    app.press(&user, &vi(&app, Key::ForgetKeepButton)).await;
    assert_eq!(
        app.last_message(CITIZEN).text().unwrap_or_default(),
        vi(&app, Key::ForgetKept)
    );
    let after = traces_of(&app, CITIZEN).await;
    // Only the log of updates grew (the two new ones); nothing was erased.
    let without_inbox = |t: &[String]| -> Vec<String> {
        t.iter()
            .filter(|r| !r.starts_with("inbox."))
            .cloned()
            .collect()
    };
    assert_eq!(without_inbox(&after), without_inbox(&before));
}

/// All comments, and all case texts, as one text each (None: none left).
async fn texts(app: &TestApp) -> (Option<String>, Option<String>) {
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    sqlx::query_as(
        "SELECT (SELECT group_concat(comment) FROM responses),
                (SELECT group_concat(body) FROM cases)",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("texts")
}

#[tokio::test]
async fn texts_are_erased_after_the_retention_period_and_the_counts_stay() {
    let mut app = survey_app(|s| s.privacy.keep_texts_days = 30).await;
    let user = citizen(CITIZEN, Some("vi"));
    active_citizen(&mut app, &user).await;
    let index_before = format!("{:?}", app.index(None).await);
    let now = chrono::Utc::now();
    app.tick_maintenance(now + chrono::Duration::days(29)).await;
    assert_eq!(
        texts(&app).await,
        (
            Some("Chờ lâu quá".to_owned()),
            Some("Bộ phận một cửa đông quá".to_owned())
        )
    );
    app.tick_maintenance(now + chrono::Duration::days(31)).await;
    assert_eq!(texts(&app).await, (None, None));
    assert_eq!(format!("{:?}", app.index(None).await), index_before);
}

#[tokio::test]
async fn an_admin_grants_and_revokes_in_the_chat_and_the_audit_trail_shows_it() {
    let mut app = survey_app(|s| s.roles.admins = vec![ADMIN]).await;
    let admin = citizen(ADMIN, Some("vi"));
    let newcomer = citizen(9_200, Some("vi"));

    // Before: a citizen, to whom staff and admin commands do not exist.
    for command in [
        "/stats",
        "/broadcast",
        "/grant staff 1",
        "/cases",
        "/dashboard",
    ] {
        app.send_text(&newcomer, command).await;
        assert_eq!(
            app.last_message(9_200).text().unwrap_or_default(),
            vi(&app, Key::UnknownCommand),
            "{command}"
        );
    }

    app.send_text(&admin, "/grant staff 9200 000.00.32.H12")
        .await;
    // The news of the role leaves before the newcomer writes.
    app.drain_jobs().await;
    let granted = app.last_text(ADMIN);
    assert!(
        granted.contains("9200") && granted.contains("000.00.32.H12"),
        "{granted}"
    );
    app.send_text(&newcomer, "/stats").await;
    assert_ne!(
        app.last_message(9_200).text().unwrap_or_default(),
        vi(&app, Key::UnknownCommand)
    );
    // Staff, not admin: told so, and given nothing.
    app.send_text(&newcomer, "/grant admin 9200").await;
    assert_eq!(
        app.last_message(9_200).text().unwrap_or_default(),
        vi(&app, Key::AdminOnly)
    );

    app.send_text(&admin, "/revoke 9200").await;
    app.drain_jobs().await;
    app.send_text(&newcomer, "/stats").await;
    assert_eq!(
        app.last_message(9_200).text().unwrap_or_default(),
        vi(&app, Key::UnknownCommand)
    );
    // A group's chat id is not a person's: a role there would tell the group.
    app.send_text(&admin, "/grant staff -100777").await;
    assert_eq!(app.last_text(ADMIN), vi(&app, Key::GrantUsage));
    app.send_text(&admin, "/revoke -100777").await;
    assert_eq!(app.last_text(ADMIN), vi(&app, Key::RevokeUsage));
    app.send_text(&admin, "/grant staff 9200 NO.SUCH").await;
    assert!(
        app.last_message(ADMIN)
            .text()
            .unwrap_or_default()
            .contains("NO.SUCH")
    );
    app.send_text(&admin, &format!("/revoke {ADMIN}")).await;
    assert!(
        app.last_message(ADMIN)
            .text()
            .unwrap_or_default()
            .contains("[roles]")
    );

    let out = app.cli(&["audit"], "").await;
    let trail = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = trail
        .lines()
        .skip(1)
        .map(|l| l.split_once('\t').map_or(l, |(_, rest)| rest))
        .collect();
    assert_eq!(
        rows,
        [
            "9100\tgrant\t9200\tstaff 000.00.32.H12",
            "9100\trevoke\t9200\t-"
        ]
    );
}
