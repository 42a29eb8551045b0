//! The framework's floor: a bare teloxide bot that echoes every text with one
//! inline button and answers every tap, and nothing else. `bench_floor` runs
//! it beside `hailong run` through the same stand-in Bot API, so that the cost
//! of Hailong's own work per update can be told from teloxide's.
//!
//! With `FLOOR_DATABASE=PATH` it is the floor of a bot that keeps what it
//! hears: each update is written down in a SQLite transaction of its own (WAL,
//! `synchronous = NORMAL`, as Hailong's) before it is answered.
//!
//! TELOXIDE_TOKEN=0:x TELOXIDE_API_URL=http://127.0.0.1:PORT/ cargo run --release --example floor_echo

use std::str::FromStr;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// Where updates are written down, if anywhere.
#[derive(Clone)]
struct Kept(Option<SqlitePool>);

impl Kept {
    async fn open() -> anyhow::Result<Self> {
        let Ok(path) = std::env::var("FLOOR_DATABASE") else {
            return Ok(Self(None));
        };
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS heard (key TEXT PRIMARY KEY, chat INTEGER NOT NULL)",
        )
        .execute(&pool)
        .await?;
        Ok(Self(Some(pool)))
    }

    /// Writes the update down once, in a transaction of its own.
    async fn keep(&self, key: String, chat: i64) -> anyhow::Result<()> {
        let Some(pool) = &self.0 else {
            return Ok(());
        };
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("INSERT INTO heard (key, chat) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .bind(key)
            .bind(chat)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn echo(bot: Bot, kept: Kept, message: Message) -> anyhow::Result<()> {
    let key = format!("{}:{}", message.chat.id, message.id);
    kept.keep(key, message.chat.id.0).await?;
    let text = message.text().filter(|t| !t.is_empty()).unwrap_or("echo");
    let button = InlineKeyboardButton::callback("OK", "ok");
    bot.send_message(message.chat.id, text)
        .reply_markup(InlineKeyboardMarkup::new([[button]]))
        .await?;
    Ok(())
}

async fn tap(bot: Bot, kept: Kept, query: CallbackQuery) -> anyhow::Result<()> {
    kept.keep(query.id.to_string(), query.from.id.0 as i64)
        .await?;
    bot.answer_callback_query(query.id).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let bot = Bot::from_env();
    let kept = Kept::open().await?;
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(echo))
        .branch(Update::filter_callback_query().endpoint(tap));
    Dispatcher::builder(bot, handler)
        .dependencies(dptree::deps![kept])
        .enable_ctrlc_handler()
        .build()
        .dispatch()
        .await;
    Ok(())
}
