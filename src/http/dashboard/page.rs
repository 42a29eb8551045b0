//! The dashboard's pages, written on the server with maud: the login page,
//! the page that moves on after login, and the dashboard itself. Figures
//! are shown in the reader's language (decimal comma in Vietnamese) and
//! carry their raw value in `data-value`, which the tests read.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use fluent_bundle::FluentValue;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::chart;
use super::filters::{FilterError, Filters, GROUPINGS, Period, Problem, RawFilters};
use super::session::Staff;
use super::view::{self, View};
use crate::chart::Point;
use crate::cli::export::What;
use crate::domain::case::{Actor, CaseEvent};
use crate::domain::moment::{local_date, vietnam};
use crate::domain::satisfaction::{DOSSIER_SATISFACTION_TARGET, GroupBy, IndexRow};
use crate::domain::{Channel, Language, Level, Scale};
use crate::flows::card::format_date;
use crate::flows::cases::state_key;
use crate::flows::commands::DASHBOARD_PAYLOAD;
use crate::flows::survey::level_key;
use crate::http::HttpState;
use crate::i18n::{I18n, Key, decimal};
use crate::store::cases::Case;

const STYLE: &str = include_str!("style.css");
/// Sorts a table by the column whose header is clicked, on each cell's `data-v`.
const SORT_SCRIPT: &str = include_str!("sort.js");
/// One colour per level, from very satisfied to very dissatisfied.
const LEVEL_COLOURS: [&str; 5] = ["#1b7f3b", "#7cc36b", "#bdbdbd", "#f08a4b", "#c62828"];

/// A level's colour, whatever the scale: "not satisfied" is orange on three
/// levels as on five.
fn level_colour(level: Level) -> &'static str {
    let i = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
    LEVEL_COLOURS[i.min(LEVEL_COLOURS.len() - 1)]
}

fn layout(lang: Language, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
}

/// Anyone without a live session sees this, and only this: how to log in,
/// and a link that opens the bot (`bot`) with the request for a login link
/// ready to send.
pub fn login(i18n: &I18n, lang: Language, bot: &str) -> Markup {
    let title = i18n.t(lang, Key::DashboardLoginTitle);
    layout(
        lang,
        &title,
        html! {
            main class="login" {
                h1 { (title) }
                p { (i18n.t(lang, Key::DashboardLoginHow)) }
                @if !bot.is_empty() {
                    p {
                        a id="open-bot" href=(format!("https://t.me/{bot}?start={DASHBOARD_PAYLOAD}")) {
                            (i18n.t_args(lang, Key::DashboardLoginOpen, &[("bot", bot.into())]))
                        }
                    }
                }
            }
        },
    )
}

/// The button that ends the session, in the header of every page behind
/// the login.
fn logout(w: &Words) -> Markup {
    html! {
        form class="logout" method="post" action="/dashboard/logout" {
            button type="submit" id="logout" { (w.t(Key::DashboardLogout)) }
        }
    }
}

/// After login: moves on to the dashboard as a navigation of this site.
pub fn logged_in(i18n: &I18n, lang: Language) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta http-equiv="refresh" content="0; url=/dashboard";
                title { (i18n.t(lang, Key::DashboardTitle)) }
            }
            body { p { a href="/dashboard" { (i18n.t(lang, Key::DashboardLoggedIn)) } } }
        }
    }
}

