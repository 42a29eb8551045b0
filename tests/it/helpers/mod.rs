mod cli;
mod old_schema;
mod test_app;

pub use cli::hailong;
pub use old_schema::{database_before, upgraded};
pub use test_app::{API_TOKEN, STAFF_CHAT, TestApp, WAIT, citizen};
