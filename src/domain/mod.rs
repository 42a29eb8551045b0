//! Values that cannot hold a bad value: each is built only by its `parse`.

mod language;

pub use language::Language;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("not a supported language (vi, en or km)")]
    Language,
}
