//! The staff dashboard through a real HTTP client: the login link the bot
//! gives, the session cookie (handled here by hand), expiry, reuse,
//! tampering, scope, revocation, and figures equal to `hailong index`.

use bot_api_emulator::Person;
use chrono::{Duration, Utc};
use hailong::domain::{Language, Scale, UserId};
use hailong::i18n::Key;
use hailong::links::{LoginToken, Signer, random_id};
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::Value;

use crate::helpers::TestApp;
use crate::index::{cell, json_rows, rated_app, rated_app_with};

pub(crate) const A: &str = "000.00.32.H12";
pub(crate) const B: &str = "000.00.05.H12";
/// The days of `rated_app`'s returns.
pub(crate) const NOVEMBER: &str = "from=2026-11-01&to=2026-11-30";

pub(crate) fn ok(out: &std::process::Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asks the bot for a login link as `user` and returns it as sent: the
/// newest link in their chat, where the news of their role may come after.
pub(crate) async fn link_from_bot(app: &mut TestApp, user: &Person) -> String {
    app.send_text(user, "/dashboard").await;
    app.drain_jobs().await;
    let sent = app.wait_for_messages(user.id, 1).await;
    let texts: Vec<&str> = sent.iter().filter_map(|c| c.text()).collect();
    texts
        .iter()
        .rev()
        .find_map(|text| {
            text.split_whitespace()
                .find(|w| w.contains("/dashboard/login?t="))
        })
        .unwrap_or_else(|| panic!("no link in {texts:?}"))
        .to_owned()
}

/// The link's path on this app's port (the configured public URL is not
/// where the test server listens).
pub(crate) fn local(app: &TestApp, link: &str) -> String {
    let token = link.split_once("?t=").expect("a token").1;
    format!(
        "http://127.0.0.1:{}/dashboard/login?t={token}",
        app.http_port
    )
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The open cases panel of a dashboard page.
fn cases_panel(html: &str) -> &str {
    let panel = &html[html.find("id=\"cases\"").expect("the cases panel")..];
    &panel[..panel.find("</section>").expect("its end")]
}

/// Downloads `path` with `cookie` into the test's folder as `name`.
async fn download(app: &TestApp, path: &str, cookie: &str, name: &str) -> std::path::PathBuf {
    let response = client()
        .get(format!("http://127.0.0.1:{}{path}", app.http_port))
        .header(COOKIE, cookie)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
    let file = app.dir().join(name);
    std::fs::write(&file, response.bytes().await.expect("bytes")).expect("written");
    file
}

/// Opens a login URL: the status and the session cookie set, if any.
async fn open_link(url: &str) -> (u16, Option<String>) {
    let response = client().get(url).send().await.expect("an answer");
    let cookie = response
        .headers()
        .get(SET_COOKIE)
        .map(|v| v.to_str().expect("ascii").to_owned());
    (response.status().as_u16(), cookie)
}

/// The header `name` of `response`, as text.
fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `name=value` of a Set-Cookie header.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().expect("a pair").to_owned()
}

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = client().get(format!("http://127.0.0.1:{}{path}", app.http_port));
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = request.send().await.expect("an answer");
    // Every answer under /dashboard is for one person only.
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

/// The raw value the page gives a figure (`data-value` of the element `id`).
pub(crate) fn figure(html: &str, id: &str) -> Option<f64> {
    let start = html.find(&format!("id=\"{id}\" data-value=\""))? + id.len() + 18;
    let value = &html[start..start + html[start..].find('"')?];
    value.parse().ok()
}

async fn grant(app: &TestApp, args: &[&str]) {
    ok(&app.cli(&[&["roles", "grant"], args].concat(), "").await);
}

/// Logs `user` in through the bot's link; returns the cookie pair.
async fn log_in(app: &mut TestApp, user: &Person) -> String {
    let link = link_from_bot(app, user).await;
    let (status, cookie) = open_link(&local(app, &link)).await;
    assert_eq!(status, 200);
    pair(&cookie.expect("a session cookie"))
}

fn login_page(app: &TestApp, status: u16, body: &str) {
    assert_eq!(status, 401, "{body}");
    assert!(
        body.contains(&app.t(Language::Vi, Key::DashboardLoginHow)),
        "{body}"
    );
    assert!(
        !body.contains("data-value"),
        "figures on the login page: {body}"
    );
}

/// The JSON row of `hailong index --by agency` for `agency` in November.
pub(crate) fn index_row(app: &TestApp, agency: &str) -> Value {
    json_rows(
        app,
        &[
            "--by",
            "agency",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "json",
        ],
    )
    .into_iter()
    .find(|row| row["group"] == agency)
    .expect("the agency's row")
}

/// Every headline figure on the page equals the index's.
pub(crate) fn assert_same_figures(html: &str, row: &Value) {
    for (id, key) in [
        ("satisfaction", "satisfaction"),
        ("satisfaction-low", "satisfaction_low"),
        ("satisfaction-high", "satisfaction_high"),
        ("counted", "counted_responses"),
        ("responses", "responses"),
        ("returned", "returned"),
        ("response-rate", "response_rate"),
        ("verified-share", "verified_share"),
        ("d766", "d766_dossier_satisfaction"),
        ("d766-overdue", "d766_overdue_share"),
        ("d766-disliked", "d766_disliked_share"),
        ("d766-feedback-on-time", "d766_feedback_on_time"),
        ("d766-feedback-satisfaction", "d766_feedback_satisfaction"),
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} is shown");
        assert_eq!(figure(html, id), row[key].as_f64(), "{id}");
    }
}

