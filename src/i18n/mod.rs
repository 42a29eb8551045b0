//! Every user-facing string, from Fluent files under `locales/<lang>/`.
//!
//! Code names a message only through [`Key`], so it cannot ask for a message
//! that does not exist; a test checks that every key is defined in every
//! language and that no file defines a key the code does not know.

pub mod shorten;
use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::satisfaction::{Grade, GroupBy};
use crate::domain::{Channel, Language, Status};

macro_rules! keys {
    ($($variant:ident => $id:literal,)*) => {
        /// A message id in the Fluent files.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($variant,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$variant,)*];

            pub fn id(self) -> &'static str {
                match self { $(Key::$variant => $id,)* }
            }
        }
    };
}

keys! {
    Start => "start",
    Help => "help",
    LanguagePrompt => "language-prompt",
    LanguageChanged => "language-changed",
    NotUnderstood => "not-understood",
    UnknownCommand => "unknown-command",
    MediaUnsupported => "media-unsupported",
    EditedUnsupported => "edited-unsupported",
    GroupPrivateOnly => "group-private-only",
    ButtonExpired => "button-expired",
    ErrorApology => "error-apology",
    CommandStart => "command-start",
    CommandHelp => "command-help",
    CommandLanguage => "command-language",
    CommandStatus => "command-status",
    CommandStats => "command-stats",
    CommandComments => "command-comments",
    CommandBroadcast => "command-broadcast",
    CommandBroadcasts => "command-broadcasts",
    LookupCard => "lookup-card",
    LookupOverdue => "lookup-overdue",
    LookupPastDue => "lookup-past-due",
    LookupReturnedEarly => "lookup-returned-early",
    LookupReturnedOnTime => "lookup-returned-on-time",
    LookupReturnedLate => "lookup-returned-late",
    LookupNotFound => "lookup-not-found",
    LookupInvalidCode => "lookup-invalid-code",
    LookupRateLimited => "lookup-rate-limited",
    LookupUnavailable => "lookup-unavailable",
    LookupSourceMissing => "lookup-source-missing",
    LookupBusy => "lookup-busy",
    BroadcastEstimate => "broadcast-estimate",
    BroadcastEstimatePaid => "broadcast-estimate-paid",
    StatusUsage => "status-usage",
    FollowButton => "follow-button",
    UnfollowButton => "unfollow-button",
    FollowStarted => "follow-started",
    FollowStopped => "follow-stopped",
    LinkFollowed => "link-followed",
    LinkInvalid => "link-invalid",
    StatusChanged => "status-changed",
    NextStep3 => "next-step-3",
    NextStep5 => "next-step-5",
    NextStep6 => "next-step-6",
    NextStep8 => "next-step-8",
    NextStep9 => "next-step-9",
    NextStep10 => "next-step-10",
    Status1 => "status-1",
    Status2 => "status-2",
    Status3 => "status-3",
    Status4 => "status-4",
    Status5 => "status-5",
    Status6 => "status-6",
    Status7 => "status-7",
    Status8 => "status-8",
    Status9 => "status-9",
    Status10 => "status-10",
    ChannelDirect => "channel-direct",
    ChannelOnline => "channel-online",
    ChannelPostal => "channel-postal",
    CommandRate => "command-rate",
    SurveyInvite => "survey-invite",
    SurveyReminder => "survey-reminder",
    LevelVerySatisfied => "level-very-satisfied",
    LevelSatisfied => "level-satisfied",
    LevelNeutral => "level-neutral",
    LevelNotSatisfied => "level-not-satisfied",
    LevelVeryNotSatisfied => "level-very-not-satisfied",
    SurveyCounted => "survey-counted",
    SurveyMore => "survey-more",
    SurveyAttitude => "survey-attitude",
    SurveyAgencies => "survey-agencies",
    SurveyComment => "survey-comment",
    AgenciesNone => "agencies-none",
    AgenciesOneStop => "agencies-one-stop",
    AgenciesSeveral => "agencies-several",
    SurveySkip => "survey-skip",
    SurveyFinish => "survey-finish",
    SurveyDone => "survey-done",
    SurveyAlready => "survey-already",
    SurveyCommentTooLong => "survey-comment-too-long",
    RateUsage => "rate-usage",
    RateNotReturned => "rate-not-returned",
    LowRatingAlert => "low-rating-alert",
    CommandNotices => "command-notices",
    NoticesFooter => "notices-footer",
    NoticesOff => "notices-off",
    NoticesOn => "notices-on",
    NoticesAreOn => "notices-are-on",
    NoticesAreOff => "notices-are-off",
    AdminOnly => "admin-only",
    HelpAdmin => "help-admin",
    HelpStaff => "help-staff",
    BroadcastAsk => "broadcast-ask",
    BroadcastEmpty => "broadcast-empty",
    BroadcastTooLong => "broadcast-too-long",
    BroadcastBadFormat => "broadcast-bad-format",
    BroadcastChooseAudience => "broadcast-choose-audience",
    BroadcastPickGroup => "broadcast-pick-group",
    BroadcastAudienceUnknown => "broadcast-audience-unknown",
    AudienceAll => "audience-all",
    AudienceByCommune => "audience-by-commune",
    AudienceByAgency => "audience-by-agency",
    AudienceByProcedure => "audience-by-procedure",
    AudienceByLanguage => "audience-by-language",
    AudienceNone => "audience-none",
    AudienceLabelAll => "audience-label-all",
    AudienceLabelCommune => "audience-label-commune",
    AudienceLabelAgency => "audience-label-agency",
    AudienceLabelProcedure => "audience-label-procedure",
    AudienceLabelLanguage => "audience-label-language",
    ButtonBack => "button-back",
    ButtonCancel => "button-cancel",
    BroadcastTo => "broadcast-to",
    BroadcastSendButton => "broadcast-send-button",
    BroadcastConfirm => "broadcast-confirm",
    BroadcastDraftCancelled => "broadcast-draft-cancelled",
    BroadcastCancelUsage => "broadcast-cancel-usage",
    BroadcastCancelDone => "broadcast-cancel-done",
    BroadcastCancelNotRunning => "broadcast-cancel-not-running",
    BroadcastQueued => "broadcast-queued",
    BroadcastProgress => "broadcast-progress",
    BroadcastReport => "broadcast-report",
    BroadcastListEmpty => "broadcast-list-empty",
    BroadcastListTitle => "broadcast-list-title",
    BroadcastListItem => "broadcast-list-item",
    BroadcastStateQueued => "broadcast-state-queued",
    BroadcastStateSending => "broadcast-state-sending",
    BroadcastStateFinished => "broadcast-state-finished",
    BroadcastStateCancelled => "broadcast-state-cancelled",
    StatsUsage => "stats-usage",
    PeriodNotADate => "period-not-a-date",
    StatsEmpty => "stats-empty",
    StatsSmallSample => "stats-small-sample",
    StatsCaption => "stats-caption",
    ChartByMonth => "chart-by-month",
    ChartByAgency => "chart-by-agency",
    CommentsNone => "comments-none",
    CommentsTitle => "comments-title",
    GradeExcellent => "grade-excellent",
    GradeGood => "grade-good",
    GradeFair => "grade-fair",
    GradeAverage => "grade-average",
    GradePoor => "grade-poor",
    SurveyConvenience => "survey-convenience",
    SurveyUseButtons => "survey-use-buttons",
    SurveyWentWell => "survey-went-well",
    SurveyWentBadly => "survey-went-badly",
    SurveyNext => "survey-next",
    ChipTime => "chip-time",
    ChipAttitude => "chip-attitude",
    ChipProcedure => "chip-procedure",
    ChipInformation => "chip-information",
    ChipResult => "chip-result",
    LookupCodeHelp => "lookup-code-help",
    OfficeNote => "office-note",
    RateButton => "rate-button",
    RatedButton => "rated-button",
    LookupDueIn => "lookup-due-in",
    LookupAwaitingPapers => "lookup-awaiting-papers",
    LookupAwaitingPayment => "lookup-awaiting-payment",
    LookupApology => "lookup-apology",
    DelayApology => "delay-apology",
    SourceDropped => "source-dropped",
    ReportLateTitle => "report-late-title",
    ReportLateAgency => "report-late-agency",
    ReportLateCount => "report-late-count",
    ReportLateApologized => "report-late-apologized",
    ReportLateMeanDays => "report-late-mean-days",
    ReportLateMaxDays => "report-late-max-days",
    ReportLateNone => "report-late-none",
    XlsxSheetOverall => "xlsx-sheet-overall",
    XlsxSheetAgency => "xlsx-sheet-agency",
    XlsxSheetProcedure => "xlsx-sheet-procedure",
    XlsxSheetCommune => "xlsx-sheet-commune",
    XlsxSheetMonth => "xlsx-sheet-month",
    XlsxSheetChannel => "xlsx-sheet-channel",
    XlsxTitle => "xlsx-title",
    XlsxFrom => "xlsx-from",
    XlsxTo => "xlsx-to",
    XlsxMade => "xlsx-made",
    XlsxOpenEnd => "xlsx-open-end",
    XlsxGroup => "xlsx-group",
    XlsxResponses => "xlsx-responses",
    XlsxVerifiedResponses => "xlsx-verified-responses",
    XlsxReturned => "xlsx-returned",
    XlsxResponseRate => "xlsx-response-rate",
    XlsxVerySatisfied => "xlsx-very-satisfied",
    XlsxVerySatisfiedShare => "xlsx-very-satisfied-share",
    XlsxSatisfied => "xlsx-satisfied",
    XlsxSatisfiedShare => "xlsx-satisfied-share",
    XlsxNeutral => "xlsx-neutral",
    XlsxNeutralShare => "xlsx-neutral-share",
    XlsxNotSatisfied => "xlsx-not-satisfied",
    XlsxNotSatisfiedShare => "xlsx-not-satisfied-share",
    XlsxVeryNotSatisfied => "xlsx-very-not-satisfied",
    XlsxVeryNotSatisfiedShare => "xlsx-very-not-satisfied-share",
    XlsxSatisfaction => "xlsx-satisfaction",
    XlsxSatisfactionLow => "xlsx-satisfaction-low",
    XlsxSatisfactionHigh => "xlsx-satisfaction-high",
    XlsxMeanTotal => "xlsx-mean-total",
    XlsxGrade => "xlsx-grade",
    XlsxIndex1 => "xlsx-index-1",
    XlsxIndex2 => "xlsx-index-2",
    XlsxIndex3 => "xlsx-index-3",
    XlsxIndex4 => "xlsx-index-4",
    XlsxIndex5 => "xlsx-index-5",
    XlsxIndex6 => "xlsx-index-6",
    XlsxIndex7 => "xlsx-index-7",
    XlsxIndex8 => "xlsx-index-8",
    XlsxIndex9 => "xlsx-index-9",
    XlsxSmallSample => "xlsx-small-sample",
    XlsxName => "xlsx-name",
    XlsxVerifiedShare => "xlsx-verified-share",
    XlsxD766DossierSatisfaction => "xlsx-d766-dossier-satisfaction",
    XlsxD766OverdueShare => "xlsx-d766-overdue-share",
    XlsxD766DislikedShare => "xlsx-d766-disliked-share",
    XlsxD766OnTimeShare => "xlsx-d766-on-time-share",
    XlsxD766LateApologizedShare => "xlsx-d766-late-apologized-share",
    XlsxIndicesMeasured => "xlsx-indices-measured",
    XlsxYes => "xlsx-yes",
    XlsxNo => "xlsx-no",
    StatsPeriodReversed => "stats-period-reversed",
    StatsHeadline => "stats-headline",
    StatsCountedVerified => "stats-counted-verified",
    StatsLevel => "stats-level",
    Stats766 => "stats-766",
    StatsCircular01Total => "stats-circular-01-total",
    StatsCircular01Partial => "stats-circular-01-partial",
    StatsNoData => "stats-no-data",
    ChartLevels => "chart-levels",
    ChartNoData => "chart-no-data",
    ChartPercent => "chart-percent",
    ChartMonth => "chart-month",
    CommentsUsage => "comments-usage",
    CommentsPeriodReversed => "comments-period-reversed",
    CommentsAgencyUnknown => "comments-agency-unknown",
    CommentsPeriod => "comments-period",
    CommentsAgency => "comments-agency",
    CommentsEntry => "comments-entry",
    CommentsWentBadly => "comments-went-badly",
    CommentsWentWell => "comments-went-well",
    CommentsComment => "comments-comment",
    CommentsNewer => "comments-newer",
    CommentsOlder => "comments-older",
    CommandFeedback => "command-feedback",
    CommandCases => "command-cases",
    CaseFeedbackButton => "case-feedback-button",
    CaseOffer => "case-offer",
    CaseAskSubject => "case-ask-subject",
    CaseSubjectAgency => "case-subject-agency",
    CaseSubjectProcedure => "case-subject-procedure",
    CaseSubjectProvince => "case-subject-province",
    CaseAskAgency => "case-ask-agency",
    CaseAskProcedure => "case-ask-procedure",
    CasePickHint => "case-pick-hint",
    CasePickPage => "case-pick-page",
    CasePickPrevious => "case-pick-previous",
    CasePickNext => "case-pick-next",
    CasePickFound => "case-pick-found",
    CasePickNone => "case-pick-none",
    CasePickAll => "case-pick-all",
    CaseAskKind => "case-ask-kind",
    CaseKindDelay => "case-kind-delay",
    CaseKindAttitude => "case-kind-attitude",
    CaseKindPapers => "case-kind-papers",
    CaseKindProposal => "case-kind-proposal",
    CaseKindOther => "case-kind-other",
    CaseAskText => "case-ask-text",
    CaseTextInvalid => "case-text-invalid",
    CaseAskPhotos => "case-ask-photos",
    CaseNext => "case-next",
    CaseConfirm => "case-confirm",
    CasePublishOff => "case-publish-off",
    CasePublishOn => "case-publish-on",
    CaseSend => "case-send",
    CaseCancel => "case-cancel",
    CaseCancelled => "case-cancelled",
    CaseUseButtons => "case-use-buttons",
    CaseSent => "case-sent",
    CaseTooManyOpen => "case-too-many-open",
    CaseListTitle => "case-list-title",
    CaseListLine => "case-list-line",
    CaseListLineAnswered => "case-list-line-answered",
    CaseListLineEnded => "case-list-line-ended",
    CaseListEarlier => "case-list-earlier",
    CaseNew => "case-new",
    CaseWithdraw => "case-withdraw",
    CaseRead => "case-read",
    CaseWithdrawn => "case-withdrawn",
    CaseStateReceived => "case-state-received",
    CaseStateAcknowledged => "case-state-acknowledged",
    CaseStateForwarded => "case-state-forwarded",
    CaseStateAnswered => "case-state-answered",
    CaseStateReopened => "case-state-reopened",
    CaseStateClosed => "case-state-closed",
    CaseStateWithdrawn => "case-state-withdrawn",
    CaseAnswerToCitizen => "case-answer-to-citizen",
    CaseSatisfied => "case-satisfied",
    CaseNotSatisfied => "case-not-satisfied",
    CaseClosedThanks => "case-closed-thanks",
    CaseAskReason => "case-ask-reason",
    CaseSkip => "case-skip",
    CaseReopened => "case-reopened",
    CaseNotNow => "case-not-now",
    CaseNotNowState => "case-not-now-state",
    CaseTakeBeforeForward => "case-take-before-forward",
    CaseProvince => "case-province",
    CaseStaffCard => "case-staff-card",
    CaseStaffKhmer => "case-staff-khmer",
    CaseStaffForwardedNote => "case-staff-forwarded-note",
    CaseStaffReopenedNote => "case-staff-reopened-note",
    CaseStaffPhotos => "case-staff-photos",
    CaseStaffPublish => "case-staff-publish",
    CaseStaffHint => "case-staff-hint",
    CaseTake => "case-take",
    CaseForward => "case-forward",
    CaseAnswerButton => "case-answer-button",
    CaseTaken => "case-taken",
    CaseForwardHow => "case-forward-how",
    CaseAnswerHow => "case-answer-how",
    CaseAnswered => "case-answered",
    CaseForwarded => "case-forwarded",
    CaseForwardUsage => "case-forward-usage",
    CaseAnswerUsage => "case-answer-usage",
    CaseUnknownAgency => "case-unknown-agency",
    CaseNotFound => "case-not-found",
    CasesTitle => "cases-title",
    CasesNone => "cases-none",
    CasesLine => "cases-line",
    CasesOverdueMark => "cases-overdue-mark",
    CasesHeldMark => "cases-held-mark",
    CasesKhmerMark => "cases-khmer-mark",
    CasesUsage => "cases-usage",
    CaseForwardReason => "case-forward-reason",
    // cases-jobs: deadlines, the export and Decision 766's feedback figures.
    CaseRemindHalfTime => "case-remind-half-time",
    CaseRemindLastDay => "case-remind-last-day",
    CaseEscalated => "case-escalated",
    CaseIntake => "case-intake",
    XlsxD766FeedbackOnTime => "xlsx-d766-feedback-on-time",
    XlsxD766FeedbackSatisfaction => "xlsx-d766-feedback-satisfaction",
    XlsxD766FeedbackDue => "xlsx-d766-feedback-due",
    XlsxD766FeedbackFirstTime => "xlsx-d766-feedback-first-time",
    XlsxSheetCases => "xlsx-sheet-cases",
    XlsxCasesTitle => "xlsx-cases-title",
    XlsxCaseNumber => "xlsx-case-number",
    XlsxCaseOpened => "xlsx-case-opened",
    XlsxCaseCitizen => "xlsx-case-citizen",
    XlsxCaseSubject => "xlsx-case-subject",
    XlsxCaseKind => "xlsx-case-kind",
    XlsxCaseAgency => "xlsx-case-agency",
    XlsxCaseProcedure => "xlsx-case-procedure",
    XlsxCaseDossier => "xlsx-case-dossier",
    XlsxCaseLanguage => "xlsx-case-language",
    XlsxCaseState => "xlsx-case-state",
    XlsxCaseDue => "xlsx-case-due",
    XlsxCaseAnswered => "xlsx-case-answered",
    XlsxCaseOnTime => "xlsx-case-on-time",
    XlsxCaseRating => "xlsx-case-rating",
    XlsxCaseReopened => "xlsx-case-reopened",
    XlsxCaseBody => "xlsx-case-body",
    XlsxCaseAnswer => "xlsx-case-answer",
    CommandDashboard => "command-dashboard",
    DashboardLink => "dashboard-link",
    DashboardTitle => "dashboard-title",
    DashboardLoginTitle => "dashboard-login-title",
    DashboardLoginHow => "dashboard-login-how",
    DashboardLoginOpen => "dashboard-login-open",
    DashboardLoggedIn => "dashboard-logged-in",
    DashboardLogout => "dashboard-logout",
    DashboardBadDate => "dashboard-bad-date",
    DashboardBadOrder => "dashboard-bad-order",
    DashboardBadChoice => "dashboard-bad-choice",
    DashboardBadCode => "dashboard-bad-code",
    DashboardBadFilterBack => "dashboard-bad-filter-back",
    DashboardShown => "dashboard-shown",
    DashboardScopeAll => "dashboard-scope-all",
    DashboardScope => "dashboard-scope",
    DashboardExportCsv => "dashboard-export-csv",
    DashboardExportXlsx => "dashboard-export-xlsx",
    DashboardNoData => "dashboard-no-data",
    DashboardPeriod => "dashboard-period",
    DashboardPeriodYear => "dashboard-period-year",
    DashboardPeriodQuarter => "dashboard-period-quarter",
    DashboardPeriodMonth => "dashboard-period-month",
    DashboardPeriodDays => "dashboard-period-days",
    DashboardAgency => "dashboard-agency",
    DashboardProcedure => "dashboard-procedure",
    DashboardCommune => "dashboard-commune",
    DashboardChannel => "dashboard-channel",
    DashboardAll => "dashboard-all",
    DashboardBy => "dashboard-by",
    DashboardVerifiedOnly => "dashboard-verified-only",
    DashboardApply => "dashboard-apply",
    DashboardInterval => "dashboard-interval",
    DashboardCounted => "dashboard-counted",
    Dashboard766 => "dashboard-766",
    DashboardTarget => "dashboard-target",
    DashboardLevels => "dashboard-levels",
    DashboardTrend => "dashboard-trend",
    DashboardSortHint => "dashboard-sort-hint",
    DashboardQuestions => "dashboard-questions",
    DashboardQuestionOverall => "dashboard-question-overall",
    DashboardQuestionConvenience => "dashboard-question-convenience",
    DashboardQuestionAttitude => "dashboard-question-attitude",
    DashboardQuestionAgencies => "dashboard-question-agencies",
    DashboardComments => "dashboard-comments",
    DashboardCommentsNone => "dashboard-comments-none",
    DashboardNoComment => "dashboard-no-comment",
    CommandMydata => "command-mydata",
    CommandForget => "command-forget",
    MydataTitle => "mydata-title",
    MydataLanguage => "mydata-language",
    MydataLanguageAuto => "mydata-language-auto",
    MydataFirstSeen => "mydata-first-seen",
    MydataFollows => "mydata-follows",
    MydataResponses => "mydata-responses",
    MydataCases => "mydata-cases",
    MydataNone => "mydata-none",
    MydataFooter => "mydata-footer",
    ForgetAsk => "forget-ask",
    ForgetOpenCases => "forget-open-cases",
    ForgetConfirmButton => "forget-confirm-button",
    ForgetKeepButton => "forget-keep-button",
    ForgetDone => "forget-done",
    ForgetKept => "forget-kept",
    GrantUsage => "grant-usage",
    GrantUnknownAgency => "grant-unknown-agency",
    GrantDoneAdmin => "grant-done-admin",
    GrantDoneStaff => "grant-done-staff",
    GrantDoneStaffAgencies => "grant-done-staff-agencies",
    RevokeUsage => "revoke-usage",
    RevokeDone => "revoke-done",
    RevokeNone => "revoke-none",
    RoleInConfiguration => "role-in-configuration",
    RoleGrantedStaff => "role-granted-staff",
    RoleGrantedStaffAgencies => "role-granted-staff-agencies",
    RoleGrantedAdmin => "role-granted-admin",
    RoleRevoked => "role-revoked",
    CommandGrant => "command-grant",
    CommandRevoke => "command-revoke",
    XlsxSheetResponses => "xlsx-sheet-responses",
    XlsxResponsesTitle => "xlsx-responses-title",
    XlsxResponseDay => "xlsx-response-day",
    XlsxResponseAgencyCode => "xlsx-response-agency-code",
    XlsxResponseAgency => "xlsx-response-agency",
    XlsxResponseProcedureCode => "xlsx-response-procedure-code",
    XlsxResponseProcedure => "xlsx-response-procedure",
    XlsxResponseCommune => "xlsx-response-commune",
    XlsxResponseChannel => "xlsx-response-channel",
    XlsxResponseVerified => "xlsx-response-verified",
    XlsxResponseOverall => "xlsx-response-overall",
    XlsxResponseConvenience => "xlsx-response-convenience",
    XlsxResponseAttitude => "xlsx-response-attitude",
    XlsxResponseAgencies => "xlsx-response-agencies",
    XlsxResponseWentWell => "xlsx-response-went-well",
    XlsxResponseWentBadly => "xlsx-response-went-badly",
    XlsxResponseComment => "xlsx-response-comment",
    CommandExport => "command-export",
    ExportUsage => "export-usage",
    ExportCaption => "export-caption",
    ExportTooLarge => "export-too-large",
    ExportPeriodReversed => "export-period-reversed",
    DashboardExportIndex => "dashboard-export-index",
    DashboardExportResponses => "dashboard-export-responses",
    DashboardExportCases => "dashboard-export-cases",
    DashboardCases => "dashboard-cases",
    DashboardCasesNone => "dashboard-cases-none",
    DashboardCaseOverdue => "dashboard-case-overdue",
    DashboardCaseTitle => "dashboard-case-title",
    DashboardCaseNotFound => "dashboard-case-not-found",
    DashboardCaseBack => "dashboard-case-back",
    DashboardCaseHistory => "dashboard-case-history",
    DashboardHistoryAt => "dashboard-history-at",
    DashboardHistoryWho => "dashboard-history-who",
    DashboardHistoryState => "dashboard-history-state",
    DashboardHistoryNote => "dashboard-history-note",
    DashboardActorCitizen => "dashboard-actor-citizen",
    DashboardActorStaff => "dashboard-actor-staff",
    DashboardActorAdmin => "dashboard-actor-admin",
    DashboardActorSystem => "dashboard-actor-system",
    DashboardHistoryEvent => "dashboard-history-event",
    CaseEventOpen => "case-event-open",
    CaseEventTake => "case-event-take",
    CaseEventForward => "case-event-forward",
    CaseEventAnswer => "case-event-answer",
    CaseEventRatedSatisfied => "case-event-rated-satisfied",
    CaseEventRatedNotSatisfied => "case-event-rated-not-satisfied",
    CaseEventWithdraw => "case-event-withdraw",
    CaseEventCloseUnrated => "case-event-close-unrated",
    CaseEventRemindHalfTime => "case-event-remind-half-time",
    CaseEventRemindLastDay => "case-event-remind-last-day",
    CaseEventEscalate => "case-event-escalate",
}

