use std::time::{Duration, Instant};

use bot_api_emulator::{Call, Person};
use hailong::domain::audit::AuditActor;
use hailong::domain::{Grant, Language, UserId};
use hailong::i18n::Key;
use hailong::store::roles;

use crate::helpers::{TestApp, WAIT, citizen};

fn greeting(app: &TestApp, lang: Language) -> String {
    app.t_args(lang, Key::Start, &[("province", "Cà Mau")])
}

#[tokio::test]
async fn start_greets_in_vietnamese_for_a_vietnamese_client() {
    let mut app = TestApp::spawn().await;
    let user = citizen(11, Some("vi"));
    app.send_text(&user, "/start").await;
    assert_eq!(
        app.last_message(11).text(),
        Some(greeting(&app, Language::Vi).as_str())
    );
}

#[tokio::test]
async fn start_greets_in_english_for_an_english_client() {
    let mut app = TestApp::spawn().await;
    let user = citizen(12, Some("en-GB"));
    app.send_text(&user, "/start").await;
    let text = app.last_message(12).text().map(str::to_owned);
    assert_eq!(text.as_deref(), Some(greeting(&app, Language::En).as_str()));
    assert!(text.unwrap_or_default().starts_with("Hello!"));
}

#[tokio::test]
async fn start_greets_in_khmer_for_a_khmer_client() {
    let mut app = TestApp::spawn().await;
    let user = citizen(13, Some("km"));
    app.send_text(&user, "/start").await;
    let text = app.last_text(13);
    assert_eq!(text, greeting(&app, Language::Km));
    assert!(text.contains("សួស្តី"), "{text}");
}

#[tokio::test]
async fn other_and_missing_client_languages_get_vietnamese() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(14, Some("fr")), "/start").await;
    app.send_text(&citizen(15, None), "/start").await;
    let vi = greeting(&app, Language::Vi);
    assert_eq!(app.last_message(14).text(), Some(vi.as_str()));
    assert_eq!(app.last_message(15).text(), Some(vi.as_str()));
}

#[tokio::test]
async fn start_says_what_the_bot_does_in_two_lines() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(16, Some("en")), "/start").await;
    let text = app.last_text(16);
    let bullets: Vec<&str> = text.lines().filter(|l| l.starts_with('•')).collect();
    assert_eq!(bullets.len(), 2, "{text}");
    assert!(
        bullets[0].contains("dossier code") && bullets[1].contains("rate"),
        "{text}"
    );
}

#[tokio::test]
async fn help_lists_the_commands() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(17, Some("vi")), "/help").await;
    let text = app.last_text(17);
    assert_eq!(text, app.t(Language::Vi, Key::Help));
    for command in ["/start", "/help", "/language"] {
        assert!(text.contains(command), "{text}");
    }
}

#[tokio::test]
async fn the_command_menu_is_published_in_every_language() {
    let app = TestApp::spawn().await;
    let menus = app.calls_of("setMyCommands");
    let languages: Vec<Option<&str>> = menus
        .iter()
        .map(|c| c.params.get("language_code").and_then(|v| v.as_str()))
        .collect();
    assert_eq!(languages, vec![None, Some("vi"), Some("en"), Some("km")]);
    let khmer = &menus[3].params["commands"][0]["description"];
    assert_eq!(
        khmer.as_str(),
        Some(app.t(Language::Km, Key::CommandStart).as_str())
    );
    assert_eq!(app.calls_of("deleteWebhook").len(), 1);
}

/// The commands of the menu last given to `chat` (None: everyone's) in
/// `lang` (None: the default), as Telegram took it; None if none was.
fn menu_given(app: &TestApp, chat: Option<i64>, lang: Option<&str>) -> Option<Vec<String>> {
    let given = app.calls_of("setMyCommands").into_iter().rfind(|c| {
        c.succeeded()
            && scoped_to(c) == chat
            && c.params.get("language_code").and_then(|v| v.as_str()) == lang
    })?;
    let commands = given.params["commands"].as_array()?.iter();
    Some(
        commands
            .filter_map(|c| c["command"].as_str().map(str::to_owned))
            .collect(),
    )
}

