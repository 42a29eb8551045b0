//! Work done away from any update: each job a loop that runs until the process stops.

pub mod broadcasts;
pub mod inbox;
pub mod maintenance;
pub mod messenger;
pub mod outbox;
pub mod reminders;
