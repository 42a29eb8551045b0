mod cli;
mod test_app;

pub use cli::hailong;
pub use test_app::{API_TOKEN, STAFF_CHAT, TestApp, citizen};
