//! The framework's floor: a bare teloxide bot that echoes every text with one
//! inline button and answers every tap, and nothing else. `bench_floor` runs
//! it beside `hailong run` through the same stand-in Bot API, so that the cost
//! of Hailong's own work per update can be told from teloxide's.
//!
//! TELOXIDE_TOKEN=0:x TELOXIDE_API_URL=http://127.0.0.1:PORT/ cargo run --release --example floor_echo

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

async fn echo(bot: Bot, message: Message) -> ResponseResult<()> {
    let text = message.text().filter(|t| !t.is_empty()).unwrap_or("echo");
    let button = InlineKeyboardButton::callback("OK", "ok");
    bot.send_message(message.chat.id, text)
        .reply_markup(InlineKeyboardMarkup::new([[button]]))
        .await?;
    Ok(())
}

async fn tap(bot: Bot, query: CallbackQuery) -> ResponseResult<()> {
    bot.answer_callback_query(query.id).await?;
    Ok(())
}

#[tokio::main]
async fn main() {
    let bot = Bot::from_env();
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(echo))
        .branch(Update::filter_callback_query().endpoint(tap));
    Dispatcher::builder(bot, handler)
        .enable_ctrlc_handler()
        .build()
        .dispatch()
        .await;
}