/// `GET /dashboard`: the view the query asks for, within the person's agencies.
pub async fn show(
    State(state): State<HttpState>,
    staff: Staff,
    Query(raw): Query<RawFilters>,
) -> Response {
    let i18n = &state.i18n;
    let filters = match Filters::parse(&raw, local_date(Utc::now())) {
        Ok(filters) => filters,
        Err(error) => return bad_filter(&state, &staff, &error).await,
    };
    let view = match state.store.read().await {
        Ok(mut conn) => {
            view::gather(
                &mut conn,
                &state.dashboard,
                &filters,
                staff.agencies.as_deref(),
                &staff.role,
                staff.user,
                staff.lang,
            )
            .await
        }
        Err(error) => Err(error),
    };
    match view {
        Ok(view) => {
            Html(dashboard(i18n, &staff, &filters, &view, state.dashboard.scale).into_string())
                .into_response()
        }
        Err(error) => {
            tracing::error!(error = %error, "the dashboard cannot read the database");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// HTTP 400 for a filter that cannot be read: what is wrong with it, in
/// the words for its kind, then the filters of the default view and a link
/// to the dashboard without filters, so that the reader can go on.
pub async fn bad_filter(state: &HttpState, staff: &Staff, error: &FilterError) -> Response {
    let w = Words {
        i18n: &state.i18n,
        lang: staff.lang,
    };
    let text = filter_problem(&w, error);
    // Without the agencies' names the form still works: it offers "all".
    let agencies = match state.store.read().await {
        Ok(mut conn) => view::agencies(&mut conn, staff.agencies.as_deref(), staff.lang).await,
        Err(error) => Err(error),
    }
    .unwrap_or_else(|error| {
        tracing::warn!(error = %error, "the dashboard cannot read the agencies' names");
        Vec::new()
    });
    let form = Filters::parse(&RawFilters::default(), local_date(Utc::now()))
        .ok()
        .map(|filters| filter_form(&w, &filters, &agencies));
    let page = layout(
        staff.lang,
        &text,
        html! {
            header { (logout(&w)) h1 { (w.t(Key::DashboardTitle)) } }
            @if let Some(form) = form { (form) }
            main class="bad-filter" {
                section {
                    p id="filter-error" class="warn" { (text) }
                    p { a href="/dashboard" { (w.t(Key::DashboardBadFilterBack)) } }
                }
            }
        },
    );
    (StatusCode::BAD_REQUEST, Html(page.into_string())).into_response()
}

/// What is wrong with a filter, in the reader's words.
fn filter_problem(w: &Words, error: &FilterError) -> String {
    let field = ("field", FluentValue::from(error.field));
    match &error.problem {
        Problem::Date(given) => w.t_args(
            Key::DashboardBadDate,
            &[field, ("value", given.as_str().into())],
        ),
        Problem::Reversed { from, to } => w.t_args(
            Key::DashboardBadOrder,
            &[
                ("from", format_date(*from).into()),
                ("to", format_date(*to).into()),
            ],
        ),
        Problem::Choice(given, choices) => w.t_args(
            Key::DashboardBadChoice,
            &[
                field,
                ("value", given.as_str().into()),
                ("choices", choices.join(", ").into()),
            ],
        ),
        Problem::Code(given) => w.t_args(
            Key::DashboardBadCode,
            &[field, ("value", given.as_str().into())],
        ),
    }
}

/// Words with the reader's numbers.
struct Words<'a> {
    i18n: &'a I18n,
    lang: Language,
}

impl Words<'_> {
    fn t(&self, key: Key) -> String {
        self.i18n.t(self.lang, key)
    }

    fn t_args(&self, key: Key, args: &[(&str, FluentValue<'_>)]) -> String {
        self.i18n.t_args(self.lang, key, args)
    }

    /// A percentage, or the words for "no data".
    fn percent(&self, value: Option<f64>) -> String {
        self.i18n.share(self.lang, value)
    }

    /// A level's words without the emoji the chat shows before them: here
    /// the colours tell the levels apart, and not every screen has an
    /// emoji font.
    fn level(&self, level: Level) -> String {
        crate::cli::workbook::plain_words(self.i18n, self.lang, level_key(level))
    }

    /// "T8/2026" for the month `2026-08`.
    fn month(&self, group: &str) -> String {
        self.i18n.month(self.lang, group)
    }

    /// A group's label: its name, or the words for a channel or a month.
    fn group(&self, by: GroupBy, row: &IndexRow) -> String {
        self.i18n
            .group_words(self.lang, Some(by), &row.group, row.name.as_deref())
    }
}

/// A figure with its raw value for machines and its words for people.
fn figure(id: &str, value: Option<f64>, words: &Words) -> Markup {
    html! {
        strong id=(id) data-value=(value.map(|v| v.to_string()).unwrap_or_default()) {
            (words.percent(value))
        }
    }
}

fn dashboard(i18n: &I18n, staff: &Staff, filters: &Filters, view: &View, scale: Scale) -> Markup {
    let w = Words {
        i18n,
        lang: staff.lang,
    };
    let title = w.t(Key::DashboardTitle);
    let query = filters.query(None);
    layout(
        staff.lang,
        &title,
        html! {
            header {
                (logout(&w))
                h1 { (title) }
                p class="scope" {
                    (w.t_args(Key::DashboardShown, &[
                        ("from", format_date(filters.from).into()),
                        ("to", format_date(filters.to).into()),
                    ]))
                    " · "
                    @match &staff.agencies {
                        None => (w.t(Key::DashboardScopeAll)),
                        Some(codes) => (w.t_args(Key::DashboardScope, &[("agencies", codes.join(", ").into())])),
                    }
                }
            }
            (filter_form(&w, filters, &view.agencies))
            nav class="exports" {
                @for (what, key) in [
                    (What::Index, Key::DashboardExportIndex),
                    (What::Responses, Key::DashboardExportResponses),
                    (What::Cases, Key::DashboardExportCases),
                ] {
                    span {
                        (w.t(key)) ": "
                        a href=(format!("/dashboard/export.csv?what={}&{query}", what.word())) download { (w.t(Key::DashboardExportCsv)) }
                        " · "
                        a href=(format!("/dashboard/export.xlsx?what={}&{query}", what.word())) download { (w.t(Key::DashboardExportXlsx)) }
                    }
                }
            }
            main {
                @match &view.overall {
                    None => section class="empty" { p id="no-data" { (w.t(Key::DashboardNoData)) } },
                    Some(all) => (headline(&w, all, scale)),
                }
                (trend(&w, view))
                (questions(&w, view))
                (group_table(&w, filters, view))
                (late(&w, view))
                (open_cases(&w, view))
                (comments(&w, view))
            }
            script { (PreEscaped(SORT_SCRIPT)) }
        },
    )
}

/// The filters as a form; `agencies` are those the reader may pick.
fn filter_form(w: &Words, filters: &Filters, agencies: &[(String, String)]) -> Markup {
    let period_key = |p: Period| match p {
        Period::Year => Key::DashboardPeriodYear,
        Period::Quarter => Key::DashboardPeriodQuarter,
        Period::Month => Key::DashboardPeriodMonth,
        Period::Days => Key::DashboardPeriodDays,
    };
    let agency = filters.agency.as_ref().map(ToString::to_string);
    html! {
        form class="filters" method="get" action="/dashboard" {
            label { (w.t(Key::DashboardPeriod))
                select name="period" {
                    @for p in Period::ALL {
                        option value=(p.word()) selected[p == filters.period] { (w.t(period_key(p))) }
                    }
                }
            }
            // Text, not a date picker: the picker writes dates the browser's
            // way (11/01/2026 in an American one); officials write dd/mm/yyyy.
            label { (w.t(Key::XlsxFrom)) input type="text" inputmode="numeric" name="from" value=(format_date(filters.from)) placeholder="dd/mm/yyyy"; }
            label { (w.t(Key::XlsxTo)) input type="text" inputmode="numeric" name="to" value=(format_date(filters.to)) placeholder="dd/mm/yyyy"; }
            label { (w.t(Key::DashboardAgency))
                select name="agency" {
                    option value="" { (w.t(Key::DashboardAll)) }
                    @for (code, name) in agencies {
                        option value=(code) selected[agency.as_deref() == Some(code.as_str())] { (name) " (" (code) ")" }
                    }
                }
            }
            label { (w.t(Key::DashboardProcedure))
                input type="text" name="procedure" value=(filters.procedure.as_ref().map(ToString::to_string).unwrap_or_default()) placeholder="1.001193";
            }
            label { (w.t(Key::DashboardCommune))
                input type="text" name="commune" value=(filters.commune.clone().unwrap_or_default()) placeholder="32047";
            }
            label { (w.t(Key::DashboardChannel))
                select name="channel" {
                    option value="" { (w.t(Key::DashboardAll)) }
                    @for c in Channel::ALL {
                        option value=(c.code()) selected[filters.channel == Some(c)] { (w.t(Key::channel(c))) }
                    }
                }
            }
            label { (w.t(Key::DashboardBy))
                select name="by" {
                    @for (by, word) in GROUPINGS {
                        option value=(word) selected[by == filters.by] { (w.t(Key::grouping(Some(by)))) }
                    }
                }
            }
            label class="check" {
                input type="checkbox" name="verified" value="1" checked[filters.verified];
                (w.t(Key::DashboardVerifiedOnly))
            }
            button type="submit" { (w.t(Key::DashboardApply)) }
        }
    }
}

fn headline(w: &Words, all: &IndexRow, scale: Scale) -> Markup {
    html! {
        section class="cards" {
            div class="card main" {
                h2 { (w.t(Key::XlsxSatisfaction)) }
                p class="big" { (figure("satisfaction", all.satisfaction, w)) }
                p {
                    (w.t(Key::DashboardInterval)) ": "
                    (figure("satisfaction-low", all.satisfaction_low, w)) " – "
                    (figure("satisfaction-high", all.satisfaction_high, w))
                }
                p {
                    (w.t(Key::DashboardCounted)) ": "
                    strong id="counted" data-value=(all.counted_responses) { (all.counted_responses) }
                }
                @if all.small_sample { p class="warn" { (w.t(Key::XlsxSmallSample)) } }
            }
            div class="card" {
                h2 { (w.t(Key::XlsxResponseRate)) }
                p class="big" { (figure("response-rate", all.response_rate, w)) }
                p { (w.t(Key::XlsxResponses)) ": " strong id="responses" data-value=(all.responses) { (all.responses) } }
                p { (w.t(Key::XlsxReturned)) ": " strong id="returned" data-value=(all.returned) { (all.returned) } }
                p { (w.t(Key::XlsxVerifiedShare)) ": " (figure("verified-share", all.verified_share, w)) }
            }
            div class="card" {
                h2 { (w.t(Key::Dashboard766)) }
                p class="big" { (figure("d766", all.d766_dossier_satisfaction, w)) }
                p { (w.t_args(Key::DashboardTarget, &[("target", w.i18n.percent(w.lang, DOSSIER_SATISFACTION_TARGET).into())])) }
                p { (w.t(Key::XlsxD766OnTimeShare)) ": " (figure("d766-on-time", all.d766_on_time_share, w)) }
                p { (w.t(Key::XlsxD766OverdueShare)) ": " (figure("d766-overdue", all.d766_overdue_share, w)) }
                p { (w.t(Key::XlsxD766DislikedShare)) ": " (figure("d766-disliked", all.d766_disliked_share, w)) }
                p { (w.t(Key::XlsxD766LateApologizedShare)) ": " (figure("d766-apologized", all.d766_late_apologized_share, w)) }
                p { (w.t(Key::XlsxD766FeedbackOnTime)) ": " (figure("d766-feedback-on-time", all.d766_feedback_on_time, w)) }
                p { (w.t(Key::XlsxD766FeedbackSatisfaction)) ": " (figure("d766-feedback-satisfaction", all.d766_feedback_satisfaction, w)) }
            }
            div class="card levels" {
                h2 { (w.t(Key::DashboardLevels)) }
                @for (level, count, share) in all.levels_shown(scale) {
                    @let colour = level_colour(level);
                    div class="level" data-level=(level.key()) {
                        span class="label" { (w.level(level)) }
                        span class="bar" { span style=(format!("width:{:.1}%;background:{colour}", share.unwrap_or(0.0))) {} }
                        span class="n" { (count) " · " (w.percent(share)) }
                    }
                }
            }
        }
    }
}

fn trend(w: &Words, view: &View) -> Markup {
    let points: Vec<Point> = view
        .months
        .iter()
        .filter_map(|row| {
            Some(Point {
                label: w.month(&row.group),
                value_label: w.i18n.percent(w.lang, row.satisfaction?),
                value: row.satisfaction?,
                low: row.satisfaction_low?,
                high: row.satisfaction_high?,
            })
        })
        .collect();
    let title = w.t(Key::DashboardTrend);
    html! {
        section class="trend" {
            h2 { (title) }
            @if points.is_empty() {
                p { (w.t(Key::DashboardNoData)) }
            } @else {
                (chart::trend(&points, (w.i18n, w.lang), &title))
            }
        }
    }
}

fn group_table(w: &Words, filters: &Filters, view: &View) -> Markup {
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_else(|| "-1".into());
    html! {
        section class="groups" {
            h2 { (w.t(Key::grouping(Some(filters.by)))) }
            p class="hint" { (w.t(Key::DashboardSortHint)) }
            div class="scroll" {
                table class="sortable" id="groups" {
                    thead { tr {
                        th { (w.t(Key::XlsxGroup)) }
                        th { (w.t(Key::XlsxName)) }
                        th { (w.t(Key::XlsxResponses)) }
                        th { (w.t(Key::XlsxSatisfaction)) }
                        th { (w.t(Key::DashboardInterval)) }
                        th { (w.t(Key::XlsxResponseRate)) }
                        th { (w.t(Key::XlsxD766DossierSatisfaction)) }
                    } }
                    tbody {
                        @for row in &view.groups {
                            tr data-group=(row.group) {
                                td data-v=(row.group) { (row.group) }
                                td.words data-v=(w.group(filters.by, row)) { (w.group(filters.by, row)) }
                                td data-v=(row.counted_responses) { (row.counted_responses) }
                                td data-v=(number(row.satisfaction)) { (w.percent(row.satisfaction)) }
                                td data-v=(number(row.satisfaction_low)) {
                                    @if let (Some(l), Some(h)) = (row.satisfaction_low, row.satisfaction_high) {
                                        (decimal(w.lang, l)) " – " (decimal(w.lang, h))
                                    }
                                }
                                td data-v=(number(row.response_rate)) { (w.percent(row.response_rate)) }
                                td data-v=(number(row.d766_dossier_satisfaction)) { (w.percent(row.d766_dossier_satisfaction)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The questions the survey asks, with the words of each answer.
fn answer_words(w: &Words, question: &str, answer: &str) -> (usize, String) {
    if question == "agencies" {
        let (order, key) = match answer {
            "2" => (0, Key::AgenciesNone),
            "1" => (1, Key::AgenciesOneStop),
            _ => (2, Key::AgenciesSeveral),
        };
        return (order, w.t(key));
    }
    Level::ALL
        .iter()
        .position(|l| l.key() == answer)
        .map_or((5, answer.to_owned()), |i| (i, w.level(Level::ALL[i])))
}

fn questions(w: &Words, view: &View) -> Markup {
    let asked = [
        ("overall", Key::DashboardQuestionOverall),
        ("convenience", Key::DashboardQuestionConvenience),
        ("attitude", Key::DashboardQuestionAttitude),
        ("agencies", Key::DashboardQuestionAgencies),
    ];
    /// One answer: its place in the scale, its words, how many gave it.
    type Answer = (usize, String, i64);
    // Per question: its words, its answers in the scale's order, their total.
    let shown: Vec<(&str, Key, Vec<Answer>, i64)> = asked
        .into_iter()
        .map(|(question, key)| {
            let mut answers: Vec<Answer> = view
                .answers
                .iter()
                .filter(|a| a.question == question)
                .map(|a| {
                    let (order, words) = answer_words(w, question, &a.answer);
                    (order, words, a.count)
                })
                .collect();
            answers.sort();
            let total = answers.iter().map(|a| a.2).sum();
            (question, key, answers, total)
        })
        .filter(|(_, _, _, total)| *total > 0)
        .collect();
    let share = |count: i64, total: i64| count as f64 * 100.0 / total as f64;
    let colour = |order: usize| LEVEL_COLOURS[order.min(LEVEL_COLOURS.len() - 1)];
    html! {
        section class="questions" {
            h2 { (w.t(Key::DashboardQuestions)) }
            @if shown.is_empty() { p { (w.t(Key::DashboardNoData)) } }
            @for (question, key, answers, total) in &shown {
                div class="question" data-question=(question) {
                    h3 { (w.t(*key)) " (" (total) ")" }
                    div class="stack" {
                        @for (order, words, count) in answers {
                            span style=(format!("width:{:.2}%;background:{}", share(*count, *total), colour(*order))) title=(words) {}
                        }
                    }
                    ul class="legend" {
                        @for (order, words, count) in answers {
                            li data-answer=(words) data-count=(count) {
                                i style=(format!("background:{}", colour(*order))) {}
                                (words) ": " (count) " (" (w.i18n.percent(w.lang, share(*count, *total))) ")"
                            }
                        }
                    }
                }
            }
        }
    }
}

fn late(w: &Words, view: &View) -> Markup {
    html! {
        section class="late" {
            h2 { (w.t(Key::ReportLateTitle)) }
            @if view.late.is_empty() {
                p { (w.t(Key::ReportLateNone)) }
            } @else {
                div class="scroll" {
                    table class="sortable" {
                        thead { tr {
                            th { (w.t(Key::ReportLateAgency)) }
                            th { (w.t(Key::ReportLateCount)) }
                            th { (w.t(Key::ReportLateApologized)) }
                            th { (w.t(Key::ReportLateMeanDays)) }
                            th { (w.t(Key::ReportLateMaxDays)) }
                        } }
                        tbody {
                            @for (code, name, tally) in &view.late {
                                tr {
                                    td.words data-v=(code) { (code) " " (name) }
                                    td data-v=(tally.late) { (tally.late) }
                                    td data-v=(tally.apologized) { (tally.apologized) }
                                    td data-v=(tally.mean_days().unwrap_or(0.0)) {
                                        (tally.mean_days().map_or_else(|| "-".to_owned(), |m| decimal(w.lang, m)))
                                    }
                                    td data-v=(tally.days_max) { (tally.days_max) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The open cases the person may read, each linking to its history.
fn open_cases(w: &Words, view: &View) -> Markup {
    html! {
        section class="cases" id="cases" {
            h2 { (w.t(Key::DashboardCases)) }
            @if view.open_cases.is_empty() {
                p { (w.t(Key::DashboardCasesNone)) }
            } @else {
                div class="scroll" {
                    table class="sortable" {
                        thead { tr {
                            th { (w.t(Key::XlsxCaseNumber)) }
                            th { (w.t(Key::XlsxCaseState)) }
                            th { (w.t(Key::XlsxCaseDue)) }
                            th { (w.t(Key::XlsxCaseAgency)) }
                        } }
                        tbody {
                            @for case in &view.open_cases {
                                @let overdue = case.due_day < view.today;
                                tr class=[overdue.then_some("overdue")] {
                                    td data-v=(case.number) {
                                        a href=(format!("/dashboard/cases/{}", case.number)) { (case.number) }
                                    }
                                    td { (w.t(state_key(case.state))) }
                                    td data-v=(case.due_day) {
                                        (format_date(case.due_day))
                                        @if overdue { " " span class="overdue-mark" { (w.t(Key::DashboardCaseOverdue)) } }
                                    }
                                    td title=[case.agency.as_deref()] { (agency_name(view, case.agency.as_deref())) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `/dashboard/cases/{number}`: one case and its moves, who made each and
/// when, in the reader's language. A case outside the reader's agencies is
/// answered as one that does not exist.
pub async fn case(
    State(state): State<HttpState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Response {
    let i18n = &state.i18n;
    let w = Words {
        i18n,
        lang: staff.lang,
    };
    let found = match state.store.read().await {
        Ok(mut conn) => view::case_history(&mut conn, &number, &staff.role).await,
        Err(error) => Err(error),
    };
    match found {
        Ok(Some((case, history))) => {
            Html(case_page(&w, &case, &history).into_string()).into_response()
        }
        Ok(None) => {
            let text = w.t(Key::DashboardCaseNotFound);
            let page = layout(
                staff.lang,
                &text,
                html! { main { p id="not-found" { (text) } p { a href="/dashboard" { (w.t(Key::DashboardCaseBack)) } } } },
            );
            (StatusCode::NOT_FOUND, Html(page.into_string())).into_response()
        }
        Err(error) => {
            tracing::error!(error = %error, "the dashboard cannot read a case");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn case_page(w: &Words, case: &Case, history: &[view::Move]) -> Markup {
    let title = w.t_args(
        Key::DashboardCaseTitle,
        &[("number", case.number.to_string().into())],
    );
    let moment = |at: chrono::DateTime<Utc>| {
        at.with_timezone(&vietnam())
            .format("%d/%m/%Y %H:%M")
            .to_string()
    };
    let actor = |actor: Actor| {
        w.t(match actor {
            Actor::Citizen => Key::DashboardActorCitizen,
            Actor::Staff => Key::DashboardActorStaff,
            Actor::Admin => Key::DashboardActorAdmin,
            Actor::System => Key::DashboardActorSystem,
        })
    };
    layout(
        w.lang,
        &title,
        html! {
            header { (logout(w)) h1 { (title) } }
            main class="case" {
                section {
                    p { a href="/dashboard#cases" { (w.t(Key::DashboardCaseBack)) } }
                    dl {
                        dt { (w.t(Key::XlsxCaseState)) } dd id="case-state" { (w.t(state_key(case.state))) }
                        dt { (w.t(Key::XlsxCaseAgency)) } dd { (case.agency.as_deref().unwrap_or("-")) }
                        dt { (w.t(Key::XlsxCaseOpened)) } dd { (format_date(case.number.day())) }
                        dt { (w.t(Key::XlsxCaseDue)) } dd { (format_date(case.due_day)) }
                        dt { (w.t(Key::XlsxCaseBody)) } dd { (case.body.as_deref().unwrap_or("-")) }
                    }
                }
                section class="history" {
                    h2 { (w.t(Key::DashboardCaseHistory)) }
                    div class="scroll" {
                        table {
                            thead { tr {
                                th { (w.t(Key::DashboardHistoryAt)) }
                                th { (w.t(Key::DashboardHistoryWho)) }
                                th { (w.t(Key::DashboardHistoryEvent)) }
                                th { (w.t(Key::DashboardHistoryState)) }
                                th { (w.t(Key::DashboardHistoryNote)) }
                            } }
                            tbody {
                                @for step in history {
                                    tr class="move" {
                                        td { (moment(step.at)) }
                                        td {
                                            (actor(step.actor))
                                            @if let Some(user) = step.user { " " (user) }
                                        }
                                        td { (w.t(event_key(step.event))) }
                                        td {
                                            @if let Some(from) = step.from { (w.t(state_key(from))) " → " }
                                            (w.t(state_key(step.to)))
                                        }
                                        td { (step.note.as_deref().unwrap_or("")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// An agency's name in the reader's language, as the filter lists it; its
/// code if it has no name, "-" for the province's intake.
fn agency_name<'a>(view: &'a View, code: Option<&'a str>) -> &'a str {
    let Some(code) = code else { return "-" };
    view.agencies
        .iter()
        .find(|(known, _)| known == code)
        .map_or(code, |(_, name)| name.as_str())
}

/// The words for a row of a case's history.
fn event_key(event: CaseEvent) -> Key {
    match event {
        CaseEvent::Open => Key::CaseEventOpen,
        CaseEvent::Take => Key::CaseEventTake,
        CaseEvent::Forward => Key::CaseEventForward,
        CaseEvent::Answer => Key::CaseEventAnswer,
        CaseEvent::RatedSatisfied => Key::CaseEventRatedSatisfied,
        CaseEvent::RatedNotSatisfied => Key::CaseEventRatedNotSatisfied,
        CaseEvent::Withdraw => Key::CaseEventWithdraw,
        CaseEvent::CloseUnrated => Key::CaseEventCloseUnrated,
        CaseEvent::RemindHalfTime => Key::CaseEventRemindHalfTime,
        CaseEvent::RemindLastDay => Key::CaseEventRemindLastDay,
        CaseEvent::Escalate => Key::CaseEventEscalate,
    }
}

fn comments(w: &Words, view: &View) -> Markup {
    html! {
        section class="comments" {
            h2 { (w.t(Key::DashboardComments)) }
            @if view.comments.is_empty() {
                p { (w.t(Key::DashboardCommentsNone)) }
            } @else {
                ul {
                    @for c in &view.comments {
                        li {
                            p class="meta" {
                                (format_date(local_date(c.created_at))) " · " (c.code) " · " (c.procedure.get(w.lang))
                                " · " (Level::from_key(&c.overall).map_or_else(|| c.overall.clone(), |l| w.level(l)))
                            }
                            p { (c.comment.clone().unwrap_or_else(|| w.t(Key::DashboardNoComment))) }
                        }
                    }
                }
            }
        }
    }
}
