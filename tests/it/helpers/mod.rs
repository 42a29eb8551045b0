mod test_app;

pub use test_app::{TestApp, citizen};