impl Key {
    pub fn status(status: Status) -> Key {
        match status {
            Status::Registered => Key::Status1,
            Status::Received => Key::Status2,
            Status::NotAccepted => Key::Status3,
            Status::Processing => Key::Status4,
            Status::SupplementRequested => Key::Status5,
            Status::PaymentRequested => Key::Status6,
            Status::Withdrawn => Key::Status7,
            Status::Stopped => Key::Status8,
            Status::ResultReady => Key::Status9,
            Status::Returned => Key::Status10,
        }
    }

    /// What the citizen should do now, for the statuses that ask something of them.
    pub fn next_step(status: Status) -> Option<Key> {
        match status {
            Status::NotAccepted => Some(Key::NextStep3),
            Status::SupplementRequested => Some(Key::NextStep5),
            Status::PaymentRequested => Some(Key::NextStep6),
            Status::Stopped => Some(Key::NextStep8),
            Status::ResultReady => Some(Key::NextStep9),
            Status::Returned => Some(Key::NextStep10),
            _ => None,
        }
    }

    pub fn grade(grade: Grade) -> Key {
        match grade {
            Grade::Excellent => Key::GradeExcellent,
            Grade::Good => Key::GradeGood,
            Grade::Fair => Key::GradeFair,
            Grade::Average => Key::GradeAverage,
            Grade::Poor => Key::GradePoor,
        }
    }

