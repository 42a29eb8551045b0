//! One test binary: every test drives the real application through the Bot
//! API emulator, its HTTP server, or the `hailong` binary as a user types it.

mod helpers;

mod bot_api_emulator;
mod broadcasts;
mod card;
mod cases;
mod cases_jobs;
mod citizen_data;
mod cli;
mod dashboard;
mod dashboard_browser;
mod dossier_days;
mod dossiers;
mod exports;
mod faults;
mod groups_and_media;
mod http;
mod http_limits;
mod idempotency;
mod import_rules;
mod inbox;
mod index;
mod index_scores;
mod ingest_api;
mod language;
mod lookup_budget;
mod metrics;
mod operations;
mod outbox;
mod paid_broadcasts;
mod properties;
mod roles;
mod staff;
mod start;
mod status_source;
mod steps;
mod survey;
mod units;
mod working_days;
