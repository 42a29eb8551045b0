use super::{Context, Outcome};
use crate::domain::{ChatId, Language};
use crate::i18n::Key;

pub fn on_start(ctx: &Context, chat_id: ChatId, lang: Language) -> Outcome {
    let text = ctx.i18n.t_args(
        lang,
        Key::Start,
        &[("province", ctx.province.clone().into())],
    );
    Outcome::say(chat_id, text)
}