    /// The name of a grouping of the index: a workbook's sheet, the
    /// dashboard's choice of table.
    pub fn grouping(by: Option<GroupBy>) -> Key {
        match by {
            None => Key::XlsxSheetOverall,
            Some(GroupBy::Agency) => Key::XlsxSheetAgency,
            Some(GroupBy::Procedure) => Key::XlsxSheetProcedure,
            Some(GroupBy::Commune) => Key::XlsxSheetCommune,
            Some(GroupBy::Month) => Key::XlsxSheetMonth,
            Some(GroupBy::Channel) => Key::XlsxSheetChannel,
        }
    }

    pub fn channel(channel: Channel) -> Key {
        match channel {
            Channel::Direct => Key::ChannelDirect,
            Channel::Online => Key::ChannelOnline,
            Channel::Postal => Key::ChannelPostal,
        }
    }
}

const SOURCES: [(Language, &str); 3] = [
    (Language::Vi, include_str!("../../locales/vi/main.ftl")),
    (Language::En, include_str!("../../locales/en/main.ftl")),
    (Language::Km, include_str!("../../locales/km/main.ftl")),
];

#[derive(Debug, thiserror::Error)]
#[error("locales/{language}/main.ftl does not parse: {reason}")]
pub struct I18nError {
    language: Language,
    reason: String,
}

