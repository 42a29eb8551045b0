//! Circular 01's scores as rows: every index the responses measure is
//! stored by walking `INDICES`, the per-day index rollup stays equal to the
//! scores it sums whatever happens to the responses, and a database from
//! before the rows gives the same figures after its migration.

use bot_api_emulator::Person;
use hailong::domain::Language;
use hailong::domain::satisfaction::{AnswerTo, INDICES, Measure, Source};
use hailong::i18n::Key;
use serde_json::Value;

use crate::helpers::{TestApp, citizen, hailong};
use crate::index::json_rows;
use crate::survey::{RETURNED, RETURNED_THREE, RETURNED_TOO, rate, survey_app};

/// The rows of `index_rollup` that differ from a sum of the scores of the
/// counted responses, either way, and how many rows hold a score at all.
async fn rollup_against_scores(app: &TestApp) -> (Vec<String>, i64) {
    const RECOMPUTED: &str = "SELECT r.return_day AS d, r.agency_code AS a, r.procedure_code AS p,
               coalesce(r.commune_code, '-') AS c, r.channel AS ch, s.index_no AS i,
               sum(s.score) AS total, count(*) AS n
        FROM response_scores s JOIN responses r ON r.id = s.response_id
        WHERE r.held = 0 AND r.superseded_by IS NULL GROUP BY 1, 2, 3, 4, 5, 6";
    const STORED: &str =
        "SELECT day AS d, agency_code AS a, procedure_code AS p, commune_code AS c,
               channel AS ch, index_no AS i, score_sum AS total, scored AS n
        FROM index_rollup WHERE score_sum <> 0 OR scored <> 0";
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let differ: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT 'stored ' || json_array(d, a, p, c, ch, i, total, n) FROM ({STORED} EXCEPT {RECOMPUTED})
         UNION ALL
         SELECT 'scored ' || json_array(d, a, p, c, ch, i, total, n) FROM ({RECOMPUTED} EXCEPT {STORED})"
    )))
    .fetch_all(&mut *conn)
    .await
    .expect("the comparison");
    let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM ({RECOMPUTED})"
    )))
    .fetch_one(&mut *conn)
    .await
    .expect("the count");
    (differ, rows)
}

/// After the overall level: a convenience and an attitude level, and the
/// agencies answer (only this one office).
async fn answer_every_question(app: &mut TestApp, user: &Person, attitude: Key) {
    let lang = Language::from_client(user.language_code.as_deref());
    for key in [Key::LevelSatisfied, attitude, Key::AgenciesNone] {
        let label = app.t(lang, key);
        app.press(user, &label).await;
    }
}

