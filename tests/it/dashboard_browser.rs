//! The dashboard in headless Chromium, driven over WebDriver (chromedriver
//! started here on a free port): log in through the bot's link, sort the
//! table, change a filter, check the figures against `hailong index`, and
//! save screenshots at phone and desktop size to /tmp.
//!
//! Skipped, saying so, only when Chromium or chromedriver is missing and
//! REQUIRE_CHROMIUM is unset; `.ci/run` installs both and sets it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bot_api_emulator::Person;
use fantoccini::{Client, ClientBuilder, Locator};
use hailong::domain::Language;
use hailong::i18n::Key;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::dashboard::{A, B, NOVEMBER, assert_same_figures, index_row, link_from_bot, local, ok};
use crate::helpers::TestApp;
use crate::index::rated_app;

const FLAGS: [&str; 6] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
];

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium and chromedriver, or None after saying why the test is skipped.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let found = on_path(&["chromium", "chromium-browser"]).zip(on_path(&["chromedriver"]));
    if found.is_none() {
        assert!(
            std::env::var_os("REQUIRE_CHROMIUM").is_none(),
            "REQUIRE_CHROMIUM is set but chromium or chromedriver is missing: \
             apt-get install -y chromium chromium-driver"
        );
        eprintln!(
            "SKIPPED the Chromium dashboard test: chromium or chromedriver is not installed \
             (apt-get install -y chromium chromium-driver; set REQUIRE_CHROMIUM=1 to fail instead)"
        );
    }
    found
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A browser on the dashboard, logged in through the bot's link as staff
/// `id` (granted the role here); its driver and profile live as long as
/// what is returned.
async fn logged_in(
    app: &mut TestApp,
    (chromium, driver): (&Path, &Path),
    (id, lang): (i64, &str),
) -> (Client, tokio::process::Child, tempfile::TempDir) {
    ok(&app
        .cli(&["roles", "grant", "staff", &id.to_string()], "")
        .await);
    let link = link_from_bot(app, &Person::new(id, Some(lang))).await;
    let profile = tempfile::tempdir().expect("a profile dir");
    let (client, driver) = browser(chromium, driver, profile.path()).await;
    open(&client, &local(app, &link)).await;
    (client, driver, profile)
}

/// The text of the first element `css` finds.
async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .expect("the element")
        .text()
        .await
        .expect("its text")
}

/// Clicks `what` and waits for the page that shows `then`.
async fn press(client: &Client, what: Locator<'_>, then: Locator<'_>) {
    client
        .find(what)
        .await
        .expect("something to click")
        .click()
        .await
        .expect("clicked");
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(then)
        .await
        .expect("the page it leads to");
}

/// Opens `url` and waits for the dashboard's table.
async fn open(client: &Client, url: &str) {
    client.goto(url).await.expect("the page opens");
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("groups"))
        .await
        .expect("the dashboard");
}