/// The decimal mark: the comma Vietnamese officials write ("75,0"), as
/// Khmer does too (CLDR's `km`); English uses the point. Everything that
/// writes a figure for people asks here: messages, tables, CSV files.
pub fn decimal_mark(lang: Language) -> char {
    match lang {
        Language::Vi | Language::Km => ',',
        Language::En => '.',
    }
}

/// What groups the thousands: the other mark of the two.
fn thousands_separator(lang: Language) -> char {
    match decimal_mark(lang) {
        ',' => '.',
        _ => ',',
    }
}

/// A figure with one decimal, with the language's [`decimal_mark`].
pub fn decimal(lang: Language, value: f64) -> String {
    format!("{value:.1}").replace('.', decimal_mark(lang).encode_utf8(&mut [0; 4]))
}

/// A whole number as the language writes it, thousands grouped as the
/// Fluent bundles group them ("2.000", "2,000").
pub fn whole(lang: Language, value: i64) -> String {
    grouped(&FluentValue::from(value), thousands_separator(lang))
        .unwrap_or_else(|| value.to_string())
}

/// A whole number of four digits or more with its thousands grouped as the
/// language writes them ("2.000" in Vietnamese, as in Khmer; "2,000" in
/// English); anything else as Fluent writes it. Fluent still selects a
/// plural on the number itself.
fn grouped(value: &FluentValue<'_>, separator: char) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let whole = number.value;
    if whole.fract() != 0.0 || whole.abs() < 1000.0 || whole.abs() >= 1e15 {
        return None;
    }
    let digits = format!("{}", whole.abs() as u64);
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if whole < 0.0 {
        text.push('-');
    }
    for (n, digit) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            text.push(separator);
        }
        text.push(digit);
    }
    Some(text)
}