#[tokio::test]
async fn a_staff_link_logs_in_once_and_shows_the_index_of_their_agency_only() {
    let mut app = rated_app().await;
    grant(&app, &["staff", "501", A]).await;
    let staff = Person::new(501, Some("vi"));

    let (status, body) = page(&app, "/dashboard", None).await;
    login_page(&app, status, &body);

    let link = link_from_bot(&mut app, &staff).await;
    assert!(
        link.starts_with("http://127.0.0.1:8080/dashboard/login?t="),
        "{link}"
    );
    let (status, cookie) = open_link(&local(&app, &link)).await;
    assert_eq!(status, 200);
    let cookie = cookie.expect("a session cookie");
    for part in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/dashboard",
        "Max-Age=28800",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "http is not https: {cookie}");
    let cookie = pair(&cookie);

    let (status, html) = page(&app, &format!("/dashboard?{NOVEMBER}"), Some(&cookie)).await;
    assert_eq!(status, 200, "{html}");
    assert_same_figures(&html, &index_row(&app, A));
    assert_eq!(figure(&html, "counted"), Some(10.0));
    assert!(html.contains(&format!("data-group=\"{A}\"")), "{html}");
    assert!(
        !html.contains(&format!("data-group=\"{B}\"")),
        "B's row shown to A's staff"
    );
    assert!(html.contains("Bảng theo dõi mức độ hài lòng") && html.contains("T11/2026"));

    // Asking for B in the URL gives nothing of B's.
    let (status, html) = page(
        &app,
        &format!("/dashboard?{NOVEMBER}&agency={B}&by=agency"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"no-data\""), "{html}");
    assert_eq!(figure(&html, "satisfaction"), None);
    let (status, csv) = page(
        &app,
        &format!("/dashboard/export.csv?{NOVEMBER}&agency={B}"),
        Some(&cookie),
    )
    .await;
    assert_eq!((status, csv.lines().count()), (200, 1), "{csv}");

    // The link works once.
    let (status, again) = open_link(&local(&app, &link)).await;
    assert_eq!((status, again), (401, None));

    let audit = ok(&app.cli(&["audit", "--actor", "501"], "").await);
    assert_eq!(audit.matches("dashboard_login").count(), 1, "{audit}");
    assert_eq!(audit.matches("export").count(), 1, "{audit}");
}

/// The login page links to the bot with `/start dashboard` ready to send,
/// which gives staff the login link as `/dashboard` does, and a citizen
/// nothing more than `/dashboard` does.
#[tokio::test]
async fn the_login_page_opens_the_bot_asking_for_a_login_link() {
    let mut app = rated_app().await;
    let (status, body) = page(&app, "/dashboard", None).await;
    login_page(&app, status, &body);
    let open = format!(
        "href=\"https://t.me/{}?start=dashboard\"",
        bot_api_emulator::BOT_USERNAME
    );
    assert!(body.contains(&open), "{body}");

    grant(&app, &["staff", "509", A]).await;
    let staff = Person::new(509, Some("vi"));
    app.send_text(&staff, "/start dashboard").await;
    app.drain_jobs().await;
    let sent = app.wait_for_messages(staff.id, 1).await;
    assert!(
        sent.iter()
            .filter_map(|c| c.text())
            .any(|t| t.contains("/dashboard/login?t=")),
        "{sent:?}"
    );

    let citizen = Person::new(510, Some("vi"));
    app.send_text(&citizen, "/start dashboard").await;
    app.drain_jobs().await;
    let sent = app.wait_for_messages(citizen.id, 1).await;
    assert_eq!(
        sent.iter().filter_map(|c| c.text()).collect::<Vec<_>>(),
        vec![app.t(Language::Vi, Key::UnknownCommand)]
    );
}