#[tokio::test]
async fn every_index_the_responses_measure_is_scored_by_a_survey_answered_in_full() {
    let mut app = survey_app(|s| s.index.circular_01 = true).await;
    let user = citizen(1_601, Some("en"));
    rate(&mut app, &user, RETURNED, Key::LevelVerySatisfied).await;
    answer_every_question(&mut app, &user, Key::LevelVerySatisfied).await;
    app.drain_jobs().await;
    let rows = json_rows(&app, &["--format", "json"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    // Walks the list: an index added to it is covered here unasked.
    for (n, index) in (1..).zip(&INDICES) {
        let value = &rows[0][format!("index_{n}")];
        match index.measure {
            Measure::Responses(source) => assert!(
                value.as_f64().is_some_and(|v| (0.0..=2.0).contains(&v)),
                "index {n} ({}, from {source:?}) is {value}",
                index.name
            ),
            // No dossier of this test carries step times.
            Measure::Steps | Measure::Unmeasured => {
                assert_eq!(value, &Value::Null, "index {n} ({})", index.name)
            }
        }
    }
}

#[tokio::test]
async fn the_index_rollup_is_the_sum_of_the_counted_scores_whatever_happens() {
    let mut app = survey_app(|s| s.survey.daily_limit = 2).await;
    let (first, second) = (citizen(1_602, Some("en")), citizen(1_603, Some("vi")));
    rate(&mut app, &first, RETURNED, Key::LevelSatisfied).await;
    answer_every_question(&mut app, &first, Key::LevelNotSatisfied).await;
    let (differ, scored) = rollup_against_scores(&app).await;
    assert!(
        differ.is_empty() && scored > 0,
        "after a rating: {differ:?}"
    );

    // Rated again within the window: the first response is replaced, and
    // with it every score it carried, answers included.
    rate(&mut app, &first, RETURNED, Key::LevelVerySatisfied).await;
    answer_every_question(&mut app, &first, Key::LevelVerySatisfied).await;
    let (differ, _) = rollup_against_scores(&app).await;
    assert!(differ.is_empty(), "after a re-rating: {differ:?}");
    let attitude = INDICES
        .iter()
        .position(|i| i.measure == Measure::Responses(Source::Answer(AnswerTo::Attitude)))
        .expect("the attitude scores an index");
    let means = app.index(None).await[0].indices;
    assert_eq!(
        means.get(attitude + 1),
        Some(2.0),
        "only the new attitude counts"
    );

    // Over the daily limit: the third rating is held, its scores (from the
    // dossier's facts) not counted.
    for code in [RETURNED, RETURNED_THREE] {
        rate(&mut app, &second, code, Key::LevelNotSatisfied).await;
        answer_every_question(&mut app, &second, Key::LevelNotSatisfied).await;
    }
    rate(&mut app, &second, RETURNED_TOO, Key::LevelSatisfied).await;
    let held: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM response_scores s JOIN responses r ON r.id = s.response_id WHERE r.held = 1",
    )
    .fetch_one(&mut *app.store().await.read().await.expect("a connection"))
    .await
    .expect("the held scores");
    assert!(held > 0, "the held response carries scores");
    let (differ, _) = rollup_against_scores(&app).await;
    assert!(differ.is_empty(), "after a held rating: {differ:?}");

    // Forgotten: the responses stay, under no one, and so do their scores.
    let before = format!("{:?}", app.index(None).await);
    app.send_text(&second, "/forget").await;
    let confirm = app.t(Language::Vi, Key::ForgetConfirmButton);
    app.press(&second, &confirm).await;
    app.drain_jobs().await;
    let (differ, _) = rollup_against_scores(&app).await;
    assert!(differ.is_empty(), "after /forget: {differ:?}");
    assert_eq!(format!("{:?}", app.index(None).await), before);
}

/// A response as the old schema held it: dossier, user, held, overall level
/// and the nine columns of scores.
type OldResponse = (i64, i64, bool, &'static str, [Option<i64>; 9]);

/// The version of the migration that moved the scores into rows.
const SCORE_ROWS: i64 = 20261126001600;

#[tokio::test]
async fn a_database_from_before_the_score_rows_gives_the_same_index() {
    let (pool, url, dir) = crate::helpers::database_before(SCORE_ROWS).await;
    sqlx::query(
        "INSERT INTO agencies (code, name_vi, name_en, name_km) VALUES
             ('000.00.32.H12', 'A', 'A', 'A'), ('000.00.05.H12', 'B', 'B', 'B');
         INSERT INTO procedures VALUES ('1.001193', 'P', 'P', 'P', 'civil-status', 0);
         INSERT INTO dossiers (code, procedure_code, agency_code, commune_code, channel, received_at, due_at,
                 returned_at, status, status_at, updated_at)
         VALUES ('000.00.32.H12-261101-0001', '1.001193', '000.00.32.H12', '32047', 'direct',
                 '2026-11-01T01:00:00Z', '2026-11-05', '2026-11-04T03:00:00Z', 10, '2026-11-04T03:00:00Z', '2026-11-04T03:00:00Z'),
                ('000.00.05.H12-261101-0001', '1.001193', '000.00.05.H12', NULL, 'online',
                 '2026-11-01T01:00:00Z', '2026-11-05', '2026-11-05T03:00:00Z', 10, '2026-11-05T03:00:00Z', '2026-11-05T03:00:00Z');",
    )
    .execute(&pool)
    .await
    .expect("the old catalog and dossiers");
    // The third is held; the fourth is replaced by the fifth; index 2 was stored too.
    let responses: [OldResponse; 5] = [
        (
            1,
            1,
            false,
            "satisfied",
            [
                Some(2),
                Some(1),
                Some(1),
                Some(1),
                Some(2),
                None,
                Some(2),
                None,
                None,
            ],
        ),
        (
            1,
            2,
            false,
            "very_satisfied",
            [
                Some(1),
                None,
                Some(2),
                Some(0),
                Some(2),
                None,
                None,
                None,
                None,
            ],
        ),
        (
            1,
            3,
            true,
            "not_satisfied",
            [
                Some(0),
                None,
                Some(0),
                Some(0),
                Some(0),
                None,
                Some(0),
                None,
                None,
            ],
        ),
        (
            2,
            4,
            false,
            "not_satisfied",
            [
                Some(0),
                None,
                Some(0),
                None,
                Some(1),
                None,
                Some(1),
                None,
                None,
            ],
        ),
        (
            2,
            4,
            false,
            "satisfied",
            [
                Some(2),
                None,
                Some(2),
                None,
                Some(2),
                None,
                None,
                None,
                None,
            ],
        ),
    ];
    // The old columns are named by number, as the old schema named them.
    let columns: Vec<String> = (1..=9).map(|n| format!("idx{n}")).collect();
    for (dossier, user, held, overall, scores) in responses {
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO responses (dossier_id, user_id, verified, held, scale, overall, {},
                 agency_code, procedure_code, commune_code, channel, returned_at, return_day, created_at, updated_at)
             SELECT id, ?, 0, ?, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, agency_code, procedure_code, commune_code, channel,
                 returned_at, substr(returned_at, 1, 10), returned_at, returned_at
             FROM dossiers WHERE id = ?",
            columns.join(", ")
        )))
        .bind(user)
        .bind(held)
        .bind(overall);
        for score in scores {
            insert = insert.bind(score);
        }
        insert
            .bind(dossier)
            .execute(&pool)
            .await
            .expect("an old response");
    }
    sqlx::query("UPDATE responses SET superseded_by = 5 WHERE id = 4")
        .execute(&pool)
        .await
        .expect("replaced");
    // What the index read before: the means of the old rollup's columns.
    let means: Vec<String> = (1..=9)
        .map(|n| format!("sum(idx{n}_sum) * 1.0 / nullif(sum(idx{n}_n), 0)"))
        .collect();
    let before: Vec<(String, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT agency_code, sum(responses), sum(not_satisfied), json_array({})
             FROM response_rollup GROUP BY 1 ORDER BY 1",
        means.join(", ")
    )))
    .fetch_all(&pool)
    .await
    .expect("the old figures");
    pool.close().await;
    assert_eq!(
        before
            .iter()
            .map(|(agency, n, low, m)| (agency.as_str(), *n, *low, m.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "000.00.05.H12",
                1,
                0,
                "[2.0,null,2.0,null,2.0,null,null,null,null]"
            ),
            (
                "000.00.32.H12",
                2,
                0,
                "[1.5,1.0,1.5,0.5,2.0,null,2.0,null,null]"
            ),
        ],
        "the old rollup, as the old index read it"
    );

    let out = hailong(
        dir.path(),
        &["index", "--by", "agency", "--format", "json"],
        &[
            ("HAILONG_DATABASE_URL", &url),
            ("HAILONG_INDEX_CIRCULAR_01", "true"),
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    assert_eq!(rows.len(), before.len(), "{rows:?}");
    for (row, (agency, responses, low, old_means)) in rows.iter().zip(&before) {
        assert_eq!(
            (
                &row["group"],
                row["responses"].as_i64(),
                row["not_satisfied"].as_i64()
            ),
            (&Value::from(agency.as_str()), Some(*responses), Some(*low))
        );
        let old_means: Vec<Option<f64>> = serde_json::from_str(old_means).expect("means");
        for (n, (index, old)) in (1..).zip(INDICES.iter().zip(old_means)) {
            let now = row[format!("index_{n}")].as_f64();
            match index.measure {
                // Read from the responses before and after: the same mean.
                Measure::Responses(_) => assert_eq!(now, old, "{agency} index {n}"),
                // Index 2 was read from step times, never from the column.
                Measure::Steps | Measure::Unmeasured => assert_eq!(now, None, "{agency} index {n}"),
            }
        }
    }
}
