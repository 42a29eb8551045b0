//! Hailong: a Telegram bot through which a Vietnamese province hears its citizens.

pub mod chart;
pub mod cli;
pub mod configuration;
pub mod domain;
pub mod flows;
pub mod http;
pub mod i18n;
pub mod ingest;
pub mod jobs;
pub mod links;
pub mod startup;
pub mod store;
pub mod telegram;
pub mod telemetry;
