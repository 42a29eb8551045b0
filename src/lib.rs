//! Hailong: a Telegram bot through which a Vietnamese province hears its citizens.

pub mod bot_api_emulator;
pub mod broadcast;
pub mod chart;
pub mod cli;
pub mod configuration;
pub mod domain;
pub mod feed;
pub mod flows;
pub mod http;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod links;
pub mod messenger;
pub mod metrics;
pub mod pace;
pub mod qr;
pub mod satisfaction;
pub mod startup;
pub mod status_source;
pub mod store;
pub mod telegram;
pub mod telemetry;
pub mod units;