/// The chat a menu call is scoped to.
fn scoped_to(call: &Call) -> Option<i64> {
    call.params.get("scope").and_then(|s| s["chat_id"].as_i64())
}

/// How many calls of `method` Telegram took for `chat`'s own menu.
fn menu_calls(app: &TestApp, method: &str, chat: i64) -> usize {
    app.calls_of(method)
        .iter()
        .filter(|c| c.succeeded() && scoped_to(c) == Some(chat))
        .count()
}

/// Waits until `method` was called for each of `chats`' own menus `tries`
/// times, taken or not: members known at start are seen to while the bot
/// serves, former members first.
async fn wait_for_menu_calls(app: &TestApp, method: &str, chats: &[i64], tries: usize) {
    let asked = |chat| {
        let calls = app.calls_of(method);
        calls.iter().filter(|c| scoped_to(c) == Some(chat)).count()
    };
    let deadline = Instant::now() + WAIT;
    while chats.iter().any(|chat| asked(*chat) < tries) {
        assert!(Instant::now() < deadline, "menus not asked for");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Telegram refuses a menu for the chat of someone who never opened the
/// bot: the bot starts all the same, and gives it when they write.
#[tokio::test]
async fn staff_and_admins_get_their_own_menu_once_telegram_knows_them() {
    const STAFF: i64 = 4_001;
    const ADMIN: i64 = 4_002;
    let mut app = TestApp::spawn_with(|s| {
        s.roles.staff = vec![STAFF, ADMIN];
        s.roles.admins = vec![ADMIN];
    })
    .await;
    let everyone = menu_given(&app, None, None).expect("everyone's menu");
    assert!(everyone.contains(&"status".to_owned()), "{everyone:?}");
    assert!(!everyone.contains(&"stats".to_owned()), "{everyone:?}");
    wait_for_menu_calls(&app, "setMyCommands", &[STAFF, ADMIN], 1).await;
    assert_eq!(menu_calls(&app, "setMyCommands", STAFF), 0, "refused");

    app.send_text(&citizen(STAFF, Some("en")), "/help").await;
    app.send_text(&citizen(ADMIN, Some("km")), "/help").await;
    let staff = menu_given(&app, Some(STAFF), Some("en")).expect("given when they wrote");
    assert!(staff.contains(&"stats".to_owned()), "{staff:?}");
    assert!(staff.contains(&"comments".to_owned()), "{staff:?}");
    assert!(!staff.contains(&"broadcast".to_owned()), "{staff:?}");
    let admin = menu_given(&app, Some(ADMIN), Some("km")).expect("given when they wrote");
    for command in ["status", "stats", "broadcast", "broadcasts"] {
        assert!(admin.contains(&command.to_owned()), "{admin:?}");
    }
    // One menu each, once: the admin, also listed as staff, is not given the
    // staff menu too, and a second message gives nothing again.
    app.send_text(&citizen(ADMIN, Some("km")), "/help").await;
    assert_eq!(
        menu_calls(&app, "setMyCommands", ADMIN),
        4,
        "default and three languages"
    );

    // Known to Telegram now: a restart gives both theirs at start.
    app.restart().await;
    wait_for_menu_calls(&app, "setMyCommands", &[STAFF, ADMIN], 9).await;
    assert_eq!(menu_calls(&app, "setMyCommands", STAFF), 8);
    assert_eq!(menu_calls(&app, "setMyCommands", ADMIN), 8);
}

/// An app in which the configuration makes `admin` an admin, and the two
/// people as they write, in Vietnamese. Returns once the start has asked for
/// the admin's menu (and been refused, as Telegram has not met them): were
/// the admin to write first, the start would give it and the answer would
/// not, and the calls counted would depend on which came first.
async fn admin_and_member(admin: i64, member: i64) -> (TestApp, Person, Person) {
    let app = TestApp::spawn_with(|s| s.roles.admins = vec![admin]).await;
    wait_for_menu_calls(&app, "setMyCommands", &[admin], 1).await;
    (app, citizen(admin, Some("vi")), citizen(member, Some("vi")))
}

/// A role granted or revoked in the chat changes the member's menu at once,
/// without waiting for them to write.
#[tokio::test]
async fn a_role_granted_or_revoked_in_the_chat_changes_the_members_menu() {
    const MEMBER: i64 = 4_022;
    let (mut app, admin, member) = admin_and_member(4_021, MEMBER).await;
    app.send_text(&member, "/help").await;
    assert_eq!(
        menu_calls(&app, "setMyCommands", MEMBER),
        0,
        "a citizen's is everyone's"
    );
    app.send_text(&admin, "/grant staff 4022").await;
    let staff = menu_given(&app, Some(MEMBER), Some("vi")).expect("given with the grant");
    assert!(staff.contains(&"stats".to_owned()), "{staff:?}");
    app.send_text(&member, "/help").await;
    assert_eq!(menu_calls(&app, "setMyCommands", MEMBER), 4, "given once");
    app.send_text(&admin, "/revoke 4022").await;
    assert_eq!(
        menu_calls(&app, "deleteMyCommands", MEMBER),
        4,
        "their own removed with the revoke"
    );
    app.send_text(&member, "/help").await;
    assert_eq!(menu_calls(&app, "deleteMyCommands", MEMBER), 4, "once");
    assert_eq!(menu_calls(&app, "setMyCommands", MEMBER), 4);
}

/// Someone granted a role before they ever opened the bot: Telegram refuses
/// their menu at the grant, the grant stands, and they get the menu when
/// they first write.
#[tokio::test]
async fn a_role_granted_to_someone_telegram_never_met_gives_the_menu_when_they_write() {
    const MEMBER: i64 = 4_024;
    let (mut app, admin, member) = admin_and_member(4_023, MEMBER).await;
    app.send_text(&admin, "/grant admin 4024").await;
    assert!(
        app.last_text(4_023).contains("4024"),
        "the grant is confirmed: {}",
        app.last_text(4_023)
    );
    let asked = app.calls_of("setMyCommands");
    assert!(
        asked
            .iter()
            .any(|c| scoped_to(c) == Some(MEMBER) && !c.succeeded()),
        "asked for at the grant, and refused"
    );
    assert_eq!(menu_calls(&app, "setMyCommands", MEMBER), 0);
    // The news of the role is refused as the menu was, and not tried again.
    app.drain_jobs().await;
    let news = app.messages_in(MEMBER);
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(news[0].status, 403);
    app.send_text(&member, "/help").await;
    let given = menu_given(&app, Some(MEMBER), None).expect("given when they wrote");
    assert!(given.contains(&"broadcast".to_owned()), "{given:?}");
}

/// The news of a role in `chat`, in the order sent: each message whose first
/// 30 characters are those of `news` (before any agency is named; every
/// grant's news opens alike, whichever role it gives).
fn news_of(app: &TestApp, chat: i64, news: &str) -> Vec<String> {
    let opening: String = news.chars().take(30).collect();
    app.messages_in(chat)
        .iter()
        .filter(|c| c.succeeded())
        .filter_map(|c| c.text().map(str::to_owned))
        .filter(|text| text.starts_with(&opening))
        .collect()
}

/// The news in `chat` of a staff role for some agencies, in Vietnamese: told
/// once.
fn news_of_agencies(app: &TestApp, chat: i64) -> String {
    let opening = app.t_args(
        Language::Vi,
        Key::RoleGrantedStaffAgencies,
        &[("agencies", "")],
    );
    let told = news_of(app, chat, &opening);
    assert_eq!(told.len(), 1, "told once: {told:?}");
    told.concat()
}

/// A role granted or revoked in the chat is told to its holder, once, in
/// their language, with what it lets them do.
#[tokio::test]
async fn a_role_granted_or_revoked_in_the_chat_is_told_to_its_holder_once() {
    const MEMBER: i64 = 4_026;
    let (mut app, admin, _) = admin_and_member(4_025, MEMBER).await;
    app.send_text(&citizen(MEMBER, Some("en")), "/help").await;
    app.send_text(&admin, "/grant staff 4026").await;
    app.drain_jobs().await;
    let granted = app.t(Language::En, Key::RoleGrantedStaff);
    let told = news_of(&app, MEMBER, &granted);
    assert_eq!(told.len(), 1, "told once: {told:?}");
    let staff_help = app.t(Language::En, Key::HelpStaff);
    assert_eq!(told[0], format!("{granted}\n\n{staff_help}"));
    assert!(
        !told[0].contains(&app.t(Language::En, Key::HelpAdmin)),
        "{}",
        told[0]
    );

    app.send_text(&admin, "/revoke 4026").await;
    app.drain_jobs().await;
    let revoked = app.t(Language::En, Key::RoleRevoked);
    assert_eq!(news_of(&app, MEMBER, &revoked), [revoked]);
    assert_eq!(news_of(&app, MEMBER, &granted).len(), 1, "not told again");
}

/// A role changed with `hailong roles` while the bot serves reaches the
/// member from the serving bot: their menu first, then the news, which
/// names the agencies they read.
#[tokio::test]
async fn a_role_granted_at_the_server_gives_the_menu_and_the_news_while_the_bot_serves() {
    const MEMBER: i64 = 4_028;
    let (mut app, _, member) = admin_and_member(4_027, MEMBER).await;
    app.seed_catalog().await;
    app.send_text(&member, "/help").await;
    let granted = app
        .cli(&["roles", "grant", "staff", "4028", "000.00.32.H12"], "")
        .await;
    assert!(granted.status.success(), "{granted:?}");
    app.drain_jobs().await;

    let told = news_of_agencies(&app, MEMBER);
    assert!(
        told.contains("Trung tâm Phục vụ hành chính công xã U Minh (000.00.32.H12)"),
        "{told}"
    );
    assert_eq!(
        menu_calls(&app, "setMyCommands", MEMBER),
        4,
        "the menu, once"
    );
    let staff = menu_given(&app, Some(MEMBER), Some("vi")).expect("the staff menu");
    assert!(staff.contains(&"stats".to_owned()), "{staff:?}");
    let menu_at = app
        .calls_of("setMyCommands")
        .iter()
        .filter(|c| scoped_to(c) == Some(MEMBER))
        .map(|c| c.at)
        .max();
    let news_at = app
        .messages_in(MEMBER)
        .iter()
        .rfind(|c| c.text() == Some(told.as_str()))
        .map(|c| c.at);
    assert!(
        menu_at < news_at,
        "the menu before the news that points to it"
    );
}

/// The agencies of a grant are a set: typed out of order, or one of them
/// twice, the grant is made, and its news is told (it was once taken for
/// a change since, read back in another order), naming each once.
#[tokio::test]
async fn a_grant_of_agencies_in_any_order_or_twice_is_made_and_told() {
    const MEMBER: i64 = 4_032;
    let (mut app, admin, member) = admin_and_member(4_031, MEMBER).await;
    app.seed_catalog().await;
    app.send_text(&member, "/help").await;
    app.send_text(
        &admin,
        "/grant staff 4032 000.00.32.H12 000.00.05.H12 000.00.32.H12",
    )
    .await;
    let named =
        "Sở Tư pháp (000.00.05.H12); Trung tâm Phục vụ hành chính công xã U Minh (000.00.32.H12)";
    // The admin is told in their words what was given, each agency by name.
    let done = app.t_args(
        Language::Vi,
        Key::GrantDoneStaffAgencies,
        &[("user", "4032"), ("agencies", named)],
    );
    assert_eq!(app.last_text(4_031), done);
    assert!(!done.contains("staff"), "{done}");
    app.drain_jobs().await;
    let told = news_of_agencies(&app, MEMBER);
    assert!(told.contains(&format!("{named}.")), "{told}");
}

/// Two changes before the news leaves: only the last is told, as the first
/// no longer holds.
#[tokio::test]
async fn of_two_role_changes_before_the_news_leaves_only_the_last_is_told() {
    const MEMBER: i64 = 4_030;
    let (mut app, _, member) = admin_and_member(4_029, MEMBER).await;
    app.send_text(&member, "/help").await;
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let now = chrono::Utc::now();
    roles::grant(
        &mut tx,
        UserId(MEMBER),
        &Grant::Admin,
        AuditActor::Operator,
        now,
    )
    .await
    .expect("granted");
    let revoked = roles::revoke(&mut tx, UserId(MEMBER), AuditActor::Operator, now).await;
    assert!(revoked.expect("revoked"), "there was a role to revoke");
    tx.commit().await.expect("committed");
    app.drain_jobs().await;

    let news = app.t(Language::Vi, Key::RoleRevoked);
    assert_eq!(news_of(&app, MEMBER, &news), [news]);
    let granted = app.t(Language::Vi, Key::RoleGrantedAdmin);
    assert_eq!(news_of(&app, MEMBER, &granted), Vec::<String>::new());
    assert_eq!(
        menu_calls(&app, "setMyCommands", MEMBER),
        0,
        "never an admin's"
    );
}

#[tokio::test]
async fn help_lists_the_commands_of_each_role() {
    const STAFF: i64 = 4_011;
    const ADMIN: i64 = 4_012;
    let mut app = TestApp::spawn_with(|s| {
        s.roles.staff = vec![STAFF];
        s.roles.admins = vec![ADMIN];
    })
    .await;
    let mut help = async |user: i64| {
        app.send_text(&citizen(user, Some("vi")), "/help").await;
        app.last_text(user)
    };
    let citizen_help = help(4_010).await;
    assert!(!citizen_help.contains("/stats"), "{citizen_help}");
    let staff_help = help(STAFF).await;
    assert!(
        staff_help.contains("/stats") && staff_help.contains("/comments"),
        "{staff_help}"
    );
    assert!(!staff_help.contains("/broadcast"), "{staff_help}");
    let admin_help = help(ADMIN).await;
    assert!(
        admin_help.contains("/stats") && admin_help.contains("/broadcast"),
        "{admin_help}"
    );
}

#[tokio::test]
async fn plain_text_gets_a_pointer_to_help_and_the_code_format() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(18, Some("en")), "where is my paper?")
        .await;
    let help = app.t_args(
        Language::En,
        Key::LookupCodeHelp,
        &[("example", "000.00.15.H12-211125-0001")],
    );
    assert_eq!(
        app.last_message(18).text(),
        Some(format!("{}\n\n{help}", app.t(Language::En, Key::NotUnderstood)).as_str())
    );
}

