//! Work done away from any update, each job a loop around a public `tick`.

pub mod maintenance;
pub mod outbox;
pub mod reminders;