pub struct I18n {
    bundles: HashMap<Language, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

impl I18n {
    pub fn load() -> Result<Self, I18nError> {
        let mut bundles = HashMap::new();
        for (language, source) in SOURCES {
            let fail = |reason: String| I18nError { language, reason };
            let resource = FluentResource::try_new(source.to_owned())
                .map_err(|(_, errors)| fail(format!("{errors:?}")))?;
            let tag = language
                .code()
                .parse()
                .map_err(|e| fail(format!("{e:?}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            // Telegram renders bidi isolation marks as stray characters.
            bundle.set_use_isolating(false);
            // A formatter is a plain function: one per language.
            bundle.set_formatter(Some(match language {
                Language::Vi => |value, _| grouped(value, thousands_separator(Language::Vi)),
                Language::Km => |value, _| grouped(value, thousands_separator(Language::Km)),
                Language::En => |value, _| grouped(value, thousands_separator(Language::En)),
            }));
            bundle
                .add_resource(resource)
                .map_err(|errors| fail(format!("{errors:?}")))?;
            bundles.insert(language, bundle);
        }
        Ok(Self { bundles })
    }

    pub fn t(&self, language: Language, key: Key) -> String {
        self.format(language, key, None)
    }

    /// A share as the reader writes it: "75,0 %", with a space that does
    /// not break.
    pub fn percent(&self, language: Language, value: f64) -> String {
        self.t_args(
            language,
            Key::ChartPercent,
            &[("value", decimal(language, value).into())],
        )
    }

    /// A whole share as a chart's scale writes it: "25 %".
    pub fn scale_percent(&self, language: Language, value: f64) -> String {
        self.t_args(
            language,
            Key::ChartPercent,
            &[("value", format!("{value:.0}").into())],
        )
    }

    /// A share as [`Self::percent`] writes it, or the words for "no data
    /// yet": the unit goes with the figure, never "chưa có dữ liệu %".
    pub fn share(&self, language: Language, value: Option<f64>) -> String {
        value.map_or_else(
            || self.t(language, Key::StatsNoData),
            |v| self.percent(language, v),
        )
    }

    /// A 95 % interval as the reader writes it: "49,0 % – 94,3 %".
    pub fn interval(&self, language: Language, low: f64, high: f64) -> String {
        format!(
            "{} – {}",
            self.percent(language, low),
            self.percent(language, high)
        )
    }

    /// What a group of the index is called for people: the whole province,
    /// a month ("T8/2026"), a channel in words, or the agency's,
    /// procedure's or commune's name.
    pub fn group_words(
        &self,
        language: Language,
        by: Option<GroupBy>,
        group: &str,
        name: Option<&str>,
    ) -> String {
        match by {
            None => self.t(language, Key::grouping(None)),
            Some(GroupBy::Month) => self.month(language, group),
            Some(GroupBy::Channel) => Channel::parse(group)
                .map_or_else(|_| group.to_owned(), |c| self.t(language, Key::channel(c))),
            Some(_) => name.unwrap_or_default().to_owned(),
        }
    }

    /// A month of the index ("2026-08") as the reader writes it: "T8/2026";
    /// anything else as it is.
    pub fn month(&self, language: Language, group: &str) -> String {
        use chrono::Datelike;
        match chrono::NaiveDate::parse_from_str(&format!("{group}-01"), "%Y-%m-%d") {
            Ok(first) => self.t_args(
                language,
                Key::ChartMonth,
                &[
                    ("month", i64::from(first.month()).into()),
                    ("year", first.year().to_string().into()),
                ],
            ),
            Err(_) => group.to_owned(),
        }
    }

    pub fn t_args(&self, language: Language, key: Key, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(language, key, Some(&fluent_args))
    }

    fn format(&self, language: Language, key: Key, args: Option<&FluentArgs<'_>>) -> String {
        let Some(bundle) = self.bundles.get(&language) else {
            return key.id().to_owned();
        };
        let Some(pattern) = bundle.get_message(key.id()).and_then(|m| m.value()) else {
            tracing::error!(key = key.id(), %language, "message missing");
            return key.id().to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::error!(key = key.id(), %language, ?errors, "message did not format");
        }
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids a language's file defines.
    fn defined_ids(source: &str) -> Vec<String> {
        use fluent_syntax::ast::Entry;
        let resource = fluent_syntax::parser::parse(source).expect("parses");
        resource
            .body
            .iter()
            .filter_map(|entry| match entry {
                Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_defines_every_key_and_nothing_else() {
        let i18n = I18n::load().expect("locales parse");
        let known: Vec<&str> = Key::ALL.iter().map(|k| k.id()).collect();
        for (language, source) in SOURCES {
            let bundle = &i18n.bundles[&language];
            for key in Key::ALL {
                assert!(
                    bundle
                        .get_message(key.id())
                        .and_then(|m| m.value())
                        .is_some(),
                    "locales/{language}/main.ftl lacks `{}`",
                    key.id()
                );
            }
            for id in defined_ids(source) {
                assert!(
                    known.contains(&id.as_str()),
                    "locales/{language}/main.ftl defines `{id}`, which no code uses"
                );
            }
        }
    }

    /// Every `.ftl` file under `locales/`, by language folder and file name.
    fn files_on_disk() -> Vec<(String, String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let mut files = Vec::new();
        for folder in std::fs::read_dir(&root).expect("locales/ is readable") {
            let folder = folder.expect("an entry").path();
            let language = folder
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            for file in std::fs::read_dir(&folder).expect("a language folder") {
                let file = file.expect("an entry").path();
                if file.extension().is_some_and(|e| e == "ftl") {
                    let name = file
                        .file_name()
                        .expect("a name")
                        .to_string_lossy()
                        .into_owned();
                    let text = std::fs::read_to_string(&file).expect("UTF-8");
                    files.push((language.clone(), name, text));
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn every_fluent_file_is_loaded_and_has_the_same_keys_in_every_language() {
        let files = files_on_disk();
        let folders: std::collections::BTreeSet<&str> = files
            .iter()
            .map(|(language, _, _)| language.as_str())
            .collect();
        let languages: std::collections::BTreeSet<&str> =
            Language::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(folders, languages, "one folder per language under locales/");
        for (language, name, text) in &files {
            // A file the binary does not embed would be translated for nothing.
            assert!(
                SOURCES
                    .iter()
                    .any(|(l, source)| l.code() == language && source == text),
                "locales/{language}/{name} is not loaded by i18n::SOURCES"
            );
            let mut ids = defined_ids(text);
            ids.sort();
            for other in &languages {
                let twin = files
                    .iter()
                    .find(|(l, n, _)| l == other && n == name)
                    .unwrap_or_else(|| panic!("locales/{other}/{name} is missing"));
                let mut twin_ids = defined_ids(&twin.2);
                twin_ids.sort();
                assert_eq!(
                    ids, twin_ids,
                    "locales/{language}/{name} and locales/{other}/{name} define different keys"
                );
            }
        }
    }

    #[test]
    fn thousands_are_grouped_as_each_language_writes_them() {
        let i18n = I18n::load().expect("locales parse");
        let max = |lang| i18n.t_args(lang, Key::CaseAskText, &[("max", 2000.into())]);
        assert!(max(Language::Vi).contains("2.000"), "{}", max(Language::Vi));
        assert!(max(Language::Km).contains("2.000"), "{}", max(Language::Km));
        assert!(max(Language::En).contains("2,000"), "{}", max(Language::En));
        let few = i18n.t_args(Language::Vi, Key::CaseAskText, &[("max", 999.into())]);
        assert!(few.contains("999"), "{few}");
        assert_eq!(
            grouped(&FluentValue::from(-1_234_567), '.').as_deref(),
            Some("-1.234.567")
        );
        assert_eq!(grouped(&FluentValue::from(1234.5), '.'), None);
    }

    /// The figures the bot fills in are written with Arabic digits, so the
    /// Khmer messages' own numbers are too: "95 %", not "៩៥%" beside "30,6 %".
    #[test]
    fn khmer_messages_write_numbers_as_their_figures_are_written() {
        let i18n = I18n::load().expect("locales parse");
        for key in Key::ALL {
            let text = i18n.t(Language::Km, *key);
            assert!(
                !text.chars().any(|c| ('\u{17E0}'..='\u{17E9}').contains(&c)),
                "km `{}` reads as: {text}",
                key.id()
            );
        }
    }

    /// Keys of the messages said to staff and admins, by prefix: colleagues,
    /// not the citizens the bot serves.
    const TO_STAFF_PREFIXES: [&str; 16] = [
        "dashboard-",
        "stats-",
        "comments-",
        "cases-",
        "broadcast-",
        "audience-",
        "chart-",
        "xlsx-",
        "export-",
        "grant-",
        "revoke-",
        "role-",
        "admin-",
        "case-staff-",
        "case-take",
        "case-forward",
    ];

    /// Messages to staff whose keys no prefix gives away: the staff and
    /// admin parts of /help, how an official answers a case, the deadline
    /// reminders and low-rating alerts sent to an agency's staff.
    const TO_STAFF_KEYS: [Key; 9] = [
        Key::HelpStaff,
        Key::HelpAdmin,
        Key::CaseAnswerHow,
        Key::CaseAnswerUsage,
        Key::CaseAnswered,
        Key::CaseRemindHalfTime,
        Key::CaseRemindLastDay,
        Key::CaseEscalated,
        Key::LowRatingAlert,
    ];

    fn to_staff(key: Key) -> bool {
        TO_STAFF_PREFIXES.iter().any(|p| key.id().starts_with(p)) || TO_STAFF_KEYS.contains(&key)
    }

    /// The questions a citizen is asked about a returned dossier.
    const SURVEY_QUESTIONS: [Key; 8] = [
        Key::SurveyInvite,
        Key::SurveyReminder,
        Key::SurveyAttitude,
        Key::SurveyAgencies,
        Key::SurveyComment,
        Key::SurveyConvenience,
        Key::SurveyWentWell,
        Key::SurveyWentBadly,
    ];

    /// The questions a citizen is asked are full questions to `address`.
    fn asks_each_question_of(i18n: &I18n, lang: Language, address: &str) {
        for key in SURVEY_QUESTIONS {
            let text = i18n.t(lang, key);
            assert!(
                text.contains(address) && text.contains('?'),
                "{} `{}` reads as: {text}",
                lang.code(),
                key.id()
            );
        }
    }

    /// Staff and admins are colleagues, asked with "Vui lòng", never the
    /// "Ông/Bà" the bot writes to citizens.
    #[test]
    fn vietnamese_to_staff_is_not_written_as_to_citizens() {
        let i18n = I18n::load().expect("locales parse");
        for key in Key::ALL.iter().filter(|k| to_staff(**k)) {
            let text = i18n.t(Language::Vi, *key);
            assert!(
                !text.contains("Ông/Bà"),
                "vi `{}` reads as: {text}",
                key.id()
            );
        }
    }

    #[test]
    fn vietnamese_addresses_citizens_as_ong_ba() {
        let i18n = I18n::load().expect("locales parse");
        asks_each_question_of(&i18n, Language::Vi, "Ông/Bà");
        // Officials never write "bạn" to a citizen.
        for key in Key::ALL {
            let text = i18n.t(Language::Vi, *key).to_lowercase();
            assert!(
                !text.split(|c: char| !c.is_alphabetic()).any(|w| w == "bạn"),
                "vi `{}` says \"bạn\": {text}",
                key.id()
            );
        }
    }

    /// Nouns that begin with "អ្នក" ("you") in the messages to citizens;
    /// Khmer writes no spaces, so they are taken out before looking for the
    /// pronoun. Not listed: nouns found only in messages to staff whose
    /// letters, in a message to a citizen, say "you" and a verb instead:
    /// "អ្នកតាមដាន" (followers; you follow), "អ្នកទទួល" (recipients; you
    /// receive), "អ្នកដែល" (those who; you who).
    const KHMER_NOUNS_WITH_NEAK: [&str; 3] = [
        "អ្នកប្រើ",    // user
        "អ្នកគ្រប់គ្រង", // administrator
        "អ្នកដាក់ស្នើ",  // applicant
    ];

    /// The polite "លោកអ្នក" of Cambodian public service, as Vietnamese
    /// writes "Ông/Bà": never the plain "អ្នក", nor "លោក/លោកស្រី".
    #[test]
    fn khmer_addresses_citizens_as_lok_neak() {
        let i18n = I18n::load().expect("locales parse");
        asks_each_question_of(&i18n, Language::Km, "លោកអ្នក");
        for key in Key::ALL.iter().filter(|k| !to_staff(**k)) {
            let text = i18n.t(Language::Km, *key);
            let rest = KHMER_NOUNS_WITH_NEAK
                .iter()
                .fold(text.replace("លោកអ្នក", ""), |left, noun| {
                    left.replace(noun, "")
                });
            assert!(
                !rest.contains("អ្នក") && !text.contains("លោក/លោកស្រី"),
                "km `{}` reads as: {text}",
                key.id()
            );
        }
        // Colleagues are "អ្នក", as Vietnamese writes them no "Ông/Bà".
        for key in Key::ALL.iter().filter(|k| to_staff(**k)) {
            let text = i18n.t(Language::Km, *key);
            assert!(
                !text.contains("លោកអ្នក") && !text.contains("លោក/លោកស្រី"),
                "km `{}` reads as: {text}",
                key.id()
            );
        }
    }

    #[test]
    fn every_message_formats_without_errors() {
        let i18n = I18n::load().expect("locales parse");
        let args = [
            ("province", FluentValue::from("Cà Mau")),
            ("bot", FluentValue::from("hailong_bot")),
            ("code", FluentValue::from("000.00.15.H12-211125-0001")),
            ("example", FluentValue::from("000.00.15.H12-211125-0001")),
            (
                "procedure",
                FluentValue::from("Đăng ký khai sinh (1.001193)"),
            ),
            ("agency", FluentValue::from("UBND")),
            ("channel", FluentValue::from("direct")),
            ("received", FluentValue::from("25/11/2021")),
            ("due", FluentValue::from("30/11/2021")),
            ("status", FluentValue::from("4")),
            ("date", FluentValue::from("30/11/2021")),
            ("days", FluentValue::from(3)),
            ("max", FluentValue::from(1000)),
            ("from", FluentValue::from("01/01/2026")),
            ("to", FluentValue::from("31/12/2026")),
            ("satisfaction", FluentValue::from("80.0")),
            ("interval", FluentValue::from("49,0 % – 94,3 %")),
            ("responses", FluentValue::from(10)),
            ("verified", FluentValue::from(1)),
            ("returned", FluentValue::from(12)),
            ("rate", FluentValue::from("83.3")),
            ("total", FluentValue::from("18.0")),
            ("grade", FluentValue::from("Xuất sắc")),
            ("overall", FluentValue::from("Không hài lòng")),
            ("answers", FluentValue::from("—")),
            ("comment", FluentValue::from("—")),
            ("len", FluentValue::from(4100)),
            ("count", FluentValue::from(1234)),
            ("name", FluentValue::from("Sở Tư pháp")),
            ("audience", FluentValue::from("agency:000.00.32.H12")),
            ("id", FluentValue::from(7)),
            ("done", FluentValue::from(120)),
            ("percent", FluentValue::from(40)),
            ("eta", FluentValue::from("1m10s")),
            ("took", FluentValue::from("5m02s")),
            ("stars", FluentValue::from("30,1")),
            ("delivered", FluentValue::from(290)),
            ("blocked", FluentValue::from(3)),
            ("failed", FluentValue::from(1)),
            ("uncertain", FluentValue::from(0)),
            ("skipped", FluentValue::from(2)),
            ("cancelled", FluentValue::from(0)),
            ("detail", FluentValue::from("unclosed <b>")),
            ("created", FluentValue::from("2026-11-25")),
            ("state", FluentValue::from("finished")),
            ("note", FluentValue::from("thiếu bản sao CCCD")),
            ("level", FluentValue::from("🙂 Hài lòng")),
            ("since", FluentValue::from("03/11/2026")),
            ("reason", FluentValue::from("chờ xác minh")),
            ("verified_share", FluentValue::from("10,0")),
            ("counted", FluentValue::from(1)),
            ("share", FluentValue::from("50,0")),
            ("target", FluentValue::from("90,0")),
            ("on_time", FluentValue::from("85,0")),
            ("apologized", FluentValue::from("5,0")),
            ("measured", FluentValue::from(3)),
            ("mean", FluentValue::from("1,5")),
            ("value", FluentValue::from("75,0")),
            ("month", FluentValue::from(8)),
            ("year", FluentValue::from("2026")),
            (
                "procedure",
                FluentValue::from("Cấp bản sao trích lục hộ tịch"),
            ),
            ("chips", FluentValue::from("Thời gian, Thái độ")),
            ("number", FluentValue::from("PA-261126-0007")),
            ("about", FluentValue::from("Đăng ký khai sinh")),
            ("kind", FluentValue::from("⏰ Chậm trễ")),
            ("body", FluentValue::from("Hồ sơ trễ hạn")),
            ("photos", FluentValue::from(1)),
            ("answer", FluentValue::from("Đã giải quyết")),
            ("citizen", FluentValue::from(3)),
            ("holder", FluentValue::from("Sở Tư pháp")),
            (
                "agencies",
                FluentValue::from("• 000.00.05.H12 — Sở Tư pháp"),
            ),
            ("which", FluentValue::from("open")),
            ("language", FluentValue::from("Tiếng Việt")),
            ("user", FluentValue::from("9200")),
            ("role", FluentValue::from("staff 000.00.32.H12")),
            ("feedback_on_time", FluentValue::from("60,0")),
            ("feedback_due", FluentValue::from(5)),
            ("feedback_satisfaction", FluentValue::from("40,0")),
            ("feedback_first_time", FluentValue::from(5)),
            ("minutes", FluentValue::from(10)),
            (
                "url",
                FluentValue::from("https://hailong.example/dashboard/login?t=x"),
            ),
            ("field", FluentValue::from("from")),
            ("choices", FluentValue::from("year, quarter, month, days")),
            ("month", FluentValue::from(8)),
            ("year", FluentValue::from(2026)),
            ("agencies", FluentValue::from("000.00.32.H12")),
            ("size", FluentValue::from("61,2")),
            ("limit", FluentValue::from("50,0")),
            ("page", FluentValue::from(2)),
            ("pages", FluentValue::from(7)),
            ("query", FluentValue::from("dam doi")),
            ("day", FluentValue::from("29/11/2026")),
            ("text", FluentValue::from("31/02/2026")),
        ];
        for language in Language::ALL {
            let bundle = &i18n.bundles[&language];
            let mut fluent_args = FluentArgs::new();
            for (name, value) in &args {
                fluent_args.set(*name, value.clone());
            }
            for key in Key::ALL {
                let pattern = bundle
                    .get_message(key.id())
                    .and_then(|m| m.value())
                    .expect("defined");
                let mut errors = Vec::new();
                bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
                assert!(errors.is_empty(), "{language} {}: {errors:?}", key.id());
            }
        }
    }

    #[test]
    fn khmer_messages_are_written_in_khmer_script() {
        let i18n = I18n::load().expect("locales parse");
        for key in Key::ALL {
            let text = i18n.t(Language::Km, *key);
            // Placeholders ({$value}) are not words; a message of figures
            // and signs alone ("{$value} %") has no words to write in Khmer.
            let words: String = text
                .split('{')
                .map(|part| part.split_once('}').map_or(part, |(_, after)| after))
                .collect();
            let khmer = words
                .chars()
                .filter(|c| ('\u{1780}'..='\u{17FF}').contains(c))
                .count();
            let latin = words.chars().filter(char::is_ascii_alphabetic).count();
            assert!(
                latin == 0 || khmer > latin,
                "km `{}` reads as: {text}",
                key.id()
            );
        }
    }

    #[test]
    fn vietnamese_and_english_differ() {
        let i18n = I18n::load().expect("locales parse");
        for key in Key::ALL {
            assert_ne!(
                i18n.t(Language::Vi, *key),
                i18n.t(Language::En, *key),
                "{}",
                key.id()
            );
        }
    }

    #[test]
    fn decision_766_labels_have_one_form_in_each_language() {
        let i18n = I18n::load().expect("locales parse");
        let labels = [
            Key::XlsxD766DossierSatisfaction,
            Key::XlsxD766OverdueShare,
            Key::XlsxD766DislikedShare,
            Key::XlsxD766OnTimeShare,
            Key::XlsxD766LateApologizedShare,
            Key::XlsxD766FeedbackOnTime,
            Key::XlsxD766FeedbackSatisfaction,
        ];
        // The lines of one report sit under each other: one prefix, and
        // the words after it start alike ("QĐ 766: Tỷ lệ …", not a mix
        // with "Quyết định 766: tỷ lệ …").
        for (language, prefix, capital) in [
            (Language::Vi, "QĐ 766: ", true),
            (Language::En, "Decision 766: ", false),
            (Language::Km, "សេចក្តីសម្រេច 766៖ ", false),
        ] {
            for key in labels {
                let text = i18n.t(language, key);
                let first = text
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.chars().next());
                assert!(
                    first.is_some_and(|c| c.is_uppercase() == capital),
                    "{language} `{}` reads as: {text}",
                    key.id()
                );
            }
        }
    }

    #[test]
    fn months_and_shares_read_as_each_language_writes_them() {
        let i18n = I18n::load().expect("locales parse");
        let month = |lang| i18n.month(lang, "2026-08");
        assert_eq!(month(Language::Vi), "T8/2026");
        assert_eq!(month(Language::En), "Aug 2026");
        assert_eq!(month(Language::Km), "សីហា 2026");
        assert_eq!(i18n.month(Language::Vi, "2026-12"), "T12/2026");
        assert_eq!(i18n.month(Language::Vi, "-"), "-");
        // The space before "%" does not break: a narrow chat or card
        // would otherwise put the sign alone on the next line.
        assert_eq!(i18n.percent(Language::Vi, 75.0), "75,0\u{a0}%");
        assert_eq!(i18n.percent(Language::Km, 75.04), "75,0\u{a0}%");
        assert_eq!(i18n.percent(Language::En, 75.0), "75.0%");
        assert_eq!(
            i18n.interval(Language::Vi, 49.02, 94.33),
            "49,0\u{a0}% – 94,3\u{a0}%"
        );
        assert_eq!(whole(Language::Vi, 12_345), "12.345");
        assert_eq!(whole(Language::En, 12_345), "12,345");
        assert_eq!(whole(Language::Km, 999), "999");
    }
}
