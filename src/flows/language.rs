use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Tap, Who};
use crate::domain::{ChatId, Language};
use crate::i18n::Key;
use crate::store::{AnswerTx, citizens};

pub fn on_language(ctx: &Context, chat_id: ChatId, lang: Language) -> Outcome {
    let row = Language::ALL
        .iter()
        .map(|choice| Button {
            label: choice.endonym().to_owned(),
            callback: Callback::SetLanguage(*choice),
        })
        .collect();
    Outcome::send(
        chat_id,
        ctx.i18n.t(lang, Key::LanguagePrompt),
        Keyboard(vec![row]),
    )
}

/// Stores the choice and answers in the chosen language, replacing the prompt.
pub async fn on_choice(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    chosen: Language,
) -> Result<Outcome, FlowError> {
    citizens::set_language(tx, who.user_id, chosen).await?;
    let text = ctx.i18n.t(chosen, Key::LanguageChanged);
    let reply = tap.replace_message(text, Keyboard::default());
    Ok(Outcome {
        replies: vec![reply],
        button_answer: Some(tap.answer(None)),
        menus: Vec::new(),
    })
}