/// Logging out ends the session in the database, not only in the browser:
/// a copy of the cookie taken before opens nothing after. The staff
/// member's other browser stays logged in.
#[tokio::test]
async fn logging_out_ends_this_session_even_for_a_copy_of_its_cookie() {
    let mut app = rated_app().await;
    grant(&app, &["staff", "508", A]).await;
    // Reads in English, on a computer whose browser asks for nothing.
    let staff = Person::new(508, Some("en"));
    let cookie = log_in(&mut app, &staff).await;
    let other = log_in(&mut app, &staff).await;
    let (status, html) = page(&app, "/dashboard", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("action=\"/dashboard/logout\"")
            && html.contains(&app.t(Language::En, Key::DashboardLogout)),
        "{html}"
    );

    let logout = |cookie: Option<String>| {
        let mut request = client().post(format!(
            "http://127.0.0.1:{}/dashboard/logout",
            app.http_port
        ));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        async move { request.send().await.expect("an answer") }
    };
    let response = logout(Some(cookie.clone())).await;
    assert_eq!(response.status().as_u16(), 303);
    // The login page follows in the language the dashboard was read in.
    let login = header(&response, "location").unwrap_or_default();
    assert_eq!(login, "/dashboard/login?lang=en");
    let (status, body) = page(&app, &login, None).await;
    assert_eq!(status, 401);
    assert!(
        body.contains(&app.t(Language::En, Key::DashboardLoginHow)),
        "{body}"
    );
    let cleared = header(&response, "set-cookie").unwrap_or_default();
    assert!(
        cleared.starts_with("hailong_dashboard=;")
            && cleared.contains("Max-Age=0")
            && cleared.contains("Path=/dashboard"),
        "{cleared}"
    );

    let (status, body) = page(&app, "/dashboard", Some(&cookie)).await;
    login_page(&app, status, &body);
    let (status, _) = page(&app, "/dashboard", Some(&other)).await;
    assert_eq!(status, 200, "the other browser's session was ended too");
    // Only the session that ended is in the audit trail: a copy of its
    // cookie sent again ends nothing more.
    let response = logout(Some(cookie.clone())).await;
    assert_eq!(header(&response, "location").as_deref(), Some("/dashboard"));
    let audit = ok(&app.cli(&["audit", "--actor", "508"], "").await);
    assert_eq!(audit.matches("dashboard_login").count(), 2, "{audit}");
    assert_eq!(audit.matches("dashboard_logout").count(), 1, "{audit}");
    // Without a session there is nothing to end, and nothing goes wrong.
    let response = logout(None).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(header(&response, "location").as_deref(), Some("/dashboard"));
}

#[tokio::test]
async fn staff_of_every_agency_filter_by_agency_and_the_figures_are_the_index() {
    let mut app = rated_app().await;
    grant(&app, &["staff", "502"]).await;
    let cookie = log_in(&mut app, &Person::new(502, Some("vi"))).await;
    let (_, html) = page(
        &app,
        &format!("/dashboard?{NOVEMBER}&agency={B}"),
        Some(&cookie),
    )
    .await;
    assert_same_figures(&html, &index_row(&app, B));
    assert_eq!(figure(&html, "counted"), Some(4.0));
    // Verified only: one verified response in B, very satisfied.
    let (_, html) = page(
        &app,
        &format!("/dashboard?{NOVEMBER}&agency={B}&verified=1"),
        Some(&cookie),
    )
    .await;
    assert_eq!(figure(&html, "counted"), Some(1.0));
    assert_eq!(figure(&html, "satisfaction"), Some(100.0));
}

