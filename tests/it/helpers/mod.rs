mod test_app;

pub use test_app::{API_TOKEN, TestApp, citizen};
