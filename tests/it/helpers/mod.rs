mod test_app;

pub use test_app::{API_TOKEN, STAFF_CHAT, TestApp, citizen};