/// The labels of the agency filter's choices, in their order.
fn agency_choices(html: &str) -> Vec<String> {
    let select = html
        .split_once(r#"<select name="agency">"#)
        .and_then(|(_, rest)| rest.split_once("</select>"))
        .map_or("", |(select, _)| select);
    select
        .split("<option")
        .skip(2) // before the first option, and "all"
        .filter_map(|option| option.split_once('>'))
        .filter_map(|(_, rest)| rest.split_once("</option>"))
        .map(|(label, _)| label.to_owned())
        .collect()
}

#[tokio::test]
async fn the_agency_filter_lists_agencies_by_name() {
    let mut app = rated_app().await;
    app.load_agencies(
        "code,name_vi,name_en,name_km,commune_code,staff_chat_id\n\
         000.00.01.H12,Văn phòng Ủy ban nhân dân tỉnh,Provincial People's Committee Office,,,\n",
    )
    .await;
    grant(&app, &["staff", "502"]).await;
    let cookie = log_in(&mut app, &Person::new(502, Some("vi"))).await;
    let (_, html) = page(&app, &format!("/dashboard?{NOVEMBER}"), Some(&cookie)).await;
    assert_eq!(
        agency_choices(&html),
        [
            format!("Sở Tư pháp ({B})"),
            format!("Trung tâm Phục vụ hành chính công xã U Minh ({A})"),
            "Văn phòng Ủy ban nhân dân tỉnh (000.00.01.H12)".to_owned(),
        ]
    );
}

fn token(signer: &Signer, user: i64, minutes_ago: i64) -> String {
    signer.login_token(&LoginToken {
        user: UserId(user),
        lang: Language::Vi,
        issued: Utc::now() - Duration::minutes(minutes_ago),
        id: random_id().expect("randomness"),
    })
}

#[tokio::test]
async fn expired_tampered_foreign_and_citizens_links_and_bad_cookies_get_the_login_page() {
    let mut app = rated_app().await;
    grant(&app, &["staff", "501", A]).await;
    let signer = app.signer().await;
    let url = |t: &str| format!("http://127.0.0.1:{}/dashboard/login?t={t}", app.http_port);

    let (status, _) = open_link(&url(&token(&signer, 501, 11))).await;
    assert_eq!(status, 401, "an 11-minute-old link");
    let (status, cookie) = open_link(&url(&token(&signer, 501, 9))).await;
    assert_eq!(status, 200, "a 9-minute-old link");
    let cookie = pair(&cookie.expect("a cookie"));

    // A citizen's link rewritten to name a staff member.
    let tampered = token(&signer, 503, 0).replacen("503.", "501.", 1);
    let (status, _) = open_link(&url(&tampered)).await;
    assert_eq!(status, 401, "a link for another user");
    let (status, _) = open_link(&url(&token(&Signer::new("another server"), 501, 0))).await;
    assert_eq!(status, 401, "a link signed elsewhere");
    let (status, _) = open_link(&url(&token(&signer, 503, 0))).await;
    assert_eq!(status, 401, "a citizen's link");
    let (status, body) = page(&app, "/dashboard/login", None).await;
    login_page(&app, status, &body);

    let (status, _) = page(&app, "/dashboard", Some(&cookie)).await;
    assert_eq!(status, 200);
    let mut forged = cookie.clone();
    let last = forged.pop().expect("a value");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    for bad in [forged.as_str(), "hailong_dashboard=", "other=1"] {
        let (status, body) = page(&app, "/dashboard", Some(bad)).await;
        login_page(&app, status, &body);
        let (status, body) = page(&app, "/dashboard/export.xlsx", Some(bad)).await;
        login_page(&app, status, &body);
    }

    // A citizen who asks the bot is answered as for an unknown command.
    let citizen = Person::new(503, Some("vi"));
    app.send_text(&citizen, "/dashboard").await;
    app.drain_jobs().await;
    let sent = app.wait_for_messages(503, 1).await;
    assert_eq!(
        sent.last().and_then(|c| c.text()),
        Some(app.t(Language::Vi, Key::UnknownCommand).as_str())
    );
}

#[tokio::test]
async fn revoking_or_changing_the_role_ends_the_session() {
    let mut app = rated_app().await;
    grant(&app, &["staff", "501", A]).await;
    let cookie = log_in(&mut app, &Person::new(501, Some("vi"))).await;
    let (status, _) = page(&app, "/dashboard", Some(&cookie)).await;
    assert_eq!(status, 200);

    ok(&app.cli(&["roles", "revoke", "501"], "").await);
    let (status, body) = page(&app, "/dashboard", Some(&cookie)).await;
    login_page(&app, status, &body);
    // Ended, not suspended: the role given back does not revive it.
    grant(&app, &["staff", "501", A]).await;
    let (status, _) = page(&app, "/dashboard", Some(&cookie)).await;
    assert_eq!(status, 401);
    let store = app.store().await;
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM dashboard_sessions WHERE user_id = 501")
            .fetch_one(&mut *store.read().await.expect("a connection"))
            .await
            .expect("counted");
    assert_eq!(left, 0);

    // Other agencies given: the session, limited to the old ones, ends too.
    let signer = app.signer().await;
    let (_, cookie) = open_link(&format!(
        "http://127.0.0.1:{}/dashboard/login?t={}",
        app.http_port,
        token(&signer, 501, 0)
    ))
    .await;
    let cookie = pair(&cookie.expect("a cookie"));
    let (status, _) = page(&app, "/dashboard", Some(&cookie)).await;
    assert_eq!(status, 200);
    grant(&app, &["staff", "501", B]).await;
    let (status, body) = page(&app, "/dashboard", Some(&cookie)).await;
    login_page(&app, status, &body);
}

#[tokio::test]
async fn exports_follow_the_filters_in_the_readers_language_and_are_audited() {
    let mut app = rated_app().await;
    grant(&app, &["staff", "504"]).await;
    let cookie = log_in(&mut app, &Person::new(504, Some("en"))).await;
    let en = |key| app.t(Language::En, key);

    let (status, csv) = page(
        &app,
        &format!("/dashboard/export.csv?{NOVEMBER}&by=agency"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200);
    // The same file as `hailong export`: a BOM for Excel, `,` in English.
    assert!(csv.starts_with('\u{feff}'), "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], en(Key::XlsxGroup));
    let satisfaction = headers
        .iter()
        .position(|h| h == en(Key::XlsxSatisfaction))
        .expect("the satisfaction column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let index = index_row(&app, &row[0]);
        assert_eq!(
            row[satisfaction].parse::<f64>().ok(),
            index["satisfaction"].as_f64()
        );
    }

    let path = download(
        &app,
        &format!("/dashboard/export.xlsx?{NOVEMBER}&agency={A}"),
        &cookie,
        "dashboard.xlsx",
    )
    .await;
    use calamine::{Data, Reader};
    let mut book = crate::index::workbook(&path);
    assert_eq!(
        book.sheet_names(),
        vec![en(Key::XlsxSheetOverall), en(Key::XlsxSheetAgency)]
    );
    let sheet = book
        .worksheet_range(&en(Key::XlsxSheetAgency))
        .expect("the agency sheet");
    assert_eq!(
        cell(&sheet, A, &en(Key::XlsxSatisfaction)),
        &Data::Float(0.8)
    );
    assert_eq!(sheet.end().map(|(rows, _)| rows), Some(6), "only A's row");
    assert_eq!(
        sheet.get_value((1, 0)),
        Some(&Data::String(en(Key::XlsxFrom)))
    );
    assert!(
        matches!(sheet.get_value((1, 1)), Some(Data::DateTime(d)) if d.as_datetime().map(|t| t.date().to_string()) == Some("2026-11-01".into())),
        "{:?}",
        sheet.get_value((1, 1))
    );

    let audit = ok(&app.cli(&["audit", "--actor", "504"], "").await);
    assert!(
        audit.contains("dashboard index csv") && audit.contains("dashboard index xlsx"),
        "{audit}"
    );
}

#[tokio::test]
async fn an_https_public_url_gives_https_links_and_secure_cookies() {
    let mut app = TestApp::spawn_with(|s| {
        s.http.public_url = "https://hailong.example/".parse().expect("a URL");
    })
    .await;
    grant(&app, &["staff", "501"]).await;
    let link = link_from_bot(&mut app, &Person::new(501, Some("km"))).await;
    assert!(
        link.starts_with("https://hailong.example/dashboard/login?t="),
        "{link}"
    );
    let (status, cookie) = open_link(&local(&app, &link)).await;
    assert_eq!(status, 200);
    assert!(cookie.expect("a cookie").ends_with("; Secure"));
}

/// The late count the page's late table gives `agency`, if it has a row.
fn late_count(html: &str, agency: &str) -> Option<u32> {
    let table = &html[html.find("<section class=\"late\"")?..];
    let table = &table[..table.find("</section>")?];
    let row = &table[table.find(&format!("data-v=\"{agency}\""))? + 10..];
    let start = row.find("data-v=\"")? + 8;
    row[start..start + row[start..].find('"')?].parse().ok()
}

#[tokio::test]
async fn the_late_table_follows_the_pages_channel_and_procedure_filters() {
    let mut app = TestApp::spawn().await;
    app.seed_catalog().await;
    let mut rows = String::new();
    for (n, channel) in ["direct", "online"].iter().enumerate() {
        rows.push_str(&format!(
            "{A}-261102-000{n},1.001193,{A},4,2026-11-02T08:00:00+07:00,2026-11-10,,{channel},32047\n"
        ));
    }
    app.import_dossiers(&rows).await;
    grant(&app, &["staff", "507"]).await;
    let cookie = log_in(&mut app, &Person::new(507, Some("vi"))).await;
    let late = |query: String| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let (status, html) = page(app, &format!("/dashboard?{query}"), Some(&cookie)).await;
            assert_eq!(status, 200, "{html}");
            late_count(&html, A)
        }
    };
    assert_eq!(late(NOVEMBER.to_owned()).await, Some(2));
    assert_eq!(late(format!("{NOVEMBER}&channel=online")).await, Some(1));
    assert_eq!(late(format!("{NOVEMBER}&channel=postal")).await, None);
    assert_eq!(
        late(format!("{NOVEMBER}&procedure=1.001193")).await,
        Some(2)
    );
    assert_eq!(late(format!("{NOVEMBER}&procedure=2.000001")).await, None);
}

#[tokio::test]
async fn the_cases_panel_lists_open_cases_of_the_scope_and_links_to_their_history() {
    let mut app = crate::cases_jobs::cases_app().await;
    crate::cases_jobs::three_cases(&app).await;
    grant(&app, &["staff", "508", A]).await;
    let cookie = log_in(&mut app, &Person::new(508, Some("en"))).await;
    let en = |key| app.t(Language::En, key);

    let (status, html) = page(&app, "/dashboard", Some(&cookie)).await;
    assert_eq!(status, 200);
    let panel = cases_panel(&html);
    assert!(
        panel.contains("href=\"/dashboard/cases/PA-261104-0001\""),
        "A's open case: {panel}"
    );
    assert!(
        panel.contains(&en(Key::DashboardCaseOverdue)),
        "due 18/11/2026, overdue: {panel}"
    );
    assert!(
        panel.contains("Public Administrative Service Centre, U Minh Commune"),
        "the agency by its name in the reader's language: {panel}"
    );
    assert!(!panel.contains("PA-261103-0001"), "B's case is not A's");
    assert!(!panel.contains("PA-261102-0001"), "answered: not open");

    let (status, history) = page(&app, "/dashboard/cases/PA-261102-0001", Some(&cookie)).await;
    assert_eq!(status, 200, "{history}");
    let moves: Vec<&str> = history.split("<tr class=\"move\">").skip(1).collect();
    assert!(moves.len() >= 2, "{history}");
    let taken = moves
        .iter()
        .find(|m| m.contains(&en(Key::CaseStateAcknowledged)))
        .expect("the take");
    assert!(taken.contains(&en(Key::DashboardActorStaff)) && taken.contains("700"));
    // Each row says what happened, in words: the opening, the take, the answer.
    for (row, event) in
        moves
            .iter()
            .zip([Key::CaseEventOpen, Key::CaseEventTake, Key::CaseEventAnswer])
    {
        assert!(row.contains(&en(event)), "{event:?} in {row}");
    }
    assert!(taken.contains("05/11/2026 09:00"), "in Vietnam: {taken}");
    assert!(
        moves
            .last()
            .expect("a move")
            .contains(&en(Key::CaseStateAnswered)),
        "{history}"
    );

    for foreign in ["PA-261103-0001", "PA-261199-0009", "nonsense"] {
        let (status, body) =
            page(&app, &format!("/dashboard/cases/{foreign}"), Some(&cookie)).await;
        assert_eq!(status, 404, "{foreign}: {body}");
        assert!(body.contains(&en(Key::DashboardCaseNotFound)), "{body}");
        assert!(!body.contains("case-state"), "nothing of the case shows");
    }
    let (status, body) = page(&app, "/dashboard/cases/PA-261102-0001", None).await;
    login_page(&app, status, &body);
}

#[tokio::test]
async fn responses_and_cases_export_within_the_scope_and_are_audited() {
    let mut app = rated_app().await;
    grant(&app, &["staff", "509", B]).await;
    let cookie = log_in(&mut app, &Person::new(509, Some("en"))).await;
    let en = |key| app.t(Language::En, key);

    let (_, html) = page(&app, &format!("/dashboard?{NOVEMBER}"), Some(&cookie)).await;
    assert!(
        html.contains("/dashboard/export.csv?what=responses&amp;"),
        "{html}"
    );
    assert!(
        html.contains("/dashboard/export.xlsx?what=cases&amp;"),
        "{html}"
    );

    let (status, csv) = page(
        &app,
        &format!("/dashboard/export.csv?what=responses&{NOVEMBER}&agency={A}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 1, "A is outside the scope: {csv}");
    let (status, csv) = page(
        &app,
        &format!("/dashboard/export.csv?what=responses&{NOVEMBER}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        &reader.headers().expect("headers")[0],
        en(Key::XlsxResponseDay)
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 4, "B's four: {csv}");
    assert!(rows.iter().all(|r| &r[1] == B));
    for user in 9_000..9_012 {
        assert!(!csv.contains(&user.to_string()), "user {user}: {csv}");
    }
    let (_, verified) = page(
        &app,
        &format!("/dashboard/export.csv?what=responses&{NOVEMBER}&verified=1"),
        Some(&cookie),
    )
    .await;
    assert_eq!(verified.lines().count(), 2, "B's one verified: {verified}");

    let path = download(
        &app,
        &format!("/dashboard/export.xlsx?what=cases&{NOVEMBER}"),
        &cookie,
        "cases.xlsx",
    )
    .await;
    use calamine::Reader;
    let book = crate::index::workbook(&path);
    assert_eq!(book.sheet_names(), vec![en(Key::XlsxSheetCases)]);

    let (status, _) = page(
        &app,
        &format!("/dashboard/export.csv?what=secrets&{NOVEMBER}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 400);

    let audit = ok(&app.cli(&["audit", "--actor", "509"], "").await);
    assert!(
        audit.contains("dashboard responses csv") && audit.contains("dashboard cases xlsx"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_held_case_waits_for_admins_on_the_dashboard_as_in_the_chat() {
    let mut app = crate::cases_jobs::cases_app().await;
    crate::cases_jobs::three_cases(&app).await;
    // B's case is held, as a flood's cases are.
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    sqlx::query("UPDATE cases SET held = 1 WHERE number = 'PA-261103-0001'")
        .execute(&mut *tx)
        .await
        .expect("held");
    tx.commit().await.expect("commit");
    grant(&app, &["staff", "511"]).await;
    grant(&app, &["admin", "512"]).await;
    for (user, sees) in [(511, false), (512, true)] {
        let cookie = log_in(&mut app, &Person::new(user, Some("en"))).await;
        let (status, html) = page(&app, "/dashboard", Some(&cookie)).await;
        assert_eq!(status, 200);
        let panel = cases_panel(&html);
        assert!(panel.contains("PA-261104-0001"), "{user}: {panel}");
        assert_eq!(panel.contains("PA-261103-0001"), sees, "{user}: {panel}");
        let (status, _) = page(&app, "/dashboard/cases/PA-261103-0001", Some(&cookie)).await;
        assert_eq!(status, if sees { 200 } else { 404 }, "{user}");
        // The export lists the cases the panel shows, no more.
        let (status, csv) = page(
            &app,
            &format!("/dashboard/export.csv?what=cases&{NOVEMBER}"),
            Some(&cookie),
        )
        .await;
        assert_eq!(status, 200);
        assert!(csv.contains("PA-261104-0001"), "{user}: {csv}");
        assert_eq!(csv.contains("PA-261103-0001"), sees, "{user}: {csv}");
    }
}

/// The levels the page's levels card lists, top to bottom, by their keys.
fn levels_card(html: &str) -> Vec<String> {
    let card = &html[html.find("class=\"card levels\"").expect("the levels card")..];
    let card = &card[..card.find("</section>").expect("its end")];
    card.split("data-level=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(key, _)| key.to_owned()))
        .collect()
}

#[tokio::test]
async fn the_levels_card_shows_the_levels_the_survey_asks_as_stats_does() {
    // rated_app's responses are very satisfied, satisfied or not satisfied:
    // nothing answered outside a three-level survey.
    for scale in [Scale::Three, Scale::Five] {
        let mut app = rated_app_with(|s| s.survey.levels = scale).await;
        grant(&app, &["staff", "513"]).await;
        let cookie = log_in(&mut app, &Person::new(513, Some("vi"))).await;
        let (status, html) = page(&app, &format!("/dashboard?{NOVEMBER}"), Some(&cookie)).await;
        assert_eq!(status, 200, "{html}");
        let asked: Vec<&str> = scale.levels().iter().map(|l| l.key()).collect();
        assert_eq!(levels_card(&html), asked, "{scale:?}");
    }
}

/// The answer to a filter that cannot be read: 400, `message`, and a way on.
async fn refused(app: &TestApp, cookie: &str, path: &str, message: &str) {
    let (status, body) = page(app, path, Some(cookie)).await;
    assert_eq!(status, 400, "{path}: {body}");
    let escaped = message.replace('"', "&quot;");
    assert!(body.contains(&escaped), "{path}: «{message}» in {body}");
    assert!(
        body.contains("<form class=\"filters\"") && body.contains("href=\"/dashboard\""),
        "{path}: the filter form and a link to the dashboard without filters: {body}"
    );
}

#[tokio::test]
async fn a_bad_filter_is_told_in_the_words_of_that_filter_with_the_form_to_go_on() {
    let mut app = TestApp::spawn().await;
    grant(&app, &["staff", "514"]).await;
    let cookie = log_in(&mut app, &Person::new(514, Some("vi"))).await;
    let vi = |key, args: &[(&str, &str)]| app.t_args(Language::Vi, key, args);

    let choice = |field, value, choices| {
        vi(
            Key::DashboardBadChoice,
            &[("field", field), ("value", value), ("choices", choices)],
        )
    };
    refused(
        &app,
        &cookie,
        "/dashboard?period=decade",
        &choice("period", "decade", "year, quarter, month, days"),
    )
    .await;
    refused(
        &app,
        &cookie,
        "/dashboard?channel=fax",
        &choice("channel", "fax", "direct, online, postal"),
    )
    .await;
    refused(
        &app,
        &cookie,
        "/dashboard?by=x",
        &choice("by", "x", "agency, procedure, commune, channel, month"),
    )
    .await;
    refused(
        &app,
        &cookie,
        "/dashboard/export.csv?what=secrets",
        &choice("what", "secrets", "index, responses, cases"),
    )
    .await;
    refused(
        &app,
        &cookie,
        "/dashboard?from=32/13/2026",
        &vi(
            Key::DashboardBadDate,
            &[("field", "from"), ("value", "32/13/2026")],
        ),
    )
    .await;
    refused(
        &app,
        &cookie,
        "/dashboard?from=2026-08-02&to=01/08/2026",
        &vi(
            Key::DashboardBadOrder,
            &[("from", "02/08/2026"), ("to", "01/08/2026")],
        ),
    )
    .await;
    refused(
        &app,
        &cookie,
        "/dashboard?agency=a%20b",
        &vi(
            Key::DashboardBadCode,
            &[("field", "agency"), ("value", "a b")],
        ),
    )
    .await;
}

/// The Khmer font the style asks for is served to anyone, and may be kept
/// by a cache: it is nobody's figures.
#[tokio::test]
async fn the_khmer_font_is_served_without_a_session() {
    let app = TestApp::spawn().await;
    let response = client()
        .get(format!(
            "http://127.0.0.1:{}/dashboard/khmer.ttf",
            app.http_port
        ))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("font/ttf")
    );
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("public, max-age=604800")
    );
    let body = response.bytes().await.expect("a body");
    let file = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/fonts/NotoSansKhmer-Regular.ttf"
    ))
    .expect("the font in the repository");
    assert!(body == file, "the font as it is in assets/fonts");
}
