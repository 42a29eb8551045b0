//! Values that cannot hold a bad value: each is built only by its `parse`.

mod audience;
pub mod audit;
pub mod broadcast_pace;
pub mod calendar;
pub mod case;
mod channel;
pub mod collation;
pub mod deadline;
mod dossier_code;
pub mod ids;
mod language;
mod level;
pub mod moment;
pub mod notice;
mod office_note;
pub mod precedence;
mod reference_code;
mod role;
pub mod satisfaction;
mod status;
pub mod steps;
mod text_enum;
pub mod units;

pub use audience::Audience;
pub use channel::Channel;
pub use dossier_code::DossierCode;
pub use ids::{BroadcastId, CaseId, ChatId, DossierId, MessageId, OutboxId, ResponseId, UserId};
pub use language::Language;
pub use level::{Level, Scale};
pub use notice::{NoticeError, NoticeText};
pub use office_note::OfficeNote;
pub use reference_code::{AgencyCode, ProcedureCode};
pub use role::{Grant, Role, Roles, Scope};
pub use status::Status;
pub use units::CommuneCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("not a supported language (vi, en or km)")]
    Language,
    #[error("not a dossier code: 3 to 64 letters, digits, dots or hyphens")]
    DossierCode,
    #[error("not a status: a whole number from 1 to 10")]
    Status,
    #[error("not a channel: direct, online or postal")]
    Channel,
    #[error("not an agency code: 1 to 64 letters, digits, dots, hyphens or underscores")]
    AgencyCode,
    #[error("not a procedure code: 1 to 64 letters, digits, dots, hyphens or underscores")]
    ProcedureCode,
    #[error("not a satisfaction level on this scale")]
    Level,
    #[error("a survey scale has 3 or 5 levels")]
    Scale,
    #[error("a staff scope must be keyed by a Telegram user id")]
    Role,
    #[error("not a date: expected 2021-11-25 or 2021-11-25T08:30:00+07:00")]
    Moment,
    #[error("not an audience: all, commune:CODE, agency:CODE, procedure:CODE or lang:vi|en|km")]
    Audience,
    #[error("not a commune code: the 5-digit GSO code of a commune, ward or special zone")]
    CommuneCode,
    #[error("an office note is 1 to {max} characters of plain text", max = OfficeNote::MAX_CHARS)]
    OfficeNote,
    #[error("not a role to grant: `staff [AGENCY_CODE…]` or `admin`")]
    Grant,
    #[error("not a Telegram user id: a whole number above 0")]
    UserId,
    #[error("not an audited action")]
    AuditAction,
    #[error("not a case number: PA-YYMMDD-NNNN, e.g. PA-261126-0007")]
    CaseNumber,
    #[error("not a kind of feedback: delay, attitude, papers, proposal or other")]
    CaseKind,
    #[error("not what a case concerns: dossier, agency, procedure or province")]
    CaseSubject,
    #[error("not a case state")]
    CaseState,
    #[error("not an event of a case's history")]
    CaseEvent,
    #[error("not a case actor: citizen, staff, admin or system")]
    CaseActor,
    #[error("not a rating of an answer: satisfied or not_satisfied")]
    CaseRating,
    #[error("feedback is 1 to {max} characters of text", max = case::MAX_BODY_CHARS)]
    CaseBody,
}
