//! The Khmer font, for a browser that has none: without it a Khmer reader's
//! dashboard is a page of boxes, and the office may have no internet to
//! fetch one. The style asks for it only for Khmer letters, so a page
//! without Khmer words never downloads it (`style.css`, `@font-face`).

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

use crate::chart::KHMER_FONT;

/// Nobody's figures, so any cache may keep it; a week, as an upgrade may
/// bring another version.
pub async fn khmer() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "font/ttf"),
            (CACHE_CONTROL, "public, max-age=604800"),
        ],
        KHMER_FONT,
    )
}