async fn browser(
    chromium: &Path,
    driver: &Path,
    profile: &Path,
) -> (Client, tokio::process::Child) {
    let port = free_port();
    let child = tokio::process::Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver starts");
    let mut args: Vec<String> = FLAGS.iter().map(|f| (*f).to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push("--window-size=1920,1080".into());
    args.push("--lang=vi".into());
    let capabilities = json!({
        "goog:chromeOptions": { "binary": chromium, "args": args }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            let client = builder
                .capabilities(capabilities)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
                .expect("a WebDriver session");
            return (client, child);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on port {port}");
}

async fn value(client: &Client, id: &str) -> Option<f64> {
    client
        .find(Locator::Id(id))
        .await
        .ok()?
        .attr("data-value")
        .await
        .ok()??
        .parse()
        .ok()
}

/// The groups of the table, top to bottom.
async fn groups(client: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for row in client
        .find_all(Locator::Css("#groups tbody tr"))
        .await
        .expect("rows")
    {
        out.push(
            row.attr("data-group")
                .await
                .expect("attr")
                .unwrap_or_default(),
        );
    }
    out
}

async fn viewport(client: &Client) -> (u32, u32) {
    let size = client
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .expect("the viewport's size");
    let side = |i: usize| size[i].as_u64().expect("a size") as u32;
    (side(0), side(1))
}

/// Makes the viewport `width`×`height`: the window is that plus whatever
/// the browser's frame takes.
async fn set_viewport(client: &Client, width: u32, height: u32) {
    client
        .set_window_size(width, height)
        .await
        .expect("the window resizes");
    let (w, h) = viewport(client).await;
    client
        .set_window_size(2 * width - w, 2 * height - h)
        .await
        .expect("the window resizes");
}

/// Saves the top of the page, or the part from the element `at`, as seen in
/// a viewport of `width`×`height`.
async fn screenshot(client: &Client, width: u32, height: u32, at: Option<&str>, path: &str) {
    set_viewport(client, width, height).await;
    let scroll = match at {
        Some(id) => format!("document.getElementById('{id}').scrollIntoView();"),
        None => "window.scrollTo(0, 0);".to_owned(),
    };
    client.execute(&scroll, vec![]).await.expect("scrolled");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::write(path, png).expect("the screenshot is saved");
}

#[tokio::test]
async fn a_browser_logs_in_sorts_filters_and_sees_the_index() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let mut app = rated_app().await;
    crate::cases_jobs::three_cases(&app).await;
    let (client, _driver, _profile) = logged_in(&mut app, (&chromium, &driver), (502, "vi")).await;
    let bookmark = format!("http://127.0.0.1:{}/dashboard?{NOVEMBER}", app.http_port);
    client.goto(&bookmark).await.expect("the bookmark opens");
    assert_eq!(groups(&client).await, vec![B.to_owned(), A.to_owned()]);

    // Sort by the satisfied share (the 4th column): B 25 %, A 80 %.
    let header = client
        .find(Locator::Css("#groups th:nth-child(4)"))
        .await
        .expect("the header");
    header.click().await.expect("sorted up");
    assert_eq!(groups(&client).await, vec![B.to_owned(), A.to_owned()]);
    let sorted = header.attr("aria-sort").await.expect("attr");
    assert_eq!(sorted.as_deref(), Some("ascending"));
    // The keyboard sorts as the mouse does: Enter on the header's button
    // (WebDriver's code for the key).
    header
        .find(Locator::Css("button"))
        .await
        .expect("the header is a button")
        .send_keys("\u{E007}")
        .await
        .expect("Enter pressed");
    assert_eq!(groups(&client).await, vec![A.to_owned(), B.to_owned()]);
    let sorted = header.attr("aria-sort").await.expect("attr");
    assert_eq!(sorted.as_deref(), Some("descending"));

    screenshot(
        &client,
        1920,
        1080,
        None,
        "/tmp/hailong-dashboard-1920x1080.png",
    )
    .await;
    screenshot(
        &client,
        390,
        844,
        None,
        "/tmp/hailong-dashboard-390x844.png",
    )
    .await;
    let panel = Some("cases");
    screenshot(
        &client,
        1920,
        1080,
        panel,
        "/tmp/hailong-cases-1920x1080.png",
    )
    .await;
    screenshot(&client, 390, 844, panel, "/tmp/hailong-cases-390x844.png").await;
    client.set_window_size(1920, 1080).await.expect("resized");

    // Change a filter the way a person does: pick B and press the button.
    client
        .find(Locator::Css("select[name=agency]"))
        .await
        .expect("the agency filter")
        .select_by_value(B)
        .await
        .expect("B chosen");
    client
        .find(Locator::Css("form.filters button[type=submit]"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("submitted");
    let mut filtered = false;
    for _ in 0..100 {
        let url = client.current_url().await.expect("a URL");
        if url
            .query()
            .is_some_and(|q| q.contains(&format!("agency={B}")))
        {
            filtered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(filtered, "the form did not show B");
    let html = client.source().await.expect("the page");
    assert_same_figures(&html, &index_row(&app, B));
    assert_eq!(value(&client, "counted").await, Some(4.0));
    assert_eq!(groups(&client).await, vec![B.to_owned()]);
    let text = text_of(&client, "header h1").await;
    assert_eq!(text, "Bảng theo dõi mức độ hài lòng của người dân");

    // The cases panel links an open case to its history.
    client.goto(&bookmark).await.expect("the bookmark opens");
    press(
        &client,
        Locator::Css("#cases a[href='/dashboard/cases/PA-261104-0001']"),
        Locator::Id("case-state"),
    )
    .await;
    let title = text_of(&client, "header h1").await;
    assert_eq!(title, "Phản ánh PA-261104-0001");
    screenshot(&client, 390, 844, None, "/tmp/hailong-case-390x844.png").await;
    screenshot(&client, 1920, 1080, None, "/tmp/hailong-case-1920x1080.png").await;

    // Logging out, from any page, leaves the login page; going back to the
    // dashboard finds no figures.
    press(&client, Locator::Id("logout"), Locator::Css("main.login")).await;
    // In the language the dashboard was read in, whatever the browser's.
    let title = text_of(&client, "main.login h1").await;
    assert_eq!(title, app.t(Language::Vi, Key::DashboardLoginTitle));
    client.goto(&bookmark).await.expect("the bookmark opens");
    let login = client.find(Locator::Css("main.login")).await;
    assert!(login.is_ok(), "the dashboard after logging out");
    screenshot(&client, 390, 844, None, "/tmp/hailong-login-390x844.png").await;
    client.close().await.expect("the browser closes");
}

/// What sticks out of its box on the page as laid out now: each element of
/// the page's main part whose content is wider than it (text past a card's
/// edge, a table wider than its panel), and the page itself if it scrolls
/// sideways. Tables may scroll inside their panel on a phone, not on a
/// laptop, so a scrolling panel counts too. And each figure the wrapping
/// of its line split in two.
async fn badly_laid_out(client: &Client) -> Vec<String> {
    found(
        client,
        r#"
            const out = [];
            for (const e of document.querySelectorAll('main, main *')) {
              if (e.closest('svg')) continue;
              if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
                out.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 40)}": ${e.scrollWidth} > ${e.clientWidth}`);
              }
            }
            // A figure split between lines ("33,3" above, "%" below) reads
            // as two things.
            for (const e of document.querySelectorAll('strong[data-value]:not([data-value=""]), .level .n, .legend li')) {
              if (e.getClientRects().length > 1) {
                out.push(`${e.tagName.toLowerCase()} "${e.textContent.trim()}": split across lines`);
              }
            }
            const page = document.documentElement;
            if (page.scrollWidth > page.clientWidth) {
              out.push(`the page: ${page.scrollWidth} > ${page.clientWidth}`);
            }
            return out;
            "#,
    )
    .await
}

/// What `script` found on the page: the list of strings it returns.
async fn found(client: &Client, script: &str) -> Vec<String> {
    let found = client
        .execute(script, vec![])
        .await
        .expect("the script runs");
    serde_json::from_value(found).expect("a list of strings")
}

/// An office laptop is 1280 px wide, an office screen 1024 to 1920: every
/// card and table fits in its box at each, and no figure is split between
/// lines, with a period that has no response yet ("0 · chưa có dữ liệu" on
/// every level) and late dossiers named in full, and with the rated November.
#[tokio::test]
async fn from_1024_to_1920_px_nothing_runs_past_its_card_or_splits_a_figure() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let mut app = rated_app().await;
    // An agency named in full, as one-stop shops are.
    let long = "000.00.11.H12";
    app.load_agencies(&format!(
        "code,name_vi,name_en,name_km,commune_code,staff_chat_id\n\
         {long},Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính \
         Ủy ban nhân dân xã Trần Văn Thời,Reception desk,ការិយាល័យ,,\n"
    ))
    .await;
    // October: returned late, not rated yet.
    let mut rows = String::new();
    for agency in [A, B, long] {
        for n in 0..3 {
            rows.push_str(&format!(
                "{agency}-261001-{n:04},1.001193,{agency},10,2026-10-01,2026-10-05,2026-10-20T10:00:00+07:00,direct,32047\n"
            ));
        }
    }
    app.import_dossiers(&rows).await;
    let (client, _driver, _profile) = logged_in(&mut app, (&chromium, &driver), (505, "vi")).await;

    for (name, query) in [
        ("october", "from=2026-10-01&to=2026-10-31"),
        ("november", NOVEMBER),
    ] {
        open(
            &client,
            &format!("http://127.0.0.1:{}/dashboard?{query}", app.http_port),
        )
        .await;
        for width in [1280, 1024, 1920] {
            screenshot(
                &client,
                width,
                2400,
                None,
                &format!("/tmp/hailong-dashboard-{name}-{width}.png"),
            )
            .await;
            let out = badly_laid_out(&client).await;
            assert_eq!(out, Vec::<String>::new(), "{name} at {width} px");
        }
    }
    client.close().await.expect("the browser closes");
}

/// How far the browser got with the Khmer font the dashboard serves:
/// "unloaded" (never asked for), "loading", "loaded" or "error".
async fn khmer_font(client: &Client) -> String {
    let status = client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            document.fonts.ready.then(() => {
              const face = [...document.fonts].find(f => f.family.replace(/"/g, '') === 'Hailong Khmer');
              done(face ? face.status : 'no such face');
            });
            "#,
            vec![],
        )
        .await
        .expect("the fonts are read");
    status.as_str().expect("a status").to_owned()
}

/// The Khmer words on one line that are not as wide as the same words
/// written afresh beside them. Chromium drew the first label and the first
/// card's title in boxes when the font came after the page: their width was
/// the boxes', and stayed so after the font had loaded and on a reload.
async fn khmer_drawn_without_its_font(client: &Client) -> Vec<String> {
    found(
        client,
        r#"
            const out = [];
            const khmer = /[\u1780-\u17FF]/;
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let t = walker.nextNode(); t; t = walker.nextNode()) {
              const e = t.parentElement;
              if (!khmer.test(t.textContent) || e.closest('svg, select')) continue;
              // The words without the spaces around them, which the end of
              // a line swallows.
              const text = t.textContent;
              const words = text.trim();
              const start = text.indexOf(words);
              const here = document.createRange();
              here.setStart(t, start);
              here.setEnd(t, start + words.length);
              if (here.getClientRects().length !== 1) continue;
              const copy = document.createElement('span');
              // Out of the flow, as wide as its words.
              copy.style.position = 'absolute';
              copy.style.whiteSpace = 'pre';
              copy.textContent = words;
              e.appendChild(copy);
              const fresh = copy.getBoundingClientRect().width;
              copy.remove();
              const width = here.getBoundingClientRect().width;
              if (Math.abs(width - fresh) > 0.5) {
                out.push(`"${words}": ${width} px, ${fresh} px afresh`);
              }
            }
            return out;
            "#,
    )
    .await
}

/// A Khmer reader's page is drawn in the Khmer font the bot serves, on a
/// machine with no Khmer font of its own (this one: `fc-list` knows none,
/// and the page was boxes before); a Vietnamese page never downloads it.
#[tokio::test]
async fn a_khmer_page_brings_its_own_font_and_a_vietnamese_one_does_not_fetch_it() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let mut app = rated_app().await;
    for (id, lang, status) in [(506, "vi", "unloaded"), (507, "km", "loaded")] {
        let (client, _driver, _profile) =
            logged_in(&mut app, (&chromium, &driver), (id, lang)).await;
        open(
            &client,
            &format!("http://127.0.0.1:{}/dashboard?{NOVEMBER}", app.http_port),
        )
        .await;
        assert_eq!(khmer_font(&client).await, status, "{lang}");
        assert_eq!(
            khmer_drawn_without_its_font(&client).await,
            Vec::<String>::new(),
            "{lang}"
        );
        screenshot(
            &client,
            1280,
            1000,
            None,
            &format!("/tmp/hailong-dashboard-{lang}-1280.png"),
        )
        .await;
        client.close().await.expect("the browser closes");
    }
}