#[tokio::test]
async fn an_unknown_command_is_named_as_such() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(19, Some("km")), "/frobnicate").await;
    assert_eq!(
        app.last_message(19).text(),
        Some(app.t(Language::Km, Key::UnknownCommand).as_str())
    );
}

/// A member whose role went while the bot was stopped has their own menu
/// removed at the next start, and only then.
#[tokio::test]
async fn a_role_revoked_while_the_bot_was_stopped_loses_its_menu_at_start() {
    const ADMIN: i64 = 4_031;
    const MEMBER: i64 = 4_032;
    let (mut app, admin, member) = admin_and_member(ADMIN, MEMBER).await;
    app.send_text(&admin, "/grant staff 4032").await;
    app.send_text(&member, "/help").await;
    assert!(menu_given(&app, Some(MEMBER), Some("vi")).is_some());
    app.stop().await;
    crate::dashboard::ok(&app.cli(&["roles", "revoke", "4032"], "").await);
    app.start_again().await;
    wait_for_menu_calls(&app, "deleteMyCommands", &[MEMBER], 4).await;
    assert_eq!(menu_calls(&app, "deleteMyCommands", MEMBER), 4);
    // The admin's menu comes after: stopped before it, this start would
    // leave one fewer to count.
    wait_for_menu_calls(&app, "setMyCommands", &[ADMIN], 9).await;
    // Removed and so forgotten: the next start leaves the chat alone. The
    // admin's menu, given after it, shows that start's members were seen to.
    app.restart().await;
    wait_for_menu_calls(&app, "setMyCommands", &[ADMIN], 13).await;
    assert_eq!(menu_calls(&app, "deleteMyCommands", MEMBER), 4);
}
