//! Roles granted and revoked with `hailong roles`, and the audit trail that
//! records them (`hailong audit`), as an operator types them.

use std::process::Output;

use crate::helpers::TestApp;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    text(&out.stderr)
}

/// The audit trail's lines without the header and the time column.
async fn audit(app: &TestApp, args: &[&str]) -> Vec<String> {
    let out = app.cli(&[&["audit"], args].concat(), "").await;
    ok(&out)
        .lines()
        .skip(1)
        .map(|line| {
            line.split_once('\t')
                .map_or(line, |(_, rest)| rest)
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn an_operator_grants_lists_and_revokes_and_the_audit_trail_has_each_step() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let granted = app
        .cli(&["roles", "grant", "staff", "501", "000.00.32.H12"], "")
        .await;
    assert_eq!(ok(&granted).trim(), "501: staff 000.00.32.H12");
    ok(&app.cli(&["roles", "grant", "admin", "502"], "").await);
    let list = ok(&app.cli(&["roles", "list"], "").await);
    assert!(
        list.contains("501\tstaff 000.00.32.H12\tgranted by operator on "),
        "{list}"
    );
    assert!(
        list.contains("502\tadmin\tgranted by operator on "),
        "{list}"
    );

    assert_eq!(
        ok(&app.cli(&["roles", "revoke", "502"], "").await).trim(),
        "502: citizen"
    );
    let again = refused(&app.cli(&["roles", "revoke", "502"], "").await);
    assert!(again.contains("502 has no granted role"), "{again}");

    assert_eq!(
        audit(&app, &[]).await,
        [
            "operator\tgrant\t501\tstaff 000.00.32.H12",
            "operator\tgrant\t502\tadmin",
            "operator\trevoke\t502\t-",
        ]
    );
    assert_eq!(audit(&app, &["--actor", "7"]).await, Vec::<String>::new());
    assert_eq!(audit(&app, &["--actor", "operator"]).await.len(), 3);
    assert_eq!(
        audit(&app, &["--from", "01/01/2020", "--to", "02/01/2020"])
            .await
            .len(),
        0
    );
}

#[tokio::test]
async fn a_bad_grant_is_refused_with_its_reason_and_records_nothing() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let config = app.dir().join("hailong.toml");
    std::fs::write(&config, "[roles]\nadmins = [900]\n").expect("config written");
    let config = config.to_string_lossy().into_owned();
    for (args, reason) in [
        (
            vec!["roles", "grant", "staff", "501", "NO.SUCH"],
            "no agency has the code NO.SUCH",
        ),
        (
            vec!["roles", "grant", "admin", "501", "000.00.32.H12"],
            "not a role to grant",
        ),
        (vec!["roles", "grant", "boss", "501"], "not a role to grant"),
        (
            vec!["roles", "grant", "admin", "0"],
            "not a Telegram user id",
        ),
        (vec!["roles", "revoke", "abc"], "not a Telegram user id"),
        (
            vec!["--config", &config, "roles", "grant", "staff", "900"],
            "set in the configuration",
        ),
        (
            vec!["--config", &config, "roles", "revoke", "900"],
            "set in the configuration",
        ),
        (
            vec!["audit", "--from", "02/01/2026", "--to", "01/01/2026"],
            "is after --to",
        ),
        (
            vec!["audit", "--actor", "alice"],
            "a Telegram user id, or `operator`",
        ),
    ] {
        let stderr = refused(&app.cli(&args, "").await);
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
    }
    assert_eq!(audit(&app, &[]).await, Vec::<String>::new());
    let list = ok(&app.cli(&["--config", &config, "roles", "list"], "").await);
    assert_eq!(list, "900\tadmin\t(configuration)\n");
}

#[tokio::test]
async fn the_audit_trail_cannot_be_changed_or_emptied() {
    let app = TestApp::spawn().await;
    ok(&app.cli(&["roles", "grant", "admin", "502"], "").await);
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("tx");
    for sql in ["UPDATE audit SET detail = 'staff'", "DELETE FROM audit"] {
        let error = sqlx::query(sql).execute(&mut *tx).await.expect_err(sql);
        assert!(error.to_string().contains("append-only"), "{error}");
    }
    drop(tx);
    assert_eq!(audit(&app, &[]).await, ["operator\tgrant\t502\tadmin"]);
}
