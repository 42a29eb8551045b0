//! One test binary: every test drives the real application through the Bot
//! API emulator, its HTTP server, or the `hailong` binary as a user types it.

mod helpers;

mod bot_api_emulator;
mod broadcasts;
mod card;
mod cli;
mod dashboard;
mod dashboard_browser;
mod dossiers;
mod faults;
mod groups_and_media;
mod http;
mod idempotency;
mod import_rules;
mod inbox;
mod index;
mod ingest_api;
mod language;
mod outbox;
mod properties;
mod roles;
mod start;
mod status_source;
mod survey;
mod units;
mod working_days;
